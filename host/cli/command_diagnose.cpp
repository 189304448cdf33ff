#include "arguments.h"
#include "commands.h"
#include "diagnosis_printer.h"
#include "exit_codes.h"
#include "rdpmedic/app/connection.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/target.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/probe/probe.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#if !defined(_WIN32)
#include <sys/resource.h>
#endif

namespace rdpmedic::cli {

const char* const kDiagnoseUsage = N_(
    "usage: rdpmedic-cli diagnose HOST[:PORT]|FILE.rdp [options]\n"
    "       rdpmedic-cli diagnose --from FILE [--concurrency N] [options]\n"
    "  Probes the target layer by layer (DNS, TCP, X.224 negotiation, TLS, certificate) without\n"
    "  sending credentials, and says what is wrong and how to fix it. Through an RD Gateway (the\n"
    "  .rdp file's gatewayhostname, or --gateway) it probes the gateway instead.\n"
    "  --name NAME         the name the certificate must carry (default: the host)\n"
    "  --gateway HOST[:PORT]  the RD Gateway the connection goes through (port 443 by default)\n"
    "  --timeout MS        the whole diagnosis at most (default 3000)\n"
    "  --ca FILE           PEM CA certificates to trust besides the system's\n"
    "  --json              the documented JSON object instead of text\n"
    "  --from FILE         one target per line ('#' comments, blank lines skipped; '-' is stdin);\n"
    "                      prints one JSON object per line, in input order\n"
    "  --concurrency N     diagnoses at once with --from (default 32)\n"
    "  Exit: 0 nothing wrong, 1 a problem was found (any target), 2 bad arguments or input.\n");

namespace {

using i18n::formatted;
using i18n::tr;

const std::vector<OptionSpec> kOptions = {
    {"name", true, false},  {"timeout", true, false}, {"ca", true, false},
    {"json", false, false}, {"from", true, false},    {"concurrency", true, false},
    {"gateway", true, false},
};

std::vector<Target> read_targets(const std::string& path) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(utf8_path(path));
        if (!file) {
            throw UsageError(formatted(tr("--from: cannot read %s"), path.c_str()));
        }
        in = &file;
    }
    std::vector<Target> targets;
    std::string line;
    for (int number = 1; std::getline(*in, line); ++number) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        const auto last = line.find_last_not_of(" \t\r");
        try {
            targets.push_back(parse_target(line.substr(first, last - first + 1)));
        } catch (const TargetError& error) {
            throw TargetError(path + ":" + std::to_string(number) + ": " + error.what());
        }
    }
    if (targets.empty()) {
        throw UsageError(formatted(tr("--from: %s lists no targets"), path.c_str()));
    }
    return targets;
}

// A diagnosis holds a few descriptors at once (its connection, a lookup's socket, a file it
// reads): many at once pass the usual soft limit of 1024 open files long before the hard one,
// and a socket that cannot be opened would be reported as a fault of the target.
void allow_open_files_for([[maybe_unused]] unsigned concurrency) {
#if !defined(_WIN32)
    constexpr rlim_t kPerDiagnosis = 8;
    constexpr rlim_t kBesides = 64;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
        limit.rlim_cur < concurrency * kPerDiagnosis + kBesides &&
        limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
#endif
}

// Workers diagnose in any order; lines come out in input order as soon as they can.
bool diagnose_many(probe::Probe& probe, const std::vector<Target>& targets,
                   const DiagnoseOptions& options, unsigned concurrency) {
    std::vector<std::string> lines(targets.size());
    std::vector<bool> done(targets.size(), false);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> any_errors{false};
    std::mutex mutex;
    std::condition_variable ready;
    const auto work = [&] {
        for (std::size_t i = next++; i < targets.size(); i = next++) {
            const Diagnosis diagnosis = probe.diagnose(targets[i], options);
            if (diagnosis.has_errors()) {
                any_errors = true;
            }
            std::string line = to_json(diagnosis).dump();
            std::lock_guard lock(mutex);
            lines[i] = std::move(line);
            done[i] = true;
            ready.notify_one();
        }
    };
    allow_open_files_for(concurrency);
    std::vector<std::jthread> workers;
    for (unsigned w = 0; w < std::min<std::size_t>(concurrency, targets.size()); ++w) {
        workers.emplace_back(work);
    }
    for (std::size_t printed = 0; printed < targets.size(); ++printed) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return done[printed]; });
        std::string line = std::move(lines[printed]);
        lock.unlock();
        std::fputs(line.c_str(), stdout);
        std::fputc('\n', stdout);
    }
    std::fflush(stdout);
    return any_errors;
}

} // namespace

int run_diagnose(const std::vector<std::string>& raw) {
    const Arguments args(raw, kOptions);
    const auto from = args.value("from");
    if (from && !args.positionals().empty()) {
        throw UsageError(tr("give either a target or --from FILE, not both"));
    }
    if (!from && args.positionals().size() != 1) {
        throw UsageError(tr("diagnose needs exactly one target: HOST[:PORT] (or --from FILE)"));
    }
    if (!from && args.value("concurrency")) {
        throw UsageError(tr("--concurrency only applies with --from"));
    }
    DiagnoseOptions options;
    options.timeout =
        std::chrono::milliseconds(args.number("timeout", 100, 600'000).value_or(3000));
    options.step_timeout = std::min(options.step_timeout, options.timeout);
    options.expected_name = args.value("name").value_or("");
    const auto concurrency =
        static_cast<unsigned>(args.number("concurrency", 1, 1024).value_or(32));
    std::vector<Target> targets;
    if (from) {
        targets = read_targets(*from);
    } else {
        // HOST[:PORT] or an .rdp file, whose gatewayhostname (when gatewayusagemethod uses it)
        // names the gateway; --gateway wins over the file's.
        const ConnectRequest request = app::request_from(args.positionals().front());
        targets.push_back(request.target);
        options = diagnose_options(request, options);
    }
    if (const auto gateway = args.value("gateway")) {
        options.gateway = parse_target(*gateway, kGatewayPort);
    }

    probe::ProbeSettings settings;
    settings.ca_file = args.path("ca").value_or(std::filesystem::path());
    if (!settings.ca_file.empty() && !std::filesystem::is_regular_file(settings.ca_file)) {
        throw UsageError(formatted(tr("--ca: %s is not a readable file"), utf8_text(settings.ca_file).c_str()));
    }
    std::unique_ptr<probe::Probe> probe;
    try {
        probe = std::make_unique<probe::Probe>(settings);
    } catch (const std::runtime_error& error) {
        std::fprintf(stderr, "rdpmedic-cli diagnose: %s\n", error.what());
        return settings.ca_file.empty() ? kEnvironment : kUsage;
    }

    if (from) {
        return diagnose_many(*probe, targets, options, concurrency) ? kFailed : kOk;
    }
    const Diagnosis diagnosis = probe->diagnose(targets.front(), options);
    if (args.flag("json")) {
        std::printf("%s\n", to_json(diagnosis).dump(2).c_str());
    } else {
        if (options.expected_name.empty()) {
            std::printf(tr("diagnosis of %s\n"), targets.front().to_string().c_str());
        } else {
            std::printf(tr("diagnosis of %s as %s\n"), targets.front().to_string().c_str(),
                        options.expected_name.c_str());
        }
        print_diagnosis_text(diagnosis, 2, stdout);
    }
    std::fflush(stdout);
    return diagnosis.has_errors() ? kFailed : kOk;
}

} // namespace rdpmedic::cli
