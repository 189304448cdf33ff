// The plugin boundary against signed, trusted, hostile plugins (tests/plugins/hostile_*.cpp,
// impostor.cpp): what reaches the real xfreerdp of each installed FreeRDP generation (its argv,
// recorded by a wrapper that then runs it), the helper's registry stand-in and the journal, with and without the user's consent; a
// worker that lies in the protocol; and a library swapped while it is checked and loaded.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "plugin_sandbox.h"

#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/loader.h"
#include "rdpmedic/plugins/plugin_fix_stage.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/system_values.h"
#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/worker_client.h"
#include "rdpmedic/probe/probe.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using namespace rdpmedic::plugins;

namespace {

/// A client program that writes its argv, one argument a line and "--" after each launch, to
/// `log`, then runs the real `client` with it. The launcher's `--version` question, which
/// identifies the generation, is no launch and is not written.
std::filesystem::path recording_client(const PluginSandbox& sandbox, const std::filesystem::path& log,
                                       const FreeRdpClient& client) {
    const auto script = sandbox.root() / "xfreerdp-recorder";
    std::ofstream(script) << "#!/bin/sh\nif [ \"$*\" != --version ]; then\n  for a in \"$@\"; do printf '%s\\n' \"$a\" >> '"
                          << log.string() << "'; done\n  echo -- >> '" << log.string() << "'\nfi\nexec '" << client.path
                          << "' \"$@\"\n";
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    return script;
}

std::vector<std::vector<std::string>> launches(const std::filesystem::path& log) {
    std::vector<std::vector<std::string>> result(1);
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);) {
        if (line == "--") {
            result.emplace_back();
        } else {
            result.back().push_back(line);
        }
    }
    result.pop_back();
    return result;
}

std::ptrdiff_t count_starting(const std::vector<std::string>& argv, const std::string& prefix) {
    return std::count_if(argv.begin(), argv.end(), [&](const std::string& a) { return a.rfind(prefix, 0) == 0; });
}

bool has_argument_starting(const std::vector<std::string>& argv, const std::string& prefix) {
    return count_starting(argv, prefix) > 0;
}

struct BoundaryRun {
    std::vector<std::vector<std::string>> argv; ///< of each launch
    std::vector<std::string> notices;
    std::vector<std::string> asked; ///< what the user was asked, "describe (note)"
    std::filesystem::path journal;
};

/// xrdp offering standard RDP security only and a user asking for TLS: the first attempt fails
/// and test.hostile-client is applied for the retry. `consent` answers every question.
BoundaryRun run_hostile_client(const FreeRdpClient& client, bool consent) {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    const lab::Lab lab([] {
        lab::LabOptions options;
        options.xrdp_security_layer = "rdp";
        return options;
    }());
    const auto log = sandbox.root() / "argv.log";
    BoundaryRun run;
    WorkerClient worker({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(5000)});
    ChangeHost changes({RDPMEDIC_HELPER_EXE, sandbox.journal()});
    PluginFixStage stage({sandbox.install("test.hostile-client")}, worker, changes,
                         [&](const std::string& line) { run.notices.push_back(line); });
    stage.set_client("xfreerdp", {"/sec:tls"});
    stage.set_consent([&](const std::string& plugin, const Change& change) {
        run.asked.push_back(plugin + ": " + describe(change) + " (" + change.note + ")");
        return consent;
    });
    trust_lab_ca(lab);
    probe::Probe probe({lab.ca_certificate()});
    RunOptions options;
    options.max_attempts = 2;
    options.backoff = std::chrono::milliseconds(50);
    options.launcher_args = {"/sec:tls"};
    options.client_path = recording_client(sandbox, log, client).string();
    options.fixes = &stage;
    options.diagnoser = &probe;
    supervise(lab, options);
    run.argv = launches(log);
    run.journal = sandbox.journal();
    return run;
}

/// The fix stage's answer to a closed connection to `host`.
FixReport closed_connection(PluginFixStage& stage, const std::string& host) {
    Failure failure;
    failure.kind = FailureKind::SocketClosed;
    ConnectRequest next;
    next.target = {host, 3389};
    return stage.on_failure(failure, nullptr, 1, next);
}

