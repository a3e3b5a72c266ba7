/* migsim: the shell around the `lxc` commands of a pasted session: prompts
 * other than `$ ` and `user@host:path$ `, `sudo`, one-line `for` loops and
 * the host commands a report holds (`lxd sql`, `systemctl`, ...), each
 * either read or refused with the reason. */
#include "ms-shell.h"

#include <string.h>

/* `for VAR in ...; do ...` (a loop, whatever its body) */
gboolean
ms_shell_is_loop(const char *line)
{
    return ms_str_has_prefix(line, "for ") && (strstr(line, "; do") != NULL || g_str_has_suffix(line, " do"));
}

/* The client's environment variables a pasted command may set before
 * `lxc`: the daemon it talks to (LXD_DIR, the unix socket's directory,
 * lxc/main.go at lxd-5.0.2; LXD_SOCKET; INCUS_DIR, INCUS_SOCKET) and its
 * configuration directory (LXD_CONF, INCUS_CONF: the remotes). */
static const char *const client_env[] = {
    "LXD_DIR", "LXD_SOCKET", "INCUS_DIR", "INCUS_SOCKET", "LXD_CONF", "INCUS_CONF", NULL,
};

/* One NAME=VALUE word at @p (VALUE maybe double- or single-quoted,
 * without spaces otherwise): its length, 0 when it is none of client_env. */
static gsize
env_word(const char *p)
{
    const char *eq = strchr(p, '=');
    const char *v;
    gboolean known = FALSE;

    if (eq == NULL || eq == p)
        return 0;
    /* the name compared in place: every line of a scenario is asked */
    for (guint i = 0; client_env[i] != NULL && !known; i++)
        known = strlen(client_env[i]) == (gsize) (eq - p) && memcmp(client_env[i], p, eq - p) == 0;
    if (!known)
        return 0;
    v = eq + 1;
    if (*v == '"' || *v == '\'') {
        const char *close = strchr(v + 1, *v);
        if (close == NULL)
            return 0;
        v = close + 1;
    } else {
        v += strcspn(v, " \t");
    }
    return *v == ' ' || *v == '\t' ? (gsize) (v - p) : 0;
}

const char *
ms_shell_strip_env(const char *line, char **daemon, char **conf)
{
    const char *p = line;
    g_autoptr(GString) dirs = NULL;
    g_autoptr(GString) confs = NULL;

    if (daemon != NULL)
        *daemon = NULL;
    if (conf != NULL)
        *conf = NULL;
    /* most lines have no NAME=VALUE before them: no buffers for those */
    if (env_word(p) == 0)
        return line;
    dirs = g_string_new(NULL);
    confs = g_string_new(NULL);
    for (gsize n; (n = env_word(p)) > 0; p += n, p += strspn(p, " \t")) {
        const char *eq = strchr(p, '=');
        /* the configuration directory names no daemon, but its remotes
         * (the default one among them) may be another cluster's */
        GString *into = eq - p >= 5 && memcmp(eq - 5, "_CONF", 5) == 0 ? confs : dirs;

        g_string_append_printf(into, "%s%.*s", into->len > 0 ? " " : "", (int) n, p);
    }
    if (p == line || !(ms_str_has_prefix(p, "lxc ") || ms_str_has_prefix(p, "incus ")))
        return line;
    if (daemon != NULL && dirs->len > 0)
        *daemon = g_string_free(g_steal_pointer(&dirs), FALSE);
    if (conf != NULL && confs->len > 0)
        *conf = g_string_free(g_steal_pointer(&confs), FALSE);
    return p;
}

/* A client command or a loop (after an optional `sudo ` or `ssh HOST `). */
static gboolean
client_after(const char *p)
{
    g_autofree char *host = NULL;
    g_autofree char *inner = ms_shell_strip_ssh(p, &host);

    if (inner != NULL)
        p = inner;
    if (ms_str_has_prefix(p, "sudo "))
        p += strlen("sudo ");
    p = ms_shell_strip_env(p, NULL, NULL);
    return ms_str_has_prefix(p, "lxc ") || ms_str_has_prefix(p, "incus ") || ms_shell_is_loop(p) ||
           ms_shell_reads_stdin(p);
}

