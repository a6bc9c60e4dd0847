// SPDX-License-Identifier: MIT
#include "sim/run/warning_runner.hpp"

#include "sim/core/error.hpp"
#include "sim/io/table_schema.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/run/scenario_chemical.hpp"
#include "sim/run/scenario_flood.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/warning/warning_spec.hpp"

#include <cmath>

namespace dsim {

void require_warning_section(const Scenario& scenario) {
  if (!scenario.warning)
    throw InputError(scenario.source_path, 0, "warning", "a scenario with a warning section", "none");
}

PreparedWarning prepare_warning(Scenario scenario, std::optional<HazardArrival> hazard,
                                const std::function<void(const FloodProgress&)>& on_flood_progress) {
  require_warning_section(scenario);
  PreparedWarning p;
  std::optional<FloodTerrain> terrain;
  p.region = load_checked_region(scenario, terrain);
  const Region& region = *p.region;
  const WarningSpec& spec = *scenario.warning;
  // The forces bind the teams named for warning duties and carry the outages;
  // alone, the warning chain has them always free.
  const ResponseModel forces = build_response_model(scenario, region);
  p.model = build_warning_model(spec, region, scenario.horizon_s, scenario.source_path, &forces);
  if (hazard) {
    if (hazard->node_arrival_s.size() != region.network.node_count())
      throw Error("the hazard's arrival times do not match the region's road network");
    p.hazard = std::move(*hazard);
  } else if (!spec.front && scenario.chemical && !scenario.flood) {
    // The release gives the arrival times and each zone's protective action.
    const ScenarioChemical chemical = run_scenario_chemical(*scenario.chemical, scenario, region, forces);
    apply_protective_actions(chemical, p.model);
    const HazardArrival* hazards[] = {&chemical.node_arrival()};
    p.hazard = warning_hazard_arrival(scenario, region, hazards);
  } else if (!spec.front && scenario.flood) {
    // The scenario's flood gives the arrival times: run it alone, without rescues (no response here).
    FloodSpec flood = *scenario.flood;
    flood.rescue.reset();
    ResponseModel bare;
    bare.horizon_s = scenario.horizon_s;
    const HazardArrival arrival =
        run_scenario_flood(flood, std::move(*terrain), region, bare, scenario.source_path, 0, on_flood_progress)
            .impact.arrival;
    const HazardArrival* hazards[] = {&arrival};
    p.hazard = warning_hazard_arrival(scenario, region, hazards);
  } else {
    p.hazard = warning_hazard_arrival(scenario, region, {});
  }
  p.routes = std::make_unique<EvacuationRoutes>(region.network, p.model.shelters, &p.hazard);
  p.scenario = std::move(scenario);
  return p;
}

ResultsFile warning_results(const PreparedWarning& prepared, const WarningExperiment& ex, const std::string& command_line) {
  ResultsFile file;
  file.metadata =
      scenario_results_metadata(prepared.scenario, static_cast<std::int64_t>(ex.replications.size()), command_line);
  add_scenario_attributes(file, prepared.scenario);
  std::vector<WarningSummary> summaries;
  std::vector<std::size_t> numbers;
  for (std::size_t r = 0; r < ex.replications.size(); ++r) {
    if (r < ex.finished.size() && !ex.finished[r]) continue;
    summaries.push_back(ex.replications[r]);
    numbers.push_back(r);
  }
  add_warning_tables(file, prepared.model, summaries, numbers);
  return file;
}

void add_warning_tables(ResultsFile& file, const WarningModel& m, const std::vector<WarningSummary>& summaries,
                        const std::vector<std::size_t>& replication_numbers, const std::vector<WarningOutcome>* outcomes,
                        const ResponseModel* forces) {
  const auto or_nan = [](double x) { return std::isinf(x) ? std::nan("") : x; };

  // The rows of each table, in replication order.
  struct Replication {
    std::int64_t replication;
    const WarningSummary* summary;
  };
  struct Share {
    std::int64_t replication;
    double time_s;
    const char* kind;
    std::string name;
    double share;
  };
  struct Shelter {
    std::int64_t replication;
    const std::string* id;
    std::int64_t capacity_people;
    std::int64_t occupancy_people;
  };
  struct Group {
    std::int64_t replication;
    const std::string* name;
    double people_exposed;
  };
  std::vector<Replication> reps;
  std::vector<Share> shares;
  std::vector<Shelter> shelters;
  std::vector<Group> groups;
  for (std::size_t r = 0; r < summaries.size(); ++r) {
    const WarningSummary& s = summaries[r];
    const auto ri = static_cast<std::int64_t>(replication_numbers[r]);
    reps.push_back({ri, &s});
    for (std::size_t k = 0; k < s.times_s.size(); ++k) {
      for (std::size_t g = 0; g < m.groups.size(); ++g)
        shares.push_back({ri, s.times_s[k], "group", m.groups[g].name, s.warned_by_group[g][k]});
      for (std::size_t c = 0; c < m.channels.size(); ++c)
        shares.push_back({ri, s.times_s[k], "channel", m.channels[c].name, s.warned_by_channel[c][k]});
      shares.push_back({ri, s.times_s[k], "departed", "all", s.departed[k]});
      shares.push_back({ri, s.times_s[k], "sheltered", "all", s.sheltered[k]});
    }
    for (std::size_t k = 0; k < m.shelters.size(); ++k)
      shelters.push_back({ri, &m.shelters[k].id, s.shelter_capacity[k], s.shelter_occupancy[k]});
    for (std::size_t g = 0; g < m.groups.size(); ++g) groups.push_back({ri, &m.groups[g].name, s.exposed_by_group[g]});
  }

  using R = const Replication&;
  TableSchema<Replication>("warning_replications", "outcome measures of each replication")
      .replication([](R x) { return x.replication; })
      .real("issued_s", "s", "time the warning was issued (NaN: never)", [&](R x) { return or_nan(x.summary->issued_s); })
      .real("people", "people", "people in the warned zones", [](R x) { return x.summary->people; })
      .real("people_warned", "people", "people who heard a warning within the run", [](R x) { return x.summary->people_warned; })
      .real("people_in_path", "people", "people whose home the hazard reaches within the run",
            [](R x) { return x.summary->people_in_path; })
      .real("people_evacuated_in_time", "people", "people in the path who left before the hazard reached home",
            [](R x) { return x.summary->people_evacuated_in_time; })
      .real("people_exposed", "people", "people the hazard reached at home or on the way",
            [](R x) { return x.summary->people_exposed; })
      .real("share_evacuated_in_time", "1", "people_evacuated_in_time / people_in_path",
            [](R x) { return x.summary->share_evacuated_in_time; })
      .integer("calls", "1", "first-level call-and-answer calls (one per responsible person with zones)",
               [](R x) { return static_cast<std::int64_t>(x.summary->calls); })
      .real("mean_attempts", "1", "calls placed per first-level person", [](R x) { return x.summary->mean_attempts; })
      .real("mean_acknowledgement_s", "s", "issue to answer, over answered first-level calls",
            [&](R x) { return or_nan(x.summary->mean_acknowledgement_s); })
      .real("share_second_call", "1", "first-level calls that needed more than one call",
            [](R x) { return x.summary->share_second_call; })
      .real("share_within_target", "1", "first-level calls answered within the target time",
            [](R x) { return x.summary->share_within_target; })
      .integer("escalations", "1", "calls escalated to the next level",
               [](R x) { return static_cast<std::int64_t>(x.summary->escalations); })
      .real("all_feedback_s", "s", "time command has feedback from every zone (NaN: never)",
            [&](R x) { return or_nan(x.summary->all_feedback_s); })
      .real("people_sheltered_in_place", "people", "people warned in a zone that shelters in place who went indoors",
            [](R x) { return x.summary->people_sheltered_in_place; })
      .real("people_blocked", "people", "evacuees stopped on the way by a closed road (one-run scenarios)",
            [](R x) { return x.summary->people_blocked; })
      .real("contacts_lost_to_outages", "1", "household contacts by a channel that failed for a power or network outage",
            [](R x) { return x.summary->contacts_lost_to_outages; })
      .integer("calls_failed_no_network", "1",
               "call-and-answer attempts that failed because the network was down in the person's zone",
               [](R x) { return static_cast<std::int64_t>(x.summary->calls_failed_no_network); })
      .integer("calls_missed_on_rescue", "1",
               "call-and-answer attempts unanswered because the person was out on a rescue with their team",
               [](R x) { return static_cast<std::int64_t>(x.summary->calls_missed_on_rescue); })
      .integer("answered_by_fallback", "1", "calls answered through the fallback (messenger, radio relay)",
               [](R x) { return static_cast<std::int64_t>(x.summary->answered_by_fallback); })
      .add_to(file, reps);
  using S = const Share&;
  TableSchema<Share>("warned_share",
                     "share of people warned by time, per group and per first channel; "
                     "shares of all people departed and sheltered by time")
      .replication([](S x) { return x.replication; })
      .real("time_s", "s", "time from scenario start", [](S x) { return x.time_s; })
      .text("kind", "", "group, channel, departed or sheltered", [](S x) { return std::string(x.kind); })
      .text("name", "", "the group's or channel's name", [](S x) { return x.name; })
      .real("share", "1",
            "group: of the group's people warned; channel: of all people, warned first by it; departed, sheltered: of "
            "all people",
            [](S x) { return x.share; })
      .add_to(file, shares);
  using H = const Shelter&;
  TableSchema<Shelter>("shelters", "shelter occupancy at the end of each replication")
      .replication([](H x) { return x.replication; })
      .text("shelter", "", "shelter id", [](H x) { return *x.id; })
      .integer("capacity_people", "people", "capacity", [](H x) { return x.capacity_people; })
      .integer("occupancy_people", "people", "people there at the end", [](H x) { return x.occupancy_people; })
      .add_to(file, shelters);
  using G = const Group&;
  TableSchema<Group>("exposed_by_group", "people exposed per group")
      .replication([](G x) { return x.replication; })
      .text("group", "", "population group", [](G x) { return *x.name; })
      .real("people_exposed", "people", "people of the group exposed", [](G x) { return x.people_exposed; })
      .add_to(file, groups);
  if (outcomes == nullptr) return;

  struct Call {
    std::int64_t replication;
    const CallRecord* call;
  };
  struct Knock {
    std::int64_t replication;
    const KnockRecord* knock;
  };
  std::vector<Call> calls;
  std::vector<Knock> knocks;
  for (std::size_t r = 0; r < outcomes->size(); ++r) {
    const auto ri = static_cast<std::int64_t>(replication_numbers[r]);
    for (const CallRecord& c : (*outcomes)[r].calls) calls.push_back({ri, &c});
    for (const KnockRecord& k : (*outcomes)[r].knocks) knocks.push_back({ri, &k});
  }
  using C = const Call&;
  TableSchema<Call>("warning_calls", "one row per call-and-answer thread and replication")
      .replication([](C x) { return x.replication; })
      .text("person", "", "responsible person called", [&](C x) { return m.responsible[x.call->person].id; })
      .text("role", "", "their role", [&](C x) { return m.responsible[x.call->person].role; })
      .integer("escalated_from", "",
               "row (within the replication) of the call that escalated to this one; -1: first level",
               [](C x) { return x.call->escalated_from; })
      .real("started_s", "s", "time command first called", [&](C x) { return or_nan(x.call->started_s); })
      .real("answered_s", "s", "time they answered (NaN: never)", [&](C x) { return or_nan(x.call->answered_s); })
      .integer("attempts", "1", "calls placed", [](C x) { return x.call->attempts; })
      .integer("missed_on_rescue", "1", "attempts unanswered: out on a rescue with their team",
               [](C x) { return x.call->missed_on_rescue; })
      .integer("failed_no_network", "1", "attempts failed: network down in their zone",
               [](C x) { return x.call->failed_no_network; })
      .integer("by_fallback", "", "1 when the fallback reached them", [](C x) { return x.call->by_fallback; })
      .add_to(file, calls);
  using K = const Knock&;
  TableSchema<Knock>("warning_duties", "door knocking by units of the forces, one row per unit, zone and channel")
      .replication([](K x) { return x.replication; })
      .text("unit", "", "unit (team, or team#crew)",
            [&](K x) {
              return forces != nullptr ? forces->units[static_cast<std::size_t>(x.knock->unit)].id
                                       : std::to_string(x.knock->unit);
            })
      .text("station", "", "the unit's home station (id)",
            [&](K x) {
              if (forces == nullptr) return std::string();
              const int s = forces->units[static_cast<std::size_t>(x.knock->unit)].station;
              return forces->stations[static_cast<std::size_t>(s)].id;
            })
      .text("channel", "", "warning channel", [&](K x) { return m.channels[x.knock->channel].name; })
      .text("zone", "", "zone knocked", [&](K x) { return m.zones[x.knock->zone].id; })
      .text("zone_name", "", "its name (empty when the zone has none)", [&](K x) { return m.zones[x.knock->zone].name; })
      .integer("households", "1", "households in the unit's share", [](K x) { return x.knock->households; })
      .real("queued_s", "s", "time the channel started in the zone", [&](K x) { return or_nan(x.knock->queued_s); })
      .real("started_s", "s", "time the unit began (NaN: not within the run; it was out on incidents)",
            [&](K x) { return or_nan(x.knock->started_s); })
      .real("ended_s", "s", "time it knocked its last door",
            [&](K x) { return or_nan(x.knock->started_s < kNotYet ? x.knock->ended_s : kNotYet); })
      .add_to(file, knocks);

  // Per warning zone: who was warned and who left home, and when the last of them left.
  struct ZoneRow {
    std::int64_t replication;
    std::size_t zone;
    double people = 0, warned = 0, left = 0;
    double last_left_s = kNotYet, left_90_s = kNotYet;
  };
  std::vector<ZoneRow> zone_rows;
  for (std::size_t r = 0; r < outcomes->size(); ++r) {
    const auto ri = static_cast<std::int64_t>(replication_numbers[r]);
    std::vector<ZoneRow> rows(m.zones.size());
    std::vector<std::vector<std::pair<double, double>>> departures(m.zones.size());  // time, people
    for (std::size_t z = 0; z < rows.size(); ++z) rows[z] = {ri, z};
    for (const HouseholdRecord& h : (*outcomes)[r].households) {
      if (h.zone >= rows.size()) continue;
      ZoneRow& row = rows[h.zone];
      row.people += h.people;
      if (h.warned_s < kNotYet) row.warned += h.people;
      if (h.departed_s < kNotYet) {
        row.left += h.people;
        departures[h.zone].push_back({h.departed_s, double(h.people)});
      }
    }
    for (std::size_t z = 0; z < rows.size(); ++z) {
      auto& d = departures[z];
      std::sort(d.begin(), d.end());
      double gone = 0.0;
      for (const auto& [t, n] : d) {
        gone += n;
        if (rows[z].left_90_s == kNotYet && gone >= 0.9 * rows[z].left) rows[z].left_90_s = t;
        rows[z].last_left_s = t;
      }
      zone_rows.push_back(rows[z]);
    }
  }
  using Z = const ZoneRow&;
  TableSchema<ZoneRow>("warning_zones", "one row per warning zone and replication: who was warned and left home")
      .replication([](Z x) { return x.replication; })
      .text("zone", "", "warning zone", [&](Z x) { return m.zones[x.zone].id; })
      .text("zone_name", "", "its name (empty when the zone has none)", [&](Z x) { return m.zones[x.zone].name; })
      .real("people", "people", "people of the zone", [](Z x) { return x.people; })
      .real("people_warned", "people", "people warned by the end", [](Z x) { return x.warned; })
      .real("people_left", "people", "people who left home (to a shelter or away) by the end", [](Z x) { return x.left; })
      .real("left_90_s", "s", "time by which 90 % of the people who left had left (NaN: nobody left)",
            [&](Z x) { return or_nan(x.left_90_s); })
      .real("last_left_s", "s", "time the last household that left did so: the zone evacuated (NaN: nobody left)",
            [&](Z x) { return or_nan(x.last_left_s); })
      .add_to(file, zone_rows);
}

ResultsFile issue_delay_results(const PreparedWarning& p, const std::vector<double>& issue_delays_s, int threads,
                                const std::string& command_line) {
  const Scenario& s = p.scenario;
  const auto reps = static_cast<std::size_t>(s.replications);
  const std::vector<WarningExperiment> sweep =
      run_issue_delay_sweep(p.model, p.hazard, *p.routes, s.seed, reps, threads, issue_delays_s);
  ResultsFile file;
  file.metadata = scenario_results_metadata(s, static_cast<std::int64_t>(reps), command_line);
  add_scenario_attributes(file, s);
  struct Row {
    std::int64_t replication;
    double issue_delay_s;
    const WarningSummary* summary;
  };
  std::vector<Row> rows;
  for (std::size_t d = 0; d < sweep.size(); ++d)
    for (std::size_t r = 0; r < reps; ++r)
      rows.push_back({static_cast<std::int64_t>(r), issue_delays_s[d], &sweep[d].replications[r]});
  using R = const Row&;
  TableSchema<Row>("issue_delay_sweep", "people exposed per replication and issue delay (common random numbers)")
      .replication([](R x) { return x.replication; })
      .real("issue_delay_s", "s", "the fixed delay from decision to issue", [](R x) { return x.issue_delay_s; })
      .real("people_exposed", "people", "people the hazard reached at home or on the way",
            [](R x) { return x.summary->people_exposed; })
      .real("share_evacuated_in_time", "1", "of the people in the path, share who left in time",
            [](R x) { return x.summary->share_evacuated_in_time; })
      .add_to(file, rows);
  return file;
}

}  // namespace dsim
