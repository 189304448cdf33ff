#pragma once
/// Finding plugins and deciding whether each may be loaded, from files alone: the manifest,
/// the signature, the trust store and the permissions. No plugin code runs here.

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/plugins/manifest.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/trust_store.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::plugins {

class PluginLibraryFile;

/// Named results, in the order the checks run. Only Trusted and AllowedUnsigned may load.
enum class PluginCheck {
    Trusted,          ///< signed by a key in the trust store, nothing changed since
    AllowedUnsigned,  ///< unsigned, and the developer setting allows it (unelevated worker only)
    BadManifest,
    WritableByOthers, ///< the folder or a file in it can be written by other users
    MissingLibrary,
    WrongPlatform,
    AbiIncompatible,
    Unsigned,
    UntrustedSigner,
    BadSignature,     ///< the signature does not match its own content or key
    SignerMismatch,   ///< the manifest names another signer than the signature
    TamperedManifest,
    TruncatedLibrary,
    TamperedLibrary,
    DuplicateId,
    /// Trusted by the checks above, but signed by a key the organization's policy does not
    /// allow (trusted_publisher_keys); a front end decides it, after discovery.
    SignerNotAllowed,
};

/// Stable id, e.g. "tampered-library".
std::string_view to_id(PluginCheck check);

struct CheckedPlugin {
    std::filesystem::path dir;
    PluginCheck check = PluginCheck::BadManifest;
    std::string message; ///< names the plugin and what to do; empty when Trusted
    std::optional<Manifest> manifest;
    /// The library as it was checked, held open, when it may load: load_plugin() loads these
    /// very bytes, so a file swapped after the check never runs.
    std::shared_ptr<PluginLibraryFile> library_file;

    bool loadable() const { return check == PluginCheck::Trusted || check == PluginCheck::AllowedUnsigned; }
    std::filesystem::path library() const {
        return manifest ? dir / utf8_path(manifest->library) : std::filesystem::path{};
    }
};

struct CheckOptions {
    bool allow_unsigned = false; ///< the developer setting, already limited to the unelevated worker
};

/// Reads the manifest, the signature and the library once each, never through a symbolic link,
/// and checks what was read.
CheckedPlugin check_plugin(const std::filesystem::path& dir, const TrustStore& trust, const CheckOptions& options);

/// Every subfolder of the plugin folders (system first); a second plugin with an id already
/// seen is reported as DuplicateId.
std::vector<CheckedPlugin> discover_plugins(const std::vector<std::filesystem::path>& plugin_dirs,
                                            const TrustStore& trust, const CheckOptions& options);

} // namespace rdpmedic::plugins
