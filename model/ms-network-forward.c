/* migsim: lxc network forward create|delete on a managed bridge.
 *
 * A bridge's forwards are per member: the request runs on the member named
 * by --target (forwarded there first), else on the member lxc talks to, and
 * ForwardCreate/ForwardDelete look forwards up with memberSpecific=true, that
 * is node_id = this member (lxd/network/driver_bridge.go:2562-2700 at
 * lxd-5.0.2, :3222 at lxd-5.21.7, :3153 at lxd-6.9; lxd/db/network_forwards.go
 * GetNetworkForward).  So one listen address can have a forward on each
 * member.  Nothing in evacuation or moves reads forwards (api_cluster.go
 * evacuateClusterMember and instance_post.go at lxd-5.0.2, lxd-5.21.7,
 * lxd-6.9): a forward stays on its member when the instance it points to
 * leaves.  Texts checked on the live 5.0.2 cluster. */
#include "ms-apply-private.h"

#include <string.h>

/* An IP address as Go's net.ParseIP reads it, enough for family and
 * containment checks. */
typedef struct {
    gboolean v4;
    guint8 bytes[16];
} Ip;

/* Parse @text as an IP address.  FALSE when it is none; *@unsure when Go
 * and GLib may read it differently (a zone, an IPv4-mapped IPv6 address,
 * which Go treats as IPv4): the caller says "not modelled". */
static gboolean
ip_parse(const char *text, Ip *ip, gboolean *unsure)
{
    g_autoptr(GInetAddress) address = NULL;
    gsize len;

    *unsure = strchr(text, '%') != NULL;
    if (*unsure)
        return FALSE;
    address = g_inet_address_new_from_string(text);
    if (address == NULL)
        return FALSE;
    len = g_inet_address_get_native_size(address);
    memset(ip, 0, sizeof *ip);
    ip->v4 = len == 4;
    memcpy(ip->bytes, g_inet_address_to_bytes(address), len);
    if (!ip->v4) {
        static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        *unsure = memcmp(ip->bytes, mapped, sizeof mapped) == 0;
    }
    return !*unsure;
}

/* A CIDR subnet "ADDR/BITS" as Go's net.ParseCIDR reads it (host bits
 * allowed).  FALSE when it is none. */
static gboolean
cidr_parse(const char *text, Ip *net, guint *bits)
{
    g_auto(GStrv) parts = g_strsplit(text, "/", 2);
    gboolean unsure;
    guint64 n;

    if (g_strv_length(parts) != 2 || !ip_parse(parts[0], net, &unsure) ||
        !g_ascii_string_to_unsigned(parts[1], 10, 0, net->v4 ? 32 : 128, &n, NULL))
        return FALSE;
    *bits = (guint) n;
    return TRUE;
}

static gboolean
cidr_contains(const Ip *net, guint bits, const Ip *ip)
{
    if (net->v4 != ip->v4)
        return FALSE;
    for (guint b = 0; b < bits; b++) {
        guint8 mask = (guint8) (0x80 >> (b % 8));
        if ((net->bytes[b / 8] & mask) != (ip->bytes[b / 8] & mask))
            return FALSE;
    }
    return TRUE;
}

static gboolean
forward_not_modelled(MsApply *apply, const char *why)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: lxc network forward %s: %s is not modelled",
                                         apply->op->kind == MS_OP_FORWARD_CREATE ? "create" : "delete", why));
}

/* The config keys of one address family, built once per check. */
typedef struct {
    char *address, *nat, *snat, *routes;
} FamilyKeys;

static void
family_keys_init(FamilyKeys *keys, const char *family)
{
    keys->address = g_strdup_printf("%s.address", family);
    keys->nat = g_strdup_printf("%s.nat", family);
    keys->snat = g_strdup_printf("%s.nat.address", family);
    keys->routes = g_strdup_printf("%s.routes", family);
}

