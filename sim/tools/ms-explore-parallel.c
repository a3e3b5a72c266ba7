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
 * a unit, that unit's result is cut to where a sequential run of the units
 * would stop (ms_explore_unit_truncate: the unit's run records the step
 * each distinct state was found at, and which steps are not followed by a
 * budget check), or, when its run was cancelled or bounded by the clock,
 * it is run again in the merging thread with the exact remaining budget
 * and the signatures found so far.  Everything on stdout is therefore the
 * same for every number of jobs (--budget SECONDS excepted, which bounds
 * the run by the clock).
 *
 * Siblings do not share deeper states, so this search applies more
 * commands than the sequential one (ms_explore_run) to cover the same
 * depth; both check every command from every state within the depth. */
#include "ms-explore.h"

#include <string.h>

#include "ms-cluster-hash.h"

typedef struct {
    guint limit;
    guint first;
    gboolean changes; /* the first command changes the root */
    gboolean expand;
    gboolean done;
    MsExploreResult *result;
    GArray *hashes;
    gint cancel;        /* atomic: the units before this one reach the step budget */
    guint64 live_steps; /* atomic: the steps of its (first) run so far */
    /* atomic: the step budget less a lower bound of the units before it,
     * lowered by the merging thread as they run (G_MAXUINT64: none) */
    guint64 bound;
    MsExploreTrail trail; /* of its first run, when the run keeps trails */
} Unit;

typedef struct {
    const MsExploreOptions *options;
    MsExploreOptions unit_options; /* unbounded violations, no progress lines */
    MsUniverse *universe;
    MsTrace *base;
    MsCluster *root;   /* the merging thread's */
    gboolean *changes; /* per first command: it changes the root */
    gboolean *expand;  /* per first command: it reaches a state no earlier one reached */
    GArray *level1;
    GTimer *timer;
    Unit *units;
    guint n_units;
    GMutex lock;
    GCond done;
    gint cancel;
    guint64 merged_steps; /* under lock: the steps of the units merged so far */
    guint cancelled_from; /* under lock: units from here on are cancelled (n_units: none) */
    gboolean trails;      /* units record a trail (ms_explore_run_jobs) */
    /* the memo of transitions, shared by every thread: a unit repeats its
     * predecessor on the level above, and siblings reach many of the same
     * states, whichever thread ran them.  What the memo holds changes only
     * how much a unit computes, not its result. */
    MsExploreMemo *memo;
} Run;

static void
lock_run(Run *run)
{
    g_mutex_lock(&run->lock);
    MS_TSAN_ACQUIRE(&run->lock);
}

static void
unlock_run(Run *run)
{
    MS_TSAN_RELEASE(&run->lock);
    g_mutex_unlock(&run->lock);
}

static MsExploreResult *
run_unit(Run *run, const MsExploreOptions *options, const MsCluster *root, Unit *unit, GHashTable *known,
         GArray *hashes)
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
        .memo = run->memo,
        /* the exact re-run (@known set) is never cancelled */
        .cancel_unit = known == NULL ? &unit->cancel : NULL,
        .live_steps = known == NULL ? &unit->live_steps : NULL,
        .live_bound = known == NULL ? &unit->bound : NULL,
        .trail = known == NULL && run->trails ? &unit->trail : NULL,
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

    /* everything the pushing thread wrote before g_thread_pool_push */
    MS_TSAN_ACQUIRE(run);

    if (!g_atomic_int_get(&run->cancel) && !g_atomic_int_get(&unit->cancel)) {
        g_autoptr(MsCluster) root = ms_explore_root(run->universe, run->base, run->options->profile);
        MsExploreOptions bounded = run->unit_options;

        /* at most what is left after the units merged so far: no less than
         * what will be left after all the units before this one, so a
         * unit that stops at this bound is run again when it is merged */
        if (bounded.budget_steps != 0) {
            lock_run(run);
            bounded.budget_steps -= MIN(run->merged_steps, bounded.budget_steps - 1);
            unlock_run(run);
        }
        if (run->trails) {
            unit->trail.found = g_array_new(FALSE, FALSE, sizeof(MsExploreFound));
            unit->trail.nocheck = g_array_new(FALSE, FALSE, sizeof(guint64));
        }
        result = run_unit(run, &bounded, root, unit, NULL, hashes);
    }
    lock_run(run);
    unit->result = result;
    unit->hashes = hashes;
    unit->done = TRUE;
    g_cond_broadcast(&run->done);
    unlock_run(run);
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

