// SPDX-License-Identifier: MIT
// Wildfire rate of spread (sim/hazards/fire_behaviour.hpp): the CSIRO grassland
// model, Rothermel with the Anderson fuel models, and the fire's elliptical
// shape, as scalar functions. disastersim.fire wraps these.
#include "python/bindings/bindings.hpp"
#include "sim/core/error.hpp"
#include "sim/hazards/fire_behaviour.hpp"

#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace dsim::python {

namespace {

// The kernels throw dsim::Error for arguments out of range; Python sees a ValueError.
template <class F>
auto checked(F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw py::value_error(e.what());
  }
}

PastureCondition pasture_of(const std::string& name) {
  if (name == "natural") return PastureCondition::natural;
  if (name == "grazed") return PastureCondition::grazed;
  if (name == "eaten_out" || name == "eaten-out") return PastureCondition::eaten_out;
  throw InputError("disastersim.fire", 0, "pasture", "natural, grazed or eaten_out", name);
}

FuelMoisture moisture_of(const std::vector<double>& m) {
  if (m.size() != 5) {
    throw InputError("disastersim.fire", 0, "moistures",
                     "five fractions: 1-h, 10-h, 100-h, live herbaceous, live woody",
                     std::to_string(m.size()) + " values");
  }
  return FuelMoisture{m[0], m[1], m[2], m[3], m[4]};
}

}  // namespace

void bind_fire(py::module_& m) {
  m.def(
      "grassland_spread_mps",
      [](double wind_10m_mps, double moisture_percent, double curing_percent, const std::string& pasture) {
        const PastureCondition c = pasture_of(pasture);
        return checked([&] { return grassland_spread_mps(wind_10m_mps, moisture_percent, curing_percent, c); });
      },
      py::arg("wind_10m_mps"), py::arg("moisture_percent"), py::arg("curing_percent"), py::arg("pasture"),
      "Head fire rate (m/s) of the CSIRO grassland model (Cheney et al. 1998, curing of Cruz et al. 2015).");
  m.def(
      "grass_moisture_percent",
      [](double t_c, double rh) { return checked([&] { return grass_moisture_percent(t_c, rh); }); },
      py::arg("air_temperature_c"), py::arg("relative_humidity_percent"),
      "McArthur's dead grass moisture (%) as Cheney et al. (1998) give it.");
  m.def(
      "curing_coefficient", [](double c) { return checked([&] { return curing_coefficient(c); }); },
      py::arg("curing_percent"), "The curing coefficient of Cruz et al. (2015).");
  m.def(
      "rothermel_spread_mps",
      [](int model_number, const std::vector<double>& moistures, double midflame_wind_mps, double slope) {
        const FuelMoisture fm = moisture_of(moistures);
        return checked([&] {
          return rothermel_spread_mps(anderson_fuel_model(model_number), fm, midflame_wind_mps, slope);
        });
      },
      py::arg("model_number"), py::arg("moistures"), py::arg("midflame_wind_mps"), py::arg("slope"),
      "Rothermel (1972) head fire rate (m/s) for Anderson (1982) fuel model 1..13; moistures as fractions "
      "(1-h, 10-h, 100-h, live herb, live woody), wind upslope, slope as rise/run.");
  m.def(
      "length_to_breadth", [](double u) { return checked([&] { return length_to_breadth(u); }); },
      py::arg("wind_10m_mps"), "Length-to-breadth ratio from the 10-m wind (Alexander 1985).");
  m.def(
      "elliptical_spread_mps",
      [](double head, double lb, double theta) {
        return checked([&] { return elliptical_spread_mps(head, lb, theta); });
      },
      py::arg("head_mps"), py::arg("lb"), py::arg("theta_rad"),
      "Rate along a ray at theta from the head, ignition at the ellipse's rear focus.");
  m.def(
      "backing_spread_mps",
      [](double head, double lb) { return checked([&] { return backing_spread_mps(head, lb); }); },
      py::arg("head_mps"), py::arg("lb"), "The backing rate of the same ellipse.");
  m.def(
      "byram_intensity_kw_m",
      [](double h, double w, double r) { return checked([&] { return byram_intensity_kw_m(h, w, r); }); },
      py::arg("heat_kj_kg"), py::arg("fuel_consumed_kg_m2"), py::arg("spread_mps"), "Byram's fireline intensity.");
  m.def(
      "breach_probability",
      [](double i, double w, bool trees) { return checked([&] { return breach_probability(i, w, trees); }); },
      py::arg("intensity_kw_m"), py::arg("width_m"), py::arg("trees_within_20m") = false,
      "Chance that a grassfire breaches a break (Wilson 1988 logistic fit).");
}

}  // namespace dsim::python
