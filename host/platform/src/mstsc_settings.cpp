#include "mstsc_settings.h"

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
        set(launch, "gatewayhostname", "s:" + single_line(*request.gateway, "gateway"));
        set(launch, "gatewayusagemethod", "i:1");        // always through the gateway
        set(launch, "gatewayprofileusagemethod", "i:1"); // these settings, not the user's defaults
    }
    for (const auto* arguments : {&extra_args, &request.client_args}) {
        for (const auto& argument : *arguments) {
            add_argument(launch, argument);
        }
    }
    return launch;
}

} // namespace rdpmedic
