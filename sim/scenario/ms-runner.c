/* migsim: the scenario runner. */
#include "ms-heal.h"
#include "ms-runner.h"
#include "ms-target.h"

#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-explain.h"
#include "ms-job.h"
#include "ms-paste.h"
#include "ms-roles.h"

const MsProfile *
ms_runner_pick_profile(const MsScenario *scenario, const MsRunOptions *options, GError **error)
{
    const MsProfile *profile;

    if (options != NULL && options->profile_override != NULL)
        return options->profile_override;
    if (scenario->profile_name == NULL && scenario->releases != 0)
        return ms_release_mask_latest(scenario->releases);
    if (scenario->profile_name == NULL && scenario->state == NULL && scenario->incus_line != 0)
        return ms_release_mask_latest(ms_release_mask_product(TRUE));
    if (scenario->profile_name == NULL)
        return scenario->state != NULL ? scenario->state->profile : ms_profile_latest();
    profile = ms_profile_lookup(scenario->profile_name);
    if (profile == NULL) {
        g_autofree char *hint = ms_profile_suggest_hint(scenario->profile_name);
        g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                    "%s:%u: unknown release '%s' in 'profile'%s (see 'migsim profiles')", scenario->path,
                    scenario->profile_line, scenario->profile_name, hint);
    }
    return profile;
}

static MsCluster *
cluster_of_members(GPtrArray *members)
{
    MsCluster *cluster = ms_cluster_new();

    for (guint i = 0; i < members->len; i++)
        ms_cluster_add_member(cluster, members->pdata[i]);
    ms_cluster_assign_roles(cluster);
    return cluster;
}

MsCluster *
ms_runner_initial_cluster(const MsScenario *scenario)
{
    MsCluster *cluster = scenario->state != NULL ? ms_cluster_copy(scenario->state->cluster)
                                                 : cluster_of_members(scenario->members);

    /* the `remote` lines: each its own cluster, its members ONLINE */
    for (guint i = 0; scenario->remotes != NULL && i < scenario->remotes->len; i++) {
        const MsScenarioRemote *remote = scenario->remotes->pdata[i];
        if (ms_cluster_lookup_remote(cluster, remote->name) == NULL)
            ms_cluster_add_remote(cluster, remote->name, remote->standalone,
                                  cluster_of_members(remote->members));
    }
    return cluster;
}

/* `same-host MEMBER MEMBER...`: one host for @names and for every member
 * that shared one with any of them before. */
static void
declare_same_host(MsCluster *cluster, const char *const *names)
{
    guint host = 0;
    g_autoptr(GArray) merged = g_array_new(FALSE, FALSE, sizeof(guint));

    for (guint i = 0; i < cluster->members->len; i++)
        host = MAX(host, ((MsMember *) cluster->members->pdata[i])->host_id);
    host++;
    for (guint i = 0; names[i] != NULL; i++) {
        MsMember *member = ms_cluster_lookup_member(cluster, names[i]);

        if (member != NULL && member->host_id != 0)
            g_array_append_val(merged, member->host_id);
    }
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        gboolean joins = g_strv_contains(names, member->name);

        for (guint j = 0; !joins && member->host_id != 0 && j < merged->len; j++)
            joins = member->host_id == g_array_index(merged, guint, j);
        if (joins)
            member->host_id = host;
    }
}

/* `host-path MEMBER STATE PATH...` (parse_host_path): a new table, as
 * copies of the cluster share the old one */
static void
declare_host_paths(MsCluster *cluster, const MsStep *step)
{
    static const char *const states[] = {
        [MS_HOST_PATH_DIR] = "dir",   [MS_HOST_PATH_FILE] = "file",   [MS_HOST_PATH_MISSING] = "missing",
        [MS_HOST_PATH_CHAR] = "char", [MS_HOST_PATH_BLOCK] = "block",
    };
    MsMember *member = ms_cluster_lookup_member(cluster, step->name);
    g_auto(GStrv) paths = g_strsplit(step->value, " ", -1);
    GHashTable *table;
    MsHostPath state = MS_HOST_PATH_DIR;

    /* a command may have removed the member since the file was parsed */
    if (member == NULL)
        return;
    for (guint i = MS_HOST_PATH_DIR; i < G_N_ELEMENTS(states); i++)
        if (g_str_equal(step->fault, states[i]))
            state = (MsHostPath) i;
    table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (member->host_paths != NULL) {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init(&iter, member->host_paths);
        while (g_hash_table_iter_next(&iter, &key, &value))
            g_hash_table_insert(table, g_strdup(key), value);
        g_hash_table_unref(member->host_paths);
    }
    for (guint i = 0; paths[i] != NULL; i++)
        g_hash_table_insert(table, g_strdup(paths[i]), GINT_TO_POINTER(state));
    member->host_paths = table;
}

