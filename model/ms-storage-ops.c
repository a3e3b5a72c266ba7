/* migsim: custom volumes: create, delete, show, get, rename, snapshot and
 * import, and the look-ups the other volume handlers share
 * (ms-storage-private.h).  Storage pools are in ms-pool-ops.c, a volume's
 * set|unset|edit in ms-volume-set-ops.c, its copy|move in
 * ms-volume-copy-ops.c. */
#include "ms-names.h"
#include "ms-storage-private.h"
#include "ms-used-by.h"

#include <string.h>

/* Instances and profiles whose devices name @volume; an instance uses a
 * local volume only from the volume's own member. (element-type MsInstance) */
guint
ms_storage_volume_users(const MsCluster *cluster, const MsVolume *volume, gboolean *running)
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
gboolean
ms_storage_volume_in_profile(const MsCluster *cluster, const MsVolume *volume)
{
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];
        if (ms_profile_sees_volume(cluster, p, volume) && ms_devices_name_volume(p->devices, volume))
            return TRUE;
    }
    return FALSE;
}

gboolean
ms_storage_volume_in_use(const MsCluster *cluster, const MsVolume *volume)
{
    gboolean running;

    return ms_storage_volume_users(cluster, volume, &running) > 0 ||
           ms_storage_volume_in_profile(cluster, volume);
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

static gboolean
names_volume(MsDevice *dev, const MsVolume *volume)
{
    return g_strcmp0(ms_device_lookup_lit(dev, "pool"), volume->pool) == 0 &&
           g_strcmp0(ms_device_lookup_lit(dev, "source"), volume->name) == 0 &&
           g_strcmp0(ms_device_lookup_lit(dev, "path"), "/") != 0;
}

static void
rename_in_devices(MsDevices *devices, const MsVolume *volume, const char *new_name)
{
    MsDevicesIter iter;
    MsDevice *dev;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &dev))
        if (names_volume(dev, volume))
            ms_device_set(dev, "source", new_name);
}

/* An instance's devices may be shared with copies: take its own only when
 * one of them names the volume. */
static void
rename_in_instance(MsInstance *instance, const MsVolume *volume, const char *new_name)
{
    MsDevicesIter iter;
    MsDevice *dev;

    ms_devices_iter_init(&iter, instance->devices);
    while (ms_devices_iter_next(&iter, NULL, &dev)) {
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
        MsDevicesIter iter;
        GHashTableIter inst_iter;
        MsDevice *dev;
        gpointer value;
        gboolean names = FALSE;

        ms_devices_iter_init(&iter, profile->devices);
        while (!names && ms_devices_iter_next(&iter, NULL, &dev))
            names = names_volume(dev, volume);
        names = names && ms_profile_sees_volume(cluster, profile, volume);
        g_hash_table_iter_init(&inst_iter, cluster->instances);
        while (names && g_hash_table_iter_next(&inst_iter, NULL, &value)) {
            const MsInstance *inst = value;
            if (g_strcmp0(inst->project, profile->project) == 0 &&
                ms_instance_list_find(inst->profiles, profile->name, NULL))
                return TRUE;
        }
    }
    return FALSE;
}

/* The new name's quick checks of storagePoolVolumePost.  Incus from v6.0.5
 * and v6.16.0: validate.IsAPIName wrapped "Invalid storage volume name: %w",
 * as at creation (cmd/incusd/storage_volumes.go:1186-1189 at v6.0.6, :1071
 * at v6.16.0, :1340 at v7.3.0).  LXD's checks differ from the create's
 * at some releases ("No name provided" and a slash check at lxd-5.0.2,
 * lxd/storage_volumes.go:987-995; ValidVolumeName wrapped "Invalid volume
 * name %q: %w" at lxd-5.21.7 :1452-1455 and lxd-6.9 :1475-1478) and were
 * not read between: a name any of them may refuse is not modelled. */
