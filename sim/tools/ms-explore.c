/* migsim: the explorer — universe and the two search strategies (the
 * invariants are in ms-explore-invariants.c).
 *
 * States are whole MsCluster copies: the model has no undo, and a copy of the
 * small universe costs a few microseconds.  The seen-set holds only 64-bit
 * canonical hashes (ms-cluster-hash.h), never states. */
#include "ms-explore.h"

#include <stdio.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-cluster-hash.h"
#include "ms-config.h"
#include "ms-probe.h"
#include "ms-runner.h"

/* ---- traces ---- */

MsTrace *
ms_trace_new(void)
{
    MsTrace *trace = g_new0(MsTrace, 1);

    trace->members = g_ptr_array_new_with_free_func(g_free);
    trace->pools = g_ptr_array_new_with_free_func(g_free);
    trace->ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    return trace;
}

MsTrace *
ms_trace_copy(const MsTrace *trace)
{
    MsTrace *copy = ms_trace_new();

    for (guint i = 0; i < trace->members->len; i++)
        g_ptr_array_add(copy->members, g_strdup(trace->members->pdata[i]));
    for (guint i = 0; i < trace->pools->len; i++)
        g_ptr_array_add(copy->pools, g_strdup(trace->pools->pdata[i]));
    for (guint i = 0; i < trace->ops->len; i++)
        g_ptr_array_add(copy->ops, ms_op_copy(trace->ops->pdata[i]));
    return copy;
}

void
ms_trace_free(MsTrace *trace)
{
    if (trace == NULL)
        return;
    g_ptr_array_unref(trace->members);
    g_ptr_array_unref(trace->pools);
    g_ptr_array_unref(trace->ops);
    g_free(trace);
}

MsCluster *
ms_explore_initial_cluster(const MsTrace *trace)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    g_autofree char *client = NULL;

    for (guint i = 0; i < trace->members->len; i++)
        ms_cluster_add_member(cluster, trace->members->pdata[i]);
    ms_cluster_assign_roles(cluster);
    /* the runner's own directive code, so a written scenario starts from
     * exactly this cluster */
    for (guint i = 0; i + 1 < trace->pools->len; i += 2) {
        MsStep step = { .kind = MS_STEP_POOL };
        step.name = trace->pools->pdata[i];
        step.driver = trace->pools->pdata[i + 1];
        ms_runner_apply_directive(cluster, &step, &client);
    }
    return g_steal_pointer(&cluster);
}

void
ms_violation_free(MsViolation *violation)
{
    if (violation == NULL)
        return;
    g_free(violation->signature);
    g_free(violation->message);
    ms_trace_free(violation->found);
    ms_trace_free(violation->shrunk);
    if (violation->path != NULL)
        g_array_unref(violation->path);
    g_free(violation->scenario);
    g_free(violation);
}

void
ms_explore_result_free(MsExploreResult *result)
{
    if (result == NULL)
        return;
    g_ptr_array_unref(result->violations);
    g_free(result);
}

/* ---- the universe ---- */

static MsOp *
op_new(GPtrArray *into, MsOpKind kind)
{
    MsOp *op = ms_op_new(kind);

    g_ptr_array_add(into, op);
    return op;
}

static void
add_kv(MsUniverse *universe, MsOpKind kind, const char *instance, const char *profile, const char *key,
       const char *value)
{
    MsOp *op = op_new(universe->alphabet, kind);

    op->instance = g_strdup(instance);
    op->profile = g_strdup(profile);
    ms_op_add_kv(op, key, value ? value : "");
}

static void
add_launch(GPtrArray *into, const char *name, gboolean vm, const char *target, const char *pool)
{
    MsOp *op = op_new(into, MS_OP_INIT);

    op->start = TRUE;
    op->image = g_strdup("img");
    op->instance = g_strdup(name);
    op->vm = vm;
    op->target = g_strdup(target);
    op->pool = g_strdup(pool);
}

static const struct {
    const char *pool;
    const char *name;
    const char *type; /* NULL: filesystem, the default */
} volumes[] = {
    { "local", "lfs", NULL },  { "local", "lblk", "block" },  { "local", "liso", "iso" },
    { "remote", "rfs", NULL }, { "remote", "rblk", "block" }, { "remote", "riso", "iso" },
};

