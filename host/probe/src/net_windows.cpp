// The probe's sockets on Windows: Winsock 2, non-blocking, every wait bounded by select().
// select() rather than WSAPoll: WSAPoll did not report a refused non-blocking connect before
// Windows 10 2004, and select() names the failure in its except set.
#include "net.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_error.h"

#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <algorithm>
#include <winsock2.h>
#include <ws2tcpip.h>
// After winsock2.h, which they need.
#include <mstcpip.h>
#include <windns.h>

namespace rdpmedic::probe::net {

namespace {

/// Winsock is started once for the process and left running until it exits.
void ensure_winsock() {
    static const int started = [] {
        WSADATA data{};
        return WSAStartup(MAKEWORD(2, 2), &data);
    }();
    (void)started; // a failed start shows up as an error of the first socket call
}

timeval remaining(Deadline deadline) {
    const auto left =
        std::chrono::ceil<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
    const long long micros = std::clamp<long long>(left.count(), 0, 1'000'000'000LL);
    return timeval{static_cast<long>(micros / 1'000'000), static_cast<long>(micros % 1'000'000)};
}

std::string error_text(int code) {
    return windows_error_text(static_cast<unsigned long>(code));
}

SOCKET socket_of(std::intptr_t handle) {
    return static_cast<SOCKET>(handle);
}

/// select() on one socket: read, write, or both a connect's success (write) and failure
/// (except). True when it became ready before the deadline.
bool select_one(SOCKET s, bool for_write, bool connecting, Deadline deadline) {
    fd_set readable;
    fd_set writable;
    fd_set failed;
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    FD_ZERO(&failed);
    FD_SET(s, for_write ? &writable : &readable);
    if (connecting) {
        FD_SET(s, &failed);
    }
    timeval timeout = remaining(deadline);
    // The first argument is ignored by Winsock.
    return select(0, &readable, &writable, &failed, &timeout) > 0;
}

// Socket options of Windows 10 2004 that MinGW's headers do not name yet (ws2ipdef.h of the
// Windows SDK has them with these values).
constexpr int kTcpFailConnectOnIcmpError = 18;
constexpr int kTcpIcmpErrorInfo = 19;
struct IcmpErrorInfo {
    SOCKADDR_INET source;
    int protocol;
    UINT8 type;
    UINT8 code;
};

/// Makes a closed port and an ICMP error end the connect as they happen, as on Linux. Windows
/// takes a RST to its SYN for a lost packet and tries again twice, 500 ms apart, so a refused
/// port is reported only after about 2 s, past the probe's step, and reads as a firewall
/// that drops (tcp.timeout); and it ignores ICMP "unreachable" during a connect altogether.
/// No SYN retransmission costs the probe nothing: its step ends before Windows' first
/// retransmission of a lost SYN (its initial RTO is 3 s) would be sent anyway.
/// Both are best effort: older Windows (and Wine) refuse them and behave as before.
void fail_connect_fast(SOCKET s) {
    TCP_INITIAL_RTO_PARAMETERS rto{TCP_INITIAL_RTO_UNSPECIFIED_RTT,
                                   TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS};
    DWORD returned = 0;
    WSAIoctl(s, SIO_TCP_INITIAL_RTO, &rto, sizeof rto, nullptr, 0, &returned, nullptr, nullptr);
    const DWORD on = 1;
    setsockopt(s, IPPROTO_TCP, kTcpFailConnectOnIcmpError, reinterpret_cast<const char*>(&on),
               sizeof on);
}

/// Which router said "unreachable", and how, when Windows kept the ICMP error of a connect.
std::string icmp_error_of(SOCKET s) {
    IcmpErrorInfo info{};
    int size = sizeof info;
    if (getsockopt(s, IPPROTO_TCP, kTcpIcmpErrorInfo, reinterpret_cast<char*>(&info), &size) != 0 ||
        size < static_cast<int>(sizeof info) || (info.type == 0 && info.code == 0)) {
        return {};
    }
    wchar_t text[INET6_ADDRSTRLEN] = {};
    const bool v6 = info.source.si_family == AF_INET6;
    const void* address = v6 ? static_cast<const void*>(&info.source.Ipv6.sin6_addr)
                             : static_cast<const void*>(&info.source.Ipv4.sin_addr);
    const std::string from = InetNtopW(v6 ? AF_INET6 : AF_INET, address, text, INET6_ADDRSTRLEN) != nullptr
                                 ? " from " + narrow(text)
                                 : std::string();
    return " (ICMP" + std::string(v6 ? "v6" : "") + " type " + std::to_string(info.type) + " code " +
           std::to_string(info.code) + from + ")";
}

} // namespace

bool literal_address(const std::string& host) {
    in6_addr v6{};
    in_addr v4{};
    return inet_pton(AF_INET, host.c_str(), &v4) == 1 ||
           inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

Resolved lookup(const std::string& host) {
    ensure_winsock();
    Resolved out;
    ADDRINFOW hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    ADDRINFOW* list = nullptr;
    // The W form: host names outside ASCII reach the resolver intact.
    const int rc = GetAddrInfoW(widen(host).c_str(), nullptr, &hints, &list);
    if (rc != 0) {
        out.error = error_text(rc);
        return out;
    }
    for (const ADDRINFOW* ai = list; ai != nullptr; ai = ai->ai_next) {
        wchar_t text[INET6_ADDRSTRLEN] = {};
        if (GetNameInfoW(ai->ai_addr, static_cast<socklen_t>(ai->ai_addrlen), text,
                         INET6_ADDRSTRLEN, nullptr, 0, NI_NUMERICHOST) == 0) {
            std::string address = narrow(text);
            if (std::find(out.addresses.begin(), out.addresses.end(), address) ==
                out.addresses.end()) {
                out.addresses.push_back(std::move(address));
            }
        }
    }
    FreeAddrInfoW(list);
    conclude(out);
    return out;
}

Resolved lookup_at_dns_server(const std::string& host) {
    ensure_winsock();
    Resolved out;
    const std::wstring name = widen(host);
    for (const WORD type : {WORD{DNS_TYPE_A}, WORD{DNS_TYPE_AAAA}}) {
        PDNS_RECORDW records = nullptr;
        const DNS_STATUS status = DnsQuery_W(name.c_str(), type, DNS_QUERY_BYPASS_CACHE | DNS_QUERY_NO_HOSTS_FILE,
                                             nullptr, &records, nullptr);
        if (status != ERROR_SUCCESS) {
            if (out.error.empty()) {
                out.error = status == DNS_ERROR_RCODE_NAME_ERROR ? "no such name at the DNS server" : error_text(status);
            }
            continue;
        }
        for (const DNS_RECORDW* record = records; record != nullptr; record = record->pNext) {
            if (record->wType != type) {
                continue;
            }
            wchar_t text[INET6_ADDRSTRLEN] = {};
            const bool v4 = type == DNS_TYPE_A;
            const void* address = v4 ? static_cast<const void*>(&record->Data.A.IpAddress)
                                     : static_cast<const void*>(&record->Data.AAAA.Ip6Address);
            if (InetNtopW(v4 ? AF_INET : AF_INET6, address, text, INET6_ADDRSTRLEN) != nullptr) {
                std::string added = narrow(text);
                if (std::find(out.addresses.begin(), out.addresses.end(), added) == out.addresses.end()) {
                    out.addresses.push_back(std::move(added));
                }
            }
        }
        DnsRecordListFree(records, DnsFreeRecordList);
    }
    conclude(out);
    return out;
}

std::filesystem::path hosts_file_path() {
    wchar_t system[MAX_PATH] = {};
    const UINT length = GetSystemDirectoryW(system, MAX_PATH);
    if (length == 0 || length >= MAX_PATH) {
        return {};
    }
    return std::filesystem::path(std::wstring(system, length)) / L"drivers" / L"etc" / L"hosts";
}

Connection::~Connection() {
    closesocket(socket_of(handle_));
}

bool Connection::wait(bool for_write, Deadline deadline) {
    return select_one(socket_of(handle_), for_write, false, deadline);
}

Connection::Transfer Connection::send_some(std::span<const std::uint8_t> bytes) {
    const int size = static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 20));
    const int n = send(socket_of(handle_), reinterpret_cast<const char*>(bytes.data()), size, 0);
    if (n > 0) {
        return {Transfer::Status::Moved, static_cast<std::size_t>(n)};
    }
    const int error = WSAGetLastError();
    if (error == WSAEWOULDBLOCK || error == WSAEINTR) {
        return {Transfer::Status::WouldBlock, 0};
    }
    return {error == WSAESHUTDOWN ? Transfer::Status::Closed : Transfer::Status::Reset, 0};
}

Connection::Transfer Connection::receive_some(std::span<std::uint8_t> into) {
    const int size = static_cast<int>(std::min<std::size_t>(into.size(), 1 << 20));
    const int n = recv(socket_of(handle_), reinterpret_cast<char*>(into.data()), size, 0);
    if (n > 0) {
        return {Transfer::Status::Moved, static_cast<std::size_t>(n)};
    }
    if (n == 0) {
        return {Transfer::Status::Closed, 0};
    }
    const int error = WSAGetLastError();
    if (error == WSAEWOULDBLOCK || error == WSAEINTR) {
        return {Transfer::Status::WouldBlock, 0};
    }
    return {Transfer::Status::Reset, 0};
}

Connected connect(const std::string& address, std::uint16_t port, Deadline deadline, int max_segment) {
    ensure_winsock();
    Connected out;
    ADDRINFOW hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    ADDRINFOW* ai = nullptr;
    if (GetAddrInfoW(widen(address).c_str(), std::to_wstring(port).c_str(), &hints, &ai) != 0 ||
        ai == nullptr) {
        out.error = "not a numeric address: " + address;
        return out;
    }
    // Not inheritable: a client started meanwhile must not keep the probe's socket open.
    const SOCKET s =
        WSASocketW(ai->ai_family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET) {
        out.error = error_text(WSAGetLastError());
        FreeAddrInfoW(ai);
        return out;
    }
    auto connection = std::make_unique<Connection>(static_cast<std::intptr_t>(s));
    u_long non_blocking = 1;
    ioctlsocket(s, FIONBIO, &non_blocking);
    const BOOL one = TRUE;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
    // TCP_MAXSEG (4 in the Windows SDK's ws2ipdef.h; MinGW's lacks it) is documented for
    // reading only; where setting it fails, say so.
    constexpr int kTcpMaxSegment = 4;
    const DWORD segment = static_cast<DWORD>(max_segment);
    if (max_segment > 0 &&
        setsockopt(s, IPPROTO_TCP, kTcpMaxSegment, reinterpret_cast<const char*>(&segment), sizeof segment) != 0) {
        out.error = "cannot cap the segment size: " + error_text(WSAGetLastError());
        FreeAddrInfoW(ai);
        return out;
    }
    fail_connect_fast(s);
    const int rc = ::connect(s, ai->ai_addr, static_cast<int>(ai->ai_addrlen));
    FreeAddrInfoW(ai);
    int error = rc == 0 ? 0 : WSAGetLastError();
    if (rc != 0 && error == WSAEWOULDBLOCK) {
        if (!select_one(s, true, true, deadline)) {
            out.status = ConnectStatus::TimedOut;
            out.error = "no answer to the connection attempt in time";
            return out;
        }
        int size = sizeof error;
        getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &size);
    }
    switch (error) {
    case 0:
        out.status = ConnectStatus::Open;
        out.connection = std::move(connection);
        return out;
    case WSAECONNREFUSED:
        out.status = ConnectStatus::Refused;
        break;
    case WSAETIMEDOUT:
        out.status = ConnectStatus::TimedOut;
        break;
    case WSAENETUNREACH:
    case WSAEHOSTUNREACH:
    case WSAEADDRNOTAVAIL:
    case WSAENETDOWN:
        out.status = ConnectStatus::Unreachable;
        break;
    default:
        out.status = ConnectStatus::Error;
        break;
    }
    out.error = error_text(error);
    if (out.status == ConnectStatus::Unreachable) {
        out.error += icmp_error_of(s);
    }
    return out;
}

} // namespace rdpmedic::probe::net
