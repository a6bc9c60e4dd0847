// SPDX-License-Identifier: MIT
#include "sim/io/hdf5_read.hpp"

#include "sim/core/error.hpp"
#include "sim/io/hdf5_results.hpp"
#include "sim/io/hdf5_support.hpp"

#include <hdf5.h>

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <variant>
#include <utility>
#include <vector>

namespace dsim {

namespace {

namespace fs = std::filesystem;

using hdf5_support::Handle;
using hdf5_support::hdf5_reason;
using hdf5_support::QuietHdf5Errors;

// The version-dependent names of two HDF5 calls.
htri_t is_hdf5_file(const fs::path& path) {
#if H5_VERSION_GE(1, 12, 0)
  return H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  return H5Fis_hdf5(path.c_str());
#endif
}

herr_t reclaim_strings(hid_t memory_type, hid_t space, char** buffer) {
#if H5_VERSION_GE(1, 12, 0)
  return H5Treclaim(memory_type, space, H5P_DEFAULT, buffer);
#else
  return H5Dvlen_reclaim(memory_type, space, H5P_DEFAULT, buffer);
#endif
}

const char* const damaged_hint = " (the file may be damaged)";

// Turns HDF5 failures and layout surprises into InputErrors that name the
// file and the object (the key: "/", "/incidents", "/incidents/kind", or an
// attribute as "/incidents@description").
class Reader {
 public:
  explicit Reader(fs::path file) : file_(std::move(file)) {}

  const fs::path& file() const { return file_; }

  // `found` defaults to the innermost HDF5 message; the stack is cleared either way.
  [[noreturn]] void fail(const std::string& key, const std::string& expected, std::string found = {}) const {
    const std::string reason = hdf5_reason();
    throw InputError(file_.string(), 0, key, expected, found.empty() ? reason : found);
  }
  void check(herr_t status, const std::string& key, const std::string& expected) const {
    if (status < 0) fail(key, expected + damaged_hint);
  }
  Handle make(hid_t id, Handle::Closer close, const std::string& key, const std::string& expected) const {
    if (id < 0) fail(key, expected + damaged_hint);
    return Handle(id, close);
  }

