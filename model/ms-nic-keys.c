/* migsim: the keys a nic may hold, per nictype, as LXD's nic validators
 * accept them (lxd/device/nic_*.go validateConfig), for the answer
 * validate_nic in ms-devices.c gives a nic with any other key. */
#include "ms-apply-private.h"

#include <gio/gio.h>
#include <string.h>

/* The keys each nictype's validateConfig accepts (its requiredFields,
 * optionalFields and extra rules: lxd/device/nic_TYPE.go at lxd-5.0.2,
 * lxd-5.21.7 and lxd-6.9), only those accepted at all three tags; with
 * type, nictype and user.* which Device.Validate lets through itself
 * (lxd/device/config/devices.go:46-69 at lxd-5.0.2, :61-92 at lxd-6.9).
 * Any other key is refused ("Invalid device option", devices.go:60 at
 * lxd-5.0.2, :75 at lxd-6.9; seen live on 5.0.2 for bogus=1), or accepted
 * at only some releases (e.g. limits.priority from 5.21, maas.subnet.*
 * gone by 6.9): either way migsim does not answer for it. */
static const char *const nic_keys_bridged[] = { "boot.priority",
                                                "host_name",
                                                "hwaddr",
                                                "ipv4.address",
                                                "ipv4.routes",
                                                "ipv4.routes.external",
                                                "ipv6.address",
                                                "ipv6.routes",
                                                "ipv6.routes.external",
                                                "limits.egress",
                                                "limits.ingress",
                                                "limits.max",
                                                "mtu",
                                                "name",
                                                "network",
                                                "parent",
                                                "security.ipv4_filtering",
                                                "security.ipv6_filtering",
                                                "security.mac_filtering",
                                                "security.port_isolation",
                                                "vlan",
                                                "vlan.tagged",
                                                NULL };
static const char *const nic_keys_ipvlan[] = { "gvrp",
                                               "hwaddr",
                                               "ipv4.address",
                                               "ipv4.gateway",
                                               "ipv4.host_table",
                                               "ipv6.address",
                                               "ipv6.gateway",
                                               "ipv6.host_table",
                                               "mode",
                                               "mtu",
                                               "name",
                                               "parent",
                                               "vlan",
                                               NULL };
static const char *const nic_keys_macvlan[] = { "boot.priority", "gvrp",   "hwaddr", "mtu", "name",
                                                "network",       "parent", "vlan",   NULL };
static const char *const nic_keys_ovn[] = { "acceleration",
                                            "boot.priority",
                                            "host_name",
                                            "hwaddr",
                                            "ipv4.address",
                                            "ipv4.routes",
                                            "ipv4.routes.external",
                                            "ipv6.address",
                                            "ipv6.routes",
                                            "ipv6.routes.external",
                                            "mtu",
                                            "name",
                                            "network",
                                            "security.acls",
                                            "security.acls.default.egress.action",
                                            "security.acls.default.egress.logged",
                                            "security.acls.default.ingress.action",
                                            "security.acls.default.ingress.logged",
                                            NULL };
static const char *const nic_keys_p2p[] = { "boot.priority",  "host_name",   "hwaddr",
                                            "ipv4.routes",    "ipv6.routes", "limits.egress",
                                            "limits.ingress", "limits.max",  "mtu",
                                            "name",           NULL };
static const char *const nic_keys_physical[] = { "boot.priority", "gvrp",   "hwaddr", "mtu",
                                                 "name",          "parent", "vlan",   NULL };
static const char *const nic_keys_routed[] = { "gvrp",
                                               "host_name",
                                               "hwaddr",
                                               "ipv4.address",
                                               "ipv4.gateway",
                                               "ipv4.host_address",
                                               "ipv4.host_table",
                                               "ipv4.neighbor_probe",
                                               "ipv4.routes",
                                               "ipv6.address",
                                               "ipv6.gateway",
                                               "ipv6.host_address",
                                               "ipv6.host_table",
                                               "ipv6.neighbor_probe",
                                               "ipv6.routes",
                                               "limits.egress",
                                               "limits.ingress",
                                               "limits.max",
                                               "mtu",
                                               "name",
                                               "parent",
                                               "vlan",
                                               NULL };
