#pragma once
/// Carries out the system changes strategies ask for, and undoes them, through
/// rdpmedic-helper: journaled before each step, elevated only where the change needs it
/// (pkexec on Linux; used directly when this process already has the rights).
///
/// Helper protocol: one JSON line on stdin, one on stdout.
///   {"op":"apply","journal":PATH,"plugin":ID,"change":{…}[,"consent":"given"]} → {"ok":true,"id":"3","message":"…"}
///   {"op":"undo","journal":PATH,"ids":["3"]|[]}             → {"ok":true,"undone":[…],"skipped":[…],"failed":[…]}

#include "rdpmedic/plugins/change.h"
#include "rdpmedic/plugins/change_executor.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace rdpmedic {
class CancelEvent;
}

namespace rdpmedic::plugins {

class ChangeHost {
  public:
    struct Options {
        std::filesystem::path helper;  ///< rdpmedic-helper
        std::filesystem::path journal; ///< STATE_DIR/journal.jsonl
        /// Windows: the window (HWND) the administrator prompt belongs to, so that it opens in
        /// front of it rather than behind everything; null: the foreground window.
        void* prompt_owner = nullptr;
    };

    explicit ChangeHost(Options options);

    /// Never throws for what the helper reports; ok=false says why. A change that needs
    /// consent is passed only once the user gave it (PluginFixStage asks first): the request
    /// then says so, and the helper refuses such a change without it.
    ApplyOutcome apply(const std::string& plugin, const Change& change);
    /// `ids` empty: everything that still needs undoing.
    UndoOutcome undo(const std::vector<std::string>& ids);

    const std::filesystem::path& journal() const { return options_.journal; }

    /// From any thread (the user cancelled or quit): a wait for the elevated helper ends now,
    /// and no administrator prompt is started any more. The helper gets a moment to finish,
    /// then is stopped; whatever it journaled, rdpmedic-cli undo takes back. Copies share it.
    void cancel();

  private:
    std::string run_helper(const std::string& request, bool elevate);

    Options options_;
    std::shared_ptr<CancelEvent> cancelled_;
};

} // namespace rdpmedic::plugins
