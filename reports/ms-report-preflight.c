/* migsim: the preflight report: its types' life cycle, and the text and
 * JSON writers of `migsim preflight` (docs/preflight.md). */
#include "ms-report-preflight.h"

#include <string.h>

#include "ms-config.h"
#include "ms-enum.h"
#include "ms-escape.h"
#include "ms-report-writers.h"

MS_ENUM_NAMES(fate_names, [MS_FATE_MOVED] = "moved", [MS_FATE_LIVE_MIGRATED] = "live-migrated",
              [MS_FATE_STOPPED] = "stopped", [MS_FATE_STAYS] = "stays", [MS_FATE_NO_TARGET] = "no-target",
              [MS_FATE_FAILED] = "failed", [MS_FATE_NOT_REACHED] = "not-reached",
              [MS_FATE_STARTED] = "started", [MS_FATE_MOVED_BACK] = "moved-back")
MS_ENUM_TO_STRING(ms_fate_to_string, MsFate, fate_names)

void
ms_preflight_fate_free(MsPreflightFate *fate)
{
    g_free(fate->instance);
    g_free(fate->to);
    g_free(fate->device);
    g_free(fate->reason);
    g_free(fate);
}

void
ms_way_out_free(MsWayOut *way)
{
    g_free(way->title);
    g_ptr_array_unref(way->commands);
    g_free(way->result);
    g_free(way);
}

void
ms_restore_failure_free(MsRestoreFailure *failure)
{
    g_free(failure->instance);
    g_free(failure->error);
    g_free(failure->device);
    g_ptr_array_unref(failure->ways_out);
    g_free(failure);
}

void
ms_preflight_member_free(MsPreflightMember *member)
{
    if (member == NULL)
        return;
    g_free(member->name);
    g_free(member->skipped);
    g_free(member->evacuate_error);
    g_ptr_array_unref(member->fates);
    g_ptr_array_unref(member->restored);
    g_ptr_array_unref(member->failures);
    g_free(member->restore_error);
    g_free(member);
}

void
ms_preflight_step_free(MsPreflightStep *step)
{
    g_free(step->text);
    g_free(step->error);
    g_free(step->mismatch);
    ms_outcome_free(step->outcome);
    g_free(step);
}

void
ms_preflight_report_free(MsPreflightReport *report)
{
    if (report == NULL)
        return;
    g_free(report->source);
    g_free(report->server_version);
    g_ptr_array_unref(report->steps);
    ms_preflight_member_free(report->plan);
    g_ptr_array_unref(report->members);
    if (report->results != NULL)
        g_ptr_array_unref(report->results);
    g_free(report);
}

/* ---- text ---- */

/* every name and text below may come from a state file or a server */
#define E(text) ms_escape_keep(keep, (text))

/* @prefix @text and a new line, appended without a format's copy of
 * @text (the same bytes as "%s%s\n") */
static void
append_line(GString *out, const char *prefix, const char *text)
{
    g_string_append(out, prefix);
    g_string_append(out, text);
    g_string_append_c(out, '\n');
}

