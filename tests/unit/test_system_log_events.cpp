// The system log's events: what one connection's supervisor events and fixes become, and the
// Windows message table that must say the same as the catalogue.
#include "rdpmedic/app/system_log_events.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace rdpmedic;
using namespace rdpmedic::app;

namespace {

std::string field(const SystemLogRecord& record, const std::string& name) {
    for (const auto& f : record.fields) {
        if (f.name == name) {
            return f.value;
        }
    }
    FAIL("no field " << name << " in event " << record.event_id);
    return {};
}

SupervisorEvent event(SupervisorState state, int attempt, const std::string& host) {
    SupervisorEvent e;
    e.state = state;
    e.attempt = attempt;
    e.target = Target{host, 3389};
    return e;
}

/// The message table's texts by id, as windmc reads them: MessageId=N, then after
/// Language=English the text up to the line holding a single dot.
std::map<int, std::string> message_table() {
    std::ifstream in(std::string(RDPMEDIC_FIXTURES) + "/../../host/platform/messages/rdpmedic_messages.mc");
    REQUIRE(in);
    std::map<int, std::string> texts;
    std::string line;
    int id = 0;
    bool in_text = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (in_text) {
            if (line == ".") {
                in_text = false;
            } else {
                texts[id] += line;
            }
        } else if (line.rfind("MessageId=", 0) == 0) {
            id = std::stoi(line.substr(10));
        } else if (line.rfind("Language=", 0) == 0) {
            in_text = true;
        }
    }
    return texts;
}

} // namespace

TEST_CASE("system log: every event kind has its own id, MESSAGE_ID and a field for every %N", "[system-log]") {
    std::set<int> ids;
    std::set<std::string_view> message_ids;
    const std::regex hex128("[0-9a-f]{32}");
    for (const auto& kind : system_log_event_kinds()) {
        INFO(kind.name);
        CHECK(ids.insert(kind.id).second);
        CHECK(message_ids.insert(kind.message_id).second);
        CHECK(std::regex_match(std::string(kind.message_id), hex128));
        std::set<int> used;
        for (std::size_t i = 0; i + 1 < kind.text.size(); ++i) {
            if (kind.text[i] == '%') {
                used.insert(kind.text[i + 1] - '0');
            }
        }
        CHECK(used.size() == kind.fields.size());
        CHECK((used.empty() || (*used.begin() == 1 && *used.rbegin() == static_cast<int>(kind.fields.size()))));
    }
    CHECK(ids == std::set<int>{1001, 1002, 1003, 1004, 1005, 1006, 1007});
}

TEST_CASE("system log: the Windows message table has the catalogue's ids and texts, no more", "[system-log]") {
    const auto table = message_table();
    std::map<int, std::string> catalogue;
    for (const auto& kind : system_log_event_kinds()) {
        catalogue[kind.id] = std::string(kind.text);
    }
    CHECK(table == catalogue);
}

