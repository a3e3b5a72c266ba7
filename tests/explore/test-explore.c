/* Unit tests of the explorer's pieces: the canonical state hash, the command
 * spelling of operations, replay and shrinking. */
#include <glib.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-cluster-hash.h"
#include "ms-config.h"
#include "ms-explore.h"
#include "ms-scenario.h"

static MsOp *
parse(const char *command)
{
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) error = NULL;
    MsOp *op;

    g_assert_true(g_shell_parse_argv(command, NULL, &argv, &error));
    op = ms_lxc_parse(argv, &error);
    g_assert_no_error(error);
    return op;
}

static MsCluster *
cluster_with(const char *const *names, guint n)
{
    MsCluster *cluster = ms_cluster_new();

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    for (guint i = 0; i < n; i++) {
        MsInstance *inst = ms_instance_new(names[i], MS_INSTANCE_VM, "m1");
        /* same content, inserted in an order that depends on the position */
        if (i % 2) {
            ms_instance_set_config(inst, "a.key", names[i]);
            ms_instance_set_config(inst, "b.key", "2");
        } else {
            ms_instance_set_config(inst, "b.key", "2");
            ms_instance_set_config(inst, "a.key", names[i]);
        }
        ms_cluster_add_instance(cluster, inst);
    }
    return cluster;
}

static void
test_hash_canonical(void)
{
    static const char *const forward[] = { "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8" };
    static const char *const backward[] = { "x8", "x7", "x6", "x5", "x4", "x3", "x2", "x1" };
    g_autoptr(MsCluster) a = cluster_with(forward, G_N_ELEMENTS(forward));
    g_autoptr(MsCluster) b = cluster_with(backward, G_N_ELEMENTS(backward));
    g_autoptr(MsCluster) c = ms_cluster_copy(a);
    guint64 h = ms_cluster_hash(a);
    MsInstance *inst;

    /* same content, other insertion orders: same hash */
    g_assert_cmpuint(h, ==, ms_cluster_hash(b));
    g_assert_cmpuint(h, ==, ms_cluster_hash(c));

    inst = ms_cluster_lookup_instance(c, "x3");
    ms_instance_set_config(inst, "a.key", "3");
    g_assert_cmpuint(h, !=, ms_cluster_hash(c));
    ms_instance_set_config(inst, "a.key",
                           ms_instance_get_config(ms_cluster_lookup_instance(a, "x3"), "a.key"));
    g_assert_cmpuint(h, ==, ms_cluster_hash(c));
    inst->status = MS_INSTANCE_RUNNING;
    g_assert_cmpuint(h, !=, ms_cluster_hash(c));
    inst->status = MS_INSTANCE_STOPPED;
    ms_cluster_set_instance_location(c, inst, "m2");
    g_assert_cmpuint(h, !=, ms_cluster_hash(c));
    ms_cluster_set_instance_location(c, inst, "m1");
    g_assert_cmpuint(h, ==, ms_cluster_hash(c));
    ((MsMember *) c->members->pdata[1])->status = MS_MEMBER_EVACUATED;
    g_assert_cmpuint(h, !=, ms_cluster_hash(c));
}

/* The clock enters the hash through what it still decides (an operation
 * record's remaining life, an unreachable member's silence), the jobs in
 * flight through their request and remaining steps; the absolute time alone
 * does not (docs/explore.md#states). */
static gint
compare_u64(gconstpointer a, gconstpointer b)
{
    guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

    return x < y ? -1 : x > y;
}

/* A unit's hashes, sorted, as a string to compare. */
static char *
sorted_hashes(GArray *hashes)
{
    GString *out = g_string_new(NULL);

    g_array_sort(hashes, compare_u64);
    for (guint i = 0; i < hashes->len; i++)
        g_string_append_printf(out, "%" G_GINT64_MODIFIER "x ", g_array_index(hashes, guint64, i));
    return g_string_free(out, FALSE);
}

/* ms_explore_unit_truncate against the independent truth, the unit run
 * again with the smaller budget, violation limit and known signatures
 * (what the partitioned search did before it kept trails): the same steps,
 * budget stop, violations (signature and step) and distinct states, for
 * budgets that end on a step leading into a deeper level too. */
