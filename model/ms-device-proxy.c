/* migsim: proxy devices, read from lxd/device/proxy.go validateConfig and
 * ProxyParseAddr at every LXD tag lxd-5.0.0 .. lxd-6.9 and Incus v6.0.0 ..
 * v7.3.0 (git grep of each text, 2026-12-06).  The rules and their order
 * are the same everywhere but for two checks: the listen address against
 * the network forwards (lxd-5.0.3+, lxd-5.12+, every Incus tag) and the
 * wildcard listen address in nat mode (gone at Incus v7.0.1 and v7.2.0+).
 * Lines are at lxd-5.0.2 unless a tag is named; the same statements are at
 * proxy.go:166-246 at lxd-5.21.7 and lxd-6.9 and ProxyParseAddr moved to
 * lxd/network/network_utils.go:1423 (lxd-5.21.7), :1435 (lxd-6.9). */
#include "ms-apply-private.h"
#include "ms-names.h"

#include <string.h>

/* ProxyParseAddr expands ranges port by port (8 bytes each): beyond
 * this many the daemon's memory, not a rule, decides */
#define MAX_PORTS (G_GUINT64_CONSTANT(1) << 20)

#define CHECK(rule, condition) ms_env_check(ctx->env, (rule), name, (condition))
#define FAIL(rule, ...) ms_reject_rule(out, ctx->env->profile, (rule), ##__VA_ARGS__)

/* One side of the proxy as ProxyParseAddr splits it. */
typedef struct {
    char type[8];     /* tcp, udp or unix */
    char *host;       /* tcp/udp: the host part ("" allowed), unix: the path */
    guint64 n_ports;  /* tcp/udp: the ports the ranges expand to */
    gint64 max_port;  /* tcp/udp: the highest of them */
    gboolean ip_v4;   /* tcp/udp with an IP host: Go's To4() != nil */
    gboolean ip_zero; /* ... and the IP is 0.0.0.0 or :: (net.IP.Equal) */
    gboolean has_ip;  /* the host parsed as an IP (net.ParseIP != nil) */
} ProxyAddr;

static void
proxy_addr_clear(ProxyAddr *addr)
{
    g_clear_pointer(&addr->host, g_free);
}

/* listen and connect, freed together */
typedef struct {
    ProxyAddr listen, connect;
} ProxyAddrPair;

static void
proxy_addr_pair_clear(ProxyAddrPair *pair)
{
    proxy_addr_clear(&pair->listen);
    proxy_addr_clear(&pair->connect);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ProxyAddrPair, proxy_addr_pair_clear)

/* strconv.ParseInt(s, 10, 64) of a port as network.ParsePortRange calls
 * it: digits only are followed (a sign is legal to Go; more than 18
 * digits may overflow): -1 not followed, -2 Go's syntax error, else the
 * value. */
static gint64
parse_port(const char *s)
{
    gint64 n = 0;

    if (*s == '\0')
        return -2;
    if (strlen(s) > 18 || strchr(s, '+') != NULL)
        return -1;
    for (const char *p = s; *p != '\0'; p++) {
        if (!g_ascii_isdigit(*p))
            return -2;
        n = n * 10 + (*p - '0');
    }
    return n;
}

/* net.ParseIP of @host: TRUE with its version and zero-ness when it parses.
 * inet_pton (GLib) and Go agree on dotted quads without leading zeros and
 * on IPv6 text without a zone; anything else is not followed (@unsure). */
static gboolean
parse_ip(const char *host, ProxyAddr *addr, gboolean *unsure)
{
    g_autoptr(GInetAddress) ip = NULL;
    const guint8 *bytes;

    if (strchr(host, '%') != NULL) {
        *unsure = TRUE;
        return FALSE;
    }
    for (const char *p = host; *p != '\0'; p++)
        if (*p == '0' && g_ascii_isdigit(p[1]) && (p == host || !g_ascii_isxdigit(p[-1]))) {
            *unsure = TRUE; /* a leading zero: Go refuses it from go1.17 */
            return FALSE;
        }
    if ((ip = g_inet_address_new_from_string(host)) == NULL)
        return FALSE;
    bytes = g_inet_address_to_bytes(ip);
    if (g_inet_address_get_family(ip) == G_SOCKET_FAMILY_IPV4) {
        addr->ip_v4 = TRUE;
        addr->ip_zero = bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0;
    } else {
        static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        gboolean all_zero = TRUE;

        for (guint i = 0; i < 16; i++)
            all_zero = all_zero && bytes[i] == 0;
        addr->ip_v4 = memcmp(bytes, mapped, sizeof(mapped)) == 0;
        addr->ip_zero =
            all_zero || (addr->ip_v4 && bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] == 0);
    }
    addr->has_ip = TRUE;
    return TRUE;
}

