// SPDX-License-Identifier: MIT
#include "sim/io/hdf5_results.hpp"

#include "sim/core/error.hpp"
#include "sim/io/hdf5_support.hpp"

#include <hdf5.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace dsim {

namespace {

namespace fs = std::filesystem;

using hdf5_support::reserved_root_attributes;
using hdf5_support::reserved_table_attributes;
using hdf5_support::Handle;
using hdf5_support::hdf5_reason;
using hdf5_support::QuietHdf5Errors;

// Turns HDF5 failures into dsim errors that name the file and the object.
class Context {
 public:
  explicit Context(fs::path file) : file_(std::move(file)) {}

  const fs::path& file() const { return file_; }

  [[noreturn]] void fail(const std::string& what) const {
    const std::string reason = hdf5_reason();
    throw Error("cannot write results file " + file_.string() + ": " + what + (reason.empty() ? "" : ": " + reason));
  }
  void check(herr_t status, const std::string& what) const {
    if (status < 0) fail(what);
  }
  Handle make(hid_t id, Handle::Closer close, const std::string& what) const {
    if (id < 0) fail(what);
    return Handle(id, close);
  }

 private:
  fs::path file_;
};

Handle utf8_string_type(const Context& ctx) {
  Handle type = ctx.make(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  ctx.check(H5Tset_size(type.get(), H5T_VARIABLE), "cannot make a string type");
  ctx.check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot make a string type");
  return type;
}

std::string attribute_where(const std::string& object, const std::string& name) {
  return "attribute '" + name + "' of " + object;
}

// ---------------------------------------------------------------------------
// Writing

// Writes `count` elements (a scalar when count is empty) from `buffer`.
void write_attribute(const Context& ctx, hid_t object, const std::string& object_path, const std::string& name,
                     hid_t file_type, hid_t memory_type, const void* buffer, std::optional<hsize_t> count = {}) {
  const std::string where = attribute_where(object_path, name);
  Handle space = count ? ctx.make(H5Screate_simple(1, &*count, nullptr), H5Sclose, "cannot shape " + where)
                       : ctx.make(H5Screate(H5S_SCALAR), H5Sclose, "cannot shape " + where);
  Handle attribute = ctx.make(H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                              H5Aclose, "cannot create " + where);
  ctx.check(H5Awrite(attribute.get(), memory_type, buffer), "cannot write " + where);
  ctx.check(attribute.close(), "cannot close " + where);
}

void write_string_attribute(const Context& ctx, hid_t object, const std::string& object_path,
                            const std::string& name, const std::string& value) {
  Handle type = utf8_string_type(ctx);
  const char* pointer = value.c_str();
  write_attribute(ctx, object, object_path, name, type.get(), type.get(), &pointer);
}

void write_string_array_attribute(const Context& ctx, hid_t object, const std::string& object_path,
                                  const std::string& name, const std::vector<std::string>& values) {
  Handle type = utf8_string_type(ctx);
  std::vector<const char*> pointers;
  for (const std::string& v : values) pointers.push_back(v.c_str());
  const char* none = "";  // HDF5 wants a buffer even for no elements
  write_attribute(ctx, object, object_path, name, type.get(), type.get(), pointers.empty() ? &none : pointers.data(),
                  pointers.size());
}

void write_value_attribute(const Context& ctx, hid_t object, const std::string& object_path, const std::string& name,
                           const AttributeValue& value) {
  if (const auto* d = std::get_if<double>(&value)) {
    write_attribute(ctx, object, object_path, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, d);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    write_attribute(ctx, object, object_path, name, H5T_STD_I64LE, H5T_NATIVE_INT64, i);
  } else {
    write_string_attribute(ctx, object, object_path, name, std::get<std::string>(value));
  }
}

void write_extra_attributes(const Context& ctx, hid_t object, const std::string& object_path,
                            const Attributes& attributes, const std::set<std::string, std::less<>>& reserved) {
  for (const auto& [name, value] : attributes) {
    if (reserved.count(name))
      throw Error("cannot write results file " + ctx.file().string() + ": attribute '" + name + "' of " +
                  object_path + " is reserved for dsim's own use");
    if (name.empty())
      throw Error("cannot write results file " + ctx.file().string() + ": an attribute of " + object_path +
                  " has an empty name");
    write_value_attribute(ctx, object, object_path, name, value);
  }
}

// Links and attributes keep their creation order, so that h5py and h5dump
// list them as written.
void track_creation_order(const Context& ctx, hid_t plist, const std::string& what) {
  ctx.check(H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  ctx.check(H5Pset_attr_creation_order(plist, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
}

void write_column(const Context& ctx, hid_t group, const std::string& table, const ResultsColumn& column,
                  const Hdf5WriteOptions& options) {
  const std::string where = "dataset /" + table + "/" + column.name;
  const hsize_t rows = column.size();
  // Unlimited so that an empty column can still be chunked (a chunk may not
  // exceed a fixed extent).
  const hsize_t max_rows = H5S_UNLIMITED;
  Handle space = ctx.make(H5Screate_simple(1, &rows, &max_rows), H5Sclose, "cannot shape " + where);

  Handle dcpl = ctx.make(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot set up " + where);
  const hsize_t chunk = std::clamp<hsize_t>(rows, 1, std::max<hsize_t>(options.chunk_rows, 1));
  ctx.check(H5Pset_chunk(dcpl.get(), 1, &chunk), "cannot chunk " + where);
  if (options.deflate_level > 0) {
    ctx.check(H5Pset_shuffle(dcpl.get()), "cannot set the shuffle filter on " + where);
    ctx.check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(std::min(options.deflate_level, 9))),
              "cannot set deflate compression on " + where);
  }

  Handle string_type;
  hid_t file_type = -1;
  hid_t memory_type = -1;
  const void* buffer = nullptr;
  std::vector<const char*> pointers;
  switch (column.type()) {
    case ColumnType::float64:
      file_type = H5T_IEEE_F64LE;
      memory_type = H5T_NATIVE_DOUBLE;
      buffer = std::get<std::vector<double>>(column.data).data();
      break;
    case ColumnType::int64:
      file_type = H5T_STD_I64LE;
      memory_type = H5T_NATIVE_INT64;
      buffer = std::get<std::vector<std::int64_t>>(column.data).data();
      break;
    case ColumnType::string:
      string_type = utf8_string_type(ctx);
      file_type = memory_type = string_type.get();
      for (const std::string& s : std::get<std::vector<std::string>>(column.data)) pointers.push_back(s.c_str());
      buffer = pointers.data();
      break;
  }

  Handle dataset =
      ctx.make(H5Dcreate2(group, column.name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
               H5Dclose, "cannot create " + where);
  if (rows > 0)
    ctx.check(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer), "cannot write " + where);
  const std::string object_path = "/" + table + "/" + column.name;
  write_string_attribute(ctx, dataset.get(), object_path, "units", column.unit);
  write_string_attribute(ctx, dataset.get(), object_path, "description", column.description);
  ctx.check(dataset.close(), "cannot close " + where);
}

void write_table(const Context& ctx, hid_t file, const ResultsTable& table, const Hdf5WriteOptions& options) {
  try {
    table.check_rectangular();
  } catch (const Error& e) {
    throw Error("cannot write results file " + ctx.file().string() + ": " + e.what());
  }
  const std::string where = "/" + table.name();
  Handle gcpl = ctx.make(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "cannot set up group " + where);
  track_creation_order(ctx, gcpl.get(), "cannot set up group " + where);
  Handle group = ctx.make(H5Gcreate2(file, table.name().c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                          "cannot create group " + where);

  std::vector<std::string> names;
  for (const ResultsColumn& c : table.columns()) names.push_back(c.name);
  write_string_array_attribute(ctx, group.get(), where, "columns", names);
  write_string_attribute(ctx, group.get(), where, "description", table.description());
  write_extra_attributes(ctx, group.get(), where, table.attributes(), reserved_table_attributes);

  for (const ResultsColumn& c : table.columns()) write_column(ctx, group.get(), table.name(), c, options);
  ctx.check(group.close(), "cannot close group " + where);
}

void write_root(const Context& ctx, hid_t file, const ResultsFile& results) {
  const ResultsMetadata& m = results.metadata;
  write_string_attribute(ctx, file, "/", "dsim_version", m.dsim_version);
  write_attribute(ctx, file, "/", "format_version", H5T_STD_I64LE, H5T_NATIVE_INT64, &results_format_version);
  write_string_attribute(ctx, file, "/", "scenario_file", m.scenario_file);
  write_attribute(ctx, file, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &m.seed);
  write_attribute(ctx, file, "/", "replications", H5T_STD_I64LE, H5T_NATIVE_INT64, &m.replications);
  write_string_attribute(ctx, file, "/", "created_utc", m.created_utc);
  write_string_attribute(ctx, file, "/", "command_line", m.command_line);
  write_string_attribute(ctx, file, "/", "scenario_text", m.scenario_text);
  std::vector<std::string> tables;
  for (const ResultsTable& t : results.tables()) tables.push_back(t.name());
  write_string_array_attribute(ctx, file, "/", "tables", tables);
  write_extra_attributes(ctx, file, "/", results.attributes, reserved_root_attributes);
}

// A file created next to the target under a fresh name, removed on
// destruction unless it was renamed over the target.
class TemporaryFile {
 public:
  explicit TemporaryFile(const fs::path& target) {
    std::random_device device;
    const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string suffix = ".tmp-";
      for (int i = 0; i < 6; ++i) suffix += alphabet[device() % (sizeof alphabet - 1)];
      fs::path candidate = target;
      candidate += suffix;
      // 0666 so that the umask, not us, decides who may read the results.
      const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0) {
        ::close(fd);
        path_ = std::move(candidate);
        return;
      }
      if (errno != EEXIST)
        throw InputError(target.string(), 0, "", "a results file path in an existing, writable directory",
                         std::strerror(errno));
    }
    throw Error("cannot create a temporary file next to " + target.string());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!path_.empty()) {
      std::error_code ignored;
      fs::remove(path_, ignored);
    }
  }

  const fs::path& path() const { return path_; }

  void rename_to(const fs::path& target) {
    std::error_code ec;
    fs::rename(path_, target, ec);
    if (ec) throw InputError(target.string(), 0, "", "a results file path that can be replaced", ec.message());
    path_.clear();
  }

 private:
  fs::path path_;
};

// File access without HDF5's advisory file lock: the writer works on a
// private temporary name.
Handle file_access(const Context& ctx) {
  return ctx.make(hdf5_support::file_access_without_locking(), H5Pclose, "cannot set up file access");
}

}  // namespace

void write_results(const ResultsFile& results, const std::filesystem::path& path, const Hdf5WriteOptions& options) {
  QuietHdf5Errors quiet;
  const Context ctx(path);
  // Declared before the HDF5 handles so that they close before it is removed.
  TemporaryFile temporary(path);
  Handle fcpl = ctx.make(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "cannot set up the file");
  track_creation_order(ctx, fcpl.get(), "cannot set up the file");
  Handle fapl = file_access(ctx);
  Handle file = ctx.make(H5Fcreate(temporary.path().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose,
                         "cannot create " + temporary.path().string());
  write_root(ctx, file.get(), results);
  for (const ResultsTable& table : results.tables()) write_table(ctx, file.get(), table, options);
  ctx.check(file.close(), "cannot finish the file");
  temporary.rename_to(path);
}

}  // namespace dsim