TEST_CASE("system log: a 0x904 fixed by a strategy is failed, diagnosis, fix applied and refused, connected",
          "[system-log]") {
    ConnectionRecords records;
    auto failed = event(SupervisorState::Failed, 1, "rds1.example.test");
    failed.failure = Failure{FailureKind::SocketClosed, true, {0x904, 0x7, std::nullopt, 147}, "closed", "", ""};
    const auto failure_records = records.on_event(failed);
    REQUIRE(failure_records.size() == 1);
    const SystemLogRecord& f = failure_records[0];
    CHECK(f.event_id == 1001);
    CHECK(f.level == SystemLogLevel::Warning);
    CHECK(f.message_id == "40ae57da3aef464fa20f052a7a442365");
    CHECK(field(f, "TARGET") == "rds1.example.test:3389");
    CHECK(field(f, "FAILURE_KIND") == "socket-closed");
    CHECK(field(f, "DISC_REASON") == "0x904");
    CHECK(field(f, "EXTENDED_REASON") == "0x7");
    CHECK(field(f, "FREERDP_ERROR") == "-");
    CHECK(field(f, "EXIT_CODE") == "147");
    CHECK(f.message == "Connection to rds1.example.test:3389 failed on attempt 1: socket-closed (disconnect reason "
                       "0x904, extended reason 0x7, FreeRDP error -, exit code 147).");

    auto diagnosing = event(SupervisorState::Diagnosing, 1, "rds1.example.test");
    Diagnosis diagnosis;
    diagnosis.findings = {{"tcp.ok", Severity::Info, "", {}}, {"x224.rdp-only", Severity::Error, "", {}}};
    diagnosis.verdict.cause = "security-layer-mismatch";
    diagnosing.diagnosis = diagnosis;
    const auto diagnosis_records = records.on_event(diagnosing);
    REQUIRE(diagnosis_records.size() == 1);
    CHECK(diagnosis_records[0].event_id == 1002);
    CHECK(field(diagnosis_records[0], "VERDICT") == "security-layer-mismatch");
    CHECK(field(diagnosis_records[0], "FINDINGS") == "tcp.ok,x224.rdp-only");

    const auto fixes = records.on_fixes(
        1, {{FixAction::Outcome::Refused, "rdpmedic.ip-direct", "connect to 192.0.2.9", false, "not resolved"},
            {FixAction::Outcome::Applied, "rdpmedic.security-negotiation", "use security-layer rdp", false, {}}});
    REQUIRE(fixes.size() == 2);
    CHECK(fixes[0].event_id == 1004);
    CHECK(field(fixes[0], "PLUGIN") == "rdpmedic.ip-direct");
    CHECK(field(fixes[0], "REASON") == "not resolved");
    CHECK(field(fixes[0], "SCOPE") == "connection");
    CHECK(fixes[1].event_id == 1003);
    CHECK(field(fixes[1], "CHANGE") == "use security-layer rdp");
    CHECK(field(fixes[1], "ATTEMPT") == "1");

    // A strategy moved the connection to an address: the server is still the one the user named.
    const auto connected = records.on_event(event(SupervisorState::Connected, 2, "192.0.2.10"));
    REQUIRE(connected.size() == 1);
    CHECK(connected[0].event_id == 1007);
    CHECK(connected[0].level == SystemLogLevel::Info);
    CHECK(field(connected[0], "TARGET") == "rds1.example.test:3389");
    CHECK(field(connected[0], "ATTEMPTS") == "2");
    CHECK(field(connected[0], "FIXED_BY") == "rdpmedic.security-negotiation");
    CHECK(field(connected[0], "LAST_DISC_REASON") == "0x904");
}

TEST_CASE("system log: connecting at once names no fix and no failure, launching and waiting make no record",
          "[system-log]") {
    ConnectionRecords records;
    CHECK(records.on_event(event(SupervisorState::Launching, 1, "h")).empty());
    CHECK(records.on_event(event(SupervisorState::Waiting, 1, "h")).empty());
    const auto connected = records.on_event(event(SupervisorState::Connected, 1, "h"));
    REQUIRE(connected.size() == 1);
    CHECK(connected[0].message == "Connected to h:3389 on attempt 1 (fixed by -, last failure -, disconnect reason -).");
}

TEST_CASE("system log: giving up carries the last failure and the reason", "[system-log]") {
    ConnectionRecords records;
    auto failed = event(SupervisorState::Failed, 2, "h");
    failed.failure = Failure{FailureKind::ConnectFailed, true, {}, "refused", "", ""};
    records.on_event(failed);
    auto gave_up = event(SupervisorState::GaveUp, 2, "h");
    gave_up.note = "gave up after 2 attempts";
    const auto records_out = records.on_event(gave_up);
    REQUIRE(records_out.size() == 1);
    CHECK(records_out[0].event_id == 1006);
    CHECK(records_out[0].level == SystemLogLevel::Error);
    CHECK(field(records_out[0], "FAILURE_KIND") == "connect-failed");
    CHECK(field(records_out[0], "DISC_REASON") == "-");
    CHECK(field(records_out[0], "REASON") == "gave up after 2 attempts");
}

TEST_CASE("system log: an undone change names its journal id, plugin and change", "[system-log]") {
    const auto record = undone_record("3", "rdpmedic.udp-disable", "set HKLM\\X = 1 (dword)");
    CHECK(record.event_id == 1005);
    CHECK(record.message == "Change 3 by rdpmedic.udp-disable undone: set HKLM\\X = 1 (dword) (scope system).");
}
