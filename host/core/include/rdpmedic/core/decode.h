#pragma once
/// What the clients' numbers mean: mstsc's discReason and ExtendedDisconnectReason, FreeRDP's
/// error values and xfreerdp's exit codes, each turned into a FailureKind and plain words.
/// Only codes checked against Microsoft's documentation or FreeRDP 2.11 are in the tables;
/// anything else is reported as unknown with its raw value, never guessed at.

#include "rdpmedic/core/failure.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

struct CodeMeaning {
    std::uint32_t value = 0;
    bool known = false;
    /// The documented identifier, e.g. "disconnectReasonAtClientWinsockFDCLOSE" or
    /// "ERRCONNECT_CONNECT_TRANSPORT_FAILED"; empty when unknown or when no name is documented.
    std::string_view name;
    /// Plain words, lower case, no final full stop, so that it reads inside a sentence.
    std::string_view meaning;
    FailureKind kind = FailureKind::Unknown;
};

/// mstsc / ActiveX discReason ("Error code" in mstsc's dialog), e.g. 0x904.
CodeMeaning describe_disc_reason(std::uint32_t disc_reason);

/// discReason 1, 2 and 3 end a session on purpose (local close, the user, the server): they
/// are not connection failures even though mstsc reports them the same way.
bool is_normal_disconnect(std::uint32_t disc_reason);

/// mstsc ExtendedDisconnectReason ("Extended error code"), the same numbers as MS-RDPBCGR's
/// Set Error Info PDU codes (ERRINFO_*), e.g. 0x7. 4096..32767 are protocol errors.
CodeMeaning describe_extended_reason(std::uint32_t extended_reason);

/// FreeRDP's error value, (class << 16) | code: class 0 base, 1 ERRINFO, 2 ERRCONNECT;
/// e.g. 0x0002000D = ERRCONNECT_CONNECT_TRANSPORT_FAILED.
CodeMeaning describe_freerdp_error(std::uint32_t freerdp_error);

/// xfreerdp 2.11's process exit code, e.g. 147. Negative values (killed by a signal, as some
/// launchers report it) are unknown.
CodeMeaning describe_xfreerdp_exit(int exit_code);

/// Reads a code as users and logs write it: "0x904", "0X904", "2308", "0x0002000D".
/// Digits without "0x" are decimal. Surrounding blanks are allowed; anything else that is
/// not a whole number in 0..0xFFFFFFFF gives nullopt.
std::optional<std::uint32_t> parse_code(std::string_view text);

/// The failure mstsc reported. The extended reason decides the kind when it says more than
/// discReason (0x904 with 0x7 is the server denying the connection, not just a closed socket).
Failure failure_from_mstsc(std::uint32_t disc_reason, std::optional<std::uint32_t> extended);

/// The failure xfreerdp reported: the last error it logged (ERRCONNECT_* or ERRINFO_* value),
/// the server's Set Error Info code if it logged one, and its exit code. The server's own
/// reason beats FreeRDP's error, which beats the exit code (derived from it). The ERRINFO code
/// is kept in codes.extended_reason, the same code space as mstsc's extended reason.
Failure failure_from_freerdp(std::optional<std::uint32_t> freerdp_error,
                             std::optional<std::uint32_t> errinfo, int exit_code);

/// Possible causes a user meets for this failure, in plain words, each one something
/// rdpmedic's diagnosis can check. They are candidates, not findings; never empty.
std::vector<std::string> likely_causes(const Failure& failure);

} // namespace rdpmedic
