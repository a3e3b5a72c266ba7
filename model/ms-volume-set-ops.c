/* migsim: lxc storage volume set|unset|edit: a custom volume's config
 * update and its validation.  Moved from ms-storage-ops.c. */
#include "ms-storage-private.h"
#include "ms-yaml-read.h"

#include <string.h>

/* The first part of every volume key a storage driver or the common rules
 * of lxd-5.0.2, 5.21.7 and 6.9 have a rule for (lxd/storage/utils.go
 * validateVolumeCommonRules and lxd/storage/drivers/driver_*_volumes.go
 * ValidateVolume), and user.* which no rule checks. */
static const char *const volume_key_namespaces[] = {
    "user",      "size", "snapshots", "security",   "block",   "volatile", "zfs",   "lvm",
    "btrfs",     "ceph", "cephfs",    "cephobject", "initial", "source",   "rsync", "volume",
    "powerflex", "pure", "linstor",   "drbd",       "alletra", NULL,
};

/* Whether the driver's volume rules (model/ms-volume-keys.c) judge a volume
 * of @pool: LXD's audited releases (5.0.2, 5.21.x, 6.x) on dir, btrfs, zfs,
 * lvm, ceph and cephfs pools, and Incus on dir pools (its own key list, read
 * at every tag; its other drivers' rules are not read). */
gboolean
ms_storage_volume_rules_judged(const MsApply *apply, const MsPool *pool)
{
    if (pool == NULL || ms_profile_is_derived(apply->profile))
        return FALSE;
    if (ms_profile_is_incus(apply->profile))
        return g_str_equal(pool->driver, "dir");
    return ms_volume_driver_followed(pool->driver);
}

/* The releases whose volume rules are not read (derived: 5.0.x but 5.0.2,
 * 5.1-5.20; ms_storage_volume_rules_judged) still judge the snapshot keys:
 * the common rules give them the same validators at every tag lxd-5.0.0 ..
 * lxd-5.20 (lxd/storage/utils.go:419-425 at lxd-5.0.0, :336-342 at
 * lxd-5.0.2, :435-441 at lxd-5.20): snapshots.schedule
 * validate.Optional(validate.IsCron) with the seven aliases (IsCron's body
 * unchanged from lxd-5.0.0 to lxd-5.21.3), snapshots.expiry
 * GetSnapshotExpiry, GetExpiry from 5.0.2 and 5.7 (the unit S:
 * ms_expiry_seconds), snapshots.pattern validate.IsAny.  Found by the
 * timeline audit, part 5: `lxc storage volume set local v1
 * snapshots.schedule=@startup` was ok at lxd-5.1 (refused at every tag).
 * Another key a driver's rules judge is taken as valid, with a note.  TRUE
 * when refused. */
gboolean
ms_storage_derived_volume_keys_refused(MsApply *apply, const MsPool *pool, const char *storage_name,
                                       MsContentType type, GHashTable *config, const GPtrArray *keys)
{
    g_autoptr(GHashTable) snapshot_keys = ms_config_copy(config);
    g_autofree const char **names = ms_config_sorted_keys(config);
    const char *unread = NULL;

    if (!ms_profile_is_derived(apply->profile))
        return FALSE;
    for (guint i = 0; names[i] != NULL; i++)
        if (!g_str_has_prefix(names[i], "snapshots."))
            ms_config_set(snapshot_keys, names[i], NULL);
    if (g_hash_table_size(snapshot_keys) > 0 &&
        ms_volume_values_refused(apply, pool, storage_name, type, snapshot_keys, FALSE))
        return TRUE;
    for (guint i = 0; unread == NULL && i < keys->len; i++) {
        const char *key = keys->pdata[i];
        g_autofree char *ns = g_strndup(key, strcspn(key, "."));

        if (!g_str_equal(ns, "user") && !g_str_equal(ns, "snapshots") &&
            g_strv_contains(volume_key_namespaces, ns))
            unread = key;
    }
    if (unread != NULL)
        ms_outcome_add_note(apply->outcome,
                            "not modelled: the value of volume option %s (the storage driver's rules of %s "
                            "are not read); taken as valid",
                            unread, apply->profile->name);
    return FALSE;
}

