/* migsim: custom volumes.  Storage pools are in ms-pool-ops.c. */
#include "ms-apply-private.h"
#include "ms-names.h"
#include "ms-yaml-read.h"

#include <string.h>

/* Instances and profiles whose devices name @volume; an instance uses a
 * local volume only from the volume's own member. (element-type MsInstance) */
static guint
volume_users(const MsCluster *cluster, const MsVolume *volume, gboolean *running)
{
    GHashTableIter iter;
    gpointer value;
    guint n = 0;

    *running = FALSE;
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;
        gboolean uses = ms_cluster_instance_uses_volume(cluster, inst, volume);

        if (uses) {
            n++;
            *running |= inst->status == MS_INSTANCE_RUNNING;
        }
    }
    return n;
}

/* What the delete of a custom volume refuses on (storagePoolVolumeUsedByGet:
 * the instances using it directly, then every profile whose disk device
 * names the pool and the volume, in a project whose storage project is the
 * volume's: lxd/storage_volumes_utils.go:88-132 and
 * lxd/storage/utils.go VolumeUsedByProfileDevices at lxd-5.0.2,
 * storage_volumes_utils.go:144 at lxd-5.21.7 and lxd-6.9; Incus
 * cmd/incusd/storage_volumes_utils.go:93-140, internal/server/storage/
 * utils.go:800 at v6.0.4).  A profile no instance uses still counts (live
 * Incus 6.0.4: tools/live-random.py --product incus --gen 3 --seed 2001,
 * scenario 1 line 17).  A profile names the volumes of its project's
 * storage project only. */
static gboolean
volume_in_profile(const MsCluster *cluster, const MsVolume *volume)
{
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];
        GHashTableIter iter;
        gpointer dev;

        if (!ms_profile_sees_volume(cluster, p, volume))
            continue;
        g_hash_table_iter_init(&iter, p->devices);
        while (g_hash_table_iter_next(&iter, NULL, &dev))
            if (g_strcmp0(ms_config_get(dev, "type"), "disk") == 0 &&
                g_strcmp0(ms_config_get(dev, "pool"), volume->pool) == 0 &&
                g_strcmp0(ms_config_get(dev, "source"), volume->name) == 0)
                return TRUE;
    }
    return FALSE;
}

static gboolean
volume_in_use(const MsCluster *cluster, const MsVolume *volume)
{
    gboolean running;

    return volume_users(cluster, volume, &running) > 0 || volume_in_profile(cluster, volume);
}

static char *
volume_show(const MsVolume *volume)
{
    g_autofree const char **keys = ms_config_sorted_keys(volume->config);
    GString *out = g_string_new(keys[0] == NULL ? "config: {}\n" : "config:\n");

    for (guint i = 0; keys[i] != NULL; i++)
        g_string_append_printf(out, "  %s: \"%s\"\n", keys[i],
                               (const char *) g_hash_table_lookup(volume->config, keys[i]));
    /* api.StorageVolume's fields in their order (yaml.Marshal of
     * shared/api/storage_pool_volume.go at lxd-5.0.2: config, description,
     * name, type, used_by, location, content_type, project, created_at; seen
     * live on 5.0.2); description, used_by, project and created_at are not
     * printed */
    g_string_append_printf(out, "name: %s\ntype: custom\nlocation: %s\ncontent_type: %s\n", volume->name,
                           volume->location ? volume->location : "none",
                           ms_content_type_to_string(volume->content_type));
    return g_string_free(out, FALSE);
}

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
static gboolean
volume_rules_judged(const MsApply *apply, const MsPool *pool)
{
    if (pool == NULL || ms_profile_is_derived(apply->profile))
        return FALSE;
    if (ms_profile_is_incus(apply->profile))
        return g_str_equal(pool->driver, "dir");
    return ms_volume_driver_followed(pool->driver);
}

/* Incus on a pool whose driver rules are not read: any key but user.* may
 * be judged by them; TRUE (with "not modelled") when the config has one. */
static gboolean
incus_driver_keys_unread(MsApply *apply, const MsPool *pool, const GPtrArray *keys)
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
        *(ms_config_get(config, "security.shifted") ?: "") == '\0' || !volume_in_use(apply->cluster, volume))
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

    gboolean dir = volume_rules_judged(apply, pool);
    gboolean async = ms_releases_contain(&async_update, apply->profile->version);
    g_autofree char *storage_name = ms_volume_storage_name(volume);
    GHashTable *config = new_config;

    if (ms_profile_is_incus(apply->profile) && !dir)
        return incus_driver_keys_unread(apply, pool, keys);
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
                       volume_in_profile(apply->cluster, volume)))
        return ms_apply_reject(apply, MS_RULE_VOLUME_SHARED_DISABLE_PROFILE), TRUE;
    if (ms_apply_check(apply, MS_RULE_VOLUME_SHARED_DISABLE, volume->name,
                       volume_users(apply->cluster, volume, &running) > 1))
        return ms_apply_reject(apply, MS_RULE_VOLUME_SHARED_DISABLE), TRUE;
    return FALSE;
}

