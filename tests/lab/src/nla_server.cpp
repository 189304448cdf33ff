#include "rdpmedic/lab/nla_server.h"

#include "net.h"
#include "pki.h"
#include "process.h"
#include "temp_dir.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rdpmedic::lab {

using namespace detail;
namespace fs = std::filesystem;

namespace {

using Steady = std::chrono::steady_clock;

const char* const kMissingPackages =
    " (install freerdp3-shadow-x11 and winpr3-utils from bookworm-backports: "
    "scripts/install-deps.sh)";

fs::path required_executable(const std::string& name, const char* install = kMissingPackages) {
    fs::path path = find_executable(name);
    if (path.empty()) {
        throw std::runtime_error("lab: " + name + " not found" + install);
    }
    return path;
}

std::string random_password() {
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::random_device seed;
    std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
    std::string password;
    for (int i = 0; i < 16; ++i) {
        password += kAlphabet[pick(seed)];
    }
    return password;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t count_lines_with(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size())) {
        ++count;
    }
    return count;
}

/// Runs a short program to its end; its output goes to `output`. Throws when it fails.
void run_to_end(const std::vector<std::string>& argv, const fs::path& output) {
    ChildProcess child = ChildProcess::start(argv, output);
    const auto deadline = Steady::now() + std::chrono::seconds(10);
    while (child.running() && Steady::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const bool finished = !child.running();
    const std::string status = child.status_text();
    child.stop();
    if (!finished || status != "exit 0") {
        throw std::runtime_error("lab: " + argv.front() + " failed (" +
                                 (finished ? status : "no end within 10 s") + ")");
    }
}

void check_user_name(const std::string& user) {
    // The SAM file is colon-separated, and the name reaches a command line.
    if (user.empty() || user.size() > 64 ||
        user.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
            std::string::npos) {
        throw std::invalid_argument(
            "lab: the NLA user name must be 1-64 letters, digits, '.', '_' or '-', not '" +
            user.substr(0, 64) + "'");
    }
}

} // namespace

struct NlaServer::Impl {
    NlaServerOptions options;
    TempDir dir; // destroyed last: the SAM file, certificates and log live in it
    std::unique_ptr<Pki> pki;
    ChildProcess process;
    std::uint16_t port = 0;
    fs::path log;

    bool try_start(const std::vector<std::string>& command, std::string& error);
};