/* Under the lock, while the merge waits for unit @k: cancels every unit
 * whose predecessors' steps already reach the step budget.  The merge
 * stops inside one of those predecessors (the steps of a done unit are
 * final; a running unit's so far are a lower bound of its final count),
 * so such a unit's result would be thrown away: its thread is better
 * spent elsewhere.  Only units after @k can be cancelled, as the units
 * before @k, merged, stay under the budget. */
static void
cancel_past_budget(Run *run, guint k)
{
    guint64 budget = run->options->budget_steps;
    guint64 before = run->merged_steps;

    if (budget == 0)
        return;
    for (guint j = k; j < run->cancelled_from; j++) {
        Unit *unit = &run->units[j];

        if (before >= budget) {
            for (guint c = j; c < run->cancelled_from; c++)
                g_atomic_int_set(&run->units[c].cancel, 1);
            run->cancelled_from = j;
            return;
        }
        /* no more than what is left after the units before it: the merge
         * stops inside this unit at that bound or earlier, and its trail
         * cuts it there, so the steps beyond are never needed */
        if (!unit->done && budget - before < __atomic_load_n(&unit->bound, __ATOMIC_RELAXED))
            __atomic_store_n(&unit->bound, budget - before, __ATOMIC_RELAXED);
        if (unit->done)
            before += unit->result != NULL ? unit->result->steps : 0;
        else
            before += __atomic_load_n(&unit->live_steps, __ATOMIC_RELAXED);
    }
}

static Unit *
wait_unit(Run *run, guint k)
{
    lock_run(run);
    while (!run->units[k].done) {
        cancel_past_budget(run, k);
        /* g_cond_wait_until unlocks the mutex while it waits; it wakes
         * every 2 ms to look at the running units' steps again */
        MS_TSAN_RELEASE(&run->lock);
        g_cond_wait_until(&run->done, &run->lock, g_get_monotonic_time() + 2 * G_TIME_SPAN_MILLISECOND);
        MS_TSAN_ACQUIRE(&run->lock);
    }
    unlock_run(run);
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
            /* the search ends inside this unit: stop where one step
             * counter and one set of signatures would */
            MsExploreOptions exact = run->unit_options;

            /* the units after this one are not needed: their threads stop
             * now rather than compete with this re-run for a core */
            g_atomic_int_set(&run->cancel, 1);
            exact.budget_steps = o->budget_steps == 0 ? 0 : o->budget_steps - merged->steps;
            exact.max_violations = o->max_violations - merged->result->violations->len;
            if (unit->trail.found != NULL && !unit->trail.cancelled && o->budget_seconds <= 0) {
                ms_explore_unit_truncate(result, &unit->trail, exact.budget_steps, exact.max_violations,
                                         merged->signatures, hashes);
            } else {
                g_clear_pointer(&result, ms_explore_result_free);
                g_array_set_size(hashes, 0);
                result = run_unit(run, &exact, root, unit, merged->signatures, hashes);
            }
            stop = TRUE;
        }
        merged->result->budget_hit = result->budget_hit;
        merge(merged, result, hashes);
        lock_run(run);
        run->merged_steps = merged->steps;
        unlock_run(run);
        if (stop)
            return TRUE;
        if (k + 1 == run->n_units || run->units[k + 1].limit != unit->limit)
            merged->result->depth_reached = unit->limit;
    }
    return FALSE;
}

/* ---- the run: units laid out, some of them run on a thread pool ---- */

