#pragma once
/// Whether a command-line tool can ask its user a question.

namespace rdpmedic {

/// True when standard input and standard error are both a terminal: a question written to
/// one is seen and answered on the other. False in scripts, pipes and services.
bool interactive_terminal();

} // namespace rdpmedic