 private:
  fs::path file_;
};

std::string attribute_key(const std::string& object, const std::string& name) { return object + "@" + name; }

// A vector of `count` elements, or an InputError when a damaged size asks
// for more memory than there is.
template <class T>
std::vector<T> allocate(const Reader& reader, hsize_t count, const std::string& key) {
  try {
    return std::vector<T>(static_cast<std::size_t>(count));
  } catch (const std::bad_alloc&) {
  } catch (const std::length_error&) {
  }
  reader.fail(key, "a column that fits in memory", std::to_string(count) + " elements");
}

// Reads variable-length strings (an attribute's or a dataset's) into
// std::string; `read` fills the pointer buffer given the memory type.
template <class Read>
std::vector<std::string> read_variable_strings(const Reader& reader, hid_t file_type, hid_t space, hsize_t count,
                                               const std::string& key, Read read) {
  const htri_t variable = H5Tis_variable_str(file_type);
  if (variable < 0) reader.fail(key, "a readable string type" + std::string(damaged_hint));
  if (variable == 0) reader.fail(key, "variable-length strings, as dsim writes them", "fixed-length strings");
  const H5T_cset_t cset = H5Tget_cset(file_type);
  if (cset < 0) reader.fail(key, "a readable string type" + std::string(damaged_hint));

  Handle memory_type = reader.make(H5Tcopy(H5T_C_S1), H5Tclose, key, "a string type");
  reader.check(H5Tset_size(memory_type.get(), H5T_VARIABLE), key, "a string type");
  reader.check(H5Tset_cset(memory_type.get(), cset), key, "a string type");

  std::vector<std::string> values;
  if (count == 0) return values;
  std::vector<char*> pointers = allocate<char*>(reader, count, key);
  reader.check(read(memory_type.get(), pointers.data()), key, "readable strings");
  try {
    values.reserve(pointers.size());
    for (const char* p : pointers) values.emplace_back(p ? p : "");
  } catch (...) {
    reclaim_strings(memory_type.get(), space, pointers.data());
    throw;
  }
  // Frees the buffers HDF5 allocated, an attribute's as well as a dataset's.
  reader.check(reclaim_strings(memory_type.get(), space, pointers.data()), key,
               "strings that can be released");
  return values;
}

// ---------------------------------------------------------------------------
// Attributes

struct OpenAttribute {
  Handle attribute;
  Handle type;
  Handle space;
  H5T_class_t type_class = H5T_NO_CLASS;
  bool scalar = false;
  hsize_t count = 0;  // elements
};

OpenAttribute open_attribute(const Reader& reader, hid_t object, const std::string& key, const std::string& name) {
  OpenAttribute a;
  a.attribute = reader.make(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, key, "a readable attribute");
  a.type = reader.make(H5Aget_type(a.attribute.get()), H5Tclose, key, "a readable attribute type");
  a.space = reader.make(H5Aget_space(a.attribute.get()), H5Sclose, key, "a readable attribute shape");
  a.type_class = H5Tget_class(a.type.get());
  if (a.type_class == H5T_NO_CLASS) reader.fail(key, "a readable attribute type" + std::string(damaged_hint));
  const H5S_class_t space_class = H5Sget_simple_extent_type(a.space.get());
  if (space_class == H5S_NO_CLASS) reader.fail(key, "a readable attribute shape" + std::string(damaged_hint));
  a.scalar = space_class == H5S_SCALAR;
  const hssize_t points = H5Sget_simple_extent_npoints(a.space.get());
  if (points < 0) reader.fail(key, "a readable attribute shape" + std::string(damaged_hint));
  a.count = static_cast<hsize_t>(points);
  return a;
}

std::string type_class_name(H5T_class_t type_class) {
  switch (type_class) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "float";
    case H5T_STRING: return "string";
    case H5T_BITFIELD: return "bitfield";
    case H5T_OPAQUE: return "opaque";
    case H5T_COMPOUND: return "compound";
    case H5T_REFERENCE: return "reference";
    case H5T_ENUM: return "enum";
    case H5T_VLEN: return "variable-length sequence";
    case H5T_ARRAY: return "array";
    default: return "unknown type";
  }
}

// Integers dsim can hold as int64: any signed one and unsigned ones below 64 bits.
bool fits_int64(hid_t type) {
  const H5T_sign_t sign = H5Tget_sign(type);
  const std::size_t size = H5Tget_size(type);
  return sign == H5T_SGN_2 ? size <= 8 : sign == H5T_SGN_NONE && size < 8;
}

const char* const value_expected = "a scalar int64, float64 or UTF-8 string attribute";

AttributeValue read_value_attribute(const Reader& reader, hid_t object, const std::string& key,
                                    const std::string& name) {
  OpenAttribute a = open_attribute(reader, object, key, name);
  if (!a.scalar) reader.fail(key, value_expected, std::to_string(a.count) + " elements");
  const hid_t attribute = a.attribute.get();
  switch (a.type_class) {
    case H5T_FLOAT: {
      double value = 0;
      reader.check(H5Aread(attribute, H5T_NATIVE_DOUBLE, &value), key, "a readable float attribute");
      return value;
    }
    case H5T_INTEGER: {
      if (!fits_int64(a.type.get())) reader.fail(key, value_expected, "an unsigned 64-bit integer");
      std::int64_t value = 0;
      reader.check(H5Aread(attribute, H5T_NATIVE_INT64, &value), key, "a readable integer attribute");
      return value;
    }
    case H5T_STRING: {
      std::vector<std::string> values =
          read_variable_strings(reader, a.type.get(), a.space.get(), 1, key,
                                [&](hid_t memory_type, char** buffer) { return H5Aread(attribute, memory_type, buffer); });
      return std::move(values.front());
    }
    default: reader.fail(key, value_expected, type_class_name(a.type_class));
  }
}

bool has_attribute(const Reader& reader, hid_t object, const std::string& object_key, const std::string& name) {
  const htri_t exists = H5Aexists(object, name.c_str());
  if (exists < 0) reader.fail(attribute_key(object_key, name), "a readable attribute" + std::string(damaged_hint));
  return exists > 0;
}

void require_attribute(const Reader& reader, hid_t object, const std::string& object_key, const std::string& name,
                       const std::string& what) {
  if (!has_attribute(reader, object, object_key, name))
    reader.fail(attribute_key(object_key, name), what + ", as dsim writes it", "no such attribute");
}

std::string read_string_attribute(const Reader& reader, hid_t object, const std::string& object_key,
                                  const std::string& name) {
  require_attribute(reader, object, object_key, name, "a UTF-8 string attribute '" + name + "'");
  const std::string key = attribute_key(object_key, name);
  AttributeValue value = read_value_attribute(reader, object, key, name);
  if (auto* s = std::get_if<std::string>(&value)) return std::move(*s);
  reader.fail(key, "a UTF-8 string", "a number");
}

std::int64_t read_int64_attribute(const Reader& reader, hid_t object, const std::string& object_key,
                                  const std::string& name) {
  require_attribute(reader, object, object_key, name, "an int64 attribute '" + name + "'");
  const std::string key = attribute_key(object_key, name);
  const AttributeValue value = read_value_attribute(reader, object, key, name);
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  reader.fail(key, "an int64", std::holds_alternative<double>(value) ? "a float" : "a string");
}

std::uint64_t read_uint64_attribute(const Reader& reader, hid_t object, const std::string& object_key,
                                    const std::string& name) {
  require_attribute(reader, object, object_key, name, "a uint64 attribute '" + name + "'");
  const std::string key = attribute_key(object_key, name);
  OpenAttribute a = open_attribute(reader, object, key, name);
  if (!a.scalar || a.type_class != H5T_INTEGER) reader.fail(key, "a scalar uint64", type_class_name(a.type_class));
  std::uint64_t value = 0;
  reader.check(H5Aread(a.attribute.get(), H5T_NATIVE_UINT64, &value), key, "a readable integer attribute");
  return value;
}

std::vector<std::string> read_string_list_attribute(const Reader& reader, hid_t object, const std::string& object_key,
                                                    const std::string& name) {
  require_attribute(reader, object, object_key, name, "a 1-D string array attribute '" + name + "'");
  const std::string key = attribute_key(object_key, name);
  OpenAttribute a = open_attribute(reader, object, key, name);
  if (a.type_class != H5T_STRING || a.scalar) reader.fail(key, "a 1-D array of UTF-8 strings", type_class_name(a.type_class));
  const hid_t attribute = a.attribute.get();
  return read_variable_strings(reader, a.type.get(), a.space.get(), a.count, key,
                               [&](hid_t memory_type, char** buffer) { return H5Aread(attribute, memory_type, buffer); });
}

herr_t collect_attribute_name(hid_t, const char* name, const H5A_info_t*, void* names) {
  try {
    static_cast<std::vector<std::string>*>(names)->emplace_back(name);
    return 0;
  } catch (...) {
    return -1;  // stops the iteration; no exception may cross HDF5's C frames
  }
}

// Every attribute of `object` whose name is not in `reserved`.
Attributes read_extra_attributes(const Reader& reader, hid_t object, const std::string& object_key,
                                 const std::set<std::string, std::less<>>& reserved) {
  std::vector<std::string> names;
  hsize_t position = 0;
  reader.check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &position, collect_attribute_name, &names),
               object_key, "readable attributes");
  Attributes attributes;
  for (const std::string& name : names)
    if (!reserved.count(name))
      attributes.emplace(name, read_value_attribute(reader, object, attribute_key(object_key, name), name));
  return attributes;
}

