#pragma once
/// Reads FreeRDP's log output (at /log-level:DEBUG), 2.x and 3.x alike, line by line and tells
/// when the session became active and, when it failed, why. Plain text in, no process handling
/// here. The two generations differ in layout (3.x adds `[function]:` before each message,
/// drops the word freerdp_set_last_error_ex, logs states from com.freerdp.core.rdp with finer
/// steps); the facts read are the same.

#include "rdpmedic/core/failure.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

class FreeRdpOutputParser {
  public:
    /// The arguments that make FreeRDP print what this parser needs. The connected signal,
    /// `rdp_client_transition_to_state … --> CONNECTION_STATE_ACTIVE`, is a DEBUG line (module
    /// com.freerdp.core.connection in 2.x, com.freerdp.core.rdp in 3.x); FreeRDP 2.11's
    /// per-module filters do not raise it alone, so the whole client logs at DEBUG and this
    /// parser picks the lines it needs.
    static std::vector<std::string> required_arguments();

    /// Feeds one line (without its newline). Returns true on the line that shows the
    /// session became active.
    bool feed(std::string_view line);

    bool connected() const { return connected_; }
    /// The last error FreeRDP recorded: `freerdp_set_last_error_ex NAME [0x0002000D]` (2.x,
    /// older builds `[0x2000D]`), `[function]: NAME [0x0002000D]` (3.x).
    std::optional<std::uint32_t> last_error() const { return last_error_; }
    /// The server's Set Error Info code, when FreeRDP logged one (2.x `ERRINFO_… (0x…)`, 3.x
    /// `ERRINFO_… [0x0001…]`), without FreeRDP's class bits.
    std::optional<std::uint32_t> errinfo() const { return errinfo_; }
    /// The furthest connection state reached, e.g. "MCS_CHANNEL_JOIN"; empty before NEGO.
    const std::string& furthest_state() const { return furthest_state_; }
    /// The client's own error lines (message part), first ones kept.
    const std::vector<std::string>& error_lines() const { return error_lines_; }

    /// The failure these lines and the exit code describe; for a non-zero exit.
    Failure failure(int exit_code) const;

  private:
    bool connected_ = false;
    std::optional<std::uint32_t> last_error_;
    std::optional<std::uint32_t> errinfo_;
    std::string furthest_state_;
    int furthest_rank_ = -1;
    std::vector<std::string> error_lines_;
    bool transport_error_seen_ = false;
    bool refused_before_reply_ = false;
    bool credentials_unanswered_ = false;
    std::string rejected_argument_;
    bool display_missing_ = false;
    bool certificate_rejected_ = false;
};

} // namespace rdpmedic
