/* migsim: scenario files (.scn): parsing and static checks.
 *
 * A scenario is what a user pastes from a terminal or a bug report: `lxc`
 * commands (optionally after a shell prompt), the error lines lxc printed,
 * and a few directives and assertions.  Parsing is complete before anything
 * runs: an unsupported command or an unknown name fails the whole file. */
#pragma once

#include <glib.h>

#include "ms-op.h"
#include "ms-state-file.h"

G_BEGIN_DECLS

#define MS_SCENARIO_ERROR (ms_scenario_error_quark())
GQuark ms_scenario_error_quark(void);

typedef enum {
    MS_SCENARIO_ERROR_SYNTAX,
    MS_SCENARIO_ERROR_UNSUPPORTED,
    MS_SCENARIO_ERROR_UNKNOWN_NAME,
    MS_SCENARIO_ERROR_IO,
} MsScenarioErrorCode;

typedef enum {
    MS_EXPECT_OK,             /* default: the command must succeed */
    MS_EXPECT_ERROR_EXACT,    /* Error: MESSAGE (as lxc prints it) */
    MS_EXPECT_ERROR_ANY,      /* expect error */
    MS_EXPECT_ERROR_CONTAINS, /* expect error "TEXT" */
    MS_EXPECT_ANY,            /* expect any */
    MS_EXPECT_TIMEOUT,        /* expect timeout: the operation never completes */
} MsExpectKind;

typedef enum {
    MS_STEP_COMMAND,
    MS_STEP_POOL,    /* pool NAME DRIVER */
    MS_STEP_ON,      /* on MEMBER */
    MS_STEP_FAULT,   /* fault member NAME offline|online|... */
    MS_STEP_ASSERT,  /* expect instance|profile|member|volume|server ... */
    MS_STEP_SLEEP,   /* sleep DURATION: the simulated clock moves on */
    MS_STEP_NOOP,    /* an lxc command that changes nothing migsim models (lxc exec, lxc info ...) */
    MS_STEP_WAIT,    /* wait [%N]: the job(s) run to their end; carries job N's expected outcome */
    MS_STEP_ADVANCE, /* step %N: job N runs its next step */
} MsStepKind;

typedef enum {
    MS_ASSERT_INSTANCE_STATUS,
    MS_ASSERT_INSTANCE_LOCATION,
    MS_ASSERT_INSTANCE_CONFIG,
    MS_ASSERT_INSTANCE_EXPANDED,
    MS_ASSERT_INSTANCE_DEVICE,
    MS_ASSERT_PROFILE_DEVICE,
    MS_ASSERT_MEMBER_STATUS,
    MS_ASSERT_VOLUME_LOCATION,
    MS_ASSERT_SERVER,
    MS_ASSERT_INSTANCE_EXISTS,
    MS_ASSERT_INSTANCE_PROJECT, /* expect instance NAME project PROJECT */
    MS_ASSERT_MEMBER_ROLE,      /* expect member NAME role ROLE */
    MS_ASSERT_MEMBER_GROUP,     /* expect member NAME group [not] GROUP */
} MsAssertKind;

/* An outcome that holds under some releases only: `Error[SET]: MESSAGE`,
 * `expect[SET] ok|any|error ["TEXT"]`. */
typedef struct {
    MsExpectKind kind;
    char *text; /* the message (ERROR_EXACT, ERROR_CONTAINS) */
    guint line;
    MsReleaseMask releases;
    char *releases_text; /* as written: "lxd-5.21.0..5.21.4" */
} MsReleaseExpect;

