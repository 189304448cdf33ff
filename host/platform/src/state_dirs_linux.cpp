#include "rdpmedic/platform/state_dirs.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace rdpmedic {

namespace {

std::filesystem::path home_directory() {
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        const passwd* entry = getpwuid(getuid());
        home = entry ? entry->pw_dir : "/tmp";
    }
    return home;
}

} // namespace

std::filesystem::path state_directory() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state == '/') {
        return std::filesystem::path(state) / "rdpmedic";
    }
    return home_directory() / ".local" / "state" / "rdpmedic";
}

std::filesystem::path config_directory() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config == '/') {
        return std::filesystem::path(config) / "rdpmedic";
    }
    return home_directory() / ".config" / "rdpmedic";
}

std::optional<std::vector<std::filesystem::path>> every_users_state_directories() { return std::nullopt; }

} // namespace rdpmedic
