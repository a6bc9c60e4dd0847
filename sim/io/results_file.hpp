// SPDX-License-Identifier: MIT
#pragma once

#include "sim/io/results_table.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace dsim {

// What a results file says about the run that made it (root attributes of
// the HDF5 file, see docs/output-format.md).
struct ResultsMetadata {
  std::string dsim_version;   // the dsim that wrote the file
  std::string scenario_text;  // the scenario YAML exactly as the user wrote it
  std::string scenario_file;  // its file name as given on the command line
  std::uint64_t seed = 0;
  std::int64_t replications = 0;  // replications asked for; the tables say which finished
  std::string created_utc;        // ISO 8601, e.g. 2026-03-01T12:00:00Z
  std::string command_line;

  bool operator==(const ResultsMetadata&) const = default;
};

// Metadata filled with this dsim's version and the current time.
ResultsMetadata make_results_metadata();

// The current time as ISO 8601 UTC with seconds: 2026-03-01T12:00:00Z.
std::string iso8601_utc_now();

// Everything one results file holds: metadata, extra file attributes and
// tables in the order they were added.
class ResultsFile {
 public:
  ResultsMetadata metadata;
  // Further root attributes (names must not clash with the metadata's).
  Attributes attributes;

  // Adds an empty table; throws dsim::Error if the name is taken or invalid.
  ResultsTable& add_table(std::string name, std::string description = {});
  // Adds a filled table (e.g. one built per replication and merged).
  ResultsTable& add_table(ResultsTable table);

  const std::deque<ResultsTable>& tables() const { return tables_; }
  ResultsTable* find_table(std::string_view name);
  const ResultsTable* find_table(std::string_view name) const;
  // Throws dsim::Error when there is no such table.
  const ResultsTable& table(std::string_view name) const;

  bool operator==(const ResultsFile&) const = default;

 private:
  // A deque so that references returned by add_table stay valid.
  std::deque<ResultsTable> tables_;
};

}  // namespace dsim
