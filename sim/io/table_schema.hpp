// SPDX-License-Identifier: MIT
#pragma once

#include "sim/io/results_file.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dsim {

// A results table described once, as a list of columns (name, unit,
// description and how a row gives the value), and written by one function:
//   TableSchema<Dispatch> schema("dispatches", "one row per unit sent");
//   schema.replication([](const Dispatch& d) { return d.replication; })
//         .real("travel_s", "s", "network travel time", [](const Dispatch& d) { return d.travel_s; });
//   schema.add_to(file, rows);
template <class Row>
class TableSchema {
 public:
  using Real = std::function<double(const Row&)>;
  using Integer = std::function<std::int64_t(const Row&)>;
  using Text = std::function<std::string(const Row&)>;

  TableSchema(std::string name, std::string description)
      : name_(std::move(name)), description_(std::move(description)) {}

  // The replication column (ResultsTable::add_replication_column).
  TableSchema& replication(Integer value) {
    columns_.push_back({std::string(replication_column_name), {}, {}, std::move(value), true});
    return *this;
  }
  TableSchema& real(std::string name, std::string unit, std::string description, Real value) {
    columns_.push_back({std::move(name), std::move(unit), std::move(description), std::move(value), false});
    return *this;
  }
  TableSchema& integer(std::string name, std::string unit, std::string description, Integer value) {
    columns_.push_back({std::move(name), std::move(unit), std::move(description), std::move(value), false});
    return *this;
  }
  TableSchema& text(std::string name, std::string unit, std::string description, Text value) {
    columns_.push_back({std::move(name), std::move(unit), std::move(description), std::move(value), false});
    return *this;
  }

  // Adds the table to `file`, its columns in the order described, one row per element of `rows`.
  ResultsTable& add_to(ResultsFile& file, const std::vector<Row>& rows) const {
    ResultsTable& table = file.add_table(name_, description_);
    for (const Column& c : columns_) {
      if (c.replication) {
        fill(table.add_replication_column(), std::get<Integer>(c.value), rows);
      } else if (const auto* real = std::get_if<Real>(&c.value)) {
        fill(table.add_double_column(c.name, c.unit, c.description), *real, rows);
      } else if (const auto* integer = std::get_if<Integer>(&c.value)) {
        fill(table.add_int64_column(c.name, c.unit, c.description), *integer, rows);
      } else {
        fill(table.add_string_column(c.name, c.unit, c.description), std::get<Text>(c.value), rows);
      }
    }
    return table;
  }

 private:
  struct Column {
    std::string name;
    std::string unit;
    std::string description;
    std::variant<Real, Integer, Text> value;
    bool replication;
  };

  template <class T, class Get>
  static void fill(ColumnAppender<T> column, const Get& get, const std::vector<Row>& rows) {
    column.reserve(rows.size());
    for (const Row& row : rows) column.push(get(row));
  }

  std::string name_;
  std::string description_;
  std::vector<Column> columns_;
};

}  // namespace dsim
