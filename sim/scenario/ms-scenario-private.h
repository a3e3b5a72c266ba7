/* migsim: what the parts of the scenario parser share (ms-scenario.c: the
 * parse state, lines and names; ms-scenario-expect.c: outcome lines and
 * `expect`; ms-scenario-directives.c: the directives and `lxc` command
 * lines).  Not for use outside sim/scenario/. */
#pragma once

#include "ms-scenario.h"

G_BEGIN_DECLS

typedef struct {
    const char *path;
    guint line;
    MsScenario *scenario;
    MsStep *last_command;
    GHashTable *known_members;
    const MsStateFile *base; /* the cluster the steps start from, nullable */
    /* the command whose printed output the next lines may be, and whether
     * a blank line came since (it ends the output unless the no-network
     * notice follows) */
    MsStep *output_for;
    gboolean blank_pending;
    /* the line of the last shell loop when its passes were the last
     * commands (an outcome line after it cannot say which pass), or 0 */
    guint loop_line;
    /* a comment line that reads as a command (`# lxc ...`: a root prompt
     * without user@host) when it was the last line but blank ones, and
     * that line while the next one is read; 0 otherwise */
    guint commented_command;
    guint after_commented_command;
    /* background jobs not waited for yet: job number -> its command's line */
    GHashTable *jobs;
    /* comment lines not yet given to a step; whether any other line came */
    GString *narration;
    gboolean past_header;
    /* every error of the file (docs/scenario-language.md "Errors"): the
     * first MS_SCENARIO_MAX_ERRORS messages, how many more, the first one's
     * code; after a bad command, its outcome and output lines are skipped */
    GPtrArray *errors;
    guint n_more_errors;
    MsScenarioErrorCode first_code;
    gboolean skip_outcomes;
    /* the client's current project (lxc project switch; NULL: default)
     * and the last switch whose outcome is not settled yet: the lines
     * after it are its outcome (ms_parse_settle_switch) */
    char *client_project;
    MsStep *switch_step;
    /* standard input (ms-shell-stdin.c): the here-document below the
     * current line and the line it starts on; what the command of the
     * current line reads and where it starts (0: on the command's line);
     * the files written with `cat > FILE <<WORD` (name -> MsParseFile) */
    char *heredoc_body;
    guint heredoc_line;
    char *stdin_text;
    /* `ssh MEMBER lxc ...`: the member and the command (ms_shell_strip_ssh) */
    char *ssh_member;
    char *ssh_line;
    /* `LXD_DIR=... lxc ...`: the first daemon a pasted command named, and
     * its line (ms_shell_strip_env) */
    char *client_daemon;
    guint client_daemon_line;
    /* `LXD_CONF=... lxc ...`: the first client configuration directory a
     * pasted command named, and its line */
    char *client_conf;
    guint client_conf_line;
    /* the command whose `Error: ...:` line the next ` - ...` lines go on,
     * and the outcome they extend when that line was `Error[SET]: ...:` */
    MsStep *error_open;
    MsReleaseExpect *error_open_release;
    /* `Error: ... Failed to run: CMD: ERR (STDERR` whose STDERR runs over
     * the next lines: the '(' still open, and the `Error:` line's number
     * (ms_parse_run_error_parens) */
    gint error_paren_depth;
    guint error_paren_line;
    guint stdin_line;
    GHashTable *files;
    /* the release sets of `[SET]` qualifiers parsed so far: text to an
     * MsReleaseMask (a file repeats its few sets on every outcome line) */
    GHashTable *release_sets;
} MsParseState;

/* A file a scenario wrote on the client's host: its text and first line. */
typedef struct {
    char *text;
    guint line;
} MsParseFile;

/* ---- ms-scenario.c ---- */