// ---------------------------------------------------------------------------
// Tables and columns

const char* const column_expected = "a 1-D float64, int64 or UTF-8 string dataset";

ColumnData read_column_data(const Reader& reader, hid_t dataset, const std::string& key) {
  Handle space = reader.make(H5Dget_space(dataset), H5Sclose, key, "a readable dataset shape");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) reader.fail(key, "a readable dataset shape" + std::string(damaged_hint));
  if (rank != 1) reader.fail(key, column_expected, std::to_string(rank) + " dimensions");
  hsize_t rows = 0;
  if (H5Sget_simple_extent_dims(space.get(), &rows, nullptr) < 0)
    reader.fail(key, "a readable dataset shape" + std::string(damaged_hint));

  Handle type = reader.make(H5Dget_type(dataset), H5Tclose, key, "a readable dataset type");
  const H5T_class_t type_class = H5Tget_class(type.get());
  switch (type_class) {
    case H5T_FLOAT: {
      std::vector<double> values = allocate<double>(reader, rows, key);
      if (rows > 0)
        reader.check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), key,
                     "a readable float column");
      return values;
    }
    case H5T_INTEGER: {
      if (!fits_int64(type.get())) reader.fail(key, column_expected, "unsigned 64-bit integers");
      std::vector<std::int64_t> values = allocate<std::int64_t>(reader, rows, key);
      if (rows > 0)
        reader.check(H5Dread(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), key,
                     "a readable integer column");
      return values;
    }
    case H5T_STRING:
      return read_variable_strings(reader, type.get(), space.get(), rows, key, [&](hid_t memory_type, char** buffer) {
        return H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      });
    default:
      if (type_class == H5T_NO_CLASS) reader.fail(key, "a readable dataset type" + std::string(damaged_hint));
      reader.fail(key, column_expected, type_class_name(type_class));
  }
}

