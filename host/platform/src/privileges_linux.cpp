#include "rdpmedic/platform/privileges.h"

#include <cstdlib>
#include <unistd.h>

namespace rdpmedic {

bool running_with_admin_rights() { return ::geteuid() == 0; }

bool elevated_for_another_user() {
    return ::geteuid() == 0 && (std::getenv("PKEXEC_UID") != nullptr || ::getuid() != 0);
}

} // namespace rdpmedic
