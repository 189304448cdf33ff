// The helper against an ordinary local user: symbolic links planted where it reads and
// writes, the caller's umask, a folder swapped for a link while it writes, the journal after
// a real pkexec change, and a forged journal. The attacker's steps run as the ordinary account
// scripts/test-account.sh creates (through setpriv); the helper runs as that account, as root,
// and through pkexec with the rule scripts/polkit-for-tests.sh installs. Needs root.
#include "rdpmedic/platform/child_process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <pwd.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using nlohmann::json;

constexpr const char* kAccount = "rdpmedic-test";
constexpr const char* kUserKey = "HKCU\\Software\\Microsoft\\Terminal Server Client";
constexpr const char* kAdminKey = "HKLM\\SOFTWARE\\Microsoft\\Terminal Server Client";
const std::filesystem::path kSystemRegistry = "/var/lib/rdpmedic/registry";

struct Ran {
    int exit = -1;
    std::string output;
};

Ran run(const std::vector<std::string>& argv, const std::string& input = {}) {
    rdpmedic::ChildProcess child(argv);
    child.write_stdin_and_close(input);
    Ran ran;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (child.read_output(ran.output, deadline) == rdpmedic::ChildProcess::Read::data) {
    }
    ran.exit = child.wait();
    return ran;
}

const passwd& account() {
    const passwd* entry = ::getpwnam(kAccount);
    if (entry == nullptr || ::geteuid() != 0) {
        FAIL("these tests run as root with the account " << kAccount << ": run scripts/test-account.sh as root");
    }
    return *entry;
}

/// The helper as an installation places it: a root-owned copy in a folder every account can
/// enter. The build tree may lie under a folder the ordinary account cannot reach (a checkout
/// in /root), which would fail these tests for a reason that is not the helper's.
const std::string& helper_exe() {
    static const std::string staged = [] {
        const std::filesystem::path folder = "/var/lib/rdpmedic-tests/bin";
        std::filesystem::create_directories(folder);
        ::chmod("/var/lib/rdpmedic-tests", 0755);
        ::chmod(folder.c_str(), 0755);
        const auto target = folder / "rdpmedic-helper";
        std::filesystem::copy_file(RDPMEDIC_HELPER_EXE, target,
                                   std::filesystem::copy_options::overwrite_existing);
        ::chmod(target.c_str(), 0755);
        return target.string();
    }();
    return staged;
}

/// argv run as the ordinary account, with a clean environment plus `environment`, under
/// `umask_text`.
Ran as_account(const std::vector<std::string>& argv, const std::string& input = {},
               const std::vector<std::string>& environment = {}, const std::string& umask_text = "022") {
    account();
    std::vector<std::string> full = {"/usr/bin/setpriv",   std::string("--reuid=") + kAccount,
                                     std::string("--regid=") + kAccount, "--init-groups",
                                     "--reset-env",        "--",
                                     "/usr/bin/env",
                                     // pkexec refuses a SHELL not in /etc/shells (the account's is nologin)
                                     "SHELL=/bin/sh"};
    full.insert(full.end(), environment.begin(), environment.end());
    full.insert(full.end(), {"/bin/sh", "-c", "umask " + umask_text + " && exec \"$@\"", "sh"});
    full.insert(full.end(), argv.begin(), argv.end());
    return run(full, input);
}

/// A folder of the account's own, as a user's home is; or root's, which the account may enter.
struct AccountFolder {
    explicit AccountFolder(bool the_accounts = true) {
        char pattern[] = "/tmp/rdpmedic-privileges-XXXXXX";
        REQUIRE(::mkdtemp(pattern) != nullptr);
        path = pattern;
        REQUIRE((the_accounts ? ::chown(pattern, account().pw_uid, account().pw_gid) : ::chmod(pattern, 0755)) == 0);
    }
    ~AccountFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::filesystem::path path;
};

std::string key_folder(const char* key) {
    std::string folder = key;
    std::replace(folder.begin(), folder.end(), '\\', '/');
    return folder;
}

json apply_request(const std::filesystem::path& journal, const char* key, const std::string& name,
                   const std::string& value = "1") {
    return {{"op", "apply"},
            {"journal", journal.string()},
            {"plugin", "test.privileges"},
            {"change", {{"kind", "registry-set"}, {"key", key}, {"name", name}, {"type", "dword"}, {"value", value}}}};
}

