/* migsim: requests in flight, one step at a time. */
#include "ms-job.h"

#include "ms-apply-private.h"
#include "ms-clock.h"

MsJob *
ms_cluster_lookup_job(const MsCluster *cluster, guint id)
{
    for (guint i = 0; i < cluster->jobs->len; i++)
        if (((MsJob *) cluster->jobs->pdata[i])->id == id)
            return cluster->jobs->pdata[i];
    return NULL;
}

static void
remove_job(MsCluster *cluster, guint id)
{
    for (guint i = 0; i < cluster->jobs->len; i++)
        if (((MsJob *) cluster->jobs->pdata[i])->id == id) {
            g_ptr_array_remove_index(cluster->jobs, i);
            return;
        }
}

/* The time a part of an evacuation or restore took: its instances (the
 * command's own share is counted when it starts). */
static guint64
part_ms(const MsOp *op, const MsOutcome *outcome, gboolean first)
{
    guint64 all = ms_clock_duration_ms(op, outcome);
    guint64 base = ms_duration_def(op->kind) != NULL ? ms_duration_def(op->kind)->base_ms : 0;

    if (first)
        return all;
    return all > base ? all - base : 0;
}

MsOutcome *
ms_cluster_job_start(MsCluster *cluster, MsEnv *env, const MsOp *op, guint id, gboolean *running)
{
    MsApply apply = { cluster, env, env->profile, op, ms_outcome_new() };
    g_autoptr(GPtrArray) steps = NULL;
    MsJob *job;

    g_assert(ms_cluster_lookup_job(cluster, id) == NULL);
    *running = FALSE;
    if (op->kind == MS_OP_EVACUATE) {
        steps = ms_evacuate_begin(&apply);
        for (guint i = 0; steps != NULL && i < steps->len; i++) {
            char *name = steps->pdata[i];
            steps->pdata[i] = g_strconcat("E:", name, NULL);
            g_free(name);
        }
    } else if (op->kind == MS_OP_RESTORE)
        steps = ms_restore_begin(&apply);
    else {
        /* any other request runs whole at its first step */
        steps = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(steps, g_strdup("W:"));
    }
    if (steps == NULL) {
        apply.outcome->client_error = ms_client_error(&apply);
        ms_cluster_advance_clock(cluster, ms_clock_duration_ms(op, apply.outcome));
        return apply.outcome;
    }
    if (steps->len > 0 && !g_str_equal(steps->pdata[0], "W:"))
        ms_cluster_advance_clock(cluster, part_ms(op, apply.outcome, TRUE));
    if (steps->len == 0) {
        if (op->kind == MS_OP_EVACUATE)
            ms_evacuate_end(&apply);
        ms_cluster_advance_clock(cluster, part_ms(op, apply.outcome, TRUE));
        return apply.outcome;
    }
    job = g_new0(MsJob, 1);
    job->id = id;
    job->op = op;
    job->steps = g_steal_pointer(&steps);
    g_ptr_array_add(cluster->jobs, job);
    *running = TRUE;
    return apply.outcome;
}

MsOutcome *
ms_cluster_job_step(MsCluster *cluster, MsEnv *env, guint id, gboolean *finished)
{
    MsJob *job = ms_cluster_lookup_job(cluster, id);
    const MsOp *op;
    const char *step;
    MsApply apply;
    gboolean ok, last;

    g_assert(job != NULL && job->next < job->steps->len);
    op = job->op;
    step = job->steps->pdata[job->next++];
    last = job->next == job->steps->len;
    *finished = TRUE;
    if (step[0] == 'W') {
        remove_job(cluster, id);
        return ms_cluster_apply(cluster, env, op);
    }
    apply = (MsApply){ cluster, env, env->profile, op, ms_outcome_new() };
    ok = step[0] == 'E'   ? ms_evacuate_instance(&apply, step + 2)
         : step[0] == 'S' ? ms_restore_start_local(&apply, step + 2)
                          : ms_restore_migrate_back(&apply, step + 2);
    if (ok && last && op->kind == MS_OP_EVACUATE)
        ms_evacuate_end(&apply);
    if (!ok)
        apply.outcome->client_error = ms_client_error(&apply);
    if (apply.outcome->hung != NULL) {
        /* the operation never ends: it stays in flight, no longer the
         * shell's job (model/ms-hang.c) */
        job->hung = g_strdup(apply.outcome->hung);
        job->id = 0;
        job->next = job->steps->len;
    } else if (ok && !last)
        *finished = FALSE;
    else
        remove_job(cluster, id);
    ms_cluster_advance_clock(cluster, part_ms(op, apply.outcome, FALSE));
    return apply.outcome;
}

char *
ms_job_describe_next(const MsJob *job)
{
    const char *step;

    if (job->next >= job->steps->len)
        return g_strdup("nothing");
    step = job->steps->pdata[job->next];
    switch (step[0]) {
    case 'E':
        return g_strdup_printf("evacuate %s", step + 2);
    case 'S':
        return g_strdup_printf("start %s", step + 2);
    case 'M':
        return g_strdup_printf("migrate %s back", step + 2);
    default:
        return g_strdup("run");
    }
}
