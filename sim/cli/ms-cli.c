/* migsim: shared CLI plumbing and the run / state / profiles / rules commands. */
#include "ms-cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-escape.h"
#include "ms-report-writers.h"

/* clang-format off */
G_DEFINE_QUARK(ms-cli-error-quark, ms_cli_error)
/* clang-format on */

gboolean
ms_cli_throw(GError **error, int code, const char *fmt, ...)
{
    va_list args;
    g_autofree char *message = NULL, *visible = NULL;

    va_start(args, fmt);
    message = g_strdup_vprintf(fmt, args);
    va_end(args);
    /* messages quote file names, names and server texts: escaped here, so
     * that the only line breaks main sees are the ones between messages */
    visible = ms_escape_text(message);
    g_set_error_literal(error, MS_CLI_ERROR, code, visible);
    return FALSE;
}

gboolean
ms_cli_status(GError **error, int status)
{
    if (status == MS_EXIT_OK)
        return TRUE;
    g_set_error_literal(error, MS_CLI_ERROR, status, "");
    return FALSE;
}

int
ms_cli_exit_code(const GError *error)
{
    return error->domain == MS_CLI_ERROR ? error->code : MS_EXIT_INTERNAL;
}

gboolean
ms_cli_use_color(const char *flag, int fd)
{
    const char *no_color = g_getenv("NO_COLOR");
    const char *term = g_getenv("TERM");

    if (flag != NULL && g_str_equal(flag, "always"))
        return TRUE;
    if (flag != NULL && g_str_equal(flag, "never"))
        return FALSE;
    if (no_color != NULL && *no_color != '\0')
        return FALSE;
    if (term != NULL && g_str_equal(term, "dumb"))
        return FALSE;
    return isatty(fd);
}

gboolean
ms_cli_parse_options(GOptionContext *context, int *argc, char ***argv, const char *command, GError **error)
{
    g_autoptr(GError) local = NULL;

    if (!g_option_context_parse(context, argc, argv, &local))
        return ms_cli_throw(error, MS_EXIT_USAGE, "%s: %s (see 'migsim %s --help')", command, local->message,
                            command);
    return TRUE;
}

static int
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* (device, inode) of a file or directory, as a hash key. */
static char *
file_id(const struct stat *st)
{
    return g_strdup_printf("%ju:%ju", (uintmax_t) st->st_dev, (uintmax_t) st->st_ino);
}

/* Collects *.scn under @dir.  Symbolic links to directories are not
 * followed, and a directory reached twice (a bind mount) is walked once: a
 * link to "." would otherwise run the tree again and again.  Links to files
 * are followed; the caller drops a file reached twice. */
static void
collect_dir(const char *dir, GHashTable *dirs_seen, GPtrArray *files)
{
    g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (handle == NULL)
        return;
    while ((name = g_dir_read_name(handle)) != NULL)
        g_ptr_array_add(names, g_strdup(name));
    g_ptr_array_sort(names, compare_paths);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);
        struct stat st;

        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (g_hash_table_add(dirs_seen, file_id(&st)))
                collect_dir(path, dirs_seen, files);
        } else if (g_str_has_suffix(path, ".scn")) {
            /* a link to a directory named x.scn is still a directory */
            if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
                continue;
            g_ptr_array_add(files, g_steal_pointer(&path));
        }
    }
}

/* Adds @path unless the same file (by device and inode) is there already. */
static void
add_once(GPtrArray *files, GHashTable *files_seen, const char *path)
{
    struct stat st;

    /* a name that cannot be opened is kept: loading it says why */
    if (stat(path, &st) == 0 && !g_hash_table_add(files_seen, file_id(&st)))
        return;
    g_ptr_array_add(files, g_strdup(path));
}

