/* migsim: the shell forms around a pasted `lxc` command that decide whether
 * and how often it runs, and what its exit status means (session 26):
 *
 *   A ; B            both run; the outcome pasted after the line is B's
 *   A || B           B runs only when A failed (bash: a list, left to right)
 *   A || true|:      A's outcome is not checked (the line always succeeds)
 *   A || false       A's outcome, as A alone
 *   A || echo TEXT   A's outcome is not checked; echo's text not compared
 *   ! A              A must fail (bash inverts its status: LXD's test
 *                    suite writes `! lxc ... || false`)
 *   time A           A; the timings time prints are not compared
 *   watch [OPT] A    A once, when the line is reached (a read-only command
 *                    only: watch reruns it until interrupted)
 *   A |grep X        a pipe without spaces around '|', as `A | grep X`
 *
 * Each part is parsed as a line of its own (ms_parse_line).  Kept apart
 * from ms-scenario.c's `&&` chains and ms-paste.c's output checks. */
#include "ms-scenario-private.h"
#include "ms-shell.h"

#include <string.h>

/* @line without a leading `time `, `! ` or `watch [OPTIONS] ` (the
 * command they run), or NULL when it has none of them. */
static const char *
strip_prefix(const char *line, const char **which)
{
    static const char *const prefixes[] = { "time ", "! ", "watch ", NULL };

    for (guint i = 0; prefixes[i] != NULL; i++)
        if (ms_str_has_prefix(line, prefixes[i])) {
            *which = prefixes[i];
            return line + strlen(prefixes[i]) + strspn(line + strlen(prefixes[i]), " ");
        }
    return NULL;
}

/* procps watch's options before the command (watch(1): -n SECONDS,
 * --interval SECONDS, and flags without a value) */
static const char *
skip_watch_options(const char *p)
{
    while (*p == '-') {
        const char *end = p + strcspn(p, " ");
        gboolean takes_value = (end - p == 2 && (p[1] == 'n' || p[1] == 'q')) ||
                               ms_str_has_prefix(p, "--interval ") || ms_str_has_prefix(p, "--equexit ");

        p = end + strspn(end, " ");
        if (takes_value && !ms_str_has_prefix(p - 1, "=")) {
            p += strcspn(p, " ");
            p += strspn(p, " ");
        }
    }
    return p;
}

/* Whether @line is one this file reads: a client command behind one of
 * the prefixes, or a client command (or sleep) joined with `;` or `||`,
 * or one with a pipe written without spaces. */
gboolean
ms_shell_chain_is_line(const char *line)
{
    const char *which = NULL;
    const char *inner = strip_prefix(line, &which);

    if (inner != NULL) {
        if (g_str_equal(which, "watch "))
            inner = skip_watch_options(inner);
        if (*inner == '"' || *inner == '\'')
            inner++;
        return ms_parse_is_client_line(ms_shell_strip_sudo(inner)) || ms_str_has_prefix(inner, "! ");
    }
    if (!ms_parse_is_client_line(line) && !ms_str_has_prefix(line, "sleep "))
        return FALSE;
    if (ms_shell_find_unquoted(line, ";") != NULL || ms_shell_find_unquoted(line, " || ") != NULL)
        return TRUE;
    if (!ms_parse_is_client_line(line))
        return FALSE;
    const char *bar = ms_shell_find_unquoted(line, "|");
    /* a pipe with a command after it (a trailing '|' is no pipe to
     * respace: the fuzzer's `lxc ... al|` went round for ever) */
    return bar != NULL && (bar[-1] != ' ' || bar[1] != ' ') && bar[1 + strspn(bar + 1, " \t|")] != '\0';
}

/* The op kinds that change nothing (a command `watch` may rerun). */
static gboolean
is_read_only(const MsStep *step)
{
    static const MsOpKind kinds[] = {
        MS_OP_LIST,         MS_OP_CLUSTER_LIST,   MS_OP_STORAGE_LIST, MS_OP_VOLUME_LIST, MS_OP_PROFILE_LIST,
        MS_OP_NETWORK_LIST, MS_OP_OPERATION_LIST, MS_OP_INFO,         MS_OP_CONFIG_SHOW, MS_OP_CLUSTER_SHOW,
        MS_OP_PROFILE_SHOW, MS_OP_VOLUME_SHOW,    MS_OP_VOLUME_GET,   MS_OP_CONFIG_GET,
    };

    if (step->kind == MS_STEP_NOOP)
        return TRUE;
    for (guint i = 0; step->op != NULL && i < G_N_ELEMENTS(kinds); i++)
        if (step->op->kind == kinds[i])
            return TRUE;
    return FALSE;
}

