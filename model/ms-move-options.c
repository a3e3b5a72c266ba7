/* migsim: the options of lxc move --target that change what is sent or
 * that migsim does not follow: --target-project, -s POOL, --instance-only,
 * -p/--profile and --no-profiles (moved out of ms-migrate.c; ms-move.c
 * calls these). */
#include "ms-apply-private.h"
#include "ms-copy-private.h"
#include "ms-move-private.h"

#include <string.h>

/* lxc move --target M --target-project P: lxc refuses the pair until
 * lxd-5.21.4 and lxd-6.6 (CLI.MOVE_TARGET_PROJECT), before any request;
 * later clients, and every Incus client, send one request (lxc/move.go
 * :180-232,283-300 at lxd-5.21.7, :179-229,280-297 at lxd-6.9;
 * cmd/incus/move.go:180-200,264-280 at v6.0.4). TRUE when lxc refused. */
static gboolean
client_refuses_target_project(MsApply *apply)
{
    const MsOp *op = apply->op;

    if (op->target_project == NULL || op->target == NULL ||
        !ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_PROJECT, apply->profile))
        return FALSE;
    ms_apply_check(apply, MS_RULE_CLI_MOVE_TARGET_PROJECT, op->instance, TRUE);
    ms_apply_reject(apply, MS_RULE_CLI_MOVE_TARGET_PROJECT);
    return TRUE;
}

/* Incus #4003 (PR, 2026-09): from v7.0.0 migrateInstance takes its local
 * pool-and-project branch only when the instance stays on its member
 * ('targetMemberInfo == nil || inst.Location() == targetMemberInfo.Name',
 * cmd/incusd/instance_post.go:701 at v7.3.0, commit 12257dd6dc, first in
 * v7.0.0; the branch had no such condition at v6.0.6 :680 and v6.23.0
 * :680).  A stopped instance sent to another member with --target-project
 * therefore skips the copy into the project and goes through the remote
 * migration in its own project (:873-990, UseProject(inst.Project().Name)
 * :882): the operation succeeds, the member changes, the project does not.
 * The handler's checks before the operation (the target project's cluster
 * groups, :287-340; the same member, :468; backups, :473) still run.  A
 * running instance takes the live path (ms_move_target_project_modelled).
 * Fixed after v7.3.0 (PR #4003, in no tag modelled here). */
gboolean
ms_move_incus_drops_project(const MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;

    return op->kind == MS_OP_MOVE && op->target_project != NULL && op->target != NULL &&
           ms_profile_is_incus(apply->profile) && apply->profile->version >= MS_VERSION_INCUS(7, 0, 0) &&
           instance->status != MS_INSTANCE_RUNNING;
}

/* The request lxc sends for --target with --target-project: FALSE (and
 * said so) where migsim does not follow it. */
gboolean
ms_move_target_project_modelled(MsApply *apply, const MsInstance *instance)
{
    const MsMember *source;

    if (instance->status != MS_INSTANCE_RUNNING)
        return TRUE;
    /* incus sends --target with --target-project in one server-side move
     * (cmd/incus/move.go:180-200,264-280 at v6.0.4), which the instance's
     * member handles when it is not OFFLINE (cmd/incusd/instance_post.go
     * :136-149 at v6.0.4): a running instance is refused there as without
     * a target, --stateless first (MOVE.PROJECT_STATELESS), then the live
     * move (MOVE.PROJECT_LIVE, :233-253); a new name or a pool is checked
     * first or with them: not modelled */
    source = ms_cluster_lookup_member(apply->cluster, instance->location);
    if (ms_profile_is_incus(apply->profile) && apply->op->new_name == NULL && apply->op->pool == NULL &&
        source != NULL && source->status != MS_MEMBER_OFFLINE) {
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD stops the instance statefully) */
        if (ms_apply_check(apply, MS_RULE_MOVE_PROJECT_STATELESS, instance->name, apply->op->stateless))
            return ms_apply_reject_async(apply, MS_RULE_MOVE_PROJECT_STATELESS, FALSE);
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD stops the instance statefully) */
        ms_apply_check(apply, MS_RULE_MOVE_PROJECT_LIVE, instance->name, TRUE);
        return ms_apply_reject(apply, MS_RULE_MOVE_PROJECT_LIVE);
    }
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc move --target with "
                                         "--target-project of a running instance (a live copy into the "
                                         "project, then a migration)",
                                         apply->profile->name));
}

