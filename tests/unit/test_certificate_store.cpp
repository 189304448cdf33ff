// The store of accepted server certificates: round trips, a corrupt or hostile file refused
// whole and moved aside (never emptied in place), and the decisions made on top of it.
#include "temp_dir.h"

#include "rdpmedic/app/certificate_trust.h"
#include "rdpmedic/core/certificate_gate.h"
#include "rdpmedic/core/certificate_store.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace rdpmedic;
using rdpmedic::test::TempDir;

namespace {

const std::string kFingerprint =
    "FC:60:BB:BD:34:F5:64:B1:BD:8B:27:50:60:9A:EB:E7:72:14:44:E3:B0:13:27:76:FF:C6:7A:DB:82:5E:70:BB";
const std::string kOtherFingerprint =
    "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF";

TrustedCertificate entry(std::string host, std::uint16_t port, std::string sha256 = kFingerprint) {
    return {{std::move(host), port}, std::move(sha256), "CN=pc,O=home", "CN=pc,O=home",
            "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2026-12-02T13:00:00Z"};
}

void write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::filesystem::path> kept_copies(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& item : std::filesystem::directory_iterator(dir)) {
        if (item.path().filename().string().rfind("certificates.json.corrupt-", 0) == 0) {
            out.push_back(item.path());
        }
    }
    return out;
}

std::string store_with(const std::string& certificate_fields) {
    return R"({"version":1,"certificates":[{)" + certificate_fields + "}]}";
}

std::string fields(const std::string& host, const std::string& port, const std::string& sha256,
                   const std::string& subject = "\"CN=pc\"") {
    return "\"host\":" + host + ",\"port\":" + port + ",\"sha256\":" + sha256 + ",\"subject\":" + subject +
           R"(,"issuer":"CN=pc","not_before":"a","not_after":"b","accepted_at":"c")";
}

} // namespace

TEST_CASE("certificate fingerprints: only the form diagnose prints, in either case", "[certificates]") {
    CHECK(parse_sha256_fingerprint(kFingerprint) == kFingerprint);
    std::string lower = kFingerprint;
    for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    CHECK(parse_sha256_fingerprint(lower) == kFingerprint);
    CHECK(freerdp_fingerprint(kFingerprint) == lower);
    std::string bare = kFingerprint;
    std::erase(bare, ':');
    for (const std::string& bad : {bare, kFingerprint.substr(3), kFingerprint + ":00", std::string("ab:cd"),
                                   std::string(), "sha256:" + kFingerprint, kFingerprint.substr(0, 94) + "G",
                                   kFingerprint.substr(0, 2) + "-" + kFingerprint.substr(3)}) {
        INFO(bad);
        CHECK_FALSE(parse_sha256_fingerprint(bad));
    }
}

TEST_CASE("certificate store: what is remembered reads back, per host and port", "[certificates]") {
    TempDir dir;
    const auto file = dir / "state" / "certificates.json";
    {
        CertificateStore store(file);
        CHECK(store.entries().empty());
        CHECK_FALSE(store.problem());
        store.remember(entry("PC.example", 3389));
        store.remember(entry("pc.example", 3390, kOtherFingerprint));
        store.remember(entry("::1", 3389));
    }
    CertificateStore again(file);
    CHECK_FALSE(again.problem());
    REQUIRE(again.entries().size() == 3);
    // Host names compare without case; the port is part of the key.
    REQUIRE(again.find({"pc.EXAMPLE", 3389}));
    CHECK(again.find({"pc.example", 3389})->sha256 == kFingerprint);
    CHECK(again.find({"pc.example", 3390})->sha256 == kOtherFingerprint);
    CHECK(*again.find({"pc.example", 3389}) == entry("pc.example", 3389));
    CHECK(again.find({"::1", 3389}));
    CHECK_FALSE(again.find({"pc.example", 3391}));

    again.remember(entry("pc.example", 3389, kOtherFingerprint)); // replaces, never duplicates
    CHECK(again.entries().size() == 3);
    CHECK(CertificateStore(file).find({"pc.example", 3389})->sha256 == kOtherFingerprint);

    CHECK(again.forget({"pc.example", 3390}));
    CHECK_FALSE(again.forget({"pc.example", 3390}));
    CHECK(CertificateStore(file).entries().size() == 2);
    CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
}

