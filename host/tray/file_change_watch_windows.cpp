// Windows has no StatusNotifierItem, whose menu is the only thing that needs the watch.
#include "file_change_watch.h"

namespace rdpmedic::tray {

FileChangeWatch::FileChangeWatch(const std::filesystem::path&, std::function<void()> on_change)
    : m_on_change(std::move(on_change)) {}

FileChangeWatch::~FileChangeWatch() = default;

} // namespace rdpmedic::tray
