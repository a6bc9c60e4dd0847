// SPDX-License-Identifier: MIT
#include "sim/hazards/chemical.hpp"

#include "sim/core/error.hpp"
#include "sim/hazards/building_air.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace dsim;

namespace {

const Chemical& get(std::string_view id) {
  const Chemical* c = find_chemical(id);
  REQUIRE(c != nullptr);
  return *c;
}

// Index of a duration in the AEGL tables.
enum Duration { m10 = 0, m30 = 1, h1 = 2, h4 = 3, h8 = 4 };

double aegl(std::string_view id, int level, Duration d) { return get(id).level_ppm[level - 1][d]; }

}  // namespace

TEST_CASE("The catalogue holds the eight chemicals, each with its sources and a molar mass", "[chemical]") {
  const auto& cat = chemical_catalogue();
  std::set<std::string> ids;
  for (const Chemical& c : cat) {
    INFO(c.id);
    REQUIRE(ids.insert(c.id).second);  // ids are unique
    REQUIRE(!c.name.empty());
    REQUIRE(!c.cas.empty());
    REQUIRE(c.molar_mass_g_mol > 0.0);
    REQUIRE(!c.level_source.empty());
    REQUIRE(!c.ten_berge_source.empty());
    REQUIRE(!c.properties_source.empty());
    REQUIRE(!c.user_defined);
    for (int l = 0; l < kAeglLevels; ++l) REQUIRE((c.level_kind[l] == "AEGL" || c.level_kind[l] == "ERPG"));
    if (!std::isnan(c.ten_berge_n)) REQUIRE(c.ten_berge_n > 0.0);
  }
  for (const char* id : {"ammonia", "chlorine", "hydrogen_sulfide", "carbon_monoxide", "sulfur_dioxide",
                         "hydrogen_chloride", "benzene", "methanol"})
    REQUIRE(ids.count(id) == 1);
}

TEST_CASE("Catalogue levels increase from AEGL-1 to AEGL-3 and never rise with duration", "[chemical]") {
  for (const Chemical& c : chemical_catalogue()) {
    INFO(c.id);
    for (int d = 0; d < 5; ++d) {
      for (int l = 0; l + 1 < kAeglLevels; ++l) {
        const double lo = c.level_ppm[l][d], hi = c.level_ppm[l + 1][d];
        if (!std::isnan(lo) && !std::isnan(hi)) REQUIRE(lo < hi);
      }
      for (int l = 0; l < kAeglLevels; ++l) {
        const double v = c.level_ppm[l][d];
        if (!std::isnan(v)) REQUIRE(v > 0.0);
      }
    }
    for (int l = 0; l < kAeglLevels; ++l) {
      double previous = INFINITY;
      for (int d = 0; d < 5; ++d) {
        const double v = c.level_ppm[l][d];
        if (std::isnan(v)) continue;
        REQUIRE(v <= previous);
        previous = v;
      }
    }
  }
}

