/* migsim: lxc move --target, cluster evacuate and cluster restore.
 *
 * Algorithms follow lxd/instance_post.go and lxd/api_cluster.go (lxd-5.0.2,
 * lxd-5.21.7) / lxd/api_cluster_member.go (HEAD); see §5–§7 of the behaviour
 * reference.  One deliberate difference: from 5.21.4/6.4 LXD restores in Go
 * map order; migsim restores by name and says so in the outcome. */
#include "ms-heal.h"
#include "ms-apply-private.h"
#include "ms-names.h"

#include <string.h>

static const char *
cfg(const MsInstance *instance, const char *key)
{
    return ms_instance_get_config(instance, key);
}

static gboolean
root_pool_is_remote(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(GHashTable) devices = ms_cluster_expand_devices(cluster, instance);
    GHashTableIter iter;
    gpointer dev;

    g_hash_table_iter_init(&iter, devices);
    while (g_hash_table_iter_next(&iter, NULL, &dev)) {
        if (g_strcmp0(ms_config_get(dev, "type"), "disk") == 0 &&
            g_strcmp0(ms_config_get(dev, "path"), "/") == 0) {
            MsPool *pool = ms_cluster_lookup_pool(cluster, ms_config_get(dev, "pool") ?: "");
            return pool != NULL && ms_pool_is_remote(pool);
        }
    }
    return FALSE;
}

/* A non-root disk without a pool: disk CanMigrate dereferences the nil pool
 * before 6.8 (lxd/device/disk.go:95 at lxd-5.21.7). */
static gboolean
is_nil_pool_disk(GHashTable *device)
{
    return g_strcmp0(ms_config_get(device, "type"), "disk") == 0 &&
           g_strcmp0(ms_config_get(device, "path"), "/") != 0 &&
           (ms_config_get(device, "pool") ?: "")[0] == '\0';
}

/* canMigrate (driver_common.go): cluster.evacuate, else every expanded device
 * built in instance mode; any error or non-migratable device means stop.
 * @crash_device: set to the pool-less disk that crashes LXD before 6.8. */
static void
can_migrate(MsApply *apply, const MsInstance *instance, gboolean *migrate, gboolean *live,
            char **crash_device)
{
    const MsCluster *cluster = apply->cluster;
    const char *mode =
        ms_cluster_expanded_value(cluster, apply->profile, instance, "cluster.evacuate", NULL, NULL);
    gboolean stateful;
    g_autoptr(GHashTable) devices = NULL;
    g_autoptr(GPtrArray) order = NULL;
    MsDeviceContext ctx;
    gboolean ok = TRUE;
    gboolean nil_pool_crashes = !ms_profile_has(apply->profile, MS_FEATURE_CANMIGRATE_NIL_GUARD);
    const char *crash = NULL;

    if (crash_device != NULL)
        *crash_device = NULL;
    if (g_strcmp0(mode, "migrate") == 0) {
        *migrate = TRUE, *live = FALSE;
        return;
    }
    if (g_strcmp0(mode, "live-migrate") == 0) {
        *migrate = TRUE, *live = TRUE;
        return;
    }
    if (g_strcmp0(mode, "stop") == 0) {
        *migrate = FALSE, *live = FALSE;
        return;
    }
    stateful = ms_instance_expanded_stateful(cluster, apply->profile, instance);
    devices = ms_cluster_expand_devices(cluster, instance);
    ms_apply_check(apply, MS_RULE_CFG_EXPAND, instance->name,
                   ms_instance_get_config(instance, "migration.stateful") == NULL &&
                       ms_profile_has(apply->profile, MS_FEATURE_SERVER_STATEFUL_KEY) &&
                       ms_is_true(ms_config_get(cluster->server_config, "instances.migration.stateful")) &&
                       stateful);
    /* LXD walks a Go map here; the first failure decides, so order does not
     * change the result. */
    order = ms_cluster_devices_sorted(cluster, devices);
    ms_device_context_for_instance(&ctx, cluster, apply->env, instance, stateful, devices);
    for (guint i = 0; i < order->len && ok; i++) {
        const char *name = order->pdata[i];
        GHashTable *dev = g_hash_table_lookup(devices, name);
        g_auto(MsRejection) refusal = { 0 };

        if (!ms_device_validate(&ctx, name, dev, &refusal)) {
            ms_outcome_add_note(apply->outcome, "%s: device \"%s\" fails validation (%s): %s", instance->name,
                                name, ms_rule_name(refusal.rule), refusal.message);
            ok = FALSE;
        } else if (nil_pool_crashes && is_nil_pool_disk(dev)) {
            if (crash == NULL)
                crash = name;
        } else if (!ms_device_can_migrate(cluster, apply->env, name, dev)) {
            ok = FALSE;
        }
    }
    if (crash != NULL && !ok)
        ms_outcome_add_note(apply->outcome,
                            "%s: LXD %s walks the devices in Go map order: when it reaches disk \"%s\" (no "
                            "pool) before the device that keeps the instance on its member, its daemon "
                            "crashes (EVAC.NIL_POOL_CRASH); migsim shows the other outcome",
                            instance->name, apply->profile->name, crash);
    if (crash != NULL && ok && crash_device != NULL) {
        *crash_device = g_strdup(crash);
        *migrate = FALSE, *live = FALSE;
        return;
    }
    ms_apply_check(apply, MS_RULE_EVAC_CAN_MIGRATE, instance->name, !ok);
    *migrate = ok;
    *live = ok && instance->type == MS_INSTANCE_VM && stateful;
}

/* The daemon running the evacuation or restore crashed while probing
 * @instance: nothing after this point happens, and no revert runs. */
static gboolean
nil_pool_crash(MsApply *apply, const MsMember *member, const MsInstance *instance, const char *device)
{
    ms_apply_check(apply, MS_RULE_EVAC_NIL_POOL_CRASH, instance->name, TRUE);
    ms_outcome_add_note(
        apply->outcome,
        "%s: LXD %s dereferences a nil storage pool in disk \"%s\" (no pool): the daemon on %s panics, the "
        "operation never completes and the client loses its connection; migsim cannot know the client's "
        "exact error, and the daemon restarts with the member still %s",
        instance->name, apply->profile->name, device, member->name,
        member->status == MS_MEMBER_EVACUATED ? "EVACUATED" : "ONLINE");
    ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, member->name, NULL,
                         "daemon crashed");
    return ms_apply_fail(apply, MS_RULE_EVAC_NIL_POOL_CRASH, 500, TRUE,
                         ms_rule_message(MS_RULE_EVAC_NIL_POOL_CRASH, apply->profile, member->name, device));
}

/* instanceShouldAutoStart (lxd/instances.go:256 at lxd-5.21.0, :274 at
 * lxd-5.21.7, :195 at lxd-6.9) reads the expanded config, so a profile's
 * boot.autostart counts.  security.protection.start joined it in 5.21.3/6.2,
 * the release that introduced the key; before, the key cannot be set. */
static gboolean
should_auto_start(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    const char *autostart =
        ms_cluster_expanded_value(cluster, profile, instance, "boot.autostart", NULL, NULL);

    if (ms_is_true(
            ms_cluster_expanded_value(cluster, profile, instance, "security.protection.start", NULL, NULL)))
        return FALSE;
    if (autostart != NULL && *autostart != '\0')
        return ms_is_true(autostart);
    return g_strcmp0(
               ms_cluster_expanded_value(cluster, profile, instance, "volatile.last_state.power", NULL, NULL),
               "RUNNING") == 0;
}

/* The migration itself, once the handler's checks passed.  Returns TRUE on
 * success, else FALSE with the operation's error in @out; a running
 * instance is stopped first unless @live. */