void
ms_runner_apply_directive(MsCluster *cluster, const MsStep *step, char **client)
{
    switch (step->kind) {
    case MS_STEP_POOL: {
        /* `pool REMOTE:NAME DRIVER`: on that remote's members */
        cluster = ms_cluster_remote_cluster(cluster, step->remote);
        MsPool *pool = ms_cluster_lookup_pool_mut(cluster, step->name);
        if (pool == NULL) {
            pool = ms_pool_new(step->name, step->driver);
            g_ptr_array_add(cluster->pools, pool);
        }
        pool->state = MS_POOL_CREATED;
        for (guint i = 0; i < cluster->members->len; i++)
            g_hash_table_insert(pool->member_state, g_strdup(((MsMember *) cluster->members->pdata[i])->name),
                                GINT_TO_POINTER(MS_POOL_CREATED + 1));
        break;
    }
    case MS_STEP_ON:
        g_free(*client);
        *client = g_strdup(step->name);
        break;
    case MS_STEP_SLEEP:
        ms_cluster_advance_clock(cluster, step->sleep_ms);
        break;
    case MS_STEP_NOOP:
        ms_paste_note_file_ops(cluster, step->text);
        break;
    case MS_STEP_FAULT: {
        MsMember *member;

        /* `host-interface MEMBER NAME...` (parse_host_interface): a new
         * array, as copies of the cluster share the old one */
        if (g_strcmp0(step->subject, "host-interface") == 0) {
            g_auto(GStrv) names = g_strsplit(step->value, " ", -1);
            GPtrArray *interfaces = g_ptr_array_new_with_free_func(g_free);

            member = ms_cluster_lookup_member(cluster, step->name);
            for (guint i = 0;
                 member != NULL && member->host_interfaces != NULL && i < member->host_interfaces->len; i++)
                g_ptr_array_add(interfaces, g_strdup(member->host_interfaces->pdata[i]));
            for (guint i = 0; names[i] != NULL; i++)
                g_ptr_array_add(interfaces, g_strdup(names[i]));
            if (member == NULL) {
                g_ptr_array_unref(interfaces);
                break;
            }
            if (member->host_interfaces != NULL)
                g_ptr_array_unref(member->host_interfaces);
            member->host_interfaces = interfaces;
            break;
        }
        if (g_strcmp0(step->subject, "host-path") == 0) {
            declare_host_paths(cluster, step);
            break;
        }
        /* `host-lacks MEMBER WORD...` (parse_host_lacks took only known
         * words, ms_host_lacks_from_word) */
        if (g_strcmp0(step->subject, "host-lacks") == 0) {
            g_auto(GStrv) things = g_strsplit(step->value, " ", -1);

            member = ms_cluster_lookup_member(cluster, step->name);
            for (guint i = 0; member != NULL && things[i] != NULL; i++)
                member->host_lacks |= ms_host_lacks_from_word(things[i]);
            /* the last of host-lacks and host-has criu holds */
            if (member != NULL && (member->host_lacks & MS_HOST_LACKS_CRIU))
                member->host_has &= ~MS_HOST_HAS_CRIU;
            break;
        }
        /* `same-host MEMBER MEMBER...` (parse_same_host) */
        if (g_strcmp0(step->subject, "same-host") == 0) {
            g_auto(GStrv) names = g_strsplit(step->value, " ", -1);

            declare_same_host(cluster, (const char *const *) names);
            break;
        }
        /* `host-has MEMBER criu` (parse_host_has, which took only it) */
        if (g_strcmp0(step->subject, "host-has") == 0) {
            member = ms_cluster_lookup_member(cluster, step->name);
            if (member != NULL) {
                member->host_has |= MS_HOST_HAS_CRIU;
                member->host_lacks &= ~MS_HOST_LACKS_CRIU;
            }
            break;
        }
        if (step->subject != NULL) {
            const char *what = g_str_equal(step->subject, "instance") ? "start" : "migrate";
            if (g_str_equal(step->fault, "hang")) {
                ms_cluster_inject(cluster, "hang", step->name, "hang");
                break;
            }
            /* `ok` clears a hang and a destination failure too (an
             * operation that hung stays hung) */
            if (!g_str_equal(what, "start") && step->value == NULL) {
                ms_cluster_inject(cluster, "hang", step->name, NULL);
                ms_cluster_inject(cluster, "migrate-dest", step->name, NULL);
            }
            if (g_str_equal(step->fault, "dest-fail")) {
                ms_cluster_inject(cluster, "migrate-dest", step->name, step->value);
                break;
            }
            ms_cluster_inject(cluster, what, step->name, step->value);
            break;
        }
        member = ms_cluster_lookup_member(cluster, step->name);
        /* a command may have removed the member since the file was parsed */
        if (member == NULL)
            break;
        if (g_str_equal(step->fault, "offline")) {
            member->status = MS_MEMBER_OFFLINE;
        } else if (g_str_equal(step->fault, "unreachable")) {
            /* OFFLINE only once cluster.offline_threshold has passed */
            ms_cluster_set_unreachable(cluster, member, TRUE);
        } else if (g_str_equal(step->fault, "online")) {
            ms_cluster_set_unreachable(cluster, member, FALSE);
            member->status = member->db_status;
        } else if (g_str_equal(step->fault, "networks-not-started")) {
            member->networks_not_started = TRUE;
        } else if (g_str_equal(step->fault, "networks-started")) {
            member->networks_not_started = FALSE;
        } else if (g_str_equal(step->fault, "storage-not-started")) {
            member->pools_not_started = TRUE;
        } else if (g_str_equal(step->fault, "storage-started")) {
            member->pools_not_started = FALSE;
        }
        break;
    }
    default:
        g_assert_not_reached();
    }
}

/* The outcome a command must have under @profile: the `[SET]` line whose
 * SET holds @profile (the parser keeps them disjoint), else the plain one. */
typedef struct {
    MsExpectKind kind;
    const char *text;
    const char *releases; /* NULL for the plain expectation */
} Expectation;

static Expectation
pick_expectation(const MsStep *step, const MsProfile *profile)
{
    Expectation e = { step->expect, step->expect_text, NULL };

    for (guint i = 0; step->release_expects != NULL && i < step->release_expects->len; i++) {
        const MsReleaseExpect *r = step->release_expects->pdata[i];
        if (ms_release_mask_has(r->releases, profile))
            return (Expectation){ r->kind, r->text, r->releases_text };
    }
    return e;
}