/* Incus on a pool whose driver rules are not read: any key but user.* may
 * be judged by them; TRUE (with "not modelled") when the config has one. */
gboolean
ms_storage_incus_driver_keys_unread(MsApply *apply, const MsPool *pool, const GPtrArray *keys)
{
    for (guint i = 0; keys != NULL && i < keys->len; i++) {
        if (g_str_has_prefix(keys->pdata[i], "user."))
            continue;
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: volume option %s on a %s pool "
                                             "(Incus' %s volume rules are not read)",
                                             apply->profile->name, (const char *) keys->pdata[i],
                                             pool != NULL ? pool->driver : "missing",
                                             pool != NULL ? pool->driver : "driver")),
               TRUE;
    }
    return FALSE;
}

/* the update runs in an operation from lxd-6.6 (storagePoolVolumePut) */
static const MsReleases async_update = MS_REL_SINCE_6(6);

/* the key security.shared, for custom and VM block volumes only:
 * lxd/storage/utils.go:550 VolumeRules at lxd-5.21.3 and lxd-6.2; absent at
 * lxd-5.21.2, lxd-6.1 and every 5.0.x and 5.1-5.20 tag */
static const MsReleases volume_shared_key = MS_REL_SINCE(3, 2);

/* Does no volume rule know @key on @volume (see volume_key_refused)? */
static gboolean
volume_key_unknown(const MsProfile *profile, const MsVolume *volume, const char *key)
{
    g_autofree char *ns = g_strndup(key, strcspn(key, "."));

    if (g_str_equal(key, "security.shared"))
        return !ms_releases_contain(&volume_shared_key, profile->version) ||
               volume->content_type != MS_CONTENT_BLOCK;
    return !g_strv_contains(volume_key_namespaces, ns);
}

/* A change of security.shifted while a running instance uses the volume is
 * refused (lxd/storage/backend_lxd.go:4001-4016 at lxd-5.0.2; Incus:
 * internal/server/storage/backend.go:5426-5443 at v6.0.4): which instance
 * uses it and runs is not followed.  TRUE with "not modelled". */
static gboolean
shifted_change_unmodelled(MsApply *apply, const MsVolume *volume, GHashTable *config)
{
    if (g_strcmp0(ms_config_get(config, "security.shifted"),
                  ms_config_get(volume->config, "security.shifted")) == 0 ||
        *(ms_config_get(config, "security.shifted") ?: "") == '\0' ||
        !ms_storage_volume_in_use(apply->cluster, volume))
        return FALSE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: security.shifted changed on a volume "
                                         "in use (refused while an instance using it runs)",
                                         apply->profile->name)),
           TRUE;
}

/* The volume update's validation of security.shared (validateVolume,
 * lxd/storage/drivers/driver_common.go:176 at lxd-5.0.2, :188 at lxd-5.21.7,
 * :187 at lxd-6.9): an unknown key is refused with the volume named as the
 * driver names it, PROJECT_NAME (seen live on 5.0.2); the other keys are not
 * validated here.  An unset removes the key and is not checked.  cephfs has
 * a rule of its own (driver_cephfs.go:526 at lxd-6.9): not modelled.  TRUE
 * when refused or not followed. */
