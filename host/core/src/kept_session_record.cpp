#include "rdpmedic/core/kept_session_record.h"

#include <nlohmann/json.hpp>

#include <charconv>

namespace rdpmedic {

namespace {

constexpr int kVersion = 1;
constexpr std::size_t kMaxText = 1024;
// Linux's pid_max is at most 2^22; Windows reuses its pids long before they get that high.
constexpr std::int64_t kMaxPid = 4'194'304;

bool plain_text(const std::string& text) {
    if (text.size() > kMaxText) {
        return false;
    }
    for (const unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string to_record_text(const KeptSessionRecord& record) {
    nlohmann::json json = {{"version", kVersion},
                                 {"keeper_pid", record.keeper_pid},
                                 {"keeper_start", std::to_string(record.keeper_start)},
                                 {"target", record.target},
                                 {"where", record.where},
                                 {"user", record.user},
                                 {"client", record.client}};
    if (!record.program.empty()) {
        json["program"] = record.program;
    }
    return json.dump() + "\n";
}

std::optional<KeptSessionRecord> parse_kept_session_record(std::string_view text, std::string& why) {
    if (text.size() > kKeptSessionRecordMaxBytes) {
        why = "larger than " + std::to_string(kKeptSessionRecordMaxBytes) + " bytes";
        return std::nullopt;
    }
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object()) {
        why = "not a JSON object";
        return std::nullopt;
    }
    if (!json.contains("version") || json["version"] != kVersion) {
        why = "not a version " + std::to_string(kVersion) + " record";
        return std::nullopt;
    }
    KeptSessionRecord record;
    const auto& pid = json.contains("keeper_pid") ? json["keeper_pid"] : nlohmann::json();
    if (!pid.is_number_integer() || pid.get<std::int64_t>() < 2 || pid.get<std::int64_t>() > kMaxPid) {
        why = "keeper_pid is not a process id";
        return std::nullopt;
    }
    record.keeper_pid = pid.get<int>();
    // A string: JSON numbers lose digits past 2^53 in some readers, and start times are 64-bit.
    const auto& start = json.contains("keeper_start") ? json["keeper_start"] : nlohmann::json();
    const std::string start_text = start.is_string() ? start.get<std::string>() : std::string();
    const char* const end = start_text.data() + start_text.size();
    const auto [parsed_to, error] = std::from_chars(start_text.data(), end, record.keeper_start);
    if (start_text.empty() || error != std::errc() || parsed_to != end) {
        why = "keeper_start is not a start time";
        return std::nullopt;
    }
    for (auto [name, field] : {std::pair{"target", &record.target}, std::pair{"where", &record.where},
                               std::pair{"user", &record.user}, std::pair{"client", &record.client}}) {
        const auto& value = json.contains(name) ? json[name] : nlohmann::json();
        if (!value.is_string() || !plain_text(value.get<std::string>())) {
            why = std::string(name) + " is not a short text without control characters";
            return std::nullopt;
        }
        *field = value.get<std::string>();
    }
    if (json.contains("program")) {
        const auto& program = json["program"];
        if (!program.is_string() || program.get<std::string>().empty() || !plain_text(program.get<std::string>())) {
            why = "program is not a short text without control characters";
            return std::nullopt;
        }
        record.program = program.get<std::string>();
    }
    if (record.target.empty() || record.where.empty()) {
        why = "target or where is empty";
        return std::nullopt;
    }
    return record;
}

} // namespace rdpmedic
