#include "rdpmedic/plugins/change.h"

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
    }
    return "unknown";
}

namespace {

constexpr std::array kKinds = {ChangeKind::RegistrySet, ChangeKind::RegistryDelete, ChangeKind::TargetAddress,
                               ChangeKind::ClientArgument, ChangeKind::Client, ChangeKind::SystemAction};

// The Remote Desktop client's own keys: a strategy has no business anywhere else.
constexpr std::array<std::string_view, 4> kRegistryKeys = {
    "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client",
    "HKLM\\SOFTWARE\\Microsoft\\Terminal Server Client",
    "HKCU\\Software\\Microsoft\\Terminal Server Client",
    "HKCU\\Software\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client",
};
constexpr std::array<std::string_view, 2> kSystemActions = {"dns.flush", "winsock.reset"};

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

void check_allowlisted(const Change& change) {
    switch (change.kind) {
    case ChangeKind::RegistrySet:
    case ChangeKind::RegistryDelete: {
        bool allowed = false;
        for (const auto key : kRegistryKeys) {
            allowed = allowed || same_key(change.key, key);
        }
        if (!allowed) {
            throw ChangeError("registry key \"" + change.key + "\" is not one of the Remote Desktop client's keys");
        }
        if (!plain_text(change.name, 255) || change.name.find('\\') != std::string::npos ||
            change.name.find('/') != std::string::npos) {
            throw ChangeError("registry value name \"" + change.name + "\" is not allowed");
        }
        if (change.kind == ChangeKind::RegistrySet) {
            if (change.value.type == "dword") {
                std::uint32_t number = 0;
                const auto* end = change.value.data.data() + change.value.data.size();
                const auto [next, error] = std::from_chars(change.value.data.data(), end, number);
                if (error != std::errc{} || next != end || change.value.data.empty()) {
                    throw ChangeError("DWORD value \"" + change.value.data + "\" is not a 32-bit number");
                }
            } else if (change.value.type != "string" || change.value.data.size() > 4096 ||
                       change.value.data.find('\0') != std::string::npos) {
                throw ChangeError("registry values must be \"dword\" or \"string\" (at most 4096 bytes)");
            }
        }
        return;
    }
    case ChangeKind::SystemAction:
        for (const auto action : kSystemActions) {
            if (change.value.data == action) {
                return;
            }
        }
        throw ChangeError("system action \"" + change.value.data + "\" is not allowlisted (dns.flush, winsock.reset)");
    case ChangeKind::TargetAddress:
    case ChangeKind::ClientArgument:
    case ChangeKind::Client:
        if (!plain_text(change.value.data, 1024)) {
            throw ChangeError(std::string(to_id(change.kind)) + " needs one line of text of at most 1024 bytes");
        }
        return;
    }
}

nlohmann::json to_json(const Change& change) {
    nlohmann::json json = {{"kind", to_id(change.kind)}, {"value", change.value.data}};
    if (change.kind == ChangeKind::RegistrySet || change.kind == ChangeKind::RegistryDelete) {
        json["key"] = change.key;
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
    check_allowlisted(change);
    // Resetting winsock drops layered network software until the next restart, and the
    // restart is the user's to make: it is never done without asking, whatever the plugin said.
    if (change.kind == ChangeKind::SystemAction && change.value.data == "winsock.reset") {
        change.needs_consent = true;
        if (change.note.empty()) {
            change.note = "reset the Winsock catalog (netsh winsock reset): removes layered network software such "
                          "as some VPN and filter drivers; Windows must be restarted afterwards";
        }
    }
    return change;
}

bool is_system_change(const Change& change) {
    return change.kind == ChangeKind::RegistrySet || change.kind == ChangeKind::RegistryDelete ||
           change.kind == ChangeKind::SystemAction;
}

bool needs_elevation(const Change& change) {
    if (change.kind == ChangeKind::SystemAction) {
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
