// SPDX-License-Identifier: MIT
#include "sim/drill/drill_design.hpp"

#include "sim/core/error.hpp"
#include "sim/network/dijkstra.hpp"
#include "sim/report/run_view.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/warning/warning_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace dsim {

namespace {

namespace fs = std::filesystem;
constexpr double kFar_s = 4 * 3600.0;  // a search bound beyond any drill's first arrival

std::string minutes(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f min", s / 60.0);
  return buf;
}

std::string whole_minutes(double s) { return std::to_string(static_cast<long long>(std::ceil(s / 60.0))) + " min"; }

std::string people(double n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", n);
  return buf;
}

// People at each road node: the population raster's, else each zone's people
// shared equally among its nodes, else one per node of a zone.
std::vector<double> node_weights(const Region& region) {
  const std::size_t n = region.network.node_count();
  if (region.node_population.size() == n) return region.node_population;
  std::vector<double> w(n, 0.0);
  std::vector<std::size_t> nodes_in(region.zones.size(), 0);
  for (int z : region.node_zone)
    if (z >= 0) ++nodes_in[static_cast<std::size_t>(z)];
  for (std::size_t i = 0; i < n && i < region.node_zone.size(); ++i) {
    const int z = region.node_zone[i];
    if (z < 0) continue;
    const auto& zone = region.zones[static_cast<std::size_t>(z)];
    w[i] = zone.population > 0 ? static_cast<double>(zone.population) / static_cast<double>(nodes_in[static_cast<std::size_t>(z)])
                               : 1.0;
  }
  return w;
}

// The zone whose people wait longest for the first unit; -1 when no zone has a node.
std::pair<int, double> slowest_zone(const Region& region, const Coverage& far, const std::vector<double>& w) {
  std::vector<double> sum(region.zones.size(), 0.0), weight(region.zones.size(), 0.0);
  for (std::size_t i = 0; i < region.node_zone.size(); ++i) {
    const int z = region.node_zone[i];
    if (z < 0) continue;
    const double t = std::isfinite(far.best_time_s[i]) ? far.best_time_s[i] : kFar_s;
    const double wi = std::max(w[i], 1e-9);
    sum[static_cast<std::size_t>(z)] += wi * t;
    weight[static_cast<std::size_t>(z)] += wi;
  }
  int best = -1;
  double best_s = -1.0;
  for (std::size_t z = 0; z < region.zones.size(); ++z) {
    if (weight[z] <= 0.0 || region.zones[z].population <= 0) continue;
    const double mean = sum[z] / weight[z];
    if (mean > best_s) best = static_cast<int>(z), best_s = mean;
  }
  return {best, best_s};
}

struct Bridge {
  std::string name;
  YAML::Node from, to;  // locations as a scenario writes them
  std::vector<EdgeId> edges;
};

YAML::Node place_location(const std::string& place) {
  YAML::Node n;
  n["place"] = place;
  return n;
}

YAML::Node node_location(const RoadNetwork& net, NodeId node) {
  YAML::Node n;
  n["node"] = net.external_id(node);
  return n;
}

void add_route(Router& router, const RoadNetwork& net, NodeId a, NodeId b, std::vector<EdgeId>& edges) {
  if (a == b) return;
  const auto path = router.route(a, b);
  if (!path) return;
  for (EdgeId e : path->edges) {
    edges.push_back(e);
    if (net.twin(e) != kNoEdge) edges.push_back(net.twin(e));
  }
}

// Named bridges (pairs of places) and OSM bridge ways (connected bridge edges).
std::vector<Bridge> bridges_of(const Region& region) {
  const RoadNetwork& net = region.network;
  std::vector<Bridge> out;
  Router router(net);
  for (const auto& [name, node] : region.places) {
    for (const auto& [one, other] : {std::pair{"_north", "_south"}, std::pair{"_west", "_east"}}) {
      const std::string suffix = one;
      if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
      const std::string stem = name.substr(0, name.size() - suffix.size());
      if (stem.find("bridge") == std::string::npos) continue;  // two ends of a town are not a bridge
      const auto it = region.places.find(stem + other);
      if (it == region.places.end()) continue;
      Bridge b{stem, place_location(name), place_location(it->first), {}};
      add_route(router, net, node, it->second, b.edges);
      if (!b.edges.empty()) out.push_back(std::move(b));
    }
  }
  // OSM: group bridge edges by the nodes they share.
  std::vector<std::uint32_t> parent(net.node_count());
  std::iota(parent.begin(), parent.end(), 0u);
  const auto root = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  bool any = false;
  for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
    if (!net.is_bridge(EdgeId{e})) continue;
    any = true;
    parent[root(index(net.tail(EdgeId{e})))] = root(index(net.head(EdgeId{e})));
  }
  if (!any) return out;
  std::map<std::uint32_t, std::vector<EdgeId>> groups;
  for (std::uint32_t e = 0; e < net.edge_count(); ++e)
    if (net.is_bridge(EdgeId{e})) groups[root(index(net.tail(EdgeId{e})))].push_back(EdgeId{e});
  for (auto& [r, edges] : groups) {
    // Its ends: the two nodes of the group farthest apart.
    std::vector<NodeId> nodes;
    for (EdgeId e : edges) nodes.push_back(net.tail(e)), nodes.push_back(net.head(e));
    NodeId a = nodes.front(), b = nodes.front();
    double far = -1.0;
    for (NodeId x : nodes)
      for (NodeId y : nodes) {
        const double dx = net.x_m(x) - net.x_m(y), dy = net.y_m(x) - net.y_m(y);
        if (dx * dx + dy * dy > far) far = dx * dx + dy * dy, a = x, b = y;
      }
    if (a == b || far < 25.0 * 25.0) continue;  // a culvert, not a bridge to close
    Bridge br{"bridge_at_node_" + std::to_string(net.external_id(a)), node_location(net, a), node_location(net, b), edges};
    out.push_back(std::move(br));
  }
  return out;
}

