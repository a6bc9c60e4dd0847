// SPDX-License-Identifier: MIT
#pragma once

// A region built for drill tests: a river runs north-south at lon 110.0175;
// one station at node 1 (lon 110.000, lat 40.000) on its west bank.
//
//   village (11,12) --8.5 km-- 10 --8.5 km-- 1 (station) --1.3 km-- 2 =bridge_1= 3 -- 4 town (4,5)
//                                            |                                        |
//                                         11.1 km                                  11.1 km
//                                            |                                        |
//                                            6 ---------1.3 km------- 7 =bridge_2= 8 -- 9
//
// Bridge 1 (places bridge_1_west/east at nodes 2 and 3) is on the main road
// close to the station: the town is 189 s (node 4) and 242 s (node 5) away
// with the 60 s turnout, and about 25 min away over bridge 2 when bridge 1
// is closed. Bridge 2 is far (nothing within 5 minutes depends on it). The
// village lies at the end of a 17 km road at 40 km/h: about 27 min, clearly
// the slowest place.

#include "tests/cpp/support/temp_dir.hpp"

#include <string>

namespace dsim::testing {

inline void write_river_region(const TempDir& dir) {
  dir.write("nodes.csv",
            "id,lon,lat\n"
            "1,110.000,40.000\n"
            "2,110.015,40.000\n"
            "3,110.020,40.000\n"
            "4,110.025,40.000\n"
            "5,110.025,40.004\n"
            "6,110.000,40.100\n"
            "7,110.015,40.100\n"
            "8,110.020,40.100\n"
            "9,110.025,40.100\n"
            "10,109.900,40.000\n"
            "11,109.800,40.000\n"
            "12,109.800,40.004\n");
  dir.write("edges.csv",
            "from,to,length_m,speed_kph,class,oneway\n"
            "1,2,1278,60,primary,0\n"
            "2,3,426,60,primary,0\n"  // bridge 1
            "3,4,426,60,primary,0\n"
            "4,5,445,30,residential,0\n"
            "1,6,11120,60,secondary,0\n"
            "6,7,1278,60,secondary,0\n"
            "7,8,426,60,secondary,0\n"  // bridge 2
            "8,9,426,60,secondary,0\n"
            "9,4,11120,60,secondary,0\n"
            "1,10,8520,40,tertiary,0\n"
            "10,11,8520,40,tertiary,0\n"
            "11,12,445,30,residential,0\n");
  dir.write("zones.csv",
            "id,name,type,population,polygon\n"
            "home,Home town,built_up,200,109.995 39.996;110.005 39.996;110.005 40.004;109.995 40.004\n"
            "town,Town over the river,built_up,500,110.022 39.997;110.028 39.997;110.028 40.005;110.022 40.005\n"
            "village,Far village,village,100,109.795 39.996;109.805 39.996;109.805 40.006;109.795 40.006\n");
  dir.write("places.csv",
            "name,lon,lat\n"
            "bridge_1_west,110.015,40.000\n"
            "bridge_1_east,110.020,40.000\n"
            "bridge_2_west,110.015,40.100\n"
            "bridge_2_east,110.020,40.100\n");
  dir.write("scenario.yaml",
            "name: river\n"
            "region: {network: nodes.csv, zones: zones.csv, places: places.csv}\n"
            "stations: [{id: s, location: {node: 1}}]\n"
            "teams: [{id: t, station: s, level: village, size: 6, crews: 2, capabilities: [fire], turnout: 60}]\n"
            "incidents: [{name: fires, type: structure_fire, rate: 2 per day, zones: [home, town, village]}]\n"
            "plan:\n"
            "  call_delay: {exponential: {mean: 1 min}}\n"
            "  dispatch_delay: 30 s\n"
            "  responses:\n"
            "    structure_fire: {minor: {needs: {fire: 2}, on_scene: 20 min}}\n"
            "horizon: 4 h\n"
            "replications: 2\n"
            "seed: 5\n");
}

}  // namespace dsim::testing
