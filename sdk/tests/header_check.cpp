// Compiled as C++17 and as C++20 with all warnings: the wrapper and the macro must stay portable.
#include "rdpmedic/plugin.h"
#include "rdpmedic/plugin.hpp"

namespace {

class HeaderCheck {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) { return {0, "header check"}; }
    rdpmedic_status_t apply(rdpmedic::sdk::Host&) { return RDPMEDIC_NOT_APPLICABLE; }
};

} // namespace

RDPMEDIC_PLUGIN(HeaderCheck, "rdpmedic.header-check", "Header check", "compiles the SDK", "0.0.0",
                RDPMEDIC_PLATFORM_LINUX, 0)
