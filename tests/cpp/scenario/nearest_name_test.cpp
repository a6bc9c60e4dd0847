// SPDX-License-Identifier: MIT
#include "sim/scenario/nearest_name.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

TEST_CASE("Edit distance counts inserts, deletes, substitutions and swaps", "[scenario]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("capabilites", "capabilities") == 1);  // one letter dropped
  CHECK(edit_distance("levle", "level") == 1);               // two neighbours swapped
  CHECK(edit_distance("ca", "abc") == 3);                    // the restricted form: no edit of a swapped pair
  CHECK(edit_distance("size", "size") == 0);
}

TEST_CASE("Edit distance is symmetric", "[scenario]") {
  const char* words[] = {"turnout", "turn_out", "tunrout", "capabilities", "crews", "screw", ""};
  for (const char* a : words)
    for (const char* b : words) CHECK(edit_distance(a, b) == edit_distance(b, a));
}

TEST_CASE("nearest_name suggests the likely intended key", "[scenario]") {
  const std::vector<std::string> keys = {"id", "station", "level", "size", "crews", "capabilities", "vehicles", "turnout"};
  CHECK(nearest_name("capabilites", keys) == "capabilities");
  CHECK(nearest_name("Capabilities", keys) == "capabilities");
  CHECK(nearest_name("levle", keys) == "level");
  CHECK(nearest_name("turn-out", keys) == "turnout");
  CHECK(nearest_name("turnout_time", keys) == "turnout");
  CHECK(nearest_name("vehicle", keys) == "vehicles");
  CHECK(nearest_name("colour", keys).empty());
  CHECK(nearest_name("size", keys).empty());  // already valid
  CHECK(nearest_name("", keys).empty());
  CHECK(nearest_name("x", {"s", "h", "d"}).empty());  // one-letter names are too close to everything
}

TEST_CASE("nearest_name completes a name to a longer candidate past a separator", "[scenario]") {
  const std::vector<std::string> types = {"built_up", "industrial_park", "village", "grassland"};
  CHECK(nearest_name("industrial", types) == "industrial_park");
  CHECK(nearest_name("built", types) == "built_up");
  CHECK(nearest_name("urban", types).empty());
}
