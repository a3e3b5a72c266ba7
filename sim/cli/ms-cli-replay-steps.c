/* migsim: the step loop of `migsim replay`: runs one scenario against a real
 * LXD cluster and the model in lockstep, and prints every place where they
 * disagree (see docs/live-replay.md).  The command itself (options, the
 * journal, clean-up, the summary) is ms-cli-replay.c.
 *
 * Per step: the live side sends what lxc would send (ms-replay-live.c), the
 * model applies the same MsOp, and the live cluster is read back and
 * compared with the simulated one.  A scenario that cannot be replayed
 * safely is refused before the first request; whatever a scenario created
 * or changed is removed or put back afterwards, also after a failure or
 * Ctrl-C. */
#include "ms-cli-replay.h"
#include "ms-escape.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ms-apply.h"
#include "ms-replay-live.h"
#include "ms-report-writers.h"

/* Set by SIGINT/SIGTERM; the LXD client aborts its request in flight and
 * the step loop stops, then clean-up runs with the flag disconnected. */
volatile gint ms_replay_interrupted = 0;
static volatile gint replay_signals = 0;

/* Clean-up must survive a stray second signal (a shell and a terminal
 * may both deliver one); the third gets the default action: the user
 * insists, and the clean-up log so far says what was done. */
#define MS_REPLAY_SIGNALS_TO_DIE 3

static void
on_signal(int signo)
{
    ms_replay_interrupted = signo;
    if (++replay_signals >= MS_REPLAY_SIGNALS_TO_DIE) {
        signal(signo, SIG_DFL);
        raise(signo);
    }
}

