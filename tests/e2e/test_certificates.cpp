// Trusting a server's certificate with the real xfreerdp against the lab's xrdp presenting a
// self-signed certificate, as a Windows PC does by default: refused once without a decision,
// accepted with --accept-certificate, remembered, a changed certificate refused loudly; with
// FreeRDP 2 and, when installed, FreeRDP 3.
#include "e2e_support.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

const std::string kCli = RDPMEDIC_CLI;

/// rdpmedic-cli with a state directory (the certificate store) and a home (FreeRDP's own
/// store) of the test's own, without a terminal, as a script runs it.
class User {
  public:
    User() : home_("rdpmedic-e2e-certificates-") {}

    CommandResult cli(const std::vector<std::string>& args, const std::string& input = "") const {
        std::vector<std::string> argv = {"/usr/bin/env", "HOME=" + home_.path().string(),
                                         "XDG_STATE_HOME=" + (home_ / "state").string(),
                                         "XDG_CONFIG_HOME=" + (home_ / "config").string(), kCli};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv, input);
    }
    std::filesystem::path store() const { return home_ / "state" / "rdpmedic" / "certificates.json"; }
    std::string store_text() const {
        std::ifstream in(store());
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

  private:
    test::TempDir home_;
};

/// The SHA-256 fingerprint as OpenSSL's own tool prints it: the check does not rely on the
/// probe that rdpmedic takes it from.
std::string openssl_fingerprint(const std::filesystem::path& pem) {
    const auto r = run_command({"/usr/bin/openssl", "x509", "-in", pem.string(), "-noout", "-fingerprint", "-sha256"});
    REQUIRE(r.exit_code == 0);
    const auto equals = r.output.find('=');
    REQUIRE(equals != std::string::npos);
    std::string fingerprint = r.output.substr(equals + 1);
    while (!fingerprint.empty() && (fingerprint.back() == '\n' || fingerprint.back() == '\r')) {
        fingerprint.pop_back();
    }
    REQUIRE(fingerprint.size() == 95);
    return fingerprint;
}

std::unique_ptr<lab::Lab> self_signed_lab(std::uint16_t port = 0) {
    lab::LabOptions options;
    options.port = port;
    options.xrdp_self_signed = true;
    return std::make_unique<lab::Lab>(options);
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++n;
    }
    return n;
}

