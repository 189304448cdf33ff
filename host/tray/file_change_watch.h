#pragma once
/// Calls back, on the GUI thread, when a file is written, replaced or removed, by this
/// process or another one (`rdpmedic-cli undo`, the helper). The kernel tells (inotify,
/// through GIO's main loop, which wxGTK runs), so nothing wakes up while the file is still.
/// On Windows it does nothing: the only user, the StatusNotifierItem's menu, exists only on
/// Linux, and the Windows menu is built when it is opened.

#include <filesystem>
#include <functional>

namespace rdpmedic::tray {

class FileChangeWatch {
  public:
    /// Watches `file`, which need not exist yet; its folder must. A watch that cannot be set
    /// up says so in the log and never calls back.
    FileChangeWatch(const std::filesystem::path& file, std::function<void()> on_change);
    ~FileChangeWatch();
    FileChangeWatch(const FileChangeWatch&) = delete;
    FileChangeWatch& operator=(const FileChangeWatch&) = delete;

  private:
    std::function<void()> m_on_change;
    void* m_monitor = nullptr;
};

} // namespace rdpmedic::tray
