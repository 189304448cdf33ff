// The Secret Service through libsecret. Items carry rdpmedic's own schema (host, port, user),
// so a search finds only what rdpmedic stored. Locked items are never unlocked here: an
// unlock is a prompt, and a connection must not wait on a dialog it did not open.
#include "rdpmedic/platform/credential_store.h"

#include <libsecret/secret.h>

#include <memory>
#include <string>

namespace rdpmedic {

namespace {

struct GErrorFree {
    void operator()(GError* error) const { g_error_free(error); }
};
struct GObjectUnref {
    void operator()(gpointer object) const { g_object_unref(object); }
};
struct GHashTableUnref {
    void operator()(GHashTable* table) const { g_hash_table_unref(table); }
};
struct GListOfObjectsFree {
    void operator()(GList* list) const { g_list_free_full(list, g_object_unref); }
};
struct SecretValueUnref {
    void operator()(SecretValue* value) const { secret_value_unref(value); }
};

using Error = std::unique_ptr<GError, GErrorFree>;
using Service = std::unique_ptr<SecretService, GObjectUnref>;
using Collection = std::unique_ptr<SecretCollection, GObjectUnref>;
using Attributes = std::unique_ptr<GHashTable, GHashTableUnref>;
using Items = std::unique_ptr<GList, GListOfObjectsFree>;
using Value = std::unique_ptr<SecretValue, SecretValueUnref>;

const SecretSchema* schema() {
    // Made once and kept for the process: libsecret holds on to schemas by pointer.
    static const SecretSchema* const made =
        secret_schema_new("io.github.rdpmedic.Password", SECRET_SCHEMA_NONE, "host", SECRET_SCHEMA_ATTRIBUTE_STRING,
                          "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER, "user", SECRET_SCHEMA_ATTRIBUTE_STRING, nullptr);
    return made;
}

Attributes attributes(const CredentialKey& key) {
    return Attributes(secret_attributes_build(schema(), "host", key.host.c_str(), "port", static_cast<int>(key.port),
                                              "user", key.user.c_str(), nullptr));
}

CredentialErrorKind kind_of(const GError* error) {
    if (error->domain == SECRET_ERROR) {
        switch (error->code) {
        case SECRET_ERROR_IS_LOCKED: return CredentialErrorKind::Locked;
        case SECRET_ERROR_NO_SUCH_OBJECT: return CredentialErrorKind::NotFound;
        default: return CredentialErrorKind::Other;
        }
    }
    if (error->domain == G_DBUS_ERROR &&
        (error->code == G_DBUS_ERROR_SERVICE_UNKNOWN || error->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER ||
         error->code == G_DBUS_ERROR_NO_REPLY || error->code == G_DBUS_ERROR_DISCONNECTED)) {
        return CredentialErrorKind::NoService;
    }
    return CredentialErrorKind::Other;
}

std::string advice(CredentialErrorKind kind) {
    switch (kind) {
    case CredentialErrorKind::Locked:
        return "the keyring is locked; unlock it (Passwords and Keys, or your password manager) and try again";
    case CredentialErrorKind::NoService:
        return "no Secret Service answers in this session (GNOME Keyring, KWallet or KeePassXC keep passwords for "
               "applications)";
    case CredentialErrorKind::NotFound: return "no password is remembered for it";
    case CredentialErrorKind::Other: break;
    }
    return "the Secret Service refused";
}

[[noreturn]] void fail(CredentialErrorKind kind, const std::string& what, const CredentialKey& key,
                       const std::string& detail = {}) {
    throw CredentialError(kind, what + " " + describe(key) + ": " + advice(kind) + (detail.empty() ? "" : " (" + detail + ")"));
}

[[noreturn]] void fail(const GError* error, const std::string& what, const CredentialKey& key) {
    fail(kind_of(error), what, key, error->message ? error->message : "");
}

Service service(const std::string& what, const CredentialKey& key) {
    GError* raw = nullptr;
    // A connection of its own rather than libsecret's shared one: the shared one caches the
    // keyring's properties (locked or not) and items, which a process without a running GLib
    // main loop (the CLI, the tests) never hears change.
    Service got(secret_service_open_sync(SECRET_TYPE_SERVICE, nullptr, SECRET_SERVICE_OPEN_SESSION, nullptr, &raw));
    const Error error(raw);
    if (!got) {
        // No session bus, or nobody on it owns org.freedesktop.secrets: both mean no store.
        fail(CredentialErrorKind::NoService, what, key, error ? error->message : "");
    }
    return got;
}

/// The items of rdpmedic's schema for `key`; their secrets too when `with_secrets` (only for
/// unlocked items: nothing is unlocked).
Items search(SecretService* store, const CredentialKey& key, bool with_secrets, const std::string& what) {
    GError* raw = nullptr;
    const auto flags = static_cast<SecretSearchFlags>(SECRET_SEARCH_ALL | (with_secrets ? SECRET_SEARCH_LOAD_SECRETS : 0));
    Items items(secret_service_search_sync(store, schema(), attributes(key).get(), flags, nullptr, &raw));
    if (const Error error(raw); error) {
        fail(error.get(), what, key);
    }
    return items;
}

} // namespace

void save_password(const CredentialKey& key, const Secret& password) {
    const std::string what = "cannot remember the password of";
    const Service store = service(what, key);
    GError* raw = nullptr;
    const Collection keyring(secret_collection_for_alias_sync(store.get(), SECRET_COLLECTION_DEFAULT,
                                                              SECRET_COLLECTION_NONE, nullptr, &raw));
    if (const Error error(raw); error) {
        fail(error.get(), what, key);
    }
    if (!keyring) {
        fail(CredentialErrorKind::Other, what, key,
             "the Secret Service has no default keyring; create one in Passwords and Keys or your password manager");
    }
    if (secret_collection_get_locked(keyring.get())) {
        fail(CredentialErrorKind::Locked, what, key);
    }
    const Value value(secret_value_new(password.reveal().data(), static_cast<gssize>(password.reveal().size()),
                                       "text/plain"));
    const std::string label = "rdpmedic: " + describe(key);
    const gboolean stored =
        secret_service_store_sync(store.get(), schema(), attributes(key).get(),
                                  g_dbus_proxy_get_object_path(G_DBUS_PROXY(keyring.get())), label.c_str(),
                                  value.get(), nullptr, &raw);
    if (const Error error(raw); !stored) {
        if (error) {
            fail(error.get(), what, key);
        }
        fail(CredentialErrorKind::Other, what, key);
    }
}

Secret load_password(const CredentialKey& key) {
    const std::string what = "cannot read the remembered password of";
    const Service store = service(what, key);
    const Items items = search(store.get(), key, true, what);
    bool locked = false;
    for (GList* node = items.get(); node; node = node->next) {
        auto* item = static_cast<SecretItem*>(node->data);
        if (secret_item_get_locked(item)) {
            locked = true;
            continue;
        }
        if (const Value value(secret_item_get_secret(item)); value) {
            gsize size = 0;
            const gchar* bytes = secret_value_get(value.get(), &size);
            return Secret(std::string(bytes, size));
        }
    }
    fail(locked ? CredentialErrorKind::Locked : CredentialErrorKind::NotFound, what, key);
}

void forget_password(const CredentialKey& key) {
    const std::string what = "cannot forget the password of";
    const Service store = service(what, key);
    const Items items = search(store.get(), key, false, what);
    if (!items) {
        fail(CredentialErrorKind::NotFound, what, key);
    }
    for (GList* node = items.get(); node; node = node->next) {
        if (secret_item_get_locked(static_cast<SecretItem*>(node->data))) {
            // Nothing is deleted: a half-forgotten key would still be found later.
            fail(CredentialErrorKind::Locked, what, key);
        }
    }
    for (GList* node = items.get(); node; node = node->next) {
        GError* raw = nullptr;
        const gboolean deleted = secret_item_delete_sync(static_cast<SecretItem*>(node->data), nullptr, &raw);
        if (const Error error(raw); !deleted && error) {
            fail(error.get(), what, key);
        }
    }
}

} // namespace rdpmedic