gboolean
ms_cli_collect_files(char **args, GPtrArray *files, GError **error)
{
    g_autoptr(GHashTable) files_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; args[i] != NULL; i++) {
        struct stat st;

        if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
            g_autoptr(GHashTable) dirs_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

            g_hash_table_add(dirs_seen, file_id(&st));
            collect_dir(args[i], dirs_seen, found);
            g_ptr_array_sort(found, compare_paths);
            /* a mistyped directory in CI must not pass as "nothing failed" */
            if (found->len == 0)
                return ms_cli_throw(error, MS_EXIT_USAGE, "%s: no scenario (*.scn) in this directory",
                                    args[i]);
            for (guint j = 0; j < found->len; j++)
                add_once(files, files_seen, found->pdata[j]);
        } else if (lstat(args[i], &st) == 0) {
            /* a FIFO, a link loop, a dangling link: the loader explains */
            add_once(files, files_seen, args[i]);
        } else {
            return ms_cli_throw(error, MS_EXIT_USAGE, "%s: no such file or directory", args[i]);
        }
    }
    return TRUE;
}

gboolean
ms_cli_check_one_file(const char *path, const char *command, GError **error)
{
    struct stat st;

    if (lstat(path, &st) != 0)
        return ms_cli_throw(error, MS_EXIT_USAGE, "%s: no such file (%s takes one scenario file)", path,
                            command);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return ms_cli_throw(error, MS_EXIT_USAGE, "%s: is a directory (%s takes one scenario file)", path,
                            command);
    /* a FIFO, a device, a link loop: the loader says what it is (exit 3) */
    return TRUE;
}

gboolean
ms_cli_load_scenarios(GPtrArray *files, const MsStateFile *base, GPtrArray *scenarios, GError **error)
{
    g_autoptr(GString) errors = g_string_new(NULL);

    for (guint i = 0; i < files->len; i++) {
        g_autoptr(GError) local = NULL;
        MsScenario *scenario = base != NULL ? ms_scenario_load_on(files->pdata[i], base, &local)
                                            : ms_scenario_load(files->pdata[i], &local);

        if (scenario == NULL) {
            g_autofree char *visible = ms_escape_text(local->message);
            g_string_append_printf(errors, "%s%s", errors->len > 0 ? "\n" : "", visible);
            continue;
        }
        g_ptr_array_add(scenarios, scenario);
    }
    if (errors->len == 0)
        return TRUE;
    /* every bad file is named, one per line */
    g_set_error_literal(error, MS_CLI_ERROR, MS_EXIT_INPUT, errors->str);
    return FALSE;
}

gboolean
ms_cli_parse_profile(const char *name, const MsProfile **profile, GError **error)
{
    *profile = NULL;
    if (name == NULL)
        return TRUE;
    *profile = ms_profile_lookup(name);
    if (*profile == NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE, "--profile: unknown release '%s' (see 'migsim profiles')",
                            name);
    return TRUE;
}

gboolean
ms_cli_write_file(const char *path, const char *contents, gssize length, GError **error)
{
    g_autoptr(GError) local = NULL;

    /* g_file_set_contents writes a temporary file and renames it */
    if (!g_file_set_contents(path, contents, length, &local))
        return ms_cli_throw(error, MS_EXIT_INTERNAL, "cannot write %s: %s", path, local->message);
    return TRUE;
}

gboolean
ms_cli_write_report(const char *path, char *(*writer)(GPtrArray *results), GPtrArray *results, GError **error)
{
    g_autofree char *contents = NULL;

    if (path == NULL)
        return TRUE;
    contents = writer(results);
    return ms_cli_write_file(path, contents, -1, error);
}

gboolean
ms_cli_check_color(const char *flag, GError **error)
{
    if (flag != NULL && !g_str_equal(flag, "auto") && !g_str_equal(flag, "always") &&
        !g_str_equal(flag, "never"))
        return ms_cli_throw(error, MS_EXIT_USAGE, "--color: expected auto, always or never, got '%s'", flag);
    return TRUE;
}

/* Is @scenario written for @profile?  Its `profile` line (or its state
 * file's release) names one release; else its `releases` line names some;
 * else the releases its `Error[SET]:` and `expect[SET]` lines name; else it
 * is written for the release `migsim run` uses, the latest.  Coverage runs
 * a scenario only under the releases it is written for: elsewhere its
 * expectations are not claims about that release. */
