#include "event_printer.h"

#include "diagnosis_printer.h"
#include "rdpmedic/core/decode.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/i18n/translated.h"

#include <string>

namespace rdpmedic::cli {

namespace {

using i18n::formatted;
using i18n::tr;

std::string clock_time(std::chrono::system_clock::time_point at) {
    using namespace std::chrono;
    const auto day = floor<days>(at);
    const hh_mm_ss time{floor<milliseconds>(at - day)};
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d.%03d", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                  static_cast<int>(time.subseconds().count()));
    return text;
}

} // namespace

std::string describe_codes(const Failure& failure) {
    std::string out;
    const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
    if (failure.codes.disc_reason) {
        add(formatted(tr("error code %s"), to_hex(*failure.codes.disc_reason).c_str()));
    }
    if (failure.codes.extended_reason) {
        add(formatted(tr("extended error code %s"), to_hex(*failure.codes.extended_reason).c_str()));
    }
    if (failure.codes.freerdp_error) {
        const auto meaning = describe_freerdp_error(*failure.codes.freerdp_error);
        add((meaning.known ? std::string(meaning.name) + " " : std::string()) + "[" +
            to_hex8(*failure.codes.freerdp_error) + "]");
    }
    if (failure.codes.exit_code) {
        add(formatted(tr("exit %d"), *failure.codes.exit_code));
    }
    return out;
}

void print_event_text(const SupervisorEvent& event, bool explain, std::FILE* out) {
    const std::string attempt = formatted(tr("attempt %d/%d"), event.attempt, event.max_attempts);
    std::fprintf(out, "%s  %-13s %-12s ", clock_time(event.at).c_str(), attempt.c_str(),
                 std::string(to_id(event.state)).c_str());
    if (event.failure && event.state != SupervisorState::Disconnected) {
        const Failure& failure = *event.failure;
        std::fprintf(out, "%s: %s\n", std::string(to_id(failure.kind)).c_str(),
                     i18n::translated(failure.message).c_str());
        const std::string codes = describe_codes(failure);
        if (!codes.empty()) {
            std::fprintf(out, tr("%41s client said: %s\n"), "", codes.c_str());
        }
        for (const auto& cause : explain ? likely_causes(failure) : std::vector<std::string>{}) {
            std::fprintf(out, tr("%41s possible cause: %s\n"), "", i18n::translated(cause).c_str());
        }
    } else if (event.diagnosis) {
        std::fprintf(out, tr("verdict: %s\n"), i18n::translated(event.note).c_str());
        print_diagnosis_text(*event.diagnosis, 41, out);
    } else {
        std::fprintf(out, "%s\n", i18n::translated(event.note).c_str());
    }
    std::fflush(out);
}

void print_event_json(const SupervisorEvent& event, std::FILE* out) {
    std::fprintf(out, "%s\n", to_json(event).dump().c_str());
    std::fflush(out);
}

} // namespace rdpmedic::cli
