#include "rdpmedic/plugins/change.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace rdpmedic::plugins {

std::string_view to_id(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::RegistrySet: return "registry-set";
    case ChangeKind::RegistryDelete: return "registry-delete";
    case ChangeKind::TargetAddress: return "target-address";
    case ChangeKind::ClientArgument: return "client-argument";
    case ChangeKind::Client: return "client";
    case ChangeKind::SystemAction: return "system-action";
    case ChangeKind::Override: return "override";
    case ChangeKind::InterfaceMtu: return "interface-mtu";
    }
    return "unknown";
}

namespace {

constexpr std::array kKinds = {ChangeKind::RegistrySet,    ChangeKind::RegistryDelete, ChangeKind::TargetAddress,
                               ChangeKind::ClientArgument, ChangeKind::Client,         ChangeKind::SystemAction,
                               ChangeKind::Override,       ChangeKind::InterfaceMtu};

// The Remote Desktop client's own keys: a strategy has no business anywhere else.
constexpr std::array<std::string_view, 4> kRegistryKeys = {
    "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client",
    "HKLM\\SOFTWARE\\Microsoft\\Terminal Server Client",
    "HKCU\\Software\\Microsoft\\Terminal Server Client",
    "HKCU\\Software\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client",
};
constexpr std::array<std::string_view, 2> kSystemActions = {"dns.flush", "winsock.reset"};

// The registry values rdpmedic knows the meaning of, and the DWORDs each may be set to.
// Anything else under the client's keys could mean anything (a policy that turns a check
// off), so it is refused rather than guessed at.
struct KnownValue {
    std::string_view name;
    std::uint32_t lowest;
    std::uint32_t highest;
    std::string_view meaning; ///< why the range is what it is, for the refusal
};
constexpr std::array<KnownValue, 3> kKnownValues = {{
    {"fClientDisableUDP", 0, 1, "0 or 1 (UDP on or off)"},
    {"RDGClientTransport", 0, 1, "0 or 1 (RD Gateway over HTTP or RPC)"},
    // 0 connects without a warning when the server cannot be authenticated.
    {"AuthenticationLevelOverride", 1, 2,
     "1 or 2; 0 would turn off the warning about a server that cannot be authenticated"},
}};

// Harmless FreeRDP options a plugin may still pass as text: none names a file, a device, a
// server or a credential, and none weakens a check.
constexpr std::array<std::string_view, 4> kFreeSwitches = {"-wallpaper", "-themes", "-clipboard", "+auto-reconnect"};
constexpr std::array<std::string_view, 7> kNetworkTypes = {"auto", "modem", "broadband", "broadband-low",
                                                           "broadband-high", "wan", "lan"};
constexpr std::string_view kArgumentAllowlist =
    "-wallpaper, -themes, -clipboard, +auto-reconnect, /network:TYPE, /timeout:MILLISECONDS, or a typed choice "
    "(/sec:, /tls-seclevel:, /tls:seclevel:, /gt:, /gateway:type:, /cert:name:)";

bool plain_text(const std::string& text, std::size_t max) {
    if (text.empty() || text.size() > max) {
        return false;
    }
    for (const char c : text) {
        if (c == '\0' || c == '\n' || c == '\r') {
            return false;
        }
    }
    return true;
}

std::optional<std::uint32_t> decimal(std::string_view text) {
    std::uint32_t number = 0;
    const auto* end = text.data() + text.size();
    const auto [next, error] = std::from_chars(text.data(), end, number);
    if (text.empty() || error != std::errc{} || next != end) {
        return std::nullopt;
    }
    return number;
}

template <std::size_t N>
bool one_of(std::string_view text, const std::array<std::string_view, N>& list) {
    return std::find(list.begin(), list.end(), text) != list.end();
}

/// Letters, digits, '-' and '.', labels of 1 to 63, at most 253 in all: what a certificate can
/// be issued for (IP literals included, as digits and dots).
bool dns_name(std::string_view name) {
    if (name.empty() || name.size() > 253) {
        return false;
    }
    std::size_t label = 0;
    for (const char c : name) {
        if (c == '.') {
            if (label == 0) {
                return false;
            }
            label = 0;
            continue;
        }
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!allowed || ++label > 63) {
            return false;
        }
    }
    return label != 0;
}

/// An IPv4 or IPv6 literal's characters, of at most its longest length: the address whose
/// route picks the interface; the OS parses it for real.
bool address_literal(std::string_view address) {
    return !address.empty() && address.size() <= 45 &&
           address.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
}

/// An interface as Linux names it (at most 15 characters) or Windows numbers it; empty before
/// the route is looked up.
bool interface_name(std::string_view name) {
    return name.size() <= 15 &&
           name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@") ==
               std::string_view::npos &&
           name != "." && name != "..";
}

