// Claims a future major ABI in its entry struct.
#include <rdpmedic/plugin.h>

namespace {

int32_t assess(const rdpmedic_host_t*, char*, size_t) { return 0; }
rdpmedic_status_t apply(const rdpmedic_host_t*) { return RDPMEDIC_FAILED; }

const rdpmedic_strategy_info_t info = {{2, 0, 0}, sizeof(rdpmedic_strategy_info_t), "test.abi-too-new",
                                       "ABI too new", "from the future", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0};
const rdpmedic_plugin_t plugin = {{2, 0, 0}, sizeof(rdpmedic_plugin_t), &info, &assess, &apply, nullptr};

} // namespace

extern "C" RDPMEDIC_EXPORT const rdpmedic_plugin_t* rdpmedic_plugin_entry(void) { return &plugin; }
