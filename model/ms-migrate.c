/* migsim: the migration primitives that lxc move --target and lxc rename
 * (ms-move.c, ms-move-options.c, ms-pool-move.c), evacuation and restore
 * (ms-evacuate.c) and healing (ms-heal.c) use.
 *
 * Algorithms follow lxd/instance_post.go (lxd-5.0.2, lxd-5.21.7, HEAD); see
 * §5 of the behaviour reference. */
#include "ms-apply-private.h"
#include "ms-hang.h"
#include "ms-move-private.h"
#include "ms-project.h"

#include <string.h>

gboolean
ms_instance_root_pool_is_remote(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    MsDevice *root = ms_cluster_devices_root_disk(cluster, devices);
    const MsPool *pool =
        root != NULL ? ms_cluster_lookup_pool(cluster, ms_device_lookup_lit(root, "pool") ?: "") : NULL;

    return pool != NULL && ms_pool_is_remote(pool);
}

/* A non-root disk without a pool: disk CanMigrate dereferences the nil pool
 * before 6.8 (lxd/device/disk.go:95 at lxd-5.21.7). */
/* Does @cluster hold a remote (ceph-like) pool? */
static gboolean
any_remote_pool(const MsCluster *cluster)
{
    for (guint i = 0; i < cluster->pools->len; i++)
        if (ms_pool_is_remote(cluster->pools->pdata[i]))
            return TRUE;
    return FALSE;
}

static gboolean
is_nil_pool_disk(MsDevice *device)
{
    return g_strcmp0(ms_device_lookup_lit(device, "type"), "disk") == 0 &&
           g_strcmp0(ms_device_lookup_lit(device, "path"), "/") != 0 &&
           (ms_device_lookup_lit(device, "pool") ?: "")[0] == '\0';
}

/* Any expanded disk that is not the root disk in instancetype.IsRootDiskDevice's
 * sense (type disk, path /, no source; lxd/instance/instancetype/instance.go
 * at lxd-5.21.0), whatever its source: a host path counts too. */
static gboolean
has_non_root_disk(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    MsDevicesIter iter;
    MsDevice *device;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &device)) {
        if (g_strcmp0(ms_device_lookup_lit(device, "type"), "disk") == 0 &&
            (g_strcmp0(ms_device_lookup_lit(device, "path"), "/") != 0 ||
             (ms_device_lookup_lit(device, "source") ?: "")[0] != '\0'))
            return TRUE;
    }
    return FALSE;
}

/* The expanded keys canMigrate reads, read in one call (the profile
 * layers found once; each value is what ms_cluster_expanded_value gives:
 * nothing between the reads and their use changes config or profiles). */
static const char *const can_migrate_keys[] = { "cluster.evacuate", "migration.stateful" };
#define CAN_MIGRATE_N_KEYS G_N_ELEMENTS(can_migrate_keys)

/* canMigrate (driver_common.go): cluster.evacuate (@values[0], its expanded
 * value), else every expanded device built in instance mode; any error or
 * non-migratable device means stop.  @values: can_migrate_keys' expanded
 * values.  @crash_device: set to the pool-less disk that crashes LXD
 * before 6.8. */
