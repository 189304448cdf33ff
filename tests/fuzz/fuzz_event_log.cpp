// Any bytes as an event log export: parsed, or refused with EventLogError; never a crash.
#include "rdpmedic/core/event_log.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto events = rdpmedic::parse_event_log_xml(
            std::string_view(reinterpret_cast<const char*>(data), size));
        for (const auto& event : events) {
            (void)event.data.size();
        }
    } catch (const rdpmedic::EventLogError&) {
    }
    return 0;
}
