/* migsim: instance lifecycle, config, devices and profiles. */
#include "ms-apply-private.h"
#include "ms-names.h"
#include "ms-device-types.h"

#include <string.h>

/* CreateInternal: validation errors of the new record are wrapped once
 * (lxd/instance.go:158 at lxd-5.21.7). */
#define CREATE_RECORD_ERROR "Failed creating instance record: %s"

/* g_ptr_array_sort passes pointers to the elements */
static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static MsInstance *
lookup_instance(MsApply *apply, const char *name, gboolean async)
{
    MsInstance *instance = ms_cluster_lookup_project_instance(apply->cluster, apply->op->project, name);

    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, name, instance == NULL)) {
        ms_apply_reject_async(apply, MS_RULE_INSTANCE_NOT_FOUND, async);
        return NULL;
    }
    /* lxc's first request about the instance is forwarded to its member
     * (lxd/cluster/connect.go:37 at lxd-5.0.2, :39 at lxd-5.21.7, :64 at
     * lxd-6.9), which answers 503 from lxd-5.21.4 and lxd-6.3 */
    if (ms_rule_applies(MS_RULE_INSTANCE_MEMBER_OFFLINE, apply->profile)) {
        /* clang-format off */
        static const MsReleases unavailable = MS_REL_SINCE(4, 3);
        /* clang-format on */
        const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);
        if (ms_apply_check(apply, MS_RULE_INSTANCE_MEMBER_OFFLINE, name,
                           member != NULL && member->status == MS_MEMBER_OFFLINE)) {
            ms_apply_reject(apply, MS_RULE_INSTANCE_MEMBER_OFFLINE);
            if (ms_releases_contain(&unavailable, apply->profile->version))
                apply->outcome->http_status = 503;
            return NULL;
        }
    }
    return instance;
}

MsInstance *
ms_apply_lookup_instance(MsApply *apply, const char *name, gboolean async)
{
    return lookup_instance(apply, name, async);
}

static const char *
strip_invalid_config(const char *message)
{
    return g_str_has_prefix(message, "Invalid config: ") ? message + strlen("Invalid config: ") : message;
}

/* Static validation (ValidDevices): each device alone, no expanded config.
 * FALSE: @out holds the failing device's rule and the WRAP.STATIC text. */
static gboolean
validate_devices_static(MsApply *apply, const MsInstance *instance, GHashTable *devices, gboolean for_profile,
                        MsRejection *out)
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
static gboolean
validate_devices_instance(MsApply *apply, const MsInstance *instance, GPtrArray *names, MsRuleId wrapper,
                          MsRejection *out)
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

/* ---- lxc init / lxc launch ---- */

/* clang-format off */
static const MsReleases group_recorded = { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)),
                                           MS_SPAN_FROM(MS_VERSION(6, 6, 0)), MS_INC_ALL };
/* clang-format on */

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
    if (ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, op->instance, *member == NULL))
        return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
    return TRUE;
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
    /* lxc reads the -s pool before it sends the create (lxc/init.go:223-227
     * at lxd-5.0.2); a pool given by -d root,pool=P is not read and reaches
     * the server (CREATE.POOL_NOT_FOUND).  Whether lxc's GET of the pool with
     * an unknown --project fails first is not audited: the project check
     * above stays first. */
    if (op->pool != NULL && !op->pool_unread) {
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
        gboolean reads_target =
            op->target != NULL && ms_releases_contain(&target_first, apply->profile->version);
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
    }
    /* placement (lxd/instances_post.go) is decided before the operation */
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
        if (ms_rule_applies(MS_RULE_CREATE_TARGET_OFFLINE, apply->profile) &&
            ms_apply_check(apply, MS_RULE_CREATE_TARGET_OFFLINE, op->target,
                           member->status == MS_MEMBER_OFFLINE)) {
            ms_outcome_add_note(apply->outcome,
                                "LXD prints the HTTP client's connection error, which names %s's address",
                                op->target);
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_OFFLINE, op->target);
        }
    } else {
        /* candidates only from the project's restricted.cluster.groups
         * (lxd/instances_post.go:873,1093 at lxd-5.0.2) */
        member = ms_cluster_pick_member_in(cluster, op->project, NULL, NULL);
        ms_apply_placement_scriptlet(apply, op->instance, "new instance");
        if (ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, op->instance, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
    }

    instance = ms_instance_new(op->instance, op->vm ? MS_INSTANCE_VM : MS_INSTANCE_CONTAINER, member->name);
    instance->project = g_strdup(ms_project_key(op->project));
    if (op->profiles != NULL) {
        for (guint i = 0; i < op->profiles->len; i++) {
            const char *name = op->profiles->pdata[i];
            if (ms_apply_check(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name,
                               ms_cluster_lookup_profile_in(
                                   cluster, ms_cluster_profile_project(cluster, op->project), name) == NULL))
                return ms_apply_reject(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name);
            g_ptr_array_add(instance->profiles, g_strdup(name));
        }
    } else if (!op->no_profiles) {
        g_ptr_array_add(instance->profiles, g_strdup("default"));
    }
    for (guint i = 0; i < op->keys->len; i++)
        ms_instance_set_config(instance, op->keys->pdata[i], op->values->pdata[i]);
    if (op->group != NULL && ms_releases_contain(&group_recorded, apply->profile->version))
        ms_instance_set_config(instance, "volatile.cluster.group", op->group);
    if (op->pool != NULL) {
        GHashTable *root = ms_config_new();
        ms_config_set(root, "type", "disk");
        ms_config_set(root, "path", "/");
        ms_config_set(root, "pool", op->pool);
        g_hash_table_insert(instance->devices, g_strdup("root"), root);
    }
    /* -d DEVICE,KEY=VALUE: the client overlays a local device, else a copy of
     * the profiles' device (ApplyDeviceOverrides) */
    if (op->device_overrides != NULL) {
        g_autoptr(GHashTable) from_profiles = ms_cluster_expand_devices(cluster, instance);
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
    }

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
                             g_strdup_printf(CREATE_RECORD_ERROR, strip_invalid_config(refusal.message)));

    /* The driver's create: static devices, root disk, then devicesAdd. */
    expanded = ms_cluster_expand_devices(cluster, instance);
    if (!validate_devices_static(apply, instance, expanded, FALSE, &refusal)) {
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
    ms_cluster_add_instance(cluster, instance);
    if (!validate_devices_instance(apply, instance, all_devices, MS_RULE_WRAP_ADD, &refusal)) {
        g_autofree char *wrapped = ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message);
        ms_apply_check(apply, MS_RULE_WRAP_CREATE, instance->name, TRUE);
        /* the record is reverted */
        g_steal_pointer(&instance);
        ms_cluster_remove_instance(cluster, op->instance);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&wrapped));
    }
    g_steal_pointer(&instance);
    ms_outcome_add_event(apply->outcome, MS_EVENT_CREATED, op->instance, NULL, member->name, NULL);

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

