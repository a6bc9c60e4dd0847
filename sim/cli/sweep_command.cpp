// SPDX-License-Identifier: MIT
// `dsim sweep SWEEP.yaml`: every design point of a sweep on common random
// numbers, as work units that may be split over a Slurm array (--shard) and
// merged (`dsim merge`), resumed when run again.
#include "sim/cli/batch_report.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/run/batch_results.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace dsim::cli {

Action add_sweep_command(CLI::App& app) {
  struct Options {
    std::string sweep;
    std::string output = "sweep.h5";
    std::string shard;
    BatchOverrides overrides;
    long long seed = -1;
    int threads = 0;
    bool progress = false;
    double checkpoint_s = 30.0;
    std::string cache;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sweep", "Run a sweep over plan parameters (grid or Latin hypercube)");
  cmd->description(
      "Run every design point of a sweep file (docs/scenario-format.md, \"Sweeps\"): a base scenario and\n"
      "parameters that set its keys, over a grid of values or a Latin hypercube of ranges. Every point runs the\n"
      "same replications with the same seed (common random numbers). The work is cut into units (a design point\n"
      "and a block of replications): --shard I/N runs every N-th unit, for one task of a Slurm job array, and\n"
      "`dsim merge` joins the parts. Run again with the same output, a sweep skips the units already there\n"
      "(resume after a time limit, a lost node or Ctrl-C). The results file has one tidy table, runs: one row\n"
      "per design point and replication, one column per parameter and indicator (docs/output-format.md).");
  cmd->footer(
      "Examples:\n"
      "  dsim sweep scenarios/plans/sweep_turnout.yaml -o sweep.h5\n"
      "  dsim sweep sweep.yaml --shard 2/8 -o part-2.h5 -j 4   one share of eight (docs/cluster.md)\n"
      "  dsim merge part-*.h5 -o sweep.h5");
  cmd->add_option("sweep", opts->sweep, "Sweep YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opts->output, "Results file (.h5); resumed when it holds part of this sweep")
      ->capture_default_str();
  cmd->add_option("--shard", opts->shard, "Run only share I of N of the work units (1 <= I <= N)");
  cmd->add_option("-r,--replications", opts->overrides.replications, "Replications per design point (default: the sweep's)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--block", opts->overrides.block, "Replications per work unit (default: the sweep's, else 10)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", opts->seed, "Random seed (default: the sweep's, else the base's)")->check(CLI::NonNegativeNumber);
  cmd->add_option("-j,--threads", opts->threads, "Worker threads for a unit's replications (0: all cores)")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--checkpoint", opts->checkpoint_s, "Write what finished at least every this many seconds")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  cmd->add_option("--cache", opts->cache,
                  "Folder for station travel tables shared by the tasks of one sweep (default: $DSIM_CACHE_DIR)");
  cmd->add_flag("--progress", opts->progress, "Show a progress bar even when stderr is not a terminal");
  return [opts]() {
    opts->overrides.seed = opts->seed;
    const BatchPlan plan = sweep_plan(opts->sweep, opts->overrides);
    std::vector<WorkUnit> units = work_units(plan);
    const std::size_t all = units.size();
    if (!opts->shard.empty()) {
      std::size_t shard = 0, shards = 0;
      parse_shard(opts->shard, "--shard", shard, shards);
      units = shard_units(units, shard, shards);
    }
    std::printf("Sweep %s: %zu design points x %zu replications (seed %llu), %zu work units of up to %zu replications",
                opts->sweep.c_str(), plan.points.size(), plan.replications, static_cast<unsigned long long>(plan.seed),
                all, plan.block);
    if (!opts->shard.empty()) std::printf("; share %s: %zu units", opts->shard.c_str(), units.size());
    std::printf("\n");
    install_interrupt_handler();
    BatchRunOptions run;
    run.threads = opts->threads;
    run.output = opts->output;
    run.shard = opts->shard;
    run.command_line = "dsim sweep " + opts->sweep + (opts->shard.empty() ? "" : " --shard " + opts->shard);
    run.checkpoint_s = opts->checkpoint_s;
    const char* env_cache = std::getenv("DSIM_CACHE_DIR");
    run.cache_folder = !opts->cache.empty() ? opts->cache : env_cache != nullptr ? env_cache : "";
    run.cancel = &interrupt_flag();
    ProgressBar bar("work units", opts->progress || stderr_is_terminal());
    FloodBar flood_bar(opts->progress || stderr_is_terminal());
    run.on_flood_progress = [&](const FloodProgress& p) { flood_bar(p); };
    run.on_unit = [&](std::size_t done, std::size_t total, const UnitResult&) {
      flood_bar.finish();
      bar.update(done, total);
    };
    const BatchRunOutcome outcome = run_batch(plan, units, run);
    flood_bar.finish();
    bar.finish();
    print_batch_run(outcome, units.size(), opts->output);
    print_sweep_summary(batch_header(plan), outcome.units);
    return outcome.interrupted ? kExitInterrupted : kExitOk;
  };
}

}  // namespace dsim::cli
