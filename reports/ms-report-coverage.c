/* migsim: validation-path coverage — which outcome of which rule a set of
 * scenarios exercised (SQLite's testcase() idea: both outcomes, or it is not
 * covered). */
#include "ms-report-writers.h"

#include <string.h>

#include "ms-rule-sites.h"

G_STATIC_ASSERT(G_N_ELEMENTS(ms_rule_sites) == MS_RULE_LAST);

/* g_ptr_array_sort passes pointers to the elements */
static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

MsCoverage *
ms_coverage_new(void)
{
    MsCoverage *coverage = g_new0(MsCoverage, 1);

    for (guint i = 0; i < MS_RULE_LAST; i++)
        coverage->scenarios[i] = g_ptr_array_new_with_free_func(g_free);
    return coverage;
}

void
ms_coverage_free(MsCoverage *coverage)
{
    if (coverage == NULL)
        return;
    for (guint i = 0; i < MS_RULE_LAST; i++)
        g_ptr_array_unref(coverage->scenarios[i]);
    g_free(coverage);
}

void
ms_coverage_add(MsCoverage *coverage, const MsScenarioResult *result)
{
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        if (ms_rule_applies(id, result->profile))
            coverage->applicable[id] = TRUE;
        coverage->pass[id] += result->ledger->pass[id];
        coverage->fail[id] += result->ledger->fail[id];
        if (result->ledger->pass[id] + result->ledger->fail[id] > 0) {
            g_autofree char *name = g_path_get_basename(result->path);
            gboolean seen = FALSE;
            for (guint s = 0; s < coverage->scenarios[id]->len; s++)
                seen |= g_str_equal(coverage->scenarios[id]->pdata[s], name);
            if (!seen)
                g_ptr_array_add(coverage->scenarios[id], g_steal_pointer(&name));
        }
    }
}

gboolean
ms_coverage_is_covered(const MsCoverage *coverage, MsRuleId rule)
{
    if (ms_rule_def(rule)->one_way != NULL)
        return coverage->pass[rule] + coverage->fail[rule] > 0;
    return coverage->pass[rule] > 0 && coverage->fail[rule] > 0;
}

void
ms_coverage_finish(MsCoverage *coverage)
{
    coverage->n_applicable = coverage->n_covered = 0;
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        if (!coverage->applicable[id] || ms_rule_def(id)->unevaluated != NULL)
            continue;
        coverage->n_applicable++;
        if (ms_coverage_is_covered(coverage, id))
            coverage->n_covered++;
    }
}

double
ms_coverage_percent(const MsCoverage *coverage)
{
    return coverage->n_applicable ? 100.0 * coverage->n_covered / coverage->n_applicable : 100.0;
}

char *
ms_report_coverage_text(const MsCoverage *coverage)
{
    GString *out = g_string_new(NULL);
    guint uncovered = 0;

    g_string_append_printf(out, "%-30s %-26s %7s %7s  %-8s %s\n", "RULE", "RELEASES", "PASS", "FAIL", "COVERED",
                           "SCENARIOS");
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        const MsRuleDef *def = ms_rule_def(id);
        g_autofree char *releases = NULL;
        g_autoptr(GString) names = g_string_new(NULL);

        if (!coverage->applicable[id] || def->unevaluated != NULL)
            continue;
        releases = ms_releases_describe(&def->releases);
        for (guint s = 0; s < coverage->scenarios[id]->len && s < 3; s++)
            g_string_append_printf(names, "%s%s", s ? ", " : "", (char *) coverage->scenarios[id]->pdata[s]);
        if (coverage->scenarios[id]->len > 3)
            g_string_append_printf(names, " (+%u)", coverage->scenarios[id]->len - 3);
        g_string_append_printf(out, "%-30s %-26s %7" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT "  %-8s %s\n",
                               def->name, releases, coverage->pass[id], coverage->fail[id],
                               ms_coverage_is_covered(coverage, id) ? (def->one_way ? "yes(1)" : "yes") : "NO",
                               names->str);
    }
    g_string_append(out, "\nUncovered rules:\n");
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        if (!coverage->applicable[id] || ms_rule_def(id)->unevaluated != NULL ||
            ms_coverage_is_covered(coverage, id))
            continue;
        uncovered++;
        g_string_append_printf(out, "  %s: %s%s\n", ms_rule_name(id),
                               coverage->pass[id] == 0 && coverage->fail[id] == 0 ? "never evaluated"
                               : coverage->pass[id] == 0                          ? "never passed"
                                                                                  : "never failed",
                               "");
    }
    if (uncovered == 0)
        g_string_append(out, "  (none)\n");
    g_string_append(out, "\nNot evaluated by migsim (not counted):\n");
    for (guint id = 0; id < MS_RULE_LAST; id++)
        if (coverage->applicable[id] && ms_rule_def(id)->unevaluated != NULL)
            g_string_append_printf(out, "  %s: %s\n", ms_rule_name(id), ms_rule_def(id)->unevaluated);
    g_string_append_printf(out, "\nrule coverage: %u of %u rules (%.1f%%), both outcomes; (1) = one-way rule\n",
                           coverage->n_covered, coverage->n_applicable, ms_coverage_percent(coverage));
    return g_string_free(out, FALSE);
}

