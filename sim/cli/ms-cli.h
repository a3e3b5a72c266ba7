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

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} MsCommand;

int ms_cmd_run(int argc, char **argv);
int ms_cmd_state(int argc, char **argv);
int ms_cmd_profiles(int argc, char **argv);
int ms_cmd_rules(int argc, char **argv);
int ms_cmd_coverage(int argc, char **argv);
int ms_cmd_matrix(int argc, char **argv);
int ms_cmd_replay(int argc, char **argv);
int ms_cmd_explore(int argc, char **argv);
int ms_cmd_bench(int argc, char **argv);
int ms_cmd_import(int argc, char **argv);
int ms_cmd_preflight(int argc, char **argv);
int ms_cmd_serve(int argc, char **argv);

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
/* Connects and imports; prints the error and the warnings (stderr).  Sets
 * *exit_code (MS_EXIT_USAGE or MS_EXIT_LIVE) when it returns NULL. */
MsStateFile *ms_remote_import(const MsRemoteOptions *options, int *exit_code);

/* Colour decision: --color flag, then NO_COLOR, then TERM=dumb, then isatty. */
gboolean ms_cli_use_color(const char *flag, int fd);
/* --color WHEN (NULL when not given); prints the error and returns FALSE
 * unless it is auto, always or never. */
gboolean ms_cli_check_color(const char *flag);
/* Scenario files named by @args (files, or directories searched for *.scn,
 * sorted).  FALSE + message on stderr when a path is missing. */
gboolean ms_cli_collect_files(char **args, GPtrArray *files);
/* For commands that take one scenario file: FALSE + message when @path is
 * missing or a directory (usage); anything else is left to the loader. */
gboolean ms_cli_check_one_file(const char *path, const char *command);
/* Parses every file first; prints each error and returns FALSE if any
 * failed (nothing must run then). */
gboolean ms_cli_load_scenarios(GPtrArray *files, GPtrArray *scenarios);
/* --profile NAME, or NULL; prints the error and returns FALSE if unknown. */
gboolean ms_cli_parse_profile(const char *name, const MsProfile **profile);
/* Writes @contents to @path atomically (no half-written file on failure). */
gboolean ms_cli_write_file(const char *path, const char *contents, gssize length);
/* Writes @writer's document for @results to @path; TRUE without writing
 * when @path is NULL (the option was not given). */
gboolean ms_cli_write_report(const char *path, char *(*writer)(GPtrArray *results), GPtrArray *results);
/* Parses options; prints the error with the command's name and returns FALSE. */
gboolean ms_cli_parse_options(GOptionContext *context, int *argc, char ***argv, const char *command);
void ms_cli_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

G_END_DECLS