static void
can_migrate_with(MsApply *apply, const MsInstance *instance, const char *const *values, gboolean *migrate,
                 gboolean *live, char **crash_device)
{
    const MsCluster *cluster = apply->cluster;
    const char *mode = values[0];
    gboolean stateful;
    g_autoptr(MsDevices) devices = NULL;
    g_autoptr(GPtrArray) order = NULL;
    MsDeviceContext ctx;
    gboolean ok = TRUE;
    gboolean nil_pool_crashes;
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
    /* Incus's canMigrate returns any value but auto as the action
     * (driver_common.go:929-938 at v6.0.0, :993-1004 at v6.0.4, :1030-1039
     * at v6.23.0), and the evacuation stops the instance with it and leaves
     * it (api_cluster_evacuation.go:193-226 at v6.0.4; force-stop:
     * api_cluster.go:3025 at v6.0.0, :2810 at v6.0.4, :3028 at v6.23.0);
     * an evacuation's stateful-stop is ms-evacuate.c's (evacuate_stateful_stop);
     * a restore moves such an instance back with a plain stop (live only for
     * live-migrate, api_cluster_evacuation.go:404 at v6.0.4) */
    if (g_strcmp0(mode, "stop") == 0 || g_strcmp0(mode, "force-stop") == 0 ||
        g_strcmp0(mode, "stateful-stop") == 0) {
        *migrate = FALSE, *live = FALSE;
        return;
    }
    /* asked only past the modes that return above (a pure lookup) */
    nil_pool_crashes = !ms_profile_has(apply->profile, MS_FEATURE_CANMIGRATE_NIL_GUARD);
    stateful = ms_is_true(values[1]); /* = ms_instance_expanded_stateful */
    devices = ms_cluster_expand_devices(cluster, instance);
    /* the expanded value first: each test is a pure read, and most
     * instances are not stateful (issue 18: a search of the own config
     * per canMigrate for nothing) */
    ms_apply_check(apply, MS_RULE_CFG_EXPAND, instance->name,
                   stateful && ms_instance_get_config(instance, "migration.stateful") == NULL &&
                       ms_profile_has(apply->profile, MS_FEATURE_SERVER_STATEFUL_KEY) &&
                       ms_is_true(ms_config_get(cluster->server_config, "instances.migration.stateful")));
    /* LXD walks a Go map here; the first failure decides, so order does not
     * change the result. */
    order = ms_cluster_devices_sorted(cluster, devices);
    ms_device_context_for_instance(&ctx, cluster, apply->env, instance, stateful, devices);
    for (guint i = 0; i < order->len && ok; i++) {
        const char *name = order->pdata[i];
        MsDevice *dev = ms_devices_lookup(devices, name);
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

void
ms_migrate_can_migrate(MsApply *apply, const MsInstance *instance, gboolean *migrate, gboolean *live,
                       char **crash_device)
{
    const char *values[CAN_MIGRATE_N_KEYS];

    ms_cluster_expanded_values(apply->cluster, apply->profile, instance, can_migrate_keys, CAN_MIGRATE_N_KEYS,
                               values);
    can_migrate_with(apply, instance, values, migrate, live, crash_device);
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
    MsLayersHold hold = ms_layers_hold(instance);

    return ms_migrate_step_can_migrate_held(apply, member, &hold, migrate, live, step_result);
}

gboolean
ms_migrate_step_can_migrate_held(MsApply *apply, const MsMember *member, MsLayersHold *hold,
                                 gboolean *migrate, gboolean *live, gboolean *step_result)
{
    const MsInstance *instance = hold->instance;
    g_autofree char *crash_device = NULL;
    const char *values[CAN_MIGRATE_N_KEYS];

    ms_cluster_expanded_values_held(apply->cluster, apply->profile, hold, can_migrate_keys,
                                    CAN_MIGRATE_N_KEYS, values);
    can_migrate_with(apply, instance, values, migrate, live, &crash_device);
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

/* The 5.0.2 move's copy on the target: lxcCreate's ValidDevices on the
 * expanded devices, wrapped as MOVE.COPY_DEVICES wraps the create's
 * errors.  FALSE with the refusal in @out. */
static gboolean
copy_devices_static(MsApply *apply, const MsInstance *instance, MsDevices *devices, MsRejection *out)
{
    g_auto(MsRejection) inner = { 0 };

    if (ms_apply_validate_devices_static(apply, instance, devices, FALSE, MS_RULE_NONE, &inner))
        return TRUE;
    /* other picks of Go's map order would lack the move's wrap: the note
     * that LXD may name another device is kept */
    g_clear_pointer(&apply->outcome->alternatives, g_ptr_array_unref);
    return ms_reject_status(out, inner.rule, 400,
                            ms_rule_message(MS_RULE_MOVE_COPY_DEVICES, apply->profile, inner.message));
}

/* Do the instance's expanded devices pass ValidDevices?  Memoised per
 * disk (ms-static-memo.c): a local-root instance's move asks it each time. */
static gboolean
expanded_devices_valid(MsApply *apply, const MsInstance *instance)
{
    return ms_static_devices_valid(apply, instance);
}

/* The first of @instance's disks the target member would refuse for a
 * missing host source (DISK.SOURCE_MISSING) when it creates the instance
 * (devicesAdd in lxcCreate: lxd/instance/drivers/driver_lxc.go:297-303 at
 * lxd-5.0.2, driver_common.go:1226 "Failed add validation"), or NULL.
 * The validation runs as on @target (the context's member) without moving
 * the instance there: nothing it reads depends on the instance's own
 * location but through the context (ms_device_validate reads ctx->member;
 * the volume users it asks about exclude the instance by name), and a
 * move there and back cost two updates of the location and placement
 * indexes per move. */
static char *
target_source_missing(MsApply *apply, const MsInstance *instance, const char *target)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(apply->cluster, instance);
    g_autoptr(GPtrArray) order = ms_cluster_devices_sorted(apply->cluster, devices);
    MsEnv quiet = { .profile = apply->env->profile,
                    .client = apply->env->client,
                    .assumptions = apply->env->assumptions };
    MsDeviceContext ctx;
    char *missing = NULL;

    ms_device_context_for_instance(&ctx, apply->cluster, &quiet, instance,
                                   ms_instance_expanded_stateful(apply->cluster, apply->profile, instance),
                                   devices);
    ctx.member = target;
    for (guint i = 0; i < order->len && missing == NULL; i++) {
        g_auto(MsRejection) inner = { 0 };

        if (!ms_device_validate(&ctx, order->pdata[i], ms_devices_lookup(devices, order->pdata[i]), &inner) &&
            inner.rule == MS_RULE_DISK_SOURCE_MISSING)
            missing = g_steal_pointer(&inner.message);
    }
    return missing;
}

/* Releases whose cluster move waits for the destination's operation before
 * the source's (or only for it, 5.12): instance_post.go:742-749
 * (lxd-5.0.3), :695-697 (lxd-5.12), :785-790 (lxd-5.21.0 .. 5.21.2,
 * lxd-6.1); cmd/incusd/instance_post.go:814-819 (v6.0.0, v6.0.1,
 * v6.1.0 .. v6.3.0).  5.0.0 .. 5.0.2 and 5.1 .. 5.11 copy instead. */
/* clang-format off */
static const MsReleases dest_waited_first = {
    MS_SPAN_50_FROM(3), MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)), MS_SPAN_UNTIL(MS_VERSION(6, 2, 0)),
    MS_INC_UNTIL(2, 4), MS_SPAN_5_FROM(12) };
/* clang-format on */

/* The source's own failure (`fault migration NAME fail TEXT`): TEXT is the
 * source operation's error, which the cluster move wraps (MOVE.SOURCE_WRAP)
 * where it waits for the source first.  Where it waits for the destination
 * first, the client gets the destination's error once the source hung up
 * (MOVE.DEST_FAIL), whose end is a transfer error migsim cannot word (as
 * MOVE.VM_LIVE_NEEDS_KEY's there); the copy-based moves of 5.0.0 .. 5.0.2
 * and 5.1 .. 5.11 report it in words migsim has not read. */
