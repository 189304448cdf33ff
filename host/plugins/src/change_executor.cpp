#include "rdpmedic/plugins/change_executor.h"

#include <algorithm>

namespace rdpmedic::plugins {

namespace {

/// A value of another registry type journaled as it was (Windows: "TYPE:HEX"): held to the
/// size of a new value, and never a REG_LINK (6), which could point the key elsewhere.
void check_raw_prior(const std::string& data) {
    const auto colon = data.find(':');
    const std::string type = data.substr(0, colon);
    const bool hex = colon != std::string::npos &&
                     data.find_first_not_of("0123456789abcdefABCDEF", colon + 1) == std::string::npos &&
                     (data.size() - colon - 1) % 2 == 0;
    if (type.empty() || type.size() > 2 || type.find_first_not_of("0123456789") != std::string::npos ||
        type == "6" || !hex || data.size() - colon - 1 > 2 * 4096) {
        throw ChangeError("a raw prior value must be TYPE:HEX of at most 4096 bytes and not a link");
    }
}

/// Why restoring `entry` is refused: the journal is the user's file and may be forged, so
/// what it asks to restore passes the same allowlist, types and sizes as a new change.
std::string why_not_restorable(const JournalEntry& entry) {
    try {
        const Change& change = entry.change;
        if (change.kind == ChangeKind::InterfaceMtu) {
            check_allowlisted(change);
            if (change.name.empty() || !entry.prior || entry.prior->type != "dword") {
                throw ChangeError("an interface MTU entry names its interface and the MTU it had");
            }
            check_mtu(entry.prior->data, kLowestRestoredMtu, kHighestRestoredMtu);
        } else if (change.kind != ChangeKind::RegistrySet && change.kind != ChangeKind::RegistryDelete) {
            check_allowlisted(change);
        } else if (entry.prior && entry.prior->type == "raw") {
            check_restorable_value(change.key, change.name, std::nullopt);
            check_raw_prior(entry.prior->data);
        } else {
            check_restorable_value(change.key, change.name, entry.prior);
        }
    } catch (const ChangeError& error) {
        return error.what();
    }
    return {};
}

bool is_ipv6(const std::string& address) { return address.find(':') != std::string::npos; }

std::uint32_t mtu_number(const std::string& text) { return static_cast<std::uint32_t>(std::stoul(text)); }

/// Undo puts back what the interface had, on the interface found when the change was made.
void restore(const JournalEntry& entry, SystemValues& values) {
    const Change& change = entry.change;
    if (change.kind == ChangeKind::InterfaceMtu) {
        values.set_interface_mtu(change.name, mtu_number(entry.prior->data), is_ipv6(change.key));
    } else if (entry.prior) {
        values.write(change.key, change.name, *entry.prior);
    } else {
        values.remove(change.key, change.name);
    }
}

} // namespace

ApplyOutcome apply_journaled(const std::string& plugin, const Change& requested, Journal& journal,
                             SystemValues& values, const StepHook& hook) {
    try {
        check_allowlisted(requested);
    } catch (const ChangeError& error) {
        return {false, {}, std::string("refused: ") + error.what()};
    }
    if (!is_system_change(requested)) {
        return {false, {}, "refused: " + describe(requested) + " is not a system change"};
    }
    Change change = requested;
    std::optional<StoredValue> prior;
    try {
        if (change.kind == ChangeKind::InterfaceMtu) {
            // The journal names the interface the route goes through now and the command that
            // changes it, so undo acts on that interface even if the route moves.
            const RouteInterface found = values.route_interface(change.key);
            change.name = found.name;
            prior = StoredValue{"dword", std::to_string(found.mtu)};
            std::string command;
            for (const auto& part : interface_mtu_command(found.name, mtu_number(change.value.data), is_ipv6(change.key))) {
                command += (command.empty() ? "" : " ") + part;
            }
            change.note = command;
            check_allowlisted(change);
        } else if (change.kind != ChangeKind::SystemAction) {
            prior = values.read(change.key, change.name);
        }
    } catch (const std::exception& error) {
        return {false, {}, "refused: " + describe(change) + ": " + error.what()};
    }
    const std::string id = journal.begin(plugin, change, prior);
    if (hook) {
        hook("journaled");
    }
    std::string note;
    try {
        switch (change.kind) {
        case ChangeKind::RegistrySet: values.write(change.key, change.name, change.value); break;
        case ChangeKind::RegistryDelete: values.remove(change.key, change.name); break;
        case ChangeKind::SystemAction: note = values.run_action(change.value.data); break;
        case ChangeKind::InterfaceMtu:
            values.set_interface_mtu(change.name, mtu_number(change.value.data), is_ipv6(change.key));
            note = "was " + prior->data;
            break;
        default: break;
        }
    } catch (const std::exception& error) {
        journal.mark(id, JournalState::Failed, error.what());
        return {false, id, describe(change) + " failed: " + error.what()};
    }
    if (hook) {
        hook("changed");
    }
    journal.mark(id, JournalState::Done);
    return {true, id, describe(change) + (note.empty() ? "" : " (" + note + ")")};
}

UndoOutcome undo_journaled(const std::vector<std::string>& ids, Journal& journal, SystemValues& values,
                           const StepHook& hook) {
    UndoOutcome outcome;
    JournalReading reading = journal.read();
    for (const auto& problem : reading.problems) {
        outcome.skipped.push_back(describe(problem));
    }
    std::vector<JournalEntry>& entries = reading.entries;
    std::reverse(entries.begin(), entries.end());
    for (const auto& wanted : ids) {
        const bool known = std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return e.id == wanted; });
        if (!known) {
            outcome.failed.push_back(wanted + ": no such change in the journal");
        }
    }
    for (const auto& entry : entries) {
        if (!ids.empty() && std::find(ids.begin(), ids.end(), entry.id) == ids.end()) {
            continue;
        }
        if (!is_reversible(entry.change)) {
            if (!ids.empty()) {
                outcome.skipped.push_back(entry.id + ": " + describe(entry.change) + " cannot be taken back");
            }
            continue;
        }
        if (!entry.needs_undo()) {
            if (!ids.empty()) {
                outcome.skipped.push_back(entry.id + ": already " + std::string(to_id(entry.state)));
            }
            continue;
        }
        if (const std::string why = why_not_restorable(entry); !why.empty()) {
            outcome.failed.push_back(entry.id + ": refused: the journal asks to restore what no change may write (" +
                                     why + "); the entry is left as it is and nothing was written");
            continue;
        }
        try {
            journal.mark(entry.id, JournalState::Undoing);
            if (hook) {
                hook("undo-journaled");
            }
            restore(entry, values);
            journal.mark(entry.id, JournalState::Undone);
            outcome.undone.push_back(entry.id);
        } catch (const std::exception& error) {
            outcome.failed.push_back(entry.id + ": " + error.what());
        }
    }
    return outcome;
}

} // namespace rdpmedic::plugins