/* strings.Split(@s, @sep): unlike g_strsplit, "" splits into one empty
 * string, which ParsePortRange then refuses (strconv.ParseInt of ""). */
static GStrv
go_split(const char *s, const char *sep)
{
    if (*s == '\0') {
        GStrv one = g_new0(char *, 2);

        one[0] = g_strdup("");
        return one;
    }
    return g_strsplit(s, sep, -1);
}

/* The end ports of one range as network.ParsePortRange splits them: up to
 * lxd-6.7 (and in Incus) strings.Split, more than two parts refused before
 * any is parsed; from lxd-6.8 strings.Cut, the first part parsed before a
 * second '-' is refused (lxd/network/network_utils.go:1324-1352 at
 * lxd-6.8).  Returns the ends (one or two) or NULL with the text in
 * *@error or the reason in *@why. */
static GStrv
split_range(const char *range, gboolean cut_first, char **error, const char **why)
{
    g_auto(GStrv) ends = go_split(range, "-");

    if (g_strv_length(ends) <= 2)
        return g_steal_pointer(&ends);
    if (cut_first) {
        gint64 n = parse_port(ends[0]);

        if (n == -1) {
            *why = "with a port strconv.ParseInt may read otherwise than migsim";
            return NULL;
        }
        if (n == -2) {
            g_autofree char *quoted = ms_go_quote(ends[0]);
            *error = g_strdup_printf("strconv.ParseInt: parsing %s: invalid syntax", quoted);
            return NULL;
        }
    }
    {
        g_autofree char *quoted = ms_go_quote(range);
        *error = g_strdup_printf("Invalid port range %s", quoted);
    }
    return NULL;
}

/* ProxyParseAddr (lxd/device/device_utils_proxy.go:15-70 at lxd-5.0.2):
 * <type>:<address>, tcp/udp's address net.SplitHostPort's host:port with
 * the host empty or an IP (validate.IsNetworkAddress, "Not an IP address
 * %q", shared/validate/validate.go:268) and the port a comma list of N or
 * N-M (network.ParsePortRange, lxd/network/network_utils.go:1241-1265;
 * ports are not range-checked).  Returns NULL when it parses, else LXD's
 * text in *@error or, when migsim does not follow the input, NULL there
 * and the reason returned in *@why. */
