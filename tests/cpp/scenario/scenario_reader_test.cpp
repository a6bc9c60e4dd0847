// SPDX-License-Identifier: MIT
#include "sim/scenario/scenario_reader.hpp"

#include "sim/core/random.hpp"
#include "sim/warning/warning_spec.hpp"

#include "tests/cpp/support/mangle.hpp"

#include <catch2/catch.hpp>

#include <cmath>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(DSIM_SOURCE_DIR) / "tests" / "data";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<ScenarioProblem> errors_of(const std::vector<ScenarioProblem>& problems) {
  std::vector<ScenarioProblem> out;
  std::copy_if(problems.begin(), problems.end(), std::back_inserter(out), [](const auto& p) { return p.is_error(); });
  return out;
}

std::string all_messages(const std::vector<ScenarioProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.message() + "\n";
  return out;
}

// What a bad file says about itself in its leading comments.
struct Expectation {
  std::vector<std::string> fragments;  // `# expect: ...`
  std::size_t line = 0;                // `# expect-line: N`
};

Expectation expectation_of(const std::string& text) {
  Expectation e;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line) && line.rfind('#', 0) == 0) {
    if (line.rfind("# expect: ", 0) == 0) e.fragments.push_back(line.substr(10));
    if (line.rfind("# expect-line: ", 0) == 0) e.line = std::stoul(line.substr(15));
  }
  return e;
}

const Scenario& good_scenario() {
  static const Scenario s = read_scenario_file((kData / "good" / "small.yaml").string()).checked();
  return s;
}

const StationSpec& station(const Scenario& s, const std::string& id) {
  const auto it = std::find_if(s.stations.begin(), s.stations.end(), [&](const auto& x) { return x.id == id; });
  REQUIRE(it != s.stations.end());
  return *it;
}

const ResponseRuleSpec& rule(const Scenario& s, const std::string& type, const std::string& severity) {
  const auto it = std::find_if(s.plan.rules.begin(), s.plan.rules.end(),
                               [&](const auto& r) { return r.type == type && r.severity == severity; });
  REQUIRE(it != s.plan.rules.end());
  return *it;
}

// A valid scenario small enough to write inline.
const char* const kTiny = R"(name: tiny
stations:
  - {id: a, location: {node: 5}}
teams:
  - {id: t1, station: a, level: village, size: 10, capabilities: [fire, evacuation]}
incidents:
  - {type: fire, rate: 1, zone_types: [village]}
plan:
  responses:
    fire:
      small: {needs: {fire: 4}}
)";

}  // namespace

TEST_CASE("Every malformed scenario in tests/data/bad gets the precise problem it announces", "[scenario]") {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kData / "bad"))
    if (entry.is_regular_file()) files.push_back(entry.path());  // bad/dem: checked with the region loaded
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 20);
  for (const fs::path& file : files) {
    const std::string text = slurp(file);
    const Expectation expected = expectation_of(text);
    INFO(file.filename().string());
    REQUIRE_FALSE(expected.fragments.empty());

    const auto problems = read_scenario_file(file.string()).problems;
    const auto errors = errors_of(problems);
    INFO(all_messages(problems));
    // One mistake per file, and no error that merely follows from it.
    CHECK(errors.size() == 1);
    const auto match = std::find_if(errors.begin(), errors.end(), [&](const ScenarioProblem& p) {
      const std::string m = p.message();
      return std::all_of(expected.fragments.begin(), expected.fragments.end(),
                         [&](const std::string& f) { return m.find(f) != std::string::npos; });
    });
    REQUIRE(match != errors.end());
    CHECK(match->file == file.string());
    if (expected.line > 0) {
      CHECK(match->line == expected.line);
      CHECK(match->column > 0);
    }
    CHECK_THROWS_AS(read_scenario_file(file.string()).checked(), InputError);
    CHECK_THROWS_AS(read_scenario_text(text, file.filename().string()).checked(), ScenarioError);
  }
}

TEST_CASE("The bad scenarios are all different mistakes", "[scenario]") {
  std::vector<std::string> first_fragments;
  for (const auto& entry : fs::directory_iterator(kData / "bad")) {
    if (!entry.is_regular_file()) continue;
    const auto e = expectation_of(slurp(entry.path()));
    REQUIRE_FALSE(e.fragments.empty());
    first_fragments.push_back(e.fragments.front());
  }
  std::sort(first_fragments.begin(), first_fragments.end());
  CHECK(std::adjacent_find(first_fragments.begin(), first_fragments.end()) == first_fragments.end());
}

