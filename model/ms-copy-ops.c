/* migsim: lxc copy within a cluster, and lxc copy --refresh of an existing
 * copy (moved out of ms-instance-ops.c; copies between remotes are in
 * ms-remote.c). */
#include "ms-apply-private.h"
#include "ms-copy-private.h"
#include "ms-names.h"

#include <string.h>

/* A copy gets its source's local config (volatile keys dropped) and local
 * devices; a copy of a snapshot gets the snapshot's: lxc sends the
 * snapshot's (lxc/copy.go:202-220 at lxd-6.9) and createFromCopy takes
 * the local ones of the source it loads, the snapshot when it is one
 * (lxd/instances_post.go:403,447,467 at lxd-5.0.2; :500,514,531 at
 * lxd-5.21.7).  Seen live: tools/live-random.py --seed 202, scenario 10.
 * With @keep_volatile the source's volatile keys go too, but
 * volatile.last_state.power: lxc copy --refresh sends them in the create
 * (keepVolatile := c.flagRefresh, lxc/copy.go:461, the strip at :312-324 at
 * lxd-5.0.2; :496 at lxd-5.21.7; :478 and applyConfigOverrides :393-400 at
 * lxd-6.9; cmd/incus/copy.go:471, :337-347 at v6.0.4) and createFromCopy
 * keeps what the request gives (lxd/instances_post.go:452-462 at lxd-5.0.2;
 * cmd/incusd/instances_post.go:541-552 at v6.0.4).  Seen live on 5.0.2: a
 * --refresh copy of an evacuated instance kept volatile.evacuate.origin and
 * went to that member at its restore (tools/live-random.py --gen 12 --seed
 * 12003, scenario 2). */
void
ms_copy_fill(const MsApply *apply, const MsInstance *source, MsInstance *copy, gboolean keep_volatile)
{
    const char *snapshot = apply->op->snapshot;
    const MsInstanceSnapshot *record =
        snapshot != NULL ? ms_instance_lookup_snapshot(source, snapshot) : NULL;
    const MsConfigMap *config = record != NULL ? record->config : source->config;

    for (guint i = 0; i < ms_config_map_size(config); i++) {
        const char *key = ms_config_map_key(config, i);
        if (keep_volatile ? !g_str_equal(key, "volatile.last_state.power")
                          : !g_str_has_prefix(key, "volatile."))
            ms_instance_set_config(copy, key, ms_config_map_value(config, i));
    }
    ms_devices_unref(copy->devices);
    copy->devices = ms_devices_copy(record != NULL ? record->devices : source->devices);
}

static void
copy_config_and_devices(MsApply *apply, const MsInstance *source, MsInstance *copy, gboolean keep_volatile)
{
    const char *snapshot = apply->op->snapshot;

    if (snapshot != NULL && ms_instance_lookup_snapshot(source, snapshot) == NULL)
        ms_outcome_add_note(apply->outcome,
                            "not modelled: the config and devices of snapshot %s, which the copy gets "
                            "(the snapshot was not taken in this run); the copy gets %s's current ones",
                            snapshot, source->name);
    ms_copy_fill(apply, source, copy, keep_volatile);
}

/* Whether the copy's volume holds a state directory: the volume is copied
 * whole, a state directory a refused stateful stop left too
 * (genericVFSCopyVolume's rsync of the mount path, with --delete for a
 * refresh: lxd/storage/drivers/generic_vfs.go:921-950, lxd/rsync/rsync.go:
 * 38-42 at lxd-5.0.2), a snapshot's when copying one: a restore of the
 * copy meets it (SNAPSHOT.RESTORE_CRIU_STATE) */
gboolean
ms_copy_state_dir_copied(const MsApply *apply, const MsInstance *source)
{
    const MsInstanceSnapshot *record;

    if (apply->op->snapshot == NULL)
        return source->state_dir_left;
    record = ms_instance_lookup_snapshot(source, apply->op->snapshot);
    return record != NULL && record->state_dir;
}

/* Appends @source's snapshots to @copy's, each with its record. */
void
ms_copy_snapshots(const MsInstance *source, MsInstance *copy)
{
    for (guint i = 0; i < source->snapshots->len; i++) {
        const char *name = source->snapshots->pdata[i];
        const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(source, name);

        g_ptr_array_add(ms_instance_snapshots_mut(copy), g_strdup(name));
        if (record != NULL)
            ms_instance_adopt_snapshot(copy, name, record);
    }
}

/* The name and device of the root disk in @devices, or FALSE. */
static gboolean
root_disk_entry(MsDevices *devices, const char **name, MsDevice **device)
{
    MsDevicesIter iter;
    const char *key;
    MsDevice *value;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &key, &value))
        if (ms_device_is_root_disk(value)) {
            *name = key;
            *device = value;
            return TRUE;
        }
    return FALSE;
}

/* Each snapshot a copy takes gets its root disk on the copy's pool
 * (instanceCreateAsCopy: lxd/instance.go:294-322 at lxd-5.0.2, :376-403 at
 * lxd-6.9, adjustSnapRootDiskPool :242-270 at lxd-5.21.7; Incus keeps
 * LXD's code from the fork, cmd/incusd/instance.go:352-388 at v6.0.4,
 * :351 at v6.0.0 and v6.1.0, :417 at v6.10.0, :436 at v6.23.0): when the
 * snapshot's expanded root disk (its local devices over @source's
 * profiles) names another pool, its local root disk takes the copy's pool,
 * or one is added under the name of the copy's root disk.  So a restore
 * after a copy or a pool move puts the root disk on the pool the volume
 * is in. */
