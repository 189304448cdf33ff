#include "file_change_watch.h"

#include <gio/gio.h>
#include <spdlog/spdlog.h>

namespace rdpmedic::tray {

FileChangeWatch::FileChangeWatch(const std::filesystem::path& file, std::function<void()> on_change)
    : m_on_change(std::move(on_change)) {
    GFile* watched = g_file_new_for_path(file.c_str());
    GError* error = nullptr;
    GFileMonitor* monitor = g_file_monitor_file(watched, G_FILE_MONITOR_WATCH_MOVES, nullptr, &error);
    g_object_unref(watched);
    if (monitor == nullptr) {
        spdlog::warn("changes to {} are not watched: {}", file.string(), error ? error->message : "unknown error");
        g_clear_error(&error);
        return;
    }
    g_signal_connect(monitor, "changed",
                     G_CALLBACK(+[](GFileMonitor*, GFile*, GFile*, GFileMonitorEvent, gpointer self) {
                         static_cast<FileChangeWatch*>(self)->m_on_change();
                     }),
                     this);
    m_monitor = monitor;
}

FileChangeWatch::~FileChangeWatch() {
    if (m_monitor != nullptr) {
        auto* monitor = static_cast<GFileMonitor*>(m_monitor);
        g_signal_handlers_disconnect_by_data(monitor, this);
        g_file_monitor_cancel(monitor);
        g_object_unref(monitor);
    }
}

} // namespace rdpmedic::tray
