// SPDX-License-Identifier: MIT
#include "sim/run/scenario_chemical.hpp"

#include "sim/core/error.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/warning/warning_model.hpp"
#include "sim/warning/warning_simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

namespace dsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMgPerKg = 1e6;

[[noreturn]] void fail(const Scenario& s, const std::string& key, const std::string& expected,
                       const std::string& found = {}) {
  throw InputError(s.source_path, 0, key, expected, found);
}

const Chemical& released_chemical(const ChemicalSpec& spec, const Scenario& s) {
  const std::string& id = spec.releases.front().chemical;
  for (std::size_t i = 1; i < spec.releases.size(); ++i)
    if (spec.releases[i].chemical != id)
      fail(s, "chemical.releases[" + std::to_string(i) + "].chemical",
           "the same chemical as the first release (" + id + "): one chemical per scenario",
           spec.releases[i].chemical);
  for (const Chemical& c : spec.chemicals)
    if (c.id == id) return c;
  if (const Chemical* c = find_chemical(id)) return *c;
  fail(s, "chemical.releases[0].chemical", "a chemical of the catalogue or of chemical.chemicals", id);
}

// The sun's elevation above the horizon (degrees) at a time of the scenario
// (NOAA Global Monitoring Laboratory, "General solar position calculations":
// declination and equation of time from the fractional year). Without a UTC
// offset the scenario's clock is taken as local solar time.
double solar_elevation_deg(const Scenario& s, double t_s, double lon_deg, double lat_deg) {
  using namespace std::chrono;
  const double clock_s = s.start_clock_s + t_s;
  const auto day = static_cast<int>(std::floor(clock_s / 86400.0));
  const double in_day_min = (clock_s - day * 86400.0) / 60.0;
  const sys_days date = sys_days{s.start_date} + days{day};
  const year_month_day ymd{date};
  const double doy = static_cast<double>((date - sys_days{ymd.year() / January / 1}).count()) + 1.0;
  const double g = 2.0 * std::numbers::pi / 365.0 * (doy - 1.0 + (in_day_min / 60.0 - 12.0) / 24.0);
  const double decl = 0.006918 - 0.399912 * std::cos(g) + 0.070257 * std::sin(g) - 0.006758 * std::cos(2 * g) +
                      0.000907 * std::sin(2 * g) - 0.002697 * std::cos(3 * g) + 0.00148 * std::sin(3 * g);
  const double eqtime_min = 229.18 * (0.000075 + 0.001868 * std::cos(g) - 0.032077 * std::sin(g) -
                                      0.014615 * std::cos(2 * g) - 0.040849 * std::sin(2 * g));
  double true_solar_min = in_day_min + eqtime_min;
  if (s.start_utc_offset_min) true_solar_min += 4.0 * lon_deg - static_cast<double>(*s.start_utc_offset_min);
  const double hour_angle = (true_solar_min / 4.0 - 180.0) * std::numbers::pi / 180.0;
  const double lat = lat_deg * std::numbers::pi / 180.0;
  const double cos_zenith = std::sin(lat) * std::sin(decl) + std::cos(lat) * std::cos(decl) * std::cos(hour_angle);
  return 90.0 - std::acos(std::clamp(cos_zenith, -1.0, 1.0)) * 180.0 / std::numbers::pi;
}

