#pragma once
/// The plugin host's fix stage as a front end gets it: the user's trusted, checked plugins,
/// the unelevated worker that runs them, the change host that journals system changes, and
/// the memory of what fixed each target before.

#include "rdpmedic/core/supervisor.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rdpmedic::app {

/// What the user is asked to allow: enough to decide without knowing the plugin.
struct ConsentRequest {
    std::string plugin;     ///< its id
    std::string what;       ///< "add client argument /sec:rdp", "set HKLM\\…\\X = 1 (dword)"
    std::string why;        ///< the plugin's own words (what it lowers, the lasting fix); may be empty
    bool system_wide = false; ///< changes the system (journaled); otherwise the next attempt only
    bool elevated = false;    ///< needs administrator rights
    bool reversible = true;   ///< "Undo last change" can take it back
    bool lowers_security = false; ///< the plugin marked it as needing consent
};

/// How a change in `request` is taken back, in words for the dialog or the log.
std::string how_to_undo(const ConsentRequest& request);

struct PluginFixesOptions {
    /// Asked, on the connection's thread, before a change that needs consent: one the strategy
    /// marked (it lowers security, …) and those `ask_before` names. True carries it out.
    /// Without it such changes are only reported.
    std::function<bool(const ConsentRequest&)> consent;
    /// Which changes besides the marked ones need consent (the settings' "ask before any
    /// system-wide or elevated change" and the opposite of "apply per-connection changes
    /// automatically").
    bool ask_before_system_changes = false;
    bool ask_before_connection_changes = false;
    /// Plugin ids the user arranged, first tried first (empty: best score first), and the ones
    /// the user turned off: those are never loaded.
    std::vector<std::string> plugin_order;
    std::vector<std::string> plugins_disabled;
    /// When not empty, only plugins signed by these publisher key ids may load, whatever else
    /// the trusted-keys folders hold (an organization's policy limits it so).
    std::vector<std::string> trusted_publisher_keys;
    /// A line for the user: a refused plugin, a faulting one, a strategy's advice.
    std::function<void(const std::string&)> notice;
    /// The client and the arguments it always gets, so strategies see the real request.
    std::string client_name = "xfreerdp";
    std::vector<std::string> client_args;
};

class PluginFixes {
  public:
    /// Null, after a notice saying why, when no plugin can be used (none installed, none
    /// trusted, worker or helper missing): the connection then runs without fixes.
    static std::unique_ptr<PluginFixes> create(PluginFixesOptions options);
    ~PluginFixes();
    PluginFixes(const PluginFixes&) = delete;
    PluginFixes& operator=(const PluginFixes&) = delete;

    FixStage& stage();
    /// The plugins that passed the checks and are enabled, by id, in the order they are tried.
    const std::vector<std::string>& loaded() const;

  private:
    struct Parts;
    explicit PluginFixes(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

} // namespace rdpmedic::app
