/* migsim: instance lifecycle, config, devices and profiles. */
#include "ms-apply-private.h"
#include "ms-names.h"
#include "ms-device-types.h"

#include <string.h>

/* CreateInternal: validation errors of the new record are wrapped once
 * (lxd/instance.go:158 at lxd-5.21.7). */
#define CREATE_RECORD_ERROR "Failed creating instance record: %s"

MsInstance *
ms_apply_lookup_instance(MsApply *apply, const char *name, gboolean async)
{
    MsInstance *instance = ms_cluster_lookup_project_instance(apply->cluster, apply->op->project, name);

    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, name, instance == NULL)) {
        ms_apply_reject_async(apply, MS_RULE_INSTANCE_NOT_FOUND, async);
        return NULL;
    }
    /* lxc's first request about the instance is forwarded to its member */
    if (ms_apply_forward_refused(apply, name, instance->location))
        return NULL;
    return instance;
}

gboolean
ms_apply_forward_refused(MsApply *apply, const char *name, const char *location)
{
    /* clang-format off */
    static const MsReleases unavailable = MS_REL_SINCE(4, 3);
    /* clang-format on */
    const MsMember *member = location != NULL ? ms_cluster_lookup_member(apply->cluster, location) : NULL;

    if (!ms_rule_applies(MS_RULE_INSTANCE_MEMBER_OFFLINE, apply->profile) ||
        (member != NULL && apply->env->client != NULL && g_str_equal(member->name, apply->env->client)))
        return FALSE;
    if (!ms_apply_check(apply, MS_RULE_INSTANCE_MEMBER_OFFLINE, name,
                        member != NULL && member->status == MS_MEMBER_OFFLINE))
        return FALSE;
    ms_apply_reject(apply, MS_RULE_INSTANCE_MEMBER_OFFLINE);
    if (ms_releases_contain(&unavailable, apply->profile->version))
        apply->outcome->http_status = 503;
    return TRUE;
}

const char *
ms_strip_invalid_config(const char *message)
{
    return g_str_has_prefix(message, "Invalid config: ") ? message + strlen("Invalid config: ") : message;
}

/* Static validation (ValidDevices): each device alone, no expanded config.
 * FALSE: @out holds the failing device's rule and the WRAP.STATIC text. */
gboolean
ms_apply_validate_devices_static(MsApply *apply, const MsInstance *instance, GHashTable *devices,
                                 gboolean for_profile, MsRejection *out)
{
    g_autoptr(GPtrArray) order = ms_devices_sorted(devices);
    MsDeviceContext ctx = {
        .cluster = apply->cluster,
        .env = apply->env,
        .mode = MS_VALIDATE_STATIC,
        .instance_name = instance ? instance->name : NULL,
        .type = instance ? instance->type : MS_INSTANCE_CONTAINER,
        .member = instance ? instance->location : NULL,
        .sibling_devices = devices,
        .local_devices = instance ? instance->devices : NULL,
        .for_profile = for_profile,
    };

    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        g_auto(MsRejection) refusal = { 0 };

        if (!ms_device_validate(&ctx, name, g_hash_table_lookup(devices, name), &refusal)) {
            ms_env_check(apply->env, MS_RULE_WRAP_STATIC, name, TRUE);
            /* ValidDevices walks a Go map (lxd/instance/drivers/load.go:90
             * at lxd-5.0.2): any failing device may be the one named, e.g.
             * either of two disks with the same path (seen live) */
            for (guint j = i + 1; j < order->len; j++) {
                const char *other = order->pdata[j];
                g_auto(MsRejection) why = { 0 };

                if (ms_device_validate(&ctx, other, g_hash_table_lookup(devices, other), &why))
                    continue;
                if (apply->outcome->alternatives == NULL)
                    apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
                g_ptr_array_add(apply->outcome->alternatives,
                                ms_rule_message(MS_RULE_WRAP_STATIC, apply->profile, other, why.message));
                ms_outcome_add_note(
                    apply->outcome,
                    "LXD checks the devices in Go map order: it may name device \"%s\" instead of \"%s\"",
                    other, name);
            }
            return ms_reject_status(
                out, refusal.rule, 400,
                ms_rule_message(MS_RULE_WRAP_STATIC, apply->profile, name, refusal.message));
        }
    }
    return TRUE;
}

/* Instance-mode validation of @names (devicesAdd / devicesUpdate).  FALSE:
 * @out holds the failing device's rule and @wrapper's text. */
gboolean
ms_apply_validate_devices_instance(MsApply *apply, const MsInstance *instance, GPtrArray *names,
                                   MsRuleId wrapper, MsRejection *out)
{
    g_autoptr(GHashTable) devices = ms_cluster_expand_devices(apply->cluster, instance);
    MsDeviceContext ctx;

    ms_device_context_for_instance(&ctx, apply->cluster, apply->env, instance,
                                   ms_instance_expanded_stateful(apply->cluster, apply->profile, instance),
                                   devices);
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        GHashTable *device = g_hash_table_lookup(devices, name);
        g_auto(MsRejection) refusal = { 0 };

        if (device == NULL || ms_device_validate(&ctx, name, device, &refusal))
            continue;
        ms_apply_check(apply, wrapper, name, TRUE); /* check sites: WRAP_ADD WRAP_UPDATE */
        return ms_reject_status(out, refusal.rule, 400,
                                ms_rule_message(wrapper, apply->profile, name, refusal.message));
    }
    return TRUE;
}

