// SPDX-License-Identifier: MIT
#include "sim/network/text_reader.hpp"

#include "tests/cpp/support/compress.hpp"
#include "tests/cpp/support/input_error.hpp"
#include "tests/cpp/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dsim;
using dsim::testing::TempDir;

namespace {

std::vector<std::string> lines_of(const std::filesystem::path& p) {
  detail::TextReader in(p);
  std::vector<std::string> out;
  std::string_view line;
  while (in.next_line(line)) out.emplace_back(line);
  return out;
}

std::string long_text() {
  std::string s;
  for (int i = 0; i < 50000; ++i) s += "line " + std::to_string(i) + (i % 2 ? "\r\n" : "\n");
  return s + "last line without end";
}

}  // namespace

TEST_CASE("TextReader returns the same lines from plain, gzip, bzip2 and xz files", "[network]") {
  TempDir dir;
  const std::string text = long_text();
  testing::write_bytes(dir / "a.txt", text);
  testing::write_bytes(dir / "a.gz", testing::gzip_bytes(text));
  testing::write_bytes(dir / "a.bz2", testing::bzip2_bytes(text));
  testing::write_bytes(dir / "a.xz", testing::xz_bytes(text));
  const auto plain = lines_of(dir / "a.txt");
  REQUIRE(plain.size() == 50001);
  REQUIRE(plain[1] == "line 1");
  REQUIRE(plain[49999] == "line 49999");
  REQUIRE(plain.back() == "last line without end");
  REQUIRE(lines_of(dir / "a.gz") == plain);
  REQUIRE(lines_of(dir / "a.bz2") == plain);
  REQUIRE(lines_of(dir / "a.xz") == plain);
  REQUIRE(detail::sniff_compression(dir / "a.xz") == "xz");
  REQUIRE(detail::sniff_compression(dir / "a.txt") == "");
}

TEST_CASE("TextReader reads concatenated gzip members as one text", "[network]") {
  TempDir dir;
  testing::write_bytes(dir / "two.gz", testing::gzip_bytes("a\nb\n") + testing::gzip_bytes("c\n"));
  REQUIRE(lines_of(dir / "two.gz") == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("TextReader reports truncated compressed files with the file name", "[network]") {
  TempDir dir;
  const std::string text = long_text();
  for (auto [name, bytes] : {std::pair{"t.gz", testing::gzip_bytes(text)}, {"t.bz2", testing::bzip2_bytes(text)},
                             {"t.xz", testing::xz_bytes(text)}}) {
    testing::write_bytes(dir / name, bytes.substr(0, bytes.size() * 2 / 3));
    const InputError e = testing::input_error_from([&] { lines_of(dir / name); });
    REQUIRE(e.file() == (dir / name).string());
    REQUIRE(e.line() >= 1);  // bzip2 decodes whole 900 kB blocks: no line before the error
  }
  REQUIRE(testing::input_error_from([&] { lines_of(dir / "absent.txt"); }).file() == (dir / "absent.txt").string());
}
