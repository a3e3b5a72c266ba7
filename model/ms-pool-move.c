/* migsim: lxc move NAME [NEWNAME] -s POOL without --target: the move of an
 * instance to another storage pool on its own member (moved out of
 * ms-migrate.c; ms_apply_move in ms-move.c calls these). */
#include "ms-apply-private.h"
#include "ms-move-private.h"

#include <string.h>

/* ---- lxc move NAME [NEWNAME] -s POOL without --target ---- */

/* lxc sends a pool move without --target as one server-side request:
 * moveInstancePool (lxc/move.go:199-209,335-383 at lxd-5.0.2), moveInstance
 * (:341 at lxd-5.21.0 and lxd-6.1, :362 at lxd-5.21.4 and lxd-6.6, :264 at
 * lxd-5.21.5..5.21.7, :261 at lxd-6.7..6.9), POST /1.0/instances/NAME with
 * migration, pool, name, live and instance_only.  5.0.2's lxc drops -c, -d
 * and -p there, later ones send them: migsim follows the move without them,
 * for LXD.  The incus client sends the same request (moveInstance,
 * cmd/incus/move.go:198-199,274-281 at v6.0.4; :171-172,206-228 at v6.23.0),
 * with -c/-d/-p too, which the copy would take: only the move without them
 * is followed (incus_pool_move). */
