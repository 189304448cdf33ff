#include "rdpmedic/platform/terminal.h"

#include <unistd.h>

namespace rdpmedic {

bool interactive_terminal() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1; }

} // namespace rdpmedic