static const char *const nic_keys_sriov[] = {
    "boot.priority", "hwaddr", "mtu", "name", "network", "parent", "security.mac_filtering", "vlan", NULL
};

/* Every key nicValidationRules has at any lxd-5.x or 6.x tag (its map in
 * lxd/device/nic.go, read at each tag 2026-12-07): a key some release
 * accepts is refused at others only. */
static const char *const nic_keys_any_release[] = { "acceleration",
                                                    "acceleration.parent",
                                                    "boot.priority",
                                                    "gvrp",
                                                    "host_name",
                                                    "hwaddr",
                                                    "ipv4.address",
                                                    "ipv4.gateway",
                                                    "ipv4.host_address",
                                                    "ipv4.host_table",
                                                    "ipv4.routes",
                                                    "ipv4.routes.external",
                                                    "ipv6.address",
                                                    "ipv6.gateway",
                                                    "ipv6.host_address",
                                                    "ipv6.host_table",
                                                    "ipv6.routes",
                                                    "ipv6.routes.external",
                                                    "limits.egress",
                                                    "limits.ingress",
                                                    "limits.max",
                                                    "limits.priority",
                                                    "maas.subnet.ipv4",
                                                    "maas.subnet.ipv6",
                                                    "mtu",
                                                    "name",
                                                    "nested",
                                                    "network",
                                                    "parent",
                                                    "queue.tx.length",
                                                    "security.acls",
                                                    "security.acls.default.egress.action",
                                                    "security.acls.default.egress.logged",
                                                    "security.acls.default.ingress.action",
                                                    "security.acls.default.ingress.logged",
                                                    "security.ipv4_filtering",
                                                    "security.ipv6_filtering",
                                                    "security.mac_filtering",
                                                    "security.port_isolation",
                                                    "vlan",
                                                    NULL };

static const struct {
    const char *nictype;
    const char *const *keys;
} nic_keys[] = {
    { "bridged", nic_keys_bridged }, { "ipvlan", nic_keys_ipvlan }, { "macvlan", nic_keys_macvlan },
    { "ovn", nic_keys_ovn },         { "p2p", nic_keys_p2p },       { "physical", nic_keys_physical },
    { "routed", nic_keys_routed },   { "sriov", nic_keys_sriov },
};

/* The nictype a network of @type gives its nics (lxd/device/nictype/
 * nictype.go:29-45 at lxd-5.0.2, the same at lxd-6.9); NULL if unknown.
 * A network migsim holds without a type is a bridge (validate_nic_known). */
static const char *
nictype_of_network(const char *type)
{
    static const char *const pairs[][2] = { { "bridge", "bridged" },
                                            { "macvlan", "macvlan" },
                                            { "sriov", "sriov" },
                                            { "ovn", "ovn" },
                                            { "physical", "physical" } };

    if (type == NULL)
        return "bridged";
    for (guint i = 0; i < G_N_ELEMENTS(pairs); i++)
        if (g_str_equal(type, pairs[i][0]))
            return pairs[i][1];
    return NULL;
}

/* The smallest key of @device its nictype's validator does not accept at
 * every release read, or NULL (the smallest, not the first met: no hash
 * order in what migsim prints).  A nic whose nictype migsim cannot tell has
 * every key but type, nictype and user.* answered as unknown. */
