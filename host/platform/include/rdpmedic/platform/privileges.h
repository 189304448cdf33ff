#pragma once
/// Whether this process runs with administrator rights: what decides if a change needs the
/// elevated helper, and what the plugin worker refuses to run plugin code with.

namespace rdpmedic {

/// Linux: the effective user is root. Windows: the token is elevated (TokenElevation), which
/// includes an administrator with UAC turned off and SYSTEM.
bool running_with_admin_rights();

/// Running with administrator rights on behalf of a user who has fewer: Linux, root started
/// by pkexec (PKEXEC_UID) or with a real user other than root. Such a process takes nothing
/// from the environment. Windows: always false; the helper started through the administrator
/// prompt finds the user it works for from the process that asked for the prompt
/// (host/helper/file_rights_windows.cpp), which a flag here could not tell it.
bool elevated_for_another_user();

} // namespace rdpmedic
