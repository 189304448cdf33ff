#include "rdpmedic/plugins/signing.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/plugins/manifest.h"

#include "new_key_file.h"

#include <fstream>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include "rdpmedic/openssl/free.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sstream>

namespace rdpmedic::plugins {

namespace {

using PkeyFree = openssl::Free<EVP_PKEY_free>;
using BioFree = openssl::Free<BIO_free>;
using MdCtxFree = openssl::Free<EVP_MD_CTX_free>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

std::string to_hex(const unsigned char* data, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(digits[data[i] >> 4]);
        hex.push_back(digits[data[i] & 0xf]);
    }
    return hex;
}

bool from_hex(const std::string& hex, std::string& out) {
    if (hex.size() % 2 != 0) {
        return false;
    }
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int value = 0;
        for (std::size_t j = i; j < i + 2; ++j) {
            const char c = hex[j];
            const int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (nibble < 0) {
                return false;
            }
            value = value * 16 + nibble;
        }
        out.push_back(static_cast<char>(value));
    }
    return true;
}

std::string key_id(EVP_PKEY* key) {
    unsigned char raw[32];
    std::size_t size = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key, raw, &size) != 1 || size != sizeof raw) {
        throw SigningError("not an Ed25519 key");
    }
    return sha256_hex(std::string(reinterpret_cast<const char*>(raw), size)).substr(0, 16);
}

// An Ed25519 SubjectPublicKeyInfo in DER (RFC 8410) is always these 12 bytes and the 32-byte
// key: the algorithm has no parameters, so there is no other encoding. Reading and writing it
// by hand skips OpenSSL 3.0's decoder and encoder lookups, which cost a few hundred
// microseconds for every key read and every signature verified.
constexpr unsigned char kEd25519PublicKeyPrefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                                     0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
constexpr std::size_t kEd25519KeySize = 32;

std::string public_pem(EVP_PKEY* key) {
    unsigned char der[sizeof kEd25519PublicKeyPrefix + kEd25519KeySize];
    std::memcpy(der, kEd25519PublicKeyPrefix, sizeof kEd25519PublicKeyPrefix);
    std::size_t size = kEd25519KeySize;
    Bio bio(BIO_new(BIO_s_mem()));
    if (EVP_PKEY_get_raw_public_key(key, der + sizeof kEd25519PublicKeyPrefix, &size) != 1 ||
        size != kEd25519KeySize || !bio ||
        PEM_write_bio(bio.get(), PEM_STRING_PUBLIC, "", der, static_cast<long>(sizeof der)) <= 0) {
        throw SigningError("cannot encode a public key");
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

// The Ed25519 public key in the first PEM block of `pem`, or none when it is anything else.
Pkey ed25519_public_key(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* der = nullptr;
    long size = 0;
    if (!bio || PEM_read_bio(bio.get(), &name, &header, &der, &size) != 1) {
        return nullptr;
    }
    const bool ed25519 = std::strcmp(name, PEM_STRING_PUBLIC) == 0 && header[0] == '\0' &&
                         size == static_cast<long>(sizeof kEd25519PublicKeyPrefix + kEd25519KeySize) &&
                         std::memcmp(der, kEd25519PublicKeyPrefix, sizeof kEd25519PublicKeyPrefix) == 0;
    Pkey key(ed25519 ? EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, der + sizeof kEd25519PublicKeyPrefix,
                                                   kEd25519KeySize)
                     : nullptr);
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(der);
    return key;
}

Pkey read_private_key(const std::filesystem::path& file) {
    const std::string pem = read_file_bytes(file);
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
        throw SigningError(utf8_text(file) + ": not an Ed25519 private key in PEM form");
    }
    return key;
}

void replace_file(const std::filesystem::path& file, const std::string& data) {
    std::filesystem::path temporary = file;
    temporary += ".new";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << data;
        if (!out.flush()) {
            throw SigningError(utf8_text(temporary) + ": cannot be written");
        }
    }
    std::filesystem::rename(temporary, file);
}

} // namespace

