// SPDX-License-Identifier: MIT
#pragma once

// Which candidate sites cover which demand points: the input of every siting
// model (docs/models.md, "Station placement").
//
//   CoverageMatrix m = build_coverage_matrix(network, sites, demand);
//   for (std::uint32_t d : m.covered_by(site)) ...

#include "sim/network/raw_network.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace dsim {

class RoadNetwork;

// A place that needs cover: its node, its weight (population x risk) and the
// reach time it must be covered within (one per demand class, e.g. 300 s for
// built-up areas and 240 s for industrial parks).
struct DemandPoint {
  NodeId node{};
  double weight = 1.0;
  double limit_s = 300.0;
};

// A place where a station may stand (or stands: fixed sites are existing
// stations that stay open in every answer). Reach time = turnout_s + drive.
struct CandidateSite {
  NodeId node{};
  double turnout_s = 0.0;
  bool fixed = false;
};

// Sparse 0/1 matrix "site s covers demand d", stored both ways (site -> its
// demand, demand -> its sites), each list in increasing index order.
// Sites and demand points are numbered 0..n-1 in the order given.
class CoverageMatrix {
 public:
  CoverageMatrix() = default;
  // covers[s] lists the demand indices site s covers (any order, duplicates
  // ignored); weights has one non-negative weight per demand point; fixed
  // lists the sites that are always open. nearest_reach_s (empty, or one per
  // demand point) is the best reach time from any site, kept to explain why
  // a point cannot be covered; labels (empty, or one per demand point) name
  // the points in messages. Throws InputError on a bad index or weight.
  CoverageMatrix(std::vector<std::vector<std::uint32_t>> covers, std::vector<double> weights,
                 std::vector<std::uint32_t> fixed = {}, std::vector<double> nearest_reach_s = {},
                 std::vector<double> limit_s = {}, std::vector<std::string> labels = {});

  // Names the demand points in messages (one per point); throws InputError otherwise.
  void set_labels(std::vector<std::string> labels);

  std::size_t site_count() const { return site_first_.empty() ? 0 : site_first_.size() - 1; }
  std::size_t demand_count() const { return weight_.size(); }
  std::size_t nonzero_count() const { return site_demand_.size(); }

  // Demand points site s covers, increasing.
  std::span<const std::uint32_t> covered_by(std::uint32_t site) const {
    return {site_demand_.data() + site_first_[site], site_first_[site + 1] - site_first_[site]};
  }
  // Sites covering demand point d, increasing.
  std::span<const std::uint32_t> covering(std::uint32_t demand) const {
    return {demand_site_.data() + demand_first_[demand], demand_first_[demand + 1] - demand_first_[demand]};
  }

  double weight(std::uint32_t demand) const { return weight_[demand]; }
  std::span<const double> weights() const { return weight_; }
  double total_weight() const { return total_weight_; }

  bool is_fixed(std::uint32_t site) const { return is_fixed_[site] != 0; }
  // Fixed sites, increasing.
  std::span<const std::uint32_t> fixed_sites() const { return fixed_; }
  std::size_t free_site_count() const { return site_count() - fixed_.size(); }

  // True when at least one site (fixed or not) covers d.
  bool coverable(std::uint32_t demand) const { return demand_first_[demand + 1] > demand_first_[demand]; }
  // Demand points no site covers, increasing, and their total weight.
  std::vector<std::uint32_t> uncoverable_demand() const;
  double uncoverable_weight() const;

  // Best reach time to d over all sites (kUnreachable if no path or not
  // known), its time limit (NaN if not known), and its name in messages.
  double nearest_reach_s(std::uint32_t demand) const;
  double limit_s(std::uint32_t demand) const;
  std::string label(std::uint32_t demand) const;

 private:
  std::vector<std::uint32_t> site_first_;    // CSR offsets, site_count + 1
  std::vector<std::uint32_t> site_demand_;
  std::vector<std::uint32_t> demand_first_;  // CSR offsets, demand_count + 1
  std::vector<std::uint32_t> demand_site_;
  std::vector<double> weight_;
  double total_weight_ = 0.0;
  std::vector<std::uint32_t> fixed_;
  std::vector<std::uint8_t> is_fixed_;
  std::vector<double> nearest_reach_s_;
  std::vector<double> limit_s_;
  std::vector<std::string> labels_;
};

struct CoverageBuildOptions {
  int threads = 0;  // OpenMP threads for the searches; 0: the OpenMP default
  // Called after each site's search with (sites done, sites), one call at a time.
  std::function<void(std::size_t done, std::size_t total)> on_progress;
};

// Site s covers demand d when turnout_s(s) + free-flow drive(s -> d) <= limit_s(d).
// One bounded search per site (to the largest limit less its turnout),
// visiting only the nodes it settles; demand points no site
// covers get an inbound search so that messages can say how far the nearest
// site is. The result does not depend on the thread count. Throws InputError
// (key "sites[i].node", "demand[i].weight", ...) on a node outside the
// network, a negative weight or turnout, or a limit that is not positive.
CoverageMatrix build_coverage_matrix(const RoadNetwork& network, std::span<const CandidateSite> sites,
                                     std::span<const DemandPoint> demand, const CoverageBuildOptions& options = {});

}  // namespace dsim
