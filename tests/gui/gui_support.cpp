#include "gui_support.h"

#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
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

void EnvironmentOverride::remember(const std::string& name) {
    for (const auto& saved : m_saved) {
        if (saved.first == name) {
            return;
        }
    }
    const char* old = std::getenv(name.c_str());
    m_saved.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
}

void EnvironmentOverride::set(const std::string& name, const std::string& value) {
    remember(name);
    ::setenv(name.c_str(), value.c_str(), 1);
}

void EnvironmentOverride::unset(const std::string& name) {
    remember(name);
    ::unsetenv(name.c_str());
}

EnvironmentOverride::~EnvironmentOverride() {
    for (auto it = m_saved.rbegin(); it != m_saved.rend(); ++it) {
        if (it->second) {
            ::setenv(it->first.c_str(), it->second->c_str(), 1);
        } else {
            ::unsetenv(it->first.c_str());
        }
    }
}

Desktop::Desktop() {
    char templ[] = "/tmp/rdpmedic-gui-XXXXXX";
    m_home = ::mkdtemp(templ);
    for (const char* dir : {"home", "config", "state", "data", "cache", "run", "system", "registry"}) {
        std::filesystem::create_directories(m_home / dir);
    }
    std::filesystem::permissions(m_home / "run", std::filesystem::perms::owner_all);
    m_environment.set("HOME", (m_home / "home").string());
    m_environment.set("XDG_CONFIG_HOME", (m_home / "config").string());
    m_environment.set("XDG_STATE_HOME", (m_home / "state").string());
    m_environment.set("XDG_DATA_HOME", (m_home / "data").string());
    m_environment.set("XDG_CACHE_HOME", (m_home / "cache").string());
    m_environment.set("XDG_RUNTIME_DIR", (m_home / "run").string());
    // An empty system plugin folder unless a test asks for the build's plugins, and system
    // values (the Linux stand-in for the registry) in the temporary directory.
    m_environment.set("RDPMEDIC_SYSTEM_DIR", (m_home / "system").string());
    m_environment.set("RDPMEDIC_REGISTRY_ROOT", registry_root().string());
    // No session bus: notifications must fall back to rdpmedic's own window. An address nothing
    // listens on rather than none: without one, GLib asks dbus-launch (dbus-x11) to start a bus
    // for the display, and the desktop's own Secret Service would come up on it.
    m_environment.set("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + (m_home / "no-session-bus").string());
    m_environment.set("NO_AT_BRIDGE", "1");
    // Seen once in a CI run: trayer could not open a display Xvfb had just reported ready.
    // A fresh display and tray host are tried before giving up, and the last output is kept.
    std::string failure;
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_trayer.reset();
        m_display = std::make_unique<lab::VirtualDisplay>();
        m_environment.set("DISPLAY", m_display->name());
        if (start_trayer()) {
            return;
        }
        failure = "trayer did not start on " + m_display->name() + "; its output: " +
                  sh("cat '" + (m_home / "trayer.log").string() + "'");
    }
    throw std::runtime_error(failure);
}

bool Desktop::start_trayer() {
    m_trayer = std::make_unique<Background>(
        std::vector<std::string>{"trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width",
                                 "160", "--height", "32", "--transparent", "false", "--SetDockType", "true"},
        m_home / "trayer.log");
    return wait_until([] { return !sh("xdotool search --class trayer 2>/dev/null").empty(); },
                      std::chrono::seconds(10));
}

void Desktop::restart_tray_host() {
    m_trayer.reset();
    wait_until([] { return sh("xdotool search --class trayer 2>/dev/null").empty(); }, std::chrono::seconds(5));
    if (!start_trayer()) {
        throw std::runtime_error("trayer did not start again: " + whole_file(m_home / "trayer.log"));
    }
}

Desktop::~Desktop() {
    m_app.reset();
    // Sessions a test left running must not outlive it.
    end_kept_sessions();
    m_trayer.reset();
    m_display.reset();
    std::error_code ec;
    std::filesystem::remove_all(m_home, ec);
}

void Desktop::use_build_plugins() { m_environment.set("RDPMEDIC_SYSTEM_DIR", RDPMEDIC_STAGE_DIR); }

void Desktop::write_settings(const std::string& json) const {
    std::filesystem::create_directories(config_dir());
    std::ofstream(config_dir() / "settings.json") << json;
}

void Desktop::launch_app(const std::vector<std::string>& args) {
    std::vector<std::string> argv{RDPMEDIC_TRAY, "--verbose"};
    argv.insert(argv.end(), args.begin(), args.end());
    m_app = std::make_unique<Background>(argv, m_home / "app.out");
}

void Desktop::start_app(const std::vector<std::string>& args) {
    launch_app(args);
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
    // The panel re-embeds the icon for a moment when its image changes with the state (a
    // failure turns it red just before a test reaches for the menu): wait that moment out.
    std::optional<Rect> r;
    wait_until([&] { return (r = icon()).has_value(); }, std::chrono::seconds(10));
    if (!r) {
        throw std::runtime_error("no tray icon to click");
    }
    sh("xdotool mousemove " + std::to_string(r->x + r->width / 2) + " " +
       std::to_string(r->y + r->height / 2) + " click " + std::to_string(button));
}

