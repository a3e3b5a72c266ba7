/* Replay honesty for timing-dependent outcomes: where the model says that
 * placement timing allows another outcome (MsOutcome.timing_may_succeed,
 * .timing_errors, set with the "timing: " notes by model/ms-apply.c), a
 * target answering that other outcome is no difference; any other answer
 * still is.  The answers here are hand-written (the refusal text is the
 * one seen live on 5.0.2, tools/live-random.py --gen 14 --seed 14001). */
#include <glib.h>

#include "ms-report.h"
#include "ms-scenario.h"
#include "ms-target.h"

static const MsTargetClass fake_class = { .name = "live" };

static MsOutcome *
answer(gboolean ok, const char *error)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = ok;
    outcome->server_error = g_strdup(error);
    return outcome;
}

/* How many differences the comparison of @sim with @live counts. */
static guint
differences_followed(MsOutcome *sim, MsOutcome *live, gboolean *timing_failed)
{
    MsTarget target = { &fake_class, FALSE };
    MsStep step = { .kind = MS_STEP_COMMAND };
    g_auto(MsTargetStep)
        ts = { .step = &step, .outcome = live, .notes = g_ptr_array_new_with_free_func(g_free) };
    MsStepResult sr = { .outcome = sim, .live_diffs = g_ptr_array_new_with_free_func(g_free) };
    MsCluster *snapshot = NULL;
    guint n;

    ts.changed = FALSE;
    ms_target_compare(&target, &ts, NULL, NULL, &sr, &snapshot);
    n = sr.live_diffs->len;
    if (timing_failed != NULL)
        *timing_failed = ts.timing_failed;
    g_ptr_array_unref(sr.live_diffs);
    g_free(sr.live_error);
    return n;
}

static guint
differences(MsOutcome *sim, MsOutcome *live)
{
    return differences_followed(sim, live, NULL);
}

#define REFUSAL                                                                                       \
    "Failed creating instance record: Failed add validation for device \"v\": Failed loading custom " \
    "volume: "                                                                                        \
    "Storage volume not found"

static void
test_model_ok_live_fails(void)
{
    g_autoptr(MsOutcome) sim = answer(TRUE, NULL);

    /* without a timing set, a refusal where the model succeeds differs */
    g_assert_cmpuint(differences(sim, answer(FALSE, REFUSAL)), ==, 1);
    sim->timing_errors = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(sim->timing_errors, g_strdup(REFUSAL));
    /* the refusal the model allows is a member of the set */
    g_assert_cmpuint(differences(sim, answer(FALSE, REFUSAL)), ==, 0);
    /* another refusal is not */
    g_assert_cmpuint(differences(sim, answer(FALSE, "Instance not found")), ==, 1);
}

/* The step says when the target took the model's timing refusal, so that
 * replay can go on without the instance live did not create
 * (sim/cli/ms-cli-replay-steps.c follow_timing_failure); not for any other
 * refusal, nor when the model refused too. */
static void
test_timing_failure_flagged(void)
{
    g_autoptr(MsOutcome) sim = answer(TRUE, NULL);
    g_autoptr(MsOutcome) refused = answer(FALSE, REFUSAL);
    gboolean flagged = TRUE;

    g_assert_cmpuint(differences_followed(sim, answer(FALSE, REFUSAL), &flagged), ==, 1);
    g_assert_false(flagged);
    sim->timing_errors = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(sim->timing_errors, g_strdup(REFUSAL));
    g_assert_cmpuint(differences_followed(sim, answer(FALSE, REFUSAL), &flagged), ==, 0);
    g_assert_true(flagged);
    g_assert_cmpuint(differences_followed(sim, answer(FALSE, "Instance not found"), &flagged), ==, 1);
    g_assert_false(flagged);
    refused->http_status = 400;
    refused->timing_errors = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(refused->timing_errors, g_strdup(REFUSAL));
    g_assert_cmpuint(differences_followed(refused, answer(FALSE, REFUSAL), &flagged), ==, 0);
    g_assert_false(flagged);
}

static void
test_model_fails_live_ok(void)
{
    g_autoptr(MsOutcome) sim = answer(FALSE, REFUSAL);

    sim->http_status = 400;
    g_assert_cmpuint(differences(sim, answer(TRUE, NULL)), ==, 1);
    sim->timing_may_succeed = TRUE;
    g_assert_cmpuint(differences(sim, answer(TRUE, NULL)), ==, 0);
    /* a refusal with another text still differs */
    g_assert_cmpuint(differences(sim, answer(FALSE, "Instance not found")), ==, 1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/replay-timing/model-ok-live-fails", test_model_ok_live_fails);
    g_test_add_func("/replay-timing/model-fails-live-ok", test_model_fails_live_ok);
    g_test_add_func("/replay-timing/timing-failure-flagged", test_timing_failure_flagged);
    return g_test_run();
}
