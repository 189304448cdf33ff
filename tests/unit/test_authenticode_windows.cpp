// Authenticode signatures through WinVerifyTrust, under wine, on the build's own files: the
// helper and this test program are signed after their link with the build's certificate
// (cmake/AuthenticodeSigning.cmake), fake-rdp-client.exe is not, and other-signer.exe is signed
// with a certificate of another throwaway CA (tests/CMakeLists.txt). Wine 8 reports a missing
// signature and a changed byte as Windows does, and the signer's certificate; it does not
// check the chain to a trusted root (so the development certificate reads as trusted here,
// CERT_E_UNTRUSTEDROOT on Windows), revocation or any signing policy.
#include "helper_files.h"
#include "helper_launch.h"
#include "temp_dir.h"
#include "rdpmedic/platform/authenticode_windows.h"
#include "rdpmedic/platform/own_executable.h"
#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace rdpmedic;

namespace {

/// A copy of `file` with the byte in its middle changed, inside a section the signature covers.
std::filesystem::path changed_copy(const std::filesystem::path& file, const test::TempDir& folder) {
    const auto copy = folder / file.filename();
    std::filesystem::copy_file(file, copy);
    const auto middle = static_cast<std::streamoff>(std::filesystem::file_size(copy) / 2);
    std::fstream bytes(copy, std::ios::binary | std::ios::in | std::ios::out);
    bytes.seekg(middle);
    const char byte = static_cast<char>(bytes.get());
    bytes.seekp(middle);
    bytes.put(static_cast<char>(~byte));
    REQUIRE(bytes.flush());
    return copy;
}

std::filesystem::path unsigned_program() { return std::filesystem::absolute(RDPMEDIC_FAKE_RDP_CLIENT_EXE).make_preferred(); }

} // namespace

TEST_CASE("windows authenticode: the built helper is signed, by the same certificate as this program",
          "[windows][authenticode]") {
    const AuthenticodeSignature helper = authenticode_signature(test::built_helper());
    const AuthenticodeSignature program = authenticode_signature(own_executable_file());
    INFO("helper status " << std::hex << helper.status << ", program status " << program.status);
    // 0 under wine; CERT_E_UNTRUSTEDROOT on Windows, which does not know the development CA.
    CHECK((helper.status == 0 || helper.status == CERT_E_UNTRUSTEDROOT));
    CHECK(helper.signer_thumbprint.size() == 40);
    CHECK(helper.signer_thumbprint == program.signer_thumbprint);
    CHECK(authenticode_refusal(program, helper, "rdpmedic-helper.exe").empty());
}

TEST_CASE("windows authenticode: a helper with one byte changed has a broken signature and is refused",
          "[windows][authenticode]") {
    const test::TempDir folder;
    const AuthenticodeSignature changed = authenticode_signature(changed_copy(test::built_helper(), folder));
    CHECK(changed.status == TRUST_E_BAD_DIGEST);
    CHECK(changed.signer_thumbprint.empty());
    const std::string refusal = authenticode_refusal(authenticode_signature(own_executable_file()), changed, "rdpmedic-helper.exe");
    CHECK(refusal == "rdpmedic-helper.exe's signature is broken (the file was changed after it was signed, "
                     "0x80096010); reinstall rdpmedic");
    // Broken is refused even by an unsigned program.
    CHECK_FALSE(authenticode_refusal(AuthenticodeSignature{TRUST_E_NOSIGNATURE, {}}, changed, "h").empty());
}

TEST_CASE("windows authenticode: an unsigned helper is refused by a signed program only", "[windows][authenticode]") {
    const AuthenticodeSignature none = authenticode_signature(unsigned_program());
    CHECK(none.status == TRUST_E_NOSIGNATURE);
    CHECK(none.signer_thumbprint.empty());
    CHECK(authenticode_refusal(authenticode_signature(own_executable_file()), none, "rdpmedic-helper.exe") ==
          "rdpmedic-helper.exe is not signed, while this program is; reinstall rdpmedic");
    CHECK(authenticode_refusal(none, none, "rdpmedic-helper.exe").empty());
}

TEST_CASE("windows authenticode: a helper signed by another certificate is refused", "[windows][authenticode]") {
    const AuthenticodeSignature program = authenticode_signature(own_executable_file());
    const AuthenticodeSignature other = authenticode_signature(std::filesystem::absolute(RDPMEDIC_OTHER_SIGNER_EXE).make_preferred());
    INFO("other signer's status " << std::hex << other.status);
    REQUIRE(other.signer_thumbprint.size() == 40);
    CHECK(other.signer_thumbprint != program.signer_thumbprint);
    CHECK_THAT(authenticode_refusal(program, other, "rdpmedic-helper.exe"),
               Catch::StartsWith("rdpmedic-helper.exe is signed by another certificate (" + other.signer_thumbprint +
                                 ") than this program (" + program.signer_thumbprint + ")"));
}

TEST_CASE("windows authenticode: the administrator prompt is not asked for a helper with a broken signature",
          "[windows][authenticode]") {
    const test::TempDir folder;
    const auto changed = changed_copy(test::built_helper(), folder);
    const auto journal = folder / "state" / "journal.jsonl";
    // Wine has no UAC and would simply run the file: the refusal comes before ShellExecuteEx,
    // so nothing is written: not even the folder of the request file.
    CHECK_THROWS_WITH(plugins::run_helper_elevated(changed, R"({"op":"apply"})", journal, {}),
                      Catch::StartsWith("rdpmedic-helper is not started as administrator: rdpmedic-helper.exe's "
                                        "signature is broken") &&
                          Catch::EndsWith("; nothing was changed"));
    CHECK_FALSE(std::filesystem::exists(journal.parent_path()));
    // The intact helper is started (and answers the malformed request as it answers any).
    std::string intact;
    try {
        intact = plugins::run_helper_elevated(test::built_helper(), R"({"op":"apply"})", journal, {});
    } catch (const std::exception& error) {
        intact = error.what();
    }
    INFO(intact);
    CHECK_THAT(intact, !Catch::Contains("not started as administrator"));
    CHECK(std::filesystem::exists(journal.parent_path()));
}
