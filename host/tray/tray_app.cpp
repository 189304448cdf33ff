#include "tray_app.h"

#include "certificate_dialog.h"
#include "connect_dialog.h"
#include "connection_worker.h"
#include "consent_prompt.h"
#include "gui_log_sink.h"
#include "history_window.h"
#include "instance_link.h"
#include "notifier.h"
#include "outside_connections.h"
#include "plugins_window.h"
#include "rdpmedic/app/connection.h"
#include "rdpmedic/app/diagnose.h"
#include "rdpmedic/app/effective_settings.h"
#include "rdpmedic/app/system_log_reporting.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/stored_file.h"
#include "rdpmedic/i18n/system_language.h"
#include "rdpmedic/i18n/translated.h"
#include "rdpmedic/platform/autostart.h"
#include "rdpmedic/platform/credential_store.h"
#include "rdpmedic/platform/kept_sessions.h"
#include "rdpmedic/platform/logging.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/worker_client.h"
#include "settings_dialog.h"
#include "tray_icon.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <spdlog/spdlog.h>
#include <string_view>
#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>
#include <wx/textdlg.h>
#include <wx/translation.h>
#include <wx/utils.h>

namespace rdpmedic::tray {

namespace {

constexpr std::size_t kLogLinesKept = 500;

const char* const kUsage = wxTRANSLATE(
    "usage: rdpmedic [HOST[:PORT] | FILE.rdp]\n"
    "  Sits in the notification area, launches the RDP client, and on failure explains,\n"
    "  diagnoses and retries. With an argument it connects to it; when rdpmedic is already\n"
    "  running, the argument is handed to that instance.\n"
    "  --verbose   debug lines in the log\n"
    "  --at-login  as the login entry starts it: ends quietly where rdpmedic already runs or\n"
    "              the user turned start at login off\n"
    "  --help, --version\n");

/// The change journal's entries; none when it cannot be read (said in the log).
std::vector<plugins::JournalEntry> journal_entries() {
    try {
        return plugins::Journal(plugins::journal_file(state_directory())).entries();
    } catch (const std::exception& error) {
        spdlog::warn("change journal not readable: {}", error.what());
    }
    return {};
}

/// The id of the newest of `entries` from the `from`th on (0-based) that still needs
/// undoing, or empty.
std::string newest_undoable(const std::vector<plugins::JournalEntry>& entries, std::size_t from = 0) {
    for (std::size_t place = entries.size(); place > from; --place) {
        if (entries[place - 1].needs_undo()) {
            return entries[place - 1].id;
        }
    }
    return {};
}

/// The buttons of giving up: Retry and Details, and Trust… when the certificate was what
/// failed (the next connection asks about it again).
std::vector<Notifier::Action> gave_up_actions(FailureKind kind) {
    std::vector<Notifier::Action> actions{Notifier::kRetry, Notifier::kDetails};
    if (kind == FailureKind::TlsFailed) {
        actions.insert(actions.begin(), Notifier::kTrust);
    }
    return actions;
}

wxString joined(const std::vector<std::string>& lines) {
    wxString out;
    for (const auto& line : lines) {
        out += (out.empty() ? "" : "\n") + wxString::FromUTF8(line);
    }
    return out;
}

/// Which remembered password a connection uses: its host and port, and its user (typed, or
/// the .rdp file's).
CredentialKey credential_key(const ConnectRequest& request) {
    return {request.target.host, request.target.port, request.user.value_or("")};
}

wxString absolute_if_file(const wxString& where) {
    if (where.empty() || !wxFileExists(where)) {
        return where;
    }
    wxFileName name(where);
    name.MakeAbsolute();
    return name.GetFullPath();
}

/// This program, for the login entry (through UTF-8: a std::string path is not UTF-8 on Windows).
std::filesystem::path tray_executable() {
    return utf8_path(wxStandardPaths::Get().GetExecutablePath().utf8_string());
}

/// Whether a start by a login entry goes on. The organization's start_at_login wins over the
/// machine's entry and over the user's own opt-out from it; without it, the user's choice.
bool login_start_wanted(const app::SystemPolicy& policy) {
    const auto effective = effective_settings(Settings{}, policy.layers, policy.plugin_ids);
    if (effective.set_by_policy("start_at_login")) {
        return effective.settings.start_at_login;
    }
    return !autostart_declined();
}

} // namespace

std::optional<int> answer_without_display(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            i18n::use_system_language();
            std::fputs(wxGetTranslation(kUsage).utf8_str().data(), stdout);
            return 0;
        }
        if (arg == "--version") {
            std::printf("rdpmedic %s\n", RDPMEDIC_VERSION);
            return 0;
        }
    }
    return std::nullopt;
}

TrayApp::TrayApp() : m_history(state_directory() / "history.json") {}

TrayApp::~TrayApp() = default;

