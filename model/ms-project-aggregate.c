/* migsim: a project's aggregate limits (limits.cpu, limits.memory,
 * limits.processes, limits.disk) on an instance create or copy.
 * AllowInstanceCreation appends the new instance (last) to the project's
 * instances and, where the project sets one of these keys, sums each key
 * over the instances' expanded config (limits.disk: the expanded root
 * disk's size) and the project's custom volumes (limits.disk: their
 * size), refusing an entity without the value or a total above the limit:
 * checkInstanceRestrictionsAndAggregateLimits / checkAggregateLimits /
 * getTotalsAcrossProjectEntities / getInstanceLimits
 * (lxd/project/permissions.go:309-409, :1254-1369 at lxd-5.0.2;
 * lxd/project/limits/permissions.go:400-520, :1415-1600 at lxd-5.21.7;
 * :463-495, :1376-1560 at lxd-6.9), wrapped "Failed checking if instance
 * creation allowed: " (PROJECT.CREATE_WRAP), before the restrictions.
 *
 * Go map order: the keys come from ranging over the project's config,
 * so where one instance misses two keys, or two totals are over their
 * limits, LXD names either: the outcome carries the others as
 * alternatives.  Instances come by name (ORDER BY instances.name, the
 * mapper's query), the new one last; custom volumes in the order of an
 * unsorted query (several without a size: alternatives too).
 *
 * Not modelled: Incus (not read: ms_apply_project_aggregate_limits), a
 * custom volume without a size, limits.disk.pool.* (5.21.3+), an empty
 * aggregate value, a project limit migsim cannot parse, a VM where
 * limits.disk counts (size.state, whose default depends on the release and
 * the pool's driver), an instance whose expanded devices have no root disk
 * or several, and another instance holding the new name. */
#include "ms-apply-private.h"
#include "ms-project.h"

#include <string.h>

static const char *const aggregate_keys[] = { "limits.cpu", "limits.disk", "limits.memory",
                                              "limits.processes" };

static gboolean
is_aggregate_key(const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(aggregate_keys); i++)
        if (g_str_equal(key, aggregate_keys[i]))
            return TRUE;
    return FALSE;
}

gboolean
ms_project_has_aggregate_limits(const MsCluster *cluster, const char *project_name)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(cluster, project_name);
    GHashTableIter iter;
    gpointer key;

    if (project == NULL || project->config == NULL)
        return FALSE;
    g_hash_table_iter_init(&iter, project->config);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (is_aggregate_key(key) || g_str_has_prefix(key, "limits.disk.pool."))
            return TRUE;
    return FALSE;
}

/* aggregateLimitConfigValueParsers (permissions.go:1371-1402 at
 * lxd-5.0.2): byte sizes for memory (no percentage) and disk, strconv.Atoi
 * for processes and cpu (no pinning: no ',' nor '-').  FALSE when LXD's
 * parser fails. */
static gboolean
parse_aggregate(const char *key, const char *value, gint64 *out)
{
    if (g_str_equal(key, "limits.memory") || g_str_equal(key, "limits.disk")) {
        g_autofree char *error = NULL;
        if (g_str_equal(key, "limits.memory") && g_str_has_suffix(value, "%"))
            return FALSE;
        error = ms_byte_size_parse(value, out);
        return error == NULL;
    }
    if (g_str_equal(key, "limits.cpu") && (strchr(value, ',') != NULL || strchr(value, '-') != NULL))
        return FALSE;
    if (!ms_is_go_int64(value))
        return FALSE;
    *out = g_ascii_strtoll(value, NULL, 10);
    return TRUE;
}

typedef struct {
    MsApply *apply;
    const char *project_name;
    const char *display;
    GPtrArray *keys; /* the project's aggregate keys, sorted (LXD: map order) */
    gint64 limits[G_N_ELEMENTS(aggregate_keys)];
    gint64 totals[G_N_ELEMENTS(aggregate_keys)];
    const char *unknown; /* why migsim cannot decide (static text), NULL */
} Sum;

/* The root disk of @devices as shared.GetRootDiskDevice finds it (type
 * disk, path "/", no source); NULL when there is none or several. */
static MsDevice *
single_root_disk(MsDevices *devices)
{
    MsDevicesIter iter;
    MsDevice *device, *root = NULL;
    guint n = 0;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &device))
        if (g_strcmp0(ms_device_lookup(device, "type"), "disk") == 0 &&
            g_strcmp0(ms_device_lookup(device, "path"), "/") == 0 &&
            (ms_device_lookup(device, "source") == NULL || *ms_device_lookup(device, "source") == '\0')) {
            root = device;
            n++;
        }
    return n == 1 ? root : NULL;
}