TEST_CASE("The good scenario is valid and clean", "[scenario]") {
  const auto problems = read_scenario_file((kData / "good" / "small.yaml").string()).problems;
  INFO(all_messages(problems));
  CHECK(problems.empty());
}

TEST_CASE("The good scenario reads into the values it states", "[scenario]") {
  const Scenario& s = good_scenario();
  CHECK(s.name == "small-drill");
  CHECK(s.description.rfind("Kangbashi and Dongsheng", 0) == 0);
  CHECK(s.region.network_path.empty());
  CHECK(s.region.synthetic_seed == 7);
  CHECK(s.horizon_s == 7 * 86'400.0);
  CHECK(s.warmup_s == 86'400.0);
  CHECK(s.replications == 20);
  CHECK(s.seed == 2026);
  CHECK(s.source_path == (kData / "good" / "small.yaml").string());
  CHECK(s.source_text == slurp(kData / "good" / "small.yaml"));

  REQUIRE(s.stations.size() == 4);
  const StationSpec& kbs = station(s, "kbs_fire");
  CHECK(kbs.name == "Kangbashi fire station");
  CHECK(kbs.banner == "kangbashi");
  CHECK(kbs.location.kind == Location::Kind::coordinate);
  CHECK(kbs.location.lon == 109.8715);
  CHECK(kbs.location.lat == 39.6120);
  const StationSpec& park = station(s, "park_station");
  CHECK(park.name == "park_station");  // the id when no name is given
  CHECK(park.location.kind == Location::Kind::node);
  CHECK(park.location.node_id == 1200);

  REQUIRE(s.teams.size() == 4);
  const TeamSpec& brigade = s.teams[0];
  CHECK(brigade.id == "kbs_fire_brigade");
  CHECK(brigade.station == "kbs_fire");
  CHECK(brigade.level == TeamLevel::fire_brigade);
  CHECK(brigade.size == 24);
  CHECK(brigade.crews == 3);
  CHECK(brigade.capabilities == std::vector<std::string>{"fire", "hazmat", "search_rescue"});
  REQUIRE(brigade.vehicles.size() == 2);
  CHECK(brigade.vehicles[0].type == "engine");
  CHECK(brigade.vehicles[0].count == 3);
  CHECK(brigade.vehicles[0].speed_factor == 1.1);
  CHECK(brigade.vehicles[1].type == "ladder");
  CHECK(brigade.turnout_s.kind == Distribution::Kind::triangular);
  CHECK(brigade.turnout_s.a == 30.0);
  CHECK(brigade.turnout_s.b == 60.0);
  CHECK(brigade.turnout_s.c == 120.0);
  const TeamSpec& assault = s.teams[1];
  CHECK(assault.level == TeamLevel::township);
  CHECK(assault.vehicles.at(0).count == 2);
  CHECK(assault.vehicles.at(0).speed_factor == 1.0);
  CHECK(assault.turnout_s.kind == Distribution::Kind::uniform);
  CHECK(assault.turnout_s.a == 120.0);
  CHECK(assault.turnout_s.b == 300.0);
  CHECK(s.teams[2].turnout_s.kind == Distribution::Kind::fixed);
  CHECK(s.teams[2].turnout_s.a == 60.0);
  CHECK(s.teams[2].crews == 4);
  const TeamSpec& enterprise = s.teams[3];
  CHECK(enterprise.level == TeamLevel::enterprise);
  CHECK(enterprise.crews == 1);
  CHECK(enterprise.capabilities == std::vector<std::string>{"hazmat"});  // a single name is a list of one
  CHECK(enterprise.turnout_s.kind == Distribution::Kind::exponential);
  CHECK(enterprise.turnout_s.a == 90.0);

  REQUIRE(s.generators.size() == 2);
  const IncidentGeneratorSpec& fires = s.generators[0];
  CHECK(fires.name == "town_fires");
  CHECK(fires.type == "structure_fire");
  CHECK(fires.rate_per_day == 2.0);
  CHECK(fires.zones.empty());
  CHECK(fires.zone_types == std::vector<std::string>{"built_up"});
  CHECK(fires.weight_by_population);
  CHECK(fires.hourly_weight[0] == 1.0);
  CHECK(fires.hourly_weight[12] == 3.0);
  CHECK(fires.hourly_weight[23] == 1.0);
  CHECK(fires.severity.size() == 2);
  CHECK(fires.severity.at("minor") == Approx(0.75));
  CHECK(fires.severity.at("major") == Approx(0.25));
  CHECK(fires.fire_growth.at("medium") == Approx(0.5));
  CHECK(fires.fire_growth.at("slow") == Approx(0.25));
  CHECK(fires.fire_growth.count("ultrafast") == 0);
  const IncidentGeneratorSpec& floods = s.generators[1];
  CHECK(floods.rate_per_day == 0.5);
  CHECK(floods.zones == std::vector<std::string>{"new_town", "new_town_south"});
  CHECK_FALSE(floods.weight_by_population);
  CHECK(std::all_of(floods.hourly_weight.begin(), floods.hourly_weight.end(), [](double w) { return w == 1.0; }));
  // One rule for the type: its severity is the whole mix.
  REQUIRE(floods.severity.size() == 1);
  CHECK(floods.severity.at("moderate") == 1.0);
  CHECK(floods.fire_growth.empty());

  REQUIRE(s.incidents.size() == 2);
  CHECK(s.incidents[0].time_s == 8.5 * 3600.0);
  CHECK(s.incidents[0].type == "chemical_leak");
  CHECK(s.incidents[0].severity == "major");
  CHECK(s.incidents[0].location.kind == Location::Kind::zone);
  CHECK(s.incidents[0].location.zone == "chem_park");
  CHECK(s.incidents[0].fire_growth.empty());
  CHECK(s.incidents[1].time_s == 2 * 86'400.0);
  CHECK(s.incidents[1].fire_growth == "ultrafast");

  const PlanSpec& plan = s.plan;
  CHECK(plan.call_delay_s.kind == Distribution::Kind::exponential);
  CHECK(plan.call_delay_s.a == 60.0);
  CHECK(plan.dispatch_delay_s.kind == Distribution::Kind::fixed);
  CHECK(plan.dispatch_delay_s.a == 30.0);
  REQUIRE(plan.rules.size() == 4);
  const ResponseRuleSpec& major = rule(s, "structure_fire", "major");
  REQUIRE(major.needs.size() == 2);
  CHECK(major.needs[0].capability == "fire");
  CHECK(major.needs[0].people == 20);
  CHECK(major.needs[1].capability == "comms");
  CHECK(major.needs[1].people == 2);
  CHECK(major.on_scene_s.kind == Distribution::Kind::fixed);
  CHECK(major.on_scene_s.a == 3 * 3600.0);
  const ResponseRuleSpec& minor = rule(s, "structure_fire", "minor");
  CHECK(minor.on_scene_s.kind == Distribution::Kind::lognormal);
  CHECK(minor.on_scene_s.a == 2400.0);
  CHECK(minor.on_scene_s.b == 900.0);
  CHECK(rule(s, "chemical_leak", "major").on_scene_s.a == 4 * 3600.0);
  CHECK(rule(s, "flood_rescue", "moderate").needs.size() == 2);
  REQUIRE(plan.escalation.size() == 4);
  const auto ladder = default_escalation();
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    CHECK(plan.escalation[i].levels == ladder[i].levels);
    CHECK(plan.escalation[i].request_delay_s == ladder[i].request_delay_s);
  }
  CHECK(plan.mutual_aid);
  CHECK(plan.queue_when_busy);
  CHECK(plan.flashover_kw == 1000.0);
}

TEST_CASE("Left-out settings take the documented defaults", "[scenario]") {
  const Scenario s = read_scenario_text(kTiny, "tiny.yaml").checked();
  CHECK(s.region.network_path.empty());
  CHECK(s.region.synthetic_seed == 7);
  CHECK(s.horizon_s == 86'400.0);
  CHECK(s.warmup_s == 0.0);
  CHECK(s.replications == 10);
  CHECK(s.seed == 1);
  CHECK(s.source_path.empty());
  CHECK(s.teams.at(0).crews == 1);
  CHECK(s.teams.at(0).turnout_s.kind == Distribution::Kind::fixed);
  CHECK(s.teams.at(0).turnout_s.a == 60.0);
  CHECK(s.generators.at(0).name == "fire");
  CHECK(s.generators.at(0).severity.at("small") == 1.0);
  CHECK(s.plan.escalation.empty());  // the engine uses default_escalation()
  CHECK(s.plan.rules.at(0).on_scene_s.a == 1800.0);
  CHECK(s.plan.call_delay_s.a == 60.0);
  CHECK(s.plan.dispatch_delay_s.a == 30.0);
}

TEST_CASE("Seasons and the fire circle take their documented defaults", "[scenario]") {
  const Scenario s = read_scenario_text(kTiny, "tiny.yaml").checked();
  CHECK(s.start_date == std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::January, std::chrono::day{1}});
  for (double w : s.generators.at(0).monthly_weight) CHECK(w == 1.0);
  CHECK(s.plan.fire_circle.incident_types == std::vector<std::string>{"structure_fire", "industrial_fire"});
  CHECK(s.plan.fire_circle.zone_types == std::vector<std::string>{"built_up", "industrial_park"});
}

TEST_CASE("A start date, a monthly profile and the fire circle are read as written", "[scenario]") {
  std::string text = std::string(kTiny) + "  fire_circle: {incident_types: [fire], zone_types: [built_up]}\n" +
                     "start_date: 2026-07-01\n";
  text.replace(text.find("zone_types: [village]}"), 22,
               "zone_types: [village], monthly_profile: [1, 1, 2, 3, 2, 1, 0.5, 0.5, 1, 2, 1.5, 0]}");
  const auto problems = read_scenario_text(text, "seasons.yaml").problems;
  INFO(all_messages(problems));
  CHECK(problems.empty());
  const Scenario s = read_scenario_text(text, "seasons.yaml").checked();
  CHECK(s.start_date == std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::July, std::chrono::day{1}});
  CHECK(s.generators.at(0).monthly_weight[3] == 3.0);
  CHECK(s.generators.at(0).monthly_weight[11] == 0.0);
  CHECK(s.plan.fire_circle.incident_types == std::vector<std::string>{"fire"});
  CHECK(s.plan.fire_circle.zone_types == std::vector<std::string>{"built_up"});

  // A day the calendar does not have, and a fire-circle type with no rule.
  std::string odd = text;
  odd.replace(odd.find("2026-07-01"), 10, "2026-02-30");
  odd.replace(odd.find("incident_types: [fire]"), 22, "incident_types: [fires]");
  const auto found = read_scenario_text(odd, "odd.yaml").problems;
  REQUIRE(found.size() == 2);
  CHECK(found[0].key == "plan.fire_circle.incident_types[0]");
  CHECK_FALSE(found[0].is_error());
  CHECK(found[1].key == "start_date");
  CHECK(found[1].is_error());
  CHECK(found[1].note == "no such day in the calendar");
}

TEST_CASE("A start date may carry a time of day and a UTC offset", "[scenario][start]") {
  const auto read = [](const std::string& value) {
    return read_scenario_text(std::string(kTiny) + "start_date: " + value + "\n", "start.yaml");
  };
  {
    const Scenario s = read("2026-07-20T06:30:15+08:00").checked();
    CHECK(s.start_date == std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::July, std::chrono::day{20}});
    CHECK(s.start_clock_s == 6 * 3600.0 + 30 * 60.0 + 15.0);
    REQUIRE(s.start_utc_offset_min.has_value());
    CHECK(*s.start_utc_offset_min == 480);
    CHECK(s.start_date_given);
  }
  {
    const Scenario s = read("2026-07-20T06:00Z").checked();
    CHECK(s.start_clock_s == 21600.0);
    CHECK(s.start_utc_offset_min == std::optional<int>{0});
  }
  {
    const Scenario s = read("2026-12-31T23:59:59-03:30").checked();
    CHECK(s.start_utc_offset_min == std::optional<int>{-210});
  }
  {
    const Scenario s = read("2026-07-20").checked();  // a date alone: midnight, no zone
    CHECK(s.start_clock_s == 0.0);
    CHECK_FALSE(s.start_utc_offset_min.has_value());
  }
  CHECK_FALSE(read_scenario_text(kTiny, "tiny.yaml").checked().start_date_given);
  for (const char* bad : {"2026-07-20T24:00", "2026-07-20T06", "2026-07-20T06:00+8", "2026-07-20T06:00+15:00",
                          "2026-07-20X06:00", "2026-07-20T06:00:00 CST"}) {
    INFO(bad);
    const auto problems = read(bad).problems;
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "start_date");
    CHECK(problems[0].is_error());
  }
}

