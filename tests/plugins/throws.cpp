// Written against the raw C ABI, and lets a C++ exception escape through it.
#include <rdpmedic/plugin.h>

#include <stdexcept>

namespace {

int32_t assess(const rdpmedic_host_t*, char*, size_t) { throw std::runtime_error("boom"); }
rdpmedic_status_t apply(const rdpmedic_host_t*) { return RDPMEDIC_FAILED; }

const rdpmedic_strategy_info_t info = {RDPMEDIC_ABI_VERSION_INIT, sizeof(rdpmedic_strategy_info_t), "test.throws",
                                       "Throws", "throws", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0};
const rdpmedic_plugin_t plugin = {RDPMEDIC_ABI_VERSION_INIT, sizeof(rdpmedic_plugin_t), &info, &assess, &apply, nullptr};

} // namespace

extern "C" RDPMEDIC_EXPORT const rdpmedic_plugin_t* rdpmedic_plugin_entry(void) { return &plugin; }
