// SPDX-License-Identifier: MIT
#include "sim/hazards/terrain_io.hpp"

#include "sim/core/error.hpp"
#include "sim/hazards/equirectangular_projection.hpp"
#include "tests/cpp/support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace dsim;

namespace {

const char* kSmall =
    "ncols 3\n"
    "nrows 2\n"
    "xllcorner 1000\n"
    "yllcorner 2000.5\n"
    "cellsize 5\n"
    "NODATA_value -9999\n"
    "1 2 3\n"
    "4.5 -9999 6e1\n";

// What parsing `text` throws, as "line: message".
std::string error_of(const std::string& text) {
  try {
    parse_esri_ascii(text, "dem.asc");
  } catch (const InputError& e) {
    return std::to_string(e.line()) + ": " + e.what();
  }
  return "no error";
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("dsim_terrain_io_test_" + name);
}

}  // namespace

TEST_CASE("An ESRI ASCII grid reads with its georeference and NODATA as NaN", "[hazards][terrain]") {
  const Grid g = parse_esri_ascii(kSmall, "dem.asc");
  REQUIRE(g.geometry.cols == 3);
  REQUIRE(g.geometry.rows == 2);
  REQUIRE(g.geometry.x_lower_left == 1000.0);
  REQUIRE(g.geometry.y_lower_left == 2000.5);
  REQUIRE(g.geometry.cell_size == 5.0);
  REQUIRE(g.values(0, 2) == 3.0);  // north row first
  REQUIRE(g.values(1, 0) == 4.5);
  REQUIRE(std::isnan(g.values(1, 1)));
  REQUIRE(g.values(1, 2) == 60.0);
  REQUIRE(*g.value_at({1001.0, 2001.0}) == 4.5);
}

TEST_CASE("ESRI ASCII headers accept any case, centre references and CRLF lines", "[hazards][terrain]") {
  const Grid g = parse_esri_ascii("NCOLS 2\r\nNROWS 1\r\nXLLCENTER 10\r\nYLLCENTER 20\r\nCELLSIZE 2\r\n7 8\r\n", "x");
  REQUIRE(g.geometry.x_lower_left == 9.0);
  REQUIRE(g.geometry.y_lower_left == 19.0);
  REQUIRE(g.values(0, 1) == 8.0);
}

TEST_CASE("An ESRI ASCII grid written and read back is identical", "[hazards][terrain]") {
  Grid g = parse_esri_ascii(kSmall, "dem.asc");
  g.values(0, 0) = 0.1 + 0.2;  // needs all 17 digits
  const auto path = temp_path("roundtrip.asc");
  write_esri_ascii(path, g);
  REQUIRE_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  const Grid back = read_esri_ascii(path);
  REQUIRE(back.geometry == g.geometry);
  REQUIRE(back.values(0, 0) == 0.1 + 0.2);
  REQUIRE(std::isnan(back.values(1, 1)));
  REQUIRE(back.values(1, 2) == 60.0);
  std::filesystem::remove(path);
}

TEST_CASE("A gzip-compressed ESRI ASCII grid reads like the plain one", "[hazards][terrain]") {
  const auto path = temp_path("dem.asc.gz");
  gzFile f = gzopen(path.string().c_str(), "wb");
  REQUIRE(f != nullptr);
  gzputs(f, kSmall);
  gzclose(f);
  const Grid g = read_esri_ascii(path);
  REQUIRE(g.values(1, 2) == 60.0);
  std::filesystem::remove(path);
}

TEST_CASE("Malformed ESRI ASCII grids fail naming the file and line", "[hazards][terrain]") {
  SECTION("unknown header key") {
    const std::string e = error_of("ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nnodata -1\n5\n");
    REQUIRE(e.rfind("6: dem.asc:6: nodata", 0) == 0);
  }
  SECTION("missing header key") {
    REQUIRE_THAT(error_of("ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\n5\n"), Catch::Contains("cellsize"));
  }
  SECTION("short row") {
    const std::string e = error_of("ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n4 5\n");
    REQUIRE_THAT(e, Catch::StartsWith("7: ") && Catch::Contains("3 values") && Catch::Contains("'2 values'"));
  }
  SECTION("non-numeric cell") {
    const std::string e = error_of("ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 x2\n");
    REQUIRE_THAT(e, Catch::StartsWith("6: ") && Catch::Contains("column 2") && Catch::Contains("'x2'"));
  }
  SECTION("too few rows") {
    REQUIRE_THAT(error_of("ncols 1\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 1\n1\n2\n"),
                 Catch::Contains("3 rows") && Catch::Contains("'2 rows'"));
  }
  SECTION("too many rows") {
    REQUIRE_THAT(error_of("ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1\n2\n"),
                 Catch::StartsWith("7: ") && Catch::Contains("more rows"));
  }
  SECTION("bad header value") {
    REQUIRE_THAT(error_of("ncols 1.5\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1\n"),
                 Catch::StartsWith("1: ") && Catch::Contains("whole number"));
    REQUIRE_THAT(error_of("ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize -1\n1\n"),
                 Catch::StartsWith("5: ") && Catch::Contains("positive"));
  }
  SECTION("missing file") {
    REQUIRE_THROWS_AS(read_esri_ascii(temp_path("does_not_exist.asc")), InputError);
  }
}

