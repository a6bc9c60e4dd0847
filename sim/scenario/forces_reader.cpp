// SPDX-License-Identifier: MIT
// The forces: stations and the teams based at them.
#include "sim/scenario/section_readers.hpp"

#include "sim/io/gis_layers.hpp"
#include "sim/response/response_model.hpp"
#include "sim/scenario/nearest_name.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace dsim::detail {

namespace {

const std::vector<std::string> kStationKeys = {"id", "name", "location", "banner"};
const std::vector<std::string> kTeamKeys = {"id",           "station",  "level",  "size",
                                            "crews",        "capabilities", "vehicles", "vehicle_class", "turnout"};
const std::vector<std::string> kVehicleKeys = {"type", "count", "speed_factor"};
const std::vector<std::string> kStationLayerKeys = {"layer", "layer_name", "id", "name", "banner"};

// Stations from a point layer: {layer: FILE, layer_name: NAME, id: ATTRIBUTE, name: ATTRIBUTE, banner: ATTRIBUTE}.
// The file is read here, relative to the scenario's folder, so that the teams can be checked against its stations.
void read_station_layer(FieldReader& in, const Item& it, Scenario& s, SectionNotes& notes) {
  const auto f = in.fields(it, kStationLayerKeys, "a list of stations, or a point layer of stations");
  if (!f) return;
  const Item* file = in.required(*f, it, "layer", "the path of a point layer (GeoJSON, GeoPackage, Shapefile, ...)");
  if (file == nullptr) return;
  const auto path = in.text(*file, "the path of a point layer (GeoJSON, GeoPackage, Shapefile, ...)");
  if (!path) return;
  LayerSpec layer{*path, {}, {}, it.path};
  if (const Item* name = FieldReader::get(*f, "layer_name")) {
    if (const auto v = in.text(*name, "the name of a layer of the file")) layer.layer_name = *v;
  }
  for (const char* a : {"id", "name", "banner"}) {
    if (const Item* field = FieldReader::get(*f, a)) {
      if (const auto v = in.text(*field, "the name of an attribute of the layer")) layer.fields[a] = *v;
    }
  }
  std::filesystem::path p = layer.path;
  if (p.is_relative() && !layer.path.starts_with("/vsi"))
    layer.path = (std::filesystem::path(in.file()).parent_path() / p).lexically_normal().string();
  std::vector<PointRecord> points;
  try {
    points = read_point_layer(layer, {"id", "name", "banner"}, {"id"});
  } catch (const InputError& e) {
    in.error(*file, "a point layer of stations that reads", quote_text(e.what()));
    return;
  }
  notes.stations_read = true;
  std::map<std::string, std::size_t> ids;  // id -> record
  for (const PointRecord& r : points) {
    StationSpec& st = s.stations.emplace_back();
    st.id = r.values[0];
    st.name = r.values[1].empty() ? st.id : r.values[1];
    st.banner = r.values[2];
    st.location.kind = Location::Kind::coordinate;
    st.location.lon = r.position.lon;
    st.location.lat = r.position.lat;
    st.layer_record = r.record;
    if (const auto seen = ids.find(st.id); seen != ids.end()) {
      in.error(*file, "a station id used once in " + layer.path, quote_text(st.id), {},
               "records " + std::to_string(seen->second) + " and " + std::to_string(r.record));
    } else {
      ids.emplace(st.id, r.record);
    }
  }
  layer.path = *path;  // as written; the stations carry their positions
  s.station_layer = layer;
}

}  // namespace

void read_stations(FieldReader& in, const Item& it, Scenario& s, SectionNotes& notes) {
  if (const YAML::Node& n = it.node; n.IsMap() && n["layer"]) {
    read_station_layer(in, it, s, notes);
    return;
  }
  if (!it.node.IsSequence()) {
    in.error(it, "a list of stations", found_text(it.node), {},
             "or a point layer of stations: {layer: FILE, id: ATTRIBUTE, name: ATTRIBUTE}");
    return;
  }
  notes.stations_read = true;
  std::map<std::string, std::size_t> ids;  // id -> line
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    StationSpec& st = s.stations.emplace_back();
    const auto f = in.fields(e, kStationKeys, "a station");
    if (!f) continue;
    if (const Item* id = in.required(*f, e, "id", "a station id")) {
      if (const auto v = in.text(*id, "a station id")) {
        st.id = *v;
        if (const auto seen = ids.find(*v); seen != ids.end()) {
          in.error(*id, "a station id used once", quote_text(*v), {},
                "already the id of the station at line " + std::to_string(seen->second));
        } else {
          ids.emplace(*v, id->pos.line);
        }
      }
    }
    if (const Item* name = in.get(*f, "name")) {
      if (const auto v = in.text(*name, "a name")) st.name = *v;
    }
    if (st.name.empty()) st.name = st.id;
    if (const Item* loc = in.required(*f, e, "location", "a location: {lon: X, lat: Y} or {node: ID}")) {
      if (const auto v = in.location(*loc, false)) st.location = *v;
    }
    if (const Item* banner = in.get(*f, "banner")) {
      if (const auto v = in.text(*banner, "the banner (district) the station belongs to")) st.banner = *v;
    }
  }
}

