/* migsim: lxc move --target and lxc rename, and the migration primitives
 * that evacuation and restore (ms-evacuate.c) and healing (ms-heal.c) reuse.
 *
 * Algorithms follow lxd/instance_post.go (lxd-5.0.2, lxd-5.21.7, HEAD); see
 * §5 of the behaviour reference. */
#include "ms-apply-private.h"
#include "ms-hang.h"
#include "ms-names.h"

#include <string.h>

gboolean
ms_instance_root_pool_is_remote(const MsCluster *cluster, const MsInstance *instance)
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
void
ms_migrate_can_migrate(MsApply *apply, const MsInstance *instance, gboolean *migrate, gboolean *live,
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

/* CanMigrate as an evacuation or restore step asks it of @instance on
 * @member: FALSE when the probe crashed the daemon, which ends the step
 * with *step_result; else TRUE with *migrate and *live set. */
gboolean
ms_migrate_step_can_migrate(MsApply *apply, const MsMember *member, const MsInstance *instance,
                            gboolean *migrate, gboolean *live, gboolean *step_result)
{
    g_autofree char *crash_device = NULL;

    ms_migrate_can_migrate(apply, instance, migrate, live, &crash_device);
    if (crash_device == NULL)
        return TRUE;
    *step_result = nil_pool_crash(apply, member, instance, crash_device);
    return FALSE;
}

/* instanceShouldAutoStart (lxd/instances.go:256 at lxd-5.21.0, :274 at
 * lxd-5.21.7, :195 at lxd-6.9) reads the expanded config, so a profile's
 * boot.autostart counts.  security.protection.start joined it in 5.21.3/6.2,
 * the release that introduced the key; before, the key cannot be set. */
gboolean
ms_instance_should_auto_start(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
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
gboolean
ms_migrate_instance(MsApply *apply, MsInstance *instance, const char *target, gboolean live, MsRejection *out,
                    gboolean *moved)
{
    const MsProfile *profile = apply->profile;
    gboolean running = instance->status == MS_INSTANCE_RUNNING;
    g_autofree char *source = g_strdup(instance->location);

    *moved = FALSE;
    /* a failure injected by the scenario (`fault migration NAME fail TEXT`):
     * TEXT is the source operation's error, which the cluster move wraps
     * (MOVE.SOURCE_WRAP) where it migrates; the copy-based moves of 5.0.0 ..
     * 5.0.2 and 5.1 .. 5.11, and 5.12, report it in words migsim has not
     * read. */
    if (ms_cluster_injected(apply->cluster, "migrate", instance->name) != NULL) {
        const char *text = ms_cluster_injected(apply->cluster, "migrate", instance->name);

        if (ms_rule_applies(MS_RULE_MOVE_SOURCE_WRAP, profile))
            return ms_reject(out, MS_RULE_NONE, ms_rule_message(MS_RULE_MOVE_SOURCE_WRAP, profile, text));
        ms_outcome_add_note(apply->outcome,
                            "%s: not modelled: how LXD %s words a migration that fails on its source "
                            "(it has no MOVE.SOURCE_WRAP); the injected text is shown as given",
                            instance->name, profile->name);
        return ms_reject(out, MS_RULE_NONE, g_strdup(text));
    }
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
    if (ms_cluster_injected(apply->cluster, "hang", instance->name) != NULL)
        return ms_migrate_hang(apply, instance, target, out);

    if (ms_profile_has(profile, MS_FEATURE_MOVE_COPY_RENAME) &&
        !ms_instance_root_pool_is_remote(apply->cluster, instance)) {
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
    if (!ms_instance_root_pool_is_remote(apply->cluster, instance))
        ms_cluster_add_op_record(apply->cluster, target);
    *moved = TRUE;
    ms_outcome_add_event(apply->outcome, live && running ? MS_EVENT_LIVE_MIGRATED : MS_EVENT_MIGRATED,
                         instance->name, source, target, NULL);
    return TRUE;
}

/* Start on the destination through its API (so the evacuated check applies). */
gboolean
ms_migrate_start_on_member(MsApply *apply, MsInstance *instance, MsRejection *out)
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

/* lxc move --target M -s POOL with nothing else: from lxd-5.21.5 and
 * lxd-6.7 lxc sends one POST /1.0/instances/NAME with target=M and the pool
 * (moveInstance, lxc/move.go:219-226,296-306 at lxd-6.9); the server's
 * instancePostMigration moves it with the root disk on POOL (below).
 * Incus (cmd/incus/move.go) is not read for this. */
static gboolean
pool_move_client(const MsApply *apply)
{
    const MsOp *op = apply->op;

    return !ms_profile_is_incus(apply->profile) &&
           !ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_STORAGE, apply->profile) && !op->instance_only &&
           op->target_project == NULL && op->profiles == NULL && !op->no_profiles && op->keys->len == 0 &&
           op->device_overrides == NULL && apply->op->group == NULL;
}

/* lxc move --target M --instance-only (alone, or with -p/--no-profiles)
 * from lxd-5.21.5 and lxd-6.7: moveInstance sends instance_only in the POST
 * (lxc/move.go:305 at lxd-6.9, :308 at lxd-5.21.7), but it is not an
 * instance change (hasInstanceChanges, lxd/instance_post.go:317-318 at
 * lxd-6.9, :351-352 at lxd-5.21.5..5.21.7, :323-324 at lxd-6.7) and
 * instancePostClusteringMigrate sets up its migration source with
 * instanceOnly false (:876 at lxd-6.9, :882 at lxd-6.8, :887 at lxd-6.7, :885
 * at lxd-5.21.5, :890 at lxd-5.21.6/7) and asks the destination for the
 * instance without it (:921-934 at lxd-6.9): the move is a plain one,
 * snapshots included.  With -s or --target-project the flag reaches a
 * local copy (instanceCreateAsCopy, :709 at lxd-6.9): not followed.  Incus
 * (cmd/incus/move.go) is not read for this. */
static gboolean
instance_only_ignored(const MsApply *apply)
{
    const MsOp *op = apply->op;

    return op->instance_only && op->target != NULL && !ms_profile_is_incus(apply->profile) &&
           !ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY, apply->profile) && op->pool == NULL &&
           op->target_project == NULL && (op->keys->len == 0 && op->device_overrides == NULL);
}

/* lxc move --target M -p P... or --no-profiles with nothing else, from
 * lxd-6.8: moveInstance sends the profiles in the POST (lxc/move.go
 * :311-319 at lxd-6.9); a profile change is an instance change
 * (instance_post.go:317-318) moved by instancePostClusteringMigrate, which
 * from lxd-6.8 writes the requested profiles to the record after the
 * migration (:798-804,965-972 at lxd-6.9; LXD commit b5236a1378, "Apply
 * profile overrides during cluster instance moves").  lxd-5.21.5..5.21.7 and
 * 6.7 send them too, but do not write them (no UpdateInstanceProfiles,
 * :809-813,950-970 at lxd-5.21.7), and 5.21.7 also runs
 * checkTargetProjectRestrictions (:686): migsim leaves those "not modelled".
 * The destination loads the existing record and does not apply the sent
 * config or devices (instances_post.go:273-336 at lxd-6.9), so -c and -d
 * stay "not modelled" too. */
static gboolean
profiles_move_client(const MsApply *apply)
{
    const MsOp *op = apply->op;
    /* clang-format off */
    static const MsReleases profile_moves = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(6, 8, 0)),
                                              MS_INC_NONE };
    /* clang-format on */

    return ms_releases_contain(&profile_moves, apply->profile->version) &&
           (op->profiles != NULL || op->no_profiles) && op->keys->len == 0 && op->device_overrides == NULL &&
           op->pool == NULL && op->target_project == NULL && op->group == NULL;
}

