// The tray icon as a StatusNotifierItem, shown by a real host (xfce4-panel's status tray) on a
// private session bus: it registers with the watcher, its menu opens in the panel and over
// D-Bus and does what it says, its icon follows the state, and the XEmbed icon takes over
// while no watcher is there.
#include "status_notifier_host.h"

#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/journal.h"

#include <catch2/catch.hpp>

#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;
namespace plugins = rdpmedic::plugins;

TEST_CASE("tray: a StatusNotifierItem in a panel, its menu and its state", "[gui]") {
    Desktop desktop;
    StatusNotifierHost host(desktop);
    desktop.write_settings(R"({"max_attempts": 1, "diagnose_after_failure": false})");
    desktop.launch_app();
    const bool registered = wait_until([&] { return host.item().has_value(); }, 20s);
    INFO("rdpmedic's log: " << desktop.log());
    REQUIRE(registered);
    CHECK(wait_until([&] { return host.property("IconName") == "rdpmedic-idle"; }, 5s));
    CHECK(host.property("Status") == "Active");
    CHECK(host.property("Title") == "rdpmedic: idle");
    // One icon only: nothing in the XEmbed tray beside the item.
    CHECK_FALSE(desktop.icon().has_value());
    std::this_thread::sleep_for(500ms);
    const Rect button = *host.item_on_screen();
    const auto idle = desktop.screenshot("status-notifier-idle");
    CHECK(has_colour(idle, button, "#1F4E79"));
    // Nor as an XEmbed icon in the panel's own tray: the place after the item is empty (inside
    // the panel's border lines).
    CHECK(busy_pixels(idle, Rect{button.x + button.width, button.y + 2, button.width, button.height - 4}) < 10);

    // The panel's menu, opened with the mouse: Settings… by its mnemonic.
    host.open_menu();
    std::this_thread::sleep_for(700ms);
    const auto menu = desktop.screenshot("status-notifier-menu");
    // The menu opens above the item at the bottom of the screen.
    const Rect above{button.x, std::max(0, button.y - 220), 170, 220};
    CHECK(busy_pixels(menu, above) > 400);
    desktop.key("s");
    REQUIRE(desktop.wait_window("^Settings - rdpmedic$"));
    close_window(desktop, "^Settings - rdpmedic$");

    // The same menu as every host reads it, over D-Bus: History… clicked there.
    const auto history = host.menu_entry("_History…");
    REQUIRE(history.has_value());
    host.click_menu_entry(*history);
    REQUIRE(desktop.wait_window("^History - rdpmedic$"));
    close_window(desktop, "^History - rdpmedic$");

    // A connection that fails (nothing listens on the port): the item turns red and asks for
    // attention, and the panel draws the new icon.
    host.open_menu();
    std::this_thread::sleep_for(700ms);
    desktop.key("c");
    REQUIRE(desktop.wait_window("^Connect - rdpmedic$"));
    focus(desktop, "^Connect - rdpmedic$");
    desktop.key("ctrl+a");
    const std::string target = "127.0.0.1:" + std::to_string(closed_port());
    desktop.type(target);
    desktop.key("Return");
    REQUIRE(wait_until([&] { return host.property("IconName") == "rdpmedic-failed"; }, 30s));
    CHECK(host.property("Status") == "NeedsAttention");
    // The title is the tooltip: what failed, then why.
    CHECK_THAT(host.property("Title"), Catch::StartsWith("rdpmedic: connection to " + target + " failed") &&
                                           Catch::Contains("refused"));
    std::this_thread::sleep_for(800ms);
    const auto failed = desktop.screenshot("status-notifier-failed");
    // The failed icon's red badge covers a corner the idle one leaves empty.
    CHECK(busy_pixels(failed, button) > busy_pixels(idle, button) + 20);
    // The menu the host has now offers the target it just connected to.
    CHECK(host.menu_entry("    " + target).has_value());

    // A change journaled by another program (the helper, as `rdpmedic-cli connect` runs it)
    // while no session is open: the host's menu offers Undo without the tray polling for it.
    const auto undo_offered = [&] {
        const auto undo = host.menu_entry("_Undo last change");
        return undo.has_value() && host.menu_entry_enabled(*undo);
    };
    CHECK_FALSE(undo_offered());
    plugins::Change change;
    change.kind = plugins::ChangeKind::RegistrySet;
    change.key = "HKCU\\Software\\Microsoft\\Terminal Server Client";
    change.name = "RDGClientTransport";
    change.value = {"dword", "1"};
    plugins::ChangeHost change_host({RDPMEDIC_HELPER_EXE, plugins::journal_file(desktop.state_dir())});
    REQUIRE(change_host.apply("rdpmedic.test", change).ok);
    CHECK(wait_until(undo_offered, 10s));

    // Quit from the D-Bus menu: the item leaves the watcher and rdpmedic ends cleanly.
    const auto quit = host.menu_entry("_Quit");
    REQUIRE(quit.has_value());
    host.click_menu_entry(*quit);
    CHECK(desktop.app().wait_exit(10s) == 0);
    CHECK(wait_until([&] { return !host.item().has_value(); }, 5s));
}

TEST_CASE("tray: the XEmbed icon while no StatusNotifierWatcher is there, the item when one comes", "[gui]") {
    Desktop desktop;
    StatusNotifierHost host(desktop);
    // The panel took the XEmbed tray from trayer when it started; trayer takes it back.
    host.stop_panel();
    desktop.restart_tray_host();
    // A session bus but no watcher on it: the icon goes into trayer.
    desktop.start_app();
    CHECK_FALSE(host.item().has_value());

    host.start_panel();
    REQUIRE(wait_until([&] { return host.item().has_value(); }, 20s));
    CHECK(wait_until([&] { return host.property("IconName") == "rdpmedic-idle"; }, 5s));

    // The watcher goes with the panel: the XEmbed icon is back, in the tray trayer offers again.
    host.stop_panel();
    desktop.restart_tray_host();
    CHECK(wait_until([&] { return desktop.icon().has_value(); }, 10s));
    desktop.screenshot("status-notifier-gone");
    CHECK_THAT(desktop.log(), Catch::Contains("the StatusNotifierWatcher left the session bus"));
    CHECK(desktop.app().wait_exit(0ms) == std::nullopt);
}
