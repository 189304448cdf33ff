// rdpmedic's events in a real systemd journal: rdpmedic-cli connect as a user runs it, read
// back with journalctl as an administrator would, by MESSAGE_ID and RDPMEDIC_* fields.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "plugin_sandbox.h"
#include "system_journal.h"

#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/system_values.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using rdpmedic::e2e::kUdpKey;

namespace {

// The README's MESSAGE_IDs: what administrators' queries name, so they never change.
const std::string kConnectionFailed = "40ae57da3aef464fa20f052a7a442365";
const std::string kDiagnosis = "634b907592614aacafd2548eb10b4fff";
const std::string kFixApplied = "28a6058bd9cc44a8b03aabf61620ebe6";
const std::string kFixUndone = "2586909a0ee24f8c84d2f1407754d27c";
const std::string kGaveUp = "31017ac3578a487cb42deaf4d9a12bb7";
const std::string kConnected = "8001fde51a494809af265bf6a3a7080c";

long now_epoch_seconds() {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

/// Waits for `count` entries: journald writes them a moment after the datagram arrived.
std::vector<nlohmann::json> wait_for_entries(const std::string& message_id, const std::string& match,
                                             long since, std::size_t count) {
    std::vector<nlohmann::json> found;
    wait_until(
        [&] {
            found = SystemJournal::entries(message_id, match, since);
            return found.size() >= count;
        },
        std::chrono::milliseconds(10000));
    return found;
}

CommandResult cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {RDPMEDIC_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--log-dir", "/tmp/rdpmedic-system-log-test-logs"});
    return run_command(argv);
}

/// A lab whose port refuses connections: every attempt fails at once.
lab::LabOptions refusing_port() {
    lab::LabOptions options;
    options.initial = {lab::Fault::PortClosed};
    return options;
}

/// The journal for one case, or null after saying why the case cannot run: the only reason
/// it skips (Catch2 2 has no SKIP).
std::unique_ptr<SystemJournal> journal_or_skip() {
    if (const std::string why = SystemJournal::unavailable_reason(); !why.empty()) {
        WARN("skipped: " << why);
        return nullptr;
    }
    return std::make_unique<SystemJournal>();
}

} // namespace

TEST_CASE("system log: a refused port is two failures, a diagnosis and giving up in the journal",
          "[e2e][system-log]") {
    const auto journal = journal_or_skip();
    if (!journal) {
        return;
    }
    ensure_display();
    const lab::Lab lab(refusing_port());
    const std::string target = "127.0.0.1:" + std::to_string(lab.port());
    const long since = now_epoch_seconds() - 1;
    const auto run = cli({"connect", target, "--client", freerdp_clients().front().path, "--max-attempts", "2",
                          "--backoff", "100"});
    INFO(run.output);
    CHECK(run.exit_code == 1);

    const std::string match = "RDPMEDIC_TARGET=" + target;
    const auto failures = wait_for_entries(kConnectionFailed, match, since, 2);
    REQUIRE(failures.size() == 2);
    CHECK(failures[0]["RDPMEDIC_ATTEMPT"] == "1");
    CHECK(failures[1]["RDPMEDIC_ATTEMPT"] == "2");
    for (const auto& failure : failures) {
        CHECK(failure["RDPMEDIC_EVENT_ID"] == "1001");
        CHECK(failure["RDPMEDIC_FAILURE_KIND"] == "connect-failed");
        CHECK(failure["PRIORITY"] == "4");
        CHECK(failure["SYSLOG_IDENTIFIER"] == "rdpmedic");
        CHECK(failure["RDPMEDIC_DISC_REASON"] == "-"); // FreeRDP has no mstsc disconnect reason
        CHECK(failure["RDPMEDIC_FREERDP_ERROR"] != "-");
        CHECK_THAT(failure["MESSAGE"].get<std::string>(),
                   Catch::StartsWith("Connection to " + target + " failed on attempt "));
    }
    const auto diagnoses = wait_for_entries(kDiagnosis, match, since, 1);
    REQUIRE(!diagnoses.empty());
    CHECK(diagnoses[0]["RDPMEDIC_VERDICT"] == "port-blocked-or-host-down");
    CHECK_THAT(diagnoses[0]["RDPMEDIC_FINDINGS"].get<std::string>(), Catch::Contains("tcp.refused"));
    const auto gave_up = wait_for_entries(kGaveUp, match, since, 1);
    REQUIRE(gave_up.size() == 1);
    CHECK(gave_up[0]["PRIORITY"] == "3");
    CHECK(gave_up[0]["RDPMEDIC_ATTEMPTS"] == "2");
    CHECK(gave_up[0]["RDPMEDIC_FAILURE_KIND"] == "connect-failed");
    CHECK(gave_up[0]["RDPMEDIC_REASON"] == "gave up after 2 attempts");
    CHECK(SystemJournal::entries(kConnected, match, since).empty());

    // The organization turned the reports off: the same failure leaves nothing in the journal.
    const std::filesystem::path policy = std::filesystem::temp_directory_path() / "rdpmedic-system-log-policy.json";
    std::ofstream(policy) << R"({"system_log_events": false})";
    ::setenv("RDPMEDIC_POLICY_FILE", policy.c_str(), 1);
    const long quiet_since = now_epoch_seconds() + 1; // after every entry of the first run
    std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::seconds(quiet_since)));
    const auto quiet = cli({"connect", target, "--client", freerdp_clients().front().path, "--max-attempts", "1"});
    ::unsetenv("RDPMEDIC_POLICY_FILE");
    std::filesystem::remove(policy);
    CHECK(quiet.exit_code == 1);
    std::this_thread::sleep_for(std::chrono::seconds(2)); // journald had time to write anything sent
    CHECK(SystemJournal::entries(kConnectionFailed, match, quiet_since).empty());
    CHECK(SystemJournal::entries(kGaveUp, match, quiet_since).empty());
}

