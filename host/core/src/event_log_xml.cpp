// A small, strict reader for the XML the Windows event log renders: elements, attributes,
// text, comments, CDATA and the predefined and numeric entities; no DTDs. Bounded depth, so
// hostile input cannot exhaust the stack.
#include "rdpmedic/core/event_log.h"

#include "rdpmedic/core/text_encoding.h"

#include <charconv>
#include <memory>

namespace rdpmedic {

namespace {

constexpr int kMaxDepth = 64;

struct Node {
    std::string name; // local name, namespace prefix dropped
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<std::unique_ptr<Node>> children;
    std::string text;

    const Node* child(std::string_view wanted) const {
        for (const auto& c : children) {
            if (c->name == wanted) {
                return c.get();
            }
        }
        return nullptr;
    }
    std::string attribute(std::string_view wanted) const {
        for (const auto& [key, value] : attributes) {
            if (key == wanted) {
                return value;
            }
        }
        return {};
    }
};

class Reader {
  public:
    explicit Reader(std::string_view text) : text_(text) {}

    std::vector<std::unique_ptr<Node>> document() {
        std::vector<std::unique_ptr<Node>> roots;
        for (;;) {
            skip_space();
            if (at_end()) {
                return roots;
            }
            if (skip_markup()) {
                continue;
            }
            if (peek() != '<') {
                fail("text outside any element");
            }
            roots.push_back(element(0));
        }
    }

  private:
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    bool starts(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }

    [[noreturn]] void fail(const std::string& what) const {
        throw EventLogError("not event log XML: " + what + " at byte " + std::to_string(pos_));
    }

    void skip_space() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n')) {
            ++pos_;
        }
    }

    void skip_past(std::string_view end, const char* what) {
        const auto found = text_.find(end, pos_);
        if (found == std::string_view::npos) {
            fail(std::string("unterminated ") + what);
        }
        pos_ = found + end.size();
    }

    // Declarations, processing instructions and comments carry nothing rdpmedic reads.
    bool skip_markup() {
        if (starts("<?")) {
            skip_past("?>", "processing instruction");
        } else if (starts("<!--")) {
            skip_past("-->", "comment");
        } else if (starts("<!") && !starts("<![CDATA[")) {
            skip_past(">", "declaration");
        } else {
            return false;
        }
        return true;
    }

