/* migsim preflight: simulate a change on a cluster's state, then evacuate and
 * restore every member in turn from the changed state, and say what would
 * break and how to get out of it.
 *
 * Everything is decided by the model (ms_cluster_apply); this file only
 * arranges the runs, reads their outcomes and words them.  Each member is
 * checked on its own copy of the changed state, as an operator would do one
 * maintenance at a time. */
#include "ms-preflight-private.h"

#include <stdio.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-escape.h"
#include "ms-report-writers.h"
#include "ms-runner.h"
#include "ms-scenario.h"

static MsPreflightMember *
member_new(const char *name)
{
    MsPreflightMember *member = g_new0(MsPreflightMember, 1);

    member->name = g_strdup(name);
    member->evacuate_rule = MS_RULE_NONE;
    member->restore_rule = MS_RULE_NONE;
    member->fates = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_fate_free);
    member->restored = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_fate_free);
    member->failures = g_ptr_array_new_with_free_func((GDestroyNotify) ms_restore_failure_free);
    return member;
}

MsPreflightFate *
ms_pf_fate_new(const char *instance, MsFate kind)
{
    MsPreflightFate *fate = g_new0(MsPreflightFate, 1);

    fate->instance = g_strdup(instance);
    fate->fate = kind;
    fate->rule = MS_RULE_NONE;
    return fate;
}

/* ---- running operations ---- */

/* The member whose client sends the requests: the first online one, as an
 * operator would log in to a healthy member. */
static const char *
client_member(const MsCluster *cluster)
{
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];
        if (member->status == MS_MEMBER_ONLINE)
            return member->name;
    }
    return ((const MsMember *) cluster->members->pdata[0])->name;
}

MsOutcome *
ms_pf_apply_op(MsCluster *cluster, const MsProfile *profile, const MsOp *op, GPtrArray *hits)
{
    MsEnv env = { .profile = profile, .hits = hits, .client = client_member(cluster) };

    return ms_cluster_apply(cluster, &env, op);
}

MsOutcome *
ms_pf_apply_trial(MsCluster *cluster, const MsProfile *profile, const MsOp *op,
                  GHashTable *users_devices_valid)
{
    MsEnv env = { .profile = profile,
                  .client = client_member(cluster),
                  .users_devices_valid = users_devices_valid };

    return ms_cluster_apply(cluster, &env, op);
}

MsOp *
ms_pf_parse_command(const char *line, GError **error)
{
    g_auto(GStrv) argv = NULL;

    if (!g_shell_parse_argv(line, NULL, &argv, error))
        return NULL;
    return ms_lxc_parse(argv, error);
}

/* Runs an `lxc` command line migsim itself wrote; NULL if the line does not
 * parse (a bug, reported as a failed way out rather than a crash). */
MsOutcome *
ms_pf_apply_command(MsCluster *cluster, const MsProfile *profile, const char *line, char **parse_error)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsOp) op = ms_pf_parse_command(line, &error);

    if (op == NULL) {
        *parse_error = g_strdup(error->message);
        return NULL;
    }
    return ms_pf_apply_op(cluster, profile, op, NULL);
}

MsOp *
ms_pf_member_op(MsOpKind kind, const char *member, const char *action)
{
    MsOp *op = ms_op_new(kind);

    op->member = g_strdup(member);
    op->action = g_strdup(action);
    return op;
}

/* (transfer full) instance name (borrowed from @outcome) -> MsPfEventSummary */
GHashTable *
ms_pf_summarize_events(const MsOutcome *outcome)
{
    GHashTable *index = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);

    for (guint i = 0; i < outcome->events->len; i++) {
        const MsEvent *event = outcome->events->pdata[i];
        MsPfEventSummary *summary;

        if (event->instance == NULL)
            continue;
        summary = g_hash_table_lookup(index, event->instance);
        if (summary == NULL) {
            summary = g_new0(MsPfEventSummary, 1);
            g_hash_table_insert(index, event->instance, summary);
        }
        if (summary->first_move == NULL && event->kind != MS_EVENT_STARTED)
            summary->first_move = event;
        summary->started |= event->kind == MS_EVENT_STARTED;
        summary->failed |= event->kind == MS_EVENT_FAILED;
        summary->moved |= event->kind == MS_EVENT_MIGRATED || event->kind == MS_EVENT_LIVE_MIGRATED;
    }
    return index;
}

