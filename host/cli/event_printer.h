#pragma once
/// Prints supervisor events for a person (one readable line each) or a program (JSON lines).

#include "rdpmedic/core/supervisor.h"

#include <cstdio>

namespace rdpmedic::cli {

void print_event_text(const SupervisorEvent& event, std::FILE* out);
void print_event_json(const SupervisorEvent& event, std::FILE* out);

/// "ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D], exit 147"-style summary of raw codes.
std::string describe_codes(const Failure& failure);

} // namespace rdpmedic::cli
