/* migsim: a custom volume's config as the pool driver's ValidateVolume
 * judges it at a create (CreateCustomVolume) and an update
 * (UpdateCustomVolume): the common volume rules of lxd/storage/utils.go
 * merged with the driver's own (the driver's win), then every other key
 * but user.* refused (lxd/storage/drivers/driver_common.go:141-185 at
 * lxd-5.0.2, :156-201 at lxd-6.9).  The drivers followed: dir, btrfs and
 * cephfs (no rules of their own: driver_dir_volumes.go:238-249,
 * driver_btrfs_volumes.go:934, driver_cephfs_volumes.go:283 at lxd-5.0.2;
 * :237, :894, :284 at lxd-6.9), zfs, lvm and ceph (commonVolumeRules and
 * ValidateVolume: driver_zfs_volumes.go:1293-1305, driver_lvm_volumes.go
 * :293-318, driver_ceph_volumes.go:814-824 at lxd-5.0.2; :1567-1666,
 * :311-361, :1168-1206 at lxd-5.21.7; :1987-2096, :316-366, :1172-1210 at
 * lxd-6.9).  The other drivers (powerflex, pure, alletra, powerstore ...)
 * get the common rules of user.* and volatile.* keys only.  Then
 * UpdateCustomVolume's refusals of a change: an ISO volume's config, a
 * volume's volatile.uuid and block.filesystem, lvm's stripes. */
#include "ms-apply-private.h"
#include "ms-instance-keys-private.h"
#include "ms-names.h"

#include <string.h>

typedef enum {
    VOL_ANY,           /* validate.IsAny */
    VOL_SIZE,          /* validate.Optional(validate.IsSize) */
    VOL_EXPIRY,        /* shared.GetExpiry */
    VOL_CRON,          /* validate.Optional(validate.IsCron(seven aliases)) */
    VOL_BOOL,          /* validate.Optional(validate.IsBool) */
    VOL_UUID,          /* validate.Optional(validate.IsUUID) */
    VOL_INT64,         /* validate.Optional(validate.IsInt64) */
    VOL_UINT32,        /* validate.Optional(validate.IsUint32) */
    VOL_BLOCK_FS,      /* validate.Optional(validate.IsOneOf(btrfs, ext4, xfs)) */
    VOL_ZFS_BLOCKSIZE, /* validate.Optional(ValidateZfsBlocksize) */
} VolumeKeyKind;

/* the drivers whose volume rules are followed (0 in a row: all of them) */
enum {
    DRV_DIR = 1 << 0,
    DRV_BTRFS = 1 << 1,
    DRV_ZFS = 1 << 2,
    DRV_LVM = 1 << 3,
    DRV_CEPH = 1 << 4,
    DRV_CEPHFS = 1 << 5,
};

#define FS (1 << MS_CONTENT_FILESYSTEM)
#define BLOCK (1 << MS_CONTENT_BLOCK)
#define ISO (1 << MS_CONTENT_ISO)

typedef struct {
    const char *key;
    VolumeKeyKind kind;
    int contents;        /* the content types that have the rule */
    MsReleases releases; /* all-NONE: every LXD release */
    int drivers;         /* DRV_* bits; 0: every driver followed */
    gboolean block_mode; /* only on a zfs volume in block mode */
} VolumeKeyDef;

/* a key's span: lxd-5.0.x only; from lxd-5.21.0 and 6.1 */
#define REL_50 MS_REL_ONLY_50
#define REL_521 MS_REL_NOT_50
#define EVERY                         \
    {                                 \
        { 0, 0 }, { 0, 0 }, { 0, 0 }, \
        {                             \
            { 0, 0 },                 \
            {                         \
                0, 0                  \
            }                         \
        }                             \
    }

/* poolAndVolumeCommonRules and validateVolumeCommonRules
 * (lxd/storage/utils.go:331-400 at lxd-5.0.2; :406-455, :620-650 at
 * lxd-6.9): security.shifted and .unmapped for filesystem volumes,
 * security.shared for block ones from lxd-5.21.3 and lxd-6.2,
 * volatile.uuid from lxd-5.21.0 and 6.1, volatile.devlxd.owner from
 * lxd-6.6, volatile.idmap.* for filesystem volumes; block.* only on
 * block-backed drivers (not dir) */
