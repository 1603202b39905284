#pragma once

// An ordered pipeline for batch commands: a fixed set of worker threads and a fixed ring of
// job slots. The reading thread fills the next free slot and submits it; results come back in
// submission order. Slots are reused round-robin, so the buffers inside a Job keep their
// capacity from one use to the next (no allocation, no fresh pages per chunk of records).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace mrtd::cmd {

template <typename Job> class OrderedWorkers {
public:
  /// Starts `threads` workers running `work` on submitted jobs, with `slots` jobs in flight
  /// at most (slots >= threads keeps every worker busy while the oldest is written out).
  OrderedWorkers(std::size_t threads, std::size_t slots, std::function<void(Job&)> work)
      : m_slots(slots), m_work(std::move(work)) {
    m_threads.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
      m_threads.emplace_back([this] { serve(); });
    }
  }
  ~OrderedWorkers() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_work_ready.notify_all();
    for (auto& thread : m_threads) {
      thread.join();
    }
  }
  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;

  /// The slot to fill next. When every slot is in flight, first waits for the oldest and hands
  /// it to `done` (a worker's exception is rethrown here, on the calling thread).
  template <typename Done> Job& next(Done&& done) {
    if (m_in_flight == m_slots.size()) {
      retire_oldest(done);
    }
    return m_slots[m_tail].job;
  }

  /// Queues the slot last returned by next().
  void submit() {
    {
      std::lock_guard lock(m_mutex);
      m_slots[m_tail].state = State::queued;
      m_queue.push_back(m_tail);
    }
    m_work_ready.notify_one();
    m_tail = (m_tail + 1) % m_slots.size();
    ++m_in_flight;
  }

  /// Waits for every submitted job and hands each to `done`, in submission order.
  template <typename Done> void finish(Done&& done) {
    while (m_in_flight > 0) {
      retire_oldest(done);
    }
  }

private:
  enum class State { free, queued, done };
  struct Slot {
    Job job;
    State state = State::free;
    std::exception_ptr error;
  };

  template <typename Done> void retire_oldest(Done& done) {
    Slot& slot = m_slots[m_head];
    {
      std::unique_lock lock(m_mutex);
      m_job_done.wait(lock, [&] { return slot.state == State::done; });
    }
    slot.state = State::free;
    m_head = (m_head + 1) % m_slots.size();
    --m_in_flight;
    if (slot.error) {
      std::rethrow_exception(std::exchange(slot.error, nullptr));
    }
    done(slot.job);
  }

  void serve() {
    while (true) {
      std::size_t index = 0;
      {
        std::unique_lock lock(m_mutex);
        m_work_ready.wait(lock, [&] { return m_stop || !m_queue.empty(); });
        if (m_stop) {
          return;
        }
        index = m_queue.front();
        m_queue.pop_front();
      }
      Slot& slot = m_slots[index];
      try {
        m_work(slot.job);
      } catch (...) {
        slot.error = std::current_exception();
      }
      {
        std::lock_guard lock(m_mutex);
        slot.state = State::done;
      }
      m_job_done.notify_all();
    }
  }

  std::vector<Slot> m_slots;
  std::function<void(Job&)> m_work;
  std::mutex m_mutex;
  std::condition_variable m_work_ready;
  std::condition_variable m_job_done;
  std::deque<std::size_t> m_queue; ///< indices of queued slots, oldest first
  bool m_stop = false;
  std::size_t m_head = 0; ///< oldest slot in flight (main thread only)
  std::size_t m_tail = 0; ///< next slot to fill (main thread only)
  std::size_t m_in_flight = 0;
  std::vector<std::thread> m_threads; ///< last: started after everything above exists
};

} // namespace mrtd::cmd
