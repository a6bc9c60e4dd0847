// SPDX-License-Identifier: MIT
#pragma once

// Small pieces the results writer and reader share around the HDF5 C API:
// silencing HDF5's own error printing, the innermost message of its error
// stack, and an owning identifier. Internal to sim/io (only its .cpp files
// include hdf5.h).

#include <hdf5.h>

#include <functional>
#include <set>
#include <string>
#include <utility>

namespace dsim::hdf5_support {

// Root attributes with a fixed meaning; ResultsFile::attributes may not reuse them.
inline const std::set<std::string, std::less<>> reserved_root_attributes = {
    "dsim_version", "format_version", "scenario_text", "scenario_file", "seed",
    "replications", "created_utc",    "command_line",  "tables"};
// Group attributes with a fixed meaning; ResultsTable::attributes may not reuse them.
inline const std::set<std::string, std::less<>> reserved_table_attributes = {"columns", "description"};

// Keeps HDF5 from printing its error stack while we work (we turn failures
// into exceptions); puts the caller's handler back afterwards.
class QuietHdf5Errors {
 public:
  QuietHdf5Errors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

inline herr_t keep_innermost_message(unsigned n, const H5E_error2_t* error, void* client) {
  if (n == 0 && error->desc) *static_cast<std::string*>(client) = error->desc;
  return 0;
}

// The most specific message on HDF5's error stack ("No such file or
// directory", "wrong B-tree signature"); clears the stack.
inline std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost_message, &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason;
}

// Owns an HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      close();
      id_ = std::exchange(other.id_, -1);
      close_ = other.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { close(); }

  hid_t get() const { return id_; }
  // Closes now and returns HDF5's status (the destructor has to ignore it).
  herr_t close() {
    herr_t status = 0;
    if (id_ >= 0 && close_) status = close_(id_);
    id_ = -1;
    return status;
  }

 private:
  hid_t id_ = -1;
  Closer close_ = nullptr;
};

// File access without HDF5's advisory file lock where the file system has
// none (common on cluster file systems). Returns a negative id on failure.
inline hid_t file_access_without_locking() {
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0) return fapl;
#if (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 10 && H5_VERS_RELEASE >= 7) || H5_VERSION_GE(1, 12, 1)
  if (H5Pset_file_locking(fapl, false, /*ignore_when_disabled=*/true) < 0) {
    H5Pclose(fapl);
    return -1;
  }
#endif
  return fapl;
}

}  // namespace dsim::hdf5_support
