/* migsim: `migsim bench` — option checks and the order of the tables;
 * the measurements are in sim/tools/ms-bench.c. */
#include "ms-cli.h"

#include <stdio.h>

#include "ms-bench.h"
#include "ms-cli-bench-serve.h"
#include "ms-cli-bench-summary.h"

/* Loads the corpus before anything is printed, so that a bad --corpus
 * leaves no half table behind.  A usage error when it is missing or empty
 * (nothing to time), an input error when a scenario does not parse. */
static gboolean
load_corpus(const char *corpus, GPtrArray *scenarios, GError **error)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    char *paths[] = { (char *) corpus, NULL };
    guint64 steps = 0;

    if (!g_file_test(corpus, G_FILE_TEST_IS_DIR)) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--corpus: %s is not a directory", corpus);
    }
    if (!ms_cli_collect_files(paths, files, error) || !ms_cli_load_scenarios(files, NULL, scenarios, error))
        return FALSE;
    for (guint i = 0; i < scenarios->len; i++) {
        const MsScenario *scenario = scenarios->pdata[i];
        MsRunOptions options = { 0 };

        if (ms_runner_pick_profile(scenario, &options, NULL) != NULL)
            steps += scenario->steps->len;
    }
    /* rounds of nothing would repeat until the clock ran out */
    if (steps == 0) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--corpus: no scenario in %s has a step to run", corpus);
    }
    return TRUE;
}

/* What the options ask for, once checked */
typedef struct {
    const char *corpus;
    GPtrArray *scenarios;
    gint64 seed;
    gboolean mixed;
    gint largest;
    gint64 explore_steps;
    gdouble max_seconds;
    const char *baseline; /* another migsim binary, or NULL */
    gint64 state_instances;
} BenchRun;

/* Each section prints its table and returns FALSE when an outcome it
 * checks is wrong. */
static gboolean
section_throughput(const BenchRun *run, gboolean corpus, gboolean explore)
{
    printf("| throughput | per wall-clock second | per CPU second |\n|---|---:|---:|\n");
    if (corpus)
        ms_bench_corpus(run->corpus, run->scenarios, 2.0);
    if (explore)
        ms_bench_explore(run->explore_steps);
    printf("\n");
    return TRUE;
}

static gboolean
section_corpus(const BenchRun *run)
{
    return section_throughput(run, TRUE, FALSE);
}

static gboolean
section_explore(const BenchRun *run)
{
    return section_throughput(run, FALSE, TRUE);
}

