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
    CHECK(freerdp_arguments(from_file(), kFreeRdp2, {}) == std::vector<std::string>{"/home/alice/work.rdp"});
    // FreeRDP 3 would ask for the password on its terminal: an empty one stands in for Enter.
    // The file's user carries its domain (CORP\\alice), so no /d: empties it.
    CHECK(freerdp_arguments(from_file(), kFreeRdp3, {}) ==
          std::vector<std::string>{"/home/alice/work.rdp", "/p:"});
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
          std::vector<std::string>{"/home/alice/work.rdp", "/gateway:type:http", "/p:"});

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
    CHECK(freerdp_arguments(request, kFreeRdp3, {}) == std::vector<std::string>{"/v:host:3390", "/d:", "/p:"});
}

TEST_CASE("FreeRDP 3 is never left on a credential prompt: empty answers on its command line, the "
          "password on stdin in the order it asks",
          "[freerdp][credentials]") {
    ConnectRequest request;
    request.target = Target{"host", 3389};
    CHECK(freerdp_stdin_answers(request, kFreeRdp3).empty());
    request.user = "alice";
    CHECK(freerdp_arguments(request, kFreeRdp3, {}) ==
          std::vector<std::string>{"/v:host:3389", "/u:alice", "/d:", "/p:"});
    request.password = Secret("hunter2");
    CHECK(freerdp_arguments(request, kFreeRdp3, {}) ==
          std::vector<std::string>{"/v:host:3389", "/u:alice", "/d:", "/from-stdin:force"});
    CHECK(freerdp_stdin_answers(request, kFreeRdp3).reveal() == "hunter2\n");
    CHECK(freerdp_stdin_answers(request, kFreeRdp2).reveal() == "hunter2\n");
    // Without a user name FreeRDP 3 asks "Username:" first (2.11 asks only for the password).
    request.user.reset();
    CHECK(freerdp_stdin_answers(request, kFreeRdp3).reveal() == "\nhunter2\n");
    CHECK(freerdp_stdin_answers(request, kFreeRdp2).reveal() == "hunter2\n");
    CHECK(freerdp_arguments(request, kFreeRdp2, {}) == std::vector<std::string>{"/v:host:3389", "/from-stdin:force"});
    // A domain in the user name is kept: no /d: after it.
    request.user = "CORP\\alice";
    CHECK(freerdp_arguments(request, kFreeRdp3, {}) ==
          std::vector<std::string>{"/v:host:3389", "/u:CORP\\alice", "/from-stdin:force"});
}

TEST_CASE("the trusted certificate's fingerprint in each generation's spelling", "[freerdp][certificate]") {
    const std::string hex = "98debb87ac4ac7e4684be1bec4ae808b9ddb1bcefc114b1c1761e86766e21eec";
    CHECK(freerdp_fingerprint_argument(hex, kFreeRdp3) == "/cert:fingerprint:sha256:" + hex);
    CHECK(freerdp_fingerprint_argument(hex, kFreeRdp2) ==
          "/cert:fingerprint:sha256:98:de:bb:87:ac:4a:c7:e4:68:4b:e1:be:c4:ae:80:8b:9d:db:1b:ce:fc:11:4b:1c:17:61:"
          "e8:67:66:e2:1e:ec");
    // As diagnose prints it (uppercase pairs) it reads the same.
    CHECK(freerdp_fingerprint_argument("98:DE:BB:87:AC:4A:C7:E4:68:4B:E1:BE:C4:AE:80:8B:9D:DB:1B:CE:FC:11:4B:1C:"
                                       "17:61:E8:67:66:E2:1E:EC",
                                       kFreeRdp3) == "/cert:fingerprint:sha256:" + hex);
}

TEST_CASE("a client argument in the other generation's spelling is spoken in the client's own",
          "[freerdp][dialect]") {
    CHECK(freerdp_dialect_argument("/tls-seclevel:0", kFreeRdp3) == "/tls:seclevel:0");
    CHECK(freerdp_dialect_argument("/tls:seclevel:0", kFreeRdp2) == "/tls-seclevel:0");
    CHECK(freerdp_dialect_argument("/gt:rpc", kFreeRdp3) == "/gateway:type:rpc");
    CHECK(freerdp_dialect_argument("/gateway:type:rpc", kFreeRdp2) == "/gt:rpc");
    CHECK(freerdp_dialect_argument("/g:rdg.corp.example", kFreeRdp3) == "/gateway:g:rdg.corp.example");
    CHECK(freerdp_dialect_argument("/cert-ignore", kFreeRdp3) == "/cert:ignore");
    CHECK(freerdp_dialect_argument("/cert-tofu", kFreeRdp3) == "/cert:tofu");
    // Left as they are: the same spelling in both, a 3.x gateway with sub-options, look-alikes.
    for (const char* same : {"/sec:tls", "/cert:ignore", "/gateway:g:h,type:http", "/cert-ignorex", "/gtx", "/f"}) {
        INFO(same);
        CHECK(freerdp_dialect_argument(same, kFreeRdp2) == same);
    }
    CHECK(freerdp_dialect_argument("/cert-ignorex", kFreeRdp3) == "/cert-ignorex");
    CHECK(freerdp_dialect_argument("/sec:tls", kFreeRdp3) == "/sec:tls");
    // The user's and a strategy's arguments go through it in freerdp_arguments.
    ConnectRequest request;
    request.target = Target{"host", 3389};
    request.client_args = {"/tls-seclevel:0"};
    CHECK(freerdp_arguments(request, kFreeRdp3, {"/cert-ignore"}) ==
          std::vector<std::string>{"/v:host:3389", "/d:", "/p:", "/cert:ignore", "/tls:seclevel:0"});
}
