/* migsim: lxc restore INSTANCE SNAPSHOT [--stateful] (lxc/restore.go: one
 * PUT /1.0/instances/NAME {"restore": "NAME/SNAPSHOT", "stateful": ...}, no
 * read first, no wrapping of the error).  The server runs it as an
 * operation: instanceSnapRestore (lxd/instance_put.go:184 at lxd-5.0.2,
 * :217 at lxd-5.21.7, :211 at lxd-6.9) loads the snapshot, then the driver's
 * Restore stops a running instance, restores its root disk and config and
 * starts it again (driver_lxc.go:3381 at lxd-5.0.2, :3575 at lxd-5.21.7,
 * :3377 at lxd-6.9).  No evacuated-member check: an instance left on an
 * evacuated member is restored like any other.  Also lxc snapshot
 * (ms_apply_snapshot, moved from ms-instance-ops.c). */
#include "ms-apply-private.h"
#include "ms-names.h"

#include <string.h>

/* the snapshot was not taken in this run (a state file or an import): its
 * config and devices are not known */
#define CONFIG_NOT_MODELLED                                                                   \
    "not modelled: the snapshot's config and devices, which LXD restores with the root disk " \
    "(the snapshot was not taken in this run); the instance keeps its current ones"

/* every device of @devices is in @current with the same config */
static gboolean
devices_within(MsDevices *devices, MsDevices *current)
{
    MsDevicesIter iter;
    const char *name;
    MsDevice *device;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, &device)) {
        MsDevice *now = ms_devices_lookup(current, name);
        if (now == NULL || !ms_device_equal(device, now))
            return FALSE;
    }
    return TRUE;
}

/* The config step of the driver's Restore: Update with the snapshot's
 * LocalConfig and LocalDevices (driver_lxc.go:3492-3507 at lxd-5.0.2,
 * :3692-3706 at lxd-5.21.7; restoreCommon driver_common.go:1227-1253 at
 * lxd-6.9); the profiles stay the instance's (a snapshot has none of its
 * own).  FALSE when the snapshot's are not known. */
static gboolean
restore_config(MsApply *apply, MsInstance *instance, const char *snapshot)
{
    const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(instance, snapshot);

    if (record == NULL) {
        ms_outcome_add_note(apply->outcome, CONFIG_NOT_MODELLED);
        return FALSE;
    }
    ms_cluster_replace_instance_config(apply->cluster, instance, ms_config_map_to_table(record->config));
    if (record->devices != instance->devices) {
        /* Update(args, false) validates the devices it adds or changes
         * again (driver_lxc.go:3914 at lxd-5.0.2), which migsim does not
         * follow here; removing one needs no check */
        if (!devices_within(record->devices, instance->devices))
            ms_outcome_add_note(apply->outcome,
                                "not modelled: the validation of the snapshot's devices, which LXD "
                                "checks again when it restores them; taken as valid");
        ms_cluster_volume_users_changed(apply->cluster);
        ms_devices_unref(instance->devices);
        instance->devices = ms_devices_ref(record->devices);
        instance->devices_shared = TRUE;
    }
    return TRUE;
}

/* lxc restore --disk-volumes MODE exists from lxd-6.6 (lxc/restore.go:36
 * at lxd-6.6, :33 at lxd-6.9; absent at lxd-6.5, lxd-5.21.7 and in Incus):
 * an older lxc refuses the flag (cobra) before any request.  Every mode but
 * "all-exclusive" restores only the root disk, as without the flag: the
 * server does not check the value (instanceSnapRestore, lxd/instance_put.go
 * :252-260 at lxd-6.9; restoreCommon, driver_common.go:1164 at lxd-6.9).
 * lxc snapshot --disk-volumes MODE alike (lxc/snapshot.go:48,128 at
 * lxd-6.6; absent at lxd-6.5, lxd-5.21.7): every mode but "all-exclusive"
 * snapshots the root disk only, the value not checked (instanceSnapshotsPost,
 * lxd/instance_snapshot.go:331 at lxd-6.6, :319 at lxd-6.9; snapshotCommon,
 * driver_common.go:954 at lxd-6.9).  FALSE when refused or not modelled. */
static gboolean
disk_volumes_known(MsApply *apply)
{
    const char *mode = apply->op->disk_volumes;
    gboolean lxc_has_flag =
        !ms_profile_is_incus(apply->profile) && apply->profile->version >= MS_VERSION(6, 6, 0);

    if (mode == NULL || lxc_has_flag)
        return TRUE;
    if (ms_profile_is_incus(apply->profile))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: incus %s --disk-volumes", apply->profile->name,
                            apply->op->kind == MS_OP_SNAPSHOT ? "snapshot create" : "snapshot restore"));
    /* dead in lxd-6.6..6.9: their lxc has restore --disk-volumes (lxc/restore.go:33 at lxd-6.9) */
    ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, apply->op->instance, TRUE);
    return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, "--disk-volumes");
}