TEST_CASE("An SRTM tile decodes big-endian heights, voids and its corner from the name", "[hazards][terrain]") {
  std::string bytes(1201u * 1201u * 2u, '\0');
  auto put = [&](std::size_t r, std::size_t c, int v) {
    const auto u = static_cast<std::uint16_t>(static_cast<std::int16_t>(v));
    bytes[2 * (r * 1201 + c)] = static_cast<char>(u >> 8);
    bytes[2 * (r * 1201 + c) + 1] = static_cast<char>(u & 0xff);
  };
  put(0, 0, 1234);
  put(1200, 1200, -12);
  put(5, 7, -32768);
  const Grid g = decode_srtm_hgt(bytes, "S12W077.hgt", "test");
  REQUIRE(g.geometry.units == GridUnits::degrees);
  REQUIRE(g.geometry.cell_size == Approx(1.0 / 1200.0));
  // Sample (0, 0) sits on the north-west corner of the tile.
  REQUIRE(g.geometry.centre({0, 0}).x == Approx(-77.0));
  REQUIRE(g.geometry.centre({0, 0}).y == Approx(-11.0));
  REQUIRE(g.geometry.centre({1200, 1200}).x == Approx(-76.0));
  REQUIRE(g.geometry.centre({1200, 1200}).y == Approx(-12.0));
  REQUIRE(g.values(0, 0) == 1234.0);
  REQUIRE(g.values(1200, 1200) == -12.0);
  REQUIRE(std::isnan(g.values(5, 7)));
  REQUIRE_THROWS_WITH(decode_srtm_hgt(bytes.substr(10), "N42E001.hgt", "t"), Catch::Contains("bytes"));
  REQUIRE_THROWS_WITH(decode_srtm_hgt(bytes, "tile.hgt", "t"), Catch::Contains("tile name"));
}

TEST_CASE("The zipped Andorra SRTM tile reads with plausible Pyrenean heights", "[hazards][terrain][shared]") {
  auto path = dsim::testing::shared_data_file("dem/andorra_srtm/N42E001.hgt.zip");
  if (!path) return;
  const Grid g = read_srtm_hgt(*path);
  REQUIRE(g.geometry.cols == 1201);
  REQUIRE(g.geometry.centre({1200, 0}).x == Approx(1.0));
  REQUIRE(g.geometry.centre({1200, 0}).y == Approx(42.0));
  // Andorra la Vella lies in the Valira valley at about 1,020-1,080 m.
  const double town = *g.interpolate({1.5218, 42.5075});
  REQUIRE(town > 950.0);
  REQUIRE(town < 1200.0);
  // Coma Pedrosa, the highest summit of Andorra (2,942 m).
  double summit = 0.0;
  for (double dlon = -0.005; dlon <= 0.005; dlon += 0.0005)
    for (double dlat = -0.005; dlat <= 0.005; dlat += 0.0005)
      summit = std::max(summit, *g.interpolate({1.4442 + dlon, 42.5917 + dlat}));
  REQUIRE(summit > 2850.0);
  REQUIRE(summit < 3000.0);
  // The tile in metres: about 82 x 111 km.
  const EquirectangularProjection proj(1.5, 42.5);
  REQUIRE(metres_per_degree_longitude(42.5) * g.geometry.cell_size == Approx(68.4).margin(0.5));
  const Grid local = resample_to_local(g, proj, 500.0);
  REQUIRE(local.geometry.width() == Approx(82000.0).margin(1000.0));
  REQUIRE(local.geometry.height() == Approx(111000.0).margin(1000.0));
  REQUIRE(*local.interpolate(proj.to_local(1.5218, 42.5075)) == Approx(town).margin(150.0));
}

TEST_CASE("Reading a missing or broken zip fails naming the file", "[hazards][terrain]") {
  const auto path = temp_path("broken.hgt.zip");
  std::ofstream(path) << "not a zip";
  REQUIRE_THROWS_WITH(read_srtm_hgt(path), Catch::Contains("broken.hgt.zip"));
  std::filesystem::remove(path);
  REQUIRE_THROWS_AS(read_srtm_hgt(temp_path("missing.hgt")), InputError);
}
