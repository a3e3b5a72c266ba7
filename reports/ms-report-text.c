/* migsim: the terminal transcript.  Readable without colour: every status is
 * a word (ok, PASS, FAIL); colour only adds emphasis. */
#include "ms-report.h"

#include "ms-escape.h"
#include "ms-word-diff.h"

#include <string.h>

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define CYAN "\033[36m"
#define RESET "\033[0m"

static const char *
c(const MsTextOptions *options, const char *code)
{
    return options->color ? code : "";
}

/* Text from the scenario, a state file or LXD may carry control
 * characters (an ANSI sequence pasted into an expectation, a carriage
 * return in a member name): printed raw, it would colour the terminal even
 * under --color=never or overwrite a line.  ms_escape_keep shows them as
 * \xNN; text without them is returned as is, so transcripts of ordinary
 * scenarios do not change. */
static const char *
clean(GPtrArray *keep, const char *text)
{
    return ms_escape_keep(keep, text);
}

static void
append_event(GString *out, GPtrArray *keep, const MsEvent *event)
{
    const char *detail = clean(keep, event->detail);

    switch (event->kind) {
    case MS_EVENT_STOPPED:
        g_string_append_printf(out, "stopped on %s%s%s\n", event->from, detail ? ", " : "",
                               detail ? detail : "");
        break;
    case MS_EVENT_MIGRATED:
        g_string_append_printf(out, "migrated %s -> %s\n", event->from, event->to);
        break;
    case MS_EVENT_LIVE_MIGRATED:
        g_string_append_printf(out, "live-migrated %s -> %s (kept running)\n", event->from, event->to);
        break;
    case MS_EVENT_STARTED:
        g_string_append_printf(out, "started on %s\n", event->to);
        break;
    case MS_EVENT_NO_TARGET:
        g_string_append_printf(out, "not moved: %s\n", detail);
        break;
    case MS_EVENT_UNTOUCHED:
        g_string_append_printf(out, "%s\n", detail ? detail : "untouched");
        break;
    case MS_EVENT_FAILED:
        g_string_append_printf(out, "FAILED: %s\n", detail);
        break;
    case MS_EVENT_CREATED:
        g_string_append_printf(out, "created on %s\n", event->to);
        break;
    case MS_EVENT_DELETED:
        g_string_append_printf(out, "deleted from %s\n", event->from);
        break;
    }
}

static gboolean
shows_events(const MsStepResult *step)
{
    return (ms_op_defs[step->op_kind].flags & MS_OP_FLAG_SHOWS_EVENTS) != 0;
}

static void
append_visible(GString *out, const char *text)
{
    g_autofree char *visible = ms_text_visible(text);

    g_string_append(out, visible);
}

/* Two error texts that differ in a few words (a release's wording, a
 * name): the words themselves, as git --word-diff shows them. */
static void
append_word_diff(GString *out, const MsStepResult *step, const MsTextOptions *options)
{
    static const MsDiffMarks plain = { "[-", "-]", "{+", "+}", append_visible };
    static const MsDiffMarks color = { RED "[-", "-]" RESET, GREEN "{+", "+}" RESET, append_visible };
    g_autoptr(GPtrArray) pieces = ms_step_result_word_diff(step);

    if (pieces == NULL)
        return;
    g_string_append(out, "        words: ");
    ms_word_diff_append(out, pieces, options->color ? &color : &plain);
    g_string_append_c(out, '\n');
}

void
ms_report_text_narration(GString *out, const char *narration, const MsTextOptions *options)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) lines = NULL;

    if (narration == NULL)
        return;
    lines = g_strsplit(narration, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf(out, "%s      #%s%s%s\n", c(options, CYAN), lines[i][0] != '\0' ? " " : "",
                               clean(keep, lines[i]), c(options, RESET));
}

