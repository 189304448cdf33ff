#include "rdpmedic/core/json.h"

#include <cstdio>

namespace rdpmedic {

std::string to_hex(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%X", value);
    return text;
}

std::string to_hex8(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}

nlohmann::json to_json(const Failure& failure) {
    nlohmann::json codes = nlohmann::json::object();
    if (failure.codes.disc_reason) {
        codes["disc_reason"] = to_hex(*failure.codes.disc_reason);
    }
    if (failure.codes.extended_reason) {
        codes["extended_reason"] = to_hex(*failure.codes.extended_reason);
    }
    if (failure.codes.freerdp_error) {
        codes["freerdp_error"] = to_hex8(*failure.codes.freerdp_error);
    }
    if (failure.codes.exit_code) {
        codes["exit_code"] = *failure.codes.exit_code;
    }
    return {{"kind", to_id(failure.kind)},
            {"retriable", failure.retriable},
            {"message", failure.message},
            {"detail", failure.detail},
            {"codes", codes}};
}

nlohmann::json to_json(const SupervisorEvent& event) {
    using namespace std::chrono;
    const auto day = floor<days>(event.at);
    const year_month_day date{day};
    const hh_mm_ss time{floor<milliseconds>(event.at - day)};
    char stamp[48];
    std::snprintf(stamp, sizeof stamp, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));

    nlohmann::json json = {{"event", to_id(event.state)},
                           {"at", stamp},
                           {"elapsed_ms", event.since_start.count()},
                           {"attempt", event.attempt},
                           {"max_attempts", event.max_attempts},
                           {"target", event.target.to_string()},
                           {"note", event.note}};
    if (event.failure) {
        json["failure"] = to_json(*event.failure);
    }
    if (event.diagnosis) {
        json["diagnosis"] = to_json(*event.diagnosis);
    }
    if (event.state == SupervisorState::Waiting) {
        json["delay_ms"] = event.delay.count();
    }
    return json;
}

} // namespace rdpmedic
