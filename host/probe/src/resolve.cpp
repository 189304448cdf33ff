// Name resolution with a deadline, on top of each OS's blocking resolver and DNS calls, and
// the hosts file.
#include "net.h"

#include "rdpmedic/core/ascii.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

namespace rdpmedic::probe::net {

namespace {

/// Threads for blocking lookups, each kept a while once done for the next: a run of many
/// diagnoses would otherwise start and end a thread per lookup, four for each named target. A
/// lookup never waits for another: with no thread idle, one more starts, so a resolver call
/// that hangs keeps only its own thread.
class LookupThreads {
  public:
    void run(std::function<void()> job) {
        {
            std::lock_guard lock(mutex_);
            if (idle_ > 0) {
                --idle_;
                jobs_.push_back(std::move(job));
                work_.notify_one();
                return;
            }
        }
        std::thread([this, first = std::move(job)] {
            first();
            serve();
        }).detach();
    }

  private:
    static constexpr std::chrono::seconds kIdleLimit{10};

    void serve() {
        std::unique_lock lock(mutex_);
        for (;;) {
            ++idle_;
            // run() counts this thread busy again when it hands it a job.
            if (!work_.wait_for(lock, kIdleLimit, [&] { return !jobs_.empty(); })) {
                --idle_;
                return;
            }
            std::function<void()> job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            job();
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable work_;
    std::deque<std::function<void()>> jobs_;
    int idle_ = 0;
};

// Never destroyed: its threads may still be finishing a late lookup when the process exits.
LookupThreads& lookup_threads() {
    static auto* threads = new LookupThreads;
    return *threads;
}

// Shared with a lookup thread that may outlive the caller.
struct Pending {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    Resolved result;
};

/// Runs one blocking lookup on a lookup thread and waits for it until `deadline`. A
/// resolver call cannot be cancelled: a late one is abandoned and finishes by itself.
Resolved with_deadline(Resolved (*blocking_lookup)(const std::string&), const std::string& host,
                       Deadline deadline) {
    auto pending = std::make_shared<Pending>();
    lookup_threads().run([pending, host, blocking_lookup] {
        Resolved result = blocking_lookup(host);
        std::lock_guard lock(pending->mutex);
        pending->result = std::move(result);
        pending->finished = true;
        pending->done.notify_all();
    });
    std::unique_lock lock(pending->mutex);
    if (!pending->done.wait_until(lock, deadline, [&] { return pending->finished; })) {
        Resolved out;
        out.timed_out = true;
        out.error = "no answer in time";
        return out;
    }
    return pending->result;
}

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
    Resolved out = with_deadline(&lookup, host, deadline);
    if (out.timed_out) {
        out.error = "no answer from the resolver in time";
    }
    return out;
}

Resolved resolve_at_dns_server(const std::string& host, Deadline deadline) {
    Resolved out = with_deadline(&lookup_at_dns_server, host, deadline);
    if (out.timed_out) {
        out.error = "no answer from the DNS server in time";
    }
    return out;
}

void conclude(Resolved& out) {
    out.ok = !out.addresses.empty();
    if (out.ok) {
        out.error.clear();
    } else if (out.error.empty()) {
        out.error = "no addresses";
    }
}

bool listed_in_hosts_file(const std::string& host) {
    std::ifstream file(hosts_file_path());
    const std::string wanted = ascii_lowercase(host);
    std::string line;
    while (std::getline(file, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream fields(line);
        std::string address;
        std::string name;
        fields >> address;
        while (fields >> name) {
            if (ascii_lowercase(name) == wanted) {
                return true;
            }
        }
    }
    return false;
}

} // namespace rdpmedic::probe::net
