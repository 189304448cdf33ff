// Undo last change from the tray menu: a change the real helper made and journaled (a value
// under the Remote Desktop client's HKCU key, kept in files on Linux) is put back on disk, the
// journal records the undo, and a notification says so.
#include "gui_support.h"

#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/system_values.h"

#include <catch2/catch.hpp>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;
namespace plugins = rdpmedic::plugins;

TEST_CASE("tray: Undo last change puts the journaled value back", "[gui]") {
    Desktop desktop;
    const std::string key = "HKCU\\Software\\Microsoft\\Terminal Server Client";
    const std::string name = "RDGClientTransport";
    const plugins::StoredValue before{"dword", "0"};
    auto values = plugins::make_system_values(); // in the desktop's registry root
    values->write(key, name, before);

    plugins::Change change;
    change.kind = plugins::ChangeKind::RegistrySet;
    change.key = key;
    change.name = name;
    change.value = {"dword", "1"};
    plugins::ChangeHost host({RDPMEDIC_HELPER_EXE, plugins::journal_file(desktop.state_dir())});
    const auto outcome = host.apply("rdpmedic.test", change);
    REQUIRE(outcome.ok);
    REQUIRE(values->read(key, name) == plugins::StoredValue{"dword", "1"});

    desktop.start_app();
    menu_pick(desktop, "u");
    REQUIRE(wait_until([&] { return desktop.log().find("undo of change " + outcome.id) != std::string::npos; }, 20s));
    CHECK(wait_until([&] { return desktop.log().find("notification: Change " + outcome.id + " undone") != std::string::npos; }, 5s));
    desktop.screenshot("undo-notification");
    CHECK(values->read(key, name) == before);
    const auto entries = plugins::Journal(plugins::journal_file(desktop.state_dir())).entries();
    REQUIRE(entries.size() == 1);
    CHECK(entries.front().state == plugins::JournalState::Undone);

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}
