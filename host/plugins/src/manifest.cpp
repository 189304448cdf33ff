#include "rdpmedic/plugins/manifest.h"
#include "rdpmedic/core/path_text.h"

#include "rdpmedic/plugin.h"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace rdpmedic::plugins {

std::string AbiVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

AbiVersion parse_abi_version(const std::string& text) {
    AbiVersion version;
    std::uint32_t* parts[] = {&version.major, &version.minor, &version.patch};
    const char* cursor = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 3; ++i) {
        const auto [next, error] = std::from_chars(cursor, end, *parts[i]);
        if (error != std::errc{} || next == cursor) {
            throw std::invalid_argument("not a version MAJOR.MINOR.PATCH: \"" + text + "\"");
        }
        cursor = next;
        if (i < 2) {
            if (cursor == end || *cursor != '.') {
                throw std::invalid_argument("not a version MAJOR.MINOR.PATCH: \"" + text + "\"");
            }
            ++cursor;
        }
    }
    if (cursor != end) {
        throw std::invalid_argument("not a version MAJOR.MINOR.PATCH: \"" + text + "\"");
    }
    return version;
}

AbiVersion host_abi() { return {RDPMEDIC_ABI_MAJOR, RDPMEDIC_ABI_MINOR, RDPMEDIC_ABI_PATCH}; }

std::string abi_incompatibility(const AbiVersion& plugin, const AbiVersion& host) {
    const std::string both = "built for plugin ABI " + plugin.to_string() + ", this host has ABI " + host.to_string();
    if (plugin.major > host.major) {
        return both + ": a newer major ABI; update rdpmedic";
    }
    if (plugin.major < host.major) {
        return both + ": an older major ABI; rebuild the plugin against the current SDK";
    }
    if (plugin.minor > host.minor) {
        return both + ": a newer minor ABI that may need services this host lacks; update rdpmedic";
    }
    return {};
}

bool is_valid_plugin_id(const std::string& id) {
    if (id.empty() || id.size() > 128 || id.front() == '.' || id.back() == '.' || id.find('.') == std::string::npos ||
        id.find("..") != std::string::npos) {
        return false;
    }
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

namespace {

template <class T>
T field(const nlohmann::json& json, const char* name, const std::string& where) {
    const auto it = json.find(name);
    if (it == json.end()) {
        throw ManifestError(where + ": the field \"" + name + "\" is missing");
    }
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw ManifestError(where + ": the field \"" + name + "\" has the wrong type");
    }
}

template <class T>
T optional_field(const nlohmann::json& json, const char* name, T fallback, const std::string& where) {
    return json.contains(name) ? field<T>(json, name, where) : fallback;
}

} // namespace

Manifest parse_manifest(const std::string& text, const std::string& where) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {
        throw ManifestError(where + ": not valid JSON (" + error.what() + ")");
    }
    if (!json.is_object()) {
        throw ManifestError(where + ": not a JSON object");
    }
    Manifest manifest;
    manifest.id = field<std::string>(json, "id", where);
    if (!is_valid_plugin_id(manifest.id)) {
        throw ManifestError(where + ": the id \"" + manifest.id + "\" is not of the form vendor.name");
    }
    manifest.name = optional_field<std::string>(json, "name", manifest.id, where);
    manifest.description = optional_field<std::string>(json, "description", "", where);
    manifest.version = field<std::string>(json, "version", where);
    try {
        manifest.abi = parse_abi_version(field<std::string>(json, "abi", where));
    } catch (const std::invalid_argument& error) {
        throw ManifestError(where + ": the field \"abi\" is " + error.what());
    }
    manifest.platforms = field<std::vector<std::string>>(json, "platforms", where);
    const nlohmann::json flags = optional_field<nlohmann::json>(json, "flags", nlohmann::json::object(), where);
    manifest.needs_elevation = optional_field<bool>(flags, "needs_elevation", false, where);
    manifest.needs_reboot = optional_field<bool>(flags, "needs_reboot", false, where);
    manifest.reversible = optional_field<bool>(flags, "reversible", true, where);
    manifest.scope = optional_field<std::string>(flags, "scope", "connection", where);
    if (manifest.scope != "connection" && manifest.scope != "system") {
        throw ManifestError(where + ": the flag \"scope\" must be \"connection\" or \"system\"");
    }
    manifest.signer = optional_field<std::string>(json, "signer", "", where);
    manifest.library = field<std::string>(json, "library", where);
    if (manifest.library.empty() || manifest.library.find('/') != std::string::npos ||
        manifest.library.find('\\') != std::string::npos || manifest.library[0] == '.') {
        throw ManifestError(where + ": \"library\" must be a plain file name in the plugin's folder");
    }
    return manifest;
}

Manifest read_manifest(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw ManifestError(utf8_text(file) + ": cannot be read");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_manifest(text.str(), utf8_text(file));
}

std::string manifest_to_json(const Manifest& manifest) {
    const nlohmann::json json = {
        {"id", manifest.id},
        {"name", manifest.name},
        {"description", manifest.description},
        {"version", manifest.version},
        {"abi", manifest.abi.to_string()},
        {"platforms", manifest.platforms},
        {"flags",
         {{"needs_elevation", manifest.needs_elevation},
          {"needs_reboot", manifest.needs_reboot},
          {"scope", manifest.scope},
          {"reversible", manifest.reversible}}},
        {"signer", manifest.signer},
        {"library", manifest.library},
    };
    return json.dump(2) + "\n";
}

} // namespace rdpmedic::plugins
