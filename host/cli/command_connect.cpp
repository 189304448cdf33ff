#include "arguments.h"
#include "commands.h"
#include "event_printer.h"
#include "exit_codes.h"

#include "rdpmedic/core/clock.h"
#include "rdpmedic/core/rdp_file.h"
#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/platform/client_launcher.h"
#include "rdpmedic/platform/interrupt.h"
#include "rdpmedic/platform/logging.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/probe/probe.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

namespace rdpmedic::cli {

const char* const kConnectUsage =
    "usage: rdpmedic-cli connect HOST[:PORT] | FILE.rdp [options]\n"
    "  Launches the RDP client, watches it, and on failure decodes why and retries.\n"
    "  --user U            user name (overrides the .rdp file)\n"
    "  --domain D          domain (overrides the .rdp file)\n"
    "  --password-stdin    read the password from the first line of standard input\n"
    "  --max-attempts N    attempts before giving up (default 3)\n"
    "  --backoff MS        delay after the first failure, doubling each time (default 1000)\n"
    "  --timeout MS        how long one attempt may take to connect (default 30000)\n"
    "  --client PATH       the client executable (default: xfreerdp on PATH)\n"
    "  --client-arg ARG    extra argument for the client, repeatable (e.g. /sec:tls)\n"
    "  --until-connected   close the session as soon as it is connected (checks, scripts)\n"
    "  --json              one JSON object per state change instead of text\n"
    "  --no-diagnose       do not probe the target after a failure\n"
    "  --log-dir DIR       where rdpmedic.log goes (default: the user's state directory)\n"
    "  --verbose           debug lines in the log and on the console (default: warnings)\n";

namespace {

const std::vector<OptionSpec> kOptions = {
    {"user", true, false},      {"domain", true, false},     {"password-stdin", false, false},
    {"max-attempts", true, false}, {"backoff", true, false}, {"timeout", true, false},
    {"client", true, false},    {"client-arg", true, true},  {"until-connected", false, false},
    {"json", false, false},     {"log-dir", true, false},    {"verbose", false, false},
    {"no-diagnose", false, false},
};

bool looks_like_rdp_file(const std::string& text) {
    const std::filesystem::path path(text);
    return path.extension() == ".rdp" || path.extension() == ".RDP" ||
           std::filesystem::is_regular_file(path);
}

ConnectRequest request_from(const std::string& where) {
    ConnectRequest request;
    if (looks_like_rdp_file(where)) {
        const RdpFile file = RdpFile::load(where);
        request.target = Target{file.host(), file.port()};
        request.user = file.username();
        request.domain = file.domain();
        request.gateway = file.gateway_host();
    } else {
        request.target = parse_target(where);
    }
    return request;
}

int exit_code_for(const SupervisorResult& result) {
    switch (result.final_state) {
    case SupervisorState::Connected:
    case SupervisorState::Disconnected: return result.connected ? kOk : kFailed;
    case SupervisorState::Cancelled: return kCancelled;
    default: return kFailed;
    }
}

} // namespace

int run_connect(const std::vector<std::string>& raw) {
    const Arguments args(raw, kOptions);
    if (args.positionals().size() != 1) {
        throw UsageError("connect needs exactly one target: HOST[:PORT] or FILE.rdp");
    }
    ConnectRequest request = request_from(args.positionals().front());
    if (auto user = args.value("user")) {
        request.user = user;
    }
    if (auto domain = args.value("domain")) {
        request.domain = domain;
    }
    Supervisor::Options options;
    options.retry.max_attempts = static_cast<int>(args.number("max-attempts", 1, 100).value_or(3));
    options.retry.base_delay = std::chrono::milliseconds(args.number("backoff", 0, 3'600'000).value_or(1000));
    options.retry.connect_timeout = std::chrono::milliseconds(args.number("timeout", 100, 3'600'000).value_or(30000));
    options.stop_when_connected = args.flag("until-connected");
    ClientSettings settings;
    settings.client_path = args.value("client").value_or("");
    settings.extra_args = args.values("client-arg");

    if (args.flag("password-stdin")) {
        std::string line;
        if (!std::getline(std::cin, line)) {
            throw UsageError("--password-stdin: nothing could be read from standard input");
        }
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        request.password = Secret(std::move(line));
    }

    try {
        init_logging({args.value("log-dir") ? std::filesystem::path(*args.value("log-dir")) : state_directory(),
                      true, args.flag("verbose")});
    } catch (const LoggingError& error) {
        std::fprintf(stderr, "rdpmedic-cli: %s\n", error.what());
        return kEnvironment;
    }

    std::unique_ptr<ClientLauncher> launcher;
    try {
        launcher = make_client_launcher(settings);
    } catch (const LaunchError& error) {
        spdlog::error("{}", error.what());
        std::fprintf(stderr, "rdpmedic-cli: %s\n", error.what());
        return kEnvironment;
    }

    SystemClock clock;
    std::mt19937_64 engine{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::unique_ptr<probe::Probe> diagnoser;
    if (!args.flag("no-diagnose")) {
        try {
            diagnoser = std::make_unique<probe::Probe>();
        } catch (const std::runtime_error& error) {
            // Connecting still works without a diagnosis; say why there is none.
            spdlog::warn("no diagnosis after failures: {}", error.what());
        }
    }
    Supervisor supervisor(request, options, *launcher, clock, [&] { return unit(engine); }, nullptr,
                          diagnoser.get());
    const bool json = args.flag("json");
    std::vector<FailureKind> explained;
    supervisor.add_observer([json, &explained](const SupervisorEvent& event) {
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
    on_interrupt([&supervisor] { supervisor.cancel(); });
    return exit_code_for(supervisor.run());
}

} // namespace rdpmedic::cli