NlaServer::NlaServer(NlaServerOptions options) : impl_(std::make_unique<Impl>()) {
    check_user_name(options.user);
    if (options.host_name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") !=
            std::string::npos ||
        options.host_name.size() > 63) {
        throw std::invalid_argument("lab: the NLA server's host name must be 1-63 lower-case "
                                    "letters, digits, '.' or '-'");
    }
    if (options.password.empty()) {
        options.password = random_password();
    }
    if (options.display.empty()) {
        const char* display = std::getenv("DISPLAY");
        options.display = display != nullptr ? display : "";
    }
    if (options.display.empty()) {
        throw std::runtime_error(
            "lab: the NLA server shares an X display: set DISPLAY or start Xvfb first");
    }
    impl_->options = options;
    const fs::path shadow = required_executable("freerdp-shadow-cli3");
    const fs::path hash = required_executable("winpr-hash3");
    const fs::path env = required_executable("env");
    const fs::path stdbuf = required_executable("stdbuf");

    const fs::path& dir = impl_->dir.path();
    const fs::path sam = dir / "sam";
    // The lab's own test password on winpr-hash3's command line: a throwaway secret for a
    // loopback server, not a user's.
    run_to_end({hash.string(), "-u", options.user, "-p", options.password, "-f", "sam"}, sam);

    // The server reads shadow.crt and shadow.key from $XDG_CONFIG_HOME/freerdp/shadow (and
    // makes a self-signed pair there when they are missing): a CA-issued pair of the lab's
    // instead, so a client can trust it the way it trusts the lab's xrdp.
    impl_->pki = std::make_unique<Pki>(dir, options.server_name);
    const fs::path config = dir / "config";
    fs::create_directories(config / "freerdp" / "shadow");
    fs::copy_file(impl_->pki->server_certificate(), config / "freerdp" / "shadow" / "shadow.crt");
    fs::copy_file(impl_->pki->server_key(), config / "freerdp" / "shadow" / "shadow.key");

    impl_->log = dir / "shadow.log";
    std::string error;
    for (int attempt = 0; attempt < 3; ++attempt) {
        // A port picked here can be taken before the server binds it; a few tries cover that.
        impl_->port = options.port != 0 ? options.port : free_loopback_port();
        // Line-buffered, or the log would reach the file only in 4 KiB blocks; HOME too, so
        // nothing lands in the real user's configuration.
        std::vector<std::string> command = {env.string(),
                                                  "HOME=" + dir.string(),
                                                  "XDG_CONFIG_HOME=" + config.string(),
                                                  "DISPLAY=" + options.display,
                                                  stdbuf.string(),
                                                  "-oL",
                                                  "-eL",
                                                  shadow.string(),
                                                  "/bind-address:127.0.0.1",
                                                  "/port:" + std::to_string(impl_->port),
                                                  "/sec:nla",
                                                  "/sam-file:" + sam.string()};
        if (!options.clock_offset.empty()) {
            // Before the server, after stdbuf: both preload a library, and faketime keeps
            // the LD_PRELOAD it is started with.
            const auto server = std::find(command.begin(), command.end(), shadow.string());
            command.insert(server, {required_executable("faketime", " (install faketime: "
                                                                    "scripts/install-deps.sh)")
                                        .string(),
                                    "-f", options.clock_offset});
        }
        if (!options.host_name.empty()) {
            // The host name as "$0" of the shell that sets it, never inside the script.
            command.insert(command.begin(),
                           {required_executable("unshare", " (util-linux)").string(), "--uts",
                            "/bin/sh", "-c", "hostname \"$0\" && exec \"$@\"",
                            options.host_name});
        }
        if (impl_->try_start(command, error) || options.port != 0) {
            break;
        }
    }
    if (!error.empty()) {
        throw std::runtime_error(error);
    }
}

bool NlaServer::Impl::try_start(const std::vector<std::string>& command, std::string& error) {
    process = ChildProcess::start(command, log);
    const auto deadline = Steady::now() + std::chrono::seconds(10);
    while (Steady::now() < deadline) {
        if (!process.running()) {
            error = "lab: freerdp-shadow-cli3 exited (" + process.status_text() +
                    ") before listening on 127.0.0.1:" + std::to_string(port) +
                    "; its output:" + tail_of_file(log);
            process.stop();
            return false;
        }
        if (loopback_port_listening(port)) {
            error.clear();
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    process.stop();
    error = "lab: freerdp-shadow-cli3 did not listen on 127.0.0.1:" + std::to_string(port) +
            " within 10 s; its output:" + tail_of_file(log);
    return false;
}

NlaServer::~NlaServer() {
    impl_->process.stop();
}

std::uint16_t NlaServer::port() const {
    return impl_->port;
}

const std::string& NlaServer::user() const {
    return impl_->options.user;
}

const std::string& NlaServer::password() const {
    return impl_->options.password;
}

fs::path NlaServer::ca_certificate() const {
    return impl_->pki->ca_certificate();
}

std::string NlaServer::log() const {
    return read_file(impl_->log);
}

std::size_t NlaServer::activated_count() const {
    return count_lines_with(log(), "Client from 127.0.0.1 is activated");
}

std::size_t NlaServer::authentication_failures() const {
    // Logged when CredSSP has checked a sign-in and refused it; a connection that merely
    // ends during CredSSP (the probe's, after its TLS handshake) logs other lines.
    return count_lines_with(log(), "[credssp_auth_authenticate]: AcceptSecurityContext failed");
}

bool NlaServer::wait_activated(std::size_t count, std::chrono::milliseconds limit) const {
    const auto deadline = Steady::now() + limit;
    while (activated_count() < count) {
        if (Steady::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

} // namespace rdpmedic::lab
