/* migsim: managed networks: lxc network create / set / unset / delete
 * (moved out of ms-cluster-ops.c, which dispatches to ms_apply_network). */
#include "ms-apply-private.h"
#include "ms-names.h"
#include "ms-notify.h"

#include <string.h>

/* ---- lxc network create / set / unset / delete ---- */

static MsNetwork *
network_new(MsCluster *cluster, const char *name)
{
    MsNetwork *network = g_new0(MsNetwork, 1);

    network->name = g_strdup(name);
    network->config = ms_config_new();
    network->forwards = ms_config_new();
    network->pending_on = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_ptr_array_add(cluster->networks, network);
    return network;
}

/* migsim's OVN networks are only those an uplink refusal left Errored */
static gboolean
network_is_ovn(const MsNetwork *network)
{
    return g_strcmp0(ms_config_get(network->config, "type"), "ovn") == 0;
}

/* A nic isInUseByDevice counts for the network @name (of type @ovn or
 * not): network=@name, or, but for OVN, parent=@name without a vlan
 * (GetHostDevice(parent, vlan) is PARENT.VLAN or the host's vlan device
 * with one): lxd/network/network_utils.go:239-258, :752-791 at lxd-5.0.2,
 * :288-307, :944 at lxd-6.9; Incus internal/server/network/network_utils.go
 * :299, :784 at v6.0.4. */
typedef struct {
    const char *name;
    gboolean ovn;
} MsNetworkUse;

static gboolean
device_uses_network(MsDevice *dev, gconstpointer data)
{
    const MsNetworkUse *use = data;

    if (g_strcmp0(ms_device_lookup_lit(dev, "type"), "nic") != 0)
        return FALSE;
    return g_strcmp0(ms_device_lookup_lit(dev, "network"), use->name) == 0 ||
           (!use->ovn && g_strcmp0(ms_device_lookup_lit(dev, "parent"), use->name) == 0 &&
            *ms_device_get_lit(dev, "vlan") == '\0');
}

/* Network.IsUsed(): an instance's expanded devices or a profile's devices
 * have a nic on the network, among the instances and profiles whose
 * network project is the network's, default for migsim's networks (a
 * project with features.networks is skipped: UsedBy, usedByProfileDevices,
 * UsedByInstanceDevices, lxd/network/network_utils.go:70-78, :152, :219-227
 * at lxd-5.0.2, :109, :268 at lxd-6.9).  Another network naming it
 * (network= or parent= in its config) is not looked at: migsim's only such
 * networks are Errored OVN ones, which UsedBy skips (GetCreatedNetworks). */
static gboolean
network_in_use(const MsCluster *cluster, const MsNetwork *network)
{
    MsNetworkUse use = { network->name, network_is_ovn(network) };
    GHashTableIter iter;
    MsInstance *instance;

    for (guint i = 0; i < cluster->profiles->len; i++) {
        MsProfileEntity *profile = cluster->profiles->pdata[i];
        MsDevicesIter dev_iter;
        MsDevice *dev;

        if (ms_cluster_network_project(cluster, profile->project) != NULL)
            continue;
        ms_devices_iter_init(&dev_iter, profile->devices);
        while (ms_devices_iter_next(&dev_iter, NULL, &dev))
            if (device_uses_network(dev, &use))
                return TRUE;
    }
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &instance)) {
        g_autoptr(MsDevices) devices = NULL;
        MsDevicesIter dev_iter;
        MsDevice *dev;

        if (ms_cluster_network_project(cluster, instance->project) != NULL)
            continue;
        devices = ms_cluster_expand_devices(cluster, instance);
        ms_devices_iter_init(&dev_iter, devices);
        while (ms_devices_iter_next(&dev_iter, NULL, &dev))
            if (device_uses_network(dev, &use))
                return TRUE;
    }
    return FALSE;
}

/* Whether @key is tunnel.NAME.interface or tunnel.NAME.local: Incus'
 * ^tunnel\.[^.]+\.(interface|local)$ (internal/server/db/networks.go
 * nodeSpecificNetworkConfigRe at v6.0.5, v6.15.0, v6.23.0, v7.3.0). */
static gboolean
is_tunnel_member_key(const char *key)
{
    const char *name = g_str_has_prefix(key, "tunnel.") ? key + strlen("tunnel.") : NULL;
    const char *dot = name != NULL ? strchr(name, '.') : NULL;

    return dot != NULL && dot > name && (g_str_equal(dot, ".interface") || g_str_equal(dot, ".local"));
}

/* db.NodeSpecificNetworkConfig (lxd/db/networks.go:909-914 at lxd-5.0.2;
 * acceleration.parent too from 5.21.5 and 6.6, :963-969 at lxd-5.21.5,
 * lxd-5.21.7, lxd-6.6 and lxd-6.9, absent at lxd-5.21.4 and lxd-6.5).
 * Incus has the same four keys at every tag (internal/server/db/networks.go
 * :859-864 at v6.0.4) and no acceleration.parent; from v6.0.5 and v6.15.0
 * IsNodeSpecificNetworkConfig also takes a tunnel's interface and local
 * address (commit 32836d7318; absent at v6.0.4 and v6.14.0). */
static gboolean
network_key_member_specific(const MsProfile *profile, const char *key)
{
    static const char *const always[] = { "bgp.ipv4.nexthop", "bgp.ipv6.nexthop",
                                          "bridge.external_interfaces", "parent", NULL };
    static const MsReleases acceleration = MS_REL_SINCE(5, 6);
    static const MsReleases tunnels = {
        MS_SPAN_NONE,
        MS_SPAN_NONE,
        MS_SPAN_NONE,
        { MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 5)), MS_SPAN_FROM(MS_VERSION_INCUS(6, 15, 0)) },
    };

    if (g_strv_contains(always, key))
        return TRUE;
    if (ms_profile_is_incus(profile))
        return ms_releases_contain(&tunnels, profile->version) && is_tunnel_member_key(key);
    return g_str_equal(key, "acceleration.parent") && ms_releases_contain(&acceleration, profile->version);
}

/* The first op key that is (@member_specific TRUE) or is not (FALSE) a
 * member-specific network key, or NULL.  LXD walks a Go map, so with several
 * it names any one: a note says so. */
