/* migsim: the scenario file parser.  Line-oriented; commands are tokenised
 * with g_shell_parse_argv, so quoting is what the user typed in a shell.
 * The directives are in ms-scenario-directives.c, the outcome lines and
 * `expect` in ms-scenario-expect.c, reading the input file in
 * ms-scenario-input.c, the check of the names assertions use in
 * ms-scenario-names.c. */
#include "ms-scenario-private.h"
#include "ms-shell.h"

#include "ms-paste.h"
#include "ms-yaml-read.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK(ms-scenario-error-quark, ms_scenario_error)
/* clang-format on */

void
ms_step_free(MsStep *step)
{
    if (step == NULL)
        return;
    g_free(step->text);
    g_free(step->narration);
    ms_op_free(step->op);
    g_free(step->expect_text);
    g_free(step->name);
    g_free(step->driver);
    g_free(step->fault);
    g_free(step->subject);
    g_free(step->device);
    g_free(step->key);
    g_free(step->value);
    g_free(step->only_text);
    g_free(step->error_trailer);
    g_free(step->client_member);
    g_free(step->confirm_question);
    g_free(step->confirm_answer);
    g_free(step->remote);
    if (step->output_lines != NULL)
        g_ptr_array_unref(step->output_lines);
    if (step->release_expects != NULL)
        g_ptr_array_unref(step->release_expects);
    g_free(step);
}

gboolean
ms_step_applies(const MsStep *step, const MsProfile *profile)
{
    return step->only == 0 || ms_release_mask_has(step->only, profile);
}

gboolean
ms_scenario_for_incus(const MsScenario *scenario)
{
    if (scenario->profile_name != NULL)
        return ms_str_has_prefix(scenario->profile_name, "incus-");
    return scenario->incus_line != 0;
}

MsReleaseMask
ms_scenario_releases(const MsScenario *scenario)
{
    /* no 'releases' line: every release of the product the scenario is
     * written for (an Incus profile line or `incus` commands, else LXD) */
    if (scenario->releases != 0)
        return scenario->releases;
    return ms_release_mask_product(ms_scenario_for_incus(scenario));
}

void
ms_scenario_free(MsScenario *scenario)
{
    if (scenario == NULL)
        return;
    g_free(scenario->path);
    g_free(scenario->title);
    g_free(scenario->description);
    g_free(scenario->profile_name);
    g_ptr_array_unref(scenario->members);
    g_ptr_array_unref(scenario->steps);
    g_free(scenario->state_path);
    g_free(scenario->releases_text);
    if (scenario->remotes != NULL)
        g_ptr_array_unref(scenario->remotes);
    ms_state_file_free(scenario->state);
    g_free(scenario);
}

const char *
ms_expect_describe(MsExpectKind kind)
{
    switch (kind) {
    case MS_EXPECT_OK:
        return "ok";
    case MS_EXPECT_ERROR_EXACT:
        return "error (exact)";
    case MS_EXPECT_ERROR_ANY:
        return "error";
    case MS_EXPECT_ERROR_CONTAINS:
        return "error (contains)";
    case MS_EXPECT_ANY:
        return "any";
    case MS_EXPECT_TIMEOUT:
        return "timeout";
    }
    g_assert_not_reached();
}

gboolean
ms_parse_fail(MsParseState *st, GError **error, MsScenarioErrorCode code, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *message = NULL;

    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, MS_SCENARIO_ERROR, code, "%s:%u: %s", st->path, st->line, message);
    return FALSE;
}

/* Drops a shell prompt ("$ ", "# ", "user@host:~$ ", "root@host:/x# ").
 * Returns the rest, or NULL when the line has no prompt. */
const char *
ms_parse_strip_prompt(const char *line)
{
    const char *p = line;

    /* a bare "# " starts a comment, not a root prompt */
    if (p[0] == '$' && p[1] == ' ')
        return p + 2;
    /* user@host:path$ or user@host:path# */
    {
        const char *at = strchr(p, '@');
        const char *space = strchr(p, ' ');
        if (at != NULL && space != NULL && at < space && space > p + 1 &&
            (space[-1] == '$' || space[-1] == '#') && memchr(at, ':', space - at) != NULL)
            return space + 1;
    }
    return ms_shell_strip_prompt(p);
}

static void
scenario_remote_free(MsScenarioRemote *remote)
{
    g_free(remote->name);
    g_ptr_array_unref(remote->members);
    g_free(remote);
}

const MsScenarioRemote *
ms_scenario_lookup_remote(const MsScenario *scenario, const char *name)
{
    for (guint i = 0; name != NULL && scenario->remotes != NULL && i < scenario->remotes->len; i++)
        if (g_str_equal(((MsScenarioRemote *) scenario->remotes->pdata[i])->name, name))
            return scenario->remotes->pdata[i];
    return NULL;
}

MsScenarioRemote *
ms_parse_add_remote(MsParseState *st, const char *name, gboolean standalone)
{
    MsScenarioRemote *remote = g_new0(MsScenarioRemote, 1);

    remote->name = g_strdup(name);
    remote->standalone = standalone;
    remote->members = g_ptr_array_new_with_free_func(g_free);
    if (st->scenario->remotes == NULL)
        st->scenario->remotes = g_ptr_array_new_with_free_func((GDestroyNotify) scenario_remote_free);
    g_ptr_array_add(st->scenario->remotes, remote);
    return remote;
}

gboolean
ms_parse_require_remote(MsParseState *st, const char *name, GError **error)
{
    if (name != NULL && !g_str_equal(name, "local") && ms_scenario_lookup_remote(st->scenario, name) == NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                             "unknown remote '%s' (declare it with 'remote %s members NAME...' or 'remote %s "
                             "standalone')",
                             name, name, name);
    return TRUE;
}

