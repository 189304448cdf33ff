// The parser against output captured from the real xfreerdp3 3.10.3 against the lab's faults
// (tests/fixtures/freerdp3, see its README), next to what FreeRDP 2.11 gives for the same faults:
// the same failure kinds, the client's error value parsed from 3.x's own line shape.
#include "rdpmedic/core/decode.h"
#include "rdpmedic/core/freerdp_output.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace rdpmedic;

namespace {

struct Captured {
    FreeRdpOutputParser parser;
    int connected_signals = 0;
    int exit_code = -1;
};

Captured captured(const std::string& name) {
    const std::string base = std::string(RDPMEDIC_FIXTURES) + "/freerdp3/" + name;
    std::ifstream log(base + ".log");
    std::ifstream exit(base + ".exit");
    REQUIRE(log);
    REQUIRE(exit);
    Captured out;
    REQUIRE(exit >> out.exit_code);
    std::string line;
    while (std::getline(log, line)) {
        if (out.parser.feed(line)) {
            ++out.connected_signals;
        }
    }
    return out;
}

struct Expected {
    const char* fixture;
    FailureKind kind;
    std::uint32_t freerdp_error;
    int exit_code;
};

} // namespace

TEST_CASE("FreeRDP 3: xrdp reaching CONNECTION_STATE_ACTIVE gives exactly one connected signal",
          "[freerdp-output][freerdp3]") {
    const auto c = captured("xrdp-active");
    CHECK(c.connected_signals == 1);
    CHECK(c.parser.connected());
    CHECK(c.parser.furthest_state() == "ACTIVE");
}

TEST_CASE("FreeRDP 3: every lab fault is told apart as FreeRDP 2 tells it", "[freerdp-output][freerdp3]") {
    const Expected table[] = {
        {"port-closed", FailureKind::ConnectFailed, 0x0002000D, 147},
        {"accept-then-close", FailureKind::SocketClosed, 0x0002000D, 147},
        {"sec-rdp-against-tls-only", FailureKind::SocketClosed, 0x0002000D, 147},
        {"tls-expired", FailureKind::TlsFailed, 0x00020008, 143},
        {"tls-wrong-name", FailureKind::TlsFailed, 0x00020008, 143},
        {"tls-self-signed", FailureKind::TlsFailed, 0x00020008, 143},
        {"tls-version-mismatch", FailureKind::TlsFailed, 0x00020008, 143},
        {"nego-failure-1", FailureKind::NegotiationFailed, 0x0002000C, 133},
        {"nego-failure-2", FailureKind::NegotiationFailed, 0x0002000C, 133},
        {"nego-failure-3", FailureKind::NegotiationFailed, 0x0002000C, 133},
        {"nego-failure-4", FailureKind::NegotiationFailed, 0x0002000C, 133},
        {"nego-failure-5", FailureKind::NegotiationFailed, 0x0002000C, 133},
        {"nego-failure-6", FailureKind::NegotiationFailed, 0x0002000C, 133},
        {"dns-name-not-found", FailureKind::DnsFailed, 0x00020005, 140},
    };
    for (const auto& expected : table) {
        INFO(expected.fixture);
        const auto c = captured(expected.fixture);
        CHECK(c.exit_code == expected.exit_code);
        CHECK_FALSE(c.parser.connected());
        CHECK(c.parser.last_error() == expected.freerdp_error);
        const Failure f = c.parser.failure(c.exit_code);
        CHECK(f.kind == expected.kind);
        CHECK(f.retriable == is_retriable(expected.kind));
        CHECK(f.codes.freerdp_error == expected.freerdp_error);
        CHECK(f.codes.exit_code == expected.exit_code);
    }
}

TEST_CASE("FreeRDP 3: the finer states count for how far a connection got, and the detail drops "
          "the noise",
          "[freerdp-output][freerdp3]") {
    const auto rdp = captured("sec-rdp-against-tls-only");
    CHECK(rdp.parser.furthest_state() == "MCS_CREATE_RESPONSE");
    const Failure f = rdp.parser.failure(rdp.exit_code);
    CHECK_THAT(f.detail, Catch::Contains("furthest connection state: MCS_CREATE_RESPONSE"));
    CHECK_THAT(f.detail, Catch::Contains("mcs_recv_connect_response failure"));
    // Every FreeRDP 3 run logs a missing MD4 digest first: it is neither evidence nor detail.
    CHECK(f.detail.find("md4") == std::string::npos);

    const auto refused = captured("port-closed");
    const Failure closed = refused.parser.failure(refused.exit_code);
    CHECK_THAT(closed.message, Catch::Contains("refused"));
    CHECK_THAT(closed.detail, Catch::StartsWith("furthest connection state: NEGO\nBIO_should_retry"));
}