void
ms_copy_align_snapshot_roots(const MsCluster *cluster, const MsInstance *source, MsInstance *copy)
{
    g_autoptr(MsDevices) parent = ms_cluster_expand_devices(cluster, copy);
    const char *parent_key;
    MsDevice *parent_root;
    const char *pool;

    if (copy->snapshot_records == NULL || !root_disk_entry(parent, &parent_key, &parent_root))
        return;
    pool = ms_device_lookup_lit(parent_root, "pool");
    for (guint i = 0; i < copy->snapshots->len; i++) {
        const char *name = copy->snapshots->pdata[i];
        const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(copy, name);
        MsInstance view;
        g_autoptr(MsDevices) expanded = NULL;
        g_autoptr(MsDevices) devices = NULL;
        const char *snap_key = NULL;
        MsDevice *snap_root = NULL, *root;

        if (record == NULL)
            continue;
        view = *source;
        view.devices = record->devices;
        expanded = ms_cluster_expand_devices(cluster, &view);
        if (root_disk_entry(expanded, &snap_key, &snap_root) &&
            g_strcmp0(ms_device_lookup_lit(snap_root, "pool"), pool) == 0)
            continue;
        devices = ms_devices_copy(record->devices);
        if (snap_root != NULL && ms_devices_has(record->devices, snap_key)) {
            root = ms_device_copy(ms_devices_lookup(record->devices, snap_key));
            ms_devices_set(devices, snap_key, root);
        } else {
            root = ms_device_new();
            ms_device_set(root, "type", "disk");
            ms_device_set(root, "path", "/");
            ms_devices_set(devices, parent_key, root);
        }
        ms_device_set(root, "pool", pool);
        ms_instance_adopt_snapshot(copy, name,
                                   &(MsInstanceSnapshot){ record->config, devices, record->state_dir });
    }
}

/* lxc copy -d: until 5.0.3, in 5.1 .. 5.20 and at 5.21.0 the client lays
 * each override over the source's local device of that name, or sends the
 * bare override as a new device when the source has none
 * (lxc/copy.go:187-198, :279-289 at lxd-5.0.2; the same code at
 * lxd-5.0.3, lxd-5.20, lxd-5.21.0); from 5.0.4, 5.21.1 and 6.1 it takes a
 * device the source lacks from the profiles and refuses one they lack
 * (shared.ApplyDeviceOverrides, lxc/copy.go:314-335 at lxd-5.21.7,
 * shared/util.go:1539; applyConfigOverrides, lxc/copy.go:382-450 at
 * lxd-6.9). */
/* clang-format off */
static const MsReleases copy_override_raw =
    MS_REL_V5(MS_SPAN_50_UNTIL(4), MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 1)), MS_SPAN_NONE);
/* the copy of a snapshot passes the profile devices as the local ones and
 * the other way round (lxc/copy.go:222 at lxd-5.21.7, at lxd-5.0.4 and
 * lxd-6.1 .. lxd-6.6; fixed by applyConfigOverrides at lxd-6.7) */
static const MsReleases copy_snapshot_swapped =
    MS_REL_V5(MS_SPAN_50_FROM(4), MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 1)), MS_SPAN_UNTIL(MS_VERSION(6, 7, 0)));
/* Incus's client lays each override over the copied local device or sends
 * the bare override, as lxc did until 5.0.3 (cmd/incus/copy.go:202-219 and
 * :300-317 at v6.0.4, :200-210 at v6.0.0, :185-199 at v6.23.0: no profile
 * lookup at any tag); from 6.0.4 and 6.11 an override with type=none
 * replaces a local device whole with {type: none} (incus 64a2236,
 * copy.go:210-214 at v6.0.4) */
static const MsReleases copy_override_incus_none = MS_REL_INCUS(MS_INC_SINCE(4, 11));
/* clang-format on */

/* The device types the database accepts (NewDeviceType,
 * lxd/db/cluster/devices.go:90-118 at lxd-5.0.2, :119 at lxd-6.9). */
static const char *const db_device_types[] = { "none",       "nic",          "disk", "unix-char",
                                               "unix-block", "usb",          "gpu",  "infiniband",
                                               "proxy",      "unix-hotplug", "tpm",  "pci" };

static gboolean
copy_override_not_modelled(MsApply *apply, const char *what)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: lxc copy -c/-d/-s %s is not modelled", what));
}

/* Incus 6.0.4+/6.11+: the local devices an override sets type=none on,
 * replaced by {type: none} (the device's other overrides are dropped with
 * them); the set of their names. */
static GHashTable *
copy_override_clear_none(const MsOp *op, MsDevices *local)
{
    GHashTable *cleared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < op->device_overrides->len; i++) {
        g_autofree char *name = NULL, *key = NULL;
        const char *value = ms_apply_split_device_override(op->device_overrides->pdata[i], &name, &key);

        if (g_str_equal(key, "type") && g_str_equal(value, "none") && ms_devices_has(local, name)) {
            MsDevice *device = ms_device_new();

            ms_device_set(device, "type", "none");
            ms_devices_set(local, name, device);
            g_hash_table_add(cleared, g_steal_pointer(&name));
        }
    }
    return cleared;
}

/* The client's half of lxc copy -c/-d: the local devices the copy request
 * carries (@local: the source's or its snapshot's, copied), the overrides
 * applied as this release's lxc applies them.  FALSE when refused or not
 * modelled. */
static gboolean
copy_override_devices(MsApply *apply, const MsInstance *source, MsDevices *local)
{
    const MsOp *op = apply->op;
    gboolean raw = ms_profile_is_incus(apply->profile) ||
                   ms_releases_contain(&copy_override_raw, apply->profile->version);
    g_autoptr(MsDevices) from_profiles = NULL;
    g_autoptr(GHashTable) cleared = NULL;

    if (op->device_overrides == NULL)
        return TRUE;
    if (ms_releases_contain(&copy_override_incus_none, apply->profile->version))
        cleared = copy_override_clear_none(op, local);
    if (op->snapshot != NULL && ms_releases_contain(&copy_snapshot_swapped, apply->profile->version))
        return copy_override_not_modelled(apply, "of a snapshot (this release's lxc swaps the local and the "
                                                 "profile devices, lxc/copy.go:222 at lxd-5.21.7)");
    for (guint i = 0; i < op->device_overrides->len; i++) {
        g_autofree char *name = NULL, *key = NULL;
        const char *value = ms_apply_split_device_override(op->device_overrides->pdata[i], &name, &key);
        MsDevice *device = ms_devices_lookup(local, name);

        if (cleared != NULL && g_hash_table_contains(cleared, name))
            continue;
        if (device == NULL && raw) {
            device = ms_device_new();
            ms_devices_set(local, name, device);
        } else if (device == NULL) {
            MsDevice *base;

            /* getProfileDevices reads the default profile for an empty
             * list (lxc/utils.go:51-56 at lxd-6.9) */
            if (source->profiles->len == 0)
                return copy_override_not_modelled(apply, "of a device of an instance without profiles");
            if (from_profiles == NULL)
                from_profiles = ms_cluster_expand_devices(apply->cluster, source);
            base = ms_devices_lookup(from_profiles, name);
            /* dead in lxd-5.0.0..5.0.3,lxd-5.1..5.20,lxd-5.21.0: lxc sends the bare override (lxc/copy.go:279-289 at lxd-5.0.2) */
            if (ms_apply_check(apply, MS_RULE_CREATE_DEVICE_OVERRIDE, name, base == NULL))
                return ms_apply_reject(apply, MS_RULE_CREATE_DEVICE_OVERRIDE, name);
            device = ms_device_copy(base);
            ms_devices_set(local, name, device);
        }
        ms_device_set(device, key, value);
    }
    return TRUE;
}