/* The keys @device's nictype takes, or NULL when migsim cannot tell it */
static const char *const *
nic_known_keys(const MsCluster *cluster, MsDevice *device)
{
    const char *nictype = ms_device_get_lit(device, "nictype");

    if (*nictype == '\0' && *ms_device_get_lit(device, "network") != '\0') {
        const MsNetwork *network = ms_cluster_lookup_network(cluster, ms_device_get_lit(device, "network"));

        nictype = network != NULL ? nictype_of_network(ms_config_get(network->config, "type")) : NULL;
    }
    for (guint i = 0; nictype != NULL && i < G_N_ELEMENTS(nic_keys); i++)
        if (g_str_equal(nictype, nic_keys[i].nictype))
            return nic_keys[i].keys;
    return NULL;
}

static gboolean
nic_key_known(const char *const *known, const char *key)
{
    return g_str_equal(key, "type") || g_str_equal(key, "nictype") || g_str_has_prefix(key, "user.") ||
           (known != NULL && g_strv_contains(known, key));
}

gboolean
ms_nic_key_known(const MsCluster *cluster, MsDevice *device, const char *key)
{
    return nic_key_known(nic_known_keys(cluster, device), key);
}

const char *
ms_nic_unknown_key(const MsCluster *cluster, MsDevice *device)
{
    const char *const *known = nic_known_keys(cluster, device);
    MsDeviceIter iter;
    const char *key;
    const char *smallest = NULL;

    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, NULL))
        if (!nic_key_known(known, key) && (smallest == NULL || strcmp(key, smallest) < 0))
            smallest = key;
    return smallest;
}

gboolean
ms_nic_key_ruled_somewhere(const char *key)
{
    return g_strv_contains(nic_keys_any_release, key);
}

/* Is @device (a nic of the instance's expanded set, or of another
 * instance) on the bridge @bridge as checkAddressConflict's walk sees it
 * (network.UsedByInstanceDevices's match, isInUseByDevice,
 * lxd/network/network_utils.go:239-258 at lxd-5.0.2, :288-307 at lxd-6.9;
 * Incus internal/server/network/network_utils.go:299 at v6.0.4):
 * network=@bridge, or parent=@bridge without a vlan.  A parent is mapped
 * through GetHostDevice(parent, vlan), which is the parent itself only
 * without a vlan and PARENT.VLAN or the host's vlan device with one
 * (network_utils.go:752-791 at lxd-5.0.2, :944 at lxd-6.9; :784 at Incus
 * v6.0.4), never the bridge's name: LXD does not compare a nic with
 * parent=@bridge vlan=N. */
static gboolean
nic_on_bridge(MsDevice *device, const char *bridge)
{
    if (g_strcmp0(ms_device_get_lit(device, "type"), "nic") != 0)
        return FALSE;
    return g_str_equal(ms_device_get_lit(device, "network"), bridge) ||
           (g_str_equal(ms_device_get_lit(device, "parent"), bridge) &&
            *ms_device_get_lit(device, "vlan") == '\0');
}

/* A nic's literal hwaddr as the 6 bytes Go's net.ParseMAC reads from it,
 * in the one form IsNetworkMAC lets through (17 characters, hex pairs
 * separated by colons: shared/validate/validate.go:253-262 at lxd-5.0.2,
 * :254-263 at lxd-5.21.7 and lxd-6.9).  FALSE: another form (migsim does
 * not read it as Go does). */
static gboolean
nic_mac_parse(const char *value, guint8 mac[6])
{
    if (strlen(value) != 17)
        return FALSE;
    for (guint i = 0; i < 6; i++) {
        int hi = g_ascii_xdigit_value(value[3 * i]), lo = g_ascii_xdigit_value(value[3 * i + 1]);

        if (hi < 0 || lo < 0 || (i < 5 && value[3 * i + 2] != ':'))
            return FALSE;
        mac[i] = (guint8) (hi * 16 + lo);
    }
    return TRUE;
}

