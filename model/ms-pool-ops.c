/* migsim: lxc storage create|set|unset|delete: storage pools.  Behaviour
 * as observed on a real lxd-5.0.2 cluster (pending per-member entries, then
 * a final create).  Moved from ms-storage-ops.c. */
#include "ms-apply-private.h"

#include <string.h>
#include "ms-names.h"
#include "ms-notify.h"

static gboolean
device_uses_pool(MsDevice *device, gconstpointer pool)
{
    return g_strcmp0(ms_device_lookup_lit(device, "pool"), pool) == 0;
}

/* pool.IsUsed (storage.UsedBy, firstOnly): the pool's volumes but images,
 * then the disk devices of every project's profiles naming the pool, used
 * by an instance or not (lxd/storage/storage.go:132-216 at lxd-5.0.2,
 * :93-200 at lxd-5.21.7, :79-185 at lxd-6.9; Incus
 * internal/server/storage/storage.go:208-235 at v6.0.4).  A default
 * profile whose root disk names the pool keeps it (MicroCloud PR #1450). */
static gboolean
pool_in_use(const MsCluster *cluster, const char *pool)
{
    for (guint i = 0; i < cluster->volumes->len; i++)
        if (g_str_equal(((MsVolume *) cluster->volumes->pdata[i])->pool, pool))
            return TRUE;
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *profile = cluster->profiles->pdata[i];
        MsDevicesIter iter;
        MsDevice *device;

        ms_devices_iter_init(&iter, profile->devices);
        while (ms_devices_iter_next(&iter, NULL, &device))
            if (g_strcmp0(ms_device_lookup_lit(device, "type"), "disk") == 0 &&
                device_uses_pool(device, pool))
                return TRUE;
    }
    return ms_cluster_any_instance_device(cluster, device_uses_pool, pool);
}

/* db.NodeSpecificStorageConfig: the keys a per-member (--target) create
 * takes and the final create refuses (lxd/db/storage_pools.go:798-805 at
 * lxd-5.0.2; source.wipe from lxd-5.0.3, 5.12, every 5.21.x and 6.x,
 * :907-915 at lxd-5.21.7; source.recover from lxd-6.7, :907-916 at lxd-6.9) */
static gboolean
pool_key_member_specific(const MsProfile *profile, const char *key)
{
    /* clang-format off */
    static const MsReleases wipe = MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(12),
                                             MS_SPAN_ALL, MS_SPAN_ALL);
    static const MsReleases recover = MS_REL_SINCE_6(7);
    /* clang-format on */
    static const char *const always[] = {
        "size", "source", "volatile.initial_source", "zfs.pool_name", "lvm.thinpool_name", "lvm.vg_name"
    };

    for (guint i = 0; i < G_N_ELEMENTS(always); i++)
        if (g_str_equal(key, always[i]))
            return TRUE;
    /* Incus: source.wipe and lvm.vg.force_reuse at every read tag, no
     * source.recover (internal/server/db/storage_pools.go:879-888 at v6.0.4;
     * a function of the driver from v6.0.6 and v6.22, :884-899 at v6.0.6,
     * which leaves size out only for lvmcluster, a driver migsim lacks) */
    if (ms_profile_is_incus(profile))
        return g_str_equal(key, "source.wipe") || g_str_equal(key, "lvm.vg.force_reuse");
    if (g_str_equal(key, "source.wipe"))
        return ms_releases_contain(&wipe, profile->version);
    if (g_str_equal(key, "source.recover"))
        return ms_releases_contain(&recover, profile->version);
    return FALSE;
}

/* The first check of either create on a cluster: a --target create takes
 * only member-specific keys (storagePoolsPost, lxd/storage_pools.go:304-309
 * at lxd-5.0.2, :354-359 at lxd-6.9), the final create none
 * (storagePoolsPostCluster, :385-390 at lxd-5.0.2, :495-500 at lxd-6.9).
 * LXD walks a Go map: with several bad keys it names any of them; migsim
 * names the first on the line and says so.  FALSE when refused. */
