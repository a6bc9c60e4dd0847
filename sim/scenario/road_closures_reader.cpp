// SPDX-License-Identifier: MIT
// Road closures: a place with a radius, or the road between two places, for a time and some vehicle classes.
#include "sim/scenario/section_readers.hpp"

#include "sim/scenario/quantity.hpp"

namespace dsim::detail {

namespace {

const std::vector<std::string> kClosureKeys = {"name", "at", "radius_m", "from", "to", "start", "end", "vehicle_classes"};

}  // namespace

void read_road_closures(FieldReader& in, const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of road closures ({at, radius_m} or {from, to}, with start and end)", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    RoadClosureSpec& c = s.road_closures.emplace_back();
    const auto f = in.fields(e, kClosureKeys, "a road closure");
    if (!f) continue;
    if (const Item* name = in.get(*f, "name")) {
      if (const auto v = in.text(*name, "a name for the closure")) c.name = *v;
    }
    const Item* at = in.get(*f, "at");
    const Item* from = in.get(*f, "from");
    const Item* to = in.get(*f, "to");
    if (at != nullptr) {
      if (const auto v = in.location(*at, false)) c.at = *v;
      if (from != nullptr || to != nullptr)
        in.error(*at, "either `at` (a place, with radius_m) or `from` and `to` (the road between), not both",
              "both");
    } else if (from != nullptr || to != nullptr) {
      if (from == nullptr) in.error(e, "`from`: where the closed road starts", "only `to`");
      if (to == nullptr) in.error(e, "`to`: where the closed road ends", "only `from`");
      if (from != nullptr) {
        if (const auto v = in.location(*from, false)) c.from = *v;
      }
      if (to != nullptr) {
        if (const auto v = in.location(*to, false)) c.to = *v;
      }
    } else {
      in.error(e, "what is closed: `at` (a place, with radius_m) or `from` and `to` (the road between them)",
            "neither");
    }
    if (const Item* r = in.get(*f, "radius_m")) {
      if (const auto v = in.number_where(*r, "a radius in metres >= 0", [](double x) { return x >= 0.0 && x <= 1e6; }))
        c.radius_m = *v;
      if (at == nullptr) in.error(*r, "radius_m only with `at`", "radius_m with from/to");
    }
    if (const Item* start = in.get(*f, "start")) {
      if (const auto v = in.time_point(*start)) c.start_s = *v;
    }
    if (const Item* end = in.get(*f, "end")) {
      if (const auto v = in.time_point(*end)) {
        c.end_s = *v;
        if (!(c.end_s > c.start_s))
          in.error(*end, "an end after the start (" + format_duration(c.start_s) + ")", found_text(end->node));
      }
    }
    if (const Item* classes = in.get(*f, "vehicle_classes")) {
      for (const Item& v : in.name_list(*classes, "a list of vehicle classes (standard, or a team's vehicle_class)"))
        c.vehicle_classes.push_back(v.node.Scalar());
    }
  }
}

}  // namespace dsim::detail
