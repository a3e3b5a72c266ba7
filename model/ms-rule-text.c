/* migsim: what a rule says in a release: whether it applies there, its text
 * (from the hand-audited table, the derived releases' table or Incus') and
 * the message built from that text. */
#include "ms-release-masks.h"
#include "ms-rules.h"

gboolean
ms_rule_unmodelled(MsRuleId id, const MsProfile *profile)
{
    const MsRuleDerivedDef *d;

    if (ms_profile_is_incus(profile)) {
        const MsRuleIncusDef *incus = ms_rule_incus_def(id);
        return !incus->modelled || !MS_INC_READ_HAS(incus->feature_read, profile->version);
    }
    if (!ms_profile_is_derived(profile))
        return FALSE;
    d = ms_rule_derived_def(id);
    if (!d->listed)
        return TRUE;
    for (guint i = 0; i < MS_RULE_MAX_TEXTS; i++)
        if (ms_releases_contain(&d->unmodelled[i], profile->version))
            return TRUE;
    return FALSE;
}

static gboolean
derived_applies(MsRuleId id, const MsProfile *profile)
{
    const MsRuleDerivedDef *d = ms_rule_derived_def(id);

    /* an unmodelled rule runs, so that reaching it is reported */
    if (ms_rule_unmodelled(id, profile) || ms_releases_contain(&d->decision, profile->version))
        return TRUE;
    for (guint i = 0; i < MS_RULE_MAX_TEXTS && d->texts[i].text != NULL; i++)
        if (ms_releases_contain(&d->texts[i].releases, profile->version))
            return TRUE;
    return FALSE;
}

/* Whether @id applies in @profile's release, from the rule tables' spans. */
static gboolean
rule_applies_by_span(MsRuleId id, const MsProfile *profile)
{
    if (ms_profile_is_derived(profile))
        return derived_applies(id, profile);
    if (ms_profile_is_incus(profile)) {
        const MsRuleIncusDef *incus = ms_rule_incus_def(id);
        MsReleases releases = MS_REL_INCUS(incus->releases);
        /* an unmodelled rule runs, so that reaching it is reported */
        return ms_rule_unmodelled(id, profile) || ms_releases_contain(&releases, profile->version);
    }
    return ms_releases_contain(&ms_rule_def(id)->releases, profile->version);
}

/* Which rules apply in each release, one bit per rule, a release's row
 * made on the first ask for that release by rule_applies_by_span itself:
 * each bit is that function's answer for that release (a cache of a pure
 * function of static tables, not a second source).  The rolling bench
 * asks about 2.5 times a move (issue 18), at about 80 instructions a
 * span walk; a row is one load and a shift.  A row per release, not the
 * whole table, so that a run asks only its own releases' spans. */
#define RULE_WORDS ((MS_RULE_LAST + 63) / 64)
#define RULE_ROWS 128 /* above the profile count: ms-version.c asserts it */
static guint64 rule_rows[RULE_ROWS][RULE_WORDS];
static gsize rule_rows_made[RULE_ROWS];

static const guint64 *
rule_row(guint slot, const MsProfile *profile)
{
    if (g_once_init_enter(&rule_rows_made[slot])) {
        for (guint r = 0; r < MS_RULE_LAST; r++)
            if (rule_applies_by_span((MsRuleId) r, profile))
                rule_rows[slot][r / 64] |= G_GUINT64_CONSTANT(1) << (r % 64);
        g_once_init_leave(&rule_rows_made[slot], 1);
    }
    return rule_rows[slot];
}

gboolean
ms_rule_applies(MsRuleId id, const MsProfile *profile)
{
    gint slot = ms_profile_slot(profile);

    if (slot < 0 || slot >= RULE_ROWS || id >= MS_RULE_LAST)
        return rule_applies_by_span(id, profile);
    return (rule_row((guint) slot, profile)[id / 64] >> (id % 64)) & 1;
}

gboolean
ms_rule_applies_by_span(MsRuleId id, const MsProfile *profile)
{
    return rule_applies_by_span(id, profile);
}

const char *
ms_rule_format(MsRuleId id, const MsProfile *profile)
{
    const MsRuleDef *def = ms_rule_def(id);

    if (ms_profile_is_derived(profile)) {
        const MsRuleDerivedDef *d = ms_rule_derived_def(id);
        if (ms_rule_unmodelled(id, profile))
            return NULL;
        for (guint i = 0; i < MS_RULE_MAX_TEXTS && d->texts[i].text != NULL; i++)
            if (ms_releases_contain(&d->texts[i].releases, profile->version))
                return d->texts[i].text;
        return NULL;
    }
    if (ms_profile_is_incus(profile)) {
        const MsRuleIncusDef *incus = ms_rule_incus_def(id);
        if (ms_rule_unmodelled(id, profile))
            return NULL;
        for (guint i = 0; i < MS_RULE_MAX_TEXTS && incus->texts[i].text != NULL; i++)
            if (ms_releases_contain(&incus->texts[i].releases, profile->version))
                return incus->texts[i].text;
        return NULL;
    }
    for (guint i = 0; i < MS_RULE_MAX_TEXTS && def->texts[i].text != NULL; i++)
        if (ms_releases_contain(&def->texts[i].releases, profile->version))
            return def->texts[i].text;
    return NULL;
}

/* Texts are printf-like but every argument is a string, and a text may pick
 * arguments by position ("%2$s") so that the variants of one rule across
 * releases take the same argument list even when their wording drops one. */
char *
ms_rule_message_strv(MsRuleId id, const MsProfile *profile, const char *const *args)
{
    const char *format = ms_rule_format(id, profile);
    GString *out;
    guint n_args = 0, next = 0;

    if (format == NULL && ms_profile_is_incus(profile) && ms_rule_incus_def(id)->modelled &&
        !MS_INC_READ_HAS(ms_rule_incus_def(id)->feature_read, profile->version))
        return g_strdup_printf("migsim: rule %s is not modelled for %s (not read in the Incus source at this "
                               "release; see docs/incus-feature-releases.md)",
                               ms_rule_name(id), profile->name);
    if (format == NULL && ms_profile_is_incus(profile))
        return g_strdup_printf("migsim: rule %s is not modelled for %s (no Incus source reference yet)",
                               ms_rule_name(id), profile->name);
    if (format == NULL && ms_profile_is_derived(profile))
        return g_strdup_printf("migsim: rule %s is not modelled for %s (the source audit of this release "
                               "found no single text for it; see docs/fidelity.md)",
                               ms_rule_name(id), profile->name);
    out = g_string_new(NULL);
    /* A rule asked for in a release that has no text for it is a bug in the
     * table, not a user error. */
    g_assert(format != NULL);
    while (args[n_args] != NULL)
        n_args++;
    for (const char *p = format; *p != '\0'; p++) {
        guint index;

        if (*p != '%') {
            g_string_append_c(out, *p);
            continue;
        }
        if (p[1] == '%') {
            g_string_append_c(out, '%');
            p++;
            continue;
        }
        if (p[1] == 's') {
            index = next++;
            p++;
        } else if (g_ascii_isdigit(p[1]) && p[2] == '$' && p[3] == 's') {
            index = p[1] - '1';
            p += 3;
        } else {
            g_assert_not_reached();
        }
        /* the call site passes what the richest variant needs */
        g_assert(index < n_args);
        g_string_append(out, args[index]);
    }
    return g_string_free(out, FALSE);
}