/* Parses @line as a line of its own; *@made: the command step it made, or
 * NULL when it made none (a sleep). */
static gboolean
parse_part(MsParseState *st, const char *line, MsStep **made, GError **error)
{
    MsStep *before = st->last_command;

    *made = NULL;
    if (!ms_parse_line(st, line, error))
        return FALSE;
    if (st->last_command != before)
        *made = st->last_command;
    return TRUE;
}

void
ms_parse_exec_status_unknown(MsStep *step)
{
    if (step == NULL || step->kind != MS_STEP_COMMAND || step->op == NULL || step->op->kind != MS_OP_EXEC)
        return;
    step->kind = MS_STEP_NOOP;
    g_clear_pointer(&step->op, ms_op_free);
    step->noop_reason =
        "the exit status of lxc exec is the command's in the guest, which migsim does not run";
    step->expect = MS_EXPECT_ANY;
}

static gboolean
parse_prefixed(MsParseState *st, const char *line, const char *which, const char *inner, GError **error)
{
    MsStep *step = NULL;
    g_autofree char *unquoted = NULL;

    /* bash's '!' takes a pipeline's status, which is its last command's
     * (grep's), and a second '!' inverts it back: neither is modelled
     * (review, session 26: `! lxc list | grep -q c9` was checked on lxc) */
    if (g_str_equal(which, "! ") &&
        (ms_str_has_prefix(inner, "! ") || ms_shell_find_unquoted(inner, "|") != NULL))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': '!' before a pipeline or another '!' is not modelled", line);
    if (g_str_equal(which, "watch ")) {
        inner = skip_watch_options(inner);
        /* `watch "lxc cluster list"`: watch hands the one word to sh -c */
        gsize n = strlen(inner);
        if (n >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[n - 1] == inner[0])
            inner = unquoted = g_strndup(inner + 1, n - 2);
    }
    if (!parse_part(st, inner, &step, error))
        return FALSE;
    if (step == NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "'%s' runs no lxc command", line);
    if (g_str_equal(which, "! "))
        ms_parse_exec_status_unknown(step);
    if (step->background)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': a background job behind '%.*s' is not modelled", line,
                             (int) strlen(which) - 1, which);
    if (g_str_equal(which, "time "))
        step->output_not_compared = "time prints its timings after the command's output";
    else if (g_str_equal(which, "watch ")) {
        if (!is_read_only(step))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                                 "'%s': watch runs the command again every few seconds until it is "
                                 "interrupted; a command that changes state, repeated, is not modelled",
                                 line);
        step->output_not_compared =
            "watch redraws its screen; migsim runs the command once, when the line is reached";
    } else if (step->kind == MS_STEP_COMMAND && step->expect_line == 0) {
        /* `! A`: bash inverts A's status: A must fail, whatever its error
         * (an Error: line pasted after it still names the text) */
        step->expect = MS_EXPECT_ERROR_ANY;
    }
    return TRUE;
}

/* `A || B` where B is a shell builtin: sets what it does to A's outcome
 * and returns TRUE; FALSE when B is not one. */
static gboolean
or_builtin(MsStep *a, const char *b)
{
    if (g_str_equal(b, "false"))
        return TRUE; /* the line's status is A's */
    if (!g_str_equal(b, "true") && !g_str_equal(b, ":") && !ms_str_has_prefix(b, "echo ") &&
        !g_str_equal(b, "echo"))
        return FALSE;
    if (a->kind == MS_STEP_COMMAND && a->expect_line == 0 && a->expect == MS_EXPECT_OK)
        a->expect = MS_EXPECT_ANY;
    if (ms_str_has_prefix(b, "echo"))
        a->output_not_compared = "echo prints its text when the command fails";
    return TRUE;
}

