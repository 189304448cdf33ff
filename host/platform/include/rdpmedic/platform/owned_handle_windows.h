#pragma once
/// Windows only: a kernel handle closed when it goes out of scope.

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

} // namespace rdpmedic