/* What checkAddressConflict finds comparing @device with the nics of
 * @devices (but @skip, the nic itself when @devices are of the same logical
 * instance; NULL: none) on @bridge with @device's vlan: a comparison
 * migsim cannot answer for (@dns_name: the instances' DNS names clash; a
 * literal hwaddr on one side only: LXD compares it with the other nic's
 * volatile hwaddr, which it may have generated) sets *@why.  A conflict
 * adds what LXD names to @texts, its first letter the kind: "M" and the
 * other nic's MAC (both hwaddr literal and equal: the MAC comparison comes
 * first, Go's HardwareAddr.String() prints lower-case hex), or "I" and the
 * static address another nic holds (its first key, ipv4 before ipv6, as
 * Go's IP.String() prints it): nic_bridged.go:367-370, :405-425 at
 * lxd-5.0.2; :368-371, :417-437 at lxd-5.21.7; :364-367, :413-433 at
 * lxd-6.9; Incus internal/server/device/nic_bridged.go:384-387, :427-447
 * at v6.0.4. */
static void
nic_conflict_in(MsDevices *devices, const char *skip, MsDevice *device, const char *bridge, gboolean dns_name,
                const char **why, GHashTable *texts)
{
    const char *vlan = ms_device_get_lit(device, "vlan");
    gboolean ours_mac = *ms_device_get_lit(device, "hwaddr") != '\0';
    MsDevicesIter iter;
    const char *other_name;
    MsDevice *other;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &other_name, &other)) {
        static const char *const keys[] = { "ipv4.address", "ipv6.address" };

        if ((skip != NULL && g_str_equal(other_name, skip)) || !nic_on_bridge(other, bridge) ||
            !g_str_equal(ms_device_get_lit(other, "vlan"), vlan))
            continue;
        if (dns_name) {
            *why = "a nic of an instance with the same DNS name (this one, or one of the same name in "
                   "another project or in another case) on the same network (LXD's instance DNS name check)";
            continue;
        }
        /* the DNS reason wins over the MAC one: the answer must not
         * depend on the order the nics are met in.  Both literal: the
         * config's hwaddr is read before the volatile one on either side,
         * so the comparison is known */
        if (ours_mac || *ms_device_get_lit(other, "hwaddr") != '\0') {
            guint8 a[6], b[6];

            if (!ours_mac || !nic_mac_parse(ms_device_get_lit(device, "hwaddr"), a) ||
                !nic_mac_parse(ms_device_get_lit(other, "hwaddr"), b)) {
                if (*why == NULL)
                    *why = "a hwaddr beside another nic on the same network and member (LXD compares it with "
                           "that nic's MAC, which it may have generated)";
                continue;
            }
            if (memcmp(a, b, sizeof a) == 0) {
                g_hash_table_add(texts, g_strdup_printf("M%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2],
                                                        b[3], b[4], b[5]));
                continue;
            }
        }
        for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
            g_autoptr(GInetAddress) ours = g_inet_address_new_from_string(ms_device_get(device, keys[k]));
            g_autoptr(GInetAddress) theirs = g_inet_address_new_from_string(ms_device_get(other, keys[k]));

            if (ours != NULL && theirs != NULL && g_inet_address_equal(ours, theirs)) {
                g_autofree char *address = g_inet_address_to_string(theirs);

                g_hash_table_add(texts, g_strconcat("I", address, NULL));
                break;
            }
        }
    }
}

/* Is @value inside the network @cidr (the bridge's ipv4.address or
 * ipv6.address, "ADDRESS/LENGTH")?  Go's IPNet.Contains
 * (DHCPValidIP's subnet.Contains, lxd/dnsmasq/dhcpalloc/dhcpalloc.go:24-40
 * at lxd-5.0.2, :23-39 at lxd-6.9; no ranges are passed), where an address
 * of the other family is never inside.  *@own: @value is the bridge's own
 * address.  MS_NIC_IN_UNKNOWN: @value or @cidr is a form migsim does not
 * read as Go does (unparsable, a zone, an IPv4-mapped IPv6 address). */
typedef enum { MS_NIC_IN_UNKNOWN, MS_NIC_IN_NO, MS_NIC_IN_YES } MsNicIn;