static gboolean
volume_set(MsApply *apply, MsVolume *volume)
{
    const MsOp *op = apply->op;

    g_autoptr(GHashTable) new_config = ms_config_copy(volume->config);

    for (guint i = 0; op->kind != MS_OP_VOLUME_UNSET && i < op->keys->len; i++)
        ms_config_set(new_config, op->keys->pdata[i], op->values->pdata[i]);
    if (volume_key_refused(apply, volume, op->keys, new_config) ||
        ms_volume_changes_refused(
            apply, volume, volume_rules_judged(apply, ms_cluster_lookup_pool(apply->cluster, op->pool)),
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

static gboolean
names_volume(GHashTable *dev, const MsVolume *volume)
{
    return g_strcmp0(ms_config_get(dev, "pool"), volume->pool) == 0 &&
           g_strcmp0(ms_config_get(dev, "source"), volume->name) == 0 &&
           g_strcmp0(ms_config_get(dev, "path"), "/") != 0;
}

static void
rename_in_devices(GHashTable *devices, const MsVolume *volume, const char *new_name)
{
    GHashTableIter iter;
    gpointer dev;

    g_hash_table_iter_init(&iter, devices);
    while (g_hash_table_iter_next(&iter, NULL, &dev))
        if (names_volume(dev, volume))
            ms_config_set(dev, "source", new_name);
}

/* An instance's devices may be shared with copies: take its own only when
 * one of them names the volume. */
static void
rename_in_instance(MsInstance *instance, const MsVolume *volume, const char *new_name)
{
    GHashTableIter iter;
    gpointer dev;

    g_hash_table_iter_init(&iter, instance->devices);
    while (g_hash_table_iter_next(&iter, NULL, &dev)) {
        if (names_volume(dev, volume)) {
            rename_in_devices(ms_instance_own_devices(instance), volume, new_name);
            return;
        }
    }
}

/* Whether a profile with a device naming @volume is used by an instance of
 * its project. */
static gboolean
profile_device_in_use(const MsCluster *cluster, const MsVolume *volume)
{
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *profile = cluster->profiles->pdata[i];
        GHashTableIter iter;
        gpointer dev;
        gboolean names = FALSE;

        g_hash_table_iter_init(&iter, profile->devices);
        while (!names && g_hash_table_iter_next(&iter, NULL, &dev))
            names = names_volume(dev, volume);
        names = names && ms_profile_sees_volume(cluster, profile, volume);
        g_hash_table_iter_init(&iter, cluster->instances);
        while (names && g_hash_table_iter_next(&iter, NULL, &dev)) {
            const MsInstance *inst = dev;
            if (g_strcmp0(inst->project, profile->project) == 0 &&
                g_ptr_array_find_with_equal_func(inst->profiles, profile->name, g_str_equal, NULL))
                return TRUE;
        }
    }
    return FALSE;
}

/* storagePoolVolumePost: refuses while a running instance uses the volume,
 * then renames it and rewrites the devices of the instances (on the
 * volume's member) and of the profiles that use it. */
static gboolean
volume_rename(MsApply *apply, MsVolume *volume)
{
    MsCluster *cluster = apply->cluster;
    const char *new_name = apply->op->new_name;
    gboolean running;
    GHashTableIter iter;
    gpointer value;

    if (ms_apply_check(apply, MS_RULE_VOLUME_EXISTS, new_name,
                       ms_cluster_lookup_volume(cluster, volume->project, volume->pool, new_name,
                                                volume->location ? volume->location : "") != NULL))
        return ms_apply_reject(apply, MS_RULE_VOLUME_EXISTS);
    volume_users(cluster, volume, &running);
    if (ms_apply_check(apply, MS_RULE_VOLUME_RENAME_RUNNING, volume->name, running))
        return ms_apply_reject(apply, MS_RULE_VOLUME_RENAME_RUNNING);
    {
        /* Until lxd-5.21.3 and 6.3 (and in Incus) storagePoolVolumeTypePostRename
         * rewrites the devices of instances and profiles before it renames the
         * volume (lxd/storage_volumes.go:1173-1185 at lxd-5.0.2; the volume
         * first from lxd-5.21.4 and 6.4, :17-29 of the function at
         * lxd-5.21.7).  A profile's new device is then validated on the
         * instances using it against a volume not renamed yet: seen live on
         * 5.0.2 (tools/live-random.py --gen 7 --seed 5100, 5100-004 line 28):
         * 'The following instances failed to update (profile change still
         * saved): ... Failed loading custom volume: Storage volume not found',
         * the volume kept its name, the devices took the new one.  That split
         * state is not followed. */
        static const MsReleases users_first = { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 4)),
                                                MS_SPAN_UNTIL(MS_VERSION(6, 4, 0)), MS_INC_ALL, MS_SPAN_ALL };

        if (ms_releases_contain(&users_first, apply->profile->version) &&
            profile_device_in_use(cluster, volume))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: a rename of a volume that a "
                                                 "profile's device names while instances use the profile "
                                                 "(LXD rewrites the devices before it renames the volume)",
                                                 apply->profile->name));
    }
    ms_cluster_volume_users_changed(cluster);
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;
        if ((volume->location == NULL || g_str_equal(inst->location, volume->location)) &&
            ms_instance_sees_volume(cluster, inst, volume))
            rename_in_instance(inst, volume, new_name);
    }
    for (guint i = 0; i < cluster->profiles->len; i++)
        if (ms_profile_sees_volume(cluster, cluster->profiles->pdata[i], volume))
            rename_in_devices(((MsProfileEntity *) cluster->profiles->pdata[i])->devices, volume, new_name);
    g_free(volume->name);
    volume->name = g_strdup(new_name);
    ms_cluster_volumes_changed(cluster);
    return TRUE;
}

/* The volume a request names: with --target LXD's handler loads it on
 * that member, without it the request is first routed to the volume's
 * member, and the two lookups word "not found" differently in lxd-5.0.2
 * (VOLUME.NOT_FOUND_TARGETED). */
static gboolean
volume_found(MsApply *apply, const MsVolume *volume)
{
    MsRuleId rule = apply->op->target != NULL ? MS_RULE_VOLUME_NOT_FOUND_TARGETED : MS_RULE_VOLUME_NOT_FOUND;

    /* check sites: VOLUME_NOT_FOUND VOLUME_NOT_FOUND_TARGETED */
    if (ms_apply_check(apply, rule, apply->op->volume, volume == NULL))
        return ms_apply_reject(apply, rule);
    return TRUE;
}

/* lxc storage volume copy|move POOL/VOL[/SNAP] POOL/VOL (lxc/storage_volume.go
 * cmdStorageVolumeCopy.Run, lxd-5.0.2:344-507, lxd-5.21.7:431-606): lxc reads
 * the source (from --target's member, else wherever it is), copies it to
 * --destination-target's member (lxd-5.0.2: else the source's member,
 * :432-434; lxd-5.21.0+: else the member lxc talks to, :502-505 at
 * lxd-5.21.7), and for a move on a cluster then deletes the source: the
 * two servers lxc compares are never the same object once targeted (:442,
 * :482), so a move is always a copy and a delete. */
/* The volume a request names (--target's, or the only one of that name),
 * after the request is forwarded to its member; NULL once refused. */
