// SPDX-License-Identifier: MIT
#include "sim/hazards/dispersion.hpp"

#include <catch2/catch.hpp>
