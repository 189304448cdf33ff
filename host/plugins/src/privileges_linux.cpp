#include "rdpmedic/plugins/privileges.h"

#include <unistd.h>

namespace rdpmedic::plugins {

bool running_with_admin_rights() { return ::geteuid() == 0; }

} // namespace rdpmedic::plugins