/* lxc copy -s POOL: after the -d overrides, lxc sets the pool of the
 * request's root disk (a local disk with path / and no source,
 * GetRootDiskDevice) or adds one {type: disk, path: /, pool: POOL}
 * (lxc/copy.go:302-310 at lxd-5.0.2, :351-358 at lxd-5.21.7,
 * applyConfigOverrides :436-449 at lxd-6.9). */
static void
copy_override_pool(MsDevices *local, const char *pool)
{
    MsDevicesIter iter;
    const char *key;
    MsDevice *value;
    const char *root = NULL;
    guint roots = 0;

    /* the count decides, and with one root disk the name is the one: order-free */
    ms_devices_iter_init(&iter, local);
    while (ms_devices_iter_next(&iter, &key, &value))
        if (g_str_equal(ms_device_lookup_lit(value, "type") ?: "", "disk") &&
            g_str_equal(ms_device_lookup_lit(value, "path") ?: "", "/") &&
            ms_device_lookup_lit(value, "source") == NULL) {
            root = key;
            roots++;
        }
    /* two root disks: GetRootDiskDevice answers "" with an error lxc
     * ignores, so lxc writes a new "root" (shared/instance.go at lxd-5.0.2) */
    if (roots == 1) {
        ms_device_set(ms_devices_lookup(local, root), "pool", pool);
        return;
    }
    {
        MsDevice *device = ms_device_new();
        ms_device_set(device, "type", "disk");
        ms_device_set(device, "path", "/");
        ms_device_set(device, "pool", pool);
        ms_devices_set(local, "root", device);
    }
}

/* lxc copy --start: cobra's unknown flag where lxc lacks it (before 6.7,
 * every Incus); from lxd-6.7 lxc refuses it with --refresh before any
 * request (lxc/copy.go:107-108 at lxd-6.7, :108-109 at lxd-6.9), else asks
 * the server to start the copy (:194,233 at lxd-6.9; copy_start below).
 * FALSE when the line is answered. */
static gboolean
copy_start_flag(MsApply *apply)
{
    const MsOp *op = apply->op;

    if (!op->start)
        return TRUE;
    if (!ms_profile_has(apply->profile, MS_FEATURE_CLI_COPY_START)) {
        /* dead in lxd-6.7..6.9: their lxc has copy --start (lxc/copy.go:68 at lxd-6.9) */
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, "--start");
    }
    if (ms_apply_check(apply, MS_RULE_CLI_COPY_START_REFRESH, op->instance, op->refresh))
        return ms_apply_reject(apply, MS_RULE_CLI_COPY_START_REFRESH);
    return TRUE;
}

/* The start lxc copy --start asks for (req.Start, instance_create_start;
 * 6.7+ only): where the copy stays on the source's member, createFromCopy
 * ends with instanceCreateFinish, which starts it after the copy's revert
 * was released: a failed start leaves the copy, stopped, and its error
 * raw (lxd/instances_post.go:728-755 and :1955-1976 at lxd-6.9, :1825 at
 * lxd-6.7), as lxc launch's.  On another member with a local pool the copy
 * is a migration (clusterCopyContainerInternal, :1950) whose sink starts it
 * inside the operation's revert: a failed start is wrapped "Failed starting
 * instance %q: " and the copy's record is removed (CreateInternal's
 * cleanup in runRevert, :316-320, :370-393 at lxd-6.9; :382 at lxd-6.7).
 * A remote pool's copy to another member is moved there and started through
 * that member's API: not modelled.  FALSE when refused. */
static gboolean
copy_start(MsApply *apply, const MsInstance *source, const MsMember *member)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    gboolean migrated = !g_str_equal(member->name, source->location);
    MsInstance *created = ms_cluster_lookup_instance(cluster, op->new_name);
    g_autofree char *source_pool = ms_copy_root_pool_name(cluster, source);
    g_autofree char *copy_pool = ms_copy_root_pool_name(cluster, created);
    const MsPool *pools[] = { source_pool != NULL ? ms_cluster_lookup_pool(cluster, source_pool) : NULL,
                              copy_pool != NULL ? ms_cluster_lookup_pool(cluster, copy_pool) : NULL };
    g_auto(MsRejection) refusal = { 0 };

    if (migrated &&
        (pools[0] == NULL || pools[1] == NULL || ms_pool_is_remote(pools[0]) || ms_pool_is_remote(pools[1])))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc copy --start to another member "
                            "of an instance without a local root pool (the copy is moved, "
                            "then started through that member: lxd/instances_post.go:745, "
                            ":1962-1970 at lxd-6.9)",
                            apply->profile->name));
    if (ms_apply_check(apply, MS_RULE_COPY_START_ON_TARGET, op->new_name,
                       !ms_instance_start_check(cluster, apply->env, created, FALSE, &refusal))) {
        if (!migrated) {
            ms_instance_mark_hook_failed(apply, created, refusal.rule);
            return ms_apply_fail_rejection(apply, &refusal, TRUE);
        }
        ms_cluster_remove_instance(cluster, op->new_name);
        return ms_apply_fail(
            apply, refusal.rule, refusal.http_status, TRUE,
            ms_rule_message(MS_RULE_COPY_START_ON_TARGET, apply->profile, op->new_name, refusal.message));
    }
    ms_instance_mark_started(apply, created);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, op->new_name, NULL, member->name, NULL);
    return TRUE;
}

/* lxcCreate's ValidDevices on the copy's expanded devices, wrapped
 * "Failed creating instance record: Failed initialising instance: Invalid
 * devices: " (lxd/instance/drivers/driver_lxc.go:206-208 at lxd-5.0.2,
 * :178-180 at lxd-5.21.7, :170-172 at lxd-6.9): a source whose profile gives
 * it a device invalid for its type (WRAP.EXPANDED refuses its updates) is
 * not copied (seen live on 5.0.2, tools/live-random.py --gen 7 --seed 6121:
 * a profile's tpm without pathrm).  FALSE when refused. */
