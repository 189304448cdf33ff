#include "session.h"

#include "certificate_dialog.h"
#include "connection_worker.h"
#include "consent_prompt.h"

#include <wx/translation.h>

namespace rdpmedic::tray {

namespace {

/// Higher is more urgent.
int urgency(TrayState state) {
    switch (state) {
    case TrayState::Idle: return 0;
    case TrayState::Connected: return 1;
    case TrayState::Connecting: return 2;
    case TrayState::Diagnosing: return 3;
    case TrayState::Fixing: return 4;
    case TrayState::Failed: return 5;
    }
    return 0;
}

wxString duration_text(std::chrono::steady_clock::duration elapsed) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(elapsed).count();
    if (minutes < 1) {
        return _("under a minute");
    }
    if (minutes < 60) {
        return wxString::Format(_("%lld min"), static_cast<long long>(minutes));
    }
    return wxString::Format(_("%lld h %02lld min"), static_cast<long long>(minutes / 60),
                            static_cast<long long>(minutes % 60));
}

} // namespace

Session::Session() = default;

Session::~Session() {
    withdraw_questions();
    worker.reset();
}

void Session::withdraw_questions() {
    if (consent) {
        consent->withdraw();
    }
    if (certificate_prompt) {
        certificate_prompt->withdraw();
    }
}

wxString Session::label() const {
    return user.empty() ? wxString::Format(_("Session %d: %s"), number, target)
                        : wxString::Format(_("Session %d: %s, as %s"), number, target, user);
}

wxString Session::state_text(std::chrono::steady_clock::time_point now) const {
    const wxString text = wxGetTranslation(to_id(state));
    if (state == TrayState::Connected && connected_since) {
        // TRANSLATORS: a session's state and how long it has been so, "connected for 5 min".
        return wxString::Format(_("%s for %s"), text, duration_text(now - *connected_since));
    }
    return text;
}

wxString Session::summary(std::chrono::steady_clock::time_point now) const {
    return target + wxString::FromUTF8(" \u2014 ") + state_text(now);
}

TrayState most_urgent(TrayState a, TrayState b) { return urgency(b) > urgency(a) ? b : a; }

} // namespace rdpmedic::tray
