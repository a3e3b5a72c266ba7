/* migsim: the target's side of the step loop: what the model and a second
 * cluster answered, compared (ms-target.h). */
#include "ms-target.h"

#include <string.h>

#include "ms-runner.h"

void
ms_target_step_clear(MsTargetStep *ts)
{
    g_clear_pointer(&ts->outcome, ms_outcome_free);
    g_clear_pointer(&ts->notes, g_ptr_array_unref);
    g_clear_pointer(&ts->failure, g_free);
}

gboolean
ms_target_send(MsTarget *target, MsTargetStep *ts, const MsEnv *env, const MsCluster *model, MsStepResult *sr)
{
    g_autoptr(GError) error = NULL;

    ts->notes = g_ptr_array_new_with_free_func(g_free);
    if (!target->klass->apply(target, ts, env, model, &error)) {
        g_assert(!ts->not_run);
        ts->failure = g_strdup(error->message);
    }
    if (!ts->not_run)
        return TRUE;
    sr->has_live = TRUE;
    sr->live_error = g_strdup(ts->failure);
    return FALSE;
}

/* What @live has in place of the placeholder that runs from @open to
 * @close (excluded) in @sim, when everything around it is equal; else NULL. */
static char *
placeholder_stands_for(const char *sim, const char *live, const char *open, const char *close)
{
    gsize prefix = (gsize) (open - sim), suffix = strlen(close), live_len = strlen(live);

    if (live_len < prefix + suffix || strncmp(sim, live, prefix) != 0 ||
        strcmp(live + live_len - suffix, close) != 0)
        return NULL;
    return g_strndup(live + prefix, live_len - prefix - suffix);
}

/* The model writes a connection error it cannot spell (the Go HTTP client
 * names the member's address, which the model does not know) as
 * "<connection error: cluster member "M" is offline>" or "... does not
 * answer>" (model/ms-migrate.c, model/ms-rules.c): the target's text matches
 * when everything around it is equal and what stands in its place is a
 * refused or timed-out connection. */
static gboolean
matches_connection_placeholder(const char *sim, const char *live)
{
    static const char *const endings[] = { " is offline>", " does not answer>" };
    const char *open = strstr(sim, "<connection error: ");
    const char *close = NULL;
    g_autofree char *middle = NULL;

    for (guint i = 0; open != NULL && close == NULL && i < G_N_ELEMENTS(endings); i++) {
        close = strstr(open, endings[i]);
        if (close != NULL)
            close += strlen(endings[i]);
    }
    if (close == NULL || (middle = placeholder_stands_for(sim, live, open, close)) == NULL)
        return FALSE;
    return strstr(middle, "Unable to connect to: ") != NULL &&
           (strstr(middle, "connection refused") != NULL || strstr(middle, "i/o timeout") != NULL);
}

/* The model writes a member's address it does not know as "<address of
 * cluster member "M">" (model/ms-profile-ops.c, CLUSTER.NOTIFY_WRAP): the
 * target's text matches when what stands in its place is a host:port. */
static gboolean
matches_address_placeholder(const char *sim, const char *live)
{
    const char *open = strstr(sim, "<address of cluster member \"");
    const char *close = open != NULL ? strstr(open, "\">") : NULL;
    g_autofree char *middle = NULL;

    if (close == NULL || (middle = placeholder_stands_for(sim, live, open, close + strlen("\">"))) == NULL)
        return FALSE;
    return g_regex_match_simple("^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):[0-9]+$", middle, 0, 0);
}

