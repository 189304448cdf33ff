#include "rdpmedic/platform/process_hardening.h"

namespace rdpmedic {

void harden_process() {}

} // namespace rdpmedic
