/* migsim: instances (containers and virtual machines) and profiles. */
#pragma once

#include <glib.h>

#include "ms-config.h"

G_BEGIN_DECLS

typedef enum {
    MS_INSTANCE_CONTAINER,
    MS_INSTANCE_VM,
} MsInstanceType;

typedef enum {
    MS_INSTANCE_STOPPED,
    MS_INSTANCE_RUNNING,
} MsInstanceStatus;

/* What an instance's next cluster move meets of the copy an earlier one
 * left (MsInstance.move_copy_left).  The copy is named after the
 * instance's volatile.uuid, which migsim does not hold: once that key is
 * set by hand the next move's name may or may not be the copy's; once it
 * is removed, or the instance is in another project, the next move makes
 * a new name (MoveTemporaryName generates a new volatile.uuid when it is
 * unset, lxd/instance/instance_utils.go:1076-1082 at lxd-5.0.2). */
typedef enum {
    MS_MOVE_COPY_NONE = 0,
    MS_MOVE_COPY_SAME_NAME, /* the next move's temporary name is the copy's */
    MS_MOVE_COPY_UUID_SET,  /* volatile.uuid was set since: not known */
} MsMoveCopyLeft;

typedef struct {
    /* Points into the instance's own block (@name_inline), so never freed or
     * replaced: a rename is ms_instance_copy_named.  A million instances in
     * the rolling bench: no 32-byte chunk of its own per name. */
    char *name;
    /* ms_str_intern_forever's (a cluster has few member names): set it
     * with ms_instance_set_location, never free it */
    const char *location;
    char *project;              /* NULL: the default project */
    MsConfigMap *config;        /* local config, volatile keys included */
    MsDevices *devices;         /* local devices */
    const GPtrArray *profiles;  /* (element-type utf8) in application order */
    const GPtrArray *snapshots; /* (element-type utf8) in creation order */
    /* snapshot name -> MsInstanceSnapshot: what each snapshot holds besides
     * its disk, for those taken in this run; NULL or absent: not known
     * (state files and imports carry names only) */
    GHashTable *snapshot_records;
    /* The small fields after the pointers, so that @name_inline starts at
     * byte 77 (x86-64) and malloc's 96-byte chunk holds a name of up to 11
     * bytes (the rolling bench's are 8); the flags are bit-fields, set only
     * from boolean expressions. */
    guint n_backups;
    /* The number ms_cluster_add_instance gave @profiles in its cluster
     * (MsClusterPriv.profile_lists; 0: none), so that ms-cluster-expand.c
     * finds the list's profile layers by it, not by hashing the names.  A
     * hint, not content: checked against the list itself on every use;
     * copied with the shared list. */
    guint16 profile_list_id;
    MsInstanceType type : 8;
    MsInstanceStatus status : 8;
    /* LXD's stateful flag (instances.stateful): a VM stopped with `lxc stop
     * --stateful` keeps its state until the next start, which lxc makes a
     * stateful one unless --stateless (lxc/action.go:235 at lxd-5.0.2, :263
     * at lxd-5.21.7, :259 at lxd-6.9); any start clears it
     * (driver_qemu.go:1296,1561 at lxd-5.0.2, :1558,1817 at lxd-5.21.7) and
     * a move keeps it (instance_post.go:683 at lxd-5.21.7). */
    guint stateful : 1;
    /* ms_instance_copy shares config and devices with the copy instead of
     * duplicating them (copies are what the explorer and preflight make
     * most); a shared map is copied before its first change.  So once an
     * instance has been copied, its devices are changed only through
     * ms_instance_own_devices (or replaced whole); the config map copies
     * itself (ms_config_map_set).  (Beside the other small fields: the
     * struct is one per instance, a million in the rolling bench.) */
    guint devices_shared : 1;
    /* The container's volume holds a state directory: a stateful stop
     * refused for CRIU made it before Migrate's check (driver_lxc.go:
     * 2562-2569, :4966-4968 at lxd-5.0.2; :2750-2773 at lxd-5.21.7), and a
     * later restore of the stopped container fails on it
     * (SNAPSHOT.RESTORE_CRIU_STATE).  A start (startCommon, :2201-2202) and
     * a forced stop (Stop(false), :2604-2605) remove it, a shutdown does
     * not; a snapshot carries it (the volume is copied whole). */
    guint state_dir_left : 1;
    /* That refusal returned between the volume's mount and its unmount, so
     * the member's mount reference count stays up (driver_lxc.go:3455-3474
     * at lxd-5.0.2): a later restore's unmount fails with "In use" on the
     * dir driver (driver_dir_volumes.go:391-395; seen live on 5.0.2), and
     * other drivers differ.  Later restores are not modelled. */
    guint restore_mount_leaked : 1;
    /* An `lxc file` command ran on the stopped instance in this run: LXD
     * serves it from a forkfile process that mounts the rootfs and goes
     * away in the background, and a rename racing that clean-up fails on
     * zfs before 6.9 (LXD #18224; Rename waits for it from 6.9,
     * lxd/instance/drivers/driver_lxc.go:3574-3580 at lxd-6.9, commit
     * 306fa98558).  A start clears it. */
    guint file_ops_pending : 1;
    /* A container whose local config an `lxc rebuild` wrote: rebuildCommon
     * deleted volatile.idmap.next and volatile.last_state.idmap, which
     * migsim does not hold (ms-rebuild-ops.c rebuild_config), so whether
     * LXD holds them again (a start that shifts the root filesystem writes
     * the second, an ID-map change the first) is not followed.  Never
     * cleared. */
    guint idmap_keys_rebuilt : 1;
    /* A running container's ID map as its keys gave it at its start in
     * this run (ms-device-runtime.c's IdmapKind + 1), 0 when not known
     * (stopped, or running in a loaded state): LXD keeps the map of the
     * start (volatile.idmap.current) while a key change only sets the next
     * one (driver_lxc.go:4188-4222 at lxd-5.0.2). */
    guint8 idmap_at_start;
    /* @profiles and @snapshots are shared with a copy (ms_instance_copy):
     * changed only through ms_instance_profiles_mut and
     * ms_instance_snapshots_mut, which give the instance its own first.  The
     * build refuses a write through the const arrays
     * (-Werror=discarded-qualifiers).  Bookkeeping, not content, like
     * @devices_shared. */
    guint8 profiles_shared;
    guint8 snapshots_shared;
    /* A cluster move at a release that copies (MS_FEATURE_MOVE_COPY_RENAME)
     * left its copy on the target, named lxd-move-of-<volatile.uuid>, when
     * the source's delete was refused (MOVE.DELETE_PROTECTED): the next
     * such move of this instance makes the same name and its record
     * creation fails (MOVE.TEMP_COPY_EXISTS).  MsMoveCopyLeft. */
    guint8 move_copy_left;
    char name_inline[]; /* @name's bytes */
} MsInstance;

