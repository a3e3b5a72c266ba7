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

/* The model writes a connection error it cannot spell (the Go HTTP client
 * names the member's address, which the model does not know) as
 * "<connection error: cluster member "M" is offline>" or "... does not
 * answer>" (model/ms-migrate.c, model/ms-rules.c): the live text matches when
 * everything around it is equal and what stands in its place is a refused or
 * timed-out connection. */
static gboolean
matches_connection_placeholder(const char *sim, const char *live)
{
    static const char *const endings[] = { " is offline>", " does not answer>" };
    const char *open = strstr(sim, "<connection error: ");
    const char *close = NULL;
    gsize prefix, suffix, live_len = strlen(live);
    g_autofree char *middle = NULL;

    for (guint i = 0; open != NULL && close == NULL && i < G_N_ELEMENTS(endings); i++) {
        close = strstr(open, endings[i]);
        if (close != NULL)
            close += strlen(endings[i]);
    }
    if (close == NULL)
        return FALSE;
    prefix = (gsize) (open - sim);
    suffix = strlen(close);
    if (live_len < prefix + suffix || strncmp(sim, live, prefix) != 0 ||
        strcmp(live + live_len - suffix, close) != 0)
        return FALSE;
    middle = g_strndup(live + prefix, live_len - prefix - suffix);
    return strstr(middle, "Unable to connect to: ") != NULL &&
           (strstr(middle, "connection refused") != NULL || strstr(middle, "i/o timeout") != NULL);
}

/* Simulated vs live outcome of one command; differences appended to @diffs. */
static void
compare_outcomes(const MsOutcome *sim, const MsOutcome *live, GPtrArray *diffs)
{
    if (sim->ok && live->ok)
        return;
    if (sim->ok != live->ok) {
        g_ptr_array_add(diffs,
                        g_strdup_printf("outcome: simulated %s%s, live %s%s",
                                        sim->ok ? "ok" : "Error: ", sim->ok ? "" : sim->server_error,
                                        live->ok ? "ok" : "Error: ", live->ok ? "" : live->server_error));
        return;
    }
    for (guint i = 0; sim->alternatives != NULL && i < sim->alternatives->len; i++)
        if (g_strcmp0(sim->alternatives->pdata[i], live->server_error) == 0)
            return; /* one of the texts LXD's map order allows */
    if (matches_connection_placeholder(sim->server_error, live->server_error))
        return;
    if (g_strcmp0(sim->server_error, live->server_error) != 0)
        g_ptr_array_add(diffs, g_strdup_printf("error text: simulated \"%s\", live \"%s\"", sim->server_error,
                                               live->server_error));
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

/* Steps the live side cannot reproduce: refused before anything is sent. */
gboolean
ms_replay_check_replayable(const MsScenario *scenario, gboolean have_fault_command, GError **error)
{
    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        gboolean member_fault = step->kind == MS_STEP_FAULT &&
                                (g_str_equal(step->fault, "offline") || g_str_equal(step->fault, "online"));

        if (member_fault && !have_fault_command) {
            g_set_error(
                error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                "%s:%u: 'fault member %s %s' needs --fault-command to stop or start the member's daemon",
                scenario->path, step->line, step->name, step->fault);
            return FALSE;
        }
        if (step->kind == MS_STEP_FAULT && !member_fault) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: 'fault member %s %s' cannot be replayed on a real cluster", scenario->path,
                        step->line, step->name, step->fault);
            return FALSE;
        }
        if (step->background || step->kind == MS_STEP_WAIT || step->kind == MS_STEP_ADVANCE) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: '%s': requests in flight ('&', 'step', 'wait') cannot be replayed on a real "
                        "cluster yet",
                        scenario->path, step->line, step->text);
            return FALSE;
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

/* Steps where LXD's scheduler picks a member: lxc init/launch without
 * --target, and an evacuation (each migrated instance's target). */
static gboolean
op_is_placed_by_scheduler(const MsOp *op)
{
    return (op->kind == MS_OP_INIT && op->target == NULL) || op->kind == MS_OP_EVACUATE;
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

/* A location difference of an instance placed while LXD counted recent
 * creations (@counts: LXD's operations list), or while the model's clock
 * said placement depended on them (@model: model_timing_note), or placed
 * so earlier in the scenario, is timing-dependent
 * (tests/live/DISAGREEMENTS.md #2): it moves from @diffs to @notes. */
static void
classify_timing(GPtrArray *diffs, GPtrArray *notes, GHashTable *timed, const char *counts, const char *model)
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
        if (!placed_now && !g_hash_table_contains(timed, name)) {
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
        g_ptr_array_remove_index(diffs, d);
    }
}

/* Lockstep run of one scenario; fills @result.  Members the scenario took
 * offline are added to @offline (and removed when it brings them back). */
