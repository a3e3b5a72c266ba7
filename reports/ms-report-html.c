/* migsim: the self-contained HTML report.
 *
 * One file, no network: the stylesheet and the navigation script are
 * compiled in (reports/html/, GResource) and written inline, every picture
 * is inline SVG.  A Content-Security-Policy forbids any fetch, so a report
 * that tried to load something would show it as a console error instead of
 * silently depending on the network.
 *
 * A "step" of the report is a command or a directive: the things that can
 * change the cluster.  Checks (`expect …`) are listed under the step they
 * follow, with the cluster picture of that step.  Pictures are drawn from
 * the JSON snapshots (ms_cluster_to_json) only, so a live snapshot, which
 * may be partial, is drawn by the same code as a simulated one.
 *
 * Every piece of text goes through ms_xml_escape: commands and LXD errors
 * may carry markup characters, quotes and control characters.  The
 * pictures are drawn in ms-report-html-svg.c. */
#include "ms-report-html-private.h"

#include <string.h>

#include "ms-word-diff.h"

#include "ms-report-html-assets.h"

/* ---- the page ---- */

typedef struct {
    const MsStepResult *main; /* command or directive; NULL for checks before any */
    GPtrArray *checks;        /* (element-type MsStepResult) borrowed */
} Card;

static void
card_free(Card *card)
{
    g_ptr_array_unref(card->checks);
    g_free(card);
}

static GPtrArray *
group_steps(const MsScenarioResult *result)
{
    GPtrArray *cards = g_ptr_array_new_with_free_func((GDestroyNotify) card_free);
    Card *card = NULL;

    for (guint i = 0; i < result->steps->len; i++) {
        const MsStepResult *step = result->steps->pdata[i];
        if (step->kind == MS_RESULT_ASSERT && card != NULL) {
            g_ptr_array_add(card->checks, (gpointer) step);
            continue;
        }
        card = g_new0(Card, 1);
        card->checks = g_ptr_array_new();
        if (step->kind == MS_RESULT_ASSERT)
            g_ptr_array_add(card->checks, (gpointer) step);
        else
            card->main = step;
        g_ptr_array_add(cards, card);
    }
    return cards;
}

static gboolean
card_passed(const Card *card)
{
    if (card->main != NULL && !card->main->met)
        return FALSE;
    for (guint i = 0; i < card->checks->len; i++)
        if (!((const MsStepResult *) card->checks->pdata[i])->met)
            return FALSE;
    if (card->main != NULL && card->main->has_live &&
        (!card->main->live_ok || (card->main->live_diffs && card->main->live_diffs->len)))
        return FALSE;
    return TRUE;
}

static const MsStepResult *
card_state_step(const Card *card)
{
    if (card->main != NULL)
        return card->main;
    return card->checks->len ? card->checks->pdata[card->checks->len - 1] : NULL;
}

static void
append_event(GString *out, const MsEvent *e)
{
    const char *name = e->instance ? e->instance : "?";

    switch (e->kind) {
    case MS_EVENT_STOPPED:
        ms_html_escf(out, "%s stopped on %s%s%s", name, e->from, e->detail ? ", " : "",
                     e->detail ? e->detail : "");
        break;
    case MS_EVENT_MIGRATED:
        ms_html_escf(out, "%s migrated %s \xE2\x86\x92 %s", name, e->from, e->to);
        break;
    case MS_EVENT_LIVE_MIGRATED:
        ms_html_escf(out, "%s live-migrated %s \xE2\x86\x92 %s (kept running)", name, e->from, e->to);
        break;
    case MS_EVENT_STARTED:
        ms_html_escf(out, "%s started on %s", name, e->to);
        break;
    case MS_EVENT_NO_TARGET:
        ms_html_escf(out, "%s not moved: %s", name, e->detail ? e->detail : "no target member");
        break;
    case MS_EVENT_UNTOUCHED:
        ms_html_escf(out, "%s: %s", name, e->detail ? e->detail : "untouched");
        break;
    case MS_EVENT_FAILED:
        ms_html_escf(out, "%s FAILED: %s", name, e->detail ? e->detail : "");
        break;
    case MS_EVENT_CREATED:
        ms_html_escf(out, "%s created on %s", name, e->to);
        break;
    case MS_EVENT_DELETED:
        ms_html_escf(out, "%s deleted from %s", name, e->from);
        break;
    }
}

