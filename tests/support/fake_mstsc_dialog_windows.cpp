// Stands in for mstsc waiting on the user in the Windows connect timeout tests: a top-level
// window like mstsc's "Connecting…" window, then a real modal dialog owned by it (made by
// DialogBoxIndirectParam, which disables the owner as the certificate warning does) for as
// many milliseconds as "<its own path>.dialog" says (0: none), then the window alone until
// it is closed. Each step is written to "<its own path>.log" as it happens.
#include <windows.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

std::wstring own_path() {
    wchar_t path[MAX_PATH];
    const DWORD length = GetModuleFileNameW(nullptr, path, MAX_PATH);
    return length == 0 || length >= MAX_PATH ? std::wstring() : std::wstring(path, length);
}

void note(const char* step) {
    std::ofstream log(std::filesystem::path(own_path() + L".log"), std::ios::app);
    log << step << "\n";
}

UINT dialog_milliseconds() {
    std::ifstream in(std::filesystem::path(own_path() + L".dialog"));
    long long milliseconds = 0;
    in >> milliseconds;
    return milliseconds > 0 ? static_cast<UINT>(milliseconds) : 0;
}

constexpr UINT_PTR kOpenDialog = 1;
constexpr UINT_PTR kCloseDialog = 2;

INT_PTR CALLBACK dialog_proc(HWND dialog, UINT message, WPARAM wparam, LPARAM lparam) {
    switch (message) {
    case WM_INITDIALOG:
        SetTimer(dialog, kCloseDialog, static_cast<UINT>(lparam), nullptr);
        note("dialog shown");
        return TRUE;
    case WM_TIMER:
    case WM_CLOSE: EndDialog(dialog, 0); return TRUE;
    case WM_COMMAND:
        if (LOWORD(wparam) == IDCANCEL) {
            EndDialog(dialog, 0);
        }
        return TRUE;
    default: return FALSE;
    }
}

/// A dialog template with no controls, laid out as DLGTEMPLATE requires (WORD aligned, the
/// menu, class and title arrays empty).
struct EmptyDialog {
    DLGTEMPLATE header;
    WORD menu = 0;
    WORD window_class = 0;
    WORD title = 0;
};

void show_dialog(HWND owner, UINT milliseconds) {
    alignas(DWORD) EmptyDialog dialog{};
    dialog.header.style = WS_POPUP | WS_CAPTION | WS_SYSMENU | DS_MODALFRAME | WS_VISIBLE;
    dialog.header.cx = 200;
    dialog.header.cy = 80;
    DialogBoxIndirectParamW(GetModuleHandleW(nullptr), &dialog.header, owner, dialog_proc,
                            static_cast<LPARAM>(milliseconds));
    note("dialog closed");
}

LRESULT CALLBACK window_proc(HWND window, UINT message, WPARAM wparam, LPARAM lparam) {
    switch (message) {
    case WM_TIMER:
        if (wparam == kOpenDialog) {
            KillTimer(window, kOpenDialog);
            show_dialog(window, dialog_milliseconds());
        }
        return 0;
    case WM_DESTROY: PostQuitMessage(0); return 0;
    default: return DefWindowProcW(window, message, wparam, lparam);
    }
}

} // namespace

int wmain() {
    const HINSTANCE instance = GetModuleHandleW(nullptr);
    WNDCLASSW window_class{};
    window_class.lpfnWndProc = window_proc;
    window_class.hInstance = instance;
    window_class.lpszClassName = L"rdpmedic-test-connecting";
    if (!RegisterClassW(&window_class)) {
        return 2;
    }
    const HWND window = CreateWindowExW(0, window_class.lpszClassName, L"Remote Desktop Connection",
                                        WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT, 320, 200, nullptr,
                                        nullptr, instance, nullptr);
    if (!window) {
        return 3;
    }
    ShowWindow(window, SW_SHOWNORMAL);
    note("window shown");
    if (dialog_milliseconds() > 0) {
        SetTimer(window, kOpenDialog, 200, nullptr);
    }
    MSG message;
    while (GetMessageW(&message, nullptr, 0, 0) > 0) {
        TranslateMessage(&message);
        DispatchMessageW(&message);
    }
    return 0;
}
