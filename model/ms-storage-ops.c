/* migsim: storage pools and custom volumes.  Behaviour as observed on a real
 * lxd-5.0.2 cluster (pending per-member entries, then a final create). */
#include "ms-apply-private.h"

#include <string.h>

static gboolean
pool_in_use(const MsCluster *cluster, const char *pool)
{
    GHashTableIter iter;
    gpointer value;

    for (guint i = 0; i < cluster->volumes->len; i++)
        if (g_str_equal(((MsVolume *) cluster->volumes->pdata[i])->pool, pool))
            return TRUE;
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_autoptr(GHashTable) devices = ms_cluster_expand_devices(cluster, value);
        GHashTableIter dev_iter;
        gpointer dev;
        g_hash_table_iter_init(&dev_iter, devices);
        while (g_hash_table_iter_next(&dev_iter, NULL, &dev))
            if (g_strcmp0(ms_config_get(dev, "pool"), pool) == 0)
                return TRUE;
    }
    return FALSE;
}

gboolean
ms_apply_storage(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsPool *pool = ms_cluster_lookup_pool(cluster, op->pool);

    if (op->kind == MS_OP_STORAGE_DELETE) {
        if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND, 404, FALSE);
        if (ms_apply_check(apply, MS_RULE_POOL_IN_USE, op->pool, pool_in_use(cluster, op->pool)))
            return ms_apply_reject(apply, MS_RULE_POOL_IN_USE, 400, FALSE);
        g_ptr_array_remove(cluster->pools, pool);
        return TRUE;
    }

    {
        const MsDriverDef *driver = ms_driver_lookup(op->driver);
        gboolean known = driver != NULL && ms_releases_contain(&driver->releases, apply->profile->version);
        if (ms_apply_check(apply, MS_RULE_POOL_UNKNOWN_DRIVER, op->pool, !known))
            return ms_apply_reject(apply, MS_RULE_POOL_UNKNOWN_DRIVER, 500, FALSE, op->driver);
    }
    if (pool != NULL && ms_apply_check(apply, MS_RULE_POOL_DRIVER_MISMATCH, op->pool,
                                       !g_str_equal(pool->driver, op->driver)))
        return ms_apply_reject(apply, MS_RULE_POOL_DRIVER_MISMATCH, 500, FALSE, op->driver, pool->driver);

    if (op->target != NULL) {
        MsMember *member = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, 404, FALSE, op->target);
        if (pool != NULL &&
            ms_apply_check(apply, MS_RULE_POOL_NOT_PENDING, op->pool, pool->state != MS_POOL_PENDING))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_PENDING, 500, FALSE);
        if (pool != NULL && ms_apply_check(apply, MS_RULE_POOL_ALREADY_DEFINED, op->pool,
                                           ms_pool_defined_on(pool, op->target)))
            return ms_apply_reject(apply, MS_RULE_POOL_ALREADY_DEFINED, 400, FALSE, op->pool, op->target);
        if (pool == NULL) {
            pool = ms_pool_new(op->pool, op->driver);
            g_ptr_array_add(cluster->pools, pool);
        }
        g_hash_table_insert(pool->member_state, g_strdup(op->target),
                            GINT_TO_POINTER(MS_POOL_PENDING + 1));
        return TRUE;
    }

    /* the final, cluster-wide create */
    if (pool != NULL && ms_apply_check(apply, MS_RULE_POOL_NOT_PENDING, op->pool,
                                       pool->state != MS_POOL_PENDING))
        return ms_apply_reject(apply, MS_RULE_POOL_NOT_PENDING, 500, FALSE);
    if (pool == NULL && ms_driver_lookup(op->driver)->remote) {
        /* Remote pools need no per-member step: one create defines them. */
        pool = ms_pool_new(op->pool, op->driver);
        g_ptr_array_add(cluster->pools, pool);
    } else {
        g_autoptr(GString) missing = g_string_new(NULL);

        if (ms_apply_check(apply, MS_RULE_POOL_NOT_PENDING_ANY, op->pool, pool == NULL))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_PENDING_ANY, 500, FALSE);
        for (guint i = 0; i < cluster->members->len; i++) {
            MsMember *member = cluster->members->pdata[i];
            if (!ms_pool_defined_on(pool, member->name))
                g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", member->name);
        }
        if (ms_apply_check(apply, MS_RULE_POOL_NOT_DEFINED_ON, op->pool, missing->len > 0))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_DEFINED_ON, 500, FALSE, missing->str);
    }
    pool->state = MS_POOL_CREATED;
    for (guint i = 0; i < cluster->members->len; i++)
        g_hash_table_insert(pool->member_state, g_strdup(((MsMember *) cluster->members->pdata[i])->name),
                            GINT_TO_POINTER(MS_POOL_CREATED + 1));
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(pool->config, op->keys->pdata[i], op->values->pdata[i]);
    return TRUE;
}

