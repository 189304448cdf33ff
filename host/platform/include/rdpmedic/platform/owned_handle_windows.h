#pragma once
/// Windows only: a kernel handle closed, or memory Windows allocated freed, when it goes out of scope.

#include "rdpmedic/platform/windows_api.h"

#include <memory>

namespace rdpmedic {

struct HandleCloser {
    void operator()(HANDLE handle) const {
        if (handle != nullptr && handle != INVALID_HANDLE_VALUE) {
            CloseHandle(handle);
        }
    }
};
using OwnedHandle = std::unique_ptr<void, HandleCloser>;

/// For what the security functions allocate with LocalAlloc (descriptors, SID strings).
struct LocalFreeDeleter {
    void operator()(void* memory) const { LocalFree(memory); }
};

} // namespace rdpmedic