char *
ms_shell_strip_ssh(const char *line, char **host)
{
    g_autofree char *name = NULL;
    const char *rest, *space;
    gsize n;

    *host = NULL;
    if (!ms_str_has_prefix(line, "ssh "))
        return NULL;
    line += strlen("ssh ");
    space = strchr(line, ' ');
    if (space == NULL || line[0] == '-')
        return NULL; /* ssh's own options: not read */
    name = g_strndup(line, space - line);
    rest = space + 1;
    n = strlen(rest);
    /* ssh m2 'lxc list' / "lxc list": the remote shell gets the words */
    if (n >= 2 && (rest[0] == '\'' || rest[0] == '"') && rest[n - 1] == rest[0] &&
        memchr(rest + 1, rest[0], n - 2) == NULL)
        rest = g_strndup(rest + 1, n - 2), n = 0;
    else
        rest = g_strdup(rest);
    {
        g_autofree char *inner = (char *) rest;
        const char *cmd = ms_str_has_prefix(inner, "sudo ") ? inner + strlen("sudo ") : inner;
        if (!ms_str_has_prefix(cmd, "lxc ") && !ms_str_has_prefix(cmd, "incus "))
            return NULL;
        /* user@host: the host is the member */
        *host = g_strdup(strchr(name, '@') != NULL ? strchr(name, '@') + 1 : name);
        return g_steal_pointer(&inner);
    }
}

/* `sleep 2`, `wait`, `wait %1` and the host commands of host_commands:
 * what a pasted session types at its prompt besides lxc (LXD #15877's
 * reproducer sleeps between a background evacuate and a restore) */
gboolean
ms_shell_is_prompt_command(const char *line)
{
    if (ms_str_has_prefix(line, "sleep ") || g_str_equal(line, "wait") || ms_str_has_prefix(line, "wait "))
        return TRUE;
    return ms_shell_is_host_line(line);
}

/* A word of a user@host or host name: letters, digits and "._-" */
static gboolean
is_name_word(const char *word, gboolean at_allowed)
{
    const char *at = strchr(word, '@');

    if (*word == '\0' || (at != NULL && (!at_allowed || at == word || at[1] == '\0')))
        return FALSE;
    for (const char *p = word; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && strchr("._-@", *p) == NULL &&
            !(at != NULL && p > at && strchr(":~/", *p) != NULL))
            return FALSE;
    return TRUE;
}

/* What follows the user and host in a prompt: a working directory or a
 * git branch (`~`, `~/src`, `/root`, `(node1):~`, `[main]`, `dir:`) */
static gboolean
is_prompt_tail_word(const char *word)
{
    return strchr("~/([", word[0]) != NULL || g_str_has_suffix(word, ":");
}

/* A prompt with spaces names its user and host first: `root @ node1`
 * (LXD #8386), `user@host ~` (zsh), `root@h1 (node1):~`, `user@h:~/src
 * (branch)` (bash with a git prompt); at most four words.  Prose or a
 * command with a comment is not one: `ssh root@node2 # lxc list ...`,
 * `Note from admin@example.com % lxc ...`, `lxc list a@b # lxc ...`
 * (review of session 26: those ran as commands). */
