/* migsim: the scenario parser's set-up from a pasted `lxc cluster list`.
 * A bug report often opens with the reporter's `lxc cluster list` and no
 * migsim directive: when a file has no `members` or `state` line before
 * its first command and that command is a table `lxc|incus cluster list`
 * with its output pasted below it, the table's set-up
 * (ms_paste_cluster_list_setup, ms-paste.c) is read as if its lines came
 * before the command, and the notes on what it does not set up become
 * narration of the next step (docs/scenario-language.md "Pasting a
 * terminal session"). */
#include "ms-scenario-private.h"

#include <string.h>

#include "ms-paste.h"
#include "ms-shell.h"

/* `[sudo] lxc|incus cluster list|ls [-f|--format table]`? (a remote argument is not taken) */
static gboolean
is_table_cluster_list(const char *command)
{
    g_auto(GStrv) argv = NULL;
    gint argc = 0;

    if (!g_shell_parse_argv(command, &argc, &argv, NULL) || argc < 3 ||
        (!g_str_equal(argv[0], "lxc") && !g_str_equal(argv[0], "incus")) ||
        !g_str_equal(argv[1], "cluster") || (!g_str_equal(argv[2], "list") && !g_str_equal(argv[2], "ls")))
        return FALSE;
    for (gint i = 3; i < argc; i++) {
        if ((g_str_equal(argv[i], "-f") || g_str_equal(argv[i], "--format")) && i + 1 < argc &&
            g_str_equal(argv[i + 1], "table"))
            i++;
        else if (!g_str_equal(argv[i], "--format=table"))
            return FALSE;
    }
    return TRUE;
}

/* A directive that may come before the members (title, profile, releases). */
static gboolean
is_header_directive(const char *line)
{
    static const char *const words[] = { "title", "profile", "releases", NULL };
    g_autofree char *first = g_strndup(line, strcspn(line, " \t"));

    return g_strv_contains(words, first);
}

/* The next line of [*at, end) (without its newline), *at moved past it;
 * NULL at the end.  The text is read a line at a time: a scenario has up
 * to 4 MiB of lines, and these readers look at its first few only. */
static char *
next_line(const char **at, const char *end)
{
    const char *start = *at;
    const char *newline;

    if (start >= end)
        return NULL;
    newline = memchr(start, '\n', end - start);
    *at = newline != NULL ? newline + 1 : end;
    return g_strndup(start, (newline != NULL ? newline : end) - start);
}

gsize
ms_parse_cluster_list_offset(const MsParseState *st, const char *text, gsize length)
{
    const char *end = text + length;
    const char *at = text;

    if (st->base != NULL)
        return length;
    /* the file's first command, when it is a table `cluster list` with no
     * `members`/`state` before it: the offset of its line */
    for (;;) {
        const char *line_start = at;
        g_autofree char *line = next_line(&at, end);
        g_autofree char *trimmed = NULL;
        const char *command;

        if (line == NULL)
            return length;
        trimmed = g_strstrip(g_strdup(line));
        command = ms_parse_strip_prompt(trimmed);
        if (*trimmed == '\0' || (command == NULL && trimmed[0] == '#'))
            continue;
        if (command == NULL && is_header_directive(trimmed))
            continue;
        return is_table_cluster_list(ms_shell_strip_sudo(command != NULL ? command : trimmed))
                   ? (gsize) (line_start - text)
                   : length;
    }
}

gboolean
ms_parse_cluster_list_setup(MsParseState *st, const char *text, gsize length, GError **error)
{
    const char *end = text + length;
    const char *at = text;
    g_autofree char *command = next_line(&at, end);
    g_autoptr(GPtrArray) pasted = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) setup = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
    guint line = st->line;
    gboolean ok = TRUE;

    /* the table's lines after the command's */
    for (char *next; command != NULL && (next = next_line(&at, end)) != NULL;) {
        char *trimmed = g_strstrip(next);

        if (trimmed[0] != '+' && trimmed[0] != '|') {
            g_free(next);
            break;
        }
        g_ptr_array_add(pasted, g_strdup(trimmed));
        g_free(next);
    }
    if (!ms_paste_cluster_list_setup(pasted, setup, notes))
        return TRUE;
    st->line = line + 1;
    for (guint i = 0; i < notes->len; i++) {
        if (st->narration->len > 0)
            g_string_append_c(st->narration, '\n');
        g_string_append_printf(st->narration, "set-up from the pasted cluster list: %s",
                               (const char *) notes->pdata[i]);
    }
    for (guint i = 0; ok && i < setup->len; i++) {
        g_auto(GStrv) argv = NULL;
        gint argc = 0;

        ok = g_shell_parse_argv(setup->pdata[i], &argc, &argv, NULL) &&
             ms_parse_words(st, argv, argc, setup->pdata[i], NULL, error);
        if (!ok && error != NULL && *error == NULL)
            ok = ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                               "the pasted cluster list gives the set-up line '%s', which cannot be read",
                               (const char *) setup->pdata[i]);
    }
    st->line = line;
    return ok;
}
