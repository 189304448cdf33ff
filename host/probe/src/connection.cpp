// Sending and receiving with a deadline, on top of each OS's single non-blocking send/recv.
#include "net.h"

#include <algorithm>

namespace rdpmedic::probe::net {

Connection::Io Connection::send_all(std::span<const std::uint8_t> bytes, Deadline deadline) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const Transfer transfer = send_some(bytes.subspan(sent));
        switch (transfer.status) {
        case Transfer::Status::Moved:
            sent += transfer.count;
            break;
        case Transfer::Status::WouldBlock:
            if (!wait(true, deadline)) {
                return Io::TimedOut;
            }
            break;
        case Transfer::Status::Closed:
            return Io::Closed;
        case Transfer::Status::Reset:
            return Io::Reset;
        }
    }
    return Io::Ok;
}

Connection::Io Connection::receive(std::vector<std::uint8_t>& into, std::size_t max,
                                   Deadline deadline) {
    std::uint8_t buffer[4096];
    for (;;) {
        const Transfer transfer = receive_some(std::span(buffer, std::min(max, sizeof buffer)));
        switch (transfer.status) {
        case Transfer::Status::Moved:
            into.insert(into.end(), buffer, buffer + transfer.count);
            return Io::Ok;
        case Transfer::Status::WouldBlock:
            if (!wait(false, deadline)) {
                return Io::TimedOut;
            }
            break;
        case Transfer::Status::Closed:
            return Io::Closed;
        case Transfer::Status::Reset:
            return Io::Reset;
        }
    }
}

} // namespace rdpmedic::probe::net
