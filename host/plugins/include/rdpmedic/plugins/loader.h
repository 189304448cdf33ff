#pragma once
/// Loads a checked plugin's library with Boost.DLL and checks what its entry symbol returns
/// against this host's ABI. Runs plugin code (static constructors, the entry function), so it
/// is only ever used inside rdpmedic-fixer.

#include "rdpmedic/plugin.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/manifest.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace rdpmedic::plugins {

/// Named results, in the order the checks run (OBS's MODULE_MISSING_EXPORTS etc.).
enum class LoadResult {
    Loaded,
    NotLoadable,  ///< the dynamic loader refused the file
    MissingEntry, ///< no rdpmedic_plugin_entry export
    NullEntry,    ///< the entry returned no plugin
    AbiTooNew,    ///< newer major, or newer minor, than this host
    AbiTooOld,    ///< older major
    BadMetadata,  ///< sizes, ids or functions that do not match the manifest or the ABI
};

std::string_view to_id(LoadResult result);

/// A loaded plugin; the library stays mapped as long as this object lives.
class LoadedPlugin {
  public:
    virtual ~LoadedPlugin() = default;
    virtual const rdpmedic_plugin_t& api() const = 0;
    virtual const Manifest& manifest() const = 0;
    /// The ABI the plugin's entry struct says it was built against.
    AbiVersion abi() const { return {api().abi.major, api().abi.minor, api().abi.patch}; }
};

struct LoadOutcome {
    LoadResult result = LoadResult::NotLoadable;
    std::string message; ///< names the plugin, its ABI and the host's where they matter
    std::unique_ptr<LoadedPlugin> plugin;
};

/// Loads the library `checked` holds (CheckedPlugin::library_file), the very bytes its check
/// read: what is on disk by then does not matter. Never throws for anything the file contains.
LoadOutcome load_plugin(const CheckedPlugin& checked);

} // namespace rdpmedic::plugins