static gboolean
start_one(MsApply *apply, const char *name)
{
    MsInstance *instance = lookup_instance(apply, name, FALSE);
    const MsMember *member;
    g_auto(MsRejection) refusal = { 0 };

    if (instance == NULL)
        return FALSE;
    /* PUT /1.0/instances/NAME/state refuses anything but stop on an
     * evacuated member before any operation exists. */
    member = ms_cluster_lookup_member(apply->cluster, instance->location);
    if (ms_apply_check(apply, MS_RULE_STATE_EVACUATED, name,
                       member != NULL && member->status == MS_MEMBER_EVACUATED))
        return ms_apply_reject(apply, MS_RULE_STATE_EVACUATED);
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
        MsInstance *instance = lookup_instance(apply, apply->op->instances->pdata[i], FALSE);
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
        MsInstance *instance = lookup_instance(apply, name, FALSE);
        const MsMember *member;

        if (instance == NULL)
            return FALSE;
        member = ms_cluster_lookup_member(apply->cluster, instance->location);
        if (ms_apply_check(apply, MS_RULE_STATE_EVACUATED, name,
                           member != NULL && member->status == MS_MEMBER_EVACUATED))
            return ms_apply_reject(apply, MS_RULE_STATE_EVACUATED);
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
            if (lookup_instance(apply, op->instances->pdata[i], FALSE) == NULL) {
                apply->client_subject = op->instances->pdata[i];
                return FALSE;
            }
        }
    }
    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        MsInstance *instance = lookup_instance(apply, name, FALSE);

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

/* ---- config ---- */

typedef enum {
    MS_SRVKEY_BOOL,
    MS_SRVKEY_INT,
    MS_SRVKEY_STRING,
} ServerKeyKind;

/* Every server key of lxd/cluster/config/config.go and lxd/node/config.go at
 * every simulated tag, generated from the source by tools/gen-server-keys.py
 * (a key migsim does not list is a key LXD refuses: "Unknown key"). */
static const struct {
    const char *key;
    ServerKeyKind kind;
    const char *default_value; /* literal default, NULL when none or computed */
    gboolean computed_default;
    gboolean has_validator;
    const char *lxd_ref;
    MsReleases releases;
} server_keys[] = {
/* the releases are a braced initializer: the variadic part */
/* clang-format off */
#define MS_SERVER_KEY(key, kind, def, computed, validator, ref, ...) \
    { key, kind, def, computed, validator, ref, __VA_ARGS__ },
/* clang-format on */
#include "ms-server-keys.def"
#undef MS_SERVER_KEY
};

/* The computed defaults migsim needs (a key set to its default is dropped
 * from the config): db.DefaultOfflineThreshold (lxd/db/node.go). */
static const char *
server_key_default(guint index)
{
    if (g_str_equal(server_keys[index].key, "cluster.offline_threshold"))
        return "20";
    return server_keys[index].default_value;
}

/* Keys whose validator migsim reproduces (server_key_validator_error) or
 * whose value cannot be invalid. */
static gboolean
server_key_validator_modelled(const char *key)
{
    return g_str_equal(key, "cluster.max_voters") || g_str_equal(key, "cluster.max_standby") ||
           g_str_equal(key, "cluster.offline_threshold");
}

/* strconv.ParseInt(value, 10, 64) accepts an optional sign and decimal
 * digits (lxd/config/schema.go:110 at lxd-5.0.2). */
static gboolean
is_go_int64(const char *value)
{
    gint64 n;

    return g_ascii_string_to_signed(value, 10, G_MININT64, G_MAXINT64, &n, NULL);
}

/* The validators of lxd/cluster/config/config.go at lxd-5.0.2 (same texts
 * at lxd-5.21.7 :858/:871 and lxd-6.9 :926/:939): the text after the
 * key and value, or NULL when @value passes.  The offline threshold's
 * bound is quoted until lxd-5.0.3 and lxd-5.21.1 ('%d' at config.go:327,
 * lxd-5.0.2), bare from lxd-5.0.4, lxd-5.21.2 and every 6.x (%d at :832,
 * lxd-5.21.7; :900, lxd-6.9); Incus keeps the quotes
 * (internal/server/cluster/config/config.go:956 at v6.0.4). */
static char *
server_key_validator_error(const MsProfile *profile, const char *key, const char *value)
{
    /* clang-format off */
    static const MsReleases quoted = { MS_SPAN_UNTIL(MS_VERSION(5, 0, 4)), MS_SPAN_UNTIL(MS_VERSION(5, 21, 2)),
                                       MS_SPAN_NONE, MS_INC_ALL };
    /* clang-format on */
    gint64 n = g_ascii_strtoll(value, NULL, 10);

    if (g_str_equal(key, "cluster.max_voters") && (n < 3 || n % 2 != 1))
        return g_strdup("Value must be an odd number equal to or higher than 3"); /* :346 */
    if (g_str_equal(key, "cluster.max_standby") && (n < 0 || n > 5))
        return g_strdup("Value must be between 0 and 5"); /* :359 */
    if (g_str_equal(key, "cluster.offline_threshold") && n <= 10)
        return ms_releases_contain(&quoted, profile->version) ? g_strdup("Value must be greater than '10'")
                                                              : g_strdup("Value must be greater than 10");
    return NULL;
}

/* What migsim cannot check about a key LXD accepts is said, not guessed. */
static void
note_unmodelled_server_key(MsApply *apply, guint found, const char *value)
{
    const char *key = server_keys[found].key;

    if (g_str_equal(key, "instances.placement.scriptlet"))
        ms_outcome_add_note(apply->outcome,
                            "instances.placement.scriptlet: LXD compiles the Starlark program and refuses "
                            "one that does not parse (%s); migsim cannot compile Starlark and accepts it, "
                            "and cannot run it where it decides placement",
                            server_keys[found].lxd_ref);
    else if (server_keys[found].has_validator && !server_key_validator_modelled(key))
        ms_outcome_add_note(apply->outcome,
                            "%s: migsim does not check \"%s\" against LXD's validator of this key (%s)", key,
                            value, server_keys[found].lxd_ref);
}