static const struct {
    const char *name;
    gboolean vm;
    gboolean second_member;
    const char *pool;
} instances[] = {
    { "c1", FALSE, FALSE, "local" },
    { "v1", TRUE, FALSE, "local" },
    { "c2", FALSE, TRUE, "remote" },
    { "v2", TRUE, TRUE, "remote" },
};

/* The instances' launches, then the volumes' creation, into @into: the
 * staged fixture, or the start of the neutral alphabet. */
static void
add_entities(MsUniverse *universe, GPtrArray *into)
{
    const char *first = universe->members->pdata[0];
    const char *second = universe->members->pdata[universe->members->len > 1 ? 1 : 0];

    for (guint i = 0; i < G_N_ELEMENTS(instances); i++)
        add_launch(into, instances[i].name, instances[i].vm, instances[i].second_member ? second : first,
                   instances[i].pool);
    for (guint i = 0; i < G_N_ELEMENTS(volumes); i++) {
        /* an ISO volume is imported where an empty one is refused
         * (VOLUME.ISO_EMPTY: 5.21.3+, 6.3+) */
        gboolean import = g_strcmp0(volumes[i].type, "iso") == 0 &&
                          ms_rule_applies(MS_RULE_VOLUME_ISO_EMPTY, universe->profile);
        MsOp *op = op_new(into, import ? MS_OP_VOLUME_IMPORT : MS_OP_VOLUME_CREATE);
        op->pool = g_strdup(volumes[i].pool);
        op->volume = g_strdup(volumes[i].name);
        op->content_type = g_strdup(volumes[i].type);
        if (import)
            op->path = g_strdup_printf("%s.iso", volumes[i].name);
        if (g_str_equal(volumes[i].pool, "local"))
            op->target = g_strdup(first);
    }
}

static void
build_fixture(MsUniverse *universe)
{
    add_entities(universe, universe->fixture);
}

static void
build_instance_ops(MsUniverse *universe, const char *name)
{
    static const char *const stateful[] = { "true", "false", "maybe" };
    static const char *const modes[] = { "migrate", "live-migrate", "stop", "sideways" };
    MsOp *op;

    for (guint i = 0; i < G_N_ELEMENTS(stateful); i++)
        add_kv(universe, MS_OP_CONFIG_SET, name, NULL, "migration.stateful", stateful[i]);
    add_kv(universe, MS_OP_CONFIG_UNSET, name, NULL, "migration.stateful", NULL);
    for (guint i = 0; i < G_N_ELEMENTS(modes); i++)
        add_kv(universe, MS_OP_CONFIG_SET, name, NULL, "cluster.evacuate", modes[i]);
    add_kv(universe, MS_OP_CONFIG_UNSET, name, NULL, "cluster.evacuate", NULL);

    op = op_new(universe->alphabet, MS_OP_START);
    op->instance = g_strdup(name);
    g_ptr_array_add(op->instances, g_strdup(name));
    op = op_new(universe->alphabet, MS_OP_STOP);
    op->instance = g_strdup(name);
    g_ptr_array_add(op->instances, g_strdup(name));
    op->force = TRUE;

    for (guint m = 0; m <= universe->members->len; m++) {
        op = op_new(universe->alphabet, MS_OP_MOVE);
        op->instance = g_strdup(name);
        /* one target that does not exist: the invalid argument */
        op->target = g_strdup(m < universe->members->len ? universe->members->pdata[m] : "m0");
    }
    /* a move between pools on the instance's member (lxc move NAME -s POOL,
     * docs/scenario-language.md#moves-between-pools): a migration without a
     * new member, into each pool of the universe */
    for (guint p = 0; p < 2; p++) {
        op = op_new(universe->alphabet, MS_OP_MOVE);
        op->instance = g_strdup(name);
        op->pool = g_strdup(p == 0 ? "local" : "remote");
    }
    for (guint v = 0; v < G_N_ELEMENTS(volumes); v++) {
        op = op_new(universe->alphabet, MS_OP_VOLUME_ATTACH);
        op->pool = g_strdup(volumes[v].pool);
        op->volume = g_strdup(volumes[v].name);
        op->instance = g_strdup(name);
        op->device = g_strdup(volumes[v].name);
        /* a filesystem volume needs a path; block and ISO volumes take none */
        op->path = g_strdup(volumes[v].type == NULL ? "/mnt" : "");
        op = op_new(universe->alphabet, MS_OP_VOLUME_DETACH);
        op->pool = g_strdup(volumes[v].pool);
        op->volume = g_strdup(volumes[v].name);
        op->instance = g_strdup(name);
    }
}

