// SPDX-License-Identifier: MIT
#pragma once

#include "sim/hazards/flood_spec.hpp"
#include "sim/response/distribution.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dsim {

// The `warning:` section (sim/warning/warning_spec.hpp); declared here only, so
// that the response code does not depend on the warning code.
struct WarningSpec;
// The `chemical:` section (sim/response/chemical_spec.hpp).
struct ChemicalSpec;
// The `fire:` section (sim/response/fire_spec.hpp).
struct FireSpec;
// The `logistics:` section (sim/logistics/logistics_spec.hpp).
struct LogisticsSpec;

// Administrative levels and kinds of force (domain/README.md).
enum class TeamLevel : std::uint8_t { village, community, fire_brigade, enterprise, social, township, banner, city };
inline constexpr int kTeamLevelCount = 8;
const char* team_level_name(TeamLevel level);
bool parse_team_level(const std::string& name, TeamLevel& out);

// Capabilities a team may have; a scenario names them as strings.
inline constexpr const char* kCapabilityNames[] = {
    "fire", "water_rescue", "hazmat", "medical", "engineering", "comms", "search_rescue", "evacuation", "logistics",
    "aviation", "satellite", "wildland"};
inline constexpr int kCapabilityCount = 12;
int capability_index(const std::string& name);  // -1 if unknown

// Where something is: a node id of the network, a coordinate (snapped to the
// nearest node), a zone (the node nearest its middle) or a named place of the
// region (a landmark of the synthetic region).
struct Location {
  enum class Kind { node, coordinate, zone, place };
  Kind kind = Kind::coordinate;
  std::int64_t node_id = 0;  // external id in the network file
  double lon = 0.0, lat = 0.0;
  std::string zone;
  std::string place;
};

// A vector layer of a GIS file (GeoJSON, GeoPackage, Shapefile: anything
// GDAL/OGR opens) and which attribute holds what ("name" -> "NAME").
struct LayerSpec {
  std::string path;
  std::string layer_name;                     // empty: the file's first layer
  std::map<std::string, std::string> fields;  // what -> attribute; a missing entry: the attribute of that name, if any
  std::string key;                            // the scenario key it was given under ("region.zones"), for messages
  bool operator==(const LayerSpec&) const = default;
};

// People per cell of a raster (a GeoTIFF, anything GDAL opens), summed onto
// the zones (cell centre in the zone) or onto the road nodes (each cell to its
// nearest node); docs/models.md.
struct PopulationRasterSpec {
  enum class Onto { zones, nodes };
  std::string path;
  Onto onto = Onto::zones;
  int band = 1;
  bool operator==(const PopulationRasterSpec&) const = default;
};

struct RegionSpec {
  std::string network_path;         // empty: the synthetic region
  std::uint64_t synthetic_seed = 7;  // with the synthetic region
  std::size_t synthetic_target_nodes = 30000;  // with the synthetic region: its approximate size
  std::string zones_path;           // zones.csv; empty with the synthetic region: its own zones
  std::optional<LayerSpec> zone_layer;  // zones from a polygon layer instead of zones.csv
  std::string zone_type_default = "built_up";  // type of a layer's zones without a type attribute
  std::optional<PopulationRasterSpec> population_raster;  // replaces the zones' population figures
  std::optional<LayerSpec> place_layer;  // named places from a point layer, snapped to the nearest node
  double snap_warning_m = 200.0;  // validate warns of a location snapped farther than this from where it was given
  std::string speed_table = "default";  // "default" or "china" (OSM import)
  std::map<std::string, double> speed_kph;  // road class -> speed override
  std::map<std::string, std::string> zone_banner;  // zone id -> banner (jurisdiction), for mutual aid
  // Two equal specs load the same region (a batch loads it once for all its design points).
  bool operator==(const RegionSpec&) const = default;
};

struct StationSpec {
  std::string id;
  std::string name;
  Location location;
  std::string banner;  // jurisdiction, for mutual aid; empty: serves all
  std::size_t layer_record = 0;  // 1-based record of Scenario::station_layer it came from; 0: written in the scenario
};

struct VehicleSpec {
  std::string type;
  int count = 1;
  double speed_factor = 1.0;  // multiplies road free-flow speeds
};

struct TeamSpec {
  std::string id;
  std::string station;
  TeamLevel level = TeamLevel::township;
  int size = 1;   // people
  int crews = 1;  // independently dispatchable crews the team splits into
  std::vector<std::string> capabilities;
  std::vector<VehicleSpec> vehicles;
  std::string vehicle_class = "standard";  // which road closures stop it (flood depths differ by class)
  Distribution turnout_s = Distribution::fixed(60.0);
};

// Poisson incidents of one type over a set of zones.
struct IncidentGeneratorSpec {
  std::string name;
  std::string type;
  double rate_per_day = 0.0;
  std::vector<std::string> zones;       // by id; empty: by zone_types
  std::vector<std::string> zone_types;  // built_up, industrial_park, village, grassland
  bool weight_by_population = true;
  std::array<double, 24> hourly_weight{};  // relative rate by hour of day; all equal by default
  std::array<double, 12> monthly_weight{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};  // relative rate by calendar month
  std::map<std::string, double> severity;     // severity -> share
  std::map<std::string, double> fire_growth;  // slow|medium|fast|ultrafast -> share (fires only)
};

