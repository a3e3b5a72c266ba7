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
 * limits.disk.pool.POOL (summed and set through projectValidateConfig
 * from LXD 5.21.3 and 6.2: model/ms-project.c, which
 * does not take the key for Incus; Incus sums it from v6.0.2 and v6.4.0,
 * git grep projectLimitDiskPool at each tag) is limits.disk over POOL
 * alone: the custom volumes whose pool is POOL and the instances whose
 * expanded root disk names POOL, the others skipped before their size is
 * read, its value parsed as limits.disk's (getTotalsAcrossProjectEntities
 * and getInstanceLimits, lxd/project/limits/permissions.go:1415-1510 at
 * lxd-5.21.7, :1376-1471 at lxd-6.9; internal/server/project/
 * permissions.go:1344-1440 at v6.0.4; until session 35 migsim said "not
 * modelled" to any project setting one).
 *
 * Incus runs LXD 5.0.2's code here (internal/server/project/permissions.go
 * :337-453, :1344-1487 at v6.0.4: the same functions, instances by name,
 * the default project's profiles where features.profiles is off, the
 * per-key AllowProjectUpdate) with limits.disk.pool.* added and, from
 * v6.0.5 and v6.15.0, limits.processes not counted for a VM (:1527 at
 * v6.0.6).
 *
 * Not modelled: a custom volume without a size, an empty
 * aggregate value, a project limit migsim cannot parse, a VM where
 * limits.disk counts (size.state, whose default depends on the release and
 * the pool's driver), an instance whose expanded devices have no root disk
 * or several, and another instance holding the new name. */
#include "ms-apply-private.h"
#include "ms-project.h"

#include <string.h>

static const char *const aggregate_keys[] = { "limits.cpu", "limits.disk", "limits.memory",
                                              "limits.processes" };

gboolean
ms_project_aggregate_key(const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(aggregate_keys); i++)
        if (g_str_equal(key, aggregate_keys[i]))
            return TRUE;
    return FALSE;
}

/* projectLimitDiskPool (lxd/project/limits/permissions.go:30 at lxd-5.21.7
 * and lxd-6.9; internal/server/project/project.go:19 at v6.0.4) */
#define DISK_POOL_PREFIX "limits.disk.pool."

/* The POOL of limits.disk.pool.POOL, else NULL. */
static const char *
disk_pool_of(const char *key)
{
    return g_str_has_prefix(key, DISK_POOL_PREFIX) ? key + strlen(DISK_POOL_PREFIX) : NULL;
}

/* Is @key summed over the project's entities (an aggregate key or a
 * per-pool disk limit)? */
static gboolean
counted_key(const char *key)
{
    return ms_project_aggregate_key(key) || disk_pool_of(key) != NULL;
}

/* limits.disk or limits.disk.pool.*: root disks and custom volumes */
static gboolean
disk_key(const char *key)
{
    return g_str_equal(key, "limits.disk") || disk_pool_of(key) != NULL;
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
        if (counted_key(key))
            return TRUE;
    return FALSE;
}

/* aggregateLimitConfigValueParsers (permissions.go:1371-1402 at
 * lxd-5.0.2): byte sizes for memory (no percentage) and disk, strconv.Atoi
 * for processes and cpu (no pinning: no ',' nor '-'); a per-pool key takes
 * limits.disk's ("Handle pool-specific limits", permissions.go:499-502 at
 * lxd-5.21.7, :476-479 at lxd-6.9).  FALSE when LXD's parser fails. */