static gboolean
copy_validate_devices(MsApply *apply, const MsInstance *copy)
{
    g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(apply->cluster, copy);
    g_auto(MsRejection) refusal = { 0 };

    if (ms_apply_validate_devices_static(apply, copy, expanded, FALSE, MS_RULE_CREATE_ROOT_DETECT, &refusal))
        return TRUE;
    ms_apply_check(apply, MS_RULE_WRAP_CREATE, copy->name, TRUE);
    ms_apply_wrap_alternatives(apply, MS_RULE_WRAP_CREATE);
    return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                         ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message));
}

/* The type of a local device of @copy that the database does not know,
 * NULL when all are known.  APIToDevices walks the request's devices, a Go
 * map (lxd/db/devices.go APIToDevices at lxd-5.0.2), so with several unknown
 * types LXD names any one of them: the others go to the outcome's
 * alternatives, with a note. */
static const char *
copy_unknown_device_type(MsApply *apply, const MsInstance *copy)
{
    g_autofree const char **names = ms_devices_sorted_names(copy->devices);
    const char *named = NULL;
    const char *named_device = NULL;

    for (guint n = 0; names[n] != NULL; n++) {
        const char *key = names[n];
        const char *type = ms_device_lookup_lit(ms_devices_lookup(copy->devices, key), "type") ?: "";
        gboolean known = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS(db_device_types); i++)
            known = known || g_str_equal(type, db_device_types[i]);
        if (!ms_apply_check(apply, MS_RULE_CREATE_DEVICE_TYPE, key, !known))
            continue;
        if (named == NULL) {
            named = type;
            named_device = key;
        } else if (!g_str_equal(type, named)) {
            if (apply->outcome->alternatives == NULL)
                apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(apply->outcome->alternatives,
                            ms_rule_message(MS_RULE_CREATE_DEVICE_TYPE, apply->profile, type));
            ms_outcome_add_note(
                apply->outcome,
                "LXD reads the devices in Go map order: it may name the type of device \"%s\" "
                "(%s) instead of that of \"%s\"",
                key, type, named_device);
        }
    }
    return named;
}

/* The server's checks of a copy whose request lxc changed with -c/-d, in
 * CreateInternal's order (lxd/instance/instance_utils.go:799 ValidConfig,
 * :865 APIToDevices, :1004 Create at lxd-5.0.2), each wrapped as
 * "Failed creating instance record: " by createFromMigration
 * (lxd/instances_post.go:286) or instanceCreateAsCopy (lxd/instance.go:212
 * at lxd-5.0.2).  Seen on the live 5.0.2 cluster: -c bad.key=1 and -d of a
 * device the source lacks. */
static gboolean
copy_override_validate(MsApply *apply, const MsInstance *copy)
{
    g_autoptr(GHashTable) local_config = ms_instance_config_table(copy);
    g_autoptr(MsDevices) expanded = NULL;
    g_auto(MsRejection) refusal = { 0 };
    const char *unknown_type;
    MsDevicesIter iter;
    const char *key;
    MsDevice *value;

    if (!ms_instance_config_validate(apply->env, copy->type, local_config, copy->name, &refusal))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                             ms_apply_config_refusal(apply, &refusal, MS_CONFIG_TEXT_CREATE));
    if ((unknown_type = copy_unknown_device_type(apply, copy)) != NULL)
        return ms_apply_reject(apply, MS_RULE_CREATE_DEVICE_TYPE, unknown_type);
    if (!copy_validate_devices(apply, copy))
        return FALSE;
    expanded = ms_cluster_expand_devices(apply->cluster, copy);
    ms_devices_iter_init(&iter, expanded);
    while (ms_devices_iter_next(&iter, &key, &value))
        if (g_str_equal(ms_device_lookup_lit(value, "type") ?: "", "disk") &&
            g_str_equal(ms_device_lookup_lit(value, "path") ?: "", "/") &&
            ms_cluster_lookup_pool(apply->cluster, ms_device_lookup_lit(value, "pool")) == NULL)
            return copy_override_not_modelled(apply, "onto a root disk in a pool that does not exist");
    return TRUE;
}

/* Placement counts each member's instances plus its instance-creation
 * operation records, which LXD and Incus delete 5 s after the operation
 * ends (GetCandidateMembers, internal/server/db/node.go:1138-1143 and
 * GetInstancesCount includePending, internal/server/db/instances.go:1170-1185,
 * the 5 s wait at internal/server/operations/operations.go:249 at v6.0.4;
 * GetNodeWithLeastInstances, lxd/db/node.go:1118-1135 at lxd-5.0.2, :1117-1129 at
 * lxd-5.21.7, :1122-1134 at lxd-6.9; lxd/operations/operations.go:245 at
 * lxd-5.0.2, :278 at lxd-5.21.7, :479 at lxd-6.9).  Which records still
 * count depends on timing that migsim only estimates (ms-clock.c).  The
 * member placement picks when only @pivot's records count (@pivot_only) or
 * all but @pivot's do: ties to the lowest member ID, as the stable sort of
 * :1138 keeps GetNodes' ORDER BY id (node.go). */
static const MsMember *
copy_placement_if(const MsCluster *cluster, const char *project, const MsMember *pivot, gboolean pivot_only)
{
    g_autoptr(GPtrArray) candidates = ms_cluster_candidates_in(cluster, project, NULL, NULL);
    const MsMember *best = NULL;
    guint best_load = 0;

    for (guint i = 0; i < candidates->len; i++) {
        const MsMember *m = candidates->pdata[i];
        guint load = m->n_instances + ((m == pivot) == pivot_only ? m->n_op_records : 0);
        if (best == NULL || load < best_load) {
            best = m;
            best_load = load;
        }
    }
    return best;
}

/* An untargeted copy of a running container (no --stateless) copies
 * locally when placement picks the source's member and asks for a live
 * migration otherwise (createFromCopy, cmd/incusd/instances_post.go:497-531
 * at v6.0.4, :512-545 at v6.23.0; lxd/instances_post.go:418-441 at
 * lxd-5.0.2, :593-622 at lxd-5.21.7, :591-620 at lxd-6.9).  When records
 * whose expiry is a matter of timing decide between the two, name the
 * other outcome (seen on the live Incus 6.0.4 cluster: tools/live-random.py
 * --product incus --gen 6 --seed 6001, scenario 10, refused for lack of
 * CRIU where migsim's clock had kept both tied members' records). */
