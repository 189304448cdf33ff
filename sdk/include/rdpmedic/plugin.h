#ifndef RDPMEDIC_PLUGIN_H
#define RDPMEDIC_PLUGIN_H
/*
 * rdpmedic plugin ABI: the only contract between rdpmedic and a fix-strategy plugin.
 *
 * Pure C, usable from C11 and any C++ standard. No C++ type ever crosses it.
 *
 * Rules that keep old plugins working:
 * - A plugin exports exactly one symbol, RDPMEDIC_PLUGIN_ENTRY_SYMBOL, a function returning
 *   its rdpmedic_plugin_t. Everything else is reached through that struct.
 * - Every struct that crosses the boundary begins with rdpmedic_version_t (the ABI it was
 *   built against) and its size in bytes. Structs only grow at the end; a reader looks at
 *   `struct_size` before touching a field added in a later minor version.
 * - The host refuses a plugin built for another major ABI, or a newer minor one (it may rely
 *   on services this host lacks); it accepts older minors. Patch is informational.
 *
 * Threading: the host calls a plugin from one thread at a time, in the unelevated worker
 * process rdpmedic-fixer. Plugins never change the system themselves: apply() asks for typed
 * changes through host->request_change(); the host journals, asks consent, elevates and undoes.
 *
 * Ownership: strings the host hands in stay valid until the call that received the host
 * table returns. Strings a plugin hands out (metadata) stay valid while it is loaded.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RDPMEDIC_ABI_MAJOR 1
#define RDPMEDIC_ABI_MINOR 3
#define RDPMEDIC_ABI_PATCH 0

#define RDPMEDIC_PLUGIN_ENTRY_SYMBOL "rdpmedic_plugin_entry"

#if defined(_WIN32)
#define RDPMEDIC_EXPORT __declspec(dllexport)
#else
#define RDPMEDIC_EXPORT __attribute__((visibility("default")))
#endif

typedef struct rdpmedic_version {
    uint32_t major;
    uint32_t minor;
    uint32_t patch;
} rdpmedic_version_t;

#define RDPMEDIC_ABI_VERSION_INIT {RDPMEDIC_ABI_MAJOR, RDPMEDIC_ABI_MINOR, RDPMEDIC_ABI_PATCH}

/* Whether a host at this header's ABI can load a plugin built against `plugin`. */
static inline int rdpmedic_abi_is_compatible(rdpmedic_version_t plugin) {
    return plugin.major == RDPMEDIC_ABI_MAJOR && plugin.minor <= RDPMEDIC_ABI_MINOR;
}

/* Platforms a strategy supports (bit mask). */
#define RDPMEDIC_PLATFORM_LINUX 0x1u
#define RDPMEDIC_PLATFORM_WINDOWS 0x2u

/* Strategy flags (bit mask). */
#define RDPMEDIC_FLAG_NEEDS_ELEVATION 0x1u /* some change it requests needs admin rights */
#define RDPMEDIC_FLAG_NEEDS_REBOOT 0x2u    /* the fix takes effect after a reboot */
#define RDPMEDIC_FLAG_SYSTEM_WIDE 0x4u     /* scope: the whole machine; else one connection */
#define RDPMEDIC_FLAG_REVERSIBLE 0x8u      /* every change it requests can be undone */

typedef enum rdpmedic_log_level {
    RDPMEDIC_LOG_DEBUG = 0,
    RDPMEDIC_LOG_INFO = 1,
    RDPMEDIC_LOG_WARNING = 2,
    RDPMEDIC_LOG_ERROR = 3
} rdpmedic_log_level_t;

/* What apply() and verify() return. */
typedef enum rdpmedic_status {
    RDPMEDIC_OK = 0,          /* apply: changes requested; verify: the fix is in place */
    RDPMEDIC_NOT_APPLICABLE = 1, /* nothing to do for this connection */
    RDPMEDIC_FAILED = 2       /* see the plugin's log lines for why */
} rdpmedic_status_t;

