/* migsim: lxc copy --refresh into an existing instance (moved out of
 * ms-copy-ops.c, which decides where a copy goes and calls
 * ms_copy_refresh_existing): the storage refresh, the config and root pool
 * the client's PUT or the server's refresh apply per release, and what
 * migsim does not follow. */
#include "ms-apply-private.h"
#include "ms-copy-private.h"
#include "ms-names.h"

#include <string.h>

gboolean
ms_copy_refresh_not_modelled(MsApply *apply, const char *what)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: lxc copy --refresh %s is not modelled", what));
}

/* The pool of @instance's expanded root disk, or NULL. */
char *
ms_copy_root_pool_name(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    MsDevice *root = ms_devices_root_disk(devices);

    return root != NULL ? g_strdup(ms_device_lookup_lit(root, "pool")) : NULL;
}

/* Whether @source's expanded config, with the copy's -c keys over it,
 * has a limits.kernel.* value liblxc refuses (ms_prlimit_value_ok). */
static gboolean
refresh_prlimit_refused(MsApply *apply, const MsInstance *source)
{
    g_autoptr(GHashTable) expanded = ms_cluster_expand_config(apply->cluster, apply->profile, source);
    GHashTableIter iter;
    gpointer key, value;

    for (guint i = 0; apply->op->keys != NULL && i < apply->op->keys->len; i++)
        if (g_str_has_prefix(apply->op->keys->pdata[i], "limits.kernel.") &&
            !ms_prlimit_value_ok(apply->op->values->pdata[i]))
            return TRUE;
    g_hash_table_iter_init(&iter, expanded);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (g_str_has_prefix(key, "limits.kernel.") && !ms_prlimit_value_ok(value))
            return TRUE;
    return FALSE;
}

/* From lxd-6.7 a refresh is placed on the existing instance's member,
 * whatever --target says (instancesPost, lxd/instances_post.go:1479-1494
 * at lxd-6.9, forwarded there by :1717-1733), whose createFromCopy
 * migrates from the source's member when the pool is local (:589-617);
 * from lxd-6.8 createFromMigration first applies the request's config to
 * the existing instance (:323-329 at lxd-6.9; absent at lxd-6.7, whose
 * config path is not read), and refuses a running one (:288-291). */
/* clang-format off */
static const MsReleases refresh_on_existing_member = MS_REL_SINCE_6(8);
/* clang-format on */

/* The local config @existing gets from a refresh: the source's whole
 * config, its volatile keys too (lxc copy --refresh keeps them,
 * keepVolatile := c.flagRefresh), then the -c keys over it.  Up to
 * lxd-6.7 lxc PUTs it with volatile.last_state.power stripped and the
 * target's volatile.idmap.next (lxc/copy.go:312-323, :360-372 at
 * lxd-5.0.2, :371-372, :414-427 at lxd-5.21.7): the target loses its
 * last_state.power; from lxd-6.8 lxc sends it in the copy request,
 * built by ApplyRefreshConfig when the server has instance_refresh_config
 * (lxc/copy.go:174, :258-268 at lxd-6.9): the target's idmap keys and
 * last_state.power kept, volatile.apply_template dropped
 * (InstanceRefreshConfigKeyPolicy, shared/api/instance.go:424-434 at
 * lxd-6.9), and the server applies it before the transfer
 * (lxd/instances_post.go:323-329 at lxd-6.9).  The -c keys go in before
 * the strip and the kept keys at every release (lxc/copy.go:274-276 before
 * :312-323 at lxd-5.0.2, :340 before :371-372 at lxd-5.21.7, :390-394
 * before :266 at lxd-6.9); migsim refuses a -c of a volatile key as not
 * modelled, so the order below cannot show.  So a refresh of an evacuated instance carries its volatile.evacuate.origin to the target, which the
 * member's restore then brings there (seen live on 5.0.2, DISAGREEMENTS
 * 33-fidlive16). */
