// SPDX-License-Identifier: MIT
#pragma once

#include "sim/response/scenario.hpp"

#include <string>
#include <vector>

namespace dsim {

// One force minimum of the Ordos measures 6-8 checked against a scenario's
// teams: for instance "people in banner-level teams of banner dongsheng >= 30".
struct ForceMinimum {
  int measure = 0;      // 6, 7 or 8 of the Ordos measures
  std::string check;    // city_team, banner_team, township_team, village_force, micro_fire_station, social_force
  std::string scope;    // what it is counted over: "city", a banner, a station id; empty: the whole scenario
  std::string what;     // one line for people: "people in banner-level teams at stations of banner dongsheng"
  std::string unit;     // "people" or "teams"
  long long required = 0;
  long long actual = 0;
  bool met = false;
};

// Every force minimum, counted from the teams and their stations
// (docs/models.md, "Force minimums"):
//   measure 6: people in city-level teams >= 50; per banner, people in
//              banner-level teams at its stations >= 30;
//   measure 7: per station with township-level teams, their people >= 20; per
//              station with village-level teams, their people >= 10; per
//              station with community-level teams, at least one of them with
//              the fire capability (a micro fire station);
//   measure 8: per banner, at least one social-level team at its stations.
// The banners are those of the stations, in their order, then those of
// region.banners. A level no team has gets one unmet row. Rows come in
// measure order, then by banner or station.
std::vector<ForceMinimum> check_force_minimums(const Scenario& scenario);

}  // namespace dsim