TEST_CASE("Catalogue levels match the published AEGL tables", "[chemical]") {
  // NRC (2008) Vol. 6, ammonia.
  REQUIRE(aegl("ammonia", 1, h8) == 30.0);
  REQUIRE(aegl("ammonia", 2, h1) == 160.0);
  REQUIRE(aegl("ammonia", 3, m10) == 2700.0);
  REQUIRE(aegl("ammonia", 3, h8) == 390.0);
  // NRC (2004) Vol. 4, chlorine.
  REQUIRE(aegl("chlorine", 1, m10) == 0.50);
  REQUIRE(aegl("chlorine", 2, h8) == 0.71);
  REQUIRE(aegl("chlorine", 3, h1) == 20.0);
  REQUIRE(aegl("chlorine", 3, m10) == 50.0);
  // NRC (2010) Vol. 9, hydrogen sulfide.
  REQUIRE(aegl("hydrogen_sulfide", 1, m10) == 0.75);
  REQUIRE(aegl("hydrogen_sulfide", 2, h1) == 27.0);
  REQUIRE(aegl("hydrogen_sulfide", 3, h4) == 37.0);
  // NRC (2010) Vol. 8, carbon monoxide: AEGL-1 not recommended.
  for (int d = 0; d < 5; ++d) REQUIRE(std::isnan(get("carbon_monoxide").level_ppm[0][d]));
  REQUIRE(aegl("carbon_monoxide", 2, m30) == 150.0);
  REQUIRE(aegl("carbon_monoxide", 2, h1) == 83.0);
  REQUIRE(aegl("carbon_monoxide", 3, m10) == 1700.0);
  // NRC (2010) Vol. 8, sulfur dioxide (final AEGL-3 flat to 1 h).
  REQUIRE(aegl("sulfur_dioxide", 1, h4) == 0.20);
  REQUIRE(aegl("sulfur_dioxide", 2, m10) == 0.75);
  REQUIRE(aegl("sulfur_dioxide", 3, h1) == 30.0);
  REQUIRE(aegl("sulfur_dioxide", 3, h4) == 19.0);
  REQUIRE(aegl("sulfur_dioxide", 3, h8) == 9.6);
  // NRC (2004) Vol. 4, hydrogen chloride.
  REQUIRE(aegl("hydrogen_chloride", 1, h1) == 1.8);
  REQUIRE(aegl("hydrogen_chloride", 2, m30) == 43.0);
  REQUIRE(aegl("hydrogen_chloride", 3, m10) == 620.0);
  REQUIRE(aegl("hydrogen_chloride", 3, h8) == 26.0);
  // Benzene.
  REQUIRE(aegl("benzene", 1, h4) == 18.0);
  REQUIRE(aegl("benzene", 2, h1) == 800.0);
  REQUIRE(aegl("benzene", 3, h8) == 990.0);
  // Methanol (interim).
  REQUIRE(aegl("methanol", 1, h1) == 530.0);
  REQUIRE(aegl("methanol", 2, m10) == 11000.0);
  REQUIRE(aegl("methanol", 2, h8) == 520.0);
  REQUIRE(aegl("methanol", 3, m30) == 14000.0);
  REQUIRE(std::isnan(aegl("methanol", 3, m10)));
}

TEST_CASE("Dense-gas flags follow the storage and molar-mass rule", "[chemical]") {
  for (const char* id : {"ammonia", "chlorine", "hydrogen_sulfide", "sulfur_dioxide", "hydrogen_chloride"})
    REQUIRE(get(id).dense_at_release);
  for (const char* id : {"carbon_monoxide", "benzene", "methanol"}) REQUIRE_FALSE(get(id).dense_at_release);
}

TEST_CASE("level_ppm_for takes the next longer tabulated duration", "[chemical]") {
  const Chemical& nh3 = get("ammonia");
  REQUIRE(nh3.level_ppm_for(1, 3600.0) == 160.0);
  REQUIRE(nh3.level_ppm_for(1, 2700.0) == 160.0);   // 45 min: the 60-min value
  REQUIRE(nh3.level_ppm_for(2, 60.0) == 2700.0);    // 1 min: the 10-min value
  REQUIRE(nh3.level_ppm_for(2, 1801.0) == 1100.0);  // just over 30 min
  REQUIRE(nh3.level_ppm_for(2, 43200.0) == 390.0);  // 12 h: the 8-h value
  REQUIRE(nh3.level_ppm_for(0, 14400.0) == 30.0);
  // A missing value gives way to the next longer one; none at all: NaN.
  REQUIRE(get("methanol").level_ppm_for(2, 600.0) == 14000.0);
  REQUIRE(std::isnan(get("carbon_monoxide").level_ppm_for(0, 3600.0)));
  REQUIRE_THROWS_AS(nh3.level_ppm_for(3, 3600.0), Error);
  REQUIRE_THROWS_AS(nh3.level_ppm_for(-1, 3600.0), Error);
}

TEST_CASE("find_chemical knows the catalogue ids and nothing else", "[chemical]") {
  REQUIRE(find_chemical("chlorine") != nullptr);
  REQUIRE(find_chemical("chlorine")->cas == "7782-50-5");
  REQUIRE(find_chemical("Chlorine") == nullptr);
  REQUIRE(find_chemical("phosgene") == nullptr);
  REQUIRE(find_chemical("") == nullptr);
}

