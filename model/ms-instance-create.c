/* migsim: instance creation: lxc init / lxc launch (placement by --target,
 * cluster group and placement group, device overrides, the pool lxc reads)
 * and CreateInternal's last step, which lxc copy shares (moved out of
 * ms-instance-ops.c). */
#include "ms-apply-private.h"
#include "ms-names.h"

#include <string.h>

/* CreateInternal's last step: the record of @instance (consumed) is added
 * and @devices, its expanded devices in start order, validated in instance
 * mode; a failure reverts the record and fails with WRAP.CREATE
 * (lxd/instance.go:158 at lxd-5.21.7). */
gboolean
ms_apply_add_instance_record(MsApply *apply, MsInstance *instance, GPtrArray *devices, const MsMember *member)
{
    g_autofree char *name = g_strdup(instance->name);
    g_auto(MsRejection) refusal = { 0 };

    ms_cluster_add_instance(apply->cluster, instance);
    if (!ms_apply_validate_devices_created(apply, instance, devices, &refusal)) {
        g_autofree char *wrapped = ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message);
        ms_apply_check(apply, MS_RULE_WRAP_CREATE, name, TRUE);
        /* the record is reverted */
        ms_cluster_remove_instance(apply->cluster, name);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&wrapped));
    }
    ms_outcome_add_event(apply->outcome, MS_EVENT_CREATED, name, NULL, member->name, NULL);
    return TRUE;
}

/* ---- lxc init / lxc launch ---- */

/* clang-format off */
static const MsReleases group_recorded = { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)),
                                           MS_SPAN_FROM(MS_VERSION(6, 6, 0)), MS_INC_ALL };
/* from lxd-6.7 not when the new instance's expanded config names a
 * placement.group: instancesPost sets placementGroupName from it while the
 * scheduler picks the member, and records the group only when it is empty
 * (lxd/instances_post.go:1517,1579-1581 at lxd-6.7; :1588,1652 at lxd-6.8;
 * :1640,1712-1714 at lxd-6.9).  At lxd-6.6 the variable is declared and never
 * set (:1087,1326), so the group is recorded with a placement.group too. */
static const MsReleases group_yields_to_placement = MS_REL_SINCE_6(7);
/* clang-format on */

/* The placement.group a new instance's expanded config names: its -c keys
 * over its profiles, the last profile first (ExpandInstanceConfig, as
 * instancesPost computes it before placing: lxd/instances_post.go:1293 at
 * lxd-6.6, :1639 at lxd-6.9).  NULL when none or before 6.6. */
static const char *
new_instance_placement_group(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const char *pp = ms_cluster_profile_project(cluster, op->project);
    const char *value = NULL;

    if (!ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS))
        return NULL;
    for (guint i = 0; i < op->keys->len; i++)
        if (g_str_equal(op->keys->pdata[i], "placement.group"))
            value = op->values->pdata[i];
    if (value == NULL && op->profiles != NULL) {
        for (guint i = op->profiles->len; i > 0 && value == NULL; i--) {
            MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, pp, op->profiles->pdata[i - 1]);
            value = p != NULL ? ms_config_get(p->config, "placement.group") : NULL;
        }
    } else if (value == NULL && !op->no_profiles) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, pp, "default");
        value = p != NULL ? ms_config_get(p->config, "placement.group") : NULL;
    }
    return value != NULL && *value != '\0' ? value : NULL;
}

/* instancesPostSelectClusterMember: when the scheduler places the instance
 * (no --target MEMBER) and its expanded config names a placement group, the
 * candidates are first filtered by the group's policy and rigor
 * (placement.Filter, lxd/placement/filtering.go:15-40 at lxd-6.6 and
 * lxd-6.7, :15-37 at lxd-6.8 and lxd-6.9), then the least-loaded one wins;
 * instances_post.go:1288-1296,1369-1397 at lxd-6.6, :1512-1518,1629-1656 at
 * lxd-6.7, :1583-1589,1702-1729 at lxd-6.8, :1633-1641,1762-1791 at lxd-6.9.
 * A filter that leaves no member fails the create (409, SmartError).
 * FALSE when refused; *member is the pick otherwise. */
