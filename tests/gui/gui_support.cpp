#include "gui_support.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace rdpmedic::gui {

Background::Background(const std::vector<std::string>& argv, const std::filesystem::path& output) {
    m_pid = ::fork();
    if (m_pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (m_pid == 0) {
        const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
        }
        std::vector<char*> args;
        for (const auto& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
}

std::optional<int> Background::wait_exit(std::chrono::milliseconds timeout) {
    if (m_reaped) {
        return 0;
    }
    const auto until = std::chrono::steady_clock::now() + timeout;
    do {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_reaped = true;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < until);
    return std::nullopt;
}

Background::~Background() {
    if (m_pid <= 0 || m_reaped) {
        return;
    }
    ::kill(m_pid, SIGTERM);
    if (!wait_exit(std::chrono::seconds(5))) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
}

std::string sh(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) {
        return out;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    ::pclose(pipe);
    return out;
}

bool wait_until(const std::function<bool()>& check, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!check()) {
        if (std::chrono::steady_clock::now() >= until) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
}

std::filesystem::path artifacts() {
    const std::filesystem::path dir = RDPMEDIC_GUI_ARTIFACTS;
    std::filesystem::create_directories(dir);
    return dir;
}

Desktop::Desktop() {
    char templ[] = "/tmp/rdpmedic-gui-XXXXXX";
    m_home = ::mkdtemp(templ);
    std::filesystem::create_directories(m_home / "run");
    std::filesystem::permissions(m_home / "run", std::filesystem::perms::owner_all);
    ::setenv("XDG_CONFIG_HOME", (m_home / "config").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (m_home / "state").c_str(), 1);
    ::setenv("XDG_RUNTIME_DIR", (m_home / "run").c_str(), 1);
    // No session bus: notifications must fall back to rdpmedic's own window.
    ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
    ::setenv("NO_AT_BRIDGE", "1", 1);
    // Seen once in a CI run: trayer could not open a display Xvfb had just reported ready.
    // A fresh display and tray host are tried before giving up, and the last output is kept.
    std::string failure;
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_trayer.reset();
        m_display = std::make_unique<lab::VirtualDisplay>();
        ::setenv("DISPLAY", m_display->name().c_str(), 1);
        m_trayer = std::make_unique<Background>(
            std::vector<std::string>{"trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel",
                                     "--width", "160", "--height", "32", "--transparent", "false",
                                     "--SetDockType", "true"},
            m_home / "trayer.log");
        if (wait_until([] { return !sh("xdotool search --class trayer 2>/dev/null").empty(); },
                       std::chrono::seconds(10))) {
            return;
        }
        failure = "trayer did not start on " + m_display->name() + "; its output: " +
                  sh("cat '" + (m_home / "trayer.log").string() + "'");
    }
    throw std::runtime_error(failure);
}

Desktop::~Desktop() {
    m_app.reset();
    m_trayer.reset();
    m_display.reset();
    std::error_code ec;
    std::filesystem::remove_all(m_home, ec);
}

void Desktop::start_app(const std::vector<std::string>& args) {
    std::vector<std::string> argv{RDPMEDIC_TRAY, "--verbose"};
    argv.insert(argv.end(), args.begin(), args.end());
    m_app = std::make_unique<Background>(argv, m_home / "app.out");
    if (!wait_until([this] { return icon().has_value(); }, std::chrono::seconds(20))) {
        throw std::runtime_error("the rdpmedic icon did not appear in the tray; output: " +
                                 sh("cat " + (m_home / "app.out").string()));
    }
}

std::optional<Rect> tray_icon(const std::string& name) {
    // An embedded icon is a window inside trayer's panel; the others are 10x10 leaders or
    // popups. xwininfo prints "WxH+x+y  +absx+absy".
    const std::string tree = sh("xwininfo -root -tree 2>/dev/null");
    std::istringstream lines(tree);
    std::string line;
    bool in_panel = false;
    std::string quoted = "\"";
    quoted += name;
    quoted += "\")";
    const std::regex geometry(R"((\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+))");
    while (std::getline(lines, line)) {
        if (line.find("(\"panel\" \"trayer\")") != std::string::npos) {
            in_panel = true;
            continue;
        }
        if (in_panel && line.find(quoted) != std::string::npos) {
            std::smatch m;
            if (std::regex_search(line, m, geometry)) {
                Rect r{std::stoi(m[3]), std::stoi(m[4]), std::stoi(m[1]), std::stoi(m[2])};
                if (r.width > 1 && r.height > 1) {
                    return r;
                }
            }
        }
    }
    return std::nullopt;
}

std::optional<Rect> Desktop::icon() const { return tray_icon("Rdpmedic"); }

std::vector<std::string> Desktop::windows_named(const std::string& name) const {
    std::vector<std::string> ids;
    std::istringstream out(sh("xdotool search --onlyvisible --name '" + name + "' 2>/dev/null"));
    std::string id;
    while (out >> id) {
        ids.push_back(id);
    }
    return ids;
}

bool Desktop::wait_window(const std::string& name, std::chrono::milliseconds timeout) const {
    return wait_until([&] { return !windows_named(name).empty(); }, timeout);
}

std::filesystem::path Desktop::screenshot(const std::string& name) const {
    const auto file = artifacts() / (name + ".png");
    sh("import -window root '" + file.string() + "' 2>/dev/null");
    return file;
}

void Desktop::click_icon(int button) {
    const auto r = icon();
    if (!r) {
        throw std::runtime_error("no tray icon to click");
    }
    sh("xdotool mousemove " + std::to_string(r->x + r->width / 2) + " " +
       std::to_string(r->y + r->height / 2) + " click " + std::to_string(button));
}

void Desktop::key(const std::string& keys) { sh("xdotool key --delay 60 " + keys); }

void Desktop::type(const std::string& text) { sh("xdotool type --delay 20 '" + text + "'"); }

std::string Desktop::log() const {
    std::ifstream in(state_dir() / "rdpmedic.log");
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

namespace {
std::string crop(const Rect& r) {
    return std::to_string(r.width) + "x" + std::to_string(r.height) + "+" + std::to_string(r.x) + "+" +
           std::to_string(r.y);
}
} // namespace

int busy_pixels(const std::filesystem::path& png, const Rect& region) {
    // The most common colour is the background; everything else is drawing.
    const std::string histogram = sh("convert '" + png.string() + "' -crop " + crop(region) +
                                     " +repage -format %c histogram:info:- 2>/dev/null");
    std::istringstream lines(histogram);
    std::string line;
    long total = 0;
    long most = 0;
    while (std::getline(lines, line)) {
        const long count = std::atol(line.c_str());
        total += count;
        most = std::max(most, count);
    }
    return static_cast<int>(total - most);
}

bool has_colour(const std::filesystem::path& png, const Rect& region, const std::string& hex, int fuzz) {
    const std::string histogram = sh("convert '" + png.string() + "' -crop " + crop(region) +
                                     " +repage -format %c histogram:info:- 2>/dev/null");
    const int want_r = std::stoi(hex.substr(1, 2), nullptr, 16);
    const int want_g = std::stoi(hex.substr(3, 2), nullptr, 16);
    const int want_b = std::stoi(hex.substr(5, 2), nullptr, 16);
    const std::regex colour(R"(#([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2}))");
    std::istringstream lines(histogram);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_search(line, m, colour)) {
            const int r = std::stoi(m[1], nullptr, 16);
            const int g = std::stoi(m[2], nullptr, 16);
            const int b = std::stoi(m[3], nullptr, 16);
            if (std::abs(r - want_r) <= fuzz && std::abs(g - want_g) <= fuzz && std::abs(b - want_b) <= fuzz) {
                return true;
            }
        }
    }
    return false;
}

} // namespace rdpmedic::gui