bool TrayApp::OnInit() {
    i18n::use_system_language();
    wxTranslations::Get()->AddStdCatalog(); // wx's own buttons and dialogs, where installed
    wxString where;
    bool verbose = false;
    bool at_login = false;
    for (int i = 1; i < argc; ++i) {
        const wxString arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(wxGetTranslation(kUsage).utf8_str().data(), stdout);
            return false;
        }
        if (arg == "--version") {
            std::printf("rdpmedic %s\n", RDPMEDIC_VERSION);
            return false;
        }
        if (arg == "--verbose") {
            verbose = true;
        } else if (arg == kAtLoginOption) {
            at_login = true;
        } else if (arg.StartsWith("-")) {
            const wxString refusal =
                wxString::Format(_("rdpmedic: unknown option '%s'\n%s"), arg, wxGetTranslation(kUsage));
            std::fputs(refusal.utf8_str().data(), stderr);
            return false;
        } else {
            where = absolute_if_file(arg);
        }
    }
    m_policy = app::read_system_policy();
    if (at_login && !login_start_wanted(m_policy)) {
        CallAfter([this] { ExitMainLoop(); }); // a quiet end, exit code 0
        return true;
    }
    SetAppName("rdpmedic");
    SetAppDisplayName("rdpmedic");

    const auto state = state_directory();
    std::error_code ec;
    std::filesystem::create_directories(state, ec);
    m_checker.Create("rdpmedic-" + wxGetUserId() + ".lock", wxString::FromUTF8(utf8_text(state)));
    if (m_checker.IsAnotherRunning()) {
        if (at_login) {
            // A second login entry: the running tray is all the user wants.
            CallAfter([this] { ExitMainLoop(); });
            return true;
        }
        if (InstanceLink::hand_over(where)) {
            std::printf("%s\n", (where.empty() ? _("rdpmedic is already running; it was asked to show itself")
                                               : _("rdpmedic is already running; handed the target to it"))
                                     .utf8_str()
                                     .data());
            // Through the event loop, so the exit code is 0 rather than a failed start.
            CallAfter([this] { ExitMainLoop(); });
            return true;
        }
        std::fprintf(stderr, "%s\n",
                     wxString::Format(_("rdpmedic: another instance holds %s but does not answer on %s"),
                                      wxString::FromUTF8(utf8_text(state)), InstanceLink::service_name())
                         .utf8_str()
                         .data());
        return false;
    }

    try {
        init_logging({state, false, verbose});
    } catch (const LoggingError& error) {
        std::fprintf(stderr, "rdpmedic: %s\n", error.what());
        return false;
    }
    auto sink = std::make_shared<GuiLogSink>(*this, [this](const wxString& line) { on_log_line(line); });
    sink->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
    spdlog::default_logger()->sinks().push_back(sink);
    spdlog::info("rdpmedic {} starting", RDPMEDIC_VERSION);

    m_notifier = std::make_unique<Notifier>(
        [this](Notifier::Action action, const NotificationSubject& subject) { on_notification_action(action, subject); });

    std::vector<wxString> problems;
    m_settings_file = config_directory() / "settings.json";
    try {
        auto loaded = load_settings(m_settings_file);
        m_settings = std::move(loaded.settings);
        if (loaded.problem) {
            problems.push_back(wxString::FromUTF8(*loaded.problem));
        }
    } catch (const StoredFileError& error) {
        problems.push_back(wxString::Format(_("%s; using the defaults for now"), wxString::FromUTF8(error.what())));
    }
    try {
        if (auto problem = m_history.load()) {
            problems.push_back(wxString::FromUTF8(*problem));
        }
    } catch (const StoredFileError& error) {
        problems.push_back(wxString::FromUTF8(error.what()));
    }
    for (const auto& problem : problems) {
        spdlog::error("{}", problem.utf8_string());
    }

    if (!wxTaskBarIcon::IsAvailable()) {
        // Without a notification area the window is the only way in; it stays usable.
        spdlog::warn("no system tray on this desktop; showing the rdpmedic window instead");
    }
    m_icon = new TrayIcon(*this);
    set_state(TrayState::Idle);
    if (!wxTaskBarIcon::IsAvailable()) {
        show_history();
    }

    m_link = std::make_unique<InstanceLink>([this](const wxString& what) { handle_command_line_target(what); });
    m_link->listen();
    m_close_request = std::make_unique<CloseRequestListener>([this] {
        spdlog::info("asked to quit (rdpmedic is being removed)");
        CallAfter([this] { quit(); });
    });

    for (const auto& problem : problems) {
        m_notifier->show(_("rdpmedic: a file could not be read"), problem, wxICON_WARNING);
    }
    apply_policy(true);
    keep_login_entry_to_policy();
    show_kept_sessions();
    m_outside = std::make_unique<OutsideConnections>(
        *this, [this](const wxString& server, const wxString& text) { on_outside_failure(server, text); });
    if (!where.empty()) {
        handle_command_line_target(where);
    }
    spdlog::info("tray icon shown");
    return true;
}

int TrayApp::OnExit() {
    m_outside.reset();
    // Ended any other way than Quit (the desktop session ends): what Quit does by default.
    stop_sessions(true);
    if (m_diagnosis.joinable()) {
        m_diagnosis.join();
    }
    if (m_undo.joinable()) {
        m_undo.join();
    }
    // The sink captures this app; drop it before the app goes away.
    if (auto logger = spdlog::default_logger()) {
        auto& sinks = logger->sinks();
        std::erase_if(sinks, [](const spdlog::sink_ptr& s) { return dynamic_cast<GuiLogSink*>(s.get()) != nullptr; });
    }
    m_link.reset();
    m_notifier.reset();
    return wxApp::OnExit();
}

void TrayApp::handle_command_line_target(const wxString& where) {
    if (where.empty()) {
        show_history();
        return;
    }
    connect_to(where, {}, {});
}

void TrayApp::show_connect(const wxString& where) {
    ConnectDialog dialog(nullptr, m_settings.recent, where);
    run_connect_dialog(dialog);
}

void TrayApp::run_connect_dialog(ConnectDialog& dialog) {
    if (dialog.ShowModal() != wxID_OK) {
        return;
    }
    connect_to(dialog.target(), dialog.user(), dialog.password(), dialog.remember_password());
}