typedef struct {
    MsStepKind kind;
    guint line;
    char *text; /* the line as written, prompt removed */
    /* the comment lines just above the step, '#' removed, joined by '\n':
     * the story a trainer tells (shown by run --narrate, --step, HTML) */
    char *narration; /* nullable */
    /* MS_STEP_COMMAND */
    MsOp *op;
    MsExpectKind expect;
    char *expect_text;
    guint expect_line;
    /* (element-type MsReleaseExpect) outcomes for some releases: they take
     * precedence over `expect` under those releases; never overlapping */
    GPtrArray *release_expects;
    /* MS_STEP_POOL / ON / FAULT */
    char *name;
    char *driver;
    char *fault;
    guint64 sleep_ms; /* MS_STEP_SLEEP */
    /* lines pasted after a command: what lxc printed (compared) */
    GPtrArray *output_lines; /* (element-type utf8) nullable */
    guint output_line;
    /* "Try `lxc info --show-log NAME` for more info" after an Error: line */
    char *error_trailer;
    /* lxc's question before `cluster evacuate|restore` as pasted, without
     * the answer typed after it (the last one asked), and that answer;
     * @confirm_invalid: answers before it that lxc refused */
    /* `ssh MEMBER lxc ...`: the member whose lxc sends this command */
    char *client_member;
    char *confirm_question;
    char *confirm_answer;
    guint confirm_invalid;
    const char *noop_reason; /* MS_STEP_NOOP, static */
    /* why the output block is not compared (static), whatever the command:
     * `lxc ... | grep ...` (another program's), `lxc --debug` (log lines
     * between lxc's own), a shell loop's (every pass's); NULL: compared */
    const char *output_not_compared;
    /* `lxc ... &` (a COMMAND run in the background as job @job), `wait %N`,
     * `step %N` (@job N; 0 for a `wait` of every job) */
    gboolean background;
    gboolean and_after; /* `A && B`: runs only when the command before succeeded */
    gboolean or_after;  /* `A || B`: runs only when the command before failed */
    /* `A ; B`, `A || B`: when A failed, the outcome pasted after the line
     * is A's error (the first one bash printed) */
    gboolean list_after;
    guint job;
    /* MS_STEP_ASSERT */
    MsAssertKind assert_kind;
    char *subject; /* instance, profile, member, POOL/NAME, server key */
    char *device;
    char *key;
    char *value; /* "unset" = absent */
    gboolean negate;
    /* `expect[SET] ...`: checked under these releases only (0: all) */
    MsReleaseMask only;
    char *only_text;
    /* MS_STEP_POOL, MS_STEP_ASSERT: the remote it is about (`pool
     * REMOTE:NAME ...`, `expect instance REMOTE:NAME ...`); NULL: the
     * scenario's own cluster */
    char *remote;
} MsStep;

void ms_step_free(MsStep *step);

/* `remote NAME members M...` / `remote NAME standalone`: a further remote
 * lxc reaches as NAME: (docs/scenario-language.md#remotes). */
typedef struct {
    char *name;
    gboolean standalone; /* one member, "none", not clustered */
    GPtrArray *members;  /* (element-type utf8) */
} MsScenarioRemote;

typedef struct {
    char *path;
    char *title;
    /* the comment block that opens the file, before any other line */
    char *description;  /* nullable */
    char *profile_name; /* NULL: latest release or --profile */
    guint profile_line; /* of the 'profile' directive, for messages */
    GPtrArray *members; /* (element-type utf8) */
    GPtrArray *steps;   /* (element-type MsStep) */
    /* `state FILE`: the cluster to start from (members come from it) */
    char *state_path;   /* as resolved against the scenario's directory */
    MsStateFile *state; /* nullable */
    /* `releases SET`: what --all-profiles and matrix run (0: every release) */
    MsReleaseMask releases;
    char *releases_text;
    guint incus_line;   /* of the first `incus` command, 0: none */
    GPtrArray *remotes; /* (element-type MsScenarioRemote) nullable */
} MsScenario;

/* The remote @name declared by @scenario, or NULL. */
const MsScenarioRemote *ms_scenario_lookup_remote(const MsScenario *scenario, const char *name);

/* Input limits (docs/scenario-language.md): a scenario file's size, and a
 * logical line's length with its continuations joined. */
#define MS_SCENARIO_MAX_SIZE ((gsize) 4 * 1024 * 1024)
#define MS_SCENARIO_MAX_LINE 65536u
/* A file's errors reported one per line: at most this many, then "PATH: N
 * more errors" (bounded output on hostile input). */
