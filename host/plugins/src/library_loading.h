#pragma once
// How a plugin library is handed to the system's loader, and what the loader's refusal means.

#include <boost/dll/shared_library_load_mode.hpp>

#include <string>
#include <system_error>

namespace rdpmedic::plugins {

/// Linux: symbols resolved now and kept local, so a plugin's symbols never leak into another
/// plugin and a missing dependency shows at load time. Windows: LoadLibraryExW's
/// LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_SYSTEM32, so a plugin's own
/// dependencies come from its folder or System32 and never from the current directory or
/// PATH (Boost.DLL passes these native flags through).
boost::dll::load_mode::type plugin_load_mode();

/// The loader's reason in words (dlerror's text on Linux; Windows' text for the error code,
/// which MinGW's std::system_category() does not have).
std::string describe_load_error(const std::error_code& error);

} // namespace rdpmedic::plugins
