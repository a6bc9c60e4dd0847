// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/core/error.hpp"
#include "sim/core/random.hpp"
#include "sim/core/statistics.hpp"
#include "sim/version.hpp"

#include <pybind11/stl.h>

#include <vector>

namespace py = pybind11;

namespace dsim::python {

void bind_core(py::module_& m) {
  m.attr("__version__") = DSIM_VERSION;

  // The one place where C++ errors become Python ones.
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError);

  py::class_<RandomStream>(m, "RandomStream",
                           "Counter-based random stream keyed by (seed, replication, name); the same key gives "
                           "the same numbers on any thread.")
      .def(py::init<std::uint64_t, std::uint64_t, std::string_view>(), py::arg("seed"), py::arg("replication"),
           py::arg("name"))
      .def("next_u64", &RandomStream::next_u64)
      .def("uniform", py::overload_cast<>(&RandomStream::uniform))
      .def("exponential", &RandomStream::exponential, py::arg("mean"))
      .def("normal", &RandomStream::normal, py::arg("mean"), py::arg("sd"));

  m.def("student_t_quantile", &student_t_quantile, py::arg("p"), py::arg("dof"));
  m.def(
      "t_confidence_interval",
      [](const std::vector<double>& samples, double level) {
        ConfidenceInterval ci = t_confidence_interval(samples, level);
        return py::make_tuple(ci.mean, ci.half_width);
      },
      py::arg("samples"), py::arg("level") = 0.95, "Mean and Student-t half width of independent samples.");
}

}  // namespace dsim::python
