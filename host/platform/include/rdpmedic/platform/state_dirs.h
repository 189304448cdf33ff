#pragma once
/// Where rdpmedic keeps its logs, history and journal for the current user.

#include <filesystem>

namespace rdpmedic {

/// $XDG_STATE_HOME/rdpmedic (default ~/.local/state/rdpmedic) on Linux,
/// %LOCALAPPDATA%\rdpmedic on Windows. Not created here.
std::filesystem::path state_directory();

/// Where the user's settings live: $XDG_CONFIG_HOME/rdpmedic (default ~/.config/rdpmedic) on
/// Linux, %APPDATA%\rdpmedic on Windows. Not created here.
std::filesystem::path config_directory();

} // namespace rdpmedic
