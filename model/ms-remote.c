/* migsim: further remotes (the scenario's `remote` directive): another
 * cluster or a standalone server that lxc reaches as REMOTE:NAME, and
 * lxc copy / lxc move from one remote to another.
 *
 * A command naming one remote runs on that remote's cluster, sent from its
 * first member (the address `lxc remote add` was given).  A copy or move
 * between two remotes is what lxc does (lxc/copy.go copyInstance,
 * lxc/move.go Run at lxd-5.0.2, lxd-5.21.7, lxd-6.9): the client's checks,
 * GET of the source, a migration source on the source server and a create
 * from migration on the destination (pull mode, client/lxd_instances.go
 * CopyInstance), then, for a move, a forced delete of the source.  What is
 * not read from the source is answered "not modelled". */
#include "ms-apply-private.h"
#include "ms-config.h"

#include <string.h>

void
ms_remote_free(MsRemote *remote)
{
    if (remote == NULL)
        return;
    g_free(remote->name);
    ms_cluster_free(remote->cluster);
    g_free(remote);
}

MsRemote *
ms_cluster_add_remote(MsCluster *cluster, const char *name, gboolean standalone, MsCluster *remote_cluster)
{
    MsRemote *remote = g_new0(MsRemote, 1);

    remote->name = g_strdup(name);
    remote->standalone = standalone;
    remote->cluster = remote_cluster;
    if (cluster->remotes == NULL)
        cluster->remotes = g_ptr_array_new_with_free_func((GDestroyNotify) ms_remote_free);
    g_ptr_array_add(cluster->remotes, remote);
    return remote;
}

MsRemote *
ms_cluster_lookup_remote(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; name != NULL && cluster->remotes != NULL && i < cluster->remotes->len; i++)
        if (g_str_equal(((MsRemote *) cluster->remotes->pdata[i])->name, name))
            return cluster->remotes->pdata[i];
    return NULL;
}

MsCluster *
ms_cluster_remote_cluster(const MsCluster *cluster, const char *name)
{
    MsRemote *remote;

    if (name == NULL || g_str_equal(name, "local"))
        return (MsCluster *) cluster;
    remote = ms_cluster_lookup_remote(cluster, name);
    return remote != NULL ? remote->cluster : NULL;
}

/* The destination remote of @op: for a copy or move the second name's,
 * else (lxc move with one name) the source's, and a destination without a
 * prefix is the default remote (conf.ParseRemote, lxc/config/remote.go);
 * any other command has one remote. */
static const char *
dest_remote_name(const MsOp *op)
{
    /* a volume copy or move: the destination pool's remote, the default
     * remote without a prefix (ParseServers on args[1], lxc/storage_volume.go
     * :352 at lxd-5.0.2, :439 at lxd-5.21.7, :435 at lxd-6.9) */
    if (op->kind == MS_OP_VOLUME_COPY || op->kind == MS_OP_VOLUME_MOVE)
        return op->dest_remote;
    if (op->kind != MS_OP_COPY && op->kind != MS_OP_MOVE && op->kind != MS_OP_RENAME)
        return op->remote;
    if (op->dest_remote != NULL)
        return op->dest_remote;
    if (op->kind == MS_OP_MOVE && op->new_name == NULL)
        return op->remote;
    return NULL;
}

static gboolean
same_remote(const char *a, const char *b)
{
    return g_strcmp0(a ?: "local", b ?: "local") == 0;
}

static MsOutcome *
not_modelled(const MsProfile *profile, const char *what)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = FALSE;
    outcome->server_error = g_strdup_printf("migsim: not modelled for %s: %s", profile->name, what);
    outcome->client_error = g_strdup(outcome->server_error);
    return outcome;
}

/* One remote named: the op, its prefixes dropped, on that remote's
 * cluster from its first member. */
static MsOutcome *
apply_on(MsCluster *cluster, const MsRemote *remote, MsEnv *env, const MsOp *op)
{
    g_autoptr(MsOp) plain = ms_op_copy(op);
    MsEnv there = *env;

    g_clear_pointer(&plain->remote, g_free);
    g_clear_pointer(&plain->dest_remote, g_free);
    if ((op->kind == MS_OP_COPY || op->kind == MS_OP_MOVE || op->kind == MS_OP_RENAME) &&
        plain->new_name != NULL && *plain->new_name == '\0')
        return not_modelled(env->profile, "a destination of just 'REMOTE:' on the source's own remote");
    if (remote == NULL)
        return ms_cluster_apply(cluster, env, plain);
    if (remote->standalone && (op->target != NULL || op->group != NULL))
        return not_modelled(env->profile, "--target on a standalone server");
    there.client = ((MsMember *) remote->cluster->members->pdata[0])->name;
    there.client_remote = remote->name;
    return ms_cluster_apply(remote->cluster, &there, plain);
}

