// SPDX-License-Identifier: MIT
#pragma once

#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <vector>

namespace dsim {

// Identifies one scheduled event; it is the event's insertion sequence number.
enum class EventId : std::uint64_t {};

// A pending event: a small value type, ordered by time and then insertion order.
struct Event {
  double time_s = 0.0;
  std::uint64_t sequence = 0;  // ties pop in insertion order
  std::uint32_t kind = 0;      // model-defined meaning
  std::uint32_t subject = 0;   // model-defined index (a customer, a unit, ...)

  EventId id() const { return EventId{sequence}; }
  friend bool operator==(const Event&, const Event&) = default;
};

// True when `a` must pop before `b`: earlier time, or equal time and inserted first.
inline bool pops_before(const Event& a, const Event& b) {
  return a.time_s < b.time_s || (a.time_s == b.time_s && a.sequence < b.sequence);
}

namespace detail {

// Implicit 4-ary min-heap of events under pops_before.
class EventHeap {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& front() const { return heap_.front(); }

  void push(const Event& e) {
    heap_.push_back(e);
    std::size_t i = heap_.size() - 1;
    while (i > 0) {
      std::size_t parent = (i - 1) / kArity;
      if (!pops_before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  Event pop() {
    Event top = heap_.front();
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return top;
  }

  // Takes all of `events` (which is left empty) into the heap in O(n).
  void assign(std::vector<Event>& events) {
    heap_.swap(events);
    events.clear();
    for (std::size_t i = heap_.size(); i-- > 0;) sift_down_at(i, heap_[i]);
  }

  void clear() { heap_.clear(); }

 private:
  static constexpr std::size_t kArity = 4;

  void sift_down(const Event& e) { sift_down_at(0, e); }

  void sift_down_at(std::size_t i, const Event e) {
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        if (pops_before(heap_[c], heap_[best])) best = c;
      }
      if (!pops_before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
};

}  // namespace detail

// Pending-event set: a ladder queue (Tang, Goh & Thng 2005) with a small heap
// at the bottom, so that push and pop take O(1) amortised time when event
// times are spread out, and O(log n) at worst. Pops in non-decreasing time;
// equal times pop in insertion order. Events must not be scheduled before the
// time of the last popped event (the simulation clock never goes back).
class EventQueue {
 public:
  EventId push(double time_s, std::uint32_t kind, std::uint32_t subject = 0) {
    assert(!std::isnan(time_s));
    Event e{time_s, next_sequence_++, kind, subject};
    ++stored_;
    place(e);
    return e.id();
  }

  // Number of pending events that have not been cancelled.
  std::size_t size() const { return stored_ - cancelled_.size(); }
  bool empty() const { return size() == 0; }
  std::uint64_t pushed_count() const { return next_sequence_; }

  // The next event to pop. Precondition: !empty().
  const Event& peek() {
    prepare_next();
    return bottom_.front();
  }

  // Removes and returns the next event. Precondition: !empty().
  Event pop() {
    prepare_next();
    --stored_;
    return bottom_.pop();
  }

  // Cancels a pending event so that it never pops. Precondition: `id` came
  // from push on this queue and has neither popped nor been cancelled.
  void cancel(EventId id) {
    assert(static_cast<std::uint64_t>(id) < next_sequence_);
    cancelled_.insert(static_cast<std::uint64_t>(id));
  }

  void clear() {
    nodes_.clear();
    free_ = kNil;
    top_ = List{};
    top_start_ = -INFINITY;
    active_rungs_ = 0;
    bottom_.clear();
    cancelled_.clear();
    stored_ = 0;
  }

 private:
  // A bucket this small goes straight to the bottom heap instead of a new rung.
  static constexpr std::uint32_t kSplitThreshold = 32;
  static constexpr std::size_t kMaxRungs = 16;
  static constexpr std::uint32_t kNil = 0xFFFFFFFFu;

  // Events above the bottom live in pooled nodes chained into unordered lists,
  // so moving them between rungs relinks instead of copying or allocating.
  struct Node {
    Event event;
    std::uint32_t next;
  };
  struct List {
    std::uint32_t head = kNil;
    std::uint32_t count = 0;
    double min_s = 0.0, max_s = 0.0;
  };

  struct Rung {
    double start_s = 0.0;
    double width_s = 0.0;
    std::size_t current = 0;  // first bucket not yet handed down
    std::vector<List> buckets;

    // Monotone in t, so bucket order matches time order. May be < current.
    std::ptrdiff_t index_of(double t) const {
      double x = std::floor((t - start_s) / width_s);
      if (x < 0.0) return -1;
      if (x >= static_cast<double>(buckets.size())) return static_cast<std::ptrdiff_t>(buckets.size()) - 1;
      return static_cast<std::ptrdiff_t>(x);
    }
  };

  void link(List& list, std::uint32_t node) {
    const double t = nodes_[node].event.time_s;
    if (list.count == 0) {
      list.min_s = list.max_s = t;
    } else {
      if (t < list.min_s) list.min_s = t;
      if (t > list.max_s) list.max_s = t;
    }
    nodes_[node].next = list.head;
    list.head = node;
    ++list.count;
  }

  std::uint32_t new_node(const Event& e) {
    std::uint32_t i;
    if (free_ != kNil) {
      i = free_;
      free_ = nodes_[i].next;
      nodes_[i].event = e;
    } else {
      i = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back(Node{e, kNil});
    }
    return i;
  }

  void place(const Event& e) {
    if (e.time_s >= top_start_) {
      link(top_, new_node(e));
      return;
    }
    for (std::size_t r = 0; r < active_rungs_; ++r) {  // coarsest (latest times) first
      Rung& rung = rungs_[r];
      std::ptrdiff_t i = rung.index_of(e.time_s);
      if (i >= static_cast<std::ptrdiff_t>(rung.current)) {
        link(rung.buckets[static_cast<std::size_t>(i)], new_node(e));
        return;
      }
    }
    bottom_.push(e);
  }

  // Ensures the bottom heap's front is the next live event.
  void prepare_next() {
    for (;;) {
      if (bottom_.empty()) refill_bottom();
      assert(!bottom_.empty());
      if (cancelled_.empty()) return;
      auto found = cancelled_.find(bottom_.front().sequence);
      if (found == cancelled_.end()) return;
      cancelled_.erase(found);
      bottom_.pop();
      --stored_;
    }
  }

  void refill_bottom() {
    for (;;) {
      if (active_rungs_ == 0) {
        assert(top_.count > 0);
        List all = top_;
        top_ = List{};
        top_start_ = all.max_s;  // later pushes at or after the latest stored time wait in top
        spread(all);
      } else {
        Rung& rung = rungs_[active_rungs_ - 1];
        while (rung.current < rung.buckets.size() && rung.buckets[rung.current].count == 0) ++rung.current;
        if (rung.current == rung.buckets.size()) {
          --active_rungs_;
          continue;
        }
        List bucket = rung.buckets[rung.current];
        rung.buckets[rung.current] = List{};
        ++rung.current;
        spread(bucket);
      }
      if (!bottom_.empty()) return;
    }
  }

  // Hands the events of `list` to the bottom heap when few or indivisible,
  // else to a new, finer rung.
  void spread(const List& list) {
    const double width = (list.max_s - list.min_s) / static_cast<double>(list.count);
    if (list.count <= kSplitThreshold || !(width > 0.0) || active_rungs_ >= kMaxRungs) {
      staging_.clear();
      for (std::uint32_t i = list.head; i != kNil;) {
        staging_.push_back(nodes_[i].event);
        std::uint32_t next = nodes_[i].next;
        nodes_[i].next = free_;
        free_ = i;
        i = next;
      }
      bottom_.assign(staging_);
      return;
    }
    if (rungs_.size() == active_rungs_) rungs_.emplace_back();
    Rung& rung = rungs_[active_rungs_++];
    rung.start_s = list.min_s;
    rung.width_s = width;
    rung.current = 0;
    rung.buckets.assign(list.count + 1, List{});
    for (std::uint32_t i = list.head; i != kNil;) {
      std::uint32_t next = nodes_[i].next;
      std::ptrdiff_t b = rung.index_of(nodes_[i].event.time_s);
      link(rung.buckets[static_cast<std::size_t>(b < 0 ? 0 : b)], i);
      i = next;
    }
  }

  std::vector<Node> nodes_;
  std::uint32_t free_ = kNil;
  List top_;
  double top_start_ = -INFINITY;  // events at or after this time go to top_
  std::vector<Rung> rungs_;       // rungs_[0] is the coarsest; rungs_[active_rungs_..] are spares
  std::size_t active_rungs_ = 0;
  detail::EventHeap bottom_;
  std::vector<Event> staging_;
  std::unordered_set<std::uint64_t> cancelled_;
  std::size_t stored_ = 0;  // events held, cancelled ones included
  std::uint64_t next_sequence_ = 0;
};

}  // namespace dsim