/* lxc move --target M -s POOL with nothing else: from lxd-5.21.5 and
 * lxd-6.7 lxc sends one POST /1.0/instances/NAME with target=M and the pool
 * (moveInstance, lxc/move.go:219-226,296-306 at lxd-6.9); the server's
 * instancePostMigration moves it with the root disk on POOL (below).
 * Incus (cmd/incus/move.go) is not read for this. */
static gboolean
pool_move_client(const MsApply *apply)
{
    const MsOp *op = apply->op;

    return !ms_profile_is_incus(apply->profile) &&
           !ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_STORAGE, apply->profile) && !op->instance_only &&
           op->target_project == NULL && !ms_move_has_overrides(op) && apply->op->group == NULL;
}

/* `incus move C --target M -s POOL` alone: a stopped C, no new name,
 * project, overrides, --instance-only or @GROUP (the form the two
 * functions below answer) */
static gboolean
incus_plain_target_pool_move(const MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;

    return ms_profile_is_incus(apply->profile) && op->target != NULL && op->pool != NULL &&
           op->group == NULL && op->new_name == NULL && op->target_project == NULL && !op->instance_only &&
           !ms_move_has_overrides(op) && instance != NULL && instance->status != MS_INSTANCE_RUNNING;
}

/* Incus: `incus move C --target M -s POOL` of a stopped C.  The client
 * sends one server-side POST with the target and the pool (isServerSide,
 * cmd/incus/move.go:152-199,273-281 at v6.0.4); instancePost runs its
 * target checks (offline target, same member, backups: instance_post.go
 * :445-478 at v6.0.4) and migrateInstance then refuses first a POOL the
 * root disk is on already, from v6.0.3 and v6.8 (MOVE.POOL_SAME:
 * instance_post.go:548-549 at v6.0.4; seen live on 6.0.4,
 * tools/live-random.py --product incus --gen 22 --seed 37301, scenario 0
 * line 24, where migsim said "not modelled"), then, from v6.0.6 and v6.22,
 * a POOL that does not exist, before the rename and the copy
 * (MOVE.POOL_UNKNOWN: instance_post.go:639-647 at v6.0.6 and v6.22.0,
 * :660-668 at v7.3.0; the source member's offline branch between them,
 * :567-604 at v6.0.6, cannot be taken: instancePost refused a -s move of
 * an offline member's instance, :265-267).  The rule, or MS_RULE_NONE:
 * another POOL, and the releases without the check, stay not modelled. */
MsRuleId
ms_move_incus_pool_refused(const MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;
    g_autofree char *root_pool = NULL;

    if (!incus_plain_target_pool_move(apply, instance))
        return MS_RULE_NONE;
    root_pool = ms_copy_root_pool_name(apply->cluster, instance);
    if (ms_rule_applies(MS_RULE_MOVE_POOL_SAME, apply->profile) && g_strcmp0(root_pool, op->pool) == 0)
        return MS_RULE_MOVE_POOL_SAME;
    /* a pending pool is found (GetStoragePoolID): not refused here */
    if (ms_rule_applies(MS_RULE_MOVE_POOL_UNKNOWN, apply->profile) &&
        ms_cluster_lookup_pool(apply->cluster, op->pool) == NULL)
        return MS_RULE_MOVE_POOL_UNKNOWN;
    return MS_RULE_NONE;
}

/* Incus: `incus move C --target M -s POOL` of a stopped C into another
 * pool that exists (created), with no new name, project, overrides,
 * --instance-only or @GROUP: instancePost's target checks, then
 * migrateInstance's copy onto M (ms_move_incus_pool_to_member).  The pool
 * C is on already, at the releases without MOVE.POOL_SAME, stays not
 * modelled (a copy into the same pool across members: not read). */