/* ---- lxc copy / lxc move between two remotes ---- */

typedef struct {
    MsApply apply; /* on the destination: its checks and rejections */
    MsCluster *source_cluster;
    const MsRemote *dest;
    const char *dest_name;
    MsEnv source_env;    /* the client as the source remote sees it */
    gboolean standalone; /* the destination is one server, not a cluster */
} Transfer;

/* shared.InstanceIncludeWhenCopying(key, remoteCopy=true): volatile keys
 * but volatile.base_image are dropped unless lxc keeps them (a move) and
 * volatile.last_state.power always (lxc/copy.go:301-313 at lxd-5.0.2,
 * shared/instance.go InstanceIncludeWhenCopying) */
static gboolean
key_copied(const char *key, gboolean keep_volatile)
{
    if (g_str_equal(key, "volatile.last_state.power"))
        return FALSE;
    return keep_volatile || !g_str_has_prefix(key, "volatile.") || g_str_equal(key, "volatile.base_image");
}

/* The pool of the root disk among @devices, its device name in *key. */
static const char *
root_pool(MsDevices *devices, const char **key)
{
    MsDevicesIter iter;
    const char *name;
    MsDevice *device;

    *key = NULL;
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, &device))
        if (g_str_equal(ms_device_lookup_lit(device, "type") ?: "", "disk") &&
            g_str_equal(ms_device_lookup_lit(device, "path") ?: "", "/")) {
            *key = name;
            return ms_device_lookup_lit(device, "pool");
        }
    return NULL;
}

/* A root disk "root" without a pool in @devices (lxc -s without one,
 * lxc/copy.go:300-310 at lxd-5.0.2; createFromMigration's own,
 * lxd/instances_post.go:224-245); its name. */
static const char *
add_root_disk(MsDevices *devices)
{
    MsDevice *root = ms_device_new();

    ms_device_set(root, "type", "disk");
    ms_device_set(root, "path", "/");
    ms_devices_set(devices, "root", root);
    return "root";
}

/* instanceFindStoragePool on the destination (lxd/instances_post.go:1175-1231
 * at lxd-5.0.2, :1583-1639 at lxd-5.21.7): the local root disk's pool when
 * the destination has it (an unknown one is silently dropped), else the
 * last root pool of the profiles, else the only pool; NULL when none. */
static const char *
dest_pool(const MsCluster *dest, MsDevices *devices, GPtrArray *profiles, gboolean *from_profile)
{
    const char *key;
    const char *pool = root_pool(devices, &key);

    *from_profile = FALSE;
    if (pool != NULL && ms_cluster_lookup_pool(dest, pool) != NULL)
        return pool;
    pool = NULL;
    for (guint i = 0; i < profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile(dest, profiles->pdata[i]);
        const char *k, *v = p != NULL ? root_pool(p->devices, &k) : NULL;
        if (v != NULL) {
            pool = v;
            *from_profile = TRUE;
        }
    }
    if (pool == NULL && dest->pools->len == 1)
        pool = ((const MsPool *) dest->pools->pdata[0])->name;
    return pool;
}

static MsOutcome *
transfer_fail(Transfer *t, gboolean wrapped)
{
    MsOutcome *outcome = g_steal_pointer(&t->apply.outcome);

    /* remoteOperationError("Failed instance creation", ...), one source
     * address: "%s: %w" (client/util.go:154-182 at lxd-5.0.2, the same at
     * lxd-5.21.7 and lxd-6.9; client/lxd_instances.go:550 at lxd-5.0.2,
     * :778 at lxd-5.21.7, :654 at lxd-6.9) */
    outcome->client_error = wrapped && !g_str_has_prefix(outcome->server_error, "migsim: ")
                                ? g_strdup_printf("Failed instance creation: %s", outcome->server_error)
                                : g_strdup(outcome->server_error);
    return outcome;
}

