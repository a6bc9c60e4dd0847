// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace dsim {

// Root of every error dsim throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Something a user wrote is wrong: names the file, the line (0 when not
// known), the key path and what was expected, so that one message tells how
// to fix it. The CLI turns it into exit status 2.
class InputError : public Error {
 public:
  InputError(std::string file, std::size_t line, std::string key, std::string expected, std::string found = {});

  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }
  const std::string& key() const { return key_; }
  const std::string& expected() const { return expected_; }
  const std::string& found() const { return found_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string key_;
  std::string expected_;
  std::string found_;
};

}  // namespace dsim
