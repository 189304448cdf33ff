#include "rdpmedic/core/supervisor.h"

#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/i18n/filled.h"

#include "rdpmedic/core/certificate_store.h"

#include <algorithm>
#include <utility>

namespace rdpmedic {

namespace {

// How long a client asked to stop may take before the supervisor moves on; the session's
// own destructor still reaps it.
constexpr std::chrono::milliseconds kStopGrace{5000};

Failure launch_failure(const std::string& why) {
    Failure failure;
    failure.kind = FailureKind::ClientError;
    failure.retriable = false;
    failure.message = why;
    return failure;
}

// What a network probe cannot explain: the network worked, or the client never ran.
bool worth_diagnosing(FailureKind kind) {
    return kind != FailureKind::AuthenticationFailed && kind != FailureKind::ClientError;
}

} // namespace

std::string_view to_id(SupervisorState state) {
    switch (state) {
    case SupervisorState::Idle: return "idle";
    case SupervisorState::Launching: return "launching";
    case SupervisorState::Connected: return "connected";
    case SupervisorState::Failed: return "failed";
    case SupervisorState::Diagnosing: return "diagnosing";
    case SupervisorState::Fixing: return "fixing";
    case SupervisorState::Waiting: return "waiting";
    case SupervisorState::Disconnected: return "disconnected";
    case SupervisorState::GaveUp: return "gave-up";
    case SupervisorState::Cancelled: return "cancelled";
    case SupervisorState::HandedOver: return "handed-over";
    }
    return "unknown";
}

class Supervisor::Listener final : public ClientListener {
  public:
    explicit Listener(Supervisor& owner) : owner_(owner) {}
    void on_connected() override {
        {
            std::lock_guard lock(owner_.mutex_);
            owner_.client_connected_ = true;
        }
        owner_.wake_.notify_all();
    }
    void on_exited(const ClientOutcome& outcome) override {
        {
            std::lock_guard lock(owner_.mutex_);
            owner_.client_exited_ = outcome;
        }
        owner_.wake_.notify_all();
    }
    void on_progress(ClientProgress progress) override {
        {
            std::lock_guard lock(owner_.mutex_);
            owner_.client_progress_.push_back(progress);
        }
        owner_.wake_.notify_all();
    }

  private:
    Supervisor& owner_;
};

Supervisor::Supervisor(ConnectRequest request, Options options, ClientLauncher& launcher,
                       Clock& clock, Random random, FixStage* fixes, Diagnoser* diagnoser,
                       ClientHandoff* handoff, CertificateGate* certificates)
    : request_(std::move(request)), options_(std::move(options)), launcher_(launcher), clock_(clock),
      random_(std::move(random)), fixes_(fixes), diagnoser_(diagnoser), handoff_(handoff),
      certificates_(launcher.asks_about_certificates() ? nullptr : certificates),
      certificate_target_(request_.target) {
    if (options_.retry.max_attempts < 1) {
        options_.retry.max_attempts = 1;
    }
}

std::optional<CertificateDecision> Supervisor::certificate_decision(const Failure& failure,
                                                                    const std::optional<Diagnosis>& diagnosis) {
    if (!certificates_ || !diagnosis || failure.kind != FailureKind::TlsFailed) {
        return std::nullopt;
    }
    const auto certificate = untrusted_certificate(*diagnosis);
    if (!certificate) {
        return std::nullopt;
    }
    CertificateDecision decision = certificates_->decide(certificate_target_, *certificate);
    // A fingerprint the client was already given and still failed with: another attempt
    // with it would fail the same way, so the usual handling goes on.
    const bool already_given = decision.verdict == CertificateVerdict::Accepted &&
                               request_.overrides.certificate_sha256 == freerdp_fingerprint(decision.sha256);
    if (decision.verdict == CertificateVerdict::Unchanged || already_given) {
        return std::nullopt;
    }
    return decision;
}

void Supervisor::add_observer(Observer observer) { observers_.push_back(std::move(observer)); }

void Supervisor::cancel() {
    stop_.request_stop();
    wake_.notify_all();
}

void Supervisor::leave_running() {
    leave_running_ = true;
    cancel();
}

void Supervisor::publish(SupervisorState state, std::optional<Failure> failure,
                         std::chrono::milliseconds delay, std::string note,
                         std::optional<Diagnosis> diagnosis) {
    SupervisorEvent event;
    event.state = state;
    event.at = clock_.wall_now();
    event.since_start = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - started_);
    event.attempt = attempt_;
    event.max_attempts = options_.retry.max_attempts;
    event.target = request_.target;
    event.failure = std::move(failure);
    event.diagnosis = std::move(diagnosis);
    event.delay = delay;
    event.note = std::move(note);
    for (const auto& observer : observers_) {
        observer(event);
    }
}