static gboolean
parse_addr(const char *data, gboolean cut_first, ProxyAddr *addr, char **error, const char **why)
{
    const char *colon = strchr(data, ':');
    g_autofree char *type = colon != NULL ? g_strndup(data, (gsize) (colon - data)) : g_strdup(data);
    const char *rest = colon != NULL ? colon + 1 : "";
    g_autofree char *host = NULL;
    const char *port;
    g_auto(GStrv) ranges = NULL;
    gboolean unsure = FALSE;

    *error = NULL;
    *why = NULL;
    if (!g_str_equal(type, "tcp") && !g_str_equal(type, "udp") && !g_str_equal(type, "unix")) {
        g_autofree char *quoted = ms_go_quote(type);
        *error = g_strdup_printf("Unknown protocol type %s", quoted);
        return FALSE;
    }
    if (*rest == '\0') {
        *error = g_strdup("Missing address");
        return FALSE;
    }
    g_strlcpy(addr->type, type, sizeof(addr->type));
    if (g_str_equal(type, "unix")) {
        addr->host = g_strdup(rest);
        return TRUE;
    }
    /* net.SplitHostPort: the port after the last colon; "address A: why"
     * (net.AddrError).  "[host]:port" is followed; any other bracket not */
    port = strrchr(rest, ':');
    if (rest[0] == '[') {
        const char *end = strchr(rest, ']');

        if (end == NULL || end[1] != ':' || end + 1 != port || strchr(rest + 1, '[') != NULL ||
            strchr(end + 1, ']') != NULL) {
            *why = "with a bracketed address, whose split migsim does not follow";
            return FALSE;
        }
        host = g_strndup(rest + 1, (gsize) (end - rest - 1));
    } else if (strchr(rest, '[') != NULL || strchr(rest, ']') != NULL) {
        *why = "with a bracketed address, whose split migsim does not follow";
        return FALSE;
    } else if (port == NULL) {
        *error = g_strdup_printf("address %s: missing port in address", rest);
        return FALSE;
    } else {
        host = g_strndup(rest, (gsize) (port - rest));
        if (strchr(host, ':') != NULL) {
            *error = g_strdup_printf("address %s: too many colons in address", rest);
            return FALSE;
        }
    }
    if (*host != '\0' && !parse_ip(host, addr, &unsure)) {
        g_autofree char *quoted = NULL;

        if (unsure) {
            *why = "with a host address Go's net.ParseIP may read otherwise than migsim";
            return FALSE;
        }
        quoted = ms_go_quote(host);
        *error = g_strdup_printf("Not an IP address %s", quoted);
        return FALSE;
    }
    ranges = go_split(port + 1, ",");
    for (guint i = 0; ranges[i] != NULL; i++) {
        g_auto(GStrv) ends = split_range(ranges[i], cut_first, error, why);
        gint64 first, last;

        if (ends == NULL)
            return FALSE;
        for (guint e = 0; ends[e] != NULL; e++) {
            gint64 n = parse_port(ends[e]);

            if (n == -1) {
                *why = "with a port strconv.ParseInt may read otherwise than migsim";
                return FALSE;
            }
            if (n == -2) {
                g_autofree char *quoted = ms_go_quote(ends[e]);
                *error = g_strdup_printf("strconv.ParseInt: parsing %s: invalid syntax", quoted);
                return FALSE;
            }
        }
        first = parse_port(ends[0]);
        last = ends[1] != NULL ? parse_port(ends[1]) : first;
        if (last <= first && ends[1] != NULL) {
            *error = g_strdup("End port should be higher than start port");
            return FALSE;
        }
        addr->n_ports += (guint64) (last - first + 1);
        addr->max_port = MAX(addr->max_port, last);
        /* LXD appends every port of the range to a slice: a range of
         * 10^18 ports exhausts the daemon's memory rather than passing */
        if (addr->n_ports > MAX_PORTS) {
            *why = "with more ports than migsim trusts LXD to expand in memory";
            return FALSE;
        }
    }
    addr->host = g_steal_pointer(&host);
    return TRUE;
}

/* ParsePortRange's order: strings.Cut from lxd-6.8 (network_utils.go:1324
 * at lxd-6.8, :1328 at lxd-6.9); strings.Split up to lxd-6.7, at every
 * 5.0.x and 5.21.x tag and in Incus (v6.0.4, v7.3.0) */
static gboolean
port_range_cut(const MsProfile *profile)
{
    return !ms_profile_is_incus(profile) && profile->version >= MS_VERSION(6, 8, 0);
}

/* One option of the rules map (proxy.go:80-91 at lxd-5.0.2): NULL when its validator
 * takes @value, else its text (allocated); *@why when not followed. */
static char *
option_error(const MsProfile *profile, const char *key, const char *value, const char **why)
{
    static const char *const bools[] = { "true", "false", "yes", "no", "1", "0", "on", "off", NULL };
    ProxyAddr addr = { 0 };
    char *error = NULL;

    *why = NULL;
    if (g_str_equal(key, "listen") || g_str_equal(key, "connect")) {
        /* validate.Required: "" reaches ProxyParseAddr (Unknown protocol type "") */
        parse_addr(value, port_range_cut(profile), &addr, &error, why);
        proxy_addr_clear(&addr);
        return error;
    }
    if (*value == '\0')
        return NULL; /* validate.Optional */
    if (g_str_equal(key, "bind")) {
        static const char *const sides[] = { "host", "instance", "guest", "container", NULL };
        return g_strv_contains(sides, value)
                   ? NULL
                   : g_strdup("Invalid binding side given. Must be \"host\" or \"instance\"");
    }
    if (g_str_equal(key, "nat") || g_str_equal(key, "proxy_protocol")) {
        g_autofree char *lower = g_ascii_strdown(value, -1);
        g_autofree char *quoted = NULL;

        if (g_strv_contains(bools, lower))
            return NULL;
        quoted = ms_go_quote(value);
        return g_strdup_printf("Invalid value for a boolean %s", quoted);
    }
    /* unixValidUserID / unixValidOctalFileMode: strconv.ParseUint(v, 10|8, 32)
     * (lxd/device/device_utils_unix.go:535-561 at lxd-5.0.2) */
    {
        gboolean octal = g_str_equal(key, "mode");
        guint64 n = 0;

        for (const char *p = value; *p != '\0'; p++) {
            if (!g_ascii_isdigit(*p) || (octal && *p > '7') ||
                (n = n * (octal ? 8 : 10) + (guint64) (*p - '0')) > G_MAXUINT32)
                return g_strdup(octal ? "Invalid value for an octal file mode"
                                      : "Invalid value for a UNIX ID");
        }
    }
    return NULL;
}