/* Why migsim does not follow a server-side cluster move with changes from
 * @instance's member: an offline source, or the instance's own member
 * (@own says why for that one); NULL when it does. */
static const char *
move_members_unfollowed(const MsApply *apply, const MsInstance *instance, const char *own)
{
    const MsMember *source = ms_cluster_lookup_member(apply->cluster, instance->location);

    if (source == NULL || source->status != MS_MEMBER_ONLINE)
        return "from a member that is not online (instance_post.go:356-377 at lxd-6.9, :390-410 at "
               "lxd-5.21.7)";
    if (g_strcmp0(instance->location, apply->op->target) == 0)
        return own;
    return NULL;
}

/* "not modelled" for lxc move --target with @options, because of @why;
 * TRUE when @why is NULL (the move is followed). */
static gboolean
move_unfollowed(MsApply *apply, const char *options, const char *why)
{
    if (why == NULL)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc move --target with %s %s",
                                         apply->profile->name, options, why));
}

/* The cases of --target M -p/--no-profiles migsim follows: a stopped
 * instance on an online member, to another member, with profiles that exist
 * and a root disk after the move (its own, or from the new profiles; the
 * upstream test moves an instance with its own root disk,
 * test/suites/clustering_move.sh:138-150 at lxd-6.9).  FALSE (and said so)
 * otherwise. */
