// rdpmedic-lab: runs the lab from the command line, for demos and manual checks against a
// real client. Commands on stdin switch the fault while clients connect.

#include "rdpmedic/lab/gateway.h"
#include "rdpmedic/lab/lab.h"
#include "rdpmedic/lab/nla_server.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <poll.h>
#include <signal.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/signalfd.h>
#include <unistd.h>

namespace {

using rdpmedic::lab::FaultSpec;

constexpr int exit_usage = 2;

void print_usage(std::ostream& out) {
    out << "usage: rdpmedic-lab [--port N] [--fault ID] [--clear-after N]\n"
           "                    [--xrdp-security negotiate|tls|rdp] [--xrdp-tls10-only]\n"
           "                    [--nla USER [--nla-password-file FILE] [--nla-clock OFFSET]]\n"
           "                    [--xrdp-self-signed]\n"
           "                    [--gateway BEHAVIOUR [--gateway-cert trusted|expired|self-signed|wrong-name]]\n"
           "\n"
           "Serves an RDP endpoint on 127.0.0.1 that fails the way ID says; healthy forwards\n"
           "to a private xrdp.\n"
           "\n"
           "  --port N            front port (default: a free one)\n"
           "  --fault ID          fault served from the start (default: healthy)\n"
           "  --clear-after N     serve the fault to N connections, then turn healthy\n"
           "  --xrdp-security L   xrdp's security_layer (default: negotiate)\n"
           "  --xrdp-tls10-only   xrdp as an outdated server: TLS 1.0 only\n"
           "  --nla USER          also a server that requires NLA (FreeRDP's shadow server,\n"
           "                      on DISPLAY or an Xvfb of its own): USER signs in with the\n"
           "                      random password it prints\n"
           "  --nla-password-file FILE\n"
           "                      ... or with the first line of FILE\n"
           "  --nla-clock OFFSET  that server's clock moved by OFFSET (faketime: +2h, -10m)\n"
           "  --xrdp-self-signed  xrdp with a self-signed certificate, as a Windows PC has\n"
           "  --gateway B         also an RD Gateway (MS-TSGU over TLS) behaving as B:\n"
           "                      auth-required, anonymous, handshake-error, http-refused,\n"
           "                      not-a-gateway, not-http, stall, huge-head\n"
           "  --gateway-cert C    that gateway's certificate (default: trusted, from the lab's CA)\n"
           "\n"
           "faults:\n ";
    std::size_t column = 1;
    for (const FaultSpec& spec : rdpmedic::lab::all_faults()) {
        const std::string id = rdpmedic::lab::to_id(spec);
        if (column + 1 + id.size() > 78) {
            out << "\n ";
            column = 1;
        }
        out << ' ' << id;
        column += 1 + id.size();
    }
    out << "\n\n"
           "commands on stdin, one per line:\n"
           "  fault ID [N]   switch to ID (for N connections, then healthy)\n"
           "  status         print the fault and the number of connections\n"
           "  quit           stop (so do SIGINT and SIGTERM; end of input does not)\n";
}

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "rdpmedic-lab: " << message << " (see --help)\n";
    std::exit(exit_usage);
}

std::optional<long> parse_number(std::string_view text, long min, long max) {
    long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

std::string describe(const rdpmedic::lab::Lab& lab) {
    std::ostringstream text;
    text << "fault: " << rdpmedic::lab::to_id(lab.fault())
         << "; connections: " << lab.connection_count() << "; port: " << lab.port();
    return text.str();
}

/// One command line; false when it asks to quit.
bool run_command(rdpmedic::lab::Lab& lab, const std::string& line) {
    std::istringstream words(line);
    std::string command;
    if (!(words >> command)) {
        return true;
    }
    if (command == "quit" || command == "exit") {
        return false;
    }
    if (command == "status") {
        std::cout << describe(lab) << std::endl;
        return true;
    }
    if (command == "fault") {
        std::string id;
        std::string count_text;
        words >> id >> count_text;
        const std::optional<FaultSpec> spec = rdpmedic::lab::parse_fault(id);
        if (!spec) {
            std::cout << "error: unknown fault '" << id << "'" << std::endl;
            return true;
        }
        long count = -1;
        if (!count_text.empty()) {
            const auto parsed = parse_number(count_text, 0, 1'000'000);
            if (!parsed) {
                std::cout << "error: bad connection count '" << count_text << "'" << std::endl;
                return true;
            }
            count = *parsed;
        }
        try {
            lab.set_fault(*spec, static_cast<int>(count));
            std::cout << "ok: " << describe(lab) << std::endl;
        } catch (const std::exception& e) {
            std::cout << "error: " << e.what() << std::endl;
        }
        return true;
    }
    std::cout << "error: unknown command '" << command << "' (fault ID [N], status, quit)"
              << std::endl;
    return true;
}

/// The first line of `file`, without its line end; exits with a usage error when there is none.
std::string read_password(const std::string& file) {
    std::ifstream in(file);
    std::string password;
    if (!in || !std::getline(in, password)) {
        usage_error("cannot read a password from '" + file + "'");
    }
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    if (password.empty()) {
        usage_error("the first line of '" + file + "' is empty: it must hold the password");
    }
    return password;
}

} // namespace

