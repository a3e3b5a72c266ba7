/* migsim: the shell forms around `lxc` commands in a pasted session. */
#pragma once

#include "ms-scenario.h"

#include <glib.h>

/* The most passes a pasted `for` loop may make. */
#define MS_SHELL_LOOP_MAX 1000

/* What follows a prompt that ends in "$ ", "# " or "% " when an `lxc` or
 * `incus` command, a loop or a prompt command (ms_shell_is_prompt_command;
 * maybe after `sudo `) follows it: `[root@host ~]# `,
 * `587bab5b1ce9 [~]# `, `host% `; NULL otherwise (a line starting with
 * '#' is a comment, not a prompt). */
const char *ms_shell_strip_prompt(const char *line);

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
