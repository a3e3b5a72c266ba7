/* migsim: lxc move --target and lxc rename (moved out of ms-migrate.c,
 * which keeps the migration primitives they use).
 *
 * Algorithms follow lxd/instance_post.go (lxd-5.0.2, lxd-5.21.7, HEAD); see
 * §5 of the behaviour reference. */
#include "ms-apply-private.h"
#include "ms-move-private.h"
#include "ms-names.h"

#include <string.h>

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
void
ms_move_rename_in_cluster(MsCluster *cluster, const MsInstance *instance, const char *new_name)
{
    MsInstance *renamed = ms_instance_copy_named(instance, new_name);
    g_autofree char *old_name = g_strdup(instance->name);

    ms_cluster_remove_instance(cluster, old_name);
    ms_cluster_add_instance(cluster, renamed);
}

/* NAME.INSTANCE for the new name of a move (lxc move NAME NEWNAME --target). */
gboolean
ms_move_name_invalid(MsApply *apply, const char *new_name)
{
    g_autofree char *invalid = ms_name_check(MS_NAME_INSTANCE, new_name, apply->profile);

    /* check sites: NAME_INSTANCE */
    if (!ms_apply_check(apply, MS_RULE_NAME_INSTANCE, new_name, invalid != NULL))
        return FALSE;
    ms_apply_fail(apply, MS_RULE_NAME_INSTANCE, 400, FALSE, g_steal_pointer(&invalid));
    return TRUE;
}

/* A new name already taken where the instance goes: 409 'Name %q already
 * in use' from the handler, which looks the name up in that one project
 * (LXD's rename: lxd/instance_post.go:368-371 at lxd-5.0.2, :529-535 at
 * lxd-5.21.7, :515-521 at lxd-6.9; Incus, rename and move alike:
 * cmd/incusd/instance_post.go:171-199 at v6.0.4, :174/:189/:194 at v6.0.0
 * and v6.1.0, :183/:198/:203 at v7.3.0, the same at every v6.0.x, v6.x and
 * v7.x tag; seen live on 6.0.4 with --target-project).  TRUE when refused. */
gboolean
ms_move_new_name_taken(MsApply *apply, const char *project)
{
    const char *new_name = apply->op->new_name;
    const MsInstance *taken = new_name != NULL ? ms_cluster_lookup_instance(apply->cluster, new_name) : NULL;

    if (!ms_apply_check(apply, MS_RULE_MOVE_NAME_IN_USE, new_name,
                        taken != NULL && ms_project_same(taken->project, project)))
        return FALSE;
    ms_apply_reject(apply, MS_RULE_MOVE_NAME_IN_USE, new_name);
    return TRUE;
}

/* ... and one another project holds, which the handler lets through
 * (there LXD and Incus rename or move): migsim holds one instance per name,
 * so not modelled.  TRUE when it said so. */
gboolean
ms_move_new_name_elsewhere(MsApply *apply, const MsInstance *instance)
{
    const char *new_name = apply->op->new_name;
    const MsInstance *taken = new_name != NULL ? ms_cluster_lookup_instance(apply->cluster, new_name) : NULL;

    if (taken == NULL || taken == instance)
        return FALSE;
    ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                  g_strdup_printf("migsim: not modelled for %s: the new name %s, which project %s has "
                                  "(migsim holds one instance per name)",
                                  apply->profile->name, new_name, ms_project_display(taken->project)));
    return TRUE;
}

/* The group of --target=@GROUP, NULL when the move names a member or the
 * release has no group moves. */