static void
test_unit_truncate(void)
{
    MsExploreOptions options = { 0 };
    g_autoptr(MsUniverse) universe = NULL;
    g_autoptr(MsTrace) base = NULL;
    g_autoptr(MsCluster) root = NULL;
    g_autoptr(GArray) level1 = g_array_new(FALSE, FALSE, sizeof(guint64));
    g_autoptr(GArray) full_hashes = g_array_new(FALSE, FALSE, sizeof(guint64));
    g_autoptr(GTimer) timer = g_timer_new();
    MsExploreTrail trail = { g_array_new(FALSE, FALSE, sizeof(MsExploreFound)),
                             g_array_new(FALSE, FALSE, sizeof(guint64)), FALSE };
    g_autoptr(MsExploreResult) full = NULL;
    guint checked = 0;

    options.profile = ms_profile_lookup("lxd-5.21.7");
    options.n_members = 3;
    options.depth = 4;
    options.seed = 1;
    options.invariants = (1u << MS_INVARIANT_LAST) - 1;
    options.strategy = MS_STRATEGY_EXHAUSTIVE;
    options.max_violations = G_MAXUINT;
    options.fixture = MS_FIXTURE_STAGED;
    universe = ms_universe_new(&options);
    base = ms_explore_base(universe);
    root = ms_explore_root(universe, base, options.profile);
    /* the first command that changes the root and opens a unit with
     * violations in it */
    for (guint first = 0; first < universe->alphabet->len && checked == 0; first++) {
        MsExploreUnit unit = { .options = &options,
                               .universe = universe,
                               .base = base,
                               .root = root,
                               .limit = 3,
                               .first = first,
                               .expand = TRUE,
                               .level1 = level1,
                               .timer = timer };
        static const guint64 budgets[] = { 0, 1, 2, 3, 17, 100, 555, 1001 };
        static const guint limits[] = { 1, 2, 3, G_MAXUINT };

        g_array_set_size(trail.found, 0);
        g_array_set_size(trail.nocheck, 0);
        g_array_set_size(full_hashes, 0);
        unit.trail = &trail;
        g_clear_pointer(&full, ms_explore_result_free);
        full = ms_explore_unit_run(&unit, full_hashes);
        if (full->violations->len < 2 || full->steps < 1001)
            continue;
        g_assert_cmpuint(trail.nocheck->len, >, 0);
        for (guint b = 0; b < G_N_ELEMENTS(budgets); b++) {
            for (guint l = 0; l < G_N_ELEMENTS(limits); l++) {
                for (guint k = 0; k < 2; k++) {
                    g_autoptr(GHashTable) known = g_hash_table_new(g_str_hash, g_str_equal);
                    MsExploreOptions exact_options = options;
                    MsExploreUnit exact_unit = unit;
                    g_autoptr(GArray) exact_hashes = g_array_new(FALSE, FALSE, sizeof(guint64));
                    g_autoptr(GArray) cut_hashes = g_array_new(FALSE, FALSE, sizeof(guint64));
                    g_autoptr(MsExploreResult) exact = NULL;
                    /* the cut works on the full run's result and trail:
                     * a copy sharing its violations, since cutting only
                     * drops them (a fresh run per cut made this test
                     * take minutes) */
                    MsExploreResult copy = *full;
                    MsExploreResult *cut = &copy;
                    g_autoptr(GPtrArray) kept = g_ptr_array_copy(full->violations, NULL, NULL);
                    g_autofree char *exact_text = NULL, *cut_text = NULL;

                    if (k == 1)
                        g_hash_table_add(known, ((MsViolation *) full->violations->pdata[0])->signature);
                    exact_options.budget_steps = budgets[b];
                    exact_options.max_violations = limits[l];
                    exact_unit.options = &exact_options;
                    exact_unit.known = known;
                    exact_unit.trail = NULL;
                    exact = ms_explore_unit_run(&exact_unit, exact_hashes);
                    g_ptr_array_set_free_func(kept, NULL);
                    copy.violations = kept;
                    ms_explore_unit_truncate(cut, &trail, budgets[b], limits[l], known, cut_hashes);
                    g_assert_cmpuint(cut->steps, ==, exact->steps);
                    g_assert_cmpint(cut->budget_hit, ==, exact->budget_hit);
                    g_assert_cmpuint(cut->distinct, ==, exact->distinct);
                    g_assert_cmpuint(cut->violations->len, ==, exact->violations->len);
                    for (guint v = 0; v < exact->violations->len; v++) {
                        const MsViolation *x = exact->violations->pdata[v], *c = cut->violations->pdata[v];
                        g_assert_cmpstr(c->signature, ==, x->signature);
                        g_assert_cmpuint(c->found_at, ==, x->found_at);
                    }
                    exact_text = sorted_hashes(exact_hashes);
                    cut_text = sorted_hashes(cut_hashes);
                    g_assert_cmpstr(cut_text, ==, exact_text);
                    checked++;
                }
            }
        }
    }
    g_assert_cmpuint(checked, >, 0);
    g_array_unref(trail.found);
    g_array_unref(trail.nocheck);
}

