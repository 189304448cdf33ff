#include "rdpmedic/core/decode.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

using namespace rdpmedic;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("failure kind ids are stable and round-trip", "[decode]") {
    CHECK(to_id(FailureKind::SocketClosed) == "socket-closed");
    CHECK(to_id(FailureKind::ConnectFailed) == "connect-failed");
    CHECK(to_id(FailureKind::DnsFailed) == "dns-failed");
    CHECK(to_id(FailureKind::Timeout) == "timeout");
    CHECK(to_id(FailureKind::NegotiationFailed) == "negotiation-failed");
    CHECK(to_id(FailureKind::TlsFailed) == "tls-failed");
    CHECK(to_id(FailureKind::ServerDenied) == "server-denied");
    CHECK(to_id(FailureKind::AuthenticationFailed) == "authentication-failed");
    CHECK(to_id(FailureKind::Licensing) == "licensing");
    CHECK(to_id(FailureKind::ClientError) == "client-error");
    CHECK(to_id(FailureKind::Unknown) == "unknown");

    for (auto kind : {FailureKind::SocketClosed, FailureKind::ConnectFailed, FailureKind::DnsFailed,
                      FailureKind::Timeout, FailureKind::NegotiationFailed, FailureKind::TlsFailed,
                      FailureKind::ServerDenied, FailureKind::AuthenticationFailed,
                      FailureKind::Licensing, FailureKind::ClientError, FailureKind::Unknown}) {
        CHECK(failure_kind_from_id(to_id(kind)) == kind);
    }
    CHECK_FALSE(failure_kind_from_id("Socket-Closed").has_value());
    CHECK_FALSE(failure_kind_from_id("").has_value());
    CHECK_FALSE(failure_kind_from_id("socket_closed").has_value());
}

TEST_CASE("only authentication and client errors are not retried", "[decode]") {
    CHECK_FALSE(is_retriable(FailureKind::AuthenticationFailed));
    CHECK_FALSE(is_retriable(FailureKind::ClientError));
    CHECK(is_retriable(FailureKind::SocketClosed));
    CHECK(is_retriable(FailureKind::ServerDenied));
    CHECK(is_retriable(FailureKind::Timeout));
    CHECK(is_retriable(FailureKind::Unknown));
}

TEST_CASE("discReason table", "[decode]") {
    const auto fdclose = describe_disc_reason(0x904);
    CHECK(fdclose.known);
    CHECK(fdclose.value == 2308);
    CHECK(fdclose.name == "disconnectReasonAtClientWinsockFDCLOSE");
    CHECK(fdclose.kind == FailureKind::SocketClosed);
    CHECK(contains(std::string(fdclose.meaning), "socket was closed"));

    CHECK(describe_disc_reason(0x104).kind == FailureKind::DnsFailed);
    CHECK(describe_disc_reason(0x108).kind == FailureKind::Timeout);
    CHECK(describe_disc_reason(0x204).kind == FailureKind::ConnectFailed);
    CHECK(describe_disc_reason(0x208).kind == FailureKind::DnsFailed);
    CHECK(describe_disc_reason(0x308).kind == FailureKind::ClientError);
    CHECK(describe_disc_reason(0x404).kind == FailureKind::SocketClosed);
    CHECK(describe_disc_reason(0x406).kind == FailureKind::NegotiationFailed);
    CHECK(describe_disc_reason(0x508).kind == FailureKind::DnsFailed);
    CHECK(describe_disc_reason(0x604).kind == FailureKind::DnsFailed);
    CHECK(describe_disc_reason(0x704).kind == FailureKind::Timeout);
    CHECK(describe_disc_reason(0x706).kind == FailureKind::TlsFailed);
    CHECK(describe_disc_reason(0x808).kind == FailureKind::Licensing);
    CHECK(describe_disc_reason(0x908).kind == FailureKind::Licensing);
    CHECK(describe_disc_reason(0x906).known);
    CHECK(describe_disc_reason(0xB06).known);
    CHECK(describe_disc_reason(0xC06).known);
    CHECK(describe_disc_reason(0xC08).name == "disconnectReasonClientDecompressionError");
}