static gboolean
volume_key_refused(MsApply *apply, const MsVolume *volume, const GPtrArray *keys, GHashTable *new_config)
{
    const MsOp *op = apply->op;
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, op->pool);

    gboolean dir = ms_storage_volume_rules_judged(apply, pool);
    gboolean async = ms_releases_contain(&async_update, apply->profile->version);
    g_autofree char *storage_name = ms_volume_storage_name(volume);
    GHashTable *config = new_config;

    if (ms_profile_is_incus(apply->profile) && !dir)
        return ms_storage_incus_driver_keys_unread(apply, pool, keys);
    if (op->kind == MS_OP_VOLUME_UNSET)
        return FALSE;
    /* Incus' dir pool: validateVolume with its own list, the volume named
     * PROJECT_NAME (UpdateCustomVolume, internal/server/storage/backend.go
     * :5387-5410 at v6.0.4); the update is synchronous */
    if (ms_profile_is_incus(apply->profile))
        return ms_volume_values_refused(apply, pool, storage_name, volume->content_type, config, FALSE) ||
               ms_volume_keys_refused(apply, pool, storage_name, volume->content_type, config, FALSE) ||
               shifted_change_unmodelled(apply, volume, config);
    /* the dir driver's rules first (validateVolume) */
    if (dir && ms_volume_values_refused(apply, pool, storage_name, volume->content_type, config, async))
        return TRUE;
    if (ms_storage_derived_volume_keys_refused(apply, pool, storage_name, volume->content_type, config, keys))
        return TRUE;
    /* a key no volume rule of any driver knows: validateVolume refuses
     * every key without a rule except user.* (lxd/storage/drivers/
     * driver_common.go:161-177 at lxd-5.0.2, :188 at lxd-5.21.7, :187 at
     * lxd-6.9; live 5.0.2: 'Invalid option for volume "default_rv1"
     * option "foo"').  Keys in a namespace some driver has rules for are
     * left to the driver (not judged here). */
    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        g_autofree char *ns = g_strndup(key, strcspn(key, "."));
        g_autofree char *internal = NULL;

        if (g_strv_contains(volume_key_namespaces, ns))
            continue;
        internal = ms_volume_storage_name(volume);
        ms_apply_check(apply, MS_RULE_VOLUME_KEY_INVALID, volume->name, TRUE);
        return ms_apply_reject_async(apply, MS_RULE_VOLUME_KEY_INVALID,
                                     ms_releases_contain(&async_update, apply->profile->version), internal,
                                     key),
               TRUE;
    }
    for (guint i = 0; i < keys->len; i++) {
        g_autofree char *internal = NULL;

        if (!g_str_equal(keys->pdata[i], "security.shared"))
            continue;
        if (pool != NULL && g_str_equal(pool->driver, "cephfs"))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: security.shared on a cephfs "
                                                 "volume (the cephfs driver's own rule)",
                                                 apply->profile->name));
        internal = ms_volume_storage_name(volume);
        /* no security.shared volume key before lxd-5.21.3 and lxd-6.2 */
        if (!ms_releases_contain(&volume_shared_key, apply->profile->version)) {
            /* dead in lxd-5.21.3+,lxd-6.2+: the key exists there (see below) */
            ms_apply_check(apply, MS_RULE_VOLUME_KEY_INVALID, volume->name, TRUE);
            return ms_apply_reject_async(apply, MS_RULE_VOLUME_KEY_INVALID, FALSE, internal,
                                         "security.shared"),
                   TRUE;
        }
        /* dead in lxd-5.0.x,lxd-5.21.0..5.21.2,lxd-6.1: no such key there (above) */
        if (ms_apply_check(apply, MS_RULE_VOLUME_KEY_INVALID, volume->name,
                           volume->content_type != MS_CONTENT_BLOCK))
            return ms_apply_reject_async(apply, MS_RULE_VOLUME_KEY_INVALID,
                                         ms_releases_contain(&async_update, apply->profile->version),
                                         internal, "security.shared"),
                   TRUE;
    }
    if (dir && ms_volume_keys_refused(apply, pool, storage_name, volume->content_type, config, async))
        return TRUE;
    return dir && shifted_change_unmodelled(apply, volume, config);
}

/* backend_lxd.go allowRemoveSecurityShared: a shared block volume stays
 * shared while a profile names it (VolumeUsedByProfileDevices, whether or
 * not an instance uses the profile: lxd/storage/backend_lxd.go:6138 at
 * lxd-5.21.4, :6176 at lxd-5.21.7, :6047 at lxd-6.3, :5703 at lxd-6.9;
 * test/suites/storage_profiles.sh:130-133 at lxd-5.21.7), then while two
 * instances use it (5.21.4+, 6.3+).  @value: the key's new value, NULL
 * when removed. */