/* getInstanceLimits of @instance: each key's value added to the totals, or
 * the refusal of each failing key appended to @refusals (rule, message). */
static void
instance_limits(Sum *sum, const MsInstance *instance, GPtrArray *refusals, GArray *rules)
{
    MsApply *apply = sum->apply;
    const char *display = ms_project_display(instance->project);

    for (guint k = 0; k < sum->keys->len && sum->unknown == NULL; k++) {
        const char *key = sum->keys->pdata[k];
        guint slot = 0;
        const char *value;
        MsRuleId missing = MS_RULE_PROJECT_AGGREGATE_NO_CONFIG;
        gint64 amount = 0;

        while (!g_str_equal(aggregate_keys[slot], key))
            slot++;
        if (g_str_equal(key, "limits.disk")) {
            g_autoptr(GHashTable) devices = NULL;
            MsDevice *root;
            if (instance->type == MS_INSTANCE_VM) {
                sum->unknown = "a VM's root disk counts its size.state too";
                return;
            }
            devices = ms_cluster_expand_devices(apply->cluster, instance);
            root = single_root_disk(devices);
            if (root == NULL) {
                sum->unknown = "an instance without a single root disk";
                return;
            }
            value = ms_device_lookup(root, "size");
            missing = MS_RULE_PROJECT_AGGREGATE_NO_SIZE;
        } else {
            value = ms_cluster_expanded_value(apply->cluster, apply->profile, instance, key, NULL, NULL);
        }
        /* check sites: PROJECT_AGGREGATE_NO_SIZE PROJECT_AGGREGATE_NO_CONFIG */
        if (ms_apply_check(apply, missing, instance->name, value == NULL || *value == '\0')) {
            g_array_append_val(rules, missing);
            g_ptr_array_add(refusals,
                            missing == MS_RULE_PROJECT_AGGREGATE_NO_SIZE
                                ? ms_rule_message(missing, apply->profile, instance->name, display)
                                : ms_rule_message(missing, apply->profile, instance->name, display, key));
            continue;
        }
        if (ms_apply_check(apply, MS_RULE_PROJECT_AGGREGATE_PARSE, instance->name,
                           !parse_aggregate(key, value, &amount))) {
            MsRuleId rule = MS_RULE_PROJECT_AGGREGATE_PARSE;
            g_array_append_val(rules, rule);
            g_ptr_array_add(refusals, ms_rule_message(rule, apply->profile, key, instance->name, display));
            continue;
        }
        sum->totals[slot] += amount;
    }
}

/* Refuses with the first of @refusals, the others alternatives (Go map
 * order), wrapped as a create's. */
static gboolean
refuse(Sum *sum, GPtrArray *refusals, GArray *rules, const char *subject)
{
    MsApply *apply = sum->apply;
    char *first;

    for (guint i = 1; i < refusals->len; i++) {
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(
            apply->outcome->alternatives,
            ms_rule_message(MS_RULE_PROJECT_CREATE_WRAP, apply->profile, (const char *) refusals->pdata[i]));
    }
    if (refusals->len > 1)
        ms_outcome_add_note(apply->outcome,
                            "%u aggregate limits of project %s refuse this create: LXD names any one of them "
                            "(Go map order)",
                            refusals->len, sum->display);
    first = ms_rule_message(MS_RULE_PROJECT_CREATE_WRAP, apply->profile, (const char *) refusals->pdata[0]);
    ms_apply_check(apply, MS_RULE_PROJECT_CREATE_WRAP, subject, TRUE);
    return ms_apply_fail(apply, g_array_index(rules, MsRuleId, 0), 500, FALSE, first);
}

static int
compare_instance_names(gconstpointer a, gconstpointer b)
{
    const MsInstance *x = *(const MsInstance *const *) a, *y = *(const MsInstance *const *) b;

    return strcmp(x->name, y->name);
}

/* The project's instances in Go map order: from 5.21.3 and 6.2 fetchProject
 * reads them through InstanceList (lxd/project/limits/permissions.go
 * :1296-1311, lxd/db/instances.go:284-310 at lxd-5.21.3, a map[int]
 * InstanceArgs), from 5.21.4 and 6.3 through GetProjectInstancesAndProfiles
 * (lxd/db/projects.go:124-156 at lxd-5.21.7 and lxd-6.9, the same map);
 * before, cluster.GetInstances ORDER BY instances.name
 * (lxd/project/permissions.go:1195 at lxd-5.0.2, :1239 at lxd-5.21.0,
 * :1240 at lxd-6.1). */
