// The certificate question in the tray, driven as a person would: the lab's xrdp presents a
// self-signed certificate, as a Windows PC does. The first attempt fails on it, the dialog
// shows the certificate and waits; Trust connects with it and remembers it, Don't trust
// (Enter, the default) stops without a retry.
#include "gui_support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

namespace {

const std::string kCertificateWindow = "^Trust this certificate\\? - rdpmedic$";

std::unique_ptr<rdpmedic::lab::Lab> self_signed_lab(Desktop& desktop) {
    rdpmedic::lab::LabOptions options;
    options.xrdp_self_signed = true;
    auto lab = std::make_unique<rdpmedic::lab::Lab>(options);
    desktop.write_settings(R"({"max_attempts": 3, "backoff_ms": 300, "connect_timeout_ms": 20000})");
    return lab;
}

std::string store_text(const Desktop& desktop) { return whole_file(desktop.state_dir() / "certificates.json"); }

int count_events(const nlohmann::json& events, const std::string& name) {
    int n = 0;
    for (const auto& e : events) {
        n += json_text(e, "event") == name ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("tray: a self-signed certificate is shown and trusted once in a dialog", "[gui][e2e][certificates]") {
    Desktop desktop;
    const auto lab = self_signed_lab(desktop);
    desktop.start_app();
    connect_through_dialog(desktop, address(*lab));
    REQUIRE(desktop.wait_window(kCertificateWindow, 60s));
    CHECK_THAT(desktop.log(), Catch::Contains("certificate question: " + address(*lab) + " presents SHA-256"));
    // The dialog names the session that asks, as several can be open.
    CHECK_THAT(desktop.log(), Catch::Contains("(Session 1: " + address(*lab) + ")"));

    SECTION("Trust: the retry connects with it and it is remembered") {
        desktop.screenshot("certificate");
        focus(desktop, kCertificateWindow);
        desktop.key("alt+t");
        REQUIRE(wait_until([&] { return history_has(desktop, "connected") || history_has(desktop, "gave-up"); }, 60s));
        CHECK(history_has(desktop, "connected"));
        CHECK_THAT(desktop.log(), Catch::Contains("certificate trusted: " + address(*lab)));
        CHECK_THAT(store_text(desktop), Catch::Contains(std::to_string(lab->port())));
    }
    SECTION("Don't trust (Enter, the default): one attempt, no retry, nothing remembered") {
        focus(desktop, kCertificateWindow);
        desktop.key("Return");
        REQUIRE(wait_until([&] { return history_has(desktop, "gave-up"); }, 60s));
        const auto events = newest_events(desktop);
        INFO(events.dump(2));
        CHECK(count_events(events, "launching") == 1);
        CHECK_THAT(desktop.log(), Catch::Contains("certificate not trusted: " + address(*lab)));
        CHECK_FALSE(std::filesystem::exists(desktop.state_dir() / "certificates.json"));
        CHECK(desktop.windows_named(kCertificateWindow).empty());
    }
    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}