gboolean
ms_move_incus_target_pool(const MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;
    const MsPool *pool;
    g_autofree char *root_pool = NULL;

    if (!incus_plain_target_pool_move(apply, instance) ||
        ms_move_incus_pool_refused(apply, instance) != MS_RULE_NONE)
        return FALSE;
    /* From v7.0.0 the copy branch is taken only when the instance stays on
     * its member (cmd/incusd/instance_post.go:685 at v7.0.0, :701 at v7.3.0,
     * commit 12257dd6dc; Incus PR #4003's ms_move_incus_drops_project): a
     * move to another member is the remote migration with the pool handed
     * to the migration source (newMigrationSource(..., req.Pool, ...), :907
     * at v7.3.0), not read (review s38-revB: migsim copied it as at 6.x) */
    if (apply->profile->version >= MS_VERSION_INCUS(7, 0, 0) &&
        g_strcmp0(instance->location, op->target) != 0)
        return FALSE;
    root_pool = ms_copy_root_pool_name(apply->cluster, instance);
    pool = ms_cluster_lookup_pool(apply->cluster, op->pool);
    return pool != NULL && pool->state == MS_POOL_CREATED && g_strcmp0(root_pool, op->pool) != 0;
}

/* lxc move --target M --instance-only (alone, or with -p/--no-profiles)
 * from lxd-5.21.5 and lxd-6.7: moveInstance sends instance_only in the POST
 * (lxc/move.go:305 at lxd-6.9, :308 at lxd-5.21.7), but it is not an
 * instance change (hasInstanceChanges, lxd/instance_post.go:317-318 at
 * lxd-6.9, :351-352 at lxd-5.21.5..5.21.7, :323-324 at lxd-6.7) and
 * instancePostClusteringMigrate sets up its migration source with
 * instanceOnly false (:876 at lxd-6.9, :882 at lxd-6.8, :887 at lxd-6.7, :885
 * at lxd-5.21.5, :890 at lxd-5.21.6/7) and asks the destination for the
 * instance without it (:921-934 at lxd-6.9): the move is a plain one,
 * snapshots included.  With -s or --target-project the flag reaches a
 * local copy (instanceCreateAsCopy, :709 at lxd-6.9): not followed.  Incus
 * (cmd/incus/move.go) is not read for this. */
static gboolean
instance_only_ignored(const MsApply *apply)
{
    const MsOp *op = apply->op;

    return op->instance_only && op->target != NULL && !ms_profile_is_incus(apply->profile) &&
           !ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY, apply->profile) && op->pool == NULL &&
           op->target_project == NULL && (op->keys->len == 0 && op->device_overrides == NULL);
}

/* incus move C --target M --instance-only (no -s, --target-project,
 * overrides or @GROUP): the incus client sends one server-side move with
 * instance_only (isServerSide, cmd/incus/move.go:152-199,273-279 at
 * v6.0.4).  instancePost reads the flag only for a move between servers
 * (:504) and for a pool or project move (:779); a move to the instance's
 * own member is refused before (MOVE.SAME_MEMBER, :458-459; live 6.0.4:
 * tools/live-random.py --product incus --gen 18 --seed 27018, scenario 1
 * line 37) and migrateInstance's move to another member sets its migration
 * source up with instanceOnly false (:870 at v6.0.4; :749 at v6.0.0, :886 at
 * v6.0.6, :891 at v6.23.0, :908 at v7.3.0): the move is a plain one,
 * snapshots included (live 6.0.4: tools/live-random.py --product incus
 * --gen 19 --seed 28019, scenario 3 line 44 moved; scenario 0 line 24, a
 * running container with --stateless, "Instance must be stopped to be
 * moved statelessly").  Any other --instance-only move stays not
 * modelled. */