static MsVolume *
volume_lookup_named(MsApply *apply, const char *name)
{
    const MsOp *op = apply->op;
    const char *project = ms_cluster_volume_project(apply->cluster, op->project);
    guint n = ms_cluster_count_volumes(apply->cluster, project, op->pool, name);
    const MsVolume *volume;

    if (ms_apply_check(apply, MS_RULE_VOLUME_AMBIGUOUS, name, op->target == NULL && n > 1)) {
        ms_apply_reject(apply, MS_RULE_VOLUME_AMBIGUOUS, name);
        return NULL;
    }
    volume = ms_cluster_lookup_volume(apply->cluster, project, op->pool, name, op->target);
    if (!volume_found(apply, volume))
        return NULL;
    /* a local volume's requests go to its member
     * (forwardedResponseIfVolumeIsRemote, lxd/storage_volumes.go:1768 at
     * lxd-5.0.2) */
    if (op->target == NULL && ms_apply_forward_refused(apply, name, volume->location))
        return NULL;
    return ms_cluster_volume_mut(apply->cluster, volume);
}

static MsVolume *
volume_lookup_forwarded(MsApply *apply)
{
    return volume_lookup_named(apply, apply->op->volume);
}

/* lxc storage volume show POOL VOL/SNAP: lxc asks for the snapshot
 * (GetStoragePoolVolumeSnapshot, lxc/storage_volume.go:1845 at lxd-5.0.2,
 * :2336 at lxd-5.21.7, :2333 at lxd-6.9), the server looks VOL/SNAP up as a volume
 * row ("Storage volume not found" when absent: storagePoolVolumeSnapshotTypeGet,
 * lxd/storage_volumes_snapshot.go:610,668 at lxd-5.0.2, :601,638 at
 * lxd-5.21.7, :616,645 at lxd-6.9, with GetStoragePoolVolume,
 * lxd/db/storage_volumes.go:229 at lxd-5.0.2, :324 at lxd-5.21.7, :348 at
 * lxd-6.9).
 * migsim keeps a volume snapshot's name only: it prints the name and the
 * content type (the snapshot's is its volume's) and says the rest is not
 * known. */
static gboolean
volume_snapshot_show(MsApply *apply)
{
    const char *slash = strchr(apply->op->volume, '/');
    g_autofree char *parent = g_strndup(apply->op->volume, slash - apply->op->volume);
    MsVolume *volume = volume_lookup_named(apply, parent);

    if (volume == NULL)
        return FALSE;
    if (!volume_found(apply, g_ptr_array_find_with_equal_func(volume->snapshots, slash + 1, g_str_equal, NULL)
                                 ? volume
                                 : NULL))
        return FALSE;
    apply->outcome->output = g_strdup_printf("name: %s\ncontent_type: %s\n", slash + 1,
                                             ms_content_type_to_string(volume->content_type));
    ms_outcome_add_note(apply->outcome,
                        "migsim keeps only the names of volume snapshots: their config, description and "
                        "dates are not modelled, so only name and content_type are printed");
    return TRUE;
}

/* The name `lxc storage volume snapshot POOL VOL` gives without a name:
 * snapshots.pattern's default "snap%d" with the next index, one more than
 * the highest N of the volume's snapshots named snapN (0 when none):
 * VolumeDetermineNextSnapshotName, lxd/storage/utils.go:1337-1363 and
 * GetNextStorageVolumeSnapshotIndex, lxd/db/storage_volumes.go:754-797 at
 * lxd-6.9 (:729 at lxd-5.21.7; lxd/storage_volumes_snapshot.go:1360-1379 and
 * lxd/db/storage_volumes.go:734 at lxd-5.0.2).  Go's Sscanf("snap%d") reads
 * a sign and decimal digits after "snap". */
static char *
volume_next_snapshot_name(const MsVolume *volume)
{
    gint64 next = 0;

    for (guint i = 0; i < volume->snapshots->len; i++) {
        const char *name = volume->snapshots->pdata[i];
        const char *digits;
        gint64 n;

        if (!g_str_has_prefix(name, "snap"))
            continue;
        digits = name + 4 + (name[4] == '+' || name[4] == '-');
        if (!g_ascii_isdigit(*digits))
            continue;
        n = g_ascii_strtoll(name + 4, NULL, 10);
        if (n >= next)
            next = n + 1;
    }
    return g_strdup_printf("snap%" G_GINT64_FORMAT, next);
}

/* lxc (5.0.3+, 5.19+, 5.21, 6.x) and incus turn a move inside one pool
 * without --destination-target or --target-project into `storage volume
 * rename` (cmdStorageVolumeMove, lxc/storage_volume.go:1948 at lxd-5.21.7,
 * :1945 at lxd-6.9; cmd/incus/storage_volume.go:1851 at v6.0.4). */
static gboolean
volume_move_renames(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsVolume *volume;

    if (op->snapshot != NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 400, FALSE,
            g_strdup_printf("migsim: not modelled for %s: a move of a volume snapshot inside its "
                            "pool (lxc renames it)",
                            apply->profile->name));
    volume = volume_lookup_forwarded(apply);
    return volume != NULL && volume_rename(apply, volume);
}

/* A refusal of the copy's create on the destination: wrapped by lxc when it
 * copies by migration, i.e. the destination is another member than the
 * source's (client/lxd_storage_volumes.go:514 and :667 at lxd-5.0.2: the
 * migration path unless volume.Location is the destination's target). */
static gboolean
volume_copy_dest_refused(MsApply *apply, const MsVolume *source, MsRuleId rule, const char *subject)
{
    const char *dest = apply->op->destination_target;
    const char *args[] = { subject, NULL };
    g_autofree char *text = ms_rule_message_strv(rule, apply->profile, args);

    if (!ms_rule_applies(MS_RULE_VOLUME_COPY_MIGRATION_WRAP, apply->profile) || dest == NULL ||
        source->location == NULL || g_strcmp0(dest, source->location) == 0)
        return ms_apply_reject(apply, rule, subject);
    return ms_apply_fail(apply, rule, ms_rule_def(rule)->http_status, FALSE,
                         ms_rule_message(MS_RULE_VOLUME_COPY_MIGRATION_WRAP, apply->profile, text));
}