/* clang-format off */
static const VolumeKeyDef volume_keys[] = {
    { "size", VOL_SIZE, FS | BLOCK | ISO },
    { "snapshots.expiry", VOL_EXPIRY, FS | BLOCK | ISO },
    { "snapshots.schedule", VOL_CRON, FS | BLOCK | ISO },
    { "snapshots.pattern", VOL_ANY, FS | BLOCK | ISO },
    { "security.shifted", VOL_BOOL, FS },
    { "security.unmapped", VOL_BOOL, FS },
    { "security.shared", VOL_BOOL, BLOCK, MS_REL_SINCE(3, 2) },
    { "volatile.uuid", VOL_UUID, FS | BLOCK | ISO, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL) },
    { "volatile.devlxd.owner", VOL_UUID, FS | BLOCK | ISO, MS_REL_SINCE_6(6) },
    { "volatile.idmap.last", VOL_ANY, FS },
    { "volatile.idmap.next", VOL_ANY, FS },
    /* zfs (driver_zfs_volumes.go:1293-1300 at lxd-5.0.2): zfs.block_mode
     * and zfs.delegate from lxd-5.21.0 and 6.1 (b7eb8f4073; :1577-1644 at
     * lxd-5.21.7), zfs.promote from lxd-6.8 (35cf2943e1; :2017-2074 at
     * lxd-6.9); the driver's rules are merged whatever the content type
     * (an ISO volume has them), then ValidateVolume drops zfs.block_mode
     * and block.* of a block volume, and block.* of a volume not in block
     * mode (:1656-1663 at
     * lxd-5.21.7, :2086-2093 at lxd-6.9).  lxd-5.0.2 has no zfs block mode:
     * block.* is unknown there (zfs is not BlockBacking). */
    { "zfs.blocksize", VOL_ZFS_BLOCKSIZE, FS | BLOCK | ISO, EVERY, DRV_ZFS },
    { "zfs.remove_snapshots", VOL_BOOL, FS | BLOCK | ISO, EVERY, DRV_ZFS },
    { "zfs.use_refquota", VOL_BOOL, FS | BLOCK | ISO, EVERY, DRV_ZFS },
    { "zfs.reserve_space", VOL_BOOL, FS | BLOCK | ISO, EVERY, DRV_ZFS },
    { "zfs.block_mode", VOL_BOOL, FS | ISO, REL_521, DRV_ZFS },
    { "zfs.delegate", VOL_BOOL, FS | BLOCK | ISO, REL_521, DRV_ZFS },
    { "zfs.promote", VOL_BOOL, FS | BLOCK | ISO, MS_REL_SINCE_6(8), DRV_ZFS },
    { "block.filesystem", VOL_BLOCK_FS, FS | ISO, REL_521, DRV_ZFS, TRUE },
    { "block.mount_options", VOL_ANY, FS | ISO, REL_521, DRV_ZFS, TRUE },
    /* lvm and ceph: block.* on every volume at lxd-5.0.2 (driver rules are
     * merged whatever the content type, driver_common.go:148-150), on
     * filesystem (and ISO) volumes from lxd-5.18 (1f78e44a72: lvm :342-345, ceph
     * :1200-1203 at lxd-5.21.7); lvm.stripes* (driver_lvm_volumes.go
     * :297-298 at lxd-5.0.2, :322-330 at lxd-5.21.7, :327-335 at lxd-6.9) */
    { "block.filesystem", VOL_BLOCK_FS, FS | ISO, EVERY, DRV_LVM | DRV_CEPH },
    { "block.mount_options", VOL_ANY, FS | ISO, EVERY, DRV_LVM | DRV_CEPH },
    { "block.filesystem", VOL_BLOCK_FS, BLOCK, REL_50, DRV_LVM | DRV_CEPH },
    { "block.mount_options", VOL_ANY, BLOCK, REL_50, DRV_LVM | DRV_CEPH },
    { "lvm.stripes", VOL_UINT32, FS | BLOCK | ISO, EVERY, DRV_LVM },
    { "lvm.stripes.size", VOL_SIZE, FS | BLOCK | ISO, EVERY, DRV_LVM },
};
/* clang-format on */

/* Incus' own list, read at every Incus tag (poolAndVolumeCommonRules and
 * validateVolumeCommonRules, internal/server/storage/utils.go:478-553 at
 * v6.0.4, :484-560 at v6.0.6, :489-565 at v6.23.0; the dir driver adds no
 * rule, driver_dir_volumes.go:240-251 at v6.0.4): LXD 5.0.2's keys, with
 * security.shared for custom block volumes at every tag, initial.uid|gid|mode
 * for custom filesystem volumes from v6.0.3 and v6.8.0 (absent at v6.0.2,
 * v6.7.0), snapshots.expiry.manual from v6.0.5 and v6.14.0 (absent at
 * v6.0.4, v6.13.0); no volatile.uuid nor volatile.devlxd.owner at any tag. */
#define INC_ALL                  \
    {                            \
        MS_SPAN_ALL, MS_SPAN_ALL \
    }
