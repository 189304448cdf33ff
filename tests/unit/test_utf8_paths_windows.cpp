// Paths with letters outside ASCII on Windows, where rdpmedic's text is UTF-8 and the file
// system's names are UTF-16: a profile folder C:\Users\Jürgen or C:\Users\日本 must reach the
// W APIs as that name. What runs for real: folders and files under wine's temporary folder, the
// .rdp file read from one, the log file spdlog writes into one.
#include "rdpmedic/app/connection.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/stored_file.h"
#include "rdpmedic/platform/logging.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

using namespace rdpmedic;

namespace {

const char* const kJuergenUtf8 = "J\xC3\xBCrgen";
const wchar_t* const kJuergenWide = L"J\u00FCrgen";
const char* const kJapanUtf8 = "\xE6\x97\xA5\xE6\x9C\xAC";
const wchar_t* const kJapanWide = L"\u65E5\u672C";

} // namespace

TEST_CASE("utf8 paths (Windows): UTF-8 text names the same file as the UTF-16 name, and back", "[utf8]") {
    const std::string utf8 = std::string("C:\\Users\\") + kJuergenUtf8 + "\\" + kJapanUtf8;
    const std::filesystem::path path = utf8_path(utf8);
    CHECK(path.wstring() == std::wstring(L"C:\\Users\\") + kJuergenWide + L"\\" + kJapanWide);
    CHECK(path.filename().wstring() == kJapanWide);
    CHECK(utf8_text(path) == utf8);
    CHECK(utf8_text(std::filesystem::path(kJuergenWide)) == kJuergenUtf8);
}

TEST_CASE("utf8 paths (Windows): a .rdp file in a folder with a non-ASCII name is read and handed on by that name",
          "[utf8]") {
    test::TempDir root;
    const std::filesystem::path folder = root / kJuergenWide / kJapanWide;
    std::filesystem::create_directories(folder);
    const std::filesystem::path file = folder / L"work.rdp";
    std::ofstream(file) << "full address:s:server.test:3390\r\nusername:s:alice\r\n";

    // As the CLI's argument and the tray's Connect dialog give it: UTF-8.
    const ConnectRequest request = app::request_from(utf8_text(file));
    CHECK(request.target.host == "server.test");
    CHECK(request.target.port == 3390);
    CHECK(request.user == std::optional<std::string>("alice"));
    REQUIRE(request.rdp_file);
    CHECK(std::filesystem::equivalent(*request.rdp_file, file));
    CHECK(request.rdp_file->filename().wstring() == L"work.rdp");
    CHECK(request.rdp_file->parent_path().filename().wstring() == kJapanWide);
}

TEST_CASE("utf8 paths (Windows): the log file is written into a folder with a non-ASCII name, not a look-alike",
          "[utf8]") {
    test::TempDir root;
    const std::filesystem::path folder = root / kJuergenWide / L"logs";
    const auto previous = spdlog::default_logger();
    init_logging({folder, false, false});
    spdlog::info("written to the right folder");
    // Back to the test's logger; dropping rdpmedic's closes the file, so the folder can go.
    spdlog::set_default_logger(previous);
    spdlog::drop("rdpmedic");

    CHECK_THAT(read_stored_file(folder / L"rdpmedic.log").value_or(""), Catch::Contains("written to the right folder"));
    // Only the folder named here: none whose name is the UTF-8 bytes read as Windows-1252.
    std::size_t entries = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root.path())) {
        CHECK(entry.path().filename().wstring() == kJuergenWide);
        ++entries;
    }
    CHECK(entries == 1);
}

TEST_CASE("utf8 paths (Windows): a log folder that cannot be made is named in UTF-8", "[utf8]") {
    test::TempDir root;
    const std::filesystem::path blocker = root / kJuergenWide;
    std::ofstream(blocker) << "a file where the folder belongs";
    try {
        init_logging({blocker / L"logs", false, false});
        FAIL("init_logging accepted a folder below a file");
    } catch (const LoggingError& error) {
        CHECK_THAT(error.what(), Catch::Contains(std::string(kJuergenUtf8) + "\\logs"));
    }
}