static void
text_fate(GString *out, const MsPreflightFate *fate, const char *member)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    switch (fate->fate) {
    case MS_FATE_MOVED:
        g_string_append_printf(out, "      %-16s moves to %s%s\n", E(fate->instance), E(fate->to),
                               fate->started ? " and is started there" : "");
        return;
    case MS_FATE_LIVE_MIGRATED:
        g_string_append_printf(out, "      %-16s live-migrates to %s\n", E(fate->instance), E(fate->to));
        return;
    case MS_FATE_STARTED:
        g_string_append_printf(out, "      %-16s is started on %s\n", E(fate->instance), E(member));
        return;
    case MS_FATE_MOVED_BACK:
        g_string_append_printf(out, "      %-16s moves back to %s%s\n", E(fate->instance), E(member),
                               fate->started ? " and is started" : "");
        return;
    case MS_FATE_NOT_REACHED:
        g_string_append_printf(out, "      %-16s not reached (the operation stops before it)\n",
                               E(fate->instance));
        return;
    case MS_FATE_FAILED:
        g_string_append_printf(out, "      %-16s FAILS: %s\n", E(fate->instance),
                               fate->reason ? E(fate->reason) : "");
        return;
    case MS_FATE_STOPPED:
    case MS_FATE_STAYS:
    case MS_FATE_NO_TARGET:
        break;
    }
    g_string_append_printf(out, "      %-16s %s on %s", E(fate->instance),
                           fate->fate == MS_FATE_STOPPED ? "is stopped, stays"
                           : fate->fate == MS_FATE_STAYS ? "stays (stopped)"
                                                         : "has no target, stays",
                           E(member));
    if (fate->reason != NULL)
        g_string_append_printf(out, ": %s", E(fate->reason));
    if (fate->rule != MS_RULE_NONE)
        g_string_append_printf(out, " [%s]", ms_rule_name(fate->rule));
    if (fate->is_new)
        g_string_append(out, " (new with this change: it moved before)");
    g_string_append_c(out, '\n');
}

static void
text_failure(GString *out, const MsRestoreFailure *failure, const char *member)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    g_string_append_printf(out, "      %-16s would not start [%s]%s%s\n", E(failure->instance),
                           ms_rule_name(failure->rule), failure->is_new ? " (new with this change)" : "",
                           failure->hidden ? " (found with the failures above set aside)" : "");
    append_line(out, "          Error: ", E(failure->error));
    if (!failure->hidden)
        g_string_append_printf(out, "          %s stays EVACUATED.\n", E(member));
    if (failure->ways_out->len == 0)
        return;
    g_string_append(out, "          Ways out (each simulated: the commands, then the restore again):\n");
    for (guint i = 0; i < failure->ways_out->len; i++) {
        const MsWayOut *way = failure->ways_out->pdata[i];
        g_string_append_printf(out, "          %s %s\n",
                               !way->checked ? "  -  "
                               : way->works  ? "works"
                                             : "NO   ",
                               E(way->title));
        for (guint c = 0; c < way->commands->len; c++)
            append_line(out, "                  $ ", E(way->commands->pdata[c]));
        /* a result names every refuser: 148 KB each in a thousand ways at
         * issue 18's size, which a "%s" copied twice more (vasprintf's
         * growing buffer, then the append) */
        if (way->result != NULL)
            append_line(out, "                  -> ", E(way->result));
    }
}

/* A member's moves name this many targets, then count the rest: on a
 * 1,000-member cluster the line would otherwise name every member. */
#define MOVE_TARGETS_SHOWN 8

/* Names in the order people number them: m2 before m10 (runs of digits
 * compare as numbers, the rest byte by byte; deterministic, no locale). */
static int
compare_natural(const void *pa, const void *pb)
{
    const char *a = *(const char *const *) pa, *b = *(const char *const *) pb;

    while (*a != '\0' && *b != '\0') {
        if (g_ascii_isdigit(*a) && g_ascii_isdigit(*b)) {
            const char *ea = a, *eb = b;
            while (*a == '0' && g_ascii_isdigit(a[1]))
                a++;
            while (*b == '0' && g_ascii_isdigit(b[1]))
                b++;
            for (ea = a; g_ascii_isdigit(*ea); ea++)
                ;
            for (eb = b; g_ascii_isdigit(*eb); eb++)
                ;
            if (ea - a != eb - b)
                return ea - a < eb - b ? -1 : 1;
            for (; a < ea; a++, b++)
                if (*a != *b)
                    return *a < *b ? -1 : 1;
            continue;
        }
        if (*a != *b)
            return (guchar) *a < (guchar) *b ? -1 : 1;
        a++, b++;
    }
    return (*a != '\0') - (*b != '\0');
}

