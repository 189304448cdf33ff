#pragma once
/// A real RDP server that requires NLA (CredSSP), for the password path: FreeRDP 3's shadow
/// server (`freerdp-shadow-cli3 /sec:nla`) on 127.0.0.1, sharing an X display, with one user
/// in a SAM file made by `winpr-hash3`. A client that signs in with the right password is
/// activated; a wrong password fails CredSSP (the client's ERRCONNECT_AUTHENTICATION_FAILED);
/// a client that offers only TLS gets RDP_NEG_FAILURE HYBRID_REQUIRED.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace rdpmedic::lab {

struct NlaServerOptions {
    /// The one user the server knows.
    std::string user = "alice";
    /// Empty: a random one is made (password()).
    std::string password;
    /// The X display the server shares (":N"); empty: $DISPLAY.
    std::string display;
    /// 0 picks a free loopback port.
    std::uint16_t port = 0;
    /// The DNS name the server's certificate is issued for (beside IP 127.0.0.1).
    std::string server_name = "localhost";
    /// Non-empty: the server runs under faketime (Debian's faketime) with its clock moved by
    /// this much ("+2h", "-10m"): a server whose clock is off, as its NTLM challenge tells.
    std::string clock_offset;
    /// Non-empty: the server runs in a UTS namespace of its own (unshare, as root) with this
    /// host name, which its NTLM challenge then gives as its computer name.
    std::string host_name;
};

/// Started by the constructor, stopped by the destructor (SIGTERM, then SIGKILL; bounded).
/// Like Lab, the server is the child of the constructing thread: keep that thread alive.
class NlaServer {
  public:
    /// Throws std::runtime_error when the shadow server or winpr-hash3 is missing (with the
    /// package to install), there is no display, or the server does not come up.
    explicit NlaServer(NlaServerOptions options = {});
    ~NlaServer();
    NlaServer(const NlaServer&) = delete;
    NlaServer& operator=(const NlaServer&) = delete;
    NlaServer(NlaServer&&) = delete;
    NlaServer& operator=(NlaServer&&) = delete;

    /// On 127.0.0.1; the same for the server's life.
    std::uint16_t port() const;
    const std::string& user() const;
    const std::string& password() const;
    /// PEM of the CA that issued the server's certificate; gone with the server.
    std::filesystem::path ca_certificate() const;

    /// Sessions the server activated so far: the user signed in and the desktop is shared
    /// (its log line "Client from 127.0.0.1 is activated").
    std::size_t activated_count() const;
    /// Sign-ins the server refused so far (CredSSP failed: a wrong user name or password).
    std::size_t authentication_failures() const;
    /// Polls activated_count() until it reaches `count` or `limit` passes.
    bool wait_activated(std::size_t count, std::chrono::milliseconds limit) const;
    /// The server's log so far.
    std::string log() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace rdpmedic::lab
