/* migsim: shared CLI plumbing and the run / state / profiles / rules commands. */
#include "ms-cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef MS_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

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
ms_cli_throw_lines(GError **error, int code, const char *lines)
{
    g_autofree char *visible = ms_escape_lines(lines);

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

gboolean
ms_cli_max_state_size_option(const char *name, const char *value, gpointer data, GError **error)
{
    g_autoptr(GError) local = NULL;
    gsize max_size = 0;

    (void) data;
    if (!ms_state_file_parse_max_size(value, &max_size, &local)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", name, local->message);
        return FALSE;
    }
    ms_state_file_set_max_size(max_size);
    return TRUE;
}

/* Does @arg name @entry: --long, --long=V, -s, -sV? */
static gboolean
names_entry(const char *arg, const GOptionEntry *entry)
{
    gsize n = strlen(entry->long_name);

    if (g_str_has_prefix(arg, "--"))
        return strncmp(arg + 2, entry->long_name, n) == 0 && (arg[2 + n] == '\0' || arg[2 + n] == '=');
    return entry->short_name != 0 && arg[0] == '-' && arg[1] == entry->short_name;
}

gboolean
ms_cli_check_repeated(int argc, char **argv, const GOptionEntry *entries, const char *command, GError **error)
{
    for (const GOptionEntry *entry = entries; entry->long_name != NULL; entry++) {
        guint seen = 0;

        /* a flag given twice means the same; a list takes each */
        if (entry->arg == G_OPTION_ARG_NONE || entry->arg == G_OPTION_ARG_STRING_ARRAY ||
            entry->arg == G_OPTION_ARG_FILENAME_ARRAY || entry->arg == G_OPTION_ARG_CALLBACK)
            continue;
        for (int i = 1; i < argc && !g_str_equal(argv[i], "--"); i++) {
            if (argv[i][0] != '-' || argv[i][1] == '\0')
                continue;
            /* a value of another option ("--json -q" names a file "-q") */
            for (const GOptionEntry *other = entries; other->long_name != NULL && i > 1; other++)
                if (other->arg != G_OPTION_ARG_NONE && strchr(argv[i - 1], '=') == NULL &&
                    ((g_str_has_prefix(argv[i - 1], "--") &&
                      g_str_equal(argv[i - 1] + 2, other->long_name)) ||
                     (other->short_name != 0 && argv[i - 1][0] == '-' &&
                      argv[i - 1][1] == other->short_name && argv[i - 1][2] == '\0')))
                    goto next;
            if (names_entry(argv[i], entry) && ++seen == 2)
                return ms_cli_throw(error, MS_EXIT_USAGE,
                                    "%s: --%s is given twice; it takes one value (see 'migsim %s --help')",
                                    command, entry->long_name, command);
        next:;
        }
    }
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
        } else if (g_str_equal(args[i], "-")) {
            /* a scenario on standard input, read once */
            if (g_hash_table_add(files_seen, g_strdup("-")))
                g_ptr_array_add(files, g_strdup("-"));
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
            g_autofree char *visible = ms_escape_lines(local->message);
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
    if (*profile == NULL) {
        g_autofree char *hint = ms_profile_suggest_hint(name);
        return ms_cli_throw(error, MS_EXIT_USAGE, "--profile: unknown release '%s'%s (see 'migsim profiles')",
                            name, hint);
    }
    return TRUE;
}

gboolean
ms_cli_free_at_exit(void)
{
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define MS_SANITIZED 1
#endif
#endif
#if defined(MS_EXIT_WITHOUT_FREE) && !defined(__SANITIZE_ADDRESS__) && !defined(MS_SANITIZED)
    return RUNNING_ON_VALGRIND || g_getenv("MIGSIM_FREE_AT_EXIT") != NULL;
#else
    return TRUE;
#endif
}

void
ms_cli_keep_until_exit(gpointer data, GDestroyNotify free_func)
{
    /* a static holds it: valgrind counts it "still reachable", LeakSanitizer
     * (never on here) would not report it either */
    static gpointer kept[4];
    static guint n_kept;

    if (data == NULL)
        return;
    if (ms_cli_free_at_exit() || n_kept == G_N_ELEMENTS(kept)) {
        free_func(data);
        return;
    }
    kept[n_kept++] = data;
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
        return ms_cli_throw_lines(error, MS_EXIT_INPUT, local->message);
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
