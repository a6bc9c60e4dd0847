// SPDX-License-Identifier: MIT
#include "sim/network/zones.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace dsim;

namespace {

std::vector<Zone> read_text(const std::string& text) {
  std::istringstream in(text);
  return read_zones_csv(in, "zones.csv");
}

// The InputError that reading `text` throws.
InputError error_for(const std::string& text) {
  try {
    read_text(text);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no InputError for:\n" << text);
  throw std::logic_error("unreachable");
}

const std::string kHeader = "id,name,type,population,polygon\n";
const std::string kSquare = "0 0;1 0;1 1;0 1";

}  // namespace

TEST_CASE("polygon_contains tells inside from outside, concave rings included", "[network][zones]") {
  const std::vector<LonLat> square{{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  CHECK(polygon_contains(square, {0.5, 0.5}));
  CHECK_FALSE(polygon_contains(square, {1.5, 0.5}));
  CHECK_FALSE(polygon_contains(square, {0.5, -0.1}));
  // an L shape: the notch at the top right is outside
  const std::vector<LonLat> ell{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  CHECK(polygon_contains(ell, {0.5, 1.5}));
  CHECK(polygon_contains(ell, {1.5, 0.5}));
  CHECK_FALSE(polygon_contains(ell, {1.5, 1.5}));
  // orientation does not matter
  const std::vector<LonLat> reversed(ell.rbegin(), ell.rend());
  CHECK(polygon_contains(reversed, {0.5, 1.5}));
  CHECK_FALSE(polygon_contains(reversed, {1.5, 1.5}));
}

TEST_CASE("zone_index_at returns the first listed zone that contains the point", "[network][zones]") {
  std::vector<Zone> zones{
      {"town", "Town", ZoneType::built_up, 1000, {{1, 1}, {2, 1}, {2, 2}, {1, 2}}},
      {"grass", "Grass", ZoneType::grassland, 10, {{0, 0}, {3, 0}, {3, 3}, {0, 3}}},
  };
  CHECK(zone_index_at(zones, {1.5, 1.5}) == std::optional<std::size_t>(0));
  CHECK(zone_index_at(zones, {0.5, 0.5}) == std::optional<std::size_t>(1));
  CHECK_FALSE(zone_index_at(zones, {4.0, 4.0}).has_value());
}

TEST_CASE("zone type names parse back to their types", "[network][zones]") {
  for (int t = 0; t < kZoneTypeCount; ++t) {
    ZoneType parsed;
    REQUIRE(parse_zone_type(zone_type_name(static_cast<ZoneType>(t)), parsed));
    CHECK(parsed == static_cast<ZoneType>(t));
  }
  ZoneType ignored;
  CHECK_FALSE(parse_zone_type("urban", ignored));
}

TEST_CASE("zones.csv written and read back gives the same zones", "[network][zones]") {
  std::vector<Zone> zones{
      {"new_town", "Kangbashi New Town", ZoneType::built_up, 142000,
       {{109.8243044, 39.6394209}, {109.9187757, 39.6394209}, {109.9187757, 39.5913213}}},
      {"v1", "Bayan, Obo \"north\" Gacha", ZoneType::village, 430,
       {{110.0, 39.7}, {110.01, 39.7}, {110.01, 39.71}, {110.0, 39.71}}},
      {"park", "Park", ZoneType::industrial_park, 4800, {{-1.5, -2.25}, {1.25, -2.0}, {0.0, 3.0}}},
      {"g", "Grass", ZoneType::grassland, 0, {{0, 0}, {1, 0}, {1, 1}}},
  };
  std::ostringstream out;
  write_zones_csv(out, zones);
  const auto back = read_text(out.str());
  REQUIRE(back.size() == zones.size());
  for (std::size_t i = 0; i < zones.size(); ++i) {
    CHECK(back[i].id == zones[i].id);
    CHECK(back[i].name == zones[i].name);
    CHECK(back[i].type == zones[i].type);
    CHECK(back[i].population == zones[i].population);
    CHECK(back[i].polygon == zones[i].polygon);
  }
  // and writing again gives the same bytes
  std::ostringstream again;
  write_zones_csv(again, back);
  CHECK(again.str() == out.str());
}

TEST_CASE("zones.csv accepts columns in any order, comments, blank lines and a closing point", "[network][zones]") {
  const auto zones = read_text(
      "# zones of a test town\n"
      "polygon,population,type,name,id,extra\n"
      "\n"
      "0 0;1 0;1 1;0 0,25,village,Small,s,ignored\r\n");
  REQUIRE(zones.size() == 1);
  CHECK(zones[0].id == "s");
  CHECK(zones[0].population == 25);
  CHECK(zones[0].polygon.size() == 3);  // the repeated first point is dropped
}

TEST_CASE("bad zones.csv rows give InputError with the line and the column", "[network][zones]") {
  SECTION("a missing column in the header") {
    const auto e = error_for("id,name,type,polygon\nz,Z,village," + kSquare + "\n");
    CHECK(e.line() == 1);
    CHECK(e.key() == "population");
  }
  SECTION("an unknown zone type") {
    const auto e = error_for(kHeader + "a,A,village,10," + kSquare + "\nb,B,urban,10," + kSquare + "\n");
    CHECK(e.line() == 3);
    CHECK(e.key() == "type");
    CHECK(e.found() == "urban");
    CHECK(std::string(e.what()).find("zones.csv:3") != std::string::npos);
  }
  SECTION("a population that is not a whole number") {
    const auto e = error_for(kHeader + "a,A,village,many," + kSquare + "\n");
    CHECK(e.line() == 2);
    CHECK(e.key() == "population");
    CHECK(error_for(kHeader + "a,A,village,12.5," + kSquare + "\n").key() == "population");
    CHECK(error_for(kHeader + "a,A,village,-3," + kSquare + "\n").key() == "population");
  }
  SECTION("a polygon of fewer than three points") {
    const auto e = error_for(kHeader + "a,A,village,10,0 0;1 1\n");
    CHECK(e.line() == 2);
    CHECK(e.key() == "polygon");
    CHECK(e.expected().find("at least 3 points") != std::string::npos);
  }
  SECTION("a polygon point that is not two numbers") {
    const auto e = error_for(kHeader + "a,A,village,10,0 0;1 x;1 1;0 1\n");
    CHECK(e.key() == "polygon point 2");
    CHECK(e.found() == "1 x");
    CHECK(error_for(kHeader + "a,A,village,10,0 0;1;1 1\n").key() == "polygon point 2");
  }
  SECTION("a coordinate out of range") {
    CHECK(error_for(kHeader + "a,A,village,10,0 0;1 95;1 1\n").key() == "polygon point 2");
  }
  SECTION("a row with too many fields") {
    const auto e = error_for(kHeader + "a,Bayan, Obo,village,10," + kSquare + "\n");
    CHECK(e.line() == 2);
    CHECK(e.found() == "6 fields");
  }
  SECTION("an open quote") {
    CHECK(error_for(kHeader + "a,\"Bayan,village,10," + kSquare + "\n").line() == 2);
  }
  SECTION("a duplicate id") {
    const auto e = error_for(kHeader + "a,A,village,10," + kSquare + "\na,B,village,10," + kSquare + "\n");
    CHECK(e.line() == 3);
    CHECK(e.key() == "id");
  }
  SECTION("an empty file") {
    CHECK_THROWS_AS(read_text(""), InputError);
  }
}

TEST_CASE("reading a zones file that does not exist names it", "[network][zones]") {
  try {
    read_zones_csv("/nonexistent/zones.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.file() == "/nonexistent/zones.csv");
  }
}
