/* The coverage arithmetic on a hand-made fixture: a site table and scenario
 * results written here, with the expected counts worked out by hand (the
 * comments give the reasoning), not computed by the code under test. */
#include <glib.h>

#include "ms-coverage.h"

/* file, line, rule, outcomes the site can give */
/* clang-format off */
static const MsRuleSite fixture_sites[] = {
    { "model/a.c", 10, MS_RULE_EVAC_ALREADY, MS_SITE_BOTH },      /* 0 */
    { "model/a.c", 30, MS_RULE_EVAC_ALREADY, MS_SITE_FAIL },      /* 1 */
    { "model/b.c", 5, MS_RULE_CLI_EVAC_WRAP, MS_SITE_FAIL },      /* 2: one-way rule */
    { "model/c.c", 1, MS_RULE_EVAC_QUORUM, MS_SITE_PASS },        /* 3: constant check */
    { "model/c.c", 2, MS_RULE_EVAC_QUORUM, MS_SITE_PASS },        /* 4: constant check */
    { "model/e.c", 1, MS_RULE_START_SIZE_STATE_502, MS_SITE_BOTH }, /* 5: only in 5.0.x */
};
/* clang-format on */

static const MsProfile *
release(const char *name)
{
    const MsProfile *p = ms_profile_lookup(name);
    g_assert_nonnull(p);
    return p;
}

static MsStepResult *
step(MsScenarioResult *result, MsResultKind kind, gboolean met, gboolean unchecked)
{
    MsStepResult *st = g_new0(MsStepResult, 1);

    st->kind = kind;
    st->line = result->steps->len + 1;
    st->text = g_strdup("lxc something");
    st->met = met;
    st->unchecked = unchecked;
    st->mismatch = met ? NULL : g_strdup("expected ok, got Error: x");
    st->hits = g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free);
    g_ptr_array_add(result->steps, st);
    return st;
}

static void
hit(MsStepResult *st, MsRuleId rule, gboolean failed, const char *file, guint line)
{
    MsRuleHit *h = g_new0(MsRuleHit, 1);

    h->rule = rule;
    h->failed = failed;
    h->subject = g_strdup("x");
    h->file = file;
    h->line = line;
    g_ptr_array_add(st->hits, h);
}

/* One rule check of a fixture step: which rule, whether it failed, where. */
typedef struct {
    MsRuleId rule;
    gboolean failed;
    const char *file;
    guint line;
} Hit;

/* Adds to @c, and finishes @c, one scenario @scn under @p: one command step
 * that met its expectation and made the checks @hits. */
static void
add_one_step(MsCoverage *c, const MsProfile *p, const char *scn, const Hit *hits, guint n_hits)
{
    g_autoptr(MsScenarioResult) r = ms_scenario_result_new(scn, p);
    MsStepResult *st = step(r, MS_RESULT_COMMAND, TRUE, FALSE);

    for (guint i = 0; i < n_hits; i++)
        hit(st, hits[i].rule, hits[i].failed, hits[i].file, hits[i].line);
    ms_coverage_add(c, r);
    ms_coverage_finish(c);
}

/* Counted sites with a site table that has no site at all: every counted
 * rule then stands as one uncovered site.  The fixture's counts are stated
 * relative to it, so the test does not depend on how many rules exist. */
static guint
baseline_counted(const MsProfile *p, guint *rules)
{
    g_autoptr(MsCoverage) empty = ms_coverage_new(p, fixture_sites, 0);
    ms_coverage_finish(empty);
    *rules = empty->n_rules_counted;
    return empty->n_sites_counted;
}

