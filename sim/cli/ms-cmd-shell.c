/* migsim shell: a REPL over the scenario language (docs/shell.md).
 *
 * The session is the lines typed so far, a scenario.  Each new line is
 * parsed with them (the scenario parser), and the whole session is run
 * again through the runner's one step loop (ms_runner_run_steps,
 * docs/architecture.md "One step loop"); the steps the line added are
 * printed as `migsim run` prints them.  The model is deterministic, so a
 * run of the session is its history: :undo is the session without its last
 * line, run again.  A line that does not parse is refused and left out. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "ms-cli.h"
#include "ms-escape.h"
#include "ms-paste.h"

#define SHELL_PATH "shell"
#define DEFAULT_MEMBERS "members m1 m2 m3"

typedef struct {
    const MsProfile *override; /* --profile */
    char *state_path;          /* --state, absolute */
    GPtrArray *lines;          /* (element-type utf8) the session as typed */
    gboolean interactive;      /* stdin is a terminal: libedit */
    MsTextOptions text;
    /* the last run of the session */
    MsScenario *scenario;
    MsScenarioResult *result;
    MsCluster *cluster;
    const MsProfile *profile;
    guint header_lines; /* lines before the session's in the scenario text */
} Shell;

static gboolean
session_has(GPtrArray *lines, const char *directive)
{
    for (guint i = 0; i < lines->len; i++) {
        const char *line = lines->pdata[i];
        gsize n = strlen(directive);
        if (g_str_has_prefix(line, directive) && (line[n] == ' ' || line[n] == '\0'))
            return TRUE;
    }
    return FALSE;
}

/* The scenario text of @lines: a `profile` line (--profile, else the
 * latest release) and `state FILE` (--state) or `members m1 m2 m3`, unless
 * the session has its own, then the session. */
static char *
session_text(const Shell *shell, GPtrArray *lines, guint *header_lines)
{
    g_autoptr(GString) text = g_string_new(NULL);

    *header_lines = 0;
    if (!session_has(lines, "profile") && !session_has(lines, "releases")) {
        const MsProfile *profile = shell->override != NULL ? shell->override : ms_profile_latest();
        g_string_append_printf(text, "profile %s\n", profile->name);
        (*header_lines)++;
    }
    if (shell->state_path != NULL && !session_has(lines, "state") && !session_has(lines, "members")) {
        g_autofree char *quoted = g_shell_quote(shell->state_path);
        g_string_append_printf(text, "state %s\n", quoted);
        (*header_lines)++;
    } else if (!session_has(lines, "members") && !session_has(lines, "state")) {
        g_string_append(text, DEFAULT_MEMBERS "\n");
        (*header_lines)++;
    }
    for (guint i = 0; i < lines->len; i++)
        g_string_append_printf(text, "%s\n", (const char *) lines->pdata[i]);
    return g_string_free(g_steal_pointer(&text), FALSE);
}

static void
shell_clear_run(Shell *shell)
{
    g_clear_pointer(&shell->scenario, ms_scenario_free);
    g_clear_pointer(&shell->result, ms_scenario_result_free);
    g_clear_pointer(&shell->cluster, ms_cluster_free);
}

/* Parses @lines and runs them from the start, as `migsim run` would; the
 * run replaces the shell's last one.  FALSE (nothing replaced) with the
 * parser's errors in *why. */
static gboolean
shell_run(Shell *shell, GPtrArray *lines, char **why)
{
    guint header_lines;
    g_autofree char *text = session_text(shell, lines, &header_lines);
    g_autoptr(GError) local = NULL;
    g_autoptr(MsScenario) scenario = ms_scenario_parse(SHELL_PATH, text, strlen(text), &local);
    MsRunOptions options = { .profile_override = shell->override, .explain = TRUE };
    const MsProfile *profile;
    MsCluster *cluster;

    if (scenario == NULL) {
        *why = g_strdup(local->message);
        return FALSE;
    }
    profile = ms_runner_pick_profile(scenario, &options, &local);
    if (profile == NULL) {
        *why = g_strdup(local->message);
        return FALSE;
    }
    shell_clear_run(shell);
    shell->result = ms_runner_run(scenario, profile, &options, &cluster);
    shell->cluster = cluster;
    shell->scenario = g_steal_pointer(&scenario);
    shell->profile = profile;
    shell->header_lines = header_lines;
    return TRUE;
}

