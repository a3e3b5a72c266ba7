/* migsim: replaying a trace, shrinking a violation and writing it as a
 * scenario that `migsim run` reproduces.
 *
 * Shrinking is greedy and keeps the violation's signature (invariant,
 * operation kind, rule) fixed, so the result is the same bug, not merely some
 * bug: drop commands, then members and pools, then simplify arguments, until
 * nothing more can go.  Replays cost microseconds, so plain one-at-a-time
 * removal (quadratic in a trace of a dozen commands) is cheap enough. */
#include "ms-explore.h"

#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-job.h"
#include "ms-runner.h"
#include "ms-scenario.h"

gboolean
ms_explore_replay(const MsTrace *trace, const MsProfile *profile, MsInvariant invariant, MsFinding *finding,
                  guint *at)
{
    g_autoptr(MsCluster) cluster = NULL;

    if (trace->members->len == 0)
        return FALSE;
    cluster = ms_explore_initial_cluster(trace);
    for (guint i = 0; i < trace->ops->len; i++) {
        const MsOp *op = trace->ops->pdata[i];
        g_autoptr(MsCluster) before = ms_cluster_copy(cluster);
        /* sent as the runner sends it: from the scenario's first member */
        MsEnv env = { .profile = profile, .client = trace->members->pdata[0] };
        g_autoptr(MsOutcome) outcome = ms_explore_apply(cluster, &env, op, NULL);
        MsStartProbe probe_before, probe_after;
        gboolean broken;

        ms_start_probe_init(&probe_before, before);
        ms_start_probe_init(&probe_after, cluster);
        broken = ms_explore_check(invariant, profile, &probe_before, op, outcome, &probe_after, finding);
        ms_start_probe_clear(&probe_before);
        ms_start_probe_clear(&probe_after);
        if (broken) {
            *at = i;
            return TRUE;
        }
    }
    return FALSE;
}

/* Does @candidate still break the same invariant the same way?  On success
 * the trace is cut after the breaking op. */
static gboolean
still_breaks(MsTrace *candidate, const MsViolation *violation, const MsProfile *profile)
{
    MsFinding finding = { 0 };
    guint at = 0;
    gboolean same = ms_explore_replay(candidate, profile, violation->invariant, &finding, &at) &&
                    g_str_equal(finding.signature, violation->signature);

    ms_finding_clear(&finding);
    if (same)
        g_ptr_array_set_size(candidate->ops, at + 1);
    return same;
}

static gboolean
try_candidate(MsTrace **current, MsTrace *candidate, const MsViolation *violation, const MsProfile *profile)
{
    if (!still_breaks(candidate, violation, profile)) {
        ms_trace_free(candidate);
        return FALSE;
    }
    ms_trace_free(*current);
    *current = candidate;
    return TRUE;
}

static gboolean
shrink_ops(MsTrace **current, const MsViolation *violation, const MsProfile *profile)
{
    gboolean changed = FALSE;

    /* from the end: late commands depend on early ones more often than not */
    for (guint i = (*current)->ops->len; i > 0; i--) {
        MsTrace *candidate;
        if (i - 1 >= (*current)->ops->len)
            continue;
        candidate = ms_trace_copy(*current);
        g_ptr_array_remove_index(candidate->ops, i - 1);
        changed |= try_candidate(current, candidate, violation, profile);
    }
    return changed;
}

static gboolean
shrink_entities(MsTrace **current, const MsViolation *violation, const MsProfile *profile)
{
    gboolean changed = FALSE;

    for (guint i = (*current)->members->len; i > 0 && (*current)->members->len > 1; i--) {
        MsTrace *candidate;
        if (i - 1 >= (*current)->members->len)
            continue;
        candidate = ms_trace_copy(*current);
        g_ptr_array_remove_index(candidate->members, i - 1);
        changed |= try_candidate(current, candidate, violation, profile);
    }
    for (guint i = (*current)->pools->len; i >= 2; i -= 2) {
        MsTrace *candidate;
        if (i - 1 >= (*current)->pools->len)
            continue;
        candidate = ms_trace_copy(*current);
        g_ptr_array_remove_range(candidate->pools, i - 2, 2);
        changed |= try_candidate(current, candidate, violation, profile);
    }
    return changed;
}

