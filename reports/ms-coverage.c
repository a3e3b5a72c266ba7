/* migsim: honest rule coverage of one release (see ms-coverage.h). */
#include "ms-coverage.h"

#include <string.h>

#include "ms-rule-sites.h"

const MsRuleSite *
ms_rule_sites(guint *n_sites)
{
    *n_sites = G_N_ELEMENTS(ms_rule_site_table);
    return ms_rule_site_table;
}

/* A site is dead in @profile when its dead_in set holds the release.  The
 * generated table's sets are checked by a unit test, so a set that does not
 * parse is a bug: it is reported and the site stays counted. */
static gboolean
site_dead_in(const MsRuleSite *site, const MsProfile *profile)
{
    g_autoptr(GError) error = NULL;
    MsReleaseMask mask = 0;

    if (site->dead_in == NULL)
        return FALSE;
    if (!ms_release_mask_parse(site->dead_in, &mask, &error)) {
        g_warning("%s:%u: dead in \"%s\": %s", site->file, site->line, site->dead_in, error->message);
        return FALSE;
    }
    return ms_release_mask_has(mask, profile);
}

MsCoverage *
ms_coverage_new(const MsProfile *profile, const MsRuleSite *sites, guint n_sites)
{
    MsCoverage *coverage = g_new0(MsCoverage, 1);
    MsRuleSite *live = g_new0(MsRuleSite, MAX(n_sites, 1));

    coverage->profile = profile;
    coverage->all_sites = sites;
    coverage->n_all_sites = n_sites;
    coverage->dead = g_ptr_array_new();
    /* the sites no input reaches in this release are not counted */
    for (guint i = 0; i < n_sites; i++) {
        if (site_dead_in(&sites[i], profile))
            g_ptr_array_add(coverage->dead, (gpointer) &sites[i]);
        else
            live[coverage->n_sites++] = sites[i];
    }
    coverage->sites = coverage->owned_sites = live;
    n_sites = coverage->n_sites;
    coverage->site_pass = g_new0(guint64, MAX(n_sites, 1));
    coverage->site_fail = g_new0(guint64, MAX(n_sites, 1));
    for (guint i = 0; i < MS_RULE_LAST; i++)
        coverage->scenarios[i] = g_ptr_array_new_with_free_func(g_free);
    coverage->stopped = g_ptr_array_new_with_free_func(g_free);
    coverage->unmapped = g_ptr_array_new_with_free_func(g_free);
    return coverage;
}

void
ms_coverage_free(MsCoverage *coverage)
{
    if (coverage == NULL)
        return;
    for (guint i = 0; i < MS_RULE_LAST; i++)
        g_ptr_array_unref(coverage->scenarios[i]);
    g_ptr_array_unref(coverage->stopped);
    g_ptr_array_unref(coverage->unmapped);
    g_ptr_array_unref(coverage->dead);
    g_free(coverage->owned_sites);
    g_free(coverage->site_pass);
    g_free(coverage->site_fail);
    g_free(coverage);
}

static void
add_unique(GPtrArray *names, char *name)
{
    for (guint i = 0; i < names->len; i++) {
        if (g_str_equal(names->pdata[i], name)) {
            g_free(name);
            return;
        }
    }
    g_ptr_array_add(names, name);
}

static void
count_hit(MsCoverage *coverage, const MsRuleHit *hit, const char *scenario)
{
    int site = ms_rule_site_find(coverage->all_sites, coverage->n_all_sites, hit->rule, hit->file, hit->line);

    /* a site marked dead in this release is not counted; a failure there
     * proves the mark wrong (its check can pass, never fail) */
    if (site >= 0 && site_dead_in(&coverage->all_sites[site], coverage->profile)) {
        if (hit->failed)
            add_unique(coverage->unmapped,
                       g_strdup_printf("%s:%u %s (failed at a site marked dead in %s)", hit->file, hit->line,
                                       ms_rule_name(hit->rule), coverage->profile->name));
        return;
    }
    site = ms_rule_site_find(coverage->sites, coverage->n_sites, hit->rule, hit->file, hit->line);
    if (site < 0) {
        add_unique(coverage->unmapped, g_strdup_printf("%s:%u %s", hit->file ? hit->file : "?", hit->line,
                                                       ms_rule_name(hit->rule)));
        return;
    }
    if (hit->failed) {
        coverage->site_fail[site]++;
        coverage->fail[hit->rule]++;
    } else {
        coverage->site_pass[site]++;
        coverage->pass[hit->rule]++;
    }
    add_unique(coverage->scenarios[hit->rule], g_path_get_basename(scenario));
}

