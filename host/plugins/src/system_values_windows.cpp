#include "rdpmedic/plugins/system_values.h"

#include "last_line.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/dns_cache.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace rdpmedic::plugins {

namespace {

struct KeyName {
    HKEY root = nullptr;
    std::wstring subkey;
};

bool starts_with_root(const std::string& key, std::string_view root) {
    if (key.size() <= root.size() || key[root.size()] != '\\') {
        return false;
    }
    for (std::size_t i = 0; i < root.size(); ++i) {
        if ((key[i] & ~0x20) != root[i]) { // ASCII letters, case-insensitive
            return false;
        }
    }
    return true;
}

KeyName parse_key(const std::string& key) {
    if (starts_with_root(key, "HKLM")) {
        return {HKEY_LOCAL_MACHINE, widen(key.substr(5))};
    }
    if (starts_with_root(key, "HKCU")) {
        return {HKEY_CURRENT_USER, widen(key.substr(5))};
    }
    throw std::runtime_error("registry key \"" + key + "\" is neither under HKLM nor under HKCU");
}

[[noreturn]] void fail(const std::string& key, const std::string& name, const std::string& what, LSTATUS status) {
    throw std::runtime_error(key + "\\" + name + " cannot be " + what + ": " +
                             windows_error_text(static_cast<unsigned long>(status)));
}

class OpenKey {
  public:
    OpenKey() = default;
    ~OpenKey() {
        if (key_ != nullptr) {
            RegCloseKey(key_);
        }
    }
    OpenKey(const OpenKey&) = delete;
    OpenKey& operator=(const OpenKey&) = delete;
    HKEY* out() { return &key_; }
    HKEY get() const { return key_; }

  private:
    HKEY key_ = nullptr;
};

std::string to_hex(const std::vector<unsigned char>& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (const unsigned char byte : bytes) {
        hex.push_back(digits[byte >> 4]);
        hex.push_back(digits[byte & 0xF]);
    }
    return hex;
}

std::vector<unsigned char> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        throw std::runtime_error("a raw registry value has an odd number of hex digits");
    }
    std::vector<unsigned char> bytes;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        unsigned value = 0;
        const auto [next, error] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
        if (error != std::errc{} || next != hex.data() + i + 2) {
            throw std::runtime_error("a raw registry value holds something other than hex digits");
        }
        bytes.push_back(static_cast<unsigned char>(value));
    }
    return bytes;
}

/// REG_SZ data that converts to UTF-8 and back to the same bytes: one terminating NUL, none
/// inside, no lone surrogates. Anything else is kept raw so that undo writes it back as it was.
std::optional<std::string> exact_text(const std::vector<unsigned char>& bytes) {
    if (bytes.size() < 2 || bytes.size() % 2 != 0) {
        return std::nullopt;
    }
    std::wstring text(bytes.size() / 2, L'\0');
    std::memcpy(text.data(), bytes.data(), bytes.size());
    if (text.back() != L'\0') {
        return std::nullopt;
    }
    text.pop_back();
    if (text.find(L'\0') != std::wstring::npos) {
        return std::nullopt;
    }
    std::string utf8 = narrow(text);
    if (widen(utf8) != text) {
        return std::nullopt;
    }
    return utf8;
}

StoredValue to_stored(DWORD type, const std::vector<unsigned char>& bytes) {
    if (type == REG_DWORD && bytes.size() == sizeof(std::uint32_t)) {
        std::uint32_t number = 0;
        std::memcpy(&number, bytes.data(), sizeof number);
        return {"dword", std::to_string(number)};
    }
    if (type == REG_SZ) {
        if (auto text = exact_text(bytes)) {
            return {"string", std::move(*text)};
        }
    }
    return {"raw", std::to_string(type) + ":" + to_hex(bytes)};
}

struct RegistryData {
    DWORD type = REG_NONE;
    std::vector<unsigned char> bytes;
};

RegistryData from_stored(const StoredValue& value) {
    RegistryData data;
    if (value.type == "dword") {
        std::uint32_t number = 0;
        const char* end = value.data.data() + value.data.size();
        const auto [next, error] = std::from_chars(value.data.data(), end, number);
        if (value.data.empty() || error != std::errc{} || next != end) {
            throw std::runtime_error("\"" + value.data + "\" is not a 32-bit number");
        }
        data.type = REG_DWORD;
        data.bytes.resize(sizeof number);
        std::memcpy(data.bytes.data(), &number, sizeof number);
    } else if (value.type == "string") {
        const std::wstring text = widen(value.data);
        data.type = REG_SZ;
        data.bytes.resize((text.size() + 1) * sizeof(wchar_t)); // with its terminating NUL
        std::memcpy(data.bytes.data(), text.c_str(), data.bytes.size());
    } else if (value.type == "raw") {
        const auto colon = value.data.find(':');
        unsigned long type = 0;
        const auto [next, error] = std::from_chars(value.data.data(), value.data.data() + colon, type);
        if (colon == std::string::npos || error != std::errc{} || next != value.data.data() + colon) {
            throw std::runtime_error("a raw registry value needs TYPE:HEX");
        }
        data.type = static_cast<DWORD>(type);
        data.bytes = from_hex(std::string_view(value.data).substr(colon + 1));
    } else {
        throw std::runtime_error("registry values are dword, string or raw, not \"" + value.type + "\"");
    }
    return data;
}