struct BridgeLoss {
  const Bridge* bridge = nullptr;
  double lost = 0.0;   // people out of the 5-minute circle
  int zone = -1;       // the zone that loses the most
  double zone_lost = 0.0;
};

BridgeLoss critical_bridge(const RunView& view, const std::vector<Bridge>& bridges, const std::vector<double>& w,
                           const DrillProgress& progress) {
  const Region& region = *view.region;
  const Coverage open = station_cover(view, 300.0);
  BridgeLoss best;
  EdgeStates states(region.network);
  for (std::size_t i = 0; i < bridges.size(); ++i) {
    if (progress) progress("bridges", i, bridges.size());
    states.reset();
    for (EdgeId e : bridges[i].edges) states.close(e);
    const Coverage closed = station_cover(view, 300.0, &states);
    double lost = 0.0;
    std::vector<double> by_zone(region.zones.size(), 0.0);
    for (std::size_t n = 0; n < w.size(); ++n) {
      if (!std::isfinite(open.best_time_s[n]) || std::isfinite(closed.best_time_s[n])) continue;
      lost += w[n];
      if (n < region.node_zone.size() && region.node_zone[n] >= 0) by_zone[static_cast<std::size_t>(region.node_zone[n])] += w[n];
    }
    if (lost > best.lost) {
      best = {&bridges[i], lost, -1, 0.0};
      for (std::size_t z = 0; z < by_zone.size(); ++z)
        if (by_zone[z] > best.zone_lost) best.zone = static_cast<int>(z), best.zone_lost = by_zone[z];
    }
  }
  if (progress) progress("bridges", bridges.size(), bridges.size());
  return best;
}

// The incident to play at a zone: the most frequent type of the scenario's
// generators there, its likeliest severity; else the plan's first rule.
std::pair<std::string, std::string> incident_for(const Scenario& s, const Zone& zone) {
  const std::string type_name = std::string(zone_type_name(zone.type));
  const IncidentGeneratorSpec* best = nullptr;
  for (const IncidentGeneratorSpec& g : s.generators) {
    const bool here = std::find(g.zones.begin(), g.zones.end(), zone.id) != g.zones.end() ||
                      std::find(g.zone_types.begin(), g.zone_types.end(), type_name) != g.zone_types.end();
    if (here && (best == nullptr || g.rate_per_day > best->rate_per_day)) best = &g;
  }
  if (best != nullptr) {
    std::string severity;
    double share = -1.0;
    for (const auto& [name, p] : best->severity)
      if (p > share) severity = name, share = p;
    return {best->type, severity};
  }
  if (!s.plan.rules.empty()) return {s.plan.rules.front().type, s.plan.rules.front().severity};
  throw InputError(s.source_path, 0, "plan.responses", "a response rule for the drill's incidents", "none");
}

