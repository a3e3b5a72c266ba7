/* migsim: lxc move NAME --target-project P (moved out of ms-project.c): the
 * server-side copy into P and the original's deletion, with the overrides
 * lxc sends from lxd-5.0.3, the root disk the copy keeps, the snapshots'
 * profiles, the validation of the copy's record in P, and P missing. */
#include "ms-apply-private.h"
#include "ms-instance-keys-private.h"
#include "ms-move-private.h"
#include "ms-names.h"

#include <string.h>

static gboolean
not_modelled(MsApply *apply, char *what)
{
    g_autofree char *owned = what;

    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE, g_strdup_printf("migsim: %s is not modelled", owned));
}

/* The root disk of @devices: its name, NULL when none. */
static const char *
root_of(MsDevices *devices, MsDevice **device)
{
    MsDevicesIter iter;
    const char *key;
    MsDevice *value;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &key, &value))
        if (g_str_equal(ms_device_lookup_lit(value, "type") ?: "", "disk") &&
            g_str_equal(ms_device_lookup_lit(value, "path") ?: "", "/")) {
            *device = value;
            return key;
        }
    return NULL;
}

/* The releases whose move between projects or pools is instancePostMigration,
 * which takes the -c/-d/-p/--no-profiles overrides (API extension
 * instance_move_config) and keeps the root disk only when the new profiles
 * do not give the same one: lxd/instance_post.go:416-531 at lxd-5.0.3
 * (backported; 5.0.0 .. 5.0.2 have instancePostProjectMigration, which always
 * copies it, :492-516 at lxd-5.0.2), :445-560 at lxd-5.20 (5.1 .. 5.19 have
 * instancePostProjectMigration, :560-584 at lxd-5.19), :457-568 at
 * lxd-5.21.0, :558-668 at lxd-5.21.7, :552-662 at lxd-6.9. */
/* clang-format off */
static const MsReleases move_config_releases = MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(20), MS_SPAN_ALL,
                                                         MS_SPAN_ALL);
/* clang-format on */
/* Incus: incus move --target-project with -s/-c/-d/-p/--no-profiles is one
 * server-side request (cmd/incus/move.go:152-199,264-320 at v6.0.4) that
 * migrateInstance turns into a copy into the project with the overrides
 * applied to the rendered (local) config and devices, pool=POOL on the
 * expanded root disk, and the root disk kept unless the target profiles
 * give the same one (cmd/incusd/instance_post.go:611-758 at v6.0.4).  Read
 * on the 6.0 LTS line: the same steps at v6.0.0 .. v6.0.6 for what migsim
 * follows (stopped instance, user.* keys, pool= on the root disk); the
 * feature releases and 7.x are not read for this. */
static const MsReleases move_config_releases_incus =
    MS_REL_INCUS(((MsIncusReleases){ MS_SPAN_ALL, MS_SPAN_NONE }));

gboolean
ms_project_move_config(const MsApply *apply)
{
    if (ms_profile_is_incus(apply->profile))
        return ms_releases_contain(&move_config_releases_incus, apply->profile->version);
    return ms_releases_contain(&move_config_releases, apply->profile->version);
}

/* The instance keeps the root disk it had (@root, named @name, from its
 * expanded devices): copied into @devices, its local devices, unless the
 * profiles @profiles of the target project give the same one (compared on
 * pool, size and size.state with the last profile that has a root disk in
 * LXD, lxd/instance_post.go:645-653 at lxd-5.21.7, the first in Incus,
 * cmd/incusd/instance_post.go:741-750 at v6.0.4, the same loop at every
 * Incus release migsim simulates (v6.0.0 .. v7.3.0);
 * instancePostProjectMigration always copies it, see move_config_releases). */
static void
keep_root_disk(MsApply *apply, MsDevices *devices, const char *name, MsDevice *root,
               const GPtrArray *profiles, const char *target_pp)
{
    MsDevice *profile_root = NULL;
    gboolean incus = ms_profile_is_incus(apply->profile);
    gboolean copy = !incus && !ms_project_move_config(apply);

    for (guint k = 0; k < profiles->len && profile_root == NULL; k++) {
        guint i = incus ? k : profiles->len - 1 - k;
        const MsProfileEntity *p =
            ms_cluster_lookup_profile_in(apply->cluster, target_pp, profiles->pdata[i]);
        if (p != NULL)
            root_of(p->devices, &profile_root);
    }
    if (profile_root == NULL)
        copy = TRUE;
    else
        for (guint k = 0; k < 3 && !copy; k++) {
            const char *key = (const char *[]){ "pool", "size", "size.state" }[k];
            copy = g_strcmp0(ms_device_lookup(profile_root, key), ms_device_lookup(root, key)) != 0;
        }
    if (copy)
        ms_devices_set(devices, name, ms_device_copy(root));
}

