// SPDX-License-Identifier: MIT
#include "sim/response/scenario.hpp"

#include <array>
#include <string_view>

namespace dsim {

namespace {

constexpr std::array<std::string_view, kTeamLevelCount> kTeamLevelNames = {
    "village", "community", "fire_brigade", "enterprise", "social", "township", "banner", "city"};

}  // namespace

const char* team_level_name(TeamLevel level) {
  const auto i = static_cast<std::size_t>(level);
  return i < kTeamLevelNames.size() ? kTeamLevelNames[i].data() : "unknown";
}

bool parse_team_level(const std::string& name, TeamLevel& out) {
  for (std::size_t i = 0; i < kTeamLevelNames.size(); ++i) {
    if (name == kTeamLevelNames[i]) {
      out = static_cast<TeamLevel>(i);
      return true;
    }
  }
  return false;
}

int capability_index(const std::string& name) {
  for (int i = 0; i < kCapabilityCount; ++i) {
    if (name == kCapabilityNames[i]) return i;
  }
  return -1;
}

std::vector<EscalationStepSpec> default_escalation() {
  return {
      {{TeamLevel::community, TeamLevel::village, TeamLevel::fire_brigade, TeamLevel::enterprise}, 0.0},
      {{TeamLevel::township}, 300.0},
      {{TeamLevel::banner, TeamLevel::social}, 600.0},
      {{TeamLevel::city}, 900.0},
  };
}

}  // namespace dsim