// The weather as the puff train takes it. Samples without a class take
// Turner's: then a sample is added every 30 minutes so that the class
// follows the sun.
WeatherSeries weather_series(const ChemicalSpec& spec, const Scenario& s, const Region& region, double end_s) {
  const ChemicalWeatherSpec& w = spec.weather;
  WeatherSeries out;
  out.reference_height_m = w.reference_height_m;
  out.mixing_height_m = w.mixing_height_m;
  std::vector<double> times = w.times_s;
  const bool turner = std::any_of(w.stability.begin(), w.stability.end(), [](const auto& x) { return !x; });
  if (turner)
    for (double t = 0.0; t < end_s; t += 1800.0) times.push_back(t);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  const NodeId at = region.network.nearest_node_xy(0.0, 0.0);
  const double lon = region.network.has_coordinates() ? region.network.lon(at) : 0.0;
  const double lat = region.network.has_coordinates() ? region.network.lat(at) : 45.0;
  for (double t : times) {
    std::size_t i = 0;
    while (i + 1 < w.times_s.size() && w.times_s[i + 1] <= t) ++i;
    Stability st{};
    if (w.stability[i]) {
      st = *w.stability[i];
    } else {
      const double elevation = solar_elevation_deg(s, t, lon, lat);
      st = elevation > 0.0 ? turner_day(w.speed_mps[i], insolation_from_sun(elevation, w.cloud_oktas))
                           : turner_night(w.speed_mps[i], w.cloud_oktas);
    }
    out.times_s.push_back(t);
    out.speed_mps.push_back(w.speed_mps[i]);
    out.from_deg.push_back(w.from_deg[i]);
    out.stability.push_back(st);
  }
  return out;
}

// What one release puts into the air, from its source term.
ReleaseSeries release_series(const ReleaseSpec& r, const Chemical& c, const WeatherSeries& weather, const Scenario& s,
                             const std::string& key) {
  using K = ReleaseSourceSpec::Kind;
  const ReleaseSourceSpec& src = r.source;
  ReleaseSeries out;
  const auto constant = [&](double rate) {
    out.rate_times_s = {r.start_s, r.start_s + src.duration_s};
    out.rate_kg_s = {rate, 0.0};
  };
  try {
    switch (src.kind) {
      case K::continuous: constant(src.rate_kg_s); break;
      case K::instantaneous:
        out.mass_times_s = {r.start_s};
        out.mass_kg = {src.mass_kg};
        break;
      case K::series:
        for (std::size_t i = 0; i < src.series_times_s.size(); ++i) {
          out.rate_times_s.push_back(r.start_s + src.series_times_s[i]);
          out.rate_kg_s.push_back(src.series_rate_kg_s[i]);
        }
        break;
      case K::pool: {
        // The pool evaporates at the rate of the wind in force, segment by segment.
        const double end = r.start_s + src.duration_s;
        for (std::size_t i = 0; i < weather.times_s.size(); ++i) {
          const double a = std::max(r.start_s, weather.times_s[i]);
          const double b = i + 1 < weather.times_s.size() ? std::min(end, weather.times_s[i + 1]) : end;
          if (b <= a) continue;
          out.rate_times_s.push_back(a);
          out.rate_kg_s.push_back(pool_evaporation_kg_s(c, src.pool_area_m2, src.liquid_temperature_k, weather.speed_mps[i]));
        }
        if (out.rate_times_s.empty() || out.rate_times_s.front() > r.start_s) {
          out.rate_times_s.insert(out.rate_times_s.begin(), r.start_s);
          out.rate_kg_s.insert(out.rate_kg_s.begin(),
                               pool_evaporation_kg_s(c, src.pool_area_m2, src.liquid_temperature_k, weather.speed_mps.front()));
        }
        out.rate_times_s.push_back(end);
        out.rate_kg_s.push_back(0.0);
        break;
      }
      case K::leak: {
        const double hole_m2 = std::numbers::pi / 4.0 * src.hole_diameter_m * src.hole_diameter_m;
        constant(src.gas_phase ? gas_leak_kg_s(c, hole_m2, src.discharge_coefficient, src.pressure_pa, src.liquid_temperature_k)
                               : liquid_leak_kg_s(c, hole_m2, src.discharge_coefficient, src.pressure_pa, src.head_m));
        break;
      }
    }
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    fail(s, key, "a source term the chemical's properties allow", e.what());
  }
  return out;
}

