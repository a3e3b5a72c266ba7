/* migsim: a storage pool's config as the pool driver's Validate judges it
 * at a create (storagePoolValidate, the driver's Create) and an update
 * (doStoragePoolUpdate -> pool.Validate): the common pool rules of
 * lxd/storage/utils.go (validatePoolCommonRules, from lxd-6.8 also
 * validateLocalPoolCommonRules for the local drivers) merged with the
 * driver's own, every value checked first, then every other key but user.*
 * refused as "Invalid option %q" (validatePool, lxd/storage/drivers/
 * driver_common.go:46-84 at lxd-5.0.2, :65-101 at lxd-6.9).  The key lists
 * were read at lxd-5.0.2 and every lxd-5.21.x and lxd-6.x tag (git show of
 * each driver_*.go Validate and of utils.go, 2026-12-05): dir, btrfs, zfs,
 * lvm, ceph and cephfs.  What migsim cannot tell says so: a refused value
 * (its text is the validator's, not modelled), the volume.* defaults (the
 * driver's volume rules as pool keys were not read), the other drivers,
 * the releases not read (every 5.0.x but 5.0.2, 5.1-5.20, Incus). */
#include "ms-apply-private.h"

#include <string.h>

typedef enum {
    POOL_ANY,    /* validate.IsAny */
    POOL_BOOL,   /* validate.Optional(validate.IsBool) */
    POOL_REBASE, /* zfs.clone_copy: "rebase" or validate.IsBool */
    POOL_SIZE,   /* validate.Optional(validate.IsSize) */
    POOL_INT64,  /* validate.Optional(validate.IsInt64) */
    POOL_1_255,  /* validate.Optional(validate.IsInRange(1, 255)) */
    POOL_VG,     /* IsAny until lxd-5.21.3 and 6.4; ValidPoolName from 5.21.4 and 6.5 */
    POOL_LV,     /* IsAny until lxd-5.21.3 and 6.4; ValidVolumeName from 5.21.4 and 6.5 */
} PoolKeyKind;

typedef struct {
    const char *driver; /* NULL: every driver (the common rules) */
    const char *key;
    PoolKeyKind kind;
    MsReleases releases;
} PoolKeyDef;

