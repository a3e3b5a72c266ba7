/* migsim run: the CI and classroom edges of running scenarios.  Every file
 * is parsed first; an invalid one is a report entry (JUnit <error>, JSON
 * "errors") and the others still run.  Selection (-k, --last-failed),
 * stopping (-x), several releases (--profile repeated, --all-profiles),
 * one-line failures under -q, and --step (Enter, b back, q quit). */
#include "ms-cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-escape.h"
#include "ms-report-writers.h"

/* where --last-failed reads and every run writes what failed: one
 * "PATH<TAB>RELEASE" line per failed run, "PATH<TAB>" for an invalid file */
#define LAST_FAILED_FILE ".migsim-last-failed"

typedef struct {
    MsTextOptions text;
    gboolean step_mode;
    gboolean quit;     /* q: stop the run here */
    guint command;     /* commands met so far in this run */
    guint back_to;     /* b: rerun silently up to this command (1-based), then pause */
    gboolean go_back;  /* b was pressed: the run stops and starts again */
    gboolean silent;   /* replaying up to back_to: no output, no pause */
    gboolean prompted; /* --step showed this command's line */
} RunUi;

static gboolean
stop_run(gpointer user_data)
{
    RunUi *ui = user_data;

    return ui->quit || ui->go_back;
}

/* --step tells the story as it goes: the comment above a step comes
 * before its prompt (the transcript, which would print it after the
 * pause, leaves it out then). */
static void
narrate(const RunUi *ui, const char *narration)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (!ui->step_mode || ui->silent || narration == NULL)
        return;
    ms_report_text_narration(out, narration, &ui->text);
    fputs(out->str, stdout);
    fflush(stdout);
}

static void
pause_before_step(const MsStep *step, gpointer user_data)
{
    RunUi *ui = user_data;
    char buffer[256];

    if (step->kind != MS_STEP_COMMAND) {
        narrate(ui, step->narration);
        return;
    }
    ui->command++;
    if (ui->silent && ui->command < ui->back_to)
        return;
    ui->silent = FALSE;
    if (!ui->step_mode)
        return;
    narrate(ui, step->narration);
    {
        g_autofree char *visible = ms_text_visible(step->text);
        /* the command once, as the transcript shows it; the transcript
         * then leaves its own copy out */
        fflush(stdout);
        fprintf(stderr, "%4u  $ %s\n", step->line, visible);
        ui->prompted = TRUE;
    }
    for (;;) {
        fputs("      [Enter run, b back, q quit] ", stderr);
        fflush(stderr);
        if (fgets(buffer, sizeof(buffer), stdin) == NULL) {
            /* end of input: run the rest without stopping */
            fputc('\n', stderr);
            ui->step_mode = FALSE;
            return;
        }
        /* the prompt line goes: what follows is the command's outcome */
        fputs("\033[1A\r\033[2K", stderr);
        fflush(stderr);
        if (buffer[0] == 'q' || buffer[0] == 'Q') {
            ui->quit = TRUE;
            return;
        }
        if (buffer[0] == 'b' || buffer[0] == 'B') {
            if (ui->command == 1) {
                fputs("      (this is the first command)\n", stderr);
                continue;
            }
            ui->go_back = TRUE;
            ui->back_to = ui->command - 1;
            return;
        }
        return;
    }
}

static void
print_step(const MsStepResult *result, gpointer user_data)
{
    RunUi *ui = user_data;
    g_autoptr(GString) out = g_string_new(NULL);

    if (ui->silent)
        return;
    ms_report_text_step(out, result, &ui->text);
    if (ui->prompted && result->kind == MS_RESULT_COMMAND) {
        /* --step printed the command line already */
        const char *rest = strchr(out->str, '\n');
        fputs(rest != NULL ? rest + 1 : "", stdout);
    } else {
        fputs(out->str, stdout);
    }
    ui->prompted = FALSE;
    fflush(stdout);
}

/* -q: one line per failed step, "PATH:LINE [RELEASE] TEXT: WHY". */
static void
print_failures(const MsScenarioResult *result)
{
    for (guint s = 0; s < result->steps->len; s++) {
        const MsStepResult *st = result->steps->pdata[s];
        g_autofree char *text = NULL, *why = NULL;

        if (st->met || st->not_applicable)
            continue;
        text = ms_text_visible(st->text);
        why = ms_text_visible(st->mismatch);
        printf("FAIL %s:%u [%s] %s: %s\n", result->path, st->line, result->profile->name, text, why);
    }
}