static void
run_init(Run *run, const MsExploreOptions *options)
{
    memset(run, 0, sizeof(*run));
    run->options = options;
    run->unit_options = *options;
    run->unit_options.max_violations = G_MAXUINT;
    run->unit_options.progress = FALSE;
    run->universe = ms_universe_new(options);
    run->base = ms_explore_base(run->universe);
    run->root = ms_explore_root(run->universe, run->base, options->profile);
    run->timer = g_timer_new();
    run->changes = g_new0(gboolean, run->universe->alphabet->len);
    run->expand = g_new0(gboolean, run->universe->alphabet->len);
    run->level1 = first_steps(run, run->root, run->changes, run->expand);
    run->n_units = options->depth * run->universe->alphabet->len;
    run->cancelled_from = run->n_units;
    run->units = g_new0(Unit, run->n_units);
    g_mutex_init(&run->lock);
    g_cond_init(&run->done);
    run->memo = ms_explore_memo_new();
    for (guint k = 0; k < run->n_units; k++) {
        Unit *unit = &run->units[k];

        unit->limit = 1 + k / run->universe->alphabet->len;
        unit->first = k % run->universe->alphabet->len;
        unit->changes = run->changes[unit->first];
        unit->bound = G_MAXUINT64;
        unit->expand = run->expand[unit->first];
        if (!unit->changes) {
            /* a command that changes nothing is one step with no successor */
            unit->result = g_new0(MsExploreResult, 1);
            unit->result->violations = g_ptr_array_new_with_free_func((GDestroyNotify) ms_violation_free);
            unit->result->steps = 1;
            unit->hashes = g_array_new(FALSE, FALSE, sizeof(guint64));
            unit->done = TRUE;
        }
    }
}

/* Pushes the units shard @shard of @shards owns to a pool of
 * options->jobs threads; the others are left as they are. */
static GThreadPool *
run_start(Run *run, guint shard, guint shards)
{
    GThreadPool *pool = g_thread_pool_new(worker, run, (gint) MAX(run->options->jobs, 1), FALSE, NULL);

    for (guint k = 0; k < run->n_units; k++)
        if (ms_explore_unit_owner(run->changes, run->universe->alphabet->len, k, shards) == (gint) shard) {
            MS_TSAN_RELEASE(run);
            g_thread_pool_push(pool, &run->units[k], NULL);
        }
    return pool;
}

static void
run_clear(Run *run)
{
    for (guint k = 0; k < run->n_units; k++) {
        g_clear_pointer(&run->units[k].result, ms_explore_result_free);
        g_clear_pointer(&run->units[k].hashes, g_array_unref);
        g_clear_pointer(&run->units[k].trail.found, g_array_unref);
        g_clear_pointer(&run->units[k].trail.nocheck, g_array_unref);
    }
    g_free(run->units);
    ms_explore_memo_free(run->memo);
    g_mutex_clear(&run->lock);
    g_cond_clear(&run->done);
    g_free(run->changes);
    g_free(run->expand);
    g_array_unref(run->level1);
    g_timer_destroy(run->timer);
    ms_cluster_free(run->root);
    ms_trace_free(run->base);
    ms_universe_free(run->universe);
}

/* Merges every unit in order into a new result. */
static MsExploreResult *
run_merge(Run *run, gboolean *stopped)
{
    MsExploreResult *result = g_new0(MsExploreResult, 1);
    g_autoptr(GHashTable) distinct = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    g_autoptr(GHashTable) signatures = g_hash_table_new(g_str_hash, g_str_equal);
    Merged merged = { result, signatures, distinct, 0 };
    guint64 root_hash = ms_cluster_hash(run->root);

    result->violations = g_ptr_array_new_with_free_func((GDestroyNotify) ms_violation_free);
    g_hash_table_add(distinct, g_memdup2(&root_hash, sizeof(root_hash)));
    *stopped = merge_units(run, run->root, &merged);
    result->steps = merged.steps;
    result->distinct = g_hash_table_size(distinct);
    result->exhausted = !*stopped && result->depth_reached == run->options->depth;
    return result;
}

