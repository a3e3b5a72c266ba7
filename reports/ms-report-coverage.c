/* migsim: the rule coverage report — which outcome of which rule, at which
 * check site, a set of scenarios exercised and got right, per release
 * (SQLite's testcase() idea: both outcomes, or it is not covered). */
#include "ms-report-writers.h"

#include <string.h>

static const char *
class_name(MsCoverClass klass)
{
    switch (klass) {
    case MS_COVER_NOT_IN_RELEASE:
        return "not-in-release";
    case MS_COVER_UNEVALUATED:
        return "not-evaluated";
    case MS_COVER_ONE_WAY:
        return "one-way";
    case MS_COVER_CONSTANT:
        return "constant";
    case MS_COVER_DEAD:
        return "dead";
    case MS_COVER_COUNTED:
        return "counted";
    }
    g_assert_not_reached();
}

static void
rule_sites(const MsCoverage *coverage, MsRuleId rule, guint *n, guint *covered)
{
    *n = *covered = 0;
    for (guint i = 0; i < coverage->n_sites; i++) {
        if (coverage->sites[i].rule != rule)
            continue;
        (*n)++;
        *covered += ms_coverage_site_covered(coverage, i);
    }
}

static const char *
site_missing(const MsCoverage *coverage, guint site)
{
    MsSiteOutcomes can = coverage->sites[site].outcomes;
    gboolean no_pass = (can & MS_SITE_PASS) && coverage->site_pass[site] == 0;

    if (coverage->site_pass[site] + coverage->site_fail[site] == 0)
        return "never reached";
    return no_pass ? "never passed" : "never failed";
}

static void
summary_line(GString *out, const MsCoverage *c)
{
    g_string_append_printf(
        out,
        "%s: %u of %u check sites (%.1f%%), %u of %u rules; %u scenario%s run, %u stopped at a mismatch\n",
        c->profile->name, c->n_sites_covered, c->n_sites_counted, ms_coverage_percent(c), c->n_rules_covered,
        c->n_rules_counted, c->n_runs, c->n_runs == 1 ? "" : "s", c->stopped->len);
}

static void
text_one_release(GString *out, const MsCoverage *c)
{
    guint uncovered = 0;

    g_string_append_printf(out, "%-30s %7s %7s %6s  %-8s %s\n", "RULE", "PASS", "FAIL", "SITES", "COVERED",
                           "SCENARIOS");
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        g_autoptr(GString) names = g_string_new(NULL);
        g_autofree char *sites = NULL;
        guint n, covered;

        if (c->klass[id] != MS_COVER_COUNTED)
            continue;
        rule_sites(c, id, &n, &covered);
        sites = g_strdup_printf("%u/%u", covered, n);
        for (guint s = 0; s < c->scenarios[id]->len && s < 3; s++)
            g_string_append_printf(names, "%s%s", s ? ", " : "", (char *) c->scenarios[id]->pdata[s]);
        if (c->scenarios[id]->len > 3)
            g_string_append_printf(names, " (+%u)", c->scenarios[id]->len - 3);
        g_string_append_printf(out, "%-30s %7" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %6s  %-8s %s\n",
                               ms_rule_name(id), c->pass[id], c->fail[id], sites,
                               ms_coverage_rule_covered(c, id) ? "yes" : "NO", names->str);
    }
    g_string_append(out, "\nUncovered check sites:\n");
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        gboolean has_site = FALSE;
        if (c->klass[id] != MS_COVER_COUNTED)
            continue;
        for (guint i = 0; i < c->n_sites; i++) {
            if (c->sites[i].rule != id)
                continue;
            has_site = TRUE;
            if (ms_coverage_site_covered(c, i))
                continue;
            uncovered++;
            g_string_append_printf(out, "  %s:%u %s: %s\n", c->sites[i].file, c->sites[i].line,
                                   ms_rule_name(id), site_missing(c, i));
        }
        if (!has_site) {
            uncovered++;
            g_string_append_printf(out, "  %s: no check site in model/\n", ms_rule_name(id));
        }
    }
    if (uncovered == 0)
        g_string_append(out, "  (none)\n");

    if (c->dead->len > 0) {
        g_string_append_printf(out, "\nCheck sites that cannot fail in %s (not counted):\n",
                               c->profile->name);
        for (guint i = 0; i < c->dead->len; i++) {
            const MsRuleSite *site = c->dead->pdata[i];
            if (c->klass[site->rule] == MS_COVER_NOT_IN_RELEASE)
                continue;
            g_string_append_printf(out, "  %s:%u %s: %s\n", site->file, site->line, ms_rule_name(site->rule),
                                   site->dead_why);
        }
    }

    g_string_append(out, "\nNot counted (one outcome only, or never evaluated):\n");
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        guint n, covered;
        if (c->klass[id] != MS_COVER_ONE_WAY && c->klass[id] != MS_COVER_CONSTANT &&
            c->klass[id] != MS_COVER_UNEVALUATED && c->klass[id] != MS_COVER_DEAD)
            continue;
        rule_sites(c, id, &n, &covered);
        if (c->klass[id] == MS_COVER_DEAD)
            g_string_append_printf(out, "  %-30s every check site cannot fail in %s (listed above)\n",
                                   ms_rule_name(id), c->profile->name);
        else if (c->klass[id] == MS_COVER_UNEVALUATED)
            g_string_append_printf(out, "  %-30s not evaluated: %s\n", ms_rule_name(id),
                                   ms_rule_def(id)->unevaluated);
        else
            g_string_append_printf(out,
                                   "  %-30s %s, %u of %u sites reached (pass %" G_GUINT64_FORMAT
                                   ", fail %" G_GUINT64_FORMAT ")\n",
                                   ms_rule_name(id),
                                   c->klass[id] == MS_COVER_ONE_WAY ? "one-way" : "constant check", covered,
                                   n, c->pass[id], c->fail[id]);
    }
    if (c->stopped->len > 0) {
        g_string_append(out, "\nRuns that stopped counting at a missed expectation:\n");
        for (guint i = 0; i < c->stopped->len; i++)
            g_string_append_printf(out, "  %s\n", (char *) c->stopped->pdata[i]);
    }
    if (c->unmapped->len > 0) {
        g_string_append(out, "\nChecks at no known site (the site table is stale: a bug):\n");
        for (guint i = 0; i < c->unmapped->len; i++)
            g_string_append_printf(out, "  %s\n", (char *) c->unmapped->pdata[i]);
    }
    g_string_append(out, "\n");
    summary_line(out, c);
}