static gboolean
volume_rename_name_checked(MsApply *apply, const char *name)
{
    if (ms_name_api_checked(apply->profile)) {
        g_autofree char *invalid = ms_name_check(MS_NAME_VOLUME, name, apply->profile);

        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (IsAPIName from v6.0.5 and v6.16.0) */
        if (ms_apply_check(apply, MS_RULE_NAME_VOLUME, name, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_VOLUME, 400, FALSE, g_steal_pointer(&invalid));
        return TRUE;
    }
    if (*name != '\0' && strpbrk(name, "/\\") == NULL && !g_str_equal(name, "..") && !ms_name_has_space(name))
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: renaming a volume to \"%s\" (the "
                                         "rename's name checks differ between releases and were not read "
                                         "at every one)",
                                         apply->profile->name, name));
}

/* Until lxd-5.0.3, 5.21.1 (and 5.1-5.20) storagePoolVolumePost refuses a new
 * name with a slash before it forwards the request or looks the volume up
 * (lxd/storage_volumes.go:993-995 at lxd-5.0.2, :40 of the function at
 * lxd-5.0.0, 5.0.3, 5.1, 5.20, 5.21.0 and 5.21.1; git grep): a rename of a
 * missing volume to such a name gets the name's refusal.  Seen live on
 * 5.0.2: tools/live-random.py --gen 20 --seed 20001 scenario 0 line 48,
 * "Storage volume names may not contain slashes" where migsim said
 * "Storage volume not found".  (The project check comes after the name's
 * at these releases too; migsim's comes first: a rename in a missing
 * project to such a name is answered with the project's refusal.)  Later
 * releases check the name after the request's volume details are loaded
 * (lxd-5.0.4 .. 5.0.9 and 5.21.2 call ValidVolumeName; 5.21.3+ load the
 * details in a middleware): their order is not read here. */
static gboolean
volume_rename_slash_first(MsApply *apply)
{
    static const MsReleases early =
        MS_REL_V5(MS_SPAN_50_UNTIL(4), MS_SPAN_5_FROM(1),
                  MS_SPAN_RANGE(MS_VERSION(5, 21, 0), MS_VERSION(5, 21, 2)), MS_SPAN_NONE);
    const char *new_name = apply->op->new_name;
    gboolean slash = new_name != NULL && strchr(new_name, '/') != NULL;

    /* Incus checks the new name first at every tag, before the project,
     * the forwarding and the volume's lookup: IsAPIName from v6.0.5 and
     * v6.16.0, then the slash (cmd/incusd/storage_volumes.go, in
     * storagePoolVolumePost: :39-40 of the function at v6.0.0 and v6.0.4,
     * :34-41 at v6.0.6, v6.16.0, v6.23.0 and v7.3.0); seen on the live
     * 6.0.4 cluster (tools/live-random.py --product incus --gen 20 --seed
     * 33311, scenario 0 line 75: a rename --target of a member without the
     * volume, where migsim said "Storage volume not found") */
    if (ms_profile_is_incus(apply->profile)) {
        if (new_name != NULL && ms_name_api_checked(apply->profile) &&
            !volume_rename_name_checked(apply, new_name))
            return FALSE;
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's order is below) */
        if (ms_apply_check(apply, MS_RULE_NAME_VOLUME, new_name, slash))
            return ms_apply_fail(apply, MS_RULE_NAME_VOLUME, 400, FALSE,
                                 g_strdup("Storage volume names may not contain slashes"));
        return TRUE;
    }
    if (!ms_releases_contain(&early, apply->profile->version))
        return TRUE;
    /* dead in lxd-5.21.2+,lxd-6.x: from lxd-5.21.2 and at every 6.x the
     * name is checked after the volume's lookup, at the rename's own site */
    if (ms_apply_check(apply, MS_RULE_NAME_VOLUME, new_name, slash))
        return ms_apply_fail(apply, MS_RULE_NAME_VOLUME, 400, FALSE,
                             g_strdup("Storage volume names may not contain slashes"));
    return TRUE;
}

