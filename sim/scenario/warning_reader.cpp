// SPDX-License-Identifier: MIT
// The warning section (sim/warning/warning_spec.hpp): the hazard, groups, population, channels,
// responsible people (call-and-answer) and shelters.
#include "sim/scenario/section_readers.hpp"

#include "sim/scenario/nearest_name.hpp"
#include "sim/warning/warning_spec.hpp"

#include <algorithm>
#include <memory>
#include <set>

namespace dsim::detail {

namespace {
const std::vector<std::string> kWarningKeys = {"hazard",       "issue_at",        "issue_delay",   "start_hour",
                                               "household_size", "acknowledgement_target", "feedback_delay",
                                               "walk_speed_mps", "instant_evacuation", "report_step", "groups",
                                               "channels",     "responsible",     "shelters",      "population",
                                               "call_and_answer", "shared_forces"};
const std::vector<std::string> kCallAndAnswerKeys = {"needs", "fallback_delay"};
const std::vector<std::string> kKnockingTeamKeys = {"team", "zones"};
const std::vector<std::string> kWarningHazardKeys = {"name", "front", "detection_latency"};
const std::vector<std::string> kFrontKeys = {"origin", "start", "speed_mps", "extent_m"};
const std::vector<std::string> kGroupKeys = {"name", "compliance", "preparation", "vehicle_share", "awake_share"};
const std::vector<std::string> kChannelKeys = {"name",  "reach", "reach_asleep",     "delay",
                                               "zones", "calls_per_minute", "door_knocking", "needs"};
const std::vector<std::string> kDoorKnockingKeys = {"teams_per_zone", "households_per_team_hour", "teams"};
const std::vector<std::string> kResponsibleKeys = {"id",          "role",          "zones",
                                                   "answer_probability", "retry_interval", "attempts_before_escalation",
                                                   "max_attempts", "escalate_to", "channels", "team"};
const std::vector<std::string> kShelterKeys = {"id", "location", "capacity"};
const std::vector<std::string> kPopulationKeys = {"zone", "people"};
}  // namespace

void read_warning(FieldReader& in, const Item& it, Scenario& s) {
  const auto f = in.fields(it, kWarningKeys, "the warning section");
  if (!f) return;
  auto spec = std::make_shared<WarningSpec>();
  std::set<std::string> started_by_people;  // channels responsible people run once they answer
  WarningSpec& w = *spec;
  if (const Item* h = in.get(*f, "hazard")) {
    if (const auto hf = in.fields(*h, kWarningHazardKeys, "the hazard the warning is about")) {
      if (const Item* n = in.get(*hf, "name")) {
        if (const auto v = in.text(*n, "a hazard name")) w.hazard_name = *v;
      }
      if (const Item* d = in.get(*hf, "detection_latency")) {
        if (const auto v = in.distribution(*d)) w.detection_latency_s = *v;
      }
      if (const Item* fr = in.get(*hf, "front")) {
        if (const auto ff = in.fields(*fr, kFrontKeys, "a hazard front (origin, start, speed_mps)")) {
          HazardFrontSpec front;
          if (const Item* o = in.required(*ff, *fr, "origin", "where the front starts (a location)")) {
            if (const auto v = in.location(*o, true)) front.origin = *v;
          }
          if (const Item* st = in.get(*ff, "start")) {
            if (const auto v = in.duration(*st)) front.start_s = *v;
          }
          if (const Item* sp = in.required(*ff, *fr, "speed_mps", "the front's speed along the roads in m/s (> 0)")) {
            if (const auto v = in.number_where(*sp, "a speed in m/s > 0", [](double x) { return x > 0.0; }))
              front.speed_mps = *v;
          }
          if (const Item* ex = in.get(*ff, "extent_m")) {
            if (const auto v = in.number_where(*ex, "a road distance in m > 0", [](double x) { return x > 0.0; }))
              front.extent_m = *v;
          }
          w.front = front;
        }
      }
    }
  }
  if (const Item* t = in.get(*f, "issue_at")) {
    if (const auto v = in.time_point(*t)) w.issue_at_s = *v;
  }
  if (const Item* d = in.get(*f, "issue_delay")) {
    if (const auto v = in.distribution(*d)) w.issue_delay_s = *v;
  }
  if (const Item* h = in.get(*f, "start_hour")) {
    if (const auto v = in.number_where(*h, "an hour of the day, 0 to 24", [](double x) { return x >= 0.0 && x < 24.0; }))
      w.start_hour = *v;
  }
  if (const Item* h = in.get(*f, "household_size")) {
    if (const auto v = in.integer(*h, 1, 100, "people per household (an integer from 1 to 100)")) w.household_size = static_cast<double>(*v);
  }
  if (const Item* t = in.get(*f, "acknowledgement_target")) {
    if (const auto v = in.duration(*t)) w.acknowledgement_target_s = *v;
  }
  if (const Item* sf = in.get(*f, "shared_forces")) {
    if (const auto v = in.boolean(*sf))
      w.shared_forces = *v;
  }
  if (const Item* ca = in.get(*f, "call_and_answer")) {
    if (const auto cf = in.fields(*ca, kCallAndAnswerKeys, "how calls reach responsible people (needs, fallback_delay)")) {
      if (const Item* n = in.get(*cf, "needs")) w.call_needs = read_infrastructure_list(in, *n);
      if (const Item* d = in.get(*cf, "fallback_delay")) {
        if (const auto v = in.duration(*d)) w.fallback_delay_s = *v;
      }
    }
  }
  if (const Item* d = in.get(*f, "feedback_delay")) {
    if (const auto v = in.distribution(*d)) w.feedback_delay_s = *v;
  }
  if (const Item* ws = in.get(*f, "walk_speed_mps")) {
    if (const auto v = in.number_where(*ws, "a walking speed in m/s > 0", [](double x) { return x > 0.0; })) w.walk_speed_mps = *v;
  }
  if (const Item* b = in.get(*f, "instant_evacuation")) {
    if (const auto v = in.boolean(*b)) w.instant_evacuation = *v;
  }
  if (const Item* r = in.get(*f, "report_step")) {
    if (const auto v = in.duration(*r, true)) w.report_step_s = *v;
  }

  // Groups first: the other lists refer to them.
  std::vector<std::string> group_names;
  if (const Item* gs = in.required(*f, it, "groups", "a list of population groups")) {
    if (!gs->node.IsSequence() || gs->node.size() == 0) {
      in.error(*gs, "a list of at least one population group", found_text(gs->node));
    } else {
      for (std::size_t i = 0; i < gs->node.size(); ++i) {
        const Item e = in.element(*gs, i, gs->node[i]);
        const auto gf = in.fields(e, kGroupKeys, "a population group");
        if (!gf) continue;
        WarningGroupSpec g;
        if (const Item* n = in.required(*gf, e, "name", "a group name")) {
          if (const auto v = in.text(*n, "a group name")) {
            if (std::find(group_names.begin(), group_names.end(), *v) != group_names.end())
              in.error(*n, "a group name used once", quote_text(*v));
            g.name = *v;
          }
        }
        if (const Item* c = in.get(*gf, "compliance")) {
          if (const auto v = in.share(*c)) g.compliance = *v;
        }
        if (const Item* p = in.get(*gf, "preparation")) {
          if (const auto v = in.distribution(*p)) g.preparation_s = *v;
        }
        if (const Item* v = in.get(*gf, "vehicle_share")) {
          if (const auto x = in.share(*v)) g.vehicle_share = *x;
        }
        if (const Item* a = in.get(*gf, "awake_share")) {
          if (a->node.IsSequence()) {
            if (a->node.size() != 24) {
              in.error(*a, "a share awake for each of the 24 hours of the day (or one share for all)",
                    "a list of " + std::to_string(a->node.size()));
            } else {
              for (std::size_t k = 0; k < 24; ++k)
                if (const auto x = in.share(in.element(*a, k, a->node[k]))) g.awake_share[k] = *x;
            }
          } else if (const auto x = in.share(*a)) {
            g.awake_share.fill(*x);
          }
        }
        if (!g.name.empty()) group_names.push_back(g.name);
        w.groups.push_back(std::move(g));
      }
    }
  }
  const auto check_group = [&](const Item& at, const std::string& name) {
    if (std::find(group_names.begin(), group_names.end(), name) != group_names.end()) return true;
    in.error(at, "a group defined under warning.groups (" + joined(group_names) + ")", quote_text(name),
          nearest_name(name, group_names));
    return false;
  };

  // Population: the warned zones.
  std::vector<std::string> zone_names;
  if (const Item* ps = in.required(*f, it, "population", "a list of zones with their people by group")) {
    if (!ps->node.IsSequence()) {
      in.error(*ps, "a list of zones with their people by group", found_text(ps->node));
    } else {
      for (std::size_t i = 0; i < ps->node.size(); ++i) {
        const Item e = in.element(*ps, i, ps->node[i]);
        const auto pf = in.fields(e, kPopulationKeys, "a zone's population (zone, people)");
        if (!pf) continue;
        ZonePopulationSpec p;
        if (const Item* z = in.required(*pf, e, "zone", "a zone id")) {
          if (const auto v = in.text(*z, "a zone id")) {
            if (std::find(zone_names.begin(), zone_names.end(), *v) != zone_names.end())
              in.error(*z, "a zone listed once", quote_text(*v));
            p.zone = *v;
            zone_names.push_back(*v);
          }
        }
        if (const Item* people = in.required(*pf, e, "people", "people by group (a map of group: people)")) {
          for (const auto& [group, value] : in.entries(*people, "people by group (a map of group: people)")) {
            if (!check_group(value, group)) continue;
            if (const auto n = in.integer(value, 0, 100'000'000, "a number of people (an integer >= 0)")) p.people[group] = *n;
          }
        }
        w.population.push_back(std::move(p));
      }
    }
  }
  const auto zone_list = [&](const Item& at, std::vector<std::string>& out) {
    for (const Item& z : in.name_list(at, "a list of zone ids")) {
      const std::string& name = z.node.Scalar();
      if (std::find(zone_names.begin(), zone_names.end(), name) == zone_names.end()) {
        in.error(z, "a zone listed under warning.population (" + joined(zone_names) + ")", quote_text(name),
              nearest_name(name, zone_names));
        continue;
      }
      out.push_back(name);
    }
  };

  // Channels.
  std::vector<std::string> channel_names;
  if (const Item* cs = in.required(*f, it, "channels", "a list of warning channels")) {
    if (!cs->node.IsSequence()) {
      in.error(*cs, "a list of warning channels", found_text(cs->node));
    } else {
      for (std::size_t i = 0; i < cs->node.size(); ++i) {
        const Item e = in.element(*cs, i, cs->node[i]);
        const auto cf = in.fields(e, kChannelKeys, "a warning channel");
        if (!cf) continue;
        WarningChannelSpec c;
        if (const Item* n = in.required(*cf, e, "name", "a channel name")) {
          if (const auto v = in.text(*n, "a channel name")) {
            if (std::find(channel_names.begin(), channel_names.end(), *v) != channel_names.end())
              in.error(*n, "a channel name used once", quote_text(*v));
            c.name = *v;
            channel_names.push_back(*v);
          }
        }
        if (const Item* r = in.required(*cf, e, "reach", "the share of households it reaches by group (group: share)")) {
          for (const auto& [group, value] : in.entries(*r, "reach by group (a map of group: share from 0 to 1)")) {
            if (!check_group(value, group)) continue;
            if (const auto v = in.share(value)) c.reach[group] = *v;
          }
        }
        if (const Item* r = in.get(*cf, "reach_asleep")) {
          if (const auto v = in.share(*r)) c.reach_asleep = *v;
        }
        if (const Item* d = in.get(*cf, "delay")) {
          if (const auto v = in.distribution(*d)) c.delay_s = *v;
        }
        if (const Item* z = in.get(*cf, "zones")) zone_list(*z, c.zones);
        if (const Item* n = in.get(*cf, "needs")) c.needs = read_infrastructure_list(in, *n);
        if (const Item* r = in.get(*cf, "calls_per_minute")) {
          if (const auto v = in.number_where(*r, "outbound calls a minute (> 0)", [](double x) { return x > 0.0; }))
            c.calls_per_minute = *v;
        }
        if (const Item* d = in.get(*cf, "door_knocking")) {
          if (c.calls_per_minute > 0.0) in.error(*d, "either calls_per_minute or door_knocking", "both");
          if (const auto df = in.fields(*d, kDoorKnockingKeys, "door-knocking capacity (teams_per_zone, households_per_team_hour)")) {
            const Item* named = in.get(*df, "teams");
            if (named != nullptr) {
              if (!named->node.IsSequence()) {
                in.error(*named, "a list of teams of the forces that knock ({team, zones})", found_text(named->node));
              } else {
                for (std::size_t k = 0; k < named->node.size(); ++k) {
                  const Item te = in.element(*named, k, named->node[k]);
                  const auto tf = in.fields(te, kKnockingTeamKeys, "a knocking team ({team, zones})");
                  if (!tf) continue;
                  KnockingTeamSpec kt;
                  if (const Item* t = in.required(*tf, te, "team", "the id of a team under teams")) {
                    if (const auto v = read_team_id(in, *t, s)) kt.team = *v;
                  }
                  if (const Item* z = in.required(*tf, te, "zones", "the zones it knocks in (listed under warning.population)"))
                    zone_list(*z, kt.zones);
                  c.teams.push_back(std::move(kt));
                }
              }
            }
            if (const Item* t = named != nullptr ? in.get(*df, "teams_per_zone")
                                                 : in.required(*df, *d, "teams_per_zone", "teams knocking in each zone (or `teams`: named teams of the forces)")) {
              if (const auto v = in.integer(*t, 1, 100000, "a number of teams (an integer >= 1)")) c.teams_per_zone = static_cast<int>(*v);
            }
            if (const Item* r = in.required(*df, *d, "households_per_team_hour", "households a team warns in an hour")) {
              if (const auto v = in.number_where(*r, "households an hour (> 0)", [](double x) { return x > 0.0; }))
                c.households_per_team_hour = *v;
            }
          }
        }
        w.channels.push_back(std::move(c));
      }
    }
  }

  // Responsible people (call-and-answer).
  std::vector<std::string> person_ids;
  std::vector<std::pair<Item, std::string>> escalations;
  if (const Item* rs = in.get(*f, "responsible")) {
    if (!rs->node.IsSequence()) {
      in.error(*rs, "a list of responsible people", found_text(rs->node));
    } else {
      for (std::size_t i = 0; i < rs->node.size(); ++i) {
        const Item e = in.element(*rs, i, rs->node[i]);
        const auto rf = in.fields(e, kResponsibleKeys, "a responsible person");
        if (!rf) continue;
        ResponsiblePersonSpec r;
        if (const Item* id = in.required(*rf, e, "id", "a person id")) {
          if (const auto v = in.text(*id, "a person id")) {
            if (std::find(person_ids.begin(), person_ids.end(), *v) != person_ids.end())
              in.error(*id, "a person id used once", quote_text(*v));
            r.id = *v;
            person_ids.push_back(*v);
          }
        }
        if (const Item* role = in.get(*rf, "role")) {
          if (const auto v = in.text(*role, "a role (village_head, grid_worker, ...)")) r.role = *v;
        }
        if (const Item* z = in.get(*rf, "zones")) zone_list(*z, r.zones);
        if (const Item* t = in.get(*rf, "team")) {
          if (const auto v = read_team_id(in, *t, s)) r.team = *v;
        }
        if (const Item* p = in.get(*rf, "answer_probability")) {
          if (const auto v = in.number_where(*p, "a probability > 0 and <= 1", [](double x) { return x > 0.0 && x <= 1.0; }))
            r.answer_probability = *v;
        }
        if (const Item* t = in.get(*rf, "retry_interval")) {
          if (const auto v = in.duration(*t, true)) r.retry_interval_s = *v;
        }
        if (const Item* n = in.get(*rf, "attempts_before_escalation")) {
          if (const auto v = in.integer(*n, 1, 1000, "a number of calls (an integer >= 1)")) r.attempts_before_escalation = static_cast<int>(*v);
        }
        if (const Item* n = in.get(*rf, "max_attempts")) {
          if (const auto v = in.integer(*n, 1, 100000, "a number of calls (an integer >= 1)")) r.max_attempts = static_cast<int>(*v);
        }
        if (const Item* up = in.get(*rf, "escalate_to")) {
          if (const auto v = in.text(*up, "the id of a responsible person")) {
            r.escalate_to = *v;
            escalations.emplace_back(*up, *v);
          }
        }
        if (const Item* chs = in.get(*rf, "channels")) {
          for (const Item& c : in.name_list(*chs, "a list of channel names")) {
            const std::string& name = c.node.Scalar();
            if (std::find(channel_names.begin(), channel_names.end(), name) == channel_names.end()) {
              in.error(c, "a channel defined under warning.channels (" + joined(channel_names) + ")", quote_text(name),
                    nearest_name(name, channel_names));
              continue;
            }
            started_by_people.insert(name);
          }
        }
        w.responsible.push_back(std::move(r));
      }
    }
  }
  for (const auto& [at, id] : escalations) {
    if (std::find(person_ids.begin(), person_ids.end(), id) == person_ids.end())
      in.error(at, "the id of a responsible person (" + joined(person_ids) + ")", quote_text(id), nearest_name(id, person_ids));
  }

  // Shelters.
  if (const Item* ss = in.get(*f, "shelters")) {
    if (!ss->node.IsSequence()) {
      in.error(*ss, "a list of shelters", found_text(ss->node));
    } else {
      std::vector<std::string> ids;
      for (std::size_t i = 0; i < ss->node.size(); ++i) {
        const Item e = in.element(*ss, i, ss->node[i]);
        const auto sf = in.fields(e, kShelterKeys, "a shelter");
        if (!sf) continue;
        ShelterSpec sh;
        if (const Item* id = in.required(*sf, e, "id", "a shelter id")) {
          if (const auto v = in.text(*id, "a shelter id")) {
            if (std::find(ids.begin(), ids.end(), *v) != ids.end()) in.error(*id, "a shelter id used once", quote_text(*v));
            sh.id = *v;
            ids.push_back(*v);
          }
        }
        if (const Item* loc = in.required(*sf, e, "location", "a location")) {
          if (const auto v = in.location(*loc, true)) sh.location = *v;
        }
        if (const Item* c = in.required(*sf, e, "capacity", "a capacity in people")) {
          if (const auto v = in.integer(*c, 0, 100'000'000, "a capacity in people (an integer >= 0)")) sh.capacity_people = *v;
        }
        w.shelters.push_back(std::move(sh));
      }
    }
  }
  for (WarningChannelSpec& ch : w.channels)
    if (started_by_people.count(ch.name)) ch.after_acknowledgement = true;
  s.warning = std::move(spec);
}

}  // namespace dsim::detail
