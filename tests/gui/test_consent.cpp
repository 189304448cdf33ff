// Consent in the tray, driven as a person would: a lab whose xrdp speaks only standard RDP
// security while the user's connection asks for TLS. The first attempt fails, the project's
// security-negotiation strategy asks to lower this connection to /sec:rdp, and the dialog
// waits for the user. Allow: the retry asks for /sec:rdp and gets past the negotiation (a
// different failure: Debian's xrdp 0.9 logs a FreeRDP 2.11 standard-security session off).
// Don't allow: nothing is lowered, the retry fails exactly as the first, and rdpmedic gives up.
#include "gui_support.h"

#include <catch2/catch.hpp>

#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

namespace {

const std::string kConsentWindow = "^Allow this change\\? - rdpmedic$";

/// The exit codes of the client's failed attempts, in order.
std::vector<int> failure_exit_codes(const nlohmann::json& events) {
    std::vector<int> codes;
    for (const auto& e : events) {
        if (json_text(e, "event") == "failed" && e.contains("failure") && e["failure"].contains("codes") &&
            e["failure"]["codes"].contains("exit_code")) {
            codes.push_back(e["failure"]["codes"]["exit_code"].get<int>());
        }
    }
    return codes;
}

/// Whether a "fixing" event says this change was applied. The fix stage's notices are kept
/// as "fixing" events too ("plugin ID: not done without your consent: …"); they are not.
bool applied(const nlohmann::json& events, const std::string& what) {
    for (const auto& e : events) {
        const std::string note = json_text(e, "note");
        if (json_text(e, "event") == "fixing" && !note.starts_with("plugin ") && note.find(what) != std::string::npos) {
            return true;
        }
    }
    return false;
}

/// Connects to a lab whose xrdp offers standard RDP security only, asking for TLS, and waits
/// for the question to lower it; the lab lives as long as the result.
std::unique_ptr<rdpmedic::lab::Lab> open_question_to_lower(Desktop& desktop, int attempts) {
    auto lab = security_layer_lab(desktop, "rdp", attempts, "/sec:tls");
    desktop.start_app();
    connect_through_dialog(desktop, address(*lab));
    REQUIRE(desktop.wait_window(kConsentWindow, 60s));
    return lab;
}

void quit(Desktop& desktop) {
    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}

} // namespace

TEST_CASE("tray: a fix that lowers security waits for the user's answer", "[gui][e2e]") {
    Desktop desktop;
    const auto lab = open_question_to_lower(desktop, 2);
    // While the question is open the connection waits: no second attempt has started.
    std::this_thread::sleep_for(1500ms);
    CHECK(failure_exit_codes(newest_events(desktop)).size() == 1);
    CHECK_FALSE(history_has(desktop, "gave-up"));
    CHECK_THAT(desktop.log(), Catch::Contains("consent asked: rdpmedic.security-negotiation wants to use "
                                              "security-layer rdp"));
    CHECK_THAT(desktop.log(), Catch::Contains("(Session 1: localhost:"));

    SECTION("Allow: the retry asks for /sec:rdp and gets past the negotiation") {
        desktop.screenshot("consent");
        focus(desktop, kConsentWindow);
        desktop.key("alt+a");
        REQUIRE(wait_until([&] { return history_has(desktop, "gave-up") || history_has(desktop, "connected"); }, 60s));
        const auto events = newest_events(desktop);
        INFO(events.dump(2));
        CHECK_THAT(desktop.log(), Catch::Contains("consent given: rdpmedic.security-negotiation"));
        CHECK(applied(events, "rdpmedic.security-negotiation: use security-layer rdp for this connection"));
        const auto codes = failure_exit_codes(events);
        REQUIRE_FALSE(codes.empty());
        CHECK(codes.front() == 133); // the server refused the TLS the connection asked for
        // The lowered retry got past the security negotiation: it connected or failed later.
        CHECK((history_has(desktop, "connected") || (codes.size() == 2 && codes.back() != 133)));
    }
    SECTION("Don't allow (Enter, the default): nothing is lowered and rdpmedic gives up") {
        focus(desktop, kConsentWindow);
        desktop.key("Return");
        REQUIRE(wait_until([&] { return history_has(desktop, "gave-up"); }, 60s));
        const auto events = newest_events(desktop);
        INFO(events.dump(2));
        CHECK_THAT(desktop.log(), Catch::Contains("consent refused: rdpmedic.security-negotiation") &&
                                      Catch::Contains("not done without your consent"));
        CHECK_FALSE(applied(events, "security-layer rdp"));
        CHECK(failure_exit_codes(events) == std::vector<int>{133, 133});
        CHECK(desktop.windows_named(kConsentWindow).empty());
    }
    quit(desktop);
}

TEST_CASE("tray: cancelling the connection answers an open consent question with no", "[gui][e2e]") {
    Desktop desktop;
    const auto lab = open_question_to_lower(desktop, 3);

    disconnect_session(desktop);
    REQUIRE(wait_until([&] { return history_has(desktop, "cancelled"); }, 30s));
    CHECK(wait_until([&] { return desktop.windows_named(kConsentWindow).empty(); }, 5s));
    CHECK_THAT(desktop.log(), Catch::Contains("consent refused: rdpmedic.security-negotiation"));
    CHECK_FALSE(applied(newest_events(desktop), "security-layer rdp"));
    quit(desktop);
}

TEST_CASE("tray: 'apply per-connection changes automatically' decides whether raising security asks",
          "[gui][e2e]") {
    Desktop desktop;
    SECTION("on (the default): /sec:tls is applied without a question and the retry connects") {
        const auto lab = security_layer_lab(desktop, "tls", 2, "/sec:rdp");
        desktop.start_app();
        connect_through_dialog(desktop, address(*lab));
        REQUIRE(wait_until([&] { return history_has(desktop, "connected") || history_has(desktop, "gave-up"); }, 60s));
        CHECK(history_has(desktop, "connected"));
        CHECK(applied(newest_events(desktop), "rdpmedic.security-negotiation: use security-layer tls for this connection"));
        CHECK_THAT(desktop.log(), !Catch::Contains("consent asked:"));
        quit(desktop);
    }
    SECTION("off: the same change waits for consent, and refused it is not made") {
        const auto lab = security_layer_lab(desktop, "tls", 2, "/sec:rdp", R"("apply_connection_changes": false)");
        desktop.start_app();
        connect_through_dialog(desktop, address(*lab));
        REQUIRE(desktop.wait_window(kConsentWindow, 60s));
        CHECK_THAT(desktop.log(), Catch::Contains("consent asked: rdpmedic.security-negotiation wants to use "
                                                  "security-layer tls"));
        // Every per-connection change now asks; Escape refuses each, up to giving up.
        REQUIRE(wait_until(
            [&] {
                if (!desktop.windows_named(kConsentWindow).empty()) {
                    focus(desktop, kConsentWindow);
                    desktop.key("Escape");
                }
                return history_has(desktop, "gave-up");
            },
            60s));
        CHECK_FALSE(applied(newest_events(desktop), "/sec:tls"));
        CHECK_FALSE(history_has(desktop, "connected"));
        quit(desktop);
    }
}
