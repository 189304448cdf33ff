// Built against ABI 1.0: its change struct ends before the 1.1 fields (flags, note) and it
// never looks at the 1.1 host services. A 1.1 host must load it and accept its requests.
#include <rdpmedic/plugin.h>

#include <cstddef>

namespace {

// rdpmedic_change_t as ABI 1.0 declared it.
struct change_1_0 {
    rdpmedic_version_t abi;
    uint32_t struct_size;
    uint32_t kind;
    const char* key;
    const char* name;
    uint32_t value_type;
    const char* value;
};
static_assert(sizeof(change_1_0) >= RDPMEDIC_CHANGE_SIZE_1_0, "the 1.0 layout is a prefix of the 1.1 one");

int32_t assess(const rdpmedic_host_t*, char* reason, size_t size) {
    if (size > 3) {
        reason[0] = '1';
        reason[1] = '.';
        reason[2] = '0';
        reason[3] = '\0';
    }
    return 5;
}

rdpmedic_status_t apply(const rdpmedic_host_t* host) {
    const change_1_0 change = {{1, 0, 0}, static_cast<uint32_t>(sizeof(change_1_0)), RDPMEDIC_CHANGE_CLIENT_ARGUMENT,
                               nullptr, nullptr, RDPMEDIC_VALUE_STRING, "-wallpaper"};
    return host->request_change(host, reinterpret_cast<const rdpmedic_change_t*>(&change)) != 0 ? RDPMEDIC_OK
                                                                                               : RDPMEDIC_FAILED;
}

const rdpmedic_strategy_info_t info = {{1, 0, 0}, offsetof(rdpmedic_strategy_info_t, flags) + sizeof(uint32_t),
                                       "test.older-minor", "Older minor", "ABI 1.0", "1.0.0",
                                       RDPMEDIC_PLATFORM_LINUX, 0};
const rdpmedic_plugin_t plugin = {{1, 0, 0}, sizeof(rdpmedic_plugin_t), &info, &assess, &apply, nullptr};

} // namespace

extern "C" RDPMEDIC_EXPORT const rdpmedic_plugin_t* rdpmedic_plugin_entry(void) { return &plugin; }
