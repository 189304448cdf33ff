#pragma once
// The command line as UTF-8 on both systems: on Windows main()'s argv is in the ANSI code
// page, which cannot hold every file name (a profile folder C:\Users\Jürgen on a Greek system).

#include <string>
#include <vector>

namespace rdpmedic::helper {

/// argv[1…] as UTF-8.
std::vector<std::string> utf8_arguments(int argc, char** argv);

} // namespace rdpmedic::helper
