// SPDX-License-Identifier: MIT
#include "sim/network/osm_tags.hpp"

#include "sim/core/error.hpp"

#include <catch2/catch.hpp>

using namespace dsim;

TEST_CASE("parse_maxspeed_kph reads km/h, mph, knots and zone values", "[network][osm]") {
  REQUIRE(parse_maxspeed_kph("50") == 50.0);
  REQUIRE(parse_maxspeed_kph(" 50 km/h") == 50.0);
  REQUIRE(parse_maxspeed_kph("50kmh") == 50.0);
  REQUIRE(parse_maxspeed_kph("50 kph") == 50.0);
  REQUIRE(*parse_maxspeed_kph("30 mph") == Approx(48.28032));
  REQUIRE(*parse_maxspeed_kph("30mph") == Approx(48.28032));
  REQUIRE(*parse_maxspeed_kph("10 knots") == Approx(18.52));
  REQUIRE(parse_maxspeed_kph("60;40") == 60.0);
  REQUIRE(parse_maxspeed_kph("DE:urban") == 50.0);
  REQUIRE(parse_maxspeed_kph("DE:rural") == 100.0);
  REQUIRE(parse_maxspeed_kph("CN:urban") == 50.0);
  REQUIRE(parse_maxspeed_kph("CN:rural") == 70.0);
  REQUIRE(parse_maxspeed_kph("PL:urban") == 50.0);  // generic zone
  REQUIRE(parse_maxspeed_kph("DE:zone30") == 30.0);
  REQUIRE(parse_maxspeed_kph("DE:zone:20") == 20.0);
  REQUIRE(*parse_maxspeed_kph("GB:nsl_single") == Approx(96.56064));
  REQUIRE(parse_maxspeed_kph("walk") == 7.0);
  for (const char* none : {"", "none", "signals", "variable", "DE:motorway", "fast", "0", "-5", "50 furlongs"})
    REQUIRE_FALSE(parse_maxspeed_kph(none).has_value());
}

TEST_CASE("parse_oneway tells forward, backward, both and unknown apart", "[network][osm]") {
  for (const char* v : {"yes", "true", "1"}) REQUIRE(parse_oneway(v) == 1);
  for (const char* v : {"-1", "reverse"}) REQUIRE(parse_oneway(v) == -1);
  for (const char* v : {"no", "false", "0", "reversible", "alternating"}) REQUIRE(parse_oneway(v) == 0);
  REQUIRE_FALSE(parse_oneway("").has_value());
  REQUIRE_FALSE(parse_oneway("sometimes").has_value());
}

TEST_CASE("classify_way keeps drivable classes and applies implied oneway rules", "[network][osm]") {
  const SpeedTable speeds = SpeedTable::general();
  OsmWayTags t;
  t.highway = "motorway_link";
  WayProfile p = classify_way(t, speeds);
  REQUIRE(p.drivable);
  REQUIRE(p.road_class == RoadClass::motorway);
  REQUIRE(p.link);
  REQUIRE(p.forward);
  REQUIRE_FALSE(p.backward);
  REQUIRE(p.forward_kph == speeds.speed_kph(RoadClass::motorway, true));

  t.oneway = "no";  // explicit tag beats the implied rule
  p = classify_way(t, speeds);
  REQUIRE(p.backward);

  OsmWayTags r;
  r.highway = "secondary";
  r.junction = "roundabout";
  r.maxspeed = "40";
  r.maxspeed_backward = "30";
  p = classify_way(r, speeds);
  REQUIRE(p.forward);
  REQUIRE_FALSE(p.backward);
  REQUIRE(p.forward_kph == 40.0);
  REQUIRE(p.backward_kph == 30.0);

  for (const char* h : {"footway", "cycleway", "path", "steps", "construction", "proposed", "other", "track"}) {
    OsmWayTags x;
    x.highway = h;
    REQUIRE_FALSE(classify_way(x, speeds).drivable);
  }
  OsmWayTags track;
  track.highway = "track";
  REQUIRE(classify_way(track, speeds, true).drivable);

  OsmWayTags area;
  area.highway = "service";
  area.area = "yes";
  REQUIRE_FALSE(classify_way(area, speeds).drivable);

  OsmWayTags access;
  access.highway = "residential";
  access.access = "no";
  REQUIRE_FALSE(classify_way(access, speeds).drivable);
  access.motor_vehicle = "yes";
  REQUIRE(classify_way(access, speeds).drivable);
  access.access = "private";
  access.motor_vehicle = "";
  REQUIRE(classify_way(access, speeds).drivable);
  access.emergency = "no";
  REQUIRE_FALSE(classify_way(access, speeds).drivable);
}

TEST_CASE("SpeedTable holds the documented defaults and takes overrides by class or link name", "[network]") {
  const SpeedTable g = SpeedTable::general();
  REQUIRE(g.speed_kph(RoadClass::motorway) == 90.0);
  REQUIRE(g.speed_kph(RoadClass::motorway, true) == 45.0);
  REQUIRE(g.speed_kph(RoadClass::residential) == 25.0);
  REQUIRE(g.speed_kph(RoadClass::service, true) == 15.0);  // no link roads: same as main
  const SpeedTable c = SpeedTable::china();
  REQUIRE(c.speed_kph(RoadClass::motorway) == 100.0);
  REQUIRE(c.speed_kph(RoadClass::trunk) == 80.0);
  REQUIRE(c.speed_kph(RoadClass::primary) == 60.0);
  REQUIRE(SpeedTable::of(SpeedTableKind::china).speed_kph(RoadClass::tertiary) == c.speed_kph(RoadClass::tertiary));

  SpeedTable t = SpeedTable::general();
  t.override_with({{"primary", 70.0}, {"primary_link", 35.0}, {"service", 20.0}});
  REQUIRE(t.speed_kph(RoadClass::primary) == 70.0);
  REQUIRE(t.speed_kph(RoadClass::primary, true) == 35.0);
  REQUIRE(t.speed_kph(RoadClass::service, true) == 20.0);
  REQUIRE_THROWS_AS(t.set("service_link", 10.0), InputError);
  REQUIRE_THROWS_AS(t.set("primary", -1.0), InputError);
}

TEST_CASE("Road class names round-trip and link roads map to their class", "[network]") {
  for (int i = 0; i < kRoadClassCount; ++i) {
    RoadClass c{};
    REQUIRE(parse_road_class(road_class_name(static_cast<RoadClass>(i)), c));
    REQUIRE(c == static_cast<RoadClass>(i));
  }
  RoadClass c{};
  REQUIRE(parse_road_class("trunk_link", c));
  REQUIRE(c == RoadClass::trunk);
  REQUIRE_FALSE(parse_road_class("residential_link", c));
  REQUIRE_FALSE(parse_road_class("footway", c));
}