/* Reads the last run's failures: a set of "PATH\tRELEASE" and "PATH\t";
 * NULL when there is no such file. */
static GHashTable *
read_last_failed(void)
{
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    GHashTable *set;

    if (!g_file_get_contents(LAST_FAILED_FILE, &contents, NULL, NULL))
        return NULL;
    set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    lines = g_strsplit(contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char *tab = strchr(lines[i], '\t');
        if (tab == NULL)
            continue;
        g_hash_table_add(set, g_strdup(lines[i]));
        /* "PATH\t*": the file failed under some release or was invalid */
        g_hash_table_add(set, g_strdup_printf("%.*s\t*", (int) (tab - lines[i]), lines[i]));
    }
    return set;
}

static void
write_last_failed(GPtrArray *results)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GError) local = NULL;

    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        if (r->load_error != NULL)
            g_string_append_printf(out, "%s\t\n", r->path);
        else if (r->n_failed > 0)
            g_string_append_printf(out, "%s\t%s\n", r->path, r->profile->name);
    }
    /* a cache: the run's verdict does not depend on it */
    if (!g_file_set_contents(LAST_FAILED_FILE, out->str, out->len, &local))
        g_printerr("migsim: warning: cannot write %s: %s\n", LAST_FAILED_FILE, local->message);
}

/* Did the last run record @path under @release ("" = invalid, "*" = any)? */
static gboolean
in_last_failed(GHashTable *last, const char *path, const char *release)
{
    g_autofree char *key = g_strdup_printf("%s\t%s", path, release);

    return g_hash_table_contains(last, key);
}

/* -k PATTERN (repeatable, any may match): a glob when it has * ? or [,
 * else a substring, of the path or the title; case-insensitive. */
static gboolean
selected(char **patterns, const char *path, const char *title)
{
    g_autofree char *lpath = NULL;
    g_autofree char *ltitle = NULL;

    /* without -k every file is run: nothing to lower */
    if (patterns == NULL)
        return TRUE;
    lpath = g_utf8_strdown(path, -1);
    ltitle = title != NULL ? g_utf8_strdown(title, -1) : g_strdup("");
    for (guint i = 0; patterns[i] != NULL; i++) {
        g_autofree char *p = g_utf8_strdown(patterns[i], -1);
        if (strpbrk(p, "*?[") != NULL ? g_pattern_match_simple(p, lpath) || g_pattern_match_simple(p, ltitle)
                                      : strstr(lpath, p) != NULL || strstr(ltitle, p) != NULL)
            return TRUE;
    }
    return FALSE;
}

/* --profile given several times: each once, in the order given. */
static gboolean
parse_profiles(char **names, GPtrArray *profiles, GError **error)
{
    for (guint i = 0; names != NULL && names[i] != NULL; i++) {
        const MsProfile *profile = NULL;

        if (!ms_cli_parse_profile(names[i], &profile, error))
            return FALSE;
        for (guint j = 0; j < profiles->len; j++)
            if (profiles->pdata[j] == profile)
                return ms_cli_throw(error, MS_EXIT_USAGE, "--profile %s is given twice", names[i]);
        g_ptr_array_add(profiles, (gpointer) profile);
    }
    return TRUE;
}

/* The releases @scenario runs under in this run. */
static gboolean
releases_for(const MsScenario *scenario, GPtrArray *chosen, gboolean all_profiles, GPtrArray *out,
             GError **error)
{
    MsRunOptions options = { NULL };
    guint n_profiles;
    const MsProfile *profiles = ms_profiles(&n_profiles);
    const MsProfile *picked;

    if (chosen->len > 0) {
        g_ptr_array_extend(out, chosen, NULL, NULL);
        return TRUE;
    }
    picked = ms_runner_pick_profile(scenario, &options, error);
    if (picked == NULL)
        return FALSE;
    if (!all_profiles) {
        g_ptr_array_add(out, (gpointer) picked);
        return TRUE;
    }
    for (guint p = 0; p < n_profiles; p++)
        if (ms_cli_written_for(scenario, &profiles[p]))
            g_ptr_array_add(out, (gpointer) &profiles[p]);
    return TRUE;
}