/* net.IP.Equal of @host and the address of a forward key "ADDRESS@MEMBER":
 * the same 16 bytes, an IPv4 address equal to its IPv4-mapped form
 * ("::ffff:10.0.0.1" and "10.0.0.1", "2001:db8::1" and "2001:DB8:0::1"). */
static gboolean
same_ip(const char *host, const char *fwd_key)
{
    const char *at = strrchr(fwd_key, '@');
    g_autofree char *fwd = at != NULL ? g_strndup(fwd_key, (gsize) (at - fwd_key)) : g_strdup(fwd_key);
    g_autoptr(GInetAddress) a = g_inet_address_new_from_string(host);
    g_autoptr(GInetAddress) b = g_inet_address_new_from_string(fwd);
    guint8 bytes[2][16];
    GInetAddress *ips[2] = { a, b };

    if (a == NULL || b == NULL)
        return FALSE;
    for (guint i = 0; i < 2; i++) {
        static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

        if (g_inet_address_get_family(ips[i]) == G_SOCKET_FAMILY_IPV4) {
            memcpy(bytes[i], mapped, sizeof(mapped));
            memcpy(bytes[i] + 12, g_inet_address_to_bytes(ips[i]), 4);
        } else {
            memcpy(bytes[i], g_inet_address_to_bytes(ips[i]), 16);
        }
    }
    return memcmp(bytes[0], bytes[1], 16) == 0;
}

#define INITIAL_WHY "with an initial.* option, which the option check passes over"

/* validateConfig of a proxy device (proxy.go:60-170 at lxd-5.0.2).  NULL:
 * answered (*@valid, the refusal in @out); otherwise why not. */