gboolean
ms_target_text_meets(const char *sim, const char *wanted, gboolean exact)
{
    const char *open = strstr(sim, "<address of cluster member \"");
    const char *close = open != NULL ? strstr(open, "\">") : NULL;
    g_autoptr(GRegex) address = NULL;
    g_autoptr(GMatchInfo) match = NULL;

    if (exact ? g_str_equal(sim, wanted) : strstr(sim, wanted) != NULL)
        return TRUE;
    if (close == NULL)
        return FALSE;
    /* each host:port of @wanted in the placeholder's place */
    address = g_regex_new("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):[0-9]+", 0, 0, NULL);
    g_regex_match(address, wanted, 0, &match);
    for (; g_match_info_matches(match); g_match_info_next(match, NULL)) {
        g_autofree char *found = g_match_info_fetch(match, 0);
        g_autofree char *text = g_strdup_printf("%.*s%s%s", (int) (open - sim), sim, found, close + 2);

        if (exact ? g_str_equal(text, wanted) : strstr(text, wanted) != NULL)
            return TRUE;
    }
    return FALSE;
}

/* The model's text @sim stands for the target's @live: equal, or equal
 * but for a placeholder of what the model cannot know. */
static gboolean
texts_match(const char *sim, const char *live)
{
    if (sim == NULL || live == NULL)
        return g_strcmp0(sim, live) == 0;
    return g_str_equal(sim, live) || matches_connection_placeholder(sim, live) ||
           matches_address_placeholder(sim, live);
}

/* The model's and the target's answer to one command; differences go to
 * @diffs, a refusal made on different sides to @notes. */
static void
compare_answers(const MsTarget *target, const MsOutcome *sim, const MsOutcome *live, GPtrArray *diffs,
                MsTargetStep *ts)
{
    GPtrArray *notes = ts->notes;
    const char *name = target->klass->name;

    if (!sim->ok && !live->ok && (sim->http_status == 0) != (live->http_status == 0))
        g_ptr_array_add(notes, g_strdup_printf("the simulation refuses in %s, lxc here refuses in %s",
                                               sim->http_status == 0 ? "the client" : "the server",
                                               live->http_status == 0 ? "the client" : "the server"));
    if (sim->ok && live->ok)
        return;
    /* another outcome placement timing allows (the model's "timing: "
     * note): a member of the set, not a difference */
    if (live->ok && sim->timing_may_succeed) {
        g_ptr_array_add(notes, g_strdup_printf("timing-dependent: simulated Error: %s, %s ok, which the "
                                               "expiry of LXD's operation records allows",
                                               sim->server_error, name));
        return;
    }
    for (guint i = 0; !live->ok && sim->timing_errors != NULL && i < sim->timing_errors->len; i++)
        if (texts_match(sim->timing_errors->pdata[i], live->server_error)) {
            ts->timing_failed = sim->ok;
            g_ptr_array_add(notes,
                            g_strdup_printf("timing-dependent: simulated %s%s, %s Error: %s, which "
                                            "the expiry of LXD's operation records allows",
                                            sim->ok ? "ok" : "Error: ", sim->ok ? "" : sim->server_error,
                                            name, live->server_error));
            return;
        }
    /* lxc exec: the guest's command decides (MsOutcome.guest_errors) */
    for (guint i = 0; sim->ok && !live->ok && sim->guest_errors != NULL && i < sim->guest_errors->len; i++)
        if (texts_match(sim->guest_errors->pdata[i], live->server_error)) {
            g_ptr_array_add(notes, g_strdup_printf("the guest's command decides: simulated ok, %s Error: %s",
                                                   name, live->server_error));
            return;
        }
    /* the subnet search of an undeclared host (MsOutcome.host_errors) */
    for (guint i = 0; sim->ok && !live->ok && sim->host_errors != NULL && i < sim->host_errors->len; i++)
        if (texts_match(sim->host_errors->pdata[i], live->server_error)) {
            g_ptr_array_add(notes, g_strdup_printf("the host decides: simulated ok, %s Error: %s", name,
                                                   live->server_error));
            return;
        }
    if (sim->ok != live->ok) {
        g_ptr_array_add(diffs,
                        g_strdup_printf("outcome: simulated %s%s, %s %s%s",
                                        sim->ok ? "ok" : "Error: ", sim->ok ? "" : sim->server_error, name,
                                        live->ok ? "ok" : "Error: ", live->ok ? "" : live->server_error));
        return;
    }
    for (guint i = 0; sim->alternatives != NULL && i < sim->alternatives->len; i++)
        if (texts_match(sim->alternatives->pdata[i], live->server_error))
            return; /* one of the texts LXD's map order allows */
    if (!texts_match(sim->server_error, live->server_error))
        g_ptr_array_add(diffs, g_strdup_printf("error text: simulated \"%s\", %s \"%s\"", sim->server_error,
                                               name, live->server_error));
}