void
ms_replay_install_signal_handlers(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

static const char *
col(const MsReplayUi *ui, const char *code)
{
    return ui->color ? code : "";
}

static char *
describe_outcome(const MsOutcome *outcome)
{
    if (outcome->ok)
        return g_strdup("ok");
    return g_strdup_printf("Error: %s%s", outcome->server_error,
                           outcome->http_status == 0 ? "  (refused by lxc, no request sent)" : "");
}

static void
print_step(const MsReplayUi *ui, const MsStep *step, const MsStepResult *sr, const MsOutcome *live_outcome,
           const char *failure, GPtrArray *requests, GPtrArray *notes)
{
    g_autoptr(GString) out = g_string_new(NULL);
    /* server texts and names may carry control characters (ms-escape.h) */
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
#define E(text) ms_escape_keep(keep, (text))

    if (step->kind == MS_STEP_ASSERT) {
        g_string_append_printf(out, "%4u  %s  simulated %s", step->line, E(step->text),
                               sr->not_applicable ? "n/a (not checked under this release)"
                               : sr->met          ? "PASS"
                                                  : "FAIL");
        if (sr->has_live && failure == NULL)
            g_string_append_printf(out, ", live %s", sr->live_ok ? "PASS" : "FAIL");
        g_string_append_c(out, '\n');
    } else if (step->kind == MS_STEP_COMMAND) {
        g_autofree char *sim = describe_outcome(sr->outcome);

        g_string_append_printf(out, "%4u  %s$ %s%s\n", step->line, col(ui, "\033[1m"), E(step->text),
                               col(ui, "\033[0m"));
        g_string_append_printf(out, "        simulated: %s\n", E(sim));
        if (live_outcome != NULL && !ui->dry_run) {
            g_autofree char *live = describe_outcome(live_outcome);
            g_string_append_printf(out, "        live:      %s\n", E(live));
        }
        if (!sr->met)
            g_string_append_printf(
                out, "        note: the simulation misses the scenario's expectation: %s\n", E(sr->mismatch));
    } else {
        g_string_append_printf(out, "%s%4u  %s%s\n", col(ui, "\033[2m"), step->line, E(step->text),
                               col(ui, "\033[0m"));
        if (live_outcome != NULL && !ui->dry_run && !live_outcome->ok)
            g_string_append_printf(out, "        live:      Error: %s\n", E(live_outcome->server_error));
    }
    for (guint i = 0; notes != NULL && i < notes->len; i++)
        g_string_append_printf(out, "        note: %s\n", E(notes->pdata[i]));
    for (guint i = 0; requests != NULL && i < requests->len; i++)
        g_string_append_printf(out, "        %s\n", E(requests->pdata[i]));
    if (failure != NULL)
        g_string_append_printf(out, "        %sLIVE FAILURE%s %s\n", col(ui, "\033[31m"), col(ui, "\033[0m"),
                               E(failure));
    for (guint i = 0; sr->live_diffs != NULL && i < sr->live_diffs->len; i++)
        g_string_append_printf(out, "        %sDIFFERENT%s %s\n", col(ui, "\033[31m"), col(ui, "\033[0m"),
                               E(sr->live_diffs->pdata[i]));
    if (sr->has_live && failure == NULL && (sr->live_diffs == NULL || sr->live_diffs->len == 0) &&
        step->kind != MS_STEP_ON)
        g_string_append_printf(out, "        %ssame%s\n", col(ui, "\033[32m"), col(ui, "\033[0m"));
    fputs(out->str, stdout);
    fflush(stdout);
#undef E
}

/* Commands replay can send in a project other than default: those whose
 * objects (instances, profiles, projects, custom volumes) its plan,
 * journal and clean-up name with their project
 * (sim/live/ms-replay-journal.h). */
static gboolean
replayable_in_project(const MsOp *op)
{
    static const MsOpKind kinds[] = {
        MS_OP_INIT,
        MS_OP_START,
        MS_OP_STOP,
        MS_OP_RESTART,
        MS_OP_DELETE,
        MS_OP_CONFIG_SET,
        MS_OP_CONFIG_UNSET,
        MS_OP_CONFIG_GET,
        MS_OP_DEVICE_ADD,
        MS_OP_DEVICE_REMOVE,
        MS_OP_DEVICE_SET,
        MS_OP_DEVICE_UNSET,
        MS_OP_DEVICE_OVERRIDE,
        MS_OP_PROFILE_ASSIGN,
        MS_OP_PROFILE_UNASSIGN,
        MS_OP_PROFILE_CREATE,
        MS_OP_PROFILE_DELETE,
        MS_OP_PROFILE_SET,
        MS_OP_PROFILE_UNSET,
        MS_OP_PROFILE_DEVICE_ADD,
        MS_OP_PROFILE_DEVICE_REMOVE,
        MS_OP_PROFILE_DEVICE_SET,
        MS_OP_PROFILE_DEVICE_UNSET,
        MS_OP_PROFILE_EDIT,
        MS_OP_PROFILE_COPY,
        MS_OP_PROFILE_RENAME,
        MS_OP_MOVE,
        MS_OP_COPY,
        MS_OP_RENAME,
        MS_OP_SNAPSHOT,
        MS_OP_SNAPSHOT_RESTORE,
        MS_OP_LIST,
        MS_OP_INFO,
        MS_OP_VOLUME_CREATE,
        MS_OP_VOLUME_DELETE,
        MS_OP_VOLUME_ATTACH,
        MS_OP_VOLUME_DETACH,
        MS_OP_VOLUME_RENAME,
        MS_OP_VOLUME_SHOW,
        MS_OP_VOLUME_GET,
        MS_OP_VOLUME_SET,
        MS_OP_VOLUME_UNSET,
        MS_OP_VOLUME_SNAPSHOT,
        MS_OP_VOLUME_COPY,
        MS_OP_VOLUME_MOVE,
        MS_OP_VOLUME_LIST,
        MS_OP_VOLUME_EDIT,
        MS_OP_VOLUME_RESTORE,
        MS_OP_PROJECT_CREATE,
        MS_OP_PROJECT_SET,
        MS_OP_PROJECT_UNSET,
        MS_OP_PROJECT_DELETE,
        MS_OP_PROJECT_SWITCH,
        MS_OP_PROJECT_RENAME,
        /* the member's state and the member list belong to no project:
         * clusterNodeStatePost and clusterNodesGet read none
         * (lxd/api_cluster.go:2743, :1122 at lxd-5.0.2), the evacuation
         * takes the instances of every project (GetInstances by node,
         * :2821); lxc sends ?project= all the same (an evacuation after
         * lxc project switch, tests/live/DISAGREEMENTS.md #31-fidlive12);
         * clean-up restores members by name */
        MS_OP_EVACUATE,
        MS_OP_RESTORE,
        MS_OP_CLUSTER_LIST,
    };

    if (ms_project_key(op->project) == NULL && op->target_project == NULL)
        return TRUE;
    /* lxc config set KEY VALUE --project P: the server's config, which
     * belongs to no project, but the model would not say so */
    if ((op->kind == MS_OP_CONFIG_SET || op->kind == MS_OP_CONFIG_UNSET || op->kind == MS_OP_CONFIG_GET) &&
        op->instance == NULL)
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (kinds[i] == op->kind)
            return TRUE;
    return FALSE;
}

/* Forms with a flag the model does not follow that lxc refuses by itself
 * before any request, where the release's lxc has the check: replay
 * answers them as lxc does, with no request (sim/live/ms-replay-ops.c
 * op_state and move_client_refuses), and refuses them at run time where
 * the live release's client lacks the check.  start|stop|restart --all
 * NAME: "Both --all and instance name given" (CLI.ACTION_ALL_NAME,
 * lxc/action.go:307-310 at lxd-5.0.2); move --target --mode push|relay
 * (CLI.MOVE_TARGET_MODE, lxc/move.go:179-181 at lxd-5.0.2), and -s or
 * --target-project with it (CLI.MOVE_STORAGE_MODE, CLI.MOVE_PROJECT_MODE). */
static gboolean
replay_answers_in_client(const MsOp *op)
{
    if ((op->kind == MS_OP_START || op->kind == MS_OP_STOP || op->kind == MS_OP_RESTART) &&
        ms_op_typed(op, "--all"))
        return op->instances != NULL && op->instances->len > 0 && op->remote == NULL;
    /* move -s POOL|--target-project P --mode push|relay without --target:
     * CLI.MOVE_STORAGE_MODE, CLI.MOVE_PROJECT_MODE (lxc/move.go:197-225 at
     * lxd-5.0.2; move_mode_pair_refused) */
    return op->kind == MS_OP_MOVE && ms_op_transfer_not_pull(op) && op->remote == NULL &&
           op->dest_remote == NULL && (op->target != NULL || op->pool != NULL || op->target_project != NULL);
}

/* Steps the live side cannot reproduce: refused before anything is sent. */
gboolean
ms_replay_check_replayable(const MsScenario *scenario, gboolean have_fault_command, GError **error)
{
    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        gboolean member_fault = step->kind == MS_STEP_FAULT &&
                                (g_str_equal(step->fault, "offline") || g_str_equal(step->fault, "online"));

        /* what a member's host has at a path, or its interfaces: a
         * declaration for the model, which the live hosts must agree with
         * (replay_fault) */
        if (step->kind == MS_STEP_FAULT &&
            (g_strcmp0(step->subject, "host-path") == 0 || g_strcmp0(step->subject, "host-interface") == 0 ||
             g_strcmp0(step->subject, "host-lacks") == 0 || g_strcmp0(step->subject, "host-has") == 0 ||
             g_strcmp0(step->subject, "same-host") == 0))
            continue;

        if (member_fault && !have_fault_command) {
            g_set_error(
                error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                "%s:%u: 'fault member %s %s' needs --fault-command to stop or start the member's daemon",
                scenario->path, step->line, step->name, step->fault);
            return FALSE;
        }
        if (step->kind == MS_STEP_FAULT && !member_fault) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: '%s' cannot be replayed on a real cluster", scenario->path, step->line,
                        step->text);
            return FALSE;
        }
        if (step->background || step->kind == MS_STEP_WAIT || step->kind == MS_STEP_ADVANCE) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: '%s': requests in flight ('&', 'step', 'wait') cannot be replayed on a real "
                        "cluster yet",
                        scenario->path, step->line, step->text);
            return FALSE;
        }
        /* replay drives one cluster: a step on another remote would be
         * sent to it as if it were the cluster's own */
        if ((step->kind == MS_STEP_COMMAND && (step->op->remote != NULL || step->op->dest_remote != NULL)) ||
            step->remote != NULL) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: '%s': a step on another remote ('remote' directive) cannot be replayed on a "
                        "real cluster yet",
                        scenario->path, step->line, step->text);
            return FALSE;
        }
        /* replay sends instance, profile and volume requests with
         * ?project= and its plan, journal and clean-up name those by
         * project; pools and networks it names by name only: in another
         * project they would be looked for, and cleaned up, in the
         * default project */
        if (step->kind == MS_STEP_COMMAND && !replayable_in_project(step->op)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: '%s': only instance, profile, volume and project commands can be replayed "
                        "in a project other than default (--project, --target-project, lxc project switch); "
                        "replay's clean-up knows pools and networks of the default project only",
                        scenario->path, step->line, step->text);
            return FALSE;
        }
        /* a flag or form the model parses without following would be
         * sent without it: `lxc stop --all` as a stop of nothing,
         * --property as a config key */
        if (step->kind == MS_STEP_COMMAND && !replay_answers_in_client(step->op)) {
            g_autofree char *unfollowed = ms_op_unfollowed(step->op);

            if (unfollowed != NULL) {
                g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                            "%s:%u: '%s': %s cannot be replayed on a real cluster (migsim parses it without "
                            "following it, and would send the command without it)",
                            scenario->path, step->line, step->text, unfollowed);
                return FALSE;
            }
        }
        if (step->kind == MS_STEP_COMMAND && !ms_replay_live_supports(step->op->kind)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: '%s' cannot be replayed on a real cluster yet", scenario->path, step->line,
                        step->text);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean
ms_replay_is_cluster_wide(const MsScenario *scenario)
{
    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        if (step->kind == MS_STEP_COMMAND && ms_op_is_cluster_wide(step->op))
            return TRUE;
    }
    return FALSE;
}

/* Steps where LXD's scheduler picks a member: lxc init/launch and lxc copy
 * without --target (both an instancesPost, lxd/instances_post.go:1121-1125
 * at lxd-5.0.2; found by tools/live-random.py, seed 101), and an
 * evacuation (each migrated instance's target) and a move to a group:
 * the steps of the model's places_instances (model/ms-apply.c). */
static gboolean
op_is_placed_by_scheduler(const MsOp *op)
{
    return ((op->kind == MS_OP_INIT || op->kind == MS_OP_COPY) && op->target == NULL) ||
           op->kind == MS_OP_EVACUATE || (op->kind == MS_OP_MOVE && op->group != NULL);
}

/* "m1 1, m3 2" */
static char *
describe_counts(GHashTable *counts)
{
    g_autoptr(GList) names = g_list_sort(g_hash_table_get_keys(counts), (GCompareFunc) strcmp);
    g_autoptr(GString) out = g_string_new(NULL);

    for (GList *l = names; l != NULL; l = l->next)
        g_string_append_printf(out, "%s%s %u", out->len ? ", " : "", (const char *) l->data,
                               GPOINTER_TO_UINT(g_hash_table_lookup(counts, l->data)));
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* The model's own verdict (ms-apply.c, note_timing): operation records
 * of earlier commands, kept on the simulated clock, decided where this
 * step put an instance; the note, without its "timing: ", or NULL. */
static const char *
model_timing_note(const MsOutcome *outcome)
{
    for (guint n = 0; outcome != NULL && n < outcome->notes->len; n++)
        if (g_str_has_prefix(outcome->notes->pdata[n], "timing: "))
            return (const char *) outcome->notes->pdata[n] + strlen("timing: ");
    return NULL;
}

/* Did the model's @outcome move @name away from @member (an evacuation's
 * migration, cold or live)? */
static gboolean
moved_from(const MsOutcome *outcome, const char *name, const char *member)
{
    for (guint i = 0; outcome != NULL && outcome->events != NULL && i < outcome->events->len; i++) {
        const MsEvent *event = g_ptr_array_index(outcome->events, i);

        if ((event->kind == MS_EVENT_MIGRATED || event->kind == MS_EVENT_LIVE_MIGRATED) &&
            g_strcmp0(event->instance, name) == 0 && g_strcmp0(event->from, member) == 0)
            return TRUE;
    }
    return FALSE;
}

/* TRUE when the step @op placed the instance @name (the steps of
 * op_is_placed_by_scheduler): the instance it creates, the one it moves to
 * a group, or one an evacuation of op->member moved (its origin is that
 * member on either side, or the model's outcome moved it from there: a
 * restricted project's instance loses its origin on the way at 5.0.2,
 * model/ms-migrate.c strip_unsafe_volatile; live seed 31011 scenario 2
 * line 39, a location difference the model's timing note named). */
static gboolean
step_placed(const MsOp *op, const char *name, const MsCluster *model, const MsCluster *snapshot,
            const MsOutcome *outcome)
{
    if (op == NULL || !op_is_placed_by_scheduler(op))
        return FALSE;
    if (op->kind == MS_OP_EVACUATE && moved_from(outcome, name, op->member))
        return TRUE;
    if (op->kind == MS_OP_EVACUATE) {
        const MsInstance *s = ms_cluster_lookup_instance(model, name);
        const MsInstance *l = ms_cluster_lookup_instance(snapshot, name);

        return (s != NULL &&
                g_strcmp0(ms_instance_get_config(s, "volatile.evacuate.origin"), op->member) == 0) ||
               (l != NULL &&
                g_strcmp0(ms_instance_get_config(l, "volatile.evacuate.origin"), op->member) == 0);
    }
    return g_strcmp0(name, op->kind == MS_OP_COPY ? op->new_name : op->instance) == 0;
}

/* A location difference of an instance placed while LXD counted recent
 * creations (@counts: LXD's operations list), or while the model's clock
 * said placement depended on them (@model: model_timing_note), or placed
 * so earlier in the scenario, is timing-dependent
 * (tests/live/DISAGREEMENTS.md #2): it moves from @diffs to @notes, and
 * the instance's name to @follow (the model goes on from live's outcome).
 * Only instances the step @op placed count as placed now: another
 * instance's location difference is not the scheduler's doing. */
static void
classify_timing(GPtrArray *diffs, GPtrArray *notes, GHashTable *timed, const char *counts, const char *model,
                const MsOp *op, const MsOutcome *outcome, const MsCluster *sim, const MsCluster *snapshot,
                GPtrArray *follow)
{
    gboolean placed_now = counts != NULL || model != NULL;

    for (guint d = 0; d < diffs->len;) {
        const char *text = diffs->pdata[d];
        g_autofree char *name = NULL;
        g_autofree char *why = NULL;
        const char *end;

        if (!g_str_has_prefix(text, "instance ") || (end = strstr(text, " location: ")) == NULL) {
            d++;
            continue;
        }
        name = g_strndup(text + strlen("instance "), end - text - strlen("instance "));
        if (!(placed_now && step_placed(op, name, sim, snapshot, outcome)) &&
            !g_hash_table_contains(timed, name)) {
            d++;
            continue;
        }
        g_hash_table_add(timed, g_strdup(name));
        if (counts != NULL)
            why = g_strdup_printf("LXD also counted instance creations of the last 5 s: %s%s%s", counts,
                                  model ? "; the model's clock: " : "", model ? model : "");
        else if (model != NULL)
            why = g_strdup_printf("the model's clock: %s", model);
        else
            why = g_strdup("LXD also counted instance creations of the last 5 s when it placed it");
        g_ptr_array_add(
            notes,
            g_strdup_printf("timing-dependent: %s (%s; lxd/db/node.go:1118-1143 at lxd-5.0.2)", text, why));
        g_ptr_array_add(follow, g_steal_pointer(&name));
        g_ptr_array_remove_index(diffs, d);
    }
}

/* The model created an instance where live failed with an error the
 * model's placement timing allows (ts->timing_failed: e.g. a copy the
 * scheduler sent to another member, which asks for a live migration):
 * both are outcomes LXD can produce, so the instance's absence on live is
 * a note, and the model goes on without it, as live did; the steps after
 * then compare like with like. */
static void
follow_timing_failure(MsTargetStep *ts, MsCluster *model, GPtrArray *diffs, const MsStepResult *sr)
{
    MsOpFlags created = 0;
    g_autofree char *name =
        ts->step->kind == MS_STEP_COMMAND ? ms_op_created_name(ts->step->op, &created) : NULL;
    g_autofree char *absent = NULL;

    if (!ts->timing_failed || name == NULL || created != MS_OP_FLAG_CREATES_INSTANCE || !sr->outcome->ok ||
        ms_cluster_lookup_instance(model, name) == NULL)
        return;
    absent = g_strdup_printf("instance %s: simulated exists, live absent", name);
    for (guint d = 0; d < diffs->len; d++) {
        if (!g_str_equal(diffs->pdata[d], absent))
            continue;
        g_ptr_array_add(ts->notes, g_strdup_printf("timing-dependent: %s (the command failed on live with an "
                                                   "error the model's placement timing allows); the model "
                                                   "goes on without %s, as live did not create it",
                                                   absent, name));
        g_ptr_array_remove_index(diffs, d);
        ms_cluster_remove_instance(model, name);
        return;
    }
}

/* ---- the live cluster as the step loop's second target (ms-target.h) ---- */

typedef struct {
    MsTarget parent;
    MsReplayLive *live;
    const MsScenario *scenario;
    const MsProfile *profile;
    MsReplayUi *ui;
    GHashTable *timed; /* instances whose placement was timing-dependent */
    char *recent;      /* creations LXD counted when this step placed instances */
} ReplayTarget;

static void
note_recent_creations(ReplayTarget *rt, MsTargetStep *ts)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) counts = ms_replay_live_recent_creations(rt->live, &error);

    if (counts == NULL)
        /* the step itself will tell whether the cluster answers */
        g_ptr_array_add(ts->notes, g_strdup_printf("recent instance creations unknown: %s", error->message));
    else if (g_hash_table_size(counts) > 0)
        rt->recent = describe_counts(counts);
}

