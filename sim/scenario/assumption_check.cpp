// SPDX-License-Identifier: MIT
// Warnings about what a run assumes: unreachable people, far snaps, empty
// escalation steps, an oversized DEM, what a chemical release takes for granted.
#include "sim/scenario/assumption_check.hpp"

#include "sim/io/gis_layers.hpp"
#include "sim/network/geodesy.hpp"
#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/section_readers.hpp"
#include "sim/logistics/logistics_spec.hpp"
#include "sim/response/chemical_spec.hpp"
#include "sim/warning/warning_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace dsim {

namespace {

using detail::find_position;
using detail::item_path;
using detail::joined;
using detail::Pos;
using detail::quote_text;

std::string people_text(double people) {
  const std::string digits = std::to_string(std::llround(std::max(people, 0.0)));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "257 m", "3.1 km".
std::string metres_text(double m) {
  if (m < 999.5) return std::to_string(std::llround(m)) + " m";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f km", m / 1000.0);
  return text;
}

class AssumptionCheck {
 public:
  AssumptionCheck(const Scenario& s, const Region& r) : s_(s), r_(r) {}

  std::vector<ScenarioProblem> run() {
    zones_without_roads();
    snapped_locations();
    escalation_steps();
    dem_extent();
    chemical();
    std::stable_sort(out_.begin(), out_.end(), [](const ScenarioProblem& a, const ScenarioProblem& b) {
      return std::make_pair(a.line == 0 ? SIZE_MAX : a.line, a.column) <
             std::make_pair(b.line == 0 ? SIZE_MAX : b.line, b.column);
    });
    return std::move(out_);
  }

 private:
  void warn(const std::string& key, std::string expected, std::string found, std::string note = {}) {
    const Pos pos = find_position(s_.source_positions, key);
    out_.push_back({ScenarioProblem::Severity::warning, s_.source_path, pos.line, pos.column, key, std::move(expected),
                    std::move(found), "", std::move(note)});
  }

  std::string zones_key() const {
    if (s_.region.zone_layer) return "region.zones";
    if (!s_.region.zones_path.empty()) return "region.zones";
    return "region";
  }

  void zones_without_roads() {
    std::vector<bool> has_node(r_.zones.size(), false);
    for (int z : r_.node_zone)
      if (z >= 0) has_node[static_cast<std::size_t>(z)] = true;
    std::size_t shown = 0, more = 0;
    double more_people = 0.0;
    for (std::size_t z = 0; z < r_.zones.size(); ++z) {
      const Zone& zone = r_.zones[z];
      if (has_node[z] || zone.population <= 0) continue;
      if (shown == 10) {
        ++more;
        more_people += static_cast<double>(zone.population);
        continue;
      }
      ++shown;
      warn(zones_key(), "a road node in every zone with people",
           "zone " + quote_text(zone.id) + (zone.name != zone.id ? " (" + zone.name + ")" : "") + " with " +
               people_text(static_cast<double>(zone.population)) + " people and no road node",
           "it gets no random incidents and no one there can be reached by road");
    }
    if (more > 0)
      warn(zones_key(), "a road node in every zone with people",
           std::to_string(more) + " more zones with " + people_text(more_people) + " people and no road node",
           "they get no random incidents");
    if (r_.raster_people > 0.0 && r_.raster_people_unassigned >= std::max(1.0, 0.001 * r_.raster_people)) {
      const bool onto_nodes =
          s_.region.population_raster && s_.region.population_raster->onto == PopulationRasterSpec::Onto::nodes;
      warn("region.population_raster", "every person of the raster in a zone",
           people_text(r_.raster_people_unassigned) + " of " + people_text(r_.raster_people) + " people " +
               (onto_nodes ? "outside the road network's extent or at road nodes outside every zone"
                           : "in cells whose centre lies in no zone"),
           "they are left out of every zone's population");
    }
  }

  // A coordinate snapped to its nearest road node: how far it moved.
  void snap(const Location& loc, const std::string& key, const std::string& what) {
    if (loc.kind != Location::Kind::coordinate || !r_.network.has_coordinates() || r_.network.node_count() == 0) return;
    if (!region_covers(r_.network, loc.lon, loc.lat)) return;  // an error of check_scenario_places
    snap_point({loc.lon, loc.lat}, key, what);
  }

  void snap_point(LonLat given, const std::string& key, const std::string& what) {
    const NodeId node = r_.network.nearest_node(given.lon, given.lat);
    const double d = haversine_m(given.lon, given.lat, r_.network.lon(node), r_.network.lat(node));
    if (d <= s_.region.snap_warning_m) return;
    warn(key, "a location within " + metres_text(s_.region.snap_warning_m) + " of a road (region.snap_warning_m)",
         what + " snapped " + metres_text(d) + " to road node " + std::to_string(r_.network.external_id(node)),
         "the run puts it at that node");
  }

  void snapped_locations() {
    for (std::size_t i = 0; i < s_.stations.size(); ++i) {
      const StationSpec& st = s_.stations[i];
      std::string what = "station " + quote_text(st.id);
      if (st.layer_record > 0 && s_.station_layer)
        what += " (record " + std::to_string(st.layer_record) + " of " + s_.station_layer->path + ")";
      snap(st.location, item_path("stations", i) + ".location", what);
    }
    for (const auto& [name, given] : r_.place_positions)
      if (r_.network.has_coordinates())
        snap_point(given, s_.region.place_layer ? s_.region.place_layer->key : "region.places", "place " + quote_text(name));
    for (std::size_t i = 0; i < s_.incidents.size(); ++i)
      snap(s_.incidents[i].location, item_path("incident_list", i) + ".location", "incident " + std::to_string(i + 1));
    for (std::size_t i = 0; i < s_.road_closures.size(); ++i) {
      const RoadClosureSpec& c = s_.road_closures[i];
      const std::string key = item_path("road_closures", i);
      if (c.at) snap(*c.at, key + ".at", "road closure " + std::to_string(i + 1));
      if (c.from) snap(*c.from, key + ".from", "road closure " + std::to_string(i + 1) + " (from)");
      if (c.to) snap(*c.to, key + ".to", "road closure " + std::to_string(i + 1) + " (to)");
    }
    for (std::size_t i = 0; i < s_.outages.size(); ++i)
      if (s_.outages[i].at) snap(*s_.outages[i].at, item_path("outages", i) + ".at", "outage " + std::to_string(i + 1));
    if (s_.warning) {
      const WarningSpec& w = *s_.warning;
      for (std::size_t i = 0; i < w.shelters.size(); ++i)
        snap(w.shelters[i].location, item_path("warning.shelters", i) + ".location",
             "shelter " + quote_text(w.shelters[i].id));
      if (w.front) snap(w.front->origin, "warning.hazard.front.origin", "the front's origin");
    }
    if (s_.logistics) {
      for (std::size_t i = 0; i < s_.logistics->depots.size(); ++i)
        snap(s_.logistics->depots[i].location, item_path("logistics.depots", i) + ".location",
             "depot " + quote_text(s_.logistics->depots[i].id));
    }
  }

  void escalation_steps() {
    const bool given = !s_.plan.escalation.empty();
    const std::vector<EscalationStepSpec> steps = given ? s_.plan.escalation : default_escalation();
    std::set<std::string> needed;
    for (const ResponseRuleSpec& rule : s_.plan.rules)
      for (const NeedSpec& need : rule.needs) needed.insert(need.capability);
    if (s_.plan.rules.empty()) return;  // nothing is ever escalated
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const EscalationStepSpec& step = steps[i];
      std::vector<std::string> levels;
      for (TeamLevel l : step.levels) levels.emplace_back(team_level_name(l));
      std::size_t teams = 0;
      std::set<std::string> capabilities;
      for (const TeamSpec& t : s_.teams) {
        if (std::find(step.levels.begin(), step.levels.end(), t.level) == step.levels.end()) continue;
        ++teams;
        capabilities.insert(t.capabilities.begin(), t.capabilities.end());
      }
      const std::string key = given ? item_path("plan.escalation", i) : "plan";
      const std::string what = (given ? "escalation step " : "step ") + std::to_string(i + 1) +
                               (given ? "" : " of the default escalation ladder") + " (" + joined(levels) + ")";
      if (teams == 0) {
        warn(key, "a team able to serve every escalation step", what + " with no team at its levels",
             "calls escalated to it get no one more");
        continue;
      }
      if (needed.empty()) continue;
      const bool serves = std::any_of(needed.begin(), needed.end(), [&](const std::string& c) {
        return capabilities.count(c) > 0;
      });
      if (!serves)
        warn(key, "a team able to serve every escalation step",
             what + ": its " + std::to_string(teams) + (teams == 1 ? " team has" : " teams have") +
                 " none of the capabilities the plan's rules need (" +
                 joined(std::vector<std::string>(needed.begin(), needed.end())) + ")",
             "calls escalated to it get no one more");
    }
  }

  void dem_extent() {
    if (!s_.flood || s_.flood->synthetic_valley || s_.flood->dem_path.empty() || !r_.network.has_coordinates()) return;
    const std::string& path = s_.flood->dem_path;
    const bool hgt = path.ends_with(".hgt") || path.ends_with(".zip") || path.ends_with(".HGT");
    RasterExtent dem;
    try {
      dem = read_raster_extent(path, ".hgt");
    } catch (const InputError&) {
      return;  // reading the DEM itself reports what is wrong with it
    }
    const double dem_km2 = dem.area_km2(s_.flood->dem_in_degrees || hgt);
    const auto& box = r_.network.bounding_box();
    RasterExtent roads;
    roads.min_x = box.min_lon;
    roads.max_x = box.max_lon;
    roads.min_y = box.min_lat;
    roads.max_y = box.max_lat;
    roads.geographic = true;
    const double region_km2 = std::max(roads.area_km2(), 1.0);
    const double ratio = dem_km2 / region_km2;
    if (ratio <= kDemAreaWarningRatio) return;
    char text[160];
    std::snprintf(text, sizeof text, "%zu x %zu cells over %s km2, %.0f times the road network's extent (%s km2)",
                  dem.cols, dem.rows, people_text(dem_km2).c_str(), ratio, people_text(region_km2).c_str());
    warn("flood.dem",
         "a DEM not much larger than the region (at most " + std::to_string(static_cast<int>(kDemAreaWarningRatio)) +
             " times the area of the road network's extent)",
         text,
         s_.flood->whole_dem
             ? "flood.extent: dem solves all of it: cells far from the roads cost flood run time and change nothing "
               "on the roads"
             : "the flood runs on the part within flood.extent, or the roads' extent plus flood.margin (the DEM is "
               "cropped; the run summary says to how many cells)");
  }

  // What a release assumes: a neutrally buoyant gas, a vehicle class kept
  // for hazmat teams, a default protective action, locations snapped.
  void chemical() {
    if (!s_.chemical) return;
    const ChemicalSpec& c = *s_.chemical;
    for (std::size_t i = 0; i < c.releases.size(); ++i) {
      const ReleaseSpec& r = c.releases[i];
      const std::string key = item_path("chemical.releases", i);
      snap(r.at, key + ".at", "release " + quote_text(r.name));
      const Chemical* chem = find_chemical(r.chemical);
      for (const Chemical& own : c.chemicals)
        if (own.id == r.chemical) chem = &own;
      if (chem != nullptr && chem->dense_at_release)
        warn(key + ".chemical", "a neutrally buoyant gas (the Gaussian plume and puff models)",
             chem->name + ", heavier than air as released",
             "a dense gas slumps and spreads wider and shorter near the ground than the zones show; compare with a "
             "dense-gas model before drawing evacuation lines on them (docs/models.md)");
    }
    const std::vector<std::string> classes = detail::team_vehicle_classes(s_);
    bool kept = c.protected_classes_given && !c.protected_vehicle_classes.empty();
    for (const std::string& cls : classes) {
      if (kept) break;
      bool all = true;
      for (const TeamSpec& t : s_.teams)
        if (t.vehicle_class == cls)
          all = all && std::find(t.capabilities.begin(), t.capabilities.end(), "hazmat") != t.capabilities.end();
      kept = all;
    }
    if (!kept)
      warn("chemical.closes_roads", "a vehicle class for the hazmat teams (every team of it with the hazmat capability)",
           "none: the classes " + joined(classes) + " all have teams without hazmat",
           "the AEGL-" + std::to_string(c.closure_level) +
               " zone closes its roads to every unit; give the hazmat teams vehicle_class: hazmat");
    if (!s_.warning)
      warn("chemical", "a warning section to warn the zones the gas reaches",
           "none", "nobody is warned: people stay as they are, indoors or out, and the exposure is the no-action case");
  }

  const Scenario& s_;
  const Region& r_;
  std::vector<ScenarioProblem> out_;
};

}  // namespace

std::vector<ScenarioProblem> check_scenario_assumptions(const Scenario& scenario, const Region& region) {
  return AssumptionCheck(scenario, region).run();
}

}  // namespace dsim
