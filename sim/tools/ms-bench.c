/* migsim: the measurements of `migsim bench` — throughput and memory
 * figures, printed as Markdown table rows for docs/bench.md. */
#include "ms-bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ms-apply.h"
#include "ms-bench-mixed.h"
#include "ms-config.h"
#include "ms-explore.h"
#include "ms-runner.h"
#include "ms-scenario.h"
#include "ms-state-file.h"

static gdouble
now_s(void)
{
    return g_get_monotonic_time() / 1e6;
}

gdouble
ms_bench_cpu_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* VmRSS or VmHWM from /proc/self/status, in KiB (0 if unreadable). */
static guint64
proc_status_kib(const char *field)
{
    g_autofree char *text = NULL;
    const char *line;

    if (!g_file_get_contents("/proc/self/status", &text, NULL, NULL))
        return 0;
    line = strstr(text, field);
    if (line == NULL)
        return 0;
    return g_ascii_strtoull(line + strlen(field) + 1, NULL, 10);
}

static guint64
peak_kib(void)
{
    struct rusage usage;
    guint64 hwm = proc_status_kib("VmHWM:");

    if (hwm != 0)
        return hwm;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/* ---- 1. the scenario corpus ---- */

void
ms_bench_corpus(const char *corpus, GPtrArray *scenarios, gdouble min_seconds)
{
    guint64 steps = 0, rounds = 0;
    gdouble start, cpu_start, wall, cpu;

    start = now_s();
    cpu_start = ms_bench_cpu_seconds();
    do {
        for (guint i = 0; i < scenarios->len; i++) {
            const MsScenario *scenario = scenarios->pdata[i];
            MsRunOptions options = { 0 };
            const MsProfile *profile = ms_runner_pick_profile(scenario, &options, NULL);
            MsScenarioResult *result;

            if (profile == NULL)
                continue;
            result = ms_runner_run(scenario, profile, &options, NULL);
            steps += scenario->steps->len;
            ms_scenario_result_free(result);
        }
        rounds++;
    } while (now_s() - start < min_seconds);
    wall = now_s() - start;
    cpu = ms_bench_cpu_seconds() - cpu_start;
    printf("| scenario steps/s on %s (%u files, %" G_GUINT64_FORMAT " rounds) | %.0f | %.0f |\n", corpus,
           scenarios->len, rounds, steps / wall, steps / cpu);
}

/* ---- 2. the explorer ---- */

/* One explorer row: the sequential search (@jobs 0) or the partitioned one
 * on @jobs threads; the wall-clock rate of @jobs 2 over @jobs 1 is the
 * scaling, meaningful only on an otherwise idle machine. */
static gdouble
bench_explore_jobs(guint64 budget, guint jobs, MsFixture fixture)
{
    MsExploreOptions options = {
        .profile = ms_profile_lookup("lxd-5.21.7"),
        .n_members = 3,
        .depth = 6,
        .seed = 1,
        .budget_steps = budget,
        .invariants = (1u << MS_INVARIANT_LAST) - 1,
        .strategy = MS_STRATEGY_EXHAUSTIVE,
        .max_violations = G_MAXUINT,
        .jobs = jobs,
        .fixture = fixture,
    };
    g_autoptr(MsExploreResult) result = NULL;
    g_autofree char *how = jobs == 0
                               ? g_strdup_printf("sequential search, %s fixture", ms_fixture_name(fixture))
                               : g_strdup_printf("partitioned search, --jobs %u", jobs);
    gdouble cpu_start = ms_bench_cpu_seconds(), cpu;

    result = jobs == 0 ? ms_explore_run(&options) : ms_explore_run_jobs(&options);
    cpu = ms_bench_cpu_seconds() - cpu_start;
    printf("| explored states/s, depth 6, 3 members, all invariants, %s (%" G_GUINT64_FORMAT
           " states, %" G_GUINT64_FORMAT " distinct) | %.0f | %.0f |\n",
           how, result->steps, result->distinct, result->steps / result->seconds, result->steps / cpu);
    return result->steps / result->seconds;
}

void
ms_bench_explore(guint64 budget)
{
    gdouble one, two;

    bench_explore_jobs(budget, 0, MS_FIXTURE_STAGED);
    /* one that stages nothing: the alphabet creates pools, volumes and
     * instances (docs/explore.md#fixtures) */
    bench_explore_jobs(budget, 0, MS_FIXTURE_NEUTRAL);
    one = bench_explore_jobs(budget, 1, MS_FIXTURE_STAGED);
    two = bench_explore_jobs(budget, 2, MS_FIXTURE_STAGED);
    printf(
        "| explorer scaling, wall-clock states/s of --jobs 2 over --jobs 1 (an idle machine's figure only) "
        "| %.2f× | |\n",
        two / one);
}

/* ---- 3 and 4. big clusters ---- */

static MsCluster *
big_cluster(guint n_members, guint64 n_instances, guint64 on_first)
{
    MsCluster *cluster = ms_cluster_new();
    g_autofree char *client = NULL;
    MsStep pool = { .kind = MS_STEP_POOL, .name = (char *) "remote", .driver = (char *) "ceph" };
    char name[32];

    for (guint i = 0; i < n_members; i++) {
        g_snprintf(name, sizeof(name), "m%04u", i + 1);
        ms_cluster_add_member(cluster, name);
    }
    ms_cluster_assign_roles(cluster);
    ms_runner_apply_directive(cluster, &pool, &client);
    for (guint64 i = 0; i < n_instances; i++) {
        /* @on_first of them on the first member, the rest spread evenly */
        guint m = i < on_first ? 0 : (guint) ((i - on_first) % n_members);
        MsInstance *inst;
        MsDevice *root = ms_device_new();

        g_snprintf(name, sizeof(name), "c%07" G_GUINT64_FORMAT, i);
        inst = ms_instance_new(name, MS_INSTANCE_CONTAINER, ((MsMember *) cluster->members->pdata[m])->name);
        g_ptr_array_add(ms_instance_profiles_mut(inst), g_strdup("default"));
        ms_device_set(root, "type", "disk");
        ms_device_set(root, "path", "/");
        ms_device_set(root, "pool", "remote");
        ms_devices_set(inst->devices, "root", root);
        inst->status = MS_INSTANCE_RUNNING;
        ms_instance_set_config(inst, "volatile.last_state.power", "RUNNING");
        ms_cluster_add_instance(cluster, inst);
    }
    return cluster;
}

static gboolean
apply_member_op(MsCluster *cluster, MsOpKind kind, const char *member)
{
    g_autoptr(MsOp) op = ms_op_new(kind);
    MsEnv env = { .profile = ms_profile_lookup("lxd-5.21.7"), .client = member };
    g_autoptr(MsOutcome) outcome = NULL;

    op->member = g_strdup(member);
    op->force = TRUE;
    outcome = ms_cluster_apply(cluster, &env, op);
    if (!outcome->ok)
        fprintf(stderr, "bench: %s %s failed: %s\n", ms_op_kind_to_string(kind), member,
                outcome->client_error);
    return outcome->ok;
}

gboolean
ms_bench_rolling(guint n_members, guint64 n_instances, gdouble max_seconds, gboolean mixed, guint64 seed)
{
    guint64 rss_before = proc_status_kib("VmRSS:");
    gdouble build_start = now_s(), build, elapsed = 0, cpu = 0;
    g_autoptr(MsCluster) cluster =
        mixed ? ms_mixed_build(n_members, n_instances, seed) : big_cluster(n_members, n_instances, 0);
    guint64 rss_after = proc_status_kib("VmRSS:");
    MsMixedTally tally = { 0 };
    guint done = 0;

    build = now_s() - build_start;
    for (guint i = 0; i < n_members; i++) {
        const char *member = ((MsMember *) cluster->members->pdata[i])->name;
        gdouble start = now_s(), cpu_start = ms_bench_cpu_seconds();
        gboolean ok = apply_member_op(cluster, MS_OP_EVACUATE, member);

        /* the outcome checks are not timed */
        cpu += ms_bench_cpu_seconds() - cpu_start;
        elapsed += now_s() - start;
        if (!ok)
            break;
        if (mixed)
            ms_mixed_check_member(cluster, n_members, n_instances, seed, i, TRUE, &tally);
        start = now_s();
        cpu_start = ms_bench_cpu_seconds();
        ok = apply_member_op(cluster, MS_OP_RESTORE, member);
        cpu += ms_bench_cpu_seconds() - cpu_start;
        elapsed += now_s() - start;
        if (!ok)
            break;
        if (mixed)
            ms_mixed_check_member(cluster, n_members, n_instances, seed, i, FALSE, &tally);
        done++;
        if (elapsed > max_seconds)
            break;
    }
    {
        gdouble per_member = done ? elapsed / done : 0;
        char outcome[64];

        if (mixed)
            g_snprintf(outcome, sizeof(outcome), "%" G_GUINT64_FORMAT " checks, %" G_GUINT64_FORMAT " failed",
                       tally.checks, tally.failures);
        else
            g_strlcpy(outcome, "not checked", sizeof(outcome));
        printf("| %u | %" G_GUINT64_FORMAT " | %u of %u | %.3f | %.3f | %.2f%s | %.1f | %" G_GUINT64_FORMAT
               " | %.0f | %.0f | %s |\n",
               n_members, n_instances, done, n_members, elapsed, cpu, per_member * n_members,
               done < n_members ? " (extrapolated)" : "", build, peak_kib() / 1024,
               (gdouble) (rss_after - rss_before) * 1024 / n_instances,
               (gdouble) peak_kib() * 1024 / n_instances, outcome);
    }
    fflush(stdout);
    /* a member whose evacuate or restore failed is a failed outcome too */
    return tally.failures == 0 && (done == n_members || elapsed > max_seconds);
}

static int
compare_doubles(gconstpointer a, gconstpointer b)
{
    gdouble da = *(const gdouble *) a, db = *(const gdouble *) b;

    return da < db ? -1 : da > db;
}

void
ms_bench_evacuate(guint n_members, guint64 k)
{
    /* k instances on the member evacuated, one on each other member */
    g_autoptr(MsCluster) cluster = big_cluster(n_members, k + n_members - 1, k);
    const char *member = ((MsMember *) cluster->members->pdata[0])->name;
    gdouble cpu[MS_BENCH_EVACUATE_REPEATS];

    /* the restore (not timed) brings every instance back, so each repeat
     * evacuates the same k; the median CPU time resists a shared machine */
    for (guint r = 0; r < MS_BENCH_EVACUATE_REPEATS; r++) {
        gdouble start = ms_bench_cpu_seconds();
        apply_member_op(cluster, MS_OP_EVACUATE, member);
        cpu[r] = ms_bench_cpu_seconds() - start;
        apply_member_op(cluster, MS_OP_RESTORE, member);
    }
    qsort(cpu, MS_BENCH_EVACUATE_REPEATS, sizeof(gdouble), compare_doubles);
    printf("| %" G_GUINT64_FORMAT " | %u | %.4f | %.2f | %.2f |\n", k, n_members,
           cpu[MS_BENCH_EVACUATE_REPEATS / 2], cpu[MS_BENCH_EVACUATE_REPEATS / 2] / k * 1e6,
           cpu[0] / k * 1e6);
    fflush(stdout);
}

/* ---- 5. loading a state file at the size limit ---- */

/* A dumped state of @n_members and as many instances as fit in
 * MS_STATE_MAX_SIZE (the big_cluster shape: a ceph pool, one root disk per
 * instance); *n_instances says how many. */
char *
ms_bench_state_at_limit(guint n_members, guint64 *n_instances)
{
    const MsProfile *profile = ms_profile_lookup("lxd-5.21.7");
    g_autoptr(MsCluster) probe = big_cluster(n_members, 1000, 0);
    g_autofree char *small = ms_state_file_dump(probe, profile, NULL);
    g_autoptr(MsCluster) empty = big_cluster(n_members, 0, 0);
    g_autofree char *base = ms_state_file_dump(empty, profile, NULL);
    gdouble per = (strlen(small) - strlen(base)) / 1000.0;
    guint64 n = (guint64) ((MS_STATE_MAX_SIZE - strlen(base)) / per);

    for (;;) {
        g_autoptr(MsCluster) cluster = big_cluster(n_members, n, 0);
        char *text = ms_state_file_dump(cluster, profile, NULL);

        if (strlen(text) <= MS_STATE_MAX_SIZE) {
            *n_instances = n;
            return text;
        }
        g_free(text);
        n -= n / 100 + 1;
    }
}

char *
ms_bench_state(guint n_members, guint64 n_instances, gboolean mixed, guint64 seed)
{
    const MsProfile *profile = ms_profile_lookup("lxd-5.21.7");
    g_autoptr(MsCluster) cluster =
        mixed ? ms_mixed_build(n_members, n_instances, seed) : big_cluster(n_members, n_instances, 0);

    return ms_state_file_dump(cluster, profile, NULL);
}

void
ms_bench_state_file(void)
{
    guint64 n_instances = 0;
    g_autofree char *text = ms_bench_state_at_limit(100, &n_instances);
    gdouble cpu[MS_BENCH_EVACUATE_REPEATS], wall[MS_BENCH_EVACUATE_REPEATS];

    for (guint r = 0; r < MS_BENCH_EVACUATE_REPEATS; r++) {
        g_autoptr(GError) error = NULL;
        gdouble start = now_s(), cpu_start = ms_bench_cpu_seconds();
        MsStateFile *state = ms_state_file_parse("bench.json", text, -1, &error);

        cpu[r] = ms_bench_cpu_seconds() - cpu_start;
        wall[r] = now_s() - start;
        if (state == NULL) {
            fprintf(stderr, "bench: the dumped state does not load: %s\n", error->message);
            return;
        }
        ms_state_file_free(state);
    }
    qsort(cpu, MS_BENCH_EVACUATE_REPEATS, sizeof(gdouble), compare_doubles);
    qsort(wall, MS_BENCH_EVACUATE_REPEATS, sizeof(gdouble), compare_doubles);
    printf("| %zu | 100 | %" G_GUINT64_FORMAT " | %.3f | %.3f |\n", strlen(text), n_instances,
           cpu[MS_BENCH_EVACUATE_REPEATS / 2], wall[MS_BENCH_EVACUATE_REPEATS / 2]);
    fflush(stdout);
}
