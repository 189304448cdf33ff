#pragma once
// The lab's private directories: the test suites' TempDir, named rdpmedic-lab-*.
#include "../../support/temp_dir.h"

namespace rdpmedic::lab::detail {

class TempDir : public test::TempDir {
  public:
    TempDir() : test::TempDir("rdpmedic-lab-") {}
};

} // namespace rdpmedic::lab::detail
