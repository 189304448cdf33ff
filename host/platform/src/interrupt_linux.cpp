#include "rdpmedic/platform/interrupt.h"

#include <csignal>
#include <pthread.h>
#include <thread>

namespace rdpmedic {

void on_interrupt(std::function<void()> callback) {
    // Blocked here, before any other thread exists, so every thread inherits the mask and
    // only the waiting thread below ever receives these signals.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::thread([signals, callback = std::move(callback)] {
        for (;;) {
            int received = 0;
            if (sigwait(&signals, &received) == 0) {
                callback();
            }
        }
    }).detach();
}

} // namespace rdpmedic