static const char *
network_first_key(MsApply *apply, gboolean member_specific)
{
    const MsOp *op = apply->op;
    const char *first = NULL;
    guint n = 0;

    for (guint i = 0; i < op->keys->len; i++)
        if (network_key_member_specific(apply->profile, op->keys->pdata[i]) == member_specific && n++ == 0)
            first = op->keys->pdata[i];
    if (n > 1)
        ms_outcome_add_note(apply->outcome, "%u keys are refused: LXD names any one of them (Go map order)",
                            n);
    return first;
}

/* The config a bridge's Validate sees (LXD keeps member-specific keys per
 * member; migsim keeps a pending create's as KEY and a targeted set's as
 * KEY@MEMBER): the stored cluster-wide keys, with @target (NULL: none)
 * its member-specific keys, then the request's keys over them when
 * @request (an unset sends the key with "", lxc/network.go cmdNetworkUnset
 * at lxd-5.0.2).  *@unsure: a member-specific value that may be another
 * member's and that the bridge's rule may refuse (each member judges its
 * own; a peer's refusal comes back as "failed to notify peer ADDRESS: ...",
 * an address migsim does not know). */
static GHashTable *
network_validation_config(MsApply *apply, const MsNetwork *network, const char *target, gboolean request,
                          const char **unsure)
{
    const MsOp *op = apply->op;
    GHashTable *config = ms_config_new();
    GHashTableIter iter;
    gpointer key, value;

    *unsure = NULL;
    g_hash_table_iter_init(&iter, network->config);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        const char *at = strchr(key, '@');
        g_autofree char *bare = at != NULL ? g_strndup(key, at - (const char *) key) : g_strdup(key);
        gboolean in_request = FALSE;

        if (g_str_equal(bare, "type"))
            continue;
        if (!network_key_member_specific(apply->profile, bare)) {
            if (at == NULL)
                ms_config_set(config, bare, value);
            continue;
        }
        /* another member's value is not in @target's config */
        if (target != NULL && at != NULL && !g_str_equal(at + 1, target))
            continue;
        /* @target's own (KEY@TARGET) wins over a pending create's KEY */
        if (target != NULL && (at != NULL || !g_hash_table_contains(config, bare)))
            ms_config_set(config, bare, value);
        for (guint i = 0; request && i < op->keys->len; i++)
            in_request |= g_str_equal(op->keys->pdata[i], bare);
        if (!in_request && !ms_network_bridge_value_ok(apply->profile, bare, value))
            *unsure = key;
    }
    for (guint i = 0; request && i < op->keys->len; i++)
        ms_config_set(config, op->keys->pdata[i],
                      op->kind == MS_OP_NETWORK_UNSET ? "" : op->values->pdata[i]);
    return config;
}

/* The bridge's Validate of @network's config (with the request's keys when
 * @request): TRUE when it passes, else @apply fails (status @http_status). */
static gboolean
network_validated(MsApply *apply, const MsNetwork *network, gboolean request, guint http_status)
{
    const char *unsure = NULL;
    g_autoptr(GHashTable) config =
        network_validation_config(apply, network, apply->op->target, request, &unsure);

    if (unsure != NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: network \"%s\" holds the member-specific "
                            "%s, which a member's validation may refuse (each member judges its "
                            "own; a peer answers through 'failed to notify peer ADDRESS')",
                            apply->profile->name, network->name, unsure));
    return ms_network_bridge_validate(apply, config, http_status);
}

/* lxc network create NAME --target M: a pending entry for one member
 * (lxd/networks.go:366-390 networksPost at lxd-5.0.2; CreatePendingNetwork,
 * lxd/db/networks.go:290-360). */
static gboolean
network_create_pending(MsApply *apply, MsNetwork *network)
{
    const MsOp *op = apply->op;
    /* only member-specific keys, checked before any database access
     * (lxd/networks.go:372-377 at lxd-5.0.2, :569-574 at lxd-5.21.7,
     * :550-555 at lxd-6.9) */
    const char *bad = network_first_key(apply, FALSE);

    if (ms_apply_check(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, op->network, bad != NULL))
        return ms_apply_reject(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, bad);
    /* CreatePendingNetwork checks the network's state before it looks the
     * member up (lxd/db/networks.go:329-341 at lxd-5.0.2) */
    if (network != NULL &&
        ms_apply_check(apply, MS_RULE_NETWORK_NOT_PENDING, op->network, network->created || network->errored))
        return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_PENDING);
    if (ms_apply_check(apply, MS_RULE_NETWORK_TARGET_NOT_FOUND, op->target,
                       ms_cluster_lookup_member(apply->cluster, op->target) == NULL))
        return ms_apply_reject(apply, MS_RULE_NETWORK_TARGET_NOT_FOUND);
    if (network != NULL && ms_apply_check(apply, MS_RULE_NETWORK_ALREADY_DEFINED, op->network,
                                          g_hash_table_contains(network->pending_on, op->target)))
        /* the member, then the network (Incus names it from v6.0.3 and 6.6) */
        return ms_apply_reject(apply, MS_RULE_NETWORK_ALREADY_DEFINED, op->target, op->network);
    if (network == NULL)
        network = network_new(apply->cluster, op->network);
    g_hash_table_add(network->pending_on, g_strdup(op->target));
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(network->config, op->keys->pdata[i], op->values->pdata[i]);
    return TRUE;
}

/* bridge.external_interfaces from a pending create, or from a pending
 * network's set --target (kept as KEY@MEMBER, below) */
static gboolean
network_has_external_interfaces(const MsNetwork *network)
{
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init(&iter, network->config);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (g_str_equal(key, "bridge.external_interfaces") ||
            g_str_has_prefix(key, "bridge.external_interfaces@"))
            return TRUE;
    return FALSE;
}

/* The create went through: each member starts the bridge.  An external
 * interface that is missing is skipped with a warning, one with addresses
 * fails the create, "Only unconfigured network interfaces can be bridged"
 * (driver_bridge.go :779, :796 at lxd-5.0.2; :1549, :1566 at lxd-5.21.7;
 * :1511, :1528 at lxd-6.9; LXD #17107).  migsim knows no host interfaces. */
