// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/run/placement_run.hpp"
#include "sim/scenario/scenario_merge.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace py = pybind11;

namespace dsim::python {

namespace {

template <class T>
py::array_t<T> to_array(const std::vector<T>& values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

std::vector<std::string> strings_of(const py::object& o) {
  if (o.is_none()) return {};
  if (py::isinstance<py::str>(o)) return {o.cast<std::string>()};
  return o.cast<std::vector<std::string>>();
}

PlacementRequest request_of(const py::dict& o) {
  PlacementRequest r;
  const std::string model = o["model"].cast<std::string>();
  if (!parse_siting_model(model, r.model))
    throw InputError("disastersim.place", 0, "model", "lscp, mclp, mexclp or backup", model);
  const long long n = o["new_stations"].cast<long long>();
  if (n < 0) throw InputError("disastersim.place", 0, "new_stations", "a number of stations >= 1", std::to_string(n));
  r.new_stations = static_cast<std::size_t>(n);
  r.busy_probability = o["busy_probability"].cast<double>();
  r.first_cover_weight = o["backup_weight"].cast<double>();
  PlacementOptions& p = r.problem;
  p.limit_s = 60.0 * o["minutes"].cast<double>();
  for (const auto& [type, minutes] : o["limits"].cast<py::dict>())
    p.limit_s_by_zone_type[type.cast<std::string>()] = 60.0 * minutes.cast<double>();
  p.default_turnout_s = o["turnout_s"].cast<double>();
  const std::string existing = o["existing"].cast<std::string>();
  if (existing != "fixed" && existing != "may-close")
    throw InputError("disastersim.place", 0, "existing", "fixed or may-close", existing);
  p.existing_may_close = existing == "may-close";
  p.demand_csv = o["demand_csv"].cast<std::string>();
  if (!o["demand_zone_types"].is_none()) p.demand_zone_types = strings_of(o["demand_zone_types"]);
  p.candidate_zones = strings_of(o["candidate_zones"]);
  p.candidate_zone_types = strings_of(o["candidate_zone_types"]);
  p.candidate_csv = o["candidates_csv"].cast<std::string>();
  const long long stride = o["candidate_stride"].cast<long long>();
  if (stride < 1)
    throw InputError("disastersim.place", 0, "candidate_stride", "an integer >= 1", std::to_string(stride));
  p.candidate_stride = static_cast<std::size_t>(stride);
  r.team_template = o["team"].cast<std::string>();
  const long long curve = o["curve"].cast<long long>();
  if (curve < 0) throw InputError("disastersim.place", 0, "curve", "a number of stations >= 1", std::to_string(curve));
  r.curve_max = static_cast<std::size_t>(curve);
  r.simulate = o["simulate"].cast<bool>();
  r.allow_uncoverable = o["allow_uncoverable"].cast<bool>();
  r.exact = o["exact"].cast<bool>();
  r.gap_report = o["gap"].cast<bool>();
  r.time_limit_s = o["time_limit_s"].cast<double>();
  if (!(r.time_limit_s > 0.0))
    throw InputError("disastersim.place", 0, "time_limit_s", "a number of seconds > 0", std::to_string(r.time_limit_s));
  r.replications = static_cast<std::size_t>(std::max(0LL, o["replications"].cast<long long>()));
  const long long seed = o["seed"].cast<long long>();
  if (seed >= 0) r.seed = static_cast<std::uint64_t>(seed);
  return r;
}

py::dict interval_dict(const ConfidenceInterval& c) {
  py::dict d;
  d["mean"] = c.mean;
  d["half_width"] = c.half_width;
  d["lower"] = c.lower();
  d["upper"] = c.upper();
  d["replications"] = c.count;
  return d;
}

}  // namespace

void bind_placement(py::module_& m) {
  m.def(
      "place_stations",
      [](const std::string& path, const std::string& text, const std::string& source_name, const py::dict& options,
         int threads, const py::object& progress) {
        PlacementRequest request = request_of(options);
        PythonProgress show(progress);
        if (show.enabled())
          request.on_progress = [&show](const char* stage, std::size_t done, std::size_t total) {
            show(stage, done, total);
          };
        std::unique_ptr<PlacementOutcome> out;
        {
          py::gil_scoped_release release;
          out = std::make_unique<PlacementOutcome>(
              place_stations(load_scenario(source_of(path, text, source_name)), request, threads));
        }
        const PlacementProblem& p = out->problem;
        const Region& region = *out->prepared.region;
        const RoadNetwork& net = region.network;
        const bool coords = net.has_coordinates();
        const double nan = std::nan("");

        // Sites: the existing stations and every candidate.
        std::vector<std::int64_t> s_node;
        std::vector<double> s_lon, s_lat, s_turnout;
        std::vector<std::uint8_t> s_existing, s_open, s_new;
        std::vector<std::string> s_station, s_label, s_near;
        std::vector<std::uint8_t> open(p.sites.size(), 0);
        for (std::uint32_t s : out->plan.sites) open[s] = 1;
        std::vector<const PlannedStation*> planned(p.sites.size(), nullptr);
        for (const PlannedStation& ps : out->stations) planned[ps.site] = &ps;
        for (std::size_t s = 0; s < p.sites.size(); ++s) {
          const auto& site = p.sites[s];
          s_node.push_back(net.external_id(site.node));
          s_lon.push_back(coords ? net.lon(site.node) : nan);
          s_lat.push_back(coords ? net.lat(site.node) : nan);
          s_turnout.push_back(site.turnout_s);
          s_existing.push_back(site.station >= 0);
          s_open.push_back(open[s]);
          s_new.push_back(planned[s] != nullptr);
          const auto& scenario_stations = out->prepared.scenario.stations;
          s_station.push_back(site.station >= 0 ? scenario_stations[static_cast<std::size_t>(site.station)].id
                                                : (planned[s] ? planned[s]->station.id : std::string()));
          s_label.push_back(site.label);
          s_near.push_back(planned[s] ? planned[s]->near : std::string());
        }
        py::dict sites;
        sites["node"] = to_array(s_node);
        sites["lon"] = to_array(s_lon);
        sites["lat"] = to_array(s_lat);
        sites["turnout_s"] = to_array(s_turnout);
        sites["existing"] = to_array(s_existing);
        sites["open"] = to_array(s_open);
        sites["new"] = to_array(s_new);
        sites["station"] = py::cast(s_station);
        sites["label"] = py::cast(s_label);
        sites["near"] = py::cast(s_near);

        const std::vector<std::uint8_t> before = covered_demand(p, p.existing_sites);
        const std::vector<std::uint8_t> after = covered_demand(p, out->plan.sites);
        std::vector<std::int64_t> d_node;
        std::vector<double> d_lon, d_lat, d_weight, d_limit, d_reach;
        std::vector<std::string> d_zone, d_zone_type;
        for (std::uint32_t d = 0; d < p.demand.size(); ++d) {
          const auto& dp = p.demand[d];
          d_node.push_back(net.external_id(dp.node));
          d_lon.push_back(coords ? net.lon(dp.node) : nan);
          d_lat.push_back(coords ? net.lat(dp.node) : nan);
          d_weight.push_back(dp.weight);
          d_limit.push_back(dp.limit_s);
          d_reach.push_back(p.matrix.nearest_reach_s(d));
          const Zone* z = dp.zone >= 0 ? &region.zones[static_cast<std::size_t>(dp.zone)] : nullptr;
          d_zone.push_back(z ? z->id : std::string());
          d_zone_type.push_back(z ? std::string(zone_type_name(z->type)) : std::string());
        }
        py::dict demand;
        demand["node"] = to_array(d_node);
        demand["lon"] = to_array(d_lon);
        demand["lat"] = to_array(d_lat);
        demand["zone"] = py::cast(d_zone);
        demand["zone_type"] = py::cast(d_zone_type);
        demand["weight"] = to_array(d_weight);
        demand["limit_s"] = to_array(d_limit);
        demand["covered_before"] = to_array(before);
        demand["covered"] = to_array(after);

        py::dict curve;
        std::vector<std::int64_t> c_n;
        std::vector<double> c_share, c_objective;
        for (const auto& c : out->curve) {
          c_n.push_back(static_cast<std::int64_t>(c.new_stations));
          c_share.push_back(c.covered_share);
          c_objective.push_back(c.objective);
        }
        curve["new_stations"] = to_array(c_n);
        curve["covered_share"] = to_array(c_share);
        curve["objective"] = to_array(c_objective);

        py::dict summary;
        summary["model"] = std::string(siting_model_name(request.model));
        summary["limit_s"] = request.problem.limit_s;
        summary["covered_share_before"] = out->covered_share_before;
        summary["covered_share_after"] = out->plan.covered_share();
        summary["objective"] = out->plan.objective;
        summary["new_stations"] = out->stations.size();
        summary["uncoverable_demand"] = out->plan.uncoverable_demand.size();
        if (out->gap) {
          summary["bound"] = out->gap->bound;
          summary["relative_gap"] = out->gap->relative_gap;
          summary["optimal"] = out->gap->heuristic_optimal;
          summary["bound_source"] = std::string(out->gap->source == BoundSource::optimal          ? "optimal"
                                                : out->gap->source == BoundSource::branch_and_cut ? "branch_and_cut"
                                                                                                   : "linear_relaxation");
        }
        summary["exact"] = request.exact;
        if (out->check) {
          summary["simulated_before"] = interval_dict(out->check->before);
          summary["simulated_after"] = interval_dict(out->check->after);
          summary["simulated_seed"] = out->check->seed;
        }

        py::dict result;
        result["sites"] = sites;
        result["demand"] = demand;
        result["curve"] = curve;
        result["summary"] = summary;
        result["yaml"] = placement_yaml(*out, request);
        result["scenario_text"] = placement_scenario_yaml(*out, request, "");
        result["source_text"] = out->prepared.scenario.source_text;
        result["source_path"] = out->prepared.scenario.source_path;
        result["stations_yaml"] = planned_stations_yaml(out->stations, "");
        result["closed_stations"] = closed_stations(*out);
        result["scenario_name"] = out->prepared.scenario.name;
        // The road network goes to Python for the maps; nothing else needs it now.
        result["network"] = std::make_shared<RoadNetwork>(std::move(out->prepared.region->network));
        return result;
      },
      py::arg("path"), py::arg("text"), py::arg("source_name"), py::arg("options"), py::arg("threads") = 0,
      py::arg("progress") = py::none(),
      "Places stations for a scenario (a file, or YAML/JSON text); see disastersim.place. Releases the GIL; "
      "progress(stage, done, total) is called now and then when given.");
  m.def(
      "merge_stations",
      [](const std::string& text, const std::string& scenario_path, const std::string& out_path,
         const std::string& additions_yaml, const std::vector<std::string>& removed, const std::string& header) {
        return merge_stations(text, scenario_path, out_path, StationMerge{additions_yaml, removed, header});
      },
      py::arg("text"), py::arg("scenario_path"), py::arg("out_path"), py::arg("additions_yaml"), py::arg("removed"),
      py::arg("header"),
      "A scenario's text with stations and teams added and some removed, paths rewritten for out_path.");
}

}  // namespace dsim::python