static char *
describe(Expectation e)
{
    g_autofree char *what = NULL;

    switch (e.kind) {
    case MS_EXPECT_OK:
        what = g_strdup("ok");
        break;
    case MS_EXPECT_ERROR_EXACT:
        what = g_strdup_printf("Error: %s", e.text);
        break;
    case MS_EXPECT_ERROR_ANY:
        what = g_strdup("an error");
        break;
    case MS_EXPECT_ERROR_CONTAINS:
        what = g_strdup_printf("an error containing \"%s\"", e.text);
        break;
    case MS_EXPECT_ANY:
        what = g_strdup("any outcome");
        break;
    case MS_EXPECT_TIMEOUT:
        what = g_strdup("no answer (the operation never completes)");
        break;
    }
    if (e.releases == NULL)
        return g_steal_pointer(&what);
    return g_strdup_printf("%s [for %s]", what, e.releases);
}

char *
ms_runner_describe_expectation(const MsStep *step, const MsProfile *profile)
{
    return describe(pick_expectation(step, profile));
}

gboolean
ms_runner_expectation_checked(const MsStep *step, const MsProfile *profile)
{
    return pick_expectation(step, profile).kind != MS_EXPECT_ANY;
}

/* Does one of @texts (LXD's other possible errors; NULL, or an array
 * without NULL entries) meet the error expectation @e?  `expect error`
 * counts when @any_error says any error of the set would. */
static gboolean
met_by_any(const Expectation *e, const GPtrArray *texts, gboolean any_error)
{
    for (guint i = 0; texts != NULL && i < texts->len; i++) {
        const char *text = texts->pdata[i];

        if (e->kind == MS_EXPECT_ERROR_EXACT      ? ms_target_text_meets(text, e->text, TRUE)
            : e->kind == MS_EXPECT_ERROR_CONTAINS ? ms_target_text_meets(text, e->text, FALSE)
                                                  : e->kind == MS_EXPECT_ERROR_ANY && any_error)
            return TRUE;
    }
    return FALSE;
}

gboolean
ms_runner_expectation_met(const MsStep *step, const MsProfile *profile, const MsOutcome *outcome, char **why)
{
    Expectation e = pick_expectation(step, profile);
    const char *migsim_part;
    gboolean met;

    switch (e.kind) {
    case MS_EXPECT_OK:
        met = outcome->ok;
        break;
    case MS_EXPECT_ERROR_EXACT:
        met = !outcome->ok && ms_target_text_meets(outcome->client_error, e.text, TRUE);
        break;
    case MS_EXPECT_ERROR_ANY:
        met = !outcome->ok;
        break;
    case MS_EXPECT_ERROR_CONTAINS:
        met = !outcome->ok && ms_target_text_meets(outcome->client_error, e.text, FALSE);
        break;
    case MS_EXPECT_ANY:
        met = TRUE;
        break;
    case MS_EXPECT_TIMEOUT:
        met = outcome->hung != NULL;
        break;
    default:
        g_assert_not_reached();
    }
    /* a command that never returns has no outcome lxc prints */
    if (outcome->hung != NULL && e.kind != MS_EXPECT_TIMEOUT && e.kind != MS_EXPECT_ANY)
        met = FALSE;
    /* LXD may name another failing device (Go map order): any is LXD's */
    if (!met && !outcome->ok)
        met = met_by_any(&e, outcome->alternatives, FALSE);
    /* placement timing allows the other outcome too (the "timing: " note;
     * MsOutcome.timing_errors, .timing_may_succeed): any member of the set
     * is LXD's, as replay accepts it (ms-target.c) */
    if (!met && outcome->hung == NULL && !outcome->ok && outcome->timing_may_succeed)
        met = e.kind == MS_EXPECT_OK;
    if (!met && outcome->ok)
        met = met_by_any(&e, outcome->timing_errors, TRUE);
    /* the guest decides between success and these errors (lxc exec) */
    if (!met && outcome->ok)
        met = met_by_any(&e, outcome->guest_errors, TRUE);
    /* an undeclared host decides between success and these errors */
    if (!met && outcome->ok)
        met = met_by_any(&e, outcome->host_errors, TRUE);
    /* "migsim: not modelled ..." is migsim's answer, not LXD's: it meets
     * only an expectation about migsim's own text (a scenario that checks
     * migsim says so), never `expect error` or a fragment of LXD's text
     * (review s27: such steps passed, and counted as held) */
    if (met && !outcome->ok && e.kind != MS_EXPECT_ANY && e.kind != MS_EXPECT_TIMEOUT &&
        outcome->client_error != NULL && (migsim_part = strstr(outcome->client_error, "migsim: ")) != NULL &&
        (e.text == NULL || (strstr(e.text, "migsim") == NULL && strstr(e.text, "not modelled") == NULL &&
                            !(e.kind == MS_EXPECT_ERROR_CONTAINS && strstr(migsim_part, e.text) != NULL)))) {
        g_autofree char *expected = describe(e);
        *why = g_strdup_printf("expected %s, got migsim's own answer, not LXD's: %s", expected,
                               outcome->client_error);
        return FALSE;
    }
    if (!met) {
        g_autofree char *expected = describe(e);
        if (outcome->hung != NULL)
            *why = g_strdup_printf("expected %s, got no answer (the migration of %s never completes)",
                                   expected, outcome->hung);
        else
            *why = g_strdup_printf("expected %s, got %s%s", expected,
                                   outcome->ok ? "ok" : "Error: ", outcome->ok ? "" : outcome->client_error);
    }
    return met;
}

/* A member that stopped answering but is not OFFLINE yet: LXD still
 * forwards requests to it, which then fail or hang; migsim does not model
 * those answers, and says so. */