TEST_CASE("FreeRDP 3: an untrusted certificate names the certificate, without the banner lines",
          "[freerdp-output][freerdp3]") {
    for (const char* fixture : {"tls-expired", "tls-wrong-name", "tls-self-signed"}) {
        INFO(fixture);
        const auto c = captured(fixture);
        const Failure f = c.parser.failure(c.exit_code);
        CHECK_THAT(f.message, Catch::Contains("certificate"));
        CHECK(f.detail.find("@@@") == std::string::npos);
    }
}

TEST_CASE("FreeRDP 3 left to ask for credentials on a closed stdin: said what is missing, not retried",
          "[freerdp-output][freerdp3]") {
    const auto c = captured("prompt-with-stdin-closed");
    CHECK(c.exit_code == 145);
    CHECK(c.parser.last_error() == 0x0002000Bu);
    const Failure f = c.parser.failure(c.exit_code);
    CHECK(f.kind == FailureKind::ClientError);
    CHECK_FALSE(f.retriable);
    CHECK_THAT(f.message, Catch::Contains("--password-stdin"));
}

TEST_CASE("the error line in every generation's shape gives the same value", "[freerdp-output][freerdp3]") {
    for (const char* line :
         {"[22:49:19:413] [3253:3254] [ERROR][com.freerdp.core] - transport_write:freerdp_set_last_error_ex "
          "ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D]",
          "[22:49:19:413] [3253:3254] [ERROR][com.freerdp.core] - freerdp_set_last_error_ex "
          "ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x2000D]",
          "[13:37:05:328] [20334:00004f6f] [ERROR][com.freerdp.core] - [transport_read_layer]: "
          "ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D]"}) {
        INFO(line);
        FreeRdpOutputParser parser;
        parser.feed(line);
        CHECK(parser.last_error() == 0x0002000Du);
    }
    FreeRdpOutputParser errinfo;
    errinfo.feed("[10:00:00:000] [1:2] [INFO][com.freerdp.core] - [rdp_set_error_info]: "
                 "ERRINFO_SERVER_DENIED_CONNECTION [0x00010007]");
    CHECK(errinfo.errinfo() == 7u);
    CHECK(errinfo.failure(131).kind == FailureKind::ServerDenied);
    // A name without a value, or a value that is not hex, is no value.
    FreeRdpOutputParser broken;
    broken.feed("[ERROR][com.freerdp.core] - [x]: ERRCONNECT_CONNECT_FAILED [0xZZ]");
    broken.feed("[ERROR][com.freerdp.core] - [x]: ERRCONNECT_");
    broken.feed("ERRCONNECT_CONNECT_FAILED");
    CHECK_FALSE(broken.last_error().has_value());
}

TEST_CASE("FreeRDP 3's own error values and exit codes decode: activation timeout, target booting",
          "[freerdp-output][freerdp3]") {
    CHECK(failure_from_freerdp(0x0002001Cu, std::nullopt, 131).kind == FailureKind::Timeout);
    const Failure booting = failure_from_freerdp(0x0002001Du, std::nullopt, 160);
    CHECK(booting.kind == FailureKind::ConnectFailed);
    CHECK(booting.retriable);
    CHECK_THAT(booting.message, Catch::Contains("starting up"));
    CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 160).kind == FailureKind::ConnectFailed);
    CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 145).kind == FailureKind::ClientError);
}

TEST_CASE("an option the client rejects is a client error naming it, not licensing (exit 23)",
          "[freerdp-output][freerdp3]") {
    for (const char* line :
         {"[13:59:18:295] [17269:00004375] [ERROR][com.winpr.commandline] - [log_error]: Failed at index 2 "
          "[/tls-seclevel:0]: Unexpected keyword",
          "[13:59:19:457] [17277:17277] [ERROR][com.winpr.commandline] - Failed at index 2 [/bogus-opt]: "
          "Unexpected keyword"}) {
        INFO(line);
        FreeRdpOutputParser parser;
        parser.feed(line);
        const Failure f = parser.failure(23);
        CHECK(f.kind == FailureKind::ClientError);
        CHECK_FALSE(f.retriable);
        CHECK_THAT(f.message, Catch::Contains("Failed at index 2 [/"));
    }
}
