// SPDX-License-Identifier: MIT
// The only file that includes libosmium: it is heavy to compile.
#include "sim/network/osm_loader.hpp"

#include "sim/core/error.hpp"
#include "sim/network/geodesy.hpp"
#include "sim/network/osm_tags.hpp"

#include <osmium/io/any_input.hpp>
#include <osmium/io/reader.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace dsim {

namespace {

struct WayRecord {
  std::int64_t id;
  std::uint32_t first_ref;
  std::uint32_t ref_count;
  WayProfile profile;
  bool bridge;
  bool tunnel;
};

// bridge=* and tunnel=*: any value but "no" (yes, viaduct, building_passage, ...).
bool tagged(std::string_view value) { return !value.empty() && value != "no"; }

// osmium picks the format from the file name; when the name says nothing,
// look at the first bytes.
osmium::io::File osm_file(const std::filesystem::path& path) {
  osmium::io::File file(path.string());
  if (file.format() != osmium::io::file_format::unknown) return file;
  unsigned char b[16] = {};
  std::FILE* f = std::fopen(path.c_str(), "rb");
  std::size_t n = 0;
  if (f) {
    n = std::fread(b, 1, sizeof b, f);
    std::fclose(f);
  }
  std::string format = "osm";  // XML
  if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
    format = "osm.gz";
  else if (n >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h')
    format = "osm.bz2";
  else if (n >= 15 && std::memcmp(b + 6, "OSMHeader", 9) == 0)
    format = "pbf";
  return osmium::io::File(path.string(), format);
}

// Runs one pass over the file; rethrows reader errors as InputError.
template <class Body>
void read_pass(const std::filesystem::path& path, osmium::osm_entity_bits::type entities, Body&& body) {
  const std::string name = path.string();
  std::string last = "the start of the file";
  std::size_t offset = 0;
  try {
    osmium::io::Reader reader(osm_file(path), entities, osmium::io::read_meta::no);
    while (osmium::memory::Buffer buffer = reader.read()) {
      offset = reader.offset();
      for (const osmium::OSMObject& object : buffer.select<osmium::OSMObject>()) {
        body(object);
        last = std::string(osmium::item_type_to_name(object.type())) + " " + std::to_string(object.id());
      }
    }
    reader.close();
  } catch (const InputError&) {
    throw;
  } catch (const osmium::xml_error& e) {
    throw InputError(name, e.line, "", "well-formed OSM XML", e.error_string);
  } catch (const std::exception& e) {
    const bool pbf = osm_file(path).format() == osmium::io::file_format::pbf;
    throw InputError(name, 0, "after " + last + ", byte " + std::to_string(offset),
                     pbf ? "a complete, valid OSM PBF file" : "a complete, valid OSM file", e.what());
  }
}

}  // namespace

RawNetwork load_osm(const std::filesystem::path& path, const OsmOptions& options, OsmLoadReport* report_out) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(name, 0, "", "an existing OSM file");
  SpeedTable speeds = SpeedTable::of(options.speed_table);
  speeds.override_with(options.speed_overrides_kph);
  OsmLoadReport report;

  // Pass 1: drivable ways and the nodes they use.
  std::vector<WayRecord> ways;
  std::vector<std::int64_t> refs;
  std::vector<std::int64_t> forced;  // way ends, and a middle node of closed ways
  read_pass(path, osmium::osm_entity_bits::way, [&](const osmium::OSMObject& object) {
    const auto& way = static_cast<const osmium::Way&>(object);
    OsmWayTags t;
    std::string_view bridge, tunnel;
    for (const osmium::Tag& tag : way.tags()) {
      const std::string_view k = tag.key(), v = tag.value();
      if (k == "highway") t.highway = v;
      else if (k == "oneway") t.oneway = v;
      else if (k == "junction") t.junction = v;
      else if (k == "maxspeed") t.maxspeed = v;
      else if (k == "maxspeed:forward") t.maxspeed_forward = v;
      else if (k == "maxspeed:backward") t.maxspeed_backward = v;
      else if (k == "access") t.access = v;
      else if (k == "vehicle") t.vehicle = v;
      else if (k == "motor_vehicle") t.motor_vehicle = v;
      else if (k == "motorcar") t.motorcar = v;
      else if (k == "emergency") t.emergency = v;
      else if (k == "area") t.area = v;
      else if (k == "bridge") bridge = v;
      else if (k == "tunnel") tunnel = v;
    }
    if (t.highway.empty()) return;
    const WayProfile profile = classify_way(t, speeds, options.include_track, options.use_maxspeed);
    const auto& nodes = way.nodes();
    if (!profile.drivable || nodes.size() < 2) return;
    ++report.ways_drivable;
    if (refs.size() + nodes.size() >= 0xFFFFFFFFu) throw InputError(name, 0, "", "fewer than 2^32 way node references");
    ways.push_back({way.id(), static_cast<std::uint32_t>(refs.size()), static_cast<std::uint32_t>(nodes.size()), profile,
                    tagged(bridge), tagged(tunnel)});
    for (const osmium::NodeRef& r : nodes) refs.push_back(r.ref());
    forced.push_back(nodes.front().ref());
    forced.push_back(nodes.back().ref());
    if (nodes.front().ref() == nodes.back().ref()) forced.push_back(nodes[nodes.size() / 2].ref());
  });