gboolean
ms_move_local_pool(const MsApply *apply)
{
    const MsOp *op = apply->op;

    return op->pool != NULL && op->target == NULL && op->group == NULL && op->target_project == NULL &&
           !ms_move_has_overrides(op);
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
ms_apply_local_copy_stop_refused(MsApply *apply, MsInstance *instance, const char *what)
{
    const MsProfile *profile = apply->profile;

    if (instance->status != MS_INSTANCE_RUNNING || apply->op->stateless)
        return FALSE;
    if (instance->type == MS_INSTANCE_CONTAINER) {
        /* before 6.6 the member's CRIU decides: assumed absent where not
         * declared (ms_apply_note_criu_assumed); with CRIU LXD checkpoints
         * the container, copies it and restores it */
        const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

        if (ms_apply_criu_runs(apply, member, MS_RULE_STOP_CT_STATEFUL, what))
            return TRUE;
        ms_apply_note_criu_assumed(apply, member, instance->name, instance->location,
                                   MS_RULE_STOP_CT_STATEFUL);
        ms_apply_check(apply, MS_RULE_STOP_CT_STATEFUL, instance->name, TRUE);
        /* Stop(true) made the state directory before the CRIU check */
        if (strstr(ms_rule_format(MS_RULE_STOP_CT_STATEFUL, profile) ?: "", "CRIU") != NULL)
            instance->state_dir_left = TRUE;
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

/* "not modelled" for the pool move @form, because of @why. */
static gboolean
pool_move_unfollowed_as(MsApply *apply, const char *form, const char *why)
{
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: %s %s", apply->profile->name, form, why));
}

/* "not modelled" for lxc move -s POOL without --target, because of @why. */
static gboolean
pool_move_unfollowed(MsApply *apply, const char *why)
{
    return pool_move_unfollowed_as(apply, "lxc move -s/--storage without --target", why);
}

static gboolean pool_move_copy(MsApply *apply, MsInstance *instance, const char *new_name);

/* "not modelled" for incus move --target M -s POOL, because of @why. */
static gboolean
incus_target_pool_unfollowed(MsApply *apply, const char *why)
{
    return pool_move_unfollowed_as(apply, "incus move --target with -s/--storage", why);
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
    return pool_move_copy(apply, instance, new_name);
}

/* The copy into POOL, the original's delete and the copy's rename, as both
 * LXD and Incus do them: the root disk becomes the instance's own device
 * with pool=POOL (LXD: above; Incus: migrateInstance, cmd/incusd/
 * instance_post.go:638-649,770-819 at v6.0.4), the snapshots go with it
 * unless --instance-only. */
static gboolean
pool_move_copy(MsApply *apply, MsInstance *instance, const char *new_name)
{
    const MsOp *op = apply->op;
    g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(apply->cluster, instance);
    MsDevice *root = ms_devices_root_disk(expanded);

    if (root == NULL)
        return pool_move_unfollowed(apply, "of an instance without a root disk");
    {
        MsDevicesIter iter;
        const char *key;
        MsDevice *value;

        ms_devices_iter_init(&iter, expanded);
        while (ms_devices_iter_next(&iter, &key, &value))
            if (value == root) {
                MsDevice *moved = ms_device_copy(root);
                ms_device_set(moved, "pool", op->pool);
                ms_devices_set(ms_instance_own_devices(instance), key, moved);
                break;
            }
    }
    if (!op->instance_only)
        ms_copy_align_snapshot_roots(apply->cluster, instance, instance);
    if (op->instance_only) {
        for (guint i = 0; i < instance->snapshots->len; i++)
            ms_instance_forget_snapshot(instance, instance->snapshots->pdata[i], NULL);
        g_ptr_array_set_size(ms_instance_snapshots_mut(instance), 0);
    }
    ms_outcome_add_note(
        apply->outcome,
        "%s: copied on %s into pool %s under a temporary name%s, the original deleted, the copy "
        "renamed to %s",
        instance->name, instance->location, op->pool,
        op->instance_only ? " without its snapshots" : " with its snapshots", new_name);
    if (!g_str_equal(new_name, instance->name))
        ms_move_rename_in_cluster(apply->cluster, instance, new_name);
    return TRUE;
}

/* The copy of an Incus pool move failed with @inner (its check site is the
 * caller's), wrapped by migrateInstance in @wrap; the instance stays as it
 * was. */
static gboolean
incus_pool_copy_failed(MsApply *apply, MsRuleId wrap, MsRuleId inner)
{
    g_autofree char *text = ms_rule_message(inner, apply->profile);

    /* check sites: MOVE_POOL_CREATE_WRAP MOVE_POOL_COPY_WRAP */
    ms_env_check(apply->env, wrap, apply->op->instance, TRUE);
    return ms_apply_fail(apply, inner, ms_rule_def(inner)->http_status, TRUE,
                         ms_rule_message(wrap, apply->profile, text));
}

/* migrateInstance's copy is a create request of the local client
 * (CreateInstance, cmd/incusd/instance_post.go:770-783 at v6.0.4, :795-822
 * at v7.3.0), no cluster notification: instancesPost runs
 * AllowInstanceCreation on it (instances_post.go:1153 at v6.0.4, :1085 at
 * v6.0.0, :1504 at v7.3.0) with the source counted beside its copy under
 * the temporary name, the type's count first, then limits.instances
 * (internal/server/project/permissions.go:77-84 at v6.0.4).  A count limit
 * the project has reached refuses the copy, wrapped "Failed requesting
 * instance create on destination: " (instance_post.go:783); seen live on
 * 6.0.4 (limits.instances=1: 'Failed requesting instance create on
 * destination: Reached maximum number of instances in project "lim"' for
 * `incus move C --target M -s POOL`, DISAGREEMENTS 31-fidincus12).  An
 * aggregate limit sums the source beside its copy: not followed.  TRUE
 * when the move was answered so (refused, or not modelled). */
static gboolean
incus_pool_copy_limited(MsApply *apply, const char *project, MsInstanceType type)
{
    MsRuleId rule = MS_RULE_NONE;
    gboolean unreadable = FALSE;
    g_autofree char *inner = NULL;

    if (!ms_project_count_limit_reached(apply->cluster, project, type) &&
        !ms_project_has_aggregate_limits(apply->cluster, project))
        return FALSE;
    inner = ms_project_count_limit_text(apply, project, type, apply->op->instance, &rule, &unreadable);
    if (inner != NULL) {
        /* check sites: MOVE_POOL_CREATE_WRAP */
        ms_env_check(apply->env, MS_RULE_MOVE_POOL_CREATE_WRAP, apply->op->instance, TRUE);
        ms_apply_fail(apply, rule, ms_rule_def(rule)->http_status, TRUE,
                      ms_rule_message(MS_RULE_MOVE_POOL_CREATE_WRAP, apply->profile, inner));
        return TRUE;
    }
    ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                  g_strdup_printf("migsim: not modelled for %s: incus move -s/--storage in project %s, which "
                                  "has an aggregate limit%s: the move's copy is checked as a create there, "
                                  "its source counted beside it",
                                  apply->profile->name, ms_project_display(project),
                                  unreadable ? " or a count limit migsim cannot read" : ""));
    return TRUE;
}

/* incus move C --target M -s POOL of a stopped C into another pool that
 * exists: instancePost checked the target (offline, the same member,
 * backups, the placement scriptlet: ms_apply_move), migrateInstance
 * compared and looked the pool up (ms_move_incus_pool_refused), and then,
 * with no rename, copies C onto M with the root disk on POOL under a
 * temporary name through the local client aimed at M (UseTarget
 * (targetMemberInfo.Name), cmd/incusd/instance_post.go:677-684,764-800 at
 * v6.0.4; the same path at every v6.0.x, v6.x and v7.x tag, :714-834 at
 * v7.3.0), deletes C and renames the copy to C (:803-819); the instance is
 * then on M, so the migration between members is skipped (:829).  M's
 * createFromCopy refuses at once when M is evacuated (instances_post.go
 * :477-478 at v6.0.4), after instancesPost's count limits on the source
 * (incus_pool_copy_limited).  Seen live on 6.0.4 (DISAGREEMENTS
 * 31-fidincus12, where migsim said "not modelled" for all of them): the
 * move with its snapshots, with --instance-only, and 'Failed requesting
 * instance create on destination: Cluster member is evacuated'.  The copy
 * from another member goes through a migration (clusterCopyContainerInternal,
 * instances_post.go:509-531 at v6.0.4): migsim moves the instance with the
 * migration's checks, then sets its root disk's pool. */
gboolean
ms_move_incus_pool_to_member(MsApply *apply, MsInstance *instance, const MsMember *target)
{
    g_auto(MsRejection) refusal = { 0 };
    g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(apply->cluster, instance);
    gboolean moved;

    if (ms_cluster_injected(apply->cluster, "migrate", instance->name) != NULL ||
        ms_cluster_injected(apply->cluster, "migrate-dest", instance->name) != NULL ||
        ms_cluster_injected(apply->cluster, "hang", instance->name) != NULL)
        return incus_target_pool_unfollowed(apply, "while the scenario injects a migration failure "
                                                   "(fault migration) for the instance");
    if (ms_devices_root_disk(expanded) == NULL)
        return incus_target_pool_unfollowed(apply, "of an instance without a root disk");
    if (ms_project_restricted(ms_cluster_lookup_restricting_project(apply->cluster, instance->project)))
        return incus_target_pool_unfollowed(apply, "in a restricted project");
    if (incus_pool_copy_limited(apply, instance->project, instance->type))
        return FALSE;
    if (target->status == MS_MEMBER_EVACUATED) {
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD copies inside the daemon) */
        ms_apply_check(apply, MS_RULE_CREATE_EVACUATED, instance->name, TRUE);
        return incus_pool_copy_failed(apply, MS_RULE_MOVE_POOL_CREATE_WRAP, MS_RULE_CREATE_EVACUATED);
    }
    if (!ms_migrate_instance(apply, instance, target->name, FALSE, &refusal, &moved))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    /* the copy's create request, stripped in a project with limits
     * (AllowInstanceCreation on the local member before it forwards to M),
     * becomes M's migration create (clusterCopyContainerInternal):
     * ms_apply_move_to_project */
    ms_migrate_strip_unsafe_volatile(apply, instance, NULL);
    return pool_move_copy(apply, instance, instance->name);
}

/* incus move NAME [NEWNAME] -s POOL without --target: instancePost
 * (cmd/incusd/instance_post.go at v6.0.4; the same order at every tag read,
 * v6.0.0 .. v6.0.6, v6.1.0, v6.4.0, v6.10.0, v6.16.0, v6.22.0, v6.23.0)
 * looks the instance's member up (:107-110), refuses a member that is
 * offline (:131-133, MOVE.POOL_SRC_OFFLINE), checks the new name (:182-199),
 * refuses a running instance (:232-259), and without a target member
 * (:278) hands the copy to migrateInstance: the pools compared (:547-550,
 * 6.0.3+ and 6.8+), from 6.0.6 and 6.22 the pool looked up (MOVE.POOL_UNKNOWN),
 * the rename first (:654-667), then a copy under a
 * temporary name on the instance's member with the root disk on POOL
 * (:669-800), the original deleted and the copy renamed (:803-819).
 * Unlike LXD it does not check for backups on a move that stays on the
 * member (:462-478): not followed. */
static gboolean
incus_pool_move(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = ms_cluster_lookup_project_instance(apply->cluster, op->project, op->instance);
    const char *new_name = op->new_name != NULL ? op->new_name : op->instance;
    const MsMember *member;
    const MsPool *pool;
    MsDevice *root;
    g_autoptr(MsDevices) expanded = NULL;
    MsRuleId rule;
    gboolean limited;
    g_autofree char *project = NULL;
    MsInstanceType type;

    if (strchr(op->instance, '/') != NULL)
        return pool_move_unfollowed(apply, "of a snapshot");
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD: INSTANCE.NOT_FOUND in pool_move) */
    if (ms_apply_check(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND, op->instance, instance == NULL))
        return ms_apply_reject(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND);
    member = ms_cluster_lookup_member(apply->cluster, instance->location);
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD has no such check) */
    if (ms_apply_check(apply, MS_RULE_MOVE_POOL_SRC_OFFLINE, op->instance,
                       member != NULL && member->status == MS_MEMBER_OFFLINE))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_SRC_OFFLINE);
    if (member == NULL || (member->status != MS_MEMBER_ONLINE && member->status != MS_MEMBER_EVACUATED))
        return pool_move_unfollowed(apply, "of an instance whose member is not online");
    if (!g_str_equal(new_name, instance->name)) {
        if (ms_move_name_invalid(apply, new_name))
            return FALSE;
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD: MOVE.POOL_NAME_TAKEN in the copy) */
        if (ms_apply_check(apply, MS_RULE_MOVE_NAME_IN_USE, new_name,
                           ms_cluster_lookup_project_instance(apply->cluster, op->project, new_name) != NULL))
            return ms_apply_reject(apply, MS_RULE_MOVE_NAME_IN_USE, new_name);
    }
    if (instance->status == MS_INSTANCE_RUNNING) {
        if (ms_apply_check(apply, MS_RULE_MOVE_STATELESS_RUNNING, instance->name, op->stateless))
            return ms_apply_reject(apply, MS_RULE_MOVE_STATELESS_RUNNING);
        rule = instance->type == MS_INSTANCE_VM ? MS_RULE_MOVE_POOL_LIVE_VM : MS_RULE_MOVE_POOL_LIVE_CT;
        /* check sites: MOVE_POOL_LIVE_VM MOVE_POOL_LIVE_CT */
        ms_apply_check(apply, rule, instance->name, TRUE);
        return ms_apply_reject(apply, rule);
    }
    if (instance->n_backups > 0)
        return pool_move_unfollowed(apply, "of an instance with backups (the copy does not take them)");
    if (ms_project_restricted(ms_cluster_lookup_restricting_project(apply->cluster, instance->project)))
        return pool_move_unfollowed(apply, "in a restricted project");
    expanded = ms_cluster_expand_devices(apply->cluster, instance);
    root = ms_devices_root_disk(expanded);
    if (root == NULL)
        return pool_move_unfollowed(apply, "of an instance without a root disk");
    if (ms_rule_applies(MS_RULE_MOVE_POOL_SAME, apply->profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_POOL_SAME, op->pool,
                       g_strcmp0(ms_device_lookup_lit(root, "pool"), op->pool) == 0))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_SAME);
    pool = ms_cluster_lookup_pool(apply->cluster, op->pool);
    /* from 6.0.6 and 6.22 migrateInstance looks POOL up before the rename
     * and the copy (cmd/incusd/instance_post.go:639-647 at v6.0.6 and
     * v6.22.0, :660-668 at v7.3.0; Incus PR #2931) */
    if (ms_rule_applies(MS_RULE_MOVE_POOL_UNKNOWN, apply->profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_POOL_UNKNOWN, op->pool, pool == NULL))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_UNKNOWN, op->pool);
    if (pool != NULL && pool->state != MS_POOL_CREATED)
        return pool_move_unfollowed(apply, "into a pending pool (the copy's create fails; its text is not "
                                           "read for Incus)");
    /* the copy is a create request to the member itself (:770-800):
     * refused at once on an evacuated member (createFromCopy,
     * instances_post.go:477-479), failed in its operation for an unknown
     * pool; a new name was given to the instance before (:654-667 at
     * v6.0.4, "Handle the renames first" at :548 at v6.0.0 and v6.1.0,
     * :567 at v6.4.0, :647 at v6.16.0, :663 at v6.0.6 and v6.23.0), and
     * the instance keeps it when the copy fails (migsim's state keeps
     * what a failed step did) */
    /* the copy's create counts the source beside it first
     * (incus_pool_copy_limited), after the rename */
    limited = ms_project_count_limit_reached(apply->cluster, instance->project, instance->type);
    project = g_strdup(instance->project); /* the rename below replaces the instance */
    type = instance->type;
    if (!limited && ms_project_has_aggregate_limits(apply->cluster, instance->project))
        return pool_move_unfollowed(apply, "in a project with an aggregate limit (the copy is checked as a "
                                           "create there, its source counted beside it)");
    if ((pool == NULL || member->status == MS_MEMBER_EVACUATED || limited) &&
        !g_str_equal(new_name, instance->name)) {
        ms_outcome_add_note(apply->outcome, "%s: renamed %s before its copy, which fails", instance->name,
                            new_name);
        ms_move_rename_in_cluster(apply->cluster, instance, new_name);
        instance = NULL; /* replaced by the renamed copy */
    }
    if (limited && incus_pool_copy_limited(apply, project, type))
        return FALSE;
    if (member->status == MS_MEMBER_EVACUATED) {
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD copies inside the daemon) */
        ms_apply_check(apply, MS_RULE_CREATE_EVACUATED, new_name, TRUE);
        return incus_pool_copy_failed(apply, MS_RULE_MOVE_POOL_CREATE_WRAP, MS_RULE_CREATE_EVACUATED);
    }
    if (pool == NULL) {
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD: MOVE.POOL_NOT_FOUND) */
        ms_apply_check(apply, MS_RULE_CREATE_POOL_NOT_FOUND, op->pool, TRUE);
        return incus_pool_copy_failed(apply, MS_RULE_MOVE_POOL_COPY_WRAP, MS_RULE_CREATE_POOL_NOT_FOUND);
    }
    /* the copy's create request strips the unsafe volatile keys in a
     * project with limits (AllowInstanceCreation; createFromCopy adds back
     * volatile.last_state.idmap on the same member): ms_apply_move_to_project */
    ms_migrate_strip_unsafe_volatile(apply, instance, "volatile.last_state.idmap");
    return pool_move_copy(apply, instance, new_name);
}

