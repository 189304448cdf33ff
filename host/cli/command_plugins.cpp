// rdpmedic-cli plugins list|verify|trust|untrust|sign|keygen: reads manifests and signatures
// only; no plugin code runs in this process.
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"
#include "settings_in_effect.h"

#include "rdpmedic/app/allowed_plugins.h"
#include "rdpmedic/core/plugin_choice.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/trust_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace rdpmedic::cli {

const char* const kPluginsUsage = N_(
    "usage: rdpmedic-cli plugins list [--json]        every plugin found, whether it may load and is on\n"
    "       rdpmedic-cli plugins verify [FOLDER...]   check signatures; exit 1 if any is refused\n"
    "       rdpmedic-cli plugins trust KEYFILE [--into FOLDER]\n"
    "                                                 trust a publisher's public key (this user, or FOLDER)\n"
    "       rdpmedic-cli plugins untrust KEY_ID       stop trusting it\n"
    "       rdpmedic-cli plugins keys                 the trusted keys\n"
    "       rdpmedic-cli plugins keygen PRIVATE_KEY   make a signing key (PRIVATE_KEY.pub beside it)\n"
    "       rdpmedic-cli plugins sign --key PRIVATE_KEY FOLDER   sign a plugin folder\n"
    "\n"
    "Plugin folders: the system one and $XDG_DATA_HOME/rdpmedic/plugins. Trusted keys: the system\n"
    "folder and $XDG_CONFIG_HOME/rdpmedic/trusted-keys. Unsigned plugins load only when\n"
    "$XDG_CONFIG_HOME/rdpmedic/developer.json says {\"allow_unsigned_plugins\": true}, and only\n"
    "in the unelevated worker. The organization's policy (rdpmedic-cli settings) may limit the\n"
    "publisher keys that count and turn plugins off; list shows what a connection loads under it,\n"
    "and trust refuses a key the policy does not allow.\n");

namespace {

using namespace rdpmedic::plugins;
using i18n::formatted;
using i18n::tr;

plugins::CheckOptions check_options(const PluginPaths& paths) {
    // What the worker will decide: the setting counts only without administrator rights,
    // and the worker drops them when it has them.
    return {developer_allows_unsigned(paths.developer_settings)};
}

/// Whether a connection loads a plugin that passed the checks: "on", "off", "on (policy)" or
/// "off (policy)" when the organization's policy says which plugins are off; "-" when refused.
struct Use {
    bool on = false;
    std::string text = "-";
};

Use use_of(const CheckedPlugin& plugin, const std::vector<std::string>& enabled, const EffectiveSettings& effective) {
    if (!plugin.loadable() || !plugin.manifest) {
        return {};
    }
    const bool on = std::find(enabled.begin(), enabled.end(), plugin.manifest->id) != enabled.end();
    const bool by_policy = effective.set_by_policy("plugins_disabled");
    return {on, on ? (by_policy ? tr("on (policy)") : tr("on")) : (by_policy ? tr("off (policy)") : tr("off"))};
}

/// The values of the organization's policy that decide what a connection loads, one line each.
void print_plugin_policy(const EffectiveSettings& effective) {
    for (const char* key : {"trusted_publisher_keys", "plugins_disabled", "plugin_order"}) {
        if (effective.set_by_policy(key)) {
            std::printf("%s = %s  (%s)\n", key, to_json(effective.settings)[key].dump().c_str(),
                        source_text(effective, key).c_str());
        }
    }
}

int list(const Arguments& arguments, bool verify_only) {
    const PluginPaths paths = default_plugin_paths();
    // What a connection would load now: the keys and the plugins the policy allows, and the
    // plugins the user (or the policy) turned off.
    const SettingsInEffect in_effect = settings_in_effect();
    const EffectiveSettings& effective = in_effect.effective;
    std::vector<CheckedPlugin> found;
    if (verify_only && !arguments.positionals().empty()) {
        const TrustStore trust = TrustStore::load(paths.trust_dirs());
        for (const auto& folder : arguments.positionals()) {
            found.push_back(check_plugin(utf8_path(folder), trust, check_options(paths)));
        }
    } else {
        found = app::discover_allowed_plugins(paths, effective.settings.trusted_publisher_keys);
    }
    std::vector<std::string> loadable;
    for (const auto& plugin : found) {
        if (plugin.loadable() && plugin.manifest) {
            loadable.push_back(plugin.manifest->id);
        }
    }
    const auto enabled =
        enabled_plugins(loadable, effective.settings.plugin_order, effective.settings.plugins_disabled);
    bool all_good = true;
    if (arguments.flag("json")) {
        for (const auto& plugin : found) {
            const Use use = use_of(plugin, enabled, effective);
            nlohmann::json line = {{"folder", utf8_text(plugin.dir)}, {"check", to_id(plugin.check)},
                                   {"loadable", plugin.loadable()}, {"enabled", use.on}, {"message", plugin.message}};
            if (plugin.loadable()) {
                // Who turned it on or off: the default, the user or the policy.
                line["enabled_source"] = to_id(effective.source("plugins_disabled"));
            }
            if (plugin.manifest) {
                line["id"] = plugin.manifest->id;
                line["version"] = plugin.manifest->version;
                line["abi"] = plugin.manifest->abi.to_string();
                line["signer"] = plugin.manifest->signer;
            }
            std::printf("%s\n", line.dump().c_str());
            all_good = all_good && plugin.loadable();
        }
        return all_good ? kOk : kFailed;
    }
    if (found.empty()) {
        std::string folders;
        for (const auto& folder : paths.plugin_dirs()) {
            folders += (folders.empty() ? "" : tr(" or ")) + utf8_text(folder);
        }
        std::printf(tr("no plugins in %s\n"), folders.c_str());
    }
    for (const auto& plugin : found) {
        all_good = all_good && plugin.loadable();
        const std::string id = plugin.manifest ? plugin.manifest->id : utf8_text(plugin.dir.filename());
        const std::string version = plugin.manifest ? plugin.manifest->version : "?";
        std::printf("%-32s %-8s %-18s %-12s %s\n", id.c_str(), version.c_str(),
                    std::string(to_id(plugin.check)).c_str(), use_of(plugin, enabled, effective).text.c_str(),
                    utf8_text(plugin.dir).c_str());
        if (!plugin.message.empty()) {
            std::printf("    %s\n", plugin.message.c_str());
        }
    }
    print_plugin_policy(effective);
    for (const auto& notice : in_effect.notices) {
        std::fprintf(stderr, "note: %s\n", notice.c_str());
    }
    return verify_only && !all_good ? kFailed : kOk;
}

} // namespace