void TrayApp::mark_remembered(const wxString& where, const wxString& user, bool remembered) {
    for (auto& recent : m_settings.recent) {
        if (recent.target == where.utf8_string() && recent.user == user.utf8_string()) {
            recent.password_remembered = remembered;
        }
    }
}

const Session* TrayApp::session_to(const ConnectRequest& request) const {
    const wxString target = wxString::FromUTF8(request.target.to_string());
    for (const auto& session : m_sessions) {
        if (session->target == target) {
            return session.get();
        }
    }
    return nullptr;
}

bool TrayApp::open_another(const Session& open) {
    wxMessageDialog ask(nullptr,
                        wxString::Format(_("A session to %s is open: %s.\n\nShow it, or open another session to "
                                           "the same computer?"),
                                         open.target, open.state_text(std::chrono::steady_clock::now())),
                        _("Already connected - rdpmedic"), wxYES_NO | wxCANCEL | wxICON_QUESTION);
    ask.SetYesNoLabels(_("&Show it"), _("&Open another"));
    const int answer = ask.ShowModal();
    if (answer == wxID_YES) {
        show_history();
    }
    spdlog::info("a session to {} is open: {}", open.target.utf8_string(),
                 answer == wxID_NO ? "opening another" : (answer == wxID_YES ? "showing it" : "not connecting"));
    return answer == wxID_NO;
}

std::vector<std::unique_ptr<Session>>::iterator TrayApp::session_place(int number) {
    return std::find_if(m_sessions.begin(), m_sessions.end(),
                        [number](const auto& session) { return session->number == number; });
}

Session* TrayApp::find_session(int number) {
    const auto place = session_place(number);
    return place == m_sessions.end() ? nullptr : place->get();
}

void TrayApp::connect_to(const wxString& where, const wxString& user, const wxString& password, bool remember) {
    app::ConnectionSetup setup;
    try {
        setup.request = app::request_from(where.utf8_string());
    } catch (const std::exception& error) {
        m_notifier->show(_("rdpmedic: cannot connect"), wxString::FromUTF8(error.what()), wxICON_ERROR);
        return;
    }
    if (!user.empty()) {
        setup.request.user = user.utf8_string();
    }
    if (const Session* open = session_to(setup.request); open && !open_another(*open)) {
        return;
    }
    bool remembered = false;
    for (const auto& recent : m_settings.recent) {
        if (recent.target == where.utf8_string() && recent.user == user.utf8_string()) {
            remembered = recent.password_remembered;
        }
    }
    const CredentialKey key = credential_key(setup.request);
    if (!password.empty()) {
        setup.request.password = Secret(password.utf8_string());
        if (remember) {
            try {
                save_password(key, *setup.request.password);
                remembered = true;
                spdlog::info("the password of {} is remembered in the keyring", describe(key));
            } catch (const CredentialError& error) {
                // The connection goes ahead with the typed password; only remembering failed.
                spdlog::warn("{}", error.what());
                m_notifier->show(_("rdpmedic: password not remembered"), wxString::FromUTF8(error.what()), wxICON_WARNING);
            }
        }
    } else if (remember && remembered) {
        try {
            // Empty where the client itself reads it from the store (mstsc on Windows).
            Secret stored = load_password(key);
            if (!stored.empty()) {
                setup.request.password = std::move(stored);
            }
            spdlog::info("using the password remembered for {}", describe(key));
        } catch (const CredentialError& error) {
            spdlog::warn("{}", error.what());
            const bool gone = error.kind() == CredentialErrorKind::NotFound;
            if (gone) {
                mark_remembered(where, user, false);
                save_settings_reporting();
            }
            // One message, in the dialog that asks for the password instead. A store that is
            // there but lost the password can take it again; a locked or absent one cannot.
            ConnectDialog dialog(nullptr, m_settings.recent, where);
            dialog.ask_for_password(wxString::Format(_("%s.\nType the password to connect."), wxString::FromUTF8(error.what())), gone);
            run_connect_dialog(dialog);
            return;
        }
    }
    const Settings& in_effect = m_effective.settings;
    setup.options.retry.max_attempts = in_effect.auto_retry ? in_effect.max_attempts : 1;
    setup.options.retry.base_delay = std::chrono::milliseconds(in_effect.backoff_ms);
    setup.options.retry.connect_timeout = std::chrono::milliseconds(in_effect.connect_timeout_ms);
    setup.client.client_path = in_effect.client_path;
    setup.client.extra_args = in_effect.client_args;
    // The client outlives the tray: a crash or an upgrade of the tray leaves it running, Quit may.
    setup.client.keep = ClientSettings::Keeping{kept_sessions_directory(), where.utf8_string()};
    setup.diagnose = in_effect.diagnose_after_failure;
    setup.system_log = in_effect.system_log_events;
    auto session = std::make_unique<Session>();
    session->number = ++m_sessions_opened;
    session->where = where;
    session->user = user;
    session->target = wxString::FromUTF8(setup.request.target.to_string());
    const int number = session->number;
    // The connection's thread asks and waits; the dialog runs here, on the GUI thread.
    session->consent = std::make_shared<ConsentPrompt>(*this, where, session->label());
    // What the fix stage says while it is set up below belongs to this session.
    session->last_event.at = std::chrono::system_clock::now();
    session->last_event.target = setup.request.target;
    session->last_event.max_attempts = setup.options.retry.max_attempts;
    app::PluginFixesOptions fix_options;
    fix_options.consent = [prompt = session->consent](const app::ConsentRequest& request) {
        return prompt->ask(request);
    };
    fix_options.ask_before_system_changes = in_effect.ask_before_system_changes;
    fix_options.ask_before_connection_changes = !in_effect.apply_connection_changes;
    fix_options.plugin_order = in_effect.plugin_order;
    fix_options.plugins_disabled = in_effect.plugins_disabled;
    fix_options.client_args = in_effect.client_args;
    fix_options.trusted_publisher_keys = in_effect.trusted_publisher_keys;
    // Called on the connection's thread; queued behind the supervisor's events of the same
    // moment, so the history keeps them in the order they happened.
    fix_options.notice = [this, number](const std::string& line) {
        spdlog::info("fix strategies: {}", line);
        CallAfter([this, number, line] { on_fix_notice(number, line); });
    };
    session->fixes = app::PluginFixes::create(std::move(fix_options));
    setup.fixes = session->fixes ? &session->fixes->stage() : nullptr;
    session->certificate_prompt = std::make_shared<CertificatePrompt>(*this, session->label());
    app::CertificateTrustOptions trust_options;
    trust_options.ask = [prompt = session->certificate_prompt](const app::CertificateQuestion& question) {
        return prompt->ask(question);
    };
    trust_options.how_to_accept = [](const Target&, const std::string&) {
        return std::string("to trust it, check its SHA-256 with the server's administrator, connect again and "
                           "choose Trust this certificate");
    };
    try {
        session->certificates = std::make_unique<app::CertificateTrust>(std::move(trust_options));
        if (session->certificates->problem()) {
            m_notifier->show(_("rdpmedic: certificate store"), wxString::FromUTF8(*session->certificates->problem()),
                             wxICON_WARNING);
        }
    } catch (const StoredFileError& error) {
        // Without the store the client decides alone and refuses what it does not trust.
        m_notifier->show(_("rdpmedic: certificate store"), wxString::FromUTF8(error.what()), wxICON_WARNING);
    }
    setup.certificates = session->certificates.get();

    m_settings.remember({where.utf8_string(), user.utf8_string(), remembered});
    session->password_remembered = remembered;
    save_settings_reporting();
    spdlog::info("connecting to {} (session {})", where.utf8_string(), number);
    // A new session is the next action: an earlier connection's failure leaves the icon.
    if (m_state == TrayState::Failed) {
        set_state(TrayState::Idle);
    }
    start_session(std::move(session), std::move(setup));
}