static gboolean
profiles_move_modelled(MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;
    const char *profile_project = ms_cluster_profile_project(apply->cluster, instance->project);
    gboolean root = ms_devices_root_disk(instance->devices) != NULL;
    const char *why;

    if (!profiles_move_client(apply))
        return TRUE;
    for (guint i = 0; op->profiles != NULL && i < op->profiles->len; i++) {
        const MsProfileEntity *entity =
            ms_cluster_lookup_profile_in(apply->cluster, profile_project, op->profiles->pdata[i]);
        if (entity == NULL)
            return move_unfollowed(apply, "-p/--no-profiles",
                                   "naming a profile that does not exist (refused inside the operation)");
        root = root || ms_devices_root_disk(entity->devices) != NULL;
    }
    if (instance->status == MS_INSTANCE_RUNNING)
        return move_unfollowed(apply, "-p/--no-profiles", "of a running instance");
    why = move_members_unfollowed(apply, instance,
                                  "to the instance's own member (a profile change makes it a cluster move, "
                                  "instance_post.go:333-334 at lxd-6.9)");
    if (why == NULL && !root)
        why = "leaving the instance without a root disk";
    return move_unfollowed(apply, "-p/--no-profiles", why);
}

/* The requested profiles replace the instance's after the migration
 * (UpdateInstanceProfiles, instance_post.go:965-972 at lxd-6.9); its own
 * config and devices are kept. */
static void
set_moved_profiles(MsApply *apply, MsInstance *instance)
{
    const MsOp *op = apply->op;

    if (!profiles_move_client(apply))
        return;
    g_ptr_array_set_size(instance->profiles, 0);
    for (guint i = 0; op->profiles != NULL && i < op->profiles->len; i++)
        g_ptr_array_add(instance->profiles, g_strdup(op->profiles->pdata[i]));
}

/* --target M -s POOL (sent from lxd-5.21.5 and lxd-6.7, lxc/move.go
 * :296-306 at lxd-6.9).  instancePostMigration puts POOL in the root disk
 * of the devices it sends to M (lxd/instance_post.go:576,628-663 at
 * lxd-6.9, :582,634-669 at lxd-5.21.7), but for a same-name cluster move
 * M's migration sink loads the instance's existing record instead of
 * creating one from them (prepareInstanceMigrationSink,
 * lxd/instances_post.go:273 at lxd-6.9, :256 at lxd-5.21.7), and the
 * record is moved with the source pool (UpdateInstanceNode with srcPool,
 * instance_post.go:960 at lxd-6.9).  Whether the root disk ends up on POOL
 * is not clear from the source, LXD's tests use -s only with
 * --target-project (test/suites/clustering_move.sh:72-75 at lxd-6.9), and
 * no live run of it was made: not modelled.  FALSE (and said so) always. */
