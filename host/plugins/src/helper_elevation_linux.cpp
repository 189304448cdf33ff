#include "helper_launch.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/child_process.h"

#include <stdexcept>

namespace rdpmedic::plugins {

std::string run_helper_elevated(const std::filesystem::path& helper, const std::string& request,
                                const std::filesystem::path& /*journal: pkexec passes pipes through*/,
                                const ElevationPrompt& /*prompt: pkexec shows and ends its own*/) {
    const std::string pkexec = find_executable("pkexec");
    if (pkexec.empty()) {
        throw std::runtime_error("this change needs administrator rights and pkexec is not installed");
    }
    return run_helper_with_pipes({pkexec, utf8_text(helper)}, request);
}

} // namespace rdpmedic::plugins
