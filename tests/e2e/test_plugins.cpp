// The plugin host end to end: signatures and permissions, the real worker with plugins that
// crash, hang, throw and lie, the fix stage, and undo after the helper is SIGKILLed.
#include "e2e_support.h"
#include "plugin_sandbox.h"

#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/plugin_fix_stage.h"
#include "rdpmedic/plugins/system_values.h"
#include "rdpmedic/plugins/worker_client.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include <csignal>
#include <fstream>
#include <poll.h>
#include <unistd.h>

using namespace rdpmedic;
using namespace rdpmedic::plugins;
using rdpmedic::e2e::kUdpKey;
using rdpmedic::e2e::PluginSandbox;

namespace {

CheckedPlugin check(const PluginSandbox& sandbox, const std::string& id, bool allow_unsigned = false) {
    const auto paths = default_plugin_paths();
    return check_plugin(sandbox.user_plugins() / id, TrustStore::load(paths.trust_dirs()), {allow_unsigned});
}

WorkerClient::Options worker_options(int timeout_ms = 3000) {
    return {RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(timeout_ms)};
}

std::string failure_code(const std::function<void()>& action, std::string& message) {
    try {
        action();
    } catch (const PluginFailure& failure) {
        message = failure.what();
        return failure.code();
    }
    return "none";
}

nlohmann::json closed_context() { return make_context("localhost", 3389, {{"kind", "socket-closed"}}, nullptr); }

} // namespace

TEST_CASE("plugins: signatures, trust and permissions are checked before any code loads", "[e2e][plugins]") {
    PluginSandbox sandbox;
    sandbox.install("test.good");
    CHECK(check(sandbox, "test.good").check == PluginCheck::UntrustedSigner);
    CHECK_THAT(check(sandbox, "test.good").message, Catch::Contains("test.good") && Catch::Contains("plugins trust"));
    sandbox.trust_sandbox_key();
    CHECK(check(sandbox, "test.good").check == PluginCheck::Trusted);

    const auto folder = sandbox.user_plugins() / "test.good";
    const auto library = folder / "libtest_plugin_good.so";
    const std::string original = read_file_bytes(library);

    SECTION("tampered binary") {
        std::string changed = original;
        changed[changed.size() / 2] = static_cast<char>(changed[changed.size() / 2] ^ 1);
        std::ofstream(library, std::ios::binary | std::ios::trunc) << changed;
        CHECK(check(sandbox, "test.good").check == PluginCheck::TamperedLibrary);
        CHECK_THAT(check(sandbox, "test.good").message, Catch::Contains("changed after it was signed"));
    }
    SECTION("truncated binary") {
        std::ofstream(library, std::ios::binary | std::ios::trunc) << original.substr(0, original.size() / 3);
        CHECK(check(sandbox, "test.good").check == PluginCheck::TruncatedLibrary);
        CHECK_THAT(check(sandbox, "test.good").message, Catch::Contains("truncated"));
    }
    SECTION("tampered manifest") {
        std::ofstream(folder / "plugin.json", std::ios::app) << " ";
        CHECK(check(sandbox, "test.good").check == PluginCheck::TamperedManifest);
    }
    SECTION("bad signature") {
        std::string sig = read_file_bytes(folder / "plugin.sig");
        const auto at = sig.find("\"signature\": \"") + 14;
        sig[at] = sig[at] == '0' ? '1' : '0';
        std::ofstream(folder / "plugin.sig", std::ios::trunc) << sig;
        CHECK(check(sandbox, "test.good").check == PluginCheck::BadSignature);
        CHECK_THAT(check(sandbox, "test.good").message, Catch::Contains("does not verify"));
    }
    SECTION("world-writable file") {
        std::filesystem::permissions(library, std::filesystem::perms::others_write, std::filesystem::perm_options::add);
        CHECK(check(sandbox, "test.good").check == PluginCheck::WritableByOthers);
        CHECK_THAT(check(sandbox, "test.good").message, Catch::Contains("chmod go-w"));
    }
    SECTION("unsigned, with and without the developer setting") {
        sandbox.install("test.segfault", false);
        CHECK(check(sandbox, "test.segfault").check == PluginCheck::Unsigned);
        CHECK(check(sandbox, "test.segfault", true).check == PluginCheck::AllowedUnsigned);
    }
    SECTION("the CLI lists and verifies without loading") {
        const auto listed = e2e::run_command({RDPMEDIC_CLI, "plugins", "verify"});
        CHECK(listed.exit_code == 0);
        CHECK_THAT(listed.output, Catch::Contains("test.good") && Catch::Contains("trusted"));
    }
}