const char *
ms_device_proxy_validate(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out,
                         gboolean *valid)
{
    static const char *const rules[] = {
        "listen", "connect",      "bind",         "mode",           "nat", "gid",
        "uid",    "security.uid", "security.gid", "proxy_protocol", NULL
    };
    const MsProfile *profile = ctx->env->profile;
    const char *bad_key = NULL, *unknown = NULL;
    g_autofree char *bad_text = NULL;
    guint n_bad = 0, n_unknown = 0;
    g_auto(ProxyAddrPair) pair = { 0 };
    MsDeviceIter iter;
    const char *key, *value, *why;
    const char *nat = ms_device_get_lit(device, "nat"), *bind = ms_device_get_lit(device, "bind");
    gboolean nat_on;
    char *error = NULL;

    /* Device.Validate (lxd/device/config/devices.go:24-63): every rule in
     * Go's map order, the first refusal returned; with two LXD names
     * either: not modelled.  Then an option no rule names. */
    for (guint i = 0; rules[i] != NULL; i++) {
        g_autofree char *text = option_error(profile, rules[i], ms_device_get(device, rules[i]), &why);

        if (why != NULL)
            return why;
        if (text != NULL && n_bad++ == 0) {
            bad_key = rules[i];
            bad_text = g_steal_pointer(&text);
        }
    }
    if (n_bad > 1)
        return "with two invalid options; LXD names either, picked in Go's random map order";
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        if (g_str_equal(key, "type") || g_str_has_prefix(key, "user.") || g_strv_contains(rules, key))
            continue;
        if (g_str_has_prefix(key, "initial.") &&
            (ms_profile_is_incus(profile) || profile->version >= MS_VERSION(5, 19, 0)))
            return INITIAL_WHY;
        if (n_unknown++ == 0)
            unknown = key;
    }
    if (bad_key == NULL && n_unknown > 1)
        return "with two unknown options; LXD names either, picked in Go's random map order";
    if (CHECK(MS_RULE_DEV_PROXY_VALUE, bad_key != NULL)) {
        *valid = FAIL(MS_RULE_DEV_PROXY_VALUE, bad_key, bad_text);
        return NULL;
    }
    if (CHECK(MS_RULE_DEV_PROXY_KEYS, unknown != NULL)) {
        *valid = FAIL(MS_RULE_DEV_PROXY_KEYS, unknown);
        return NULL;
    }

    nat_on = ms_is_true(nat);
    /* proxy.go:98-100: a VM's proxy must be nat (a profile is validated
     * for no instance type) */
    if (CHECK(MS_RULE_DEV_PROXY_VM_NAT, ctx->type == MS_INSTANCE_VM && !ctx->for_profile && !nat_on)) {
        *valid = FAIL(MS_RULE_DEV_PROXY_VM_NAT);
        return NULL;
    }
    if (!parse_addr(ms_device_get_lit(device, "listen"), port_range_cut(profile), &pair.listen, &error,
                    &why) ||
        !parse_addr(ms_device_get_lit(device, "connect"), port_range_cut(profile), &pair.connect, &error,
                    &why)) {
        g_free(error); /* Validate took both */
        return "with an address migsim parses otherwise than Validate did";
    }
    /* validateListenAddressConflicts (proxy.go:185 at lxd-5.21.7 and
     * lxd-6.9; from lxd-5.0.3 and lxd-5.12; every Incus tag): the listen
     * IP against the member's network forwards */
    if (pair.listen.has_ip &&
        (ms_profile_is_incus(profile) ||
         (profile->version >= MS_VERSION(5, 0, 3) && profile->version < MS_VERSION(5, 1, 0)) ||
         profile->version >= MS_VERSION(5, 12, 0))) {
        for (guint i = 0; i < ctx->cluster->networks->len; i++) {
            const MsNetwork *network = ctx->cluster->networks->pdata[i];
            GHashTableIter fwd;
            const char *fwd_key;

            g_hash_table_iter_init(&fwd, network->forwards);
            while (g_hash_table_iter_next(&fwd, (gpointer *) &fwd_key, NULL))
                if (same_ip(pair.listen.host, fwd_key))
                    return "whose listen address is a network forward's, which LXD compares as IPs "
                           "(validateListenAddressConflicts) where migsim does not follow";
        }
    }
    /* proxy.go:112-115 */
    if (CHECK(MS_RULE_DEV_PROXY_PORTS,
              (!g_str_equal(pair.listen.type, "unix") && pair.connect.n_ports > pair.listen.n_ports) ||
                  (g_str_equal(pair.listen.type, "unix") && pair.connect.n_ports > 1))) {
        *valid = FAIL(MS_RULE_DEV_PROXY_PORTS);
        return NULL;
    }
    /* proxy.go:117-119: the prefix of the raw connect value */
    if (CHECK(MS_RULE_DEV_PROXY_HEADER,
              ms_is_true(ms_device_get_lit(device, "proxy_protocol")) &&
                  (!g_str_has_prefix(ms_device_get_lit(device, "connect"), "tcp") || nat_on))) {
        *valid = FAIL(MS_RULE_DEV_PROXY_HEADER);
        return NULL;
    }
    /* proxy.go:121-124 */
    if (CHECK(MS_RULE_DEV_PROXY_UNIX_OWNER,
              (!g_str_has_prefix(ms_device_get_lit(device, "listen"), "unix:") ||
               g_str_has_prefix(ms_device_get_lit(device, "listen"), "unix:@")) &&
                  (*ms_device_get_lit(device, "uid") != '\0' || *ms_device_get_lit(device, "gid") != '\0' ||
                   *ms_device_get_lit(device, "mode") != '\0'))) {
        *valid = FAIL(MS_RULE_DEV_PROXY_UNIX_OWNER);
        return NULL;
    }
    if (!nat_on) {
        *valid = TRUE;
        return NULL;
    }
    /* proxy.go:127-137: nat in a non-default project with features.networks
     * (only with an instance loaded: d.inst != nil) */
    if (ctx->project != NULL && !g_str_equal(ctx->project, "default")) {
        const MsProject *project = ms_cluster_lookup_project(ctx->cluster, ctx->project);

        if (project == NULL || ms_project_feature(project, "networks"))
            return "with nat=true in a project with features.networks, which LXD refuses only "
                   "where it loaded the instance";
    }
    /* proxy.go:139-141 */
    if (CHECK(MS_RULE_DEV_PROXY_NAT_BIND, *bind != '\0' && !g_str_equal(bind, "host"))) {
        *valid = FAIL(MS_RULE_DEV_PROXY_NAT_BIND);
        return NULL;
    }
    /* proxy.go:143-146 */
    if (CHECK(MS_RULE_DEV_PROXY_NAT_PROTOCOL, g_str_equal(pair.listen.type, "unix") ||
                                                  g_str_equal(pair.connect.type, "unix") ||
                                                  !g_str_equal(pair.listen.type, pair.connect.type))) {
        *valid = FAIL(MS_RULE_DEV_PROXY_NAT_PROTOCOL, pair.listen.type, pair.connect.type);
        return NULL;
    }
    /* an empty host is net.ParseIP's nil: nil.Equal(any) is false (no
     * wildcard) and nil.To4() is nil (IPv6), which the zeroed ip_zero and
     * ip_v4 already say.  Seen live on 5.0.2 (lane 1, review revB): listen
     * tcp::P with connect tcp:127.0.0.1:P refused 'Cannot mix IP versions',
     * with tcp:[::1]:P or tcp::P taken */
    /* proxy.go:148-152; no such check at Incus v7.0.1 and v7.2.0+ (commit
     * 7ad85516e2, "Support dynamic addresses in proxy NAT mode") */
    if (ms_profile_is_incus(profile) && profile->version >= MS_VERSION_INCUS(7, 0, 0)) {
        if (pair.listen.ip_zero)
            return "with nat=true listening on a wildcard address, which Incus 7 takes in some releases only";
    } else if (CHECK(MS_RULE_DEV_PROXY_NAT_WILDCARD, pair.listen.ip_zero)) {
        *valid = FAIL(MS_RULE_DEV_PROXY_NAT_WILDCARD, pair.listen.ip_v4 ? "0.0.0.0" : "::");
        return NULL;
    }
    /* proxy.go:154-169 */
    if (CHECK(MS_RULE_DEV_PROXY_NAT_IP_MIX, pair.listen.ip_v4 != pair.connect.ip_v4)) {
        *valid = FAIL(MS_RULE_DEV_PROXY_NAT_IP_MIX);
        return NULL;
    }
    {
        *valid = TRUE;
        return NULL;
    }
}