gboolean
ms_cli_written_for(const MsScenario *scenario, const MsProfile *profile)
{
    MsRunOptions options = { NULL };
    MsReleaseMask named = 0;

    if (scenario->profile_name != NULL || scenario->state != NULL)
        return ms_runner_pick_profile(scenario, &options, NULL) == profile;
    if (scenario->releases != 0)
        return ms_release_mask_has(scenario->releases, profile);
    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        named |= step->only;
        for (guint r = 0; step->release_expects != NULL && r < step->release_expects->len; r++)
            named |= ((const MsReleaseExpect *) step->release_expects->pdata[r])->releases;
    }
    if (named != 0)
        return ms_release_mask_has(named, profile);
    return ms_runner_pick_profile(scenario, &options, NULL) == profile;
}

/* ---- migsim run ---- */

typedef struct {
    MsTextOptions text;
    gboolean step_mode;
} RunUi;

static void
pause_before_step(const MsStep *step, gpointer user_data)
{
    RunUi *ui = user_data;
    char buffer[256];

    if (!ui->step_mode || step->kind != MS_STEP_COMMAND)
        return;
    {
        g_autofree char *visible = ms_text_visible(step->text);
        fprintf(stderr, "%4u  $ %s   [Enter to run, q to quit] ", step->line, visible);
    }
    fflush(stderr);
    if (fgets(buffer, sizeof(buffer), stdin) != NULL && (buffer[0] == 'q' || buffer[0] == 'Q'))
        ui->step_mode = FALSE;
}

static void
print_step(const MsStepResult *result, gpointer user_data)
{
    RunUi *ui = user_data;
    g_autoptr(GString) out = g_string_new(NULL);

    ms_report_text_step(out, result, &ui->text);
    fputs(out->str, stdout);
    fflush(stdout);
}

