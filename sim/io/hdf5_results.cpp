// SPDX-License-Identifier: MIT
#include "sim/io/hdf5_results.hpp"

#include "sim/core/error.hpp"

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

// Root attributes with a fixed meaning; ResultsFile::attributes may not reuse them.
const std::set<std::string, std::less<>> reserved_root_attributes = {
    "dsim_version", "format_version", "scenario_text", "scenario_file", "seed",
    "replications", "created_utc",    "command_line",  "tables"};
// Group attributes with a fixed meaning; ResultsTable::attributes may not reuse them.
const std::set<std::string, std::less<>> reserved_table_attributes = {"columns", "description"};

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

herr_t keep_innermost_message(unsigned n, const H5E_error2_t* error, void* client) {
  if (n == 0 && error->desc) *static_cast<std::string*>(client) = error->desc;
  return 0;
}

// The most specific message on HDF5's error stack ("No such file or
// directory", "wrong B-tree signature"); clears the stack.
std::string hdf5_reason() {
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

// Turns HDF5 failures into dsim errors that name the file and the object:
// dsim::Error when writing, dsim::InputError (the file is at fault) when reading.
class Context {
 public:
  Context(fs::path file, bool reading) : file_(std::move(file)), reading_(reading) {}

  const fs::path& file() const { return file_; }

  [[noreturn]] void fail(const std::string& what) const {
    const std::string reason = hdf5_reason();
    if (reading_) throw InputError(file_.string(), 0, "", "readable HDF5 data (" + what + ")", reason);
    throw Error("cannot write results file " + file_.string() + ": " + what + (reason.empty() ? "" : ": " + reason));
  }
  [[noreturn]] void bad_layout(const std::string& where, const std::string& expected,
                               const std::string& found = {}) const {
    H5Eclear2(H5E_DEFAULT);
    throw InputError(file_.string(), 0, where, expected, found);
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
  bool reading_;
};

Handle utf8_string_type(const Context& ctx, H5T_cset_t cset = H5T_CSET_UTF8) {
  Handle type = ctx.make(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  ctx.check(H5Tset_size(type.get(), H5T_VARIABLE), "cannot make a string type");
  ctx.check(H5Tset_cset(type.get(), cset), "cannot make a string type");
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

// File access without HDF5's advisory file lock where the file system has
// none (common on cluster file systems): the writer works on a private
// temporary name, and readers only read.
Handle file_access(const Context& ctx, bool lock) {
  Handle fapl = ctx.make(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "cannot set up file access");
#if (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 10 && H5_VERS_RELEASE >= 7) || H5_VERSION_GE(1, 12, 1)
  ctx.check(H5Pset_file_locking(fapl.get(), lock, /*ignore_when_disabled=*/true), "cannot set up file access");
#else
  (void)lock;
#endif
  return fapl;
}

// ---------------------------------------------------------------------------
// Reading

// Reads the strings of an attribute or dataset of string type `type`
// through `read(memory_type, buffer)`.
std::vector<std::string> read_strings(const Context& ctx, hid_t type, hid_t space,
                                      const std::function<herr_t(hid_t, void*)>& read, const std::string& what) {
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  if (count < 0) ctx.fail("cannot size " + what);
  const auto n = static_cast<std::size_t>(count);
  std::vector<std::string> out;
  out.reserve(n);
  const H5T_cset_t cset = H5Tget_cset(type);
  if (cset < 0) ctx.fail("cannot read the character set of " + what);
  const htri_t variable = H5Tis_variable_str(type);
  if (variable < 0) ctx.fail("cannot read the string type of " + what);
  if (variable > 0) {
    Handle memory = utf8_string_type(ctx, cset);
    std::vector<char*> pointers(n, nullptr);
    if (n == 0) return out;
    ctx.check(read(memory.get(), pointers.data()), "cannot read " + what);
    for (const char* p : pointers) out.emplace_back(p ? p : "");
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(memory.get(), space, H5P_DEFAULT, pointers.data());
#else
    H5Dvlen_reclaim(memory.get(), space, H5P_DEFAULT, pointers.data());
#endif
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  if (size == 0) ctx.fail("cannot read the string size of " + what);
  // One byte more than stored so that the terminating NUL never eats a character.
  Handle memory = ctx.make(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  ctx.check(H5Tset_size(memory.get(), size + 1), "cannot make a string type");
  ctx.check(H5Tset_strpad(memory.get(), H5T_STR_NULLTERM), "cannot make a string type");
  ctx.check(H5Tset_cset(memory.get(), cset), "cannot make a string type");
  std::vector<char> buffer(std::max<std::size_t>(n, 1) * (size + 1), '\0');
  if (n == 0) return out;
  ctx.check(read(memory.get(), buffer.data()), "cannot read " + what);
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = buffer.data() + i * (size + 1);
    out.emplace_back(p, strnlen(p, size + 1));
  }
  return out;
}

bool has_attribute(const Context& ctx, hid_t object, const std::string& object_path, const std::string& name) {
  const htri_t exists = H5Aexists(object, name.c_str());
  if (exists < 0) ctx.fail("cannot look up " + attribute_where(object_path, name));
  return exists > 0;
}

struct OpenAttribute {
  Handle attribute;
  Handle type;
  Handle space;
  H5T_class_t type_class;
  hssize_t count;
};

OpenAttribute open_attribute(const Context& ctx, hid_t object, const std::string& object_path,
                             const std::string& name) {
  const std::string where = attribute_where(object_path, name);
  OpenAttribute a;
  a.attribute = ctx.make(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "cannot open " + where);
  a.type = ctx.make(H5Aget_type(a.attribute.get()), H5Tclose, "cannot read the type of " + where);
  a.space = ctx.make(H5Aget_space(a.attribute.get()), H5Sclose, "cannot read the shape of " + where);
  a.type_class = H5Tget_class(a.type.get());
  a.count = H5Sget_simple_extent_npoints(a.space.get());
  if (a.type_class < 0 || a.count < 0) ctx.fail("cannot read " + where);
  return a;
}

std::vector<std::string> read_string_attribute_values(const Context& ctx, OpenAttribute& a, const std::string& where) {
  hid_t attribute = a.attribute.get();
  return read_strings(
      ctx, a.type.get(), a.space.get(),
      [attribute](hid_t memory_type, void* buffer) { return H5Aread(attribute, memory_type, buffer); }, where);
}

// A scalar string attribute, nullopt when absent.
std::optional<std::string> read_string_attribute(const Context& ctx, hid_t object, const std::string& object_path,
                                                 const std::string& name) {
  if (!has_attribute(ctx, object, object_path, name)) return std::nullopt;
  OpenAttribute a = open_attribute(ctx, object, object_path, name);
  if (a.type_class != H5T_STRING || a.count != 1)
    ctx.bad_layout(object_path + " (attribute " + name + ")", "a single string");
  return read_string_attribute_values(ctx, a, attribute_where(object_path, name)).front();
}

std::vector<std::string> read_string_array_attribute(const Context& ctx, hid_t object, const std::string& object_path,
                                                     const std::string& name) {
  if (!has_attribute(ctx, object, object_path, name))
    ctx.bad_layout(object_path + " (attribute " + name + ")", "the attribute '" + name + "' (a list of names)");
  OpenAttribute a = open_attribute(ctx, object, object_path, name);
  if (a.type_class != H5T_STRING)
    ctx.bad_layout(object_path + " (attribute " + name + ")", "a list of strings");
  return read_string_attribute_values(ctx, a, attribute_where(object_path, name));
}

template <class T>
std::optional<T> read_number_attribute(const Context& ctx, hid_t object, const std::string& object_path,
                                       const std::string& name, hid_t memory_type) {
  if (!has_attribute(ctx, object, object_path, name)) return std::nullopt;
  OpenAttribute a = open_attribute(ctx, object, object_path, name);
  if ((a.type_class != H5T_INTEGER && a.type_class != H5T_FLOAT) || a.count != 1)
    ctx.bad_layout(object_path + " (attribute " + name + ")", "a single number");
  T value{};
  ctx.check(H5Aread(a.attribute.get(), memory_type, &value), "cannot read " + attribute_where(object_path, name));
  return value;
}

herr_t collect_attribute_name(hid_t, const char* name, const H5A_info_t*, void* client) {
  static_cast<std::vector<std::string>*>(client)->emplace_back(name);
  return 0;
}

// Scalar number and string attributes other than the reserved ones; others
// (arrays, compound types) are not ours and are skipped.
Attributes read_extra_attributes(const Context& ctx, hid_t object, const std::string& object_path,
                                 const std::set<std::string, std::less<>>& reserved) {
  std::vector<std::string> names;
  ctx.check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attribute_name, &names),
            "cannot list the attributes of " + object_path);
  Attributes out;
  for (const std::string& name : names) {
    if (reserved.count(name)) continue;
    OpenAttribute a = open_attribute(ctx, object, object_path, name);
    if (a.count != 1) continue;
    const std::string where = attribute_where(object_path, name);
    if (a.type_class == H5T_STRING) {
      out[name] = read_string_attribute_values(ctx, a, where).front();
    } else if (a.type_class == H5T_INTEGER) {
      std::int64_t v = 0;
      ctx.check(H5Aread(a.attribute.get(), H5T_NATIVE_INT64, &v), "cannot read " + where);
      out[name] = v;
    } else if (a.type_class == H5T_FLOAT) {
      double v = 0;
      ctx.check(H5Aread(a.attribute.get(), H5T_NATIVE_DOUBLE, &v), "cannot read " + where);
      out[name] = v;
    }
  }
  return out;
}

ResultsColumn read_column(const Context& ctx, hid_t group, const std::string& table, const std::string& name) {
  const std::string object_path = "/" + table + "/" + name;
  const std::string where = "dataset " + object_path;
  const htri_t exists = H5Lexists(group, name.c_str(), H5P_DEFAULT);
  if (exists < 0) ctx.fail("cannot look up " + where);
  if (exists == 0) ctx.bad_layout(object_path, "the dataset listed in the attribute 'columns' of /" + table);

  Handle dataset = ctx.make(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot open " + where);
  Handle space = ctx.make(H5Dget_space(dataset.get()), H5Sclose, "cannot read the shape of " + where);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) ctx.fail("cannot read the shape of " + where);
  if (rank != 1) ctx.bad_layout(object_path, "a one-dimensional dataset", std::to_string(rank) + " dimensions");
  hsize_t rows = 0;
  if (H5Sget_simple_extent_dims(space.get(), &rows, nullptr) < 0) ctx.fail("cannot read the shape of " + where);
  Handle type = ctx.make(H5Dget_type(dataset.get()), H5Tclose, "cannot read the type of " + where);

  ResultsColumn column;
  column.name = name;
  const hid_t ds = dataset.get();
  auto read_numbers = [&](auto& values, hid_t memory_type) {
    values.resize(rows);
    if (rows > 0)
      ctx.check(H5Dread(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "cannot read " + where);
  };
  switch (H5Tget_class(type.get())) {
    case H5T_FLOAT: {
      std::vector<double> values;
      read_numbers(values, H5T_NATIVE_DOUBLE);
      column.data = std::move(values);
      break;
    }
    case H5T_INTEGER: {
      std::vector<std::int64_t> values;
      read_numbers(values, H5T_NATIVE_INT64);
      column.data = std::move(values);
      break;
    }
    case H5T_STRING:
      column.data = read_strings(
          ctx, type.get(), space.get(),
          [ds](hid_t memory_type, void* buffer) {
            return H5Dread(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
          },
          where);
      break;
    default: ctx.bad_layout(object_path, "a column of numbers or strings");
  }
  column.unit = read_string_attribute(ctx, ds, object_path, "units").value_or("");
  column.description = read_string_attribute(ctx, ds, object_path, "description").value_or("");
  return column;
}

ResultsTable read_table(const Context& ctx, hid_t file, const std::string& name) {
  const std::string where = "/" + name;
  if (!detail::is_valid_results_name(name)) ctx.bad_layout("/ (attribute tables)", "table names", name);
  const htri_t exists = H5Lexists(file, name.c_str(), H5P_DEFAULT);
  if (exists < 0) ctx.fail("cannot look up group " + where);
  if (exists == 0) ctx.bad_layout(where, "the group listed in the root attribute 'tables'");
  Handle group = ctx.make(H5Gopen2(file, name.c_str(), H5P_DEFAULT), H5Gclose, "cannot open group " + where);

  ResultsTable table(name, read_string_attribute(ctx, group.get(), where, "description").value_or(""));
  table.attributes() = read_extra_attributes(ctx, group.get(), where, reserved_table_attributes);
  const std::vector<std::string> columns = read_string_array_attribute(ctx, group.get(), where, "columns");
  for (const std::string& c : columns) {
    if (!detail::is_valid_results_name(c) || table.find_column(c))
      ctx.bad_layout(where + " (attribute columns)", "distinct column names", c);
    table.add_column(read_column(ctx, group.get(), name, c));
  }
  for (const ResultsColumn& c : table.columns()) {
    if (c.size() != table.rows())
      ctx.bad_layout(where + "/" + c.name, "as many rows as /" + name + "/" + table.columns().front().name + " (" +
                                               std::to_string(table.rows()) + ")",
                     std::to_string(c.size()));
  }
  return table;
}

}  // namespace

void write_results(const ResultsFile& results, const std::filesystem::path& path, const Hdf5WriteOptions& options) {
  QuietHdf5Errors quiet;
  const Context ctx(path, /*reading=*/false);
  // Declared before the HDF5 handles so that they close before it is removed.
  TemporaryFile temporary(path);
  Handle fcpl = ctx.make(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "cannot set up the file");
  track_creation_order(ctx, fcpl.get(), "cannot set up the file");
  Handle fapl = file_access(ctx, /*lock=*/false);
  Handle file = ctx.make(H5Fcreate(temporary.path().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose,
                         "cannot create " + temporary.path().string());
  write_root(ctx, file.get(), results);
  for (const ResultsTable& table : results.tables()) write_table(ctx, file.get(), table, options);
  ctx.check(file.close(), "cannot finish the file");
  temporary.rename_to(path);
}

ResultsFile read_results(const std::filesystem::path& path) {
  QuietHdf5Errors quiet;
  const Context ctx(path, /*reading=*/true);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(path.string(), 0, "", "an existing dsim results file", "no such file");
  if (fs::is_directory(status)) throw InputError(path.string(), 0, "", "a dsim results file", "a directory");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 < 0) {
    const std::string reason = hdf5_reason();
    throw InputError(path.string(), 0, "", "a readable dsim results file", reason.empty() ? "cannot read it" : reason);
  }
  if (is_hdf5 == 0)
    throw InputError(path.string(), 0, "", "a dsim results file (HDF5)", "a file that is not HDF5");

  Handle fapl = file_access(ctx, /*lock=*/true);
  Handle file = ctx.make(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose, "cannot open the file");
  const hid_t f = file.get();
  ResultsFile results;
  ResultsMetadata& m = results.metadata;
  std::optional<std::string> version = read_string_attribute(ctx, f, "/", "dsim_version");
  if (!version)
    ctx.bad_layout("/", "a dsim results file (an HDF5 file whose root has the attribute dsim_version)");
  m.dsim_version = *version;
  const std::int64_t format =
      read_number_attribute<std::int64_t>(ctx, f, "/", "format_version", H5T_NATIVE_INT64).value_or(1);
  if (format > results_format_version)
    ctx.bad_layout("/ (attribute format_version)",
                   "a results file of format version " + std::to_string(results_format_version) +
                       " or older (this one was written by a newer dsim, " + m.dsim_version + ")",
                   std::to_string(format));
  m.scenario_text = read_string_attribute(ctx, f, "/", "scenario_text").value_or("");
  m.scenario_file = read_string_attribute(ctx, f, "/", "scenario_file").value_or("");
  m.seed = read_number_attribute<std::uint64_t>(ctx, f, "/", "seed", H5T_NATIVE_UINT64).value_or(0);
  m.replications = read_number_attribute<std::int64_t>(ctx, f, "/", "replications", H5T_NATIVE_INT64).value_or(0);
  m.created_utc = read_string_attribute(ctx, f, "/", "created_utc").value_or("");
  m.command_line = read_string_attribute(ctx, f, "/", "command_line").value_or("");
  results.attributes = read_extra_attributes(ctx, f, "/", reserved_root_attributes);

  for (const std::string& name : read_string_array_attribute(ctx, f, "/", "tables")) {
    if (results.find_table(name)) ctx.bad_layout("/ (attribute tables)", "distinct table names", name);
    results.add_table(read_table(ctx, f, name));
  }
  ctx.check(file.close(), "cannot close the file");
  return results;
}

}  // namespace dsim
