// SPDX-License-Identifier: MIT
// Monthly incident profiles: thinning by hour and month, the start date, and
// the same draws as without a profile when it is flat.
#include "sim/core/random.hpp"
#include "sim/network/region.hpp"
#include "sim/network/road_network.hpp"
#include "sim/response/model_builder.hpp"
#include "sim/response/response_simulation.hpp"
#include "tests/cpp/support/network_fixtures.hpp"
#include "tests/cpp/support/response_fixtures.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <numeric>

using namespace dsim;
using namespace std::chrono_literals;

namespace {

constexpr double kDay_s = 86'400.0;
constexpr std::array<int, 12> kDaysIn2026 = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// A 5 x 5 grid, all one built-up zone.
Region town_region() {
  Region r(build_road_network(dsim::testing::make_grid(5, 5)));
  Zone z;
  z.id = "town";
  z.type = ZoneType::built_up;
  z.population = 1000;
  z.polygon = {{100.0, 30.0}, {120.0, 30.0}, {120.0, 50.0}, {100.0, 50.0}};
  r.zones = {z};
  r.node_zone.assign(r.network.node_count(), 0);
  return r;
}

// One generator of `rate_per_day` fires in the town over a year from `start`.
Scenario fires_scenario(double rate_per_day, std::array<double, 12> monthly, std::chrono::year_month_day start) {
  Scenario s;
  s.source_path = "seasons.yaml";
  StationSpec st;
  st.id = "s";
  st.location.kind = Location::Kind::zone;
  st.location.zone = "town";
  s.stations = {st};
  TeamSpec t;
  t.id = "t";
  t.station = "s";
  t.capabilities = {"fire"};
  s.teams = {t};
  IncidentGeneratorSpec g;
  g.name = "fires";
  g.type = "structure_fire";
  g.rate_per_day = rate_per_day;
  g.zone_types = {"built_up"};
  g.hourly_weight.fill(1.0);
  g.monthly_weight = monthly;
  s.generators = {g};
  s.horizon_s = 365 * kDay_s;
  s.start_date = start;
  return s;
}

}  // namespace

TEST_CASE("Incident counts per calendar month follow the monthly profile", "[response][seasons]") {
  // Spring and autumn peaks, a quiet summer, no December at all.
  const std::array<double, 12> profile = {2, 2, 3, 1, 1, 1, 0.5, 0.5, 1, 2, 2, 0};
  const double rate_per_day = 4.0;
  const Region region = town_region();
  const ResponseModel m = build_response_model(fires_scenario(rate_per_day, profile, 2026y / 1 / 1), region);

  // The profile is scaled to mean 1 over the days of the year: `rate` stays the annual mean.
  double weighted = 0;
  for (std::size_t k = 0; k < 12; ++k) weighted += m.generators[0].monthly[k] * kDaysIn2026[k];
  CHECK(weighted / 365.0 == Approx(1.0).epsilon(1e-12));
  CHECK(m.generators[0].monthly_max == Approx(3.0 * 365.0 / 485.0).epsilon(1e-12));

  constexpr int kReplications = 200;
  std::array<double, 12> counts{};
  for (int r = 0; r < kReplications; ++r)
    for (const IncidentOutcome& inc : draw_incidents(m, 17, static_cast<std::uint64_t>(r)))
      counts[static_cast<std::size_t>(m.month_at(inc.occurred_s))] += 1;

  // Poisson counts, independent by month: chi-square with 11 degrees of
  // freedom (the month with rate 0 has none); 31.26 is its 0.999 quantile.
  double chi2 = 0;
  for (std::size_t k = 0; k < 12; ++k) {
    const double expected = kReplications * rate_per_day * kDaysIn2026[k] * m.generators[0].monthly[k];
    INFO("month " << k + 1 << ": " << counts[k] << " incidents, expected " << expected);
    if (expected == 0.0) {
      CHECK(counts[k] == 0.0);
      continue;
    }
    CHECK(std::fabs(counts[k] - expected) < 5.0 * std::sqrt(expected));
    chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
  }
  CHECK(chi2 < 31.26);
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  CHECK(std::fabs(total - kReplications * rate_per_day * 365.0) < 5.0 * std::sqrt(kReplications * rate_per_day * 365.0));
}

TEST_CASE("The start date places time 0 in its calendar month", "[response][seasons]") {
  std::array<double, 12> july_only{};
  july_only[6] = 1.0;
  const Region region = town_region();
  const ResponseModel m = build_response_model(fires_scenario(2.0, july_only, 2026y / 7 / 1), region);
  CHECK(m.month_at(0.0) == 6);
  CHECK(m.month_at(31 * kDay_s - 1.0) == 6);
  CHECK(m.month_at(31 * kDay_s) == 7);
  CHECK(m.month_at(184 * kDay_s) == 0);  // 1 January 2027
  const std::vector<IncidentOutcome> drawn = draw_incidents(m, 3, 0);
  REQUIRE(drawn.size() > 100);  // 365 / 31 times the annual mean rate, for one month
  for (const IncidentOutcome& inc : drawn) CHECK(inc.occurred_s < 31 * kDay_s);
}

TEST_CASE("A flat monthly profile draws exactly the incidents drawn without one", "[response][seasons][crn]") {
  const Region region = town_region();
  std::array<double, 12> flat;
  flat.fill(2.5);
  Scenario s = fires_scenario(6.0, flat, 2026y / 3 / 15);
  s.generators[0].hourly_weight = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1};
  const ResponseModel m = build_response_model(s, region);
  const ResponseModel::Generator& gen = m.generators[0];
  CHECK(gen.monthly_max == 1.0);

  // The thinning loop as it was before monthly profiles: same stream, same
  // candidates, same draws per accepted incident (zone, node, severity).
  RandomStream rng(9, 4, "incidents/fires");
  const double peak_rate = gen.rate_per_s * gen.hourly_max;
  const std::size_t nodes = m.zones[0].nodes.size();
  std::vector<double> expected;
  std::vector<std::uint64_t> expected_nodes;
  for (double t = 0.0;;) {
    t += rng.exponential(1.0 / peak_rate);
    if (t >= m.horizon_s) break;
    const auto hour = static_cast<std::size_t>(static_cast<std::uint64_t>(t / 3'600.0) % 24);
    if (!(rng.uniform() * gen.hourly_max < gen.hourly[hour])) continue;
    rng.uniform();
    expected_nodes.push_back(rng.below(nodes));
    rng.uniform();
    expected.push_back(t);
  }
  const std::vector<IncidentOutcome> drawn = draw_incidents(m, 9, 4);
  REQUIRE(drawn.size() == expected.size());
  REQUIRE(drawn.size() > 1000);
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    REQUIRE(drawn[i].occurred_s == expected[i]);
    REQUIRE(drawn[i].node == m.zones[0].nodes[expected_nodes[i]]);
  }
}
