#include "rdpmedic/platform/state_dirs.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace rdpmedic {

std::filesystem::path state_directory() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state == '/') {
        return std::filesystem::path(state) / "rdpmedic";
    }
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        const passwd* entry = getpwuid(getuid());
        home = entry ? entry->pw_dir : "/tmp";
    }
    return std::filesystem::path(home) / ".local" / "state" / "rdpmedic";
}

} // namespace rdpmedic
