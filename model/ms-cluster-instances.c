/* migsim: the instances of a cluster: the indexes by location and by
 * evacuation origin, device-set sharing, and adding, removing, moving and
 * reconfiguring an instance. */
#include "ms-cluster.h"

#include <string.h>

#include "ms-apply-private.h"
#include "ms-cluster-private.h"
#include "ms-config.h"

#define ORIGIN_KEY "volatile.evacuate.origin"

/* What is kept per frozen device set (MsClusterPriv.frozen_sets). */
typedef struct {
    GPtrArray *order;     /* its device names in start order; NULL until asked */
    MsRootMemoCache root; /* ms-devices.c */
    gboolean root_known;  /* root_disk holds ms_devices_root_disk's answer */
    /* ms-static-memo.c's last answer for the set (in the padding before
     * root_disk: no byte more per set); 0 when none */
    guint static_answer;
    MsDevice *root_disk; /* borrowed from the set */
} FrozenSet;

static gpointer
frozen_set_new(void)
{
    return g_new0(FrozenSet, 1);
}
void
ms_cluster_frozen_set_free(gpointer data)
{
    FrozenSet *set = data;

    if (set->order != NULL)
        g_ptr_array_unref(set->order);
    g_free(set);
}
/* Made on first use: the explorer makes a cluster per state, and a copy
 * shares its original's pool. */
static MsStrPool *
priv_strings(MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (priv->strings == NULL)
        priv->strings = ms_str_pool_new();
    return priv->strings;
}
static GHashTable *
location_index(const MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    /* made on first use: a copy of a cluster without instances needs none */
    if (priv->by_location == NULL)
        priv->by_location =
            g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
    return priv->by_location;
}
/* An instance and its name's first eight bytes as one big-endian number
 * (zeros after the NUL): comparing the numbers orders as strcmp does on
 * those bytes (unsigned), without a call or a pointer chase. */
typedef struct {
    guint64 head;
    MsInstance *instance;
} NameKey;

static guint64
name_head(const char *name)
{
    guint64 head = 0;
    guint i = 0;

    for (; i < 8 && name[i] != '\0'; i++)
        head = head << 8 | (guchar) name[i];
    return i == 0 ? 0 : head << (8 * (8 - i));
}

/* strcmp's sign for the two names */
static inline int
name_key_compare(const NameKey *a, const NameKey *b)
{
    if (a->head != b->head)
        return a->head < b->head ? -1 : 1;
    /* equal heads whose last byte is 0 hold the whole (equal) names */
    if ((a->head & 0xff) == 0)
        return 0;
    return strcmp(a->instance->name + 8, b->instance->name + 8);
}

/* Sorts @list by name in strcmp's order, as g_ptr_array_sort with a
 * strcmp of the names did.  The names are unique (cluster->instances is
 * keyed by them); the sort is stable all the same (insertion sort of runs
 * of 16, then merges taking the left one on a tie), as GLib's is.  About
 * half the instructions of the sort through a compare function (about 100
 * a name at 1,000 names; docs/bench.md, "Twenty-third round (b)"). */