/* The first snapshot of @instance whose profiles (the instance's: a
 * snapshot has none of its own, ms-instance.h) @target_pp lacks, with that
 * profile in @missing; NULL when none does (MOVE.SNAPSHOT_PROFILE_MISSING:
 * the copy gives a snapshot the source snapshot's profiles where lxc does
 * not ask otherwise, lxd/instance.go:389-409 at lxd-6.3). */
static const char *
snapshot_profile_missing(const MsCluster *cluster, const MsInstance *instance, const char *target_pp,
                         const char **missing)
{
    if (instance->snapshots->len == 0)
        return NULL;
    for (guint i = 0; i < instance->profiles->len; i++)
        if (ms_cluster_lookup_profile_in(cluster, target_pp, instance->profiles->pdata[i]) == NULL) {
            *missing = instance->profiles->pdata[i];
            return instance->snapshots->pdata[0];
        }
    return NULL;
}

/* lxc move --target-project P -p PROF|--no-profiles before 5.21.4 and 6.4
 * sends no OverrideSnapshotProfiles: the snapshots are created in P with the
 * source's profiles after the instance (lxd/instance.go:389-409 at
 * lxd-6.3), and fail when P, with its own profiles, lacks one (LXD PR
 * #15271's reproducer).  A P without its own profiles: not modelled.
 * FALSE when refused or not followed. */
static gboolean
snapshots_keep_profiles(MsApply *apply, const MsInstance *instance, const char *target_pp)
{
    const MsOp *op = apply->op;
    const char *missing = NULL, *snapshot;
    g_autofree char *record = NULL;

    if ((op->profiles == NULL && !op->no_profiles) ||
        !ms_rule_applies(MS_RULE_MOVE_SNAPSHOT_PROFILE_MISSING, apply->profile))
        return TRUE;
    snapshot = snapshot_profile_missing(apply->cluster, instance, target_pp, &missing);
    if (snapshot != NULL &&
        !ms_project_feature(ms_cluster_lookup_project(apply->cluster, op->target_project), "profiles"))
        return not_modelled(apply, g_strdup("lxc move --target-project -p/--no-profiles of an instance with "
                                            "snapshots into a project without its own profiles"));
    record = snapshot != NULL ? g_strdup_printf("%s/%s", op->new_name ?: instance->name, snapshot) : NULL;
    if (ms_apply_check(apply, MS_RULE_MOVE_SNAPSHOT_PROFILE_MISSING, instance->name, snapshot != NULL))
        return ms_apply_reject_async(apply, MS_RULE_MOVE_SNAPSHOT_PROFILE_MISSING, TRUE, record, missing);
    return TRUE;
}

/* The overrides of lxc move --target-project P [-s POOL] [-c K=V] [-d DEV,K=V]
 * [-p PROF... | --no-profiles] as instancePostMigration applies them before
 * the copy (lxd/instance_post.go:569-662 at lxd-6.9, :575-668 at lxd-5.21.7):
 * the config merged into the local config, each -d device (the expanded
 * device with the override, lxc/move.go:342-358 at lxd-6.9) replacing the
 * local one, the profiles named or else the instance's, looked up in the
 * target project (GetProfilesIfEnabled: "Profile not found"), the root disk
 * kept, then pool=POOL on it.  Into @profiles and @devices; FALSE when
 * refused or not followed (said so). */
