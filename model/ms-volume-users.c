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
 * explorer) the narrowed answer is compared with the full scan. */
#include "ms-apply-private.h"

#include "ms-cluster.h"

#define VERIFY_MAX 2000

static gboolean
names_source(GHashTable *device, const char *source)
{
    return g_strcmp0(ms_config_get(device, "type"), "disk") == 0 &&
           g_strcmp0(ms_config_get(device, "source"), source) == 0;
}

static GHashTable *
build(const MsCluster *cluster)
{
    GHashTable *index =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
    GHashTableIter iter, devs;
    gpointer value, dev;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;

        g_hash_table_iter_init(&devs, inst->devices);
        while (g_hash_table_iter_next(&devs, NULL, &dev)) {
            const char *source = ms_config_get(dev, "source");
            GPtrArray *users;

            if (source == NULL || g_strcmp0(ms_config_get(dev, "type"), "disk") != 0)
                continue;
            users = g_hash_table_lookup(index, source);
            if (users == NULL) {
                users = g_ptr_array_new();
                /* the key borrows the device's string: the index is
                 * dropped before any device map changes */
                g_hash_table_insert(index, (gpointer) source, users);
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
        GHashTableIter iter;
        gpointer dev;

        g_hash_table_iter_init(&iter, profile->devices);
        while (g_hash_table_iter_next(&iter, NULL, &dev))
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
    if (g_hash_table_size(cluster->instances) <= VERIFY_MAX &&
        used != scan(cluster, volume, self, other_than_member))
        g_error("volume users index out of date for %s/%s", volume->pool, volume->name);
    return used;
}

void
ms_cluster_volume_users_changed(const MsCluster *cluster)
{
    g_clear_pointer(ms_cluster_volume_users_slot(cluster), g_hash_table_unref);
}
