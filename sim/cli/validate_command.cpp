// SPDX-License-Identifier: MIT
// `dsim validate`: every problem of one or more scenarios at once, each as
// file:line:column: key.path: expected X, found Y (did you mean Z?), or a
// one-paragraph summary of a valid scenario.
#include "sim/cli/commands.hpp"
#include "sim/cli/terminal.hpp"
#include "sim/scenario/quantity.hpp"
#include "sim/run/region_loader.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/run/response_runner.hpp"
#include "sim/logistics/logistics_kpis.hpp"
#include "sim/logistics/logistics_spec.hpp"
#include "sim/response/force_minimums.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/run/scenario_logistics.hpp"
#include "sim/response/chemical_spec.hpp"
#include "sim/warning/warning_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dsim::cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> files;
  bool strict = false;
  bool no_region = false;
  std::string format = "text";
};

// Up to four significant digits, no trailing zeros: "7", "2.5", "0.125".
std::string short_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summary(const std::string& file, const Scenario& s) {
  std::string out = file + ": OK — \"" + s.name + "\": ";
  out += plural(s.stations.size(), "station", "stations") + ", ";

  std::map<TeamLevel, int> by_level;
  long long people = 0, crews = 0;
  for (const TeamSpec& t : s.teams) {
    ++by_level[t.level];
    people += t.size;
    crews += t.crews;
  }
  out += plural(s.teams.size(), "team", "teams") + " (";
  bool first = true;
  for (const auto& [level, n] : by_level) {
    out += (first ? "" : ", ") + std::to_string(n) + " " + team_level_name(level);
    first = false;
  }
  out += "; " + with_thousands(static_cast<unsigned long long>(people)) + " people in " +
         plural(static_cast<std::size_t>(crews), "crew", "crews") + "), ";

  double per_day = 0.0;
  std::set<std::string> types;
  for (const IncidentGeneratorSpec& g : s.generators) {
    per_day += g.rate_per_day;
    types.insert(g.type);
  }
  out += plural(s.generators.size(), "incident generator", "incident generators");
  if (!s.generators.empty()) {
    out += " (about " + short_number(per_day) + " incidents a day of ";
    first = true;
    for (const std::string& t : types) {
      out += (first ? "" : ", ") + t;
      first = false;
    }
    out += ")";
  }
  out += ", " + plural(s.incidents.size(), "listed incident", "listed incidents") + ", ";

  std::set<std::string> rule_types;
  for (const ResponseRuleSpec& r : s.plan.rules) rule_types.insert(r.type);
  out += plural(s.plan.rules.size(), "response rule", "response rules") + " for " +
         plural(rule_types.size(), "incident type", "incident types") + ", ";
  out += s.plan.escalation.empty() ? "the default escalation ladder"
                                   : "an escalation ladder of " + plural(s.plan.escalation.size(), "step", "steps");
  out += std::string(s.plan.mutual_aid ? " with" : " without") + " mutual aid; region: ";
  if (s.region.network_path.empty()) {
    out += "synthetic (seed " + std::to_string(s.region.synthetic_seed) + ")";
  } else {
    out += s.region.network_path;
    if (!s.region.zones_path.empty()) out += " with zones from " + s.region.zones_path;
    if (s.region.zone_layer) out += " with zones from the layer " + s.region.zone_layer->path;
  }
  if (s.region.population_raster)
    out += std::string(", people from the raster ") + s.region.population_raster->path + " onto the " +
           (s.region.population_raster->onto == PopulationRasterSpec::Onto::nodes ? "road nodes" : "zones");
  if (s.region.place_layer) out += ", places from " + s.region.place_layer->path;
  if (s.station_layer) out += ", stations from " + s.station_layer->path;
  if (s.warning) {
    const WarningSpec& w = *s.warning;
    long long warned = 0;
    for (const ZonePopulationSpec& z : w.population)
      for (const auto& entry : z.people) warned += entry.second;
    out += "; a warning section (" + plural(w.channels.size(), "channel", "channels") + ", " +
           plural(w.responsible.size(), "responsible person", "responsible people") + ", " +
           plural(w.shelters.size(), "shelter", "shelters") + ", " + with_thousands(static_cast<unsigned long long>(warned)) +
           " people in " + plural(w.population.size(), "zone", "zones");
    std::size_t duties = 0;
    for (const WarningChannelSpec& c : w.channels) duties += c.teams.size();
    for (const ResponsiblePersonSpec& p : w.responsible) duties += p.team.empty() ? 0 : 1;
    if (duties > 0)
      out += "; " + plural(duties, "warning duty", "warning duties") + " for teams of the forces" +
             (w.shared_forces ? ", busy for the dispatcher meanwhile" : ", not shared (shared_forces: false)");
    out += "; it plays in the same run as the response: dsim run, or dsim warn for its outputs alone)";
  }
  if (s.flood) {
    out += "; a flood";
    if (s.flood->precision == FloodPrecision::single_precision)
      out += " (in single precision: depths within about a millimetre of double's, mass kept to about 1e-6)";
  }
  if (s.chemical) {
    const ChemicalSpec& c = *s.chemical;
    out += "; " + plural(c.releases.size(), "chemical release", "chemical releases");
    if (!c.releases.empty()) out += " of " + c.releases.front().chemical;
    out += " (AEGL-" + std::to_string(c.closure_level) + " zone closes roads; protective action: " +
           (c.protective_action.evacuate_if_arrival_after_s
                ? "evacuate where the AEGL-" + std::to_string(c.protective_action.level) + " zone comes after " +
                      format_duration(*c.protective_action.evacuate_if_arrival_after_s) + ", else shelter"
                : std::string(c.protective_action.default_action == ProtectiveActionSpec::Action::shelter ? "shelter in place"
                                                                                                           : "evacuate")) +
           ")";
  }
  if (!s.outages.empty()) out += "; " + plural(s.outages.size(), "outage", "outages") + " of power or networks";
  out += "; horizon " + format_duration(s.horizon_s);
  if (s.warmup_s > 0.0) out += " after a " + format_duration(s.warmup_s) + " warm-up";
  out += ", " + plural(static_cast<std::size_t>(s.replications), "replication", "replications") + ", seed " +
         std::to_string(s.seed) + ".";
  return out;
}