static gboolean
apply_server_config(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;

    if (op->kind == MS_OP_CONFIG_GET) {
        const char *value = ms_config_get(cluster->server_config, op->keys->pdata[0]);
        apply->outcome->output = g_strdup_printf("%s\n", value ? value : "");
        return TRUE;
    }
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *value = op->kind == MS_OP_CONFIG_UNSET ? "" : op->values->pdata[i];
        gint found = -1;

        /* the key table (tools/gen-server-keys.py) is read at the releases
         * audited by hand; a derived release takes a key known at any of them,
         * and says so */
        gboolean derived = ms_profile_is_derived(apply->profile);

        for (guint k = 0; k < G_N_ELEMENTS(server_keys); k++)
            if (g_str_equal(server_keys[k].key, key) &&
                (derived || ms_releases_contain(&server_keys[k].releases, apply->profile->version)))
                found = k;
        if (derived && !g_str_has_prefix(key, "user."))
            ms_outcome_add_note(apply->outcome,
                                "server keys are not modelled for %s (the key table covers lxd-5.0.2, "
                                "lxd-5.21.x and lxd-6.x): migsim takes %s as %s",
                                apply->profile->name, key,
                                found >= 0 ? "known, as at another release"
                                           : "unknown, as at every release it knows");
        if (g_str_has_prefix(key, "user."))
            found = -2;
        if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_UNKNOWN, key, found == -1))
            return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_UNKNOWN, key, value);
        if (found >= 0 && server_keys[found].kind == MS_SRVKEY_INT && *value != '\0') {
            g_autofree char *why = NULL;
            if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_BADINT, key, !is_go_int64(value)))
                return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_BADINT, key, value);
            why = server_key_validator_error(apply->profile, key, value);
            if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_BADVALUE, key, why != NULL))
                return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_BADVALUE, key, value, why);
        }
        if (found >= 0 && server_keys[found].kind == MS_SRVKEY_BOOL && *value != '\0') {
            if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_BADBOOL, key, !ms_is_valid_bool(value)))
                return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_BADBOOL, key, value);
            /* normalizeBool: stored as "true"/"false" (lxd/config/map.go) */
            value = ms_is_true(value) ? "true" : "false";
        }
        if (found >= 0 && *value != '\0')
            note_unmodelled_server_key(apply, found, value);
        /* Dump() omits keys equal to their default: setting it unsets it. */
        if (*value == '\0' || (found >= 0 && g_strcmp0(value, server_key_default(found)) == 0))
            ms_config_set(cluster->server_config, key, NULL);
        else
            ms_config_set(cluster->server_config, key, value);
    }
    return TRUE;
}

static gboolean
key_is_vm_live_updatable(const char *key)
{
    static const char *const keys[] = {
        "cluster.evacuate",       "limits.memory",       "limits.cpu",
        "security.agent.metrics", "security.csm",        "security.devlxd",
        "security.devlxd.images", "security.secureboot", NULL,
    };
    static const char *const prefixes[] = {
        "boot.", "cloud-init.", "environment.", "image.", "snapshots.", "user.", "volatile.", NULL,
    };

    for (guint i = 0; keys[i] != NULL; i++)
        if (g_str_equal(keys[i], key))
            return TRUE;
    for (guint i = 0; prefixes[i] != NULL; i++)
        if (g_str_has_prefix(key, prefixes[i]))
            return TRUE;
    return FALSE;
}

gboolean
ms_apply_config(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance;
    g_autoptr(GHashTable) config = NULL;
    g_auto(MsRejection) refusal = { 0 };

    if (op->instance == NULL)
        return apply_server_config(apply);
    instance = lookup_instance(apply, op->instance, FALSE);
    if (instance == NULL)
        return FALSE;
    if (op->kind == MS_OP_CONFIG_GET) {
        const char *value = ms_instance_get_config(instance, op->keys->pdata[0]);
        apply->outcome->output = g_strdup_printf("%s\n", value ? value : "");
        return TRUE;
    }

    /* lxc unsets from the instance it just read and refuses a key that is
     * not there before sending anything (lxc/config.go:558 at lxd-5.0.2) */
    for (guint i = 0; op->kind == MS_OP_CONFIG_UNSET && i < op->keys->len; i++)
        if (ms_apply_check(apply, MS_RULE_CFG_UNSET_NOT_SET, instance->name,
                           ms_instance_get_config(instance, op->keys->pdata[i]) == NULL))
            return ms_apply_reject(apply, MS_RULE_CFG_UNSET_NOT_SET, (const char *) op->keys->pdata[i]);
    config = ms_instance_config_table(instance);
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(config, op->keys->pdata[i],
                      op->kind == MS_OP_CONFIG_UNSET ? NULL : op->values->pdata[i]);
    if (!ms_instance_config_validate(apply->env, instance->type, config, instance->name, &refusal))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    if (instance->type == MS_INSTANCE_VM && instance->status == MS_INSTANCE_RUNNING) {
        for (guint i = 0; i < op->keys->len; i++) {
            const char *key = op->keys->pdata[i];
            const char *old = ms_instance_get_config(instance, key);
            const char *new_value = ms_config_get(config, key);
            gboolean changed = g_strcmp0(old, new_value) != 0;
            if (ms_apply_check(apply, MS_RULE_CFG_VM_LIVEKEY, instance->name,
                               changed && !key_is_vm_live_updatable(key)))
                return ms_apply_reject(apply, MS_RULE_CFG_VM_LIVEKEY, key);
        }
    }
    /* A config-only change never re-validates existing devices
     * (DISK.NOREVALIDATE in the behaviour reference): nothing to check here. */
    ms_cluster_replace_instance_config(apply->cluster, instance, g_steal_pointer(&config));
    return TRUE;
}

/* ---- devices ---- */

static gboolean
device_changed_only_live(GHashTable *old_device, GHashTable *new_device)
{
    /* Updatable fields of a disk (lxd/device/disk.go UpdatableFields). */
    static const char *const updatable[] = { "limits.read", "limits.write", "limits.max",
                                             "size",        "size.state",   NULL };
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, new_device);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        const char *old = ms_config_get(old_device, key);
        if (g_strcmp0(old, value) != 0 && !g_strv_contains(updatable, key))
            return FALSE;
    }
    g_hash_table_iter_init(&iter, old_device);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (!g_hash_table_contains(new_device, key) && !g_strv_contains(updatable, key))
            return FALSE;
    return TRUE;
}