static void
build_alphabet(MsUniverse *universe)
{
    static const char *const actions[] = { NULL, "stop", "migrate", "live-migrate", "sideways" };

    add_kv(universe, MS_OP_CONFIG_SET, NULL, NULL, "instances.migration.stateful", "true");
    add_kv(universe, MS_OP_CONFIG_SET, NULL, NULL, "instances.migration.stateful", "false");
    add_kv(universe, MS_OP_CONFIG_SET, NULL, NULL, "instances.migration.stateful", "maybe");
    add_kv(universe, MS_OP_CONFIG_UNSET, NULL, NULL, "instances.migration.stateful", NULL);
    add_kv(universe, MS_OP_PROFILE_SET, NULL, "default", "migration.stateful", "true");
    add_kv(universe, MS_OP_PROFILE_SET, NULL, "default", "cluster.evacuate", "stop");
    add_kv(universe, MS_OP_PROFILE_UNSET, NULL, "default", "migration.stateful", NULL);
    add_kv(universe, MS_OP_PROFILE_UNSET, NULL, "default", "cluster.evacuate", NULL);

    for (guint i = 0; i < G_N_ELEMENTS(instances); i++)
        build_instance_ops(universe, instances[i].name);

    for (guint m = 0; m < universe->members->len; m++) {
        const char *member = universe->members->pdata[m];
        for (guint a = 0; a < G_N_ELEMENTS(actions); a++) {
            MsOp *op = op_new(universe->alphabet, MS_OP_EVACUATE);
            op->member = g_strdup(member);
            op->action = g_strdup(actions[a]);
            op->force = TRUE;
        }
        for (guint a = 0; a < 2; a++) {
            MsOp *op = op_new(universe->alphabet, MS_OP_RESTORE);
            op->member = g_strdup(member);
            op->action = g_strdup(a == 0 ? NULL : "skip");
            op->force = TRUE;
        }
    }

    /* placement of new instances: automatic, and onto a pool that does not exist */
    add_launch(universe->alphabet, "n1", FALSE, NULL, "local");
    add_launch(universe->alphabet, "n2", TRUE, NULL, "remote");
    ms_op_add_kv(universe->alphabet->pdata[universe->alphabet->len - 1], "migration.stateful", "true");
    add_launch(universe->alphabet, "n3", FALSE, universe->members->pdata[0], "nowhere");
}

const char *
ms_fixture_name(MsFixture fixture)
{
    return fixture == MS_FIXTURE_NEUTRAL ? "neutral" : "staged";
}

/* The neutral fixture's creation commands, first in its alphabet: the
 * pools (a pool, local or remote, needs a pending definition on every
 * member first: POOL.NOT_PENDING_ANY, docs/scenario-language.md), then the
 * staged fixture's instances and volumes. */
static void
build_creation(MsUniverse *universe)
{
    for (guint i = 0; i < 2; i++)
        for (guint m = 0; m < universe->members->len; m++) {
            MsOp *op = op_new(universe->alphabet, MS_OP_STORAGE_CREATE);
            op->pool = g_strdup(i == 0 ? "local" : "remote");
            op->driver = g_strdup(i == 0 ? "dir" : "ceph");
            op->target = g_strdup(universe->members->pdata[m]);
        }
    for (guint i = 0; i < 2; i++) {
        MsOp *op = op_new(universe->alphabet, MS_OP_STORAGE_CREATE);
        op->pool = g_strdup(i == 0 ? "local" : "remote");
        op->driver = g_strdup(i == 0 ? "dir" : "ceph");
    }
    add_entities(universe, universe->alphabet);
}

MsUniverse *
ms_universe_new(const MsExploreOptions *options)
{
    MsUniverse *universe = g_new0(MsUniverse, 1);
    guint n_members = options->n_members;

    g_assert(n_members >= 1);
    universe->profile = options->profile;
    universe->members = g_ptr_array_new_with_free_func(g_free);
    universe->pools = g_ptr_array_new_with_free_func(g_free);
    universe->fixture = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    universe->alphabet = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    for (guint i = 0; i < n_members; i++)
        g_ptr_array_add(universe->members, g_strdup_printf("m%u", i + 1));
    if (options->fixture == MS_FIXTURE_NEUTRAL) {
        build_creation(universe);
    } else {
        g_ptr_array_add(universe->pools, g_strdup("local"));
        g_ptr_array_add(universe->pools, g_strdup("dir"));
        g_ptr_array_add(universe->pools, g_strdup("remote"));
        g_ptr_array_add(universe->pools, g_strdup("ceph"));
        build_fixture(universe);
    }
    if (options->concurrent)
        ms_explore_add_concurrent_alphabet(universe);
    else
        build_alphabet(universe);
    return universe;
}

