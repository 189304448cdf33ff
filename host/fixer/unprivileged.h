#pragma once
// Plugin code never runs with administrator rights. Linux: started as root (CI, a careless
// service), the worker becomes nobody before it loads anything. Windows: a process cannot
// give up its elevation, so an elevated worker starts a copy of itself with the user's
// unelevated token, hands it its standard streams and waits for it.

#include <optional>
#include <string>
#include <vector>

namespace rdpmedic::fixer {

/// Windows, when this process is elevated: runs the unelevated copy and returns its exit code
/// for this process to end with. nullopt when this process goes on itself (not elevated, or
/// already the copy, or no unelevated token could start one: then drop_admin_rights() says so).
/// Linux: always nullopt.
/// `arguments`: the command line after the program name (utf8_arguments).
std::optional<int> rerun_without_admin_rights(const std::vector<std::string>& arguments);

/// Gives up administrator rights where the system allows it. Returns why plugin code must not
/// run in this process, empty when it may.
std::string drop_admin_rights();

} // namespace rdpmedic::fixer
