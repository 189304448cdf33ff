#pragma once
/// One connection's life: launch, watch, on failure let the fix stage act, back off, retry,
/// give up. Observers (CLI, tray) see every state change; they never drive it.

#include "rdpmedic/core/backoff.h"
#include "rdpmedic/core/certificate_gate.h"
#include "rdpmedic/core/client.h"
#include "rdpmedic/core/clock.h"
#include "rdpmedic/core/connect_clock.h"
#include "rdpmedic/core/diagnosis.h"
#include "rdpmedic/core/failure.h"
#include "rdpmedic/core/target.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

enum class SupervisorState {
    Idle,
    Launching,    ///< the client is starting (attempt > 1 means this is a retry)
    Connected,    ///< the client reached an active session
    Failed,       ///< this attempt failed; `failure` says how
    Diagnosing,   ///< the probe looked at the target; `diagnosis` says what it found
    Fixing,       ///< the fix stage is choosing and applying strategies
    Waiting,      ///< backing off before the next attempt; `delay` says how long
    Disconnected, ///< a connected session ended
    GaveUp,       ///< no further attempt will be made
    Cancelled,    ///< the user stopped it
    HandedOver,   ///< another client was started for the connection; rdpmedic stops watching
};

/// Stable id, e.g. "gave-up"; used in JSON output.
std::string_view to_id(SupervisorState state);

struct SupervisorEvent {
    SupervisorState state = SupervisorState::Idle;
    std::chrono::system_clock::time_point at{};
    std::chrono::milliseconds since_start{0};
    int attempt = 0;
    int max_attempts = 0;
    Target target;
    std::optional<Failure> failure;
    std::optional<Diagnosis> diagnosis; ///< with Diagnosing
    std::chrono::milliseconds delay{0}; ///< with Waiting
    std::string note;                   ///< a plain-language line for the user
};

/// One change a strategy asked for and what became of it, for the system log.
struct FixAction {
    enum class Outcome { Applied, Refused };
    Outcome outcome = Outcome::Applied;
    std::string plugin;
    std::string change; ///< in words: "add client argument /sec:rdp"
    bool system_wide = false; ///< the system (journaled); otherwise the next attempt only
    std::string reason;       ///< with Refused: why
};

/// What the fix stage did, for the user and the history.
struct FixReport {
    std::vector<std::string> applied; ///< one line per change made
    std::vector<FixAction> actions;   ///< every change asked for, made or refused, in order
};

/// Runs between a failure and the next attempt: strategies are chosen and may change the
/// next attempt's request. Filled in by the plugin host; none by default.
class FixStage {
  public:
    virtual ~FixStage() = default;
    /// `diagnosis` is this failure's diagnosis, or null when there is no diagnoser or the
    /// failure is not one a probe can explain (authentication, client errors).
    virtual FixReport on_failure(const Failure& failure, const Diagnosis* diagnosis, int attempt,
                                 ConnectRequest& next) = 0;
    /// The attempt made with `request` connected: whatever the stage changed last worked.
    virtual void on_connected(const ConnectRequest& /*request*/) {}
    /// From any thread, when the connection is cancelled: a wait inside on_failure() that the
    /// supervisor cannot end (the elevated helper's) ends early.
    virtual void cancel() {}
};

struct SupervisorResult {
    SupervisorState final_state = SupervisorState::Idle; ///< Connected/Disconnected, GaveUp, Cancelled or HandedOver
    bool connected = false;                              ///< some attempt connected
    int attempts = 0;
    std::optional<Failure> last_failure;
    std::optional<Diagnosis> last_diagnosis;
    std::optional<Handoff> handoff; ///< with HandedOver: the client that took the connection
};

class Supervisor {
  public:
    using Observer = std::function<void(const SupervisorEvent&)>;
    using Random = std::function<double()>; ///< returns [0, 1)

    struct Options {
        RetryPolicy retry;
        /// End the session as soon as it is connected (checks, demos, scripts).
        bool stop_when_connected = false;
        /// Used with a diagnoser; the target's host is the expected certificate name unless set.
        DiagnoseOptions diagnose;
    };

    /// `handoff` carries out a fix stage's switch to another client (ConnectRequest::client);
    /// without one such a switch is reported and the primary client is retried.
    /// `certificates` hands the client the fingerprint the user accepted for the target and,
    /// after a failure the diagnosis pins on an untrusted certificate, takes the decision:
    /// accepted connects again at once, anything else stops without a retry.
    Supervisor(ConnectRequest request, Options options, ClientLauncher& launcher, Clock& clock,
               Random random, FixStage* fixes = nullptr, Diagnoser* diagnoser = nullptr,
               ClientHandoff* handoff = nullptr, CertificateGate* certificates = nullptr);

    /// Observers are called on the thread that runs run(), in order.
    void add_observer(Observer observer);

    /// Blocks until the connection ends, the supervisor gives up or it is cancelled.
    SupervisorResult run();

    /// Safe from any thread, at any state, also before run().
    void cancel();
    /// Like cancel(), but a client that can outlive this process is left running rather than
    /// stopped (ClientSession::let_go), for whoever finds it later.
    void leave_running();

  private:
    enum class Wake { Connected, Exited, TimedOut, Cancelled };
    class Listener;

    void publish(SupervisorState state, std::optional<Failure> failure = {},
                 std::chrono::milliseconds delay = {}, std::string note = {},
                 std::optional<Diagnosis> diagnosis = {});
    Wake wait_for_client(std::chrono::milliseconds timeout, bool stop_on_connect);
    /// Waits for this attempt to connect or end, or for its connect clock to run out.
    Wake wait_for_connection(ConnectClock& clock);
    Failure timeout_failure(const ConnectClock& clock) const;
    void end_session(std::unique_ptr<ClientSession>& session);
    SupervisorResult finish(SupervisorState state);
    /// After the fix stage asked for another client: true when it took the connection.
    bool hand_over();
    /// The certificate gate's decision after a failure, or nullopt when it has none to take.
    std::optional<CertificateDecision> certificate_decision(const Failure& failure,
                                                            const std::optional<Diagnosis>& diagnosis);

    ConnectRequest request_;
    Options options_;
    ClientLauncher& launcher_;
    Clock& clock_;
    Random random_;
    FixStage* fixes_;
    Diagnoser* diagnoser_;
    ClientHandoff* handoff_;
    CertificateGate* certificates_;
    /// The target as the user gave it: certificates are remembered for it, also when a
    /// strategy connects to another address of the same server.
    Target certificate_target_;
    std::vector<Observer> observers_;
    std::chrono::steady_clock::time_point started_{};
    int attempt_ = 0;
    SupervisorResult result_;

    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::stop_source stop_;
    std::atomic<bool> leave_running_{false};
    bool client_connected_ = false;
    std::optional<ClientOutcome> client_exited_;
    std::vector<ClientProgress> client_progress_; ///< reported, not yet given to the connect clock
};

} // namespace rdpmedic
