// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// Edits (insert, delete, substitute, swap two neighbours) that turn a into b:
// the optimal-string-alignment form of the Damerau-Levenshtein distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate a user most likely meant when writing `name`, for "did you
// mean ...?" hints: the closest candidate by edit distance (ignoring case and
// treating '-' and ' ' as '_') when it is close enough to be a typo, else a
// candidate that `name` extends by a suffix ("turnout_time" -> "turnout"),
// else one that extends `name` ("industrial" -> "industrial_park").
// Empty when no candidate is plausible or `name` is itself a candidate.
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace dsim