void
ms_universe_free(MsUniverse *universe)
{
    if (universe == NULL)
        return;
    g_ptr_array_unref(universe->members);
    g_ptr_array_unref(universe->pools);
    g_ptr_array_unref(universe->fixture);
    g_ptr_array_unref(universe->alphabet);
    g_free(universe);
}

/* ---- the seen-set: open addressing over 64-bit hashes ---- */

typedef struct {
    guint64 *keys; /* 0 = empty; a real hash of 0 is stored as 1 */
    guint8 *depth;
    gsize mask;
    gsize used;
} SeenSet;

static void
seen_init(SeenSet *set, gsize capacity)
{
    set->keys = g_new0(guint64, capacity);
    set->depth = g_new0(guint8, capacity);
    set->mask = capacity - 1;
    set->used = 0;
}

static void
seen_clear(SeenSet *set)
{
    g_free(set->keys);
    g_free(set->depth);
    memset(set, 0, sizeof(*set));
}

static void
seen_grow(SeenSet *set)
{
    SeenSet bigger;

    seen_init(&bigger, (set->mask + 1) * 2);
    for (gsize i = 0; i <= set->mask; i++) {
        gsize at;
        if (set->keys[i] == 0)
            continue;
        for (at = set->keys[i] & bigger.mask; bigger.keys[at] != 0; at = (at + 1) & bigger.mask)
            ;
        bigger.keys[at] = set->keys[i];
        bigger.depth[at] = set->depth[i];
        bigger.used++;
    }
    seen_clear(set);
    *set = bigger;
}

/* TRUE when the state is new, or now reached in fewer steps (so there is
 * more depth left below it than when it was last expanded). */
static gboolean
seen_visit(SeenSet *set, guint64 hash, guint depth, gboolean *is_new)
{
    gsize at;

    hash = hash != 0 ? hash : 1;
    if ((set->used + 1) * 4 > (set->mask + 1) * 3)
        seen_grow(set);
    for (at = hash & set->mask; set->keys[at] != 0; at = (at + 1) & set->mask) {
        if (set->keys[at] == hash) {
            *is_new = FALSE;
            if (depth >= set->depth[at])
                return FALSE;
            set->depth[at] = depth;
            return TRUE;
        }
    }
    set->keys[at] = hash;
    set->depth[at] = depth;
    set->used++;
    *is_new = TRUE;
    return TRUE;
}

/* ---- search ---- */

typedef struct {
    const MsExploreOptions *options;
    MsUniverse *universe;
    MsTrace *base;    /* members, pools, fixture */
    GArray *path;     /* (element-type guint) alphabet indices */
    SeenSet seen;     /* this iteration (exhaustive) / whole run (random) */
    SeenSet distinct; /* every state ever generated, for the count */
    GHashTable *signatures;
    MsExploreResult *result;
    GTimer *timer;
    gdouble last_progress;
    gboolean stop;
    const gint *cancel;  /* partitioned search: set when the unit's result is not needed */
    MsExploreMemo *memo; /* exhaustive search: transitions computed before, or NULL */
    /* partitioned search: set when this unit is past the step budget */
    const gint *cancel_unit;
    guint64 *live_steps; /* partitioned search: the steps so far, for the merging thread */
    const guint64 *live_bound;
    MsExploreTrail *trail;
} Explorer;

static void
progress(Explorer *ex, gboolean final)
{
    gdouble now = g_timer_elapsed(ex->timer, NULL);

    if (!ex->options->progress || (!final && now - ex->last_progress < 0.25))
        return;
    ex->last_progress = now;
    fprintf(stderr,
            "\r%" G_GUINT64_FORMAT " states explored, %.0f states/s, %" G_GUINT64_FORMAT
            " distinct, %u violations%s",
            ex->result->steps, now > 0 ? ex->result->steps / now : 0.0, ex->result->distinct,
            ex->result->violations->len, final ? "\n" : "  ");
    fflush(stderr);
}