// One incident at a set time and place (drills).
struct IncidentSpec {
  double time_s = 0.0;
  std::string type;
  std::string severity;
  Location location;
  std::string fire_growth;  // empty: not a growing fire
  std::string name;         // names it in results (`incidents.source`) and in drills; empty: none
};

// A road closed for a while (a drill's "bridge out"): every road segment
// within radius_m of `at`, or the shortest route from `from` to `to`.
struct RoadClosureSpec {
  std::string name;
  std::optional<Location> at;
  double radius_m = 0.0;
  std::optional<Location> from, to;
  double start_s = 0.0;
  double end_s = std::numeric_limits<double>::infinity();  // inf: stays closed
  std::vector<std::string> vehicle_classes;                // empty: all classes
};

// Infrastructure cut for a while (断网、断电): `what` names power, mobile,
// broadcast or landline; where: the listed zones, or every zone with a road
// node within radius_m of `at`.
struct OutageSpec {
  std::string name;
  std::vector<std::string> what;
  std::vector<std::string> zones;
  std::optional<Location> at;
  double radius_m = 0.0;
  double start_s = 0.0;
  double end_s = std::numeric_limits<double>::infinity();  // inf: lasts the whole run
};

struct NeedSpec {
  std::string capability;
  int people = 1;
};

// What the plan sends to an incident of a type and severity, and how long the work takes.
struct ResponseRuleSpec {
  std::string type;
  std::string severity;
  std::vector<NeedSpec> needs;
  Distribution on_scene_s = Distribution::fixed(1800.0);
  // What a growing fire's second alarm adds (docs/models.md, "Structure fires
  // that grow"); empty: the first alarm's needs again.
  std::vector<NeedSpec> second_alarm_needs;
};

// One step of the escalation ladder: the levels it adds and how long the
// request to it takes once the levels below cannot meet the need.
struct EscalationStepSpec {
  std::vector<TeamLevel> levels;
  double request_delay_s = 0.0;
};

// Which incidents measure 16's 5-minute fire circle is about: fires of these
// types in zones of these types (docs/scenario-format.md, plan.fire_circle).
struct FireCircleSpec {
  std::vector<std::string> incident_types{"structure_fire", "industrial_fire"};
  std::vector<std::string> zone_types{"built_up", "industrial_park"};
};

struct PlanSpec {
  Distribution call_delay_s = Distribution::fixed(60.0);     // incident -> call received
  Distribution dispatch_delay_s = Distribution::fixed(30.0); // call -> first dispatch
  std::vector<ResponseRuleSpec> rules;
  std::vector<EscalationStepSpec> escalation;  // empty: the default ladder
  bool mutual_aid = true;       // units of other banners may help
  bool queue_when_busy = true;  // false: an incident no unit can take is lost
  double flashover_kw = 1000.0;
  FireCircleSpec fire_circle;
  // How a fire past flashover grows its work (docs/models.md, "Structure fires that grow").
  double fire_heat_release_kw_m2 = 250.0;  // EN 1991-1-2 Table E.5, dwelling
  double fire_area_max_m2 = 20.0;          // floor area the fire can involve
};

// 1 January 2026, the year of the Ordos measures.
inline constexpr std::chrono::year_month_day kDefaultStartDate{std::chrono::year{2026}, std::chrono::January,
                                                               std::chrono::day{1}};

// Where something is written in a scenario's text: 1-based line and column (0: not known).
struct SourcePosition {
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Scenario {
  std::string name;
  std::string description;
  RegionSpec region;
  std::vector<StationSpec> stations;
  std::optional<LayerSpec> station_layer;  // the point layer the stations were read from, if any
  std::vector<TeamSpec> teams;
  std::vector<IncidentGeneratorSpec> generators;
  std::vector<IncidentSpec> incidents;
  std::vector<RoadClosureSpec> road_closures;
  std::vector<OutageSpec> outages;
  PlanSpec plan;
  double horizon_s = 86'400.0;
  double warmup_s = 0.0;
  // The calendar day at time 0, which places the run in the months of
  // monthly profiles, and the clock time then (seconds after that day's
  // midnight; `start_date: 2026-07-20T06:00:00+08:00` gives 21,600 s), which
  // places it in the hours of hourly profiles.
  std::chrono::year_month_day start_date = kDefaultStartDate;
  double start_clock_s = 0.0;
  // The UTC offset of that clock in minutes (+480 for +08:00); empty: not
  // given, times are local times of no stated zone.
  std::optional<int> start_utc_offset_min;
  bool start_date_given = false;  // false: the default day
  int replications = 10;
  std::uint64_t seed = 1;
  std::optional<FloodSpec> flood;  // a flood over the region, coupled to the roads (docs/models.md)
  std::shared_ptr<const WarningSpec> warning;  // empty: no warning section
  std::shared_ptr<const ChemicalSpec> chemical;  // empty: no chemical releases
  std::shared_ptr<const FireSpec> fire;  // empty: no grassland or forest fire
  std::shared_ptr<const LogisticsSpec> logistics;  // empty: no stock modelled
  std::string source_path;  // the YAML file, when read from one
  std::string source_text;  // its text, stored with the results
  // Where each key path ("teams[2].station") is written in source_text, as the
  // reader found it, for messages about the scenario after reading it.
  std::map<std::string, SourcePosition> source_positions;
};

// The default ladder: local forces, then township, then banner and social, then city.
std::vector<EscalationStepSpec> default_escalation();

}  // namespace dsim