/* devicesUpdate on a running instance stops and removes the devices that go
 * (reverse order), then adds the new ones; a type that does not hot-plug
 * refuses either step (DEV.HOTPLUG_*; disks have their own rule). */
static gboolean
hotplug_check(MsApply *apply, const MsInstance *instance, GHashTable *old_devices, GHashTable *new_devices,
              GPtrArray *added, MsRejection *out)
{
    gboolean ct = instance->type == MS_INSTANCE_CONTAINER;
    g_autoptr(GPtrArray) old_order = NULL;

    if (instance->status != MS_INSTANCE_RUNNING)
        return TRUE;
    old_order = ms_devices_sorted(old_devices);
    for (guint i = old_order->len; i-- > 0;) {
        const char *name = old_order->pdata[i];
        GHashTable *dev = g_hash_table_lookup(old_devices, name);
        const char *type = ms_config_get(dev, "type") ?: "";
        const MsDeviceTypeDef *def;

        if (g_str_equal(type, "disk") || (g_hash_table_contains(new_devices, name) &&
                                          !g_ptr_array_find_with_equal_func(added, name, g_str_equal, NULL)))
            continue;
        def = ms_device_type_lookup(type, ms_device_subtype(apply->cluster, dev));
        if (def != NULL &&
            ms_apply_check(apply, MS_RULE_DEV_HOTPLUG_REMOVE, name,
                           !ms_device_type_can_hotplug(def, apply->profile, ct, ms_config_get(dev, "id")))) {
            return ms_reject_rule(out, apply->profile, MS_RULE_DEV_HOTPLUG_REMOVE, name);
        }
    }
    for (guint i = 0; i < added->len; i++) {
        GHashTable *dev = g_hash_table_lookup(new_devices, added->pdata[i]);
        const char *type = ms_config_get(dev, "type") ?: "";
        const MsDeviceTypeDef *def;

        if (g_str_equal(type, "disk"))
            continue;
        def = ms_device_type_lookup(type, ms_device_subtype(apply->cluster, dev));
        if (def != NULL &&
            ms_apply_check(apply, MS_RULE_DEV_HOTPLUG_ADD, added->pdata[i],
                           !ms_device_type_can_hotplug(def, apply->profile, ct, ms_config_get(dev, "id")))) {
            return ms_reject_rule(out, apply->profile, MS_RULE_DEV_HOTPLUG_ADD,
                                  (const char *) added->pdata[i]);
        }
    }
    return TRUE;
}

/* A disk cannot be hot-plugged into a running VM with migration.stateful
 * (DISK.HOTPLUG_STATEFUL, the releases of MS_FEATURE_STATEFUL_NO_HOTPLUG). */
static gboolean
stateful_hotplug_check(MsApply *apply, const MsInstance *instance, GHashTable *new_devices, GPtrArray *added,
                       MsRejection *out)
{
    g_autoptr(GHashTable) config = NULL;
    gboolean stateful;

    if (added->len == 0 || instance->type != MS_INSTANCE_VM || instance->status != MS_INSTANCE_RUNNING ||
        !ms_profile_has(apply->profile, MS_FEATURE_STATEFUL_NO_HOTPLUG))
        return TRUE;
    config = ms_cluster_expand_config(apply->cluster, apply->profile, instance);
    stateful = ms_is_true(ms_config_get(config, "migration.stateful"));
    for (guint i = 0; i < added->len; i++) {
        GHashTable *dev = g_hash_table_lookup(new_devices, added->pdata[i]);
        gboolean is_disk = g_str_equal(ms_config_get(dev, "type") ?: "", "disk");
        if (ms_apply_check(apply, MS_RULE_DISK_HOTPLUG_STATEFUL, added->pdata[i], is_disk && stateful))
            return ms_reject_rule(out, apply->profile, MS_RULE_DISK_HOTPLUG_STATEFUL,
                                  (const char *) added->pdata[i]);
    }
    return TRUE;
}

gboolean
ms_apply_instance_devices(MsApply *apply, MsInstance *instance, GHashTable *new_devices)
{
    g_autoptr(GHashTable) old_devices = instance->devices;
    gboolean old_shared = instance->devices_shared;
    g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) updated = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) expanded = NULL;
    g_autoptr(GPtrArray) order = ms_devices_sorted(new_devices);
    g_auto(MsRejection) refusal = { 0 };

    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        GHashTable *old = g_hash_table_lookup(old_devices, name);
        GHashTable *now = g_hash_table_lookup(new_devices, name);
        if (old == NULL)
            g_ptr_array_add(added, g_strdup(name));
        else if (!ms_config_equal(old, now)) {
            if (device_changed_only_live(old, now))
                g_ptr_array_add(updated, g_strdup(name));
            else
                g_ptr_array_add(added, g_strdup(name)); /* removed and re-added */
        }
    }

    /* Tentatively install the new set so validation sees the instance as
     * LXD's Update does; revert on failure. */
    ms_cluster_volume_users_changed(apply->cluster);
    instance->devices = new_devices;
    instance->devices_shared = FALSE;
    expanded = ms_cluster_expand_devices(apply->cluster, instance);
    if (!validate_devices_static(apply, instance, expanded, FALSE, &refusal) ||
        !validate_devices_instance(apply, instance, added, MS_RULE_WRAP_ADD, &refusal) ||
        !validate_devices_instance(apply, instance, updated, MS_RULE_WRAP_UPDATE, &refusal) ||
        !stateful_hotplug_check(apply, instance, new_devices, added, &refusal) ||
        !hotplug_check(apply, instance, old_devices, new_devices, added, &refusal)) {
        /* the volume users index built while validating borrows the
         * strings of the refused set */
        ms_cluster_volume_users_changed(apply->cluster);
        instance->devices = g_steal_pointer(&old_devices);
        instance->devices_shared = old_shared;
        g_hash_table_unref(new_devices);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    }
    return TRUE;
}

static GHashTable *
device_from_op(const MsOp *op)
{
    GHashTable *device = ms_config_new();

    if (op->device_type != NULL)
        ms_config_set(device, "type", op->device_type);
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(device, op->keys->pdata[i], op->values->pdata[i]);
    return device;
}