TEST_CASE("discReason 1, 2 and 3 are normal ends, not faults", "[decode]") {
    CHECK(is_normal_disconnect(1));
    CHECK(is_normal_disconnect(2));
    CHECK(is_normal_disconnect(3));
    CHECK_FALSE(is_normal_disconnect(0));
    CHECK_FALSE(is_normal_disconnect(0x904));

    // A user's own disconnect must not start a retry loop.
    CHECK_FALSE(is_retriable(describe_disc_reason(1).kind));
    CHECK_FALSE(is_retriable(describe_disc_reason(2).kind));
    CHECK(describe_disc_reason(3).kind == FailureKind::ServerDenied);
    CHECK(contains(std::string(describe_disc_reason(1).meaning), "not an error"));
}

TEST_CASE("unknown discReason is reported, not guessed", "[decode]") {
    const auto meaning = describe_disc_reason(0x1234);
    CHECK_FALSE(meaning.known);
    CHECK(meaning.value == 0x1234);
    CHECK(meaning.name.empty());
    CHECK(meaning.kind == FailureKind::Unknown);
}

TEST_CASE("extended reason table", "[decode]") {
    const auto denied = describe_extended_reason(0x7);
    CHECK(denied.known);
    CHECK(denied.name == "exDiscReasonServerDeniedConnection");
    CHECK(denied.kind == FailureKind::ServerDenied);
    CHECK(denied.meaning == "the server denied the connection");

    CHECK(describe_extended_reason(0).known);
    CHECK(describe_extended_reason(0).kind == FailureKind::Unknown);
    CHECK(describe_extended_reason(3).kind == FailureKind::Timeout);
    CHECK(describe_extended_reason(4).kind == FailureKind::Timeout);
    CHECK(describe_extended_reason(8).name == "exDiscReasonServerDeniedConnectionFips");
    CHECK(describe_extended_reason(9).kind == FailureKind::AuthenticationFailed);
    CHECK(describe_extended_reason(12).name == "exDiscReasonLogoffByUser");
    for (std::uint32_t code = 256; code <= 267; ++code) {
        INFO("extended reason " << code);
        CHECK(describe_extended_reason(code).known);
        CHECK(describe_extended_reason(code).kind == FailureKind::Licensing);
    }
    CHECK(describe_extended_reason(258).name == "exDiscReasonLicenseNoLicense");
    CHECK(describe_extended_reason(768).name == "exDiscReasonRdpEncInvalidCredentials");
    CHECK(describe_extended_reason(768).kind == FailureKind::AuthenticationFailed);
    // ERRINFO codes mstsc does not enumerate keep FreeRDP's names.
    CHECK(describe_extended_reason(0x10).name == "ERRINFO_SERVER_DWM_CRASH");
    CHECK(describe_extended_reason(0x400).name == "ERRINFO_CB_DESTINATION_NOT_FOUND");
}

TEST_CASE("extended reasons 4096..32767 are protocol errors", "[decode]") {
    const auto named = describe_extended_reason(0x10C9);
    CHECK(named.known);
    CHECK(named.name == "ERRINFO_UNKNOWN_DATA_PDU_TYPE");
    CHECK(named.kind == FailureKind::ServerDenied);

    const auto in_range = describe_extended_reason(0x2000);
    CHECK(in_range.known);
    CHECK(in_range.name.empty());
    CHECK(contains(std::string(in_range.meaning), "protocol error"));
    CHECK(describe_extended_reason(4096).known);
    CHECK(describe_extended_reason(32767).known);

    CHECK_FALSE(describe_extended_reason(32768).known);
    CHECK_FALSE(describe_extended_reason(0x200).known);
    CHECK_FALSE(describe_extended_reason(13).known);
    CHECK(describe_extended_reason(0x200).kind == FailureKind::Unknown);
}

