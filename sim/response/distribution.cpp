// SPDX-License-Identifier: MIT
#include "sim/response/distribution.hpp"

#include <cmath>
#include <cstdio>

namespace dsim {

double Distribution::sample(RandomStream& rng) const {
  switch (kind) {
    case Kind::fixed: return a;
    case Kind::exponential: return rng.exponential(a);
    case Kind::uniform: return rng.uniform(a, b);
    case Kind::lognormal: return b > 0.0 ? rng.lognormal(a, b) : a;
    case Kind::triangular: {
      // Inverse transform of the triangular distribution on [a, c] with mode b.
      const double u = rng.uniform();
      const double split = (b - a) / (c - a);
      if (u < split) return a + std::sqrt(u * (c - a) * (b - a));
      return c - std::sqrt((1.0 - u) * (c - a) * (c - b));
    }
  }
  return a;
}

double Distribution::mean() const {
  switch (kind) {
    case Kind::fixed:
    case Kind::exponential:
    case Kind::lognormal: return a;
    case Kind::uniform: return 0.5 * (a + b);
    case Kind::triangular: return (a + b + c) / 3.0;
  }
  return a;
}

std::string Distribution::problem() const {
  auto finite = [](double x) { return std::isfinite(x); };
  switch (kind) {
    case Kind::fixed:
      return finite(a) && a >= 0.0 ? "" : "a fixed value >= 0";
    case Kind::exponential:
      return finite(a) && a > 0.0 ? "" : "an exponential mean > 0";
    case Kind::uniform:
      return finite(a) && finite(b) && 0.0 <= a && a <= b ? "" : "uniform bounds with 0 <= min <= max";
    case Kind::lognormal:
      return finite(a) && finite(b) && a > 0.0 && b >= 0.0 ? "" : "a lognormal mean > 0 and sd >= 0";
    case Kind::triangular:
      return finite(a) && finite(c) && 0.0 <= a && a <= b && b <= c && a < c ? ""
                                                                            : "triangular min <= mode <= max, min < max, min >= 0";
  }
  return "";
}

std::string Distribution::describe() const {
  char buf[128];
  switch (kind) {
    case Kind::fixed: std::snprintf(buf, sizeof buf, "fixed %g", a); break;
    case Kind::exponential: std::snprintf(buf, sizeof buf, "exponential(mean %g)", a); break;
    case Kind::uniform: std::snprintf(buf, sizeof buf, "uniform(%g, %g)", a, b); break;
    case Kind::lognormal: std::snprintf(buf, sizeof buf, "lognormal(mean %g, sd %g)", a, b); break;
    case Kind::triangular: std::snprintf(buf, sizeof buf, "triangular(%g, %g, %g)", a, b, c); break;
  }
  return buf;
}

}  // namespace dsim