static void
sort_instances_by_name(GPtrArray *list)
{
    enum { RUN = 16 };
    guint n = list->len;
    g_autofree NameKey *keys = NULL;
    g_autofree NameKey *spare = NULL;
    NameKey *from, *to;

    if (n < 2)
        return;
    keys = g_new(NameKey, n);
    for (guint i = 0; i < n; i++) {
        keys[i].instance = list->pdata[i];
        keys[i].head = name_head(keys[i].instance->name);
    }
    for (guint start = 0; start < n; start += RUN) {
        guint end = MIN(start + RUN, n);

        for (guint i = start + 1; i < end; i++) {
            NameKey key = keys[i];
            guint j = i;

            for (; j > start && name_key_compare(&keys[j - 1], &key) > 0; j--)
                keys[j] = keys[j - 1];
            keys[j] = key;
        }
    }
    if (n > RUN)
        spare = g_new(NameKey, n);
    from = keys;
    to = spare;
    for (guint width = RUN; width < n; width *= 2) {
        for (guint left = 0; left < n; left += 2 * width) {
            guint mid = MIN(left + width, n), end = MIN(left + 2 * width, n);
            guint i = left, j = mid, k = left;

            while (i < mid && j < end)
                to[k++] = name_key_compare(&from[j], &from[i]) < 0 ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < end)
                to[k++] = from[j++];
        }
        NameKey *swap = from;
        from = to;
        to = swap;
    }
    for (guint i = 0; i < n; i++)
        list->pdata[i] = from[i].instance;
}
static GPtrArray *
list_instances(const MsCluster *cluster, const char *location, gboolean sorted)
{
    GHashTable *source = cluster->instances;
    GPtrArray *list;
    GHashTableIter iter;
    gpointer value;

    if (location != NULL) {
        source = g_hash_table_lookup(location_index(cluster), location);
        if (source == NULL)
            return g_ptr_array_new();
    }
    list = g_ptr_array_sized_new(g_hash_table_size(source));
    g_hash_table_iter_init(&iter, source);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(list, value);
    if (sorted)
        sort_instances_by_name(list);
    return list;
}

GPtrArray *
ms_cluster_list_instances(const MsCluster *cluster, const char *location)
{
    return list_instances(cluster, location, TRUE);
}

/* @instance into the origin index under @value (not NULL) */
static void
index_origin_value(MsCluster *cluster, MsInstance *instance, const char *value)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    /* the cluster's copy (the config's own, once the instance is added):
     * the index then hashes and stores pointers, not strings */
    const char *origin = ms_str_pool_intern(priv_strings(cluster), value);
    GHashTable *set;

    ms_cluster_origin_index(cluster);
    set = g_hash_table_lookup(priv->by_origin, origin);
    if (set == NULL) {
        set = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_hash_table_insert(priv->by_origin, (gpointer) origin, set);
    }
    g_hash_table_add(set, instance);
    g_hash_table_insert(priv->origin_of, instance, (gpointer) origin);
}

static void
index_origin(MsCluster *cluster, MsInstance *instance)
{
    const char *origin = ms_instance_get_config(instance, ORIGIN_KEY);

    if (origin != NULL)
        index_origin_value(cluster, instance, origin);
}

static void
unindex_origin(MsCluster *cluster, MsInstance *instance)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    const char *origin = priv->origin_of != NULL ? g_hash_table_lookup(priv->origin_of, instance) : NULL;
    GHashTable *set;

    if (origin == NULL)
        return;
    set = g_hash_table_lookup(priv->by_origin, origin);
    if (set != NULL)
        g_hash_table_remove(set, instance);
    g_hash_table_remove(priv->origin_of, instance);
}

/* by_location's set for @location (an instance's: ms_str_intern_forever's
 * pointer), made when @make, else NULL when there is none.  Found by the
 * pointer in location_sets first: a move unindexes and indexes an instance,
 * and a g_str_hash lookup of the name each time was about 80 instructions
 * (docs/bench.md, "Twenty-ninth round").  An entry is only ever a set
 * by_location holds under that name (it drops none while the cluster
 * lives); in small clusters each answer from the entries is compared with
 * the table's. */
static GHashTable *
location_set(MsCluster *cluster, const char *location, gboolean make)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    guintptr p = (guintptr) location;
    MsLocationSetHint *hint;
    GHashTable *set;

    if (priv->location_sets == NULL)
        priv->location_sets = g_new0(MsLocationSetHint, MS_LOCATION_SET_HINTS);
    hint = &priv->location_sets[(p ^ (p >> 5)) % MS_LOCATION_SET_HINTS];
    if (hint->location == location) {
        if (!priv->self_checks_off && g_hash_table_size(cluster->instances) <= MS_MODEL_SELF_CHECK_MAX &&
            g_hash_table_lookup(location_index(cluster), location) != hint->set)
            g_error("location set hint out of date for %s", location);
        return hint->set;
    }
    set = g_hash_table_lookup(location_index(cluster), location);
    if (set == NULL && !make)
        return NULL;
    /* by identity: hashing the (cold) name costs more than the pointer */
    if (set == NULL) {
        set = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_hash_table_insert(location_index(cluster), g_strdup(location), set);
    }
    *hint = (MsLocationSetHint){ location, set };
    return set;
}

