/* migsim: what a run produced, as the report writers read it.  Filled by the
 * runner (sim/), read-only for reports/. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ms-op.h"
#include "ms-rules.h"
#include "ms-version.h"

G_BEGIN_DECLS

#define MS_REPORT_SCHEMA_VERSION 1

typedef enum {
    MS_RESULT_COMMAND,
    MS_RESULT_ASSERT,
    MS_RESULT_DIRECTIVE,
} MsResultKind;

typedef struct {
    MsResultKind kind;
    guint line;
    char *text;         /* as written in the scenario */
    char *narration;    /* the comment above the step (nullable) */
    MsOutcome *outcome; /* commands */
    MsOpKind op_kind;   /* commands: what ran (ms_op_defs flags) */
    char *expected;     /* "ok", "Error: …", "error containing …", "any", assertion text */
    gboolean met;
    gboolean not_applicable; /* an `expect[SET]` check run under a release outside SET */
    gboolean unchecked;      /* commands with `expect any`: the outcome was not compared */
    char *mismatch;          /* why the expectation failed */
    GPtrArray *hits;         /* (element-type MsRuleHit) rules evaluated by this step */
    JsonNode *state;         /* cluster after the step (nullable) */
    char *explanation;       /* --explain */
    /* live replay */
    gboolean has_live;
    gboolean live_ok;
    char *live_error;
    GPtrArray *live_diffs; /* (element-type utf8) */
    JsonNode *live_state;
} MsStepResult;

void ms_step_result_free(MsStepResult *result);
/* A failed step whose expectation and outcome are two error texts: the
 * words that differ (element-type MsDiffPiece, see ms-word-diff.h), or
 * NULL (a step that passed, an assertion, an ok on either side, texts that
 * share no word). The actual side is "Error: " + the client's text, the
 * form the expectation is written in. */
GPtrArray *ms_step_result_word_diff(const MsStepResult *result);

typedef struct {
    char *path;
    char *title;
    char *description; /* the comment opening the file (nullable) */
    const MsProfile *profile;
    GPtrArray *steps; /* (element-type MsStepResult) */
    guint n_commands;
    guint n_checks;
    guint n_failed;
    MsLedger *ledger;
    JsonNode *initial_state;
    gboolean is_replay;
    /* a file that could not be loaded (nothing ran): its message, "PATH:LINE:
     * why" or "PATH: why", and that LINE (0 when the error names none);
     * profile is NULL then */
    char *load_error;
    guint load_line;
} MsScenarioResult;

MsScenarioResult *ms_scenario_result_new(const char *path, const MsProfile *profile);
void ms_scenario_result_free(MsScenarioResult *result);
/* The result of a file that could not be loaded (@message as the loader
 * wrote it: "PATH:LINE: why" gives load_line). */
MsScenarioResult *ms_scenario_result_new_load_error(const char *path, const char *message);
/* How many of @results are files that could not be loaded. */
guint ms_report_count_load_errors(GPtrArray *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsScenarioResult, ms_scenario_result_free)

/* Terminal transcript of one scenario. */
typedef struct {
    gboolean color;
    gboolean verbose; /* rule hits */
    gboolean narrate; /* comments above steps, as "# ..." lines */
} MsTextOptions;

void ms_report_text_scenario(GString *out, const MsScenarioResult *result, const MsTextOptions *options);
/* The "== path: title [release]" and "-- path: counts" lines around a scenario. */
void ms_report_text_header(GString *out, const char *path, const char *title, const MsProfile *profile,
                           const MsTextOptions *options);
void ms_report_text_footer(GString *out, const MsScenarioResult *result);
/* @text with control characters shown as \xNN (transfer full). */
char *ms_text_visible(const char *text);
/* A scenario comment as the transcript shows it, each line "      # ...". */
void ms_report_text_narration(GString *out, const char *narration, const MsTextOptions *options);
void ms_report_text_step(GString *out, const MsStepResult *step, const MsTextOptions *options);
void ms_report_text_summary(GString *out, GPtrArray *results, const MsTextOptions *options);

G_END_DECLS
