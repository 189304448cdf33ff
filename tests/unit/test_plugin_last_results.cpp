// The plugins window's "Last result" column: what each plugin did the last time a connection
// used it, read from a history written by the real History class (the tray's own writer),
// with the notes the fix stage and the worker really produce.
#include "plugin_last_results.h"

#include "rdpmedic/core/history.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace rdpmedic;
using namespace rdpmedic::tray;
using namespace std::chrono;

namespace {

const std::string kSecurity = "rdpmedic.security-negotiation";
const std::string kTls = "rdpmedic.tls-compat";

/// A connection's events, in the tray's history, starting at 2026-11-24 10:02:00 UTC and one
/// second apart.
class Connection {
  public:
    Connection(History& history, const std::string& target) : m_history(history) {
        m_history.begin(target);
        m_target = parse_target(target);
    }
    Connection& then(SupervisorState state, const std::string& note = {}) {
        SupervisorEvent event;
        event.state = state;
        event.at = sys_days{year{2026} / November / 24} + hours{10} + minutes{2} + seconds{m_second++};
        event.target = m_target;
        event.note = note;
        m_history.record(event);
        return *this;
    }
    /// The fix stage's start, as the supervisor publishes it.
    Connection& fixing() { return then(SupervisorState::Fixing, "choosing fix strategies"); }

  private:
    History& m_history;
    Target m_target;
    int m_second = 0;
};

std::string result_of(const History& history, const std::string& plugin) {
    const auto results = last_plugin_results(history.sessions());
    const auto it = results.find(plugin);
    return it == results.end() ? std::string(kNeverUsed) : describe(it->second);
}

} // namespace

TEST_CASE("plugin last results: an empty history names no plugin", "[tray]") {
    History history("unused-history.json");
    CHECK(last_plugin_results(history.sessions()).empty());
    CHECK(result_of(history, kSecurity) == "never used");
}

TEST_CASE("plugin last results: a change is judged by the attempt after it", "[tray]") {
    History history("unused-history.json");
    Connection connection(history, "server:3389");
    connection.then(SupervisorState::Launching).then(SupervisorState::Failed).fixing();
    // The plugin's own advice comes before the change it asks for; the change is what counts.
    connection.then(SupervisorState::Fixing, "plugin " + kSecurity + ": info: the server selects TLS");

    SECTION("the next attempt connected: fixed, with the target and the time of the change") {
        connection.then(SupervisorState::Fixing, kSecurity + ": add the client argument /sec:tls")
            .then(SupervisorState::Waiting)
            .then(SupervisorState::Launching)
            .then(SupervisorState::Connected);
        CHECK(result_of(history, kSecurity) == "fixed server:3389 \xC2\xB7 2026-11-24 10:02 UTC");
        const auto results = last_plugin_results(history.sessions());
        REQUIRE(results.size() == 1);
        CHECK(results.at(kSecurity).outcome == PluginOutcome::Fixed);
        CHECK(results.at(kSecurity).at == "2026-11-24T10:02:04.000Z");
    }
    SECTION("the next attempt failed: did not fix") {
        connection.then(SupervisorState::Fixing, kSecurity + ": add the client argument /sec:tls")
            .then(SupervisorState::Waiting)
            .then(SupervisorState::Launching)
            .then(SupervisorState::Failed)
            .then(SupervisorState::GaveUp);
        CHECK(result_of(history, kSecurity) == "did not fix server:3389 \xC2\xB7 2026-11-24 10:02 UTC");
    }
    SECTION("cancelled before the next attempt ended: applied, outcome unknown") {
        connection.then(SupervisorState::Fixing, kSecurity + ": add the client argument /sec:tls")
            .then(SupervisorState::Waiting)
            .then(SupervisorState::Cancelled);
        CHECK(last_plugin_results(history.sessions()).at(kSecurity).outcome == PluginOutcome::Applied);
        CHECK_THAT(result_of(history, kSecurity), Catch::StartsWith("applied to server:3389"));
    }
    SECTION("a system change journaled by the helper reads the same way") {
        connection.then(SupervisorState::Fixing, kSecurity + ": set HKLM\\X\\Y = 1 (dword) (change 20261124-1)")
            .then(SupervisorState::Launching)
            .then(SupervisorState::Connected);
        CHECK(last_plugin_results(history.sessions()).at(kSecurity).outcome == PluginOutcome::Fixed);
    }
}