static void
check_budget(Explorer *ex)
{
    const MsExploreOptions *o = ex->options;

    if (o->budget_steps != 0 && ex->result->steps >= o->budget_steps) {
        ex->stop = ex->result->budget_hit = TRUE;
        return;
    }
    if (ex->live_bound != NULL && ex->result->steps >= __atomic_load_n(ex->live_bound, __ATOMIC_RELAXED)) {
        ex->stop = ex->result->budget_hit = TRUE;
        return;
    }
    /* the clock is read every 256 steps; it bounds the run, it decides nothing */
    if ((ex->result->steps & 255) == 0) {
        if (o->budget_seconds > 0 && g_timer_elapsed(ex->timer, NULL) >= o->budget_seconds)
            ex->stop = ex->result->budget_hit = TRUE;
        if ((ex->cancel != NULL && g_atomic_int_get(ex->cancel)) ||
            (ex->cancel_unit != NULL && g_atomic_int_get(ex->cancel_unit))) {
            ex->stop = TRUE;
            if (ex->trail != NULL)
                ex->trail->cancelled = TRUE;
        }
        if (ex->live_steps != NULL)
            __atomic_store_n(ex->live_steps, ex->result->steps, __ATOMIC_RELAXED);
        progress(ex, FALSE);
    }
}

MsInvariant
ms_explore_signature_invariant(const char *signature)
{
    for (guint i = 0; i < MS_INVARIANT_LAST; i++)
        if (g_str_has_prefix(signature, ms_invariant_name(i)) &&
            signature[strlen(ms_invariant_name(i))] == '/')
            return i;
    return 0;
}

static void
record(Explorer *ex, MsFinding *finding, guint op_index)
{
    MsViolation *violation;

    if (g_hash_table_contains(ex->signatures, finding->signature))
        return;
    violation = g_new0(MsViolation, 1);
    violation->signature = g_strdup(finding->signature);
    violation->message = g_strdup(finding->message);
    violation->found = ms_trace_copy(ex->base);
    for (guint i = 0; i < ex->path->len; i++)
        g_ptr_array_add(violation->found->ops,
                        ms_op_copy(ex->universe->alphabet->pdata[g_array_index(ex->path, guint, i)]));
    g_ptr_array_add(violation->found->ops, ms_op_copy(ex->universe->alphabet->pdata[op_index]));
    violation->path = g_array_sized_new(FALSE, FALSE, sizeof(guint), ex->path->len + 1);
    g_array_append_vals(violation->path, ex->path->data, ex->path->len);
    g_array_append_val(violation->path, op_index);
    violation->found_at = ex->result->steps;
    violation->found_depth = ex->path->len + 1;
    violation->invariant = ms_explore_signature_invariant(finding->signature);
    g_hash_table_add(ex->signatures, violation->signature);
    g_ptr_array_add(ex->result->violations, violation);
    if (ex->result->violations->len >= ex->options->max_violations)
        ex->stop = TRUE;
}

static void
trail_found(Explorer *ex, guint64 hash)
{
    MsExploreFound found = { hash != 0 ? hash : 1, ex->result->steps };

    g_array_append_val(ex->trail->found, found);
}

/* A state in the search: the cluster, its hash, its start probes. */
typedef struct {
    MsCluster *cluster;
    guint64 hash;
    MsStartProbe probe;
} State;

static void
state_init(State *state, MsCluster *cluster)
{
    state->cluster = cluster;
    state->hash = ms_cluster_hash(cluster);
    ms_start_probe_init(&state->probe, cluster);
}

/* One transition: alphabet[@op_index] from @parent, with every enabled
 * invariant checked.  A transition the memo knows is not applied:
 * @child->cluster is then NULL, and the caller materialises it only if it
 * expands the child.  Otherwise the command is applied to *@scratch (a copy
 * of @parent's cluster, made here when NULL), which becomes
 * @child->cluster.  Returns FALSE when the state did not change: *@scratch
 * then still equals the parent and can serve the next operation, which
 * saves most copies (invalid arguments and refused requests change
 * nothing). */
