// SPDX-License-Identifier: MIT
// Outages: infrastructure (power, mobile, broadcast, landline) down in some zones for a time.
#include "sim/scenario/section_readers.hpp"

#include "sim/hazards/outage.hpp"
#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/quantity.hpp"

namespace dsim::detail {

namespace {

const std::vector<std::string> kOutageKeys = {"name", "what", "zones", "at", "radius_m", "start", "end"};

}  // namespace

std::vector<std::string> read_infrastructure_list(FieldReader& in, const Item& it) {
  std::vector<std::string> out;
  const std::vector<std::string> known(std::begin(kInfrastructureNames), std::end(kInfrastructureNames));
  for (const Item& v : in.name_list(it, "a list of infrastructure (" + joined(known) + ")")) {
    const std::string& name = v.node.Scalar();
    if (infrastructure_index(name) < 0) {
      in.error(v, "infrastructure: " + joined(known), quote_text(name), nearest_name(name, known));
      continue;
    }
    out.push_back(name);
  }
  return out;
}

void read_outages(FieldReader& in, const Item& it, Scenario& s) {
  if (!it.node.IsSequence()) {
    in.error(it, "a list of outages (what, zones or at with radius_m, start, end)", found_text(it.node));
    return;
  }
  for (std::size_t i = 0; i < it.node.size(); ++i) {
    const Item e = in.element(it, i, it.node[i]);
    const auto f = in.fields(e, kOutageKeys, "an outage");
    if (!f) continue;
    OutageSpec& o = s.outages.emplace_back();
    if (const Item* name = in.get(*f, "name")) {
      if (const auto v = in.text(*name, "a name for the outage")) o.name = *v;
    }
    if (const Item* what = in.required(*f, e, "what", "what fails: a list of power, mobile, broadcast, landline")) {
      o.what = read_infrastructure_list(in, *what);
      if (what->node.IsSequence() && what->node.size() == 0) in.error(*what, "at least one of power, mobile, broadcast, landline", "[]");
    }
    const Item* zones = in.get(*f, "zones");
    const Item* at = in.get(*f, "at");
    if (zones != nullptr) {
      for (const Item& z : in.name_list(*zones, "a list of zone ids")) o.zones.push_back(z.node.Scalar());
    }
    if (at != nullptr) {
      if (const auto v = in.location(*at, false)) o.at = *v;
    }
    if (zones == nullptr && at == nullptr) in.error(e, "where: `zones` (a list of zone ids) or `at` (a place, with radius_m)", "neither");
    if (const Item* r = in.get(*f, "radius_m")) {
      if (const auto v = in.number_where(*r, "a radius in metres >= 0", [](double x) { return x >= 0.0 && x <= 1e6; }))
        o.radius_m = *v;
      if (at == nullptr) in.error(*r, "radius_m only with `at`", "radius_m without at");
    }
    if (const Item* start = in.get(*f, "start")) {
      if (const auto v = in.time_point(*start)) o.start_s = *v;
    }
    if (const Item* end = in.get(*f, "end")) {
      if (const auto v = in.time_point(*end)) {
        o.end_s = *v;
        if (!(o.end_s > o.start_s))
          in.error(*end, "an end after the start (" + format_duration(o.start_s) + ")", found_text(end->node));
      }
    }
  }
}

}  // namespace dsim::detail
