/* migsim: placement groups (6.6+): lxc placement-group create / delete /
 * rename / set / unset, and the instance update that drops
 * volatile.cluster.group once placement.group is set (moved out of
 * ms-cluster-ops.c, which dispatches to these handlers). */
#include "ms-apply-private.h"

#include <string.h>

/* ---- lxc placement-group create (6.6+) ---- */

/* placementGroupValidateConfig (lxd/placement_groups.go:726-782 at lxd-6.9)
 * of the config @keys/@values (create: the op's pairs; set and unset: the
 * group's config with the op's pairs over it, placementGroupPut :629 at
 * lxd-6.9, :628 at lxd-6.6): every key (user.* aside) must be policy or
 * rigor with a valid value, then policy and rigor must both be there.
 * FALSE when refused. */
static gboolean
placement_group_config_valid(MsApply *apply, GPtrArray *keys, GPtrArray *values)
{
    static const char *const required[] = { "policy", "rigor" };
    const MsOp *op = apply->op;
    const char *bad = NULL;
    guint n_bad = 0;
    MsRuleId rule = MS_RULE_PGROUP_KEY_UNKNOWN;

    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i], *value = values->pdata[i];
        MsRuleId this_rule;
        if (g_str_has_prefix(key, "user."))
            continue;
        if (g_str_equal(key, "policy"))
            this_rule = g_str_equal(value, "spread") || g_str_equal(value, "compact")
                            ? MS_RULE_LAST
                            : MS_RULE_PGROUP_VALUE_INVALID;
        else if (g_str_equal(key, "rigor"))
            this_rule = g_str_equal(value, "strict") || g_str_equal(value, "permissive")
                            ? MS_RULE_LAST
                            : MS_RULE_PGROUP_VALUE_INVALID;
        else
            this_rule = MS_RULE_PGROUP_KEY_UNKNOWN;
        if (this_rule != MS_RULE_LAST && n_bad++ == 0) {
            bad = key;
            rule = this_rule;
        }
    }
    if (ms_apply_check(apply, MS_RULE_PGROUP_KEY_UNKNOWN, op->group,
                       bad != NULL && rule == MS_RULE_PGROUP_KEY_UNKNOWN) ||
        ms_apply_check(apply, MS_RULE_PGROUP_VALUE_INVALID, op->group,
                       bad != NULL && rule == MS_RULE_PGROUP_VALUE_INVALID)) {
        if (n_bad > 1)
            ms_outcome_add_note(
                apply->outcome,
                "%u keys are invalid: LXD checks them in Go map order and names any one of them", n_bad);
        return ms_apply_reject(apply, rule, bad);
    }
    for (guint r = 0; r < G_N_ELEMENTS(required); r++) {
        gboolean found = FALSE;
        for (guint i = 0; i < keys->len && !found; i++)
            found = g_str_equal(keys->pdata[i], required[r]);
        if (ms_apply_check(apply, MS_RULE_PGROUP_KEY_MISSING, op->group, !found))
            return ms_apply_reject(apply, MS_RULE_PGROUP_KEY_MISSING, required[r]);
    }
    return TRUE;
}

gboolean
ms_apply_placement_group(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsPlacementGroup *group;

    if (!ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS)) {
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_COMMAND, op->group, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_COMMAND, "placement-group");
    }
    if (!placement_group_config_valid(apply, op->keys, op->values))
        return FALSE;
    group = g_new0(MsPlacementGroup, 1);
    group->name = g_strdup(op->group);
    group->config = ms_config_new();
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(group->config, op->keys->pdata[i], op->values->pdata[i]);
    g_ptr_array_add(apply->cluster->placement_groups, group);
    return TRUE;
}

/* ---- lxc placement-group delete / rename / set / unset (6.6+) ---- */

/* GetPlacementGroupUsedBy: an instance's own config or a profile's config
 * names the group in placement.group, in the group's project (instances_config
 * and profiles_config, not the expanded config: lxd/db/cluster/
 * placement_groups.go:140-176 at lxd-6.6, :131-176 at lxd-6.9).  migsim's
 * placement groups live in the project the command names. */
static gboolean
placement_group_in_use(const MsCluster *cluster, const char *project, const char *name)
{
    GHashTableIter iter;
    gpointer value;

    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *profile = cluster->profiles->pdata[i];
        if (ms_project_same(profile->project, project) &&
            g_strcmp0(ms_config_get(profile->config, "placement.group"), name) == 0)
            return TRUE;
    }
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        if (ms_project_same(instance->project, project) &&
            g_strcmp0(ms_instance_get_config(instance, "placement.group"), name) == 0)
            return TRUE;
    }
    return FALSE;
}