/* clang-format off */
static const VolumeKeyDef incus_volume_keys[] = {
    { "size", VOL_SIZE, FS | BLOCK | ISO, MS_REL_INCUS(INC_ALL) },
    { "snapshots.expiry", VOL_EXPIRY, FS | BLOCK | ISO, MS_REL_INCUS(INC_ALL) },
    { "snapshots.expiry.manual", VOL_EXPIRY, FS | BLOCK | ISO, MS_REL_INCUS(MS_INC_SINCE(5, 14)) },
    { "snapshots.schedule", VOL_CRON, FS | BLOCK | ISO, MS_REL_INCUS(INC_ALL) },
    { "snapshots.pattern", VOL_ANY, FS | BLOCK | ISO, MS_REL_INCUS(INC_ALL) },
    { "security.shifted", VOL_BOOL, FS, MS_REL_INCUS(INC_ALL) },
    { "security.unmapped", VOL_BOOL, FS, MS_REL_INCUS(INC_ALL) },
    { "initial.uid", VOL_INT64, FS, MS_REL_INCUS(MS_INC_SINCE(3, 8)) },
    { "initial.gid", VOL_INT64, FS, MS_REL_INCUS(MS_INC_SINCE(3, 8)) },
    { "initial.mode", VOL_INT64, FS, MS_REL_INCUS(MS_INC_SINCE(3, 8)) },
    { "security.shared", VOL_BOOL, BLOCK, MS_REL_INCUS(INC_ALL) },
    { "volatile.idmap.last", VOL_ANY, FS, MS_REL_INCUS(INC_ALL) },
    { "volatile.idmap.next", VOL_ANY, FS, MS_REL_INCUS(INC_ALL) },
};
/* clang-format on */

/* What a volume's rules depend on: the release, the pool's driver (a DRV_*
 * bit; 0 for a driver whose rules are not followed: the rows for every
 * driver only), the content type and, on zfs, the block mode. */
typedef struct {
    const MsProfile *profile;
    int driver;
    MsContentType type;
    gboolean block_mode;
} VolumeRules;

static int
driver_bit(const char *driver)
{
    static const char *const names[] = { "dir", "btrfs", "zfs", "lvm", "ceph", "cephfs" };

    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_strcmp0(driver, names[i]) == 0)
            return 1 << i;
    return 0;
}

gboolean
ms_volume_driver_followed(const char *driver)
{
    return driver_bit(driver) != 0;
}

static const VolumeKeyDef *
volume_key_lookup(const VolumeRules *rules, const char *key)
{
    static const MsReleases every = EVERY;

    gboolean incus = ms_profile_is_incus(rules->profile);
    const VolumeKeyDef *table = incus ? incus_volume_keys : volume_keys;
    guint n = incus ? G_N_ELEMENTS(incus_volume_keys) : G_N_ELEMENTS(volume_keys);

    for (guint i = 0; i < n; i++) {
        const VolumeKeyDef *def = &table[i];
        gboolean released = (!incus && memcmp(&def->releases, &every, sizeof every) == 0) ||
                            ms_releases_contain(&def->releases, rules->profile->version);
        gboolean driver = def->drivers == 0 || (def->drivers & rules->driver) != 0;

        if (g_str_equal(def->key, key) && (def->contents & (1 << rules->type)) != 0 && released && driver &&
            (!def->block_mode || rules->block_mode))
            return def;
    }
    return NULL;
}

/* Go's strconv.ParseUint(value, 10, 32): its error, NULL when it reads */
static char *
uint32_error(const char *value)
{
    g_autofree char *quoted = ms_go_quote(value);
    gsize digits = strspn(value, "0123456789");
    const char *what = "invalid syntax";

    if (*value != '\0' && value[digits] == '\0') {
        guint64 number = g_ascii_strtoull(value, NULL, 10);
        /* strtoull saturates; ten digits at most fit */
        if (digits <= 10 && number <= G_MAXUINT32)
            return NULL;
        what = "value out of range";
    }
    return g_strdup_printf("Invalid value for uint32 %s: strconv.ParseUint: parsing %s: %s", quoted, quoted,
                           what);
}

/* ValidateZfsBlocksize (lxd/storage/drivers/driver_zfs_utils.go:418-430 at
 * lxd-5.0.2; "512B" from e86d00c599, in every 5.21.x and 6.x:
 * :475 at lxd-5.21.7, :506-518 at lxd-6.9) */
static char *
zfs_blocksize_error(const MsProfile *profile, const char *value)
{
    static const MsReleases old_text = MS_REL_ONLY_50;
    gint64 bytes = 0;
    char *error = ms_byte_size_parse(value, &bytes);

    if (error != NULL)
        return error;
    if (bytes < 512 || bytes > 16 * 1024 * 1024 || (bytes & (bytes - 1)) != 0)
        return g_strdup_printf("Value should be between %s and 16MiB, and be power of 2",
                               ms_releases_contain(&old_text, profile->version) ? "512" : "512B");
    return NULL;
}