bool free_argument_allowed(std::string_view argument) {
    constexpr std::string_view network = "/network:";
    constexpr std::string_view timeout = "/timeout:";
    if (one_of(argument, kFreeSwitches)) {
        return true;
    }
    if (argument.substr(0, network.size()) == network) {
        return one_of(argument.substr(network.size()), kNetworkTypes);
    }
    if (argument.substr(0, timeout.size()) == timeout) {
        const auto ms = decimal(argument.substr(timeout.size()));
        return ms && *ms >= 1000 && *ms <= 600000;
    }
    return false;
}

void check_override(const Change& change) {
    const std::string& value = change.value.data;
    if (change.name == kOverrideSecurityLayer) {
        if (!one_of(std::string_view(value), std::array<std::string_view, 4>{"rdp", "tls", "nla", "ext"})) {
            throw ChangeError("security layer \"" + value + "\" is not rdp, tls, nla or ext");
        }
    } else if (change.name == kOverrideTlsSecurityLevel) {
        const auto level = decimal(value);
        if (!level || *level > 5) {
            throw ChangeError("TLS security level \"" + value + "\" is not a number from 0 to 5");
        }
    } else if (change.name == kOverrideGatewayTransport) {
        if (!one_of(std::string_view(value), std::array<std::string_view, 3>{"auto", "http", "rpc"})) {
            throw ChangeError("gateway transport \"" + value + "\" is not auto, http or rpc");
        }
    } else if (change.name == kOverrideCertificateName) {
        if (!dns_name(value)) {
            throw ChangeError("certificate name \"" + value.substr(0, 60) + "\" is not a host name");
        }
    } else {
        throw ChangeError("unknown override \"" + change.name.substr(0, 60) +
                          "\" (security-layer, tls-security-level, gateway-transport, certificate-name)");
    }
}

