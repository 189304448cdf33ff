// A push subscription (EvtSubscribe with a callback) on the RDP client's Operational channel.
// Each delivered event is rendered to XML and goes through the same parser and correlation
// as an exported log.
#include "rdpmedic/platform/rdp_client_events.h"
#include "rdpmedic/platform/user_sid.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <mutex>
#include <vector>
#include <winevt.h>

namespace rdpmedic {

namespace {

constexpr const wchar_t* kChannel = L"Microsoft-Windows-TerminalServices-RDPClient/Operational";
constexpr const char* kChannelName = "Microsoft-Windows-TerminalServices-RDPClient/Operational";

[[noreturn]] void unavailable(const std::string& why) {
    throw EventWatchError("event log subscription unavailable: " + why);
}

std::string explain(DWORD error) {
    switch (error) {
    case ERROR_EVT_CHANNEL_NOT_FOUND:
        return std::string("the channel ") + kChannelName +
               " does not exist on this machine: the Remote Desktop client (mstsc) is not "
               "installed";
    case ERROR_ACCESS_DENIED:
        return std::string("access to ") + kChannelName +
               " is denied: add this user to the local group \"Event Log Readers\"";
    case ERROR_CALL_NOT_IMPLEMENTED:
    case ERROR_NOT_SUPPORTED:
    case ERROR_INVALID_FUNCTION:
        return "this system does not implement event log subscriptions (" +
               windows_error_text(error) + ")";
    case RPC_S_SERVER_UNAVAILABLE:
        return "the Windows Event Log service is not running: start the service \"eventlog\"";
    default:
        return "subscribing to " + std::string(kChannelName) +
               " failed: " + windows_error_text(error);
    }
}

/// EVT_HANDLEs this file opens itself. Handles delivered to the callback belong to the
/// subscription and are never closed here.
class EvtHandle {
  public:
    explicit EvtHandle(EVT_HANDLE handle = nullptr) : handle_(handle) {}
    ~EvtHandle() { reset(); }
    EvtHandle(const EvtHandle&) = delete;
    EvtHandle& operator=(const EvtHandle&) = delete;
    EVT_HANDLE get() const { return handle_; }
    void reset() {
        if (handle_ != nullptr) {
            EvtClose(handle_);
            handle_ = nullptr;
        }
    }

  private:
    EVT_HANDLE handle_;
};

/// A channel that exists but is disabled delivers nothing; say so instead of waiting forever.
void require_enabled_channel() {
    EvtHandle config(EvtOpenChannelConfig(nullptr, kChannel, 0));
    if (config.get() == nullptr) {
        unavailable(explain(GetLastError()));
    }
    EVT_VARIANT value{};
    DWORD used = 0;
    if (EvtGetChannelConfigProperty(config.get(), EvtChannelConfigEnabled, 0, sizeof value, &value,
                                    &used) &&
        value.Type == EvtVarTypeBoolean && !value.BooleanVal) {
        unavailable(std::string("the channel ") + kChannelName +
                    " is disabled: enable it with `wevtutil sl " + kChannelName + " /e:true`");
    }
}

std::string render_xml(EVT_HANDLE event) {
    DWORD used = 0;
    DWORD properties = 0;
    if (EvtRender(nullptr, event, EvtRenderEventXml, 0, nullptr, &used, &properties)) {
        return {};
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
        throw std::system_error(static_cast<int>(GetLastError()), windows_category(), "EvtRender");
    }
    std::vector<wchar_t> buffer(used / sizeof(wchar_t) + 1);
    if (!EvtRender(nullptr, event, EvtRenderEventXml,
                   static_cast<DWORD>(buffer.size() * sizeof(wchar_t)), buffer.data(), &used,
                   &properties)) {
        throw std::system_error(static_cast<int>(GetLastError()), windows_category(), "EvtRender");
    }
    std::wstring_view xml(buffer.data(), used / sizeof(wchar_t));
    while (!xml.empty() && xml.back() == L'\0') {
        xml.remove_suffix(1);
    }
    return narrow(xml);
}

class EvtSubscription final : public RdpClientEventWatcher {
  public:
    EvtSubscription(Observer on_update, ErrorObserver on_error, const std::string& user_sid)
        : on_update_(std::move(on_update)), on_error_(std::move(on_error)), tracker_(user_sid) {
        require_enabled_channel();
        // Only this user's connections: the channel is machine-wide, and on a jump host or
        // session host it holds every signed-in user's servers and failures.
        const std::wstring query = widen(rdp_client_event_query(user_sid));
        subscription_ = EvtSubscribe(nullptr, nullptr, kChannel, query.c_str(), nullptr, this,
                                     &EvtSubscription::callback, EvtSubscribeToFutureEvents);
        if (subscription_ == nullptr) {
            unavailable(explain(GetLastError()));
        }
    }

    ~EvtSubscription() override { stop(); }

    void stop() override {
        {
            std::lock_guard lock(mutex_);
            if (stopped_) {
                return;
            }
            stopped_ = true;
        }
        // Closing a push subscription waits for a callback that is running to return; the
        // callback takes the lock, so it must not be held here.
        EvtClose(subscription_);
        subscription_ = nullptr;
        // A callback that entered before stopped_ was set has finished once this lock is free.
        std::lock_guard lock(mutex_);
    }

  private:
    static DWORD WINAPI callback(EVT_SUBSCRIBE_NOTIFY_ACTION action, PVOID context,
                                 EVT_HANDLE event) {
        auto* self = static_cast<EvtSubscription*>(context);
        std::lock_guard lock(self->mutex_);
        if (self->stopped_) {
            return ERROR_SUCCESS;
        }
        if (action == EvtSubscribeActionError) {
            // For errors the "event" is the Win32 error code.
            const auto code = static_cast<DWORD>(reinterpret_cast<ULONG_PTR>(event));
            self->report(code == static_cast<DWORD>(ERROR_EVT_QUERY_RESULT_STALE)
                             ? "events of the RDP client were lost (the log wrapped faster than "
                               "they were read)"
                             : "the RDP client's event log subscription reported: " +
                                   windows_error_text(code));
            return ERROR_SUCCESS;
        }
        try {
            for (const auto& update : self->tracker_.feed_xml(render_xml(event))) {
                self->on_update_(update);
            }
        } catch (const std::exception& error) {
            self->report(std::string("an RDP client event could not be read: ") + error.what());
        } catch (...) {
            // Nothing may unwind into the event log service's thread.
            self->report("an RDP client event could not be handled");
        }
        return ERROR_SUCCESS;
    }

    void report(const std::string& problem) {
        if (on_error_) {
            on_error_(problem);
        }
    }

    Observer on_update_;
    ErrorObserver on_error_;
    std::mutex mutex_; ///< one callback at a time; guards tracker_ and stopped_
    RdpClientEventTracker tracker_;
    bool stopped_ = false;
    EVT_HANDLE subscription_ = nullptr;
};

} // namespace

std::unique_ptr<RdpClientEventWatcher>
watch_rdp_client_events(RdpClientEventWatcher::Observer on_update,
                        RdpClientEventWatcher::ErrorObserver on_error) {
    std::string user_sid;
    try {
        user_sid = current_user_sid();
    } catch (const std::system_error& error) {
        unavailable(std::string("this user's account cannot be read, so their connections cannot "
                                "be told from other users' (") +
                    error.what() + ")");
    }
    return std::make_unique<EvtSubscription>(std::move(on_update), std::move(on_error), user_sid);
}

} // namespace rdpmedic