// An HDF5 link name that ResultsTable/ResultsFile accept (no '/', not empty).
void check_name(const Reader& reader, const std::string& key, const std::string& name, const char* what) {
  if (!detail::is_valid_results_name(name))
    reader.fail(key, std::string(what) + " name without '/' that is not empty, '.' or '..'", name);
}

ResultsColumn read_column(const Reader& reader, hid_t group, const std::string& table_key, const std::string& name) {
  const std::string key = table_key + "/" + name;
  check_name(reader, table_key + "@columns", name, "a column");
  const htri_t exists = H5Lexists(group, name.c_str(), H5P_DEFAULT);
  if (exists < 0) reader.fail(key, "a readable column" + std::string(damaged_hint));
  if (exists == 0) reader.fail(key, "the column dataset that @columns lists", "no such dataset");
  Handle dataset = reader.make(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, key, "a column dataset");
  ResultsColumn column;
  column.name = name;
  column.data = read_column_data(reader, dataset.get(), key);
  column.unit = read_string_attribute(reader, dataset.get(), key, "units");
  column.description = read_string_attribute(reader, dataset.get(), key, "description");
  return column;
}

ResultsTable read_table(const Reader& reader, hid_t file, const std::string& name) {
  const std::string key = "/" + name;
  check_name(reader, "/@tables", name, "a table");
  const htri_t exists = H5Lexists(file, name.c_str(), H5P_DEFAULT);
  if (exists < 0) reader.fail(key, "a readable table" + std::string(damaged_hint));
  if (exists == 0) reader.fail(key, "the table group that /@tables lists", "no such group");
  Handle group = reader.make(H5Gopen2(file, name.c_str(), H5P_DEFAULT), H5Gclose, key, "a table group");

  ResultsTable table(name, read_string_attribute(reader, group.get(), key, "description"));
  table.attributes() =
      read_extra_attributes(reader, group.get(), key, hdf5_support::reserved_table_attributes);
  for (const std::string& column : read_string_list_attribute(reader, group.get(), key, "columns")) {
    try {
      table.add_column(read_column(reader, group.get(), key, column));
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {  // e.g. a column listed twice
      reader.fail(key + "/" + column, "columns of distinct names", e.what());
    }
  }
  try {
    table.check_rectangular();
  } catch (const Error& e) {
    reader.fail(key, "columns of equal length", e.what());
  }
  return table;
}

ResultsMetadata read_metadata(const Reader& reader, hid_t file) {
  ResultsMetadata m;
  m.dsim_version = read_string_attribute(reader, file, "/", "dsim_version");
  m.scenario_file = read_string_attribute(reader, file, "/", "scenario_file");
  m.seed = read_uint64_attribute(reader, file, "/", "seed");
  m.replications = read_int64_attribute(reader, file, "/", "replications");
  m.created_utc = read_string_attribute(reader, file, "/", "created_utc");
  m.command_line = read_string_attribute(reader, file, "/", "command_line");
  m.scenario_text = read_string_attribute(reader, file, "/", "scenario_text");
  return m;
}

const char* const results_file_expected = "a dsim results file (HDF5, docs/output-format.md)";

Handle open_file(const Reader& reader) {
  const fs::path& path = reader.file();
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) reader.fail("", results_file_expected, "no such file");
  if (fs::is_directory(status)) reader.fail("", results_file_expected, "a directory");
  const htri_t is_hdf5 = is_hdf5_file(path);
  if (is_hdf5 < 0) reader.fail("", "a readable " + std::string(results_file_expected));
  if (is_hdf5 == 0) reader.fail("", results_file_expected, "a file that is not HDF5");
  Handle fapl = reader.make(hdf5_support::file_access_without_locking(), H5Pclose, "", "file access");
  Handle file = reader.make(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose, "",
                            "an HDF5 file that opens");
  return file;
}

}  // namespace

