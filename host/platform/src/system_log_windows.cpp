#include "rdpmedic/platform/system_log.h"

#include "rdpmedic/platform/event_source_windows.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_error.h"
#include "rdpmedic/platform/windows_api.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <mutex>

namespace rdpmedic {

std::string event_source_problem() {
    wchar_t file[MAX_PATH] = {};
    DWORD size = sizeof file;
    const LSTATUS status = RegGetValueW(HKEY_LOCAL_MACHINE, kEventSourceKey, L"EventMessageFile",
                                        RRF_RT_REG_SZ, nullptr, file, &size); // REG_EXPAND_SZ comes expanded
    if (status != ERROR_SUCCESS) {
        return "the event source rdpmedic is not registered (HKLM\\" + narrow(kEventSourceKey) +
               "); reinstall rdpmedic to register it";
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(file), ec)) {
        return "the event source rdpmedic names the message file " + narrow(file) +
               ", which is missing; reinstall rdpmedic";
    }
    return {};
}

namespace {

WORD event_type(SystemLogLevel level) {
    switch (level) {
    case SystemLogLevel::Error: return EVENTLOG_ERROR_TYPE;
    case SystemLogLevel::Warning: return EVENTLOG_WARNING_TYPE;
    default: return EVENTLOG_INFORMATION_TYPE;
    }
}

/// The Application log under the source rdpmedic; the fields are the insertion strings of
/// the event's message (%1, %2, …). Without a registered source the events go to
/// rdpmedic.log, which says why once.
class EventLog final : public SystemLog {
  public:
    EventLog() : problem_(event_source_problem()) {
        if (problem_.empty()) {
            source_ = RegisterEventSourceW(nullptr, kEventSource);
            if (!source_) {
                problem_ = "the event log refused the source rdpmedic: " + windows_error_text(GetLastError());
            }
        }
    }
    ~EventLog() override {
        if (source_) {
            DeregisterEventSource(source_);
        }
    }

    void write(const SystemLogRecord& record) override {
        if (source_) {
            std::vector<std::wstring> values;
            for (const auto& field : record.fields) {
                values.push_back(widen(field.value));
            }
            std::vector<LPCWSTR> strings;
            for (const auto& value : values) {
                strings.push_back(value.c_str());
            }
            if (ReportEventW(source_, event_type(record.level), 0, record.event_id, nullptr,
                             static_cast<WORD>(strings.size()), 0, strings.data(), nullptr)) {
                return;
            }
            tell_once("the event log did not take rdpmedic's event: " + windows_error_text(GetLastError()));
        } else {
            tell_once(problem_);
        }
        spdlog::info("system log event {}: {}", record.event_id, record.message);
    }

  private:
    void tell_once(const std::string& why) {
        std::lock_guard lock(mutex_);
        if (!told_) {
            told_ = true;
            spdlog::warn("{}; system log events are written here instead", why);
        }
    }

    std::string problem_;
    HANDLE source_ = nullptr;
    std::mutex mutex_;
    bool told_ = false;
};

} // namespace

std::unique_ptr<SystemLog> make_system_log() { return std::make_unique<EventLog>(); }

} // namespace rdpmedic