/* CreateInternal's last step: the record of @instance (consumed) is added
 * and @devices, its expanded devices in start order, validated in instance
 * mode; a failure reverts the record and fails with WRAP.CREATE
 * (lxd/instance.go:158 at lxd-5.21.7). */
static gboolean
add_instance_record(MsApply *apply, MsInstance *instance, GPtrArray *devices, const MsMember *member)
{
    g_autofree char *name = g_strdup(instance->name);
    g_auto(MsRejection) refusal = { 0 };

    ms_cluster_add_instance(apply->cluster, instance);
    if (!ms_apply_validate_devices_instance(apply, instance, devices, MS_RULE_WRAP_ADD, &refusal)) {
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
place_in_group(MsApply *apply, MsMember **member)
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
    allowed = ms_project_cluster_groups(ms_cluster_lookup_project(cluster, op->project));
    for (guint i = candidates->len; allowed != NULL && i-- > 0;) {
        gboolean in_any = FALSE;
        for (guint g = 0; allowed[g] != NULL; g++)
            in_any = in_any || ms_member_in_group(candidates->pdata[i], allowed[g]);
        if (!in_any)
            g_ptr_array_remove_index(candidates, i);
    }
    ms_apply_placement_scriptlet(apply, op->instance, "new instance");
    *member = ms_cluster_least_loaded(candidates);
    if (!place_by_placement_group(apply, candidates, member))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, op->instance, *member == NULL))
        return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
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
     * in ms_apply_init stays first. */
    if (op->pool == NULL || op->pool_unread)
        return TRUE;
    /* where lxc sets the target before it reads the pool, the GET
     * carries ?target= and an unknown member (or '@GROUP', which is no
     * member name) fails its resolution first (lxd/db/node.go:269
     * GetNodeByName at lxd-5.0.2, the same text at every tag).  lxc/init.go
     * UseTarget before GetStoragePool: :148,224 at lxd-5.0.2 .. 5.0.4,
     * 5.1 .. 5.20 (:148,224 at lxd-5.20), lxd-5.21.0 .. 5.21.2 (:156,232
     * at lxd-5.21.2) and lxd-6.1; the pool first from lxd-5.0.5 (:226,246),
     * lxd-5.21.3 (:245,265), lxd-6.2 (:245,265) and at every Incus tag
     * (cmd/incus/create.go:237,257 at v6.0.0, :255,275 at v6.0.4) */
    /* clang-format off */
    static const MsReleases target_first = MS_REL_V5(MS_SPAN_UNTIL(MS_VERSION(5, 0, 5)), MS_SPAN_ALL,
                                                     MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)),
                                                     MS_SPAN_UNTIL(MS_VERSION(6, 2, 0)));
    /* clang-format on */
    gboolean reads_target = op->target != NULL && ms_releases_contain(&target_first, apply->profile->version);
    const MsMember *target = reads_target ? ms_cluster_lookup_member(cluster, op->target) : NULL;
    gboolean no_target = reads_target && target == NULL;
    /* the GET is forwarded to an offline target before the pool is
     * looked up (lxd/cluster/connect.go:37 at lxd-5.0.2; seen live:
     * 'Failed loading storage pool "local": Missing event connection
     * with target cluster member', tests/live/scenarios/offline-member.scn) */
    gboolean target_offline = target != NULL && target->status == MS_MEMBER_OFFLINE;
    gboolean no_pool = ms_cluster_lookup_pool(cluster, op->pool) == NULL;
    if (ms_apply_check(apply, MS_RULE_CLI_CREATE_POOL_NOT_FOUND, op->pool,
                       no_target || target_offline || no_pool)) {
        g_autofree char *inner = no_target ? g_strdup("Cluster member not found")
                                 : target_offline
                                     ? ms_rule_message(MS_RULE_INSTANCE_MEMBER_OFFLINE, apply->profile)
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
 * before the operation exists; FALSE when refused. */
static gboolean
place_new_instance(MsApply *apply, MsMember **member_out)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsMember *member = NULL;

    if (op->group != NULL) {
        if (!place_in_group(apply, &member))
            return FALSE;
    } else if (op->target != NULL) {
        ms_apply_project_targeting(apply, op->project);
        member = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target);
        if (!ms_apply_project_member(apply, op->project, member))
            return FALSE;
        if (ms_apply_check(apply, MS_RULE_CREATE_EVACUATED, op->target,
                           member->status == MS_MEMBER_EVACUATED))
            return ms_apply_reject(apply, MS_RULE_CREATE_EVACUATED);
        if (refuse_create_target_offline(apply, member))
            return FALSE;
    } else {
        /* candidates only from the project's restricted.cluster.groups
         * (lxd/instances_post.go:873,1093 at lxd-5.0.2) */
        member = ms_cluster_pick_member_in(cluster, op->project, NULL, NULL);
        ms_apply_placement_scriptlet(apply, op->instance, "new instance");
        if (new_instance_placement_group(apply) != NULL) {
            g_autoptr(GPtrArray) candidates = ms_cluster_candidates_in(cluster, op->project, NULL, NULL);
            if (!place_by_placement_group(apply, candidates, &member))
                return FALSE;
        }
        if (ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, op->instance, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
    }
    *member_out = member;
    return TRUE;
}