static void
note_unreachable(const MsCluster *cluster, MsOutcome *outcome)
{
    for (guint i = 0; cluster->n_unreachable > 0 && i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        if (m->unreachable_since_ms != G_MAXUINT64 && m->status != MS_MEMBER_OFFLINE)
            ms_outcome_add_note(
                outcome,
                "%s stopped answering %.1f s ago and is not OFFLINE yet (cluster.offline_threshold "
                "%" G_GUINT64_FORMAT " s): what LXD answers to requests that need it is not modelled",
                m->name, (cluster->now_ms - m->unreachable_since_ms) / 1000.0,
                ms_cluster_offline_threshold_ms(cluster) / 1000);
    }
}

/* What was pasted after the command (its output, the second line of its
 * error) against what lxc prints; a difference fails the step. */
static void
check_pasted(const MsStep *step, const MsCluster *cluster, const MsProfile *profile, MsStepResult *sr)
{
    g_autofree char *why = NULL;
    guint first = step->output_line, last = first + (step->output_lines ? step->output_lines->len : 1) - 1;
    g_autofree char *where =
        last > first ? g_strdup_printf("lines %u-%u", first, last) : g_strdup_printf("line %u", first);

    if (step->error_trailer != NULL && !sr->outcome->ok) {
        g_autofree char *trailer = ms_paste_error_trailer(step->op, sr->outcome, cluster, profile);
        if (trailer == NULL)
            why = g_strdup_printf("lxc prints no '%s' line after this error", step->error_trailer);
        else if (!g_str_equal(trailer, step->error_trailer))
            why = g_strdup_printf("lxc prints '%s', not '%s'", trailer, step->error_trailer);
    }
    if (why == NULL && step->output_lines != NULL) {
        /* REMOTE:...: what lxc prints is that remote's */
        const MsRemote *remote = ms_cluster_lookup_remote(cluster, step->op->remote);
        g_autoptr(GPtrArray) printed =
            remote != NULL && remote->standalone
                ? NULL
                : ms_paste_printed(step->op, sr->outcome,
                                   ms_cluster_remote_cluster(cluster, step->op->remote), profile);
        const char *not_compared = step->output_not_compared != NULL
                                       ? step->output_not_compared
                                       : ms_paste_not_compared(step->op, profile);
        /* the client that printed it (an `lxc` line runs as incus under Incus) */
        const char *client = ms_profile_is_incus(profile) ? "incus" : "lxc";

        if (printed == NULL && step->output_not_compared == NULL)
            ms_outcome_add_note(
                sr->outcome,
                "the output pasted on %s is not compared: migsim does not know what %s prints here", where,
                client);
        else if (not_compared != NULL)
            ms_outcome_add_note(sr->outcome, "the output pasted on %s is not compared (%s)", where,
                                not_compared);
        else if (!ms_paste_compare(step->op, printed, step->output_lines, &why))
            ; /* why is set */
        else
            ms_outcome_add_note(sr->outcome, "the output pasted on %s matches what %s prints", where, client);
    }
    if (why == NULL)
        return;
    if (sr->met) {
        sr->met = FALSE;
        sr->mismatch = g_strdup_printf("pasted output: %s", why);
    } else {
        g_autofree char *both = g_strdup_printf("%s; pasted output: %s", sr->mismatch, why);
        g_free(sr->mismatch);
        sr->mismatch = g_steal_pointer(&both);
    }
}

/* A command the release's client does not have: nothing reaches the
 * cluster, the step fails with migsim's reason. */
/* The answer no to lxc's question: lxc returns before any request
 * (lxc/cluster.go:1385-1392 at lxd-5.21.7), successfully. */
static MsOutcome *
declined_outcome(const MsStep *step)
{
    MsOutcome *outcome = ms_outcome_new();

    if (step->confirm_answer[0] == '\0')
        ms_outcome_add_note(outcome,
                            "no answer to lxc's question (its default, no): lxc sends nothing and exits 0");
    else
        ms_outcome_add_note(outcome, "answered '%s' to lxc's question: lxc sends nothing and exits 0",
                            step->confirm_answer);
    return outcome;
}

/* A difference between the paste and lxc that fails the step. */
static void
add_mismatch(MsStepResult *sr, const char *what, const char *why)
{
    if (sr->met) {
        sr->met = FALSE;
        sr->mismatch = g_strdup_printf("%s: %s", what, why);
    } else {
        g_autofree char *both = g_strdup_printf("%s; %s: %s", sr->mismatch, what, why);
        g_free(sr->mismatch);
        sr->mismatch = g_steal_pointer(&both);
    }
}

static MsOutcome *
client_refusal(char *reason)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = FALSE;
    outcome->client_error = reason;
    outcome->server_error = g_strdup(reason);
    return outcome;
}

/* ---- background jobs: `lxc ... &`, `step %N`, `wait [%N]` ---- */

/* A job as the shell sees it: whether it failed and with which error
 * (the events of each step are shown with the line that ran it). */
typedef struct {
    guint id;
    MsOpKind kind;
    MsOutcome *outcome;
    gboolean done;
} RunJob;

static void
run_job_free(RunJob *job)
{
    ms_outcome_free(job->outcome);
    g_free(job);
}

static RunJob *
find_job(GPtrArray *jobs, guint id)
{
    for (guint i = 0; i < jobs->len; i++)
        if (((RunJob *) jobs->pdata[i])->id == id)
            return jobs->pdata[i];
    return NULL;
}

static void
merge_outcome(MsOutcome *into, const MsOutcome *part, gboolean events)
{
    for (guint i = 0; events && i < part->events->len; i++) {
        const MsEvent *e = part->events->pdata[i];
        ms_outcome_add_event(into, e->kind, e->instance, e->from, e->to, e->detail);
    }
    for (guint i = 0; events && i < part->notes->len; i++)
        ms_outcome_add_note(into, "%s", (const char *) part->notes->pdata[i]);
    if (part->hung != NULL && into->hung == NULL)
        into->hung = g_strdup(part->hung);
    if (!part->ok) {
        into->ok = FALSE;
        into->rule = part->rule;
        into->http_status = part->http_status;
        into->async = part->async;
        g_free(into->server_error);
        g_free(into->client_error);
        into->server_error = g_strdup(part->server_error);
        into->client_error = g_strdup(part->client_error);
    }
}

