#include "arguments.h"
#include "certificate_prompt.h"
#include "commands.h"
#include "event_printer.h"
#include "exit_codes.h"

#include "rdpmedic/app/certificate_trust.h"
#include "rdpmedic/app/connection.h"
#include "rdpmedic/app/effective_settings.h"
#include "rdpmedic/app/plugin_fixes.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/platform/interrupt.h"
#include "rdpmedic/platform/logging.h"
#include "rdpmedic/platform/state_dirs.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace rdpmedic::cli {

const char* const kConnectUsage = N_(
    "usage: rdpmedic-cli connect HOST[:PORT] | FILE.rdp [options]\n"
    "  Launches the RDP client, watches it, and on failure decodes why and retries.\n"
    "  --user U            user name (overrides the .rdp file)\n"
    "  --domain D          domain (overrides the .rdp file)\n"
    "  --password-stdin    read the password from the first line of standard input\n"
    "  --max-attempts N    attempts before giving up (default 3)\n"
    "  --backoff MS        delay after the first failure, doubling each time (default 1000)\n"
    "  --timeout MS        how long one attempt may take to connect (default 30000)\n"
    "  --client PATH       the client executable (default: xfreerdp3, sdl-freerdp3 or\n"
    "                      xfreerdp, the first found on PATH)\n"
    "  --client-arg ARG    extra argument for the client, repeatable (e.g. /sec:tls)\n"
    "  --until-connected   close the session as soon as it is connected (checks, scripts)\n"
    "  --json              one JSON object per state change instead of text\n"
    "  --no-diagnose       do not probe the target after a failure\n"
    "  --no-fix            do not run fix strategies between attempts\n"
    "  --consent           carry out fixes that need consent (e.g. lowering security);\n"
    "                      without it they are only reported\n"
    "  --accept-certificate SHA256\n"
    "                      trust exactly the server certificate with this fingerprint, as\n"
    "                      diagnose prints it (AB:CD:...), and remember it for the server;\n"
    "                      on a terminal connect asks instead\n"
    "  --log-dir DIR       where rdpmedic.log goes (default: the user's state directory)\n"
    "  --verbose           debug lines in the log and on the console (default: warnings)\n"
    "  A value the organization's policy sets wins over these options (rdpmedic-cli settings).\n");

namespace {

using i18n::tr;

const std::vector<OptionSpec> kOptions = {
    {"user", true, false},      {"domain", true, false},     {"password-stdin", false, false},
    {"max-attempts", true, false}, {"backoff", true, false}, {"timeout", true, false},
    {"client", true, false},    {"client-arg", true, true},  {"until-connected", false, false},
    {"json", false, false},     {"log-dir", true, false},    {"verbose", false, false},
    {"no-diagnose", false, false}, {"no-fix", false, false}, {"consent", false, false},
    {"accept-certificate", true, false},
};

/// What the options ask for, as settings: connect takes its options, not the tray's settings
/// file. It asks before a system-wide change only when policy says so (--consent answers).
Settings settings_from_options(const Arguments& args) {
    Settings asked;
    asked.max_attempts = static_cast<int>(args.number("max-attempts", 1, 100).value_or(3));
    asked.backoff_ms = static_cast<int>(args.number("backoff", 0, 3'600'000).value_or(1000));
    asked.connect_timeout_ms = static_cast<int>(args.number("timeout", 100, 3'600'000).value_or(30000));
    asked.client_path = args.value("client").value_or("");
    asked.client_args = args.values("client-arg");
    asked.diagnose_after_failure = !args.flag("no-diagnose");
    asked.ask_before_system_changes = false;
    return asked;
}

/// One line for each value policy changed from what the options asked.
void note_policy_overrides(const Settings& asked, const EffectiveSettings& effective, std::FILE* out) {
    const nlohmann::json before = to_json(asked);
    const nlohmann::json after = to_json(effective.settings);
    for (const auto& [key, origin] : effective.policy_origins) {
        if (before[key] != after[key]) {
            std::fprintf(out, tr("note: %s is %s, set by your organization's policy (%s)\n"), key.c_str(),
                         after[key].dump().c_str(), origin.c_str());
        }
    }
}

int exit_code_for(const SupervisorResult& result) {
    switch (result.final_state) {
    case SupervisorState::Connected:
    case SupervisorState::Disconnected: return result.connected ? kOk : kFailed;
    case SupervisorState::Cancelled: return kCancelled;
    case SupervisorState::HandedOver: return kHandedOver;
    default: return kFailed;
    }
}

} // namespace