/* One scenario under one release; --step's b runs it again from the start
 * up to the command before, silently. */
static MsScenarioResult *
run_one(const MsScenario *scenario, const MsProfile *profile, MsRunOptions *options, RunUi *ui,
        gboolean quiet)
{
    MsScenarioResult *result;

    options->profile_override = profile;
    if (!quiet) {
        g_autoptr(GString) header = g_string_new(NULL);
        ms_report_text_header(header, scenario->path, scenario->title, profile, &ui->text);
        if (ui->text.narrate || ui->step_mode)
            ms_report_text_narration(header, scenario->description, &ui->text);
        fputs(header->str, stdout);
    }
    for (;;) {
        ui->command = 0;
        ui->go_back = FALSE;
        result = ms_runner_run(scenario, profile, options, NULL);
        if (!ui->go_back)
            break;
        ms_scenario_result_free(result);
        ui->silent = TRUE;
        printf("      -- back one command (the scenario reran silently up to it)\n");
    }
    if (!quiet) {
        g_autoptr(GString) footer = g_string_new(NULL);
        ms_report_text_footer(footer, result);
        fputs(footer->str, stdout);
    } else {
        print_failures(result);
    }
    fflush(stdout);
    return result;
}

typedef struct {
    char **profile_names, **patterns;
    char *json_path, *junit_path, *html_path, *color, *state_path;
    gboolean explain, step_mode, narrate, verbose, quiet, all_profiles, exitfirst, last_failed;
} RunArgs;

static void
run_args_clear(RunArgs *args)
{
    g_strfreev(args->profile_names);
    g_strfreev(args->patterns);
    g_free(args->json_path);
    g_free(args->junit_path);
    g_free(args->html_path);
    g_free(args->color);
    g_free(args->state_path);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(RunArgs, run_args_clear)

/* clang-format off */
#define RUN_ENTRIES(a) {                                                                                      \
    { "profile", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &(a).profile_names,                                    \
      "LXD release to simulate (overrides the scenario's 'profile'); repeat it for several releases",      \
      "lxd-X.Y.Z" },                                                                                        \
    { "all-profiles", 0, 0, G_OPTION_ARG_NONE, &(a).all_profiles,                                           \
      "run every scenario under each release it is for ('releases', else all), checking each release's "   \
      "own expectations", NULL },                                                                           \
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &(a).json_path,                                                  \
      "write the results as JSON (docs/report-schema.md)", "FILE" },                                       \
    { "junit", 0, 0, G_OPTION_ARG_FILENAME, &(a).junit_path, "write JUnit XML", "FILE" },                 \
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &(a).html_path, "write a self-contained HTML report", "FILE" }, \
    { "explain", 0, 0, G_OPTION_ARG_NONE, &(a).explain, "explain each outcome in plain words", NULL },    \
    { "step", 0, 0, G_OPTION_ARG_NONE, &(a).step_mode,                                                      \
      "pause before each command (on a terminal): Enter runs it, b goes back one, q quits", NULL },        \
    { "narrate", 0, 0, G_OPTION_ARG_NONE, &(a).narrate,                                                     \
      "show the scenario's comments above the steps they precede (always on with --step)", NULL },         \
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &(a).verbose, "list every rule evaluated", NULL },             \
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &(a).quiet,                                                       \
      "print only each failure (one line) and the summary", NULL },                                        \
    { "color", 0, 0, G_OPTION_ARG_STRING, &(a).color, "auto, always or never", "WHEN" },                   \
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &(a).state_path,                                                \
      "start from this state file instead of 'members' (docs/preflight.md)", "FILE" },                    \
    MS_CLI_MAX_STATE_SIZE_ENTRY,                                                                            \
    { "keyword", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &(a).patterns,                                          \
      "run only the files whose path or title contains PATTERN (a glob with * ? [); repeat for several",   \
      "PATTERN" },                                                                                          \
    { "exitfirst", 'x', 0, G_OPTION_ARG_NONE, &(a).exitfirst,                                               \
      "stop after the first failing scenario (an invalid file: run nothing)", NULL },                      \
    { "last-failed", 0, 0, G_OPTION_ARG_NONE, &(a).last_failed,                                             \
      "run only what failed in the last run (" LAST_FAILED_FILE "; all when nothing failed)", NULL },     \
    { NULL } }
