// SPDX-License-Identifier: MIT
// Fire spread over a raster by minimum travel time (sim/hazards/fire_spread.hpp),
// over numpy arrays: the one-call form, for benchmarks and analysis, and the
// stepped fire (FireSpread) with held line, front() and contained().
#include "python/bindings/bindings.hpp"
#include "sim/core/error.hpp"
#include "sim/hazards/fire_spread.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;

namespace dsim::python {

namespace {

constexpr const char* kWhere = "disastersim._core.spread_fire";

using Floats = py::array_t<float, py::array::c_style | py::array::forcecast>;
using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Cells = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// A [time, row, col] (or [row, col] for one time) array as one vector per time.
std::vector<std::vector<float>> per_time(const py::object& o, std::size_t times, std::size_t cells,
                                         const char* key) {
  if (o.is_none()) return std::vector<std::vector<float>>(times);
  const Floats a = Floats::ensure(o);
  if (!a) throw InputError(kWhere, 0, key, "an array of numbers");
  const auto size = static_cast<std::size_t>(a.size());
  if (size != cells && size != times * cells)
    throw InputError(kWhere, 0, key, "[times, rows, cols] or [rows, cols] values", std::to_string(size) + " values");
  std::vector<std::vector<float>> out(times);
  for (std::size_t t = 0; t < times; ++t) {
    const float* p = a.data() + (size == cells ? 0 : t * cells);
    out[t].assign(p, p + cells);
  }
  return out;
}

// The landscape from numpy arrays: fields [times, rows, cols] (or [rows, cols] for all times).
std::shared_ptr<SpreadLandscape> make_landscape(std::size_t rows, std::size_t cols, double cell_size_m,
                                                const Doubles& times_s, const py::object& head_mps,
                                                const py::object& lb, const py::object& heading_rad,
                                                const py::object& intensity_kw_m, const py::object& barrier_width_m,
                                                const py::object& breach_u) {
  auto land = std::make_shared<SpreadLandscape>();
  land->rows = rows;
  land->cols = cols;
  land->cell_size_m = cell_size_m;
  land->times_s.assign(times_s.data(), times_s.data() + times_s.size());
  const std::size_t n = rows * cols, nt = land->times_s.size();
  auto head = per_time(head_mps, nt, n, "head_mps");
  auto ratio = per_time(lb, nt, n, "lb");
  auto heading = per_time(heading_rad, nt, n, "heading_rad");
  auto intensity = per_time(intensity_kw_m, nt, n, "intensity_kw_m");
  land->fields.resize(nt);
  for (std::size_t t = 0; t < nt; ++t)
    land->fields[t] = {std::move(head[t]), std::move(ratio[t]), std::move(heading[t]), std::move(intensity[t])};
  if (!barrier_width_m.is_none()) {
    land->barrier_width_m = per_time(barrier_width_m, 1, n, "barrier_width_m")[0];
    land->breach_u = breach_u.is_none() ? std::vector<float>(n, 1.0f) : per_time(breach_u, 1, n, "breach_u")[0];
  }
  return land;
}

py::array_t<std::int64_t> cell_array(const std::vector<std::size_t>& cells) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(cells.size()));
  auto* p = out.mutable_data();
  for (std::size_t i = 0; i < cells.size(); ++i) p[i] = static_cast<std::int64_t>(cells[i]);
  return out;
}

// A stepped fire that owns its landscape.
struct SteppedFire {
  std::shared_ptr<SpreadLandscape> land;
  std::unique_ptr<FireSpread> fire;
};

}  // namespace

