#pragma once
// A private xrdp on a loopback port: the real server behind the lab's healthy mode.

#include "process.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace rdpmedic::lab::detail {

struct XrdpSettings {
    std::filesystem::path dir; ///< config, log and output go here
    std::string security_layer;
    std::filesystem::path certificate;
    std::filesystem::path key;
    /// xrdp's ssl_protocols and tls_ciphers; empty keeps the system config's.
    std::string ssl_protocols;
    std::string tls_ciphers;
    /// The system config the lab's is derived from; keeping all of it matters (a minimal
    /// config breaks channel join).
    std::filesystem::path base_config = "/etc/xrdp/xrdp.ini";
};

/// The base config with the lab's values put in: only the named keys of [Globals] and
/// [Logging] change, keys missing there are added, every other line stays as it is.
std::string make_xrdp_config(const std::string& base, std::uint16_t port,
                             const XrdpSettings& settings);

class XrdpServer {
  public:
    /// Starts xrdp and waits until its port accepts. Throws std::runtime_error.
    explicit XrdpServer(const XrdpSettings& settings);
    ~XrdpServer() { process_.stop(); }
    XrdpServer(const XrdpServer&) = delete;
    XrdpServer& operator=(const XrdpServer&) = delete;

    std::uint16_t port() const { return port_; }

  private:
    bool try_start(const XrdpSettings& settings, const std::filesystem::path& executable,
                   std::string& error);

    ChildProcess process_;
    std::uint16_t port_ = 0;
};

} // namespace rdpmedic::lab::detail
