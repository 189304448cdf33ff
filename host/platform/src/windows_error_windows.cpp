#include "rdpmedic/platform/windows_error.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

namespace rdpmedic {

namespace {

std::string system_message(DWORD code) {
    wchar_t* buffer = nullptr;
    const DWORD length = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
        nullptr, code, 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
    std::string text = length > 0 ? narrow(std::wstring_view(buffer, length)) : std::string();
    LocalFree(buffer);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

class WindowsCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "windows"; }
    std::string message(int code) const override {
        return windows_error_text(static_cast<unsigned long>(code));
    }
};

} // namespace

const std::error_category& windows_category() {
    static const WindowsCategory category;
    return category;
}

std::string windows_error_text(unsigned long code) {
    const std::string text = system_message(code);
    return (text.empty() ? "Windows error" : text) + " (error " + std::to_string(code) + ")";
}

void throw_last_windows_error(const std::string& what) {
    throw std::system_error(static_cast<int>(GetLastError()), windows_category(), what);
}

} // namespace rdpmedic
