/* migsim: explanations for demonstrations.  Built only from the rule table,
 * the rule hits of the step and the cluster after it, so an explanation never
 * says something the model did not decide. */
#include "ms-explain.h"

#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"

char *
ms_explain_stateful_layer(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    MsConfigLayer layer;
    const char *layer_name = NULL;
    const char *value =
        ms_cluster_expanded_value(cluster, profile, instance, "migration.stateful", &layer, &layer_name);

    switch (layer) {
    case MS_LAYER_SERVER:
        return g_strdup_printf(
            "%s: migration.stateful=%s comes from the server key instances.migration.stateful; "
            "the instance does not override it",
            instance->name, value);
    case MS_LAYER_PROFILE:
        return g_strdup_printf("%s: migration.stateful=%s comes from profile \"%s\"", instance->name, value,
                               layer_name);
    case MS_LAYER_LOCAL:
        return g_strdup_printf("%s: migration.stateful=%s is set on the instance itself", instance->name,
                               value);
    case MS_LAYER_NONE:
        return g_strdup_printf("%s: migration.stateful is not set at any layer (false)", instance->name);
    }
    g_assert_not_reached();
}

static gboolean
rule_is_stateful(MsRuleId rule)
{
    const char *name = ms_rule_name(rule);
    return g_str_has_prefix(name, "DISK.STATEFUL.") || rule == MS_RULE_START_SIZE_STATE_502 ||
           rule == MS_RULE_DEV_STATEFUL_START || rule == MS_RULE_MOVE_VM_LIVE_NEEDS_KEY ||
           rule == MS_RULE_DISK_HOTPLUG_STATEFUL;
}

static void
explain_rule(GString *out, MsRuleId rule)
{
    const MsRuleDef *def = ms_rule_def(rule);

    g_string_append_printf(out, "rule %s: %s\n", def->name, def->trigger);
    g_string_append_printf(out, "LXD source: %s\n", def->lxd_ref);
}

char *
ms_explain_step(const MsCluster *cluster, const MsProfile *profile, const MsStep *step,
                const MsStepResult *result)
{
    GString *out = g_string_new(NULL);
    const MsOutcome *outcome = result->outcome;
    g_autoptr(GHashTable) explained = g_hash_table_new(g_str_hash, g_str_equal);

    if (!outcome->ok) {
        if (outcome->rule != MS_RULE_NONE)
            explain_rule(out, outcome->rule);
        else
            g_string_append(out, "LXD refuses this request\n");
    }
    /* The decision points of the step, one line per instance. */
    for (guint i = 0; result->hits != NULL && i < result->hits->len; i++) {
        const MsRuleHit *hit = result->hits->pdata[i];
        const MsRuleDef *def = ms_rule_def(hit->rule);
        if (def->kind != MS_RULE_KIND_DECISION || hit->subject == NULL)
            continue;
        if (hit->rule == MS_RULE_EVAC_MODE || hit->rule == MS_RULE_EVAC_CAN_MIGRATE ||
            hit->rule == MS_RULE_EVAC_NO_TARGET || hit->rule == MS_RULE_DISK_CAN_MIGRATE ||
            hit->rule == MS_RULE_RESTORE_SKIP || hit->rule == MS_RULE_CFG_SRVKEY_NOVALIDATE ||
            hit->rule == MS_RULE_EVAC_COMMITTED || hit->rule == MS_RULE_EVAC_REVERTED)
            g_string_append_printf(out, "%s %s: %s\n", hit->subject, def->name,
                                   hit->failed ? def->outcome_fail : def->outcome_pass);
    }
    /* Where migration.stateful comes from, for every instance the step's
     * stateful rules looked at. */
    for (guint i = 0; result->hits != NULL && i < result->hits->len; i++) {
        const MsRuleHit *hit = result->hits->pdata[i];
        if (!(hit->failed && rule_is_stateful(hit->rule)) &&
            !(outcome->rule != MS_RULE_NONE && rule_is_stateful(outcome->rule)))
            continue;
        for (guint j = 0; j < result->hits->len; j++) {
            const MsRuleHit *h = result->hits->pdata[j];
            const MsInstance *inst = h->subject ? ms_cluster_lookup_instance(cluster, h->subject) : NULL;
            if (inst == NULL || inst->type != MS_INSTANCE_VM || g_hash_table_contains(explained, inst->name))
                continue;
            g_hash_table_add(explained, inst->name);
            g_autofree char *layer = ms_explain_stateful_layer(cluster, profile, inst);
            g_string_append_printf(out, "%s\n", layer);
        }
        break;
    }
    if (step->op->kind == MS_OP_CONFIG_SET && step->op->instance == NULL && outcome->ok) {
        for (guint i = 0; i < step->op->keys->len; i++) {
            if (!g_str_equal(step->op->keys->pdata[i], "instances.migration.stateful"))
                continue;
            g_string_append(out,
                            "LXD stores the key and checks no existing instance (CFG.SRVKEY.NOVALIDATE); "
                            "every instance that does not set migration.stateful itself now expands it from "
                            "the server\n");
            {
                g_autoptr(GPtrArray) all = ms_cluster_list_instances(cluster, NULL);
                for (guint k = 0; k < all->len; k++) {
                    const MsInstance *inst = all->pdata[k];
                    g_autofree char *probe = NULL;
                    if (inst->type != MS_INSTANCE_VM)
                        continue;
                    probe = ms_cluster_probe_start(cluster, profile, inst);
                    if (probe != NULL)
                        g_string_append_printf(out, "%s could no longer start: %s\n", inst->name, probe);
                }
            }
        }
    }
    if (out->len == 0)
        g_string_append(out, outcome->ok ? "accepted: no rule refused it\n" : "");
    return g_string_free(out, FALSE);
}
