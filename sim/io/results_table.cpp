// SPDX-License-Identifier: MIT
#include "sim/io/results_table.hpp"

#include "sim/core/error.hpp"

#include <algorithm>
#include <type_traits>

namespace dsim {

// ColumnType values index ColumnData's alternatives.
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(ColumnType::float64), ColumnData>,
                             std::vector<double>>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(ColumnType::int64), ColumnData>,
                             std::vector<std::int64_t>>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(ColumnType::string), ColumnData>,
                             std::vector<std::string>>);

std::string_view to_string(ColumnType type) {
  switch (type) {
    case ColumnType::float64: return "float64";
    case ColumnType::int64: return "int64";
    case ColumnType::string: return "string";
  }
  return "unknown";
}

std::size_t ResultsColumn::size() const {
  return std::visit([](const auto& v) { return v.size(); }, data);
}

namespace detail {

bool is_valid_results_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

}  // namespace detail

ResultsTable::ResultsTable(std::string name, std::string description)
    : name_(std::move(name)), description_(std::move(description)) {
  if (!detail::is_valid_results_name(name_))
    throw Error("results table name '" + name_ + "' is not valid (empty, '.', '..' or containing '/')");
}

template <class T>
ColumnAppender<T> ResultsTable::add_typed_column(std::string name, std::string unit, std::string description) {
  add_column(ResultsColumn{std::move(name), std::move(unit), std::move(description), std::vector<T>{}});
  return ColumnAppender<T>(std::get<std::vector<T>>(columns_.back().data));
}

ColumnAppender<double> ResultsTable::add_double_column(std::string name, std::string unit, std::string description) {
  return add_typed_column<double>(std::move(name), std::move(unit), std::move(description));
}

ColumnAppender<std::int64_t> ResultsTable::add_int64_column(std::string name, std::string unit,
                                                            std::string description) {
  return add_typed_column<std::int64_t>(std::move(name), std::move(unit), std::move(description));
}

ColumnAppender<std::string> ResultsTable::add_string_column(std::string name, std::string unit,
                                                            std::string description) {
  return add_typed_column<std::string>(std::move(name), std::move(unit), std::move(description));
}

ColumnAppender<std::int64_t> ResultsTable::add_replication_column() {
  return add_int64_column(std::string(replication_column_name), "", "replication index (0-based)");
}

void ResultsTable::add_column(ResultsColumn column) {
  if (!detail::is_valid_results_name(column.name))
    throw Error("results table '" + name_ + "': column name '" + column.name +
                "' is not valid (empty, '.', '..' or containing '/')");
  if (find_column(column.name))
    throw Error("results table '" + name_ + "' already has a column '" + column.name + "'");
  columns_.push_back(std::move(column));
}

const ResultsColumn* ResultsTable::find_column(std::string_view name) const {
  auto it = std::find_if(columns_.begin(), columns_.end(), [&](const ResultsColumn& c) { return c.name == name; });
  return it == columns_.end() ? nullptr : &*it;
}

const ResultsColumn& ResultsTable::column(std::string_view name) const {
  if (const ResultsColumn* c = find_column(name)) return *c;
  throw Error("results table '" + name_ + "' has no column '" + std::string(name) + "'");
}

std::size_t ResultsTable::rows() const { return columns_.empty() ? 0 : columns_.front().size(); }

void ResultsTable::check_rectangular() const {
  const std::size_t n = rows();
  for (const ResultsColumn& c : columns_) {
    if (c.size() != n)
      throw Error("results table '" + name_ + "': column '" + c.name + "' has " + std::to_string(c.size()) +
                  " rows but column '" + columns_.front().name + "' has " + std::to_string(n));
  }
}

void ResultsTable::append_rows(const ResultsTable& other) {
  if (&other == this) {  // inserting a vector into itself is undefined
    const ResultsTable copy = other;
    append_rows(copy);
    return;
  }
  if (other.columns_.size() != columns_.size())
    throw Error("cannot append rows to results table '" + name_ + "': " + std::to_string(other.columns_.size()) +
                " columns given, " + std::to_string(columns_.size()) + " expected");
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const ResultsColumn& a = columns_[i];
    const ResultsColumn& b = other.columns_[i];
    if (a.name != b.name || a.type() != b.type())
      throw Error("cannot append rows to results table '" + name_ + "': column " + std::to_string(i) + " is '" +
                  b.name + "' (" + std::string(to_string(b.type())) + "), expected '" + a.name + "' (" +
                  std::string(to_string(a.type())) + ")");
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    std::visit(
        [&](auto& dst) {
          using Vec = std::decay_t<decltype(dst)>;
          const Vec& src = std::get<Vec>(other.columns_[i].data);
          dst.insert(dst.end(), src.begin(), src.end());
        },
        columns_[i].data);
  }
}

}  // namespace dsim