gboolean
ms_cmd_run(int argc, char **argv, GError **error)
{
    g_autofree char *profile_name = NULL, *json_path = NULL, *junit_path = NULL, *html_path = NULL;
    g_autofree char *color = NULL, *state_path = NULL;
    gboolean explain = FALSE, step_mode = FALSE, verbose = FALSE, quiet = FALSE, all_profiles = FALSE;
    GOptionEntry entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
          "LXD release to simulate (overrides the scenario's 'profile')", "lxd-X.Y.Z" },
        { "all-profiles", 0, 0, G_OPTION_ARG_NONE, &all_profiles,
          "run every scenario under each release it is for ('releases', else all), checking each release's "
          "own expectations",
          NULL },
        { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path,
          "write the results as JSON (docs/report-schema.md)", "FILE" },
        { "junit", 0, 0, G_OPTION_ARG_FILENAME, &junit_path, "write JUnit XML", "FILE" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &html_path, "write a self-contained HTML report", "FILE" },
        { "explain", 0, 0, G_OPTION_ARG_NONE, &explain, "explain each outcome in plain words", NULL },
        { "step", 0, 0, G_OPTION_ARG_NONE, &step_mode, "pause before each command (on a terminal)", NULL },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "list every rule evaluated", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only the summary", NULL },
        { "color", 0, 0, G_OPTION_ARG_STRING, &color, "auto, always or never", "WHEN" },
        { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_path,
          "start from this state file instead of 'members' (docs/preflight.md)", "FILE" },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new("FILE|DIR... - run scenarios");
    g_autoptr(MsStateFile) base = NULL;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_free);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_result_free);
    g_autoptr(GString) summary = g_string_new(NULL);
    const MsProfile *override = NULL;
    RunUi ui = { { FALSE, FALSE }, FALSE };
    guint failed = 0;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context, "Exit status: 0 every expectation held, 1 one failed, 2 usage error, 3 bad scenario.\n"
                 "Example: migsim run --profile lxd-6.9 scenarios/lxd-15218.scn\n"
                 "         migsim run --all-profiles scenarios/releases/lxd-15218-fixed.scn");
    if (!ms_cli_parse_options(context, &argc, &argv, "run", error))
        return FALSE;
    if (argc < 2) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "run: no scenario given (see 'migsim run --help')");
    }
    if (!ms_cli_check_color(color, error))
        return FALSE;
    if (!ms_cli_parse_profile(profile_name, &override, error))
        return FALSE;
    if (all_profiles && override != NULL) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "run: --all-profiles and --profile exclude each other");
    }
    if (!ms_cli_collect_files(argv + 1, files, error))
        return FALSE;
    if (state_path != NULL) {
        g_autoptr(GError) local = NULL;

        base = ms_state_file_load(state_path, &local);
        if (base == NULL)
            return ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
    }
    if (!ms_cli_load_scenarios(files, base, scenarios, error))
        return FALSE;

    ui.text.color = ms_cli_use_color(color, fileno(stdout));
    ui.text.verbose = verbose;
    ui.step_mode = step_mode && isatty(fileno(stdin));
    for (guint i = 0; i < scenarios->len; i++) {
        const MsScenario *scenario = scenarios->pdata[i];
        g_autoptr(GError) local = NULL;
        MsRunOptions options = { override,
                                 json_path != NULL || html_path != NULL,
                                 explain,
                                 pause_before_step,
                                 quiet ? NULL : print_step,
                                 &ui };
        const MsProfile *picked = ms_runner_pick_profile(scenario, &options, &local);
        guint n_profiles;
        const MsProfile *profiles = ms_profiles(&n_profiles);

        if (picked == NULL) {
            return ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
        }
        for (guint p = 0; p < n_profiles; p++) {
            const MsProfile *profile = all_profiles ? &profiles[p] : picked;
            MsScenarioResult *result;

            if (all_profiles && !ms_cli_written_for(scenario, profile))
                continue;
            options.profile_override = profile;
            if (!quiet) {
                g_autoptr(GString) header = g_string_new(NULL);
                ms_report_text_header(header, scenario->path, scenario->title, profile, &ui.text);
                fputs(header->str, stdout);
            }
            result = ms_runner_run(scenario, profile, &options, NULL);
            if (!quiet) {
                g_autoptr(GString) footer = g_string_new(NULL);
                ms_report_text_footer(footer, result);
                fputs(footer->str, stdout);
            }
            failed += result->n_failed > 0;
            g_ptr_array_add(results, result);
            if (!all_profiles)
                break;
        }
    }
    ms_report_text_summary(summary, results, &ui.text);
    fputs(summary->str, stdout);

    if (!ms_cli_write_report(json_path, ms_report_json, results, error) ||
        !ms_cli_write_report(junit_path, ms_report_junit, results, error) ||
        !ms_cli_write_report(html_path, ms_report_html, results, error))
        return FALSE;
    return ms_cli_status(error, failed ? MS_EXIT_FAILED : MS_EXIT_OK);
}

/* ---- migsim state ---- */

gboolean
ms_cmd_state(int argc, char **argv, GError **error)
{
    g_autofree char *profile_name = NULL;
    GOptionEntry entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name, "LXD release to simulate", "lxd-X.Y.Z" },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new("FILE - print the final cluster state as JSON");
    g_autoptr(MsScenario) scenario = NULL;
    g_autoptr(MsCluster) cluster = NULL;
    g_autoptr(MsScenarioResult) result = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *json = NULL;
    const MsProfile *override = NULL, *profile;
    MsRunOptions options = { NULL };

    g_option_context_add_main_entries(context, entries, NULL);
    if (!ms_cli_parse_options(context, &argc, &argv, "state", error))
        return FALSE;
    if (argc != 2) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "state: expected exactly one scenario file");
    }
    if (!ms_cli_parse_profile(profile_name, &override, error))
        return FALSE;
    if (!ms_cli_check_one_file(argv[1], "state", error))
        return FALSE;
    scenario = ms_scenario_load(argv[1], &local);
    if (scenario == NULL) {
        return ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
    }
    options.profile_override = override;
    profile = ms_runner_pick_profile(scenario, &options, &local);
    if (profile == NULL) {
        return ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
    }
    result = ms_runner_run(scenario, profile, &options, &cluster);
    json = ms_cluster_to_json_string(cluster, profile);
    printf("%s\n", json);
    return TRUE;
}