int run_connect(const std::vector<std::string>& raw) {
    const Arguments args(raw, kOptions);
    if (args.positionals().size() != 1) {
        throw UsageError(tr("connect needs exactly one target: HOST[:PORT] or FILE.rdp"));
    }
    std::optional<std::string> accepted_certificate;
    if (auto text = args.value("accept-certificate")) {
        accepted_certificate = parse_sha256_fingerprint(*text);
        if (!accepted_certificate) {
            throw UsageError(tr("--accept-certificate takes the SHA-256 fingerprint as diagnose prints it: "
                                "32 pairs of hex digits separated by colons (AB:CD:...)"));
        }
    }
    ConnectRequest request = app::request_from(args.positionals().front());
    if (auto user = args.value("user")) {
        request.user = user;
    }
    if (auto domain = args.value("domain")) {
        request.domain = domain;
    }
    const Settings asked = settings_from_options(args);

    if (args.flag("password-stdin")) {
        std::string line;
        if (!std::getline(std::cin, line)) {
            throw UsageError(tr("--password-stdin: nothing could be read from standard input"));
        }
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        request.password = Secret(std::move(line));
    }

    try {
        init_logging({args.path("log-dir").value_or(state_directory()),
                      true, args.flag("verbose")});
    } catch (const LoggingError& error) {
        std::fprintf(stderr, "rdpmedic-cli: %s\n", error.what());
        return kEnvironment;
    }

    const bool json = args.flag("json");
    // The organization's policy wins over the options; its notices are logged (stderr too).
    const EffectiveSettings effective = app::apply_policy(asked);
    note_policy_overrides(asked, effective, json ? stderr : stdout);
    const Settings& in_effect = effective.settings;
    Supervisor::Options options;
    options.retry.max_attempts = in_effect.auto_retry ? in_effect.max_attempts : 1;
    options.retry.base_delay = std::chrono::milliseconds(in_effect.backoff_ms);
    options.retry.connect_timeout = std::chrono::milliseconds(in_effect.connect_timeout_ms);
    options.stop_when_connected = args.flag("until-connected");
    ClientSettings settings;
    settings.client_path = in_effect.client_path;
    settings.extra_args = in_effect.client_args;
    std::unique_ptr<app::PluginFixes> fixes;
    if (!args.flag("no-fix")) {
        app::PluginFixesOptions fix_options;
        fix_options.client_args = settings.extra_args;
        fix_options.ask_before_system_changes = in_effect.ask_before_system_changes;
        fix_options.ask_before_connection_changes = !in_effect.apply_connection_changes;
        fix_options.plugin_order = in_effect.plugin_order;
        fix_options.plugins_disabled = in_effect.plugins_disabled;
        fix_options.trusted_publisher_keys = in_effect.trusted_publisher_keys;
        if (!settings.client_path.empty()) {
            fix_options.client_name = utf8_text(utf8_path(settings.client_path).filename());
        }
        fix_options.consent = [granted = args.flag("consent")](const app::ConsentRequest& ask) {
            spdlog::info("{} asks for consent: {} ({})", ask.plugin, ask.why.empty() ? ask.what : ask.why,
                         granted ? "given by --consent" : "not given");
            return granted;
        };
        // JSON lines stay parseable: notices go to stderr then.
        fix_options.notice = [json](const std::string& line) {
            std::fprintf(json ? stderr : stdout, "note: %s\n", line.c_str());
        };
        fixes = app::PluginFixes::create(std::move(fix_options));
    }

    auto trust = std::make_unique<app::CertificateTrust>(
        certificate_prompt(accepted_certificate, json ? stderr : stdout, args.positionals().front()));
    if (trust->problem()) {
        std::fprintf(stderr, "rdpmedic-cli: %s\n", trust->problem()->c_str());
    }

    app::ConnectionSetup setup;
    setup.fixes = fixes ? &fixes->stage() : nullptr;
    setup.certificates = trust.get();
    setup.request = std::move(request);
    setup.options = options;
    setup.client = std::move(settings);
    setup.diagnose = in_effect.diagnose_after_failure;
    setup.system_log = in_effect.system_log_events;
    std::unique_ptr<app::Connection> connection;
    try {
        connection = std::make_unique<app::Connection>(std::move(setup));
    } catch (const LaunchError& error) {
        spdlog::error("{}", error.what());
        std::fprintf(stderr, "rdpmedic-cli: %s\n", error.what());
        return kEnvironment;
    }
    std::vector<FailureKind> explained;
    connection->add_observer([json, &explained](const SupervisorEvent& event) {
        spdlog::info("{} attempt {}/{} {}: {}", event.target.to_string(), event.attempt,
                     event.max_attempts, to_id(event.state),
                     event.failure ? event.failure->message : event.note);
        if (json) {
            print_event_json(event, stdout);
            return;
        }
        bool explain = false;
        if (event.failure && std::find(explained.begin(), explained.end(), event.failure->kind) == explained.end()) {
            explained.push_back(event.failure->kind);
            explain = true;
        }
        print_event_text(event, explain, stdout);
    });
    on_interrupt([&connection] { connection->cancel(); });
    return exit_code_for(connection->run());
}

} // namespace rdpmedic::cli
