#pragma once
// The command line as UTF-8 on both systems: on Windows main()'s argv is in the ANSI code
// page, which cannot hold every file name (a profile folder C:\Users\Jürgen on a Greek system),
// so every program reads its arguments here.

#include <string>
#include <vector>

namespace rdpmedic {

/// argv[1…] as UTF-8. On Windows they are read again from GetCommandLineW(); argc and argv
/// serve Linux, where they already are the bytes the user typed.
std::vector<std::string> utf8_arguments(int argc, char** argv);

} // namespace rdpmedic