static gboolean
incus_instance_only_ignored(const MsApply *apply)
{
    const MsOp *op = apply->op;

    return ms_profile_is_incus(apply->profile) && op->instance_only && op->target != NULL &&
           op->pool == NULL && op->target_project == NULL && !ms_move_has_overrides(op) && op->group == NULL;
}

/* lxc move --target M -p P... or --no-profiles with nothing else, from
 * lxd-6.8: moveInstance sends the profiles in the POST (lxc/move.go
 * :311-319 at lxd-6.9); a profile change is an instance change
 * (instance_post.go:317-318) moved by instancePostClusteringMigrate, which
 * from lxd-6.8 writes the requested profiles to the record after the
 * migration (:798-804,965-972 at lxd-6.9; LXD commit b5236a1378, "Apply
 * profile overrides during cluster instance moves").  lxd-5.21.5..5.21.7 and
 * 6.7 send them too, but do not write them (no UpdateInstanceProfiles,
 * :809-813,950-970 at lxd-5.21.7), and 5.21.7 also runs
 * checkTargetProjectRestrictions (:686): migsim leaves those "not modelled".
 * The destination loads the existing record and does not apply the sent
 * config or devices (instances_post.go:273-336 at lxd-6.9), so -c and -d
 * stay "not modelled" too. */
static gboolean
profiles_move_client(const MsApply *apply)
{
    const MsOp *op = apply->op;
    /* clang-format off */
    static const MsReleases profile_moves = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(6, 8, 0)),
                                              MS_INC_NONE };
    /* clang-format on */

    return ms_releases_contain(&profile_moves, apply->profile->version) &&
           (op->profiles != NULL || op->no_profiles) && op->keys->len == 0 && op->device_overrides == NULL &&
           op->pool == NULL && op->target_project == NULL && op->group == NULL;
}

/* Why migsim does not follow a server-side cluster move with changes from
 * @instance's member: an offline source, or the instance's own member
 * (@own says why for that one); NULL when it does. */
static const char *
move_members_unfollowed(const MsApply *apply, const MsInstance *instance, const char *own)
{
    const MsMember *source = ms_cluster_lookup_member(apply->cluster, instance->location);

    if (source == NULL || source->status != MS_MEMBER_ONLINE)
        return "from a member that is not online (instance_post.go:356-377 at lxd-6.9, :390-410 at "
               "lxd-5.21.7)";
    if (g_strcmp0(instance->location, apply->op->target) == 0)
        return own;
    return NULL;
}

/* "not modelled" for lxc move --target with @options, because of @why;
 * TRUE when @why is NULL (the move is followed). */
static gboolean
move_unfollowed(MsApply *apply, const char *options, const char *why)
{
    if (why == NULL)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc move --target with %s %s",
                                         apply->profile->name, options, why));
}

/* The cases of --target M -p/--no-profiles migsim follows: a stopped
 * instance on an online member, to another member, with profiles that exist
 * and a root disk after the move (its own, or from the new profiles; the
 * upstream test moves an instance with its own root disk,
 * test/suites/clustering_move.sh:138-150 at lxd-6.9).  FALSE (and said so)
 * otherwise. */
gboolean
ms_move_profiles_modelled(MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;
    const char *profile_project = ms_cluster_profile_project(apply->cluster, instance->project);
    gboolean root = ms_devices_root_disk(instance->devices) != NULL;
    const char *why;

    if (!profiles_move_client(apply))
        return TRUE;
    for (guint i = 0; op->profiles != NULL && i < op->profiles->len; i++) {
        const MsProfileEntity *entity =
            ms_cluster_lookup_profile_in(apply->cluster, profile_project, op->profiles->pdata[i]);
        if (entity == NULL)
            return move_unfollowed(apply, "-p/--no-profiles",
                                   "naming a profile that does not exist (refused inside the operation)");
        root = root || ms_devices_root_disk(entity->devices) != NULL;
    }
    if (instance->status == MS_INSTANCE_RUNNING)
        return move_unfollowed(apply, "-p/--no-profiles", "of a running instance");
    why = move_members_unfollowed(apply, instance,
                                  "to the instance's own member (a profile change makes it a cluster move, "
                                  "instance_post.go:333-334 at lxd-6.9)");
    if (why == NULL && !root)
        why = "leaving the instance without a root disk";
    return move_unfollowed(apply, "-p/--no-profiles", why);
}