static gboolean
migrate_instance(MsApply *apply, MsInstance *instance, const char *target, gboolean live, MsRejection *out,
                 gboolean *moved)
{
    const MsProfile *profile = apply->profile;
    gboolean running = instance->status == MS_INSTANCE_RUNNING;
    g_autofree char *source = g_strdup(instance->location);

    *moved = FALSE;
    /* a failure injected by the scenario (`fault migration NAME fail TEXT`) */
    if (ms_cluster_injected(apply->cluster, "migrate", instance->name) != NULL)
        return ms_reject(out, MS_RULE_NONE,
                         g_strdup(ms_cluster_injected(apply->cluster, "migrate", instance->name)));
    if (running && live) {
        /* a live VM passes the container check and meets the VM one */
        if (ms_apply_check(apply, MS_RULE_MOVE_CT_LIVE, instance->name,
                           instance->type == MS_INSTANCE_CONTAINER)) {
            return ms_reject_rule(out, profile, MS_RULE_MOVE_CT_LIVE, instance->name);
        } else {
            gboolean stateful = ms_instance_expanded_stateful(apply->cluster, profile, instance);
            if (ms_apply_check(apply, MS_RULE_MOVE_VM_LIVE_NEEDS_KEY, instance->name, !stateful)) {
                if (ms_profile_has(profile, MS_FEATURE_MOVE_DEST_FAILURE_FIRST))
                    ms_outcome_add_note(
                        apply->outcome,
                        "%s: LXD %s reports the destination's failure once the source refused (Stateful "
                        "migration requires migration.stateful to be set to true); the end of the message is "
                        "a websocket error migsim cannot know",
                        instance->name, profile->name);
                return ms_reject_rule(out, profile, MS_RULE_MOVE_VM_LIVE_NEEDS_KEY, instance->name);
            }
        }
    }
    /* 5.0.2 reads the record before the stateless stop and copies that
     * earlier record to the target (lxd/instance_post.go:620,652-658 at
     * lxd-5.0.2), so the copy keeps the power state of before the stop;
     * observed on a real 5.0.2 cluster (tests/live/DISAGREEMENTS.md). */
    g_autofree char *power_before_stop =
        g_strdup(ms_instance_get_config(instance, "volatile.last_state.power"));

    if (running && !live)
        ms_instance_mark_stopped(instance);

    if (ms_profile_has(profile, MS_FEATURE_MOVE_COPY_RENAME) &&
        !root_pool_is_remote(apply->cluster, instance)) {
        /* 5.0.2 copies to a new record on the target: every device is
         * validated there as on create. */
        g_autoptr(GHashTable) devices = ms_cluster_expand_devices(apply->cluster, instance);
        g_autoptr(GPtrArray) order = ms_devices_sorted(devices);
        g_autofree char *saved = g_strdup(instance->location);
        MsDeviceContext ctx;
        gboolean valid = TRUE;

        ms_cluster_set_instance_location(apply->cluster, instance, target);
        ms_device_context_for_instance(&ctx, apply->cluster, apply->env, instance,
                                       ms_instance_expanded_stateful(apply->cluster, profile, instance),
                                       devices);
        for (guint i = 0; i < order->len && valid; i++) {
            const char *name = order->pdata[i];
            g_auto(MsRejection) inner = { 0 };

            if (!ms_device_validate(&ctx, name, g_hash_table_lookup(devices, name), &inner)) {
                g_autofree char *added = ms_rule_message(MS_RULE_WRAP_ADD, profile, name, inner.message);
                valid = ms_reject_status(out, inner.rule, 400,
                                         ms_rule_message(MS_RULE_MOVE_COPY_DEVICES, profile, added));
            }
        }
        ms_apply_check(apply, MS_RULE_MOVE_COPY_DEVICES, instance->name, !valid);
        if (!valid) {
            ms_cluster_set_instance_location(apply->cluster, instance, saved);
            return FALSE;
        }
        ms_instance_set_config(instance, "volatile.last_state.power", power_before_stop);
    } else {
        ms_cluster_set_instance_location(apply->cluster, instance, target);
    }
    ms_instance_set_config(instance, "volatile.cluster.group", NULL);
    /* a migration between members without shared storage creates the
     * instance on the target through its API (dest.CreateInstance,
     * lxd/instance_post.go:920 at lxd-5.21.7; dest.CopyInstance, :658 at
     * lxd-5.0.2): an instance-creation operation there, which later
     * placements count while its record lasts */
    if (!root_pool_is_remote(apply->cluster, instance))
        ms_cluster_add_op_record(apply->cluster, target);
    *moved = TRUE;
    ms_outcome_add_event(apply->outcome, live && running ? MS_EVENT_LIVE_MIGRATED : MS_EVENT_MIGRATED,
                         instance->name, source, target, NULL);
    return TRUE;
}

/* Start on the destination through its API (so the evacuated check applies). */
static gboolean
start_on_member(MsApply *apply, MsInstance *instance, MsRejection *out)
{
    const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

    if (member != NULL && member->status == MS_MEMBER_EVACUATED) {
        /* dead in lxd-5.21.5+,lxd-6.6+: a move to an evacuated member is
         * refused before the start (MOVE.DEST_EVACUATED, instance_post.go:777
         * at lxd-5.21.7, :771 at HEAD) and evacuation never targets one */
        ms_apply_check(apply, MS_RULE_STATE_EVACUATED, instance->name, TRUE);
        return ms_reject_rule(out, apply->profile, MS_RULE_STATE_EVACUATED);
    }
    if (!ms_instance_start_check(apply->cluster, apply->env, instance, FALSE, out))
        return FALSE;
    ms_instance_mark_started(instance);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, instance->name, NULL, instance->location, NULL);
    return TRUE;
}

/* 6.7 has no same-member check: POST /1.0/instances/NAME with a target equal
 * to the location is not a cluster move, so it sets up a pull-mode migration
 * source (refusing a live container there) and waits for a target that never
 * connects.  The instance is untouched. */
static gboolean
move_to_own_member_67(MsApply *apply, const MsInstance *instance)
{
    gboolean ct_live = !apply->op->stateless && instance->type == MS_INSTANCE_CONTAINER &&
                       instance->status == MS_INSTANCE_RUNNING;

    if (ms_apply_check(apply, MS_RULE_MOVE_SAME_MEMBER_CT_LIVE, instance->name, ct_live))
        return ms_apply_reject(apply, MS_RULE_MOVE_SAME_MEMBER_CT_LIVE);
    ms_apply_check(apply, MS_RULE_MOVE_SAME_MEMBER_WAIT, instance->name, TRUE);
    ms_outcome_add_note(apply->outcome,
                        "%s: LXD %s does not check for a move to the current member; the migration operation "
                        "waits 10 s for a connection, then fails",
                        instance->name, apply->profile->name);
    return ms_apply_reject(apply, MS_RULE_MOVE_SAME_MEMBER_WAIT);
}

/* The instance under its new name (the cluster indexes instances by name). */
static void
rename_in_cluster(MsCluster *cluster, const MsInstance *instance, const char *new_name)
{
    MsInstance *renamed = ms_instance_copy(instance);
    g_autofree char *old_name = g_strdup(instance->name);

    g_free(renamed->name);
    renamed->name = g_strdup(new_name);
    ms_cluster_remove_instance(cluster, old_name);
    ms_cluster_add_instance(cluster, renamed);
}

/* NAME.INSTANCE for the new name of a move (lxc move NAME NEWNAME --target). */
static gboolean
move_name_invalid(MsApply *apply, const char *new_name)
{
    g_autofree char *invalid = ms_name_check(MS_NAME_INSTANCE, new_name, apply->profile);

    /* check sites: NAME_INSTANCE */
    if (!ms_apply_check(apply, MS_RULE_NAME_INSTANCE, new_name, invalid != NULL))
        return FALSE;
    ms_apply_fail(apply, MS_RULE_NAME_INSTANCE, 400, FALSE, g_steal_pointer(&invalid));
    return TRUE;
}

/* lxc move --target M --target-project P: lxc refuses the pair until
 * lxd-5.21.4 and lxd-6.6 (CLI.MOVE_TARGET_PROJECT), before any request;
 * later clients, and every Incus client, send one request (lxc/move.go
 * :180-232,283-300 at lxd-5.21.7, :179-229,280-297 at lxd-6.9;
 * cmd/incus/move.go:180-200,264-280 at v6.0.4). TRUE when lxc refused. */
static gboolean
client_refuses_target_project(MsApply *apply)
{
    const MsOp *op = apply->op;

    if (op->target_project == NULL || op->target == NULL ||
        !ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_PROJECT, apply->profile))
        return FALSE;
    ms_apply_check(apply, MS_RULE_CLI_MOVE_TARGET_PROJECT, op->instance, TRUE);
    ms_apply_reject(apply, MS_RULE_CLI_MOVE_TARGET_PROJECT);
    return TRUE;
}