/* Simpler forms of one op, most drastic first; NULL when there are no more. */
static MsOp *
simpler(const MsOp *op, guint which)
{
    g_autoptr(MsOp) copy = ms_op_copy(op);
    guint n = 0;

    if (op->target != NULL && op->kind != MS_OP_MOVE && which == n++) {
        g_clear_pointer(&copy->target, g_free);
        return g_steal_pointer(&copy);
    }
    if (op->action != NULL && which == n++) {
        g_clear_pointer(&copy->action, g_free);
        return g_steal_pointer(&copy);
    }
    if (op->kind == MS_OP_INIT && op->start && which == n++) {
        copy->start = FALSE;
        return g_steal_pointer(&copy);
    }
    if ((op->kind == MS_OP_STOP || op->kind == MS_OP_DELETE) && op->force && which == n++) {
        copy->force = FALSE;
        return g_steal_pointer(&copy);
    }
    if (op->kind == MS_OP_MOVE && op->stateless && which == n++) {
        copy->stateless = FALSE;
        return g_steal_pointer(&copy);
    }
    if (op->kind == MS_OP_VOLUME_ATTACH && op->path != NULL && *op->path != '\0' && which == n++) {
        g_free(copy->path);
        copy->path = g_strdup("");
        return g_steal_pointer(&copy);
    }
    if (op->kind == MS_OP_INIT) {
        for (guint k = 0; k < op->keys->len; k++) {
            if (which == n++) {
                g_ptr_array_remove_index(copy->keys, k);
                g_ptr_array_remove_index(copy->values, k);
                return g_steal_pointer(&copy);
            }
        }
    }
    return NULL;
}

static gboolean
shrink_arguments(MsTrace **current, const MsViolation *violation, const MsProfile *profile)
{
    gboolean changed = FALSE;

    for (guint i = 0; i < (*current)->ops->len; i++) {
        for (guint which = 0;; which++) {
            MsOp *smaller;
            MsTrace *candidate;

            if (i >= (*current)->ops->len)
                break;
            smaller = simpler((*current)->ops->pdata[i], which);
            if (smaller == NULL)
                break;
            candidate = ms_trace_copy(*current);
            ms_op_free(candidate->ops->pdata[i]);
            candidate->ops->pdata[i] = smaller;
            if (try_candidate(current, candidate, violation, profile)) {
                changed = TRUE;
                which = (guint) -1; /* the op changed: its options start again */
            }
        }
    }
    return changed;
}

/* ---- the scenario text ---- */

static void
comment(GString *out, const char *prefix, const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf(out, "# %s%s\n", i == 0 ? prefix : "  ", lines[i]);
}

static void
expectation(GString *out, const MsOutcome *outcome)
{
    if (outcome->ok)
        return;
    if (strchr(outcome->client_error, '\n') == NULL) {
        g_string_append_printf(out, "Error: %s\n", outcome->client_error);
    } else {
        g_autofree char *first = g_strndup(outcome->client_error, strcspn(outcome->client_error, "\n"));
        g_autofree char *quoted = g_shell_quote(first);
        g_string_append_printf(out, "expect error %s\n", quoted);
    }
}

/* `wait %N` of a job that has already ended (its last step ran, or its
 * request was refused at once): the runner still holds it and numbers
 * later jobs after it until it is waited for, so it is waited for now. */
static void
emit_ended(GString *out, const MsExploreJobs *jobs, guint except, const MsOutcome *outcome)
{
    for (guint i = 0; i < jobs->ended->len; i++) {
        guint id = g_array_index(jobs->ended, guint, i);
        if (id == except)
            continue;
        g_string_append_printf(out, "wait %%%u\n", id);
        expectation(out, outcome);
    }
}

/* Runs one command on @cluster and writes it with its outcome: a command
 * that cannot run in this state (a step of a job not in flight) writes
 * nothing; `wait` writes one `wait %N` per job, each with its outcome. */