static void
test_site_find(void)
{
    /* gcc reports a multi-line call at its first line, clang at its last */
    g_assert_cmpint(ms_rule_site_find(fixture_sites, G_N_ELEMENTS(fixture_sites), MS_RULE_EVAC_ALREADY,
                                      "../model/a.c", 10),
                    ==, 0);
    g_assert_cmpint(ms_rule_site_find(fixture_sites, G_N_ELEMENTS(fixture_sites), MS_RULE_EVAC_ALREADY,
                                      "/abs/model/a.c", 12),
                    ==, 0);
    g_assert_cmpint(
        ms_rule_site_find(fixture_sites, G_N_ELEMENTS(fixture_sites), MS_RULE_EVAC_ALREADY, "a.c", 31), ==,
        1);
    /* before the first site of the rule, another rule, another file */
    g_assert_cmpint(
        ms_rule_site_find(fixture_sites, G_N_ELEMENTS(fixture_sites), MS_RULE_EVAC_ALREADY, "a.c", 9), ==,
        -1);
    g_assert_cmpint(
        ms_rule_site_find(fixture_sites, G_N_ELEMENTS(fixture_sites), MS_RULE_RESTORE_ALREADY, "a.c", 10), ==,
        -1);
    g_assert_cmpint(
        ms_rule_site_find(fixture_sites, G_N_ELEMENTS(fixture_sites), MS_RULE_EVAC_ALREADY, "b.c", 10), ==,
        -1);
}

static void
test_arithmetic(void)
{
    const MsProfile *p = release("lxd-6.9");
    g_autoptr(MsCoverage) c = ms_coverage_new(p, fixture_sites, G_N_ELEMENTS(fixture_sites));
    g_autoptr(MsScenarioResult) a = ms_scenario_result_new("scenarios/a.scn", p);
    g_autoptr(MsScenarioResult) b = ms_scenario_result_new("scenarios/b.scn", p);
    g_autoptr(MsScenarioResult) d = ms_scenario_result_new("scenarios/d.scn", p);
    MsStepResult *st;
    guint base_rules, base_sites = baseline_counted(p, &base_rules);

    /* a: line 1 counts (EVAC.ALREADY pass and fail at site 0, the fail
     * reported at line 12 as clang does); line 2 is `expect any` and does not
     * count; line 3 is an assertion; line 4 misses its expectation, so
     * neither it nor line 5 counts. */
    st = step(a, MS_RESULT_COMMAND, TRUE, FALSE);
    hit(st, MS_RULE_EVAC_ALREADY, FALSE, "../model/a.c", 10);
    hit(st, MS_RULE_EVAC_ALREADY, TRUE, "../model/a.c", 12);
    st = step(a, MS_RESULT_COMMAND, TRUE, TRUE);
    hit(st, MS_RULE_EVAC_ALREADY, TRUE, "../model/a.c", 30);
    step(a, MS_RESULT_ASSERT, TRUE, FALSE);
    st = step(a, MS_RESULT_COMMAND, FALSE, FALSE);
    hit(st, MS_RULE_EVAC_ALREADY, TRUE, "../model/a.c", 30);
    st = step(a, MS_RESULT_COMMAND, TRUE, FALSE);
    hit(st, MS_RULE_CLI_EVAC_WRAP, TRUE, "../model/b.c", 5);
    /* b: the one-way wrapper, one of the two constant sites, and a check at
     * a place the table does not know */
    st = step(b, MS_RESULT_COMMAND, TRUE, FALSE);
    hit(st, MS_RULE_CLI_EVAC_WRAP, TRUE, "../model/b.c", 5);
    hit(st, MS_RULE_EVAC_QUORUM, FALSE, "../model/c.c", 1);
    hit(st, MS_RULE_RESTORE_ALREADY, TRUE, "../model/z.c", 99);

    ms_coverage_add(c, a);
    ms_coverage_add(c, b);
    ms_coverage_finish(c);

    g_assert_cmpuint(c->n_runs, ==, 2);
    g_assert_cmpuint(c->pass[MS_RULE_EVAC_ALREADY], ==, 1);
    g_assert_cmpuint(c->fail[MS_RULE_EVAC_ALREADY], ==, 1);
    g_assert_cmpuint(c->site_pass[0], ==, 1);
    g_assert_cmpuint(c->site_fail[0], ==, 1);
    g_assert_cmpuint(c->site_fail[1], ==, 0);
    g_assert_cmpuint(c->fail[MS_RULE_CLI_EVAC_WRAP], ==, 1);
    g_assert_cmpuint(c->stopped->len, ==, 1);
    g_assert_cmpstr(c->stopped->pdata[0], ==, "scenarios/a.scn:4: expected ok, got Error: x");
    g_assert_cmpuint(c->unmapped->len, ==, 1);
    g_assert_cmpstr(c->unmapped->pdata[0], ==, "../model/z.c:99 RESTORE.ALREADY");

    g_assert_cmpint(c->klass[MS_RULE_EVAC_ALREADY], ==, MS_COVER_COUNTED);
    g_assert_cmpint(c->klass[MS_RULE_CLI_EVAC_WRAP], ==, MS_COVER_ONE_WAY);
    g_assert_cmpint(c->klass[MS_RULE_EVAC_QUORUM], ==, MS_COVER_CONSTANT);
    g_assert_cmpint(c->klass[MS_RULE_START_SIZE_STATE_502], ==, MS_COVER_NOT_IN_RELEASE);
    g_assert_cmpint(c->klass[MS_RULE_EVAC_UNKNOWN_ACTION], ==, MS_COVER_UNEVALUATED);
    g_assert_cmpint(c->klass[MS_RULE_RESTORE_ALREADY], ==, MS_COVER_COUNTED);

    /* site 0 covered, site 1 never failed: EVAC.ALREADY not covered */
    g_assert_true(ms_coverage_site_covered(c, 0));
    g_assert_false(ms_coverage_site_covered(c, 1));
    g_assert_false(ms_coverage_rule_covered(c, MS_RULE_EVAC_ALREADY));
    /* one-way: its one site reached; constant: one of its two sites only */
    g_assert_true(ms_coverage_rule_covered(c, MS_RULE_CLI_EVAC_WRAP));
    g_assert_false(ms_coverage_rule_covered(c, MS_RULE_EVAC_QUORUM));
    /* counted sites, against the baseline where every counted rule is one
     * uncovered site: EVAC.ALREADY has two sites (+1), EVAC.QUORUM leaves
     * the count as a constant check (-1), CLI.EVAC_WRAP was never counted */
    g_assert_cmpuint(c->n_sites_counted, ==, base_sites + 1 - 1);
    g_assert_cmpuint(c->n_rules_counted, ==, base_rules - 1);
    g_assert_cmpuint(c->n_sites_covered, ==, 1);
    g_assert_cmpuint(c->n_rules_covered, ==, 0);

    /* d: the missing fail at site 1 */
    st = step(d, MS_RESULT_COMMAND, TRUE, FALSE);
    hit(st, MS_RULE_EVAC_ALREADY, TRUE, "model/a.c", 30);
    ms_coverage_add(c, d);
    ms_coverage_finish(c);
    g_assert_true(ms_coverage_rule_covered(c, MS_RULE_EVAC_ALREADY));
    g_assert_cmpuint(c->n_sites_covered, ==, 2);
    g_assert_cmpuint(c->n_rules_covered, ==, 1);
    g_assert_cmpuint(c->scenarios[MS_RULE_EVAC_ALREADY]->len, ==, 2);
    g_assert_cmpstr(c->scenarios[MS_RULE_EVAC_ALREADY]->pdata[0], ==, "a.scn");
    g_assert_cmpstr(c->scenarios[MS_RULE_EVAC_ALREADY]->pdata[1], ==, "d.scn");
    g_assert_cmpfloat_with_epsilon(ms_coverage_percent(c), 100.0 * 2 / (base_sites + 1 - 1), 1e-9);
}

