#include "rdpmedic/platform/user_sid.h"

#include "rdpmedic/platform/owned_handle_windows.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <sddl.h>

#include <memory>
#include <vector>

namespace rdpmedic {

std::string current_user_sid() {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        throw_last_windows_error("cannot read this process's user");
    }
    const OwnedHandle owned_token(token);
    return token_user_sid(token);
}

std::string token_user_sid(void* token) {
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> buffer(size);
    wchar_t* sid_text = nullptr;
    if (size == 0 || !GetTokenInformation(token, TokenUser, buffer.data(), size, &size) ||
        !ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &sid_text)) {
        throw_last_windows_error("cannot read the user of a process");
    }
    const std::unique_ptr<wchar_t, LocalFreeDeleter> owned_text(sid_text);
    return narrow(sid_text);
}

} // namespace rdpmedic