gboolean
ms_apply_device(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = lookup_instance(apply, op->instance, FALSE);
    g_autoptr(GHashTable) devices = NULL;
    const char *device_name = op->device;

    if (instance == NULL)
        return FALSE;
    devices = ms_devices_copy(instance->devices);

    switch (op->kind) {
    case MS_OP_DEVICE_ADD:
    case MS_OP_VOLUME_ATTACH: {
        GHashTable *device;

        if (op->kind == MS_OP_VOLUME_ATTACH) {
            const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, op->pool);
            if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
                return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
            device = ms_config_new();
            ms_config_set(device, "type", "disk");
            ms_config_set(device, "pool", op->pool);
            ms_config_set(device, "source", op->volume);
            /* lxc sends "path": "" when no path is given, which LXD drops */
            if (op->path != NULL && *op->path != '\0')
                ms_config_set(device, "path", op->path);
        } else {
            device = device_from_op(op);
        }
        /* client-side check on the local devices (lxc/config_device.go) */
        if (ms_apply_check(apply, MS_RULE_DEV_EXISTS, device_name,
                           g_hash_table_contains(devices, device_name))) {
            g_hash_table_unref(device);
            if (op->kind == MS_OP_VOLUME_ATTACH)
                return ms_apply_fail(apply, MS_RULE_DEV_EXISTS, 0, FALSE,
                                     g_strdup_printf("Device already exists: %s", device_name));
            return ms_apply_reject(apply, MS_RULE_DEV_EXISTS);
        }
        g_hash_table_insert(devices, g_strdup(device_name), device);
        break;
    }
    case MS_OP_DEVICE_REMOVE:
    case MS_OP_VOLUME_DETACH: {
        if (op->kind == MS_OP_VOLUME_DETACH && device_name == NULL) {
            /* lxc/storage_volume.go looks for the disk using the volume
             * itself and refuses to guess between several */
            g_autoptr(GPtrArray) names = ms_devices_sorted(devices);
            guint n_matches = 0;
            for (guint i = 0; i < names->len; i++) {
                GHashTable *dev = g_hash_table_lookup(devices, names->pdata[i]);
                if (g_strcmp0(ms_config_get(dev, "type"), "disk") == 0 &&
                    g_strcmp0(ms_config_get(dev, "pool"), op->pool) == 0 &&
                    g_strcmp0(ms_config_get(dev, "source"), op->volume) == 0 &&
                    ms_config_get(dev, "source.snapshot") == NULL && n_matches++ == 0)
                    device_name = names->pdata[i];
            }
            if (ms_apply_check(apply, MS_RULE_DEV_DETACH_AMBIGUOUS, op->instance, n_matches > 1))
                return ms_apply_reject(apply, MS_RULE_DEV_DETACH_AMBIGUOUS);
            if (ms_apply_check(apply, MS_RULE_DEV_DETACH_NONE, op->instance, n_matches == 0))
                return ms_apply_reject(apply, MS_RULE_DEV_DETACH_NONE);
        } else if (op->kind == MS_OP_VOLUME_DETACH) {
            if (ms_apply_check(apply, MS_RULE_DEV_DETACH_MISSING, op->instance,
                               !g_hash_table_contains(devices, device_name)))
                return ms_apply_reject(apply, MS_RULE_DEV_DETACH_MISSING);
        } else if (!g_hash_table_contains(devices, device_name)) {
            /* lxc tells a profile's device from a missing one
             * (lxc/config_device.go:500-508 at lxd-5.0.2) */
            g_autoptr(GHashTable) expanded = ms_cluster_expand_devices(apply->cluster, instance);
            gboolean from_profile = g_hash_table_contains(expanded, device_name);

            ms_apply_check(apply, MS_RULE_DEV_REMOVE_FROM_PROFILE, op->instance, from_profile);
            if (from_profile)
                return ms_apply_reject(apply, MS_RULE_DEV_REMOVE_FROM_PROFILE);
            ms_apply_check(apply, MS_RULE_DEV_NOT_FOUND, op->instance, TRUE);
            return ms_apply_reject(apply, MS_RULE_DEV_NOT_FOUND);
        }
        /* removal is never blocked by validation: the repair path */
        g_hash_table_remove(devices, device_name);
        break;
    }
    case MS_OP_DEVICE_OVERRIDE: {
        /* lxc/config_device.go: a device of the profiles becomes a local
         * device with the given keys (client checks first) */
        g_autoptr(GHashTable) from_profiles = NULL;
        GHashTable *base, *device;
        MsInstance profiles_only = *instance;

        if (ms_apply_check(apply, MS_RULE_DEV_EXISTS, device_name,
                           g_hash_table_contains(devices, device_name)))
            return ms_apply_reject(apply, MS_RULE_DEV_EXISTS);
        profiles_only.devices = ms_devices_new();
        from_profiles = ms_cluster_expand_devices(apply->cluster, &profiles_only);
        g_hash_table_unref(profiles_only.devices);
        base = g_hash_table_lookup(from_profiles, device_name);
        if (ms_apply_check(apply, MS_RULE_DEV_OVERRIDE_NOT_IN_PROFILE, device_name, base == NULL))
            return ms_apply_reject(apply, MS_RULE_DEV_OVERRIDE_NOT_IN_PROFILE);
        device = ms_config_copy(base);
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(device, op->keys->pdata[i], op->values->pdata[i]);
        g_hash_table_insert(devices, g_strdup(device_name), device);
        break;
    }
    case MS_OP_DEVICE_SET: {
        GHashTable *device = g_hash_table_lookup(devices, device_name);
        if (ms_apply_check(apply, MS_RULE_DEV_NOT_FOUND, op->instance, device == NULL))
            return ms_apply_reject(apply, MS_RULE_DEV_NOT_FOUND);
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(device, op->keys->pdata[i], op->values->pdata[i]);
        break;
    }
    default:
        g_assert_not_reached();
    }
    return ms_apply_instance_devices(apply, instance, g_steal_pointer(&devices));
}

/* ---- profiles ---- */

static gboolean
instance_has_profile(const MsInstance *instance, const char *name)
{
    for (guint i = 0; i < instance->profiles->len; i++)
        if (g_str_equal(instance->profiles->pdata[i], name))
            return TRUE;
    return FALSE;
}

static gboolean
profile_used(const MsCluster *cluster, const char *name)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;
        for (guint i = 0; i < inst->profiles->len; i++)
            if (g_str_equal(inst->profiles->pdata[i], name))
                return TRUE;
    }
    return FALSE;
}

