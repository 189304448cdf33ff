#pragma once
/// The typed changes a plugin may ask for, as the host and the helper handle them. Anything
/// that does not parse into one of these, within the allowlist, is refused.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rdpmedic::plugins {

/// Override: a typed per-connection choice (Change::name says which, value.data its value),
/// the host's ClientOverrides as a plugin asks for them. InterfaceMtu: the MTU (value.data)
/// of the interface that carries the route to an address (key); whoever carries it out fills
/// in the interface (name) it found, so the journal can put the old MTU back on it.
enum class ChangeKind {
    RegistrySet,
    RegistryDelete,
    TargetAddress,
    ClientArgument,
    Client,
    SystemAction,
    Override,
    InterfaceMtu
};

/// "registry-set", "registry-delete", "target-address", "client-argument", "client",
/// "system-action", "override", "interface-mtu".
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
    std::string name;  ///< registry value name; override: which one (see OverrideName)
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
/// Throws ChangeError saying which field is wrong or what is not allowlisted. Registry values
/// are checked by their shape only (so the journal can read back what an older version
/// wrote); whoever carries out or forwards a request also calls check_allowlisted().
Change change_from_json(const nlohmann::json& json);
/// Throws ChangeError when the change is outside the allowlist: registry values rdpmedic knows
/// by name under the Remote Desktop client's own keys, each with the values it may take
/// (check_registry_value), system actions dns.flush and winsock.reset, typed overrides with
/// their value grammar, client arguments on the allowlist of harmless FreeRDP options
/// (README, "What a plugin can and cannot do"), and one line of text for the others.
void check_allowlisted(const Change& change);

/// The overrides a plugin may ask for, by their wire names.
inline constexpr const char* kOverrideSecurityLayer = "security-layer";         ///< rdp, tls, nla, ext
inline constexpr const char* kOverrideTlsSecurityLevel = "tls-security-level"; ///< 0 … 5
inline constexpr const char* kOverrideGatewayTransport = "gateway-transport";  ///< auto, http, rpc
inline constexpr const char* kOverrideCertificateName = "certificate-name";    ///< a DNS name

/// A FreeRDP spelling of a typed choice ("/sec:tls", "/tls-seclevel:0", "/tls:seclevel:0",
/// "/gt:rpc", "/gateway:type:rpc", "/cert:name:host") or of mstsc ("enablecredsspsupport:i:1")
/// as the Override change it means, so a
/// plugin built before overrides were typed keeps working; nullopt for anything else.
std::optional<Change> override_from_client_argument(const std::string& argument, const std::string& note = {});

/// Throws ChangeError unless `value` has a registry type rdpmedic writes ("dword" as decimal
/// text of a 32-bit number, "string" of at most 4096 bytes without NUL). Shared by new values
/// and the priors undo restores.
void check_value_shape(const StoredValue& value);
/// Throws ChangeError unless `name` under `key` is a value rdpmedic knows the meaning of and
/// `value` one it may set there (nullopt: deleting it): e.g. AuthenticationLevelOverride may
/// be 1 or 2, never 0, which turns off mstsc's warning about an unauthenticated server.
void check_registry_value(const std::string& key, const std::string& name, const std::optional<StoredValue>& value);
/// Throws ChangeError unless undo may write `prior` (nullopt: delete) to `name` under `key`: a
/// value rdpmedic knows, a DWORD or a string of at most 4096 bytes. Neither the type nor the
/// range of new values: what the user had before a change (their own string there, or their
/// AuthenticationLevelOverride = 0) is theirs to get back.
void check_restorable_value(const std::string& key, const std::string& name, const std::optional<StoredValue>& prior);

/// The MTUs a strategy may set (IPv4's 576-byte minimum datagram up to Ethernet's 1500), and
/// those undo may put back (anything an interface can have).
inline constexpr std::uint32_t kLowestNewMtu = 576;
inline constexpr std::uint32_t kHighestNewMtu = 1500;
inline constexpr std::uint32_t kLowestRestoredMtu = 68;
inline constexpr std::uint32_t kHighestRestoredMtu = 65535;
/// Throws ChangeError unless `mtu` is decimal text within lowest … highest.
void check_mtu(const std::string& mtu, std::uint32_t lowest, std::uint32_t highest);

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
