/* migsim: the partitioned exhaustive search (`migsim explore --jobs N`).
 *
 * The search is cut into units, one per (iterative-deepening level, first
 * command): the first command applied to the state after the fixture, then
 * every sequence below it up to the level's length (ms_explore_unit_run).
 * A unit has a seen-set of its own, started with the root and every distinct
 * state one command away, so units share nothing and a GThreadPool runs
 * them in any order, each worker thread on its own copy of the model built
 * from the fixture.  The results are merged in unit order, as if the units
 * had run one after the other with one step counter and one set of
 * signatures: a violation is kept only the first time its signature is
 * seen, its "found after" count is the steps of the units before it plus
 * its own.  When the step budget or --max-violations ends the search inside
 * a unit, that unit is run again in the merging thread with the exact
 * remaining budget and the signatures found so far, so it stops where a
 * sequential run of the units would.  Everything on stdout is therefore the
 * same for every number of jobs (--budget SECONDS excepted, which bounds
 * the run by the clock).
 *
 * Siblings do not share deeper states, so this search applies more
 * commands than the sequential one (ms_explore_run) to cover the same
 * depth; both check every command from every state within the depth. */
#include "ms-explore.h"

#include "ms-cluster-hash.h"

typedef struct {
    guint limit;
    guint first;
    gboolean changes; /* the first command changes the root */
    gboolean expand;
    gboolean done;
    MsExploreResult *result;
    GArray *hashes;
} Unit;

typedef struct {
    const MsExploreOptions *options;
    MsExploreOptions unit_options; /* unbounded violations, no progress lines */
    MsUniverse *universe;
    MsTrace *base;
    GArray *level1;
    GTimer *timer;
    Unit *units;
    guint n_units;
    GMutex lock;
    GCond done;
    gint cancel;
    guint64 merged_steps; /* under lock: the steps of the units merged so far */
} Run;

static MsExploreResult *
run_unit(Run *run, const MsExploreOptions *options, const MsCluster *root, const Unit *unit,
         GHashTable *known, GArray *hashes)
{
    MsExploreUnit u = {
        .options = options,
        .universe = run->universe,
        .base = run->base,
        .root = root,
        .limit = unit->limit,
        .first = unit->first,
        .expand = unit->expand,
        .level1 = run->level1,
        .known = known,
        .timer = run->timer,
        .cancel = known == NULL ? &run->cancel : NULL,
    };

    return ms_explore_unit_run(&u, hashes);
}

/* a GThreadPool task: one unit on this thread's own model */
static void
worker(gpointer data, gpointer user_data)
{
    Unit *unit = data;
    Run *run = user_data;
    MsExploreResult *result = NULL;
    GArray *hashes = g_array_new(FALSE, FALSE, sizeof(guint64));

    if (!g_atomic_int_get(&run->cancel)) {
        g_autoptr(MsCluster) root = ms_explore_root(run->universe, run->base, run->options->profile);
        MsExploreOptions bounded = run->unit_options;

        /* at most what is left after the units merged so far: no less than
         * what will be left after all the units before this one, so a
         * unit that stops at this bound is run again when it is merged */
        if (bounded.budget_steps != 0) {
            g_mutex_lock(&run->lock);
            bounded.budget_steps -= MIN(run->merged_steps, bounded.budget_steps - 1);
            g_mutex_unlock(&run->lock);
        }
        result = run_unit(run, &bounded, root, unit, NULL, hashes);
    }
    g_mutex_lock(&run->lock);
    unit->result = result;
    unit->hashes = hashes;
    unit->done = TRUE;
    g_cond_broadcast(&run->done);
    g_mutex_unlock(&run->lock);
}

/* The root's successors: which first commands change it, and which of them
 * reach a state no earlier one reached (only those are expanded, as the
 * sequential search's seen-set does). */
static GArray *
first_steps(Run *run, const MsCluster *root, gboolean *changes, gboolean *expand)
{
    GArray *level1 = g_array_new(FALSE, FALSE, sizeof(guint64));
    guint64 root_hash = ms_cluster_hash(root);

    for (guint i = 0; i < run->universe->alphabet->len; i++) {
        g_autoptr(MsCluster) scratch = ms_cluster_copy(root);
        MsEnv env = { .profile = run->options->profile, .client = run->universe->members->pdata[0] };
        guint64 hash;

        ms_outcome_free(ms_explore_apply(scratch, &env, run->universe->alphabet->pdata[i], NULL));
        hash = ms_cluster_hash(scratch);
        changes[i] = hash != root_hash;
        expand[i] = changes[i];
        for (guint j = 0; j < level1->len && expand[i]; j++)
            expand[i] = g_array_index(level1, guint64, j) != hash;
        if (expand[i])
            g_array_append_val(level1, hash);
    }
    return level1;
}

static Unit *
wait_unit(Run *run, guint k)
{
    g_mutex_lock(&run->lock);
    while (!run->units[k].done)
        g_cond_wait(&run->done, &run->lock);
    g_mutex_unlock(&run->lock);
    return &run->units[k];
}

typedef struct {
    MsExploreResult *result;
    GHashTable *signatures; /* borrowed from result's violations */
    GHashTable *distinct;   /* (element-type guint64) */
    guint64 steps;
} Merged;

static guint
new_signatures(const Merged *merged, const MsExploreResult *unit)
{
    guint n = 0;

    for (guint i = 0; i < unit->violations->len; i++)
        n += !g_hash_table_contains(merged->signatures,
                                    ((const MsViolation *) unit->violations->pdata[i])->signature);
    return n;
}

