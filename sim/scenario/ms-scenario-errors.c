/* migsim: every error of a scenario file, not only the first.
 *
 * After a bad line the parse goes on where its state allows it: the line
 * is skipped (with, after a bad command, the outcome and output lines
 * that belong to it, so that they do not count against the command
 * above); a line that gives the file its context (`profile`, `releases`,
 * `members`, `state`), a bad line before the cluster is declared, and a
 * bad block (a line too long, a continuation past the end) end it, since
 * every later line would fail because of it. */
#include "ms-scenario-private.h"
#include "ms-shell.h"

#include <string.h>

#include "ms-escape.h"

/* The first word of @line (transfer full). */
static char *
first_word(const char *line)
{
    const char *p = line;
    gsize n;

    while (g_ascii_isspace(*p))
        p++;
    n = strcspn(p, " \t");
    return g_strndup(p, n);
}

gboolean
ms_parse_record_error(MsParseState *st, GError *line_error, const char *line)
{
    static const char *const context[] = { "profile", "releases", "members", "state", NULL };
    g_autofree char *trimmed = g_strstrip(g_strdup(line));
    const char *after_prompt = ms_parse_strip_prompt(trimmed);
    g_autofree char *word = NULL;

    if (st->errors->len == 0 && st->n_more_errors == 0)
        st->first_code = (MsScenarioErrorCode) line_error->code;
    if (st->errors->len < MS_SCENARIO_MAX_ERRORS)
        g_ptr_array_add(st->errors, ms_escape_text(line_error->message));
    else
        st->n_more_errors++;
    g_error_free(line_error);
    /* nothing the failed line began is continued */
    st->output_for = NULL;
    st->blank_pending = FALSE;
    g_string_truncate(st->narration, 0);
    if (after_prompt == NULL)
        after_prompt = trimmed;
    word = first_word(after_prompt);
    st->skip_outcomes = ms_parse_is_client_line(after_prompt) || ms_str_has_prefix(after_prompt, "wait");
    if (st->skip_outcomes)
        st->last_command = NULL;
    return !g_strv_contains(context, word) && st->scenario->members->len > 0;
}

/* `expect ok|any|error ...`, `expect[SET] ok|any|error ...` */
static gboolean
is_outcome_expect(const char *line)
{
    const char *p;

    if (ms_str_has_prefix(line, "expect "))
        p = line + strlen("expect ");
    else if (ms_str_has_prefix(line, "expect[") && (p = strstr(line, "] ")) != NULL)
        p += 2;
    else
        return FALSE;
    while (*p == ' ')
        p++;
    return ms_str_has_prefix(p, "ok") || ms_str_has_prefix(p, "any") || ms_str_has_prefix(p, "error");
}

gboolean
ms_parse_skipped_after_error(MsParseState *st, const char *line)
{
    g_autofree char *trimmed = NULL;

    if (!st->skip_outcomes)
        return FALSE;
    trimmed = g_strstrip(g_strdup(line));
    if (*trimmed == '\0' || ms_str_has_prefix(trimmed, "Error: ") || ms_str_has_prefix(trimmed, "Error[") ||
        ms_parse_is_trailer_line(trimmed) || is_outcome_expect(trimmed) ||
        !ms_parse_is_scenario_line(trimmed))
        return TRUE;
    st->skip_outcomes = FALSE;
    return FALSE;
}

gboolean
ms_parse_errors_finish(MsParseState *st, GError **error)
{
    g_autoptr(GString) all = NULL;

    if (st->errors->len == 0)
        return TRUE;
    all = g_string_new(NULL);
    for (guint i = 0; i < st->errors->len; i++)
        g_string_append_printf(all, "%s%s", i > 0 ? "\n" : "", (const char *) st->errors->pdata[i]);
    if (st->n_more_errors > 0) {
        g_autofree char *path = ms_escape_text(st->path);
        g_string_append_printf(all, "\n%s: %u more error%s", path, st->n_more_errors,
                               st->n_more_errors == 1 ? "" : "s");
    }
    g_set_error_literal(error, MS_SCENARIO_ERROR, st->first_code, all->str);
    return FALSE;
}