/* The rule's error for @value, NULL when it passes. */
static char *
volume_value_error(const MsProfile *profile, const VolumeKeyDef *def, const char *value)
{
    MsCronAnswer answer;
    g_autofree char *error = NULL;

    switch (def->kind) {
    case VOL_SIZE:
        return ms_byte_size_error(value);
    case VOL_EXPIRY:
        /* the unit S from lxd-5.0.2 and 5.7 (shared/util.go:1244 at
         * lxd-5.0.2), as for an instance's key */
        return ms_expiry_error(value, ms_expiry_seconds(profile));
    case VOL_CRON:
        /* the volume list has no @startup nor @never (lxd/storage/utils.go
         * :341 at lxd-5.0.2) */
        answer = ms_cron_check(value, FALSE, &error);
        if (answer == MS_CRON_NOT_FIVE)
            return g_strdup(
                "Schedule must be of the form: <minute> <hour> <day-of-month> <month> <day-of-week>");
        if (answer == MS_CRON_BAD)
            return g_strdup_printf("Error parsing schedule: %s", error);
        return answer == MS_CRON_UNKNOWN ? g_strdup("") : NULL;
    case VOL_BOOL:
        if (*value != '\0' && !ms_is_valid_bool(value)) {
            g_autofree char *quoted = ms_go_quote(value);
            return g_strdup_printf("Invalid value for a boolean %s", quoted);
        }
        return NULL;
    case VOL_UUID:
        /* 36 bytes in 8-4-4-4-12 hex digits (the other forms google/uuid
         * reads: not modelled) */
        if (*value == '\0')
            return NULL;
        if (strlen(value) != 36 || strspn(value, "0123456789abcdefABCDEF-") != 36 || value[8] != '-' ||
            value[13] != '-' || value[18] != '-' || value[23] != '-')
            return strlen(value) == 32 || strlen(value) == 38 || strlen(value) == 45
                       ? g_strdup("")
                       : g_strdup("Invalid UUID");
        return NULL;
    case VOL_INT64:
        /* strconv.ParseInt(value, 10, 64) (shared/validate/validate.go:71-78
         * at v6.0.4); the overflow bounds are not followed */
        if (*value == '\0')
            return NULL;
        if (strspn(value + (*value == '-' || *value == '+'), "0123456789") !=
                strlen(value + (*value == '-' || *value == '+')) ||
            value[*value == '-' || *value == '+'] == '\0') {
            g_autofree char *quoted = ms_go_quote(value);
            return g_strdup_printf("Invalid value for an integer %s", quoted);
        }
        return strlen(value) > 18 ? g_strdup("") : NULL;
    case VOL_UINT32:
        return *value == '\0' ? NULL : uint32_error(value);
    case VOL_BLOCK_FS:
        /* blockBackedAllowedFilesystems (lxd/storage/drivers/utils.go:38 at
         * lxd-5.21.7); lvmAllowedFilesystems, cephAllowedFilesystems at
         * lxd-5.0.2 (driver_lvm.go:27, driver_ceph.go:21): the same three */
        if (*value != '\0' && !g_str_equal(value, "btrfs") && !g_str_equal(value, "ext4") &&
            !g_str_equal(value, "xfs")) {
            g_autofree char *quoted = ms_go_quote(value);
            return g_strdup_printf("Invalid value %s (not one of [btrfs ext4 xfs])", quoted);
        }
        return NULL;
    case VOL_ZFS_BLOCKSIZE:
        return *value == '\0' ? NULL : zfs_blocksize_error(profile, value);
    default:
        return NULL;
    }
}

/* Adds @message to the outcome's other possible texts. */
static void
add_alternative(MsApply *apply, char *message)
{
    if (apply->outcome->alternatives == NULL)
        apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(apply->outcome->alternatives, message);
}

static VolumeRules
volume_rules(const MsApply *apply, const MsPool *pool, MsContentType type, GHashTable *config)
{
    VolumeRules rules = { apply->profile, driver_bit(pool->driver), type,
                          ms_is_true(ms_config_get(config, "zfs.block_mode")) };
    return rules;
}

/* A pool's volume.* key of a driver namespace is copied into the volume's
 * config before the validation (fillVolumeConfig, lxd/storage/drivers/
 * driver_common.go:111-145 at lxd-6.9; zfs's block mode, lvm's stripes of
 * a thick pool): migsim does not follow the copy.  The first such key. */
