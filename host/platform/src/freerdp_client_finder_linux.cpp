// Finding the FreeRDP client and its generation: the newest installed client wins, and its
// version decides the dialect every attempt is spoken in.
#include "rdpmedic/platform/freerdp_client_finder.h"

#include "rdpmedic/core/client.h"
#include "rdpmedic/platform/child_process.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>

namespace rdpmedic {

namespace {

// `--version` prints one line at once; a program that takes longer is not answering it.
constexpr auto kVersionTimeout = std::chrono::seconds(5);
// More than any version text; what a hostile program prints beyond it is not read.
constexpr std::size_t kMaxVersionOutput = 64 * 1024;

constexpr const char* kWhatToGive =
    "give --client (or Settings' client) the path of xfreerdp3, sdl-freerdp3 or xfreerdp";

// The first line of what the program printed, printable ASCII only and short, for a message.
std::string first_line_of(const std::string& output) {
    std::string line;
    for (const char c : output.substr(0, output.find('\n'))) {
        if (line.size() == 80) {
            line += "…";
            break;
        }
        line += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return line;
}

std::string version_output(const std::string& path) {
    ChildProcess process({path, "--version"});
    process.close_stdin();
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + kVersionTimeout;
    for (;;) {
        const auto read = process.read_output(output, deadline);
        if (read == ChildProcess::Read::closed || output.size() > kMaxVersionOutput) {
            break;
        }
        if (read == ChildProcess::Read::timeout) {
            process.kill();
            process.wait();
            throw LaunchError("the client " + path + " did not answer '--version' within 5 s, so it is not "
                              "FreeRDP 2 or 3; " + kWhatToGive);
        }
    }
    if (output.size() > kMaxVersionOutput) {
        process.kill();
    }
    process.wait();
    return output;
}

FreeRdpClient identify_uncached(const std::string& path) {
    std::string output;
    try {
        output = version_output(path);
    } catch (const std::system_error& error) {
        throw LaunchError("cannot start the client " + path + ": " + error.code().message());
    }
    const auto version = parse_freerdp_version(output);
    if (!version) {
        if (output.find("failed to open display") != std::string::npos) {
            // FreeRDP 2's xfreerdp opens the display before it reads its arguments.
            throw LaunchError("the client " + path + " could not open the X display; run rdpmedic inside a "
                              "desktop session or set DISPLAY");
        }
        const std::string said = first_line_of(output);
        throw LaunchError("the client " + path + " is not FreeRDP 2 or 3: '--version' printed " +
                          (said.empty() ? std::string("nothing") : "'" + said + "'") +
                          " instead of FreeRDP's version; " + kWhatToGive);
    }
    if (version->major != 2 && version->major != 3) {
        throw LaunchError("the client " + path + " is FreeRDP " + version->to_string() +
                          "; rdpmedic speaks the options of FreeRDP 2 and 3 only; " + kWhatToGive);
    }
    return FreeRdpClient{path, *version};
}

} // namespace

const std::vector<std::string>& freerdp_client_names() {
    static const std::vector<std::string> names{"xfreerdp3", "sdl-freerdp3", "xfreerdp"};
    return names;
}

FreeRdpClient identify_freerdp_client(const std::string& path) {
    // Keyed by the file's modification time too: an upgrade in place is read again.
    static std::mutex mutex;
    static std::map<std::string, std::pair<std::filesystem::file_time_type, FreeRdpClient>> known;
    std::error_code ec;
    const auto modified = std::filesystem::last_write_time(path, ec);
    {
        std::lock_guard lock(mutex);
        if (const auto it = known.find(path); !ec && it != known.end() && it->second.first == modified) {
            return it->second.second;
        }
    }
    FreeRdpClient client = identify_uncached(path);
    spdlog::info("{} is FreeRDP {}", path, client.version.to_string());
    std::lock_guard lock(mutex);
    if (!ec) {
        known[path] = {modified, client};
    }
    return client;
}

FreeRdpClient find_freerdp_client(const std::string& client_path) {
    if (!client_path.empty()) {
        const std::string path = find_executable(client_path);
        if (path.empty()) {
            throw LaunchError("the client '" + client_path +
                              "' does not exist or is not executable; check the path given with --client");
        }
        return identify_freerdp_client(path);
    }
    for (const auto& name : freerdp_client_names()) {
        if (const std::string path = find_executable(name); !path.empty()) {
            return identify_freerdp_client(path);
        }
    }
    throw LaunchError("no FreeRDP client (xfreerdp3, sdl-freerdp3 or xfreerdp) was found on PATH; install one "
                      "(Debian: apt install freerdp3-x11, or freerdp2-x11) or give the client's path with --client PATH");
}

std::vector<FreeRdpClient> installed_freerdp_clients() {
    std::vector<FreeRdpClient> found;
    for (const auto& name : freerdp_client_names()) {
        const std::string path = find_executable(name);
        if (path.empty()) {
            continue;
        }
        try {
            FreeRdpClient client = identify_freerdp_client(path);
            bool generation_seen = false;
            for (const auto& other : found) {
                generation_seen = generation_seen || other.version.major == client.version.major;
            }
            if (!generation_seen) {
                found.push_back(std::move(client));
            }
        } catch (const LaunchError& error) {
            spdlog::warn("{}", error.what());
        }
    }
    return found;
}

} // namespace rdpmedic