/* The driver of the pool of @instance's root disk; NULL when it has none. */
static const char *
instance_root_driver(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    MsDevice *root = ms_cluster_devices_root_disk(cluster, devices);
    const MsPool *pool =
        root != NULL ? ms_cluster_lookup_pool(cluster, ms_device_lookup_lit(root, "pool") ?: "") : NULL;

    return pool != NULL ? pool->driver : NULL;
}

gboolean
ms_apply_snapshot_restore(MsApply *apply)
{
    /* clang-format off */
    /* from lxd-6.6 a container's stateful restore is refused before anything
     * (driver_lxc.go:3394 at lxd-6.6, :3379 at lxd-6.9) */
    static const MsReleases refused_first = MS_REL_SINCE_6(6);
    /* clang-format on */
    const MsOp *op = apply->op;
    MsInstance *instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    const char *slash = strchr(op->snapshot, '/');
    g_autofree char *full =
        slash != NULL ? g_strdup(op->snapshot) : g_strdup_printf("%s/%s", op->instance, op->snapshot);
    const char *snapshot = slash != NULL ? slash + 1 : op->snapshot;
    MsInstance *owner = instance;
    gboolean ct_stateful, first, was_running, known = FALSE;

    if (!disk_volumes_known(apply))
        return FALSE;
    if (instance == NULL)
        return FALSE;
    /* SNAPSHOT may name another instance's snapshot, "OTHER/SNAP", which
     * LXD loads as it is (lxc/restore.go:63 at lxd-5.0.2) */
    if (slash != NULL) {
        g_autofree char *name = g_strndup(op->snapshot, slash - op->snapshot);
        owner = ms_cluster_lookup_project_instance(apply->cluster, op->project, name);
    }
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_RESTORE_NOT_FOUND, full,
                       owner == NULL || !ms_instance_list_find(owner->snapshots, snapshot, NULL)))
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_RESTORE_NOT_FOUND, full);
    /* the snapshot's config goes through AllowInstanceUpdate once the
     * snapshot is loaded (lxd/instance_put.go:255-259 at lxd-5.21.7) */
    if (!ms_apply_project_unchecked(apply, instance->project, "lxc restore",
                                    "AllowInstanceUpdate, lxd/instance_put.go:258 at lxd-5.21.7") ||
        !ms_apply_project_aggregate_restore(apply, instance))
        return FALSE;
    /* LXD restores the target's own volume snapshot of that name with the
     * other instance's config (backend_lxd.go:2823-2851 at lxd-5.0.2), which
     * fails or not by pool and member: not followed */
    /* "all-exclusive" also restores the snapshots of the exclusively
     * attached custom volumes that volatile.attached_volumes of the snapshot
     * names (restoreCommon, resolveRestoreSnapshots, driver_common.go
     * :1164-1169,1279-1340 at lxd-6.9), which migsim does not record */
    if (op->disk_volumes != NULL && g_str_equal(op->disk_volumes, "all-exclusive"))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc restore --disk-volumes=all-exclusive "
                            "(snapshots of the attached custom volumes)",
                            apply->profile->name));
    if (owner != instance)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc restore from a snapshot of "
                                             "another instance (%s)",
                                             apply->profile->name, op->snapshot));
    /* on zfs a snapshot with later ones is restored only when
     * zfs.remove_snapshots allows deleting them, and not past the internal
     * snapshot a copy left (RestoreVolume, driver_zfs_volumes.go:2572-2607
     * at lxd-5.0.2, :3370 at lxd-6.5, :3844 at lxd-6.9); the deletion then
     * fails on clones of those snapshots (LXD #16441): the dataset's
     * snapshots, clones and the volume's config are not modelled */
    if (!g_str_equal(instance->snapshots->pdata[instance->snapshots->len - 1], snapshot) &&
        g_strcmp0(instance_root_driver(apply->cluster, instance), "zfs") == 0)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc restore on zfs of a snapshot "
                                             "that has later ones (zfs.remove_snapshots, the internal "
                                             "snapshots of copies and clones decide; LXD #16441)",
                                             apply->profile->name));
    /* a VM is started with the saved state after the restore
     * (driver_qemu.go:4250-4259 at lxd-5.0.2), which needs
     * migration.stateful and a stateful snapshot: not followed */
    if (op->stateful && instance->type == MS_INSTANCE_VM)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc restore --stateful of a "
                                             "virtual machine (its stateful start after the restore)",
                                             apply->profile->name));
    /* A container snapshot is never stateful in migsim: lxc snapshot
     * --stateful of a container is refused (SNAPSHOT.CT_STATEFUL, no CRIU).
     * Before lxd-6.6 the check comes after the instance was stopped and its
     * disk and config restored, and it is not started again. */
    ct_stateful = op->stateful && instance->type == MS_INSTANCE_CONTAINER;
    first = ct_stateful && ms_releases_contain(&refused_first, apply->profile->version);
    was_running = instance->status == MS_INSTANCE_RUNNING;
    /* Restore stops a running container with Stop(false), which removes a
     * state directory, then refuses a stopped one that holds it before it
     * touches the disk (driver_lxc.go:3393-3425, :2604-2605, :3470-3474 at
     * lxd-5.0.2; :3667-3671 at lxd-5.21.7).  Seen live on 5.0.2 after a
     * live move refused for CRIU and a plain stop (tools/live-random.py
     * --gen 19 --seed 19002, scenario 0 line 30). */
    if (!first && instance->type == MS_INSTANCE_CONTAINER) {
        if (was_running)
            instance->state_dir_left = FALSE;
        /* with CRIU the LookPath passes and the restore goes on with a
         * state directory in the volume (:3478-3540): not followed */
        if (instance->state_dir_left &&
            ms_apply_criu_runs(apply, ms_cluster_lookup_member(apply->cluster, instance->location),
                               MS_RULE_SNAPSHOT_RESTORE_CRIU_STATE,
                               "lxc restore of a container holding a state directory"))
            return FALSE;
        if (ms_apply_check(apply, MS_RULE_SNAPSHOT_RESTORE_CRIU_STATE, op->instance,
                           instance->state_dir_left)) {
            instance->restore_mount_leaked = TRUE;
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_RESTORE_CRIU_STATE);
        }
        /* the check comes before the unmount that meets the reference */
        if (instance->restore_mount_leaked)
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: lxc restore of %s after a "
                                                 "restore refused for its state directory, which left the "
                                                 "volume's mount reference taken (live 5.0.2 on dir: "
                                                 "\"In use\")",
                                                 apply->profile->name, instance->name));
    }
    if (!first) {
        /* a running instance is stopped first (its onStop writes
         * volatile.last_state.power=STOPPED), then the config becomes the
         * snapshot's, last_state.power included (driver_common.go:994 at
         * lxd-5.0.2 records it when the snapshot is taken) */
        if (was_running)
            ms_instance_mark_stopped(instance);
        known = restore_config(apply, instance, snapshot);
    }
    if (!first) {
        /* the volume is now the snapshot's, its state directory too */
        const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(instance, snapshot);

        instance->state_dir_left = record != NULL && record->state_dir;
        /* a stateful restore then finds a state and asks CRIU to restore
         * it (driver_lxc.go:3514-3538, Migrate's LookPath :4966-4968 at
         * lxd-5.0.2; :3713-3738 at lxd-5.21.7): refused where the member is
         * declared without CRIU (SNAPSHOT.RESTORE_STATEFUL_CRIU; live 5.0.2,
         * the lead's round of session 36), the container left stopped with
         * the snapshot's config and its state directory; an undeclared
         * member is assumed without CRIU (ms_apply_note_criu_assumed);
         * where the rule has no text, CRIU's restore decides: not modelled */
        if (ct_stateful && instance->state_dir_left) {
            const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

            if (!ms_rule_applies(MS_RULE_SNAPSHOT_RESTORE_STATEFUL_CRIU, apply->profile))
                return ms_apply_fail(
                    apply, MS_RULE_NONE, 0, FALSE,
                    g_strdup_printf("migsim: not modelled for %s: lxc restore --stateful of a "
                                    "snapshot holding a state directory (CRIU's restore, not read "
                                    "for this release)",
                                    apply->profile->name));
            /* with CRIU: Restore's MIGRATE_RESTORE (:3521-3538) */
            if (ms_apply_criu_runs(apply, member, MS_RULE_SNAPSHOT_RESTORE_STATEFUL_CRIU,
                                   "lxc restore --stateful of a snapshot holding a state directory"))
                return FALSE;
            ms_apply_note_criu_assumed(apply, member, op->instance, instance->location,
                                       MS_RULE_SNAPSHOT_RESTORE_STATEFUL_CRIU);
            ms_apply_check(apply, MS_RULE_SNAPSHOT_RESTORE_STATEFUL_CRIU, op->instance, TRUE);
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_RESTORE_STATEFUL_CRIU);
        }
    }
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_RESTORE_STATELESS, op->instance, ct_stateful)) {
        /* stopped and not started again */
        if (!first && was_running && !known)
            ms_outcome_add_note(apply->outcome,
                                "not modelled: volatile.last_state.power is now the snapshot's (the "
                                "snapshot was not taken in this run); migsim takes it as STOPPED");
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_RESTORE_STATELESS);
    }
    /* a saved state is dropped (d.stateful = stateful, then a stateful
     * restore starts the instance: driver_qemu.go:5484-5490 at lxd-5.21.7) */
    instance->stateful = FALSE;
    /* started again (driver_lxc.go:3558-3566 at lxd-5.0.2) */
    if (was_running)
        ms_instance_mark_started(apply, instance);
    return TRUE;
}

