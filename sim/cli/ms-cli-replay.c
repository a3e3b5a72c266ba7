/* migsim: `migsim replay`: runs scenarios against a real LXD cluster and the
 * model in lockstep, and reports every place where they disagree (see
 * docs/live-replay.md).
 *
 * Per step: the live side sends what lxc would send (ms-replay-live.c), the
 * model applies the same MsOp, and the live cluster is read back and
 * compared with the simulated one.  A scenario that cannot be replayed
 * safely is refused before the first request; whatever a scenario created
 * or changed is removed or put back afterwards, also after a failure or
 * Ctrl-C. */
#include "ms-cli.h"
#include "ms-escape.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ms-apply.h"
#include "ms-replay-live.h"
#include "ms-report-writers.h"

/* The LXD socket of Debian's lxd package: what --dry-run shows without --remote. */
#define MS_REPLAY_DEFAULT_SOCKET "unix:/var/lib/lxd/unix.socket"
#define MS_REPLAY_DEFAULT_TIMEOUT_S 120

/* Set by SIGINT/SIGTERM; the LXD client aborts its request in flight and
 * the step loop stops, then clean-up runs with the flag disconnected. */
static volatile gint replay_interrupted = 0;
static volatile gint replay_signals = 0;

/* Clean-up must survive a stray second signal (a shell and a terminal
 * may both deliver one); the third gets the default action: the user
 * insists, and the clean-up log so far says what was done. */
#define MS_REPLAY_SIGNALS_TO_DIE 3

static void
on_signal(int signo)
{
    replay_interrupted = signo;
    if (++replay_signals >= MS_REPLAY_SIGNALS_TO_DIE) {
        signal(signo, SIG_DFL);
        raise(signo);
    }
}