static gboolean
prompt_words_ok(const char *prefix, gsize n)
{
    g_autofree char *text = g_strndup(prefix, n);
    g_auto(GStrv) all = g_strsplit_set(g_strstrip(text), " \t", -1);
    g_autoptr(GPtrArray) words = g_ptr_array_new();
    guint first_tail;

    for (guint i = 0; all[i] != NULL; i++)
        if (all[i][0] != '\0')
            g_ptr_array_add(words, all[i]);
    if (words->len < 2 || words->len > 4)
        return FALSE;
    if (words->len >= 3 && g_str_equal(words->pdata[1], "@") && is_name_word(words->pdata[0], FALSE) &&
        is_name_word(words->pdata[2], FALSE))
        first_tail = 3;
    else if (strchr(words->pdata[0], '@') != NULL && is_name_word(words->pdata[0], TRUE))
        first_tail = 1;
    else
        return FALSE;
    for (guint i = first_tail; i < words->len; i++)
        if (!is_prompt_tail_word(words->pdata[i]))
            return FALSE;
    return TRUE;
}

/* Spaces only inside [...] or right before a '[': `[root@host ~]`,
 * `587bab5b1ce9 [~]`, `root@truenas[...]`; else the words of
 * prompt_words_ok. */
static gboolean
prompt_prefix_ok(const char *prefix, gsize n)
{
    int depth = 0;
    gboolean spaced = FALSE;

    if (n == 0 || n > 120 || prefix[0] == '#')
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (prefix[i] == '[')
            depth++;
        else if (prefix[i] == ']')
            depth--;
        else if (g_ascii_isspace(prefix[i]) && depth == 0 && !(i + 1 < n && prefix[i + 1] == '['))
            spaced = TRUE;
    }
    return depth == 0 && (!spaced || prompt_words_ok(prefix, n));
}

/* "1. lxc ..." or "2) incus ...": a report's numbered steps (Incus #566),
 * the command after the number; NULL for any other line. */
static const char *
strip_step_number(const char *line)
{
    const char *p = line;

    while (g_ascii_isdigit(*p))
        p++;
    if (p == line || p - line > 3 || (*p != '.' && *p != ')') || p[1] != ' ')
        return NULL;
    p += 1 + strspn(p + 1, " \t");
    return client_after(p) ? p : NULL;
}

gboolean
ms_shell_is_prompt_cwd_line(const char *line)
{
    return (g_str_equal(line, "~") || ms_str_has_prefix(line, "~/")) && strpbrk(line, " \t") == NULL;
}

/* A prompt with nothing typed after it, `user@host:path$` (or `#`, `%`)
 * alone on its line, trimmed: the last line of a pasted session (LXD
 * #10739's `stgraber@castiana:~$ `).  Skipped as a blank line; it ends the
 * output block above it. */
gboolean
ms_shell_is_empty_prompt(const char *line)
{
    const char *at = strchr(line, '@');
    const char *colon = at != NULL ? strchr(at, ':') : NULL;
    gsize n = strlen(line);

    return n > 0 && strchr("$#%", line[n - 1]) != NULL && at != NULL && at > line && colon != NULL &&
           colon > at + 1 && strpbrk(line, " \t") == NULL;
}

/* The prompt character of starship and pure, U+276F, alone before the
 * command (LXD #14548: `❯ lxc network create ...`). */
static const char prompt_chevron[] = "\xe2\x9d\xaf ";

const char *
ms_shell_strip_prompt(const char *line)
{
    const char *step;

    /* A line that starts with '#' (a comment: 8,000 of the corpus's 26,000
     * lines) has no prompt: the loop below answers NULL at its first
     * match whatever follows, since prompt_prefix_ok refuses an empty
     * prefix and one that starts with '#'; no step number starts so. */
    if (line[0] == '#')
        return NULL;
    step = strip_step_number(line);
    if (step != NULL)
        return step;
    if (ms_str_has_prefix(line, prompt_chevron)) {
        const char *cmd = line + strlen(prompt_chevron);
        return client_after(cmd) || ms_shell_is_prompt_command(cmd) ? cmd : NULL;
    }
    /* a bare "% ", as "$ " (ms_parse_strip_prompt): csh's and a trimmed
     * zsh prompt (Incus #3358 and #3359: `% incus storage volume attach
     * ...`); the loop below wants a user or host before it */
    if (line[0] == '%' && line[1] == ' ')
        return client_after(line + 2) || ms_shell_is_prompt_command(line + 2) ? line + 2 : NULL;
    for (const char *p = line; *p != '\0'; p++) {
        if ((*p == '$' || *p == '#' || *p == '%') && p[1] == ' ' &&
            (client_after(p + 2) || ms_shell_is_prompt_command(p + 2)))
            return prompt_prefix_ok(line, p - line) ? p + 2 : NULL;
    }
    return NULL;
}