static char *
source_failure_text(MsApply *apply, const MsInstance *instance, const char *text)
{
    const MsProfile *profile = apply->profile;

    if (ms_releases_contain(&dest_waited_first, profile->version) &&
        ms_rule_applies(MS_RULE_MOVE_DEST_FAIL, profile)) {
        ms_outcome_add_note(apply->outcome,
                            "%s: %s waits for the destination's operation first, which fails once the source "
                            "(%s) closed the connection; the destination's own words are not modelled",
                            instance->name, profile->name, text);
        return ms_rule_message(MS_RULE_MOVE_DEST_FAIL, profile, "<the source closed the connection>");
    }
    if (ms_rule_applies(MS_RULE_MOVE_SOURCE_WRAP, profile))
        return ms_rule_message(MS_RULE_MOVE_SOURCE_WRAP, profile, text);
    ms_outcome_add_note(apply->outcome,
                        "%s: not modelled: how LXD %s words a migration that fails on its source "
                        "(it has no MOVE.SOURCE_WRAP); the injected text is shown as given",
                        instance->name, profile->name);
    return g_strdup(text);
}

/* The destination's failure while it receives the instance (`fault
 * migration NAME dest-fail TEXT`, TEXT the destination's own error): the
 * release's order of the two operations decides whose error the client
 * sees (MOVE.DEST_FAIL); Incus from 6.0.2 and 6.4 also sends its error to
 * the source itself, in words migsim has not read. */
static char *
dest_failure_text(MsApply *apply, const MsInstance *instance, const char *text)
{
    const MsProfile *profile = apply->profile;

    if (!ms_rule_applies(MS_RULE_MOVE_DEST_FAIL, profile)) {
        ms_outcome_add_note(apply->outcome,
                            "%s: not modelled: how %s words a migration that fails on its destination "
                            "(the source's operation is waited for first and its error is not read); the "
                            "injected text is shown as given",
                            instance->name, profile->name);
        return g_strdup(text);
    }
    if (profile->version >= MS_VERSION(5, 21, 3) && !ms_profile_is_incus(profile))
        ms_outcome_add_note(
            apply->outcome,
            "%s: LXD %s waits for the source's operation first, which fails with the "
            "destination's message over the migration control connection; the source's own "
            "transfer may fail first with a websocket error migsim cannot word (not modelled)",
            instance->name, profile->name);
    return ms_rule_message(MS_RULE_MOVE_DEST_FAIL, profile, text);
}

/* An injected migration failure.  LXD stops a running instance of a cold
 * move before the transfer and does not start it again when the transfer
 * fails (instance_post.go:840-845 at lxd-5.21.7, :826-831 at lxd-6.9; the
 * state PUT at :629-645 at lxd-5.0.2, before copyOp.Wait at :672), so it is
 * left stopped on its source.  (5.12 stops it only after the destination
 * finished, instance_post.go:695 destOp.Wait, :703 the stop at lxd-5.12,
 * but migsim does not model a stateless move of a running instance there:
 * MOVE.STATELESS_RUNNING.)
 * The destination's record and volume are reverted (createFromMigration's
 * runRevert, instances_post.go:333-345 at lxd-5.21.7, :342-357 at
 * lxd-5.0.2). */
static gboolean
injected_failure(MsApply *apply, MsInstance *instance, gboolean cold_running, MsRejection *out)
{
    const char *source = ms_cluster_injected(apply->cluster, "migrate", instance->name);
    const char *dest = ms_cluster_injected(apply->cluster, "migrate-dest", instance->name);

    if (source != NULL && dest != NULL)
        return ms_reject(out, MS_RULE_NONE,
                         g_strdup_printf("migsim: not modelled: a migration of %s injected to fail on both "
                                         "its source and its destination (which error LXD reports depends on "
                                         "timing)",
                                         instance->name));
    if (cold_running)
        ms_instance_mark_stopped(instance);
    return ms_reject(out, MS_RULE_NONE,
                     source != NULL ? source_failure_text(apply, instance, source)
                                    : dest_failure_text(apply, instance, dest));
}

/* Where a cluster move copies the instance to the target (the releases of
 * MS_FEATURE_MOVE_COPY_RENAME), the copy is an instancesPost with a
 * migration source sent as a plain client (cluster.Connect notify=false,
 * lxd/instance_post.go:601 at lxd-5.0.2, :601 at lxd-5.11), so
 * AllowInstanceCreation runs there (instances_post.go:1101-1104) and strips
 * the volatile keys it deems unsafe in a project with limits or
 * restrictions, unless the type's restricted.*.lowlevel is allow
 * (checkRestrictionsOnVolatileConfig, lxd/project/permissions.go:71-83,
 * :163-225, :1123-1135 at lxd-5.0.2).  An instance evacuated from such a
 * project loses volatile.evacuate.origin and stays where it went on
 * restore (seen live on 5.0.2: tools/live-random.py --gen 18 --seed 18002
 * scenario 0, a container of a restricted project left on m2).  From
 * lxd-5.0.3 and 5.12 the target is a cluster notification (notify=true,
 * instance_post.go:823 at lxd-5.21.7, :812 at lxd-6.9; Incus :836 at
 * v6.0.4) and skips the check, so the key stays (LXD #15118's restore);
 * lxd-5.12 connects as a client for a renamed move (target_create_is_plain).
 * Incus's copy-based moves between projects and pools are such creates at
 * every tag (ms_apply_move_to_project, incus_pool_move; live 6.0.4, review
 * s38-revB). */
