// SPDX-License-Identifier: MIT
#pragma once

// A population raster (people per cell: WorldPop, GHS-POP, a census grid;
// a GeoTIFF or anything GDAL opens) summed onto zones or road nodes
// (docs/models.md, "Population from a raster"). Cells without data, and
// cells of 0 or fewer people, count for nothing. A raster in another
// coordinate reference system is converted to WGS84 cell by cell (the cell
// centres); one without a coordinate reference system is taken as WGS84.

#include "sim/network/road_network.hpp"
#include "sim/network/zones.hpp"
#include "sim/response/scenario.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace dsim {

struct RasterPopulation {
  std::vector<double> people;  // per zone or per node, as asked
  double total = 0.0;          // people in every cell with data
  double unassigned = 0.0;     // people of cells whose centre lies in no zone, or outside the road network's extent
  std::size_t cells = 0;       // cells with people given to a zone or node
};

// Each cell's people to the first zone that contains the cell's centre (the
// rule of zone_index_at). Throws InputError naming the raster and `key` when
// GDAL cannot open it, it has no such band or no geotransform.
RasterPopulation population_onto_zones(const PopulationRasterSpec& spec, const std::vector<Zone>& zones,
                                       const std::string& key);

// Each cell's people to the road node nearest the cell's centre; cells
// outside the road network's bounding box are left out (`unassigned`): they
// lie beyond the region, and would pile onto the nodes at its edge.
RasterPopulation population_onto_nodes(const PopulationRasterSpec& spec, const RoadNetwork& network,
                                       const std::string& key);

}  // namespace dsim