/* -d DEVICE,KEY=VALUE on a new instance: the client overlays a local
 * device, else a copy of the profiles' device (ApplyDeviceOverrides); FALSE
 * when refused. */
static gboolean
override_devices(MsApply *apply, MsInstance *instance)
{
    const MsOp *op = apply->op;
    g_autoptr(GHashTable) from_profiles = NULL;

    if (op->device_overrides == NULL)
        return TRUE;
    from_profiles = ms_cluster_expand_devices(apply->cluster, instance);
    for (guint i = 0; i < op->device_overrides->len; i++) {
        const char *entry = op->device_overrides->pdata[i];
        const char *comma = strchr(entry, ',');
        const char *eq = strchr(comma, '=');
        g_autofree char *dev_name = g_strndup(entry, comma - entry);
        g_autofree char *key = g_strndup(comma + 1, eq - comma - 1);
        GHashTable *device = g_hash_table_lookup(instance->devices, dev_name);

        if (device == NULL) {
            GHashTable *base = g_hash_table_lookup(from_profiles, dev_name);
            if (ms_apply_check(apply, MS_RULE_CREATE_DEVICE_OVERRIDE, dev_name, base == NULL))
                return ms_apply_reject(apply, MS_RULE_CREATE_DEVICE_OVERRIDE, dev_name);
            device = ms_config_copy(base);
            g_hash_table_insert(instance->devices, g_strdup(dev_name), device);
        }
        ms_config_set(device, key, eq + 1);
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

    instance = ms_instance_new(op->instance, op->vm ? MS_INSTANCE_VM : MS_INSTANCE_CONTAINER, member->name);
    instance->project = g_strdup(ms_project_key(op->project));
    if (op->profiles != NULL) {
        for (guint i = 0; i < op->profiles->len; i++) {
            const char *name = op->profiles->pdata[i];
            if (ms_apply_check(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name,
                               ms_cluster_lookup_profile_in(cluster,
                                                            ms_cluster_profile_project(cluster, op->project),
                                                            name) == NULL)) {
                ms_apply_reject(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name);
                return NULL;
            }
            g_ptr_array_add(instance->profiles, g_strdup(name));
        }
    } else if (!op->no_profiles) {
        g_ptr_array_add(instance->profiles, g_strdup("default"));
    }
    for (guint i = 0; i < op->keys->len; i++)
        ms_instance_set_config(instance, op->keys->pdata[i], op->values->pdata[i]);
    placement = ms_cluster_expanded_value(cluster, apply->profile, instance, "placement.group", NULL, NULL);
    if (op->group != NULL && ms_releases_contain(&group_recorded, apply->profile->version) &&
        !(ms_releases_contain(&group_yields_to_placement, apply->profile->version) && placement != NULL &&
          *placement != '\0'))
        ms_instance_set_config(instance, "volatile.cluster.group", op->group);
    if (op->pool != NULL) {
        GHashTable *root = ms_config_new();
        ms_config_set(root, "type", "disk");
        ms_config_set(root, "path", "/");
        ms_config_set(root, "pool", op->pool);
        g_hash_table_insert(instance->devices, g_strdup("root"), root);
    }
    return override_devices(apply, instance) ? g_steal_pointer(&instance) : NULL;
}

gboolean
ms_apply_init(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(MsInstance) instance = NULL;
    g_autoptr(GHashTable) expanded = NULL;
    g_autoptr(GHashTable) local_config = NULL;
    g_autoptr(GPtrArray) all_devices = NULL;
    MsMember *member = NULL;
    g_auto(MsRejection) refusal = { 0 };
    gboolean has_root = FALSE;
    GHashTableIter iter;
    gpointer key, value;

    /* the project is loaded first (lxd/instances_post.go:859-866 at lxd-5.0.2) */
    if (ms_apply_check(apply, MS_RULE_CREATE_PROJECT_NOT_FOUND, ms_project_display(op->project),
                       !ms_cluster_has_project(cluster, op->project)))
        return ms_apply_reject(apply, MS_RULE_CREATE_PROJECT_NOT_FOUND, op->project);
    if (!cli_reads_pool(apply))
        return FALSE;
    if (!place_new_instance(apply, &member))
        return FALSE;

    instance = new_instance(apply, member);
    if (instance == NULL)
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
    if (ms_apply_check(apply, MS_RULE_CREATE_DUPLICATE, op->instance,
                       ms_cluster_lookup_instance(cluster, op->instance) != NULL))
        return ms_apply_reject_async(apply, MS_RULE_CREATE_DUPLICATE,
                                     !ms_profile_has(apply->profile, MS_FEATURE_CREATE_NAME_CHECK_SYNC),
                                     op->instance);
    local_config = ms_instance_config_table(instance);
    if (!ms_instance_config_validate(apply->env, instance->type, local_config, instance->name, &refusal))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                             g_strdup_printf(CREATE_RECORD_ERROR, ms_strip_invalid_config(refusal.message)));

    /* The driver's create: static devices, root disk, then devicesAdd. */
    expanded = ms_cluster_expand_devices(cluster, instance);
    if (!ms_apply_validate_devices_static(apply, instance, expanded, FALSE, &refusal)) {
        ms_apply_check(apply, MS_RULE_WRAP_CREATE, instance->name, TRUE);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                             ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message));
    }
    g_hash_table_iter_init(&iter, expanded);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (g_str_equal(ms_config_get(value, "type") ?: "", "disk") &&
            g_str_equal(ms_config_get(value, "path") ?: "", "/")) {
            has_root = TRUE;
            if (ms_apply_check(apply, MS_RULE_CREATE_POOL_NOT_FOUND, instance->name,
                               ms_cluster_lookup_pool(cluster, ms_config_get(value, "pool")) == NULL))
                return ms_apply_reject(apply, MS_RULE_CREATE_POOL_NOT_FOUND);
        }
    }
    if (ms_apply_check(apply, MS_RULE_CREATE_NO_ROOT, instance->name, !has_root))
        return ms_apply_reject(apply, MS_RULE_CREATE_NO_ROOT);

    all_devices = ms_devices_sorted(expanded);
    if (!add_instance_record(apply, g_steal_pointer(&instance), all_devices, member))
        return FALSE;

    if (op->start) {
        MsInstance *created = ms_cluster_lookup_instance(cluster, op->instance);
        if (!ms_instance_start_check(cluster, apply->env, created, FALSE, &refusal))
            return ms_apply_fail_rejection(apply, &refusal, TRUE);
        ms_instance_mark_started(created);
        ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, op->instance, NULL, member->name, NULL);
    }
    return TRUE;
}