static gboolean
place_by_placement_group(MsApply *apply, GPtrArray *candidates, MsMember **member)
{
    const char *name = new_instance_placement_group(apply);
    const MsPlacementGroup *group;
    const char *policy, *rigor, *why;

    if (name == NULL)
        return TRUE;
    group = ms_cluster_lookup_placement_group(apply->cluster, name);
    if (group == NULL) {
        /* GetPlacementGroup fails (instances_post.go:1768 at lxd-6.9): its
         * text is not read here */
        ms_outcome_add_note(apply->outcome,
                            "placement group \"%s\" does not exist: LXD's answer is not modelled; migsim "
                            "places as if the instance had no placement group",
                            name);
        return TRUE;
    }
    ms_apply_placement_note_tie(apply, group, NULL);
    if (ms_apply_check(apply, MS_RULE_CREATE_PLACEMENT_FILTER, apply->op->instance,
                       !ms_placement_filter(apply->cluster, apply->profile, group, NULL, candidates))) {
        policy = ms_config_get(group->config, "policy") ?: "";
        rigor = ms_config_get(group->config, "rigor") ?: "";
        /* getCompliantMembers' errors (filtering.go:58,88,121,156 at lxd-6.9) */
        why = g_str_equal(policy, "spread")    ? "No eligible cluster members available"
              : g_str_equal(policy, "compact") ? "Required cluster member is unavailable"
                                               : "Invalid placement group";
        return ms_apply_reject(apply, MS_RULE_CREATE_PLACEMENT_FILTER, group->name, policy, rigor, why);
    }
    *member = ms_cluster_least_loaded(candidates);
    return TRUE;
}

/* lxc init|launch --target=@GROUP: the project's group restriction, the
 * group's existence (lxd/instances_post.go:913-928 at lxd-5.0.2; CheckTarget
 * -> CheckTargetGroup, lxd/project/limits/permissions.go:1728-1746 at
 * lxd-5.21.7, :1689-1707 at lxd-6.9), then the least-loaded candidate of the
 * group (GetCandidateMembers with the group, instances_post.go:1093,1125-1132
 * at lxd-5.0.2, :1451,1563 at lxd-5.21.7, :1634,1765 at lxd-6.9).  From
 * lxd-5.21.5 and lxd-6.6 the group is recorded as volatile.cluster.group
 * (instances_post.go:1522-1524 at lxd-5.21.7, :1712-1714 at lxd-6.9; absent
 * at lxd-5.0.2 .. 5.21.4 and lxd-6.1 .. 6.5; cmd/incusd/instances_post.go:1210
 * at Incus v6.0.4). */
static gboolean
place_in_group(MsApply *apply, MsMember **member, GPtrArray **candidates_out)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(GPtrArray) candidates = NULL;
    g_auto(GStrv) allowed = NULL;

    ms_apply_project_targeting(apply, op->project);
    if (!ms_apply_project_group(apply, op->project, op->group))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_CREATE_GROUP_NOT_FOUND, op->group,
                       !ms_cluster_has_group(cluster, op->group)))
        return ms_apply_reject(apply, MS_RULE_CREATE_GROUP_NOT_FOUND, op->group);
    candidates = ms_cluster_candidates(cluster, NULL, op->group, NULL);
    /* clusterGroupsAllowed filters the candidates too (GetCandidateMembers) */
    allowed = ms_project_cluster_groups(ms_cluster_lookup_restricting_project(cluster, op->project));
    for (guint i = candidates->len; allowed != NULL && i-- > 0;) {
        gboolean in_any = FALSE;
        for (guint g = 0; allowed[g] != NULL; g++)
            in_any = in_any || ms_member_in_group(candidates->pdata[i], allowed[g]);
        if (!in_any)
            g_ptr_array_remove_index(candidates, i);
    }
    if (!ms_apply_placement_scriptlet(apply, op->instance, "new instance", FALSE))
        return FALSE;
    *member = ms_cluster_least_loaded(candidates);
    /* no candidate: refused later, by create_no_member; the placement
     * group's filter runs at the pick (pick_member) */
    if (new_instance_placement_group(apply) != NULL)
        *candidates_out = g_steal_pointer(&candidates);
    return TRUE;
}

/* Where lxc sets --target on its client before it reads the -s pool and
 * the -n network: lxc/init.go UseTarget before GetStoragePool and
 * GetNetwork at :148,173,224 at lxd-5.0.2 .. 5.0.4, 5.1 .. 5.20 (:148,173,224
 * at lxd-5.20), lxd-5.21.0 .. 5.21.2 (:156,181,232 at lxd-5.21.2) and lxd-6.1;
 * the reads first from lxd-5.0.5 (:175,226,246), lxd-5.21.3 (:194,245,265),
 * lxd-6.2 (:194,245,265) and at every Incus tag (cmd/incus/create.go:186,
 * 237,257 at v6.0.0, :255,275 at v6.0.4).  An unknown member (or '@GROUP',
 * which is no member name) then fails the GET's resolution first
 * (lxd/response.go:34, lxd/cluster/resolve.go:12, lxd/db/node.go:269
 * GetNodeByName at lxd-5.0.2, the same text at every tag). */
/* clang-format off */
static const MsReleases cli_target_first = MS_REL_V5(MS_SPAN_UNTIL(MS_VERSION(5, 0, 5)), MS_SPAN_ALL,
                                                     MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)),
                                                     MS_SPAN_UNTIL(MS_VERSION(6, 2, 0)));
