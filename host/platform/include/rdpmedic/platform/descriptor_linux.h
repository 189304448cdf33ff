#pragma once
// A file descriptor closed when it goes out of scope, for the code that opens files one name
// at a time without following links (plugin files, the helper's values, the policy file).

#include <unistd.h>

namespace rdpmedic {

class Descriptor {
  public:
    explicit Descriptor(int fd = -1) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

} // namespace rdpmedic
