// The Credential Manager on Windows (Wine's, in its prefix): the entry mstsc reads, a domain
// password for "TERMSRV/host" naming the user, written, found, and deleted again. The entry
// itself is read back with CredReadW, not through the code under test.
#include "rdpmedic/platform/credential_store.h"
#include "rdpmedic/platform/windows_api.h"

#include <wincred.h>

#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <string>

using rdpmedic::CredentialError;
using rdpmedic::CredentialErrorKind;
using rdpmedic::CredentialKey;
using rdpmedic::Secret;

namespace {

struct Entry {
    std::wstring user;
    DWORD blob_size = 0;
    DWORD persist = 0;
};

std::optional<Entry> termsrv_entry(const std::wstring& host) {
    CREDENTIALW* credential = nullptr;
    if (!CredReadW((L"TERMSRV/" + host).c_str(), CRED_TYPE_DOMAIN_PASSWORD, 0, &credential)) {
        return std::nullopt;
    }
    Entry entry{credential->UserName ? credential->UserName : L"", credential->CredentialBlobSize, credential->Persist};
    CredFree(credential);
    return entry;
}

CredentialErrorKind error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const CredentialError& error) {
        INFO(error.what());
        CHECK(std::string(error.what()).find("TERMSRV/") != std::string::npos);
        return error.kind();
    }
    FAIL("no CredentialError was thrown");
    return CredentialErrorKind::Other;
}

} // namespace

TEST_CASE("credential store (Windows): a TERMSRV domain password is written for the user, found, and deleted",
          "[credentials]") {
    const CredentialKey key{"rdpmedic-test.example", 3389, "alice"};
    rdpmedic::save_password(key, Secret("p\xc3\xa4ss word"));
    const auto entry = termsrv_entry(L"rdpmedic-test.example");
    REQUIRE(entry);
    CHECK(entry->user == L"alice");
    CHECK(entry->persist == static_cast<DWORD>(CRED_PERSIST_LOCAL_MACHINE));
    // Windows keeps the blob of a domain password from applications; Wine may hand it back
    // (UTF-16, 9 characters) or not.
    CHECK((entry->blob_size == 0 || entry->blob_size == 9 * sizeof(wchar_t)));

    // Found for its user (in any case), not for another one; the password stays with Windows.
    CHECK(rdpmedic::load_password(key).empty());
    CHECK_NOTHROW(rdpmedic::load_password({"rdpmedic-test.example", 3389, "ALICE"}));
    CHECK(error_of([] { (void)rdpmedic::load_password({"rdpmedic-test.example", 3389, "bob"}); }) ==
          CredentialErrorKind::NotFound);
    // Another user's entry is not forgotten for bob.
    CHECK(error_of([] { rdpmedic::forget_password({"rdpmedic-test.example", 3389, "bob"}); }) ==
          CredentialErrorKind::NotFound);
    CHECK(termsrv_entry(L"rdpmedic-test.example"));

    rdpmedic::forget_password(key);
    CHECK_FALSE(termsrv_entry(L"rdpmedic-test.example"));
    CHECK(error_of([&] { (void)rdpmedic::load_password(key); }) == CredentialErrorKind::NotFound);
    CHECK(error_of([&] { rdpmedic::forget_password(key); }) == CredentialErrorKind::NotFound);
}
