/* migsim: `lxc rebuild [IMAGE] NAME [--empty] [--force]`, new in lxd-5.15
 * (lxc/rebuild.go, lxd/instance_rebuild.go instanceRebuildPost; every
 * Incus release: cmd/incus/rebuild.go, cmd/incusd/instance_rebuild.go).
 *
 * What lxc does, in order (lxc/rebuild.go:55-200 at lxd-5.21.7, :56-230 at
 * lxd-6.9): refuse --empty with an image and a snapshot's name; GET the
 * instance (forwarded to its member); with --force stop it when it runs;
 * refuse a missing image; resolve the image; POST the rebuild; with
 * --force start it again (lxd-5.16+).  The server refuses a running
 * instance; its operation deletes the root volume and creates it anew,
 * which fails while the instance has snapshots.  No evacuated or project
 * check at any tag (git grep -i evacuat lxd/instance_rebuild.go: none at
 * lxd-5.15 .. lxd-6.9). */
#include "ms-apply-private.h"

#include <string.h>

/* clang-format off */
/* lxc has the command from lxd-5.15 (lxc/main.go:208 at lxd-5.15, none at
 * lxd-5.14 or any 5.0.x); every Incus release (cmd/incus/main.go:221 at
 * v6.0.0, :302 at v7.3.0) */
static const MsReleases has_rebuild = { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(15) };
/* --force stops only NAME (UpdateInstanceState) and starts it again after
 * the rebuild from lxd-5.16 (20f1f971ad, d6b87a9e60); at lxd-5.15 it sends
 * PUT /1.0/instances {state: stop, force} (lxc/rebuild.go:84-93), which
 * stops the project's instances, and starts nothing */
static const MsReleases force_one = { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(16) };
/* instanceRebuildPost forwards to the instance's member from lxd-5.19
 * (forwardedResponseIfInstanceIsRemote, lxd/instance_rebuild.go:79 at
 * lxd-5.19, :81 at lxd-5.21.7, :73 at lxd-6.9; none at lxd-5.15 .. 5.18);
 * Incus at every tag (:80 at v6.0.0, :77 at v7.3.0) */
static const MsReleases forwarded = { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(19) };
/* rebuildCommon writes the local config it reset for an empty rebuild too
 * from lxd-5.17 (7692fecda9); at lxd-5.15 and 5.16 the empty path returned
 * after CreateInstance, before the write (driver_common.go:633-634 at
 * lxd-5.15), so the database kept the old config; every Incus release
 * writes it (internal/server/instance/drivers/driver_common.go:664 at
 * v6.0.0, :758 at v7.3.0) */
static const MsReleases empty_writes_config = { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(17) };
/* clang-format on */

static gboolean
not_modelled(MsApply *apply, const char *what)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: %s", apply->profile->name, what));
}