TEST_CASE("A start time sets the warning clock, and a start_hour that disagrees is refused", "[scenario][start]") {
  const std::string front = slurp(kData / "good" / "one_event_front.yaml");
  {
    std::string text = front;
    text.replace(text.find("  start_hour: 2\n"), 16, "");
    text += "start_date: 2026-07-20T05:30:00+08:00\n";
    const Scenario s = read_scenario_text(text, "front.yaml").checked();
    REQUIRE(s.warning);
    CHECK(s.warning->start_hour == 5.5);
  }
  {
    const Scenario s = read_scenario_text(front + "start_date: 2026-07-20T02:00:00+08:00\n", "front.yaml").checked();
    CHECK(s.warning->start_hour == 2.0);  // agrees
  }
  const auto problems = read_scenario_text(front + "start_date: 2026-07-20T06:00:00+08:00\n", "front.yaml").problems;
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "start_date");
  CHECK(problems[0].message().find("warning.start_hour") != std::string::npos);
  // A date alone says nothing about the clock: start_hour stands.
  CHECK(read_scenario_text(front + "start_date: 2026-07-20\n", "front.yaml").checked().warning->start_hour == 2.0);
}

TEST_CASE("A file with three mistakes gives three problems, in order, with their lines", "[scenario]") {
  const std::string text = R"(name: three
stations:
  - {id: a, location: {node: 5}}
teams:
  - id: t1
    station: a
    level: vilage
    size: 0
    capabilities: [fire]
incidents:
  - {type: fire, rate: 1 per fortnight, zone_types: [village]}
plan:
  responses:
    fire:
      small: {needs: {fire: 4}}
)";
  const auto problems = read_scenario_text(text, "three.yaml").problems;
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].key == "teams[0].level");
  CHECK(problems[0].line == 7);
  CHECK(problems[0].column == 12);
  CHECK(problems[0].suggestion == "village");
  CHECK(problems[0].message() ==
        "three.yaml:7:12: teams[0].level: expected a level (village, community, fire_brigade, enterprise, social, "
        "township, banner, city), found 'vilage' (did you mean 'village'?)");
  CHECK(problems[1].key == "teams[0].size");
  CHECK(problems[1].line == 8);
  CHECK(problems[1].found == "'0'");
  CHECK(problems[2].key == "incidents[0].rate");
  CHECK(problems[2].line == 11);
  CHECK(problems[2].note == "unknown unit 'fortnight'");

  try {
    read_scenario_text(text, "three.yaml").checked();
    FAIL("no exception");
  } catch (const ScenarioError& e) {
    CHECK(e.problems().size() == 3);
    CHECK(e.line() == 7);
    CHECK(e.key() == "teams[0].level");
    CHECK(e.file() == "three.yaml");
    const std::string what = e.what();
    CHECK(what.find("three.yaml:7:12") != std::string::npos);
    CHECK(what.find("three.yaml:8:") != std::string::npos);
    CHECK(what.find("three.yaml:11:") != std::string::npos);
    CHECK(what.find("3 errors") != std::string::npos);
  }
}

