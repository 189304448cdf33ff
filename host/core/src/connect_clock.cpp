#include "rdpmedic/core/connect_clock.h"

#include <algorithm>

namespace rdpmedic {

std::optional<ClientProgress> progress_of(const RdpClientEvent& event) {
    switch (event.id) {
    case kEventConnecting: return ClientProgress::Connecting;
    case kEventConnected:
    case kEventDisconnected:
    case kEventDomainConnected: return ClientProgress::Ended;
    default: return std::nullopt;
    }
}

ConnectClock::ConnectClock(Duration limit, Start start, time_point launched)
    : limit_(limit), start_(start), started_(start == Start::AtLaunch), since_(launched) {}

bool ConnectClock::running() const {
    return started_ && !ended_ && !(pauses_for_dialogs() && dialog_showing_);
}

void ConnectClock::settle(time_point at) {
    // A report stamped before the last change (two threads' clocks read a moment apart)
    // counts as made at the change.
    at = std::max(at, since_);
    if (running()) {
        counted_ += std::chrono::duration_cast<Duration>(at - since_);
    }
    since_ = at;
}

void ConnectClock::on_progress(ClientProgress progress, time_point at) {
    settle(at);
    switch (progress) {
    case ClientProgress::Connecting:
        // mstsc reconnecting by itself logs another 1024: the count goes on, it does not
        // start again, so a server that keeps dropping the connection still times out.
        started_ = true;
        ended_ = false;
        break;
    case ClientProgress::Ended: ended_ = true; break;
    case ClientProgress::DialogShown: dialog_showing_ = true; break;
    case ClientProgress::DialogClosed: dialog_showing_ = false; break;
    }
}

void ConnectClock::on_event(const RdpClientEvent& event, time_point at) {
    if (const auto progress = progress_of(event)) {
        on_progress(*progress, at);
    }
}

void ConnectClock::on_dialog_sample(bool showing, time_point at) {
    on_progress(showing ? ClientProgress::DialogShown : ClientProgress::DialogClosed, at);
}

ConnectClock::Duration ConnectClock::counted(time_point now) const {
    if (!running() || now <= since_) {
        return counted_;
    }
    return counted_ + std::chrono::duration_cast<Duration>(now - since_);
}

std::optional<ConnectClock::time_point> ConnectClock::expires_at() const {
    if (!running()) {
        return std::nullopt;
    }
    return since_ + std::max(Duration{0}, limit_ - counted_);
}

bool ConnectClock::expired(time_point now) const { return !ended_ && counted(now) >= limit_; }

} // namespace rdpmedic