static void
network_create_done(MsApply *apply, MsNetwork *network)
{
    if (network_has_external_interfaces(network))
        ms_outcome_add_note(apply->outcome,
                            "assumes every member's bridge.external_interfaces are missing or unconfigured "
                            "on the host (an interface with addresses: 'Only unconfigured network "
                            "interfaces can be bridged', host state migsim does not model)");
    network->created = TRUE;
    network->errored = FALSE;
}

/* The peers' creates after the local one: on a member that shares the
 * local member's host (`same-host`, as the live test clusters here) the
 * bridge exists already, "Network interface "N" already exists"
 * (bridge.Create, lxd/network/driver_bridge.go:473-480 at lxd-5.0.2, :944-950
 * at lxd-5.21.7, :911-917 at lxd-6.9); peers sharing a host only with each
 * other race, the first to create wins.  The notifier answers with the
 * first peer's error in ID order (lxd/cluster/notify.go:108-118 at
 * lxd-5.0.2), so every peer that may fail first is an answer: the first is
 * given, the others are alternatives.  Returns TRUE when no peer fails. */
static gboolean
network_peers_created(MsApply *apply, const MsNetwork *network)
{
    const MsMember *self = ms_cluster_answering_member(apply->cluster, apply->env->client);
    g_autoptr(GPtrArray) peers = ms_notify_peers(apply);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) racing = g_hash_table_new(NULL, NULL);
    g_autofree char *refusal =
        ms_rule_message(MS_RULE_NETWORK_PEER_INTERFACE_EXISTS, apply->profile, network->name);

    for (guint i = 0; self != NULL && i < peers->len; i++) {
        const MsMember *peer = peers->pdata[i];
        gboolean shares_local = ms_member_same_host(peer, self), shares_peer = FALSE;
        g_autofree char *address = NULL;

        for (guint j = 0; !shares_local && j < peers->len; j++)
            shares_peer |= j != i && ms_member_same_host(peer, peers->pdata[j]);
        if (!shares_local && !shares_peer)
            continue;
        address = ms_notify_member_address(peer);
        g_ptr_array_add(texts, ms_rule_message(MS_RULE_CLUSTER_NOTIFY_WRAP, apply->profile, address, refusal,
                                               peer->name));
        /* a peer that fails for sure, or the second of its host to race
         * (one of the two fails), ends the list of first failures */
        if (shares_local || g_hash_table_contains(racing, GUINT_TO_POINTER(peer->host_id)))
            break;
        g_hash_table_add(racing, GUINT_TO_POINTER(peer->host_id));
    }
    if (!ms_apply_check(apply, MS_RULE_NETWORK_PEER_INTERFACE_EXISTS, network->name, texts->len > 0)) {
        /* members nothing was declared of are taken to run on hosts of
         * their own, as real clusters do; on one host (the live test
         * clusters here) the first peer fails: the host's other answer */
        if (self != NULL && self->host_id == 0 && peers->len > 0) {
            const MsMember *first = peers->pdata[0];
            g_autofree char *address = ms_notify_member_address(first);

            if (apply->outcome->host_errors == NULL)
                apply->outcome->host_errors = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(
                apply->outcome->host_errors,
                ms_rule_message(MS_RULE_CLUSTER_NOTIFY_WRAP, apply->profile, address, refusal, first->name));
            ms_outcome_add_note(apply->outcome,
                                "the members are taken to run on hosts of their own; where they share one "
                                "host's network namespace (as the live test clusters here) %s's bridge "
                                "exists when %s creates it: %s (declare `same-host`)",
                                self->name, first->name,
                                (char *) g_ptr_array_index(apply->outcome->host_errors,
                                                           apply->outcome->host_errors->len - 1));
        }
        return TRUE;
    }
    if (texts->len > 1) {
        apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 1; i < texts->len; i++)
            g_ptr_array_add(apply->outcome->alternatives, g_strdup(texts->pdata[i]));
        ms_outcome_add_note(apply->outcome,
                            "members that share a host create the bridge concurrently: which of them fails "
                            "first is a race, any of %u answers is LXD's",
                            texts->len);
    }
    return ms_apply_fail(apply, MS_RULE_NETWORK_PEER_INTERFACE_EXISTS,
                         ms_rule_def(MS_RULE_NETWORK_PEER_INTERFACE_EXISTS)->http_status, FALSE,
                         g_strdup(texts->pdata[0]));
}

/* The local member's doNetworksCreate: Validate of the stored config, the
 * bridge created, then the peers notified to create theirs.  The notifier
 * that needs every member up is made before the local create up to lxd-6.7
 * and on Incus (lxd/networks.go:573 before :592 at lxd-5.0.2, :798 before
 * :811 at lxd-5.21.7; cmd/incusd/networks.go:717 before :730 at v6.0.4),
 * after it from lxd-6.8 (:850 after :837 at lxd-6.9).  A refusal is
 * networksPost's SmartError (500); the network stays Errored. */
static gboolean
network_create_validated(MsApply *apply, MsNetwork *network)
{
    static const MsReleases local_first = MS_REL_SINCE_6(8);
    gboolean notifier_after = ms_releases_contain(&local_first, apply->profile->version);

    if (!notifier_after && !ms_notify_all_reachable(apply))
        return FALSE;
    if (!network_validated(apply, network, FALSE, 500))
        return FALSE;
    if (notifier_after && !ms_notify_all_reachable(apply))
        return FALSE;
    if (!network_peers_created(apply, network))
        return FALSE;
    network_create_done(apply, network);
    return TRUE;
}

/* Does the request's config make LXD search a free IPv4 subnet?  A bridge's
 * FillConfig turns a missing ipv4.address into "auto" (not in fan mode,
 * which searches the default gateway instead) and populateAutoConfig
 * replaces "auto" with a 10.x.y.1/24 no route covers and no ping or TCP
 * connection to port 22 answers (lxd/network/driver_bridge.go:96-160,
 * lxd/network/network_utils.go:557-577 at lxd-5.0.2; the same search at lxd-5.21.7,
 * lxd-6.9 and Incus, its text reworded from lxd-6.8; Incus has no fan mode, 7.x FillConfig at
 * internal/server/network/driver_bridge.go:99-127 at v7.3.0).  @create: FillConfig
 * (an unset key searches); else the Update's populateAutoConfig, which
 * searches only for "auto".  The IPv6 search is not modelled as failing:
 * the live hosts here find an IPv6 subnet. */
