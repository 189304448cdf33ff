#include "rdpmedic/platform/new_file.h"

#include "owner_only_descriptor_windows.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/user_sid.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <sddl.h>

#include <memory>
#include <stdexcept>

namespace rdpmedic {

std::unique_ptr<void, LocalFreeDeleter> owner_only_descriptor(Inheritance inheritance) {
    // "D:P(A;;FA;;;S-1-5-21-…)": full access for the current user, nothing from above.
    const std::wstring sddl = std::wstring(L"D:P(A;") + (inheritance == Inheritance::ByContents ? L"OICI" : L"") +
                              L";FA;;;" + widen(current_user_sid()) + L")";
    PSECURITY_DESCRIPTOR created = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &created, nullptr)) {
        return nullptr;
    }
    return std::unique_ptr<void, LocalFreeDeleter>(created);
}

void write_new_file(const std::filesystem::path& file, const std::string& data, Readers readers) {
    SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
    std::unique_ptr<void, LocalFreeDeleter> descriptor;
    if (readers == Readers::Owner) {
        descriptor = owner_only_descriptor(Inheritance::None);
        if (!descriptor) {
            throw std::runtime_error(utf8_text(file) + ": cannot be protected (" + windows_error_text(GetLastError()) + ")");
        }
        attributes.lpSecurityDescriptor = descriptor.get();
    }
    HANDLE handle =
        CreateFileW(file.c_str(), GENERIC_WRITE, 0, &attributes, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE) {
        throw std::runtime_error(utf8_text(file) + ": cannot be created (" + windows_error_text(GetLastError()) + ")");
    }
    DWORD written = 0;
    const bool ok = WriteFile(handle, data.data(), static_cast<DWORD>(data.size()), &written, nullptr) &&
                    written == data.size();
    const bool flushed = FlushFileBuffers(handle) != 0;
    CloseHandle(handle);
    if (!ok || !flushed) {
        throw std::runtime_error(utf8_text(file) + ": cannot be written");
    }
}

} // namespace rdpmedic
