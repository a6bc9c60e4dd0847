// SPDX-License-Identifier: MIT
#include "sim/hazards/fire_behaviour.hpp"
