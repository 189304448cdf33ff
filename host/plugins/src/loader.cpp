#include "rdpmedic/plugins/loader.h"

#include "library_loading.h"
#include "plugin_file.h"
#include "rdpmedic/core/path_text.h"

#include <boost/dll/shared_library.hpp>

namespace rdpmedic::plugins {

std::string_view to_id(LoadResult result) {
    switch (result) {
    case LoadResult::Loaded: return "loaded";
    case LoadResult::NotLoadable: return "not-loadable";
    case LoadResult::MissingEntry: return "missing-entry";
    case LoadResult::NullEntry: return "null-entry";
    case LoadResult::AbiTooNew: return "abi-too-new";
    case LoadResult::AbiTooOld: return "abi-too-old";
    case LoadResult::BadMetadata: return "bad-metadata";
    }
    return "unknown";
}

namespace {

class DllPlugin final : public LoadedPlugin {
  public:
    DllPlugin(std::shared_ptr<PluginLibraryFile> file, boost::dll::shared_library library, const rdpmedic_plugin_t* api,
              Manifest manifest)
        : file_(std::move(file)), library_(std::move(library)), api_(api), manifest_(std::move(manifest)) {}
    const rdpmedic_plugin_t& api() const override { return *api_; }
    const Manifest& manifest() const override { return manifest_; }

  private:
    std::shared_ptr<PluginLibraryFile> file_; // held (and its copy named) while the library is mapped
    boost::dll::shared_library library_;     // before api_: outlives the pointer into it
    const rdpmedic_plugin_t* api_;
    Manifest manifest_;
};

LoadOutcome fail(LoadResult result, const Manifest& manifest, const std::string& why) {
    return {result, "plugin " + manifest.id + ": " + why, nullptr};
}

} // namespace

LoadOutcome load_plugin(const CheckedPlugin& checked) {
    if (!checked.manifest || !checked.loadable() || !checked.library_file) {
        return {LoadResult::NotLoadable, "plugin " + utf8_text(checked.dir.filename()) + ": it did not pass its checks",
                nullptr};
    }
    const Manifest& manifest = *checked.manifest;
    const std::filesystem::path library = checked.library();
    // Never a search and never the current directory: a bare or relative name would be looked
    // up there (and on PATH). A path from the root gets the current drive on Windows, which
    // LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR needs to be fully qualified.
    if (!library.has_root_directory()) {
        return fail(LoadResult::NotLoadable, manifest,
                    "the library " + utf8_text(library) + " is not an absolute path and is not searched for");
    }
    std::string copy_error;
    const std::filesystem::path checked_bytes = checked.library_file->load_path(copy_error);
    if (checked_bytes.empty()) {
        return fail(LoadResult::NotLoadable, manifest, "the library " + utf8_text(library) + ": " + copy_error);
    }
    boost::dll::fs::error_code error;
    const std::filesystem::path full = std::filesystem::absolute(checked_bytes, error).make_preferred();
    boost::dll::shared_library dll;
    if (!error) {
        dll.load(full, error, plugin_load_mode());
    }
    if (error) {
        return fail(LoadResult::NotLoadable, manifest, "the library " + utf8_text(library) + " cannot be loaded (" +
                                                           describe_load_error(error) + ")");
    }
    if (!checked.library_file->is_held_file(dll.location(error)) || error) {
        return fail(LoadResult::NotLoadable, manifest,
                    "the library loaded is not the file that was checked (rule: verify and load the same bytes)");
    }
    if (!dll.has(RDPMEDIC_PLUGIN_ENTRY_SYMBOL)) {
        return fail(LoadResult::MissingEntry, manifest,
                    "the library " + utf8_text(library) + " does not export " + RDPMEDIC_PLUGIN_ENTRY_SYMBOL +
                        "; build it with the SDK's RDPMEDIC_PLUGIN macro or export that function");
    }
    const auto entry = dll.get<const rdpmedic_plugin_t*()>(RDPMEDIC_PLUGIN_ENTRY_SYMBOL);
    const rdpmedic_plugin_t* api = entry();
    if (api == nullptr) {
        return fail(LoadResult::NullEntry, manifest, "its entry function returned no plugin");
    }
    const AbiVersion abi{api->abi.major, api->abi.minor, api->abi.patch};
    const AbiVersion host = host_abi();
    if (abi.major > host.major || (abi.major == host.major && abi.minor > host.minor)) {
        return fail(LoadResult::AbiTooNew, manifest, abi_incompatibility(abi));
    }
    if (abi.major < host.major) {
        return fail(LoadResult::AbiTooOld, manifest, abi_incompatibility(abi));
    }
    if (api->struct_size < sizeof(rdpmedic_plugin_t) || api->info == nullptr || api->assess == nullptr ||
        api->apply == nullptr) {
        return fail(LoadResult::BadMetadata, manifest, "its plugin struct is incomplete (no info, assess or apply)");
    }
    if (api->info->id == nullptr || manifest.id != api->info->id) {
        return fail(LoadResult::BadMetadata, manifest,
                    std::string("the library calls itself \"") + (api->info->id ? api->info->id : "") +
                        "\" but the manifest says \"" + manifest.id + "\"");
    }
    return {LoadResult::Loaded, {}, std::make_unique<DllPlugin>(checked.library_file, std::move(dll), api, manifest)};
}

} // namespace rdpmedic::plugins
