// The Linux credential store against a real Secret Service: GNOME Keyring in a private D-Bus
// session (with_keyring.sh), and without any session bus at all. The keyring's state is
// checked through libsecret itself, not through the code under test.
#include "rdpmedic/platform/credential_store.h"

#include <catch2/catch.hpp>
#include <libsecret/secret.h>

#include <cstdlib>
#include <functional>
#include <string>

using rdpmedic::CredentialError;
using rdpmedic::CredentialErrorKind;
using rdpmedic::CredentialKey;
using rdpmedic::Secret;

namespace {

/// Quotes, a dollar, a newline and non-ASCII: a password survives the store byte for byte.
const std::string kPassword = "c0rrect h\xc3\xb6rse'\"$(id)\nstaple";

CredentialErrorKind error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const CredentialError& error) {
        INFO(error.what());
        // The message names the key and never the password.
        CHECK(std::string(error.what()).find(kPassword) == std::string::npos);
        return error.kind();
    }
    FAIL("no CredentialError was thrown");
    return CredentialErrorKind::Other;
}

/// How many items of any schema the default keyring holds, and whether it is locked.
struct KeyringState {
    int items = 0;
    bool locked = false;
};

KeyringState default_keyring() {
    // Its own connection, so nothing cached by an earlier look answers for the keyring now.
    SecretService* service =
        secret_service_open_sync(SECRET_TYPE_SERVICE, nullptr, SECRET_SERVICE_LOAD_COLLECTIONS, nullptr, nullptr);
    REQUIRE(service);
    SecretCollection* keyring =
        secret_collection_for_alias_sync(service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_LOAD_ITEMS, nullptr, nullptr);
    REQUIRE(keyring);
    KeyringState state;
    state.locked = secret_collection_get_locked(keyring);
    GList* items = secret_collection_get_items(keyring);
    state.items = static_cast<int>(g_list_length(items));
    g_list_free_full(items, g_object_unref);
    g_object_unref(keyring);
    g_object_unref(service);
    return state;
}

} // namespace

TEST_CASE("credential store: a saved password loads back, a second save replaces it, forgetting removes it",
          "[credentials][gnome-keyring]") {
    const CredentialKey key{"server.example", 3390, "alice"};
    rdpmedic::save_password(key, Secret(kPassword));
    CHECK(rdpmedic::load_password(key).reveal() == kPassword);
    CHECK(default_keyring().items == 1);

    rdpmedic::save_password(key, Secret("another one"));
    CHECK(rdpmedic::load_password(key).reveal() == "another one");
    CHECK(default_keyring().items == 1);

    rdpmedic::forget_password(key);
    CHECK(default_keyring().items == 0);
    CHECK(error_of([&] { (void)rdpmedic::load_password(key); }) == CredentialErrorKind::NotFound);
}

TEST_CASE("credential store: host, port and user each tell passwords apart, and a missing one is NotFound",
          "[credentials][gnome-keyring]") {
    const CredentialKey alice{"server.example", 3389, "alice"};
    rdpmedic::save_password(alice, Secret(kPassword));
    rdpmedic::save_password({"server.example", 3389, "bob"}, Secret("bob's"));
    CHECK(rdpmedic::load_password(alice).reveal() == kPassword);
    CHECK(rdpmedic::load_password({"server.example", 3389, "bob"}).reveal() == "bob's");
    CHECK(error_of([] { (void)rdpmedic::load_password({"server.example", 3389, "carol"}); }) ==
          CredentialErrorKind::NotFound);
    CHECK(error_of([] { (void)rdpmedic::load_password({"server.example", 3390, "alice"}); }) ==
          CredentialErrorKind::NotFound);
    CHECK(error_of([] { (void)rdpmedic::load_password({"other.example", 3389, "alice"}); }) ==
          CredentialErrorKind::NotFound);
    CHECK(error_of([] { rdpmedic::forget_password({"server.example", 3389, "carol"}); }) ==
          CredentialErrorKind::NotFound);
    // Forgetting one user's password leaves the other's.
    rdpmedic::forget_password(alice);
    CHECK(rdpmedic::load_password({"server.example", 3389, "bob"}).reveal() == "bob's");
    CHECK(error_of([&] { rdpmedic::forget_password(alice); }) == CredentialErrorKind::NotFound);
}

// Last in this file: the keyring stays locked afterwards (unlocking it again takes a prompt),
// and each ctest entry gets a fresh keyring of its own.
TEST_CASE("credential store: a locked keyring is Locked for save, load and forget, and is left as it was",
          "[credentials][gnome-keyring]") {
    const CredentialKey key{"locked.example", 3389, "alice"};
    rdpmedic::save_password(key, Secret(kPassword));
    SecretService* service = secret_service_get_sync(SECRET_SERVICE_NONE, nullptr, nullptr);
    REQUIRE(service);
    SecretCollection* keyring =
        secret_collection_for_alias_sync(service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, nullptr, nullptr);
    REQUIRE(keyring);
    GList* objects = g_list_append(nullptr, keyring);
    const gint locked = secret_service_lock_sync(service, objects, nullptr, nullptr, nullptr);
    g_list_free(objects);
    g_object_unref(keyring);
    g_object_unref(service);
    REQUIRE(locked == 1);

    CHECK(error_of([&] { (void)rdpmedic::load_password(key); }) == CredentialErrorKind::Locked);
    CHECK(error_of([&] { rdpmedic::save_password(key, Secret("new")); }) == CredentialErrorKind::Locked);
    CHECK(error_of([&] { rdpmedic::forget_password(key); }) == CredentialErrorKind::Locked);
    // Nothing asked to unlock it, and the item is still there.
    const KeyringState after = default_keyring();
    CHECK(after.locked);
    CHECK(after.items == 1);
}

// Hidden: run by its own ctest entry, with no session bus address and no display (so no bus
// can be started on demand either).
TEST_CASE("credential store: without a session bus every call is NoService", "[.][credentials][no-secret-service]") {
    REQUIRE(std::getenv("DBUS_SESSION_BUS_ADDRESS") == nullptr);
    const CredentialKey key{"server.example", 3389, "alice"};
    CHECK(error_of([&] { rdpmedic::save_password(key, Secret(kPassword)); }) == CredentialErrorKind::NoService);
    CHECK(error_of([&] { (void)rdpmedic::load_password(key); }) == CredentialErrorKind::NoService);
    CHECK(error_of([&] { rdpmedic::forget_password(key); }) == CredentialErrorKind::NoService);
}
