#include "rdpmedic/platform/autostart.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace rdpmedic {

namespace {

std::filesystem::path autostart_file() {
    std::filesystem::path config;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') {
        config = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        config = std::filesystem::path(home) / ".config";
    } else {
        throw AutostartError("neither XDG_CONFIG_HOME nor HOME is set; cannot find the autostart folder");
    }
    return config / "autostart" / "rdpmedic.desktop";
}

// Desktop Entry Exec values treat these characters specially; quote the path when present.
std::string exec_value(const std::filesystem::path& executable) {
    const std::string path = executable.string();
    if (path.find_first_of(" \t\"'\\$`") == std::string::npos) {
        return path;
    }
    std::string quoted = "\"";
    for (const char c : path) {
        if (c == '"' || c == '`' || c == '$' || c == '\\') {
            quoted += "\\\\";
        }
        quoted += c;
    }
    return quoted + "\"";
}

} // namespace

bool autostart_enabled() {
    std::ifstream in(autostart_file());
    if (!in) {
        return false;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (line == "Hidden=true" || line == "X-GNOME-Autostart-enabled=false") {
            return false;
        }
    }
    return true;
}

bool autostart_declined() {
    return false;
}

void set_autostart(bool enabled, const std::filesystem::path& executable) {
    const auto file = autostart_file();
    std::error_code ec;
    if (!enabled) {
        std::filesystem::remove(file, ec);
        if (ec) {
            throw AutostartError("cannot remove " + file.string() + ": " + ec.message());
        }
        return;
    }
    std::filesystem::create_directories(file.parent_path(), ec);
    std::ostringstream entry;
    entry << "[Desktop Entry]\n"
          << "Type=Application\n"
          << "Name=rdpmedic\n"
          << "Comment=Watches Remote Desktop connections and fixes failing ones\n"
          << "Exec=" << exec_value(executable) << " " << kAtLoginOption << "\n"
          << "Icon=rdpmedic\n"
          << "Terminal=false\n"
          << "X-GNOME-Autostart-enabled=true\n";
    std::ofstream out(file, std::ios::trunc);
    out << entry.str();
    out.flush();
    if (!out) {
        throw AutostartError("cannot write " + file.string() + "; check the permissions of " +
                             file.parent_path().string());
    }
}

} // namespace rdpmedic