/* lxc move NAME [NEWNAME] -s POOL without --target: the handler's checks
 * (the instance, forwarded to its member; the new name, instance_post.go
 * :240-251 at lxd-5.0.2, :220 at lxd-6.9), then the operation.  Errors of
 * the request are printed "Migration API failure: ...", of the operation
 * "Migration operation failure: ..." (lxc/move.go:375,380 at lxd-5.0.2,
 * :371,390 at lxd-6.9; both seen on the live 5.0.2 cluster). */
gboolean
ms_move_to_pool(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = ms_cluster_lookup_project_instance(apply->cluster, op->project, op->instance);
    const MsMember *member;

    /* `fault migration NAME fail|hang` is a failure of a move between
     * members; a move between pools is a copy on the instance's member
     * (Incus #2922): whether it fails where the injected one would is not
     * read, so the step says so instead of ignoring the fault */
    if (instance != NULL && (ms_cluster_injected(apply->cluster, "migrate", instance->name) != NULL ||
                             ms_cluster_injected(apply->cluster, "migrate-dest", instance->name) != NULL ||
                             ms_cluster_injected(apply->cluster, "hang", instance->name) != NULL))
        return pool_move_unfollowed(apply, "while the scenario injects a migration failure "
                                           "(fault migration) for the instance");
    if (ms_profile_is_incus(apply->profile))
        return incus_pool_move(apply);
    if (strchr(op->instance, '/') != NULL)
        return pool_move_unfollowed(apply, "of a snapshot");
    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, op->instance, instance == NULL))
        return ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
    if (op->new_name != NULL && ms_move_name_invalid(apply, op->new_name))
        return FALSE;
    member = ms_cluster_lookup_member(apply->cluster, instance->location);
    if (member == NULL || member->status != MS_MEMBER_ONLINE)
        return pool_move_unfollowed(apply, "of an instance whose member is not online");
    if (instance->n_backups > 0)
        return pool_move_unfollowed(apply, "of an instance with backups (the copy does not take them)");
    /* lxd-5.21.6+ check the project's restrictions on the copy
     * (checkTargetProjectRestrictions, instance_post.go:686 at lxd-5.21.7) */
    if (ms_project_restricted(ms_cluster_lookup_restricting_project(apply->cluster, instance->project)))
        return pool_move_unfollowed(apply, "in a restricted project");
    return pool_move_in_operation(apply, instance);
}
