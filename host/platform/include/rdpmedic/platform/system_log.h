#pragma once
/// The operating system's own log, where an administrator looks first: journald (syslog where
/// there is no journal) on Linux, the Application event log under the source "rdpmedic" on
/// Windows. What goes in a record is decided elsewhere (app/system_log_events.h); this only
/// delivers it.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rdpmedic {

enum class SystemLogLevel { Info, Warning, Error };

struct SystemLogField {
    std::string name;  ///< upper case, without the RDPMEDIC_ prefix: "TARGET", "FAILURE_KIND"
    std::string value; ///< may be empty (a code the client did not report)

    bool operator==(const SystemLogField&) const = default;
};

struct SystemLogRecord {
    std::uint16_t event_id = 0; ///< the Windows event id, also RDPMEDIC_EVENT_ID in the journal
    std::string message_id;     ///< journald MESSAGE_ID: 32 lower-case hex digits, fixed per kind
    SystemLogLevel level = SystemLogLevel::Info;
    std::string message;        ///< English, one line: the journal's MESSAGE, syslog's text
    /// In the order of the event's message text on Windows (%1, %2, …).
    std::vector<SystemLogField> fields;
};

class SystemLog {
  public:
    virtual ~SystemLog() = default;
    /// Never throws and never blocks for long: when the system log cannot take the record,
    /// rdpmedic.log says so once and rdpmedic carries on.
    virtual void write(const SystemLogRecord& record) = 0;
};

/// This OS's system log.
std::unique_ptr<SystemLog> make_system_log();

} // namespace rdpmedic