static gboolean
parse_aggregate(const char *key, const char *value, gint64 *out)
{
    if (disk_pool_of(key) != NULL)
        key = "limits.disk";
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
    GPtrArray *keys;     /* the project's aggregate keys, sorted (LXD: map order) */
    GArray *limits;      /* gint64, one per key */
    GArray *totals;      /* gint64, one per key */
    const char *unknown; /* why migsim cannot decide (static text), NULL */
    /* a custom volume create (@vol_created, appended last, on @vol_pool) or
     * update (the new config on every project volume of that name) */
    const char *vol_name;
    const char *vol_pool;
    /* a move within the project (AllowVolumeMove): @vol_moved summed on
     * @vol_moved_pool */
    const MsVolume *vol_moved;
    const char *vol_moved_pool;
    GHashTable *vol_config;
    gboolean vol_created;
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

/* Incus from v6.0.5 and v6.15.0 leaves limits.processes out of a VM's
 * limits ("Skip processing for 'limits.processes' if the instance type is
 * VM", internal/server/project/permissions.go:1527 at v6.0.6 and v6.23.0;
 * absent at v6.0.4 and v6.14.0, git grep at every tag); LXD counts it. */
static gboolean
incus_skips_vm_processes(const MsProfile *profile)
{
    MsVersion v = profile->version;

    if (!ms_profile_is_incus(profile))
        return FALSE;
    if (v < MS_VERSION_INCUS(6, 1, 0))
        return v >= MS_VERSION_INCUS(6, 0, 5);
    return v >= MS_VERSION_INCUS(6, 15, 0);
}

/* Appends @text (owned) refused by @rule, unless an equal text is there:
 * getInstanceLimits returns one error per instance, whichever key comes
 * first in Go map order, and limits.disk and a per-pool key missing the
 * same root disk's size say the same words. */
static void
add_refusal(GPtrArray *refusals, GArray *rules, MsRuleId rule, char *text)
{
    for (guint i = 0; i < refusals->len; i++)
        if (g_str_equal(refusals->pdata[i], text)) {
            g_free(text);
            return;
        }
    g_array_append_val(rules, rule);
    g_ptr_array_add(refusals, text);
}

#define TOTAL(sum, k) g_array_index((sum)->totals, gint64, (k))
#define LIMIT(sum, k) g_array_index((sum)->limits, gint64, (k))

/* The value limits.disk or limits.disk.pool.POOL reads from @instance: its
 * expanded root disk's size ("" where unset), or NULL where the key skips
 * the instance (a root disk on another pool: getInstanceLimits continues
 * before reading the size, lxd/project/limits/permissions.go:1493-1495 at
 * lxd-5.21.7, :1454-1456 at lxd-6.9; internal/server/project/
 * permissions.go:1418-1420 at v6.0.4) or migsim cannot judge it
 * (sum->unknown set). */
static const char *
instance_disk_value(Sum *sum, const MsInstance *instance, const char *key, MsDevices **devices)
{
    const char *pool = disk_pool_of(key);
    MsDevice *root;
    const char *size;

    if (*devices == NULL)
        *devices = ms_cluster_expand_devices(sum->apply->cluster, instance);
    root = single_root_disk(*devices);
    if (root == NULL) {
        sum->unknown = "an instance without a single root disk";
        return NULL;
    }
    if (pool != NULL && g_strcmp0(ms_device_lookup(root, "pool"), pool) != 0)
        return NULL;
    if (instance->type == MS_INSTANCE_VM) {
        sum->unknown = "a VM's root disk counts its size.state too";
        return NULL;
    }
    size = ms_device_lookup(root, "size");
    return size != NULL ? size : "";
}

/* getInstanceLimits of @instance: each key's value added to the totals, or
 * the refusal of each failing key appended to @refusals (rule, message). */
static void
instance_limits(Sum *sum, const MsInstance *instance, GPtrArray *refusals, GArray *rules)
{
    MsApply *apply = sum->apply;
    const char *display = ms_project_display(instance->project);
    g_autoptr(MsDevices) devices = NULL;

    for (guint k = 0; k < sum->keys->len && sum->unknown == NULL; k++) {
        const char *key = sum->keys->pdata[k];
        const char *value;
        MsRuleId missing = MS_RULE_PROJECT_AGGREGATE_NO_CONFIG;
        gint64 amount = 0;

        if (g_str_equal(key, "limits.processes") && instance->type == MS_INSTANCE_VM &&
            incus_skips_vm_processes(apply->profile))
            continue;
        if (disk_key(key)) {
            value = instance_disk_value(sum, instance, key, &devices);
            if (value == NULL)
                continue;
            missing = MS_RULE_PROJECT_AGGREGATE_NO_SIZE;
        } else {
            value = ms_cluster_expanded_value(apply->cluster, apply->profile, instance, key, NULL, NULL);
        }
        /* check sites: PROJECT_AGGREGATE_NO_SIZE PROJECT_AGGREGATE_NO_CONFIG */
        if (ms_apply_check(apply, missing, instance->name, value == NULL || *value == '\0')) {
            add_refusal(refusals, rules, missing,
                        missing == MS_RULE_PROJECT_AGGREGATE_NO_SIZE
                            ? ms_rule_message(missing, apply->profile, instance->name, display)
                            : ms_rule_message(missing, apply->profile, instance->name, display, key));
            continue;
        }
        if (ms_apply_check(apply, MS_RULE_PROJECT_AGGREGATE_PARSE, instance->name,
                           !parse_aggregate(key, value, &amount))) {
            add_refusal(refusals, rules, MS_RULE_PROJECT_AGGREGATE_PARSE,
                        ms_rule_message(MS_RULE_PROJECT_AGGREGATE_PARSE, apply->profile, key, instance->name,
                                        display));
            continue;
        }
        TOTAL(sum, k) += amount;
    }
}

/* @inner wrapped by @wrap; the project update's names the project
 * ("Conflict detected when updating project %q: %w") */
static char *
wrap_text(const Sum *sum, MsRuleId wrap, const char *inner)
{
    if (wrap == MS_RULE_PROJECT_RESTRICT_CONFLICT_WRAP)
        return ms_rule_message(wrap, sum->apply->profile, sum->display, inner, "");
    return ms_rule_message(wrap, sum->apply->profile, inner);
}

/* Refuses with the first of @refusals, the others alternatives (Go map
 * order), wrapped by @wrap. */
static gboolean
refuse(Sum *sum, GPtrArray *refusals, GArray *rules, MsRuleId wrap, const char *subject)
{
    MsApply *apply = sum->apply;
    char *first;

    for (guint i = 1; i < refusals->len; i++) {
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->alternatives,
                        wrap_text(sum, wrap, (const char *) refusals->pdata[i]));
    }
    if (refusals->len > 1)
        ms_outcome_add_note(apply->outcome,
                            "%u refusals of project %s's aggregate limits (keys or instances) on this %s: "
                            "LXD names any one of them (Go map order)",
                            refusals->len, sum->display,
                            wrap == MS_RULE_PROJECT_CREATE_WRAP          ? "create"
                            : wrap == MS_RULE_PROJECT_UPDATE_WRAP        ? "instance update"
                            : wrap == MS_RULE_PROJECT_PROFILE_WRAP       ? "profile update"
                            : wrap == MS_RULE_PROJECT_VOLUME_CREATE_WRAP ? "volume create"
                            : wrap == MS_RULE_PROJECT_VOLUME_UPDATE_WRAP ? "volume update"
                            : wrap == MS_RULE_PROJECT_VOLUME_MOVE_WRAP   ? "volume move"
                                                                         : "project update");
    first = wrap_text(sum, wrap, (const char *) refusals->pdata[0]);
    /* PROJECT_VOLUME_CREATE_WRAP, PROJECT_VOLUME_UPDATE_WRAP, PROJECT_VOLUME_MOVE_WRAP too (the volume paths) */
    /* check sites: PROJECT_CREATE_WRAP PROJECT_UPDATE_WRAP PROJECT_PROFILE_WRAP PROJECT_RESTRICT_CONFLICT_WRAP PROJECT_VOLUME_CREATE_WRAP PROJECT_VOLUME_UPDATE_WRAP PROJECT_VOLUME_MOVE_WRAP */
    ms_apply_check(apply, wrap, subject, TRUE);
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

    /* Incus: cluster.GetInstances, ORDER BY projects.id, instances.name
     * (internal/server/db/cluster/instances.mapper.go:22 at v6.0.4, :20 at
     * v7.3.0) */
    if (ms_profile_is_incus(profile))
        return FALSE;
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

/* Incus releases where the rows were not read (7.x: the wrappers' rows
 * stop at 6.23, model/ms-rules-incus.c) answer "not modelled" before
 * summing, rather than "ok" where the sums pass. */
static gboolean
incus_unread(const MsProfile *profile)
{
    return ms_profile_is_incus(profile) && ms_rule_unmodelled(MS_RULE_PROJECT_AGGREGATE_REACHED, profile);
}

/* Reads the project's keys and limits into @sum; FALSE when not modelled. */
static gboolean
read_limits(Sum *sum, const MsProject *project)
{
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, project->config);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (!counted_key(key))
            continue;
        /* 5.0.2 keeps an empty value among the keys, 5.21.7 skips it */
        if (value == NULL || *(const char *) value == '\0') {
            sum->unknown = "an empty aggregate limit";
            return FALSE;
        }
        g_ptr_array_add(sum->keys, key);
    }
    g_ptr_array_sort(sum->keys, ms_compare_string_ptrs);
    g_array_set_size(sum->limits, sum->keys->len);
    g_array_set_size(sum->totals, sum->keys->len);
    for (guint k = 0; k < sum->keys->len; k++) {
        if (!parse_aggregate(sum->keys->pdata[k], ms_config_get(project->config, sum->keys->pdata[k]),
                             &LIMIT(sum, k))) {
            sum->unknown = "a limit migsim cannot parse";
            return FALSE;
        }
    }
    return TRUE;
}

