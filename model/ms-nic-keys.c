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

/* Might @device (a nic of the instance's expanded set, or of another
 * instance) be on the bridge @bridge: network=@bridge, or parent=@bridge
 * (network.UsedByInstanceDevices's match, isInUseByDevice,
 * lxd/network/network_utils.go:239-258 at lxd-5.0.2, :288-307 at lxd-6.9,
 * which maps a parent and vlan to the host's vlan device: any parent=@bridge
 * is taken, a superset)? */
static gboolean
nic_on_bridge(MsDevice *device, const char *bridge)
{
    if (g_strcmp0(ms_device_get_lit(device, "type"), "nic") != 0)
        return FALSE;
    return g_str_equal(ms_device_get_lit(device, "network"), bridge) ||
           g_str_equal(ms_device_get_lit(device, "parent"), bridge);
}

/* Do @a and @b (nic address values) name the same address, as Go's
 * net.ParseIP and IP.Equal see them?  Both unparsable: FALSE. */
static gboolean
nic_same_address(const char *a, const char *b)
{
    g_autoptr(GInetAddress) x = g_inet_address_new_from_string(a);
    g_autoptr(GInetAddress) y = g_inet_address_new_from_string(b);

    return x != NULL && y != NULL && g_inet_address_equal(x, y);
}

/* A nic of @devices (but @skip, the nic itself when @devices are of the
 * same logical instance; NULL: none) on @bridge with @device's vlan that
 * checkAddressConflict would compare with @device in a way migsim cannot
 * answer for (@dns_name: the instances' DNS names clash, a literal hwaddr
 * on either side, the same static address), as the reason, else NULL. */
static const char *
nic_conflict_in(MsDevices *devices, const char *skip, MsDevice *device, const char *bridge, gboolean dns_name)
{
    const char *vlan = ms_device_get_lit(device, "vlan");
    gboolean ours_mac = *ms_device_get_lit(device, "hwaddr") != '\0';
    MsDevicesIter iter;
    const char *other_name;
    MsDevice *other;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &other_name, &other)) {
        if ((skip != NULL && g_str_equal(other_name, skip)) || !nic_on_bridge(other, bridge) ||
            !g_str_equal(ms_device_get_lit(other, "vlan"), vlan))
            continue;
        if (dns_name)
            return "a nic of an instance with the same DNS name (this one, or one of the same name in "
                   "another project or in another case) on the same network (LXD's instance DNS name check)";
        if (ours_mac || *ms_device_get_lit(other, "hwaddr") != '\0')
            return "a hwaddr beside another nic on the same network and member (LXD compares it with "
                   "that nic's MAC, which it may have generated)";
        if (nic_same_address(ms_device_get_lit(device, "ipv4.address"),
                             ms_device_get_lit(other, "ipv4.address")) ||
            nic_same_address(ms_device_get_lit(device, "ipv6.address"),
                             ms_device_get_lit(other, "ipv6.address")))
            return "a static address another nic on the same network and member has";
    }
    return NULL;
}

/* Is @value an address of @family inside the network @cidr (the bridge's
 * ipv4.address or ipv6.address, "ADDRESS/LENGTH") and not its own
 * address?  DHCPValidIP's subnet.Contains (lxd/dnsmasq/dhcpalloc/
 * dhcpalloc.go:24-40 at lxd-5.0.2, :23-39 at lxd-6.9; no ranges are passed)
 * and the bridge address check. */
static gboolean
nic_address_in_bridge(const char *value, const char *cidr, GSocketFamily family)
{
    g_auto(GStrv) parts = g_strsplit(cidr, "/", 2);
    g_autoptr(GInetAddress) ip = g_inet_address_new_from_string(value);
    g_autoptr(GInetAddress) own = NULL;
    const guint8 *a, *b;
    guint64 length;
    char *end;

    if (ip == NULL || parts[1] == NULL || g_inet_address_get_family(ip) != family)
        return FALSE;
    own = g_inet_address_new_from_string(parts[0]);
    length = g_ascii_strtoull(parts[1], &end, 10);
    if (own == NULL || g_inet_address_get_family(own) != family || *end != '\0' || end == parts[1] ||
        length > g_inet_address_get_native_size(own) * 8 || g_inet_address_equal(ip, own))
        return FALSE;
    a = g_inet_address_to_bytes(ip);
    b = g_inet_address_to_bytes(own);
    for (guint64 bit = 0; bit < length; bit++)
        if (((a[bit / 8] ^ b[bit / 8]) >> (7 - bit % 8)) & 1)
            return FALSE;
    return TRUE;
}

