#include "rdpmedic/platform/process_end.h"

#include <cstdio>

namespace rdpmedic {

namespace {

/// The exceptions a crashing plugin typically ends the worker with.
const char* exception_name(unsigned long status) {
    switch (status) {
    case 0xC0000005UL: return "access violation";
    case 0xC00000FDUL: return "stack overflow";
    case 0xC0000094UL: return "integer division by zero";
    case 0xC000001DUL: return "illegal instruction";
    case 0xC0000409UL: return "stack buffer overrun or fail-fast";
    case 0xC0000374UL: return "heap corruption";
    case 0x80000003UL: return "breakpoint";
    case 0x40000015UL: return "abort";
    case 0xE06D7363UL: return "unhandled C++ exception";
    default: return nullptr;
    }
}

} // namespace

// An NTSTATUS arrives as the negative int it casts to (0xC0000005 → -1073741819); an error
// or warning status is how Windows reports a process that died of an exception.
std::string describe_process_end(int code, bool ended_from_outside) {
    if (ended_from_outside) {
        return "terminated";
    }
    const auto status = static_cast<unsigned long>(static_cast<unsigned int>(code));
    if ((status >> 30) >= 2 || status == 0x40000015UL) { // NTSTATUS severity warning or error; abort()
        char text[16];
        std::snprintf(text, sizeof text, "0x%08lX", status);
        const char* name = exception_name(status);
        return std::string("exception ") + text + (name != nullptr ? std::string(" (") + name + ")" : std::string());
    }
    return "exit code " + std::to_string(code);
}

} // namespace rdpmedic