/* clang-format on */

/* The text of lxc's GET of a pool or network sent with --target, or NULL
 * when the target resolves: an unknown member or a group ('Cluster member
 * not found'), or an offline member whose forward fails. */
static char *
cli_target_read_error(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsMember *target;

    if (op->target == NULL || !ms_releases_contain(&cli_target_first, apply->profile->version))
        return NULL;
    target = ms_cluster_lookup_member(apply->cluster, op->target);
    if (target == NULL)
        return g_strdup("Cluster member not found");
    /* the GET is forwarded to an offline target before the pool or network
     * is looked up (lxd/cluster/connect.go:37 at lxd-5.0.2; seen live:
     * 'Failed loading storage pool "local": Missing event connection
     * with target cluster member', tests/live/scenarios/offline-member.scn) */
    if (target->status == MS_MEMBER_OFFLINE)
        return ms_rule_message(MS_RULE_INSTANCE_MEMBER_OFFLINE, apply->profile);
    return NULL;
}

/* lxc reads the -n network before the pool and before it sends the create
 * (lxc/init.go:172-205 at lxd-5.0.2, :207-240 at lxd-5.21.7, :206-239 at
 * lxd-6.9; cmd/incus/create.go:185-218 at v6.0.0) and wraps a failed read
 * (CLI.CREATE_NETWORK_NOT_FOUND).  A managed network becomes the local nic
 * eth0 {name: eth0, type: nic, network: NAME} (new_instance).  A name the
 * model does not hold may be one of the host's unmanaged interfaces, which
 * LXD returns (and lxc turns into a macvlan or bridged nic) and migsim does
 * not know: not modelled.  Seen on the live 5.0.2 cluster: `--target=@g1
 * --network=n1` and `--network=nosuch` both fail with these texts after
 * "Creating NAME" (Incus #335, scenarios/releases/incus-335-launch-group-network.scn). */
static gboolean
cli_reads_network(MsApply *apply)
{
    const MsOp *op = apply->op;
    g_autofree char *target_error = NULL;

    if (op->network == NULL)
        return TRUE;
    target_error = cli_target_read_error(apply);
    if (ms_rule_applies(MS_RULE_CLI_CREATE_NETWORK_NOT_FOUND, apply->profile) &&
        ms_apply_check(apply, MS_RULE_CLI_CREATE_NETWORK_NOT_FOUND, op->network, target_error != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_CREATE_NETWORK_NOT_FOUND, op->network, target_error);
    /* lxc's GET is answered from the project's network project, which in a
     * project with features.networks has none of migsim's networks (they
     * live in default) and no host interfaces ("Network not found":
     * doNetworkGet, lxd/networks.go:804-807 at lxd-5.0.2, :1028-1031 at
     * lxd-5.21.7, :1064-1067 at lxd-6.9); the OVN networks LXD would find
     * there are not modelled */
    if (ms_cluster_network_project(apply->cluster, op->project) != NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: --network %s in project %s, which has "
                            "its own networks (features.networks); LXD answers 'Failed "
                            "loading network \"%s\": Network not found' unless an OVN "
                            "network of that name is there",
                            apply->profile->name, op->network, ms_project_display(op->project), op->network));
    if (ms_cluster_lookup_network(apply->cluster, op->network) == NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: network %s is not a managed network "
                            "migsim knows; LXD would look for a host interface of that name "
                            "(a macvlan or bridged nic) or answer 'Failed loading network "
                            "\"%s\": Network not found'",
                            apply->profile->name, op->network, op->network));
    return TRUE;
}

/* lxc reads the -s pool before it sends the create; FALSE when refused. */
static gboolean
cli_reads_pool(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;

    /* lxc reads the -s pool before it sends the create (lxc/init.go:223-227
     * at lxd-5.0.2); a pool given by -d root,pool=P is not read and reaches
     * the server (CREATE.POOL_NOT_FOUND).  Whether lxc's GET of the pool with
     * an unknown --project fails first is not audited: the project check
     * in ms_apply_init stays first.  The GET carries ?target= where lxc
     * sets the target first (cli_target_first). */
    if (op->pool == NULL || op->pool_unread)
        return TRUE;
    g_autofree char *target_error = cli_target_read_error(apply);
    gboolean no_pool = ms_cluster_lookup_pool(cluster, op->pool) == NULL;
    if (ms_apply_check(apply, MS_RULE_CLI_CREATE_POOL_NOT_FOUND, op->pool, target_error != NULL || no_pool)) {
        g_autofree char *inner = target_error != NULL
                                     ? g_steal_pointer(&target_error)
                                     : ms_rule_message(MS_RULE_POOL_NOT_FOUND, apply->profile);
        return ms_apply_reject(apply, MS_RULE_CLI_CREATE_POOL_NOT_FOUND, op->pool, inner);
    }
    return TRUE;
}