TEST_CASE("Warnings are reported but do not stop a scenario from loading", "[scenario]") {
  const std::string text = R"(stations:
  - {id: a, location: {node: 5}}
teams:
  - {id: t1, station: a, level: village, size: 10, capabilities: [fire, evacuation]}
incidents:
  - {type: fire, rate: 1, zone_types: [village], severity: {small: 9, big: 1}}
plan:
  responses:
    fire:
      small: {needs: {fire: 4}}
      big: {needs: {fire: 40, aviation: 2}}
  escalation:
    - {levels: [township, city]}
)";
  const ScenarioReading r = read_scenario_text(text, "warn.yaml");
  INFO(all_messages(r.problems));
  CHECK(r.ok());
  REQUIRE(r.problems.size() == 3);
  CHECK(r.problems[0].key == "teams[0].level");  // village teams are never called by this ladder
  CHECK(r.problems[1].key == "plan.responses.fire.big.needs.fire");  // 40 people wanted, 10 exist
  CHECK(r.problems[2].key == "plan.responses.fire.big.needs.aviation");
  CHECK(std::none_of(r.problems.begin(), r.problems.end(), [](const auto& p) { return p.is_error(); }));
  CHECK(r.problems[2].message().rfind("warn.yaml:11:", 0) == 0);
  CHECK(r.problems[2].message().find(": warning: ") != std::string::npos);
  CHECK(read_scenario_text(text, "warn.yaml").checked().plan.rules.size() == 2);

  // Two severities: a generator must say which mix.
  std::string no_mix = text;
  no_mix.replace(no_mix.find(", severity: {small: 9, big: 1}"), 30, "");
  CHECK_THROWS_WITH(read_scenario_text(no_mix, "warn.yaml").checked(), Catch::Contains("incidents[0]: expected a severity mix"));
}