static gboolean
replay_fault(ReplayTarget *rt, MsTargetStep *ts, GError **error)
{
    const MsStep *step = ts->step;
    g_autofree char *log = NULL;

    if (g_strcmp0(step->subject, "host-path") == 0) {
        ts->changed = FALSE;
        g_ptr_array_add(ts->notes, g_strdup_printf("not sent: what %s's host has at %s, as the live host "
                                                   "must have it (not checked)",
                                                   step->name, step->value));
        return TRUE;
    }
    if (g_strcmp0(step->subject, "host-lacks") == 0) {
        ts->changed = FALSE;
        g_ptr_array_add(ts->notes, g_strdup_printf("not sent: %s's host lacks %s, as the live host must "
                                                   "(not checked)",
                                                   step->name, step->value));
        return TRUE;
    }
    if (g_strcmp0(step->subject, "same-host") == 0) {
        ts->changed = FALSE;
        g_ptr_array_add(ts->notes, g_strdup_printf("not sent: %s run on one host, as the live members must "
                                                   "(not checked)",
                                                   step->value));
        return TRUE;
    }
    if (g_strcmp0(step->subject, "host-has") == 0) {
        ts->changed = FALSE;
        g_ptr_array_add(ts->notes, g_strdup_printf("not sent: %s's host has %s, as the live host must "
                                                   "(not checked)",
                                                   step->name, step->value));
        return TRUE;
    }
    if (g_strcmp0(step->subject, "host-interface") == 0) {
        ts->changed = FALSE;
        g_ptr_array_add(ts->notes, g_strdup_printf("not sent: %s's host has the interfaces %s, as the live "
                                                   "host must have them (not checked)",
                                                   step->name, step->value));
        return TRUE;
    }
    if (!ms_replay_live_fault(rt->live, (const char *const *) rt->ui->fault_command, step->name, step->fault,
                              &log, error))
        return FALSE;
    /* a member left offline is in the journal: clean-up starts it again */
    g_ptr_array_add(ts->notes, g_steal_pointer(&log));
    return TRUE;
}