Supervisor::Wake Supervisor::wait_for_client(std::chrono::milliseconds timeout, bool stop_on_connect) {
    std::unique_lock lock(mutex_);
    const auto ready = [&] {
        return client_exited_.has_value() || (stop_on_connect && client_connected_);
    };
    clock_.wait_for(lock, wake_, timeout, stop_.get_token(), ready);
    if (client_exited_) {
        return Wake::Exited;
    }
    if (stop_on_connect && client_connected_) {
        return Wake::Connected;
    }
    return stop_.stop_requested() ? Wake::Cancelled : Wake::TimedOut;
}

Supervisor::Wake Supervisor::wait_for_connection(ConnectClock& clock) {
    std::unique_lock lock(mutex_);
    const auto ready = [&] { return client_exited_ || client_connected_ || !client_progress_.empty(); };
    for (;;) {
        // Reports are stamped when the supervisor takes them: at most one wake-up late.
        for (const ClientProgress progress : client_progress_) {
            clock.on_progress(progress, clock_.now());
        }
        client_progress_.clear();
        if (client_exited_) {
            return Wake::Exited;
        }
        if (client_connected_) {
            return Wake::Connected;
        }
        if (stop_.stop_requested()) {
            return Wake::Cancelled;
        }
        if (clock.expired(clock_.now())) {
            return Wake::TimedOut;
        }
        const auto expires = clock.expires_at();
        const Clock::Duration wait =
            expires ? std::max(Clock::Duration{0},
                               std::chrono::ceil<Clock::Duration>(*expires - clock_.now()))
                    : Clock::kForever;
        clock_.wait_for(lock, wake_, wait, stop_.get_token(), ready);
    }
}

Failure Supervisor::timeout_failure(const ConnectClock& clock) const {
    Failure failure;
    failure.kind = FailureKind::Timeout;
    failure.retriable = is_retriable(FailureKind::Timeout);
    const std::string waited = std::to_string(options_.retry.connect_timeout.count());
    if (clock.pauses_for_dialogs()) {
        failure.message = i18n::filled(texts::kClientTimedOutWithDialogs, {launcher_.name(), waited});
        // Its dialogs may have shown where rdpmedic cannot see them (another desktop, a
        // window it does not know): the timeout may be the user's, not the network's.
        failure.no_system_change = launcher_.name() + " timed out while waiting";
    } else {
        failure.message = i18n::filled(texts::kClientTimedOut, {waited});
    }
    return failure;
}

void Supervisor::end_session(std::unique_ptr<ClientSession>& session) {
    if (!session) {
        return;
    }
    if (!leave_running_) {
        session->stop();
    } else if (session->let_go()) {
        session.reset();
        return;
    }
    {
        std::unique_lock lock(mutex_);
        // The stop token is deliberately not passed: a cancelled supervisor still waits for
        // the client it started to go away.
        clock_.wait_for(lock, wake_, kStopGrace, std::stop_token{},
                        [&] { return client_exited_.has_value(); });
    }
    session.reset();
}

SupervisorResult Supervisor::finish(SupervisorState state) {
    result_.final_state = state;
    result_.attempts = attempt_;
    return result_;
}

bool Supervisor::hand_over() {
    const std::string client = *request_.client;
    // Whatever happens, the primary client is what a further attempt uses.
    request_.client.reset();
    if (!handoff_) {
        publish(SupervisorState::Fixing, {}, {}, "handing the connection to " + client + " is not supported here");
        return false;
    }
    ConnectRequest handed = request_;
    handed.client = client;
    try {
        result_.handoff = handoff_->hand_over(handed);
    } catch (const LaunchError& error) {
        publish(SupervisorState::Fixing, {}, {},
                client + " could not be started (" + error.what() + "); trying " + launcher_.name() + " again");
        return false;
    }
    publish(SupervisorState::HandedOver, {}, {}, result_.handoff->description);
    return true;
}