/* The create from migration on the destination: the new record with the
 * source's local config (lxc's filter) and devices, the profiles lxc sends,
 * the snapshots unless --instance-only; its devices validated as on create
 * ("Failed creating instance record: ", lxd/instances_post.go:286 at
 * lxd-5.0.2).  FALSE after a refusal. */
static gboolean
create_on_dest(Transfer *t, const MsInstance *source, MsMember *member, MsDevices *devices,
               GPtrArray *profiles)
{
    MsApply *apply = &t->apply;
    const MsOp *op = apply->op;
    MsInstance *copy = ms_instance_new(t->dest_name, source->type, member->name);
    g_autoptr(MsDevices) expanded = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_auto(MsRejection) refusal = { 0 };

    for (guint i = 0; i < ms_config_map_size(source->config); i++)
        if (key_copied(ms_config_map_key(source->config, i), op->kind == MS_OP_MOVE))
            ms_instance_set_config(copy, ms_config_map_key(source->config, i),
                                   ms_config_map_value(source->config, i));
    for (guint i = 0; op->keys != NULL && i < op->keys->len; i++)
        ms_instance_set_config(copy, op->keys->pdata[i], op->values->pdata[i]);
    ms_devices_unref(copy->devices);
    copy->devices = ms_devices_ref(devices);
    /* the migration sends the volume whole, a state directory a refused
     * stateful stop left too (SNAPSHOT.RESTORE_CRIU_STATE; rsync of the
     * mount path: genericVFSMigrateVolume, lxd/storage/drivers/
     * generic_vfs.go:170-173 at lxd-5.0.2), as a local copy does
     * (ms-copy-ops.c) */
    copy->state_dir_left = source->state_dir_left;
    for (guint i = 0; i < profiles->len; i++)
        g_ptr_array_add(ms_instance_profiles_mut(copy), g_strdup(profiles->pdata[i]));
    for (guint i = 0; !op->instance_only && i < source->snapshots->len; i++) {
        const char *snap = source->snapshots->pdata[i];
        const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(source, snap);
        g_ptr_array_add(ms_instance_snapshots_mut(copy), g_strdup(snap));
        if (record != NULL)
            ms_instance_adopt_snapshot(copy, snap, record);
    }
    ms_cluster_add_instance(apply->cluster, copy);
    expanded = ms_cluster_expand_devices(apply->cluster, copy);
    names = ms_devices_sorted(expanded);
    if (!ms_apply_validate_devices_created(apply, copy, names, &refusal)) {
        g_autofree char *wrapped = ms_rule_message(MS_RULE_WRAP_CREATE, apply->profile, refusal.message);
        ms_apply_check(apply, MS_RULE_WRAP_CREATE, t->dest_name, TRUE);
        ms_cluster_remove_instance(apply->cluster, t->dest_name);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&wrapped));
    }
    ms_outcome_add_event(apply->outcome, MS_EVENT_CREATED, t->dest_name, NULL, member->name, NULL);
    return TRUE;
}

/* Does instance @name use a custom volume (a disk with a pool that is
 * not its root disk)?  Such volumes travel with the instance in some
 * releases (Incus #3549): not modelled. */
static gboolean
has_volume_disk(const MsCluster *cluster, const char *name)
{
    const MsInstance *instance = ms_cluster_lookup_instance(cluster, name);
    g_autoptr(MsDevices) devices = instance != NULL ? ms_cluster_expand_devices(cluster, instance) : NULL;
    MsDevicesIter iter;
    MsDevice *device;

    if (devices == NULL)
        return FALSE;
    /* any such disk: order-free */
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &device))
        if (g_str_equal(ms_device_lookup_lit(device, "type") ?: "", "disk") &&
            !g_str_equal(ms_device_lookup_lit(device, "path") ?: "", "/") &&
            ms_device_lookup_lit(device, "pool") != NULL)
            return TRUE;
    return FALSE;
}

/* The step's answer is "not modelled": what the destination collected
 * so far is dropped. */
static MsOutcome *
transfer_not_modelled(Transfer *t, const char *what)
{
    ms_outcome_free(g_steal_pointer(&t->apply.outcome));
    return not_modelled(t->apply.profile, what);
}

/* @rule, whose text takes no argument, refused the copy; every check
 * stays at its call site, where the coverage table finds it */
static MsOutcome *
transfer_refuse(Transfer *t, MsRuleId rule, gboolean wrapped)
{
    ms_apply_reject(&t->apply, rule);
    return transfer_fail(t, wrapped);
}

