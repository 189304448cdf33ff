// The user's folders come from the shell's known folders; they must agree with the profile's
// environment (LOCALAPPDATA, APPDATA), which Windows and Wine both set for a logged-on user.
#include "rdpmedic/platform/state_dirs.h"

#include <catch2/catch.hpp>
#include <cstdlib>

TEST_CASE("state folders (Windows): LocalAppData and RoamingAppData, each with an rdpmedic folder",
          "[state-dirs]") {
    const wchar_t* local = _wgetenv(L"LOCALAPPDATA");
    const wchar_t* roaming = _wgetenv(L"APPDATA");
    REQUIRE(local != nullptr);
    REQUIRE(roaming != nullptr);
    CHECK(std::filesystem::equivalent(rdpmedic::state_directory().parent_path(), local));
    CHECK(rdpmedic::state_directory().filename() == L"rdpmedic");
    CHECK(std::filesystem::equivalent(rdpmedic::config_directory().parent_path(), roaming));
    CHECK(rdpmedic::config_directory().filename() == L"rdpmedic");
}