static gboolean
pool_keys_valid(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsRuleId rule =
        op->target != NULL ? MS_RULE_POOL_KEY_NOT_MEMBER_SPECIFIC : MS_RULE_POOL_KEY_MEMBER_SPECIFIC;
    const char *bad = NULL;
    guint n_bad = 0;

    for (guint i = 0; i < op->keys->len; i++)
        if (pool_key_member_specific(apply->profile, op->keys->pdata[i]) == (op->target == NULL) &&
            n_bad++ == 0)
            bad = op->keys->pdata[i];
    /* check sites: POOL_KEY_NOT_MEMBER_SPECIFIC POOL_KEY_MEMBER_SPECIFIC */
    if (!ms_apply_check(apply, rule, op->pool, bad != NULL))
        return TRUE;
    if (n_bad > 1) {
        ms_outcome_add_note(apply->outcome, "%u keys are refused: LXD names any one of them (Go map order)",
                            n_bad);
        /* the others are answers too: the set, not one of it (review revA) */
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < op->keys->len; i++)
            if (op->keys->pdata[i] != bad &&
                pool_key_member_specific(apply->profile, op->keys->pdata[i]) == (op->target == NULL))
                g_ptr_array_add(apply->outcome->alternatives,
                                ms_rule_message(rule, apply->profile, op->keys->pdata[i]));
    }
    return ms_apply_reject(apply, rule, bad);
}

/* The targeted create validates the config with the driver's own rules
 * (storagePoolValidate, lxd/storage_pools.go:310-313 at lxd-5.0.2, :377-380
 * at lxd-5.21.7, :360-363 at lxd-6.9), and so does the create in a
 * one-member cluster (pool_create_single_member): a member-specific key the driver has
 * no rule for is "Invalid option" (validatePool, lxd/storage/drivers/
 * driver_common.go:84 at lxd-5.0.2, :101 at lxd-5.21.7 and lxd-6.9).  Every
 * driver takes source, volatile.initial_source and source.wipe/recover (the
 * common pool rules, lxd/storage/utils.go:355 at lxd-5.0.2, :553 at
 * lxd-5.21.7, :536 and :584 at lxd-6.9); size, zfs.pool_name and lvm.* are
 * the driver's (driver_zfs.go Validate :399 at lxd-5.0.2, driver_btrfs.go
 * :284, driver_lvm.go :453; the same keys at lxd-5.21.7 and lxd-6.9).  The
 * rules of the other drivers (ceph, cephfs, powerflex, ...) were not read:
 * migsim says so instead of guessing.  Used where model/ms-pool-keys.c
 * does not follow the driver (Incus, the derived releases, other
 * drivers). */