/* Under 5.0.2 the 5.0-only rule is counted and EVAC.QUORUM (6.9+) is not. */
static void
test_release(void)
{
    const MsProfile *p = release("lxd-5.0.2");
    static const Hit hits[] = {
        { MS_RULE_START_SIZE_STATE_502, FALSE, "model/e.c", 1 },
        { MS_RULE_START_SIZE_STATE_502, TRUE, "model/e.c", 1 },
    };
    g_autoptr(MsCoverage) c = ms_coverage_new(p, fixture_sites, G_N_ELEMENTS(fixture_sites));
    guint base_rules, base_sites = baseline_counted(p, &base_rules);

    add_one_step(c, p, "scenarios/e.scn", hits, G_N_ELEMENTS(hits));
    g_assert_cmpint(c->klass[MS_RULE_START_SIZE_STATE_502], ==, MS_COVER_COUNTED);
    g_assert_cmpint(c->klass[MS_RULE_EVAC_QUORUM], ==, MS_COVER_NOT_IN_RELEASE);
    g_assert_true(ms_coverage_rule_covered(c, MS_RULE_START_SIZE_STATE_502));
    /* EVAC.ALREADY: two sites instead of the baseline's one */
    g_assert_cmpuint(c->n_sites_counted, ==, base_sites + 1);
    g_assert_cmpuint(c->n_rules_counted, ==, base_rules);
    g_assert_cmpuint(c->n_sites_covered, ==, 1);
}