static gboolean
pool_move_modelled(MsApply *apply, const MsInstance *instance)
{
    const MsPool *pool;

    if (apply->op->pool == NULL)
        return TRUE;
    pool = ms_cluster_lookup_pool(apply->cluster, apply->op->pool);
    if (instance->status == MS_INSTANCE_RUNNING)
        return move_unfollowed(apply, "-s/--storage",
                               "of a running instance (a live migration into another pool)");
    if (pool == NULL || pool->state != MS_POOL_CREATED)
        return move_unfollowed(apply, "-s/--storage",
                               "into a pool that does not exist or is pending (the target's create fails)");
    return move_unfollowed(
        apply, "-s/--storage",
        "(the target member takes the instance's existing record, whose root disk keeps its "
        "pool: lxd/instances_post.go:273, instance_post.go:960 at lxd-6.9)");
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
    gboolean instance_only = op->instance_only;

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
    if (instance_only_ignored(apply)) {
        ms_outcome_add_note(
            apply->outcome,
            "LXD %s moves the snapshots too: --instance-only is sent (lxc/move.go:305 at lxd-6.9, "
            ":308 at lxd-5.21.7) but is no instance change (instance_post.go:318 at lxd-6.9, "
            ":352 at lxd-5.21.7) and the cluster move's migration source always takes the "
            "snapshots (:876 at lxd-6.9, :890 at lxd-5.21.7)",
            profile->name);
        instance_only = FALSE;
    }
    /* --target M -s POOL alone is checked by pool_move_modelled */
    if ((op->pool != NULL && !(targeted && pool_move_client(apply))) || instance_only ||
        (op->target_project != NULL && overrides)) {
        ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                      g_strdup_printf("migsim: not modelled for %s: lxc move %s (a server-side move that "
                                      "copies the instance: instancePostPoolMigration, lxd/instance_post.go"
                                      ":394 at lxd-5.0.2; instancePostMigration, :552 at lxd-6.9)",
                                      profile->name,
                                      op->pool != NULL ? "-s/--storage"
                                      : instance_only  ? "--instance-only"
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
        /* -p/--no-profiles alone from lxd-6.8 (profiles_move_modelled) */
        if (profiles_move_client(apply))
            return FALSE;
        ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc move --target with -c/-d/-p/--no-profiles "
                            "(the server applies them in instancePostMigration)",
                            profile->name));
        return TRUE;
    }
    return FALSE;
}

/* The group of --target=@GROUP, NULL when the move names a member or the
 * release has no group moves. */
static const char *
move_group(const MsApply *apply)
{
    /* --target=@GROUP moves arrive in lxd-5.0.3 (instance_post.go: CheckTarget
     * and targetGroupName, absent at lxd-5.0.2, where the target is looked up
     * as a member name: :138-142 GetNodeByName); Incus has them (v6.0.0) */
    /* clang-format off */
    static const MsReleases group_moves = { MS_SPAN_FROM(MS_VERSION(5, 0, 3)), MS_SPAN_ALL, MS_SPAN_ALL,
                                            MS_INC_ALL };
    /* clang-format on */
    return ms_releases_contain(&group_moves, apply->profile->version) ? apply->op->group : NULL;
}

/* The member a move goes to: with --target=@GROUP the least loaded of the
 * group's members but the current one, else the member named; its name
 * as the move names it in @target_name.  NULL when the move is refused. */
static MsMember *
move_target(MsApply *apply, const MsInstance *instance, const char *group, const char *checks_project,
            const char **target_name)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    /* CheckTarget on moves from 5.21.0/6.1 (lxd/instance_post.go:214 at
     * lxd-5.21.0); 5.0.2 checks only the targeting restriction (:133) */
    gboolean project_groups = apply->profile->version >= MS_VERSION(5, 21, 0);
    MsMember *target;

    if (group != NULL) {
        /* --target=@GROUP: candidates of the group minus the current member,
         * least loaded (instance_post.go:262-290 at lxd-6.9, :271-321 at
         * lxd-5.21.7) */
        g_autoptr(GPtrArray) candidates = NULL;

        if (project_groups && !ms_apply_project_group(apply, checks_project, group))
            return NULL;
        /* dead in lxd-5.0.2: no group moves before lxd-5.0.3 (see move_group) */
        if (ms_apply_check(apply, MS_RULE_GROUP_NOT_FOUND, group, !ms_cluster_has_group(cluster, group))) {
            ms_apply_reject(apply, MS_RULE_GROUP_NOT_FOUND, group);
            return NULL;
        }
        candidates = ms_cluster_candidates(cluster, instance, group, instance->location);
        ms_apply_placement_scriptlet(apply, op->instance, "relocation");
        target = ms_cluster_least_loaded(candidates);
        /* dead in lxd-5.0.2: no group moves before lxd-5.0.3 (see move_group) */
        if (ms_apply_check(apply, MS_RULE_MOVE_GROUP_NO_MEMBER, group, target == NULL)) {
            ms_apply_reject(apply, MS_RULE_MOVE_GROUP_NO_MEMBER);
            return NULL;
        }
        *target_name = target->name;
        return target;
    }
    target = ms_cluster_lookup_member(cluster, op->target);
    if (ms_apply_check(apply, MS_RULE_MOVE_TARGET_NOT_FOUND, op->target, target == NULL)) {
        ms_apply_reject(apply, MS_RULE_MOVE_TARGET_NOT_FOUND, op->target);
        return NULL;
    }
    if (project_groups && !ms_apply_project_member(apply, checks_project, target))
        return NULL;
    *target_name = op->target;
    return target;
}

