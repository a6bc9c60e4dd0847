// SPDX-License-Identifier: MIT
// The `logistics:` section of a scenario (docs/scenario-format.md,
// "logistics"): the item catalogue, the depots with their stock, reserve
// targets and vehicles, the private suppliers, the supply chain and what
// incidents and shelters use. Every value and every name it refers to is
// checked here; depot locations are checked against the region where the
// other places are (place_check.cpp, assumption_check.cpp).
#include "sim/logistics/logistics_spec.hpp"
#include "sim/scenario/section_readers.hpp"

#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"
#include "sim/warning/warning_spec.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

namespace dsim::detail {

namespace {

const std::vector<std::string> kLogisticsKeys = {"items", "depots", "suppliers", "chain",
                                                 "demand", "cover", "reorder", "report_step"};
const std::vector<std::string> kItemKeys = {"id", "name", "unit", "weight", "volume", "handling", "returns"};
const std::vector<std::string> kDepotKeys = {"id",    "name",           "level",     "location", "banner",
                                             "department", "stock", "reserve_target", "replenish", "vehicles"};
const std::vector<std::string> kVehicleKeys = {"id", "count", "capacity", "volume", "vehicle_class", "speed_factor"};
const std::vector<std::string> kSupplierKeys = {"id", "name", "items", "lead_time"};
const std::vector<std::string> kStepKeys = {"levels", "departments", "request_delay", "approval_delay"};
const std::vector<std::string> kDemandKeys = {"incidents", "shelters"};
const std::vector<std::string> kIncidentUseKeys = {"per_hour", "per_incident", "equipment", "without"};
const std::vector<std::string> kShelterUseKeys = {"per_person_day", "per_person", "stay"};
// The levels a depot may be at (measures 18 and 21), as TeamLevel names.
const std::vector<std::string> kDepotLevels = {"city", "banner", "township", "village", "enterprise"};

// What the reader knows while it reads: the items so far and the scenario.
struct Context {
  FieldReader& in;
  const Scenario& scenario;
  std::vector<std::string> items;
};

// A quantity parsed by `parse` (a weight or a volume), >= 0 or > 0 when `positive`.
template <class Parse>
std::optional<double> measure(FieldReader& in, const Item& it, const std::string& expected, bool positive,
                              Parse parse, const std::vector<std::string>& units, const char* base) {
  std::string unit;
  std::optional<double> v = it.node.IsScalar() ? parse(it.node.Scalar(), &unit) : std::nullopt;
  if (v && (positive ? *v > 0.0 : *v >= 0.0)) return v;
  in.error(it, expected + " (a number in " + base + ", or a number and a unit: " + joined(units) + ")",
           found_text(it.node), unit.empty() ? std::string() : nearest_name(unit, units));
  return std::nullopt;
}

std::optional<double> weight_kg(FieldReader& in, const Item& it, const std::string& expected, bool positive) {
  return measure(in, it, expected, positive, [](const std::string& s, std::string* u) { return parse_weight_kg(s, u); },
                 weight_unit_names(), "kg");
}

std::optional<double> volume_m3(FieldReader& in, const Item& it, const std::string& expected, bool positive) {
  return measure(in, it, expected, positive, [](const std::string& s, std::string* u) { return parse_volume_m3(s, u); },
                 volume_unit_names(), "m3");
}

// An id: a non-empty name not given before (`seen` collects them with the line).
std::optional<std::string> unique_id(FieldReader& in, const Item& it, std::map<std::string, std::size_t>& seen,
                                     const std::string& what) {
  const auto id = in.text(it, "the " + what + "'s id (a name)");
  if (!id) return std::nullopt;
  if (id->empty()) {
    in.error(it, "the " + what + "'s id (a name)", "an empty text");
    return std::nullopt;
  }
  if (const auto s = seen.find(*id); s != seen.end()) {
    in.error(it, "an id no other " + what + " has", quote_text(*id) + " again", {},
             "first given at line " + std::to_string(s->second));
    return std::nullopt;
  }
  seen.emplace(*id, it.pos.line);
  return id;
}

// A map from item id to a number of units >= 0 (`what`: what the numbers are).
std::map<std::string, double> item_amounts(Context& c, const Item& it, const std::string& what) {
  std::map<std::string, double> out;
  for (const auto& [item, value] : c.in.entries(it, "a map from item id to " + what)) {
    const bool known = c.in.known_name(Item{YAML::Node(item), value.path, value.pos}, c.items,
                                       "an item of logistics.items");
    const auto v = c.in.number_where(value, what + " of " + item + ", a number >= 0",
                                     [](double x) { return x >= 0.0 && std::isfinite(x); });
    if (known && v) out[item] = *v;
  }
  return out;
}

const ItemSpec* find_item(const std::vector<ItemSpec>& items, const std::string& id) {
  for (const ItemSpec& i : items)
    if (i.id == id) return &i;
  return nullptr;
}

void read_items(Context& c, const Item& it, LogisticsSpec& spec) {
  FieldReader& in = c.in;
  if (!it.node.IsSequence()) {
    in.error(it, "a list of items: [{id, name, unit, weight, volume, handling, returns}, ...]", found_text(it.node));
    return;
  }
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kItemKeys, "an item");
    if (!f) continue;
    ItemSpec item;
    const Item* id = in.required(*f, e, "id", "the item's id (a name)");
    const auto v = id ? unique_id(in, *id, seen, "item") : std::nullopt;
    if (!v) continue;
    item.id = *v;
    c.items.push_back(item.id);  // referred to further on even when a value below is wrong
    if (const Item* n = in.get(*f, "name")) item.name = in.text(*n, "a name").value_or("");
    if (const Item* u = in.get(*f, "unit")) item.unit = in.text(*u, "what one unit is (bag, pump, L)").value_or(item.unit);
    if (const Item* w = in.get(*f, "weight"))
      item.weight_kg = weight_kg(in, *w, "the weight of one unit, >= 0", false).value_or(0.0);
    if (const Item* w = in.get(*f, "volume"))
      item.volume_m3 = volume_m3(in, *w, "the volume of one unit, >= 0", false).value_or(0.0);
    if (const Item* h = in.get(*f, "handling")) item.handling_s = in.duration(*h).value_or(0.0);
    if (const Item* r = in.get(*f, "returns")) item.returns = in.boolean(*r).value_or(false);
    spec.items.push_back(std::move(item));
  }
}