gboolean
ms_parse_require_member_of(MsParseState *st, const char *remote, const char *name, GError **error)
{
    const MsScenarioRemote *r = ms_scenario_lookup_remote(st->scenario, remote);

    if (r == NULL)
        return ms_parse_require_member(st, name, error);
    for (guint i = 0; i < r->members->len; i++)
        if (g_str_equal(r->members->pdata[i], name))
            return TRUE;
    return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME, "remote '%s' has no member '%s'%s",
                         remote, name, r->standalone ? " (a standalone server's one member is 'none')" : "");
}

/* `REMOTE:NAME` of a declared remote: moves REMOTE into *@remote (the
 * subject of `pool` and `expect` lines). */
gboolean
ms_parse_split_remote(MsParseState *st, char **name, char **remote, GError **error)
{
    const char *colon = strchr(*name, ':');
    g_autofree char *found = NULL;
    char *rest;

    if (colon == NULL)
        return TRUE;
    found = g_strndup(*name, colon - *name);
    if (!ms_parse_require_remote(st, found, error))
        return FALSE;
    rest = g_strdup(colon + 1);
    g_free(*name);
    *name = rest;
    if (!g_str_equal(found, "local"))
        *remote = g_steal_pointer(&found);
    return TRUE;
}

gboolean
ms_parse_require_member(MsParseState *st, const char *name, GError **error)
{
    if (!g_hash_table_contains(st->known_members, name))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                             "unknown member '%s' (declare it with 'members')", name);
    return TRUE;
}

/* The comment paragraph read so far, without the empty "#" lines that
 * frame it (transfer full, NULL when there is none); it is used up. */
char *
ms_parse_take_narration(MsParseState *st)
{
    g_autofree char *text = g_strdup(st->narration->str);

    g_string_truncate(st->narration, 0);
    g_strchomp(text);
    return *text != '\0' ? g_steal_pointer(&text) : NULL;
}

MsStep *
ms_parse_new_step(MsParseState *st, MsStepKind kind, const char *text)
{
    MsStep *step = g_new0(MsStep, 1);

    step->kind = kind;
    step->line = st->line;
    step->text = g_strdup(text);
    step->narration = ms_parse_take_narration(st);
    g_ptr_array_add(st->scenario->steps, step);
    return step;
}

/* After `# lxc ...`: why the next line has no command to belong to. */
char *
ms_parse_commented_hint(const MsParseState *st)
{
    if (st->after_commented_command == 0)
        return g_strdup("");
    return g_strdup_printf(" (line %u is a comment: a bare '# ' starts one, so its command does not run; "
                           "write a root prompt as 'root@host:~# ')",
                           st->after_commented_command);
}

/* The step an outcome line belongs to: the last command or `wait %N`; a
 * command sent to the background has its outcome after its `wait`. */
MsStep *
ms_parse_outcome_step(MsParseState *st, const char *what, GError **error)
{
    MsStep *cmd = st->last_command;

    if (cmd == NULL && st->loop_line != 0) {
        ms_parse_fail(
            st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
            "%s follows the shell loop on line %u: which pass it belongs to is not known (write the "
            "passes out as commands, the failing one followed by its outcome)",
            what, st->loop_line);
        return NULL;
    }
    if (cmd == NULL) {
        g_autofree char *hint = ms_parse_commented_hint(st);
        ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "%s has no command above it%s", what, hint);
        return NULL;
    }
    if (cmd->background) {
        ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                      "the command on line %u runs in the background (job [%u]): its outcome goes after "
                      "'wait %%%u'",
                      cmd->line, cmd->job, cmd->job);
        return NULL;
    }
    if (cmd->kind == MS_STEP_WAIT && cmd->job == 0) {
        ms_parse_fail(
            st, error, MS_SCENARIO_ERROR_SYNTAX,
            "'wait' on line %u waits for several jobs: name the one whose outcome this is ('wait %%N')",
            cmd->line);
        return NULL;
    }
    return cmd;
}

/* An `lxc` or `incus` command line (the Incus client, under Incus
 * profiles). */
gboolean
ms_parse_is_client_line(const char *line)
{
    g_autofree char *host = NULL;
    g_autofree char *inner = ms_shell_strip_ssh(line, &host);

    if (inner != NULL)
        return TRUE;
    line = ms_shell_strip_env(ms_shell_strip_sudo(line), NULL, NULL);
    return ms_str_has_prefix(line, "lxc ") || g_str_equal(line, "lxc") || ms_str_has_prefix(line, "incus ") ||
           g_str_equal(line, "incus");
}

/* lxc/action.go's and cmd/incus/action.go's hint after a failed start */
gboolean
ms_parse_is_trailer_line(const char *line)
{
    return ms_str_has_prefix(line, "Try `lxc info --show-log ") ||
           ms_str_has_prefix(line, "Try `incus info --show-log ");
}

/* What bash prints about background jobs: "[1] 12345" when one starts,
 * "[1]+  Done  lxc ..." when it ends; ignored like a prompt. */
static gboolean
is_job_notice(const char *line)
{
    const char *p = line + 1;

    if (line[0] != '[' || !g_ascii_isdigit(*p))
        return FALSE;
    while (g_ascii_isdigit(*p))
        p++;
    return *p == ']';
}

/* A reporter's arrow note after a command ("==> error", "=> works!", as
 * LXD #11666 writes them): no lxc, incus or shell output starts so. */
