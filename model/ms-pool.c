/* migsim: storage pools.  The driver table follows lxd/storage/drivers/load.go
 * and each driver's isRemote() at lxd-5.0.2, lxd-5.21.7 and HEAD (≈6.9). */
#include "ms-pool.h"

#include "ms-config.h"

#include <string.h>

/* Every LXD series, the 5.1 .. 5.20 feature releases and Incus too: MS_REL_ALL
 * leaves out the last two, and `lxc storage create P dir` answered "Unknown
 * driver" there (found with Incus' test_clustering_storage).  The drivers of
 * lxd/storage/drivers/load.go at lxd-5.0.0, lxd-5.1, lxd-5.10, lxd-5.20 and of
 * internal/server/storage/drivers/load.go at Incus v6.0.0, v6.0.4, v6.1.0,
 * v6.23.0 (Incus' lvmcluster, linstor and truenas are not in this table);
 * cephobject from lxd-5.0.2 and lxd-5.5 (absent at 5.0.1 and 5.4). */
/* clang-format off */
#define REL_EVERY { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_ALL }
#define REL_CEPHOBJECT { MS_SPAN_50_FROM(2), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(5) }
static const MsDriverDef drivers[] = {
    { "dir", REL_EVERY, FALSE, FALSE, TRUE },
    { "btrfs", REL_EVERY, FALSE, FALSE, TRUE },
    { "lvm", REL_EVERY, FALSE, FALSE, TRUE },
    { "zfs", REL_EVERY, FALSE, FALSE, TRUE },
    { "ceph", REL_EVERY, TRUE, FALSE, TRUE },
    { "cephfs", REL_EVERY, TRUE, TRUE, FALSE },
    { "cephobject", REL_CEPHOBJECT, TRUE, FALSE, FALSE },
    { "powerflex", MS_REL_SINCE(0, 1), TRUE, FALSE, TRUE },
    { "pure", MS_REL_SINCE(4, 3), TRUE, FALSE, TRUE },
    { "alletra", MS_REL_SINCE(5, 6), TRUE, FALSE, TRUE },
    { "powerstore", MS_REL_SINCE_6(9), TRUE, FALSE, TRUE },
};
/* clang-format on */

const MsDriverDef *
ms_driver_lookup(const char *name)
{
    /* the first byte before the call: every move of a local-root instance
     * asks whether its pool is remote, and most names differ there */
    for (guint i = 0; i < G_N_ELEMENTS(drivers); i++)
        if (drivers[i].name[0] == name[0] && strcmp(drivers[i].name, name) == 0)
            return &drivers[i];
    return NULL;
}

/* Drivers a release ships that migsim does not model: Incus' lvmcluster
 * (from v6.0.0), linstor (from v6.11.0, not in the 6.0 LTS) and truenas
 * (from v6.16.0), read in internal/server/storage/drivers/load.go at
 * v6.0.0, v6.0.6, v6.10.0, v6.11.0, v6.15.0, v6.16.0, v7.0.0 and v7.3.0.
 * A pool of one is "not modelled" (Incus PR #3698's lvmcluster copy):
 * answering "Unknown driver" for a driver the server has would be wrong. */
/* clang-format off */
#define INC_FEATURE_FROM(m6) { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(6, m6, 0)) }
static const struct {
    const char *name;
    MsReleases releases;
} unmodelled_drivers[] = {
    { "lvmcluster", MS_REL_INCUS(MS_INC_ALL) },
    { "linstor", MS_REL_INCUS(INC_FEATURE_FROM(11)) },
    { "truenas", MS_REL_INCUS(INC_FEATURE_FROM(16)) },
};
/* clang-format on */

gboolean
ms_driver_unmodelled(const char *name, MsVersion version)
{
    for (guint i = 0; i < G_N_ELEMENTS(unmodelled_drivers); i++)
        if (g_str_equal(unmodelled_drivers[i].name, name))
            return ms_releases_contain(&unmodelled_drivers[i].releases, version);
    return FALSE;
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
    pool->ref_count = 1;
    return pool;
}

MsPool *
ms_pool_ref(MsPool *pool)
{
    g_atomic_int_inc(&pool->ref_count);
    return pool;
}

MsPool *
ms_pool_copy(const MsPool *pool)
{
    MsPool *copy = ms_pool_new(pool->name, pool->driver);
    GHashTableIter iter;
    gpointer key, value;

    copy->state = pool->state;
    copy->errored = pool->errored;
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
    if (pool == NULL || !g_atomic_int_dec_and_test(&pool->ref_count))
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

const char *
ms_pool_status(const MsPool *pool)
{
    return pool->errored ? "Errored" : ms_pool_state_to_api(pool->state);
}