/// The 64-bit view always: the Remote Desktop client reads it, and a 32-bit build would
/// otherwise be redirected to WOW6432Node.
constexpr REGSAM kView = KEY_WOW64_64KEY;

class RegistryValues final : public SystemValues {
  public:
    std::optional<StoredValue> read(const std::string& key, const std::string& name) override {
        const KeyName where = parse_key(key);
        OpenKey opened;
        LSTATUS status = RegOpenKeyExW(where.root, where.subkey.c_str(), 0, KEY_QUERY_VALUE | kView, opened.out());
        if (status == ERROR_FILE_NOT_FOUND) {
            return std::nullopt; // no key, so no value
        }
        if (status != ERROR_SUCCESS) {
            fail(key, name, "read", status);
        }
        const std::wstring value_name = widen(name);
        std::vector<unsigned char> bytes(64);
        for (;;) {
            DWORD type = REG_NONE;
            auto size = static_cast<DWORD>(bytes.size());
            status = RegQueryValueExW(opened.get(), value_name.c_str(), nullptr, &type, bytes.data(), &size);
            if (status == ERROR_FILE_NOT_FOUND) {
                return std::nullopt;
            }
            if (status == ERROR_MORE_DATA) {
                bytes.resize(size);
                continue;
            }
            if (status != ERROR_SUCCESS) {
                fail(key, name, "read", status);
            }
            bytes.resize(size);
            return to_stored(type, bytes);
        }
    }

    void write(const std::string& key, const std::string& name, const StoredValue& value) override {
        const KeyName where = parse_key(key);
        const RegistryData data = from_stored(value);
        OpenKey opened;
        LSTATUS status = RegCreateKeyExW(where.root, where.subkey.c_str(), 0, nullptr, REG_OPTION_NON_VOLATILE,
                                         KEY_SET_VALUE | kView, nullptr, opened.out(), nullptr);
        if (status != ERROR_SUCCESS) {
            fail(key, name, "written", status);
        }
        status = RegSetValueExW(opened.get(), widen(name).c_str(), 0, data.type, data.bytes.data(),
                                static_cast<DWORD>(data.bytes.size()));
        if (status != ERROR_SUCCESS) {
            fail(key, name, "written", status);
        }
        // The interface promises a durable change; the registry otherwise writes lazily.
        RegFlushKey(opened.get());
    }

    // An emptied key stays: it has no effect, and other software may have added to it since.
    void remove(const std::string& key, const std::string& name) override {
        const KeyName where = parse_key(key);
        OpenKey opened;
        LSTATUS status = RegOpenKeyExW(where.root, where.subkey.c_str(), 0, KEY_SET_VALUE | kView, opened.out());
        if (status == ERROR_FILE_NOT_FOUND) {
            return;
        }
        if (status != ERROR_SUCCESS) {
            fail(key, name, "deleted", status);
        }
        status = RegDeleteValueW(opened.get(), widen(name).c_str());
        if (status != ERROR_SUCCESS && status != ERROR_FILE_NOT_FOUND) {
            fail(key, name, "deleted", status);
        }
        RegFlushKey(opened.get());
    }

    RouteInterface route_interface(const std::string& address) override { return rdpmedic::route_interface(address); }

    void set_interface_mtu(const std::string& device, std::uint32_t mtu, bool ipv6) override {
        rdpmedic::set_interface_mtu(device, mtu, ipv6);
    }

    std::string run_action(const std::string& action) override {
        if (action == "dns.flush") {
            return rdpmedic::flush_dns_cache();
        }
        if (action == "winsock.reset") {
            return reset_winsock();
        }
        throw std::runtime_error("the system action " + action + " is not known here");
    }

  private:
    static std::string reset_winsock();
};

std::string RegistryValues::reset_winsock() {
    if (!running_with_admin_rights()) {
        throw std::runtime_error("netsh winsock reset needs administrator rights");
    }
    wchar_t system[MAX_PATH];
    const UINT length = GetSystemDirectoryW(system, MAX_PATH);
    if (length == 0 || length >= MAX_PATH) {
        throw std::runtime_error("the System32 folder cannot be found");
    }
    const std::filesystem::path netsh = std::filesystem::path(std::wstring(system, length)) / L"netsh.exe";
    ChildProcess process({utf8_text(netsh), "winsock", "reset"});
    process.close_stdin();
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    ChildProcess::Read read = ChildProcess::Read::data;
    while ((read = process.read_output(output, deadline)) == ChildProcess::Read::data) {
    }
    if (read == ChildProcess::Read::timeout) {
        process.kill();
        throw std::runtime_error("netsh winsock reset did not finish within 2 minutes");
    }
    const int code = process.wait();
    if (code != 0) {
        const std::string last = last_line(output);
        throw std::runtime_error("netsh winsock reset failed (exit code " + std::to_string(code) + ")" +
                                 (last.empty() ? "" : ": " + last));
    }
    return "the Winsock catalog was reset; restart Windows for it to take effect";
}

} // namespace

std::unique_ptr<SystemValues> make_system_values() { return std::make_unique<RegistryValues>(); }

} // namespace rdpmedic::plugins