/* An instance create with --target an offline member (lxc init/launch,
 * and lxc copy, the same POST /1.0/instances): forwarded to the member,
 * whose connection is refused (CREATE.TARGET_OFFLINE); the copy seen live
 * on 5.0.2 (tools/live-random.py --gen 4 --seed 1001, scenario 21 line
 * 26).  TRUE when refused. */
static gboolean
refuse_create_target_offline(MsApply *apply, const MsMember *member)
{
    if (!ms_rule_applies(MS_RULE_CREATE_TARGET_OFFLINE, apply->profile) ||
        !ms_apply_check(apply, MS_RULE_CREATE_TARGET_OFFLINE, member->name,
                        member->status == MS_MEMBER_OFFLINE))
        return FALSE;
    ms_outcome_add_note(apply->outcome,
                        "LXD prints the HTTP client's connection error, which names %s's address",
                        member->name);
    ms_apply_reject(apply, MS_RULE_CREATE_TARGET_OFFLINE, member->name);
    return TRUE;
}

/* The member a new instance is placed on (lxd/instances_post.go), decided
 * before the operation exists; FALSE when refused.  No candidate leaves
 * *member_out NULL: that refusal comes later (create_no_member). */
static gboolean
place_new_instance(MsApply *apply, MsMember **member_out, GPtrArray **candidates_out)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsMember *member = NULL;

    ms_apply_project_limits_note(apply, op->project, TRUE);
    if (op->group != NULL) {
        if (!place_in_group(apply, &member, candidates_out))
            return FALSE;
    } else if (op->target != NULL) {
        ms_apply_project_targeting(apply, op->project);
        member = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target);
        if (!ms_apply_project_member(apply, op->project, member))
            return FALSE;
        if (!ms_apply_placement_scriptlet(apply, op->instance, "new instance", TRUE))
            return FALSE;
        /* offline or evacuated: refused later, by ms_apply_refuse_create_at_target */
    } else {
        /* candidates only from the project's restricted.cluster.groups
         * (lxd/instances_post.go:873,1093 at lxd-5.0.2) */
        member = ms_cluster_pick_member_in(cluster, op->project, NULL, NULL);
        if (!ms_apply_placement_scriptlet(apply, op->instance, "new instance", FALSE))
            return FALSE;
        if (new_instance_placement_group(apply) != NULL)
            *candidates_out = ms_cluster_candidates_in(cluster, op->project, NULL, NULL);
        /* no candidate: refused later, by create_no_member */
    }
    *member_out = member;
    return TRUE;
}

const char *
ms_apply_split_device_override(const char *entry, char **device, char **key)
{
    const char *comma = strchr(entry, ',');
    const char *eq = strchr(comma, '=');

    *device = g_strndup(entry, comma - entry);
    *key = g_strndup(comma + 1, eq - comma - 1);
    return eq + 1;
}

/* -d DEVICE,KEY=VALUE on a new instance: the client overlays a local
 * device, else a copy of the profiles' device (ApplyDeviceOverrides); FALSE
 * when refused. */
static gboolean
override_devices(MsApply *apply, MsInstance *instance)
{
    const MsOp *op = apply->op;
    g_autoptr(MsDevices) from_profiles = NULL;

    if (op->device_overrides == NULL)
        return TRUE;
    from_profiles = ms_cluster_expand_devices(apply->cluster, instance);
    for (guint i = 0; i < op->device_overrides->len; i++) {
        g_autofree char *dev_name = NULL, *key = NULL;
        const char *value = ms_apply_split_device_override(op->device_overrides->pdata[i], &dev_name, &key);
        MsDevice *device = ms_devices_lookup(instance->devices, dev_name);

        if (device == NULL) {
            MsDevice *base = ms_devices_lookup(from_profiles, dev_name);
            if (ms_apply_check(apply, MS_RULE_CREATE_DEVICE_OVERRIDE, dev_name, base == NULL))
                return ms_apply_reject(apply, MS_RULE_CREATE_DEVICE_OVERRIDE, dev_name);
            device = ms_device_copy(base);
            ms_devices_set(instance->devices, dev_name, device);
        }
        ms_device_set(device, key, value);
    }
    return TRUE;
}

/* The new instance as the request makes it: profiles, local config, the
 * -s root disk and -d overrides; NULL when refused. */