/* The rule that refused a command: a plain sentence in the outcome, the
 * ID and the LXD source behind the fold (append_rule_details). */
static void
append_rule_sentence(GString *out, MsRuleId rule)
{
    const MsRuleDef *def = ms_rule_def(rule);

    g_string_append(out, "<dt>Why refused</dt><dd class=\"plain\">LXD refuses ");
    ms_html_esc(out, def->trigger);
    g_string_append(out, ".</dd>\n");
}

static void
append_rule_details(GString *out, MsRuleId rule)
{
    const MsRuleDef *def = ms_rule_def(rule);
    const char *const parts[][2] = {
        { "<dt>Rule</dt><dd><span class=\"rule-id\">", def->name },
        { "</span><br>when: ", def->trigger },
        { "<br>LXD source: <code>", def->lxd_ref },
    };

    for (guint i = 0; i < G_N_ELEMENTS(parts); i++) {
        g_string_append(out, parts[i][0]);
        ms_html_esc(out, parts[i][1]);
    }
    g_string_append(out, "</code></dd>\n");
}

/* Decision points (evacuation mode, can-migrate, …) decide what an accepted
 * command did; listed once per rule and subject. */
static void
append_decisions(GString *out, const MsStepResult *step)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gboolean any = FALSE;

    for (guint i = 0; step->hits != NULL && i < step->hits->len; i++) {
        const MsRuleHit *hit = step->hits->pdata[i];
        const MsRuleDef *def = ms_rule_def(hit->rule);
        g_autofree char *key = NULL;

        if (def->kind != MS_RULE_KIND_DECISION || def->outcome_pass == NULL)
            continue;
        key = g_strdup_printf("%s\n%s\n%d", def->name, hit->subject ? hit->subject : "", hit->failed);
        if (g_hash_table_contains(seen, key))
            continue;
        g_hash_table_add(seen, g_steal_pointer(&key));
        if (!any)
            g_string_append(out, "<dt>Decisions</dt><dd><ul>");
        any = TRUE;
        g_string_append(out, "<li>");
        if (hit->subject != NULL) {
            ms_html_esc(out, hit->subject);
            g_string_append(out, ": ");
        }
        g_string_append(out, "<span class=\"rule-id\">");
        ms_html_esc(out, def->name);
        g_string_append(out, "</span> \xE2\x80\x94 ");
        ms_html_esc(out, hit->failed ? def->outcome_fail : def->outcome_pass);
        g_string_append(out, "</li>");
    }
    if (any)
        g_string_append(out, "</ul></dd>\n");
}

static void
append_hits(GString *out, const MsStepResult *step)
{
    if (step->hits == NULL || step->hits->len == 0)
        return;
    g_string_append_printf(out, "<details class=\"hits\"><summary>Rules evaluated (%u)</summary><ul>",
                           step->hits->len);
    for (guint i = 0; i < step->hits->len; i++) {
        const MsRuleHit *hit = step->hits->pdata[i];
        g_string_append_printf(out, "<li>%s <span class=\"rule-id\">",
                               hit->failed ? "\xE2\x9C\x97 fail" : "\xE2\x9C\x93 pass");
        ms_html_esc(out, ms_rule_name(hit->rule));
        g_string_append(out, "</span>");
        if (hit->subject != NULL) {
            g_string_append(out, " (");
            ms_html_esc(out, hit->subject);
            g_string_append(out, ")");
        }
        g_string_append(out, "</li>");
    }
    g_string_append(out, "</ul></details>\n");
}

static void
append_verdict(GString *out, gboolean met)
{
    g_string_append_printf(out, "<span class=\"verdict %s\">%s</span>", met ? "pass" : "fail",
                           met ? "PASS" : "FAIL");
}

/* The words in which the expected and the actual error differ, struck
 * out and inserted as a diff tool would mark them. */
static void
append_word_diff(GString *out, const MsStepResult *step)
{
    static const MsDiffMarks html = { "<del>", "</del>", "<ins>", "</ins>", ms_html_esc };
    g_autoptr(GPtrArray) pieces = ms_step_result_word_diff(step);

    if (pieces == NULL)
        return;
    g_string_append(out, "<dt>Words</dt><dd class=\"words\">");
    ms_word_diff_append(out, pieces, &html);
    g_string_append(out, "</dd>\n");
}