/* The client's checks before any request; FALSE: refused. */
static gboolean
client_checks(MsApply *apply)
{
    const MsOp *op = apply->op;

    /* lxc/rebuild.go:63-65 at lxd-5.15, :84-86 at lxd-5.21.7, :82-84 at lxd-6.9 */
    if (ms_apply_check(apply, MS_RULE_CLI_REBUILD_EMPTY_IMAGE, op->instance, op->empty && op->image != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_REBUILD_EMPTY_IMAGE);
    /* lxc/rebuild.go:74-76 at lxd-5.15, :99-101 at lxd-5.21.7, :97-99 at lxd-6.9 */
    if (ms_apply_check(apply, MS_RULE_CLI_REBUILD_SNAPSHOT, op->instance, strchr(op->instance, '/') != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_REBUILD_SNAPSHOT, op->instance);
    return TRUE;
}

/* lxc rebuild --force of a running instance: lxc stops it first (force).
 * FALSE: refused or not modelled. */
static gboolean
force_stop(MsApply *apply, MsInstance *instance)
{
    if (!ms_releases_contain(&force_one, apply->profile->version))
        return not_modelled(apply, "lxc rebuild --force of a running instance at lxd-5.15: lxc stops every "
                                   "instance of the project (PUT /1.0/instances, lxc/rebuild.go:84-93), "
                                   "whose cluster-wide effect migsim does not follow");
    return ms_apply_instance_stop_one(apply, instance);
}

/* The local config a rebuild stores: rebuildCommon deletes every image.*
 * key, volatile.base_image, volatile.idmap.next and
 * volatile.last_state.idmap (lxd/instance/drivers/driver_common.go:601-620
 * at lxd-5.15, :693-712 at lxd-5.21.7, :636-655 at lxd-6.9; Incus
 * internal/server/instance/drivers/driver_common.go:619-638 at v6.0.0),
 * adds a rebuild from an image's properties as image.* (migsim's images
 * have none, as on create), then replaces the stored config with it
 * (UpdateInstanceConfig, :643 at lxd-5.15, :738 at lxd-5.21.7, :680 at
 * lxd-6.9: UpdateConfig deletes the rows, then inserts; lxd/db/cluster/
 * config.mapper.go:167-190 at lxd-6.9).  So a key set by hand such as
 * image.requirements.nesting no longer refuses the next start.  The
 * volatile ID-map keys LXD wrote itself are not held by migsim (see
 * ms-config-ops.c volatile_key_protected): a container is marked
 * (MsInstance.idmap_keys_rebuilt). */
static void
rebuild_config(MsApply *apply, MsInstance *instance)
{
    static const char *const volatile_keys[] = { "volatile.base_image", "volatile.idmap.next",
                                                 "volatile.last_state.idmap" };
    g_autoptr(GPtrArray) drop = g_ptr_array_new_with_free_func(g_free);
    guint first = 0;
    guint n = ms_config_map_prefix_range(instance->config, "image.", strlen("image."), &first);

    if (apply->op->empty && !ms_releases_contain(&empty_writes_config, apply->profile->version))
        return;
    for (guint i = first; i < first + n; i++)
        g_ptr_array_add(drop, g_strdup(ms_config_map_key(instance->config, i)));
    for (guint i = 0; i < G_N_ELEMENTS(volatile_keys); i++)
        if (ms_instance_get_config(instance, volatile_keys[i]) != NULL)
            g_ptr_array_add(drop, g_strdup(volatile_keys[i]));
    for (guint i = 0; i < drop->len; i++)
        ms_cluster_set_instance_config(apply->cluster, instance, drop->pdata[i], NULL);
    if (instance->type == MS_INSTANCE_CONTAINER)
        instance->idmap_keys_rebuilt = TRUE;
}

/* The rebuild's request and operation; FALSE: refused. */
static gboolean
server_rebuild(MsApply *apply, MsInstance *instance)
{
    const MsOp *op = apply->op;
    const char *client = apply->env->client;

    /* lxd-5.15 .. 5.18 run the request on the member lxc talks to, which
     * loads the instance from the database and runs IsRunning and the
     * storage calls locally for an instance of another member */
    if (!ms_releases_contain(&forwarded, apply->profile->version) &&
        (client == NULL || g_strcmp0(instance->location, client) != 0))
        return not_modelled(apply, "lxc rebuild of an instance on another member than lxc's before lxd-5.19 "
                                   "(instanceRebuildPost does not forward: the local driver's IsRunning "
                                   "and storage calls for a remote instance)");
    /* lxd/instance_rebuild.go:131 at lxd-6.9 (REBUILD.RUNNING's table row) */
    if (ms_apply_check(apply, MS_RULE_REBUILD_RUNNING, instance->name,
                       instance->status == MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_REBUILD_RUNNING);
    /* the operation: rebuildCommon deletes the root volume, which
     * DeleteInstance refuses while snapshot volumes exist
     * (lxd/storage/backend_lxd.go:2995 at lxd-6.9); the image's type check
     * and download come first (lxd/instance.go:210-224 at lxd-6.9) */
    if (ms_apply_check(apply, MS_RULE_REBUILD_SNAPSHOTS, instance->name, instance->snapshots->len > 0))
        return ms_apply_reject(apply, MS_RULE_REBUILD_SNAPSHOTS,
                               op->empty ? "as an empty instance" : "instance from image");
    ms_outcome_add_note(apply->outcome,
                        "%s rebuilt%s: its root volume deleted and created anew (the volume's content is "
                        "not modelled)",
                        instance->name, op->empty ? " empty" : " from the image");
    rebuild_config(apply, instance);
    return TRUE;
}

gboolean
ms_apply_rebuild(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance;
    gboolean was_running;

    if (!ms_releases_contain(&has_rebuild, apply->profile->version)) {
        /* dead in 5.15+ and Incus: the command exists there */
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_COMMAND, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_COMMAND, "rebuild");
    }
    if (!client_checks(apply))
        return FALSE;
    /* lxc's GetInstance, forwarded to the instance's member */
    instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    if (instance == NULL)
        return FALSE;
    was_running = instance->status == MS_INSTANCE_RUNNING;
    /* a client whose refusal of a missing image is not modelled (Incus:
     * from v6.23.0 its argument parser refuses before the GET, ad2aa070a0)
     * may or may not have stopped the instance: said before anything */
    if (!op->empty && op->image == NULL &&
        ms_rule_format(MS_RULE_CLI_REBUILD_NO_IMAGE, apply->profile) == NULL)
        return not_modelled(apply,
                            "lxc rebuild NAME with neither IMAGE nor --empty (this client's refusal, and "
                            "whether it stops a running instance first)");
    if (op->force && was_running && !force_stop(apply, instance))
        return FALSE;
    /* lxc/rebuild.go:121-123 at lxd-5.15, :144-146 at lxd-5.21.7, :142-144
     * at lxd-6.9: after the stop, which stays */
    if (ms_apply_check(apply, MS_RULE_CLI_REBUILD_NO_IMAGE, op->instance, !op->empty && op->image == NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_REBUILD_NO_IMAGE);
    if (!op->empty) {
        /* lxc compares the image's type with the instance's (lxc/rebuild.go
         * :130-134 at lxd-5.21.7), the server again (lxd/instance.go:210-218
         * at lxd-6.9): migsim does not know an image's type */
        if (instance->type == MS_INSTANCE_VM)
            return not_modelled(apply, "lxc rebuild IMAGE of a virtual machine (the image's type decides)");
        if (!ms_apply_image_lookup(apply))
            return FALSE;
    }
    if (!server_rebuild(apply, instance))
        return FALSE;
    /* lxc/rebuild.go:202-227 at lxd-5.21.7, :200-225 at lxd-6.9: started
     * again (lxd-5.16+) */
    if (op->force && was_running)
        return ms_apply_instance_start_one(apply, instance->name);
    return TRUE;
}