/* ---- lxc delete NAME/SNAP, lxc rename NAME/SNAP NAME/NEW ---- */

/* The instance and snapshot named by "PARENT/SNAP", or NULL after the
 * server's 404 from instanceSnapshotHandler, which lxc's DELETE (lxc
 * delete) and POST (lxc move/rename) of the snapshot both reach: the
 * parent's member is looked up first ("Instance not found",
 * forwardedResponseIfInstanceIsRemote -> GetNodeAddressOfInstance,
 * lxd/instance_snapshot.go:355 + lxd/db/instances.go:61 at lxd-5.0.2;
 * :383 + :95-150 at lxd-5.21.7; :371 + :150 at lxd-6.9, the snapshot not
 * in the query: instName alone), then the snapshot is loaded
 * (LoadInstanceDatabaseObject, SNAPSHOT.NOT_FOUND: instance_snapshot.go:369
 * at lxd-5.0.2, :391 at lxd-5.21.7, :380 at lxd-6.9).  Seen on the live
 * 5.0.2 cluster: the server's answer to nope3/s1 is "Instance not found"
 * (tools/live-random.py --gen 13 --seed 13001, scenario 2); lxc delete
 * wraps it (CLI.DELETE_SNAPSHOT_EXISTS_WRAP, model/ms-client.c).  The text
 * names the request's project (live 5.0.2: lxc move C/s1 C/rs1 --project P,
 * gen 16 seed 16002 scenario 8 line 34: "... in project "P": InstanceSnapshot
 * not found"; migsim said "not modelled" outside default).  A missing
 * parent under Incus: "not modelled". */