static MsInstance *
new_instance(MsApply *apply, const MsMember *member)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(MsInstance) instance = NULL;
    const char *placement;

    instance = ms_instance_new(op->instance, op->vm ? MS_INSTANCE_VM : MS_INSTANCE_CONTAINER,
                               member != NULL ? member->name : NULL);
    instance->project = g_strdup(ms_project_key(op->project));
    if (op->profiles != NULL) {
        for (guint i = 0; i < op->profiles->len; i++) {
            const char *name = op->profiles->pdata[i];
            const char *pp = ms_cluster_profile_project(cluster, op->project);

            if (ms_apply_check(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name,
                               ms_cluster_lookup_profile_in(cluster, pp, name) == NULL)) {
                /* 6.8+ name the profile project (%q of profileProject,
                 * lxd/instances_post.go:1446,1561 and :1139 at lxd-6.9),
                 * not always default */
                ms_apply_reject(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name, ms_project_display(pp));
                return NULL;
            }
            g_ptr_array_add(ms_instance_profiles_mut(instance), g_strdup(name));
        }
    } else if (!op->no_profiles) {
        g_ptr_array_add(ms_instance_profiles_mut(instance), g_strdup("default"));
    }
    for (guint i = 0; i < op->keys->len; i++)
        ms_instance_set_config(instance, op->keys->pdata[i], op->values->pdata[i]);
    placement = ms_cluster_expanded_value(cluster, apply->profile, instance, "placement.group", NULL, NULL);
    if (op->group != NULL && ms_releases_contain(&group_recorded, apply->profile->version) &&
        !(ms_releases_contain(&group_yields_to_placement, apply->profile->version) && placement != NULL &&
          *placement != '\0'))
        ms_instance_set_config(instance, "volatile.cluster.group", op->group);
    if (op->pool != NULL) {
        MsDevice *root = ms_device_new();
        ms_device_set(root, "type", "disk");
        ms_device_set(root, "path", "/");
        ms_device_set(root, "pool", op->pool);
        ms_devices_set(instance->devices, "root", root);
    }
    if (op->network != NULL) {
        /* -n NAME of a managed network (cli_reads_network) */
        MsDevice *nic = ms_device_new();
        ms_device_set(nic, "name", "eth0");
        ms_device_set(nic, "type", "nic");
        ms_device_set(nic, "network", op->network);
        ms_devices_set(instance->devices, "eth0", nic);
    }
    return override_devices(apply, instance) ? g_steal_pointer(&instance) : NULL;
}

/* Incus from 6.0.5 and 6.16 (commit dfb34d913a; absent at v6.0.4 and
 * v6.15.0) looks a create's or a copy's name up inside instancesPost's
 * transaction, after the project, CheckTarget, the source and the
 * profiles, before the candidates, the limits (AllowInstanceCreation) and
 * ValidName (cmd/incusd/instances_post.go:1142 before :1174, :1183, :1195
 * at v6.0.5; :1245 at v6.23.0, :1463 at v7.3.0), for every source but a
 * migration or a refresh; the plain error is SmartError's
 * (instances_post.go:1192 at v6.0.5).  Until then the create operation's
 * record fails on SQLite's UNIQUE constraint (CREATE.DUPLICATE's older
 * text).  TRUE when @name is refused (only in @project: another project's
 * instance of that name is left to the callers' not-modelled answer). */
gboolean
ms_apply_incus_duplicate_refused(MsApply *apply, const char *name, const char *project)
{
    static const MsReleases sync_check = MS_REL_INCUS(MS_INC_SINCE(5, 16));
    const MsInstance *other = ms_cluster_lookup_instance(apply->cluster, name);

    if (!ms_releases_contain(&sync_check, apply->profile->version))
        return FALSE;
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's sync check is the create's) */
    if (!ms_apply_check(apply, MS_RULE_CREATE_DUPLICATE, name,
                        other != NULL && ms_project_same(other->project, project)))
        return FALSE;
    return ms_apply_reject_async(apply, MS_RULE_CREATE_DUPLICATE, FALSE, name), TRUE;
}

/* CREATE.NO_MEMBER: the scheduler picks a member after the profiles are
 * loaded and after the name is validated, at every release read
 * (GetNodeWithLeastInstances, lxd/instances_post.go:1125 after ValidName
 * :1116 at lxd-5.0.2; :1512 after :1407 at lxd-5.21.7; :1641 after :1590 at
 * lxd-6.9; Incus cmd/incusd/instances_post.go:1123 after :1091 at v6.0.2,
 * the empty list refused at :1205 after :1161 at v6.0.4, :1556 after :1516
 * at v7.3.0).  Before it: the project's restrictions (AllowInstanceCreation,
 * :1104 at lxd-5.0.2, :1467 at lxd-5.21.7, Incus :1149 at v6.0.4) except
 * from lxd-6.6 (:1657 at lxd-6.9, after the pick), and the synchronous
 * name-in-use check from lxd-5.21.5 and 6.6 (:1419 at lxd-5.21.7).  Was
 * refused before all of these: a wrong answer with an invalid name or a
 * missing profile. */
