// SPDX-License-Identifier: MIT
#include "sim/response/force_minimums.hpp"

#include "sim/scenario/scenario_reader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace dsim;

namespace {

TeamSpec team(std::string id, std::string station, TeamLevel level, int size, std::vector<std::string> caps = {}) {
  TeamSpec t;
  t.id = std::move(id);
  t.station = std::move(station);
  t.level = level;
  t.size = size;
  t.capabilities = std::move(caps);
  return t;
}

StationSpec station(std::string id, std::string banner) {
  StationSpec s;
  s.id = std::move(id);
  s.banner = std::move(banner);
  return s;
}

std::vector<const ForceMinimum*> unmet(const std::vector<ForceMinimum>& rows) {
  std::vector<const ForceMinimum*> out;
  for (const ForceMinimum& f : rows)
    if (!f.met) out.push_back(&f);
  return out;
}

}  // namespace

TEST_CASE("Force minimums count people per level, per banner and per station", "[response][forces]") {
  Scenario s;
  s.stations = {station("hq", "a"), station("a_base", "a"), station("b_base", "b"), station("town_1", "b"),
                station("post_1", "b"), station("post_2", "b"), station("hall", "a")};
  s.region.zone_banner = {{"z_c", "c"}};  // a third banner with no station
  s.teams = {team("city_1", "hq", TeamLevel::city, 30), team("city_2", "hq", TeamLevel::city, 20),
             team("a_team", "a_base", TeamLevel::banner, 30), team("b_team", "b_base", TeamLevel::banner, 29),
             team("assault", "town_1", TeamLevel::township, 20), team("militia", "post_1", TeamLevel::village, 6),
             team("veterans", "post_1", TeamLevel::village, 4), team("post_2_force", "post_2", TeamLevel::village, 9),
             team("hall_fire", "hall", TeamLevel::community, 6, {"fire"}),
             team("ngo_a", "a_base", TeamLevel::social, 10), team("ngo_b", "b_base", TeamLevel::social, 10)};
  const std::vector<ForceMinimum> rows = check_force_minimums(s);

  // city; banners a, b, c; township at town_1; villages at post_1, post_2;
  // micro fire station at hall; social per banner a, b, c.
  REQUIRE(rows.size() == 1 + 3 + 1 + 2 + 1 + 3);
  CHECK(rows[0].check == "city_team");
  CHECK(rows[0].actual == 50);  // two city teams together
  CHECK(rows[0].met);
  CHECK(rows[1].scope == "a");
  CHECK(rows[1].met);
  CHECK(rows[2].scope == "b");
  CHECK(rows[2].actual == 29);
  CHECK(rows[3].scope == "c");
  CHECK(rows[3].actual == 0);
  CHECK(rows[5].scope == "post_1");
  CHECK(rows[5].actual == 10);  // two village teams at one post
  CHECK(rows[5].met);
  CHECK(rows[6].scope == "post_2");
  CHECK_FALSE(rows[6].met);
  CHECK(rows[7].check == "micro_fire_station");
  CHECK(rows[7].met);
  for (std::size_t i = 0; i < rows.size(); ++i) CHECK(rows[i].measure == (i < 4 ? 6 : i < 8 ? 7 : 8));

  const auto missed = unmet(rows);
  REQUIRE(missed.size() == 4);  // banner b, banner c, post_2, social c
  CHECK(missed[0]->scope == "b");
  CHECK(missed[1]->scope == "c");
  CHECK(missed[2]->scope == "post_2");
  CHECK(missed[3]->check == "social_force");
  CHECK(missed[3]->scope == "c");
}

TEST_CASE("A level no team has is one unmet force minimum", "[response][forces]") {
  Scenario s;
  s.stations = {station("fire", "")};
  s.teams = {team("brigade", "fire", TeamLevel::fire_brigade, 24, {"fire"})};
  const std::vector<ForceMinimum> rows = check_force_minimums(s);
  // No banner named: the scenario counts as one banner.
  REQUIRE(rows.size() == 6);
  for (const ForceMinimum& f : rows) {
    CHECK_FALSE(f.met);
    CHECK(f.actual == 0);
  }
  CHECK(rows[1].scope.empty());
}

TEST_CASE("The force-minimums scenario misses exactly the township team and the micro fire station",
          "[response][forces]") {
  const auto path = std::filesystem::path(DSIM_SOURCE_DIR) / "tests" / "data" / "good" / "force_minimums.yaml";
  const std::vector<ForceMinimum> rows = check_force_minimums(read_scenario_file(path.string()).checked());
  CHECK(rows.size() == 6);
  const auto missed = unmet(rows);
  REQUIRE(missed.size() == 2);
  CHECK(missed[0]->check == "township_team");
  CHECK(missed[0]->scope == "street_office");
  CHECK(missed[0]->required == 20);
  CHECK(missed[0]->actual == 16);
  CHECK(missed[1]->check == "micro_fire_station");
  CHECK(missed[1]->scope == "community_hall");
  CHECK(missed[1]->actual == 0);
}
