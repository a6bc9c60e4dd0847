// SPDX-License-Identifier: MIT
// `dsim merge PART.h5... -o OUT.h5`: the parts of a sharded sweep (or
// comparison) joined into one results file, refusing parts of other batches.
#include "sim/cli/batch_report.hpp"
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/io/hdf5_read.hpp"
#include "sim/io/hdf5_results.hpp"

#include <cstdio>
#include <map>
#include <memory>

namespace dsim::cli {

Action add_merge_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> parts;
    std::string output;
    bool allow_missing = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("merge", "Merge the parts of a sharded sweep into one results file");
  cmd->description(
      "Join the results files of `dsim sweep --shard I/N` (the tasks of a Slurm job array) into one file with the\n"
      "same tables as an unsharded run. Refuses parts of different batches (another scenario or sweep file,\n"
      "another dsim version, seed, replications or block) and a work unit found in two parts; names the units no\n"
      "part holds and then writes nothing, unless --allow-missing: the merged file then says it is incomplete,\n"
      "and `dsim sweep SWEEP.yaml -o OUT.h5` runs the missing units into it.");
  cmd->footer(
      "Examples:\n"
      "  dsim merge part-*.h5 -o sweep.h5\n"
      "  dsim merge part-1.h5 part-2.h5 -o sweep.h5 --allow-missing   then: dsim sweep sweep.yaml -o sweep.h5");
  cmd->add_option("parts", opts->parts, "Results files of the parts")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opts->output, "Merged results file (.h5)")->required();
  cmd->add_flag("--allow-missing", opts->allow_missing, "Write the merged file even when units are missing");
  return [opts]() {
    std::vector<BatchFile> files;
    for (const std::string& path : opts->parts) files.push_back(read_batch_file(read_results(path), path));
    const BatchHeader& first = files.front().header;
    for (std::size_t f = 1; f < files.size(); ++f) {
      const std::string why = batch_mismatch(first, files[f].header);
      if (!why.empty())
        throw InputError(opts->parts[f], 0, "", "a part of the same batch as " + opts->parts[0],
                         "a part of another batch: " + why + "; merge only the parts of one sweep");
    }
    std::map<std::size_t, std::size_t> owner;  // unit -> part
    std::vector<UnitResult> units;
    for (std::size_t f = 0; f < files.size(); ++f) {
      for (UnitResult& u : files[f].units) {
        const auto [it, fresh] = owner.emplace(u.unit.index, f);
        if (!fresh)
          throw InputError(opts->parts[f], 0, "work_units",
                           "each work unit in one part only (parts of different --shard I/N)",
                           "unit " + std::to_string(u.unit.index) + " also in " + opts->parts[it->second] +
                               "; was a share run twice? merge one of the two");
        units.push_back(std::move(u));
      }
    }
    const std::size_t total = batch_units(first).size();
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < total; ++i)
      if (!owner.count(i)) missing.push_back(i);
    if (!missing.empty()) {
      std::string list;
      for (std::size_t k = 0; k < missing.size() && k < 20; ++k) list += (k ? ", " : "") + std::to_string(missing[k]);
      if (missing.size() > 20) list += ", ...";
      std::fprintf(stderr, "%s: %zu of %zu work units are in no part: %s\n", opts->output.c_str(), missing.size(),
                   total, list.c_str());
      if (!opts->allow_missing) {
        std::fprintf(stderr,
                     "Nothing written. Run the missing shares again, or merge with --allow-missing and then\n"
                     "  dsim sweep SWEEP.yaml -o %s\nto run only the missing units.\n",
                     opts->output.c_str());
        return kExitBadInput;
      }
    }
    std::string command = "dsim merge";
    for (const std::string& p : opts->parts) command += " " + p;
    write_results(batch_results(first, units, "", command), opts->output);
    std::size_t rows = 0;
    for (const UnitResult& u : units) rows += u.replications.size();
    std::printf("Merged %zu parts: %zu of %zu work units, %zu rows%s\nResults: %s (tables runs, design, work_units)\n",
                files.size(), units.size(), total, rows, missing.empty() ? "" : " (incomplete)", opts->output.c_str());
    if (first.kind == BatchKind::sweep) print_sweep_summary(first, units);
    return kExitOk;
  };
}

}  // namespace dsim::cli
