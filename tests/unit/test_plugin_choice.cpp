// The user's say over plugins: which run, in which order, and which changes ask first.
#include "rdpmedic/core/plugin_choice.h"
#include "rdpmedic/plugins/plugin_fix_stage.h"

#include <catch2/catch.hpp>

using rdpmedic::arrange_plugins;
using rdpmedic::enabled_plugins;
using rdpmedic::move_plugin;
using Ids = std::vector<std::string>;

TEST_CASE("plugin order: the user's first, newly found ones after, vanished ones dropped", "[plugins][settings]") {
    const Ids found{"a.one", "a.two", "a.three", "a.new"};
    CHECK(arrange_plugins(found, {}) == found);
    CHECK(arrange_plugins(found, {"a.three", "a.one", "a.gone", "a.two"}) == Ids{"a.three", "a.one", "a.two", "a.new"});
    CHECK(arrange_plugins(found, {"a.two", "a.two"}) == Ids{"a.two", "a.one", "a.three", "a.new"});
}

TEST_CASE("plugins turned off are left out, whatever their place", "[plugins][settings]") {
    const Ids found{"a.one", "a.two", "a.three"};
    CHECK(enabled_plugins(found, {"a.three", "a.two"}, {"a.two"}) == Ids{"a.three", "a.one"});
    CHECK(enabled_plugins(found, {}, {"a.one", "a.two", "a.three"}).empty());
    CHECK(enabled_plugins(found, {}, {"a.elsewhere"}) == found);
}

TEST_CASE("moving a plugin up and down stops at the ends", "[plugins][settings]") {
    Ids ids{"a.one", "a.two", "a.three"};
    CHECK(move_plugin(ids, "a.three", -1));
    CHECK(ids == Ids{"a.one", "a.three", "a.two"});
    CHECK(move_plugin(ids, "a.one", +1));
    CHECK(ids == Ids{"a.three", "a.one", "a.two"});
    CHECK_FALSE(move_plugin(ids, "a.three", -1));
    CHECK_FALSE(move_plugin(ids, "a.two", +1));
    CHECK_FALSE(move_plugin(ids, "a.missing", -1));
    CHECK(ids == Ids{"a.three", "a.one", "a.two"});
}

TEST_CASE("consent: marked changes always ask, the settings add system-wide or per-connection ones",
          "[plugins][consent]") {
    using rdpmedic::plugins::Change;
    using rdpmedic::plugins::ChangeKind;
    using AskBefore = rdpmedic::plugins::PluginFixStage::AskBefore;
    Change system;
    system.kind = ChangeKind::RegistrySet;
    system.key = "HKLM\\SOFTWARE\\Microsoft\\Terminal Server Client";
    Change connection;
    connection.kind = ChangeKind::ClientArgument;
    connection.value.data = "/sec:tls";
    Change lowering = connection;
    lowering.needs_consent = true;

    const AskBefore neither{};
    const AskBefore settings_default{true, false}; // ask before system changes, apply the others
    const AskBefore both{true, true};
    CHECK_FALSE(needs_asking(system, neither));
    CHECK_FALSE(needs_asking(connection, neither));
    CHECK(needs_asking(lowering, neither));
    CHECK(needs_asking(system, settings_default));
    CHECK_FALSE(needs_asking(connection, settings_default));
    CHECK(needs_asking(connection, both));
    CHECK(needs_asking(lowering, both));
}