static const char *
layer_words(MsConfigLayer layer, const char *layer_name, char **owned)
{
    switch (layer) {
    case MS_LAYER_LOCAL:
        return "set on the instance";
    case MS_LAYER_PROFILE:
        return (*owned = g_strdup_printf("from profile '%s'", layer_name));
    case MS_LAYER_SERVER:
        return (*owned = g_strdup_printf("from the server key %s", layer_name));
    case MS_LAYER_NONE:
        break;
    }
    return "by default";
}

/* Why evacuation leaves @instance on its member: the model's own record of
 * the rules it evaluated (@hits, @outcome's notes), read back. */
static void
explain_stay(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
             const MsOutcome *outcome, GPtrArray *hits, MsPreflightFate *fate)
{
    MsConfigLayer layer;
    const char *layer_name = NULL;
    const char *mode =
        ms_cluster_expanded_value(cluster, profile, instance, "cluster.evacuate", &layer, &layer_name);
    g_autoptr(MsDevices) devices = NULL;
    g_autofree const char **names = NULL;
    gint at = -1;

    if (g_strcmp0(mode, "stop") == 0) {
        g_autofree char *owned = NULL;
        fate->rule = MS_RULE_EVAC_MODE;
        fate->reason = g_strdup_printf("cluster.evacuate=stop (%s)", layer_words(layer, layer_name, &owned));
        return;
    }
    for (guint i = 0; i < hits->len; i++) {
        const MsRuleHit *hit = hits->pdata[i];
        if (hit->rule == MS_RULE_EVAC_CAN_MIGRATE && hit->failed &&
            g_strcmp0(hit->subject, instance->name) == 0)
            at = (gint) i;
    }
    for (gint j = at - 1; j >= 0; j--) {
        const MsRuleHit *hit = hits->pdata[j];
        if (g_strcmp0(hit->subject, instance->name) == 0)
            break; /* the start of this instance's check */
        if (!hit->failed)
            continue;
        if (hit->rule != MS_RULE_DISK_CAN_MIGRATE) {
            g_autofree char *prefix =
                g_strdup_printf("%s: device \"%s\" fails validation (", instance->name, hit->subject);
            fate->rule = hit->rule;
            g_free(fate->device);
            fate->device = g_strdup(hit->subject);
            for (guint n = 0; n < outcome->notes->len; n++) {
                const char *note = outcome->notes->pdata[n];
                const char *message = g_str_has_prefix(note, prefix) ? strstr(note, "): ") : NULL;
                if (message != NULL) {
                    g_free(fate->reason);
                    fate->reason =
                        g_strdup_printf("device \"%s\" fails validation: %s", hit->subject, message + 3);
                }
            }
        } else if (fate->rule == MS_RULE_NONE) {
            fate->rule = MS_RULE_DISK_CAN_MIGRATE;
            fate->device = g_strdup(hit->subject);
        }
    }
    devices = ms_cluster_expand_devices(cluster, instance);
    if (fate->rule == MS_RULE_DISK_CAN_MIGRATE) {
        MsDevice *device = ms_devices_lookup(devices, fate->device);
        const char *pool = device ? ms_device_lookup(device, "pool") : NULL;
        fate->reason =
            pool != NULL && *pool != '\0'
                ? g_strdup_printf("device \"%s\" is a disk on the local pool '%s', which cannot move with it",
                                  fate->device, pool)
                : g_strdup_printf("device \"%s\" is a host disk (no pool), which cannot move with it",
                                  fate->device);
        return;
    }
    if (fate->rule != MS_RULE_NONE) {
        if (fate->reason == NULL)
            fate->reason = g_strdup_printf("device \"%s\" fails validation", fate->device);
        return;
    }
    /* devices whose CanMigrate() is false without any rule to record it */
    names = ms_devices_sorted_names(devices);
    for (guint i = 0; names[i] != NULL; i++) {
        MsDevice *device = ms_devices_lookup(devices, names[i]);
        const char *type = ms_device_lookup(device, "type");
        gboolean movable = g_strcmp0(type, "disk") == 0 || g_strcmp0(type, "none") == 0 ||
                           (g_strcmp0(type, "nic") == 0 && ms_device_lookup(device, "network") != NULL);
        if (!movable) {
            fate->rule = MS_RULE_EVAC_CAN_MIGRATE;
            fate->device = g_strdup(names[i]);
            fate->reason =
                g_strcmp0(type, "nic") == 0
                    ? g_strdup_printf(
                          "device \"%s\" is a NIC on no managed network, which cannot move with it", names[i])
                    : g_strdup_printf("device \"%s\" (type %s) cannot move with it", names[i],
                                      type ? type : "?");
            return;
        }
    }
}