TEST_CASE("FreeRDP error values", "[decode]") {
    const auto transport = describe_freerdp_error(0x0002000D);
    CHECK(transport.known);
    CHECK(transport.value == 0x0002000D);
    CHECK(transport.name == "ERRCONNECT_CONNECT_TRANSPORT_FAILED");
    CHECK(transport.kind == FailureKind::SocketClosed);

    CHECK(describe_freerdp_error(0x00020005).name == "ERRCONNECT_DNS_NAME_NOT_FOUND");
    CHECK(describe_freerdp_error(0x00020005).kind == FailureKind::DnsFailed);
    CHECK(describe_freerdp_error(0x00020006).kind == FailureKind::ConnectFailed);
    CHECK(describe_freerdp_error(0x00020008).kind == FailureKind::TlsFailed);
    CHECK(describe_freerdp_error(0x00020009).kind == FailureKind::AuthenticationFailed);
    CHECK(describe_freerdp_error(0x0002000C).name == "ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED");
    CHECK(describe_freerdp_error(0x0002000C).kind == FailureKind::NegotiationFailed);
    CHECK(describe_freerdp_error(0x00020014).name == "ERRCONNECT_LOGON_FAILURE");
    CHECK(describe_freerdp_error(0x00020014).kind == FailureKind::AuthenticationFailed);
    CHECK(describe_freerdp_error(0x00020015).kind == FailureKind::AuthenticationFailed);
    CHECK(describe_freerdp_error(0x00020018).name == "ERRCONNECT_ACCOUNT_LOCKED_OUT");
    for (std::uint32_t code = 1; code <= 0x1B; ++code) {
        INFO("ERRCONNECT " << code);
        CHECK(describe_freerdp_error(0x00020000U | code).known);
    }

    const auto denied = describe_freerdp_error(0x00010007);
    CHECK(denied.name == "ERRINFO_SERVER_DENIED_CONNECTION");
    CHECK(denied.kind == FailureKind::ServerDenied);
    CHECK(denied.value == 0x00010007);

    CHECK(describe_freerdp_error(0).name == "ERRBASE_SUCCESS");
    // FreeRDP 3's additions are known; the next value is not.
    CHECK(describe_freerdp_error(0x0002001C).name == "ERRCONNECT_ACTIVATION_TIMEOUT");
    CHECK(describe_freerdp_error(0x0002001D).name == "ERRCONNECT_TARGET_BOOTING");
    CHECK_FALSE(describe_freerdp_error(0x0002001E).known);
    CHECK_FALSE(describe_freerdp_error(0x00030001).known);
    CHECK(describe_freerdp_error(0x00030001).value == 0x00030001);
}

