// Start at login on Linux: the XDG autostart entry is written, recognised and removed.
#include "rdpmedic/platform/autostart.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

TEST_CASE("autostart: the XDG entry is written and removed", "[autostart]") {
    char templ[] = "/tmp/rdpmedic-autostart-XXXXXX";
    const std::filesystem::path dir = ::mkdtemp(templ);
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);

    CHECK_FALSE(rdpmedic::autostart_enabled());
    rdpmedic::set_autostart(true, "/opt/rd pmedic/bin/rdpmedic");
    CHECK(rdpmedic::autostart_enabled());
    std::ifstream in(dir / "autostart" / "rdpmedic.desktop");
    std::stringstream text;
    text << in.rdbuf();
    CHECK_THAT(text.str(), Catch::Contains("Exec=\"/opt/rd pmedic/bin/rdpmedic\"") &&
                               Catch::Contains("Type=Application"));
    rdpmedic::set_autostart(false, {});
    CHECK_FALSE(rdpmedic::autostart_enabled());

    if (old) {
        ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
    } else {
        ::unsetenv("XDG_CONFIG_HOME");
    }
    std::filesystem::remove_all(dir);
}