TEST_CASE("plugins: the worker loads, and contains every kind of misbehaviour", "[e2e][plugins]") {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    for (const char* id : {"test.good", "test.segfault", "test.hang", "test.throws", "test.wrapper-throws",
                           "test.bad-score", "test.no-entry", "test.abi-too-new", "test.newer-patch", "test.older-minor"}) {
        sandbox.install(id);
    }
    WorkerClient worker(worker_options(1500));
    const auto dir = sandbox.user_plugins();
    REQUIRE(worker.load(dir / "test.good").id == "test.good");
    CHECK(worker.assess("test.good", closed_context()).score == 70);
    std::string message;

    CHECK(failure_code([&] { worker.load(dir / "test.no-entry"); }, message) == "missing-entry");
    CHECK_THAT(message, Catch::Contains("test.no-entry") && Catch::Contains("rdpmedic_plugin_entry"));

    CHECK(failure_code([&] { worker.load(dir / "test.abi-too-new"); }, message) == "abi-too-new");
    CHECK_THAT(message, Catch::Contains("test.abi-too-new") && Catch::Contains("ABI 2.0.0") &&
                            Catch::Contains("ABI 1.3.0"));

    CHECK(worker.load(dir / "test.newer-patch").abi == "1.3.7");

    // An older minor ABI loads, and its shorter change request is accepted.
    CHECK(worker.load(dir / "test.older-minor").abi == "1.0.0");
    const auto older = worker.apply("test.older-minor", make_context("h", 3389, nullptr, nullptr));
    CHECK(older.status == "ok");
    REQUIRE(older.changes.size() == 1);
    CHECK(older.changes[0].value.data == "-wallpaper");
    CHECK_FALSE(older.changes[0].needs_consent);

    worker.load(dir / "test.bad-score");
    CHECK(failure_code([&] { worker.assess("test.bad-score", closed_context()); }, message) == "bad-score");
    CHECK_THAT(message, Catch::Contains("test.bad-score") && Catch::Contains("250"));

    worker.load(dir / "test.wrapper-throws");
    CHECK(failure_code([&] { worker.assess("test.wrapper-throws", closed_context()); }, message) == "assess-failed");
    CHECK_THAT(message, Catch::Contains("no idea"));

    worker.load(dir / "test.throws");
    CHECK(failure_code([&] { worker.assess("test.throws", closed_context()); }, message) == "threw");
    CHECK_THAT(message, Catch::Contains("test.throws"));

    // Each plugin has a worker of its own: a crash takes only that plugin's down.
    const int good_pid = worker.pid("test.good");
    worker.load(dir / "test.segfault");
    CHECK(worker.pid("test.segfault") != good_pid);
    CHECK(failure_code([&] { worker.assess("test.segfault", closed_context()); }, message) == "crashed");
    CHECK_THAT(message, Catch::Contains("test.segfault") && Catch::Contains("SIGSEGV"));
    CHECK(worker.assess("test.good", closed_context()).score == 70);
    CHECK(worker.pid("test.good") == good_pid);
    CHECK(worker.pid("test.segfault") == 0);

    worker.load(dir / "test.hang");
    const auto started = std::chrono::steady_clock::now();
    CHECK(failure_code([&] { worker.assess("test.hang", closed_context()); }, message) == "hung");
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK_THAT(message, Catch::Contains("test.hang") && Catch::Contains("1500 ms"));
    CHECK(worker.assess("test.good", closed_context()).score == 70);
    CHECK(failure_code([&] { worker.assess("test.hang", closed_context()); }, message) == "disabled");
}

TEST_CASE("plugins: the worker never runs plugin code as root", "[e2e][plugins]") {
    PluginSandbox sandbox;
    sandbox.allow_unsigned(true);
    sandbox.install("test.good", false);
    WorkerClient worker(worker_options());
    // Unsigned loads only because the worker is unelevated (it drops root when it has it).
    CHECK(worker.load(sandbox.user_plugins() / "test.good").id == "test.good");
    std::ifstream status("/proc/" + std::to_string(worker.pid("test.good")) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Uid:", 0) == 0) {
            CHECK(line.find("\t0\t") == std::string::npos);
        }
    }
}