static gboolean
move_overrides(MsApply *apply, MsInstance *instance, const char *target_pp, GPtrArray *profiles,
               MsDevices *devices)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(cluster, instance);
    MsDevice *root = NULL, *local_root = NULL;
    const char *root_name;
    gboolean incus = ms_profile_is_incus(apply->profile);

    /* running: 5.21.0 .. 5.21.4 and 6.1 .. 6.6 stop it before the profiles
     * are read, later releases after (:469 at lxd-5.21.0, :687 at lxd-6.9) */
    if (instance->status == MS_INSTANCE_RUNNING)
        return not_modelled(apply, g_strdup("lxc move --target-project with -s/-c/-d/-p/--no-profiles of a "
                                            "running instance"));
    /* checkTargetProjectRestrictions (5.0.9, 5.21.6+: instance_post.go:686
     * at lxd-5.21.7) */
    if (ms_project_restricted(ms_cluster_lookup_restricting_project(cluster, op->target_project)) ||
        ms_project_restricted(ms_cluster_lookup_restricting_project(cluster, instance->project)))
        return not_modelled(apply, g_strdup("lxc move --target-project with -s/-c/-d/-p/--no-profiles in or "
                                            "into a restricted project"));
    for (guint i = 0; i < op->keys->len; i++)
        if (!g_str_has_prefix(op->keys->pdata[i], "user."))
            return not_modelled(apply, g_strdup_printf("lxc move --target-project -c %s (the copy validates "
                                                       "it; only user.* keys are followed)",
                                                       (const char *) op->keys->pdata[i]));
    if (op->profiles != NULL)
        for (guint i = 0; i < op->profiles->len; i++)
            g_ptr_array_add(profiles, g_strdup(op->profiles->pdata[i]));
    else if (!op->no_profiles)
        for (guint i = 0; i < instance->profiles->len; i++)
            g_ptr_array_add(profiles, g_strdup(instance->profiles->pdata[i]));
    if (incus && instance->snapshots->len > 0)
        return not_modelled(apply,
                            g_strdup("incus move --target-project with -s/-c/-d/-p/--no-profiles of an "
                                     "instance with snapshots (what the copy gives them is not read for "
                                     "Incus)"));
    for (guint i = 0; i < profiles->len; i++) {
        /* Incus looks the profiles up only when no root disk is left in the
         * local devices (cmd/incusd/instance_post.go:695-711 at v6.0.4),
         * else the copy's create refuses them: its text is not read */
        if (incus && ms_cluster_lookup_profile_in(cluster, target_pp, profiles->pdata[i]) == NULL)
            return not_modelled(apply, g_strdup_printf("incus move --target-project -p %s, a profile the "
                                                       "target project lacks",
                                                       (const char *) profiles->pdata[i]));
        /* dead in lxd-5.0.2: no instance_move_config before lxd-5.0.3 (move_config_releases) */
        if (ms_apply_check(apply, MS_RULE_PROFILE_NOT_FOUND, profiles->pdata[i],
                           ms_cluster_lookup_profile_in(cluster, target_pp, profiles->pdata[i]) == NULL))
            return ms_apply_reject_async(apply, MS_RULE_PROFILE_NOT_FOUND, TRUE);
    }
    /* -d: only pool= on the root disk is followed (other keys and devices
     * meet the copy's device validation) */
    root_name = root_of(expanded, &root);
    for (guint i = 0; op->device_overrides != NULL && i < op->device_overrides->len; i++) {
        const char *entry = op->device_overrides->pdata[i];
        const char *comma = strchr(entry, ',');
        g_autofree char *dev = g_strndup(entry, comma - entry);

        if (root_name == NULL || !g_str_equal(dev, root_name) || !g_str_has_prefix(comma + 1, "pool="))
            return not_modelled(
                apply,
                g_strdup_printf("lxc move --target-project -d %s (only pool= on the root disk is followed)",
                                entry));
    }
    if (root_name == NULL)
        return not_modelled(apply, g_strdup("lxc move --target-project of an instance without a root disk"));
    /* Incus' migrateInstance first refuses -s naming the instance's pool
     * (cmd/incusd/instance_post.go:548-550 at v6.0.4) */
    if (incus && op->pool != NULL && ms_rule_applies(MS_RULE_MOVE_POOL_SAME, apply->profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_POOL_SAME, op->pool,
                       g_strcmp0(ms_device_lookup_lit(root, "pool"), op->pool) == 0))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_SAME);
    /* then, from 6.0.6 and 6.22, -s naming no pool (:639-647 at v6.0.6;
     * Incus PR #2931); -d root,pool= is not looked up there */
    if (incus && op->pool != NULL && ms_rule_applies(MS_RULE_MOVE_POOL_UNKNOWN, apply->profile) &&
        ms_apply_check(apply, MS_RULE_MOVE_POOL_UNKNOWN, op->pool,
                       ms_cluster_lookup_pool(cluster, op->pool) == NULL))
        return ms_apply_reject(apply, MS_RULE_MOVE_POOL_UNKNOWN, op->pool);
    for (guint i = 0; op->device_overrides != NULL && i < op->device_overrides->len; i++) {
        const char *pool = strchr(op->device_overrides->pdata[i], '=') + 1;
        MsDevice *dev = ms_device_copy(root);

        ms_device_set(dev, "pool", pool);
        ms_devices_replace(devices, root_name, dev);
    }
    if (!root_of(devices, &local_root))
        keep_root_disk(apply, devices, root_name, root, profiles, target_pp);
    if (op->pool != NULL) {
        MsDevice *dev = ms_device_copy(ms_devices_lookup(devices, root_name) ?: root);

        ms_device_set(dev, "pool", op->pool);
        ms_devices_replace(devices, root_name, dev);
    }
    root_of(devices, &local_root);
    if (local_root != NULL) {
        const MsPool *pool = ms_cluster_lookup_pool(cluster, ms_device_lookup_lit(local_root, "pool"));
        if (pool == NULL || pool->state != MS_POOL_CREATED)
            return not_modelled(apply,
                                g_strdup_printf("lxc move --target-project into pool %s, which does not "
                                                "exist or is pending",
                                                ms_device_lookup_lit(local_root, "pool") ?: ""));
    }
    return snapshots_keep_profiles(apply, instance, target_pp);
}