static MsInstance *
snapshot_parent(MsApply *apply, const char *full, const char **snapshot)
{
    const char *slash = strchr(full, '/');
    g_autofree char *parent = g_strndup(full, slash - full);
    MsInstance *instance = ms_cluster_lookup_project_instance(apply->cluster, apply->op->project, parent);
    gboolean answered = !ms_profile_is_incus(apply->profile);

    *snapshot = slash + 1;
    /* the parent's member found, the request is forwarded to it before the
     * snapshot is loaded, at every tag lxd-5.0.0 .. lxd-6.9
     * (instanceSnapshotHandler: forwardedResponseIfInstanceIsRemote at
     * lxd/instance_snapshot.go:355 before the load at :369 at lxd-5.0.2,
     * :382/:391 at lxd-5.21.7, :371/:380 at lxd-6.9; Incus
     * cmd/incusd/instance_snapshot.go:386/:400 at v7.3.0): with the
     * parent's member offline, lxc's GET of the snapshot (lxc delete) or its
     * POST (lxc move/rename) fails as any request about the instance does */
    if (instance != NULL && ms_apply_forward_refused(apply, parent, instance->location))
        return NULL;
    if (instance != NULL && ms_instance_list_find(instance->snapshots, *snapshot, NULL))
        return instance;
    if (answered && ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, parent, instance == NULL)) {
        ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
        return NULL;
    }
    /* Incus, the parent there: the snapshot's load fails as LXD's does
     * (internal/server/instance/instance_utils.go:329 at v6.0.4), whether
     * incus move POSTs the rename or incus delete first reads the
     * snapshot; seen on the live 6.0.4 cluster: incus move C/s0 C/n2
     * (tools/live-random.py --gen 13 seed 113).  A missing parent is not
     * read for incus move (cmd/incusd/instance_post.go:95-96 refuses a
     * snapshot name, yet the live answer came from the snapshot's load). */
    if (ms_profile_is_incus(apply->profile) && instance != NULL &&
        ms_rule_applies(MS_RULE_SNAPSHOT_NOT_FOUND, apply->profile))
        answered = TRUE;
    if (answered && ms_apply_check(apply, MS_RULE_SNAPSHOT_NOT_FOUND, full, TRUE)) {
        ms_apply_reject(apply, MS_RULE_SNAPSHOT_NOT_FOUND, *snapshot, parent,
                        ms_project_display(apply->op->project));
        return NULL;
    }
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: the answer to a snapshot that does not exist (%s)",
                        apply->profile->name, full));
    return NULL;
}

/* incus delete has no snapshot branch: after reading the snapshot it reads
 * the instance named "PARENT/SNAP", which the server refuses
 * (cmd/incus/delete.go:102, cmd/incus/utils.go:343-350 and
 * cmd/incusd/instance_get.go:115-116 at v6.0.4; :106 and :110-111 at
 * v6.0.6; the same at v6.1.0 .. v6.22.0).  From v6.23.0 delete parses its
 * arguments anew (cmd/incus/delete.go deleteOne), not read: the rule's
 * row says "not modelled" there. */
static gboolean
snapshot_delete_incus(MsApply *apply, const char *full)
{
    ms_apply_check(apply, MS_RULE_DELETE_SNAPSHOT_INCUS, full, TRUE);
    return ms_apply_reject(apply, MS_RULE_DELETE_SNAPSHOT_INCUS);
}

