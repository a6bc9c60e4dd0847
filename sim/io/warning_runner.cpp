// SPDX-License-Identifier: MIT
#include "sim/io/warning_runner.hpp"

#include "sim/core/error.hpp"
#include "sim/io/region_loader.hpp"
#include "sim/io/scenario_runner.hpp"
#include "sim/io/scenario_flood.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/warning/warning_spec.hpp"

#include <cmath>

namespace dsim {

PreparedWarning prepare_warning(Scenario scenario, std::optional<HazardArrival> hazard) {
  if (!scenario.warning)
    throw InputError(scenario.source_path, 0, "warning", "a scenario with a warning section", "none");
  PreparedWarning p;
  p.region = std::make_unique<Region>(load_region(scenario.region, {}, scenario.source_path));
  const Region& region = *p.region;
  std::optional<FloodTerrain> terrain;
  std::vector<ScenarioProblem> problems = check_scenario_against_region(scenario, region, &terrain);
  std::erase_if(problems, [](const ScenarioProblem& pr) { return !pr.is_error(); });
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  const WarningSpec& spec = *scenario.warning;
  // The forces bind the teams named for warning duties and carry the outages;
  // alone, the warning chain has them always free.
  const ResponseModel forces = build_response_model(scenario, region);
  p.model = build_warning_model(spec, region, scenario.horizon_s, scenario.source_path, &forces);
  if (hazard) {
    if (hazard->node_arrival_s.size() != region.network.node_count())
      throw Error("the hazard's arrival times do not match the region's road network");
    p.hazard = std::move(*hazard);
  } else if (!spec.front && scenario.flood) {
    // The scenario's flood gives the arrival times: run it alone, without rescues (no response here).
    FloodSpec flood = *scenario.flood;
    flood.rescue.reset();
    ResponseModel bare;
    bare.horizon_s = scenario.horizon_s;
    const HazardArrival arrival =
        run_scenario_flood(flood, std::move(*terrain), region, bare, scenario.source_path).impact.arrival;
    p.hazard = warning_hazard_arrival(scenario, region, &arrival);
  } else {
    p.hazard = warning_hazard_arrival(scenario, region, nullptr);
  }
  p.routes = std::make_unique<EvacuationRoutes>(region.network, p.model.shelters, &p.hazard);
  p.scenario = std::move(scenario);
  return p;
}

ResultsFile warning_results(const PreparedWarning& prepared, const WarningExperiment& ex, const std::string& command_line) {
  ResultsFile file;
  file.metadata =
      scenario_results_metadata(prepared.scenario, static_cast<std::int64_t>(ex.replications.size()), command_line);
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

  ResultsTable& reps = file.add_table("warning_replications", "outcome measures of each replication");
  auto rep = reps.add_replication_column();
  auto issued = reps.add_double_column("issued_s", "s", "time the warning was issued (NaN: never)");
  auto people = reps.add_double_column("people", "people", "people in the warned zones");
  auto warned = reps.add_double_column("people_warned", "people", "people who heard a warning within the run");
  auto in_path = reps.add_double_column("people_in_path", "people", "people whose home the hazard reaches within the run");
  auto in_time = reps.add_double_column("people_evacuated_in_time", "people", "people in the path who left before the hazard reached home");
  auto exposed = reps.add_double_column("people_exposed", "people", "people the hazard reached at home or on the way");
  auto share_in_time = reps.add_double_column("share_evacuated_in_time", "1", "people_evacuated_in_time / people_in_path");
  auto calls = reps.add_int64_column("calls", "1", "first-level call-and-answer calls (one per responsible person with zones)");
  auto attempts = reps.add_double_column("mean_attempts", "1", "calls placed per first-level person");
  auto ack = reps.add_double_column("mean_acknowledgement_s", "s", "issue to answer, over answered first-level calls");
  auto second = reps.add_double_column("share_second_call", "1", "first-level calls that needed more than one call");
  auto within = reps.add_double_column("share_within_target", "1", "first-level calls answered within the target time");
  auto escalations = reps.add_int64_column("escalations", "1", "calls escalated to the next level");
  auto feedback = reps.add_double_column("all_feedback_s", "s", "time command has feedback from every zone (NaN: never)");
  auto blocked = reps.add_double_column("people_blocked", "people", "evacuees stopped on the way by a closed road (one-run scenarios)");
  auto lost_contacts = reps.add_double_column("contacts_lost_to_outages", "1", "household contacts by a channel that failed for a power or network outage");
  auto no_network = reps.add_int64_column("calls_failed_no_network", "1", "call-and-answer attempts that failed because the network was down in the person's zone");
  auto on_rescue = reps.add_int64_column("calls_missed_on_rescue", "1", "call-and-answer attempts unanswered because the person was out on a rescue with their team");
  auto by_fallback = reps.add_int64_column("answered_by_fallback", "1", "calls answered through the fallback (messenger, radio relay)");
  ResultsTable& curve = file.add_table("warned_share", "share of people warned by time, per group and per first channel; "
                                       "shares of all people departed and sheltered by time");
  auto c_rep = curve.add_replication_column();
  auto c_time = curve.add_double_column("time_s", "s", "time from scenario start");
  auto c_kind = curve.add_string_column("kind", "", "group, channel, departed or sheltered");
  auto c_name = curve.add_string_column("name", "", "the group's or channel's name");
  auto c_share = curve.add_double_column("share", "1", "group: of the group's people warned; channel: of all people, warned first by it; departed, sheltered: of all people");
  ResultsTable& shelters = file.add_table("shelters", "shelter occupancy at the end of each replication");
  auto s_rep = shelters.add_replication_column();
  auto s_id = shelters.add_string_column("shelter", "", "shelter id");
  auto s_cap = shelters.add_int64_column("capacity_people", "people", "capacity");
  auto s_occ = shelters.add_int64_column("occupancy_people", "people", "people there at the end");
  ResultsTable& groups = file.add_table("exposed_by_group", "people exposed per group");
  auto g_rep = groups.add_replication_column();
  auto g_name = groups.add_string_column("group", "", "population group");
  auto g_exp = groups.add_double_column("people_exposed", "people", "people of the group exposed");

  for (std::size_t r = 0; r < summaries.size(); ++r) {
    const WarningSummary& s = summaries[r];
    const auto ri = static_cast<std::int64_t>(replication_numbers[r]);
    rep.push(ri);
    issued.push(or_nan(s.issued_s));
    people.push(s.people);
    warned.push(s.people_warned);
    in_path.push(s.people_in_path);
    in_time.push(s.people_evacuated_in_time);
    exposed.push(s.people_exposed);
    share_in_time.push(s.share_evacuated_in_time);
    calls.push(static_cast<std::int64_t>(s.calls));
    attempts.push(s.mean_attempts);
    ack.push(or_nan(s.mean_acknowledgement_s));
    second.push(s.share_second_call);
    within.push(s.share_within_target);
    escalations.push(static_cast<std::int64_t>(s.escalations));
    feedback.push(or_nan(s.all_feedback_s));
    blocked.push(s.people_blocked);
    lost_contacts.push(s.contacts_lost_to_outages);
    no_network.push(static_cast<std::int64_t>(s.calls_failed_no_network));
    on_rescue.push(static_cast<std::int64_t>(s.calls_missed_on_rescue));
    by_fallback.push(static_cast<std::int64_t>(s.answered_by_fallback));
    for (std::size_t k = 0; k < s.times_s.size(); ++k) {
      for (std::size_t g = 0; g < m.groups.size(); ++g) {
        c_rep.push(ri);
        c_time.push(s.times_s[k]);
        c_kind.push("group");
        c_name.push(m.groups[g].name);
        c_share.push(s.warned_by_group[g][k]);
      }
      for (std::size_t c = 0; c < m.channels.size(); ++c) {
        c_rep.push(ri);
        c_time.push(s.times_s[k]);
        c_kind.push("channel");
        c_name.push(m.channels[c].name);
        c_share.push(s.warned_by_channel[c][k]);
      }
      for (const auto& [kind, values] : {std::pair<const char*, const std::vector<double>*>{"departed", &s.departed},
                                         {"sheltered", &s.sheltered}}) {
        c_rep.push(ri);
        c_time.push(s.times_s[k]);
        c_kind.push(kind);
        c_name.push("all");
        c_share.push((*values)[k]);
      }
    }
    for (std::size_t k = 0; k < m.shelters.size(); ++k) {
      s_rep.push(ri);
      s_id.push(m.shelters[k].id);
      s_cap.push(s.shelter_capacity[k]);
      s_occ.push(s.shelter_occupancy[k]);
    }
    for (std::size_t g = 0; g < m.groups.size(); ++g) {
      g_rep.push(ri);
      g_name.push(m.groups[g].name);
      g_exp.push(s.exposed_by_group[g]);
    }
  }
  if (outcomes == nullptr) return;

  ResultsTable& call_table = file.add_table("warning_calls", "one row per call-and-answer thread and replication");
  auto k_rep = call_table.add_replication_column();
  auto k_person = call_table.add_string_column("person", "", "responsible person called");
  auto k_role = call_table.add_string_column("role", "", "their role");
  auto k_from = call_table.add_int64_column("escalated_from", "", "row (within the replication) of the call that escalated to this one; -1: first level");
  auto k_started = call_table.add_double_column("started_s", "s", "time command first called");
  auto k_answered = call_table.add_double_column("answered_s", "s", "time they answered (NaN: never)");
  auto k_attempts = call_table.add_int64_column("attempts", "1", "calls placed");
  auto k_rescue = call_table.add_int64_column("missed_on_rescue", "1", "attempts unanswered: out on a rescue with their team");
  auto k_network = call_table.add_int64_column("failed_no_network", "1", "attempts failed: network down in their zone");
  auto k_fallback = call_table.add_int64_column("by_fallback", "", "1 when the fallback reached them");
  ResultsTable& duties = file.add_table("warning_duties", "door knocking by units of the forces, one row per unit, zone and channel");
  auto d_rep = duties.add_replication_column();
  auto d_unit = duties.add_string_column("unit", "", "unit (team, or team#crew)");
  auto d_channel = duties.add_string_column("channel", "", "warning channel");
  auto d_zone = duties.add_string_column("zone", "", "zone knocked");
  auto d_households = duties.add_int64_column("households", "1", "households in the unit's share");
  auto d_queued = duties.add_double_column("queued_s", "s", "time the channel started in the zone");
  auto d_started = duties.add_double_column("started_s", "s", "time the unit began (NaN: not within the run; it was out on incidents)");
  auto d_ended = duties.add_double_column("ended_s", "s", "time it knocked its last door");
  for (std::size_t r = 0; r < outcomes->size(); ++r) {
    const WarningOutcome& o = (*outcomes)[r];
    const auto ri = static_cast<std::int64_t>(replication_numbers[r]);
    for (const CallRecord& c : o.calls) {
      const ResponsiblePerson& person = m.responsible[c.person];
      k_rep.push(ri);
      k_person.push(person.id);
      k_role.push(person.role);
      k_from.push(c.escalated_from);
      k_started.push(or_nan(c.started_s));
      k_answered.push(or_nan(c.answered_s));
      k_attempts.push(c.attempts);
      k_rescue.push(c.missed_on_rescue);
      k_network.push(c.failed_no_network);
      k_fallback.push(c.by_fallback);
    }
    for (const KnockRecord& k : o.knocks) {
      d_rep.push(ri);
      d_unit.push(forces != nullptr ? forces->units[static_cast<std::size_t>(k.unit)].id : std::to_string(k.unit));
      d_channel.push(m.channels[k.channel].name);
      d_zone.push(m.zones[k.zone].id);
      d_households.push(k.households);
      d_queued.push(or_nan(k.queued_s));
      d_started.push(or_nan(k.started_s));
      d_ended.push(or_nan(k.started_s < kNotYet ? k.ended_s : kNotYet));
    }
  }
}

ResultsFile issue_delay_results(const PreparedWarning& p, const std::vector<double>& issue_delays_s, int threads,
                                const std::string& command_line) {
  const Scenario& s = p.scenario;
  const auto reps = static_cast<std::size_t>(s.replications);
  const std::vector<WarningExperiment> sweep =
      run_issue_delay_sweep(p.model, p.hazard, *p.routes, s.seed, reps, threads, issue_delays_s);
  ResultsFile file;
  file.metadata = scenario_results_metadata(s, static_cast<std::int64_t>(reps), command_line);
  ResultsTable& t = file.add_table("issue_delay_sweep", "people exposed per replication and issue delay (common random numbers)");
  auto rep = t.add_replication_column();
  auto delay = t.add_double_column("issue_delay_s", "s", "the fixed delay from decision to issue");
  auto exposed = t.add_double_column("people_exposed", "people", "people the hazard reached at home or on the way");
  auto in_time = t.add_double_column("share_evacuated_in_time", "1", "of the people in the path, share who left in time");
  for (std::size_t d = 0; d < sweep.size(); ++d) {
    for (std::size_t r = 0; r < reps; ++r) {
      const WarningSummary& w = sweep[d].replications[r];
      rep.push(static_cast<std::int64_t>(r));
      delay.push(issue_delays_s[d]);
      exposed.push(w.people_exposed);
      in_time.push(w.share_evacuated_in_time);
    }
  }
  return file;
}

}  // namespace dsim
