// rdpmedic-cli in the user's language: German from the build's catalogue (the one the .deb
// installs), found beside the executable, whether or not the system has a German C locale;
// --json stays English whatever the language.
#include "e2e_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace rdpmedic::e2e;

namespace {

/// The CLI with `language` as the only locale setting a desktop would give it.
CommandResult cli_in(const std::vector<std::string>& language, std::vector<std::string> args) {
    std::vector<std::string> argv = {"/usr/bin/env", "-u",       "LC_ALL", "-u",  "LC_MESSAGES",
                                     "-u",           "LANGUAGE", "-u",     "LANG"};
    argv.insert(argv.end(), language.begin(), language.end());
    argv.push_back(RDPMEDIC_CLI);
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

const std::vector<std::string> kGerman = {"LANG=de_DE.UTF-8"};
const std::vector<std::string> kEnglish = {"LANG=C.UTF-8"};
const std::string kEventLog =
    std::string(RDPMEDIC_FIXTURES) + "/eventlog/windows10-19044-layout.xml";

} // namespace

TEST_CASE("translations: LANG=de_DE.UTF-8 makes rdpmedic-cli speak German",
          "[e2e][cli][translations]") {
    // The lab machines have no generated de_DE locale: the catalogue is read by rdpmedic
    // itself, so German needs none.
    const auto decoded = cli_in(kGerman, {"decode", "0x904", "--ext", "0x7"});
    CHECK(decoded.exit_code == 0);
    CHECK_THAT(decoded.output,
               Catch::Contains("Kurz gesagt:") && Catch::Contains("Neuer Versuch:  kann helfen"));
    CHECK_THAT(decoded.output, Catch::Contains("Mögliche Ursachen"));
    CHECK_THAT(decoded.output, !Catch::Contains("In short:"));

    const auto english = cli_in(kEnglish, {"decode", "0x904", "--ext", "0x7"});
    CHECK_THAT(english.output, Catch::Contains("In short:") && !Catch::Contains("Kurz gesagt:"));

    const auto unknown = cli_in(kGerman, {"frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.output, Catch::Contains("unbekannter Befehl „frobnicate“"));

    const auto usage = cli_in(kGerman, {"decode", "0x904", "--as", "nonsense"});
    CHECK(usage.exit_code == 2);
    CHECK_THAT(usage.output, Catch::Contains("--as erwartet mstsc, freerdp oder exit"));
}

TEST_CASE(
    "translations: LANGUAGE picks German where LANG names another language, LC_ALL=C keeps English",
    "[e2e][cli][translations]") {
    const auto help = cli_in({"LANG=en_GB.UTF-8", "LANGUAGE=de"}, {"--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::StartsWith("Aufruf: rdpmedic-cli BEFEHL [Optionen]"));
    // As gettext has it: a script's LC_ALL=C gets the English it parses, whatever LANGUAGE says.
    const auto script = cli_in({"LANGUAGE=de", "LC_ALL=C"}, {"--help"});
    CHECK_THAT(script.output, Catch::StartsWith("usage: rdpmedic-cli COMMAND [options]"));
    // A language without a catalogue is English, not an error.
    const auto french = cli_in({"LANG=fr_FR.UTF-8"}, {"--help"});
    CHECK(french.exit_code == 0);
    CHECK_THAT(french.output, Catch::StartsWith("usage: rdpmedic-cli COMMAND [options]"));
}

TEST_CASE("translations: --json is the same English in German", "[e2e][cli][translations]") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"decode", "0x904", "--ext", "0x7", "--json"}, {"analyze", kEventLog, "--json"}}) {
        INFO(args.front());
        const auto german = cli_in(kGerman, args);
        const auto english = cli_in(kEnglish, args);
        CHECK(german.exit_code == english.exit_code);
        CHECK(german.output == english.output);
        CHECK_THAT(german.output,
                   Catch::Contains("socket-closed") || Catch::Contains("server-denied"));
    }
    // The text the JSON comes with is translated: the outcome shows as "fehlgeschlagen", and
    // stays "failed" in the JSON.
    CHECK_THAT(cli_in(kGerman, {"analyze", kEventLog}).output, Catch::Contains("fehlgeschlagen"));
    CHECK(json_lines(cli_in(kGerman, {"analyze", kEventLog, "--json"}).output).front()["outcome"] ==
          "failed");
}

TEST_CASE("translations: close-running and undo --machine-wide speak German",
          "[e2e][cli][translations]") {
    const auto close_running = cli_in(kGerman, {"close-running"});
    CHECK(close_running.exit_code == 0);
    CHECK_THAT(close_running.output, Catch::Contains("hier gibt es nichts zu schließen"));
    CHECK_THAT(cli_in(kGerman, {"close-running", "--help"}).output,
               Catch::Contains("Aufruf: rdpmedic-cli close-running [--wait MS]"));
    CHECK_THAT(cli_in(kEnglish, {"close-running"}).output, Catch::Contains("nothing to close here"));

    const auto all_users_alone = cli_in(kGerman, {"undo", "--all-users"});
    CHECK(all_users_alone.exit_code == 2);
    CHECK_THAT(all_users_alone.output, Catch::Contains("--all-users gehört zu --machine-wide"));
    CHECK_THAT(cli_in(kGerman, {"--help"}).output,
               Catch::Contains("close-running [--wait MS]        die laufenden rdpmedic-Programme beenden"));
}
