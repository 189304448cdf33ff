#include "plugin_sandbox.h"

#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/trust_store.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace rdpmedic::e2e {

PluginSandbox::PluginSandbox() {
    char pattern[] = "/tmp/rdpmedic-plugins-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    root_ = pattern;
    // The worker drops to nobody when started as root: it must be able to read everything.
    std::filesystem::permissions(root_, std::filesystem::perms(0755));
    std::filesystem::create_directories(user_plugins());
    for (const char* folder : {"data", "data/rdpmedic", "state", "config", "system"}) {
        std::filesystem::create_directories(root_ / folder);
    }
    ::setenv("XDG_DATA_HOME", (root_ / "data").c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (root_ / "config").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (root_ / "state").c_str(), 1);
    ::setenv("RDPMEDIC_SYSTEM_DIR", (root_ / "system").c_str(), 1);
    ::setenv("RDPMEDIC_REGISTRY_ROOT", (root_ / "registry").c_str(), 1);
    ::setenv("RDPMEDIC_FIXER", RDPMEDIC_FIXER_EXE, 1);
    ::setenv("RDPMEDIC_HELPER", RDPMEDIC_HELPER_EXE, 1);
    plugins::generate_key_pair(key(), key().string() + ".pub");
}

PluginSandbox::~PluginSandbox() {
    for (const char* name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "RDPMEDIC_SYSTEM_DIR",
                             "RDPMEDIC_REGISTRY_ROOT", "RDPMEDIC_HELPER_PAUSE_AT"}) {
        ::unsetenv(name);
    }
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
}

std::filesystem::path PluginSandbox::install_from(const std::filesystem::path& folder, bool sign) {
    const auto target = user_plugins() / folder.filename();
    std::filesystem::copy(folder, target, std::filesystem::copy_options::recursive);
    std::filesystem::remove(target / "plugin.sig");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(target)) {
        std::filesystem::permissions(entry.path(), std::filesystem::perms::group_write | std::filesystem::perms::others_write,
                                     std::filesystem::perm_options::remove);
    }
    std::filesystem::permissions(target, std::filesystem::perms(0755));
    if (sign) {
        plugins::sign_plugin(target, key());
    }
    return target;
}

std::filesystem::path PluginSandbox::install(const std::string& id, bool sign) {
    return install_from(std::filesystem::path(RDPMEDIC_TEST_PLUGINS) / id, sign);
}

void PluginSandbox::trust_sandbox_key() {
    plugins::trust_key(key().string() + ".pub", root_ / "config/rdpmedic/trusted-keys");
    std::filesystem::permissions(root_ / "config/rdpmedic", std::filesystem::perms(0755));
}

void PluginSandbox::allow_unsigned(bool allow) {
    std::filesystem::create_directories(root_ / "config/rdpmedic");
    std::ofstream(root_ / "config/rdpmedic/developer.json") << (allow ? "{\"allow_unsigned_plugins\": true}\n" : "{}\n");
}

} // namespace rdpmedic::e2e
