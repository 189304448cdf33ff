// The record a tray leaves for the next one about a client it left running: written and read
// back, and everything a record never holds refused with a reason, never a crash.
#include "rdpmedic/core/kept_session_record.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace rdpmedic;

namespace {

KeptSessionRecord sample() {
    KeptSessionRecord record;
    record.keeper_pid = 4242;
    record.keeper_start = 18446744073709551615ULL;
    record.target = "rdp.example.com:3389";
    record.where = "/home/alice/work.rdp";
    record.user = "alice";
    record.client = "xfreerdp3";
    return record;
}

/// The sample's text with `field`'s JSON value replaced by `value`.
std::string with(const std::string& field, const std::string& value) {
    std::string text = to_record_text(sample());
    const auto key = text.find("\"" + field + "\":");
    REQUIRE(key != std::string::npos);
    const auto start = key + field.size() + 3;
    auto end = start;
    if (text[start] == '"') {
        end = text.find('"', start + 1) + 1;
    } else {
        end = text.find_first_of(",}", start);
    }
    return text.substr(0, start) + value + text.substr(end);
}

bool refused(const std::string& text) {
    std::string why;
    const bool refused = !parse_kept_session_record(text, why).has_value();
    CHECK((refused ? !why.empty() : why.empty()));
    return refused;
}

} // namespace

TEST_CASE("kept session record: written and read back whole, a 64-bit start time included", "[kept-session]") {
    std::string why;
    const auto read = parse_kept_session_record(to_record_text(sample()), why);
    REQUIRE(read.has_value());
    CHECK(read->keeper_pid == 4242);
    CHECK(read->keeper_start == 18446744073709551615ULL);
    CHECK(read->target == "rdp.example.com:3389");
    CHECK(read->where == "/home/alice/work.rdp");
    CHECK(read->user == "alice");
    CHECK(read->client == "xfreerdp3");
}

TEST_CASE("kept session record: garbage, other types and other versions are refused", "[kept-session]") {
    for (const std::string& text : std::vector<std::string>{"", "garbage", "[]", "null", "42", "\"text\"", "{}",
                                                           "{\"version\":1}", std::string("\x00\x01\xff", 3),
                                                           "{\"version\":1,"}) {
        INFO(text);
        CHECK(refused(text));
    }
    CHECK(refused(with("version", "2")));
    CHECK(refused(with("version", "\"1\"")));
    // Nested 8000 deep inside the size limit: refused, not a stack overflow.
    CHECK(refused(std::string(8000, '[') + std::string(8000, ']')));
}

TEST_CASE("kept session record: a pid or start time out of range or of the wrong type is refused", "[kept-session]") {
    for (const std::string& pid : std::vector<std::string>{"0", "1", "-5", "4194305", "99999999999", "1.5", "\"4242\"", "true", "null"}) {
        INFO(pid);
        CHECK(refused(with("keeper_pid", pid)));
    }
    for (const std::string& start : std::vector<std::string>{"\"\"", "\"abc\"", "\"-1\"", "\"12 3\"", "\"18446744073709551616\"",
                                    "\"123456789012345678901\"", "123", "null"}) {
        INFO(start);
        CHECK(refused(with("keeper_start", start)));
    }
    CHECK_FALSE(refused(with("keeper_pid", "4194304")));
}

TEST_CASE("kept session record: texts with control characters, too long, missing or empty are refused", "[kept-session]") {
    CHECK(refused(with("target", "\"host\\n:3389\"")));
    CHECK(refused(with("user", "\"al\\u001bice\"")));
    CHECK(refused(with("where", "\"" + std::string(2000, 'a') + "\"")));
    CHECK(refused(with("client", "7")));
    CHECK(refused(with("target", "\"\"")));
    std::string text = to_record_text(sample());
    text.replace(text.find("\"user\""), 6, "\"resu\"");
    CHECK(refused(text));
    CHECK(refused(to_record_text(sample()) + std::string(kKeptSessionRecordMaxBytes, ' ')));
}

TEST_CASE("kept session record: the program a Windows record names is read back, absent stays empty",
          "[kept-session]") {
    KeptSessionRecord record = sample();
    CHECK(to_record_text(record).find("program") == std::string::npos);
    record.program = "C:\\Users\\J\xc3\xbcrgen\\mstsc.exe";
    std::string why;
    const auto read = parse_kept_session_record(to_record_text(record), why);
    REQUIRE(read.has_value());
    CHECK(read->program == record.program);
    const auto without = parse_kept_session_record(to_record_text(sample()), why);
    REQUIRE(without.has_value());
    CHECK(without->program.empty());
    const std::string text = to_record_text(record);
    const auto at = text.find("\"program\":");
    REQUIRE(at != std::string::npos);
    for (const std::string& value : {std::string("\"\""), std::string("42"), std::string("\"a\\u0001b\""),
                                     "\"" + std::string(1025, 'x') + "\""}) {
        INFO(value);
        const auto end = text.find('"', at + 11) + 1;
        CHECK(refused(text.substr(0, at + 10) + value + text.substr(end)));
    }
}
