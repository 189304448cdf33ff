#include "rdpmedic/core/diagnosis.h"
#include "rdpmedic/core/json.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

namespace {

Diagnosis sample() {
    Diagnosis d;
    d.target = "server.test";
    d.port = 3390;
    d.addresses = {"192.0.2.1", "2001:db8::1"};
    d.layers = {{"dns",
                 LayerStatus::Ok,
                 std::chrono::milliseconds(3),
                 {{"addresses", "192.0.2.1, 2001:db8::1"}}},
                {"tcp",
                 LayerStatus::Fail,
                 std::chrono::milliseconds(1000),
                 {{"192.0.2.1", "refused in 1 ms"}}},
                {"x224", LayerStatus::Skipped, std::chrono::milliseconds(0), {}}};
    d.findings = {{"tcp.refused",
                   Severity::Error,
                   "connections to port 3390 are refused",
                   {{"port", "3390"}}},
                  {"tcp.ipv6-only", Severity::Warning, "…", {}}};
    d.verdict = decide_verdict(d.findings);
    return d;
}

} // namespace

TEST_CASE("diagnosis JSON has the documented shape and round-trips", "[diagnosis][json]") {
    const Diagnosis d = sample();
    const auto json = to_json(d);
    CHECK(json["target"] == "server.test");
    CHECK(json["port"] == 3390);
    CHECK(json["addresses"][1] == "2001:db8::1");
    CHECK(json["layers"][1]["name"] == "tcp");
    CHECK(json["layers"][1]["status"] == "fail");
    CHECK(json["layers"][1]["elapsed_ms"] == 1000);
    CHECK(json["layers"][1]["detail"]["192.0.2.1"] == "refused in 1 ms");
    CHECK(json["layers"][2]["detail"].is_object());
    CHECK(json["findings"][0]["id"] == "tcp.refused");
    CHECK(json["findings"][0]["severity"] == "error");
    CHECK(json["findings"][0]["evidence"]["port"] == "3390");
    CHECK(json["verdict"]["cause"] == "port-blocked-or-host-down");
    CHECK_FALSE(json["verdict"]["fix"].get<std::string>().empty());
    CHECK(diagnosis_from_json(json) == d);
    CHECK(diagnosis_from_json(nlohmann::json::parse(json.dump())) == d);
}

TEST_CASE("diagnosis JSON: malformed input names the field", "[diagnosis][json]") {
    auto json = to_json(sample());
    json["layers"][0]["status"] = "maybe";
    CHECK_THROWS_WITH(diagnosis_from_json(json), Catch::Contains("$.layers[].status"));
    json = to_json(sample());
    json.erase("verdict");
    CHECK_THROWS_WITH(diagnosis_from_json(json), Catch::Contains("$.verdict is missing"));
    json = to_json(sample());
    json["port"] = 70000;
    CHECK_THROWS_AS(diagnosis_from_json(json), std::invalid_argument);
    CHECK_THROWS_AS(diagnosis_from_json(nlohmann::json::array()), std::invalid_argument);
}

TEST_CASE("the verdict: first error in layer order, then first warning, else none", "[diagnosis]") {
    CHECK(decide_verdict({}).cause == "none");
    CHECK(decide_verdict({{"cert.self-signed", Severity::Warning, "", {}}}).cause ==
          "certificate-untrusted");
    CHECK(decide_verdict({{"tcp.family-mismatch", Severity::Warning, "", {}},
                          {"cert.expired", Severity::Error, "", {}}})
              .cause == "certificate-expired");
    CHECK(decide_verdict({{"x224.closed", Severity::Error, "", {}},
                          {"tls.handshake-failed", Severity::Error, "", {}}})
              .cause == "server-refusing-connections");
    CHECK(decide_verdict({{"x224.hybrid-required", Severity::Error, "", {}}})
              .fix.find("UserAuthentication") != std::string::npos);
    // Unknown ids and info findings do not decide anything.
    CHECK(
        decide_verdict({{"something.new", Severity::Error, "", {}}, {"x", Severity::Info, "", {}}})
            .cause == "none");
}

