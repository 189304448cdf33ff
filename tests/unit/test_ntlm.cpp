// The start of NLA without credentials: the TSRequest and NTLM messages the probe sends, a
// CHALLENGE_MESSAGE recorded from FreeRDP 3's shadow server, hostile variants of it, and what
// the nla layer concludes from the server's clock and names.
#include "rdpmedic/probe/credssp.h"
#include "rdpmedic/probe/nla.h"
#include "rdpmedic/probe/ntlm.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

using namespace rdpmedic;
using namespace rdpmedic::probe;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes fixture(const std::string& name) {
    std::ifstream in(std::string(RDPMEDIC_FIXTURES) + "/ntlm/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The CHALLENGE_MESSAGE inside the recorded TSRequest.
Bytes recorded_challenge() {
    const TsRequest request = parse_ts_request(fixture("shadow-3.10-challenge.tsrequest"));
    REQUIRE(request.kind == TsRequest::Kind::Complete);
    return request.token;
}

void put_le16(Bytes& bytes, std::size_t at, std::uint16_t value) {
    bytes[at] = static_cast<std::uint8_t>(value & 0xFF);
    bytes[at + 1] = static_cast<std::uint8_t>(value >> 8);
}

void put_le32(Bytes& bytes, std::size_t at, std::uint32_t value) {
    put_le16(bytes, at, static_cast<std::uint16_t>(value & 0xFFFF));
    put_le16(bytes, at + 2, static_cast<std::uint16_t>(value >> 16));
}

// Where the recorded challenge keeps its TargetInfo (fields at 40, payload at offset 60).
constexpr std::size_t kTargetInfoLength = 40;
constexpr std::size_t kTargetInfoOffset = 44;
constexpr std::size_t kTargetInfoStart = 60;

/// A challenge answer at `server_unix` seconds, read at `local_unix`, naming `dns_name`.
NlaAnswer answer_at(std::int64_t server_unix, std::int64_t local_unix,
                    std::string dns_name = "RDP1.corp.example") {
    NlaAnswer answer;
    answer.kind = NlaAnswer::Kind::Challenge;
    answer.challenge.ok = true;
    answer.challenge.nb_computer_name = "RDP1";
    answer.challenge.dns_computer_name = std::move(dns_name);
    answer.challenge.dns_domain_name = "corp.example";
    answer.challenge.timestamp = static_cast<std::uint64_t>(server_unix + 11644473600) * 10000000;
    answer.local_unix_seconds = local_unix;
    return answer;
}

const Finding* find(const NlaAssessment& a, const std::string& id) {
    for (const Finding& f : a.findings) {
        if (f.id == id) {
            return &f;
        }
    }
    return nullptr;
}

constexpr std::int64_t kNow = 1796419343; // 2026-12-04T21:22:23Z, the recording's time

} // namespace

TEST_CASE("ntlm: the NEGOTIATE_MESSAGE in its TSRequest is what rdp-ntlm-info sends",
          "[probe][ntlm]") {
    // nmap's scripts/rdp-ntlm-info.nse, byte for byte, but for the TSRequest version (6, as
    // current clients announce, where nmap writes 0x60).
    const Bytes expected = {0x30, 0x37, 0xA0, 0x03, 0x02, 0x01, 0x06, 0xA1, 0x30, 0x30, 0x2E, 0x30,
                            0x2C, 0xA0, 0x2A, 0x04, 0x28, 'N',  'T',  'L',  'M',  'S',  'S',  'P',
                            0x00, 0x01, 0x00, 0x00, 0x00, 0xB7, 0x82, 0x08, 0xE2, 0x00, 0x00, 0x00,
                            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                            0x00, 0x0A, 0x00, 0x63, 0x45, 0x00, 0x00, 0x00, 0x0F};
    CHECK(ts_request(ntlm_negotiate_message()) == expected);
    // And the parser reads its own request back.
    const TsRequest back = parse_ts_request(expected);
    CHECK(back.kind == TsRequest::Kind::Complete);
    CHECK(back.version == 6);
    CHECK(back.token == ntlm_negotiate_message());
}

TEST_CASE("ntlm: the shadow server's recorded challenge gives what nmap reported for it",
          "[probe][ntlm]") {
    const Bytes recorded = fixture("shadow-3.10-challenge.tsrequest");
    const TsRequest request = parse_ts_request(recorded);
    REQUIRE(request.kind == TsRequest::Kind::Complete);
    CHECK(request.length == recorded.size());
    CHECK(request.version == 6);
    CHECK_FALSE(request.error_code);
    const NtlmChallenge c = parse_ntlm_challenge(request.token);
    INFO(c.problem);
    REQUIRE(c.ok);
    // nmap --script +rdp-ntlm-info against the same server (tests/fixtures/ntlm/README.md).
    CHECK(c.target_name == "VM");
    CHECK(c.nb_domain_name == "VM");
    CHECK(c.nb_computer_name == "VM");
    CHECK(c.dns_domain_name == "VM");
    CHECK(c.dns_computer_name == "VM");
    CHECK(c.dns_tree_name.empty());
    REQUIRE(c.version);
    CHECK(c.version->text() == "10.0.22631");
    CHECK(c.version->revision == 15);
    REQUIRE(c.timestamp);
    CHECK(utc_text(filetime_to_unix_seconds(*c.timestamp)) == "2026-12-04T21:22:23Z");
}

TEST_CASE("ntlm: every cut of the recorded answer is incomplete or refused, never read past",
          "[probe][ntlm]") {
    const Bytes recorded = fixture("shadow-3.10-challenge.tsrequest");
    for (std::size_t size = 0; size < recorded.size(); ++size) {
        INFO(size);
        const Bytes cut(recorded.begin(), recorded.begin() + static_cast<std::ptrdiff_t>(size));
        CHECK(parse_ts_request(cut).kind == TsRequest::Kind::Incomplete);
    }
    const Bytes challenge = recorded_challenge();
    for (std::size_t size = 0; size < challenge.size(); ++size) {
        INFO(size);
        const Bytes cut(challenge.begin(), challenge.begin() + static_cast<std::ptrdiff_t>(size));
        const NtlmChallenge c = parse_ntlm_challenge(cut);
        CHECK_FALSE(c.ok);
        CHECK_FALSE(c.problem.empty());
    }
}

TEST_CASE("ntlm: absurd lengths and offsets are refused with a reason", "[probe][ntlm]") {
    SECTION("a TSRequest that claims four gigabytes is refused at once") {
        const TsRequest r = parse_ts_request(Bytes{0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF});
        CHECK(r.kind == TsRequest::Kind::Invalid);
        CHECK(r.problem.find("4294967295") != std::string::npos);
    }
    SECTION("BER's indefinite length is not DER") {
        CHECK(parse_ts_request(Bytes{0x30, 0x80, 0x00, 0x00}).kind == TsRequest::Kind::Invalid);
    }
    SECTION("something else than a TSRequest") {
        const Bytes http = {'H', 'T', 'T', 'P', '/', '1', '.', '1'};
        CHECK(parse_ts_request(http).kind == TsRequest::Kind::Invalid);
    }
    SECTION("a field that runs past the TSRequest") {
        // negoTokens claims 127 bytes inside a TSRequest of 7.
        const Bytes past = {0x30, 0x07, 0xA0, 0x03, 0x02, 0x01, 0x06, 0xA1, 0x7F};
        const TsRequest r = parse_ts_request(past);
        CHECK(r.kind == TsRequest::Kind::Invalid);
        CHECK(r.problem == "a field runs past the end of the TSRequest");
    }
    SECTION("a server that gives up answers with an errorCode and no token") {
        // version 6, errorCode 0xC000006D (STATUS_LOGON_FAILURE) in five DER bytes.
        const Bytes r = {0x30, 0x0E, 0xA0, 0x03, 0x02, 0x01, 0x06, 0xA4,
                         0x07, 0x02, 0x05, 0x00, 0xC0, 0x00, 0x00, 0x6D};
        const TsRequest parsed = parse_ts_request(r);
        REQUIRE(parsed.kind == TsRequest::Kind::Complete);
        REQUIRE(parsed.error_code);
        CHECK(*parsed.error_code == 0xC000006Du);
        CHECK(parsed.token.empty());
    }
    SECTION("TargetInfo pointing far past the message") {
        Bytes c = recorded_challenge();
        put_le32(c, kTargetInfoOffset, 0xFFFFFFF0u);
        CHECK(parse_ntlm_challenge(c).problem == "TargetInfo points past the message");
    }
    SECTION("TargetInfo longer than the message") {
        Bytes c = recorded_challenge();
        put_le16(c, kTargetInfoLength, 0xFFFF);
        CHECK(parse_ntlm_challenge(c).problem == "TargetInfo points past the message");
    }
    SECTION("an AV_PAIR whose length runs past TargetInfo") {
        Bytes c = recorded_challenge();
        put_le16(c, kTargetInfoStart + 2, 0xFFF0);
        CHECK(parse_ntlm_challenge(c).problem == "an AV_PAIR (id 2) runs past TargetInfo");
    }
    SECTION("a timestamp that is not eight bytes") {
        // The recorded list ends with MsvAvTimestamp (8 bytes) and MsvAvEOL: shorten the
        // timestamp to four and move the end up.
        Bytes c = recorded_challenge();
        const std::size_t eol = c.size() - 4;
        const std::size_t timestamp = eol - 12;
        REQUIRE(c[timestamp] == 7);
        put_le16(c, timestamp + 2, 4);
        CHECK(parse_ntlm_challenge(c).problem == "MsvAvTimestamp has 4 bytes, not 8");
    }
    SECTION("a list without MsvAvEOL") {
        Bytes c = recorded_challenge();
        c.resize(c.size() - 4);
        put_le16(c, kTargetInfoLength, static_cast<std::uint16_t>(c.size() - kTargetInfoStart));
        CHECK(parse_ntlm_challenge(c).problem == "TargetInfo ends without MsvAvEOL");
    }
    SECTION("the client's own NEGOTIATE_MESSAGE is no challenge") {
        CHECK(parse_ntlm_challenge(ntlm_negotiate_message()).problem ==
              "message type 1, not a CHALLENGE_MESSAGE (2)");
    }
    SECTION("control characters in a name do not reach the evidence") {
        Bytes c = recorded_challenge();
        // The first pair is MsvAvNbDomainName "VM": make it "V\n".
        put_le16(c, kTargetInfoStart + 4 + 2, '\n');
        const NtlmChallenge parsed = parse_ntlm_challenge(c);
        REQUIRE(parsed.ok);
        CHECK(parsed.nb_domain_name == "V?");
    }
}

TEST_CASE("ntlm: FILETIME converts for every value it can hold", "[probe][ntlm]") {
    CHECK(utc_text(filetime_to_unix_seconds(0)) == "1601-01-01T00:00:00Z");
    CHECK(utc_text(0) == "1970-01-01T00:00:00Z");
    CHECK(utc_text(951782400) == "2000-02-29T00:00:00Z");
    CHECK(utc_text(filetime_to_unix_seconds(~std::uint64_t{0})) == "60056-05-28T05:36:10Z");
}

TEST_CASE("nla: a clock more than 5 minutes off is an error with both times", "[probe][nla]") {
    const NlaAssessment ahead = assess_nla(answer_at(kNow + 7200, kNow), "rdp1", "rdp1", {});
    const Finding* skew = find(ahead, "nla.clock-skew");
    REQUIRE(skew != nullptr);
    CHECK(skew->severity == Severity::Error);
    CHECK(skew->evidence.at("difference_s") == "+7200");
    CHECK(skew->evidence.at("server_time") == "2026-12-04T23:22:23Z");
    CHECK(skew->evidence.at("local_time") == "2026-12-04T21:22:23Z");
    CHECK(skew->summary.find("2 h 0 min 0 s ahead") != std::string::npos);
    CHECK(ahead.layer.status == LayerStatus::Ok);
    CHECK(ahead.layer.detail.at("clock_difference_s") == "+7200");

    const NlaAssessment behind = assess_nla(answer_at(kNow - 301, kNow), "rdp1", "rdp1", {});
    REQUIRE(find(behind, "nla.clock-skew") != nullptr);
    CHECK(find(behind, "nla.clock-skew")->evidence.at("difference_s") == "-301");
    CHECK(find(behind, "nla.clock-skew")->summary.find("5 min 1 s behind") != std::string::npos);

    CHECK(find(assess_nla(answer_at(kNow - 300, kNow), "rdp1", "rdp1", {}), "nla.clock-skew") ==
          nullptr);
    NlaAnswer no_time = answer_at(kNow, kNow);
    no_time.challenge.timestamp.reset();
    const NlaAssessment unknown = assess_nla(no_time, "rdp1", "rdp1", {});
    CHECK(find(unknown, "nla.clock-skew") == nullptr);
    CHECK(unknown.layer.detail.at("server_time") == "not sent");

    // The verdict: clock skew explains a failing NLA.
    CHECK(decide_verdict(ahead.findings).cause == "clock-skew");
}

TEST_CASE("nla: the server's identity is reported like rdp-ntlm-info", "[probe][nla]") {
    const NlaAssessment a = assess_nla(answer_at(kNow, kNow), "rdp1", "rdp1", {});
    const Finding* identity = find(a, "nla.server-identity");
    REQUIRE(identity != nullptr);
    CHECK(identity->severity == Severity::Info);
    CHECK(identity->evidence.at("dns_computer_name") == "RDP1.corp.example");
    CHECK(identity->evidence.at("nb_computer_name") == "RDP1");
    CHECK(identity->evidence.at("server_time") == "2026-12-04T21:22:23Z");
    CHECK(a.findings.size() == 1);
    CHECK(decide_verdict(a.findings).cause == "none");
}

TEST_CASE("nla: the server's own name against the name dialled and the certificate's",
          "[probe][nla]") {
    const auto check = [](const std::string& dialled, std::vector<std::string> certificate,
                          const std::string& server) {
        return assess_nla(answer_at(kNow, kNow, server), dialled, dialled, certificate);
    };
    SECTION("a short name, as users dial inside a domain, is the same machine") {
        const auto a = check("rdp1", {}, "RDP1.corp.example");
        CHECK(find(a, "nla.name-mismatch") == nullptr);
        CHECK(a.layer.detail.at("name_check") == "matches the dialled name rdp1");
    }
    SECTION("dialled by address, the certificate's name counts, wildcards too") {
        CHECK(check("192.0.2.10", {"rdp1.corp.example"}, "rdp1.corp.example")
                  .layer.detail.at("name_check") ==
              "matches the certificate's name rdp1.corp.example");
        CHECK(find(check("192.0.2.10", {"*.corp.example"}, "RDP1.corp.example"),
                   "nla.name-mismatch") == nullptr);
    }
    SECTION("an address or localhost alone says nothing about the machine") {
        const auto a = check("127.0.0.1", {"localhost", "127.0.0.1"}, "VM");
        CHECK(find(a, "nla.name-mismatch") == nullptr);
        CHECK(a.layer.detail.at("name_check").rfind("nothing to compare", 0) == 0);
    }
    SECTION("another machine than every name the client knows is a warning") {
        const auto a = check("rdp.example.com", {"rdp.example.com"}, "OLDBOX.corp.example");
        const Finding* mismatch = find(a, "nla.name-mismatch");
        REQUIRE(mismatch != nullptr);
        CHECK(mismatch->severity == Severity::Warning);
        CHECK(mismatch->evidence.at("server_dns_name") == "oldbox.corp.example");
        CHECK(mismatch->evidence.at("certificate_names") == "rdp.example.com");
        CHECK(decide_verdict(a.findings).cause == "server-name-mismatch");
    }
    SECTION("two full names of different domains are different machines") {
        CHECK(find(check("rdp1.other.example", {}, "rdp1.corp.example"), "nla.name-mismatch") !=
              nullptr);
    }
}

TEST_CASE("nla: no challenge is a warning, not tried is a skipped layer", "[probe][nla]") {
    NlaAnswer refused;
    refused.kind = NlaAnswer::Kind::Refused;
    refused.error_code = 0xC000006Du;
    const NlaAssessment a = assess_nla(refused, "rdp1", "rdp1", {});
    REQUIRE(a.findings.size() == 1);
    CHECK(a.findings[0].id == "nla.no-challenge");
    CHECK(a.findings[0].severity == Severity::Warning);
    CHECK(a.findings[0].evidence.at("error_code") == "0xC000006D");
    CHECK(a.layer.status == LayerStatus::Fail);
    CHECK(decide_verdict(a.findings).cause == "nla-failing");

    NlaAnswer skipped;
    skipped.problem = "not tried: out of time";
    const NlaAssessment s = assess_nla(skipped, "rdp1", "rdp1", {});
    CHECK(s.findings.empty());
    CHECK(s.layer.status == LayerStatus::Skipped);
    CHECK(s.layer.detail.at("problem") == "not tried: out of time");
}
