// Never returns from assess().
#include <rdpmedic/plugin.hpp>

#include <unistd.h>

class Hang {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) {
        for (;;) {
            ::pause();
        }
    }
    rdpmedic_status_t apply(rdpmedic::sdk::Host&) { return RDPMEDIC_OK; }
};

RDPMEDIC_PLUGIN(Hang, "test.hang", "Hang", "hangs", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0)