void
ms_pf_html_add(MsScenarioResult *html, const MsOp *op, const MsCluster *cluster, const MsProfile *profile,
               MsOutcome *outcome, GPtrArray *hits)
{
    MsStepResult *sr = g_new0(MsStepResult, 1);

    sr->kind = MS_RESULT_COMMAND;
    sr->op_kind = op->kind;
    sr->text = ms_op_to_command(op);
    sr->expected = g_strdup("ok");
    sr->met = outcome->ok;
    sr->hits = hits;
    sr->state = ms_cluster_to_json(cluster, profile);
    sr->outcome = outcome;
    html->n_commands++;
    html->n_failed += !sr->met;
    g_ptr_array_add(html->steps, sr);
}

/* Evacuates @member_name on @cluster (mutated) and records each instance's
 * fate into @report; with @reasons FALSE only the fates (the comparison
 * with the state before the change needs no more), which spares recording
 * every rule the model evaluates. */
static void
run_evacuation(MsCluster *cluster, const MsProfile *profile, const MsOp *op, MsPreflightMember *report,
               gboolean reasons, MsScenarioResult *html)
{
    /* without an HTML report (which keeps them) the hits are dropped at
     * the end: taken from an arena freed at once; declared before the
     * array, so freed after it */
    g_autoptr(MsHitArena) arena = reasons && html == NULL ? ms_hit_arena_new() : NULL;
    g_autoptr(GPtrArray) hits = arena != NULL ? g_ptr_array_new()
                                : reasons || html != NULL
                                    ? g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free)
                                    : NULL;
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, op->member);
    g_autoptr(MsOutcome) outcome = NULL;
    g_autoptr(GHashTable) events = NULL;
    MsEnv env = { .profile = profile, .hits = hits, .client = client_member(cluster), .hit_arena = arena };

    /* the reasons are read against the state the evacuation started from */
    for (guint i = 0; i < instances->len; i++)
        instances->pdata[i] = ms_instance_copy(instances->pdata[i]);
    g_ptr_array_set_free_func(instances, (GDestroyNotify) ms_instance_free);
    /* ms_pf_apply_op's env, with the arena */
    outcome = ms_cluster_apply(cluster, &env, op);
    events = ms_pf_summarize_events(outcome);
    report->evacuate_ok = outcome->ok;
    if (!outcome->ok) {
        report->evacuate_error = g_strdup(outcome->client_error);
        report->evacuate_rule = outcome->rule;
    }
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];
        const MsPfEventSummary *summary = g_hash_table_lookup(events, instance->name);
        const MsEvent *event = summary != NULL ? summary->first_move : NULL;
        MsPreflightFate *fate;

        if (event == NULL) {
            fate = ms_pf_fate_new(instance->name, outcome->ok ? MS_FATE_STAYS : MS_FATE_NOT_REACHED);
            g_ptr_array_add(report->fates, fate);
            continue;
        }
        switch (event->kind) {
        case MS_EVENT_MIGRATED:
        case MS_EVENT_LIVE_MIGRATED:
            fate = ms_pf_fate_new(instance->name,
                                  event->kind == MS_EVENT_MIGRATED ? MS_FATE_MOVED : MS_FATE_LIVE_MIGRATED);
            fate->to = g_strdup(event->to);
            fate->started = summary->started;
            break;
        case MS_EVENT_STOPPED:
        case MS_EVENT_UNTOUCHED:
            fate = ms_pf_fate_new(instance->name,
                                  event->kind == MS_EVENT_STOPPED ? MS_FATE_STOPPED : MS_FATE_STAYS);
            if (op->action != NULL && g_str_equal(op->action, "stop")) {
                fate->rule = MS_RULE_EVAC_MODE;
                fate->reason = g_strdup("--action=stop");
            } else if (hits != NULL) {
                /* @instance is the copy from before the evacuation; profiles
                 * and server config are unchanged by it */
                explain_stay(cluster, profile, instance, outcome, hits, fate);
            }
            break;
        case MS_EVENT_NO_TARGET:
            fate = ms_pf_fate_new(instance->name, MS_FATE_NO_TARGET);
            fate->rule = MS_RULE_EVAC_NO_TARGET;
            fate->reason = g_strdup("no other member can take it (online, not evacuated, "
                                    "scheduler.instance=all, same architecture)");
            break;
        default:
            fate = ms_pf_fate_new(instance->name, MS_FATE_FAILED);
            fate->rule = outcome->rule;
            fate->to = g_strdup(event->to);
            fate->reason = g_strdup(event->detail);
            break;
        }
        g_ptr_array_add(report->fates, fate);
    }
    if (html != NULL)
        ms_pf_html_add(html, op, cluster, profile, g_steal_pointer(&outcome), g_steal_pointer(&hits));
}

