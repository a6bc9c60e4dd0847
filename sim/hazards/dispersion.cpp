// SPDX-License-Identifier: MIT
#include "sim/hazards/dispersion.hpp"
