// SPDX-License-Identifier: MIT
#include "sim/io/results_file.hpp"
#include "sim/io/results_table.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace dsim;

TEST_CASE("ResultsTable appenders keep filling their column as more columns are added", "[io]") {
  ResultsTable t("incidents");
  auto replication = t.add_replication_column();
  auto time = t.add_double_column("call_time_s", "s", "time of the call");
  replication.push(0);
  time.push(12.5);
  for (int i = 0; i < 100; ++i) t.add_int64_column("extra_" + std::to_string(i), "", "");
  auto kind = t.add_string_column("kind", "", "incident type");
  replication.push(1);
  time.push(20.0);
  kind.push("fire");
  kind.push("flood");
  CHECK(std::get<std::vector<std::int64_t>>(t.column("replication").data) == std::vector<std::int64_t>{0, 1});
  CHECK(std::get<std::vector<double>>(t.column("call_time_s").data) == std::vector<double>{12.5, 20.0});
  CHECK(t.column("kind").type() == ColumnType::string);
  CHECK(t.column("replication").unit.empty());
  CHECK(time.size() == 2);
}

TEST_CASE("ResultsTable appenders survive moving the table", "[io]") {
  ResultsTable t("units");
  auto busy = t.add_double_column("busy_s", "s", "");
  ResultsTable moved = std::move(t);
  busy.push(3.0);
  CHECK(moved.rows() == 1);
}

TEST_CASE("ResultsTable refuses duplicate and invalid column names", "[io]") {
  ResultsTable t("kpis");
  t.add_double_column("value", "1", "");
  CHECK_THROWS_AS(t.add_int64_column("value", "", ""), Error);
  CHECK_THROWS_AS(t.add_int64_column("a/b", "", ""), Error);
  CHECK_THROWS_AS(t.add_int64_column("", "", ""), Error);
  CHECK_THROWS_AS(ResultsTable("a/b"), Error);
  CHECK_THROWS_AS(ResultsTable(".."), Error);
}

TEST_CASE("ResultsTable::check_rectangular names the column that is too short", "[io]") {
  ResultsTable t("dispatches");
  auto a = t.add_double_column("a", "s", "");
  auto b = t.add_double_column("b", "s", "");
  a.push(1.0);
  a.push(2.0);
  b.push(1.0);
  REQUIRE_THROWS_AS(t.check_rectangular(), Error);
  CHECK_THROWS_WITH(t.check_rectangular(), Catch::Contains("'b' has 1 rows") && Catch::Contains("dispatches"));
  b.push(2.0);
  CHECK_NOTHROW(t.check_rectangular());
  CHECK(t.rows() == 2);
}

TEST_CASE("ResultsTable::append_rows concatenates tables of one schema and refuses others", "[io]") {
  auto make = [](std::int64_t r, int rows) {
    ResultsTable t("incidents");
    auto rep = t.add_replication_column();
    auto x = t.add_double_column("x_m", "m", "");
    auto s = t.add_string_column("s", "", "");
    for (int i = 0; i < rows; ++i) {
      rep.push(r);
      x.push(i);
      s.push("row " + std::to_string(i));
    }
    return t;
  };
  ResultsTable all = make(0, 2);
  all.append_rows(make(1, 3));
  CHECK(all.rows() == 5);
  CHECK(std::get<std::vector<std::int64_t>>(all.column("replication").data) ==
        std::vector<std::int64_t>{0, 0, 1, 1, 1});
  CHECK(std::get<std::vector<std::string>>(all.column("s").data).back() == "row 2");
  all.append_rows(all);
  CHECK(all.rows() == 10);

  ResultsTable other("incidents");
  other.add_replication_column();
  other.add_int64_column("x_m", "m", "");
  other.add_string_column("s", "", "");
  CHECK_THROWS_AS(all.append_rows(other), Error);
  CHECK(all.rows() == 10);
}

TEST_CASE("ResultsFile keeps tables in order and refuses a second table of the same name", "[io]") {
  ResultsFile f;
  ResultsTable& incidents = f.add_table("incidents");
  f.add_table("dispatches");
  incidents.add_double_column("t_s", "s", "").push(1.0);
  CHECK(f.tables().front().name() == "incidents");
  CHECK(f.table("incidents").rows() == 1);
  CHECK_THROWS_AS(f.add_table("dispatches"), Error);
  CHECK_THROWS_WITH(f.table("units"), Catch::Contains("incidents, dispatches"));
  CHECK(f.find_table("units") == nullptr);
}

TEST_CASE("make_results_metadata stamps the version and an ISO 8601 UTC time", "[io]") {
  const ResultsMetadata m = make_results_metadata();
  CHECK_FALSE(m.dsim_version.empty());
  CHECK(std::regex_match(m.created_utc, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}
