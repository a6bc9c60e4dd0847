// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/grid.hpp"

#include <string>
#include <vector>

namespace dsim {

// A town standing on a flat terrace at a height above the river bed (at the
// point of the river nearest to it).
struct TownTerrace {
  std::string name;
  GridPoint centre;
  double radius_m = 300.0;
  double height_above_river_m = 8.0;
};

// A synthetic river valley: a river along a centreline (upstream first)
// with a falling bed, a rectangular channel, a gently rising floodplain and
// valley sides up to a plateau, and towns on terraces.
//
// Cross-section at distance d from the centreline, bed b at that chainage:
//   d <= channel_width/2                    b
//   d <= floodplain_half_width              b + channel_depth + floodplain_slope (d - channel_width/2)
//   beyond                                  floodplain edge + min(rim, valley_side_slope (d - floodplain_half_width))
struct RiverValleySpec {
  GridGeometry geometry;  // in metres
  std::vector<GridPoint> centreline;
  double bed_upstream_m = 1300.0;       // bed elevation at the first centreline point
  double bed_slope = 0.001;             // fall per metre along the river
  double channel_width_m = 40.0;
  double channel_depth_m = 3.0;         // bank height above the bed
  double floodplain_half_width_m = 400.0;
  double floodplain_slope = 0.002;      // rise per metre away from the banks
  double valley_side_slope = 0.06;      // rise per metre beyond the floodplain
  double valley_rim_height_m = 80.0;    // how far the sides rise before the plateau
  std::vector<TownTerrace> towns;
  double terrace_blend_m = 100.0;       // ring over which a terrace meets the valley
};

// Nearest point of a polyline: its distance and its chainage (length along
// the line from the first point).
struct PolylineProjection {
  double distance_m = 0.0;
  double chainage_m = 0.0;
};
PolylineProjection project_onto_polyline(const std::vector<GridPoint>& line, GridPoint p);

// Bed elevation of the river at a chainage.
double river_bed_elevation(const RiverValleySpec& spec, double chainage_m);

// The valley as a terrain grid. Throws dsim::InputError for a centreline
// of fewer than two points, a grid not in metres, or negative widths.
Grid make_river_valley(const RiverValleySpec& spec);

}  // namespace dsim