/* A move's operation: its checks, the migration to @target, a stateless
 * move's start there, then the group and the new name recorded. */
static gboolean
move_in_operation(MsApply *apply, MsInstance *instance, const MsMember *target, const char *target_name,
                  const char *group)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    gboolean same_sync = ms_profile_has(profile, MS_FEATURE_MOVE_SAME_MEMBER_SYNC);
    g_auto(MsRejection) refusal = { 0 };
    const MsMember *source;
    gboolean was_running, moved;

    /* dead in lxd-5.21.5+,lxd-6.7+: from lxd-5.21.5 and lxd-6.8 the request
     * is refused before the operation (instance_post.go:386 at lxd-5.21.7, :352
     * at lxd-6.9), and lxd-6.7 does not check (move_to_own_member_67 above) */
    if (!same_sync && ms_apply_check(apply, MS_RULE_MOVE_SAME_MEMBER, op->instance,
                                     g_str_equal(instance->location, target_name)))
        return ms_apply_reject_async(apply, MS_RULE_MOVE_SAME_MEMBER, TRUE);
    source = ms_cluster_lookup_member(cluster, instance->location);
    if (ms_apply_check(apply, MS_RULE_MOVE_SRC_OFFLINE, op->instance,
                       source != NULL && source->status == MS_MEMBER_OFFLINE &&
                           !ms_instance_root_pool_is_remote(cluster, instance)))
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
    if (!ms_migrate_instance(apply, instance, target_name, !op->stateless, &refusal, &moved)) {
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    }
    if (was_running && op->stateless) {
        gboolean started = ms_migrate_start_on_member(apply, instance, &refusal);

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
    set_moved_profiles(apply, instance);
    if (group != NULL)
        ms_instance_set_config(instance, "volatile.cluster.group", group);
    if (op->new_name != NULL && op->target_project == NULL)
        rename_in_cluster(cluster, instance, op->new_name);
    return TRUE;
}

/* ---- lxc move NAME [NEWNAME] -s POOL without --target ---- */

/* lxc sends a pool move without --target as one server-side request:
 * moveInstancePool (lxc/move.go:199-209,335-383 at lxd-5.0.2), moveInstance
 * (:341 at lxd-5.21.0 and lxd-6.1, :362 at lxd-5.21.4 and lxd-6.6, :264 at
 * lxd-5.21.5..5.21.7, :261 at lxd-6.7..6.9), POST /1.0/instances/NAME with
 * migration, pool, name, live and instance_only.  5.0.2's lxc drops -c, -d
 * and -p there, later ones send them: migsim follows the move without them,
 * for LXD (Incus copies through its own API request, cmd/incusd/
 * instance_post.go:764-800 at v6.0.4, and is not read for this). */
static gboolean
local_pool_move(const MsApply *apply)
{
    const MsOp *op = apply->op;

    return op->pool != NULL && op->target == NULL && op->group == NULL && op->target_project == NULL &&
           op->profiles == NULL && !op->no_profiles && op->keys->len == 0 && op->device_overrides == NULL &&
           !ms_profile_is_incus(apply->profile);
}

/* A live move without --target that copies the instance on its member (to
 * another pool or project) stops a running instance statefully first
 * (inst.Stop(true): instance_post.go:404-406 and :499-503 at lxd-5.0.2,
 * :689-692 at lxd-6.9), which fails for a container without CRIU (or from
 * lxd-6.6 for every container) and for a VM without migration.stateful.
 * Seen on the live 5.0.2 cluster for -s and --target-project.  TRUE when
 * the move was refused or is not followed (a VM's stateful stop and
 * start). */