static MsNicIn
nic_address_in_bridge(const char *value, const char *cidr, gboolean *own)
{
    g_auto(GStrv) parts = g_strsplit(cidr, "/", 2);
    g_autoptr(GInetAddress) ip = g_inet_address_new_from_string(value);
    g_autoptr(GInetAddress) bridge = NULL;
    const guint8 *a, *b;
    guint64 length;
    char *end;

    *own = FALSE;
    if (ip == NULL || strchr(value, '%') != NULL || g_inet_address_get_is_link_local(ip) ||
        (g_inet_address_get_family(ip) == G_SOCKET_FAMILY_IPV6 && strchr(value, '.') != NULL) ||
        parts[1] == NULL)
        return MS_NIC_IN_UNKNOWN;
    bridge = g_inet_address_new_from_string(parts[0]);
    length = g_ascii_strtoull(parts[1], &end, 10);
    if (bridge == NULL || *end != '\0' || end == parts[1] ||
        length > g_inet_address_get_native_size(bridge) * 8)
        return MS_NIC_IN_UNKNOWN;
    if (g_inet_address_get_family(ip) != g_inet_address_get_family(bridge))
        return MS_NIC_IN_NO;
    *own = g_inet_address_equal(ip, bridge);
    a = g_inet_address_to_bytes(ip);
    b = g_inet_address_to_bytes(bridge);
    for (guint64 bit = 0; bit < length; bit++)
        if (((a[bit / 8] ^ b[bit / 8]) >> (7 - bit % 8)) & 1)
            return MS_NIC_IN_NO;
    return MS_NIC_IN_YES;
}

/* checkWithManagedNetwork's checks of @device's static @key (ipv4.address
 * or ipv6.address) on the bridge @network (lxd/device/nic_bridged.go:
 * 105-140 and :142-174 at lxd-5.0.2, :109-143 and :145-178 at lxd-5.21.7,
 * :107-140 and :142-174 at lxd-6.9; the same texts at every lxd-5.0.x,
 * 5.1-5.20, 5.21.x and 6.x tag).  The DHCP subnet is nil when DHCP is off
 * (hasDHCPv4/hasDHCPv6: ipv4.dhcp / ipv6.dhcp empty or true,
 * lxd/network/driver_bridge.go:2240-2256 at lxd-5.0.2, :2855-2863 at
 * lxd-5.21.7, :2786-2794 at lxd-6.9) or the bridge's address is no CIDR
 * ("none"); an address LXD filled itself (unset or auto at create:
 * bridge fillConfig) or fan mode leave the subnet unknown.  Returns the
 * rule LXD refuses with, or MS_RULE_NONE with *@why NULL (passes) or set
 * (not modelled). */
static MsRuleId
nic_static_address_check(MsDevice *device, const MsNetwork *network, const char *key, const char **why)
{
    gboolean v4 = g_str_equal(key, "ipv4.address");
    const char *value = ms_device_get(device, key);
    const char *cidr = ms_config_get(network->config, key);
    const char *dhcp = ms_config_get(network->config, v4 ? "ipv4.dhcp" : "ipv6.dhcp");
    gboolean dhcp_on = dhcp == NULL || *dhcp == '\0' || ms_is_true(dhcp);
    gboolean own;
    MsNicIn in;

    *why = NULL;
    if (*value == '\0')
        return MS_RULE_NONE;
    if (!dhcp_on || g_strcmp0(cidr, "none") == 0 ||
        (!v4 && !ms_is_true(ms_config_get(network->config, "ipv6.dhcp.stateful"))))
        return v4 ? MS_RULE_NIC_STATIC_NO_DHCP4 : MS_RULE_NIC_STATIC_NO_DHCP6;
    *why = "a static address on a bridge whose subnet LXD chose itself (ipv4.address/ipv6.address unset "
           "or auto), in fan mode, or a value migsim does not read as LXD does (none, unparsable)";
    if (cidr == NULL || strchr(cidr, '/') == NULL ||
        (v4 && g_strcmp0(ms_config_get(network->config, "bridge.mode"), "fan") == 0) ||
        g_str_equal(value, "none"))
        return MS_RULE_NONE;
    in = nic_address_in_bridge(value, cidr, &own);
    if (in == MS_NIC_IN_UNKNOWN)
        return MS_RULE_NONE;
    *why = NULL;
    if (in == MS_NIC_IN_NO)
        return MS_RULE_NIC_STATIC_OUTSIDE_SUBNET;
    return own ? MS_RULE_NIC_STATIC_BRIDGE_ADDRESS : MS_RULE_NONE;
}