void TrayApp::start_session(std::unique_ptr<Session> session, app::ConnectionSetup setup) {
    session->history_id = m_history.begin(setup.request.target.to_string());
    save_history_reporting();
    session->journal_seen = journal_entries().size();
    const int number = session->number;
    session->worker = std::make_unique<ConnectionWorker>(
        *this, std::move(setup), [this, number](const SupervisorEvent& event) { on_event(number, event); },
        [this, number](const SupervisorResult& result, const std::string& error) {
            on_finished(number, result, wxString::FromUTF8(error));
        });
    m_sessions.push_back(std::move(session));
    show_state();
}

void TrayApp::show_kept_sessions() {
    const auto found = find_kept_sessions(kept_sessions_directory(), find_session_keeper());
    for (const auto& refused : found.refused) {
        spdlog::warn("a session record is refused: {}", refused);
    }
    for (const auto& kept : found.running) {
        app::ConnectionSetup setup;
        try {
            setup.request = app::request_from(kept.record.target);
        } catch (const std::exception& error) {
            spdlog::warn("a session left running is not shown: {}", error.what());
            continue;
        }
        if (!kept.record.user.empty()) {
            setup.request.user = kept.record.user;
        }
        // Watched until it ends: there is nothing to retry here (Retry starts a new one).
        setup.options.retry.max_attempts = 1;
        setup.options.retry.connect_timeout = std::chrono::milliseconds(m_effective.settings.connect_timeout_ms);
        setup.diagnose = false;
        setup.system_log = m_effective.settings.system_log_events;
        setup.client.attach_to = kept;
        auto session = std::make_unique<Session>();
        session->number = ++m_sessions_opened;
        session->where = wxString::FromUTF8(kept.record.where);
        session->user = wxString::FromUTF8(kept.record.user);
        session->target = wxString::FromUTF8(kept.record.target);
        session->last_event.at = std::chrono::system_clock::now();
        session->last_event.target = setup.request.target;
        session->last_event.max_attempts = 1;
        spdlog::info("session {} to {} was left running by an earlier rdpmedic (pid {}): watching it again",
                     session->number, kept.record.target, kept.record.keeper_pid);
        start_session(std::move(session), std::move(setup));
    }
}

void TrayApp::connect_recent(std::size_t index) {
    if (index < m_settings.recent.size()) {
        const auto recent = m_settings.recent[index];
        connect_to(wxString::FromUTF8(recent.target), wxString::FromUTF8(recent.user), {}, recent.password_remembered);
    }
}

void TrayApp::forget_recent_password(std::size_t index) {
    if (index >= m_settings.recent.size()) {
        return;
    }
    const RecentTarget recent = m_settings.recent[index];
    const wxString where = wxString::FromUTF8(recent.target);
    const wxString user = wxString::FromUTF8(recent.user);
    try {
        ConnectRequest request = app::request_from(recent.target);
        if (!recent.user.empty()) {
            request.user = recent.user;
        }
        const CredentialKey key = credential_key(request);
        try {
            forget_password(key);
        } catch (const CredentialError& error) {
            if (error.kind() != CredentialErrorKind::NotFound) {
                throw;
            }
            // Already gone from the store (removed there): only the mark here was left.
        }
        mark_remembered(where, user, false);
        save_settings_reporting();
        spdlog::info("the password of {} is forgotten", describe(key));
        m_notifier->show(_("Password forgotten"),
                         wxString::Format(_("rdpmedic no longer remembers the password of %s."),
                                          wxString::FromUTF8(describe(key))),
                         wxICON_INFORMATION);
    } catch (const std::exception& error) {
        spdlog::warn("{}", error.what());
        m_notifier->show(_("rdpmedic: password not forgotten"), wxString::FromUTF8(error.what()), wxICON_ERROR);
    }
}

