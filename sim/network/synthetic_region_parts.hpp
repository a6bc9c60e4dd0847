// SPDX-License-Identifier: MIT
#pragma once
// The parts the synthetic region is assembled from: planned and organic
// towns, industrial parks, villages, rural roads and tracks. Internal to
// sim/network (namespace dsim::detail::synthetic).

#include "sim/network/synthetic_region_builder.hpp"

#include <string>
#include <vector>

namespace dsim::detail::synthetic {

// Style of town streets by level: 0 primary, 1 secondary, 2 tertiary,
// 3 residential, 4 living street, 5 service.
RoadStyle urban_style(int level);

struct GridTownSpec {
  std::string stream;
  double x0, x1, y0, y1;  // extent before the river cuts it
  int bank;               // the side of the river it lies on
  double axis_x0 = 0.0, axis_x1 = 0.0;  // a park strip without local streets
  double park_share = 0.12;
  double compound_share = 0.08;
  bool riverside = true;
};

struct GridTown {
  std::vector<std::uint32_t> nodes;
  std::vector<std::int64_t> riverside;  // node of the riverside road at each column, -1 if none
  double x0 = 0.0, step = 0.0;
  std::vector<Vec> outline;
};

// A planned town on a square grid: arterials every 500 m, local streets
// between them, superblocks that are parks or walled compounds, cul-de-sacs
// into the blocks and a riverside road along the bank.
GridTown build_grid_town(Builder& b, const GridTownSpec& spec);

struct OrganicTownSpec {
  std::string stream;
  Vec centre;
  double radius_m;       // mean radius of the built-up outline
  double core_spacing_m;  // street spacing at the centre (doubles towards the edge)
};

struct OrganicTown {
  std::vector<std::uint32_t> nodes;
  std::vector<Vec> outline;
};

// An older town grown without a plan: a lattice bent by a smooth warp, dense
// in the centre and looser at the edge, with streets missing, diagonal lanes,
// one-way pairs and alleys in the core.
OrganicTown build_organic_town(Builder& b, const OrganicTownSpec& spec);

struct ParkSpec {
  std::string stream;
  Rect extent;
  int blocks_x, blocks_y;
};

struct Park {
  std::vector<std::uint32_t> nodes;
  std::vector<Vec> outline;
  std::uint32_t centre_node = 0;
};

// An industrial park: a coarse grid of wide roads around plant plots, each
// plot with its own service-road loop and gates onto the grid.
Park build_park(Builder& b, const ParkSpec& spec);

// A Mongolian-sounding place name: "Bayan Obo" (two words) or "Bayanobo".
std::string place_name(RandomStream& rng, bool two_words);

struct Village {
  std::uint32_t centre_node;
  Vec centre;
  double radius_m;
  std::string id;
  std::string name;
  std::int64_t population;
};

// A village: a main street with lanes off it, one node every 50-70 m.
Village build_village(Builder& b, RandomStream& rng, Vec centre, const std::string& id, const std::string& name);

// Links the rural points of one bank inside `tile`: the Gabriel graph of the
// points, less links through towns or too long, then its minimum spanning
// tree plus some of the rest for loops.
void build_rural_roads(Builder& b, RandomStream& rng, const Rect& tile, int bank);

// Tracks across the grassland from the rural roads, each a wandering line
// that ends at a homestead or on another road.
void build_tracks(Builder& b, RandomStream& rng, const Rect& tile, double total_m);

}  // namespace dsim::detail::synthetic
