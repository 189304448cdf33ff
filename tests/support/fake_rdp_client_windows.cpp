// Stands in for another RDP client (msrdc.exe, explorer.exe) in the Windows handoff tests: it
// writes the arguments it was started with, one a line in UTF-8, to "<its own path>.arguments"
// and exits, so a test can see which program was started and with what.
#include <windows.h>

#include <string>

int wmain(int argc, wchar_t** argv) {
    wchar_t own_path[MAX_PATH];
    const DWORD length = GetModuleFileNameW(nullptr, own_path, MAX_PATH);
    if (length == 0 || length >= MAX_PATH) {
        return 2;
    }
    std::wstring text;
    for (int i = 1; i < argc; ++i) {
        text += std::wstring(argv[i]) + L"\n";
    }
    std::string utf8(static_cast<std::size_t>(text.size()) * 3 + 1, '\0');
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), utf8.data(),
                                          static_cast<int>(utf8.size()), nullptr, nullptr);
    const std::wstring report = std::wstring(own_path, length) + L".arguments";
    // Written under another name and renamed, so a reader never sees half of it.
    const std::wstring partial = report + L".partial";
    HANDLE file = CreateFileW(partial.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        return 3;
    }
    DWORD written = 0;
    const BOOL ok = WriteFile(file, utf8.data(), static_cast<DWORD>(bytes), &written, nullptr);
    CloseHandle(file);
    return ok && MoveFileExW(partial.c_str(), report.c_str(), MOVEFILE_REPLACE_EXISTING) ? 0 : 4;
}