/* storagePoolVolumePost: refuses while a running instance uses the volume,
 * then renames it and rewrites the devices of the instances (on the
 * volume's member) and of the profiles that use it. */
gboolean
ms_storage_volume_rename(MsApply *apply, MsVolume *volume)
{
    MsCluster *cluster = apply->cluster;
    const char *new_name = apply->op->new_name;
    gboolean running;
    GHashTableIter iter;
    gpointer value;

    if (!volume_rename_name_checked(apply, new_name))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_VOLUME_EXISTS, new_name,
                       ms_cluster_lookup_volume(cluster, volume->project, volume->pool, new_name,
                                                volume->location ? volume->location : "") != NULL))
        return ms_apply_reject(apply, MS_RULE_VOLUME_EXISTS);
    ms_storage_volume_users(cluster, volume, &running);
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
gboolean
ms_storage_volume_found(MsApply *apply, const MsVolume *volume)
{
    MsRuleId rule = apply->op->target != NULL ? MS_RULE_VOLUME_NOT_FOUND_TARGETED : MS_RULE_VOLUME_NOT_FOUND;

    /* check sites: VOLUME_NOT_FOUND VOLUME_NOT_FOUND_TARGETED */
    if (ms_apply_check(apply, rule, apply->op->volume, volume == NULL))
        return ms_apply_reject(apply, rule);
    return TRUE;
}

/* The volume a request names (--target's, or the only one of that name),
 * after the request is forwarded to its member; NULL once refused. */
MsVolume *
ms_storage_volume_lookup_named(MsApply *apply, const char *name)
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
    if (!ms_storage_volume_found(apply, volume))
        return NULL;
    /* a local volume's requests go to its member
     * (forwardedResponseIfVolumeIsRemote, lxd/storage_volumes.go:1768 at
     * lxd-5.0.2) */
    if (op->target == NULL && ms_apply_forward_refused(apply, name, volume->location))
        return NULL;
    return ms_cluster_volume_mut(apply->cluster, volume);
}

MsVolume *
ms_storage_volume_lookup_forwarded(MsApply *apply)
{
    return ms_storage_volume_lookup_named(apply, apply->op->volume);
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
    MsVolume *volume = ms_storage_volume_lookup_named(apply, parent);

    if (volume == NULL)
        return FALSE;
    if (!ms_storage_volume_found(
            apply, g_ptr_array_find_with_equal_func(volume->snapshots, slash + 1, g_str_equal, NULL) ? volume
                                                                                                     : NULL))
        return FALSE;
    /* lxc storage volume get POOL VOL/SNAP KEY sends the same request
     * (GetStoragePoolVolumeSnapshot: lxc/storage_volume.go:1090 at
     * lxd-5.0.2, :1321 at lxd-5.21.7, :1322 at lxd-6.9;
     * cmd/incus/storage_volume.go:1263 at v6.0.4, :1170 at v6.23.0, :1213
     * at v7.3.0), then prints the key of the snapshot's config, which
     * migsim does not keep (the volume's config when the snapshot was
     * taken): the same answers up to here, then "not modelled" */
    if (apply->op->kind == MS_OP_VOLUME_GET)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: the config of volume snapshot %s "
                                             "(migsim keeps only the names of volume snapshots)",
                                             apply->profile->name, apply->op->volume));
    apply->outcome->output = g_strdup_printf("name: %s\ncontent_type: %s\n", slash + 1,
                                             ms_content_type_to_string(volume->content_type));
    ms_outcome_add_note(apply->outcome,
                        "migsim keeps only the names of volume snapshots: their config, description and "
                        "dates are not modelled, so only name and content_type are printed");
    return TRUE;
}