static gboolean
section_rolling(const BenchRun *run)
{
    static const struct {
        guint members;
        guint64 instances;
    } sizes[] = { { 10, 10000 }, { 100, 100000 }, { 1000, 1000000 } };
    gboolean ok = TRUE;

    if (run->mixed)
        printf("Workload: mixed, seed %" G_GINT64_FORMAT " (docs/bench.md#the-mixed-workload)\n\n",
               run->seed);
    else
        printf("Workload: uniform (running containers, root on one ceph pool)\n\n");
    printf("| members | instances | members done | wall s | CPU s | whole rolling s | build s | peak MiB "
           "| bytes/instance (build) | peak bytes/instance | outcome |\n"
           "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (guint i = 0; i < G_N_ELEMENTS(sizes) && sizes[i].members <= (guint) run->largest; i++)
        ok &= ms_bench_rolling(sizes[i].members, sizes[i].instances, run->max_seconds, run->mixed,
                               (guint64) run->seed);
    printf("\n");
    return ok;
}

static gboolean
section_evacuate(const BenchRun *run)
{
    static const guint64 ks[] = { 100, 1000, 10000 };

    printf("| k (instances on the member) | m (members) | evacuate CPU s (median of %d) | µs per "
           "instance | best µs per instance |\n"
           "|---:|---:|---:|---:|---:|\n",
           MS_BENCH_EVACUATE_REPEATS);
    /* one decade of m beyond --largest: these clusters are small (k + m
     * instances) and the extra decade is what shows the growth in m */
    for (guint i = 0; i < G_N_ELEMENTS(ks); i++)
        for (guint m = 10; m <= (guint) run->largest * 10; m *= 10)
            ms_bench_evacuate(m, ks[i]);
    printf("\n");
    return TRUE;
}

static gboolean
section_state_file(const BenchRun *run)
{
    (void) run;
    printf("| state file bytes | members | instances | load CPU s (median of %d) | load wall s (median) |\n"
           "|---:|---:|---:|---:|---:|\n",
           MS_BENCH_EVACUATE_REPEATS);
    ms_bench_state_file();
    printf("\n");
    return TRUE;
}

static gboolean
section_serve(const BenchRun *run)
{
    /* issue 15's scale: 1,000 members and 100,000 instances */
    static const struct {
        guint members;
        guint64 instances;
    } sizes[] = { { 10, 1000 }, { 100, 10000 }, { 1000, 100000 } };
    gboolean ok = TRUE;

    printf("Workload: mixed, seed %" G_GINT64_FORMAT "; server CPU time per request, lxd-5.21.7\n\n"
           "| members | instances | build CPU s | `lxc list` CPU s | list MiB | instances on the member "
           "| evacuate CPU s | restore CPU s | outcome |\n"
           "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
           run->seed);
    for (guint i = 0; i < G_N_ELEMENTS(sizes) && sizes[i].members <= (guint) run->largest; i++)
        ok &= ms_cli_bench_serve(sizes[i].members, sizes[i].instances, (guint64) run->seed);
    return ok;
}

/* The summary: each command a user runs, as a child process, for this
 * binary and the baseline (ms-cli-bench-summary.c).  A failure to make its
 * scratch files is reported and counted as a wrong outcome. */
static gboolean
section_summary(const BenchRun *run)
{
    g_autoptr(GError) error = NULL;

    if (ms_cli_bench_summary(run->corpus, run->baseline, (guint64) run->explore_steps, (guint) run->largest,
                             (guint64) run->state_instances, run->mixed, (guint64) run->seed, &error))
        return TRUE;
    fprintf(stderr, "bench: summary: %s\n", error->message);
    return FALSE;
}

/* The sections in the order a whole run prints them.  corpus and explore
 * stay the first two: a whole run prints them as one table (ms_cmd_bench);
 * the summary, last here, is printed first */
static const struct {
    const char *name;
    gboolean (*run)(const BenchRun *run);
} bench_sections[] = {
    { "corpus", section_corpus },     { "explore", section_explore },       { "rolling", section_rolling },
    { "evacuate", section_evacuate }, { "state-file", section_state_file }, { "serve", section_serve },
    { "summary", section_summary },
};
G_STATIC_ASSERT(G_N_ELEMENTS(bench_sections) == 7);

static gboolean
known_section(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(bench_sections); i++)
        if (g_str_equal(bench_sections[i].name, name))
            return TRUE;
    return FALSE;
}

/* The option values bench refuses (exit 2) */
static gboolean
check_options(const char *only, const char *workload, const BenchRun *run, GError **error)
{
    if (only != NULL && !known_section(only)) {
        return ms_cli_throw(
            error, MS_EXIT_USAGE,
            "--only: expected corpus, explore, rolling, evacuate, state-file, serve or summary, got '%s'",
            only);
    }
    if (run->largest != 10 && run->largest != 100 && run->largest != 1000) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--largest: expected 10, 100 or 1000, got %d",
                            run->largest);
    }
    if (run->explore_steps < 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--explore-steps: expected at least 1, got %" G_GINT64_FORMAT,
                            run->explore_steps);
    }
    if (!(run->max_seconds > 0)) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--max-seconds: expected a positive number, got %g",
                            run->max_seconds);
    }
    if (workload != NULL && !g_str_equal(workload, "mixed") && !g_str_equal(workload, "uniform")) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--workload: expected mixed or uniform, got '%s'",
                            workload);
    }
    if (run->state_instances < 0 || run->state_instances > 10000000) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--state-instances: expected 0 to 10000000, got %" G_GINT64_FORMAT,
                            run->state_instances);
    }
    if (run->seed < 0) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--seed: expected 0 or more, got %" G_GINT64_FORMAT,
                            run->seed);
    }
    if (run->corpus != NULL && only != NULL && !g_str_equal(only, "corpus") &&
        !g_str_equal(only, "summary")) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--corpus: only used with the corpus and summary sections, not --only %s", only);
    }
    if (run->baseline != NULL && only != NULL && !g_str_equal(only, "summary")) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--baseline: only used with the summary section, not --only %s", only);
    }
    if (run->baseline != NULL && (!g_file_test(run->baseline, G_FILE_TEST_IS_REGULAR) ||
                                  !g_file_test(run->baseline, G_FILE_TEST_IS_EXECUTABLE))) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--baseline: %s is not an executable file", run->baseline);
    }
    return TRUE;
}

