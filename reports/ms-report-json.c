/* migsim: the JSON report (docs/report-schema.md).  Keys are written in a
 * fixed order so two runs of the same scenarios give identical files. */
#include "ms-report-writers.h"

void
ms_json_set_string(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    if (value == NULL)
        json_builder_add_null_value(b);
    else
        json_builder_add_string_value(b, value);
}

void
ms_json_set_int(JsonBuilder *b, const char *name, gint64 value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, value);
}

void
ms_json_set_bool(JsonBuilder *b, const char *name, gboolean value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_boolean_value(b, value);
}

void
ms_json_set_double(JsonBuilder *b, const char *name, double value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_double_value(b, value);
}

static void
add_outcome(JsonBuilder *b, const MsOutcome *outcome)
{
    json_builder_set_member_name(b, "outcome");
    json_builder_begin_object(b);
    ms_json_set_bool(b, "ok", outcome->ok);
    ms_json_set_string(b, "error", outcome->ok ? NULL : outcome->client_error);
    ms_json_set_string(b, "server_error", outcome->ok ? NULL : outcome->server_error);
    ms_json_set_int(b, "http_status", outcome->http_status);
    ms_json_set_bool(b, "async", outcome->async);
    ms_json_set_string(b, "rule", outcome->rule == MS_RULE_NONE ? NULL : ms_rule_name(outcome->rule));
    json_builder_set_member_name(b, "events");
    json_builder_begin_array(b);
    for (guint i = 0; i < outcome->events->len; i++) {
        const MsEvent *e = outcome->events->pdata[i];
        json_builder_begin_object(b);
        ms_json_set_string(b, "instance", e->instance);
        ms_json_set_string(b, "event", ms_event_kind_to_string(e->kind));
        ms_json_set_string(b, "from", e->from);
        ms_json_set_string(b, "to", e->to);
        ms_json_set_string(b, "detail", e->detail);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "notes");
    json_builder_begin_array(b);
    for (guint i = 0; i < outcome->notes->len; i++)
        json_builder_add_string_value(b, outcome->notes->pdata[i]);
    json_builder_end_array(b);
    ms_json_set_string(b, "output", outcome->output);
    json_builder_end_object(b);
}

static const char *
kind_name(MsResultKind kind)
{
    switch (kind) {
    case MS_RESULT_COMMAND:
        return "command";
    case MS_RESULT_ASSERT:
        return "check";
    case MS_RESULT_DIRECTIVE:
        return "directive";
    }
    g_assert_not_reached();
}

char *
ms_report_json(GPtrArray *results)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    ms_json_set_string(b, "schema", "migsim-report");
    ms_json_set_int(b, "schema_version", MS_REPORT_SCHEMA_VERSION);
    ms_json_set_string(b, "migsim_version", MS_VERSION_STRING);
    json_builder_set_member_name(b, "scenarios");
    json_builder_begin_array(b);
    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        if (r->load_error != NULL)
            continue;
        json_builder_begin_object(b);
        ms_json_set_string(b, "path", r->path);
        ms_json_set_string(b, "title", r->title);
        ms_json_set_string(b, "release", r->profile->name);
        ms_json_set_bool(b, "passed", r->n_failed == 0);
        ms_json_set_int(b, "commands", r->n_commands);
        ms_json_set_int(b, "checks", r->n_checks);
        ms_json_set_int(b, "failed", r->n_failed);
        if (r->initial_state != NULL) {
            json_builder_set_member_name(b, "initial_state");
            json_builder_add_value(b, json_node_copy(r->initial_state));
        }
        json_builder_set_member_name(b, "steps");
        json_builder_begin_array(b);
        for (guint s = 0; s < r->steps->len; s++) {
            const MsStepResult *st = r->steps->pdata[s];
            g_autofree char *id = g_strdup_printf("%s [%s] line %u", r->path, r->profile->name, st->line);

            json_builder_begin_object(b);
            ms_json_set_string(b, "id", id);
            ms_json_set_int(b, "line", st->line);
            ms_json_set_string(b, "kind", kind_name(st->kind));
            ms_json_set_string(b, "text", st->text);
            if (st->kind != MS_RESULT_DIRECTIVE) {
                ms_json_set_string(b, "expected", st->expected);
                json_builder_set_member_name(b, "met");
                if (st->not_applicable)
                    json_builder_add_null_value(b);
                else
                    json_builder_add_boolean_value(b, st->met);
                ms_json_set_string(b, "mismatch", st->mismatch);
            }
            if (st->outcome != NULL)
                add_outcome(b, st->outcome);
            if (st->hits != NULL && st->kind == MS_RESULT_COMMAND) {
                json_builder_set_member_name(b, "rule_hits");
                json_builder_begin_array(b);
                for (guint h = 0; h < st->hits->len; h++) {
                    const MsRuleHit *hit = st->hits->pdata[h];
                    json_builder_begin_object(b);
                    ms_json_set_string(b, "rule", ms_rule_name(hit->rule));
                    ms_json_set_string(b, "result", hit->failed ? "fail" : "pass");
                    ms_json_set_string(b, "subject", hit->subject);
                    json_builder_end_object(b);
                }
                json_builder_end_array(b);
            }
            if (st->explanation != NULL)
                ms_json_set_string(b, "explanation", st->explanation);
            if (st->has_live) {
                json_builder_set_member_name(b, "live");
                json_builder_begin_object(b);
                ms_json_set_bool(b, "ok", st->live_ok);
                ms_json_set_string(b, "error", st->live_error);
                json_builder_set_member_name(b, "differences");
                json_builder_begin_array(b);
                for (guint d = 0; st->live_diffs && d < st->live_diffs->len; d++)
                    json_builder_add_string_value(b, st->live_diffs->pdata[d]);
                json_builder_end_array(b);
                json_builder_end_object(b);
            }
            if (st->state != NULL) {
                json_builder_set_member_name(b, "state");
                json_builder_add_value(b, json_node_copy(st->state));
            }
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "rules");
        json_builder_begin_object(b);
        for (guint id = 0; id < MS_RULE_LAST; id++) {
            if (r->ledger->pass[id] == 0 && r->ledger->fail[id] == 0)
                continue;
            json_builder_set_member_name(b, ms_rule_name(id));
            json_builder_begin_object(b);
            ms_json_set_int(b, "pass", r->ledger->pass[id]);
            ms_json_set_int(b, "fail", r->ledger->fail[id]);
            json_builder_end_object(b);
        }
        json_builder_end_object(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    /* the files that could not be loaded: nothing of them ran */
    json_builder_set_member_name(b, "errors");
    json_builder_begin_array(b);
    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        if (r->load_error == NULL)
            continue;
        json_builder_begin_object(b);
        ms_json_set_string(b, "path", r->path);
        json_builder_set_member_name(b, "line");
        if (r->load_line == 0)
            json_builder_add_null_value(b);
        else
            json_builder_add_int_value(b, r->load_line);
        ms_json_set_string(b, "message", r->load_error);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return ms_report_json_finish(b);
}

char *
ms_report_json_finish(JsonBuilder *builder)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = json_builder_get_root(builder);
    g_autofree char *text = NULL;

    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    json_generator_set_indent(gen, 2);
    text = json_generator_to_data(gen, NULL);
    return g_strconcat(text, "\n", NULL);
}