static const char *
pool_fill_key(const MsPool *pool)
{
    g_autofree const char **keys = ms_config_sorted_keys(pool->config);

    for (guint i = 0; keys[i] != NULL; i++)
        if (g_str_has_prefix(keys[i], "volume.zfs.") || g_str_has_prefix(keys[i], "volume.lvm.") ||
            g_str_has_prefix(keys[i], "volume.block."))
            return keys[i];
    return NULL;
}

gboolean
ms_volume_values_refused(MsApply *apply, const MsPool *pool, const char *storage_name, MsContentType type,
                         GHashTable *config, gboolean async)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);
    VolumeRules rules = volume_rules(apply, pool, type, config);
    const char *bad_key = NULL;
    g_autofree char *bad_error = NULL;
    guint n_bad = 0;

    if (pool_fill_key(pool) != NULL)
        return ms_apply_fail(
                   apply, MS_RULE_NONE, 0, FALSE,
                   g_strdup_printf("migsim: not modelled for %s: a volume of a %s pool with %s (LXD "
                                   "copies it into the volume's config before validating it)",
                                   apply->profile->name, pool->driver, pool_fill_key(pool))),
               TRUE;
    /* validateVolume runs the rules (a Go map) first: any failing one may
     * be named */
    for (guint i = 0; keys[i] != NULL; i++) {
        const char *value = g_hash_table_lookup(config, keys[i]);
        const VolumeKeyDef *def = volume_key_lookup(&rules, keys[i]);
        g_autofree char *error = def != NULL ? volume_value_error(apply->profile, def, value) : NULL;

        if (error != NULL && *error == '\0')
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: volume option %s=%s (forms of "
                                                 "its validator migsim does not follow)",
                                                 apply->profile->name, keys[i], value)),
                   TRUE;
        if (error == NULL)
            continue;
        if (n_bad++ == 0) {
            bad_key = keys[i];
            bad_error = g_steal_pointer(&error);
        } else
            add_alternative(
                apply, ms_rule_message(MS_RULE_VOLUME_VALUE, apply->profile, storage_name, keys[i], error));
    }
    if (ms_apply_check(apply, MS_RULE_VOLUME_VALUE, storage_name, n_bad > 0)) {
        if (n_bad > 1)
            ms_outcome_add_note(
                apply->outcome,
                "%u volume options are invalid: LXD checks them in Go map order and names any one", n_bad);
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_VALUE, async, storage_name, bad_key, bad_error),
               TRUE;
    }
    return FALSE;
}

/* lvm's ValidateVolume after the rules: a thin pool (lvm.use_thinpool
 * true or unset, driver_lvm_utils.go:38-41 at lxd-5.0.2, :42-45 at
 * lxd-6.9) takes no stripes (driver_lvm_volumes.go:309-315 at lxd-5.0.2,
 * :352-358 at lxd-5.21.7, :357-363 at lxd-6.9), lvm.stripes checked
 * first.  TRUE when refused. */
static gboolean
lvm_stripes_refused(MsApply *apply, const MsPool *pool, const char *storage_name, GHashTable *config,
                    gboolean async)
{
    static const char *const stripes[] = { "lvm.stripes", "lvm.stripes.size" };
    const char *use_thinpool = ms_config_get(pool->config, "lvm.use_thinpool") ?: "";
    gboolean thin = g_str_equal(pool->driver, "lvm") && (*use_thinpool == '\0' || ms_is_true(use_thinpool));

    for (guint i = 0; i < G_N_ELEMENTS(stripes); i++)
        if (ms_apply_check(apply, MS_RULE_VOLUME_LVM_STRIPES_THIN, storage_name,
                           thin && *(ms_config_get(config, stripes[i]) ?: "") != '\0'))
            return ms_apply_reject_async(apply, MS_RULE_VOLUME_LVM_STRIPES_THIN, async, stripes[i]), TRUE;
    return FALSE;
}

gboolean
ms_volume_keys_refused(MsApply *apply, const MsPool *pool, const char *storage_name, MsContentType type,
                       GHashTable *config, gboolean async)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);
    VolumeRules rules = volume_rules(apply, pool, type, config);
    const char *bad_key = NULL;
    guint n_unknown = 0;

    /* after the rules, the keys no rule checked, but user.* (Go map
     * order too) */
    for (guint i = 0; keys[i] != NULL; i++) {
        if (volume_key_lookup(&rules, keys[i]) != NULL || g_str_has_prefix(keys[i], "user."))
            continue;
        if (n_unknown++ == 0)
            bad_key = keys[i];
        else
            add_alternative(
                apply, ms_rule_message(MS_RULE_VOLUME_KEY_INVALID, apply->profile, storage_name, keys[i]));
    }
    if (ms_apply_check(apply, MS_RULE_VOLUME_KEY_INVALID, storage_name, n_unknown > 0)) {
        if (n_unknown > 1)
            ms_outcome_add_note(
                apply->outcome,
                "%u volume options are unknown to the %s driver: LXD names any one (Go map order)", n_unknown,
                pool->driver);
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_KEY_INVALID, async, storage_name, bad_key), TRUE;
    }
    /* security.unmapped with security.shifted: refused after the
     * validation (lxd/storage/backend_lxd.go:3996-3999 at lxd-5.0.2; in
     * validateVolume at lxd-6.9, driver_common.go:198-201) */
    if (ms_is_true(ms_config_get(config, "security.unmapped")) &&
        ms_is_true(ms_config_get(config, "security.shifted")))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: security.unmapped with "
                                             "security.shifted on a volume",
                                             apply->profile->name)),
               TRUE;
    return lvm_stripes_refused(apply, pool, storage_name, config, async);
}

