#pragma once
/// Which FreeRDP client runs, and which generation it is. FreeRDP 2 and 3 differ in the
/// options they accept and the lines they print, so a launcher must know the version before
/// the first attempt; it is read once per client binary, from `CLIENT --version`.

#include "rdpmedic/core/freerdp_command_line.h"

#include <string>
#include <vector>

namespace rdpmedic {

struct FreeRdpClient {
    std::string path; ///< absolute
    FreeRdpVersion version;
};

/// The client names looked up on PATH, in the order a user expects the newest to win:
/// xfreerdp3, sdl-freerdp3, xfreerdp.
const std::vector<std::string>& freerdp_client_names();

/// Runs `path --version` (bounded in time) and reads the version. Throws LaunchError with one
/// clear message when the program is not FreeRDP 2 or 3, hangs, or (FreeRDP 2's xfreerdp, which
/// opens the display even for --version) cannot open the X display. The answer is kept per
/// path and file modification time, so it is asked once per binary, not once per attempt.
FreeRdpClient identify_freerdp_client(const std::string& path);

/// `client_path` when given (a path or a name on PATH; --client, Settings), otherwise the first
/// of freerdp_client_names() found on PATH; identified. Throws LaunchError naming what is
/// missing and how to install it.
FreeRdpClient find_freerdp_client(const std::string& client_path);

/// Every FreeRDP client installed on PATH, one per generation (the first name of each in
/// freerdp_client_names() order), newest first. Clients that cannot be identified are left out.
std::vector<FreeRdpClient> installed_freerdp_clients();

} // namespace rdpmedic