/* The request lxc sends for --target with --target-project: FALSE (and
 * said so) where migsim does not follow it. */
static gboolean
target_project_modelled(MsApply *apply, const MsInstance *instance)
{
    if (instance->status != MS_INSTANCE_RUNNING)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc move --target with "
                                         "--target-project of a running instance (a live copy into the "
                                         "project, then a migration)",
                                         apply->profile->name));
}

/* lxc move's own checks, in lxc's order, and the options migsim does not
 * follow: TRUE when the move was refused or left as not modelled. */
static gboolean
move_options_refused(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    gboolean targeted = op->target != NULL;
    gboolean overrides =
        op->profiles != NULL || op->no_profiles || op->keys->len > 0 || op->device_overrides != NULL;
    /* moveClusterInstance (until lxd-5.21.4 and lxd-6.6) checks the flags
     * next to --target, then sends only the new name and the live flag */
    gboolean cluster_move_client = ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY, profile);

    /* a rename (no --target, --target-project or -s) with overrides
     * (lxc/move.go:116-118 at lxd-5.0.2, :135 at lxd-5.21.7, :131-133 at
     * lxd-6.9); without overrides the parser made it a rename (MS_OP_RENAME) */
    if (!targeted && op->target_project == NULL && op->pool == NULL) {
        ms_apply_check(apply, MS_RULE_CLI_RENAME_OVERRIDE, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_RENAME_OVERRIDE), TRUE;
    }
    /* lxc/move.go:167-177 at lxd-5.0.2, :186-195 at lxd-5.21.4 and lxd-6.6 */
    if (targeted && cluster_move_client &&
        ms_apply_check(apply, MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY, op->instance, op->instance_only))
        return ms_apply_reject(apply, MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY), TRUE;
    if (targeted && ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_STORAGE, profile) &&
        ms_apply_check(apply, MS_RULE_CLI_MOVE_TARGET_STORAGE, op->instance, op->pool != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_MOVE_TARGET_STORAGE), TRUE;
    if (client_refuses_target_project(apply))
        return TRUE;
    if (op->pool != NULL || op->instance_only || (op->target_project != NULL && overrides)) {
        ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                      g_strdup_printf("migsim: not modelled for %s: lxc move %s (a server-side move that "
                                      "copies the instance: instancePostPoolMigration, lxd/instance_post.go"
                                      ":394 at lxd-5.0.2; instancePostMigration, :552 at lxd-6.9)",
                                      profile->name,
                                      op->pool != NULL    ? "-s/--storage"
                                      : op->instance_only ? "--instance-only"
                                                          : "--target-project with -c/-d/-p/--no-profiles"));
        return TRUE;
    }
    if (overrides && targeted) {
        if (cluster_move_client) {
            ms_outcome_add_note(apply->outcome,
                                "lxc %s ignores -c/-d/-p/--no-profiles with --target: moveClusterInstance "
                                "sends only the name and the live flag (lxc/move.go:183,295-299 at "
                                "lxd-5.0.2, :322-325 at lxd-6.6)",
                                profile->name);
            return FALSE;
        }
        ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc move --target with -c/-d/-p/--no-profiles "
                            "(the server applies them in instancePostMigration)",
                            profile->name));
        return TRUE;
    }
    return FALSE;
}