static const char *
root_pool(GHashTable *devices, const char **device_name)
{
    GHashTableIter iter;
    gpointer name, dev;

    g_hash_table_iter_init(&iter, devices);
    while (g_hash_table_iter_next(&iter, &name, &dev))
        if (g_str_equal(ms_config_get(dev, "type") ?: "", "disk") &&
            g_str_equal(ms_config_get(dev, "path") ?: "", "/")) {
            if (device_name != NULL)
                *device_name = name;
            return ms_config_get(dev, "pool") ?: "";
        }
    return "";
}

/* lxd/profiles_utils.go:47-72 (lxd-5.0.2): when the profile's root disk
 * pool changes or goes, an instance with no local root disk whose root
 * comes from this profile (the last of its profiles that has a device of
 * the old root disk's name) blocks the update. */
static gboolean
profile_root_relied_on(MsApply *apply, const MsProfileEntity *profile, GHashTable *old_devices,
                       GHashTable *new_devices)
{
    const char *old_name = NULL;
    const char *old_pool = root_pool(old_devices, &old_name);
    g_autoptr(GPtrArray) instances = NULL;
    gboolean relied = FALSE;

    if (g_str_equal(old_pool, root_pool(new_devices, NULL)))
        return ms_apply_check(apply, MS_RULE_PROFILE_ROOT_IN_USE, profile->name, FALSE);
    instances = ms_cluster_list_instances(apply->cluster, NULL);
    for (guint i = 0; i < instances->len && !relied; i++) {
        MsInstance *inst = instances->pdata[i];

        if (*root_pool(inst->devices, NULL) != '\0')
            continue;
        for (guint p = inst->profiles->len; p > 0; p--) {
            const char *pname = inst->profiles->pdata[p - 1];
            MsProfileEntity *from = ms_cluster_lookup_profile(apply->cluster, pname);
            GHashTable *devices = from == profile ? old_devices : from ? from->devices : NULL;

            if (old_name != NULL && devices != NULL && g_hash_table_contains(devices, old_name)) {
                relied = g_str_equal(pname, profile->name);
                break;
            }
        }
    }
    return ms_apply_check(apply, MS_RULE_PROFILE_ROOT_IN_USE, profile->name, relied);
}

/* Profiles are validated on their own with type "any" (static mode): each
 * new or changed device, wrapped as ValidDevices wraps it, with no "Invalid
 * devices: " (lxd/profiles_utils.go:33, load.go:103 at lxd-5.0.2). */
static gboolean
validate_profile_devices(MsApply *apply, GHashTable *old_devices, GHashTable *new_devices, MsRejection *out)
{
    g_autoptr(GPtrArray) order = ms_devices_sorted(new_devices);
    /* GetStoragePoolVolume(memberSpecific) runs on the member that got the
     * request: the client's (lxd/device/disk.go:540-553 at lxd-6.9) */
    MsDeviceContext ctx = {
        .cluster = apply->cluster,
        .env = apply->env,
        .mode = MS_VALIDATE_STATIC,
        .type = MS_INSTANCE_CONTAINER,
        .sibling_devices = new_devices,
        .for_profile = TRUE,
        .member = apply->env->client,
    };

    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        GHashTable *old = g_hash_table_lookup(old_devices, name);
        GHashTable *dev = g_hash_table_lookup(new_devices, name);
        g_auto(MsRejection) refusal = { 0 };

        if ((old != NULL && ms_config_equal(old, dev)) || ms_device_validate(&ctx, name, dev, &refusal))
            continue;
        ms_apply_check(apply, MS_RULE_WRAP_PROFILE_STATIC, name, TRUE);
        return ms_reject_status(
            out, refusal.rule, 400,
            ms_rule_message(MS_RULE_WRAP_PROFILE_STATIC, apply->profile, name, refusal.message));
    }
    return TRUE;
}

/* ValidConfig(..., instancetype.Any) runs before the devices in LXD
 * (lxd/profiles_utils.go:27 at lxd-5.0.2) but after them here: both fail
 * the whole update, and no scenario sets both at once.  Profiles report
 * the validator's text without "Invalid config: ", with status 500. */
static gboolean
validate_profile_config(MsApply *apply, MsProfileEntity *profile, GHashTable *old_devices,
                        GHashTable *new_config, GHashTable *new_devices, MsRejection *out)
{
    g_auto(MsRejection) refusal = { 0 };

    if (!ms_profile_config_validate(apply->env, new_config, profile->name, &refusal)) {
        ms_apply_check(apply, MS_RULE_PROFILE_CONFIG, profile->name, TRUE);
        return ms_reject_status(out, MS_RULE_PROFILE_CONFIG, 500,
                                g_strdup(strip_invalid_config(refusal.message)));
    }
    if (profile_root_relied_on(apply, profile, old_devices, new_devices))
        return ms_reject_status(out, MS_RULE_PROFILE_ROOT_IN_USE, 500,
                                ms_rule_message(MS_RULE_PROFILE_ROOT_IN_USE, apply->profile));
    ms_apply_check(apply, MS_RULE_PROFILE_CONFIG, profile->name, FALSE);
    return TRUE;
}

/* The instances using @profile whose expanded devices it changes, each
 * validated through Update() with the diff (lxd/profiles_utils.go). */
static gboolean
validate_profile_users(MsApply *apply, MsProfileEntity *profile, GHashTable *old_devices,
                       GHashTable *new_devices, MsRejection *out)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(apply->cluster, NULL);

    for (guint i = 0; i < instances->len; i++) {
        MsInstance *inst = instances->pdata[i];
        gboolean uses = FALSE;
        g_autoptr(GPtrArray) changed = g_ptr_array_new();
        GHashTableIter iter;
        gpointer name, dev;

        for (guint p = 0; p < inst->profiles->len; p++)
            uses |= g_str_equal(inst->profiles->pdata[p], profile->name);
        if (!uses)
            continue;
        g_hash_table_iter_init(&iter, new_devices);
        while (g_hash_table_iter_next(&iter, &name, &dev)) {
            GHashTable *old = g_hash_table_lookup(old_devices, name);
            if ((old == NULL || !ms_config_equal(old, dev)) && !g_hash_table_contains(inst->devices, name))
                g_ptr_array_add(changed, name);
        }
        g_ptr_array_sort(changed, compare_names);
        if (changed->len > 0 && !validate_devices_instance(apply, inst, changed, MS_RULE_WRAP_ADD, out))
            return FALSE;
    }
    return TRUE;
}