// The banners the scenario knows: its region's and its stations'.
std::vector<std::string> known_banners(const Scenario& s) {
  std::vector<std::string> out;
  const auto add = [&out](const std::string& b) {
    if (!b.empty() && std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
  };
  for (const auto& [zone, banner] : s.region.zone_banner) add(banner);
  for (const StationSpec& st : s.stations) add(st.banner);
  return out;
}

void read_vehicles(Context& c, const Item& it, DepotSpec& depot, std::map<std::string, std::size_t>& seen) {
  FieldReader& in = c.in;
  if (!it.node.IsSequence()) {
    in.error(it, "a list of vehicles: [{id, count, capacity, volume, vehicle_class, speed_factor}, ...]",
             found_text(it.node));
    return;
  }
  const std::vector<std::string> classes = team_vehicle_classes(c.scenario, true);
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kVehicleKeys, "a vehicle");
    if (!f) continue;
    LogisticsVehicleSpec v;
    bool ok = true;
    const Item* id = in.required(*f, e, "id", "the vehicle's id (a name)");
    if (const auto x = id ? unique_id(in, *id, seen, "vehicle") : std::nullopt) v.id = *x;
    else ok = false;
    if (const Item* n = in.get(*f, "count")) {
      if (const auto x = in.integer(*n, 1, 100'000, "a number of vehicles, an integer >= 1")) v.count = static_cast<int>(*x);
      else ok = false;
    }
    if (const Item* cap = in.required(*f, e, "capacity", "the load one vehicle carries (a weight > 0: 8 t)")) {
      if (const auto x = weight_kg(in, *cap, "the load one vehicle carries, > 0", true)) v.capacity_kg = *x;
      else ok = false;
    } else {
      ok = false;
    }
    if (const Item* vol = in.get(*f, "volume")) {
      if (const auto x = volume_m3(in, *vol, "the volume one vehicle carries, > 0", true)) v.capacity_m3 = *x;
      else ok = false;
    }
    if (const Item* cls = in.get(*f, "vehicle_class")) {
      if (const auto x = in.one_of(*cls, classes, "a vehicle class of the teams")) v.vehicle_class = *x;
      else ok = false;
    }
    if (const Item* s = in.get(*f, "speed_factor")) {
      if (const auto x = in.number_where(*s, "a speed factor > 0 (1: the road's speed)", [](double y) { return y > 0.0; }))
        v.speed_factor = *x;
      else ok = false;
    }
    if (ok) depot.vehicles.push_back(std::move(v));
  }
}

// An item heavier or bulkier than every vehicle of its depot cannot be moved.
void check_loads(Context& c, const Item& stock, const DepotSpec& depot, const std::vector<ItemSpec>& items) {
  if (depot.vehicles.empty()) return;
  double most_kg = 0.0, most_m3 = 0.0;
  for (const LogisticsVehicleSpec& v : depot.vehicles) {
    most_kg = std::max(most_kg, v.capacity_kg);
    most_m3 = std::max(most_m3, v.capacity_m3 > 0.0 ? v.capacity_m3 : INFINITY);
  }
  for (const auto& [id, units] : depot.stock) {
    const ItemSpec* item = find_item(items, id);
    if (item == nullptr || units <= 0.0) continue;
    const Item at{stock.node, child_path(stock.path, id), c.in.position(child_path(stock.path, id))};
    if (item->weight_kg > most_kg)
      c.in.error(at, "an item one of the depot's vehicles can carry (at most " + number_text(most_kg) + " kg)",
                 id + " of " + number_text(item->weight_kg) + " kg a unit", {}, "give the depot a larger vehicle");
    else if (item->volume_m3 > most_m3)
      c.in.error(at, "an item one of the depot's vehicles can hold (at most " + number_text(most_m3) + " m3)",
                 id + " of " + number_text(item->volume_m3) + " m3 a unit", {}, "give the depot a larger vehicle");
  }
}

void read_depot(Context& c, const Item& e, const FieldReader::Fields& f, DepotSpec& d,
                std::map<std::string, std::size_t>& vehicle_ids, const std::vector<ItemSpec>& items) {
  FieldReader& in = c.in;
  if (const Item* n = in.get(f, "name")) d.name = in.text(*n, "a name").value_or("");
  if (const Item* l = in.required(f, e, "level", "the depot's level (" + joined(kDepotLevels) + ")")) {
    if (const auto v = in.one_of(*l, kDepotLevels, "a level of depot")) parse_team_level(*v, d.level);
  }
  if (const Item* l = in.required(f, e, "location", "where the depot is (a location, as stations give it)")) {
    if (const auto loc = in.location(*l, true)) d.location = *loc;
  }
  if (const Item* b = in.get(f, "banner")) {
    const std::vector<std::string> banners = known_banners(c.scenario);
    if (const auto v = in.text(*b, "the banner the depot serves")) {
      if (std::find(banners.begin(), banners.end(), *v) != banners.end()) d.banner = *v;
      else
        in.error(*b, "a banner of the scenario (region.banners or a station's banner: " +
                         (banners.empty() ? std::string("none given") : joined(banners)) + ")",
                 quote_text(*v), nearest_name(*v, banners));
    }
    if (d.level == TeamLevel::city)
      in.warning(*b, "no banner for a city depot", quote_text(d.banner), {}, "a city depot serves every banner");
  }
  if (const Item* dep = in.get(f, "department")) {
    if (const auto v = in.text(*dep, "the department that holds it (emergency, water_resources, ...)"); v && !v->empty())
      d.department = *v;
  }
  const Item* stock = in.get(f, "stock");
  if (stock) d.stock = item_amounts(c, *stock, "units in stock at the start");
  if (const Item* t = in.get(f, "reserve_target")) {
    d.reserve_target = item_amounts(c, *t, "units of the level-2 reserve");
    if (d.level != TeamLevel::city && d.level != TeamLevel::banner)
      in.warning(*t, "a reserve target at a city or banner depot (the level-2 reserve of measure 18)",
                 std::string("a ") + team_level_name(d.level) + " depot", {}, "it is reported all the same");
  }
  if (const Item* r = in.get(f, "replenish")) {
    if (const auto v = in.duration(*r, true)) d.replenish_s = *v;
  }
  if (const Item* v = in.get(f, "vehicles")) read_vehicles(c, *v, d, vehicle_ids);
  if (stock) check_loads(c, *stock, d, items);
  const bool holds = std::any_of(d.stock.begin(), d.stock.end(), [](const auto& s) { return s.second > 0.0; });
  if (holds && d.vehicles.empty())
    in.warning(stock ? *stock : e, "vehicles at a depot that holds stock", "none", {},
               "its stock can never leave: nothing is delivered from " + d.id);
}

void read_depots(Context& c, const Item& it, LogisticsSpec& spec) {
  FieldReader& in = c.in;
  if (!it.node.IsSequence()) {
    in.error(it, "a list of depots: [{id, level, location, stock, vehicles, ...}, ...]", found_text(it.node));
    return;
  }
  std::map<std::string, std::size_t> seen, vehicle_ids;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kDepotKeys, "a depot");
    if (!f) continue;
    DepotSpec d;
    const Item* id = in.required(*f, e, "id", "the depot's id (a name)");
    const auto v = id ? unique_id(in, *id, seen, "depot") : std::nullopt;
    if (!v) continue;
    d.id = *v;
    read_depot(c, e, *f, d, vehicle_ids, spec.items);
    spec.depots.push_back(std::move(d));
  }
}