/* ---- start / stop / restart / delete ---- */

/* PUT /1.0/instances/NAME/state refuses anything but stop on an evacuated
 * member before any operation exists; TRUE when refused. */
static gboolean
on_evacuated(MsApply *apply, const char *name, const MsInstance *instance)
{
    const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

    if (!ms_apply_check(apply, MS_RULE_STATE_EVACUATED, name,
                        member != NULL && member->status == MS_MEMBER_EVACUATED))
        return FALSE;
    ms_apply_reject(apply, MS_RULE_STATE_EVACUATED);
    return TRUE;
}

static gboolean
start_one(MsApply *apply, const char *name)
{
    MsInstance *instance = ms_apply_lookup_instance(apply, name, FALSE);
    g_auto(MsRejection) refusal = { 0 };

    if (instance == NULL || on_evacuated(apply, name, instance))
        return FALSE;
    if (!ms_instance_start_check(apply->cluster, apply->env, instance, apply->op->stateful, &refusal))
        return ms_apply_fail_rejection(apply, &refusal, TRUE);
    ms_instance_mark_started(instance);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, name, NULL, instance->location, NULL);
    return TRUE;
}

static gboolean
stop_one(MsApply *apply, MsInstance *instance, gboolean stateful)
{
    const MsProfile *profile = apply->profile;

    if (ms_apply_check(apply, MS_RULE_STOP_ALREADY_STOPPED, instance->name,
                       instance->status == MS_INSTANCE_STOPPED))
        return ms_apply_reject(apply, MS_RULE_STOP_ALREADY_STOPPED);
    if (stateful && instance->type == MS_INSTANCE_CONTAINER &&
        ms_apply_check(apply, MS_RULE_STOP_CT_STATEFUL, instance->name, TRUE)) {
        /* before 6.6 the outcome depends on the member's CRIU, which no
         * scenario describes */
        if (strstr(ms_rule_format(MS_RULE_STOP_CT_STATEFUL, profile), "CRIU") != NULL)
            ms_outcome_add_note(apply->outcome,
                                "%s: migsim assumes CRIU is not installed on %s (with CRIU, LXD %s would "
                                "checkpoint the container)",
                                instance->name, instance->location, profile->name);
        return ms_apply_reject(apply, MS_RULE_STOP_CT_STATEFUL);
    }
    if (stateful && instance->type == MS_INSTANCE_VM) {
        g_autoptr(GHashTable) config = ms_cluster_expand_config(apply->cluster, profile, instance);
        gboolean mig = ms_is_true(ms_config_get(config, "migration.stateful"));

        if (ms_apply_check(apply, MS_RULE_STOP_STATEFUL_NEEDS_KEY, instance->name, !mig))
            return ms_apply_reject(apply, MS_RULE_STOP_STATEFUL_NEEDS_KEY);
        if (ms_rule_applies(MS_RULE_STOP_SIZE_STATE, profile)) {
            g_autoptr(GHashTable) devices = ms_cluster_expand_devices(apply->cluster, instance);
            guint64 size_state = 0, memory = 1ULL << 30;
            GHashTableIter iter;
            gpointer value;

            g_hash_table_iter_init(&iter, devices);
            while (g_hash_table_iter_next(&iter, NULL, &value))
                if (g_str_equal(ms_config_get(value, "path") ?: "", "/"))
                    ms_parse_size(ms_config_get(value, "size.state"), &size_state);
            ms_parse_size(ms_config_get(config, "limits.memory"), &memory);
            if (ms_apply_check(apply, MS_RULE_STOP_SIZE_STATE, instance->name, size_state < memory))
                return ms_apply_reject(apply, MS_RULE_STOP_SIZE_STATE);
        }
    }
    ms_instance_mark_stopped(instance);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, instance->location, NULL, NULL);
    return TRUE;
}