std::string refusal_of(const std::vector<std::string>& notices, const std::string& what) {
    for (const auto& notice : notices) {
        if (notice.find(what) != std::string::npos) {
            return notice;
        }
    }
    return "(no notice mentions " + what + ")";
}

} // namespace

TEST_CASE("plugin boundary: a hostile plugin's command line and target reach xfreerdp only as allowed",
          "[e2e][plugins][boundary]") {
    const bool consent = GENERATE(false, true);
    const FreeRdpClient client = GENERATE(from_range(freerdp_clients()));
    INFO(describe(client));
    const BoundaryRun run = run_hostile_client(client, consent);
    INFO(joined(run.notices));
    REQUIRE(run.argv.size() == 2);
    const auto& first = run.argv[0];
    const auto& retry = run.argv[1];

    // Refused outright, with or without consent: nothing that names a file, a device, a
    // credential or another server, and nothing that turns the certificate check off.
    for (const char* attack : {"/action-script", "/drive", "/cert:ignore", "/cert-ignore", "/p:", "/u:",
                               "+clipboard", "/load-balance-info", "/kbd-remap"}) {
        INFO(attack);
        // FreeRDP 3's launch itself carries an empty /p: (so the client never prompts): the
        // retry may hold only what the first attempt held.
        CHECK(count_starting(retry, attack) == count_starting(first, attack));
        const std::string notice = refusal_of(run.notices, attack);
        CHECK_THAT(notice, Catch::Contains("plugin test.hostile-client") && Catch::Contains("refused"));
    }
    CHECK_THAT(refusal_of(run.notices, "/action-script"), Catch::Contains("not on the allowlist"));
    CHECK(std::count_if(retry.begin(), retry.end(), [](const std::string& a) { return a.rfind("/v:", 0) == 0; }) == 1);
    CHECK_FALSE(has_argument_starting(retry, "/v:evil"));
    CHECK_FALSE(has_argument_starting(retry, "/v:10.66.66.66"));
    CHECK_FALSE(has_argument_starting(retry, "/v:127.0.0.1:1"));
    CHECK_THAT(refusal_of(run.notices, "10.66.66.66"), Catch::Contains("is not one the diagnosis resolved"));
    CHECK_THAT(refusal_of(run.notices, "127.0.0.1:1 "), Catch::Contains("another port"));
    CHECK_THAT(refusal_of(run.notices, "evil.example is not"), Catch::Contains("the name this connection is for"));
    CHECK_THAT(refusal_of(run.notices, "evil-client"), Catch::Contains("not installed here"));
    CHECK_THAT(refusal_of(run.notices, "command-line"), Catch::Contains("unknown override"));
    // What the allowlist lets through needs nobody's consent.
    CHECK(std::find(retry.begin(), retry.end(), "/network:lan") != retry.end());

    // Lowering security and moving the credentials: asked every time, although the plugin
    // said no consent was needed, and done only with it.
    const auto asked_about = [&](const std::string& what) {
        return std::any_of(run.asked.begin(), run.asked.end(),
                           [&](const std::string& line) { return line.find(what) != std::string::npos; });
    };
    CHECK(asked_about("security-layer rdp"));
    CHECK(asked_about("replaces /sec:tls")); // the user's own choice is never replaced silently
    CHECK(asked_about("tls-security-level 0"));
    CHECK(asked_about("your credentials go to that address"));
    CHECK(std::count(retry.begin(), retry.end(), "/sec:rdp") == (consent ? 1 : 0));
    // FreeRDP 2 spells it /tls-seclevel:0, FreeRDP 3 /tls:seclevel:0.
    const std::string seclevel = client.version.major == 2 ? "/tls-seclevel:0" : "/tls:seclevel:0";
    CHECK(std::count(retry.begin(), retry.end(), seclevel) == (consent ? 1 : 0));
    CHECK_FALSE(has_argument_starting(retry, "/cert:name:"));
    CHECK(has_argument_starting(retry, "/v:127.0.0.1:") == consent);
    if (!consent) {
        CHECK_THAT(joined(run.notices), Catch::Contains("not done without your consent"));
        // The retry is the first attempt plus the one harmless option.
        std::vector<std::string> without = retry;
        std::erase(without, "/network:lan");
        CHECK(without == first);
        CHECK(retry.size() == first.size() + 1);
    }
    // Nothing system-wide was asked for, so the helper never ran.
    CHECK_FALSE(std::filesystem::exists(run.journal));
}