TEST_CASE("plugins: the fix stage ranks, applies through the journal, and skips faulty plugins", "[e2e][plugins]") {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    std::vector<std::filesystem::path> dirs = {sandbox.install("test.segfault"), sandbox.install("test.good"),
                                               sandbox.install("test.bad-score")};
    auto values = make_system_values();
    values->write(kUdpKey, "fClientDisableUDP", {"dword", "0"});

    WorkerClient worker(worker_options());
    ChangeHost changes({RDPMEDIC_HELPER_EXE, sandbox.journal()});
    std::vector<std::string> notices;
    PluginFixStage stage(dirs, worker, changes, [&](const std::string& line) { notices.push_back(line); });

    Failure failure;
    failure.kind = FailureKind::SocketClosed;
    ConnectRequest next;
    next.target = {"localhost", 3389};
    const FixReport report = stage.on_failure(failure, nullptr, 1, next);

    REQUIRE(report.applied.size() == 1);
    CHECK_THAT(report.applied[0], Catch::Contains("fClientDisableUDP = 1"));
    // TLS instead of NLA is the user's to allow, and no one was asked here.
    CHECK_FALSE(next.overrides.security);
    CHECK(next.client_args.empty());
    // What the system log reports: the change made, system-wide, and the one left undone.
    const auto applied = std::find_if(report.actions.begin(), report.actions.end(), [](const FixAction& action) {
        return action.outcome == FixAction::Outcome::Applied;
    });
    REQUIRE(applied != report.actions.end());
    CHECK(applied->plugin == "test.good");
    CHECK(applied->system_wide);
    CHECK_THAT(applied->change, Catch::Contains("fClientDisableUDP"));
    const auto refused = [&](const std::string& what) {
        return std::count_if(report.actions.begin(), report.actions.end(), [&](const FixAction& action) {
            return action.outcome == FixAction::Outcome::Refused &&
                   (action.change + " " + action.reason).find(what) != std::string::npos;
        });
    };
    std::string actions;
    for (const auto& action : report.actions) {
        actions += action.plugin + ": " + action.change + ": " + action.reason + "\n";
    }
    INFO(actions);
    CHECK(refused("use security-layer tls for this connection") == 1);
    CHECK(refused("not done without the user's consent") == 1);
    CHECK(refused("format.disk") == 1);
    CHECK(values->read(kUdpKey, "fClientDisableUDP") == StoredValue{"dword", "1"});
    bool crash_reported = false;
    for (const auto& notice : notices) {
        crash_reported = crash_reported || notice.find("test.segfault crashed") != std::string::npos;
    }
    CHECK(crash_reported);

    const auto undo = e2e::run_command({RDPMEDIC_CLI, "undo", "--all"});
    CHECK(undo.exit_code == 0);
    CHECK(values->read(kUdpKey, "fClientDisableUDP") == StoredValue{"dword", "0"});
    const auto history = e2e::run_command({RDPMEDIC_CLI, "history"});
    CHECK_THAT(history.output, Catch::Contains("test.good") && Catch::Contains("undone"));
}

namespace {

/// Starts the helper with a change (or an undo), waits until it reports the step, SIGKILLs it.
void kill_helper_at(const std::string& step, const nlohmann::json& request) {
    ::setenv("RDPMEDIC_HELPER_PAUSE_AT", step.c_str(), 1);
    ChildProcess helper({RDPMEDIC_HELPER_EXE});
    ::unsetenv("RDPMEDIC_HELPER_PAUSE_AT");
    helper.write_stdin_and_close(request.dump() + "\n");
    std::string output;
    while (output.find("paused") == std::string::npos) {
        pollfd fd{helper.output_fd(), POLLIN, 0};
        REQUIRE(::poll(&fd, 1, 5000) == 1);
        char chunk[512];
        const ssize_t n = ::read(helper.output_fd(), chunk, sizeof chunk);
        REQUIRE(n > 0);
        output.append(chunk, static_cast<std::size_t>(n));
    }
    helper.signal(SIGKILL);
    CHECK(helper.wait() == 128 + SIGKILL);
}

} // namespace

TEST_CASE("plugins: undo restores after the helper is killed at every step", "[e2e][plugins][journal]") {
    PluginSandbox sandbox;
    auto values = make_system_values();
    const Change change{ChangeKind::RegistrySet, kUdpKey, "fClientDisableUDP", {"dword", "1"}};
    const nlohmann::json apply = {
        {"op", "apply"}, {"journal", sandbox.journal().string()}, {"plugin", "test.good"}, {"change", to_json(change)}};
    const bool had_prior = GENERATE(true, false);
    if (had_prior) {
        values->write(kUdpKey, "fClientDisableUDP", {"dword", "0"});
    }
    const auto prior = values->read(kUdpKey, "fClientDisableUDP");

    SECTION("killed after journaling, before the change") {
        kill_helper_at("journaled", apply);
        CHECK(Journal(sandbox.journal()).entries().at(0).state == JournalState::Pending);
    }
    SECTION("killed after the change, before it was marked done") {
        kill_helper_at("changed", apply);
        CHECK(values->read(kUdpKey, "fClientDisableUDP") == StoredValue{"dword", "1"});
    }
    SECTION("killed in the middle of an undo") {
        CHECK(e2e::run_command({RDPMEDIC_HELPER_EXE}, apply.dump() + "\n").exit_code == 0);
        kill_helper_at("undo-journaled",
                       {{"op", "undo"}, {"journal", sandbox.journal().string()}, {"ids", std::vector<std::string>{}}});
        CHECK(Journal(sandbox.journal()).entries().at(0).state == JournalState::Undoing);
    }
    const auto undo = e2e::run_command({RDPMEDIC_CLI, "undo", "--all"});
    CHECK(undo.exit_code == 0);
    CHECK(values->read(kUdpKey, "fClientDisableUDP") == prior);
    CHECK(Journal(sandbox.journal()).entries().at(0).state == JournalState::Undone);
}