TEST_CASE("JSON text reads like the same YAML", "[scenario]") {
  const std::string json = R"({
	"name": "tiny",
	"stations": [{"id": "a", "location": {"node": 5}}],
	"teams": [{"id": "t1", "station": "a", "level": "village", "size": 10, "capabilities": ["fire", "evacuation"]}],
	"incidents": [{"type": "fire", "rate": 1, "zone_types": ["village"]}],
	"plan": {"responses": {"fire": {"small": {"needs": {"fire": 4}}}}}
})";
  const Scenario a = read_scenario_text(json, "<dict>").checked();
  const Scenario b = read_scenario_text(kTiny, "tiny.yaml").checked();
  CHECK(a.name == b.name);
  CHECK(a.stations.at(0).location.node_id == b.stations.at(0).location.node_id);
  CHECK(a.teams.at(0).capabilities == b.teams.at(0).capabilities);
  CHECK(a.teams.at(0).size == b.teams.at(0).size);
  CHECK(a.generators.at(0).rate_per_day == b.generators.at(0).rate_per_day);
  CHECK(a.plan.rules.at(0).needs.at(0).people == b.plan.rules.at(0).needs.at(0).people);

  const auto problems = errors_of(read_scenario_text(R"({"name": "x", "stations": [], "teems": []})", "<dict>").problems);
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 2);  // a missing 'teams' is not reported: 'teems' stands for it
  CHECK(problems[0].key == "stations");
  CHECK(problems[1].key == "teems");
  CHECK(problems[1].message().rfind("<dict>:1:", 0) == 0);
  CHECK(problems[1].suggestion == "teams");
}

