// SPDX-License-Identifier: MIT
#include "sim/core/atomic_write.hpp"

#include "sim/core/error.hpp"

#include <cstdio>
#include <fstream>
#include <random>
#include <system_error>

namespace dsim {

void write_text_atomically(const std::filesystem::path& path, std::string_view content) {
  namespace fs = std::filesystem;
  std::random_device seed;
  std::mt19937_64 gen(seed());
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp-%06llx", static_cast<unsigned long long>(gen() & 0xFFFFFFu));
  fs::path tmp = path;
  tmp += suffix;
  std::error_code ec;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + path.string() + ": cannot create a file in its folder");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      out.close();
      fs::remove(tmp, ec);
      throw Error("cannot write " + path.string() + " (disk full?)");
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw Error("cannot write " + path.string() + ": " + ec.message());
  }
}

}  // namespace dsim
