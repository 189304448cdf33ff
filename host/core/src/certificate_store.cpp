#include "rdpmedic/core/certificate_store.h"

#include "rdpmedic/core/ascii.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/stored_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <system_error>

namespace rdpmedic {

namespace {

constexpr int kFormatVersion = 1;
constexpr std::size_t kFingerprintBytes = 32;
// A subject or issuer of a real certificate is far shorter; more is not a certificate's.
constexpr std::size_t kMaxTextLength = 1024;

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char upper(char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c; }

Target normalized(const Target& server) { return Target{ascii_lowercase(server.host), server.port}; }

/// A string field of an entry: present, a string, short and free of control characters
/// (a store is shown on a terminal and in dialogs).
std::string text_field(const nlohmann::json& entry, const char* name, std::size_t index) {
    const auto where = "entry " + std::to_string(index + 1) + ", \"" + name + "\"";
    const auto found = entry.find(name);
    if (found == entry.end() || !found->is_string()) {
        throw CertificateStoreError(where + " is missing or not text");
    }
    const auto& value = found->get_ref<const std::string&>();
    if (value.size() > kMaxTextLength) {
        throw CertificateStoreError(where + " is longer than " + std::to_string(kMaxTextLength) +
                                    " characters");
    }
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        throw CertificateStoreError(where + " holds control characters");
    }
    return value;
}

TrustedCertificate entry_from_json(const nlohmann::json& entry, std::size_t index) {
    const auto where = "entry " + std::to_string(index + 1);
    if (!entry.is_object()) {
        throw CertificateStoreError(where + " is not a JSON object");
    }
    TrustedCertificate out;
    const std::string host = text_field(entry, "host", index);
    const auto port = entry.find("port");
    if (port == entry.end() || !port->is_number_unsigned() || port->get<std::uint64_t>() < 1 ||
        port->get<std::uint64_t>() > 65535) {
        throw CertificateStoreError(where + ", \"port\" is not a port number (1-65535)");
    }
    try {
        // The same rules as a target typed on the command line: no spaces, no ports inside,
        // at most a DNS name's length.
        out.server = parse_target(host);
    } catch (const TargetError& error) {
        throw CertificateStoreError(where + ", \"host\": " + error.what());
    }
    if (out.server.host != host) {
        throw CertificateStoreError(where + ", \"host\" is not a bare host name or address");
    }
    out.server.port = static_cast<std::uint16_t>(port->get<std::uint64_t>());
    out.server = normalized(out.server);
    const auto sha256 = parse_sha256_fingerprint(text_field(entry, "sha256", index));
    if (!sha256) {
        throw CertificateStoreError(where + ", \"sha256\" is not a SHA-256 fingerprint");
    }
    out.sha256 = *sha256;
    out.subject = text_field(entry, "subject", index);
    out.issuer = text_field(entry, "issuer", index);
    out.not_before = text_field(entry, "not_before", index);
    out.not_after = text_field(entry, "not_after", index);
    out.accepted_at = text_field(entry, "accepted_at", index);
    return out;
}

} // namespace

std::optional<std::string> parse_sha256_fingerprint(std::string_view text) {
    if (text.size() != kFingerprintBytes * 3 - 1) {
        return std::nullopt;
    }
    std::string out(text.size(), ':');
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool separator = i % 3 == 2;
        if (separator ? text[i] != ':' : !is_hex_digit(text[i])) {
            return std::nullopt;
        }
        out[i] = upper(text[i]);
    }
    return out;
}

std::string freerdp_fingerprint(std::string_view fingerprint) { return ascii_lowercase(fingerprint); }

std::string certificate_store_text(const std::vector<TrustedCertificate>& entries) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : entries) {
        list.push_back({{"host", entry.server.host},
                        {"port", entry.server.port},
                        {"sha256", entry.sha256},
                        {"subject", entry.subject},
                        {"issuer", entry.issuer},
                        {"not_before", entry.not_before},
                        {"not_after", entry.not_after},
                        {"accepted_at", entry.accepted_at}});
    }
    return nlohmann::json{{"version", kFormatVersion}, {"certificates", list}}.dump(2) + "\n";
}

