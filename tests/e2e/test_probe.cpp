// The diagnosis probe against the lab: every fault yields its finding and verdict, and the
// healthy path reports what the real xrdp selects and presents.
#include "e2e_support.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/probe/probe.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

const std::string kCli = RDPMEDIC_CLI;

struct Expected {
    lab::FaultSpec fault;
    const char* finding;
    Severity severity;
    const char* cause;
};

} // namespace

TEST_CASE("probe: every lab fault yields its finding and verdict", "[e2e][probe]") {
    lab::Lab lab;
    probe::Probe probe(probe::ProbeSettings{lab.ca_certificate()});
    const Target target{"127.0.0.1", lab.port()};
    DiagnoseOptions options;
    options.expected_name = lab.certificate_host();
    options.step_timeout = std::chrono::milliseconds(500);

    using lab::Fault;
    const std::vector<Expected> cases = {
        {{Fault::PortClosed}, "tcp.refused", Severity::Error, "port-blocked-or-host-down"},
        {{Fault::AcceptThenClose}, "x224.closed", Severity::Error, "server-refusing-connections"},
        {{Fault::AcceptThenStall}, "x224.timeout", Severity::Error, "server-refusing-connections"},
        {{Fault::NegoFailure, 1}, "x224.ssl-required", Severity::Error, "security-layer-mismatch"},
        {{Fault::NegoFailure, 2},
         "x224.ssl-not-allowed",
         Severity::Error,
         "security-layer-mismatch"},
        {{Fault::NegoFailure, 3},
         "x224.ssl-cert-not-on-server",
         Severity::Error,
         "server-certificate-missing"},
        {{Fault::NegoFailure, 4},
         "x224.inconsistent-flags",
         Severity::Error,
         "security-layer-mismatch"},
        {{Fault::NegoFailure, 5},
         "x224.hybrid-required",
         Severity::Error,
         "security-layer-mismatch"},
        {{Fault::NegoFailure, 6},
         "x224.ssl-with-user-auth-required",
         Severity::Error,
         "security-layer-mismatch"},
        {{Fault::TlsExpiredCert}, "cert.expired", Severity::Error, "certificate-expired"},
        {{Fault::TlsWrongName}, "cert.name-mismatch", Severity::Error, "certificate-name-mismatch"},
        {{Fault::TlsSelfSigned}, "cert.self-signed", Severity::Warning, "certificate-untrusted"},
        {{Fault::TlsVersionMismatch}, "tls.version-mismatch", Severity::Error, "tls-mismatch"},
    };
    for (const Expected& expected : cases) {
        lab.set_fault(expected.fault);
        const auto started = std::chrono::steady_clock::now();
        const Diagnosis d = probe.diagnose(target, options);
        const auto took = std::chrono::steady_clock::now() - started;
        INFO(lab::to_id(expected.fault) << ": " << to_json(d).dump(2));
        const Finding* finding = d.find(expected.finding);
        REQUIRE(finding != nullptr);
        CHECK(finding->severity == expected.severity);
        CHECK(d.verdict.cause == expected.cause);
        CHECK_FALSE(d.verdict.fix.empty());
        CHECK(d.layers.size() == 5);
        CHECK(took < options.timeout + std::chrono::milliseconds(500));
    }
}

TEST_CASE("probe: the healthy lab reports what xrdp selects, its TLS version and certificate",
          "[e2e][probe]") {
    const lab::Lab lab;
    probe::Probe probe(probe::ProbeSettings{lab.ca_certificate()});
    DiagnoseOptions options;
    options.expected_name = lab.certificate_host();
    const Diagnosis d = probe.diagnose(Target{"127.0.0.1", lab.port()}, options);
    INFO(to_json(d).dump(2));
    CHECK(d.findings.empty());
    CHECK(d.verdict.cause == "none");
    CHECK(d.addresses == std::vector<std::string>{"127.0.0.1"});
    REQUIRE(d.layers.size() == 5);
    for (const Layer& layer : d.layers) {
        CHECK(layer.status == LayerStatus::Ok);
    }
    CHECK(d.layer("x224")->detail.at("selected") == "ssl"); // xrdp offers no NLA
    CHECK(d.layer("nla") == nullptr);                       // so the probe starts none
    const std::string version = d.layer("tls")->detail.at("version");
    CHECK((version == "TLSv1.3" || version == "TLSv1.2"));
    const Layer& cert = *d.layer("cert");
    CHECK_THAT(cert.detail.at("subject"), Catch::Contains("CN=localhost"));
    CHECK_THAT(cert.detail.at("names"), Catch::Contains("localhost"));
    CHECK_THAT(cert.detail.at("issuer"), Catch::Contains("rdpmedic lab CA"));
    CHECK(cert.detail.at("self_signed") == "no");
    CHECK(cert.detail.at("chain") == "ok");

    // Without the lab CA the same certificate is reported as untrusted, nothing worse.
    probe::Probe untrusting;
    const Diagnosis u = untrusting.diagnose(Target{"127.0.0.1", lab.port()}, options);
    REQUIRE(u.findings.size() == 1);
    CHECK(u.findings[0].id == "cert.untrusted");
}

