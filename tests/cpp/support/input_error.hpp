// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

#include <optional>

namespace dsim::testing {

// Runs f, which must throw dsim::InputError, and returns the error.
template <class F>
InputError input_error_from(F&& f) {
  std::optional<InputError> caught;
  try {
    f();
  } catch (const InputError& e) {
    caught = e;
  }
  if (!caught) FAIL("expected an InputError, got none");
  return *caught;
}

}  // namespace dsim::testing