static gboolean
is_arrow_note(const char *line)
{
    static const char *const arrows[] = { "==>", "=>", "-->", "->", NULL };

    for (guint i = 0; arrows[i] != NULL; i++) {
        gsize n = strlen(arrows[i]);
        if (ms_str_has_prefix(line, arrows[i]) && (line[n] == ' ' || line[n] == '\0'))
            return TRUE;
    }
    return FALSE;
}

/* The note says in words what the command above did: its outcome is not
 * compared (`expect any`), and an `Error:` or `expect` line may not
 * follow; the words stay as a comment. */
static gboolean
take_arrow_note(MsParseState *st, const char *line, GError **error)
{
    MsStep *cmd = st->last_command;
    const char *text = line + strcspn(line, " ");

    if (cmd == NULL || cmd->expect_line != 0 || cmd->release_expects != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "a '%.*s' note belongs right after the command it is about",
                             (int) strcspn(line, " "), line);
    cmd->expect = MS_EXPECT_ANY;
    cmd->expect_text = g_strstrip(g_strdup(text));
    cmd->expect_line = st->line;
    st->output_for = NULL;
    return TRUE;
}

gboolean
ms_parse_is_scenario_line(const char *line)
{
    static const char *const keywords[] = {
        "title",     "profile",    "releases", "members", "state", "pool",
        "on",        "fault",      "sleep",    "expect",  "wait",  "host-interface",
        "host-path", "host-lacks", "host-has", "step",    NULL,
    };
    g_autofree char *first = NULL;
    const char *space = strchr(line, ' ');

    if (ms_parse_strip_prompt(line) != NULL || line[0] == '#' || is_job_notice(line) ||
        ms_parse_is_client_line(line) || ms_shell_is_loop(line) || ms_shell_reads_stdin(line) ||
        ms_shell_chain_is_line(line) || ms_str_has_prefix(line, "Error: ") ||
        ms_str_has_prefix(line, "Error[") || ms_str_has_prefix(line, "expect[") ||
        ms_parse_is_trailer_line(line) || is_arrow_note(line) || ms_shell_is_prompt_cwd_line(line) ||
        ms_shell_is_empty_prompt(line))
        return TRUE;
    first = space ? g_strndup(line, space - line) : g_strdup(line);
    return g_strv_contains(keywords, first) || ms_shell_is_host_line(line);
}

/* lxc's question before a `cluster evacuate|restore` without --force, as a
 * terminal shows it with the typed answer after it ("... [default=no]:
 * yes"), and the "Invalid input, try again." AskBool prints after an
 * answer it refuses (shared/cmd/ask.go:29-47,217-223 at lxd-5.21.7): kept
 * in the step, checked and answered when it runs (ms_paste_confirmation). */
static gboolean
take_confirmation(MsStep *step, const char *line)
{
    static const char end[] = "[default=no]:";
    const char *at = strstr(line, end);

    if (step->op == NULL || (step->op->kind != MS_OP_EVACUATE && step->op->kind != MS_OP_RESTORE))
        return FALSE;
    if (g_str_equal(line, "Invalid input, try again.") && step->confirm_question != NULL)
        return TRUE;
    if (!ms_str_has_prefix(line, "Are you sure you want to ") || at == NULL)
        return FALSE;
    if (step->confirm_question != NULL)
        step->confirm_invalid++;
    g_free(step->confirm_question);
    g_free(step->confirm_answer);
    step->confirm_question = g_strndup(line, at + strlen(end) - line);
    step->confirm_answer = g_strstrip(g_strdup(at + strlen(end)));
    return TRUE;
}

/* Output pasted after a command: kept as written, compared when it runs. */
static gboolean
take_output_line(MsParseState *st, const char *raw, const char *trimmed)
{
    MsStep *step = st->output_for;

    if (step == NULL)
        return FALSE;
    if (*trimmed == '\0') {
        st->blank_pending = TRUE;
        return TRUE;
    }
    /* lxc info separates its sections with blank lines (lxc/info.go
     * "\nResources:" at lxd-5.0.2): they stay in its block */
    /* an indented '#' line is printed text (a cloud-init block in
     * `lxc profile show`), not a comment */
    if ((ms_parse_is_scenario_line(trimmed) && !(g_ascii_isspace(raw[0]) && trimmed[0] == '#')) ||
        (st->blank_pending && !ms_paste_is_notice(trimmed) &&
         !(step->op != NULL && step->op->kind == MS_OP_INFO) &&
         /* AskBool's "Invalid input, try again.\n\n" before it asks again */
         !(step->confirm_question != NULL && step->output_lines == NULL &&
           ms_str_has_prefix(trimmed, "Are you sure you want to ")))) {
        st->output_for = NULL;
        st->blank_pending = FALSE;
        return FALSE;
    }
    if (step->output_lines == NULL && take_confirmation(step, trimmed)) {
        st->blank_pending = FALSE;
        return TRUE;
    }
    if (step->output_lines == NULL) {
        step->output_lines = g_ptr_array_new_with_free_func(g_free);
        step->output_line = st->line;
    }
    g_ptr_array_add(step->output_lines, g_strchomp(g_strdup(raw)));
    st->blank_pending = FALSE;
    return TRUE;
}

/* "# text" -> "text"; a bare "#" is an empty line of the paragraph. */
static void
take_comment(MsParseState *st, const char *line)
{
    const char *text = line + 1;

    if (*text == ' ')
        text++;
    if (st->narration->len > 0)
        g_string_append_c(st->narration, '\n');
    else if (*text == '\0')
        return; /* an empty "#" line before the paragraph */
    g_string_append(st->narration, text);
}

static gboolean parse_line(MsParseState *st, const char *raw, GError **error);

static void
parse_file_free(MsParseFile *file)
{
    g_free(file->text);
    g_free(file);
}

