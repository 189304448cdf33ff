// The Windows plugin host under wine, with the real executables: the registry strategies'
// changes made and undone exactly in wine's registry by rdpmedic-helper.exe, the journal
// surviving a helper killed between its steps, and the signed .dll strategies loaded through
// Boost.DLL in rdpmedic-fixer.exe (and a tampered copy refused).
//
// Wine starts every process with an administrator's full, elevated token, as Windows does for
// an administrator with UAC turned off. So here the change host finds itself elevated and runs
// the helper with pipes, and the worker starts its unelevated copy with the linked (UAC
// limited) token, as it does on Windows when rdpmedic runs "as administrator". The path
// through the administrator prompt (ShellExecuteExW "runas") is taken by a copy of this test
// program started with that limited token. Wine's limited token is a label only: its
// Administrators group stays enabled and wine's registry does not check access, so these
// tests prove which path is taken and that it works, not that Windows would deny the rights.
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/mstsc_settings.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/plugin_fix_stage.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/system_values.h"
#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/worker_client.h"
#include "everyone_writes_windows.h"
#include "temp_dir.h"
#include "self_process_windows.h"
#include "users_state_folder.h"

#include <catch2/catch.hpp>

#include <aclapi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <utility>
#include <optional>
#include <vector>

using namespace rdpmedic;
using namespace rdpmedic::plugins;

namespace {

constexpr const char* kUdpKey = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client";
constexpr const wchar_t* kUdpSubkey = L"SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client";
constexpr const char* kGatewayKey = "HKCU\\Software\\Microsoft\\Terminal Server Client";
constexpr const wchar_t* kGatewaySubkey = L"Software\\Microsoft\\Terminal Server Client";

/// A path CMake gave as /work/…: wine's Z: drive maps it, std::filesystem needs the drive.
std::filesystem::path built(const char* path) { return std::filesystem::absolute(path).make_preferred(); }

/// An environment variable for the length of a test; child processes inherit it.
class ScopedVariable {
  public:
    ScopedVariable(const wchar_t* name, const std::wstring& value) : name_(name) {
        if (const wchar_t* old = _wgetenv(name)) {
            old_ = old;
        }
        _wputenv_s(name, value.c_str());
    }
    ~ScopedVariable() { _wputenv_s(name_, old_ ? old_->c_str() : L""); }
    ScopedVariable(const ScopedVariable&) = delete;
    ScopedVariable& operator=(const ScopedVariable&) = delete;

  private:
    const wchar_t* name_;
    std::optional<std::wstring> old_;
};

/// A registry value exactly as it is stored: type and bytes, read without rdpmedic's code.
struct RawValue {
    DWORD type = REG_NONE;
    std::vector<unsigned char> bytes;
    bool operator==(const RawValue&) const = default;
};

std::optional<RawValue> read_raw(HKEY root, const wchar_t* subkey, const wchar_t* name) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(root, subkey, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS) {
        return std::nullopt;
    }
    RawValue value;
    DWORD size = 0;
    LSTATUS status = RegQueryValueExW(key, name, nullptr, &value.type, nullptr, &size);
    if (status == ERROR_SUCCESS) {
        value.bytes.resize(size);
        status = RegQueryValueExW(key, name, nullptr, &value.type, value.bytes.data(), &size);
    }
    RegCloseKey(key);
    return status == ERROR_SUCCESS ? std::optional<RawValue>(value) : std::nullopt;
}

/// Sets the value (or deletes it for nullopt) without rdpmedic's code; false when it could not.
bool write_raw(HKEY root, const wchar_t* subkey, const wchar_t* name, const std::optional<RawValue>& value) {
    HKEY key = nullptr;
    if (RegCreateKeyExW(root, subkey, 0, nullptr, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, nullptr, &key, nullptr) !=
        ERROR_SUCCESS) {
        return false;
    }
    const LSTATUS status =
        value ? RegSetValueExW(key, name, 0, value->type, value->bytes.data(), static_cast<DWORD>(value->bytes.size()))
              : RegDeleteValueW(key, name);
    RegCloseKey(key);
    return status == ERROR_SUCCESS || (!value && status == ERROR_FILE_NOT_FOUND);
}

RawValue dword(std::uint32_t number) {
    RawValue value{REG_DWORD, std::vector<unsigned char>(4)};
    std::memcpy(value.bytes.data(), &number, 4);
    return value;
}

