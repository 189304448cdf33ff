#include "rdpmedic/platform/process_hardening.h"
#include "rdpmedic/platform/windows_api.h"

namespace rdpmedic {

void harden_process() {
    // Windows 10 always has these; they fail only for invalid arguments, so there is nothing
    // to report.
    SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32 | LOAD_LIBRARY_SEARCH_USER_DIRS);
    // SetDllDirectory("") takes the current folder out of the legacy search order too, for
    // libraries that call LoadLibrary with their own flags.
    SetDllDirectoryW(L"");
    SetSearchPathMode(BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE | BASE_SEARCH_PATH_PERMANENT);
    // A corrupted heap ends the process instead of running on.
    HeapSetInformation(nullptr, HeapEnableTerminationOnCorruption, nullptr, 0);
}

} // namespace rdpmedic
