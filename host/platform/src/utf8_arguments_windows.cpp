#include "rdpmedic/platform/utf8_arguments.h"

#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <shellapi.h>

namespace rdpmedic {

std::vector<std::string> utf8_arguments(int /*argc*/, char** /*argv*/) {
    int count = 0;
    wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count);
    std::vector<std::string> arguments;
    for (int i = 1; wide != nullptr && i < count; ++i) {
        arguments.push_back(narrow(wide[i]));
    }
    LocalFree(wide);
    return arguments;
}

} // namespace rdpmedic
