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

/* The volume verbs whose lxc (lxd-5.0.2 and the 5.x releases) first sends
 * a GET, PUT or DELETE of the volume itself: show, get, set, unset and
 * restore GET it first, snapshot too (lxc/storage_volume.go:1966 at
 * lxd-5.0.2), copy and move GET the source (:410), edit from stdin PUTs it,
 * delete DELETEs it.  Not attach (it reads the instance), rename (a POST
 * whose body is checked first), list, import. */
static gboolean
volume_request_loads_project_first(const MsOp *op)
{
    if (op->volume == NULL || strchr(op->volume, '/') != NULL)
        return FALSE;
    switch (op->kind) {
    case MS_OP_VOLUME_SHOW:
    case MS_OP_VOLUME_GET:
    case MS_OP_VOLUME_SET:
    case MS_OP_VOLUME_UNSET:
    case MS_OP_VOLUME_RESTORE:
    case MS_OP_VOLUME_SNAPSHOT:
    case MS_OP_VOLUME_COPY:
    case MS_OP_VOLUME_MOVE:
    case MS_OP_VOLUME_EDIT:
    case MS_OP_VOLUME_DELETE:
        return TRUE;
    default:
        return FALSE;
    }
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
    /* lxc's first request is a GET, PUT or DELETE of the volume, whose
     * handler loads the project before anything else a custom volume can
     * fail (VOLUME.PROJECT_NOT_FOUND: 5.0.x and 5.1-5.20; seen live on
     * 5.0.2 for a copy, tools/live-random.py --gen 20 --seed 35002
     * scenario 5 line 37); a snapshot's own path has other handlers */
    if (volume_request_loads_project_first(op) &&
        ms_rule_applies(MS_RULE_VOLUME_PROJECT_NOT_FOUND, apply->profile)) {
        /* dead in lxd-5.21.x,lxd-6.x: the rule is 5.0.x and 5.1-5.20 only (not modelled there) */
        ms_apply_check(apply, MS_RULE_VOLUME_PROJECT_NOT_FOUND, ms_project_display(op->project), TRUE);
        ms_apply_reject(apply, MS_RULE_VOLUME_PROJECT_NOT_FOUND, op->project);
        return TRUE;
    }
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc %s --project %s, a project that does not "
                        "exist (LXD fails where the handler loads the project, in texts that differ by "
                        "handler and release; a create is modelled: VOLUME.CREATE_PROJECT_NOT_FOUND)",
                        apply->profile->name, ms_op_defs[op->kind].name, op->project));
    return TRUE;
}