/* The requested profiles replace the instance's after the migration
 * (UpdateInstanceProfiles, instance_post.go:965-972 at lxd-6.9); its own
 * config and devices are kept. */
void
ms_move_set_profiles(MsApply *apply, MsInstance *instance)
{
    const MsOp *op = apply->op;

    if (!profiles_move_client(apply))
        return;
    g_ptr_array_set_size(ms_instance_profiles_mut(instance), 0);
    for (guint i = 0; op->profiles != NULL && i < op->profiles->len; i++)
        g_ptr_array_add(ms_instance_profiles_mut(instance), g_strdup(op->profiles->pdata[i]));
}

/* --target M -s POOL (sent from lxd-5.21.5 and lxd-6.7, lxc/move.go
 * :296-306 at lxd-6.9).  instancePostMigration puts POOL in the root disk
 * of the devices it sends to M (lxd/instance_post.go:576,628-663 at
 * lxd-6.9, :582,634-669 at lxd-5.21.7), but for a same-name cluster move
 * M's migration sink loads the instance's existing record instead of
 * creating one from them (prepareInstanceMigrationSink,
 * lxd/instances_post.go:273 at lxd-6.9, :256 at lxd-5.21.7), and the
 * record is moved with the source pool (UpdateInstanceNode with srcPool,
 * instance_post.go:960 at lxd-6.9).  Whether the root disk ends up on POOL
 * is not clear from the source, LXD's tests use -s only with
 * --target-project (test/suites/clustering_move.sh:72-75 at lxd-6.9), and
 * no live run of it was made: not modelled.  FALSE (and said so) always. */
gboolean
ms_move_pool_modelled(MsApply *apply, const MsInstance *instance)
{
    const MsPool *pool;

    if (apply->op->pool == NULL)
        return TRUE;
    pool = ms_cluster_lookup_pool(apply->cluster, apply->op->pool);
    /* Incus judges a running instance's pool change in the handler, the
     * target or not, before the target is looked up: --stateless first,
     * then a container is refused at every tag (cmd/incusd/instance_post.go
     * :227-240 at v6.0.0, :233-242 at v6.0.4, :231-241 at v6.0.6; seen on
     * the live 6.0.4 cluster: tools/live-random.py --product incus --gen 21
     * --seed 33301, scenario 3 line 21); a VM with a target goes on from
     * 6.0.3 (a live migration into the pool): not modelled.  A new name or
     * a project is checked first or with it: left to the paths below. */
    if (instance->status == MS_INSTANCE_RUNNING && ms_profile_is_incus(apply->profile) &&
        apply->op->new_name == NULL && apply->op->target_project == NULL) {
        if (ms_apply_check(apply, MS_RULE_MOVE_STATELESS_RUNNING, instance->name, apply->op->stateless))
            return ms_apply_reject(apply, MS_RULE_MOVE_STATELESS_RUNNING);
        if (ms_apply_check(apply, MS_RULE_MOVE_POOL_LIVE_CT, instance->name,
                           instance->type != MS_INSTANCE_VM))
            return ms_apply_reject(apply, MS_RULE_MOVE_POOL_LIVE_CT);
    }
    if (instance->status == MS_INSTANCE_RUNNING)
        return move_unfollowed(apply, "-s/--storage",
                               "of a running instance (a live migration into another pool)");
    if (ms_move_incus_pool_refused(apply, instance) != MS_RULE_NONE)
        return TRUE; /* refused after the target's checks (ms_apply_move) */
    if (ms_move_incus_target_pool(apply, instance))
        return TRUE; /* copied onto the target (ms_move_incus_pool_to_member) */
    if (pool == NULL || pool->state != MS_POOL_CREATED)
        return move_unfollowed(apply, "-s/--storage",
                               "into a pool that does not exist or is pending (the target's create fails)");
    return move_unfollowed(
        apply, "-s/--storage",
        "(the target member takes the instance's existing record, whose root disk keeps its "
        "pool: lxd/instances_post.go:273, instance_post.go:960 at lxd-6.9)");
}

