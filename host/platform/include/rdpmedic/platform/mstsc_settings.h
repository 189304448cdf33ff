#pragma once
// What mstsc.exe is given for one connection: the settings of a generated .rdp file and the
// command-line switches. Plain text processing, so it is tested on every OS.

#include "rdpmedic/core/rdp_file.h"
#include "rdpmedic/core/target.h"

#include <string>
#include <utility>
#include <vector>

namespace rdpmedic {

struct MstscLaunch {
    /// .rdp settings in file order: key and "type:value", e.g. {"full address", "s:host:3389"}.
    std::vector<std::pair<std::string, std::string>> settings;
    /// mstsc switches after the file or /v:, e.g. "/admin".
    std::vector<std::string> switches;
    /// Arguments mstsc has no use for, each with the reason, for a warning.
    std::vector<std::string> ignored;

    /// False when "full address" is the only setting: then `/v:HOST:PORT` says it all.
    bool needs_file() const { return settings.size() > 1; }
    /// The file's text, "key:type:value" lines ending in CRLF, as mstsc writes them (UTF-8
    /// here; the caller stores it as UTF-16LE with a byte order mark, as mstsc does).
    std::string file_text() const;
};

/// Translates a request for mstsc. The typed overrides that mstsc has a setting for are
/// applied first (security → enablecredsspsupport); the others are listed in `ignored`. Arguments
/// (the launcher's extra ones, then the request's) may be:
/// - .rdp settings "key:type:value" (e.g. "enablecredsspsupport:i:0", "authentication
///   level:i:2"), which override the defaults; "full address" comes from the target and
///   anything about passwords is refused (credentials stay with Windows Credential Manager);
/// - mstsc switches (/admin, /f, /w:N, …);
/// - FreeRDP's /sec: and /cert: choices that mstsc has a setting for: /sec:nla turns CredSSP
///   on; /sec:tls and /sec:rdp turn it off (mstsc then negotiates TLS or standard RDP security
///   with the server; it cannot pin one); /cert:ignore, /cert:tofu and /cert:deny become
///   authentication level 0, 2 and 1.
/// Anything else is ignored with a reason. The password is never part of it. Throws
/// std::invalid_argument for a user name, domain or gateway with a line break in it.
MstscLaunch mstsc_launch_for(const ConnectRequest& request,
                             const std::vector<std::string>& extra_args);

/// What mstsc is given for the user's own .rdp file.
struct MstscFileCopy {
    /// False: mstsc opens the user's file itself, unchanged.
    bool changed = false;
    /// Every line of the file in order, the overrides applied in place and new settings at
    /// the end (UTF-8, the file's own line ends); bytes() stores it as the file was stored.
    std::string text;
    RdpTextEncoding encoding = RdpTextEncoding::Utf16LeWithBom;
    /// mstsc switches for the command line after the file.
    std::vector<std::string> switches;
    /// Arguments and overrides mstsc has no use for, each with the reason, for a warning.
    std::vector<std::string> ignored;
    /// What the user should know, e.g. that the file's signature no longer fits the copy.
    std::vector<std::string> notices;

    std::string bytes() const { return encode_rdp_text(text, encoding); }
};

/// The user's file with what rdpmedic changes for this attempt: target, user, domain and
/// gateway where they differ from request.file_values (a strategy's address, the user's
/// --user), the typed overrides mstsc has a setting for, and .rdp settings among the
/// arguments (as mstsc_launch_for takes them). certificate_sha256 is left to mstsc's own
/// certificate dialog. A "signature" the changes invalidate (a changed setting is in its
/// "signscope") is dropped with the signscope, and a notice says so. Throws
/// std::invalid_argument for a value with a line break in it.
MstscFileCopy mstsc_file_for(const RdpFile& file, const ConnectRequest& request,
                             const std::vector<std::string>& extra_args);

} // namespace rdpmedic