static gboolean
volume_shared_disable_refused(MsApply *apply, const MsVolume *volume, const char *key, const char *value)
{
    gboolean running;

    if (!g_str_equal(key, "security.shared") || volume->content_type != MS_CONTENT_BLOCK ||
        !ms_rule_applies(MS_RULE_VOLUME_SHARED_DISABLE, apply->profile) ||
        !ms_is_true(ms_config_get(volume->config, key)) || ms_is_true(value))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_VOLUME_SHARED_DISABLE_PROFILE, volume->name,
                       ms_storage_volume_in_profile(apply->cluster, volume)))
        return ms_apply_reject(apply, MS_RULE_VOLUME_SHARED_DISABLE_PROFILE), TRUE;
    if (ms_apply_check(apply, MS_RULE_VOLUME_SHARED_DISABLE, volume->name,
                       ms_storage_volume_users(apply->cluster, volume, &running) > 1))
        return ms_apply_reject(apply, MS_RULE_VOLUME_SHARED_DISABLE), TRUE;
    return FALSE;
}

gboolean
ms_storage_volume_set(MsApply *apply, MsVolume *volume)
{
    const MsOp *op = apply->op;

    g_autoptr(GHashTable) new_config = ms_config_copy(volume->config);

    for (guint i = 0; op->kind != MS_OP_VOLUME_UNSET && i < op->keys->len; i++)
        ms_config_set(new_config, op->keys->pdata[i], op->values->pdata[i]);
    /* AllowVolumeUpdate, in the PUT handler before the backend's checks
     * (lxd/storage_volumes.go:1520 at lxd-5.0.2, :2244 at lxd-5.21.7, :2247
     * at lxd-6.9) */
    if (!ms_apply_project_aggregate_volume(apply, volume->project, volume->name, volume->pool, new_config,
                                           FALSE))
        return FALSE;
    if (volume_key_refused(apply, volume, op->keys, new_config) ||
        ms_volume_changes_refused(
            apply, volume,
            ms_storage_volume_rules_judged(apply, ms_cluster_lookup_pool(apply->cluster, op->pool)),
            ms_releases_contain(&async_update, apply->profile->version)))
        return FALSE;
    for (guint i = 0; i < op->keys->len; i++)
        if (volume_shared_disable_refused(apply, volume, op->keys->pdata[i],
                                          op->kind == MS_OP_VOLUME_UNSET ? NULL : op->values->pdata[i]))
            return FALSE;
    if (ms_volume_lvm_stripes_change_refused(apply, volume,
                                             ms_releases_contain(&async_update, apply->profile->version)))
        return FALSE;
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(volume->config, op->keys->pdata[i],
                      op->kind == MS_OP_VOLUME_UNSET ? NULL : op->values->pdata[i]);
    return TRUE;
}

/* ---- lxc storage volume edit ---- */

/* The PUT of @put on @volume (storagePoolVolumePut, lxd/storage_volumes.go:
 * 1425-1523 at lxd-5.0.2; UpdateCustomVolume, lxd/storage/backend_lxd.go:
 * 3952-4048): the YAML's config replaces the volume's whole, a key it lacks
 * is removed; ValidateVolume judges the new config (as a set does), then
 * the changed keys.  From lxd-5.21.0 and 6.1 every custom volume has a
 * volatile.uuid (GetNewVolume, backend_lxd.go:257 at lxd-5.21.7, :363 at
 * lxd-6.9) which the update refuses to change ('Custom volume
 * "volatile.uuid" property cannot be changed', :6291 at lxd-5.21.7, :5813
 * at lxd-6.9; a removal refused from 5.21.5 and 6.6 only): migsim does
 * not keep the uuid, so it stops there. */