TEST_CASE("Merge keys share settings between teams and explicit keys win", "[scenario]") {
  const std::string text = R"(stations:
  - {id: a, location: {node: 5}}
teams:
  - &village
    id: v1
    station: a
    level: village
    size: 10
    capabilities: [fire, evacuation]
  - <<: *village
    id: v2
  - <<: *village
    id: v3
    size: 12
incident_list:
  - {time: "00:10", type: fire, location: {node: 5}}
plan:
  responses: {fire: {small: {needs: {fire: 4}}}}
)";
  const Scenario s = read_scenario_text(text, "merge.yaml").checked();
  REQUIRE(s.teams.size() == 3);
  CHECK(s.teams[1].id == "v2");
  CHECK(s.teams[1].size == 10);
  CHECK(s.teams[1].level == TeamLevel::village);
  CHECK(s.teams[2].size == 12);
  CHECK(s.incidents.at(0).time_s == 600.0);

  // A mistake in the shared settings is reported once, where it is written.
  std::string bad = text;
  bad.replace(bad.find("    size: 10\n"), 13, "    size: 10\n    colour: red\n");
  const auto problems = read_scenario_text(bad, "merge.yaml").problems;
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 9);
  CHECK(problems[0].found == "'colour'");
}

TEST_CASE("Region paths resolve against the scenario's folder and must exist", "[scenario]") {
  const fs::path dir = fs::temp_directory_path() / "dsim_scenario_reader_test";
  fs::create_directories(dir / "roads");
  {
    std::ofstream(dir / "roads" / "net.csv") << "placeholder\n";
    std::ofstream out(dir / "s.yaml");
    out << "region: {network: roads/net.csv, zones: roads/zones.csv}\n" << std::string(kTiny).substr(11);
  }
  const auto problems = read_scenario_file((dir / "s.yaml").string()).problems;
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "region.zones");
  CHECK(problems[0].line == 1);
  const std::string zones_path = (dir / "roads" / "zones.csv").string();
  CHECK(problems[0].found.find(zones_path) == 1);
  { std::ofstream(dir / "roads" / "zones.csv") << "id,name,type,population,polygon\n"; }
  const Scenario s = read_scenario_file((dir / "s.yaml").string()).checked();
  CHECK(s.region.network_path == (dir / "roads" / "net.csv").string());
  CHECK(s.region.zones_path == (dir / "roads" / "zones.csv").string());
  // Text in memory keeps the paths as written.
  CHECK(read_scenario_text(slurp(dir / "s.yaml"), "s.yaml").checked().region.network_path == "roads/net.csv");
  fs::remove_all(dir);
}

