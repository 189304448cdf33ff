// The Application log under wine: the message DLL's texts as Event Viewer formats them, and
// reporting with the source registered and without it. Wine keeps no event log to read back
// (no wevtutil qe), so what is checked is the registry, the DLL's resources and that
// ReportEventW takes the events.
#include "rdpmedic/platform/event_source_windows.h"
#include "rdpmedic/app/system_log_events.h"
#include "rdpmedic/platform/system_log.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

using namespace rdpmedic;

namespace {

/// Event Viewer's way: the source's message file, the event id, the insertion strings.
std::string formatted(HMODULE messages, std::uint16_t id, const std::vector<SystemLogField>& fields) {
    std::vector<std::wstring> values;
    for (const auto& field : fields) {
        values.push_back(widen(field.value));
    }
    std::vector<DWORD_PTR> arguments;
    for (const auto& value : values) {
        arguments.push_back(reinterpret_cast<DWORD_PTR>(value.c_str()));
    }
    wchar_t text[2048] = {};
    const DWORD length = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, messages, id,
                                        MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), text, 2048,
                                        reinterpret_cast<va_list*>(arguments.data()));
    std::string out = narrow(std::wstring_view(text, length));
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

/// Captures what rdpmedic.log would get while it lives.
class CapturedLog {
  public:
    CapturedLog() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
    }
    ~CapturedLog() { spdlog::set_default_logger(previous_); }
    std::string text() const { return text_.str(); }

  private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream text_;
};

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

SystemLogRecord sample_failure() {
    app::ConnectionRecords records;
    SupervisorEvent failed;
    failed.state = SupervisorState::Failed;
    failed.attempt = 1;
    failed.target = Target{"rds1.example.test", 3389};
    failed.failure = Failure{FailureKind::SocketClosed, true, {0x904, 0x7, std::nullopt, std::nullopt}, "closed", "", ""};
    return records.on_event(failed).at(0);
}

void remove_event_source() { RegDeleteKeyW(HKEY_LOCAL_MACHINE, kEventSourceKey); }

} // namespace

TEST_CASE("system log (Windows): the message DLL gives every event's English text with its fields",
          "[system-log]") {
    HMODULE messages = LoadLibraryExW(widen(RDPMEDIC_MESSAGES_DLL).c_str(), nullptr,
                                      LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_IMAGE_RESOURCE);
    REQUIRE(messages != nullptr);
    for (const auto& kind : app::system_log_event_kinds()) {
        INFO(kind.name);
        std::vector<SystemLogField> fields;
        for (const auto& name : kind.fields) {
            fields.push_back({std::string(name), "value of " + std::string(name)});
        }
        CHECK(formatted(messages, kind.id, fields) == app::expand_event_text(kind.text, fields));
    }
    FreeLibrary(messages);
}

TEST_CASE("system log (Windows): without a registered source the events go to rdpmedic.log, which says so once",
          "[system-log]") {
    remove_event_source();
    CHECK_THAT(event_source_problem(), Catch::Contains("not registered"));
    const CapturedLog log;
    const auto system_log = make_system_log();
    system_log->write(sample_failure());
    system_log->write(sample_failure());
    CHECK(count(log.text(), "the event source rdpmedic is not registered") == 1);
    CHECK(count(log.text(), "system log event 1001: Connection to rds1.example.test:3389 failed") == 2);
}

TEST_CASE("system log (Windows): with the source registered as the installer does, ReportEventW takes the events",
          "[system-log]") {
    HKEY key = nullptr;
    REQUIRE(RegCreateKeyExW(HKEY_LOCAL_MACHINE, kEventSourceKey, 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key,
                            nullptr) == ERROR_SUCCESS);
    const std::wstring file = widen(RDPMEDIC_MESSAGES_DLL);
    RegSetValueExW(key, L"EventMessageFile", 0, REG_EXPAND_SZ, reinterpret_cast<const BYTE*>(file.c_str()),
                   static_cast<DWORD>((file.size() + 1) * sizeof(wchar_t)));
    const DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD, reinterpret_cast<const BYTE*>(&types), sizeof types);
    RegCloseKey(key);
    CHECK(event_source_problem() == "");
    {
        const CapturedLog log;
        const auto system_log = make_system_log();
        for (const auto& kind : app::system_log_event_kinds()) {
            SystemLogRecord record = sample_failure();
            record.event_id = kind.id;
            record.level = kind.level;
            system_log->write(record);
        }
        // Nothing had to fall back to rdpmedic.log.
        CHECK(log.text() == "");
    }
    remove_event_source();
}
