// SPDX-License-Identifier: MIT
#include "sim/network/travel_times.hpp"

#include "sim/network/edge_states.hpp"
#include "sim/network/phast.hpp"
#include "sim/network/road_network.hpp"

#include <omp.h>

#include <cmath>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

namespace dsim {

TravelTimeMatrix travel_time_matrix(const RoadNetwork& network, std::span<const NodeId> sources,
                                    std::span<const NodeId> targets, const MatrixOptions& options) {
  const std::size_t n = network.node_count();
  for (auto ids : {sources, targets}) {
    for (NodeId v : ids)
      if (index(v) >= n)
        throw std::invalid_argument("travel_time_matrix: node " + std::to_string(index(v)) + " is not in the network");
  }
  // Fail here, not inside the parallel region.
  if (options.states && options.states->edge_count() != network.edge_count())
    throw std::invalid_argument("travel_time_matrix: edge states do not match the network");
  if (!(options.speed_factor > 0.0) || !std::isfinite(options.speed_factor))
    throw std::invalid_argument("travel_time_matrix: speed factor must be finite and > 0");
  if (std::isnan(options.limit_s)) throw std::invalid_argument("travel_time_matrix: limit is NaN");

  TravelTimeMatrix out;
  out.rows = sources.size();
  out.cols = targets.empty() ? n : targets.size();
  out.values_s.assign(out.rows * out.cols, kUnreachable);
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const auto rows = static_cast<std::ptrdiff_t>(out.rows);
  std::exception_ptr failure;

  const PhastIndex* phast = options.index;
  if (phast && !options.states && options.limit_s == kUnreachable && phast->speed_factor == options.speed_factor) {
    if (phast->node_count != n) throw std::invalid_argument("travel_time_matrix: the PHAST index is of another network");
    if (targets.empty()) {
      phast_trees(*phast, sources, options.direction, out.values_s, threads);
      return out;
    }
    // Whole trees, kept only at the targets.
#pragma omp parallel num_threads(threads) if (rows > 1)
    {
      std::optional<PhastSearch> search;
      std::vector<double> tree;
#pragma omp for schedule(dynamic, 1)
      for (std::ptrdiff_t r = 0; r < rows; ++r) {
        try {
          if (!search) {
            search.emplace(*phast);
            tree.resize(n);
          }
          search->tree(sources[static_cast<std::size_t>(r)], options.direction, tree);
          double* row = out.values_s.data() + static_cast<std::size_t>(r) * out.cols;
          for (std::size_t c = 0; c < targets.size(); ++c) row[c] = tree[index(targets[c])];
        } catch (...) {
#pragma omp critical(dsim_travel_time_matrix)
          if (!failure) failure = std::current_exception();
        }
      }
    }
    if (failure) std::rethrow_exception(failure);
    return out;
  }

#pragma omp parallel num_threads(threads) if (rows > 1)
  {
    // Exceptions must not leave the worksharing loop (the other threads
    // would wait at its barrier forever): catch them per row.
    std::optional<Router> router;
#pragma omp for schedule(dynamic, 1)
    for (std::ptrdiff_t r = 0; r < rows; ++r) {
      try {
        if (!router) {
          router.emplace(network, options.states);
          router->use_speed_factor(options.speed_factor);
        }
        const NodeId s = sources[static_cast<std::size_t>(r)];
        Reached reached = options.direction == SearchDirection::outbound
                              ? router->travel_times_from(s).within(options.limit_s)
                              : router->travel_times_to(s).within(options.limit_s);
        double* row = out.values_s.data() + static_cast<std::size_t>(r) * out.cols;
        if (targets.empty()) {
          for (NodeId v : reached.nodes()) row[index(v)] = reached.time_s(v);
        } else {
          for (std::size_t c = 0; c < targets.size(); ++c) row[c] = reached.time_s(targets[c]);
        }
      } catch (...) {
#pragma omp critical(dsim_travel_time_matrix)
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  return out;
}

}  // namespace dsim