/* Live first: a dry run shows GET bodies from the model as it was before
 * the step. */
static gboolean
replay_apply(MsTarget *target, MsTargetStep *ts, const MsEnv *env, const MsCluster *model, GError **error)
{
    ReplayTarget *rt = (ReplayTarget *) target;
    const MsStep *step = ts->step;
    gboolean dry_run = rt->ui->dry_run;

    g_clear_pointer(&rt->recent, g_free);
    if (ms_replay_interrupted) {
        ts->not_run = TRUE;
        ts->failure = g_strdup_printf("interrupted by signal %d before this step", ms_replay_interrupted);
        return TRUE;
    }
    ts->changed = step->kind == MS_STEP_COMMAND || step->kind == MS_STEP_POOL || step->kind == MS_STEP_FAULT;
    switch (step->kind) {
    case MS_STEP_COMMAND:
        if (op_is_placed_by_scheduler(step->op) && !dry_run)
            note_recent_creations(rt, ts);
        return ms_replay_live_apply(rt->live, env, step->op, model, &ts->outcome, error);
    case MS_STEP_POOL:
        if (!ms_replay_live_pool(rt->live, rt->scenario, step, &ts->outcome, error))
            return FALSE;
        if (dry_run)
            g_ptr_array_add(
                ts->notes,
                g_strdup_printf(
                    "sent only if pool %s does not exist; an existing %s pool is accepted as set-up",
                    step->name, step->driver));
        return TRUE;
    case MS_STEP_FAULT:
        return replay_fault(rt, ts, error);
    case MS_STEP_SLEEP:
        /* the live cluster's clock is the real one */
        if (!dry_run)
            g_usleep(step->sleep_ms * 1000);
        return TRUE;
    case MS_STEP_WAIT:
    case MS_STEP_ADVANCE:
        g_assert_not_reached(); /* refused before anything is sent */
    default:
        /* `on`, assertions; a `noop` is not sent: nothing it does is
         * modelled, so nothing to compare */
        return TRUE;
    }
}

