#pragma once
/// What every rdpmedic executable does first in main, before it loads anything.

namespace rdpmedic {

/// Windows: libraries loaded by name come only from System32 and from folders added with
/// AddDllDirectory, never from the current folder, the executable's folder or PATH, so a
/// planted DLL cannot run inside rdpmedic (least of all in the elevated helper). Plugins are
/// loaded by absolute path and are not affected. Linux: nothing to do; the dynamic loader
/// never searches the current folder.
void harden_process();

} // namespace rdpmedic
