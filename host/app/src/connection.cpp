#include "rdpmedic/app/connection.h"

#include "rdpmedic/app/system_log_events.h"
#include "rdpmedic/app/system_log_reporting.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/rdp_file.h"
#include "rdpmedic/platform/client_handoff.h"
#include "rdpmedic/probe/probe.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <random>

namespace rdpmedic::app {

namespace {

bool looks_like_rdp_file(const std::filesystem::path& path) {
    std::error_code ec;
    return path.extension() == ".rdp" || path.extension() == ".RDP" ||
           std::filesystem::is_regular_file(path, ec);
}

/// The fix stage as the supervisor sees it, with every change it made or refused also in the
/// system log.
class ReportedFixStage final : public FixStage {
  public:
    ReportedFixStage(FixStage& inner, ConnectionRecords& records) : inner_(inner), records_(records) {}

    FixReport on_failure(const Failure& failure, const Diagnosis* diagnosis, int attempt,
                         ConnectRequest& next) override {
        FixReport report = inner_.on_failure(failure, diagnosis, attempt, next);
        write_to_system_log(records_.on_fixes(attempt, report.actions));
        return report;
    }
    void on_connected(const ConnectRequest& request) override { inner_.on_connected(request); }
    void cancel() override { inner_.cancel(); }

  private:
    FixStage& inner_;
    ConnectionRecords& records_;
};

} // namespace

ConnectRequest request_from(const std::string& where) {
    ConnectRequest request;
    // `where` is UTF-8, as the command line and wx give it: a .rdp file in C:\Users\Jürgen.
    const std::filesystem::path as_file = utf8_path(where);
    if (looks_like_rdp_file(as_file)) {
        const RdpFile file = RdpFile::load(as_file);
        RdpFileValues values;
        values.target = Target{file.host(), file.port()};
        values.user = file.username();
        values.domain = file.domain();
        values.gateway = file.gateway_in_use();
        request.target = values.target;
        request.user = values.user;
        request.domain = values.domain;
        request.gateway = values.gateway;
        // Absolute, so the client finds it whatever its working directory; the client is
        // handed the whole file, not the few values above.
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(as_file, ec);
        request.rdp_file = ec ? as_file : absolute;
        request.file_values = std::move(values);
    } else {
        request.target = parse_target(where);
    }
    return request;
}

struct Connection::Parts {
    std::unique_ptr<ClientLauncher> launcher;
    std::unique_ptr<ClientHandoff> handoff;
    std::unique_ptr<probe::Probe> diagnoser;
    ConnectionRecords records;
    std::unique_ptr<ReportedFixStage> reported_fixes;
    FixStage* fixes = nullptr;
    SystemClock clock;
    std::mt19937_64 engine{std::random_device{}()};
    std::uniform_real_distribution<double> unit{0.0, 1.0};
    std::unique_ptr<Supervisor> supervisor;
};

Connection::Connection(ConnectionSetup setup) : m_parts(std::make_unique<Parts>()) {
    m_parts->launcher = make_client_launcher(setup.client);
    m_parts->handoff = make_client_handoff(setup.client);
    if (setup.diagnose) {
        try {
            m_parts->diagnoser = std::make_unique<probe::Probe>();
        } catch (const std::runtime_error& error) {
            // Connecting still works without a diagnosis; say why there is none.
            spdlog::warn("no diagnosis after failures: {}", error.what());
        }
    }
    Parts* parts = m_parts.get();
    FixStage* fixes = setup.fixes;
    if (fixes && setup.system_log) {
        m_parts->reported_fixes = std::make_unique<ReportedFixStage>(*fixes, m_parts->records);
        fixes = m_parts->reported_fixes.get();
    }
    m_parts->fixes = fixes;
    m_parts->supervisor = std::make_unique<Supervisor>(
        std::move(setup.request), setup.options, *m_parts->launcher, m_parts->clock,
        [parts] { return parts->unit(parts->engine); }, fixes, m_parts->diagnoser.get(),
        m_parts->handoff.get(), setup.certificates);
    if (setup.system_log) {
        // First, so the system log has every event whatever a front end's observer does.
        m_parts->supervisor->add_observer(
            [parts](const SupervisorEvent& event) { write_to_system_log(parts->records.on_event(event)); });
    }
}

Connection::~Connection() = default;

void Connection::add_observer(Supervisor::Observer observer) {
    m_parts->supervisor->add_observer(std::move(observer));
}

SupervisorResult Connection::run() { return m_parts->supervisor->run(); }

void Connection::cancel() {
    m_parts->supervisor->cancel();
    if (m_parts->fixes) {
        m_parts->fixes->cancel();
    }
}

void Connection::leave_running() { m_parts->supervisor->leave_running(); }

} // namespace rdpmedic::app
