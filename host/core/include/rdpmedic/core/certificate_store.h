#pragma once
/// The server certificates the user decided to trust, remembered per host and port in
/// rdpmedic's own state directory: a Windows PC's self-signed certificate is accepted once,
/// after the user compared its fingerprint, and a later, different one stands out.

#include "rdpmedic/core/target.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

/// "AB:CD:…": the SHA-256 of the certificate's DER bytes as `diagnose` prints it (32 pairs of
/// hex digits, upper case, separated by colons). Accepts that form in either case; nullopt
/// for anything else.
std::optional<std::string> parse_sha256_fingerprint(std::string_view text);

/// The same fingerprint as FreeRDP's /cert:fingerprint:sha256: takes it: lower case, with the
/// colons (FreeRDP 2.11 accepts no other form; 3.x accepts this one too).
std::string freerdp_fingerprint(std::string_view fingerprint);

struct TrustedCertificate {
    Target server;
    std::string sha256; ///< as parse_sha256_fingerprint returns it
    std::string subject;
    std::string issuer;
    std::string not_before; ///< "2026-01-31T12:00:00Z", as the probe reports it
    std::string not_after;
    std::string accepted_at; ///< UTC, "2026-12-02T13:45:00Z"

    bool operator==(const TrustedCertificate&) const = default;
};

/// Why a store file was refused: what() names the file and what is wrong in it.
class CertificateStoreError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class CertificateStore {
  public:
    /// Reads `file`; a missing file is an empty store. A file that cannot be parsed or holds
    /// anything a store never holds (a malformed fingerprint, an impossible host, control
    /// characters, more than kMaxEntries, a duplicate server) is refused whole: it is moved
    /// aside (renamed to FILE.corrupt-STAMP), problem() says why and where it went, and the
    /// store starts empty. Throws StoredFileError when the file cannot be read or moved.
    explicit CertificateStore(std::filesystem::path file);

    const std::filesystem::path& file() const { return file_; }
    /// Set when the file on disk was refused: one sentence for the user.
    const std::optional<std::string>& problem() const { return problem_; }

    const std::vector<TrustedCertificate>& entries() const { return entries_; }
    const TrustedCertificate* find(const Target& server) const;

    /// Adds or replaces the entry for `entry.server` and saves at once (temporary file and
    /// rename). Throws CertificateStoreError for an entry that could not be read back,
    /// StoredFileError when saving fails.
    void remember(TrustedCertificate entry);
    /// Removes the entry for `server` and saves; false when there was none.
    bool forget(const Target& server);

    static constexpr std::size_t kMaxEntries = 10000;
    static constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024;

  private:
    void save() const;

    std::filesystem::path file_;
    std::vector<TrustedCertificate> entries_;
    std::optional<std::string> problem_;
};

/// The store's JSON form, {"version":1,"certificates":[{host,port,sha256,subject,issuer,
/// not_before,not_after,accepted_at}]}.
std::string certificate_store_text(const std::vector<TrustedCertificate>& entries);
/// The inverse; throws CertificateStoreError naming the first entry and field that is wrong.
std::vector<TrustedCertificate> parse_certificate_store(std::string_view text);

} // namespace rdpmedic
