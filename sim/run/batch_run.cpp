// SPDX-License-Identifier: MIT
// run_batch: the units of a batch one after another, resuming and checkpointing its output.
#include "sim/core/error.hpp"
#include "sim/io/hdf5_read.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/run/batch_results.hpp"
#include "sim/run/batch_runner.hpp"

#include <chrono>
#include <filesystem>
#include <set>

namespace dsim {

namespace {

// The complete units of `path` that belong to this batch; none when there is no such file.
std::vector<UnitResult> units_in(const std::string& path, const BatchHeader& header) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) return {};
  const BatchFile old = read_batch_file(read_results(path), path);
  const std::string why = batch_mismatch(header, old.header);
  if (!why.empty())
    throw InputError(path, 0, "", "a results file of this batch to resume, or no file (-o names where to write)",
                     "a file of another batch: " + why + "; write to another file or remove this one");
  std::vector<UnitResult> out;
  for (const UnitResult& u : old.units)
    if (u.complete()) out.push_back(u);
  return out;
}

}  // namespace

std::vector<UnitResult> resumable_units(const std::string& path, const BatchPlan& plan) {
  return units_in(path, batch_header(plan));
}

BatchRunOutcome run_batch(const BatchPlan& plan, const std::vector<WorkUnit>& units, const BatchRunOptions& options) {
  BatchRunOutcome out;
  const BatchHeader header = batch_header(plan);
  std::set<std::size_t> wanted;
  for (const WorkUnit& u : units) wanted.insert(u.index);
  std::set<std::size_t> done;
  for (UnitResult& u : units_in(options.output, header)) {
    // A resumed file may hold units of other shards: they stay in it.
    done.insert(u.unit.index);
    if (wanted.count(u.unit.index)) ++out.resumed;
    out.units.push_back(std::move(u));
  }
  const auto write = [&] {
    if (!options.output.empty())
      write_results(batch_results(header, out.units, options.shard, options.command_line), options.output);
  };
  BatchRunner runner(plan, options.threads, options.cache_folder);
  runner.on_flood_progress = options.on_flood_progress;
  auto last_write = std::chrono::steady_clock::now();
  std::size_t finished = out.resumed;
  for (const WorkUnit& unit : units) {
    if (done.count(unit.index)) continue;
    if (options.cancel && options.cancel->load()) {
      out.interrupted = true;
      break;
    }
    RunControl control;
    control.on_progress = options.on_replication;
    control.cancel = options.cancel;
    UnitResult result = runner.run(unit, control);
    if (!result.complete()) {  // cancelled inside: a unit is kept only whole
      out.interrupted = true;
      break;
    }
    ++out.ran;
    ++finished;
    done.insert(unit.index);
    out.units.push_back(std::move(result));
    if (options.on_unit) options.on_unit(finished, units.size(), out.units.back());
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_write).count() >= options.checkpoint_s) {
      write();
      last_write = now;
    }
  }
  write();
  out.preparations = runner.preparations();
  out.regions_reused = runner.cache().regions_reused;
  out.travel_reused = runner.cache().travel_reused;
  out.travel_from_disk = runner.cache().travel_from_disk;
  out.floods_reused = runner.cache().floods_reused;
  return out;
}

}  // namespace dsim
