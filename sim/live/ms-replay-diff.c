/* migsim: the comparison of the simulated and the live cluster after a
 * replayed step (ms-replay-live.h). */
#include "ms-replay-live-private.h"

#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"

/* ---------------------------------------------------------------------- */
/* Comparison */

static void
diff_value(GPtrArray *diffs, const char *what, const char *sim, const char *live)
{
    if (g_strcmp0(sim, live) == 0)
        return;
    g_ptr_array_add(diffs, g_strdup_printf("%s: simulated %s%s%s, live %s%s%s", what, sim ? "'" : "",
                                           sim ? sim : "(unset)", sim ? "'" : "", live ? "'" : "",
                                           live ? live : "(unset)", live ? "'" : ""));
}

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static char *
volume_locations(const MsCluster *cluster, const char *pool, const char *name)
{
    g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) out = g_string_new(NULL);

    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *v = cluster->volumes->pdata[i];
        /* a volume of another project than default says which */
        if (g_str_equal(v->pool, pool) && g_str_equal(v->name, name))
            g_ptr_array_add(where, g_strdup_printf("%s%s%s", v->location ? v->location : "(remote)",
                                                   v->project != NULL ? " in project " : "",
                                                   v->project != NULL ? v->project : ""));
    }
    if (where->len == 0)
        return NULL;
    g_ptr_array_sort(where, compare_strings);
    for (guint i = 0; i < where->len; i++)
        g_string_append_printf(out, "%s%s", i ? "," : "", (const char *) where->pdata[i]);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* @names sorted, comma-joined: LXD lists a member's groups in its own order */
static char *
sorted_join(const GPtrArray *names)
{
    g_autoptr(GPtrArray) copy = g_ptr_array_new();
    g_autoptr(GString) out = g_string_new(NULL);

    for (guint i = 0; i < names->len; i++)
        g_ptr_array_add(copy, names->pdata[i]);
    g_ptr_array_sort(copy, ms_compare_string_ptrs);
    for (guint i = 0; i < copy->len; i++)
        g_string_append_printf(out, "%s%s", i > 0 ? "," : "", (const char *) copy->pdata[i]);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* The projects the scenario names other than default: whether each
 * exists, and the keys it gives them (lxc project create -c, set, unset). */
static void
diff_projects(GPtrArray *diffs, const MsCluster *sim, const MsCluster *live, const MsScenario *scenario)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        const MsOp *op = step->op;

        if (step->kind != MS_STEP_COMMAND)
            continue;
        if (ms_project_key(op->project) != NULL)
            ms_rl_add_unique(names, op->project);
        if (ms_project_key(op->target_project) != NULL)
            ms_rl_add_unique(names, op->target_project);
        if (op->kind == MS_OP_PROJECT_RENAME && ms_project_key(op->new_name) != NULL)
            ms_rl_add_unique(names, op->new_name);
        if (op->kind == MS_OP_PROJECT_CREATE || op->kind == MS_OP_PROJECT_SET ||
            op->kind == MS_OP_PROJECT_UNSET)
            for (guint k = 0; k < op->keys->len; k++)
                ms_rl_add_unique(keys, op->keys->pdata[k]);
    }
    for (guint i = 0; i < names->len; i++) {
        const MsProject *s = ms_cluster_lookup_project(sim, names->pdata[i]);
        const MsProject *l = ms_cluster_lookup_project(live, names->pdata[i]);

        if (s == NULL || l == NULL) {
            if (s != l)
                g_ptr_array_add(diffs, g_strdup_printf("project %s: simulated %s, live %s",
                                                       (const char *) names->pdata[i],
                                                       s ? "exists" : "absent", l ? "exists" : "absent"));
            continue;
        }
        for (guint k = 0; k < keys->len; k++) {
            g_autofree char *what =
                g_strdup_printf("project %s config %s", s->name, (const char *) keys->pdata[k]);
            diff_value(diffs, what, ms_config_get(s->config, keys->pdata[k]),
                       ms_config_get(l->config, keys->pdata[k]));
        }
    }
}