RawValue text(const std::wstring& string) {
    RawValue value{REG_SZ, std::vector<unsigned char>((string.size() + 1) * 2)};
    std::memcpy(value.bytes.data(), string.c_str(), value.bytes.size());
    return value;
}

/// Puts the value back as it was before the test, whatever the test did to it.
class RegistryGuard {
  public:
    RegistryGuard(HKEY root, const wchar_t* subkey, const wchar_t* name)
        : root_(root), subkey_(subkey), name_(name), saved_(read_raw(root, subkey, name)) {}
    ~RegistryGuard() { write_raw(root_, subkey_, name_, saved_); }
    RegistryGuard(const RegistryGuard&) = delete;
    RegistryGuard& operator=(const RegistryGuard&) = delete;

  private:
    HKEY root_;
    const wchar_t* subkey_;
    const wchar_t* name_;
    std::optional<RawValue> saved_;
};

/// The priors each registry test starts from: none, the value the policy has when it is off,
/// and a value of another type (a string), which undo must bring back as a string.
std::optional<RawValue> prior_named(const std::string& name) {
    if (name == "absent") {
        return std::nullopt;
    }
    return name == "dword 0" ? dword(0) : text(L"set by someone else");
}

/// A user profile of its own: state (journal), settings, trust and plugins folders in a
/// temporary folder, and a signing key of its own that this profile trusts. The worker and the
/// helper read the same folders through the environment they inherit. The profile's folder
/// has a space and letters outside any ANSI code page in its name, as user names do, so every
/// path goes through JSON, command lines and the administrator prompt as UTF-8.
class WindowsSandbox {
  public:
    WindowsSandbox()
        : local_(L"LOCALAPPDATA", (root_ / "local").wstring()), roaming_(L"APPDATA", (root_ / "roaming").wstring()),
          system_(L"RDPMEDIC_SYSTEM_DIR", (root_ / "system").wstring()) {
        generate_key_pair(key(), root_ / "signing.pub");
        trust_key(root_ / "signing.pub", default_plugin_paths().user_trust);
    }

    std::filesystem::path journal() const { return root_ / "local" / "rdpmedic" / "journal.jsonl"; }
    std::filesystem::path key() const { return root_ / "signing.pem"; }
    static TrustStore trust() { return TrustStore::load(default_plugin_paths().trust_dirs()); }

    /// A copy of the build's plugin folder `id` under `name`, signed with this profile's key.
    std::filesystem::path copy_plugin(const std::string& id, const std::string& name) const {
        const auto target = root_ / name / id;
        std::filesystem::create_directories(target.parent_path());
        std::filesystem::copy(built(RDPMEDIC_STAGE_DIR) / "plugins" / id, target,
                              std::filesystem::copy_options::recursive);
        std::filesystem::remove(target / kSignatureFile); // the build's own signature, if it made one
        sign_plugin(target, key());
        return target;
    }

  private:
    static std::filesystem::path make_root(const test::TempDir& home) {
        auto root = home.path() / utf8_path("J\u00fcrgen \u03a9\u03bc\u03ad\u03b3\u03b1");
        std::filesystem::create_directory(root);
        return root;
    }

    test::TempDir home_{"rdpmedic-windows-"};
    std::filesystem::path root_ = make_root(home_);
    ScopedVariable local_;
    ScopedVariable roaming_;
    ScopedVariable system_;
};

ChangeHost change_host(const WindowsSandbox& sandbox) {
    return ChangeHost({built(RDPMEDIC_HELPER_EXE), sandbox.journal()});
}

const Change kUdpOff{ChangeKind::RegistrySet, kUdpKey, "fClientDisableUDP", {"dword", "1"}};
const Change kGatewayRpc{ChangeKind::RegistrySet, kGatewayKey, "RDGClientTransport", {"dword", "1"}};

/// What rdpmedic-helper.exe wrote until `wanted` appeared (or 20 s passed).
std::string read_until(ChildProcess& process, const std::string& wanted) {
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (output.find(wanted) == std::string::npos &&
           process.read_output(output, deadline) == ChildProcess::Read::data) {
    }
    return output;
}

