#include "library_loading.h"

namespace rdpmedic::plugins {

boost::dll::load_mode::type plugin_load_mode() {
    return boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local;
}

std::string describe_load_error(const std::error_code& error) { return error.message(); }

} // namespace rdpmedic::plugins