static gboolean
volume_attached(const MsCluster *cluster, const MsVolume *volume)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;
        g_autoptr(GHashTable) devices = NULL;
        GHashTableIter dev_iter;
        gpointer dev;

        if (volume->location != NULL && !g_str_equal(inst->location, volume->location))
            continue;
        devices = ms_cluster_expand_devices(cluster, inst);
        g_hash_table_iter_init(&dev_iter, devices);
        while (g_hash_table_iter_next(&dev_iter, NULL, &dev))
            if (g_strcmp0(ms_config_get(dev, "pool"), volume->pool) == 0 &&
                g_strcmp0(ms_config_get(dev, "source"), volume->name) == 0 &&
                g_strcmp0(ms_config_get(dev, "path"), "/") != 0)
                return TRUE;
    }
    return FALSE;
}

gboolean
ms_apply_volume(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsPool *pool = ms_cluster_lookup_pool(cluster, op->pool);
    const char *location = NULL;

    if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
        return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND, 404, FALSE);
    if (op->target != NULL) {
        if (ms_apply_check(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target,
                           ms_cluster_lookup_member(cluster, op->target) == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, 404, FALSE, op->target);
    }

    if (op->kind == MS_OP_VOLUME_CREATE) {
        MsContentType type = MS_CONTENT_FILESYSTEM;
        MsVolume *volume;

        if (op->content_type != NULL)
            ms_content_type_from_string(op->content_type, &type);
        /* A volume without --target lands on the member that received the
         * request (the client's member), not on the least-loaded one. */
        if (!ms_pool_is_remote(pool))
            location = op->target != NULL ? op->target : op->client;
        if (ms_apply_check(apply, MS_RULE_VOLUME_EXISTS, op->volume,
                           ms_cluster_lookup_volume(cluster, op->pool, op->volume,
                                                    location ? location : "") != NULL))
            return ms_apply_reject(apply, MS_RULE_VOLUME_EXISTS, 409, FALSE);
        volume = ms_volume_new(op->pool, op->volume, type, location);
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(volume->config, op->keys->pdata[i], op->values->pdata[i]);
        g_ptr_array_add(cluster->volumes, volume);
        return TRUE;
    }

    {
        guint n = ms_cluster_count_volumes(cluster, op->pool, op->volume);
        MsVolume *volume;

        if (ms_apply_check(apply, MS_RULE_VOLUME_AMBIGUOUS, op->volume, op->target == NULL && n > 1))
            return ms_apply_reject(apply, MS_RULE_VOLUME_AMBIGUOUS, 500, FALSE, op->volume);
        volume = ms_cluster_lookup_volume(cluster, op->pool, op->volume, op->target);
        if (ms_apply_check(apply, MS_RULE_VOLUME_NOT_FOUND, op->volume, volume == NULL))
            return ms_apply_reject(apply, MS_RULE_VOLUME_NOT_FOUND, 404, FALSE);
        if (ms_apply_check(apply, MS_RULE_VOLUME_IN_USE, op->volume, volume_attached(cluster, volume)))
            return ms_apply_reject(apply, MS_RULE_VOLUME_IN_USE, 400, FALSE);
        g_ptr_array_remove(cluster->volumes, volume);
    }
    return TRUE;
}