/* Has the user written an outcome for @step (an `Error:` line, `expect
 * ok|error|any`, pasted output)?  Else the shell shows what happened and
 * no verdict. */
static gboolean
user_expectation(const MsStep *step)
{
    return step->expect_line != 0 || step->release_expects != NULL || step->output_lines != NULL;
}

/* One step as `migsim run` prints it, without the PASS/FAIL line of a
 * command nobody wrote an expectation for, and without the explanation
 * (:explain shows it). */
static void
print_step(Shell *shell, guint index)
{
    const MsStep *step = shell->scenario->steps->pdata[index];
    MsStepResult *sr = shell->result->steps->pdata[index];
    g_autoptr(GString) out = g_string_new(NULL);
    char *explanation = g_steal_pointer(&sr->explanation);

    ms_report_text_step(out, sr, &shell->text);
    sr->explanation = explanation;
    if (sr->kind == MS_RESULT_COMMAND && !user_expectation(step)) {
        const char *verdict = g_strrstr(out->str, sr->met ? "\n        PASS" : "\n        FAIL");
        if (verdict != NULL)
            g_string_truncate(out, verdict - out->str + 1);
    }
    fputs(out->str, stdout);
}

/* The last step of the session that ran a command, or -1. */
static gint
last_command(const Shell *shell)
{
    for (guint i = shell->result->steps->len; i > 0; i--)
        if (((const MsStepResult *) shell->result->steps->pdata[i - 1])->kind == MS_RESULT_COMMAND)
            return (gint) i - 1;
    return -1;
}

/* Shows the parser's errors about the session: its line numbers are the
 * scenario text's. */
