#include "rdpmedic/probe/certificate.h"
#include "rdpmedic/probe/x224.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace rdpmedic::probe;
using Kind = X224Reply::Kind;

namespace {

std::vector<std::uint8_t> corpus_file(const std::string& name) {
    std::ifstream in(std::string(RDPMEDIC_FUZZ_CORPUS) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr std::time_t kYear2000 = 946684800;
constexpr std::time_t kYear2200 = 7258118400;

} // namespace

TEST_CASE("the Connection Request is the 19 bytes MS-RDPBCGR specifies", "[probe][x224]") {
    CHECK(x224_connection_request(kProtocolSsl | kProtocolHybrid | kProtocolHybridEx) ==
          std::vector<std::uint8_t>{0x03, 0x00, 0x00, 0x13, 0x0E, 0xE0, 0x00, 0x00, 0x00, 0x00,
                                    0x00, 0x01, 0x00, 0x08, 0x00, 0x0B, 0x00, 0x00, 0x00});
}

TEST_CASE("X.224 replies: selected protocol, failure codes, legacy", "[probe][x224]") {
    const auto selected = parse_x224_reply(corpus_file("x224_reply/selected-ssl"));
    CHECK(selected.kind == Kind::Selected);
    CHECK(selected.protocol == kProtocolSsl);
    CHECK(selected.length == 19);

    const auto failure = parse_x224_reply(corpus_file("x224_reply/failure-hybrid-required"));
    CHECK(failure.kind == Kind::Failure);
    CHECK(failure.failure_code == 5);
    CHECK(failure_code_id(failure.failure_code) == "hybrid-required");

    CHECK(parse_x224_reply(corpus_file("x224_reply/legacy")).kind == Kind::Legacy);
}

TEST_CASE("X.224 replies: prefixes wait for more, garbage is not RDP", "[probe][x224]") {
    const auto whole = corpus_file("x224_reply/selected-ssl");
    for (std::size_t n = 1; n < whole.size(); ++n) {
        INFO(n);
        CHECK(parse_x224_reply(std::span(whole).first(n)).kind == Kind::Incomplete);
    }
    CHECK(parse_x224_reply({}).kind == Kind::Incomplete);
    const auto http = parse_x224_reply(corpus_file("x224_reply/http"));
    CHECK(http.kind == Kind::NotRdp);
    CHECK_THAT(http.problem, Catch::Contains("TPKT"));
    CHECK(parse_x224_reply(corpus_file("x224_reply/bad-neg-length")).kind == Kind::NotRdp);
    // A TPKT length below a Connection Confirm's size, and a Connection Request echoed back.
    CHECK(parse_x224_reply(std::vector<std::uint8_t>{0x03, 0x00, 0x00, 0x05, 0x00}).kind ==
          Kind::NotRdp);
    CHECK(parse_x224_reply(x224_connection_request(1)).kind == Kind::NotRdp);
}

TEST_CASE("protocol names", "[probe][x224]") {
    CHECK(protocol_names(0) == "rdp");
    CHECK(protocol_names(kProtocolSsl | kProtocolHybridEx) == "ssl|hybrid-ex");
    CHECK(protocol_names(0x30) == "0x30");
}

TEST_CASE("certificate facts: names, dates, key", "[probe][cert]") {
    const auto der = corpus_file("certificate/localhost-rsa2048.der");
    const auto facts = certificate_facts(der, "localhost", std::time(nullptr));
    REQUIRE(facts.parsed);
    CHECK(facts.subject == "O=rdpmedic test,CN=localhost");
    CHECK(facts.dns_names == std::vector<std::string>{"localhost", "*.example.test"});
    CHECK(facts.ip_addresses == std::vector<std::string>{"127.0.0.1"});
    CHECK(facts.name_matches);
    CHECK(facts.self_signed);
    CHECK_FALSE(facts.expired);
    CHECK_FALSE(facts.not_yet_valid);
    CHECK(facts.key_type == "RSA");
    CHECK(facts.key_bits == 2048);
    CHECK(facts.signature_algorithm == "sha256WithRSAEncryption");
    CHECK_FALSE(facts.weak);
    CHECK(facts.sha256_fingerprint.size() == 95);

    CHECK(certificate_facts(der, "a.example.test", std::time(nullptr)).name_matches);
    CHECK(certificate_facts(der, "127.0.0.1", std::time(nullptr)).name_matches);
    CHECK_FALSE(certificate_facts(der, "other.test", std::time(nullptr)).name_matches);
    CHECK_FALSE(certificate_facts(der, "127.0.0.2", std::time(nullptr)).name_matches);
    CHECK(certificate_facts(der, "localhost", kYear2200).expired);
    CHECK(certificate_facts(der, "localhost", kYear2000).not_yet_valid);
}

TEST_CASE("certificate facts: EC keys, weak keys, garbage", "[probe][cert]") {
    const auto ec = certificate_facts(corpus_file("certificate/server-ec.der"),
                                      "server.example.test", std::time(nullptr));
    REQUIRE(ec.parsed);
    CHECK(ec.key_type == "EC");
    CHECK(ec.key_bits == 256);
    CHECK(ec.name_matches); // no SAN: OpenSSL falls back to the common name
    CHECK_FALSE(ec.weak);

    const auto weak =
        certificate_facts(corpus_file("certificate/weak-rsa1024-sha1.der"), "", std::time(nullptr));
    REQUIRE(weak.parsed);
    CHECK(weak.key_bits == 1024);
    CHECK(weak.weak);
    CHECK(weak.signature_algorithm == "sha1WithRSAEncryption");

    const auto cut = certificate_facts(corpus_file("certificate/truncated.der"), "localhost",
                                       std::time(nullptr));
    CHECK_FALSE(cut.parsed);
    CHECK_FALSE(cut.error.empty());
    CHECK_FALSE(certificate_facts({}, "localhost", std::time(nullptr)).parsed);
}

TEST_CASE("every committed fuzz seed goes through its parser", "[probe][fuzz]") {
    for (const char* dir : {"x224_reply", "certificate"}) {
        for (const auto& entry :
             std::filesystem::directory_iterator(std::string(RDPMEDIC_FUZZ_CORPUS) + "/" + dir)) {
            std::ifstream in(entry.path(), std::ios::binary);
            const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                                  std::istreambuf_iterator<char>()};
            if (std::string_view(dir) == "x224_reply") {
                (void)parse_x224_reply(bytes);
            } else {
                (void)certificate_facts(bytes, "localhost", std::time(nullptr));
            }
        }
    }
    SUCCEED();
}