/* "sudo CMD" -> "CMD" whatever CMD is. */
static const char *
ms_shell_strip_sudo_any(const char *line)
{
    return ms_str_has_prefix(line, "sudo ") ? line + strlen("sudo ") : line;
}

const char *
ms_shell_strip_sudo(const char *line)
{
    return ms_str_has_prefix(line, "sudo ") && client_after(line) ? line + strlen("sudo ") : line;
}

/* Host commands seen in reports.  @reason NULL: read-only, accepted and
 * shown as not simulated; otherwise refused with @reason. */
typedef struct {
    const char *words;
    const char *reason;
} HostCommand;

/* clang-format off */
static const HostCommand host_commands[] = {
    { "journalctl", NULL }, { "dmesg", NULL }, { "snap list", NULL }, { "lxd --version", NULL },
    { "zfs list", NULL }, { "zpool status", NULL }, { "ceph status", NULL }, { "ceph -s", NULL },
    { "lsblk", NULL }, { "df", NULL }, { "ip a", NULL }, { "ip addr", NULL }, { "uname", NULL },
    /* LVM's reports (Incus #1650 pastes `vgs` below its lvmcluster pool) */
    { "vgs", NULL }, { "pvs", NULL }, { "lvs", NULL },
    { "lxd sql", "'lxd sql' reads or edits LXD's database directly: migsim has no such database (a SELECT "
      "shows nothing migsim checks; anything else changes state no lxc command makes)" },
    { "lxd recover", "'lxd recover' imports volumes the database lost: not modelled" },
    { "lxd cluster", "'lxd cluster' edits the cluster's raft configuration offline: not modelled" },
    { "systemctl", "a daemon stop, start or restart is not modelled (what LXD does at start-up, such as "
      "auto-starting instances, is not simulated); a member that stops answering is "
      "'fault member NAME offline', and 'online' brings it back as it was" },
    { "snap", "snap commands (refresh, restart, stop) act on the daemon: not modelled; a member that stops "
      "answering is 'fault member NAME offline'" },
    { "reboot", "a host reboot is not modelled; a member that stops answering is 'fault member NAME offline'" },
    { "shutdown", "a host shutdown is not modelled; a member that stops answering is 'fault member NAME offline'" },
    { "ip link", "host network changes are not modelled; a member that stops answering heartbeats is "
      "'fault member NAME unreachable'" },
    { "zfs", "zfs commands act on the storage below LXD: not modelled" },
    { "rbd", "rbd commands act on the storage below LXD: not modelled" },
};
/* clang-format on */

/* Whether the space-separated @words are the first words of @argv; their
 * number in *@count.  Compared in place: every line of a scenario that has
 * a "$ "/"# " in it asks host_command, and a split of each entry per call
 * was a third of the corpus run's instructions (docs/bench.md, "Corpus"). */
static gboolean
host_words_match(const char *words, char **argv, guint *count)
{
    guint i = 0;

    for (const char *w = words;; i++) {
        gsize n = strcspn(w, " ");

        if (argv[i] == NULL || strncmp(argv[i], w, n) != 0 || argv[i][n] != '\0')
            return FALSE;
        if (w[n] == '\0')
            break;
        w += n + 1;
    }
    *count = i + 1;
    return TRUE;
}