    std::string name() {
        const std::size_t start = pos_;
        while (!at_end()) {
            const char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/' || c == '=' ||
                c == '<' || c == '"' || c == '\'') {
                break;
            }
            ++pos_;
        }
        if (pos_ == start) {
            fail("expected a name");
        }
        std::string_view full = text_.substr(start, pos_ - start);
        if (const auto colon = full.rfind(':'); colon != std::string_view::npos) {
            full.remove_prefix(colon + 1);
        }
        return std::string(full);
    }

    void decode_into(std::string& out, std::string_view raw) {
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '&') {
                out += raw[i];
                continue;
            }
            const auto semi = raw.find(';', i);
            if (semi == std::string_view::npos || semi - i > 12) {
                out += '&';
                continue;
            }
            const std::string_view entity = raw.substr(i + 1, semi - i - 1);
            if (entity == "amp") {
                out += '&';
            } else if (entity == "lt") {
                out += '<';
            } else if (entity == "gt") {
                out += '>';
            } else if (entity == "quot") {
                out += '"';
            } else if (entity == "apos") {
                out += '\'';
            } else if (entity.size() > 1 && entity[0] == '#') {
                const bool hex = entity[1] == 'x' || entity[1] == 'X';
                const auto digits = entity.substr(hex ? 2 : 1);
                std::uint32_t cp = 0;
                const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
                if (ec != std::errc{} || end != digits.data() + digits.size() || cp == 0 || cp > 0x10FFFF) {
                    out.append(raw.substr(i, semi - i + 1));
                } else {
                    append_utf8(out, static_cast<char32_t>(cp));
                }
            } else {
                out.append(raw.substr(i, semi - i + 1));
            }
            i = semi;
        }
    }

    std::unique_ptr<Node> element(int depth) {
        if (depth > kMaxDepth) {
            fail("elements nested too deeply");
        }
        ++pos_; // '<'
        auto node = std::make_unique<Node>();
        node->name = name();
        for (;;) {
            skip_space();
            if (starts("/>")) {
                pos_ += 2;
                return node;
            }
            if (peek() == '>') {
                ++pos_;
                break;
            }
            if (at_end()) {
                fail("unterminated start tag <" + node->name + ">");
            }
            std::string key = name();
            skip_space();
            if (peek() != '=') {
                fail("expected '=' after attribute " + key);
            }
            ++pos_;
            skip_space();
            const char quote = peek();
            if (quote != '"' && quote != '\'') {
                fail("expected a quoted value for attribute " + key);
            }
            ++pos_;
            const auto close = text_.find(quote, pos_);
            if (close == std::string_view::npos) {
                fail("unterminated attribute " + key);
            }
            std::string value;
            decode_into(value, text_.substr(pos_, close - pos_));
            pos_ = close + 1;
            node->attributes.emplace_back(std::move(key), std::move(value));
        }
        for (;;) {
            if (at_end()) {
                fail("unterminated element <" + node->name + ">");
            }
            if (starts("</")) {
                pos_ += 2;
                const std::string closing = name();
                if (closing != node->name) {
                    fail("</" + closing + "> closes <" + node->name + ">");
                }
                skip_space();
                if (peek() != '>') {
                    fail("expected '>'");
                }
                ++pos_;
                return node;
            }
            if (starts("<![CDATA[")) {
                pos_ += 9;
                const auto end = text_.find("]]>", pos_);
                if (end == std::string_view::npos) {
                    fail("unterminated CDATA");
                }
                node->text.append(text_.substr(pos_, end - pos_));
                pos_ = end + 3;
                continue;
            }
            if (skip_markup()) {
                continue;
            }
            if (peek() == '<') {
                node->children.push_back(element(depth + 1));
                continue;
            }
            const auto next = text_.find('<', pos_);
            const auto end = next == std::string_view::npos ? text_.size() : next;
            decode_into(node->text, text_.substr(pos_, end - pos_));
            pos_ = end;
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

void collect_events(const Node& node, std::vector<RdpClientEvent>& out) {
    if (node.name != "Event") {
        for (const auto& child : node.children) {
            collect_events(*child, out);
        }
        return;
    }
    RdpClientEvent event;
    if (const Node* system = node.child("System")) {
        if (const Node* id = system->child("EventID")) {
            const std::string digits = trimmed(id->text);
            std::from_chars(digits.data(), digits.data() + digits.size(), event.id);
        }
        if (const Node* time = system->child("TimeCreated")) {
            event.time = time->attribute("SystemTime");
        }
        if (const Node* correlation = system->child("Correlation")) {
            event.activity_id = correlation->attribute("ActivityID");
        }
        if (const Node* provider = system->child("Provider")) {
            event.provider = provider->attribute("Name");
        }
        if (const Node* execution = system->child("Execution")) {
            const std::string digits = execution->attribute("ProcessID");
            std::uint32_t pid = 0;
            const auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), pid);
            if (!digits.empty() && ec == std::errc{} && end == digits.data() + digits.size()) {
                event.process_id = pid;
            }
        }
        if (const Node* security = system->child("Security")) {
            event.user_sid = security->attribute("UserID");
        }
        if (const Node* channel = system->child("Channel")) {
            event.channel = trimmed(channel->text);
        }
    }
    if (const Node* data = node.child("EventData")) {
        for (const auto& item : data->children) {
            if (item->name == "Data") {
                event.data[item->attribute("Name")] = trimmed(item->text);
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
    std::vector<RdpClientEvent> events;
    for (const auto& root : Reader(xml).document()) {
        collect_events(*root, events);
    }
    return events;
}

} // namespace rdpmedic
