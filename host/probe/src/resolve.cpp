// Name resolution with a deadline, on top of each OS's blocking resolver call.
#include "net.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace rdpmedic::probe::net {

namespace {

// Shared with a lookup thread that may outlive the caller.
struct Pending {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    Resolved result;
};

} // namespace

bool is_ipv6(const std::string& address) {
    return address.find(':') != std::string::npos;
}

Resolved resolve(const std::string& host, Deadline deadline) {
    if (literal_address(host)) {
        Resolved out;
        out.ok = true;
        out.literal = true;
        out.addresses.push_back(host);
        return out;
    }
    auto pending = std::make_shared<Pending>();
    // The system resolver cannot be cancelled: the thread is detached and finishes on its own.
    std::thread([pending, host] {
        Resolved result = lookup(host);
        std::lock_guard lock(pending->mutex);
        pending->result = std::move(result);
        pending->finished = true;
        pending->done.notify_all();
    }).detach();
    std::unique_lock lock(pending->mutex);
    if (!pending->done.wait_until(lock, deadline, [&] { return pending->finished; })) {
        Resolved out;
        out.timed_out = true;
        out.error = "no answer from the resolver in time";
        return out;
    }
    return pending->result;
}

} // namespace rdpmedic::probe::net
