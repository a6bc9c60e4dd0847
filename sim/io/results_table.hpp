// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace dsim {

// The three kinds of data a results column holds.
enum class ColumnType { float64, int64, string };

std::string_view to_string(ColumnType type);

using ColumnData = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;

// A scalar attribute attached to a table or a file.
using AttributeValue = std::variant<double, std::int64_t, std::string>;
using Attributes = std::map<std::string, AttributeValue>;

// The column every table with per-replication rows carries: the 0-based
// replication index r, the same r that keys the random streams.
inline constexpr std::string_view replication_column_name = "replication";

// One named column of a results table. `unit` follows docs/output-format.md:
// "s", "m", "1" (dimensionless), "people", ... and "" where a unit makes no
// sense (ids, names).
struct ResultsColumn {
  std::string name;
  std::string unit;
  std::string description;
  ColumnData data;

  ColumnType type() const { return static_cast<ColumnType>(data.index()); }
  std::size_t size() const;
  bool operator==(const ResultsColumn&) const = default;
};

// Appends to one column of a ResultsTable. Stays valid as long as the table
// lives, also when more columns are added or the table is moved (not copied).
template <class T>
class ColumnAppender {
 public:
  explicit ColumnAppender(std::vector<T>& data) : data_(&data) {}

  void push(T value) { data_->push_back(std::move(value)); }
  void reserve(std::size_t rows) { data_->reserve(rows); }
  std::size_t size() const { return data_->size(); }

 private:
  std::vector<T>* data_;
};

// A named table of equal-length typed columns, filled row by row:
//   ResultsTable incidents("incidents");
//   auto first = incidents.add_double_column("first_arrival_s", "s", "time from call to first unit on scene");
//   first.push(312.5);
// Column lengths are checked when the table is written (check_rectangular).
class ResultsTable {
 public:
  explicit ResultsTable(std::string name, std::string description = {});

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }

  // Adds an empty column; throws dsim::Error for an invalid or duplicate name.
  ColumnAppender<double> add_double_column(std::string name, std::string unit, std::string description);
  ColumnAppender<std::int64_t> add_int64_column(std::string name, std::string unit, std::string description);
  ColumnAppender<std::string> add_string_column(std::string name, std::string unit, std::string description);
  // The `replication` int64 column (see replication_column_name).
  ColumnAppender<std::int64_t> add_replication_column();
  // Adds a column with its data (used by readers and bindings).
  void add_column(ResultsColumn column);

  const std::deque<ResultsColumn>& columns() const { return columns_; }
  const ResultsColumn* find_column(std::string_view name) const;
  // Throws dsim::Error when the table has no such column.
  const ResultsColumn& column(std::string_view name) const;

  // Rows of the first column (0 when there are no columns).
  std::size_t rows() const;
  // Throws dsim::Error naming the table and the columns whose lengths differ.
  void check_rectangular() const;

  // Appends the rows of `other`, which must have the same column names and
  // types in the same order (e.g. the same table from another replication).
  void append_rows(const ResultsTable& other);

  Attributes& attributes() { return attributes_; }
  const Attributes& attributes() const { return attributes_; }
  void set_attribute(std::string key, AttributeValue value) { attributes_[std::move(key)] = std::move(value); }

  bool operator==(const ResultsTable&) const = default;

 private:
  template <class T>
  ColumnAppender<T> add_typed_column(std::string name, std::string unit, std::string description);

  std::string name_;
  std::string description_;
  // A deque so that appenders keep pointing at their column as columns are added.
  std::deque<ResultsColumn> columns_;
  Attributes attributes_;
};

namespace detail {
// Table and column names become HDF5 link names: non-empty, no '/', not "." or "..".
bool is_valid_results_name(std::string_view name);
}  // namespace detail

}  // namespace dsim