/* ---- after ValidateVolume: UpdateCustomVolume's changed keys ---- */

/* What the common volume rules, which are every LXD driver's, say of an
 * op's keys on a pool whose driver rules migsim does not follow: user.*
 * passes; volatile.* has no driver rule on any driver (a custom volume's
 * volatile keys are validateVolumeCommonRules', lxd/storage/utils.go
 * :371-399 at lxd-5.0.2, :540-670 at lxd-5.21.7, :505-655 at lxd-6.9), so
 * it is judged as on a dir pool. */
typedef struct {
    const char *unjudged;    /* the first key a driver rule may judge */
    const char *bad_key;     /* the first value a common rule refuses */
    char *bad_error;         /* its rule's error */
    const char *unknown_key; /* the first volatile.* key no rule knows */
} CommonJudgement;

static void
judge_common_key(const MsProfile *profile, MsContentType type, const char *key, const char *value,
                 CommonJudgement *judged)
{
    VolumeRules rules = { profile, 0, type, FALSE };
    const VolumeKeyDef *def;
    char *error;

    if (g_str_has_prefix(key, "user."))
        return;
    if (!g_str_has_prefix(key, "volatile.")) {
        judged->unjudged = judged->unjudged ?: key;
        return;
    }
    def = volume_key_lookup(&rules, key);
    if (def == NULL) {
        judged->unknown_key = judged->unknown_key ?: key;
        return;
    }
    error = volume_value_error(profile, def, value);
    if (error != NULL && (*error == '\0' || judged->bad_key != NULL)) {
        /* a form migsim does not follow, or a second bad value (Go map
         * order): name the key as not judged */
        judged->unjudged = judged->unjudged ?: key;
        g_free(error);
    } else if (error != NULL) {
        judged->bad_key = key;
        judged->bad_error = error;
    }
}

/* ValidateVolume's answer on the op's keys when the pool's driver rules
 * are not followed: TRUE when refused or not followed. */
static gboolean
common_rules_refused(MsApply *apply, const MsVolume *volume, const char *storage_name, gboolean async,
                     CommonJudgement *judged)
{
    if (judged->unjudged != NULL && (judged->bad_key != NULL || judged->unknown_key != NULL))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: volume options %s and %s on a "
                                             "%s pool (the driver's rules, a Go map walk, judge both)",
                                             apply->profile->name, judged->unjudged,
                                             judged->bad_key ?: judged->unknown_key,
                                             ms_cluster_lookup_pool(apply->cluster, volume->pool)->driver)),
               TRUE;
    if (judged->bad_key != NULL) {
        /* dead in lxd-5.0.x: its only volatile volume keys, volatile.idmap.*, take any value (utils.go:377-378 at lxd-5.0.2) */
        ms_apply_check(apply, MS_RULE_VOLUME_VALUE, storage_name, TRUE);
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_VALUE, async, storage_name, judged->bad_key,
                                     judged->bad_error),
               TRUE;
    }
    if (judged->unknown_key != NULL) {
        /* dead in lxd-5.0.x: every driver of lxd-5.0.2 that has custom volumes has its rules followed (model/ms-volume-keys.c) */
        ms_apply_check(apply, MS_RULE_VOLUME_KEY_INVALID, storage_name, TRUE);
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_KEY_INVALID, async, storage_name,
                                     judged->unknown_key),
               TRUE;
    }
    return FALSE;
}

/* Whether the op's change of volatile.uuid trips UpdateCustomVolume's
 * check: the volume's uuid is random (GetNewVolume) and never equals a
 * value a scenario names; a removal or an empty value trips it from
 * lxd-5.21.5 and 6.6 only (`_, ok :=` there, `!= ""` before:
 * backend_lxd.go:6230 at lxd-5.21.4, :6289 at lxd-5.21.5). */
