// SPDX-License-Identifier: MIT
#include "sim/response/scenario.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace dsim;

TEST_CASE("Team level names read back as the same level", "[response]") {
  std::set<std::string> names;
  for (int i = 0; i < kTeamLevelCount; ++i) {
    const auto level = static_cast<TeamLevel>(i);
    const std::string name = team_level_name(level);
    names.insert(name);
    TeamLevel back = TeamLevel::city;
    REQUIRE(parse_team_level(name, back));
    CHECK(back == level);
  }
  CHECK(names.size() == static_cast<std::size_t>(kTeamLevelCount));
  CHECK(std::string(team_level_name(TeamLevel::fire_brigade)) == "fire_brigade");
}

TEST_CASE("Unknown level names are rejected and leave the output alone", "[response]") {
  TeamLevel level = TeamLevel::banner;
  CHECK_FALSE(parse_team_level("county", level));
  CHECK_FALSE(parse_team_level("Village", level));
  CHECK_FALSE(parse_team_level("", level));
  CHECK(level == TeamLevel::banner);
}

TEST_CASE("Capability names map to their index and unknown ones to -1", "[response]") {
  for (int i = 0; i < kCapabilityCount; ++i) CHECK(capability_index(kCapabilityNames[i]) == i);
  CHECK(capability_index("comms") == 5);
  CHECK(capability_index("firefighting") == -1);
  CHECK(capability_index("") == -1);
}

TEST_CASE("The default escalation ladder calls every level once, local forces first", "[response]") {
  const auto ladder = default_escalation();
  REQUIRE(ladder.size() == 4);
  CHECK(ladder[0].levels ==
        std::vector<TeamLevel>{TeamLevel::community, TeamLevel::village, TeamLevel::fire_brigade, TeamLevel::enterprise});
  CHECK(ladder[0].request_delay_s == 0.0);
  CHECK(ladder[1].levels == std::vector<TeamLevel>{TeamLevel::township});
  CHECK(ladder[1].request_delay_s == 300.0);
  CHECK(ladder[2].levels == std::vector<TeamLevel>{TeamLevel::banner, TeamLevel::social});
  CHECK(ladder[2].request_delay_s == 600.0);
  CHECK(ladder[3].levels == std::vector<TeamLevel>{TeamLevel::city});
  CHECK(ladder[3].request_delay_s == 900.0);
  std::set<TeamLevel> all;
  for (const auto& step : ladder) all.insert(step.levels.begin(), step.levels.end());
  CHECK(all.size() == static_cast<std::size_t>(kTeamLevelCount));
}
