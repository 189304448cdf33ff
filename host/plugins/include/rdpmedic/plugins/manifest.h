#pragma once
/// The JSON manifest beside every plugin, read before any of its code is loaded, so that
/// listing and checking plugins never runs plugin code.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace rdpmedic::plugins {

/// A plugin folder holds these three files.
inline constexpr const char* kManifestFile = "plugin.json";
inline constexpr const char* kSignatureFile = "plugin.sig";

struct AbiVersion {
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::uint32_t patch = 0;

    std::string to_string() const;
    bool operator==(const AbiVersion&) const = default;
};

/// "1.2.3" → {1,2,3}; throws std::invalid_argument.
AbiVersion parse_abi_version(const std::string& text);

/// The ABI of the SDK headers this host was built with.
AbiVersion host_abi();

/// Why a plugin built against `plugin` cannot be loaded by this host; empty when it can.
/// Newer majors and newer minors are refused, older minors accepted, patch ignored.
std::string abi_incompatibility(const AbiVersion& plugin, const AbiVersion& host = host_abi());

struct Manifest {
    std::string id;           ///< "vendor.name"
    std::string name;         ///< for people
    std::string description;
    std::string version;      ///< the plugin's own
    AbiVersion abi;
    std::vector<std::string> platforms; ///< "linux", "windows"
    bool needs_elevation = false;
    bool needs_reboot = false;
    std::string scope = "connection"; ///< "connection" or "system"
    bool reversible = true;
    std::string signer;  ///< key id of the publisher, empty when unsigned
    std::string library; ///< file name of the binary, in the same folder
};

class ManifestError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Throws ManifestError naming the file and the field.
Manifest parse_manifest(const std::string& text, const std::string& where);
Manifest read_manifest(const std::filesystem::path& file);
std::string manifest_to_json(const Manifest& manifest);

/// "vendor.name": lower-case letters, digits, '-' and one or more dots, no leading dot.
bool is_valid_plugin_id(const std::string& id);

} // namespace rdpmedic::plugins