/* What @line gives its command on standard input, into st->stdin_text
 * (*@command: the command without it); `cat > FILE <<WORD` keeps FILE. */
static gboolean
take_stdin(MsParseState *st, const char *line, char **command, GError **error)
{
    g_auto(MsShellStdin) in = { 0 };
    g_autoptr(GError) shell_error = NULL;

    if (!ms_shell_stdin_split(line, &in, &shell_error))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "%s", shell_error->message);
    if (in.kind == MS_STDIN_NONE && !in.writes_file)
        return TRUE;
    if (in.kind == MS_STDIN_HEREDOC && st->heredoc_body == NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "a here-document ('<<%s') is read only on a line of its own, not in a loop",
                             in.delimiter);
    if (in.writes_file) {
        MsParseFile *file = g_new0(MsParseFile, 1);
        file->text = g_steal_pointer(&st->heredoc_body);
        file->line = st->heredoc_line;
        if (st->files == NULL)
            st->files =
                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) parse_file_free);
        g_hash_table_replace(st->files, g_strdup(in.file), file);
        return TRUE;
    }
    if (in.kind == MS_STDIN_HEREDOC) {
        st->stdin_text = g_steal_pointer(&st->heredoc_body);
        st->stdin_line = st->heredoc_line;
    } else if (in.kind == MS_STDIN_FILE) {
        const MsParseFile *file = st->files != NULL ? g_hash_table_lookup(st->files, in.file) : NULL;
        if (file == NULL)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                                 "'%s' is not written above: write it first, as 'cat > %s <<EOF', its lines, "
                                 "then 'EOF'",
                                 in.file, in.file);
        st->stdin_text = g_strdup(file->text);
        st->stdin_line = file->line;
    } else {
        st->stdin_text = g_steal_pointer(&in.text);
        st->stdin_line = 0;
    }
    *command = g_steal_pointer(&in.command);
    return TRUE;
}

gboolean
ms_parse_attach_stdin(MsParseState *st, MsOp *op, GError **error)
{
    gboolean edit = op->kind == MS_OP_PROFILE_EDIT || op->kind == MS_OP_CONFIG_EDIT ||
                    op->kind == MS_OP_VOLUME_EDIT || op->kind == MS_OP_GROUP_EDIT;
    const char *words = ms_op_defs[op->kind].name;
    g_autoptr(GError) yaml_error = NULL;
    g_autoptr(MsYamlNode) root = NULL;
    guint yaml_line = 0;

    if (st->stdin_text == NULL && edit)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'lxc %s' opens an editor when its input is a terminal: give it the YAML, as "
                             "'lxc %s ... <<EOF', the YAML, 'EOF' (or '< FILE', or 'printf ... |')",
                             words, words);
    if (st->stdin_text == NULL)
        return TRUE;
    /* lxc cluster group create reads it when it is not a terminal, from
     * 5.21.3 and 6.2 (model/ms-group-ops.c) */
    if (!edit && op->kind != MS_OP_GROUP_CREATE)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'lxc %s' reads no standard input in migsim (only 'lxc profile edit', "
                             "'lxc config edit', 'lxc storage volume edit', 'lxc cluster group "
                             "edit' and 'lxc cluster group create' do)",
                             words);
    root = ms_yaml_read(st->stdin_text, &yaml_line, &yaml_error);
    if (yaml_error != NULL) {
        guint line = st->line;
        gboolean ok;
        if (st->stdin_line != 0)
            st->line = st->stdin_line + yaml_line - 1;
        ok = ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                           "the YAML for 'lxc %s' is outside what migsim reads (%s)", words,
                           yaml_error->message);
        st->line = line;
        return ok;
    }
    op->stdin_text = g_steal_pointer(&st->stdin_text);
    return TRUE;
}

/* `for i in {1..3}; do lxc launch img c$i; done`: each pass's commands,
 * read as lines of their own on the loop's line; what is pasted after the
 * loop is every pass's output (not compared) and no outcome may follow. */
static gboolean
parse_loop(MsParseState *st, const char *line, GError **error)
{
    g_autoptr(GError) loop_error = NULL;
    g_autoptr(GPtrArray) commands = ms_shell_expand_loop(line, &loop_error);
    MsStep *last = NULL;

    if (commands == NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "%s", loop_error->message);
    for (guint i = 0; i < commands->len; i++) {
        const char *command = commands->pdata[i];
        if (!ms_parse_is_client_line(command) && !ms_str_has_prefix(command, "sleep "))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                                 "only 'lxc', 'incus' and 'sleep' commands can run in a loop, got '%s'",
                                 command);
        st->output_for = NULL;
        if (!parse_line(st, command, error))
            return FALSE;
        if (st->last_command != NULL && st->last_command != last)
            last = st->last_command;
    }
    if (last != NULL && !last->background) {
        last->output_not_compared = "printed by every pass of a shell loop";
        st->output_for = last;
    }
    st->last_command = NULL;
    st->loop_line = st->line;
    return TRUE;
}

/* `lxc launch ... && lxc stop v1` (LXD #19024's reproducer): each command
 * as a line of its own on the chain's line; a later one runs only when the
 * one before succeeded, as bash runs it, and the outcome pasted after the
 * chain is the chain's: the first failure's, else the last command's
 * (ms-runner.c run_command).  The output is not compared (several
 * commands printed it). */