static MsPoolConfigVerdict
pool_member_keys_known_to_driver(MsApply *apply, char **what, guint *n_bad)
{
    /* clang-format off */
    static const struct {
        const char *driver;
        const char *const keys[4];
    } driver_keys[] = {
        { "dir",   { NULL } },
        { "btrfs", { "size", NULL } },
        { "zfs",   { "size", "zfs.pool_name", NULL } },
        { "lvm",   { "size", "lvm.thinpool_name", "lvm.vg_name", NULL } },
    };
    static const char *const driver_specific[] = { "size", "zfs.pool_name", "lvm.thinpool_name",
                                                   "lvm.vg_name", NULL };
    /* clang-format on */
    /* Incus: lvm.vg.force_reuse is member-specific too
     * (internal/server/db/storage_pools.go:879-888 at v6.0.4) and no
     * common pool rule (validatePoolCommonRules, internal/server/storage/
     * utils.go:512 at v6.0.4: source, source.wipe, volatile.initial_source,
     * rsync.*, the same at v6.0.0 .. v7.3.0); the dir, btrfs and zfs
     * rules take the keys above at every tag read (driver_dir.go,
     * driver_btrfs.go, driver_zfs.go Validate), lvm's lvm.vg.force_reuse
     * too (driver_lvm.go Validate, the rules of an unclustered VG, v6.0.0
     * .. v7.3.0) */
    static const char *const incus_specific[] = { "size",        "zfs.pool_name",      "lvm.thinpool_name",
                                                  "lvm.vg_name", "lvm.vg.force_reuse", NULL };
    const MsOp *op = apply->op;
    const char *const *takes = NULL;
    gboolean incus = ms_profile_is_incus(apply->profile);

    static const char *const incus_lvm[] = { "size", "lvm.thinpool_name", "lvm.vg_name", "lvm.vg.force_reuse",
                                             NULL };

    for (guint i = 0; i < G_N_ELEMENTS(driver_keys); i++)
        if (g_str_equal(driver_keys[i].driver, op->driver))
            takes = incus && g_str_equal(op->driver, "lvm") ? incus_lvm : driver_keys[i].keys;
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (!g_strv_contains(incus ? incus_specific : driver_specific, key) ||
            (takes != NULL && g_strv_contains(takes, key)))
            continue;
        if (takes == NULL) {
            g_free(*what);
            *what = g_strdup_printf("lxc storage create with %s on a %s pool (the driver's config rules were "
                                    "not read)",
                                    key, op->driver);
            return MS_POOL_CONFIG_UNMODELLED;
        }
        if ((*n_bad)++ == 0)
            *what = g_strdup(key);
    }
    return *what != NULL ? MS_POOL_CONFIG_INVALID_OPTION : MS_POOL_CONFIG_VALID;
}

/* The driver's whole pool rules (model/ms-pool-keys.c) where migsim
 * follows them; elsewhere the member-specific keys only, as above.
 * @rule: the refusal of an unknown key.  FALSE when refused. */
/* lxd-6.9's powerstore driver requires powerstore.mode: its rule is
 * validate.IsOneOf("iscsi", "scsi/fc") without validate.Optional, and
 * validatePool runs every rule, an absent key as "" (lxd/storage/drivers/
 * driver_powerstore.go:183, driver_common.go:81-86 at lxd-6.9; optional
 * after the tag, d249fd995c, LXD PR #18738).  The --target step cannot give
 * the key (POOL.KEY_NOT_MEMBER_SPECIFIC comes first), so no powerstore pool
 * gets past it at 6.9.  Other failing rules could come first in Go map
 * order only for keys the step refuses before.  FALSE when refused. */
static gboolean
pool_powerstore_mode_valid(MsApply *apply, const char *driver, const GPtrArray *keys, const GPtrArray *values,
                           MsRuleId rule)
{
    const char *mode = "";

    if (rule != MS_RULE_POOL_INVALID_OPTION || !g_str_equal(driver, "powerstore") ||
        !ms_rule_applies(MS_RULE_POOL_POWERSTORE_MODE, apply->profile))
        return TRUE;
    /* keys whose rule takes any value (validate.IsAny: driver_powerstore.go
     * :151, :158, lxd/storage/utils.go:555 at lxd-6.9; user.* is not
     * validated, driver_common.go:96-98): no other rule can answer first */
    static const char *const any_value[] = { "powerstore.mode", "powerstore.user.name",
                                             "powerstore.user.password", "volatile.initial_source", NULL };
    const char *raced = NULL;

    for (guint i = 0; i < keys->len; i++) {
        if (g_str_equal(keys->pdata[i], "powerstore.mode"))
            mode = values->pdata[i];
        else if (!g_strv_contains(any_value, keys->pdata[i]) && !g_str_has_prefix(keys->pdata[i], "user."))
            raced = keys->pdata[i];
    }
    if (raced != NULL && !g_str_equal(mode, "iscsi") && !g_str_equal(mode, "scsi/fc"))
        /* validatePool runs the rules in Go map order (driver_common.go:
         * 81-86 at lxd-6.9): @raced's rule, if it refuses the value, can
         * answer before the mode's; a key without a rule is refused after
         * the loop, but migsim does not hold the driver's whole rule set */
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: a powerstore pool without a valid "
                                             "powerstore.mode and with %s (Go map order decides which "
                                             "key's rule refuses first)",
                                             apply->profile->name, raced));
    if (ms_apply_check(apply, MS_RULE_POOL_POWERSTORE_MODE, apply->op->pool,
                       !g_str_equal(mode, "iscsi") && !g_str_equal(mode, "scsi/fc")))
        return ms_apply_reject(apply, MS_RULE_POOL_POWERSTORE_MODE, mode);
    /* past it (a one-member cluster's create) Validate loads the mode's
     * kernel modules (driver_powerstore.go:218-230) and the create checks
     * the gateway and user (ValidateSource, :250-262; backend_lxd.go:113-118
     * validateSource): the host's and the array's, not read */
    if (apply->op->target == NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: a powerstore pool's kernel modules "
                            "and source checks (powerstore.gateway, powerstore.user.*)",
                            apply->profile->name));
    return TRUE;
}