static const char *
move_group(const MsApply *apply)
{
    /* --target=@GROUP moves arrive in lxd-5.0.3 and lxd-5.16 (instance_post.go:
     * CheckTarget and targetGroupName, :209 at lxd-5.0.3, :217 at lxd-5.16;
     * absent at lxd-5.0.2 and lxd-5.15, where the target is looked up as a
     * member name: :138-142 GetNodeByName at lxd-5.0.2); Incus has them (v6.0.0) */
    /* clang-format off */
    static const MsReleases group_moves = { MS_SPAN_FROM(MS_VERSION(5, 0, 3)), MS_SPAN_ALL, MS_SPAN_ALL,
                                            MS_INC_ALL, MS_SPAN_5_FROM(16) };
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
    /* CheckTarget on moves from 5.0.3, 5.16, 5.21.0 and 6.1 (lxd/instance_post.go:209
     * at lxd-5.0.3, :217 at lxd-5.16, :214 at lxd-5.21.0); 5.0.2 and 5.1 .. 5.15
     * check only the targeting restriction (:133 at lxd-5.0.2, :127 at lxd-5.15) */
    /* clang-format off */
    static const MsReleases check_target = { MS_SPAN_FROM(MS_VERSION(5, 0, 3)), MS_SPAN_ALL, MS_SPAN_ALL,
                                             MS_INC_ALL, MS_SPAN_5_FROM(16) };
    /* The group's candidates leave out the current member from 5.0.3 and 5.17
     * (instance_post.go:312-318 at lxd-5.21.7, :265 at lxd-5.17); lxd-5.16
     * may pick it (:143-152 there), and the move then fails in its operation
     * (migrateInstance, :932) */
    static const MsReleases skip_current = { MS_SPAN_FROM(MS_VERSION(5, 0, 3)), MS_SPAN_ALL, MS_SPAN_ALL,
                                             MS_INC_ALL, MS_SPAN_5_FROM(17) };
    /* clang-format on */
    gboolean project_groups = ms_releases_contain(&check_target, apply->profile->version);
    gboolean exclude_current = ms_releases_contain(&skip_current, apply->profile->version);
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
        candidates =
            ms_cluster_candidates(cluster, instance, group, exclude_current ? instance->location : NULL);
        if (!ms_apply_placement_scriptlet(apply, op->instance, "relocation", FALSE))
            return NULL;
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
    /* Incus from 6.0.3 and 6.6 runs the scriptlet on the member named too,
     * before its offline and same-member checks (instance_post.go:327-425
     * then :447,459 at v6.0.4) */
    if (!ms_apply_placement_scriptlet(apply, op->instance, "relocation", TRUE))
        return NULL;
    *target_name = op->target;
    return target;
}

/* From an OFFLINE member LXD relinks an instance on remote storage to the
 * target: every remote driver from 5.21.3 and 6.2
 * (instancePostClusteringMigrateWithRemoteStorage, `Driver().Info().Remote`,
 * commit fcdc78dda3, PR #13934; lxd/instance_post.go at lxd-5.21.3 and
 * lxd-6.2), ceph only before (instancePostClusteringMigrateWithCeph,
 * `Driver().Info().Name == "ceph"`, lxd/instance_post.go:986-988 at
 * lxd-5.21.2 and lxd-6.1): a powerflex instance then takes the ordinary
 * path, which refuses the offline source (:638-641 at lxd-5.21.2). */
