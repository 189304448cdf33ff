// The user's own .rdp file, whole, with every installed FreeRDP against the lab's real xrdp:
// rdpmedic hands the client the file itself, so a setting rdpmedic never reads still reaches
// the server. The proof is on the wire: the file's loadbalanceinfo (what an RD Connection
// Broker or Azure Virtual Desktop file carries) is the routing token in the client's X.224
// Connection Request, which the lab records.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

constexpr const char* kRoutingToken = "tsv://MS Terminal Services Plugin.1.Pool_Finance";

/// `lines` as the file a user has: UTF-8, or UTF-16LE with its byte order mark (what mstsc
/// saves).
void write_rdp_file(const std::filesystem::path& file, const std::string& lines, bool utf16) {
    std::ofstream out(file, std::ios::binary);
    if (!utf16) {
        out << lines;
        return;
    }
    out << '\xFF' << '\xFE';
    for (const char c : lines) { // ASCII only here, so one UTF-16 unit per byte
        out << c << '\0';
    }
}

bool token_on_the_wire(const lab::Lab& lab, std::size_t from) {
    const auto connections = lab.connections();
    for (std::size_t i = from; i < connections.size(); ++i) {
        if (connections[i].connection_request.find(kRoutingToken) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("rdp file: a broker's .rdp file reaches every installed FreeRDP whole and connects",
          "[e2e][rdp-file]") {
    ensure_display();
    const lab::Lab lab;
    trust_lab_ca(lab);
    const test::TempDir dir("rdpmedic-rdp-file-");
    // The address and the port on lines of their own, as mstsc writes them, and settings
    // rdpmedic neither reads nor passes itself.
    const std::string lines = "screen mode id:i:1\r\n"
                              "desktopwidth:i:1024\r\n"
                              "desktopheight:i:700\r\n"
                              "session bpp:i:16\r\n"
                              "full address:s:localhost\r\n"
                              "server port:i:" + std::to_string(lab.port()) + "\r\n"
                              "loadbalanceinfo:s:" + kRoutingToken + "\r\n"
                              "redirectclipboard:i:0\r\n";
    for (const auto& client : freerdp_clients()) {
        for (const bool utf16 : {false, true}) {
            INFO(describe(client) << (utf16 ? ", UTF-16LE file" : ", UTF-8 file"));
            const auto file = dir.path() / (std::string(utf16 ? "utf16-" : "utf8-") + "broker.rdp");
            write_rdp_file(file, lines, utf16);
            const std::size_t before = lab.connection_count();
            const auto r = run_command({RDPMEDIC_CLI, "connect", file.string(), "--client", client.path,
                                        "--max-attempts", "1", "--until-connected", "--json", "--log-dir",
                                        (dir.path() / "logs").string()});
            INFO(r.output);
            CHECK(r.exit_code == 0);
            const auto events = json_lines(r.output);
            REQUIRE(!events.empty());
            CHECK(events.back()["event"] == "connected");
            // rdpmedic parses only the address, port, user, domain and gateway; the routing
            // token got there because the client read the file itself.
            CHECK(wait_until([&] { return token_on_the_wire(lab, before); }, std::chrono::seconds(5)));
        }
    }
}

TEST_CASE("rdp file: a full address the command line would refuse is refused in the file too, naming it",
          "[e2e][rdp-file]") {
    const test::TempDir dir("rdpmedic-rdp-file-");
    const auto file = dir.path() / "hostile.rdp";
    write_rdp_file(file, "full address:s:{{host}}\r\n", false);
    const auto r = run_command({RDPMEDIC_CLI, "connect", file.string(), "--max-attempts", "1", "--log-dir",
                                (dir.path() / "logs").string()});
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("hostile.rdp"));
    CHECK_THAT(r.output, Catch::Contains("full address"));
}
