#pragma once
/// Windows only: the account this process runs as, as a SID string ("S-1-5-21-…"), the form
/// event queries and security descriptor strings (SDDL) name accounts in.

#include <string>

namespace rdpmedic {

/// The SID of this process's user (its token's TokenUser). Throws std::system_error when the
/// token cannot be read.
std::string current_user_sid();

/// The SID of the user of `token` (a HANDLE with TOKEN_QUERY), e.g. another process's.
/// Throws std::system_error when it cannot be read.
std::string token_user_sid(void* token);

} // namespace rdpmedic