static gboolean
network_searches_ipv4_subnet(MsApply *apply, gboolean create)
{
    const MsOp *op = apply->op;
    const char *address = NULL;
    const char *mode = NULL;

    for (guint i = 0; i < op->keys->len; i++) {
        if (g_str_equal(op->keys->pdata[i], "ipv4.address"))
            address = op->kind == MS_OP_NETWORK_UNSET ? "" : op->values->pdata[i];
        else if (g_str_equal(op->keys->pdata[i], "bridge.mode"))
            mode = op->values->pdata[i];
    }
    if (!create)
        return g_strcmp0(address, "auto") == 0;
    if (!ms_profile_is_incus(apply->profile) && g_strcmp0(mode, "fan") == 0)
        return FALSE;
    return address == NULL || *address == '\0' || g_str_equal(address, "auto");
}

/* The search of a free IPv4 subnet on the host of the member lxc talks to,
 * @rule's check: refused where that host declares it finds none (`host-lacks
 * MEMBER free-ipv4-subnet`).  An undeclared host is taken to find one, as
 * most hosts do, but the live test clusters here find none (their sandbox
 * accepts every TCP connection: seen on LXD 5.0.2, session 39, and Incus
 * 6.0.4, ../shared/reference/live-incus.md), so the transcript says so and
 * the refusal stays an answer LXD may give: one of @apply's host errors, or
 * of its alternatives when @apply fails later anyway (@as_alternative). */
static gboolean
network_subnet_search_fails(MsApply *apply, MsRuleId rule, gboolean searched)
{
    const MsMember *member = ms_cluster_answering_member(apply->cluster, apply->env->client);
    gboolean lacks = member != NULL && (member->host_lacks & MS_HOST_LACKS_FREE_IPV4_SUBNET);

    /* check sites: NETWORK_AUTO_SUBNET NETWORK_AUTO_SUBNET_UPDATE OVN_AUTO_SUBNET */
    if (ms_apply_check(apply, rule, apply->op->network, searched && lacks))
        return TRUE;
    if (searched && member != NULL) {
        if (apply->outcome->host_errors == NULL)
            apply->outcome->host_errors = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->host_errors, ms_rule_message(rule, apply->profile));
        ms_outcome_add_note(apply->outcome,
                            "the host of %s is taken to find a free IPv4 subnet for ipv4.address=auto; on a "
                            "host where every candidate answers a ping or a TCP connection to port 22 (as on "
                            "the live test clusters here) %s refuses: %s (declare `host-lacks %s "
                            "free-ipv4-subnet`)",
                            member->name, ms_profile_is_incus(apply->profile) ? "Incus" : "LXD",
                            (char *) apply->outcome->host_errors->pdata[0], member->name);
    }
    return FALSE;
}

/* lxc network create NAME: in a cluster of more than one member (or over a
 * pending network) networksPostCluster checks, in this order, that it is not
 * created yet, that it is pending somewhere, and that every member has its
 * pending entry (lxd/networks.go:398-440, :503-567 at lxd-5.0.2).  Only
 * bridge networks are modelled: they have member-specific config, so LXD
 * adds no pending entries of its own (it does for OVN, networks.go:405). */
static gboolean
network_create_final(MsApply *apply, MsNetwork *network)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(GString) missing = g_string_new(NULL);

    if (cluster->members->len > 1 || (network != NULL && !network->created)) {
        /* networksPostCluster's first check (lxd/networks.go:504-509 at
         * lxd-5.0.2, :723-728 at lxd-5.21.7, :755-760 at lxd-6.9) */
        const char *member_key = network_first_key(apply, TRUE);

        if (ms_apply_check(apply, MS_RULE_NETWORK_KEY_MEMBER_SPECIFIC, op->network, member_key != NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_KEY_MEMBER_SPECIFIC, member_key);
        if (network != NULL &&
            ms_apply_check(apply, MS_RULE_NETWORK_ALREADY_CREATED, op->network, network->created))
            return ms_apply_reject(apply, MS_RULE_NETWORK_ALREADY_CREATED);
        /* a failed create left it Errored (networkPartiallyCreated,
         * lxd/networks.go:482-498, :526-535 at lxd-5.0.2; :701-719, :745-754
         * at lxd-5.21.7; :733-751, :777-786 at lxd-6.9): config in the
         * request is refused, and without it the stored config is validated
         * again (doNetworksCreate) */
        if (network != NULL && network->errored) {
            if (ms_apply_check(apply, MS_RULE_NETWORK_PARTIALLY_CREATED, op->network, op->keys->len > 0))
                return ms_apply_reject(apply, MS_RULE_NETWORK_PARTIALLY_CREATED);
            return network_create_validated(apply, network);
        }
        if (ms_apply_check(apply, MS_RULE_NETWORK_NOT_PENDING_ANY, op->network, network == NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_PENDING_ANY);
        for (guint i = 0; i < cluster->members->len; i++) {
            const MsMember *member = cluster->members->pdata[i];
            if (!g_hash_table_contains(network->pending_on, member->name))
                g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", member->name);
        }
        if (ms_apply_check(apply, MS_RULE_NETWORK_NOT_DEFINED_ON, op->network, missing->len > 0))
            return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_DEFINED_ON, missing->str);
        /* FillConfig inside the same transaction (lxd/networks.go:550 at
         * lxd-5.0.2, :769 at lxd-5.21.7, :801 at lxd-6.9): its failure
         * rolls back, the network stays pending */
        if (network_subnet_search_fails(apply, MS_RULE_NETWORK_AUTO_SUBNET,
                                        network_searches_ipv4_subnet(apply, TRUE)))
            return ms_apply_reject(apply, MS_RULE_NETWORK_AUTO_SUBNET);
        /* the config is stored and the network marked Errored before the
         * local member validates it (lxd/networks.go:549-562, :665 at
         * lxd-5.0.2; :774-787, :881 at lxd-5.21.7; :806-819, :917 at
         * lxd-6.9): a refusal leaves it so, pending entries and all */
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(network->config, op->keys->pdata[i], op->values->pdata[i]);
        network->errored = TRUE;
        return network_create_validated(apply, network);
    } else if (ms_apply_check(apply, MS_RULE_NETWORK_EXISTS_ONE_MEMBER, op->network, network != NULL)) {
        /* a one-member cluster takes the non-clustered path, which refuses
         * a created network (lxd/networks.go:442-444 at lxd-5.0.2, :652-654
         * at lxd-5.21.7, :665-667 at lxd-6.9; cmd/incusd/networks.go:470 at
         * v6.0.0, :572 at v6.0.4, :615 at v7.3.0) */
        return ms_apply_reject(apply, MS_RULE_NETWORK_EXISTS_ONE_MEMBER, op->network);
    } else {
        /* the non-clustered path: a refused create is reverted, nothing
         * stays (lxd/networks.go:441-477 networksPost at lxd-5.0.2) */
        g_autoptr(GHashTable) config = ms_config_new();
        MsNetwork probe = { .name = (char *) op->network, .config = config };

        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(config, op->keys->pdata[i], op->values->pdata[i]);
        /* FillConfig before the database entry (lxd/networks.go:450 at
         * lxd-5.0.2, :661 at lxd-5.21.7, :674 at lxd-6.9) */
        if (network_subnet_search_fails(apply, MS_RULE_NETWORK_AUTO_SUBNET,
                                        network_searches_ipv4_subnet(apply, TRUE)))
            return ms_apply_reject(apply, MS_RULE_NETWORK_AUTO_SUBNET);
        if (!network_validated(apply, &probe, FALSE, 500))
            return FALSE;
        network = network_new(cluster, op->network);
    }
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(network->config, op->keys->pdata[i], op->values->pdata[i]);
    network_create_done(apply, network);
    return TRUE;
}