static void
copy_note_timing(MsApply *apply, const MsInstance *source, const MsMember *member, const char *live_text,
                 gboolean live_text_known)
{
    const MsCluster *cluster = apply->cluster;
    const MsMember *here = ms_cluster_lookup_member(cluster, source->location);
    const MsMember *other;

    if (cluster->op_records->len == 0 || here == NULL)
        return;
    if (g_str_equal(member->name, source->location)) {
        other = copy_placement_if(cluster, apply->op->project, member, TRUE);
        /* a member of the set replay accepts (MsOutcome.timing_errors);
         * seen live on 5.0.2: seed 31012 scenario 3 line 29 */
        if (other != NULL && other != member && live_text_known)
            ms_outcome_add_timing_error(apply->outcome, live_text);
        if (other != NULL && other != member)
            ms_outcome_add_note(
                apply->outcome,
                "timing: placement counted instance-creation operation records, deleted 5 s "
                "after their operation ends; had those on members other than %s expired "
                "first, the copy would go to %s and ask for a live migration of running %s: %s",
                member->name, other->name, source->name, live_text);
        return;
    }
    other = copy_placement_if(cluster, apply->op->project, here, FALSE);
    if (other == here)
        apply->outcome->timing_may_succeed = TRUE;
    if (other == here)
        ms_outcome_add_note(
            apply->outcome,
            "timing: placement counted instance-creation operation records, deleted 5 s after "
            "their operation ends; had %s's expired first, the copy would go to %s, the "
            "source's member, and be a local copy that succeeds",
            here->name, here->name);
}

/* The copy's request goes through AllowInstanceCreation as a create's
 * does, count limits and restrictions alike (instancesPost, whatever the
 * source type: lxd/instances_post.go:1101-1107 at lxd-5.0.2, :1457-1471 at
 * lxd-5.21.7, :1647-1661 at lxd-6.9; cmd/incusd/instances_post.go
 * :1150-1156 at v6.0.4), skipped where an untargeted create is
 * (PROJECT.CREATE_UNCHECKED).  Seen live on 5.0.2 (lane 2, 2026-12-06):
 * in a restricted project `lxc copy c2 c3 -c security.nesting=true
 * --target m2` refused with the create's text naming c3, the same copy
 * untargeted created on m3, and a later targeted copy refused naming that
 * copy.  A refresh of an existing instance posts there too, where the
 * existing one is counted: not modelled.  FALSE when refused. */
static gboolean
copy_allowed(MsApply *apply, const MsInstance *source, const MsMember *member, MsDevices *devices)
{
    const MsOp *op = apply->op;
    const char *dest = op->target_project != NULL ? op->target_project : source->project;
    gboolean counted = ms_project_has_count_limits(apply->cluster, dest) ||
                       ms_project_has_aggregate_limits(apply->cluster, dest);
    gboolean restricted = ms_project_restricted(ms_cluster_lookup_restricting_project(apply->cluster, dest));
    g_autoptr(MsInstance) request = NULL;

    if (!counted && !restricted)
        return TRUE;
    if (op->refresh && ms_cluster_lookup_instance(apply->cluster, op->new_name) != NULL)
        return ms_copy_refresh_not_modelled(
            apply, counted ? "of an existing instance in a project with a count or aggregate limit"
                           : "of an existing instance in a restricted project");
    /* what lxc sends: the source's (or the snapshot's) local config and
     * devices with -c/-d applied, its profiles */
    request = ms_instance_new(op->new_name, source->type, member != NULL ? member->name : source->location);
    request->project = g_strdup(source->project);
    ms_copy_fill(apply, source, request, op->refresh);
    ms_copy_project_place(apply, request);
    for (guint i = 0; i < source->profiles->len; i++)
        g_ptr_array_add(ms_instance_profiles_mut(request), g_strdup(source->profiles->pdata[i]));
    if (devices != NULL) {
        ms_devices_unref(request->devices);
        request->devices = ms_devices_ref(devices);
    }
    for (guint i = 0; i < op->keys->len; i++)
        ms_instance_set_config(request, op->keys->pdata[i], op->values->pdata[i]);
    return ms_apply_project_instance_create(apply, request, op->target != NULL);
}

/* From lxd-6.7 a copy of an instance on a remote pool, into any pool, is
 * made on the source's member and then moved to the one placement or
 * --target chose: instancesPost forwards it to the source's member (Case
 * 1a, lxd/instances_post.go:1686-1708 at lxd-6.9) and skips the forward to
 * the target (Case 2a, :1716: not with poolSupportsInternalCopy), so
 * createFromCopy runs there, its evacuated check on that member (:567-568),
 * and moveInstToTarget moves the copy after it was made (:666-689, :739;
 * the copy is kept when the move fails, revert.Success() at :731).  Absent
 * at lxd-6.6 (no Case 1a: the request is forwarded to the target, :1340,
 * whose createFromCopy copies there, :480-482); first at lxd-6.7 (Case 1a
 * :1553, createFromCopy :542-543, moveInstToTarget :676, :749). */
/* clang-format off */
static const MsReleases copy_made_at_source_member = MS_REL_SINCE_6(7);
/* clang-format on */

/* Whether this copy of @source is made on the source's member first. */
static gboolean
copy_made_at_source(const MsApply *apply, const MsInstance *source)
{
    /* whatever pool -s names: Case 1a asks only whether the source's pool
     * is remote (poolSupportsInternalCopy, lxd/instances_post.go:1670-1688
     * at lxd-6.9, :1537-1555 at lxd-6.7), and on the source's member
     * createFromCopy copies locally, its migration to another pool being
     * only for a copy run on another member (serverName !=
     * source.Location(), :591-601 at lxd-6.9, :566-576 at lxd-6.7).
     * Review revA, session 32: was only into the source's pool */
    return !ms_profile_is_incus(apply->profile) &&
           ms_releases_contain(&copy_made_at_source_member, apply->profile->version) &&
           ms_instance_root_pool_is_remote(apply->cluster, source);
}

/* The refusals of a copy made on the source's member (copy_made_at_source)
 * in place of the target's: createFromCopy's on that member.  An offline
 * member on the way is not modelled.  FALSE when refused. */
