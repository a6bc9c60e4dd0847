// SPDX-License-Identifier: MIT
#include "sim/response/force_minimums.hpp"

#include <algorithm>
#include <map>

namespace dsim {

namespace {

constexpr long long kCityPeople = 50;
constexpr long long kBannerPeople = 30;
constexpr long long kTownshipPeople = 20;
constexpr long long kVillagePeople = 10;

class Counter {
 public:
  explicit Counter(const Scenario& s) : s_(s) {
    for (const StationSpec& st : s.stations) {
      add_banner(st.banner);
      station_banner_[st.id] = st.banner;
    }
    for (const auto& [zone, banner] : s.region.zone_banner) add_banner(banner);
  }

  std::vector<ForceMinimum> rows() {
    city();
    per_banner(TeamLevel::banner, 6, "banner_team", kBannerPeople, "people");
    per_station(TeamLevel::township, "township_team", kTownshipPeople);
    per_station(TeamLevel::village, "village_force", kVillagePeople);
    micro_fire_stations();
    per_banner(TeamLevel::social, 8, "social_force", 1, "teams");
    return std::move(rows_);
  }

 private:
  void add_banner(const std::string& b) {
    if (!b.empty() && std::find(banners_.begin(), banners_.end(), b) == banners_.end()) banners_.push_back(b);
  }

  void add(int measure, std::string check, std::string scope, std::string what, std::string unit, long long required,
           long long actual) {
    rows_.push_back({measure, std::move(check), std::move(scope), std::move(what), std::move(unit), required, actual,
                     actual >= required});
  }

  // The stations with teams of `level`, in the order the stations are listed.
  std::vector<std::string> stations_with(TeamLevel level) const {
    std::vector<std::string> out;
    for (const StationSpec& st : s_.stations)
      for (const TeamSpec& t : s_.teams)
        if (t.level == level && t.station == st.id) {
          out.push_back(st.id);
          break;
        }
    return out;
  }

  void city() {
    long long people = 0;
    for (const TeamSpec& t : s_.teams)
      if (t.level == TeamLevel::city) people += t.size;
    add(6, "city_team", "city", "people in city-level teams (the city comprehensive rescue team)", "people", kCityPeople,
        people);
  }

  // People (or teams) of `level` at the stations of each banner; with no
  // banner known, the whole scenario as one.
  void per_banner(TeamLevel level, int measure, const char* check, long long required, const char* unit) {
    const bool count_people = std::string(unit) == "people";
    const std::string level_name = team_level_name(level);
    auto total = [&](const std::string* banner) {
      long long n = 0;
      for (const TeamSpec& t : s_.teams) {
        if (t.level != level) continue;
        const auto b = station_banner_.find(t.station);
        if (banner != nullptr && (b == station_banner_.end() || b->second != *banner)) continue;
        n += count_people ? t.size : 1;
      }
      return n;
    };
    const std::string counted = count_people ? "people in " + level_name + "-level teams" : level_name + "-level teams";
    if (banners_.empty()) {
      add(measure, check, "", counted + " (no banner named: the scenario as one banner)", unit, required,
          total(nullptr));
      return;
    }
    for (const std::string& b : banners_)
      add(measure, check, b, counted + " at stations of banner " + b, unit, required, total(&b));
  }

  void per_station(TeamLevel level, const char* check, long long required) {
    const std::string level_name = team_level_name(level);
    const std::vector<std::string> stations = stations_with(level);
    if (stations.empty()) {
      add(7, check, "", "people in " + level_name + "-level teams (the scenario has none)", "people", required, 0);
      return;
    }
    for (const std::string& id : stations) {
      long long people = 0;
      for (const TeamSpec& t : s_.teams)
        if (t.level == level && t.station == id) people += t.size;
      add(7, check, id, "people in " + level_name + "-level teams at station " + id, "people", required, people);
    }
  }

  void micro_fire_stations() {
    const std::vector<std::string> stations = stations_with(TeamLevel::community);
    if (stations.empty()) {
      add(7, "micro_fire_station", "", "community-level teams with the fire capability (the scenario has none)", "teams",
          1, 0);
      return;
    }
    for (const std::string& id : stations) {
      long long fire = 0;
      for (const TeamSpec& t : s_.teams)
        if (t.level == TeamLevel::community && t.station == id &&
            std::find(t.capabilities.begin(), t.capabilities.end(), "fire") != t.capabilities.end())
          ++fire;
      add(7, "micro_fire_station", id, "community-level teams with the fire capability at station " + id, "teams", 1,
          fire);
    }
  }

  const Scenario& s_;
  std::vector<std::string> banners_;
  std::map<std::string, std::string> station_banner_;
  std::vector<ForceMinimum> rows_;
};

}  // namespace

std::vector<ForceMinimum> check_force_minimums(const Scenario& scenario) {
  return Counter(scenario).rows();
}

}  // namespace dsim
