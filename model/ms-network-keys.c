/* migsim: a bridge network's config validation (the bridge driver's
 * Validate and the common driver's validate): which keys it knows at a
 * release, the value checks migsim follows, and the order LXD judges them.
 *
 * LXD's rules are one Go map (lxd/network/driver_bridge.go:192-275 Validate
 * at lxd-5.0.2, :198-685 at lxd-5.21.7, :198-658 at lxd-6.9), walked by
 * common.validate (lxd/network/driver_common.go:110-145 at lxd-5.0.2,
 * :128-161 at lxd-5.21.7, :139-172 at lxd-6.9): every rule's validator runs on its
 * key's value ("" when absent) and the first refusal answers, in Go map
 * order, so with two bad values LXD names any one of them; only when every
 * value passes are the config's unknown keys (not user.*) refused, again any
 * one of them.  Composite checks (fan mode, the MTU minimums, the MAC, the
 * OVN ranges, ACLs, DNS zones) come after and are followed only where they
 * cannot fire. */
#include "ms-apply-private.h"
#include "ms-instance-keys-private.h"
#include "ms-names.h"

#include <arpa/inet.h>
#include <string.h>

typedef enum {
    NK_ANY,     /* validate.IsAny */
    NK_BOOL,    /* validate.Optional(validate.IsBool) */
    NK_ONE_OF,  /* validate.Optional(validate.IsOneOf(choices)) */
    NK_MTU,     /* validate.Optional(validate.IsNetworkMTU) */
    NK_CIDR4,   /* none, auto, or validate.IsNetworkAddressCIDRV4 */
    NK_CIDR6,   /* none, auto, or validate.IsNetworkAddressCIDRV6 */
    NK_IFACES,  /* bridge.external_interfaces: a comma list of IsInterfaceName */
    NK_MAC,     /* validate.Optional(validate.IsNetworkMAC) */
    NK_IP4,     /* ipv4.dhcp.gateway: validate.Optional(validate.IsNetworkAddressV4) */
    NK_RANGES4, /* ipv4.dhcp.ranges: a comma list of IsNetworkRangeV4 */
    NK_IPS,     /* Incus' dns.nameservers: IsListOf(IsNetworkAddress) */
    /* a validator migsim does not follow, or a key a later check reads
     * (the database, the cluster's MACs, fan mode): a non-empty value is
     * "not modelled" */
    NK_UNCHECKED,
} NetKeyKind;

typedef struct {
    const char *key;
    NetKeyKind kind;
    const char *choices; /* NK_ONE_OF: as Go's %s prints the slice */
    gboolean until_6_8;  /* gone from lxd-6.8 (fan.type, maas.subnet.*) */
} NetKeyDef;

/* The bridge driver's rules, the same 48 keys from lxd-5.0.0 to lxd-6.7
 * (driver_bridge.go:195-274 at lxd-5.0.2; 45 at lxd-6.8 and lxd-6.9, without
 * fan.type, maas.subnet.ipv4 and maas.subnet.ipv6).  The common driver adds
 * none (validationRules, driver_common.go:105-107 at lxd-5.0.2). */
