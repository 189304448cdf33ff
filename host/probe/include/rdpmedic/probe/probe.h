#pragma once
/// The diagnosis probe: DNS, TCP, X.224 negotiation, TLS and the certificate, layer by layer,
/// read-only and without credentials. See README, "Diagnosis", for every finding.

#include "rdpmedic/core/diagnosis.h"

#include <filesystem>
#include <memory>

namespace rdpmedic::probe {

struct ProbeSettings {
    /// PEM file of CA certificates trusted in addition to the system's (a company CA).
    std::filesystem::path ca_file;
};

class Probe final : public Diagnoser {
  public:
    /// Throws std::runtime_error when OpenSSL cannot be set up or `ca_file` cannot be read.
    explicit Probe(ProbeSettings settings = {});
    ~Probe() override;
    Probe(const Probe&) = delete;
    Probe& operator=(const Probe&) = delete;

    /// Thread-safe: one Probe serves many diagnoses at once.
    Diagnosis diagnose(const Target& target, const DiagnoseOptions& options) override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace rdpmedic::probe