void read_suppliers(Context& c, const Item& it, LogisticsSpec& spec) {
  FieldReader& in = c.in;
  if (!it.node.IsSequence()) {
    in.error(it, "a list of suppliers: [{id, name, items: {ITEM: UNITS}, lead_time}, ...]", found_text(it.node));
    return;
  }
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kSupplierKeys, "a supplier");
    if (!f) continue;
    SupplierSpec s;
    const Item* id = in.required(*f, e, "id", "the supplier's id (a name)");
    const auto v = id ? unique_id(in, *id, seen, "supplier") : std::nullopt;
    if (!v) continue;
    s.id = *v;
    if (const Item* n = in.get(*f, "name")) s.name = in.text(*n, "a name").value_or("");
    if (const Item* items = in.required(*f, e, "items", "what it can supply over the run: {ITEM: UNITS}"))
      s.limit = item_amounts(c, *items, "units it can supply over the run");
    if (const Item* l = in.get(*f, "lead_time")) s.lead_time_s = in.duration(*l).value_or(0.0);
    spec.suppliers.push_back(std::move(s));
  }
}

void read_chain(Context& c, const Item& it, LogisticsSpec& spec) {
  FieldReader& in = c.in;
  if (!it.node.IsSequence() || it.node.size() == 0) {
    in.error(it, "a list of steps, at least one: [{levels: [township], request_delay, approval_delay}, ...]",
             it.node.IsSequence() ? "an empty list" : found_text(it.node));
    return;
  }
  std::set<std::string> levels_seen;
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kStepKeys, "a step of the supply chain");
    if (!f) continue;
    SupplyStepSpec step;
    if (const Item* l = in.required(*f, e, "levels", "the depot levels asked at this step (" + joined(kDepotLevels) + ")")) {
      for (const Item& n : in.name_list(*l, "depot levels"))
        if (const auto v = in.one_of(n, kDepotLevels, "a level of depot")) step.levels.push_back(*v);
    }
    if (const Item* d = in.get(*f, "departments")) {
      step.departments.clear();
      for (const Item& n : in.name_list(*d, "departments asked at this step"))
        if (const auto v = in.text(n, "a department"); v && !v->empty()) step.departments.push_back(*v);
    }
    if (const Item* r = in.get(*f, "request_delay")) step.request_delay_s = in.duration(*r).value_or(0.0);
    if (const Item* a = in.get(*f, "approval_delay")) step.approval_delay_s = in.duration(*a).value_or(0.0);
    spec.chain.push_back(std::move(step));
  }
}