TEST_CASE("xfreerdp exit codes", "[decode]") {
    CHECK(describe_xfreerdp_exit(147).name == "XF_EXIT_CONNECT_TRANSPORT_FAILED");
    CHECK(describe_xfreerdp_exit(147).kind == FailureKind::SocketClosed);
    CHECK(describe_xfreerdp_exit(140).kind == FailureKind::DnsFailed);
    CHECK(describe_xfreerdp_exit(139).kind == FailureKind::DnsFailed);
    CHECK(describe_xfreerdp_exit(133).kind == FailureKind::NegotiationFailed);
    CHECK(describe_xfreerdp_exit(143).kind == FailureKind::TlsFailed);
    CHECK(describe_xfreerdp_exit(131).kind == FailureKind::ConnectFailed);
    CHECK(describe_xfreerdp_exit(141).kind == FailureKind::ConnectFailed);
    CHECK(describe_xfreerdp_exit(132).kind == FailureKind::AuthenticationFailed);
    CHECK(describe_xfreerdp_exit(134).kind == FailureKind::AuthenticationFailed);
    CHECK(describe_xfreerdp_exit(154).kind == FailureKind::AuthenticationFailed);
    CHECK(describe_xfreerdp_exit(128).name == "XF_EXIT_PARSE_ARGUMENTS");
    CHECK(describe_xfreerdp_exit(128).kind == FailureKind::ClientError);
    CHECK(describe_xfreerdp_exit(7).kind == FailureKind::ServerDenied);
    CHECK(describe_xfreerdp_exit(32).known);
    for (int code = 16; code <= 26; ++code) {
        INFO("exit " << code);
        CHECK(describe_xfreerdp_exit(code).kind == FailureKind::Licensing);
    }
    CHECK(describe_xfreerdp_exit(255).known);
    CHECK(describe_xfreerdp_exit(255).kind == FailureKind::Unknown);

    CHECK_FALSE(describe_xfreerdp_exit(146).known);
    CHECK_FALSE(describe_xfreerdp_exit(77).known);
    CHECK_FALSE(describe_xfreerdp_exit(-9).known);
    CHECK(describe_xfreerdp_exit(77).kind == FailureKind::Unknown);
}

TEST_CASE("parse_code reads hex and decimal codes", "[decode]") {
    CHECK(parse_code("0x904") == 0x904U);
    CHECK(parse_code("0X904") == 0x904U);
    CHECK(parse_code("0x0002000D") == 0x0002000DU);
    CHECK(parse_code("0x0002000d") == 0x0002000DU);
    CHECK(parse_code("2308") == 2308U);
    CHECK(parse_code("0") == 0U);
    CHECK(parse_code("0xFFFFFFFF") == 0xFFFFFFFFU);
    CHECK(parse_code("4294967295") == 4294967295U);
    CHECK(parse_code("  0x7\r\n") == 7U);
}

TEST_CASE("parse_code rejects anything that is not a whole code", "[decode]") {
    CHECK_FALSE(parse_code("").has_value());
    CHECK_FALSE(parse_code("   ").has_value());
    CHECK_FALSE(parse_code("0x").has_value());
    CHECK_FALSE(parse_code("garbage").has_value());
    CHECK_FALSE(parse_code("-1").has_value());
    CHECK_FALSE(parse_code("-0x904").has_value());
    CHECK_FALSE(parse_code("+5").has_value());
    CHECK_FALSE(parse_code("0x-5").has_value());
    CHECK_FALSE(parse_code("0x100000000").has_value());
    CHECK_FALSE(parse_code("4294967296").has_value());
    CHECK_FALSE(parse_code("99999999999999999999").has_value());
    CHECK_FALSE(parse_code("0x904z").has_value());
    CHECK_FALSE(parse_code("2308 ms").has_value());
    CHECK_FALSE(parse_code("23 08").has_value());
    CHECK_FALSE(parse_code("0x0x5").has_value());
    CHECK_FALSE(parse_code("904h").has_value());
    CHECK_FALSE(parse_code("0002000D").has_value());
}

TEST_CASE("mstsc 0x904 with extended 0x7 is the server denying the connection", "[decode]") {
    const auto failure = failure_from_mstsc(0x904, 0x7);
    CHECK(failure.kind == FailureKind::ServerDenied);
    CHECK(failure.retriable);
    CHECK(failure.codes.disc_reason == 0x904U);
    CHECK(failure.codes.extended_reason == 0x7U);
    CHECK_FALSE(failure.codes.freerdp_error.has_value());
    CHECK_FALSE(failure.codes.exit_code.has_value());
    CHECK(failure.message ==
          "the connection's socket was closed because the server denied the connection "
          "(error code 0x904, extended code 0x7)");
}

