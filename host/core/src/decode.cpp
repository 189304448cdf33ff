#include "rdpmedic/core/decode.h"

#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/core/join.h"
#include "rdpmedic/i18n/filled.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <initializer_list>

namespace rdpmedic {

namespace {

using K = FailureKind;

struct Row {
    std::uint32_t value;
    std::string_view name;
    std::string_view meaning;
    FailureKind kind;
};

// MS-RDPBCGR Set Error Info codes. mstsc names the ones it enumerates (exDiscReason*), FreeRDP
// names the ones it logs (ERRINFO_*); each client's messages should use the name its users
// see, so both are kept.
struct ErrInfoRow {
    std::uint32_t value;
    std::string_view activex_name;
    std::string_view errinfo_name;
    std::string_view meaning;
    FailureKind kind;
};

// Names as on Microsoft's IMsTscAxEvents::OnDisconnected page; left empty where that page
// could not be checked rather than invented.
constexpr std::array kDiscReasons = {
    Row{0x1, "disconnectReasonLocalNotError",
        N_("the session was closed on this computer, which is not an error"), K::ClientError},
    Row{0x2, "", N_("the user ended the session from inside it, which is not an error"),
        K::ClientError},
    Row{0x3, "disconnectReasonByServer", N_("the server ended the session"), K::ServerDenied},
    Row{0x104, "disconnectReasonDNSLookupFailed", N_("the server's name could not be looked up"),
        K::DnsFailed},
    Row{0x108, "disconnectReasonConnectionTimedOut", N_("the connection attempt timed out"),
        K::Timeout},
    Row{0x204, "", N_("no TCP connection to the server could be made"), K::ConnectFailed},
    Row{0x208, "disconnectReasonHostNotFound", N_("the server's host name was not found"),
        K::DnsFailed},
    Row{0x308, "disconnectReasonInvalidIPAddr", N_("the IP address given is not valid"),
        K::ClientError},
    Row{0x404, "", N_("receiving data from the server failed"), K::SocketClosed},
    Row{0x406, "disconnectReasonInvalidSecurityData",
        N_("the server sent security data the client could not accept"), K::NegotiationFailed},
    Row{0x408, "disconnectReasonInternalError", N_("the client hit an internal error"), K::Unknown},
    Row{0x508, "disconnectReasonDNSLookupFailed2", N_("the server's name could not be looked up"),
        K::DnsFailed},
    Row{0x604, "disconnectReasonGetHostByNameFailed",
        N_("looking up the server's host name failed"), K::DnsFailed},
    Row{0x704, "", N_("a timeout occurred"), K::Timeout},
    Row{0x706, "", N_("the client could not read the server's certificate"), K::TlsFailed},
    Row{0x808, "disconnectReasonLicensingFailed", N_("license negotiation failed"), K::Licensing},
    Row{0x904, "disconnectReasonAtClientWinsockFDCLOSE", N_("the connection's socket was closed"),
        K::SocketClosed},
    Row{0x906, "disconnectReasonInternalSecurityError",
        N_("the client hit an internal security error"), K::NegotiationFailed},
    Row{0x908, "disconnectReasonLicensingTimeout", N_("licensing timed out"), K::Licensing},
    Row{0xB06, "disconnectReasonEncryptionError", N_("encrypting data for the server failed"),
        K::Unknown},
    Row{0xC06, "disconnectReasonDecryptionError", N_("decrypting data from the server failed"),
        K::Unknown},
    Row{0xC08, "disconnectReasonClientDecompressionError",
        N_("the client could not decompress data from the server"), K::Unknown},
};

// A server that reports one of its own protocol errors has examined what the client sent and
// closed the connection: from the user's side that is the server turning the connection down.
constexpr FailureKind kProtocol = K::ServerDenied;
constexpr std::string_view kProtocolMeaning = N_("the server reported an RDP protocol error");

constexpr std::array kErrInfo = {
    ErrInfoRow{0x0, "exDiscReasonNoInfo", "ERRINFO_SUCCESS", N_("no further reason was given"),
               K::Unknown},
    ErrInfoRow{0x1, "exDiscReasonAPIInitiatedDisconnect", "ERRINFO_RPC_INITIATED_DISCONNECT",
               N_("the session was disconnected by an administrative tool on the server"),
               K::ServerDenied},
    ErrInfoRow{0x2, "exDiscReasonAPIInitiatedLogoff", "ERRINFO_RPC_INITIATED_LOGOFF",
               N_("the session was logged off by an administrative tool on the server"),
               K::ServerDenied},
    ErrInfoRow{0x3, "exDiscReasonServerIdleTimeout", "ERRINFO_IDLE_TIMEOUT",
               N_("the server ended the session because it was idle longer than the server allows"),
               K::Timeout},
    ErrInfoRow{0x4, "exDiscReasonServerLogonTimeout", "ERRINFO_LOGON_TIMEOUT",
               N_("the server ended the session because the logon took longer than it allows"),
               K::Timeout},
    ErrInfoRow{0x5, "exDiscReasonReplacedByOtherConnection",
               "ERRINFO_DISCONNECTED_BY_OTHER_CONNECTION",
               N_("another connection took over the session"), K::ServerDenied},
    ErrInfoRow{0x6, "exDiscReasonOutOfMemory", "ERRINFO_OUT_OF_MEMORY",
               N_("the server ran out of memory"), K::ServerDenied},
    ErrInfoRow{0x7, "exDiscReasonServerDeniedConnection", "ERRINFO_SERVER_DENIED_CONNECTION",
               N_("the server denied the connection"), K::ServerDenied},
    ErrInfoRow{0x8, "exDiscReasonServerDeniedConnectionFips", "",
               N_("the server denied the connection because it requires FIPS-compliant encryption"),
               K::ServerDenied},
    ErrInfoRow{
        0x9, "exDiscReasonServerInsufficientPrivileges", "ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES",
        N_("the user is not allowed to log on to this server remotely"), K::AuthenticationFailed},
    ErrInfoRow{0xA, "exDiscReasonServerFreshCredsRequired",
               "ERRINFO_SERVER_FRESH_CREDENTIALS_REQUIRED",
               N_("the server wants the credentials typed in again, not taken from a saved login"),
               K::AuthenticationFailed},
    ErrInfoRow{0xB, "exDiscReasonRpcInitiatedDisconnectByUser",
               "ERRINFO_RPC_INITIATED_DISCONNECT_BY_USER",
               N_("the user disconnected the session from elsewhere, which is not an error"),
               K::ClientError},
    ErrInfoRow{0xC, "exDiscReasonLogoffByUser", "ERRINFO_LOGOFF_BY_USER",
               N_("the user logged off, which is not an error"), K::ClientError},
    ErrInfoRow{0xF, "", "ERRINFO_CLOSE_STACK_ON_DRIVER_NOT_READY",
               N_("the server's display driver was not ready in time"), K::ServerDenied},
    ErrInfoRow{0x10, "", "ERRINFO_SERVER_DWM_CRASH",
               N_("the server's desktop window manager crashed"), K::ServerDenied},
    ErrInfoRow{0x11, "", "ERRINFO_CLOSE_STACK_ON_DRIVER_FAILURE",
               N_("the server's display driver failed to start"), K::ServerDenied},
    ErrInfoRow{0x12, "", "ERRINFO_CLOSE_STACK_ON_DRIVER_IFACE_FAILURE",
               N_("the server's display driver interface failed"), K::ServerDenied},
    ErrInfoRow{0x17, "", "ERRINFO_SERVER_WINLOGON_CRASH", N_("the server's logon process crashed"),
               K::ServerDenied},
    ErrInfoRow{0x18, "", "ERRINFO_SERVER_CSRSS_CRASH",
               N_("a critical process on the server crashed"), K::ServerDenied},

    ErrInfoRow{0x100, "exDiscReasonLicenseInternal", "ERRINFO_LICENSE_INTERNAL",
               N_("licensing failed inside the server"), K::Licensing},
    ErrInfoRow{0x101, "exDiscReasonLicenseNoLicenseServer", "ERRINFO_LICENSE_NO_LICENSE_SERVER",
               N_("no Remote Desktop license server was available"), K::Licensing},
    ErrInfoRow{0x102, "exDiscReasonLicenseNoLicense", "ERRINFO_LICENSE_NO_LICENSE",
               N_("no Remote Desktop license was available for this client"), K::Licensing},
    ErrInfoRow{0x103, "exDiscReasonLicenseErrClientMsg", "ERRINFO_LICENSE_BAD_CLIENT_MSG",
               N_("the server received an invalid licensing message"), K::Licensing},
    ErrInfoRow{0x104, "exDiscReasonLicenseHwidDoesntMatchLicense",
               "ERRINFO_LICENSE_HWID_DOESNT_MATCH_LICENSE",
               N_("the client's stored license belongs to different hardware"), K::Licensing},
    ErrInfoRow{0x105, "exDiscReasonLicenseErrClientLicense", "ERRINFO_LICENSE_BAD_CLIENT_LICENSE",
               N_("the client's license is invalid"), K::Licensing},
    ErrInfoRow{0x106, "exDiscReasonLicenseCantFinishProtocol",
               "ERRINFO_LICENSE_CANT_FINISH_PROTOCOL",
               N_("the licensing exchange could not be completed"), K::Licensing},
    ErrInfoRow{0x107, "exDiscReasonLicenseClientEndedProtocol",
               "ERRINFO_LICENSE_CLIENT_ENDED_PROTOCOL",
               N_("the client ended the licensing exchange early"), K::Licensing},
    ErrInfoRow{0x108, "exDiscReasonLicenseErrClientEncryption",
               "ERRINFO_LICENSE_BAD_CLIENT_ENCRYPTION",
               N_("a licensing message was encrypted incorrectly"), K::Licensing},
    ErrInfoRow{0x109, "exDiscReasonLicenseCantUpgradeLicense",
               "ERRINFO_LICENSE_CANT_UPGRADE_LICENSE",
               N_("the client's license could not be upgraded or renewed"), K::Licensing},
    ErrInfoRow{0x10A, "exDiscReasonLicenseNoRemoteConnections",
               "ERRINFO_LICENSE_NO_REMOTE_CONNECTIONS",
               N_("the server is not licensed to accept remote connections"), K::Licensing},
    ErrInfoRow{0x10B, "exDiscReasonLicenseCreatingLicStoreAccDenied", "",
               N_("the client was not allowed to create its license store"), K::Licensing},

    ErrInfoRow{0x300, "exDiscReasonRdpEncInvalidCredentials", "",
               N_("the server rejected the credentials"), K::AuthenticationFailed},

    ErrInfoRow{0x400, "", "ERRINFO_CB_DESTINATION_NOT_FOUND",
               N_("the connection broker could not find the target session or machine"),
               K::ServerDenied},
    ErrInfoRow{0x402, "", "ERRINFO_CB_LOADING_DESTINATION",
               N_("the connection broker was still preparing the target machine"), K::ServerDenied},
    ErrInfoRow{0x404, "", "ERRINFO_CB_REDIRECTING_TO_DESTINATION",
               N_("the connection broker failed to redirect the connection to the target machine"),
               K::ServerDenied},
    ErrInfoRow{0x405, "", "ERRINFO_CB_SESSION_ONLINE_VM_WAKE",
               N_("the target virtual machine could not be woken up"), K::ServerDenied},
    ErrInfoRow{0x406, "", "ERRINFO_CB_SESSION_ONLINE_VM_BOOT",
               N_("the target virtual machine could not be started"), K::ServerDenied},
    ErrInfoRow{0x407, "", "ERRINFO_CB_SESSION_ONLINE_VM_NO_DNS",
               N_("the connection broker could not find the address of the target virtual machine"),
               K::ServerDenied},
    ErrInfoRow{0x408, "", "ERRINFO_CB_DESTINATION_POOL_NOT_FREE",
               N_("no free machine was left in the target pool"), K::ServerDenied},
    ErrInfoRow{0x409, "", "ERRINFO_CB_CONNECTION_CANCELLED",
               N_("the connection broker cancelled the connection"), K::ServerDenied},
    ErrInfoRow{0x410, "", "ERRINFO_CB_CONNECTION_ERROR_INVALID_SETTINGS",
               N_("the connection broker rejected the connection settings"), K::ServerDenied},
    ErrInfoRow{0x411, "", "ERRINFO_CB_SESSION_ONLINE_VM_BOOT_TIMEOUT",
               N_("the target virtual machine took too long to start"), K::Timeout},
    ErrInfoRow{0x412, "", "ERRINFO_CB_SESSION_ONLINE_VM_SESSMON_FAILED",
               N_("session monitoring on the target virtual machine failed"), K::ServerDenied},

    ErrInfoRow{0x10C9, "", "ERRINFO_UNKNOWN_DATA_PDU_TYPE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10CA, "", "ERRINFO_UNKNOWN_PDU_TYPE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10CB, "", "ERRINFO_DATA_PDU_SEQUENCE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10CD, "", "ERRINFO_CONTROL_PDU_SEQUENCE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10CE, "", "ERRINFO_INVALID_CONTROL_PDU_ACTION", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10CF, "", "ERRINFO_INVALID_INPUT_PDU_TYPE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10D0, "", "ERRINFO_INVALID_INPUT_PDU_MOUSE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10D1, "", "ERRINFO_INVALID_REFRESH_RECT_PDU", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10D2, "", "ERRINFO_CREATE_USER_DATA_FAILED", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10D3, "", "ERRINFO_CONNECT_FAILED", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10D4, "", "ERRINFO_CONFIRM_ACTIVE_HAS_WRONG_SHAREID", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10D5, "", "ERRINFO_CONFIRM_ACTIVE_HAS_WRONG_ORIGINATOR", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x10DA, "", "ERRINFO_PERSISTENT_KEY_PDU_BAD_LENGTH", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10DB, "", "ERRINFO_PERSISTENT_KEY_PDU_ILLEGAL_FIRST", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10DC, "", "ERRINFO_PERSISTENT_KEY_PDU_TOO_MANY_TOTAL_KEYS", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x10DD, "", "ERRINFO_PERSISTENT_KEY_PDU_TOO_MANY_CACHE_KEYS", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x10DE, "", "ERRINFO_INPUT_PDU_BAD_LENGTH", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10DF, "", "ERRINFO_BITMAP_CACHE_ERROR_PDU_BAD_LENGTH", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x10E0, "", "ERRINFO_SECURITY_DATA_TOO_SHORT", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10E1, "", "ERRINFO_VCHANNEL_DATA_TOO_SHORT", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10E2, "", "ERRINFO_SHARE_DATA_TOO_SHORT", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10E3, "", "ERRINFO_BAD_SUPPRESS_OUTPUT_PDU", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10E5, "", "ERRINFO_CONFIRM_ACTIVE_PDU_TOO_SHORT", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10E7, "", "ERRINFO_CAPABILITY_SET_TOO_SMALL", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10E8, "", "ERRINFO_CAPABILITY_SET_TOO_LARGE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10E9, "", "ERRINFO_NO_CURSOR_CACHE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10EA, "", "ERRINFO_BAD_CAPABILITIES", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10EC, "", "ERRINFO_VIRTUAL_CHANNEL_DECOMPRESSION", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10ED, "", "ERRINFO_INVALID_VC_COMPRESSION_TYPE", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10EF, "", "ERRINFO_INVALID_CHANNEL_ID", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10F0, "", "ERRINFO_VCHANNELS_TOO_MANY", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10F3, "", "ERRINFO_REMOTEAPP_NOT_ENABLED",
               N_("the server does not allow RemoteApp programs"), kProtocol},
    ErrInfoRow{0x10F4, "", "ERRINFO_CACHE_CAP_NOT_SET", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x10F5, "", "ERRINFO_BITMAP_CACHE_ERROR_PDU_BAD_LENGTH2", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x10F6, "", "ERRINFO_OFFSCREEN_CACHE_ERROR_PDU_BAD_LENGTH", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x10F7, "", "ERRINFO_DRAWNINEGRID_CACHE_ERROR_PDU_BAD_LENGTH", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x10F8, "", "ERRINFO_GDIPLUS_PDU_BAD_LENGTH", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1111, "", "ERRINFO_SECURITY_DATA_TOO_SHORT2", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1112, "", "ERRINFO_SECURITY_DATA_TOO_SHORT3", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1113, "", "ERRINFO_SECURITY_DATA_TOO_SHORT4", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1114, "", "ERRINFO_SECURITY_DATA_TOO_SHORT5", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1115, "", "ERRINFO_SECURITY_DATA_TOO_SHORT6", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1116, "", "ERRINFO_SECURITY_DATA_TOO_SHORT7", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1117, "", "ERRINFO_SECURITY_DATA_TOO_SHORT8", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1118, "", "ERRINFO_SECURITY_DATA_TOO_SHORT9", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1119, "", "ERRINFO_SECURITY_DATA_TOO_SHORT10", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x111A, "", "ERRINFO_SECURITY_DATA_TOO_SHORT11", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x111B, "", "ERRINFO_SECURITY_DATA_TOO_SHORT12", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x111C, "", "ERRINFO_SECURITY_DATA_TOO_SHORT13", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x111D, "", "ERRINFO_SECURITY_DATA_TOO_SHORT14", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x111E, "", "ERRINFO_SECURITY_DATA_TOO_SHORT15", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x111F, "", "ERRINFO_SECURITY_DATA_TOO_SHORT16", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1120, "", "ERRINFO_SECURITY_DATA_TOO_SHORT17", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1121, "", "ERRINFO_SECURITY_DATA_TOO_SHORT18", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1122, "", "ERRINFO_SECURITY_DATA_TOO_SHORT19", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1123, "", "ERRINFO_SECURITY_DATA_TOO_SHORT20", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1124, "", "ERRINFO_SECURITY_DATA_TOO_SHORT21", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1125, "", "ERRINFO_SECURITY_DATA_TOO_SHORT22", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1126, "", "ERRINFO_SECURITY_DATA_TOO_SHORT23", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1129, "", "ERRINFO_BAD_MONITOR_DATA",
               N_("the server rejected the client's monitor layout"), kProtocol},
    ErrInfoRow{0x112A, "", "ERRINFO_VC_DECOMPRESSED_REASSEMBLE_FAILED", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x112B, "", "ERRINFO_VC_DATA_TOO_LONG", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x112C, "", "ERRINFO_BAD_FRAME_ACK_DATA", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x112D, "", "ERRINFO_GRAPHICS_MODE_NOT_SUPPORTED",
               N_("the server does not support the graphics mode the client asked for"), kProtocol},
    ErrInfoRow{0x112E, "", "ERRINFO_GRAPHICS_SUBSYSTEM_RESET_FAILED",
               N_("the server's graphics subsystem could not be reset"), kProtocol},
    ErrInfoRow{0x112F, "", "ERRINFO_GRAPHICS_SUBSYSTEM_FAILED",
               N_("the server's graphics subsystem failed"), kProtocol},
    ErrInfoRow{0x1130, "", "ERRINFO_TIMEZONE_KEY_NAME_LENGTH_TOO_SHORT", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x1131, "", "ERRINFO_TIMEZONE_KEY_NAME_LENGTH_TOO_LONG", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x1132, "", "ERRINFO_DYNAMIC_DST_DISABLED_FIELD_MISSING", kProtocolMeaning,
               kProtocol},
    ErrInfoRow{0x1133, "", "ERRINFO_VC_DECODING_ERROR", kProtocolMeaning, kProtocol},
    ErrInfoRow{0x1134, "", "ERRINFO_VIRTUALDESKTOPTOOLARGE",
               N_("the desktop size the client asked for is larger than the server allows"),
               kProtocol},
    ErrInfoRow{0x1135, "", "ERRINFO_MONITORGEOMETRYVALIDATIONFAILED",
               N_("the server rejected the client's monitor layout"), kProtocol},
    ErrInfoRow{0x1136, "", "ERRINFO_INVALIDMONITORCOUNT",
               N_("the client asked for more monitors than the server allows"), kProtocol},
    ErrInfoRow{0x1191, "", "ERRINFO_UPDATE_SESSION_KEY_FAILED",
               N_("the server could not renew the session's encryption key"), kProtocol},
    ErrInfoRow{0x1192, "", "ERRINFO_DECRYPT_FAILED",
               N_("the server could not decrypt the client's data"), kProtocol},
    ErrInfoRow{0x1193, "", "ERRINFO_ENCRYPT_FAILED", N_("the server could not encrypt its data"),
               kProtocol},
    ErrInfoRow{0x1194, "", "ERRINFO_ENCRYPTION_PACKAGE_MISMATCH",
               N_("the client and the server disagree on the encryption method"), kProtocol},
    ErrInfoRow{0x1195, "", "ERRINFO_DECRYPT_FAILED2",
               N_("the server could not decrypt the client's data"), kProtocol},
    // FreeRDP's own code for the peer going away; mstsc never reports it.
    ErrInfoRow{0x1196, "", "ERRINFO_PEER_DISCONNECTED", N_("the other side closed the connection"),
               K::SocketClosed},
};

constexpr std::uint32_t kProtocolRangeStart = 0x1000;
constexpr std::uint32_t kProtocolRangeEnd = 0x7FFF;

// FreeRDP 2.11 include/freerdp/error.h, class 2.
constexpr std::array kConnectErrors = {
    Row{0x0, "ERRCONNECT_SUCCESS", N_("no error"), K::Unknown},
    Row{0x1, "ERRCONNECT_PRE_CONNECT_FAILED", N_("the client failed while preparing to connect"),
        K::ClientError},
    Row{0x2, "ERRCONNECT_CONNECT_UNDEFINED", N_("the connection failed for an unspecified reason"),
        K::Unknown},
    Row{0x3, "ERRCONNECT_POST_CONNECT_FAILED", N_("the client failed right after connecting"),
        K::ClientError},
    Row{0x4, "ERRCONNECT_DNS_ERROR", N_("looking up the server's name failed"), K::DnsFailed},
    Row{0x5, "ERRCONNECT_DNS_NAME_NOT_FOUND", N_("the server's name was not found in DNS"),
        K::DnsFailed},
    Row{0x6, "ERRCONNECT_CONNECT_FAILED", N_("no connection to the server could be made"),
        K::ConnectFailed},
    Row{0x7, "ERRCONNECT_MCS_CONNECT_INITIAL_ERROR",
        N_("the server rejected the client's first RDP settings exchange"), K::NegotiationFailed},
    Row{0x8, "ERRCONNECT_TLS_CONNECT_FAILED", N_("the TLS handshake with the server failed"),
        K::TlsFailed},
    Row{0x9, "ERRCONNECT_AUTHENTICATION_FAILED", N_("authentication failed"),
        K::AuthenticationFailed},
    Row{0xA, "ERRCONNECT_INSUFFICIENT_PRIVILEGES",
        N_("the user is not allowed to log on to this server remotely"), K::AuthenticationFailed},
    Row{0xB, "ERRCONNECT_CONNECT_CANCELLED", N_("the connection was cancelled on the client"),
        K::ClientError},
    Row{0xC, "ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED",
        N_("the client and the server could not agree on a security protocol"),
        K::NegotiationFailed},
    Row{0xD, "ERRCONNECT_CONNECT_TRANSPORT_FAILED",
        N_("the connection was closed while it was being set up"), K::SocketClosed},
    Row{0xE, "ERRCONNECT_PASSWORD_EXPIRED", N_("the password has expired"),
        K::AuthenticationFailed},
    Row{0xF, "ERRCONNECT_PASSWORD_CERTAINLY_EXPIRED", N_("the password has expired"),
        K::AuthenticationFailed},
    Row{0x10, "ERRCONNECT_CLIENT_REVOKED", N_("the account's access has been revoked"),
        K::AuthenticationFailed},
    Row{0x11, "ERRCONNECT_KDC_UNREACHABLE",
        N_("the Kerberos server needed to check the credentials could not be reached"),
        K::AuthenticationFailed},
    Row{0x12, "ERRCONNECT_ACCOUNT_DISABLED", N_("the account is disabled"),
        K::AuthenticationFailed},
    Row{0x13, "ERRCONNECT_PASSWORD_MUST_CHANGE",
        N_("the password must be changed before logging on"), K::AuthenticationFailed},
    Row{0x14, "ERRCONNECT_LOGON_FAILURE", N_("the server rejected the user name or password"),
        K::AuthenticationFailed},
    Row{0x15, "ERRCONNECT_WRONG_PASSWORD", N_("the password is wrong"), K::AuthenticationFailed},
    Row{0x16, "ERRCONNECT_ACCESS_DENIED", N_("the server denied access to this account"),
        K::AuthenticationFailed},
    Row{0x17, "ERRCONNECT_ACCOUNT_RESTRICTION", N_("an account restriction prevents logging on"),
        K::AuthenticationFailed},
    Row{0x18, "ERRCONNECT_ACCOUNT_LOCKED_OUT", N_("the account is locked out"),
        K::AuthenticationFailed},
    Row{0x19, "ERRCONNECT_ACCOUNT_EXPIRED", N_("the account has expired"), K::AuthenticationFailed},
    Row{0x1A, "ERRCONNECT_LOGON_TYPE_NOT_GRANTED",
        N_("the account may not log on this way (remote logon not granted)"),
        K::AuthenticationFailed},
    Row{0x1B, "ERRCONNECT_NO_OR_MISSING_CREDENTIALS", N_("no credentials were given"),
        K::AuthenticationFailed},
    // FreeRDP 3.0 and 3.20.
    Row{0x1C, "ERRCONNECT_ACTIVATION_TIMEOUT", N_("the session was not activated in time"),
        K::Timeout},
    Row{0x1D, "ERRCONNECT_TARGET_BOOTING", N_("the remote computer is still starting up"),
        K::ConnectFailed},
};

// xfreerdp 2.11 client/X11/xf_client.h, enum XF_EXIT_CODE. 0..11 and 16..26 carry the ERRINFO
// code (licensing shifted down by 0x100 - 16); the rest are xfreerdp's own.
constexpr std::array kExitCodes = {
    Row{0, "XF_EXIT_SUCCESS", N_("the client exited normally"), K::Unknown},
    Row{1, "XF_EXIT_DISCONNECT",
        N_("the session was disconnected by an administrative tool on the server"),
        K::ServerDenied},
    Row{2, "XF_EXIT_LOGOFF",
        N_("the session was logged off by an administrative tool on the server"), K::ServerDenied},
    Row{3, "XF_EXIT_IDLE_TIMEOUT",
        N_("the server ended the session because it was idle longer than the server allows"),
        K::Timeout},
    Row{4, "XF_EXIT_LOGON_TIMEOUT",
        N_("the server ended the session because the logon took longer than it allows"),
        K::Timeout},
    Row{5, "XF_EXIT_CONN_REPLACED", N_("another connection took over the session"),
        K::ServerDenied},
    Row{6, "XF_EXIT_OUT_OF_MEMORY", N_("the server ran out of memory"), K::ServerDenied},
    Row{7, "XF_EXIT_CONN_DENIED", N_("the server denied the connection"), K::ServerDenied},
    Row{8, "XF_EXIT_CONN_DENIED_FIPS",
        N_("the server denied the connection because it requires FIPS-compliant encryption"),
        K::ServerDenied},
    Row{9, "XF_EXIT_USER_PRIVILEGES",
        N_("the user is not allowed to log on to this server remotely"), K::AuthenticationFailed},
    Row{10, "XF_EXIT_FRESH_CREDENTIALS_REQUIRED",
        N_("the server wants the credentials typed in again, not taken from a saved login"),
        K::AuthenticationFailed},
    Row{11, "XF_EXIT_DISCONNECT_BY_USER",
        N_("the user disconnected the session from elsewhere, which is not an error"),
        K::ClientError},
    Row{16, "XF_EXIT_LICENSE_INTERNAL", N_("licensing failed inside the server"), K::Licensing},
    Row{17, "XF_EXIT_LICENSE_NO_LICENSE_SERVER",
        N_("no Remote Desktop license server was available"), K::Licensing},
    Row{18, "XF_EXIT_LICENSE_NO_LICENSE",
        N_("no Remote Desktop license was available for this client"), K::Licensing},
    Row{19, "XF_EXIT_LICENSE_BAD_CLIENT_MSG",
        N_("the server received an invalid licensing message"), K::Licensing},
    Row{20, "XF_EXIT_LICENSE_HWID_DOESNT_MATCH",
        N_("the client's stored license belongs to different hardware"), K::Licensing},
    Row{21, "XF_EXIT_LICENSE_BAD_CLIENT", N_("the client's license is invalid"), K::Licensing},
    Row{22, "XF_EXIT_LICENSE_CANT_FINISH_PROTOCOL",
        N_("the licensing exchange could not be completed"), K::Licensing},
    Row{23, "XF_EXIT_LICENSE_CLIENT_ENDED_PROTOCOL",
        N_("the client ended the licensing exchange early"), K::Licensing},
    Row{24, "XF_EXIT_LICENSE_BAD_CLIENT_ENCRYPTION",
        N_("a licensing message was encrypted incorrectly"), K::Licensing},
    Row{25, "XF_EXIT_LICENSE_CANT_UPGRADE",
        N_("the client's license could not be upgraded or renewed"), K::Licensing},
    Row{26, "XF_EXIT_LICENSE_NO_REMOTE_CONNECTIONS",
        N_("the server is not licensed to accept remote connections"), K::Licensing},
    Row{32, "XF_EXIT_RDP", kProtocolMeaning, kProtocol},
    Row{128, "XF_EXIT_PARSE_ARGUMENTS", N_("xfreerdp did not accept its command-line arguments"),
        K::ClientError},
    Row{129, "XF_EXIT_MEMORY", N_("xfreerdp ran out of memory"), K::ClientError},
    Row{130, "XF_EXIT_PROTOCOL", N_("xfreerdp hit a protocol error"), K::Unknown},
    Row{131, "XF_EXIT_CONN_FAILED", N_("the connection failed"), K::ConnectFailed},
    Row{132, "XF_EXIT_AUTH_FAILURE", N_("authentication failed"), K::AuthenticationFailed},
    Row{133, "XF_EXIT_NEGO_FAILURE",
        N_("the client and the server could not agree on a security protocol"),
        K::NegotiationFailed},
    Row{134, "XF_EXIT_LOGON_FAILURE", N_("the server rejected the user name or password"),
        K::AuthenticationFailed},
    Row{135, "XF_EXIT_ACCOUNT_LOCKED_OUT", N_("the account is locked out"),
        K::AuthenticationFailed},
    Row{136, "XF_EXIT_PRE_CONNECT_FAILED", N_("the client failed while preparing to connect"),
        K::ClientError},
    Row{137, "XF_EXIT_CONNECT_UNDEFINED", N_("the connection failed for an unspecified reason"),
        K::Unknown},
    Row{138, "XF_EXIT_POST_CONNECT_FAILED", N_("the client failed right after connecting"),
        K::ClientError},
    Row{139, "XF_EXIT_DNS_ERROR", N_("looking up the server's name failed"), K::DnsFailed},
    Row{140, "XF_EXIT_DNS_NAME_NOT_FOUND", N_("the server's name was not found in DNS"),
        K::DnsFailed},
    Row{141, "XF_EXIT_CONNECT_FAILED", N_("no connection to the server could be made"),
        K::ConnectFailed},
    Row{142, "XF_EXIT_MCS_CONNECT_INITIAL_ERROR",
        N_("the server rejected the client's first RDP settings exchange"), K::NegotiationFailed},
    Row{143, "XF_EXIT_TLS_CONNECT_FAILED", N_("the TLS handshake with the server failed"),
        K::TlsFailed},
    Row{144, "XF_EXIT_INSUFFICIENT_PRIVILEGES",
        N_("the user is not allowed to log on to this server remotely"), K::AuthenticationFailed},
    Row{145, "XF_EXIT_CONNECT_CANCELLED", N_("the connection was cancelled on the client"),
        K::ClientError},
    Row{147, "XF_EXIT_CONNECT_TRANSPORT_FAILED",
        N_("the connection was closed while it was being set up"), K::SocketClosed},
    Row{148, "XF_EXIT_CONNECT_PASSWORD_EXPIRED", N_("the password has expired"),
        K::AuthenticationFailed},
    Row{149, "XF_EXIT_CONNECT_PASSWORD_MUST_CHANGE",
        N_("the password must be changed before logging on"), K::AuthenticationFailed},
    Row{150, "XF_EXIT_CONNECT_KDC_UNREACHABLE",
        N_("the Kerberos server needed to check the credentials could not be reached"),
        K::AuthenticationFailed},
    Row{151, "XF_EXIT_CONNECT_ACCOUNT_DISABLED", N_("the account is disabled"),
        K::AuthenticationFailed},
    Row{152, "XF_EXIT_CONNECT_PASSWORD_CERTAINLY_EXPIRED", N_("the password has expired"),
        K::AuthenticationFailed},
    Row{153, "XF_EXIT_CONNECT_CLIENT_REVOKED", N_("the account's access has been revoked"),
        K::AuthenticationFailed},
    Row{154, "XF_EXIT_CONNECT_WRONG_PASSWORD", N_("the password is wrong"),
        K::AuthenticationFailed},
    Row{155, "XF_EXIT_CONNECT_ACCESS_DENIED", N_("the server denied access to this account"),
        K::AuthenticationFailed},
    Row{156, "XF_EXIT_CONNECT_ACCOUNT_RESTRICTION",
        N_("an account restriction prevents logging on"), K::AuthenticationFailed},
    Row{157, "XF_EXIT_CONNECT_ACCOUNT_EXPIRED", N_("the account has expired"),
        K::AuthenticationFailed},
    Row{158, "XF_EXIT_CONNECT_LOGON_TYPE_NOT_GRANTED",
        N_("the account may not log on this way (remote logon not granted)"),
        K::AuthenticationFailed},
    Row{159, "XF_EXIT_CONNECT_NO_OR_MISSING_CREDENTIALS", N_("no credentials were given"),
        K::AuthenticationFailed},
    Row{160, "XF_EXIT_CONNECT_TARGET_BOOTING", N_("the remote computer is still starting up"),
        K::ConnectFailed},
    Row{255, "XF_EXIT_UNKNOWN", N_("the client failed for a reason it did not know"), K::Unknown},
};

constexpr std::string_view kUnknownMeaning = N_("a code rdpmedic does not know");

template <typename Table> const auto* find_row(const Table& table, std::uint32_t value) {
    const auto it = std::find_if(table.begin(), table.end(),
                                 [value](const auto& row) { return row.value == value; });
    return it == table.end() ? nullptr : &*it;
}

CodeMeaning unknown(std::uint32_t value) {
    return CodeMeaning{value, false, {}, kUnknownMeaning, K::Unknown};
}

CodeMeaning from_row(const Row& row) {
    return CodeMeaning{row.value, true, row.name, row.meaning, row.kind};
}

enum class NameStyle { ActiveX, FreeRdp };

CodeMeaning describe_errinfo(std::uint32_t code, NameStyle style) {
    if (const auto* row = find_row(kErrInfo, code)) {
        auto name = style == NameStyle::ActiveX ? row->activex_name : row->errinfo_name;
        if (name.empty()) {
            name = style == NameStyle::ActiveX ? row->errinfo_name : row->activex_name;
        }
        return CodeMeaning{code, true, name, row->meaning, row->kind};
    }
    if (code >= kProtocolRangeStart && code <= kProtocolRangeEnd) {
        return CodeMeaning{code, true, {}, kProtocolMeaning, kProtocol};
    }
    return unknown(code);
}

std::string hex(std::uint32_t value, int min_digits = 0) {
    std::array<char, 8> digits{};
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value, 16);
    (void)ec; // eight hex digits always hold a 32-bit value
    std::string text(digits.data(), end);
    for (auto& c : text) {
        if (c >= 'a' && c <= 'f') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    if (static_cast<int>(text.size()) < min_digits) {
        text.insert(0, static_cast<std::size_t>(min_digits) - text.size(), '0');
    }
    return "0x" + text;
}

// FreeRDP prints its values zero-padded to eight digits; matching that lets users search
// their logs for the text rdpmedic shows.
std::string freerdp_hex(std::uint32_t value) {
    return hex(value, 8);
}

std::string label(const CodeMeaning& code, const std::string& fallback) {
    return code.name.empty() ? fallback : std::string(code.name);
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}


} // namespace

CodeMeaning describe_disc_reason(std::uint32_t disc_reason) {
    if (const auto* row = find_row(kDiscReasons, disc_reason)) {
        return from_row(*row);
    }
    return unknown(disc_reason);
}

bool is_normal_disconnect(std::uint32_t disc_reason) {
    return disc_reason >= 1 && disc_reason <= 3;
}

CodeMeaning describe_extended_reason(std::uint32_t extended_reason) {
    return describe_errinfo(extended_reason, NameStyle::ActiveX);
}

CodeMeaning describe_freerdp_error(std::uint32_t freerdp_error) {
    const std::uint32_t error_class = freerdp_error >> 16;
    const std::uint32_t code = freerdp_error & 0xFFFFU;
    CodeMeaning meaning = unknown(freerdp_error);
    if (freerdp_error == 0) {
        meaning = CodeMeaning{0, true, "ERRBASE_SUCCESS", N_("no error"), K::Unknown};
    } else if (freerdp_error == 0xFFFFFFFFU) {
        meaning = CodeMeaning{freerdp_error, true, "ERRBASE_NONE", N_("no error was recorded"),
                              K::Unknown};
    } else if (error_class == 1) {
        meaning = describe_errinfo(code, NameStyle::FreeRdp);
    } else if (error_class == 2) {
        if (const auto* row = find_row(kConnectErrors, code)) {
            meaning = from_row(*row);
        }
    }
    meaning.value = freerdp_error;
    return meaning;
}

CodeMeaning describe_xfreerdp_exit(int exit_code) {
    const auto value = static_cast<std::uint32_t>(exit_code);
    if (exit_code >= 0) {
        if (const auto* row = find_row(kExitCodes, value)) {
            return from_row(*row);
        }
    }
    return unknown(value);
}

std::optional<std::uint32_t> parse_code(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    int base = 10;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    // A sign, a second "0x" or inner blanks make it something other than a code.
    if (text.empty()) {
        return std::nullopt;
    }
    const char first = text.front();
    const bool digit =
        (first >= '0' && first <= '9') ||
        (base == 16 && ((first >= 'a' && first <= 'f') || (first >= 'A' && first <= 'F')));
    if (!digit) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

Failure failure_from_mstsc(std::uint32_t disc_reason, std::optional<std::uint32_t> extended) {
    Failure failure;
    failure.codes.disc_reason = disc_reason;
    failure.codes.extended_reason = extended;

    const CodeMeaning disc = describe_disc_reason(disc_reason);
    const std::string disc_hex = hex(disc_reason);

    // 0 means "no extended information", so it never adds to what discReason says.
    std::optional<CodeMeaning> ext;
    if (extended && *extended != 0) {
        ext = describe_extended_reason(*extended);
    }
    const bool ext_wins = ext && ext->known && ext->kind != K::Unknown;

    const std::string disc_meaning(disc.meaning);
    if (ext_wins) {
        failure.kind = ext->kind;
        const std::string ext_meaning(ext->meaning);
        const std::string ext_hex = hex(ext->value);
        if (!disc.known) {
            failure.message =
                i18n::filled(texts::kMstscExtendedUnknownDisc, {ext_meaning, ext_hex, disc_hex});
        } else if (disc.kind == K::SocketClosed) {
            failure.message = i18n::filled(texts::kMstscClosedBecause,
                                           {disc_meaning, ext_meaning, disc_hex, ext_hex});
        } else {
            failure.message = i18n::filled(texts::kMstscExtended, {ext_meaning, disc_hex, ext_hex});
        }
    } else if (disc.known) {
        failure.kind = disc.kind;
        if (ext && !ext->known) {
            failure.message = i18n::filled(texts::kMstscUnknownExtended,
                                           {disc_meaning, disc_hex, hex(ext->value)});
        } else if (ext) {
            failure.message =
                i18n::filled(texts::kMstscBoth,
                             {disc_meaning, disc_hex, hex(ext->value), std::string(ext->meaning)});
        } else {
            failure.message = i18n::filled(texts::kMstscDisc, {disc_meaning, disc_hex});
        }
    } else {
        failure.kind = K::Unknown;
        const std::string decimal = std::to_string(disc_reason);
        if (!ext) {
            failure.message = i18n::filled(texts::kMstscUnknown, {disc_hex, decimal});
        } else if (ext->known) {
            failure.message =
                i18n::filled(texts::kMstscUnknownWithKnownExtended,
                             {disc_hex, decimal, hex(ext->value), std::string(ext->meaning)});
        } else {
            failure.message = i18n::filled(texts::kMstscUnknownWithExtended,
                                           {disc_hex, decimal, hex(ext->value)});
        }
    }
    failure.retriable = is_retriable(failure.kind);
    return failure;
}

Failure failure_from_freerdp(std::optional<std::uint32_t> freerdp_error,
                             std::optional<std::uint32_t> errinfo, int exit_code) {
    Failure failure;
    failure.codes.freerdp_error = freerdp_error;
    failure.codes.extended_reason = errinfo;
    failure.codes.exit_code = exit_code;

    // Values that say "nothing went wrong" are no evidence either way.
    std::optional<CodeMeaning> server;
    if (errinfo && *errinfo != 0 && *errinfo != 0xFFFFFFFFU) {
        server = describe_errinfo(*errinfo, NameStyle::FreeRdp);
    }
    std::optional<CodeMeaning> error;
    if (freerdp_error && *freerdp_error != 0 && *freerdp_error != 0xFFFFFFFFU &&
        *freerdp_error != 0x00020000U) {
        error = describe_freerdp_error(*freerdp_error);
    }
    std::optional<CodeMeaning> exited;
    if (exit_code != 0) {
        exited = describe_xfreerdp_exit(exit_code);
    }

    const auto server_text = [&] {
        return i18n::filled(texts::kFreeRdpServerErrorInfo, {freerdp_hex(server->value)});
    };
    const auto error_text = [&] {
        return i18n::filled(texts::kFreeRdpError, {freerdp_hex(error->value)});
    };
    std::vector<std::string> evidence;
    if (server) {
        evidence.push_back(label(*server, server_text()));
    }
    if (error) {
        evidence.push_back(label(*error, error_text()));
    }
    if (exited) {
        evidence.push_back(i18n::filled(texts::kFreeRdpExitCode, {std::to_string(exit_code)}));
    }

    using Source = const std::optional<CodeMeaning>*;
    const auto first_of = [](std::initializer_list<Source> sources, auto accept) {
        for (const Source source : sources) {
            if (*source && accept(**source)) {
                return &**source;
            }
        }
        return static_cast<const CodeMeaning*>(nullptr);
    };
    const auto specific = [](const CodeMeaning& code) {
        return code.known && code.kind != K::Unknown;
    };
    // The server's stated reason is the most specific, unless it only says the peer went
    // away; FreeRDP's recorded error comes next; the exit code is derived from that error and
    // so is the least specific.
    const CodeMeaning* chosen = first_of({&server}, [&](const CodeMeaning& code) {
        return specific(code) && code.kind != K::SocketClosed;
    });
    if (chosen == nullptr) {
        chosen = first_of({&error, &exited, &server}, specific);
    }
    if (chosen == nullptr) {
        chosen = first_of({&server, &error, &exited},
                          [](const CodeMeaning& code) { return code.known; });
    }

    if (chosen != nullptr) {
        failure.kind = chosen->kind;
        failure.message = i18n::filled(texts::kWithEvidence,
                                       {std::string(chosen->meaning), join(evidence, ", ")});
    } else if (evidence.empty()) {
        failure.kind = K::Unknown;
        failure.message = N_("the client exited normally");
    } else {
        std::vector<std::string> raw;
        if (error) {
            raw.push_back(error_text());
        }
        if (server) {
            raw.push_back(server_text());
        }
        if (exited) {
            raw.push_back(i18n::filled(
                texts::kFreeRdpExitCodeHex,
                {std::to_string(exit_code), hex(static_cast<std::uint32_t>(exit_code))}));
        }
        failure.kind = K::Unknown;
        failure.message = i18n::filled(texts::kFreeRdpFailedUnknown, {join(raw, ", ")});
    }
    failure.retriable = is_retriable(failure.kind);
    return failure;
}

namespace {

// A session someone ended on purpose has no fault to look for.
bool ended_on_purpose(const Failure& failure) {
    const auto& codes = failure.codes;
    if (codes.disc_reason && (*codes.disc_reason == 1 || *codes.disc_reason == 2)) {
        return !codes.extended_reason || *codes.extended_reason == 0 ||
               *codes.extended_reason == 0xB || *codes.extended_reason == 0xC;
    }
    if (failure.kind != K::ClientError) {
        return false;
    }
    return (codes.extended_reason &&
            (*codes.extended_reason == 0xB || *codes.extended_reason == 0xC)) ||
           (codes.freerdp_error &&
            (*codes.freerdp_error == 0x0001000BU || *codes.freerdp_error == 0x0001000CU)) ||
           (codes.exit_code && *codes.exit_code == 11);
}

// UDP is a Windows client's second transport; FreeRDP 2.x has none, so the cause only applies
// where mstsc reported the failure.
bool reported_by_mstsc(const Failure& failure) {
    return failure.codes.disc_reason.has_value();
}

} // namespace

std::vector<std::string> likely_causes(const Failure& failure) {
    if (ended_on_purpose(failure)) {
        return {N_("the session was ended on purpose by the user or on this computer; there may be "
                   "nothing to fix")};
    }
    std::vector<std::string> causes;
    switch (failure.kind) {
    case K::SocketClosed:
    case K::ServerDenied:
        causes = {
            N_("the server may be refusing new connections: too many connections waiting to log on "
               "at once, or its RDP listener is busy or stuck"),
            N_("the client and the server may want different security layers (standard RDP "
               "security, TLS, or NLA/CredSSP)"),
            N_("the TLS versions or cipher suites of the client and the server may not overlap"),
            N_("a firewall, VPN or proxy between the two may be resetting the connection"),
        };
        if (reported_by_mstsc(failure)) {
            causes.emplace_back(N_(
                "the UDP transport may be failing where TCP alone would work (Windows clients)"));
        }
        break;
    case K::ConnectFailed:
        causes = {
            N_("the server may be off, or unreachable from this network"),
            N_("nothing may be listening on that port: a wrong port, or the Remote Desktop "
               "service is stopped or disabled"),
            N_("a firewall may be rejecting connections to that port"),
            N_("a VPN the route depends on may be down"),
        };
        break;
    case K::DnsFailed:
        causes = {
            N_("the host name may be misspelled"),
            N_("the DNS server in use may not know the name, e.g. an internal name while the VPN "
               "is down"),
            N_("a stale cached DNS answer may be in the way"),
        };
        break;
    case K::Timeout:
        causes = {
            N_("the server or the network may be too slow or overloaded to answer in time"),
            N_("a firewall may be silently dropping the packets"),
            N_("the address may belong to a machine that is off or no longer there"),
        };
        break;
    case K::NegotiationFailed:
        causes = {
            N_("the server may require a security layer the client did not offer, e.g. NLA"),
            N_("the server may not allow the security layer the client asked for"),
            N_("the server may be configured for standard RDP security only"),
        };
        break;
    case K::TlsFailed:
        causes = {
            N_("the server's certificate may not be trusted, may have expired, or may not match "
               "the "
               "host name"),
            N_("the TLS versions or cipher suites of the client and the server may not overlap"),
            N_("a proxy or security product may be intercepting TLS"),
        };
        break;
    case K::AuthenticationFailed:
        causes = {
            N_("the user name, domain or password may be wrong"),
            N_("the account may be locked, disabled or expired, or its password may have expired"),
            N_("the account may not be allowed to log on through Remote Desktop"),
        };
        break;
    case K::Licensing:
        causes = {
            N_("the server may not reach a Remote Desktop license server"),
            N_("the server's licensing grace period or its licenses may have run out"),
            N_("the license stored on this client may be damaged"),
        };
        break;
    case K::ClientError:
        causes = {
            N_("the client may have been given a setting or argument it does not accept"),
            N_("the client program may be missing, damaged or the wrong version"),
            N_("the client may have no desktop to draw its window in"),
        };
        break;
    case K::Unknown:
        causes = {
            N_("no specific cause is known for this code; rdpmedic's checks of the network path, "
               "the security layer and TLS still apply"),
        };
        break;
    }
    return causes;
}

} // namespace rdpmedic
