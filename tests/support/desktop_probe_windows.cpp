// Lists what a person sees on a Windows desktop: every visible top-level window, one per line
// as "class<TAB>title<TAB>left,top,width,height" in UTF-8 (an open popup menu is class #32768),
// each followed by its visible buttons and texts (class Button, Static), the same way but
// indented by two spaces.
// The GUI test of the Windows tray app runs it inside wine's virtual
// desktop, where windows are not X windows that xdotool could name.
//
// Usage: desktop-probe OUTPUT. The list goes to OUTPUT.part, then is renamed to OUTPUT, so the
// caller (in another process tree: wine's explorer starts this) sees a whole file or none.
#include "rdpmedic/platform/wide_text.h"

#include <windows.h>

#include <cstdio>
#include <string>

namespace {

std::wstring class_of(HWND window) {
    wchar_t name[256] = {};
    GetClassNameW(window, name, 256);
    return name;
}

/// A window's text on one line: a multi-line label's breaks (and tabs) become spaces, so the
/// listing keeps one window per line.
std::wstring title_of(HWND window) {
    wchar_t title[512] = {};
    GetWindowTextW(window, title, 512);
    std::wstring text = title;
    for (wchar_t& character : text) {
        if (character == L'\n' || character == L'\r' || character == L'\t') {
            character = L' ';
        }
    }
    return text;
}

std::string line(HWND window, const std::string& indent) {
    RECT rect{};
    GetWindowRect(window, &rect);
    return indent + rdpmedic::narrow(class_of(window)) + "\t" + rdpmedic::narrow(title_of(window)) + "\t" +
           std::to_string(rect.left) + "," + std::to_string(rect.top) + "," + std::to_string(rect.right - rect.left) +
           "," + std::to_string(rect.bottom - rect.top) + "\n";
}

/// A window's visible push buttons and texts: what a person reads in a dialog and clicks to close it.
BOOL CALLBACK add_control(HWND window, LPARAM context) {
    const std::wstring kind = class_of(window);
    if (IsWindowVisible(window) && (kind == L"Button" || kind == L"Static") && !title_of(window).empty()) {
        *reinterpret_cast<std::string*>(context) += line(window, "  ");
    }
    return TRUE;
}

BOOL CALLBACK add_window(HWND window, LPARAM context) {
    if (IsWindowVisible(window)) {
        *reinterpret_cast<std::string*>(context) += line(window, "");
        EnumChildWindows(window, add_control, context);
    }
    return TRUE;
}

} // namespace

int wmain(int argc, wchar_t** argv) {
    if (argc != 2) {
        std::fputs("usage: desktop-probe OUTPUT\n", stderr);
        return 2;
    }
    std::string listing;
    EnumWindows(add_window, reinterpret_cast<LPARAM>(&listing));
    const std::wstring output = argv[1];
    const std::wstring part = output + L".part";
    FILE* file = _wfopen(part.c_str(), L"wb");
    if (file == nullptr) {
        return 1;
    }
    const bool written = std::fwrite(listing.data(), 1, listing.size(), file) == listing.size();
    if (std::fclose(file) != 0 || !written) {
        return 1;
    }
    return MoveFileExW(part.c_str(), output.c_str(), MOVEFILE_REPLACE_EXISTING) ? 0 : 1;
}