void Desktop::key(const std::string& keys) { sh("xdotool key --delay 60 " + keys); }

void Desktop::type(const std::string& text) { sh("xdotool type --delay 20 '" + text + "'"); }

std::string whole_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

std::string Desktop::log() const { return whole_file(state_dir() / "rdpmedic.log"); }

PrivateSessionBus::PrivateSessionBus(Desktop& desktop) {
    const auto address_file = desktop.home() / "session-bus.address";
    m_bus = std::make_unique<Background>(
        std::vector<std::string>{"dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"},
        address_file);
    std::string address;
    wait_until(
        [&] {
            std::ifstream in(address_file);
            return std::getline(in, address) && address.rfind("unix:", 0) == 0;
        },
        std::chrono::seconds(10));
    if (address.rfind("unix:", 0) != 0) {
        throw std::runtime_error("dbus-daemon --session did not start: " + sh("cat '" + address_file.string() + "'"));
    }
    desktop.set_environment("DBUS_SESSION_BUS_ADDRESS", address);
}

bool PrivateSessionBus::has_owner(const std::string& name) {
    return sh("dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "
              "org.freedesktop.DBus.NameHasOwner string:" + name + " 2>/dev/null")
               .find("boolean true") != std::string::npos;
}

PrivateKeyring::PrivateKeyring(Desktop& desktop) : m_home(desktop.home()), m_bus(desktop) {
    // The unlock password is read from stdin; a throwaway one makes (and unlocks) the keyring.
    m_keyring = std::make_unique<Background>(
        std::vector<std::string>{"sh", "-c",
                                 "echo throwaway-keyring-password | exec gnome-keyring-daemon --foreground "
                                 "--unlock --components=secrets"},
        m_home / "gnome-keyring.out");
    const bool up = wait_until([] { return PrivateSessionBus::has_owner("org.freedesktop.secrets"); },
                               std::chrono::seconds(10));
    if (!up) {
        throw std::runtime_error("gnome-keyring-daemon did not take org.freedesktop.secrets (is gnome-keyring "
                                 "installed?): " + sh("cat '" + (m_home / "gnome-keyring.out").string() + "'"));
    }
}

std::optional<std::string> PrivateKeyring::remembered(const std::string& host, int port, const std::string& user) const {
    const auto out = m_home / "keyring-probe.out";
    const std::string command = std::string(RDPMEDIC_KEYRING_PROBE) + " '" + host + "' " + std::to_string(port) +
                                " '" + user + "' >'" + out.string() + "' 2>/dev/null";
    const int status = std::system(command.c_str());
    const std::string text = whole_file(out);
    std::filesystem::remove(out);
    if (status != 0) {
        return std::nullopt;
    }
    return text;
}


