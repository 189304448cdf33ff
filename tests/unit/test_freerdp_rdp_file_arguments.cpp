// FreeRDP's command line for a connection from the user's .rdp file: the file first, then only
// what rdpmedic deliberately changes, in each generation's dialect.
#include "rdpmedic/core/freerdp_command_line.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace rdpmedic;

namespace {

const FreeRdpVersion kFreeRdp2{2, 11, 7};
const FreeRdpVersion kFreeRdp3{3, 10, 3};

ConnectRequest from_file() {
    ConnectRequest request;
    RdpFileValues values;
    values.target = Target{"rdcb01.corp.example", 3389};
    values.user = "CORP\\alice";
    values.gateway = "rdg.corp.example";
    request.target = values.target;
    request.user = values.user;
    request.gateway = values.gateway;
    request.rdp_file = "/home/alice/work.rdp";
    request.file_values = values;
    return request;
}

bool has(const std::vector<std::string>& argv, const std::string& argument) {
    return std::find(argv.begin(), argv.end(), argument) != argv.end();
}

bool has_prefix(const std::vector<std::string>& argv, const std::string& prefix) {
    return std::any_of(argv.begin(), argv.end(),
                       [&](const std::string& a) { return a.rfind(prefix, 0) == 0; });
}

} // namespace

TEST_CASE("a file as it is: FreeRDP gets the file and nothing that would override it",
          "[freerdp][rdp-file]") {
    for (const auto& version : {kFreeRdp2, kFreeRdp3}) {
        INFO(version.to_string());
        const auto argv = freerdp_arguments(from_file(), version, {});
        CHECK(argv == std::vector<std::string>{"/home/alice/work.rdp"});
    }
}

TEST_CASE("a strategy's address and the user's --user still win over the file",
          "[freerdp][rdp-file]") {
    auto request = from_file();
    request.target = Target{"10.0.0.5", 3389};
    request.user = "bob";
    request.domain = "CORP";
    const auto argv = freerdp_arguments(request, kFreeRdp3, {});
    CHECK(argv.front() == "/home/alice/work.rdp");
    CHECK(has(argv, "/v:10.0.0.5:3389"));
    CHECK(has(argv, "/u:bob"));
    CHECK(has(argv, "/d:CORP"));
    // The file's own gateway stays as the file set it up (usage method, credentials source).
    CHECK_FALSE(has_prefix(argv, "/gateway:"));
    CHECK_FALSE(has_prefix(argv, "/g:"));
}

TEST_CASE(
    "the file's gateway is not forced with /g:, and a transport override changes only the transport",
    "[freerdp][rdp-file]") {
    auto request = from_file();
    request.overrides.gateway_transport = GatewayTransport::Http;
    CHECK(freerdp_arguments(request, kFreeRdp2, {}) ==
          std::vector<std::string>{"/home/alice/work.rdp", "/gt:http"});
    CHECK(freerdp_arguments(request, kFreeRdp3, {}) ==
          std::vector<std::string>{"/home/alice/work.rdp", "/gateway:type:http"});

    // Another gateway than the file's is a deliberate override: spelled in full.
    request.gateway = "rdg2.corp.example";
    CHECK(has(freerdp_arguments(request, kFreeRdp2, {}), "/g:rdg2.corp.example"));
    CHECK(has(freerdp_arguments(request, kFreeRdp3, {}), "/gateway:g:rdg2.corp.example,type:http"));
}

TEST_CASE("typed overrides, the password switch and the user's arguments follow the file",
          "[freerdp][rdp-file]") {
    auto request = from_file();
    request.password = Secret("hunter2");
    request.overrides.security = SecurityLayer::Tls;
    request.overrides.tls_security_level = 0;
    request.overrides.certificate_sha256 = "ab12";
    request.client_args = {"/admin"};
    const auto argv = freerdp_arguments(request, kFreeRdp3, {"/f"});
    // The typed choices last: FreeRDP keeps the later of two, and the fix stage only sets one
    // over the user's own where that is safe or agreed to.
    CHECK(argv == std::vector<std::string>{"/home/alice/work.rdp", "/from-stdin:force", "/f", "/admin", "/sec:tls",
                                           "/tls:seclevel:0", "/cert:fingerprint:sha256:ab12"});
    for (const auto& argument : argv) {
        CHECK(argument.find("hunter2") == std::string::npos);
    }
}

TEST_CASE("without a file the target is always given", "[freerdp][rdp-file]") {
    ConnectRequest request;
    request.target = Target{"host", 3390};
    CHECK(freerdp_arguments(request, kFreeRdp2, {}) == std::vector<std::string>{"/v:host:3390"});
}
