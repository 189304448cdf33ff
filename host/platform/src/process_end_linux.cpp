#include "rdpmedic/platform/process_end.h"

#include <cstring>

namespace rdpmedic {

std::string describe_process_end(int code, bool ended_from_outside) {
    if (!ended_from_outside) {
        return "exit code " + std::to_string(code);
    }
    const int signal_number = code - 128;
    const char* abbreviation = ::sigabbrev_np(signal_number);
    return "signal " + std::to_string(signal_number) +
           (abbreviation != nullptr ? std::string(" (SIG") + abbreviation + ")" : std::string());
}

} // namespace rdpmedic