/* "not modelled" for nic @name on @bridge: @why */
static gboolean
nic_bridge_unmodelled(const MsDeviceContext *ctx, const char *name, const char *bridge, const char *why,
                      MsRejection *out)
{
    return ms_reject_status(out, MS_RULE_NONE, 400,
                            g_strdup_printf("migsim: not modelled for %s: nic %s on bridge %s: %s",
                                            ctx->env->profile->name, name, bridge, why));
}

/* The static address checks of nic @name (@device) on @bridge (@network:
 * the managed network, created; NULL: an unmanaged host bridge), as
 * ms_nic_bridge_check. */
static gboolean
nic_bridge_static_check(const MsDeviceContext *ctx, const char *name, MsDevice *device, const char *bridge,
                        const MsNetwork *network, MsRejection *out)
{
    const MsProfile *profile = ctx->env->profile;
    gboolean filtering = ms_is_true(ms_device_get_lit(device, "security.ipv4_filtering")) ||
                         ms_is_true(ms_device_get_lit(device, "security.ipv6_filtering"));
    static const char *const keys[] = { "ipv4.address", "ipv6.address" };

    if (network == NULL) {
        /* an unmanaged parent: a static address needs IP filtering or a
         * maas.subnet.* key (nic_bridged.go:259-279 at lxd-5.0.2, :260-280
         * at lxd-5.21.7, :257-276 at lxd-6.9; ipv4 first) */
        if (filtering || *ms_device_get_lit(device, "maas.subnet.ipv4") != '\0' ||
            *ms_device_get_lit(device, "maas.subnet.ipv6") != '\0' ||
            ms_rule_format(MS_RULE_NIC_STATIC_UNMANAGED, profile) == NULL)
            return (*ms_device_get_lit(device, "ipv4.address") == '\0' &&
                    *ms_device_get_lit(device, "ipv6.address") == '\0' && !filtering) ||
                   nic_bridge_unmodelled(ctx, name, bridge,
                                         "a static address, IP filtering or maas.subnet.* on an unmanaged "
                                         "bridge",
                                         out);
        for (guint k = 0; k < G_N_ELEMENTS(keys); k++)
            if (ms_env_check(ctx->env, MS_RULE_NIC_STATIC_UNMANAGED, name,
                             *ms_device_get(device, keys[k]) != '\0'))
                return ms_reject_rule(out, profile, MS_RULE_NIC_STATIC_UNMANAGED, keys[k]);
        return TRUE;
    }
    /* IP filtering lets a static address through without DHCP */
    if (filtering)
        return nic_bridge_unmodelled(ctx, name, bridge, "IP filtering on a managed bridge", out);
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
        const char *why;
        MsRuleId rule = nic_static_address_check(device, network, keys[k], &why);
        const char *value = ms_device_get(device, keys[k]);

        if (why != NULL || (rule != MS_RULE_NONE && ms_rule_format(rule, profile) == NULL))
            return nic_bridge_unmodelled(ctx, name, bridge,
                                         why != NULL ? why : "a static address LXD refuses", out);
        if (ms_env_check(ctx->env, MS_RULE_NIC_STATIC_NO_DHCP4, name, rule == MS_RULE_NIC_STATIC_NO_DHCP4) ||
            ms_env_check(ctx->env, MS_RULE_NIC_STATIC_NO_DHCP6, name, rule == MS_RULE_NIC_STATIC_NO_DHCP6))
            return ms_reject_rule(out, profile, rule, network->name);
        if (ms_env_check(ctx->env, MS_RULE_NIC_STATIC_OUTSIDE_SUBNET, name,
                         rule == MS_RULE_NIC_STATIC_OUTSIDE_SUBNET))
            return ms_reject_rule(out, profile, rule, value, network->name);
        /* the device's parent= as it is: network= is copied to parent only
         * after these checks (nic_bridged.go:228 at lxd-5.0.2, :230 at
         * lxd-5.21.7, :228 at lxd-6.9), so a nic with network= names "" */
        if (ms_env_check(ctx->env, MS_RULE_NIC_STATIC_BRIDGE_ADDRESS, name,
                         rule == MS_RULE_NIC_STATIC_BRIDGE_ADDRESS))
            return ms_reject_rule(out, profile, rule, value, ms_device_get_lit(device, "parent"));
    }
    /* the VLAN 0 checks of a native bridge come next (:176-193 at
     * lxd-5.0.2, :180-197 at lxd-5.21.7, :176-193 at lxd-6.9) */
    if (g_str_equal(ms_device_get_lit(device, "vlan"), "0") ||
        *ms_device_get_lit(device, "vlan.tagged") != '\0')
        return nic_bridge_unmodelled(ctx, name, bridge, "vlan 0 or vlan.tagged on a managed bridge", out);
    return TRUE;
}