/* Whether forkproxy can listen on @addr on the side @bind names without
 * knowing the host: a loopback or wildcard IP (every host and every
 * container's namespace has lo), an abstract unix socket, or a host path
 * under /tmp or /run.  Seen live on 5.0.2 (lane 1, 2026-12-06): listen
 * tcp:10.9.9.9:P 'bind: cannot assign requested address', unix:/nonexistent/
 * dir/x.sock 'bind: no such file or directory'. */
static gboolean
listen_known(const ProxyAddr *addr, gboolean on_host)
{
    g_autofree char *dir = NULL;

    if (!g_str_equal(addr->type, "unix")) {
        if (*addr->host == '\0' || addr->ip_zero)
            return TRUE;
        return addr->has_ip && (g_str_has_prefix(addr->host, "127.") || g_str_equal(addr->host, "::1"));
    }
    if (addr->host[0] == '@')
        return TRUE;
    dir = g_path_get_dirname(addr->host);
    return on_host && (g_str_equal(dir, "/tmp") || g_str_equal(dir, "/run"));
}

/* A proxy's Start (proxy.go:185-270 at lxd-5.0.2, :287-372 at lxd-5.21.7):
 * with nat, setupNAT (the instance's bridged NICs' static addresses, the
 * host's bridge netfilter and firewall): not modelled.  Otherwise forkproxy
 * listens on one side and connects on demand, so only the listen can fail;
 * it fails where the address is not the host's (or the instance's) or is
 * taken (seen live on 5.0.2: a second proxy on the same host port, 'Failed
 * to start device "D": Error occurred when starting proxy device: Error:
 * Failed to listen on 127.0.0.1:P: listen tcp 127.0.0.1:P: bind: address
 * already in use').  A listen migsim cannot place is not modelled; one it
 * can is assumed free, and the outcome says so.  TRUE: the start goes on. */