/* rows = rules, columns = releases */
static void
text_table(GString *out, GPtrArray *coverages)
{
    g_string_append_printf(out, "%-30s", "RULE");
    for (guint r = 0; r < coverages->len; r++) {
        const MsCoverage *c = coverages->pdata[r];
        const char *name =
            g_str_has_prefix(c->profile->name, "lxd-") ? c->profile->name + 4 : c->profile->name;
        g_string_append_printf(out, " %7s", name);
    }
    g_string_append(out, "\n");
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        g_string_append_printf(out, "%-30s", ms_rule_name(id));
        for (guint r = 0; r < coverages->len; r++) {
            const MsCoverage *c = coverages->pdata[r];
            const char *cell;
            switch (c->klass[id]) {
            case MS_COVER_NOT_IN_RELEASE:
                cell = "-";
                break;
            case MS_COVER_UNEVALUATED:
                cell = "n/e";
                break;
            case MS_COVER_DEAD:
                cell = "dead";
                break;
            case MS_COVER_ONE_WAY:
            case MS_COVER_CONSTANT:
                cell = ms_coverage_rule_covered(c, id) ? "(1)" : "(1)NO";
                break;
            default:
                cell = ms_coverage_rule_covered(c, id) ? "yes" : "NO";
                break;
            }
            g_string_append_printf(out, " %7s", cell);
        }
        g_string_append(out, "\n");
    }
    g_string_append(
        out,
        "\n- = not in the release, n/e = not evaluated by migsim, (1) = one outcome only (not counted)\n\n");
    for (guint r = 0; r < coverages->len; r++)
        summary_line(out, coverages->pdata[r]);
}

char *
ms_report_coverage_text(GPtrArray *coverages)
{
    GString *out = g_string_new(NULL);

    if (coverages->len == 1)
        text_one_release(out, coverages->pdata[0]);
    else
        text_table(out, coverages);
    return g_string_free(out, FALSE);
}

static void
json_strings(JsonBuilder *b, const char *member, GPtrArray *strings)
{
    json_builder_set_member_name(b, member);
    json_builder_begin_array(b);
    for (guint i = 0; i < strings->len; i++)
        json_builder_add_string_value(b, strings->pdata[i]);
    json_builder_end_array(b);
}