static MsCluster *
replay_snapshot(MsTarget *target, GError **error)
{
    ReplayTarget *rt = (ReplayTarget *) target;

    return ms_replay_live_snapshot(rt->live, rt->scenario, error);
}

/* The model goes on from the placement live took for each instance of
 * @follow: both were outcomes LXD can produce, and comparing the next steps
 * with the other one would report what follows from the placement (a move
 * "Target must be different than instance's current location" on one side
 * only) as disagreements of its own. */
static void
follow_live_placements(MsCluster *model, const MsCluster *snapshot, GPtrArray *follow, GPtrArray *notes)
{
    for (guint i = 0; i < follow->len; i++) {
        MsInstance *sim = ms_cluster_lookup_instance(model, follow->pdata[i]);
        const MsInstance *live = ms_cluster_lookup_instance(snapshot, follow->pdata[i]);

        if (sim == NULL || live == NULL || live->location == NULL ||
            ms_cluster_lookup_member(model, live->location) == NULL)
            continue;
        g_ptr_array_add(notes, g_strdup_printf("the model goes on with %s on %s, as live placed it",
                                               sim->name, live->location));
        ms_cluster_follow_placement(model, sim, live->location);
    }
}

/* Members live lists Offline where the model has them answering: LXD
 * marks a member Offline when its last heartbeat is older than
 * cluster.offline_threshold (nodeIsOffline, lxd/db/node.go:1167-1170 at lxd-5.0.2), which
 * a loaded host or a threshold just changed can cause for a while
 * (CI 2026-12-05: m1 Offline for two steps of a scenario that stops no
 * member).  Those members, as a space-separated list, or NULL. */