static gboolean
volume_has_snapshot(const MsVolume *volume, const char *name)
{
    for (guint i = 0; i < volume->snapshots->len; i++)
        if (g_str_equal(volume->snapshots->pdata[i], name))
            return TRUE;
    return FALSE;
}

/* Whether a snapshot taken without a name follows the volume's
 * snapshots.pattern: storagePoolVolumeSnapshotsTypePost names it
 * "snap%d" by GetNextStorageVolumeSnapshotIndex at 5.0.0-5.0.3 and
 * 5.1-5.20 (lxd/storage_volumes_snapshot.go:164-167 at lxd-5.0.2; git show
 * at lxd-5.0.3, 5.1, 5.20), through volumeDetermineNextSnapshotName, which
 * reads the pattern, from lxd-5.0.4 and lxd-5.21.0 (:120 of the handler at
 * both; every 6.x).  Incus: ms_volume_snapshot_pattern_name. */
static gboolean
volume_snapshot_pattern_read(const MsProfile *profile)
{
    static const MsReleases pattern_read = { MS_SPAN_50_FROM(4), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL,
                                             MS_SPAN_NONE };

    return ms_releases_contain(&pattern_read, profile->version);
}

/* The pool's name check on a volume snapshot's name (pool.ValidateName:
 * lxd/storage_volumes_snapshot.go:186 at lxd-5.0.2 refuses '/' and white
 * space with the backend's texts, lxd/storage/backend_lxd.go:81-93; at
 * lxd-5.21.7 and lxd-6.9 drivers.ValidPoolName wrapped "Invalid pool name
 * %q: %w" also refuses a leading '.' or '-'; Incus from v6.0.5 and v6.16.0
 * validate.IsAPIName wrapped "Invalid storage volume snapshot name: %w",
 * cmd/incusd/storage_volumes_snapshot.go:249 at v6.0.6; Incus is modelled
 * exactly, NAME.VOLUME_SNAPSHOT).  LXD 5.0.1-5.0.x and 5.1-5.20 share
 * one body (NAME.VOLUME_SNAPSHOT's LXD rows); at 5.21.x and 6.x, where the
 * check and the handler's order changed more than once, a name any of
 * them could refuse is said to be not modelled rather than taken. */
static gboolean volume_snapshot_name_unsuspect(MsApply *apply, const char *name);

gboolean
ms_storage_volume_snapshot_name_modelled(MsApply *apply, const char *name)
{
    if (ms_profile_is_incus(apply->profile)) {
        /* Incus' checks per release, read at every tag and seen live at
         * 6.0.4 (ms_name_volume_snapshot_error, NAME.VOLUME_SNAPSHOT);
         * Incus checks whether the name is taken first, which a name these
         * checks refuse never is */
        g_autofree char *invalid = ms_name_volume_snapshot_error(name, apply->profile);

        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's check is below) */
        if (ms_apply_check(apply, MS_RULE_NAME_VOLUME_SNAPSHOT, name, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_VOLUME_SNAPSHOT, 400, FALSE, g_steal_pointer(&invalid));
        return TRUE;
    }

    /* LXD 5.0.1+ and 5.1-5.20: lxdBackend.ValidateName, '/' then white
     * space (NAME.VOLUME_SNAPSHOT's LXD rows); a leading '.' or '-' passes */
    if (ms_rule_applies(MS_RULE_NAME_VOLUME_SNAPSHOT, apply->profile) &&
        !ms_rule_unmodelled(MS_RULE_NAME_VOLUME_SNAPSHOT, apply->profile)) {
        g_autofree char *invalid = ms_name_volume_snapshot_error(name, apply->profile);

        /* dead in lxd-5.21.x,lxd-6.x: 5.0.x and 5.1-5.20 only (their texts and order not modelled) */
        if (ms_apply_check(apply, MS_RULE_NAME_VOLUME_SNAPSHOT, name, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_VOLUME_SNAPSHOT, 400, FALSE, g_steal_pointer(&invalid));
        return TRUE;
    }

    return volume_snapshot_name_unsuspect(apply, name);
}

/* A volume snapshot name a release's pool check may refuse ('/', a leading
 * '.' or '-', white space) is said to be not modelled; TRUE otherwise. */
static gboolean
volume_snapshot_name_unsuspect(MsApply *apply, const char *name)
{
    gboolean suspect =
        strchr(name, '/') != NULL || name[0] == '.' || name[0] == '-' || ms_name_has_space(name);

    if (!suspect)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: the volume snapshot name \"%s\" (the "
                                         "pool's name check refuses some such names, with texts that "
                                         "changed between releases)",
                                         apply->profile->name, name));
}