std::vector<TrustedCertificate> parse_certificate_store(std::string_view text) {
    if (text.size() > CertificateStore::kMaxFileBytes) {
        throw CertificateStoreError("it is larger than a store of " +
                                    std::to_string(CertificateStore::kMaxEntries) + " servers can be");
    }
    const auto json = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (json.is_discarded()) {
        throw CertificateStoreError("it is not valid JSON");
    }
    if (!json.is_object() || !json.contains("version") || json["version"] != kFormatVersion) {
        throw CertificateStoreError("it is not a version " + std::to_string(kFormatVersion) +
                                    " certificate store");
    }
    const auto list = json.find("certificates");
    if (list == json.end() || !list->is_array()) {
        throw CertificateStoreError("\"certificates\" is missing or not a list");
    }
    if (list->size() > CertificateStore::kMaxEntries) {
        throw CertificateStoreError("it lists more than " +
                                    std::to_string(CertificateStore::kMaxEntries) + " servers");
    }
    std::vector<TrustedCertificate> entries;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto entry = entry_from_json((*list)[i], i);
        const bool duplicate = std::any_of(entries.begin(), entries.end(), [&](const TrustedCertificate& other) {
            return other.server == entry.server;
        });
        if (duplicate) {
            throw CertificateStoreError("entry " + std::to_string(i + 1) + " repeats " +
                                        entry.server.to_string());
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

CertificateStore::CertificateStore(std::filesystem::path file) : file_(std::move(file)) {
    const auto text = read_stored_file(file_);
    if (!text) {
        return;
    }
    try {
        entries_ = parse_certificate_store(*text);
        return;
    } catch (const CertificateStoreError& error) {
        problem_ = std::string("the certificate store ") + utf8_text(file_) + " was refused (" +
                   error.what() + ")";
    }
    // Renamed, not emptied: the user (or an administrator) can still read what it held.
    const auto copy = keep_aside(file_);
    std::error_code ec;
    std::filesystem::remove(file_, ec);
    *problem_ += "; it was moved to " + utf8_text(copy) +
                 ", so every server's certificate must be accepted again after checking its fingerprint";
}

const TrustedCertificate* CertificateStore::find(const Target& server) const {
    const Target key = normalized(server);
    const auto found = std::find_if(entries_.begin(), entries_.end(),
                                    [&](const TrustedCertificate& entry) { return entry.server == key; });
    return found == entries_.end() ? nullptr : &*found;
}

void CertificateStore::remember(TrustedCertificate entry) {
    entry.server = normalized(entry.server);
    const std::string server = entry.server.to_string();
    auto updated = entries_;
    const auto same = std::find_if(updated.begin(), updated.end(),
                                   [&](const TrustedCertificate& other) { return other.server == entry.server; });
    if (same != updated.end()) {
        *same = std::move(entry);
    } else {
        updated.push_back(std::move(entry));
    }
    // What is written must read back: a value a later load would refuse is refused now.
    const std::string text = certificate_store_text(updated);
    try {
        parse_certificate_store(text);
    } catch (const CertificateStoreError& error) {
        throw CertificateStoreError("cannot remember the certificate of " + server + ": " + error.what());
    }
    write_file_atomically(file_, text);
    entries_ = std::move(updated);
}

bool CertificateStore::forget(const Target& server) {
    const Target key = normalized(server);
    const auto before = entries_.size();
    std::erase_if(entries_, [&](const TrustedCertificate& entry) { return entry.server == key; });
    if (entries_.size() == before) {
        return false;
    }
    save();
    return true;
}

void CertificateStore::save() const { write_file_atomically(file_, certificate_store_text(entries_)); }

} // namespace rdpmedic
