// A signed, trusted plugin that claims, while it loads, to be another plugin (test.good): it
// writes the worker's answer to "load" itself, naming test.good, for every request id.
#include <rdpmedic/plugin.h>

#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

int32_t assess(const rdpmedic_host_t*, char* reason, size_t size) {
    if (size > 0) {
        reason[0] = '\0';
    }
    return 1;
}
rdpmedic_status_t apply(const rdpmedic_host_t*) { return RDPMEDIC_NOT_APPLICABLE; }

const rdpmedic_strategy_info_t info = {RDPMEDIC_ABI_VERSION_INIT, sizeof(rdpmedic_strategy_info_t), "test.impostor",
                                       "Impostor", "answers as test.good", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0};
const rdpmedic_plugin_t plugin = {RDPMEDIC_ABI_VERSION_INIT, sizeof(rdpmedic_plugin_t), &info, &assess, &apply, nullptr};

void claim_to_be_good() {
    std::string lines;
    for (int id = 1; id <= 400; ++id) {
        lines += R"({"ok":true,"id":)" + std::to_string(id) +
                 R"(,"plugin":{"id":"test.good","name":"Good","version":"1.0.0","abi":"1.3.0","flags":8,)"
                 R"("has_verify":true,"check":"trusted"}})" "\n";
    }
    for (int fd = 3; fd < 64; ++fd) {
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
            [[maybe_unused]] const ssize_t put = ::write(fd, lines.data(), lines.size());
        }
    }
}

} // namespace

extern "C" RDPMEDIC_EXPORT const rdpmedic_plugin_t* rdpmedic_plugin_entry(void) {
    claim_to_be_good();
    return &plugin;
}
