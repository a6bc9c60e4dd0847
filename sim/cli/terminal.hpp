// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace dsim::cli {

// A one-line progress bar on stderr, drawn only when stderr is a terminal
// (or when forced), so that logs and pipes stay clean.
class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  void update(std::size_t done, std::size_t total);
  // A share done (0 to 1) and what it stands for ("2.5 h of 6 h simulated");
  // nothing is drawn before the work has taken `after_s` seconds.
  void update(double share, const std::string& detail, double after_s = 0.0);
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

bool stderr_is_terminal();

// "1,234,567"
std::string with_thousands(unsigned long long n);
// A number with `digits` significant digits, no exponent for everyday sizes.
std::string fixed_significant(double x, int digits = 4);
// A double that reads back bit-identical ("%.17g").
std::string exact(double x);

}  // namespace dsim::cli
