/* migsim: what a pasted line gives its command on standard input, as bash
 * reads it: `lxc ... <<EOF` (the lines below, up to EOF), `cat <<EOF |
 * lxc ...`, `lxc ... < FILE` and `cat FILE | lxc ...` (FILE written above
 * with `cat > FILE <<EOF`), `printf 'TEXT' | lxc ...` and `echo ... |
 * lxc ...`.  Only `lxc ... edit` reads it (lxc/profile.go, config.go: the
 * YAML when standard input is not a terminal). */
#include "ms-shell.h"

#include <string.h>

void
ms_shell_stdin_clear(MsShellStdin *s)
{
    g_clear_pointer(&s->command, g_free);
    g_clear_pointer(&s->text, g_free);
    g_clear_pointer(&s->file, g_free);
    g_clear_pointer(&s->delimiter, g_free);
    memset(s, 0, sizeof *s);
}

static gboolean refuse(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
refuse(GError **error, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *message = NULL;

    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED, message);
    return FALSE;
}

/* The first @op ("|", "<<", "<", ">") of @line outside quotes, or NULL;
 * "||" and "<<" are not "|" and "<". */
static const char *
find_operator(const char *line, const char *op)
{
    char quote = 0;
    gsize n = strlen(op);

    /* most lines have no operator character at all (every line is asked) */
    if (strchr(line, op[0]) == NULL)
        return NULL;
    for (const char *p = line; *p != '\0'; p++) {
        if (quote != 0) {
            if (*p == quote)
                quote = 0;
            else if (*p == '\\' && quote == '"' && p[1] != '\0')
                p++;
            continue;
        }
        if (*p == '\\' && p[1] != '\0') {
            p++;
            continue;
        }
        if (*p == '\'' || *p == '"') {
            quote = *p;
            continue;
        }
        if (*p != op[0] || strncmp(p, op, n) != 0)
            continue;
        if ((g_str_equal(op, "|") && (p[1] == '|' || (p > line && p[-1] == '|'))) ||
            (g_str_equal(op, "<") && (p[1] == '<' || (p > line && p[-1] == '<'))))
            continue;
        return p;
    }
    return NULL;
}

/* `<<[-] WORD`, `<<'WORD'`, `<<"WORD"` at @p: the word, and the rest of the
 * line after it in *@rest. */
static char *
heredoc_word(const char *p, gboolean *strip_tabs, const char **rest)
{
    const char *start;
    char quote = 0;

    p += 2;
    *strip_tabs = *p == '-';
    if (*strip_tabs)
        p++;
    p += strspn(p, " ");
    if (*p == '\'' || *p == '"')
        quote = *p++;
    start = p;
    while (*p != '\0' && (g_ascii_isalnum(*p) || *p == '_'))
        p++;
    if (p == start || (quote != 0 && *p != quote))
        return NULL;
    *rest = p + (quote != 0);
    return g_strndup(start, p - start);
}

char *
ms_shell_heredoc_delimiter(const char *line, gboolean *strip_tabs)
{
    const char *op = find_operator(line, "<<");
    const char *rest;

    if (op == NULL || op[2] == '<')
        return NULL;
    return heredoc_word(op, strip_tabs, &rest);
}

