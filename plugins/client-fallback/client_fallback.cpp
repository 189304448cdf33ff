// When the primary client keeps failing although the network looks fine, another installed
// client may get through. The host says which clients are installed (a plugin never looks at
// the system itself) and hands the connection over; this strategy only chooses, and only
// after the second failure in a row: one failure is what a plain retry is for.
// - Linux: Remmina (`remmina -c rdp://…`), or wlfreerdp, another FreeRDP front-end.
// - Windows: the Remote Desktop client (msrdc) with a generated .rdp file; otherwise Windows
//   App or the Store "Remote Desktop" app, which cannot be told a computer to open: the host
//   puts the address on the clipboard and the user pastes it.
// Nothing on the system changes, so there is nothing to undo.
#include <rdpmedic/plugin.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace {

struct Alternative {
    const char* id;
    bool carries_gateway; ///< the connection can be handed over with its RD Gateway
    const char* what;     ///< how the user meets it; "%s" stands for HOST:PORT
};

// Most capable first. The host lists only clients of its own platform.
constexpr std::array<Alternative, 5> kAlternatives = {{
    {"remmina", false, "Remmina opens rdp://%s; rdpmedic cannot see whether it connects"},
    {"wlfreerdp", true, "wlfreerdp opens %s with the same FreeRDP arguments; rdpmedic does not watch it"},
    {"msrdc", true, "the Remote Desktop client (msrdc) opens a generated .rdp file for %s"},
    {"windows-app", false,
     "Windows App cannot be told which computer to open: %s goes to the clipboard, paste it there"},
    {"remote-desktop-app", false,
     "the Remote Desktop app cannot be told which computer to open: %s goes to the clipboard, paste it "
     "there (Microsoft no longer supports this app)"},
}};

std::string address(const rdpmedic::sdk::Host& host) {
    const std::string name = host.target_host();
    const bool ipv6 = name.find(':') != std::string::npos;
    return (ipv6 ? "[" + name + "]" : name) + ":" + std::to_string(host.target_port());
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

struct Choice {
    std::string client; ///< "" when there is none
    std::string note;   ///< for the user: what happens next, or why there is no choice
};

Choice choose(const rdpmedic::sdk::Host& host) {
    const std::vector<std::string> installed = host.installed_clients();
    const std::string current = host.client_name();
    const std::string gateway = host.gateway();
    bool held_back_by_gateway = false;
    for (const auto& alternative : kAlternatives) {
        const bool is_installed = std::find(installed.begin(), installed.end(), alternative.id) != installed.end();
        if (alternative.id == current || !is_installed) {
            continue;
        }
        if (!gateway.empty() && !alternative.carries_gateway) {
            held_back_by_gateway = true;
            continue;
        }
        std::string note = alternative.what;
        note.replace(note.find("%s"), 2, address(host));
        return {alternative.id, note};
    }
    if (held_back_by_gateway) {
        return {{}, "not applicable: the other installed clients (" + joined(installed) +
                        ") cannot be handed a connection through the RD Gateway " + gateway};
    }
    return {{}, installed.empty() ? "not applicable: no other RDP client is installed"
                                  : "not applicable: no other installed client (" + joined(installed) +
                                        ") is one this strategy can hand a connection to"};
}

class ClientFallback {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        const Choice choice = choose(host);
        if (choice.client.empty()) {
            return {0, choice.note};
        }
        if (host.attempt() == 1) {
            return {0, "the client failed once: retrying it comes first, " + choice.client +
                           " only if it keeps failing"};
        }
        // A diagnosis that names the cause is fixed by the strategy for that cause; another
        // client meets the same server and network, and handing over would end the retries.
        const std::string cause = host.verdict_cause();
        if (!cause.empty() && cause != "none") {
            return {0, "the diagnosis points at the server or network (" + cause + "), not the client: " +
                           choice.client + " would meet the same server"};
        }
        const std::string client = host.client_name().empty() ? std::string("the client") : host.client_name();
        return {30, client + " keeps failing while the network looks fine: hand the connection to " + choice.client +
                        " (" + choice.note + ")"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const Choice choice = choose(host);
        if (choice.client.empty()) {
            host.log(RDPMEDIC_LOG_INFO, choice.note);
            return RDPMEDIC_NOT_APPLICABLE;
        }
        host.log(RDPMEDIC_LOG_INFO, "handing the connection to " + choice.client + ": " + choice.note);
        return host.use_client(choice.client, choice.note) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(ClientFallback, "rdpmedic.client-fallback", "Another client",
                "Hands the connection to another installed RDP client when the primary one keeps failing", "1.1.0",
                RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
