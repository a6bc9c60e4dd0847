// SPDX-License-Identifier: MIT
// `dsim mmc`: the built-in M/M/c queue on the event kernel, summarised with
// confidence intervals beside the exact Erlang C values.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/experiment/mmc_experiment.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace dsim::cli {

namespace {

struct DemoOptions {
  MmcParams params;
  std::uint64_t seed = 2026;
  std::size_t replications = 20;
  int threads = 0;
  std::string format = "text";
  bool progress = false;
};

std::string interval_text(const ConfidenceInterval& ci, int digits) {
  return fixed_significant(ci.mean, digits) + " ± " + fixed_significant(ci.half_width, 2) + "  [" +
         fixed_significant(ci.lower(), digits) + ", " + fixed_significant(ci.upper(), digits) + "]";
}

void print_text(const MmcSummary& s, int threads, double elapsed_s, bool interrupted) {
  const MmcParams& p = s.params;
  std::printf("dsim mmc: M/M/c queue on the discrete-event kernel\n");
  std::printf("  arrivals %s /s, service %s /s, %d servers, warm-up %s s, horizon %s s\n",
              fixed_significant(p.arrival_rate_per_s).c_str(), fixed_significant(p.service_rate_per_s).c_str(),
              p.servers, fixed_significant(p.warmup_s).c_str(), fixed_significant(p.horizon_s).c_str());
  std::printf("  %zu replications, seed %llu, %d thread%s; %s customers, %s events in %.2f s\n",
              s.replications.size(), static_cast<unsigned long long>(s.seed), threads, threads == 1 ? "" : "s",
              with_thousands(s.customers).c_str(), with_thousands(s.events).c_str(), elapsed_s);
  if (interrupted) std::printf("  interrupted: summary of the replications that finished\n");
  std::printf("\n%-28s %-40s %-12s %s\n", "measure", "simulated, mean ± 95% CI half-width", "Erlang C", "");
  auto row = [&](const char* name, const ConfidenceInterval& ci, double exact, bool has_exact) {
    std::string ref = has_exact ? fixed_significant(exact) : "-";
    std::string verdict;
    if (has_exact) verdict = ci.contains(exact) ? "within CI" : "outside CI";
    std::printf("%-28s %-40s %-12s %s\n", name, interval_text(ci, 4).c_str(), ref.c_str(), verdict.c_str());
  };
  const bool ok = s.stable;
  row("mean wait in queue (s)", s.mean_wait_s, s.analytic.mean_wait_s, ok);
  row("probability of waiting", s.probability_wait, s.analytic.probability_wait, ok);
  row("90th percentile wait (s)", s.p90_wait_s, 0.0, false);
  row("server utilisation", s.utilisation, s.analytic.utilisation, ok);
  row("mean queue length", s.mean_queue_length, s.analytic.mean_queue_length, ok);
  if (!ok) std::printf("\nThe queue is unstable (arrival rate >= servers x service rate): no steady state exists.\n");
}

void print_json(const MmcSummary& s, int threads) {
  const MmcParams& p = s.params;
  std::printf("{\n  \"model\": \"mmc\",\n");
  std::printf("  \"params\": {\"arrival_rate_per_s\": %s, \"service_rate_per_s\": %s, \"servers\": %d, "
              "\"warmup_s\": %s, \"horizon_s\": %s},\n",
              exact(p.arrival_rate_per_s).c_str(), exact(p.service_rate_per_s).c_str(), p.servers,
              exact(p.warmup_s).c_str(), exact(p.horizon_s).c_str());
  std::printf("  \"seed\": %llu, \"replications\": %zu, \"threads\": %d, \"level\": %s,\n",
              static_cast<unsigned long long>(s.seed), s.replications.size(), threads, exact(s.level).c_str());
  std::printf("  \"customers\": %llu, \"events\": %llu,\n", static_cast<unsigned long long>(s.customers),
              static_cast<unsigned long long>(s.events));
  auto ci = [](const ConfidenceInterval& c) {
    return "{\"mean\": " + exact(c.mean) + ", \"half_width\": " + exact(c.half_width) + "}";
  };
  std::printf("  \"measures\": {\"mean_wait_s\": %s, \"probability_wait\": %s, \"p90_wait_s\": %s, "
              "\"utilisation\": %s, \"mean_queue_length\": %s},\n",
              ci(s.mean_wait_s).c_str(), ci(s.probability_wait).c_str(), ci(s.p90_wait_s).c_str(),
              ci(s.utilisation).c_str(), ci(s.mean_queue_length).c_str());
  if (s.stable) {
    std::printf("  \"analytic\": {\"mean_wait_s\": %s, \"probability_wait\": %s, \"utilisation\": %s, "
                "\"mean_queue_length\": %s}\n",
                exact(s.analytic.mean_wait_s).c_str(), exact(s.analytic.probability_wait).c_str(),
                exact(s.analytic.utilisation).c_str(), exact(s.analytic.mean_queue_length).c_str());
  } else {
    std::printf("  \"analytic\": null\n");
  }
  std::printf("}\n");
}

}  // namespace

Action add_mmc_command(CLI::App& app) {
  auto opts = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand("mmc", "M/M/c queue on the event kernel, checked against Erlang C");
  cmd->description(
      "Play an M/M/c queue on dsim's event kernel, replicated in parallel, and print 95% confidence\n"
      "intervals beside the exact Erlang C values: a check of the kernel anyone can run.");
  cmd->footer(
      "Examples:\n"
      "  dsim mmc\n"
      "  dsim mmc --servers 5 --arrival-rate 4.5 --service-rate 1 -r 40 -j 2\n"
      "  dsim mmc --format json > mmc.json");
  cmd->add_option("--arrival-rate", opts->params.arrival_rate_per_s, "Arrivals per second (Poisson)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--service-rate", opts->params.service_rate_per_s, "Services per second per server (exponential)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--servers", opts->params.servers, "Number of identical servers")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--warmup", opts->params.warmup_s, "Seconds discarded before statistics start")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--horizon", opts->params.horizon_s, "Seconds simulated per replication (no arrivals after)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("-r,--replications", opts->replications, "Independent replications")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  cmd->add_option("-j,--threads", opts->threads, "Worker threads (0: all cores); results do not depend on it")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "Random seed")->capture_default_str();
  cmd->add_option("--format", opts->format, "Summary format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_flag("--progress", opts->progress, "Show a progress bar even when stderr is not a terminal");

  return [cmd, opts]() -> int {
    if (!(opts->params.warmup_s < opts->params.horizon_s)) {
      throw CLI::ValidationError("--warmup", "must be less than --horizon");
    }
    int threads = opts->threads;
#ifdef _OPENMP
    if (threads == 0) threads = omp_get_max_threads();
#else
    threads = 1;
#endif
    install_interrupt_handler();
    ProgressBar bar("replications", opts->progress || stderr_is_terminal());
    MmcRunOptions run;
    run.replications = opts->replications;
    run.threads = threads;
    run.on_progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
    run.cancel = &interrupt_flag();
    const auto start = std::chrono::steady_clock::now();
    MmcSummary summary = run_mmc(opts->params, opts->seed, run);
    const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bar.finish();
    const bool interrupted = interrupt_flag().load();
    if (summary.replications.empty()) {
      std::fprintf(stderr, "dsim mmc: interrupted before any replication finished\n");
      return kExitInterrupted;
    }
    if (opts->format == "json") {
      print_json(summary, threads);
    } else {
      print_text(summary, threads, elapsed_s, interrupted);
    }
    (void)cmd;
    return interrupted ? kExitInterrupted : kExitOk;
  };
}

}  // namespace dsim::cli