/* Sets @error to "PATH:LINE: MESSAGE"; returns FALSE. */
gboolean ms_parse_fail(MsParseState *st, GError **error, MsScenarioErrorCode code, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
gboolean ms_parse_require_member(MsParseState *st, const char *name, GError **error);
/* The member @name of remote @remote (NULL: the scenario's cluster). */
gboolean ms_parse_require_member_of(MsParseState *st, const char *remote, const char *name, GError **error);
/* Is @name (NULL and `local`: always) a declared remote? */
gboolean ms_parse_require_remote(MsParseState *st, const char *name, GError **error);
MsScenarioRemote *ms_parse_add_remote(MsParseState *st, const char *name, gboolean standalone);
gboolean ms_parse_split_remote(MsParseState *st, char **name, char **remote, GError **error);
char *ms_parse_take_narration(MsParseState *st);
MsStep *ms_parse_new_step(MsParseState *st, MsStepKind kind, const char *text);
/* The step an outcome line belongs to: the last command or `wait %N`. */
MsStep *ms_parse_outcome_step(MsParseState *st, const char *what, GError **error);
/* An `lxc` or `incus` command line. */
gboolean ms_parse_is_client_line(const char *line);
gint ms_parse_run_error_parens(const char *text);
gboolean ms_parse_is_markdown_fence(const char *line);
/* Parses @line as a line of the file of its own (ms-scenario.c). */
gboolean ms_parse_line(MsParseState *st, const char *line, GError **error);
/* ---- ms-shell-chain.c: `A ; B`, `A || B`, `! A`, `time A`, `watch A`,
 * `A |grep` ---- */
gboolean ms_shell_chain_is_line(const char *line);
gboolean ms_parse_shell_chain(MsParseState *st, const char *line, GError **error);
/* @step, an `lxc exec` whose exit status decides the line (`! A`, `A || B`,
 * `A && B`), made a step that is not simulated: past LXD's checks that
 * status is the command's in the guest (ms-shell-chain.c) */
void ms_parse_exec_status_unknown(MsStep *step);
/* lxc's `Try ...info --show-log` hint after a failed start */
gboolean ms_parse_is_trailer_line(const char *line);

/* The line after a shell prompt ("$ ", "user@host:~$ "), or NULL. */
const char *ms_parse_strip_prompt(const char *line);
char *ms_parse_commented_hint(const MsParseState *st);
/* Does @line start something of the scenario's own (a command, an
 * outcome, a directive, a comment) rather than output lxc printed? */
gboolean ms_parse_is_scenario_line(const char *line);

/* Gives @op what its line had on standard input (st->stdin_text): only
 * the edit verbs read it, and they need it; the YAML is checked against
 * the subset migsim reads. */
gboolean ms_parse_attach_stdin(MsParseState *st, MsOp *op, GError **error);

/* ---- ms-scenario-errors.c ---- */

/* Records the error of @line (takes @line_error); FALSE when the parse
 * cannot go on safely after it. */
gboolean ms_parse_record_error(MsParseState *st, GError *line_error, const char *line);
/* TRUE when @line belongs to the bad command above it (its outcome, its
 * output) and is skipped. */
gboolean ms_parse_skipped_after_error(MsParseState *st, const char *line);
/* Sets @error to every recorded error, one per line; FALSE when any. */
gboolean ms_parse_errors_finish(MsParseState *st, GError **error);

/* ---- ms-scenario-expect.c ---- */

/* `Error: TEXT`, `Error[SET]: TEXT` and lxc's `Try ...` trailer: sets
 * *@handled when @line is one of them. */
gboolean ms_parse_outcome_line(MsParseState *st, const char *line, gboolean *handled, GError **error);
/* `expect ...` (@set_text NULL) and `expect[SET] ...` */
gboolean ms_parse_expectation(MsParseState *st, char **argv, guint argc, const char *line,
                              const char *set_text, GError **error);

/* ---- ms-scenario-directives.c ---- */

/* Adds @base's members as if a `members` line had listed them. */
void ms_parse_adopt_base(MsParseState *st, const MsStateFile *base);
/* One line split into words: an `lxc`/`incus` command (@background_line:
 * the line without its `&`, or NULL) or a directive. */
gboolean ms_parse_words(MsParseState *st, char **argv, gint argc, const char *line,
                        const char *background_line, GError **error);

/* ---- ms-scenario-names.c ---- */

/* Names an assertion refers to must be created somewhere in the file:
 * every unknown one is reported. */
gboolean ms_parse_check_names(MsParseState *st, GError **error);

/* ---- ms-scenario-paste-setup.c ---- */

/* Where a file's first command starts when it is a pasted table `lxc
 * cluster list` with no `members` or `state` before it; @length when not. */
gsize ms_parse_cluster_list_offset(const MsParseState *st, const char *text, gsize length);
/* @text starts with that command: its table's set-up lines
 * (ms_paste_cluster_list_setup), read as if they came before it, and the
 * notes on what they do not set up as narration of the next step. */
gboolean ms_parse_cluster_list_setup(MsParseState *st, const char *text, gsize length, GError **error);

G_END_DECLS