void TrayApp::disconnect(int number) {
    if (Session* session = find_session(number)) {
        spdlog::info("ending session {} to {}", number, session->target.utf8_string());
        session->withdraw_questions();
        session->worker->cancel();
    }
}

void TrayApp::diagnose_session(int number) {
    if (const Session* session = find_session(number)) {
        diagnose(session->where);
    }
}

void TrayApp::retry_session(int number) {
    if (const Session* session = find_session(number)) {
        reconnect(subject_of(*session));
    }
}

void TrayApp::reconnect(const NotificationSubject& subject) {
    spdlog::info("retrying session {} to {}", subject.session, subject.where.utf8_string());
    if (const auto found = session_place(subject.session); found != m_sessions.end()) {
        // Ends it here and now (the client stops first), so the new session is not asked about it.
        std::unique_ptr<Session> ending = std::move(*found);
        m_sessions.erase(found);
        ending.reset();
        show_state();
    }
    connect_to(subject.where, subject.user, {}, subject.password_remembered);
}

void TrayApp::stop_sessions(bool leave_running) {
    // All asked first, so their clients end together rather than one after another.
    for (const auto& session : m_sessions) {
        session->withdraw_questions();
        if (leave_running) {
            session->worker->leave_running();
        } else {
            session->worker->cancel();
        }
    }
    m_sessions.clear();
}

void TrayApp::on_event(int number, const SupervisorEvent& event) {
    Session* session = find_session(number);
    if (!session) {
        return;
    }
    m_history.record(session->history_id, event);
    save_history_reporting();
    session->last_event = event;
    if (m_plugins_window && m_plugins_window->IsShown()) {
        m_plugins_window->show_last_results();
    }
    session->state = tray_state_for(event.state);
    session->detail = wxString::FromUTF8(i18n::translated(event.failure ? event.failure->message : event.note));
    if (event.failure) {
        session->last_failure = event.failure->kind;
    }
    if (event.state == SupervisorState::Connected) {
        session->connected_since = std::chrono::steady_clock::now();
    } else if (session->state != TrayState::Connected) {
        session->connected_since.reset();
    }
    show_state();

    if (!m_effective.settings.notifications) {
        return;
    }
    const wxString where = wxString::FromUTF8(event.target.to_string());
    NotificationSubject subject = subject_of(*session);
    switch (event.state) {
    case SupervisorState::Failed:
        if (event.failure) {
            wxString message = wxString::FromUTF8(i18n::translated(event.failure->message));
            if (event.failure->codes.disc_reason) {
                message += " (" + wxString::FromUTF8(to_hex(*event.failure->codes.disc_reason)) + ")";
            }
            if (event.attempt < event.max_attempts && event.failure->retriable) {
                message += "\n" + _("rdpmedic will try again.");
            }
            m_notifier->show(wxString::Format(_("Connection to %s failed"), where), message, wxICON_WARNING,
                             {Notifier::kRetry, Notifier::kDetails}, Notifier::kDetails, subject);
        }
        break;
    case SupervisorState::Diagnosing:
        if (event.diagnosis) {
            const auto& verdict = event.diagnosis->verdict;
            m_notifier->show(wxString::Format(_("Diagnosis of %s"), where),
                             wxString::FromUTF8(i18n::translated(describe_cause(verdict.cause))) +
                                 (verdict.fix.empty()
                                      ? wxString()
                                      : "\n" + wxString::FromUTF8(i18n::translated(verdict.fix))),
                             event.diagnosis->has_errors() ? wxICON_WARNING : wxICON_INFORMATION,
                             {Notifier::kDetails}, Notifier::kDetails, subject);
        }
        break;
    case SupervisorState::Fixing:
        // The supervisor's first fixing event only says that strategies are being chosen;
        // the ones after it name each change applied.
        if (!event.note.empty() && event.note != "choosing fix strategies") {
            // A change to the system is journaled before its event: the session's newest
            // entry is what Undo puts back. A change to the next attempt only has none.
            std::vector<Notifier::Action> actions{Notifier::kDetails};
            const auto entries = journal_entries();
            subject.change = newest_undoable(entries, session->journal_seen);
            session->journal_seen = std::max(session->journal_seen, entries.size());
            if (!subject.change.empty()) {
                actions.insert(actions.begin(), Notifier::kUndo);
            }
            m_notifier->show(wxString::Format(_("Change applied for %s"), where), wxString::FromUTF8(i18n::translated(event.note)),
                             wxICON_INFORMATION, actions, Notifier::kDetails, subject);
        }
        break;
    case SupervisorState::Connected:
        m_notifier->show(wxString::Format(_("Connected to %s"), where),
                         event.attempt > 1
                             ? wxString::Format(wxPLURAL("after %d attempt", "after %d attempts", event.attempt),
                                                event.attempt)
                             : _("The remote session is open."),
                         wxICON_INFORMATION, {}, std::nullopt, subject);
        break;
    case SupervisorState::HandedOver:
        m_notifier->show(wxString::Format(_("Handed over: %s"), where), wxString::FromUTF8(i18n::translated(event.note)), wxICON_INFORMATION,
                         {}, std::nullopt, subject);
        break;
    case SupervisorState::GaveUp:
        m_notifier->show(wxString::Format(_("Gave up connecting to %s"), where),
                         wxString::FromUTF8(i18n::translated(event.failure ? event.failure->message : event.note)),
                         wxICON_ERROR, gave_up_actions(event.failure ? event.failure->kind : session->last_failure),
                         Notifier::kDetails, subject);
        break;
    default: break;
    }
}