TEST_CASE("certificate store: a corrupt file is moved aside and reported, never emptied in place", "[certificates]") {
    TempDir dir;
    const auto file = dir / "certificates.json";
    const std::string corrupt = R"({"version":1,"certificates":[{"host":"pc")";
    write(file, corrupt);
    CertificateStore store(file);
    REQUIRE(store.problem());
    CHECK_THAT(*store.problem(), Catch::Contains(file.string()) && Catch::Contains("not valid JSON") &&
                                     Catch::Contains("moved to"));
    CHECK(store.entries().empty());
    const auto copies = kept_copies(dir.path());
    REQUIRE(copies.size() == 1);
    CHECK(read(copies[0]) == corrupt);
    CHECK_THAT(*store.problem(), Catch::Contains(copies[0].string()));
    CHECK_FALSE(std::filesystem::exists(file));
    // Loading again finds no file: the problem is reported once, the copy stays alone.
    CHECK_FALSE(CertificateStore(file).problem());
    CHECK(kept_copies(dir.path()).size() == 1);
}

TEST_CASE("certificate store: hostile content is refused whole with one message", "[certificates]") {
    const std::string fp = "\"" + kFingerprint + "\"";
    const std::vector<std::pair<std::string, std::string>> hostile = {
        {store_with(fields("\"pc\"", "3389", "\"AB:CD\"")), "\"sha256\" is not a SHA-256 fingerprint"},
        {store_with(fields("\"pc\"", "3389", fp, "\"CN=pc\\u001b[2J\"")), "control characters"},
        {store_with(fields("\"pc; rm -rf /\"", "3389", fp)), "\"host\""},
        {store_with(fields("\"pc:3390\"", "3389", fp)), "not a bare host name"},
        {store_with(fields("\"" + std::string(300, 'a') + "\"", "3389", fp)), "\"host\""},
        {store_with(fields("\"pc\"", "0", fp)), "\"port\""},
        {store_with(fields("\"pc\"", "70000", fp)), "\"port\""},
        {store_with(fields("\"pc\"", "\"3389\"", fp)), "\"port\""},
        {store_with(fields("\"pc\"", "3389", fp, "\"" + std::string(5000, 'x') + "\"")), "longer than"},
        {store_with(fields("\"pc\"", "3389", fp) + "},{" + fields("\"PC\"", "3389", fp)), "repeats pc:3389"},
        {R"({"version":2,"certificates":[]})", "not a version 1 certificate store"},
        {R"({"version":1,"certificates":{}})", "not a list"},
        {R"([1,2,3])", "not a version 1"},
        {R"({"version":1,"certificates":[7]})", "entry 1 is not a JSON object"},
        {std::string(CertificateStore::kMaxFileBytes + 1, ' '), "larger than"},
    };
    for (const auto& [text, reason] : hostile) {
        INFO(reason);
        TempDir dir;
        const auto file = dir / "certificates.json";
        write(file, text);
        CertificateStore store(file);
        REQUIRE(store.problem());
        CHECK_THAT(*store.problem(), Catch::Contains(reason));
        CHECK(store.entries().empty());
        REQUIRE(kept_copies(dir.path()).size() == 1);
        CHECK(read(kept_copies(dir.path())[0]) == text);
    }
}

TEST_CASE("certificate store: an entry that would not read back is not written", "[certificates]") {
    TempDir dir;
    const auto file = dir / "certificates.json";
    CertificateStore store(file);
    store.remember(entry("pc", 3389));
    auto bad = entry("other", 3389);
    bad.subject = "CN=evil\n";
    CHECK_THROWS_AS(store.remember(bad), CertificateStoreError);
    CHECK(store.entries().size() == 1);
    CHECK(CertificateStore(file).entries().size() == 1);
}