/* What the class reads first, next to the picture: what LXD answered,
 * what the scenario expected, and in a sentence why. */
static void
append_command_facts(GString *out, const MsStepResult *step)
{
    const MsOutcome *outcome = step->outcome;

    if (outcome->ok) {
        g_string_append(out, "<dt>Outcome</dt><dd class=\"ok\">ok</dd>\n");
    } else {
        g_string_append(out, "<dt>Outcome</dt><dd class=\"error\">Error: ");
        ms_html_esc(out, outcome->client_error);
        g_string_append_printf(out, " <span class=\"lineno\">(HTTP %u%s)</span></dd>\n", outcome->http_status,
                               outcome->async ? ", background operation" : "");
    }
    if (outcome->output != NULL) {
        g_string_append(out, "<dt>Output</dt><dd><pre>");
        ms_html_esc(out, outcome->output);
        g_string_append(out, "</pre></dd>\n");
    }
    /* the badge judges the expectation, not LXD: say so next to it, so a
     * PASS beside a picture marked "LXD error" reads as intended */
    g_string_append(out, "<dt>Expected</dt><dd>");
    /* the same error twice would push the verdict off a projector screen */
    if (!outcome->ok && g_str_has_prefix(step->expected, "Error: ") &&
        g_strcmp0(step->expected + strlen("Error: "), outcome->client_error) == 0)
        g_string_append(out, "this error, word for word");
    else
        ms_html_esc(out, step->expected);
    g_string_append(out, " ");
    append_verdict(out, step->met);
    g_string_append_printf(
        out, " <span class=\"verdict-why\">%s</span></dd>\n",
        step->met     ? (outcome->ok ? "LXD accepted it, as expected" : "LXD refused it, as expected")
        : outcome->ok ? "LXD accepted it, the scenario expected otherwise"
                      : "LXD refused it, the scenario expected otherwise");
    if (!step->met && step->mismatch != NULL) {
        g_string_append(out, "<dt>Why</dt><dd class=\"error\">");
        ms_html_esc(out, step->mismatch);
        g_string_append(out, "</dd>\n");
        append_word_diff(out, step);
    }
    if (outcome->rule != MS_RULE_NONE)
        append_rule_sentence(out, outcome->rule);
}

/* Behind the fold: rule IDs, sources, decisions, events, notes. */
static void
append_command_details(GString *out, const MsStepResult *step)
{
    const MsOutcome *outcome = step->outcome;

    if (outcome->rule != MS_RULE_NONE)
        append_rule_details(out, outcome->rule);
    append_decisions(out, step);
    if (outcome->events->len > 0) {
        g_string_append(out, "<dt>Events</dt><dd><ul>");
        for (guint i = 0; i < outcome->events->len; i++) {
            g_string_append(out, "<li>");
            append_event(out, outcome->events->pdata[i]);
            g_string_append(out, "</li>");
        }
        g_string_append(out, "</ul></dd>\n");
    }
    if (outcome->notes->len > 0) {
        g_string_append(out, "<dt>Notes</dt><dd><ul>");
        for (guint i = 0; i < outcome->notes->len; i++) {
            g_string_append(out, "<li>");
            ms_html_esc(out, outcome->notes->pdata[i]);
            g_string_append(out, "</li>");
        }
        g_string_append(out, "</ul></dd>\n");
    }
    if (step->explanation != NULL && step->explanation[0] != '\0') {
        g_autofree char *text = g_strchomp(g_strdup(step->explanation));
        g_string_append(out, "<dt>Explanation</dt><dd><pre class=\"explanation\">");
        ms_html_esc(out, text);
        g_string_append(out, "</pre></dd>\n");
    }
}

/* What the picture marks as LXD's error: the instances and members the
 * failed rules looked at, and instances whose operation failed. */
static GStrv
refused_subjects(const MsStepResult *step)
{
    g_autoptr(GStrvBuilder) names = g_strv_builder_new();

    if (step == NULL || step->kind != MS_RESULT_COMMAND)
        return NULL;
    for (guint i = 0; !step->outcome->ok && step->hits != NULL && i < step->hits->len; i++) {
        const MsRuleHit *hit = step->hits->pdata[i];
        if (hit->failed && hit->subject != NULL)
            g_strv_builder_add(names, hit->subject);
    }
    for (guint i = 0; i < step->outcome->events->len; i++) {
        const MsEvent *e = step->outcome->events->pdata[i];
        if (e->kind == MS_EVENT_FAILED && e->instance != NULL)
            g_strv_builder_add(names, e->instance);
    }
    return g_strv_builder_end(names);
}