static gboolean
parse_and_chain(MsParseState *st, const char *line, const char *at, GError **error)
{
    g_autofree char *first = g_strndup(line, at - line);
    const char *rest = at + strlen(" && ");
    MsStep *before;
    guint rest_from;

    if (!ms_parse_is_client_line(first) || !ms_parse_is_client_line(ms_shell_strip_sudo(rest)))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "only 'lxc' and 'incus' commands can be joined with '&&', got '%s'", line);
    if (!parse_line(st, first, error))
        return FALSE;
    before = st->last_command;
    ms_parse_exec_status_unknown(before);
    if (before == NULL || before->background)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "'%s' cannot start an '&&' chain",
                             first);
    /* its own outcome is the chain's only when it fails: checked there */
    before->expect = MS_EXPECT_ANY;
    before->expect_line = st->line;
    st->output_for = NULL;
    rest_from = st->scenario->steps->len;
    if (!parse_line(st, rest, error))
        return FALSE;
    if (st->last_command == before || st->last_command->background)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "'%s' cannot end an '&&' chain", rest);
    /* every command after the first waits for the one before it: in
     * `A && B && C` the rest's own chain marked C, this marks B (review s25) */
    for (guint i = rest_from; i < st->scenario->steps->len; i++) {
        MsStep *step = st->scenario->steps->pdata[i];

        if (step->kind == MS_STEP_COMMAND) {
            step->and_after = TRUE;
            break;
        }
    }
    st->last_command->and_after = TRUE;
    st->last_command->output_not_compared = "printed by commands joined with '&&'";
    return TRUE;
}

/* @value, a client variable a pasted command set: the first one of its
 * kind is kept in @first (line in @first_line), and every later one must
 * be the same. */
static gboolean
same_client_env(MsParseState *st, char **first, guint *first_line, char *value, const char *what,
                const char *why, GError **error)
{
    g_autofree char *owned = value;

    if (value == NULL)
        return TRUE;
    if (*first == NULL) {
        *first = g_steal_pointer(&owned);
        *first_line = st->line;
        return TRUE;
    }
    if (g_str_equal(*first, value))
        return TRUE;
    return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                         "'%s' names another %s than '%s' on line %u: %s", value, what, *first, *first_line,
                         why);
}

/* `LXD_DIR=X lxc ...`: the command after the assignments.  Every pasted
 * command naming a daemon must name the same one, the one migsim's client
 * talks to: which member another LXD_DIR is, is not known.  LXD_CONF names
 * no daemon, but another one is another client (lxc/main.go reads
 * config.yml and the client certificate from it): its default remote may be
 * another cluster, and its certificate a restricted one (LXD's test suites
 * run `LXD_CONF="${LXD_CONF2}" lxc ...` as an untrusted or project-restricted
 * client), while migsim's client is one administrator: two different ones
 * are refused too. */
static gboolean
strip_client_env(MsParseState *st, const char **line, GError **error)
{
    char *daemon = NULL;
    char *conf = NULL;

    *line = ms_shell_strip_env(*line, &daemon, &conf);
    if (!same_client_env(st, &st->client_daemon, &st->client_daemon_line, daemon, "daemon",
                         "which member each is, is not known (write 'on MEMBER' above the command instead "
                         "of the variable)",
                         error)) {
        g_free(conf);
        return FALSE;
    }
    return same_client_env(st, &st->client_conf, &st->client_conf_line, conf, "client configuration",
                           "each is another client (its certificate and remotes), and migsim's client "
                           "is one administrator (leave the variable out where it is the same client)",
                           error);
}

/* ` - WHERE: ERROR` right after an `Error: ...:` line (or after another
 * such line): the next line of the error lxc printed (Incus #3933's
 * "Failed to evacuate instances:", LXD's "Failed instance creation:"),
 * kept in the exact text the command must end with. */
static gboolean
take_error_continuation(MsParseState *st, const char *raw)
{
    MsStep *cmd = st->error_open;
    MsReleaseExpect *by_release = st->error_open_release;
    char **target;
    g_autofree char *text = NULL;
    char *joined;

    st->error_open = NULL;
    st->error_open_release = NULL;
    if (cmd == NULL || !ms_str_has_prefix(raw, " - "))
        return FALSE;
    if (by_release != NULL)
        target = &by_release->text;
    else if (cmd->expect == MS_EXPECT_ERROR_EXACT)
        target = &cmd->expect_text;
    else
        return FALSE;
    text = g_strchomp(g_strdup(raw));
    joined = g_strconcat(*target, "\n", text, NULL);
    g_free(*target);
    *target = joined;
    st->error_open = cmd;
    st->error_open_release = by_release;
    return TRUE;
}

/* The next line of a subprocess's standard error inside an `Error:` line
 * (ms_parse_run_error_parens): kept as printed, blank lines too, until the
 * '(' it opened closes.  A command line before that is refused: the paste
 * lost the error's end. */
static gboolean
take_run_error_line(MsParseState *st, const char *raw, GError **error)
{
    MsStep *cmd = st->error_open;
    char **target = st->error_open_release != NULL ? &st->error_open_release->text : &cmd->expect_text;
    g_autofree char *trimmed = g_strstrip(g_strdup(raw));
    g_autofree char *text = g_strchomp(g_strdup(raw));
    char *joined;

    if (ms_parse_is_client_line(trimmed) || ms_parse_strip_prompt(trimmed) != NULL) {
        st->error_paren_depth = 0;
        st->error_open = NULL;
        st->error_open_release = NULL;
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "the 'Error:' line on line %u leaves a '(' open (a command's standard error, "
                             "'Failed to run: CMD: ERR (STDERR)', goes on up to its ')'), and a command "
                             "came first: paste the error to its end",
                             st->error_paren_line);
    }
    for (const char *p = text; *p != '\0'; p++)
        st->error_paren_depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
    joined = g_strconcat(*target, "\n", text, NULL);
    g_free(*target);
    *target = joined;
    if (st->error_paren_depth <= 0) {
        st->error_paren_depth = 0;
        st->error_open = NULL;
        st->error_open_release = NULL;
    }
    return TRUE;
}