static void
family_keys_clear(FamilyKeys *keys)
{
    g_free(keys->address);
    g_free(keys->nat);
    g_free(keys->snat);
    g_free(keys->routes);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(FamilyKeys, family_keys_clear)

/* ipv4.nat (ipv6.nat) as the overlap check reads it: off when false or empty
 * (shared.IsFalseOrEmpty, lxd/network/driver_bridge.go:2372 at lxd-5.0.2),
 * where an empty value with an auto address was filled with "true" at
 * creation (FillConfig, :104-124).  The value passed the bool validator
 * (:232), so any case of true/1/yes/on is on. */
static gboolean
network_nat_on(const MsNetwork *network, const FamilyKeys *keys)
{
    const char *address = ms_config_get(network->config, keys->address);
    const char *nat = ms_config_get(network->config, keys->nat);

    if (nat == NULL || *nat == '\0')
        return address == NULL || *address == '\0' || g_str_equal(address, "auto");
    return ms_is_true(nat);
}

/* The overlap check of ForwardCreate against getExternalSubnetInUse
 * (lxd/network/driver_bridge.go:2491-2559, bridgeNetworkExternalSubnets and
 * :2585-2603 at lxd-5.0.2): other bridges' subnets when their NAT is off,
 * their routes and SNAT addresses, and every forward on this member.
 * Returns 1 on an overlap, 0 on none, -1 when migsim cannot tell (a subnet
 * LXD generated). */
static int
forward_overlaps(MsApply *apply, const MsNetwork *self, const Ip *listen, const char *member)
{
    const MsCluster *cluster = apply->cluster;
    g_auto(FamilyKeys) keys = { 0 };

    family_keys_init(&keys, listen->v4 ? "ipv4" : "ipv6");
    for (guint i = 0; i < cluster->networks->len; i++) {
        const MsNetwork *n = cluster->networks->pdata[i];
        GHashTableIter iter;
        gpointer key, value;

        /* forwards of every network on this member (GetProjectNetworkForwardListenAddressesOnMember) */
        g_hash_table_iter_init(&iter, n->forwards);
        while (g_hash_table_iter_next(&iter, &key, &value)) {
            const char *at = strrchr(key, '@');
            g_autofree char *address = g_strndup(key, (gsize) (at - (const char *) key));
            Ip other;
            gboolean unsure;

            if (g_str_equal(at + 1, member) && ip_parse(address, &other, &unsure) &&
                memcmp(&other, listen, sizeof other) == 0)
                return 1;
        }
        /* our own network's subnet, routes and SNAT address are skipped */
        if (n == self || !n->created)
            continue;
        {
            const char *address = ms_config_get(n->config, keys.address);
            const char *snat = ms_config_get(n->config, keys.snat);
            const char *routes = ms_config_get(n->config, keys.routes);
            Ip net;
            guint bits;

            if (!network_nat_on(n, &keys)) {
                if (address == NULL || *address == '\0' || g_str_equal(address, "auto"))
                    return -1;
                if (cidr_parse(address, &net, &bits) && cidr_contains(&net, bits, listen))
                    return 1;
            }
            if (snat != NULL && *snat != '\0') {
                gboolean unsure;
                if (!ip_parse(snat, &net, &unsure))
                    return -1;
                if (memcmp(&net, listen, sizeof net) == 0)
                    return 1;
            }
            if (routes != NULL) {
                g_auto(GStrv) cidrs = g_strsplit(routes, ",", -1);
                for (guint r = 0; cidrs[r] != NULL; r++) {
                    g_autofree char *cidr = g_strstrip(g_strdup(cidrs[r]));
                    if (cidr_parse(cidr, &net, &bits) && cidr_contains(&net, bits, listen))
                        return 1;
                }
            }
        }
    }
    return 0;
}

/* Instance NICs with routes join the overlap check too
 * (bridgedNICExternalRoutes, lxd/network/driver_bridge.go at lxd-5.0.2):
 * migsim does not read them. */
static gboolean
device_has_routes(MsDevice *device, gconstpointer unused)
{
    static const char *const keys[] = { "ipv4.routes", "ipv6.routes", "ipv4.routes.external",
                                        "ipv6.routes.external" };

    (void) unused;
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++)
        if (ms_device_lookup(device, keys[k]) != NULL)
            return TRUE;
    return FALSE;
}