DispersionTerrain terrain_of_zone(const Region& region, int zone) {
  if (zone < 0) return DispersionTerrain::rural;
  const ZoneType t = region.zones[static_cast<std::size_t>(zone)].type;
  return t == ZoneType::built_up || t == ZoneType::industrial_park ? DispersionTerrain::urban : DispersionTerrain::rural;
}

double air_changes_of_zone(const ChemicalSpec& spec, const Region& region, int zone) {
  const std::string type = zone < 0 ? "grassland" : std::string(zone_type_name(region.zones[static_cast<std::size_t>(zone)].type));
  const auto it = spec.air_changes_per_hour.find(type);
  return it != spec.air_changes_per_hour.end() ? it->second : 1.0;
}

std::vector<double> node_people(const Region& region) {
  const std::size_t n = region.network.node_count();
  if (region.node_population.size() == n) return region.node_population;
  std::vector<double> count(region.zones.size(), 0.0);
  for (std::size_t v = 0; v < n; ++v)
    if (region.node_zone[v] >= 0) count[static_cast<std::size_t>(region.node_zone[v])] += 1.0;
  std::vector<double> out(n, 0.0);
  for (std::size_t v = 0; v < n; ++v) {
    const int z = region.node_zone[v];
    if (z >= 0) out[v] = static_cast<double>(region.zones[static_cast<std::size_t>(z)].population) / count[static_cast<std::size_t>(z)];
  }
  return out;
}

// Sums the puff trains of every release at `receptors`.
ConcentrationSeries disperse(const ChemicalSpec& spec, const std::vector<ReleaseSeries>& releases,
                             const std::vector<NodeId>& sources, const Region& region, const WeatherSeries& weather,
                             const std::vector<Receptor>& receptors, const std::vector<double>& times,
                             const char* stage, const std::function<void(const ChemicalProgress&)>& on_progress) {
  ConcentrationSeries total;
  total.times_s = times;
  total.receptors = receptors.size();
  total.c_kg_m3.assign(times.size() * receptors.size(), 0.0);
  for (std::size_t i = 0; i < releases.size(); ++i) {
    PuffTrainOptions o;
    o.source_x_m = region.network.x_m(sources[i]);
    o.source_y_m = region.network.y_m(sources[i]);
    o.release_height_m = spec.releases[i].height_m;
    o.receptor_height_m = spec.receptor_height_m;
    o.puff_interval_s = spec.puff_interval_s;
    if (on_progress)
      o.on_progress = [&, i](std::size_t done, std::size_t of) {
        on_progress({stage, i * of + done, releases.size() * of});
      };
    const ConcentrationSeries one = puff_train(releases[i], weather, receptors, times, o);
    for (std::size_t k = 0; k < total.c_kg_m3.size(); ++k) total.c_kg_m3[k] += one.c_kg_m3[k];
  }
  return total;
}

}  // namespace