// Whether some response rule for the type asks for a capability.
bool rule_needs(const Scenario& s, const std::string& type, const std::string& severity, const std::string& capability) {
  for (const ResponseRuleSpec& r : s.plan.rules)
    if (r.type == type && (severity.empty() || r.severity == severity))
      for (const NeedSpec& n : r.needs)
        if (n.capability == capability) return true;
  return false;
}

bool in_fire_circle(const Scenario& s, const std::string& type) {
  const auto& types = s.plan.fire_circle.incident_types;
  return std::find(types.begin(), types.end(), type) != types.end();
}

YAML::Node task(const std::string& id, const std::string& name, const std::string& capability, const std::string& event,
                double target_s) {
  YAML::Node t;
  t["id"] = id;
  t["name"] = name;
  t["capability"] = capability;
  t["event"] = event;
  t["target"] = whole_minutes(target_s);
  return t;
}

std::string seconds_text(double s) { return std::to_string(static_cast<long long>(std::lround(s))) + " s"; }

void add_capability(YAML::Node& objectives, YAML::Node& capabilities, const std::string& id, const std::string& name,
                    const std::string& objective_text) {
  YAML::Node o;
  o["id"] = id;
  o["text"] = objective_text;
  objectives.push_back(o);
  YAML::Node c;
  c["id"] = id;
  c["name"] = name;
  c["objectives"].push_back(id);
  capabilities.push_back(c);
}

// A target no standard gives: the plan's simulated 90th percentile, rounded up to 5 minutes.
double proposed_target(std::vector<double> values) {
  const double p90 = quantile_of(std::move(values), 0.9);
  return std::isfinite(p90) ? std::max(300.0, 300.0 * std::ceil(p90 / 300.0)) : 3600.0;
}

double median_with_never(std::vector<double> v) {
  for (double& x : v)
    if (std::isnan(x)) x = std::numeric_limits<double>::infinity();
  std::sort(v.begin(), v.end());
  return v.empty() ? std::numeric_limits<double>::quiet_NaN() : v[v.size() / 2];
}

void add_warning_spots(const Scenario& s, const DrillRun& run, DrillDesign& design, YAML::Node& objectives,
                       YAML::Node& capabilities, YAML::Node& tasks, YAML::Node& injects, double t) {
  std::vector<double> issued;
  if (const auto* v = double_column(run.results.find_table("warning_replications"), "issued_s")) issued = *v;
  add_capability(objectives, capabilities, "warning", "Warning and call-and-answer",
                 "Issue the warning and hear back from every responsible person");
  tasks.push_back(task("warning_issued", "Warning issued", "warning", "warning_issued", proposed_target(issued)));
  std::map<std::string, std::vector<double>> delays;
  std::map<std::string, std::string> role_of;
  for (const CallThread& c : call_threads(run.results)) {
    delays[c.person].push_back(c.answered_s - c.started_s);
    role_of[c.person] = c.role;
  }
  std::string slowest;
  double slowest_s = -1.0;
  for (const auto& [p, d] : delays) {
    const double m = median_with_never(d);
    if (m > slowest_s) slowest = p, slowest_s = m;
  }
  if (slowest.empty()) return;
  const double target_s = s.warning->acknowledgement_target_s;
  std::size_t within = 0;
  for (double d : delays[slowest])
    if (d <= target_s) ++within;
  std::string zone;
  for (const ResponsiblePersonSpec& r : s.warning->responsible)
    if (r.id == slowest && !r.zones.empty()) zone = r.zones.front();
  YAML::Node answer = task("answer_" + slowest, slowest + " answers the warning call", "warning", "call_answered", target_s);
  answer["person"] = slowest;
  answer["from"] = "warning_issued";
  tasks.push_back(answer);
  const std::string r = role_of[slowest];
  if (!r.empty()) {
    YAML::Node all = task("all_" + r + "_answered", "Every " + r + " answered", "warning", "call_answered", 2 * target_s);
    all["role"] = r;
    all["from"] = "warning_issued";
    tasks.push_back(all);
  }
  std::string inject;
  if (!zone.empty()) {
    inject = "mobile_down_" + zone;
    YAML::Node o;
    o["name"] = "mobile network down in " + zone;
    o["what"].push_back("mobile");
    o["zones"].push_back(zone);
    o["start"] = seconds_text(t);
    o["end"] = seconds_text(t + 7200.0);
    YAML::Node j;
    j["id"] = inject;
    j["description"] = "The mobile network is down in " + zone + ", where the call-and-answer is slowest";
    j["outages"].push_back(o);
    injects.push_back(j);
  }
  char share[16];
  std::snprintf(share, sizeof share, "%.0f %%", 100.0 * double(within) / double(std::max<std::size_t>(1, delays[slowest].size())));
  design.weak_spots.push_back({"slowest_answer", zone.empty() ? slowest : zone,
                               slowest + " (" + r + (zone.empty() ? "" : ", " + zone) + ") is the slowest to answer the warning "
                               "call: median " + (std::isfinite(slowest_s) ? minutes(slowest_s) : std::string("never")) +
                               " after the first call; " + share + " of the simulated runs within the target of " +
                               minutes(target_s),
                               inject, slowest_s});
}

