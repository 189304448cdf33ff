// Stands in for an mstsc left running by the tray that started it: no window and no use of
// its stdin (which closes with that tray), it runs until it is ended.
#include <windows.h>

int wmain() {
    Sleep(INFINITE);
    return 0;
}
