// Built against a later patch level of the same ABI: accepted, patch is informational.
#include <rdpmedic/plugin.h>

namespace {

int32_t assess(const rdpmedic_host_t*, char* reason, size_t size) {
    if (size > 2) {
        reason[0] = 'o';
        reason[1] = 'k';
        reason[2] = '\0';
    }
    return 10;
}
rdpmedic_status_t apply(const rdpmedic_host_t*) { return RDPMEDIC_NOT_APPLICABLE; }

const rdpmedic_strategy_info_t info = {{RDPMEDIC_ABI_MAJOR, RDPMEDIC_ABI_MINOR, 7},
                                       sizeof(rdpmedic_strategy_info_t),
                                       "test.newer-patch",
                                       "Newer patch",
                                       "patch 7",
                                       "1.0.0",
                                       RDPMEDIC_PLATFORM_LINUX,
                                       0};
const rdpmedic_plugin_t plugin = {{RDPMEDIC_ABI_MAJOR, RDPMEDIC_ABI_MINOR, 7}, sizeof(rdpmedic_plugin_t), &info,
                                  &assess, &apply, nullptr};

} // namespace

extern "C" RDPMEDIC_EXPORT const rdpmedic_plugin_t* rdpmedic_plugin_entry(void) { return &plugin; }
