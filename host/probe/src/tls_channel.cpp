#include "tls_channel.h"

#include "no_pipe_signal.h"

#include <algorithm>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace rdpmedic::probe::tls {

Channel::Channel(SSL* ssl, net::Connection& connection) : ssl_(ssl), connection_(connection) {}

Channel::~Channel() {
    // One close_notify, not waited for: the socket closes right after.
    {
        const NoPipeSignal no_pipe_signal;
        SSL_shutdown(ssl_);
    }
    SSL_free(ssl_);
    ERR_clear_error();
}

bool Channel::wait_to_retry(int rc, net::Deadline deadline, Io& why) {
    const int error = SSL_get_error(ssl_, rc);
    ERR_clear_error();
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        why = Io::Closed;
        return false;
    }
    if (!connection_.wait(error == SSL_ERROR_WANT_WRITE, deadline)) {
        why = Io::TimedOut;
        return false;
    }
    return true;
}

Channel::Io Channel::write_all(std::span<const std::uint8_t> bytes, net::Deadline deadline) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        std::size_t written = 0;
        const NoPipeSignal no_pipe_signal;
        const int rc = SSL_write_ex(ssl_, bytes.data() + sent, bytes.size() - sent, &written);
        if (rc == 1) {
            sent += written;
            continue;
        }
        Io why = Io::Closed;
        if (!wait_to_retry(rc, deadline, why)) {
            return why;
        }
    }
    return Io::Ok;
}

Channel::Io Channel::read(std::vector<std::uint8_t>& into, std::size_t max,
                          net::Deadline deadline) {
    std::uint8_t buffer[4096];
    for (;;) {
        std::size_t count = 0;
        const int rc = SSL_read_ex(ssl_, buffer, std::min(max, sizeof buffer), &count);
        if (rc == 1) {
            into.insert(into.end(), buffer, buffer + count);
            return Io::Ok;
        }
        Io why = Io::Closed;
        if (!wait_to_retry(rc, deadline, why)) {
            return why;
        }
    }
}

} // namespace rdpmedic::probe::tls
