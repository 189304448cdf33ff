#pragma once
/// How a connection is handed to another Linux client: the command line, what goes to its
/// standard input, and what the user has to know. Kept apart from starting the process so the
/// unit tests can check it.

#include "rdpmedic/core/target.h"

#include <string>
#include <vector>

namespace rdpmedic {

struct HandoffCommand {
    std::vector<std::string> argv;
    /// Written to the client's standard input, then closed: the password for FreeRDP's
    /// /from-stdin, so it never appears on a command line. Empty: stdin is /dev/null.
    Secret input;
    /// What the user is told: what the client was not given and has to be typed in there.
    std::vector<std::string> notes;
};

/// "remmina" or "wlfreerdp" at `executable` for `request`; `freerdp_args` are the primary
/// launcher's extra arguments. Throws LaunchError for a client it does not know or a
/// connection the client cannot be told about (Remmina's rdp:// address has no RD Gateway).
HandoffCommand handoff_command(const std::string& client, const std::string& executable,
                               const ConnectRequest& request, const std::vector<std::string>& freerdp_args);

/// "rdp://[DOMAIN\USER@]HOST:PORT" as `remmina -c` takes it; the user part only when the
/// names hold nothing an address would misread (else `user_left_out` is set).
std::string remmina_address(const ConnectRequest& request, bool& user_left_out);

} // namespace rdpmedic