namespace {

Diagnosis self_signed_diagnosis(const std::string& sha256) {
    Diagnosis d;
    Layer cert;
    cert.name = "cert";
    cert.status = LayerStatus::Ok;
    cert.detail = {{"subject", "CN=pc"},         {"issuer", "CN=pc"},     {"names", "pc, 127.0.0.1"},
                   {"not_before", "2026-01-01"}, {"not_after", "2027-01-01"}, {"self_signed", "yes"},
                   {"sha256", sha256}};
    d.layers.push_back(cert);
    d.findings.push_back({"cert.self-signed", Severity::Warning, "the server's certificate is self-signed", {}});
    return d;
}

} // namespace

TEST_CASE("untrusted certificate: read from the diagnosis only when it names a reason", "[certificates]") {
    Diagnosis d = self_signed_diagnosis(kFingerprint);
    const auto certificate = untrusted_certificate(d);
    REQUIRE(certificate);
    CHECK(certificate->sha256 == kFingerprint);
    CHECK(certificate->self_signed);
    CHECK(certificate->names == "pc, 127.0.0.1");
    CHECK(certificate->problems == std::vector<std::string>{"the server's certificate is self-signed"});
    const auto lines = describe_certificate(*certificate);
    CHECK(std::find(lines.begin(), lines.end(), "SHA-256:     " + kFingerprint) != lines.end());

    d.findings.push_back({"cert.name-mismatch", Severity::Error, "the server's certificate is not issued for x", {}});
    CHECK(untrusted_certificate(d)->problems.size() == 2);
    d.findings = {{"cert.weak-key", Severity::Warning, "weak", {}}}; // a client still accepts it
    CHECK_FALSE(untrusted_certificate(d));
    CHECK_FALSE(untrusted_certificate(Diagnosis{}));
}

TEST_CASE("certificate trust: asked once, remembered, and a changed certificate asked again as such", "[certificates]") {
    TempDir dir;
    std::vector<app::CertificateQuestion> asked;
    bool answer = true;
    app::CertificateTrustOptions options;
    options.store_file = dir / "certificates.json";
    options.ask = [&](const app::CertificateQuestion& question) {
        asked.push_back(question);
        return answer;
    };
    options.how_to_accept = [](const Target&, const std::string& sha256) { return "accept " + sha256; };
    app::CertificateTrust trust(options);
    const Target pc{"pc", 3389};
    const auto first = *untrusted_certificate(self_signed_diagnosis(kFingerprint));

    CHECK_FALSE(trust.accepted_fingerprint(pc));
    const auto accepted = trust.decide(pc, first);
    CHECK(accepted.verdict == CertificateVerdict::Accepted);
    CHECK(accepted.sha256 == kFingerprint);
    REQUIRE(asked.size() == 1);
    CHECK_FALSE(asked[0].previous);
    CHECK(trust.accepted_fingerprint(pc) == kFingerprint);
    CHECK(CertificateStore(options.store_file).find(pc)->subject == "CN=pc");
    CHECK_THAT(CertificateStore(options.store_file).find(pc)->accepted_at,
               Catch::Matches("20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z"));

    // The same certificate again is nothing to decide.
    CHECK(trust.decide(pc, first).verdict == CertificateVerdict::Unchanged);
    CHECK(asked.size() == 1);

    answer = false;
    const auto changed = trust.decide(pc, *untrusted_certificate(self_signed_diagnosis(kOtherFingerprint)));
    CHECK(changed.verdict == CertificateVerdict::Refused);
    REQUIRE(asked.size() == 2);
    REQUIRE(asked[1].previous);
    CHECK(asked[1].previous->sha256 == kFingerprint);
    CHECK_THAT(changed.note, Catch::Contains("CHANGED") && Catch::Contains(kFingerprint) &&
                                 Catch::Contains(kOtherFingerprint) && Catch::Contains("accept " + kOtherFingerprint));
    // Refusing keeps the old decision.
    CHECK(trust.accepted_fingerprint(pc) == kFingerprint);
}
