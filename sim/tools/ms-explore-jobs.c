/* migsim: the explorer's concurrent commands (`migsim explore --concurrent`).
 *
 * `CMD &` starts an evacuation, a restore or a move as an LXD operation
 * (model/ms-job.c), `step %N` runs one instance step of job N, `wait %N`
 * runs it to its end and `wait` runs every job in job-number order, as the
 * scenario runner does (docs/scenario-language.md#concurrency).  A command
 * that cannot run in a state (a step of a job that is not in flight, a
 * third job) changes nothing, like a refused request.  Job numbers follow
 * bash: one more than the highest job in flight. */
#include "ms-explore.h"

#include "ms-job.h"

static guint
next_job_id(const MsCluster *cluster)
{
    guint id = 0;

    for (guint i = 0; i < cluster->jobs->len; i++)
        id = MAX(id, ((const MsJob *) cluster->jobs->pdata[i])->id);
    return id + 1;
}

/* Runs job @id to its end; the outcome of its last step. */
static MsOutcome *
finish_job(MsCluster *cluster, MsEnv *env, guint id)
{
    MsOutcome *last = NULL;
    gboolean finished = FALSE;

    while (!finished) {
        g_clear_pointer(&last, ms_outcome_free);
        last = ms_cluster_job_step(cluster, env, id, &finished);
    }
    return last;
}

MsOutcome *
ms_explore_apply(MsCluster *cluster, MsEnv *env, const MsOp *op, MsExploreJobs *jobs)
{
    MsOutcome *outcome = NULL;

    if (jobs != NULL)
        g_array_set_size(jobs->ended, 0);
    switch (op->job_ctl) {
    case MS_JOB_CTL_NONE:
        return ms_cluster_apply(cluster, env, op);
    case MS_JOB_CTL_BACKGROUND: {
        guint id = next_job_id(cluster);
        gboolean running;

        if (cluster->jobs->len >= MS_EXPLORE_MAX_JOBS)
            break;
        outcome = ms_cluster_job_start(cluster, env, op, id, &running);
        if (jobs != NULL) {
            jobs->started = id;
            if (!running)
                g_array_append_val(jobs->ended, id);
        }
        return outcome;
    }
    case MS_JOB_CTL_STEP: {
        gboolean finished;

        if (ms_cluster_lookup_job(cluster, op->job) == NULL)
            break;
        outcome = ms_cluster_job_step(cluster, env, op->job, &finished);
        if (finished && jobs != NULL)
            g_array_append_val(jobs->ended, op->job);
        return outcome;
    }
    case MS_JOB_CTL_WAIT:
        if (op->job != 0) {
            if (ms_cluster_lookup_job(cluster, op->job) == NULL)
                break;
            if (jobs != NULL)
                g_array_append_val(jobs->ended, op->job);
            return finish_job(cluster, env, op->job);
        }
        if (cluster->jobs->len == 0)
            break;
        /* every job in job-number order (the start order); the first failure */
        while (cluster->jobs->len > 0) {
            guint id = ((const MsJob *) cluster->jobs->pdata[0])->id;
            g_autoptr(MsOutcome) part = finish_job(cluster, env, id);

            if (jobs != NULL)
                g_array_append_val(jobs->ended, id);
            if (outcome == NULL || (outcome->ok && !part->ok)) {
                g_clear_pointer(&outcome, ms_outcome_free);
                outcome = g_steal_pointer(&part);
            }
        }
        return outcome;
    }
    /* cannot run here: nothing changes */
    if (jobs != NULL)
        jobs->invalid = TRUE;
    return ms_outcome_new();
}

void
ms_explore_jobs_init(MsExploreJobs *jobs)
{
    jobs->ended = g_array_new(FALSE, FALSE, sizeof(guint));
    jobs->started = 0;
    jobs->invalid = FALSE;
}

void
ms_explore_jobs_clear(MsExploreJobs *jobs)
{
    g_clear_pointer(&jobs->ended, g_array_unref);
}

static void
add_job_ctl(GPtrArray *into, MsOpJobCtl ctl, guint job)
{
    MsOp *op = ms_op_new(MS_OP_EVACUATE);

    op->job_ctl = ctl;
    op->job = job;
    g_ptr_array_add(into, op);
}

void
ms_explore_add_concurrent_alphabet(MsUniverse *universe)
{
    static const char *const movable[] = { "c1", "c2" };

    for (guint m = 0; m < universe->members->len; m++) {
        const char *member = universe->members->pdata[m];
        for (guint background = 0; background < 2; background++) {
            MsOp *evacuate = ms_op_new(MS_OP_EVACUATE);
            MsOp *restore = ms_op_new(MS_OP_RESTORE);

            evacuate->member = g_strdup(member);
            evacuate->force = TRUE;
            evacuate->job_ctl = background ? MS_JOB_CTL_BACKGROUND : MS_JOB_CTL_NONE;
            restore->member = g_strdup(member);
            restore->force = TRUE;
            restore->job_ctl = evacuate->job_ctl;
            g_ptr_array_add(universe->alphabet, evacuate);
            g_ptr_array_add(universe->alphabet, restore);
        }
        for (guint i = 0; i < G_N_ELEMENTS(movable); i++) {
            MsOp *move = ms_op_new(MS_OP_MOVE);

            move->instance = g_strdup(movable[i]);
            move->target = g_strdup(member);
            move->job_ctl = MS_JOB_CTL_BACKGROUND;
            g_ptr_array_add(universe->alphabet, move);
        }
    }
    for (guint job = 1; job <= MS_EXPLORE_MAX_JOBS; job++) {
        add_job_ctl(universe->alphabet, MS_JOB_CTL_STEP, job);
        add_job_ctl(universe->alphabet, MS_JOB_CTL_WAIT, job);
    }
    add_job_ctl(universe->alphabet, MS_JOB_CTL_WAIT, 0);
}