#define MS_SCENARIO_MAX_ERRORS 20u
/* A state file's size by default (docs/preflight.md); --max-state-size
 * raises or lowers it for the whole process, within these bounds (a bound
 * on memory and time a user chooses, never none: the loaded tree and the
 * model take about 10 times the file's size). */
#define MS_STATE_MAX_SIZE ((gsize) 8 * 1024 * 1024)
#define MS_STATE_MAX_SIZE_FLOOR ((gsize) 1024)
#define MS_STATE_MAX_SIZE_CEILING ((gsize) 4 * 1024 * 1024 * 1024)
/* The limit ms_state_file_load() applies (MS_STATE_MAX_SIZE unless set). */
gsize ms_state_file_max_size(void);
void ms_state_file_set_max_size(gsize max_size);
/* @text as a size: digits with an optional K, M or G (or KiB, MiB, GiB:
 * powers of 1024), between MS_STATE_MAX_SIZE_FLOOR and
 * MS_STATE_MAX_SIZE_CEILING; FALSE with the reason in words otherwise. */
gboolean ms_state_file_parse_max_size(const char *text, gsize *max_size, GError **error);
/* The same between @floor_size and @ceiling_size. */
gboolean ms_input_parse_size(const char *text, gsize floor_size, gsize ceiling_size, gsize *size,
                             GError **error);
/* @size in words for messages: "8 MiB", "1536 KiB", "1000 bytes". */
char *ms_input_size_text(gsize size);

/* A whole input file, read only if it is a regular file of at most a
 * given size (a FIFO would block, /dev/zero never end). */
typedef struct {
    char *text; /* NUL-terminated */
    gsize length;
} MsInput;

/* (transfer full) the file, or NULL with an MS_SCENARIO_ERROR_IO error
 * that begins with @path and says what is wrong in words (a FIFO, a link
 * loop, a dangling link, too large).  @what: "scenario files" ...;
 * @raise: how to raise the limit, for the "too large" message, or NULL. */
MsInput *ms_input_read(const char *path, const char *what, gsize max_size, const char *raise, GError **error);
void ms_input_free(MsInput *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsInput, ms_input_free)

/* On failure the error lists every error of the file, one per line, each
 * "PATH:LINE: why" (escaped for a terminal, ms-escape.h), in line order;
 * its code is the first one's. */
MsScenario *ms_scenario_parse(const char *path, const char *text, gsize length, GError **error);
MsScenario *ms_scenario_load(const char *path, GError **error);
/* Parses steps to run on top of (a copy of) @base: its members and objects
 * count as declared, and the file needs neither `members` nor `state`. */
MsScenario *ms_scenario_load_on(const char *path, const MsStateFile *base, GError **error);
/* Reads and loads a state file; the error names the file. */
MsStateFile *ms_state_file_load(const char *path, GError **error);
void ms_scenario_free(MsScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsScenario, ms_scenario_free)

/* Parses the argv of one `lxc` command (argv[0] == "lxc"). */
MsOp *ms_lxc_parse(char **argv, GError **error);
/* The `lxc` command that would be typed for @op (used by the explorer). */
char *ms_op_to_command(const MsOp *op);

const char *ms_expect_describe(MsExpectKind kind);

/* Is @step checked under @profile (an `expect[SET]` assertion outside SET is not)? */
gboolean ms_step_applies(const MsStep *step, const MsProfile *profile);
/* The releases @scenario is run under by --all-profiles and matrix. */
MsReleaseMask ms_scenario_releases(const MsScenario *scenario);
/* Is the scenario written for Incus (its profile line, else `incus`
 * commands)? */
gboolean ms_scenario_for_incus(const MsScenario *scenario);
/* Why @op cannot run under @profile as typed (an `incus` command under an
 * LXD release, an `lxc` command Incus has no equivalent of), or NULL.
 * When @translated is set and Incus spells an `lxc` command otherwise, it
 * receives the Incus command line. */
char *ms_lxc_client_refusal(const MsOp *op, const MsProfile *profile, char **translated);

G_END_DECLS
