// SPDX-License-Identifier: MIT
// Dispersion of a chemical release: stability classes, Briggs's sigmas, the
// steady plume and the puff train (sim/hazards/dispersion.hpp), over numpy
// arrays. disastersim.dispersion wraps these.
#include "python/bindings/bindings.hpp"
#include "sim/core/error.hpp"
#include "sim/hazards/dispersion.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

namespace py = pybind11;

namespace dsim::python {

namespace {

constexpr const char* kWhere = "disastersim.dispersion";

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;

Stability stability_of(const std::string& name, const std::string& key) {
  Stability s{};
  if (!parse_stability(name, s)) throw InputError(kWhere, 0, key, "a stability class A to F", name);
  return s;
}

DispersionTerrain terrain_of(const std::string& name, const std::string& key) {
  if (name == "rural") return DispersionTerrain::rural;
  if (name == "urban") return DispersionTerrain::urban;
  throw InputError(kWhere, 0, key, "rural or urban", name);
}

std::vector<double> doubles(const py::object& o) {
  if (o.is_none()) return {};
  const Doubles a = Doubles::ensure(o);
  if (!a) throw InputError(kWhere, 0, "", "a sequence of numbers");
  return {a.data(), a.data() + a.size()};
}

// A numpy array of `shape` that takes over a vector's storage.
py::array_t<double> take(std::vector<double>&& values, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<double>(std::move(values));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  std::vector<py::ssize_t> strides(shape.size(), static_cast<py::ssize_t>(sizeof(double)));
  for (std::size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return py::array_t<double>(std::move(shape), std::move(strides), owned->data(), owner);
}

py::array_t<double> shaped_like(std::vector<double>&& values, const py::array& like) {
  std::vector<py::ssize_t> shape(like.shape(), like.shape() + like.ndim());
  return take(std::move(values), std::move(shape));
}

template <class T>
T get(const py::dict& d, const char* key, T fallback) {
  return d.contains(key) ? d[key].cast<T>() : fallback;
}

ReleaseSeries release_of(const py::dict& d) {
  ReleaseSeries r;
  if (d.contains("rate_times_s")) r.rate_times_s = doubles(d["rate_times_s"]);
  if (d.contains("rate_kg_s")) r.rate_kg_s = doubles(d["rate_kg_s"]);
  if (d.contains("mass_times_s")) r.mass_times_s = doubles(d["mass_times_s"]);
  if (d.contains("mass_kg")) r.mass_kg = doubles(d["mass_kg"]);
  return r;
}

WeatherSeries weather_of(const py::dict& d) {
  WeatherSeries w;
  w.times_s = doubles(d["times_s"]);
  w.speed_mps = doubles(d["speed_mps"]);
  w.from_deg = doubles(d["from_deg"]);
  const auto names = d["stability"].cast<std::vector<std::string>>();
  for (std::size_t i = 0; i < names.size(); ++i)
    w.stability.push_back(stability_of(names[i], "weather.stability[" + std::to_string(i) + "]"));
  w.reference_height_m = get(d, "reference_height_m", w.reference_height_m);
  w.mixing_height_m = get(d, "mixing_height_m", w.mixing_height_m);
  return w;
}

PuffTrainOptions options_of(const py::dict& d) {
  PuffTrainOptions o;
  o.source_x_m = get(d, "source_x_m", o.source_x_m);
  o.source_y_m = get(d, "source_y_m", o.source_y_m);
  o.release_height_m = get(d, "release_height_m", o.release_height_m);
  o.receptor_height_m = get(d, "receptor_height_m", o.receptor_height_m);
  o.puff_interval_s = get(d, "puff_interval_s", o.puff_interval_s);
  o.advection_step_s = get(d, "advection_step_s", o.advection_step_s);
  o.cutoff_sigmas = get(d, "cutoff_sigmas", o.cutoff_sigmas);
  o.min_travel_m = get(d, "min_travel_m", o.min_travel_m);
  o.min_wind_mps = get(d, "min_wind_mps", o.min_wind_mps);
  o.cull_with_grid = get(d, "cull_with_grid", o.cull_with_grid);
  o.vectorise = get(d, "vectorise", o.vectorise);
  return o;
}

}  // namespace

void bind_chemical(py::module_& m) {
  m.def(
      "briggs_sigmas",
      [](const std::string& stability, const std::string& terrain, const Doubles& x) {
        const Stability s = stability_of(stability, "stability");
        const DispersionTerrain t = terrain_of(terrain, "terrain");
        std::vector<double> sy(static_cast<std::size_t>(x.size())), sz(sy.size());
        const double* xs = x.data();
        for (std::size_t i = 0; i < sy.size(); ++i) {
          const Sigmas g = briggs_sigmas(s, t, xs[i]);
          sy[i] = g.y_m;
          sz[i] = g.z_m;
        }
        return py::make_tuple(shaped_like(std::move(sy), x), shaped_like(std::move(sz), x));
      },
      py::arg("stability"), py::arg("terrain"), py::arg("x_m"),
      "Briggs's sigma-y and sigma-z (m) at distances x_m (0 where x_m <= 0).");

  m.def(
      "plume_concentration",
      [](double q_kg_s, double u_mps, double h_m, double mixing_height_m, const std::string& stability,
         const std::string& terrain, const Doubles& x, const Doubles& y, double z_m) {
        if (x.size() != y.size()) throw InputError(kWhere, 0, "y_m", "as many values as x_m");
        if (!(u_mps > 0.0)) throw InputError(kWhere, 0, "u_mps", "a wind speed > 0 m/s", std::to_string(u_mps));
        const Stability s = stability_of(stability, "stability");
        const DispersionTerrain t = terrain_of(terrain, "terrain");
        std::vector<double> c(static_cast<std::size_t>(x.size()));
        const double *xs = x.data(), *ys = y.data();
        for (std::size_t i = 0; i < c.size(); ++i)
          c[i] = plume_concentration(q_kg_s, u_mps, h_m, mixing_height_m, s, t, xs[i], ys[i], z_m);
        return shaped_like(std::move(c), x);
      },
      py::arg("q_kg_s"), py::arg("u_mps"), py::arg("h_m"), py::arg("mixing_height_m"), py::arg("stability"),
      py::arg("terrain"), py::arg("x_m"), py::arg("y_m"), py::arg("z_m"),
      "Steady Gaussian plume (kg/m3) at along-wind x_m and cross-wind y_m (same shape), height z_m.");

  m.def(
      "puff_train",
      [](const py::dict& release, const py::dict& weather, const Doubles& x, const Doubles& y,
         const py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>& terrain, const Doubles& times,
         const py::dict& options, const py::object& progress) {
        const auto n = static_cast<std::size_t>(x.size());
        if (static_cast<std::size_t>(y.size()) != n || static_cast<std::size_t>(terrain.size()) != n)
          throw InputError(kWhere, 0, "receptors", "as many y and terrain values as x values");
        std::vector<Receptor> receptors(n);
        for (std::size_t i = 0; i < n; ++i) {
          if (terrain.data()[i] > 1) throw InputError(kWhere, 0, "receptors_terrain", "0 (rural) or 1 (urban)");
          receptors[i] = {x.data()[i], y.data()[i], static_cast<DispersionTerrain>(terrain.data()[i])};
        }
        const ReleaseSeries r = release_of(release);
        const WeatherSeries w = weather_of(weather);
        PuffTrainOptions o = options_of(options);
        const std::vector<double> out_times(times.data(), times.data() + times.size());
        PythonProgress show(progress);
        if (show.enabled())
          o.on_progress = [&show](std::size_t done, std::size_t total) { show("puff train", done, total); };
        ConcentrationSeries c;
        {
          py::gil_scoped_release release_gil;
          c = puff_train(r, w, receptors, out_times, o);
        }
        return take(std::move(c.c_kg_m3),
                    {static_cast<py::ssize_t>(out_times.size()), static_cast<py::ssize_t>(n)});
      },
      py::arg("release"), py::arg("weather"), py::arg("x_m"), py::arg("y_m"), py::arg("terrain"),
      py::arg("output_times_s"), py::arg("options"), py::arg("progress") = py::none(),
      "Gaussian puff train: concentrations (kg/m3) as an array [output time, receptor].");

  m.def(
      "turner_stability",
      [](double wind_10m_mps, double cloud_oktas, const py::object& solar_elevation_deg) {
        const Stability s = solar_elevation_deg.is_none()
                                ? turner_night(wind_10m_mps, cloud_oktas)
                                : turner_day(wind_10m_mps,
                                             insolation_from_sun(solar_elevation_deg.cast<double>(), cloud_oktas));
        return std::string(stability_name(s));
      },
      py::arg("wind_10m_mps"), py::arg("cloud_oktas"), py::arg("solar_elevation_deg") = py::none(),
      "Pasquill-Gifford class by Turner's table: by day with the sun's elevation, at night without.");

  m.def(
      "wind_profile_exponent",
      [](const std::string& stability, const std::string& terrain) {
        return wind_profile_exponent(stability_of(stability, "stability"), terrain_of(terrain, "terrain"));
      },
      py::arg("stability"), py::arg("terrain"), "ISC3 power-law exponent of the wind profile.");
}

}  // namespace dsim::python
