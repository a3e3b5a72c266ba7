/* migsim: `migsim preflight` (docs/preflight.md). */
#include "ms-cli.h"

#include <stdio.h>
#include <string.h>

#include "ms-preflight.h"
#include "ms-report-writers.h"

/* ---- migsim preflight ---- */

static char *
join_command(char **argv)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; argv[i] != NULL; i++) {
        gboolean plain = *argv[i] != '\0' && strpbrk(argv[i], " \t\n'\"\\$`*?[]{}()<>|&;#~") == NULL;
        g_autofree char *quoted = plain ? g_strdup(argv[i]) : g_shell_quote(argv[i]);
        g_string_append_printf(out, "%s%s", i ? " " : "", quoted);
    }
    return g_string_free(out, FALSE);
}

/* The cluster's state, from --state or from the server --remote names;
 * *source says which. */
static MsStateFile *
load_state(const char *state_path, MsRemoteOptions *remote, char **source, GError **error)
{
    g_autoptr(GError) local = NULL;
    MsStateFile *state;

    if (state_path == NULL) {
        state = ms_remote_import(remote, NULL, error);
        if (state != NULL)
            *source = g_strdup(remote->remote);
        return state;
    }
    state = ms_state_file_load(state_path, &local);
    if (state == NULL) {
        ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
        return NULL;
    }
    *source = g_strdup(state_path);
    return state;
}

/* The change as steps: the scenario's (whose `profile` line sets *profile
 * when --profile did not), else the one command after "--" as a step of
 * its own in OWN_STEPS. */
static GPtrArray *
change_steps(const char *scenario_path, char **command, const MsStateFile *state, MsScenario **scenario,
             GPtrArray *own_steps, const MsProfile **profile, GError **error)
{
    g_autoptr(GError) local = NULL;
    g_autoptr(MsOp) op = NULL;
    MsStep *step;

    if (scenario_path != NULL) {
        *scenario = ms_scenario_load_on(scenario_path, state, &local);
        if (*scenario == NULL) {
            ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
            return NULL;
        }
        if (*profile == NULL && (*scenario)->profile_name != NULL) {
            *profile = ms_profile_lookup((*scenario)->profile_name);
            if (*profile == NULL) {
                ms_cli_throw(error, MS_EXIT_INPUT,
                             "%s: unknown release '%s' in 'profile' (see 'migsim profiles')", scenario_path,
                             (*scenario)->profile_name);
                return NULL;
            }
        }
        return (*scenario)->steps;
    }
    op = ms_lxc_parse(command, &local);
    if (op == NULL) {
        ms_cli_throw(error, MS_EXIT_USAGE, "preflight: %s", local->message);
        return NULL;
    }
    step = g_new0(MsStep, 1);
    step->kind = MS_STEP_COMMAND;
    step->text = join_command(command);
    step->op = g_steal_pointer(&op);
    step->expect = MS_EXPECT_OK;
    g_ptr_array_add(own_steps, step);
    return own_steps;
}

/* The option combinations preflight refuses (exit 2). */
static gboolean
check_arguments(int n_options, char **option_argv, const MsRemoteOptions *remote, const char *state_path,
                char **command, const char *scenario_path, GError **error)
{
    if (n_options != 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "preflight: unexpected argument '%s' (the command goes after '--')",
                            option_argv[1]);
    }
    if ((remote->remote != NULL) == (state_path != NULL)) {
        return ms_cli_throw(
            error, MS_EXIT_USAGE,
            "preflight: give exactly one of --remote and --state (see 'migsim preflight --help')");
    }
    if ((command != NULL) == (scenario_path != NULL)) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "preflight: give the change either after '--' or with --scenario");
    }
    if (command != NULL &&
        (command[0] == NULL || (!g_str_equal(command[0], "lxc") && !g_str_equal(command[0], "incus")))) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "preflight: the change after '--' must be an 'lxc' or 'incus' command");
    }
    return TRUE;
}

/* --json and --html */
static gboolean
write_reports(const MsPreflightReport *report, const char *json_path, const char *html_path, GError **error)
{
    if (json_path != NULL) {
        g_autofree char *json = ms_preflight_json(report);
        g_autofree char *with_newline = g_strconcat(json, "\n", NULL);
        if (!ms_cli_write_file(json_path, with_newline, -1, error))
            return FALSE;
    }
    if (html_path != NULL) {
        g_autofree char *html = ms_report_html(report->results);
        if (!ms_cli_write_file(html_path, html, -1, error))
            return FALSE;
    }
    return TRUE;
}

