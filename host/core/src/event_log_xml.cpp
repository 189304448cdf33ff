// The XML the Windows event log renders, read with pugixml (strict, no DTD processing, no
// external entities; its parser does not recurse, so depth cannot exhaust the stack). What it
// builds is walked here to depth kMaxDepth at most.
#include "rdpmedic/core/event_log.h"

#include "rdpmedic/core/text_encoding.h"

#include <charconv>
#include <pugixml.hpp>

namespace rdpmedic {

namespace {

constexpr int kMaxDepth = 64;

/// The name without its namespace prefix: "e:Event" is an Event.
std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = node.name();
    if (const auto colon = name.rfind(':'); colon != std::string_view::npos) {
        name.remove_prefix(colon + 1);
    }
    return name;
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view wanted) {
    for (const auto& c : node.children()) {
        if (c.type() == pugi::node_element && local_name(c) == wanted) {
            return c;
        }
    }
    return {};
}

std::string attribute(const pugi::xml_node& node, const char* wanted) {
    return node ? node.attribute(wanted).value() : "";
}

/// Every piece of text and CDATA directly inside `node`, joined.
std::string text_of(const pugi::xml_node& node) {
    std::string text;
    for (const auto& c : node.children()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            text += c.value();
        }
    }
    return text;
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

void collect_events(const pugi::xml_node& node, int depth, std::vector<RdpClientEvent>& out) {
    if (depth > kMaxDepth) {
        throw EventLogError("not event log XML: elements nested too deeply at byte " +
                            std::to_string(node.offset_debug()));
    }
    if (local_name(node) != "Event") {
        for (const auto& c : node.children()) {
            if (c.type() == pugi::node_element) {
                collect_events(c, depth + 1, out);
            }
        }
        return;
    }
    RdpClientEvent event;
    if (const auto system = child(node, "System")) {
        const std::string digits = trimmed(text_of(child(system, "EventID")));
        std::from_chars(digits.data(), digits.data() + digits.size(), event.id);
        event.time = attribute(child(system, "TimeCreated"), "SystemTime");
        event.activity_id = attribute(child(system, "Correlation"), "ActivityID");
        event.provider = attribute(child(system, "Provider"), "Name");
        const std::string pid_digits = attribute(child(system, "Execution"), "ProcessID");
        std::uint32_t pid = 0;
        const auto [end, ec] =
            std::from_chars(pid_digits.data(), pid_digits.data() + pid_digits.size(), pid);
        if (!pid_digits.empty() && ec == std::errc{} && end == pid_digits.data() + pid_digits.size()) {
            event.process_id = pid;
        }
        event.user_sid = attribute(child(system, "Security"), "UserID");
        event.channel = trimmed(text_of(child(system, "Channel")));
    }
    if (const auto data = child(node, "EventData")) {
        for (const auto& item : data.children()) {
            if (item.type() == pugi::node_element && local_name(item) == "Data") {
                event.data[item.attribute("Name").value()] = trimmed(text_of(item));
            }
        }
    }
    out.push_back(std::move(event));
}

} // namespace

std::vector<RdpClientEvent> parse_event_log_xml(std::string_view xml) {
    // Redirected from PowerShell, an export is UTF-16LE with a byte order mark.
    std::string converted;
    if (xml.substr(0, 2) == "\xFF\xFE") {
        auto result = utf16_to_utf8(xml.substr(2), false);
        if (const auto* problem = std::get_if<Utf16Problem>(&result)) {
            throw EventLogError("not event log XML: " + problem->problem + " on line " +
                                std::to_string(problem->line));
        }
        converted = std::get<std::string>(std::move(result));
        xml = converted;
    } else if (xml.substr(0, 3) == "\xEF\xBB\xBF") {
        xml.remove_prefix(3);
    }
    // A fragment: `wevtutil qe` without /e:ROOT writes one <Event> after another, no root.
    pugi::xml_document document;
    const pugi::xml_parse_result parsed = document.load_buffer(
        xml.data(), xml.size(), pugi::parse_default | pugi::parse_fragment, pugi::encoding_utf8);
    if (!parsed) {
        throw EventLogError(std::string("not event log XML: ") + parsed.description() + " at byte " +
                            std::to_string(parsed.offset));
    }
    std::vector<RdpClientEvent> events;
    for (const auto& top : document.children()) {
        if (top.type() == pugi::node_pcdata && !trimmed(top.value()).empty()) {
            throw EventLogError("not event log XML: text outside any element at byte " +
                                std::to_string(top.offset_debug()));
        }
        if (top.type() == pugi::node_element) {
            collect_events(top, 0, events);
        }
    }
    return events;
}

} // namespace rdpmedic