/* A profile change is applied to every instance using it; any refusal
 * leaves the profile as it was. */
static gboolean
apply_profile_change(MsApply *apply, MsProfileEntity *profile, GHashTable *new_config,
                     GHashTable *new_devices)
{
    g_autoptr(GHashTable) old_config = profile->config;
    g_autoptr(GHashTable) old_devices = profile->devices;
    g_auto(MsRejection) refusal = { 0 };

    if (!validate_profile_devices(apply, old_devices, new_devices, &refusal) ||
        !validate_profile_config(apply, profile, old_devices, new_config, new_devices, &refusal)) {
        g_hash_table_unref(new_config);
        g_hash_table_unref(new_devices);
        profile->config = g_steal_pointer(&old_config);
        profile->devices = g_steal_pointer(&old_devices);
        return ms_apply_fail_rejection(apply, &refusal, FALSE);
    }
    profile->config = new_config;
    profile->devices = new_devices;
    if (!validate_profile_users(apply, profile, old_devices, new_devices, &refusal)) {
        g_hash_table_unref(profile->config);
        g_hash_table_unref(profile->devices);
        profile->config = g_steal_pointer(&old_config);
        profile->devices = g_steal_pointer(&old_devices);
        return ms_apply_fail(apply, refusal.rule, 400, FALSE, g_steal_pointer(&refusal.message));
    }
    return TRUE;
}

gboolean
ms_apply_profile(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsProfileEntity *profile;
    GHashTable *config, *devices;
    /* the project whose profiles --project means (ProfileProjectFromRecord) */
    const char *pp = ms_cluster_profile_project(cluster, op->project);

    if (op->kind == MS_OP_PROFILE_COPY) {
        MsProfileEntity *copy;
        profile = ms_cluster_lookup_profile_in(cluster, pp, op->profile);
        if (ms_apply_check(apply, MS_RULE_PROFILE_NOT_FOUND, op->profile, profile == NULL))
            return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_FOUND);
        if (ms_apply_check(apply, MS_RULE_PROFILE_EXISTS, op->new_name,
                           ms_cluster_lookup_profile_in(cluster, pp, op->new_name) != NULL))
            return ms_apply_reject(apply, MS_RULE_PROFILE_EXISTS, op->new_name);
        copy = ms_profile_entity_copy(profile);
        g_free(copy->name);
        copy->name = g_strdup(op->new_name);
        g_free(copy->project);
        copy->project = g_strdup(pp);
        g_ptr_array_add(cluster->profiles, copy);
        return TRUE;
    }
    if (op->kind == MS_OP_PROFILE_CREATE) {
        g_autofree char *invalid = ms_name_check(MS_NAME_PROFILE, op->profile, apply->profile);

        /* profilesPost's quick checks come before the database */
        if (ms_apply_check(apply, MS_RULE_NAME_PROFILE, op->profile, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_PROFILE, 400, FALSE, g_steal_pointer(&invalid));
        if (ms_apply_check(apply, MS_RULE_PROFILE_EXISTS, op->profile,
                           ms_cluster_lookup_profile_in(cluster, pp, op->profile) != NULL))
            return ms_apply_reject(apply, MS_RULE_PROFILE_EXISTS, op->profile);
        profile = ms_profile_entity_new(op->profile);
        profile->project = g_strdup(pp);
        g_ptr_array_add(cluster->profiles, profile);
        return TRUE;
    }
    if (op->kind == MS_OP_PROFILE_ASSIGN || op->kind == MS_OP_PROFILE_UNASSIGN) {
        MsInstance *instance = lookup_instance(apply, op->instance, FALSE);
        g_autoptr(GPtrArray) old_profiles = NULL;
        g_autoptr(GHashTable) old_expanded = NULL;
        g_autoptr(GHashTable) new_expanded = NULL;
        g_autoptr(GPtrArray) changed = g_ptr_array_new();
        g_auto(MsRejection) refusal = { 0 };
        GHashTableIter iter;
        gpointer name, dev;

        if (instance == NULL)
            return FALSE;
        /* lxc profile remove checks the instance's list itself
         * (lxc/profile.go:684 at lxd-5.0.2) */
        if (op->kind == MS_OP_PROFILE_UNASSIGN &&
            ms_apply_check(apply, MS_RULE_PROFILE_NOT_APPLIED, op->instance,
                           !instance_has_profile(instance, op->profile)))
            return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_APPLIED, op->profile, op->instance);
        profile = ms_cluster_lookup_profile_in(cluster, pp, op->profile);
        if (ms_apply_check(apply, MS_RULE_PROFILE_NOT_FOUND, op->profile, profile == NULL))
            return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_FOUND);
        /* lxc profile add appends blindly; the update refuses the repeat
         * (lxd/instance/drivers/driver_lxc.go:3971 at lxd-5.0.2) */
        if (op->kind == MS_OP_PROFILE_ASSIGN && ms_apply_check(apply, MS_RULE_PROFILE_DUPLICATE, op->instance,
                                                               instance_has_profile(instance, op->profile)))
            return ms_apply_reject(apply, MS_RULE_PROFILE_DUPLICATE);
        old_expanded = ms_cluster_expand_devices(cluster, instance);
        old_profiles = instance->profiles;
        instance->profiles = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < old_profiles->len; i++)
            if (op->kind == MS_OP_PROFILE_ASSIGN || !g_str_equal(old_profiles->pdata[i], op->profile))
                g_ptr_array_add(instance->profiles, g_strdup(old_profiles->pdata[i]));
        if (op->kind == MS_OP_PROFILE_ASSIGN)
            g_ptr_array_add(instance->profiles, g_strdup(op->profile));
        new_expanded = ms_cluster_expand_devices(cluster, instance);
        g_hash_table_iter_init(&iter, new_expanded);
        while (g_hash_table_iter_next(&iter, &name, &dev)) {
            GHashTable *old = g_hash_table_lookup(old_expanded, name);
            if (old == NULL || !ms_config_equal(old, dev))
                g_ptr_array_add(changed, name);
        }
        g_ptr_array_sort(changed, compare_names);
        if (!validate_devices_instance(apply, instance, changed, MS_RULE_WRAP_ADD, &refusal)) {
            g_ptr_array_unref(instance->profiles);
            instance->profiles = g_steal_pointer(&old_profiles);
            return ms_apply_fail_rejection(apply, &refusal, TRUE);
        }
        return TRUE;
    }

    profile = ms_cluster_lookup_profile_in(cluster, pp, op->profile);
    if (op->kind != MS_OP_PROFILE_DELETE) {
        /* lxc GETs the profile before changing it: profileGet wraps the
         * miss (lxd/profiles.go:383 at lxd-5.0.2) */
        if (ms_apply_check(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND, op->profile, profile == NULL))
            return ms_apply_reject(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND);
    } else if (ms_apply_check(apply, MS_RULE_PROFILE_NOT_FOUND, op->profile, profile == NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_FOUND);
    if (op->kind == MS_OP_PROFILE_DELETE) {
        if (ms_apply_check(apply, MS_RULE_PROFILE_IN_USE, op->profile, profile_used(cluster, op->profile)))
            return ms_apply_reject(apply, MS_RULE_PROFILE_IN_USE);
        g_ptr_array_remove(cluster->profiles, profile);
        return TRUE;
    }
    config = ms_config_copy(profile->config);
    devices = ms_devices_copy(profile->devices);
    switch (op->kind) {
    case MS_OP_PROFILE_SET:
    case MS_OP_PROFILE_UNSET:
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(config, op->keys->pdata[i],
                          op->kind == MS_OP_PROFILE_UNSET ? NULL : op->values->pdata[i]);
        break;
    case MS_OP_PROFILE_DEVICE_ADD:
        if (ms_apply_check(apply, MS_RULE_DEV_EXISTS, op->device,
                           g_hash_table_contains(devices, op->device))) {
            g_hash_table_unref(config);
            g_hash_table_unref(devices);
            return ms_apply_reject(apply, MS_RULE_DEV_EXISTS);
        }
        g_hash_table_insert(devices, g_strdup(op->device), device_from_op(op));
        break;
    case MS_OP_PROFILE_DEVICE_REMOVE:
        if (ms_apply_check(apply, MS_RULE_DEV_NOT_FOUND, op->device,
                           !g_hash_table_contains(devices, op->device))) {
            g_hash_table_unref(config);
            g_hash_table_unref(devices);
            return ms_apply_reject(apply, MS_RULE_DEV_NOT_FOUND);
        }
        g_hash_table_remove(devices, op->device);
        break;
    default:
        g_assert_not_reached();
    }
    return apply_profile_change(apply, profile, config, devices);
}

