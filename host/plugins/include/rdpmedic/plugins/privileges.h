#pragma once
/// Whether this process runs with administrator rights: what decides if a change needs the
/// elevated helper, and what the plugin worker refuses to run plugin code with.

namespace rdpmedic::plugins {

/// Linux: the effective user is root. Windows: the token is elevated (TokenElevation), which
/// includes an administrator with UAC turned off and SYSTEM.
bool running_with_admin_rights();

} // namespace rdpmedic::plugins