/* clang-format on */

/* Parses @files (each an MsScenario in @loaded and @scenarios, or the
 * result of an invalid file in @loaded, its error in @invalid), keeping
 * those that -k and --last-failed (@last) select. */
static void
load_files(const RunArgs *args, GPtrArray *files, const MsStateFile *base, GPtrArray *chosen,
           GHashTable *last, GPtrArray *loaded, GPtrArray *scenarios, GString *invalid)
{
    for (guint i = 0; i < files->len; i++) {
        const char *path = files->pdata[i];
        g_autoptr(GError) local = NULL;
        MsScenario *scenario =
            base != NULL ? ms_scenario_load_on(path, base, &local) : ms_scenario_load(path, &local);
        g_autoptr(GPtrArray) releases = g_ptr_array_new();

        if (scenario != NULL && !releases_for(scenario, chosen, args->all_profiles, releases, &local))
            g_clear_pointer(&scenario, ms_scenario_free);
        if (!selected(args->patterns, path, scenario != NULL ? scenario->title : NULL) ||
            (last != NULL && !in_last_failed(last, path, "*"))) {
            if (scenario != NULL)
                ms_scenario_free(scenario);
            continue;
        }
        if (scenario == NULL) {
            g_autofree char *visible = ms_escape_lines(local->message);
            g_string_append_printf(invalid, "%s%s", invalid->len > 0 ? "\n" : "", visible);
            g_ptr_array_add(loaded, ms_scenario_result_new_load_error(path, local->message));
            continue;
        }
        g_ptr_array_add(loaded, scenario);
        g_ptr_array_add(scenarios, scenario);
    }
}

/* Runs the loaded scenarios under their releases (an invalid file's result
 * in its place), unless @stop; the results in @results; the number of
 * scenario runs that failed. */
static guint
run_loaded(const RunArgs *args, GPtrArray *loaded, GPtrArray *scenarios, GPtrArray *chosen, GHashTable *last,
           RunUi *ui, gboolean stop, GPtrArray *results)
{
    guint failed = 0;

    for (guint i = 0; i < loaded->len; i++) {
        gpointer entry = loaded->pdata[i];
        const MsScenario *scenario = entry;
        g_autoptr(GPtrArray) releases = g_ptr_array_new();
        MsRunOptions options = { NULL,
                                 args->json_path != NULL || args->html_path != NULL,
                                 args->explain,
                                 pause_before_step,
                                 args->quiet ? NULL : print_step,
                                 ui,
                                 stop_run };

        /* the hits are read by the JSON and HTML reports, --verbose's
         * rule lines and --explain only */
        options.no_rule_hits =
            args->json_path == NULL && args->html_path == NULL && !args->verbose && !args->explain;

        if (!g_ptr_array_find(scenarios, entry, NULL)) {
            /* an invalid file, in its place among the others */
            g_ptr_array_add(results, entry);
            continue;
        }
        if (stop)
            continue;
        releases_for(scenario, chosen, args->all_profiles, releases, NULL);
        for (guint p = 0; p < releases->len && !stop; p++) {
            MsScenarioResult *result;

            /* --last-failed: a file's release runs again when it failed,
             * or when the file was invalid */
            if (last != NULL &&
                !in_last_failed(last, scenario->path, ((const MsProfile *) releases->pdata[p])->name) &&
                !in_last_failed(last, scenario->path, ""))
                continue;
            result = run_one(scenario, releases->pdata[p], &options, ui, args->quiet);
            failed += result->n_failed > 0;
            stop = ui->quit || (args->exitfirst && result->n_failed > 0);
            g_ptr_array_add(results, result);
        }
    }
    return failed;
}

