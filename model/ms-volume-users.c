/* migsim: which instances use a custom volume, without scanning the whole
 * cluster.  LXD's disk checks ask "is this volume attached to another
 * instance?" (VOLUME.ATTACHED_REMOTE, DISK.BLOCK_SHARED_INSTANCE); a scan
 * of every instance, expanding its devices, made each such check O(N) and
 * a rolling maintenance of a cluster with custom volumes O(N^2).
 *
 * The index maps a device "source" to the instances whose local devices
 * name it; it is built on first use and dropped whenever the set of
 * instances or an instance's device map changes (ms_cluster_add_instance,
 * ms_cluster_remove_instance, ms_apply_instance_devices, a volume rename).
 * Profiles are not indexed: when a profile's disk names the volume, the
 * answer falls back to the scan.  Each candidate is still checked by
 * ms_cluster_instance_uses_volume, so the index only narrows the scan; in
 * clusters of up to VERIFY_MAX instances (every scenario and the
 * explorer) the narrowed answer is compared with the full scan, unless
 * ms_cluster_set_self_checks turned that off. */
#include "ms-apply-private.h"

#include "ms-cluster-private.h"
#include "ms-cluster.h"

#define VERIFY_MAX MS_MODEL_SELF_CHECK_MAX

void
ms_cluster_set_self_checks(MsCluster *cluster, gboolean on)
{
    ((MsClusterPriv *) cluster)->self_checks_off = !on;
}

/* Whether an answer from an index of @n items of @cluster is compared with
 * a scan of them: O(n) per answer, affordable in small clusters only. */
static gboolean
verify(const MsCluster *cluster, guint n)
{
    return !((const MsClusterPriv *) cluster)->self_checks_off && n <= VERIFY_MAX;
}

static gboolean
names_source(MsDevice *device, const char *source)
{
    return g_strcmp0(ms_device_lookup_lit(device, "type"), "disk") == 0 &&
           g_strcmp0(ms_device_lookup_lit(device, "source"), source) == 0;
}

/* ---- one or many ----
 * Both indexes below map a name to the items (instances, volumes) that
 * carry it, and nearly every name has one: a volume attached to one
 * instance, a volume name used once.  So a value is that item itself, or,
 * tagged by its low bit (items are malloc'd, so at least 8-aligned), a
 * GPtrArray of two or more: a GPtrArray and its array of pointers per name
 * were about 80 bytes each (docs/bench.md, "Memory at a million
 * instances"). */

#define MANY_TAG ((guintptr) 1)

static gboolean
is_many(gconstpointer value)
{
    return ((guintptr) value & MANY_TAG) != 0;
}

static GPtrArray *
many_array(gconstpointer value)
{
    return (GPtrArray *) ((guintptr) value & ~MANY_TAG);
}

static void
many_free(gpointer value)
{
    if (is_many(value))
        g_ptr_array_unref(many_array(value));
}

/* The items under @value (a hash table's value, NULL for none): their
 * number, and in *@items an array of them; @one is the storage of the array
 * of one. */
static guint
many_items(gpointer value, gpointer const **items, gpointer *one)
{
    if (value == NULL)
        return 0;
    if (is_many(value)) {
        *items = many_array(value)->pdata;
        return many_array(value)->len;
    }
    *one = value;
    *items = one;
    return 1;
}

/* Whether an index of @cluster keys on ms_str_intern_forever's strings
 * instead of copies of its own: in big clusters, as frozen device sets do
 * (the names are there already: a frozen disk's source is its volume's
 * name), while that table has room.  No copy and no malloc header per name,
 * and keys in 4-byte slots where those strings sit below 4 GiB (see
 * ms_str_intern_forever): about 20 bytes less per volume and index.  The
 * same strings, so the same answers. */
static gboolean
forever_keys(const MsCluster *cluster)
{
    return g_hash_table_size(cluster->instances) > VERIFY_MAX && !ms_str_forever_full();
}

/* Appends @item under @key, unless it is there last already; a new key is
 * copied, or interned for the process when @forever (the table frees no
 * key then). */
static void
many_add(GHashTable *index, gboolean forever, const char *key, gpointer item)
{
    gpointer orig_key, value;
    GPtrArray *array;

    g_assert(((guintptr) item & MANY_TAG) == 0);
    if (!g_hash_table_lookup_extended(index, key, &orig_key, &value)) {
        g_hash_table_insert(index, forever ? (gpointer) ms_str_intern_forever(key) : g_strdup(key), item);
        return;
    }
    if (!is_many(value)) {
        if (value == item)
            return;
        array = g_ptr_array_sized_new(2);
        g_ptr_array_add(array, value);
        g_ptr_array_add(array, item);
        /* the key stays (replace would free it): only the value changes */
        g_hash_table_steal(index, orig_key);
        g_hash_table_insert(index, orig_key, (gpointer) ((guintptr) array | MANY_TAG));
        return;
    }
    array = many_array(value);
    if (array->pdata[array->len - 1] != item)
        g_ptr_array_add(array, item);
}