/* @instance into the location index; @member is
 * ms_cluster_lookup_member's for its location */
static void
index_instance_at(MsCluster *cluster, MsInstance *instance, MsMember *member)
{
    g_hash_table_add(location_set(cluster, instance->location, TRUE), instance);
    if (member != NULL)
        ms_cluster_member_count_add(cluster, member, 1);
}

static void
index_instance(MsCluster *cluster, MsInstance *instance)
{
    index_instance_at(cluster, instance, ms_cluster_lookup_member(cluster, instance->location));
}

/* index_instance for ms_cluster_copy_instances: the same set lookups,
 * creations and additions in the same order, but the set of an instance
 * on a member of the copy's block found at the member's position in
 * @member_sets instead of by hashing the location again (the copy's
 * location index starts empty, so a member's set is made by its first
 * instance, here as there). */
static void
index_copied_instance(MsCluster *cluster, MsInstance *instance, GHashTable **member_sets)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    MsMember *member = ms_cluster_lookup_member(cluster, instance->location);
    gboolean in_block =
        member != NULL && member >= priv->member_block && member < priv->member_block + cluster->members->len;
    GHashTable *set;

    if (!in_block) {
        index_instance(cluster, instance);
        return;
    }
    set = member_sets[member - priv->member_block];
    if (set == NULL) {
        set = g_hash_table_lookup(location_index(cluster), instance->location);
        if (set == NULL) {
            set = g_hash_table_new(g_direct_hash, g_direct_equal);
            g_hash_table_insert(location_index(cluster), g_strdup(instance->location), set);
        }
        member_sets[member - priv->member_block] = set;
    }
    g_hash_table_add(set, instance);
    ms_cluster_member_count_add(cluster, member, 1);
}

static void
unindex_instance(MsCluster *cluster, MsInstance *instance)
{
    GHashTable *set = location_set(cluster, instance->location, FALSE);
    MsMember *member = ms_cluster_lookup_member(cluster, instance->location);

    if (set != NULL)
        g_hash_table_remove(set, instance);
    if (member != NULL)
        ms_cluster_member_count_add(cluster, member, -1);
}

/* Replaces an instance's own devices by an equal map already in the
 * cluster, or registers them as that map.  Either way they are shared from
 * then on, so a change copies them first (ms_instance_own_devices). */
/* Clusters big enough for the process-wide string table to pay: the size
 * up to which the model checks its indexes against scans (every scenario,
 * the explorer) */
static gboolean
big_cluster(const MsCluster *cluster)
{
    return g_hash_table_size(cluster->instances) > MS_MODEL_SELF_CHECK_MAX;
}

static void
share_devices(MsCluster *cluster, MsInstance *instance)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    MsDevices *same;

    /* a copy's maps are shared already: nothing to look up */
    if (instance->devices_shared || ms_devices_count(instance->devices) == 0)
        return;
    same = g_hash_table_lookup(ms_cluster_device_sets(cluster), instance->devices);
    if (same == NULL) {
        /* the set is frozen from now on: its strings can be shared.  Only
         * in big clusters, where that saves memory: the process-wide table
         * takes a lock, which the explorer's threads (small clusters, many
         * new sets) would contend for (--jobs 2 scaled 1.65x instead of
         * 1.83x with it) */
        MsDevices *frozen = big_cluster(cluster) ? ms_devices_freeze(instance->devices) : NULL;

        if (frozen != NULL) {
            ms_devices_unref(instance->devices);
            instance->devices = frozen;
        }
        g_hash_table_add(priv->device_sets, ms_devices_ref(instance->devices));
        if (!g_hash_table_contains(priv->frozen_sets, instance->devices))
            g_hash_table_insert(priv->frozen_sets, ms_devices_ref(instance->devices), frozen_set_new());
    } else if (same != instance->devices) {
        ms_devices_unref(instance->devices);
        instance->devices = ms_devices_ref(same);
    }
    instance->devices_shared = TRUE;
}

