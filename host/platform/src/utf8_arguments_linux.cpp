#include "rdpmedic/platform/utf8_arguments.h"

namespace rdpmedic {

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv + (argc > 0 ? 1 : 0), argv + argc}; }

} // namespace rdpmedic