static void
append_live(GString *out, const MsStepResult *step)
{
    g_string_append(out, "<dt>Live LXD</dt><dd");
    if (step->live_ok) {
        g_string_append(out, " class=\"ok\">ok");
    } else {
        g_string_append(out, " class=\"error\">Error: ");
        ms_html_esc(out, step->live_error ? step->live_error : "(no message)");
    }
    g_string_append(out, "</dd>\n");
    if (step->live_diffs != NULL && step->live_diffs->len > 0) {
        g_string_append(out, "<dt>Differences</dt><dd><ul class=\"diffs\">");
        for (guint i = 0; i < step->live_diffs->len; i++) {
            g_string_append(out, "<li>");
            ms_html_esc(out, step->live_diffs->pdata[i]);
            g_string_append(out, "</li>");
        }
        g_string_append(out, "</ul></dd>\n");
    } else {
        g_string_append(out, "<dt>Differences</dt><dd>none: the live cluster matches the simulation</dd>\n");
    }
}

typedef struct {
    guint scenario; /* 1-based */
    guint n_cards;
    guint picture_id; /* running count over the document */
} PageContext;

/* The scenario's comment above a step: the story, in the author's words,
 * before the facts (line breaks kept by the stylesheet). */
static void
append_narration(GString *out, const char *narration)
{
    if (narration == NULL)
        return;
    g_string_append(out, "<p class=\"narration\">");
    ms_html_esc(out, narration);
    g_string_append(out, "</p>\n");
}

static void
append_checks(GString *out, const Card *card)
{
    if (card->checks->len == 0)
        return;
    g_string_append(out, "<dt>Checks</dt><dd class=\"checks\"><ul>");
    for (guint i = 0; i < card->checks->len; i++) {
        const MsStepResult *check = card->checks->pdata[i];
        g_string_append(out, "<li>");
        if (check->narration != NULL) {
            g_string_append(out, "<span class=\"narration\">");
            ms_html_esc(out, check->narration);
            g_string_append(out, "</span> ");
        }
        if (check->not_applicable)
            g_string_append(out, "<span class=\"verdict info\">n/a</span>");
        else
            append_verdict(out, check->met);
        g_string_append_printf(out, " <span class=\"lineno\">line %u</span> <code>", check->line);
        ms_html_esc(out, check->text);
        g_string_append(out, "</code>");
        if (!check->met && check->mismatch != NULL) {
            g_string_append(out, " \xE2\x80\x94 <span class=\"error\">");
            ms_html_esc(out, check->mismatch);
            g_string_append(out, "</span>");
        }
        g_string_append(out, "</li>");
    }
    g_string_append(out, "</ul></dd>\n");
}

static void
append_changes(GString *out, JsonNode *prev, JsonNode *state)
{
    g_autoptr(GPtrArray) changes = NULL;

    if (state == NULL || prev == NULL)
        return;
    changes = ms_html_state_changes(ms_html_node_object(prev), ms_html_node_object(state));
    g_string_append(out, "<dt>Changed</dt><dd>");
    if (changes->len == 0) {
        g_string_append(out, "nothing in the cluster");
    } else {
        g_string_append(out, "<ul class=\"changes\">");
        for (guint i = 0; i < changes->len; i++) {
            g_string_append(out, "<li>");
            ms_html_esc(out, changes->pdata[i]);
            g_string_append(out, "</li>");
        }
        g_string_append(out, "</ul>");
    }
    g_string_append(out, "</dd>\n");
}