TEST_CASE("cli: diagnose --json, and its exit codes", "[e2e][cli][probe]") {
    lab::LabOptions lab_options;
    lab_options.initial = {lab::Fault::NegoFailure, 5};
    const lab::Lab lab(lab_options);
    const std::string where = "127.0.0.1:" + std::to_string(lab.port());
    auto r = run_command({kCli, "diagnose", where, "--json", "--name", "localhost"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    const auto json = nlohmann::json::parse(r.output);
    CHECK(diagnosis_from_json(json).find("x224.hybrid-required") != nullptr);
    CHECK(json["verdict"]["cause"] == "security-layer-mismatch");

    r = run_command({kCli, "diagnose", where});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("x224.hybrid-required"));
    CHECK_THAT(r.output, Catch::Contains("verdict:"));

    r = run_command({kCli, "diagnose", where, "--ca", "/nonexistent.pem"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("--ca"));
}

TEST_CASE("cli: diagnose --from prints one JSON line per target, in input order",
          "[e2e][cli][probe]") {
    lab::LabOptions closed_options;
    closed_options.initial = {lab::Fault::AcceptThenClose};
    const lab::Lab closed(closed_options);
    const lab::Lab healthy;
    const std::string list = "/tmp/rdpmedic-diagnose-from.txt";
    {
        std::ofstream out(list);
        out << "# two labs\n127.0.0.1:" << closed.port() << "\n\n  127.0.0.1:" << healthy.port()
            << "  \n";
        for (int i = 0; i < 10; ++i) {
            out << "127.0.0.1:" << closed.port() << "\n";
        }
    }
    auto r = run_command({kCli, "diagnose", "--from", list, "--concurrency", "4", "--ca",
                          healthy.ca_certificate().string(), "--name", "localhost"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    std::istringstream lines(r.output);
    std::vector<Diagnosis> results;
    for (std::string line; std::getline(lines, line);) {
        results.push_back(diagnosis_from_json(nlohmann::json::parse(line)));
    }
    REQUIRE(results.size() == 12);
    CHECK(results[0].port == closed.port());
    CHECK(results[0].find("x224.closed") != nullptr);
    CHECK(results[1].port == healthy.port());
    CHECK(results[1].verdict.cause == "none");

    {
        std::ofstream out(list);
        out << "127.0.0.1:1\nnot a target:x\n";
    }
    r = run_command({kCli, "diagnose", "--from", list});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains(list + ":2"));
}

TEST_CASE("cli: diagnose --from with more diagnoses at once than the soft open-file limit allows",
          "[e2e][cli][probe]") {
    lab::LabOptions options;
    options.initial = {lab::Fault::AcceptThenClose};
    const lab::Lab closed(options);
    const std::string list = "/tmp/rdpmedic-diagnose-many-files.txt";
    constexpr int kTargets = 256;
    {
        std::ofstream out(list);
        for (int i = 0; i < kTargets; ++i) {
            out << "127.0.0.1:" << closed.port() << "\n";
        }
    }
    // 40 open files at most unless the CLI raises its soft limit towards the hard one: 128
    // connections at once would not get their sockets.
    const auto r = run_command({"/usr/bin/prlimit", "--nofile=40:4096", kCli, "diagnose", "--from", list,
                                "--concurrency", "128"});
    CHECK(r.exit_code == 1);
    std::istringstream lines(r.output);
    int closed_lines = 0;
    std::string first_other;
    for (std::string line; std::getline(lines, line);) {
        const auto d = diagnosis_from_json(nlohmann::json::parse(line));
        if (d.find("x224.closed") != nullptr) {
            ++closed_lines;
        } else if (first_other.empty()) {
            first_other = line;
        }
    }
    INFO(first_other);
    CHECK(closed_lines == kTargets);
}

TEST_CASE("cli: diagnose an unknown name in a network namespace of its own: dns.unresolvable",
          "[e2e][cli][probe]") {
    // The namespace has no route anywhere, so the lookup fails without leaving the machine.
    const auto r = run_command(
        {"/usr/bin/unshare", "--net", "--", kCli, "diagnose", "no-such-host.invalid", "--json"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    const auto d = diagnosis_from_json(nlohmann::json::parse(r.output));
    CHECK(d.find("dns.unresolvable") != nullptr);
    CHECK(d.verdict.cause == "dns-failing");
    CHECK(d.layer("tcp")->status == LayerStatus::Skipped);
}

TEST_CASE("cli: connect diagnoses the failure and prints the verdict, and --no-diagnose skips it",
          "[e2e][cli][probe]") {
    ensure_display();
    lab::LabOptions options;
    options.initial = {lab::Fault::AcceptThenClose};
    const lab::Lab lab(options);
    const std::string where = "127.0.0.1:" + std::to_string(lab.port());
    auto r = run_command({kCli, "connect", where, "--max-attempts", "1", "--log-dir",
                          "/tmp/rdpmedic-cli-test-logs"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("diagnosing"));
    CHECK_THAT(r.output, Catch::Contains("x224.closed"));
    CHECK_THAT(r.output, Catch::Contains("verdict: the server accepts TCP but refuses"));
    r = run_command({kCli, "connect", where, "--max-attempts", "1", "--no-diagnose", "--log-dir",
                     "/tmp/rdpmedic-cli-test-logs"});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("diagnosing") == std::string::npos);
}