TEST_CASE("ppm and mg/m3 convert at 25 C and 1 atm", "[chemical]") {
  // Ammonia's AEGL-1 of 30 ppm is published as 21 mg/m3: 30 x 17.03 / 24.45 = 20.9.
  REQUIRE(ppm_to_mg_m3(30.0, get("ammonia").molar_mass_g_mol) == Approx(20.9).margin(0.05));
  // Chlorine: 1 ppm = 2.90 mg/m3.
  REQUIRE(ppm_to_mg_m3(1.0, get("chlorine").molar_mass_g_mol) == Approx(2.90).margin(0.005));
  for (const Chemical& c : chemical_catalogue())
    for (double ppm : {0.2, 30.0, 2700.0}) REQUIRE(mg_m3_to_ppm(ppm_to_mg_m3(ppm, c.molar_mass_g_mol), c.molar_mass_g_mol) == Approx(ppm).epsilon(1e-14));
}

TEST_CASE("Antoine vapour pressure is one atmosphere at the normal boiling point", "[chemical]") {
  int checked = 0;
  for (const Chemical& c : chemical_catalogue()) {
    if (std::isnan(c.antoine_a)) continue;
    INFO(c.id);
    // Keep the boiling point inside the published range (the Stull fits end at 1 atm).
    const double t = std::clamp(c.boiling_point_k, c.antoine_min_k, c.antoine_max_k);
    REQUIRE(std::abs(t - c.boiling_point_k) < 0.05);
    // The Stull (1947) fits of ammonia and hydrogen sulfide read 1.7 and 2.0 % high there.
    REQUIRE(vapour_pressure_pa(c, t) == Approx(101325.0).epsilon(0.025));
    ++checked;
  }
  REQUIRE(checked == 7);  // all but carbon monoxide
}

TEST_CASE("Antoine vapour pressure matches handbook values at 25 C", "[chemical]") {
  // Benzene 12.7 kPa at 25 C (WHO indoor air guidelines 2010); methanol 127 mmHg at 25 C (HSDB, in NRC 2007).
  REQUIRE(vapour_pressure_pa(get("benzene"), 298.15) == Approx(12700.0).epsilon(0.01));
  REQUIRE(vapour_pressure_pa(get("methanol"), 298.15) / 133.322368 == Approx(127.0).epsilon(0.01));
}

TEST_CASE("Vapour pressure refuses temperatures outside the Antoine range and chemicals without constants",
          "[chemical]") {
  REQUIRE_THROWS_AS(vapour_pressure_pa(get("benzene"), 250.0), InputError);
  REQUIRE_THROWS_WITH(vapour_pressure_pa(get("benzene"), 400.0),
                      Catch::Contains("benzene") && Catch::Contains("Antoine range"));
  REQUIRE_THROWS_AS(vapour_pressure_pa(get("carbon_monoxide"), 80.0), InputError);
}

TEST_CASE("Pool evaporation equals the EPA RMP formula in its own units", "[chemical]") {
  // QR [lb/min] = 0.284 u^0.78 MW^(2/3) A [ft2] VP [mmHg] / (82.05 T), evaluated here
  // with the Antoine pressure converted from bar to mmHg (1 atm = 1.01325 bar = 760 mmHg).
  const double area_m2 = 100.0, u = 1.5;
  for (const char* id : {"benzene", "methanol"}) {
    const Chemical& c = get(id);
    for (double t : {290.0, 298.15, 310.0}) {
      INFO(id << " at " << t << " K");
      const double vp_mmhg = std::pow(10.0, c.antoine_a - c.antoine_b / (t + c.antoine_c)) / 1.01325 * 760.0;
      const double area_ft2 = area_m2 / 0.09290304;
      const double qr_lb_min =
          0.284 * std::pow(u, 0.78) * std::pow(c.molar_mass_g_mol, 2.0 / 3.0) * area_ft2 * vp_mmhg / (82.05 * t);
      REQUIRE(pool_evaporation_kg_s(c, area_m2, t, u) == Approx(qr_lb_min * 0.45359237 / 60.0).epsilon(1e-12));
    }
  }
  // A benzene pool of 100 m2 at 25 C in 1.5 m/s: 95.08 mmHg, 1076.4 ft2, 1.5^0.78 = 1.3720,
  // 78.112^(2/3) = 18.273: QR = 29.79 lb/min = 0.2252 kg/s.
  REQUIRE(pool_evaporation_kg_s(get("benzene"), 100.0, 298.15, 1.5) == Approx(0.2252).epsilon(0.001));
  // Proportional to the area, and to u^0.78.
  const Chemical& m = get("methanol");
  REQUIRE(pool_evaporation_kg_s(m, 200.0, 293.15, 3.0) == Approx(2.0 * pool_evaporation_kg_s(m, 100.0, 293.15, 3.0)));
  REQUIRE(pool_evaporation_kg_s(m, 50.0, 293.15, 6.0) / pool_evaporation_kg_s(m, 50.0, 293.15, 3.0) ==
          Approx(std::pow(2.0, 0.78)));
}