static MsOutcome *
emit_command(GString *out, MsCluster *cluster, const MsProfile *profile, const MsTrace *trace, const MsOp *op)
{
    MsEnv env = { .profile = profile, .client = trace->members->pdata[0] };
    MsExploreJobs jobs;
    MsOutcome *outcome;

    if (op->job_ctl == MS_JOB_CTL_WAIT && op->job == 0) {
        MsOutcome *first = NULL;
        while (cluster->jobs->len > 0) {
            g_autoptr(MsOp) one = ms_op_copy(op);
            MsOutcome *part;

            one->job = ((const MsJob *) cluster->jobs->pdata[0])->id;
            part = emit_command(out, cluster, profile, trace, one);
            if (first == NULL || (first->ok && !part->ok)) {
                g_clear_pointer(&first, ms_outcome_free);
                first = part;
            } else
                ms_outcome_free(part);
        }
        return first != NULL ? first : ms_outcome_new();
    }
    ms_explore_jobs_init(&jobs);
    outcome = ms_explore_apply(cluster, &env, op, &jobs);
    if (jobs.invalid) {
        ms_explore_jobs_clear(&jobs);
        return outcome;
    }
    switch (op->job_ctl) {
    case MS_JOB_CTL_NONE: {
        g_autofree char *command = ms_op_to_command(op);
        g_string_append_printf(out, "%s\n", command);
        expectation(out, outcome);
        break;
    }
    case MS_JOB_CTL_BACKGROUND: {
        g_autofree char *command = ms_op_to_command(op);
        g_string_append_printf(out, "%s &\n", command);
        emit_ended(out, &jobs, 0, outcome);
        break;
    }
    case MS_JOB_CTL_STEP:
        g_string_append_printf(out, "step %%%u\n", op->job);
        emit_ended(out, &jobs, 0, outcome);
        break;
    case MS_JOB_CTL_WAIT:
        g_string_append_printf(out, "wait %%%u\n", op->job);
        expectation(out, outcome);
        break;
    }
    ms_explore_jobs_clear(&jobs);
    return outcome;
}

/* What makes the violation visible to `migsim run`, after the breaking op. */
static void
emit_witness(GString *out, MsCluster *cluster, const MsProfile *profile, const MsTrace *trace,
             const MsViolation *violation, const MsFinding *finding)
{
    const MsInstance *inst =
        finding->instance ? ms_cluster_lookup_instance(cluster, finding->instance) : NULL;

    g_string_append(out, "\n");
    comment(out, "the invariant fails here: ", finding->message);
    switch (violation->invariant) {
    case MS_INVARIANT_RESTORE_ROUNDTRIP: {
        g_autoptr(MsOp) restore = ms_op_new(MS_OP_RESTORE);
        g_autoptr(MsOutcome) outcome = NULL;

        restore->member = g_strdup(finding->member);
        restore->force = TRUE;
        outcome = emit_command(out, cluster, profile, trace, restore);
        inst = finding->instance ? ms_cluster_lookup_instance(cluster, finding->instance) : NULL;
        if (!outcome->ok) {
            const MsMember *member = ms_cluster_lookup_member(cluster, finding->member);
            g_string_append_printf(out, "expect member %s status %s\n", finding->member,
                                   ms_member_status_to_string(member->status));
        } else if (inst != NULL) {
            g_string_append_printf(out, "expect instance %s status %s\n", inst->name,
                                   ms_instance_status_to_string(inst->status));
            g_string_append_printf(out, "expect instance %s location %s\n", inst->name, inst->location);
        }
        break;
    }
    case MS_INVARIANT_ACCEPTED_STAYS_VALID: {
        g_autoptr(MsOutcome) started = NULL;
        g_autoptr(MsOp) start = ms_op_new(MS_OP_START);

        if (inst != NULL && inst->status == MS_INSTANCE_RUNNING) {
            g_autoptr(MsOp) stop = ms_op_new(MS_OP_STOP);
            g_autoptr(MsOutcome) stopped = NULL;
            stop->instance = g_strdup(inst->name);
            g_ptr_array_add(stop->instances, g_strdup(inst->name));
            stop->force = TRUE;
            stopped = emit_command(out, cluster, profile, trace, stop);
        }
        start->instance = g_strdup(finding->instance);
        g_ptr_array_add(start->instances, g_strdup(finding->instance));
        started = emit_command(out, cluster, profile, trace, start);
        break;
    }
    case MS_INVARIANT_NO_EVACUATED_TARGET:
    case MS_INVARIANT_EVACUATE_EMPTIES:
        g_string_append_printf(out, "expect member %s status EVACUATED\n", finding->member);
        if (inst != NULL) {
            g_string_append_printf(out, "expect instance %s location %s\n", inst->name, inst->location);
            g_string_append_printf(out, "expect instance %s status %s\n", inst->name,
                                   ms_instance_status_to_string(inst->status));
        }
        break;
    case MS_INVARIANT_NO_STRANDED: {
        const MsMember *member = ms_cluster_lookup_member(cluster, finding->member);
        g_autoptr(MsOp) restore = ms_op_new(MS_OP_RESTORE);

        g_string_append_printf(out, "expect member %s status %s\n", finding->member,
                               ms_member_status_to_string(member->status));
        if (inst != NULL) {
            g_string_append_printf(out, "expect instance %s location %s\n", inst->name, inst->location);
            g_string_append_printf(out, "expect instance %s config volatile.evacuate.origin %s\n", inst->name,
                                   finding->member);
        }
        restore->member = g_strdup(finding->member);
        restore->force = TRUE;
        ms_outcome_free(emit_command(out, cluster, profile, trace, restore));
        if (inst != NULL)
            g_string_append_printf(out, "expect instance %s location %s\n", inst->name,
                                   ms_cluster_lookup_instance(cluster, inst->name)->location);
        break;
    }
    case MS_INVARIANT_LAST:
        g_assert_not_reached();
    }
    /* every job must be waited for before the end of the file */
    while (cluster->jobs->len > 0) {
        g_autoptr(MsOp) wait = ms_op_new(MS_OP_EVACUATE);
        wait->job_ctl = MS_JOB_CTL_WAIT;
        wait->job = ((const MsJob *) cluster->jobs->pdata[0])->id;
        ms_outcome_free(emit_command(out, cluster, profile, trace, wait));
    }
}