TEST_CASE("mstsc failures by kind", "[decode]") {
    SECTION("0x904 alone is a closed socket") {
        const auto failure = failure_from_mstsc(0x904, std::nullopt);
        CHECK(failure.kind == FailureKind::SocketClosed);
        CHECK(failure.retriable);
        CHECK(failure.message == "the connection's socket was closed (error code 0x904)");
    }
    SECTION("extended 0 adds nothing") {
        const auto failure = failure_from_mstsc(0x904, 0);
        CHECK(failure.kind == FailureKind::SocketClosed);
        CHECK(failure.codes.extended_reason == 0U);
        CHECK(failure.message == "the connection's socket was closed (error code 0x904)");
    }
    SECTION("DNS") {
        CHECK(failure_from_mstsc(0x104, std::nullopt).kind == FailureKind::DnsFailed);
        CHECK(failure_from_mstsc(0x208, std::nullopt).kind == FailureKind::DnsFailed);
    }
    SECTION("connect and timeout") {
        CHECK(failure_from_mstsc(0x204, std::nullopt).kind == FailureKind::ConnectFailed);
        CHECK(failure_from_mstsc(0x108, std::nullopt).kind == FailureKind::Timeout);
    }
    SECTION("licensing from the extended reason") {
        const auto failure = failure_from_mstsc(0x904, 0x102);
        CHECK(failure.kind == FailureKind::Licensing);
        CHECK(contains(failure.message, "no Remote Desktop license"));
        CHECK(contains(failure.message, "0x102"));
    }
    SECTION("invalid credentials are not retried") {
        const auto failure = failure_from_mstsc(0x904, 768);
        CHECK(failure.kind == FailureKind::AuthenticationFailed);
        CHECK_FALSE(failure.retriable);
    }
    SECTION("the user's own disconnect is not retried") {
        const auto failure = failure_from_mstsc(1, std::nullopt);
        CHECK(failure.kind == FailureKind::ClientError);
        CHECK_FALSE(failure.retriable);
        CHECK(contains(failure.message, "not an error"));
    }
    SECTION("a server-side reason beats a generic discReason") {
        const auto failure = failure_from_mstsc(3, 3);
        CHECK(failure.kind == FailureKind::Timeout);
        CHECK(contains(failure.message, "idle"));
        CHECK(contains(failure.message, "error code 0x3, extended code 0x3"));
    }
}

TEST_CASE("unknown mstsc codes keep their raw values", "[decode]") {
    SECTION("unknown discReason") {
        const auto failure = failure_from_mstsc(0xABCD, std::nullopt);
        CHECK(failure.kind == FailureKind::Unknown);
        CHECK(failure.retriable);
        CHECK(contains(failure.message, "0xABCD"));
        CHECK(failure.codes.disc_reason == 0xABCDU);
    }
    SECTION("unknown discReason with a known extended reason") {
        const auto failure = failure_from_mstsc(0xABCD, 0x7);
        CHECK(failure.kind == FailureKind::ServerDenied);
        CHECK(contains(failure.message, "0xABCD"));
        CHECK(contains(failure.message, "the server denied the connection"));
    }
    SECTION("known discReason with an unknown extended reason") {
        const auto failure = failure_from_mstsc(0x904, 0x555);
        CHECK(failure.kind == FailureKind::SocketClosed);
        CHECK(contains(failure.message, "0x555"));
        CHECK(contains(failure.message, "does not know"));
    }
}

