// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <string_view>

namespace dsim {

// Writes `content` to `path` through a temporary file in the same folder
// (PATH.tmp-XXXXXX) and a rename: the file is either absent, the old one or
// complete, and no temporary file is left behind. Throws dsim::Error naming
// the path when it cannot be written.
void write_text_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace dsim
