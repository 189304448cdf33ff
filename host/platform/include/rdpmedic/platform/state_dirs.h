#pragma once
/// Where rdpmedic keeps its logs, history and journal for the current user.

#include <filesystem>

namespace rdpmedic {

/// $XDG_STATE_HOME/rdpmedic (default ~/.local/state/rdpmedic) on Linux,
/// %LOCALAPPDATA%\rdpmedic on Windows. Not created here.
std::filesystem::path state_directory();

} // namespace rdpmedic
