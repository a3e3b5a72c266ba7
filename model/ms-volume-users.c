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

static GHashTable *
build(const MsCluster *cluster)
{
    GHashTable *index =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
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
            GPtrArray *users;

            if (source == NULL || g_strcmp0(ms_device_lookup_lit(dev, "type"), "disk") != 0)
                continue;
            users = g_hash_table_lookup(index, source);
            if (users == NULL) {
                users = g_ptr_array_new();
                g_hash_table_insert(index, g_strdup(source), users);
            }
            if (users->len == 0 || users->pdata[users->len - 1] != inst)
                g_ptr_array_add(users, inst);
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
    GPtrArray *users;
    gboolean used = FALSE;

    if (profile_names(cluster, volume->name))
        return scan(cluster, volume, self, other_than_member);
    if (*slot == NULL)
        *slot = build(cluster);
    users = g_hash_table_lookup(*slot, volume->name);
    for (guint i = 0; users != NULL && i < users->len && !used; i++)
        used = counts(cluster, users->pdata[i], volume, self, other_than_member);
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
    GPtrArray *users;
    GHashTableIter iter;
    gpointer value;
    guint scanned = 0;

    if (!profile_names(cluster, volume->name)) {
        if (*slot == NULL)
            *slot = build(cluster);
        users = g_hash_table_lookup(*slot, volume->name);
        for (guint i = 0; users != NULL && i < users->len; i++)
            if (!is_instance(users->pdata[i], except) &&
                ms_cluster_instance_uses_volume(cluster, users->pdata[i], volume))
                g_ptr_array_add(found, users->pdata[i]);
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

struct MsVolumeIndex {
    GHashTable *by_name; /* name (owned copy) -> GPtrArray of MsVolume (borrowed) */
    guint len;           /* cluster->volumes indexed so far */
};

void
ms_volume_index_free(MsVolumeIndex *index)
{
    if (index == NULL)
        return;
    g_hash_table_unref(index->by_name);
    g_free(index);
}

GPtrArray *
ms_cluster_volumes_named(const MsCluster *cluster, const char *name)
{
    MsVolumeIndex **slot = ms_cluster_volume_index_slot(cluster);
    MsVolumeIndex *index = *slot;

    if (index != NULL && index->len > cluster->volumes->len)
        g_clear_pointer(slot, ms_volume_index_free);
    if (*slot == NULL) {
        *slot = g_new0(MsVolumeIndex, 1);
        (*slot)->by_name =
            g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    }
    index = *slot;
    for (; index->len < cluster->volumes->len; index->len++) {
        MsVolume *volume = cluster->volumes->pdata[index->len];
        GPtrArray *same = g_hash_table_lookup(index->by_name, volume->name);

        if (same == NULL) {
            same = g_ptr_array_new();
            g_hash_table_insert(index->by_name, g_strdup(volume->name), same);
        }
        g_ptr_array_add(same, volume);
    }
    return g_hash_table_lookup(index->by_name, name);
}

static MsVolume *
lookup_in(GPtrArray *volumes, const char *project, const char *pool, const char *name, const char *member)
{
    MsVolume *found = NULL;
    guint n_found = 0;

    for (guint i = 0; volumes != NULL && i < volumes->len; i++) {
        MsVolume *volume = volumes->pdata[i];
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
    MsVolume *found = lookup_in(ms_cluster_volumes_named(cluster, name), project, pool, name, member);

    if (verify(cluster, cluster->volumes->len) &&
        found != lookup_in(cluster->volumes, project, pool, name, member))
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
    GPtrArray *same = ms_cluster_volumes_named(cluster, name);
    guint n = 0;

    for (guint i = 0; same != NULL && i < same->len; i++)
        if (g_str_equal(((MsVolume *) same->pdata[i])->pool, pool) &&
            g_str_equal(((MsVolume *) same->pdata[i])->name, name) &&
            ms_volume_in_project(same->pdata[i], project))
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