gboolean
ms_device_proxy_start_check(MsEnv *env, const char *name, MsDevice *device, MsRejection *out)
{
    g_auto(ProxyAddrPair) pair = { 0 };
    char *error = NULL;
    const char *why = NULL, *bind = ms_device_get_lit(device, "bind");
    gboolean on_host = *bind == '\0' || g_str_equal(bind, "host"), known, parsed;
    gboolean cut = port_range_cut(env->profile);

    /* nat: Start only checks the name (validateEnvironment); setupNAT
     * runs in the post hook (ms_device_proxy_nat_check) */
    if (ms_is_true(ms_device_get_lit(device, "nat")))
        return TRUE;
    parsed = parse_addr(ms_device_get_lit(device, "listen"), cut, &pair.listen, &error, &why);
    g_clear_pointer(&error, g_free);
    parsed = parsed && parse_addr(ms_device_get_lit(device, "connect"), cut, &pair.connect, &error, &why);
    g_clear_pointer(&error, g_free);
    /* forkproxy's own checks, which validateConfig does not make: several
     * listen and several connect ports of different counts ('Invalid port
     * range', lxd/main_forkproxy.go:440-448 at lxd-5.0.2, :444 at
     * lxd-5.21.7 and lxd-6.9; cmd/incusd/main_forkproxy.go:455 at Incus
     * v7.3.0), and a port net.Listen refuses (above 65535); how the start
     * reports them was not seen.  Its C constructor refuses a udp listen
     * with another connect first ("Error: Proxying from udp to non-udp
     * protocol is not supported", lxd/main_forkproxy.go:113-116 at
     * lxd-5.0.2, :90-93 at lxd-5.21.7 and lxd-6.9; Incus v6.0.4 :90-93);
     * seen live on 5.0.2 in a hot-plug ('Failed to start device "D": Error
     * occurred when starting proxy device: Error: Proxying from udp to
     * non-udp protocol is not supported', tools/live-random.py --gen 18
     * --seed 31011 scenario 5 line 32, where migsim said ok); a start's
     * wrapping was not seen, so not modelled either way */
    if (g_str_has_prefix(ms_device_get_lit(device, "listen"), "udp:") &&
        !g_str_has_prefix(ms_device_get_lit(device, "connect"), "udp:"))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: proxy \"%s\" listens on udp and connects "
                            "with %s, which forkproxy refuses at the start (\"Proxying from udp to "
                            "non-udp protocol is not supported\")",
                            env->profile->name, name, ms_device_get_lit(device, "connect")));
    if (parsed && !g_str_equal(pair.listen.type, "unix") &&
        ((pair.listen.n_ports > 1 && pair.connect.n_ports > 1 &&
          pair.listen.n_ports != pair.connect.n_ports) ||
         pair.listen.max_port > 65535))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: proxy \"%s\" with listen %s and "
                            "connect %s, which forkproxy refuses at the start in a way "
                            "migsim has not seen",
                            env->profile->name, name, ms_device_get_lit(device, "listen"),
                            ms_device_get_lit(device, "connect")));
    known = parsed && listen_known(&pair.listen, on_host);
    if (!known)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: proxy \"%s\" listens on %s %s, "
                                                "which only the host knows whether forkproxy can bind",
                                                env->profile->name, name,
                                                on_host ? "the host at" : "the instance at",
                                                ms_device_get_lit(device, "listen")));
    ms_env_assume(env,
                  "proxy \"%s\"'s listen address %s is free %s (forkproxy fails the start where "
                  "another process holds it)",
                  name, ms_device_get_lit(device, "listen"), on_host ? "on the host" : "in the instance");
    return TRUE;
}

/* setupNAT counts a routed nic's static address as it does a bridged one's
 * from 5.0.3 and 5.20 (commit c73cba5a8b, "Consider routed NIC IPs":
 * lxd/device/proxy.go:411 at lxd-5.0.3 and lxd-5.20, :492 at lxd-5.21.7
 * and lxd-6.9; bridged only at lxd-5.0.0 .. 5.0.2 and 5.1 .. 5.19, git
 * grep at each tag) */
/* clang-format off */
static const MsReleases nat_routed_counts =
    MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(20), MS_SPAN_ALL, MS_SPAN_ALL);
/* clang-format on */

/* A nat proxy's post hook, setupNAT (lxd/device/proxy.go:196-200, :349-407
 * at lxd-5.0.2; :298-301, :462-521 at lxd-5.21.7 and lxd-6.9): the listen
 * host's family (IPv6 when it holds ':') picks ipv4.address or
 * ipv6.address, and the connect IP must be that static address of one of
 * the instance's bridged nics (a connect host 0.0.0.0 or :: takes the
 * first one's), else the hook fails.  The nics are scanned in Go's map
 * order, but the refusal needs all of them to miss, so it is one answer.
 * Modelled where no nic can match: a nic with network= (whose network
 * gives its type, nictype.NICType) or a bridged one (a routed one from
 * 5.0.3 and 5.20: nat_routed_counts) with such an address
 * leaves the start to the host's bridge netfilter and firewall, not
 * modelled, as are VMs and Incus.  A hot-plug (@running) wraps the hook's
 * error again (DEV.PROXY_NAT_CONNECT); a start stops the container and
 * returns it (DEV.PROXY_NAT_CONNECT_START).  Seen live on 5.0.2:
 * tests/live/scenarios/proxy-nat-start.scn.  TRUE: the start goes on. */