/* A Markdown code fence, "```" with maybe its language ("```shell"), around
 * the commands of a report pasted from GitHub: no line of the session. */
gboolean
ms_parse_is_markdown_fence(const char *line)
{
    if (!ms_str_has_prefix(line, "```") && !ms_str_has_prefix(line, "~~~"))
        return FALSE;
    for (const char *p = line + 3; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '+')
            return FALSE;
    return TRUE;
}

static gboolean
parse_line(MsParseState *st, const char *raw, GError **error)
{
    g_autofree char *trimmed = g_strstrip(g_strdup(raw));
    const char *line = trimmed;
    const char *after_prompt;
    const char *and_at;
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) shell_error = NULL;
    g_autofree char *background_line = NULL;
    g_autofree char *stdin_command = NULL;
    gint argc = 0;
    gboolean handled = FALSE;

    if (st->error_paren_depth > 0 && st->error_open != NULL)
        return take_run_error_line(st, raw, error);
    if (take_error_continuation(st, raw))
        return TRUE;
    /* a fence ends the output block above it */
    if (ms_parse_is_markdown_fence(trimmed)) {
        st->output_for = NULL;
        st->blank_pending = FALSE;
        return TRUE;
    }
    if (take_output_line(st, raw, trimmed))
        return TRUE;
    if (*line == '\0' || ms_shell_is_prompt_cwd_line(line) || ms_shell_is_empty_prompt(line))
        return TRUE;
    after_prompt = ms_parse_strip_prompt(line);
    if (after_prompt != NULL) {
        if (!ms_parse_is_client_line(after_prompt) && !ms_shell_is_loop(after_prompt) &&
            !ms_shell_chain_is_line(after_prompt) && !ms_shell_is_prompt_command(after_prompt) &&
            !ms_shell_reads_stdin(ms_shell_strip_sudo(after_prompt))) {
            return ms_parse_fail(
                st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                "only 'lxc', 'incus', 'sleep', 'wait', a one-line 'for' loop, a here-document or "
                "pipe into lxc or a host command migsim knows can follow a shell prompt, got "
                "'%s'",
                after_prompt);
        }
        line = after_prompt;
    } else if (is_arrow_note(line)) {
        return take_arrow_note(st, line, error);
    } else if (line[0] == '#') {
        g_autofree char *text = g_strchug(g_strdup(line + 1));
        take_comment(st, line);
        st->commented_command = ms_parse_is_client_line(text) ? st->line : 0;
        return TRUE;
    }
    st->after_commented_command = st->commented_command;
    st->commented_command = 0;
    line = ms_shell_strip_sudo(line);
    if (!strip_client_env(st, &line, error))
        return FALSE;
    g_clear_pointer(&st->ssh_member, g_free);
    g_clear_pointer(&st->ssh_line, g_free);
    st->ssh_line = ms_shell_strip_ssh(line, &st->ssh_member);
    if (st->ssh_line != NULL) {
        /* `ssh m2 lxc ...`: that command from m2's lxc, as `on m2` would
         * send it, then back to the scenario's client */
        if (!ms_parse_require_member(st, st->ssh_member, error))
            return FALSE;
        line = ms_shell_strip_sudo(st->ssh_line);
    }
    if (ms_str_has_prefix(line, "for "))
        return parse_loop(st, line, error);
    if (ms_shell_chain_is_line(line))
        return ms_parse_shell_chain(st, line, error);
    if (ms_parse_is_client_line(line) && (and_at = ms_shell_find_unquoted(line, " && ")) != NULL)
        return parse_and_chain(st, line, and_at, error);
    g_clear_pointer(&st->stdin_text, g_free);
    if (ms_shell_reads_stdin(line)) {
        if (!take_stdin(st, line, &stdin_command, error))
            return FALSE;
        if (stdin_command == NULL && st->stdin_text == NULL)
            return TRUE; /* cat > FILE <<WORD */
    }

    if (is_job_notice(line))
        return TRUE;
    if (!ms_parse_outcome_line(st, line, &handled, error))
        return FALSE;
    if (handled)
        return TRUE;
    st->loop_line = 0;
    if (ms_str_has_prefix(line, "title ") || g_str_equal(line, "title")) {
        g_free(st->scenario->title);
        st->scenario->title = g_strstrip(g_strdup(line + 5));
        return TRUE;
    }

    {
        /* `lxc ... &`: the shell sends the command to the background */
        gsize n = strlen(line);
        if (n > 1 && line[n - 1] == '&' && line[n - 2] != '&' && line[n - 2] != '\\') {
            background_line = g_strchomp(g_strndup(line, n - 1));
            if (!ms_parse_is_client_line(background_line))
                return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                                     "only 'lxc' commands can run in the background ('&')");
        }
    }
    if (stdin_command != NULL && background_line != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "a command given standard input cannot run in the background here");
    if (!ms_shell_parse_argv(background_line != NULL ? background_line
                             : stdin_command != NULL ? stdin_command
                                                     : line,
                             &argc, &argv, &shell_error))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "cannot split the line into words: %s",
                             shell_error->message);
    return ms_parse_words(st, argv, argc, line, background_line, error);
}

/* One line as if it stood alone (the parts of a shell list,
 * ms-shell-chain.c). */
gboolean
ms_parse_line(MsParseState *st, const char *line, GError **error)
{
    return parse_line(st, line, error);
}

/* A comment paragraph belongs to the step right below it (blank lines
 * between them allowed); any other line, a directive or an outcome, ends
 * it unclaimed, except that the paragraph opening the file describes it. */