static void
append_pictures(GString *out, const Card *card, JsonNode *state, JsonNode *prev, JsonNode *prev_live,
                PageContext *ctx)
{
    const MsStepResult *main = card->main;
    const MsOutcome *outcome = main != NULL ? main->outcome : NULL;
    g_auto(GStrv) refused = refused_subjects(main);
    g_autofree char *caption = NULL;
    gboolean live = main != NULL && main->has_live && main->live_state != NULL;

    if (state == NULL) {
        g_string_append(out, "<p class=\"lineno\">No cluster snapshot was captured for this step.</p>\n");
        return;
    }
    if (main != NULL)
        caption = g_strdup_printf("%s after line %u", live ? "Simulated cluster" : "Cluster", main->line);
    else
        caption = g_strdup("Cluster");
    g_string_append_printf(out, "<div class=\"pictures %s\">", live ? "pair" : "single");
    ms_html_append_figure(out, state, prev, NULL, outcome, (const char *const *) refused, &ctx->picture_id,
                          caption);
    /* each further remote (`remote` directive) as a picture of its own */
    for (guint i = 0; i < ms_html_array_len(ms_html_obj_array(ms_html_node_object(state), "remotes")); i++) {
        JsonObject *r = ms_html_array_object(ms_html_obj_array(ms_html_node_object(state), "remotes"), i);
        JsonObject *old = prev != NULL
                              ? ms_html_find_named(ms_html_obj_array(ms_html_node_object(prev), "remotes"),
                                                   ms_html_obj_str(r, "name"))
                              : NULL;
        g_autofree char *after = main != NULL ? g_strdup_printf(" after line %u", main->line) : g_strdup("");
        g_autofree char *remote_caption =
            g_strdup_printf("Remote %s (%s)%s", ms_html_obj_str(r, "name"),
                            ms_html_obj_bool(r, "standalone") ? "standalone server" : "cluster", after);
        ms_html_append_figure(out, json_object_get_member(r, "cluster"),
                              old != NULL ? json_object_get_member(old, "cluster") : NULL, NULL, outcome,
                              (const char *const *) refused, &ctx->picture_id, remote_caption);
    }
    if (live) {
        g_autofree char *live_caption =
            g_strdup_printf("Live LXD cluster after line %u (differences marked)", main->line);
        ms_html_append_figure(out, main->live_state, prev_live, state, NULL, NULL, &ctx->picture_id,
                              live_caption);
    }
    g_string_append(out, "</div>\n");
}

/* One step per screen (1280x720): the outcome and the picture side by
 * side, and everything a class does not need first (rule IDs, sources,
 * events, notes, every rule evaluated) folded in a <details>. */
static void
append_card(GString *out, const Card *card, guint index, JsonNode *prev, JsonNode *prev_live,
            PageContext *ctx)
{
    const MsStepResult *main = card->main;
    const MsStepResult *state_step = card_state_step(card);
    gboolean passed = card_passed(card);
    gboolean command = main != NULL && main->kind == MS_RESULT_COMMAND;
    const char *kind = main == NULL ? "checks" : command ? "command" : "directive";
    JsonNode *state = state_step != NULL ? state_step->state : NULL;

    g_string_append_printf(out, "<article class=\"step %s %s\" id=\"s%u-%u\" tabindex=\"-1\">\n<header>",
                           kind, passed ? "pass" : "fail", ctx->scenario, index + 1);
    g_string_append_printf(out, "<span class=\"stepno\">Step %u/%u</span>", index + 1, ctx->n_cards);
    if (main != NULL) {
        g_string_append_printf(out, "<span class=\"lineno\">line %u</span><code class=\"cmd\">%s", main->line,
                               command ? "$ " : "");
        ms_html_esc(out, main->text);
        g_string_append(out, "</code>");
    } else {
        g_string_append(out, "<span class=\"cmd\">checks on the initial cluster</span>");
    }
    if (main == NULL || command || card->checks->len > 0)
        append_verdict(out, passed);
    else
        g_string_append(out, "<span class=\"verdict info\">directive</span>");
    g_string_append(out, "</header>\n<div class=\"step-body\"><div class=\"step-outcome\">");
    append_narration(out, main != NULL ? main->narration : NULL);
    g_string_append(out, "<dl class=\"facts\">\n");
    if (command)
        append_command_facts(out, main);
    if (main != NULL && main->has_live)
        append_live(out, main);
    append_checks(out, card);
    append_changes(out, prev, state);
    g_string_append(out, "</dl>\n");
    if (command) {
        g_autoptr(GString) details = g_string_new(NULL);
        append_command_details(details, main);
        if (details->len > 0)
            g_string_append_printf(out,
                                   "<details class=\"more\"><summary>Details: rule ID, LXD source, "
                                   "events</summary><dl class=\"facts\">\n%s</dl></details>\n",
                                   details->str);
        append_hits(out, main);
    }
    g_string_append(out, "</div><div class=\"step-picture\">");
    append_pictures(out, card, state, prev, prev_live, ctx);
    g_string_append(out, "</div></div>\n");

    g_string_append(out, "<nav class=\"stepnav\">");
    if (index > 0)
        g_string_append_printf(out, "<a href=\"#s%u-%u\">\xE2\x86\x90 previous step</a>", ctx->scenario,
                               index);
    if (index + 1 < ctx->n_cards)
        g_string_append_printf(out, "<a href=\"#s%u-%u\">next step \xE2\x86\x92</a>", ctx->scenario,
                               index + 2);
    g_string_append(out, "<a href=\"#top\">top</a></nav>\n</article>\n");
}

