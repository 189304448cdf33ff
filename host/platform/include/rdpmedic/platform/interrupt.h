#pragma once
/// Ctrl+C and termination requests for command-line tools, delivered as a plain callback on
/// an ordinary thread (never inside a signal handler).

#include <functional>

namespace rdpmedic {

/// Call once, early in main, before other threads start. The callback may run at any time
/// afterwards, on its own thread.
void on_interrupt(std::function<void()> callback);

} // namespace rdpmedic