void
ms_migrate_strip_unsafe_volatile(MsApply *apply, MsInstance *instance, const char *keep)
{
    const MsProject *project = ms_cluster_lookup_project(apply->cluster, instance->project);
    const char *lowlevel = instance->type == MS_INSTANCE_VM ? "restricted.virtual-machines.lowlevel"
                                                            : "restricted.containers.lowlevel";
    gboolean limited = FALSE;
    g_autoptr(GPtrArray) unsafe = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    gpointer key;

    if (project == NULL || g_strcmp0(ms_config_get(project->config, lowlevel), "allow") == 0)
        return;
    /* projectHasLimitsOrRestrictions */
    g_hash_table_iter_init(&iter, project->config);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        limited = limited || g_str_has_prefix(key, "limits.");
    if (!limited && !ms_is_true(ms_config_get(project->config, "restricted")))
        return;
    for (guint i = 0; i < ms_config_map_size(instance->config); i++) {
        const char *k = ms_config_map_key(instance->config, i);
        if (g_str_has_prefix(k, "volatile.") && !g_str_equal(k, "volatile.apply_template") &&
            !g_str_equal(k, "volatile.base_image") && !g_str_equal(k, "volatile.last_state.power") &&
            !g_str_has_suffix(k, ".apply_quota") && !g_str_has_suffix(k, ".hwaddr") &&
            g_strcmp0(k, keep) != 0)
            g_ptr_array_add(unsafe, g_strdup(k));
    }
    for (guint i = 0; i < unsafe->len; i++)
        ms_cluster_set_instance_config(apply->cluster, instance, unsafe->pdata[i], NULL);
}

/* lxd-5.12 alone connects to the target as a plain client when a cluster
 * move renames the instance (isClusterSameNameMove, notify only for a move
 * that keeps the name: lxd/instance_post.go:624-631 at lxd-5.12; always a
 * notification at lxd-5.0.3 and from lxd-5.13, :630 and :593 there), so the
 * target's instancesPost runs AllowInstanceCreation on the new name as on
 * the releases that copy (instances_post.go:1114-1117 at lxd-5.12). */
static gboolean
target_create_is_plain(const MsApply *apply)
{
    const MsProfile *profile = apply->profile;

    if (ms_profile_has(profile, MS_FEATURE_MOVE_COPY_RENAME))
        return TRUE;
    return !ms_profile_is_incus(profile) && profile->version >= MS_VERSION(5, 12, 0) &&
           profile->version < MS_VERSION(5, 13, 0) && apply->op->kind == MS_OP_MOVE &&
           apply->op->new_name != NULL && apply->op->target_project == NULL &&
           !g_str_equal(apply->op->new_name, apply->op->instance);
}

/* The releases that copy (MS_FEATURE_MOVE_COPY_RENAME) delete the source
 * through its API once the copy is made (instance_post.go:677-686 at
 * lxd-5.0.2, :641 at lxd-5.0.0, :653 at lxd-5.1, :685 at lxd-5.11), and the
 * delete refuses an instance with security.protection.delete=true
 * (driver_lxc.go:3616-3617, driver_qemu.go:5107-5108 at lxd-5.0.2): the
 * source stays where it was, stopped by the move, and the copy stays on
 * the target, protected too, under the move's temporary name
 * lxd-move-of-<volatile.uuid> (instance_utils.go:1075-1086 at lxd-5.0.2)
 * or the new name of a renamed move.  Seen live on 5.0.2
 * (tools/live-random.py --gen 16 --seed 28005 scenario 0 line 41).  Later
 * releases move the volumes without the delete request (5.0.3, 5.12+).
 * FALSE with the error in @out when refused. */
/* A move that names the copy itself: no temporary name (instance_post.go:
 * 608-619 at lxd-5.0.2) */
static gboolean
move_renames(const MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;

    return op->kind == MS_OP_MOVE && op->new_name != NULL && op->target_project == NULL &&
           !g_str_equal(op->new_name, instance->name);
}

/* The copying releases stop a running instance before the copy, a live
 * move statefully (UpdateInstanceState stop with Stateful,
 * instance_post.go:628-645 at lxd-5.0.2 and lxd-5.11), and start it again
 * only after the rename (:738-745): a copy or delete that fails
 * leaves it stopped, a VM with its state saved (driver_qemu.go:4022 at
 * lxd-5.0.2).  A cold move stopped it already (ms_migrate_instance). */
static void
copy_failed_after_stop(MsApply *apply, MsInstance *instance, gboolean live)
{
    if (!live || instance->status != MS_INSTANCE_RUNNING)
        return;
    ms_instance_mark_stopped(instance);
    instance->stateful = instance->type == MS_INSTANCE_VM;
    ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, instance->location, NULL, NULL);
}

static gboolean
source_delete_unprotected(MsApply *apply, MsInstance *instance, const char *source, const char *target,
                          MsRejection *out)
{
    const MsProfile *profile = apply->profile;
    const MsOp *op = apply->op;
    gboolean protected = ms_is_true(ms_cluster_expanded_value(apply->cluster, profile, instance,
                                                              "security.protection.delete", NULL, NULL));
    gboolean renamed = move_renames(apply, instance);
    g_autofree char *inner = NULL;

    if (!ms_apply_check(apply, MS_RULE_MOVE_DELETE_PROTECTED, instance->name, protected))
        return TRUE;
    ms_cluster_set_instance_location(apply->cluster, instance, source);
    if (renamed)
        /* the copy under the new name is an instance a later step can
         * name, and migsim does not make it */
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: a renamed move of %s, whose "
                                                "delete on %s is refused (security.protection.delete) once "
                                                "the copy %s exists on %s",
                                                profile->name, instance->name, source, op->new_name, target));
    ms_cluster_add_op_record(apply->cluster, target);
    instance->move_copy_left = MS_MOVE_COPY_SAME_NAME;
    ms_outcome_add_note(apply->outcome,
                        "%s: LXD leaves its copy on %s under the temporary name lxd-move-of-<its "
                        "volatile.uuid>, protected too; migsim does not keep that copy, so what counts "
                        "instances on %s or in project %s afterwards counts one fewer than LXD",
                        instance->name, target, target,
                        instance->project != NULL ? instance->project : "default");
    inner = ms_rule_message(MS_RULE_DELETE_PROTECTED, profile,
                            instance->type == MS_INSTANCE_VM ? "Instance" : "Container");
    return ms_reject_status(out, MS_RULE_MOVE_DELETE_PROTECTED, 400,
                            ms_rule_message(MS_RULE_MOVE_DELETE_PROTECTED, profile, inner));
}

