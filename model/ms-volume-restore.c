/* migsim: lxc storage volume restore POOL VOL SNAP [--target M] (incus
 * storage volume snapshot restore, the same GET and PUT: cmd/incus/
 * storage_volume.go:2840-2881 at v6.0.4): a custom volume's PUT with
 * "restore" set, which rolls its content back to a snapshot.  Incus keeps
 * lxd-5.0.2's order (running users, then the driver; no project limit
 * check): cmd/incusd/storage_volumes.go:1880-1891 and internal/server/
 * storage/backend.go:6119-6195 at v6.0.4, the same at v7.3.0.  The content is not modelled, so a restore that passes its
 * checks changes nothing migsim keeps (the volume's config row is not
 * touched: storagePoolVolumePut applies no config when only Restore is
 * sent, lxd/storage_volumes.go:1515-1517 at lxd-5.0.2). */
#include "ms-storage-private.h"

#include <string.h>

#include "ms-project.h"

/* The releases whose storagePoolVolumePut asks the project's limits before
 * a restore (checkVolumeUpdateLimits, lxd/storage_volumes.go:2253-2264 at
 * lxd-5.21.7; the same at lxd-5.0.9; not at lxd-5.0.2, 5.21.0-5.21.6 or
 * lxd-6.9, read 2026-12-06). */
static const MsReleases restore_checks_limits = {
    MS_SPAN_RANGE(MS_VERSION(5, 0, 9), MS_VERSION(5, 1, 0)),
    MS_SPAN_FROM(MS_VERSION(5, 21, 7)),
    MS_SPAN_NONE,
};

static gboolean
not_modelled(MsApply *apply, const char *what)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc storage volume restore %s",
                                         apply->profile->name, what));
}

/* Whether @project (NULL: default, whose config counts like any other's)
 * sets a limits.* key or restricted=true: FetchProject skips the check of
 * any other project (projectHasLimitsOrRestrictions,
 * lxd/project/limits/permissions.go:1308-1320 at lxd-5.21.7,
 * lxd/project/permissions.go:1191-1203 at lxd-5.0.9). */
static gboolean
project_has_limits(const MsCluster *cluster, const char *project)
{
    const MsProject *p = ms_cluster_lookup_restricting_project(cluster, project);
    GHashTableIter iter;
    gpointer key, value;

    if (p == NULL || p->config == NULL)
        return FALSE;
    g_hash_table_iter_init(&iter, p->config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (g_str_has_prefix(key, "limits.") || (g_str_equal(key, "restricted") && ms_is_true(value)))
            return TRUE;
    return FALSE;
}

/* Whether a running instance (migsim has no frozen state) has a disk on
 * @volume, from its own devices or a profile's
 * (VolumeUsedByInstanceDevices with expanded devices). */
static gboolean
used_by_running(const MsCluster *cluster, const MsVolume *volume)
{
    g_autoptr(GPtrArray) users = ms_cluster_volume_users(cluster, volume, NULL);

    for (guint i = 0; i < users->len; i++)
        if (((const MsInstance *) users->pdata[i])->status == MS_INSTANCE_RUNNING)
            return TRUE;
    return FALSE;
}

/* What lxc refuses or migsim does not follow before the volume is looked
 * up; FALSE once the step is answered. */
gboolean
ms_storage_volume_restore_parsed(MsApply *apply)
{
    const MsOp *op = apply->op;

    /* VOL/SNAP as the volume: lxc escapes the '/' in the GET's path; the
     * server's answer was not read */
    if (strchr(op->volume, '/') != NULL)
        return not_modelled(apply, "of a volume named with a '/'");
    /* a SNAP with a '/': 'Invalid snapshot name' (lxd/storage/
     * backend_lxd.go:4525-4527 at lxd-5.0.2), not a rule of migsim's */
    if (strchr(op->snapshot, '/') != NULL)
        return not_modelled(apply, "of a snapshot named with a '/'");
    return TRUE;
}

/* The PUT once lxc's GET found @volume on its member: RestoreCustomVolume
 * (lxd/storage/backend_lxd.go:4515-4591 at lxd-5.0.2, :6985 at lxd-5.21.7,
 * :6616 at lxd-6.9): users that run, then the snapshot. */
gboolean
ms_storage_volume_restore(MsApply *apply, MsVolume *volume)
{
    const MsOp *op = apply->op;
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, op->pool);
    const char *project = volume->project != NULL ? volume->project : MS_PROJECT_DEFAULT;
    gboolean has_snapshot =
        g_ptr_array_find_with_equal_func(volume->snapshots, op->snapshot, g_str_equal, NULL);
    gboolean db_lookup = ms_rule_applies(MS_RULE_VOLUME_RESTORE_SNAPSHOT_NOT_FOUND, apply->profile);

    if (ms_releases_contain(&restore_checks_limits, apply->profile->version) &&
        project_has_limits(apply->cluster, volume->project))
        return not_modelled(apply,
                            "in a project with limits or restrictions (checkVolumeUpdateLimits runs first)");
    if (ms_apply_check(apply, MS_RULE_VOLUME_RESTORE_RUNNING, op->volume,
                       used_by_running(apply->cluster, volume)))
        return ms_apply_reject(apply, MS_RULE_VOLUME_RESTORE_RUNNING);
    if (db_lookup) {
        g_autofree char *full = g_strdup_printf("%s/%s", volume->name, op->snapshot);

        if (ms_apply_check(apply, MS_RULE_VOLUME_RESTORE_SNAPSHOT_NOT_FOUND, full, !has_snapshot))
            return ms_apply_reject(apply, MS_RULE_VOLUME_RESTORE_SNAPSHOT_NOT_FOUND, full, project, op->pool);
    }
    /* the driver restores: dir's RestoreVolume is read; the others delete
     * later snapshots or refuse on them (zfs, lvm's ErrDeleteSnapshots) in
     * ways not read */
    if (pool == NULL || !g_str_equal(pool->driver, "dir"))
        return not_modelled(apply, "on a pool whose driver is not dir (its RestoreVolume is not read)");
    if (!db_lookup && ms_rule_applies(MS_RULE_VOLUME_RESTORE_DIR_NO_SNAPSHOT, apply->profile) &&
        ms_apply_check(apply, MS_RULE_VOLUME_RESTORE_DIR_NO_SNAPSHOT, op->snapshot, !has_snapshot))
        return ms_apply_reject(apply, MS_RULE_VOLUME_RESTORE_DIR_NO_SNAPSHOT);
    if (!has_snapshot)
        return not_modelled(apply, "of a snapshot that does not exist (the release's text is not read)");
    ms_outcome_add_note(apply->outcome, "the volume's content is not modelled: the restore changes nothing "
                                        "migsim keeps");
    return TRUE;
}