static gboolean
parse_narrated_line(MsParseState *st, const char *raw, GError **error)
{
    const char *p = raw;

    if (!parse_line(st, raw, error))
        return FALSE;
    while (g_ascii_isspace(*p))
        p++;
    if (*p == '\0' || *p == '#')
        return TRUE;
    if (!st->past_header)
        st->scenario->description = ms_parse_take_narration(st);
    st->past_header = TRUE;
    g_string_truncate(st->narration, 0);
    return TRUE;
}

/* A command line with a here-document (`<<WORD`): the physical lines
 * below it up to WORD (pasted with bash's "> " prompts or not; `<<-`
 * drops leading tabs) into st->heredoc_body, *@cursor past them. */
static gboolean
gather_heredoc(MsParseState *st, const char *logical, const char **cursor, const char *end, GError **error)
{
    const char *line = logical + strspn(logical, " \t");
    const char *after;
    g_autofree char *word = NULL;
    g_autoptr(GString) body = NULL;
    gboolean strip_tabs = FALSE, prompts = FALSE;
    guint command_line = st->line;

    /* no "<<" in the line: no delimiter (ms_shell_heredoc_delimiter finds
     * one only at a "<<" of the part below, a suffix of @logical); most
     * lines, and this asked before parse_line asks the prompt again */
    if (strstr(logical, "<<") == NULL)
        return TRUE;
    after = ms_parse_strip_prompt(line);
    body = g_string_new(NULL);
    line = after != NULL ? after : line;
    if (line[0] == '#')
        return TRUE;
    line = ms_shell_strip_sudo(line);
    if (!ms_shell_reads_stdin(line) || (word = ms_shell_heredoc_delimiter(line, &strip_tabs)) == NULL)
        return TRUE;
    for (guint n = 0;; n++) {
        const char *newline, *text;
        g_autofree char *physical = NULL;

        if (*cursor >= end) {
            st->line = command_line;
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "the here-document ('<<%s') has no line '%s' to end it", word, word);
        }
        newline = memchr(*cursor, '\n', end - *cursor);
        physical = g_strndup(*cursor, (newline != NULL ? newline : end) - *cursor);
        *cursor = newline != NULL ? newline + 1 : end;
        st->line++;
        g_strdelimit(physical, "\r", '\0');
        text = physical;
        /* bash's PS2 prompt, when the first line has it */
        if (n == 0)
            prompts = ms_str_has_prefix(text, "> ") || g_str_equal(text, ">");
        if (prompts && !(ms_str_has_prefix(text, "> ") || g_str_equal(text, ">")))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "the here-document was pasted with '> ' prompts, and this line has none");
        if (prompts)
            text += g_str_equal(text, ">") ? 1 : 2;
        if (strip_tabs)
            text += strspn(text, "\t");
        if (g_str_equal(text, word))
            break;
        g_string_append(body, text);
        g_string_append_c(body, '\n');
    }
    g_free(st->heredoc_body);
    st->heredoc_body = g_string_free(g_steal_pointer(&body), FALSE);
    st->heredoc_line = command_line + 1;
    return TRUE;
}

/* Each logical line of @text (physical lines joined where one ends in a
 * backslash, as in a shell) through parse_line(); the errors are recorded
 * in @st (ms-scenario-errors.c). */
static void
parse_lines(MsParseState *st, const char *text, gsize length)
{
    g_autoptr(GString) joined = g_string_new(NULL);
    g_autoptr(GError) line_error = NULL;
    const char *end = text + length;
    const char *cursor = text;

    /* one pass: each physical line is copied once into the logical
     * line it continues (a backslash at the end, as in a shell) */
    while (cursor < end) {
        guint first = st->line + 1;
        gboolean continued;

        g_string_truncate(joined, 0);
        do {
            const char *newline = memchr(cursor, '\n', end - cursor);
            const char *stop = newline != NULL ? newline : end;
            gsize n = stop - cursor;

            st->line++;
            if (joined->len + n > MS_SCENARIO_MAX_LINE) {
                st->line = first;
                ms_parse_fail(st, &line_error, MS_SCENARIO_ERROR_SYNTAX,
                              "the line is longer than %u bytes (continuations included)",
                              MS_SCENARIO_MAX_LINE);
                ms_parse_record_error(st, g_steal_pointer(&line_error), "");
                return; /* a bad block ends the parse */
            }
            continued = n > 0 && cursor[n - 1] == '\\';
            g_string_append_len(joined, cursor, continued ? n - 1 : n);
            if (continued)
                g_string_append_c(joined, ' ');
            cursor = newline != NULL ? newline + 1 : end;
            if (continued && cursor >= end) {
                ms_parse_fail(st, &line_error, MS_SCENARIO_ERROR_SYNTAX,
                              "the line continues ('\\') past the end of the file");
                ms_parse_record_error(st, g_steal_pointer(&line_error), "");
                return;
            }
        } while (continued);
        {
            guint command_line = st->line, end_line;
            gboolean ok;

            if (!gather_heredoc(st, joined->str, &cursor, end, &line_error)) {
                ms_parse_record_error(st, g_steal_pointer(&line_error), "");
                return;
            }
            end_line = st->line;
            st->line = command_line;
            if (ms_parse_skipped_after_error(st, joined->str)) {
                st->line = end_line;
                g_clear_pointer(&st->heredoc_body, g_free);
                continue;
            }
            ok = parse_narrated_line(st, joined->str, &line_error) ||
                 ms_parse_record_error(st, g_steal_pointer(&line_error), joined->str);
            st->line = end_line;
            g_clear_pointer(&st->heredoc_body, g_free);
            g_clear_pointer(&st->stdin_text, g_free);
            if (!ok)
                return; /* the errors so far are the file's */
        }
    }
}

