// SPDX-License-Identifier: MIT
#include "sim/io/results_file.hpp"

#include "sim/core/error.hpp"
#include "sim/version.hpp"

#include <algorithm>
#include <ctime>

namespace dsim {

std::string iso8601_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

ResultsMetadata make_results_metadata() {
  ResultsMetadata m;
  m.dsim_version = DSIM_VERSION;
  m.created_utc = iso8601_utc_now();
  return m;
}

ResultsTable& ResultsFile::add_table(std::string name, std::string description) {
  return add_table(ResultsTable(std::move(name), std::move(description)));
}

ResultsTable& ResultsFile::add_table(ResultsTable table) {
  if (find_table(table.name())) throw Error("results file already has a table '" + table.name() + "'");
  tables_.push_back(std::move(table));
  return tables_.back();
}

ResultsTable* ResultsFile::find_table(std::string_view name) {
  auto it = std::find_if(tables_.begin(), tables_.end(), [&](const ResultsTable& t) { return t.name() == name; });
  return it == tables_.end() ? nullptr : &*it;
}

const ResultsTable* ResultsFile::find_table(std::string_view name) const {
  return const_cast<ResultsFile*>(this)->find_table(name);
}

const ResultsTable& ResultsFile::table(std::string_view name) const {
  if (const ResultsTable* t = find_table(name)) return *t;
  std::string known;
  for (const ResultsTable& t : tables_) known += (known.empty() ? "" : ", ") + t.name();
  throw Error("results file has no table '" + std::string(name) + "' (tables: " + (known.empty() ? "none" : known) +
              ")");
}

}  // namespace dsim
