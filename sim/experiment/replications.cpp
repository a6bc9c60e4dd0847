// SPDX-License-Identifier: MIT
#include "sim/experiment/replications.hpp"

#include <mutex>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace dsim::detail {

void parallel_for_replications(std::size_t count, int threads, const std::function<void(std::size_t)>& body,
                               const std::atomic<bool>* cancel) {
  std::exception_ptr first_error;
  std::mutex error_mutex;
  const auto n = static_cast<long long>(count);
#ifdef _OPENMP
  const int team = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(team)
#else
  (void)threads;
#endif
  for (long long r = 0; r < n; ++r) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) continue;
    {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (first_error) continue;
    }
    try {
      body(static_cast<std::size_t>(r));
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace dsim::detail