void add_logistics_spots(const DrillRun& run, DrillDesign& design, YAML::Node& objectives, YAML::Node& capabilities,
                         YAML::Node& tasks) {
  const ResultsTable* items = run.results.find_table("logistics_depot_items");
  const auto* depot = string_column(items, "depot");
  const auto* item = string_column(items, "item");
  const auto* initial = double_column(items, "initial");
  const auto* min_stock = double_column(items, "min_stock");
  const auto* stockouts = int_column(items, "stockouts");
  if (depot == nullptr || item == nullptr || initial == nullptr || min_stock == nullptr || stockouts == nullptr) return;
  struct Tally { double runs = 0, out = 0, low_share = 0; };
  std::map<std::pair<std::string, std::string>, Tally> tally;
  for (std::size_t i = 0; i < depot->size(); ++i) {
    Tally& x = tally[{(*depot)[i], (*item)[i]}];
    x.runs += 1;
    if ((*stockouts)[i] > 0) x.out += 1;
    x.low_share += (*initial)[i] > 0 ? (*min_stock)[i] / (*initial)[i] : 1.0;
  }
  const std::pair<std::string, std::string>* worst = nullptr;
  double worst_out = -1, worst_low = 2;
  for (const auto& [key, x] : tally) {
    const double out = x.out / x.runs, low = x.low_share / x.runs;
    if (out > worst_out || (out == worst_out && low < worst_low)) worst = &key, worst_out = out, worst_low = low;
  }
  if (worst == nullptr) return;
  char text[256];
  std::snprintf(text, sizeof text, "runs out of %s in %.0f %% of the simulated drill runs; its lowest stock averages %.0f %% of what it holds at the start",
                worst->second.c_str(), 100.0 * worst_out, 100.0 * worst_low);
  design.weak_spots.push_back({"first_shortage", worst->first, "Depot " + worst->first + " " + text, "", worst_out});
  // A shelter that asks for that item: its delivery is the task to watch.
  const ResultsTable* requests = run.results.find_table("logistics_requests");
  const auto* kind = string_column(requests, "site_kind");
  const auto* site = string_column(requests, "site");
  const auto* ritem = string_column(requests, "item");
  const auto* completed = double_column(requests, "completed_s");
  if (kind == nullptr || site == nullptr || ritem == nullptr || completed == nullptr) return;
  std::map<std::string, std::vector<double>> by_shelter;
  for (std::size_t i = 0; i < kind->size(); ++i)
    if ((*kind)[i] == "shelter" && (*ritem)[i] == worst->second) by_shelter[(*site)[i]].push_back((*completed)[i]);
  if (by_shelter.empty()) return;
  const auto& [shelter, times] = *by_shelter.begin();
  add_capability(objectives, capabilities, "logistics", "Supplies", "Deliver " + worst->second + " to " + shelter);
  YAML::Node d = task("deliver_" + worst->second + "_" + shelter, worst->second + " delivered to " + shelter, "logistics",
                      "supply_delivered", proposed_target(times));
  d["site"] = shelter;
  d["item"] = worst->second;
  tasks.push_back(d);
}

}  // namespace

const std::vector<std::string>& drill_design_objectives() {
  static const std::vector<std::string> names = {"response", "roads", "warning", "logistics"};
  return names;
}