static void
refresh_set_config(const MsApply *apply, const MsInstance *source, MsInstance *existing)
{
    static const char *const kept_until_67[] = { "volatile.idmap.next", NULL };
    static const char *const kept_from_68[] = { "volatile.idmap.base",       "volatile.idmap.current",
                                                "volatile.idmap.next",       "volatile.last_state.idmap",
                                                "volatile.last_state.power", NULL };
    const char *const *kept = ms_releases_contain(&refresh_on_existing_member, apply->profile->version)
                                  ? kept_from_68
                                  : kept_until_67;
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; kept[i] != NULL; i++) {
        const char *value = ms_instance_get_config(existing, kept[i]);

        g_ptr_array_add(keys, g_strdup(kept[i]));
        g_ptr_array_add(values, g_strdup(value));
    }
    while (ms_config_map_size(existing->config) > 0) {
        g_autofree char *key = g_strdup(ms_config_map_key(existing->config, 0));

        ms_instance_set_config(existing, key, NULL);
    }
    ms_copy_fill(apply, source, existing, TRUE);
    if (kept == kept_from_68)
        ms_instance_set_config(existing, "volatile.apply_template", NULL);
    for (guint i = 0; i < keys->len; i++)
        ms_instance_set_config(existing, keys->pdata[i], values->pdata[i]);
    for (guint i = 0; i < apply->op->keys->len; i++)
        ms_instance_set_config(existing, apply->op->keys->pdata[i], apply->op->values->pdata[i]);
}

/* Whether the config a refresh with -c gives @existing passes the Update's
 * ValidConfig (driver_lxc.go:3945-3949 at lxd-5.0.2, :3802 at lxd-6.9,
 * driver_qemu.go:5836 at lxd-6.9), as lxc config set's does. */
static gboolean
refresh_config_valid(const MsApply *apply, const MsInstance *source, const MsInstance *existing,
                     MsRejection *refusal)
{
    g_autoptr(MsInstance) changed = ms_instance_copy(existing);
    g_autoptr(GHashTable) config = NULL;

    refresh_set_config(apply, source, changed);
    config = ms_instance_config_table(changed);
    return ms_instance_config_validate(apply->env, existing->type, config, existing->name, refusal);
}

/* The storage half of a refresh: the volume, then the snapshots, none with
 * --instance-only (instanceCreateAsCopy, lxd/instance.go:233-286 at
 * lxd-5.0.2): by name the target ends with the source's snapshots; one of
 * the same name but another creation date is deleted and copied again. */
static void
refresh_storage(MsApply *apply, const MsInstance *source, MsInstance *existing)
{
    existing->state_dir_left = ms_copy_state_dir_copied(apply, source);
    if (apply->op->instance_only)
        return;
    for (guint i = 0; i < existing->snapshots->len; i++)
        ms_instance_forget_snapshot(existing, existing->snapshots->pdata[i], NULL);
    g_ptr_array_set_size(ms_instance_snapshots_mut(existing), 0);
    ms_copy_snapshots(source, existing);
    ms_copy_align_snapshot_roots(apply->cluster, source, existing);
}

/* lxc copy SRC DST --refresh where DST exists.  Modelled only when the
 * refresh stays on one member with the target stopped: createFromCopy
 * then refreshes locally (lxd/instances_post.go:415-441 at lxd-5.0.2), the
 * target's snapshots not in the source are deleted and the source's missing
 * ones copied (storagePools.CompareSnapshots, lxd/instance.go:233-286 at
 * lxd-5.0.2; lxd/storage/utils.go:955-989), none with --instance-only
 * (instance.go:233), and lxc puts the source's config, devices and
 * profiles on the target (lxc/copy.go:360-380 at lxd-5.0.2, :409-440 at
 * lxd-5.21.7; server-side at lxd-6.9, lxd/instance.go:273-276, with the
 * client fallback at lxc/copy.go:320-331). */
/* lxc copy --refresh -s POOL at lxd-5.0.2: the request's local devices
 * (@devices: the source's, -s applied) go into lxc's PUT whole, and no
 * later lxc keeps the target's root pool (lxc/copy.go:301-310, PUT :369 at lxd-5.0.2;
 * from 5.0.3 and 5.15 it does, :420-425 at lxd-5.21.7: not modelled), so
 * the Update refuses a root disk on another pool (DEV.ROOT_POOL_CHANGE,
 * driver_lxc.go:4139-4143 at lxd-5.0.2) after the storage refresh.  Seen
 * live on lane 3 (2026-12-06): `-s nosuchpool` gave 'Cannot update root
 * disk device pool name to "nosuchpool"'.  NULL when the pool stays, else
 * the new pool's name. */
