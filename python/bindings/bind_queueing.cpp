// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/experiment/mmc_experiment.hpp"
#include "sim/queueing/erlang.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace dsim::python {

namespace {

py::dict interval(const ConfidenceInterval& ci) {
  py::dict d;
  d["mean"] = ci.mean;
  d["half_width"] = ci.half_width;
  return d;
}

}  // namespace

void bind_queueing(py::module_& m) {
  m.def("erlang_b", &erlang_b, py::arg("servers"), py::arg("offered_load"));
  m.def("erlang_c", &erlang_c, py::arg("servers"), py::arg("offered_load"));

  m.def(
      "run_mmc",
      [](double arrival_rate_per_s, double service_rate_per_s, int servers, double warmup_s, double horizon_s,
         std::size_t replications, std::uint64_t seed, int threads, double level) {
        MmcParams p;
        p.arrival_rate_per_s = arrival_rate_per_s;
        p.service_rate_per_s = service_rate_per_s;
        p.servers = servers;
        p.warmup_s = warmup_s;
        p.horizon_s = horizon_s;
        MmcRunOptions options;
        options.replications = replications;
        options.threads = threads;
        options.level = level;
        MmcSummary s;
        {
          py::gil_scoped_release release;
          s = run_mmc(p, seed, options);
        }
        py::dict out;
        out["customers"] = s.customers;
        out["events"] = s.events;
        py::dict measures;
        measures["mean_wait_s"] = interval(s.mean_wait_s);
        measures["probability_wait"] = interval(s.probability_wait);
        measures["p90_wait_s"] = interval(s.p90_wait_s);
        measures["utilisation"] = interval(s.utilisation);
        measures["mean_queue_length"] = interval(s.mean_queue_length);
        out["measures"] = measures;
        if (s.stable) {
          py::dict a;
          a["mean_wait_s"] = s.analytic.mean_wait_s;
          a["probability_wait"] = s.analytic.probability_wait;
          a["utilisation"] = s.analytic.utilisation;
          a["mean_queue_length"] = s.analytic.mean_queue_length;
          out["analytic"] = a;
        } else {
          out["analytic"] = py::none();
        }
        py::dict reps;
        auto column = [&](auto field) {
          std::vector<double> v;
          for (const MmcReplication& r : s.replications) v.push_back(static_cast<double>(r.*field));
          return v;
        };
        reps["customers"] = column(&MmcReplication::customers);
        reps["mean_wait_s"] = column(&MmcReplication::mean_wait_s);
        reps["probability_wait"] = column(&MmcReplication::probability_wait);
        reps["p90_wait_s"] = column(&MmcReplication::p90_wait_s);
        reps["utilisation"] = column(&MmcReplication::utilisation);
        reps["mean_queue_length"] = column(&MmcReplication::mean_queue_length);
        reps["events"] = column(&MmcReplication::events);
        out["replications"] = reps;
        return out;
      },
      py::arg("arrival_rate_per_s"), py::arg("service_rate_per_s"), py::arg("servers"), py::arg("warmup_s"),
      py::arg("horizon_s"), py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("level"),
      "Replications of the M/M/c model; releases the GIL while it runs.");
}

}  // namespace dsim::python
