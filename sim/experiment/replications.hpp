// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace dsim {

// Progress callback: (replications finished, replications in all). Called
// from the worker threads, one call at a time.
using ProgressFn = std::function<void(std::size_t, std::size_t)>;

// Results of a batch of replications, in replication order; `finished[r]`
// tells which ones ran (all of them unless the batch was cancelled).
template <class Result>
struct ReplicationResults {
  std::vector<Result> results;
  std::vector<bool> finished;
  std::size_t finished_count() const {
    std::size_t n = 0;
    for (bool f : finished) n += f;
    return n;
  }
};

namespace detail {
void parallel_for_replications(std::size_t count, int threads, const std::function<void(std::size_t)>& body,
                               const std::atomic<bool>* cancel);
}  // namespace detail

// Runs `run_one(r)` for r = 0..count-1 over `threads` OpenMP threads
// (0: the OpenMP default) and returns the results in replication order, so
// that the outcome does not depend on the thread count. If `cancel` becomes
// true (e.g. from a signal handler) the replications not yet started are
// skipped. The first exception thrown by a replication is rethrown after all
// threads stop.
template <class Result, class RunOne>
ReplicationResults<Result> run_replications(std::size_t count, int threads, RunOne&& run_one,
                                            const ProgressFn& on_progress = {},
                                            const std::atomic<bool>* cancel = nullptr) {
  ReplicationResults<Result> out;
  out.results.resize(count);
  std::vector<char> done(count, 0);
  std::size_t finished = 0;
  std::mutex progress_mutex;
  detail::parallel_for_replications(
      count, threads,
      [&](std::size_t r) {
        out.results[r] = run_one(r);
        done[r] = 1;
        std::lock_guard<std::mutex> lock(progress_mutex);
        ++finished;
        if (on_progress) on_progress(finished, count);
      },
      cancel);
  out.finished.assign(done.begin(), done.end());
  return out;
}

}  // namespace dsim
