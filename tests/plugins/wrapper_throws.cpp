// Throws inside the C++ wrapper, which turns it into "could not assess".
#include <rdpmedic/plugin.hpp>

#include <stdexcept>

class WrapperThrows {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) { throw std::runtime_error("no idea"); }
    rdpmedic_status_t apply(rdpmedic::sdk::Host&) { throw std::logic_error("apply failed"); }
};

RDPMEDIC_PLUGIN(WrapperThrows, "test.wrapper-throws", "Wrapper throws", "throws", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0)