/* Runs the next step of @job; the step's own outcome (transfer full). */
static MsOutcome *
advance_job(MsCluster *cluster, MsEnv *env, RunJob *job)
{
    gboolean finished;
    MsOutcome *part = ms_cluster_job_step(cluster, env, job->id, &finished);

    merge_outcome(job->outcome, part, FALSE);
    job->done = finished;
    return part;
}

static void
run_job_step(const MsStep *step, MsCluster *cluster, MsEnv *env, GPtrArray *jobs, MsStepResult *sr)
{
    RunJob *job = find_job(jobs, step->job);

    sr->kind = MS_RESULT_COMMAND;
    if (step->kind == MS_STEP_COMMAND) {
        gboolean running;

        job = g_new0(RunJob, 1);
        job->id = step->job;
        job->kind = step->op->kind;
        job->outcome = ms_cluster_job_start(cluster, env, step->op, step->job, &running);
        job->done = !running;
        g_ptr_array_add(jobs, job);
        sr->outcome = ms_outcome_new();
        merge_outcome(sr->outcome, job->outcome, TRUE);
        sr->expected = g_strdup_printf("job [%u] started; its outcome is checked at 'wait'", job->id);
        if (running) {
            g_autofree char *next = ms_job_describe_next(ms_cluster_lookup_job(cluster, job->id));
            ms_outcome_add_note(sr->outcome, "[%u] in flight, %u step(s) to go; next: %s", job->id,
                                ms_cluster_lookup_job(cluster, job->id)->steps->len, next);
        } else {
            ms_outcome_add_note(sr->outcome, "[%u] ended at once", job->id);
        }
    } else if (step->kind == MS_STEP_ADVANCE) {
        g_autofree char *what = NULL;

        sr->expected = g_strdup_printf("one step of job [%u]", step->job);
        if (job->done) {
            sr->outcome = ms_outcome_new();
            sr->met = FALSE;
            sr->mismatch = g_strdup_printf("job [%u] has ended: it has no step left", step->job);
            return;
        }
        what = ms_job_describe_next(ms_cluster_lookup_job(cluster, job->id));
        sr->outcome = advance_job(cluster, env, job);
        ms_outcome_add_note(sr->outcome, "[%u] %s%s", job->id, what,
                            sr->outcome->hung != NULL ? "; the operation never ends"
                            : job->done               ? "; the operation ended"
                                                      : "");
    }
    if (sr->outcome != NULL)
        sr->op_kind = job->kind;
}

/* `wait [%N]`: the job(s) run to their end, in job-number order; the
 * outcome is the job's (with several, the first failure). */
static void
run_wait(const MsStep *step, const MsProfile *profile, MsCluster *cluster, MsEnv *env, GPtrArray *jobs,
         MsStepResult *sr)
{
    MsOutcome *outcome = ms_outcome_new();

    sr->kind = MS_RESULT_COMMAND;
    for (guint i = 0; i < jobs->len;) {
        RunJob *job = jobs->pdata[i];
        if (step->job != 0 && job->id != step->job) {
            i++;
            continue;
        }
        while (!job->done) {
            g_autoptr(MsOutcome) part = advance_job(cluster, env, job);
            merge_outcome(outcome, part, TRUE);
        }
        sr->op_kind = job->kind;
        /* with several jobs, the first failure */
        if (!job->outcome->ok && outcome->ok)
            merge_outcome(outcome, job->outcome, FALSE);
        g_ptr_array_remove_index(jobs, i);
    }
    sr->outcome = outcome;
    sr->expected = ms_runner_describe_expectation(step, profile);
    sr->met = ms_runner_expectation_met(step, profile, sr->outcome, &sr->mismatch);
    sr->unchecked = !ms_runner_expectation_checked(step, profile);
}

/* After a command or a sleep: LXD's heal task may have evacuated an
 * offline member (cluster.healing_threshold); what it did is shown with
 * the step that moved the clock past it. */
static void
auto_heal(MsCluster *cluster, const MsProfile *profile, MsScenarioResult *result, const char *client,
          MsStepResult *sr)
{
    MsEnv env = { .profile = profile, .ledger = result->ledger, .hits = sr->hits, .client = client };
    g_autoptr(MsOutcome) healed = ms_cluster_auto_heal(cluster, &env);

    if (healed == NULL || (healed->notes->len == 0 && healed->events->len == 0))
        return;
    if (sr->outcome == NULL) {
        sr->outcome = g_steal_pointer(&healed);
        return;
    }
    for (guint i = 0; i < healed->events->len; i++) {
        const MsEvent *e = healed->events->pdata[i];
        ms_outcome_add_event(sr->outcome, e->kind, e->instance, e->from, e->to, e->detail);
    }
    for (guint i = 0; i < healed->notes->len; i++)
        ms_outcome_add_note(sr->outcome, "%s", (const char *) healed->notes->pdata[i]);
}

/* After every step: the leader's heartbeat round may have moved database
 * roles (model/ms-roles.h); what moved is shown with the step. */
static void
roles_heartbeat(MsCluster *cluster, const MsProfile *profile, MsStepResult *sr)
{
    g_autoptr(MsOutcome) moved = ms_outcome_new();

    ms_roles_heartbeat(cluster, profile, moved);
    if (moved->notes->len == 0)
        return;
    if (sr->outcome == NULL) {
        sr->outcome = g_steal_pointer(&moved);
        return;
    }
    for (guint i = 0; i < moved->notes->len; i++)
        ms_outcome_add_note(sr->outcome, "%s", (const char *) moved->notes->pdata[i]);
}

