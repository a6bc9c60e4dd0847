// SPDX-License-Identifier: MIT
#include "sim/hazards/fire_spread.hpp"