static void
text_member(GString *out, const MsPreflightMember *member, gboolean all_moves)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    GHashTable *moves;
    g_autoptr(GHashTable) owned_moves = NULL;
    g_autofree const char **targets = NULL;
    guint n_moved = 0;

    if (member->skipped != NULL) {
        g_string_append_printf(out, "  %s: not checked: %s\n", E(member->name), E(member->skipped));
        return;
    }
    g_string_append_printf(out, "  %s: evacuation %s", E(member->name), member->evacuate_ok ? "ok" : "FAILS");
    if (member->restore_tried)
        g_string_append_printf(out, ", restore %s",
                               member->failures->len == 0 && member->restore_error == NULL ? "ok" : "FAILS");
    g_string_append_printf(out, " (%u instance%s)\n", member->fates->len, member->fates->len == 1 ? "" : "s");
    if (!member->evacuate_ok)
        g_string_append_printf(out, "    Error: %s [%s]\n", E(member->evacuate_error),
                               ms_rule_name(member->evacuate_rule));
    owned_moves = g_hash_table_new(g_str_hash, g_str_equal);
    moves = owned_moves;
    for (guint i = 0; i < member->fates->len; i++) {
        const MsPreflightFate *fate = member->fates->pdata[i];
        gboolean moved = fate->fate == MS_FATE_MOVED || fate->fate == MS_FATE_LIVE_MIGRATED;
        if (moved && !all_moves) {
            g_hash_table_insert(moves, fate->to,
                                GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(moves, fate->to)) + 1));
            n_moved++;
            continue;
        }
        text_fate(out, fate, member->name);
    }
    if (n_moved > 0) {
        guint n_targets = g_hash_table_size(moves), n_rest = 0;
        targets = ms_config_sorted_keys(moves);
        qsort(targets, n_targets, sizeof(char *), compare_natural);
        g_string_append_printf(out, "      %u move:", n_moved);
        for (guint i = 0; targets[i] != NULL; i++) {
            guint n = GPOINTER_TO_UINT(g_hash_table_lookup(moves, targets[i]));
            if (i >= MOVE_TARGETS_SHOWN && n_targets > MOVE_TARGETS_SHOWN + 1) {
                n_rest += n;
                continue;
            }
            g_string_append_printf(out, "%s %u to %s", i ? "," : "", n, E(targets[i]));
        }
        if (n_rest > 0)
            g_string_append_printf(out, ", %u to %u other members (--json lists each)", n_rest,
                                   n_targets - MOVE_TARGETS_SHOWN);
        g_string_append_c(out, '\n');
    }
    if (all_moves && member->restore_tried) {
        g_string_append_printf(out, "    restore %s:\n", E(member->name));
        for (guint i = 0; i < member->restored->len; i++) {
            const MsPreflightFate *fate = member->restored->pdata[i];
            if (fate->fate != MS_FATE_FAILED)
                text_fate(out, fate, member->name);
        }
    }
    if (member->restore_error != NULL)
        g_string_append_printf(out, "    restore Error: %s [%s]\n", E(member->restore_error),
                               ms_rule_name(member->restore_rule));
    for (guint i = 0; i < member->failures->len; i++)
        text_failure(out, member->failures->pdata[i], member->name);
}

/* Once this much text is waiting, text_report writes it to its file */
#define TEXT_FLUSH_SIZE (64 * 1024)

/* Writes @out's text to @file (NULL: keeps it) and empties @out */
static void
text_flush(GString *out, FILE *file, gsize at_least)
{
    if (file == NULL || out->len < at_least)
        return;
    fwrite(out->str, 1, out->len, file);
    g_string_truncate(out, 0);
}

/* The report's text into @out; with @file, written there member by member
 * as it grows (the text at issue 18's size is 110 MB: one string of it was
 * 128 MB of fresh pages to fault in, and copied by each doubling). */