static gboolean
map_ordered_instances(const MsProfile *profile)
{
    MsVersion v = profile->version;

    return (v >= MS_VERSION(5, 21, 3) && v < MS_VERSION(6, 0, 0)) || v >= MS_VERSION(6, 2, 0);
}

static gboolean
not_modelled(MsApply *apply, const char *display, const char *why)
{
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: the aggregate limits of project %s over "
                        "%s",
                        apply->profile->name, display, why));
}

/* Reads the project's keys and limits into @sum; FALSE when not modelled. */
static gboolean
read_limits(Sum *sum, const MsProject *project)
{
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, project->config);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (g_str_has_prefix(key, "limits.disk.pool.")) {
            sum->unknown = "limits.disk.pool.* (per-pool disk limits)";
            return FALSE;
        }
        if (!is_aggregate_key(key))
            continue;
        /* 5.0.2 keeps an empty value among the keys, 5.21.7 skips it */
        if (value == NULL || *(const char *) value == '\0') {
            sum->unknown = "an empty aggregate limit";
            return FALSE;
        }
        g_ptr_array_add(sum->keys, key);
    }
    g_ptr_array_sort(sum->keys, ms_compare_string_ptrs);
    for (guint k = 0; k < sum->keys->len; k++) {
        guint slot = 0;
        while (!g_str_equal(aggregate_keys[slot], sum->keys->pdata[k]))
            slot++;
        if (!parse_aggregate(sum->keys->pdata[k], ms_config_get(project->config, sum->keys->pdata[k]),
                             &sum->limits[slot])) {
            sum->unknown = "a limit migsim cannot parse";
            return FALSE;
        }
    }
    return TRUE;
}

/* limits.disk over the project's custom volumes (its own, whatever
 * features.storage.volumes says: GetCustomVolumesInProject,
 * lxd/db/storage_volumes.go:884-919 at lxd-5.0.2), judged before any
 * instance; one without a size refuses ("Custom volume %q in project %q
 * has no \"size\" config set", permissions.go:1267): not modelled, as
 * migsim does not create volumes in such a project (ms-volume-copy-ops.c). */
static void
volume_limits(Sum *sum)
{
    MsApply *apply = sum->apply;
    guint slot = 1; /* limits.disk */

    for (guint i = 0; i < apply->cluster->volumes->len && sum->unknown == NULL; i++) {
        const MsVolume *volume = apply->cluster->volumes->pdata[i];
        const char *size;
        gint64 bytes = 0;
        g_autofree char *error = NULL;

        if (!ms_project_same(volume->project, sum->project_name))
            continue;
        size = volume->config != NULL ? ms_config_get(volume->config, "size") : NULL;
        if (size == NULL) {
            sum->unknown = "a custom volume without a size";
            return;
        }
        error = ms_byte_size_parse(size, &bytes);
        if (error != NULL)
            sum->unknown = "a custom volume size migsim cannot parse";
        sum->totals[slot] += bytes;
    }
}

