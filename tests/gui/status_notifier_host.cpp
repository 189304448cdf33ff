#include "status_notifier_host.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace rdpmedic::gui {

namespace {

constexpr const char* kWatcher = "org.kde.StatusNotifierWatcher";

// One panel along the bottom edge holding nothing but the status tray (the "systray" plugin,
// which in Xfce 4.18 hosts StatusNotifierItems as well as XEmbed icons).
constexpr const char* kPanelConfig = R"(<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=10;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="32"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray"/>
  </property>
</channel>
)";

/// The first single-quoted text in gdbus's answer ("(<'rdpmedic-idle'>,)"), or "".
std::string first_quoted(const std::string& answer) {
    std::smatch m;
    return std::regex_search(answer, m, std::regex("'([^']*)'")) ? m[1].str() : std::string();
}

} // namespace

StatusNotifierHost::StatusNotifierHost(Desktop& desktop) : m_desktop(desktop), m_bus(desktop) {
    // XDG_CONFIG_HOME is the desktop's; xfconfd, started by the bus, reads the panel's settings there.
    const auto channels = desktop.home() / "config" / "xfce4" / "xfconf" / "xfce-perchannel-xml";
    std::filesystem::create_directories(channels);
    std::ofstream(channels / "xfce4-panel.xml") << kPanelConfig;
    start_panel();
}

void StatusNotifierHost::start_panel() {
    // No window manager on this desktop: the panel would otherwise wait for one.
    m_panel = std::make_unique<Background>(std::vector<std::string>{"xfce4-panel", "--disable-wm-check"},
                                           m_desktop.home() / "xfce4-panel.log");
    if (!wait_until([] { return PrivateSessionBus::has_owner(kWatcher); }, std::chrono::seconds(20))) {
        throw std::runtime_error("xfce4-panel's status tray did not take " + std::string(kWatcher) +
                                 "; its output: " + whole_file(m_desktop.home() / "xfce4-panel.log"));
    }
}

void StatusNotifierHost::stop_panel() {
    m_panel.reset();
    wait_until([] { return !PrivateSessionBus::has_owner(kWatcher); }, std::chrono::seconds(10));
}

std::optional<std::string> StatusNotifierHost::item() const {
    const std::string answer =
        sh(std::string("gdbus call --session --dest ") + kWatcher +
           " --object-path /StatusNotifierWatcher --method org.freedesktop.DBus.Properties.Get " + kWatcher +
           " RegisteredStatusNotifierItems 2>/dev/null");
    std::smatch m;
    if (std::regex_search(answer, m, std::regex("'([^'/]+/org/ayatana/NotificationItem/rdpmedic)'"))) {
        return m[1].str();
    }
    return std::nullopt;
}

namespace {
/// "gdbus call" to the object `path` of the program that registered `item` ("name/path").
std::string call_item(const std::string& item, const std::string& path, const std::string& method_and_arguments) {
    const std::string name = item.substr(0, item.find('/'));
    return sh("gdbus call --session --dest " + name + " --object-path " + path + " --method " +
              method_and_arguments + " 2>/dev/null");
}
} // namespace

std::string StatusNotifierHost::property(const std::string& name) const {
    const auto registered = item();
    if (!registered) {
        return {};
    }
    const std::string path = registered->substr(registered->find('/'));
    return first_quoted(
        call_item(*registered, path, "org.freedesktop.DBus.Properties.Get org.kde.StatusNotifierItem " + name));
}

std::optional<int> StatusNotifierHost::menu_entry(const std::string& label) const {
    const auto registered = item();
    const std::string menu = property("Menu");
    if (!registered || menu.empty()) {
        return std::nullopt;
    }
    const std::string layout =
        call_item(*registered, menu, "com.canonical.dbusmenu.GetLayout -- 0 -1 \"['label']\"");
    const std::regex entry(R"(\((\d+), \{'label': <'([^']*)'>)");
    for (auto it = std::sregex_iterator(layout.begin(), layout.end(), entry); it != std::sregex_iterator(); ++it) {
        if ((*it)[2].str() == label) {
            return std::stoi((*it)[1].str());
        }
    }
    return std::nullopt;
}

bool StatusNotifierHost::menu_entry_enabled(int id) const {
    const auto registered = item();
    if (!registered) {
        return false;
    }
    const std::string properties = call_item(*registered, property("Menu"),
                                             "com.canonical.dbusmenu.GetGroupProperties -- \"[" + std::to_string(id) +
                                                 "]\" \"['enabled']\"");
    return properties.find("(" + std::to_string(id) + ",") != std::string::npos &&
           properties.find("'enabled': <false>") == std::string::npos;
}

void StatusNotifierHost::click_menu_entry(int id) const {
    const auto registered = item();
    if (registered) {
        call_item(*registered, property("Menu"),
                  "com.canonical.dbusmenu.Event -- " + std::to_string(id) + " \"'clicked'\" '<0>' 0");
    }
}

std::optional<Rect> StatusNotifierHost::item_on_screen() const {
    std::istringstream ids(sh("xdotool search --onlyvisible --class xfce4-panel 2>/dev/null"));
    std::string id;
    if (!(ids >> id)) {
        return std::nullopt;
    }
    std::istringstream shell(sh("xdotool getwindowgeometry --shell " + id + " 2>/dev/null"));
    Rect panel;
    std::string line;
    while (std::getline(shell, line)) {
        const auto value = [&](const char* key) { return std::stoi(line.substr(std::string(key).size())); };
        if (line.rfind("X=", 0) == 0) {
            panel.x = value("X=");
        } else if (line.rfind("Y=", 0) == 0) {
            panel.y = value("Y=");
        } else if (line.rfind("HEIGHT=", 0) == 0) {
            panel.height = value("HEIGHT=");
        }
    }
    if (panel.height <= 0) {
        return std::nullopt;
    }
    // The status tray is the panel's only plugin and rdpmedic's item its only one: a square
    // at the panel's start.
    return Rect{panel.x, panel.y, panel.height, panel.height};
}

void StatusNotifierHost::open_menu() const {
    const auto where = item_on_screen();
    if (!where) {
        throw std::runtime_error("no xfce4-panel on screen");
    }
    sh("xdotool mousemove " + std::to_string(where->x + where->width / 2) + " " +
       std::to_string(where->y + where->height / 2) + " click 3");
}

} // namespace rdpmedic::gui
