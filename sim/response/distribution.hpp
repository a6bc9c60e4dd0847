// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/random.hpp"

#include <string>

namespace dsim {

// A non-negative random duration or quantity, as written in a scenario:
// `{fixed: 60}`, `{exponential: {mean: 600}}`, `{uniform: {min: 30, max: 90}}`,
// `{lognormal: {mean: 1800, sd: 600}}`, `{triangular: {min: 30, mode: 60, max: 120}}`.
struct Distribution {
  enum class Kind { fixed, exponential, uniform, lognormal, triangular };
  Kind kind = Kind::fixed;
  double a = 0.0;  // fixed: value; exponential: mean; uniform/triangular: min; lognormal: mean
  double b = 0.0;  // uniform: max; lognormal: sd; triangular: mode
  double c = 0.0;  // triangular: max

  static Distribution fixed(double v) { return {Kind::fixed, v, 0, 0}; }
  static Distribution exponential(double mean) { return {Kind::exponential, mean, 0, 0}; }
  static Distribution uniform(double lo, double hi) { return {Kind::uniform, lo, hi, 0}; }
  static Distribution lognormal(double mean, double sd) { return {Kind::lognormal, mean, sd, 0}; }
  static Distribution triangular(double lo, double mode, double hi) { return {Kind::triangular, lo, mode, hi}; }

  double sample(RandomStream& rng) const;
  double mean() const;
  // "" when the parameters are valid, else what is wrong (for validation messages).
  std::string problem() const;
  std::string describe() const;
};

}  // namespace dsim