gboolean
ms_cmd_preflight(int argc, char **argv, GError **error)
{
    g_auto(MsRemoteOptions) remote = { NULL };
    g_autofree char *state_path = NULL, *profile_name = NULL, *json_path = NULL, *html_path = NULL;
    g_autofree char *scenario_path = NULL;
    GOptionEntry entries[] = {
        { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_path,
          "the cluster's state file (migsim import, migsim state)", "FILE" },
        MS_CLI_MAX_STATE_SIZE_ENTRY,
        { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path,
          "the change as a scenario: several steps on top of the state", "FILE" },
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
          "LXD release to simulate (default: the state's)", "lxd-X.Y.Z" },
        { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "write the result as JSON", "FILE" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &html_path,
          "write an HTML report (each run with cluster pictures)", "FILE" },
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("[-- lxc COMMAND...] - check a change before making it");
    g_autoptr(GPtrArray) option_args = g_ptr_array_new();
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(MsScenario) scenario = NULL;
    g_autoptr(GPtrArray) own_steps = g_ptr_array_new_with_free_func((GDestroyNotify) ms_step_free);
    g_autoptr(MsPreflightReport) report = NULL;
    g_autofree char *source = NULL;
    const MsProfile *profile = NULL;
    GPtrArray *steps;
    guint n_problems;
    char **command = NULL;
    MsPreflightOptions options = { FALSE };
    int n_options;
    char **option_argv;

    /* everything after "--" is the lxc command, whatever it looks like */
    for (int i = 0; i < argc; i++) {
        if (g_str_equal(argv[i], "--")) {
            command = argv + i + 1;
            break;
        }
        g_ptr_array_add(option_args, argv[i]);
    }
    g_ptr_array_add(option_args, NULL);
    n_options = (int) option_args->len - 1;
    option_argv = (char **) option_args->pdata;

    g_option_context_add_main_entries(context, entries, NULL);
    ms_remote_options_add(context, &remote);
    g_option_context_set_description(
        context,
        "Simulates the change on the cluster's state, then an evacuation and a restore of\n"
        "every member in turn, and reports what would break and the ways out.\n"
        "Exit status: 0 nothing would break, 1 something would, 2 usage error,\n"
        "3 bad state or scenario file, 4 the cluster cannot be read.\n"
        "Example: migsim preflight --state cluster.json -- lxc config set instances.migration.stateful true");
    if (!ms_cli_parse_options(context, &n_options, &option_argv, "preflight", error) ||
        !check_arguments(n_options, option_argv, &remote, state_path, command, scenario_path, error) ||
        !ms_cli_parse_profile(profile_name, &profile, error))
        return FALSE;
    options.keep_results = html_path != NULL;

    state = load_state(state_path, &remote, &source, error);
    if (state == NULL)
        return FALSE;
    steps = change_steps(scenario_path, command, state, &scenario, own_steps, &profile, error);
    if (steps == NULL)
        return FALSE;
    if (profile == NULL)
        profile = state->profile;
    /* the Incus client's words are Incus' own: only an Incus release has them */
    if (command != NULL && g_str_equal(command[0], "incus") && !ms_profile_is_incus(profile)) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "preflight: an 'incus' command needs an Incus release, and %s is LXD",
                            profile->name);
    }

    report = ms_preflight_run(state, profile, steps, source, &options);
    ms_preflight_text_write(report, stdout);
    if (!write_reports(report, json_path, html_path, error))
        return FALSE;
    n_problems = report->n_problems;
    /* what may borrow from the state goes first, as the cleanups would
     * free it; the loaded state is not read again: freeing its 100,000
     * instances was 1.5 % of a 1,000 x 100,000 preflight (docs/bench.md),
     * left to the exit in release builds */
    g_clear_pointer(&report, ms_preflight_report_free);
    g_clear_pointer(&own_steps, g_ptr_array_unref);
    g_clear_pointer(&scenario, ms_scenario_free);
    ms_cli_keep_until_exit(g_steal_pointer(&state), (GDestroyNotify) ms_state_file_free);
    return ms_cli_status(error, n_problems > 0 ? MS_EXIT_FAILED : MS_EXIT_OK);
}