/* forwardValidate's checks of the forward's config (lxd/network/
 * driver_common.go:759-813 at lxd-5.0.2, :973-1031 at lxd-5.21.7,
 * :989-1047 at lxd-6.9), in LXD's order.  FALSE when refused or not
 * modelled. */
static gboolean
forward_validate(MsApply *apply, const MsNetwork *network, const Ip *listen, const char **target_out)
{
    const MsOp *op = apply->op;
    const char *family_key = listen->v4 ? "ipv4.address" : "ipv6.address";
    const char *subnet_text = ms_config_get(network->config, family_key);
    gboolean subnet_known = subnet_text != NULL && *subnet_text != '\0' && !g_str_equal(subnet_text, "auto");
    const char *target = NULL, *bad = NULL;
    guint n_bad = 0;
    Ip subnet, target_ip;
    guint bits = 0;
    gboolean unsure, target_ok;

    /* the network's own subnet is parsed first: "none" fails here */
    if (subnet_known && !cidr_parse(subnet_text, &subnet, &bits)) {
        if (ms_apply_check(apply, MS_RULE_FORWARD_NETWORK_SUBNET, op->network, TRUE))
            return ms_apply_reject(apply, MS_RULE_FORWARD_NETWORK_SUBNET, subnet_text);
        return FALSE;
    }
    ms_apply_check(apply, MS_RULE_FORWARD_NETWORK_SUBNET, op->network, FALSE);
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (g_str_equal(key, "target_address"))
            target = op->values->pdata[i];
        else if (!g_str_has_prefix(key, "user.") && n_bad++ == 0)
            bad = key;
    }
    if (n_bad > 1)
        ms_outcome_add_note(apply->outcome, "%u keys are refused: LXD names any one of them (Go map order)",
                            n_bad);
    if (ms_apply_check(apply, MS_RULE_FORWARD_BAD_OPTION, op->network, bad != NULL))
        return ms_apply_reject(apply, MS_RULE_FORWARD_BAD_OPTION, bad);
    *target_out = target;
    if (target == NULL || *target == '\0')
        return TRUE;
    target_ok = ip_parse(target, &target_ip, &unsure);
    if (!target_ok && unsure)
        return forward_not_modelled(apply, "a target address Go and migsim may read differently");
    if (ms_apply_check(apply, MS_RULE_FORWARD_BAD_TARGET, op->network, !target_ok))
        return ms_apply_reject(apply, MS_RULE_FORWARD_BAD_TARGET);
    if (ms_apply_check(apply, MS_RULE_FORWARD_MIXED_FAMILY, op->network, target_ip.v4 != listen->v4))
        return ms_apply_reject(apply, MS_RULE_FORWARD_MIXED_FAMILY);
    if (!subnet_known && (subnet_text == NULL || *subnet_text != '\0'))
        return forward_not_modelled(apply, "the target address check against a subnet LXD generated");
    if (ms_apply_check(apply, MS_RULE_FORWARD_TARGET_OUTSIDE, op->network,
                       subnet_known && !cidr_contains(&subnet, bits, &target_ip)))
        return ms_apply_reject(apply, MS_RULE_FORWARD_TARGET_OUTSIDE);
    return TRUE;
}

/* getExternalSubnetInUse's proxy scan (from lxd-5.0.3 and 5.12; every
 * Incus): each instance's expanded proxy devices, their listen address
 * through ProxyParseAddr and ParseIPToNet (lxd/network/driver_bridge.go:
 * 2568-2596 at lxd-5.17, :3150-3178 at lxd-5.21.7).  Adds to @failures the
 * "ADDR/BITS" of each unix: listen that is no IP; *@ip_listens when one
 * listens on an IP, *@unsure for a listen ProxyParseAddr may refuse. */