/* lxc move NAME --target-project P where P does not exist: no request
 * handler looks P up before the operation (no target, so no placement:
 * lxd/instance_post.go:269-278 at lxd-5.0.2, :231-236,318-325 at lxd-6.9).
 * P has no features.profiles, so the copy's profiles are looked up by name
 * in the default project (GetProfileNames, lxd/instance/instance_utils.go
 * :817-826 at lxd-5.0.2; GetProfilesIfEnabled, lxd/instance_post.go:591 at
 * lxd-6.9); then 5.21.6+ fetch P's limits (checkTargetProjectRestrictions,
 * :686 at lxd-5.21.7) and the others fail creating the record
 * (CreateInternal's GetProject, instance_utils.go:855 at lxd-5.0.2, :806 at
 * lxd-6.9).  Followed for a stopped instance without overrides only: a
 * running one is stopped (statefully or not) in between, and a profile
 * without a namesake in default fails with a text migsim has not checked. */
static gboolean
move_to_missing_project(MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;

    if (!ms_rule_applies(MS_RULE_MOVE_PROJECT_MISSING, apply->profile) ||
        instance->status == MS_INSTANCE_RUNNING || op->pool != NULL || ms_move_has_overrides(op))
        return not_modelled(apply,
                            g_strdup_printf("a move to project %s, which does not exist, (running, with "
                                            "overrides, or in this release)",
                                            op->target_project));
    for (guint i = 0; i < instance->profiles->len; i++)
        if (ms_cluster_lookup_profile_in(apply->cluster, "default", instance->profiles->pdata[i]) == NULL)
            return not_modelled(
                apply, g_strdup_printf("LXD's answer when profile %s is not in the default project "
                                       "(a move to project %s, which does not exist)",
                                       (const char *) instance->profiles->pdata[i], op->target_project));
    ms_apply_check(apply, MS_RULE_MOVE_PROJECT_MISSING, op->target_project, TRUE);
    return ms_apply_reject(apply, MS_RULE_MOVE_PROJECT_MISSING);
}

/* What the copy of @source into the target project is given, set on
 * @target (a probe of it, or @source itself once the move is decided):
 * with @profiles (the override path's), those profiles and @devices as its
 * local devices; without, the root disk it keeps from its profiles
 * (keep_root_disk). */
static void
take_copy_devices(MsApply *apply, MsInstance *target, const MsInstance *source, const GPtrArray *profiles,
                  MsDevices *devices, const char *target_pp)
{
    MsDevices *own = ms_instance_own_devices(target);

    if (profiles != NULL) {
        MsDevicesIter iter;
        const char *key;
        MsDevice *value;

        g_ptr_array_set_size(ms_instance_profiles_mut(target), 0);
        for (guint i = 0; i < profiles->len; i++)
            g_ptr_array_add(ms_instance_profiles_mut(target), g_strdup(profiles->pdata[i]));
        ms_devices_remove_all(own);
        ms_devices_iter_init(&iter, devices);
        while (ms_devices_iter_next(&iter, &key, &value))
            ms_devices_set(own, key, ms_device_copy(value));
    } else {
        g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(apply->cluster, source);
        MsDevice *root = NULL;
        const char *name = root_of(expanded, &root);

        if (name != NULL && !ms_devices_has(source->devices, name))
            keep_root_disk(apply, own, name, root, source->profiles, target_pp);
    }
}