static gboolean
parse_or(MsParseState *st, const char *line, const char *at, GError **error)
{
    g_autofree char *first = g_strstrip(g_strndup(line, at - line));
    g_autofree char *rest = g_strstrip(g_strdup(at + strlen(" || ")));
    MsStep *a = NULL, *b = NULL;

    if (ms_shell_find_unquoted(line, " && ") != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': '&&' and '||' on one line are not modelled", line);
    /* `A || B || C`: C runs when B ran and failed, or when A failed alone;
     * `A | grep ... || B`: the status is grep's.  Neither is modelled
     * (review, session 26: both ran B after A succeeded) */
    if (ms_shell_find_unquoted(rest, " || ") != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': more than one '||' on a line is not modelled", line);
    if (ms_shell_find_unquoted(first, "|") != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': the status of '%s' is its last command's, not lxc's: not modelled", line,
                             first);
    if (!parse_part(st, first, &a, error))
        return FALSE;
    if (a == NULL || a->background)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "'%s' cannot start an '||' list",
                             first);
    ms_parse_exec_status_unknown(a);
    if (or_builtin(a, rest))
        return TRUE;
    if (a->kind != MS_STEP_COMMAND)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': the exit status of '%s' is not modelled (%s), so whether '%s' runs is "
                             "not known",
                             line, first, a->noop_reason != NULL ? a->noop_reason : "not simulated", rest);
    if (ms_str_has_prefix(first, "! "))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': a command after '! A ||' runs when A succeeded; not modelled", line);
    if (!ms_parse_is_client_line(ms_shell_strip_sudo(rest)))
        return ms_parse_fail(
            st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
            "after '||' migsim takes an lxc or incus command, true, false, ':' or echo, got '%s'", rest);
    /* A's own outcome is the line's only when it succeeds: checked on B */
    if (a->expect_line == 0)
        a->expect = MS_EXPECT_ANY;
    a->expect_line = st->line;
    st->output_for = NULL;
    if (!parse_part(st, rest, &b, error))
        return FALSE;
    if (b == NULL || b == a || b->kind != MS_STEP_COMMAND || b->background)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "'%s' cannot end an '||' list", rest);
    b->or_after = TRUE;
    b->list_after = TRUE;
    b->output_not_compared = "printed by commands joined with '||'";
    return TRUE;
}

/* `A ; B`: both run; the status (and the outcome pasted after) is B's */
static gboolean
parse_sequence(MsParseState *st, const char *line, const char *at, GError **error)
{
    g_autofree char *first = g_strstrip(g_strndup(line, at - line));
    g_autofree char *rest = g_strstrip(g_strdup(at + 1));
    MsStep *a = NULL, *b = NULL;

    if (*rest == '\0')
        return ms_parse_line(st, first, error); /* `lxc list;` is `lxc list` */
    if (!parse_part(st, first, &a, error))
        return FALSE;
    if (a != NULL && a->kind == MS_STEP_COMMAND) {
        /* ';' drops A's status, a '!' before A too (review, session 26) */
        if (a->expect_line == 0)
            a->expect = MS_EXPECT_ANY;
        a->expect_line = st->line;
        a->output_not_compared = "printed by commands joined with ';'";
    }
    st->output_for = NULL;
    if (!parse_part(st, rest, &b, error))
        return FALSE;
    if (b != NULL && b->kind == MS_STEP_COMMAND && !b->background) {
        b->list_after = a != NULL && a->kind == MS_STEP_COMMAND && !a->background;
        b->output_not_compared = "printed by commands joined with ';'";
    }
    return TRUE;
}

gboolean
ms_parse_shell_chain(MsParseState *st, const char *line, GError **error)
{
    const char *which = NULL;
    const char *inner;
    const char *at;

    /* bash: ';' binds loosest, then '&&' and '||' left to right, then '!' */
    if ((at = ms_shell_find_unquoted(line, ";")) != NULL) {
        /* `A ; B ; C`: which error lxc printed last depends on which
         * failed; and one level of lists keeps the parse bounded */
        if (ms_shell_find_unquoted(at + 1, ";") != NULL)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                                 "'%s': more than two commands joined with ';' are not modelled", line);
        return parse_sequence(st, line, at, error);
    }
    if ((at = ms_shell_find_unquoted(line, " || ")) != NULL)
        return parse_or(st, line, at, error);
    if ((inner = strip_prefix(line, &which)) != NULL) {
        const char *next_which = NULL;
        const char *p = inner;

        /* at most three prefixes (`sudo time watch ...`): each is a level
         * of the parse, and a 64 KiB line of them took seconds and 1 GB */
        for (guint depth = 1; p != NULL; depth++) {
            if (depth > 3)
                return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                                     "'%.60s...': more than three prefixes before a command are not modelled",
                                     line);
            p = strip_prefix(p, &next_which);
        }
        return parse_prefixed(st, line, which, inner, error);
    }
    if ((at = ms_shell_find_unquoted(line, "|")) != NULL && at[1 + strspn(at + 1, " \t|")] != '\0') {
        /* `lxc storage list |grep -w remote` (LXD #15591) */
        g_autofree char *first = g_strndup(line, at - line);
        g_autofree char *spaced = g_strdup_printf("%s | %s", g_strchomp(first), at + 1 + strspn(at + 1, " "));
        return ms_parse_line(st, spaced, error);
    }
    return ms_parse_line(st, line, error);
}
