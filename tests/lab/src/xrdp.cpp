#include "xrdp.h"

#include "net.h"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rdpmedic::lab::detail {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

std::string lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return s;
}

} // namespace

std::string make_xrdp_config(const std::string& base, std::uint16_t port,
                             const XrdpSettings& settings) {
    // Section names and keys compare case-insensitively, as xrdp reads them.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> wanted{
        {"globals",
         {{"port", "tcp://127.0.0.1:" + std::to_string(port)},
          {"fork", "false"},
          {"security_layer", settings.security_layer},
          {"certificate", settings.certificate.string()},
          {"key_file", settings.key.string()}}},
        {"logging", {{"LogFile", (settings.dir / "xrdp.log").string()}, {"EnableSyslog", "false"}}},
    };
    for (const auto& [key, value] : {std::pair{"ssl_protocols", settings.ssl_protocols},
                                     std::pair{"tls_ciphers", settings.tls_ciphers}}) {
        if (!value.empty()) {
            wanted["globals"].emplace_back(key, value);
        }
    }
    std::map<std::string, std::vector<bool>> done;
    for (const auto& [section, keys] : wanted) {
        done[section].assign(keys.size(), false);
    }

    std::ostringstream out;
    std::string section;
    const auto finish_section = [&] {
        auto it = wanted.find(section);
        if (it == wanted.end()) {
            return;
        }
        for (std::size_t i = 0; i < it->second.size(); ++i) {
            if (!done[section][i]) {
                out << it->second[i].first << '=' << it->second[i].second << '\n';
                done[section][i] = true;
            }
        }
    };

    std::istringstream in(base);
    std::string line;
    bool seen_globals = false;
    while (std::getline(in, line)) {
        const std::string t = trim(line);
        if (t.size() >= 2 && t.front() == '[' && t.back() == ']') {
            finish_section();
            section = lower(trim(t.substr(1, t.size() - 2)));
            seen_globals = seen_globals || section == "globals";
            out << line << '\n';
            continue;
        }
        const auto it = wanted.find(section);
        const auto eq = t.find('=');
        if (it != wanted.end() && eq != std::string::npos && t[0] != '#' && t[0] != ';') {
            const std::string key = lower(trim(t.substr(0, eq)));
            bool replaced = false;
            for (std::size_t i = 0; i < it->second.size(); ++i) {
                if (lower(it->second[i].first) == key) {
                    if (!done[section][i]) {
                        out << it->second[i].first << '=' << it->second[i].second << '\n';
                        done[section][i] = true;
                    }
                    replaced = true;
                    break;
                }
            }
            if (replaced) {
                continue;
            }
        }
        out << line << '\n';
    }
    finish_section();
    for (const auto& [name, keys] : wanted) {
        const bool missing = name == "globals" ? !seen_globals : !done[name].front();
        if (missing) {
            section = name;
            out << '[' << (name == "globals" ? "Globals" : "Logging") << "]\n";
            finish_section();
        }
    }
    return out.str();
}

XrdpServer::XrdpServer(const XrdpSettings& settings) {
    const fs::path executable = find_executable("xrdp");
    if (executable.empty()) {
        throw std::runtime_error(
            "lab: xrdp not found (install the xrdp package: scripts/install-deps.sh)");
    }
    if (settings.security_layer != "negotiate" && settings.security_layer != "tls" &&
        settings.security_layer != "rdp") {
        throw std::runtime_error("lab: xrdp security layer must be negotiate, tls or rdp, not '" +
                                 settings.security_layer + "'");
    }
    // A port picked here can be taken before xrdp binds it; a few tries cover that.
    std::string error;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (try_start(settings, executable, error)) {
            return;
        }
    }
    throw std::runtime_error(error);
}

bool XrdpServer::try_start(const XrdpSettings& settings, const fs::path& executable,
                           std::string& error) {
    std::ifstream base_in(settings.base_config);
    if (!base_in) {
        throw std::runtime_error("lab: cannot read " + settings.base_config.string() +
                                 " (is xrdp installed?)");
    }
    std::ostringstream base;
    base << base_in.rdbuf();

    port_ = free_loopback_port();
    const fs::path config = settings.dir / "xrdp.ini";
    {
        std::ofstream out(config, std::ios::trunc);
        out << make_xrdp_config(base.str(), port_, settings);
        if (!out) {
            throw std::runtime_error("lab: cannot write " + config.string());
        }
    }
    const fs::path output = settings.dir / "xrdp.out";
    process_ =
        ChildProcess::start({executable.string(), "--nodaemon", "-c", config.string()}, output);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_.running()) {
            error = "lab: xrdp exited (" + process_.status_text() + ") before listening on " +
                    "127.0.0.1:" + std::to_string(port_) + "; its output:" + tail_of_file(output) +
                    tail_of_file(settings.dir / "xrdp.log");
            process_.stop();
            return false;
        }
        if (loopback_port_listening(port_)) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    process_.stop();
    error = "lab: xrdp did not listen on 127.0.0.1:" + std::to_string(port_) +
            " within 10 s; its output:" + tail_of_file(output);
    return false;
}

} // namespace rdpmedic::lab::detail
