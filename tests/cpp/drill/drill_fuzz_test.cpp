// SPDX-License-Identifier: MIT
// Fuzz smoke of the drill loaders: mangled drill files and drill logs are read
// or refused with an InputError naming the file, never anything else.
#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/drill/drill_log.hpp"
#include "sim/scenario/drill_spec.hpp"
#include "tests/cpp/support/mangle.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace dsim {

namespace {

std::string file_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("mangled drill files are read or refused with the file named", "[drill][fuzz]") {
  const std::string drill = file_text(std::filesystem::path(DSIM_SOURCE_DIR) / "scenarios/drills/flood_season_drill.yaml");
  REQUIRE(!drill.empty());
  RandomStream rng(2026, 0, "drill_fuzz");
  std::size_t accepted = 0, rejected = 0;
  for (int v = 0; v < 300; ++v) {
    const std::string text = testing::mangled(drill, rng);
    INFO(text);
    bool other = false;
    try {
      const DrillSpec d = read_drill_text(text, "fuzz.yaml");
      CHECK(!d.tasks.empty());
      ++accepted;
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).rfind("fuzz.yaml", 0) == 0);
      ++rejected;
    } catch (...) {
      other = true;
    }
    CHECK_FALSE(other);
  }
  CHECK(accepted > 0);
  CHECK(rejected > 0);
}

TEST_CASE("mangled drill logs are read or refused with the file and line named", "[drill][fuzz]") {
  const auto root = std::filesystem::path(DSIM_SOURCE_DIR) / "scenarios/drills";
  const DrillSpec drill = read_drill_file((root / "flood_season_drill.yaml").string());
  const DrillClock start = parse_drill_clock(drill.start_clock, drill.source_path, "start");
  const std::string log = file_text(root / "flood_season_log.csv");
  REQUIRE(!log.empty());
  testing::TempDir dir;
  RandomStream rng(2026, 1, "drill_log_fuzz");
  std::size_t accepted = 0, rejected = 0;
  for (int v = 0; v < 300; ++v) {
    const auto path = dir.write("log.csv", testing::mangled(log, rng));
    INFO(file_text(path));
    bool other = false;
    try {
      const std::vector<LogEntry> entries = read_drill_log(path, drill, start);
      CHECK(!entries.empty());
      for (const LogEntry& e : entries) CHECK(e.time_s >= 0.0);
      ++accepted;
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("log.csv") != std::string::npos);
      ++rejected;
    } catch (...) {
      other = true;
    }
    CHECK_FALSE(other);
  }
  CHECK(accepted > 0);
  CHECK(rejected > 0);
}

}  // namespace dsim