gboolean
ms_apply_project_aggregate_create(MsApply *apply, const MsInstance *created)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, created->project);
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) rules = g_array_new(FALSE, FALSE, sizeof(MsRuleId));
    g_autoptr(GPtrArray) instances = g_ptr_array_new();
    Sum sum = { apply, created->project, ms_project_display(created->project), keys, { 0 }, { 0 }, NULL };
    GHashTableIter iter;
    gpointer value;

    G_STATIC_ASSERT(G_N_ELEMENTS(aggregate_keys) == 4);
    if (!ms_project_has_aggregate_limits(apply->cluster, created->project))
        return TRUE;
    /* Incus: ms_apply_project_aggregate_limits answered "not modelled" */
    if (ms_profile_is_incus(apply->profile))
        return TRUE;
    if (!read_limits(&sum, project))
        return not_modelled(apply, sum.display, sum.unknown);
    g_hash_table_iter_init(&iter, apply->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        if (!ms_project_same(instance->project, created->project) || instance == created)
            continue;
        if (g_str_equal(instance->name, created->name))
            return not_modelled(apply, sum.display, "an instance that already holds the new name");
        g_ptr_array_add(instances, value);
    }
    /* From 5.21.4 and 6.3 FetchProject takes the profiles from
     * GetProjectInstancesAndProfiles, which gives a non-default project
     * without features.profiles none (the default project's profiles go to
     * projectArgs["default"] only, lxd/db/projects.go:93-122 at lxd-5.21.7
     * and lxd-6.9; lxd/project/limits/permissions.go:1355-1363 at
     * lxd-5.21.7): expandInstancesConfigAndDevices then expands nothing. */
    if (!g_str_equal(ms_project_display(created->project), "default") &&
        ms_cluster_profile_project(apply->cluster, created->project) == NULL &&
        ((apply->profile->version >= MS_VERSION(5, 21, 4) && apply->profile->version < MS_VERSION(6, 0, 0)) ||
         apply->profile->version >= MS_VERSION(6, 3, 0)))
        return not_modelled(apply, sum.display,
                            "a project without features.profiles (LXD expands no profile there: "
                            "lxd/db/projects.go:115-122 at lxd-5.21.7)");
    g_ptr_array_sort(instances, compare_instance_names);
    g_ptr_array_add(instances, (gpointer) created);

    if (g_ptr_array_find_with_equal_func(keys, "limits.disk", g_str_equal, NULL))
        volume_limits(&sum);
    if (map_ordered_instances(apply->profile)) {
        /* every existing instance may come first: each one's refusals are
         * alternatives; the new instance (last) only when none refuses */
        for (guint i = 0; i + 1 < instances->len && sum.unknown == NULL; i++)
            instance_limits(&sum, instances->pdata[i], refusals, rules);
        if (refusals->len == 0 && sum.unknown == NULL)
            instance_limits(&sum, created, refusals, rules);
    } else {
        for (guint i = 0; i < instances->len && refusals->len == 0 && sum.unknown == NULL; i++)
            instance_limits(&sum, instances->pdata[i], refusals, rules);
    }
    if (sum.unknown != NULL)
        return not_modelled(apply, sum.display, sum.unknown);
    if (refusals->len > 0) {
        /* "Failed getting usage of project entities: ..." */
        return refuse(&sum, refusals, rules, created->name);
    }
    for (guint k = 0; k < keys->len; k++) {
        const char *key = keys->pdata[k];
        guint slot = 0;
        MsRuleId rule = MS_RULE_PROJECT_AGGREGATE_REACHED;
        while (!g_str_equal(aggregate_keys[slot], key))
            slot++;
        /* check sites: PROJECT_AGGREGATE_REACHED */
        if (ms_apply_check(apply, rule, created->name, sum.totals[slot] > sum.limits[slot])) {
            g_array_append_val(rules, rule);
            g_ptr_array_add(refusals, ms_rule_message(rule, apply->profile,
                                                      ms_config_get(project->config, key), key, sum.display));
        }
    }
    return refusals->len == 0 || refuse(&sum, refusals, rules, created->name);
}

/* AllowInstanceUpdate and AllowProfileUpdate run checkRestrictionsAndAggregateLimits
 * over the project with the change applied (lxd/project/permissions.go
 * :858-902, :938-965 at lxd-5.0.2; seen in migsim as "ok" for
 * `lxc config set C limits.cpu=8` over a project's limits.cpu=4): not
 * modelled yet. */
gboolean
ms_apply_project_aggregate_unmodelled(MsApply *apply, const char *project, const char *what,
                                      const char *where)
{
    if (!ms_project_has_aggregate_limits(apply->cluster, project))
        return TRUE;
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: %s in project %s, which sets aggregate "
                        "limits (LXD sums them again here: %s)",
                        apply->profile->name, what, ms_project_display(project), where));
}

/* A move into another project runs AllowInstanceCreation there (the
 * instance, then each snapshot as an instance of its own) at lxd-5.0.9
 * (checkTargetProjectRestrictions, lxd/instance_post.go:610-705) and from
 * lxd-5.21.6 (:1174-1275 at lxd-5.21.7); not at lxd-5.0.2 .. 5.0.8,
 * 5.1 .. 5.21.5 nor lxd-6.1 .. 6.9 (no caller in lxd/instance_post.go).
 * Incus checks the target project in its instancesPost (ms-project-limits.c).
 * migsim said ok to moving an instance with limits.cpu=8 into a project
 * with limits.cpu=4 at lxd-5.21.7: not modelled there. */
gboolean
ms_apply_project_move_aggregate(MsApply *apply, const MsInstance *instance, const char *project)
{
    MsVersion v = apply->profile->version;
    gboolean checked = ms_profile_is_incus(apply->profile) ||
                       (v >= MS_VERSION(5, 0, 9) && v < MS_VERSION(5, 1, 0)) ||
                       (v >= MS_VERSION(5, 21, 6) && v < MS_VERSION(6, 0, 0));

    if (!checked || !ms_project_has_aggregate_limits(apply->cluster, project))
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc move --target-project of %s into "
                                         "project %s, which sets aggregate limits (LXD sums them there: "
                                         "checkTargetProjectRestrictions)",
                                         apply->profile->name, instance->name, ms_project_display(project)));
}