static void
print_refusal(const char *why)
{
    g_autofree char *visible = ms_escape_lines(why);
    g_auto(GStrv) lines = g_strsplit(visible, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
        printf("error: %s\n", lines[i]);
    printf("(the line is not part of the session)\n");
}

/* A scenario line: added to the session when the session with it parses;
 * the steps it added are shown. */
static void
shell_line(Shell *shell, const char *line)
{
    g_autofree char *why = NULL;
    guint before = shell->result != NULL ? shell->result->steps->len : 0;
    gsize n = strlen(line);

    if (n > 0 && line[n - 1] == '\\') {
        printf("error: type the whole command on one line (no '\\' continuation in the shell)\n");
        return;
    }
    if ((n > 1 && line[n - 1] == '&') || g_str_has_prefix(line, "wait") || g_str_has_prefix(line, "step ")) {
        printf("error: background jobs ('&', 'wait', 'step') are not supported in the shell: "
               "write them in a scenario file\n");
        return;
    }
    g_ptr_array_add(shell->lines, g_strdup(line));
    if (!shell_run(shell, shell->lines, &why)) {
        g_ptr_array_remove_index(shell->lines, shell->lines->len - 1);
        print_refusal(why);
        return;
    }
    for (guint i = before; i < shell->result->steps->len; i++)
        print_step(shell, i);
    /* an outcome line (`Error: ...`, `expect error`): the verdict of the
     * command it belongs to */
    if (shell->result->steps->len == before && line[0] != '#' && last_command(shell) >= 0)
        print_step(shell, (guint) last_command(shell));
    fflush(stdout);
}

static void
shell_explain(Shell *shell)
{
    gint last = shell->result != NULL ? last_command(shell) : -1;
    const MsStepResult *sr;

    if (last < 0) {
        printf("nothing to explain: no command has run yet\n");
        return;
    }
    sr = shell->result->steps->pdata[last];
    {
        g_autofree char *text = ms_text_visible(sr->text);
        g_autofree char *explanation = ms_escape_lines(sr->explanation);
        g_auto(GStrv) lines = g_strsplit(explanation != NULL ? explanation : "", "\n", -1);

        printf("$ %s\n", text);
        for (guint i = 0; lines[i] != NULL; i++)
            if (lines[i][0] != '\0')
                printf("  | %s\n", lines[i]);
        if (sr->explanation == NULL)
            printf("  (no explanation for this command)\n");
    }
}

static void
shell_state(Shell *shell)
{
    g_autofree char *json = NULL;

    if (shell->cluster == NULL) {
        printf("no cluster: the session has not run\n");
        return;
    }
    json = ms_cluster_to_json_string(shell->cluster, shell->profile);
    printf("%s\n", json);
}

static void
shell_undo(Shell *shell)
{
    g_autofree char *why = NULL;
    g_autofree char *line = NULL;

    if (shell->lines->len == 0) {
        printf("nothing to undo\n");
        return;
    }
    line = g_ptr_array_steal_index(shell->lines, shell->lines->len - 1);
    if (!shell_run(shell, shell->lines, &why)) {
        /* the session without its last line parsed before: cannot happen */
        print_refusal(why);
        return;
    }
    {
        g_autofree char *visible = ms_text_visible(line);
        printf("undone: %s\n", visible);
    }
}

/* The outcome lines :save writes after session line @index: what the
 * command gave, as an expectation (`Error: ...`, or the output lxc
 * printed), unless the user wrote one. */
static void
save_outcome(const Shell *shell, const MsStep *step, const MsStepResult *sr, GString *out)
{
    const MsOutcome *outcome = sr->outcome;
    g_autofree char *output = NULL;

    if (step->kind != MS_STEP_COMMAND || outcome == NULL || user_expectation(step))
        return;
    if (!outcome->ok) {
        if (outcome->client_error != NULL && strchr(outcome->client_error, '\n') == NULL)
            g_string_append_printf(out, "Error: %s\n", outcome->client_error);
        else
            g_string_append(out, "expect error\n");
        return;
    }
    /* the printed output of list/show/get, where `migsim run` compares it;
     * a blank line would end the block (lxc info's are its own) */
    output = outcome->output != NULL ? g_strchomp(g_strdup(outcome->output)) : NULL;
    if (output != NULL && step->output_not_compared == NULL &&
        ms_paste_not_compared(step->op, shell->profile) == NULL && strstr(output, "\n\n") == NULL) {
        g_auto(GStrv) lines = g_strsplit(outcome->output, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
            if (lines[i][0] != '\0')
                g_string_append_printf(out, "%s\n", lines[i]);
    }
}

/* The session as a scenario whose expectations are what happened: a check
 * that failed is kept as a comment saying why. */
static char *
save_text(const Shell *shell)
{
    guint header_lines;
    g_autofree char *text = session_text(shell, shell->lines, &header_lines);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GString *out = g_string_new("# Saved by migsim shell: each command's outcome is its expectation.\n\n");
    GPtrArray *steps = shell->scenario->steps;

    for (guint i = 0; i < header_lines; i++)
        g_string_append_printf(out, "%s\n", lines[i]);
    for (guint i = 0; i < shell->lines->len; i++) {
        guint line = header_lines + i + 1;
        const char *typed = shell->lines->pdata[i];
        gboolean written = FALSE;

        for (guint s = 0; s < steps->len; s++) {
            const MsStep *step = steps->pdata[s];
            const MsStepResult *sr = shell->result->steps->pdata[s];

            if (step->line != line)
                continue;
            if (step->kind == MS_STEP_ASSERT && !sr->met && !written) {
                g_string_append_printf(out, "# %s   (failed in the session: %s)\n", typed, sr->mismatch);
                written = TRUE;
                continue;
            }
            if (!written)
                g_string_append_printf(out, "%s\n", typed);
            written = TRUE;
            save_outcome(shell, step, sr, out);
        }
        if (!written)
            g_string_append_printf(out, "%s\n", typed);
    }
    return g_string_free(out, FALSE);
}

/* Does @text pass `migsim run` (as @path)?  Else *why says where not. */
static gboolean
save_check(const Shell *shell, const char *path, const char *text, char **why)
{
    g_autoptr(GError) local = NULL;
    g_autoptr(MsScenario) scenario = ms_scenario_parse(path, text, strlen(text), &local);
    g_autoptr(MsScenarioResult) result = NULL;
    MsRunOptions options = { .profile_override = shell->override };

    if (scenario == NULL) {
        *why = g_strdup(local->message);
        return FALSE;
    }
    result = ms_runner_run(scenario, shell->profile, &options, NULL);
    for (guint i = 0; i < result->steps->len; i++) {
        const MsStepResult *sr = result->steps->pdata[i];
        if (!sr->met) {
            *why = g_strdup_printf("%s:%u: %s", path, sr->line, sr->mismatch);
            return FALSE;
        }
    }
    return TRUE;
}

/* :save FILE: written whole or not at all (g_file_set_contents_full: a
 * temporary file renamed over FILE). */
static void
shell_save(Shell *shell, const char *path)
{
    g_autoptr(GError) local = NULL;
    g_autofree char *text = NULL;
    g_autofree char *why = NULL;
    g_autofree char *visible = NULL;

    while (g_ascii_isspace(*path))
        path++;
    if (*path == '\0') {
        printf("usage: :save FILE\n");
        return;
    }
    visible = ms_text_visible(path);
    text = save_text(shell);
    if (!g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local)) {
        g_autofree char *message = ms_text_visible(local->message);
        printf("error: %s\n", message);
        return;
    }
    printf("saved the session to %s\n", visible);
    if (!save_check(shell, path, text, &why)) {
        g_autofree char *message = ms_escape_lines(why);
        printf("warning: 'migsim run %s' will not pass: %s\n", visible, message);
    }
}

static void
shell_help(void)
{
    printf("Type lxc commands and scenario lines (members, pool, on, fault, sleep, expect ...,\n"
           "Error: ...), one per line; each is applied to the simulated cluster and shown\n"
           "as 'migsim run' shows it.  Meta commands:\n"
           "  :state        the cluster now, as 'migsim state' prints it (JSON)\n"
           "  :explain      why the last command gave its answer (the rule and its LXD source)\n"
           "  :undo         forget the last line (the session is run again without it)\n"
           "  :save FILE    write the session as a scenario; outcomes become expectations\n"
           "  :help         this text\n"
           "  :quit         leave (as does end of input, Ctrl-D)\n");
}

/* FALSE for :quit. */
static gboolean
shell_meta(Shell *shell, const char *line)
{
    if (g_str_equal(line, ":quit") || g_str_equal(line, ":q") || g_str_equal(line, ":exit"))
        return FALSE;
    if (g_str_equal(line, ":state"))
        shell_state(shell);
    else if (g_str_equal(line, ":explain"))
        shell_explain(shell);
    else if (g_str_equal(line, ":undo"))
        shell_undo(shell);
    else if (g_str_has_prefix(line, ":save ") || g_str_equal(line, ":save"))
        shell_save(shell, line + strlen(":save"));
    else if (g_str_equal(line, ":help") || g_str_equal(line, ":h") || g_str_equal(line, ":?"))
        shell_help();
    else {
        g_autofree char *visible = ms_text_visible(line);
        printf("unknown meta command '%s' (:help lists them)\n", visible);
    }
    fflush(stdout);
    return TRUE;
}

/* $XDG_STATE_HOME/migsim/history, else ~/.local/state/migsim/history;
 * the directory is made (0700). */
static char *
history_path(void)
{
    const char *state = g_getenv("XDG_STATE_HOME");
    g_autofree char *dir = state != NULL && g_path_is_absolute(state)
                               ? g_build_filename(state, "migsim", NULL)
                               : g_build_filename(g_get_home_dir(), ".local", "state", "migsim", NULL);

    if (g_mkdir_with_parents(dir, 0700) != 0)
        return NULL;
    return g_build_filename(dir, "history", NULL);
}

/* The next line (transfer full), without its newline; NULL at the end. */
static char *
read_line(Shell *shell)
{
    if (shell->interactive) {
        char *raw = readline("migsim> ");
        char *line = raw != NULL ? g_strdup(raw) : NULL;
        free(raw);
        return line;
    } else {
        g_autoptr(GString) buffer = g_string_new(NULL);
        int ch;

        while ((ch = getchar()) != EOF && ch != '\n')
            g_string_append_c(buffer, (char) ch);
        if (ch == EOF && buffer->len == 0)
            return NULL;
        /* a transcript of a piped session reads like a terminal's */
        {
            g_autofree char *visible = ms_text_visible(buffer->str);
            printf("migsim> %s\n", visible);
        }
        return g_string_free(g_steal_pointer(&buffer), FALSE);
    }
}

static void
shell_loop(Shell *shell)
{
    g_autofree char *history = shell->interactive ? history_path() : NULL;

    if (history != NULL) {
        stifle_history(1000);
        read_history(history);
    }
    for (;;) {
        g_autofree char *raw = read_line(shell);
        g_autofree char *line = NULL;

        if (raw == NULL)
            break;
        line = g_strstrip(g_strdup(raw));
        if (*line == '\0')
            continue;
        if (history != NULL) {
            add_history(line);
            write_history(history);
        }
        if (!g_utf8_validate(line, -1, NULL)) {
            printf("error: the line is not valid UTF-8\n");
            continue;
        }
        if (line[0] == ':') {
            if (!shell_meta(shell, line))
                break;
            continue;
        }
        shell_line(shell, line);
    }
    if (shell->interactive)
        printf("\n");
}

gboolean
ms_cmd_shell(int argc, char **argv, GError **error)
{
    g_autofree char *profile_name = NULL;
    g_autofree char *state_path = NULL;
    GOptionEntry entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
          "LXD or Incus release to simulate (default: the latest)", "RELEASE" },
        { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_path,
          "start from this state file (migsim import) instead of members m1 m2 m3", "FILE" },
        MS_CLI_MAX_STATE_SIZE_ENTRY,
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("- type lxc commands at a prompt; each is applied to the simulated cluster");
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *why = NULL;
    Shell shell = { 0 };

    g_option_context_add_main_entries(context, entries, NULL);
    if (!ms_cli_check_repeated(argc, argv, entries, "shell", error) ||
        !ms_cli_parse_options(context, &argc, &argv, "shell", error))
        return FALSE;
    if (argc != 1)
        return ms_cli_throw(error, MS_EXIT_USAGE, "shell: unexpected argument '%s'", argv[1]);
    if (!ms_cli_parse_profile(profile_name, &shell.override, error))
        return FALSE;
    if (state_path != NULL) {
        g_autoptr(GError) local = NULL;
        g_autoptr(MsStateFile) state = ms_state_file_load(state_path, &local);
        if (state == NULL)
            return ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
        shell.state_path = g_canonicalize_filename(state_path, NULL);
    }
    shell.lines = lines;
    shell.interactive = isatty(STDIN_FILENO);
    shell.text.color = shell.interactive && ms_cli_use_color("auto", STDOUT_FILENO);
    if (!shell_run(&shell, shell.lines, &why)) {
        g_free(shell.state_path);
        return ms_cli_throw_lines(error, MS_EXIT_INPUT, why);
    }
    printf("migsim shell: %s, %s; :help lists the meta commands\n", shell.profile->name,
           shell.state_path != NULL ? "the cluster of --state" : DEFAULT_MEMBERS);
    fflush(stdout);
    shell_loop(&shell);
    shell_clear_run(&shell);
    g_free(shell.state_path);
    return TRUE;
}