/* The copy a move between projects makes is a new record in the target
 * project, whose devices CreateInternal validates there (instanceCreateAsCopy
 * "Failed creating instance record: %w": lxd/instance.go:212 at lxd-5.0.2,
 * :288 at lxd-6.9, from instancePostProjectMigration, lxd/instance_post.go
 * :534 at lxd-5.0.2, and instancePostMigration, :706 at lxd-6.9): a disk of
 * a custom volume is looked up in the target project's storage project.
 * Seen live on 5.0.2: `lxc move c --target-project p` of a stopped
 * container with a volume of the default project attached 'Failed creating
 * instance record: Failed initialising instance: Failed add validation for
 * device "v": Failed loading custom volume: Storage volume not found'
 * (tools/live-random.py --gen 21 --seed 32001 scenario 2 line 27), where
 * migsim had moved it.  Run on a copy of @instance given the target
 * project and, when not NULL, @profiles and @devices (the override path's;
 * else the root disk the copy keeps from its profiles).  FALSE when
 * refused. */
static gboolean
move_copy_record_valid(MsApply *apply, const MsInstance *instance, const GPtrArray *profiles,
                       MsDevices *devices, const char *target_pp)
{
    g_autoptr(MsInstance) probe = ms_instance_copy(instance);
    g_autoptr(MsDevices) expanded = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_auto(MsRejection) refusal = { 0 };

    g_free(probe->project);
    probe->project = g_strdup(ms_project_key(apply->op->target_project));
    take_copy_devices(apply, probe, instance, profiles, devices, target_pp);
    expanded = ms_cluster_expand_devices(apply->cluster, probe);
    names = ms_devices_sorted(expanded);
    /* lxcCreate's ValidDevices comes first, "Invalid devices: "
     * (driver_lxc.go:206-208 at lxd-5.0.2, :178-180 at lxd-5.21.7, :170-172
     * at lxd-6.9), as for a copy (ms-copy-ops.c copy_validate_devices): a
     * nic whose network the target project lacks fails there (its type is
     * resolved when the device loads), a custom volume only in the
     * instance-mode pass below */
    if (ms_apply_validate_devices_static(apply, probe, expanded, FALSE, MS_RULE_CREATE_ROOT_DETECT,
                                         &refusal) &&
        ms_apply_validate_devices_created(apply, probe, names, &refusal))
        return TRUE;
    /* Incus creates the copy through the target's API (migrateInstance's
     * target.CreateInstance, cmd/incusd/instance_post.go:771 at v6.0.4),
     * whose wrapping of this refusal is not read */
    if (ms_profile_is_incus(apply->profile))
        return not_modelled(apply, g_strdup_printf("incus move --target-project of an instance whose copy "
                                                   "the target project refuses (%s)",
                                                   refusal.message));
    ms_apply_check(apply, MS_RULE_WRAP_CREATE, instance->name, TRUE);
    return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                         ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message));
}

/* Whether each of @instance's profiles exists in @target_pp; where one
 * does not, what LXD's copy then answers was not read: FALSE, said so. */
static gboolean
target_profiles_modelled(MsApply *apply, const MsInstance *instance, const char *target_pp)
{
    for (guint i = 0; i < instance->profiles->len; i++)
        if (ms_cluster_lookup_profile_in(apply->cluster, target_pp, instance->profiles->pdata[i]) == NULL)
            return not_modelled(apply,
                                g_strdup_printf("LXD's answer when profile %s does not exist in project %s",
                                                (const char *) instance->profiles->pdata[i],
                                                ms_project_display(target_pp)));
    return TRUE;
}