TEST_CASE("plugin boundary: registry values are checked by value and against the manifest's flags",
          "[e2e][plugins][boundary]") {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    WorkerClient worker({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(5000)});
    ChangeHost changes({RDPMEDIC_HELPER_EXE, sandbox.journal()});
    std::vector<std::string> notices;
    PluginFixStage stage({sandbox.install("test.hostile-registry")}, worker, changes,
                         [&](const std::string& line) { notices.push_back(line); });
    int asked = 0;
    stage.set_consent([&](const std::string&, const Change&) { return ++asked > 0; }); // the user says yes
    const FixReport report = closed_connection(stage, "localhost");
    INFO(joined(notices));

    CHECK(report.applied.empty());
    CHECK(asked == 0); // refused before anyone is asked
    const std::string all = joined(notices);
    CHECK_THAT(refusal_of(notices, "AuthenticationLevelOverride = 0"),
               Catch::Contains("plugin test.hostile-registry") &&
                   Catch::Contains("would turn off the warning about a server that cannot be authenticated"));
    CHECK(std::count_if(notices.begin(), notices.end(), [](const std::string& line) {
              return line.find("AuthenticationLevelOverride = 0 is refused") != std::string::npos;
          }) == 2);
    CHECK_THAT(refusal_of(notices, "DisableCredSspFallback"), Catch::Contains("not one rdpmedic knows the meaning of"));
    CHECK_THAT(refusal_of(notices, "RDGClientTransport must be a DWORD"), Catch::Contains("plugin test.hostile-registry"));
    CHECK_THAT(refusal_of(notices, "fClientDisableUDP = 1"),
               Catch::Contains("plugin test.hostile-registry: refused") && Catch::Contains("needs_elevation: false") &&
                   Catch::Contains("rule: manifest flags"));
    CHECK_THAT(refusal_of(notices, "set HKCU\\Software\\Microsoft\\Terminal Server Client\\RDGClientTransport = 1"),
               Catch::Contains("scope \"connection\""));
    CHECK_THAT(refusal_of(notices, "run dns.flush"), Catch::Contains("rule: manifest flags"));
    // Neither the helper nor the journal saw any of it.
    CHECK_FALSE(std::filesystem::exists(sandbox.journal()));
    const auto values = make_system_values();
    CHECK_FALSE(values->read("HKCU\\Software\\Microsoft\\Terminal Server Client", "AuthenticationLevelOverride"));
    CHECK_FALSE(values->read(kUdpKey, "fClientDisableUDP"));
}