static GHashTable *
many_index_new(gboolean forever)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, forever ? NULL : g_free, many_free);
}

static GHashTable *
build(const MsCluster *cluster)
{
    gboolean forever = forever_keys(cluster);
    GHashTable *index = many_index_new(forever);
    GHashTableIter iter;
    MsDevicesIter devs;
    gpointer value;
    MsDevice *dev;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;

        ms_devices_iter_init(&devs, inst->devices);
        while (ms_devices_iter_next(&devs, NULL, &dev)) {
            const char *source = ms_device_lookup_lit(dev, "source");

            if (source == NULL || g_strcmp0(ms_device_lookup_lit(dev, "type"), "disk") != 0)
                continue;
            many_add(index, forever, source, inst);
        }
    }
    return index;
}

static gboolean
profile_names(const MsCluster *cluster, const char *source)
{
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *profile = cluster->profiles->pdata[i];
        MsDevicesIter iter;
        MsDevice *dev;

        /* most profiles have no devices: no iterator set up for them
         * (this runs for every custom-volume disk validated) */
        if (ms_devices_count(profile->devices) == 0)
            continue;
        ms_devices_iter_init(&iter, profile->devices);
        while (ms_devices_iter_next(&iter, NULL, &dev))
            if (names_source(dev, source))
                return TRUE;
    }
    return FALSE;
}

static gboolean
counts(const MsCluster *cluster, const MsInstance *inst, const MsVolume *volume, const char *self,
       const char *other_than_member)
{
    if (self != NULL && g_str_equal(inst->name, self))
        return FALSE;
    if (other_than_member != NULL && g_str_equal(inst->location, other_than_member))
        return FALSE;
    return ms_cluster_instance_uses_volume(cluster, inst, volume);
}

static gboolean
scan(const MsCluster *cluster, const MsVolume *volume, const char *self, const char *other_than_member)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        if (counts(cluster, value, volume, self, other_than_member))
            return TRUE;
    return FALSE;
}

gboolean
ms_cluster_volume_used_elsewhere(const MsCluster *cluster, const MsVolume *volume, const char *self,
                                 const char *other_than_member)
{
    GHashTable **slot = ms_cluster_volume_users_slot(cluster);
    gpointer const *users;
    gpointer one;
    guint n;
    gboolean used = FALSE;

    if (profile_names(cluster, volume->name))
        return scan(cluster, volume, self, other_than_member);
    if (*slot == NULL)
        *slot = build(cluster);
    n = many_items(g_hash_table_lookup(*slot, volume->name), &users, &one);
    for (guint i = 0; i < n && !used; i++)
        used = counts(cluster, users[i], volume, self, other_than_member);
    if (verify(cluster, g_hash_table_size(cluster->instances)) &&
        used != scan(cluster, volume, self, other_than_member))
        g_error("volume users index out of date for %s/%s", volume->pool, volume->name);
    return used;
}

/* By name and project, not by pointer: probes (ms-probe.c) validate a
 * stack copy of an instance that is also in the cluster. */
static gboolean
is_instance(gconstpointer candidate, const MsInstance *instance)
{
    const MsInstance *other = candidate;

    return instance != NULL && g_str_equal(other->name, instance->name) &&
           g_strcmp0(other->project, instance->project) == 0;
}

GPtrArray *
ms_cluster_volume_users(const MsCluster *cluster, const MsVolume *volume, const MsInstance *except)
{
    GHashTable **slot = ms_cluster_volume_users_slot(cluster);
    GPtrArray *found = g_ptr_array_new();
    gpointer const *users;
    gpointer one;
    guint n;
    GHashTableIter iter;
    gpointer value;
    guint scanned = 0;

    if (!profile_names(cluster, volume->name)) {
        if (*slot == NULL)
            *slot = build(cluster);
        n = many_items(g_hash_table_lookup(*slot, volume->name), &users, &one);
        for (guint i = 0; i < n; i++)
            if (!is_instance(users[i], except) && ms_cluster_instance_uses_volume(cluster, users[i], volume))
                g_ptr_array_add(found, users[i]);
        if (!verify(cluster, g_hash_table_size(cluster->instances)))
            return found;
        /* small clusters: the index against the scan */
        g_hash_table_iter_init(&iter, cluster->instances);
        while (g_hash_table_iter_next(&iter, NULL, &value))
            scanned += !is_instance(value, except) && ms_cluster_instance_uses_volume(cluster, value, volume);
        if (scanned != found->len)
            g_error("volume users index out of date for %s/%s", volume->pool, volume->name);
        return found;
    }
    /* a profile names the volume: its users need not name it themselves */
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        if (!is_instance(value, except) && ms_cluster_instance_uses_volume(cluster, value, volume))
            g_ptr_array_add(found, value);
    return found;
}

void
ms_cluster_volume_users_changed(const MsCluster *cluster)
{
    g_clear_pointer(ms_cluster_volume_users_slot(cluster), g_hash_table_unref);
}

