// For the GUI tests: asks the credential store in a process of its own, so the test process
// never holds a connection to the private session bus that goes away with the test.
// usage: keyring-probe HOST PORT USER   prints the remembered password; exit 0 found,
// 3 not found, 4 locked, 5 no Secret Service, 6 anything else (the reason on stderr).
#include "rdpmedic/platform/credential_store.h"

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fputs("usage: keyring-probe HOST PORT USER\n", stderr);
        return 2;
    }
    try {
        const int port = std::stoi(argv[2]);
        const rdpmedic::Secret password =
            rdpmedic::load_password({argv[1], static_cast<std::uint16_t>(port), argv[3]});
        std::fwrite(password.reveal().data(), 1, password.reveal().size(), stdout);
        return 0;
    } catch (const rdpmedic::CredentialError& error) {
        std::fprintf(stderr, "keyring-probe: %s\n", error.what());
        switch (error.kind()) {
        case rdpmedic::CredentialErrorKind::NotFound: return 3;
        case rdpmedic::CredentialErrorKind::Locked: return 4;
        case rdpmedic::CredentialErrorKind::NoService: return 5;
        case rdpmedic::CredentialErrorKind::Other: return 6;
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "keyring-probe: %s\n", error.what());
    }
    return 6;
}
