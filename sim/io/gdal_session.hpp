// SPDX-License-Identifier: MIT
#pragma once

// What every GDAL reader in io/ needs: the drivers registered once, GDAL's
// own messages kept off the terminal (the engine never prints) and turned
// into the text of our errors instead. Private to sim/io/: includes GDAL.

#include <cpl_error.h>
#include <gdal.h>

#include <mutex>
#include <string>

namespace dsim {

inline void gdal_register_once() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

// While alive, GDAL errors on this thread are recorded, not printed.
class GdalQuiet {
 public:
  GdalQuiet() {
    gdal_register_once();
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
  }
  ~GdalQuiet() { CPLPopErrorHandler(); }
  GdalQuiet(const GdalQuiet&) = delete;
  GdalQuiet& operator=(const GdalQuiet&) = delete;
};

// GDAL's last error message, or `fallback` when it has none.
inline std::string gdal_error_or(const std::string& fallback) {
  const char* message = CPLGetLastErrorMsg();
  return message != nullptr && *message != '\0' ? std::string(message) : fallback;
}

}  // namespace dsim