/*
 * The typed changes a plugin may ask for. Anything else is refused by the host, and so is
 * anything outside these rules (the README's "What a plugin can and cannot do" lists each
 * refusal):
 * - REGISTRY_SET / REGISTRY_DELETE: only values rdpmedic knows the meaning of, under the
 *   Remote Desktop client's keys, with the values each may take (fClientDisableUDP 0|1,
 *   RDGClientTransport 0|1, AuthenticationLevelOverride 1|2: 0 would silence mstsc's warning
 *   about a server that cannot be authenticated). HKLM values and system actions need the
 *   manifest's needs_elevation; every system change needs the manifest's scope "system".
 * - TARGET_ADDRESS: only an address the diagnosis resolved for the target's name, on the same
 *   port; it changes where the credentials go, so the user is asked every time.
 * - CLIENT: only an installed_client() (the same server, through a client installed here).
 * - INTERFACE_MTU: key an address the diagnosis resolved for the target, value the MTU (576 …
 *   1500) for the interface the route to it goes through; system-wide, needs the manifest's
 *   needs_elevation and scope "system", always asked, journaled with the old MTU and undone.
 * - OVERRIDE (ABI 1.3): name says which typed choice, value its value; the host spells it for
 *   the client in use (FreeRDP 2, FreeRDP 3, mstsc's .rdp settings):
 *     "security-layer"     "rdp" | "tls" | "nla" | "ext"; rdp and tls turn off NLA: asked
 *     "tls-security-level" "0" … "5"; below 2 allows broken TLS: asked
 *     "gateway-transport"  "auto" | "http" | "rpc"
 *     "certificate-name"   only the name the user connects to (after a TARGET_ADDRESS)
 *   A choice the user made themselves (their own /sec:, …) is never overridden: the request
 *   is refused with a note saying so.
 * - CLIENT_ARGUMENT: a FreeRDP spelling of an override above is taken as that override;
 *   otherwise only -wallpaper, -themes, -clipboard, +auto-reconnect, /network:TYPE and
 *   /timeout:MS (1000 … 600000). Nothing that names a file, a device, a server or a
 *   credential, and nothing that turns a check off (/action-script, /drive, /cert:ignore,
 *   /p:, /v:, …), whatever the flags.
 * The host asks the user before anything it marks as needing consent, whatever the change's
 * flags say; RDPMEDIC_CHANGE_NEEDS_CONSENT can only add a question, never remove one.
 */
typedef enum rdpmedic_change_kind {
    RDPMEDIC_CHANGE_REGISTRY_SET = 1,    /* key, name, value_type, value */
    RDPMEDIC_CHANGE_REGISTRY_DELETE = 2, /* key, name */
    RDPMEDIC_CHANGE_TARGET_ADDRESS = 3,  /* value: "host" or "host:port" for the next attempt */
    RDPMEDIC_CHANGE_CLIENT_ARGUMENT = 4, /* value: one extra client argument, e.g. "-wallpaper" */
    RDPMEDIC_CHANGE_CLIENT = 5,          /* value: an installed_client() id, e.g. "remmina" */
    RDPMEDIC_CHANGE_SYSTEM_ACTION = 6,   /* value: "dns.flush" or "winsock.reset" */
    RDPMEDIC_CHANGE_OVERRIDE = 7,        /* ABI 1.3: name: RDPMEDIC_OVERRIDE_*, value: its value */
    RDPMEDIC_CHANGE_INTERFACE_MTU = 8    /* key: the server's address, value: the MTU (576 … 1500) */
} rdpmedic_change_kind_t;

/* The typed per-connection choices of RDPMEDIC_CHANGE_OVERRIDE (ABI 1.3). */
#define RDPMEDIC_OVERRIDE_SECURITY_LAYER "security-layer"
#define RDPMEDIC_OVERRIDE_TLS_SECURITY_LEVEL "tls-security-level"
#define RDPMEDIC_OVERRIDE_GATEWAY_TRANSPORT "gateway-transport"
#define RDPMEDIC_OVERRIDE_CERTIFICATE_NAME "certificate-name"

typedef enum rdpmedic_value_type {
    RDPMEDIC_VALUE_NONE = 0,
    RDPMEDIC_VALUE_DWORD = 1, /* value is decimal text, e.g. "1" */
    RDPMEDIC_VALUE_STRING = 2
} rdpmedic_value_type_t;

/* Change flags (bit mask, ABI 1.1). */
#define RDPMEDIC_CHANGE_NEEDS_CONSENT 0x1u /* weakens security or surprises the user: ask first */

typedef struct rdpmedic_change {
    rdpmedic_version_t abi;
    uint32_t struct_size; /* sizeof(rdpmedic_change_t) */
    uint32_t kind;        /* rdpmedic_change_kind_t */
    const char* key;      /* registry: "HKLM\\SOFTWARE\\…"; else NULL */
    const char* name;     /* registry value name; override: RDPMEDIC_OVERRIDE_*; else NULL */
    uint32_t value_type;  /* rdpmedic_value_type_t */
    const char* value;    /* see rdpmedic_change_kind_t */
    /* ABI 1.1; a 1.0 plugin's struct ends before these and they count as 0 / NULL. */
    uint32_t flags;       /* RDPMEDIC_CHANGE_* */
    const char* note;     /* what the user is asked / told about this change; may be NULL */
} rdpmedic_change_t;

/* The size of a 1.0 rdpmedic_change_t: the host accepts any request at least this large. */
#define RDPMEDIC_CHANGE_SIZE_1_0 (offsetof(rdpmedic_change_t, value) + sizeof(const char*))