void
ms_report_text_step(GString *out, const MsStepResult *step, const MsTextOptions *options)
{
    const MsOutcome *outcome = step->outcome;
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    const char *text = clean(keep, step->text);

    if (options->narrate)
        ms_report_text_narration(out, step->narration, options);

    if (step->kind == MS_RESULT_DIRECTIVE) {
        g_string_append_printf(out, "%s%4u  %s%s\n", c(options, DIM), step->line, text, c(options, RESET));
        if (!step->met)
            g_string_append_printf(out, "        %sFAIL%s %s\n", c(options, RED), c(options, RESET),
                                   clean(keep, step->mismatch));
        return;
    }
    if (step->kind == MS_RESULT_ASSERT && step->not_applicable) {
        g_string_append_printf(out, "%s%4u  %s  n/a (not checked under this release)%s\n", c(options, DIM),
                               step->line, text, c(options, RESET));
        return;
    }
    if (step->kind == MS_RESULT_ASSERT) {
        g_string_append_printf(out, "%4u  %s  %s%s%s\n", step->line, text,
                               c(options, step->met ? GREEN : RED), step->met ? "PASS" : "FAIL",
                               c(options, RESET));
        if (!step->met)
            g_string_append_printf(out, "        %s%s%s\n", c(options, RED), clean(keep, step->mismatch),
                                   c(options, RESET));
        return;
    }

    g_string_append_printf(out, "%4u  %s$ %s%s\n", step->line, c(options, BOLD), text, c(options, RESET));
    if (outcome->ok) {
        g_string_append(out, "        ok\n");
        if (outcome->output != NULL) {
            g_auto(GStrv) lines = g_strsplit(outcome->output, "\n", -1);
            for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
                g_string_append_printf(out, "        %s\n", clean(keep, lines[i]));
        }
    } else if (outcome->hung != NULL) {
        g_string_append_printf(out,
                               "        %sno answer: the operation never completes (lxc waits for ever)%s\n",
                               c(options, YELLOW), c(options, RESET));
    } else {
        g_string_append_printf(out, "        %sError: %s%s\n", c(options, YELLOW),
                               clean(keep, outcome->client_error), c(options, RESET));
        if (outcome->rule != MS_RULE_NONE)
            g_string_append_printf(out, "        rule %s\n", ms_rule_name(outcome->rule));
    }
    if (shows_events(step)) {
        for (guint i = 0; i < outcome->events->len; i++) {
            const MsEvent *event = outcome->events->pdata[i];
            g_string_append_printf(out, "        - %s: ", clean(keep, event->instance));
            append_event(out, keep, event);
        }
    }
    for (guint i = 0; i < outcome->notes->len; i++)
        g_string_append_printf(out, "        note: %s\n", clean(keep, outcome->notes->pdata[i]));
    if (options->verbose && step->hits != NULL) {
        for (guint i = 0; i < step->hits->len; i++) {
            const MsRuleHit *hit = step->hits->pdata[i];
            g_string_append_printf(out, "        %s %s (%s)\n", hit->failed ? "x" : ".",
                                   ms_rule_name(hit->rule), hit->subject ? clean(keep, hit->subject) : "");
        }
    }
    if (step->explanation != NULL) {
        g_auto(GStrv) lines = g_strsplit(step->explanation, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
            if (lines[i][0] != '\0')
                g_string_append_printf(out, "        %s| %s%s\n", c(options, DIM), clean(keep, lines[i]),
                                       c(options, RESET));
    }
    if (step->met)
        g_string_append_printf(out, "        %sPASS%s (expected %s)\n", c(options, GREEN), c(options, RESET),
                               clean(keep, step->expected));
    else {
        g_string_append_printf(out, "        %sFAIL%s %s\n", c(options, RED), c(options, RESET),
                               clean(keep, step->mismatch));
        append_word_diff(out, step, options);
    }
}

char *
ms_text_visible(const char *text)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);

    return g_strdup(clean(keep, text));
}

void
ms_report_text_header(GString *out, const char *path, const char *title, const MsProfile *profile,
                      const MsTextOptions *options)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);

    g_string_append_printf(out, "%s== %s%s", c(options, BOLD), clean(keep, path), c(options, RESET));
    if (title != NULL)
        g_string_append_printf(out, ": %s", clean(keep, title));
    g_string_append_printf(out, " [%s]\n", profile->name);
}

void
ms_report_text_footer(GString *out, const MsScenarioResult *result)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);

    g_string_append_printf(out, "-- %s: %u commands, %u checks, %u failed\n\n", clean(keep, result->path),
                           result->n_commands, result->n_checks, result->n_failed);
}

void
ms_report_text_scenario(GString *out, const MsScenarioResult *result, const MsTextOptions *options)
{
    ms_report_text_header(out, result->path, result->title, result->profile, options);
    if (options->narrate)
        ms_report_text_narration(out, result->description, options);
    for (guint i = 0; i < result->steps->len; i++)
        ms_report_text_step(out, result->steps->pdata[i], options);
    ms_report_text_footer(out, result);
}

void
ms_report_text_summary(GString *out, GPtrArray *results, const MsTextOptions *options)
{
    guint passed = 0, failed = 0, invalid = ms_report_count_load_errors(results);

    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        if (r->load_error != NULL)
            continue;
        if (r->n_failed == 0)
            passed++;
        else
            failed++;
    }
    if (failed > 0) {
        g_string_append(out, "Failed scenarios:\n");
        for (guint i = 0; i < results->len; i++) {
            const MsScenarioResult *r = results->pdata[i];
            if (r->load_error == NULL && r->n_failed > 0)
                g_string_append_printf(out, "  %s [%s]: %u failed\n", r->path, r->profile->name, r->n_failed);
        }
    }
    if (invalid > 0) {
        g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);

        g_string_append(out, "Invalid scenario files (not run):\n");
        for (guint i = 0; i < results->len; i++) {
            const MsScenarioResult *r = results->pdata[i];
            g_auto(GStrv) lines = NULL;
            if (r->load_error == NULL)
                continue;
            /* a file's errors, one per line */
            lines = g_strsplit(r->load_error, "\n", -1);
            for (guint l = 0; lines[l] != NULL; l++)
                g_string_append_printf(out, "  %s\n", clean(keep, lines[l]));
        }
    }
    g_string_append_printf(out, "%sscenarios: %u passed, %u failed",
                           c(options, failed || invalid ? RED : GREEN), passed, failed);
    if (invalid > 0)
        g_string_append_printf(out, ", %u invalid", invalid);
    g_string_append_printf(out, "%s\n", c(options, RESET));
}
