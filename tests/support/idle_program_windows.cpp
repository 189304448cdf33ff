// Stands in for an mstsc left running by the tray that started it: no window and no use of
// its stdin (which closes with that tray), it runs until it is ended. With
// `--record SESSIONS TARGET` it first writes its own record into a new folder of SESSIONS, as
// the launcher does for the mstsc it starts, so that a tray started next finds it.
#include "kept_files_windows.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/new_file.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <cstdio>
#include <exception>
#include <string>

int wmain(int argc, wchar_t** argv) {
    using namespace rdpmedic;
    if (argc == 4 && std::wstring(argv[1]) == L"--record") {
        try {
            KeptSessionRecord record;
            record.keeper_pid = static_cast<int>(GetCurrentProcessId());
            record.keeper_start = creation_time(GetCurrentProcess()).value_or(0);
            record.program = utf8_text(process_image(GetCurrentProcess()));
            record.target = narrow(argv[3]) + ":3389";
            record.where = narrow(argv[3]);
            record.client = "mstsc";
            const auto folder = create_kept_folder(argv[2], "idle-" + std::to_string(record.keeper_pid));
            write_new_file(folder / kKeptRecordFile, to_record_text(record), Readers::Owner);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "idle-program: %s\n", error.what());
            return 2;
        }
    }
    Sleep(INFINITE);
    return 0;
}