gboolean
ms_apply_move(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    MsInstance *instance = ms_cluster_lookup_project_instance(cluster, op->project, op->instance);
    MsMember *target, *source;
    /* CheckTarget on moves from 5.21.0/6.1 (lxd/instance_post.go:214 at
     * lxd-5.21.0); 5.0.2 checks only the targeting restriction (:133) */
    gboolean project_groups = profile->version >= MS_VERSION(5, 21, 0);
    gboolean same_sync = ms_profile_has(profile, MS_FEATURE_MOVE_SAME_MEMBER_SYNC);
    gboolean same_unchecked = ms_profile_has(profile, MS_FEATURE_MOVE_SAME_MEMBER_UNCHECKED);
    /* --target=@GROUP moves arrive in lxd-5.0.3 (instance_post.go: CheckTarget
     * and targetGroupName, absent at lxd-5.0.2, where the target is looked up
     * as a member name: :138-142 GetNodeByName); Incus has them (v6.0.0) */
    /* clang-format off */
    static const MsReleases group_moves = { MS_SPAN_FROM(MS_VERSION(5, 0, 3)), MS_SPAN_ALL, MS_SPAN_ALL,
                                            MS_INC_ALL };
    /* clang-format on */
    const char *group = ms_releases_contain(&group_moves, profile->version) ? op->group : NULL;
    /* the new name is validated (instancetype.ValidName) right after the
     * instance is loaded from lxd-5.21.5 and lxd-6.7 (instance_post.go:229 at
     * lxd-5.21.7, :220 at lxd-6.9; cmd/incusd/instance_post.go:184 at Incus
     * v6.0.4), after the target's lookups before (:246 at lxd-5.0.2, :317 at
     * lxd-5.21.0, :292 at lxd-6.6) */
    /* clang-format off */
    static const MsReleases name_first_releases = { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)),
                                                    MS_SPAN_FROM(MS_VERSION(6, 7, 0)), MS_INC_ALL };
    /* clang-format on */
    gboolean name_first = ms_releases_contain(&name_first_releases, profile->version);
    gboolean was_running, moved;
    /* the target project's restrictions decide the member (instance_post.go
     * :240-254 at lxd-5.21.7, :231-254 at lxd-6.9; cmd/incusd/instance_post.go
     * :178,283 at v6.0.4) */
    const char *checks_project = op->target_project != NULL ? op->target_project : op->project;
    g_auto(MsRejection) refusal = { 0 };
    const char *target_name;

    if (move_options_refused(apply))
        return FALSE;
    if (instance == NULL && op->target != NULL && ms_rule_applies(MS_RULE_MOVE_INSTANCE_NOT_FOUND, profile) &&
        ms_cluster_lookup_member(cluster, op->target) != NULL &&
        ms_apply_check(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND, op->instance, TRUE))
        return ms_apply_reject(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND);
    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, op->instance, instance == NULL))
        return ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
    if (op->target_project != NULL && op->target == NULL)
        return ms_apply_move_to_project(apply, instance);
    if (op->target_project != NULL && !target_project_modelled(apply, instance))
        return FALSE;
    if (name_first && op->new_name != NULL && move_name_invalid(apply, op->new_name))
        return FALSE;
    /* Incus: before the target is looked up (instance_post.go:233-237 at
     * v6.0.4; only a new name in use is checked earlier, :190-199) */
    if (ms_rule_applies(MS_RULE_MOVE_STATELESS_RUNNING, profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_STATELESS_RUNNING, op->instance,
                       op->stateless && instance->status == MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_MOVE_STATELESS_RUNNING);
    ms_apply_project_targeting(apply, checks_project);
    if (group != NULL) {
        /* --target=@GROUP: candidates of the group minus the current member,
         * least loaded (instance_post.go:262-290 at lxd-6.9, :271-321 at
         * lxd-5.21.7) */
        g_autoptr(GPtrArray) candidates = NULL;

        if (project_groups && !ms_apply_project_group(apply, checks_project, group))
            return FALSE;
        /* dead in lxd-5.0.2: no group moves before lxd-5.0.3 (see above) */
        if (ms_apply_check(apply, MS_RULE_GROUP_NOT_FOUND, group, !ms_cluster_has_group(cluster, group)))
            return ms_apply_reject(apply, MS_RULE_GROUP_NOT_FOUND, group);
        candidates = ms_cluster_candidates(cluster, instance, group, instance->location);
        ms_apply_placement_scriptlet(apply, op->instance, "relocation");
        target = ms_cluster_least_loaded(candidates);
        /* dead in lxd-5.0.2: no group moves before lxd-5.0.3 (see above) */
        if (ms_apply_check(apply, MS_RULE_MOVE_GROUP_NO_MEMBER, group, target == NULL))
            return ms_apply_reject(apply, MS_RULE_MOVE_GROUP_NO_MEMBER);
        target_name = target->name;
    } else {
        target = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_MOVE_TARGET_NOT_FOUND, op->target, target == NULL))
            return ms_apply_reject(apply, MS_RULE_MOVE_TARGET_NOT_FOUND, op->target);
        if (project_groups && !ms_apply_project_member(apply, checks_project, target))
            return FALSE;
        target_name = op->target;
    }
    if (!name_first && op->new_name != NULL && move_name_invalid(apply, op->new_name))
        return FALSE;
    if (op->new_name != NULL && ms_apply_check(apply, MS_RULE_MOVE_NAME_IN_USE, op->new_name,
                                               ms_cluster_lookup_instance(cluster, op->new_name) != NULL))
        return ms_apply_reject(apply, MS_RULE_MOVE_NAME_IN_USE, op->new_name);
    if (ms_apply_check(apply, MS_RULE_MOVE_TARGET_OFFLINE, target_name, target->status == MS_MEMBER_OFFLINE))
        return ms_apply_reject(apply, MS_RULE_MOVE_TARGET_OFFLINE);
    /* LXD: a project change is an instance change, so the request passes
     * the synchronous check and the operation copies the instance into the
     * project, then migrateInstance refuses the member it is on
     * (instance_post.go:333-352,1119 at lxd-6.9); Incus refuses before
     * (cmd/incusd/instance_post.go:458 at v6.0.4) */
    if (op->target_project != NULL && !ms_profile_is_incus(profile) &&
        g_str_equal(instance->location, target_name))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc move --target-project with "
                                             "--target naming the instance's own member",
                                             profile->name));
    /* dead in lxd-5.0.x,lxd-5.21.0..5.21.4,lxd-6.1..6.7: those releases check
     * inside the operation only (instance_post.go:970 at lxd-5.0.2, migrateInstance
     * :968 at lxd-5.21.4, :957 at lxd-6.6; none at lxd-6.7) */
    if (same_sync && ms_apply_check(apply, MS_RULE_MOVE_SAME_MEMBER, op->instance,
                                    g_str_equal(instance->location, target_name)))
        return ms_apply_reject(apply, MS_RULE_MOVE_SAME_MEMBER);
    if (same_unchecked && g_str_equal(instance->location, target_name))
        return move_to_own_member_67(apply, instance);
    if (ms_apply_check(apply, MS_RULE_MOVE_BACKUPS, op->instance, instance->n_backups > 0))
        return ms_apply_reject(apply, MS_RULE_MOVE_BACKUPS);

    /* inside the operation */
    /* dead in lxd-5.21.5+,lxd-6.7+: from lxd-5.21.5 and lxd-6.8 the request
     * is refused before the operation (instance_post.go:386 at lxd-5.21.7, :352
     * at lxd-6.9), and lxd-6.7 does not check (move_to_own_member_67 above) */
    if (!same_sync && ms_apply_check(apply, MS_RULE_MOVE_SAME_MEMBER, op->instance,
                                     g_str_equal(instance->location, target_name)))
        return ms_apply_reject_async(apply, MS_RULE_MOVE_SAME_MEMBER, TRUE);
    source = ms_cluster_lookup_member(cluster, instance->location);
    if (ms_apply_check(apply, MS_RULE_MOVE_SRC_OFFLINE, op->instance,
                       source != NULL && source->status == MS_MEMBER_OFFLINE &&
                           !root_pool_is_remote(cluster, instance)))
        return ms_apply_reject(apply, MS_RULE_MOVE_SRC_OFFLINE);
    if (ms_rule_applies(MS_RULE_MOVE_DEST_EVACUATED, profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_DEST_EVACUATED, target_name,
                       target->status == MS_MEMBER_EVACUATED))
        return ms_apply_reject(apply, MS_RULE_MOVE_DEST_EVACUATED);

    if (op->target_project != NULL) {
        /* the local copy into the project first, then the migration
         * (instance_post.go:403-428 at lxd-6.9, :431-456 at lxd-5.21.7;
         * cmd/incusd/instance_post.go:688-693,822 at v6.0.4) */
        if (!ms_apply_move_to_project(apply, instance))
            return FALSE;
        instance = ms_cluster_lookup_project_instance(cluster, op->target_project,
                                                      op->new_name != NULL ? op->new_name : op->instance);
    }
    was_running = instance->status == MS_INSTANCE_RUNNING;
    if (!migrate_instance(apply, instance, target_name, !op->stateless, &refusal, &moved))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    if (was_running && op->stateless) {
        gboolean started = start_on_member(apply, instance, &refusal);

        ms_apply_check(apply, MS_RULE_MOVE_START_ON_TARGET, op->instance, !started);
        if (!started) {
            /* 5.0.2 reports the start error raw (observed); later releases
             * return a refused start request raw and wrap a failed start
             * operation (MOVE.START_ON_TARGET). */
            if (refusal.rule == MS_RULE_STATE_EVACUATED)
                return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
            return ms_apply_fail(
                apply, refusal.rule, 400, TRUE,
                ms_rule_message(MS_RULE_MOVE_START_ON_TARGET, profile, op->instance, refusal.message));
        }
    }
    /* a group target is remembered for evacuations (instance_post.go:975 at
     * lxd-6.9, stored without the '@') */
    if (group != NULL)
        ms_instance_set_config(instance, "volatile.cluster.group", group);
    if (op->new_name != NULL && op->target_project == NULL)
        rename_in_cluster(cluster, instance, op->new_name);
    return TRUE;
}

/* ---- rename ---- */

/* lxc rename NAME NEWNAME, lxc move NAME NEWNAME without --target (the
 * client's override check is in move_options_refused), then instancePost without a target: the instance, the new name's validity, the
 * name in use (409, sync), and the rename operation, which refuses a running
 * instance (lxd/instance_post.go:235-249,368-390 at lxd-5.0.2, :527-536 at
 * lxd-5.21.7, :507-522 at lxd-6.9; the name is validated first from
 * lxd-5.21.5/6.7, as for moves). */
gboolean
ms_apply_rename(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsInstance *instance;

    instance = ms_cluster_lookup_project_instance(cluster, op->project, op->instance);
    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, op->instance, instance == NULL))
        return ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
    if (move_name_invalid(apply, op->new_name))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_MOVE_NAME_IN_USE, op->new_name,
                       ms_cluster_lookup_instance(cluster, op->new_name) != NULL))
        return ms_apply_reject(apply, MS_RULE_MOVE_NAME_IN_USE, op->new_name);
    if (ms_apply_check(apply, MS_RULE_RENAME_RUNNING, op->instance, instance->status == MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_RENAME_RUNNING,
                               instance->type == MS_INSTANCE_VM ? "instance" : "container");
    rename_in_cluster(cluster, instance, op->new_name);
    return TRUE;
}

/* ---- evacuate ---- */

/* evacuateClusterSelectTarget: 6.6+ filters the candidates by the
 * instance's placement group first (an empty filter result falls back to
 * all candidates; a conflict skips the instance).  volatile.cluster.group
 * takes no part: LXD stores it without '@', so TargetDetect never sees a
 * group (lxd/api_cluster_member.go at lxd-6.9, api_cluster.go at lxd-5.21.7). */
static MsMember *
evacuation_target(MsApply *apply, const MsInstance *instance, const MsMember *source)
{
    const MsCluster *cluster = apply->cluster;
    const MsPlacementGroup *group = NULL;
    g_autoptr(GPtrArray) candidates = NULL;
    gboolean ok;

    if (ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS)) {
        const char *name =
            ms_cluster_expanded_value(cluster, apply->profile, instance, "placement.group", NULL, NULL);
        if (name != NULL)
            group = ms_cluster_lookup_placement_group(cluster, name);
    }
    ms_apply_placement_scriptlet(apply, instance->name, "evacuation");
    if (group == NULL && ms_rule_applies(MS_RULE_EVAC_PROJECT_GROUPS, apply->profile)) {
        g_auto(GStrv) allowed =
            ms_project_cluster_groups(ms_cluster_lookup_project(cluster, instance->project));
        if (ms_apply_check(apply, MS_RULE_EVAC_PROJECT_GROUPS, instance->name, allowed != NULL))
            return ms_cluster_pick_member_in(cluster, instance->project, instance, source->name);
    }
    if (group == NULL)
        return ms_cluster_pick_member(cluster, instance, source->name);
    candidates = ms_cluster_candidates(cluster, instance, NULL, source->name);
    ok = ms_placement_filter(cluster, apply->profile, group, source->name, candidates);
    if (ms_apply_check(apply, MS_RULE_PLACEMENT_FILTER, instance->name, !ok)) {
        ms_outcome_add_note(apply->outcome,
                            "%s: No eligible target cluster members after applying placement group \"%s\"",
                            instance->name, group->name);
        return NULL;
    }
    return ms_cluster_least_loaded(candidates);
}

