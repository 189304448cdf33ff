// Handing a connection to another Windows client. What runs for real: detection from folders
// made in a temporary directory that LOCALAPPDATA, ProgramFiles and ProgramFiles(x86) point
// to; CreateProcess of a program found there (fake-rdp-client, copied in as msrdc.exe or as
// %SystemRoot%\explorer.exe, records the arguments it got); the .rdp file msrdc is given; the
// clipboard holding the address, read back with GetClipboardData. What does not: the real
// msrdc, Windows App and the Store app, and shell:AppsFolder, which Wine does not have.
#include "rdpmedic/platform/client_handoff.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

using namespace rdpmedic;

namespace {

/// An environment variable for the length of a test; child processes inherit it.
class ScopedEnvironment {
  public:
    ScopedEnvironment(const wchar_t* name, const std::filesystem::path& value) : name_(name) {
        const DWORD size = GetEnvironmentVariableW(name, nullptr, 0);
        if (size > 0) {
            std::wstring old(size, L'\0');
            old.resize(GetEnvironmentVariableW(name, old.data(), size));
            old_ = old;
        }
        SetEnvironmentVariableW(name, value.c_str());
    }
    ~ScopedEnvironment() { SetEnvironmentVariableW(name_, old_ ? old_->c_str() : nullptr); }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

  private:
    const wchar_t* name_;
    std::optional<std::wstring> old_;
};

/// LOCALAPPDATA, ProgramFiles and ProgramFiles(x86) in a fresh temporary folder.
struct FakeSystem {
    test::TempDir root{"rdpmedic-handoff-"};
    std::filesystem::path local = root / "Local";
    std::filesystem::path programs = root / "Programs";
    std::filesystem::path programs_x86 = root / "Programs (x86)";
    ScopedEnvironment local_env{L"LOCALAPPDATA", local};
    ScopedEnvironment programs_env{L"ProgramFiles", programs};
    ScopedEnvironment programs_x86_env{L"ProgramFiles(x86)", programs_x86};

