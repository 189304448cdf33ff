#include "certificate_prompt.h"

#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/platform/terminal.h"

#include <iostream>

namespace rdpmedic::cli {

namespace {

using i18n::tr;

/// The shell word for a target or file: quoted when it holds anything a shell would split.
std::string shell_word(const std::string& text) {
    const bool plain = text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789._-:/[]@") == std::string::npos;
    if (plain && !text.empty()) {
        return text;
    }
    std::string quoted = "'";
    for (const char c : text) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

bool ask_on_terminal(const app::CertificateQuestion& question) {
    // A changed certificate takes the whole word: a stray "y" must not trust an interceptor.
    const std::string wanted = question.previous ? "yes" : "y";
    // TRANSLATORS: the answers stay "yes" and "y": they are what the user must type.
    std::fputs(question.previous ? tr("Trust the NEW certificate for this server? Type yes to trust it, "
                                      "anything else to stop: ")
                                 : tr("Trust this certificate for this server from now on? Compare the "
                                      "SHA-256 with what its administrator tells you. [y/N] "),
               stderr);
    std::fflush(stderr);
    std::string answer;
    if (!std::getline(std::cin, answer)) {
        return false;
    }
    while (!answer.empty() && (answer.back() == '\r' || answer.back() == ' ')) {
        answer.pop_back();
    }
    return answer == wanted || (!question.previous && answer == "Y") ||
           (!question.previous && (answer == "yes" || answer == "Yes"));
}

} // namespace

app::CertificateTrustOptions certificate_prompt(std::optional<std::string> accepted, std::FILE* out,
                                                std::string where) {
    app::CertificateTrustOptions options;
    options.ask = [accepted = std::move(accepted), out](const app::CertificateQuestion& question) {
        if (question.previous) {
            std::fprintf(out, tr("WARNING: %s\n"), app::changed_certificate_warning(question).c_str());
        }
        std::fprintf(out, tr("the certificate of %s is not trusted by this machine:\n"),
                     question.server.to_string().c_str());
        for (const auto& line : describe_certificate(question.certificate)) {
            std::fprintf(out, "  %s\n", line.c_str());
        }
        std::fflush(out);
        if (accepted) {
            if (*accepted == question.certificate.sha256) {
                return true;
            }
            std::fprintf(out, tr("--accept-certificate %s is not the certificate this server presents\n"),
                         accepted->c_str());
            return false;
        }
        return interactive_terminal() && ask_on_terminal(question);
    };
    options.how_to_accept = [where = std::move(where)](const Target&, const std::string& sha256) {
        // English like the rest of the event's note, which --json carries.
        return "to trust exactly this certificate, check its SHA-256 with the server's administrator and run: "
               "rdpmedic-cli connect " + shell_word(where) + " --accept-certificate " + sha256;
    };
    return options;
}

} // namespace rdpmedic::cli