TEST_CASE("A missing or unreadable scenario file is an InputError", "[scenario]") {
  CHECK_THROWS_AS(read_scenario_file("/nonexistent/dir/scenario.yaml").checked(), InputError);
  const auto problems = read_scenario_file("/nonexistent/dir/scenario.yaml").problems;
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].expected == "a readable scenario file");
  CHECK(read_scenario_file(kData.string()).problems.at(0).found == "a directory");
}

TEST_CASE("Places are checked against the region once it is loaded", "[scenario]") {
  Scenario s = good_scenario();
  KnownPlaces places;
  places.zone_ids = {"new_town", "new_town_south", "old_town", "chem_park", "village_001"};
  places.zone_types = {"built_up", "built_up", "built_up", "industrial_park", "village"};
  places.has_node = [](std::int64_t id) { return id >= 1 && id <= 5000; };
  places.covers = [](double lon, double lat) { return lon > 109.5 && lon < 110.5 && lat > 39.3 && lat < 40.0; };
  CHECK(check_scenario_places(s, places).empty());

  places.zone_ids = {"new_town", "old_town", "chem_parc", "village_001"};
  places.zone_types = {"built_up", "built_up", "industrial_park", "village"};
  places.has_node = [](std::int64_t id) { return id >= 1 && id <= 1000; };
  places.covers = [](double lon, double) { return lon < 109.9; };
  const auto problems = check_scenario_places(s, places);
  INFO(all_messages(problems));
  REQUIRE(problems.size() == 5);
  // In the order they are written in the file.
  CHECK(problems[0].key == "stations[2].location");  // Dongsheng, east of 109.9
  CHECK(problems[1].key == "stations[3].location.node");
  CHECK(problems[1].found == "1200");
  CHECK(problems[2].key == "incidents[1].zones[1]");
  CHECK(problems[2].found == "'new_town_south'");
  CHECK(problems[2].suggestion == "new_town");
  CHECK(problems[3].key == "incident_list[0].location.zone");
  CHECK(problems[3].suggestion == "chem_parc");
  CHECK(problems[4].key == "incident_list[1].location");
  for (const auto& p : problems) {
    CHECK(p.is_error());
    CHECK(p.line > 0);
    CHECK(p.file == s.source_path);
  }
  const std::string text = slurp(kData / "good" / "small.yaml");
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 1; n <= problems[1].line; ++n) std::getline(in, line);
  CHECK(line.find("node: 1200") != std::string::npos);

  // A zone type the region lacks: the generator makes nothing there (a warning).
  places.zone_types = {"village", "village", "industrial_park", "village"};
  places.covers = nullptr;
  places.has_node = nullptr;
  const auto warnings = check_scenario_places(s, places);
  const auto it = std::find_if(warnings.begin(), warnings.end(), [](const auto& p) { return !p.is_error(); });
  REQUIRE(it != warnings.end());
  CHECK(it->key == "incidents[0].zone_types[0]");

  // A scenario built in code has no positions but is still checked.
  Scenario coded;
  coded.stations.push_back({"x", "x", Location{Location::Kind::zone, 0, 0.0, 0.0, "nowhere", ""}, ""});
  const auto coded_problems = check_scenario_places(coded, places);
  REQUIRE(coded_problems.size() == 1);
  CHECK(coded_problems[0].line == 0);
  CHECK(coded_problems[0].key == "stations[0].location.zone");
}