ScenarioChemical run_scenario_chemical(const ChemicalSpec& spec, const Scenario& scenario, const Region& region,
                                       const ResponseModel& model,
                                       const std::function<void(const ChemicalProgress&)>& on_progress) {
  if (spec.releases.empty()) fail(scenario, "chemical.releases", "at least one release");
  ScenarioChemical out;
  out.chemical = released_chemical(spec, scenario);
  const Chemical& c = out.chemical;
  const RoadNetwork& net = region.network;
  const std::size_t n = net.node_count();

  out.first_release_s = kInf;
  for (std::size_t i = 0; i < spec.releases.size(); ++i) {
    out.release_nodes.push_back(
        resolve_location(scenario, region, spec.releases[i].at, "chemical.releases[" + std::to_string(i) + "].at"));
    out.first_release_s = std::min(out.first_release_s, spec.releases[i].start_s);
  }
  const double end_s =
      std::min(scenario.horizon_s, out.first_release_s + spec.duration_s.value_or(std::min(4.0 * 3600.0, scenario.horizon_s)));
  const WeatherSeries weather = weather_series(spec, scenario, region, end_s);
  std::vector<ReleaseSeries> releases;
  for (std::size_t i = 0; i < spec.releases.size(); ++i) {
    const ReleaseSpec& r = spec.releases[i];
    releases.push_back(release_series(r, c, weather, scenario, "chemical.releases[" + std::to_string(i) + "]"));
    const ReleaseSeries& x = releases.back();
    static constexpr const char* kKinds[] = {"continuous", "instantaneous", "series", "pool", "leak"};
    ReleaseSummary sum{r.name, kKinds[static_cast<int>(r.source.kind)], out.release_nodes[i], r.start_s, r.start_s,
                       x.total_kg(), 0.0, r.height_m};
    if (!x.rate_times_s.empty()) sum.end_s = x.rate_times_s.back();
    for (double q : x.rate_kg_s) sum.peak_rate_kg_s = std::max(sum.peak_rate_kg_s, q);
    out.releases.push_back(sum);
  }
  out.weather = weather;
  out.end_s = end_s;

  out.zone_duration_s = spec.zone_duration_s;
  out.closure_level = spec.closure_level;
  for (int k = 0; k < kAeglLevels; ++k)
    out.level_mg_m3[static_cast<std::size_t>(k)] = ppm_to_mg_m3(c.level_ppm_for(k, spec.zone_duration_s), c.molar_mass_g_mol);

  // Receptors: the nodes within reach of a release.
  std::vector<std::uint32_t> receptor_node;
  std::vector<Receptor> receptors;
  for (std::size_t v = 0; v < n; ++v) {
    const auto node = static_cast<NodeId>(v);
    bool near = false;
    for (NodeId src : out.release_nodes)
      near = near || std::hypot(net.x_m(node) - net.x_m(src), net.y_m(node) - net.y_m(src)) <= spec.max_distance_m;
    if (!near) continue;
    receptor_node.push_back(static_cast<std::uint32_t>(v));
    receptors.push_back({net.x_m(node), net.y_m(node), terrain_of_zone(region, region.node_zone[v])});
  }
  out.receptors = receptors.size();
  for (double t = out.first_release_s; t <= end_s + 1e-9; t += spec.output_interval_s) out.output_times_s.push_back(t);
  const std::vector<double>& times = out.output_times_s;
  const std::size_t nt = times.size();
  const ConcentrationSeries series =
      disperse(spec, releases, out.release_nodes, region, weather, receptors, times, "nodes", on_progress);

  // Per node: arrivals, peaks, dose, toxic load, indoor air.
  out.node_people = node_people(region);
  out.node_ach.assign(n, 0.0);
  for (std::size_t v = 0; v < n; ++v) out.node_ach[v] = air_changes_of_zone(spec, region, region.node_zone[v]);
  for (int k = 0; k < kAeglLevels; ++k) {
    out.arrival_out_s[static_cast<std::size_t>(k)].assign(n, kInf);
    out.arrival_in_s[static_cast<std::size_t>(k)].assign(n, kInf);
  }
  out.peak_out_mg_m3.assign(n, 0.0);
  out.peak_in_mg_m3.assign(n, 0.0);
  out.peak_time_s.assign(n, std::nan(""));
  out.dose_mg_min_m3.assign(n, 0.0);
  out.toxic_load.assign(n, std::isnan(c.ten_berge_n) ? std::nan("") : 0.0);
  out.zone_nodes.assign(nt, {});
  out.zone_people.assign(nt, {});
  std::vector<double> outdoor(nt), ppm(nt);
  std::vector<std::vector<char>> inside(nt, std::vector<char>(receptors.size(), 0));  // closure level zone
  const std::size_t zones = region.zones.size();
  std::vector<double> zone_people_l2(nt * zones, 0.0), zone_worst_l2(nt * zones, 0.0);
  const std::size_t closure = static_cast<std::size_t>(spec.closure_level - 1);
  for (std::size_t r = 0; r < receptors.size(); ++r) {
    const std::size_t v = receptor_node[r];
    for (std::size_t t = 0; t < nt; ++t) outdoor[t] = series.at(t, r) * kMgPerKg;
    const std::vector<double> indoor = indoor_concentration(times, outdoor, out.node_ach[v]);
    for (std::size_t t = 0; t < nt; ++t) {
      if (outdoor[t] > out.peak_out_mg_m3[v]) {
        out.peak_out_mg_m3[v] = outdoor[t];
        out.peak_time_s[v] = times[t];
      }
      out.peak_in_mg_m3[v] = std::max(out.peak_in_mg_m3[v], indoor[t]);
      for (std::size_t k = 0; k < kAeglLevels; ++k) {
        const double level = out.level_mg_m3[k];
        if (!(level > 0.0)) continue;
        if (outdoor[t] > level) {
          out.arrival_out_s[k][v] = std::min(out.arrival_out_s[k][v], times[t]);
          ++out.zone_nodes[t][k];
          out.zone_people[t][k] += out.node_people[v];
        }
        if (indoor[t] > level) out.arrival_in_s[k][v] = std::min(out.arrival_in_s[k][v], times[t]);
      }
      inside[t][r] = out.level_mg_m3[closure] > 0.0 && outdoor[t] > out.level_mg_m3[closure];
      if (const int z = region.node_zone[v]; z >= 0 && out.level_mg_m3[1] > 0.0 && outdoor[t] > out.level_mg_m3[1]) {
        const std::size_t i = t * zones + static_cast<std::size_t>(z);
        zone_people_l2[i] += out.node_people[v];
        zone_worst_l2[i] = std::max(zone_worst_l2[i], outdoor[t] / out.level_mg_m3[1]);
      }
      ppm[t] = mg_m3_to_ppm(outdoor[t], c.molar_mass_g_mol);
    }
    out.dose_mg_min_m3[v] = toxic_load_ppm_n_min(times, outdoor, 1.0);
    if (out.peak_out_mg_m3[v] > 0.0)
      for (const auto& [name, node] : region.places)
        if (static_cast<std::size_t>(node) == v) out.place_series.push_back({name, node, outdoor, indoor});
    if (!std::isnan(c.ten_berge_n)) out.toxic_load[v] = toxic_load_ppm_n_min(times, ppm, c.ten_berge_n);
  }
  for (std::size_t t = 0; t < nt; ++t)
    for (std::size_t z = 0; z < zones; ++z)
      if (zone_worst_l2[t * zones + z] > 0.0)
        out.zone_exposure.push_back({times[t], static_cast<int>(z), zone_people_l2[t * zones + z], zone_worst_l2[t * zones + z]});

  // Roads: an edge with an end in the closure zone closes to the unprotected
  // classes; to the protected, except the edges at a scene (they approach it
  // from outside the zone, from upwind).
  out.vehicle_classes = model.vehicle_classes;
  if (spec.protected_classes_given) {
    for (const std::string& name : spec.protected_vehicle_classes)
      for (std::size_t k = 0; k < model.vehicle_classes.size(); ++k)
        if (model.vehicle_classes[k] == name) out.protected_classes |= VehicleClassSet{1} << k;
  } else {
    const int hazmat = capability_index("hazmat");
    for (std::size_t k = 0; k < model.vehicle_classes.size(); ++k) {
      bool any = false, all = true;
      for (const ResponseModel::Unit& u : model.units) {
        if (static_cast<std::size_t>(u.vehicle_class) != k) continue;
        any = true;
        all = all && (u.capabilities & (CapabilitySet{1} << hazmat)) != 0;
      }
      if (any && all) out.protected_classes |= VehicleClassSet{1} << k;
    }
  }
  const VehicleClassSet everyone = model.vehicle_classes.size() >= 32
                                       ? kAllVehicleClasses
                                       : (VehicleClassSet{1} << model.vehicle_classes.size()) - 1;
  const VehicleClassSet unprotected = everyone & ~out.protected_classes;
  std::vector<std::int64_t> receptor_of(n, -1);
  for (std::size_t r = 0; r < receptor_node.size(); ++r) receptor_of[receptor_node[r]] = static_cast<std::int64_t>(r);
  std::vector<char> scene(n, 0);
  for (NodeId s : out.release_nodes) scene[static_cast<std::size_t>(s)] = 1;
  struct EdgeState {
    bool closed_all = false, closed_protected = false;
  };
  std::vector<EdgeState> state(net.edge_count());
  std::vector<char> ever(net.edge_count(), 0);
  // Roads are checked every road_interval: a node counts as in the zone for
  // the interval when it is at any output time within it (closed early
  // rather than late), which spares the response a replan every minute.
  std::vector<char> block(receptors.size(), 0);
  for (std::size_t t = 0; t < nt;) {
    const double until = times[t] + std::max(spec.road_interval_s, spec.output_interval_s) - 1e-6;
    std::fill(block.begin(), block.end(), 0);
    const std::size_t first = t;
    for (; t < nt && times[t] < until; ++t)
      for (std::size_t r = 0; r < receptors.size(); ++r) block[r] = block[r] || inside[t][r];
    for (std::size_t e = 0; e < net.edge_count(); ++e) {
      const auto edge = static_cast<EdgeId>(e);
      const auto u = static_cast<std::size_t>(net.tail(edge)), w = static_cast<std::size_t>(net.head(edge));
      const bool in_u = receptor_of[u] >= 0 && block[static_cast<std::size_t>(receptor_of[u])];
      const bool in_w = receptor_of[w] >= 0 && block[static_cast<std::size_t>(receptor_of[w])];
      const bool in_zone = in_u || in_w;
      const bool for_protected = in_zone && !scene[u] && !scene[w];
      EdgeState& st = state[e];
      if (in_zone != st.closed_all && unprotected != 0) {
        out.changes.push_back({times[first], edge, in_zone, unprotected});
        ever[e] = 1;
      }
      if (for_protected != st.closed_protected && out.protected_classes != 0)
        out.changes.push_back({times[first], edge, for_protected, out.protected_classes});
      st.closed_all = in_zone;
      st.closed_protected = for_protected;
    }
  }
  out.edges_ever_closed = static_cast<std::size_t>(std::count(ever.begin(), ever.end(), 1));

  // People above each level with nobody warned.
  out.no_action.resize(region.zones.size());
  for (std::size_t z = 0; z < region.zones.size(); ++z) out.no_action[z].zone = static_cast<int>(z);
  for (std::size_t v = 0; v < n; ++v) {
    const int z = region.node_zone[v];
    if (z < 0) continue;
    for (std::size_t k = 0; k < kAeglLevels; ++k) {
      if (out.arrival_out_s[k][v] < kInf) out.no_action[static_cast<std::size_t>(z)].outdoors[k] += out.node_people[v] * spec.outdoor_share;
      if (out.arrival_in_s[k][v] < kInf)
        out.no_action[static_cast<std::size_t>(z)].indoors[k] += out.node_people[v] * (1.0 - spec.outdoor_share);
    }
  }

  // The protective action of each zone, by the rule.
  const ProtectiveActionSpec& pa = spec.protective_action;
  const auto& rule_arrival = out.arrival_out_s[static_cast<std::size_t>(pa.level - 1)];
  out.zone_arrival_s.assign(region.zones.size(), kInf);
  for (std::size_t v = 0; v < n; ++v)
    if (region.node_zone[v] >= 0)
      out.zone_arrival_s[static_cast<std::size_t>(region.node_zone[v])] =
          std::min(out.zone_arrival_s[static_cast<std::size_t>(region.node_zone[v])], rule_arrival[v]);
  out.zone_shelters.assign(region.zones.size(), pa.default_action == ProtectiveActionSpec::Action::shelter);
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    if (pa.evacuate_if_arrival_after_s)
      out.zone_shelters[z] = !(out.zone_arrival_s[z] - out.first_release_s > *pa.evacuate_if_arrival_after_s);
    if (const auto it = pa.zones.find(region.zones[z].id); it != pa.zones.end())
      out.zone_shelters[z] = it->second == ProtectiveActionSpec::Action::shelter;
  }
  out.action_level = pa.level;
  out.arrival.hazard = "chemical";
  out.arrival.node_arrival_s = rule_arrival;

  // Casualty calls: per zone, per_person for each person above AEGL-2, at the
  // nodes where people were exposed, in the order the gas reached them.
  if (spec.casualties && out.level_mg_m3[1] > 0.0) {
    const ChemicalCasualtySpec& cs = *spec.casualties;
    for (std::size_t z = 0; z < region.zones.size(); ++z) {
      const double exposed = out.no_action[z].outdoors[1] + out.no_action[z].indoors[1];
      const auto calls = static_cast<std::size_t>(std::floor(cs.per_person * exposed + 0.5));
      if (calls == 0) continue;
      std::vector<std::pair<double, std::size_t>> nodes;  // (arrival, node)
      for (std::size_t v = 0; v < n; ++v)
        if (region.node_zone[v] == static_cast<int>(z) && out.arrival_out_s[1][v] < kInf)
          nodes.emplace_back(out.arrival_out_s[1][v], v);
      if (nodes.empty()) continue;
      std::sort(nodes.begin(), nodes.end());
      double cum = 0.0, total = 0.0;
      for (const auto& [t, v] : nodes) total += std::max(out.node_people[v], 1e-9);
      std::size_t k = 0;
      for (const auto& [t, v] : nodes) {
        cum += std::max(out.node_people[v], 1e-9);
        while (k < calls && (static_cast<double>(k) + 0.5) / static_cast<double>(calls) * total <= cum) {
          if (t <= scenario.horizon_s)
            out.casualty_calls.push_back({t, static_cast<int>(z), static_cast<NodeId>(v), cs.type, cs.severity});
          ++k;
        }
      }
    }
    std::stable_sort(out.casualty_calls.begin(), out.casualty_calls.end(),
                     [](const RaisedIncident& a, const RaisedIncident& b) { return a.time_s < b.time_s; });
  }

  // The map grid: around the nodes above the lowest level, 1 km wider.
  double lowest = kInf;
  for (double l : out.level_mg_m3)
    if (l > 0.0) lowest = std::min(lowest, l);
  double x0 = kInf, y0 = kInf, x1 = -kInf, y1 = -kInf;
  const auto grow = [&](double x, double y) {
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
  };
  for (NodeId s : out.release_nodes) grow(net.x_m(s), net.y_m(s));
  for (std::size_t v = 0; v < n; ++v)
    if (out.peak_out_mg_m3[v] > lowest) grow(net.x_m(static_cast<NodeId>(v)), net.y_m(static_cast<NodeId>(v)));
  double cell = spec.cell_size_m;
  const double margin = 1000.0;
  x0 -= margin, y0 -= margin, x1 += margin, y1 += margin;
  while ((x1 - x0) / cell * (y1 - y0) / cell > 250000.0) cell *= 2.0;
  ChemicalGrid& g = out.grid;
  g.cell_size_m = cell;
  g.x0_m = x0;
  g.y0_m = y0;
  g.nx = static_cast<std::size_t>(std::ceil((x1 - x0) / cell));
  g.ny = static_cast<std::size_t>(std::ceil((y1 - y0) / cell));
  std::vector<Receptor> cells;
  cells.reserve(g.nx * g.ny);
  for (std::size_t row = 0; row < g.ny; ++row) {
    for (std::size_t col = 0; col < g.nx; ++col) {
      const double x = x0 + (static_cast<double>(col) + 0.5) * cell, y = y0 + (static_cast<double>(row) + 0.5) * cell;
      DispersionTerrain terrain = DispersionTerrain::rural;
      if (net.has_coordinates()) {
        double lon = 0, lat = 0;
        net.projection().inverse(x, y, lon, lat);
        if (const auto z = zone_index_at(region.zones, {lon, lat})) terrain = terrain_of_zone(region, static_cast<int>(*z));
      }
      cells.push_back({x, y, terrain});
    }
  }
  const ConcentrationSeries grid = disperse(spec, releases, out.release_nodes, region, weather, cells, times, "grid", on_progress);
  g.peak_mg_m3.assign(cells.size(), 0.0);
  double next_frame_s = out.first_release_s;  // a frame at the first output time at or after each multiple
  for (std::size_t t = 0; t < nt; ++t) {
    const bool frame = spec.frame_interval_s > 0.0 && times[t] >= next_frame_s - 1e-6;
    if (frame) {
      while (next_frame_s <= times[t] + 1e-6) next_frame_s += spec.frame_interval_s;
      g.frame_times_s.push_back(times[t]);
      g.frames_mg_m3.emplace_back(cells.size());
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const double v = grid.at(t, i) * kMgPerKg;
      g.peak_mg_m3[i] = std::max(g.peak_mg_m3[i], v);
      if (frame) g.frames_mg_m3.back()[i] = v;
    }
  }
  return out;
}

