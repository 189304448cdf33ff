#pragma once
// A throw-away home for the plugin tests: plugin, trust, state and "registry" folders in one
// temporary directory, pointed at through the environment the CLI, worker and helper read.

#include <filesystem>
#include <string>

namespace rdpmedic::e2e {

class PluginSandbox {
  public:
    PluginSandbox();
    ~PluginSandbox();
    PluginSandbox(const PluginSandbox&) = delete;
    PluginSandbox& operator=(const PluginSandbox&) = delete;

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path user_plugins() const { return root_ / "data/rdpmedic/plugins"; }
    std::filesystem::path journal() const { return root_ / "state/rdpmedic/journal.jsonl"; }
    std::filesystem::path key() const { return root_ / "signing.pem"; }

    /// Copies a built plugin folder (tests/plugins) into the user plugin folder; signed with
    /// the sandbox key unless `sign` is false. Returns the copy.
    std::filesystem::path install(const std::string& id, bool sign = true);
    std::filesystem::path install_from(const std::filesystem::path& folder, bool sign = true);
    void trust_sandbox_key();
    void allow_unsigned(bool allow);

  private:
    std::filesystem::path root_;
};

/// The registry stand-in's file for fClientDisableUDP in the sandbox.
inline constexpr const char* kUdpKey = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client";

} // namespace rdpmedic::e2e