void TrayApp::on_fix_notice(int number, const std::string& line) {
    // Notices are queued before the session's end, so it is still open here.
    Session* session = find_session(number);
    if (!session) {
        return;
    }
    // Kept in the history as a "fixing" event like the changes the fix stage applied, so what
    // each plugin said (not applicable, refused, no consent, faulted) outlives the log and the
    // plugins window can show it as the plugin's last result.
    SupervisorEvent event = session->last_event;
    event.state = SupervisorState::Fixing;
    const auto now = std::chrono::system_clock::now();
    event.since_start += std::chrono::duration_cast<std::chrono::milliseconds>(now - event.at);
    event.at = now;
    event.failure.reset();
    event.diagnosis.reset();
    event.delay = {};
    event.note = line;
    m_history.record(session->history_id, event);
    save_history_reporting();
    if (m_history_window) {
        m_history_window->refresh();
    }
}

NotificationSubject TrayApp::subject_of(const Session& session) const {
    return {session.number, session.history_id, session.where, session.user, session.password_remembered, {}};
}

void TrayApp::on_notification_action(Notifier::Action action, const NotificationSubject& subject) {
    switch (action) {
    case Notifier::kDetails:
        show_history();
        if (!subject.connection.empty()) {
            m_history_window->show_connection(subject.connection);
        }
        break;
    case Notifier::kTrust:
        // The certificate is asked about by the next attempt's probe: its dialog opens for
        // this session again.
        spdlog::info("asking again about the certificate for session {}", subject.session);
        [[fallthrough]];
    case Notifier::kRetry:
        // Also once it has ended (gave up): it connects again as it did.
        if (find_session(subject.session) || !subject.where.empty()) {
            reconnect(subject);
        }
        break;
    case Notifier::kUndo:
        if (!subject.change.empty()) {
            undo_change(subject.change);
        }
        break;
    case Notifier::kDiagnoseAndFix:
        if (!m_outside_server.empty()) {
            show_connect(m_outside_server);
        }
        break;
    }
}

void TrayApp::on_outside_failure(const wxString& server, const wxString& text) {
    if (!m_effective.settings.notifications) {
        return;
    }
    m_outside_server = server;
    m_notifier->show(wxString::Format(_("Connection to %s failed"), server), text, wxICON_WARNING, {Notifier::kDiagnoseAndFix},
                     Notifier::kDiagnoseAndFix);
}

void TrayApp::on_finished(int number, const SupervisorResult& result, const wxString& error) {
    const auto found = session_place(number);
    if (found == m_sessions.end()) {
        return; // ended by Retry, which waited for it
    }
    const wxString target = (*found)->target;
    m_sessions.erase(found); // its thread has finished: this does not wait
    if (!error.empty()) {
        set_state(TrayState::Failed, target, error);
        m_notifier->show(wxString::Format(_("rdpmedic: cannot connect to %s"), target), error, wxICON_ERROR);
        return;
    }
    spdlog::info("session {} to {} ended: {}", number, target.utf8_string(),
                 std::string(rdpmedic::to_id(result.final_state)));
    // A failure stays visible on the icon until the next action; a normal end changes nothing.
    if (result.final_state == SupervisorState::GaveUp) {
        set_state(TrayState::Failed, target,
                  result.last_failure
                      ? wxString::FromUTF8(i18n::translated(result.last_failure->message))
                      : wxString());
    } else {
        show_state();
    }
}

void TrayApp::show_diagnose() {
    if (m_diagnosing) {
        return;
    }
    wxTextEntryDialog ask(nullptr, _("Computer, HOST:PORT or .rdp file to diagnose:"),
                          _("Diagnose - rdpmedic"),
                          m_settings.recent.empty() ? wxString() : wxString::FromUTF8(m_settings.recent.front().target));
    if (ask.ShowModal() != wxID_OK || ask.GetValue().Strip(wxString::both).empty()) {
        return;
    }
    diagnose(ask.GetValue().Strip(wxString::both));
}

void TrayApp::diagnose(const wxString& where) {
    if (m_diagnosing) {
        return;
    }
    if (m_diagnosis.joinable()) {
        m_diagnosis.join();
    }
    m_diagnosing = true;
    set_state(TrayState::Diagnosing, where);
    spdlog::info("diagnosing {}", where.utf8_string());
    m_diagnosis = std::jthread([this, what = where.utf8_string(), where] {
        std::optional<Diagnosis> diagnosis;
        wxString error;
        try {
            diagnosis = app::diagnose(what);
        } catch (const std::exception& failure) {
            error = wxString::FromUTF8(failure.what());
        }
        CallAfter([this, where, diagnosis, error] { on_diagnosis(where, diagnosis, error); });
    });
}