    FakeSystem() {
        for (const auto& folder : {local, programs, programs_x86}) {
            std::filesystem::create_directories(folder);
        }
    }
    void add_package(const char* family) const { std::filesystem::create_directories(local / "Packages" / family); }
    std::filesystem::path install_fake(const std::filesystem::path& where) const {
        std::filesystem::create_directories(where.parent_path());
        std::filesystem::copy_file(std::filesystem::absolute(RDPMEDIC_FAKE_RDP_CLIENT_EXE).make_preferred(), where);
        return where;
    }
};

/// What fake-rdp-client at `exe` wrote: its arguments, one a line; nullopt after 20 s.
std::optional<std::string> arguments_of(const std::filesystem::path& exe) {
    const auto report = std::filesystem::path(exe.wstring() + L".arguments");
    for (int waited = 0; waited < 400; ++waited) {
        if (std::filesystem::exists(report)) {
            std::ifstream in(report, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            return text.str();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
}

/// A UTF-16LE .rdp file with its byte order mark, as UTF-8.
std::string read_rdp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string raw = bytes.str();
    REQUIRE(raw.size() >= 2);
    CHECK(raw.substr(0, 2) == "\xFF\xFE");
    std::wstring wide;
    for (std::size_t i = 2; i + 1 < raw.size(); i += 2) {
        wide.push_back(static_cast<wchar_t>(static_cast<unsigned char>(raw[i]) |
                                            (static_cast<unsigned char>(raw[i + 1]) << 8)));
    }
    return narrow(wide);
}

std::optional<std::string> clipboard_text() {
    if (!OpenClipboard(nullptr)) {
        return std::nullopt;
    }
    std::optional<std::string> text;
    if (HANDLE data = GetClipboardData(CF_UNICODETEXT)) {
        if (const auto* wide = static_cast<const wchar_t*>(GlobalLock(data))) {
            text = narrow(wide);
            GlobalUnlock(data);
        }
    }
    CloseClipboard();
    return text;
}

ConnectRequest request_for(const char* client) {
    ConnectRequest request;
    request.target = {"server.test", 3390};
    request.user = "alice";
    request.domain = "LAB";
    request.client = client;
    return request;
}

} // namespace

TEST_CASE("only the clients whose files are where their installers put them are offered", "[windows][handoff]") {
    FakeSystem system;
    CHECK(other_installed_clients("").empty());
    CHECK(make_client_handoff({})->installed().empty());

    system.install_fake(system.programs / "Remote Desktop" / "msrdc.exe");
    CHECK(other_installed_clients("") == std::vector<std::string>{"msrdc"});
    // msrdc is not its own fallback.
    CHECK(other_installed_clients("C:\\Program Files\\Remote Desktop\\MSRDC.exe").empty());

    system.add_package("Microsoft.RemoteDesktop_8wekyb3d8bbwe");
    CHECK(other_installed_clients("") == std::vector<std::string>{"msrdc", "remote-desktop-app"});
    system.add_package("MicrosoftCorporationII.Windows365_8wekyb3d8bbwe");
    CHECK(other_installed_clients("") == std::vector<std::string>{"msrdc", "windows-app", "remote-desktop-app"});
    // A file where the package folder belongs is not a registered package.
    std::filesystem::remove_all(system.local / "Packages");
    std::filesystem::create_directories(system.local / "Packages");
    std::ofstream(system.local / "Packages" / "MicrosoftCorporationII.Windows365_8wekyb3d8bbwe") << "not a folder";
    CHECK(other_installed_clients("") == std::vector<std::string>{"msrdc"});
}

TEST_CASE("the per-user msrdc is found and started with a generated .rdp file", "[windows][handoff]") {
    FakeSystem system;
    const auto msrdc = system.install_fake(system.local / "Apps" / "Remote Desktop" / "msrdc.exe");
    auto request = request_for("msrdc");
    request.gateway = "gw.test";
    request.password = Secret("never-in-a-file");
    const auto handoff = make_client_handoff({});
    const Handoff started = handoff->hand_over(request);
    CHECK(started.client == "msrdc");
    CHECK(started.process_id > 0);
    CHECK_THAT(started.description, Catch::Contains("msrdc") && Catch::Contains("type the password"));

    const auto arguments = arguments_of(msrdc);
    REQUIRE(arguments);
    const std::filesystem::path rdp_file(widen(arguments->substr(0, arguments->find('\n'))));
    CHECK(rdp_file.extension() == ".rdp");
    const std::string rdp = read_rdp(rdp_file);
    CHECK_THAT(rdp, Catch::Contains("full address:s:server.test:3390\r\n") &&
                        Catch::Contains("username:s:alice\r\n") && Catch::Contains("domain:s:LAB\r\n") &&
                        Catch::Contains("gatewayhostname:s:gw.test\r\n"));
    CHECK_THAT(rdp, !Catch::Contains("never-in-a-file"));
    std::filesystem::remove(rdp_file);
}

TEST_CASE("an app is opened through shell:AppsFolder with the address on the clipboard", "[windows][handoff]") {
    FakeSystem system;
    system.add_package("MicrosoftCorporationII.Windows365_8wekyb3d8bbwe");
    const auto windows_folder = system.root / "Windows";
    const auto explorer = system.install_fake(windows_folder / "explorer.exe");
    const ScopedEnvironment system_root(L"SystemRoot", windows_folder);

    const Handoff started = make_client_handoff({})->hand_over(request_for("windows-app"));
    CHECK(started.client == "windows-app");
    CHECK(started.process_id > 0);
    CHECK_THAT(started.description, Catch::Contains("server.test:3390 is on the clipboard") &&
                                        Catch::Contains("LAB\\alice"));
    CHECK(clipboard_text() == std::optional<std::string>("server.test:3390"));
    CHECK(arguments_of(explorer) ==
          std::optional<std::string>("shell:AppsFolder\\MicrosoftCorporationII.Windows365_8wekyb3d8bbwe!Windows365\n"));
}

TEST_CASE("a client that is not installed is refused", "[windows][handoff]") {
    FakeSystem system;
    system.add_package("Microsoft.RemoteDesktop_8wekyb3d8bbwe");
    const auto handoff = make_client_handoff({});
    CHECK_THROWS_AS(handoff->hand_over(request_for("msrdc")), LaunchError);
    CHECK_THROWS_AS(handoff->hand_over(request_for("remmina")), LaunchError);
}