/* Could @volume, whose @config has no size, hold one in LXD?  Its pool's
 * volume.size is copied into a custom volume's config at create
 * (fillVolumeConfig, lxd/storage/drivers/driver_common.go:111-145 at
 * lxd-6.9), and powerflex sets volume.size by default
 * (driver_powerflex.go:150-151 at lxd-5.21.7). */
static gboolean
pool_size_unfilled(const MsCluster *cluster, const MsVolume *volume, GHashTable *config)
{
    const MsPool *pool = ms_cluster_lookup_pool(cluster, volume->pool);

    if (config != NULL && ms_config_get(config, "size") != NULL)
        return TRUE;
    return pool != NULL && g_strcmp0(pool->driver, "powerflex") != 0 &&
           (pool->config == NULL || ms_config_get(pool->config, "volume.size") == NULL);
}

/* Does @key sum the custom volumes of @pool (limits.disk, or
 * limits.disk.pool.POOL: "poolName != "" && volume.PoolName != poolName"
 * skips the others, lxd/project/limits/permissions.go:1428-1430 at
 * lxd-5.21.7, :1389-1391 at lxd-6.9)? */
static gboolean
key_sums_volume(const char *key, const char *pool)
{
    return g_str_equal(key, "limits.disk") ||
           (disk_pool_of(key) != NULL && g_strcmp0(disk_pool_of(key), pool) == 0);
}

/* Does @keys hold limits.disk or a limits.disk.pool.* key? */
static gboolean
any_disk_key(GPtrArray *keys)
{
    for (guint k = 0; k < keys->len; k++)
        if (disk_key(keys->pdata[k]))
            return TRUE;
    return FALSE;
}

static gboolean
volume_counted(const Sum *sum, const char *pool)
{
    for (guint k = 0; k < sum->keys->len; k++)
        if (key_sums_volume(sum->keys->pdata[k], pool))
            return TRUE;
    return FALSE;
}

/* One custom volume's size (on @pool) added to limits.disk and its pool's
 * limits.disk.pool.POOL; a volume without one counted in @unsized (its
 * name kept in @unsized_name).  A volume no key sums is skipped. */
static void
volume_size(Sum *sum, const char *name, const char *pool, GHashTable *config, guint *unsized,
            const char **unsized_name)
{
    const char *size = config != NULL ? ms_config_get(config, "size") : NULL;
    gint64 bytes = 0;
    g_autofree char *error = NULL;

    if (!volume_counted(sum, pool))
        return;
    if (size == NULL) {
        (*unsized)++;
        *unsized_name = name;
        return;
    }
    error = ms_byte_size_parse(size, &bytes);
    if (error != NULL)
        sum->unknown = "a custom volume size migsim cannot parse";
    for (guint k = 0; k < sum->keys->len; k++)
        if (key_sums_volume(sum->keys->pdata[k], pool))
            TOTAL(sum, k) += bytes;
}

/* limits.disk and limits.disk.pool.* over the project's custom volumes (its own, whatever
 * features.storage.volumes says: GetCustomVolumesInProject,
 * lxd/db/storage_volumes.go:884-919 at lxd-5.0.2, :864-905 at lxd-6.9; no
 * snapshots: they are another table), summed before any instance
 * (getTotalsAcrossProjectEntities, lxd/project/permissions.go:1258-1274 at
 * lxd-5.0.2, lxd/project/limits/permissions.go:1379-1406 at lxd-6.9), the
 * volume a create adds last, the config an update sends on each volume of
 * its name (AllowVolumeUpdate matches the name only).  One without a size
 * refuses: PROJECT.AGGREGATE_VOLUME_NO_SIZE; FALSE then.  Several: the
 * query is unsorted, not modelled. */