/* Does checkWithManagedNetwork accept @device's static @key (ipv4.address
 * or ipv6.address) on @network: DHCP on (ipv4.dhcp, or ipv6.dhcp and
 * ipv6.dhcp.stateful), the bridge's address a literal CIDR (not auto, which
 * LXD fills itself), not fan mode, and the address inside it and not the
 * bridge's own (lxd/device/nic_bridged.go:105-140 and :142-174 at
 * lxd-5.0.2, :109-143 and :145-178 at lxd-5.21.7, :107-140 and :142-174 at
 * lxd-6.9; DHCPv4Subnet, DHCPv6Subnet, lxd/network/driver_bridge.go:2259,
 * :2302 at lxd-5.0.2, :2797, :2840 at lxd-6.9)?  FALSE: LXD may refuse. */
static gboolean
nic_static_address_accepted(MsDevice *device, const MsNetwork *network, const char *key)
{
    gboolean v4 = g_str_equal(key, "ipv4.address");
    const char *value = ms_device_get(device, key);
    const char *cidr = ms_config_get(network->config, key);
    const char *dhcp = ms_config_get(network->config, v4 ? "ipv4.dhcp" : "ipv6.dhcp");
    const char *stateful = ms_config_get(network->config, "ipv6.dhcp.stateful");

    if (*value == '\0')
        return TRUE;
    if (cidr == NULL || strchr(cidr, '/') == NULL ||
        g_strcmp0(ms_config_get(network->config, "bridge.mode"), "fan") == 0 ||
        !(dhcp == NULL || *dhcp == '\0' || ms_is_true(dhcp)) || (!v4 && !ms_is_true(stateful)))
        return FALSE;
    return nic_address_in_bridge(value, cidr, v4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
}

/* Why migsim cannot answer for nic @name (@device) of an instance or
 * profile connected to the bridge @bridge (@network: the managed network,
 * created; NULL: an unmanaged host bridge), or NULL.  LXD's nic_bridged
 * validateConfig checks a static ipv4.address/ipv6.address against the
 * managed network (checkWithManagedNetwork, lxd/device/nic_bridged.go:
 * 105-174 at lxd-5.0.2, :109-178 at lxd-5.21.7, :107-174 at lxd-6.9), with
 * its VLAN 0 checks (:176-193, :180-197, :176-193), refuses static addresses
 * and needs them with IP filtering on an unmanaged bridge (:259-279,
 * :260-280, :257-276), then, with an instance, compares its DNS name, MAC
 * and static addresses with every other nic on the same bridge, member and
 * vlan (checkAddressConflict, :292-295 and :360-429 at lxd-5.0.2, :293-296
 * and :361-441 at lxd-5.21.7, :289-292 and :357-438 at lxd-6.9; Incus
 * internal/server/device/nic_bridged.go:121-176, :262-278, :291-294,
 * :377-451 at v6.0.4).  migsim answers ok where every check passes and it
 * can tell; where one could refuse, "not modelled" (no rule of migsim
 * holds their texts yet). */
const char *
ms_nic_bridge_unmodelled(const MsDeviceContext *ctx, const char *name, MsDevice *device, const char *bridge,
                         const MsNetwork *network)
{
    gboolean dns = network != NULL && g_strcmp0(ms_config_get(network->config, "dns.mode"), "none") != 0;
    gboolean addresses = *ms_device_get_lit(device, "ipv4.address") != '\0' ||
                         *ms_device_get_lit(device, "ipv6.address") != '\0';
    gboolean filtering = ms_is_true(ms_device_get_lit(device, "security.ipv4_filtering")) ||
                         ms_is_true(ms_device_get_lit(device, "security.ipv6_filtering"));
    GHashTableIter iter;
    MsInstance *instance;
    const char *why;

    if (network == NULL && (addresses || filtering))
        return "a static address or IP filtering on an unmanaged bridge (LXD refuses either without "
               "the other)";
    if (network != NULL && (filtering || g_str_equal(ms_device_get_lit(device, "vlan"), "0") ||
                            *ms_device_get_lit(device, "vlan.tagged") != '\0'))
        return "IP filtering, vlan 0 or vlan.tagged on a managed bridge";
    if (network != NULL && (!nic_static_address_accepted(device, network, "ipv4.address") ||
                            !nic_static_address_accepted(device, network, "ipv6.address")))
        return "a static address the network may refuse (DHCP off, ipv6.dhcp.stateful off, an address "
               "LXD generated, outside the subnet or the bridge's own)";
    if (ctx->mode != MS_VALIDATE_INSTANCE || ctx->for_profile || ctx->instance_name == NULL ||
        ctx->member == NULL)
        return NULL;
    if (ctx->sibling_devices != NULL &&
        (why = nic_conflict_in(ctx->sibling_devices, name, device, bridge, dns)) != NULL)
        return why;
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

        if (g_strcmp0(instance->location, ctx->member) != 0)
            continue;
        devices = ms_cluster_expand_devices(ctx->cluster, instance);
        if ((why = nic_conflict_in(devices, same ? name : NULL, device, bridge, dns_name)) != NULL)
            return why;
    }
    return NULL;
}