std::string contents(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

json answer_of(const Ran& ran) {
    const auto end = ran.output.find_last_not_of('\n');
    const auto start = ran.output.rfind('\n', end);
    return json::parse(ran.output.substr(start == std::string::npos ? 0 : start + 1), nullptr, false);
}

/// Folders and files under `root` that someone besides their owner could write.
std::vector<std::string> writable_by_others(const std::filesystem::path& root) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        struct stat info {};
        if (::lstat(entry.path().c_str(), &info) == 0 && !S_ISLNK(info.st_mode) && (info.st_mode & 022) != 0) {
            found.push_back(entry.path().string());
        }
    }
    return found;
}

} // namespace

TEST_CASE("helper: a planted NAME.value.new symlink redirects no write, as the user or as root",
          "[e2e][helper][privileges]") {
    const AccountFolder home;
    const auto registry = home.path / "registry";
    const auto folder = registry / key_folder(kUserKey);
    const auto victim = home.path / "victim";
    REQUIRE(as_account({"/bin/sh", "-c", "mkdir -p \"$1\" && echo untouched > \"$2\" && ln -s \"$2\" \"$1/fClientDisableUDP.value.new\"",
                        "sh", folder.string(), victim.string()})
                .exit == 0);
    const std::string journal = (home.path / "state/rdpmedic/journal.jsonl").string();
    const std::string request = apply_request(journal, kUserKey, "fClientDisableUDP").dump() + "\n";

    SECTION("the helper as the user writes the value beside the link and leaves the link's target alone") {
        const Ran ran = as_account({helper_exe()}, request, {"RDPMEDIC_REGISTRY_ROOT=" + registry.string()});
        CHECK(ran.exit == 0);
        CHECK(contents(folder / "fClientDisableUDP.value") == "dword:1");
        CHECK(contents(victim) == "untouched\n");
        CHECK(std::filesystem::is_symlink(folder / "fClientDisableUDP.value.new"));
    }
    SECTION("root refuses a registry root the user owns and writes nothing") {
        const Ran ran = run({"/usr/bin/env", "RDPMEDIC_REGISTRY_ROOT=" + registry.string(), helper_exe()}, request);
        CHECK(ran.exit == 1);
        CHECK_THAT(ran.output, Catch::Contains("belongs to user id " + std::to_string(account().pw_uid) + ", not to root"));
        CHECK(contents(victim) == "untouched\n");
        CHECK_FALSE(std::filesystem::exists(folder / "fClientDisableUDP.value"));
    }
    SECTION("root refuses a root-owned folder others can write, where the link was planted") {
        const AccountFolder roots(false);
        const auto root_owned = roots.path / "registry";
        std::filesystem::create_directories(root_owned / key_folder(kUserKey));
        std::filesystem::permissions(root_owned / key_folder(kUserKey), std::filesystem::perms::all);
        REQUIRE(as_account({"/bin/ln", "-s", victim.string(), (root_owned / key_folder(kUserKey) / "fClientDisableUDP.value.new").string()})
                    .exit == 0);
        const Ran ran = run({"/usr/bin/env", "RDPMEDIC_REGISTRY_ROOT=" + root_owned.string(), helper_exe()}, request);
        CHECK(ran.exit == 1);
        CHECK_THAT(ran.output, Catch::Contains("can be written by other users"));
        CHECK(contents(victim) == "untouched\n");
    }
    SECTION("the system registry's folders keep the user out, so nothing can be planted there") {
        REQUIRE(run({"/usr/bin/env", "RDPMEDIC_REGISTRY_ROOT=" + kSystemRegistry.string(), helper_exe()},
                    apply_request("/tmp/rdpmedic-privileges-journal/rdpmedic/journal.jsonl", kAdminKey, "fClientDisableUDP").dump() + "\n")
                    .exit == 0);
        std::filesystem::remove_all("/tmp/rdpmedic-privileges-journal");
        const auto admin_folder = kSystemRegistry / key_folder(kAdminKey);
        const Ran planted = as_account({"/bin/ln", "-s", victim.string(), (admin_folder / "fClientDisableUDP.value.new").string()});
        CHECK(planted.exit != 0);
        std::filesystem::remove(admin_folder / "fClientDisableUDP.value");
    }
}