char *
ms_report_coverage_json(const MsCoverage *coverage)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "rules_applicable");
    json_builder_add_int_value(b, coverage->n_applicable);
    json_builder_set_member_name(b, "rules_covered");
    json_builder_add_int_value(b, coverage->n_covered);
    json_builder_set_member_name(b, "percent");
    json_builder_add_double_value(b, ms_coverage_percent(coverage));
    json_builder_set_member_name(b, "rules");
    json_builder_begin_array(b);
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        if (!coverage->applicable[id])
            continue;
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "id");
        json_builder_add_string_value(b, ms_rule_name(id));
        json_builder_set_member_name(b, "pass");
        json_builder_add_int_value(b, coverage->pass[id]);
        json_builder_set_member_name(b, "fail");
        json_builder_add_int_value(b, coverage->fail[id]);
        json_builder_set_member_name(b, "one_way");
        json_builder_add_boolean_value(b, ms_rule_def(id)->one_way != NULL);
        json_builder_set_member_name(b, "covered");
        json_builder_add_boolean_value(b, ms_coverage_is_covered(coverage, id));
        json_builder_set_member_name(b, "scenarios");
        json_builder_begin_array(b);
        for (guint s = 0; s < coverage->scenarios[id]->len; s++)
            json_builder_add_string_value(b, coverage->scenarios[id]->pdata[s]);
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return ms_report_json_finish(b);
}

char *
ms_report_coverage_lcov(const MsCoverage *coverage)
{
    GString *out = g_string_new("TN:migsim_rules\n");
    g_autoptr(GPtrArray) files = g_ptr_array_new();

    for (guint id = 0; id < MS_RULE_LAST; id++) {
        gboolean seen = FALSE;
        for (guint f = 0; f < files->len; f++)
            seen |= g_str_equal(files->pdata[f], ms_rule_sites[id].file);
        if (!seen && coverage->applicable[id])
            g_ptr_array_add(files, (gpointer) ms_rule_sites[id].file);
    }
    g_ptr_array_sort(files, compare_names);
    for (guint f = 0; f < files->len; f++) {
        const char *file = files->pdata[f];
        guint fn = 0, fnh = 0, br = 0, brh = 0, lf = 0, lh = 0;
        g_autoptr(GString) lines = g_string_new(NULL);

        g_string_append_printf(out, "SF:%s\n", file);
        for (guint id = 0; id < MS_RULE_LAST; id++) {
            if (!coverage->applicable[id] || !g_str_equal(ms_rule_sites[id].file, file))
                continue;
            g_string_append_printf(out, "FN:%u,%s\n", ms_rule_sites[id].line, ms_rule_name(id));
        }
        for (guint id = 0; id < MS_RULE_LAST; id++) {
            guint64 hits;
            if (!coverage->applicable[id] || !g_str_equal(ms_rule_sites[id].file, file))
                continue;
            hits = coverage->pass[id] + coverage->fail[id];
            fn++;
            fnh += hits > 0;
            g_string_append_printf(out, "FNDA:%" G_GUINT64_FORMAT ",%s\n", hits, ms_rule_name(id));
        }
        g_string_append_printf(out, "FNF:%u\nFNH:%u\n", fn, fnh);
        for (guint id = 0; id < MS_RULE_LAST; id++) {
            guint line = ms_rule_sites[id].line;
            guint64 hits = coverage->pass[id] + coverage->fail[id];
            if (!coverage->applicable[id] || !g_str_equal(ms_rule_sites[id].file, file))
                continue;
            /* branch 0 = pass, branch 1 = fail; "-" when the check never ran */
            if (hits == 0)
                g_string_append_printf(out, "BRDA:%u,%u,0,-\nBRDA:%u,%u,1,-\n", line, id, line, id);
            else
                g_string_append_printf(out, "BRDA:%u,%u,0,%" G_GUINT64_FORMAT "\nBRDA:%u,%u,1,%" G_GUINT64_FORMAT "\n",
                                       line, id, coverage->pass[id], line, id, coverage->fail[id]);
            br += 2;
            brh += (coverage->pass[id] > 0) + (coverage->fail[id] > 0);
            g_string_append_printf(lines, "DA:%u,%" G_GUINT64_FORMAT "\n", line, hits);
            lf++;
            lh += hits > 0;
        }
        g_string_append_printf(out, "BRF:%u\nBRH:%u\n%sLF:%u\nLH:%u\nend_of_record\n", br, brh, lines->str, lf, lh);
    }
    return g_string_free(out, FALSE);
}
