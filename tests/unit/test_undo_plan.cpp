#include "rdpmedic/plugins/undo_plan.h"

#include <catch2/catch.hpp>

using namespace rdpmedic::plugins;

namespace {

JournalEntry entry(const std::string& id, const std::string& key, JournalState state) {
    JournalEntry e;
    e.id = id;
    e.change.kind = ChangeKind::RegistrySet;
    e.change.key = key;
    e.change.name = "Value";
    e.change.value = {"dword", "1"};
    e.state = state;
    return e;
}

const std::string kMachine = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client";
const std::string kUser = "HKCU\\Software\\Microsoft\\Terminal Server Client";

} // namespace

TEST_CASE("undo: HKCU values are restored by the user's own helper, HKLM ones by the elevated one", "[undo]") {
    const std::vector<JournalEntry> journal = {
        entry("1", kMachine, JournalState::Done),   entry("2", kUser, JournalState::Done),
        entry("3", kUser, JournalState::Undone),    entry("4", kMachine, JournalState::Failed),
        entry("5", kUser, JournalState::Pending),   entry("6", kMachine, JournalState::Undoing),
    };
    SECTION("everything that still needs undoing") {
        const UndoPlan plan = plan_undo(journal, {});
        CHECK(plan.as_user == std::vector<std::string>{"2", "5"});
        CHECK(plan.elevated == std::vector<std::string>{"1", "6"});
    }
    SECTION("named changes; unknown or finished ones go to the user's helper, which reports them") {
        const UndoPlan plan = plan_undo(journal, {"2", "1", "3", "4", "99"});
        CHECK(plan.as_user == std::vector<std::string>{"2", "3", "4", "99"});
        CHECK(plan.elevated == std::vector<std::string>{"1"});
    }
    SECTION("a journal of HKCU changes never asks for an administrator") {
        const UndoPlan plan = plan_undo({entry("1", kUser, JournalState::Done)}, {});
        CHECK(plan.elevated.empty());
        CHECK(plan.as_user == std::vector<std::string>{"1"});
    }
}

TEST_CASE("undo: the machine-wide changes are the HKLM ones still in effect, pending and half-undone included",
          "[undo]") {
    const std::vector<JournalEntry> journal = {
        entry("1", kMachine, JournalState::Done),    entry("2", kUser, JournalState::Done),
        entry("3", kMachine, JournalState::Undone),  entry("4", kMachine, JournalState::Failed),
        entry("5", kMachine, JournalState::Pending), entry("6", kMachine, JournalState::Undoing),
    };
    std::vector<std::string> ids;
    for (const auto& change : machine_wide_changes(journal)) {
        ids.push_back(change.id);
    }
    CHECK(ids == std::vector<std::string>{"1", "5", "6"});
}
