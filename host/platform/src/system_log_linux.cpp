#include "rdpmedic/platform/system_log.h"

#include <spdlog/spdlog.h>
#include <syslog.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <mutex>

namespace rdpmedic {

namespace {

constexpr const char* kJournalSocket = "/run/systemd/journal/socket";

int priority_of(SystemLogLevel level) {
    switch (level) {
    case SystemLogLevel::Error: return LOG_ERR;
    case SystemLogLevel::Warning: return LOG_WARNING;
    default: return LOG_INFO;
    }
}

/// journald's fields, then syslog's text, in that order of preference: syslog keeps the fields
/// as key=value after the message so a grep still finds them.
class JournalLog final : public SystemLog {
  public:
    JournalLog() { ::openlog("rdpmedic", LOG_PID, LOG_USER); }
    ~JournalLog() override { ::closelog(); }

    void write(const SystemLogRecord& record) override {
        const int journal = send_to_journal(record);
        if (journal >= 0) {
            return;
        }
        {
            std::lock_guard lock(mutex_);
            if (!told_) {
                told_ = true;
                spdlog::info("the systemd journal is not reachable ({}); system log events go to syslog instead",
                             std::strerror(-journal));
            }
        }
        std::string text = record.message + " EVENT_ID=" + std::to_string(record.event_id);
        for (const auto& field : record.fields) {
            text += " " + field.name + "=" + field.value;
        }
        ::syslog(priority_of(record.level), "%s", text.c_str());
    }

  private:
    /// A negative errno when the journal did not take it.
    static int send_to_journal(const SystemLogRecord& record) {
        // sd_journal_sendv reports success when the socket is missing (it fails silently then).
        if (::access(kJournalSocket, F_OK) != 0) {
            return -ENOENT;
        }
        std::vector<std::string> lines = {
            "MESSAGE=" + record.message,
            "MESSAGE_ID=" + record.message_id,
            "PRIORITY=" + std::to_string(priority_of(record.level)),
            "SYSLOG_IDENTIFIER=rdpmedic",
            "RDPMEDIC_EVENT_ID=" + std::to_string(record.event_id),
        };
        for (const auto& field : record.fields) {
            lines.push_back("RDPMEDIC_" + field.name + "=" + field.value);
        }
        std::vector<iovec> parts;
        parts.reserve(lines.size());
        for (auto& line : lines) {
            parts.push_back({line.data(), line.size()});
        }
        return sd_journal_sendv(parts.data(), static_cast<int>(parts.size()));
    }

    std::mutex mutex_;
    bool told_ = false;
};

} // namespace

std::unique_ptr<SystemLog> make_system_log() { return std::make_unique<JournalLog>(); }

} // namespace rdpmedic