/* The migration itself, once the handler's checks passed.  Returns TRUE on
 * success, else FALSE with the operation's error in @out; a running
 * instance is stopped first unless @live. */
/* Incus from 6.0.6 and 6.18 (commit 077391051c "incusd: Check if cluster
 * group is in use"): a migration without shared storage to a member outside
 * the instance's volatile.cluster.group drops the key after the move
 * (cmd/incusd/instance_post.go:993-1012 at v6.0.6, :998-1017 at v6.23.0,
 * :1011-1030 at v7.3.0; absent at v6.0.5 and v6.16.0); a move to
 * --target=@GROUP sets it instead (ms-move.c), the shared-storage path
 * never touches it (:606-613 at v7.3.0). */
static gboolean
incus_drops_group_outside(const MsInstance *instance, const MsProfile *profile, const char *target,
                          const MsCluster *cluster)
{
    static const MsReleases drops = MS_REL_INCUS(((MsIncusReleases){
        MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 6)), MS_SPAN_FROM(MS_VERSION_INCUS(6, 18, 0)) }));
    const char *group = ms_instance_get_config(instance, "volatile.cluster.group");
    const MsMember *member = ms_cluster_lookup_member(cluster, target);

    return group != NULL && *group != '\0' && ms_releases_contain(&drops, profile->version) &&
           (member == NULL || !ms_member_in_group(member, group));
}

/* LXD: a move request naming a member (lxc move --target M, and the move
 * back of a restore) deletes volatile.cluster.group in the request, right
 * after the target is resolved and found online, so before the checks that
 * follow (same member, offline source, backups) and before the operation,
 * whether the move then succeeds or not (lxd/instance_post.go:334-345 at
 * lxd-5.21.5 .. 5.21.7, :305-316 at lxd-6.6, :300-311 at lxd-6.9; absent,
 * like the key, at lxd-5.21.4 and lxd-6.5).  Incus keeps the key there
 * (cmd/incusd/instance_post.go at v6.0.4; incus_drops_group_outside). */
void
ms_move_unset_cluster_group(MsApply *apply, MsInstance *instance)
{
    if (!ms_profile_is_incus(apply->profile))
        ms_instance_set_config(instance, "volatile.cluster.group", NULL);
}

/* Whether AllowInstanceCreation may refuse the move's copy of @instance:
 * a count limit the project has reached with the source counted, or any
 * aggregate limit, which sums the source beside its copy
 * (lxd/project/permissions.go:50-84 at lxd-5.0.2).  Its restrictions pass
 * a copy of an instance they passed, volatile keys stripped for a
 * migration (:66-75; migrate-restricted-volatile.scn), so they are not
 * asked here. */
static gboolean
project_checks_copy(const MsCluster *cluster, const MsInstance *instance)
{
    return ms_project_count_limit_reached(cluster, instance->project, instance->type) ||
           ms_project_has_aggregate_limits(cluster, instance->project);
}

