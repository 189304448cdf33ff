#pragma once
// The tray app as a person meets it: a real X server (Xvfb), a real tray host (trayer),
// xdotool for the mouse and keyboard, ImageMagick for screenshots and pixel checks.

#include "rdpmedic/lab/lab.h"

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

/// A desktop with a tray: Xvfb, trayer, and private XDG directories for rdpmedic.
class Desktop {
  public:
    Desktop();
    ~Desktop();

    std::filesystem::path home() const { return m_home; }
    std::filesystem::path config_dir() const { return m_home / "config" / "rdpmedic"; }
    std::filesystem::path state_dir() const { return m_home / "state" / "rdpmedic"; }
    std::string display() const { return m_display->name(); }

    /// Starts rdpmedic (with --verbose) and waits until its icon is embedded in the tray.
    void start_app(const std::vector<std::string>& args = {});
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

  private:
    std::filesystem::path m_home;
    std::unique_ptr<lab::VirtualDisplay> m_display;
    std::unique_ptr<Background> m_trayer;
    std::unique_ptr<Background> m_app;
};

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