/* lxc delete of "PARENT/SNAP": lxc reads the snapshot, then DELETEs it
 * (lxc/delete.go:58-62,102-109 at lxd-5.0.2; :64-68,113-120 at lxd-5.21.7;
 * :63-67,112-118 at lxd-6.9); a running parent is no obstacle. */
gboolean
ms_apply_snapshot_delete(MsApply *apply, const char *full, gboolean check_only)
{
    const char *snapshot;
    MsInstance *instance = snapshot_parent(apply, full, &snapshot);
    guint index;

    if (instance == NULL || check_only)
        return instance != NULL;
    if (ms_profile_is_incus(apply->profile))
        return snapshot_delete_incus(apply, full);
    ms_instance_list_find(instance->snapshots, snapshot, &index);
    ms_instance_forget_snapshot(instance, snapshot, NULL);
    g_ptr_array_remove_index(ms_instance_snapshots_mut(instance), index);
    return TRUE;
}

static gboolean snapshot_name_safe(MsApply *apply, const char *name);

/* lxc rename (or lxc move without --target) of "PARENT/SNAP": lxc checks
 * that the new name is a snapshot of the same parent, then POSTs the new
 * name (lxc/move.go:125-144 at lxd-5.0.2, :143-162 at lxd-5.21.7, :140-159
 * at lxd-6.9). */
gboolean
ms_apply_snapshot_rename(MsApply *apply)
{
    const MsOp *op = apply->op;
    const char *slash = strchr(op->new_name, '/');
    const char *snapshot;
    MsInstance *instance;
    guint index;

    g_autofree char *source_parent = g_strndup(op->instance, strchr(op->instance, '/') - op->instance);
    g_autofree char *target_parent =
        slash != NULL ? g_strndup(op->new_name, slash - op->new_name) : g_strdup(op->new_name);

    if (g_strcmp0(source_parent, target_parent) != 0)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup("Invalid new snapshot name, parent must be the same as source"));
    if (slash == NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE, g_strdup("Invalid new snapshot name"));
    instance = snapshot_parent(apply, op->instance, &snapshot);
    if (instance == NULL)
        return FALSE;
    /* snapshotPost: the snapshot loaded (its 404 above), then the new name
     * through the same IsURLSegmentSafe as a new snapshot's, before the
     * name-in-use check (lxd/instance_snapshot.go:716-719 at lxd-5.0.2,
     * :738-741 at lxd-5.21.7, :737-740 at lxd-6.9; cmd/incusd/
     * instance_snapshot.go:718-721 at v6.0.4, IsAPIName from v6.0.5 and
     * v6.16, :708-711 at v6.0.6).  lxc sends what follows the first '/' of
     * the new name (api.GetParentAndSnapshotName, lxc/move.go:125-139 at
     * lxd-5.0.2): c1/a/b asks for "a/b" */
    if (!snapshot_name_safe(apply, slash + 1))
        return FALSE;
    /* the name in use, the snapshot's own name too: a 409 naming
     * PARENT/NEW (lxd/instance_snapshot.go:722-727 at lxd-5.0.2, :745-755
     * at lxd-5.21.7, :744-754 at lxd-6.9; cmd/incusd/instance_snapshot.go
     * :726-733 at v6.0.4) */
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_RENAME_EXISTS, op->new_name,
                       ms_instance_list_find(instance->snapshots, slash + 1, NULL))) {
        g_autofree char *full = g_strdup_printf("%s/%s", instance->name, slash + 1);

        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_RENAME_EXISTS, full);
    }
    ms_instance_list_find(instance->snapshots, snapshot, &index);
    ms_instance_forget_snapshot(instance, snapshot, slash + 1);
    {
        GPtrArray *snapshots = ms_instance_snapshots_mut(instance);

        g_free(snapshots->pdata[index]);
        snapshots->pdata[index] = g_strdup(slash + 1);
    }
    return TRUE;
}

/* instanceSnapshotsPost refuses a name that is not URL-safe before the
 * snapshot operation starts (validate.IsURLSegmentSafe: lxd/instance_snapshot.go
 * :303 at lxd-5.0.2, :337 at lxd-5.21.7, :331 at lxd-6.9).  Names it lets
 * through may still fail in the operation: ValidName refuses a space or '/'
 * (lxd/instance/instance_utils.go:713 at lxd-5.0.2, SNAPSHOT.NAME_SPACE:
 * modelled there only), ValidSnapName "..", '*',
 * a space or a backslash (lxd/instance/instancetype/instance.go:66-80 at
 * lxd-5.21.7, :72-86 at lxd-6.9), with wrappings migsim does not follow. */