/* lxc move's own checks, in lxc's order, and the options migsim does not
 * follow: TRUE when the move was refused or left as not modelled. */
gboolean
ms_move_options_refused(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    gboolean targeted = op->target != NULL;
    gboolean overrides = ms_move_has_overrides(op);
    /* moveClusterInstance (until lxd-5.21.4 and lxd-6.6) checks the flags
     * next to --target, then sends only the new name and the live flag */
    gboolean cluster_move_client = ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY, profile);
    gboolean instance_only = op->instance_only;

    /* a rename (no --target, --target-project or -s) with overrides
     * (lxc/move.go:116-118 at lxd-5.0.2, :135 at lxd-5.21.7, :131-133 at
     * lxd-6.9); without overrides the parser made it a rename (MS_OP_RENAME) */
    if (!targeted && op->target_project == NULL && op->pool == NULL) {
        ms_apply_check(apply, MS_RULE_CLI_RENAME_OVERRIDE, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_RENAME_OVERRIDE), TRUE;
    }
    /* lxc/move.go:167-177 at lxd-5.0.2, :186-195 at lxd-5.21.4 and lxd-6.6 */
    if (targeted && cluster_move_client &&
        ms_apply_check(apply, MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY, op->instance, op->instance_only))
        return ms_apply_reject(apply, MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY), TRUE;
    if (targeted && ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_STORAGE, profile) &&
        ms_apply_check(apply, MS_RULE_CLI_MOVE_TARGET_STORAGE, op->instance, op->pool != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_MOVE_TARGET_STORAGE), TRUE;
    if (client_refuses_target_project(apply))
        return TRUE;
    /* any mode but lxc's default "pull" (moveDefaultMode): lxc/move.go
     * :179-181 at lxd-5.0.2, :198-199 at lxd-5.21.4 and lxd-6.6 */
    if (targeted && ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_MODE, profile) &&
        ms_apply_check(apply, MS_RULE_CLI_MOVE_TARGET_MODE, op->instance,
                       op->transfer_mode != NULL && !g_str_equal(op->transfer_mode, "pull")))
        return ms_apply_reject(apply, MS_RULE_CLI_MOVE_TARGET_MODE), TRUE;
    if (instance_only_ignored(apply)) {
        ms_outcome_add_note(
            apply->outcome,
            "LXD %s moves the snapshots too: --instance-only is sent (lxc/move.go:305 at lxd-6.9, "
            ":308 at lxd-5.21.7) but is no instance change (instance_post.go:318 at lxd-6.9, "
            ":352 at lxd-5.21.7) and the cluster move's migration source always takes the "
            "snapshots (:876 at lxd-6.9, :890 at lxd-5.21.7)",
            profile->name);
        instance_only = FALSE;
    }
    if (incus_instance_only_ignored(apply)) {
        const MsInstance *instance =
            ms_cluster_lookup_project_instance(apply->cluster, op->project, op->instance);

        if (instance != NULL && g_strcmp0(instance->location, op->target) != 0)
            ms_outcome_add_note(apply->outcome,
                                "Incus %s moves the snapshots too: --instance-only is sent but the cluster "
                                "move's migration source always takes the snapshots (cmd/incusd/"
                                "instance_post.go:870 at v6.0.4)",
                                profile->name);
        instance_only = FALSE;
    }
    /* incus sends a targeted move on one remote as one server-side POST
     * whatever its flags (isServerSide, cmd/incus/move.go:152-199 at
     * v6.0.4, :131-173 at v7.3.0; another --mode was refused before,
     * refuse_move_mode), whose handler looks the instance's member up
     * before it reads the request (cmd/incusd/instance_post.go:105 at
     * v6.0.0, :105-110 at v6.0.4, :108 at v6.23.0, :114 at v7.3.0): a
     * missing instance is MOVE.INSTANCE_NOT_FOUND, which ms_apply_move
     * checks next (live 6.0.4 for -s POOL: "Failed to get address of
     * instance's member: Instance not found", DISAGREEMENTS 28-fidincus9),
     * wrapped "Migration API failure: %w" (move.go:337 at v6.0.4).  With
     * -d the client reads the instance first (:320): not here */
    if (ms_profile_is_incus(profile) && targeted && op->remote == NULL && op->dest_remote == NULL &&
        op->device_overrides == NULL &&
        ms_cluster_lookup_project_instance(apply->cluster, op->project, op->instance) == NULL)
        return FALSE;
    /* --target-project P without --target, with -s/-c/-d/-p/--no-profiles:
     * one request that instancePostMigration copies the instance with
     * (lxc/move.go:198-218 at lxd-5.21.0, :296-358 at lxd-6.9), followed by
     * ms_apply_move_to_project where the release has it */
    gboolean project_copy = !targeted && op->target_project != NULL && ms_project_move_config(apply);
    /* --target M -s POOL alone is checked by pool_move_modelled, and so is
     * Incus' handler refusal of a running instance's (ms_move_pool_modelled) */
    const MsInstance *moved = ms_cluster_lookup_project_instance(apply->cluster, op->project, op->instance);
    gboolean incus_running_pool = ms_profile_is_incus(profile) && targeted && op->pool != NULL &&
                                  op->new_name == NULL && op->target_project == NULL && !overrides &&
                                  !instance_only && moved != NULL && moved->status == MS_INSTANCE_RUNNING &&
                                  (op->stateless || moved->type != MS_INSTANCE_VM);
    if ((op->pool != NULL && !(targeted && pool_move_client(apply)) && !project_copy && !incus_running_pool &&
         ms_move_incus_pool_refused(apply, moved) == MS_RULE_NONE &&
         !ms_move_incus_target_pool(apply, moved)) ||
        instance_only || (op->target_project != NULL && overrides && !project_copy)) {
        if (ms_profile_is_incus(profile) && profile->version >= MS_VERSION_INCUS(7, 0, 0) && targeted &&
            op->pool != NULL) {
            /* ms_move_incus_target_pool: a migration into the pool from 7.0 */
            ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                          g_strdup_printf("migsim: not modelled for %s: incus move --target M -s/--storage "
                                          "to another member (from 7.0 a migration into the pool, not a "
                                          "copy: cmd/incusd/instance_post.go:701,872-907 at v7.3.0)",
                                          profile->name));
            return TRUE;
        }
        ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                      g_strdup_printf("migsim: not modelled for %s: lxc move %s (a server-side move that "
                                      "copies the instance: instancePostPoolMigration, lxd/instance_post.go"
                                      ":394 at lxd-5.0.2; instancePostMigration, :552 at lxd-6.9)",
                                      profile->name,
                                      op->pool != NULL ? "-s/--storage"
                                      : instance_only  ? "--instance-only"
                                                       : "--target-project with -c/-d/-p/--no-profiles"));
        return TRUE;
    }
    if (overrides && targeted) {
        if (cluster_move_client) {
            ms_outcome_add_note(apply->outcome,
                                "lxc %s ignores -c/-d/-p/--no-profiles with --target: moveClusterInstance "
                                "sends only the name and the live flag (lxc/move.go:183,295-299 at "
                                "lxd-5.0.2, :322-325 at lxd-6.6)",
                                profile->name);
            return FALSE;
        }
        /* -p/--no-profiles alone from lxd-6.8 (profiles_move_modelled) */
        if (profiles_move_client(apply))
            return FALSE;
        ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc move --target with -c/-d/-p/--no-profiles "
                            "(the server applies them in instancePostMigration)",
                            profile->name));
        return TRUE;
    }
    return FALSE;
}
