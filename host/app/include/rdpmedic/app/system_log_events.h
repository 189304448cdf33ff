#pragma once
/// What rdpmedic tells the system log, the same on every OS: one stable event id per kind of
/// event (also a fixed journald MESSAGE_ID), its English text and its fields. The Windows
/// message table (host/platform/messages/rdpmedic_messages.mc) carries the same ids and
/// texts; a unit test holds them together. The README lists them for administrators.

#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/platform/system_log.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::app {

struct SystemLogEventKind {
    std::uint16_t id = 0;
    std::string_view name;       ///< "connection-failed"
    std::string_view message_id; ///< journald MESSAGE_ID
    SystemLogLevel level = SystemLogLevel::Info;
    /// With %1, %2, … standing for the fields in this order (the message table's syntax).
    std::string_view text;
    std::vector<std::string_view> fields;
};

/// Every kind, by id.
const std::vector<SystemLogEventKind>& system_log_event_kinds();

/// `text` with %1, %2, … replaced by the values of `fields`.
std::string expand_event_text(std::string_view text, const std::vector<SystemLogField>& fields);

/// Shown for a code or a value the event does not have.
inline constexpr std::string_view kNoValue = "-";

/// One connection's records, from its supervisor events and its fix stage's actions. Keeps
/// what later events need: the target as the user gave it (the "server" an administrator
/// groups by, also after a strategy moved the connection to another address), the last
/// failure, the last strategy that changed something.
class ConnectionRecords {
  public:
    /// Failed, Diagnosing, GaveUp and Connected make a record; other states none.
    std::vector<SystemLogRecord> on_event(const SupervisorEvent& event);
    std::vector<SystemLogRecord> on_fixes(int attempt, const std::vector<FixAction>& actions);

  private:
    /// Empty before any failure.
    std::string last_failure_kind() const;
    std::string last_disc_reason() const;

    std::string target_;
    std::optional<Failure> last_failure_;
    std::string fixed_by_;
};

/// A system change taken back by "Undo last change" or `rdpmedic-cli undo`.
SystemLogRecord undone_record(const std::string& change_id, const std::string& plugin, const std::string& change);

} // namespace rdpmedic::app