/* A create refused after the subnet search: the search's refusal, which a
 * host that finds no subnet gives first, is one of LXD's answers too
 * (network create prints the server's text as is).  Returns @ok. */
static gboolean
network_host_errors_settled(MsApply *apply, gboolean ok)
{
    GPtrArray *errors = apply->outcome->host_errors;

    if (ok || errors == NULL)
        return ok;
    if (apply->outcome->alternatives == NULL)
        apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < errors->len; i++)
        g_ptr_array_add(apply->outcome->alternatives, g_strdup(errors->pdata[i]));
    g_clear_pointer(&apply->outcome->host_errors, g_ptr_array_unref);
    return ok;
}

static gboolean
ovn_not_modelled(MsApply *apply, const char *why)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE, g_strdup_printf("migsim: %s is not modelled", why));
}

/* The final lxc network create NAME --type=ovn [network=UPLINK] in a
 * cluster.  networksPost adds a pending entry per member itself (an OVN
 * network has no member-specific config, lxd/networks.go:408-430 at
 * lxd-5.0.2, :611-633 at lxd-5.21.7, :622-646 at lxd-6.9), networksPostCluster
 * stores the config (with the subnets FillConfig generates) and marks the
 * network Errored before the local create (:550-562, :769-787, :801-819);
 * doNetworksCreate's Validate (:665, :881, :917) then checks the uplink:
 * validateUplinkNetwork (lxd/network/driver_ovn.go:1730-1753 at lxd-5.0.2,
 * :2180-2205 at lxd-5.21.7, :2200-2225 at lxd-6.9) over the created bridge
 * and physical networks of the default project (allowedUplinkNetworks,
 * driver_ovn.go at lxd-5.0.2; AllowedUplinkNetworks,
 * lxd/network/network_utils.go at lxd-5.21.7 and lxd-6.9).  A refusal there
 * leaves the network Errored, with its pending entries and config.  A valid
 * uplink goes on to the uplink's routes and the OVN northbound database,
 * which migsim has not: it says so.  Always FALSE (refused or not
 * modelled). */
static gboolean
network_create_ovn(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const MsProject *project = op->project != NULL ? ms_cluster_lookup_project(cluster, op->project) : NULL;
    const char *uplink = NULL;
    guint n_allowed = 0;
    gboolean named_allowed = FALSE;
    MsRuleId rule;
    MsNetwork *network;

    if (project != NULL && ms_project_feature(project, "networks"))
        return ovn_not_modelled(
            apply, "lxc network create --type=ovn in a project with its own networks (features.networks)");
    if (cluster->members->len < 2)
        return ovn_not_modelled(apply,
                                "lxc network create --type=ovn outside a cluster of two or more members");
    if (ms_cluster_lookup_network(cluster, op->network) != NULL)
        return ovn_not_modelled(apply, "lxc network create --type=ovn over an existing network of that name");
    for (guint i = 0; i < op->keys->len; i++) {
        if (!g_str_equal(op->keys->pdata[i], "network"))
            return ovn_not_modelled(apply, "lxc network create --type=ovn with keys other than network= (the "
                                           "OVN driver's other config checks)");
        uplink = op->values->pdata[i];
    }
    /* FillConfig sets ipv4.address=auto and searches in networksPostCluster's
     * transaction, after the pending entries of every member were added
     * (lxd/network/driver_ovn.go:1601-1620 at lxd-5.0.2, :2099-2118 at
     * lxd-5.21.7, :2119-2138 at lxd-6.9): the network stays pending */
    if (network_subnet_search_fails(apply, MS_RULE_OVN_AUTO_SUBNET, TRUE)) {
        network = network_new(cluster, op->network);
        for (guint m = 0; m < cluster->members->len; m++)
            g_hash_table_add(network->pending_on,
                             g_strdup(((const MsMember *) cluster->members->pdata[m])->name));
        ms_config_set(network->config, "type", "ovn");
        return ms_apply_reject(apply, MS_RULE_OVN_AUTO_SUBNET);
    }
    for (guint i = 0; i < cluster->networks->len; i++) {
        const MsNetwork *n = cluster->networks->pdata[i];
        const char *type = ms_config_get(n->config, "type");

        if (!n->created || (type != NULL && !g_str_equal(type, "bridge") && !g_str_equal(type, "physical")))
            continue;
        n_allowed++;
        named_allowed |= g_strcmp0(uplink, n->name) == 0;
    }
    if (uplink != NULL && *uplink == '\0')
        uplink = NULL;
    if (ms_apply_check(apply, MS_RULE_OVN_UPLINK_NOT_ALLOWED, op->network, uplink != NULL && !named_allowed))
        rule = MS_RULE_OVN_UPLINK_NOT_ALLOWED;
    else if (ms_apply_check(apply, MS_RULE_OVN_NO_UPLINK, op->network, uplink == NULL && n_allowed == 0))
        rule = MS_RULE_OVN_NO_UPLINK;
    else if (ms_apply_check(apply, MS_RULE_OVN_UPLINK_REQUIRED, op->network, uplink == NULL && n_allowed > 1))
        rule = MS_RULE_OVN_UPLINK_REQUIRED;
    else
        return ovn_not_modelled(apply, "lxc network create --type=ovn past its uplink check (the uplink's "
                                       "routes, then the OVN northbound database, which migsim has not)");
    /* the refusal leaves the network Errored: pending on every member, its
     * config stored (LXD's generated subnets are not) */
    network = network_new(cluster, op->network);
    for (guint m = 0; m < cluster->members->len; m++)
        g_hash_table_add(network->pending_on,
                         g_strdup(((const MsMember *) cluster->members->pdata[m])->name));
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(network->config, op->keys->pdata[i], op->values->pdata[i]);
    ms_config_set(network->config, "type", "ovn");
    return ms_apply_reject(apply, rule, uplink);
}