static gboolean
volume_limits(Sum *sum, GPtrArray *refusals, GArray *rules)
{
    MsApply *apply = sum->apply;
    guint unsized = 0;
    const char *unsized_name = NULL;
    MsRuleId rule = MS_RULE_PROJECT_AGGREGATE_VOLUME_NO_SIZE;

    for (guint i = 0; i < apply->cluster->volumes->len && sum->unknown == NULL; i++) {
        const MsVolume *volume = apply->cluster->volumes->pdata[i];
        gboolean replaced =
            sum->vol_name != NULL && !sum->vol_created && g_str_equal(volume->name, sum->vol_name);

        const char *pool = volume == sum->vol_moved ? sum->vol_moved_pool : volume->pool;

        if (!ms_project_same(volume->project, sum->project_name) || !volume_counted(sum, pool))
            continue;
        /* an update's config is the volume's as lxc read it back, the
         * pool's filled size included */
        if (!pool_size_unfilled(apply->cluster, volume, replaced ? sum->vol_config : volume->config))
            sum->unknown = "a custom volume created on a pool with volume.size (LXD's FillVolumeConfig "
                           "stores it as the volume's size, lxd/storage/drivers/driver_common.go:111-145 at "
                           "lxd-6.9; migsim does not)";
        volume_size(sum, volume->name, pool, replaced ? sum->vol_config : volume->config, &unsized,
                    &unsized_name);
    }
    if (sum->vol_name != NULL && sum->vol_created && sum->unknown == NULL)
        volume_size(sum, sum->vol_name, sum->vol_pool, sum->vol_config, &unsized, &unsized_name);
    if (unsized > 1 && sum->unknown == NULL)
        sum->unknown = "several custom volumes without a size (an unsorted query names any)";
    /* check sites: PROJECT_AGGREGATE_VOLUME_NO_SIZE */
    if (sum->unknown != NULL || !ms_apply_check(apply, rule, unsized_name, unsized == 1))
        return TRUE;
    g_array_append_val(rules, rule);
    g_ptr_array_add(refusals, ms_rule_message(rule, apply->profile, unsized_name, sum->display));
    return FALSE;
}

/* One run of checkAggregateLimits over @project_name's instances.  A
 * create (@created TRUE) appends @changed, not yet in the cluster, last
 * (AllowInstanceCreation); an update puts @changed in place of the
 * instance of its name (AllowInstanceUpdate: req's profiles, config and
 * devices; lxd/project/permissions.go:869-879 at lxd-5.0.2,
 * lxd/project/limits/permissions.go:1006-1016 at lxd-5.21.7, :967-977 at
 * lxd-6.9); a profile update passes NULL, the cluster already holding the
 * new profile (AllowProfileUpdate, permissions.go:948-956 at lxd-5.0.2,
 * :1085-1093 at lxd-5.21.7, :1046-1054 at lxd-6.9); a project update
 * passes NULL and @project with its new config.  Refusals wrapped by
 * @wrap. */
static gboolean
aggregate_check_volume(MsApply *apply, const MsProject *project, const char *project_name,
                       const MsInstance *changed, gboolean created, MsRuleId wrap, const char *subject,
                       const Sum *volume_change)
{
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) rules = g_array_new(FALSE, FALSE, sizeof(MsRuleId));
    g_autoptr(GPtrArray) instances = g_ptr_array_new();
    g_autoptr(GArray) limits = g_array_new(FALSE, TRUE, sizeof(gint64));
    g_autoptr(GArray) totals = g_array_new(FALSE, TRUE, sizeof(gint64));
    Sum sum = { .apply = apply,
                .project_name = project_name,
                .display = ms_project_display(project_name),
                .keys = keys,
                .limits = limits,
                .totals = totals };
    guint n_existing;
    GHashTableIter iter;
    gpointer value;

    if (incus_unread(apply->profile))
        return not_modelled(apply, sum.display,
                            "its instances (the Incus source was not read at this release)");
    if (volume_change != NULL) {
        sum.vol_name = volume_change->vol_name;
        sum.vol_pool = volume_change->vol_pool;
        sum.vol_moved = volume_change->vol_moved;
        sum.vol_moved_pool = volume_change->vol_moved_pool;
        sum.vol_config = volume_change->vol_config;
        sum.vol_created = volume_change->vol_created;
    }
    if (!read_limits(&sum, project))
        return not_modelled(apply, sum.display, sum.unknown);
    g_hash_table_iter_init(&iter, apply->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        if (!ms_project_same(instance->project, project_name) || instance == changed)
            continue;
        if (changed != NULL && g_str_equal(instance->name, changed->name)) {
            if (created)
                return not_modelled(apply, sum.display, "an instance that already holds the new name");
            value = (gpointer) changed;
        }
        g_ptr_array_add(instances, value);
    }
    /* an update of the cluster's own instance, changed in place */
    if (changed != NULL && !created && !g_ptr_array_find(instances, changed, NULL))
        g_ptr_array_add(instances, (gpointer) changed);
    /* From 5.21.4 and 6.3 FetchProject takes the profiles from
     * GetProjectInstancesAndProfiles, which gives a non-default project
     * without features.profiles none (the default project's profiles go to
     * projectArgs["default"] only, lxd/db/projects.go:93-122 at lxd-5.21.7
     * and lxd-6.9; lxd/project/limits/permissions.go:1355-1363 at
     * lxd-5.21.7): expandInstancesConfigAndDevices then expands nothing
     * (nothing to expand in a project without instances). */
    if ((instances->len > 0 || created) && !g_str_equal(sum.display, "default") &&
        ms_cluster_profile_project(apply->cluster, project_name) == NULL &&
        !ms_profile_is_incus(apply->profile) &&
        ((apply->profile->version >= MS_VERSION(5, 21, 4) && apply->profile->version < MS_VERSION(6, 0, 0)) ||
         apply->profile->version >= MS_VERSION(6, 3, 0)))
        return not_modelled(apply, sum.display,
                            "a project without features.profiles (LXD expands no profile there: "
                            "lxd/db/projects.go:115-122 at lxd-5.21.7)");
    g_ptr_array_sort(instances, compare_instance_names);
    n_existing = instances->len;
    if (created)
        g_ptr_array_add(instances, (gpointer) changed);

    if (any_disk_key(keys) && !volume_limits(&sum, refusals, rules))
        return refuse(&sum, refusals, rules, wrap, subject);
    if (map_ordered_instances(apply->profile)) {
        /* every instance in the cluster may come first: each one's refusals
         * are alternatives; a created one (last) only when none refuses */
        for (guint i = 0; i < n_existing && sum.unknown == NULL; i++)
            instance_limits(&sum, instances->pdata[i], refusals, rules);
        if (created && refusals->len == 0 && sum.unknown == NULL)
            instance_limits(&sum, changed, refusals, rules);
    } else {
        for (guint i = 0; i < instances->len && refusals->len == 0 && sum.unknown == NULL; i++)
            instance_limits(&sum, instances->pdata[i], refusals, rules);
    }
    if (sum.unknown != NULL)
        return not_modelled(apply, sum.display, sum.unknown);
    if (refusals->len > 0) {
        /* "Failed getting usage of project entities: ..." */
        return refuse(&sum, refusals, rules, wrap, subject);
    }
    for (guint k = 0; k < keys->len; k++) {
        const char *key = keys->pdata[k];
        MsRuleId rule = MS_RULE_PROJECT_AGGREGATE_REACHED;
        /* check sites: PROJECT_AGGREGATE_REACHED */
        if (ms_apply_check(apply, rule, subject, TOTAL(&sum, k) > LIMIT(&sum, k))) {
            g_array_append_val(rules, rule);
            g_ptr_array_add(refusals, ms_rule_message(rule, apply->profile,
                                                      ms_config_get(project->config, key), key, sum.display));
        }
    }
    return refusals->len == 0 || refuse(&sum, refusals, rules, wrap, subject);
}