static gboolean
pool_config_valid(MsApply *apply, const char *driver, const GPtrArray *keys, const GPtrArray *values,
                  MsRuleId rule)
{
    g_autofree char *what = NULL;
    guint n_bad = 0;
    MsPoolConfigVerdict verdict;

    if (!pool_powerstore_mode_valid(apply, driver, keys, values, rule))
        return FALSE;
    if (!ms_pool_config_followed(apply->profile, driver) && rule == MS_RULE_POOL_INVALID_OPTION)
        verdict = pool_member_keys_known_to_driver(apply, &what, &n_bad);
    else
        verdict = ms_pool_config_judge(apply->profile, driver, keys, values, &what, &n_bad);
    if (verdict == MS_POOL_CONFIG_UNMODELLED)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: %s", apply->profile->name, what));
    /* check sites: POOL_INVALID_OPTION POOL_SET_INVALID_OPTION */
    if (!ms_apply_check(apply, rule, apply->op->pool, verdict == MS_POOL_CONFIG_INVALID_OPTION))
        return TRUE;
    if (n_bad > 1)
        ms_outcome_add_note(apply->outcome, "%u keys are refused: LXD names any one of them (Go map order)",
                            n_bad);
    return ms_apply_reject(apply, rule, what);
}

/* The final create stores the global config, marks the pool errored, then
 * creates it on this member, whose driver validates the config
 * (storagePoolsPostCluster -> storagePoolCreateLocal -> Create,
 * lxd/storage_pools.go:466 at lxd-5.0.2, :572 at lxd-6.9;
 * lxd/storage/backend_lxd.go:244 at lxd-6.9).  A refused key fails the
 * operation and leaves an errored pool holding the config (a new create
 * with config is then refused), which migsim does not model: it says so
 * instead of creating the pool.  FALSE when not modelled. */
static gboolean
pool_final_config_valid(MsApply *apply)
{
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, apply->op->pool);
    g_autofree char *what = NULL;
    guint n_bad = 0;
    MsPoolConfigVerdict verdict;
    /* the stored config: the request's, or, when a create runs again over
     * an Errored pool, what the failed one stored (in name order) */
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GPtrArray) values = g_ptr_array_new();

    if (!ms_pool_config_followed(apply->profile, apply->op->driver))
        return TRUE; /* as before: the driver's rules are not followed here */
    if (apply->op->keys->len > 0 || pool == NULL) {
        g_ptr_array_extend(keys, apply->op->keys, NULL, NULL);
        g_ptr_array_extend(values, apply->op->values, NULL, NULL);
    } else {
        g_autoptr(GList) names = g_list_sort(g_hash_table_get_keys(pool->config), (GCompareFunc) strcmp);

        for (GList *l = names; l != NULL; l = l->next) {
            g_ptr_array_add(keys, l->data);
            g_ptr_array_add(values, (gpointer) ms_config_get(pool->config, l->data));
        }
    }
    verdict = ms_pool_config_judge(apply->profile, apply->op->driver, keys, values, &what, &n_bad);
    if (verdict == MS_POOL_CONFIG_VALID)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: %s%s (the final create fails in its "
                                         "operation and leaves the pool errored)",
                                         apply->profile->name,
                                         verdict == MS_POOL_CONFIG_INVALID_OPTION ? "Invalid option " : "",
                                         what));
}