/* printf's format: its escapes and %%; any other conversion is refused */
static char *
printf_text(const char *format, GError **error)
{
    g_autoptr(GString) out = g_string_new(NULL);
    static const char simple[] = "n\na\ab\bf\fr\rt\tv\v\\\\\"\"''";

    for (const char *p = format; *p != '\0'; p++) {
        if (*p == '%') {
            if (p[1] != '%')
                return (
                    refuse(error, "printf '%s': only a format without conversions (%%s ...) is read", format),
                    NULL);
            g_string_append_c(out, '%');
            p++;
            continue;
        }
        if (*p != '\\' || p[1] == '\0') {
            g_string_append_c(out, *p);
            continue;
        }
        p++;
        if (*p >= '0' && *p <= '7') {
            guint value = 0, digits = 0;
            if (*p == '0')
                p++;
            for (; digits < 3 && *p >= '0' && *p <= '7'; p++, digits++)
                value = value * 8 + (*p - '0');
            p--;
            g_string_append_c(out, (char) value);
            continue;
        }
        {
            const char *hit = NULL;
            for (guint i = 0; i + 1 < sizeof simple; i += 2)
                if (simple[i] == *p)
                    hit = simple + i + 1;
            if (hit == NULL)
                return (refuse(error, "printf: the escape \\%c is not read", *p), NULL);
            g_string_append_c(out, *hit);
        }
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

char *
ms_shell_printf_quote(const char *text)
{
    g_autoptr(GString) out = g_string_new("'");

    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\n')
            g_string_append(out, "\\n");
        else if (*p == '\t')
            g_string_append(out, "\\t");
        else if (*p == '\\')
            g_string_append(out, "\\\\");
        else if (*p == '%')
            g_string_append(out, "%%");
        else if (*p == '\'')
            g_string_append(out, "\\047");
        else
            g_string_append_c(out, *p);
    }
    g_string_append_c(out, '\'');
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* The words of @text; a `$` or backquote outside single quotes (a shell
 * expansion migsim does not make) is refused. */
static gboolean
words_of(const char *text, gint *argc, char ***argv, GError **error)
{
    char quote = 0;

    for (const char *p = text; *p != '\0'; p++) {
        if (quote == 0 && (*p == '\'' || *p == '"'))
            quote = *p;
        else if (quote != 0 && *p == quote)
            quote = 0;
        else if (quote != '\'' && (*p == '$' || *p == '`'))
            return refuse(error, "'%s': a shell expansion ($, `) is not made by migsim", text);
    }
    if (!g_shell_parse_argv(text, argc, argv, NULL))
        return refuse(error, "'%s': cannot split it into words", text);
    return TRUE;
}

/* `printf FORMAT` or `echo [-n] [-e] WORDS...` (bash's builtin echo: no
 * escapes without -e) */
static gboolean
producer_text(const char *left, MsShellStdin *out, GError **error)
{
    g_auto(GStrv) argv = NULL;
    gint argc = 0;

    if (!words_of(left, &argc, &argv, error))
        return FALSE;
    if (g_str_equal(argv[0], "printf")) {
        if (argc != 2)
            return refuse(error, "'%s': only printf with one argument (its format) is read", left);
        out->text = printf_text(argv[1], error);
        return out->text != NULL;
    }
    {
        gboolean newline = TRUE, escapes = FALSE;
        gint i = 1;
        g_autoptr(GString) text = g_string_new(NULL);

        for (; i < argc && argv[i][0] == '-' && strspn(argv[i] + 1, "neE") == strlen(argv[i] + 1) &&
               argv[i][1] != '\0';
             i++) {
            newline = newline && strchr(argv[i], 'n') == NULL;
            escapes = strchr(argv[i], 'e') != NULL ? TRUE : strchr(argv[i], 'E') != NULL ? FALSE : escapes;
        }
        for (gint first = i; i < argc; i++)
            g_string_append_printf(text, "%s%s", i > first ? " " : "", argv[i]);
        if (newline)
            g_string_append_c(text, '\n');
        if (!escapes) {
            out->text = g_string_free(g_steal_pointer(&text), FALSE);
            return TRUE;
        }
        if (strchr(text->str, '%') != NULL)
            return refuse(error, "'%s': echo -e with a '%%' is not read", left);
        out->text = printf_text(text->str, error);
        return out->text != NULL;
    }
}

/* `cat FILE`, `cat <<WORD`, `cat > FILE <<WORD`, `cat <<WORD > FILE` */
static gboolean
cat_source(const char *left, MsShellStdin *out, gboolean piped, GError **error)
{
    const char *heredoc = find_operator(left, "<<");
    const char *to = find_operator(left, ">");
    g_auto(GStrv) argv = NULL;
    g_autofree char *words = NULL;
    gint argc = 0;

    if (heredoc != NULL) {
        const char *rest;
        g_autofree char *head = g_strndup(left, heredoc - left);

        out->delimiter = heredoc_word(heredoc, &out->strip_tabs, &rest);
        if (out->delimiter == NULL)
            return refuse(error, "'%s': the here-document's word is not read", left);
        out->kind = MS_STDIN_HEREDOC;
        words = g_strconcat(head, " ", rest, NULL);
    } else {
        words = g_strdup(left);
    }
    if (to != NULL) {
        g_autofree char *before = g_strndup(words, strcspn(words, ">"));
        const char *after = strchr(words, '>') + 1;
        if (piped || heredoc == NULL || after[0] == '>')
            return refuse(error, "'%s': only 'cat > FILE <<WORD' writes a file here", left);
        if (!words_of(after, &argc, &argv, error) || argc != 1)
            return refuse(error, "'%s': 'cat > FILE <<WORD' names one file", left);
        out->file = g_strdup(argv[0]);
        out->writes_file = TRUE;
        g_strfreev(g_steal_pointer(&argv));
        if (!words_of(before, &argc, &argv, error) || argc != 1)
            return refuse(error, "'%s': cat takes no other argument here", left);
        return TRUE;
    }
    if (!words_of(words, &argc, &argv, error))
        return FALSE;
    if (!piped || (heredoc != NULL && argc != 1) || (heredoc == NULL && argc != 2))
        return refuse(error,
                      "'%s': only 'cat FILE | lxc ...', 'cat <<WORD | lxc ...' and 'cat > FILE <<WORD' "
                      "are read",
                      left);
    if (heredoc == NULL) {
        out->kind = MS_STDIN_FILE;
        out->file = g_strdup(argv[1]);
    }
    return TRUE;
}

static gboolean
is_client(const char *text)
{
    text += strspn(text, " ");
    if (ms_str_has_prefix(text, "sudo "))
        text += strlen("sudo ");
    return ms_str_has_prefix(text, "lxc ") || ms_str_has_prefix(text, "incus ");
}

gboolean
ms_shell_reads_stdin(const char *line)
{
    return ms_str_has_prefix(line, "cat ") || ms_str_has_prefix(line, "printf ") ||
           ms_str_has_prefix(line, "echo ") ||
           (is_client(line) && (find_operator(line, "<") != NULL || find_operator(line, "<<") != NULL));
}

gboolean
ms_shell_stdin_split(const char *line, MsShellStdin *out, GError **error)
{
    const char *pipe = find_operator(line, "|");

    memset(out, 0, sizeof *out);
    if (pipe != NULL && is_client(pipe + 1) && !is_client(line)) {
        g_autofree char *left = g_strstrip(g_strndup(line, pipe - line));

        g_autofree char *right = g_strstrip(g_strdup(pipe + 1));

        out->command = g_strdup(ms_shell_strip_sudo(right));
        if (find_operator(out->command, "<") != NULL || find_operator(out->command, "<<") != NULL)
            return refuse(error, "'%s': a pipe and a redirection both give the command its input", line);
        if (ms_str_has_prefix(left, "cat "))
            return cat_source(left, out, TRUE, error);
        if (ms_str_has_prefix(left, "printf ") || ms_str_has_prefix(left, "echo ")) {
            out->kind = MS_STDIN_TEXT;
            return producer_text(left, out, error);
        }
        return refuse(error, "'%s': only cat, printf and echo are read before '| lxc'", left);
    }
    if (ms_str_has_prefix(line, "cat ")) {
        if (!cat_source(line, out, FALSE, error))
            return FALSE;
        return out->writes_file ? TRUE : refuse(error, "'%s': what cat prints is not compared here", line);
    }
    if (ms_str_has_prefix(line, "printf ") || ms_str_has_prefix(line, "echo "))
        return refuse(error, "'%s': printf and echo are read only before '| lxc ...'", line);
    if (!is_client(line))
        return TRUE;
    {
        const char *heredoc = find_operator(line, "<<");
        const char *from = find_operator(line, "<");
        const char *rest = NULL;

        if (heredoc != NULL) {
            out->delimiter = heredoc_word(heredoc, &out->strip_tabs, &rest);
            if (out->delimiter == NULL || rest[strspn(rest, " ")] != '\0' || from != NULL)
                return refuse(error, "'%s': only 'lxc ... <<WORD' at the end of the line is read", line);
            out->kind = MS_STDIN_HEREDOC;
            out->command = g_strchomp(g_strndup(line, heredoc - line));
        } else if (from != NULL) {
            g_auto(GStrv) argv = NULL;
            gint argc = 0;
            if (!words_of(from + 1, &argc, &argv, error) || argc != 1)
                return refuse(error, "'%s': only 'lxc ... < FILE' at the end of the line is read", line);
            out->kind = MS_STDIN_FILE;
            out->file = g_strdup(argv[0]);
            out->command = g_strchomp(g_strndup(line, from - line));
        }
    }
    return TRUE;
}