/* Evacuate then restore @member from @state (not modified); without
 * @restore only the evacuation. */
static MsPreflightMember *
check_member(MsPfViewSource *src, const char *name, gboolean ways_out, gboolean restore_too,
             MsScenarioResult *html)
{
    const MsCluster *state = src->full;
    const MsProfile *profile = src->profile;
    MsPreflightMember *report = member_new(name);
    const MsMember *member = ms_cluster_lookup_member(state, name);
    g_autoptr(MsCluster) cluster = NULL;
    g_autoptr(MsOp) evacuate = NULL;
    g_autoptr(MsOp) restore = NULL;
    const MsMember *after;

    if (member->status != MS_MEMBER_ONLINE) {
        report->skipped = g_strdup_printf("it is %s already", ms_member_status_to_string(member->status));
        return report;
    }
    cluster = ms_pf_member_view(src, name);
    evacuate = ms_pf_member_op(MS_OP_EVACUATE, name, NULL);
    /* the check before the change (no ways out) only marks what is new */
    run_evacuation(cluster, profile, evacuate, report, ways_out, html);
    after = ms_cluster_lookup_member(cluster, name);
    if (restore_too && after->status == MS_MEMBER_EVACUATED) {
        restore = ms_pf_member_op(MS_OP_RESTORE, name, NULL);
        ms_pf_run_restore(cluster, profile, restore, report, ways_out ? src : NULL, html);
    }
    return report;
}

static gboolean
member_has_issue(const MsPreflightMember *member)
{
    if (!member->evacuate_ok || member->failures->len > 0 || member->restore_error != NULL)
        return TRUE;
    for (guint i = 0; i < member->fates->len; i++) {
        const MsPreflightFate *fate = member->fates->pdata[i];
        if (fate->fate != MS_FATE_MOVED && fate->fate != MS_FATE_LIVE_MIGRATED)
            return TRUE;
    }
    return FALSE;
}

static guint
member_problems(const MsPreflightMember *member)
{
    return (member->skipped == NULL && !member->evacuate_ok) + member->failures->len +
           (member->restore_error != NULL);
}

/* Marks what the change introduced, comparing with the same check on the
 * state before it. */
static void
mark_new(MsPreflightMember *after, const MsPreflightMember *before)
{
    for (guint i = 0; i < after->fates->len; i++) {
        MsPreflightFate *fate = after->fates->pdata[i];
        gboolean moved_before = TRUE;
        if (fate->fate == MS_FATE_MOVED || fate->fate == MS_FATE_LIVE_MIGRATED)
            continue;
        for (guint j = 0; j < before->fates->len; j++) {
            const MsPreflightFate *old = before->fates->pdata[j];
            if (g_str_equal(old->instance, fate->instance))
                moved_before = old->fate == MS_FATE_MOVED || old->fate == MS_FATE_LIVE_MIGRATED;
        }
        fate->is_new = moved_before && before->skipped == NULL;
    }
    for (guint i = 0; i < after->failures->len; i++) {
        MsRestoreFailure *failure = after->failures->pdata[i];
        failure->is_new = TRUE;
        for (guint j = 0; j < before->failures->len; j++)
            if (g_str_equal(((MsRestoreFailure *) before->failures->pdata[j])->instance, failure->instance))
                failure->is_new = FALSE;
    }
}

