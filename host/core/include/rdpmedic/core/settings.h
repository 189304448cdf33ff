#pragma once
/// The user's settings, shared by the front ends, stored as JSON. Unknown keys are ignored and
/// missing ones take their defaults, so older and newer versions read each other's files.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rdpmedic {

/// A target the user connected to, newest first in Settings::recent.
struct RecentTarget {
    std::string target; ///< "HOST[:PORT]" or the path of an .rdp file
    std::string user;   ///< may be empty; never a password
    /// The user asked to remember this target's password: it is in the platform's secret
    /// store (credential_store.h), never here. Only then is the store asked for it.
    bool password_remembered = false;

    bool operator==(const RecentTarget&) const = default;
};

struct Settings {
    bool auto_retry = true;           ///< off: one attempt only
    int max_attempts = 3;             ///< 1..100
    int backoff_ms = 1000;            ///< first delay, doubling
    int connect_timeout_ms = 30000;   ///< how long one attempt may take
    bool diagnose_after_failure = true;
    bool ask_before_system_changes = true;    ///< ask before any system-wide or elevated change
    bool apply_connection_changes = true;     ///< per-connection changes without asking
    bool notifications = true;
    bool start_at_login = false;
    bool system_log_events = true;            ///< report connections to the journal / event log
    std::string client_path;                  ///< empty: the platform's usual client
    std::vector<std::string> client_args;     ///< added to every launch
    std::vector<std::string> plugin_order;    ///< plugin ids, first tried first
    std::vector<std::string> plugins_disabled;
    std::vector<std::string> trusted_publisher_keys;
    std::vector<RecentTarget> recent;

    static constexpr std::size_t kRecentLimit = 10;

    bool operator==(const Settings&) const = default;

    /// Moves (or adds) `target` to the front of `recent`, keeping kRecentLimit entries.
    void remember(const RecentTarget& target);
};

nlohmann::json to_json(const Settings& settings);
/// Lenient: a value of the wrong type or out of range keeps its default.
Settings settings_from_json(const nlohmann::json& json);

/// What loading found. When the file could not be used, `settings` are the defaults,
/// `problem` says why and `kept_copy` is where the unusable file was copied.
struct SettingsLoad {
    Settings settings;
    std::optional<std::string> problem;
    std::optional<std::filesystem::path> kept_copy;
};

/// Never throws for a missing or corrupt file; a corrupt one is kept aside and replaced by
/// the defaults. Throws StoredFileError only when nothing can be read or written there.
SettingsLoad load_settings(const std::filesystem::path& file);

/// Atomic (temporary file and rename). Throws StoredFileError.
void save_settings(const Settings& settings, const std::filesystem::path& file);

} // namespace rdpmedic