TEST_CASE("plugin last results: what the fix stage's notices say", "[tray]") {
    History history("unused-history.json");
    Connection connection(history, "host.example:3390");
    connection.then(SupervisorState::Failed).fixing();
    const auto outcome = [&](const std::string& plugin) {
        return last_plugin_results(history.sessions()).at(plugin).outcome;
    };

    SECTION("consent refused") {
        connection.then(SupervisorState::Fixing,
                        "plugin " + kSecurity + ": not done without your consent: add the client argument "
                        "/sec:rdp (this lowers security)");
        CHECK(outcome(kSecurity) == PluginOutcome::ConsentRefused);
        CHECK_THAT(result_of(history, kSecurity), Catch::StartsWith("consent refused for host.example:3390 "));
    }
    SECTION("not applicable, in the plugin's own words") {
        connection.then(SupervisorState::Fixing,
                        "plugin " + kSecurity + ": info: not applicable: the security layer is not the problem");
        CHECK(outcome(kSecurity) == PluginOutcome::NotApplicable);
        CHECK_THAT(result_of(history, kSecurity), Catch::StartsWith("not applicable to host.example:3390"));
    }
    SECTION("advice only") {
        connection.then(SupervisorState::Fixing,
                        "plugin rdpmedic.cert-advice: warning: the certificate has expired: renew it");
        CHECK(outcome("rdpmedic.cert-advice") == PluginOutcome::Advised);
    }
    SECTION("faults and refused changes are failures") {
        for (const std::string& note :
             {"plugin " + kTls + " crashed the worker (signal 11, SIGSEGV); the worker was restarted",
              "plugin " + kTls + " did not answer within 5000 ms; the worker was killed and restarted",
              "plugin " + kTls + ": change refused: not an allowlisted key",
              "plugin " + kTls + ": error: apply threw std::runtime_error: boom",
              "plugin " + kTls + ": refused: remmina is not installed here"}) {
            History one("unused-history.json");
            Connection(one, "host.example:3390").then(SupervisorState::Fixing, note);
            INFO(note);
            CHECK(last_plugin_results(one.sessions()).at(kTls).outcome == PluginOutcome::Failed);
        }
    }
    SECTION("lines that name no plugin's use are not read as one") {
        connection.then(SupervisorState::Fixing, "plugin refused: plugin x.y (/p/x.y) refused: untrusted signer")
            .then(SupervisorState::Fixing, "no fix strategies are installed or trusted; see rdpmedic-cli plugins list")
            .then(SupervisorState::Fixing, "handing the connection to remmina is not supported here")
            .then(SupervisorState::Fixing, "plugin " + kTls + ": debug: scores 0")
            // Only "fixing" events are the fix stage's.
            .then(SupervisorState::Failed, kTls + ": add the client argument /tls-seclevel:0");
        CHECK(last_plugin_results(history.sessions()).empty());
    }
}

TEST_CASE("plugin last results: a handover by client-fallback", "[tray]") {
    History history("unused-history.json");
    Connection(history, "server:3389")
        .then(SupervisorState::Failed)
        .fixing()
        .then(SupervisorState::Fixing, "rdpmedic.client-fallback: use the client remmina (Remmina with its RDP plugin)")
        .then(SupervisorState::HandedOver, "handed over to remmina");
    CHECK_THAT(result_of(history, "rdpmedic.client-fallback"), Catch::StartsWith("handed over server:3389"));
}

TEST_CASE("plugin last results: the newest use of each plugin counts", "[tray]") {
    History history("unused-history.json");
    Connection(history, "old.example:3389")
        .then(SupervisorState::Failed)
        .fixing()
        .then(SupervisorState::Fixing, kSecurity + ": add the client argument /sec:tls")
        .then(SupervisorState::Connected);
    Connection(history, "new.example:3389")
        .then(SupervisorState::Failed)
        .fixing()
        .then(SupervisorState::Fixing, "plugin " + kSecurity + ": not done without your consent: add /sec:rdp")
        .then(SupervisorState::Fixing, kTls + ": add the client argument /tls-seclevel:0")
        .then(SupervisorState::Failed)
        .then(SupervisorState::GaveUp);
    const auto results = last_plugin_results(history.sessions());
    REQUIRE(results.size() == 2);
    CHECK(results.at(kSecurity).outcome == PluginOutcome::ConsentRefused);
    CHECK(results.at(kSecurity).target == "new.example:3389");
    CHECK(results.at(kTls).outcome == PluginOutcome::DidNotFix);
}

TEST_CASE("plugin last results: a history of another shape is skipped, not trusted", "[tray]") {
    CHECK(last_plugin_results(nlohmann::json()).empty());
    CHECK(last_plugin_results(nlohmann::json::object()).empty());
    const auto odd = nlohmann::json::parse(R"([
        1, {"target": "a:1"}, {"events": {}}, {"events": [null, 2, {"event": "fixing", "note": 3},
        {"event": "fixing"}, {"event": "fixing", "note": "x.y: change", "at": 5}]}])");
    const auto results = last_plugin_results(odd);
    REQUIRE(results.size() == 1);
    CHECK(results.at("x.y").outcome == PluginOutcome::Applied);
    CHECK(describe(results.at("x.y")) == "applied to a connection");
}

TEST_CASE("plugin last results: the Last result column is made in the user's language", "[tray]") {
    // What i18n::tr does with a catalogue, for two of the messages.
    const auto german = [](const char* english) -> const char* {
        if (std::string(english) == "fixed %1$s") {
            return "hat %1$s behoben";
        }
        if (std::string(english) == "a connection") {
            return "eine Verbindung";
        }
        return english;
    };
    const PluginLastResult fixed{PluginOutcome::Fixed, "rdp.example:3389", "2026-11-24T10:02:33.120Z"};
    CHECK(describe(fixed, german) == "hat rdp.example:3389 behoben \xC2\xB7 2026-11-24 10:02 UTC");
    CHECK(describe(fixed) == "fixed rdp.example:3389 \xC2\xB7 2026-11-24 10:02 UTC");
    CHECK(describe(PluginLastResult{PluginOutcome::Fixed, "", ""}, german) == "hat eine Verbindung behoben");
}