/* lxc storage volume copy SRC DST --refresh where DST exists (LXD #11500).
 * The handler lets an existing DST through only with refresh
 * (storagePoolVolumesPost, lxd/storage_volumes.go:610 at lxd-5.0.2); on
 * one member RefreshCustomVolume deletes DST's snapshots the source lacks
 * and copies the missing ones (lxd/storage/backend_lxd.go:1202-1210 at
 * lxd-5.0.2), none with --volume-only; between members the migration sink
 * refreshes (doVolumeMigration, lxd/storage_volumes.go:877).  Neither
 * writes DST's config: seen on the live 5.0.2 cluster (3 December 2026,
 * lane 2), a key set on SRC stayed off DST, SRC's snapshot was added, on
 * one member and between two.  Other releases are not read to the end. */
static gboolean
volume_refresh(MsApply *apply, const MsVolume *source, MsVolume *existing, gboolean between_members)
{
    if (apply->profile->version != MS_VERSION(5, 0, 2))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc storage volume copy --refresh "
                                             "into an existing volume (read and measured for lxd-5.0.2 only)",
                                             apply->profile->name));
    if (apply->op->snapshot != NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup("migsim: not modelled: lxc storage volume copy --refresh from a "
                                      "volume snapshot"));
    if (apply->op->volume_only)
        return TRUE;
    /* the migration sink's handling of DST's extra snapshots is not read */
    if (between_members)
        for (guint i = 0; i < existing->snapshots->len; i++)
            if (!g_ptr_array_find_with_equal_func(source->snapshots, existing->snapshots->pdata[i],
                                                  g_str_equal, NULL))
                return ms_apply_fail(
                    apply, MS_RULE_NONE, 0, FALSE,
                    g_strdup_printf(
                        "migsim: not modelled: a refresh between members of %s, whose snapshot %s "
                        "the source lacks",
                        existing->name, (const char *) existing->snapshots->pdata[i]));
    /* by name DST ends with SRC's snapshots (one of the same name but
     * another creation date is copied again: no dates in the model) */
    g_ptr_array_set_size(existing->snapshots, 0);
    for (guint i = 0; i < source->snapshots->len; i++)
        g_ptr_array_add(existing->snapshots, g_strdup(source->snapshots->pdata[i]));
    return TRUE;
}

/* Does @project (or the project whose limits apply to it) set limits.disk
 * or a limits.disk.pool.* key? */
static gboolean
project_limits_disk(const MsCluster *cluster, const char *project)
{
    const MsProject *p = ms_cluster_lookup_restricting_project(cluster, project);
    GHashTableIter iter;
    gpointer key;

    if (p == NULL || p->config == NULL)
        return FALSE;
    g_hash_table_iter_init(&iter, p->config);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (g_str_has_prefix(key, "limits.disk"))
            return TRUE;
    return FALSE;
}

/* lxc storage volume copy|move --target-project Q: lxc sends the copy to
 * Q (dstServer.UseProject, lxc/storage_volume.go:469-471 at lxd-5.0.2,
 * :568-570 at lxd-5.21.7, :564-566 at lxd-6.9) naming the source's project
 * (client/lxd_storage_volumes.go:516-522 at lxd-5.0.2, :607-614 at
 * lxd-5.21.7), and the handler creates the volume in Q's storage project
 * (storagePoolVolumesTypePost, lxd/storage_volumes.go:535 at lxd-5.0.2;
 * :1008 at lxd-5.21.7, :986 at lxd-6.9): default when Q has
 * features.storage.volumes=false.  On a cluster the move is this copy and
 * a delete (the servers lxc compares are two UseTarget objects).  Seen
 * live on 5.0.2 (2026-12-05, lane 2): into Q with the snapshots (none with
 * --volume-only), into default for such a Q, 'Volume by that name already
 * exists' in Q.  Sets *@dest_project; FALSE when not modelled. */
static gboolean
volume_copy_project_modelled(MsApply *apply, const char **dest_project)
{
    const MsOp *op = apply->op;
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, op->new_pool);

    if (ms_profile_is_incus(apply->profile))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: storage volume copy|move "
                                             "--target-project (cmd/incus/storage_volume.go not read)",
                                             apply->profile->name));
    /* live 5.0.2: 'Failed to load project "nosuch": Project not found'
     * (lxd/project/project.go:96); the later texts are not read */
    if (!ms_cluster_has_project(apply->cluster, op->target_project))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: --target-project %s, a project that "
                            "does not exist (lxd-5.0.2 answers 'Failed to load project \"%s\": "
                            "Project not found', live; other releases not read)",
                            apply->profile->name, op->target_project, op->target_project));
    /* lxd-5.21.0+ lxc moves a volume of a remote pool without --target
     * or --destination-target by one POST (srcServer == dstServer,
     * lxc/storage_volume.go:540-551 at lxd-5.21.7), whose handler checks
     * the target project (lxd/storage_volumes.go:1470-1486 at lxd-5.21.7) */
    if (op->kind == MS_OP_VOLUME_MOVE &&
        !ms_rule_applies(MS_RULE_VOLUME_COPY_EXISTS_MIGRATION, apply->profile) && pool != NULL &&
        ms_pool_is_remote(pool) && op->target == NULL && op->destination_target == NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: storage volume move --target-project "
                            "of a remote pool's volume (one server-side move, "
                            "storagePoolVolumePost: not read to the end)",
                            apply->profile->name));
    if (project_limits_disk(apply->cluster, op->target_project))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: a volume copy into project %s, which "
                            "sets limits.disk (AllowVolumeCreation: migsim does not count)",
                            apply->profile->name, op->target_project));
    *dest_project = ms_cluster_volume_project(apply->cluster, op->target_project);
    return TRUE;
}

/* The source of a copy with --target-project: its project is sent as it
 * was given; lxd-5.0.0-5.0.3 look the volume up there as it is, later
 * releases in its storage project (VOLUME.COPY_PROJECT_SOURCE).  Between
 * members lxd-5.0.2 copies by migration into Q (seen live, 2026-12-05);
 * from 5.21.0 the server copies between members itself
 * (clusterCopyCustomVolumeInternal, lxd/storage_volumes.go:1173-1200 at
 * lxd-5.21.7), the path of LXD #14155 and #15475: not read to the end. */