gboolean
ms_apply_start(MsApply *apply)
{
    for (guint i = 0; i < apply->op->instances->len; i++)
        if (!start_one(apply, apply->op->instances->pdata[i]))
            return FALSE;
    return TRUE;
}

gboolean
ms_apply_stop(MsApply *apply)
{
    for (guint i = 0; i < apply->op->instances->len; i++) {
        MsInstance *instance = ms_apply_lookup_instance(apply, apply->op->instances->pdata[i], FALSE);
        if (instance == NULL || !stop_one(apply, instance, apply->op->stateful))
            return FALSE;
    }
    return TRUE;
}

gboolean
ms_apply_restart(MsApply *apply)
{
    for (guint i = 0; i < apply->op->instances->len; i++) {
        const char *name = apply->op->instances->pdata[i];
        MsInstance *instance = ms_apply_lookup_instance(apply, name, FALSE);

        if (instance == NULL || on_evacuated(apply, name, instance))
            return FALSE;
        /* Restart is a shutdown then a start (inferred: a stopped instance
         * fails the shutdown with "already stopped"). */
        if (!stop_one(apply, instance, FALSE) || !start_one(apply, name))
            return FALSE;
    }
    return TRUE;
}

gboolean
ms_apply_delete(MsApply *apply)
{
    const MsOp *op = apply->op;

    /* lxc reads every instance before it deletes any (instancesExist,
     * lxc/delete.go:88 + lxc/utils.go:227 at lxd-5.0.2; from 5.0.1) */
    if (ms_rule_applies(MS_RULE_CLI_DELETE_EXISTS_WRAP, apply->profile)) {
        for (guint i = 0; i < op->instances->len; i++) {
            if (strchr(op->instances->pdata[i], '/') != NULL) {
                if (!ms_apply_snapshot_delete(apply, op->instances->pdata[i], TRUE))
                    return FALSE;
                continue;
            }
            if (ms_apply_lookup_instance(apply, op->instances->pdata[i], FALSE) == NULL) {
                apply->client_subject = op->instances->pdata[i];
                return FALSE;
            }
        }
    }
    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        MsInstance *instance;

        if (strchr(name, '/') != NULL) {
            if (!ms_apply_snapshot_delete(apply, name, FALSE))
                return FALSE;
            continue;
        }
        instance = ms_apply_lookup_instance(apply, name, FALSE);
        if (instance == NULL)
            return FALSE;
        if (ms_apply_check(apply, MS_RULE_DELETE_RUNNING, name,
                           instance->status == MS_INSTANCE_RUNNING && !op->force))
            return ms_apply_reject(apply, MS_RULE_DELETE_RUNNING);
        ms_outcome_add_event(apply->outcome, MS_EVENT_DELETED, name, instance->location, NULL, NULL);
        ms_cluster_remove_instance(apply->cluster, name);
    }
    return TRUE;
}

gboolean
ms_apply_backup(MsApply *apply)
{
    MsInstance *instance = ms_apply_lookup_instance(apply, apply->op->instance, FALSE);

    if (instance == NULL)
        return FALSE;
    instance->n_backups++;
    return TRUE;
}

/* ---- lxc snapshot / lxc copy ---- */