static MsScenario *
parse_text(const char *path, const char *text, gsize length, const MsStateFile *base, GError **error)
{
    g_autoptr(MsScenario) scenario = g_new0(MsScenario, 1);
    g_autoptr(GHashTable) known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) jobs = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GString) narration = g_string_new(NULL);
    g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func(g_free);
    MsParseState st = { path, 0, scenario, NULL, known,     NULL,  NULL,  FALSE,
                        0,    0, 0,        jobs, narration, FALSE, errors };

    scenario->path = g_strdup(path);
    scenario->members = g_ptr_array_new_with_free_func(g_free);
    scenario->steps = g_ptr_array_new_with_free_func((GDestroyNotify) ms_step_free);
    if (base != NULL) {
        scenario->state = ms_state_file_share(base);
        ms_parse_adopt_base(&st, scenario->state);
    }

    if (memchr(text, '\0', length) != NULL) {
        st.line = 1;
        for (const char *p = text; p < text + length && *p != '\0'; p++)
            if (*p == '\n')
                st.line++;
        return (ms_parse_fail(&st, error, MS_SCENARIO_ERROR_SYNTAX, "the file contains a NUL byte"), NULL);
    }
    if (!g_utf8_validate(text, length, NULL)) {
        st.line = 1;
        return (ms_parse_fail(&st, error, MS_SCENARIO_ERROR_SYNTAX, "the file is not valid UTF-8"), NULL);
    }
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        /* editors on Windows write a byte-order mark: it is no part of the
         * first line (shown, it would be an invisible character) */
        text += 3;
        length -= 3;
    }
    {
        /* a pasted `lxc cluster list` as the first command: its set-up
         * comes after the header lines, before the command */
        gsize split = ms_parse_cluster_list_offset(&st, text, length);
        g_autoptr(GError) setup_error = NULL;

        parse_lines(&st, text, split);
        if (split < length && !ms_parse_cluster_list_setup(&st, text + split, length - split, &setup_error))
            ms_parse_record_error(&st, g_steal_pointer(&setup_error), "");
        else if (split < length)
            parse_lines(&st, text + split, length - split);
    }
    if (st.error_paren_depth > 0 && st.error_open != NULL) {
        g_autoptr(GError) open_error = NULL;

        st.line = st.error_paren_line;
        ms_parse_fail(&st, &open_error, MS_SCENARIO_ERROR_SYNTAX,
                      "the 'Error:' line leaves a '(' open to the end of the file (a command's standard "
                      "error, 'Failed to run: CMD: ERR (STDERR)', goes on up to its ')')");
        ms_parse_record_error(&st, g_steal_pointer(&open_error), "");
    }
    g_clear_pointer(&st.client_project, g_free);
    g_clear_pointer(&st.heredoc_body, g_free);
    g_clear_pointer(&st.stdin_text, g_free);
    g_clear_pointer(&st.ssh_member, g_free);
    g_clear_pointer(&st.ssh_line, g_free);
    g_clear_pointer(&st.client_daemon, g_free);
    g_clear_pointer(&st.client_conf, g_free);
    g_clear_pointer(&st.files, g_hash_table_unref);
    g_clear_pointer(&st.release_sets, g_hash_table_unref);
    if (!ms_parse_errors_finish(&st, error))
        return NULL;
    if (scenario->members->len == 0) {
        st.line = 1;
        return (ms_parse_fail(&st, error, MS_SCENARIO_ERROR_SYNTAX,
                              "no 'members' or 'state' directive: a scenario needs a cluster"),
                NULL);
    }
    if (scenario->releases != 0 && scenario->profile_name != NULL) {
        const MsProfile *named = ms_profile_lookup(scenario->profile_name);
        if (named != NULL && !ms_release_mask_has(scenario->releases, named)) {
            st.line = 1;
            return (ms_parse_fail(&st, error, MS_SCENARIO_ERROR_SYNTAX,
                                  "'profile %s' is not one of 'releases %s'", scenario->profile_name,
                                  scenario->releases_text),
                    NULL);
        }
    }
    if (g_hash_table_size(jobs) > 0) {
        /* a pasted session that ends while a job runs (LXD #17013's
         * `lxc cluster evacuate node1 --force &` then `lxc cluster list`):
         * the jobs run to their end after the last line, as a `wait` there
         * would, and their outcome is not shown, so not checked */
        MsStep *step =
            ms_parse_new_step(&st, MS_STEP_WAIT, "wait   (the file ends: the jobs still running finish)");
        step->job = 0;
        step->expect = MS_EXPECT_ANY;
        g_hash_table_remove_all(jobs);
    }
    if (!ms_parse_check_names(&st, error))
        return NULL;
    return g_steal_pointer(&scenario);
}

MsScenario *
ms_scenario_parse(const char *path, const char *text, gsize length, GError **error)
{
    return parse_text(path, text, length, NULL, error);
}

MsScenario *
ms_scenario_load_on(const char *path, const MsStateFile *base, GError **error)
{
    g_autoptr(MsInput) input = ms_input_read(path, "scenario files", MS_SCENARIO_MAX_SIZE, NULL, error);

    if (input == NULL)
        return NULL;
    return parse_text(path, input->text, input->length, base, error);
}

MsStateFile *
ms_state_file_load(const char *path, GError **error)
{
    g_autoptr(MsInput) input = ms_input_read(path, "state files", ms_state_file_max_size(),
                                             "--max-state-size SIZE raises it", error);

    if (input == NULL)
        return NULL;
    return ms_state_file_parse(path, input->text, input->length, error);
}

MsScenario *
ms_scenario_load(const char *path, GError **error)
{
    return ms_scenario_load_on(path, NULL, error);
}
