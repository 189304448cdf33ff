#pragma once
/// The typed changes a plugin may ask for, as the host and the helper handle them. Anything
/// that does not parse into one of these, within the allowlist, is refused.

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rdpmedic::plugins {

enum class ChangeKind { RegistrySet, RegistryDelete, TargetAddress, ClientArgument, Client, SystemAction };

/// "registry-set", "registry-delete", "target-address", "client-argument", "client", "system-action".
std::string_view to_id(ChangeKind kind);

/// A registry-shaped value: "dword" (decimal text) or "string".
struct StoredValue {
    std::string type;
    std::string data;
    bool operator==(const StoredValue&) const = default;
};

struct Change {
    ChangeKind kind = ChangeKind::ClientArgument;
    std::string key;   ///< registry key, "HKLM\\…" or "HKCU\\…"
    std::string name;  ///< registry value name
    StoredValue value; ///< registry-set: the new value; others: value.data is the argument
    /// The plugin marked it as weakening security or surprising the user: the host carries it
    /// out only with the user's consent.
    bool needs_consent = false;
    std::string note{}; ///< what the user is asked or told about it; may be empty
    bool operator==(const Change&) const = default;
};

class ChangeError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

nlohmann::json to_json(const Change& change);
/// Throws ChangeError saying which field is wrong or what is not allowlisted.
Change change_from_json(const nlohmann::json& json);
/// Throws ChangeError when the change is outside the allowlist: registry keys under the
/// Remote Desktop client's own keys, DWORD or string values, system actions dns.flush and
/// winsock.reset, overrides of reasonable length without NUL or newlines.
void check_allowlisted(const Change& change);

/// Changes the system and needs the journal; overrides only touch the next attempt.
bool is_system_change(const Change& change);
/// Needs an administrator: HKLM values and system actions.
bool needs_elevation(const Change& change);
/// Undo can restore what was there before (system actions cannot be taken back).
bool is_reversible(const Change& change);
/// One line for people: "set HKLM\\…\\fClientDisableUDP = 1 (dword)".
std::string describe(const Change& change);

nlohmann::json to_json(const std::optional<StoredValue>& value);
std::optional<StoredValue> stored_value_from_json(const nlohmann::json& json);

} // namespace rdpmedic::plugins