GHashTable *
ms_cluster_root_memos(const MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    /* made on first use, like the string pool: the explorer makes a
     * cluster per state, and a copy shares its original's */
    if (priv->root_memos == NULL)
        priv->root_memos = ms_validation_memos_new();
    return priv->root_memos;
}

GHashTable *
ms_cluster_static_memos(const MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (priv->static_memos == NULL)
        priv->static_memos = ms_static_memos_new();
    return priv->static_memos;
}

guint *
ms_cluster_static_answer_slot(const MsCluster *cluster, MsDevices *devices)
{
    FrozenSet *set = g_hash_table_lookup(((const MsClusterPriv *) cluster)->frozen_sets, devices);

    return set != NULL ? &set->static_answer : NULL;
}

MsRootMemoCache *
ms_cluster_root_memo_cache(const MsCluster *cluster, MsDevices *devices)
{
    FrozenSet *set = g_hash_table_lookup(((const MsClusterPriv *) cluster)->frozen_sets, devices);

    return set != NULL ? &set->root : NULL;
}

/* The start order of a set of one device: that device's name.  One array
 * per name for the process, not one per set: in the mixed rolling bench
 * every instance's set is its own (its root disk's size), and most are a
 * root disk alone.  Never freed, like the interned names it holds. */
static GPtrArray *
single_device_order(MsDevices *devices)
{
    G_LOCK_DEFINE_STATIC(single);
    static GHashTable *orders;
    MsDevicesIter iter;
    const char *name;
    const char *interned;
    GPtrArray *order;

    ms_devices_iter_init(&iter, devices);
    ms_devices_iter_next(&iter, &name, NULL);
    interned = ms_str_intern_forever(name);
    G_LOCK(single);
    if (orders == NULL)
        orders = g_hash_table_new(g_direct_hash, g_direct_equal);
    order = g_hash_table_lookup(orders, interned);
    if (order == NULL) {
        order = g_ptr_array_sized_new(1);
        g_ptr_array_add(order, (gpointer) interned);
        g_hash_table_insert(orders, (gpointer) interned, order);
    }
    g_ptr_array_ref(order);
    G_UNLOCK(single);
    return order;
}

GPtrArray *
ms_cluster_devices_sorted(const MsCluster *cluster, MsDevices *devices)
{
    FrozenSet *set = g_hash_table_lookup(((const MsClusterPriv *) cluster)->frozen_sets, devices);

    if (set == NULL)
        return ms_devices_sorted(devices);
    /* the keys are the frozen map's own, which never change */
    if (set->order == NULL)
        set->order = ms_devices_count(devices) == 1 && big_cluster(cluster) && !ms_str_forever_full()
                         ? single_device_order(devices)
                         : ms_devices_sorted(devices);
    return g_ptr_array_ref(set->order);
}

MsDevice *
ms_cluster_devices_root_disk(const MsCluster *cluster, MsDevices *devices)
{
    FrozenSet *set = g_hash_table_lookup(((const MsClusterPriv *) cluster)->frozen_sets, devices);

    if (set == NULL)
        return ms_devices_root_disk(devices);
    /* a frozen map never changes, so neither does the first root disk its
     * iteration meets */
    if (!set->root_known) {
        set->root_disk = ms_devices_root_disk(devices);
        set->root_known = TRUE;
    }
    return set->root_disk;
}

static guint
profile_list_hash(gconstpointer data)
{
    const GPtrArray *list = data;
    guint h = list->len;

    for (guint i = 0; i < list->len; i++)
        h = h * 31 + g_str_hash(list->pdata[i]);
    return h;
}

static gboolean
profile_list_equal(gconstpointer a, gconstpointer b)
{
    const GPtrArray *x = a, *y = b;

    if (x->len != y->len)
        return FALSE;
    for (guint i = 0; i < x->len; i++)
        if (!g_str_equal(x->pdata[i], y->pdata[i]))
            return FALSE;
    return TRUE;
}

/* Shares @instance's profile list with the equal one already in the
 * cluster (MsClusterPriv.profile_lists), or files its own there under a
 * new number; either way marked shared, so that it is never changed in
 * place again, and numbered (MsInstance.profile_list_id).  A list already
 * shared (a copy's) is left as it is: preflight copies 100,000 instances
 * per trial. */
