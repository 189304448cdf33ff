#pragma once
/// Windows only. The token the plugin worker's unelevated copy runs with when UAC's linked
/// token cannot be used: this process's own token restricted the way UAC restricts an
/// administrator. CreateRestrictedToken alone keeps the elevated token's owner
/// (Administrators) and default DACL (Administrators and SYSTEM), and gives the new token
/// object the same DACL: a process started with it could then neither open its own token nor
/// its own process, because its Administrators group is deny-only. So the owner becomes the
/// user, and the default DACL and the token object's own DACL grant the user and SYSTEM
/// (GENERIC_ALL) and nobody else, as UAC's limited token does.

#include "rdpmedic/platform/owned_handle_windows.h"

#include <string>

namespace rdpmedic {

/// The access `own` needs for restricted_user_token(), and that a token made from it keeps.
constexpr DWORD kRestrictableTokenAccess = TOKEN_QUERY | TOKEN_DUPLICATE | TOKEN_ASSIGN_PRIMARY |
                                           TOKEN_ADJUST_DEFAULT | READ_CONTROL | WRITE_DAC | WRITE_OWNER;

/// Administrators deny-only, every privilege but SeChangeNotify removed, medium integrity,
/// owner and DACLs as above. Null, with `error` saying which step failed, when it cannot be made.
OwnedHandle restricted_user_token(HANDLE own, std::string& error);

} // namespace rdpmedic