gboolean
ms_migrate_instance(MsApply *apply, MsInstance *instance, const char *target, gboolean live, MsRejection *out,
                    gboolean *moved)
{
    const MsProfile *profile = apply->profile;
    gboolean running = instance->status == MS_INSTANCE_RUNNING;
    /* locations are interned for the process and never freed */
    const char *source = instance->location;
    g_autofree char *missing = NULL;
    gboolean root_remote;

    *moved = FALSE;
    /* a failure injected by the scenario (`fault migration NAME fail|dest-fail
     * TEXT`), after the checks the handler made */
    if (ms_cluster_injected(apply->cluster, "migrate", instance->name) != NULL ||
        ms_cluster_injected(apply->cluster, "migrate-dest", instance->name) != NULL)
        return injected_failure(apply, instance, running && !live, out);
    if (running && live) {
        /* 5.21.0-5.21.2 and 6.1 (5.0.4-5.0.9 too) refuse any disk but the
         * root disk before the migration source is set up
         * (lxd/instance_post.go:971-977 at lxd-5.21.0, MOVE.LIVE_CUSTOM_DISK) */
        if (ms_rule_applies(MS_RULE_MOVE_LIVE_CUSTOM_DISK, profile) &&
            ms_apply_check(apply, MS_RULE_MOVE_LIVE_CUSTOM_DISK, instance->name,
                           has_non_root_disk(apply->cluster, instance)))
            return ms_reject_rule(out, profile, MS_RULE_MOVE_LIVE_CUSTOM_DISK);
        /* `host-has MEMBER criu` on the source: the checkpoint (5.0.x and
         * 5.1-5.11: the stateful stop's, driver_lxc.go:2570-2580 at
         * lxd-5.0.2) or the migration itself follows, which the host
         * decides (ms_apply_criu_runs) */
        if (instance->type == MS_INSTANCE_CONTAINER &&
            ms_member_criu_runs(ms_cluster_lookup_member(apply->cluster, source), MS_RULE_MOVE_CT_LIVE,
                                profile)) {
            /* 5.21.x and 6.1-6.5 set the source up without a stop, then
             * the destination's sink looks for CRIU before any dump
             * (instancePostClusteringMigrate, lxd/instance_post.go:890-935
             * at lxd-5.21.7; MOVE.CT_LIVE_DEST) */
            if (ms_rule_applies(MS_RULE_MOVE_CT_LIVE_DEST, profile) &&
                !ms_rule_unmodelled(MS_RULE_MOVE_CT_LIVE_DEST, profile)) {
                const MsMember *dest = ms_cluster_lookup_member(apply->cluster, target);
                g_autofree char *what =
                    g_strdup_printf("a live move of the running container %s", instance->name);
                char *unknown =
                    ms_apply_criu_sink_unknown(apply, dest, MS_RULE_MOVE_CT_LIVE_DEST, instance->name, what);

                if (unknown != NULL)
                    return ms_reject(out, MS_RULE_NONE, unknown);
                ms_apply_check(apply, MS_RULE_MOVE_CT_LIVE_DEST, instance->name, TRUE);
                return ms_reject_rule(out, profile, MS_RULE_MOVE_CT_LIVE_DEST);
            }
            return ms_reject(
                out, MS_RULE_NONE,
                g_strdup_printf("migsim: not modelled for %s: a live move of the running container "
                                "%s from %s, declared `host-has %s criu`: CRIU's own checkpoint "
                                "answers, which is the host's",
                                profile->name, instance->name, source, source));
        }
        /* a live VM passes the container check and meets the VM one */
        if (ms_apply_check(apply, MS_RULE_MOVE_CT_LIVE, instance->name,
                           instance->type == MS_INSTANCE_CONTAINER)) {
            /* 5.0.x and 5.1-5.11 stop the container statefully first
             * ("Failed stopping instance"), whose Stop(true) made the state
             * directory before the CRIU check (driver_lxc.go:2562-2569 at
             * lxd-5.0.2); later releases check CRIU before any stop */
            if (g_str_has_prefix(ms_rule_format(MS_RULE_MOVE_CT_LIVE, profile) ?: "", "Failed stopping"))
                instance->state_dir_left = TRUE;
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
        ms_profile_has(profile, MS_FEATURE_MOVE_COPY_RENAME)
            ? g_strdup(ms_instance_get_config(instance, "volatile.last_state.power"))
            : NULL; /* read only by that copy (below): no allocation per move elsewhere */

    if (running && !live)
        ms_instance_mark_stopped(instance);
    if (ms_cluster_injected(apply->cluster, "hang", instance->name) != NULL)
        return ms_migrate_hang(apply, instance, target, out);

    /* read once: nothing below changes the devices, profiles or pools it
     * reads (the location is not among them) */
    root_remote = ms_instance_root_pool_is_remote(apply->cluster, instance);
    if (ms_profile_has(profile, MS_FEATURE_MOVE_COPY_RENAME) && !root_remote) {
        /* 5.0.2 copies to a new record on the target: every device is
         * validated there as on create. */
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(apply->cluster, instance);
        g_autoptr(GPtrArray) order = ms_cluster_devices_sorted(apply->cluster, devices);
        const char *saved = instance->location;
        MsDeviceContext ctx;
        gboolean valid = TRUE;

        /* the copy's POST on the target looks for a pool in the devices
         * and profiles, then takes the only pool if there is one
         * (instanceFindStoragePool, instances_post.go:1213-1227, refused
         * at :218-223 at lxd-5.0.2); the source was stopped already
         * (instance_post.go:630-645).  With one pool the migration itself
         * fails (live: "... Error transferring instance data: Failed
         * creating instance on target: Failed reading migration index
         * header: websocket: close 1006 ..."), not read */
        gboolean rootless = ms_cluster_devices_root_disk(apply->cluster, devices) == NULL;

        /* migrateInstance takes its path from the pool of the instance's
         * volume record (storagePools.LoadByInstance), not from a root
         * disk: on ceph it relinks (instance_post.go:973-985, :830-870 at
         * lxd-5.0.2) and never looks for a pool; migsim does not keep the
         * pool of a rootless instance's volume */
        const char *unknown_path =
            !rootless                         ? NULL
            : any_remote_pool(apply->cluster) ? "a remote pool (its volume's pool, which "
                                                "migsim does not keep, decides between a "
                                                "relink and a copy)"
            : apply->cluster->pools->len == 1 ? "one pool (the target takes it and the "
                                                "migration fails)"
                                              : NULL;

        if (unknown_path != NULL)
            return ms_reject_status(
                out, MS_RULE_NONE, 400,
                g_strdup_printf("migsim: not modelled for %s: a move of %s, which has no root "
                                "disk, in a cluster with %s",
                                profile->name, instance->name, unknown_path));
        /* the copy's POST is no cluster notification (cluster.Connect(...,
         * false), instance_post.go:601 at lxd-5.0.2, :573 at lxd-5.1, :601 at
         * lxd-5.11; a notification from lxd-5.0.3 and 5.13, :630 and :593),
         * so instancesPost runs AllowInstanceCreation on it before it looks
         * for a pool (instances_post.go:1101-1107 then :1213 at lxd-5.0.2):
         * the source is counted beside its copy, and an instance of the
         * project without a limited key is named (seen live on 5.0.2: "Copy
         * instance operation failed: Failed instance creation: Failed
         * checking if instance creation allowed: Failed getting usage of
         * project entities: Instance "C" in project "P" has no "limits.cpu"
         * config, either directly or via a profile", live-random --gen 17
         * --seed 34005 scenario 1 line 33, where migsim moved C).  Which
         * instance the aggregate names is not followed here.  The count
         * limits come first (permissions.go:50-58): one the project has
         * reached with the source counted refuses the copy
         * (MOVE.COPY_COUNT_LIMIT; seen live on 5.0.2: an evacuation of a
         * stopped container filling limits.instances=1, live-random --gen 22
         * --seed 36104 scenario 1 line 30) */
        if (project_checks_copy(apply->cluster, instance) &&
            ms_rule_applies(MS_RULE_MOVE_COPY_COUNT_LIMIT, profile)) {
            MsRuleId limit_rule = MS_RULE_NONE;
            gboolean unreadable;
            g_autofree char *inner = ms_project_count_limit_text(apply, instance->project, instance->type,
                                                                 instance->name, &limit_rule, &unreadable);

            if (inner != NULL) {
                copy_failed_after_stop(apply, instance, live);
                /* check sites: MOVE_COPY_COUNT_LIMIT */
                ms_apply_check(apply, MS_RULE_MOVE_COPY_COUNT_LIMIT, instance->name, TRUE);
                return ms_reject_rule(out, profile, MS_RULE_MOVE_COPY_COUNT_LIMIT, inner);
            }
        }
        if (project_checks_copy(apply->cluster, instance))
            return ms_reject_status(
                out, MS_RULE_NONE, 400,
                g_strdup_printf("migsim: not modelled for %s: a move of %s in project %s, "
                                "which has a count limit reached or an aggregate limit: the "
                                "move's copy is "
                                "checked as a create there, its source counted beside it",
                                profile->name, instance->name, ms_project_display(instance->project)));
        if (ms_apply_check(apply, MS_RULE_MOVE_NO_ROOT_POOL, instance->name, rootless)) {
            copy_failed_after_stop(apply, instance, live);
            return ms_reject_rule(out, profile, MS_RULE_MOVE_NO_ROOT_POOL);
        }
        if (instance->move_copy_left == MS_MOVE_COPY_UUID_SET && !move_renames(apply, instance)) {
            copy_failed_after_stop(apply, instance, live);
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: a move of %s, whose "
                                                    "volatile.uuid was set after an earlier move left its "
                                                    "copy lxd-move-of-<volatile.uuid>: whether this move's "
                                                    "copy takes that name (MOVE.TEMP_COPY_EXISTS)",
                                                    profile->name, instance->name));
        }
        /* a renamed move's copy takes the new name (no temporary name,
         * instance_post.go:608-619 at lxd-5.0.2), whose record creation
         * refuses a name of the project: the handler checks a taken name
         * only on the rename path (:368-371), after the migration's return
         * (:251); the copy's create wraps it (instances_post.go:284-287)
         * before the devices are validated (instance_utils.go:943 then
         * :1003-1006).  Seen live: tests/live/scenarios/move-target-name-taken.scn */
        if (move_renames(apply, instance) &&
            ms_apply_check(apply, MS_RULE_MOVE_NAME_TAKEN_COPY, apply->op->new_name,
                           ms_cluster_lookup_project_instance(apply->cluster, instance->project,
                                                              apply->op->new_name) != NULL)) {
            copy_failed_after_stop(apply, instance, live);
            return ms_reject_rule(out, profile, MS_RULE_MOVE_NAME_TAKEN_COPY);
        }
        /* the record is created before the devices are validated
         * (instance_utils.go:943 then :1003-1006 at lxd-5.0.2) */
        if (ms_apply_check(apply, MS_RULE_MOVE_TEMP_COPY_EXISTS, instance->name,
                           instance->move_copy_left == MS_MOVE_COPY_SAME_NAME &&
                               !move_renames(apply, instance))) {
            copy_failed_after_stop(apply, instance, live);
            return ms_reject_rule(out, profile, MS_RULE_MOVE_TEMP_COPY_EXISTS);
        }
        ms_cluster_set_instance_location(apply->cluster, instance, target);
        ms_device_context_for_instance(&ctx, apply->cluster, apply->env, instance,
                                       ms_instance_expanded_stateful(apply->cluster, profile, instance),
                                       devices);
        ctx.conflicts = MS_NIC_CONFLICT_SKIP; /* the target's devicesAdd */
        /* lxcCreate's ValidDevices comes first, "Invalid devices: "
         * (driver_lxc.go:206-208 at lxd-5.0.2): a profile's device invalid
         * for the instance (WRAP.EXPANDED refuses its updates) */
        valid = copy_devices_static(apply, instance, devices, out);
        for (guint i = 0; i < order->len && valid; i++) {
            const char *name = order->pdata[i];
            g_auto(MsRejection) inner = { 0 };

            if (!ms_device_validate(&ctx, name, ms_devices_lookup(devices, name), &inner)) {
                g_autofree char *added = ms_rule_message(MS_RULE_WRAP_ADD, profile, name, inner.message);
                valid = ms_reject_status(out, inner.rule, 400,
                                         ms_rule_message(MS_RULE_MOVE_COPY_DEVICES, profile, added));
            }
        }
        ms_apply_check(apply, MS_RULE_MOVE_COPY_DEVICES, instance->name, !valid);
        if (!valid) {
            ms_cluster_set_instance_location(apply->cluster, instance, saved);
            copy_failed_after_stop(apply, instance, live);
            return FALSE;
        }
        if (!source_delete_unprotected(apply, instance, saved, target, out)) {
            copy_failed_after_stop(apply, instance, live);
            return FALSE;
        }
        ms_instance_set_config(instance, "volatile.last_state.power", power_before_stop);
    } else if (!root_remote && !expanded_devices_valid(apply, instance)) {
        /* the target creates the instance (createFromMigration), whose
         * ValidDevices refuses it as the 5.0.2 copy does; the wraps of the
         * migration's error there were not read */
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: a move of %s, whose expanded "
                                                "devices fail validation (WRAP.EXPANDED)",
                                                profile->name, instance->name));
    } else if (!root_remote && (missing = target_source_missing(apply, instance, target)) != NULL) {
        /* the target's create refuses it; how the migration reports that
         * back to the source and lxc was not read at these releases */
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: a move of %s to %s, where its "
                                                "create would fail (%s)",
                                                profile->name, instance->name, target, missing));
    } else if (!root_remote && target_create_is_plain(apply) &&
               project_checks_copy(apply->cluster, instance)) {
        /* lxd-5.12's renamed move: the target's create is no notification
         * (target_create_is_plain), so AllowInstanceCreation counts the new
         * name beside the source (instances_post.go:1114-1117 at lxd-5.12)
         * as on the releases that copy (project_checks_copy above).  A move
         * keeping its name is a notification there (instance_post.go:
         * 624-631 at lxd-5.12) and not checked.  The create's POST fails
         * before any operation exists, wrapped "Failed requesting instance
         * create on destination: " (instance_post.go:666-684 at lxd-5.12)
         * and returned as is by lxc's moveClusterInstance (lxc/move.go:318-
         * 321 at lxd-5.12); the source's stateless stop comes after the
         * create (:701-715), so the instance is as it was.  A count limit
         * reached is answered for a stopped instance (MOVE.COPY_COUNT_LIMIT,
         * the 5.12 row); a running one (migsim stopped it above, as the
         * releases that copy do) and an aggregate limit: not followed. */
        if (!running && ms_rule_applies(MS_RULE_MOVE_COPY_COUNT_LIMIT, profile)) {
            MsRuleId limit_rule = MS_RULE_NONE;
            gboolean unreadable;
            g_autofree char *inner = ms_project_count_limit_text(apply, instance->project, instance->type,
                                                                 instance->name, &limit_rule, &unreadable);

            if (inner != NULL) {
                /* check sites: MOVE_COPY_COUNT_LIMIT */
                ms_apply_check(apply, MS_RULE_MOVE_COPY_COUNT_LIMIT, instance->name, TRUE);
                return ms_reject_rule(out, profile, MS_RULE_MOVE_COPY_COUNT_LIMIT, inner);
            }
        }
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: a renamed move of %s in project "
                            "%s, which has a count limit reached or an aggregate limit: "
                            "the target checks its create of %s, the source counted "
                            "beside it",
                            profile->name, instance->name, ms_project_display(instance->project),
                            apply->op->new_name));
    } else {
        ms_cluster_set_instance_location(apply->cluster, instance, target);
    }
    /* Incus keeps the key through a migration inside its group: it
     * rewrites it for a move to --target=@GROUP (cmd/incusd/instance_post.go:
     * 596-601 and :958-968 at v6.0.4, both under targetGroupName != "") and
     * from 6.0.6 and 6.18 drops it after a copy to a member outside the
     * group (incus_drops_group_outside); live 6.0.4 kept 'pair' through an
     * evacuation and restore (tests/live/incus-scenarios/
     * evacuate-group-only-member.scn) */
    /* LXD's migration keeps the key: a cluster move under the same name
     * reuses the instance's record (lxd/instances_post.go:256-269 at
     * lxd-5.21.7) and sets the key only for a group target (instance_post.go:
     * 964-969); a move naming a member has dropped it in the request
     * (ms_move_unset_cluster_group), an evacuation never does */
    if (ms_profile_is_incus(profile) && !root_remote &&
        incus_drops_group_outside(instance, profile, target, apply->cluster))
        ms_instance_set_config(instance, "volatile.cluster.group", NULL);
    /* a migration between members without shared storage creates the
     * instance on the target through its API (dest.CreateInstance,
     * lxd/instance_post.go:920 at lxd-5.21.7; dest.CopyInstance, :658 at
     * lxd-5.0.2): an instance-creation operation there, which later
     * placements count while its record lasts */
    if (!root_remote) {
        ms_cluster_add_op_record(apply->cluster, target);
        /* a create of a new record there (the 5.0.2 copy, the 5.12 renamed
         * move) writes the container's idmap keys anew (lxcCreate); a
         * cluster move under the same name reuses the record and never
         * calls the driver's create, so hand-set keys stay (createFromMigration
         * skips CreateInternal for clusterMoveSourceName == req.Name,
         * lxd/instances_post.go:255-269,278-288 at lxd-5.21.7, :272-316 at
         * lxd-6.9; the source renames first, instance_post.go:848, :920
         * at lxd-5.21.7; Incus
         * cmd/incusd/instances_post.go:298-329 at v6.0.4, instance_post.go:
         * 906-918).  A project change copies locally first (a create):
         * left unset, so "not modelled".  A move on a remote pool only
         * relinks the record (UpdateInstanceNode) and keeps them. */
        if (target_create_is_plain(apply) ||
            (apply->op->kind == MS_OP_MOVE && apply->op->target_project != NULL &&
             !ms_move_incus_drops_project(apply, instance)))
            ms_instance_forget_created_idmap(instance);
    }
    if (!root_remote && target_create_is_plain(apply)) {
        /* which of the project's limits the target's count then refuses
         * (the source still counts) is not modelled */
        ms_apply_project_limits_note(apply, instance->project, FALSE);
        ms_migrate_strip_unsafe_volatile(apply, instance, NULL);
    }
    *moved = TRUE;
    ms_outcome_add_event(apply->outcome, live && running ? MS_EVENT_LIVE_MIGRATED : MS_EVENT_MIGRATED,
                         instance->name, source, target, NULL);
    return TRUE;
}

