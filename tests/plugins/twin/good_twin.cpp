// Calls itself test.good, like good.cpp, but is another build (version 6.6.6) that nobody
// signed: the file swapped in while test.good is checked and loaded. Loading it is the failure.
#include <rdpmedic/plugin.hpp>

class Twin {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) { return {100, "the unverified twin"}; }
    rdpmedic_status_t apply(rdpmedic::sdk::Host&) { return RDPMEDIC_OK; }
};

RDPMEDIC_PLUGIN(Twin, "test.good", "Good", "unverified twin", "6.6.6", RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