static gboolean
offline_source_relinks(const MsApply *apply, const MsInstance *instance)
{
    static const MsReleases ceph_only = MS_REL_UNTIL(3, 2);
    g_autoptr(MsDevices) devices = NULL;
    MsDevice *root;
    const MsPool *pool;

    if (!ms_instance_root_pool_is_remote(apply->cluster, instance))
        return FALSE;
    if (ms_profile_is_incus(apply->profile) || !ms_releases_contain(&ceph_only, apply->profile->version))
        return TRUE;
    devices = ms_cluster_expand_devices(apply->cluster, instance);
    root = ms_cluster_devices_root_disk(apply->cluster, devices);
    pool = root != NULL ? ms_cluster_lookup_pool(apply->cluster, ms_device_lookup_lit(root, "pool") ?: "")
                        : NULL;
    return pool != NULL && g_strcmp0(pool->driver, "ceph") == 0;
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
    /* Incus 7.0-7.3: the project change is dropped (Incus PR #4003) */
    gboolean drops_project = ms_move_incus_drops_project(apply, instance);

    /* dead in lxd-5.21.5+,lxd-6.7+: from lxd-5.21.5 and lxd-6.8 the request
     * is refused before the operation (instance_post.go:386 at lxd-5.21.7, :352
     * at lxd-6.9), and lxd-6.7 does not check (move_to_own_member_67 above) */
    if (!same_sync && ms_apply_check(apply, MS_RULE_MOVE_SAME_MEMBER, op->instance,
                                     g_str_equal(instance->location, target_name)))
        return ms_apply_reject_async(apply, MS_RULE_MOVE_SAME_MEMBER, TRUE);
    source = ms_cluster_lookup_member(cluster, instance->location);
    if (ms_apply_check(apply, MS_RULE_MOVE_SRC_OFFLINE, op->instance,
                       source != NULL && source->status == MS_MEMBER_OFFLINE &&
                           !offline_source_relinks(apply, instance)))
        return ms_apply_reject(apply, MS_RULE_MOVE_SRC_OFFLINE);
    if (ms_rule_applies(MS_RULE_MOVE_DEST_EVACUATED, profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_DEST_EVACUATED, target_name,
                       target->status == MS_MEMBER_EVACUATED))
        return ms_apply_reject(apply, MS_RULE_MOVE_DEST_EVACUATED);

    if (op->target_project != NULL && !drops_project) {
        /* the local copy into the project first, then the migration
         * (instance_post.go:403-428 at lxd-6.9, :431-456 at lxd-5.21.7;
         * cmd/incusd/instance_post.go:688-693,822 at v6.0.4) */
        if (!ms_apply_move_to_project(apply, instance))
            return FALSE;
        instance = ms_cluster_lookup_project_instance(cluster, op->target_project,
                                                      op->new_name != NULL ? op->new_name : op->instance);
    }
    /* LXD #11530: from an OFFLINE member, a remote-pool instance is only
     * relinked in the database to the target; no request reaches the source,
     * so neither its running state nor `live` is looked at, nothing is
     * stopped or started, and the target runs nothing
     * (instancePostClusteringMigrateWithCeph, lxd/instance_post.go:762-800 at
     * lxd-5.0.2 with no source address; :801-830 at lxd-5.13;
     * instancePostClusteringMigrateWithRemoteStorage, :1027-1100 and
     * :1140-1148 at lxd-5.21.7, :1039, :1151-1161 at lxd-6.9).  The record's
     * volatile.last_state.power stays as it was. */
    if (source != NULL && source->status == MS_MEMBER_OFFLINE && offline_source_relinks(apply, instance))
        instance->status = MS_INSTANCE_STOPPED;
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
    ms_move_set_profiles(apply, instance);
    if (group != NULL)
        ms_instance_set_config(instance, "volatile.cluster.group", group);
    /* Incus renames before the dropped project branch (instance_post.go
     * :682-697 at v7.3.0) */
    if (op->new_name != NULL && (op->target_project == NULL || drops_project))
        ms_move_rename_in_cluster(cluster, instance, op->new_name);
    return TRUE;
}

/* Incus moves a stopped instance into another project with a create of
 * the copy on the target member: migrateInstance's CreateInstance through
 * the daemon's own socket with UseTarget (cmd/incusd/instance_post.go
 * :681-682, :771-783 at v6.0.4), whose createFromCopy refuses on an
 * evacuated member (cmd/incusd/instances_post.go:477-478 at v6.0.4) inside
 * the move's operation, wrapped 'Failed requesting instance create on
 * destination: ' (MOVE.POOL_CREATE_WRAP).  The handler's own checks come
 * first (an unknown or offline target, the same member, backups:
 * instance_post.go:330-478), so only a known, other, not offline member
 * without backups is judged here; seen on the live 6.0.4 cluster
 * (tools/live-random.py --product incus --gen 21 --seed 33301, scenario 0
 * line 41, where migsim moved the instance).  LXD checks the destination
 * itself (MOVE.DEST_EVACUATED).  FALSE when refused. */