TEST_CASE("xfreerdp failures by kind", "[decode]") {
    SECTION("transport failed is the Linux face of 0x904") {
        const auto failure = failure_from_freerdp(0x0002000D, std::nullopt, 147);
        CHECK(failure.kind == FailureKind::SocketClosed);
        CHECK(failure.retriable);
        CHECK(failure.codes.freerdp_error == 0x0002000DU);
        CHECK(failure.codes.exit_code == 147);
        CHECK(failure.message == "the connection was closed while it was being set up "
                                 "(ERRCONNECT_CONNECT_TRANSPORT_FAILED, exit code 147)");
    }
    SECTION("exit code alone") {
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 147).kind ==
              FailureKind::SocketClosed);
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 140).kind == FailureKind::DnsFailed);
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 131).kind ==
              FailureKind::ConnectFailed);
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 141).kind ==
              FailureKind::ConnectFailed);
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 133).kind ==
              FailureKind::NegotiationFailed);
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 143).kind == FailureKind::TlsFailed);
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 7).kind ==
              FailureKind::ServerDenied);
        CHECK(failure_from_freerdp(std::nullopt, std::nullopt, 18).kind == FailureKind::Licensing);
    }
    SECTION("unknown host") {
        const auto failure = failure_from_freerdp(0x00020005, std::nullopt, 140);
        CHECK(failure.kind == FailureKind::DnsFailed);
        CHECK(contains(failure.message, "ERRCONNECT_DNS_NAME_NOT_FOUND"));
    }
    SECTION("security negotiation") {
        const auto failure = failure_from_freerdp(0x0002000C, std::nullopt, 133);
        CHECK(failure.kind == FailureKind::NegotiationFailed);
        CHECK(failure.retriable);
    }
    SECTION("TLS") {
        CHECK(failure_from_freerdp(0x00020008, std::nullopt, 143).kind == FailureKind::TlsFailed);
    }
    SECTION("credentials are never retried") {
        for (int exit_code : {132, 134, 154}) {
            INFO("exit " << exit_code);
            const auto failure = failure_from_freerdp(std::nullopt, std::nullopt, exit_code);
            CHECK(failure.kind == FailureKind::AuthenticationFailed);
            CHECK_FALSE(failure.retriable);
        }
        CHECK(failure_from_freerdp(0x00020009, std::nullopt, 132).kind ==
              FailureKind::AuthenticationFailed);
        CHECK(failure_from_freerdp(0x00020014, std::nullopt, 134).kind ==
              FailureKind::AuthenticationFailed);
        CHECK(failure_from_freerdp(0x00020015, std::nullopt, 154).kind ==
              FailureKind::AuthenticationFailed);
    }
    SECTION("bad arguments are a client error, not retried") {
        const auto failure = failure_from_freerdp(std::nullopt, std::nullopt, 128);
        CHECK(failure.kind == FailureKind::ClientError);
        CHECK_FALSE(failure.retriable);
        CHECK(contains(failure.message, "exit code 128"));
    }
    SECTION("the server's reason beats FreeRDP's error and the exit code") {
        const auto failure = failure_from_freerdp(0x0002000D, 0x7, 131);
        CHECK(failure.kind == FailureKind::ServerDenied);
        CHECK(failure.codes.extended_reason == 0x7U);
        CHECK(failure.message == "the server denied the connection "
                                 "(ERRINFO_SERVER_DENIED_CONNECTION, "
                                 "ERRCONNECT_CONNECT_TRANSPORT_FAILED, exit code 131)");
    }
    SECTION("FreeRDP's error beats the catch-all exit code") {
        CHECK(failure_from_freerdp(0x0002000D, std::nullopt, 131).kind ==
              FailureKind::SocketClosed);
    }
    SECTION("a licensing errinfo") {
        const auto failure = failure_from_freerdp(std::nullopt, 0x101, 17);
        CHECK(failure.kind == FailureKind::Licensing);
        CHECK(contains(failure.message, "ERRINFO_LICENSE_NO_LICENSE_SERVER"));
    }
    SECTION("errinfo 'none' and 'success' are no evidence") {
        CHECK(failure_from_freerdp(std::nullopt, 0xFFFFFFFFU, 147).kind ==
              FailureKind::SocketClosed);
        CHECK(failure_from_freerdp(std::nullopt, 0, 140).kind == FailureKind::DnsFailed);
    }
}

