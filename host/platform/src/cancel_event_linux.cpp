#include "rdpmedic/platform/cancel_event.h"

namespace rdpmedic {

CancelEvent::CancelEvent() = default;
CancelEvent::~CancelEvent() = default;

void CancelEvent::set() { set_ = true; }

} // namespace rdpmedic