static gboolean
move_project_to_evacuated(MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;
    const MsMember *dest;

    if (!ms_profile_is_incus(apply->profile) || op->target == NULL || op->new_name != NULL ||
        instance->status == MS_INSTANCE_RUNNING || instance->n_backups > 0)
        return TRUE;
    dest = ms_cluster_lookup_member(apply->cluster, op->target);
    if (dest == NULL || dest->status == MS_MEMBER_OFFLINE || g_strcmp0(dest->name, instance->location) == 0)
        return TRUE;
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD checks the destination itself, MOVE.DEST_EVACUATED) */
    if (ms_apply_check(apply, MS_RULE_CREATE_EVACUATED, dest->name, dest->status == MS_MEMBER_EVACUATED)) {
        g_autofree char *inner = ms_rule_message(MS_RULE_CREATE_EVACUATED, apply->profile);
        /* check sites: MOVE_POOL_CREATE_WRAP */
        ms_apply_check(apply, MS_RULE_MOVE_POOL_CREATE_WRAP, instance->name, TRUE);
        return ms_apply_fail(apply, MS_RULE_CREATE_EVACUATED, 403, TRUE,
                             ms_rule_message(MS_RULE_MOVE_POOL_CREATE_WRAP, apply->profile, inner));
    }
    return TRUE;
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

    if (ms_move_local_pool(apply))
        return ms_move_to_pool(apply);
    if (ms_move_options_refused(apply))
        return FALSE;
    /* Incus looks the instance's member up first without a target too
     * (cmd/incusd/instance_post.go:105-110 at v6.0.4, before the request
     * is read; the client posts incus move NAME --target-project P as is,
     * cmd/incus/move.go:335, client/incus_instances.go:1122): migsim said
     * 'Instance not found' (review s33-revC, as ms_apply_rename's) */
    if (instance == NULL && op->target == NULL && ms_profile_is_incus(profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND, op->instance, TRUE))
        return ms_apply_reject(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND);
    if (instance == NULL && op->target != NULL && ms_rule_applies(MS_RULE_MOVE_INSTANCE_NOT_FOUND, profile)) {
        /* 5.0.0-5.0.2 and 5.1-5.15 look the target member up before the
         * instance's (lxd/instance_post.go:139-141 then :146-150 at
         * lxd-5.0.2; "Failed to get target node" is gone from 5.0.3 and
         * 5.16, which look the instance up first, :122-125 at lxd-5.0.9):
         * an unknown instance moved to an unknown member names the member
         * (live 5.0.2: tools/live-random.py --gen 4 --seed 3000, scenario 9
         * line 29).  "@GROUP" is such a name there: instancePost has no
         * group targets before 5.0.3 and 5.16 (git grep at each tag). */
        /* clang-format off */
        static const MsReleases target_first_releases = MS_REL_V5(MS_SPAN_50_UNTIL(3), MS_SPAN_5_UNTIL(16),
                                                                  MS_SPAN_NONE, MS_SPAN_NONE);
        /* clang-format on */
        gboolean target_first = ms_releases_contain(&target_first_releases, profile->version);

        /* those releases load the request's project before anything else
         * (lxd/instance_post.go:122-125 at lxd-5.0.2; live 5.0.2, gen 17
         * seed 17003); the later ones find no instance in it */
        if (target_first &&
            ms_apply_check(apply, MS_RULE_MOVE_PROJECT_NOT_FOUND, ms_project_display(op->project),
                           !ms_cluster_has_project(cluster, op->project)))
            return ms_apply_reject(apply, MS_RULE_MOVE_PROJECT_NOT_FOUND);
        /* dead in lxd-5.21.x,lxd-6.x: MOVE.INSTANCE_NOT_FOUND is 5.0.x, 5.1-5.20 and Incus only */
        if (target_first && ms_apply_check(apply, MS_RULE_MOVE_TARGET_NOT_FOUND, op->target,
                                           ms_cluster_lookup_member(cluster, op->target) == NULL))
            return ms_apply_reject(apply, MS_RULE_MOVE_TARGET_NOT_FOUND, op->target);
        if (ms_apply_check(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND, op->instance, TRUE))
            return ms_apply_reject(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND);
    }
    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, op->instance, instance == NULL))
        return ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
    /* with a target and a source member that is not OFFLINE, instancePost
     * forwards the request to the source (lxd/instance_post.go:172-199 at
     * lxd-5.0.2, :173 at lxd-5.21.7 'if target == "" || !sourceNodeOffline');
     * one that stopped answering fails it in ways migsim does not follow
     * (review s25) */
    if (op->target != NULL && ms_apply_forward_unreachable(apply, op->instance, instance->location))
        return FALSE;
    if (op->target_project != NULL && op->target == NULL) {
        const MsMember *source = ms_cluster_lookup_member(cluster, instance->location);

        /* Incus refuses a move without a target whose instance's member is
         * OFFLINE before it reads the request (cmd/incusd/instance_post.go
         * :131-133 at v6.0.4; :127 at v6.0.0, :130 at v6.0.6 and v6.23.0,
         * :136 at v7.3.0: every tag), the pool move's check: migsim said
         * MOVE.PROJECT_LIVE for a running instance (review s34-revD) */
        if (ms_profile_is_incus(profile) &&
            /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD forwards to the member) */
            ms_apply_check(apply, MS_RULE_MOVE_POOL_SRC_OFFLINE, op->instance,
                           source != NULL && source->status == MS_MEMBER_OFFLINE))
            return ms_apply_reject(apply, MS_RULE_MOVE_POOL_SRC_OFFLINE);
        /* otherwise the request is forwarded to that member as with a
         * target (lxd/instance_post.go:163-172 at lxd-6.9, 'target == "" ||
         * !sourceNodeOffline'; cmd/incusd/instance_post.go:141-149 at
         * v6.0.4): one that stopped answering is not followed (migsim
         * moved a stopped instance, review s34-revD) */
        if (ms_apply_forward_unreachable(apply, op->instance, instance->location))
            return FALSE;
        /* then the handler's checks of a new name, in the target project
         * (ms_move_new_name_taken), before the running ones */
        if (ms_profile_is_incus(profile) && op->new_name != NULL &&
            !g_str_equal(op->new_name, instance->name) &&
            (ms_move_name_invalid(apply, op->new_name) || ms_move_new_name_taken(apply, op->target_project)))
            return FALSE;
        /* Incus from 6.0.3 and 6.6 runs the scriptlet for --target-project
         * alone too, on the current member ('Check if the current location
         * is fine', then "Validate the current target": instance_post.go
         * :278,299-302,419-422 at v6.0.4) */
        if (!ms_apply_placement_scriptlet(apply, op->instance, "relocation into another project", TRUE))
            return FALSE;
        return ms_apply_move_to_project(apply, instance);
    }
    if (op->target_project != NULL && !ms_move_target_project_modelled(apply, instance))
        return FALSE;
    /* Incus 7.0-7.3 moves a stopped instance to another member without the
     * copy into --target-project, where these checks are made */
    gboolean drops_project = ms_move_incus_drops_project(apply, instance);
    if (op->target_project != NULL && !drops_project &&
        (!ms_apply_project_move_in(apply, instance, op->target_project) ||
         !ms_apply_project_move_count_limits(apply, instance, op->target_project) ||
         !ms_apply_project_move_aggregate(apply, instance, op->target_project)))
        return FALSE;
    if (op->target_project != NULL && !drops_project && !move_project_to_evacuated(apply, instance))
        return FALSE;
    if (!ms_move_pool_modelled(apply, instance))
        return FALSE;
    if (!ms_move_profiles_modelled(apply, instance))
        return FALSE;
    if (name_first && op->new_name != NULL && ms_move_name_invalid(apply, op->new_name))
        return FALSE;
    /* Incus: before the target is looked up (instance_post.go:233-237 at
     * v6.0.4; only a new name in use is checked earlier, :190-199) */
    if (ms_rule_applies(MS_RULE_MOVE_STATELESS_RUNNING, profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_STATELESS_RUNNING, op->instance,
                       op->stateless && instance->status == MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_MOVE_STATELESS_RUNNING);
    ms_apply_project_targeting(apply, checks_project);
    /* the instance is placed in --target-project: its limits are checked
     * there (limits.AllowInstanceCreation, lxd/instance_post.go:1221 at
     * lxd-5.21.7, 'Instance cannot be placed in project "P"') */
    if (op->target_project != NULL && !drops_project)
        ms_apply_project_limits_note(apply, op->target_project, FALSE);
    target = move_target(apply, instance, group, checks_project, &target_name);
    if (target == NULL)
        return FALSE;
    if (!name_first && op->new_name != NULL && ms_move_name_invalid(apply, op->new_name))
        return FALSE;
    /* LXD checks a new name only on the rename path, after the migration
     * branch has returned its operation (instance_post.go:368 after :251
     * at lxd-5.0.2, :529 after :412-478 at lxd-5.21.7, :515 at lxd-6.9).
     * The instance's own name is the request lxc sends without a new name
     * (lxc/move.go:278-279 at lxd-5.0.2, :285-286 at lxd-5.21.7, :282-283
     * at lxd-6.9): a plain move (live 5.0.2, move-target-name-taken.scn).
     * The copying releases (5.0.0-5.0.2, 5.1-5.11, not on a ceph pool,
     * which relinks) create the copy under a taken name of the project and
     * fail there (MOVE.NAME_TAKEN_COPY, ms_migrate_instance).  Elsewhere
     * the source renames first (instance_post.go:656 at lxd-5.0.3, :848 at
     * lxd-5.21.7), which migsim has not read; Incus checks it early. */
    const MsInstance *taken = op->new_name != NULL ? ms_cluster_lookup_instance(cluster, op->new_name) : NULL;
    gboolean own_name = taken == instance && op->target_project == NULL;
    gboolean copy_refuses = taken != NULL && !own_name && op->target_project == NULL &&
                            ms_profile_has(profile, MS_FEATURE_MOVE_COPY_RENAME) &&
                            g_strcmp0(taken->project, instance->project) == 0 &&
                            !ms_instance_root_pool_is_remote(cluster, instance);
    gboolean name_in_op = taken != NULL && !ms_profile_is_incus(profile) && !own_name && !copy_refuses;

    /* Incus clears a new name equal to the instance's own before it checks
     * one (cmd/incusd/instance_post.go:165-168 then :182-199 at v6.0.4, at
     * every v6.x and v7.x tag): incus move C C --target M is a plain move */
    if (op->new_name != NULL && ms_profile_is_incus(profile) && !g_str_equal(op->new_name, instance->name) &&
        (ms_move_new_name_taken(apply, op->target_project != NULL ? op->target_project : instance->project) ||
         ms_move_new_name_elsewhere(apply, instance)))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_MOVE_TARGET_OFFLINE, target_name, target->status == MS_MEMBER_OFFLINE))
        return ms_apply_reject(apply, MS_RULE_MOVE_TARGET_OFFLINE);
    if (group == NULL)
        ms_move_unset_cluster_group(apply, instance);
    if (name_in_op)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc move %s %s --target, a name "
                                             "already taken (LXD checks it only inside the move's "
                                             "operation)",
                                             profile->name, op->instance, op->new_name));
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
    /* at 5.21.7 (5.0.9: with a pool) the operation re-sums the project's
     * limits */
    if (op->target_project == NULL && !ms_apply_project_move_same_aggregate(apply, instance))
        return FALSE;
    /* migrateInstance's pool checks (cmd/incusd/instance_post.go:548-549 at
     * v6.0.4; :639-647 at v6.0.6); ms_move_options_refused let only these
     * -s moves through */
    if (op->pool != NULL) {
        MsRuleId pool_rule = ms_move_incus_pool_refused(apply, instance);

        if (pool_rule == MS_RULE_MOVE_POOL_SAME &&
            ms_apply_check(apply, MS_RULE_MOVE_POOL_SAME, op->pool, TRUE))
            return ms_apply_reject(apply, MS_RULE_MOVE_POOL_SAME);
        if (pool_rule == MS_RULE_MOVE_POOL_UNKNOWN &&
            ms_apply_check(apply, MS_RULE_MOVE_POOL_UNKNOWN, op->pool, TRUE))
            return ms_apply_reject(apply, MS_RULE_MOVE_POOL_UNKNOWN, op->pool);
        if (ms_move_incus_target_pool(apply, instance))
            return ms_move_incus_pool_to_member(apply, instance, target);
    }

    return move_in_operation(apply, instance, target, target_name, group);
}