static void
merge(Merged *merged, MsExploreResult *unit, GArray *hashes)
{
    for (guint i = 0; i < unit->violations->len; i++) {
        MsViolation *violation = unit->violations->pdata[i];

        if (g_hash_table_contains(merged->signatures, violation->signature))
            continue;
        violation->found_at += merged->steps;
        g_hash_table_add(merged->signatures, violation->signature);
        g_ptr_array_add(merged->result->violations, g_ptr_array_steal_index(unit->violations, i--));
    }
    merged->steps += unit->steps;
    for (guint i = 0; i < hashes->len; i++) {
        guint64 *key = &g_array_index(hashes, guint64, i);
        if (!g_hash_table_contains(merged->distinct, key))
            g_hash_table_add(merged->distinct, g_memdup2(key, sizeof(*key)));
    }
}

/* Merges the units in order; TRUE when the search stopped inside one. */
static gboolean
merge_units(Run *run, const MsCluster *root, Merged *merged)
{
    const MsExploreOptions *o = run->options;

    for (guint k = 0; k < run->n_units; k++) {
        Unit *unit = wait_unit(run, k);
        g_autoptr(MsExploreResult) result = g_steal_pointer(&unit->result);
        g_autoptr(GArray) hashes = g_steal_pointer(&unit->hashes);
        gboolean stop = result->budget_hit;

        if ((o->budget_steps != 0 && merged->steps + result->steps >= o->budget_steps) ||
            merged->result->violations->len + new_signatures(merged, result) >= o->max_violations) {
            /* the search ends inside this unit: run it again to stop where
             * one step counter and one set of signatures would */
            MsExploreOptions exact = run->unit_options;

            exact.budget_steps = o->budget_steps == 0 ? 0 : o->budget_steps - merged->steps;
            exact.max_violations = o->max_violations - merged->result->violations->len;
            g_clear_pointer(&result, ms_explore_result_free);
            g_array_set_size(hashes, 0);
            result = run_unit(run, &exact, root, unit, merged->signatures, hashes);
            stop = TRUE;
        }
        merged->result->budget_hit = result->budget_hit;
        merge(merged, result, hashes);
        g_mutex_lock(&run->lock);
        run->merged_steps = merged->steps;
        g_mutex_unlock(&run->lock);
        if (stop)
            return TRUE;
        if (k + 1 == run->n_units || run->units[k + 1].limit != unit->limit)
            merged->result->depth_reached = unit->limit;
    }
    return FALSE;
}

MsExploreResult *
ms_explore_run_jobs(const MsExploreOptions *options)
{
    MsExploreResult *result = g_new0(MsExploreResult, 1);
    g_autoptr(MsUniverse) universe =
        ms_universe_new(options->profile, options->n_members, options->concurrent);
    g_autoptr(MsTrace) base = ms_explore_base(universe);
    g_autoptr(MsCluster) root = ms_explore_root(universe, base, options->profile);
    g_autofree gboolean *changes = g_new0(gboolean, universe->alphabet->len);
    g_autofree gboolean *expand = g_new0(gboolean, universe->alphabet->len);
    g_autoptr(GHashTable) distinct = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    g_autoptr(GHashTable) signatures = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GTimer) timer = g_timer_new();
    g_autoptr(GArray) level1 = NULL;
    Merged merged = { result, signatures, distinct, 0 };
    Run run = { options, *options, universe, base, NULL, timer, NULL, 0 };
    guint64 root_hash = ms_cluster_hash(root);
    GThreadPool *pool;
    gboolean stopped;

    g_assert(options->strategy == MS_STRATEGY_EXHAUSTIVE && options->jobs >= 1);
    result->violations = g_ptr_array_new_with_free_func((GDestroyNotify) ms_violation_free);
    run.unit_options.max_violations = G_MAXUINT;
    run.unit_options.progress = FALSE;
    level1 = first_steps(&run, root, changes, expand);
    run.level1 = level1;
    run.n_units = options->depth * universe->alphabet->len;
    run.units = g_new0(Unit, run.n_units);
    g_mutex_init(&run.lock);
    g_cond_init(&run.done);
    g_hash_table_add(distinct, g_memdup2(&root_hash, sizeof(root_hash)));

    pool = g_thread_pool_new(worker, &run, (gint) options->jobs, FALSE, NULL);
    for (guint k = 0; k < run.n_units; k++) {
        Unit *unit = &run.units[k];

        unit->limit = 1 + k / universe->alphabet->len;
        unit->first = k % universe->alphabet->len;
        unit->changes = changes[unit->first];
        unit->expand = expand[unit->first];
        if (unit->changes) {
            g_thread_pool_push(pool, unit, NULL);
        } else {
            /* a command that changes nothing is one step with no successor */
            unit->result = g_new0(MsExploreResult, 1);
            unit->result->violations = g_ptr_array_new_with_free_func((GDestroyNotify) ms_violation_free);
            unit->result->steps = 1;
            unit->hashes = g_array_new(FALSE, FALSE, sizeof(guint64));
            unit->done = TRUE;
        }
    }
    stopped = merge_units(&run, root, &merged);
    g_atomic_int_set(&run.cancel, 1);
    g_thread_pool_free(pool, FALSE, TRUE);
    for (guint k = 0; k < run.n_units; k++) {
        g_clear_pointer(&run.units[k].result, ms_explore_result_free);
        g_clear_pointer(&run.units[k].hashes, g_array_unref);
    }
    g_free(run.units);
    g_mutex_clear(&run.lock);
    g_cond_clear(&run.done);

    result->steps = merged.steps;
    result->distinct = g_hash_table_size(distinct);
    result->exhausted = !stopped && result->depth_reached == options->depth;
    result->seconds = g_timer_elapsed(timer, NULL);
    return result;
}