static char *
late_heartbeat_members(const MsCluster *model, const MsCluster *snapshot)
{
    g_autoptr(GString) names = g_string_new(NULL);

    for (guint i = 0; i < model->members->len; i++) {
        const MsMember *sim = model->members->pdata[i];
        const MsMember *live = ms_cluster_lookup_member(snapshot, sim->name);

        if (live != NULL && sim->status == MS_MEMBER_ONLINE && live->status == MS_MEMBER_OFFLINE)
            g_string_append_printf(names, "%s%s", names->len > 0 ? " " : "", sim->name);
    }
    return names->len > 0 ? g_string_free(g_steal_pointer(&names), FALSE) : NULL;
}

/* A heartbeat round follows the interval of the threshold before (up to
 * 10 s at LXD's default 20 s), so two thresholds cover a late one; no
 * longer than --timeout. */
#define REPLAY_HEARTBEAT_WAIT_S 45

/* Reads the cluster again until no member is Offline only because of a
 * late heartbeat, and compares that read: the step's own effect is the
 * same, and what the model cannot know (when heartbeats land) is not a
 * difference of LXD's answer.  A member still Offline after the wait
 * stays a difference. */
static void
await_late_heartbeats(ReplayTarget *rt, MsTargetStep *ts, const MsCluster *model, MsCluster **snapshot)
{
    g_autofree char *late = late_heartbeat_members(model, *snapshot);
    guint wait_s = MIN(REPLAY_HEARTBEAT_WAIT_S, ms_replay_live_timeout_s(rt->live));
    gint64 deadline;

    if (late == NULL)
        return;
    deadline = g_get_monotonic_time() + (gint64) wait_s * G_USEC_PER_SEC;
    while (g_get_monotonic_time() < deadline && !ms_replay_interrupted) {
        g_autoptr(GError) error = NULL;
        g_autofree char *still = NULL;
        MsCluster *again;

        g_usleep(G_USEC_PER_SEC);
        again = ms_replay_live_snapshot(rt->live, rt->scenario, &error);
        if (again == NULL)
            return; /* the read after the step stands */
        still = late_heartbeat_members(model, again);
        ms_cluster_free(*snapshot);
        *snapshot = again;
        if (still == NULL) {
            g_ptr_array_add(
                ts->notes,
                g_strdup_printf("member(s) %s listed Offline after this step (a heartbeat older than "
                                "cluster.offline_threshold), Online again within %u s: compared "
                                "after that",
                                late, wait_s));
            return;
        }
    }
}

