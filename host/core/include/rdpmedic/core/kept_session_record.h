#pragma once
/// The record of a client kept running apart from the tray (see kept_sessions.h): which
/// process keeps it (Linux: rdpmedic-session; Windows: mstsc itself), and what a tray started
/// again needs to show it. Written by the tray that
/// started the client, read back by the next one. The file is input anyone with the user's
/// rights could have replaced, so reading refuses anything a record never holds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rdpmedic {

struct KeptSessionRecord {
    int keeper_pid = 0;
    /// The keeper's start time, Linux: in clock ticks since boot (/proc/PID/stat, field 22);
    /// Windows: its creation time (GetProcessTimes, 100 ns units since 1601). With the pid it
    /// names one process, never another that reused the pid later.
    std::uint64_t keeper_start = 0;
    std::string target; ///< host:port
    std::string where;  ///< as the user gave it: HOST[:PORT] or an .rdp file
    std::string user;
    std::string client; ///< "xfreerdp3", for messages
    /// The program the keeper process runs, UTF-8 (Windows: mstsc.exe's full path); empty on
    /// Linux, where it is always rdpmedic-session. Written only when set.
    std::string program;
};

/// The largest record read; anything bigger is refused unread.
constexpr std::size_t kKeptSessionRecordMaxBytes = 16 * 1024;

std::string to_record_text(const KeptSessionRecord& record);

/// The record in `text`, or nullopt with `why` saying what is wrong: not a JSON object,
/// another version, a missing field or one of the wrong type, a pid or start time out of
/// range, a text too long (`program` a path of at most 1024 bytes) or holding control characters.
std::optional<KeptSessionRecord> parse_kept_session_record(std::string_view text, std::string& why);

} // namespace rdpmedic
