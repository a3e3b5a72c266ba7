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

/* The line index of the file's first command when it is a table `cluster
 * list` with no `members`/`state` before it, else -1. */
static gint
first_command_is_cluster_list(char **lines)
{
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autofree char *trimmed = g_strstrip(g_strdup(lines[i]));
        const char *command = ms_parse_strip_prompt(trimmed);

        if (*trimmed == '\0' || (command == NULL && trimmed[0] == '#'))
            continue;
        if (command == NULL && is_header_directive(trimmed))
            continue;
        return is_table_cluster_list(ms_shell_strip_sudo(command != NULL ? command : trimmed)) ? (gint) i
                                                                                               : -1;
    }
    return -1;
}

gsize
ms_parse_cluster_list_offset(const MsParseState *st, const char *text, gsize length)
{
    g_autofree char *copy = g_strndup(text, length);
    g_auto(GStrv) lines = g_strsplit(copy, "\n", -1);
    gint at = st->base != NULL ? -1 : first_command_is_cluster_list(lines);
    gsize offset = 0;

    if (at < 0)
        return length;
    for (gint i = 0; i < at; i++)
        offset += strlen(lines[i]) + 1;
    return offset;
}

gboolean
ms_parse_cluster_list_setup(MsParseState *st, const char *text, gsize length, GError **error)
{
    g_autofree char *copy = g_strndup(text, length);
    g_auto(GStrv) lines = g_strsplit(copy, "\n", -1);
    g_autoptr(GPtrArray) pasted = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) setup = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
    guint line = st->line;
    gboolean ok = TRUE;

    for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++) {
        g_autofree char *trimmed = g_strstrip(g_strdup(lines[i]));

        if (trimmed[0] != '+' && trimmed[0] != '|')
            break;
        g_ptr_array_add(pasted, g_strdup(trimmed));
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
