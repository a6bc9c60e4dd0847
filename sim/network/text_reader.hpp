// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace dsim::detail {

// Reads a text file line by line, decompressing gzip, bzip2 or xz on the fly
// (recognised by their magic bytes, whatever the file is called). Errors
// (missing file, corrupt or truncated stream) throw InputError naming the
// file and the line reached.
class TextReader {
 public:
  explicit TextReader(const std::filesystem::path& path);
  ~TextReader();
  TextReader(const TextReader&) = delete;
  TextReader& operator=(const TextReader&) = delete;

  // The next line without its line end ("\n" or "\r\n"); false at the end.
  // The view stays valid until the next call.
  bool next_line(std::string_view& line);
  // 1-based number of the line last returned.
  std::size_t line_number() const { return line_; }
  const std::string& file() const { return file_; }

  class Decoder;

 private:
  bool fill();

  std::string file_;
  std::unique_ptr<Decoder> decoder_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  bool eof_ = false;
};

// Compression of a file by its first bytes: "gzip", "bzip2", "xz" or "" (none).
std::string_view sniff_compression(const std::filesystem::path& path);

}  // namespace dsim::detail
