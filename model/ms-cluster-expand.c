/* migsim: config and device expansion (profiles, then the instance's own;
 * from 5.21.0 the server key underneath) and whether an instance uses a
 * custom volume. */
#include "ms-cluster.h"

#include "ms-apply-private.h"
#include "ms-config.h"

gboolean
ms_cluster_instance_uses_volume(const MsCluster *cluster, const MsInstance *instance, const MsVolume *volume)
{
    g_autoptr(GHashTable) devices = NULL;
    GHashTableIter iter;
    gpointer dev;

    if (volume->location != NULL && !g_str_equal(instance->location, volume->location))
        return FALSE;
    devices = ms_cluster_expand_devices(cluster, instance);
    g_hash_table_iter_init(&iter, devices);
    while (g_hash_table_iter_next(&iter, NULL, &dev))
        if (g_strcmp0(ms_config_get(dev, "type"), "disk") == 0 &&
            g_strcmp0(ms_config_get(dev, "pool"), volume->pool) == 0 &&
            g_strcmp0(ms_config_get(dev, "source"), volume->name) == 0 &&
            g_strcmp0(ms_config_get(dev, "path"), "/") != 0)
            return TRUE;
    return FALSE;
}
/* CFG.EXPAND: 5.0.2 db.ExpandInstanceConfig (profiles, then local);
 * 5.21.0+ instancetype.ExpandInstanceConfig adds the server key
 * instances.migration.stateful underneath when it parses true. */
GHashTable *
ms_cluster_expand_config(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    GHashTable *expanded = ms_config_new();
    GHashTableIter iter;
    gpointer key, value;

    if (ms_profile_has(profile, MS_FEATURE_SERVER_STATEFUL_KEY)) {
        const char *server = ms_config_get(cluster->server_config, "instances.migration.stateful");
        if (ms_is_true(server))
            ms_config_set(expanded, "migration.stateful", "true");
    }
    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(
            cluster, ms_cluster_profile_project(cluster, instance->project), instance->profiles->pdata[i]);
        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            ms_config_set(expanded, key, value);
    }
    for (guint i = 0; i < ms_config_map_size(instance->config); i++)
        ms_config_set(expanded, ms_config_map_key(instance->config, i),
                      ms_config_map_value(instance->config, i));
    return expanded;
}

const char *
ms_cluster_expanded_value(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                          const char *key, MsConfigLayer *layer, const char **layer_name)
{
    const char *value = ms_instance_get_config(instance, key);
    MsConfigLayer found = MS_LAYER_NONE;
    const char *found_name = NULL;

    if (value != NULL) {
        found = MS_LAYER_LOCAL;
    } else {
        for (guint i = instance->profiles->len; i > 0 && value == NULL; i--) {
            MsProfileEntity *p =
                ms_cluster_lookup_profile_in(cluster, ms_cluster_profile_project(cluster, instance->project),
                                             instance->profiles->pdata[i - 1]);
            if (p != NULL && (value = ms_config_get(p->config, key)) != NULL) {
                found = MS_LAYER_PROFILE;
                found_name = p->name;
            }
        }
    }
    if (value == NULL && g_str_equal(key, "migration.stateful") &&
        ms_profile_has(profile, MS_FEATURE_SERVER_STATEFUL_KEY)) {
        const char *server = ms_config_get(cluster->server_config, "instances.migration.stateful");
        if (ms_is_true(server)) {
            value = "true";
            found = MS_LAYER_SERVER;
            found_name = "instances.migration.stateful";
        }
    }
    if (layer != NULL)
        *layer = found;
    if (layer_name != NULL)
        *layer_name = found_name;
    return value;
}

GHashTable *
ms_cluster_expand_devices(const MsCluster *cluster, const MsInstance *instance)
{
    GHashTable *expanded, *only = NULL;
    guint n_sources = 0;
    gboolean profile_devices = FALSE;
    GHashTableIter iter;
    gpointer key, value;

    /* With a single source of devices the expansion is that map itself:
     * shared, not copied (the common case: root disk in the instance or in
     * the default profile).  When no profile of the cluster has devices,
     * that source is the instance's own, found without looking up its
     * profiles by name (this runs several times per move). */
    for (guint i = 0; i < cluster->profiles->len && !profile_devices; i++)
        profile_devices = g_hash_table_size(((MsProfileEntity *) cluster->profiles->pdata[i])->devices) > 0;
    if (!profile_devices && g_hash_table_size(instance->devices) > 0)
        return g_hash_table_ref(instance->devices);
    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(
            cluster, ms_cluster_profile_project(cluster, instance->project), instance->profiles->pdata[i]);
        if (p != NULL && g_hash_table_size(p->devices) > 0) {
            only = p->devices;
            n_sources++;
        }
    }
    if (g_hash_table_size(instance->devices) > 0) {
        only = instance->devices;
        n_sources++;
    }
    if (n_sources == 1)
        return g_hash_table_ref(only);

    expanded = ms_devices_new();
    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(
            cluster, ms_cluster_profile_project(cluster, instance->project), instance->profiles->pdata[i]);
        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->devices);
        while (g_hash_table_iter_next(&iter, &key, &value))
            g_hash_table_insert(expanded, g_strdup(key), g_hash_table_ref(value));
    }
    g_hash_table_iter_init(&iter, instance->devices);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(expanded, g_strdup(key), g_hash_table_ref(value));
    return expanded;
}

gboolean
ms_cluster_any_instance_device(const MsCluster *cluster,
                               gboolean (*match)(GHashTable *device, gconstpointer data), gconstpointer data)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_autoptr(GHashTable) devices = ms_cluster_expand_devices(cluster, value);
        GHashTableIter dev_iter;
        gpointer dev;

        g_hash_table_iter_init(&dev_iter, devices);
        while (g_hash_table_iter_next(&dev_iter, NULL, &dev))
            if (match(dev, data))
                return TRUE;
    }
    return FALSE;
}