gboolean
ms_apply_pick_precedes_limits(const MsApply *apply)
{
    return !ms_profile_is_incus(apply->profile) && apply->profile->version >= MS_VERSION(6, 6, 0);
}

static gboolean
create_no_member(MsApply *apply, const MsMember *member)
{
    if (ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, apply->op->instance, member == NULL))
        return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
    return TRUE;
}

/* The chosen member's own refusals come after every check of
 * instancesPost (the name, AllowInstanceCreation, the synchronous
 * name-in-use check, the pick): the request is forwarded to the member,
 * whose connection fails when it is offline, then createFromImage or
 * createFromNone refuses on an evacuated member before the create
 * operation exists (lxd/instances_post.go:1116 ValidName, :1142 forward,
 * :42 at lxd-5.0.2; :1407, :1536, :90 at lxd-5.21.7; :1590, :1702, :98 at
 * lxd-6.9; Incus cmd/incusd/instances_post.go:1165, :1224, :97 at v6.0.4).
 * Seen live on 5.0.2: `lxc launch img 9c --target m2` with m2 evacuated
 * is refused for the name (tools/live-random.py --gen 14 --seed 31003,
 * scenario 3 line 46).  Was refused with the target lookup.  A member the
 * scheduler picks is never offline or evacuated.  lxc copy's request is the
 * same POST (createFromCopy refuses on an evacuated member: :388 at
 * lxd-5.0.2, :486 at lxd-5.21.7, :568 at lxd-6.9).  FALSE when refused. */
gboolean
ms_apply_refuse_create_at_target(MsApply *apply, const MsMember *member)
{
    const MsOp *op = apply->op;

    if (op->target == NULL || op->group != NULL || member == NULL)
        return TRUE;
    if (refuse_create_target_offline(apply, member))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_CREATE_EVACUATED, op->target, member->status == MS_MEMBER_EVACUATED))
        return ms_apply_reject(apply, MS_RULE_CREATE_EVACUATED);
    return TRUE;
}

/* The scheduler's pick (instancesPostSelectClusterMember): a placement
 * group's filter over the candidates, then the least-loaded one, after the
 * name, the profiles and the synchronous name-in-use check and before
 * AllowInstanceCreation (lxd/instances_post.go:1245, :1257, :1295, :1302 at
 * lxd-6.6; :1467, :1479, :1518, :1525 at lxd-6.7; :1538, :1550, :1589,
 * :1598 at lxd-6.8; :1590, :1602, :1641, :1657 at lxd-6.9).  Was refused
 * before the name and the profiles (the filter ran with the target
 * checks).  @candidates: NULL when --target names a member; the pick
 * moves @instance to the filter's member.  FALSE when refused. */
static gboolean
pick_member(MsApply *apply, GPtrArray *candidates, MsMember **member, MsInstance *instance)
{
    if (candidates != NULL && !place_by_placement_group(apply, candidates, member))
        return FALSE;
    if (*member != NULL && g_strcmp0(instance->location, (*member)->name) != 0)
        ms_instance_set_location(instance, (*member)->name);
    return create_no_member(apply, *member);
}

/* From lxd-5.21.5 and 6.6 instancesPost checks the restrictions after the
 * name (ValidName :1336, AllowInstanceCreation :1396 at lxd-5.21.5; :250
 * and :307 into instancesPost at lxd-6.6), with the synchronous
 * name-in-use check of the same change.  Before, and at every Incus tag,
 * they come first (:1105 before :1117 at lxd-5.21.0, :1281 before :1293 at
 * lxd-5.21.4 and lxd-6.5; Incus cmd/incusd/instances_post.go:1149 before
 * :1161 at v6.0.4, :1504 before :1516 at v7.3.0).  Was every release from
 * 5.21.0, Incus included (review revA). */
static gboolean
restrictions_late(const MsApply *apply)
{
    return ms_profile_has(apply->profile, MS_FEATURE_CREATE_NAME_CHECK_SYNC);
}

/* incus create/launch -s POOL --project MISSING: the client GETs the pool
 * with the project before it sends the create (cmd/incus/create.go:255-258
 * at v6.0.4), and from 6.0.2 and 6.4 storagePoolGet loads that project
 * first (HiddenStoragePools, cmd/incusd/storage_pools.go:692 and
 * internal/server/project/permissions.go:26-29 at v6.0.4; not at v6.0.0,
 * v6.0.1, v6.1-v6.3; read up to v6.23.0, whose handler differs at v7.3.0):
 * 'Failed loading storage pool "P": Failed getting project: Project not
 * found' (live 6.0.4: tools/live-random.py --product incus --gen 17 --seed
 * 27017, scenario 2 line 22).  With -n the network is read before (not
 * followed); without -s the create's own answer stays not modelled.  TRUE
 * when refused. */