/* One run of the step loop. */
typedef struct {
    MsCluster *cluster;
    char *client; /* the member whose lxc sends the commands (`on MEMBER`) */
    const MsProfile *profile;
    const MsRunOptions *options;
    MsScenarioResult *result;
    GPtrArray *jobs; /* (element-type RunJob) */
    char *failed;    /* the error of the last command, NULL when it succeeded */
    /* the line of a command migsim answered "not modelled", until the next
     * command's answer says what that means for it; 0: none pending */
    guint unmodelled_line;
} Run;

/* TRUE when migsim answered the command "not modelled". */
static gboolean
outcome_unmodelled(const MsOutcome *outcome)
{
    return outcome != NULL && !outcome->ok && outcome->client_error != NULL &&
           g_str_has_prefix(outcome->client_error, "migsim: not modelled");
}

/* A command migsim does not model leaves the model as it was, while LXD
 * may have done it: the next command's answer says so once (simulation
 * only: against a live cluster the state is read back). */
static void
note_after_unmodelled(Run *run, const MsStepResult *sr)
{
    const MsOutcome *outcome = sr->kind == MS_RESULT_COMMAND ? sr->outcome : NULL;

    if (outcome == NULL)
        return;
    if (run->unmodelled_line != 0 && sr->line != run->unmodelled_line) {
        ms_outcome_add_note(sr->outcome,
                            "line %u was not modelled: this answer assumes it changed nothing, and LXD "
                            "may have done it",
                            run->unmodelled_line);
        run->unmodelled_line = 0;
    }
    if (outcome_unmodelled(outcome))
        run->unmodelled_line = sr->line;
}

/* A refusal only the host can give, which the scenario expects (a recorded
 * session pasted without `host-lacks`), says what that host lacks: the
 * member lxc talks to is taken from here on as a host whose subnet search
 * finds nothing, so that the network stays pending as LXD left it, and the
 * note says so.  Returns the member's name when it was inferred. */
static const char *
infer_host_lacks(Run *run, const MsStep *step, const MsEnv *env)
{
    static const MsRuleId searches[] = { MS_RULE_NETWORK_AUTO_SUBNET, MS_RULE_NETWORK_AUTO_SUBNET_UPDATE,
                                         MS_RULE_OVN_AUTO_SUBNET };
    Expectation e = pick_expectation(step, run->profile);
    MsMember *member;

    if ((step->op->kind != MS_OP_NETWORK_CREATE && step->op->kind != MS_OP_NETWORK_SET) ||
        (e.kind != MS_EXPECT_ERROR_EXACT && e.kind != MS_EXPECT_ERROR_CONTAINS) || e.text == NULL)
        return NULL;
    member = ms_cluster_answering_member(run->cluster, env->client);
    if (member == NULL || (member->host_lacks & MS_HOST_LACKS_FREE_IPV4_SUBNET))
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(searches); i++) {
        g_autofree char *text =
            ms_rule_applies(searches[i], run->profile) ? ms_rule_message(searches[i], run->profile) : NULL;

        if (text != NULL && *text != '\0' &&
            (e.kind == MS_EXPECT_ERROR_EXACT
                 ? g_str_equal(text, e.text)
                 : strstr(e.text, "auto config") != NULL && strstr(text, e.text) != NULL)) {
            member->host_lacks |= MS_HOST_LACKS_FREE_IPV4_SUBNET;
            return member->name;
        }
    }
    return NULL;
}

/* A network create expected to fail because a peer found the bridge the
 * member lxc talks to created (NETWORK.PEER_INTERFACE_EXISTS, a recorded
 * session of the live test clusters here): their members run on one host,
 * declared from here on (`same-host`, every member: the text names one
 * peer, the live clusters run all three daemons in one network namespace).
 * Returns TRUE when it was inferred. */
static gboolean
infer_same_host(Run *run, const MsStep *step, const MsEnv *env)
{
    Expectation e = pick_expectation(step, run->profile);
    MsMember *member;

    if (step->op->kind != MS_OP_NETWORK_CREATE || step->op->target != NULL ||
        (e.kind != MS_EXPECT_ERROR_EXACT && e.kind != MS_EXPECT_ERROR_CONTAINS) || e.text == NULL ||
        strstr(e.text, "Network interface \"") == NULL || strstr(e.text, "\" already exists") == NULL ||
        (strstr(e.text, "notify") == NULL && strstr(e.text, "Notify") == NULL &&
         strstr(e.text, "notifying") == NULL))
        return FALSE;
    member = ms_cluster_answering_member(run->cluster, env->client);
    if (member == NULL || run->cluster->members->len < 2)
        return FALSE;
    /* a scenario that declares any host sharing says what it means */
    for (guint i = 0; i < run->cluster->members->len; i++)
        if (((MsMember *) run->cluster->members->pdata[i])->host_id != 0)
            return FALSE;
    for (guint i = 0; i < run->cluster->members->len; i++)
        ((MsMember *) run->cluster->members->pdata[i])->host_id = 1;
    return TRUE;
}

