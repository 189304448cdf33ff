// rdpmedic-cli in the user's language: German from the build's catalogue (the one the .deb
// installs), found beside the executable, whether or not the system has a German C locale;
// --json stays English whatever the language.
#include "e2e_support.h"
#include "rdpmedic/lab/gateway.h"

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

TEST_CASE("translations: decode and analyze show the code tables in German",
          "[e2e][cli][translations]") {
    const auto decoded = cli_in(kGerman, {"decode", "0x904", "--ext", "0x7"});
    INFO(decoded.output);
    // The table's meanings, the sentence built from them and the causes, each in German.
    CHECK_THAT(decoded.output, Catch::Contains("disconnectReasonAtClientWinsockFDCLOSE: der Socket "
                                               "der Verbindung wurde geschlossen"));
    CHECK_THAT(decoded.output, Catch::Contains("exDiscReasonServerDeniedConnection: der Server hat "
                                               "die Verbindung verweigert"));
    CHECK_THAT(decoded.output,
               Catch::Contains("socket-closed: der Socket der Verbindung wurde geschlossen, denn der "
                               "Server hat die Verbindung verweigert (Fehlercode 0x904, erweiterter "
                               "Code 0x7)") ||
                   Catch::Contains("server-denied: der Socket der Verbindung wurde geschlossen, denn "
                                   "der Server hat die Verbindung verweigert (Fehlercode 0x904, "
                                   "erweiterter Code 0x7)"));
    CHECK_THAT(decoded.output, Catch::Contains("  - der Server weist möglicherweise neue Verbindungen ab"));
    CHECK_THAT(decoded.output, !Catch::Contains("the connection's socket was closed"));

    const auto freerdp = cli_in(kGerman, {"decode", "0x0002000D", "--as", "freerdp"});
    CHECK_THAT(freerdp.output, Catch::Contains("ERRCONNECT_CONNECT_TRANSPORT_FAILED: die Verbindung wurde während des Aufbaus geschlossen"));
    const auto unknown = cli_in(kGerman, {"decode", "200", "--as", "exit"});
    CHECK_THAT(unknown.output,
               Catch::Contains("xfreerdp scheiterte mit Exit-Code 200 (0xC8), einem Code, den rdpmedic "
                               "nicht kennt"));

    const auto analyzed = cli_in(kGerman, {"analyze", kEventLog});
    INFO(analyzed.output);
    CHECK_THAT(analyzed.output, Catch::Contains("(Fehlercode 0x"));
    CHECK_THAT(analyzed.output, !Catch::Contains("(error code 0x"));
    // English in English, word for word as the JSON has it.
    const auto english = cli_in(kEnglish, {"analyze", kEventLog});
    const auto events = json_lines(cli_in(kGerman, {"analyze", kEventLog, "--json"}).output);
    REQUIRE_FALSE(events.empty());
    bool seen_failure = false;
    for (const auto& event : events) {
        if (event.contains("failure")) {
            seen_failure = true;
            const std::string message = event["failure"]["message"];
            CHECK_THAT(message, Catch::Contains("(error code 0x"));
            CHECK_THAT(english.output, Catch::Contains(message));
        }
    }
    CHECK(seen_failure);
}

namespace {

/// A diagnosis as JSON without the milliseconds each layer took, which differ from run to run.
nlohmann::json without_timings(nlohmann::json diagnosis) {
    for (auto& layer : diagnosis["layers"]) {
        layer.erase("elapsed_ms");
    }
    return diagnosis;
}

} // namespace