gboolean
ms_apply_local_copy_stop_refused(MsApply *apply, const MsInstance *instance, const char *what)
{
    const MsProfile *profile = apply->profile;

    if (instance->status != MS_INSTANCE_RUNNING || apply->op->stateless)
        return FALSE;
    if (instance->type == MS_INSTANCE_CONTAINER) {
        ms_apply_check(apply, MS_RULE_STOP_CT_STATEFUL, instance->name, TRUE);
        if (strstr(ms_rule_format(MS_RULE_STOP_CT_STATEFUL, profile) ?: "", "CRIU") != NULL)
            ms_outcome_add_note(apply->outcome,
                                "%s: migsim assumes CRIU is not installed on %s (with CRIU, LXD %s would "
                                "checkpoint the container, copy it and restore it)",
                                instance->name, instance->location, profile->name);
        return ms_apply_reject(apply, MS_RULE_STOP_CT_STATEFUL), TRUE;
    }
    if (ms_apply_check(apply, MS_RULE_STOP_STATEFUL_NEEDS_KEY, instance->name,
                       !ms_instance_expanded_stateful(apply->cluster, profile, instance)))
        return ms_apply_reject(apply, MS_RULE_STOP_STATEFUL_NEEDS_KEY), TRUE;
    ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                  g_strdup_printf("migsim: not modelled for %s: %s of a running VM (a stateful stop, a copy "
                                  "with its state and a stateful start)",
                                  profile->name, what));
    return TRUE;
}

/* "not modelled" for lxc move -s POOL without --target, because of @why. */
static gboolean
pool_move_unfollowed(MsApply *apply, const char *why)
{
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc move -s/--storage without --target %s",
                        apply->profile->name, why));
}

/* The move's operation (instancePostPoolMigration, lxd/instance_post.go
 * :394-489 at lxd-5.0.2; instancePostMigration without a target member,
 * :457 at lxd-5.21.0, :552-746 at lxd-6.9): the stop of a running instance,
 * a copy on the same member under a temporary name with the root disk on
 * POOL, the original deleted, the copy renamed back.  The root disk becomes
 * the instance's own device with pool=POOL even when a profile gave it
 * (:412-422 at lxd-5.0.2, :620-663 at lxd-6.9; seen on the live 5.0.2
 * cluster, as is a move into the pool the instance already uses, which
 * succeeds). */
static gboolean
pool_move_in_operation(MsApply *apply, MsInstance *instance)
{
    const MsOp *op = apply->op;
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, op->pool);
    const char *new_name = op->new_name != NULL ? op->new_name : instance->name;
    g_autoptr(GHashTable) expanded = NULL;
    GHashTable *root;
    gboolean taken;

    if (ms_apply_check(apply, MS_RULE_MOVE_POOL_STATELESS, instance->name,
                       instance->status == MS_INSTANCE_RUNNING && op->stateless))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_STATELESS);
    if (ms_apply_local_copy_stop_refused(apply, instance, "lxc move -s/--storage"))
        return FALSE;
    if (pool == NULL && apply->profile->version == MS_VERSION(5, 0, 2) &&
        ms_apply_check(apply, MS_RULE_MOVE_POOL_NOT_FOUND, op->pool, TRUE))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_NOT_FOUND);
    if (pool == NULL || pool->state != MS_POOL_CREATED)
        return pool_move_unfollowed(apply, "into a pool that does not exist or is pending (the copy's "
                                           "create fails; its text was seen only on lxd-5.0.2)");
    taken = !g_str_equal(new_name, instance->name) &&
            ms_cluster_lookup_instance(apply->cluster, new_name) != NULL;
    if (apply->profile->version == MS_VERSION(5, 0, 2) &&
        ms_apply_check(apply, MS_RULE_MOVE_POOL_NAME_TAKEN, new_name, taken))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_NAME_TAKEN);
    if (taken)
        return pool_move_unfollowed(apply,
                                    "to a name that is taken (the copy's create fails in the database; "
                                    "its text was seen only on lxd-5.0.2)");
    expanded = ms_cluster_expand_devices(apply->cluster, instance);
    root = ms_devices_root_disk(expanded);
    if (root == NULL)
        return pool_move_unfollowed(apply, "of an instance without a root disk");
    {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init(&iter, expanded);
        while (g_hash_table_iter_next(&iter, &key, &value))
            if (value == root) {
                GHashTable *moved = ms_config_copy(root);
                g_hash_table_replace(moved, g_strdup("pool"), g_strdup(op->pool));
                g_hash_table_replace(ms_instance_own_devices(instance), g_strdup(key), moved);
                break;
            }
    }
    if (op->instance_only) {
        for (guint i = 0; i < instance->snapshots->len; i++)
            ms_instance_forget_snapshot(instance, instance->snapshots->pdata[i], NULL);
        g_ptr_array_set_size(instance->snapshots, 0);
    }
    ms_outcome_add_note(
        apply->outcome,
        "%s: copied on %s into pool %s under a temporary name%s, the original deleted, the copy "
        "renamed to %s",
        instance->name, instance->location, op->pool,
        op->instance_only ? " without its snapshots" : " with its snapshots", new_name);
    if (!g_str_equal(new_name, instance->name))
        rename_in_cluster(apply->cluster, instance, new_name);
    return TRUE;
}

