#pragma once
/// One connection the tray runs: its supervisor on a thread of its own, its fix plugins (in
/// a worker process of their own, so one session's plugins never answer for another's), the
/// questions it asks the user, its history entry and its newest state. Several run at once.

#include "tray_state.h"

#include "rdpmedic/app/certificate_trust.h"
#include "rdpmedic/app/plugin_fixes.h"
#include "rdpmedic/core/supervisor.h"

#include <wx/string.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace rdpmedic::tray {

class CertificatePrompt;
class ConnectionWorker;
class ConsentPrompt;

struct Session {
    Session();
    /// Withdraws its questions, then cancels the connection and waits for it.
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Answers every open question with no and closes its dialog; later ones are answered no.
    void withdraw_questions();
    /// "Session 2: host:3389, as alice", for the questions it asks.
    wxString label() const;
    /// "connected for 12 min", "fixing", …
    wxString state_text(std::chrono::steady_clock::time_point now) const;
    /// "host:3389 — connected for 12 min", for the menu and the tooltip.
    wxString summary(std::chrono::steady_clock::time_point now) const;

    int number = 0;         ///< 1, 2, … in the order they were opened, never reused while the tray runs
    std::string history_id; ///< its entry in the history
    wxString where;         ///< as the user gave it: HOST[:PORT] or an .rdp file
    wxString target;        ///< host:port
    wxString user;
    bool password_remembered = false;
    /// How many change-journal entries there were when it started, or when its last change
    /// was offered for Undo: the entries after them are its own.
    std::size_t journal_seen = 0;
    TrayState state = TrayState::Connecting;
    wxString detail; ///< the newest failure or note
    /// What the newest failed attempt failed at: a refused certificate gives up after it.
    FailureKind last_failure = FailureKind::Unknown;
    std::optional<std::chrono::steady_clock::time_point> connected_since;
    /// The newest event: its attempt and target go with a fix notice.
    SupervisorEvent last_event;

    // Destroyed in reverse order: the worker first, while what its thread uses still exists.
    std::unique_ptr<app::PluginFixes> fixes;
    /// Shared with the connection's thread, which may be waiting in one for an answer.
    std::shared_ptr<ConsentPrompt> consent;
    std::shared_ptr<CertificatePrompt> certificate_prompt;
    std::unique_ptr<app::CertificateTrust> certificates;
    std::unique_ptr<ConnectionWorker> worker;
};

/// The state the icon shows for several sessions: the most urgent one (a failure first, then
/// fixing, diagnosing, connecting, and connected before idle).
TrayState most_urgent(TrayState a, TrayState b);

} // namespace rdpmedic::tray
