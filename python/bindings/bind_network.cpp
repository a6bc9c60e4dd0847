// SPDX-License-Identifier: MIT
// disastersim._core.RoadNetwork: the road graph, its searches and coverage.
#include "python/bindings/bindings.hpp"
#include "sim/network/coverage.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/network/load_network.hpp"
#include "sim/network/road_network.hpp"
#include "sim/network/synthetic_region.hpp"
#include "sim/network/travel_times.hpp"
#include "sim/run/region_loader.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace py = pybind11;

namespace dsim::python {

namespace {

using NetworkPtr = std::shared_ptr<RoadNetwork>;

// A read-only numpy view of memory owned by `owner` (no copy): the array
// keeps the owner alive.
template <class T>
py::array view_of(std::span<const T> values, py::handle owner) {
  py::array a(py::dtype::of<T>(), {values.size()}, {sizeof(T)}, values.data(), owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

// A numpy array that takes over a vector's storage.
template <class T>
py::array_t<T> take(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  std::vector<py::ssize_t> strides(shape.size(), static_cast<py::ssize_t>(sizeof(T)));
  for (std::size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return py::array_t<T>(std::move(shape), std::move(strides), owned->data(), owner);
}

template <class T>
py::array_t<T> take(std::vector<T>&& values) {
  const auto n = static_cast<py::ssize_t>(values.size());
  return take(std::move(values), {n});
}

NodeId checked_node(const RoadNetwork& net, std::int64_t i) {
  if (i < 0 || static_cast<std::uint64_t>(i) >= net.node_count())
    throw py::index_error("node index " + std::to_string(i) + " is outside 0.." +
                          std::to_string(net.node_count() - 1));
  return NodeId{static_cast<std::uint32_t>(i)};
}

std::vector<NodeId> checked_nodes(const RoadNetwork& net, const py::handle& values) {
  auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(
      py::module_::import("numpy").attr("asarray")(values, "int64"));
  if (!a || a.ndim() > 1) throw py::value_error("expected a one-dimensional sequence of node indices");
  std::vector<NodeId> nodes;
  nodes.reserve(static_cast<std::size_t>(a.size()));
  for (py::ssize_t k = 0; k < a.size(); ++k) nodes.push_back(checked_node(net, a.data()[k]));
  return nodes;
}

std::vector<double> doubles(const py::handle& values) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(
      py::module_::import("numpy").attr("asarray")(values, "float64"));
  if (!a || a.ndim() > 1) throw py::value_error("expected a one-dimensional sequence of numbers");
  return {a.data(), a.data() + a.size()};
}

SpeedTableKind speed_table_of(const std::string& name) {
  if (name == "default" || name == "general") return SpeedTableKind::general;
  if (name == "china") return SpeedTableKind::china;
  throw py::value_error("speed_table: expected 'default', 'general' or 'china', got '" + name + "'");
}

py::dict zone_dict(const Zone& z) {
  py::list polygon;
  for (const LonLat& p : z.polygon) polygon.append(py::make_tuple(p.lon, p.lat));
  py::dict d;
  d["id"] = z.id;
  d["name"] = z.name;
  d["type"] = std::string(zone_type_name(z.type));
  d["population"] = z.population;
  d["polygon"] = polygon;
  return d;
}

}  // namespace

void bind_network(py::module_& m) {
  py::list class_names;
  for (int c = 0; c < kRoadClassCount; ++c) class_names.append(std::string(road_class_name(static_cast<RoadClass>(c))));
  m.attr("ROAD_CLASS_NAMES") = class_names;

  py::class_<RoadNetwork, NetworkPtr>(
      m, "RoadNetwork",
      "An immutable directed road graph (largest strongly connected component). Nodes are 0..n-1 and edges\n"
      "0..m-1; per-node and per-edge arrays are read-only views into the network (no copy).")
      .def_property_readonly("source", &RoadNetwork::source)
      .def_property_readonly("node_count", &RoadNetwork::node_count)
      .def_property_readonly("edge_count", &RoadNetwork::edge_count)
      .def_property_readonly("has_coordinates", &RoadNetwork::has_coordinates)
      .def_property_readonly("node_id", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().external_ids(), self); },
                             "External node id per node (as in the file)")
      .def_property_readonly("lon", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().lons(), self); })
      .def_property_readonly("lat", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().lats(), self); })
      .def_property_readonly("x_m", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().xs_m(), self); })
      .def_property_readonly("y_m", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().ys_m(), self); })
      .def_property_readonly("tail", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().tails(), self); })
      .def_property_readonly("head", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().heads(), self); })
      .def_property_readonly("length_m",
                             [](py::object self) { return view_of(self.cast<const RoadNetwork&>().lengths_m(), self); })
      .def_property_readonly("speed_mps",
                             [](py::object self) { return view_of(self.cast<const RoadNetwork&>().speeds_mps(), self); })
      .def_property_readonly(
          "travel_time_s", [](py::object self) { return view_of(self.cast<const RoadNetwork&>().travel_times_s(), self); })
      .def_property_readonly("way_id",
                             [](py::object self) { return view_of(self.cast<const RoadNetwork&>().way_ids(), self); })
      .def_property_readonly(
          "road_class",
          [](py::object self) {
            const auto classes = self.cast<const RoadNetwork&>().road_classes();
            static_assert(sizeof(RoadClass) == sizeof(std::uint8_t));
            return view_of(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(classes.data()),
                                                         classes.size()),
                           self);
          },
          "Road class code per edge (index into ROAD_CLASS_NAMES)")
      .def_property_readonly(
          "twin",
          [](const RoadNetwork& net) {
            std::vector<std::int64_t> twin(net.edge_count());
            for (std::size_t e = 0; e < twin.size(); ++e) {
              const EdgeId t = net.twin(EdgeId{static_cast<std::uint32_t>(e)});
              twin[e] = t == kNoEdge ? -1 : static_cast<std::int64_t>(index(t));
            }
            return take(std::move(twin));
          },
          "The opposite direction of the same road per edge, or -1 (a copy)")
      .def_property_readonly(
          "bridge",
          [](const RoadNetwork& net) {
            py::array_t<bool> out(static_cast<py::ssize_t>(net.edge_count()));
            auto v = out.mutable_unchecked<1>();
            for (py::ssize_t e = 0; e < v.shape(0); ++e) v(e) = net.is_bridge(EdgeId{static_cast<std::uint32_t>(e)});
            return out;
          },
          "OSM bridge=* per edge (a copy)")
      .def_property_readonly(
          "tunnel",
          [](const RoadNetwork& net) {
            py::array_t<bool> out(static_cast<py::ssize_t>(net.edge_count()));
            auto v = out.mutable_unchecked<1>();
            for (py::ssize_t e = 0; e < v.shape(0); ++e) v(e) = net.is_tunnel(EdgeId{static_cast<std::uint32_t>(e)});
            return out;
          },
          "OSM tunnel=* per edge (a copy)")
      .def(
          "edge_geometries",
          [](const RoadNetwork& net, bool one_per_road) {
            std::vector<std::int64_t> edges, offsets{0};
            std::vector<double> lon, lat;
            for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
              const EdgeId id{e};
              const EdgeId twin = net.twin(id);
              if (one_per_road && twin != kNoEdge && index(twin) < e) continue;
              edges.push_back(e);
              for (const LonLat& p : net.geometry(id)) {
                lon.push_back(p.lon);
                lat.push_back(p.lat);
              }
              offsets.push_back(static_cast<std::int64_t>(lon.size()));
            }
            py::dict d;
            d["edge"] = take(std::move(edges));
            d["offsets"] = take(std::move(offsets));
            d["lon"] = take(std::move(lon));
            d["lat"] = take(std::move(lat));
            return d;
          },
          py::arg("one_per_road") = true,
          "Each edge's polyline (tail, its OSM shape points, head) as flat arrays: edge, offsets (points of "
          "edge[i] are lon/lat[offsets[i]:offsets[i+1]]), lon, lat. one_per_road: an edge and its twin once.")
      .def_property_readonly(
          "summary",
          [](const RoadNetwork& net) {
            const NetworkSummary s = net.summary();
            py::dict by_class;
            for (int c = 0; c < kRoadClassCount; ++c)
              if (s.road_km_by_class[c] > 0.0)
                by_class[py::str(std::string(road_class_name(static_cast<RoadClass>(c))))] = s.road_km_by_class[c];
            py::dict d;
            d["nodes"] = s.node_count;
            d["edges"] = s.edge_count;
            d["road_km"] = s.road_km;
            d["directed_km"] = s.directed_km;
            d["road_km_by_class"] = by_class;
            d["components"] = s.build.component_count;
            d["nodes_dropped"] = s.build.nodes_dropped;
            d["edges_dropped"] = s.build.edges_dropped;
            d["bounding_box"] = py::make_tuple(s.bounding_box.min_lon, s.bounding_box.min_lat,
                                               s.bounding_box.max_lon, s.bounding_box.max_lat);
            return d;
          },
          "Counts, road-km (by class), components and bounding box (min_lon, min_lat, max_lon, max_lat)")
      .def(
          "nearest_node",
          [](const RoadNetwork& net, double lon, double lat) {
            return static_cast<std::int64_t>(index(net.nearest_node(lon, lat)));
          },
          py::arg("lon"), py::arg("lat"), "Index of the node closest to a point")
      .def(
          "travel_times_from",
          [](const RoadNetwork& net, std::int64_t node, double limit_s) {
            const NodeId source = checked_node(net, node);
            std::vector<double> times;
            {
              py::gil_scoped_release release;
              Router router(net);
              SearchRequest request = router.travel_times_from(source);
              times = (std::isinf(limit_s) ? request.everywhere() : request.within(limit_s)).to_vector();
            }
            return take(std::move(times));
          },
          py::arg("node_index"), py::arg("limit_s") = kUnreachable,
          "Free-flow travel time in seconds from a node to every node (inf beyond limit_s or unreachable).\n"
          "Releases the GIL.")
      .def(
          "travel_time_matrix",
          [](const RoadNetwork& net, const py::handle& sources, int threads, double limit_s) {
            const std::vector<NodeId> rows = checked_nodes(net, sources);
            MatrixOptions options;
            options.threads = threads;
            options.limit_s = limit_s;
            TravelTimeMatrix matrix;
            {
              py::gil_scoped_release release;
              matrix = travel_time_matrix(net, rows, {}, options);
            }
            const auto r = static_cast<py::ssize_t>(matrix.rows), c = static_cast<py::ssize_t>(matrix.cols);
            return take(std::move(matrix.values_s), {r, c});
          },
          py::arg("sources"), py::arg("threads") = 0, py::arg("limit_s") = kUnreachable,
          "Travel times from each source (row) to every node (column), in parallel over `threads` OpenMP\n"
          "threads (0: the default). Releases the GIL.")
      .def(
          "coverage",
          [](const RoadNetwork& net, const py::handle& station_nodes, double minutes, const py::object& demand,
             const py::object& turnout_s) {
            const std::vector<NodeId> nodes = checked_nodes(net, station_nodes);
            if (nodes.empty()) throw py::value_error("coverage: give at least one station node");
            std::vector<double> turnouts = doubles(turnout_s);
            if (turnouts.size() == 1) turnouts.assign(nodes.size(), turnouts.front());
            if (turnouts.size() != nodes.size())
              throw py::value_error("coverage: turnout_s must be one number or one per station");
            std::vector<double> weights;
            if (!demand.is_none()) weights = doubles(demand);
            if (!(minutes >= 0.0) || !std::isfinite(minutes))
              throw py::value_error("coverage: minutes must be finite and >= 0");
            std::vector<Station> stations;
            for (std::size_t i = 0; i < nodes.size(); ++i) {
              if (!(turnouts[i] >= 0.0) || !std::isfinite(turnouts[i]))
                throw py::value_error("coverage: turnout_s must be finite and >= 0");
              stations.push_back({nodes[i], turnouts[i]});
            }
            Coverage c;
            {
              py::gil_scoped_release release;
              Router router(net);
              c = compute_coverage(router, stations, 60.0 * minutes, weights);
            }
            py::dict d;
            d["limit_s"] = c.limit_s;
            d["stations"] = stations.size();
            d["node_share"] = c.node_share();
            d["road_share"] = c.road_share();
            d["demand_share"] = demand.is_none() ? py::object(py::none()) : py::object(py::float_(c.demand_share()));
            d["nodes_covered"] = c.nodes_covered;
            d["node_count"] = c.node_count;
            d["road_km"] = c.road_km;
            d["road_km_covered"] = c.road_km_covered;
            d["demand_total"] = c.demand_total;
            d["demand_covered"] = c.demand_covered;
            d["best_time_s"] = take(std::move(c.best_time_s));
            d["best_station"] = take(std::move(c.best_station));
            d["edge_covered_fraction"] = take(std::move(c.edge_covered_fraction));
            return d;
          },
          py::arg("station_nodes"), py::arg("minutes") = 5.0, py::arg("demand") = py::none(),
          py::arg("turnout_s") = 0.0,
          "Which nodes, road-km and demand lie within `minutes` (turnout included) of any station.\n"
          "Returns shares, totals, and per node best_time_s (inf beyond the limit) and best_station (-1),\n"
          "per edge edge_covered_fraction. Releases the GIL.");

  m.def(
      "load_network",
      [](const std::string& path, const std::string& speed_table) {
        LoadOptions options;
        options.osm.speed_table = speed_table_of(speed_table);
        py::gil_scoped_release release;
        return std::make_shared<RoadNetwork>(load_road_network(path, options));
      },
      py::arg("path"), py::arg("speed_table") = "default",
      "Loads a road network file (OSM PBF/XML, CSV directory or nodes/edges.csv, DIMACS .gr) and keeps its\n"
      "largest strongly connected component. Raises InputError on a bad file. Releases the GIL.");

  m.def(
      "synthetic_region",
      [](std::uint64_t seed, std::size_t nodes) {
        SyntheticRegionOptions options;
        options.seed = seed;
        options.target_nodes = nodes;
        std::shared_ptr<RoadNetwork> net;
        SyntheticRegion region;
        {
          py::gil_scoped_release release;
          region = generate_synthetic_region(options);
          net = std::make_shared<RoadNetwork>(build_road_network(region.network));
        }
        py::list zones;
        for (const Zone& z : region.zones) zones.append(zone_dict(z));
        return py::make_tuple(net, zones);
      },
      py::arg("seed") = 7, py::arg("nodes") = 30000,
      "Generates the synthetic Ordos-like region: (RoadNetwork, list of zone dicts with id, name, type,\n"
      "population and polygon). Releases the GIL while generating.");

  m.def(
      "scenario_region",
      [](const std::string& path, const std::string& text, const std::string& source_name,
         const std::string& base_dir) {
        std::shared_ptr<RoadNetwork> net;
        std::vector<Zone> region_zones;
        {
          py::gil_scoped_release release;
          const Scenario scenario = load_scenario(source_of(path, text, source_name));
          Region region =
              load_region(scenario.region, base_dir, scenario.source_path.empty() ? source_name : scenario.source_path);
          net = std::make_shared<RoadNetwork>(std::move(region.network));
          region_zones = std::move(region.zones);
        }
        py::list zones;
        for (const Zone& z : region_zones) zones.append(zone_dict(z));
        return py::make_tuple(net, zones);
      },
      py::arg("path"), py::arg("text"), py::arg("source_name"), py::arg("base_dir") = "",
      "The region a scenario names (a file, or YAML/JSON text when path is empty; relative region files are\n"
      "taken from base_dir): (RoadNetwork, list of zone dicts). Raises InputError or ScenarioError.");
}

}  // namespace dsim::python