ResultsFile read_results(const std::filesystem::path& path) {
  QuietHdf5Errors quiet;
  const Reader reader(path);
  Handle file = open_file(reader);
  const hid_t root = file.get();

  if (!has_attribute(reader, root, "/", "format_version"))
    reader.fail("/@format_version", std::string(results_file_expected) + " with a root attribute format_version",
                "an HDF5 file without it");
  const std::int64_t version = read_int64_attribute(reader, root, "/", "format_version");
  if (version < 1 || version > results_format_version)
    reader.fail("/@format_version",
                "a format_version from 1 to " + std::to_string(results_format_version) +
                    (version > results_format_version ? " (a newer dsim wrote this file; read it with that one)" : ""),
                std::to_string(version));

  ResultsFile results;
  results.metadata = read_metadata(reader, root);
  results.attributes = read_extra_attributes(reader, root, "/", hdf5_support::reserved_root_attributes);
  for (const std::string& name : read_string_list_attribute(reader, root, "/", "tables")) {
    ResultsTable table = read_table(reader, root, name);
    try {
      results.add_table(std::move(table));
    } catch (const Error& e) {  // e.g. a table listed twice
      reader.fail("/" + name, "tables of distinct names", e.what());
    }
  }
  if (file.close() < 0) reader.fail("", "an HDF5 file that closes" + std::string(damaged_hint));
  return results;
}

bool is_results_file(const std::filesystem::path& path) noexcept {
  try {
    QuietHdf5Errors quiet;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    if (is_hdf5_file(path) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
    Handle fapl(hdf5_support::file_access_without_locking(), H5Pclose);
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
    const bool found = file.get() >= 0 && H5Aexists(file.get(), "format_version") > 0;
    H5Eclear2(H5E_DEFAULT);
    return found;
  } catch (...) {
    return false;
  }
}

}  // namespace dsim