static void
proxy_scan_instance(const MsCluster *cluster, const MsInstance *instance, GPtrArray *failures,
                    gboolean *ip_listens, gboolean *unsure)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    MsDevicesIter iter;
    MsDevice *device;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &device)) {
        const char *listen = ms_device_lookup(device, "listen");
        const char *address;
        gboolean ip_unsure = FALSE;
        Ip ip;

        if (g_strcmp0(ms_device_lookup(device, "type"), "proxy") != 0)
            continue;
        if (listen == NULL || !g_str_has_prefix(listen, "unix:") || listen[5] == '\0') {
            /* tcp: and udp: addresses are IPs (ProxyParseAddr's IsNetworkAddress) */
            if (listen != NULL && (g_str_has_prefix(listen, "tcp:") || g_str_has_prefix(listen, "udp:")))
                *ip_listens = TRUE;
            else
                *unsure = TRUE;
            continue;
        }
        address = listen + 5;
        if (ip_parse(address, &ip, &ip_unsure) || ip_unsure)
            *ip_listens = TRUE;
        else
            g_ptr_array_add(failures, g_strdup_printf("%s/%s", address, strchr(address, ':') ? "128" : "32"));
    }
}

/* FALSE when refused or not modelled. */
static gboolean
forward_proxy_scan(MsApply *apply)
{
    static const MsReleases scanned = { MS_SPAN_50_FROM(3), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL,
                                        MS_SPAN_5_FROM(12) };
    g_autoptr(GPtrArray) instances = NULL;
    g_autoptr(GPtrArray) failing = NULL;
    gboolean ip_listens = FALSE, unsure = FALSE;
    guint failing_instances = 0;

    if (!ms_releases_contain(&scanned, apply->profile->version))
        return TRUE;
    instances = ms_cluster_list_instances(apply->cluster, NULL);
    for (guint i = 0; i < instances->len; i++) {
        g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func(g_free);

        proxy_scan_instance(apply->cluster, instances->pdata[i], failures, &ip_listens, &unsure);
        if (failures->len > 0) {
            failing_instances++;
            g_clear_pointer(&failing, g_ptr_array_unref);
            failing = g_steal_pointer(&failures);
        }
    }
    if (unsure)
        return forward_not_modelled(apply, "a proxy listen address ProxyParseAddr may refuse");
    if (ms_rule_applies(MS_RULE_FORWARD_PROXY_LISTEN, apply->profile) && failing_instances > 0) {
        g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);

        /* the scan stops at the first failure: the instance list's order
         * (database IDs, not kept by migsim) picks the instance, Go's map
         * order the device of that instance (LXD #12368's reporter got
         * /mnt/X0 and /mnt/wayland-0 in turn) */
        if (failing_instances > 1)
            return forward_not_modelled(apply, "proxy listen addresses that are no IP on several instances");
        for (guint i = 0; i < failing->len; i++)
            g_ptr_array_add(texts, ms_rule_message(MS_RULE_FORWARD_PROXY_LISTEN, apply->profile,
                                                   (const char *) failing->pdata[i]));
        g_ptr_array_sort(texts, ms_compare_string_ptrs);
        for (guint i = 1; i < texts->len; i++) {
            if (apply->outcome->alternatives == NULL)
                apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(apply->outcome->alternatives, g_strdup(texts->pdata[i]));
        }
        if (texts->len > 1)
            ms_outcome_add_note(
                apply->outcome,
                "%u proxy listen addresses are no IP: LXD names any one of them (Go map order)", texts->len);
        /* dead in lxd-5.0.x,lxd-5.1..5.11,lxd-5.19..5.20,lxd-5.21.x,lxd-6.x: ParseIPToNet's error returned at lxd-5.12 .. 5.18 only (f4f0697751, b8e6c410cf) */
        if (ms_apply_check(apply, MS_RULE_FORWARD_PROXY_LISTEN, apply->op->network, TRUE))
            return ms_apply_fail(apply, MS_RULE_FORWARD_PROXY_LISTEN, 500, FALSE, g_strdup(texts->pdata[0]));
    }
    if (ip_listens)
        return forward_not_modelled(apply, "the overlap check against proxy listen addresses");
    return TRUE;
}

