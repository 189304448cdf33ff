#include "worker_stdio.h"

#include "rdpmedic/platform/windows_api.h"

#include <fcntl.h>
#include <io.h>

namespace rdpmedic::fixer {

std::FILE* take_answer_channel() {
    // Text mode would turn "\n" into "\r\n" and stop reading at a Ctrl-Z.
    _setmode(_fileno(stdin), _O_BINARY);
    HANDLE channel = nullptr;
    if (!DuplicateHandle(GetCurrentProcess(), GetStdHandle(STD_OUTPUT_HANDLE), GetCurrentProcess(), &channel, 0,
                         FALSE, DUPLICATE_SAME_ACCESS)) {
        return nullptr;
    }
    // Both layers: the Win32 standard handles (WriteFile(GetStdHandle(…))) and the C runtime's
    // descriptors 1 and 2 (printf, std::cout).
    HANDLE nothing = CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, 0,
                                 nullptr);
    const int null_fd = _open("NUL", _O_WRONLY | _O_BINARY);
    if (nothing == INVALID_HANDLE_VALUE || null_fd < 0) {
        CloseHandle(channel);
        return nullptr;
    }
    SetStdHandle(STD_OUTPUT_HANDLE, nothing);
    SetStdHandle(STD_ERROR_HANDLE, nothing);
    _dup2(null_fd, 1);
    _dup2(null_fd, 2);
    _close(null_fd);
    const int channel_fd = _open_osfhandle(reinterpret_cast<intptr_t>(channel), _O_WRONLY | _O_BINARY);
    if (channel_fd < 0) {
        CloseHandle(channel);
        return nullptr;
    }
    return _fdopen(channel_fd, "wb");
}

} // namespace rdpmedic::fixer