static gboolean
step(Explorer *ex, State *parent, guint op_index, MsCluster **scratch, State *child)
{
    const MsOp *op = ex->universe->alphabet->pdata[op_index];
    MsEnv env = { .profile = ex->options->profile, .client = ex->universe->members->pdata[0] };
    g_autoptr(MsOutcome) outcome = NULL;
    const GPtrArray *known = NULL;
    GPtrArray *findings = NULL;
    gboolean is_new;

    ex->result->steps++;
    if (ex->memo != NULL && ms_explore_memo_lookup(ex->memo, parent->hash, op_index, &child->hash, &known)) {
        ms_start_probe_init(&child->probe, NULL);
        child->cluster = NULL;
        if (child->hash == parent->hash)
            return FALSE;
        for (guint i = 0; known != NULL && i < known->len; i++)
            record(ex, known->pdata[i], op_index);
        seen_visit(&ex->distinct, child->hash, 0, &is_new);
        ex->result->distinct += is_new;
        if (is_new && ex->trail != NULL)
            trail_found(ex, child->hash);
        return TRUE;
    }
    if (*scratch == NULL)
        *scratch = ms_cluster_copy(parent->cluster);
    outcome = ms_explore_apply(*scratch, &env, op, NULL);
    state_init(child, *scratch);
    /* an unchanged state breaks nothing: no instance moved, none lost the
     * ability to start, and a successful evacuation always changes a member */
    if (child->hash == parent->hash) {
        ms_start_probe_clear(&child->probe);
        if (ex->memo != NULL)
            ms_explore_memo_insert(ex->memo, parent->hash, op_index, child->hash, NULL);
        return FALSE;
    }
    for (guint i = 0; i < MS_INVARIANT_LAST; i++) {
        MsFinding finding = { 0 };
        if ((ex->options->invariants & (1u << i)) == 0)
            continue;
        if (ms_explore_check(i, ex->options->profile, &parent->probe, op, outcome, &child->probe, &finding)) {
            record(ex, &finding, op_index);
            if (ex->memo != NULL) {
                MsFinding *kept = g_new0(MsFinding, 1);
                *kept = finding;
                finding = (MsFinding){ 0 };
                if (findings == NULL)
                    findings = ms_explore_memo_findings_new();
                g_ptr_array_add(findings, kept);
            }
        }
        ms_finding_clear(&finding);
    }
    if (ex->memo != NULL)
        ms_explore_memo_insert(ex->memo, parent->hash, op_index, child->hash, findings);
    seen_visit(&ex->distinct, child->hash, 0, &is_new);
    ex->result->distinct += is_new;
    if (is_new && ex->trail != NULL)
        trail_found(ex, child->hash);
    return TRUE;
}

/* The child of a transition the memo knew, when it is to be expanded: the
 * command applied to *@scratch again (its checks are known already). */
static void
materialise(Explorer *ex, State *parent, guint op_index, MsCluster **scratch, State *child)
{
    MsEnv env = { .profile = ex->options->profile, .client = ex->universe->members->pdata[0] };

    if (*scratch == NULL)
        *scratch = ms_cluster_copy(parent->cluster);
    ms_outcome_free(ms_explore_apply(*scratch, &env, ex->universe->alphabet->pdata[op_index], NULL));
    child->cluster = *scratch;
    ms_start_probe_init(&child->probe, *scratch);
}

static void
dfs(Explorer *ex, State *state, guint depth, guint limit)
{
    g_autoptr(MsCluster) scratch = NULL;

    /* the step that led here is not followed by check_budget before this
     * level's first step: a budget run ending on it ends one step later */
    if (ex->trail != NULL)
        g_array_append_val(ex->trail->nocheck, ex->result->steps);

    for (guint i = 0; i < ex->universe->alphabet->len && !ex->stop; i++) {
        State child;
        gboolean is_new;

        if (step(ex, state, i, &scratch, &child)) {
            if (depth + 1 < limit && seen_visit(&ex->seen, child.hash, depth + 1, &is_new)) {
                if (child.cluster == NULL)
                    materialise(ex, state, i, &scratch, &child);
                g_array_append_val(ex->path, i);
                dfs(ex, &child, depth + 1, limit);
                g_array_set_size(ex->path, ex->path->len - 1);
            }
            ms_start_probe_clear(&child.probe);
            /* a known transition left the scratch copy as it was */
            if (child.cluster != NULL)
                g_clear_pointer(&scratch, ms_cluster_free);
        }
        check_budget(ex);
    }
}

static void
run_exhaustive(Explorer *ex, MsCluster *root)
{
    for (guint limit = 1; limit <= ex->options->depth && !ex->stop; limit++) {
        State start;
        gboolean is_new;

        /* iterative deepening: shallow violations are found (and reported
         * with their shortest trace) before the deep levels are paid for */
        seen_clear(&ex->seen);
        seen_init(&ex->seen, 1 << 12);
        state_init(&start, root);
        seen_visit(&ex->seen, start.hash, 0, &is_new);
        dfs(ex, &start, 0, limit);
        ms_start_probe_clear(&start.probe);
        if (!ex->stop)
            ex->result->depth_reached = limit;
    }
    ex->result->exhausted = ex->result->depth_reached == ex->options->depth;
}