TEST_CASE("translations: diagnose prints the findings and the verdict in German, --json stays English",
          "[e2e][cli][probe][translations]") {
    SECTION("a port nothing listens on") {
        // A loopback port that was free a moment ago: connections to it are refused.
        rdpmedic::lab::LabOptions options;
        options.initial = {rdpmedic::lab::Fault::PortClosed};
        const rdpmedic::lab::Lab lab(options);
        const std::string port = std::to_string(lab.port());
        const std::string where = "127.0.0.1:" + port;
        const auto german = cli_in(kGerman, {"diagnose", where});
        INFO(german.output);
        CHECK(german.exit_code == 1);
        CHECK_THAT(german.output, Catch::Contains("tcp.refused: Verbindungen zu Port " + port +
                                                  " werden abgewiesen"));
        CHECK_THAT(german.output, Catch::Contains("der Port ist gesperrt oder der Host ist nicht "
                                                  "erreichbar (port-blocked-or-host-down)"));
        CHECK_THAT(german.output, Catch::Contains("Auf diesem Port nimmt nichts Verbindungen an."));
        CHECK_THAT(german.output, !Catch::Contains("are refused"));

        const auto json = nlohmann::json::parse(cli_in(kGerman, {"diagnose", where, "--json"}).output);
        CHECK(json["findings"][0]["summary"] == "connections to port " + port + " are refused");
        CHECK_THAT(json["verdict"]["fix"].get<std::string>(),
                   Catch::StartsWith("Nothing accepts connections on that port."));
        const auto english = nlohmann::json::parse(cli_in(kEnglish, {"diagnose", where, "--json"}).output);
        CHECK(without_timings(json) == without_timings(english));
    }
    SECTION("a server that refuses the security layer") {
        rdpmedic::lab::LabOptions options;
        options.initial = {rdpmedic::lab::Fault::NegoFailure, 5};
        const rdpmedic::lab::Lab lab(options);
        const std::string where = "127.0.0.1:" + std::to_string(lab.port());
        const auto german = cli_in(kGerman, {"diagnose", where, "--name", "localhost"});
        INFO(german.output);
        CHECK_THAT(german.output,
                   Catch::Contains("x224.hybrid-required: der Server hat die Sicherheitsaushandlung "
                                   "abgelehnt: RDP_NEG_FAILURE 5 (hybrid-required)"));
        CHECK_THAT(german.output,
                   Catch::Contains("Client und Server einigen sich auf keine Sicherheitsschicht"));
        CHECK_THAT(german.output, Catch::Contains("Der Server verlangt Authentifizierung auf "
                                                  "Netzwerkebene (NLA/CredSSP)."));
        const auto json =
            nlohmann::json::parse(cli_in(kGerman, {"diagnose", where, "--json", "--name", "localhost"}).output);
        CHECK_THAT(json["verdict"]["fix"].get<std::string>(),
                   Catch::StartsWith("The server requires Network Level Authentication"));
    }
    SECTION("an RD Gateway that refuses the HTTP transport") {
        const rdpmedic::lab::GatewayLab gateway({rdpmedic::lab::GatewayBehaviour::HttpRefused});
        const std::string name = "localhost:" + std::to_string(gateway.port());
        const std::vector<std::string> args = {"diagnose",  "rdp-behind-gateway.invalid",
                                               "--timeout", "4000",
                                               "--gateway", name,
                                               "--ca",      gateway.ca_certificate().string()};
        const auto german = cli_in(kGerman, args);
        INFO(german.output);
        CHECK(german.exit_code == 1);
        CHECK_THAT(german.output,
                   Catch::Contains("gateway.http-transport-refused: das RD-Gateway " + name +
                                   " lehnt den HTTP-Transport ab (RDG_OUT_DATA: 405 Method Not "
                                   "Allowed), bedient aber RPC über HTTP"));
        CHECK_THAT(german.output, Catch::Contains("Das RD-Gateway lehnt den HTTP-Transport ab, "
                                                  "beantwortet aber RPC über HTTP"));
        CHECK_THAT(german.output, !Catch::Contains("refuses the HTTP transport"));

        auto json_args = args;
        json_args.push_back("--json");
        const auto json = nlohmann::json::parse(cli_in(kGerman, json_args).output);
        bool seen = false;
        for (const auto& finding : json["findings"]) {
            if (finding["id"] == "gateway.http-transport-refused") {
                seen = true;
                CHECK(finding["summary"] == "the RD Gateway " + name +
                                                " refuses the HTTP transport (RDG_OUT_DATA: 405 "
                                                "Method Not Allowed) but serves RPC over HTTP");
            }
        }
        CHECK(seen);
        CHECK_THAT(json["verdict"]["fix"].get<std::string>(),
                   Catch::StartsWith("The RD Gateway refuses the HTTP transport"));
    }
}