gboolean
ms_cmd_bench(int argc, char **argv, GError **error)
{
    g_autofree char *only = NULL, *corpus = NULL, *workload = NULL, *baseline = NULL;
    g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_free);
    BenchRun run = { NULL, scenarios, 1, TRUE, 1000, 300000, 30, NULL, 100000 };
    gboolean outcome_ok = TRUE;
    GOptionEntry entries[] = {
        { "only", 0, 0, G_OPTION_ARG_STRING, &only,
          "one section: corpus, explore, rolling, evacuate, state-file, serve or summary", "SECTION" },
        { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &baseline,
          "summary: time the same commands with this other migsim binary too, and print the ratio", "PATH" },
        { "largest", 0, 0, G_OPTION_ARG_INT, &run.largest,
          "largest cluster for rolling/evacuate: 10, 100 or 1000 members (default 1000)", "M" },
        { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "scenario directory (default scenarios)", "DIR" },
        { "explore-steps", 0, 0, G_OPTION_ARG_INT64, &run.explore_steps,
          "explorer steps to time (default 300000)", "N" },
        { "workload", 0, 0, G_OPTION_ARG_STRING, &workload,
          "rolling cluster: mixed (default, outcome checked) or uniform", "W" },
        { "seed", 0, 0, G_OPTION_ARG_INT64, &run.seed, "mixed workload seed (default 1)", "N" },
        { "state-instances", 0, 0, G_OPTION_ARG_INT64, &run.state_instances,
          "summary: instances of the 1,000-member state that preflight and import read (default 100000)",
          "N" },
        { "max-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &run.max_seconds,
          "stop a rolling maintenance after this long and extrapolate (default 30)", "S" },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new("- measure throughput and memory");

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context, "Prints Markdown tables (docs/bench.md).  Build with --buildtype=release first.");
    if (!ms_cli_parse_options(context, &argc, &argv, "bench", error))
        return FALSE;
    if (argc > 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "bench: unexpected argument '%s' (see 'migsim bench --help')", argv[1]);
    }
    run.corpus = corpus;
    run.baseline = baseline;
    if (!check_options(only, workload, &run, error))
        return FALSE;
    run.mixed = workload == NULL || g_str_equal(workload, "mixed");
    run.corpus = corpus ? corpus : "scenarios";
    if ((only == NULL || g_str_equal(only, "corpus")) && !load_corpus(run.corpus, scenarios, error))
        return FALSE;

    if (only == NULL) {
        /* the summary first, then the corpus and the explorer (the first
         * two) in one table */
        outcome_ok &= section_summary(&run);
        outcome_ok &= section_throughput(&run, TRUE, TRUE);
        for (guint i = 2; i + 1 < G_N_ELEMENTS(bench_sections); i++)
            outcome_ok &= bench_sections[i].run(&run);
    } else {
        for (guint i = 0; i < G_N_ELEMENTS(bench_sections); i++)
            if (g_str_equal(bench_sections[i].name, only))
                outcome_ok &= bench_sections[i].run(&run);
    }
    if (!outcome_ok)
        return ms_cli_throw(error, MS_EXIT_FAILED, "bench: an outcome is wrong (see above)");
    return TRUE;
}