static char *
refresh_pool_changed(const MsApply *apply, const MsInstance *source, const MsInstance *existing,
                     MsDevices *devices)
{
    g_autoptr(MsInstance) changed = ms_instance_copy(existing);
    g_autofree char *old_pool = ms_copy_root_pool_name(apply->cluster, existing);
    char *new_pool;

    ms_devices_unref(changed->devices);
    changed->devices = ms_devices_ref(devices);
    g_ptr_array_set_size(ms_instance_profiles_mut(changed), 0);
    for (guint i = 0; i < source->profiles->len; i++)
        g_ptr_array_add(ms_instance_profiles_mut(changed), g_strdup(source->profiles->pdata[i]));
    new_pool = ms_copy_root_pool_name(apply->cluster, changed);
    if (g_strcmp0(new_pool, old_pool) == 0) {
        g_free(new_pool);
        return NULL;
    }
    return new_pool;
}

gboolean
ms_copy_refresh_existing(MsApply *apply, const MsInstance *source, MsInstance *existing,
                         const MsMember *member, MsDevices *devices)
{
    const MsOp *op = apply->op;
    g_autofree char *placed = NULL;

    /* Incus's refresh (cmd/incusd/instance.go at v6.0.4) is not audited */
    if (ms_profile_is_incus(apply->profile))
        return ms_copy_refresh_not_modelled(apply, "of an existing instance under Incus");
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
     * the existing instance's member it refreshes it as on one member:
     * config, and the migration sink's CompareSnapshots deletes the
     * target's extra snapshots and asks for the source's missing ones
     * (lxd/migrate_instance.go:1005-1054 at lxd-5.0.2; seen live on lane 3,
     * 6 December 2026: tests/live/scenarios/copy-refresh-across.scn).  Placed on
     * the source's member it fails with "Instance storage pool not found"
     * after dropping the target's snapshot records (its next start fails):
     * not modelled. */
    /* Placed on the source's member (--target it, DST elsewhere), 5.0.2
     * refreshes locally: instanceCreateAsCopy deletes DST's snapshots the
     * source lacks (or has with another creation date), adds records for
     * the source's missing ones, then fails loading DST's pool, which is on
     * DST's member ("Failed loading instance storage pool: %w",
     * lxd/instance.go:356-359; pool_load.go:193, db/instances.go:962 at
     * lxd-5.0.2), and reverts the new records only.  Answered where DST
     * has no snapshot to lose, or with --instance-only (none compared):
     * nothing changes (seen live on 5.0.2: tests/live/scenarios/
     * usb-blkio-host.scn); else not modelled (migsim keeps no creation
     * dates).  Both lookups use the refreshing member's id, but also find
     * a volume without one on a remote driver's pool (db/instances.go
     * :931-962, the clause at :951 at lxd-5.0.2): a DST on ceph is found
     * and the refresh goes on, not modelled (review revA, session 35). */
    gboolean local_pool = !ms_instance_root_pool_is_remote(apply->cluster, existing);

    /* Neither instance's state matters on this path: createFromCopy checks
     * none (lxd/instances_post.go:387-545 at lxd-5.0.2), and DST's
     * LockExclusive asks liblxc (qemu: its monitor) on SRC's member, where
     * DST does not run (driver_lxc.go:6636, driver_qemu.go:5960 at
     * lxd-5.0.2).  Seen live on 5.0.2 with both running: seed 38201
     * (38201-000 line 34, --instance-only) and lane 7 (7 December 2026,
     * with and without --instance-only).  Was modelled with both stopped
     * only (session 39, fidaudit7). */
    if (across && local_pool && apply->profile->version == MS_VERSION(5, 0, 2) &&
        source->type == existing->type && g_strcmp0(source->project, existing->project) == 0 &&
        g_str_equal(member->name, source->location) && (existing->snapshots->len == 0 || op->instance_only)) {
        /* check sites: COPY_REFRESH_POOL_ON_SOURCE */
        ms_apply_check(apply, MS_RULE_COPY_REFRESH_POOL_ON_SOURCE, existing->name, TRUE);
        return ms_apply_reject(apply, MS_RULE_COPY_REFRESH_POOL_ON_SOURCE);
    }
    /* Placed elsewhere than SRC's member, 5.0.2 copies by migration into a
     * sink on the placed member (clusterCopyContainerInternal, lxd/
     * instances_post.go:1233-1290), whose createFromMigration takes DST's
     * exclusive lock first (:289-294, "Failed getting exclusive access to
     * instance: %w"): on DST's own member a running DST is refused there
     * (LockExclusive, driver_lxc.go:6635-6638); on a third member DST does
     * not run locally, the lock is taken and the sink fails on DST's pool
     * (COPY.REFRESH_POOL_ELSEWHERE) whatever either instance's state (the
     * migration is not live with --refresh, lxc/copy.go:250-256).  Seen
     * live on 5.0.2 (lane 2, 8 December 2026: SRC running or stopped, DST
     * running or stopped, placed by the scheduler on the third member; DST
     * running on its member with --target).  A stopped DST on its own
     * member is refreshed as on one member, SRC running or not (the
     * migration source checks no state; seen live on 5.0.2, lane 2, with a
     * running SRC).  The running DST was also seen refused on lane 1
     * (8 December 2026, with and without --instance-only, SRC running or
     * not: tests/live/DISAGREEMENTS.md #33-fidlive15). */
    if (across && local_pool && apply->profile->version == MS_VERSION(5, 0, 2) &&
        source->type == existing->type && g_strcmp0(source->project, existing->project) == 0 &&
        !g_str_equal(member->name, source->location)) {
        gboolean elsewhere = !g_str_equal(member->name, existing->location);

        /* dead in lxd-5.21.x,lxd-6.x: this block is 5.0.2 only (createFromMigration, lxd/instances_post.go:289-294 at lxd-5.0.2); the later sinks are not read */
        if (!elsewhere && ms_apply_check(apply, MS_RULE_COPY_REFRESH_TARGET_RUNNING, existing->name,
                                         existing->status == MS_INSTANCE_RUNNING))
            return ms_apply_reject(apply, MS_RULE_COPY_REFRESH_TARGET_RUNNING);
        if (ms_apply_check(apply, MS_RULE_COPY_REFRESH_POOL_ELSEWHERE, existing->name, elsewhere))
            return ms_apply_reject(apply, MS_RULE_COPY_REFRESH_POOL_ELSEWHERE);
        across = FALSE;
    }
    /* lxd-6.8+ across members, both stopped, one local pool: the refresh
     * runs on the existing instance's member as a migration whose sink
     * compares the snapshots as the local refresh does (MigrateReceive,
     * driver_lxc.go:5104-5153, driver_qemu.go:7522 at lxd-6.9; :5123,
     * :7499 at lxd-6.8) */
    if (across && ms_releases_contain(&refresh_on_existing_member, apply->profile->version) &&
        source->status != MS_INSTANCE_RUNNING && existing->status != MS_INSTANCE_RUNNING &&
        source->type == existing->type && g_strcmp0(source->project, existing->project) == 0 &&
        !ms_instance_root_pool_is_remote(apply->cluster, source)) {
        g_autofree char *source_pool = ms_copy_root_pool_name(apply->cluster, source);
        g_autofree char *existing_pool = ms_copy_root_pool_name(apply->cluster, existing);

        if (source_pool != NULL && g_strcmp0(source_pool, existing_pool) == 0) {
            across = FALSE;
            if (!g_str_equal(member->name, existing->location))
                ms_outcome_add_note(
                    apply->outcome,
                    "%s: the refresh runs on %s, %s's member, not on %s (lxd/instances_post.go:"
                    "1479-1494 at lxd-6.9)",
                    apply->profile->name, existing->location, existing->name, member->name);
        }
    }
    if (across) {
        placed = g_strdup_printf("of %s on %s into %s on %s (request placed on %s)", source->name,
                                 source->location, existing->name, existing->location, member->name);
        return ms_copy_refresh_not_modelled(apply, placed);
    }
    /* LXD #17464: refreshes into a running target fail or break it
     * depending on storage and release; lxd-6.9 refuses one on the
     * migration path (instances_post.go:288-291).  A running source on the
     * target's member is refreshed as a stopped one: instanceCreateAsCopy
     * checks no state (lxd/instance.go:190-372 at lxd-5.0.2, :287-460 at
     * lxd-5.21.7, :254-470 at lxd-6.9), and LXD's tests refresh from a
     * running source (test/suites/incremental_copy.sh:47-60 at lxd-5.0.2,
     * :40-53 at lxd-5.21.7; container_copy.sh:48-61 at lxd-6.9; lxd-ci
     * tests/storage-vm:169-171 for VMs on every driver) */
    /* SRC, DST and the request on one member: instanceCreateAsCopy takes
     * DST's exclusive lock before anything else, and LockExclusive refuses
     * a running instance (driver_lxc.go:6635-6638, driver_qemu.go:5959-5962
     * at lxd-5.0.2; :8186-8188 and :8476-8478 at lxd-5.21.7), wrapped
     * "Failed getting exclusive access to instance: %w" (lxd/instance.go:
     * 217-220 at lxd-5.0.2), "... to target instance: %w" from lxd-5.0.3
     * (:314-317 at lxd-5.21.7, :268-271 at lxd-6.1, :277-280 at lxd-6.7);
     * lxc prints the operation's error raw (lxc/copy.go:352-356 at
     * lxd-5.0.2) and its PUT of SRC's config never runs: nothing changes.
     * From lxd-6.8 the request's config is applied to the running DST
     * first (lxd/instance.go:273-276 at lxd-6.9): not modelled there.
     * Seen live on 5.0.2 (lane 7, 7 December 2026: DST running, SRC
     * stopped and running, with and without --instance-only). */
    if (ms_rule_applies(MS_RULE_COPY_REFRESH_TARGET_RUNNING, apply->profile) &&
        !ms_rule_unmodelled(MS_RULE_COPY_REFRESH_TARGET_RUNNING, apply->profile) &&
        source->type == existing->type && g_strcmp0(source->project, existing->project) == 0 &&
        ms_apply_check(apply, MS_RULE_COPY_REFRESH_TARGET_RUNNING, existing->name,
                       existing->status == MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_COPY_REFRESH_TARGET_RUNNING);
    if (existing->status == MS_INSTANCE_RUNNING)
        return ms_copy_refresh_not_modelled(apply, "with a running target");
    if (source->type != existing->type)
        return ms_copy_refresh_not_modelled(apply, "into an instance of another type");
    if (g_strcmp0(source->project, existing->project) != 0)
        return ms_copy_refresh_not_modelled(apply, "into another project");
    /* the source's config reaches the target through a user-requested
     * Update, which runs initLXC over a container's new expanded config
     * (CFG.INST.PRLIMIT_VALUE): until lxd-6.7 lxc's PUT after the storage
     * refresh (lxc/copy.go:360-368 at lxd-5.0.2, :409-428 at lxd-5.21.7,
     * lxd/instance_put.go:151 at lxd-5.0.2), from lxd-6.8 the server's
     * UpdateActionUserRefresh before it (lxd/instance.go:273-276,
     * lxd/instances_post.go:323-329, isUserRequested driver_common.go:1408
     * at lxd-6.9).  migsim runs neither Update (review revA, session 29:
     * it answered ok) */
    if (source->type == MS_INSTANCE_CONTAINER && refresh_prlimit_refused(apply, source))
        return ms_copy_refresh_not_modelled(
            apply, "of a container whose expanded config has a limits.kernel.* value liblxc refuses "
                   "(the Update that applies it fails in initLXC)");

    /* lxc's PUT after the refresh (until lxd-6.7) sends SRC's config, its
     * volatile idmap keys included, with only volatile.idmap.next taken
     * from DST (lxc/copy.go:360-368 at lxd-5.0.2, :415-418 at lxd-5.21.7),
     * and a container's user-requested Update refuses a config that drops
     * an idmap key DST has before it validates anything else
     * (CFG.IDMAP_KEY_DELETE, driver_lxc.go:4107-4124 at lxd-5.0.2,
     * :4347-4364 at lxd-5.21.7): DST started once holds
     * volatile.idmap.current, a SRC never started lacks it.  lxc prints the
     * error raw; the storage is refreshed, the config is not.  Seen live on
     * 5.0.2 (lane 2, 8 December 2026). */
    if (existing->type == MS_INSTANCE_CONTAINER &&
        ms_rule_applies(MS_RULE_CFG_IDMAP_KEY_DELETE, apply->profile) &&
        !ms_rule_unmodelled(MS_RULE_CFG_IDMAP_KEY_DELETE, apply->profile) &&
        !ms_rule_applies(MS_RULE_COPY_REFRESH_CONFIG_WRAP, apply->profile) &&
        ms_apply_check(apply, MS_RULE_CFG_IDMAP_KEY_DELETE, existing->name,
                       ms_instance_has_idmap_current(existing) && !ms_instance_has_idmap_current(source))) {
        refresh_storage(apply, source, existing);
        return ms_apply_reject(apply, MS_RULE_CFG_IDMAP_KEY_DELETE);
    }
    /* -c KEY=VALUE: lxc lays the keys over the source's config it sends
     * (lxc/copy.go:275 at lxd-5.0.2, :340 at lxd-5.21.7, applyConfigOverrides
     * :399 at lxd-6.9), which the target's Update validates: from lxd-6.8 on
     * the server before the storage refresh, wrapped, nothing changed
     * (COPY.REFRESH_CONFIG_WRAP); until 6.7 lxc's PUT after it, whose error
     * lxc prints raw (lxc/copy.go:369-372 at lxd-5.0.2, :427-430 at
     * lxd-5.21.7, :317-320 at lxd-6.7): the snapshots and the volume are
     * refreshed, the config, devices and profiles are not */
    if (op->keys->len > 0) {
        g_auto(MsRejection) refusal = { 0 };

        if (!refresh_config_valid(apply, source, existing, &refusal)) {
            g_autofree char *inner = NULL;

            if (!ms_rule_applies(MS_RULE_COPY_REFRESH_CONFIG_WRAP, apply->profile)) {
                refresh_storage(apply, source, existing);
                return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                                     ms_apply_config_refusal(apply, &refusal, MS_CONFIG_TEXT_AS_IS));
            }
            ms_apply_check(apply, MS_RULE_COPY_REFRESH_CONFIG_WRAP, existing->name, TRUE);
            inner = ms_apply_config_refusal(apply, &refusal, MS_CONFIG_TEXT_AS_IS);
            ms_apply_wrap_alternatives(apply, MS_RULE_COPY_REFRESH_CONFIG_WRAP);
            return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                                 ms_rule_message(MS_RULE_COPY_REFRESH_CONFIG_WRAP, apply->profile, inner));
        }
    }
    if (op->pool != NULL) {
        g_autofree char *new_pool = refresh_pool_changed(apply, source, existing, devices);

        /* dead in lxd-5.0.0..5.0.1,lxd-5.0.3..5.0.9,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: -s into an existing instance is modelled at lxd-5.0.2 only (ms_apply_copy) */
        if (ms_apply_check(apply, MS_RULE_DEV_ROOT_POOL_CHANGE, existing->name, new_pool != NULL)) {
            refresh_storage(apply, source, existing);
            return ms_apply_reject(apply, MS_RULE_DEV_ROOT_POOL_CHANGE, new_pool);
        }
    }
    ms_outcome_add_note(
        apply->outcome,
        "not modelled on --refresh: when both have a local root disk, the pool %s's keeps (kept "
        "from lxd-5.21: lxc/copy.go:420-425 at lxd-5.21.7, shared/api/instance.go:488-506 at "
        "lxd-6.9); migsim gives it the source's root disk",
        existing->name);
    refresh_set_config(apply, source, existing);
    /* the cluster's index of evacuated instances follows the new origin */
    ms_cluster_set_instance_config(apply->cluster, existing, "volatile.evacuate.origin",
                                   ms_instance_get_config(existing, "volatile.evacuate.origin"));
    if (op->pool != NULL) {
        ms_devices_unref(existing->devices);
        existing->devices = ms_devices_ref(devices);
    }
    g_ptr_array_set_size(ms_instance_profiles_mut(existing), 0);
    for (guint i = 0; i < source->profiles->len; i++)
        g_ptr_array_add(ms_instance_profiles_mut(existing), g_strdup(source->profiles->pdata[i]));
    refresh_storage(apply, source, existing);
    return TRUE;
}