/* lxc storage set POOL K V: lxc PUTs the pool's config with the new keys
 * over it, and the driver validates all of it (doStoragePoolUpdate,
 * lxd/storage_pools.go:833 at lxd-5.0.2, :926 at lxd-5.21.7, :995 at
 * lxd-6.9); an unset removes the key and leaves nothing new to refuse.
 * Then the driver's Update refuses some changes: not modelled.  FALSE when
 * refused. */
static gboolean
pool_set_config_valid(MsApply *apply, const MsPool *pool)
{
    const MsOp *op = apply->op;
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GPtrArray) values = g_ptr_array_new();
    GHashTableIter iter;
    gpointer key, value;

    /* lxc storage unset is lxc's set to "" (lxc/storage.go, cmdStorageUnset
     * at lxd-5.0.2 and lxd-6.9) and validatePool walks the request's keys,
     * "" too: an unknown one is refused ('Invalid option "K"',
     * lxd/storage/drivers/driver_common.go:73-84 at lxd-5.0.2), while a
     * known one given "" is checked as if absent (its validator runs on
     * config[k] for every rule, :64-70) */
    if (op->kind != MS_OP_STORAGE_SET && op->kind != MS_OP_STORAGE_UNSET)
        return TRUE;
    for (guint i = 0; i < op->keys->len; i++) {
        g_ptr_array_add(keys, op->keys->pdata[i]);
        g_ptr_array_add(values, op->kind == MS_OP_STORAGE_UNSET ? "" : op->values->pdata[i]);
    }
    g_hash_table_iter_init(&iter, pool->config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (!g_ptr_array_find_with_equal_func(op->keys, key, g_str_equal, NULL)) {
            g_ptr_array_add(keys, key);
            g_ptr_array_add(values, value);
        }
    if (!ms_pool_config_followed(apply->profile, pool->driver))
        return TRUE; /* as before: the driver's rules are not followed here */
    if (!pool_config_valid(apply, pool->driver, keys, values, MS_RULE_POOL_SET_INVALID_OPTION))
        return FALSE;
    for (guint i = 0; op->kind == MS_OP_STORAGE_SET && i < op->keys->len; i++) {
        const char *old = ms_config_get(pool->config, op->keys->pdata[i]);
        if (ms_pool_config_change_unmodelled(pool->driver, op->keys->pdata[i]) &&
            g_strcmp0(old, op->values->pdata[i]) != 0)
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: a change of %s on a %s pool (the "
                                "driver's Update may refuse it)",
                                apply->profile->name, (const char *) op->keys->pdata[i], pool->driver));
    }
    return TRUE;
}

/* lxc storage set|unset POOL KEY (no --target): storagePoolPut refuses a
 * pool that is not created yet, then a member-specific key
 * (lxd/storage_pools.go:691-693 and :726-731 at lxd-5.0.2, :783-785 and
 * :818-823 at lxd-5.21.7, :817-819 and :852-857 at lxd-6.9).  lxc sends the
 * pool's config as GET returned it, which omits member-specific keys, with
 * the new key over it (lxc/storage.go:670-686 at lxd-5.0.2).  FALSE when
 * refused. */