/* A file that could not be loaded ran nothing: its message is the whole
 * section, as the JUnit <error> and the JSON "invalid" entry give it. */
static void
append_invalid_scenario(GString *out, const MsScenarioResult *result, guint index)
{
    g_string_append_printf(out, "<section class=\"scenario\" id=\"s%u\">\n<h2>", index);
    ms_html_esc(out, result->path);
    g_string_append(out, "</h2>\n<p class=\"summary\">Not run: the file could not be loaded ");
    append_verdict(out, FALSE);
    g_string_append(out, "</p>\n<dl class=\"facts\"><dt>Error</dt><dd class=\"error\">");
    {
        /* a file's errors, one per line */
        g_auto(GStrv) lines = g_strsplit(result->load_error, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++) {
            if (i > 0)
                g_string_append(out, "<br>\n");
            ms_html_esc(out, lines[i]);
        }
    }
    g_string_append(out, "</dd></dl>\n</section>\n");
}

static void
append_scenario(GString *out, const MsScenarioResult *result, PageContext *ctx)
{
    g_autoptr(GPtrArray) cards = NULL;
    JsonNode *prev = result->initial_state;
    JsonNode *prev_live = NULL;

    if (result->load_error != NULL) {
        append_invalid_scenario(out, result, ctx->scenario);
        return;
    }
    cards = group_steps(result);
    ctx->n_cards = cards->len;
    g_string_append_printf(out, "<section class=\"scenario\" id=\"s%u\">\n<h2>", ctx->scenario);
    ms_html_esc(out, result->path);
    if (result->title != NULL) {
        g_string_append(out, ": ");
        ms_html_esc(out, result->title);
    }
    g_string_append(out, "</h2>\n<p class=\"summary\">");
    ms_html_escf(out, "Release %s%s \xC2\xB7 %u commands, %u checks, %u failed \xC2\xB7 %u steps ",
                 result->profile->name, result->is_replay ? " \xC2\xB7 replayed against a live cluster" : "",
                 result->n_commands, result->n_checks, result->n_failed, cards->len);
    append_verdict(out, result->n_failed == 0);
    g_string_append(out, "</p>\n");
    append_narration(out, result->description);
    for (guint i = 0; i < cards->len; i++) {
        const Card *card = cards->pdata[i];
        const MsStepResult *state_step = card_state_step(card);

        append_card(out, card, i, prev, prev_live, ctx);
        if (state_step != NULL && state_step->state != NULL)
            prev = state_step->state;
        if (card->main != NULL && card->main->live_state != NULL)
            prev_live = card->main->live_state;
    }
    g_string_append(out, "</section>\n");
}