/* instancePostProjectMigration's copy (the releases that check the state
 * first) is made by CreateInternal, which refuses the first of the
 * instance's profiles that P's profile project lacks, before the devices
 * ("Requested profile %q doesn't exist", lxd/instance/instance_utils.go
 * :817-826, wrapped "Failed creating instance record: %w" lxd/instance.go
 * :212 at lxd-5.0.2; the same texts at lxd-5.0.0 .. 5.0.2 and 5.1 .. 5.19,
 * git show at each): MOVE.PROJECT_PROFILE_MISSING, seen live on 5.0.2
 * (tests/live/scenarios/usb-blkio-host.scn).  Elsewhere not modelled. */
static gboolean
move_target_profiles_exist(MsApply *apply, const MsInstance *instance, const char *target_pp)
{
    const char *missing = NULL;

    for (guint i = 0; missing == NULL && i < instance->profiles->len; i++)
        if (ms_cluster_lookup_profile_in(apply->cluster, target_pp, instance->profiles->pdata[i]) == NULL)
            missing = instance->profiles->pdata[i];
    if (missing == NULL || ms_rule_format(MS_RULE_MOVE_PROJECT_PROFILE_MISSING, apply->profile) == NULL)
        return target_profiles_modelled(apply, instance, target_pp);
    /* check sites: MOVE_PROJECT_PROFILE_MISSING */
    ms_apply_check(apply, MS_RULE_MOVE_PROJECT_PROFILE_MISSING, instance->name, TRUE);
    return ms_apply_reject(apply, MS_RULE_MOVE_PROJECT_PROFILE_MISSING, missing);
}

/* Incus' project move with a new name that @other, of the instance's own
 * project, has: the handler looked it up in the target project only, and
 * the operation renames the instance in its own project first
 * (cmd/incusd/instance_post.go:654-658 at v6.0.4), whose storage volume
 * record's rename breaks the unique index on (pool, member, project, name,
 * type) when @other is of the same type on the same pool and, for a local
 * pool, the same member (MOVE.RENAME_VOLUME_TAKEN; seen live on 6.0.4 with
 * two containers on a dir pool).  Otherwise the volume is renamed and the
 * instance record's rename comes next, which was not read: not modelled.
 * TRUE when refused or left as not modelled. */
static gboolean
incus_rename_meets_volume(MsApply *apply, const MsInstance *instance, const MsInstance *other)
{
    g_autoptr(MsDevices) mine = ms_cluster_expand_devices(apply->cluster, instance);
    g_autoptr(MsDevices) theirs = ms_cluster_expand_devices(apply->cluster, other);
    MsDevice *a = NULL, *b = NULL;
    gboolean same;

    if (root_of(mine, &a) == NULL || root_of(theirs, &b) == NULL)
        return FALSE;
    same = instance->type == other->type &&
           g_strcmp0(ms_device_lookup_lit(a, "pool"), ms_device_lookup_lit(b, "pool")) == 0 &&
           (ms_instance_root_pool_is_remote(apply->cluster, instance) ||
            g_strcmp0(instance->location, other->location) == 0);
    if (ms_apply_check(apply, MS_RULE_MOVE_RENAME_VOLUME_TAKEN, instance->name, same))
        ms_apply_reject(apply, MS_RULE_MOVE_RENAME_VOLUME_TAKEN);
    else
        not_modelled(apply,
                     g_strdup_printf("incus move %s %s --target-project, a name another instance of "
                                     "project %s has on another pool, member or type (the instance "
                                     "record's rename was not read)",
                                     instance->name, other->name, ms_project_display(instance->project)));
    return TRUE;
}