/* lxc network create --type: LoadByType, then the --target check come
 * before any database change (lxd/networks.go:308-311, :365-369 networksPost
 * at lxd-5.0.2; :499-502, :562-566 at lxd-5.21.7; :478-481, :543-547 at
 * lxd-6.9).  Only bridge, the default in a project without
 * features.networks (:296-300, :487-491, :466-470), is modelled further.  An
 * OVN network has no member-specific config (lxd/network/driver_ovn.go:97
 * Info at lxd-5.0.2, :103 at lxd-5.21.7, :119 at lxd-6.9), so its --target
 * step is refused; its final create validates the uplink named by network=
 * and then creates the network in the OVN northbound database
 * (networks.go:405-433, doNetworksCreate; driver_ovn.go Validate, Create,
 * Start), which migsim does not have: it says so rather than guess. */
static gboolean
network_name_not_modelled(MsApply *apply, const char *why)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: the network name \"%s\" (%s)",
                                         apply->profile->name, apply->op->network, why));
}

/* networksPost's name checks, Incus' per release (NAME.NETWORK): the quick
 * checks before the type is loaded, the driver's ValidateName after
 * (@driver FALSE: the quick ones; cmd/incusd/networks.go:366-398 at v6.0.4,
 * :416-454 at v6.0.5).  Only the bridge driver's checks are modelled: OVN's
 * (the common driver's IsURLSegmentSafe and ':' up to 6.0.4 and 6.15) are
 * not, nor is the type a project with features.networks defaults to.
 * LXD's checks were not read at every release: a name some release may
 * refuse is not modelled. */
static gboolean
network_name_checked(MsApply *apply, gboolean driver, gboolean bridge)
{
    const char *name = apply->op->network;
    g_autofree char *invalid = NULL;

    if (!ms_profile_is_incus(apply->profile)) {
        if (driver || !ms_name_lxd_network_suspect(name))
            return TRUE;
        return network_name_not_modelled(apply, "LXD's network name checks were not read at every release");
    }
    if (driver && !bridge)
        return strpbrk(name, "/?&+:") == NULL ||
               network_name_not_modelled(apply,
                                         "the name checks of drivers other than bridge are not modelled");
    invalid = driver ? ms_name_incus_bridge_error(name, apply->profile)
                     : ms_name_incus_network_error(name, apply->profile);
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's suspect names are not modelled) */
    if (ms_apply_check(apply, MS_RULE_NAME_NETWORK, name, invalid != NULL))
        return ms_apply_fail(apply, MS_RULE_NAME_NETWORK, 400, FALSE, g_steal_pointer(&invalid));
    return TRUE;
}

static gboolean
network_create_type_modelled(MsApply *apply)
{
    const MsOp *op = apply->op;
    /* the drivers LoadByType knows (lxd/network/network_load.go:11-17 at
     * lxd-5.0.2, :13-19 at lxd-5.21.7 and lxd-6.9) */
    static const char *const known_types[] = { "bridge", "macvlan", "sriov", "ovn", "physical", NULL };
    const char *type = op->content_type;
    gboolean ovn = g_strcmp0(type, "ovn") == 0;
    /* the request's project has networks of its own (features.networks) */
    gboolean own_networks = ms_cluster_network_project(apply->cluster, op->project) != NULL;
    /* an untyped network is OVN in a project with features.networks
     * (networks.go:381-386 at v6.0.4) */
    gboolean bridge = g_strcmp0(type, "bridge") == 0 || (type == NULL && !own_networks);

    if (!network_name_checked(apply, FALSE, bridge))
        return FALSE;
    /* NetworkAllowed reads the requested project's restrictions between
     * the quick checks and the type (lxd/networks.go:292 at lxd-5.0.2, :462
     * at lxd-6.9; cmd/incusd/networks.go:374 at v6.0.4, :429 at v6.0.5):
     * "Network not allowed in project" is not modelled, so neither is what
     * follows it (was a confident ok, or NAME.NETWORK's driver check) */
    if (!ms_apply_project_unchecked(apply, op->project, "lxc network create",
                                    "NetworkAllowed, lxd/networks.go:292 at lxd-5.0.2"))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_NETWORK_UNKNOWN_TYPE, op->network,
                       type != NULL && !g_strv_contains(known_types, type)))
        return ms_apply_reject(apply, MS_RULE_NETWORK_UNKNOWN_TYPE);
    if (type != NULL && !ovn && !g_str_equal(type, "bridge"))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: lxc network create --type=%s is not modelled", type));
    if (!network_name_checked(apply, TRUE, bridge))
        return FALSE;
    /* the network would belong to P, and a bridge cannot (netTypeInfo.
     * Projects, lxd/networks.go:319-321 at lxd-5.0.2, :510-511 at
     * lxd-5.21.7, :489-490 at lxd-6.9; cmd/incusd/networks.go:401-402 at
     * v6.0.4): migsim's networks all live in default, so one made here
     * would have been a confident wrong answer */
    if (ms_apply_check(apply, MS_RULE_NETWORK_TYPE_NO_PROJECTS, op->network, bridge && own_networks))
        return ms_apply_reject(apply, MS_RULE_NETWORK_TYPE_NO_PROJECTS);
    /* an OVN network of a project with features.networks (untyped ones
     * are OVN there): its limits.networks and name checks come before the
     * member check (lxd/networks.go:323-345 at lxd-5.0.2), and
     * network_create_ovn says it is not modelled */
    if ((ovn || type == NULL) && own_networks)
        return network_host_errors_settled(apply, network_create_ovn(apply));
    if (op->target != NULL && ms_apply_check(apply, MS_RULE_NETWORK_NO_MEMBER_CONFIG, op->network, ovn))
        return ms_apply_reject(apply, MS_RULE_NETWORK_NO_MEMBER_CONFIG, type);
    if (!ovn)
        return TRUE;
    return network_host_errors_settled(apply, network_create_ovn(apply));
}

