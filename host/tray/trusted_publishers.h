#pragma once
/// The "Trusted publishers" section of Settings…: the publisher keys whose signed plugins may
/// load. The user's own keys are added (a .pub file) and removed here, on disk at once, the
/// same way `rdpmedic-cli plugins trust` and `untrust` do it; the system's keys (installed
/// with rdpmedic for every user) are listed but only an administrator can remove them. When
/// the organization's policy limits the keys that count, the keys it leaves out say so and
/// one cannot be added.

#include "rdpmedic/core/policy.h"

#include <wx/panel.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

class wxButton;
class wxListCtrl;
class wxStaticText;

namespace rdpmedic::tray {

class TrustedPublishers : public wxPanel {
  public:
    /// `on_changed` runs after a key was added or removed, so whoever shows which plugins
    /// are trusted can look again. `effective`: the settings in use, for the policy's keys.
    TrustedPublishers(wxWindow* parent, const EffectiveSettings& effective, std::function<void()> on_changed);

  private:
    struct Key {
        std::string id;
        bool system = false;
        std::filesystem::path file;
    };

    /// Reads both trust folders again and selects `id`'s row (else the first).
    void fill(const std::string& id = {});
    /// The selected row's key, or null.
    const Key* selected() const;
    void show_selected();
    void add();
    void remove();
    void changed();

    std::function<void()> m_on_changed;
    EffectiveSettings m_effective;
    std::filesystem::path m_user_dir;
    std::filesystem::path m_system_dir;
    std::vector<Key> m_keys; ///< one per row, the user's first
    wxListCtrl* m_list = nullptr;
    wxStaticText* m_about = nullptr; ///< what the selected key is and whether it can be removed
    wxButton* m_add = nullptr;
    wxButton* m_remove = nullptr;
};

} // namespace rdpmedic::tray
