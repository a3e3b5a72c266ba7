/* migsim: command-line commands and what they share. */
#pragma once

#include <glib.h>

#include "ms-runner.h"
#include "ms-scenario.h"

G_BEGIN_DECLS

/* Exit codes, documented in docs/cli.md. */
enum {
    MS_EXIT_OK = 0,
    MS_EXIT_FAILED = 1,    /* an expectation failed / a difference / below threshold */
    MS_EXIT_USAGE = 2,     /* bad option or argument */
    MS_EXIT_INPUT = 3,     /* bad scenario or state file */
    MS_EXIT_LIVE = 4,      /* cluster unreachable, not LXD, or refused for safety */
    MS_EXIT_INTERNAL = 99, /* output could not be written, or a bug */
};

/* A command's failure: the code is the exit status (MS_EXIT_*), the message
 * what main prints after "migsim: error: " (one line per line, already
 * escaped for the terminal); an empty message when the command has said
 * all there is to say, as when an expectation failed. */
#define MS_CLI_ERROR (ms_cli_error_quark())
GQuark ms_cli_error_quark(void);

/* Every `migsim` command: TRUE for exit status 0, else FALSE and @error
 * (flatpak's FlatpakCommand shape; main prints the error once). */
typedef gboolean (*MsCommandFunc)(int argc, char **argv, GError **error);

typedef struct {
    const char *name;
    const char *summary;
    MsCommandFunc run;
} MsCommand;

gboolean ms_cmd_run(int argc, char **argv, GError **error);
gboolean ms_cmd_state(int argc, char **argv, GError **error);
gboolean ms_cmd_profiles(int argc, char **argv, GError **error);
gboolean ms_cmd_rules(int argc, char **argv, GError **error);
gboolean ms_cmd_coverage(int argc, char **argv, GError **error);
gboolean ms_cmd_matrix(int argc, char **argv, GError **error);
gboolean ms_cmd_replay(int argc, char **argv, GError **error);
gboolean ms_cmd_explore(int argc, char **argv, GError **error);
gboolean ms_cmd_bench(int argc, char **argv, GError **error);
gboolean ms_cmd_import(int argc, char **argv, GError **error);
gboolean ms_cmd_preflight(int argc, char **argv, GError **error);
gboolean ms_cmd_serve(int argc, char **argv, GError **error);
gboolean ms_cmd_shell(int argc, char **argv, GError **error);

/* Sets @error (MS_CLI_ERROR, @code) to the formatted, escaped message and
 * returns FALSE: `return ms_cli_throw(error, MS_EXIT_USAGE, "...", ...)`. */
gboolean ms_cli_throw(GError **error, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* The same for a message of several lines (a scenario file's errors, one
 * per line): each line escaped, one "migsim: error:" line each. */
gboolean ms_cli_throw_lines(GError **error, int code, const char *lines);
/* @status as a command's result: TRUE for MS_EXIT_OK, else FALSE with an
 * empty-message error carrying the status (the command printed why). */
gboolean ms_cli_status(GError **error, int status);
/* The exit status of a command's result (MS_EXIT_INTERNAL for an error of
 * another domain, which is a bug). */
int ms_cli_exit_code(const GError *error);

/* --remote and its TLS options, shared by import and preflight. */
typedef struct {
    char *remote;
    char *client_cert;
    char *client_key;
    char *server_cert;
    gboolean insecure;
} MsRemoteOptions;

void ms_remote_options_clear(MsRemoteOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsRemoteOptions, ms_remote_options_clear)
/* Adds --remote, --client-cert, --client-key, --server-cert, --insecure. */
void ms_remote_options_add(GOptionContext *context, MsRemoteOptions *options);
/* Connects and imports; prints the warnings (stderr); *@text (optional)
 * gets the state file's text (ms_import_cluster()).  NULL with @error
 * (MS_EXIT_USAGE or MS_EXIT_LIVE) on failure. */
MsStateFile *ms_remote_import(const MsRemoteOptions *options, char **text, GError **error);

/* Colour decision: --color flag, then NO_COLOR, then TERM=dumb, then isatty. */
gboolean ms_cli_use_color(const char *flag, int fd);
/* --color WHEN (NULL when not given); a usage error unless it is auto,
 * always or never. */
gboolean ms_cli_check_color(const char *flag, GError **error);
/* Scenario files named by @args (files, or directories searched for *.scn,
 * sorted).  A usage error when a path is missing. */
gboolean ms_cli_collect_files(char **args, GPtrArray *files, GError **error);
/* For commands that take one scenario file: a usage error when @path is
 * missing or a directory; anything else is left to the loader. */
gboolean ms_cli_check_one_file(const char *path, const char *command, GError **error);
/* Parses every file first (each on @base's cluster when @base is given);
 * an input error listing every file's error if any failed (nothing must
 * run then). */
gboolean ms_cli_load_scenarios(GPtrArray *files, const MsStateFile *base, GPtrArray *scenarios,
                               GError **error);
/* Is @scenario written for @profile: its `profile` line or state file's
 * release, else its `releases` line, else the releases its per-release
 * expectations name, else the latest release.  What run --all-profiles
 * and coverage run it under: elsewhere its expectations are no claims. */
gboolean ms_cli_written_for(const MsScenario *scenario, const MsProfile *profile);
/* --profile NAME, or NULL; a usage error if unknown. */
gboolean ms_cli_parse_profile(const char *name, const MsProfile **profile, GError **error);
/* Should a command free what it built just before the process exits?
 * FALSE only in a release build (MS_EXIT_WITHOUT_FREE, meson.build) that
 * runs neither under valgrind nor with MIGSIM_FREE_AT_EXIT set; sanitized
 * builds never define it.  A command that skips the free passes the
 * block to ms_cli_keep_until_exit(). */
gboolean ms_cli_free_at_exit(void);
/* Keeps @data (freed by @free_func when freeing is wanted) reachable from
 * a static until the process exits, so that no leak checker calls it lost. */
void ms_cli_keep_until_exit(gpointer data, GDestroyNotify free_func);
/* Writes @contents to @path atomically (no half-written file on failure);
 * MS_EXIT_INTERNAL when it cannot. */
gboolean ms_cli_write_file(const char *path, const char *contents, gssize length, GError **error);
/* Writes @writer's document for @results to @path; TRUE without writing
 * when @path is NULL (the option was not given). */
gboolean ms_cli_write_report(const char *path, char *(*writer)(GPtrArray *results), GPtrArray *results,
                             GError **error);
/* A usage error when an option of @entries that takes one value is given
 * twice (GOption would silently keep the last); call before parsing. */
gboolean ms_cli_check_repeated(int argc, char **argv, const GOptionEntry *entries, const char *command,
                               GError **error);
/* --max-state-size SIZE (docs/preflight.md#state-files): the size limit
 * of every state file this run reads (--state, a scenario's `state FILE`),
 * for the commands that read them. */
gboolean ms_cli_max_state_size_option(const char *name, const char *value, gpointer data, GError **error);
#define MS_CLI_MAX_STATE_SIZE_ENTRY                                                                   \
    {                                                                                                 \
        "max-state-size", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) ms_cli_max_state_size_option,       \
            "read state files of up to SIZE bytes (suffix K, M or G; default 8M, at most 4G)", "SIZE" \
    }
/* Parses options; a usage error naming the command. */
gboolean ms_cli_parse_options(GOptionContext *context, int *argc, char ***argv, const char *command,
                              GError **error);

G_END_DECLS