TEST_CASE("plugins: a worker killed in the middle of apply changes nothing", "[e2e][plugins][journal]") {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    const auto dir = sandbox.install("test.apply-hang");
    WorkerClient worker(worker_options(800));
    ChangeHost changes({RDPMEDIC_HELPER_EXE, sandbox.journal()});
    std::vector<std::string> notices;
    PluginFixStage stage({dir}, worker, changes, [&](const std::string& line) { notices.push_back(line); });
    Failure failure;
    ConnectRequest next;
    const FixReport report = stage.on_failure(failure, nullptr, 1, next);
    CHECK(report.applied.empty());
    REQUIRE_FALSE(notices.empty());
    CHECK_THAT(notices.back(), Catch::Contains("test.apply-hang") && Catch::Contains("did not answer"));
    CHECK(Journal(sandbox.journal()).entries().empty());
    CHECK_FALSE(make_system_values()->read(kUdpKey, "fClientDisableUDP"));
}

TEST_CASE("plugins: the example builds out of tree against the installed SDK and runs", "[e2e][plugins][sdk]") {
    PluginSandbox sandbox;
    sandbox.trust_sandbox_key();
    const auto prefix = sandbox.root() / "prefix";
    const auto build = sandbox.root() / "example-build";
    const std::string cmake = RDPMEDIC_CMAKE_COMMAND;
    // Only the SDK is installed: a plugin author needs nothing else.
    auto step = e2e::run_command({cmake, "-DCMAKE_INSTALL_PREFIX=" + prefix.string(), "-P",
                                  std::string(RDPMEDIC_BUILD_DIR) + "/sdk/cmake_install.cmake"});
    REQUIRE(step.exit_code == 0);
    // lib/cmake, or lib/<multiarch>/cmake when the build's prefix is /usr (GNUInstallDirs).
    bool package_installed = false;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(prefix)) {
        package_installed = package_installed || (entry.path().filename() == "RdpMedicSdkConfigVersion.cmake" &&
                                                  entry.path().parent_path().filename() == "RdpMedicSdk");
    }
    REQUIRE(package_installed);
    step = e2e::run_command({cmake, "-S", std::string(RDPMEDIC_SOURCE_DIR) + "/sdk/examples/security-layer", "-B",
                             build.string(), "-DCMAKE_PREFIX_PATH=" + prefix.string(), "-DCMAKE_BUILD_TYPE=Release"});
    INFO(step.output);
    REQUIRE(step.exit_code == 0);
    step = e2e::run_command({cmake, "--build", build.string()});
    INFO(step.output);
    REQUIRE(step.exit_code == 0);
    const auto folder = sandbox.install_from(build / "plugins/example.security-layer");

    WorkerClient worker(worker_options());
    CHECK(worker.load(folder).id == "example.security-layer");
    const nlohmann::json diagnosis = {
        {"target", "localhost"}, {"port", 3389}, {"addresses", nlohmann::json::array()},
        {"layers", nlohmann::json::array()},
        {"findings", {{{"id", "x224.ssl-required"}, {"severity", "error"}, {"summary", "TLS"}, {"evidence", nlohmann::json::object()}}}},
        {"verdict", {{"cause", "security-layer-mismatch"}, {"fix", ""}}}};
    const auto context = make_context("localhost", 3389, {{"kind", "negotiation-failed"}}, diagnosis);
    const Assessment assessment = worker.assess("example.security-layer", context);
    CHECK(assessment.score == 90);
    CHECK_THAT(assessment.reason, Catch::Contains("/sec:tls"));
    const ApplyResult applied = worker.apply("example.security-layer", context);
    REQUIRE(applied.changes.size() == 1);
    CHECK(applied.changes[0].kind == ChangeKind::Override);
    CHECK(applied.changes[0].name == kOverrideSecurityLayer);
    CHECK(applied.changes[0].value.data == "tls");
}