// The force minimums of the Ordos measures not met, as warnings; how many are met.
std::size_t add_force_minimum_warnings(ScenarioReading& reading, const std::string& file, std::size_t& checked) {
  const std::vector<ForceMinimum> rows = check_force_minimums(reading.scenario);
  checked = rows.size();
  std::size_t met = 0;
  for (const ForceMinimum& f : rows) {
    if (f.met) {
      ++met;
      continue;
    }
    ScenarioProblem p;
    p.severity = ScenarioProblem::Severity::warning;
    p.file = file;
    p.key = "teams";
    p.expected = f.what + " >= " + std::to_string(f.required);
    p.found = std::to_string(f.actual);
    p.note = "force minimum " + f.check + " of Ordos measure " + std::to_string(f.measure) + " not met";
    reading.problems.push_back(std::move(p));
  }
  return met;
}

// The logistics paragraph: items, depots by level, vehicles, suppliers, and
// each city and banner depot's stock against its level-2 reserve target, so
// that gaps show before a run.
// Units of an item: whole ones with thousands separators ("20,000"), else up to four digits.
std::string units_text(double x) {
  if (x >= 0.0 && x < 1e15 && x == std::floor(x)) return with_thousands(static_cast<unsigned long long>(x));
  return short_number(x);
}

std::vector<std::string> logistics_paragraph(const LogisticsModel& m) {
  std::vector<std::string> out;
  std::map<TeamLevel, int> by_level;
  for (const LogisticsModel::Depot& d : m.depots) ++by_level[d.level];
  std::string line = "logistics: " + plural(m.items.size(), "item", "items") + ", " +
                     plural(m.depots.size(), "depot", "depots");
  if (!by_level.empty()) {
    line += " (";
    bool first = true;
    for (auto it = by_level.rbegin(); it != by_level.rend(); ++it) {
      line += (first ? "" : ", ") + std::to_string(it->second) + " " + team_level_name(it->first);
      first = false;
    }
    line += ")";
  }
  line += ", " + plural(m.vehicles.size(), "vehicle", "vehicles") + ", " +
          plural(m.suppliers.size(), "supplier", "suppliers") + ", a supply chain of " +
          plural(m.chain.size(), "step", "steps");
  out.push_back(line);
  const std::vector<ReserveCompliance> reserve = reserve_compliance(m);
  std::size_t met = 0;
  for (const ReserveCompliance& r : reserve) met += r.met_at_start ? 1 : 0;
  if (reserve.empty()) {
    out.push_back("level-2 reserve: no depot has a reserve_target");
    return out;
  }
  out.push_back("level-2 reserve: " + std::to_string(met) + " of " + std::to_string(reserve.size()) +
                " targets met at the start");
  for (std::size_t d = 0; d < m.depots.size(); ++d) {
    std::string row;
    for (const ReserveCompliance& r : reserve) {
      if (r.depot != static_cast<int>(d)) continue;
      const LogisticsModel::Item& item = m.items[static_cast<std::size_t>(r.item)];
      row += std::string(row.empty() ? "" : "; ") + item.id + " " + units_text(r.initial) + " / " +
             units_text(r.target) + " " + item.unit + ", " +
             (r.met_at_start ? std::string("met") : "short by " + units_text(r.target - r.initial));
    }
    if (row.empty()) continue;
    const LogisticsModel::Depot& depot = m.depots[d];
    out.push_back("  " + depot.id + " (" + team_level_name(depot.level) + "): " + row);
  }
  return out;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void print_json(const std::string& file, const ScenarioReading& r, bool valid, bool last) {
  std::printf("  {\"file\": %s, \"valid\": %s, \"problems\": [", json_string(file).c_str(), valid ? "true" : "false");
  for (std::size_t i = 0; i < r.problems.size(); ++i) {
    const ScenarioProblem& p = r.problems[i];
    std::printf("%s\n    {\"severity\": \"%s\", \"line\": %zu, \"column\": %zu, \"key\": %s, \"expected\": %s, "
                "\"found\": %s, \"suggestion\": %s, \"note\": %s, \"message\": %s}",
                i == 0 ? "" : ",", p.is_error() ? "error" : "warning", p.line, p.column, json_string(p.key).c_str(),
                json_string(p.expected).c_str(), json_string(p.found).c_str(), json_string(p.suggestion).c_str(),
                json_string(p.note).c_str(), json_string(p.message()).c_str());
  }
  std::printf("%s]}%s\n", r.problems.empty() ? "" : "\n  ", last ? "" : ",");
}

}  // namespace