static gboolean
quorum_allows(const MsCluster *cluster, const MsMember *member)
{
    guint total = 0, online = 0, required, remaining;
    gboolean standby = FALSE;

    if (member->role != MS_MEMBER_ROLE_VOTER || member->status != MS_MEMBER_ONLINE)
        return TRUE;
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        if (m->role == MS_MEMBER_ROLE_VOTER) {
            total++;
            if (m->status == MS_MEMBER_ONLINE)
                online++;
        } else if (m->status == MS_MEMBER_ONLINE && m != member) {
            standby = TRUE;
        }
    }
    required = (total - 1) / 2 + 1;
    remaining = online - 1;
    if (remaining >= required)
        return TRUE;
    return online >= total / 2 + 1 && remaining + 1 >= required && standby && online > 1;
}

static gboolean
not_started_checks(MsApply *apply, MsMember *member, const char *action)
{
    if (!ms_profile_has(apply->profile, MS_FEATURE_NOT_STARTED_CHECK))
        return TRUE;
    if (ms_apply_check(apply, MS_RULE_EVAC_NET_NOT_READY, member->name, member->networks_not_started))
        return ms_apply_reject(apply, MS_RULE_EVAC_NET_NOT_READY, action, member->name);
    if (ms_apply_check(apply, MS_RULE_EVAC_STORAGE_NOT_READY, member->name, member->pools_not_started))
        return ms_apply_reject(apply, MS_RULE_EVAC_STORAGE_NOT_READY, action, member->name);
    return TRUE;
}

/* Flags the release's lxc does not have are refused by the client itself
 * (cobra: "unknown flag: --action"), before any request. */
static gboolean
client_flags_known(MsApply *apply, gboolean has_action)
{
    const MsOp *op = apply->op;
    const char *flag = NULL;

    /* a release whose lxc has every modelled flag has nothing to refuse */
    if (!ms_rule_applies(MS_RULE_CLI_UNKNOWN_FLAG, apply->profile))
        return TRUE;
    if (op->action != NULL && !has_action)
        flag = "--action";
    else if (op->yes && !ms_profile_has(apply->profile, MS_FEATURE_CLI_YES_FLAG))
        flag = "--yes";
    if (ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, op->member, flag != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, flag);
    return TRUE;
}

/* Common request checks of evacuate and restore; NULL when refused. */
static MsMember *
state_request_member(MsApply *apply, const char *action)
{
    const MsOp *op = apply->op;
    MsMember *member = ms_cluster_lookup_member(apply->cluster, op->member);

    if (ms_apply_check(apply, MS_RULE_EVAC_MEMBER_NOT_FOUND, op->member, member == NULL)) {
        ms_apply_reject(apply, MS_RULE_EVAC_MEMBER_NOT_FOUND);
        return NULL;
    }
    if (ms_apply_check(apply, MS_RULE_EVAC_OFFLINE, op->member, member->status == MS_MEMBER_OFFLINE)) {
        ms_apply_reject(apply, MS_RULE_EVAC_OFFLINE, action);
        return NULL;
    }
    if (!not_started_checks(apply, member, action))
        return NULL;
    return member;
}

/* What the end of an evacuation does to the member: from 6.9 nothing is
 * reverted (EVAC.COMMITTED), before it the registered revert sets the member
 * back to ONLINE on failure (EVAC.REVERTED). */
static MsRuleId
evacuation_end_rule(const MsProfile *profile)
{
    return ms_profile_has(profile, MS_FEATURE_EVAC_STAYS_EVACUATED) ? MS_RULE_EVAC_COMMITTED
                                                                    : MS_RULE_EVAC_REVERTED;
}

static gboolean
evacuation_failed(MsApply *apply, MsMember *member, MsRuleId rule, char *message)
{
    MsRuleId end = evacuation_end_rule(apply->profile);

    ms_apply_check(apply, end, member->name, TRUE); /* check sites: EVAC_COMMITTED EVAC_REVERTED */
    if (end == MS_RULE_EVAC_COMMITTED) {
        g_autofree char *inner = message;
        message = ms_rule_message(MS_RULE_EVAC_COMMITTED, apply->profile, inner);
    } else {
        member->status = MS_MEMBER_ONLINE;
        member->db_status = MS_MEMBER_ONLINE;
    }
    return ms_apply_fail(apply, rule, 400, TRUE, message);
}

/* Is an operation of @kind on @member (any member: NULL) in flight?  LXD
 * asks its operations table for operations of the type that are not final
 * (operationsGetByType, lxd/operations.go:754 at lxd-5.21.7); the
 * operation of an evacuation or a restore runs on the member it is about
 * (the request is forwarded there, api_cluster.go:3071 at lxd-5.21.7), so
 * its Location is that member. */
static gboolean
job_in_flight(const MsCluster *cluster, MsOpKind kind, const char *member)
{
    for (guint i = 0; i < cluster->jobs->len; i++) {
        const MsJob *job = cluster->jobs->pdata[i];
        if (job->op->kind == kind && (member == NULL || g_strcmp0(job->op->member, member) == 0))
            return TRUE;
    }
    return FALSE;
}

/* The request of an evacuation and the start of its operation: NULL when
 * refused, else the names of the instances to evacuate in LXD's order (the
 * member's instances, listed after the member is set EVACUATED). */
GPtrArray *
ms_evacuate_begin(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    g_autoptr(GPtrArray) instances = NULL;
    GPtrArray *names;
    MsMember *member;

    if (!client_flags_known(apply, ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE)))
        return NULL;
    member = state_request_member(apply, "evacuate");
    if (member == NULL)
        return NULL;
    /* a restore of the member still running (api_cluster.go:3093-3101 at
     * lxd-5.21.7; api_cluster_member.go:1517-1531 at lxd-6.9), and from 6.9
     * any other evacuation (:1533-1542, before the quorum check) */
    if (ms_rule_applies(MS_RULE_EVAC_RESTORE_RUNNING, profile) &&
        ms_apply_check(apply, MS_RULE_EVAC_RESTORE_RUNNING, member->name,
                       job_in_flight(cluster, MS_OP_RESTORE, member->name))) {
        ms_apply_reject(apply, MS_RULE_EVAC_RESTORE_RUNNING, member->name);
        return NULL;
    }
    if (ms_rule_applies(MS_RULE_EVAC_ANOTHER_RUNNING, profile) &&
        ms_apply_check(apply, MS_RULE_EVAC_ANOTHER_RUNNING, member->name,
                       job_in_flight(cluster, MS_OP_EVACUATE, NULL))) {
        ms_apply_reject(apply, MS_RULE_EVAC_ANOTHER_RUNNING, member->name);
        return NULL;
    }
    if (ms_rule_applies(MS_RULE_EVAC_QUORUM, profile) && !op->force &&
        ms_apply_check(apply, MS_RULE_EVAC_QUORUM, member->name, !quorum_allows(cluster, member))) {
        ms_apply_reject(apply, MS_RULE_EVAC_QUORUM);
        return NULL;
    }
    /* EVAC.UNKNOWN_ACTION is not evaluated: lxc sends its command's name,
     * "evacuate" or "restore", as the action (lxc/cluster.go:1134 at lxd-5.0.2,
     * :1396 at lxd-5.21.7, :1387 at lxd-6.9), so the server's default case
     * cannot be reached from a scenario. */

    /* the operation */
    if (ms_apply_check(apply, MS_RULE_EVAC_ALREADY, member->name, member->status == MS_MEMBER_EVACUATED)) {
        ms_apply_reject(apply, MS_RULE_EVAC_ALREADY);
        return NULL;
    }
    member->status = MS_MEMBER_EVACUATED;
    member->db_status = MS_MEMBER_EVACUATED;

    instances = ms_cluster_list_instances(cluster, member->name);
    names = g_ptr_array_new_full(instances->len, g_free);
    for (guint i = 0; i < instances->len; i++)
        g_ptr_array_add(names, g_strdup(((MsInstance *) instances->pdata[i])->name));
    return names;
}