int main(int argc, char** argv) {
    rdpmedic::lab::LabOptions options;
    std::optional<rdpmedic::lab::NlaServerOptions> nla_options;
    std::string password_file;
    std::string clock_offset;
    std::optional<rdpmedic::lab::GatewayOptions> gateway_options;
    std::optional<rdpmedic::lab::GatewayCertificate> gateway_certificate;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) {
                usage_error(std::string(arg) + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            print_usage(std::cout);
            return 0;
        }
        if (arg == "--port") {
            const std::string_view text = value();
            const auto port = parse_number(text, 1, 65535);
            if (!port) {
                usage_error("--port must be 1..65535, not '" + std::string(text) + "'");
            }
            options.port = static_cast<std::uint16_t>(*port);
        } else if (arg == "--fault") {
            const std::string_view text = value();
            const auto spec = rdpmedic::lab::parse_fault(text);
            if (!spec) {
                usage_error("unknown fault '" + std::string(text) + "'");
            }
            options.initial = *spec;
        } else if (arg == "--clear-after") {
            const std::string_view text = value();
            const auto count = parse_number(text, 0, 1'000'000);
            if (!count) {
                usage_error("--clear-after must be a count of connections, not '" +
                            std::string(text) + "'");
            }
            options.fault_connections = static_cast<int>(*count);
        } else if (arg == "--xrdp-security") {
            const std::string_view text = value();
            if (text != "negotiate" && text != "tls" && text != "rdp") {
                usage_error("--xrdp-security must be negotiate, tls or rdp, not '" +
                            std::string(text) + "'");
            }
            options.xrdp_security_layer = text;
        } else if (arg == "--xrdp-tls10-only") {
            options.xrdp_tls10_only = true;
        } else if (arg == "--nla") {
            nla_options = rdpmedic::lab::NlaServerOptions{};
            nla_options->user = value();
        } else if (arg == "--nla-password-file") {
            password_file = value();
        } else if (arg == "--nla-clock") {
            clock_offset = value();
        } else if (arg == "--xrdp-self-signed") {
            options.xrdp_self_signed = true;
        } else if (arg == "--gateway") {
            const std::string_view text = value();
            const auto behaviour = rdpmedic::lab::parse_gateway_behaviour(text);
            if (!behaviour) {
                usage_error("unknown gateway behaviour '" + std::string(text) + "'");
            }
            gateway_options = rdpmedic::lab::GatewayOptions{};
            gateway_options->behaviour = *behaviour;
        } else if (arg == "--gateway-cert") {
            const std::string_view text = value();
            using C = rdpmedic::lab::GatewayCertificate;
            gateway_certificate = text == "trusted"       ? std::optional(C::Trusted)
                                  : text == "expired"     ? std::optional(C::Expired)
                                  : text == "self-signed" ? std::optional(C::SelfSigned)
                                  : text == "wrong-name"  ? std::optional(C::WrongName)
                                                          : std::nullopt;
            if (!gateway_certificate) {
                usage_error("--gateway-cert must be trusted, expired, self-signed or wrong-name, not '" +
                            std::string(text) + "'");
            }
        } else {
            usage_error("unknown argument '" + std::string(arg) + "'");
        }
    }

    if (!clock_offset.empty()) {
        if (!nla_options) {
            usage_error("--nla-clock needs --nla USER");
        }
        nla_options->clock_offset = clock_offset;
    }
    if (!password_file.empty()) {
        if (!nla_options) {
            usage_error("--nla-password-file needs --nla USER");
        }
        nla_options->password = read_password(password_file);
    }

    if (gateway_certificate) {
        if (!gateway_options) {
            usage_error("--gateway-cert needs --gateway BEHAVIOUR");
        }
        gateway_options->certificate = *gateway_certificate;
    }

    // Blocked before the lab starts its threads, so the signals only ever arrive here.
    sigset_t quit_signals;
    sigemptyset(&quit_signals);
    sigaddset(&quit_signals, SIGINT);
    sigaddset(&quit_signals, SIGTERM);
    sigaddset(&quit_signals, SIGHUP);
    sigprocmask(SIG_BLOCK, &quit_signals, nullptr);
    const int signal_fd = signalfd(-1, &quit_signals, SFD_CLOEXEC);
    if (signal_fd < 0) {
        std::perror("rdpmedic-lab: signalfd");
        return 1;
    }

    try {
        // The NLA server first, so a bad --nla value stops before xrdp starts; it stops after
        // the lab, and before the display it shares.
        std::unique_ptr<rdpmedic::lab::VirtualDisplay> display;
        std::unique_ptr<rdpmedic::lab::NlaServer> nla;
        if (nla_options) {
            const char* current = std::getenv("DISPLAY");
            if (current == nullptr || *current == '\0') {
                display = std::make_unique<rdpmedic::lab::VirtualDisplay>();
            }
            nla_options->display = display ? display->name() : current;
            nla = std::make_unique<rdpmedic::lab::NlaServer>(*nla_options);
        }
        rdpmedic::lab::Lab lab(options);
        std::cout << "rdpmedic-lab: listening on 127.0.0.1:" << lab.port()
                  << " (fault: " << rdpmedic::lab::to_id(lab.fault()) << ")\n"
                  << "ca: " << lab.ca_certificate().string() << std::endl;
        std::unique_ptr<rdpmedic::lab::GatewayLab> gateway;
        if (gateway_options) {
            gateway = std::make_unique<rdpmedic::lab::GatewayLab>(*gateway_options);
            std::cout << "rdpmedic-lab: RD Gateway on 127.0.0.1:" << gateway->port() << " ("
                      << rdpmedic::lab::to_id(gateway_options->behaviour) << ")\n"
                      << "gateway ca: " << gateway->ca_certificate().string() << std::endl;
        }
        if (nla) {
            std::cout << "rdpmedic-lab: NLA required on 127.0.0.1:" << nla->port() << " (user "
                      << nla->user() << ", display " << nla_options->display << ")\n"
                      << "nla ca: " << nla->ca_certificate().string() << std::endl;
            if (password_file.empty()) {
                std::cout << "nla password: " << nla->password() << std::endl;
            }
        }
        bool input_open = true;
        std::string pending;
        for (;;) {
            pollfd fds[2] = {{signal_fd, POLLIN, 0}, {input_open ? 0 : -1, POLLIN, 0}};
            if (poll(fds, 2, -1) < 0) {
                continue;
            }
            if ((fds[0].revents & POLLIN) != 0) {
                signalfd_siginfo info{};
                [[maybe_unused]] const ssize_t n = read(signal_fd, &info, sizeof info);
                std::cout << "rdpmedic-lab: stopping" << std::endl;
                break;
            }
            if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                char buffer[1024];
                const ssize_t n = read(0, buffer, sizeof buffer);
                if (n <= 0) {
                    // Running in the background with </dev/null is normal: keep serving.
                    input_open = false;
                    continue;
                }
                pending.append(buffer, static_cast<std::size_t>(n));
                bool quit = false;
                for (std::size_t nl = pending.find('\n'); nl != std::string::npos;
                     nl = pending.find('\n')) {
                    const std::string line = pending.substr(0, nl);
                    pending.erase(0, nl + 1);
                    if (!run_command(lab, line)) {
                        quit = true;
                        break;
                    }
                }
                if (quit) {
                    break;
                }
            }
        }
    } catch (const std::exception& e) {
        std::string_view message = e.what();
        if (message.starts_with("lab: ")) {
            message.remove_prefix(5);
        }
        std::cerr << "rdpmedic-lab: " << message << std::endl;
        return 1;
    }
    return 0;
}
