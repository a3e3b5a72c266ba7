/* migsim: the rule catalogue, in text, JSON and Markdown (docs/rules.md is
 * generated from this, so it cannot drift from the table). */
#include "ms-report-writers.h"

#include <string.h>

static const char *
kind_name(MsRuleKind kind)
{
    switch (kind) {
    case MS_RULE_KIND_CHECK:
        return "check";
    case MS_RULE_KIND_DECISION:
        return "decision";
    case MS_RULE_KIND_WRAPPER:
        return "wrapper";
    }
    g_assert_not_reached();
}

char *
ms_report_rules_text(const MsProfile *profile)
{
    GString *out = g_string_new(NULL);

    for (guint id = 0; id < MS_RULE_LAST; id++) {
        const MsRuleDef *def = ms_rule_def(id);
        g_autofree char *releases = ms_releases_describe(&def->releases);

        if (profile != NULL && !ms_rule_applies(id, profile))
            continue;
        g_string_append_printf(out, "%s  [%s] releases: %s\n", def->name, kind_name(def->kind), releases);
        g_string_append_printf(out, "    when: %s\n", def->trigger);
        if (profile != NULL) {
            const char *text = ms_rule_format(id, profile);
            if (text != NULL)
                g_string_append_printf(out, "    text: %s\n", text);
        } else {
            for (guint t = 0; t < MS_RULE_MAX_TEXTS && def->texts[t].text != NULL; t++) {
                g_autofree char *where = ms_releases_describe(&def->texts[t].releases);
                g_string_append_printf(out, "    text (%s): %s\n", where, def->texts[t].text);
            }
        }
        if (def->kind == MS_RULE_KIND_DECISION)
            g_string_append_printf(out, "    pass: %s\n    fail: %s\n", def->outcome_pass, def->outcome_fail);
        if (def->one_way != NULL)
            g_string_append_printf(out, "    one way: %s\n", def->one_way);
        if (def->unevaluated != NULL)
            g_string_append_printf(out, "    not evaluated: %s\n", def->unevaluated);
        g_string_append_printf(out, "    LXD: %s\n", def->lxd_ref);
        if (profile != NULL && ms_profile_is_derived(profile))
            g_string_append_printf(out, "    %s (source audit): %s%s\n", profile->name,
                                   ms_rule_unmodelled(id, profile) ? "not modelled; " : "",
                                   ms_rule_derived_def(id)->lxd_ref);
        if (ms_rule_incus_def(id)->modelled && (profile == NULL || ms_profile_is_incus(profile)))
            g_string_append_printf(out, "    Incus: %s\n", ms_rule_incus_def(id)->incus_ref);
    }
    return g_string_free(out, FALSE);
}

char *
ms_report_rules_json(const MsProfile *profile)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_array(b);
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        const MsRuleDef *def = ms_rule_def(id);
        g_autofree char *releases = ms_releases_describe(&def->releases);
        /* a derived release: texts and source from the source audit; an
         * Incus release: the Incus texts (ms_rule_format reads the same) */
        gboolean derived = profile != NULL && ms_profile_is_derived(profile);
        gboolean incus = profile != NULL && ms_profile_is_incus(profile);
        const MsRuleText *texts = derived ? ms_rule_derived_def(id)->texts
                                  : incus ? ms_rule_incus_def(id)->texts
                                          : def->texts;

        if (profile != NULL && !ms_rule_applies(id, profile))
            continue;
        json_builder_begin_object(b);
        ms_json_set_string(b, "id", def->name);
        ms_json_set_string(b, "kind", kind_name(def->kind));
        ms_json_set_string(b, "releases", releases);
        json_builder_set_member_name(b, "texts");
        json_builder_begin_array(b);
        for (guint t = 0; t < MS_RULE_MAX_TEXTS && texts[t].text != NULL; t++) {
            g_autofree char *where = derived || incus ? ms_releases_describe_all(&texts[t].releases)
                                                      : ms_releases_describe(&texts[t].releases);
            if (profile != NULL && !ms_releases_contain(&texts[t].releases, profile->version))
                continue;
            json_builder_begin_object(b);
            ms_json_set_string(b, "releases", where);
            ms_json_set_string(b, "text", texts[t].text);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        ms_json_set_string(b, "trigger", def->trigger);
        ms_json_set_string(b, "lxd_ref", derived ? ms_rule_derived_def(id)->lxd_ref : def->lxd_ref);
        if (incus && ms_rule_incus_def(id)->modelled) {
            ms_json_set_string(b, "incus_ref", ms_rule_incus_def(id)->incus_ref);
        }
        if (def->kind == MS_RULE_KIND_DECISION) {
            ms_json_set_string(b, "pass", def->outcome_pass);
            ms_json_set_string(b, "fail", def->outcome_fail);
        }
        json_builder_set_member_name(b, "one_way");
        if (def->one_way)
            json_builder_add_string_value(b, def->one_way);
        else
            json_builder_add_null_value(b);
        json_builder_set_member_name(b, "not_evaluated");
        if (def->unevaluated)
            json_builder_add_string_value(b, def->unevaluated);
        else
            json_builder_add_null_value(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    return ms_report_json_finish(b);
}

static void
md_escape(GString *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '|')
            g_string_append(out, "\\|");
        else
            g_string_append_c(out, *p);
    }
}

