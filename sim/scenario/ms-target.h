/* migsim: a second cluster that the step loop (ms-runner.c) drives in
 * lockstep with the model, after libvirt's driver table: a small set of
 * function pointers.  Per step the loop sends the step to the target first,
 * then runs it on the model, compares the two answers (and each assertion
 * on the target's last read-back), and reads the target back after a
 * change.  `migsim replay` plugs a real LXD or Incus cluster in
 * (sim/cli/ms-cli-replay-steps.c); see docs/architecture.md. */
#pragma once

#include "ms-cluster.h"
#include "ms-report.h"
#include "ms-scenario.h"

G_BEGIN_DECLS

typedef struct _MsTarget MsTarget;

/* One step on the target.  The loop sets @step and owns the rest; the
 * target's hooks fill it. */
typedef struct {
    const MsStep *step;
    MsOutcome *outcome; /* the target's answer to a command or a `pool`; NULL when none */
    GPtrArray *notes;   /* (element-type utf8) what to say about the step besides the answer */
    gboolean changed;   /* the step may have changed the target: read it back */
    gboolean not_run;   /* the target stopped before the step: neither side ran it */
    char *failure;      /* the exchange itself failed: the loop stops after this step */
    /* the model succeeded and the target failed with one of the errors
     * placement timing allows (MsOutcome.timing_errors): the target's
     * diff hook may follow it */
    gboolean timing_failed;
} MsTargetStep;

/* Does the model's error @sim meet @wanted, a text LXD printed (@exact:
 * equal to it, else containing it)?  A member address the model writes as
 * "<address of cluster member "M">" stands for any host:port in @wanted. */
gboolean ms_target_text_meets(const char *sim, const char *wanted, gboolean exact);

void ms_target_step_clear(MsTargetStep *ts);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsTargetStep, ms_target_step_clear)

typedef struct {
    /* how differences name the target: "simulated ok, live Error: …" */
    const char *name;
    /* Sends ts->step to the target, before the model runs it: @model is the
     * model's cluster before the step, @env the request's context (client
     * member, release).  Called for every step; sets ts->not_run (with
     * ts->failure) to stop before it.  FALSE + @error when the exchange
     * failed; a refusal is an answer (ts->outcome). */
    gboolean (*apply)(MsTarget *target, MsTargetStep *ts, const MsEnv *env, const MsCluster *model,
                      GError **error);
    /* The target's cluster as the scenario sees it; (transfer full), or
     * NULL + @error. */
    MsCluster *(*snapshot)(MsTarget *target, GError **error);
    /* Appends to sr->live_diffs how @model and @snapshot differ after the
     * step; may move the differences it can explain to ts->notes, and where
     * the model allows several outcomes and the target took another one,
     * moves @model onto that outcome so the next steps compare like with
     * like.  It may replace *@snapshot by a later read of the target (one
     * that waited out a transient state) and compare that one instead. */
    void (*diff)(MsTarget *target, MsTargetStep *ts, MsCluster *model, MsCluster **snapshot,
                 MsStepResult *sr);
    /* The step is complete (@sr filled): show it. */
    void (*describe)(MsTarget *target, const MsTargetStep *ts, const MsStepResult *sr);
} MsTargetClass;

struct _MsTarget {
    const MsTargetClass *klass;
    /* the target shows what it would send and sends nothing: its answers
     * are not compared and it is not read back */
    gboolean dry_run;
};

/* Before the model runs ts->step: sends it to @target.  FALSE when the
 * target stopped before the step (sr is then complete). */
gboolean ms_target_send(MsTarget *target, MsTargetStep *ts, const MsEnv *env, const MsCluster *model,
                        MsStepResult *sr);

/* After the model ran the step into @sr: compares the answers (and an
 * assertion on *@snapshot, the target's last read-back), records the
 * target's side in @sr, and reads the target back after a change
 * (replacing *@snapshot); @model may follow the target's outcome (diff).
 * A failure is left in ts->failure. */
void ms_target_compare(MsTarget *target, MsTargetStep *ts, MsCluster *model, const MsProfile *profile,
                       MsStepResult *sr, MsCluster **snapshot);

G_END_DECLS
