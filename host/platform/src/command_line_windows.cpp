#include "rdpmedic/platform/command_line_windows.h"

#include "rdpmedic/platform/wide_text.h"

#include <stdexcept>

namespace rdpmedic {

namespace {

void append_argument(std::wstring& line, const std::wstring& argument) {
    if (!argument.empty() && argument.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
        line += argument;
        return;
    }
    line += L'"';
    std::size_t backslashes = 0;
    for (const wchar_t c : argument) {
        if (c == L'\\') {
            ++backslashes;
            continue;
        }
        // Backslashes are literal unless a quote follows them: then each one is doubled and
        // the quote itself escaped.
        line.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
        backslashes = 0;
        line += c;
    }
    // Before the closing quote, every backslash is doubled so that it stays literal.
    line.append(backslashes * 2, L'\\');
    line += L'"';
}

} // namespace

std::wstring windows_command_line(const std::vector<std::string>& argv) {
    if (argv.empty()) {
        throw std::invalid_argument("no program to start");
    }
    if (argv.front().find('"') != std::string::npos) {
        throw std::invalid_argument("a program path cannot contain a quote: " + argv.front());
    }
    // The program name is split by simpler rules (up to the closing quote, no escapes).
    std::wstring line = L"\"" + widen(argv.front()) + L"\"";
    for (std::size_t i = 1; i < argv.size(); ++i) {
        line += L' ';
        append_argument(line, widen(argv[i]));
    }
    return line;
}

} // namespace rdpmedic