static void
run_command(Run *run, const MsStep *step, MsEnv *env, MsStepResult *sr)
{
    const MsProfile *profile = run->profile;
    g_autofree char *translated = NULL;
    g_autofree char *refusal = ms_lxc_client_refusal(step->op, profile, &translated);

    gboolean declined = FALSE;
    g_autofree char *confirm_why = step->confirm_question != NULL && refusal == NULL
                                       ? ms_paste_confirmation(step->op, profile, step->confirm_question,
                                                               step->confirm_answer, &declined)
                                       : NULL;

    /* `A ; B`, `A || B`: the error pasted after the line is the first
     * failure's (bash prints A's before B runs) */
    g_autoptr(MsOutcome) list_first =
        step->list_after && run->failed != NULL ? client_refusal(g_strdup(run->failed)) : NULL;

    sr->kind = MS_RESULT_COMMAND;
    sr->op_kind = step->op->kind;
    if (step->and_after && run->failed != NULL) {
        /* bash does not run it: the chain ends with the error before */
        sr->outcome = client_refusal(g_strdup(run->failed));
        ms_outcome_add_note(sr->outcome,
                            "not run: the command before '&&' failed, and its error is the chain's");
    } else if (step->or_after && run->failed == NULL) {
        /* `A || B` after A succeeded: bash does not run B, the list succeeds */
        sr->outcome = ms_outcome_new();
        ms_outcome_add_note(sr->outcome, "not run: the command before '||' succeeded, and so does the list");
    } else if (refusal != NULL)
        sr->outcome = client_refusal(g_steal_pointer(&refusal));
    else if (declined)
        sr->outcome = declined_outcome(step);
    else {
        /* `ssh MEMBER lxc ...`: sent from that member's lxc */
        MsEnv from = *env;
        const char *inferred;
        gboolean same_host;

        if (step->client_member != NULL)
            from.client = step->client_member;
        inferred = infer_host_lacks(run, step, &from);
        same_host = infer_same_host(run, step, &from);
        sr->outcome = ms_cluster_apply(run->cluster, &from, step->op);
        if (same_host)
            ms_outcome_add_note(sr->outcome,
                                "the expected refusal is the hosts' answer: the members are taken from here "
                                "on to run on one host, in one network namespace (`same-host`), as the live "
                                "test clusters here do");
        if (inferred != NULL)
            ms_outcome_add_note(
                sr->outcome,
                "the expected refusal is the host's answer: %s is taken from here on as a host "
                "whose search finds no free IPv4 subnet (`host-lacks %s free-ipv4-subnet`)",
                inferred, inferred);
    }
    if (translated != NULL)
        ms_outcome_add_note(sr->outcome, "%s: run as '%s' (the Incus client's spelling)", profile->name,
                            translated);
    g_clear_pointer(&run->failed, g_free);
    if (!sr->outcome->ok)
        run->failed = g_strdup(sr->outcome->client_error);
    sr->expected = ms_runner_describe_expectation(step, profile);
    if (list_first != NULL)
        ms_outcome_add_note(sr->outcome,
                            "the outcome checked is the list's first failure, the command before's: %s",
                            list_first->client_error);
    sr->met = ms_runner_expectation_met(step, profile, list_first != NULL ? list_first : sr->outcome,
                                        &sr->mismatch);
    sr->unchecked = !ms_runner_expectation_checked(step, profile);
    note_unreachable(run->cluster, sr->outcome);
    /* what lxc printed for a step migsim does not model cannot be set
     * against migsim's answer (Incus #1650's "Storage pool clvm pending on
     * member incus3" after an lvmcluster create) */
    if ((step->output_lines != NULL || step->error_trailer != NULL) && outcome_unmodelled(sr->outcome))
        ms_outcome_add_note(sr->outcome,
                            "the output pasted below it is not compared: the step is not modelled");
    else if (step->output_lines != NULL || step->error_trailer != NULL)
        check_pasted(step, run->cluster, profile, sr);
    if (confirm_why != NULL)
        add_mismatch(sr, "pasted question", confirm_why);
    else if (step->confirm_question != NULL && !declined && sr->outcome != NULL)
        ms_outcome_add_note(sr->outcome, "lxc's question is as pasted; answered '%s', lxc sends the request",
                            step->confirm_answer);
    run->result->n_commands++;
    if (run->options->explain)
        sr->explanation = ms_explain_step(run->cluster, profile, step, sr);
}

/* `lxc ... &`, `step %N`, `wait [%N]`; FALSE when the step is none of them */
static gboolean
run_jobs(Run *run, const MsStep *step, const MsEnv *command_env, MsStepResult *sr)
{
    MsEnv env = *command_env;

    if (!step->background && step->kind != MS_STEP_ADVANCE && step->kind != MS_STEP_WAIT)
        return FALSE;
    if (run->options->refuse_jobs != NULL) {
        sr->kind = MS_RESULT_COMMAND;
        sr->met = FALSE;
        sr->mismatch = g_strdup(run->options->refuse_jobs);
        return TRUE;
    }
    env.timing_notes = FALSE;
    if (step->kind == MS_STEP_WAIT)
        run_wait(step, run->profile, run->cluster, &env, run->jobs, sr);
    else
        run_job_step(step, run->cluster, &env, run->jobs, sr);
    run->result->n_commands += step->kind == MS_STEP_WAIT;
    return TRUE;
}

/* What the model does with one step (@env: the context of a command);
 * after a step other than a job's, LXD's heal task may run. */