static const NetKeyDef bridge_keys[] = {
    { "bgp.ipv4.nexthop", NK_UNCHECKED, NULL, FALSE },
    { "bgp.ipv6.nexthop", NK_UNCHECKED, NULL, FALSE },
    { "bridge.driver", NK_ONE_OF, "native openvswitch", FALSE },
    { "bridge.external_interfaces", NK_IFACES, NULL, FALSE },
    { "bridge.hwaddr", NK_MAC, NULL, FALSE },
    { "bridge.mtu", NK_MTU, NULL, FALSE },
    { "bridge.mode", NK_ONE_OF, "standard fan", FALSE },
    { "fan.overlay_subnet", NK_UNCHECKED, NULL, FALSE },
    { "fan.underlay_subnet", NK_UNCHECKED, NULL, FALSE },
    { "fan.type", NK_UNCHECKED, NULL, TRUE },
    { "ipv4.address", NK_CIDR4, NULL, FALSE },
    { "ipv4.firewall", NK_BOOL, NULL, FALSE },
    { "ipv4.nat", NK_BOOL, NULL, FALSE },
    { "ipv4.nat.order", NK_ONE_OF, "before after", FALSE },
    { "ipv4.nat.address", NK_UNCHECKED, NULL, FALSE },
    { "ipv4.dhcp", NK_BOOL, NULL, FALSE },
    { "ipv4.dhcp.gateway", NK_IP4, NULL, FALSE },
    { "ipv4.dhcp.expiry", NK_ANY, NULL, FALSE },
    { "ipv4.dhcp.ranges", NK_RANGES4, NULL, FALSE },
    { "ipv4.routes", NK_UNCHECKED, NULL, FALSE },
    { "ipv4.routing", NK_BOOL, NULL, FALSE },
    { "ipv4.ovn.ranges", NK_UNCHECKED, NULL, FALSE },
    { "ipv6.address", NK_CIDR6, NULL, FALSE },
    { "ipv6.firewall", NK_BOOL, NULL, FALSE },
    { "ipv6.nat", NK_BOOL, NULL, FALSE },
    { "ipv6.nat.order", NK_ONE_OF, "before after", FALSE },
    { "ipv6.nat.address", NK_UNCHECKED, NULL, FALSE },
    { "ipv6.dhcp", NK_BOOL, NULL, FALSE },
    { "ipv6.dhcp.expiry", NK_ANY, NULL, FALSE },
    { "ipv6.dhcp.stateful", NK_BOOL, NULL, FALSE },
    { "ipv6.dhcp.ranges", NK_UNCHECKED, NULL, FALSE },
    { "ipv6.routes", NK_UNCHECKED, NULL, FALSE },
    { "ipv6.routing", NK_BOOL, NULL, FALSE },
    { "ipv6.ovn.ranges", NK_UNCHECKED, NULL, FALSE },
    { "dns.domain", NK_ANY, NULL, FALSE },
    { "dns.mode", NK_ONE_OF, "dynamic managed none", FALSE },
    { "dns.search", NK_ANY, NULL, FALSE },
    /* validateZoneName (a zone of the database) up to lxd-5.21.x' IsAny,
     * then validateZoneNames after the rules (lxd-6.9) */
    { "dns.zone.forward", NK_UNCHECKED, NULL, FALSE },
    { "dns.zone.reverse.ipv4", NK_UNCHECKED, NULL, FALSE },
    { "dns.zone.reverse.ipv6", NK_UNCHECKED, NULL, FALSE },
    { "raw.dnsmasq", NK_ANY, NULL, FALSE },
    { "maas.subnet.ipv4", NK_ANY, NULL, TRUE },
    { "maas.subnet.ipv6", NK_ANY, NULL, TRUE },
    /* IsAny, then acl.Exists after the rules */
    { "security.acls", NK_UNCHECKED, NULL, FALSE },
    { "security.acls.default.ingress.action", NK_UNCHECKED, NULL, FALSE },
    { "security.acls.default.egress.action", NK_UNCHECKED, NULL, FALSE },
    { "security.acls.default.ingress.logged", NK_BOOL, NULL, FALSE },
    { "security.acls.default.egress.logged", NK_BOOL, NULL, FALSE },
};
G_STATIC_ASSERT(G_N_ELEMENTS(bridge_keys) == 48);

/* IsNetworkMTU's range 68-16384 (was 1280-16384) and IsInterfaceName's
 * '..' refusal (shared/validate/validate.go at lxd-5.21.5 and lxd-6.8 for the
 * range, lxd-5.21.5 and lxd-6.6 for '..'; absent at lxd-5.0.x, 5.1-5.20,
 * lxd-5.21.0-5.21.4, lxd-6.1-6.7 and 6.1-6.5) */
static const MsReleases mtu_from_68 = MS_REL_V5(
    MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), MS_SPAN_FROM(MS_VERSION(6, 8, 0)));
static const MsReleases iface_dotdot = MS_REL_V5(
    MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), MS_SPAN_FROM(MS_VERSION(6, 6, 0)));

/* validate.IsListOf's "Item %q: %w" around each item's error: lxd-5.0.2
 * and 5.6 on (632c588fe8, driver_bridge.go:238 at lxd-5.0.2, :425 at
 * lxd-5.21.7, :416 at lxd-6.9; validate.go:184-193) and every Incus
 * (driver_bridge.go:185 at v6.0.4, the same at v6.0.0 and v7.3.0);
 * IsNetworkRangeV4List at lxd-5.0.0, 5.0.1 and 5.1-5.5 returns the item's
 * error bare (validate.go:437-446 at lxd-5.0.0). */
static const MsReleases list_item_wrap = { MS_SPAN_50_FROM(2), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL,
                                           MS_SPAN_5_FROM(6) };

/* Incus' ipv4.dhcp.gateway also takes "none" from v6.23.0 (and 7.x; the
 * 6.0 LTS line up to v6.0.6 does not): driver_bridge.go:299-305 at
 * v6.23.0, IsNetworkAddressV4 alone at v6.22.0 and v6.0.6 */
