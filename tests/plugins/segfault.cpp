// Dereferences null in assess().
#include <rdpmedic/plugin.hpp>

class Segfault {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) {
        volatile int* nothing = nullptr;
        return {*nothing, "unreachable"};
    }
    rdpmedic_status_t apply(rdpmedic::sdk::Host&) { return RDPMEDIC_OK; }
};

RDPMEDIC_PLUGIN(Segfault, "test.segfault", "Segfault", "crashes", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0)