static void
run_random(Explorer *ex, MsCluster *root)
{
    g_autoptr(GRand) rand = NULL;
    guint32 seed[2] = { (guint32) ex->options->seed, (guint32) (ex->options->seed >> 32) };

    rand = g_rand_new_with_seed_array(seed, 2);
    while (!ex->stop) {
        State current;
        g_autoptr(MsCluster) scratch = NULL;

        state_init(&current, ms_cluster_copy(root));
        g_array_set_size(ex->path, 0);
        for (guint d = 0; d < ex->options->depth && !ex->stop; d++) {
            guint i = g_rand_int_range(rand, 0, ex->universe->alphabet->len);
            State next;

            if (step(ex, &current, i, &scratch, &next)) {
                ms_start_probe_clear(&current.probe);
                ms_cluster_free(current.cluster);
                current = next;
                scratch = NULL;
            }
            g_array_append_val(ex->path, i);
            check_budget(ex);
        }
        ms_start_probe_clear(&current.probe);
        ms_cluster_free(current.cluster);
        /* an unbounded random run would never end */
        if (ex->options->budget_steps == 0 && ex->options->budget_seconds <= 0)
            ex->stop = TRUE;
    }
}

MsTrace *
ms_explore_base(const MsUniverse *universe)
{
    MsTrace *base = ms_trace_new();

    for (guint i = 0; i < universe->members->len; i++)
        g_ptr_array_add(base->members, g_strdup(universe->members->pdata[i]));
    for (guint i = 0; i < universe->pools->len; i++)
        g_ptr_array_add(base->pools, g_strdup(universe->pools->pdata[i]));
    for (guint i = 0; i < universe->fixture->len; i++)
        g_ptr_array_add(base->ops, ms_op_copy(universe->fixture->pdata[i]));
    return base;
}

MsCluster *
ms_explore_root(const MsUniverse *universe, const MsTrace *base, const MsProfile *profile)
{
    MsCluster *root = ms_explore_initial_cluster(base);

    for (guint i = 0; i < universe->fixture->len; i++) {
        MsEnv env = { .profile = profile, .client = universe->members->pdata[0] };
        /* the fixture only builds the starting state */
        ms_outcome_free(ms_cluster_apply(root, &env, universe->fixture->pdata[i]));
    }
    return root;
}

MsExploreResult *
ms_explore_run(const MsExploreOptions *options)
{
    g_autoptr(MsUniverse) universe = ms_universe_new(options);
    g_autoptr(MsTrace) base = ms_explore_base(universe);
    g_autoptr(MsCluster) root = NULL;
    g_autoptr(GTimer) timer = g_timer_new();
    g_autoptr(GHashTable) signatures = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GArray) path = g_array_new(FALSE, FALSE, sizeof(guint));
    MsExploreResult *result = g_new0(MsExploreResult, 1);
    g_autoptr(MsExploreMemo) memo =
        options->strategy == MS_STRATEGY_EXHAUSTIVE ? ms_explore_memo_new() : NULL;
    Explorer ex = { options, universe, base, path,  { 0 }, { 0 }, signatures,
                    result,  timer,    0,    FALSE, NULL,  memo };
    gboolean is_new;

    result->violations = g_ptr_array_new_with_free_func((GDestroyNotify) ms_violation_free);
    root = ms_explore_root(universe, base, options->profile);
    seen_init(&ex.distinct, 1 << 16);
    seen_visit(&ex.distinct, ms_cluster_hash(root), 0, &is_new);
    result->distinct = 1;

    if (options->strategy == MS_STRATEGY_EXHAUSTIVE)
        run_exhaustive(&ex, root);
    else
        run_random(&ex, root);
    result->seconds = g_timer_elapsed(timer, NULL);
    progress(&ex, TRUE);
    seen_clear(&ex.seen);
    seen_clear(&ex.distinct);
    return result;
}

/* ---- one unit of the partitioned search (ms-explore-parallel.c) ---- */