void TrayApp::on_diagnosis(const wxString& where, const std::optional<Diagnosis>& diagnosis,
                           const wxString& error) {
    m_diagnosing = false;
    if (!diagnosis) {
        set_state(TrayState::Idle);
        m_notifier->show(wxString::Format(_("rdpmedic: cannot diagnose %s"), where), error, wxICON_ERROR);
        return;
    }
    SupervisorEvent event;
    event.state = SupervisorState::Diagnosing;
    event.at = std::chrono::system_clock::now();
    event.target = Target{diagnosis->target, diagnosis->port};
    event.diagnosis = diagnosis;
    event.note = "diagnosis on request";
    m_history.begin(event.target.to_string());
    m_history.record(event);
    save_history_reporting();
    set_state(diagnosis->has_errors() ? TrayState::Failed : TrayState::Idle, where,
              wxString::FromUTF8(i18n::translated(describe_cause(diagnosis->verdict.cause))));
    m_notifier->show(wxString::Format(_("Diagnosis of %s"), where),
                     wxString::FromUTF8(i18n::translated(describe_cause(diagnosis->verdict.cause))),
                     diagnosis->has_errors() ? wxICON_WARNING : wxICON_INFORMATION,
                     {Notifier::kDetails});
    show_history();
}

void TrayApp::show_history() {
    if (!m_history_window) {
        m_history_window = new HistoryWindow(*this);
    }
    m_history_window->refresh();
    m_history_window->show_history_page();
    m_history_window->Show();
    m_history_window->Raise();
}

void TrayApp::show_log() {
    show_history();
    m_history_window->show_log_page();
}

void TrayApp::show_plugins() {
    if (!m_plugins_window) {
        m_plugins_window = new PluginsWindow(
            m_settings.plugin_order, m_settings.plugins_disabled, m_effective, m_history,
            [this](std::vector<std::string> order, std::vector<std::string> disabled) {
                on_plugins_arranged(std::move(order), std::move(disabled));
            });
    } else {
        m_plugins_window->refresh();
    }
    m_plugins_window->Show();
    m_plugins_window->Raise();
}

void TrayApp::on_plugins_arranged(std::vector<std::string> order, std::vector<std::string> disabled) {
    m_settings.plugin_order = std::move(order);
    m_settings.plugins_disabled = std::move(disabled);
    save_settings_reporting();
    apply_policy(false);
    std::string off;
    for (const auto& id : m_settings.plugins_disabled) {
        off += (off.empty() ? "" : ", ") + id;
    }
    spdlog::info("plugins arranged: {} order; turned off: {}",
                 m_settings.plugin_order.empty() ? "best score first" : "your", off.empty() ? "none" : off);
}

std::filesystem::path TrayApp::journal_path() const { return plugins::journal_file(state_directory()); }

bool TrayApp::can_undo() const { return !m_undoing && !newest_undoable(journal_entries()).empty(); }

void TrayApp::undo_last_change() {
    if (m_undoing) {
        return;
    }
    const std::string id = newest_undoable(journal_entries());
    if (id.empty()) {
        m_notifier->show(_("rdpmedic: nothing to undo"), _("No recorded change still needs undoing."),
                         wxICON_INFORMATION);
        return;
    }
    undo_change(id);
}

void TrayApp::undo_change(const std::string& id) {
    if (m_undoing) {
        return;
    }
    if (m_undo.joinable()) {
        m_undo.join();
    }
    m_undoing = true;
    spdlog::info("undoing change {}", id);
    m_undo = std::jthread([this, id, report = m_effective.settings.system_log_events] {
        const wxString change = wxString::FromUTF8(id);
        wxString title = wxString::Format(_("Change %s undone"), change);
        wxString message = _("The value it replaced is back.");
        int flags = wxICON_INFORMATION;
        try {
            const auto helper = plugins::find_helper();
            if (helper.empty()) {
                throw std::runtime_error(_("rdpmedic-helper was not found, so nothing could be restored").utf8_string());
            }
            plugins::ChangeHost host({helper, plugins::journal_file(state_directory())});
            const plugins::UndoOutcome outcome = host.undo({id});
            if (report) {
                app::report_undone(host.journal(), outcome.undone);
            }
            if (!outcome.failed.empty()) {
                title = wxString::Format(_("rdpmedic: change %s not undone"), change);
                message = joined(outcome.failed);
                flags = wxICON_ERROR;
            } else if (outcome.undone.empty()) {
                title = wxString::Format(_("rdpmedic: change %s not undone"), change);
                message = outcome.skipped.empty() ? _("Nothing needed restoring.") : joined(outcome.skipped);
                flags = wxICON_WARNING;
            }
        } catch (const std::exception& error) {
            title = wxString::Format(_("rdpmedic: change %s not undone"), change);
            message = wxString::FromUTF8(error.what());
            flags = wxICON_ERROR;
        }
        CallAfter([this, change, title, message, flags] { on_undone(change, title, message, flags); });
    });
}

void TrayApp::on_undone(const wxString& id, const wxString& title, const wxString& message, int flags) {
    m_undoing = false;
    spdlog::info("undo of change {}: {}", id.utf8_string(), (title + ": " + message).utf8_string());
    m_notifier->show(title, message, flags);
}

void TrayApp::show_settings() {
    SettingsDialog dialog(nullptr, m_settings, m_effective, [this] {
        // Which plugins may load follows the trusted keys: an open plugins window looks again.
        if (m_plugins_window) {
            m_plugins_window->refresh();
        }
    });
    if (dialog.ShowModal() != wxID_OK) {
        return;
    }
    const Settings changed = dialog.result();
    if (!m_effective.set_by_policy("start_at_login") && changed.start_at_login != m_settings.start_at_login) {
        try {
            set_autostart(changed.start_at_login, tray_executable());
        } catch (const AutostartError& error) {
            wxMessageBox(wxString::FromUTF8(error.what()), _("Start at login - rdpmedic"), wxOK | wxICON_ERROR);
        }
    }
    m_settings = changed;
    save_settings_reporting();
    spdlog::info("settings saved to {}", utf8_text(m_settings_file));
    apply_policy(false);
}

