#pragma once
// CreateProcessW takes one command line, which the child splits again (CommandLineToArgvW,
// the C runtime). Quoting here follows those rules so each argument arrives exactly as given.

#include <string>
#include <vector>

namespace rdpmedic {

/// argv[0] (a program path, which cannot contain a quote) is quoted as a whole; the other
/// arguments are quoted and their backslashes doubled only where the rules need it.
/// Throws std::invalid_argument for an empty argv or a quote in argv[0].
std::wstring windows_command_line(const std::vector<std::string>& argv);

} // namespace rdpmedic