/* An instance the operation listed at its start that another request
 * changed meanwhile: LXD's operation keeps the instance object it loaded
 * then; what it does with it is not modelled. */
static MsInstance *
still_listed(MsApply *apply, const char *name, const char *where, gboolean on_member)
{
    MsInstance *instance = ms_cluster_lookup_instance(apply->cluster, name);

    if (instance == NULL || g_str_equal(instance->location, where) != on_member) {
        ms_outcome_add_note(apply->outcome,
                            "%s %s since this operation listed it: what LXD's operation does with the "
                            "instance it loaded then is not modelled; skipped",
                            name,
                            instance == NULL ? "was deleted"
                            : on_member      ? "left the member"
                                             : "is back on the member");
        return NULL;
    }
    return instance;
}

/* One instance of an evacuation: stop, migrate, start on the target
 * (evacuateInstances, api_cluster.go:3314-3388 at lxd-5.21.7).  FALSE when
 * it failed, which ends the operation. */
gboolean
ms_evacuate_instance(MsApply *apply, const char *name)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    MsMember *member = ms_cluster_lookup_member(cluster, op->member);
    MsInstance *instance;
    gboolean migrate, live, was_running;
    MsMember *target;
    g_auto(MsRejection) refusal = { 0 };
    g_autofree char *crash_device = NULL;
    gboolean moved, ok;

    if (member == NULL)
        return TRUE;
    instance = still_listed(apply, name, member->name, TRUE);
    if (instance == NULL)
        return TRUE;
    was_running = instance->status == MS_INSTANCE_RUNNING;
    can_migrate(apply, instance, &migrate, &live, &crash_device);
    if (crash_device != NULL)
        return nil_pool_crash(apply, member, instance, crash_device);
    if (op->action != NULL && ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE)) {
        if (g_str_equal(op->action, "stop"))
            migrate = FALSE, live = FALSE;
        else if (g_str_equal(op->action, "migrate"))
            migrate = TRUE, live = FALSE;
        else if (g_str_equal(op->action, "live-migrate"))
            migrate = TRUE, live = TRUE;
        else if (g_str_equal(op->action, "heal") && ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE_HEAL))
            live = FALSE;
        else if (ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE_STRICT)) {
            ms_apply_check(apply, MS_RULE_EVAC_BAD_MODE, member->name, TRUE);
            return evacuation_failed(apply, member, MS_RULE_EVAC_BAD_MODE,
                                     ms_rule_message(MS_RULE_EVAC_BAD_MODE, profile, op->action));
        } else {
            ms_outcome_add_note(apply->outcome, "mode \"%s\" is not known to this release and is ignored",
                                op->action);
        }
        if (ms_rule_applies(MS_RULE_EVAC_BAD_MODE, profile))
            ms_apply_check(apply, MS_RULE_EVAC_BAD_MODE, member->name, FALSE);
    }
    ms_apply_check(apply, MS_RULE_EVAC_MODE, instance->name, !migrate);

    if (was_running && !(migrate && live)) {
        ms_instance_mark_stopped(instance);
        /* written after the stop so that restore starts it again */
        ms_instance_set_config(instance, "volatile.last_state.power", "RUNNING");
        if (!migrate)
            ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, member->name, NULL,
                                 "stays on the member");
    }
    if (!migrate) {
        if (!was_running)
            ms_outcome_add_event(apply->outcome, MS_EVENT_UNTOUCHED, instance->name, member->name, NULL,
                                 "stopped, stays on the member");
        return TRUE;
    }
    target = evacuation_target(apply, instance, member);
    if (ms_apply_check(apply, MS_RULE_EVAC_NO_TARGET, instance->name, target == NULL)) {
        ms_outcome_add_event(apply->outcome, MS_EVENT_NO_TARGET, instance->name, member->name, NULL,
                             "No migration target available for instance");
        return TRUE;
    }
    if (cfg(instance, "volatile.evacuate.origin") == NULL)
        ms_cluster_set_instance_config(cluster, instance, "volatile.evacuate.origin", member->name);

    /* migrate_instance only stops a running instance for a cold move,
     * and evacuation already stopped it above. */
    ok = migrate_instance(apply, instance, target->name, live, &refusal, &moved);
    ms_apply_check(apply, MS_RULE_EVAC_MIGRATE_FAIL, instance->name, !ok);
    if (!ok) {
        g_autofree char *wrapped =
            ms_rule_message(MS_RULE_EVAC_MIGRATE_FAIL, profile, instance->name, refusal.message);
        ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, member->name, target->name,
                             refusal.message);
        return evacuation_failed(apply, member, refusal.rule, g_steal_pointer(&wrapped));
    }
    if (!live && (was_running || (ms_profile_has(profile, MS_FEATURE_AUTOSTART_AFTER_EVACUATE) &&
                                  should_auto_start(cluster, profile, instance)))) {
        ok = start_on_member(apply, instance, &refusal);
        ms_apply_check(apply, MS_RULE_EVAC_START_ON_TARGET, instance->name, !ok);
        if (!ok) {
            ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, NULL, instance->location,
                                 refusal.message);
            return evacuation_failed(apply, member, refusal.rule, g_steal_pointer(&refusal.message));
        }
    }
    return TRUE;
}

/* The end of an evacuation whose instances all went as planned. */
void
ms_evacuate_end(MsApply *apply)
{
    /* check sites: EVAC_COMMITTED EVAC_REVERTED */
    ms_apply_check(apply, evacuation_end_rule(apply->profile), apply->op->member, FALSE);
}

gboolean
ms_apply_evacuate(MsApply *apply)
{
    g_autoptr(GPtrArray) names = ms_evacuate_begin(apply);

    if (names == NULL)
        return FALSE;
    for (guint i = 0; i < names->len; i++)
        if (!ms_evacuate_instance(apply, names->pdata[i]))
            return FALSE;
    ms_evacuate_end(apply);
    return TRUE;
}

/* ---- restore ---- */

static gboolean
restore_failed(MsApply *apply, MsMember *member, MsRuleId rule, char *message)
{
    member->status = MS_MEMBER_EVACUATED;
    member->db_status = MS_MEMBER_EVACUATED;
    return ms_apply_fail(apply, rule, 400, TRUE, message);
}

/* The request of a restore and the start of its operation: NULL when
 * refused, else its steps ("S:NAME" for the member's own instances, then
 * "M:NAME" for those evacuated from it, listed when the request arrives,
 * api_cluster.go:3391-3443 at lxd-5.21.7); empty with --action=skip. */