int run_plugins(const std::vector<std::string>& args) {
    if (args.empty()) {
        throw UsageError(tr("a subcommand is needed: list, verify, trust, untrust, keys, keygen or sign"));
    }
    const std::string sub = args[0];
    const Arguments arguments({args.begin() + 1, args.end()}, {{"json"}, {"key", true}, {"into", true}});
    const auto& positionals = arguments.positionals();
    const PluginPaths paths = default_plugin_paths();
    try {
        if (sub == "list") {
            return list(arguments, false);
        }
        if (sub == "verify") {
            return list(arguments, true);
        }
        if (sub == "trust") {
            if (positionals.size() != 1) {
                throw UsageError(tr("trust takes one public key file"));
            }
            // --into files the key in another trust folder: how a build or an installer makes
            // the system-wide one (PREFIX/share/rdpmedic/trusted-keys, or trusted-keys\ on Windows).
            const auto into = arguments.value("into");
            // A build or an installer files the keys it ships whatever this machine's policy;
            // the user's own trust is what the policy limits.
            if (!into) {
                const std::string refusal =
                    app::key_refused_by_policy(read_public_key(utf8_path(positionals[0])).id, settings_in_effect().effective);
                if (!refusal.empty()) {
                    std::fprintf(stderr, "rdpmedic-cli plugins trust: %s\n", refusal.c_str());
                    return kFailed;
                }
            }
            const std::filesystem::path folder = into ? utf8_path(*into) : paths.user_trust;
            const PublicKey key = trust_key(utf8_path(positionals[0]), folder);
            std::printf(tr("trusted key %s (%s)\n"), key.id.c_str(), utf8_text(folder / (key.id + ".pem")).c_str());
            return kOk;
        }
        if (sub == "untrust") {
            if (positionals.size() != 1) {
                throw UsageError(tr("untrust takes one key id"));
            }
            if (!untrust_key(positionals[0], paths.user_trust)) {
                std::fprintf(stderr, tr("rdpmedic-cli plugins: no key %s in %s\n"), positionals[0].c_str(),
                             utf8_text(paths.user_trust).c_str());
                return kFailed;
            }
            std::printf(tr("no longer trusted: %s\n"), positionals[0].c_str());
            return kOk;
        }
        if (sub == "keys") {
            const TrustStore trust = TrustStore::load(paths.trust_dirs());
            for (const auto& [id, entry] : trust.entries()) {
                std::printf("%s  %s\n", id.c_str(), utf8_text(entry.file).c_str());
            }
            return kOk;
        }
        if (sub == "keygen") {
            if (positionals.size() != 1) {
                throw UsageError(tr("keygen takes the private key file to create"));
            }
            const PublicKey key = generate_key_pair(utf8_path(positionals[0]), utf8_path(positionals[0] + ".pub"));
            std::printf(tr("key %s: private %s (keep it secret), public %s.pub\n"), key.id.c_str(), positionals[0].c_str(),
                        positionals[0].c_str());
            return kOk;
        }
        if (sub == "sign") {
            const auto key = arguments.value("key");
            if (!key || positionals.size() != 1) {
                throw UsageError(tr("sign needs --key PRIVATE_KEY and one plugin folder"));
            }
            const std::string id = sign_plugin(utf8_path(positionals[0]), utf8_path(*key));
            std::printf(tr("signed %s with key %s\n"), positionals[0].c_str(), id.c_str());
            return kOk;
        }
    } catch (const SigningError& error) {
        std::fprintf(stderr, "rdpmedic-cli plugins %s: %s\n", sub.c_str(), error.what());
        return kUsage;
    } catch (const ManifestError& error) {
        std::fprintf(stderr, "rdpmedic-cli plugins %s: %s\n", sub.c_str(), error.what());
        return kUsage;
    }
    throw UsageError(formatted(tr("unknown subcommand '%s'"), sub.c_str()));
}

} // namespace rdpmedic::cli