static void
text_report(GString *out, const MsPreflightReport *report, FILE *file)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);

    g_string_append_printf(out, "migsim preflight: %s", report->profile->name);
    if (report->server_version != NULL)
        g_string_append_printf(out, " (%s %s)", ms_profile_is_incus(report->profile) ? "Incus" : "LXD",
                               E(report->server_version));
    g_string_append_printf(out, ", %u member%s, %u instance%s, from %s\n\n", report->n_members,
                           report->n_members == 1 ? "" : "s", report->n_instances,
                           report->n_instances == 1 ? "" : "s", E(report->source));
    if (report->steps->len > 0) {
        g_string_append(out, "The change\n");
        for (guint i = 0; i < report->steps->len; i++) {
            const MsPreflightStep *step = report->steps->pdata[i];
            g_string_append_printf(out, "  %s%s\n", g_str_has_prefix(step->text, "lxc ") ? "$ " : "",
                                   E(step->text));
            if (step->ok && step->error == NULL)
                g_string_append(out, "    accepted\n");
            else if (step->ok)
                g_string_append_printf(out, "    Error: %s (as expected)\n", E(step->error));
            else if (step->outcome == NULL && step->mismatch != NULL)
                g_string_append_printf(out, "    does not hold: %s\n", E(step->mismatch));
            else if (step->error != NULL && step->saved)
                g_string_append_printf(out, "    SAVED, BUT REFUSED BY INSTANCES: Error: %s [%s]\n",
                                       E(step->error), ms_rule_name(step->rule));
            else if (step->error != NULL)
                g_string_append_printf(out, "    REFUSED: Error: %s [%s]\n", E(step->error),
                                       ms_rule_name(step->rule));
            else
                g_string_append_printf(out, "    %s\n",
                                       step->mismatch ? E(step->mismatch) : "does not meet its expectation");
        }
        g_string_append_c(out, '\n');
    }
    if (report->plan != NULL) {
        g_string_append(out, "What happens\n");
        text_member(out, report->plan, TRUE);
        g_string_append_c(out, '\n');
    } else if (report->accepted) {
        g_string_append(out,
                        "Evacuate, then restore, each member on its own (from the state after the change)\n");
        for (guint i = 0; i < report->members->len; i++) {
            text_member(out, report->members->pdata[i], FALSE);
            text_flush(out, file, TEXT_FLUSH_SIZE);
        }
        g_string_append_c(out, '\n');
    } else {
        g_string_append(out, "The change is refused; evacuation and restore were not checked.\n\n");
    }
    if (report->n_problems == 0)
        g_string_append(out, "Result: nothing would break.\n");
    else
        g_string_append_printf(out, "Result: %u problem%s: something would break.\n", report->n_problems,
                               report->n_problems == 1 ? "" : "s");
    text_flush(out, file, 0);
}

char *
ms_preflight_text(const MsPreflightReport *report)
{
    GString *out = g_string_new(NULL);

    text_report(out, report, NULL);
    return g_string_free(out, FALSE);
}

void
ms_preflight_text_write(const MsPreflightReport *report, FILE *file)
{
    g_autoptr(GString) out = g_string_sized_new(TEXT_FLUSH_SIZE);

    text_report(out, report, file);
}

#undef E

/* ---- JSON ---- */

static void
json_string(JsonBuilder *b, const char *key, const char *value)
{
    json_builder_set_member_name(b, key);
    if (value == NULL)
        json_builder_add_null_value(b);
    else
        json_builder_add_string_value(b, value);
}

static void
json_bool(JsonBuilder *b, const char *key, gboolean value)
{
    json_builder_set_member_name(b, key);
    json_builder_add_boolean_value(b, value);
}

static void
json_rule(JsonBuilder *b, MsRuleId rule)
{
    json_string(b, "rule", rule == MS_RULE_NONE ? NULL : ms_rule_name(rule));
}

