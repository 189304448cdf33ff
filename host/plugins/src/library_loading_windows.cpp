#include "library_loading.h"

#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

namespace rdpmedic::plugins {

boost::dll::load_mode::type plugin_load_mode() {
    return static_cast<boost::dll::load_mode::type>(LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_SYSTEM32);
}

std::string describe_load_error(const std::error_code& error) {
    return windows_error_text(static_cast<unsigned long>(error.value()));
}

} // namespace rdpmedic::plugins
