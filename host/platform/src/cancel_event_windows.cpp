#include "rdpmedic/platform/cancel_event.h"

#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

namespace rdpmedic {

CancelEvent::CancelEvent() : handle_(CreateEventW(nullptr, TRUE, FALSE, nullptr)) {
    if (handle_ == nullptr) {
        throw_last_windows_error("cannot create an event to cancel waits with");
    }
}

CancelEvent::~CancelEvent() { CloseHandle(handle_); }

void CancelEvent::set() {
    set_ = true;
    SetEvent(handle_);
}

} // namespace rdpmedic
