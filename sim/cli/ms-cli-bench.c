/* migsim: `migsim bench` — option checks and the order of the tables;
 * the measurements are in sim/tools/ms-bench.c. */
#include "ms-cli.h"

#include <stdio.h>

#include "ms-bench.h"
#include "ms-cli-bench-serve.h"

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

gboolean
ms_cmd_bench(int argc, char **argv, GError **error)
{
    g_autofree char *only = NULL, *corpus = NULL, *workload = NULL;
    gint64 seed = 1;
    gboolean mixed, outcome_ok = TRUE;
    gint largest = 1000;
    gint64 explore_steps = 300000;
    gdouble max_seconds = 30;
    GOptionEntry entries[] = {
        { "only", 0, 0, G_OPTION_ARG_STRING, &only,
          "one section: corpus, explore, rolling, evacuate, state-file or serve", "SECTION" },
        { "largest", 0, 0, G_OPTION_ARG_INT, &largest,
          "largest cluster for rolling/evacuate: 10, 100 or 1000 members (default 1000)", "M" },
        { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "scenario directory (default scenarios)", "DIR" },
        { "explore-steps", 0, 0, G_OPTION_ARG_INT64, &explore_steps,
          "explorer steps to time (default 300000)", "N" },
        { "workload", 0, 0, G_OPTION_ARG_STRING, &workload,
          "rolling cluster: mixed (default, outcome checked) or uniform", "W" },
        { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "mixed workload seed (default 1)", "N" },
        { "max-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &max_seconds,
          "stop a rolling maintenance after this long and extrapolate (default 30)", "S" },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new("- measure throughput and memory");
    static const struct {
        guint members;
        guint64 instances;
    } sizes[] = { { 10, 10000 }, { 100, 100000 }, { 1000, 1000000 } };
    /* issue 15's scale: 1,000 members and 100,000 instances */
    static const struct {
        guint members;
        guint64 instances;
    } serve_sizes[] = { { 10, 1000 }, { 100, 10000 }, { 1000, 100000 } };
    static const guint64 ks[] = { 100, 1000, 10000 };
    g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_free);
    gboolean all;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context, "Prints Markdown tables (docs/bench.md).  Build with --buildtype=release first.");
    if (!ms_cli_parse_options(context, &argc, &argv, "bench", error))
        return FALSE;
    if (argc > 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "bench: unexpected argument '%s' (see 'migsim bench --help')", argv[1]);
    }
    if (only != NULL && !g_str_equal(only, "corpus") && !g_str_equal(only, "explore") &&
        !g_str_equal(only, "rolling") && !g_str_equal(only, "evacuate") && !g_str_equal(only, "state-file") &&
        !g_str_equal(only, "serve")) {
        return ms_cli_throw(
            error, MS_EXIT_USAGE,
            "--only: expected corpus, explore, rolling, evacuate, state-file or serve, got '%s'", only);
    }
    if (largest != 10 && largest != 100 && largest != 1000) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--largest: expected 10, 100 or 1000, got %d", largest);
    }
    if (explore_steps < 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--explore-steps: expected at least 1, got %" G_GINT64_FORMAT, explore_steps);
    }
    if (!(max_seconds > 0)) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--max-seconds: expected a positive number, got %g",
                            max_seconds);
    }
    if (workload != NULL && !g_str_equal(workload, "mixed") && !g_str_equal(workload, "uniform")) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--workload: expected mixed or uniform, got '%s'",
                            workload);
    }
    if (seed < 0) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--seed: expected 0 or more, got %" G_GINT64_FORMAT, seed);
    }
    mixed = workload == NULL || g_str_equal(workload, "mixed");
    all = only == NULL;
    if (corpus != NULL && !all && !g_str_equal(only, "corpus")) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--corpus: only used with the corpus section, not --only %s", only);
    }
    if ((all || g_str_equal(only, "corpus")) && !load_corpus(corpus ? corpus : "scenarios", scenarios, error))
        return FALSE;

    if (all || g_str_equal(only, "corpus") || g_str_equal(only, "explore")) {
        printf("| throughput | per wall-clock second | per CPU second |\n|---|---:|---:|\n");
        if (all || g_str_equal(only, "corpus"))
            ms_bench_corpus(corpus ? corpus : "scenarios", scenarios, 2.0);
        if (all || g_str_equal(only, "explore"))
            ms_bench_explore(explore_steps);
        printf("\n");
    }
    if (all || g_str_equal(only, "rolling")) {
        if (mixed)
            printf("Workload: mixed, seed %" G_GINT64_FORMAT " (docs/bench.md#the-mixed-workload)\n\n", seed);
        else
            printf("Workload: uniform (running containers, root on one ceph pool)\n\n");
        printf("| members | instances | members done | wall s | CPU s | whole rolling s | build s | peak MiB "
               "| bytes/instance (build) | peak bytes/instance | outcome |\n"
               "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (guint i = 0; i < G_N_ELEMENTS(sizes) && sizes[i].members <= (guint) largest; i++)
            outcome_ok &=
                ms_bench_rolling(sizes[i].members, sizes[i].instances, max_seconds, mixed, (guint64) seed);
        printf("\n");
    }
    if (all || g_str_equal(only, "evacuate")) {
        printf("| k (instances on the member) | m (members) | evacuate CPU s (median of %d) | µs per "
               "instance | best µs per instance |\n"
               "|---:|---:|---:|---:|---:|\n",
               MS_BENCH_EVACUATE_REPEATS);
        /* one decade of m beyond --largest: these clusters are small (k + m
         * instances) and the extra decade is what shows the growth in m */
        for (guint i = 0; i < G_N_ELEMENTS(ks); i++)
            for (guint m = 10; m <= (guint) largest * 10; m *= 10)
                ms_bench_evacuate(m, ks[i]);
        printf("\n");
    }
    if (all || g_str_equal(only, "state-file")) {
        printf(
            "| state file bytes | members | instances | load CPU s (median of %d) | load wall s (median) |\n"
            "|---:|---:|---:|---:|---:|\n",
            MS_BENCH_EVACUATE_REPEATS);
        ms_bench_state_file();
        printf("\n");
    }
    if (all || g_str_equal(only, "serve")) {
        printf("Workload: mixed, seed %" G_GINT64_FORMAT "; server CPU time per request, lxd-5.21.7\n\n"
               "| members | instances | build CPU s | `lxc list` CPU s | list MiB | instances on the member "
               "| evacuate CPU s | restore CPU s | outcome |\n"
               "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
               seed);
        for (guint i = 0; i < G_N_ELEMENTS(serve_sizes) && serve_sizes[i].members <= (guint) largest; i++)
            outcome_ok &=
                ms_cli_bench_serve(serve_sizes[i].members, serve_sizes[i].instances, (guint64) seed);
    }
    if (!outcome_ok)
        return ms_cli_throw(error, MS_EXIT_FAILED, "bench: an outcome is wrong (see above)");
    return TRUE;
}
