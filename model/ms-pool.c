/* migsim: storage pools.  The driver table follows lxd/storage/drivers/load.go
 * and each driver's isRemote() at lxd-5.0.2, lxd-5.21.7 and HEAD (≈6.9). */
#include "ms-pool.h"

#include "ms-config.h"

/* clang-format off */
static const MsDriverDef drivers[] = {
    { "dir", MS_REL_ALL, FALSE, FALSE, TRUE },
    { "btrfs", MS_REL_ALL, FALSE, FALSE, TRUE },
    { "lvm", MS_REL_ALL, FALSE, FALSE, TRUE },
    { "zfs", MS_REL_ALL, FALSE, FALSE, TRUE },
    { "ceph", MS_REL_ALL, TRUE, FALSE, TRUE },
    { "cephfs", MS_REL_ALL, TRUE, TRUE, FALSE },
    { "cephobject", MS_REL_ALL, TRUE, FALSE, FALSE },
    { "powerflex", MS_REL_SINCE(0, 1), TRUE, FALSE, TRUE },
    { "pure", MS_REL_SINCE(4, 3), TRUE, FALSE, TRUE },
    { "alletra", MS_REL_SINCE(5, 6), TRUE, FALSE, TRUE },
    { "powerstore", MS_REL_SINCE_6(9), TRUE, FALSE, TRUE },
};
/* clang-format on */

const MsDriverDef *
ms_driver_lookup(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(drivers); i++)
        if (g_str_equal(drivers[i].name, name))
            return &drivers[i];
    return NULL;
}

const MsDriverDef *
ms_drivers(guint *n_drivers)
{
    *n_drivers = G_N_ELEMENTS(drivers);
    return drivers;
}

MsPool *
ms_pool_new(const char *name, const char *driver)
{
    MsPool *pool = g_new0(MsPool, 1);

    pool->name = g_strdup(name);
    pool->driver = g_strdup(driver);
    pool->state = MS_POOL_PENDING;
    pool->member_state = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    pool->config = ms_config_new();
    return pool;
}

MsPool *
ms_pool_copy(const MsPool *pool)
{
    MsPool *copy = ms_pool_new(pool->name, pool->driver);
    GHashTableIter iter;
    gpointer key, value;

    copy->state = pool->state;
    g_hash_table_iter_init(&iter, pool->member_state);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(copy->member_state, g_strdup(key), value);
    g_hash_table_unref(copy->config);
    copy->config = ms_config_copy(pool->config);
    return copy;
}

void
ms_pool_free(MsPool *pool)
{
    if (pool == NULL)
        return;
    g_free(pool->name);
    g_free(pool->driver);
    g_hash_table_unref(pool->member_state);
    g_hash_table_unref(pool->config);
    g_free(pool);
}

gboolean
ms_pool_is_remote(const MsPool *pool)
{
    const MsDriverDef *def = ms_driver_lookup(pool->driver);

    return def != NULL && def->remote;
}

gboolean
ms_pool_defined_on(const MsPool *pool, const char *member)
{
    return g_hash_table_contains(pool->member_state, member);
}

const char *
ms_pool_state_to_api(MsPoolState state)
{
    return state == MS_POOL_CREATED ? "Created" : "Pending";
}