static gboolean
volume_copy_project_between(MsApply *apply, const MsVolume *source, const char *dest_member)
{
    const MsOp *op = apply->op;
    const char *given = ms_project_key(op->project);
    gboolean raw = ms_rule_applies(MS_RULE_VOLUME_COPY_PROJECT_SOURCE, apply->profile);
    gboolean between =
        dest_member != NULL && source->location != NULL && g_strcmp0(dest_member, source->location) != 0;

    /* the source's project differs from its storage project only when it
     * keeps its volumes in default; the same project is not sent */
    if (raw && !between && !ms_project_same(op->project, op->target_project) &&
        ms_apply_check(apply, MS_RULE_VOLUME_COPY_PROJECT_SOURCE, op->volume,
                       g_strcmp0(given, source->project) != 0))
        return ms_apply_reject(apply, MS_RULE_VOLUME_COPY_PROJECT_SOURCE, op->volume,
                               ms_project_display(op->project), op->pool);
    if (between && !ms_rule_applies(MS_RULE_VOLUME_COPY_EXISTS_MIGRATION, apply->profile))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: storage volume copy|move "
                            "--target-project between members (clusterCopyCustomVolumeInternal, "
                            "LXD #14155 and #15475: not read to the end)",
                            apply->profile->name));
    if (between && g_strcmp0(given, source->project) != 0)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: a copy by migration from project %s, "
                            "which keeps its volumes in default",
                            apply->profile->name, ms_project_display(op->project)));
    return TRUE;
}

gboolean
ms_apply_volume_copy(MsApply *apply)
{
    if (apply->op->kind == MS_OP_VOLUME_MOVE &&
        ms_profile_has(apply->profile, MS_FEATURE_VOLUME_MOVE_RENAME) &&
        apply->op->destination_target == NULL && apply->op->target_project == NULL &&
        g_strcmp0(apply->op->pool, apply->op->new_pool) == 0)
        return volume_move_renames(apply);

    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const MsPool *pool = ms_cluster_lookup_pool(cluster, op->pool);
    const MsPool *dest_pool;
    const MsVolume *source;
    MsVolume *copy;
    const char *dest_member = NULL;
    /* lxd-5.0.x copies between members by migration, later releases inside the cluster */
    gboolean is_50 = ms_rule_applies(MS_RULE_VOLUME_COPY_EXISTS_MIGRATION, apply->profile);
    const char *project = ms_cluster_volume_project(cluster, op->project);
    const char *dest_project = project;

    if (op->target_project != NULL && !volume_copy_project_modelled(apply, &dest_project))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
        return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
    /* lxc's GET of the source goes to --target's member: an unknown one is
     * refused by the forward (the destination is looked at later, below) */
    if (op->target != NULL && ms_apply_check(apply, MS_RULE_VOLUME_TARGET_NOT_FOUND, op->target,
                                             ms_cluster_lookup_member(cluster, op->target) == NULL))
        return ms_apply_reject(apply, MS_RULE_VOLUME_TARGET_NOT_FOUND, op->target);
    if (ms_apply_check(apply, MS_RULE_VOLUME_AMBIGUOUS, op->volume,
                       op->target == NULL &&
                           ms_cluster_count_volumes(cluster, project, op->pool, op->volume) > 1))
        return ms_apply_reject(apply, MS_RULE_VOLUME_AMBIGUOUS, op->volume);
    /* lxc GETs the source volume first (lxc/storage_volume.go:410 at
     * lxd-5.0.2, :470 at lxd-5.21.7, :466 at lxd-6.9): --target forwards to
     * that member, else the GET goes to the volume's member
     * (forwardedResponseIfVolumeIsRemote, lxd/storage_volumes.go:1353 at
     * lxd-5.0.2, :2109 at lxd-5.21.7, :2099 at lxd-6.9); an OFFLINE one
     * fails the copy (live 5.0.2: tools/live-random.py seed 606) */
    if (op->target != NULL && ms_apply_forward_refused(apply, op->volume, op->target))
        return FALSE;
    source = ms_cluster_lookup_volume(cluster, project, op->pool, op->volume, op->target);
    if (!volume_found(apply, source))
        return FALSE;
    if (op->target == NULL && ms_apply_forward_refused(apply, op->volume, source->location))
        return FALSE;
    if (op->snapshot != NULL &&
        !g_ptr_array_find_with_equal_func(source->snapshots, op->snapshot, g_str_equal, NULL))
        return ms_apply_fail(apply, MS_RULE_NONE, 404, FALSE,
                             g_strdup("not modelled: a storage volume snapshot that does not exist"));
    /* Only now does lxc send the copy to --destination-target's member
     * (lxc/storage_volume.go:432, :467 at lxd-5.0.2; :504, :566 at
     * lxd-5.21.7; :500, :562 at lxd-6.9): its forward names an unknown member, then its
     * handler looks up the pool.  Where lxc copies by migration (a member
     * other than the source's, 5.0.0-5.0.2 and 5.1-5.19) the source's
     * migration operation is made first and the refusal comes back wrapped
     * (VOLUME.COPY_MIGRATION_WRAP; live 5.0.2: tools/live-random.py --gen 4
     * --seed 1003, scenario 11 line 31). */
    if (op->destination_target != NULL &&
        ms_apply_check(apply, MS_RULE_VOLUME_TARGET_NOT_FOUND, op->destination_target,
                       ms_cluster_lookup_member(cluster, op->destination_target) == NULL))
        return volume_copy_dest_refused(apply, source, MS_RULE_VOLUME_TARGET_NOT_FOUND,
                                        op->destination_target);
    dest_pool = ms_cluster_lookup_pool(cluster, op->new_pool);
    if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->new_pool, dest_pool == NULL))
        return volume_copy_dest_refused(apply, source, MS_RULE_POOL_NOT_FOUND, op->new_pool);
    if (!ms_pool_is_remote(dest_pool)) {
        if (op->destination_target != NULL)
            dest_member = op->destination_target;
        else if (is_50 || source->location == NULL)
            dest_member = source->location != NULL ? source->location : apply->env->client;
        else
            dest_member = apply->env->client;
        gboolean elsewhere =
            !is_50 && op->destination_target == NULL && g_strcmp0(dest_member, source->location) != 0;

        /* Incus until 6.0.4/6.13 copies on the member it was sent to,
         * which does not hold the source; from 6.0.5/6.14 that member
         * migrates it to itself (cmd/incusd/storage_volumes.go:729 at
         * v6.0.4, PR #2195) */
        if (ms_rule_applies(MS_RULE_VOLUME_COPY_SOURCE_ELSEWHERE, apply->profile) &&
            /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's answer not read) */
            ms_apply_check(apply, MS_RULE_VOLUME_COPY_SOURCE_ELSEWHERE, op->volume, elsewhere))
            return ms_apply_reject(apply, MS_RULE_VOLUME_COPY_SOURCE_ELSEWHERE, op->volume, op->pool);
        /* LXD's server has the condition Incus #2178 met (it migrates only
         * with a target); what it answers was not confirmed, so migsim does
         * not answer (an "ok" here was a guess) */
        if (elsewhere && !ms_profile_is_incus(apply->profile))
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: lxc storage volume copy of a volume held by %s "
                                "through %s without --destination-target (lxd/storage_volumes.go:1130 at "
                                "lxd-5.21.7 migrates only with a target; the copy on %s finds no source)",
                                apply->profile->name, source->location, dest_member, dest_member));
    }
    {
        const MsVolume *existing = ms_cluster_lookup_volume(cluster, dest_project, op->new_pool, op->new_name,
                                                            dest_member != NULL ? dest_member : "");
        /* lxd-5.0.2 copies between members by migration: the target's
         * refusal comes back wrapped by the client */
        gboolean between_members = g_strcmp0(dest_member, source->location) != 0;
        gboolean migrates = is_50 && dest_member != NULL && between_members;
        MsRuleId rule = migrates ? MS_RULE_VOLUME_COPY_EXISTS_MIGRATION : MS_RULE_VOLUME_EXISTS;

        /* Incus's volume refresh (cmd/incusd/storage_volumes.go) is not read */
        if (op->refresh && ms_profile_is_incus(apply->profile))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: storage volume copy --refresh",
                                                 apply->profile->name));
        if (op->refresh && existing != NULL)
            return volume_refresh(apply, source, ms_cluster_volume_mut(cluster, existing), between_members);
        /* a refresh into a missing volume is a plain copy on one member
         * (doVolumeCreateOrCopy, lxd/storage_volumes.go:617-622 at
         * lxd-5.0.2, :1160-1165 at lxd-5.21.7); between members the
         * migration sink gets the refresh flag: read for lxd-5.0.2 only
         * (seen live: it copies) */
        if (op->refresh && between_members && apply->profile->version != MS_VERSION(5, 0, 2))
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: lxc storage volume copy --refresh "
                                "between members",
                                apply->profile->name));
        /* check sites: VOLUME_EXISTS VOLUME_COPY_EXISTS_MIGRATION */
        if (ms_apply_check(apply, rule, op->new_name, existing != NULL))
            return ms_apply_reject(apply, rule);
        if (op->target_project != NULL && !volume_copy_project_between(apply, source, dest_member))
            return FALSE;
    }
    copy = ms_volume_copy(source);
    g_free(copy->project);
    copy->project = g_strdup(dest_project);
    g_free(copy->pool);
    copy->pool = g_strdup(op->new_pool);
    g_free(copy->name);
    copy->name = g_strdup(op->new_name);
    g_free(copy->location);
    copy->location = g_strdup(dest_member);
    /* a copy of a snapshot, or with --volume-only, has no snapshots */
    if (op->snapshot != NULL || op->volume_only)
        g_ptr_array_set_size(copy->snapshots, 0);
    g_ptr_array_add(cluster->volumes, copy);
    ms_cluster_volumes_changed(cluster);
    if (op->kind == MS_OP_VOLUME_MOVE) {
        if (ms_apply_check(apply, MS_RULE_VOLUME_MOVE_DELETE_IN_USE, op->volume,
                           volume_in_use(cluster, source)))
            return ms_apply_reject(apply, MS_RULE_VOLUME_MOVE_DELETE_IN_USE);
        g_ptr_array_remove(cluster->volumes, (gpointer) source);
        ms_cluster_volumes_changed(cluster);
    }
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
static gboolean
volume_edit(MsApply *apply)
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
    volume = volume_lookup_forwarded(apply);
    done = volume != NULL && volume_put(apply, volume, put);
    apply->op = op;
    return done;
}