TEST_CASE("helper: a planted NAME.value symlink copies no secret into the journal", "[e2e][helper][privileges]") {
    const AccountFolder home;
    const auto registry = home.path / "registry";
    const auto folder = registry / key_folder(kUserKey);
    const auto secret = home.path / "secret";
    std::ofstream(secret) << "string:the-secret-text";
    std::filesystem::permissions(secret, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    REQUIRE(as_account({"/bin/sh", "-c", "mkdir -p \"$1\" && ln -s \"$2\" \"$1/fClientDisableUDP.value\"", "sh", folder.string(),
                        secret.string()})
                .exit == 0);
    const auto journal = home.path / "state/rdpmedic/journal.jsonl";
    const std::string request = apply_request(journal, kUserKey, "fClientDisableUDP").dump() + "\n";

    SECTION("as the user: the link is refused before anything is journaled") {
        std::filesystem::permissions(secret, std::filesystem::perms::others_read, std::filesystem::perm_options::add);
        const Ran ran = as_account({helper_exe()}, request, {"RDPMEDIC_REGISTRY_ROOT=" + registry.string()});
        CHECK(ran.exit == 1);
        CHECK_THAT(ran.output, Catch::Contains("fClientDisableUDP.value is a symbolic link: refused, nothing was read"));
    }
    SECTION("as root: the user's registry root is refused before anything is read") {
        const Ran ran = run({"/usr/bin/env", "RDPMEDIC_REGISTRY_ROOT=" + registry.string(), helper_exe()}, request);
        CHECK(ran.exit == 1);
        CHECK_THAT(ran.output, Catch::Contains("not to root"));
    }
    CHECK(contents(journal).find("the-secret-text") == std::string::npos);
    CHECK(contents(secret) == "string:the-secret-text");
}

TEST_CASE("helper: the caller's umask 000 makes nothing writable by others", "[e2e][helper][privileges]") {
    const AccountFolder home;
    const auto registry = home.path / "registry";
    const auto journal = home.path / "state/rdpmedic/journal.jsonl";
    const Ran ran = as_account({helper_exe()}, apply_request(journal, kUserKey, "fClientDisableUDP").dump() + "\n",
                               {"RDPMEDIC_REGISTRY_ROOT=" + registry.string()}, "000");
    INFO(ran.output);
    REQUIRE(ran.exit == 0);
    CHECK(writable_by_others(home.path).empty());
    CHECK((std::filesystem::status(journal).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("helper: a key folder swapped for a link while the helper writes sends nothing elsewhere",
          "[e2e][helper][privileges]") {
    const AccountFolder home;
    const auto registry = home.path / "registry";
    const auto journal = home.path / "state/rdpmedic/journal.jsonl";
    const auto decoy = home.path / "decoy";
    const auto software = registry / "HKCU/Software";
    const auto link = registry / "HKCU/Software.link";
    // The decoy mirrors the key's folders, so that a followed link would land a value there.
    REQUIRE(as_account({"/bin/sh", "-c",
                        "mkdir -p \"$1/Microsoft/Terminal Server Client\" \"$2/Microsoft/Terminal Server Client\" && "
                        "ln -s \"$2\" \"$3\"",
                        "sh", software.string(), decoy.string(), link.string()})
                .exit == 0);
    // The account swaps the folder and the link as fast as it can (renameat2 exchanges them
    // atomically, so half the time the key's path goes through the link).
    const pid_t swapper = ::fork();
    REQUIRE(swapper >= 0);
    if (swapper == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(account().pw_gid) != 0 || ::setuid(account().pw_uid) != 0) {
            ::_exit(1);
        }
        for (;;) {
            ::renameat2(AT_FDCWD, software.c_str(), AT_FDCWD, link.c_str(), RENAME_EXCHANGE);
        }
    }
    int written = 0;
    int refused = 0;
    for (int round = 0; round < 60; ++round) {
        const Ran ran = as_account({helper_exe()},
                                   apply_request(journal, kUserKey, "fClientDisableUDP", std::to_string(round % 2)).dump() + "\n",
                                   {"RDPMEDIC_REGISTRY_ROOT=" + registry.string()});
        (ran.exit == 0 ? written : refused) += 1;
        if (ran.exit != 0) {
            CHECK_THAT(answer_of(ran).value("message", ran.output), Catch::Contains("is a symbolic link"));
        }
    }
    ::kill(swapper, SIGKILL);
    int status = 0;
    ::waitpid(swapper, &status, 0);
    CHECK(WIFSIGNALED(status)); // it swapped until the end, it did not fail to start
    std::vector<std::string> landed;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(decoy)) {
        landed.push_back(entry.path().string());
    }
    INFO("written " << written << ", refused " << refused);
    CHECK(landed == std::vector<std::string>{(decoy / "Microsoft").string(), (decoy / "Microsoft/Terminal Server Client").string()});
    CHECK(written > 0);
    CHECK(refused > 0);
}

TEST_CASE("helper: after a real pkexec change the journal is the user's, and history and undo work",
          "[e2e][helper][privileges][pkexec]") {
    const passwd& user = account();
    const std::filesystem::path home = user.pw_dir;
    const auto journal = home / ".local/state/rdpmedic/journal.jsonl";
    std::filesystem::remove(journal);
    const auto value = kSystemRegistry / key_folder(kAdminKey) / "RDGClientTransport.value";
    std::filesystem::remove(value); // left by another run: undo would rightly restore it
    // The request names a journal elsewhere and the caller sets overrides and umask 000: the
    // elevated helper takes none of them.
    const Ran applied =
        as_account({"/usr/bin/pkexec", helper_exe()},
                   apply_request("/tmp/rdpmedic-elsewhere/rdpmedic/journal.jsonl", kAdminKey, "RDGClientTransport").dump() + "\n",
                   {"RDPMEDIC_REGISTRY_ROOT=/tmp/rdpmedic-elsewhere", "RDPMEDIC_HELPER_PAUSE_AT=journaled"}, "000");
    INFO(applied.output);
    REQUIRE(applied.exit == 0);
    CHECK_FALSE(std::filesystem::exists("/tmp/rdpmedic-elsewhere"));
    CHECK(contents(value) == "dword:1");
    struct stat info {};
    REQUIRE(::stat(journal.c_str(), &info) == 0);
    CHECK(info.st_uid == user.pw_uid);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(writable_by_others(kSystemRegistry).empty());

    const Ran history = as_account({RDPMEDIC_CLI, "history"});
    CHECK(history.exit == 0);
    CHECK_THAT(history.output, Catch::Contains("RDGClientTransport = 1 (dword)"));
    // undo --all as the user: the HKLM change goes back through pkexec on its own.
    const Ran undone = as_account({RDPMEDIC_CLI, "undo", "--all"});
    INFO(undone.output);
    CHECK(undone.exit == 0);
    CHECK_THAT(undone.output, Catch::Contains("undone: change 1"));
    CHECK_FALSE(std::filesystem::exists(value));
    CHECK_THAT(as_account({RDPMEDIC_CLI, "history"}).output, Catch::Contains("undone"));
}

TEST_CASE("helper: undo refuses a forged prior value and reports a damaged line, and loses neither",
          "[e2e][helper][privileges][journal]") {
    const AccountFolder home;
    const auto registry = home.path / "registry";
    const auto journal = home.path / "state/rdpmedic/journal.jsonl";
    const auto begin = [](const std::string& id, const char* key, const char* name, const json& prior) {
        return json{{"op", "begin"},
                    {"id", id},
                    {"at", "2026-01-01T00:00:00.000Z"},
                    {"plugin", "forger"},
                    {"change", {{"kind", "registry-set"}, {"key", key}, {"name", name}, {"type", "dword"}, {"value", "1"}}},
                    {"prior", prior}}
            .dump();
    };
    const std::string forged = begin("1", kUserKey, "fClientDisableUDP", {{"type", "binary"}, {"data", std::string(5000, 'A')}}) + "\n" +
                               R"({"op":"done","id":"1","at":"2026-01-01T00:00:00.000Z"})" "\n" +
                               "{\"op\":\"begin\",\"id\":\"2\",\"at\n" +
                               begin("3", kUserKey, "RDGClientTransport", {{"type", "dword"}, {"data", "7"}}) + "\n" +
                               R"({"op":"done","id":"3","at":"2026-01-01T00:00:00.000Z"})" "\n";
    REQUIRE(as_account({"/bin/sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh", journal.string()}, forged)
                .exit == 0);
    const Ran ran = as_account({helper_exe()}, json{{"op", "undo"}, {"journal", journal.string()}}.dump() + "\n",
                               {"RDPMEDIC_REGISTRY_ROOT=" + registry.string()});
    const json answer = answer_of(ran);
    INFO(ran.output);
    CHECK(ran.exit == 1);
    CHECK(answer["undone"] == json::array({"3"}));
    REQUIRE(answer["failed"].size() == 1);
    CHECK_THAT(answer["failed"][0].get<std::string>(),
               Catch::StartsWith("1: refused: the journal asks to restore what no change may write"));
    REQUIRE(answer["skipped"].size() == 1);
    CHECK_THAT(answer["skipped"][0].get<std::string>(), Catch::StartsWith("journal line 3: not a complete record"));
    CHECK_FALSE(std::filesystem::exists(registry / key_folder(kUserKey) / "fClientDisableUDP.value"));
    CHECK(contents(registry / key_folder(kUserKey) / "RDGClientTransport.value") == "dword:7");
    CHECK(contents(journal).rfind(forged, 0) == 0); // every line still there, only appended to

    const Ran history = as_account({RDPMEDIC_CLI, "history"}, {}, {"XDG_STATE_HOME=" + (home.path / "state").string()});
    CHECK_THAT(history.output, Catch::Contains("journal line 3: not a complete record"));
}

TEST_CASE("helper: a root host takes no plugin folder or developer setting an ordinary user can change",
          "[e2e][helper][privileges]") {
    const AccountFolder home;
    const auto plugin = std::filesystem::path(RDPMEDIC_TEST_PLUGINS) / "test.good";
    REQUIRE(as_account({"/bin/sh", "-c",
                        "mkdir -p \"$1/data/rdpmedic/plugins\" \"$1/config/rdpmedic\" \"$1/system/plugins\" && "
                        "cp -r \"$2\" \"$1/data/rdpmedic/plugins/\" && cp -r \"$2\" \"$1/system/plugins/\" && "
                        "echo '{\"allow_unsigned_plugins\": true}' > \"$1/config/rdpmedic/developer.json\"",
                        "sh", home.path.string(), plugin.string()})
                .exit == 0);
    const std::vector<std::string> environment = {"XDG_DATA_HOME=" + (home.path / "data").string(),
                                                  "XDG_CONFIG_HOME=" + (home.path / "config").string(),
                                                  "RDPMEDIC_SYSTEM_DIR=" + (home.path / "system").string()};
    // The account itself uses its own folders and setting, which shows they are in order.
    const Ran as_user = as_account({RDPMEDIC_CLI, "plugins", "list"}, {}, environment);
    CHECK_THAT(as_user.output, Catch::Contains("loaded because the developer setting allows it"));
    std::vector<std::string> as_root = {"/usr/bin/env"};
    as_root.insert(as_root.end(), environment.begin(), environment.end());
    as_root.insert(as_root.end(), {RDPMEDIC_CLI, "plugins", "list"});
    const Ran ran = run(as_root);
    INFO(ran.output);
    CHECK(ran.output.find(home.path.string()) == std::string::npos);
    CHECK(ran.output.find("test.good") == std::string::npos);
}

TEST_CASE("helper: a journal that is a symbolic link is neither read nor appended to", "[e2e][helper][privileges][journal]") {
    const AccountFolder home;
    const auto journal = home.path / "state/rdpmedic/journal.jsonl";
    const auto elsewhere = home.path / "elsewhere.jsonl";
    REQUIRE(as_account({"/bin/sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && : > \"$2\" && ln -s \"$2\" \"$1\"", "sh",
                        journal.string(), elsewhere.string()})
                .exit == 0);
    const Ran undo = as_account({helper_exe()}, json{{"op", "undo"}, {"journal", journal.string()}}.dump() + "\n",
                                {"RDPMEDIC_REGISTRY_ROOT=" + (home.path / "registry").string()});
    CHECK(undo.exit == 1);
    CHECK_THAT(undo.output, Catch::Contains("the journal is a symbolic link; refused"));
    const Ran apply = as_account({helper_exe()}, apply_request(journal, kUserKey, "fClientDisableUDP").dump() + "\n",
                                 {"RDPMEDIC_REGISTRY_ROOT=" + (home.path / "registry").string()});
    CHECK(apply.exit == 1);
    CHECK_THAT(apply.output, Catch::Contains("the journal cannot be opened; no change was made"));
    CHECK(contents(elsewhere).empty());
    CHECK_FALSE(std::filesystem::exists(home.path / "registry" / key_folder(kUserKey) / "fClientDisableUDP.value"));
}
