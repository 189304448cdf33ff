#pragma once
// The tray app as a person meets it: a real X server (Xvfb), a real tray host (trayer),
// xdotool for the mouse and keyboard, ImageMagick for screenshots and pixel checks.

#include "rdpmedic/lab/lab.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rdpmedic::gui {

/// A background process, stopped (SIGTERM, then SIGKILL) when destroyed.
class Background {
  public:
    explicit Background(const std::vector<std::string>& argv, const std::filesystem::path& output);
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;
    int pid() const { return m_pid; }
    /// Waits up to `timeout` for the process to exit; its exit code, or nullopt.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  private:
    int m_pid = -1;
    bool m_reaped = false;
};

/// Runs a shell command; its standard output.
std::string sh(const std::string& command);

struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
};

/// Polls `check` every 100 ms until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& check, std::chrono::milliseconds timeout);

/// Sets environment variables for its lifetime and puts the old values back afterwards.
class EnvironmentOverride {
  public:
    EnvironmentOverride() = default;
    ~EnvironmentOverride();
    EnvironmentOverride(const EnvironmentOverride&) = delete;
    EnvironmentOverride& operator=(const EnvironmentOverride&) = delete;
    void set(const std::string& name, const std::string& value);
    void unset(const std::string& name);

  private:
    void remember(const std::string& name);
    std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

/// A desktop with a tray: Xvfb, trayer, and a private home for rdpmedic. HOME and every XDG
/// folder point into a temporary directory, the system plugin folder is an empty one (the
/// build's signed plugins with use_build_plugins()), and system values live there too, so
/// nothing a test does reads or touches the real user's files.
class Desktop {
  public:
    Desktop();
    ~Desktop();

    std::filesystem::path home() const { return m_home; }
    std::filesystem::path config_dir() const { return m_home / "config" / "rdpmedic"; }
    std::filesystem::path state_dir() const { return m_home / "state" / "rdpmedic"; }
    std::filesystem::path user_plugins_dir() const { return m_home / "data" / "rdpmedic" / "plugins"; }
    std::filesystem::path registry_root() const { return m_home / "registry"; }
    std::string display() const { return m_display->name(); }
    /// Starts trayer again, on the same display: it takes the XEmbed tray back from a host
    /// that took it and has gone.
    void restart_tray_host();

    /// Before start_app(): the build's signed plugins (and the key that signed them) as the
    /// system's, the way an installed rdpmedic has them.
    void use_build_plugins();
    /// Before start_app(): writes settings.json.
    void write_settings(const std::string& json) const;
    /// Sets an environment variable for the test and the rdpmedic it starts, until the
    /// desktop goes away.
    void set_environment(const std::string& name, const std::string& value) { m_environment.set(name, value); }

    /// Starts rdpmedic (with --verbose) and waits until its icon is embedded in the tray.
    void start_app(const std::vector<std::string>& args = {});
    /// Starts rdpmedic (with --verbose) without waiting for anything.
    void launch_app(const std::vector<std::string>& args = {});
    Background& app() { return *m_app; }
    /// Where the icon is on screen.
    std::optional<Rect> icon() const;
    /// The ids of rdpmedic's top-level windows whose name matches `name` (a regex).
    std::vector<std::string> windows_named(const std::string& name) const;
    bool wait_window(const std::string& name, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    /// Saves a screenshot of the whole screen as ARTIFACTS/name.png and returns its path.
    std::filesystem::path screenshot(const std::string& name) const;
    void click_icon(int button);
    void key(const std::string& keys);
    void type(const std::string& text);
    std::string log() const;
    /// Ends the RDP clients rdpmedic left running for this desktop (through their keepers).
    void end_kept_sessions() const;

  private:
    /// Starts trayer; whether its panel appeared.
    bool start_trayer();

    std::filesystem::path m_home;
    EnvironmentOverride m_environment;
    std::unique_ptr<lab::VirtualDisplay> m_display;
    std::unique_ptr<Background> m_trayer;
    std::unique_ptr<Background> m_app;
};

/// A D-Bus session bus of the test's own (dbus-daemon --session): from construction on, the
/// test and the rdpmedic it starts use it (the desktop otherwise has none). Declare it after
/// the Desktop and quit rdpmedic before it goes: a program whose session bus vanishes exits.
class PrivateSessionBus {
  public:
    explicit PrivateSessionBus(Desktop& desktop);
    PrivateSessionBus(const PrivateSessionBus&) = delete;
    PrivateSessionBus& operator=(const PrivateSessionBus&) = delete;

    /// Whether a program owns `name` on this bus.
    static bool has_owner(const std::string& name);