/* ---- volumes by name ----
 * ms_cluster_lookup_volume and ms_cluster_count_volumes scanned every
 * volume.  The index maps a name to the volumes of that name in creation
 * order.  Volumes are appended to cluster->volumes directly (state files,
 * import, replay): the index notices a longer array and indexes the new
 * tail; a removal or rename must call ms_cluster_volumes_changed (a shorter
 * array is noticed too).  Up to VERIFY_MAX volumes, every answer is
 * compared with the scan (unless ms_cluster_set_self_checks turned that off). */

/* by_name: a name (an owned copy, or ms_str_intern_forever's when
 * @forever: forever_keys) -> its MsVolume, or a tagged GPtrArray of them
 * (borrowed; "one or many" above) */
struct MsVolumeIndex {
    GHashTable *by_name;
    guint len;        /* cluster->volumes indexed so far */
    gboolean forever; /* the keys are ms_str_intern_forever's */
};

void
ms_volume_index_free(MsVolumeIndex *index)
{
    if (index == NULL)
        return;
    g_hash_table_unref(index->by_name);
    g_free(index);
}

guint
ms_cluster_volumes_named(const MsCluster *cluster, const char *name, MsVolume *const **volumes,
                         MsVolume **one)
{
    MsVolumeIndex **slot = ms_cluster_volume_index_slot(cluster);
    MsVolumeIndex *index = *slot;

    if (index != NULL && index->len > cluster->volumes->len)
        g_clear_pointer(slot, ms_volume_index_free);
    if (*slot == NULL) {
        *slot = g_new0(MsVolumeIndex, 1);
        (*slot)->forever = forever_keys(cluster);
        (*slot)->by_name = many_index_new((*slot)->forever);
    }
    index = *slot;
    for (; index->len < cluster->volumes->len; index->len++) {
        MsVolume *volume = cluster->volumes->pdata[index->len];

        many_add(index->by_name, index->forever, volume->name, volume);
    }
    return many_items(g_hash_table_lookup(index->by_name, name), (gpointer const **) volumes,
                      (gpointer *) one);
}

static MsVolume *
lookup_in(MsVolume *const *volumes, guint n, const char *project, const char *pool, const char *name,
          const char *member)
{
    MsVolume *found = NULL;
    guint n_found = 0;

    for (guint i = 0; i < n; i++) {
        MsVolume *volume = volumes[i];
        if (!g_str_equal(volume->pool, pool) || !g_str_equal(volume->name, name) ||
            !ms_volume_in_project(volume, project))
            continue;
        if (volume->location == NULL)
            return volume;
        if (member != NULL) {
            if (g_str_equal(volume->location, member))
                return volume;
            continue;
        }
        found = volume;
        n_found++;
    }
    return n_found == 1 ? found : NULL;
}

const MsVolume *
ms_cluster_lookup_volume(const MsCluster *cluster, const char *project, const char *pool, const char *name,
                         const char *member)
{
    MsVolume *const *named;
    MsVolume *one;
    guint n = ms_cluster_volumes_named(cluster, name, &named, &one);
    MsVolume *found = lookup_in(named, n, project, pool, name, member);

    if (verify(cluster, cluster->volumes->len) &&
        found != lookup_in((MsVolume *const *) cluster->volumes->pdata, cluster->volumes->len, project, pool,
                           name, member))
        g_error("volume index out of date for %s/%s", pool, name);
    return found;
}

MsVolume *
ms_cluster_volume_mut(MsCluster *cluster, const MsVolume *volume)
{
    guint at;

    if (g_atomic_int_get(&volume->ref_count) == 1)
        return (MsVolume *) volume;
    if (!g_ptr_array_find(cluster->volumes, volume, &at))
        g_error("volume %s/%s is not the cluster's", volume->pool, volume->name);
    cluster->volumes->pdata[at] = ms_volume_copy(volume);
    ms_volume_free((MsVolume *) volume);
    /* the index holds the shared volume */
    ms_cluster_volumes_changed(cluster);
    return cluster->volumes->pdata[at];
}

guint
ms_cluster_count_volumes(const MsCluster *cluster, const char *project, const char *pool, const char *name)
{
    MsVolume *const *same;
    MsVolume *one;
    guint n_same = ms_cluster_volumes_named(cluster, name, &same, &one);
    guint n = 0;

    for (guint i = 0; i < n_same; i++)
        if (g_str_equal(same[i]->pool, pool) && g_str_equal(same[i]->name, name) &&
            ms_volume_in_project(same[i], project))
            n++;
    if (verify(cluster, cluster->volumes->len)) {
        guint scanned = 0;
        for (guint i = 0; i < cluster->volumes->len; i++) {
            MsVolume *volume = cluster->volumes->pdata[i];
            if (g_str_equal(volume->pool, pool) && g_str_equal(volume->name, name) &&
                ms_volume_in_project(volume, project))
                scanned++;
        }
        if (scanned != n)
            g_error("volume index out of date for %s/%s", pool, name);
    }
    return n;
}

void
ms_cluster_volumes_changed(const MsCluster *cluster)
{
    g_clear_pointer(ms_cluster_volume_index_slot(cluster), ms_volume_index_free);
}