/* lxc 5.20's server-side move block reads `sourceRemote == destRemote &&
 * c.flagStorage != "" || c.flagTargetProject != ""` (lxc/move.go:198 at
 * lxd-5.20; parenthesised at lxd-5.0.3 and from lxd-5.21.0 by commit
 * 6df2cd00c4, :198), so there a move to another remote with
 * --target-project and no --target enters it on the source's server: a
 * --mode other than pull is refused before any request (:205-206, the
 * server has instance_move_config), and pull moves the instance within the
 * source's server (moveInstance, :218), which is not modelled. */
static gboolean
lxc520_project_block(const MsOp *op, const MsProfile *profile)
{
    static const MsReleases only_520 =
        MS_REL_V5(MS_SPAN_NONE, MS_SPAN_5_FROM(20), MS_SPAN_NONE, MS_SPAN_NONE);

    return op->kind == MS_OP_MOVE && op->target_project != NULL && op->target == NULL && op->group == NULL &&
           ms_releases_contain(&only_520, profile->version);
}

/* What lxc checks before it sends anything, and the source instance
 * (lxc/copy.go, lxc/move.go); NULL and *source set when the copy goes
 * on. */
static MsOutcome *
transfer_client_checks(Transfer *t, const MsOp *op, const char *name, MsInstance **source)
{
    MsApply *apply = &t->apply;
    const MsProfile *profile = apply->profile;
    MsApply at_source = { t->source_cluster, &t->source_env, profile, op, apply->outcome };

    if (lxc520_project_block(op, profile) && ms_op_transfer_not_pull(op) &&
        ms_rule_applies(MS_RULE_CLI_MOVE_PROJECT_MODE, profile)) {
        /* dead in lxd-5.0.x,lxd-5.1..5.19,lxd-5.21.x,lxd-6.x: lxc 5.20 only (lxc/move.go:198 at lxd-5.20) */
        ms_apply_check(apply, MS_RULE_CLI_MOVE_PROJECT_MODE, op->instance, TRUE);
        return transfer_refuse(t, MS_RULE_CLI_MOVE_PROJECT_MODE, FALSE);
    }
    if (op->snapshot != NULL || op->refresh || op->target_project != NULL || op->project != NULL ||
        op->device_overrides != NULL || op->group != NULL)
        return transfer_not_modelled(t,
                                     "this copy or move between remotes (a snapshot, --refresh, projects, -d "
                                     "or --target=@GROUP across remotes)");
    if (has_volume_disk(t->source_cluster, op->instance))
        return transfer_not_modelled(t, "a copy or move between remotes of an instance with custom volume "
                                        "disks (dependent volumes, Incus #3549)");
    /* lxc move: --target with a destination remote that is not a cluster
     * (lxc/move.go:186-193 at lxd-5.0.2; gone from lxd-5.21.5 and lxd-6.7,
     * where copy.go's check below answers) */
    if (op->kind == MS_OP_MOVE && op->target != NULL &&
        ms_apply_check(apply, MS_RULE_REMOTE_CLI_MOVE_STANDALONE, op->instance,
                       t->standalone && ms_rule_applies(MS_RULE_REMOTE_CLI_MOVE_STANDALONE, profile)))
        return transfer_refuse(t, MS_RULE_REMOTE_CLI_MOVE_STANDALONE, FALSE);
    /* copyInstance: `REMOTE:` alone with --target (lxc/copy.go:88-91 at
     * lxd-5.0.2; :109-117 at lxd-5.21.7, where the name defaults to the
     * source's only without --target) */
    if (ms_apply_check(apply, MS_RULE_REMOTE_CLI_DEST_NAME, op->instance, name == NULL && op->target != NULL))
        return transfer_refuse(t, MS_RULE_REMOTE_CLI_DEST_NAME, FALSE);
    t->dest_name = name != NULL ? name : op->instance;
    /* source.GetInstance (lxc/copy.go:226 at lxd-5.0.2) */
    *source = ms_apply_lookup_instance(&at_source, op->instance, FALSE);
    if (*source == NULL)
        return transfer_fail(t, FALSE);
    /* lxc/copy.go:128-130 at lxd-5.0.2, :144-146 at lxd-5.21.7, :151-153 at
     * lxd-6.9 */
    if (ms_apply_check(apply, MS_RULE_REMOTE_CLI_TARGET_STANDALONE, op->instance,
                       op->target != NULL && t->standalone))
        return transfer_refuse(t, MS_RULE_REMOTE_CLI_TARGET_STANDALONE, FALSE);
    if ((*source)->status != MS_INSTANCE_RUNNING)
        return NULL;
    /* live (lxc/copy.go:460 stateful = !stateless, CopyInstance asks for
     * Live when the source runs): the migration source refuses a container
     * at once (REMOTE.CT_LIVE) */
    if (!op->stateless && (*source)->type == MS_INSTANCE_CONTAINER) {
        /* before 6.6 the source member's CRIU decides: assumed absent
         * where not declared (ms_apply_note_criu_assumed) */
        const MsMember *holder = ms_cluster_lookup_member(t->source_cluster, (*source)->location);

        /* with CRIU the destination's sink and the dump follow */
        if (ms_member_criu_runs(holder, MS_RULE_REMOTE_CT_LIVE, apply->profile))
            return transfer_not_modelled(t,
                                         "a live copy or move of a running container whose member is "
                                         "declared `host-has MEMBER criu` (CRIU's own checkpoint answers)");
        ms_apply_note_criu_assumed(apply, holder, (*source)->name, (*source)->location,
                                   MS_RULE_REMOTE_CT_LIVE);
        ms_apply_check(apply, MS_RULE_REMOTE_CT_LIVE, op->instance, TRUE);
        return transfer_refuse(t, MS_RULE_REMOTE_CT_LIVE, FALSE);
    }
    if (!op->stateless)
        return transfer_not_modelled(t, "a live copy or move of a running instance between remotes (without "
                                        "--stateless)");
    /* a --stateless copy of a running instance is a migration that is
     * not live: the copy is stopped (live 5.0.2, lane 3); a move then
     * starts it on the destination (transfer_start_dest) */
    return NULL;
}