TEST_CASE("plugin boundary: a worker that lies in the protocol is garbage for its plugin alone",
          "[e2e][plugins][boundary]") {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    const auto good = sandbox.install("test.good");
    const auto hostile = sandbox.install("test.hostile-worker");
    const auto impostor = sandbox.install("test.impostor");
    const nlohmann::json closed = make_context("localhost", 3389, {{"kind", "socket-closed"}}, nullptr);

    SECTION("each lie, in a session of its own") {
        const std::string mode = GENERATE("deep.test", "types.test", "fields.test", "blame.test");
        WorkerClient worker({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(3000)});
        REQUIRE(worker.load(good).id == "test.good");
        REQUIRE(worker.load(hostile).id == "test.hostile-worker");
        const int good_pid = worker.pid("test.good");
        std::string code;
        std::string message;
        try {
            worker.assess("test.hostile-worker", make_context(mode, 3389, {{"kind", "socket-closed"}}, nullptr));
        } catch (const PluginFailure& failure) {
            code = failure.code();
            message = failure.what();
        }
        INFO(mode << ": " << message);
        CHECK_THAT(message, Catch::StartsWith("plugin test.hostile-worker"));
        // A worker claiming a crash (of another plugin) is lying too; the plugin it blames is untouched.
        CHECK(code == "garbage");
        CHECK_THAT(message, Catch::Contains("rule: worker answers follow the protocol's schema"));
        CHECK(worker.pid("test.hostile-worker") == 0);
        CHECK(worker.assess("test.good", closed).score == 70);
        CHECK(worker.pid("test.good") == good_pid);
    }
    SECTION("a plugin that answers for another while it loads is refused") {
        WorkerClient worker({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(3000)});
        REQUIRE(worker.load(good).id == "test.good");
        std::string message;
        try {
            worker.load(impostor);
        } catch (const PluginFailure& failure) {
            CHECK(failure.code() == "garbage");
            message = failure.what();
        }
        CHECK_THAT(message, Catch::Contains("plugin test.impostor") && Catch::Contains("answered for \"test.good\"") &&
                                Catch::Contains("rule: a plugin is known by the id of its own manifest"));
        CHECK(worker.assess("test.good", closed).score == 70);
    }
    SECTION("the fix stage goes on to the next plugin: the connection is not abandoned") {
        WorkerClient worker({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(3000)});
        ChangeHost changes({RDPMEDIC_HELPER_EXE, sandbox.journal()});
        std::vector<std::string> notices;
        PluginFixStage stage({hostile, impostor, good}, worker, changes,
                             [&](const std::string& line) { notices.push_back(line); });
        const FixReport report = closed_connection(stage, "deep.test");
        INFO(joined(notices));
        CHECK_THAT(joined(notices), Catch::Contains("plugin test.hostile-worker") && Catch::Contains("nests deeper") &&
                                        Catch::Contains("plugin test.impostor"));
        REQUIRE(report.applied.size() == 1);
        CHECK_THAT(report.applied[0], Catch::StartsWith("test.good: ") && Catch::Contains("fClientDisableUDP = 1"));
    }
}

TEST_CASE("plugin boundary: a library swapped while it is checked and loaded never loads unverified",
          "[e2e][plugins][boundary]") {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    const auto folder = sandbox.install("test.good");
    const auto library = folder / "libtest_plugin_good.so";
    const auto signed_copy = sandbox.root() / "signed.so";
    const auto twin = sandbox.root() / "twin.so";
    std::filesystem::copy_file(library, signed_copy);
    std::filesystem::copy_file(std::filesystem::path(RDPMEDIC_TEST_PLUGIN_TWINS) / "test.good/libtest_plugin_good_twin.so",
                               twin);
    const auto paths = default_plugin_paths();
    const TrustStore trust = TrustStore::load(paths.trust_dirs());

    // The swapper is a process of its own, so that the loads below can fork from one thread.
    struct Swapper {
        pid_t pid = ::fork();
        ~Swapper() {
            if (pid > 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        }
    } swapper;
    REQUIRE(swapper.pid >= 0);
    if (swapper.pid == 0) {
        const std::string next = (folder / "next.so").string();
        for (unsigned round = 0;; ++round) {
            std::error_code ignored;
            std::filesystem::copy_file(round % 2 ? signed_copy : twin, next,
                                       std::filesystem::copy_options::overwrite_existing, ignored);
            ::rename(next.c_str(), library.c_str());
        }
    }
    int verified = 0;
    int unverified = 0;
    int refused = 0;
    for (int attempt = 0; attempt < 300; ++attempt) {
        // Each load in a fresh process, as the worker does: nothing cached from the last one.
        const pid_t loader = ::fork();
        REQUIRE(loader >= 0);
        if (loader == 0) {
            const CheckedPlugin checked = check_plugin(folder, trust, {false});
            if (!checked.loadable()) {
                ::_exit(2);
            }
            const LoadOutcome outcome = load_plugin(checked);
            if (!outcome.plugin) {
                ::_exit(3);
            }
            ::_exit(std::string(outcome.plugin->api().info->version) == "6.6.6" ? 1 : 0);
        }
        int status = 0;
        ::waitpid(loader, &status, 0);
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 4;
        verified += code == 0;
        unverified += code == 1;
        refused += code == 2;
        CHECK(code != 3);
        CHECK(code != 4);
    }
    INFO("verified " << verified << ", unverified " << unverified << ", refused " << refused);
    CHECK(unverified == 0);
    // Both files were really seen: the race was run, not avoided.
    CHECK(verified > 0);
    CHECK(refused > 0);
}