/* The entry whose words start @argv (the longest match wins). */
static const HostCommand *
host_command(char **argv)
{
    const HostCommand *best = NULL;
    guint best_words = 0;

    for (guint n = 0; n < G_N_ELEMENTS(host_commands); n++) {
        guint count = 0;

        if (host_words_match(host_commands[n].words, argv, &count) && count > best_words) {
            best = &host_commands[n];
            best_words = count;
        }
    }
    return best;
}

gboolean
ms_shell_host_command(char **argv, const char **reason)
{
    const HostCommand *host = host_command(argv);

    if (host == NULL)
        return FALSE;
    *reason = host->reason;
    return TRUE;
}

/* bash's brace expansion of one word with one group: PRE{N..M}POST or
 * PRE{a,b,c}POST; other words stay as they are. */
static gboolean
expand_word(const char *word, GPtrArray *out, GError **error)
{
    const char *open = strchr(word, '{');
    const char *close = open != NULL ? strchr(open, '}') : NULL;
    g_autofree char *pre = NULL, *body = NULL;
    const char *dots;

    if (open == NULL || close == NULL) {
        g_ptr_array_add(out, g_strdup(word));
        return TRUE;
    }
    pre = g_strndup(word, open - word);
    body = g_strndup(open + 1, close - open - 1);
    dots = strstr(body, "..");
    if (dots != NULL) {
        g_autofree char *first = g_strndup(body, dots - body);
        gint64 from, to;
        if (!g_ascii_string_to_signed(first, 10, -1000000, 1000000, &from, NULL) ||
            !g_ascii_string_to_signed(dots + 2, 10, -1000000, 1000000, &to, NULL))
            return (g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED,
                                "'{%s}': only numeric ranges {N..M} are expanded", body),
                    FALSE);
        if (ABS(to - from) >= MS_SHELL_LOOP_MAX)
            return (g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED,
                                "'{%s}': more than %d passes", body, MS_SHELL_LOOP_MAX),
                    FALSE);
        for (gint64 i = from;; i += from <= to ? 1 : -1) {
            g_ptr_array_add(out, g_strdup_printf("%s%" G_GINT64_FORMAT "%s", pre, i, close + 1));
            if (i == to)
                break;
        }
        return TRUE;
    }
    {
        g_auto(GStrv) items = g_strsplit(body, ",", -1);
        if (g_strv_length(items) < 2) {
            g_ptr_array_add(out, g_strdup(word));
            return TRUE;
        }
        for (guint i = 0; items[i] != NULL; i++)
            g_ptr_array_add(out, g_strconcat(pre, items[i], close + 1, NULL));
    }
    return TRUE;
}

/* The loop's words: `$(seq [FIRST] LAST)` and brace expansion. */
static GPtrArray *
loop_items(const char *list, GError **error)
{
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) words = NULL;
    gint n = 0;

    if (ms_str_has_prefix(list, "$(seq ") && g_str_has_suffix(list, ")")) {
        g_autofree char *args = g_strndup(list + 6, strlen(list) - 7);
        g_autofree char *range = NULL;
        g_auto(GStrv) parts = g_strsplit(g_strstrip(args), " ", -1);
        guint count = g_strv_length(parts);
        if (count == 1)
            range = g_strdup_printf("{1..%s}", parts[0]);
        else if (count == 2)
            range = g_strdup_printf("{%s..%s}", parts[0], parts[1]);
        if (range == NULL || strchr(args, '{') != NULL || !expand_word(range, items, error) ||
            (count == 1 && g_str_equal(parts[0], "0"))) {
            if (error != NULL && *error == NULL)
                g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED,
                            "'%s': only $(seq LAST) and $(seq FIRST LAST) are expanded", list);
            return NULL;
        }
        return g_steal_pointer(&items);
    }
    if (strchr(list, '$') != NULL || strchr(list, '`') != NULL || strchr(list, '*') != NULL) {
        g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED,
                    "'%s': a command substitution, variable or glob in a loop's list is not expanded", list);
        return NULL;
    }
    if (!g_shell_parse_argv(list, &n, &words, NULL)) {
        g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED, "'%s': cannot split the list",
                    list);
        return NULL;
    }
    for (gint i = 0; i < n; i++)
        if (!expand_word(words[i], items, error))
            return NULL;
    if (items->len > MS_SHELL_LOOP_MAX) {
        g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED, "more than %d passes",
                    MS_SHELL_LOOP_MAX);
        return NULL;
    }
    return g_steal_pointer(&items);
}