static void
share_profile_list(MsCluster *cluster, MsInstance *instance)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    gpointer found, id;

    if (instance->profiles_shared)
        return;
    if (priv->profile_lists == NULL)
        priv->profile_lists = g_hash_table_new_full(profile_list_hash, profile_list_equal,
                                                    (GDestroyNotify) g_ptr_array_unref, NULL);
    if (g_hash_table_lookup_extended(priv->profile_lists, instance->profiles, &found, &id)) {
        g_ptr_array_unref((GPtrArray *) instance->profiles);
        instance->profiles = g_ptr_array_ref(found);
    } else {
        /* beyond the guint16, no number: the layers are found by hashing */
        id = GUINT_TO_POINTER(priv->profile_list_ids < G_MAXUINT16 ? ++priv->profile_list_ids : 0);
        g_hash_table_insert(priv->profile_lists, g_ptr_array_ref((GPtrArray *) instance->profiles), id);
    }
    instance->profiles_shared = TRUE;
    instance->profile_list_id = (guint16) GPOINTER_TO_UINT(id);
}

/* An instance without snapshots (nearly every one in a big cluster) shares
 * the cluster's one empty list, marked shared as a copy's is, so that a
 * snapshot copies it first (ms_instance_snapshots_mut): an instance no
 * longer holds a GPtrArray of its own for nothing (48 bytes with malloc's
 * header; docs/bench.md, "Memory at a million instances"). */
static void
share_empty_snapshots(MsCluster *cluster, MsInstance *instance)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (instance->snapshots_shared || instance->snapshots->len > 0)
        return;
    if (priv->no_snapshots == NULL)
        priv->no_snapshots = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_unref((GPtrArray *) instance->snapshots);
    instance->snapshots = g_ptr_array_ref(priv->no_snapshots);
    instance->snapshots_shared = TRUE;
}

MsStrPool *
ms_cluster_strings(MsCluster *cluster)
{
    return priv_strings(cluster);
}

/* ms_cluster_add_instance without the check for a name already there:
 * @instance's name is not in @cluster (the caller knows it). */
static void
add_instance_new(MsCluster *cluster, MsInstance *instance, GHashTable **member_sets)
{
    ms_cluster_volume_users_changed(cluster);
    share_devices(cluster, instance);
    share_profile_list(cluster, instance);
    share_empty_snapshots(cluster, instance);
    {
        MsConfigMap *config = ms_config_map_rehome(instance->config, priv_strings(cluster));
        ms_config_map_unref(instance->config);
        instance->config = config;
    }
    g_hash_table_insert(cluster->instances, instance->name, instance);
    if (member_sets != NULL)
        index_copied_instance(cluster, instance, member_sets);
    else
        index_instance(cluster, instance);
    index_origin(cluster, instance);
}

void
ms_cluster_add_instance(MsCluster *cluster, MsInstance *instance)
{
    /* the table's key is the instance's own name: replacing an entry would
     * free the key still in use and leave the old instance indexed */
    g_return_if_fail(!g_hash_table_contains(cluster->instances, instance->name));
    add_instance_new(cluster, instance, NULL);
}

