#pragma once
/// Remembered passwords, kept where the platform keeps secrets and nowhere of rdpmedic's own:
/// the Secret Service on Linux (GNOME Keyring, KWallet, KeePassXC; through libsecret), the
/// Credential Manager on Windows (a domain password for "TERMSRV/host", the entry mstsc itself
/// reads and writes, so each finds what the other remembered).
///
/// Nothing here asks the user anything: a locked keyring is reported, not unlocked, so a call
/// never waits on a prompt.

#include "rdpmedic/core/target.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace rdpmedic {

/// Which password: one per user of a host and port. On Windows the Credential Manager keeps
/// one per host ("TERMSRV/host", as mstsc does): the port is not part of it, and the user is
/// the one the entry names.
struct CredentialKey {
    std::string host;
    std::uint16_t port = 3389;
    std::string user;
};

enum class CredentialErrorKind {
    /// The keyring is locked: the user unlocks it (or logs in again), rdpmedic never prompts.
    Locked,
    /// No Secret Service answers (no D-Bus session bus, or nothing owns org.freedesktop.secrets).
    NoService,
    /// Nothing is remembered for that key.
    NotFound,
    /// Anything else; what() has the platform's words.
    Other,
};

/// what() says what could not be done, for which user and host, and why, never the password.
class CredentialError : public std::runtime_error {
  public:
    CredentialError(CredentialErrorKind kind, const std::string& what)
        : std::runtime_error(what), m_kind(kind) {}
    CredentialErrorKind kind() const { return m_kind; }

  private:
    CredentialErrorKind m_kind;
};

/// Stores `password` for `key`, replacing what was there. Throws CredentialError.
void save_password(const CredentialKey& key, const Secret& password);

/// The password remembered for `key`. Throws CredentialError (NotFound when there is none).
/// On Windows a domain password can be read only by Windows' own sign-in (mstsc), not by an
/// application: there the answer is an empty Secret once the entry for that user is found,
/// and mstsc uses the password itself.
Secret load_password(const CredentialKey& key);

/// Removes what is remembered for `key`. Throws CredentialError (NotFound when there was none).
void forget_password(const CredentialKey& key);

/// "alice@server:3389": how messages name a key.
std::string describe(const CredentialKey& key);

} // namespace rdpmedic
