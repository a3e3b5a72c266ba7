/* migsim: the shell forms around `lxc` commands in a pasted session. */
#pragma once

#include "ms-scenario.h"

#include <glib.h>

/* g_str_has_prefix(@s, @prefix) without its two strlen()s (GLib 2.74 has
 * no inline one): the loader asks it of each line some 30 times, and the
 * lines are long (docs/bench.md, "Corpus"). */
static inline gboolean
ms_str_has_prefix(const char *s, const char *prefix)
{
    for (; *prefix != '\0'; s++, prefix++)
        if (*s != *prefix)
            return FALSE;
    return TRUE;
}

/* The most passes a pasted `for` loop may make. */
#define MS_SHELL_LOOP_MAX 1000

/* What follows a prompt that ends in "$ ", "# " or "% " when an `lxc` or
 * `incus` command, a loop or a prompt command (ms_shell_is_prompt_command;
 * maybe after `sudo `) follows it: `[root@host ~]# `,
 * `587bab5b1ce9 [~]# `, `host% `; NULL otherwise (a line starting with
 * '#' is a comment, not a prompt). */
const char *ms_shell_strip_prompt(const char *line);

/* `ssh [USER@]HOST [sudo] lxc|incus ...` (the command maybe quoted
 * whole): the command run on HOST, newly allocated, with *host set; NULL
 * for any other line (ssh's own options are not read). */
char *ms_shell_strip_ssh(const char *line, char **host);

/* `LXD_DIR=/x lxc ...` (also LXD_SOCKET, LXD_CONF and the INCUS_
 * ones, before `lxc` or `incus`): the command after the assignments,
 * *@daemon (when not NULL) the assignments naming the daemon the client
 * talks to (NULL when only a configuration directory is set); any other
 * line as it is. */
const char *ms_shell_strip_env(const char *line, char **daemon, char **conf);

/* `~` or `~/path` alone on a line: the first line of a two-line prompt
 * (zsh's, as LXD #8386 pastes it), above the prompt line. */
gboolean ms_shell_is_prompt_cwd_line(const char *line);
/* `user@host:path$` alone on a trimmed line: a prompt with nothing typed */
gboolean ms_shell_is_empty_prompt(const char *line);

/* "sudo lxc ..." -> "lxc ..."; any other line as it is. */
const char *ms_shell_strip_sudo(const char *line);

/* Is @argv a host command a report may hold?  @reason: NULL when it is
 * read-only (shown as not simulated), else why it cannot run. */
gboolean ms_shell_host_command(char **argv, const char **reason);

/* Does @line start with such a host command (maybe after `sudo `)?  It
 * ends the output block of the command above it. */
gboolean ms_shell_is_host_line(const char *line);

gboolean ms_shell_is_loop(const char *line);

/* `sleep N`, `wait [%N]` or a host command (maybe after `sudo `): a line a
 * shell prompt may hold besides an `lxc` or `incus` command or a loop. */
gboolean ms_shell_is_prompt_command(const char *line);

/* `for VAR in LIST; do CMD; ...; done`: the commands of every pass, in
 * order, with $VAR and ${VAR} replaced (LIST: words, {N..M}, {a,b},
 * $(seq [FIRST] LAST)). */
GPtrArray *ms_shell_expand_loop(const char *line, GError **error);

/* `sleep 2` as a shell reads it: a number of seconds. */
gboolean ms_shell_bare_seconds(const char *word);

/* ---- standard input (ms-shell-stdin.c) ---- */

typedef enum {
    MS_STDIN_NONE,
    MS_STDIN_HEREDOC, /* <<WORD: the lines below the command, up to WORD */
    MS_STDIN_FILE,    /* < FILE, cat FILE |: a file written above */
    MS_STDIN_TEXT,    /* printf ... |, echo ... |: @text */
} MsStdinKind;

typedef struct {
    MsStdinKind kind;
    char *command;        /* the client command, without its input (NULL: none) */
    char *text;           /* MS_STDIN_TEXT */
    char *file;           /* MS_STDIN_FILE: the file read; with @writes_file: written */
    char *delimiter;      /* MS_STDIN_HEREDOC: the word that ends it */
    gboolean strip_tabs;  /* <<-WORD */
    gboolean writes_file; /* cat > FILE <<WORD */
} MsShellStdin;

void ms_shell_stdin_clear(MsShellStdin *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsShellStdin, ms_shell_stdin_clear)
/* May @line (a prompt and `sudo` dropped) give a command its standard
 * input: cat, printf, echo, or a client line with `<` or `<<`? */
gboolean ms_shell_reads_stdin(const char *line);
/* Splits @line's input off as bash would; kind MS_STDIN_NONE (and no
 * @command) when it gives none.  Forms migsim does not read are refused. */
gboolean ms_shell_stdin_split(const char *line, MsShellStdin *out, GError **error);
/* The word that ends @line's here-document (`<<WORD`), or NULL. */
char *ms_shell_heredoc_delimiter(const char *line, gboolean *strip_tabs);
/* @text as a single-quoted printf format that prints it. */
char *ms_shell_printf_quote(const char *text);
/* Where @token starts on @line outside quotes and backslash escapes, NULL
 * if nowhere; @token "|" does not match inside "||" (the shell-list
 * readers: ms-shell-chain.c, the '&&' chains of ms-scenario.c). */
const char *ms_shell_find_unquoted(const char *line, const char *token);
/* g_shell_parse_argv's words of @line, split at its spaces when it has no
 * quote, backslash, '#', tab or newline (the same words, without GLib's
 * tokeniser); any other line is given to g_shell_parse_argv. */
gboolean ms_shell_parse_argv(const char *line, gint *argc, char ***argv, GError **error);