static void
run_step(Run *run, const MsStep *step, MsEnv *env, MsStepResult *sr)
{
    if (run_jobs(run, step, env, sr))
        return;
    switch (step->kind) {
    case MS_STEP_COMMAND:
        run_command(run, step, env, sr);
        break;
    case MS_STEP_ASSERT:
        sr->kind = MS_RESULT_ASSERT;
        sr->expected = g_strdup(step->text);
        /* not a check of this release: neither a pass nor a failure */
        if (!ms_step_applies(step, run->profile)) {
            sr->not_applicable = TRUE;
            break;
        }
        sr->met = ms_runner_check_assertion(ms_cluster_remote_cluster(run->cluster, step->remote),
                                            run->profile, step, &sr->mismatch);
        run->result->n_checks++;
        break;
    case MS_STEP_NOOP:
        /* shown, neither run nor counted: nothing it does is modelled */
        sr->kind = MS_RESULT_DIRECTIVE;
        g_free(sr->text);
        sr->text = g_strdup_printf("$ %s   (not simulated: %s)", step->text, step->noop_reason);
        ms_paste_note_file_ops(run->cluster, step->text);
        break;
    default:
        sr->kind = MS_RESULT_DIRECTIVE;
        if (step->kind == MS_STEP_FAULT && step->subject == NULL &&
            ms_cluster_lookup_member(run->cluster, step->name) == NULL) {
            sr->met = FALSE;
            sr->mismatch =
                g_strdup_printf("member %s no longer exists (an earlier command removed it)", step->name);
            break;
        }
        /* a pasted reproducer sleeps to let an operation get on (LXD #15877:
         * evacuate &, sleep 2, restore): how far LXD gets is not modelled */
        if (step->kind == MS_STEP_SLEEP && run->cluster->jobs != NULL && run->cluster->jobs->len > 0) {
            g_free(sr->text);
            sr->text = g_strdup_printf("%s   (the jobs in flight do not advance: how far LXD gets in that "
                                       "time is not modelled; 'step %%N' and 'wait %%N' choose what ran)",
                                       step->text);
        }
        ms_runner_apply_directive(run->cluster, step, &run->client);
        break;
    }
    auto_heal(run->cluster, run->profile, run->result, run->client, sr);
    roles_heartbeat(run->cluster, run->profile, sr);
}

static MsStepResult *
step_result_new(const MsStep *step, gboolean with_target, gboolean with_hits)
{
    MsStepResult *sr = g_new0(MsStepResult, 1);

    sr->line = step->line;
    sr->text = g_strdup(step->text);
    sr->narration = g_strdup(step->narration);
    /* a hit is an allocation (ms_env_record_hit), and the corpus run checks 170,000 rules */
    if (with_hits)
        sr->hits = g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free);
    sr->met = TRUE;
    if (with_target)
        sr->live_diffs = g_ptr_array_new_with_free_func(g_free);
    return sr;
}

static void
finish_step(Run *run, MsTargetStep *ts, MsStepResult *sr)
{
    const MsRunOptions *options = run->options;

    /* with a target, a step fails when the two sides differ */
    if (options->target != NULL ? sr->live_diffs->len > 0 : !sr->met)
        run->result->n_failed++;
    g_ptr_array_add(run->result->steps, sr);
    if (options->target != NULL)
        options->target->klass->describe(options->target, ts, sr);
    if (options->after_step != NULL)
        options->after_step(sr, options->user_data);
}

gboolean
ms_runner_run_steps(MsCluster *cluster, const char *client, GPtrArray *steps, const MsProfile *profile,
                    const MsRunOptions *options, MsScenarioResult *result)
{
    g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func((GDestroyNotify) run_job_free);
    Run run = { cluster, g_strdup(client), profile, options, result, jobs, NULL, 0 };
    MsTarget *target = options->target;
    g_autoptr(MsCluster) snapshot = NULL; /* the target's last read-back */
    g_autofree char *live_failed = NULL;  /* the target's error for the last command */
    gboolean stopped = FALSE;

    if (options->capture_state)
        result->initial_state = ms_cluster_to_json(cluster, profile);
    for (guint i = 0; i < steps->len && !stopped; i++) {
        const MsStep *step = steps->pdata[i];
        g_auto(MsTargetStep) ts = { step };
        MsStepResult *sr;
        /* the client member decides where unqualified volumes go */
        MsEnv env = { .profile = profile,
                      .ledger = result->ledger,
                      .timing_notes = !options->no_timing_notes };

        if (options->before_step != NULL)
            options->before_step(step, options->user_data);
        if (options->stop != NULL && options->stop(options->user_data))
            break;
        sr = step_result_new(step, target != NULL, !options->no_rule_hits);
        env.hits = sr->hits;
        env.client = run.client;
        if (target != NULL && step->and_after && live_failed != NULL) {
            /* `A && B` after A failed live: bash would not send B either */
            ts.outcome = client_refusal(g_strdup(live_failed));
        } else if (target != NULL && step->or_after && live_failed == NULL) {
            /* `A || B` after A succeeded live: bash would not send B */
            ts.outcome = ms_outcome_new();
        } else if (target != NULL && !ms_target_send(target, &ts, &env, cluster, sr)) {
            finish_step(&run, &ts, sr);
            stopped = TRUE;
            break;
        }
        run_step(&run, step, &env, sr);
        if (target != NULL)
            ms_target_compare(target, &ts, cluster, profile, sr, &snapshot);
        else
            note_after_unmodelled(&run, sr);
        if (ts.outcome != NULL) {
            g_clear_pointer(&live_failed, g_free);
            if (!ts.outcome->ok)
                live_failed = g_strdup(ts.outcome->client_error);
        }
        stopped = ts.failure != NULL;
        if (options->capture_state)
            sr->state = ms_cluster_to_json(cluster, profile);
        finish_step(&run, &ts, sr);
    }
    g_free(run.client);
    g_free(run.failed);
    return !stopped;
}

MsScenarioResult *
ms_runner_run(const MsScenario *scenario, const MsProfile *profile, const MsRunOptions *options,
              MsCluster **final_cluster)
{
    g_autoptr(MsCluster) cluster = ms_runner_initial_cluster(scenario);
    MsScenarioResult *result = ms_scenario_result_new(scenario->path, profile);

    result->title = g_strdup(scenario->title);
    result->description = g_strdup(scenario->description);
    ms_runner_run_steps(cluster, scenario->members->pdata[0], scenario->steps, profile, options, result);
    if (final_cluster != NULL)
        *final_cluster = g_steal_pointer(&cluster);
    return result;
}