/* validate.IsDeviceName, which placementGroupPost applies to the new name
 * (lxd/placement_groups.go:692 at lxd-6.9, :703 at lxd-6.6): migsim follows
 * names of letters, digits, '-', '_' and '.' only and leaves the rest
 * "not modelled". */
static gboolean
placement_group_name_plain(const char *name)
{
    if (*name == '\0')
        return FALSE;
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
            return FALSE;
    return TRUE;
}

gboolean
ms_apply_placement_group_change(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsPlacementGroup *group;

    if (!ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS)) {
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_COMMAND, op->group, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_COMMAND, "placement-group");
    }
    if (op->kind == MS_OP_PLACEMENT_GROUP_RENAME && !placement_group_name_plain(op->new_name))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: lxc placement-group rename to \"%s\" is not modelled "
                                             "(validate.IsDeviceName of the new name)",
                                             op->new_name));
    /* set and unset GET the group first (lxc/placement_group.go:610 at
     * lxd-6.9); delete and rename look it up in their transaction
     * (lxd/placement_groups.go:376, :700 at lxd-6.9) */
    group = ms_cluster_lookup_placement_group(cluster, op->group);
    if (ms_apply_check(apply, MS_RULE_PGROUP_NOT_FOUND, op->group, group == NULL))
        return ms_apply_reject(apply, MS_RULE_PGROUP_NOT_FOUND);

    if (op->kind == MS_OP_PLACEMENT_GROUP_DELETE || op->kind == MS_OP_PLACEMENT_GROUP_RENAME) {
        if (ms_apply_check(apply, MS_RULE_PGROUP_IN_USE, op->group,
                           placement_group_in_use(cluster, op->project, op->group)))
            return ms_apply_reject(apply, MS_RULE_PGROUP_IN_USE, op->group);
        if (op->kind == MS_OP_PLACEMENT_GROUP_DELETE) {
            g_ptr_array_remove(cluster->placement_groups, group);
            return TRUE;
        }
        /* the rename rewrites the row (query.UpdateByPrimaryKey, :719 at
         * lxd-6.9); onto an existing name the unique index refuses it with
         * a database error whose text migsim does not have */
        if (ms_cluster_lookup_placement_group(cluster, op->new_name) != NULL)
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: lxc placement-group rename onto the existing group "
                                                 "\"%s\" is not modelled (a database constraint error)",
                                                 op->new_name));
        g_free(group->name);
        group->name = g_strdup(op->new_name);
        return TRUE;
    }

    /* set: lxc copies KEY=VALUE over the group's config and PUTs it
     * (lxc/placement_group.go:618-624 at lxd-6.9, :594-600 at lxd-6.6);
     * unset is set with an empty value (:664, :641), which the PUT keeps
     * and placementGroupValidateConfig then judges */
    {
        g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GHashTable) merged = g_hash_table_new(g_str_hash, g_str_equal);
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init(&iter, group->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            g_hash_table_insert(merged, key, value);
        for (guint i = 0; i < op->keys->len; i++)
            g_hash_table_insert(merged, op->keys->pdata[i],
                                op->kind == MS_OP_PLACEMENT_GROUP_UNSET ? "" : op->values->pdata[i]);
        /* a stable order, so that the first bad key is the same every run */
        {
            g_autoptr(GList) sorted = g_list_sort(g_hash_table_get_keys(merged), (GCompareFunc) strcmp);
            for (GList *l = sorted; l != NULL; l = l->next) {
                g_ptr_array_add(keys, g_strdup(l->data));
                g_ptr_array_add(values, g_strdup(g_hash_table_lookup(merged, l->data)));
            }
        }
        if (!placement_group_config_valid(apply, keys, values))
            return FALSE;
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(group->config, op->keys->pdata[i],
                          op->kind == MS_OP_PLACEMENT_GROUP_UNSET ? NULL : op->values->pdata[i]);
        return TRUE;
    }
}

/* An instance update (LXD's Update: the instance PUT of lxc config set|unset,
 * and each user of a changed or added profile) whose expanded config names a
 * placement.group drops volatile.cluster.group, so that evacuation follows
 * the placement group instead of the cluster group the instance was once
 * targeted at (lxd/instance/drivers/driver_lxc.go:4483-4488 and
 * driver_qemu.go:6134 at lxd-6.6; :4422, :6104 at lxd-6.7; :4373, :6129 at
 * lxd-6.8; :4382-4387, :6152-6157 at lxd-6.9). */
void
ms_apply_placement_drops_group(MsApply *apply, MsInstance *instance)
{
    const char *placement;

    if (!ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS) ||
        ms_instance_get_config(instance, "volatile.cluster.group") == NULL)
        return;
    placement =
        ms_cluster_expanded_value(apply->cluster, apply->profile, instance, "placement.group", NULL, NULL);
    if (placement != NULL && *placement != '\0')
        ms_instance_set_config(instance, "volatile.cluster.group", NULL);
}
