#pragma once
/// Prints a diagnosis for a person: layers, findings with evidence, the verdict and the fix.

#include "rdpmedic/core/diagnosis.h"

#include <cstdio>

namespace rdpmedic::cli {

/// `indent` spaces before every line, so it can sit under a supervisor event line.
void print_diagnosis_text(const Diagnosis& diagnosis, int indent, std::FILE* out);

} // namespace rdpmedic::cli
