#pragma once
/// Carries out journaled system changes and their undo. Runs in rdpmedic-helper, the only
/// process that changes the system; never plugin code.

#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/system_values.h"

#include <functional>
#include <string>
#include <vector>

namespace rdpmedic::plugins {

/// Called after each durable step ("journaled", "changed", "undo-journaled"); the crash
/// tests stop the helper there and kill it.
using StepHook = std::function<void(const std::string& step)>;

struct ApplyOutcome {
    bool ok = false;
    std::string id;      ///< the journal id, also when the change failed after journaling
    std::string message; ///< what was done, or why not
};

/// Journal (with the prior value), change, mark done. A change outside the allowlist or
/// not a system change is refused before anything is written.
ApplyOutcome apply_journaled(const std::string& plugin, const Change& change, Journal& journal,
                             SystemValues& values, const StepHook& hook = {});

struct UndoOutcome {
    std::vector<std::string> undone;
    std::vector<std::string> skipped; ///< "ID: why"
    std::vector<std::string> failed;  ///< "ID: why"
};

/// Restores prior values, newest change first. `ids` empty means every change that still
/// needs undoing. Restoring is idempotent, so a change whose undo was interrupted (or
/// whose apply was) is simply restored again.
UndoOutcome undo_journaled(const std::vector<std::string>& ids, Journal& journal, SystemValues& values,
                           const StepHook& hook = {});

} // namespace rdpmedic::plugins