/* LXD's checks of nic @name (@device) of an instance or profile connected
 * to the bridge @bridge (@network: the managed network, created; NULL: an
 * unmanaged host bridge): nic_bridged validateConfig's static address
 * checks (nic_bridge_static_check), then, with an instance, its DNS name,
 * MAC and static addresses against every other nic on the same bridge,
 * member and vlan (checkAddressConflict, nic_bridged.go:292-295 and
 * :360-429 at lxd-5.0.2, :293-296 and :361-441 at lxd-5.21.7, :289-292 and
 * :357-438 at lxd-6.9; Incus internal/server/device/nic_bridged.go:121-176,
 * :262-278, :291-294, :377-451 at v6.0.4).  A conflict is a 409 error,
 * which the devicesAdd of a new instance logs and skips (its device is not
 * added: driver_common.go:1220-1224 at lxd-5.0.2, :1720-1724 at
 * lxd-5.21.7, :1849-1853 at lxd-6.9) while a user's device add or update
 * and a start refuse it ("Failed add validation", driver_common.go:1329 at
 * lxd-5.0.2; "Failed start validation", driver_lxc.go:1959): with
 * ctx->conflicts SKIP a conflict returns TRUE with *@skip_rest, with
 * REFUSE it is NIC.ADDRESS_CONFLICT; elsewhere, and where two conflicts
 * LXD meets in its map and DB order would name different addresses,
 * "not modelled".  TRUE: every check passes. */