static gboolean
copy_refuse_at_source(MsApply *apply, const MsInstance *source, const MsMember *member)
{
    const MsMember *here = ms_cluster_lookup_member(apply->cluster, source->location);

    if (here == NULL || here->status == MS_MEMBER_OFFLINE || member->status == MS_MEMBER_OFFLINE)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc copy of %s (remote pool) with %s offline: "
                            "the copy is made on %s, then moved to %s (lxd/instances_post.go:1686-1708, "
                            ":666-690 at lxd-6.9)",
                            apply->profile->name, source->name,
                            here == NULL || here->status == MS_MEMBER_OFFLINE ? source->location
                                                                              : member->name,
                            source->location, member->name));
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.1..6.6: no Case 1a before lxd-6.7 (copy_made_at_source) */
    if (ms_apply_check(apply, MS_RULE_CREATE_EVACUATED, source->location,
                       here->status == MS_MEMBER_EVACUATED))
        return ms_apply_reject(apply, MS_RULE_CREATE_EVACUATED);
    return TRUE;
}

/* The member whose createFromCopy runs a refresh of @existing (NULL: a
 * refresh into a missing instance, or no refresh): from lxd-6.7
 * instancesPost takes the existing instance's member as the target,
 * whatever --target or the scheduler says (lxd/instances_post.go:1479-1494
 * at lxd-6.9, :1328-1348 at lxd-6.7), and forwards there (Case 2a, :1718
 * at lxd-6.9), or, the source's pool being remote, to the source's member
 * (Case 1a, :1688), so that member's evacuated check (:567-568) and
 * connection are the ones that count.  Review revA, session 32: migsim
 * checked --target's or the scheduler's member. */
static const MsMember *
refresh_placed_member(const MsApply *apply, const MsInstance *source, const MsInstance *existing,
                      const MsMember *member)
{
    const MsMember *placed;

    if (existing == NULL || ms_profile_is_incus(apply->profile) ||
        !ms_releases_contain(&copy_made_at_source_member, apply->profile->version))
        return member;
    placed = ms_cluster_lookup_member(apply->cluster, ms_instance_root_pool_is_remote(apply->cluster, source)
                                                          ? source->location
                                                          : existing->location);
    return placed != NULL ? placed : member;
}

/* Is a failure or a hang injected into the migrations of @name? */
static gboolean
migration_fault_injected(const MsCluster *cluster, const char *name)
{
    static const char *const kinds[] = { "migrate", "migrate-dest", "hang" };

    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (ms_cluster_injected(cluster, kinds[i], name) != NULL)
            return TRUE;
    return FALSE;
}

/* A live copy whose source member has CRIU (`host-has SRC criu`): the
 * copy's member made the record (CreateInternal), then its migration sink
 * looks for CRIU and refuses without it, the record reverted
 * (createFromMigration, lxd/instances_post.go:284,337-340 at lxd-5.0.2;
 * COPY.CT_LIVE_DEST); with CRIU there the dump follows: not modelled.
 * Always FALSE. */