/* clang-format off */
#define LOCAL_DRIVERS NULL
static const PoolKeyDef pool_keys[] = {
    /* validatePoolCommonRules (lxd/storage/utils.go:355 at lxd-5.0.2;
     * source.wipe from lxd-5.21.0 (every 5.21.x: the tags read), source.recover
     * from lxd-6.7 (:536 at lxd-6.9); source moved to the local drivers'
     * validateLocalPoolCommonRules at lxd-6.8 (:584 at lxd-6.9) */
    { NULL, "volatile.initial_source", POOL_ANY, MS_REL_ALL },
    { NULL, "rsync.bwlimit", POOL_SIZE, MS_REL_ALL },
    { NULL, "rsync.compression", POOL_BOOL, MS_REL_ALL },
    { NULL, "source.wipe", POOL_BOOL, MS_REL_NOT_50 },
    { NULL, "source.recover", POOL_BOOL, MS_REL_SINCE_6(7) },
    /* the volume.* defaults: poolAndVolumeCommonRules' size at every tag
     * read (lxd/storage/utils.go:331 at lxd-5.0.2); the other volume.* keys
     * are not followed */
    { NULL, "volume.size", POOL_SIZE, MS_REL_ALL },
    { "ceph", "source", POOL_ANY, MS_REL_UNTIL_6(8) },
    { "cephfs", "source", POOL_ANY, MS_REL_UNTIL_6(8) },
    { "dir", "source", POOL_ANY, MS_REL_ALL },
    { "btrfs", "source", POOL_ANY, MS_REL_ALL },
    { "zfs", "source", POOL_ANY, MS_REL_ALL },
    { "lvm", "source", POOL_ANY, MS_REL_ALL },
    /* driver_btrfs.go Validate (:284 at lxd-5.0.2, :344 at lxd-6.9) */
    { "btrfs", "size", POOL_SIZE, MS_REL_ALL },
    { "btrfs", "btrfs.mount_options", POOL_ANY, MS_REL_ALL },
    /* driver_zfs.go Validate (:399 at lxd-5.0.2, :481 at lxd-6.9) */
    { "zfs", "size", POOL_SIZE, MS_REL_ALL },
    { "zfs", "zfs.pool_name", POOL_ANY, MS_REL_ALL },
    { "zfs", "zfs.clone_copy", POOL_REBASE, MS_REL_ALL },
    { "zfs", "zfs.export", POOL_BOOL, MS_REL_ALL },
    /* driver_lvm.go Validate (:453 at lxd-5.0.2, :548 at lxd-6.9) */
    { "lvm", "size", POOL_SIZE, MS_REL_ALL },
    { "lvm", "lvm.vg_name", POOL_VG, MS_REL_ALL },
    { "lvm", "lvm.thinpool_name", POOL_LV, MS_REL_ALL },
    { "lvm", "lvm.thinpool_metadata_size", POOL_SIZE, MS_REL_ALL },
    { "lvm", "lvm.use_thinpool", POOL_BOOL, MS_REL_ALL },
    { "lvm", "lvm.vg.force_reuse", POOL_BOOL, MS_REL_ALL },
    /* driver_ceph.go Validate (:269 at lxd-5.0.2, :318 at lxd-6.9; ceph.osd.pool_size from
     * lxd-5.21.4 and lxd-6.3; ceph.osd.force_reuse gone at lxd-6.7) */
    { "ceph", "ceph.cluster_name", POOL_ANY, MS_REL_ALL },
    { "ceph", "ceph.osd.force_reuse", POOL_BOOL, MS_REL_UNTIL_6(7) },
    { "ceph", "ceph.osd.pg_num", POOL_ANY, MS_REL_ALL },
    { "ceph", "ceph.osd.pool_size", POOL_1_255, MS_REL_SINCE(4, 3) },
    { "ceph", "ceph.osd.pool_name", POOL_ANY, MS_REL_ALL },
    { "ceph", "ceph.osd.data_pool_name", POOL_ANY, MS_REL_ALL },
    { "ceph", "ceph.rbd.clone_copy", POOL_BOOL, MS_REL_ALL },
    { "ceph", "ceph.rbd.du", POOL_BOOL, MS_REL_ALL },
    { "ceph", "ceph.rbd.features", POOL_ANY, MS_REL_ALL },
    { "ceph", "ceph.user.name", POOL_ANY, MS_REL_ALL },
    { "ceph", "volatile.pool.pristine", POOL_ANY, MS_REL_ALL },
    /* driver_cephfs.go Validate (:246 at lxd-5.0.2, :446 at lxd-6.9; the create_missing,
     * osd_pg_num, meta_pool and data_pool keys from lxd-5.21.0 (every 6.x),
     * osd_pool_size from lxd-5.21.4 and lxd-6.3, volatile.pool.pristine gone
     * at lxd-6.7) */
    { "cephfs", "cephfs.cluster_name", POOL_ANY, MS_REL_ALL },
    { "cephfs", "cephfs.fscache", POOL_BOOL, MS_REL_ALL },
    { "cephfs", "cephfs.path", POOL_ANY, MS_REL_ALL },
    { "cephfs", "cephfs.user.name", POOL_ANY, MS_REL_ALL },
    { "cephfs", "cephfs.create_missing", POOL_BOOL, MS_REL_NOT_50 },
    { "cephfs", "cephfs.osd_pg_num", POOL_INT64, MS_REL_NOT_50 },
    { "cephfs", "cephfs.osd_pool_size", POOL_1_255, MS_REL_SINCE(4, 3) },
    { "cephfs", "cephfs.meta_pool", POOL_ANY, MS_REL_NOT_50 },
    { "cephfs", "cephfs.data_pool", POOL_ANY, MS_REL_NOT_50 },
    { "cephfs", "volatile.pool.pristine", POOL_ANY, MS_REL_UNTIL_6(7) },
};
/* clang-format on */

static const char *const pool_drivers_read[] = { "dir", "btrfs", "zfs", "lvm", "ceph", "cephfs", NULL };

static const PoolKeyDef *
pool_key_lookup(const MsProfile *profile, const char *driver, const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(pool_keys); i++) {
        const PoolKeyDef *def = &pool_keys[i];
        if ((def->driver == NULL || g_str_equal(def->driver, driver)) && g_str_equal(def->key, key) &&
            ms_releases_contain(&def->releases, profile->version))
            return def;
    }
    return NULL;
}

/* ValidPoolName and ValidVolumeName (lxd/storage/drivers/utils.go:956, :983
 * at lxd-6.9): not empty, no leading dot or hyphen (a pool), not ".." and no
 * backslash (a volume), no slash, no white space */
static gboolean
lvm_name_valid(const char *value, gboolean volume)
{
    if (volume && (g_str_equal(value, "..") || strchr(value, '\\') != NULL))
        return FALSE;
    if (!volume && (value[0] == '.' || value[0] == '-'))
        return FALSE;
    for (const char *p = value; *p != '\0'; p++)
        if (*p == '/' || g_ascii_isspace(*p))
            return FALSE;
    return TRUE;
}