static gboolean
aggregate_check(MsApply *apply, const MsProject *project, const char *project_name, const MsInstance *changed,
                gboolean created, MsRuleId wrap, const char *subject)
{
    return aggregate_check_volume(apply, project, project_name, changed, created, wrap, subject, NULL);
}

gboolean
ms_apply_project_aggregate_create(MsApply *apply, const MsInstance *created)
{
    if (!ms_project_has_aggregate_limits(apply->cluster, created->project))
        return TRUE;
    return aggregate_check(apply, ms_cluster_lookup_restricting_project(apply->cluster, created->project),
                           created->project, created, TRUE, MS_RULE_PROJECT_CREATE_WRAP, created->name);
}

/* AllowInstanceUpdate: the aggregate limits with @changed in place, before
 * the restrictions (checkRestrictionsAndAggregateLimits,
 * lxd/project/permissions.go:309-349 at lxd-5.0.2;
 * checkInstanceRestrictionsAndAggregateLimits,
 * lxd/project/limits/permissions.go:395-442 at lxd-5.21.7, :372-420 at
 * lxd-6.9), wrapped "Failed checking if instance update allowed: "
 * (until session 32 migsim said "not modelled" here).  @volatile_key: a
 * volatile key the request sets, which checkRestrictionsOnVolatileConfig
 * judges first (its gate reads project.Config["restrict"], a key never
 * set, so it runs in every project with limits: permissions.go:163-166 at
 * lxd-5.0.2): not modelled. */
gboolean
ms_apply_project_aggregate_update(MsApply *apply, const MsInstance *changed, const char *volatile_key)
{
    if (!ms_project_has_aggregate_limits(apply->cluster, changed->project))
        return TRUE;
    if (volatile_key != NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: the volatile key %s in project %s, "
                            "which sets aggregate limits (checkRestrictionsOnVolatileConfig "
                            "judges it first there)",
                            apply->profile->name, volatile_key, ms_project_display(changed->project)));
    return aggregate_check(apply, ms_cluster_lookup_restricting_project(apply->cluster, changed->project),
                           changed->project, changed, FALSE, MS_RULE_PROJECT_UPDATE_WRAP, changed->name);
}

/* AllowProfileUpdate: the aggregate limits of the profile's own project
 * (@project; fetchProject reads that project's instances only, so a
 * default-project profile used in a project without features.profiles is
 * summed over the default project's instances), expanded with the new
 * profile, which the cluster already holds; wrapped "Failed checking if
 * profile update allowed: ". */
gboolean
ms_apply_project_aggregate_profile(MsApply *apply, const char *project, const char *profile_name)
{
    if (!ms_project_has_aggregate_limits(apply->cluster, project))
        return TRUE;
    return aggregate_check(apply, ms_cluster_lookup_restricting_project(apply->cluster, project), project,
                           NULL, FALSE, MS_RULE_PROJECT_PROFILE_WRAP, profile_name);
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

/* A snapshot restore sends the snapshot's config, devices and profiles
 * through AllowInstanceUpdate from lxd-5.0.7 and lxd-5.21.5
 * (lxd/instance_put.go:248 at lxd-5.0.8, :258 at lxd-5.21.7), not in
 * lxd-6.1 .. 6.9 nor before (one caller, the PUT, in lxd/instance_put.go
 * at lxd-5.0.6, lxd-5.21.4, lxd-6.9).  migsim does not sum a snapshot's
 * config: not modelled where it runs. */
gboolean
ms_apply_project_aggregate_restore(MsApply *apply, const MsInstance *instance)
{
    MsVersion v = apply->profile->version;
    gboolean checked = ms_profile_is_incus(apply->profile) ||
                       (v >= MS_VERSION(5, 0, 7) && v < MS_VERSION(5, 1, 0)) ||
                       (v >= MS_VERSION(5, 21, 5) && v < MS_VERSION(6, 0, 0));

    if (!checked || !ms_project_has_aggregate_limits(apply->cluster, instance->project))
        return TRUE;
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc restore of %s in project %s, which "
                        "sets aggregate limits (the snapshot's config goes through "
                        "AllowInstanceUpdate there)",
                        apply->profile->name, instance->name, ms_project_display(instance->project)));
}