gboolean
ms_nic_bridge_check(const MsDeviceContext *ctx, const char *name, MsDevice *device, const char *bridge,
                    const MsNetwork *network, gboolean *skip_rest, MsRejection *out)
{
    gboolean dns = network != NULL && g_strcmp0(ms_config_get(network->config, "dns.mode"), "none") != 0;
    g_autoptr(GHashTable) texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const char *why = NULL;
    GHashTableIter iter;
    MsInstance *instance;
    MsRuleId rule;
    gpointer text;

    *skip_rest = FALSE;
    if (!nic_bridge_static_check(ctx, name, device, bridge, network, out))
        return FALSE;
    if (ctx->mode != MS_VALIDATE_INSTANCE || ctx->for_profile || ctx->instance_name == NULL ||
        ctx->member == NULL)
        return TRUE;
    /* UsedByInstanceDevices walks only the instances whose network project
     * is the bridge's, default: one of a project with features.networks,
     * this one too, is not compared (lxd/network/network_utils.go:71-78 at
     * lxd-5.0.2, :111 at lxd-5.21.7, :109 at lxd-6.9; Incus
     * internal/server/network/network_utils.go:109 at v6.0.4) */
    if (ctx->sibling_devices != NULL && ms_cluster_network_project(ctx->cluster, ctx->project) == NULL)
        nic_conflict_in(ctx->sibling_devices, name, device, bridge, dns, &why, texts);
    /* IsSameLogicalInstance matches the project and name (or volatile.uuid,
     * not modelled: a superset is compared), while nicCheckDNSNameConflict
     * compares the names alone, ignoring case (strings.EqualFold): an
     * instance of the same name in another project (using the default
     * project's networks) or of another case clashes
     * (lxd/instance/instance_utils.go:1090-1093, lxd/device/nic.go:129-131
     * at lxd-5.0.2; instance_utils.go:1077-1080, nic.go:669-671 at lxd-6.9;
     * nic_bridged.go:383-409 at lxd-6.9, :397-417 at Incus v6.0.4) */
    g_hash_table_iter_init(&iter, ctx->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &instance)) {
        gboolean same = g_str_equal(instance->name, ctx->instance_name) &&
                        ms_project_same(instance->project, ctx->project);
        gboolean dns_name = dns && g_ascii_strcasecmp(instance->name, ctx->instance_name) == 0;
        g_autoptr(MsDevices) devices = NULL;

        if (g_strcmp0(instance->location, ctx->member) != 0 ||
            ms_cluster_network_project(ctx->cluster, instance->project) != NULL)
            continue;
        devices = ms_cluster_expand_devices(ctx->cluster, instance);
        nic_conflict_in(devices, same ? name : NULL, device, bridge, dns_name, &why, texts);
    }
    if (why == NULL && g_hash_table_size(texts) == 0)
        return TRUE;
    /* the 409 and devicesAdd's skip came at lxd-5.0.1 and 5.3 (plain
     * errors at lxd-5.0.0, 5.1, 5.2): where the rule has no row, not
     * modelled */
    if (why == NULL && ctx->conflicts == MS_NIC_CONFLICT_SKIP &&
        ms_rule_format(MS_RULE_NIC_ADDRESS_CONFLICT, ctx->env->profile) != NULL) {
        *skip_rest = TRUE;
        return TRUE;
    }
    if (why == NULL && g_hash_table_size(texts) > 1)
        why = "a MAC or static addresses two other nics on the same network and member hold (LXD names the "
              "first it meets, in its DB and map order)";
    if (why == NULL && (ctx->conflicts != MS_NIC_CONFLICT_REFUSE ||
                        ms_rule_format(MS_RULE_NIC_ADDRESS_CONFLICT, ctx->env->profile) == NULL))
        why = "a static address or MAC another nic on the same network and member has";
    if (why != NULL)
        return nic_bridge_unmodelled(ctx, name, bridge, why, out);
    g_hash_table_iter_init(&iter, texts);
    g_hash_table_iter_next(&iter, &text, NULL);
    rule = *(const char *) text == 'M' ? MS_RULE_NIC_MAC_CONFLICT : MS_RULE_NIC_ADDRESS_CONFLICT;
    /* the MAC's 409 comes with the address's (the same function) */
    if (ms_rule_format(rule, ctx->env->profile) == NULL)
        return nic_bridge_unmodelled(ctx, name, bridge,
                                     "a MAC another nic on the same network and member has", out);
    /* check sites: NIC_MAC_CONFLICT NIC_ADDRESS_CONFLICT */
    ms_env_check(ctx->env, rule, name, TRUE);
    /* check sites: NIC_MAC_CONFLICT NIC_ADDRESS_CONFLICT */
    return ms_reject_rule(out, ctx->env->profile, rule, (const char *) text + 1);
}