TEST_CASE("every documented finding id has a verdict and every cause a description",
          "[diagnosis]") {
    for (const char* id : {"dns.unresolvable",
                           "dns.inconsistent",
                           "tcp.refused",
                           "tcp.timeout",
                           "tcp.unreachable",
                           "tcp.ipv6-only",
                           "tcp.family-mismatch",
                           "tcp.partial",
                           "x224.closed",
                           "x224.timeout",
                           "x224.not-rdp",
                           "x224.ssl-required",
                           "x224.ssl-not-allowed",
                           "x224.ssl-cert-not-on-server",
                           "x224.inconsistent-flags",
                           "x224.hybrid-required",
                           "x224.ssl-with-user-auth-required",
                           "x224.unknown-failure",
                           "x224.legacy-only",
                           "tls.version-mismatch",
                           "tls.weak-server",
                           "tls.handshake-failed",
                           "cert.expired",
                           "cert.not-yet-valid",
                           "cert.name-mismatch",
                           "cert.self-signed",
                           "cert.untrusted",
                           "cert.weak-key",
                           "cert.unreadable",
                           "nla.clock-skew",
                           "nla.no-challenge",
                           "nla.name-mismatch",
                           "gateway.unresolvable",
                           "gateway.unreachable",
                           "gateway.timeout",
                           "gateway.tls",
                           "gateway.cert-expired",
                           "gateway.cert-not-yet-valid",
                           "gateway.cert-name-mismatch",
                           "gateway.cert-self-signed",
                           "gateway.cert-untrusted",
                           "gateway.cert-weak-key",
                           "gateway.cert-unreadable",
                           "gateway.not-a-gateway",
                           "gateway.http-transport-refused",
                           "gateway.handshake-failed",
                           "gateway.auth-required",
                           "gateway.ok-unauthenticated"}) {
        INFO(id);
        const Verdict v = decide_verdict({{id, Severity::Error, "", {}}});
        CHECK(v.cause != "none");
        CHECK(describe_cause(v.cause) != v.cause);
    }
}

TEST_CASE("the verdict through an RD Gateway: its errors first, and a healthy gateway is not 'none'",
          "[diagnosis][gateway]") {
    // The server behind the gateway was not probed: an answering gateway must not read as
    // "no problem found".
    CHECK(decide_verdict({{"gateway.auth-required", Severity::Info, "", {}}}).cause == "behind-gateway");
    CHECK(decide_verdict({{"gateway.ok-unauthenticated", Severity::Info, "", {}}}).cause == "behind-gateway");
    CHECK(decide_verdict({{"gateway.auth-required", Severity::Info, "", {}},
                          {"gateway.cert-weak-key", Severity::Warning, "", {}}})
              .cause == "gateway-certificate");
    CHECK(decide_verdict({{"gateway.cert-self-signed", Severity::Error, "", {}},
                          {"gateway.auth-required", Severity::Info, "", {}}})
              .cause == "gateway-certificate");
    CHECK(decide_verdict({{"gateway.http-transport-refused", Severity::Error, "", {}}}).cause ==
          "gateway-http-transport-refused");
    // Info findings of the server's own probe still decide nothing.
    CHECK(decide_verdict({{"x224.nla-required", Severity::Info, "", {}}}).cause == "none");
}

TEST_CASE("diagnose options take the request's RD Gateway, port 443 unless it says otherwise",
          "[diagnosis][gateway]") {
    ConnectRequest request;
    request.target = {"server.test", 3389};
    CHECK_FALSE(diagnose_options(request, {}).gateway);
    request.gateway = "gw.example.com";
    REQUIRE(diagnose_options(request, {}).gateway);
    CHECK(*diagnose_options(request, {}).gateway == Target{"gw.example.com", 443});
    request.gateway = "gw.example.com:8443";
    CHECK(*diagnose_options(request, {}).gateway == Target{"gw.example.com", 8443});
    DiagnoseOptions given;
    given.gateway = Target{"other.example.com", 443};
    CHECK(diagnose_options(request, given).gateway->host == "other.example.com");
    request.gateway = "not a host";
    CHECK_FALSE(diagnose_options(request, {}).gateway);
}