static gboolean
pool_update_allowed(MsApply *apply, const MsPool *pool)
{
    const MsOp *op = apply->op;
    const char *member_key = NULL;

    if (ms_apply_check(apply, MS_RULE_POOL_SET_NOT_CREATED, op->pool, pool->state != MS_POOL_CREATED))
        return ms_apply_reject(apply, MS_RULE_POOL_SET_NOT_CREATED);
    for (guint i = 0; i < op->keys->len && member_key == NULL; i++)
        if (pool_key_member_specific(apply->profile, op->keys->pdata[i]))
            member_key = op->keys->pdata[i];
    if (ms_apply_check(apply, MS_RULE_POOL_SET_MEMBER_KEY, op->pool, member_key != NULL)) {
        /* storagePoolPut walks req.Config, a Go map (lxd/storage_pools.go
         * :727-730 at lxd-5.0.2; cmd/incusd/storage_pools.go:843-847 at v6.0.4):
         * any member-specific key may be the one named (review revA) */
        for (guint i = 0; i < op->keys->len; i++) {
            if (op->keys->pdata[i] == member_key ||
                !pool_key_member_specific(apply->profile, op->keys->pdata[i]))
                continue;
            if (apply->outcome->alternatives == NULL)
                apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(apply->outcome->alternatives,
                            ms_rule_message(MS_RULE_POOL_SET_MEMBER_KEY, apply->profile, op->keys->pdata[i]));
        }
        return ms_apply_reject(apply, MS_RULE_POOL_SET_MEMBER_KEY, member_key);
    }
    return TRUE;
}

/* lxc storage create P DRIVER [K=V]... (no --target) in a one-member
 * cluster without a pending P takes the single-server path: no per-member
 * step, member-specific keys allowed, the driver validates the config
 * (storagePoolsPost, lxd/storage_pools.go:344-355 at lxd-5.0.2, :419-430 at
 * lxd-5.21.7, :431-442 at lxd-6.9, in the create operation there;
 * storagePoolCreateGlobal -> storagePoolDBCreate, storage_pools_utils.go:
 * 17-32 at lxd-5.0.2, :18 at lxd-5.21.7 and lxd-6.9).  LXD's own test_clustering_storage_single_node does
 * it (test/suites/clustering.sh:914 at lxd-5.0.2, :1041 at lxd-5.21.7,
 * :1005 at lxd-6.9).  An existing pool is refused before (POOL.EXISTS_ONE_MEMBER,
 * ms_apply_storage). */
static gboolean
pool_create_single_member(MsApply *apply, const MsPool *existing)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsPool *pool;

    g_return_val_if_fail(existing == NULL, FALSE);
    if (!pool_config_valid(apply, op->driver, op->keys, op->values, MS_RULE_POOL_INVALID_OPTION))
        return FALSE;
    pool = ms_pool_new(op->pool, op->driver);
    g_ptr_array_add(cluster->pools, pool);
    pool->state = MS_POOL_CREATED;
    g_hash_table_insert(pool->member_state, g_strdup(((MsMember *) cluster->members->pdata[0])->name),
                        GINT_TO_POINTER(MS_POOL_CREATED + 1));
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(pool->config, op->keys->pdata[i], op->values->pdata[i]);
    return TRUE;
}

/* The final create past its database transaction (the config stored, the
 * pool Errored): the notifier needs every member up, then this member
 * creates the pool, whose driver validates the config, then the others
 * (storagePoolsPostCluster, lxd/storage_pools.go:450-466 at lxd-5.0.2,
 * :526-537 at lxd-5.21.7, :561-572 at lxd-6.9; cmd/incusd/storage_pools.go
 * :553 at v6.0.4).  A member that is down leaves the pool Errored. */
static gboolean
pool_final_create(MsApply *apply)
{
    MsCluster *cluster = apply->cluster;
    MsPool *own;

    if (!ms_notify_all_reachable(apply) || !pool_final_config_valid(apply))
        return FALSE;
    own = ms_cluster_lookup_pool_mut(cluster, apply->op->pool);
    own->state = MS_POOL_CREATED;
    own->errored = FALSE;
    for (guint i = 0; i < cluster->members->len; i++)
        g_hash_table_insert(own->member_state, g_strdup(((MsMember *) cluster->members->pdata[i])->name),
                            GINT_TO_POINTER(MS_POOL_CREATED + 1));
    return TRUE;
}