/* @body with $VAR and ${VAR} replaced; any other `$` is refused. */
static char *
substitute(const char *body, const char *var, const char *value, GError **error)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree char *plain = g_strconcat("$", var, NULL);
    g_autofree char *braced = g_strconcat("${", var, "}", NULL);
    gsize plain_len = strlen(plain);

    for (const char *p = body; *p != '\0';) {
        if (ms_str_has_prefix(p, braced)) {
            g_string_append(out, value);
            p += strlen(braced);
        } else if (ms_str_has_prefix(p, plain) && !g_ascii_isalnum(p[plain_len]) && p[plain_len] != '_') {
            g_string_append(out, value);
            p += plain_len;
        } else if (*p == '$') {
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED,
                        "'%s': only the loop's variable $%s is expanded", body, var);
            return NULL;
        } else {
            g_string_append_c(out, *p++);
        }
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* `CMD; CMD` split at the `;`s outside quotes. */
static GPtrArray *
split_commands(const char *body)
{
    GPtrArray *commands = g_ptr_array_new_with_free_func(g_free);
    const char *start = body;
    char quote = 0;

    for (const char *p = body;; p++) {
        if (quote != 0 && *p == quote)
            quote = 0;
        else if (quote == 0 && (*p == '\'' || *p == '"'))
            quote = *p;
        if (*p == '\0' || (*p == ';' && quote == 0)) {
            g_autofree char *one = g_strstrip(g_strndup(start, p - start));
            if (*one != '\0')
                g_ptr_array_add(commands, g_steal_pointer(&one));
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    return commands;
}

GPtrArray *
ms_shell_expand_loop(const char *line, GError **error)
{
    g_autoptr(GRegex) re = g_regex_new(
        "^for\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in\\s+(.+?)\\s*;\\s*do\\s+(.+?)\\s*;?\\s*done$", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *var = NULL, *list = NULL, *body = NULL;
    g_autoptr(GPtrArray) items = NULL;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);

    if (!g_regex_match(re, line, 0, &match)) {
        g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED,
                    "a shell loop is read only on one line, as 'for VAR in LIST; do COMMAND; ...; done'");
        return NULL;
    }
    var = g_match_info_fetch(match, 1);
    list = g_match_info_fetch(match, 2);
    body = g_match_info_fetch(match, 3);
    items = loop_items(list, error);
    if (items == NULL)
        return NULL;
    for (guint i = 0; i < items->len; i++) {
        g_autofree char *pass = substitute(body, var, items->pdata[i], error);
        g_autoptr(GPtrArray) commands = NULL;
        if (pass == NULL)
            return NULL;
        commands = split_commands(pass);
        for (guint c = 0; c < commands->len; c++)
            g_ptr_array_add(lines, g_strdup(commands->pdata[c]));
    }
    return g_steal_pointer(&lines);
}

gboolean
ms_shell_bare_seconds(const char *word)
{
    gboolean digit = FALSE, dot = FALSE;

    for (const char *p = word; *p != '\0'; p++) {
        if (g_ascii_isdigit(*p))
            digit = TRUE;
        else if (*p == '.' && !dot)
            dot = TRUE;
        else
            return FALSE;
    }
    return digit;
}

gboolean
ms_shell_is_host_line(const char *line)
{
    const char *cmd = ms_shell_strip_sudo_any(line);
    gsize first = strcspn(cmd, " ");
    gboolean candidate = FALSE;
    g_auto(GStrv) words = NULL;
    const char *reason = NULL;

    /* a first word no entry starts with: no split (most lines, asked for
     * every "$ " or "# " in them) */
    for (guint n = 0; n < G_N_ELEMENTS(host_commands) && !candidate; n++)
        candidate = first > 0 && strcspn(host_commands[n].words, " ") == first &&
                    memcmp(host_commands[n].words, cmd, first) == 0;
    if (!candidate)
        return FALSE;
    words = g_strsplit(cmd, " ", 3);
    return words[0] != NULL && ms_shell_host_command(words, &reason);
}

/* Where @token starts on @line outside quotes and backslash escapes; NULL
 * if nowhere.  @token "|" does not match inside "||". */
const char *
ms_shell_find_unquoted(const char *line, const char *token)
{
    gsize n = strlen(token);
    char quote = '\0';

    /* most lines have no such token at all (every line is asked) */
    if (strchr(line, token[0]) == NULL)
        return NULL;
    for (const char *p = line; *p != '\0'; p++) {
        if (quote != '\0') {
            if (*p == quote)
                quote = '\0';
            else if (*p == '\\' && quote == '"' && p[1] != '\0')
                p++;
        } else if (*p == '\'' || *p == '"')
            quote = *p;
        else if (*p == '\\' && p[1] != '\0')
            p++;
        else if (*p == token[0] && strncmp(p, token, n) == 0) {
            if (g_str_equal(token, "|") && (p[1] == '|' || (p > line && p[-1] == '|')))
                continue;
            return p;
        }
    }
    return NULL;
}

/* The end of the plain word at @p (an unquoted blank or the end of the
 * line), NULL when a quote in it is not closed (GLib's tokeniser says
 * why). */
static const char *
plain_word_end(const char *p)
{
    char quote = 0;

    for (; *p != '\0' && (quote != 0 || *p != ' '); p++) {
        if (quote != 0 ? *p == quote : (*p == '\'' || *p == '"'))
            quote = quote != 0 ? 0 : *p;
    }
    return quote != 0 ? NULL : p;
}

/* The word from @start to @end, its quotes ('...' or "...") removed as
 * g_shell_unquote removes them. */
static char *
plain_word(const char *start, const char *end)
{
    char quote = 0;
    char *out = g_malloc(end - start + 1), *o = out;

    for (const char *p = start; p < end; p++) {
        if (quote != 0 ? *p == quote : (*p == '\'' || *p == '"')) {
            quote = quote != 0 ? 0 : *p;
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

gboolean
ms_shell_parse_argv(const char *line, gint *argc, char ***argv, GError **error)
{
    const char *first = line + strspn(line, " ");
    char **words;
    guint n = 0;

    /* g_shell_parse_argv tokenises with a GSList and unquotes every word
     * through a GString: a tenth of the corpus run, where nearly every
     * command is plain words, some of them quoted.  Only blanks split such
     * a line there, and a quote only groups (no backslash inside, so
     * nothing is escaped); a line with anything its tokeniser reads
     * otherwise, a quote left open (its error) or no word (its "empty"
     * error) goes to it.  The words are counted first: one array. */
    if (line[strcspn(line, "\\#\t\n\r")] != '\0')
        return g_shell_parse_argv(line, argc, argv, error);
    for (const char *p = first, *end; *p != '\0'; p = end + strspn(end, " "), n++)
        if ((end = plain_word_end(p)) == NULL)
            return g_shell_parse_argv(line, argc, argv, error);
    if (n == 0)
        return g_shell_parse_argv(line, argc, argv, error);
    words = g_new(char *, n + 1);
    n = 0;
    for (const char *p = first, *end; *p != '\0'; p = end + strspn(end, " ")) {
        end = plain_word_end(p);
        words[n++] = plain_word(p, end);
    }
    words[n] = NULL;
    if (argc != NULL)
        *argc = (gint) n;
    if (argv != NULL)
        *argv = words;
    else
        g_strfreev(words);
    return TRUE;
}
