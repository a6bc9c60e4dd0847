// SPDX-License-Identifier: MIT
#include "sim/queueing/erlang.hpp"

#include <stdexcept>

namespace dsim {

double erlang_b(int servers, double offered_load) {
  if (servers < 0 || !(offered_load >= 0.0)) throw std::invalid_argument("erlang_b: need servers >= 0 and load >= 0");
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = offered_load * b / (k + offered_load * b);
  return b;
}

double erlang_c(int servers, double offered_load) {
  if (servers < 1 || !(offered_load >= 0.0) || !(offered_load < servers))
    throw std::invalid_argument("erlang_c: need servers >= 1 and 0 <= load < servers");
  const double b = erlang_b(servers, offered_load);
  const double rho = offered_load / servers;
  return b / (1.0 - rho * (1.0 - b));
}

MmcAnalytic mmc_analytic(double arrival_rate_per_s, double service_rate_per_s, int servers) {
  if (!(arrival_rate_per_s > 0.0) || !(service_rate_per_s > 0.0) || servers < 1)
    throw std::invalid_argument("M/M/c needs positive rates and at least one server");
  const double a = arrival_rate_per_s / service_rate_per_s;
  if (!(a < servers)) throw std::invalid_argument("M/M/c is unstable: arrival rate must be below servers x service rate");
  MmcAnalytic r;
  r.utilisation = a / servers;
  r.probability_wait = erlang_c(servers, a);
  r.mean_wait_s = r.probability_wait / (servers * service_rate_per_s - arrival_rate_per_s);
  r.mean_system_time_s = r.mean_wait_s + 1.0 / service_rate_per_s;
  r.mean_queue_length = arrival_rate_per_s * r.mean_wait_s;
  return r;
}

}  // namespace dsim