gboolean
ms_apply_storage(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const MsPool *pool = ms_cluster_lookup_pool(cluster, op->pool);
    MsPool *own;

    if (op->kind == MS_OP_STORAGE_SET || op->kind == MS_OP_STORAGE_UNSET) {
        if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
        if (!pool_update_allowed(apply, pool) || !pool_set_config_valid(apply, pool))
            return FALSE;
        /* sent to every member after the validation, before anything is
         * written (doStoragePoolUpdate, lxd/storage_pools.go:838-843 at
         * lxd-5.0.2, :931-936 at lxd-5.21.7, :1000-1004 at lxd-6.9) */
        if (op->target == NULL && !ms_notify_all_reachable(apply))
            return FALSE;
        own = ms_cluster_lookup_pool_mut(cluster, op->pool);
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(own->config, op->keys->pdata[i],
                          op->kind == MS_OP_STORAGE_UNSET ? NULL : op->values->pdata[i]);
        return TRUE;
    }
    if (op->kind == MS_OP_STORAGE_DELETE) {
        if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
        if (ms_apply_check(apply, MS_RULE_POOL_IN_USE, op->pool, pool_in_use(cluster, op->pool)))
            return ms_apply_reject(apply, MS_RULE_POOL_IN_USE);
        /* the notifier is made before anything is deleted (lxd/storage_pools.go
         * :921-925 at lxd-5.0.2, :1022 at lxd-5.21.7, :1094 at lxd-6.9;
         * cmd/incusd/storage_pools.go:1040 at v6.0.4) */
        if (!ms_notify_all_reachable(apply))
            return FALSE;
        /* drops this cluster's reference; a copy sharing the pool keeps its own */
        g_ptr_array_remove(cluster->pools, (gpointer) pool);
        return TRUE;
    }

    {
        g_autofree char *invalid = ms_name_check(MS_NAME_POOL, op->pool, apply->profile);

        /* storagePoolsPost's quick checks come first */
        if (ms_apply_check(apply, MS_RULE_NAME_POOL, op->pool, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_POOL, 400, FALSE, g_steal_pointer(&invalid));
    }
    /* the single-server path (a one-member cluster, no --target, no pending
     * P): storagePoolDBCreate looks the name up before the driver is loaded
     * (lxd/storage_pools_utils.go:17-22 at lxd-5.0.2, :18-27 at lxd-5.21.7
     * and lxd-6.9; cmd/incusd/storage_pools_utils.go:20-26 at v6.0.4) */
    if (op->target == NULL && cluster->members->len == 1 &&
        (pool == NULL || pool->state == MS_POOL_CREATED) &&
        ms_apply_check(apply, MS_RULE_POOL_EXISTS_ONE_MEMBER, op->pool, pool != NULL))
        return ms_apply_reject(apply, MS_RULE_POOL_EXISTS_ONE_MEMBER, op->pool);
    {
        const MsDriverDef *driver = ms_driver_lookup(op->driver);
        gboolean known = driver != NULL && ms_releases_contain(&driver->releases, apply->profile->version);
        if (!known && ms_driver_unmodelled(op->driver, apply->profile->version))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: a storage pool of driver %s "
                                                 "(the release has it; migsim models only its other drivers)",
                                                 apply->profile->name, op->driver));
        if (ms_apply_check(apply, MS_RULE_POOL_UNKNOWN_DRIVER, op->pool, !known))
            return ms_apply_reject(apply, MS_RULE_POOL_UNKNOWN_DRIVER, op->driver);
    }
    if (op->target == NULL && cluster->members->len == 1 && (pool == NULL || pool->state == MS_POOL_CREATED))
        return pool_create_single_member(apply, pool);
    if (!pool_keys_valid(apply))
        return FALSE;
    if (op->target != NULL &&
        !pool_config_valid(apply, op->driver, op->keys, op->values, MS_RULE_POOL_INVALID_OPTION))
        return FALSE;
    if (pool != NULL &&
        ms_apply_check(apply, MS_RULE_POOL_DRIVER_MISMATCH, op->pool, !g_str_equal(pool->driver, op->driver)))
        return ms_apply_reject(apply, MS_RULE_POOL_DRIVER_MISMATCH, op->driver, pool->driver);

    if (op->target != NULL) {
        MsMember *member = ms_cluster_lookup_member(cluster, op->target);
        if (ms_apply_check(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target, member == NULL))
            return ms_apply_reject(apply, MS_RULE_CREATE_TARGET_NOT_FOUND, op->target);
        if (pool != NULL && ms_apply_check(apply, MS_RULE_POOL_NOT_PENDING, op->pool,
                                           pool->state != MS_POOL_PENDING || pool->errored))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_PENDING);
        if (pool != NULL && ms_apply_check(apply, MS_RULE_POOL_ALREADY_DEFINED, op->pool,
                                           ms_pool_defined_on(pool, op->target)))
            return ms_apply_reject(apply, MS_RULE_POOL_ALREADY_DEFINED, op->pool, op->target);
        if (pool == NULL)
            g_ptr_array_add(cluster->pools, ms_pool_new(op->pool, op->driver));
        own = ms_cluster_lookup_pool_mut(cluster, op->pool);
        g_hash_table_insert(own->member_state, g_strdup(op->target), GINT_TO_POINTER(MS_POOL_PENDING + 1));
        return TRUE;
    }

    /* the final, cluster-wide create */
    if (pool != NULL &&
        ms_apply_check(apply, MS_RULE_POOL_ALREADY_CREATED, op->pool, pool->state == MS_POOL_CREATED))
        return ms_apply_reject(apply, MS_RULE_POOL_ALREADY_CREATED);
    /* a pool is PENDING or CREATED (ms-pool.h), so past the check above it is
     * PENDING: POOL.NOT_PENDING is checked on the per-member step only */
    /* A remote pool (ceph, powerflex, ...) needs its per-member step too:
     * storagePoolsPostCluster finds no pool record without one
     * (GetStoragePoolID, "Pool not pending on any node": lxd/storage_pools.go
     * :444 at lxd-5.0.2, :519 at lxd-5.21.7, :554 at lxd-6.9;
     * cmd/incusd/storage_pools.go:546 at v6.0.4, :577 at v7.3.0), and
     * GetStoragePoolNodeConfigs lists the members without one whatever the
     * driver (lxd/db/storage_pools.go:452-461 at lxd-5.0.2).  LXD #13227
     * (2024-03, open) asks for the one-step create. */
    {
        g_autoptr(GString) missing = g_string_new(NULL);

        if (ms_apply_check(apply, MS_RULE_POOL_NOT_PENDING_ANY, op->pool, pool == NULL))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_PENDING_ANY);
        /* an Errored pool holds its global config: a new create must bring
         * none, and runs again (storagePoolPartiallyCreated,
         * lxd/storage_pools.go:364-384, :416-425 at lxd-5.0.2; :528-534 at
         * lxd-6.9; cmd/incusd/storage_pools.go:519-526 at v6.0.4) */
        if (pool->errored) {
            if (ms_apply_check(apply, MS_RULE_POOL_PARTIALLY_CREATED, op->pool, op->keys->len > 0))
                return ms_apply_reject(apply, MS_RULE_POOL_PARTIALLY_CREATED);
            return pool_final_create(apply);
        }
        for (guint i = 0; i < cluster->members->len; i++) {
            MsMember *member = cluster->members->pdata[i];
            if (!ms_pool_defined_on(pool, member->name))
                g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", member->name);
        }
        if (ms_apply_check(apply, MS_RULE_POOL_NOT_DEFINED_ON, op->pool, missing->len > 0))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_DEFINED_ON, missing->str);
    }
    /* the config stored and the pool marked Errored in the same
     * transaction (lxd/storage_pools.go:433-441 at lxd-5.0.2, :505-515 at
     * lxd-5.21.7, :540-550 at lxd-6.9) */
    own = ms_cluster_lookup_pool_mut(cluster, op->pool);
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(own->config, op->keys->pdata[i], op->values->pdata[i]);
    own->errored = TRUE;
    return pool_final_create(apply);
}