static void
json_fates(JsonBuilder *b, const char *key, GPtrArray *fates)
{
    json_builder_set_member_name(b, key);
    json_builder_begin_array(b);
    for (guint i = 0; i < fates->len; i++) {
        const MsPreflightFate *fate = fates->pdata[i];
        json_builder_begin_object(b);
        json_string(b, "instance", fate->instance);
        json_string(b, "fate", ms_fate_to_string(fate->fate));
        json_string(b, "to", fate->to);
        json_bool(b, "started", fate->started);
        json_rule(b, fate->rule);
        json_string(b, "device", fate->device);
        json_string(b, "reason", fate->reason);
        json_bool(b, "new", fate->is_new);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void
json_member(JsonBuilder *b, const MsPreflightMember *member)
{
    json_builder_begin_object(b);
    json_string(b, "member", member->name);
    json_string(b, "skipped", member->skipped);
    json_builder_set_member_name(b, "evacuate");
    json_builder_begin_object(b);
    json_bool(b, "ok", member->skipped == NULL && member->evacuate_ok);
    json_string(b, "error", member->evacuate_error);
    json_rule(b, member->evacuate_rule);
    json_fates(b, "instances", member->fates);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "restore");
    if (!member->restore_tried) {
        json_builder_add_null_value(b);
        json_builder_end_object(b);
        return;
    }
    json_builder_begin_object(b);
    json_bool(b, "ok", member->failures->len == 0 && member->restore_error == NULL);
    json_string(b, "error", member->restore_error);
    json_rule(b, member->restore_rule);
    json_fates(b, "instances", member->restored);
    json_builder_set_member_name(b, "failures");
    json_builder_begin_array(b);
    for (guint i = 0; i < member->failures->len; i++) {
        const MsRestoreFailure *failure = member->failures->pdata[i];
        json_builder_begin_object(b);
        json_string(b, "instance", failure->instance);
        json_rule(b, failure->rule);
        json_string(b, "error", failure->error);
        json_string(b, "device", failure->device);
        json_bool(b, "new", failure->is_new);
        json_bool(b, "hidden", failure->hidden);
        json_builder_set_member_name(b, "ways_out");
        json_builder_begin_array(b);
        for (guint w = 0; w < failure->ways_out->len; w++) {
            const MsWayOut *way = failure->ways_out->pdata[w];
            json_builder_begin_object(b);
            json_string(b, "title", way->title);
            json_builder_set_member_name(b, "commands");
            json_builder_begin_array(b);
            for (guint c = 0; c < way->commands->len; c++)
                json_builder_add_string_value(b, way->commands->pdata[c]);
            json_builder_end_array(b);
            json_bool(b, "checked", way->checked);
            json_bool(b, "works", way->works);
            json_string(b, "result", way->result);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

char *
ms_preflight_json(const MsPreflightReport *report)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonGenerator) generator = json_generator_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "schema");
    json_builder_add_int_value(b, 1);
    json_string(b, "release", report->profile->name);
    json_string(b, "server_version", report->server_version);
    json_string(b, "source", report->source);
    json_builder_set_member_name(b, "change");
    json_builder_begin_array(b);
    for (guint i = 0; i < report->steps->len; i++) {
        const MsPreflightStep *step = report->steps->pdata[i];
        json_builder_begin_object(b);
        json_string(b, "command", step->text);
        json_bool(b, "ok", step->ok);
        json_string(b, "error", step->error);
        json_rule(b, step->rule);
        json_string(b, "mismatch", step->mismatch);
        json_bool(b, "saved", step->saved);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_bool(b, "accepted", report->accepted);
    json_builder_set_member_name(b, "plan");
    if (report->plan != NULL)
        json_member(b, report->plan);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "members");
    json_builder_begin_array(b);
    for (guint i = 0; i < report->members->len; i++)
        json_member(b, report->members->pdata[i]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "problems");
    json_builder_add_int_value(b, report->n_problems);
    json_bool(b, "breaks", report->n_problems > 0);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    json_generator_set_pretty(generator, TRUE);
    json_generator_set_indent(generator, 2);
    json_generator_set_root(generator, root);
    return json_generator_to_data(generator, NULL);
}
