// SPDX-License-Identifier: MIT
// The logistics tables of a results file (docs/output-format.md, "Tables of
// stockpiles and logistics").
#include "sim/run/logistics_results.hpp"

#include "sim/io/table_schema.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace dsim {

namespace {

std::string site_kind_name(SiteKind k) { return k == SiteKind::incident ? "incident" : "shelter"; }

template <class T>
const T* at(const std::vector<T>& v, int i) {
  return i >= 0 && static_cast<std::size_t>(i) < v.size() ? &v[static_cast<std::size_t>(i)] : nullptr;
}

// One indicator of LogisticsItemKpis: how to read it and what it means.
struct ItemField {
  const char* name;
  const char* unit;
  const char* description;
  const char* over;
  double LogisticsItemKpis::*value;
};

constexpr const char* kOverRequested = "measured requests for the item; mean over the replications with any";
constexpr const char* kOverReplications = "each replication; mean over all replications";

const ItemField kItemFields[] = {
    {"requested", "item units", "units asked for by measured requests", kOverReplications, &LogisticsItemKpis::requested},
    {"fill_rate", "1", "share of the units requested issued from depot stock on hand", kOverRequested,
     &LogisticsItemKpis::fill_rate},
    {"backordered_share", "1", "share of the units requested that waited at a depot for its replenishment",
     kOverRequested, &LogisticsItemKpis::backordered_share},
    {"requisitioned_share", "1", "share of the units requested ordered from a private supplier", kOverRequested,
     &LogisticsItemKpis::requisitioned_share},
    {"unmet_share", "1", "share of the units requested that nobody could supply", kOverRequested,
     &LogisticsItemKpis::unmet_share},
    {"delivered_share", "1", "share of the units requested that reached the site by the end", kOverRequested,
     &LogisticsItemKpis::delivered_share},
    {"requests", "", "measured requests", kOverReplications, &LogisticsItemKpis::requests},
    {"requests_open", "", "measured requests not wholly delivered by the end", kOverReplications,
     &LogisticsItemKpis::requests_open},
    {"mean_delivery_s", "s", "mean time from a request to its last unit delivered",
     "measured requests wholly delivered; mean over the replications with any", &LogisticsItemKpis::mean_delivery_s},
    {"p90_delivery_s", "s", "90th percentile of the time from a request to its last unit delivered",
     "measured requests wholly delivered; mean over the replications with any", &LogisticsItemKpis::p90_delivery_s},
    {"incident_short_h", "h", "hours incidents needed the item and had none, summed over measured incidents",
     kOverReplications, &LogisticsItemKpis::incident_short_h},
    {"shelter_people_h_without", "people-h", "people times hours shelters were without the item, summed over shelters",
     kOverReplications, &LogisticsItemKpis::shelter_people_h_without},
    {"stockouts", "", "times a depot's stock of the item fell to zero, summed over depots", kOverReplications,
     &LogisticsItemKpis::stockouts},
};

}  // namespace

std::vector<LogisticsKpis> logistics_kpis_by_replication(const LogisticsModel& model,
                                                         const ResponseExperiment& experiment) {
  std::vector<LogisticsKpis> out;
  out.reserve(experiment.logistics.size());
  for (const LogisticsOutcome& o : experiment.logistics) out.push_back(logistics_kpis(model, o));
  return out;
}