static gboolean
volume_put(MsApply *apply, MsVolume *volume, const MsYamlPut *put)
{
    static const MsReleases has_uuid = MS_REL_SINCE(0, 1);
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GHashTable) config = ms_config_new();
    GHashTableIter iter;
    gpointer key, value;
    guint invalid = 0;

    if (put->restore != NULL && *put->restore != '\0')
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: lxc storage volume edit with "
                                             "restore: (a volume snapshot restore)",
                                             apply->profile->name));
    g_hash_table_iter_init(&iter, put->config);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        g_ptr_array_add(keys, key);
    g_ptr_array_sort(keys, ms_compare_string_ptrs);
    for (guint i = 0; i < keys->len; i++)
        invalid += volume_key_unknown(apply->profile, volume, keys->pdata[i]);
    /* validateVolume walks the config map: with several bad keys the one
     * named is the first of a Go map walk */
    if (invalid > 1)
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: the YAML has %u keys no volume "
                                             "rule knows; LXD names one of them, the first of a Go map "
                                             "walk (Invalid option for volume ... option ...)",
                                             apply->profile->name, invalid));
    if (volume_key_refused(apply, volume, keys, put->config))
        return FALSE;
    if (ms_releases_contain(&has_uuid, apply->profile->version))
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: lxc storage volume edit (the "
                                             "volume's volatile.uuid, which LXD refuses to change or, "
                                             "from 5.21.5 and 6.6, to remove, is not kept by migsim)",
                                             apply->profile->name));
    /* VOLUME.SHARED_DISABLE (5.21.4+, 6.3+) comes after the uuid check:
     * not reached here */
    if (*put->description != '\0')
        ms_outcome_add_note(apply->outcome, "the volume's description is not modelled (not kept, not shown)");
    g_hash_table_iter_init(&iter, put->config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        ms_config_set(config, key, value);
    g_hash_table_unref(volume->config);
    volume->config = g_steal_pointer(&config);
    return TRUE;
}

/* lxc storage volume edit POOL [custom/]VOL with YAML on its standard
 * input: lxc unmarshals it into api.StorageVolumePut (a type error is
 * lxc's own, nothing is sent) and PUTs it with no GET, no ETag and without
 * --target, which it reads only on its editor path
 * (lxc/storage_volume.go:864-924 at lxd-5.0.2, :1066-1126 at lxd-5.21.7,
 * :1062-1133 at lxd-6.9): the server finds the volume as for any request
 * without --target. */
gboolean
ms_storage_volume_edit(MsApply *apply)
{
    const MsOp *op = apply->op;
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put = NULL;
    MsOp untargeted = *op;
    MsVolume *volume;
    gboolean done;

    /* VOL/SNAP: an api.StorageVolumeSnapshotPut (description, expires_at),
     * neither of which migsim keeps */
    if (strchr(op->volume, '/') != NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: lxc storage volume edit of a "
                                             "volume snapshot (its description and expiry)",
                                             apply->profile->name));
    /* Incus's client and update were not read */
    if (ms_profile_is_incus(apply->profile))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 400, TRUE,
            g_strdup_printf("migsim: not modelled for %s: incus storage volume edit", apply->profile->name));
    put =
        ms_yaml_unmarshal_put(op->stdin_text != NULL ? op->stdin_text : "", MS_YAML_VOLUME_PUT, &type_errors);
    if (ms_apply_check(apply, MS_RULE_CLI_YAML_UNMARSHAL, op->volume, put == NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_YAML_UNMARSHAL,
                               type_errors + strlen("yaml: unmarshal errors:"));
    if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool,
                       ms_cluster_lookup_pool(apply->cluster, op->pool) == NULL))
        return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
    if (op->target != NULL)
        ms_outcome_add_note(apply->outcome, "lxc sends the YAML on standard input without --target");
    untargeted.target = NULL;
    apply->op = &untargeted;
    volume = ms_storage_volume_lookup_forwarded(apply);
    done = volume != NULL && volume_put(apply, volume, put);
    apply->op = op;
    return done;
}