gboolean
ms_apply_backup(MsApply *apply)
{
    MsInstance *instance = lookup_instance(apply, apply->op->instance, FALSE);

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
    MsInstance *instance = lookup_instance(apply, op->instance, FALSE);
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
    g_ptr_array_add(instance->snapshots, g_steal_pointer(&name));
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
    MsInstance *source = lookup_instance(apply, op->instance, FALSE);
    g_autoptr(MsInstance) copy = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GHashTable) expanded = NULL;
    g_auto(MsRejection) refusal = { 0 };
    MsMember *member;

    if (source == NULL)
        return FALSE;
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
        /* lxc copy asks for a live copy of a running instance unless
         * --stateless (lxc/copy.go:460, client/lxd_instances.go CopyInstance) */
        if (op->snapshot == NULL && source->type == MS_INSTANCE_CONTAINER &&
            source->status == MS_INSTANCE_RUNNING && !op->stateless &&
            !g_str_equal(member->name, source->location)) {
            if (ms_rule_applies(MS_RULE_COPY_CT_LIVE, apply->profile)) {
                if (ms_apply_check(apply, MS_RULE_COPY_CT_LIVE, op->instance, TRUE))
                    return ms_apply_reject(apply, MS_RULE_COPY_CT_LIVE);
            } else {
                ms_outcome_add_note(
                    apply->outcome,
                    "not modelled for %s: a live copy of a running container to another member "
                    "(needs CRIU; the error path is not audited); simulated as --stateless",
                    apply->profile->name);
            }
        }
    } else {
        member = ms_cluster_pick_member_in(cluster, op->project, NULL, NULL);
        ms_apply_placement_scriptlet(apply, op->new_name, "new instance");
        if (ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, op->new_name, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
    }
    /* the copy is an instance create: instancesPost validates the name after
     * the target (instances_post.go:1116 at lxd-5.0.2, :1407 at lxd-5.21.7,
     * :1590 at lxd-6.9) */
    {
        g_autofree char *invalid = ms_name_check(MS_NAME_INSTANCE, op->new_name, apply->profile);
        if (ms_apply_check(apply, MS_RULE_NAME_INSTANCE, op->new_name, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_INSTANCE, 400, FALSE, g_steal_pointer(&invalid));
    }
    if (ms_apply_check(apply, MS_RULE_CREATE_DUPLICATE, op->new_name,
                       ms_cluster_lookup_instance(cluster, op->new_name) != NULL))
        return ms_apply_reject(apply, MS_RULE_CREATE_DUPLICATE, op->new_name);

    copy = ms_instance_new(op->new_name, source->type, member->name);
    copy->project = g_strdup(source->project);
    for (guint i = 0; i < ms_config_map_size(source->config); i++)
        if (!g_str_has_prefix(ms_config_map_key(source->config, i), "volatile."))
            ms_instance_set_config(copy, ms_config_map_key(source->config, i),
                                   ms_config_map_value(source->config, i));
    g_hash_table_unref(copy->devices);
    copy->devices = ms_devices_copy(source->devices);
    for (guint i = 0; i < source->profiles->len; i++)
        g_ptr_array_add(copy->profiles, g_strdup(source->profiles->pdata[i]));
    if (op->snapshot == NULL && !op->instance_only)
        for (guint i = 0; i < source->snapshots->len; i++)
            g_ptr_array_add(copy->snapshots, g_strdup(source->snapshots->pdata[i]));

    expanded = ms_cluster_expand_devices(cluster, copy);
    names = ms_devices_sorted(expanded);
    ms_cluster_add_instance(cluster, copy);
    if (!validate_devices_instance(apply, copy, names, MS_RULE_WRAP_ADD, &refusal)) {
        g_autofree char *wrapped = ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message);
        ms_apply_check(apply, MS_RULE_WRAP_CREATE, op->new_name, TRUE);
        g_steal_pointer(&copy);
        ms_cluster_remove_instance(cluster, op->new_name);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&wrapped));
    }
    g_steal_pointer(&copy);
    ms_outcome_add_event(apply->outcome, MS_EVENT_CREATED, op->new_name, NULL, member->name, NULL);
    return TRUE;
}