static gboolean
snapshot_name_safe(MsApply *apply, const char *name)
{
    static const char *const unsafe[] = { "/", "?", "&", "+", NULL };
    const char *found = NULL;

    /* Incus 6.0.5+, 6.16+: IsAPIName in place of IsURLSegmentSafe
     * (cmd/incusd/instance_snapshot.go:306-309 and :708-711 at v6.0.6 and
     * v6.16.0, :335-338 and :799-802 at v7.3.0); of the operation's checks
     * only a backslash gets past it (not modelled below) */
    if (ms_name_api_checked(apply->profile)) {
        g_autofree char *why = ms_name_api_error(name, apply->profile);

        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (IsAPIName from v6.0.5 and v6.16.0) */
        if (ms_apply_check(apply, MS_RULE_SNAPSHOT_NAME_UNSAFE, name, why != NULL))
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_NAME_UNSAFE, why);
    } else {
        for (guint i = 0; found == NULL && unsafe[i] != NULL; i++)
            if (strstr(name, unsafe[i]) != NULL)
                found = unsafe[i];
        if (ms_apply_check(apply, MS_RULE_SNAPSHOT_NAME_UNSAFE, name, found != NULL))
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_NAME_UNSAFE, found);
    }
    return TRUE;
}

static gboolean
snapshot_name_checked(MsApply *apply, const char *name)
{
    if (!snapshot_name_safe(apply, name))
        return FALSE;
    /* 5.0.2's ValidName refuses only a space there (seen live: ".." is a
     * snapshot name on 5.0.2) */
    if (ms_rule_applies(MS_RULE_SNAPSHOT_NAME_SPACE, apply->profile) &&
        !ms_rule_unmodelled(MS_RULE_SNAPSHOT_NAME_SPACE, apply->profile)) {
        if (ms_apply_check(apply, MS_RULE_SNAPSHOT_NAME_SPACE, name, strchr(name, ' ') != NULL))
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_NAME_SPACE, name);
        return TRUE;
    }
    if (g_str_equal(name, "..") || strpbrk(name, "* \\") != NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: the snapshot name \"%s\"; LXD's "
                                             "instance name checks refuse some such names in the snapshot "
                                             "operation, with texts migsim does not follow",
                                             apply->profile->name, name));
    return TRUE;
}