  // Unique node ids; graph nodes are used twice or more, or forced.
  std::vector<std::int64_t> ids = refs;
  std::sort(ids.begin(), ids.end());
  std::vector<std::uint8_t> is_graph_node;
  {
    std::vector<std::int64_t> unique;
    unique.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size();) {
      std::size_t j = i;
      while (j < ids.size() && ids[j] == ids[i]) ++j;
      unique.push_back(ids[i]);
      is_graph_node.push_back(j - i >= 2);
      i = j;
    }
    ids = std::move(unique);
  }
  auto position = [&](std::int64_t id) {
    return static_cast<std::uint32_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  };
  for (auto id : forced) is_graph_node[position(id)] = 1;
  std::vector<std::uint32_t> ref_pos(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) ref_pos[i] = position(refs[i]);
  refs = {};

  // Pass 2: locations of the nodes the ways use.
  std::vector<double> lon(ids.size(), 0.0), lat(ids.size(), 0.0);
  std::vector<std::uint8_t> located(ids.size(), 0);
  if (!ids.empty()) {
    read_pass(path, osmium::osm_entity_bits::node, [&](const osmium::OSMObject& object) {
      const auto& node = static_cast<const osmium::Node&>(object);
      auto it = std::lower_bound(ids.begin(), ids.end(), node.id());
      if (it == ids.end() || *it != node.id() || !node.location().valid()) return;
      const auto i = static_cast<std::size_t>(it - ids.begin());
      lon[i] = node.location().lon();
      lat[i] = node.location().lat();
      located[i] = 1;
    });
  }

  // Split ways at graph nodes; sum lengths over the nodes in between.
  RawNetwork net;
  net.source = name;
  std::vector<std::uint8_t> used(ids.size(), 0);
  // A piece of way w from its k0-th to its k1-th node (graph nodes a and b);
  // the located nodes in between become the edge's shape.
  auto emit = [&](const WayRecord& w, std::uint32_t k0, std::uint32_t k1, std::uint32_t a, std::uint32_t b,
                  double length_m) {
    ++report.segments;
    used[a] = used[b] = 1;
    RawEdge e;
    e.length_m = length_m;
    e.road_class = w.profile.road_class;
    e.way_id = w.id;
    e.bridge = w.bridge;
    e.tunnel = w.tunnel;
    if (net.shape.size() + (k1 - k0) >= 0xFFFFFFFFu) throw InputError(name, 0, "", "fewer than 2^32 shape points");
    e.shape_first = static_cast<std::uint32_t>(net.shape.size());
    for (std::uint32_t k = k0 + 1; k < k1; ++k) {
      const std::uint32_t i = ref_pos[w.first_ref + k];
      net.shape.push_back({lon[i], lat[i]});
    }
    e.shape_count = static_cast<std::uint32_t>(net.shape.size()) - e.shape_first;
    if (w.profile.forward) {
      e.from = ids[a];
      e.to = ids[b];
      e.speed_mps = w.profile.forward_kph / 3.6;
      net.edges.push_back(e);
    }
    if (w.profile.backward) {
      e.from = ids[b];
      e.to = ids[a];
      e.speed_mps = w.profile.backward_kph / 3.6;
      e.shape_reversed = true;
      net.edges.push_back(e);
    }
  };
  constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  for (const WayRecord& w : ways) {
    std::uint32_t start = kNone, prev = kNone, start_k = 0, prev_k = 0;
    double length_m = 0.0;
    bool missing = false;
    for (std::uint32_t k = 0; k < w.ref_count; ++k) {
      const std::uint32_t i = ref_pos[w.first_ref + k];
      if (!located[i]) {
        missing = true;
        ++report.node_refs_missing;
        // The piece before the gap ends at the last located node.
        if (start != kNone && prev != start) {
          is_graph_node[prev] = 1;
          emit(w, start_k, prev_k, start, prev, length_m);
        }
        start = prev = kNone;
        continue;
      }
      if (start == kNone) {
        start = prev = i;
        start_k = prev_k = k;
        length_m = 0.0;
        continue;
      }
      length_m += haversine_m(lon[prev], lat[prev], lon[i], lat[i]);
      prev = i;
      prev_k = k;
      if (is_graph_node[i]) {
        emit(w, start_k, k, start, i, length_m);
        start = i;
        start_k = k;
        length_m = 0.0;
      }
    }
    // A piece after a gap that does not reach a graph node.
    if (start != kNone && prev != start) {
      is_graph_node[prev] = 1;
      emit(w, start_k, prev_k, start, prev, length_m);
    }
    if (missing) ++report.ways_missing_nodes;
  }
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (used[i]) net.nodes.push_back({ids[i], lon[i], lat[i]});
  if (report_out) *report_out = report;
  return net;
}