static MsReplayStatus
replay_steps(MsReplayLive *live, const MsScenario *scenario, const MsProfile *profile, MsReplayUi *ui,
             MsScenarioResult *result, GPtrArray *offline)
{
    g_autoptr(MsCluster) sim = ms_runner_initial_cluster(scenario);
    g_autoptr(MsCluster) live_cluster = NULL;
    g_autofree char *client = g_strdup(scenario->members->pdata[0]);
    g_autoptr(GHashTable) timed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    MsReplayStatus status = MS_REPLAY_OK;

    result->initial_state = ms_cluster_to_json(sim, profile);
    for (guint i = 0; i < scenario->steps->len && status == MS_REPLAY_OK; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        MsStepResult *sr = g_new0(MsStepResult, 1);
        g_autoptr(MsOutcome) live_outcome = NULL;
        g_autoptr(GPtrArray) requests = NULL;
        g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GError) error = NULL;
        gboolean live_ok = TRUE;
        gboolean changes = FALSE;
        g_autofree char *failure = NULL;
        g_autofree char *recent = NULL; /* creations LXD counted when this step placed instances */

        sr->line = step->line;
        sr->text = g_strdup(step->text);
        sr->hits = g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free);
        sr->met = TRUE;
        sr->live_diffs = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(result->steps, sr);

        if (ms_replay_interrupted) {
            sr->has_live = TRUE;
            sr->live_error =
                g_strdup_printf("interrupted by signal %d before this step", ms_replay_interrupted);
            print_step(ui, step, sr, NULL, sr->live_error, NULL, NULL);
            return MS_REPLAY_ABORTED;
        }

        switch (step->kind) {
        case MS_STEP_COMMAND: {
            /* the client member decides where unqualified volumes go */
            /* timing_notes: the model says when its clock decided a placement */
            MsEnv env = { .profile = profile,
                          .ledger = result->ledger,
                          .hits = sr->hits,
                          .timing_notes = !ui->dry_run,
                          .client = client };

            if (op_is_placed_by_scheduler(step->op) && !ui->dry_run) {
                g_autoptr(GHashTable) counts = ms_replay_live_recent_creations(live, &error);

                if (counts == NULL) {
                    /* the step itself will tell whether the cluster answers */
                    g_ptr_array_add(notes,
                                    g_strdup_printf("recent instance creations unknown: %s", error->message));
                    g_clear_error(&error);
                } else if (g_hash_table_size(counts) > 0)
                    recent = describe_counts(counts);
            }
            /* live first: a dry run shows GET bodies from the model as it
             * was before the step */
            live_ok = ms_replay_live_apply(live, &env, step->op, sim, &live_outcome, &error);
            sr->kind = MS_RESULT_COMMAND;
            sr->op_kind = step->op->kind;
            sr->outcome = ms_cluster_apply(sim, &env, step->op);
            sr->expected = ms_runner_describe_expectation(step, profile);
            sr->met = ms_runner_expectation_met(step, profile, sr->outcome, &sr->mismatch);
            result->n_commands++;
            if (!sr->met)
                ui->n_unmet++;
            changes = TRUE;
            if (live_ok && live_outcome != NULL && !ui->dry_run) {
                compare_outcomes(sr->outcome, live_outcome, sr->live_diffs);
                if (!sr->outcome->ok && !live_outcome->ok &&
                    (sr->outcome->http_status == 0) != (live_outcome->http_status == 0))
                    g_ptr_array_add(
                        notes, g_strdup_printf("the simulation refuses in %s, lxc here refuses in %s",
                                               sr->outcome->http_status == 0 ? "the client" : "the server",
                                               live_outcome->http_status == 0 ? "the client" : "the server"));
            }
            break;
        }
        case MS_STEP_POOL:
            sr->kind = MS_RESULT_DIRECTIVE;
            live_ok = ms_replay_live_pool(live, scenario, step, &live_outcome, &error);
            ms_runner_apply_directive(sim, step, &client);
            changes = TRUE;
            if (live_ok && live_outcome != NULL && !live_outcome->ok && !ui->dry_run)
                g_ptr_array_add(sr->live_diffs, g_strdup_printf("pool %s: simulated created, live Error: %s",
                                                                step->name, live_outcome->server_error));
            if (live_ok && ui->dry_run)
                g_ptr_array_add(
                    notes,
                    g_strdup_printf(
                        "sent only if pool %s does not exist; an existing %s pool is accepted as set-up",
                        step->name, step->driver));
            break;
        case MS_STEP_ON:
            sr->kind = MS_RESULT_DIRECTIVE;
            ms_runner_apply_directive(sim, step, &client);
            break;
        case MS_STEP_ASSERT: {
            sr->kind = MS_RESULT_ASSERT;
            sr->expected = g_strdup(step->text);
            if (!ms_step_applies(step, profile)) {
                sr->not_applicable = TRUE;
                break;
            }
            sr->met = ms_runner_check_assertion(sim, profile, step, &sr->mismatch);
            result->n_checks++;
            if (!sr->met)
                ui->n_unmet++;
            if (live_cluster != NULL && !ui->dry_run) {
                g_autofree char *why = NULL;

                sr->has_live = TRUE;
                sr->live_ok = ms_runner_check_assertion(live_cluster, profile, step, &why);
                if (sr->live_ok != sr->met)
                    g_ptr_array_add(sr->live_diffs, g_strdup_printf("assertion: simulated %s, live %s%s%s",
                                                                    sr->met ? "holds" : sr->mismatch,
                                                                    sr->live_ok ? "holds" : "fails: ",
                                                                    sr->live_ok ? "" : why, ""));
            }
            break;
        }
        case MS_STEP_WAIT:
        case MS_STEP_ADVANCE:
            g_assert_not_reached(); /* refused before anything is sent */
        case MS_STEP_NOOP:
            /* not sent: nothing it does is modelled, so nothing to compare */
            sr->kind = MS_RESULT_DIRECTIVE;
            break;
        case MS_STEP_SLEEP:
            /* the live cluster's clock is the real one */
            sr->kind = MS_RESULT_DIRECTIVE;
            ms_runner_apply_directive(sim, step, &client);
            if (!ui->dry_run)
                g_usleep(step->sleep_ms * 1000);
            break;
        case MS_STEP_FAULT: {
            g_autofree char *log = NULL;

            sr->kind = MS_RESULT_DIRECTIVE;
            live_ok = ms_replay_live_fault(live, (const char *const *) ui->fault_command, step->name,
                                           step->fault, &log, &error);
            ms_runner_apply_directive(sim, step, &client);
            changes = TRUE;
            if (live_ok) {
                g_ptr_array_add(notes, g_steal_pointer(&log));
                if (g_str_equal(step->fault, "offline"))
                    g_ptr_array_add(offline, g_strdup(step->name));
                else
                    for (guint o = 0; o < offline->len; o++)
                        if (g_str_equal(offline->pdata[o], step->name))
                            g_ptr_array_remove_index(offline, o--);
            }
            break;
        }
        }

        if (live_outcome != NULL && live_outcome->notes->len > 0)
            for (guint n = 0; n < live_outcome->notes->len; n++)
                g_ptr_array_add(notes, g_strdup(live_outcome->notes->pdata[n]));
        if (step->kind == MS_STEP_COMMAND || step->kind == MS_STEP_POOL) {
            sr->has_live = !ui->dry_run || !live_ok;
            sr->live_ok = live_ok && live_outcome != NULL && live_outcome->ok;
            if (live_ok && live_outcome != NULL && !live_outcome->ok)
                sr->live_error = g_strdup(live_outcome->server_error);
        }
        if (!live_ok) {
            failure = g_strdup(error->message);
            g_free(sr->live_error);
            sr->live_error = g_strdup(failure);
            status = MS_REPLAY_ABORTED;
        }
        sr->state = ms_cluster_to_json(sim, profile);

        /* read the live cluster back and compare */
        if (status == MS_REPLAY_OK && changes && !ui->dry_run) {
            guint n_before;
            g_autoptr(GError) read_error = NULL;
            MsCluster *snapshot = ms_replay_live_snapshot(live, scenario, &read_error);

            if (snapshot == NULL) {
                failure = g_strdup_printf("reading the cluster back: %s", read_error->message);
                g_free(sr->live_error);
                sr->live_error = g_strdup(failure);
                status = MS_REPLAY_ABORTED;
            } else {
                g_autoptr(GPtrArray) diffs = ms_replay_diff_clusters(sim, snapshot, scenario, profile);

                g_clear_pointer(&live_cluster, ms_cluster_free);
                live_cluster = snapshot;
                for (guint d = 0; d < diffs->len; d++)
                    g_ptr_array_add(sr->live_diffs, g_strdup(diffs->pdata[d]));
                n_before = sr->live_diffs->len;
                classify_timing(sr->live_diffs, notes, timed, recent, model_timing_note(sr->outcome));
                if (n_before > 0 && sr->live_diffs->len == 0)
                    ui->n_timing++;
                sr->live_state = ms_cluster_to_json(live_cluster, profile);
            }
        }
        requests = ms_replay_live_take_requests(live);
        if (sr->has_live && failure == NULL)
            ui->n_compared++;
        if (sr->live_diffs->len > 0) {
            ui->n_differences++;
            result->n_failed++;
        }
        print_step(ui, step, sr, live_outcome, failure, ui->dry_run ? requests : NULL, notes);
    }
    return status;
}

MsReplayStatus
ms_replay_run_scenario(MsReplayLive *live, const MsScenario *scenario, const MsProfile *profile,
                       MsReplayUi *ui, MsScenarioResult *result)
{
    g_autoptr(GPtrArray) offline = g_ptr_array_new_with_free_func(g_free);
    MsReplayStatus status = replay_steps(live, scenario, profile, ui, result, offline);

    /* before clean-up, which needs every member: bring back what the
     * scenario left offline */
    for (guint i = 0; i < offline->len; i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *log = NULL;

        if (ms_replay_live_fault(live, (const char *const *) ui->fault_command, offline->pdata[i], "online",
                                 &log, &error)) {
            printf("clean-up: %s\n", log);
        } else {
            printf("clean-up: FAILED to bring member %s back: %s\n", (const char *) offline->pdata[i],
                   error->message);
            status = MS_REPLAY_ABORTED;
        }
    }
    return status;
}