static MsScenarioResult *
html_result(GPtrArray *results, const char *title, const MsProfile *profile, const MsCluster *initial)
{
    MsScenarioResult *result;

    if (results == NULL)
        return NULL;
    result = ms_scenario_result_new(title, profile);
    result->title = g_strdup(title);
    result->initial_state = ms_cluster_to_json(initial, profile);
    g_ptr_array_add(results, result);
    return result;
}

/* ---- the change: the steps run by the runner's step loop ---- */

/* What the HTML report shows of a command of the change: its answer, not
 * its events. */
static MsOutcome *
answer_only(const MsOutcome *outcome)
{
    MsOutcome *answer = ms_outcome_new();

    answer->ok = outcome->ok;
    answer->rule = outcome->rule;
    answer->client_error = g_strdup(outcome->client_error);
    answer->server_error = g_strdup(outcome->server_error);
    return answer;
}

/* Runs the change @steps on @changed; one MsPreflightStep per command and
 * per assertion of this release (directives are not listed), its
 * commands also in @html (nullable). */
static void
run_change(MsPreflightReport *report, MsCluster *changed, const char *client, GPtrArray *steps,
           const MsProfile *profile, MsScenarioResult *html)
{
    /* the plan is of one change made to completion */
    MsRunOptions options = {
        .capture_state = html != NULL,
        .no_timing_notes = TRUE,
        .refuse_jobs = "requests in flight ('&', 'step', 'wait') are not part of a preflight",
    };
    g_autoptr(MsScenarioResult) run = ms_scenario_result_new("the change", profile);

    ms_runner_run_steps(changed, client, steps, profile, &options, run);
    for (guint i = 0; i < run->steps->len; i++) {
        MsStepResult *sr = run->steps->pdata[i];
        MsPreflightStep *ps;

        if (sr->kind == MS_RESULT_DIRECTIVE || sr->not_applicable)
            continue;
        ps = g_new0(MsPreflightStep, 1);
        ps->text = g_strdup(sr->text);
        ps->rule = MS_RULE_NONE;
        ps->ok = sr->met;
        ps->mismatch = g_strdup(sr->mismatch);
        g_ptr_array_add(report->steps, ps);
        if (sr->outcome != NULL) {
            ps->outcome = g_steal_pointer(&sr->outcome);
            ps->error = g_strdup(ps->outcome->client_error);
            ps->rule = ps->outcome->rule;
        }
        /* a profile change some users refused is saved all the same
         * (lxd/profiles_utils.go:80-150 at lxd-5.0.2): a problem, yet the
         * cluster is the changed one, so the sweep still runs on it */
        ps->saved = !ps->ok && ps->outcome != NULL && ps->rule == MS_RULE_PROFILE_UPDATE_SAVED;
        if (!ps->ok) {
            report->accepted &= ps->saved;
            report->n_problems++;
        }
        if (ps->outcome == NULL) /* an assertion, or a request in flight */
            continue;
        if (html != NULL) {
            sr->outcome = answer_only(ps->outcome);
            html->n_commands++;
            html->n_failed += !sr->met;
            g_ptr_array_add(html->steps, g_ptr_array_steal_index(run->steps, i--));
        }
    }
}