static gboolean
pool_value_valid(const MsProfile *profile, const PoolKeyDef *def, const char *value)
{
    gint64 n;

    /* lxd/storage/drivers/driver_lvm.go:522 at lxd-5.21.4 and lxd-6.5; a
     * plain IsAny at lxd-5.21.3 and lxd-6.4 */
    static const MsReleases names_checked = MS_REL_SINCE(4, 5);

    if (value[0] == '\0') /* validate.Optional, or IsAny */
        return TRUE;
    switch (def->kind) {
    case POOL_ANY:
        return TRUE;
    case POOL_BOOL:
        return ms_is_valid_bool(value);
    case POOL_REBASE:
        return g_str_equal(value, "rebase") || ms_is_valid_bool(value);
    case POOL_SIZE: {
        g_autofree char *error = ms_byte_size_error(value);
        return error == NULL;
    }
    case POOL_INT64:
        return ms_is_go_int64(value);
    case POOL_1_255:
        if (!ms_is_go_int64(value))
            return FALSE;
        n = g_ascii_strtoll(value, NULL, 10);
        return n >= 1 && n <= 255;
    case POOL_VG:
    case POOL_LV:
        return !ms_releases_contain(&names_checked, profile->version) ||
               lvm_name_valid(value, def->kind == POOL_LV);
    }
    return FALSE;
}

gboolean
ms_pool_config_followed(const MsProfile *profile, const char *driver)
{
    return !ms_profile_is_incus(profile) && !ms_profile_is_derived(profile) &&
           g_strv_contains(pool_drivers_read, driver);
}

MsPoolConfigVerdict
ms_pool_config_judge(const MsProfile *profile, const char *driver, const GPtrArray *keys,
                     const GPtrArray *values, char **what, guint *n_bad)
{
    const char *bad = NULL;
    const char *use_thinpool = NULL;
    gboolean thin_keys = FALSE;

    *what = NULL;
    *n_bad = 0;
    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i], *value = values->pdata[i];
        const PoolKeyDef *def;

        if (g_str_has_prefix(key, "user."))
            continue;
        if (!ms_pool_config_followed(profile, driver)) {
            *what = g_strdup_printf("the %s pool key %s at %s (the driver's pool rules were not read at this "
                                    "release)",
                                    driver, key, profile->name);
            return MS_POOL_CONFIG_UNMODELLED;
        }
        def = pool_key_lookup(profile, driver, key);
        if (def == NULL && g_str_has_prefix(key, "volume.")) {
            *what = g_strdup_printf("the pool key %s (the %s driver's volume rules as pool defaults were not "
                                    "read)",
                                    key, driver);
            return MS_POOL_CONFIG_UNMODELLED;
        }
        if (def == NULL) {
            if ((*n_bad)++ == 0)
                bad = key;
            continue;
        }
        if (!pool_value_valid(profile, def, value)) {
            *what = g_strdup_printf("the value \"%s\" of the %s pool key %s (LXD refuses it with the "
                                    "validator's text, not modelled)",
                                    value, driver, key);
            return MS_POOL_CONFIG_UNMODELLED;
        }
        if (g_str_equal(key, "lvm.use_thinpool"))
            use_thinpool = value;
        if ((g_str_equal(key, "lvm.thinpool_name") || g_str_equal(key, "lvm.thinpool_metadata_size")) &&
            value[0] != '\0')
            thin_keys = TRUE;
    }
    if (bad != NULL) {
        *what = g_strdup(bad);
        return MS_POOL_CONFIG_INVALID_OPTION;
    }
    /* lvm's own check after validatePool (driver_lvm.go:470, :474 at
     * lxd-5.0.2; :603, :607 at lxd-6.9): its texts are not modelled */
    if (use_thinpool != NULL && ms_is_valid_bool(use_thinpool) && !ms_is_true(use_thinpool) && thin_keys) {
        *what = g_strdup("lvm.use_thinpool=false with lvm.thinpool_name or lvm.thinpool_metadata_size");
        return MS_POOL_CONFIG_UNMODELLED;
    }
    return MS_POOL_CONFIG_VALID;
}

/* The driver's Update after Validate refuses some changes with texts
 * migsim does not model: lvm's use_thinpool and thinpool_metadata_size
 * (driver_lvm.go Update, :482, :485 at lxd-5.0.2, :618, :623 at lxd-6.9), ceph's
 * immutable cluster_name and osd.pool_name (cephPoolConfigPolicy,
 * driver_ceph.go:27-34 at lxd-6.9; "Cannot update %q" from lxd-5.21.4 and
 * lxd-6.4, before which the change passes: migsim says not modelled at every
 * release).  TRUE for such a key. */
gboolean
ms_pool_config_change_unmodelled(const char *driver, const char *key)
{
    static const char *const lvm[] = { "lvm.use_thinpool", "lvm.thinpool_metadata_size", NULL };
    static const char *const ceph[] = { "ceph.cluster_name", "ceph.osd.pool_name", NULL };

    return (g_str_equal(driver, "lvm") && g_strv_contains(lvm, key)) ||
           (g_str_equal(driver, "ceph") && g_strv_contains(ceph, key));
}
