#include "rdpmedic/app/system_log_events.h"

#include "rdpmedic/core/json.h"

#include <stdexcept>

namespace rdpmedic::app {

namespace {

enum EventId : std::uint16_t {
    kConnectionFailed = 1001,
    kDiagnosis = 1002,
    kFixApplied = 1003,
    kFixRefused = 1004,
    kFixUndone = 1005,
    kGaveUp = 1006,
    kConnected = 1007,
};

const SystemLogEventKind& kind_of(std::uint16_t id) {
    for (const auto& kind : system_log_event_kinds()) {
        if (kind.id == id) {
            return kind;
        }
    }
    throw std::logic_error("no system log event " + std::to_string(id));
}

/// `values` in the order of the kind's fields.
SystemLogRecord make_record(std::uint16_t id, const std::vector<std::string>& values) {
    const SystemLogEventKind& kind = kind_of(id);
    SystemLogRecord record;
    record.event_id = kind.id;
    record.message_id = std::string(kind.message_id);
    record.level = kind.level;
    for (std::size_t i = 0; i < kind.fields.size(); ++i) {
        const std::string& value = i < values.size() ? values[i] : std::string();
        record.fields.push_back({std::string(kind.fields[i]), value.empty() ? std::string(kNoValue) : value});
    }
    record.message = expand_event_text(kind.text, record.fields);
    return record;
}

template <typename Code> std::string hex_or_none(const std::optional<Code>& code) {
    return code ? to_hex(static_cast<std::uint32_t>(*code)) : std::string();
}

std::string scope(bool system_wide) { return system_wide ? "system" : "connection"; }

} // namespace

const std::vector<SystemLogEventKind>& system_log_event_kinds() {
    static const std::vector<SystemLogEventKind> kinds = {
        {kConnectionFailed, "connection-failed", "40ae57da3aef464fa20f052a7a442365", SystemLogLevel::Warning,
         "Connection to %1 failed on attempt %2: %3 (disconnect reason %4, extended reason %5, FreeRDP error %6, "
         "exit code %7).",
         {"TARGET", "ATTEMPT", "FAILURE_KIND", "DISC_REASON", "EXTENDED_REASON", "FREERDP_ERROR", "EXIT_CODE"}},
        {kDiagnosis, "diagnosis", "634b907592614aacafd2548eb10b4fff", SystemLogLevel::Info,
         "Diagnosis of %1 after attempt %2: %3 (findings: %4).", {"TARGET", "ATTEMPT", "VERDICT", "FINDINGS"}},
        {kFixApplied, "fix-applied", "28a6058bd9cc44a8b03aabf61620ebe6", SystemLogLevel::Info,
         "Fix applied for %1 after attempt %2 by %3: %4 (scope %5).", {"TARGET", "ATTEMPT", "PLUGIN", "CHANGE", "SCOPE"}},
        {kFixRefused, "fix-refused", "0b444e035eb94f779a71ba2443750f6c", SystemLogLevel::Warning,
         "Fix refused for %1 after attempt %2 from %3: %4 (scope %5): %6.",
         {"TARGET", "ATTEMPT", "PLUGIN", "CHANGE", "SCOPE", "REASON"}},
        {kFixUndone, "fix-undone", "2586909a0ee24f8c84d2f1407754d27c", SystemLogLevel::Info,
         "Change %1 by %2 undone: %3 (scope %4).", {"CHANGE_ID", "PLUGIN", "CHANGE", "SCOPE"}},
        {kGaveUp, "gave-up", "31017ac3578a487cb42deaf4d9a12bb7", SystemLogLevel::Error,
         "Gave up connecting to %1 after %2 attempts (last failure %3, disconnect reason %4): %5.",
         {"TARGET", "ATTEMPTS", "FAILURE_KIND", "DISC_REASON", "REASON"}},
        {kConnected, "connected", "8001fde51a494809af265bf6a3a7080c", SystemLogLevel::Info,
         "Connected to %1 on attempt %2 (fixed by %3, last failure %4, disconnect reason %5).",
         {"TARGET", "ATTEMPTS", "FIXED_BY", "LAST_FAILURE_KIND", "LAST_DISC_REASON"}},
    };
    return kinds;
}

std::string expand_event_text(std::string_view text, const std::vector<SystemLogField>& fields) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%' || i + 1 >= text.size() || text[i + 1] < '1' || text[i + 1] > '9') {
            out += text[i];
            continue;
        }
        const std::size_t index = static_cast<std::size_t>(text[i + 1] - '1');
        out += index < fields.size() ? fields[index].value : std::string(kNoValue);
        ++i;
    }
    return out;
}

std::vector<SystemLogRecord> ConnectionRecords::on_event(const SupervisorEvent& event) {
    if (target_.empty()) {
        target_ = event.target.to_string();
    }
    const std::string attempt = std::to_string(event.attempt);
    switch (event.state) {
    case SupervisorState::Failed: {
        if (!event.failure) {
            return {};
        }
        last_failure_ = event.failure;
        const RawCodes& codes = event.failure->codes;
        return {make_record(kConnectionFailed,
                            {target_, attempt, std::string(to_id(event.failure->kind)), hex_or_none(codes.disc_reason),
                             hex_or_none(codes.extended_reason),
                             codes.freerdp_error ? to_hex8(*codes.freerdp_error) : std::string(),
                             codes.exit_code ? std::to_string(*codes.exit_code) : std::string()})};
    }
    case SupervisorState::Diagnosing: {
        if (!event.diagnosis) {
            return {};
        }
        std::string findings;
        for (const auto& finding : event.diagnosis->findings) {
            findings += (findings.empty() ? "" : ",") + finding.id;
        }
        return {make_record(kDiagnosis, {target_, attempt, event.diagnosis->verdict.cause, findings})};
    }
    case SupervisorState::GaveUp:
        return {make_record(kGaveUp, {target_, attempt, last_failure_kind(), last_disc_reason(), event.note})};
    case SupervisorState::Connected:
        return {make_record(kConnected, {target_, attempt, fixed_by_, last_failure_kind(), last_disc_reason()})};
    default: return {};
    }
}

std::string ConnectionRecords::last_failure_kind() const {
    return last_failure_ ? std::string(to_id(last_failure_->kind)) : std::string();
}

std::string ConnectionRecords::last_disc_reason() const {
    return last_failure_ ? hex_or_none(last_failure_->codes.disc_reason) : std::string();
}

std::vector<SystemLogRecord> ConnectionRecords::on_fixes(int attempt, const std::vector<FixAction>& actions) {
    std::vector<SystemLogRecord> records;
    for (const auto& action : actions) {
        if (action.outcome == FixAction::Outcome::Applied) {
            fixed_by_ = action.plugin;
            records.push_back(make_record(
                kFixApplied, {target_, std::to_string(attempt), action.plugin, action.change, scope(action.system_wide)}));
        } else {
            records.push_back(make_record(kFixRefused, {target_, std::to_string(attempt), action.plugin, action.change,
                                                        scope(action.system_wide), action.reason}));
        }
    }
    return records;
}

SystemLogRecord undone_record(const std::string& change_id, const std::string& plugin, const std::string& change) {
    return make_record(kFixUndone, {change_id, plugin, change, scope(true)});
}

} // namespace rdpmedic::app