static const MsReleases gateway_none = {
    MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(6, 23, 0)) }
};

/* bgpValidationRules' prefix "bgp." (not "bgp.peers."): lxd-5.0.0-5.0.2
 * and lxd-5.1-5.16 (driver_common.go:531 at lxd-5.0.2 and lxd-5.16; "bgp.peers."
 * at lxd-5.0.3, lxd-5.17, lxd-5.21.0, lxd-6.1) */
static const MsReleases bgp_any_prefix =
    MS_REL_V5(MS_SPAN_50_UNTIL(3), MS_SPAN_5_UNTIL(17), MS_SPAN_NONE, MS_SPAN_NONE);

/* Incus' own bridge keys, none of them LXD's (git log -S of each key in
 * internal/server/network/driver_bridge.go, checked at every simulated
 * tag): dns.nameservers and ipv4.dhcp.routes from v6.0.4 and v6.11.0
 * (commits 45b80d5797, a6def796e1; :209, :186 at v6.0.4);
 * bridge.multicast_snooping from v7.0.1 and v7.1.0 (dbc8132454);
 * bgp.ipv4.instances and bgp.ipv6.instances from v7.0.1 and v7.2.0
 * (a32b50f6f7; none at v7.1.0). */
typedef struct {
    NetKeyDef def;
    MsReleases releases;
} IncusNetKeyDef;

#define INC_NET_KEY(name, kind, lts60, v6, lts70)                                        \
    {                                                                                    \
        { name, kind, NULL, FALSE },                                                     \
        {                                                                                \
            MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, { lts60, v6, lts70 }, MS_SPAN_NONE \
        }                                                                                \
    }
static const IncusNetKeyDef incus_bridge_keys[] = {
    INC_NET_KEY("dns.nameservers", NK_IPS, MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 4)),
                MS_SPAN_FROM(MS_VERSION_INCUS(6, 11, 0)), MS_SPAN_NONE),
    INC_NET_KEY("ipv4.dhcp.routes", NK_UNCHECKED, MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 4)),
                MS_SPAN_FROM(MS_VERSION_INCUS(6, 11, 0)), MS_SPAN_NONE),
    INC_NET_KEY("bridge.multicast_snooping", NK_BOOL, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 1, 0)),
                MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 1))),
    INC_NET_KEY("bgp.ipv4.instances", NK_BOOL, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 2, 0)),
                MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 1))),
    INC_NET_KEY("bgp.ipv6.instances", NK_BOOL, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 2, 0)),
                MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 1))),
};
#undef INC_NET_KEY

static const MsReleases incus_v6_network = MS_REL_INCUS(MS_INC_SINCE(5, 11));

static const NetKeyDef *
bridge_key(const MsProfile *profile, const char *key)
{
    gboolean incus = ms_profile_is_incus(profile);
    gboolean since_6_8 =
        !incus && MS_VERSION_MAJOR(profile->version) == 6 && MS_VERSION_MINOR(profile->version) >= 8;

    /* Incus' bridge has no fan or MAAS keys, nor bridge.mode (its Validate
     * at internal/server/network/driver_bridge.go:160 at v6.0.4, :174 at
     * v7.3.0; the same at v6.0.0 and v6.10.0): there they are unknown keys */
    if (incus &&
        (g_str_has_prefix(key, "fan.") || g_str_has_prefix(key, "maas.") || g_str_equal(key, "bridge.mode")))
        return NULL;
    if (incus)
        for (guint i = 0; i < G_N_ELEMENTS(incus_bridge_keys); i++)
            if (g_str_equal(incus_bridge_keys[i].def.key, key))
                return ms_releases_contain(&incus_bridge_keys[i].releases, profile->version)
                           ? &incus_bridge_keys[i].def
                           : NULL;
    for (guint i = 0; i < G_N_ELEMENTS(bridge_keys); i++)
        if (g_str_equal(bridge_keys[i].key, key))
            return bridge_keys[i].until_6_8 && since_6_8 ? NULL : &bridge_keys[i];
    return NULL;
}

/* Go's %q of @text when it needs no escape (the text between the quotes is
 * @text itself), else NULL: migsim does not print Go's escapes in texts. */
static char *
quoted_plain(const char *text)
{
    g_autofree char *quoted = ms_go_quote(text);
    size_t n = strlen(text);

    if (strlen(quoted) != n + 2 || strncmp(quoted + 1, text, n) != 0)
        return NULL;
    return g_steal_pointer(&quoted);
}

/* netip.ParseAddr of a dotted IPv4 address: four decimal fields 0-255
 * without leading zeros (Go refuses "010"); glibc's inet_pton agrees. */