SupervisorResult Supervisor::run() {
    started_ = clock_.now();
    Listener listener(*this);
    if (certificates_) {
        if (const auto accepted = certificates_->accepted_fingerprint(certificate_target_)) {
            request_.overrides.certificate_sha256 = freerdp_fingerprint(*accepted);
        }
    }

    for (attempt_ = 1; attempt_ <= options_.retry.max_attempts; ++attempt_) {
        if (stop_.stop_requested()) {
            publish(SupervisorState::Cancelled, {}, {}, "cancelled before the next attempt");
            return finish(SupervisorState::Cancelled);
        }
        {
            std::lock_guard lock(mutex_);
            client_connected_ = false;
            client_exited_.reset();
            client_progress_.clear();
        }
        publish(SupervisorState::Launching, {}, {},
                (attempt_ == 1 ? "starting " : "retrying with ") + launcher_.name() + " for " +
                    request_.target.to_string());

        std::unique_ptr<ClientSession> session;
        try {
            session = launcher_.launch(request_, listener);
        } catch (const LaunchError& error) {
            result_.last_failure = launch_failure(error.what());
            publish(SupervisorState::Failed, result_.last_failure);
            publish(SupervisorState::GaveUp, {}, {}, "the client cannot be started");
            return finish(SupervisorState::GaveUp);
        }

        ConnectClock connect_clock(options_.retry.connect_timeout,
                                   launcher_.shows_own_dialogs() ? ConnectClock::Start::AtConnecting
                                                                 : ConnectClock::Start::AtLaunch,
                                   clock_.now());
        Wake wake = wait_for_connection(connect_clock);
        if (wake == Wake::Connected || (wake == Wake::Exited && client_exited_->connected)) {
            result_.connected = true;
            publish(SupervisorState::Connected, {}, {}, "connected to " + request_.target.to_string());
            if (fixes_) {
                fixes_->on_connected(request_);
            }
            if (options_.stop_when_connected) {
                end_session(session);
                return finish(SupervisorState::Connected);
            }
            if (wake == Wake::Connected) {
                wake = wait_for_client(Clock::kForever, false);
            }
            if (wake == Wake::Cancelled) {
                end_session(session);
                publish(SupervisorState::Cancelled, {}, {},
                        leave_running_ ? "the session was left running" : "session closed on request");
                return finish(SupervisorState::Cancelled);
            }
            auto ended = client_exited_ ? client_exited_->failure : std::nullopt;
            publish(SupervisorState::Disconnected, ended, {},
                    ended ? "the session ended: " + ended->message : "the session ended");
            return finish(SupervisorState::Disconnected);
        }
        if (wake == Wake::Cancelled) {
            end_session(session);
            publish(SupervisorState::Cancelled, {}, {}, "cancelled while connecting");
            return finish(SupervisorState::Cancelled);
        }

        Failure failure;
        if (wake == Wake::TimedOut) {
            end_session(session);
            failure = timeout_failure(connect_clock);
        } else if (client_exited_->failure) {
            failure = *client_exited_->failure;
        } else {
            // Exited cleanly without ever connecting: the user closed the client.
            session.reset();
            publish(SupervisorState::Disconnected, {}, {}, "the client was closed before it connected");
            return finish(SupervisorState::Disconnected);
        }
        session.reset();
        result_.last_failure = failure;
        publish(SupervisorState::Failed, failure, {}, failure.message);

        std::optional<Diagnosis> diagnosis;
        if (diagnoser_ && worth_diagnosing(failure.kind)) {
            diagnosis = diagnoser_->diagnose(request_.target, diagnose_options(request_, options_.diagnose));
            result_.last_diagnosis = diagnosis;
            publish(SupervisorState::Diagnosing, {}, {},
                    std::string(describe_cause(diagnosis->verdict.cause)), diagnosis);
        }

        if (const auto decision = certificate_decision(failure, diagnosis)) {
            if (decision->verdict == CertificateVerdict::Refused) {
                publish(SupervisorState::GaveUp, {}, {}, decision->note);
                return finish(SupervisorState::GaveUp);
            }
            // Accepted: the next attempt carries the fingerprint, at once and even after the
            // last planned attempt; the backoff and the fix stage answer other failures.
            request_.overrides.certificate_sha256 = freerdp_fingerprint(decision->sha256);
            publish(SupervisorState::Fixing, {}, {}, decision->note);
            if (attempt_ == options_.retry.max_attempts) {
                ++options_.retry.max_attempts;
            }
            continue;
        }
        const int max_attempts = options_.retry.max_attempts;
        if (!failure.retriable) {
            publish(SupervisorState::GaveUp, {}, {}, 
                    i18n::filled(texts::kNotRetrying, {std::string(to_id(failure.kind))}));
            return finish(SupervisorState::GaveUp);
        }
        if (attempt_ == max_attempts) {
            publish(SupervisorState::GaveUp, {}, {},
                    i18n::filled(texts::kGaveUp, {std::to_string(max_attempts)}));
            return finish(SupervisorState::GaveUp);
        }
        if (fixes_) {
            publish(SupervisorState::Fixing, {}, {}, "choosing fix strategies");
            const FixReport report =
                fixes_->on_failure(failure, diagnosis ? &*diagnosis : nullptr, attempt_, request_);
            for (const auto& line : report.applied) {
                publish(SupervisorState::Fixing, {}, {}, line);
            }
            // Another client takes over at once: the backoff spares a server the same client's
            // retries, and this is not one.
            if (request_.client && hand_over()) {
                return finish(SupervisorState::HandedOver);
            }
        }
        const auto delay = backoff_delay(options_.retry, attempt_, random_ ? random_() : 0.5);
        publish(SupervisorState::Waiting, {}, delay,
                "next attempt in " + std::to_string(delay.count()) + " ms");
        std::unique_lock lock(mutex_);
        clock_.wait_for(lock, wake_, delay, stop_.get_token(), [] { return false; });
        if (stop_.stop_requested()) {
            lock.unlock();
            publish(SupervisorState::Cancelled, {}, {}, "cancelled while waiting to retry");
            return finish(SupervisorState::Cancelled);
        }
    }
    return finish(SupervisorState::GaveUp); // not reached: the loop returns on its last attempt
}

} // namespace rdpmedic
