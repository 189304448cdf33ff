#include "rdpmedic/plugins/discovery.h"

#include "plugin_file.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/file_permissions.h"

#include <algorithm>
#include <set>

namespace rdpmedic::plugins {

std::string_view to_id(PluginCheck check) {
    switch (check) {
    case PluginCheck::Trusted: return "trusted";
    case PluginCheck::AllowedUnsigned: return "allowed-unsigned";
    case PluginCheck::BadManifest: return "bad-manifest";
    case PluginCheck::WritableByOthers: return "writable-by-others";
    case PluginCheck::MissingLibrary: return "missing-library";
    case PluginCheck::WrongPlatform: return "wrong-platform";
    case PluginCheck::AbiIncompatible: return "abi-incompatible";
    case PluginCheck::Unsigned: return "unsigned";
    case PluginCheck::UntrustedSigner: return "untrusted-signer";
    case PluginCheck::BadSignature: return "bad-signature";
    case PluginCheck::SignerMismatch: return "signer-mismatch";
    case PluginCheck::TamperedManifest: return "tampered-manifest";
    case PluginCheck::TruncatedLibrary: return "truncated-library";
    case PluginCheck::TamperedLibrary: return "tampered-library";
    case PluginCheck::DuplicateId: return "duplicate-id";
    case PluginCheck::SignerNotAllowed: return "signer-not-allowed";
    }
    return "unknown";
}

namespace {

CheckedPlugin refuse(CheckedPlugin plugin, PluginCheck check, const std::string& why) {
    const std::string name = plugin.manifest ? plugin.manifest->id : utf8_text(plugin.dir.filename());
    plugin.check = check;
    plugin.message = "plugin " + name + " (" + utf8_text(plugin.dir) + ") refused: " + why;
    return plugin;
}

} // namespace

CheckedPlugin check_plugin(const std::filesystem::path& dir, const TrustStore& trust, const CheckOptions& options) {
    CheckedPlugin plugin;
    plugin.dir = dir;
    // Read once: the text parsed is the text whose hash the signature covers.
    std::string manifest_text;
    try {
        manifest_text = read_plugin_file(dir / kManifestFile);
        plugin.manifest = parse_manifest(manifest_text, utf8_text(dir / kManifestFile));
    } catch (const SigningError& error) {
        return refuse(plugin, PluginCheck::BadManifest, error.what());
    } catch (const ManifestError& error) {
        return refuse(plugin, PluginCheck::BadManifest, error.what());
    }
    const Manifest& manifest = *plugin.manifest;
    for (const auto& path : {dir, dir / kManifestFile, plugin.library(), dir / kSignatureFile}) {
        if (writable_by_others(path)) {
            return refuse(plugin, PluginCheck::WritableByOthers, how_to_restrict(path));
        }
    }
    std::error_code error;
    if (!std::filesystem::is_regular_file(plugin.library(), error)) {
        return refuse(plugin, PluginCheck::MissingLibrary, "its library " + manifest.library + " is missing");
    }
    const std::string platform = plugin_platform_id();
    if (std::find(manifest.platforms.begin(), manifest.platforms.end(), platform) == manifest.platforms.end()) {
        return refuse(plugin, PluginCheck::WrongPlatform, "it does not support " + platform);
    }
    if (const std::string why = abi_incompatibility(manifest.abi); !why.empty()) {
        return refuse(plugin, PluginCheck::AbiIncompatible, why);
    }
    std::shared_ptr<PluginLibraryFile> library_file;
    try {
        library_file = PluginLibraryFile::open(plugin.library());
    } catch (const SigningError& failure) {
        return refuse(plugin, PluginCheck::MissingLibrary, failure.what());
    }
    if (!std::filesystem::exists(dir / kSignatureFile, error)) {
        if (options.allow_unsigned) {
            plugin.library_file = std::move(library_file);
            plugin.check = PluginCheck::AllowedUnsigned;
            plugin.message = "plugin " + manifest.id + " is unsigned; loaded because the developer setting allows it";
            return plugin;
        }
        return refuse(plugin, PluginCheck::Unsigned,
                      "it is not signed; sign it with rdpmedic-cli plugins sign, or allow unsigned plugins in the "
                      "developer setting while you write it");
    }
    try {
        const SignatureFile signature = parse_signature_file(read_plugin_file(dir / kSignatureFile));
        const PublicKey* key = trust.find(signature.signer);
        if (key == nullptr) {
            return refuse(plugin, PluginCheck::UntrustedSigner,
                          "its signer " + signature.signer +
                              " is not in the trust store; trust the publisher's key with rdpmedic-cli plugins trust "
                              "KEYFILE if you trust them");
        }
        if (!verify_signature(*key, signed_message(signature), signature.signature)) {
            return refuse(plugin, PluginCheck::BadSignature,
                          "its signature does not verify with key " + signature.signer + "; the signature file is "
                          "damaged or forged");
        }
        if (manifest.signer != signature.signer) {
            return refuse(plugin, PluginCheck::SignerMismatch,
                          "the manifest names signer \"" + manifest.signer + "\" but the signature is by " +
                              signature.signer);
        }
        if (sha256_hex(manifest_text) != signature.manifest_sha256) {
            return refuse(plugin, PluginCheck::TamperedManifest, "its manifest changed after it was signed");
        }
        const std::string& library = library_file->bytes();
        if (library.size() < signature.library_size) {
            return refuse(plugin, PluginCheck::TruncatedLibrary,
                          "its library is truncated (" + std::to_string(library.size()) + " of " +
                              std::to_string(signature.library_size) + " signed bytes)");
        }
        if (library.size() != signature.library_size || sha256_hex(library) != signature.library_sha256) {
            return refuse(plugin, PluginCheck::TamperedLibrary, "its library changed after it was signed");
        }
    } catch (const SigningError& failure) {
        return refuse(plugin, PluginCheck::BadSignature, failure.what());
    }
    plugin.check = PluginCheck::Trusted;
    plugin.library_file = std::move(library_file);
    return plugin;
}

std::vector<CheckedPlugin> discover_plugins(const std::vector<std::filesystem::path>& plugin_dirs,
                                            const TrustStore& trust, const CheckOptions& options) {
    std::vector<CheckedPlugin> result;
    std::set<std::string> seen;
    for (const auto& root : plugin_dirs) {
        std::error_code error;
        std::vector<std::filesystem::path> folders;
        for (std::filesystem::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
            if (it->is_directory(error)) {
                folders.push_back(it->path());
            }
        }
        std::sort(folders.begin(), folders.end());
        for (const auto& folder : folders) {
            CheckedPlugin plugin = check_plugin(folder, trust, options);
            if (plugin.manifest && !seen.insert(plugin.manifest->id).second) {
                plugin = refuse(plugin, PluginCheck::DuplicateId,
                                "a plugin with the same id was found earlier (system plugins come first)");
            }
            result.push_back(std::move(plugin));
        }
    }
    return result;
}

} // namespace rdpmedic::plugins