static gboolean
incus_pool_read_project_missing(MsApply *apply)
{
    static const MsReleases hidden_pools = { MS_SPAN_NONE,
                                             MS_SPAN_NONE,
                                             MS_SPAN_NONE,
                                             { MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 2)),
                                               MS_SPAN_RANGE(MS_VERSION_INCUS(6, 4, 0),
                                                             MS_VERSION_INCUS(7, 0, 0)) } };
    const MsOp *op = apply->op;
    g_autofree char *target_error = NULL;

    if (!ms_profile_is_incus(apply->profile) ||
        !ms_releases_contain(&hidden_pools, apply->profile->version) || op->pool == NULL || op->pool_unread ||
        op->network != NULL || ms_cluster_has_project(apply->cluster, op->project))
        return FALSE;
    target_error = cli_target_read_error(apply);
    if (target_error != NULL)
        return FALSE;
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (its pool GET loads the project) */
    if (!ms_apply_check(apply, MS_RULE_CLI_CREATE_POOL_NOT_FOUND, op->pool, TRUE))
        return FALSE;
    ms_apply_reject(apply, MS_RULE_CLI_CREATE_POOL_NOT_FOUND, op->pool,
                    "Failed getting project: Project not found");
    return TRUE;
}

static gboolean
init_instance(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(MsInstance) instance = NULL;
    g_autoptr(MsDevices) expanded = NULL;
    g_autoptr(GHashTable) local_config = NULL;
    g_autoptr(GPtrArray) all_devices = NULL;
    MsMember *member = NULL;
    g_autoptr(GPtrArray) candidates = NULL;
    g_auto(MsRejection) refusal = { 0 };
    gboolean has_root = FALSE;
    gboolean dup_sync = ms_profile_has(apply->profile, MS_FEATURE_CREATE_NAME_CHECK_SYNC);
    /* a member named: a group target leaves no target member (lxd/instances_post.go:898 at lxd-5.0.2) */
    gboolean targeted = op->target != NULL && op->group == NULL;
    MsDevicesIter iter;
    MsDevice *value;

    if (incus_pool_read_project_missing(apply))
        return FALSE;
    /* the project is loaded first (lxd/instances_post.go:859-866 at lxd-5.0.2) */
    if (ms_apply_check(apply, MS_RULE_CREATE_PROJECT_NOT_FOUND, ms_project_display(op->project),
                       !ms_cluster_has_project(cluster, op->project)))
        return ms_apply_reject(apply, MS_RULE_CREATE_PROJECT_NOT_FOUND, op->project);
    /* lxc reads the -n network and the -s pool, then the image
     * (lxc/init.go:223-227, :357-368 at lxd-5.0.2) */
    if (!cli_reads_network(apply) || !cli_reads_pool(apply) || !ms_apply_image_lookup(apply))
        return FALSE;
    if (!place_new_instance(apply, &member, &candidates))
        return FALSE;

    instance = new_instance(apply, member);
    if (instance == NULL)
        return FALSE;
    if (ms_apply_incus_duplicate_refused(apply, op->instance, op->project))
        return FALSE;

    /* AllowInstanceCreation: before the name is validated at lxd-5.0.2
     * (lxd/instances_post.go:1104, :1116), after it and after the name is
     * looked up from lxd-5.21 (:1407-1420, :1467 at lxd-5.21.7) */
    if (!restrictions_late(apply) && !ms_apply_project_instance_create(apply, instance, targeted))
        return FALSE;
    /* instancesPost validates the name after the target and the profiles
     * and before choosing a member or looking the name up (BadRequest) */
    {
        g_autofree char *invalid = ms_name_check(MS_NAME_INSTANCE, op->instance, apply->profile);
        if (ms_apply_check(apply, MS_RULE_NAME_INSTANCE, op->instance, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_INSTANCE, 400, FALSE, g_steal_pointer(&invalid));
    }
    {
        const MsInstance *other = ms_cluster_lookup_instance(cluster, op->instance);
        if (other != NULL && !ms_project_same(other->project, op->project))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: an instance name in two projects is not modelled "
                                                 "(%s exists in project %s; LXD would create it in %s)",
                                                 op->instance, ms_project_display(other->project),
                                                 ms_project_display(op->project)));
    }
    /* The record: name, then local config (CreateInternal).  From 5.21.5/6.6
     * the request handler looks the name up before any operation exists. */
    if (restrictions_late(apply) && !dup_sync && !ms_apply_project_instance_create(apply, instance, targeted))
        return FALSE;
    /* the pick comes before the create operation's own name-in-use check */
    if (!dup_sync && (!create_no_member(apply, member) || !ms_apply_refuse_create_at_target(apply, member)))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_CREATE_DUPLICATE, op->instance,
                       ms_cluster_lookup_instance(cluster, op->instance) != NULL))
        return ms_apply_reject_async(apply, MS_RULE_CREATE_DUPLICATE, !dup_sync, op->instance);
    if (dup_sync && ms_apply_pick_precedes_limits(apply) &&
        !pick_member(apply, candidates, &member, instance))
        return FALSE;
    if (restrictions_late(apply) && dup_sync && !ms_apply_project_instance_create(apply, instance, targeted))
        return FALSE;
    if (dup_sync && !ms_apply_pick_precedes_limits(apply) && !create_no_member(apply, member))
        return FALSE;
    if (dup_sync && !ms_apply_refuse_create_at_target(apply, member))
        return FALSE;
    local_config = ms_instance_config_table(instance);
    if (!ms_instance_config_validate(apply->env, instance->type, local_config, instance->name, &refusal))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                             ms_apply_config_refusal(apply, &refusal, MS_CONFIG_TEXT_CREATE));
    /* the create writes its own idmap keys over the request's (seen live
     * on 5.0.2: -c volatile.idmap.next=x, then updates taken) */
    ms_instance_forget_created_idmap(instance);

    /* The driver's create: static devices, root disk, then devicesAdd. */
    expanded = ms_cluster_expand_devices(cluster, instance);
    if (!ms_apply_validate_devices_static(apply, instance, expanded, FALSE, MS_RULE_CREATE_ROOT_DETECT,
                                          &refusal)) {
        ms_apply_check(apply, MS_RULE_WRAP_CREATE, instance->name, TRUE);
        ms_apply_wrap_alternatives(apply, MS_RULE_WRAP_CREATE);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                             ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message));
    }
    ms_devices_iter_init(&iter, expanded);
    while (ms_devices_iter_next(&iter, NULL, &value)) {
        if (g_str_equal(ms_device_lookup_lit(value, "type") ?: "", "disk") &&
            g_str_equal(ms_device_lookup_lit(value, "path") ?: "", "/")) {
            has_root = TRUE;
            if (ms_apply_check(apply, MS_RULE_CREATE_POOL_NOT_FOUND, instance->name,
                               ms_cluster_lookup_pool(cluster, ms_device_lookup_lit(value, "pool")) == NULL))
                return ms_apply_reject(apply, MS_RULE_CREATE_POOL_NOT_FOUND);
        }
    }
    if (ms_apply_check(apply, MS_RULE_CREATE_NO_ROOT, instance->name, !has_root))
        return ms_apply_reject(apply, MS_RULE_CREATE_NO_ROOT);

    all_devices = ms_devices_sorted(expanded);
    if (!ms_apply_add_instance_record(apply, g_steal_pointer(&instance), all_devices, member))
        return FALSE;

    if (op->start) {
        MsInstance *created = ms_cluster_lookup_instance(cluster, op->instance);
        if (!ms_instance_start_check(cluster, apply->env, created, FALSE, &refusal)) {
            ms_instance_mark_hook_failed(apply, created, refusal.rule);
            return ms_apply_fail_rejection(apply, &refusal, TRUE);
        }
        ms_instance_mark_started(apply, created);
        ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, op->instance, NULL, member->name, NULL);
    }
    return TRUE;
}

