/* migsim: the keys a nic may hold, per nictype, as LXD's nic validators
 * accept them (lxd/device/nic_*.go validateConfig), for the answer
 * validate_nic in ms-devices.c gives a nic with any other key. */
#include "ms-apply-private.h"

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
