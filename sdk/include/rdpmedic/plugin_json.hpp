#pragma once
/// Optional helpers for plugins that read the JSON the host hands them (the diagnosis, the
/// context): members that may be missing or of another type read as empty values instead of
/// throwing. Needs nlohmann-json; plugins that do not include this header do not.

// GCC 12 reports null dereferences inside nlohmann::json's inlined accessors that cannot
// happen (every access below is checked); the pragma keeps -Werror for the plugin's own code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <nlohmann/json.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <string>

namespace rdpmedic::sdk::json {

/// A string member, "" when absent or not a string.
inline std::string text_of(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get_ref<const std::string&>() : std::string();
}

/// A member of the same kind as `fallback`, else `fallback`.
inline nlohmann::json member(const nlohmann::json& object, const char* key, nlohmann::json fallback) {
    if (!object.is_object()) {
        return fallback;
    }
    const auto it = object.find(key);
    return it != object.end() && it->type() == fallback.type() ? *it : fallback;
}

} // namespace rdpmedic::sdk::json