TEST_CASE("Pool evaporation refuses a boiling pool and bad input", "[chemical]") {
  REQUIRE_THROWS_WITH(pool_evaporation_kg_s(get("ammonia"), 10.0, 293.15, 2.0), Catch::Contains("boiling point"));
  REQUIRE_NOTHROW(pool_evaporation_kg_s(get("ammonia"), 10.0, 239.82, 2.0));  // a refrigerated pool
  REQUIRE_THROWS_AS(pool_evaporation_kg_s(get("chlorine"), 10.0, 293.15, 2.0), InputError);  // outside the range
  REQUIRE_THROWS_AS(pool_evaporation_kg_s(get("benzene"), 0.0, 293.15, 2.0), InputError);
  REQUIRE_THROWS_AS(pool_evaporation_kg_s(get("benzene"), 10.0, 293.15, -1.0), InputError);
  REQUIRE_THROWS_AS(pool_evaporation_kg_s(get("carbon_monoxide"), 10.0, 80.0, 2.0), InputError);
}

TEST_CASE("Liquid leak follows Bernoulli through the hole", "[chemical]") {
  const Chemical& m = get("methanol");  // 791.4 kg/m3
  // Head only (Torricelli): v = sqrt(2 g h) = sqrt(2 x 9.80665 x 2) = 6.2630 m/s,
  // Q = cd A rho v = 0.61 x 1e-4 x 791.4 x 6.2630 = 0.30235 kg/s.
  REQUIRE(liquid_leak_kg_s(m, 1e-4, 0.61, 0.0, 2.0) == Approx(0.30235).epsilon(1e-4));
  // 2 bar gauge and no head: Q = cd A sqrt(2 rho dP) = 0.61e-4 x sqrt(2 x 791.4 x 2e5) = 1.0853 kg/s.
  REQUIRE(liquid_leak_kg_s(m, 1e-4, 0.61, 2e5, 0.0) == Approx(1.0853).epsilon(1e-4));
  // A vacuum that outweighs the head lets nothing out.
  REQUIRE(liquid_leak_kg_s(m, 1e-4, 0.61, -50000.0, 2.0) == 0.0);
  REQUIRE_THROWS_AS(liquid_leak_kg_s(m, 1e-4, 1.2, 0.0, 2.0), InputError);
  REQUIRE_THROWS_AS(liquid_leak_kg_s(m, -1.0, 0.61, 0.0, 2.0), InputError);
  REQUIRE_THROWS_AS(liquid_leak_kg_s(m, 1e-4, 0.61, 0.0, -1.0), InputError);
}

TEST_CASE("Gas leak: choked flow by hand", "[chemical]") {
  // A 0.1-in hole in a vessel at 200 psig and 80 F of carbon monoxide (gamma 1.40), cd = 1:
  //   A = pi/4 (2.54e-3 m)^2 = 5.06707e-6 m2, P = 214.696 psia = 1.480276e6 Pa, T = 299.817 K;
  //   P / Pa = 14.6 > 1.8929: choked;
  //   (2 / 2.4)^(2.4 / 0.4) = 0.334898;
  //   g M / (R T) = 1.40 x 0.02801 / (8.314463 x 299.817) = 1.57308e-5 s2/m2;
  //   Q = A P sqrt(1.57308e-5 x 0.334898) = 5.06707e-6 x 1.480276e6 x 2.29526e-3 = 0.017216 kg/s.
  const Chemical& co = get("carbon_monoxide");
  const double hole = 5.0670748e-6, p = 1.4802761e6, t = 299.81667;
  REQUIRE(gas_leak_kg_s(co, hole, 1.0, p, t) == Approx(0.017216).epsilon(1e-4));
  // Choked flow does not depend on the pressure outside.
  REQUIRE(gas_leak_kg_s(co, hole, 1.0, p, t, 50000.0) == Approx(gas_leak_kg_s(co, hole, 1.0, p, t)).epsilon(1e-15));
  // And scales with cd and the hole.
  REQUIRE(gas_leak_kg_s(co, 2 * hole, 0.6, p, t) == Approx(1.2 * gas_leak_kg_s(co, hole, 1.0, p, t)));
}