/* ---- rename ---- */

/* LXD #18224: `lxc rename` of a stopped container just after `lxc file`
 * races the forkfile clean-up, which unmounts the rootfs in the background;
 * on zfs the storage rename then fails "device or resource busy" or
 * succeeds, by timing.  Fixed in 6.9: Rename calls stopForkfile first
 * (lxd/instance/drivers/driver_lxc.go:3574-3580 at lxd-6.9, commit
 * 306fa98558; absent at lxd-6.8).  Incus' Rename does not wait either
 * (internal/server/instance/drivers/driver_lxc.go:4026 at v6.0.4), but whether
 * its clean-up races the same way is not read.  A dir pool mounts nothing
 * (driver_dir_volumes.go:378 MountVolume at lxd-6.7), so its rename is a
 * plain directory rename; other drivers are not read. */
static gboolean
rename_races_file_cleanup(const MsApply *apply, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = NULL;
    MsDevice *root;
    const MsPool *pool;

    if (!instance->file_ops_pending || instance->type != MS_INSTANCE_CONTAINER ||
        (!ms_profile_is_incus(apply->profile) && apply->profile->version >= MS_VERSION(6, 9, 0)))
        return FALSE;
    devices = ms_cluster_expand_devices(apply->cluster, instance);
    root = ms_cluster_devices_root_disk(apply->cluster, devices);
    pool = root != NULL ? ms_cluster_lookup_pool(apply->cluster, ms_device_lookup_lit(root, "pool") ?: "")
                        : NULL;
    return pool == NULL || g_strcmp0(pool->driver, "dir") != 0;
}

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

    /* incus: RenameInstance of NAME/SNAP, which instancePost refuses before
     * it looks anything up (cmd/incus/move.go:136, cmd/incusd/
     * instance_post.go:95-96 at v6.0.4; RENAME.SNAPSHOT_INCUS) */
    if (strchr(op->instance, '/') != NULL && ms_profile_is_incus(apply->profile)) {
        ms_apply_check(apply, MS_RULE_RENAME_SNAPSHOT_INCUS, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_RENAME_SNAPSHOT_INCUS);
    }
    if (strchr(op->instance, '/') != NULL)
        return ms_apply_snapshot_rename(apply);
    instance = ms_cluster_lookup_project_instance(cluster, op->project, op->instance);
    /* incus: instancePost looks the instance's member up first, whatever
     * the request (cmd/incusd/instance_post.go:105-110 at v6.0.4; incus
     * rename is incus move's RenameInstance, cmd/incus/rename.go, move.go
     * :125-141); seen live (tools/live-random.py --product incus --gen 21
     * --seed 33301, scenario 1 line 42, where migsim said "Instance not found") */
    if (instance == NULL && ms_profile_is_incus(apply->profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND, op->instance, TRUE))
        return ms_apply_reject(apply, MS_RULE_MOVE_INSTANCE_NOT_FOUND);
    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, op->instance, instance == NULL))
        return ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
    /* instancePost forwards an untargeted request to the instance's member
     * before it reads the body (lxd/instance_post.go:197-207 at lxd-5.0.2,
     * :175 at lxd-5.21.7, :166 at lxd-6.9; cmd/incusd/instance_post.go:144 at
     * v6.0.4): an offline member's instance gets "Missing event connection"
     * whatever the new name (live 5.0.2: gen 16 seed 16002 scenario 0 line
     * 27, where migsim answered RENAME.RUNNING) */
    if (ms_apply_forward_refused(apply, op->instance, instance->location))
        return FALSE;
    if (ms_move_name_invalid(apply, op->new_name))
        return FALSE;
    if (ms_move_new_name_taken(apply, instance->project) || ms_move_new_name_elsewhere(apply, instance))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_RENAME_RUNNING, op->instance, instance->status == MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_RENAME_RUNNING,
                               instance->type == MS_INSTANCE_VM ? "instance" : "container");
    if (rename_races_file_cleanup(apply, instance))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: renaming a stopped container "
                                             "right after 'lxc file' races the file operation's clean-up "
                                             "(LXD #18224): the rename succeeds or fails with \"device or "
                                             "resource busy\", by timing",
                                             apply->profile->name));
    ms_move_rename_in_cluster(cluster, instance, op->new_name);
    return TRUE;
}