std::vector<LogisticsKpiSummary> summarise_logistics_kpis(const LogisticsModel& model,
                                                          const std::vector<LogisticsKpis>& reps, double level) {
  std::vector<LogisticsKpiSummary> out;
  const auto add = [&](int item, const char* name, const char* unit, const char* description, const char* over,
                       const std::function<double(const LogisticsKpis&)>& value) {
    std::vector<double> values;
    for (const LogisticsKpis& k : reps) {
      const double v = value(k);
      if (!std::isnan(v)) values.push_back(v);
    }
    LogisticsKpiSummary s{item, name, unit, description, over, {}};
    s.interval.level = level;
    if (values.empty())
      s.interval.mean = s.interval.half_width = std::numeric_limits<double>::quiet_NaN();
    else
      s.interval = t_confidence_interval(values, level);
    out.push_back(std::move(s));
  };
  for (std::size_t i = 0; i < model.items.size(); ++i)
    for (const ItemField& f : kItemFields)
      add(int(i), f.name, f.unit, f.description, f.over, [i, &f](const LogisticsKpis& k) {
        return i < k.items.size() ? k.items[i].*f.value : std::numeric_limits<double>::quiet_NaN();
      });
  add(-1, "reserve_met_share", "1", "share of the level-2 reserve targets (depot and item) met at the start",
      "the targets; mean over all replications", [](const LogisticsKpis& k) { return k.reserve_met_share; });
  add(-1, "reserve_held_share", "1", "share of the level-2 reserve targets whose stock never fell below them",
      "the targets; mean over all replications", [](const LogisticsKpis& k) {
        if (k.reserve.empty()) return std::numeric_limits<double>::quiet_NaN();
        double held = 0.0;
        for (const ReserveCompliance& c : k.reserve) held += c.met_throughout ? 1.0 : 0.0;
        return held / double(k.reserve.size());
      });
  add(-1, "mean_vehicle_utilisation", "1", "busy time over the observed window, mean over the vehicles",
      "the depots' vehicles; mean over all replications", [](const LogisticsKpis& k) { return k.mean_vehicle_utilisation; });
  add(-1, "max_vehicle_utilisation", "1", "busy time over the observed window of the busiest vehicle",
      "the depots' vehicles; mean over all replications", [](const LogisticsKpis& k) { return k.max_vehicle_utilisation; });
  return out;
}