/* The member of the destination the create lands on: --target or the
 * scheduler (instancesPost, lxd/instances_post.go:777-1172 at lxd-5.0.2);
 * NULL and *member set when the copy goes on. */
static MsOutcome *
transfer_place(Transfer *t, const MsOp *op, const MsInstance *source, MsMember **member)
{
    MsCluster *dest_cluster = t->apply.cluster;

    if (op->target != NULL) {
        *member = ms_cluster_lookup_member(dest_cluster, op->target);
        if (*member == NULL)
            return transfer_not_modelled(t, "--target naming no member of the destination remote");
        return NULL;
    }
    *member = ms_cluster_pick_member(dest_cluster, source, NULL);
    if (*member == NULL)
        return transfer_not_modelled(t, "a destination remote with no member to place the instance on");
    if (!t->standalone)
        ms_outcome_add_note(t->apply.outcome,
                            "%s: the destination's scheduler; migsim does not count its instance-creation "
                            "operation records across remotes (5 s, lxd/db/node.go "
                            "GetNodeWithLeastInstances), so a member that created instances in the last "
                            "seconds may be passed over",
                            t->dest_name);
    return NULL;
}

/* The profiles lxc sends (--profile, --no-profiles or the source's): each
 * must exist on the destination, and the name must be free there. */
static MsOutcome *
transfer_check_dest(Transfer *t, const MsOp *op, const MsInstance *source, GPtrArray *profiles)
{
    MsCluster *dest_cluster = t->apply.cluster;
    const MsProfile *profile = t->apply.profile;
    const GPtrArray *sent = op->profiles != NULL ? op->profiles : source->profiles;

    for (guint i = 0; !op->no_profiles && i < sent->len; i++)
        g_ptr_array_add(profiles, sent->pdata[i]);
    for (guint i = 0; i < profiles->len; i++) {
        const char *p = profiles->pdata[i];
        if (ms_cluster_lookup_profile(dest_cluster, p) != NULL)
            continue;
        if (!ms_rule_applies(MS_RULE_CREATE_PROFILE_NOT_FOUND, profile))
            return transfer_not_modelled(t, "a profile the destination remote does not have");
        ms_apply_check(&t->apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, p, TRUE);
        /* the destination's profiles are looked up in its default project */
        ms_apply_reject(&t->apply, MS_RULE_CREATE_PROFILE_NOT_FOUND, p, "default");
        return transfer_fail(t, TRUE);
    }
    if (ms_cluster_lookup_instance(dest_cluster, t->dest_name) == NULL)
        return NULL;
    if (!ms_rule_applies(MS_RULE_REMOTE_DEST_EXISTS, profile))
        return transfer_not_modelled(t, "a name the destination remote already has");
    ms_apply_check(&t->apply, MS_RULE_REMOTE_DEST_EXISTS, t->dest_name, TRUE);
    return transfer_refuse(t, MS_RULE_REMOTE_DEST_EXISTS, TRUE);
}

