#pragma once

#ifndef _WIN32
#include <csignal>
#include <pthread.h>
#endif

namespace rdpmedic::probe::tls {

/// OpenSSL writes with plain write(): a server that has closed would kill the process with
/// SIGPIPE. Blocked on this thread while OpenSSL writes, and the one raised swallowed, it costs
/// an error instead, and the disposition of the program hosting the probe is left alone.
/// Windows has no such signal.
class NoPipeSignal {
  public:
#ifndef _WIN32
    NoPipeSignal() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
    }
    ~NoPipeSignal() {
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE) == 1) {
            const timespec no_wait{0, 0};
            sigtimedwait(&pipe_, nullptr, &no_wait);
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }

  private:
    sigset_t pipe_;
    sigset_t previous_;
#else
  public:
    // Nothing to do, but a scope guard all the same (and so not an unused variable).
    NoPipeSignal() {}
    ~NoPipeSignal() {}
#endif
};

} // namespace rdpmedic::probe::tls