/* A volume request with --target: an unknown member is refused, then the
 * request is forwarded (forwardedResponseIfTargetIsRemote,
 * lxd/storage_volumes.go:752,1763 at lxd-5.0.2; forwardedResponseToNode,
 * :1014 at lxd-5.21.7, :986 at lxd-6.9).  TRUE when refused. */
static gboolean
volume_post_forward_refused(MsApply *apply)
{
    const MsOp *op = apply->op;

    if (op->target == NULL)
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_VOLUME_TARGET_NOT_FOUND, op->target,
                       ms_cluster_lookup_member(apply->cluster, op->target) == NULL)) {
        ms_apply_reject(apply, MS_RULE_VOLUME_TARGET_NOT_FOUND, op->target);
        return TRUE;
    }
    return ms_apply_forward_refused(apply, op->volume, op->target);
}

gboolean
ms_apply_volume(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const MsPool *pool = ms_cluster_lookup_pool(cluster, op->pool);
    const char *location = NULL;
    const char *project = ms_cluster_volume_project(cluster, op->project);

    /* A create is forwarded (--target) and its name checked before its
     * pool is looked up (forwardedResponseIfTargetIsRemote,
     * lxd/storage_volumes.go:540, the name :559-565, GetStoragePoolID :588 at
     * lxd-5.0.2; forwardedResponseToNode :1014, :1042, :1102 at lxd-5.21.7;
     * :986, :1014, :1070 at lxd-6.9; the access handler loads no pool):
     * an unknown or offline member is named first (seen live on 5.0.2: tools/live-random.py --gen 4 --seed
     * 1001, scenario 3 line 17).  The other volume requests are not
     * changed here: from 5.21 their access handler loads the pool first
     * (addStoragePoolVolumeDetailsToRequestContext). */
    gboolean create = op->kind == MS_OP_VOLUME_CREATE;

    if (op->kind == MS_OP_VOLUME_EDIT)
        return volume_edit(apply);
    if (!create && ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
        return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
    if (volume_post_forward_refused(apply))
        return FALSE;

    if (op->kind == MS_OP_VOLUME_CREATE) {
        MsContentType type = MS_CONTENT_FILESYSTEM;
        MsVolume *volume;
        g_autofree char *invalid = ms_name_check(MS_NAME_VOLUME, op->volume, apply->profile);

        /* the volume POST handler checks the name right after decoding */
        if (ms_apply_check(apply, MS_RULE_NAME_VOLUME, op->volume, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_VOLUME, 400, FALSE, g_steal_pointer(&invalid));
        /* then the pool (GetStoragePoolID :588 at lxd-5.0.2, :1102 at
         * lxd-5.21.7, :1070 at lxd-6.9) */
        if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);

        if (op->content_type != NULL)
            ms_content_type_from_string(op->content_type, &type);
        if (ms_rule_applies(MS_RULE_VOLUME_BAD_CONTENT_TYPE, apply->profile) &&
            ms_apply_check(apply, MS_RULE_VOLUME_BAD_CONTENT_TYPE, op->volume,
                           type == MS_CONTENT_ISO && !ms_profile_has(apply->profile, MS_FEATURE_ISO_VOLUMES)))
            return ms_apply_reject(apply, MS_RULE_VOLUME_BAD_CONTENT_TYPE);
        /* A volume without --target lands on the member that received the
         * request (the client's member), not on the least-loaded one. */
        if (!ms_pool_is_remote(pool))
            location = op->target != NULL ? op->target : apply->env->client;
        if (ms_apply_check(apply, MS_RULE_VOLUME_EXISTS, op->volume,
                           ms_cluster_lookup_volume(cluster, project, op->pool, op->volume,
                                                    location ? location : "") != NULL))
            return ms_apply_reject(apply, MS_RULE_VOLUME_EXISTS);
        /* a create with no source of content type iso (lxd/storage_volumes.go:1156
         * at lxd-5.21.7, :1124 at lxd-6.9; from 5.21.3 and 6.3) */
        if (ms_rule_applies(MS_RULE_VOLUME_ISO_EMPTY, apply->profile) &&
            ms_apply_check(apply, MS_RULE_VOLUME_ISO_EMPTY, op->volume, type == MS_CONTENT_ISO))
            return ms_apply_reject(apply, MS_RULE_VOLUME_ISO_EMPTY);
        /* the backend refuses before the driver runs (isStatusReady) */
        if (ms_rule_applies(MS_RULE_VOLUME_POOL_PENDING, apply->profile) &&
            ms_apply_check(apply, MS_RULE_VOLUME_POOL_PENDING, op->volume, pool->state == MS_POOL_PENDING))
            return ms_apply_reject(apply, MS_RULE_VOLUME_POOL_PENDING);
        volume = ms_volume_new(op->pool, op->volume, type, location);
        volume->project = g_strdup(project);
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(volume->config, op->keys->pdata[i], op->values->pdata[i]);
        /* CreateCustomVolume validates the config (lxd/storage/backend_lxd.go
         * :3270-3275 at lxd-5.0.2): the driver's rules, then its keys */
        if (ms_profile_is_incus(apply->profile) && !volume_rules_judged(apply, pool) &&
            incus_driver_keys_unread(apply, pool, op->keys)) {
            ms_volume_free(volume);
            return FALSE;
        }
        if (volume_rules_judged(apply, pool)) {
            /* Incus validates in VolumeDBCreate with the volume's own name
             * (internal/server/storage/backend.go:4642, utils.go:272-284 at
             * v6.0.4; live 6.0.4: 'Invalid option for volume "V" option
             * "volatile.idmap.last"') */
            g_autofree char *storage_name =
                ms_profile_is_incus(apply->profile) ? g_strdup(volume->name) : ms_volume_storage_name(volume);

            if (ms_volume_values_refused(apply, pool, storage_name, type, volume->config, FALSE) ||
                ms_volume_keys_refused(apply, pool, storage_name, type, volume->config, FALSE)) {
                ms_volume_free(volume);
                return FALSE;
            }
            /* a block volume passes cephfs's rules and its CreateVolume
             * refuses it (driver_cephfs_volumes.go:29-31 at lxd-5.0.2, :29-31
             * at lxd-6.9: ErrNotSupported, after the database entry): not
             * modelled */
            if (g_str_equal(pool->driver, "cephfs") && type != MS_CONTENT_FILESYSTEM) {
                ms_volume_free(volume);
                return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                     g_strdup_printf("migsim: not modelled for %s: a %s volume on a cephfs "
                                                     "pool (the driver does not support it)",
                                                     apply->profile->name, ms_content_type_to_string(type)));
            }
        }
        g_ptr_array_add(cluster->volumes, volume);
        return TRUE;
    }

    if (op->kind == MS_OP_VOLUME_SHOW && strchr(op->volume, '/') != NULL)
        return volume_snapshot_show(apply);
    {
        MsVolume *volume = volume_lookup_forwarded(apply);

        if (volume == NULL)
            return FALSE;
        switch (op->kind) {
        case MS_OP_VOLUME_DELETE: {
            if (ms_apply_check(apply, MS_RULE_VOLUME_IN_USE, op->volume, volume_in_use(cluster, volume)))
                return ms_apply_reject(apply, MS_RULE_VOLUME_IN_USE);
            g_ptr_array_remove(cluster->volumes, volume);
            ms_cluster_volumes_changed(cluster);
            return TRUE;
        }
        case MS_OP_VOLUME_SHOW:
            apply->outcome->output = volume_show(volume);
            return TRUE;
        case MS_OP_VOLUME_GET: {
            const char *value = ms_config_get(volume->config, op->keys->pdata[0]);
            apply->outcome->output = g_strdup_printf("%s\n", value ? value : "");
            return TRUE;
        }
        case MS_OP_VOLUME_SET:
        case MS_OP_VOLUME_UNSET:
            return volume_set(apply, volume);
        case MS_OP_VOLUME_RENAME:
            return volume_rename(apply, volume);
        case MS_OP_VOLUME_SNAPSHOT: {
            g_autofree char *name = NULL;

            /* the project's restrictions (storage_volumes_snapshot.go:134 at
             * lxd-5.0.2, before the volume is looked up; :123 at lxd-5.21.7,
             * after the pool is) */
            if (!ms_apply_project_volume_snapshots(apply))
                return FALSE;
            /* a snapshots.pattern of the volume's own is not followed */
            if (op->snapshot == NULL && ms_config_get(volume->config, "snapshots.pattern") != NULL)
                return ms_apply_fail(
                    apply, MS_RULE_NONE, 0, FALSE,
                    g_strdup_printf("migsim: not modelled for %s: a volume snapshot named by "
                                    "the volume's snapshots.pattern",
                                    apply->profile->name));
            name = op->snapshot != NULL ? g_strdup(op->snapshot) : volume_next_snapshot_name(volume);
            g_ptr_array_add(volume->snapshots, g_steal_pointer(&name));
            return TRUE;
        }
        default:
            g_assert_not_reached();
        }
    }
}

