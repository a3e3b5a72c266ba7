/* migsim: lxc copy NAME NEW --target-project P and lxc copy -s POOL.
 *
 * --target-project: lxc sends the create to P (dest.UseProject,
 * lxc/copy.go:123-125 at lxd-5.0.2, :139-141 at lxd-5.21.7), naming the
 * source's project (client/lxd_instances.go CopyInstance); the handler
 * reads the instance's profiles in P's profile project ("Requested profile
 * ... doesn't exist", lxd/instances_post.go:1032 at lxd-5.0.2), places the
 * copy, and where it lands on another member than the source's, that
 * member asks for the source's member in P until lxd-5.21.4 and 6.5
 * (COPY.PROJECT_SOURCE_ADDRESS).  Seen live on 5.0.2 (2026-12-05, lane 2):
 * a missing profile first, then the address failure for a stopped, a
 * running (with and without --stateless) and a volume-holding instance,
 * into a restricted and into a limits.instances=0 project alike.
 *
 * -s POOL: lxc sets pool=POOL on the copy's local root disk, or adds a
 * local "root" disk (lxc/copy.go:206-219 at lxd-5.0.2, :222-235 at
 * lxd-5.21.7).  Seen live on 5.0.2: the copy has a local root on POOL;
 * with an unknown POOL the server falls back to the profiles' pool or the
 * only pool (instanceFindStoragePool, lxd/instances_post.go:1175-1231 at
 * lxd-5.0.2), which migsim does not follow. */
#include "ms-apply-private.h"

/* P's profile-not-found text names P from lxd-6.8 ('Profile %q not found
 * in project %q', lxd/instances_post.go:1139 at lxd-6.9); the rule's text
 * is the default project's */
static const MsReleases profile_text_names_project = MS_REL_SINCE_6(8);

static gboolean
copy_not_modelled(MsApply *apply, char *what)
{
    g_autofree char *owned = what;

    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc copy %s", apply->profile->name, owned));
}

/* Does @instance (expanded) use a custom volume (a disk with a pool and a
 * source)?  Its volume must be in P's storage project: not modelled. */
static gboolean
uses_custom_volume(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(cluster, instance);
    MsDevicesIter iter;
    MsDevice *value;

    ms_devices_iter_init(&iter, expanded);
    while (ms_devices_iter_next(&iter, NULL, &value))
        if (g_strcmp0(ms_device_lookup_lit(value, "type"), "disk") == 0 &&
            ms_device_lookup_lit(value, "pool") != NULL && ms_device_lookup_lit(value, "source") != NULL)
            return TRUE;
    return FALSE;
}

static gboolean
target_project_modelled(MsApply *apply, const MsInstance *source)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const char *pp;

    if (ms_project_same(op->target_project, source->project))
        return TRUE;
    if (ms_profile_is_incus(apply->profile))
        return copy_not_modelled(apply, g_strdup("--target-project (cmd/incus/copy.go not read)"));
    if (op->refresh)
        return copy_not_modelled(apply, g_strdup("--refresh --target-project"));
    /* the copy is an instancesPost into the target project, whose first
     * step loads it, as a create's (CREATE.PROJECT_NOT_FOUND,
     * lxd/instances_post.go:859-866 at lxd-5.0.2, :1267 at lxd-5.21.7,
     * :1398 at lxd-6.9); seen live on 5.0.2: `lxc copy c1 k9
     * --target-project nosuch` 'Failed loading project: Project not found'
     * (tools/live-random.py --gen 17 --seed 28015 scenario 4 line 32) */
    if (ms_apply_check(apply, MS_RULE_CREATE_PROJECT_NOT_FOUND, op->target_project,
                       !ms_cluster_has_project(cluster, op->target_project)))
        return ms_apply_reject(apply, MS_RULE_CREATE_PROJECT_NOT_FOUND, op->target_project);
    if (uses_custom_volume(cluster, source))
        return copy_not_modelled(apply,
                                 g_strdup("--target-project of an instance with a custom volume disk "
                                          "(the volume must be in the target project's storage project)"));
    if (ms_cluster_lookup_project_instance(cluster, op->target_project, source->name) != NULL)
        return copy_not_modelled(apply,
                                 g_strdup_printf("--target-project %s, which has an instance named %s too",
                                                 op->target_project, source->name));
    pp = ms_cluster_profile_project(cluster, op->target_project);
    for (guint i = 0; i < source->profiles->len; i++) {
        const char *name = source->profiles->pdata[i];
        gboolean missing = ms_cluster_lookup_profile_in(cluster, pp, name) == NULL;

        if (missing && ms_releases_contain(&profile_text_names_project, apply->profile->version) &&
            ms_project_key(pp) != NULL)
            return copy_not_modelled(
                apply, g_strdup_printf("--target-project %s without profile %s (the text names the project)",
                                       op->target_project, name));
        if (ms_apply_check(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name, missing))
            return ms_apply_reject(apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, name, ms_project_display(pp));
    }
    return TRUE;
}