static gboolean
parse_ipv4(const char *text, guint8 out[4])
{
    return strspn(text, "0123456789.") == strlen(text) && inet_pton(AF_INET, text, out) == 1;
}

/* validate.IsNetworkAddressCIDRV4/V6 (validate.go:355-370, :418-433 at
 * lxd-5.0.2, the same at lxd-5.21.7 and lxd-6.9): net.ParseCIDR, the
 * family, then an address that is its own network address is not usable.
 * NULL when it passes; *@unknown for what migsim does not follow (IPv4 in
 * IPv6 notation, zones, strange masks). */
static char *
cidr_error(const char *value, gboolean v6, gboolean *unknown)
{
    const char *slash = strchr(value, '/');
    g_autofree char *addr = NULL;
    g_autofree char *quoted = quoted_plain(value);
    guint8 bytes[16] = { 0 };
    gboolean is_v4;
    guint len, bits = 0;
    const char *mask;

    if (quoted == NULL || slash == NULL) {
        *unknown = quoted == NULL;
        return quoted == NULL ? NULL : g_strdup_printf("invalid CIDR address: %s", value);
    }
    addr = g_strndup(value, slash - value);
    mask = slash + 1;
    is_v4 = parse_ipv4(addr, bytes);
    if (!is_v4 && (strchr(addr, '.') != NULL || strchr(addr, '%') != NULL)) {
        *unknown = TRUE;
        return NULL;
    }
    if (!is_v4 && inet_pton(AF_INET6, addr, bytes) != 1)
        return g_strdup_printf("invalid CIDR address: %s", value);
    len = is_v4 ? 32 : 128;
    /* Go's dtoi: decimal digits only, at least one, leading zeros taken
     * ("/0024" is /24); a value past 0xFFFFFF is refused, as is one past
     * the address' bits (net.ParseCIDR) */
    if (*mask == '\0' || strspn(mask, "0123456789") != strlen(mask))
        return g_strdup_printf("invalid CIDR address: %s", value);
    for (const char *digit = mask; *digit != '\0' && bits <= len; digit++)
        bits = bits * 10 + (guint) (*digit - '0');
    if (bits > len)
        return g_strdup_printf("invalid CIDR address: %s", value);
    if (is_v4 == v6)
        return g_strdup_printf("Not an IPv%c address %s", v6 ? '6' : '4', quoted);
    /* the address equals its network address when no host bit is set */
    for (guint bit = bits; bit < len; bit++)
        if (bytes[bit / 8] & (0x80 >> (bit % 8)))
            return NULL;
    return g_strdup_printf("Not a usable IPv%c address %s", v6 ? '6' : '4', quoted);
}

/* validate.IsInterfaceName (validate.go:233-250 at lxd-5.0.2, :'..' from
 * lxd-5.21.5 and lxd-6.6), length in bytes */
static const char *
interface_name_error(const MsProfile *profile, const char *name)
{
    if (strlen(name) < 2)
        return "Network interface is too short (minimum 2 characters)";
    if (strlen(name) > 15)
        return "Network interface is too long (maximum 15 characters)";
    if (strstr(name, "..") != NULL && ms_releases_contain(&iface_dotdot, profile->version))
        return "Network interface name must not contain '..'";
    if (strspn(name, "-_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.") != strlen(name))
        return "Network interface contains invalid characters";
    return NULL;
}

/* net.ParseIP of @text: TRUE when it parses, *@v4 when To4() is not nil.
 * Dotted quads without leading zeros (parse_ipv4) and IPv6 text are read
 * as Go reads them; IPv6 with an embedded IPv4 or a zone is not followed
 * (*@unknown). */
static gboolean
go_parse_ip(const char *text, gboolean *v4, gboolean *unknown)
{
    guint8 bytes[16] = { 0 };
    static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

    *v4 = FALSE;
    if (strchr(text, ':') == NULL) {
        *v4 = parse_ipv4(text, bytes);
        return *v4;
    }
    if (strchr(text, '.') != NULL || strchr(text, '%') != NULL) {
        *unknown = TRUE;
        return FALSE;
    }
    if (inet_pton(AF_INET6, text, bytes) != 1)
        return FALSE;
    *v4 = memcmp(bytes, mapped, sizeof mapped) == 0;
    return TRUE;
}

/* IsNetworkRangeV4 (validate.go:373-387 at lxd-5.0.2, :366 at Incus
 * v6.0.4): "START-END" (SplitN 2), each IsNetworkAddressV4 untrimmed. */
