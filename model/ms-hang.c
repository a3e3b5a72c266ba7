/* migsim: operations that never complete. */
#include "ms-hang.h"

#include "ms-apply-private.h"

gboolean
ms_migrate_hang(MsApply *apply, MsInstance *instance, const char *target, MsRejection *out)
{
    MsOutcome *outcome = apply->outcome;

    g_free(outcome->hung);
    outcome->hung = g_strdup(instance->name);
    /* the source waits in migrationFields.recv (lxd/migrate.go:83 at
     * lxd-5.0.2, :75 at lxd-5.21.7 and lxd-6.9; cmd/incusd/migrate.go:78
     * at v6.0.4): migration.ProtoRecv on the control websocket, no read
     * deadline */
    ms_outcome_add_note(
        outcome,
        "%s: the migration to %s never completes (injected hang): LXD waits for the peer on the "
        "migration control connection without a deadline, so the operation stays Running "
        "and lxc waits for it for ever; what the target holds of the half-made copy is not "
        "modelled",
        instance->name, target);
    return ms_reject(
        out, MS_RULE_NONE,
        g_strdup_printf("migsim: no answer: the migration of %s never completes", instance->name));
}

void
ms_cluster_keep_hung(MsCluster *cluster, const MsOp *op, const MsOutcome *outcome)
{
    MsJob *job;

    if (outcome->hung == NULL)
        return;
    job = g_new0(MsJob, 1);
    job->op = op;
    job->steps = g_ptr_array_new_with_free_func(g_free);
    job->hung = g_strdup(outcome->hung);
    g_ptr_array_add(cluster->jobs, job);
}

static gboolean
touches(const MsOp *op, const MsOutcome *outcome, const char *instance)
{
    if (g_strcmp0(op->instance, instance) == 0)
        return TRUE;
    for (guint i = 0; op->instances != NULL && i < op->instances->len; i++)
        if (g_str_equal(op->instances->pdata[i], instance))
            return TRUE;
    for (guint i = 0; i < outcome->events->len; i++)
        if (g_strcmp0(((const MsEvent *) outcome->events->pdata[i])->instance, instance) == 0)
            return TRUE;
    return FALSE;
}

void
ms_hang_note(const MsCluster *cluster, const MsOp *op, MsOutcome *outcome)
{
    for (guint i = 0; i < cluster->jobs->len; i++) {
        const MsJob *job = cluster->jobs->pdata[i];
        if (job->hung == NULL || !touches(op, outcome, job->hung))
            continue;
        ms_outcome_add_note(outcome,
                            "%s is still in the migration that hangs (lxc %s): what LXD does with it while "
                            "that operation runs is not modelled",
                            job->hung, ms_op_defs[job->op->kind].name);
    }
}
