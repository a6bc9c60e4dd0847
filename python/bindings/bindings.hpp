// SPDX-License-Identifier: MIT
#pragma once

#include <pybind11/pybind11.h>

namespace dsim::python {

void bind_core(pybind11::module_& m);
void bind_queueing(pybind11::module_& m);
void bind_response(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_network(pybind11::module_& m);
void bind_warning(pybind11::module_& m);
void bind_placement(pybind11::module_& m);

}  // namespace dsim::python
