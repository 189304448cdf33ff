#pragma once
// The worker's standard streams: answers go out on a private copy of stdout, while stdout and
// stderr themselves are pointed at nothing, so a plugin that prints cannot corrupt the channel.

#include <cstdio>

namespace rdpmedic::fixer {

/// Takes stdout for the answers and returns it as a stream; stdin is read in binary mode.
/// Null when the streams cannot be set up.
std::FILE* take_answer_channel();

} // namespace rdpmedic::fixer