static char *
range4_error(const char *item, gboolean *unknown)
{
    g_auto(GStrv) ends = g_strsplit(item, "-", 2);

    if (g_strv_length(ends) != 2)
        return g_strdup("IP range must contain start and end IP addresses");
    for (guint i = 0; i < 2; i++) {
        gboolean v4 = FALSE;
        g_autofree char *quoted = NULL;

        if (go_parse_ip(ends[i], &v4, unknown) && v4)
            continue;
        if (*unknown || (quoted = quoted_plain(ends[i])) == NULL) {
            *unknown = TRUE;
            return NULL;
        }
        return g_strdup_printf("Not an IPv4 address %s", quoted);
    }
    return NULL;
}

/* A comma list of @def's items, each trimmed: the first item's error,
 * wrapped "Item %q: " where validate.IsListOf checks it. */
static char *
list_error(const MsProfile *profile, const NetKeyDef *def, const char *value, gboolean *unknown)
{
    g_auto(GStrv) items = g_strsplit(value, ",", -1);

    for (guint i = 0; items[i] != NULL; i++) {
        g_autofree char *item = ms_go_trim_space(items[i]);
        g_autofree char *item_quoted = quoted_plain(item);
        g_autofree char *error = NULL;
        gboolean v4 = FALSE;

        if (def->kind == NK_RANGES4)
            error = range4_error(item, unknown);
        else if (!go_parse_ip(item, &v4, unknown) && !*unknown)
            /* IsNetworkAddress (validate.go:258-265 at Incus v6.0.4) */
            error = item_quoted == NULL ? NULL : g_strdup_printf("Not an IP address %s", item_quoted);
        if (*unknown || (error != NULL && item_quoted == NULL)) {
            *unknown = TRUE;
            return NULL;
        }
        if (error == NULL)
            continue;
        if (!ms_releases_contain(&list_item_wrap, profile->version))
            return g_steal_pointer(&error);
        return g_strdup_printf("Item %s: %s", item_quoted, error);
    }
    return NULL;
}

/* "Invalid interface name %q: %w" for @entry, NULL when it is a valid
 * name; *@unknown when %q's quoting is not followed. */
static char *
interface_entry_error(const MsProfile *profile, const char *entry, gboolean *unknown)
{
    const char *why = interface_name_error(profile, entry);
    g_autofree char *entry_quoted = NULL;

    if (why == NULL)
        return NULL;
    entry_quoted = quoted_plain(entry);
    if (entry_quoted == NULL) {
        *unknown = TRUE;
        return NULL;
    }
    return g_strdup_printf("Invalid interface name %s: %s", entry_quoted, why);
}

/* Go's strconv.Atoi error for @text ("strconv.Atoi: parsing %q: invalid
 * syntax" or "value out of range", strconv/atoi.go), NULL when it parses;
 * *@value is the number then.  A sign, then decimal digits; a 64-bit int. */
static char *
go_atoi_error(const char *text, const char *text_quoted, gint64 *value)
{
    const char *digits = text + (text[0] == '+' || text[0] == '-');
    gboolean negative = text[0] == '-';
    guint64 magnitude = 0;
    gboolean overflow = FALSE;

    if (*digits == '\0' || strspn(digits, "0123456789") != strlen(digits))
        return g_strdup_printf("strconv.Atoi: parsing %s: invalid syntax", text_quoted);
    for (const char *digit = digits; *digit != '\0'; digit++) {
        guint d = (guint) (*digit - '0');

        if (magnitude > (G_MAXUINT64 - d) / 10)
            overflow = TRUE;
        else
            magnitude = magnitude * 10 + d;
    }
    if (overflow || magnitude > (guint64) G_MAXINT64 + (negative ? 1 : 0))
        return g_strdup_printf("strconv.Atoi: parsing %s: value out of range", text_quoted);
    *value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
    return NULL;
}

/* Incus' NAME/PARENT/VLAN entry: the name and the parent, trimmed, are
 * interface names; the VLAN, untrimmed, is an int from 1 to 4094
 * ("Invalid VLAN ID %q: %w", "Invalid VLAN ID %q"; network_utils.go:
 * 1446-1483 at v6.0.4). */