TEST_CASE("Gas leak: subsonic by hand and continuous at the critical ratio", "[chemical]") {
  const Chemical& co = get("carbon_monoxide");
  // 150 kPa into 101.325 kPa, 300 K, cd 0.61, 1 cm2: r = 0.675500;
  //   r^(2/1.4) - r^(2.4/1.4) = 0.570963 - 0.510422 = 0.060541;
  //   Q = 0.61e-4 x 1.5e5 x sqrt(2 x 0.02801 / (8.314463 x 300) x 3.5 x 0.060541) = 0.019961 kg/s.
  REQUIRE(gas_leak_kg_s(co, 1e-4, 0.61, 150000.0, 300.0) == Approx(0.019961).epsilon(1e-4));
  // Subsonic flow falls as the outside pressure rises; none when it equals the inside.
  REQUIRE(gas_leak_kg_s(co, 1e-4, 0.61, 150000.0, 300.0, 120000.0) <
          gas_leak_kg_s(co, 1e-4, 0.61, 150000.0, 300.0, 101325.0));
  REQUIRE(gas_leak_kg_s(co, 1e-4, 0.61, 101325.0, 300.0) == 0.0);
  // The two branches meet at the critical ratio ((g + 1) / 2)^(g / (g - 1)) = 1.892929.
  for (const Chemical& c : chemical_catalogue()) {
    INFO(c.id);
    const double g = c.heat_capacity_ratio;
    const double crit = std::pow((g + 1.0) / 2.0, g / (g - 1.0));
    const double below = gas_leak_kg_s(c, 1e-4, 0.8, 101325.0 * crit * (1.0 - 1e-9), 290.0);
    const double above = gas_leak_kg_s(c, 1e-4, 0.8, 101325.0 * crit * (1.0 + 1e-9), 290.0);
    REQUIRE(below == Approx(above).epsilon(1e-6));
  }
  REQUIRE(std::pow(2.4 / 2.0, 1.4 / 0.4) == Approx(1.892929).epsilon(1e-6));
  REQUIRE_THROWS_AS(gas_leak_kg_s(co, 1e-4, 0.61, -1.0, 300.0), InputError);
  REQUIRE_THROWS_AS(gas_leak_kg_s(co, 1e-4, 0.61, 2e5, 0.0), InputError);
  Chemical no_gamma = co;
  no_gamma.heat_capacity_ratio = Chemical::kNone;
  REQUIRE_THROWS_WITH(gas_leak_kg_s(no_gamma, 1e-4, 0.61, 2e5, 300.0), Catch::Contains("heat_capacity_ratio"));
}

TEST_CASE("Indoor concentration after a step outdoors is Co (1 - exp(-lambda t))", "[chemical]") {
  const double co = 250.0, ach = 0.5, lambda = ach / 3600.0;
  std::vector<double> t, out;
  for (int i = 0; i <= 48; ++i) {  // irregular steps over 8 h
    t.push_back(600.0 * i + (i % 3 == 1 ? 137.0 : 0.0));
    out.push_back(co);
  }
  const std::vector<double> ci = indoor_concentration(t, out, ach);
  for (std::size_t i = 0; i < t.size(); ++i) REQUIRE(ci[i] == Approx(co * (1.0 - std::exp(-lambda * t[i]))).epsilon(1e-12));
}