void
ms_coverage_add(MsCoverage *coverage, const MsScenarioResult *result)
{
    g_return_if_fail(result->profile == coverage->profile);
    coverage->n_runs++;
    for (guint s = 0; s < result->steps->len; s++) {
        const MsStepResult *step = result->steps->pdata[s];

        /* nothing counts from the first missed expectation on: the state
         * after it is not the state the scenario describes */
        if (!step->met) {
            g_ptr_array_add(coverage->stopped,
                            g_strdup_printf("%s:%u: %s", result->path, step->line,
                                            step->mismatch ? step->mismatch : "expectation not met"));
            return;
        }
        /* an unchecked outcome (expect any) shows a rule ran, not that it was right */
        if (step->kind != MS_RESULT_COMMAND || step->unchecked || step->hits == NULL)
            continue;
        for (guint h = 0; h < step->hits->len; h++)
            count_hit(coverage, step->hits->pdata[h], result->path);
    }
}

gboolean
ms_coverage_site_covered(const MsCoverage *coverage, guint site)
{
    MsSiteOutcomes can = coverage->sites[site].outcomes;

    return (!(can & MS_SITE_PASS) || coverage->site_pass[site] > 0) &&
           (!(can & MS_SITE_FAIL) || coverage->site_fail[site] > 0);
}

gboolean
ms_coverage_rule_covered(const MsCoverage *coverage, MsRuleId rule)
{
    gboolean any_site = FALSE;

    for (guint i = 0; i < coverage->n_sites; i++) {
        if (coverage->sites[i].rule != rule)
            continue;
        any_site = TRUE;
        if (!ms_coverage_site_covered(coverage, i))
            return FALSE;
    }
    switch (coverage->klass[rule]) {
    case MS_COVER_COUNTED:
        return any_site && coverage->pass[rule] > 0 && coverage->fail[rule] > 0;
    case MS_COVER_ONE_WAY:
    case MS_COVER_CONSTANT:
        return any_site;
    case MS_COVER_DEAD:
    default:
        return FALSE;
    }
}

static MsCoverClass
classify(const MsCoverage *coverage, MsRuleId rule)
{
    const MsRuleDef *def = ms_rule_def(rule);
    MsSiteOutcomes seen = 0;
    gboolean mixed = FALSE;

    if (!ms_rule_applies(rule, coverage->profile))
        return MS_COVER_NOT_IN_RELEASE;
    if (def->unevaluated != NULL)
        return MS_COVER_UNEVALUATED;
    if (def->one_way != NULL)
        return MS_COVER_ONE_WAY;
    {
        gboolean anywhere = FALSE;
        for (guint i = 0; i < coverage->n_all_sites && !anywhere; i++)
            anywhere = coverage->all_sites[i].rule == rule;
        gboolean live = FALSE;
        for (guint i = 0; i < coverage->n_sites && !live; i++)
            live = coverage->sites[i].rule == rule;
        if (anywhere && !live)
            return MS_COVER_DEAD;
    }
    for (guint i = 0; i < coverage->n_sites; i++) {
        if (coverage->sites[i].rule != rule)
            continue;
        mixed |=
            coverage->sites[i].outcomes == MS_SITE_BOTH || (seen != 0 && seen != coverage->sites[i].outcomes);
        seen |= coverage->sites[i].outcomes;
    }
    /* a rule with no site at all stays counted: it can never be covered */
    return seen != 0 && !mixed ? MS_COVER_CONSTANT : MS_COVER_COUNTED;
}

void
ms_coverage_finish(MsCoverage *coverage)
{
    coverage->n_sites_counted = coverage->n_sites_covered = 0;
    coverage->n_rules_counted = coverage->n_rules_covered = 0;
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        gboolean has_site = FALSE;

        coverage->klass[id] = classify(coverage, id);
        if (coverage->klass[id] != MS_COVER_COUNTED)
            continue;
        coverage->n_rules_counted++;
        coverage->n_rules_covered += ms_coverage_rule_covered(coverage, id);
        for (guint i = 0; i < coverage->n_sites; i++) {
            if (coverage->sites[i].rule != id)
                continue;
            has_site = TRUE;
            coverage->n_sites_counted++;
            coverage->n_sites_covered += ms_coverage_site_covered(coverage, i);
        }
        /* a counted rule with no check site counts as one uncovered site */
        if (!has_site)
            coverage->n_sites_counted++;
    }
}

double
ms_coverage_percent(const MsCoverage *coverage)
{
    return coverage->n_sites_counted ? 100.0 * coverage->n_sites_covered / coverage->n_sites_counted : 100.0;
}
