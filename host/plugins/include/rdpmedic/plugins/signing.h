#pragma once
/// Ed25519 signatures over a plugin's binary and manifest (OpenSSL EVP).
///
/// plugin.sig is JSON: {"format":"rdpmedic-plugin-signature-v1","signer":KEY_ID,
/// "manifest_sha256":HEX,"library_sha256":HEX,"library_size":N,"signature":HEX}. The signature
/// covers the canonical text of every other field, so the hashes in clear can say *what*
/// changed (manifest, binary, truncated) once the signature itself is known to be good.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace rdpmedic::plugins {

class SigningError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A publisher's public key, as stored in a trust store.
struct PublicKey {
    std::string id;  ///< 16 hex digits: the start of SHA-256 over the raw 32-byte key
    std::string pem; ///< SubjectPublicKeyInfo PEM
};

/// Writes a new Ed25519 private key (PKCS#8 PEM, mode 0600, never overwrites) and its public
/// key beside it. Returns the public key.
PublicKey generate_key_pair(const std::filesystem::path& private_key_file,
                            const std::filesystem::path& public_key_file);

/// Reads a public key PEM; throws SigningError naming the file.
PublicKey read_public_key(const std::filesystem::path& file);

/// Signs the plugin in `plugin_dir` with the private key: sets the manifest's "signer" to the
/// key's id, then writes plugin.sig. Returns the key id.
std::string sign_plugin(const std::filesystem::path& plugin_dir, const std::filesystem::path& private_key_file);

struct SignatureFile {
    std::string signer;
    std::string manifest_sha256;
    std::string library_sha256;
    std::uint64_t library_size = 0;
    std::string signature; ///< hex
};

SignatureFile parse_signature_file(const std::string& text);
/// The exact bytes the signature covers.
std::string signed_message(const SignatureFile& file);
bool verify_signature(const PublicKey& key, const std::string& message, const std::string& signature_hex);

std::string sha256_hex(const std::string& data);
std::string read_file_bytes(const std::filesystem::path& file);

} // namespace rdpmedic::plugins