namespace {

/// What an entry says, without what differs from one run to the next (times, process ids,
/// cursors): its MESSAGE and rdpmedic's own fields.
std::map<std::string, std::string> said(const nlohmann::json& entry) {
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : entry.items()) {
        if ((key == "MESSAGE" || key.starts_with("RDPMEDIC_")) && value.is_string()) {
            out[key] = value.get<std::string>();
        }
    }
    return out;
}

} // namespace

TEST_CASE("system log: a German user's events are the English ones, word for word",
          "[e2e][system-log][translations]") {
    const auto journal = journal_or_skip();
    if (!journal) {
        return;
    }
    ensure_display();
    const lab::Lab lab(refusing_port());
    const std::string target = "127.0.0.1:" + std::to_string(lab.port());
    const std::string match = "RDPMEDIC_TARGET=" + target;
    const auto run_in = [&](const std::string& language) {
        return run_command({"/usr/bin/env", "-u", "LC_ALL", "-u", "LC_MESSAGES", "LANGUAGE=" + language,
                            "LANG=" + language + ".UTF-8", RDPMEDIC_CLI, "connect", target, "--client",
                            freerdp_clients().front().path, "--max-attempts", "1", "--log-dir",
                            "/tmp/rdpmedic-system-log-test-logs"});
    };
    const long english_since = now_epoch_seconds() - 1;
    const auto english = run_in("en_US");
    CHECK(english.exit_code == 1);
    const auto english_failed = wait_for_entries(kConnectionFailed, match, english_since, 1);
    const auto english_diagnosis = wait_for_entries(kDiagnosis, match, english_since, 1);
    REQUIRE(english_failed.size() == 1);
    REQUIRE(english_diagnosis.size() == 1);

    const long german_since = now_epoch_seconds() + 1; // after every entry of the English run
    std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::seconds(german_since)));
    const auto german = run_in("de_DE");
    INFO(german.output);
    CHECK(german.exit_code == 1);
    // The user reads German: the diagnosis' finding and advice come from the core's tables.
    CHECK_THAT(german.output, Catch::Contains("Verbindungen zu Port " + std::to_string(lab.port()) +
                                              " werden abgewiesen"));
    CHECK_THAT(german.output, Catch::Contains("Auf diesem Port nimmt nichts Verbindungen an."));
    CHECK_THAT(german.output, Catch::Contains("connect-failed: die Verbindung wurde abgewiesen"));
    const auto german_failed = wait_for_entries(kConnectionFailed, match, german_since, 1);
    const auto german_diagnosis = wait_for_entries(kDiagnosis, match, german_since, 1);
    REQUIRE(german_failed.size() == 1);
    REQUIRE(german_diagnosis.size() == 1);
    // The administrator's journal has the same English either way.
    CHECK(said(german_failed[0]) == said(english_failed[0]));
    CHECK(said(german_diagnosis[0]) == said(english_diagnosis[0]));
    CHECK_THAT(german_failed[0]["MESSAGE"].get<std::string>(), Catch::StartsWith("Connection to " + target));
}