gboolean
ms_apply_snapshot(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    g_autofree char *name = NULL;

    if (instance == NULL)
        return FALSE;
    /* snapshots.pattern defaults to snap%d, numbered from the count */
    name =
        op->snapshot != NULL ? g_strdup(op->snapshot) : g_strdup_printf("snap%u", instance->snapshots->len);
    if (op->stateful && instance->type == MS_INSTANCE_CONTAINER) {
        gboolean running = instance->status == MS_INSTANCE_RUNNING;
        /* a container has no state to save without CRIU (driver_lxc.go Snapshot) */
        ms_apply_check(apply, MS_RULE_SNAPSHOT_CT_STATEFUL, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_CT_STATEFUL,
                               running ? "CRIU isn't installed" : "The instance isn't running");
    }
    if (op->stateful)
        ms_outcome_add_note(apply->outcome,
                            "not modelled: whether a stateful snapshot of a virtual machine "
                            "succeeds (its state is not simulated); taken as a plain snapshot");
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_EXISTS, op->instance,
                       g_ptr_array_find_with_equal_func(instance->snapshots, name, g_str_equal, NULL)))
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_EXISTS, name);
    ms_instance_record_snapshot(instance, name);
    g_ptr_array_add(instance->snapshots, g_steal_pointer(&name));
    return TRUE;
}

/* A copy gets its source's local config (volatile keys dropped) and local
 * devices; a copy of a snapshot gets the snapshot's: lxc sends the
 * snapshot's (lxc/copy.go:202-220 at lxd-6.9) and createFromCopy takes
 * the local ones of the source it loads, the snapshot when it is one
 * (lxd/instances_post.go:403,447,467 at lxd-5.0.2; :500,514,531 at
 * lxd-5.21.7).  Seen live: tools/live-random.py --seed 202, scenario 10. */
static void
copy_config_and_devices(MsApply *apply, const MsInstance *source, MsInstance *copy)
{
    const char *snapshot = apply->op->snapshot;
    const MsInstanceSnapshot *record =
        snapshot != NULL ? ms_instance_lookup_snapshot(source, snapshot) : NULL;
    const MsConfigMap *config = record != NULL ? record->config : source->config;

    if (snapshot != NULL && record == NULL)
        ms_outcome_add_note(apply->outcome,
                            "not modelled: the config and devices of snapshot %s, which the copy gets "
                            "(the snapshot was not taken in this run); the copy gets %s's current ones",
                            snapshot, source->name);
    for (guint i = 0; i < ms_config_map_size(config); i++)
        if (!g_str_has_prefix(ms_config_map_key(config, i), "volatile."))
            ms_instance_set_config(copy, ms_config_map_key(config, i), ms_config_map_value(config, i));
    g_hash_table_unref(copy->devices);
    copy->devices = ms_devices_copy(record != NULL ? record->devices : source->devices);
}

/* Appends @source's snapshots to @copy's, each with its record. */
static void
copy_snapshots(const MsInstance *source, MsInstance *copy)
{
    for (guint i = 0; i < source->snapshots->len; i++) {
        const char *name = source->snapshots->pdata[i];
        const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(source, name);

        g_ptr_array_add(copy->snapshots, g_strdup(name));
        if (record != NULL)
            ms_instance_adopt_snapshot(copy, name, record);
    }
}

/* Do @a and @b have the same snapshots, by name and in order? */
static gboolean
same_snapshot_names(const MsInstance *a, const MsInstance *b)
{
    if (a->snapshots->len != b->snapshots->len)
        return FALSE;
    for (guint i = 0; i < a->snapshots->len; i++)
        if (!g_str_equal(a->snapshots->pdata[i], b->snapshots->pdata[i]))
            return FALSE;
    return TRUE;
}

static gboolean
refresh_not_modelled(MsApply *apply, const char *what)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: lxc copy --refresh %s is not modelled", what));
}

/* lxc copy SRC DST --refresh where DST exists.  Modelled only when the
 * refresh stays on one member with both instances stopped: createFromCopy
 * then refreshes locally (lxd/instances_post.go:415-441 at lxd-5.0.2), the
 * target's snapshots not in the source are deleted and the source's missing
 * ones copied (storagePools.CompareSnapshots, lxd/instance.go:233-286 at
 * lxd-5.0.2; lxd/storage/utils.go:955-989), none with --instance-only
 * (instance.go:233), and lxc puts the source's config, devices and
 * profiles on the target (lxc/copy.go:360-380 at lxd-5.0.2, :409-440 at
 * lxd-5.21.7; server-side at lxd-6.9, lxd/instance.go:273-276, with the
 * client fallback at lxc/copy.go:320-331). */
