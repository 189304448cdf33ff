// Returns a score outside 0-100.
#include <rdpmedic/plugin.hpp>

class BadScore {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) { return {250, "very sure"}; }
    rdpmedic_status_t apply(rdpmedic::sdk::Host&) { return RDPMEDIC_OK; }
};

RDPMEDIC_PLUGIN(BadScore, "test.bad-score", "Bad score", "out of range", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0)