std::string read_file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw SigningError(utf8_text(file) + ": cannot be read");
    }
    std::ostringstream data;
    data << in.rdbuf();
    return data.str();
}

std::string sha256_hex(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
        throw SigningError("SHA-256 failed");
    }
    return to_hex(digest, size);
}

PublicKey generate_key_pair(const std::filesystem::path& private_key_file,
                            const std::filesystem::path& public_key_file) {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key) {
        throw SigningError("cannot generate an Ed25519 key");
    }
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        throw SigningError("cannot encode the private key");
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    write_new_key_file(private_key_file, std::string(data, static_cast<std::size_t>(size)), Readers::Owner);
    PublicKey result{key_id(key.get()), public_pem(key.get())};
    write_new_key_file(public_key_file, result.pem, Readers::Everyone);
    return result;
}

PublicKey read_public_key(const std::filesystem::path& file) {
    const Pkey key = ed25519_public_key(read_file_bytes(file));
    if (!key) {
        throw SigningError(utf8_text(file) + ": not an Ed25519 public key in PEM form");
    }
    return {key_id(key.get()), public_pem(key.get())};
}

SignatureFile parse_signature_file(const std::string& text) {
    try {
        const nlohmann::json json = nlohmann::json::parse(text);
        if (json.at("format").get<std::string>() != "rdpmedic-plugin-signature-v1") {
            throw SigningError("unknown signature format");
        }
        return {json.at("signer").get<std::string>(), json.at("manifest_sha256").get<std::string>(),
                json.at("library_sha256").get<std::string>(), json.at("library_size").get<std::uint64_t>(),
                json.at("signature").get<std::string>()};
    } catch (const nlohmann::json::exception& error) {
        throw SigningError(std::string("the signature file is damaged: ") + error.what());
    }
}

std::string signed_message(const SignatureFile& file) {
    return "rdpmedic-plugin-signature-v1\nsigner=" + file.signer + "\nmanifest-sha256=" + file.manifest_sha256 +
           "\nlibrary-sha256=" + file.library_sha256 + "\nlibrary-size=" + std::to_string(file.library_size) + "\n";
}

bool verify_signature(const PublicKey& key, const std::string& message, const std::string& signature_hex) {
    std::string signature;
    if (!from_hex(signature_hex, signature) || signature.size() != 64) {
        return false;
    }
    const Pkey pkey = ed25519_public_key(key.pem);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!pkey || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
        return false;
    }
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

std::string sign_plugin(const std::filesystem::path& plugin_dir, const std::filesystem::path& private_key_file) {
    const Pkey key = read_private_key(private_key_file);
    const std::string id = key_id(key.get());
    const std::filesystem::path manifest_file = plugin_dir / kManifestFile;
    Manifest manifest = read_manifest(manifest_file);
    manifest.signer = id;
    const std::string manifest_text = manifest_to_json(manifest);
    replace_file(manifest_file, manifest_text);
    const std::string library = read_file_bytes(plugin_dir / manifest.library);

    SignatureFile file{id, sha256_hex(manifest_text), sha256_hex(library), library.size(), {}};
    const std::string message = signed_message(file);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    unsigned char signature[64];
    std::size_t size = sizeof signature;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature, &size, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        throw SigningError("signing failed");
    }
    file.signature = to_hex(signature, size);
    const nlohmann::json json = {{"format", "rdpmedic-plugin-signature-v1"},
                                 {"signer", file.signer},
                                 {"manifest_sha256", file.manifest_sha256},
                                 {"library_sha256", file.library_sha256},
                                 {"library_size", file.library_size},
                                 {"signature", file.signature}};
    replace_file(plugin_dir / kSignatureFile, json.dump(2) + "\n");
    return id;
}

} // namespace rdpmedic::plugins
