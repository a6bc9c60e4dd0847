// SPDX-License-Identifier: MIT
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>

namespace dsim {

// FNV-1a, 64-bit: a stable hash of a stream name, the same on every platform.
constexpr std::uint64_t stream_name_hash(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

// A counter-based random stream (Philox4x64-10, Random123) keyed by
// (scenario seed, replication, stream name[, member]). The numbers depend on the key
// alone, never on which thread draws them or what other streams did, so a
// replication gives the same results on 1 thread or 16. Distributions are
// written here rather than taken from <random>, whose algorithms differ
// between standard libraries.
class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view name)
      : RandomStream(seed, replication, stream_name_hash(name), 0) {}

  // A stream of a family: one per incident, per unit, ... `member` tells them
  // apart, so that e.g. incident 17's draws do not depend on how many draws
  // incident 16 made.
  static RandomStream member(std::uint64_t seed, std::uint64_t replication, std::string_view family,
                             std::uint64_t member) {
    return RandomStream(seed, replication, stream_name_hash(family), member);
  }
  // The same, with the family's name already hashed (stream_name_hash), for
  // hot loops that open one member per event.
  static RandomStream member_of_hashed(std::uint64_t seed, std::uint64_t replication, std::uint64_t family_hash,
                                       std::uint64_t member) {
    return RandomStream(seed, replication, family_hash, member);
  }

  // 64 uniformly distributed bits.
  std::uint64_t next_u64() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  // Uniform on [0, 1), 53-bit resolution.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_positive() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }

  double uniform(double low, double high) { return low + (high - low) * uniform(); }

  // Uniform integer in [0, n), without modulo bias (Lemire's method). n > 0.
  std::uint64_t below(std::uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  bool bernoulli(double p) { return uniform() < p; }

  // Exponential with the given mean (inverse transform).
  double exponential(double mean) { return -mean * std::log(uniform_positive()); }

  // Normal by the Box-Muller transform; the second variate is kept for the next call.
  double normal(double mean, double sd) {
    if (has_spare_) {
      has_spare_ = false;
      return mean + sd * spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform_positive()));
    const double theta = 2.0 * std::numbers::pi * uniform();
    spare_ = r * std::sin(theta);
    has_spare_ = true;
    return mean + sd * r * std::cos(theta);
  }

  // Lognormal given the mean and standard deviation of the variate itself.
  double lognormal(double mean, double sd) {
    const double s2 = std::log1p((sd * sd) / (mean * mean));
    return std::exp(normal(std::log(mean) - 0.5 * s2, std::sqrt(s2)));
  }

  // Number of 64-bit words drawn so far.
  std::uint64_t draws() const { return counter_.v[2] * 4 - (4 - used_); }

 private:
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t name_hash, std::uint64_t member)
      : key_{{seed, name_hash}}, counter_{{replication, member, 0, 0}} {}

  void refill() {
    block_ = r123::Philox4x64{}(counter_, key_);
    ++counter_.v[2];
    used_ = 0;
  }

  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type block_{};
  unsigned used_ = 4;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace dsim