Action add_validate_command(CLI::App& app) {
  auto opts = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("validate", "Check scenario files and report every problem at once");
  cmd->description(
      "Check scenario files (YAML or JSON, docs/scenario-format.md) without running them. Every problem is\n"
      "reported at once as  file:line:column: key.path: expected X, found Y (did you mean Z?)  followed by a\n"
      "count; a valid scenario gets a one-paragraph summary. Exit status 0 when every file is valid, 2 when\n"
      "one has an error (or, with --strict, a warning). Once the file itself is sound, its region is loaded\n"
      "and the zones, nodes and places it names are checked too (--no-region skips that). A scenario without\n"
      "errors is checked against the force minimums of the Ordos measures 6-8 (a city team of 50 people, 30\n"
      "per banner, ...; docs/models.md): each one not met is a warning.");
  cmd->footer(
      "Examples:\n"
      "  dsim validate scenarios/ordos_default.yaml\n"
      "  dsim validate drills/*.yaml --strict\n"
      "  dsim validate my.yaml --format json > problems.json\n"
      "\n"
      "A problem looks like:\n"
      "  my.yaml:14:5: teams[2].capabilites: expected a key of a team (id, station, level, ...),\n"
      "    found 'capabilites' (did you mean 'capabilities'?)");
  cmd->add_option("scenarios", opts->files, "Scenario files (.yaml, .yml or .json)")->required();
  cmd->add_flag("--strict", opts->strict, "Treat warnings as errors");
  cmd->add_flag("--no-region", opts->no_region, "Do not load the region to check zone, node and place names");
  cmd->add_option("--format", opts->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  return [opts]() -> int {
    bool all_valid = true;
    if (opts->format == "json") std::printf("[\n");
    for (std::size_t f = 0; f < opts->files.size(); ++f) {
      const std::string& file = opts->files[f];
      ScenarioReading reading = read_scenario_file(file);
      const bool sound = std::none_of(reading.problems.begin(), reading.problems.end(),
                                      [](const auto& p) { return p.is_error(); });
      std::vector<std::string> notes;  // what loading the region assumed (the flood's DEM crop), the logistics
      if (sound && !opts->no_region) {
        try {
          const Region region = load_region(reading.scenario.region, {}, file);
          std::optional<FloodTerrain> terrain;
          for (ScenarioProblem& p : check_scenario_against_region(reading.scenario, region, &terrain))
            reading.problems.push_back(std::move(p));
          if (terrain && !terrain->dem_note.empty()) notes.push_back("flood: " + terrain->dem_note);
          if (terrain && !terrain->waterways_note.empty()) notes.push_back("flood: " + terrain->waterways_note);
          const bool placed = std::none_of(reading.problems.begin(), reading.problems.end(),
                                           [](const auto& p) { return p.is_error(); });
          if (placed && reading.scenario.logistics) {
            // The stock against the reserve targets, from the model a run binds.
            const ResponseModel model = build_response_model(reading.scenario, region);
            const LogisticsModel logistics =
                build_scenario_logistics(*reading.scenario.logistics, reading.scenario, region, model, nullptr);
            for (std::string& line : logistics_paragraph(logistics)) notes.push_back(std::move(line));
          }
        } catch (const InputError& e) {
          ScenarioProblem p;
          p.file = file;
          p.key = "region";
          // A GIS layer's error names the scenario key it was given under: "region.zones.population (record 3, ...)".
          std::string key = e.key().substr(0, e.key().find(" ("));
          const auto& where = reading.scenario.source_positions;
          while (!key.empty() && !where.count(key)) {
            const std::size_t cut = key.find_last_of(".[");
            key.resize(cut == std::string::npos ? 0 : cut);
          }
          if (!key.empty()) {
            p.key = key;
            p.line = where.at(key).line;
            p.column = where.at(key).column;
          }
          p.expected = "a region that loads";
          p.found = e.what();
          reading.problems.push_back(std::move(p));
        }
      }
      // The force minimums are checked on a scenario without errors only.
      std::size_t minimums = 0, minimums_met = 0;
      if (std::none_of(reading.problems.begin(), reading.problems.end(), [](const auto& p) { return p.is_error(); }))
        minimums_met = add_force_minimum_warnings(reading, file, minimums);
      const auto errors = static_cast<std::size_t>(
          std::count_if(reading.problems.begin(), reading.problems.end(), [](const auto& p) { return p.is_error(); }));
      const std::size_t warnings = reading.problems.size() - errors;
      const bool valid = errors == 0 && (!opts->strict || warnings == 0);
      all_valid = all_valid && valid;
      if (opts->format == "json") {
        print_json(file, reading, valid, f + 1 == opts->files.size());
        continue;
      }
      for (const ScenarioProblem& p : reading.problems) std::printf("%s\n", p.message().c_str());
      if (errors > 0 || (opts->strict && warnings > 0)) {
        std::printf("%s: %s, %s\n", file.c_str(), plural(errors, "error", "errors").c_str(),
                    plural(warnings, "warning", "warnings").c_str());
      } else {
        std::printf("%s\n", summary(file, reading.scenario).c_str());
        for (const std::string& n : notes) std::printf("%s: %s\n", file.c_str(), n.c_str());
        std::printf("%s: %zu of %zu force minimums of the Ordos measures met%s\n", file.c_str(), minimums_met, minimums,
                    minimums_met < minimums ? " (the others are warned about above)" : "");
        if (warnings > 0) std::printf("%s: %s\n", file.c_str(), plural(warnings, "warning", "warnings").c_str());
      }
    }
    if (opts->format == "json") std::printf("]\n");
    return all_valid ? kExitOk : kExitBadInput;
  };
}

}  // namespace dsim::cli
