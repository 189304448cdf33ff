#include "rdpmedic/platform/policy_source.h"

#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <cstring>
#include <tuple>
#include <vector>

namespace rdpmedic {

namespace {

constexpr const wchar_t* kPolicyKey = L"Software\\Policies\\rdpmedic";

/// The strings of a REG_MULTI_SZ: each ends in a NUL, the list in a second one.
nlohmann::json multi_string(const std::vector<BYTE>& data) {
    nlohmann::json list = nlohmann::json::array();
    const auto* text = reinterpret_cast<const wchar_t*>(data.data());
    const std::size_t length = data.size() / sizeof(wchar_t);
    std::size_t start = 0;
    for (std::size_t i = 0; i < length; ++i) {
        if (text[i] == L'\0') {
            if (i == start) {
                break;
            }
            list.push_back(narrow(std::wstring_view(text + start, i - start)));
            start = i + 1;
        }
    }
    return list;
}

/// REG_SZ data, without the NUL it usually (but not always) ends in.
std::string single_string(const std::vector<BYTE>& data) {
    std::wstring_view text(reinterpret_cast<const wchar_t*>(data.data()), data.size() / sizeof(wchar_t));
    while (!text.empty() && text.back() == L'\0') {
        text.remove_suffix(1);
    }
    return narrow(text);
}

/// One value as core reads it, or null (with a problem) for a type rdpmedic does not take.
nlohmann::json value_of(DWORD type, const std::vector<BYTE>& data) {
    switch (type) {
    case REG_DWORD:
        if (data.size() >= sizeof(DWORD)) {
            DWORD number = 0;
            std::memcpy(&number, data.data(), sizeof number);
            return static_cast<long long>(number);
        }
        return nullptr;
    case REG_QWORD:
        if (data.size() >= sizeof(unsigned long long)) {
            unsigned long long number = 0;
            std::memcpy(&number, data.data(), sizeof number);
            return number;
        }
        return nullptr;
    case REG_SZ:
    case REG_EXPAND_SZ: return single_string(data);
    case REG_MULTI_SZ: return multi_string(data);
    default: return nullptr;
    }
}

class RegistryPolicy final : public PolicySource {
  public:
    std::vector<PolicyLayer> read() const override {
        std::vector<PolicyLayer> layers;
        for (const auto& [root, scope, name] : {std::tuple{HKEY_LOCAL_MACHINE, PolicyScope::Machine, "HKLM"},
                                                std::tuple{HKEY_CURRENT_USER, PolicyScope::User, "HKCU"}}) {
            HKEY key = nullptr;
            const LSTATUS opened = RegOpenKeyExW(root, kPolicyKey, 0, KEY_READ, &key);
            if (opened == ERROR_FILE_NOT_FOUND) {
                continue;
            }
            PolicyLayer layer;
            layer.scope = scope;
            layer.origin = std::string(name) + "\\Software\\Policies\\rdpmedic";
            if (opened != ERROR_SUCCESS) {
                layer.problems.push_back("cannot be opened (error " + std::to_string(opened) + ")");
            } else {
                read_values(key, layer);
                RegCloseKey(key);
            }
            layers.push_back(std::move(layer));
        }
        return layers;
    }

  private:
    static void read_values(HKEY key, PolicyLayer& layer) {
        DWORD count = 0;
        DWORD longest_name = 0;
        DWORD largest_data = 0;
        if (RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, &count, &longest_name,
                             &largest_data, nullptr, nullptr) != ERROR_SUCCESS) {
            layer.problems.push_back("cannot be read");
            return;
        }
        for (DWORD index = 0; index < count; ++index) {
            std::vector<wchar_t> name(longest_name + 1);
            // Room for a NUL after the data, so a string that lacks its own still ends.
            std::vector<BYTE> data(largest_data + sizeof(wchar_t) * 2);
            DWORD name_length = static_cast<DWORD>(name.size());
            DWORD data_size = static_cast<DWORD>(data.size());
            DWORD type = REG_NONE;
            if (RegEnumValueW(key, index, name.data(), &name_length, nullptr, &type, data.data(), &data_size) !=
                ERROR_SUCCESS) {
                continue; // changed while being read: what is left still counts
            }
            data.resize(data_size);
            const std::string value_name = narrow(std::wstring_view(name.data(), name_length));
            if (value_name.empty()) {
                continue; // the key's default value is no setting
            }
            const PolicySetting* setting = policy_setting_for_registry_name(value_name);
            const nlohmann::json value = value_of(type, data);
            if (value.is_null()) {
                layer.problems.push_back(value_name + " has registry type " + std::to_string(type) +
                                         ", which rdpmedic does not read (DWORD, SZ or MULTI_SZ); ignored");
                continue;
            }
            layer.values[setting ? setting->key : value_name] = value;
        }
    }
};

} // namespace

std::unique_ptr<PolicySource> make_policy_source(const std::filesystem::path&) {
    return std::make_unique<RegistryPolicy>();
}

} // namespace rdpmedic