static char *
write_scenario(const MsViolation *violation, const MsTrace *trace, const MsProfile *profile,
               const MsFinding *finding, const char *provenance)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(MsCluster) cluster = ms_explore_initial_cluster(trace);

    g_string_append_printf(out, "# Found by `migsim explore`: invariant %s does not hold.\n",
                           ms_invariant_name(violation->invariant));
    comment(out, "", ms_invariant_meaning(violation->invariant));
    comment(out, "violation: ", finding->message);
    comment(out, "signature: ", violation->signature);
    comment(out, "", provenance);
    g_string_append_printf(out, "# Shrunk from %u to %u commands after the set-up.\n",
                           violation->found->ops->len, trace->ops->len);
    g_string_append_printf(out, "title explore: %s (%s)\n", ms_invariant_name(violation->invariant),
                           violation->signature);
    g_string_append_printf(out, "profile %s\n", profile->name);
    g_string_append(out, "members");
    for (guint i = 0; i < trace->members->len; i++)
        g_string_append_printf(out, " %s", (const char *) trace->members->pdata[i]);
    g_string_append(out, "\n");
    for (guint i = 0; i + 1 < trace->pools->len; i += 2)
        g_string_append_printf(out, "pool %s %s\n", (const char *) trace->pools->pdata[i],
                               (const char *) trace->pools->pdata[i + 1]);
    g_string_append(out, "\n");
    /* the commands only write their lines; their outcomes are not needed */
    for (guint i = 0; i < trace->ops->len; i++)
        ms_outcome_free(emit_command(out, cluster, profile, trace, trace->ops->pdata[i]));
    emit_witness(out, cluster, profile, trace, violation, finding);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static gboolean
scenario_reproduces(const char *text, const MsProfile *profile)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) scenario = ms_scenario_parse("explore.scn", text, strlen(text), &error);
    MsRunOptions options = { 0 };
    MsScenarioResult *result;
    gboolean clean;

    if (scenario == NULL) {
        g_warning("explore: the written scenario does not parse: %s", error->message);
        return FALSE;
    }
    options.profile_override = profile;
    result = ms_runner_run(scenario, profile, &options, NULL);
    clean = result->n_failed == 0;
    ms_scenario_result_free(result);
    return clean;
}

void
ms_explore_shrink(MsViolation *violation, const MsProfile *profile, const char *provenance)
{
    MsTrace *current = ms_trace_copy(violation->found);
    MsFinding finding = { 0 };
    guint at = 0;
    gboolean changed = TRUE;

    /* the found trace must break it on replay, or the search and the replay
     * disagree: keep it unshrunk and let the scenario check say so */
    if (still_breaks(current, violation, profile)) {
        for (guint round = 0; changed && round < 16; round++) {
            changed = shrink_ops(&current, violation, profile);
            changed |= shrink_entities(&current, violation, profile);
            changed |= shrink_arguments(&current, violation, profile);
        }
    }
    violation->shrunk = current;
    if (ms_explore_replay(current, profile, violation->invariant, &finding, &at)) {
        violation->scenario = write_scenario(violation, current, profile, &finding, provenance);
        violation->verified = scenario_reproduces(violation->scenario, profile);
    }
    ms_finding_clear(&finding);
}
