#pragma once
/// A one-way "stop waiting" flag that a thread blocked in the system can wait on as well:
/// on Windows a manual-reset event (so a wait for a process can end on it), elsewhere a flag.
/// Once set it stays set.

#include <atomic>

namespace rdpmedic {

class CancelEvent {
  public:
    CancelEvent();
    ~CancelEvent();
    CancelEvent(const CancelEvent&) = delete;
    CancelEvent& operator=(const CancelEvent&) = delete;

    /// From any thread.
    void set();
    bool is_set() const { return set_.load(); }
    /// Windows: the event's HANDLE, to wait on; elsewhere null.
    void* native_handle() const { return handle_; }

  private:
    std::atomic<bool> set_{false};
    void* handle_ = nullptr;
};

} // namespace rdpmedic