DrillDesign design_drill(const DrillDesignOptions& opt, int threads, const DrillProgress& progress) {
  Scenario scenario = read_scenario_file(opt.scenario_path).checked();
  std::vector<std::string> objectives = opt.objectives;
  if (objectives.empty()) {
    objectives = {"response", "roads"};
    if (scenario.warning) objectives.push_back("warning");
    if (scenario.logistics) objectives.push_back("logistics");
  }
  for (const std::string& o : objectives) {
    const auto& known = drill_design_objectives();
    if (std::find(known.begin(), known.end(), o) == known.end())
      throw InputError("--objectives", 0, o, "response, roads, warning or logistics", "'" + o + "'");
    if (o == "warning" && !scenario.warning)
      throw InputError(opt.scenario_path, 0, "warning", "a warning section, for a drill of the warning chain", "none");
    if (o == "logistics" && !scenario.logistics)
      throw InputError(opt.scenario_path, 0, "logistics", "a logistics section, for a drill of the supply chain", "none");
  }
  const auto wants = [&](const char* o) { return std::find(objectives.begin(), objectives.end(), o) != objectives.end(); };
  if (progress) progress("region", 0, 1);
  auto region = std::make_shared<const Region>(load_region(scenario.region, {}, scenario.source_path));
  if (progress) progress("region", 1, 1);
  const RunView view = view_scenario(scenario, region);
  const std::vector<double> w = node_weights(*region);
  const double duration_s = opt.duration_s > 0.0 ? opt.duration_s : std::min(6 * 3600.0, scenario.horizon_s);

  DrillDesign design;
  YAML::Node root;
  root["name"] = "Drill of " + scenario.name;
  root["description"] = "Proposed by dsim drill design from the plan's weak spots; edit the targets to your standards.";
  fs::path scenario_path = fs::absolute(opt.scenario_path);
  if (!opt.drill_path.empty()) {
    std::error_code ec;
    const fs::path rel = fs::relative(scenario_path, fs::absolute(opt.drill_path).parent_path(), ec);
    std::size_t up = 0;
    for (const auto& part : rel)
      if (part == "..") ++up;
    if (!ec && !rel.empty() && up <= 2) scenario_path = rel;
  }
  root["scenario"] = scenario_path.generic_string();
  if (!opt.start_clock.empty()) root["start"] = opt.start_clock;
  root["duration"] = seconds_text(duration_s);
  root["replications"] = opt.replications;
  if (opt.seed >= 0) root["seed"] = opt.seed;
  YAML::Node objective_list(YAML::NodeType::Sequence), capabilities(YAML::NodeType::Sequence),
      tasks(YAML::NodeType::Sequence), injects(YAML::NodeType::Sequence);
  double t = opt.first_inject_s;
  const auto incident_inject = [&](const std::string& id, const std::string& description, const std::string& name,
                                   double at_s, const Zone& zone) {
    const auto [type, severity] = incident_for(scenario, zone);
    YAML::Node inc;
    inc["name"] = name;
    inc["time"] = seconds_text(at_s);
    inc["type"] = type;
    if (!severity.empty()) inc["severity"] = severity;
    inc["location"]["zone"] = zone.id;
    YAML::Node j;
    j["id"] = id;
    j["description"] = description;
    j["incident_list"].push_back(inc);
    injects.push_back(j);
    return std::pair{type, severity};
  };

  if (wants("response")) {
    if (progress) progress("first arrival", 0, 1);
    const Coverage far = station_cover(view, kFar_s);
    const auto [z, mean_s] = slowest_zone(*region, far, w);
    if (z >= 0) {
      const Zone& zone = region->zones[static_cast<std::size_t>(z)];
      const std::string label = zone.name.empty() ? zone.id : zone.name;
      const auto [type, severity] = incident_inject("incident_" + zone.id, "An incident in " + label +
                                                   ", the place the plan reaches last", "incident_" + zone.id, t, zone);
      design.weak_spots.push_back({"slowest_place", zone.id,
                                   label + " is the place the plan reaches last: " + minutes(mean_s) +
                                       " from the call to the first unit on average over its people (turnout and drive on open roads)",
                                   "incident_" + zone.id, mean_s});
      add_capability(objective_list, capabilities, "response", "Operational response", "Reach the incident in " + label + " and link video from it");
      const double arrive_target = in_fire_circle(scenario, type) ? 300.0 : 900.0;
      YAML::Node a = task("first_unit_" + zone.id, "First unit on scene in " + label, "response", "first_arrival", arrive_target);
      a["incident"] = "incident_" + zone.id;
      tasks.push_back(a);
      if (rule_needs(scenario, type, severity, "comms")) {  // only then does the plan send a video link (measure 16: 30 min)
        YAML::Node v = task("video_" + zone.id, "Video link from the scene in " + label, "response", "video_link", 1800.0);
        v["incident"] = "incident_" + zone.id;
        tasks.push_back(v);
      }
      t += 1200.0;
    }
    if (progress) progress("first arrival", 1, 1);
  }
  if (wants("roads")) {
    const std::vector<Bridge> bridges = bridges_of(*region);
    const BridgeLoss loss = critical_bridge(view, bridges, w, progress);
    if (loss.bridge != nullptr) {
      const Bridge& b = *loss.bridge;
      YAML::Node c;
      c["name"] = b.name + "_closed";
      c["from"] = b.from;
      c["to"] = b.to;
      c["start"] = seconds_text(t);
      YAML::Node j;
      j["id"] = "close_" + b.name;
      j["description"] = "The " + b.name + " is closed (" + people(loss.lost) + " people drop out of the 5-minute circle)";
      j["road_closures"].push_back(c);
      injects.push_back(j);
      std::string finding = "Closing " + b.name + " takes " + people(loss.lost) + " people out of the 5-minute circle";
      if (loss.zone >= 0) {
        const Zone& zone = region->zones[static_cast<std::size_t>(loss.zone)];
        const std::string label = zone.name.empty() ? zone.id : zone.name;
        finding += ", most of them in " + label + " (" + people(loss.zone_lost) + ")";
        incident_inject("cut_off_" + zone.id, "An incident in " + label + " with " + b.name + " closed",
                        "cut_off_" + zone.id, t + 600.0, zone);
        add_capability(objective_list, capabilities, "roads", "Response with a bridge out", "Reach " + label + " while " + b.name + " is closed");
        YAML::Node a = task("first_unit_cut_off_" + zone.id, "First unit on scene in " + label + " with the bridge closed",
                            "roads", "first_arrival", 300.0);
        a["incident"] = "cut_off_" + zone.id;
        tasks.push_back(a);
      }
      design.weak_spots.push_back({"critical_bridge", b.name, finding, "close_" + b.name, loss.lost});
      t += 1200.0;
    }
  }

  const auto spec_of = [&](const YAML::Node& drill_root) {
    YAML::Emitter out;
    out << drill_root;
    design.drill_text = std::string("# Proposed by dsim drill design; edit targets and times to your standards.\n") +
                        out.c_str() + "\n";
    const std::string where = opt.drill_path.empty() ? (fs::path(opt.scenario_path).parent_path() / "drill.yaml").string()
                                                     : opt.drill_path;
    return read_drill_text(design.drill_text, where);
  };
  const auto finish_root = [&]() {
    YAML::Node r = YAML::Clone(root);
    r["objectives"] = objective_list;
    r["capabilities"] = capabilities;
    r["tasks"] = tasks;
    if (injects.size() > 0) r["injects"] = injects;
    return r;
  };

  PrepareCache cache;  // the probe run and the drill's share the region, travel tables and flood
  if (wants("warning") || wants("logistics")) {
    // The drill so far, played once, shows the warning's and the stock's weak spots under it.
    YAML::Node probe_root = finish_root();
    if (tasks.size() == 0) {
      YAML::Node c;
      c["id"] = "warning";
      c["name"] = "Public warning";
      probe_root["capabilities"] = YAML::Node(YAML::NodeType::Sequence);
      probe_root["capabilities"].push_back(c);
      probe_root["tasks"] = YAML::Node(YAML::NodeType::Sequence);
      probe_root["tasks"].push_back(task("warning_issued", "Warning issued", "warning", "warning_issued", 3600.0));
    }
    const DrillSpec probe = spec_of(probe_root);
    const DrillProgress probe_progress = [&progress](const std::string& stage, std::size_t d, std::size_t n) {
      if (progress) progress("probe " + stage, d, n);
    };
    const DrillRun run = run_drill(probe, threads, probe_progress, 0, {}, nullptr, &cache);
    if (wants("warning")) add_warning_spots(scenario, run, design, objective_list, capabilities, tasks, injects, t);
    if (wants("logistics")) add_logistics_spots(run, design, objective_list, capabilities, tasks);
  }
  design.drill = spec_of(finish_root());
  design.run = run_drill(design.drill, threads, progress, 0, {}, nullptr, &cache);
  return design;
}

}  // namespace dsim