static gboolean
refresh_existing(MsApply *apply, const MsInstance *source, MsInstance *existing, const MsMember *member)
{
    const MsOp *op = apply->op;
    g_autofree char *placed = NULL;

    /* Incus's refresh (cmd/incusd/instance.go at v6.0.4) is not audited */
    if (ms_profile_is_incus(apply->profile))
        return refresh_not_modelled(apply, "of an existing instance under Incus");
    /* lxd-5.x forwards the request to --target's or the scheduler's member
     * (instances_post.go:1121-1156 at lxd-5.0.2), lxd-6.9 to the existing
     * instance's (instances_post.go:1479-1494 at lxd-6.9); across members
     * the refresh is a migration (clusterCopyContainerInternal, :430,441 at
     * lxd-5.0.2) whose outcome differs by storage and release (LXD #17464) */
    gboolean across =
        !g_str_equal(source->location, existing->location) || !g_str_equal(member->name, existing->location);

    /* lxd-5.0.2 across members, both stopped (seen on the live 5.0.2
     * cluster, 3 December 2026): placed on a third member, the migration
     * sink looks the existing instance's pool up on its own member
     * (GetInstancePool, lxd/db/instances.go:962; storage/pool_load.go:193)
     * and fails without a change (COPY.REFRESH_POOL_ELSEWHERE); placed on
     * the existing instance's member it refreshes it (config, as on one
     * member; seen with the same snapshots on both sides only).  Placed on
     * the source's member it fails with "Instance storage pool not found"
     * after dropping the target's snapshot records (its next start fails):
     * not modelled. */
    if (across && apply->profile->version == MS_VERSION(5, 0, 2) && source->status != MS_INSTANCE_RUNNING &&
        existing->status != MS_INSTANCE_RUNNING && source->type == existing->type &&
        g_strcmp0(source->project, existing->project) == 0 && !g_str_equal(member->name, source->location)) {
        gboolean elsewhere = !g_str_equal(member->name, existing->location);

        if (ms_apply_check(apply, MS_RULE_COPY_REFRESH_POOL_ELSEWHERE, existing->name, elsewhere))
            return ms_apply_reject(apply, MS_RULE_COPY_REFRESH_POOL_ELSEWHERE);
        across = !op->instance_only && !same_snapshot_names(source, existing);
    }
    if (across) {
        placed = g_strdup_printf("of %s on %s into %s on %s (request placed on %s)", source->name,
                                 source->location, existing->name, existing->location, member->name);
        return refresh_not_modelled(apply, placed);
    }
    /* LXD #17464: refreshes with a running instance fail or break the
     * target depending on storage and release; lxd-6.9 refuses a running
     * target on the migration path (instances_post.go:288-291) */
    if (source->status == MS_INSTANCE_RUNNING || existing->status == MS_INSTANCE_RUNNING)
        return refresh_not_modelled(apply, "with a running source or target");
    if (source->type != existing->type)
        return refresh_not_modelled(apply, "into an instance of another type");
    if (g_strcmp0(source->project, existing->project) != 0)
        return refresh_not_modelled(apply, "into another project");

    ms_outcome_add_note(
        apply->outcome,
        "not modelled on --refresh: which volatile keys %s keeps (lxc/copy.go:367 at lxd-5.0.2, "
        ":415-418 at lxd-5.21.7; shared/api/instance.go:486 at lxd-6.9) and, when both have a "
        "local root disk, its pool (kept from lxd-5.21: lxc/copy.go:420-425 at lxd-5.21.7, "
        "shared/api/instance.go:488-506 at lxd-6.9); migsim keeps the target's volatile keys and "
        "gives it the source's root disk",
        existing->name);
    {
        g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < ms_config_map_size(existing->config); i++)
            if (!g_str_has_prefix(ms_config_map_key(existing->config, i), "volatile."))
                g_ptr_array_add(keys, g_strdup(ms_config_map_key(existing->config, i)));
        for (guint i = 0; i < keys->len; i++)
            ms_instance_set_config(existing, keys->pdata[i], NULL);
    }
    copy_config_and_devices(apply, source, existing);
    g_ptr_array_set_size(existing->profiles, 0);
    for (guint i = 0; i < source->profiles->len; i++)
        g_ptr_array_add(existing->profiles, g_strdup(source->profiles->pdata[i]));
    if (op->instance_only)
        return TRUE;
    /* by name the target ends with the source's snapshots; one of the same
     * name but another creation date is deleted and copied again */
    for (guint i = 0; i < existing->snapshots->len; i++)
        ms_instance_forget_snapshot(existing, existing->snapshots->pdata[i], NULL);
    g_ptr_array_set_size(existing->snapshots, 0);
    copy_snapshots(source, existing);
    return TRUE;
}

/* A copy is a new instance record (instancesPost with source type "copy"):
 * placement, name and device checks as on create; volatile keys and
 * snapshots are not copied when the source is a snapshot. */
