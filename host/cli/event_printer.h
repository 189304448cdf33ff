#pragma once
/// Prints supervisor events for a person (one readable line each) or a program (JSON lines).

#include "rdpmedic/core/supervisor.h"

#include <cstdio>

namespace rdpmedic::cli {

/// `explain`: also list the possible causes of the event's failure (the first time a kind is seen).
void print_event_text(const SupervisorEvent& event, bool explain, std::FILE* out);
void print_event_json(const SupervisorEvent& event, std::FILE* out);

/// "ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D], exit 147"-style summary of raw codes.
std::string describe_codes(const Failure& failure);

} // namespace rdpmedic::cli
