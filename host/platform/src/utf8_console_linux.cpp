#include "rdpmedic/platform/utf8_console.h"

namespace rdpmedic {

void use_utf8_console_output() {}

} // namespace rdpmedic