gboolean
ms_cmd_run(int argc, char **argv, GError **error)
{
    g_auto(RunArgs) args = { NULL };
    GOptionEntry entries[] = RUN_ENTRIES(args);
    g_autoptr(GOptionContext) context = g_option_context_new("FILE|DIR|-... - run scenarios");
    g_autoptr(MsStateFile) base = NULL;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    /* files in order: an MsScenario, or the MsScenarioResult of an invalid file */
    g_autoptr(GPtrArray) loaded = g_ptr_array_new();
    g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_free);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_result_free);
    g_autoptr(GPtrArray) chosen = g_ptr_array_new();
    g_autoptr(GHashTable) last = NULL;
    g_autoptr(GString) summary = g_string_new(NULL);
    g_autoptr(GString) invalid = g_string_new(NULL);
    RunUi ui = { { FALSE, FALSE }, FALSE };
    gboolean stop;
    guint failed;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context, "Exit status: 0 every expectation held, 1 one failed, 2 usage error (nothing ran),\n"
                 "3 an invalid scenario file (the others ran and are in the reports; 3 wins over 1),\n"
                 "99 a report could not be written (wins over all).\n"
                 "Example: migsim run --profile lxd-6.9 scenarios/lxd-15218.scn\n"
                 "         migsim run --all-profiles scenarios/releases/lxd-15218-fixed.scn\n"
                 "         migsim run -p lxd-5.0.2 -p lxd-6.9 -k evacuate -x scenarios/");
    if (!ms_cli_check_repeated(argc, argv, entries, "run", error) ||
        !ms_cli_parse_options(context, &argc, &argv, "run", error))
        return FALSE;
    if (argc < 2)
        return ms_cli_throw(error, MS_EXIT_USAGE, "run: no scenario given (see 'migsim run --help')");
    if (!ms_cli_check_color(args.color, error) || !parse_profiles(args.profile_names, chosen, error))
        return FALSE;
    if (args.all_profiles && chosen->len > 0)
        return ms_cli_throw(error, MS_EXIT_USAGE, "run: --all-profiles and --profile exclude each other");
    if (!ms_cli_collect_files(argv + 1, files, error))
        return FALSE;
    if (args.state_path != NULL) {
        g_autoptr(GError) local = NULL;

        base = ms_state_file_load(args.state_path, &local);
        if (base == NULL)
            return ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
    }
    if (args.last_failed) {
        last = read_last_failed();
        if (last == NULL || g_hash_table_size(last) == 0) {
            g_printerr("migsim: --last-failed: no failure recorded in %s; running everything\n",
                       LAST_FAILED_FILE);
            g_clear_pointer(&last, g_hash_table_unref);
        }
    }

    /* parse every file first: an invalid one is reported, the others run */
    load_files(&args, files, base, chosen, last, loaded, scenarios, invalid);
    if (loaded->len == 0)
        return ms_cli_throw(error, MS_EXIT_USAGE, "run: no scenario selected (%s)",
                            args.last_failed ? "-k, --last-failed" : "-k");

    ui.text.color = ms_cli_use_color(args.color, fileno(stdout));
    ui.text.verbose = args.verbose;
    ui.step_mode = args.step_mode && isatty(fileno(stdin));
    /* under --step, narrate() prints each comment before the pause */
    ui.text.narrate = args.narrate && !ui.step_mode;
    /* -x with an invalid file: like pytest, nothing runs */
    stop = args.exitfirst && invalid->len > 0;
    failed = run_loaded(&args, loaded, scenarios, chosen, last, &ui, stop, results);
    ms_report_text_summary(summary, results, &ui.text);
    fputs(summary->str, stdout);
    if (ui.quit)
        printf("stopped by q: the commands after it did not run\n");
    if (args.exitfirst && failed > 0)
        printf("stopped by -x at the first failing scenario\n");
    fflush(stdout);
    write_last_failed(results);

    if (!ms_cli_write_report(args.json_path, ms_report_json, results, error) ||
        !ms_cli_write_report(args.junit_path, ms_report_junit, results, error) ||
        !ms_cli_write_report(args.html_path, ms_report_html, results, error))
        return FALSE;
    /* the scenarios and their results are freed by the exit in release
     * builds (ms_cli_free_at_exit): 5 % of the corpus run's instructions */
    g_clear_pointer(&loaded, g_ptr_array_unref);
    ms_cli_keep_until_exit(g_steal_pointer(&results), (GDestroyNotify) g_ptr_array_unref);
    ms_cli_keep_until_exit(g_steal_pointer(&scenarios), (GDestroyNotify) g_ptr_array_unref);
    if (invalid->len > 0) {
        g_set_error_literal(error, MS_CLI_ERROR, MS_EXIT_INPUT, invalid->str);
        return FALSE;
    }
    return ms_cli_status(error, failed ? MS_EXIT_FAILED : MS_EXIT_OK);
}
