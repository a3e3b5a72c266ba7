/* migsim: honest rule coverage of one release.
 *
 * A rule outcome counts only when it comes from a command step whose
 * expectation was checked and held, in a run that has not yet missed an
 * expectation (a run contributes nothing from its first mismatch on).  It
 * counts at its check site: a rule checked at three places in model/ is
 * covered when each place gave every outcome it can give.  Rules that can
 * only give one outcome (one-way rules, and two-way rules whose every site
 * is a constant) and rules migsim never evaluates are listed apart and are
 * not in the percentage, as are sites marked dead in the release (a
 * "dead in SET: WHY" comment at the site, see tools/gen-rule-sites.py). */
#pragma once

#include "ms-report.h"

G_BEGIN_DECLS

typedef enum {
    MS_COVER_NOT_IN_RELEASE, /* the rule does not exist in this release */
    MS_COVER_UNEVALUATED,    /* documented, never evaluated (MsRuleDef.unevaluated) */
    MS_COVER_ONE_WAY,        /* MsRuleDef.one_way */
    MS_COVER_CONSTANT,       /* every site gives the same single outcome */
    MS_COVER_DEAD,           /* every site is marked dead in this release */
    MS_COVER_COUNTED,        /* in the percentage */
} MsCoverClass;

typedef struct {
    const MsProfile *profile;
    const MsRuleSite *all_sites; /* as given to ms_coverage_new */
    guint n_all_sites;
    const MsRuleSite *sites; /* the sites counted: those not dead in the release */
    guint n_sites;
    MsRuleSite *owned_sites;
    GPtrArray *dead; /* (element-type MsRuleSite) borrowed: sites whose check cannot fail in this release */
    guint64 *site_pass; /* per site: counted outcomes */
    guint64 *site_fail;
    guint64 pass[MS_RULE_LAST]; /* per rule: counted outcomes */
    guint64 fail[MS_RULE_LAST];
    GPtrArray *scenarios[MS_RULE_LAST]; /* (element-type utf8) basenames that counted */
    guint n_runs;
    GPtrArray *stopped;  /* (element-type utf8) "PATH:LINE: why" where a run stopped counting */
    GPtrArray *unmapped; /* (element-type utf8) hits at no site of the table: a bug */
    /* filled by ms_coverage_finish */
    MsCoverClass klass[MS_RULE_LAST];
    guint n_sites_counted, n_sites_covered;
    guint n_rules_counted, n_rules_covered;
} MsCoverage;

/* The check sites of the model, generated from the sources in model/ (tools/gen-rule-sites.py). */
const MsRuleSite *ms_rule_sites(guint *n_sites);

/* @sites is borrowed: the generated table, or a fixture in tests. */
MsCoverage *ms_coverage_new(const MsProfile *profile, const MsRuleSite *sites, guint n_sites);
void ms_coverage_free(MsCoverage *coverage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsCoverage, ms_coverage_free)
/* Counts a run of one scenario under coverage->profile. */
void ms_coverage_add(MsCoverage *coverage, const MsScenarioResult *result);
void ms_coverage_finish(MsCoverage *coverage);
gboolean ms_coverage_site_covered(const MsCoverage *coverage, guint site);
gboolean ms_coverage_rule_covered(const MsCoverage *coverage, MsRuleId rule);
/* covered / counted check sites; 100 when nothing is counted */
double ms_coverage_percent(const MsCoverage *coverage);

G_END_DECLS