MsExploreResult *
ms_explore_unit_run(const MsExploreUnit *unit, GArray *hashes)
{
    g_autoptr(GHashTable) signatures = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GArray) path = g_array_new(FALSE, FALSE, sizeof(guint));
    MsExploreResult *result = g_new0(MsExploreResult, 1);
    Explorer ex = { unit->options,
                    (MsUniverse *) unit->universe,
                    (MsTrace *) unit->base,
                    path,
                    { 0 },
                    { 0 },
                    signatures,
                    result,
                    unit->timer,
                    0,
                    FALSE,
                    unit->cancel,
                    unit->memo };
    MsCluster *scratch = NULL;
    State start, child;
    gboolean is_new;

    ex.cancel_unit = unit->cancel_unit;
    ex.live_steps = unit->live_steps;
    ex.live_bound = unit->live_bound;
    ex.trail = unit->trail;
    result->violations = g_ptr_array_new_with_free_func((GDestroyNotify) ms_violation_free);
    if (unit->known != NULL) {
        GHashTableIter iter;
        gpointer key;
        g_hash_table_iter_init(&iter, unit->known);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            g_hash_table_add(signatures, key);
    }
    seen_init(&ex.seen, 1 << 12);
    seen_init(&ex.distinct, 1 << 10);
    /* the root and every state one step from it are expanded by their own
     * units, with more depth left than any later path to them has */
    state_init(&start, (MsCluster *) unit->root);
    seen_visit(&ex.seen, start.hash, 0, &is_new);
    for (guint i = 0; i < unit->level1->len; i++)
        seen_visit(&ex.seen, g_array_index(unit->level1, guint64, i), 1, &is_new);
    if (step(&ex, &start, unit->first, &scratch, &child)) {
        if (unit->expand && unit->limit > 1 && !ex.stop) {
            if (child.cluster == NULL)
                materialise(&ex, &start, unit->first, &scratch, &child);
            g_array_append_val(path, unit->first);
            dfs(&ex, &child, 1, unit->limit);
        }
        ms_start_probe_clear(&child.probe);
    }
    g_clear_pointer(&scratch, ms_cluster_free);
    check_budget(&ex);
    ms_start_probe_clear(&start.probe);
    for (gsize i = 0; i <= ex.distinct.mask; i++)
        if (ex.distinct.keys[i] != 0)
            g_array_append_val(hashes, ex.distinct.keys[i]);
    result->distinct = hashes->len;
    seen_clear(&ex.seen);
    seen_clear(&ex.distinct);
    return result;
}

/* The step at which a run with @budget_steps stops: check_budget runs
 * after every step except those that lead into a deeper level (@nocheck,
 * ascending), whose next step comes first. */
static guint64
budget_stop(const GArray *nocheck, guint64 budget_steps)
{
    guint64 stop = budget_steps;
    guint lo = 0, hi = nocheck->len;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(nocheck, guint64, mid) < stop)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < nocheck->len && g_array_index(nocheck, guint64, lo) == stop; lo++)
        stop++;
    return stop;
}

void
ms_explore_unit_truncate(MsExploreResult *result, const MsExploreTrail *trail, guint64 budget_steps,
                         guint max_violations, GHashTable *known, GArray *hashes)
{
    guint64 stop = budget_steps != 0 ? budget_stop(trail->nocheck, budget_steps) : G_MAXUINT64;
    guint fresh = 0;

    /* record() stops the run at the step that records the limit's last
     * violation; signatures in @known are not recorded */
    for (guint i = 0; i < result->violations->len; i++) {
        const MsViolation *violation = result->violations->pdata[i];

        if (violation->found_at > stop)
            break;
        if (known != NULL && g_hash_table_contains(known, violation->signature))
            continue;
        if (++fresh >= max_violations) {
            stop = violation->found_at;
            break;
        }
    }
    stop = MIN(stop, result->steps);
    for (guint i = result->violations->len; i > 0; i--) {
        const MsViolation *violation = result->violations->pdata[i - 1];
        if (violation->found_at > stop ||
            (known != NULL && g_hash_table_contains(known, violation->signature)))
            g_ptr_array_remove_index(result->violations, i - 1);
    }
    g_array_set_size(hashes, 0);
    for (guint i = 0; i < trail->found->len; i++) {
        const MsExploreFound *found = &g_array_index(trail->found, MsExploreFound, i);
        if (found->step > stop)
            break;
        g_array_append_val(hashes, found->hash);
    }
    result->steps = stop;
    result->distinct = hashes->len;
    /* check_budget follows the last step, whatever stopped the run */
    result->budget_hit = budget_steps != 0 && stop >= budget_steps;
}