/* net.IP.IsUnspecified: 0.0.0.0 or :: */
static gboolean
ip_unspecified(const Ip *ip)
{
    static const guint8 zero[16] = { 0 };

    return memcmp(ip->bytes, zero, sizeof zero) == 0;
}

static gboolean
forward_create(MsApply *apply, MsNetwork *network, const char *member)
{
    const MsOp *op = apply->op;
    g_autofree char *key = g_strdup_printf("%s@%s", op->address, member);
    /* the existence check moved after parsing in 5.21.2 and 6.1
     * (lxd/network/driver_bridge.go:2566-2575 at lxd-5.0.2 and lxd-5.21.1,
     * :3225-3243 at lxd-5.21.7, :3156-3174 at lxd-6.9) */
    static const MsReleases parse_first = MS_REL_SINCE(2, 1);
    gboolean late_exists = ms_releases_contain(&parse_first, apply->profile->version);
    gboolean exists = g_hash_table_contains(network->forwards, key);
    const char *target = NULL;
    gboolean unsure, parsed, unspecified = FALSE;
    Ip listen;
    int overlap;

    parsed = ip_parse(op->address, &listen, &unsure);
    if (!parsed && unsure)
        return forward_not_modelled(apply, "a listen address Go and migsim may read differently");
    if (parsed && ms_rule_applies(MS_RULE_FORWARD_AUTO_ALLOCATE, apply->profile))
        unspecified = ip_unspecified(&listen);
    /* one check site for both orders: before the parse, or after the parse
     * and the unspecified-address refusal */
    if (ms_apply_check(apply, MS_RULE_FORWARD_EXISTS, op->network,
                       exists && (!late_exists || (parsed && !unspecified))))
        return ms_apply_reject(apply, MS_RULE_FORWARD_EXISTS);
    if (ms_apply_check(apply, MS_RULE_FORWARD_BAD_LISTEN, op->network, !parsed)) {
        g_autofree char *cidr =
            g_strdup_printf("%s/%s", op->address, strchr(op->address, ':') != NULL ? "128" : "32");
        return ms_apply_reject(apply, MS_RULE_FORWARD_BAD_LISTEN, op->address, cidr);
    }
    if (ms_rule_applies(MS_RULE_FORWARD_AUTO_ALLOCATE, apply->profile) &&
        ms_apply_check(apply, MS_RULE_FORWARD_AUTO_ALLOCATE, op->network, unspecified))
        return ms_apply_reject(apply, MS_RULE_FORWARD_AUTO_ALLOCATE);
    /* forwardValidate's first check, "Cannot use unspecified address: %q"
     * of net.IP's String ("0.0.0.0", "::"; lxd/network/driver_common.go:
     * 837-839 at lxd-5.21.0; Incus :870 at v6.0.4) */
    /* dead in lxd-5.0.0..5.0.2,lxd-5.1..5.15,lxd-5.21.2..5.21.7,lxd-6.x: absent before 39493f67aa/41d3ac13b8, and FORWARD.AUTO_ALLOCATE refuses the address first from 5.21.2 and 6.1 (driver_bridge.go:3231 at lxd-5.21.7) */
    if (parsed && ms_rule_applies(MS_RULE_FORWARD_UNSPECIFIED, apply->profile) &&
        ms_apply_check(apply, MS_RULE_FORWARD_UNSPECIFIED, op->network, ip_unspecified(&listen)))
        return ms_apply_reject(apply, MS_RULE_FORWARD_UNSPECIFIED, listen.v4 ? "0.0.0.0" : "::");
    if (!forward_validate(apply, network, &listen, &target))
        return FALSE;
    if (!forward_proxy_scan(apply))
        return FALSE;
    overlap = forward_overlaps(apply, network, &listen, member);
    if (overlap < 0 || ms_cluster_any_instance_device(apply->cluster, device_has_routes, NULL))
        return forward_not_modelled(apply, "the overlap check against subnets LXD generated or NIC routes");
    if (ms_apply_check(apply, MS_RULE_FORWARD_OVERLAP, op->network, overlap > 0)) {
        g_autofree char *cidr = g_strdup_printf("%s/%s", op->address, listen.v4 ? "32" : "128");
        return ms_apply_reject(apply, MS_RULE_FORWARD_OVERLAP, cidr);
    }
    g_hash_table_insert(network->forwards, g_steal_pointer(&key), g_strdup(target ?: ""));
    return TRUE;
}