MsPreflightReport *
ms_preflight_run(const MsStateFile *base, const MsProfile *profile, GPtrArray *steps, const char *source,
                 const MsPreflightOptions *options)
{
    g_autoptr(MsPreflightReport) report = g_new0(MsPreflightReport, 1);
    g_autoptr(MsCluster) changed = ms_cluster_copy(base->cluster);
    g_autoptr(MsPfViewSource) changed_src = NULL;
    g_autoptr(MsPfViewSource) base_src = NULL;
    const MsStep *plan_step = NULL;
    guint n_commands = 0;
    MsScenarioResult *html;

    report->profile = profile;
    report->source = g_strdup(source);
    report->server_version = g_strdup(base->server_version);
    report->n_members = base->cluster->members->len;
    report->n_instances = g_hash_table_size(base->cluster->instances);
    report->steps = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_step_free);
    report->members = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_member_free);
    report->accepted = TRUE;
    if (options->keep_results)
        report->results = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_result_free);

    for (guint i = 0; i < steps->len; i++) {
        const MsStep *step = steps->pdata[i];
        n_commands += step->kind == MS_STEP_COMMAND;
        if (step->kind == MS_STEP_COMMAND &&
            (step->op->kind == MS_OP_EVACUATE || step->op->kind == MS_OP_RESTORE))
            plan_step = step;
    }
    /* one evacuate or restore: the question is that operation itself */
    if (n_commands == 1 && plan_step != NULL && steps->len == 1) {
        const MsOp *op = plan_step->op;
        g_autoptr(MsCluster) cluster = ms_cluster_copy(base->cluster);
        g_autoptr(MsPfViewSource) src = ms_pf_view_source_new(base->cluster, profile, options->full_copies);
        const MsMember *member = ms_cluster_lookup_member(cluster, op->member);
        MsPreflightStep *ps = g_new0(MsPreflightStep, 1);

        html = html_result(report->results, plan_step->text, profile, cluster);
        ps->text = g_strdup(plan_step->text);
        ps->ok = TRUE;
        ps->rule = MS_RULE_NONE;
        g_ptr_array_add(report->steps, ps);
        report->plan = member_new(op->member);
        if (op->kind == MS_OP_EVACUATE) {
            run_evacuation(cluster, profile, op, report->plan, TRUE, html);
            ps->ok = report->plan->evacuate_ok;
            ps->error = g_strdup(report->plan->evacuate_error);
            ps->rule = report->plan->evacuate_rule;
            member = ms_cluster_lookup_member(cluster, op->member);
            if (ps->ok && member != NULL && member->status == MS_MEMBER_EVACUATED) {
                g_autoptr(MsOp) restore = ms_pf_member_op(MS_OP_RESTORE, op->member, NULL);
                ms_pf_run_restore(cluster, profile, restore, report->plan, src, html);
            }
        } else {
            report->plan->evacuate_ok = TRUE;
            ms_pf_run_restore(cluster, profile, op, report->plan, src, html);
            ps->ok = report->plan->restore_ok;
            if (!ps->ok) {
                ps->error = g_strdup(report->plan->restore_error
                                         ? report->plan->restore_error
                                         : ((MsRestoreFailure *) report->plan->failures->pdata[0])->error);
                ps->rule = report->plan->restore_error
                               ? report->plan->restore_rule
                               : ((MsRestoreFailure *) report->plan->failures->pdata[0])->rule;
            }
        }
        report->accepted = ps->ok;
        report->n_problems = member_problems(report->plan) + (!ps->ok && op->kind == MS_OP_RESTORE &&
                                                              report->plan->failures->len == 0 &&
                                                              report->plan->restore_error == NULL);
        return g_steal_pointer(&report);
    }

    html = html_result(report->results, "the change", profile, changed);
    run_change(report, changed, client_member(changed), steps, profile, html);
    if (!report->accepted)
        return g_steal_pointer(&report);

    /* the views turn the model's self-checks off for a big state
     * (ms_pf_member_view) */
    changed_src = ms_pf_view_source_new(changed, profile, options->full_copies);
    for (guint i = 0; i < changed->members->len; i++) {
        const MsMember *member = changed->members->pdata[i];
        g_autofree char *title = g_strdup_printf("evacuate and restore %s", member->name);
        MsScenarioResult *member_html = html_result(report->results, title, profile, changed);
        MsPreflightMember *checked = check_member(changed_src, member->name, TRUE, TRUE, member_html);

        if (steps->len > 0 && member_has_issue(checked)) {
            g_autoptr(MsPreflightMember) before = NULL;
            if (ms_cluster_lookup_member(base->cluster, member->name) != NULL) {
                if (base_src == NULL)
                    base_src = ms_pf_view_source_new(base->cluster, profile, options->full_copies);
                /* mark_new reads the restore before the change only for
                 * the failures after it: without any, the restore is not
                 * run (a restore of the member, and one more per failure
                 * set aside, for each member whose evacuation fails or
                 * whose restore succeeds after the change: about half of
                 * issue 18's 1,000, docs/bench.md) */
                before = check_member(base_src, member->name, FALSE, checked->failures->len > 0, NULL);
                mark_new(checked, before);
            }
        }
        report->n_problems += member_problems(checked);
        g_ptr_array_add(report->members, checked);
    }
    return g_steal_pointer(&report);
}