bool any_process_shows(const std::string& text) {
    const std::string self = std::to_string(::getpid());
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string pid = entry.path().filename().string();
        if (pid == self || pid.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        for (const char* part : {"cmdline", "environ"}) {
            if (whole_file(entry.path() / part).find(text) != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

std::vector<std::filesystem::path> files_holding(const std::filesystem::path& folder, const std::string& text) {
    std::vector<std::filesystem::path> found;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (ec || !it->is_regular_file(ec)) {
            continue;
        }
        if (whole_file(it->path()).find(text) != std::string::npos) {
            found.push_back(it->path());
        }
    }
    return found;
}

void menu_pick(Desktop& desktop, const std::string& mnemonic) {
    desktop.click_icon(3);
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    desktop.key(mnemonic);
}

void disconnect_session(Desktop& desktop, int place) {
    // The number opens that session's actions with the first, Disconnect, highlighted.
    menu_pick(desktop, std::to_string(place));
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    desktop.key("Return");
}

void quit_app(Desktop& desktop, OpenSessions sessions) {
    const auto quits_logged = [&] {
        const std::string log = desktop.log();
        std::size_t count = 0;
        for (auto at = log.find("] quitting"); at != std::string::npos; at = log.find("] quitting", at + 1)) {
            ++count;
        }
        return count;
    };
    const std::size_t before = quits_logged();
    menu_pick(desktop, "q");
    // Asked only with sessions open; otherwise rdpmedic logs at once that it quits.
    const std::string question = "^Quit - rdpmedic$";
    if (!wait_until([&] { return !desktop.windows_named(question).empty() || quits_logged() > before; },
                    std::chrono::seconds(5)) ||
        desktop.windows_named(question).empty()) {
        return;
    }
    focus(desktop, question);
    desktop.key(sessions == OpenSessions::Close ? "alt+t" : "Return");
}

std::vector<int> recorded_keepers(const Desktop& desktop) {
    std::vector<int> pids;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(desktop.state_dir() / "sessions", ec), end; !ec && it != end;
         it.increment(ec)) {
        const auto record = nlohmann::json::parse(whole_file(it->path() / "record.json"), nullptr, false);
        if (record.is_object() && record.contains("keeper_pid") && record["keeper_pid"].is_number_integer()) {
            pids.push_back(record["keeper_pid"].get<int>());
        }
    }
    return pids;
}

void Desktop::end_kept_sessions() const {
    for (const int keeper : recorded_keepers(*this)) {
        // The keeper passes SIGTERM on to its client; the group is killed if that is not enough.
        ::kill(keeper, SIGTERM);
        if (!wait_until([keeper] { return ::kill(keeper, 0) != 0 || whole_file("/proc/" + std::to_string(keeper) + "/stat").find(") Z") != std::string::npos; },
                        std::chrono::seconds(5))) {
            ::kill(-keeper, SIGKILL);
        }
    }
}

void focus(Desktop& desktop, const std::string& name) {
    const auto ids = desktop.windows_named(name);
    if (!ids.empty()) {
        sh("xdotool windowfocus --sync " + ids.front() + " 2>/dev/null");
    }
}

void close_window(Desktop& desktop, const std::string& name) {
    focus(desktop, name);
    desktop.key("Escape");
    wait_until([&] { return desktop.windows_named(name).empty(); }, std::chrono::seconds(5));
}

bool open_connect_dialog(Desktop& desktop, const std::string& target) {
    const std::string title = "^Connect - rdpmedic$";
    menu_pick(desktop, "c");
    if (!desktop.wait_window(title)) {
        return false;
    }
    focus(desktop, title);
    desktop.key("ctrl+a");
    desktop.type(target);
    return true;
}

bool open_connect_dialog(Desktop& desktop, const std::string& target, const std::string& user,
                         const std::string& password) {
    if (!open_connect_dialog(desktop, target)) {
        return false;
    }
    // Tab order: the computer, Browse…, User, Password.
    desktop.key("Tab Tab");
    desktop.type(user);
    desktop.key("Tab");
    desktop.type(password);
    return true;
}

void connect_through_dialog(Desktop& desktop, const std::string& target, const std::string& screenshot) {
    if (!open_connect_dialog(desktop, target)) {
        throw std::runtime_error("Connect… did not open the Connect dialog");
    }
    if (!screenshot.empty()) {
        desktop.screenshot(screenshot);
    }
    desktop.key("Return");
}

std::unique_ptr<lab::Lab> security_layer_lab(Desktop& desktop, const std::string& security_layer, int attempts,
                                             const std::string& client_argument, const std::string& more_settings) {
    desktop.use_build_plugins();
    lab::LabOptions options;
    options.xrdp_security_layer = security_layer;
    auto lab = std::make_unique<lab::Lab>(options);
    desktop.set_environment("SSL_CERT_FILE", lab->ca_certificate().string());
    nlohmann::json settings = more_settings.empty() ? nlohmann::json::object()
                                                    : nlohmann::json::parse("{" + more_settings + "}");
    settings["max_attempts"] = attempts;
    settings["backoff_ms"] = 300;
    settings["connect_timeout_ms"] = 20000;
    settings["client_args"] = {client_argument};
    desktop.write_settings(settings.dump());
    return lab;
}

std::string address(const lab::Lab& lab) { return "localhost:" + std::to_string(lab.port()); }

nlohmann::json history(const Desktop& desktop) {
    std::ifstream in(desktop.state_dir() / "history.json");
    if (!in) {
        return {};
    }
    // Written to a temporary file and renamed, so a read sees a whole file or none; a
    // parse error here means a file that is not rdpmedic's, which the checks then report.
    return nlohmann::json::parse(in, nullptr, false);
}

std::string json_text(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get_ref<const std::string&>() : std::string();
}

bool history_has(const Desktop& desktop, const std::string& event) {
    const auto h = history(desktop);
    if (!h.is_object() || !h.contains("sessions")) {
        return false;
    }
    for (const auto& session : h["sessions"]) {
        for (const auto& e : session["events"]) {
            if (json_text(e, "event") == event) {
                return true;
            }
        }
    }
    return false;
}

std::vector<nlohmann::json> connections_to(const Desktop& desktop, const std::string& target) {
    std::vector<nlohmann::json> found;
    const auto h = history(desktop);
    if (h.is_object() && h.contains("sessions")) {
        for (const auto& session : h["sessions"]) {
            if (json_text(session, "target") == target) {
                found.push_back(session);
            }
        }
    }
    return found;
}

nlohmann::json newest_events(const Desktop& desktop) {
    const auto h = history(desktop);
    if (!h.is_object() || !h.contains("sessions") || h["sessions"].empty()) {
        return nlohmann::json::array();
    }
    return h["sessions"].back()["events"];
}

namespace {
std::string crop(const Rect& r) {
    return std::to_string(r.width) + "x" + std::to_string(r.height) + "+" + std::to_string(r.x) + "+" +
           std::to_string(r.y);
}
} // namespace

int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

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