/* lxc network set|unset NAME KEY [--target M]: networkPut refuses, without
 * --target, a network that is not created and then a member-specific key;
 * with --target, a key that is not member-specific and changes the value
 * (lxd/networks.go:1199-1201, :1231-1248 at lxd-5.0.2; :1438-1440,
 * :1475-1492 at lxd-5.21.7; :1546-1548, :1583-1600 at lxd-6.9).  lxc sends
 * the config GET returned (without member-specific keys when untargeted)
 * with the new key over it, and unset sends the key with an empty value
 * (lxc/network.go cmdNetworkSet/cmdNetworkUnset at lxd-5.0.2).  FALSE when
 * refused. */
static gboolean
network_update_allowed(MsApply *apply, const MsNetwork *network)
{
    const MsOp *op = apply->op;

    if (op->target == NULL) {
        const char *member_key;

        if (ms_apply_check(apply, MS_RULE_NETWORK_SET_NOT_CREATED, op->network, !network->created))
            return ms_apply_reject(apply, MS_RULE_NETWORK_SET_NOT_CREATED);
        member_key = network_first_key(apply, TRUE);
        if (ms_apply_check(apply, MS_RULE_NETWORK_SET_MEMBER_KEY, op->network, member_key != NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_SET_MEMBER_KEY, member_key);
        return TRUE;
    }
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *value = op->kind == MS_OP_NETWORK_UNSET ? "" : op->values->pdata[i];
        gboolean changes = g_strcmp0(ms_config_get(network->config, key) ?: "", value) != 0;

        /* check sites: NETWORK_KEY_NOT_MEMBER_SPECIFIC */
        if (ms_apply_check(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, op->network,
                           !network_key_member_specific(apply->profile, key) && changes))
            return ms_apply_reject(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, key);
    }
    return TRUE;
}

gboolean
ms_network_access_loads_project(const MsProfile *profile)
{
    return !ms_profile_is_incus(profile) &&
           ms_rule_applies(MS_RULE_NETWORK_ACCESS_PROJECT_NOT_FOUND, profile);
}

/* A network request (lxc network create|set|unset|delete|list, network
 * forward create|delete) with --project P, or the current project, naming a
 * project that does not exist.  The collection's handlers (networksGet,
 * networksPost) load the request's project first at every release
 * (NETWORK.PROJECT_NOT_FOUND: lxd/networks.go:171, :270 at lxd-5.0.2,
 * :264, :447 at lxd-5.21.7, :259, :443 at lxd-6.9), so nothing else is
 * checked; so do a network's and its forwards' handlers until 5.21.2 and at
 * 6.1 (lxd/networks.go:759, :917, :1172, lxd/network_forwards.go:224, :300
 * at lxd-5.0.2; lxc GETs the network before a set or unset,
 * lxc/network.go:1139), whose access handlers load no project for a trusted
 * client (allowPermission, lxd/daemon.go:254-294 at lxd-5.21.0).  From 5.21.3
 * and 6.2 networkAccessHandler loads it before the handler, in its own wrap
 * (NETWORK.ACCESS_PROJECT_NOT_FOUND, lxd/networks.go:88-111 at lxd-5.21.7).
 * Incus has LXD 5.0.2's order at every tag: each of these handlers loads
 * the project first (cmd/incusd/networks.go:195, :348, :911, :1074, :1340,
 * network_forwards.go:282, :360 at v6.0.4), while its access handler
 * ignores a project that fails to load (cmd/incusd/daemon.go:306-328).
 * TRUE when the request ends here (refused, or not modelled). */
gboolean
ms_apply_network_project_unknown(MsApply *apply)
{
    const MsOp *op = apply->op;
    gboolean missing = !ms_cluster_has_project(apply->cluster, op->project);
    gboolean collection = op->kind == MS_OP_NETWORK_CREATE || op->kind == MS_OP_NETWORK_LIST;

    if (!collection && ms_network_access_loads_project(apply->profile)) {
        /* dead in lxd-5.0.x: no networkAccessHandler before lxd-5.21.3 and lxd-6.2 */
        if (!ms_apply_check(apply, MS_RULE_NETWORK_ACCESS_PROJECT_NOT_FOUND, ms_project_display(op->project),
                            missing))
            return FALSE;
        ms_apply_reject(apply, MS_RULE_NETWORK_ACCESS_PROJECT_NOT_FOUND, op->project);
        return TRUE;
    }
    if (ms_rule_applies(MS_RULE_NETWORK_PROJECT_NOT_FOUND, apply->profile)) {
        if (!ms_apply_check(apply, MS_RULE_NETWORK_PROJECT_NOT_FOUND, ms_project_display(op->project),
                            missing))
            return FALSE;
        ms_apply_reject(apply, MS_RULE_NETWORK_PROJECT_NOT_FOUND, op->project);
        return TRUE;
    }
    if (!missing)
        return FALSE;
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc %s --project %s, a project that does not "
                        "exist (the access handler loads the project first, in texts that differ by "
                        "release)",
                        apply->profile->name, ms_op_defs[op->kind].name, op->project));
    return TRUE;
}

