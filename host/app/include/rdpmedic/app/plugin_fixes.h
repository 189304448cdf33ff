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

struct PluginFixesOptions {
    /// Asked before a change a strategy marks as needing consent (it lowers security, …);
    /// `what` says what would be done. Without it such changes are only reported.
    std::function<bool(const std::string& plugin, const std::string& what)> consent;
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
    /// The plugins that passed the checks, by folder name.
    const std::vector<std::string>& loaded() const;

  private:
    struct Parts;
    explicit PluginFixes(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

} // namespace rdpmedic::app