/* Start on the destination through its API (so the evacuated check applies). */
gboolean
ms_migrate_start_on_member(MsApply *apply, MsInstance *instance, MsRejection *out)
{
    return ms_migrate_start_on_member_held(apply, instance, NULL, out);
}

gboolean
ms_migrate_start_on_member_held(MsApply *apply, MsInstance *instance, MsLayersHold *hold, MsRejection *out)
{
    MsLayersHold own = ms_layers_hold(instance);
    const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

    if (member != NULL && member->status == MS_MEMBER_EVACUATED) {
        /* dead in lxd-5.21.5+,lxd-6.6+: a move to an evacuated member is
         * refused before the start (MOVE.DEST_EVACUATED, instance_post.go:777
         * at lxd-5.21.7, :771 at HEAD) and evacuation never targets one */
        ms_apply_check(apply, MS_RULE_STATE_EVACUATED, instance->name, TRUE);
        return ms_reject_rule(out, apply->profile, MS_RULE_STATE_EVACUATED);
    }
    if (hold == NULL)
        hold = &own;
    g_assert(hold->instance == instance);
    if (!ms_instance_start_check_held(apply->cluster, apply->env, hold, FALSE, out)) {
        ms_instance_mark_hook_failed(apply, instance, out->rule);
        return FALSE;
    }
    ms_instance_mark_started_held(apply, instance, hold);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, instance->name, NULL, instance->location, NULL);
    return TRUE;
}