static void
json_release(JsonBuilder *b, const MsCoverage *c)
{
    json_builder_begin_object(b);
    ms_json_set_string(b, "release", c->profile->name);
    ms_json_set_int(b, "scenarios_run", c->n_runs);
    ms_json_set_int(b, "sites_counted", c->n_sites_counted);
    ms_json_set_int(b, "sites_covered", c->n_sites_covered);
    ms_json_set_int(b, "rules_counted", c->n_rules_counted);
    ms_json_set_int(b, "rules_covered", c->n_rules_covered);
    ms_json_set_double(b, "percent", ms_coverage_percent(c));
    json_builder_set_member_name(b, "rules");
    json_builder_begin_array(b);
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        if (c->klass[id] == MS_COVER_NOT_IN_RELEASE)
            continue;
        json_builder_begin_object(b);
        ms_json_set_string(b, "id", ms_rule_name(id));
        ms_json_set_string(b, "class", class_name(c->klass[id]));
        ms_json_set_int(b, "pass", c->pass[id]);
        ms_json_set_int(b, "fail", c->fail[id]);
        ms_json_set_bool(b, "covered", ms_coverage_rule_covered(c, id));
        json_builder_set_member_name(b, "sites");
        json_builder_begin_array(b);
        for (guint i = 0; i < c->n_sites; i++) {
            if (c->sites[i].rule != id)
                continue;
            json_builder_begin_object(b);
            ms_json_set_string(b, "file", c->sites[i].file);
            ms_json_set_int(b, "line", c->sites[i].line);
            ms_json_set_string(b, "outcomes",
                               c->sites[i].outcomes == MS_SITE_BOTH   ? "both"
                               : c->sites[i].outcomes == MS_SITE_PASS ? "pass"
                                                                      : "fail");
            ms_json_set_int(b, "pass", c->site_pass[i]);
            ms_json_set_int(b, "fail", c->site_fail[i]);
            ms_json_set_bool(b, "covered", ms_coverage_site_covered(c, i));
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_strings(b, "scenarios", c->scenarios[id]);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_strings(b, "stopped", c->stopped);
    json_strings(b, "unmapped", c->unmapped);
    json_builder_end_object(b);
}

char *
ms_report_coverage_json(GPtrArray *coverages)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "releases");
    json_builder_begin_array(b);
    for (guint r = 0; r < coverages->len; r++)
        json_release(b, coverages->pdata[r]);
    json_builder_end_array(b);
    json_builder_end_object(b);
    return ms_report_json_finish(b);
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
lcov_file(GString *out, const MsCoverage *c, const char *file)
{
    guint fn = 0, fnh = 0, br = 0, brh = 0, lf = 0, lh = 0;
    g_autoptr(GString) functions = g_string_new(NULL);
    g_autoptr(GString) hits = g_string_new(NULL);
    g_autoptr(GString) branches = g_string_new(NULL);
    g_autoptr(GString) lines = g_string_new(NULL);

    /* a rule is a function at its first site in the file, hit as often as
     * its sites in this file were */
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        guint first = 0;
        guint64 in_file = 0;
        if (c->klass[id] == MS_COVER_NOT_IN_RELEASE)
            continue;
        for (guint i = 0; i < c->n_sites; i++) {
            if (c->sites[i].rule != id || !g_str_equal(c->sites[i].file, file))
                continue;
            if (first == 0 || c->sites[i].line < first)
                first = c->sites[i].line;
            in_file += c->site_pass[i] + c->site_fail[i];
        }
        if (first == 0)
            continue;
        fn++;
        fnh += in_file > 0;
        g_string_append_printf(functions, "FN:%u,%s\n", first, ms_rule_name(id));
        g_string_append_printf(hits, "FNDA:%" G_GUINT64_FORMAT ",%s\n", in_file, ms_rule_name(id));
    }
    for (guint i = 0; i < c->n_sites; i++) {
        const MsRuleSite *site = &c->sites[i];
        guint64 total = c->site_pass[i] + c->site_fail[i];
        if (c->klass[site->rule] == MS_COVER_NOT_IN_RELEASE || !g_str_equal(site->file, file))
            continue;
        /* branch 0 = pass, branch 1 = fail, only those the site can take; "-" = never reached */
        for (guint o = 0; o < 2; o++) {
            MsSiteOutcomes bit = o == 0 ? MS_SITE_PASS : MS_SITE_FAIL;
            guint64 taken = o == 0 ? c->site_pass[i] : c->site_fail[i];
            if (!(site->outcomes & bit))
                continue;
            if (total == 0)
                g_string_append_printf(branches, "BRDA:%u,%u,%u,-\n", site->line, site->rule, o);
            else
                g_string_append_printf(branches, "BRDA:%u,%u,%u,%" G_GUINT64_FORMAT "\n", site->line,
                                       site->rule, o, taken);
            br++;
            brh += taken > 0;
        }
        g_string_append_printf(lines, "DA:%u,%" G_GUINT64_FORMAT "\n", site->line, total);
        lf++;
        lh += total > 0;
    }
    g_string_append_printf(
        out, "SF:%s\n%s%sFNF:%u\nFNH:%u\n%sBRF:%u\nBRH:%u\n%sLF:%u\nLH:%u\nend_of_record\n", file,
        functions->str, hits->str, fn, fnh, branches->str, br, brh, lines->str, lf, lh);
}

char *
ms_report_coverage_lcov(GPtrArray *coverages)
{
    GString *out = g_string_new(NULL);

    for (guint r = 0; r < coverages->len; r++) {
        const MsCoverage *c = coverages->pdata[r];
        g_autoptr(GPtrArray) files = g_ptr_array_new();
        g_autofree char *test_name = g_strdelimit(g_strdup(c->profile->name), ".-", '_');

        for (guint i = 0; i < c->n_sites; i++) {
            gboolean seen = FALSE;
            if (c->klass[c->sites[i].rule] == MS_COVER_NOT_IN_RELEASE)
                continue;
            for (guint f = 0; f < files->len; f++)
                seen |= g_str_equal(files->pdata[f], c->sites[i].file);
            if (!seen)
                g_ptr_array_add(files, (gpointer) c->sites[i].file);
        }
        g_ptr_array_sort(files, compare_names);
        g_string_append_printf(out, "TN:rules_%s\n", test_name);
        for (guint f = 0; f < files->len; f++)
            lcov_file(out, c, files->pdata[f]);
    }
    return g_string_free(out, FALSE);
}