/* A custom volume create (@created: @name with @config appended to the
 * project's volumes) or update (@config on every volume of @name) in
 * @project: AllowVolumeCreation and AllowVolumeUpdate run
 * checkRestrictionsAndAggregateLimits, every aggregate key over every
 * instance included, the new volume's size unset unless the request sets
 * it (its pool's volume.size comes later, in the backend), where the
 * project sets limits.disk (lxd/project/permissions.go:229-254, :904-933
 * at lxd-5.0.2; lxd/project/limits/permissions.go:279-312, :1002-1032 at
 * lxd-6.9; the same gate at every 5.0.x, 5.1 .. 5.20, 5.21.0 .. 5.21.6
 * and 6.x tag, git grep 'If "limits.disk" is not set'; seen live on
 * 5.0.2: a create without size refused with 'Failed checking if volume
 * creation allowed: Failed getting usage of project entities: Custom
 * volume "v1" in project "v" has no "size" config set').  lxd-5.21.7
 * dropped the gate: any limit counts there (:258-280, :1041-1071 at
 * lxd-5.21.7).  Refusals wrapped by PROJECT.VOLUME_CREATE_WRAP or
 * PROJECT.VOLUME_UPDATE_WRAP.  Not modelled: Incus (not read), and the
 * restrictions a restricted project checks after the sums (until session
 * 33 migsim said "not modelled" to any such create or update). */
gboolean
ms_apply_project_aggregate_volume(MsApply *apply, const char *project, const char *name, const char *pool,
                                  GHashTable *config, gboolean created)
{
    const MsProject *p = ms_cluster_lookup_restricting_project(apply->cluster, project);
    MsVersion v = apply->profile->version;
    gboolean disk_only =
        !ms_profile_is_incus(apply->profile) && !(v >= MS_VERSION(5, 21, 7) && v < MS_VERSION(6, 0, 0));
    const char *what = created ? "a custom volume create" : "a custom volume update";
    const char *counted = NULL;
    Sum change = { .vol_name = name, .vol_pool = pool, .vol_config = config, .vol_created = created };
    GHashTableIter iter;
    gpointer key, value;

    if (p == NULL || p->config == NULL)
        return TRUE;
    g_hash_table_iter_init(&iter, p->config);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        gboolean counts = disk_only ? g_str_equal(key, "limits.disk") : counted_key(key);
        if (counts && value != NULL && *(const char *) value != '\0')
            counted = key;
    }
    if (counted == NULL)
        return TRUE;
    if (ms_profile_is_incus(apply->profile) || ms_is_true(ms_config_get(p->config, "restricted")))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: %s in project %s, which sets %s "
                            "(the server sums the project's volumes and instances "
                            "there: AllowVolumeCreation, AllowVolumeUpdate%s)",
                            apply->profile->name, what, ms_project_display(project), counted,
                            ms_profile_is_incus(apply->profile) ? "" : ", then its restrictions"));
    return aggregate_check_volume(
        apply, p, project, NULL, FALSE,
        created ? MS_RULE_PROJECT_VOLUME_CREATE_WRAP : MS_RULE_PROJECT_VOLUME_UPDATE_WRAP, name, &change);
}

/* Does AllowProjectUpdate check the project's aggregate limits against its
 * instances on every update, with the new config
 * (checkInstanceRestrictionsAndAggregateLimits, "Conflict detected when
 * updating project %q: ", lxd/project/limits/permissions.go:1129-1131 at
 * lxd-5.21.5, :1192-1197 at lxd-5.21.7, :1153-1158 at lxd-6.9; from
 * lxd-6.6), or only the changed keys' totals against their new values
 * (validateAggregateLimit after the changed keys' loop,
 * lxd/project/permissions.go:1024-1036, :1102-1120 at lxd-5.0.2; the same
 * to lxd-5.21.4 and lxd-6.5)? */
static gboolean
project_update_whole(const MsProfile *profile)
{
    MsVersion v = profile->version;

    if (ms_profile_is_incus(profile))
        return FALSE;
    return (v >= MS_VERSION(5, 21, 5) && v < MS_VERSION(6, 0, 0)) || v >= MS_VERSION(6, 6, 0);
}

/* From 5.21.5 and 6.6 AllowProjectUpdate runs checkAggregateLimits over
 * the project's instances with @config, the new config, whatever key the
 * update changes, before the restrictions and the count limits; an empty
 * aggregate value is skipped there (permissions.go:401-404 at lxd-5.21.7).
 * TRUE where the release does not or nothing refuses. */
gboolean
ms_apply_project_aggregate_conflict(MsApply *apply, const MsProject *project, GHashTable *config)
{
    MsProject updated = *project;
    GHashTableIter iter;
    gpointer key, value;
    gboolean any = FALSE;

    if (ms_profile_is_incus(apply->profile) || !project_update_whole(apply->profile))
        return TRUE;
    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        any = any || (counted_key(key) && value != NULL && *(const char *) value != '\0');
    if (!any)
        return TRUE;
    /* an empty one is skipped there: migsim reads no key of an empty value */
    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (counted_key(key) && (value == NULL || *(const char *) value == '\0'))
            return not_modelled(apply, ms_project_display(project->name), "an empty aggregate limit");
    updated.config = config;
    return aggregate_check(apply, &updated, project->name, NULL, FALSE,
                           MS_RULE_PROJECT_RESTRICT_CONFLICT_WRAP, ms_project_display(project->name));
}

/* units.GetByteSizeStringIEC(@bytes, 1) (shared/units/units.go:179-194 at
 * lxd-5.0.2): "%dB" below 1 KiB, else one decimal of the first unit under
 * 1024 (Go's %.*f and C's round alike: the exact binary value, half to
 * even) */
static char *
iec_size(gint64 bytes)
{
    static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double value = (double) bytes;

    if (bytes < 1024)
        return g_strdup_printf("%" G_GINT64_FORMAT "B", bytes);
    for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
        value /= 1024;
        if (value < 1024)
            return g_strdup_printf("%.1f%s", value, units[i]);
    }
    return g_strdup_printf("%.1fEB", value);
}