std::vector<OsmWaterway> load_osm_waterways(const std::filesystem::path& path, const std::vector<std::string>& kinds) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(name, 0, "", "an existing OSM file");
  struct Line {
    std::int64_t id;
    std::string kind;
    double width_m;
    std::size_t first_ref, ref_count;
  };
  std::vector<Line> lines;
  std::vector<std::int64_t> refs;
  read_pass(path, osmium::osm_entity_bits::way, [&](const osmium::OSMObject& object) {
    const auto& way = static_cast<const osmium::Way&>(object);
    const char* kind = way.tags()["waterway"];
    if (kind == nullptr || way.nodes().size() < 2) return;
    if (std::find(kinds.begin(), kinds.end(), std::string_view(kind)) == kinds.end()) return;
    double width_m = 0.0;
    if (const char* w = way.tags()["width"]) {
      // "12", "12 m", "12.5m": metres; anything else is left unknown.
      char* end = nullptr;
      const double v = std::strtod(w, &end);
      while (end && *end == ' ') ++end;
      if (end != w && (*end == '\0' || std::strcmp(end, "m") == 0) && v > 0.0 && v < 1e4) width_m = v;
    }
    lines.push_back({way.id(), kind, width_m, refs.size(), way.nodes().size()});
    for (const osmium::NodeRef& r : way.nodes()) refs.push_back(r.ref());
  });
  std::vector<std::int64_t> ids = refs;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<LonLat> where(ids.size());
  std::vector<std::uint8_t> located(ids.size(), 0);
  if (!ids.empty()) {
    read_pass(path, osmium::osm_entity_bits::node, [&](const osmium::OSMObject& object) {
      const auto& node = static_cast<const osmium::Node&>(object);
      auto it = std::lower_bound(ids.begin(), ids.end(), node.id());
      if (it == ids.end() || *it != node.id() || !node.location().valid()) return;
      const auto i = static_cast<std::size_t>(it - ids.begin());
      where[i] = {node.location().lon(), node.location().lat()};
      located[i] = 1;
    });
  }
  std::vector<OsmWaterway> out;
  for (const Line& l : lines) {
    OsmWaterway piece{l.id, l.kind, l.width_m, {}};
    const auto flush = [&] {
      if (piece.points.size() >= 2) out.push_back(piece);
      piece.points.clear();
    };
    for (std::size_t k = 0; k < l.ref_count; ++k) {
      const auto i = static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), refs[l.first_ref + k]) - ids.begin());
      if (located[i]) piece.points.push_back(where[i]);
      else flush();
    }
    flush();
  }
  return out;
}

}  // namespace dsim
