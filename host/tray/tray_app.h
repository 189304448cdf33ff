#pragma once
/// The application: owns the settings, the history, the open sessions and the windows; the tray icon and the windows call into it. Everything here runs on the GUI
/// thread; workers hand results back with CallAfter.

#include "notifier.h"
#include "session.h"
#include "tray_state.h"

#include "rdpmedic/app/certificate_trust.h"
#include "rdpmedic/app/connection.h"
#include "rdpmedic/app/effective_settings.h"
#include "rdpmedic/app/plugin_fixes.h"
#include "rdpmedic/core/history.h"
#include "rdpmedic/core/policy.h"
#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/platform/close_request.h"

#include <wx/app.h>
#include <wx/snglinst.h>

#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace rdpmedic::tray {

class TrayIcon;
class ConnectDialog;
class HistoryWindow;
class InstanceLink;
class OutsideConnections;
class PluginsWindow;

/// Answers --help and --version (the exit code), or nullopt for everything else. Called
/// before wx starts, which needs a display, so both work from scripts and checks without one.
std::optional<int> answer_without_display(int argc, char** argv);

class TrayApp : public wxApp {
  public:
    TrayApp();
    ~TrayApp() override;

    bool OnInit() override;
    int OnExit() override;

    /// Opens the Connect dialog, optionally filled in with `where`.
    void show_connect(const wxString& where = {});
    /// Starts a session. `where` is HOST[:PORT] or an .rdp file. When a session to the same
    /// computer is open, asks first: show that one, or open another. With `remember`, a typed password is kept in the platform's secret store, and without
    /// one the password remembered for the target and user is used (when there is none to
    /// be had, the Connect dialog asks for it instead).
    void connect_to(const wxString& where, const wxString& user, const wxString& password, bool remember = false);
    /// Connects to a recent target (index into settings().recent).
    void connect_recent(std::size_t index);
    /// Removes the password remembered for a recent target (index into settings().recent).
    void forget_recent_password(std::size_t index);
    /// Ends session `number` (see Session::number) and its client; none with that number: nothing.
    void disconnect(int number);
    /// Diagnoses session `number`'s computer, beside the session.
    void diagnose_session(int number);
    /// Ends session `number` and connects to its target again, as the same user.
    void retry_session(int number);
    void show_diagnose();
    void show_history();
    void show_settings();
    void show_log();
    void show_plugins();
    /// True when the change journal has an entry that can still be undone and no undo runs.
    bool can_undo() const;
    /// The change journal `can_undo` reads.
    std::filesystem::path journal_path() const;
    /// Undoes the newest change that still needs it, off the GUI thread; notifies the outcome.
    void undo_last_change();
    /// Undoes journal entry `id` the same way (a notification's Undo).
    void undo_change(const std::string& id);
    void quit();

    /// The open sessions, oldest first.
    const std::vector<std::unique_ptr<Session>>& sessions() const { return m_sessions; }
    /// What the icon shows: the most urgent of the sessions' states and of the last finished
    /// connection's failure or a diagnosis on request.
    TrayState state() const;
    /// The tooltip, and the history window's status: one line per session when there are several.
    wxString status_text() const;
    const Settings& settings() const { return m_settings; }
    const History& history() const { return m_history; }
    const std::deque<wxString>& log_lines() const { return m_log_lines; }

    /// From the log sink, on the GUI thread.
    void on_log_line(const wxString& line);