static void
install_signal_handlers(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

typedef struct {
    gboolean color;
    gboolean dry_run;
    char **fault_command; /* --fault-command as argv, NULL without */
    guint n_compared;
    guint n_differences; /* steps with at least one difference */
    guint n_unmet;       /* simulated expectations that failed */
    guint n_timing;      /* steps whose only differences are timing-dependent placements */
} ReplayUi;

static const char *
col(const ReplayUi *ui, const char *code)
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
print_step(const ReplayUi *ui, const MsStep *step, const MsStepResult *sr, const MsOutcome *live_outcome,
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
static gboolean
check_replayable(const MsScenario *scenario, gboolean have_fault_command, GError **error)
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
        if (step->kind == MS_STEP_COMMAND && !ms_replay_live_supports(step->op->kind)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "%s:%u: '%s' cannot be replayed on a real cluster yet", scenario->path, step->line,
                        step->text);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean
scenario_is_cluster_wide(const MsScenario *scenario)
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

/* A location difference of an instance placed while LXD counted recent
 * creations (or placed so earlier in the scenario) is timing-dependent
 * (tests/live/DISAGREEMENTS.md #2): it moves from @diffs to @notes.  The
 * model has no clock yet, so the live operations list is the evidence. */
static void
classify_timing(GPtrArray *diffs, GPtrArray *notes, GHashTable *timed, gboolean placed_now,
                const char *counts)
{
    for (guint d = 0; d < diffs->len;) {
        const char *text = diffs->pdata[d];
        g_autofree char *name = NULL;
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
        g_ptr_array_add(
            notes, g_strdup_printf(
                       "timing-dependent: %s (LXD also counted instance creations of the last 5 s%s%s%s; "
                       "lxd/db/node.go:1118-1143 at lxd-5.0.2)",
                       text, counts ? ": " : "", counts ? counts : "", counts ? "" : " when it placed it"));
        g_ptr_array_remove_index(diffs, d);
    }
}

typedef enum {
    RUN_OK,
    RUN_ABORTED, /* the exchange failed or the user interrupted */
} RunStatus;

/* Lockstep run of one scenario; fills @result.  Members the scenario took
 * offline are added to @offline (and removed when it brings them back). */
static RunStatus
replay_steps(MsReplayLive *live, const MsScenario *scenario, const MsProfile *profile, ReplayUi *ui,
             MsScenarioResult *result, GPtrArray *offline)
{
    g_autoptr(MsCluster) sim = ms_runner_initial_cluster(scenario);
    g_autoptr(MsCluster) live_cluster = NULL;
    g_autofree char *client = g_strdup(scenario->members->pdata[0]);
    g_autoptr(GHashTable) timed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    RunStatus status = RUN_OK;

    result->initial_state = ms_cluster_to_json(sim, profile);
    for (guint i = 0; i < scenario->steps->len && status == RUN_OK; i++) {
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

        if (replay_interrupted) {
            sr->has_live = TRUE;
            sr->live_error = g_strdup_printf("interrupted by signal %d before this step", replay_interrupted);
            print_step(ui, step, sr, NULL, sr->live_error, NULL, NULL);
            return RUN_ABORTED;
        }

        switch (step->kind) {
        case MS_STEP_COMMAND: {
            /* the client member decides where unqualified volumes go */
            MsEnv env = { .profile = profile, .ledger = result->ledger, .hits = sr->hits, .client = client };

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
            status = RUN_ABORTED;
        }
        sr->state = ms_cluster_to_json(sim, profile);

        /* read the live cluster back and compare */
        if (status == RUN_OK && changes && !ui->dry_run) {
            guint n_before;
            g_autoptr(GError) read_error = NULL;
            MsCluster *snapshot = ms_replay_live_snapshot(live, scenario, &read_error);

            if (snapshot == NULL) {
                failure = g_strdup_printf("reading the cluster back: %s", read_error->message);
                g_free(sr->live_error);
                sr->live_error = g_strdup(failure);
                status = RUN_ABORTED;
            } else {
                g_autoptr(GPtrArray) diffs = ms_replay_diff_clusters(sim, snapshot, scenario, profile);

                g_clear_pointer(&live_cluster, ms_cluster_free);
                live_cluster = snapshot;
                for (guint d = 0; d < diffs->len; d++)
                    g_ptr_array_add(sr->live_diffs, g_strdup(diffs->pdata[d]));
                n_before = sr->live_diffs->len;
                classify_timing(sr->live_diffs, notes, timed, recent != NULL, recent);
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

static RunStatus
replay_scenario(MsReplayLive *live, const MsScenario *scenario, const MsProfile *profile, ReplayUi *ui,
                MsScenarioResult *result)
{
    g_autoptr(GPtrArray) offline = g_ptr_array_new_with_free_func(g_free);
    RunStatus status = replay_steps(live, scenario, profile, ui, result, offline);

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
            status = RUN_ABORTED;
        }
    }
    return status;
}

/* `migsim replay --recover JOURNAL`: undoes what the journal lists. */
static int
replay_recover(const char *path, const char *remote_option, const char *client_cert, const char *client_key,
               const char *server_cert, gboolean insecure, guint timeout_s)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsReplayLedger) ledger = ms_replay_ledger_load(path, &error);
    g_autoptr(MsLxdTls) tls = NULL;
    g_autoptr(MsReplayLive) live = NULL;
    g_autoptr(GString) log = g_string_new(NULL);
    g_autofree char *version = NULL;
    MsReplayLiveOptions options = { 0 };
    MsLxdClient *client;
    const char *remote;

    if (ledger == NULL) {
        ms_cli_error("replay --recover: %s", error->message);
        return MS_EXIT_INPUT;
    }
    if (ledger->truncated)
        printf("recover: the last record of %s was cut short while being written; the change it announced "
               "was never started and is skipped\n",
               path);
    if (ms_replay_ledger_is_empty(ledger)) {
        /* killed before it announced any change (or after all was undone) */
        if (g_unlink(path) != 0) {
            ms_cli_error("replay --recover: %s: %s", path, g_strerror(errno));
            return MS_EXIT_LIVE;
        }
        printf("recover: %s lists nothing to undo; removed\n", path);
        return MS_EXIT_OK;
    }
    remote = remote_option != NULL ? remote_option : ledger->remote;
    if (remote == NULL) {
        ms_cli_error("replay --recover: %s names no remote; give it with --remote", path);
        return MS_EXIT_INPUT;
    }
    if (g_str_has_prefix(remote, "https://")) {
        tls = g_new0(MsLxdTls, 1);
        tls->client_cert = g_strdup(client_cert);
        tls->client_key = g_strdup(client_key);
        tls->server_cert = g_strdup(server_cert);
        tls->insecure = insecure;
    }
    client = ms_lxd_client_new(remote, tls, timeout_s * 1000, &error);
    if (client == NULL) {
        ms_cli_error("replay --recover: %s: %s", remote, error->message);
        return MS_EXIT_LIVE;
    }
    options.remote = remote;
    options.tls = tls;
    options.timeout_s = timeout_s;
    live = ms_replay_live_new(client, &options);
    if (!ms_replay_live_connect(live, &version, &error)) {
        ms_cli_error("replay --recover: %s: %s", remote, error->message);
        return MS_EXIT_LIVE;
    }
    printf("recover: %s against %s (LXD %s)\n", path, remote, version);
    install_signal_handlers();
    ms_lxd_client_set_interrupt_flag(client, NULL);
    if (!ms_replay_live_recover(live, ledger, log)) {
        fputs(log->str, stdout);
        ms_cli_error("replay --recover: incomplete (see above); %s is kept, run --recover again", path);
        return MS_EXIT_LIVE;
    }
    fputs(log->str, stdout);
    if (g_unlink(path) != 0) {
        ms_cli_error("replay --recover: %s: %s", path, g_strerror(errno));
        return MS_EXIT_LIVE;
    }
    printf("recover: done, nothing left to undo; %s removed\n", path);
    return MS_EXIT_OK;
}

static gboolean
parse_map(char **entries, const char *option, GHashTable *map)
{
    for (guint i = 0; entries != NULL && entries[i] != NULL; i++) {
        const char *eq = strchr(entries[i], '=');
        g_autofree char *key = NULL;

        if (eq == NULL || eq == entries[i] || eq[1] == '\0') {
            ms_cli_error("%s: expected NAME=NAME, got '%s'", option, entries[i]);
            return FALSE;
        }
        key = g_strndup(entries[i], eq - entries[i]);
        if (g_hash_table_contains(map, key)) {
            ms_cli_error("%s: '%s' is mapped twice", option, key);
            return FALSE;
        }
        g_hash_table_insert(map, g_steal_pointer(&key), g_strdup(eq + 1));
    }
    return TRUE;
}

int
ms_cmd_replay(int argc, char **argv)
{
    g_autofree char *remote = NULL, *client_cert = NULL, *client_key = NULL, *server_cert = NULL;
    g_autofree char *profile_name = NULL, *json_path = NULL, *html_path = NULL, *color = NULL;
    g_autofree char *journal_path = NULL, *recover_path = NULL, *fault_command = NULL;
    g_auto(GStrv) fault_argv = NULL;
    g_autoptr(MsReplayJournal) journal = NULL;
    g_auto(GStrv) member_args = NULL;
    g_auto(GStrv) image_args = NULL;
    gboolean insecure = FALSE, yes = FALSE, keep = FALSE, dry_run = FALSE;
    gint timeout_s = MS_REPLAY_DEFAULT_TIMEOUT_S;
    GOptionEntry entries[] = {
        { "remote", 'r', 0, G_OPTION_ARG_STRING, &remote,
          "the cluster: unix:/path/to/unix.socket or https://HOST:PORT (with --dry-run, default "
          "unix:/var/lib/lxd/unix.socket)",
          "REMOTE" },
        { "client-cert", 0, 0, G_OPTION_ARG_FILENAME, &client_cert,
          "client certificate (PEM) for https remotes", "FILE" },
        { "client-key", 0, 0, G_OPTION_ARG_FILENAME, &client_key, "client key (PEM) for https remotes",
          "FILE" },
        { "server-cert", 0, 0, G_OPTION_ARG_FILENAME, &server_cert,
          "the server's certificate (PEM), the only one trusted", "FILE" },
        { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, "do not verify the server's certificate", NULL },
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
          "LXD release to simulate (default: the server's)", "lxd-X.Y.Z" },
        { "member", 0, 0, G_OPTION_ARG_STRING_ARRAY, &member_args,
          "scenario member M is live member NAME (repeatable)", "M=NAME" },
        { "image", 0, 0, G_OPTION_ARG_STRING_ARRAY, &image_args,
          "scenario image I is image alias ALIAS (repeatable)", "I=ALIAS" },
        { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, "allow evacuate, restore and server config changes", NULL },
        { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "leave everything the scenarios created in place", NULL },
        { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
          "print the requests as curl command lines, send nothing", NULL },
        { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "write the results as JSON", "FILE" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &html_path,
          "write an HTML report (simulated and live side by side)", "FILE" },
        { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s,
          "limit for every request and every operation (default 120)", "SECONDS" },
        { "color", 0, 0, G_OPTION_ARG_STRING, &color, "auto, always or never", "WHEN" },
        { "journal", 0, 0, G_OPTION_ARG_FILENAME, &journal_path,
          "where to journal every change before it is made (default: "
          "$XDG_STATE_HOME/migsim/replay-HASH.journal)",
          "FILE" },
        { "fault-command", 0, 0, G_OPTION_ARG_STRING, &fault_command,
          "run CMD offline|online MEMBER for 'fault member M offline|online' (it must stop or start that "
          "member's daemon)",
          "CMD" },
        { "recover", 0, 0, G_OPTION_ARG_FILENAME, &recover_path,
          "undo what a killed replay's journal lists, then remove the journal", "JOURNAL" },
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("FILE... - replay scenarios against a real LXD cluster");
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_free);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_result_free);
    g_autoptr(GHashTable) member_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GHashTable) image_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(MsLxdTls) tls = NULL;
    const MsProfile *override = NULL;
    ReplayUi ui = { 0 };
    int exit_code = MS_EXIT_OK;
    gboolean aborted = FALSE;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context, "Each scenario command is sent as the requests lxc sends for it, the same step is\n"
                 "simulated, and the live cluster is read back and compared after every step.\n"
                 "Before anything is sent, a scenario is refused if it would create something that\n"
                 "exists; evacuate, restore and server config changes need --yes.  Afterwards\n"
                 "everything the scenario created is deleted and what it changed is put back\n"
                 "(unless --keep), also after a failure or Ctrl-C.  Every change is journaled\n"
                 "first; 'migsim replay --recover JOURNAL' undoes what a killed run left.\n\n"
                 "Exit status: 0 no difference, 1 differences, 2 usage error, 3 bad scenario,\n"
                 "4 cluster unreachable, not LXD, refused for safety, or interrupted.\n"
                 "Example: migsim replay --remote unix:/var/lib/lxd/unix.socket --yes scenarios/x.scn\n"
                 "See docs/live-replay.md.");
    if (!ms_cli_parse_options(context, &argc, &argv, "replay"))
        return MS_EXIT_USAGE;
    if (recover_path != NULL) {
        if (argc > 1 || dry_run || keep || journal_path != NULL) {
            ms_cli_error("--recover takes a journal and no scenario, --dry-run, --keep or --journal");
            return MS_EXIT_USAGE;
        }
        if (timeout_s <= 0 || timeout_s > 86400) {
            ms_cli_error("--timeout: expected 1 to 86400 seconds, got %d", timeout_s);
            return MS_EXIT_USAGE;
        }
        return replay_recover(recover_path, remote, client_cert, client_key, server_cert, insecure,
                              (guint) timeout_s);
    }
    if (argc < 2) {
        ms_cli_error("replay: no scenario given (see 'migsim replay --help')");
        return MS_EXIT_USAGE;
    }
    if (!ms_cli_check_color(color))
        return MS_EXIT_USAGE;
    if (remote == NULL && !dry_run) {
        ms_cli_error("replay: --remote is required (unix:/path/to/unix.socket or https://HOST:PORT), or use "
                     "--dry-run");
        return MS_EXIT_USAGE;
    }
    if (remote == NULL)
        remote = g_strdup(MS_REPLAY_DEFAULT_SOCKET);
    if (timeout_s <= 0 || timeout_s > 86400) {
        ms_cli_error("--timeout: expected 1 to 86400 seconds, got %d", timeout_s);
        return MS_EXIT_USAGE;
    }
    if (g_str_has_prefix(remote, "unix:") && (client_cert || client_key || server_cert || insecure)) {
        ms_cli_error(
            "--client-cert, --client-key, --server-cert and --insecure are for https:// remotes only");
        return MS_EXIT_USAGE;
    }
    if ((client_cert == NULL) != (client_key == NULL)) {
        ms_cli_error("--client-cert and --client-key go together");
        return MS_EXIT_USAGE;
    }
    if (insecure && server_cert != NULL) {
        ms_cli_error("--insecure and --server-cert exclude each other");
        return MS_EXIT_USAGE;
    }
    if (!parse_map(member_args, "--member", member_map) || !parse_map(image_args, "--image", image_map))
        return MS_EXIT_USAGE;
    if (!ms_cli_parse_profile(profile_name, &override))
        return MS_EXIT_USAGE;
    if (!ms_cli_collect_files(argv + 1, files))
        return MS_EXIT_USAGE;
    if (!ms_cli_load_scenarios(files, scenarios))
        return MS_EXIT_INPUT;
    {
        /* a mapping of a member no scenario declares is a typo, not a no-op */
        GHashTableIter iter;
        gpointer key;
        g_hash_table_iter_init(&iter, member_map);
        while (g_hash_table_iter_next(&iter, &key, NULL)) {
            gboolean declared = FALSE;
            for (guint i = 0; i < scenarios->len && !declared; i++) {
                const MsScenario *sc = scenarios->pdata[i];
                for (guint m = 0; m < sc->members->len; m++)
                    declared |= g_str_equal(sc->members->pdata[m], key);
            }
            if (!declared) {
                ms_cli_error("--member: no scenario declares a member '%s'", (const char *) key);
                return MS_EXIT_USAGE;
            }
        }
    }
    for (guint i = 0; i < scenarios->len; i++) {
        g_autoptr(GError) error = NULL;
        if (!check_replayable(scenarios->pdata[i], fault_command != NULL, &error)) {
            ms_cli_error("%s", error->message);
            return MS_EXIT_LIVE;
        }
    }
    if (g_str_has_prefix(remote, "https://")) {
        tls = g_new0(MsLxdTls, 1);
        tls->client_cert = g_strdup(client_cert);
        tls->client_key = g_strdup(client_key);
        tls->server_cert = g_strdup(server_cert);
        tls->insecure = insecure;
    }
    ui.color = ms_cli_use_color(color, fileno(stdout));
    ui.dry_run = dry_run;
    if (fault_command != NULL) {
        g_autoptr(GError) parse_error = NULL;

        if (!g_shell_parse_argv(fault_command, NULL, &fault_argv, &parse_error)) {
            ms_cli_error("--fault-command: %s", parse_error->message);
            return MS_EXIT_USAGE;
        }
        ui.fault_command = fault_argv;
    }
    if (!dry_run) {
        g_autoptr(GError) error = NULL;

        if (journal_path == NULL)
            journal_path = ms_replay_journal_default_path(remote);
        if (g_file_test(journal_path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
            ms_cli_error(
                "replay: refused, nothing was changed: an earlier replay did not finish; its journal %s "
                "lists what it created or changed. Undo it with: migsim replay --recover %s",
                journal_path, journal_path);
            return MS_EXIT_LIVE;
        }
        journal = ms_replay_journal_create(journal_path, remote, &error);
        if (journal == NULL) {
            ms_cli_error("replay: --journal: %s", error->message);
            return MS_EXIT_LIVE;
        }
        install_signal_handlers();
        /* at once: whoever kills this run needs the path */
        printf("journal: %s (if this run is killed: migsim replay --recover %s)\n", journal_path,
               journal_path);
        fflush(stdout);
    }

    for (guint i = 0; i < scenarios->len && !aborted; i++) {
        const MsScenario *scenario = scenarios->pdata[i];
        MsReplayLiveOptions options = { remote, tls, member_map, image_map, (guint) timeout_s, dry_run };
        g_autoptr(MsReplayLive) live = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) touches = NULL;
        g_autofree char *version = NULL;
        MsLxdClient *client;
        const MsProfile *profile = override;
        MsScenarioResult *result;
        RunStatus status;

        client = ms_lxd_client_new(remote, tls, (guint) timeout_s * 1000, &error);
        if (client == NULL) {
            ms_cli_error("--remote: %s", error->message);
            exit_code =
                g_error_matches(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID) ? MS_EXIT_USAGE : MS_EXIT_LIVE;
            break;
        }
        ms_lxd_client_set_dry_run(client, dry_run);
        ms_lxd_client_set_interrupt_flag(client, &replay_interrupted);
        live = ms_replay_live_new(client, &options);
        if (!ms_replay_live_connect(live, &version, &error)) {
            ms_cli_error("replay: %s: %s", remote, error->message);
            exit_code = MS_EXIT_LIVE;
            break;
        }
        if (profile == NULL && !dry_run) {
            profile = ms_profile_lookup(version);
            if (profile == NULL) {
                ms_cli_error("replay: %s runs LXD %s, which migsim does not simulate; pass --profile (see "
                             "'migsim profiles')",
                             remote, version);
                exit_code = MS_EXIT_LIVE;
                break;
            }
        } else if (profile == NULL) {
            MsRunOptions run_options = { NULL };
            profile = ms_runner_pick_profile(scenario, &run_options, &error);
            if (profile == NULL) {
                ms_cli_error("%s", error->message);
                return MS_EXIT_INPUT;
            }
        }
        ms_replay_live_set_profile(live, profile);
        ms_replay_live_set_journal(live, journal);
        printf("%s== %s%s%s%s [%s] %s %s%s%s\n", col(&ui, "\033[1m"), scenario->path, col(&ui, "\033[0m"),
               scenario->title ? ": " : "", scenario->title ? scenario->title : "", profile->name,
               dry_run ? "dry run, requests for" : "against", remote, dry_run ? "" : ", LXD ",
               dry_run ? "" : version);
        if (!ms_replay_live_preflight(live, scenario, &touches, &error)) {
            ms_cli_error("replay: %s: refused, nothing was changed: %s", scenario->path, error->message);
            exit_code = MS_EXIT_LIVE;
            break;
        }
        if (!dry_run && scenario_is_cluster_wide(scenario)) {
            printf("This scenario changes the whole cluster:\n");
            for (guint t = 0; t < touches->len; t++)
                printf("  %s\n", (const char *) touches->pdata[t]);
            fflush(stdout);
            if (!yes) {
                ms_cli_error(
                    "replay: %s evacuates or restores members or changes server config; re-run with --yes",
                    scenario->path);
                exit_code = MS_EXIT_LIVE;
                break;
            }
        }

        result = ms_scenario_result_new(scenario->path, profile);
        result->title = g_strdup(scenario->title);
        result->is_replay = TRUE;
        g_ptr_array_add(results, result);
        status = replay_scenario(live, scenario, profile, &ui, result);
        if (status == RUN_ABORTED) {
            aborted = TRUE;
            exit_code = MS_EXIT_LIVE;
        }

        if (!dry_run) {
            g_autoptr(GString) log = g_string_new(NULL);

            /* clean-up must run even after Ctrl-C */
            ms_lxd_client_set_interrupt_flag(ms_replay_live_client(live), NULL);
            if (keep) {
                printf("--keep: the scenario's instances, volumes, pools and profiles are left in place\n");
            } else if (!ms_replay_live_cleanup(live, status == RUN_ABORTED || replay_interrupted, log)) {
                fputs(log->str, stdout);
                ms_cli_error("replay: %s: clean-up was incomplete (see above); not running further scenarios",
                             scenario->path);
                aborted = TRUE;
                exit_code = MS_EXIT_LIVE;
            } else {
                fputs(log->str, stdout);
            }
            ms_lxd_client_set_interrupt_flag(ms_replay_live_client(live), &replay_interrupted);
        }
        printf("-- %s: %u commands, %u checks, %u steps with differences%s\n\n", scenario->path,
               result->n_commands, result->n_checks, result->n_failed,
               status == RUN_ABORTED ? " (aborted)" : "");
        fflush(stdout);
        if (replay_interrupted)
            aborted = TRUE;
    }

    if (journal != NULL) {
        g_autoptr(GError) error = NULL;

        if (!ms_replay_ledger_is_empty(ms_replay_journal_ledger(journal))) {
            printf("journal %s kept: it lists what is still in place; remove it with: migsim replay "
                   "--recover %s\n",
                   journal_path, journal_path);
        } else if (!ms_replay_journal_remove(journal, &error)) {
            ms_cli_error("replay: %s", error->message);
            exit_code = MS_EXIT_LIVE;
        }
    }
    if (dry_run) {
        printf("dry run: nothing was sent\n");
    } else {
        g_autofree char *timing =
            ui.n_timing > 0 ? g_strdup_printf(", %u with timing-dependent placements only", ui.n_timing)
                            : g_strdup("");
        printf("replay: %u scenarios, %u steps compared, %u with differences%s%s\n", results->len,
               ui.n_compared, ui.n_differences, timing, aborted ? ", aborted" : "");
    }
    if (ui.n_unmet > 0)
        printf("note: %u simulated expectations were not met (see 'migsim run')\n", ui.n_unmet);

    if (!ms_cli_write_report(json_path, ms_report_json, results) ||
        !ms_cli_write_report(html_path, ms_report_html, results))
        return MS_EXIT_INTERNAL;
    if (replay_interrupted) {
        ms_cli_error("replay: interrupted by signal %d", replay_interrupted);
        return MS_EXIT_LIVE;
    }
    if (exit_code != MS_EXIT_OK)
        return exit_code;
    return ui.n_differences > 0 ? MS_EXIT_FAILED : MS_EXIT_OK;
}