// The incident types the scenario has: its plan's rules and its generators'.
std::vector<std::string> scenario_incident_types(const Scenario& s) {
  std::vector<std::string> out;
  const auto add = [&out](const std::string& t) {
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const ResponseRuleSpec& r : s.plan.rules) add(r.type);
  for (const IncidentGeneratorSpec& g : s.generators) add(g.type);
  return out;
}

void read_demand(Context& c, const Item& it, LogisticsSpec& spec) {
  FieldReader& in = c.in;
  const auto f = in.fields(it, kDemandKeys, "what incidents and shelters use");
  if (!f) return;
  if (const Item* inc = in.get(*f, "incidents")) {
    const std::vector<std::string> types = scenario_incident_types(c.scenario);
    for (const auto& [type, value] : in.entries(*inc, "a map from incident type to what it uses")) {
      const bool known = in.known_name(Item{YAML::Node(type), value.path, value.pos}, types,
                                       "an incident type of the scenario (a rule in plan.responses or a generator's type)");
      const auto u = in.fields(value, kIncidentUseKeys, "what an incident uses");
      if (!u) continue;
      IncidentUseSpec use;
      use.incident_type = type;
      if (const Item* x = in.get(*u, "per_hour")) use.per_hour = item_amounts(c, *x, "units per hour of work");
      if (const Item* x = in.get(*u, "per_incident")) use.per_incident = item_amounts(c, *x, "units when the work starts");
      if (const Item* x = in.get(*u, "equipment")) {
        use.equipment = item_amounts(c, *x, "units held while the work goes on");
        for (const auto& [id, n] : use.equipment) {
          const ItemSpec* item = find_item(spec.items, id);
          if (item != nullptr && !item->returns)
            in.warning(Item{x->node, child_path(x->path, id), in.position(child_path(x->path, id))},
                       "equipment that returns (returns: true on the item)", id + " does not", {},
                       "it is used up like a consumable");
        }
      }
      if (const Item* w = in.get(*u, "without")) {
        if (const auto v = in.number_where(*w, "the work's pace while short, a share from 0 (stops) to 1",
                                           [](double x) { return x >= 0.0 && x <= 1.0; }))
          use.pace_without = *v;
      }
      if (known) spec.incident_use.push_back(std::move(use));
    }
  }
  if (const Item* sh = in.get(*f, "shelters")) {
    const auto u = in.fields(*sh, kShelterUseKeys, "what sheltered people use");
    if (u) {
      if (const Item* x = in.get(*u, "per_person_day"))
        spec.shelter_use.per_person_day = item_amounts(c, *x, "units per person per day");
      if (const Item* x = in.get(*u, "per_person")) spec.shelter_use.per_person = item_amounts(c, *x, "units per person");
      if (const Item* x = in.get(*u, "stay")) {
        if (const auto v = in.duration(*x, true)) spec.shelter_use.stay_s = *v;
      }
    }
    const bool shelters = c.scenario.warning && !c.scenario.warning->shelters.empty();
    if (shelters && u && !in.get(*u, "stay"))
      in.warning(*sh, "how long evacuees stay (stay)", "none", {},
                 "evacuees stay in the shelters to the end of the run and use their water and food all along "
                 "(give `stay: 2 d`, say)");
    if (!shelters)
      in.warning(*sh, "a warning section with shelters", "none", {},
                 "nobody is sheltered, so shelters use nothing");
  }
}

}  // namespace

