/* migsim: what `migsim preflight` finds (filled by sim/tools/ms-preflight.c)
 * and its text and JSON writers. */
#pragma once

#include <stdio.h>

#include "ms-report.h"

G_BEGIN_DECLS

typedef enum {
    MS_FATE_MOVED, /* cold migration (and started there if it ran) */
    MS_FATE_LIVE_MIGRATED,
    MS_FATE_STOPPED,     /* was running, stopped, stays on the member */
    MS_FATE_STAYS,       /* already stopped, stays on the member */
    MS_FATE_NO_TARGET,   /* should move, but no member can take it */
    MS_FATE_FAILED,      /* the evacuation fails on it */
    MS_FATE_NOT_REACHED, /* the operation stopped before it */
    MS_FATE_STARTED,     /* restore: started on the member */
    MS_FATE_MOVED_BACK,  /* restore: migrated back to the member */
} MsFate;

const char *ms_fate_to_string(MsFate fate); /* "moved", "stopped" ... */

typedef struct {
    char *instance;
    MsFate fate;
    char *to;         /* MOVED, LIVE_MIGRATED */
    gboolean started; /* MOVED: started on the target */
    MsRuleId rule;    /* why it stays (STOPPED, STAYS, FAILED), MS_RULE_NONE if none */
    char *device;     /* the device that decided it, nullable */
    char *reason;     /* plain words, nullable */
    gboolean is_new;  /* before the change it would have moved */
} MsPreflightFate;

typedef struct {
    char *title;         /* what it does, in words */
    GPtrArray *commands; /* (element-type utf8) `lxc` command lines, may be empty */
    gboolean checked;    /* simulated: the commands, then the restore again */
    gboolean works;      /* with it, this instance no longer fails the restore */
    char *result;        /* what the simulation gave, or why it was not simulated */
} MsWayOut;

typedef struct {
    char *instance;
    MsRuleId rule;
    char *error;         /* as `lxc` prints it after "Error: " */
    char *device;        /* nullable */
    gboolean is_new;     /* the restore did not fail on it before the change */
    gboolean hidden;     /* found only once earlier failures were out of the way */
    GPtrArray *ways_out; /* (element-type MsWayOut) */
} MsRestoreFailure;

typedef struct {
    char *name;
    char *skipped; /* why the member was not checked, nullable */
    gboolean evacuate_ok;
    char *evacuate_error;
    MsRuleId evacuate_rule;
    GPtrArray *fates; /* (element-type MsPreflightFate) instances on the member */
    gboolean restore_tried;
    gboolean restore_ok; /* the first restore attempt succeeds */
    GPtrArray *restored; /* (element-type MsPreflightFate) the first attempt, by instance */
    GPtrArray *failures; /* (element-type MsRestoreFailure) */
    char *restore_error; /* a failure not tied to an instance, nullable */
    MsRuleId restore_rule;
} MsPreflightMember;

typedef struct {
    char *text;
    gboolean ok; /* met its expectation (default: succeeded) */
    char *error; /* as `lxc` prints it, nullable */
    MsRuleId rule;
    char *mismatch; /* for a scenario step that failed its expectation */
    MsOutcome *outcome;
    /* refused by instances using the profile, the profile saved all the
     * same (PROFILE.UPDATE_SAVED): a problem, and the state after it is
     * the changed one */
    gboolean saved;
} MsPreflightStep;

typedef struct {
    const MsProfile *profile;
    char *source; /* state file or remote */
    char *server_version;
    guint n_members;
    guint n_instances;
    GPtrArray *steps; /* (element-type MsPreflightStep) the change */
    gboolean accepted;
    /* set when the change is itself an evacuation or restore */
    MsPreflightMember *plan;
    GPtrArray *members; /* (element-type MsPreflightMember) the sweep */
    guint n_problems;
    GPtrArray *results; /* (element-type MsScenarioResult) for --html, nullable */
} MsPreflightReport;

void ms_preflight_fate_free(MsPreflightFate *fate);
void ms_way_out_free(MsWayOut *way);
void ms_restore_failure_free(MsRestoreFailure *failure);
void ms_preflight_member_free(MsPreflightMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsPreflightMember, ms_preflight_member_free)
void ms_preflight_step_free(MsPreflightStep *step);
void ms_preflight_report_free(MsPreflightReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsPreflightReport, ms_preflight_report_free)

/* The report as the terminal shows it, and as JSON (docs/preflight.md). */
char *ms_preflight_text(const MsPreflightReport *report);
/* The same text written to @file, piece by piece (no string of it all) */
void ms_preflight_text_write(const MsPreflightReport *report, FILE *file);
char *ms_preflight_json(const MsPreflightReport *report);

G_END_DECLS