static char *
incus_vlan_interface_error(const MsProfile *profile, GStrv parts, gboolean *unknown)
{
    g_autofree char *name = ms_go_trim_space(parts[0]);
    g_autofree char *parent = ms_go_trim_space(parts[1]);
    g_autofree char *vlan_quoted = quoted_plain(parts[2]);
    g_autofree char *atoi_error = NULL;
    char *error = interface_entry_error(profile, name, unknown);
    gint64 vlan = 0;

    if (error != NULL || *unknown)
        return error;
    error = interface_entry_error(profile, parent, unknown);
    if (error != NULL || *unknown)
        return error;
    if (vlan_quoted == NULL) {
        *unknown = TRUE;
        return NULL;
    }
    atoi_error = go_atoi_error(parts[2], vlan_quoted, &vlan);
    if (atoi_error != NULL)
        return g_strdup_printf("Invalid VLAN ID %s: %s", vlan_quoted, atoi_error);
    if (vlan < 1 || vlan > 4094)
        return g_strdup_printf("Invalid VLAN ID %s", vlan_quoted);
    return NULL;
}

/* The validator's error for @def's @value (the text after "Invalid value
 * for network ... option ...: "), NULL when it passes; *@unknown when
 * migsim cannot tell. */
static char *
value_error(const MsProfile *profile, const NetKeyDef *def, const char *value, gboolean *unknown)
{
    g_autofree char *quoted = NULL;

    /* every bridge rule but IsAny is validate.Optional: "" passes */
    if (*value == '\0' || def->kind == NK_ANY)
        return NULL;
    if (def->kind == NK_UNCHECKED) {
        *unknown = TRUE;
        return NULL;
    }
    if (def->kind == NK_IFACES) {
        /* "Invalid interface name %q: %w" per entry, trimmed
         * (driver_bridge.go:199-208 at lxd-5.0.2, :269-278 at lxd-5.21.7 and
         * lxd-6.9) */
        g_auto(GStrv) entries = g_strsplit(value, ",", -1);

        for (guint i = 0; entries[i] != NULL; i++) {
            g_autofree char *entry = ms_go_trim_space(entries[i]);
            g_auto(GStrv) parts = g_strsplit(entry, "/", -1);
            char *error = NULL;

            /* Incus also takes NAME/PARENT/VLAN (validateExternalInterfaces,
             * internal/server/network/network_utils.go:1446-1483 at v6.0.4,
             * :1533 at v7.3.0, the same body; inline at driver_bridge.go:
             * 167-203 at v6.0.0 and v6.1.0) */
            if (ms_profile_is_incus(profile) && g_strv_length(parts) == 3)
                error = incus_vlan_interface_error(profile, parts, unknown);
            else
                error = interface_entry_error(profile, entry, unknown);
            if (error != NULL || *unknown)
                return error;
        }
        return NULL;
    }
    /* IsNetworkAddressV4, untrimmed (validate.go:345-351 at lxd-5.0.2,
     * :346 at lxd-5.21.7 and lxd-6.9, :338 at Incus v6.0.4) */
    if (def->kind == NK_IP4) {
        gboolean v4 = FALSE;

        if (g_str_equal(value, "none") && ms_releases_contain(&gateway_none, profile->version))
            return NULL;
        if (go_parse_ip(value, &v4, unknown) && v4)
            return NULL;
        quoted = *unknown ? NULL : quoted_plain(value);
        *unknown = quoted == NULL;
        return quoted == NULL ? NULL : g_strdup_printf("Not an IPv4 address %s", quoted);
    }
    if (def->kind == NK_RANGES4 || def->kind == NK_IPS)
        return list_error(profile, def, value, unknown);
    /* IsNetworkMAC: net.ParseMAC, 17 characters, no '-' or '.'
     * (validate.go:253-261 at lxd-5.0.2): six pairs of hex digits joined
     * by ':' */
    if (def->kind == NK_MAC) {
        for (guint i = 0; i < 17 && strlen(value) == 17; i++)
            if (i % 3 == 2 ? value[i] != ':' : !g_ascii_isxdigit(value[i]))
                return g_strdup("Invalid MAC address, must be 6 bytes of hex separated by colons");
        return strlen(value) == 17
                   ? NULL
                   : g_strdup("Invalid MAC address, must be 6 bytes of hex separated by colons");
    }
    if ((def->kind == NK_CIDR4 || def->kind == NK_CIDR6) &&
        (g_str_equal(value, "none") || g_str_equal(value, "auto")))
        return NULL;
    if (def->kind == NK_CIDR4 || def->kind == NK_CIDR6)
        return cidr_error(value, def->kind == NK_CIDR6, unknown);
    quoted = quoted_plain(value);
    if (quoted == NULL) {
        *unknown = TRUE;
        return NULL;
    }
    switch (def->kind) {
    case NK_BOOL: /* IsBool, validate.go:159-164 at lxd-5.0.2 */
        return ms_is_valid_bool(value) ? NULL : g_strdup_printf("Invalid value for a boolean %s", quoted);
    case NK_ONE_OF: { /* IsOneOf, validate.go:168-176 at lxd-5.0.2 */
        g_auto(GStrv) choices = g_strsplit(def->choices, " ", -1);

        return g_strv_contains((const char *const *) choices, value)
                   ? NULL
                   : g_strdup_printf("Invalid value %s (not one of [%s])", quoted, def->choices);
    }
    case NK_MTU: { /* IsNetworkMTU, strconv.ParseUint(value, 10, 32): validate.go:469-480 at lxd-5.0.2 */
        gboolean from_68 = ms_releases_contain(&mtu_from_68, profile->version);
        /* ParseUint takes leading zeros: only the significant digits
         * count towards the 32 bits */
        const char *significant = value + strspn(value, "0");
        guint64 mtu = g_ascii_strtoull(value, NULL, 10);

        if (strspn(value, "0123456789") != strlen(value) || strlen(significant) > 10 || mtu > G_MAXUINT32)
            return g_strdup_printf("Invalid MTU %s", quoted);
        if (mtu < (from_68 ? 68 : 1280) || mtu > 16384)
            return g_strdup_printf("Out of MTU range (%s-16384) %s", from_68 ? "68" : "1280", quoted);
        return NULL;
    }
    default:
        g_assert_not_reached();
    }
}