gboolean
ms_apply_network_forward(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const MsMember *member;
    MsNetwork *network;
    g_autofree char *key = NULL;

    /* from lxd-5.21.3 and lxd-6.2 the access handler loads the request's
     * project before the handler forwards (networkAccessHandler,
     * lxd/network_forwards.go:30-41 at lxd-5.21.3) */
    if (ms_network_access_loads_project(apply->profile) && ms_apply_network_project_unknown(apply))
        return FALSE;
    /* the request goes to --target first (forwardedResponseIfTargetIsRemote,
     * lxd/network_forwards.go:219 at lxd-5.0.2; forwardedResponseToNode at
     * lxd-5.21.7 and lxd-6.9), else it runs on the client's member */
    if (op->target != NULL) {
        member = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_FORWARD_TARGET_NOT_FOUND, op->target, member == NULL))
            return ms_apply_reject(apply, MS_RULE_FORWARD_TARGET_NOT_FOUND);
    } else {
        member = apply->env->client != NULL ? ms_cluster_lookup_member(cluster, apply->env->client)
                                            : cluster->members->pdata[0];
    }
    if (member == NULL || member->status == MS_MEMBER_OFFLINE || member->unreachable_since_ms != G_MAXUINT64)
        return forward_not_modelled(apply, "a request to a member that is not online");
    /* then the request's project (NETWORK.PROJECT_NOT_FOUND; checked above
     * where the access handler loads it) */
    if (!ms_network_access_loads_project(apply->profile) && ms_apply_network_project_unknown(apply))
        return FALSE;
    /* the network is looked up in the request's network project
     * (NetworkProject, lxd/network_forwards.go:224,243 at lxd-5.0.2; the
     * effective project at :245,265 at lxd-6.9): a project with
     * features.networks has none of migsim's networks, which live in
     * default */
    network = ms_cluster_network_project(cluster, op->project) != NULL
                  ? NULL
                  : ms_cluster_lookup_network(cluster, op->network);
    if (ms_apply_check(apply, MS_RULE_FORWARD_NETWORK_NOT_FOUND, op->network, network == NULL))
        return ms_apply_reject(apply, MS_RULE_FORWARD_NETWORK_NOT_FOUND);
    if (!network->created)
        return forward_not_modelled(apply, "a forward on a network that is still pending");
    if (member->networks_not_started)
        return forward_not_modelled(apply, "a forward on a member whose networks did not start");
    if (op->kind == MS_OP_FORWARD_CREATE)
        return forward_create(apply, network, member->name);
    key = g_strdup_printf("%s@%s", op->address, member->name);
    if (ms_apply_check(apply, MS_RULE_FORWARD_NOT_FOUND, op->network,
                       !g_hash_table_contains(network->forwards, key)))
        return ms_apply_reject(apply, MS_RULE_FORWARD_NOT_FOUND);
    g_hash_table_remove(network->forwards, key);
    return TRUE;
}
