// SPDX-License-Identifier: MIT
#pragma once

// The fuzz smoke tests' mutation: one to four edits of a text (a byte
// replaced by one of YAML's and CSV's punctuation or by any byte, a few bytes
// deleted, one inserted), drawn from `rng`.

#include "sim/core/random.hpp"

#include <string>

namespace dsim::testing {

inline std::string mangled(std::string text, RandomStream& rng) {
  const char alphabet[] = ":-[]{}#&*!|>'\"\t\n ,?%@`+0123456789.xyz\x80\xff";
  const auto edits = 1 + rng.below(4);
  for (std::uint64_t e = 0; e < edits && !text.empty(); ++e) {
    const auto at = static_cast<std::size_t>(rng.below(text.size()));
    switch (rng.below(4)) {
      case 0: text[at] = alphabet[rng.below(sizeof alphabet - 1)]; break;  // replace
      case 1: text.erase(at, 1 + rng.below(8)); break;                     // delete a few bytes
      case 2: text.insert(at, 1, alphabet[rng.below(sizeof alphabet - 1)]); break;
      default: text[at] = static_cast<char>(rng.below(256)); break;  // any byte
    }
  }
  return text;
}

}  // namespace dsim::testing
