// SPDX-License-Identifier: MIT
#include "sim/io/hdf5_read.hpp"

#include "sim/core/error.hpp"
#include "sim/io/hdf5_results.hpp"

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

using namespace dsim;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp directory, removed afterwards.
struct ScratchDirectory {
  fs::path path;
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "dsim-read-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// Every column type, UTF-8 beyond ASCII, an empty table, a table without
// columns, extra attributes of every kind; tables and columns deliberately
// not in alphabetical order, so that reading them back by name would show.
ResultsFile sample_results() {
  ResultsFile f;
  f.metadata = make_results_metadata();
  f.metadata.scenario_file = "scenarios/鄂尔多斯.yaml";
  f.metadata.scenario_text = "name: 鄂尔多斯 暴雨\nregion:\n  synthetic: {seed: 7}\n";
  f.metadata.seed = std::numeric_limits<std::uint64_t>::max() - 11;
  f.metadata.replications = 4;
  f.metadata.command_line = "dsim run 鄂尔多斯.yaml -r 4 -o part-0.h5";
  f.attributes["horizon_s"] = 86400.5;
  f.attributes["first_replication"] = std::int64_t{-3};
  f.attributes["scenario_name"] = std::string("东胜区 洪水");

  ResultsTable& zones = f.add_table("zones", "one row per zone and replication");
  auto rep = zones.add_replication_column();
  auto name = zones.add_string_column("name", "", "place name");
  auto people = zones.add_int64_column("people", "people", "residents");
  auto arrival = zones.add_double_column("arrival_s", "s", "first arrival");
  const std::vector<std::string> names = {"东胜区", "伊金霍洛旗", "", "康巴什区 (新区)", "tab\there \"quoted\"\n"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    rep.push(static_cast<std::int64_t>(i / 2));
    name.push(names[i]);
    people.push(std::numeric_limits<std::int64_t>::min() + static_cast<std::int64_t>(i));
    arrival.push(-1.5e300 + 0.25 * static_cast<double>(i));
  }
  zones.set_attribute("zone_count", std::int64_t{5});
  zones.set_attribute("circle_s", 300.0);
  zones.set_attribute("source", std::string("鄂尔多斯市统计局"));

  ResultsTable& dispatches = f.add_table("dispatches", "no dispatch happened");
  dispatches.add_replication_column();
  dispatches.add_double_column("travel_time_s", "s", "");
  dispatches.add_string_column("unit", "", "the unit sent");

  f.add_table("alpha");  // no columns at all

  ResultsTable& kpis = f.add_table("kpis", "across replications");
  auto kpi = kpis.add_string_column("kpi", "", "indicator");
  auto mean = kpis.add_double_column("mean", "1", "mean over replications");
  for (int i = 0; i < 300; ++i) {
    kpi.push("指标 " + std::to_string(i));
    mean.push(i / 7.0);
  }
  return f;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Opens `path` for writing with HDF5 (to make a file dsim would not write).
hid_t open_for_edit(const fs::path& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(file >= 0);
  return file;
}

void set_int64_attribute(hid_t object, const char* name, std::int64_t value) {
  if (H5Aexists(object, name) > 0) REQUIRE(H5Adelete(object, name) >= 0);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attribute = H5Acreate2(object, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(attribute >= 0);
  REQUIRE(H5Awrite(attribute, H5T_NATIVE_INT64, &value) >= 0);
  H5Aclose(attribute);
  H5Sclose(space);
}

std::string read_error(const fs::path& path) {
  try {
    read_results(path);
  } catch (const InputError& e) {
    CHECK(e.file() == path.string());
    return e.what();
  }
  FAIL("read_results did not throw InputError for " << path);
  return {};
}

}  // namespace

TEST_CASE("read_results gives back exactly what write_results wrote", "[hdf5_read]") {
  ScratchDirectory dir;
  const ResultsFile written = sample_results();
  const fs::path path = dir.path / "part-0.h5";
  write_results(written, path);

  const ResultsFile read = read_results(path);
  // format_version and the `tables`/`columns` lists are the layout's own
  // bookkeeping: they do not appear in what is read, so the whole file compares equal.
  REQUIRE(read == written);
  // Spelled out, so that a failure says where.
  REQUIRE(read.metadata == written.metadata);
  REQUIRE(read.attributes == written.attributes);
  REQUIRE(std::holds_alternative<std::int64_t>(read.attributes.at("first_replication")));
  REQUIRE(read.tables().size() == 4);
  const std::vector<std::string> order = {"zones", "dispatches", "alpha", "kpis"};
  for (std::size_t i = 0; i < order.size(); ++i) REQUIRE(read.tables()[i].name() == order[i]);
  const ResultsTable& zones = read.table("zones");
  REQUIRE(zones.columns()[1].name == "name");
  REQUIRE(std::get<std::vector<std::string>>(zones.column("name").data)[1] == "伊金霍洛旗");
  REQUIRE(zones.column("people").type() == ColumnType::int64);
  REQUIRE(zones.attributes() == written.table("zones").attributes());
  REQUIRE(read.table("dispatches").rows() == 0);
  REQUIRE(read.table("dispatches").columns().size() == 3);
  REQUIRE(read.table("dispatches").column("unit").description == "the unit sent");
  REQUIRE(read.table("alpha").columns().empty());

  SECTION("and a file read back writes the same file again") {
    const fs::path again = dir.path / "again.h5";
    write_results(read, again);
    REQUIRE(read_results(again) == written);
  }
}

TEST_CASE("read_results keeps NaN and infinities", "[hdf5_read]") {
  ScratchDirectory dir;
  ResultsFile f;
  auto x = f.add_table("t").add_double_column("x_s", "s", "");
  x.push(std::numeric_limits<double>::quiet_NaN());
  x.push(std::numeric_limits<double>::infinity());
  x.push(-std::numeric_limits<double>::infinity());
  write_results(f, dir.path / "nan.h5");
  const ResultsFile read = read_results(dir.path / "nan.h5");
  const auto& values = std::get<std::vector<double>>(read.table("t").column("x_s").data);
  REQUIRE(values.size() == 3);
  REQUIRE(std::isnan(values[0]));
  REQUIRE(values[1] == std::numeric_limits<double>::infinity());
  REQUIRE(values[2] == -std::numeric_limits<double>::infinity());
}

TEST_CASE("read_results refuses a missing file, a directory and a file that is not HDF5", "[hdf5_read]") {
  ScratchDirectory dir;
  REQUIRE_THAT(read_error(dir.path / "absent.h5"), Catch::Contains("no such file"));
  REQUIRE_THAT(read_error(dir.path), Catch::Contains("a directory"));
  write_text(dir.path / "table.csv", "replication,x\n0,1\n");
  REQUIRE_THAT(read_error(dir.path / "table.csv"), Catch::Contains("not HDF5"));
  write_text(dir.path / "empty.h5", "");
  REQUIRE_THAT(read_error(dir.path / "empty.h5"), Catch::Contains("not HDF5"));
  REQUIRE_FALSE(is_results_file(dir.path / "absent.h5"));
  REQUIRE_FALSE(is_results_file(dir.path));
  REQUIRE_FALSE(is_results_file(dir.path / "table.csv"));
}

TEST_CASE("read_results refuses an HDF5 file that is not a dsim results file", "[hdf5_read]") {
  ScratchDirectory dir;
  const fs::path path = dir.path / "other.h5";
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(H5Fclose(file) >= 0);
  REQUIRE_THAT(read_error(path), Catch::Contains("format_version"));
  REQUIRE_FALSE(is_results_file(path));

  write_results(sample_results(), dir.path / "ok.h5");
  REQUIRE(is_results_file(dir.path / "ok.h5"));
}

TEST_CASE("read_results refuses a newer format_version and names it", "[hdf5_read]") {
  ScratchDirectory dir;
  const fs::path path = dir.path / "future.h5";
  write_results(sample_results(), path);
  const hid_t file = open_for_edit(path);
  set_int64_attribute(file, "format_version", results_format_version + 1);
  REQUIRE(H5Fclose(file) >= 0);
  const std::string message = read_error(path);
  REQUIRE_THAT(message, Catch::Contains("format_version") && Catch::Contains(std::to_string(results_format_version + 1)) &&
                            Catch::Contains("newer dsim"));
  REQUIRE(is_results_file(path));  // still a results file, only one this dsim cannot read
}

TEST_CASE("read_results refuses a column of a type dsim does not write, naming it", "[hdf5_read]") {
  ScratchDirectory dir;
  const fs::path path = dir.path / "odd.h5";
  write_results(sample_results(), path);
  const hid_t file = open_for_edit(path);
  REQUIRE(H5Ldelete(file, "/zones/people", H5P_DEFAULT) >= 0);
  const hsize_t rows = 5;
  const hid_t space = H5Screate_simple(1, &rows, nullptr);
  const hid_t type = H5Tcreate(H5T_OPAQUE, 4);
  REQUIRE(H5Tset_tag(type, "raw bytes") >= 0);
  const hid_t dataset = H5Dcreate2(file, "/zones/people", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  H5Dclose(dataset);
  H5Tclose(type);
  H5Sclose(space);
  REQUIRE(H5Fclose(file) >= 0);
  REQUIRE_THAT(read_error(path), Catch::Contains("/zones/people") && Catch::Contains("opaque"));
}

TEST_CASE("read_results refuses an unsigned 64-bit column, which int64 cannot hold", "[hdf5_read]") {
  ScratchDirectory dir;
  const fs::path path = dir.path / "u64.h5";
  ResultsFile f;
  f.add_table("t").add_int64_column("n", "", "").push(1);
  write_results(f, path);
  const hid_t file = open_for_edit(path);
  REQUIRE(H5Ldelete(file, "/t/n", H5P_DEFAULT) >= 0);
  const hsize_t rows = 1;
  const hid_t space = H5Screate_simple(1, &rows, nullptr);
  const hid_t dataset = H5Dcreate2(file, "/t/n", H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  H5Dclose(dataset);
  H5Sclose(space);
  REQUIRE(H5Fclose(file) >= 0);
  REQUIRE_THAT(read_error(path), Catch::Contains("/t/n") && Catch::Contains("unsigned 64-bit"));
}

TEST_CASE("read_results refuses a truncated results file with an InputError", "[hdf5_read]") {
  ScratchDirectory dir;
  const fs::path whole = dir.path / "whole.h5";
  write_results(sample_results(), whole);
  std::ifstream in(whole, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() > 4096);
  for (const std::size_t keep : {std::size_t{4}, std::size_t{100}, std::size_t{1000}, bytes.size() / 2,
                                 bytes.size() - 1}) {
    CAPTURE(keep);
    const fs::path cut = dir.path / ("cut-" + std::to_string(keep) + ".h5");
    write_text(cut, bytes.substr(0, keep));
    REQUIRE_THAT(read_error(cut), Catch::Contains(cut.filename().string()));
  }
}