GPtrArray *
ms_restore_begin(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    g_autoptr(GPtrArray) local = NULL;
    g_autoptr(GPtrArray) all = NULL;
    GPtrArray *steps;
    MsMember *member;
    gboolean skip;

    if (!client_flags_known(apply, ms_profile_has(profile, MS_FEATURE_RESTORE_SKIP)))
        return NULL;
    member = state_request_member(apply, "restore");
    if (member == NULL)
        return NULL;
    /* an evacuation of the member still running (api_cluster.go:3187-3195
     * at lxd-5.21.7, api_cluster_member.go:1453-1461 at lxd-6.9); an
     * evacuation of another member is not looked at */
    if (ms_rule_applies(MS_RULE_RESTORE_EVAC_RUNNING, profile) &&
        ms_apply_check(apply, MS_RULE_RESTORE_EVAC_RUNNING, member->name,
                       job_in_flight(cluster, MS_OP_EVACUATE, member->name))) {
        ms_apply_reject(apply, MS_RULE_RESTORE_EVAC_RUNNING, member->name);
        return NULL;
    }
    if (ms_rule_applies(MS_RULE_RESTORE_BAD_MODE, profile) &&
        ms_apply_check(apply, MS_RULE_RESTORE_BAD_MODE, member->name,
                       op->action != NULL && !g_str_equal(op->action, "skip"))) {
        ms_apply_reject(apply, MS_RULE_RESTORE_BAD_MODE, op->action);
        return NULL;
    }

    if (ms_apply_check(apply, MS_RULE_RESTORE_ALREADY, member->name, member->status != MS_MEMBER_EVACUATED)) {
        ms_apply_reject(apply, MS_RULE_RESTORE_ALREADY);
        return NULL;
    }
    member->status = MS_MEMBER_ONLINE;
    member->db_status = MS_MEMBER_ONLINE;

    steps = g_ptr_array_new_with_free_func(g_free);
    skip = op->action != NULL && g_str_equal(op->action, "skip");
    if (ms_rule_applies(MS_RULE_RESTORE_SKIP, profile))
        ms_apply_check(apply, MS_RULE_RESTORE_SKIP, member->name, skip);
    if (skip)
        return steps;
    if (ms_profile_has(profile, MS_FEATURE_RESTORE_MAP_ORDER))
        ms_outcome_add_note(
            apply->outcome,
            "order: LXD %s restores in Go map order (random); migsim uses instance-name order",
            profile->name);

    local = ms_cluster_list_instances(cluster, member->name);
    for (guint i = 0; i < local->len; i++)
        g_ptr_array_add(steps, g_strconcat("S:", ((MsInstance *) local->pdata[i])->name, NULL));
    /* the index finds the k instances evacuated from the member without
     * visiting the rest of the cluster; it keeps the name order */
    all = ms_cluster_list_evacuated_from(cluster, member->name);
    for (guint i = 0; i < all->len; i++) {
        MsInstance *instance = all->pdata[i];
        if (g_strcmp0(cfg(instance, "volatile.evacuate.origin"), member->name) != 0 ||
            g_str_equal(instance->location, member->name))
            continue;
        g_ptr_array_add(steps, g_strconcat("M:", instance->name, NULL));
    }
    return steps;
}

/* A restore starts one of the member's own instances that evacuation
 * stopped.  FALSE when it failed, which ends the operation. */
gboolean
ms_restore_start_local(MsApply *apply, const char *name)
{
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    MsMember *member = ms_cluster_lookup_member(cluster, apply->op->member);
    MsInstance *instance;
    g_auto(MsRejection) refusal = { 0 };
    gboolean started;

    if (member == NULL)
        return TRUE;
    instance = still_listed(apply, name, member->name, TRUE);
    if (instance == NULL)
        return TRUE;
    if (g_strcmp0(cfg(instance, "volatile.last_state.power"), "RUNNING") != 0 ||
        instance->status == MS_INSTANCE_RUNNING)
        return TRUE;
    /* started directly, not through the API: no evacuated check */
    started = ms_instance_start_check(cluster, apply->env, instance, FALSE, &refusal);
    ms_apply_check(apply, MS_RULE_RESTORE_START_FAIL, instance->name, !started);
    if (!started) {
        ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, NULL, member->name,
                             refusal.message);
        return restore_failed(
            apply, member, refusal.rule,
            ms_rule_message(MS_RULE_RESTORE_START_FAIL, profile, instance->name, refusal.message));
    }
    ms_instance_mark_started(instance);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, instance->name, NULL, member->name, NULL);
    return TRUE;
}

/* A restore migrates one instance evacuated from the member back and
 * starts it.  FALSE when it failed, which ends the operation. */
gboolean
ms_restore_migrate_back(MsApply *apply, const char *name)
{
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    MsMember *member = ms_cluster_lookup_member(cluster, apply->op->member);
    MsInstance *instance;
    gboolean migrate, live, was_running, moved, ok;
    g_auto(MsRejection) refusal = { 0 };
    const MsMember *holder;
    g_autofree char *crash_device = NULL;

    if (member == NULL)
        return TRUE;
    instance = still_listed(apply, name, member->name, FALSE);
    if (instance == NULL)
        return TRUE;
    was_running = instance->status == MS_INSTANCE_RUNNING;
    can_migrate(apply, instance, &migrate, &live, &crash_device);
    if (crash_device != NULL)
        return nil_pool_crash(apply, member, instance, crash_device);
    /* restore asks the holder for the instance first: an offline holder
     * fails the restore there */
    holder = ms_cluster_lookup_member(cluster, instance->location);
    /* a member that stopped answering fails the GET even before its
     * heartbeats make it OFFLINE */
    if (ms_apply_check(apply, MS_RULE_RESTORE_HOLDER_OFFLINE, instance->name,
                       holder != NULL && (holder->status == MS_MEMBER_OFFLINE ||
                                          holder->unreachable_since_ms != G_MAXUINT64))) {
        g_autofree char *inner =
            g_strdup_printf("<connection error: cluster member \"%s\" does not answer>", instance->location);
        ms_outcome_add_note(apply->outcome,
                            "%s: LXD prints the Go HTTP client's error for %s here (it names the member's "
                            "address and the cause, e.g. connection refused or i/o timeout); migsim cannot "
                            "know it",
                            instance->name, instance->location);
        ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, instance->location,
                             member->name, "holder offline");
        return restore_failed(
            apply, member, MS_RULE_RESTORE_HOLDER_OFFLINE,
            ms_rule_message(MS_RULE_RESTORE_HOLDER_OFFLINE, profile, instance->name, inner));
    }
    /* the stop on the holder comes before the move request, so a move
     * that fails leaves the instance stopped there */
    if (ms_apply_check(apply, MS_RULE_RESTORE_STOP_ON_HOLDER, instance->name, was_running && !live)) {
        ms_instance_mark_stopped(instance);
        ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, instance->location, NULL,
                             "on its holder, before the move back");
    }
    if (ms_apply_check(apply, MS_RULE_MOVE_BACKUPS, instance->name, instance->n_backups > 0)) {
        g_autofree char *inner = ms_rule_message(MS_RULE_MOVE_BACKUPS, profile);
        /* the server's own wrap of its move request (api_cluster.go:3158
         * at lxd-5.0.2, :3573 at lxd-5.21.7; api_cluster_member.go:2176
         * at lxd-6.9), the same words as the client's */
        return restore_failed(apply, member, MS_RULE_MOVE_BACKUPS,
                              ms_rule_message(MS_RULE_CLI_MOVE_API_WRAP, profile, inner));
    }
    ok = migrate_instance(apply, instance, member->name, live, &refusal, &moved);
    ms_apply_check(apply, MS_RULE_RESTORE_MIGRATE_FAIL, instance->name, !ok);
    if (!ok)
        return restore_failed(apply, member, refusal.rule,
                              ms_rule_message(MS_RULE_RESTORE_MIGRATE_FAIL, profile, refusal.message));
    ms_cluster_set_instance_config(cluster, instance, "volatile.evacuate.origin", NULL);
    if (was_running && !live) {
        ok = ms_instance_start_check(cluster, apply->env, instance, FALSE, &refusal);
        ms_apply_check(apply, MS_RULE_RESTORE_START_FAIL, instance->name, !ok);
        if (!ok)
            return restore_failed(
                apply, member, refusal.rule,
                ms_rule_message(MS_RULE_RESTORE_START_FAIL, profile, instance->name, refusal.message));
        ms_instance_mark_started(instance);
        ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, instance->name, NULL, member->name, NULL);
    }
    return TRUE;
}

gboolean
ms_apply_restore(MsApply *apply)
{
    g_autoptr(GPtrArray) steps = ms_restore_begin(apply);

    if (steps == NULL)
        return FALSE;
    for (guint i = 0; i < steps->len; i++) {
        const char *step = steps->pdata[i];
        if (!(step[0] == 'S' ? ms_restore_start_local : ms_restore_migrate_back)(apply, step + 2))
            return FALSE;
    }
    return TRUE;
}

/* ---- cluster.healing_threshold: the automatic evacuation of an offline member ---- */

