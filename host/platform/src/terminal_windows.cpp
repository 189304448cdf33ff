#include "rdpmedic/platform/terminal.h"

#include <io.h>
#include <stdio.h>

namespace rdpmedic {

bool interactive_terminal() { return _isatty(_fileno(stdin)) != 0 && _isatty(_fileno(stderr)) != 0; }

} // namespace rdpmedic
