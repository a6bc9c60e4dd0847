// SPDX-License-Identifier: MIT
// The `dsim` command line: one subcommand per job, each with --help and an
// example. Bad options or values print that command's usage and exit 2.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/version.hpp"

#include <csignal>
#include <cstdio>
#include <exception>
#include <map>
#include <string>

namespace dsim::cli {

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) { g_interrupted.store(true); }
}  // namespace

const std::atomic<bool>& interrupt_flag() { return g_interrupted; }

void install_interrupt_handler() { std::signal(SIGINT, on_sigint); }

}  // namespace dsim::cli

namespace {

// The deepest subcommand that was named on the command line, for usage on error.
const CLI::App* named_command(const CLI::App& app) {
  const CLI::App* current = &app;
  for (;;) {
    auto subs = current->get_subcommands();
    if (subs.empty()) return current;
    current = subs.front();
  }
}

// "dsim network generate" for a nested subcommand.
std::string command_path(const CLI::App* cmd) {
  std::string path;
  for (const CLI::App* c = cmd; c != nullptr; c = c->get_parent()) {
    const std::string name = c->get_parent() == nullptr ? std::string("dsim") : c->get_name();
    path = path.empty() ? name : name + " " + path;
  }
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dsim::cli;
  CLI::App app{"dsim: discrete-event simulation of disaster response on real road networks"};
  app.name("dsim");
  app.footer(
      "Examples:\n"
      "  dsim demo                            run the built-in Ordos-like scenario and print its summary\n"
      "  dsim validate my.yaml                check a scenario and report every problem at once\n"
      "  dsim run my.yaml -r 20 -o out.h5     run a scenario, write every incident to out.h5\n"
      "  dsim warn flood.yaml -r 20 -o w.h5   run a scenario's warning chain and evacuation\n"
      "  dsim report out.h5 -o out.html       an HTML page of a run: indicators, maps, hazards\n"
      "  dsim network generate -o region/     write the synthetic region as CSV files\n"
      "  dsim place my.yaml -o plan.yaml      sites for new stations (the 5-minute circle)\n"
      "  dsim export out.h5 -o run.gpkg       the run's layers as a GeoPackage for QGIS\n"
      "  dsim network info region/            nodes, edges, components and road-km of a network\n"
      "  dsim mmc                             check the event kernel against Erlang C\n"
      "  dsim run --help                      options of one command\n"
      "Every command answers --help with its options and an example.");
  app.set_version_flag("--version", std::string("dsim ") + DSIM_VERSION);
  app.require_subcommand(1);

  std::map<const CLI::App*, Action> actions;
  // Ties the action to the subcommand just added under `parent`.
  auto remember_under = [&](CLI::App& parent, Action action) {
    const auto subs = parent.get_subcommands({});
    actions[subs.back()] = std::move(action);
  };
  auto remember = [&](Action action) { remember_under(app, std::move(action)); };
  remember(add_demo_command(app));
  remember(add_run_command(app));
  CLI::App& network = add_network_command(app);
  remember_under(network, add_network_generate_command(network));
  remember_under(network, add_network_info_command(network));
  remember_under(network, add_network_coverage_command(network));
  remember_under(network, add_network_index_command(network));
  remember(add_validate_command(app));
  remember(add_place_command(app));
  remember(add_compare_command(app));
  remember(add_sweep_command(app));
  remember(add_merge_command(app));
  remember(add_export_command(app));
  remember(add_report_command(app));
  CLI::App& drill = add_drill_command(app);
  remember_under(drill, add_drill_design_command(drill));
  remember_under(drill, add_drill_evaluate_command(drill));
  remember(add_mmc_command(app));
  remember(add_warn_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", named_command(app)->help().c_str());
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::printf("%s", app.help("", CLI::AppFormatMode::All).c_str());
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::printf("dsim %s\n", DSIM_VERSION);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    const CLI::App* cmd = named_command(app);
    std::fprintf(stderr, "%s: %s\n\n%s", command_path(cmd).c_str(), e.what(), cmd->help().c_str());
    return kExitBadInput;
  }

  const CLI::App* chosen = named_command(app);
  const std::string name = command_path(chosen);
  try {
    return actions.at(chosen)();
  } catch (const CLI::ValidationError& e) {
    std::fprintf(stderr, "%s: %s\n\n%s", name.c_str(), e.what(), chosen->help().c_str());
    return kExitBadInput;
  } catch (const dsim::InputError& e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: error: %s\n", name.c_str(), e.what());
    return kExitFailure;
  }
}