gboolean
ms_apply_snapshot(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = NULL;
    g_autofree char *name = NULL;
    g_autofree char *instance_name = g_strdup(op->instance);
    char *slash = strchr(instance_name, '/');
    const char *snapshot = op->snapshot;

    /* cobra refuses an unknown flag before the arguments are read */
    if (!disk_volumes_known(apply))
        return FALSE;
    /* lxc snapshot c1/x: lxc splits the name at the first '/' and takes the
     * rest as the snapshot's name; with a second name it refuses (client
     * check, lxc/snapshot.go:66-73 at lxd-5.0.2, :93-99 at lxd-5.21.7 and
     * lxd-6.9; cmd/incus/snapshot.go:141-147 at v6.0.4) */
    if (slash != NULL) {
        if (!ms_rule_applies(MS_RULE_CLI_SNAPSHOT_INSTANCE_NAME, apply->profile))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: a snapshot of '%s' (how this "
                                                 "client's argument parser reads a '/' was not read)",
                                                 apply->profile->name, op->instance));
        if (ms_apply_check(apply, MS_RULE_CLI_SNAPSHOT_INSTANCE_NAME, op->instance, snapshot != NULL))
            return ms_apply_reject(apply, MS_RULE_CLI_SNAPSHOT_INSTANCE_NAME, op->instance);
        *slash = '\0';
        /* "c1/" leaves the name empty: the server picks one */
        snapshot = slash[1] != '\0' ? slash + 1 : NULL;
    }
    /* the project is loaded, and its restriction checked, before the
     * instance is (lxd/instance_snapshot.go:246-266 at lxd-5.0.2, :280-299
     * at lxd-5.21.7, :269-288 at lxd-6.9): a missing project is named */
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_PROJECT_NOT_FOUND, ms_project_display(op->project),
                       !ms_cluster_has_project(apply->cluster, op->project)))
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_PROJECT_NOT_FOUND);
    if (!ms_apply_project_snapshots(apply, op->project))
        return FALSE;
    instance = ms_apply_lookup_instance(apply, instance_name, FALSE);
    if (instance == NULL)
        return FALSE;
    /* "all-exclusive" also snapshots the exclusively attached custom
     * volumes (snapshotCommon, driver_common.go:954 at lxd-6.9) and is
     * refused in a project with features.storage.volumes=false
     * (instance_snapshot.go:331 at lxd-6.6): neither is followed */
    if (op->disk_volumes != NULL && g_str_equal(op->disk_volumes, "all-exclusive"))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc snapshot "
                                             "--disk-volumes=all-exclusive (snapshots of the attached "
                                             "custom volumes)",
                                             apply->profile->name));
    /* snapshots.pattern defaults to snap%d (NextSnapshotName,
     * lxd/instance/instance_utils.go:1023-1044 at lxd-5.0.2); another pattern
     * is rendered as a template first, not followed here */
    if (snapshot == NULL &&
        *(ms_cluster_expanded_value(apply->cluster, apply->profile, instance, "snapshots.pattern", NULL, NULL)
              ?: "") != '\0')
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: the name of a snapshot of %s under "
                            "its snapshots.pattern",
                            apply->profile->name, instance->name));
    name = snapshot != NULL ? g_strdup(snapshot) : ms_next_snapshot_name(instance->snapshots);
    if (!snapshot_name_checked(apply, name))
        return FALSE;
    if (op->stateful && instance->type == MS_INSTANCE_CONTAINER) {
        gboolean running = instance->status == MS_INSTANCE_RUNNING;
        /* Incus 6.0.1+ asks for migration.stateful first (internal/server/
         * instance/drivers/driver_lxc.go:3572-3574 at v6.0.4) */
        if (ms_rule_applies(MS_RULE_SNAPSHOT_CT_STATEFUL_KEY, apply->profile) &&
            ms_apply_check(apply, MS_RULE_SNAPSHOT_CT_STATEFUL_KEY, op->instance,
                           !ms_instance_expanded_stateful(apply->cluster, apply->profile, instance)))
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_CT_STATEFUL_KEY);
        /* a container has no state to save without CRIU (driver_lxc.go
         * Snapshot): a running one's before 6.6 is the member's CRIU's (the
         * release's text takes the migration's error as its %s), assumed
         * absent where not declared; a stopped one is refused whatever the
         * host */
        if (running &&
            strstr(ms_rule_format(MS_RULE_SNAPSHOT_CT_STATEFUL, apply->profile) ?: "", "%s") != NULL) {
            const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

            /* with CRIU: Snapshot's dump (driver_lxc.go:3348-3360 at lxd-5.0.2) */
            if (ms_apply_criu_runs(apply, member, MS_RULE_NONE,
                                   "lxc snapshot --stateful of a running container"))
                return FALSE;
            ms_apply_note_criu_assumed(apply, member, instance->name, instance->location, MS_RULE_NONE);
        }
        ms_apply_check(apply, MS_RULE_SNAPSHOT_CT_STATEFUL, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_CT_STATEFUL,
                               running ? "CRIU isn't installed" : "The instance isn't running");
    }
    /* a VM's stateful snapshot needs migration.stateful, then a running
     * VM (qemu.Snapshot, driver_qemu.go:4102-4108 at lxd-5.0.2, :5411-5416
     * at lxd-5.21.7, :5483-5488 at lxd-6.9: SNAPSHOT.VM_STATEFUL_KEY,
     * SNAPSHOT.VM_NOT_RUNNING).  Incus checks the room for the state in
     * between (checkStateStorage, STOP.SIZE_STATE's text: qemu.snapshot,
     * driver_qemu.go:5180-5193 at v6.0.4, :6268-6281 at v7.3.0, the same
     * order at every tag v6.0.0 .. v7.3.0); LXD's snapshot has no such check. */
    if (op->stateful && instance->type == MS_INSTANCE_VM) {
        gboolean key = ms_instance_expanded_stateful(apply->cluster, apply->profile, instance);

        if (ms_apply_check(apply, MS_RULE_SNAPSHOT_VM_STATEFUL_KEY, op->instance, !key))
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_VM_STATEFUL_KEY);
        if (ms_profile_is_incus(apply->profile)) {
            const char *limit = NULL;
            MsStateRoom room = ms_vm_state_room(apply->cluster, apply->profile, instance, &limit);
            /* (never MS_STATE_ROOM_DRIVER_UNKNOWN here: that is LXD's only,
             * every Incus driver takes 500MiB) */
            char *unmodelled = ms_vm_state_room_unmodelled(apply->profile, instance, "snapshot", room, limit);

            if (unmodelled != NULL)
                return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE, unmodelled);
            /* dead in lxd-5.0.x,lxd-5.x,lxd-5.21.x,lxd-6.x: Incus only (LXD's snapshot has no room check) */
            if (ms_apply_check(apply, MS_RULE_STOP_SIZE_STATE, op->instance, room == MS_STATE_ROOM_SHORT))
                return ms_apply_reject(apply, MS_RULE_STOP_SIZE_STATE);
        }
        if (ms_apply_check(apply, MS_RULE_SNAPSHOT_VM_NOT_RUNNING, op->instance,
                           instance->status != MS_INSTANCE_RUNNING))
            return ms_apply_reject(apply, MS_RULE_SNAPSHOT_VM_NOT_RUNNING);
    }
    if (op->stateful)
        ms_outcome_add_note(apply->outcome,
                            "not modelled: whether a stateful snapshot of a virtual machine "
                            "succeeds (its state is not simulated); taken as a plain snapshot");
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_EXISTS, op->instance,
                       ms_instance_list_find(instance->snapshots, name, NULL)))
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_EXISTS, name);
    ms_instance_record_snapshot(instance, name);
    g_ptr_array_add(ms_instance_snapshots_mut(instance), g_steal_pointer(&name));
    return TRUE;
}