static void
test_hash_clock_and_jobs(void)
{
    static const char *const names[] = { "x1", "x2" };
    g_autoptr(MsCluster) a = cluster_with(names, G_N_ELEMENTS(names));
    g_autoptr(MsCluster) b = ms_cluster_copy(a);
    g_autoptr(MsCluster) c = NULL;
    g_autoptr(MsCluster) d = NULL;
    g_autoptr(MsOp) evacuate = parse("lxc cluster evacuate m1 --force");
    MsJob *job;

    ms_cluster_advance_clock(b, 10000);
    g_assert_cmpuint(ms_cluster_hash(a), ==, ms_cluster_hash(b));

    /* a record made 1 s before another differs from it until both expire */
    c = ms_cluster_copy(a);
    d = ms_cluster_copy(a);
    ms_cluster_add_op_record(c, "m2");
    ms_cluster_advance_clock(c, 1000);
    ms_cluster_advance_clock(c, 1000);
    ms_cluster_add_op_record(d, "m2");
    ms_cluster_advance_clock(d, 1000);
    g_assert_cmpuint(ms_cluster_hash(c), !=, ms_cluster_hash(a));
    g_assert_cmpuint(ms_cluster_hash(c), !=, ms_cluster_hash(d));
    ms_cluster_advance_clock(d, 1000);
    g_assert_cmpuint(ms_cluster_hash(c), ==, ms_cluster_hash(d));
    ms_cluster_advance_clock(c, 10000);
    g_assert_cmpuint(ms_cluster_hash(c), ==, ms_cluster_hash(a));
    g_clear_pointer(&c, ms_cluster_free);
    g_clear_pointer(&d, ms_cluster_free);

    /* silent for 5 s or for 9 s: both ONLINE, not the same state */
    c = ms_cluster_copy(a);
    ms_cluster_set_unreachable(c, ms_cluster_lookup_member(c, "m2"), TRUE);
    d = ms_cluster_copy(c);
    ms_cluster_advance_clock(c, 5000);
    ms_cluster_advance_clock(d, 9000);
    g_assert_cmpuint(ms_cluster_hash(c), !=, ms_cluster_hash(d));
    g_clear_pointer(&c, ms_cluster_free);
    g_clear_pointer(&d, ms_cluster_free);

    /* an evacuation in flight, before and after its first step */
    c = ms_cluster_copy(a);
    job = g_new0(MsJob, 1);
    job->id = 1;
    job->op = evacuate;
    job->steps = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(job->steps, g_strdup("E:x1"));
    g_ptr_array_add(job->steps, g_strdup("E:x2"));
    g_ptr_array_add(c->jobs, job);
    d = ms_cluster_copy(c);
    ((MsJob *) d->jobs->pdata[0])->next = 1;
    g_assert_cmpuint(ms_cluster_hash(c), !=, ms_cluster_hash(a));
    g_assert_cmpuint(ms_cluster_hash(c), !=, ms_cluster_hash(d));
    ((MsJob *) d->jobs->pdata[0])->id = 2;
    ((MsJob *) d->jobs->pdata[0])->next = 0;
    g_assert_cmpuint(ms_cluster_hash(c), !=, ms_cluster_hash(d));
}

static void
test_hash_map_order(void)
{
    g_autoptr(GHashTable) a = ms_config_new();
    g_autoptr(GHashTable) b = ms_config_new();
    char key[16];

    for (guint i = 0; i < 100; i++) {
        g_snprintf(key, sizeof(key), "k%u", i);
        ms_config_set(a, key, "v");
        g_snprintf(key, sizeof(key), "k%u", 99 - i);
        ms_config_set(b, key, "v");
    }
    g_assert_cmpuint(ms_hash_config(a), ==, ms_hash_config(b));
    /* swapping a key and a value is a different map */
    ms_config_set(a, "p", "q");
    ms_config_set(b, "q", "p");
    g_assert_cmpuint(ms_hash_config(a), !=, ms_hash_config(b));
}

static void
assert_round_trip(const MsOp *op)
{
    g_autofree char *command = ms_op_to_command(op);
    g_autoptr(MsOp) again = NULL;
    g_autofree char *command2 = NULL;

    g_assert_nonnull(command);
    again = parse(command);
    command2 = ms_op_to_command(again);
    g_assert_cmpstr(command, ==, command2);
    g_assert_cmpint(again->kind, ==, op->kind);
}

