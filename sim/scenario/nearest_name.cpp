// SPDX-License-Identifier: MIT
#include "sim/scenario/nearest_name.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace dsim {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rolling rows: the swap of two neighbours looks two rows back.
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = std::min(best, before[j - 2] + 1);
      current[j] = best;
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

namespace {

std::string normalised(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '-' || c == ' ') c = '_';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Typos worth a hint: none for one- or two-letter names (every such name is
// one edit from many others), one edit for short names, up to three for long ones.
std::size_t allowed_edits(std::size_t length) {
  return length <= 2 ? 0 : std::clamp<std::size_t>((length + 2) / 4, 1, 3);
}

}  // namespace

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.empty()) return {};
  if (std::find(candidates.begin(), candidates.end(), name) != candidates.end()) return {};
  const std::string wanted = normalised(name);
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  const std::string* best = nullptr;
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(wanted, normalised(candidate));
    if (d < best_distance) {
      best_distance = d;
      best = &candidate;
    }
  }
  if (best != nullptr && best_distance <= allowed_edits(std::max(wanted.size(), best->size()))) return *best;
  // "turnout_time" for "turnout", "horizon_s" for "horizon": the longest candidate
  // that the name extends past a separator.
  best = nullptr;
  for (const std::string& candidate : candidates) {
    const std::string c = normalised(candidate);
    if (c.size() >= 3 && wanted.size() > c.size() && wanted.compare(0, c.size(), c) == 0 && wanted[c.size()] == '_' &&
        (best == nullptr || candidate.size() > best->size())) {
      best = &candidate;
    }
  }
  if (best != nullptr) return *best;
  // "industrial" for "industrial_park": the shortest candidate that extends the name past a separator.
  for (const std::string& candidate : candidates) {
    const std::string c = normalised(candidate);
    if (wanted.size() >= 4 && c.size() > wanted.size() && c.compare(0, wanted.size(), wanted) == 0 &&
        c[wanted.size()] == '_' && (best == nullptr || candidate.size() < best->size())) {
      best = &candidate;
    }
  }
  return best != nullptr ? *best : std::string();
}

}  // namespace dsim