TEST_CASE("unknown xfreerdp results keep their raw values", "[decode]") {
    SECTION("unknown exit code") {
        const auto failure = failure_from_freerdp(std::nullopt, std::nullopt, 77);
        CHECK(failure.kind == FailureKind::Unknown);
        CHECK(failure.retriable);
        CHECK(contains(failure.message, "exit code 77"));
        CHECK(contains(failure.message, "0x4D"));
    }
    SECTION("unknown FreeRDP error and exit code") {
        const auto failure = failure_from_freerdp(0x00030001, std::nullopt, 77);
        CHECK(failure.kind == FailureKind::Unknown);
        CHECK(contains(failure.message, "0x00030001"));
        CHECK(contains(failure.message, "0x4D"));
    }
    SECTION("an unknown error with a known exit code uses the exit code") {
        const auto failure = failure_from_freerdp(0x00030001, std::nullopt, 147);
        CHECK(failure.kind == FailureKind::SocketClosed);
        CHECK(contains(failure.message, "0x00030001"));
    }
    SECTION("negative exit code") {
        const auto failure = failure_from_freerdp(std::nullopt, std::nullopt, -9);
        CHECK(failure.kind == FailureKind::Unknown);
        CHECK(contains(failure.message, "exit code -9"));
        CHECK(contains(failure.message, "0xFFFFFFF7"));
    }
    SECTION("exit 0 is not a failure") {
        const auto failure = failure_from_freerdp(std::nullopt, std::nullopt, 0);
        CHECK(failure.kind == FailureKind::Unknown);
        CHECK(failure.message == "the client exited normally");
        CHECK(failure.codes.exit_code == 0);
    }
}

TEST_CASE("likely causes", "[decode]") {
    SECTION("0x904 with 0x7 names the refusing server and the Windows-only UDP cause") {
        const auto causes = likely_causes(failure_from_mstsc(0x904, 0x7));
        REQUIRE(causes.size() == 5);
        CHECK(contains(causes[0], "refusing new connections"));
        CHECK(std::any_of(causes.begin(), causes.end(),
                          [](const std::string& c) { return contains(c, "security layers"); }));
        CHECK(std::any_of(causes.begin(), causes.end(),
                          [](const std::string& c) { return contains(c, "TLS"); }));
        CHECK(std::any_of(causes.begin(), causes.end(),
                          [](const std::string& c) { return contains(c, "firewall"); }));
        CHECK(contains(causes.back(), "UDP"));
    }
    SECTION("0x904 alone has the same candidates") {
        CHECK(likely_causes(failure_from_mstsc(0x904, std::nullopt)).size() == 5);
    }
    SECTION("FreeRDP has no UDP transport, so that cause is left out") {
        const auto causes = likely_causes(failure_from_freerdp(0x0002000D, std::nullopt, 147));
        CHECK(causes.size() == 4);
        CHECK(std::none_of(causes.begin(), causes.end(),
                           [](const std::string& c) { return contains(c, "UDP"); }));
    }
    SECTION("every kind has at least one candidate") {
        for (auto kind : {FailureKind::ConnectFailed, FailureKind::DnsFailed, FailureKind::Timeout,
                          FailureKind::NegotiationFailed, FailureKind::TlsFailed,
                          FailureKind::AuthenticationFailed, FailureKind::Licensing,
                          FailureKind::ClientError, FailureKind::Unknown}) {
            Failure failure;
            failure.kind = kind;
            INFO(to_id(kind));
            CHECK_FALSE(likely_causes(failure).empty());
        }
    }
    SECTION("a user's own disconnect has nothing to fix") {
        const auto causes = likely_causes(failure_from_mstsc(1, std::nullopt));
        REQUIRE(causes.size() == 1);
        CHECK(contains(causes[0], "on purpose"));
    }
    SECTION("DNS causes talk about names") {
        const auto causes = likely_causes(failure_from_freerdp(0x00020005, std::nullopt, 140));
        CHECK(contains(causes[0], "host name"));
    }
}
