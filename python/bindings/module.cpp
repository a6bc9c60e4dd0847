// SPDX-License-Identifier: MIT
// disastersim._core: the table of contents of the bindings, one bind_* per module.
#include "python/bindings/bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "dsim engine (C++); use the disastersim package rather than this module";
  dsim::python::bind_core(m);
  dsim::python::bind_queueing(m);
  dsim::python::bind_response(m);
  dsim::python::bind_io(m);
  dsim::python::bind_network(m);
  dsim::python::bind_warning(m);
  dsim::python::bind_placement(m);
  dsim::python::bind_chemical(m);
  dsim::python::bind_fire(m);
  dsim::python::bind_fire_spread(m);
  dsim::python::bind_batch(m);
  dsim::python::bind_export(m);
  dsim::python::bind_report(m);
  dsim::python::bind_drill(m);
}