/* What a snapshot holds besides its disk: the instance's local config and
 * local devices at snapshot time (snapshotCommon, driver_common.go:591-594
 * at lxd-5.0.2, :975-978 at lxd-6.9).  A snapshot has no profiles of its
 * own: LXD loads the parent instance's (instanceProfilesFill, the
 * instances_snapshots join, lxd/db/instances.go:470-490 at lxd-5.0.2, :540
 * at lxd-5.21.7 and lxd-6.9).  Never changed once taken. */
typedef struct {
    MsConfigMap *config;
    MsDevices *devices;
    gboolean state_dir; /* the instance's state_dir_left when it was taken */
} MsInstanceSnapshot;

/* Records @snapshot as @instance's config and devices now (shared). */
void ms_instance_record_snapshot(MsInstance *instance, const char *snapshot);
/* Records @snapshot of @instance as holding what @from holds (a copied
 * snapshot; shared, never changed). */
void ms_instance_adopt_snapshot(MsInstance *instance, const char *snapshot, const MsInstanceSnapshot *from);
/* Drops @snapshot's record, or files it under @new_name when not NULL. */
void ms_instance_forget_snapshot(MsInstance *instance, const char *snapshot, const char *new_name);
/* (transfer none) NULL when not known */
const MsInstanceSnapshot *ms_instance_lookup_snapshot(const MsInstance *instance, const char *snapshot);

MsInstance *ms_instance_new(const char *name, MsInstanceType type, const char *location);
/* Sets the location of an instance not in a cluster (in a cluster:
 * ms_cluster_set_instance_location). */
void ms_instance_set_location(MsInstance *instance, const char *location);
/* Shares @instance's config, devices, profile and snapshot lists (which
 * marks them shared in both): preflight copies 100,000 instances per
 * full-state trial, and most are never changed in the copy. */
MsInstance *ms_instance_copy(const MsInstance *instance);
/* The same with the name @name (a rename: the cluster indexes instances by
 * name, and @name lives in the instance's own block). */
MsInstance *ms_instance_copy_named(const MsInstance *instance, const char *name);
/* The instance's profile names (snapshot names), copied first if shared,
 * for changing in place. */
GPtrArray *ms_instance_profiles_mut(MsInstance *instance);
GPtrArray *ms_instance_snapshots_mut(MsInstance *instance);
/* Whether @list (an instance's profile or snapshot names) holds @name; its
 * position in *@index when not NULL. */
gboolean ms_instance_list_find(const GPtrArray *list, const char *name, guint *index);
/* Sets (@value NULL: removes) a local config key. */
void ms_instance_set_config(MsInstance *instance, const char *key, const char *value);
const char *ms_instance_get_config(const MsInstance *instance, const char *key);
/* Drops the volatile idmap keys a container's create writes itself over
 * whatever the request carried; a no-op for a VM. */
void ms_instance_forget_created_idmap(MsInstance *instance);
/* (transfer full) the local config as a config table (ms_config_new) */
GHashTable *ms_instance_config_table(const MsInstance *instance);
/* Replaces the local config by @config's pairs; @config is consumed.  In a
 * cluster, use ms_cluster_replace_instance_config. */
void ms_instance_replace_config(MsInstance *instance, GHashTable *config);
/* The instance's devices, copied first (device maps included) if shared,
 * for changing in place. */
MsDevices *ms_instance_own_devices(MsInstance *instance);
void ms_instance_free(MsInstance *instance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsInstance, ms_instance_free)

const char *ms_instance_type_to_string(MsInstanceType type);       /* "container" */
const char *ms_instance_type_to_label(MsInstanceType type);        /* "CONTAINER" (lxc list) */
const char *ms_instance_status_to_string(MsInstanceStatus status); /* "RUNNING" */
const char *ms_instance_status_to_api(MsInstanceStatus status);    /* "Running" */
gboolean ms_instance_status_from_string(const char *text, MsInstanceStatus *status);

typedef struct {
    char *name;
    char *project; /* NULL: the default project */
    GHashTable *config;
    MsDevices *devices;
} MsProfileEntity;

MsProfileEntity *ms_profile_entity_new(const char *name);
MsProfileEntity *ms_profile_entity_copy(const MsProfileEntity *profile);
void ms_profile_entity_free(MsProfileEntity *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsProfileEntity, ms_profile_entity_free)

G_END_DECLS