void add_logistics_tables(ResultsFile& file, const LogisticsModel& m, const ResponseModel& response,
                          const ResponseExperiment& ex) {
  const RoadNetwork* net = m.network ? m.network : response.network;
  const auto lon_of = [&](NodeId n) { return net && net->has_coordinates() ? net->lon(n) : std::nan(""); };
  const auto lat_of = [&](NodeId n) { return net && net->has_coordinates() ? net->lat(n) : std::nan(""); };
  const auto node_id = [&](NodeId n) { return net ? net->external_id(n) : std::int64_t(index(n)); };
  const auto item_id = [&](int i) { const auto* it = at(m.items, i); return it ? it->id : std::string(); };
  const auto item_unit = [&](int i) { const auto* it = at(m.items, i); return it ? it->unit : std::string(); };
  const auto depot_id = [&](int d) { const auto* it = at(m.depots, d); return it ? it->id : std::string(); };
  const auto rep_no = [&](std::size_t k) {
    return std::int64_t(k < ex.replication_numbers.size() ? ex.replication_numbers[k] : k);
  };

  // The catalogue and the depots, once.
  std::vector<int> items(m.items.size()), depots(m.depots.size());
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = int(i);
  for (std::size_t d = 0; d < depots.size(); ++d) depots[d] = int(d);
  using It = const int&;
  TableSchema<int>("logistics_items", "the catalogue of items the depots hold and the sites use")
      .text("item", "", "item id", [&](It i) { return m.items[std::size_t(i)].id; })
      .text("name", "", "item name", [&](It i) { return m.items[std::size_t(i)].name; })
      .text("unit", "", "the unit its quantities are counted in (bag, pump, litre, ...)",
            [&](It i) { return m.items[std::size_t(i)].unit; })
      .real("weight_kg", "kg", "weight of one unit", [&](It i) { return m.items[std::size_t(i)].weight_kg; })
      .real("volume_m3", "m3", "volume of one unit", [&](It i) { return m.items[std::size_t(i)].volume_m3; })
      .real("handling_s", "s", "time to load or unload one unit", [&](It i) { return m.items[std::size_t(i)].handling_s; })
      .integer("returns", "", "1 for equipment that goes back to its depot when the work ends, 0 for a consumable",
               [&](It i) { return std::int64_t(m.items[std::size_t(i)].returns); })
      .add_to(file, items);
  std::vector<int> vehicles_at(m.depots.size(), 0);
  for (const auto& v : m.vehicles)
    if (v.depot >= 0 && std::size_t(v.depot) < vehicles_at.size()) ++vehicles_at[std::size_t(v.depot)];
  const auto depot = [&](It d) -> const LogisticsModel::Depot& { return m.depots[std::size_t(d)]; };
  TableSchema<int>("logistics_depots", "the depots: where they are, their level and whom they serve")
      .text("depot", "", "depot id", [&](It d) { return depot(d).id; })
      .text("name", "", "depot name", [&](It d) { return depot(d).name; })
      .text("level", "", "city, banner, township, village or enterprise",
            [&](It d) { return std::string(team_level_name(depot(d).level)); })
      .text("banner", "", "the banner it serves (empty: every banner)",
            [&](It d) { const auto* b = at(response.banners, depot(d).banner); return b ? *b : std::string(); })
      .text("department", "", "the department that holds it",
            [&](It d) { const auto* s = at(m.departments, depot(d).department); return s ? *s : std::string(); })
      .real("lon", "deg", "longitude of its road node", [&](It d) { return lon_of(depot(d).node); })
      .real("lat", "deg", "latitude of its road node", [&](It d) { return lat_of(depot(d).node); })
      .integer("node", "", "road network node id (as in the network file)", [&](It d) { return node_id(depot(d).node); })
      .real("replenish_s", "s", "lead time of its replenishment from outside (NaN: not replenished)",
            [&](It d) { return depot(d).replenish_s; })
      .integer("vehicles", "", "vehicles based at it", [&](It d) { return std::int64_t(vehicles_at[std::size_t(d)]); })
      .add_to(file, depots);

  // Per replication.
  struct Request { std::int64_t rep; std::size_t k; const SupplyRequest* r; };
  struct Delivery { std::int64_t rep; const SupplyDelivery* d; };
  struct Stock { std::int64_t rep; const StockLevel* s; };
  struct Balance { std::int64_t rep; const ItemBalance* b; };
  struct Shortage { std::int64_t rep; std::size_t k; const SiteShortage* s; };
  struct Vehicle { std::int64_t rep; const VehicleOutcome* v; };
  struct DepotItem { std::int64_t rep; const DepotItemOutcome* d; };
  struct Reserve { std::int64_t rep; ReserveCompliance c; };
  std::vector<Request> requests;
  std::vector<Delivery> deliveries;
  std::vector<Stock> stock;
  std::vector<Balance> balance;
  std::vector<Shortage> shortages;
  std::vector<Vehicle> vehicles;
  std::vector<DepotItem> depot_items;
  std::vector<Reserve> reserve;
  const std::vector<LogisticsKpis> kpis = logistics_kpis_by_replication(m, ex);
  for (std::size_t k = 0; k < ex.logistics.size(); ++k) {
    const LogisticsOutcome& o = ex.logistics[k];
    const std::int64_t rep = rep_no(k);
    for (const auto& r : o.requests) requests.push_back({rep, k, &r});
    for (const auto& d : o.deliveries) deliveries.push_back({rep, &d});
    for (const auto& s : o.stock) stock.push_back({rep, &s});
    for (const auto& b : o.balance) balance.push_back({rep, &b});
    for (const auto& s : o.shortages) shortages.push_back({rep, k, &s});
    for (const auto& v : o.vehicles) vehicles.push_back({rep, &v});
    for (const auto& d : o.depot_items) depot_items.push_back({rep, &d});
    for (const ReserveCompliance& c : kpis[k].reserve) reserve.push_back({rep, c});
  }

  // A site: an incident of the replication (its number and node) or a shelter.
  const auto incident_of = [&](std::size_t k, SiteKind kind, int site) -> const IncidentOutcome* {
    if (kind != SiteKind::incident || k >= ex.replications.size()) return nullptr;
    return at(ex.replications[k].incidents, site);
  };
  const auto site_text = [&](std::size_t k, SiteKind kind, int site) {
    if (kind == SiteKind::shelter) {
      const auto* s = at(m.shelters, site);
      return s ? s->id : std::string();
    }
    const IncidentOutcome* inc = incident_of(k, kind, site);
    return std::to_string(inc ? inc->id : site);
  };
  const auto incident_number = [&](std::size_t k, SiteKind kind, int site) -> std::int64_t {
    if (kind != SiteKind::incident) return -1;
    const IncidentOutcome* inc = incident_of(k, kind, site);
    return inc ? inc->id : site;
  };
  const auto site_node = [&](std::size_t k, SiteKind kind, int site, bool lon) {
    if (kind == SiteKind::shelter) {
      const auto* s = at(m.shelters, site);
      return s ? (lon ? lon_of(s->node) : lat_of(s->node)) : std::nan("");
    }
    const IncidentOutcome* inc = incident_of(k, kind, site);
    return inc ? (lon ? lon_of(inc->node) : lat_of(inc->node)) : std::nan("");
  };

  using Rq = const Request&;
  TableSchema<Request>("logistics_requests", "one row per request of a site for one item, per replication")
      .replication([](Rq x) { return x.rep; })
      .integer("request", "", "request number within the replication (logistics_deliveries.request)",
               [](Rq x) { return std::int64_t(x.r->id); })
      .text("site_kind", "", "incident or shelter", [](Rq x) { return site_kind_name(x.r->kind); })
      .text("site", "", "the incident's number (incidents.incident) or the shelter's id",
            [&](Rq x) { return site_text(x.k, x.r->kind, x.r->site); })
      .integer("incident", "", "the incident's number (-1: a shelter)",
               [&](Rq x) { return incident_number(x.k, x.r->kind, x.r->site); })
      .real("lon", "deg", "longitude of the site's road node", [&](Rq x) { return site_node(x.k, x.r->kind, x.r->site, true); })
      .real("lat", "deg", "latitude of the site's road node", [&](Rq x) { return site_node(x.k, x.r->kind, x.r->site, false); })
      .text("item", "", "item id", [&](Rq x) { return item_id(x.r->item); })
      .text("unit", "", "the item's unit", [&](Rq x) { return item_unit(x.r->item); })
      .real("quantity", "item units", "units asked for", [](Rq x) { return x.r->quantity; })
      .integer("priority", "", "the incident's severity index (shelters: the highest)", [](Rq x) { return std::int64_t(x.r->priority); })
      .real("requested_s", "s", "when the site asked", [](Rq x) { return x.r->requested_s; })
      .real("completed_s", "s", "when its last unit was delivered (NaN: not by the end)", [](Rq x) { return x.r->completed_s; })
      .real("delivery_s", "s", "completed_s minus requested_s (NaN: not wholly delivered)",
            [](Rq x) { return x.r->completed_s - x.r->requested_s; })
      .real("from_stock", "item units", "issued from depot stock on hand when the request reached the depot",
            [](Rq x) { return x.r->from_stock; })
      .real("backordered", "item units", "waited at a depot for its replenishment", [](Rq x) { return x.r->backordered; })
      .real("requisitioned", "item units", "ordered from a private supplier", [](Rq x) { return x.r->requisitioned; })
      .real("unmet", "item units", "nobody could supply", [](Rq x) { return x.r->unmet; })
      .real("delivered", "item units", "reached the site by the end", [](Rq x) { return x.r->delivered; })
      .integer("steps", "", "steps of the request chain it climbed (0: the first)", [](Rq x) { return std::int64_t(x.r->steps); })
      .integer("measured", "", "1 when requested after the warm-up (counted in the indicators)",
               [](Rq x) { return std::int64_t(x.r->measured); })
      .add_to(file, requests);

  using Dl = const Delivery&;
  TableSchema<Delivery>("logistics_deliveries", "one row per load carried to a site, by a depot's vehicle or a supplier, per replication")
      .replication([](Dl x) { return x.rep; })
      .integer("request", "", "the request it serves (logistics_requests.request)", [](Dl x) { return std::int64_t(x.d->request); })
      .text("item", "", "item id", [&](Dl x) { return item_id(x.d->item); })
      .real("quantity", "item units", "units carried", [](Dl x) { return x.d->quantity; })
      .text("depot", "", "the depot it came from (empty: a supplier)", [&](Dl x) { return depot_id(x.d->depot); })
      .text("supplier", "", "the supplier it came from (empty: a depot)",
            [&](Dl x) { const auto* s = at(m.suppliers, x.d->supplier); return s ? s->id : std::string(); })
      .text("vehicle", "", "the vehicle that carried it (empty: a supplier's own)",
            [&](Dl x) { const auto* v = at(m.vehicles, x.d->vehicle); return v ? v->id : std::string(); })
      .real("ready_s", "s", "issued at the depot, waiting for a vehicle", [](Dl x) { return x.d->ready_s; })
      .real("load_s", "s", "a vehicle began loading (NaN: never)", [](Dl x) { return x.d->load_s; })
      .real("depart_s", "s", "it left (NaN: never)", [](Dl x) { return x.d->depart_s; })
      .real("arrive_s", "s", "it reached the site (NaN: not by the end)", [](Dl x) { return x.d->arrive_s; })
      .real("unloaded_s", "s", "on hand at the site (NaN: not by the end)", [](Dl x) { return x.d->unloaded_s; })
      .real("back_s", "s", "the vehicle was back at its depot (NaN: not by the end, or a supplier's)",
            [](Dl x) { return x.d->back_s; })
      .integer("reroutes", "", "times a road change made it replan on the way", [](Dl x) { return std::int64_t(x.d->reroutes); })
      .real("blocked_s", "s", "time it waited with no open road", [](Dl x) { return x.d->blocked_s; })
      .add_to(file, deliveries);

  using St = const Stock&;
  TableSchema<Stock>("logistics_stock", "the stock of every item at every depot at each report time, per replication")
      .replication([](St x) { return x.rep; })
      .real("time_s", "s", "report time", [](St x) { return x.s->time_s; })
      .text("depot", "", "depot id", [&](St x) { return depot_id(x.s->depot); })
      .text("item", "", "item id", [&](St x) { return item_id(x.s->item); })
      .real("stock", "item units", "units on hand at the depot", [](St x) { return x.s->stock; })
      .add_to(file, stock);

  using Bl = const Balance&;
  TableSchema<Balance>("logistics_balance",
                       "where every unit of each item is at each report time and the horizon, per replication: "
                       "initial + replenished + requisitioned = consumed + at_depots + at_sites + in_transit")
      .replication([](Bl x) { return x.rep; })
      .real("time_s", "s", "report time", [](Bl x) { return x.b->time_s; })
      .text("item", "", "item id", [&](Bl x) { return item_id(x.b->item); })
      .real("initial", "item units", "stock at every depot at the start", [](Bl x) { return x.b->initial; })
      .real("replenished", "item units", "arrived at depots from outside by then", [](Bl x) { return x.b->replenished; })
      .real("requisitioned", "item units", "ordered from suppliers by then", [](Bl x) { return x.b->requisitioned; })
      .real("consumed", "item units", "used up at the sites by then", [](Bl x) { return x.b->consumed; })
      .real("at_depots", "item units", "on hand at depots", [](Bl x) { return x.b->at_depots; })
      .real("at_sites", "item units", "on hand at incidents and shelters (equipment in use, leftovers)",
            [](Bl x) { return x.b->at_sites; })
      .real("in_transit", "item units",
            "loaded or being loaded, on the road, equipment going back, supplier orders not yet delivered",
            [](Bl x) { return x.b->in_transit; })
      .add_to(file, balance);

  using Sh = const Shortage&;
  TableSchema<Shortage>("logistics_shortages", "one row per site and item it needed, per replication")
      .replication([](Sh x) { return x.rep; })
      .text("site_kind", "", "incident or shelter", [](Sh x) { return site_kind_name(x.s->kind); })
      .text("site", "", "the incident's number (incidents.incident) or the shelter's id",
            [&](Sh x) { return site_text(x.k, x.s->kind, x.s->site); })
      .integer("incident", "", "the incident's number (-1: a shelter)",
               [&](Sh x) { return incident_number(x.k, x.s->kind, x.s->site); })
      .text("item", "", "item id", [&](Sh x) { return item_id(x.s->item); })
      .real("requested", "item units", "units the site asked for", [](Sh x) { return x.s->requested; })
      .real("delivered", "item units", "units that reached it", [](Sh x) { return x.s->delivered; })
      .real("consumed", "item units", "units it used up", [](Sh x) { return x.s->consumed; })
      .real("short_s", "s", "time the site needed the item and had none (or too little equipment)",
            [](Sh x) { return x.s->short_s; })
      .real("people_hours_without", "people-h", "shelters: people times hours without the item (incidents: 0)",
            [](Sh x) { return x.s->people_hours_without; })
      .integer("measured", "", "1 when counted in the indicators (incidents after the warm-up; every shelter)",
               [](Sh x) { return std::int64_t(x.s->measured); })
      .add_to(file, shortages);

  using Vh = const Vehicle&;
  const auto vehicle = [&](Vh x) { return at(m.vehicles, x.v->vehicle); };
  TableSchema<Vehicle>("logistics_vehicles", "one row per depot vehicle and replication")
      .replication([](Vh x) { return x.rep; })
      .text("vehicle", "", "vehicle id (<id>#k for the k-th of several)",
            [&](Vh x) { const auto* v = vehicle(x); return v ? v->id : std::string(); })
      .text("depot", "", "its depot", [&](Vh x) { const auto* v = vehicle(x); return v ? depot_id(v->depot) : std::string(); })
      .text("vehicle_class", "", "its road vehicle class (how closures and flood depths affect it)",
            [&](Vh x) {
              const auto* v = vehicle(x);
              const auto* c = v ? at(response.vehicle_classes, v->vehicle_class) : nullptr;
              return c ? *c : std::string();
            })
      .real("capacity_kg", "kg", "weight it carries", [&](Vh x) { const auto* v = vehicle(x); return v ? v->capacity_kg : std::nan(""); })
      .real("capacity_m3", "m3", "volume it carries (inf: no limit)",
            [&](Vh x) { const auto* v = vehicle(x); return v ? v->capacity_m3 : std::nan(""); })
      .integer("trips", "", "loads it carried", [](Vh x) { return std::int64_t(x.v->trips); })
      .real("busy_s", "s", "loading, driving, unloading and returning, within the observed window (warm-up to horizon)",
            [](Vh x) { return x.v->busy_s; })
      .real("utilisation", "1", "busy time over the observed window", [](Vh x) { return x.v->utilisation; })
      .add_to(file, vehicles);

  using Di = const DepotItem&;
  TableSchema<DepotItem>("logistics_depot_items", "one row per depot and item, per replication")
      .replication([](Di x) { return x.rep; })
      .text("depot", "", "depot id", [&](Di x) { return depot_id(x.d->depot); })
      .text("item", "", "item id", [&](Di x) { return item_id(x.d->item); })
      .real("initial", "item units", "stock at the start", [&](Di x) {
        const auto* d = at(m.depots, x.d->depot);
        const auto* s = d ? at(d->stock, x.d->item) : nullptr;
        return s ? *s : std::nan("");
      })
      .real("issued", "item units", "units issued to requests", [](Di x) { return x.d->issued; })
      .real("replenished", "item units", "units that arrived from outside", [](Di x) { return x.d->replenished; })
      .real("min_stock", "item units", "lowest stock over the run", [](Di x) { return x.d->min_stock; })
      .real("end_stock", "item units", "stock at the horizon", [](Di x) { return x.d->end_stock; })
      .integer("stockouts", "", "times its stock fell to zero", [](Di x) { return std::int64_t(x.d->stockouts); })
      .add_to(file, depot_items);

  using Rs = const Reserve&;
  TableSchema<Reserve>("logistics_reserve",
                       "the level-2 reserve targets (depot and item) against the stock, per replication")
      .replication([](Rs x) { return x.rep; })
      .text("depot", "", "depot id", [&](Rs x) { return depot_id(x.c.depot); })
      .text("item", "", "item id", [&](Rs x) { return item_id(x.c.item); })
      .real("target", "item units", "the reserve target", [](Rs x) { return x.c.target; })
      .real("initial", "item units", "stock at the start", [](Rs x) { return x.c.initial; })
      .real("min_stock", "item units", "lowest stock over the run", [](Rs x) { return x.c.min_stock; })
      .integer("met_at_start", "", "1 when initial >= target", [](Rs x) { return std::int64_t(x.c.met_at_start); })
      .integer("met_throughout", "", "1 when min_stock >= target", [](Rs x) { return std::int64_t(x.c.met_throughout); })
      .add_to(file, reserve);

  const std::vector<LogisticsKpiSummary> summary = summarise_logistics_kpis(m, kpis);
  using Ks = const LogisticsKpiSummary&;
  TableSchema<LogisticsKpiSummary>("logistics_kpis",
                                   "logistics indicators per item (empty item: the whole run) over the replications, 95% intervals")
      .text("item", "", "item id (empty: the whole run)", [&](Ks k) { return item_id(k.item); })
      .text("kpi", "", "indicator", [](Ks k) { return k.name; })
      .text("unit", "", "unit of the indicator (item units: logistics_items.unit)", [](Ks k) { return k.unit; })
      .real("mean", "", "mean over the replications in which it is defined", [](Ks k) { return k.interval.mean; })
      .real("half_width", "", "half width of the Student-t confidence interval", [](Ks k) { return k.interval.half_width; })
      .real("lower", "", "lower bound", [](Ks k) { return k.interval.lower(); })
      .real("upper", "", "upper bound", [](Ks k) { return k.interval.upper(); })
      .integer("replications", "", "replications in which the indicator is defined",
               [](Ks k) { return std::int64_t(k.interval.count); })
      .text("over", "", "what each replication's value is over, and what the mean is over", [](Ks k) { return k.over; })
      .text("description", "", "what it measures", [](Ks k) { return k.description; })
      .add_to(file, summary);
}

}  // namespace dsim
