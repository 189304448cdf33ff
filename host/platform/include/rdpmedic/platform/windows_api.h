#pragma once
// The one place host/platform includes <windows.h>: without min/max macros, which break
// std::min and std::numeric_limits, and without the rarely used parts (winsock.h among them,
// which would clash with winsock2.h).
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