void TrayApp::quit() {
    // Where the clients cannot be found again (no keeper installed), Quit closes them.
    bool leave_running = false;
    if (!m_sessions.empty() && sessions_outlive_the_tray()) {
        const wxString question = wxString::Format(
            wxPLURAL("%zu session is open.\n\nLeave it running after rdpmedic quits (the next start shows it "
                     "again), or close it?",
                     "%zu sessions are open.\n\nLeave them running after rdpmedic quits (the next start shows "
                     "them again), or close them?",
                     m_sessions.size()),
            m_sessions.size());
        wxMessageDialog ask(nullptr, question, _("Quit - rdpmedic"),
                            wxYES_NO | wxCANCEL | wxYES_DEFAULT | wxICON_QUESTION);
        // Not "&Close": Cancel already answers to Alt+C (Alt+A in German, so neither translation takes A).
        ask.SetYesNoLabels(_("&Leave them running"), _("Close &them"));
        const int answer = ask.ShowModal();
        if (answer == wxID_CANCEL) {
            spdlog::info("not quitting: sessions are open");
            return;
        }
        leave_running = answer == wxID_YES;
    }
    spdlog::info("quitting{}", m_sessions.empty() ? "" : leave_running ? ", leaving the sessions running" : ", closing the sessions");
    stop_sessions(leave_running);
    if (m_history_window) {
        m_history_window->Destroy();
        m_history_window = nullptr;
    }
    if (m_plugins_window) {
        m_plugins_window->Destroy();
        m_plugins_window = nullptr;
    }
    if (m_icon) {
        m_icon->RemoveIcon();
        m_icon->Destroy();
        m_icon = nullptr;
    }
    ExitMainLoop();
}

void TrayApp::on_log_line(const wxString& line) {
    m_log_lines.push_back(line);
    while (m_log_lines.size() > kLogLinesKept) {
        m_log_lines.pop_front();
    }
    if (m_history_window) {
        m_history_window->append_log(line);
    }
}

void TrayApp::set_state(TrayState state, const wxString& target, const wxString& note) {
    m_state = state;
    m_state_target = target;
    m_state_note = note;
    show_state();
}

TrayState TrayApp::state() const {
    TrayState shown = m_state;
    for (const auto& session : m_sessions) {
        shown = most_urgent(shown, session->state);
    }
    return shown;
}

wxString TrayApp::status_text() const {
    const auto line = [](TrayState state, const wxString& target, const wxString& note) {
        return state_caption(state, target) + (note.empty() ? wxString() : "\n" + note);
    };
    if (m_sessions.empty()) {
        return line(m_state, m_state_target, m_state_note);
    }
    if (m_sessions.size() == 1 && m_state == TrayState::Idle) {
        const Session& only = *m_sessions.front();
        return line(only.state, only.target, only.detail);
    }
    wxString text = wxString::Format(wxPLURAL("rdpmedic: %zu session", "rdpmedic: %zu sessions", m_sessions.size()),
                                     m_sessions.size());
    const auto now = std::chrono::steady_clock::now();
    for (const auto& session : m_sessions) {
        text += "\n" + session->summary(now);
    }
    if (m_state != TrayState::Idle) {
        text += "\n" + line(m_state, m_state_target, m_state_note);
    }
    return text;
}

void TrayApp::show_state() {
    show_icon_state();
    if (m_history_window) {
        m_history_window->refresh();
    }
}

void TrayApp::save_settings_reporting() {
    try {
        save_settings(m_settings, m_settings_file);
    } catch (const StoredFileError& error) {
        spdlog::error("settings not saved: {}", error.what());
        m_notifier->show(_("rdpmedic: settings not saved"), wxString::FromUTF8(error.what()), wxICON_ERROR);
    }
    // The menu shows the recent connections and remembered passwords the settings hold.
    show_icon_state();
}

void TrayApp::show_icon_state() {
    if (m_icon) {
        m_icon->show_state(state(), status_text());
    }
}

void TrayApp::keep_login_entry_to_policy() {
    if (!m_effective.set_by_policy("start_at_login")) {
        return;
    }
    const bool wanted = m_effective.settings.start_at_login;
    try {
        if (autostart_enabled() != wanted) {
            set_autostart(wanted, tray_executable());
            spdlog::info("start at login turned {} for this user, as the organization's policy sets it",
                         wanted ? "on" : "off");
        }
    } catch (const AutostartError& error) {
        spdlog::warn("start at login could not follow the organization's policy: {}", error.what());
    }
}

void TrayApp::apply_policy(bool notify) {
    m_effective = app::apply_policy(m_settings, m_policy);
    if (notify && !m_effective.notices.empty()) {
        wxString text;
        for (const auto& notice : m_effective.notices) {
            text += (text.empty() ? "" : "\n") + wxString::FromUTF8(notice);
        }
        m_notifier->show(_("rdpmedic: part of your organization's policy is ignored"), text, wxICON_WARNING);
    }
}

void TrayApp::save_history_reporting() {
    try {
        m_history.save();
    } catch (const StoredFileError& error) {
        spdlog::error("history not saved: {}", error.what());
    }
}

} // namespace rdpmedic::tray
