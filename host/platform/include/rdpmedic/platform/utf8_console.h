#pragma once
/// rdpmedic writes UTF-8 to standard output and error. A Windows console shows bytes in its
/// output code page (437, 850, 1252… by default), so a path such as C:\Users\Jürgen would be
/// printed as "JÃ¼rgen"; pipes and files get the UTF-8 bytes either way.

namespace rdpmedic {

/// Windows: switches the console this program writes to (if any) to UTF-8 output, and back to
/// what it was when the program ends, so the shell it was started from is left as it was.
/// Linux: nothing to do, the terminal takes the bytes as they are.
void use_utf8_console_output();

} // namespace rdpmedic