GPtrArray *
ms_replay_diff_clusters(const MsCluster *sim, const MsCluster *live, const MsScenario *scenario,
                        const MsProfile *profile)
{
    GPtrArray *diffs = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) names = ms_rl_scenario_instance_names(scenario);
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) expanded_keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) server_keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) volumes = g_ptr_array_new_with_free_func(g_free);
    gboolean member_records = FALSE;

    /* what the scenario can see: the keys it sets or asserts, the two
     * volatile keys evacuation and restore live by */
    ms_rl_add_unique(keys, "volatile.evacuate.origin");
    ms_rl_add_unique(keys, "volatile.last_state.power");
    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];

        if (step->kind == MS_STEP_ASSERT) {
            if (step->assert_kind == MS_ASSERT_INSTANCE_CONFIG)
                ms_rl_add_unique(keys, step->key);
            else if (step->assert_kind == MS_ASSERT_INSTANCE_EXPANDED)
                ms_rl_add_unique(expanded_keys, step->key);
            else if (step->assert_kind == MS_ASSERT_SERVER)
                ms_rl_add_unique(server_keys, step->subject);
            continue;
        }
        if (step->kind != MS_STEP_COMMAND)
            continue;
        /* member config and groups: what the model keeps of them (group
         * add too: from lxd-5.0.3 and 5.16 lxc PUTs the member with the
         * group appended, ms_rl_op_group_membership) */
        member_records |= step->op->kind == MS_OP_MEMBER_SET || step->op->kind == MS_OP_MEMBER_UNSET ||
                          step->op->kind == MS_OP_GROUP_ASSIGN || step->op->kind == MS_OP_GROUP_ADD ||
                          step->op->kind == MS_OP_GROUP_REMOVE || step->op->kind == MS_OP_GROUP_RENAME;
        if (step->op->kind == MS_OP_VOLUME_CREATE) {
            g_autofree char *entry = g_strdup_printf("%s/%s", step->op->pool, step->op->volume);
            ms_rl_add_unique(volumes, entry);
        }
        if (step->op->kind == MS_OP_INIT ||
            ((step->op->kind == MS_OP_CONFIG_SET || step->op->kind == MS_OP_CONFIG_UNSET))) {
            GPtrArray *target =
                step->op->kind != MS_OP_INIT && step->op->instance == NULL ? server_keys : keys;
            for (guint k = 0; k < step->op->keys->len; k++)
                ms_rl_add_unique(target, step->op->keys->pdata[k]);
        }
    }

    for (guint i = 0; i < sim->members->len; i++) {
        const MsMember *s = sim->members->pdata[i];
        const MsMember *l = ms_cluster_lookup_member(live, s->name);
        g_autofree char *what = g_strdup_printf("member %s status", s->name);

        /* as LXD lists them: an evacuated member that does not answer is
         * "Evacuated" (ms_member_listed_status) */
        diff_value(diffs, what, ms_member_status_to_string(ms_member_listed_status(s)),
                   l ? ms_member_status_to_string(ms_member_listed_status(l)) : NULL);
        if (member_records) {
            g_autofree char *groups_what = g_strdup_printf("member %s groups", s->name);
            g_autofree char *sched_what = g_strdup_printf("member %s config scheduler.instance", s->name);
            g_autofree char *sim_groups = sorted_join(s->groups);
            g_autofree char *live_groups = l != NULL ? sorted_join(l->groups) : NULL;

            diff_value(diffs, groups_what, sim_groups, live_groups);
            diff_value(diffs, sched_what, s->scheduler_instance, l ? l->scheduler_instance : NULL);
        }
    }
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        const MsInstance *s = ms_cluster_lookup_instance(sim, name);
        const MsInstance *l = ms_cluster_lookup_instance(live, name);
        g_autoptr(GHashTable) s_expanded = NULL;
        g_autoptr(GHashTable) l_expanded = NULL;

        if (s == NULL && l == NULL)
            continue;
        if (s == NULL || l == NULL) {
            g_ptr_array_add(diffs, g_strdup_printf("instance %s: simulated %s, live %s", name,
                                                   s ? "exists" : "absent", l ? "exists" : "absent"));
            continue;
        }
        {
            g_autofree char *what = g_strdup_printf("instance %s location", name);
            g_autofree char *in = g_strdup_printf("instance %s project", name);
            diff_value(diffs, what, s->location, l->location);
            diff_value(diffs, in, ms_project_display(s->project), ms_project_display(l->project));
        }
        {
            /* LXD lists an instance of an offline member with its name,
             * location and status "Error" only (lxd/instances_get.go:337-346
             * at lxd-5.0.2): there is no state to compare */
            const MsMember *where = ms_cluster_lookup_member(live, l->location);
            if (where != NULL && where->status == MS_MEMBER_OFFLINE)
                continue;
        }
        {
            g_autofree char *what = g_strdup_printf("instance %s status", name);
            diff_value(diffs, what, ms_instance_status_to_string(s->status),
                       ms_instance_status_to_string(l->status));
        }
        for (guint k = 0; k < keys->len; k++) {
            g_autofree char *what =
                g_strdup_printf("instance %s config %s", name, (const char *) keys->pdata[k]);
            g_autofree char *device = NULL;

            /* a volatile key LXD writes itself (volatile.uuid at create):
             * the model holds no value of it until the scenario sets one
             * (seed 10002 scenario 5: 43 differences of volatile.uuid) */
            if (ms_instance_get_config(s, keys->pdata[k]) == NULL &&
                ms_instance_volatile_key_unkept(profile, s->type, keys->pdata[k], &device))
                continue;
            /* nor the image.* keys the image's properties give an instance
             * made from it (lxd/instance.go:134-139 at lxd-5.0.2; Incus
             * cmd/incusd/instance.go:149 at v6.0.4): migsim's images have
             * none (Incus 6.0.4 --gen 8 seed 108: 18 differences of
             * image.description, restored from a snapshot) */
            if (ms_instance_get_config(s, keys->pdata[k]) == NULL &&
                g_str_has_prefix(keys->pdata[k], "image."))
                continue;
            diff_value(diffs, what, ms_instance_get_config(s, keys->pdata[k]),
                       ms_instance_get_config(l, keys->pdata[k]));
        }
        if (expanded_keys->len > 0) {
            s_expanded = ms_cluster_expand_config(sim, profile, s);
            l_expanded = ms_cluster_expand_config(live, profile, l);
        }
        for (guint k = 0; k < expanded_keys->len; k++) {
            g_autofree char *what =
                g_strdup_printf("instance %s expanded %s", name, (const char *) expanded_keys->pdata[k]);
            diff_value(diffs, what, ms_config_get(s_expanded, expanded_keys->pdata[k]),
                       ms_config_get(l_expanded, expanded_keys->pdata[k]));
        }
    }
    for (guint i = 0; i < volumes->len; i++) {
        g_auto(GStrv) parts = g_strsplit(volumes->pdata[i], "/", 2);
        g_autofree char *s = volume_locations(sim, parts[0], parts[1]);
        g_autofree char *l = volume_locations(live, parts[0], parts[1]);
        g_autofree char *what = g_strdup_printf("volume %s/%s location", parts[0], parts[1]);

        diff_value(diffs, what, s, l);
    }
    diff_projects(diffs, sim, live, scenario);
    for (guint i = 0; i < server_keys->len; i++) {
        g_autofree char *what = g_strdup_printf("server config %s", (const char *) server_keys->pdata[i]);
        diff_value(diffs, what, ms_config_get(sim->server_config, server_keys->pdata[i]),
                   ms_config_get(live->server_config, server_keys->pdata[i]));
    }
    return diffs;
}