/* An assertion the model checked, checked again on the target's read-back. */
static void
check_assertion(const MsTarget *target, const MsCluster *snapshot, const MsProfile *profile,
                const MsStep *step, MsStepResult *sr)
{
    g_autofree char *why = NULL;

    sr->has_live = TRUE;
    sr->live_ok = ms_runner_check_assertion(snapshot, profile, step, &why);
    if (sr->live_ok != sr->met)
        g_ptr_array_add(sr->live_diffs,
                        g_strdup_printf("assertion: simulated %s, %s %s%s", sr->met ? "holds" : sr->mismatch,
                                        target->klass->name,
                                        sr->live_ok ? "holds" : "fails: ", sr->live_ok ? "" : why));
}

/* After a change: the target read back and compared with @model. */
static void
read_back(MsTarget *target, MsTargetStep *ts, MsCluster *model, const MsProfile *profile, MsStepResult *sr,
          MsCluster **snapshot)
{
    g_autoptr(GError) error = NULL;
    MsCluster *read = target->klass->snapshot(target, &error);

    if (read == NULL) {
        ts->failure = g_strdup_printf("reading the cluster back: %s", error->message);
        g_free(sr->live_error);
        sr->live_error = g_strdup(ts->failure);
        return;
    }
    target->klass->diff(target, ts, model, &read, sr);
    g_clear_pointer(snapshot, ms_cluster_free);
    *snapshot = read;
    sr->live_state = ms_cluster_to_json(read, profile);
}

void
ms_target_compare(MsTarget *target, MsTargetStep *ts, MsCluster *model, const MsProfile *profile,
                  MsStepResult *sr, MsCluster **snapshot)
{
    const MsStep *step = ts->step;
    /* what the target answered, when the exchange worked and is compared */
    const MsOutcome *answer = ts->failure == NULL && !target->dry_run ? ts->outcome : NULL;

    if (step->kind == MS_STEP_COMMAND && answer != NULL)
        compare_answers(target, sr->outcome, answer, sr->live_diffs, ts);
    else if (step->kind == MS_STEP_POOL && answer != NULL && !answer->ok)
        g_ptr_array_add(sr->live_diffs,
                        g_strdup_printf("pool %s: simulated created, %s Error: %s", step->name,
                                        target->klass->name, answer->server_error));
    else if (step->kind == MS_STEP_ASSERT && !sr->not_applicable && *snapshot != NULL && !target->dry_run)
        check_assertion(target, *snapshot, profile, step, sr);
    for (guint n = 0; ts->outcome != NULL && n < ts->outcome->notes->len; n++)
        g_ptr_array_add(ts->notes, g_strdup(ts->outcome->notes->pdata[n]));
    if (step->kind == MS_STEP_COMMAND || step->kind == MS_STEP_POOL) {
        gboolean sent = ts->failure == NULL && ts->outcome != NULL;

        sr->has_live = !target->dry_run || ts->failure != NULL;
        sr->live_ok = sent && ts->outcome->ok;
        if (sent && !ts->outcome->ok)
            sr->live_error = g_strdup(ts->outcome->server_error);
    }
    if (ts->failure != NULL) {
        g_free(sr->live_error);
        sr->live_error = g_strdup(ts->failure);
    } else if (ts->changed && !target->dry_run) {
        read_back(target, ts, model, profile, sr, snapshot);
    }
}