/* ---- migsim profiles ---- */

gboolean
ms_cmd_profiles(int argc, char **argv, GError **error)
{
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, "print as JSON", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("- list the simulated LXD releases and what changed in each");
    guint n;
    const MsProfile *profiles = ms_profiles(&n);

    g_option_context_add_main_entries(context, entries, NULL);
    if (!ms_cli_parse_options(context, &argc, &argv, "profiles", error))
        return FALSE;
    if (argc != 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "profiles: takes no arguments");
    }
    if (json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autofree char *text = NULL;

        json_builder_begin_array(b);
        for (guint i = 0; i < n; i++) {
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "name");
            json_builder_add_string_value(b, profiles[i].name);
            json_builder_set_member_name(b, "features");
            json_builder_begin_array(b);
            for (guint f = 0; f < MS_FEATURE_LAST; f++)
                if (ms_profile_has(&profiles[i], f))
                    json_builder_add_string_value(b, ms_feature_def(f)->name);
            json_builder_end_array(b);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        text = ms_report_json_finish(b);
        fputs(text, stdout);
        return TRUE;
    }
    for (guint i = 0; i < n; i++) {
        const MsProfile *prev = NULL;
        gboolean any = FALSE;

        /* the release before it in the same series (of the same product) */
        if (i > 0 && ms_profile_is_incus(&profiles[i - 1]) != ms_profile_is_incus(&profiles[i]))
            prev = NULL;
        else if (i > 0 &&
                 MS_VERSION_MAJOR(profiles[i - 1].version) == MS_VERSION_MAJOR(profiles[i].version) &&
                 MS_VERSION_MINOR(profiles[i - 1].version) == MS_VERSION_MINOR(profiles[i].version))
            prev = &profiles[i - 1];
        else if (i > 0 && MS_VERSION_MAJOR(profiles[i].version) == 6 &&
                 MS_VERSION_MAJOR(profiles[i - 1].version) == 6)
            prev = &profiles[i - 1];
        printf("%s%s\n", profiles[i].name, &profiles[i] == ms_profile_latest() ? " (latest, default)" : "");
        for (guint f = 0; f < MS_FEATURE_LAST; f++) {
            gboolean now = ms_profile_has(&profiles[i], f);
            gboolean before = prev ? ms_profile_has(prev, f) : FALSE;
            if (prev == NULL && now) {
                printf("    has      %s\n", ms_feature_def(f)->summary);
                any = TRUE;
            } else if (prev != NULL && now != before) {
                printf("    %s %s\n", now ? "new     " : "removed ", ms_feature_def(f)->summary);
                any = TRUE;
            }
        }
        if (!any)
            printf("    (no change in the simulated behaviour)\n");
    }
    return TRUE;
}

/* ---- migsim rules ---- */

gboolean
ms_cmd_rules(int argc, char **argv, GError **error)
{
    g_autofree char *profile_name = NULL;
    gboolean json = FALSE, markdown = FALSE;
    GOptionEntry entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
          "only the rules of this release, with its texts", "lxd-X.Y.Z" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, "print as JSON", NULL },
        { "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown, "print docs/rules.md", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new("- print the rule catalogue");
    g_autofree char *text = NULL;
    const MsProfile *profile = NULL;

    g_option_context_add_main_entries(context, entries, NULL);
    if (!ms_cli_parse_options(context, &argc, &argv, "rules", error))
        return FALSE;
    if (argc != 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "rules: takes no arguments");
    }
    if (json && markdown) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "rules: --json and --markdown exclude each other");
    }
    if (!ms_cli_parse_profile(profile_name, &profile, error))
        return FALSE;
    text = json       ? ms_report_rules_json(profile)
           : markdown ? ms_report_rules_markdown()
                      : ms_report_rules_text(profile);
    fputs(text, stdout);
    return TRUE;
}