static gboolean
uuid_changed(const MsProfile *profile, const char *value)
{
    static const MsReleases removal_refused = MS_REL_SINCE(5, 6);

    return *value != '\0' || ms_releases_contain(&removal_refused, profile->version);
}

/* The block.filesystem LXD keeps for @volume: the one given at its
 * creation, else the one fillVolumeConfig wrote, the pool's
 * volume.block.filesystem or ext4, on a filesystem volume of lvm or ceph
 * (FillVolumeConfig, driver_lvm_volumes.go:254-264, driver_ceph_volumes.go
 * :786-796 at lxd-5.0.2; :272-286, :1139-1153 at lxd-6.9) and of zfs in
 * block mode (driver_zfs_volumes.go:3980-3995 at lxd-6.9); none on a block
 * volume. */
static const char *
stored_block_fs(const MsVolume *volume, const MsPool *pool)
{
    const char *given = ms_config_get(volume->config, "block.filesystem");
    gboolean filled =
        volume->content_type == MS_CONTENT_FILESYSTEM &&
        (g_str_equal(pool->driver, "lvm") || g_str_equal(pool->driver, "ceph") ||
         (g_str_equal(pool->driver, "zfs") && ms_is_true(ms_config_get(volume->config, "zfs.block_mode"))));

    if (given != NULL && *given != '\0')
        return given;
    if (!filled)
        return "";
    given = ms_config_get(pool->config, "volume.block.filesystem");
    return given != NULL && *given != '\0' ? given : "ext4";
}

/* UpdateCustomVolume refuses a change of block.filesystem to a new
 * non-empty value (`!= ""`: backend_lxd.go:3991-3994 at lxd-5.0.2, :5545
 * at lxd-5.21.0, :6225 at lxd-5.21.4, :5570 at lxd-6.1, :6272 at lxd-6.5),
 * a removal too from lxd-5.21.5 and 6.6 (`_, ok`: :6283 at lxd-5.21.5,
 * :6354 at lxd-6.6; customVolumeConfigPolicy.Immutable :3057-3062,
 * :5810-5815 at lxd-6.9).  After the ISO check, before volatile.uuid's. */
static gboolean
block_fs_changed(MsApply *apply, const MsVolume *volume, const MsPool *pool)
{
    static const MsReleases removal_refused = MS_REL_SINCE(5, 6);
    const MsOp *op = apply->op;
    const char *value = NULL;

    for (guint i = 0; i < op->keys->len; i++)
        if (g_str_equal(op->keys->pdata[i], "block.filesystem"))
            value = op->kind == MS_OP_VOLUME_UNSET ? "" : op->values->pdata[i];
    if (value == NULL)
        return FALSE;
    return ms_apply_check(
        apply, MS_RULE_VOLUME_BLOCK_FS_IMMUTABLE, volume->name,
        g_strcmp0(value, stored_block_fs(volume, pool)) != 0 &&
            (*value != '\0' || ms_releases_contain(&removal_refused, apply->profile->version)));
}

/* The changes UpdateCustomVolume refuses (an ISO volume's config, its
 * volatile.uuid) once ValidateVolume passed; @unjudged: a key whose driver
 * rule may refuse first. */
static gboolean
immutable_changed(MsApply *apply, const MsVolume *volume, const MsPool *pool, gboolean async,
                  const char *unjudged)
{
    const MsOp *op = apply->op;
    gboolean unset = op->kind == MS_OP_VOLUME_UNSET;
    gboolean iso_rule =
        ms_rule_applies(MS_RULE_VOLUME_ISO_CONFIG, apply->profile) && volume->content_type == MS_CONTENT_ISO;
    gboolean uuid_rule = ms_rule_applies(MS_RULE_VOLUME_UUID_IMMUTABLE, apply->profile);
    const char *uuid_value = NULL;
    guint n_changed = 0;

    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *value = unset ? "" : op->values->pdata[i];
        /* the volume has a uuid from 5.21.0 and 6.1: any value differs */
        gboolean is_uuid = uuid_rule && g_str_equal(key, "volatile.uuid");

        if (is_uuid || g_strcmp0(value, ms_config_get(volume->config, key) ?: "") != 0)
            n_changed++;
        if (is_uuid && uuid_changed(apply->profile, value))
            uuid_value = value;
    }
    if (unjudged != NULL && ((iso_rule && n_changed > 0) || uuid_value != NULL))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: volume option %s on a %s pool "
                                             "(the driver's rules come first), then a change LXD refuses "
                                             "(%s)",
                                             apply->profile->name, unjudged,
                                             ms_cluster_lookup_pool(apply->cluster, volume->pool)->driver,
                                             iso_rule ? "Custom ISO volume config cannot be changed"
                                                      : "Custom volume \"volatile.uuid\" property cannot be "
                                                        "changed")),
               TRUE;
    if (iso_rule && ms_apply_check(apply, MS_RULE_VOLUME_ISO_CONFIG, volume->name, n_changed > 0))
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_ISO_CONFIG, async), TRUE;
    if (pool != NULL && block_fs_changed(apply, volume, pool))
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_BLOCK_FS_IMMUTABLE, async), TRUE;
    if (uuid_rule && ms_apply_check(apply, MS_RULE_VOLUME_UUID_IMMUTABLE, volume->name, uuid_value != NULL)) {
        if (*uuid_value != '\0')
            ms_outcome_add_note(apply->outcome,
                                "the volume's volatile.uuid is random, set at its creation: "
                                "migsim does not keep it and takes %s to differ",
                                uuid_value);
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_UUID_IMMUTABLE, async), TRUE;
    }
    return FALSE;
}