/* What the rule does in the derived releases, from model/ms-rules-derived.c. */
static void
derived_markdown(GString *out, MsRuleId id)
{
    const MsRuleDerivedDef *d = ms_rule_derived_def(id);
    MsReleases none = { { 0, 0 } };
    g_autofree char *decision = ms_releases_describe_all(&d->decision);

    g_string_append_printf(out, "- 5.0.0-5.0.9 (not 5.0.2), 5.1-5.20 (model/ms-rules-derived.c): %s\n",
                           d->lxd_ref);
    if (memcmp(&d->decision, &none, sizeof none) != 0)
        g_string_append_printf(out, "- 5.0.x, 5.1-5.20: applies at %s\n", decision);
    for (guint t = 0; t < MS_RULE_MAX_TEXTS && d->texts[t].text != NULL; t++) {
        g_autofree char *twhere = ms_releases_describe_all(&d->texts[t].releases);
        g_string_append_printf(out, "- text at %s: `", twhere);
        md_escape(out, d->texts[t].text);
        g_string_append(out, "`\n");
    }
}

/* What the rule does in Incus, from model/ms-rules-incus.c. */
static void
incus_markdown(GString *out, MsRuleId id)
{
    const MsRuleIncusDef *incus = ms_rule_incus_def(id);
    MsReleases releases = MS_REL_INCUS(incus->releases);
    g_autofree char *where = ms_releases_describe(&releases);

    if (!incus->modelled) {
        g_string_append(out, "- Incus: not modelled (no Incus source reference yet)\n");
        return;
    }
    g_string_append_printf(out, "- Incus: %s; source: %s\n", where, incus->incus_ref);
    {
        guint n_profiles;
        const MsProfile *profiles = ms_profiles(&n_profiles);
        g_autoptr(GString) unread = g_string_new(NULL);

        for (guint i = 0; i < n_profiles; i++)
            if (ms_profile_is_incus(&profiles[i]) && ms_rule_unmodelled(id, &profiles[i]))
                g_string_append_printf(unread, "%s%s", unread->len ? ", " : "", profiles[i].name);
        if (unread->len)
            g_string_append_printf(out,
                                   "- Incus: not modelled at %s (not read at that feature release, "
                                   "docs/incus-feature-releases.md)\n",
                                   unread->str);
    }
    if (incus->differs != NULL)
        g_string_append_printf(out, "- differs from LXD: %s\n", incus->differs);
    for (guint t = 0; t < MS_RULE_MAX_TEXTS && incus->texts[t].text != NULL; t++) {
        g_autofree char *twhere = ms_releases_describe(&incus->texts[t].releases);
        g_string_append_printf(out, "- Incus text (%s): `", twhere);
        md_escape(out, incus->texts[t].text);
        g_string_append(out, "`\n");
    }
}

char *
ms_report_rules_markdown(void)
{
    GString *out = g_string_new(NULL);

    g_string_append(out,
                    "# Rule catalogue\n\n"
                    "Generated by `migsim rules --markdown` from the rule table in `model/ms-rules.c`; "
                    "do not edit by hand. Each rule has a stable ID, the releases it exists in, LXD's exact "
                    "error text per release (printf-style: `%s` is an argument, `%2$s` the second one), "
                    "where LXD checks it and the LXD source it was read from.\n\n"
                    "Kinds: **check** passes or rejects with the text; **decision** chooses between two "
                    "behaviours (pass/fail name them); **wrapper** wraps another rule's error. A rule counts "
                    "as covered when both outcomes were seen, except rules marked *one way*; rules marked "
                    "*not evaluated* "
                    "document LXD behaviour no scenario can reach and are never checked by migsim.\n\n");
    for (guint id = 0; id < MS_RULE_LAST; id++) {
        const MsRuleDef *def = ms_rule_def(id);
        g_autofree char *releases = ms_releases_describe(&def->releases);

        g_string_append_printf(out, "## %s\n\n", def->name);
        g_string_append_printf(out, "- kind: %s\n- releases: %s\n- when: %s\n", kind_name(def->kind),
                               releases, def->trigger);
        if (def->kind == MS_RULE_KIND_DECISION)
            g_string_append_printf(out, "- pass: %s\n- fail: %s\n", def->outcome_pass, def->outcome_fail);
        if (def->one_way != NULL)
            g_string_append_printf(out, "- one way: %s\n", def->one_way);
        if (def->unevaluated != NULL)
            g_string_append_printf(out, "- not evaluated by migsim: %s\n", def->unevaluated);
        g_string_append_printf(out, "- LXD source: %s\n", def->lxd_ref);
        derived_markdown(out, id);
        incus_markdown(out, id);
        if (def->texts[0].text != NULL) {
            g_string_append(out, "\n| releases | error text |\n|---|---|\n");
            for (guint t = 0; t < MS_RULE_MAX_TEXTS && def->texts[t].text != NULL; t++) {
                g_autofree char *where = ms_releases_describe(&def->texts[t].releases);
                g_string_append_printf(out, "| %s | `", where);
                md_escape(out, def->texts[t].text);
                g_string_append(out, "` |\n");
            }
        }
        g_string_append(out, "\n");
    }
    return g_string_free(out, FALSE);
}