/* The create from migration on the destination: the devices with the
 * root disk on the pool found (createFromMigration,
 * lxd/instances_post.go:176-290 at lxd-5.0.2); NULL when it was made. */
static MsOutcome *
transfer_create(Transfer *t, const MsOp *op, const MsInstance *source, MsMember *member, GPtrArray *profiles)
{
    MsApply *apply = &t->apply;
    MsCluster *dest_cluster = apply->cluster;
    g_autoptr(MsDevices) devices = ms_devices_copy(source->devices);
    gboolean pool_from_profile = FALSE;
    const char *pool, *key;

    if (op->pool != NULL) {
        root_pool(devices, &key);
        if (key == NULL)
            key = add_root_disk(devices);
        ms_device_set(ms_devices_lookup(devices, key), "pool", op->pool);
    }
    pool = dest_pool(dest_cluster, devices, profiles, &pool_from_profile);
    if (ms_apply_check(apply, MS_RULE_REMOTE_DEST_NO_POOL, t->dest_name,
                       pool == NULL && dest_cluster->pools->len > 0))
        return transfer_refuse(t, MS_RULE_REMOTE_DEST_NO_POOL, TRUE);
    if (pool == NULL)
        return transfer_not_modelled(t, "a destination remote without storage pools");
    /* Incus 6.0.0 forwards the create to the member it placed the instance
     * on as a cluster notification, and createFromMigration then wants the
     * source's name, which a copy from another remote does not send
     * (cmd/incusd/instances_post.go:1143-1144 and :289-292 at v6.0.0; fixed
     * by a0132bc575, from v6.0.1 and 6.4) */
    if (ms_apply_check(apply, MS_RULE_REMOTE_FORWARD_NO_SOURCE, t->dest_name,
                       ms_rule_applies(MS_RULE_REMOTE_FORWARD_NO_SOURCE, apply->profile) &&
                           !g_str_equal(member->name, ((MsMember *) dest_cluster->members->pdata[0])->name)))
        return transfer_refuse(t, MS_RULE_REMOTE_FORWARD_NO_SOURCE, TRUE);
    /* createFromMigration: a local root disk gets the pool found; without
     * one, and no profile giving the pool, a root disk of its own
     * (lxd/instances_post.go:224-249 at lxd-5.0.2) */
    root_pool(devices, &key);
    if (key == NULL && !pool_from_profile)
        key = add_root_disk(devices);
    if (key != NULL)
        ms_device_set(ms_devices_lookup(devices, key), "pool", pool);
    if (!create_on_dest(t, source, member, devices, profiles))
        return transfer_fail(t, TRUE);
    return NULL;
}

/* A move is the copy, then `lxc delete --force` of the source
 * (lxc/move.go:300-308 at lxd-5.0.2, :249-258 at lxd-5.21.7); NULL when
 * the source is gone. */
static MsOutcome *
transfer_delete_source(Transfer *t, const MsOp *op)
{
    g_autoptr(MsOp) del = ms_op_new(MS_OP_DELETE);
    g_autoptr(MsOutcome) deleted = NULL;

    del->instances = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(del->instances, g_strdup(op->instance));
    del->instance = g_strdup(op->instance);
    del->force = TRUE;
    deleted = ms_cluster_apply(t->source_cluster, &t->source_env, del);
    if (!deleted->ok)
        return transfer_not_modelled(t, "a move whose delete of the source fails after the copy");
    for (guint i = 0; i < deleted->events->len; i++) {
        const MsEvent *e = deleted->events->pdata[i];
        ms_outcome_add_event(t->apply.outcome, e->kind, e->instance, e->from, e->to, e->detail);
    }
    return NULL;
}

/* lxc move --stateless of a running instance: lxc starts the copy on the
 * destination before it deletes the source, and returns that start's
 * error as is (lxc/copy.go:262-264, :420-434 at lxd-5.0.2; :248-250,
 * :363-376 at lxd-5.21.7 and lxd-6.9); NULL when it runs. */
