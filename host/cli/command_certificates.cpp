// rdpmedic-cli certificates list|forget: the server certificates the user decided to trust.
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"

#include "rdpmedic/app/certificate_trust.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"

#include <cstdio>

namespace rdpmedic::cli {

const char* const kCertificatesUsage = N_(
    "usage: rdpmedic-cli certificates list             the certificates accepted, per server\n"
    "       rdpmedic-cli certificates forget HOST[:PORT]  forget one (the next connect asks again)\n"
    "Certificates are accepted by connect: on its terminal prompt or with --accept-certificate.\n");

namespace {

using i18n::tr;

CertificateStore open_store() {
    CertificateStore store(app::certificate_store_file());
    if (store.problem()) {
        std::fprintf(stderr, "rdpmedic-cli certificates: %s\n", store.problem()->c_str());
    }
    return store;
}

int list(const CertificateStore& store) {
    if (store.entries().empty()) {
        std::printf(tr("no certificates accepted (%s)\n"), utf8_text(store.file()).c_str());
        return kOk;
    }
    for (const auto& entry : store.entries()) {
        std::printf(tr("%s\n  SHA-256:  %s\n  subject:  %s\n  issuer:   %s\n  valid:    %s to %s\n"
                       "  accepted: %s\n"),
                    entry.server.to_string().c_str(), entry.sha256.c_str(), entry.subject.c_str(),
                    entry.issuer.c_str(), entry.not_before.c_str(), entry.not_after.c_str(),
                    entry.accepted_at.c_str());
    }
    return kOk;
}

} // namespace

int run_certificates(const std::vector<std::string>& args) {
    const Arguments arguments(args, {});
    const auto& words = arguments.positionals();
    if (words.empty()) {
        throw UsageError(tr("give list or forget HOST[:PORT]"));
    }
    if (words[0] == "list" && words.size() == 1) {
        return list(open_store());
    }
    if (words[0] == "forget" && words.size() == 2) {
        const Target server = parse_target(words[1]);
        CertificateStore store = open_store();
        if (!store.forget(server)) {
            std::fprintf(stderr, tr("rdpmedic-cli certificates: no certificate accepted for %s; "
                                    "rdpmedic-cli certificates list shows those there are\n"),
                         server.to_string().c_str());
            return kFailed;
        }
        std::printf(tr("forgot the certificate of %s: the next connect asks again\n"), server.to_string().c_str());
        return kOk;
    }
    throw UsageError(tr("give list or forget HOST[:PORT]"));
}

} // namespace rdpmedic::cli