TEST_CASE("system log: a strategy's fix and the connection it made are in the journal, by plugin",
          "[e2e][system-log][strategies]") {
    const auto journal = journal_or_skip();
    if (!journal) {
        return;
    }
    ensure_display();
    lab::LabOptions options;
    options.xrdp_security_layer = "tls";
    const lab::Lab lab(options);
    trust_lab_ca(lab);
    const std::string target = "localhost:" + std::to_string(lab.port());
    const long since = now_epoch_seconds() - 1;
    // The build's staged installation: the project's strategies, signed, and their key.
    ::setenv("RDPMEDIC_SYSTEM_DIR", RDPMEDIC_STAGE_DIR, 1);
    const auto run = cli({"connect", target, "--client", freerdp_clients().front().path, "--client-arg", "/sec:rdp",
                          "--until-connected", "--backoff", "100"});
    ::unsetenv("RDPMEDIC_SYSTEM_DIR");
    INFO(run.output);
    CHECK(run.exit_code == 0);

    const std::string match = "RDPMEDIC_TARGET=" + target;
    const auto fixes = wait_for_entries(kFixApplied, match, since, 1);
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0]["RDPMEDIC_PLUGIN"] == "rdpmedic.security-negotiation");
    CHECK(fixes[0]["RDPMEDIC_CHANGE"] == "use security-layer tls for this connection");
    CHECK(fixes[0]["RDPMEDIC_SCOPE"] == "connection");
    CHECK(fixes[0]["RDPMEDIC_ATTEMPT"] == "1");
    const auto connected = wait_for_entries(kConnected, match, since, 1);
    REQUIRE(connected.size() == 1);
    CHECK(connected[0]["RDPMEDIC_ATTEMPTS"] == "2");
    CHECK(connected[0]["RDPMEDIC_FIXED_BY"] == "rdpmedic.security-negotiation");
    CHECK(connected[0]["PRIORITY"] == "6");
    CHECK(connected[0]["RDPMEDIC_LAST_FAILURE_KIND"] != "-");
}

TEST_CASE("system log: rdpmedic-cli undo puts the change it took back in the journal", "[e2e][system-log][plugins]") {
    const auto journal = journal_or_skip();
    if (!journal) {
        return;
    }
    const PluginSandbox sandbox; // its own state folder, so its journal holds only this change
    auto values = plugins::make_system_values();
    values->write(kUdpKey, "fClientDisableUDP", {"dword", "0"});
    plugins::ChangeHost changes({RDPMEDIC_HELPER_EXE, sandbox.journal()});
    const plugins::Change change{plugins::ChangeKind::RegistrySet, kUdpKey, "fClientDisableUDP", {"dword", "1"}};
    const auto applied = changes.apply("test.system-log", change);
    REQUIRE(applied.ok);
    const long since = now_epoch_seconds() - 1;
    const auto undo = run_command({RDPMEDIC_CLI, "undo", applied.id});
    INFO(undo.output);
    CHECK(undo.exit_code == 0);

    const auto undone = wait_for_entries(kFixUndone, "RDPMEDIC_PLUGIN=test.system-log", since, 1);
    REQUIRE(undone.size() == 1);
    CHECK(undone[0]["RDPMEDIC_CHANGE_ID"] == applied.id);
    CHECK_THAT(undone[0]["RDPMEDIC_CHANGE"].get<std::string>(), Catch::Contains("fClientDisableUDP = 1"));
    CHECK(undone[0]["RDPMEDIC_SCOPE"] == "system");
    CHECK(values->read(kUdpKey, "fClientDisableUDP") == plugins::StoredValue{"dword", "0"});
}

TEST_CASE("system log: without a journal the events go to a real syslog daemon, and rdpmedic.log says so once",
          "[e2e][system-log]") {
    if (::geteuid() != 0) {
        WARN("skipped: a private /dev/log and a hidden journal socket need root (run the tests as root, as CI does)");
        return;
    }
    ensure_display();
    const lab::Lab lab(refusing_port());
    const std::string target = "127.0.0.1:" + std::to_string(lab.port());
    const std::filesystem::path work = std::filesystem::temp_directory_path() / "rdpmedic-private-syslog";
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work);
    const auto run = run_command({"/usr/bin/unshare", "-m", "--", "/bin/sh",
                                  std::string(RDPMEDIC_SOURCE_DIR) + "/tests/e2e/private_syslog.sh", work.string(),
                                  RDPMEDIC_CLI, "connect", target, "--client", freerdp_clients().front().path,
                                  "--max-attempts", "1", "--log-dir", (work / "logs").string()});
    INFO(run.output);
    CHECK_THAT(run.output, Catch::Contains("command exited 1"));
    const std::string syslog = text_of(work / "syslog.txt");
    INFO(syslog);
    CHECK_THAT(syslog, Catch::Contains("syslogd started: BusyBox"));
    CHECK_THAT(syslog, Catch::Contains("user.warn rdpmedic[") &&
                           Catch::Contains("Connection to " + target + " failed on attempt 1: connect-failed") &&
                           Catch::Contains("EVENT_ID=1001 TARGET=" + target + " ATTEMPT=1 FAILURE_KIND=connect-failed"));
    CHECK_THAT(syslog, Catch::Contains("user.err rdpmedic[") && Catch::Contains("EVENT_ID=1006"));
    const std::string log = text_of(work / "logs" / "rdpmedic.log");
    INFO(log);
    const std::string note = "system log events go to syslog instead";
    CHECK(log.find(note) != std::string::npos);
    CHECK(log.find(note) == log.rfind(note));
    std::filesystem::remove_all(work);
}