std::shared_ptr<const LogisticsSpec> read_logistics(FieldReader& in, const Item& it, const Scenario& scenario) {
  const auto f = in.fields(it, kLogisticsKeys, "the logistics section", kLogisticsKeys.size());
  if (!f) return nullptr;
  auto spec = std::make_shared<LogisticsSpec>();
  Context c{in, scenario, {}};
  if (const Item* items = in.required(*f, it, "items", "the item catalogue: [{id, unit, weight, volume}, ...]"))
    read_items(c, *items, *spec);
  if (const Item* d = in.get(*f, "depots")) read_depots(c, *d, *spec);
  if (const Item* s = in.get(*f, "suppliers")) read_suppliers(c, *s, *spec);
  if (const Item* ch = in.get(*f, "chain")) read_chain(c, *ch, *spec);
  else
    in.warning(it, "a supply chain (chain)", "none", {},
               "the default is used: village and enterprise points at once, township after 10 + 10 min, banner "
               "after 15 + 30 min, city after 30 + 60 min of request and approval (give `chain:` to set them)");
  if (const Item* d = in.get(*f, "demand")) read_demand(c, *d, *spec);
  if (const Item* x = in.get(*f, "cover")) spec->cover_s = in.duration(*x, true).value_or(spec->cover_s);
  if (const Item* x = in.get(*f, "reorder")) spec->reorder_s = in.duration(*x).value_or(spec->reorder_s);
  if (const Item* x = in.get(*f, "report_step"))
    spec->report_step_s = in.duration(*x, true).value_or(spec->report_step_s);
  return spec;
}

}  // namespace dsim::detail
