/* migsim: lxc restore INSTANCE SNAPSHOT [--stateful] (lxc/restore.go: one
 * PUT /1.0/instances/NAME {"restore": "NAME/SNAPSHOT", "stateful": ...}, no
 * read first, no wrapping of the error).  The server runs it as an
 * operation: instanceSnapRestore (lxd/instance_put.go:184 at lxd-5.0.2,
 * :217 at lxd-5.21.7, :211 at lxd-6.9) loads the snapshot, then the driver's
 * Restore stops a running instance, restores its root disk and config and
 * starts it again (driver_lxc.go:3381 at lxd-5.0.2, :3575 at lxd-5.21.7,
 * :3377 at lxd-6.9).  No evacuated-member check: an instance left on an
 * evacuated member is restored like any other. */
#include "ms-apply-private.h"

#include <string.h>

/* migsim keeps a snapshot's name only: what it restores besides the disk */
#define CONFIG_NOT_MODELLED                                                               \
    "not modelled: the snapshot's config, devices and profiles, which LXD restores with " \
    "the root disk (migsim keeps snapshot names only); the instance keeps its current ones"

gboolean
ms_apply_snapshot_restore(MsApply *apply)
{
    /* clang-format off */
    /* from lxd-6.6 a container's stateful restore is refused before anything
     * (driver_lxc.go:3394 at lxd-6.6, :3379 at lxd-6.9) */
    static const MsReleases refused_first = MS_REL_SINCE_6(6);
    /* clang-format on */
    const MsOp *op = apply->op;
    MsInstance *instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    const char *slash = strchr(op->snapshot, '/');
    g_autofree char *full =
        slash != NULL ? g_strdup(op->snapshot) : g_strdup_printf("%s/%s", op->instance, op->snapshot);
    const char *snapshot = slash != NULL ? slash + 1 : op->snapshot;
    MsInstance *owner = instance;
    gboolean ct_stateful, first;

    if (instance == NULL)
        return FALSE;
    /* SNAPSHOT may name another instance's snapshot, "OTHER/SNAP", which
     * LXD loads as it is (lxc/restore.go:63 at lxd-5.0.2) */
    if (slash != NULL) {
        g_autofree char *name = g_strndup(op->snapshot, slash - op->snapshot);
        owner = ms_cluster_lookup_project_instance(apply->cluster, op->project, name);
    }
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_RESTORE_NOT_FOUND, full,
                       owner == NULL ||
                           !g_ptr_array_find_with_equal_func(owner->snapshots, snapshot, g_str_equal, NULL)))
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_RESTORE_NOT_FOUND, full);
    /* LXD restores the target's own volume snapshot of that name with the
     * other instance's config (backend_lxd.go:2823-2851 at lxd-5.0.2), which
     * fails or not by pool and member: not followed */
    if (owner != instance)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc restore from a snapshot of "
                                             "another instance (%s)",
                                             apply->profile->name, op->snapshot));
    /* a VM is started with the saved state after the restore
     * (driver_qemu.go:4250-4259 at lxd-5.0.2), which needs
     * migration.stateful and a stateful snapshot: not followed */
    if (op->stateful && instance->type == MS_INSTANCE_VM)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc restore --stateful of a "
                                             "virtual machine (its stateful start after the restore)",
                                             apply->profile->name));
    /* A container snapshot is never stateful in migsim: lxc snapshot
     * --stateful of a container is refused (SNAPSHOT.CT_STATEFUL, no CRIU).
     * Before lxd-6.6 the check comes after the instance was stopped and its
     * disk and config restored, and it is not started again. */
    ct_stateful = op->stateful && instance->type == MS_INSTANCE_CONTAINER;
    first = ct_stateful && ms_releases_contain(&refused_first, apply->profile->version);
    if (!first)
        ms_outcome_add_note(apply->outcome, CONFIG_NOT_MODELLED);
    if (ms_apply_check(apply, MS_RULE_SNAPSHOT_RESTORE_STATELESS, op->instance, ct_stateful)) {
        if (!first && instance->status == MS_INSTANCE_RUNNING) {
            /* stopped and not started again; its config is now the
             * snapshot's, which migsim does not keep: a snapshot of a
             * never-started instance has no volatile.last_state.power, and
             * the restored container had none on the live 5.0.2 cluster
             * (tests/live/scenarios/snapshot-restore.scn) */
            instance->status = MS_INSTANCE_STOPPED;
            ms_instance_set_config(instance, "volatile.last_state.power", NULL);
            ms_outcome_add_note(apply->outcome,
                                "not modelled: volatile.last_state.power is now the snapshot's; migsim "
                                "takes it as unset (a snapshot of an instance never started)");
        }
        return ms_apply_reject(apply, MS_RULE_SNAPSHOT_RESTORE_STATELESS);
    }
    return TRUE;
}
