#pragma once
// The Application log's event source "rdpmedic", as the installer registers it.

#include <string>

namespace rdpmedic {

inline constexpr const wchar_t* kEventSource = L"rdpmedic";
inline constexpr const wchar_t* kEventSourceKey = L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\rdpmedic";

/// Why Event Viewer cannot show rdpmedic's texts (the source is not registered, its message
/// file is missing), empty when it can.
std::string event_source_problem();

} // namespace rdpmedic
