// SPDX-License-Identifier: MIT
// Face arithmetic of the flood solver (sim/hazards/flood.hpp), shared by the
// row kernels and the boundary faces. Internal to the flood model.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace dsim::flood_detail {

// Bed height given to cells outside the domain: a wall no water reaches, so
// every face touching one has zero flow depth (max(z) - max(eta) = 0).
constexpr double kWall_m = 1.0e12;

// Threads for a step over `cells` cells: small grids run on one thread,
// where forking and the barrier would cost more than the work. The results
// do not depend on it.
int thread_count(int requested, std::size_t cells);

// a^(-1/3) for a positive normal number: a first guess from the bit pattern
// of the float nearest a (exponent divided by -3), then Newton steps
// y <- y (4 - a y^3) / 3, which need no division and converge
// quadratically (relative error e -> 2 e^2, from under 4 %): three for
// float, four for double (below one unit in the last place). Plain
// arithmetic, so the same on every thread and in every vector width.
template <class Real>
inline Real inv_cbrt(Real a) {
  const auto bits = std::bit_cast<std::int32_t>(static_cast<float>(a));
  // bits / 3 through float: the lost low bits only perturb the guess.
  const auto guess = 0x54a2fa8e - static_cast<std::int32_t>(static_cast<float>(bits) * (1.0f / 3.0f));
  Real y = static_cast<Real>(std::bit_cast<float>(guess));
  constexpr int kSteps = sizeof(Real) == 4 ? 3 : 4;
  for (int k = 0; k < kSteps; ++k) y = y * (Real(4.0 / 3.0) - Real(1.0 / 3.0) * a * (y * y * y));
  return y;
}

// Unit discharge through a face from cell a to cell b after one step, the
// local-inertial momentum equation with de Almeida et al.'s (2012) weighted
// previous discharge and Bates et al.'s (2010) semi-implicit Manning
// friction:
//   q = [theta q0 + (1-theta)/2 (q_before + q_after) - g hf dt (eta_b - eta_a)/dx]
//       / [1 + g dt n^2 |q| / hf^(7/3)]
// with hf = max(eta_a, eta_b) - max(z_a, z_b), the depth of water that can
// flow between the two cells; zero where hf is at most `threshold`. No
// branches: dry faces are computed on a harmless depth and discarded, so
// that a row of faces vectorises.
// `q_speed` is the magnitude of the unit discharge used in the friction
// term: |q0| in Bates et al. (2010); with the orthogonal component averaged
// onto the face it makes friction isotropic (see FloodParameters).
template <class Real>
inline Real face_flux(Real eta_a, Real eta_b, Real z_a, Real z_b, Real q0, Real q_before, Real q_after, Real q_speed,
                      Real n2, Real g_dt, Real inv_dx, Real theta, Real half_one_minus_theta, Real threshold) {
  const Real hf = std::max(eta_a, eta_b) - std::max(z_a, z_b);
  const bool wet = hf > threshold;
  const Real hs = wet ? hf : Real(1);
  const Real y = inv_cbrt(hs);
  const Real y2 = y * y;
  const Real hf_m7_3 = y2 * y2 * y2 * y;  // hf^(-7/3)
  const Real q_weighted = theta * q0 + half_one_minus_theta * (q_before + q_after);
  const Real numerator = q_weighted - g_dt * hs * (eta_b - eta_a) * inv_dx;
  const Real q = numerator / (Real(1) + g_dt * n2 * q_speed * hf_m7_3);
  return wet ? q : Real(0);
}

// Magnitude of (q_normal, mean of four orthogonal face discharges).
template <class Real>
inline Real speed(Real q_normal, Real a, Real b, Real c, Real d) {
  const Real t = Real(0.25) * (a + b + c + d);
  return std::sqrt(q_normal * q_normal + t * t);
}

}  // namespace dsim::flood_detail