  private:
    std::unique_ptr<Background> m_bus;
};

/// A D-Bus session bus of the test's own whose Secret Service is GNOME Keyring, unlocked, its
/// keyring files in the desktop's temporary home. From construction on, the test and the
/// rdpmedic it starts use this bus (the desktop otherwise has none). Declare it after the
/// Desktop and quit rdpmedic before it goes: a program whose session bus vanishes exits.
class PrivateKeyring {
  public:
    explicit PrivateKeyring(Desktop& desktop);
    PrivateKeyring(const PrivateKeyring&) = delete;
    PrivateKeyring& operator=(const PrivateKeyring&) = delete;

    /// The password remembered for `user` at `host`:`port`, asked in a process of its own
    /// (keyring-probe); nullopt when there is none.
    std::optional<std::string> remembered(const std::string& host, int port, const std::string& user) const;

  private:
    std::filesystem::path m_home;
    PrivateSessionBus m_bus;
    std::unique_ptr<Background> m_keyring;
};

/// The whole of `file` (empty when it cannot be read).
std::string whole_file(const std::filesystem::path& file);
/// Whether any process's command line or environment holds `text` (this test's own aside).
bool any_process_shows(const std::string& text);
/// The files under `folder` whose contents hold `text`.
std::vector<std::filesystem::path> files_holding(const std::filesystem::path& folder, const std::string& text);

/// Opens the tray menu and picks an item by its mnemonic.
void menu_pick(Desktop& desktop, const std::string& mnemonic);
/// Picks Disconnect in the menu of the session in `place` (1: the first one listed).
void disconnect_session(Desktop& desktop, int place = 1);
/// How quit_app() answers "Quit - rdpmedic" when sessions are open.
enum class OpenSessions { Close, LeaveRunning };
/// Quits rdpmedic from its menu; when it asks about open sessions, answers with `sessions`
/// (Leave them running is the dialog's default, taken with Enter). Does not wait for the exit.
void quit_app(Desktop& desktop, OpenSessions sessions = OpenSessions::Close);
/// The keeper processes (rdpmedic-session) the desktop's rdpmedic recorded as running.
std::vector<int> recorded_keepers(const Desktop& desktop);
/// Without a window manager the keyboard follows XSetInputFocus: gives it to the first
/// window whose name matches `name`.
void focus(Desktop& desktop, const std::string& name);
/// Escape in the window, then waits until it is gone.
void close_window(Desktop& desktop, const std::string& name);
/// Connect… → types `target` into the dialog, whose computer field keeps the keyboard. False
/// when the dialog did not open.
bool open_connect_dialog(Desktop& desktop, const std::string& target);
/// The same, then `user` and `password` into their fields; the keyboard is left in the
/// password field.
bool open_connect_dialog(Desktop& desktop, const std::string& target, const std::string& user,
                         const std::string& password);
/// Connect… → types `target` into the dialog → Connect; a screenshot of the filled dialog
/// when `screenshot` is not empty.
void connect_through_dialog(Desktop& desktop, const std::string& target, const std::string& screenshot = {});

/// For a lab scenario about security layers: the build's plugins on `desktop`, a lab whose
/// xrdp accepts only `security_layer` ("rdp" or "tls") with its CA trusted while the desktop
/// lives, and settings.json: `attempts` attempts 300 ms apart, the client always given
/// `client_argument` (e.g. "/sec:tls"), plus `more_settings` (JSON members, may be empty).
std::unique_ptr<lab::Lab> security_layer_lab(Desktop& desktop, const std::string& security_layer, int attempts,
                                             const std::string& client_argument,
                                             const std::string& more_settings = {});
/// "localhost:PORT", the lab's address as a user types it.
std::string address(const lab::Lab& lab);

/// A port on 127.0.0.1 that nothing listens on: one the system just handed out and took back.
int closed_port();

/// rdpmedic's history.json, or null while it does not exist or is being replaced.
nlohmann::json history(const Desktop& desktop);
/// The string at `key` of `object`, or "" when there is none.
std::string json_text(const nlohmann::json& object, const char* key);
/// Whether any session in the history has an event of this kind ("failed", "connected", …).
bool history_has(const Desktop& desktop, const std::string& event);
/// The history entries of connections to `target`, oldest first.
std::vector<nlohmann::json> connections_to(const Desktop& desktop, const std::string& target);
/// The events of the newest session in the history (empty when there is none).
nlohmann::json newest_events(const Desktop& desktop);

/// Where the tray icon whose window class is `name` (e.g. "Rdpmedic") is on screen, once
/// trayer has embedded it.
std::optional<Rect> tray_icon(const std::string& name);

/// The artifacts directory (screenshots), created on first use.
std::filesystem::path artifacts();

/// How many pixels of `region` in `png` differ from the region's most common colour.
int busy_pixels(const std::filesystem::path& png, const Rect& region);
/// Whether `png` contains a pixel within `fuzz` (0-255 per channel) of colour `hex` in `region`.
bool has_colour(const std::filesystem::path& png, const Rect& region, const std::string& hex, int fuzz = 24);

} // namespace rdpmedic::gui