/* lxc move NAME [NEWNAME] -s POOL without --target: the handler's checks
 * (the instance, forwarded to its member; the new name, instance_post.go
 * :240-251 at lxd-5.0.2, :220 at lxd-6.9), then the operation.  Errors of
 * the request are printed "Migration API failure: ...", of the operation
 * "Migration operation failure: ..." (lxc/move.go:375,380 at lxd-5.0.2,
 * :371,390 at lxd-6.9; both seen on the live 5.0.2 cluster). */
static gboolean
pool_move(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = ms_cluster_lookup_project_instance(apply->cluster, op->project, op->instance);
    const MsMember *member;

    if (strchr(op->instance, '/') != NULL)
        return pool_move_unfollowed(apply, "of a snapshot");
    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, op->instance, instance == NULL))
        return ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
    if (op->new_name != NULL && move_name_invalid(apply, op->new_name))
        return FALSE;
    member = ms_cluster_lookup_member(apply->cluster, instance->location);
    if (member == NULL || member->status != MS_MEMBER_ONLINE)
        return pool_move_unfollowed(apply, "of an instance whose member is not online");
    if (instance->n_backups > 0)
        return pool_move_unfollowed(apply, "of an instance with backups (the copy does not take them)");
    /* lxd-5.21.6+ check the project's restrictions on the copy
     * (checkTargetProjectRestrictions, instance_post.go:686 at lxd-5.21.7) */
    if (ms_project_restricted(ms_cluster_lookup_project(apply->cluster, instance->project)))
        return pool_move_unfollowed(apply, "in a restricted project");
    return pool_move_in_operation(apply, instance);
}

gboolean
ms_apply_move(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    MsInstance *instance = ms_cluster_lookup_project_instance(cluster, op->project, op->instance);
    MsMember *target;
    gboolean same_sync = ms_profile_has(profile, MS_FEATURE_MOVE_SAME_MEMBER_SYNC);
    gboolean same_unchecked = ms_profile_has(profile, MS_FEATURE_MOVE_SAME_MEMBER_UNCHECKED);
    const char *group = move_group(apply);
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
    /* the target project's restrictions decide the member (instance_post.go
     * :240-254 at lxd-5.21.7, :231-254 at lxd-6.9; cmd/incusd/instance_post.go
     * :178,283 at v6.0.4) */
    const char *checks_project = op->target_project != NULL ? op->target_project : op->project;
    const char *target_name;

    if (local_pool_move(apply))
        return pool_move(apply);
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
    if (!pool_move_modelled(apply, instance))
        return FALSE;
    if (!profiles_move_modelled(apply, instance))
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
    target = move_target(apply, instance, group, checks_project, &target_name);
    if (target == NULL)
        return FALSE;
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

    return move_in_operation(apply, instance, target, target_name, group);
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

    if (strchr(op->instance, '/') != NULL)
        return ms_apply_snapshot_rename(apply);
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