static void
test_command_round_trip(void)
{
    MsExploreOptions options = { .profile = ms_profile_lookup("lxd-5.21.7"), .n_members = 3 };
    g_autoptr(MsUniverse) universe = ms_universe_new(&options);
    static const char *const extra[] = {
        "lxc launch img 'odd name' --vm -c 'user.note=two words' -p default",
        "lxc storage volume attach remote rfs c1 data /srv",
        "lxc move c1 --target m2 --stateless",
        "lxc stop c1 c2 --force",
        "lxc config device add c1 eth0 nic nictype=bridged parent=br0",
    };

    g_assert_cmpuint(universe->alphabet->len, >, 100);
    for (guint i = 0; i < universe->fixture->len; i++)
        assert_round_trip(universe->fixture->pdata[i]);
    for (guint i = 0; i < universe->alphabet->len; i++)
        assert_round_trip(universe->alphabet->pdata[i]);
    for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
        g_autoptr(MsOp) op = parse(extra[i]);
        assert_round_trip(op);
    }
    /* the neutral fixture's creation commands too */
    options.fixture = MS_FIXTURE_NEUTRAL;
    {
        g_autoptr(MsUniverse) neutral = ms_universe_new(&options);

        g_assert_cmpuint(neutral->fixture->len, ==, 0);
        g_assert_cmpuint(neutral->pools->len, ==, 0);
        for (guint i = 0; i < neutral->alphabet->len; i++)
            assert_round_trip(neutral->alphabet->pdata[i]);
    }
}

static MsTrace *
trace_of(const char *const *commands, guint members)
{
    MsTrace *trace = ms_trace_new();

    for (guint i = 0; i < members; i++)
        g_ptr_array_add(trace->members, g_strdup_printf("m%u", i + 1));
    g_ptr_array_add(trace->pools, g_strdup("local"));
    g_ptr_array_add(trace->pools, g_strdup("dir"));
    g_ptr_array_add(trace->pools, g_strdup("remote"));
    g_ptr_array_add(trace->pools, g_strdup("ceph"));
    for (guint i = 0; commands[i] != NULL; i++)
        g_ptr_array_add(trace->ops, parse(commands[i]));
    return trace;
}

static void
test_replay_and_shrink(void)
{
    static const char *const noisy[] = {
        "lxc launch img c1 --target m1 -s local",
        "lxc launch img v1 --vm --target m1 -s local",
        "lxc launch img c2 --target m2 -s remote",
        "lxc storage volume create local lblk --type=block --target m1",
        "lxc storage volume create remote rfs",
        "lxc config set c2 cluster.evacuate=stop",
        "lxc storage volume attach local lblk v1",
        "lxc config set instances.migration.stateful=maybe",
        "lxc config set instances.migration.stateful=true",
        "lxc move c2 --target m3",
        "lxc cluster evacuate m1 --force",
        "lxc cluster restore m2 --force",
        NULL,
    };
    static const char *const harmless[] = {
        "lxc launch img v1 --vm --target m1 -s local",
        "lxc storage volume create local lblk --type=block --target m1",
        "lxc storage volume attach local lblk v1",
        "lxc cluster evacuate m1 --force",
        NULL,
    };
    const MsProfile *profile = ms_profile_lookup("lxd-5.21.7");
    g_autoptr(MsTrace) ok_trace = trace_of(harmless, 3);
    g_autoptr(MsViolation) violation = g_new0(MsViolation, 1);
    MsFinding finding = { 0 };
    guint at = 0;

    /* without the server key the round trip holds */
    g_assert_false(ms_explore_replay(ok_trace, profile, MS_INVARIANT_RESTORE_ROUNDTRIP, &finding, &at));

    violation->found = trace_of(noisy, 3);
    g_assert_true(
        ms_explore_replay(violation->found, profile, MS_INVARIANT_RESTORE_ROUNDTRIP, &finding, &at));
    g_assert_cmpuint(at, ==, 10);
    g_assert_cmpstr(finding.signature, ==, "restore-roundtrip/cluster evacuate/DISK.STATEFUL.REMOTE_POOL");
    violation->invariant = MS_INVARIANT_RESTORE_ROUNDTRIP;
    violation->signature = g_strdup(finding.signature);
    violation->message = g_strdup(finding.message);
    ms_finding_clear(&finding);

    ms_explore_shrink(violation, profile, "found by: test");
    /* launch, volume create, attach, server key, evacuate */
    g_assert_cmpuint(violation->shrunk->ops->len, ==, 5);
    g_assert_cmpuint(violation->shrunk->members->len, ==, 1);
    g_assert_true(violation->verified);
    g_assert_nonnull(strstr(violation->scenario,
                            "\nlxc cluster restore m1 --force\nError: Failed starting instance \"v1\""));

    /* the 5.0.2 profile has no server key: the same trace is harmless */
    g_assert_false(ms_explore_replay(violation->found, ms_profile_lookup("lxd-5.0.2"),
                                     MS_INVARIANT_RESTORE_ROUNDTRIP, &finding, &at));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/explore/hash/canonical", test_hash_canonical);
    g_test_add_func("/explore/hash/map-order", test_hash_map_order);
    g_test_add_func("/explore/hash/clock-and-jobs", test_hash_clock_and_jobs);
    g_test_add_func("/explore/command/round-trip", test_command_round_trip);
    g_test_add_func("/explore/replay-and-shrink", test_replay_and_shrink);
    g_test_add_func("/explore/unit-truncate", test_unit_truncate);
    return g_test_run();
}
