#pragma once
/// The publisher keys whose plugins may be loaded: one PEM file per key, named KEY_ID.pem,
/// in the system folder (every user) and the per-user one.

#include "rdpmedic/plugins/signing.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rdpmedic::plugins {

class TrustStore {
  public:
    TrustStore() = default;
    /// Reads every *.pem in the folders; unreadable or foreign files are skipped. A folder or
    /// file that is a symbolic link or can be written by other users is refused (refused()).
    static TrustStore load(const std::vector<std::filesystem::path>& dirs);

    void add(const PublicKey& key, const std::filesystem::path& source);
    const PublicKey* find(const std::string& id) const;

    struct Entry {
        PublicKey key;
        std::filesystem::path file;
    };
    const std::map<std::string, Entry>& entries() const { return entries_; }
    /// What load() refused and why, one sentence each.
    const std::vector<std::string>& refused() const { return refused_; }

  private:
    std::map<std::string, Entry> entries_;
    std::vector<std::string> refused_;
};

/// Copies the key into `user_trust_dir` as KEY_ID.pem. Returns the key.
PublicKey trust_key(const std::filesystem::path& key_file, const std::filesystem::path& user_trust_dir);
/// Removes KEY_ID.pem from `user_trust_dir`; false when it was not there.
bool untrust_key(const std::string& id, const std::filesystem::path& user_trust_dir);

} // namespace rdpmedic::plugins
