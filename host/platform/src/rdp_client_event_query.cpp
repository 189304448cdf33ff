// The event log query of the live watcher, built from the user's SID. The SID is checked
// character by character first: it is spliced into XPath text.
#include "rdpmedic/platform/rdp_client_events.h"

#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace rdpmedic {

namespace {

bool is_number_up_to(std::string_view part, std::uint64_t largest) {
    if (part.empty() || part.size() > 15 ||
        part.find_first_not_of("0123456789") != std::string_view::npos) {
        return false;
    }
    std::uint64_t value = 0;
    std::from_chars(part.data(), part.data() + part.size(), value);
    return value <= largest;
}

} // namespace

bool is_sid_string(std::string_view text) {
    if (text.substr(0, 2) != "S-") {
        return false;
    }
    text.remove_prefix(2);
    // Revision, identifier authority (48 bits), then up to 15 sub-authorities of 32 bits each
    // (SID_MAX_SUB_AUTHORITIES).
    std::size_t parts = 0;
    while (true) {
        const auto dash = text.find('-');
        if (!is_number_up_to(text.substr(0, dash), parts == 1 ? 0xFFFF'FFFF'FFFFu : 0xFFFF'FFFFu)) {
            return false;
        }
        ++parts;
        if (dash == std::string_view::npos) {
            break;
        }
        text.remove_prefix(dash + 1);
    }
    return parts >= 2 && parts <= 17;
}

std::string rdp_client_event_query(std::string_view user_sid) {
    if (!is_sid_string(user_sid)) {
        throw std::invalid_argument("not a SID: \"" + std::string(user_sid.substr(0, 64)) + "\"");
    }
    return "*[System[(EventID=1024 or EventID=1025 or EventID=1026 or EventID=1027 or "
           "EventID=1102 or EventID=1103 or EventID=1105) and Security[@UserID='" +
           std::string(user_sid) + "']]]";
}

} // namespace rdpmedic