  private:
    /// Runs the Connect dialog and connects with what it was given.
    void run_connect_dialog(ConnectDialog& dialog);
    /// Marks the recent entry for `where` and `user` as having a remembered password or not.
    void mark_remembered(const wxString& where, const wxString& user, bool remembered);
    /// The open session to the same computer as `request`, or null.
    const Session* session_to(const ConnectRequest& request) const;
    /// Asks whether to open a second session to a computer that has one: false to not.
    bool open_another(const Session& open);
    /// Where session `number` is in m_sessions, or end().
    std::vector<std::unique_ptr<Session>>::iterator session_place(int number);
    Session* find_session(int number);
    void on_event(int number, const SupervisorEvent& event);
    /// A line from the fix stage (a plugin's advice, a refusal, a fault), recorded in the
    /// history of its session.
    void on_fix_notice(int number, const std::string& line);
    void on_finished(int number, const SupervisorResult& result, const wxString& error);
    /// Diagnoses `where` off the GUI thread; the result is notified and kept in the history.
    void diagnose(const wxString& where);
    void on_diagnosis(const wxString& where, const std::optional<Diagnosis>& diagnosis,
                      const wxString& error);
    /// What the icon shows apart from the open sessions: a finished connection's failure
    /// (until the next action), a diagnosis on request, or idle.
    void set_state(TrayState state, const wxString& target = {}, const wxString& note = {});
    /// Shows state() and status_text() on the icon and in the history window.
    void show_state();
    /// Shows them on the icon only (its menu), where nothing the history window shows changed.
    void show_icon_state();
    void save_settings_reporting();
    /// Applies the policy to m_settings again; its notices are logged (and, with `notify`, shown).
    void apply_policy(bool notify);
    /// Where policy sets start_at_login, makes this user's login entry say the same.
    void keep_login_entry_to_policy();
    void save_history_reporting();
    void handle_command_line_target(const wxString& where);
    void on_undone(const wxString& id, const wxString& title, const wxString& message, int flags);
    /// Answers every session's open questions with no, then cancels them all, or with
    /// `leave_running` lets their clients run on, and waits for their threads.
    void stop_sessions(bool leave_running);
    /// Gives `session` its history entry and its connection's thread, and lists it.
    void start_session(std::unique_ptr<Session> session, app::ConnectionSetup setup);
    /// Lists and watches again the sessions an earlier rdpmedic left running.
    void show_kept_sessions();
    /// From the plugins window: the user's order and the plugins turned off, saved at once.
    void on_plugins_arranged(std::vector<std::string> order, std::vector<std::string> disabled);
    /// A connection started outside rdpmedic failed: offers to diagnose and fix it.
    void on_outside_failure(const wxString& server, const wxString& text);
    /// A notification's button (or a click on it): acts on the session it was shown for.
    void on_notification_action(Notifier::Action action, const NotificationSubject& subject);
    NotificationSubject subject_of(const Session& session) const;
    /// Connects again to what `subject` was connected to, as the same user, ending its
    /// session first while it is still open.
    void reconnect(const NotificationSubject& subject);

    wxSingleInstanceChecker m_checker;
    std::filesystem::path m_settings_file;
    /// The user's own settings, as saved; what is used is m_effective's.
    Settings m_settings;
    /// m_settings under the organization's policy, read again whenever m_settings changes.
    /// The organization's policy, read at start.
    app::SystemPolicy m_policy;
    EffectiveSettings m_effective;
    History m_history;
    TrayIcon* m_icon = nullptr;
    HistoryWindow* m_history_window = nullptr;
    PluginsWindow* m_plugins_window = nullptr;
    std::vector<std::unique_ptr<Session>> m_sessions;
    int m_sessions_opened = 0;
    std::unique_ptr<InstanceLink> m_link;
    /// An uninstaller's request to quit before it deletes the programs.
    std::unique_ptr<CloseRequestListener> m_close_request;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<OutsideConnections> m_outside;
    /// The server of the last outside failure notified, for its "Diagnose and fix" action.
    wxString m_outside_server;
    std::jthread m_diagnosis;
    bool m_diagnosing = false;
    std::jthread m_undo;
    bool m_undoing = false;
    TrayState m_state = TrayState::Idle; ///< see set_state
    wxString m_state_target;
    wxString m_state_note;
    std::deque<wxString> m_log_lines;
};

wxDECLARE_APP(TrayApp);

} // namespace rdpmedic::tray