/* The pool driver's DefaultVMBlockFilesystemSize in LXD where it is not
 * 100MiB (utils.go:32 at lxd-5.21.7, :38 at lxd-6.9; device/config/
 * consts.go:4 at lxd-5.0.x .. 6.1).  alletra: 256MiB
 * (driver_alletra_volumes.go:59 at lxd-5.21.7 and lxd-6.9, every tag that
 * ships it).  powerflex: 8GiB (DefaultVMPowerFlexBlockFilesystemSize,
 * device/config/consts.go:7 at lxd-5.21.0 and 6.1; powerFlexDefaultSize,
 * driver_powerflex.go:20 at lxd-5.21.7); from lxd-6.9 (commit c8cc66ec65)
 * 1GiB when the PowerFlex backend has thin clones (PowerFlex 5), else 8GiB
 * (driver_powerflex_volumes.go:1172-1177, driver_powerflex.go:21,24 at
 * lxd-6.9): migsim does not know the backend, so @low and @high differ. */
static void
lxd_state_default(const MsCluster *cluster, const MsProfile *profile, const char *pool_name, guint64 *low,
                  guint64 *high)
{
    static const MsReleases powerflex_8gib_only = MS_REL_UNTIL_6(9);
    const MsPool *pool = pool_name != NULL ? ms_cluster_lookup_pool(cluster, pool_name) : NULL;
    const char *driver = pool != NULL ? pool->driver : "";

    *low = *high = 100ULL << 20;
    if (g_str_equal(driver, "alletra"))
        *low = *high = 256ULL << 20;
    else if (g_str_equal(driver, "powerflex")) {
        *high = 8ULL << 30;
        *low = ms_releases_contain(&powerflex_8gib_only, profile->version) ? *high : 1ULL << 30;
    }
}

/* The state room check of a VM (ms-apply-private.h).  The root disk's
 * size.state, else the pool driver's DefaultVMBlockFilesystemSize: 100MiB
 * in LXD for most drivers (lxd_state_default; validateRootDiskStatefulStop,
 * driver_qemu.go:1033-1036 at lxd-5.21.7), 500MiB in Incus
 * (internal/server/device/config/consts.go:4 at every tag v6.0.0 .. v7.3.0,
 * for every driver; checkStateStorage, driver_qemu.go:1105-1108 at v6.0.4).
 * limits.memory defaults to 1GiB (QEMUDefaultMemSize or qemudefault.MemSize
 * at every tag of both) and is refused when it is larger: stateDiskSize <
 * memoryLimit (driver_qemu.go:1053 at lxd-5.21.7, :1125 at v6.0.4, the same
 * comparison at every Incus tag to v7.3.0). */
MsStateRoom
ms_vm_state_room(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                 const char **limit)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    guint64 low = 500ULL << 20, high = 500ULL << 20, memory = 1ULL << 30;
    const char *pool_name = NULL, *size_state = NULL;
    MsDevicesIter iter;
    MsDevice *value;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &value))
        if (g_str_equal(ms_device_lookup_lit(value, "path") ?: "", "/")) {
            pool_name = ms_device_lookup_lit(value, "pool");
            size_state = ms_device_lookup_lit(value, "size.state");
        }
    if (!ms_profile_is_incus(profile))
        lxd_state_default(cluster, profile, pool_name, &low, &high);
    if (size_state != NULL && ms_parse_size(size_state, &low))
        high = low;
    *limit = ms_cluster_expanded_value(cluster, profile, instance, "limits.memory", NULL, NULL);
    /* "N%": units.ParseByteSizeString fails (LXD until 5.21.4 and 6.5,
     * Incus until 6.0.3 and 6.6), then ParseMemoryStr takes a share of the
     * host's memory, which migsim does not know (driver_qemu.go:1048 at
     * lxd-5.21.7, :1120 at v6.0.4) */
    if (*limit != NULL && **limit != '\0' && !ms_parse_size(*limit, &memory))
        return MS_STATE_ROOM_UNKNOWN;
    if (high < memory)
        return MS_STATE_ROOM_SHORT;
    return low < memory ? MS_STATE_ROOM_DRIVER_UNKNOWN : MS_STATE_ROOM_ENOUGH;
}

char *
ms_vm_state_room_unmodelled(const MsProfile *profile, const MsInstance *instance, const char *action,
                            MsStateRoom room, const char *limit)
{
    if (room == MS_STATE_ROOM_UNKNOWN)
        return g_strdup_printf("migsim: not modelled for %s: a stateful %s of %s, which has "
                               "limits.memory=%s: the size.state check reads it as a share of the "
                               "host's memory or fails to parse it",
                               profile->name, action, instance->name, limit);
    if (room == MS_STATE_ROOM_DRIVER_UNKNOWN)
        return g_strdup_printf("migsim: not modelled for %s: a stateful %s of %s, whose root disk has "
                               "no size.state: the powerflex pool's default (1GiB with PowerFlex 5's "
                               "thin clones, else 8GiB) decides",
                               profile->name, action, instance->name);
    return NULL;
}