static char *
asset(const char *name)
{
    g_autofree char *path = g_strconcat("/org/migsim/report/", name, NULL);
    g_autoptr(GBytes) bytes = g_resource_lookup_data(ms_report_html_assets_get_resource(), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    gsize size = 0;
    const char *data;

    /* compiled into the library by meson: absence is a build bug */
    g_assert(bytes != NULL);
    data = g_bytes_get_data(bytes, &size);
    return g_strndup(data, size);
}

static void
append_legend(GString *out)
{
    g_string_append(
        out,
        "<details class=\"legend\"><summary>How to read the pictures</summary><ul class=\"legend-list\">"
        "<li>Member: solid frame = <b>\xE2\x97\x8F ONLINE</b>, long dashes = <b>\xE2\x87\xA9 EVACUATED</b>, "
        "dots and dark header = <b>\xE2\x9C\x95 OFFLINE</b></li>"
        "<li>Instance: <b>CT</b> rounded = container, <b>VM</b> square double frame = virtual machine</li>"
        "<li>Filled, solid = <b>\xE2\x96\xB6 RUNNING</b>; white, dashed = <b>\xE2\x96\xA0 STOPPED</b></li>"
        "<li>Dotted grey box = where an instance was (moved away or deleted); blue arrow = migration</li>"
        "<li>Orange frame and text = changed by this step</li>"
        "<li>Red dashed frame = live cluster differs from the simulation</li>"
        "<li>\xE2\x9B\x81 pools: local pools inside each member, remote pools in a band shared by all "
        "members</li>"
        "</ul></details>\n");
}

char *
ms_report_html(GPtrArray *results)
{
    GString *out = g_string_new(NULL);
    g_autofree char *css = asset("report.css");
    g_autofree char *js = asset("report.js");
    PageContext ctx = { 0, 0, 0 };
    guint passed = 0, steps = 0, invalid;

    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        g_autoptr(GPtrArray) cards = NULL;

        if (r->load_error != NULL)
            continue;
        cards = group_steps(r);
        passed += r->n_failed == 0;
        steps += cards->len;
    }

    g_string_append(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         /* self-contained by construction: the browser may fetch nothing */
                         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    g_string_append_printf(out, "<meta name=\"generator\" content=\"migsim %s\">\n<title>migsim report",
                           MS_VERSION_STRING);
    if (results->len == 1) {
        g_string_append(out, ": ");
        ms_html_esc(out, ((const MsScenarioResult *) results->pdata[0])->path);
    }
    g_string_append(out, "</title>\n<style>\n");
    g_string_append(out, css);
    g_string_append(
        out,
        "</style>\n</head>\n<body id=\"top\">\n<header class=\"report-head\">\n<h1>migsim report</h1>\n");
    invalid = ms_report_count_load_errors(results);
    g_string_append_printf(out, "<p class=\"summary\">%u scenario%s: %u passed, %u failed", results->len,
                           results->len == 1 ? "" : "s", passed, results->len - passed - invalid);
    if (invalid > 0)
        g_string_append_printf(out, ", %u invalid", invalid);
    g_string_append_printf(out, " \xC2\xB7 %u steps ", steps);
    append_verdict(out, passed == results->len);
    g_string_append(out,
                    "</p>\n<p class=\"keys\">Keys: <kbd>j</kbd>/<kbd>\xE2\x86\x92</kbd> next step, "
                    "<kbd>k</kbd>/<kbd>\xE2\x86\x90</kbd> previous step, <kbd>n</kbd> next failure, "
                    "<kbd>p</kbd> presenter mode (large type). "
                    "<button type=\"button\" class=\"presenter\" id=\"ms-presenter\" aria-pressed=\"false\" "
                    "hidden>Presenter mode</button></p>\n");
    g_string_append(out,
                    "<table class=\"scenarios\"><thead><tr><th>Scenario</th><th>Release</th><th>Commands</th>"
                    "<th>Checks</th><th>Failed</th><th>Result</th></tr></thead><tbody>\n");
    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        g_string_append_printf(out, "<tr><td><a href=\"#s%u\">", i + 1);
        ms_html_esc(out, r->path);
        g_string_append(out, "</a></td><td>");
        if (r->load_error != NULL) {
            /* nothing ran: no release, no counts, and never a PASS */
            g_string_append(out, "</td><td>\xE2\x80\x94</td><td colspan=\"3\">invalid file</td><td>");
            append_verdict(out, FALSE);
            g_string_append(out, "</td></tr>\n");
            continue;
        }
        ms_html_esc(out, r->profile->name);
        g_string_append_printf(out, "</td><td>%u</td><td>%u</td><td>%u</td><td>", r->n_commands, r->n_checks,
                               r->n_failed);
        append_verdict(out, r->n_failed == 0);
        g_string_append(out, "</td></tr>\n");
    }
    g_string_append(out, "</tbody></table>\n");
    append_legend(out);
    g_string_append(out, "</header>\n<main>\n");
    for (guint i = 0; i < results->len; i++) {
        ctx.scenario = i + 1;
        append_scenario(out, results->pdata[i], &ctx);
    }
    g_string_append(out, "</main>\n<div id=\"ms-position\" hidden></div>\n<script>\n");
    g_string_append(out, js);
    g_string_append(out, "</script>\n</body>\n</html>\n");
    return g_string_free(out, FALSE);
}