static void
replay_diff(MsTarget *target, MsTargetStep *ts, MsCluster *model, MsCluster **read, MsStepResult *sr)
{
    ReplayTarget *rt = (ReplayTarget *) target;
    const MsCluster *snapshot;
    g_autoptr(GPtrArray) diffs = NULL;

    await_late_heartbeats(rt, ts, model, read);
    snapshot = *read;
    diffs = ms_replay_diff_clusters(model, snapshot, rt->scenario, rt->profile);
    g_autoptr(GPtrArray) follow = g_ptr_array_new_with_free_func(g_free);
    guint n_before;

    for (guint d = 0; d < diffs->len; d++)
        g_ptr_array_add(sr->live_diffs, g_strdup(diffs->pdata[d]));
    n_before = sr->live_diffs->len;
    classify_timing(sr->live_diffs, ts->notes, rt->timed, rt->recent, model_timing_note(sr->outcome),
                    ts->step->kind == MS_STEP_COMMAND ? ts->step->op : NULL, sr->outcome, model, snapshot,
                    follow);
    follow_timing_failure(ts, model, sr->live_diffs, sr);
    if (n_before > 0 && sr->live_diffs->len == 0)
        rt->ui->n_timing++;
    follow_live_placements(model, snapshot, follow, ts->notes);
}

static void
replay_describe(MsTarget *target, const MsTargetStep *ts, const MsStepResult *sr)
{
    ReplayTarget *rt = (ReplayTarget *) target;
    MsReplayUi *ui = rt->ui;
    const MsStep *step = ts->step;
    g_autoptr(GPtrArray) requests = NULL;

    if (ts->not_run) {
        print_step(ui, step, sr, NULL, ts->failure, NULL, NULL);
        return;
    }
    if ((step->kind == MS_STEP_COMMAND || step->kind == MS_STEP_ASSERT) && !sr->met)
        ui->n_unmet++;
    requests = ms_replay_live_take_requests(rt->live);
    if (sr->has_live && ts->failure == NULL)
        ui->n_compared++;
    if (sr->live_diffs->len > 0)
        ui->n_differences++;
    print_step(ui, step, sr, ts->outcome, ts->failure, ui->dry_run ? requests : NULL, ts->notes);
}

/* clang-format off */
static const MsTargetClass replay_target_class = {
    .name = "live",
    .apply = replay_apply,
    .snapshot = replay_snapshot,
    .diff = replay_diff,
    .describe = replay_describe,
};
/* clang-format on */

MsReplayStatus
ms_replay_run_scenario(MsReplayLive *live, const MsScenario *scenario, const MsProfile *profile,
                       MsReplayUi *ui, MsScenarioResult *result)
{
    g_autoptr(GHashTable) timed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ReplayTarget target = { { &replay_target_class, ui->dry_run }, live, scenario, profile, ui, timed, NULL };
    /* timing notes: the model says when its clock decided a placement */
    MsRunOptions options = { .capture_state = TRUE,
                             .target = &target.parent,
                             .no_timing_notes = ui->dry_run };
    g_autoptr(MsCluster) sim = ms_runner_initial_cluster(scenario);
    MsReplayStatus status =
        ms_runner_run_steps(sim, scenario->members->pdata[0], scenario->steps, profile, &options, result)
            ? MS_REPLAY_OK
            : MS_REPLAY_ABORTED;

    g_free(target.recent);
    return status;
}
