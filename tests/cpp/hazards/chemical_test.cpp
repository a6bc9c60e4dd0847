// SPDX-License-Identifier: MIT
#include "sim/hazards/chemical.hpp"

#include <catch2/catch.hpp>