/// The whole life of one remembered certificate, with the client `client_args` choose.
void certificate_flow(const std::vector<std::string>& client_args, const std::string& input) {
    ensure_display();
    const User user;
    auto lab = self_signed_lab();
    const std::uint16_t port = lab->port();
    const std::string target = "localhost:" + std::to_string(port);
    const std::string fingerprint = openssl_fingerprint(lab->server_certificate());
    std::vector<std::string> connect = {"connect", target, "--until-connected", "--backoff", "100"};
    connect.insert(connect.end(), client_args.begin(), client_args.end());

    // No decision: one attempt, the certificate shown, the way to accept it told, no retry.
    auto refused = user.cli(connect, input);
    INFO(refused.output);
    CHECK(refused.exit_code == 1);
    CHECK(count(refused.output, "launching") == 1);
    CHECK_THAT(refused.output, Catch::Contains("SHA-256:     " + fingerprint) &&
                                   Catch::Contains("(self-signed)") &&
                                   Catch::Contains("subject:     CN=localhost,O=rdpmedic lab") &&
                                   Catch::Contains("names:       localhost, 127.0.0.1") &&
                                   Catch::Contains("--accept-certificate " + fingerprint));
    CHECK_FALSE(std::filesystem::exists(user.store()));

    // Accepted by its fingerprint: connects and is remembered.
    auto with_flag = connect;
    with_flag.insert(with_flag.end(), {"--accept-certificate", fingerprint});
    const auto accepted = user.cli(with_flag, input);
    INFO(accepted.output);
    CHECK(accepted.exit_code == 0);
    CHECK_THAT(accepted.output, Catch::Contains("connected to " + target));
    CHECK_THAT(user.store_text(), Catch::Contains(fingerprint) && Catch::Contains(std::to_string(port)));
    const auto listed = user.cli({"certificates", "list"});
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.output, Catch::Contains(target) && Catch::Contains(fingerprint));

    // The next connect needs no flag, and the client is not made to fail first.
    const auto again = user.cli(connect, input);
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK(count(again.output, "launching") == 1);
    CHECK(again.output.find("failed") == std::string::npos);

    // Another certificate on the same host and port: refused as a possible interception.
    lab.reset();
    lab = self_signed_lab(port);
    const std::string changed_fingerprint = openssl_fingerprint(lab->server_certificate());
    REQUIRE(changed_fingerprint != fingerprint);
    const auto changed = user.cli(connect, input);
    INFO(changed.output);
    CHECK(changed.exit_code == 1);
    CHECK(count(changed.output, "launching") == 1);
    CHECK_THAT(changed.output, Catch::Contains("CHANGED") && Catch::Contains("intercepting") &&
                                   Catch::Contains(fingerprint) && Catch::Contains(changed_fingerprint));
    // The old decision stands until the user makes a new one.
    CHECK_THAT(user.store_text(), Catch::Contains(fingerprint));
    CHECK(user.store_text().find(changed_fingerprint) == std::string::npos);
    // Accepting the old fingerprint again does not let the new certificate in.
    auto old_flag = connect;
    old_flag.insert(old_flag.end(), {"--accept-certificate", fingerprint});
    CHECK(user.cli(old_flag, input).exit_code == 1);

    // Forgotten: the next connect asks again.
    const auto forgot = user.cli({"certificates", "forget", target});
    CHECK(forgot.exit_code == 0);
    CHECK_THAT(user.cli({"certificates", "list"}).output, Catch::Contains("no certificates accepted"));
    const auto twice = user.cli({"certificates", "forget", target});
    CHECK(twice.exit_code == 1);
    CHECK_THAT(twice.output, Catch::Contains("no certificate accepted for " + target));
}

} // namespace

TEST_CASE("certificates: refused once, accepted by fingerprint, remembered, a changed one refused, forgotten",
          "[e2e][certificates]") {
    certificate_flow({"--client", "/usr/bin/xfreerdp"}, "");
}

TEST_CASE("certificates: the same with FreeRDP 3 when it is installed", "[e2e][certificates][freerdp3]") {
    if (!std::filesystem::exists("/usr/bin/xfreerdp3")) {
        WARN("/usr/bin/xfreerdp3 is not installed: nothing to check");
        return;
    }
    // With a user and a password FreeRDP 3 has nothing to ask on its terminal.
    certificate_flow({"--client", "/usr/bin/xfreerdp3", "--user", "alice", "--password-stdin"}, "secret\n");
}

TEST_CASE("certificates: a fingerprint in the wrong format is one clear error and exit 2", "[e2e][certificates]") {
    const User user;
    for (const std::string bad : {"FC60BBBD", "sha256:AB:CD", "", "ab:cd:ef"}) {
        INFO(bad);
        const auto r = user.cli({"connect", "localhost:1", "--accept-certificate", bad});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains("--accept-certificate takes the SHA-256 fingerprint as diagnose prints it"));
        CHECK(count(r.output, "\n") == 1);
    }
    CHECK(user.cli({"certificates", "forget", "bad host"}).exit_code == 2);
    CHECK(user.cli({"certificates", "frobnicate"}).exit_code == 2);
}

TEST_CASE("certificates: a hostile store is refused with one message and kept aside", "[e2e][certificates]") {
    const User user;
    std::filesystem::create_directories(user.store().parent_path());
    std::ofstream(user.store()) << R"({"version":1,"certificates":[{"host":"pc\u001b]0;owned\u0007","port":3389}]})";
    const auto r = user.cli({"certificates", "list"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("was refused") && Catch::Contains("control characters") &&
                             Catch::Contains("moved to"));
    CHECK(r.output.find('\x1b') == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(user.store()));
    CHECK_THAT(r.output, Catch::Contains("no certificates accepted"));
}