TEST_CASE("Indoor concentration after a pulse rises, then decays from where it stood", "[chemical]") {
  // Outdoor C from 0 to T, then 0 (a repeated time is the jump).
  const double c = 100.0, ach = 1.5, lambda = ach / 3600.0, pulse_s = 1800.0;
  const std::vector<double> t{0.0, 900.0, pulse_s, pulse_s, 3600.0, 7200.0};
  const std::vector<double> out{c, c, c, 0.0, 0.0, 0.0};
  const std::vector<double> ci = indoor_concentration(t, out, ach);
  const double peak = c * (1.0 - std::exp(-lambda * pulse_s));
  REQUIRE(ci[2] == Approx(peak).epsilon(1e-12));
  REQUIRE(ci[3] == ci[2]);  // the indoor air does not jump
  for (std::size_t i = 4; i < t.size(); ++i) REQUIRE(ci[i] == Approx(peak * std::exp(-lambda * (t[i] - pulse_s))).epsilon(1e-12));
}

TEST_CASE("Indoor concentration is exact for an outdoor ramp, however coarse the samples", "[chemical]") {
  // Co = k t: Ci = k (t - (1 - exp(-lambda t)) / lambda).
  const double k = 0.05, ach = 0.3, lambda = ach / 3600.0;
  const std::vector<double> t{0.0, 5000.0, 7200.0, 20000.0};
  std::vector<double> out;
  for (double s : t) out.push_back(k * s);
  const std::vector<double> ci = indoor_concentration(t, out, ach);
  for (std::size_t i = 0; i < t.size(); ++i)
    REQUIRE(ci[i] == Approx(k * (t[i] + std::expm1(-lambda * t[i]) / lambda)).epsilon(1e-12).margin(1e-12));
  // Starting above the outdoor air, a building with no exchange keeps its air.
  const std::vector<double> closed = indoor_concentration(t, out, 0.0, 7.0);
  for (double v : closed) REQUIRE(v == 7.0);
}

TEST_CASE("Indoor concentration refuses bad input", "[chemical]") {
  const std::vector<double> t{0.0, 60.0, 30.0}, out{1.0, 2.0, 3.0};
  REQUIRE_THROWS_WITH(indoor_concentration(t, out, 0.5), Catch::Contains("increasing"));
  REQUIRE_THROWS_AS(indoor_concentration(std::vector<double>{0.0, 60.0}, out, 0.5), InputError);
  REQUIRE_THROWS_AS(indoor_concentration(std::vector<double>{0.0, 60.0, 90.0}, out, -0.5), InputError);
  REQUIRE_THROWS_AS(indoor_concentration(std::vector<double>{}, std::vector<double>{}, 0.5), InputError);
}

TEST_CASE("Toxic load of a constant concentration is C^n T", "[chemical]") {
  const std::vector<double> t{0.0, 120.0, 900.0, 1800.0};  // 30 min
  const std::vector<double> c(t.size(), 100.0);
  REQUIRE(toxic_load_ppm_n_min(t, c, 2.0) == Approx(100.0 * 100.0 * 30.0).epsilon(1e-14));
  REQUIRE(toxic_load_ppm_n_min(t, c, 4.4) == Approx(std::pow(100.0, 4.4) * 30.0).epsilon(1e-14));
  // n = 1: the dose of a ramp from 0 to 60 ppm over 10 min is 300 ppm min.
  REQUIRE(toxic_load_ppm_n_min(std::vector<double>{0.0, 600.0}, std::vector<double>{0.0, 60.0}, 1.0) == Approx(300.0));
  REQUIRE_THROWS_AS(toxic_load_ppm_n_min(t, c, 0.0), InputError);
  REQUIRE_THROWS_AS(toxic_load_ppm_n_min(t, std::vector<double>{1.0, -1.0, 1.0, 1.0}, 1.0), InputError);
}

TEST_CASE("Building types have default air changes per hour; unknown types are NaN", "[chemical]") {
  REQUIRE(building_types().size() == 4);
  for (std::string_view type : building_types()) {
    INFO(type);
    const double ach = default_air_changes_per_hour(type);
    REQUIRE(ach > 0.0);
    REQUIRE(ach < 3.0);
  }
  REQUIRE(default_air_changes_per_hour("tight") < default_air_changes_per_hour("residential"));
  REQUIRE(default_air_changes_per_hour("residential") < default_air_changes_per_hour("leaky"));
  REQUIRE(std::isnan(default_air_changes_per_hour("castle")));
  REQUIRE(std::isnan(default_air_changes_per_hour("")));
}
