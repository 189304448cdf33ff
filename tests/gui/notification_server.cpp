#include "notification_server.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace rdpmedic::gui {

namespace {

constexpr const char* kService = "org.freedesktop.Notifications";
constexpr const char* kServer = "/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd";

/// The colours ("#F3F2F1") of `png` in a row (`height` 1) or a column (`width` 1) from
/// (`x`, `y`), in order.
std::vector<std::string> pixel_line(const std::filesystem::path& png, int x, int y, int width, int height) {
    const std::string text = sh("convert '" + png.string() + "' -crop " + std::to_string(width) + "x" +
                                std::to_string(height) + "+" + std::to_string(x) + "+" + std::to_string(y) +
                                " +repage txt:- 2>/dev/null");
    std::vector<std::string> row;
    const std::regex pixel(R"(#[0-9A-Fa-f]{6})");
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (line.rfind('#', 0) != 0 && std::regex_search(line, m, pixel)) {
            row.push_back(m[0].str());
        }
    }
    return row;
}

bool white(const std::string& colour) {
    for (int channel = 0; channel < 3; ++channel) {
        if (std::stoi(colour.substr(1 + 2 * channel, 2), nullptr, 16) < 0xFA) {
            return false;
        }
    }
    return true;
}

// Notifications stay a minute rather than the default 10 s, long enough for a test's steps
// between showing one and clicking it; no fading, so screenshots show them whole.
constexpr const char* kServerConfig = R"(<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-notifyd" version="1.0">
  <property name="expire-timeout" type="int" value="60"/>
  <property name="do-fadeout" type="bool" value="false"/>
  <property name="do-slideout" type="bool" value="false"/>
  <property name="initial-opacity" type="double" value="1.0"/>
</channel>
)";

} // namespace

NotificationServer::NotificationServer(Desktop& desktop) : m_bus(desktop) {
    // XDG_CONFIG_HOME is the desktop's; xfconfd, started by the bus, reads the settings there.
    const auto channels = desktop.home() / "config" / "xfce4" / "xfconf" / "xfce-perchannel-xml";
    std::filesystem::create_directories(channels);
    std::ofstream(channels / "xfce4-notifyd.xml") << kServerConfig;
    m_server = std::make_unique<Background>(std::vector<std::string>{kServer}, desktop.home() / "xfce4-notifyd.log");
    if (!wait_until([] { return PrivateSessionBus::has_owner(kService); }, std::chrono::seconds(20))) {
        throw std::runtime_error(std::string("xfce4-notifyd did not take ") + kService +
                                 "; its output: " + whole_file(desktop.home() / "xfce4-notifyd.log"));
    }
}

std::vector<std::string> NotificationServer::capabilities() const {
    const std::string answer = sh("gdbus call --session --dest org.freedesktop.Notifications --object-path "
                                  "/org/freedesktop/Notifications --method "
                                  "org.freedesktop.Notifications.GetCapabilities 2>/dev/null");
    std::vector<std::string> found;
    const std::regex quoted("'([^']*)'");
    for (auto m = std::sregex_iterator(answer.begin(), answer.end(), quoted); m != std::sregex_iterator(); ++m) {
        found.push_back((*m)[1].str());
    }
    return found;
}

std::vector<ShownNotification> NotificationServer::notifications() const {
    // Its windows: the notifications, and a 10x10 leader.
    std::vector<ShownNotification> found;
    std::istringstream ids(sh("xdotool search --onlyvisible --class xfce4-notifyd 2>/dev/null"));
    std::string id;
    const std::regex position(R"(Position: (-?\d+),(-?\d+))");
    const std::regex geometry(R"(Geometry: (\d+)x(\d+))");
    while (ids >> id) {
        const std::string text = sh("xdotool getwindowgeometry " + id + " 2>/dev/null");
        std::smatch p;
        std::smatch g;
        if (std::regex_search(text, p, position) && std::regex_search(text, g, geometry)) {
            const Rect r{std::stoi(p[1]), std::stoi(p[2]), std::stoi(g[1]), std::stoi(g[2])};
            if (r.width > 50 && r.height > 30) {
                found.push_back({std::stoul(id), r});
            }
        }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.window < b.window; });
    return found;
}

std::vector<Rect> NotificationServer::buttons(const std::filesystem::path& png, const Rect& notification) {
    // The last button ends a little inside the right edge: a column through it, from the
    // bottom up, meets its face (light grey, not the window's white) first.
    const int first = notification.y + notification.height / 3;
    const auto column = pixel_line(png, notification.x + notification.width - 20, first, 1, notification.height * 2 / 3 - 4);
    int bottom = -1;
    int top = -1;
    for (int place = static_cast<int>(column.size()) - 1; place >= 0; --place) {
        const bool face = !white(column[place]);
        if (face && bottom < 0) {
            bottom = first + place;
        } else if (!face && bottom >= 0) {
            top = first + place + 1;
            break;
        }
    }
    if (top < 0 || bottom - top < 12) {
        return {};
    }
    // A row just under the buttons' top edge holds no label: each run of grey across it is a
    // button, the gaps between them white.
    const int row_y = top + 3;
    const auto row = pixel_line(png, notification.x, row_y, notification.width, 1);
    std::vector<Rect> found;
    int run_start = -1;
    for (int x = 0; x <= static_cast<int>(row.size()); ++x) {
        const bool face = x < static_cast<int>(row.size()) && !white(row[x]);
        if (face && run_start < 0) {
            run_start = x;
        } else if (!face && run_start >= 0) {
            if (x - run_start > 24) {
                found.push_back(Rect{notification.x + run_start, top, x - run_start, bottom - top + 1});
            }
            run_start = -1;
        }
    }
    return found;
}

void NotificationServer::click(const Rect& where) {
    sh("xdotool mousemove " + std::to_string(where.x + where.width / 2) + " " +
       std::to_string(where.y + where.height / 2) + " click 1");
}

} // namespace rdpmedic::gui