gboolean
ms_apply_copy(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsInstance *source = ms_apply_lookup_instance(apply, op->instance, FALSE);
    g_autoptr(MsInstance) copy = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GHashTable) expanded = NULL;
    MsMember *member;

    if (source == NULL)
        return FALSE;
    /* lxc refuses --refresh from a snapshot before fetching it
     * (lxc/copy.go:164-166 at lxd-5.0.2, :180-182 at lxd-5.21.7, :197-199
     * at lxd-6.9) */
    if (op->refresh && op->snapshot != NULL &&
        ms_apply_check(apply, MS_RULE_CLI_COPY_REFRESH_SNAPSHOT, op->instance, TRUE))
        return ms_apply_reject(apply, MS_RULE_CLI_COPY_REFRESH_SNAPSHOT);
    if (op->snapshot != NULL &&
        ms_apply_check(apply, MS_RULE_SNAPSHOT_NOT_FOUND, op->instance,
                       !g_ptr_array_find_with_equal_func(source->snapshots, op->snapshot, g_str_equal, NULL)))
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_NOT_FOUND, op->snapshot, op->instance);
    if (op->target != NULL) {
        member = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target);
        if (ms_apply_check(apply, MS_RULE_CREATE_EVACUATED, op->target,
                           member->status == MS_MEMBER_EVACUATED))
            return ms_apply_reject(apply, MS_RULE_CREATE_EVACUATED);
    } else {
        member = ms_cluster_pick_member_in(cluster, op->project, NULL, NULL);
        ms_apply_placement_scriptlet(apply, op->new_name, "new instance");
        if (ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, op->new_name, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
        /* the copy's create is placed by instancesPostSelectClusterMember
         * too (lxd/instances_post.go:1641 at lxd-6.9), with the config lxc
         * copy sends: that path is not modelled for copies */
        if (ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS) &&
            ms_cluster_expanded_value(cluster, apply->profile, source, "placement.group", NULL, NULL) != NULL)
            ms_outcome_add_note(
                apply->outcome,
                "%s: placement.group on a copy placed by the scheduler is not modelled; migsim "
                "shows the least-loaded member without the placement group's filter",
                op->new_name);
    }
    /* the copy is an instance create: instancesPost validates the name after
     * the target (instances_post.go:1116 at lxd-5.0.2, :1407 at lxd-5.21.7,
     * :1590 at lxd-6.9), then forwards it to --target's member (:1142 at
     * lxd-5.0.2, :1526 at lxd-5.21.7, :1718 at lxd-6.9), whose createFromCopy
     * starts the migration */
    {
        g_autofree char *invalid = ms_name_check(MS_NAME_INSTANCE, op->new_name, apply->profile);
        if (ms_apply_check(apply, MS_RULE_NAME_INSTANCE, op->new_name, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_INSTANCE, 400, FALSE, g_steal_pointer(&invalid));
    }
    if (op->target != NULL && refuse_create_target_offline(apply, member))
        return FALSE;
    /* lxc copy asks for a live copy of a running instance unless
     * --stateless (lxc/copy.go:460, client/lxd_instances.go CopyInstance),
     * whether the member is --target's or the scheduler's: the create is
     * forwarded to that member, whose createFromCopy migrates from the
     * source's member (lxd/instances_post.go:415-441, :1121-1156 at
     * lxd-5.0.2; seen live by tools/live-random.py, seed 101) */
    /* --refresh asks for no live copy: stateful = !stateless && !refresh
     * (lxc/copy.go:460 at lxd-5.0.2, :495 at lxd-5.21.7, :477 at lxd-6.9) */
    if (op->snapshot == NULL && source->type == MS_INSTANCE_CONTAINER &&
        source->status == MS_INSTANCE_RUNNING && !op->stateless && !op->refresh &&
        !g_str_equal(member->name, source->location)) {
        if (ms_rule_applies(MS_RULE_COPY_CT_LIVE, apply->profile)) {
            if (ms_apply_check(apply, MS_RULE_COPY_CT_LIVE, op->instance, TRUE))
                return ms_apply_reject(apply, MS_RULE_COPY_CT_LIVE);
        } else {
            ms_outcome_add_note(apply->outcome,
                                "not modelled for %s: a live copy of a running container to another member "
                                "(needs CRIU; the error path is not audited); simulated as --stateless",
                                apply->profile->name);
        }
    }
    /* --refresh of an existing instance updates it; of a missing one is a
     * plain copy (instanceCreateAsCopy, lxd/instance.go:199-205 at
     * lxd-5.0.2, :263-271 at lxd-6.9) */
    if (op->refresh) {
        MsInstance *existing = ms_cluster_lookup_instance(cluster, op->new_name);
        if (existing != NULL)
            return refresh_existing(apply, source, existing, member);
    }
    if (ms_apply_check(apply, MS_RULE_CREATE_DUPLICATE, op->new_name,
                       ms_cluster_lookup_instance(cluster, op->new_name) != NULL))
        return ms_apply_reject(apply, MS_RULE_CREATE_DUPLICATE, op->new_name);

    copy = ms_instance_new(op->new_name, source->type, member->name);
    copy->project = g_strdup(source->project);
    copy_config_and_devices(apply, source, copy);
    for (guint i = 0; i < source->profiles->len; i++)
        g_ptr_array_add(copy->profiles, g_strdup(source->profiles->pdata[i]));
    /* each snapshot is copied with its own config and devices
     * (instanceCreateAsCopy, lxd/instance.go:291,331 at lxd-5.0.2, :368,408
     * at lxd-6.9) */
    if (op->snapshot == NULL && !op->instance_only)
        copy_snapshots(source, copy);

    expanded = ms_cluster_expand_devices(cluster, copy);
    names = ms_devices_sorted(expanded);
    return add_instance_record(apply, g_steal_pointer(&copy), names, member);
}