/* Until 5.21.4 and 6.5, after the changed keys' loop (its restricted.* and
 * count checks: ms_apply_project_update_restrictions,
 * ms_apply_project_count_lowering), AllowProjectUpdate sums the changed
 * aggregate keys over the project's instances and volumes
 * (getTotalsAcrossProjectEntities with skipUnset false, its error
 * unwrapped) and refuses a new value below its total: '"%s" is too low:
 * current total is "%s"' (PROJECT.AGGREGATE_LOWER; validateAggregateLimit,
 * lxd/project/permissions.go:1102-1120 at lxd-5.0.2; seen live on 5.0.2:
 * `lxc project set p limits.memory=512MiB` over 768MiB + 256MiB, 'current
 * total is "1.0GiB"').  The changed keys come in Go map order
 * (configChanged, lxd/api_project.go:649-660 at lxd-5.0.2): two keys below
 * their totals are alternatives.  A custom volume without a size, an
 * instance without a key, or whose value the parser refuses, fails the sum
 * first with LXD's unwrapped text (lowering_sum_refused; until session 33
 * not modelled). */
/* AllowProjectUpdate returns getTotalsAcrossProjectEntities's error as it
 * is (lxd/project/permissions.go:1024-1028 at lxd-5.0.2; lxd/api_project.go
 * :707 adds nothing): the refusal without checkAggregateLimits's "Failed
 * getting usage of project entities: " (:393), the others alternatives. */
static gboolean
lowering_sum_refused(MsApply *apply, Sum *sum, GPtrArray *refusals, GArray *rules)
{
    static const char prefix[] = "Failed getting usage of project entities: ";

    for (guint i = 0; i < refusals->len; i++) {
        char *text = refusals->pdata[i];
        if (g_str_has_prefix(text, prefix))
            memmove(text, text + strlen(prefix), strlen(text) - strlen(prefix) + 1);
        if (i == 0)
            continue;
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->alternatives, g_strdup(text));
    }
    if (refusals->len > 1)
        ms_outcome_add_note(apply->outcome,
                            "%u refusals of project %s's aggregate sums on this project update: LXD names "
                            "any one of them (Go map order)",
                            refusals->len, sum->display);
    return ms_apply_fail(apply, g_array_index(rules, MsRuleId, 0), 500, FALSE, g_strdup(refusals->pdata[0]));
}

gboolean
ms_apply_project_aggregate_lowering(MsApply *apply, const MsProject *project, GHashTable *config)
{
    MsProject updated = *project;
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) rules = g_array_new(FALSE, FALSE, sizeof(MsRuleId));
    g_autoptr(GPtrArray) instances = g_ptr_array_new();
    g_autoptr(GPtrArray) failing = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) limits = g_array_new(FALSE, TRUE, sizeof(gint64));
    g_autoptr(GArray) totals = g_array_new(FALSE, TRUE, sizeof(gint64));
    Sum sum = { .apply = apply,
                .project_name = project->name,
                .display = ms_project_display(project->name),
                .keys = keys,
                .limits = limits,
                .totals = totals };
    GHashTableIter iter;
    gpointer value;

    /* Incus: the per-key form at every tag read (AllowProjectUpdate,
     * internal/server/project/permissions.go:1028-1101, validateAggregateLimit
     * :1163-1195 at v6.0.4; :1090-1163, :1225-1257 at v6.0.6 and v6.23.0).
     * A changed limits.disk.pool.* key is not summed here: the changed
     * keys' switch has no case for it (lxd/project/limits/permissions.go
     * :1122-1144 at lxd-5.21.4; internal/server/project/permissions.go
     * :1061-1082 at v6.0.4). */
    if (project_update_whole(apply->profile))
        return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(aggregate_keys); i++) {
        const char *old = ms_config_get(project->config, aggregate_keys[i]);
        const char *now = ms_config_get(config, aggregate_keys[i]);
        /* configChanged: an old key whose value differs (a missing one
         * reads ""), or a new key, even "" */
        if ((old != NULL && g_strcmp0(old, now != NULL ? now : "") != 0) || (old == NULL && now != NULL))
            g_ptr_array_add(keys, (gpointer) aggregate_keys[i]);
    }
    if (keys->len == 0)
        return TRUE;
    g_array_set_size(totals, keys->len);
    g_array_set_size(limits, keys->len);
    if (incus_unread(apply->profile))
        return not_modelled(apply, sum.display,
                            "its instances (the Incus source was not read at this release)");
    updated.config = config;
    g_hash_table_iter_init(&iter, apply->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        if (ms_project_same(((const MsInstance *) value)->project, project->name))
            g_ptr_array_add(instances, value);
    if (instances->len > 0 && !g_str_equal(sum.display, "default") &&
        ms_cluster_profile_project(apply->cluster, project->name) == NULL &&
        !ms_profile_is_incus(apply->profile) &&
        ((apply->profile->version >= MS_VERSION(5, 21, 4) && apply->profile->version < MS_VERSION(6, 0, 0)) ||
         apply->profile->version >= MS_VERSION(6, 3, 0)))
        return not_modelled(apply, sum.display,
                            "a project without features.profiles (LXD expands no profile there: "
                            "lxd/db/projects.go:115-122 at lxd-5.21.7)");
    /* the volumes first, then the instances: by name, the first refusing
     * one's error (its changed keys in Go map order: alternatives), or in
     * Go map order from 5.21.3 and 6.2 (any refusing one) */
    g_ptr_array_sort(instances, compare_instance_names);
    if (!any_disk_key(keys) || volume_limits(&sum, refusals, rules))
        for (guint i = 0; i < instances->len && sum.unknown == NULL; i++)
            if (refusals->len == 0 || map_ordered_instances(apply->profile))
                instance_limits(&sum, instances->pdata[i], refusals, rules);
    if (sum.unknown != NULL)
        return not_modelled(apply, sum.display, sum.unknown);
    if (refusals->len > 0)
        return lowering_sum_refused(apply, &sum, refusals, rules);
    for (guint k = 0; k < keys->len; k++) {
        const char *key = keys->pdata[k];
        const char *now = ms_config_get(updated.config, key);
        gint64 limit = 0;
        /* validateAggregateLimit: an unset or empty value passes */
        if (now == NULL || *now == '\0')
            continue;
        if (!parse_aggregate(key, now, &limit))
            return not_modelled(apply, sum.display, "a new limit migsim cannot parse");
        /* check sites: PROJECT_AGGREGATE_LOWER */
        if (ms_apply_check(apply, MS_RULE_PROJECT_AGGREGATE_LOWER, key, limit < TOTAL(&sum, k))) {
            g_autofree char *total = g_str_equal(key, "limits.memory") || g_str_equal(key, "limits.disk")
                                         ? iec_size(TOTAL(&sum, k))
                                         : g_strdup_printf("%" G_GINT64_FORMAT, TOTAL(&sum, k));
            g_ptr_array_add(failing,
                            ms_rule_message(MS_RULE_PROJECT_AGGREGATE_LOWER, apply->profile, key, total));
        }
    }
    if (failing->len == 0)
        return TRUE;
    for (guint i = 1; i < failing->len; i++) {
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->alternatives, g_strdup(failing->pdata[i]));
    }
    if (failing->len > 1)
        ms_outcome_add_note(apply->outcome,
                            "%u aggregate limits of project %s are below their totals: LXD names any one of "
                            "them (Go map order)",
                            failing->len, sum.display);
    return ms_apply_fail(apply, MS_RULE_PROJECT_AGGREGATE_LOWER, 500, FALSE, g_strdup(failing->pdata[0]));
}