bool same_key(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

void check_value_shape(const StoredValue& value) {
    if (value.type == "dword") {
        if (!decimal(value.data)) {
            throw ChangeError("DWORD value \"" + value.data.substr(0, 60) + "\" is not a 32-bit number");
        }
    } else if (value.type != "string" || value.data.size() > 4096 || value.data.find('\0') != std::string::npos) {
        throw ChangeError("registry values must be \"dword\" or \"string\" (at most 4096 bytes)");
    }
}

namespace {

/// The key is one of the client's, the name one line; the value, if any, a type rdpmedic writes.
void check_registry_shape(const std::string& key, const std::string& name, const std::optional<StoredValue>& value) {
    bool allowed_key = false;
    for (const auto known : kRegistryKeys) {
        allowed_key = allowed_key || same_key(key, known);
    }
    if (!allowed_key) {
        throw ChangeError("registry key \"" + key.substr(0, 120) + "\" is not one of the Remote Desktop client's keys");
    }
    if (!plain_text(name, 255) || name.find('\\') != std::string::npos || name.find('/') != std::string::npos) {
        throw ChangeError("registry value name \"" + name.substr(0, 60) + "\" is not allowed");
    }
    if (value) {
        check_value_shape(*value);
    }
}

/// check_allowlisted(), with registry values checked by name and value or (`by_value` false,
/// for journal entries written by an older version) only by their shape.
void check_change(const Change& change, bool by_value) {
    switch (change.kind) {
    case ChangeKind::RegistrySet:
    case ChangeKind::RegistryDelete: {
        const std::optional<StoredValue> value =
            change.kind == ChangeKind::RegistrySet ? std::optional<StoredValue>(change.value) : std::nullopt;
        if (by_value) {
            check_registry_value(change.key, change.name, value);
        } else {
            check_registry_shape(change.key, change.name, value);
        }
        return;
    }
    case ChangeKind::SystemAction:
        for (const auto action : kSystemActions) {
            if (change.value.data == action) {
                return;
            }
        }
        throw ChangeError("system action \"" + change.value.data.substr(0, 60) +
                          "\" is not allowlisted (dns.flush, winsock.reset)");
    case ChangeKind::Override: check_override(change); return;
    case ChangeKind::InterfaceMtu:
        if (!address_literal(change.key)) {
            throw ChangeError("interface MTU: \"" + change.key.substr(0, 60) + "\" is not an IP address");
        }
        if (!interface_name(change.name)) {
            throw ChangeError("interface MTU: \"" + change.name.substr(0, 60) + "\" is not an interface name");
        }
        check_mtu(change.value.data, by_value ? kLowestNewMtu : kLowestRestoredMtu,
                  by_value ? kHighestNewMtu : kHighestRestoredMtu);
        return;
    case ChangeKind::ClientArgument:
        if (!free_argument_allowed(change.value.data)) {
            throw ChangeError("client argument \"" + change.value.data.substr(0, 60) +
                              "\" is not on the allowlist (" + std::string(kArgumentAllowlist) + ")");
        }
        return;
    case ChangeKind::TargetAddress:
    case ChangeKind::Client:
        if (!plain_text(change.value.data, 1024)) {
            throw ChangeError(std::string(to_id(change.kind)) + " needs one line of text of at most 1024 bytes");
        }
        return;
    }
}

} // namespace

namespace {

/// The known value `name` under one of the client's keys, with `value` (if any) of a shape
/// rdpmedic writes and, when `of_its_type`, of the type rdpmedic sets it to.
const KnownValue& known_registry_value(const std::string& key, const std::string& name,
                                       const std::optional<StoredValue>& value, bool of_its_type) {
    check_registry_shape(key, name, value);
    const auto known = std::find_if(kKnownValues.begin(), kKnownValues.end(),
                                    [&name](const KnownValue& candidate) { return same_key(name, candidate.name); });
    if (known == kKnownValues.end()) {
        throw ChangeError("registry value " + name + " is not one rdpmedic knows the meaning of (" +
                          "fClientDisableUDP, RDGClientTransport, AuthenticationLevelOverride)");
    }
    if (of_its_type && value && value->type != "dword") {
        throw ChangeError("registry value " + std::string(known->name) + " must be a DWORD, not a " + value->type);
    }
    return *known;
}

} // namespace

void check_restorable_value(const std::string& key, const std::string& name, const std::optional<StoredValue>& prior) {
    known_registry_value(key, name, prior, false);
}

void check_registry_value(const std::string& key, const std::string& name, const std::optional<StoredValue>& value) {
    const KnownValue* known = &known_registry_value(key, name, value, true);
    if (!value) {
        return;
    }
    const auto number = decimal(value->data);
    if (!number || *number < known->lowest || *number > known->highest) {
        throw ChangeError("registry value " + std::string(known->name) + " = " + value->data.substr(0, 60) +
                          " is refused: it may only be " + std::string(known->meaning));
    }
}

void check_allowlisted(const Change& change) { check_change(change, true); }

void check_mtu(const std::string& mtu, std::uint32_t lowest, std::uint32_t highest) {
    const auto number = decimal(mtu);
    if (!number || *number < lowest || *number > highest) {
        throw ChangeError("MTU \"" + mtu.substr(0, 20) + "\" is not a number from " + std::to_string(lowest) + " to " +
                          std::to_string(highest));
    }
}

std::optional<Change> override_from_client_argument(const std::string& argument, const std::string& note) {
    struct Spelling {
        std::string_view prefix;
        const char* name;
    };
    static constexpr std::array<Spelling, 6> kSpellings = {{{"/sec:", kOverrideSecurityLayer},
                                                            {"/tls-seclevel:", kOverrideTlsSecurityLevel},
                                                            {"/tls:seclevel:", kOverrideTlsSecurityLevel},
                                                            {"/gt:", kOverrideGatewayTransport},
                                                            {"/gateway:type:", kOverrideGatewayTransport},
                                                            {"/cert:name:", kOverrideCertificateName}}};
    // mstsc's own spelling of the security layer, as an .rdp setting: CredSSP on is NLA; off,
    // mstsc negotiates TLS or standard RDP security and cannot pin one (TLS is the nearer).
    constexpr std::string_view credssp = "enablecredsspsupport:i:";
    if (argument.compare(0, credssp.size(), credssp) == 0) {
        const std::string value = argument.substr(credssp.size());
        if (value == "0" || value == "1") {
            Change change;
            change.kind = ChangeKind::Override;
            change.name = kOverrideSecurityLayer;
            change.value.data = value == "1" ? "nla" : "tls";
            change.note = note;
            return change;
        }
    }
    for (const auto& spelling : kSpellings) {
        if (argument.compare(0, spelling.prefix.size(), spelling.prefix) == 0) {
            Change change;
            change.kind = ChangeKind::Override;
            change.name = spelling.name;
            change.value.data = argument.substr(spelling.prefix.size());
            change.note = note;
            return change;
        }
    }
    return std::nullopt;
}

nlohmann::json to_json(const Change& change) {
    nlohmann::json json = {{"kind", to_id(change.kind)}, {"value", change.value.data}};
    if (change.kind == ChangeKind::RegistrySet || change.kind == ChangeKind::RegistryDelete ||
        change.kind == ChangeKind::InterfaceMtu) {
        json["key"] = change.key;
        json["name"] = change.name;
    }
    if (change.kind == ChangeKind::Override) {
        json["name"] = change.name;
    }
    if (change.kind == ChangeKind::RegistrySet) {
        json["type"] = change.value.type;
    }
    if (change.needs_consent) {
        json["needs_consent"] = true;
    }
    if (!change.note.empty()) {
        json["note"] = change.note;
    }
    return json;
}

Change change_from_json(const nlohmann::json& json) {
    if (!json.is_object() || !json.contains("kind") || !json["kind"].is_string()) {
        throw ChangeError("a change needs a \"kind\"");
    }
    Change change;
    const std::string kind = json["kind"].get<std::string>();
    bool known = false;
    for (const auto candidate : kKinds) {
        if (to_id(candidate) == kind) {
            change.kind = candidate;
            known = true;
        }
    }
    if (!known) {
        throw ChangeError("unknown change kind \"" + kind + "\"");
    }
    const auto text = [&json](const char* name) {
        const auto it = json.find(name);
        if (it == json.end()) {
            return std::string();
        }
        if (!it->is_string()) {
            throw ChangeError(std::string("the change's \"") + name + "\" must be a string");
        }
        return it->get<std::string>();
    };
    change.key = text("key");
    change.name = text("name");
    change.value.type = text("type");
    change.value.data = text("value");
    change.note = text("note");
    if (const auto consent = json.find("needs_consent"); consent != json.end()) {
        if (!consent->is_boolean()) {
            throw ChangeError("the change's \"needs_consent\" must be true or false");
        }
        change.needs_consent = consent->get<bool>();
    }
    if (change.note.size() > 2000 || change.note.find('\0') != std::string::npos) {
        throw ChangeError("the change's \"note\" is longer than 2000 bytes or holds a NUL");
    }
    // A plugin built before overrides were typed spells them as FreeRDP arguments.
    if (change.kind == ChangeKind::ClientArgument) {
        if (auto typed = override_from_client_argument(change.value.data, change.note)) {
            typed->needs_consent = change.needs_consent;
            change = std::move(*typed);
        }
    }
    // By shape only: the journal reads its entries back with this, and an entry an older version
    // wrote must stay undoable. Requests are checked by value with check_allowlisted().
    check_change(change, false);
    // Resetting winsock drops layered network software until the next restart, and the
    // restart is the user's to make: it is never done without asking, whatever the plugin said.
    if (change.kind == ChangeKind::SystemAction && change.value.data == "winsock.reset") {
        change.needs_consent = true;
        if (change.note.empty()) {
            change.note = "reset the Winsock catalog (netsh winsock reset): removes layered network software such "
                          "as some VPN and filter drivers; Windows must be restarted afterwards";
        }
    }
    // A smaller MTU slows every connection of the machine over that interface until it is
    // undone: never done without asking.
    if (change.kind == ChangeKind::InterfaceMtu) {
        change.needs_consent = true;
        if (change.note.empty()) {
            change.note = "lower the MTU of the network interface that carries the route to " + change.key + " to " +
                          change.value.data + " bytes, for the whole machine, until it is undone";
        }
    }
    return change;
}

bool is_system_change(const Change& change) {
    return change.kind == ChangeKind::RegistrySet || change.kind == ChangeKind::RegistryDelete ||
           change.kind == ChangeKind::SystemAction || change.kind == ChangeKind::InterfaceMtu;
}

bool needs_elevation(const Change& change) {
    if (change.kind == ChangeKind::SystemAction || change.kind == ChangeKind::InterfaceMtu) {
        return true;
    }
    // Keys are matched without regard to case, as the registry and the allowlist do.
    return is_system_change(change) && change.key.size() > 5 && same_key(change.key.substr(0, 5), "HKLM\\");
}

bool is_reversible(const Change& change) { return change.kind != ChangeKind::SystemAction; }

std::string describe(const Change& change) {
    switch (change.kind) {
    case ChangeKind::RegistrySet:
        return "set " + change.key + "\\" + change.name + " = " + change.value.data + " (" + change.value.type + ")";
    case ChangeKind::RegistryDelete: return "delete " + change.key + "\\" + change.name;
    case ChangeKind::TargetAddress: return "connect to " + change.value.data + " instead";
    case ChangeKind::ClientArgument: return "add the client argument " + change.value.data;
    case ChangeKind::Client: return "use the client " + change.value.data;
    case ChangeKind::SystemAction: return "run " + change.value.data;
    case ChangeKind::Override: return "use " + change.name + " " + change.value.data + " for this connection";
    case ChangeKind::InterfaceMtu:
        return "set the MTU of " + (change.name.empty() ? "the interface" : "interface " + change.name) +
               " (the route to " + change.key + ") to " + change.value.data;
    }
    return {};
}

nlohmann::json to_json(const std::optional<StoredValue>& value) {
    if (!value) {
        return nullptr;
    }
    return {{"type", value->type}, {"data", value->data}};
}

std::optional<StoredValue> stored_value_from_json(const nlohmann::json& json) {
    if (json.is_null()) {
        return std::nullopt;
    }
    return StoredValue{json.at("type").get<std::string>(), json.at("data").get<std::string>()};
}

} // namespace rdpmedic::plugins
