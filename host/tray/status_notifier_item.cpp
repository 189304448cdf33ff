#include "status_notifier_item.h"

#include <libayatana-appindicator/app-indicator.h>
#include <spdlog/spdlog.h>

#include <wx/menu.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>

namespace rdpmedic::tray {

namespace {

constexpr const char* kWatcherName = "org.kde.StatusNotifierWatcher";

std::string icon_name(TrayState state) { return std::string("rdpmedic-") + to_id(state); }

/// GLib would otherwise start a bus of its own (dbus-launch --autolaunch) just to look for a
/// watcher that cannot be on it.
bool session_bus_exists() {
    if (const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS"); address && *address) {
        return true;
    }
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    std::error_code ec;
    return runtime && *runtime && std::filesystem::exists(std::filesystem::path(runtime) / "bus", ec);
}

/// A folder of this process's own: where the host reads the icons from by name.
std::filesystem::path make_icon_dir() {
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    std::error_code ec;
    const std::filesystem::path base =
        runtime && *runtime ? std::filesystem::path(runtime) : std::filesystem::temp_directory_path(ec);
    std::string pattern = (base / "rdpmedic-icons-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return {};
    }
    return pattern;
}

} // namespace

StatusNotifierItem::StatusNotifierItem(std::function<void(bool)> on_host_changed)
    : m_on_host_changed(std::move(on_host_changed)) {
    if (!session_bus_exists()) {
        spdlog::info("no session bus: the tray icon is an XEmbed one");
        return;
    }
    m_watch = g_bus_watch_name(
        G_BUS_TYPE_SESSION, kWatcherName, G_BUS_NAME_WATCHER_FLAGS_NONE,
        [](GDBusConnection*, const gchar*, const gchar*, gpointer self) {
            static_cast<StatusNotifierItem*>(self)->watcher_appeared();
        },
        [](GDBusConnection*, const gchar*, gpointer self) { static_cast<StatusNotifierItem*>(self)->watcher_vanished(); },
        this, nullptr);
}

StatusNotifierItem::~StatusNotifierItem() {
    if (m_watch != 0) {
        g_bus_unwatch_name(m_watch);
    }
    drop_indicator();
    if (!m_icon_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_icon_dir, ec);
    }
}

void StatusNotifierItem::write_icons() {
    // Once per process: the watcher can come and go, the icons stay the same.
    if (!m_icon_dir.empty()) {
        return;
    }
    m_icon_dir = make_icon_dir();
    if (m_icon_dir.empty()) {
        // Never fall back to a relative name: that would write into whatever the current folder is.
        spdlog::warn("no folder for the tray icons could be made; the host shows its own icon");
        return;
    }
    for (const TrayState state : {TrayState::Idle, TrayState::Connecting, TrayState::Diagnosing, TrayState::Fixing,
                                  TrayState::Connected, TrayState::Failed}) {
        std::ofstream(m_icon_dir / (icon_name(state) + ".svg")) << state_svg(state);
    }
}

void StatusNotifierItem::watcher_appeared() {
    if (m_indicator) {
        return;
    }
    write_icons();
    spdlog::info("a StatusNotifierWatcher is on the session bus: the tray icon is a StatusNotifierItem");
    m_attempts = 0;
    create_indicator();
}

void StatusNotifierItem::create_indicator() {
    ++m_attempts;
    m_registered = false;
    m_indicator = app_indicator_new("rdpmedic", icon_name(TrayState::Idle).c_str(),
                                    APP_INDICATOR_CATEGORY_APPLICATION_STATUS);
    app_indicator_set_icon_theme_path(m_indicator, m_icon_dir.c_str());
    app_indicator_set_attention_icon_full(m_indicator, icon_name(TrayState::Failed).c_str(), "failed");
    g_signal_connect(m_indicator, "connection-changed",
                     G_CALLBACK(+[](AppIndicator*, gboolean connected, gpointer data) {
                         // AppIndicator says so again each time it registers anew (a new menu).
                         auto* self = static_cast<StatusNotifierItem*>(data);
                         if (self->m_registered == static_cast<bool>(connected)) {
                             return;
                         }
                         self->m_registered = connected;
                         spdlog::info("status notifier item {} the watcher",
                                      connected ? "registered with" : "no longer registered with");
                     }),
                     this);
    // The caller hands over the menu (AppIndicator registers the item once it has one) and the
    // state, which makes the item active.
    m_on_host_changed(true);
    m_registration_check = g_timeout_add(
        3000,
        [](gpointer self) -> gboolean {
            static_cast<StatusNotifierItem*>(self)->check_registered();
            return G_SOURCE_REMOVE;
        },
        this);
}

void StatusNotifierItem::check_registered() {
    m_registration_check = 0;
    constexpr int kAttempts = 5;
    if (m_registered || !m_indicator || m_attempts >= kAttempts) {
        return;
    }
    spdlog::warn("the StatusNotifierWatcher has not taken the item; offering it again");
    drop_indicator();
    create_indicator();
}

void StatusNotifierItem::drop_indicator() {
    if (m_registration_check != 0) {
        g_source_remove(m_registration_check);
        m_registration_check = 0;
    }
    if (m_indicator) {
        g_object_unref(m_indicator);
        m_indicator = nullptr;
    }
    m_menu.reset();
}

void StatusNotifierItem::watcher_vanished() {
    if (!m_indicator) {
        return;
    }
    // Dropped at once: AppIndicator's own fallback (a GtkStatusIcon, after a short timer) would
    // otherwise show a second icon beside the one the caller puts back.
    drop_indicator();
    spdlog::info("the StatusNotifierWatcher left the session bus: the tray icon is an XEmbed one");
    m_on_host_changed(false);
}

void StatusNotifierItem::show_state(TrayState state, const wxString& title) {
    if (!m_indicator) {
        return;
    }
    app_indicator_set_icon_full(m_indicator, icon_name(state).c_str(), to_id(state));
    app_indicator_set_title(m_indicator, title.utf8_string().c_str());
    app_indicator_set_status(m_indicator,
                             state == TrayState::Failed ? APP_INDICATOR_STATUS_ATTENTION : APP_INDICATOR_STATUS_ACTIVE);
}

void StatusNotifierItem::set_menu(std::unique_ptr<wxMenu> menu) {
    if (!m_indicator || !menu) {
        return;
    }
    // wxGTK keeps the menu as a GtkMenu; AppIndicator exports that over D-Bus (dbusmenu) and
    // activating an item there is the same as clicking it in a popup.
    app_indicator_set_menu(m_indicator, GTK_MENU(menu->m_menu));
    m_menu = std::move(menu);
}

} // namespace rdpmedic::tray
