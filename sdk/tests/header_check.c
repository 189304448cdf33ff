/* Compiled as strict C11 with all warnings: the ABI header must stay plain C. */
#include "rdpmedic/plugin.h"

int rdpmedic_header_check_c(void);
int rdpmedic_header_check_c(void) {
    const rdpmedic_version_t version = RDPMEDIC_ABI_VERSION_INIT;
    return rdpmedic_abi_is_compatible(version) && sizeof(rdpmedic_plugin_t) > 0 ? 0 : 1;
}