void read_teams(FieldReader& in, const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of teams", found_text(it.node));
    return;
  }
  const std::vector<std::string> capabilities = capability_names();
  const std::vector<std::string> levels = level_names();
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    TeamSpec& team = s.teams.emplace_back();
    const auto f = in.fields(e, kTeamKeys, "a team");
    if (!f) continue;
    if (const Item* id = in.required(*f, e, "id", "a team id")) {
      if (const auto v = in.text(*id, "a team id")) {
        team.id = *v;
        if (const auto seen = ids.find(*v); seen != ids.end()) {
          in.error(*id, "a team id used once", quote_text(*v), {},
                "already the id of the team at line " + std::to_string(seen->second));
        } else {
          ids.emplace(*v, id->pos.line);
        }
      }
    }
    if (const Item* station = in.required(*f, e, "station", "the id of the station the team is based at")) {
      if (const auto v = in.text(*station, "a station id")) team.station = *v;
    }
    if (const Item* level = in.required(*f, e, "level", "a level (" + joined(levels) + ")")) {
      if (in.text(*level, "a level (" + joined(levels) + ")") && in.known_name(*level, levels, "a level"))
        parse_team_level(level->node.Scalar(), team.level);
    }
    const Item* size = in.required(*f, e, "size", "the team's size in people (an integer >= 1)");
    if (size != nullptr) {
      if (const auto v = in.integer(*size, 1, 1'000'000, "a size in people (an integer >= 1)"))
        team.size = static_cast<int>(*v);
      else
        size = nullptr;
    }
    if (const Item* crews = in.get(*f, "crews")) {
      if (const auto v = in.integer(*crews, 1, 1'000'000, "a number of crews (an integer >= 1)")) {
        team.crews = static_cast<int>(*v);
        if (size != nullptr && team.crews > team.size) {
          in.error(*crews, "at most as many crews as people (size " + std::to_string(team.size) + ")",
                quote_text(crews->node.Scalar()));
        }
      }
    }
    if (const Item* caps = in.required(*f, e, "capabilities", "a list of capabilities (" + joined(capabilities) + ")")) {
      std::set<std::string> seen;
      for (const Item& c : in.name_list(*caps, "a list of capabilities (" + joined(capabilities) + ")")) {
        if (!in.known_name(c, capabilities, "a capability")) continue;
        if (!seen.insert(c.node.Scalar()).second) {
          in.error(c, "each capability once", quote_text(c.node.Scalar()));
          continue;
        }
        team.capabilities.push_back(c.node.Scalar());
      }
      if (caps->node.IsSequence() && caps->node.size() == 0) in.error(*caps, "at least one capability", "an empty list");
    }
    if (const Item* vehicles = in.get(*f, "vehicles")) {
      if (!vehicles->node.IsSequence()) {
        in.error(*vehicles, "a list of vehicles ({type, count, speed_factor})", found_text(vehicles->node));
      } else {
        for (std::size_t k = 0; k < vehicles->node.size(); ++k) {
          const Item ve = in.element(*vehicles, k, vehicles->node[k]);
          VehicleSpec& v = team.vehicles.emplace_back();
          const auto vf = in.fields(ve, kVehicleKeys, "a vehicle");
          if (!vf) continue;
          if (const Item* type = in.required(*vf, ve, "type", "a vehicle type (engine, truck, boat, ...)")) {
            if (const auto t = in.text(*type, "a vehicle type")) v.type = *t;
          }
          if (const Item* count = in.get(*vf, "count")) {
            if (const auto c = in.integer(*count, 1, 100'000, "a number of vehicles (an integer >= 1)"))
              v.count = static_cast<int>(*c);
          }
          if (const Item* factor = in.get(*vf, "speed_factor")) {
            if (const auto x = in.number_where(*factor, "a speed factor > 0 (1: free-flow road speed)",
                                            [](double y) { return y > 0.0 && y <= 100.0; }))
              v.speed_factor = *x;
          }
        }
      }
    }
    if (const Item* turnout = in.get(*f, "turnout")) {
      if (const auto d = in.distribution(*turnout)) team.turnout_s = *d;
    }
    if (const Item* vc = in.get(*f, "vehicle_class")) {
      if (const auto v = in.text(*vc, "a vehicle class (standard, high_clearance, ...)")) team.vehicle_class = *v;
    }
  }
}

std::optional<std::string> read_team_id(FieldReader& in, const Item& it, const Scenario& s) {
  const auto v = in.text(it, "the id of a team under teams");
  if (!v) return std::nullopt;
  std::vector<std::string> ids;
  for (const TeamSpec& t : s.teams) ids.push_back(t.id);
  if (std::find(ids.begin(), ids.end(), *v) == ids.end()) {
    in.error(it, "the id of a team under teams", quote_text(*v), nearest_name(*v, ids));
    return std::nullopt;
  }
  return v;
}

}  // namespace dsim::detail