static MsOutcome *
transfer_start_dest(Transfer *t)
{
    g_autoptr(MsOp) start = ms_op_new(MS_OP_START);
    MsEnv there = *t->apply.env;
    MsOutcome *started;

    start->instances = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(start->instances, g_strdup(t->dest_name));
    start->instance = g_strdup(t->dest_name);
    there.client = ((MsMember *) t->apply.cluster->members->pdata[0])->name;
    there.client_remote = t->dest != NULL ? t->dest->name : NULL;
    started = ms_cluster_apply(t->apply.cluster, &there, start);
    if (!started->ok) {
        g_free(started->client_error);
        started->client_error = g_strdup(started->server_error);
        ms_outcome_free(g_steal_pointer(&t->apply.outcome));
        return started;
    }
    for (guint i = 0; i < started->events->len; i++) {
        const MsEvent *e = started->events->pdata[i];
        ms_outcome_add_event(t->apply.outcome, e->kind, e->instance, e->from, e->to, e->detail);
    }
    ms_outcome_free(started);
    return NULL;
}

static MsOutcome *
transfer(MsCluster *cluster, MsEnv *env, const MsOp *op)
{
    const MsRemote *dest = ms_cluster_lookup_remote(cluster, dest_remote_name(op));
    const MsRemote *source_remote = ms_cluster_lookup_remote(cluster, op->remote);
    Transfer t = {
        .apply = { ms_cluster_remote_cluster(cluster, dest_remote_name(op)), env, env->profile, op,
                   ms_outcome_new() },
        .source_cluster = ms_cluster_remote_cluster(cluster, op->remote),
        .dest = dest,
        .source_env = *env,
        .standalone = dest != NULL && dest->standalone,
    };
    const char *name = op->new_name != NULL && *op->new_name != '\0' ? op->new_name : NULL;
    g_autoptr(GPtrArray) profiles = g_ptr_array_new();
    MsInstance *source = NULL;
    MsMember *member = NULL;
    MsOutcome *answer;
    gboolean restart;

    if (source_remote != NULL)
        t.source_env.client = ((MsMember *) t.source_cluster->members->pdata[0])->name;
    if ((answer = transfer_client_checks(&t, op, name, &source)) != NULL ||
        (answer = transfer_place(&t, op, source, &member)) != NULL ||
        (answer = transfer_check_dest(&t, op, source, profiles)) != NULL ||
        (answer = transfer_create(&t, op, source, member, profiles)) != NULL)
        return answer;
    restart = op->kind == MS_OP_MOVE && op->stateless && source->status == MS_INSTANCE_RUNNING;
    if ((restart && (answer = transfer_start_dest(&t)) != NULL) ||
        (op->kind == MS_OP_MOVE && (answer = transfer_delete_source(&t, op)) != NULL))
        return answer;
    return g_steal_pointer(&t.apply.outcome);
}

MsOutcome *
ms_remote_apply(MsCluster *cluster, MsEnv *env, const MsOp *op)
{
    const char *dest = dest_remote_name(op);

    if (ms_cluster_remote_cluster(cluster, op->remote) == NULL ||
        ms_cluster_remote_cluster(cluster, dest) == NULL)
        return not_modelled(env->profile, "a remote the scenario does not declare");
    /* one server: lxc's local copy, where --mode is not read
     * (client/lxd_instances.go:706 at lxd-5.0.2) */
    if (same_remote(op->remote, dest))
        return apply_on(cluster, ms_cluster_lookup_remote(cluster, op->remote), env, op);
    /* a custom volume between two servers: lxc's checks of the pair
     * (--destination-target, lxc/storage_volume.go:428-437 at lxd-5.0.2)
     * and the volume migration between servers (client/
     * lxd_storage_volumes.go CopyStoragePoolVolume) are not read */
    if (op->kind == MS_OP_VOLUME_COPY || op->kind == MS_OP_VOLUME_MOVE)
        return not_modelled(env->profile, "a custom volume copy or move between two remotes");
    /* between servers the transfer below is lxc's pull; push and relay
     * connect the other way or through lxc (client/lxd_instances.go:750-858,
     * client/lxd_storage_volumes.go:559-666 at lxd-5.0.2): not read */
    if (ms_op_transfer_not_pull(op) && !lxc520_project_block(op, env->profile)) {
        g_autofree char *what = g_strdup_printf("--mode %s between servers", op->transfer_mode);
        return not_modelled(env->profile, what);
    }
    return transfer(cluster, env, op);
}