static gboolean
validation_not_modelled(MsApply *apply, const char *key, const char *why)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: network \"%s\" key \"%s\": %s",
                                         apply->profile->name, apply->op->network, key, why));
}

/* Fails @apply with the first of @texts (sorted) and the others as its
 * alternatives. */
static gboolean
fail_with_texts(MsApply *apply, MsRuleId rule, guint http_status, GPtrArray *texts, const char *what)
{
    g_ptr_array_sort(texts, ms_compare_string_ptrs);
    for (guint i = 1; i < texts->len; i++) {
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->alternatives, g_strdup(texts->pdata[i]));
    }
    if (texts->len > 1)
        ms_outcome_add_note(apply->outcome, "%u %s are refused: LXD names any one of them (Go map order)",
                            texts->len, what);
    return ms_apply_fail(apply, rule, http_status, FALSE, g_strdup(texts->pdata[0]));
}

gboolean
ms_network_bridge_validate(MsApply *apply, GHashTable *config, guint http_status)
{
    const MsProfile *profile = apply->profile;
    const char *name = apply->op->network;
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) unknown_keys = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *name_quoted = quoted_plain(name);
    /* Incus walks its rules the same way, with the same texts
     * (internal/server/network/driver_common.go:127-162 common.validate at
     * v6.0.4, :139 and :158 the two refusals, the same at v6.0.0 .. v6.0.6,
     * v6.1.0 .. v6.23.0, v7.0.0 .. v7.3.0) and LXD 5.0's validators
     * (shared/validate/validate.go:137 IsBool, :146 IsOneOf, :207
     * IsInterfaceName, :246 IsNetworkMAC, :348/:411 IsNetworkAddressCIDRV4/6,
     * :462 IsNetworkMTU 1280-16384 at v6.0.4; the texts at every tag) */
    gboolean incus = ms_profile_is_incus(profile);
    const char *mtu;

    GHashTableIter iter;
    gpointer key_ptr;

    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key_ptr, NULL))
        g_ptr_array_add(keys, key_ptr);
    g_ptr_array_sort(keys, ms_compare_string_ptrs);
    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        const char *value = g_hash_table_lookup(config, key) ?: "";
        const NetKeyDef *def = bridge_key(profile, key);
        g_autofree char *key_quoted = quoted_plain(key);
        g_autofree char *error = NULL;
        gboolean unknown = FALSE;

        /* tunnel.NAME.* and bgp.peers.NAME.* rules are added per key
         * before the walk, with refusals of their own (driver_bridge.go
         * :288-331 at lxd-5.0.2) */
        if (g_str_has_prefix(key, "tunnel.") || g_str_has_prefix(key, "bgp.peers."))
            return validation_not_modelled(apply, key, "tunnel and BGP peer keys are not followed");
        /* up to lxd-5.0.2 and in 5.1-5.16 bgpValidationRules takes every
         * "bgp." key as a peer's and refuses one of other than four fields
         * ("Invalid network configuration key: K") before the walk, even
         * bgp.ipv4.nexthop (driver_common.go:527-539 at lxd-5.0.2; the
         * "bgp.peers." prefix from lxd-5.0.3 and 5.17, :712 at lxd-5.21.7) */
        if (g_str_has_prefix(key, "bgp.") && ms_releases_contain(&bgp_any_prefix, profile->version))
            return validation_not_modelled(apply, key,
                                           "bgpValidationRules refuses a bgp.* key that is not "
                                           "bgp.peers.NAME.KEY at this release, with a wrap not read");
        if (def == NULL) {
            /* user.* keys are not validated (shared.IsUserConfig) */
            if (g_str_has_prefix(key, "user."))
                continue;
            if (key_quoted == NULL || name_quoted == NULL)
                return validation_not_modelled(apply, key, "a name Go's %q escapes");
            g_ptr_array_add(unknown_keys,
                            ms_rule_message(MS_RULE_NETWORK_CONFIG_UNKNOWN_KEY, profile, name, key));
            continue;
        }
        error = value_error(profile, def, value, &unknown);
        if (unknown)
            return validation_not_modelled(apply, key, "its value check is not followed");
        /* Incus takes an IPv6 network too from v6.0.5 and (at the latest)
         * v6.16.0: validate.Or(IsNetworkAddressCIDRV6, IsNetworkV6), whose
         * combined refusal was not read (driver_bridge.go ipv6.address at
         * v6.0.5, v6.16.0, v7.3.0; plain IsNetworkAddressCIDRV6 at v6.0.0 ..
         * v6.0.4, v6.1.0, v6.4.0, v6.10.0) */
        if (incus && error != NULL && def->kind == NK_CIDR6 &&
            ms_releases_contain(&incus_v6_network, profile->version))
            return validation_not_modelled(apply, key,
                                           "Incus' IPv6 address-or-network check is not followed");
        if (error == NULL)
            continue;
        if (name_quoted == NULL)
            return validation_not_modelled(apply, key, "a name Go's %q escapes");
        g_ptr_array_add(bad, ms_rule_message(MS_RULE_NETWORK_CONFIG_VALUE, profile, name, key, error));
    }
    /* every rule runs before the unknown keys are looked at */
    if (ms_apply_check(apply, MS_RULE_NETWORK_CONFIG_VALUE, name, bad->len > 0))
        return fail_with_texts(apply, MS_RULE_NETWORK_CONFIG_VALUE, http_status, bad, "values");
    if (ms_apply_check(apply, MS_RULE_NETWORK_CONFIG_UNKNOWN_KEY, name, unknown_keys->len > 0))
        return fail_with_texts(apply, MS_RULE_NETWORK_CONFIG_UNKNOWN_KEY, http_status, unknown_keys, "keys");
    /* the composite checks after the walk (driver_bridge.go:331-468 at
     * lxd-5.0.2): fan mode is not followed; below 1280 (IsNetworkMTU lets
     * 68-1279 through from lxd-5.21.5 and lxd-6.8) an IPv6 address refuses
     * the MTU, and migsim does not know the address "auto" became */
    if (g_strcmp0(g_hash_table_lookup(config, "bridge.mode"), "fan") == 0)
        return validation_not_modelled(apply, "bridge.mode", "fan mode's checks are not followed");
    /* checkClusterWideMACSafe (driver_bridge.go:80-93 at lxd-5.0.2)
     * refuses a static MAC on a bridge without addresses that has external
     * interfaces, which are each member's own: not followed */
    if (*(const char *) (g_hash_table_lookup(config, "bridge.hwaddr") ?: "") != '\0' &&
        g_strcmp0(g_hash_table_lookup(config, "ipv4.address"), "none") == 0 &&
        g_strcmp0(g_hash_table_lookup(config, "ipv6.address"), "none") == 0)
        return validation_not_modelled(apply, "bridge.hwaddr",
                                       "a static MAC on a bridge without addresses depends on the members' "
                                       "external interfaces");
    mtu = g_hash_table_lookup(config, "bridge.mtu");
    if (mtu != NULL && *mtu != '\0' && g_ascii_strtoull(mtu, NULL, 10) < 1280 &&
        g_strcmp0(g_hash_table_lookup(config, "ipv6.address"), "none") != 0)
        return validation_not_modelled(
            apply, "bridge.mtu",
            "an MTU under 1280 with IPv6 (\"The minimum MTU for an IPv6 network is "
            "1280\") is not followed");
    return TRUE;
}

gboolean
ms_network_bridge_value_ok(const MsProfile *profile, const char *key, const char *value)
{
    const NetKeyDef *def = bridge_key(profile, key);
    g_autofree char *error = NULL;
    gboolean unknown = FALSE;

    if (def == NULL)
        return FALSE;
    error = value_error(profile, def, value, &unknown);
    return error == NULL && !unknown;
}