gboolean
ms_volume_changes_refused(MsApply *apply, const MsVolume *volume, gboolean validated, gboolean async)
{
    const MsOp *op = apply->op;
    /* the driver's name of the volume, PROJECT_NAME (UpdateCustomVolume:
     * the same name as a set's, lxd/storage/backend_lxd.go at lxd-5.0.2) */
    g_autofree char *storage_name = ms_volume_storage_name(volume);
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, volume->pool);
    CommonJudgement judged = { 0 };
    gboolean refused;

    if (ms_profile_is_derived(apply->profile) || (ms_profile_is_incus(apply->profile) && !validated))
        return FALSE;
    /* Incus names the volume as LXD does on an update: PROJECT_NAME
     * (UpdateCustomVolume, internal/server/storage/backend.go:5388 at
     * v6.0.4) */
    /* lxc's unset is a set to "" (lxc/storage_volume.go:1905 at lxd-5.0.2,
     * :2426 at lxd-5.21.7): every rule of the common list passes "" but
     * validateVolume still refuses a key no rule knows */
    if (validated && op->kind == MS_OP_VOLUME_UNSET) {
        g_autoptr(GHashTable) emptied = ms_config_copy(volume->config);

        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(emptied, op->keys->pdata[i], "");
        if (ms_volume_keys_refused(apply, pool, storage_name, volume->content_type, emptied, async))
            return TRUE;
    }
    for (guint i = 0; !validated && i < op->keys->len; i++)
        judge_common_key(apply->profile, volume->content_type, op->keys->pdata[i],
                         op->kind == MS_OP_VOLUME_UNSET ? "" : op->values->pdata[i], &judged);
    refused = common_rules_refused(apply, volume, storage_name, async, &judged) ||
              immutable_changed(apply, volume, validated ? pool : NULL, async, judged.unjudged);
    g_free(judged.bad_error);
    return refused;
}

gboolean
ms_volume_lvm_stripes_change_refused(MsApply *apply, const MsVolume *volume, gboolean async)
{
    static const char *const stripes[] = { "lvm.stripes", "lvm.stripes.size" };
    const MsOp *op = apply->op;
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, volume->pool);
    const char *changed = NULL;
    gboolean size = FALSE;

    if (pool == NULL || !g_str_equal(pool->driver, "lvm") || ms_profile_is_incus(apply->profile) ||
        ms_profile_is_derived(apply->profile))
        return FALSE;
    /* lvm's UpdateVolume: the size first, then each stripes key
     * (driver_lvm_volumes.go:321-338 at lxd-5.0.2, :364-381 at lxd-5.21.7,
     * :369-386 at lxd-6.9) */
    for (guint s = 0; s < G_N_ELEMENTS(stripes) && changed == NULL; s++)
        for (guint i = 0; i < op->keys->len; i++) {
            const char *value = op->kind == MS_OP_VOLUME_UNSET ? "" : op->values->pdata[i];

            if (g_str_equal(op->keys->pdata[i], stripes[s]) &&
                g_strcmp0(value, ms_config_get(volume->config, stripes[s]) ?: "") != 0)
                changed = stripes[s];
        }
    for (guint i = 0; i < op->keys->len; i++)
        size |= g_str_equal(op->keys->pdata[i], "size");
    if (changed != NULL && size)
        return ms_apply_fail(
                   apply, MS_RULE_NONE, 0, FALSE,
                   g_strdup_printf("migsim: not modelled for %s: size and %s changed together on an "
                                   "lvm volume (the new size is applied to the logical volume first)",
                                   apply->profile->name, changed)),
               TRUE;
    if (ms_apply_check(apply, MS_RULE_VOLUME_LVM_STRIPES_CHANGE, volume->name, changed != NULL))
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_LVM_STRIPES_CHANGE, async, changed), TRUE;
    return FALSE;
}