MsExploreResult *
ms_explore_run_jobs(const MsExploreOptions *options)
{
    MsExploreResult *result;
    GThreadPool *pool;
    gboolean stopped;
    Run run;

    g_assert(options->strategy == MS_STRATEGY_EXHAUSTIVE && options->jobs >= 1);
    run_init(&run, options);
    run.trails = TRUE;
    pool = run_start(&run, 0, 1);
    result = run_merge(&run, &stopped);
    g_atomic_int_set(&run.cancel, 1);
    g_thread_pool_free(pool, FALSE, TRUE);
    /* the units the merge did not wait for: each worker's last writes
     * were under the lock */
    lock_run(&run);
    unlock_run(&run);
    result->seconds = g_timer_elapsed(run.timer, NULL);
    run_clear(&run);
    return result;
}

/* ---- sharding ---- */

void
ms_explore_unit_result_free(MsExploreUnitResult *unit)
{
    if (unit == NULL)
        return;
    ms_explore_result_free(unit->result);
    if (unit->hashes != NULL)
        g_array_unref(unit->hashes);
    g_free(unit);
}

guint
ms_explore_unit_count(const MsExploreOptions *options)
{
    g_autoptr(MsUniverse) universe = ms_universe_new(options);

    return options->depth * universe->alphabet->len;
}

gboolean *
ms_explore_changing_units(const MsExploreOptions *options)
{
    Run run;
    gboolean *changes;

    run_init(&run, options);
    changes = g_steal_pointer(&run.changes);
    run_clear(&run);
    return changes;
}

gint
ms_explore_unit_owner(const gboolean *changes, guint alphabet, guint unit, guint shards)
{
    guint rank = 0;

    /* round robin over the units that run, in unit order: each level's
     * units are spread over every shard, so the deepest (and dearest)
     * level is shared too */
    if (!changes[unit % alphabet])
        return -1;
    for (guint first = 0; first < alphabet; first++)
        rank += changes[first];
    rank *= unit / alphabet;
    for (guint first = 0; first < unit % alphabet; first++)
        rank += changes[first];
    return (gint) (rank % shards);
}

GPtrArray *
ms_explore_run_shard(const MsExploreOptions *options, guint shard, guint shards, GArray *owned)
{
    GPtrArray *units = g_ptr_array_new_with_free_func((GDestroyNotify) ms_explore_unit_result_free);
    GThreadPool *pool;
    Run run;

    g_assert(options->strategy == MS_STRATEGY_EXHAUSTIVE && options->budget_steps == 0 &&
             options->budget_seconds <= 0 && shard < shards);
    run_init(&run, options);
    pool = run_start(&run, shard, shards);
    for (guint k = 0; k < run.n_units; k++) {
        MsExploreUnitResult *unit;

        if (ms_explore_unit_owner(run.changes, run.universe->alphabet->len, k, shards) != (gint) shard)
            continue;
        wait_unit(&run, k);
        unit = g_new0(MsExploreUnitResult, 1);
        unit->unit = k;
        unit->result = g_steal_pointer(&run.units[k].result);
        unit->hashes = g_steal_pointer(&run.units[k].hashes);
        g_ptr_array_add(units, unit);
        if (owned != NULL)
            g_array_append_val(owned, k);
    }
    g_thread_pool_free(pool, FALSE, TRUE);
    run_clear(&run);
    return units;
}

MsExploreResult *
ms_explore_merge_units(const MsExploreOptions *options, GPtrArray *units, guint *missing)
{
    MsExploreResult *result;
    gboolean stopped;
    Run run;

    run_init(&run, options);
    for (guint i = 0; i < units->len; i++) {
        MsExploreUnitResult *unit = units->pdata[i];

        if (unit->unit >= run.n_units || run.units[unit->unit].done)
            continue;
        run.units[unit->unit].result = g_steal_pointer(&unit->result);
        run.units[unit->unit].hashes = g_steal_pointer(&unit->hashes);
        run.units[unit->unit].done = TRUE;
    }
    for (guint k = 0; k < run.n_units; k++) {
        if (!run.units[k].done) {
            *missing = k;
            run_clear(&run);
            return NULL;
        }
    }
    result = run_merge(&run, &stopped);
    result->seconds = g_timer_elapsed(run.timer, NULL);
    run_clear(&run);
    return result;
}
