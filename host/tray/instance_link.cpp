#include "instance_link.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/state_dirs.h"

#include <spdlog/spdlog.h>

#include <wx/app.h>
#include <wx/utils.h>

#include <cstdlib>

namespace rdpmedic::tray {

namespace {

const char* const kTopic = "open";

class Link final : public wxConnection {
  public:
    explicit Link(InstanceLink::Handler& handler) : m_handler(handler) {}

    // OnExec gets the text decoded from whatever the transport carried: UTF-8 over the Unix
    // socket, UTF-16 over DDE (wx converts Execute's UTF-8 for Windows).
    bool OnExec(const wxString&, const wxString& data) override {
        wxString what = data;
        while (!what.empty() && what.Last() == '\0') {
            what.RemoveLast();
        }
        auto handler = m_handler;
        wxTheApp->CallAfter([handler, what] { handler(what); });
        return true;
    }

  private:
    InstanceLink::Handler& m_handler;
};

} // namespace

class InstanceLink::Server final : public wxServer {
  public:
    explicit Server(Handler& handler) : m_handler(handler) {}
    wxConnectionBase* OnAcceptConnection(const wxString& topic) override {
        return topic == kTopic ? new Link(m_handler) : nullptr;
    }

  private:
    Handler& m_handler;
};

wxString InstanceLink::service_name() {
#ifdef __WINDOWS__
    return "rdpmedic-" + wxGetUserId();
#else
    std::filesystem::path directory;
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime == '/') {
        directory = runtime;
    } else {
        directory = state_directory();
    }
    return wxString::FromUTF8(utf8_text(directory / "rdpmedic.sock"));
#endif
}

bool InstanceLink::hand_over(const wxString& what) {
    wxClient client;
    std::unique_ptr<wxConnectionBase> link(client.MakeConnection("localhost", service_name(), kTopic));
    if (!link) {
        return false;
    }
    const bool sent = link->Execute(what);
    link->Disconnect();
    return sent;
}

InstanceLink::InstanceLink(Handler handler) : m_handler(std::move(handler)) {}

InstanceLink::~InstanceLink() = default;

bool InstanceLink::listen() {
    m_server = std::make_unique<Server>(m_handler);
    if (!m_server->Create(service_name())) {
        spdlog::warn("cannot listen on {}: a second start of rdpmedic cannot hand files to this one",
                     service_name().utf8_string());
        m_server.reset();
        return false;
    }
    return true;
}

} // namespace rdpmedic::tray