TEST_CASE("Truncated and byte-mutated scenarios give problems, never a crash or a stray exception", "[scenario]") {
  const std::string good = slurp(kData / "good" / "small.yaml");
  REQUIRE(good.size() > 1000);
  std::vector<std::string> variants;
  for (std::size_t i = 0; i < 120; ++i) variants.push_back(good.substr(0, good.size() * i / 120));
  RandomStream rng(2026, 0, "scenario_fuzz");
  for (int v = 0; v < 300; ++v) {
    std::string text = testing::mangled(good, rng);
    variants.push_back(std::move(text));
  }
  std::size_t accepted = 0, rejected = 0;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    INFO("variant " << i);
    bool threw_other = false;
    try {
      const auto problems = read_scenario_text(variants[i], "fuzz.yaml").problems;
      for (const auto& p : problems) CHECK_FALSE(p.message().empty());
      (void)read_scenario_text(variants[i], "fuzz.yaml").checked();
      ++accepted;
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).rfind("fuzz.yaml", 0) == 0);
      ++rejected;
    } catch (...) {
      threw_other = true;
    }
    CHECK_FALSE(threw_other);
  }
  CHECK(accepted + rejected == variants.size());
  CHECK(accepted > 0);  // some mutations land in comments or leave values valid
  CHECK(rejected > variants.size() / 2);
}

TEST_CASE("The complete example in docs/scenario-format.md is the good test scenario", "[scenario]") {
  const std::string doc = slurp(fs::path(DSIM_SOURCE_DIR) / "docs" / "scenario-format.md");
  const std::string intro = "`tests/data/good/small.yaml`, on the synthetic region:\n\n```yaml\n";
  const auto start = doc.find(intro);
  REQUIRE(start != std::string::npos);
  const auto body = start + intro.size();
  const std::string example = doc.substr(body, doc.find("```", body) - body);
  const std::string good = slurp(kData / "good" / "small.yaml");
  CHECK(example == good.substr(good.find("name: small-drill")));
}

TEST_CASE("Banners map each of their zones to the banner", "[scenario]") {
  const std::string text = std::string(kTiny) + "region:\n  banners:\n    kangbashi: [new_town, new_town_south]\n"
                                                "    dongsheng: [old_town]\n";
  const Scenario s = read_scenario_text(text, "banners.yaml").checked();
  REQUIRE(s.region.zone_banner.size() == 3);
  CHECK(s.region.zone_banner.at("new_town") == "kangbashi");
  CHECK(s.region.zone_banner.at("new_town_south") == "kangbashi");
  CHECK(s.region.zone_banner.at("old_town") == "dongsheng");
}

TEST_CASE("Road closures are read with their place, times and vehicle classes", "[scenario]") {
  std::string text = kTiny;
  text.replace(text.find("capabilities: [fire, evacuation]}"), 33,
               "capabilities: [fire, evacuation], vehicle_class: high_clearance}");
  text += "road_closures:\n"
          "  - {name: bridge_out, from: {place: bridge_2_north}, to: {place: bridge_2_south}, start: \"08:00\", end: 14 h}\n"
          "  - {at: {node: 17}, radius_m: 250, vehicle_classes: [standard]}\n";
  const Scenario s = read_scenario_text(text, "closures.yaml").checked();
  REQUIRE(s.teams.size() == 1);
  CHECK(s.teams[0].vehicle_class == "high_clearance");
  REQUIRE(s.road_closures.size() == 2);
  const RoadClosureSpec& bridge = s.road_closures[0];
  CHECK(bridge.name == "bridge_out");
  REQUIRE(bridge.from.has_value());
  CHECK(bridge.from->place == "bridge_2_north");
  CHECK(bridge.to->place == "bridge_2_south");
  CHECK(bridge.start_s == 8 * 3600.0);
  CHECK(bridge.end_s == 14 * 3600.0);
  const RoadClosureSpec& area = s.road_closures[1];
  REQUIRE(area.at.has_value());
  CHECK(area.at->node_id == 17);
  CHECK(area.radius_m == 250.0);
  CHECK(area.start_s == 0.0);
  CHECK(std::isinf(area.end_s));
  CHECK(area.vehicle_classes == std::vector<std::string>{"standard"});
}