/* The new name of a volume snapshot's rename.  LXD's rename handler checks
 * no more than '/' and an empty name at 5.0.0-5.0.3 and 5.1-5.20
 * (storagePoolVolumeSnapshotTypePost, lxd/storage_volumes_snapshot.go
 * :536-541 at lxd-5.0.2; storagePools.ValidVolumeName from lxd-5.0.4), and
 * RenameCustomVolumeSnapshot does not call ValidateName
 * (lxd/storage/backend_lxd.go:4407-4455 at lxd-5.0.2, :5624-5670 at
 * lxd-5.20): NAME.VOLUME_SNAPSHOT's LXD rows are the create's only; what
 * the pool's driver makes of white space is not modelled.  Incus as for a
 * create (ms_storage_volume_snapshot_name_modelled). */
gboolean
ms_storage_volume_snapshot_new_name_modelled(MsApply *apply, const char *name)
{
    if (ms_profile_is_incus(apply->profile))
        return ms_storage_volume_snapshot_name_modelled(apply, name);
    return volume_snapshot_name_unsuspect(apply, name);
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

/* The verbs whose lxc refuses a volume name of more than two '/'-separated
 * fields itself (CLI.VOLUME_SNAPSHOT_NAME_FIELDS); delete splits at the
 * first '/' only, snapshot, copy and move parse it otherwise.  The incus
 * client (until 6.22) splits in get, set, unset and edit only: its show
 * and rename send the name whole (cmd/incus/storage_volume.go:2180-2189
 * show at v6.0.4). */
static gboolean
volume_name_fields_refused(const MsOp *op, gboolean incus)
{
    const char *slash = op->volume != NULL ? strchr(op->volume, '/') : NULL;

    if (slash == NULL || strchr(slash + 1, '/') == NULL)
        return FALSE;
    switch (op->kind) {
    case MS_OP_VOLUME_SHOW:
    case MS_OP_VOLUME_RENAME:
        return !incus;
    case MS_OP_VOLUME_GET:
    case MS_OP_VOLUME_SET:
    case MS_OP_VOLUME_UNSET:
    case MS_OP_VOLUME_EDIT:
        return TRUE;
    default:
        return FALSE;
    }
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

    /* lxc storage volume show|get|set|unset|edit|rename POOL VOL/SNAP/X:
     * lxc splits the name at every '/' and refuses more than two fields
     * before any request (lxc/storage_volume.go:1832, :1078, :1746, :891,
     * :1625 at lxd-5.0.2; :2323, :1310, :2173, :1093, :2026 at lxd-5.21.7;
     * :2320, :1311, :2172, :1089, :2022 at lxd-6.9; every 5.x tag).  The
     * incus client's get, set, unset and edit refuse it until 6.22
     * (cmd/incus/storage_volume.go:1252, :2029, :1035 at v6.0.4; the rule's
     * Incus row); from 6.23 its usage parser reads the name (not this
     * rule). */
    if (ms_rule_applies(MS_RULE_CLI_VOLUME_SNAPSHOT_NAME_FIELDS, apply->profile) &&
        ms_apply_check(apply, MS_RULE_CLI_VOLUME_SNAPSHOT_NAME_FIELDS, op->volume,
                       volume_name_fields_refused(op, ms_profile_is_incus(apply->profile))))
        return ms_apply_reject(apply, MS_RULE_CLI_VOLUME_SNAPSHOT_NAME_FIELDS);
    if (op->kind == MS_OP_VOLUME_EDIT)
        return ms_storage_volume_edit(apply);
    if (op->kind == MS_OP_VOLUME_RESTORE && !ms_storage_volume_restore_parsed(apply))
        return FALSE;
    /* incus storage volume snapshot delete|rename|show (ms-volume-snapshot.c) */
    if (op->incus_snapshot_form != MS_INCUS_SNAPSHOT_NONE)
        return ms_volume_snapshot_incus_verb(apply);
    /* incus storage volume rename|delete POOL VOL/SNAP: refused before the
     * pool is loaded (ms-volume-snapshot.c) */
    if ((op->kind == MS_OP_VOLUME_RENAME || op->kind == MS_OP_VOLUME_DELETE) && op->volume != NULL &&
        strchr(op->volume, '/') != NULL && ms_profile_is_incus(apply->profile))
        return ms_volume_snapshot_incus(apply);
    /* lxc storage volume set|unset of VOLUME/SNAPSHOT: lxc refuses before
     * any request (lxc/storage_volume.go:1752 at lxd-5.0.2, :2208 at
     * lxd-5.21.7, :2212 at lxd-6.9; --property is not a migsim flag) */
    if (ms_apply_check(apply, MS_RULE_CLI_VOLUME_SNAPSHOT_READONLY, op->volume,
                       (op->kind == MS_OP_VOLUME_SET || op->kind == MS_OP_VOLUME_UNSET) &&
                           op->volume != NULL && strchr(op->volume, '/') != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_VOLUME_SNAPSHOT_READONLY);
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
        /* AllowVolumeCreation (lxd/storage_volumes.go:601 at lxd-5.0.2,
         * :1113 at lxd-5.21.7, :1081 at lxd-6.9) */
        {
            g_autoptr(GHashTable) request = ms_config_new();
            for (guint i = 0; i < op->keys->len; i++)
                ms_config_set(request, op->keys->pdata[i], op->values->pdata[i]);
            /* the storage project (StorageVolumeProject,
             * lxd/storage_volumes.go:535 at lxd-5.0.2, :980 at lxd-6.9):
             * the default one where the project has no
             * features.storage.volumes */
            if (!ms_apply_project_aggregate_volume(apply, project, op->volume, op->pool, request, TRUE))
                return FALSE;
        }

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
        if (ms_profile_is_incus(apply->profile) && !ms_storage_volume_rules_judged(apply, pool) &&
            ms_storage_incus_driver_keys_unread(apply, pool, op->keys)) {
            ms_volume_free(volume);
            return FALSE;
        }
        if (ms_profile_is_derived(apply->profile)) {
            g_autofree char *storage_name = ms_volume_storage_name(volume);

            if (ms_storage_derived_volume_keys_refused(apply, pool, storage_name, type, volume->config,
                                                       op->keys)) {
                ms_volume_free(volume);
                return FALSE;
            }
        }
        if (ms_storage_volume_rules_judged(apply, pool)) {
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

    if ((op->kind == MS_OP_VOLUME_SHOW || op->kind == MS_OP_VOLUME_GET) && strchr(op->volume, '/') != NULL)
        return volume_snapshot_show(apply);
    if (op->kind == MS_OP_VOLUME_RENAME && strchr(op->volume, '/') != NULL)
        return ms_volume_snapshot_rename(apply);
    if (op->kind == MS_OP_VOLUME_DELETE && strchr(op->volume, '/') != NULL)
        return ms_volume_snapshot_delete(apply);
    if (op->kind == MS_OP_VOLUME_RENAME && strchr(op->volume, '/') == NULL &&
        !volume_rename_slash_first(apply))
        return FALSE;
    /* lxc GETs the volume before it posts a snapshot, at every LXD release
     * (cmdStorageVolumeSnapshot, lxc/storage_volume.go:1966 at lxd-5.0.2,
     * :2520 at lxd-5.21.7, :2514 at lxd-6.9): a missing volume is refused
     * before the name is read (seen live on 5.0.2: 'x/y' of a volume never
     * created, "Storage pool volume not found", tools/live-random.py --gen
     * 20 --seed 35002 scenario 0 line 34).  Seed 20005's name refusal for a
     * volume migsim thought gone (--target m3) must have met a volume that
     * existed there live: its GET would have failed otherwise. */
    {
        MsVolume *volume = ms_storage_volume_lookup_forwarded(apply);

        if (volume == NULL)
            return FALSE;
        switch (op->kind) {
        case MS_OP_VOLUME_DELETE: {
            if (ms_apply_check(apply, MS_RULE_VOLUME_IN_USE, op->volume,
                               ms_storage_volume_in_use(cluster, volume)))
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
            /* from lxd-5.21.0 and 6.1 every custom volume gets a random
             * volatile.uuid at its creation, whatever it was given
             * (GetNewVolume, lxd/storage/backend_lxd.go:253-258 at
             * lxd-5.21.7, :359-364 at lxd-6.9; absent at every 5.0.x and
             * 5.1-5.20 tag, git grep): its value is LXD's, never empty
             * (test/suites/storage_snapshots.sh:71 at lxd-6.9 reads it) */
            static const MsReleases random_uuid = MS_REL_NOT_50;
            if (g_str_equal(op->keys->pdata[0], "volatile.uuid") &&
                ms_releases_contain(&random_uuid, apply->profile->version))
                return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                     g_strdup_printf("migsim: not modelled for %s: the random volatile.uuid "
                                                     "LXD gives custom volume %s at its creation",
                                                     apply->profile->name, volume->name));
            apply->outcome->output = g_strdup_printf("%s\n", value ? value : "");
            return TRUE;
        }
        case MS_OP_VOLUME_SET:
        case MS_OP_VOLUME_UNSET:
            return ms_storage_volume_set(apply, volume);
        case MS_OP_VOLUME_RENAME:
            return ms_storage_volume_rename(apply, volume);
        case MS_OP_VOLUME_RESTORE:
            return ms_storage_volume_restore(apply, volume);
        case MS_OP_VOLUME_SNAPSHOT: {
            g_autofree char *name = NULL;

            /* the project's restrictions (storage_volumes_snapshot.go:134 at
             * lxd-5.0.2, before the volume is looked up; :123 at lxd-5.21.7,
             * after the pool is) */
            if (!ms_apply_project_volume_snapshots(apply))
                return FALSE;
            /* a snapshots.pattern of the volume's own: PREFIX%d is followed */
            if (op->snapshot != NULL)
                name = g_strdup(op->snapshot);
            else if (ms_config_get(volume->config, "snapshots.pattern") != NULL &&
                     volume_snapshot_pattern_read(apply->profile))
                name = ms_volume_snapshot_pattern_name(apply, volume,
                                                       ms_config_get(volume->config, "snapshots.pattern"));
            else
                name = ms_volume_snapshot_default_name(cluster, volume);
            if (name == NULL)
                return FALSE;
            if (!ms_storage_volume_snapshot_name_modelled(apply, name))
                return FALSE;
            /* storagePoolVolumeSnapshotsTypePost, after the name check
             * (lxd/storage_volumes_snapshot.go:198 at lxd-5.0.2, :207 at
             * lxd-5.21.7, :204 at lxd-6.9) */
            if (ms_apply_check(apply, MS_RULE_VOLUME_SNAPSHOT_EXISTS, name,
                               volume_has_snapshot(volume, name)))
                return ms_apply_reject(apply, MS_RULE_VOLUME_SNAPSHOT_EXISTS, name);
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