/* A move with --target within its project: at lxd-5.21.7 the move's
 * operation runs checkTargetProjectRestrictions first, which for the same
 * project is AllowInstanceUpdate with the instance's merged config
 * (lxd/instance_post.go:1179-1188, called at :686 by instancePostMigration,
 * which every --target move runs, :463); lxd-5.21.6 returns nil there for
 * the same project (:1174-1176 at lxd-5.21.6).  lxd-5.0.9 runs it
 * (:615-624) only from instancePostMigration, which only a move with a
 * pool or a project takes (:295, :306 at lxd-5.0.9; a plain --target move
 * goes through migrateInstance, :332).  Not at lxd-6.x nor before.  Review
 * revA, session 32: was every --target move from 5.0.9 and 5.21.6.  Where the project's sums
 * pass, so does the move; where they refuse (an instance already without a
 * limit, say), how the operation's error reaches lxc is not read: not
 * modelled, with LXD's inner text. */
gboolean
ms_apply_project_move_same_aggregate(MsApply *apply, const MsInstance *instance)
{
    MsVersion v = apply->profile->version;
    gboolean checked = !ms_profile_is_incus(apply->profile) &&
                       ((v >= MS_VERSION(5, 0, 9) && v < MS_VERSION(5, 1, 0) && apply->op->pool != NULL) ||
                        (v >= MS_VERSION(5, 21, 7) && v < MS_VERSION(6, 0, 0)));
    MsEnv quiet = { .profile = apply->env->profile, .client = apply->env->client };
    MsApply probe = { apply->cluster, &quiet, apply->profile, apply->op, NULL };
    g_autoptr(MsOutcome) outcome = NULL;

    if (!checked || !ms_project_has_aggregate_limits(apply->cluster, instance->project))
        return TRUE;
    outcome = ms_outcome_new();
    probe.outcome = outcome;
    if (ms_apply_project_aggregate_update(&probe, instance, NULL))
        return TRUE;
    if (g_str_has_prefix(outcome->server_error, "migsim:"))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE, g_strdup(outcome->server_error));
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc move --target of %s, whose operation "
                        "re-checks project %s's aggregate limits and refuses (\"%s\"; how "
                        "lxc shows the operation's error is not read)",
                        apply->profile->name, instance->name, ms_project_display(instance->project),
                        outcome->server_error));
}

/* lxd-5.21.7's move of a custom volume to another pool of its project:
 * storagePoolVolumeTypePostMove's operation runs AllowVolumeMove first,
 * which sums the project's aggregate limits with @volume's entry moved to
 * @new_pool (not counted twice), any key counting, no limits.disk gate,
 * wrapped "Failed checking if volume move allowed: " (PROJECT.VOLUME_MOVE_
 * WRAP; lxd/project/limits/permissions.go:294-335, the wrap at :331,
 * lxd/storage_volumes.go:1985-1996 at lxd-5.21.7).  lxc prints the
 * operation's error as "Error: Failed checking if volume move allowed:
 * Reached maximum aggregate value ..." (test/suites/projects.sh:637-638 at
 * lxd-5.21.7).  No other tag read has it (git grep AllowVolumeMove at
 * every lxd-5.21.x and lxd-6.x tag and 'volume move allowed' at every
 * Incus tag: lxd-5.21.7 only): the move sums nothing there.  A restricted
 * project's restrictions, checked after the sums: not modelled. */
gboolean
ms_apply_project_aggregate_volume_move(MsApply *apply, const MsVolume *volume, const char *new_pool)
{
    const MsProject *p = ms_cluster_lookup_restricting_project(apply->cluster, volume->project);
    Sum change = { .vol_moved = volume, .vol_moved_pool = new_pool };

    if (!ms_rule_applies(MS_RULE_PROJECT_VOLUME_MOVE_WRAP, apply->profile) ||
        !ms_project_has_aggregate_limits(apply->cluster, volume->project))
        return TRUE;
    if (ms_is_true(ms_config_get(p->config, "restricted")))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: a volume move between pools in "
                                             "project %s, which sets aggregate limits and restrictions "
                                             "(AllowVolumeMove)",
                                             apply->profile->name, ms_project_display(volume->project)));
    return aggregate_check_volume(apply, p, volume->project, NULL, FALSE, MS_RULE_PROJECT_VOLUME_MOVE_WRAP,
                                  volume->name, &change);
}
