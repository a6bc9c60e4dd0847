// SPDX-License-Identifier: MIT
#include "python/bindings/bindings.hpp"
#include "sim/io/hdf5_results.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>

namespace py = pybind11;

namespace dsim::python {

namespace {

// A column from anything numpy.asarray accepts: floats become float64,
// integers and booleans int64, str (or bytes, as UTF-8) string.
ColumnData to_column_data(const py::handle& values, const std::string& where) {
  py::module_ numpy = py::module_::import("numpy");
  py::array array = numpy.attr("asarray")(values);
  if (array.ndim() != 1) throw py::value_error(where + ": expected a one-dimensional column");
  const char kind = array.dtype().kind();
  if (kind == 'f') {
    auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(array);
    return std::vector<double>(a.data(), a.data() + a.size());
  }
  if (kind == 'i' || kind == 'u' || kind == 'b') {
    auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(array);
    return std::vector<std::int64_t>(a.data(), a.data() + a.size());
  }
  if (kind == 'U' || kind == 'S' || kind == 'O') {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(array.size()));
    for (const py::handle item : array.attr("tolist")()) {
      if (py::isinstance<py::str>(item)) {
        out.push_back(item.cast<std::string>());
      } else if (py::isinstance<py::bytes>(item)) {
        out.push_back(item.attr("decode")("utf-8").cast<std::string>());
      } else {
        throw py::type_error(where + ": a string column holds a " +
                             py::str(py::type::handle_of(item).attr("__name__")).cast<std::string>());
      }
    }
    return out;
  }
  throw py::type_error(where + ": expected numbers or strings, got numpy dtype " +
                       py::str(array.dtype()).cast<std::string>());
}

AttributeValue to_attribute(const py::handle& value, const std::string& where) {
  if (py::isinstance<py::bool_>(value)) return static_cast<std::int64_t>(value.cast<bool>());
  if (py::isinstance<py::int_>(value)) return value.cast<std::int64_t>();
  if (py::isinstance<py::float_>(value)) return value.cast<double>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  throw py::type_error(where + ": expected an int, a float or a str");
}

std::string text_of(const py::dict& d, const char* key, const std::string& fallback = {}) {
  return d.contains(key) ? d[key].cast<std::string>() : fallback;
}

// Looks up nested[table][column] as a string, "" when absent.
std::string nested_text(const py::dict& nested, const std::string& table, const std::string& column) {
  if (!nested.contains(table)) return {};
  py::dict inner = nested[table.c_str()].cast<py::dict>();
  return inner.contains(column) ? inner[column.c_str()].cast<std::string>() : std::string();
}

ResultsFile to_results_file(const py::dict& tables, const py::dict& metadata, const py::dict& units,
                            const py::dict& descriptions) {
  ResultsFile file;
  ResultsMetadata& m = file.metadata;
  const ResultsMetadata defaults = make_results_metadata();
  m.dsim_version = text_of(metadata, "dsim_version", defaults.dsim_version);
  m.created_utc = text_of(metadata, "created_utc", defaults.created_utc);
  m.scenario_text = text_of(metadata, "scenario_text");
  m.scenario_file = text_of(metadata, "scenario_file");
  m.command_line = text_of(metadata, "command_line");
  if (metadata.contains("seed")) m.seed = metadata["seed"].cast<std::uint64_t>();
  if (metadata.contains("replications")) m.replications = metadata["replications"].cast<std::int64_t>();
  for (const auto& [key, value] : metadata) {
    const std::string name = key.cast<std::string>();
    if (name == "dsim_version" || name == "created_utc" || name == "scenario_text" || name == "scenario_file" ||
        name == "command_line" || name == "seed" || name == "replications")
      continue;
    file.attributes[name] = to_attribute(value, "metadata['" + name + "']");
  }

  for (const auto& [table_key, columns] : tables) {
    const std::string table_name = table_key.cast<std::string>();
    ResultsTable& table = file.add_table(table_name);
    for (const auto& [column_key, values] : columns.cast<py::dict>()) {
      const std::string column_name = column_key.cast<std::string>();
      table.add_column(ResultsColumn{column_name, nested_text(units, table_name, column_name),
                                     nested_text(descriptions, table_name, column_name),
                                     to_column_data(values, "tables['" + table_name + "']['" + column_name + "']")});
    }
  }
  return file;
}

}  // namespace

py::dict results_to_python(const ResultsFile& file) {
  auto column = [](const ResultsColumn& c) -> py::object {
    return std::visit(
        [](const auto& values) -> py::object {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) {
            return py::cast(values);
          } else {
            py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
            std::copy(values.begin(), values.end(), out.mutable_data());
            return std::move(out);
          }
        },
        c.data);
  };
  py::dict out, tables, units, descriptions, table_descriptions, table_attributes, meta;
  for (const ResultsTable& t : file.tables()) {
    py::dict columns, column_units, column_descriptions, attributes;
    for (const ResultsColumn& c : t.columns()) {
      columns[c.name.c_str()] = column(c);
      column_units[c.name.c_str()] = c.unit;
      column_descriptions[c.name.c_str()] = c.description;
    }
    tables[t.name().c_str()] = columns;
    units[t.name().c_str()] = column_units;
    descriptions[t.name().c_str()] = column_descriptions;
    table_descriptions[t.name().c_str()] = t.description();
    for (const auto& [name, value] : t.attributes())
      std::visit([&attributes, &name](const auto& v) { attributes[name.c_str()] = v; }, value);
    table_attributes[t.name().c_str()] = attributes;
  }
  meta["dsim_version"] = file.metadata.dsim_version;
  meta["scenario_text"] = file.metadata.scenario_text;
  meta["scenario_file"] = file.metadata.scenario_file;
  meta["seed"] = file.metadata.seed;
  meta["replications"] = file.metadata.replications;
  meta["created_utc"] = file.metadata.created_utc;
  meta["command_line"] = file.metadata.command_line;
  for (const auto& [name, value] : file.attributes)
    std::visit([&meta, &name](const auto& v) { meta[name.c_str()] = v; }, value);
  out["tables"] = tables;
  out["units"] = units;
  out["descriptions"] = descriptions;
  out["table_descriptions"] = table_descriptions;
  out["table_attributes"] = table_attributes;
  out["metadata"] = meta;
  return out;
}

void bind_io(py::module_& m) {
  m.def(
      "write_results",
      [](const std::string& path, const py::dict& tables, const py::dict& metadata, const py::dict& units,
         const py::dict& descriptions) {
        const ResultsFile file = to_results_file(tables, metadata, units, descriptions);
        py::gil_scoped_release release;
        write_results(file, path);
      },
      py::arg("path"), py::arg("tables"), py::arg("metadata") = py::dict(), py::arg("units") = py::dict(),
      py::arg("descriptions") = py::dict(),
      "Writes a dsim results file with the engine's writer.\n\n"
      "tables: {table: {column: 1-D array or list of str}}, columns in order; metadata: dsim_version,\n"
      "scenario_text, scenario_file, seed, replications, created_utc, command_line and further scalar\n"
      "root attributes; units and descriptions: {table: {column: str}}. Releases the GIL while writing.");
}

}  // namespace dsim::python