gboolean
ms_apply_move_to_project(MsApply *apply, MsInstance *instance)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const char *new_name = op->new_name != NULL ? op->new_name : instance->name;
    const char *target_pp;
    const MsInstance *other = ms_cluster_lookup_instance(cluster, new_name);

    /* Incus refuses a running instance's stateless move before it looks
     * the target project up (cmd/incusd/instance_post.go:233-237 at
     * v6.0.4; only a new name is checked earlier, :180-199, which both
     * callers did: ms_move_new_name_taken), in the handler: lxc wraps it
     * 'Migration API failure: ' (cmd/incus/move.go:338) */
    if (ms_profile_is_incus(apply->profile) &&
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's site is the move's) */
        ms_apply_check(apply, MS_RULE_MOVE_PROJECT_STATELESS, instance->name,
                       instance->status == MS_INSTANCE_RUNNING && op->stateless))
        return ms_apply_reject_async(apply, MS_RULE_MOVE_PROJECT_STATELESS, FALSE);
    /* Any other running instance is refused in that handler too, none of
     * it in the operation: with a new name ValidName and the name's use in
     * the target project first (:180-199 at v6.0.4), then --stateless; a
     * live move 'Instance must be stopped to be moved across projects'
     * (:252 at v6.0.4, :240 at v6.0.0, :255 at v6.0.6 and v6.23.0, :261 at
     * v7.3.0; MOVE.PROJECT_LIVE since session 34).  migsim said ok (LXD's
     * stop, copy and start) to a live one and 'Migration operation
     * failure: ' to a renamed stateless one (review s33-revC) */
    /* Without a pool the live move is refused there at every tag, a new
     * name's checks passed (MOVE.PROJECT_LIVE; seen live on 6.0.4,
     * tests/live/incus-scenarios/move-project-live.scn): whether P exists
     * is never looked at */
    if (ms_profile_is_incus(apply->profile) && op->pool == NULL &&
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD stops the instance statefully) */
        ms_apply_check(apply, MS_RULE_MOVE_PROJECT_LIVE, instance->name,
                       instance->status == MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_MOVE_PROJECT_LIVE);
    if (ms_profile_is_incus(apply->profile) && instance->status == MS_INSTANCE_RUNNING)
        return not_modelled(apply,
                            g_strdup_printf("incus move --target-project -s of the running instance %s "
                                            "(refused in instancePost's handler, "
                                            "cmd/incusd/instance_post.go:231-262 at v6.0.4)",
                                            instance->name));
    if (!ms_cluster_has_project(cluster, op->target_project))
        return move_to_missing_project(apply, instance);
    if (ms_project_same(instance->project, op->target_project))
        return not_modelled(apply, g_strdup("a move to the instance's own project"));
    if (other != NULL && other != instance && ms_profile_is_incus(apply->profile) &&
        ms_project_same(other->project, instance->project) &&
        incus_rename_meets_volume(apply, instance, other))
        return FALSE;
    if (other != NULL && other != instance)
        return not_modelled(apply, g_strdup_printf("an instance name in two projects (%s)", new_name));
    /* Incus reconsiders the member of an instance moved into a project
     * whose restrictions may not allow its current one (CheckTarget on the
     * current location, then candidates: cmd/incusd/instance_post.go
     * :275-330 at v6.0.4; Incus #589); LXD keeps it: no placement without a
     * target (lxd/instance_post.go:237 at lxd-6.9) */
    if (ms_profile_is_incus(apply->profile) &&
        ms_project_restricted(ms_cluster_lookup_restricting_project(cluster, op->target_project)))
        return not_modelled(apply,
                            g_strdup_printf("a move into the restricted project %s (Incus may place the "
                                            "instance on another member)",
                                            op->target_project));
    if (!ms_apply_project_move_in(apply, instance, op->target_project) ||
        !ms_apply_project_move_count_limits(apply, instance, op->target_project) ||
        !ms_apply_project_move_aggregate(apply, instance, op->target_project))
        return FALSE;
    target_pp = ms_cluster_profile_project(cluster, op->target_project);
    if (op->pool != NULL || ms_move_has_overrides(op)) {
        /* reached only where ms_project_move_config holds (move_options_refused) */
        g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(MsDevices) devices = ms_devices_copy(instance->devices);

        if (!move_overrides(apply, instance, target_pp, profiles, devices) ||
            !move_copy_record_valid(apply, instance, profiles, devices, target_pp))
            return FALSE;
        take_copy_devices(apply, instance, instance, profiles, devices, target_pp);
        for (guint i = 0; i < op->keys->len; i++)
            ms_instance_set_config(instance, op->keys->pdata[i], op->values->pdata[i]);
        ms_outcome_add_note(apply->outcome,
                            "%s: copied on %s into project %s with the requested profiles, config and root "
                            "disk (%s), the original deleted",
                            instance->name, instance->location, ms_project_display(op->target_project),
                            ms_profile_is_incus(apply->profile)
                                ? "migrateInstance, cmd/incusd/instance_post.go:611-758 at v6.0.4"
                                : "instancePostMigration, lxd/instance_post.go:569-662 at lxd-6.9");
    } else {
        /* instancePostProjectMigration (the releases whose text says
         * "projects") refuses a running instance's stateless move before
         * its copy reads the profiles in P (lxd/instance_post.go:504, then
         * instanceCreateAsCopy :534 at lxd-5.0.2; seen live on 5.0.2,
         * tools/live-random.py --gen 15 --seed 33026 scenario 4 line 26);
         * instancePostMigration reads them first (:600-620 before :698 at
         * lxd-5.21.7) */
        gboolean state_first = g_str_has_suffix(
            ms_rule_format(MS_RULE_MOVE_PROJECT_STATELESS, apply->profile) ?: "", "projects statelessly");

        if (!state_first && !target_profiles_modelled(apply, instance, target_pp))
            return FALSE;
        /* inside the operation */
        if (ms_apply_check(apply, MS_RULE_MOVE_PROJECT_STATELESS, instance->name,
                           instance->status == MS_INSTANCE_RUNNING && op->stateless))
            return ms_apply_reject(apply, MS_RULE_MOVE_PROJECT_STATELESS);
        /* LXD stops a running instance statefully first (instance_post.go
     * :499-503 at lxd-5.0.2), before the copy reads the profiles in P (seen
     * live on 5.0.2: a live move of a running container whose profile P
     * lacks 'Unable to perform container live migration. CRIU isn't
     * installed', where migsim said not modelled); Incus handles moves
     * between projects and pools of stateless requests only
     * (cmd/incusd/instance_post.go:669 at v6.0.4), not read further here */
        if (state_first && !ms_profile_is_incus(apply->profile) &&
            ms_apply_local_copy_stop_refused(apply, instance, "lxc move --target-project"))
            return FALSE;
        if (state_first && !move_target_profiles_exist(apply, instance, target_pp))
            return FALSE;
        if (!state_first && !ms_profile_is_incus(apply->profile) &&
            ms_apply_local_copy_stop_refused(apply, instance, "lxc move --target-project"))
            return FALSE;
        if (!move_copy_record_valid(apply, instance, NULL, NULL, target_pp))
            return FALSE;
        take_copy_devices(apply, instance, instance, NULL, NULL, target_pp);
    }
    g_free(instance->project);
    instance->project = g_strdup(ms_project_key(op->target_project));
    /* Incus's copy is a create request through its own API (the unix
     * socket client, not a cluster notification: cmd/incusd/instance_post.go
     * :677,771 at v6.0.4, :567,650 at v6.0.0, :687,789 at v6.0.6 and
     * v6.23.0, :708,810 at v7.3.0), so instancesPost's AllowInstanceCreation
     * strips the unsafe volatile keys of a copy in P when P has limits or
     * restrictions (instances_post.go:1153 at v6.0.4, :1085 at v6.0.0, :1504
     * at v7.3.0; internal/server/project/permissions.go:96-105,191-237 at
     * v6.0.4, strip for "copy" at every tag).  createFromCopy then adds back
     * volatile.last_state.idmap from the source when the copy stays on the
     * member (InstanceIncludeWhenCopying(key, false), instances_post.go
     * :541-552 at v6.0.4, internal/instance/config.go:1495-1509); across
     * members the create is a migration with the request's config
     * (clusterCopyContainerInternal, :1325-1397).  Seen live on 6.0.4:
     * volatile.evacuate.origin dropped by `incus move K --target-project P`
     * into a project with limits.instances (DISAGREEMENTS 31-fidincus12,
     * seed 38304; review s38-revB).  LXD copies inside the daemon
     * (instanceCreateAsCopy with the instance's config) and keeps them. */
    if (ms_profile_is_incus(apply->profile))
        ms_migrate_strip_unsafe_volatile(apply, instance,
                                         op->target == NULL ? "volatile.last_state.idmap" : NULL);
    /* a copy an earlier cluster move left stays in the old project: the
     * next move's record is made in this one (MsMoveCopyLeft) */
    instance->move_copy_left = MS_MOVE_COPY_NONE;
    if (instance->status == MS_INSTANCE_RUNNING)
        ms_outcome_add_note(apply->outcome,
                            "%s: stopped, copied to project %s on %s and started again (a live move between "
                            "projects restarts the instance)",
                            instance->name, ms_project_display(op->target_project), instance->location);
    if (op->new_name != NULL) {
        MsInstance *renamed = ms_instance_copy_named(instance, op->new_name);
        ms_cluster_remove_instance(cluster, instance->name);
        ms_cluster_add_instance(cluster, renamed);
    }
    return TRUE;
}
