#include "rdpmedic/platform/mstsc_settings.h"

#include "rdpmedic/core/ascii.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace rdpmedic {

namespace {

/// mstsc's own switches (`mstsc /?`), lowercase; those ending in ':' take a value.
constexpr std::array<std::string_view, 15> kMstscSwitches = {
    "/admin",       "/f",      "/span",    "/multimon",        "/public", "/restrictedadmin",
    "/remoteguard", "/prompt", "/control", "/noconsentprompt", "/edit",   "/migrate",
    "/w:",          "/h:",     "/shadow:"};

bool is_mstsc_switch(const std::string& argument) {
    const std::string lower = ascii_lowercase(argument);
    return std::any_of(kMstscSwitches.begin(), kMstscSwitches.end(), [&](std::string_view known) {
        return known.back() == ':' ? lower.size() > known.size() && lower.rfind(known, 0) == 0
                                   : lower == known;
    });
}

struct RdpSetting {
    std::string key;
    std::string typed_value; ///< "type:value"
};

/// "key:type:value" with a key of letters, digits and spaces and a type s, i or b.
std::optional<RdpSetting> as_rdp_setting(const std::string& argument) {
    const auto first = argument.find(':');
    if (first == std::string::npos || first == 0 || argument.size() < first + 3 ||
        argument[first + 2] != ':') {
        return std::nullopt;
    }
    const std::string key = argument.substr(0, first);
    const char type =
        static_cast<char>(std::tolower(static_cast<unsigned char>(argument[first + 1])));
    const bool key_ok = std::all_of(key.begin(), key.end(),
                                    [](unsigned char c) { return std::isalnum(c) || c == ' '; });
    if (!key_ok || (type != 's' && type != 'i' && type != 'b')) {
        return std::nullopt;
    }
    std::string typed_value = argument.substr(first + 1); // "T:value", the type lowercased
    typed_value[0] = type;
    return RdpSetting{ascii_lowercase(key), std::move(typed_value)};
}

void set(MstscLaunch& launch, const std::string& key, const std::string& typed_value) {
    for (auto& [existing, value] : launch.settings) {
        if (existing == key) {
            value = typed_value;
            return;
        }
    }
    launch.settings.emplace_back(key, typed_value);
}

/// FreeRDP's choices that have an mstsc setting; nullopt for the rest.
std::optional<RdpSetting> from_freerdp(const std::string& argument) {
    const std::string lower = ascii_lowercase(argument);
    if (lower == "/sec:nla") {
        return RdpSetting{"enablecredsspsupport", "i:1"};
    }
    if (lower == "/sec:tls" || lower == "/sec:rdp") {
        return RdpSetting{"enablecredsspsupport", "i:0"};
    }
    if (lower == "/cert:ignore" || lower == "/cert-ignore") {
        return RdpSetting{"authentication level", "i:0"};
    }
    if (lower == "/cert:tofu") {
        return RdpSetting{"authentication level", "i:2"};
    }
    if (lower == "/cert:deny") {
        return RdpSetting{"authentication level", "i:1"};
    }
    return std::nullopt;
}

void add_argument(MstscLaunch& launch, const std::string& argument) {
    if (argument.find_first_of("\r\n") != std::string::npos) {
        launch.ignored.push_back(argument.substr(0, argument.find_first_of("\r\n")) +
                                 "…: a line break cannot be part of an mstsc setting");
    } else if (is_mstsc_switch(argument)) {
        launch.switches.push_back(argument);
    } else if (auto setting = as_rdp_setting(argument)) {
        if (setting->key.find("password") != std::string::npos) {
            launch.ignored.push_back(setting->key +
                                     ": passwords never go into a file; mstsc asks for it or uses "
                                     "Windows Credential Manager");
        } else if (setting->key == "full address") {
            launch.ignored.push_back(argument + ": the address comes from the connection's target");
        } else {
            set(launch, setting->key, setting->typed_value);
        }
    } else if (auto translated = from_freerdp(argument)) {
        set(launch, translated->key, translated->typed_value);
    } else {
        launch.ignored.push_back(argument + ": not an mstsc switch or .rdp setting");
    }
}

/// Values from the request go into the file as they are; a line break would start a setting.
const std::string& single_line(const std::string& value, const char* what) {
    if (value.find_first_of("\r\n") != std::string::npos) {
        throw std::invalid_argument(std::string("the ") + what + " contains a line break");
    }
    return value;
}

/// The typed overrides mstsc has an .rdp setting for; the rest are noted in `ignored`.
void apply_overrides(MstscLaunch& launch, const ClientOverrides& overrides) {
    if (overrides.security) {
        switch (*overrides.security) {
        case SecurityLayer::Nla:
            set(launch, "enablecredsspsupport", "i:1");
            break;
        // mstsc then negotiates TLS or standard RDP security with the server; it cannot pin one.
        case SecurityLayer::Tls:
        case SecurityLayer::Rdp:
            set(launch, "enablecredsspsupport", "i:0");
            break;
        case SecurityLayer::Ext:
            launch.ignored.emplace_back("security layer 'ext': mstsc has no such setting");
            break;
        }
    }
    if (overrides.tls_security_level) {
        launch.ignored.emplace_back("TLS security level: mstsc uses Windows' own TLS settings");
    }
    if (overrides.certificate_name) {
        launch.ignored.push_back("certificate name " + *overrides.certificate_name +
                                 ": mstsc has no setting for it; its certificate dialog decides");
    }
    if (overrides.gateway_transport) {
        launch.ignored.emplace_back("gateway transport: mstsc takes it from the registry "
                                    "(RDGClientTransport), not from the .rdp file");
    }
}

void add_arguments(MstscLaunch& launch, const ConnectRequest& request,
                   const std::vector<std::string>& extra_args) {
    for (const auto* arguments : {&extra_args, &request.client_args}) {
        for (const auto& argument : *arguments) {
            add_argument(launch, argument);
        }
    }
    // Last, as with FreeRDP: the fix stage replaces the user's own choice only where that is
    // safe or agreed to, and then its choice is the one that counts.
    apply_overrides(launch, request.overrides);
}

void set_gateway(MstscLaunch& launch, const std::optional<std::string>& gateway) {
    if (gateway) {
        set(launch, "gatewayhostname", "s:" + single_line(*gateway, "gateway"));
        set(launch, "gatewayusagemethod", "i:1");        // always through the gateway
        set(launch, "gatewayprofileusagemethod", "i:1"); // these settings, not the user's defaults
    } else {
        set(launch, "gatewayusagemethod", "i:0");
        set(launch, "gatewayprofileusagemethod", "i:1");
    }
}

std::vector<std::string> comma_list(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (!item.empty()) {
            items.push_back(ascii_lowercase(item));
        }
        start = end + 1;
    }
    return items;
}

} // namespace

