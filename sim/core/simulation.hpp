// SPDX-License-Identifier: MIT
#pragma once

#include "sim/core/event_queue.hpp"

#include <cassert>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace dsim {

// Why a run stopped.
enum class RunOutcome { reached_end, stopped, drained };

// The simulation clock and the pending events. The model owns a Simulation
// and hands run_until a handler that is called once per event, in order.
class Simulation {
 public:
  double now() const { return now_s_; }
  std::uint64_t events_processed() const { return processed_; }
  std::size_t pending() const { return queue_.size(); }

  // Schedules an event at absolute time `time_s`, which must not be in the past.
  EventId schedule_at(double time_s, std::uint32_t kind, std::uint32_t subject = 0) {
    if (!(time_s >= now_s_)) throw std::logic_error("an event cannot be scheduled before the current time");
    return queue_.push(time_s, kind, subject);
  }

  // Schedules an event `delay_s` (>= 0) from now.
  EventId schedule_in(double delay_s, std::uint32_t kind, std::uint32_t subject = 0) {
    return schedule_at(now_s_ + delay_s, kind, subject);
  }

  // Cancels a pending event (one that has neither fired nor been cancelled).
  void cancel(EventId id) { queue_.cancel(id); }

  // Asks the running loop to return after the current event.
  void stop() { stop_requested_ = true; }

  // Fires events in order while their time is <= end_s, calling handle(event)
  // with the clock set to the event's time. If no event is left before end_s
  // the clock advances to end_s (unless it is infinite).
  template <class Handler>
  RunOutcome run_until(double end_s, Handler&& handle) {
    stop_requested_ = false;
    while (!queue_.empty()) {
      if (queue_.peek().time_s > end_s) break;
      Event e = queue_.pop();
      assert(e.time_s >= now_s_);
      now_s_ = e.time_s;
      ++processed_;
      handle(e);
      if (stop_requested_) return RunOutcome::stopped;
    }
    const bool drained = queue_.empty();
    if (end_s != std::numeric_limits<double>::infinity() && end_s > now_s_) now_s_ = end_s;
    return drained ? RunOutcome::drained : RunOutcome::reached_end;
  }

  template <class Handler>
  RunOutcome run(Handler&& handle) {
    return run_until(std::numeric_limits<double>::infinity(), handle);
  }

 private:
  EventQueue queue_;
  double now_s_ = 0.0;
  std::uint64_t processed_ = 0;
  bool stop_requested_ = false;
};

}  // namespace dsim