/* The heal task runs every minute on the leader (autoHealClusterTask,
 * lxd/api_cluster.go:4502-4522 at lxd-5.21.7, :4387 at lxd-6.1, :4397 at lxd-5.14) and heals
 * every member that is not EVACUATED and whose last heartbeat is older than
 * ClusterHealingThreshold(): cluster.healing_threshold, at least
 * cluster.offline_threshold, 0 = off (lxd/cluster/config/config.go:251-266
 * at lxd-5.21.7; the key and the task from lxd-5.14, not in 5.0.x; Incus v6.0.4
 * internal/server/cluster/config/config.go:295).  0 when healing is off. */
guint64
ms_cluster_healing_threshold_ms(const MsCluster *cluster)
{
    const char *value = ms_config_get(cluster->server_config, "cluster.healing_threshold");
    guint64 seconds = value != NULL ? g_ascii_strtoull(value, NULL, 10) : 0;

    if (seconds == 0)
        return 0;
    return MAX(seconds * 1000, ms_cluster_offline_threshold_ms(cluster));
}

/* healClusterMember (lxd/api_cluster.go:4590-4664 at lxd-5.21.7):
 * evacuateClusterMember in mode "heal" with no stop function: the member
 * is set EVACUATED (:3273), each instance that can migrate gets
 * volatile.evacuate.origin (:3377-3379) and goes through the heal migrate
 * function, which does nothing for an instance on a local pool (:4612-4614)
 * and moves one on a remote pool to the chosen member (:4616-4637), then
 * starts it if instanceShouldAutoStart (:4639-4655; IsRunning() is read on
 * the leader, where the instance does not run, so boot.autostart or
 * volatile.last_state.power=RUNNING, which LXD writes when an instance
 * starts, decides).  Networks are not stopped (:3300-3303). */
typedef enum {
    HEAL_MIGRATE, /* POST /internal/cluster/heal/NAME: mode "migrate" */
    HEAL_MODE,    /* mode "heal": as CanMigrate says, never live */
    HEAL_INVALID, /* mode "heal" refused by evacuateInstances */
} HealKind;

/* Which heal a release runs.  Until 5.21.4 and 6.5 the leader calls
 * /internal/cluster/heal/NAME on itself (api_cluster.go:4624 at
 * lxd-5.21.4, :4630 at lxd-6.5), which evacuates in mode "migrate" (:3226
 * at lxd-5.21.4): every instance migrates, whatever its cluster.evacuate.
 * From 5.21.5 and 6.6 the task calls healClusterMember in mode "heal"
 * (:4657 at lxd-5.21.7), which evacuateInstances knows from 5.21.5 and 6.8
 * (MS_FEATURE_EVACUATE_MODE_HEAL); at 6.6 and 6.7 it refuses it at the
 * first instance ("Invalid mode", api_cluster.go:3334 at lxd-6.6,
 * api_cluster_member.go:1616 at lxd-6.7), so the heal fails and the member
 * is set back (:3280-3282 at lxd-5.21.7). */
static HealKind
heal_kind(const MsProfile *profile)
{
    if (ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE_HEAL))
        return HEAL_MODE;
    if (profile->version >= MS_VERSION(6, 6, 0))
        return HEAL_INVALID;
    return HEAL_MIGRATE;
}

static void
heal_member(MsApply *apply, MsMember *member)
{
    MsCluster *cluster = apply->cluster;
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, member->name);
    HealKind kind = heal_kind(apply->profile);

    if (kind == HEAL_INVALID && instances->len > 0) {
        ms_outcome_add_note(apply->outcome,
                            "%s: the heal task fails for %s (Invalid mode: \"heal\": evacuateInstances does "
                            "not know the mode until 6.8) and sets it back; nothing moves; it tries again "
                            "every minute",
                            apply->profile->name, member->name);
        return;
    }
    /* the database state (evacuateClusterSetState), which wins over
     * the missing heartbeats when the member is shown */
    member->status = member->db_status = MS_MEMBER_EVACUATED;
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *instance = instances->pdata[i];
        gboolean migrate, live, start;
        g_autofree char *crash_device = NULL;
        g_auto(MsRejection) refusal = { 0 };
        MsMember *target;

        can_migrate(apply, instance, &migrate, &live, &crash_device);
        if (crash_device != NULL) {
            ms_outcome_add_note(apply->outcome,
                                "heal: %s has a disk without a pool (%s): what LXD does is not modelled",
                                instance->name, crash_device);
            continue;
        }
        if (kind == HEAL_MIGRATE)
            migrate = TRUE;
        if (!migrate)
            continue;
        target = evacuation_target(apply, instance, member);
        if (target == NULL) {
            ms_outcome_add_event(apply->outcome, MS_EVENT_NO_TARGET, instance->name, member->name, NULL,
                                 "No migration target available for instance");
            continue;
        }
        if (cfg(instance, "volatile.evacuate.origin") == NULL)
            ms_cluster_set_instance_config(cluster, instance, "volatile.evacuate.origin", member->name);
        if (!root_pool_is_remote(cluster, instance)) {
            ms_outcome_add_event(apply->outcome, MS_EVENT_UNTOUCHED, instance->name, member->name, NULL,
                                 "heal: on a local pool, stays on the offline member");
            continue;
        }
        start =
            instance->status == MS_INSTANCE_RUNNING || should_auto_start(cluster, apply->profile, instance);
        if (instance->status == MS_INSTANCE_RUNNING)
            ms_instance_mark_stopped(instance);
        ms_cluster_set_instance_location(cluster, instance, target->name);
        ms_outcome_add_event(apply->outcome, MS_EVENT_MIGRATED, instance->name, member->name, target->name,
                             "heal");
        if (start && !start_on_member(apply, instance, &refusal)) {
            /* the heal operation fails and the member goes back to its
             * previous state (:3280-3282); the task tries again a minute later */
            ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, NULL, instance->location,
                                 refusal.message);
            ms_outcome_add_note(apply->outcome,
                                "heal of %s failed: %s; LXD sets it back and tries again every minute "
                                "(not modelled)",
                                member->name, refusal.message);
            member->status = MS_MEMBER_OFFLINE;
            member->db_status = MS_MEMBER_ONLINE;
            return;
        }
    }
    ms_outcome_add_note(apply->outcome,
                        "cluster.healing_threshold: %s was offline longer than %" G_GUINT64_FORMAT
                        " s; LXD evacuated it (cluster-member-healed)",
                        member->name, ms_cluster_healing_threshold_ms(cluster) / 1000);
}

MsOutcome *
ms_cluster_auto_heal(MsCluster *cluster, MsEnv *env)
{
    guint64 threshold = ms_cluster_healing_threshold_ms(cluster);
    g_autoptr(MsOp) op = NULL;
    MsApply apply;

    if (threshold == 0 || cluster->n_unreachable == 0)
        return NULL;
    if (ms_profile_is_incus(env->profile)) {
        MsOutcome *outcome = ms_outcome_new();
        ms_outcome_add_note(outcome, "not modelled for %s: cluster.healing_threshold (Incus's heal task)",
                            env->profile->name);
        return outcome;
    }
    op = ms_op_new(MS_OP_EVACUATE);
    op->action = g_strdup("heal");
    apply = (MsApply){ cluster, env, env->profile, op, ms_outcome_new() };
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        guint64 since = member->unreachable_since_ms;

        if (since == G_MAXUINT64 || member->status == MS_MEMBER_EVACUATED)
            continue;
        /* IsOffline(threshold) holds from some moment in (since + threshold
         * - offline_threshold/2, since + threshold] (heartbeats every
         * offline_threshold/2), and the task runs within a minute after:
         * migsim heals at the end of that window and says so inside it */
        if (cluster->now_ms >= since + threshold + 60000) {
            g_free(op->member);
            op->member = g_strdup(member->name);
            heal_member(&apply, member);
        } else if (cluster->now_ms + ms_cluster_offline_threshold_ms(cluster) / 2 > since + threshold) {
            ms_outcome_add_note(apply.outcome,
                                "timing: %s has been offline for %.1f s; with cluster.healing_threshold "
                                "%" G_GUINT64_FORMAT
                                " s LXD's heal task (every minute) may have evacuated it "
                                "already; migsim does so %.1f s from now",
                                member->name, (cluster->now_ms - since) / 1000.0, threshold / 1000,
                                (since + threshold + 60000 - cluster->now_ms) / 1000.0);
        }
    }
    return apply.outcome;
}
