/* migsim: runs a parsed scenario against the model and collects results. */
#pragma once

#include "ms-cluster.h"
#include "ms-report.h"
#include "ms-scenario.h"
#include "ms-target.h"

G_BEGIN_DECLS

typedef struct {
    const MsProfile *profile_override; /* --profile, nullable */
    gboolean capture_state;            /* keep the cluster JSON after each step */
    gboolean explain;                  /* plain-words explanation per step */
    /* called before each step (for --step); may be NULL */
    void (*before_step)(const MsStep *step, gpointer user_data);
    /* called after each step with its result (for streaming output) */
    void (*after_step)(const MsStepResult *result, gpointer user_data);
    gpointer user_data;
    /* asked before each step (after before_step): TRUE ends the run there
     * (--step's q and b); may be NULL */
    gboolean (*stop)(gpointer user_data);
    /* a second cluster run in lockstep with the model (ms-target.h), e.g. a
     * real one for `migsim replay`; may be NULL */
    MsTarget *target;
    /* no timing notes (each costs a second run of a command that places
     * instances): preflight, a dry run */
    gboolean no_timing_notes;
    /* `&`, `step` and `wait` are not run: such a step fails with this reason
     * (preflight); may be NULL */
    const char *refuse_jobs;
    /* the steps keep no rule hits (MsStepResult.hits stays NULL): nothing
     * of the run reads them (`migsim run` without --json, --html,
     * --verbose or --explain); the ledger still counts every check */
    gboolean no_rule_hits;
} MsRunOptions;

/* The release a scenario runs under: --profile, else its `profile`
 * directive, else its state file's release, else the latest.  NULL + error for an unknown name. */
const MsProfile *ms_runner_pick_profile(const MsScenario *scenario, const MsRunOptions *options,
                                        GError **error);

/* Builds the initial cluster of @scenario (members, roles), or a copy of its
 * `state` file's cluster. */
MsCluster *ms_runner_initial_cluster(const MsScenario *scenario);

/* Runs @scenario; (transfer full).  *final_cluster receives the cluster at
 * the end when non-NULL. */
MsScenarioResult *ms_runner_run(const MsScenario *scenario, const MsProfile *profile,
                                const MsRunOptions *options, MsCluster **final_cluster);

/* The step loop itself: runs @steps (element-type MsStep) on @cluster,
 * changed in place, from the client member @client, into @result; with
 * options->target, in lockstep with it.  FALSE when the target stopped the
 * run before its end (a failed exchange, an interruption). */
gboolean ms_runner_run_steps(MsCluster *cluster, const char *client, GPtrArray *steps,
                             const MsProfile *profile, const MsRunOptions *options, MsScenarioResult *result);

/* Applies a directive step (pool, on, fault) to @cluster; *client is the
 * current client member. */
void ms_runner_apply_directive(MsCluster *cluster, const MsStep *step, char **client);

/* Evaluates an assertion step; returns TRUE when it holds, else sets *why. */
gboolean ms_runner_check_assertion(const MsCluster *cluster, const MsProfile *profile, const MsStep *step,
                                   char **why);

/* FALSE when the expectation of command @step under @profile is `expect any`. */
gboolean ms_runner_expectation_checked(const MsStep *step, const MsProfile *profile);

/* Does @outcome meet the command step's expectation under @profile (an
 * `Error[SET]:` line for it, else the plain one)?  Sets *why if not. */
gboolean ms_runner_expectation_met(const MsStep *step, const MsProfile *profile, const MsOutcome *outcome,
                                   char **why);

/* "ok", "Error: …", "error containing \"…\"", "any"; "… [for SET]" when a
 * release-qualified line decided it. */
char *ms_runner_describe_expectation(const MsStep *step, const MsProfile *profile);

G_END_DECLS