/* The size migsim takes every imported ISO image to have: a scenario names
 * a file that need not exist (docs/scenario-language.md), and LXD records
 * the bytes it received as the volume's size (CreateCustomVolumeFromISO,
 * lxd/storage/backend_lxd.go:8262 at lxd-5.21.7). */
#define MS_IMPORT_ISO_SIZE "1073741824"

static gboolean
volume_import_not_modelled(MsApply *apply, const char *what)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc storage volume import %s",
                                         apply->profile->name, what));
}

/* lxc storage volume import POOL FILE [NAME] [--type T] [--target M]
 * (cmdStorageVolumeImport.run, lxc/storage_volume.go:2242 at lxd-5.0.2,
 * :2861 at lxd-5.21.7, :2857 at lxd-6.9).  Only an ISO import is modelled:
 * a backup's index.yaml decides the volume's name, type and snapshots, and
 * a tarball's content is not read. */
gboolean
ms_apply_volume_import(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const MsPool *pool;
    const char *type = op->content_type;
    const char *location = NULL;
    MsVolume *volume;
    /* lxc has import --type (and the .iso heuristic) where it has the type
     * check: 5.16+, every 5.21.x and 6.x */
    gboolean has_type = ms_rule_applies(MS_RULE_VOLUME_IMPORT_TYPE, apply->profile);

    if (ms_profile_is_incus(apply->profile))
        return volume_import_not_modelled(apply, "(Incus's import is not read)");
    /* cobra parses the flags before the command runs */
    if (type != NULL && !has_type) {
        /* dead in lxd-5.21.x,lxd-6.x: their lxc has import --type (lxc/storage_volume.go:2845 at lxd-5.21.7) */
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, op->path, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, "--type");
    }
    if (!has_type)
        return volume_import_not_modelled(apply, "of a backup (every import is one at this release)");
    /* no --type: a FILE ending in .iso is an ISO image, anything else a
     * backup (lxc/storage_volume.go:2900-2911 at lxd-5.21.7) */
    if (type == NULL)
        type = g_str_has_suffix(op->path, ".iso") ? "iso" : "backup";
    {
        /* "tar" is a type from 5.21.5 and 6.6, where the rule's text names it */
        gboolean tar_known =
            strstr(ms_rule_format(MS_RULE_VOLUME_IMPORT_TYPE, apply->profile), "\"tar\"") != NULL;
        gboolean known = g_str_equal(type, "backup") || g_str_equal(type, "iso") ||
                         (tar_known && g_str_equal(type, "tar"));

        if (ms_apply_check(apply, MS_RULE_VOLUME_IMPORT_TYPE, op->path, !known))
            return ms_apply_reject(apply, MS_RULE_VOLUME_IMPORT_TYPE);
    }
    if (ms_apply_check(apply, MS_RULE_VOLUME_IMPORT_ISO_NAME, op->path,
                       g_str_equal(type, "iso") && (op->volume == NULL || *op->volume == '\0')))
        return ms_apply_reject(apply, MS_RULE_VOLUME_IMPORT_ISO_NAME);
    if (!g_str_equal(type, "iso"))
        return volume_import_not_modelled(apply, g_str_equal(type, "tar") ? "of a tarball" : "of a backup");
    /* the POST goes to storagePoolVolumesPost, as a create's */
    if (volume_post_forward_refused(apply))
        return FALSE;
    /* createStoragePoolVolumeFromISO (lxd/storage_volumes.go:2563 at
     * lxd-5.21.7, :2586 at lxd-6.9) loads the pool and checks the name in
     * the operation (CreateCustomVolumeFromISO); the texts those failures
     * reach the client with were not read */
    pool = ms_cluster_lookup_pool(cluster, op->pool);
    if (pool == NULL)
        return volume_import_not_modelled(apply, "into a pool that does not exist");
    {
        g_autofree char *invalid = ms_name_check(MS_NAME_VOLUME, op->volume, apply->profile);

        if (invalid != NULL)
            return volume_import_not_modelled(apply, "of an ISO under an invalid volume name");
    }
    if (pool->state == MS_POOL_PENDING)
        return volume_import_not_modelled(apply, "into a pending pool");
    if (!ms_pool_is_remote(pool))
        location = op->target != NULL ? op->target : apply->env->client;
    if (ms_cluster_lookup_volume(cluster, ms_cluster_volume_project(cluster, op->project), op->pool,
                                 op->volume, location ? location : "") != NULL)
        return volume_import_not_modelled(
            apply, "of an ISO under a volume name in use (the driver's HasVolume check, "
                   "lxd/storage/backend_lxd.go:8283-8289 at lxd-5.21.7)");
    /* CreateCustomVolumeFromISO asks limits.AllowVolumeCreation first
     * (lxd/storage/backend_lxd.go:8267-8269 at lxd-5.21.7) */
    ms_apply_project_limits_note(apply, op->project, FALSE);
    volume = ms_volume_new(op->pool, op->volume, MS_CONTENT_ISO, location);
    volume->project = g_strdup(ms_cluster_volume_project(cluster, op->project));
    ms_config_set(volume->config, "size", MS_IMPORT_ISO_SIZE);
    g_ptr_array_add(cluster->volumes, volume);
    ms_cluster_volumes_changed(cluster);
    return TRUE;
}