void
ms_cluster_copy_instances(MsCluster *copy, const MsCluster *from)
{
    MsClusterPriv *priv = (MsClusterPriv *) copy;
    /* a set per member of the copy's block, by position: each instance's
     * set is found with the member lookup index_instance makes anyway */
    g_autofree GHashTable **member_sets = priv->member_block != NULL && g_hash_table_size(from->instances) > 0
                                              ? g_new0(GHashTable *, copy->members->len)
                                              : NULL;
    GHashTableIter iter;
    gpointer value;

    /* @from's names are unique and @copy has none yet: no check per name
     * (a hash lookup per instance, 100,000 per full-state trial) */
    g_return_if_fail(g_hash_table_size(copy->instances) == 0);
    g_hash_table_iter_init(&iter, from->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        add_instance_new(copy, ms_instance_copy(value), member_sets);
}

void
ms_cluster_remove_instance(MsCluster *cluster, const char *name)
{
    MsInstance *instance = g_hash_table_lookup(cluster->instances, name);

    if (instance == NULL)
        return;
    ms_cluster_volume_users_changed(cluster);
    unindex_instance(cluster, instance);
    unindex_origin(cluster, instance);
    g_hash_table_remove(cluster->instances, name);
}

void
ms_cluster_set_instance_location(MsCluster *cluster, MsInstance *instance, const char *location)
{
    MsMember *member = location != NULL ? ms_cluster_lookup_member(cluster, location) : NULL;

    unindex_instance(cluster, instance);
    /* a member's name_key is ms_str_intern_forever of its name (ms-member.h),
     * which equals @location: the pointer ms_instance_set_location would
     * find, without hashing the name again */
    if (member != NULL)
        instance->location = member->name_key;
    else
        ms_instance_set_location(instance, location);
    index_instance_at(cluster, instance, member);
}

/* unindex_origin then index_origin, for an origin set to @value (NULL:
 * unset) by the caller: the value is not read back from the config, the
 * instance's entry in origin_of is looked up once and replaced rather than
 * removed and added again.  The origin sets see the same removals and
 * additions in the same order (their iteration order is what callers of
 * the unsorted lists get); origin_of is only looked up, never walked. */
static void
reindex_origin(MsCluster *cluster, MsInstance *instance, const char *value)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    const char *old = priv->origin_of != NULL ? g_hash_table_lookup(priv->origin_of, instance) : NULL;

    if (old != NULL) {
        GHashTable *set = g_hash_table_lookup(priv->by_origin, old);

        if (set != NULL)
            g_hash_table_remove(set, instance);
    }
    if (value == NULL) {
        if (old != NULL)
            g_hash_table_remove(priv->origin_of, instance);
        return;
    }
    index_origin_value(cluster, instance, value);
}

void
ms_cluster_set_instance_config(MsCluster *cluster, MsInstance *instance, const char *key, const char *value)
{
    ms_instance_set_config(instance, key, value);
    if (g_str_equal(key, ORIGIN_KEY))
        reindex_origin(cluster, instance, value);
}

void
ms_cluster_replace_instance_config(MsCluster *cluster, MsInstance *instance, GHashTable *config)
{
    g_autoptr(GHashTable) owned = config;

    /* the database keeps no empty value: `lxc config set c1 K=` is an
     * unset once stored (CreateInstanceConfig skips "", lxd/db/
     * instances.go:1146 at lxd-5.0.2; seen live on 5.0.2) */
    ms_config_drop_empty(owned);
    ms_config_map_unref(instance->config);
    instance->config = ms_config_map_from_table(priv_strings(cluster), owned);
    unindex_origin(cluster, instance);
    index_origin(cluster, instance);
}

static GPtrArray *
list_evacuated_from(const MsCluster *cluster, const char *member, gboolean sorted)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    const char *key = priv->strings != NULL ? ms_str_pool_lookup(priv->strings, member) : NULL;
    GHashTable *set =
        key != NULL && priv->by_origin != NULL ? g_hash_table_lookup(priv->by_origin, key) : NULL;
    GPtrArray *list = g_ptr_array_new();
    GHashTableIter iter;
    gpointer instance;

    if (set == NULL)
        return list;
    g_hash_table_iter_init(&iter, set);
    while (g_hash_table_iter_next(&iter, &instance, NULL))
        if (g_strcmp0(ms_instance_get_config(instance, ORIGIN_KEY), member) == 0)
            g_ptr_array_add(list, instance);
    if (sorted)
        sort_instances_by_name(list);
    return list;
}

GPtrArray *
ms_cluster_list_evacuated_from(const MsCluster *cluster, const char *member)
{
    return list_evacuated_from(cluster, member, TRUE);
}

GPtrArray *
ms_cluster_member_instances_unsorted(const MsCluster *cluster, const char *member, gboolean evacuated)
{
    return evacuated ? list_evacuated_from(cluster, member, FALSE) : list_instances(cluster, member, FALSE);
}