void flip_last_byte(const std::filesystem::path& file) {
    std::fstream data(file, std::ios::binary | std::ios::in | std::ios::out);
    data.seekg(-1, std::ios::end);
    const char last = static_cast<char>(data.get());
    data.seekp(-1, std::ios::end);
    data.put(static_cast<char>(last ^ 0x5A));
}

/// Runs this test program again with the limited half of wine's split administrator token
/// (UAC's linked token), on the tests matching `spec`, and returns its exit code (the number
/// of failed tests). Its output goes where this program's goes.
int run_self_unelevated(const std::wstring& spec) {
    HANDLE own = nullptr;
    REQUIRE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &own));
    TOKEN_LINKED_TOKEN linked{};
    DWORD size = 0;
    const BOOL has_linked = GetTokenInformation(own, TokenLinkedToken, &linked, sizeof linked, &size);
    CloseHandle(own);
    REQUIRE(has_linked);
    HANDLE primary = nullptr;
    REQUIRE(DuplicateTokenEx(linked.LinkedToken, MAXIMUM_ALLOWED, nullptr, SecurityImpersonation, TokenPrimary,
                             &primary));
    CloseHandle(linked.LinkedToken);
    const PROCESS_INFORMATION process = test::start_self(spec, primary);
    CloseHandle(primary);
    WaitForSingleObject(process.hProcess, 120000);
    DWORD code = 1;
    GetExitCodeProcess(process.hProcess, &code);
    CloseHandle(process.hProcess);
    return static_cast<int>(code);
}

/// The worker's refusal to load `folder`: its code and message, or "loaded" when it loads.
std::pair<std::string, std::string> load_refusal(WorkerClient& worker, const std::filesystem::path& folder) {
    try {
        worker.load(folder);
        return {"loaded", ""};
    } catch (const PluginFailure& failure) {
        return {failure.code(), failure.what()};
    }
}

/// The registry test of one strategy's value: from each prior, set by rdpmedic-helper.exe
/// through the change host, journaled, then undone to exactly that prior.
void check_set_and_undone(HKEY root, const wchar_t* subkey, const wchar_t* value, const std::string& plugin,
                          const Change& change) {
    const RegistryGuard guard(root, subkey, value);
    const std::string prior_name = GENERATE(as<std::string>{}, "absent", "dword 0", "string");
    CAPTURE(prior_name);
    const auto prior = prior_named(prior_name);
    REQUIRE(write_raw(root, subkey, value, prior));
    WindowsSandbox sandbox;
    ChangeHost host = change_host(sandbox);

    const ApplyOutcome applied = host.apply(plugin, change);
    INFO(applied.message);
    REQUIRE(applied.ok);
    CHECK(read_raw(root, subkey, value) == dword(1));
    const auto entries = Journal(sandbox.journal()).entries();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].state == JournalState::Done);
    CHECK(entries[0].prior.has_value() == prior.has_value());

    const UndoOutcome undone = host.undo({});
    CHECK(undone.failed.empty());
    CHECK(undone.undone == std::vector<std::string>{applied.id});
    CHECK(read_raw(root, subkey, value) == prior);
    CHECK(Journal(sandbox.journal()).entries().at(0).state == JournalState::Undone);
}

} // namespace