/* lxc network rename NETWORK NEWNAME: networkPost refuses any rename on a
 * clustered server before it reads the project, the network or the new
 * name (lxd/networks.go:1041-1047 at lxd-5.0.2, :1280-1282 at lxd-5.21.7,
 * :1364-1366 at lxd-6.9; cmd/incusd/networks.go:1202 at v6.0.4), and every
 * cluster migsim models is one.  From lxd-5.21.3 and lxd-6.2 its access
 * handler loads the request's project first (networkAccessHandler,
 * lxd/networks.go:59-63, :88-111 at lxd-5.21.7; allowPermission before,
 * lxd/daemon.go:254-294 at lxd-5.21.0 and lxd-6.1, no project); Incus'
 * allowPermission loads it but ignores an error (expandProject,
 * cmd/incusd/daemon.go:306-328 at v6.0.4, :330 at v7.3.0).  FALSE
 * (refused). */
static gboolean
network_rename(MsApply *apply)
{
    const MsOp *op = apply->op;

    if (ms_network_access_loads_project(apply->profile) && ms_apply_network_project_unknown(apply))
        return FALSE;
    ms_apply_check(apply, MS_RULE_NETWORK_RENAME_CLUSTERED, op->network, TRUE);
    return ms_apply_reject(apply, MS_RULE_NETWORK_RENAME_CLUSTERED);
}

/* Does lxc network set|unset change @network's cluster-wide config?  An
 * absent key is "" to configChanged (lxd/network/driver_common.go:354-392
 * at lxd-5.0.2). */
static gboolean
network_update_changes(const MsApply *apply, const MsNetwork *network)
{
    const MsOp *op = apply->op;

    for (guint i = 0; i < op->keys->len; i++) {
        const char *value = op->kind == MS_OP_NETWORK_UNSET ? "" : op->values->pdata[i];

        if (g_strcmp0(ms_config_get(network->config, op->keys->pdata[i]) ?: "", value) != 0)
            return TRUE;
    }
    return FALSE;
}

gboolean
ms_apply_network(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    /* every network handler looks the network up in the request's network
     * project, its own when it has features.networks (NetworkProject,
     * lxd/networks.go:759, :917, :1172 at lxd-5.0.2); migsim's networks all
     * live in default (network_create_type_modelled refuses a bridge in
     * such a project and does not model OVN there), so there it has none */
    MsNetwork *network = ms_cluster_network_project(cluster, op->project) != NULL
                             ? NULL
                             : ms_cluster_lookup_network(cluster, op->network);

    if (op->kind == MS_OP_NETWORK_RENAME)
        return network_rename(apply);
    if (ms_apply_network_project_unknown(apply))
        return FALSE;
    if (op->kind == MS_OP_NETWORK_CREATE) {
        if (!network_create_type_modelled(apply))
            return FALSE;
        if (network != NULL && network_is_ovn(network))
            return ovn_not_modelled(apply, "lxc network create over an existing OVN network");
        return network_host_errors_settled(apply, op->target != NULL ? network_create_pending(apply, network)
                                                                     : network_create_final(apply, network));
    }
    if (op->kind == MS_OP_NETWORK_DELETE) {
        if (ms_apply_check(apply, MS_RULE_NETWORK_LOAD_FAILED, op->network, network == NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_LOAD_FAILED);
        if (ms_apply_check(apply, MS_RULE_NETWORK_IN_USE, op->network, network_in_use(cluster, network)))
            return ms_apply_reject(apply, MS_RULE_NETWORK_IN_USE);
        /* the OVN driver's Delete talks to the northbound database */
        if (network_is_ovn(network))
            return ovn_not_modelled(apply, "lxc network delete of an OVN network");
        /* the local member deletes its bridge, then needs every member to
         * delete theirs; the record stays when one is down
         * (lxd/networks.go:956-981 at lxd-5.0.2, :1197-1215 at lxd-5.21.7,
         * :1276-1290 at lxd-6.9) */
        if (!ms_notify_all_reachable(apply))
            return FALSE;
        g_ptr_array_remove(cluster->networks, network);
        return TRUE;
    }
    if (ms_apply_check(apply, MS_RULE_NETWORK_NOT_FOUND, op->network, network == NULL))
        return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_FOUND);
    if (network_is_ovn(network))
        return ovn_not_modelled(apply, "lxc network set|unset of an OVN network");
    if (!network_update_allowed(apply, network))
        return FALSE;
    /* doNetworkUpdate validates the merged config before Update
     * (lxd/networks.go:1334 at lxd-5.0.2, :1575 at lxd-5.21.7, :1721 at
     * lxd-6.9): BadRequest.  The bridge's Update then sets the bridge up
     * again on each member (a bridge.driver change stops it first) and
     * touches no instance: none is stopped or restarted
     * (lxd/network/driver_bridge.go:1791-1877 Update at lxd-5.0.2, :2400 at
     * lxd-5.21.7, :2319 at lxd-6.9), whose first step is the subnet search
     * of ipv4.address=auto (NETWORK.AUTO_SUBNET_UPDATE; ipv6.address=auto's
     * search is taken to succeed) */
    if (!network_validated(apply, network, TRUE, 400))
        return FALSE;
    if (network_subnet_search_fails(apply, MS_RULE_NETWORK_AUTO_SUBNET_UPDATE,
                                    network_searches_ipv4_subnet(apply, FALSE)))
        return ms_apply_reject(apply, MS_RULE_NETWORK_AUTO_SUBNET_UPDATE);
    /* a change without --target is sent to every member, which needs them
     * all up; an update that changes nothing returns first
     * (bridge.Update, lxd/network/driver_bridge.go:1791-1806, then
     * common.update's notifier, driver_common.go:313-320 at lxd-5.0.2) */
    if (op->target == NULL && network_update_changes(apply, network) && !ms_notify_all_reachable(apply))
        return FALSE;
    /* member-specific keys (--target) are stored with the member name so
     * that the cluster-wide value stays visible */
    for (guint i = 0; i < op->keys->len; i++) {
        g_autofree char *key = op->target != NULL
                                   ? g_strdup_printf("%s@%s", (char *) op->keys->pdata[i], op->target)
                                   : g_strdup(op->keys->pdata[i]);
        ms_config_set(network->config, key, op->kind == MS_OP_NETWORK_UNSET ? NULL : op->values->pdata[i]);
    }
    return TRUE;
}