static gboolean
copy_sink_criu(MsApply *apply, const MsMember *member)
{
    const MsOp *op = apply->op;
    g_autofree char *what =
        g_strdup_printf("a live copy of the running container %s to %s", op->instance, member->name);
    char *unknown = ms_apply_criu_sink_unknown(apply, member, MS_RULE_COPY_CT_LIVE_DEST, op->new_name, what);

    ms_cluster_remove_instance(apply->cluster, op->new_name);
    if (unknown != NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE, unknown);
    ms_apply_check(apply, MS_RULE_COPY_CT_LIVE_DEST, op->new_name, TRUE);
    return ms_apply_reject(apply, MS_RULE_COPY_CT_LIVE_DEST);
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
    g_autoptr(MsDevices) expanded = NULL;
    g_autoptr(MsDevices) devices = NULL;
    gboolean overrides = op->keys->len > 0 || op->device_overrides != NULL || op->pool != NULL;
    gboolean name_check_first = ms_profile_has(apply->profile, MS_FEATURE_CREATE_NAME_CHECK_SYNC);
    const char *dest_project;
    MsMember *member;
    const MsMember *made_on;
    gboolean at_source;
    gboolean sink_criu = FALSE;

    if (!copy_start_flag(apply))
        return FALSE;
    if (source == NULL)
        return FALSE;
    /* a refresh of an existing instance is placed on its member
     * (ms_copy_refresh_existing) */
    at_source = copy_made_at_source(apply, source) &&
                !(op->refresh && ms_cluster_lookup_instance(cluster, op->new_name) != NULL);
    if (!ms_copy_project_modelled(apply, source))
        return FALSE;
    dest_project = op->target_project != NULL ? op->target_project : op->project;
    /* lxc refuses --refresh from a snapshot before fetching it
     * (lxc/copy.go:164-166 at lxd-5.0.2, :180-182 at lxd-5.21.7, :197-199
     * at lxd-6.9) */
    if (op->refresh && op->snapshot != NULL &&
        ms_apply_check(apply, MS_RULE_CLI_COPY_REFRESH_SNAPSHOT, op->instance, TRUE))
        return ms_apply_reject(apply, MS_RULE_CLI_COPY_REFRESH_SNAPSHOT);
    if (op->snapshot != NULL && ms_apply_check(apply, MS_RULE_SNAPSHOT_NOT_FOUND, op->instance,
                                               !ms_instance_list_find(source->snapshots, op->snapshot, NULL)))
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_NOT_FOUND, op->snapshot, op->instance,
                               ms_project_display(op->project));
    /* -c/-d: lxc changes the request it fetched before sending it */
    if (overrides) {
        const MsInstanceSnapshot *record =
            op->snapshot != NULL ? ms_instance_lookup_snapshot(source, op->snapshot) : NULL;

        for (guint i = 0; i < op->keys->len; i++)
            if (g_str_has_prefix(op->keys->pdata[i], "volatile."))
                return copy_override_not_modelled(apply, "of a volatile key");
        devices = ms_devices_copy(record != NULL ? record->devices : source->devices);
        if (!copy_override_devices(apply, source, devices))
            return FALSE;
        /* --refresh into a missing instance is a plain copy of what lxc
         * sends (below); into an existing one lxc's -c keys reach its
         * Update (ms_copy_refresh_existing), its -d and -s devices too, whose
         * Update checks (and, until 6.7, which root pool lxc keeps:
         * lxc/copy.go:420-425 at lxd-5.21.7) are not read */
        if (op->refresh && (op->device_overrides != NULL || op->pool != NULL) &&
            ms_cluster_lookup_instance(cluster, op->new_name) != NULL &&
            (op->device_overrides != NULL || apply->profile->version != MS_VERSION(5, 0, 2) ||
             ms_profile_is_incus(apply->profile)))
            return copy_override_not_modelled(apply, "with --refresh of an existing instance (-d, -s)");
        if (op->pool != NULL)
            copy_override_pool(devices, op->pool);
    }
    if (op->target != NULL) {
        /* the request's project: its targeting restriction, then the
         * member, then restricted.cluster.groups (lxd/instances_post.go
         * :872-911 at lxd-5.0.2), as for lxc init */
        ms_apply_project_targeting(apply, dest_project);
        member = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target);
        if (!ms_apply_project_member(apply, dest_project, member))
            return FALSE;
        if (!ms_apply_placement_scriptlet(apply, op->new_name, "new instance", TRUE))
            return FALSE;
    } else {
        member = ms_cluster_pick_member_in(cluster, dest_project, NULL, NULL);
        if (!ms_apply_placement_scriptlet(apply, op->new_name, "new instance", FALSE))
            return FALSE;
        /* no candidate: refused after the name check below */
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
    /* Incus 6.0.5+ and 6.16+: the name in use before the limits (not for a refresh) */
    if (!op->refresh && ms_apply_incus_duplicate_refused(apply, op->new_name, dest_project))
        return FALSE;
    /* lxd-6.7 and 6.8 load the refresh target after CheckTarget and fail
     * when it is missing ("Failed loading target instance %q: %w",
     * lxd/instances_post.go:1332-1336 at lxd-6.7, :1439-1443 at lxd-6.8;
     * lxd-6.9 copies instead, :1484-1488).  Review revA, session 32: the
     * wrapped text is read, not seen live, and migsim has no rule for it:
     * not modelled rather than a plain copy */
    if (op->refresh && !ms_profile_is_incus(apply->profile) &&
        apply->profile->version >= MS_VERSION(6, 7, 0) && apply->profile->version < MS_VERSION(6, 9, 0) &&
        ms_cluster_lookup_instance(cluster, op->new_name) == NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc copy --refresh into a missing instance: "
                            "instancesPost loads the refresh target and fails ('Failed loading target "
                            "instance \"%s\": ...', lxd/instances_post.go:1439-1443 at lxd-6.8)",
                            apply->profile->name, op->new_name));
    /* the copy is an instance create: instancesPost validates the name after
     * the target (instances_post.go:1116 at lxd-5.0.2, :1407 at lxd-5.21.7,
     * :1590 at lxd-6.9), then forwards it to --target's member (:1142 at
     * lxd-5.0.2, :1526 at lxd-5.21.7, :1718 at lxd-6.9), whose createFromCopy
     * starts the migration */
    /* AllowInstanceCreation before the name is validated up to 5.21.4 and
     * 6.5, after it from 5.21.5 and 6.6 (MS_FEATURE_CREATE_NAME_CHECK_SYNC;
     * lxd/instances_post.go:1281 then :1293 at lxd-5.21.4, :1336 then :1396
     * at lxd-5.21.5; as for lxc init: ms-instance-create.c) */
    if (!name_check_first && !copy_allowed(apply, source, member, devices))
        return FALSE;
    {
        g_autofree char *invalid = ms_name_check(MS_NAME_INSTANCE, op->new_name, apply->profile);
        if (ms_apply_check(apply, MS_RULE_NAME_INSTANCE, op->new_name, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_INSTANCE, 400, FALSE, g_steal_pointer(&invalid));
    }
    /* the scheduler's pick follows the name check (GetNodeWithLeastInstances,
     * instances_post.go:1125 at lxd-5.0.2; Incus cmd/incusd/instances_post.go
     * :1205 after :1161 at v6.0.4): was refused before it.  From 5.21.5 it
     * follows AllowInstanceCreation too (:1396 then :1441 at lxd-5.21.5,
     * :1467 then :1511 at lxd-5.21.7); from 6.6 the pick is made in the
     * transaction before it (:1641 then :1657 at lxd-6.9).  Was after it
     * at every release from 5.21.5. */
    if (name_check_first && !ms_apply_pick_precedes_limits(apply) &&
        !copy_allowed(apply, source, member, devices))
        return FALSE;
    if (op->target == NULL && ms_apply_check(apply, MS_RULE_CREATE_NO_MEMBER, op->new_name, member == NULL))
        return ms_apply_reject(apply, MS_RULE_CREATE_NO_MEMBER);
    if (name_check_first && ms_apply_pick_precedes_limits(apply) &&
        !copy_allowed(apply, source, member, devices))
        return FALSE;
    /* --target's member refuses last: its connection when offline (the
     * forward, :1142 at lxd-5.0.2, :1536 at lxd-5.21.7, :1718 at lxd-6.9),
     * then createFromCopy on an evacuated member (:388, :486, :568).  The
     * evacuated member was refused with the target lookup, before the
     * name (seen live on 5.0.2 for lxc launch, seed 31003). */
    if (at_source) {
        if (!copy_refuse_at_source(apply, source, member))
            return FALSE;
    } else if (!ms_apply_refuse_create_at_target(
                   apply,
                   refresh_placed_member(
                       apply, source, op->refresh ? ms_cluster_lookup_instance(cluster, op->new_name) : NULL,
                       member))) {
        return FALSE;
    }
    /* then createFromCopy, there, checks the snapshots in the target
     * project (5.0.9, 5.21.6+) */
    if (op->target_project != NULL && !ms_apply_project_copy_snapshots_in(apply, source, op->target_project))
        return FALSE;
    if (!ms_copy_project_member(apply, source, member))
        return FALSE;
    ms_apply_project_limits_note(apply, op->project, TRUE);
    /* a copy to another member migrates from the source's member
     * (clusterCopyContainerInternal, lxd/instances_post.go:1641-1718 at
     * lxd-5.21.7): how it fails where an injected migration failure would
     * is not read, so the step says so instead of ignoring the fault */
    if (!g_str_equal(member->name, source->location) && migration_fault_injected(cluster, source->name))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc copy of %s to another member while "
                            "the scenario injects a migration failure (fault migration) for it",
                            apply->profile->name, source->name));
    /* lxc copy asks for a live copy of a running instance unless
     * --stateless (lxc/copy.go:460, client/lxd_instances.go CopyInstance),
     * whether the member is --target's or the scheduler's: the create is
     * forwarded to that member, whose createFromCopy migrates from the
     * source's member (lxd/instances_post.go:415-441, :1121-1156 at
     * lxd-5.0.2; seen live by tools/live-random.py, seed 101) */
    /* --refresh asks for no live copy: stateful = !stateless && !refresh
     * (lxc/copy.go:460 at lxd-5.0.2, :495 at lxd-5.21.7, :477 at lxd-6.9) */
    if (op->snapshot == NULL && source->type == MS_INSTANCE_CONTAINER &&
        source->status == MS_INSTANCE_RUNNING && !op->stateless && !op->refresh && op->target == NULL)
        copy_note_timing(apply, source, member,
                         ms_rule_applies(MS_RULE_COPY_CT_LIVE, apply->profile)
                             ? ms_rule_format(MS_RULE_COPY_CT_LIVE, apply->profile)
                             : "not modelled (needs CRIU; the error path is not audited)",
                         ms_rule_applies(MS_RULE_COPY_CT_LIVE, apply->profile));
    if (op->snapshot == NULL && source->type == MS_INSTANCE_CONTAINER &&
        source->status == MS_INSTANCE_RUNNING && !op->stateless && !op->refresh &&
        !g_str_equal(member->name, source->location)) {
        if (ms_rule_applies(MS_RULE_COPY_CT_LIVE, apply->profile)) {
            /* the source member's CRIU decides (migration source's
             * LookPath, lxd/migrate_instance.go at lxd-5.0.2): assumed
             * absent where not declared (ms_apply_note_criu_assumed) */
            const MsMember *holder = ms_cluster_lookup_member(apply->cluster, source->location);

            /* with CRIU on the source, its migration source is set up and
             * the copy's member creates the record, then its sink checks
             * its own CRIU (copy_sink_criu, after CreateInternal) */
            sink_criu = ms_member_criu_runs(holder, MS_RULE_COPY_CT_LIVE, apply->profile);
            if (!sink_criu) {
                ms_apply_note_criu_assumed(apply, holder, source->name, source->location,
                                           MS_RULE_COPY_CT_LIVE);
                if (ms_apply_check(apply, MS_RULE_COPY_CT_LIVE, op->instance, TRUE))
                    return ms_apply_reject(apply, MS_RULE_COPY_CT_LIVE);
            }
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
            return ms_copy_refresh_existing(apply, source, existing, member, devices);
    }
    /* LXD looks the name up in the destination project only
     * (instancesPost's LoadInstanceFromDB of targetProjectName,
     * lxd/instances_post.go:1419 at lxd-5.21.7); migsim keeps names unique
     * across projects, so a copy named as an instance of another project
     * is not modelled (LXD #11787's `lxc copy c1 c1 --target-project P`),
     * as for lxc init (ms-instance-create.c) */
    {
        const MsInstance *other = ms_cluster_lookup_instance(cluster, op->new_name);

        if (other != NULL && !ms_project_same(other->project, dest_project))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: an instance name in two projects is not modelled "
                                                 "(%s exists in project %s; LXD would create the copy in %s)",
                                                 op->new_name, ms_project_display(other->project),
                                                 ms_project_display(dest_project)));
    }
    if (ms_apply_check(apply, MS_RULE_CREATE_DUPLICATE, op->new_name,
                       ms_cluster_lookup_instance(cluster, op->new_name) != NULL))
        return ms_apply_reject(apply, MS_RULE_CREATE_DUPLICATE, op->new_name);

    /* made on the source's member, moved from there: an evacuated target
     * refuses only the move */
    made_on = at_source && member->status == MS_MEMBER_EVACUATED
                  ? ms_cluster_lookup_member(cluster, source->location)
                  : member;
    copy = ms_instance_new(op->new_name, source->type, made_on->name);
    copy->project = g_strdup(source->project);
    copy_config_and_devices(apply, source, copy, op->refresh);
    copy->state_dir_left = ms_copy_state_dir_copied(apply, source);
    ms_copy_project_place(apply, copy);
    /* the volatile keys a --refresh request carries (ms_copy_fill) are
     * stripped by instancesPost's AllowInstanceCreation where the project
     * has limits or restrictions, for any "copy" (lxd/project/
     * permissions.go:69-80,163-225 at lxd-5.0.2; lxd/project/limits/
     * permissions.go:101-102 at lxd-5.21.7, :106-107,197-245 at lxd-6.9;
     * internal/server/project/permissions.go:96-105,191-237 at Incus
     * v6.0.4); createFromCopy then adds back volatile.last_state.idmap on
     * the source's member (lxd/instances_post.go:452-462 at lxd-5.0.2,
     * cmd/incusd/instances_post.go:541-552 at v6.0.4).  migsim kept them
     * all (review s38-revB, the family of the Incus moves' copies) */
    if (op->refresh)
        ms_migrate_strip_unsafe_volatile(
            apply, copy,
            g_strcmp0(copy->location, source->location) == 0 ? "volatile.last_state.idmap" : NULL);
    for (guint i = 0; i < source->profiles->len; i++)
        g_ptr_array_add(ms_instance_profiles_mut(copy), g_strdup(source->profiles->pdata[i]));
    /* each snapshot is copied with its own config and devices
     * (instanceCreateAsCopy, lxd/instance.go:291,331 at lxd-5.0.2, :368,408
     * at lxd-6.9) */
    if (op->snapshot == NULL && !op->instance_only)
        ms_copy_snapshots(source, copy);

    if (overrides) {
        ms_devices_unref(copy->devices);
        copy->devices = g_steal_pointer(&devices);
        for (guint i = 0; i < op->keys->len; i++)
            ms_instance_set_config(copy, op->keys->pdata[i], op->values->pdata[i]);
        if (!copy_override_validate(apply, copy))
            return FALSE;
    } else if (!copy_validate_devices(apply, copy)) {
        return FALSE;
    }

    ms_copy_align_snapshot_roots(cluster, source, copy);
    expanded = ms_cluster_expand_devices(cluster, copy);
    names = ms_devices_sorted(expanded);
    if (!ms_apply_add_instance_record(apply, g_steal_pointer(&copy), names, made_on))
        return FALSE;
    if (sink_criu)
        return copy_sink_criu(apply, member);
    /* moveInstToTarget's move, refused by instancePostClusteringMigrate
     * (lxd/instance_post.go:764-766 at lxd-6.9); the copy stays on the
     * source's member */
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.1..6.6: no moveInstToTarget before lxd-6.7 (copy_made_at_source) */
    if (made_on != member && ms_apply_check(apply, MS_RULE_MOVE_DEST_EVACUATED, op->new_name, TRUE))
        return ms_apply_reject(apply, MS_RULE_MOVE_DEST_EVACUATED);
    return !op->start || copy_start(apply, source, member);
}
