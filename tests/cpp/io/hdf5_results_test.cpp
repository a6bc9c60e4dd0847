// SPDX-License-Identifier: MIT
#include "sim/io/hdf5_results.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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
    std::string pattern = (fs::temp_directory_path() / "dsim-results-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

ResultsFile sample_results() {
  ResultsFile f;
  f.metadata = make_results_metadata();
  f.metadata.scenario_file = "scenarios/ordos_default.yaml";
  f.metadata.scenario_text = "# 鄂尔多斯 default\nregion:\n  synthetic: {seed: 7}\n" + std::string(100000, 'x') + "\n";
  f.metadata.seed = std::numeric_limits<std::uint64_t>::max() - 5;
  f.metadata.replications = 3;
  f.metadata.command_line = "dsim run scenarios/ordos_default.yaml -r 3 -o out.h5";
  f.attributes["horizon_s"] = 86400.0;
  f.attributes["threads"] = std::int64_t{4};
  f.attributes["note"] = std::string("Ордос ✓");

  ResultsTable& incidents = f.add_table("incidents", "one row per incident");
  auto rep = incidents.add_replication_column();
  auto id = incidents.add_int64_column("incident", "", "incident id");
  auto first = incidents.add_double_column("first_arrival_s", "s", "time from call to first unit on scene");
  auto kind = incidents.add_string_column("kind", "", "incident type");
  const std::vector<std::string> kinds = {"structure_fire", "洪水", "", "Хим. авария", "a\tb\n\"c\""};
  for (int i = 0; i < 5; ++i) {
    rep.push(i / 2);
    id.push(std::int64_t{1} << (40 + i));
    first.push(100.25 * i - 3.5);
    kind.push(kinds[static_cast<std::size_t>(i)]);
  }
  incidents.set_attribute("zone_count", std::int64_t{12});
  incidents.set_attribute("circle_s", 300.0);

  ResultsTable& dispatches = f.add_table("dispatches", "no dispatch happened");
  dispatches.add_replication_column();
  dispatches.add_double_column("travel_time_s", "s", "");
  dispatches.add_string_column("unit", "", "");

  f.add_table("empty");  // no columns at all

  ResultsTable& long_table = f.add_table("units");
  auto busy = long_table.add_double_column("busy_s", "s", "time busy");
  auto people = long_table.add_int64_column("people", "people", "crew size");
  for (int i = 0; i < 70001; ++i) {
    busy.push(i * 0.5);
    people.push(i % 50);
  }
  return f;
}

// The doubles of one dataset, read with the HDF5 C API.
std::vector<double> read_doubles(const fs::path& path, const char* dataset) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  hid_t ds = H5Dopen2(file, dataset, H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t space = H5Dget_space(ds);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(file);
  return values;
}

// Whether the file has an object (a table's group, a column) at `path`.
bool has_object(const fs::path& file_path, const char* path) {
  hid_t file = H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const bool found = H5Lexists(file, path, H5P_DEFAULT) > 0;
  H5Fclose(file);
  return found;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("write_results keeps NaN and infinities in double columns", "[io][hdf5]") {
  ScratchDirectory dir;
  ResultsFile f;
  f.metadata = make_results_metadata();
  auto x = f.add_table("kpis").add_double_column("value", "1", "");
  x.push(std::numeric_limits<double>::quiet_NaN());
  x.push(std::numeric_limits<double>::infinity());
  x.push(-0.0);
  write_results(f, dir.path / "k.h5");
  const std::vector<double> v = read_doubles(dir.path / "k.h5", "/kpis/value");
  REQUIRE(v.size() == 3);
  CHECK(std::isnan(v[0]));
  CHECK(v[1] == std::numeric_limits<double>::infinity());
  CHECK(std::signbit(v[2]));
}

TEST_CASE("write_results stores columns chunked, shuffled and deflated, with units as attributes", "[io][hdf5]") {
  ScratchDirectory dir;
  const fs::path out = dir.path / "out.h5";
  ResultsFile f;
  f.metadata = make_results_metadata();
  auto zeros = f.add_table("units").add_double_column("idle_s", "s", "seconds idle");
  for (int i = 0; i < 200000; ++i) zeros.push(0.0);
  write_results(f, out, Hdf5WriteOptions{4, 65536});

  hid_t file = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  hid_t ds = H5Dopen2(file, "/units/idle_s", H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t dcpl = H5Dget_create_plist(ds);
  CHECK(H5Pget_layout(dcpl) == H5D_CHUNKED);
  hsize_t chunk = 0;
  CHECK(H5Pget_chunk(dcpl, 1, &chunk) == 1);
  CHECK(chunk == 65536);
  REQUIRE(H5Pget_nfilters(dcpl) == 2);
  unsigned flags = 0;
  std::size_t n_values = 0;
  CHECK(H5Pget_filter2(dcpl, 0, &flags, &n_values, nullptr, 0, nullptr, nullptr) == H5Z_FILTER_SHUFFLE);
  unsigned level = 0;
  n_values = 1;
  CHECK(H5Pget_filter2(dcpl, 1, &flags, &n_values, &level, 0, nullptr, nullptr) == H5Z_FILTER_DEFLATE);
  CHECK(level == 4);
  CHECK(H5Dget_storage_size(ds) < 200000 * sizeof(double) / 20);
  CHECK(H5Aexists(ds, "units") > 0);
  CHECK(H5Aexists(ds, "description") > 0);
  H5Pclose(dcpl);
  H5Dclose(ds);
  hid_t group = H5Gopen2(file, "/units", H5P_DEFAULT);
  CHECK(H5Aexists(group, "columns") > 0);
  H5Gclose(group);
  CHECK(H5Aexists(file, "dsim_version") > 0);
  CHECK(H5Aexists(file, "scenario_text") > 0);
  H5Fclose(file);
}

TEST_CASE("A write that fails midway leaves neither the output nor a temporary file", "[io][hdf5]") {
  ScratchDirectory dir;
  const fs::path out = dir.path / "out.h5";
  ResultsFile f = sample_results();
  ResultsTable& ragged = f.add_table("ragged");
  ragged.add_double_column("a", "s", "").push(1.0);
  ragged.add_double_column("b", "s", "");
  // The good tables before it are written to the temporary file first.
  CHECK_THROWS_WITH(write_results(f, out), Catch::Contains("out.h5") && Catch::Contains("ragged"));
  CHECK(dir.entries().empty());
}

TEST_CASE("A failed write does not clobber an existing results file", "[io][hdf5]") {
  ScratchDirectory dir;
  const fs::path out = dir.path / "out.h5";
  write_results(sample_results(), out);
  const std::string before = bytes_of(out);

  ResultsFile bad;
  bad.metadata = make_results_metadata();
  bad.attributes["tables"] = std::string("clashes with a reserved name");
  CHECK_THROWS_AS(write_results(bad, out), Error);
  CHECK(dir.entries() == std::vector<std::string>{"out.h5"});
  CHECK(bytes_of(out) == before);
}

TEST_CASE("A new write replaces an existing results file whole", "[io][hdf5]") {
  ScratchDirectory dir;
  const fs::path out = dir.path / "out.h5";
  write_results(sample_results(), out);
  ResultsFile small;
  small.metadata = make_results_metadata();
  small.add_table("kpis").add_double_column("value", "1", "").push(0.5);
  write_results(small, out);
  CHECK(read_doubles(out, "/kpis/value") == std::vector<double>{0.5});
  CHECK_FALSE(has_object(out, "/incidents"));
  CHECK(dir.entries() == std::vector<std::string>{"out.h5"});
}

TEST_CASE("Writing into a directory that does not exist is an InputError", "[io][hdf5]") {
  ScratchDirectory dir;
  ResultsFile f;
  CHECK_THROWS_AS(write_results(f, dir.path / "missing" / "out.h5"), InputError);
  CHECK(dir.entries().empty());
}

TEST_CASE("Writing over a directory is an InputError and leaves the directory alone", "[io][hdf5]") {
  ScratchDirectory dir;
  fs::create_directory(dir.path / "out.h5");
  ResultsFile f;
  f.metadata = make_results_metadata();
  CHECK_THROWS_AS(write_results(f, dir.path / "out.h5"), InputError);
  CHECK(dir.entries() == std::vector<std::string>{"out.h5"});
  CHECK(fs::is_directory(dir.path / "out.h5"));
}