std::string MstscLaunch::file_text() const {
    std::string text;
    for (const auto& [key, typed_value] : settings) {
        text += key + ":" + typed_value + "\r\n";
    }
    return text;
}

MstscLaunch mstsc_launch_for(const ConnectRequest& request,
                             const std::vector<std::string>& extra_args) {
    MstscLaunch launch;
    set(launch, "full address", "s:" + request.target.to_string());
    if (request.user) {
        set(launch, "username", "s:" + single_line(*request.user, "user name"));
    }
    if (request.domain) {
        set(launch, "domain", "s:" + single_line(*request.domain, "domain"));
    }
    if (request.gateway) {
        set_gateway(launch, request.gateway);
    }
    add_arguments(launch, request, extra_args);
    return launch;
}

MstscFileCopy mstsc_file_for(const RdpFile& file, const ConnectRequest& request,
                             const std::vector<std::string>& extra_args) {
    // What rdpmedic sets, collected as for a generated file, then applied to the user's lines.
    MstscLaunch wanted;
    const RdpFileValues own = request.file_values.value_or(RdpFileValues{});
    if (request.target != own.target) {
        set(wanted, "full address", "s:" + request.target.to_string());
        if (file.string("server port")) {
            set(wanted, "server port", "i:" + std::to_string(request.target.port));
        }
        // mstsc may connect to the alternate address instead; it must follow the override.
        if (file.string("alternate full address")) {
            set(wanted, "alternate full address", "s:" + request.target.to_string());
        }
    }
    if (request.user && request.user != own.user) {
        set(wanted, "username", "s:" + single_line(*request.user, "user name"));
    }
    if (request.domain && request.domain != own.domain) {
        set(wanted, "domain", "s:" + single_line(*request.domain, "domain"));
    }
    if (request.gateway != own.gateway) {
        set_gateway(wanted, request.gateway);
    }
    add_arguments(wanted, request, extra_args);

    MstscFileCopy copy;
    copy.encoding = file.encoding();
    copy.switches = std::move(wanted.switches);
    copy.ignored = std::move(wanted.ignored);
    std::vector<RdpLine> lines = file.lines();
    std::vector<std::string> changed_keys;
    for (const auto& [key, typed_value] : wanted.settings) {
        bool found = false;
        bool differs = false;
        for (auto& line : lines) {
            if (line.key != key) {
                continue;
            }
            found = true;
            if (std::string(1, line.type) + ":" + line.value != typed_value) {
                // The key keeps its spelling from the file; only type and value change.
                line.text = line.text.substr(0, line.text.find(':')) + ":" + typed_value;
                differs = true;
            }
        }
        if (!found) {
            // Before the empty line that follows the file's last line end, if there is one.
            const auto at =
                !lines.empty() && lines.back().text.empty() ? lines.end() - 1 : lines.end();
            lines.insert(at, RdpLine{0, key + ":" + typed_value, key, typed_value.front(),
                                     typed_value.substr(2)});
        }
        if (!found || differs) {
            changed_keys.push_back(key);
        }
    }
    if (changed_keys.empty()) {
        return copy;
    }
    copy.changed = true;

    const auto scope = comma_list(file.string("signscope").value_or(""));
    std::vector<std::string> invalidated;
    for (const auto& key : changed_keys) {
        if (std::find(scope.begin(), scope.end(), key) != scope.end()) {
            invalidated.push_back(key);
        }
    }
    if (file.string("signature") && !invalidated.empty()) {
        std::erase_if(lines, [](const RdpLine& line) {
            return line.key == "signature" || line.key == "signscope";
        });
        std::string keys;
        for (const auto& key : invalidated) {
            keys += (keys.empty() ? "" : ", ") + key;
        }
        copy.notices.push_back("the .rdp file is signed, and rdpmedic changed signed settings (" +
                               keys +
                               "): mstsc gets a copy without the signature, so it will say that it "
                               "cannot identify the publisher");
    }
    for (const auto& line : lines) {
        copy.text += line.text;
        if (&line != &lines.back()) {
            copy.text += file.line_end();
        }
    }
    return copy;
}

} // namespace rdpmedic