void apply_protective_actions(const ScenarioChemical& chemical, WarningModel& warning) {
  warning.shelter_in_place.assign(warning.zones.size(), 0);
  for (std::size_t z = 0; z < warning.zones.size(); ++z) {
    const int rz = warning.zones[z].region_zone;
    if (rz >= 0 && static_cast<std::size_t>(rz) < chemical.zone_shelters.size())
      warning.shelter_in_place[z] = chemical.zone_shelters[static_cast<std::size_t>(rz)];
  }
  // The warning chain reads the outdoor arrival of the rule's level; people sheltering meet the indoor one.
  warning.indoor_arrival_s = chemical.arrival_in_s[static_cast<std::size_t>(chemical.action_level - 1)];
}

std::vector<ZoneChemicalExposure> chemical_exposure(const ScenarioChemical& chem, const Region& region,
                                                    const WarningModel& warning, const WarningOutcome& outcome,
                                                    double outdoor_share) {
  std::vector<ZoneChemicalExposure> out = chem.no_action;
  // Zones of the warning section: their households instead.
  std::vector<char> warned_zone(region.zones.size(), 0);
  for (const WarningZone& z : warning.zones)
    if (z.region_zone >= 0) warned_zone[static_cast<std::size_t>(z.region_zone)] = 1;
  for (std::size_t z = 0; z < out.size(); ++z) {
    if (!warned_zone[z]) continue;
    out[z].outdoors.fill(0.0);
    out[z].indoors.fill(0.0);
  }
  for (const HouseholdRecord& h : outcome.households) {
    const int rz = warning.zones[h.zone].region_zone;
    if (rz < 0) continue;
    const auto v = static_cast<std::size_t>(h.home);
    const double people = static_cast<double>(h.people);
    const double leave = h.departed_s;
    const double shelter = h.sheltered_in_place_s;
    ZoneChemicalExposure& e = out[static_cast<std::size_t>(rz)];
    for (std::size_t k = 0; k < kAeglLevels; ++k) {
      const double in = chem.arrival_in_s[k][v], outside = chem.arrival_out_s[k][v];
      if (in < leave) e.indoors[k] += people * (1.0 - outdoor_share);
      if (outside < std::min(shelter, leave) || (shelter < kInf && in < leave)) e.outdoors[k] += people * outdoor_share;
    }
  }
  return out;
}

}  // namespace dsim
