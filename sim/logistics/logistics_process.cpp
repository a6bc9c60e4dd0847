// SPDX-License-Identifier: MIT
#include "sim/logistics/logistics_process.hpp"

namespace dsim {

struct LogisticsProcess::Impl {
  const LogisticsModel& model;
  std::uint32_t kind_base;
  LogisticsOutcome out;
};

LogisticsProcess::LogisticsProcess(const LogisticsModel& model, std::uint32_t kind_base)
    : impl_(std::make_unique<Impl>(Impl{model, kind_base, {}})) {}
LogisticsProcess::~LogisticsProcess() = default;
void LogisticsProcess::start(Simulation&, ResponseForces&) {}
void LogisticsProcess::handle(const Event&) {}
void LogisticsProcess::finish() {}
void LogisticsProcess::unit_arrived(int, int) {}
void LogisticsProcess::work_paced(int) {}
void LogisticsProcess::work_ended(int) {}
void LogisticsProcess::roads_changed() {}
void LogisticsProcess::people_sheltered(int, int) {}
LogisticsOutcome LogisticsProcess::take_outcome() { return std::move(impl_->out); }

}  // namespace dsim