/* The checks of --target-project and -s before placement; FALSE when
 * refused or not modelled (said so). */
gboolean
ms_copy_project_modelled(MsApply *apply, const MsInstance *source)
{
    const MsOp *op = apply->op;

    if (op->pool != NULL) {
        const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, op->pool);
        const MsInstance *existing =
            op->refresh ? ms_cluster_lookup_instance(apply->cluster, op->new_name) : NULL;
        /* lxd-5.0.2, a refresh on the source's member of an instance there:
         * the server's refresh ignores the request's devices and lxc's PUT
         * after it refuses the root disk's new pool before any lookup
         * (DEV.ROOT_POOL_CHANGE in ms-copy-ops.c; seen live on lane 3,
         * tests/live/scenarios/copy-refresh-overrides.scn) */
        gboolean put_refuses = existing != NULL && apply->profile->version == MS_VERSION(5, 0, 2) &&
                               !ms_profile_is_incus(apply->profile) && op->target_project == NULL &&
                               g_strcmp0(op->target, source->location) == 0 &&
                               g_str_equal(existing->location, source->location);

        if (!put_refuses && (pool == NULL || pool->state != MS_POOL_CREATED))
            return copy_not_modelled(
                apply,
                g_strdup_printf("-s %s, a pool that does not exist or is pending (the server falls back to "
                                "the profiles' pool or the only pool; live 5.0.2 with two pools and none in "
                                "the profiles: 'Can't find a storage pool for the instance to use')",
                                op->pool));
    }
    return op->target_project == NULL || target_project_modelled(apply, source);
}

/* The member that creates the copy asks for the source's member in the
 * request's project (COPY.PROJECT_SOURCE_ADDRESS); FALSE when refused. */
gboolean
ms_copy_project_member(MsApply *apply, const MsInstance *source, const MsMember *member)
{
    const MsOp *op = apply->op;
    gboolean elsewhere = op->target_project != NULL &&
                         !ms_project_same(op->target_project, source->project) &&
                         !g_str_equal(member->name, source->location);

    /* from lxd-5.21.4 and 6.5 the source's project is used */
    if (ms_rule_applies(MS_RULE_COPY_PROJECT_SOURCE_ADDRESS, apply->profile) &&
        ms_apply_check(apply, MS_RULE_COPY_PROJECT_SOURCE_ADDRESS, op->instance, elsewhere))
        return ms_apply_reject(apply, MS_RULE_COPY_PROJECT_SOURCE_ADDRESS);
    return TRUE;
}

/* Put the copy in its project, as the handler does (its pool, -s, is set
 * with lxc's other overrides: ms_apply_copy). */
void
ms_copy_project_place(const MsApply *apply, MsInstance *copy)
{
    const MsOp *op = apply->op;

    if (op->target_project != NULL) {
        g_free(copy->project);
        copy->project = g_strdup(ms_project_key(op->target_project));
    }
}