/*
 * Services the host hands to every call. Read-only views of the connection, the failure
 * and the diagnosis, logging, and the one way to change anything: request_change().
 */
typedef struct rdpmedic_host rdpmedic_host_t;
struct rdpmedic_host {
    rdpmedic_version_t abi;
    uint32_t struct_size;
    void* host_data; /* the host's own; plugins leave it alone */

    void (*log)(const rdpmedic_host_t* host, rdpmedic_log_level_t level, const char* message);

    /* The connection: host name or address as the user gave it, and the port. */
    const char* (*target_host)(const rdpmedic_host_t* host);
    uint16_t (*target_port)(const rdpmedic_host_t* host);
    /* The failure kind id ("socket-closed", …; see the README), "" when there is none. */
    const char* (*failure_kind)(const rdpmedic_host_t* host);
    /* The diagnosis verdict cause id ("server-refusing-connections", …), "" without one. */
    const char* (*verdict_cause)(const rdpmedic_host_t* host);
    /* Whether the diagnosis has a finding with this id ("x224.closed", …). */
    int (*has_finding)(const rdpmedic_host_t* host, const char* finding_id);
    /* Resolved address number `index` (0-based), NULL past the end. */
    const char* (*address)(const rdpmedic_host_t* host, uint32_t index);
    /* The whole diagnosis in the README's JSON schema, "{}" without one. */
    const char* (*diagnosis_json)(const rdpmedic_host_t* host);

    /* Only valid during apply(). Returns 1 when queued, 0 when refused (logged with why). */
    int (*request_change)(const rdpmedic_host_t* host, const rdpmedic_change_t* change);

    /* ABI 1.1: check RDPMEDIC_HOST_HAS(host, field) before calling these. */
    /* The client that makes the connection ("xfreerdp", "mstsc", …), "" when unknown. */
    const char* (*client_name)(const rdpmedic_host_t* host);
    /* The connection's client argument number `index` (0-based, as the user and earlier fixes
     * gave them, in order; the later one of two wins), NULL past the end. */
    const char* (*client_argument)(const rdpmedic_host_t* host, uint32_t index);

    /* ABI 1.2: check RDPMEDIC_HOST_HAS(host, field) before calling these. */
    /* The RD Gateway the connection goes through ("name" or "name:port"), "" without one. */
    const char* (*gateway)(const rdpmedic_host_t* host);
    /* Which attempt of the connection just failed: 1 for the first, 0 when unknown. */
    uint32_t (*attempt)(const rdpmedic_host_t* host);
    /* Another RDP client the host found installed here and can hand the connection to,
     * number `index` (0-based, the platform's order of preference), NULL past the end. The
     * client in use is never listed. Ids: "remmina", "wlfreerdp" (Linux); "msrdc",
     * "windows-app", "remote-desktop-app" (Windows). */
    const char* (*installed_client)(const rdpmedic_host_t* host, uint32_t index);
};

/* Whether `host` (a rdpmedic_host_t*) is new enough to carry `field`. */
#define RDPMEDIC_HOST_HAS(host, field) \
    ((host)->struct_size >= offsetof(rdpmedic_host_t, field) + sizeof((host)->field) && (host)->field != NULL)

typedef struct rdpmedic_strategy_info {
    rdpmedic_version_t abi;
    uint32_t struct_size;
    const char* id;           /* "vendor.name", equal to the manifest's id */
    const char* display_name;
    const char* description;
    const char* version;      /* the plugin's own version, e.g. "1.2.0" */
    uint32_t platforms;       /* RDPMEDIC_PLATFORM_* */
    uint32_t flags;           /* RDPMEDIC_FLAG_* */
} rdpmedic_strategy_info_t;

typedef struct rdpmedic_plugin {
    rdpmedic_version_t abi; /* RDPMEDIC_ABI_VERSION_INIT of the headers it was built with */
    uint32_t struct_size;
    const rdpmedic_strategy_info_t* info;

    /*
     * How well this strategy fits the failure: 0 (no use) to 100 (certain fix). Writes one
     * line into `reason` (NUL-terminated, at most reason_size bytes). No changes may be
     * requested here. -1 means the strategy could not assess (the reason says why); any
     * other score outside 0–100 is treated as a fault of the plugin.
     */
    int32_t (*assess)(const rdpmedic_host_t* host, char* reason, size_t reason_size);
    /* Requests the changes of this fix through host->request_change(). */
    rdpmedic_status_t (*apply)(const rdpmedic_host_t* host);
    /* Optional (NULL): whether the fix is in place after the host carried it out. */
    rdpmedic_status_t (*verify)(const rdpmedic_host_t* host);
} rdpmedic_plugin_t;

typedef const rdpmedic_plugin_t* (*rdpmedic_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* RDPMEDIC_PLUGIN_H */