void bind_fire_spread(py::module_& m) {
  m.def(
      "spread_fire",
      [](std::size_t rows, std::size_t cols, double cell_size_m, const Doubles& times_s, const py::object& head_mps,
         const py::object& lb, const py::object& heading_rad, const py::object& intensity_kw_m,
         const py::object& barrier_width_m, const py::object& breach_u, const Cells& ignitions,
         const Doubles& ignition_times_s, double end_s, int stencil) {
        const auto land = make_landscape(rows, cols, cell_size_m, times_s, head_mps, lb, heading_rad,
                                         intensity_kw_m, barrier_width_m, breach_u);
        if (ignitions.size() != ignition_times_s.size())
          throw InputError(kWhere, 0, "ignition_times_s", "one time per ignition cell");
        std::vector<std::size_t> cells(static_cast<std::size_t>(ignitions.size()));
        for (std::size_t i = 0; i < cells.size(); ++i) {
          if (ignitions.data()[i] < 0) throw InputError(kWhere, 0, "ignitions", "cell indices >= 0");
          cells[i] = static_cast<std::size_t>(ignitions.data()[i]);
        }
        const std::vector<double> times(ignition_times_s.data(), ignition_times_s.data() + ignition_times_s.size());
        FireSpreadOptions o;
        o.stencil = stencil;
        auto* arrival = new std::vector<double>();
        py::capsule owner(arrival, [](void* p) { delete static_cast<std::vector<double>*>(p); });
        {
          py::gil_scoped_release release_gil;
          *arrival = spread_fire(*land, cells, times, end_s, o);
        }
        return py::array_t<double>({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)},
                                   arrival->data(), owner);
      },
      py::arg("rows"), py::arg("cols"), py::arg("cell_size_m"), py::arg("times_s"), py::arg("head_mps"),
      py::arg("lb"), py::arg("heading_rad"), py::arg("intensity_kw_m") = py::none(),
      py::arg("barrier_width_m") = py::none(), py::arg("breach_u") = py::none(), py::arg("ignitions"),
      py::arg("ignition_times_s"), py::arg("end_s"), py::arg("stencil") = 16,
      "Minimum-travel-time fire spread: arrival time (s, inf: not by end_s) per cell as [rows, cols]. "
      "Fields are [times, rows, cols] (or [rows, cols] for all times), row 0 at the south; heading "
      "clockwise from north. Barriers given here always hold (no breaching function from Python).");

  py::class_<SteppedFire>(m, "FireSpread",
                          "A fire spread stepped in time, as the event loop steps it: ignite, advance_to, hold "
                          "cells (fireline) between steps; front() lists the cells to hold to stop it.")
      .def(py::init([](std::size_t rows, std::size_t cols, double cell_size_m, const Doubles& times_s,
                       const py::object& head_mps, const py::object& lb, const py::object& heading_rad,
                       const py::object& intensity_kw_m, const py::object& barrier_width_m,
                       const py::object& breach_u, int stencil) {
             SteppedFire f;
             f.land = make_landscape(rows, cols, cell_size_m, times_s, head_mps, lb, heading_rad, intensity_kw_m,
                                     barrier_width_m, breach_u);
             FireSpreadOptions o;
             o.stencil = stencil;
             f.fire = std::make_unique<FireSpread>(*f.land, o);
             return f;
           }),
           py::arg("rows"), py::arg("cols"), py::arg("cell_size_m"), py::arg("times_s"), py::arg("head_mps"),
           py::arg("lb"), py::arg("heading_rad"), py::arg("intensity_kw_m") = py::none(),
           py::arg("barrier_width_m") = py::none(), py::arg("breach_u") = py::none(), py::arg("stencil") = 16)
      .def("ignite", [](SteppedFire& f, std::size_t cell, double time_s) { f.fire->ignite(cell, time_s); },
           py::arg("cell"), py::arg("time_s"))
      .def(
          "advance_to",
          [](SteppedFire& f, double time_s) {
            py::gil_scoped_release release_gil;
            f.fire->advance_to(time_s);
          },
          py::arg("time_s"))
      .def_property_readonly("now_s", [](const SteppedFire& f) { return f.fire->now_s(); })
      .def(
          "hold",
          [](SteppedFire& f, const Cells& cells) {
            for (py::ssize_t i = 0; i < cells.size(); ++i) {
              if (cells.data()[i] < 0) throw InputError(kWhere, 0, "held cell", "cell indices >= 0");
              f.fire->hold(static_cast<std::size_t>(cells.data()[i]));
            }
          },
          py::arg("cells"), "Holds these cells (one index or an array of them) from now on.")
      .def("held", [](const SteppedFire& f, std::size_t cell) { return f.fire->held(cell); }, py::arg("cell"))
      .def("arrival_s",
           [](const SteppedFire& f) {
             const auto& a = f.fire->arrival_s();
             py::array_t<double> out({static_cast<py::ssize_t>(f.land->rows), static_cast<py::ssize_t>(f.land->cols)});
             std::copy(a.begin(), a.end(), out.mutable_data());
             return out;
           })
      .def("front", [](const SteppedFire& f) { return cell_array(f.fire->front()); })
      .def("active_edge", [](const SteppedFire& f) { return cell_array(f.fire->active_edge()); })
      .def("contained", [](const SteppedFire& f) { return f.fire->contained(); })
      .def("burned_area_m2", [](const SteppedFire& f) { return f.fire->burned_area_m2(); });
}

}  // namespace dsim::python
