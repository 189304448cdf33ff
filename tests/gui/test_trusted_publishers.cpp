// Settings… → Trusted publishers as a person uses it: a plugin in the user's folder, signed by
// a publisher not yet trusted, is refused; the publisher's .pub file is added through the
// dialog (the file dialog driven by typing its path), which files it in the user's trust
// folder and lets the plugin load; removed again after the confirmation, it is gone and the
// plugin is refused again. A file that is not a publisher key (an SSH key, the likely mistake)
// gets one message box and changes nothing. The system's key is listed and stays. Under an
// organization's policy that limits the keys and turns a plugin off, the Plugins window and
// the trusted publishers show what it holds and do not let the user go against it.
#include "gui_support.h"

#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/trust_store.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;
namespace plugins = rdpmedic::plugins;

namespace {

const std::string kSettings = "^Settings - rdpmedic$";
const std::string kFileDialog = "^Choose a publisher key - rdpmedic$";
const std::string kNotAdded = "^Publisher key not added - rdpmedic$";
const std::string kConfirmRemove = "^Stop trusting a publisher\\? - rdpmedic$";
const std::string kPluginsWindow = "^rdpmedic: plugins$";
const std::string kPlugin = "rdpmedic.tls-compat";

/// The text after the newest `marker` in the log, to the end of its line; "" when none.
std::string newest_line(const Desktop& desktop, const std::string& marker) {
    const std::string log = desktop.log();
    const auto at = log.rfind(marker);
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + marker.size();
    return log.substr(start, log.find('\n', start) - start);
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

/// The keys the trusted publishers section listed last: "KEY_ID user | KEY_ID system".
std::string listed_keys(const Desktop& desktop) { return newest_line(desktop, "trusted publishers: "); }

/// The files in a folder, by name; none when it does not exist.
std::vector<std::string> files_in(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    std::error_code error;
    for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

void open_settings(Desktop& desktop) {
    menu_pick(desktop, "s");
    REQUIRE(desktop.wait_window(kSettings));
    focus(desktop, kSettings);
}

/// In the open Settings dialog: Add key…, then the path typed into the file dialog as a person
/// does (Ctrl+L opens the location field of GTK's file chooser) and Enter; a screenshot of
/// the filled file dialog when `screenshot` is not empty.
void add_key_through_dialog(Desktop& desktop, const std::filesystem::path& file, const std::string& screenshot = {}) {
    focus(desktop, kSettings);
    desktop.key("alt+k");
    REQUIRE(desktop.wait_window(kFileDialog));
    focus(desktop, kFileDialog);
    std::this_thread::sleep_for(500ms); // the chooser reads the folder it opens in first
    desktop.key("ctrl+l");
    desktop.type(file.string());
    std::this_thread::sleep_for(300ms);
    if (!screenshot.empty()) {
        desktop.screenshot(screenshot);
    }
    desktop.key("Return");
    REQUIRE(wait_until([&] { return desktop.windows_named(kFileDialog).empty(); }, 10s));
}

/// Opens the plugins window and returns the newest rows it logged once `id` shows `status`.
bool plugin_shows(Desktop& desktop, const std::string& id, const std::string& status) {
    const std::size_t before = count_of(desktop.log(), "plugins window rows: ");
    menu_pick(desktop, "p");
    REQUIRE(desktop.wait_window(kPluginsWindow));
    const bool shown = wait_until(
        [&] {
            return count_of(desktop.log(), "plugins window rows: ") > before &&
                   newest_line(desktop, "plugins window rows: ").find(id + " " + status) != std::string::npos;
        },
        5s);
    INFO(newest_line(desktop, "plugins window rows: "));
    close_window(desktop, kPluginsWindow);
    return shown;
}

} // namespace

TEST_CASE("tray: trusted publishers are added and removed in Settings", "[gui]") {
    Desktop desktop;
    const auto keys = desktop.home() / "keys";
    std::filesystem::create_directories(keys);
    // The system's key, as an installation has it, trusted for every user.
    const auto system_key = plugins::generate_key_pair(keys / "system.key", keys / "system.key.pub");
    const auto system_trust = desktop.home() / "system" / "trusted-keys";
    plugins::trust_key(keys / "system.key.pub", system_trust);
    // A publisher's plugin in the user's own folder, signed with a key nobody trusts yet.
    const auto publisher_key = plugins::generate_key_pair(keys / "publisher.key", keys / "publisher.pub");
    const auto plugin = desktop.user_plugins_dir() / kPlugin;
    std::filesystem::create_directories(desktop.user_plugins_dir());
    std::filesystem::copy(std::filesystem::path(RDPMEDIC_STAGE_DIR) / "plugins" / kPlugin, plugin);
    plugins::sign_plugin(plugin, keys / "publisher.key");
    // The file a person may well pick by mistake: an SSH public key is a .pub file too.
    std::ofstream(keys / "id_ed25519.pub")
        << "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHn1C6VjkeZp3P2m0cB9Q7kq6Wc4xY0D8rZ7fLwqA1bT alice@laptop\n";
    const auto user_trust = desktop.config_dir() / "trusted-keys";

    desktop.start_app();
    CHECK(plugin_shows(desktop, kPlugin, "refused"));

    open_settings(desktop);
    REQUIRE(wait_until([&] { return !listed_keys(desktop).empty(); }, 5s));
    CHECK(listed_keys(desktop) == system_key.id + " system");

    SECTION("an SSH key is not a publisher key: one message, nothing changed") {
        add_key_through_dialog(desktop, keys / "id_ed25519.pub");
        REQUIRE(desktop.wait_window(kNotAdded));
        CHECK(desktop.windows_named(kNotAdded).size() == 1);
        CHECK_THAT(desktop.log(), Catch::Contains("trusted publisher key not added: " + (keys / "id_ed25519.pub").string() +
                                                  ": not an Ed25519 public key in PEM form"));
        desktop.screenshot("trusted-publishers-bad-key");
        focus(desktop, kNotAdded);
        desktop.key("Return");
        REQUIRE(wait_until([&] { return desktop.windows_named(kNotAdded).empty(); }, 5s));
        CHECK(files_in(user_trust).empty());
        CHECK(files_in(system_trust) == std::vector<std::string>{system_key.id + ".pem"});
        CHECK(listed_keys(desktop) == system_key.id + " system");
        close_window(desktop, kSettings);
        CHECK(plugin_shows(desktop, kPlugin, "refused"));
    }

    SECTION("the publisher's key: listed, on disk, the plugin loads; removed: gone, refused again") {
        add_key_through_dialog(desktop, keys / "publisher.pub", "trusted-publishers-file-dialog");
        REQUIRE(wait_until([&] { return listed_keys(desktop) == publisher_key.id + " user | " + system_key.id + " system"; },
                           5s));
        CHECK(files_in(user_trust) == std::vector<std::string>{publisher_key.id + ".pem"});
        CHECK(plugins::read_public_key(user_trust / (publisher_key.id + ".pem")).pem == publisher_key.pem);
        CHECK(desktop.windows_named(kNotAdded).empty());
        std::this_thread::sleep_for(300ms);
        desktop.screenshot("settings-trusted-publishers");
        // Cancel leaves the key trusted: keys are not part of the settings OK saves.
        close_window(desktop, kSettings);
        CHECK(plugin_shows(desktop, kPlugin, "on"));

        // The user's key is selected first; Remove asks, and "Stop trusting" removes it.
        open_settings(desktop);
        desktop.key("alt+m");
        REQUIRE(desktop.wait_window(kConfirmRemove));
        desktop.screenshot("trusted-publishers-remove");
        focus(desktop, kConfirmRemove);
        desktop.key("alt+t");
        REQUIRE(wait_until([&] { return listed_keys(desktop) == system_key.id + " system"; }, 5s));
        CHECK_THAT(desktop.log(), Catch::Contains("trusted publisher key " + publisher_key.id + " removed from " +
                                                  user_trust.string()));
        CHECK(files_in(user_trust).empty());
        // The system's key is not removable here: with only it selected, Remove does nothing.
        focus(desktop, kSettings);
        desktop.key("alt+m");
        std::this_thread::sleep_for(700ms);
        CHECK(desktop.windows_named(kConfirmRemove).empty());
        CHECK(files_in(system_trust) == std::vector<std::string>{system_key.id + ".pem"});
        close_window(desktop, kSettings);
        CHECK(plugin_shows(desktop, kPlugin, "refused"));
    }

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}

TEST_CASE("tray: the Plugins window and trusted publishers keep what the policy holds", "[gui]") {
    Desktop desktop;
    const auto keys = desktop.home() / "keys";
    std::filesystem::create_directories(keys);
    const auto allowed = plugins::generate_key_pair(keys / "allowed.key", keys / "allowed.pub");
    const auto other = plugins::generate_key_pair(keys / "other.key", keys / "other.pub");
    const auto third = plugins::generate_key_pair(keys / "third.key", keys / "third.pub");
    // Two plugins in the user's folder, by two publishers the user trusts.
    const std::string kOtherPlugin = "rdpmedic.security-negotiation";
    std::filesystem::create_directories(desktop.user_plugins_dir());
    for (const auto& [id, key] : {std::pair{kPlugin, "allowed.key"}, std::pair{kOtherPlugin, "other.key"}}) {
        std::filesystem::copy(std::filesystem::path(RDPMEDIC_STAGE_DIR) / "plugins" / id, desktop.user_plugins_dir() / id);
        plugins::sign_plugin(desktop.user_plugins_dir() / id, keys / key);
    }
    const auto user_trust = desktop.config_dir() / "trusted-keys";
    plugins::trust_key(keys / "allowed.pub", user_trust);
    plugins::trust_key(keys / "other.pub", user_trust);
    desktop.write_settings(R"({"max_attempts": 4})");
    // The organization allows only the first publisher and turns its plugin off.
    const auto policy = desktop.home() / "policy.json";
    std::ofstream(policy) << R"({"trusted_publisher_keys": [")" << allowed.id << R"("], "plugins_disabled": [")"
                          << kPlugin << R"("]})";
    desktop.set_environment("RDPMEDIC_POLICY_FILE", policy.string());
    desktop.start_app();

    menu_pick(desktop, "p");
    REQUIRE(desktop.wait_window(kPluginsWindow));
    const std::string held = kPlugin + " off (policy)";
    REQUIRE(wait_until([&] { return newest_line(desktop, "plugins window rows: ").find(held) != std::string::npos; }, 5s));
    CHECK_THAT(newest_line(desktop, "plugins window rows: "), Catch::Contains(kOtherPlugin + " refused"));
    CHECK_THAT(desktop.log(), Catch::Contains("refused: its signer " + other.id +
                                              " is trusted here, but your organization's policy lets only plugins "
                                              "signed by " + allowed.id + " load"));
    // Turn on/off (the first row, selected) and the check box do nothing: the policy holds it.
    focus(desktop, kPluginsWindow);
    desktop.key("alt+o");
    // The first row's check box, where GTK draws it in the window (whose corner, without a
    // window manager, is where it was placed).
    const std::string window = desktop.windows_named(kPluginsWindow).front();
    sh("eval $(xdotool getwindowgeometry --shell " + window + ") && xdotool mousemove $((X + 23)) $((Y + 85)) click 1");
    std::this_thread::sleep_for(1s);
    desktop.screenshot("plugins-set-by-policy");
    CHECK_THAT(newest_line(desktop, "plugins window rows: "), Catch::Contains(held));
    CHECK(desktop.log().find("plugins arranged") == std::string::npos);
    CHECK_THAT(desktop.log(), Catch::Contains("plugins window: " + kPlugin + " stays off: set by your organization's policy"));
    std::ifstream saved(desktop.config_dir() / "settings.json");
    const auto settings = nlohmann::json::parse(saved);
    CHECK(settings.value("plugins_disabled", nlohmann::json::array()).empty());
    close_window(desktop, kPluginsWindow);

    // The key the policy leaves out says so; one it does not allow cannot be added.
    open_settings(desktop);
    REQUIRE(wait_until([&] { return !listed_keys(desktop).empty(); }, 5s));
    const std::string allowed_row = allowed.id + " user";
    const std::string other_row = other.id + " user not-allowed-by-policy";
    CHECK(listed_keys(desktop) ==
          (allowed.id < other.id ? allowed_row + " | " + other_row : other_row + " | " + allowed_row));
    add_key_through_dialog(desktop, keys / "third.pub");
    REQUIRE(desktop.wait_window(kNotAdded));
    desktop.screenshot("trusted-publishers-not-allowed-by-policy");
    CHECK_THAT(desktop.log(), Catch::Contains("trusted publisher key not added: key " + third.id +
                                              " is not among the publisher keys your organization's policy allows (" +
                                              allowed.id + "; trusted_publisher_keys in " + policy.string() + ")"));
    focus(desktop, kNotAdded);
    desktop.key("Return");
    REQUIRE(wait_until([&] { return desktop.windows_named(kNotAdded).empty(); }, 5s));
    std::vector<std::string> expected = {allowed.id + ".pem", other.id + ".pem"};
    std::sort(expected.begin(), expected.end());
    CHECK(files_in(user_trust) == expected);
    close_window(desktop, kSettings);

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}