/* A site marked dead in some releases is counted only in the others; a
 * failure there in a release where it is marked dead is reported (the mark
 * is wrong), a pass is ignored. */
/* clang-format off */
static const MsRuleSite dead_sites[] = {
    { "model/d.c", 1, MS_RULE_EVAC_ALREADY, MS_SITE_BOTH, NULL, NULL },
    { "model/d.c", 9, MS_RULE_EVAC_ALREADY, MS_SITE_FAIL, "lxd-5.21.5+,lxd-6.6+", "refused earlier" },
};
/* clang-format on */

static void
test_dead_site(void)
{
    const char *names[] = { "lxd-6.9", "lxd-5.21.4", "lxd-5.0.2" };
    /* by hand: 6.9 is in the set (6.6+), 5.21.4 is not (5.21.5+), nor 5.0.2 */
    const guint dead[] = { 1, 0, 0 };
    static const Hit hits[] = {
        { MS_RULE_EVAC_ALREADY, FALSE, "model/d.c", 1 },
        { MS_RULE_EVAC_ALREADY, TRUE, "model/d.c", 1 },
        { MS_RULE_EVAC_ALREADY, TRUE, "model/d.c", 9 },
        /* a pass at a dead site is neither counted nor reported */
        { MS_RULE_EVAC_ALREADY, FALSE, "model/d.c", 9 },
    };

    for (guint k = 0; k < G_N_ELEMENTS(names); k++) {
        const MsProfile *p = release(names[k]);
        g_autoptr(MsCoverage) c = ms_coverage_new(p, dead_sites, G_N_ELEMENTS(dead_sites));
        guint base_rules, base_sites = baseline_counted(p, &base_rules);

        add_one_step(c, p, "scenarios/d.scn", hits, G_N_ELEMENTS(hits));
        g_assert_cmpuint(c->dead->len, ==, dead[k]);
        /* EVAC.ALREADY: the baseline's one site, plus site 9 where it counts */
        g_assert_cmpuint(c->n_sites_counted, ==, base_sites + 1 - dead[k]);
        /* site 1 gave both outcomes; site 9 its fail where it counts */
        g_assert_cmpuint(c->n_sites_covered, ==, 2 - dead[k]);
        g_assert_cmpuint(c->unmapped->len, ==, dead[k]);
        g_assert_cmpuint(c->fail[MS_RULE_EVAC_ALREADY], ==, 2 - dead[k]);
        g_assert_cmpuint(c->pass[MS_RULE_EVAC_ALREADY], ==, 2 - dead[k]);
    }
}

/* The generated table agrees with the rule table: every rule that is not
 * marked unevaluated has a check site, and no unevaluated rule has one. */
static void
test_generated_sites(void)
{
    guint n;
    const MsRuleSite *sites = ms_rule_sites(&n);

    for (guint id = 0; id < MS_RULE_LAST; id++) {
        gboolean has = FALSE;
        for (guint i = 0; i < n; i++)
            has |= sites[i].rule == id;
        if (has == (ms_rule_def(id)->unevaluated != NULL))
            g_error("%s: %s", ms_rule_name(id),
                    has ? "marked unevaluated but checked in model/"
                        : "no check site in model/ and not marked unevaluated");
    }
    /* every "dead in" set names simulated releases and gives a reason */
    for (guint i = 0; i < n; i++) {
        g_autoptr(GError) error = NULL;
        MsReleaseMask mask = 0;

        if (sites[i].dead_in == NULL)
            continue;
        if (!ms_release_mask_parse(sites[i].dead_in, &mask, &error))
            g_error("%s:%u: dead in %s: %s", sites[i].file, sites[i].line, sites[i].dead_in, error->message);
        g_assert_true(mask != 0);
        g_assert_true(sites[i].dead_why != NULL && *sites[i].dead_why != '\0');
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/coverage/site-find", test_site_find);
    g_test_add_func("/coverage/arithmetic", test_arithmetic);
    g_test_add_func("/coverage/release", test_release);
    g_test_add_func("/coverage/dead-site", test_dead_site);
    g_test_add_func("/coverage/generated-sites", test_generated_sites);
    return g_test_run();
}