/* An image of another remote (ubuntu:, images:) is downloaded first thing
 * in the create operation and kept in the project, marked cached, when the
 * project has features.images=true (createFromImage's run: ImageDownload
 * with SetCached and the project, lxd/instances_post.go:50, :79-90 at
 * lxd-5.0.2; ensureDownloadedImageFitWithinBudget, :113 and :66-72 at
 * lxd-5.21.7, :121 and :74-80 at lxd-6.9; Incus cmd/incusd/
 * instances_post.go:120, :70 at v6.0.4).  It stays when the create fails
 * later in that operation (an async refusal) and when the instance is
 * deleted, and projectIsEmpty counts it (LXD #13507): it joins the
 * project's store under the name typed, with no alias, so a later
 * `lxc launch ALIAS --project P` still looks ALIAS up in vain. */
static void
cache_remote_image(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsProject *project;

    if (op->empty || op->image == NULL || ms_project_key(op->project) == NULL ||
        strchr(op->image, ':') == NULL || g_str_has_prefix(op->image, "local:"))
        return;
    project = ms_cluster_lookup_project(apply->cluster, op->project);
    if (!ms_project_images_known(project))
        return;
    g_hash_table_add(project->images, g_strdup(op->image));
}

gboolean
ms_apply_init(MsApply *apply)
{
    gboolean ok = init_instance(apply);

    if (ok || apply->outcome->async)
        cache_remote_image(apply);
    return ok;
}
