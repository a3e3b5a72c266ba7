/* migsim: custom volumes per project.  A custom volume lives in the
 * storage project of the request's project: the project itself when it has
 * features.storage.volumes (true for a new project, lxd/api_project.go:
 * projectsPost at lxd-5.0.2), the default project otherwise
 * (project.StorageVolumeProjectFromRecord, lxd/project/project.go:107-121 at
 * lxd-5.0.2, :145-159 at lxd-5.21.7, :152-166 at lxd-6.9).  Every volume
 * request looks its volume up there (storagePoolVolumesPost,
 * lxd/storage_volumes.go:529 at lxd-5.0.2, :1008 at lxd-5.21.7, :980 at
 * lxd-6.9; addStoragePoolVolumeDetailsToRequestContext :2933 at lxd-5.21.7,
 * :2991 at lxd-6.9), and so does a disk device of an instance or profile
 * of the project (lxd/device/disk.go validateConfig: the instance's
 * project's storage project).  Seen live on 5.0.2: a volume created with
 * --project p1 is listed in p1 only. */
#include "ms-apply-private.h"

const char *
ms_cluster_volume_project(const MsCluster *cluster, const char *project)
{
    const MsProject *p;

    if (ms_project_key(project) == NULL)
        return NULL;
    p = ms_cluster_lookup_project(cluster, project);
    if (p == NULL)
        return project;
    return ms_project_feature(p, "storage.volumes") ? p->name : NULL;
}

gboolean
ms_volume_in_project(const MsVolume *volume, const char *project)
{
    return g_strcmp0(volume->project, ms_project_key(project)) == 0;
}

char *
ms_volume_storage_name(const MsVolume *volume)
{
    return g_strdup_printf("%s_%s", ms_project_display(volume->project), volume->name);
}

gboolean
ms_cluster_project_holds_volumes(const MsCluster *cluster, const char *project)
{
    if (ms_project_key(project) == NULL)
        return FALSE;
    for (guint i = 0; i < cluster->volumes->len; i++)
        if (ms_volume_in_project(cluster->volumes->pdata[i], project))
            return TRUE;
    return FALSE;
}

/* Do the devices of @profile (a profile entity) see @volume: a profile of
 * a project whose storage project is the volume's. */
gboolean
ms_profile_sees_volume(const MsCluster *cluster, const MsProfileEntity *profile, const MsVolume *volume)
{
    return ms_volume_in_project(volume, ms_cluster_volume_project(cluster, profile->project));
}

/* Does @instance see @volume (its project's storage project)? */
gboolean
ms_instance_sees_volume(const MsCluster *cluster, const MsInstance *instance, const MsVolume *volume)
{
    return ms_volume_in_project(volume, ms_cluster_volume_project(cluster, instance->project));
}

/* A volume request with --project (or the current project) naming a
 * project that does not exist: LXD fails it where the handler loads the
 * project, in texts that differ by handler and release (seen live on
 * 5.0.2 for a create: 'Failed to load project "nosuch": Project not
 * found', lxd/project/project.go:96 at lxd-5.0.2; "Failed loading project"
 * at lxd-5.21.7 :134, and from 5.21 the volume's own endpoint wraps it in
 * "Failed to get effective project name: ", lxd/storage_volumes.go:2935).
 * migsim says so rather than pick one.  TRUE when refused. */
gboolean
ms_apply_volume_project_unknown(MsApply *apply)
{
    const MsOp *op = apply->op;

    gboolean missing = !ms_cluster_has_project(apply->cluster, op->project);

    /* a create loads the project first, before its --target forward
     * (lxd/storage_volumes.go:535 at lxd-5.0.2, :1008 at lxd-5.21.7, :980
     * at lxd-6.9): one text per release */
    if (op->kind == MS_OP_VOLUME_CREATE) {
        if (!ms_apply_check(apply, MS_RULE_VOLUME_CREATE_PROJECT_NOT_FOUND, ms_project_display(op->project),
                            missing))
            return FALSE;
        ms_apply_reject(apply, MS_RULE_VOLUME_CREATE_PROJECT_NOT_FOUND, op->project);
        return TRUE;
    }
    if (!missing)
        return FALSE;
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc %s --project %s, a project that does not "
                        "exist (LXD fails where the handler loads the project, in texts that differ by "
                        "handler and release; a create is modelled: VOLUME.CREATE_PROJECT_NOT_FOUND)",
                        apply->profile->name, ms_op_defs[op->kind].name, op->project));
    return TRUE;
}
