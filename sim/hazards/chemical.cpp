// SPDX-License-Identifier: MIT
#include "sim/hazards/chemical.hpp"