TEST_CASE("windows registry: udp-disable's HKLM fClientDisableUDP is set and undone exactly by rdpmedic-helper.exe",
          "[windows][plugins][registry]") {
    CHECK(needs_elevation(kUdpOff));
    check_set_and_undone(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP", "rdpmedic.udp-disable", kUdpOff);
}

TEST_CASE("windows registry: gateway-transport's HKCU RDGClientTransport is set and undone exactly",
          "[windows][plugins][registry]") {
    CHECK_FALSE(needs_elevation(kGatewayRpc)); // the user's own key: never the administrator prompt
    check_set_and_undone(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport", "rdpmedic.gateway-transport",
                         kGatewayRpc);
}

TEST_CASE("windows journal: undo restores after rdpmedic-helper.exe is killed at every step",
          "[windows][plugins][journal]") {
    const RegistryGuard guard(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP");
    const std::string prior_name = GENERATE(as<std::string>{}, "absent", "dword 0");
    const std::string step = GENERATE(as<std::string>{}, "journaled", "changed", "undo-journaled");
    CAPTURE(prior_name, step);
    const auto prior = prior_named(prior_name);
    REQUIRE(write_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP", prior));
    WindowsSandbox sandbox;
    const std::string journal = utf8_text(sandbox.journal());
    nlohmann::json request = {{"op", "apply"}, {"journal", journal}, {"plugin", "rdpmedic.udp-disable"},
                              {"change", to_json(kUdpOff)}};
    if (step == "undo-journaled") {
        REQUIRE(change_host(sandbox).apply("rdpmedic.udp-disable", kUdpOff).ok);
        request = {{"op", "undo"}, {"journal", journal}, {"ids", std::vector<std::string>{}}};
    }
    {
        std::optional<ChildProcess> helper;
        {
            const ScopedVariable pause(L"RDPMEDIC_HELPER_PAUSE_AT", std::wstring(step.begin(), step.end()));
            helper.emplace(std::vector<std::string>{utf8_text(built(RDPMEDIC_HELPER_EXE))});
        }
        helper->write_stdin_and_close(request.dump() + "\n");
        REQUIRE_THAT(read_until(*helper, "paused"), Catch::Contains("\"paused\":\"" + step + "\""));
        helper->kill(); // TerminateJobObject: no chance to finish the step
        helper->wait();
        CHECK(helper->ended_by_signal());
    }
    const auto entry = Journal(sandbox.journal()).entries().at(0);
    CHECK(entry.state == (step == "journaled"  ? JournalState::Pending
                          : step == "changed" ? JournalState::Pending
                                              : JournalState::Undoing));
    if (step != "journaled") {
        CHECK(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP") == dword(1));
    }

    const UndoOutcome undone = change_host(sandbox).undo({});
    CHECK(undone.failed.empty());
    CHECK(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP") == prior);
    CHECK(Journal(sandbox.journal()).entries().at(0).state == JournalState::Undone);
}

TEST_CASE("windows plugins: signed .dll strategies load through Boost.DLL in rdpmedic-fixer.exe, and tampered ones do "
          "not", "[windows][plugins]") {
    WindowsSandbox sandbox;
    const auto good = sandbox.copy_plugin("rdpmedic.udp-disable", "good");
    CHECK(check_plugin(good, WindowsSandbox::trust(), {}).check == PluginCheck::Trusted);
    WorkerClient worker({built(RDPMEDIC_FIXER_EXE), std::chrono::milliseconds(20000)});
    const PluginInfo info = worker.load(good);
    CHECK(info.id == "rdpmedic.udp-disable");
    CHECK(worker.assess("rdpmedic.udp-disable", make_context("server.test", 3389, {{"kind", "socket-closed"}}, nullptr))
              .score == 20);

    const auto tampered = sandbox.copy_plugin("rdpmedic.udp-disable", "tampered");
    flip_last_byte(tampered / read_manifest(tampered / kManifestFile).library);
    const CheckedPlugin refused = check_plugin(tampered, WindowsSandbox::trust(), {});
    CHECK(refused.check == PluginCheck::TamperedLibrary);
    CHECK_THAT(refused.message, Catch::Contains("changed after it was signed"));
    const auto [code, message] = load_refusal(worker, tampered);
    CHECK(code == "tampered-library");
    CHECK_THAT(message, Catch::Contains("rdpmedic.udp-disable"));

    const auto unsigned_copy = sandbox.copy_plugin("rdpmedic.udp-disable", "unsigned");
    std::filesystem::remove(unsigned_copy / kSignatureFile);
    CHECK(load_refusal(worker, unsigned_copy).first == "unsigned");
}

TEST_CASE("windows plugins: the worker runs plugin code unelevated and refuses to run it elevated",
          "[windows][plugins][elevation]") {
    WindowsSandbox sandbox;
    const std::string fixer = utf8_text(built(RDPMEDIC_FIXER_EXE));
    {
        ChildProcess worker({fixer});
        REQUIRE(worker.write_stdin("{\"id\":1,\"op\":\"hello\"}\n"));
        const std::string answer = read_until(worker, "\n");
        CHECK_THAT(answer, Catch::Contains("\"admin_rights\":false"));
    }
    // Wine runs this test elevated, so the copy the worker would start is what is started here
    // directly: elevated, it must refuse, and say why.
    REQUIRE(running_with_admin_rights());
    ChildProcess copy({fixer, "--unelevated-copy"});
    const std::string refusal = read_until(copy, "\n");
    CHECK_THAT(refusal, Catch::Contains("\"code\":\"elevated\"") && Catch::Contains("will not run plugin code"));
    CHECK(copy.wait() == 3);
}

TEST_CASE("windows plugins: udp-disable and gateway-transport run in the worker and their changes are journaled and "
          "undone", "[windows][plugins][registry]") {
    const RegistryGuard udp(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP");
    const RegistryGuard gateway(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport");
    REQUIRE(write_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP", dword(0)));
    REQUIRE(write_raw(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport", std::nullopt));
    WindowsSandbox sandbox;
    WorkerClient worker({built(RDPMEDIC_FIXER_EXE), std::chrono::milliseconds(20000)});
    ChangeHost host = change_host(sandbox);
    nlohmann::json context = make_context("server.test", 3389, {{"kind", "socket-closed"}}, nullptr);
    context["client"] = {{"name", "mstsc"}, {"args", nlohmann::json::array()}};
    context["gateway"] = "gateway.test";

    for (const std::string id : {"rdpmedic.udp-disable", "rdpmedic.gateway-transport"}) {
        CAPTURE(id);
        worker.load(sandbox.copy_plugin(id, "system"));
        const ApplyResult result = worker.apply(id, context);
        REQUIRE(result.status == "ok");
        REQUIRE(result.changes.size() == 1);
        const ApplyOutcome outcome = host.apply(id, result.changes[0]);
        INFO(outcome.message);
        CHECK(outcome.ok);
    }
    CHECK(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP") == dword(1));
    CHECK(read_raw(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport") == dword(1));

    const UndoOutcome undone = host.undo({});
    CHECK(undone.failed.empty());
    CHECK(undone.undone.size() == 2);
    CHECK(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP") == dword(0));
    CHECK_FALSE(read_raw(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport"));
}

TEST_CASE("windows plugins: a mstsc timeout while waiting makes no system-wide change: udp-disable and "
          "gateway-transport are left out, and the same timeout unmarked lets one through",
          "[windows][plugins][registry][connect-clock]") {
    const RegistryGuard udp(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP");
    const RegistryGuard gateway(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport");
    REQUIRE(write_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP", std::nullopt));
    REQUIRE(write_raw(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport", std::nullopt));
    WindowsSandbox sandbox;
    WorkerClient worker({built(RDPMEDIC_FIXER_EXE), std::chrono::milliseconds(20000)});
    ChangeHost host = change_host(sandbox);
    const std::vector<std::filesystem::path> folders = {sandbox.copy_plugin("rdpmedic.udp-disable", "system"),
                                                        sandbox.copy_plugin("rdpmedic.gateway-transport", "system")};
    std::vector<std::string> notices;
    const auto notice = [&notices](const std::string& line) { notices.push_back(line); };
    Failure timeout;
    timeout.kind = FailureKind::Timeout;
    timeout.no_system_change = "mstsc timed out while waiting";
    ConnectRequest next;
    next.target = Target{"server.test", 3389};
    next.gateway = "gateway.test";

    PluginFixStage held_back(folders, worker, host, notice);
    held_back.set_client("mstsc", {});
    const FixReport none = held_back.on_failure(timeout, nullptr, 1, next);
    INFO(Catch::Detail::stringify(notices));
    CHECK(none.applied.empty());
    CHECK(none.actions.empty());
    CHECK(held_back.last_ranking().empty());
    CHECK_FALSE(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP"));
    CHECK_FALSE(read_raw(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport"));
    CHECK_FALSE(std::filesystem::exists(sandbox.journal()));
    CHECK(std::find(notices.begin(), notices.end(),
                    "mstsc timed out while waiting; no system-wide change was made (system-wide strategies left "
                    "out: rdpmedic.udp-disable, rdpmedic.gateway-transport)") != notices.end());

    // The same plugins for a timeout that carries no such mark rank and change the system:
    // the rule held them back, not the plugins themselves.
    timeout.no_system_change.clear();
    PluginFixStage unmarked(folders, worker, host, notice);
    unmarked.set_client("mstsc", {});
    const FixReport changed = unmarked.on_failure(timeout, nullptr, 1, next);
    CHECK(changed.applied.size() == 1);
    CHECK(unmarked.last_ranking().size() == 2);
    // gateway-transport ranks first (45 against 20) and its HKCU value is all that changes.
    CHECK(unmarked.last_applied() == "rdpmedic.gateway-transport");
    CHECK(read_raw(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport") == dword(1));
    CHECK_FALSE(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP"));
    CHECK(host.undo({}).failed.empty());
    CHECK_FALSE(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP"));
    CHECK_FALSE(read_raw(HKEY_CURRENT_USER, kGatewaySubkey, L"RDGClientTransport"));
}

TEST_CASE("windows plugins: security-negotiation and tls-compat decide for mstsc in rdpmedic-fixer.exe, and the "
          "launcher writes the setting into the .rdp", "[windows][plugins]") {
    WindowsSandbox sandbox;
    WorkerClient worker({built(RDPMEDIC_FIXER_EXE), std::chrono::milliseconds(20000)});
    const auto context_with = [](const std::string& finding, const std::vector<std::string>& args) {
        nlohmann::json context =
            make_context("server.test", 3389, {{"kind", "socket-closed"}},
                         nlohmann::json{{"findings", nlohmann::json::array({nlohmann::json{{"id", finding}}})},
                                        {"layers", nlohmann::json::array()}});
        context["client"] = {{"name", "mstsc"}, {"args", args}};
        return context;
    };

    // A server that requires NLA, and a connection whose .rdp turned CredSSP off.
    const std::vector<std::string> args = {"enablecredsspsupport:i:0"};
    worker.load(sandbox.copy_plugin("rdpmedic.security-negotiation", "security"));
    const auto nla = context_with("x224.hybrid-required", args);
    CHECK(worker.assess("rdpmedic.security-negotiation", nla).score == 95);
    const ApplyResult raised = worker.apply("rdpmedic.security-negotiation", nla);
    REQUIRE(raised.status == "ok");
    REQUIRE(raised.changes.size() == 1);
    CHECK(raised.changes[0].kind == ChangeKind::Override);
    CHECK(raised.changes[0].name == kOverrideSecurityLayer);
    CHECK(raised.changes[0].value.data == "nla");
    CHECK_FALSE(raised.changes[0].needs_consent);
    // The retry's typed choice, as the fix stage sets it, goes into the retry's .rdp file
    // after the connection's own settings.
    ConnectRequest retry;
    retry.target = Target{"server.test", 3389};
    retry.client_args = args;
    retry.overrides.security = SecurityLayer::Nla;
    const std::string rdp = mstsc_launch_for(retry, {}).file_text();
    CHECK_THAT(rdp, Catch::Contains("enablecredsspsupport:i:1\r\n") && !Catch::Contains("enablecredsspsupport:i:0"));

    // A TLS 1.0-only server: mstsc's TLS is Windows' own, so only advice, and no change.
    worker.load(sandbox.copy_plugin("rdpmedic.tls-compat", "tls"));
    const auto old_tls = context_with("tls.version-mismatch", {});
    CHECK(worker.assess("rdpmedic.tls-compat", old_tls).score == 50);
    const ApplyResult advice = worker.apply("rdpmedic.tls-compat", old_tls);
    CHECK(advice.status == "not-applicable");
    CHECK(advice.changes.empty());
    std::string log;
    for (const auto& line : advice.log) {
        log += line + "\n";
    }
    CHECK_THAT(log, Catch::Contains("enable TLS 1.2") && Catch::Contains("every program"));
}

TEST_CASE("windows plugins: a plugin file Everyone may write is refused", "[windows][plugins]") {
    WindowsSandbox sandbox;
    const auto plugin = sandbox.copy_plugin("rdpmedic.udp-disable", "open");
    const auto library = plugin / read_manifest(plugin / kManifestFile).library;
    REQUIRE(check_plugin(plugin, WindowsSandbox::trust(), {}).check == PluginCheck::Trusted);
    test::let_everyone_write(library);
    const CheckedPlugin refused = check_plugin(plugin, WindowsSandbox::trust(), {});
    CHECK(refused.check == PluginCheck::WritableByOthers);
    CHECK_THAT(refused.message, Catch::Contains(utf8_text(library)) && Catch::Contains("Everyone"));
}

TEST_CASE("windows elevation: an unelevated process changes HKLM through the administrator prompt (runas)",
          "[windows][plugins][elevation]") {
    // The copy started below is the unelevated side; this one (elevated under wine) prepares
    // and checks, and undoes with pipes as an elevated rdpmedic does.
    REQUIRE(running_with_admin_rights());
    const RegistryGuard guard(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP");
    REQUIRE(write_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP", dword(0)));
    WindowsSandbox sandbox;
    // The helper the prompt starts keeps the journal of the user who asked in their own
    // LocalAppData folder, so that is where this test looks.
    const test::UsersStateFolder state;

    CHECK(run_self_unelevated(L"[runas-child]") == 0);
    CHECK(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP") == dword(1));
    const auto entries = Journal(state.journal).entries();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].state == JournalState::Done);
    // The request and answer files went away with the run.
    std::vector<std::string> left;
    for (const auto& file : std::filesystem::directory_iterator(state.folder)) {
        if (utf8_text(file.path().filename()).rfind("helper-", 0) == 0) {
            left.push_back(utf8_text(file.path().filename()));
        }
    }
    CHECK(left.empty());

    CHECK(ChangeHost({built(RDPMEDIC_HELPER_EXE), state.journal}).undo({}).failed.empty());
    CHECK(read_raw(HKEY_LOCAL_MACHINE, kUdpSubkey, L"fClientDisableUDP") == dword(0));
}

// Hidden: only run_self_unelevated() starts it, in the sandbox of the test above.
TEST_CASE("windows elevation (unelevated side): the HKLM change goes through rdpmedic-helper.exe run as administrator",
          "[.][runas-child]") {
    REQUIRE_FALSE(running_with_admin_rights());
    ChangeHost host({built(RDPMEDIC_HELPER_EXE), journal_file(state_directory())});
    CHECK(needs_elevation(kUdpOff));
    const ApplyOutcome applied = host.apply("rdpmedic.udp-disable", kUdpOff);
    INFO(applied.message);
    CHECK(applied.ok);
}

TEST_CASE("windows system actions: dns.flush and winsock.reset run through rdpmedic-helper.exe from System32 "
          "(wine's dnsapi and netsh are stubs)", "[windows][plugins]") {
    WindowsSandbox sandbox;
    ChangeHost host = change_host(sandbox);
    const Change flush{ChangeKind::SystemAction, {}, {}, {{}, "dns.flush"}};
    const ApplyOutcome flushed = host.apply("rdpmedic.dns-reset", flush);
    INFO(flushed.message);
    CHECK(flushed.ok);
    CHECK_THAT(flushed.message, Catch::Contains("resolver cache flushed"));

    const Change reset = change_from_json({{"kind", "system-action"}, {"value", "winsock.reset"}});
    CHECK(reset.needs_consent); // whatever the plugin said
    const ApplyOutcome outcome = host.apply("test", reset);
    INFO(outcome.message);
    CHECK(outcome.ok);
    CHECK_THAT(outcome.message, Catch::Contains("restart Windows"));
    const auto entries = Journal(sandbox.journal()).entries();
    REQUIRE(entries.size() == 2);
    CHECK_FALSE(entries[1].needs_undo()); // nothing to take back
}

TEST_CASE("windows signing: a new private key can be read by its owner only", "[windows][plugins]") {
    WindowsSandbox sandbox;
    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    REQUIRE(GetNamedSecurityInfoW(sandbox.key().c_str(), SE_FILE_OBJECT,
                                  OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, nullptr, &dacl,
                                  nullptr, &descriptor) == ERROR_SUCCESS);
    REQUIRE(dacl != nullptr);
    for (const auto group : {WinWorldSid, WinAuthenticatedUserSid, WinBuiltinUsersSid, WinInteractiveSid}) {
        for (DWORD index = 0; index < dacl->AceCount; ++index) {
            void* entry = nullptr;
            REQUIRE(GetAce(dacl, index, &entry));
            const auto* allowed = static_cast<const ACCESS_ALLOWED_ACE*>(entry);
            if (allowed->Header.AceType == ACCESS_ALLOWED_ACE_TYPE) {
                PSID sid = const_cast<DWORD*>(&allowed->SidStart);
                CAPTURE(static_cast<int>(group), index);
                CHECK_FALSE((IsWellKnownSid(sid, group) && (allowed->Mask & (FILE_READ_DATA | GENERIC_READ)) != 0));
            }
        }
    }
    LocalFree(descriptor);
    // The public half is for everyone.
    CHECK(read_public_key(sandbox.key().parent_path() / "signing.pub").id.size() > 0);
}