static gboolean proxy_nat_check(MsEnv *env, const MsInstance *instance, MsDevices *devices, const char *name,
                                MsDevice *device, gboolean running, MsRejection *out);

gboolean
ms_device_proxy_nat_check(MsEnv *env, const MsInstance *instance, MsDevices *devices, const char *name,
                          MsDevice *device, gboolean running, MsRejection *out)
{
    /* every device of every start comes here: the test that lets all but
     * a nat proxy through first, before the locals the check frees
     * (issue 18) */
    if (!g_str_equal(ms_device_get_lit(device, "type"), "proxy") ||
        !ms_is_true(ms_device_get_lit(device, "nat")))
        return TRUE;
    return proxy_nat_check(env, instance, devices, name, device, running, out);
}

static gboolean
proxy_nat_check(MsEnv *env, const MsInstance *instance, MsDevices *devices, const char *name,
                MsDevice *device, gboolean running, MsRejection *out)
{
    MsRuleId rule = running ? MS_RULE_DEV_PROXY_NAT_CONNECT : MS_RULE_DEV_PROXY_NAT_CONNECT_START;
    g_auto(ProxyAddrPair) pair = { 0 };
    g_autofree char *inner = NULL, *quoted = NULL;
    char *error = NULL;
    const char *why = NULL, *unmodelled = NULL;
    gboolean parsed, cut = port_range_cut(env->profile);
    MsDevicesIter iter;
    MsDevice *nic;
    int family;

    parsed = parse_addr(ms_device_get_lit(device, "listen"), cut, &pair.listen, &error, &why);
    g_clear_pointer(&error, g_free);
    parsed = parsed && parse_addr(ms_device_get_lit(device, "connect"), cut, &pair.connect, &error, &why);
    g_clear_pointer(&error, g_free);
    family = parsed && strchr(pair.listen.host, ':') != NULL ? 6 : 4;
    if (instance == NULL || instance->type != MS_INSTANCE_CONTAINER)
        unmodelled = "in a VM";
    else if (!parsed)
        unmodelled = "with an address migsim does not parse";
    else if (ms_rule_format(rule, env->profile) == NULL)
        unmodelled = "on a release whose setupNAT migsim has not read";
    /* @devices: the instance's expanded devices (after the update that
     * hot-plugs the proxy) */
    ms_devices_iter_init(&iter, devices);
    while (unmodelled == NULL && ms_devices_iter_next(&iter, NULL, &nic)) {
        if (!g_str_equal(ms_device_get_lit(nic, "type"), "nic"))
            continue;
        if (*ms_device_get_lit(nic, "network") != '\0' || *ms_device_get_lit(nic, "nictype") == '\0')
            unmodelled = "with a nic whose type its network gives";
        else if ((g_str_equal(ms_device_get_lit(nic, "nictype"), "bridged") ||
                  (g_str_equal(ms_device_get_lit(nic, "nictype"), "routed") &&
                   ms_releases_contain(&nat_routed_counts, env->profile->version))) &&
                 *(family == 6 ? ms_device_get_lit(nic, "ipv6.address")
                               : ms_device_get_lit(nic, "ipv4.address")) != '\0')
            unmodelled = "with a bridged (or, from 5.0.3 and 5.20, routed) nic with a static address, where "
                         "the host's netfilter and firewall decide";
    }
    if (unmodelled != NULL)
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: proxy \"%s\" with nat=true starts "
                            "%s (setupNAT)",
                            env->profile->name, name, unmodelled));
    quoted = ms_go_quote(pair.connect.host);
    inner = g_str_equal(pair.connect.host, "0.0.0.0") || g_str_equal(pair.connect.host, "::")
                ? g_strdup_printf(
                      "Instance has no static IPv%d address assigned to be used as the connect IP", family)
                : g_strdup_printf("Connect IP %s must be one of the instance's static IPv%d addresses",
                                  quoted, family);
    /* check sites: DEV_PROXY_NAT_CONNECT DEV_PROXY_NAT_CONNECT_START */
    ms_env_check(env, rule, name, TRUE);
    return running ? ms_reject_rule(out, env->profile, rule, name, name, inner)
                   : ms_reject_rule(out, env->profile, rule, name, inner);
}
