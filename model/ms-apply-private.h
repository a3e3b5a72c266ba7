/* migsim: shared by the operation modules of model/ (not installed API). */
#pragma once

#include "ms-apply.h"
#include "ms-config.h"

G_BEGIN_DECLS

/* CreateInternal: validation errors of a new instance record (init, copy)
 * are wrapped once (lxd/instance.go:158 at lxd-5.21.7) */
#define MS_CREATE_RECORD_ERROR "Failed creating instance record: %s"

struct _MsApply {
    MsCluster *cluster;
    MsEnv *env;
    const MsProfile *profile;
    const MsOp *op;
    MsOutcome *outcome;
    /* the instance lxc's own check could not read (lxc delete's
     * instancesExist), which its wrapper names; NULL otherwise */
    const char *client_subject;
    gboolean client_subject_snapshot; /* ... and it is a snapshot, PARENT/SNAP */
    /* the instance whose delete request failed (lxc delete's doDelete),
     * which lxc's wrapper names; NULL otherwise */
    const char *deleting;
    /* lxc init/launch: the instance was there before the request (a
     * launch's create refused, not its start); set by ms_cluster_apply */
    gboolean init_existed;
};

/* Marks the outcome failed with LXD's text; @message is consumed.  Always
 * returns FALSE so handlers can `return ms_apply_fail(...)`. */
gboolean ms_apply_fail(MsApply *apply, MsRuleId rule, guint http_status, gboolean async, char *message);
/* Has a container volatile.idmap.current, written at its first start
 * (ms-config-ops.c)? */
gboolean ms_instance_has_idmap_current(const MsInstance *instance);
/* ms_apply_fail with what @rejection holds (its message is consumed). */
gboolean ms_apply_fail_rejection(MsApply *apply, MsRejection *rejection, gboolean async);
/* ms_apply_fail with the rule's own text formatted with the string
 * arguments; the status and whether the error is async come from the rule
 * table (ms-rules.def): ms_apply_reject(apply, MS_RULE_X, name). */
gboolean ms_apply_reject_strv(MsApply *apply, MsRuleId rule, gboolean async, const char *const *args);
/* clang-format off */
#define ms_apply_reject(apply, rule, ...)                                    \
    ms_apply_reject_strv((apply), (rule), ms_rule_def(rule)->refuser == MS_REFUSER_OPERATION, \
                         (const char *const[]){ "", ##__VA_ARGS__, NULL } + 1)
/* clang-format on */
/* ... for a check LXD makes both in the handler and in the operation
 * (@async: in the operation this time). */
/* clang-format off */
#define ms_apply_reject_async(apply, rule, async, ...)                       \
    ms_apply_reject_strv((apply), (rule), (async), (const char *const[]){ "", ##__VA_ARGS__, NULL } + 1)
/* clang-format on */
/* ms_env_check on the apply's env */
#define ms_apply_check(apply, rule, subject, failed) \
    ms_apply_check_at((apply), (rule), (subject), (failed), __FILE__, __LINE__)
static inline gboolean
ms_apply_check_at(MsApply *apply, MsRuleId rule, const char *subject, gboolean failed, const char *file,
                  guint line)
{
    return ms_env_check_at(apply->env, rule, subject, failed, file, line);
}

/* ---- restricted projects (ms-project-restrict.c) ---- */
/* AllowSnapshotCreation, AllowBackupCreation for project @project_name */
gboolean ms_apply_project_snapshots(MsApply *apply, const char *project_name);
gboolean ms_apply_project_backups(MsApply *apply, const char *project_name);
/* AllowInstanceUpdate's restriction checks with @changed (a copy holding
 * the new config or devices) in place of the instance of its name;
 * @config_keys: the op's keys are instance config keys */
gboolean ms_apply_project_instance_update(MsApply *apply, const MsInstance *changed, gboolean config_keys);
/* AllowInstanceCreation's restriction checks for @created; @targeted: the
 * request names a member (--target M) */
gboolean ms_apply_project_instance_create(MsApply *apply, const MsInstance *created, gboolean targeted);
/* A request into the restricted project @project_name whose restriction
 * check migsim does not run (@what, LXD's check at @where): FALSE after
 * saying "not modelled"; TRUE when the project is not restricted. */
/* lxc storage volume snapshot: AllowSnapshotCreation of the volume's
 * project (lxd/storage_volumes_snapshot.go:134 at lxd-5.0.2, :123 at
 * lxd-5.21.7); FALSE when refused. */
gboolean ms_apply_project_volume_snapshots(MsApply *apply);
/* lxc profile set|unset|device add|remove in the project @project_name,
 * with @profile's new config and devices in place: FALSE when refused. */
gboolean ms_apply_project_profile_update(MsApply *apply, const char *project_name,
                                         const MsProfileEntity *profile);
/* AllowProjectUpdate's restriction check of @project's instances and
 * profiles against its new @config (PROJECT.RESTRICT_CONFLICT_WRAP, LXD
 * only); @changed_limits: the update also changes limits.* keys.  FALSE
 * when refused. */
gboolean ms_apply_project_update_restrictions(MsApply *apply, const MsProject *project, GHashTable *config,
                                              gboolean changed_limits);
gboolean ms_apply_project_move_in(MsApply *apply, const MsInstance *instance, const char *project_name);
gboolean ms_apply_project_unchecked(MsApply *apply, const char *project_name, const char *what,
                                    const char *where);

/* ---- device validation (ms-devices.c) ---- */
typedef enum {
    MS_VALIDATE_STATIC,   /* ValidDevices: no instance, empty expanded config */
    MS_VALIDATE_INSTANCE, /* device.New(inst): expanded config, pool loaded */
} MsValidateMode;

/* A nic's address conflict (checkAddressConflict's 409): not answered
 * (the default), refused (a user's device add or update, a start), or
 * skipped with the device (a new instance's devicesAdd) */
typedef enum {
    MS_NIC_CONFLICT_UNMODELLED,
    MS_NIC_CONFLICT_REFUSE,
    MS_NIC_CONFLICT_SKIP,
} MsNicConflictMode;

typedef struct {
    const MsCluster *cluster;
    MsEnv *env;
    MsValidateMode mode;
    const char *instance_name; /* NULL for a profile */
    MsInstanceType type;
    const char *member;         /* where the instance lives (volume lookups) */
    const char *project;        /* the instance's or profile's project (volume lookups) */
    gboolean stateful;          /* expanded migration.stateful is true (instance mode) */
    MsDevices *sibling_devices; /* the device set the device belongs to */
    /* the instance's local devices, which LXD's duplicate-path check counts
     * (instConf.LocalDevices()); NULL: sibling_devices */
    MsDevices *local_devices;
    gboolean for_profile;
    /* a validation with the expanded set (instConf.ExpandedDevices() not
     * empty), where a nic's name= is checked against every nic's
     * (NIC.NAME_DUPLICATE), and the name= two nics of it share, if any */
    gboolean check_nic_names;
    const char *duplicate_nic_name;
    /* what a nic's address conflict (409) does here */
    MsNicConflictMode conflicts;
} MsDeviceContext;

/* ---- custom volume users (ms-volume-users.c) ---- */
/* Whether an instance other than @self (and, if given, not on member
 * @other_than_member) uses @volume through its expanded devices. */
gboolean ms_cluster_volume_used_elsewhere(const MsCluster *cluster, const MsVolume *volume, const char *self,
                                          const char *other_than_member);
/* (transfer container) the instances other than @except (by name and project) that use
 * @volume (ms_cluster_instance_uses_volume), in no defined order: through
 * the users index, O(users), not a scan of every instance. */
GPtrArray *ms_cluster_volume_users(const MsCluster *cluster, const MsVolume *volume,
                                   const MsInstance *except);
/* The volumes named @name in creation order (the order of
 * cluster->volumes): their number (0: none), and in *@volumes an array of
 * them (transfer none), valid until the cluster's volumes or @one change;
 * @one is the storage of an array of one. */
guint ms_cluster_volumes_named(const MsCluster *cluster, const char *name, MsVolume *const **volumes,
                               MsVolume **one);
/* Drops the index: call after an instance is added or removed or an
 * instance's device map changes. */
void ms_cluster_volume_users_changed(const MsCluster *cluster);
/* (ms-cluster.c) where the index lives; NULL until built */
GHashTable **ms_cluster_volume_users_slot(const MsCluster *cluster);
/* ---- custom volumes per project (ms-volume-project.c) ---- */
/* (transfer full) the name the storage drivers give @volume, PROJECT_NAME */
char *ms_volume_storage_name(const MsVolume *volume);
/* Does a custom volume live in @project (not the default one)? */
gboolean ms_cluster_project_holds_volumes(const MsCluster *cluster, const char *project);
/* Do the disks of @profile, of @instance, find @volume (their project's
 * storage project is the volume's)? */
gboolean ms_profile_sees_volume(const MsCluster *cluster, const MsProfileEntity *profile,
                                const MsVolume *volume);
gboolean ms_instance_sees_volume(const MsCluster *cluster, const MsInstance *instance,
                                 const MsVolume *volume);
/* A volume command in a project that does not exist: not modelled.  TRUE
 * when refused. */
gboolean ms_apply_volume_project_unknown(MsApply *apply);

/* volumes by name, for ms_cluster_lookup_volume (ms-volume-users.c) */
typedef struct MsVolumeIndex MsVolumeIndex;
void ms_volume_index_free(MsVolumeIndex *index);
MsVolumeIndex **ms_cluster_volume_index_slot(const MsCluster *cluster);

/* What validating a root disk found, with the checks it made, keyed by
 * the inputs such a validation reads (ms-devices.c). */
typedef struct MsValidationMemo MsValidationMemo;
void ms_validation_memo_free(gpointer memo);
/* (transfer full) an empty table of memos */
GHashTable *ms_validation_memos_new(void);
/* (transfer none) the cluster's root disk validation memos, shared with
 * its copies (every input of a memo is in its key); made on first use. */
GHashTable *ms_cluster_root_memos(const MsCluster *cluster);
/* The memo last found for the root disk @device of a frozen device set:
 * the set never changes, so only the memo's other inputs (instance type,
 * stateful, release, pool state) need checking again. */
typedef struct {
    MsDevice *device; /* borrowed from the set */
    MsValidationMemo *memo;
} MsRootMemoCache;
/* (transfer none) @devices' cache when it is one of the cluster's frozen
 * device sets (or of the cluster it was copied from), else NULL. */
MsRootMemoCache *ms_cluster_root_memo_cache(const MsCluster *cluster, MsDevices *devices);

/* Validates one device as LXD's validateConfig does in @ctx's mode. Returns
 * TRUE when valid, else FALSE with the unwrapped error in @out.  A root
 * disk is validated once per set of the inputs its validation reads and
 * the result (checks included, replayed into the ledger) reused. */
gboolean ms_device_validate(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out);
/* A proxy device's validateConfig (ms-device-proxy.c): NULL when answered
 * (*@valid, the refusal in @out), else why it is not modelled. */
const char *ms_device_proxy_validate(const MsDeviceContext *ctx, const char *name, MsDevice *device,
                                     MsRejection *out, gboolean *valid);
/* A gpu device's validateConfig, every gputype (ms-device-gpu.c): NULL
 * when answered (*@valid, the refusal in @out), else why it is not
 * modelled. */
const char *ms_device_gpu_validate(const MsDeviceContext *ctx, const char *name, MsDevice *device,
                                   MsRejection *out, gboolean *valid);
/* validate.IsDeviceID: four lower case hex digits (ms-devices.c). */
gboolean ms_device_is_id(const char *value);
/* unixCommon's validator text for a refused option @key (source, major,
 * minor, uid, gid, mode, required), NULL when it takes @value (ms-devices.c). */
const char *ms_device_unix_option_error(const char *key, const char *value);
/* A proxy's Start at the instance's start or hot-plug: FALSE (@out) where
 * migsim cannot tell, else TRUE with its assumption noted. */
gboolean ms_device_proxy_start_check(MsEnv *env, const char *name, MsDevice *device, MsRejection *out);
gboolean ms_device_proxy_nat_check(MsEnv *env, const MsInstance *instance, MsDevices *devices,
                                   const char *name, MsDevice *device, gboolean running, MsRejection *out);
/* @device's value of @key, "" when unset (ms-devices.c). */
const char *ms_device_get(const MsDevice *device, const char *key);
/* ---- an instance's devices after validation (ms-device-runtime.c) ---- */
/* Device names in LXD's start order (Devices.Sorted()). (transfer container) */
GPtrArray *ms_devices_sorted(MsDevices *devices);
/* The same for @devices in @cluster: computed once for one of the shared
 * device sets, which never change.  (transfer full) read it, never change
 * it. */
GPtrArray *ms_cluster_devices_sorted(const MsCluster *cluster, MsDevices *devices);
/* ms_devices_root_disk of @devices, found once per frozen device set.
 * (transfer none) */
MsDevice *ms_cluster_devices_root_disk(const MsCluster *cluster, MsDevices *devices);
/* ms_cluster_list_instances (@evacuated FALSE) or
 * ms_cluster_list_evacuated_from (TRUE) of @member in no particular order,
 * for a caller that needs none (no sort). */
GPtrArray *ms_cluster_member_instances_unsorted(const MsCluster *cluster, const char *member,
                                                gboolean evacuated);
/* CanMigrate() of one device (after it validated). */
const char *ms_device_subtype(const MsCluster *cluster, MsDevice *device);
gboolean ms_device_can_migrate(const MsCluster *cluster, MsEnv *env, const char *name, MsDevice *device);

/* Validates local config keys of an instance of @type (ms-instance-keys.c).  Returns TRUE, or
 * FALSE with the error text (LXD's "Invalid config: " prefix) in @out. */
gboolean ms_instance_config_validate(MsEnv *env, MsInstanceType type, GHashTable *config, const char *subject,
                                     MsRejection *out);
/* The same for a profile's config: a key valid for any instance type passes. */
gboolean ms_profile_config_validate(MsEnv *env, GHashTable *config, const char *subject, MsRejection *out);
gboolean ms_instance_key_applied_to_host(const char *key, const char *value);
/* Whether @key is one of the container key map's at @profile's release (not
 * a key for any type nor a VM's; prefix keys are in no map) */
gboolean ms_instance_key_container_only(const char *key, const MsProfile *profile);
/* Whether a running VM's Update takes a change of @key at @profile's
 * release (ms-live-config.c) */
gboolean ms_vm_key_live_updatable(const MsProfile *profile, const char *key);
char *ms_vm_live_memory_not_modelled(const MsProfile *profile, const char *old, const char *new_value,
                                     const char *hugepages);
/* A running @instance's Update of its expanded config from @before to
 * @after: a VM refuses a key it cannot take live (CFG.VM_LIVEKEY, the other
 * refused keys as @out's alternatives); a container's key that goes to the
 * host at once is "not modelled".  TRUE when taken or not running. */
gboolean ms_apply_running_config_check(MsApply *apply, const MsInstance *instance, GHashTable *before,
                                       GHashTable *after, MsRejection *out);
/* The same for the changed keys found by the caller: @keys (sorted, as
 * ms_compare_string_ptrs sorts them) whose expanded values are now @values (NULL:
 * unset), index for index. */
gboolean ms_apply_running_keys_check(MsApply *apply, const MsInstance *instance, GPtrArray *keys,
                                     GPtrArray *values, MsRejection *out);

/* ms-lxc-config.c: whether liblxc takes @value for an lxc.prlimit.* item
 * (a container's limits.kernel.* key). */
gboolean ms_prlimit_value_ok(const char *value);
/* The initLXC step of a container's Update asked by a user: its new
 * expanded config's limits.kernel.* values, from @local (NULL: the
 * instance's own config) over the profiles @profiles (NULL: its own list)
 * as they are in the cluster now; CFG.INST.PRLIMIT_VALUE with the other
 * refused keys as @out's alternatives.  TRUE for a VM. */
gboolean ms_apply_prlimit_check(MsApply *apply, const MsInstance *instance, GHashTable *local,
                                const GPtrArray *profiles, MsRejection *out);
/* Fails @apply's outcome with @refusal, a CFG.INST.PRLIMIT_VALUE refusal
 * (the other texts as its alternatives, with a note).  Returns FALSE. */
gboolean ms_apply_fail_prlimit(MsApply *apply, MsRejection *refusal);
/* Of the expanded limits.kernel.* keys of @hold's instance (*@any: it has
 * one), the smallest whose start migsim cannot judge: a resource liblxc
 * does not name, a value its parser refuses, an unlimited nofile; NULL
 * when none.  Its profile layers are read through @hold. */
const char *ms_instance_prlimit_start_unknown(const MsCluster *cluster, const MsProfile *profile,
                                              MsLayersHold *hold, gboolean *any);
/* A linux.sysctl.* key of @hold's instance's expanded config (a container) at a
 * release whose initLXC hands it to liblxc unprefixed (5.21.4+, 6.3+),
 * NULL otherwise or when it has none. */
const char *ms_instance_sysctl_unprefixed_key(const MsCluster *cluster, const MsProfile *profile,
                                              MsLayersHold *hold);
/* The same, failing @apply's outcome (the other texts as its alternatives);
 * TRUE when the Update goes on. */
gboolean ms_apply_update_prlimit(MsApply *apply, const MsInstance *instance, GHashTable *local,
                                 const GPtrArray *profiles);

/* What the kernel makes of a container's limits.cpu.allowance and
 * limits.cpu.priority (ms-lxc-config.c): taken, refused on every host
 * (a CFS quota under 1 ms, a period outside 1 ms .. 1 s), refused on
 * cgroup v2 only (*@weight_v2 out of 1..10000; v1 clamps it), or a value
 * migsim does not judge. */
typedef enum {
    MS_CPU_LIMITS_TAKEN,
    MS_CPU_LIMITS_REFUSED,
    MS_CPU_LIMITS_V2_REFUSES,
    MS_CPU_LIMITS_HOST,
} MsCpuLimits;
MsCpuLimits ms_cpu_limits_judge(const char *allowance, const char *priority, gint64 *weight_v2);
/* A running container's Update that changes limits.cpu.allowance or
 * limits.cpu.priority: its new expanded pair, from @local (NULL: the
 * instance's own config) over its profiles as they are in the cluster
 * now, written to its cgroup; CFG.INST.CGROUP_CPU, "not modelled" where
 * the host decides, else taken with the host's assumption noted. */
gboolean ms_apply_running_cpu_limits(MsApply *apply, const MsInstance *instance, GHashTable *local,
                                     MsRejection *out);
/* A container start with @allowance and @priority (its expanded
 * limits.cpu.allowance and limits.cpu.priority; NULL or "" when unset):
 * "not modelled" where the kernel refuses them or the host decides (lxc's
 * forkstart fails with a text of the host's), else the host's assumption
 * noted.  TRUE when the start goes on. */
gboolean ms_instance_cpu_limits_start_check(MsEnv *env, const MsInstance *instance, const char *allowance,
                                            const char *priority, MsRejection *out);

/* A running container's Update that changes security.devlxd: its new
 * expanded value, from @local (NULL: the instance's own config) over its
 * profiles as they are now; an enabling one is taken, a disabling one
 * "not modelled" (ms-lxc-config.c: migsim does not count /dev/lxd's
 * mounts). */
gboolean ms_apply_running_devlxd(MsApply *apply, const MsInstance *instance, GHashTable *local,
                                 const char *key, MsRejection *out);
/* Is @key the one that mounts the guest API on a running container:
 * security.devlxd (LXD) or security.guestapi (Incus, the same branch with
 * /dev/incus: driver_lxc.go:4598-4626 at v6.0.4, :5246 at v7.3.0)?  The
 * validator refuses the other name, so both are matched on every release. */
gboolean ms_devlxd_key(const char *key);

/* Builds an instance-mode context for @instance; @stateful is its expanded
 * migration.stateful (ms_instance_expanded_stateful), @expanded_devices is
 * owned by the caller. */
void ms_device_context_for_instance(MsDeviceContext *ctx, const MsCluster *cluster, MsEnv *env,
                                    const MsInstance *instance, gboolean stateful,
                                    MsDevices *expanded_devices);
/* ms_is_true of the expanded migration.stateful, without expanding the
 * whole config. */
gboolean ms_instance_expanded_stateful(const MsCluster *cluster, const MsProfile *profile,
                                       const MsInstance *instance);
/* Room for a VM's state on its root disk, as a stateful stop checks it
 * (STOP.SIZE_STATE; and Incus' stateful snapshot): the root disk's
 * size.state against limits.memory (default 1GiB).  MS_STATE_ROOM_UNKNOWN
 * when limits.memory is not a plain byte size ("N%": a share of the host's
 * memory, or a parse error, per release), with the value in @limit;
 * MS_STATE_ROOM_DRIVER_UNKNOWN when the pool's default size.state decides
 * and migsim does not know it (LXD 6.9+ powerflex: the backend's version). */
typedef enum {
    MS_STATE_ROOM_ENOUGH,
    MS_STATE_ROOM_SHORT,
    MS_STATE_ROOM_UNKNOWN,
    MS_STATE_ROOM_DRIVER_UNKNOWN,
} MsStateRoom;
MsStateRoom ms_vm_state_room(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                             const char **limit);
/* Whether the disk @device of @instance shifts its owners where it is
 * mounted: an unprivileged container's disk with shift=true or on a custom
 * volume with security.shifted=true (ms-device-ops.c). */
gboolean ms_disk_shifts_owner(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                              MsDevice *device);
/* The "not modelled" reason of a stateful @action ("stop", "snapshot") of
 * @instance whose state room is @room (MS_STATE_ROOM_UNKNOWN or
 * MS_STATE_ROOM_DRIVER_UNKNOWN, @limit from ms_vm_state_room); NULL for a
 * room migsim knows. */
char *ms_vm_state_room_unmodelled(const MsProfile *profile, const MsInstance *instance, const char *action,
                                  MsStateRoom room, const char *limit);

/* Start-time validation of every expanded device (WRAP.START) plus the
 * release's start checks.  Returns TRUE when the instance starts, else
 * FALSE with LXD's start error in @out (503 for an unavailable pool or
 * network, 500 for an injected failure). */
/* DEV.UNIX_NOT_OURS, DEV.UNIX_REQUIRED_MISSING: a unix-char or unix-block
 * @device's start on @member (model/ms-device-unix.c) */
gboolean ms_unix_device_start_check(MsEnv *env, const MsMember *member, const char *name, MsDevice *device,
                                    MsRejection *out);
/* DEV.UNIX_WATCH_PATH(_START): the watch of a started unix device that is
 * not required (@running: a hot-plug) */
gboolean ms_unix_device_watch_check(MsEnv *env, const char *name, MsDevice *device, gboolean running,
                                    MsRejection *out);
/* NIC.PARENT_MISSING: @device's parent= on @member (start and hot-plug) */
gboolean ms_nic_parent_check(const MsCluster *cluster, MsEnv *env, const MsMember *member, const char *name,
                             MsDevice *device, MsRejection *out);
/* A profile change as its running users' updates see it: the profile is
 * saved before any user is updated (lxd/profiles_utils.go:80-150 at
 * lxd-5.0.2), so a disk it adds is in the database for every user of the
 * profile, the updating one included, while which containers had a volume
 * mounted is what their devices were before the change (@before: user ->
 * its expanded devices then, ms-profile-ops.c). */
typedef struct {
    GHashTable *before;
} MsProfileChange;

static inline void
ms_profile_change_clear(MsProfileChange *change)
{
    g_clear_pointer(&change->before, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsProfileChange, ms_profile_change_clear)

/* storagePoolVolumeAttachShift of @instance's disk @name (start, or
 * hot-plug; @change: of a profile's disk, else NULL) */
gboolean ms_device_idmap_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance,
                               const char *name, MsDevice *device, const MsProfileChange *change,
                               MsRejection *out);
/* What a device of @instance needs of @member's host when it starts: a
 * gpu's GPU, a tpm's module (what `host-lacks` declares), then
 * ms_nic_parent_check (start and hot-plug) */
gboolean ms_device_host_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance,
                              const MsMember *member, const char *name, MsDevice *device, MsRejection *out);
gboolean ms_instance_start_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance,
                                 gboolean stateful, MsRejection *out);
/* The same of @hold's instance, its profile layers read through @hold: a
 * move holds them from its canMigrate to its start's ID map (issue 18),
 * nothing between changing a profile. */
gboolean ms_instance_start_check_held(const MsCluster *cluster, MsEnv *env, MsLayersHold *hold,
                                      gboolean stateful, MsRejection *out);

/* The instance is started: status, volatile.last_state.power and, for a
 * container, the ID map its keys give now (MsInstance.idmap_at_start). */
void ms_instance_mark_started(MsApply *apply, MsInstance *instance);
/* The same, the ID map's keys read through @hold (@instance's, or NULL) */
void ms_instance_mark_started_held(MsApply *apply, MsInstance *instance, MsLayersHold *hold);
void ms_instance_mark_stopped(MsInstance *instance);
/* A start refused by @rule: where that is a post-start hook's (the
 * container ran, then LXD stopped it), the start's and the stop's marks. */
void ms_instance_mark_hook_failed(MsApply *apply, MsInstance *instance, MsRuleId rule);

/* ---- handlers (ms-instance-ops.c, ms-instance-create.c, ms-copy-ops.c,
 * ms-config-ops.c, ms-device-ops.c, ms-profile-ops.c, ms-pool-ops.c,
 * ms-storage-ops.c, ms-volume-copy-ops.c, ms-move.c, ms-evacuate.c,
 * ms-snapshot-ops.c) ---- */
gboolean ms_apply_init(MsApply *apply);
gboolean ms_apply_start(MsApply *apply);
gboolean ms_apply_stop(MsApply *apply);
gboolean ms_apply_restart(MsApply *apply);
gboolean ms_apply_delete(MsApply *apply);
gboolean ms_apply_exec(MsApply *apply);
gboolean ms_apply_config(MsApply *apply);
gboolean ms_apply_device(MsApply *apply);
void ms_apply_device_keys_set(const MsApply *apply, MsDevice *device);
gboolean ms_apply_profile(MsApply *apply);
gboolean ms_apply_backup(MsApply *apply);
gboolean ms_apply_storage(MsApply *apply);
gboolean ms_apply_volume(MsApply *apply);
/* lxc image copy|delete (ms-image-ops.c) */
gboolean ms_apply_image(MsApply *apply);
/* lxc init/launch: lxc's look-up of a local image in the project's own
 * store before the create (ms-image-ops.c); FALSE when the step ends */
gboolean ms_apply_image_lookup(MsApply *apply);
gboolean ms_apply_volume_copy(MsApply *apply);
/* lxc copy --target-project P and -s POOL (ms-copy-project.c): the checks
 * before placement, the source-address check of the chosen member, and
 * the copy put in P and on POOL. */
gboolean ms_copy_project_modelled(MsApply *apply, const MsInstance *source);
gboolean ms_copy_project_member(MsApply *apply, const MsInstance *source, const MsMember *member);
void ms_copy_project_place(const MsApply *apply, MsInstance *copy);
gboolean ms_apply_volume_import(MsApply *apply);
gboolean ms_apply_move(MsApply *apply);
/* TRUE (refused, or said not modelled) when a live move without --target
 * that copies @instance on its member (-s POOL, --target-project) would
 * stop it statefully and cannot (ms-pool-move.c); @what names the move. */
gboolean ms_apply_local_copy_stop_refused(MsApply *apply, MsInstance *instance, const char *what);
gboolean ms_apply_rename(MsApply *apply);
/* Records PLACEMENT.SCRIPTLET where LXD would run the placement scriptlet,
 * with a note when one is set (migsim cannot run it); @targeted: a member
 * was named.  On Incus a set scriptlet fails @apply as "not modelled" where
 * the tag runs it (FALSE). */
gboolean ms_apply_placement_scriptlet(MsApply *apply, const char *instance, const char *reason,
                                      gboolean targeted);
gboolean ms_apply_evacuate(MsApply *apply);
gboolean ms_apply_restore(MsApply *apply);
/* The same in steps, for a request in flight (ms-job.c): the request and
 * the start of the operation return the steps (NULL: refused), each step
 * returns FALSE when it failed and ended the operation. */
GPtrArray *ms_evacuate_begin(MsApply *apply);
gboolean ms_evacuate_instance(MsApply *apply, const char *name);
void ms_evacuate_end(MsApply *apply);
GPtrArray *ms_restore_begin(MsApply *apply);
gboolean ms_restore_start_local(MsApply *apply, const char *name);
gboolean ms_restore_migrate_back(MsApply *apply, const char *name);
gboolean ms_apply_cluster_object(MsApply *apply); /* groups, member config, networks ... */
/* the handlers ms_apply_cluster_object dispatches to: cluster groups
 * (ms-group-ops.c), managed networks (ms-network-ops.c), placement groups
 * (ms-placement-group-ops.c) */
gboolean ms_apply_group(MsApply *apply);
gboolean ms_apply_group_change(MsApply *apply);
gboolean ms_apply_group_membership(MsApply *apply);
gboolean ms_apply_group_edit(MsApply *apply);
gboolean ms_apply_network(MsApply *apply);
/* Before 6.6 a container's checkpoint (stateful stop, live copy or move,
 * stateful snapshot, stateful restore) is decided by the member's CRIU:
 * an undeclared @member is assumed without it and @apply's outcome says so
 * (ms-apply.c) where @rule's text for the release names CRIU (MS_RULE_NONE:
 * the caller read the text itself). */
void ms_apply_note_criu_assumed(MsApply *apply, const MsMember *member, const char *instance,
                                const char *location, MsRuleId rule);
/* `host-has MEMBER criu`: where @rule's text for the release names CRIU
 * (MS_RULE_NONE: the caller read the text itself) and @member was so
 * declared, LookPath finds criu and CRIU's own checkpoint or restore
 * answers, which is the host's: fails @apply "not modelled" (@what names
 * the request) and returns TRUE; FALSE otherwise. */
gboolean ms_apply_criu_runs(MsApply *apply, const MsMember *member, MsRuleId rule, const char *what);
/* With CRIU on a live migration's source: NULL when the destination
 * @dest's sink refuses with @rule (it lacks CRIU, declared or assumed with
 * a note); else the "not modelled" message to answer (ms-apply.c). */
char *ms_apply_criu_sink_unknown(MsApply *apply, const MsMember *dest, MsRuleId rule, const char *instance,
                                 const char *what);
/* TRUE where networkAccessHandler loads the request's project before a
 * network's handler runs (LXD 5.21.3+ and 6.2+; not Incus). */
gboolean ms_network_access_loads_project(const MsProfile *profile);
gboolean ms_apply_network_project_unknown(MsApply *apply);
/* ms-network-keys.c: a bridge's Validate of @config (the network is
 * @apply's op->network): TRUE when it passes, else @apply fails with the
 * request's @http_status (the other refused keys as alternatives) or "not
 * modelled". */
gboolean ms_network_bridge_validate(MsApply *apply, GHashTable *config, guint http_status);
/* Whether the bridge's rule for @key certainly takes @value */
gboolean ms_network_bridge_value_ok(const MsProfile *profile, const char *key, const char *value);
gboolean ms_apply_network_forward(MsApply *apply); /* ms-network-forward.c */
gboolean ms_apply_placement_group(MsApply *apply);
gboolean ms_apply_placement_group_change(MsApply *apply);
void ms_apply_placement_drops_group(MsApply *apply, MsInstance *instance); /* ms-placement-group-ops.c */
gboolean ms_apply_snapshot(MsApply *apply);
/* -d DEVICE,KEY=VALUE (its form checked by the parser, lxc/utils.go
 * parseDeviceOverrides): the device and key, newly allocated, and the
 * value inside @entry (lxc init/launch and lxc copy). */
const char *ms_apply_split_device_override(const char *entry, char **device, char **key);
gboolean ms_apply_copy(MsApply *apply);
/* The root disk of each snapshot @copy took from @source moved onto
 * @copy's pool, as a copy does it (ms-copy-ops.c). */
void ms_copy_align_snapshot_roots(const MsCluster *cluster, const MsInstance *source, MsInstance *copy);
gboolean ms_apply_project(MsApply *apply);        /* lxc project create|set|unset|delete (ms-project.c) */
gboolean ms_apply_project_switch(MsApply *apply); /* lxc project switch (ms-project.c) */
/* lxc restore (ms-snapshot-ops.c) */
gboolean ms_apply_snapshot_restore(MsApply *apply);
/* lxc rebuild (ms-rebuild-ops.c) */
gboolean ms_apply_rebuild(MsApply *apply);
/* lxc delete NAME/SNAP (@check_only: whether it exists, saying so when
 * not), lxc rename NAME/SNAP NAME/NEW (ms-snapshot-ops.c) */
gboolean ms_apply_snapshot_delete(MsApply *apply, const char *full, gboolean check_only);
gboolean ms_apply_snapshot_rename(MsApply *apply);
/* --target in project @project: CheckClusterTargetRestriction (records
 * PROJECT.TARGET_ADMIN; migsim's client is an administrator, so it never
 * refuses), then whether restricted.cluster.groups allows @member or
 * @group (FALSE after rejecting). */
void ms_apply_project_targeting(MsApply *apply, const char *project);
void ms_apply_project_limits_note(MsApply *apply, const char *project, gboolean counts_modelled);
/* model/ms-project-limits.c: limits.instances, limits.containers, limits.virtual-machines */
gboolean ms_project_count_key(const char *key);
gboolean ms_project_has_count_limits(const MsCluster *cluster, const char *project);
gboolean ms_project_count_limit_reached(const MsCluster *cluster, const char *project, MsInstanceType type);
/* The text of the count limit a create of @type in @project meets first
 * (the type's, then the total: permissions.go:50-58 at lxd-5.0.2), its rule
 * checked on @subject and set in @rule; NULL when none is reached, or when
 * a limit cannot be read (@unreadable TRUE, no rule checked). */
char *ms_project_count_limit_text(MsApply *apply, const char *project, MsInstanceType type,
                                  const char *subject, MsRuleId *rule, gboolean *unreadable);
/* ---- aggregate limits (ms-project-aggregate.c) ---- */
/* Does @project set limits.cpu, limits.memory, limits.processes,
 * limits.disk or limits.disk.pool.*? */
gboolean ms_project_has_aggregate_limits(const MsCluster *cluster, const char *project);
/* Is @key one of limits.cpu, limits.disk, limits.memory, limits.processes? */
gboolean ms_project_aggregate_key(const char *key);
/* AllowInstanceCreation's aggregate limits for @created (the request's
 * instance, in its project, not yet in the cluster); FALSE when refused or
 * not modelled (LXD 5.0.2's sums in Incus too). */
gboolean ms_apply_project_aggregate_create(MsApply *apply, const MsInstance *created);
/* AllowInstanceUpdate's aggregate limits for @changed (the instance as the
 * request leaves it, in place of the cluster's); @volatile_key: a volatile
 * key the request sets (then not modelled).  FALSE when refused or not
 * modelled. */
gboolean ms_apply_project_aggregate_update(MsApply *apply, const MsInstance *changed,
                                           const char *volatile_key);
/* AllowProfileUpdate's aggregate limits of @project, the profile's own
 * project, whose profile @profile_name the cluster holds changed. */
gboolean ms_apply_project_aggregate_profile(MsApply *apply, const char *project, const char *profile_name);
/* A snapshot restore of @instance where the release sums the snapshot's
 * config (AllowInstanceUpdate): not modelled, FALSE. */
gboolean ms_apply_project_aggregate_restore(MsApply *apply, const MsInstance *instance);
/* A custom volume create (@name on @pool) or update in @project: the
 * project's aggregate limits (AllowVolumeCreation, AllowVolumeUpdate);
 * FALSE when refused or not modelled. */
gboolean ms_apply_project_aggregate_volume(MsApply *apply, const char *project, const char *name,
                                           const char *pool, GHashTable *config, gboolean created);
/* lxd-5.21.7's AllowVolumeMove for @volume moved to @new_pool within its
 * project: TRUE where the release does not sum or the sums pass; FALSE
 * (not modelled) where they refuse. */
gboolean ms_apply_project_aggregate_volume_move(MsApply *apply, const MsVolume *volume, const char *new_pool);
/* AllowProjectUpdate's aggregate limits of @project with the new @config:
 * from 5.21.5 and 6.6 checked whole, before the restrictions
 * (_conflict); before, the changed keys' totals after the count limits
 * (_lowering).  Each TRUE in the releases of the other; FALSE when refused
 * or not modelled. */
gboolean ms_apply_project_aggregate_conflict(MsApply *apply, const MsProject *project, GHashTable *config);
gboolean ms_apply_project_aggregate_lowering(MsApply *apply, const MsProject *project, GHashTable *config);
gboolean ms_apply_project_create_checked(MsApply *apply, const char *subject, gboolean targeted);
gboolean ms_apply_project_count_limits(MsApply *apply, const char *project, MsInstanceType type,
                                       const char *name);
gboolean ms_apply_project_count_lowering(MsApply *apply, const MsProject *project, GHashTable *config);
/* The count limits of project @project_name on lxc move --target-project
 * of @instance (ms-project-limits.c); FALSE when refused. */
/* A move into a project with aggregate limits, where the release runs
 * AllowInstanceCreation for it (ms-project-aggregate.c): not modelled. */
gboolean ms_apply_project_move_aggregate(MsApply *apply, const MsInstance *instance, const char *project);
/* A move with --target within @instance's project where the release's
 * operation re-sums its aggregate limits (5.0.9, 5.21.6+): TRUE where they
 * pass, else not modelled. */
gboolean ms_apply_project_move_same_aggregate(MsApply *apply, const MsInstance *instance);
gboolean ms_apply_project_move_count_limits(MsApply *apply, const MsInstance *instance,
                                            const char *project_name);
gboolean ms_apply_project_member(MsApply *apply, const char *project, const MsMember *member);
/* AllowClusterMember: FALSE when @project is restricted and its
 * restricted.cluster.groups names none of @member's groups. */
gboolean ms_project_allows_member(const MsCluster *cluster, const char *project, const MsMember *member);
gboolean ms_apply_project_group(MsApply *apply, const char *project, const char *group);
/* lxc move NAME [NEWNAME] --target-project P (instancePostProjectMigration
 * at lxd-5.0.2, instancePostMigration later): same member, new project. */
gboolean ms_apply_move_to_project(MsApply *apply, MsInstance *instance);
/* TRUE where lxc move --target-project (without --target) takes -s, -c, -d,
 * -p and --no-profiles into one server-side copy (ms-project-move.c). */
gboolean ms_project_move_config(const MsApply *apply);
/* ---- shared by the instance, config, device and profile handlers
 * (ms-instance-ops.c, ms-config-ops.c, ms-device-ops.c, ms-profile-ops.c) ---- */
/* The instance @name in the op's project, or NULL after rejecting
 * (INSTANCE.NOT_FOUND, or INSTANCE.MEMBER_OFFLINE on its member). */
MsInstance *ms_apply_lookup_instance(MsApply *apply, const char *name, gboolean async);
/* lxc stop --force's state PUT of one looked-up instance (stop_one, not
 * stateful), and lxc start's of one instance by name (start_one: looked up
 * again, the evacuated member's refusal, the start checks); FALSE: refused */
gboolean ms_apply_instance_stop_one(MsApply *apply, MsInstance *instance);
gboolean ms_apply_instance_start_one(MsApply *apply, const char *name);
/* A request forwarded to the member @location that stopped answering and
 * is not OFFLINE yet (not the client's own member): fails the request as
 * not modelled and says TRUE (the connection's own error, a hang, or
 * "Missing event connection ..." once the listener is gone). */
gboolean ms_apply_forward_unreachable(MsApply *apply, const char *name, const char *location);
/* A request forwarded to the member @location that is OFFLINE: LXD's
 * Connect waits for its event connection and fails (lxd/cluster/connect.go:37
 * at lxd-5.0.2, :39 at lxd-5.21.7, :64 at lxd-6.9; 503 from lxd-5.21.4 and
 * lxd-6.3).  Rejects with INSTANCE.MEMBER_OFFLINE and says TRUE; the
 * client's own member is never forwarded to. */
gboolean ms_apply_forward_refused(MsApply *apply, const char *name, const char *location);
gboolean ms_apply_member_put_forward_refused(MsApply *apply, const char *member);
/* CreateInternal's last step, shared by lxc init and lxc copy
 * (ms-instance-create.c): adds the record of @instance (consumed) and
 * validates @devices in instance mode; a failure reverts the record. */
gboolean ms_apply_add_instance_record(MsApply *apply, MsInstance *instance, GPtrArray *devices,
                                      const MsMember *member);
/* An instance create or copy with --target: the member's own refusals
 * after instancesPost's checks, CREATE.TARGET_OFFLINE then
 * CREATE.EVACUATED; FALSE when refused (ms-instance-create.c). */
gboolean ms_apply_refuse_create_at_target(MsApply *apply, const MsMember *member);
/* From lxd-6.6 (LXD only) the scheduler's pick is made before
 * AllowInstanceCreation (ms-instance-create.c). */
gboolean ms_apply_pick_precedes_limits(const MsApply *apply);
gboolean ms_apply_incus_duplicate_refused(MsApply *apply, const char *name, const char *project);
/* @message without LXD's "Invalid config: " prefix. */
const char *ms_strip_invalid_config(const char *message);
/* Static validation (ValidDevices): each device alone, no expanded config;
 * the instance's own devices, then (@root_rule unless MS_RULE_NONE) the root
 * disk check, then the profiles' devices.  FALSE: @out holds the failing
 * device's rule and the WRAP.STATIC text, or @root_rule's. */
/* The devices an update of running @instance stops (in @old_devices, not
 * in @new_devices or in @added) and starts (@added): DEV.HOTPLUG_ADD,
 * DEV.HOTPLUG_REMOVE, then each start's host checks; TRUE when the
 * instance is not running. */
gboolean ms_apply_hotplug_check(MsApply *apply, const MsInstance *instance, MsDevices *old_devices,
                                MsDevices *new_devices, GPtrArray *added, const MsProfileChange *change,
                                MsRejection *out);
/* Whether a device's change from @old_device to @new_device touches only
 * keys its Update applies live (its type's UpdatableFields: a disk's
 * limits and sizes, some keys of bridged, p2p, routed and ovn nics): LXD
 * updates it in place instead of removing and adding it again. */
gboolean ms_device_changed_only_live(const MsCluster *cluster, MsDevice *old_device, MsDevice *new_device);
/* DISK.HOTPLUG_STATEFUL: a disk in @added hot-plugged into a running VM
 * with migration.stateful, where the release refuses it */
gboolean ms_apply_stateful_hotplug_check(MsApply *apply, const MsInstance *instance, MsDevices *new_devices,
                                         GPtrArray *added, MsRejection *out);
/* The outcome's other possible texts (Go map order), wrapped as its main
 * text is by @wrapper: a caller that wraps a validation's refusal wraps
 * them too, so that each can be matched against LXD's whole text. */
void ms_apply_wrap_alternatives(MsApply *apply, MsRuleId wrapper);

/* How a caller words a config validation's refusal. */
typedef enum {
    MS_CONFIG_TEXT_AS_IS,    /* lxc config set: "Invalid config: ..." */
    MS_CONFIG_TEXT_STRIPPED, /* a profile: without "Invalid config: " */
    MS_CONFIG_TEXT_CREATE,   /* a create or copy: MS_CREATE_RECORD_ERROR */
} MsConfigText;

/* @refusal's text worded as @how; its other possible texts (several bad
 * keys: Go map order) go, worded the same, to the outcome's alternatives
 * with a note saying LXD names any one. */
char *ms_apply_config_refusal(MsApply *apply, MsRejection *refusal, MsConfigText how);

/* ValidDevices walks a Go map: @other, failing with @message, may be the
 * device LXD names instead of @named; kept as an alternative wrapped by
 * @wrapper, with a note (ms-instance-ops.c). */
void ms_apply_add_device_alternative(MsApply *apply, MsRuleId wrapper, const char *other, const char *named,
                                     const char *message);

/* ---- a nic's keys (ms-nic-keys.c) ---- */
const char *ms_nic_unknown_key(const MsCluster *cluster, MsDevice *device);
/* TRUE: @key is one @device's nictype takes at every release read (or
 * type, nictype, user.*) */
gboolean ms_nic_key_known(const MsCluster *cluster, MsDevice *device, const char *key);
/* TRUE: some lxd-5.x or 6.x release's nicValidationRules has a rule for @key */
gboolean ms_nic_key_ruled_somewhere(const char *key);
/* LXD's static address and address conflict checks of nic @name on the
 * bridge @bridge (@network: the managed one, NULL: unmanaged), in
 * ms-nic-keys.c: TRUE when they pass (*@skip_rest: a conflict the
 * creation skips, with the device's other checks), FALSE with LXD's
 * refusal or "not modelled" in @out */
gboolean ms_nic_bridge_check(const MsDeviceContext *ctx, const char *name, MsDevice *device,
                             const char *bridge, const MsNetwork *network, gboolean *skip_rest,
                             MsRejection *out);

/* ---- a storage pool's config (ms-pool-keys.c) ---- */
typedef enum {
    MS_POOL_CONFIG_VALID,
    MS_POOL_CONFIG_INVALID_OPTION, /* "Invalid option %q": @what is the key */
    MS_POOL_CONFIG_UNMODELLED,     /* @what says what migsim cannot tell */
} MsPoolConfigVerdict;
/* Whether migsim follows @driver's pool rules at @profile's release. */
gboolean ms_pool_config_followed(const MsProfile *profile, const char *driver);
/* The driver's Validate of a pool config (@keys, @values in the order of
 * the command line); @n_bad: how many keys no rule knows (LXD names any
 * one of them, Go map order; @what is the first). */
MsPoolConfigVerdict ms_pool_config_judge(const MsProfile *profile, const char *driver, const GPtrArray *keys,
                                         const GPtrArray *values, char **what, guint *n_bad);
/* TRUE when a change of @key is refused by @driver's Update with a text
 * migsim does not model. */
gboolean ms_pool_config_change_unmodelled(const char *driver, const char *key);

/* ---- a custom volume's config (ms-volume-keys.c) ---- */
/* Whether migsim follows the volume rules of @driver (dir, btrfs, zfs, lvm,
 * ceph, cephfs). */
gboolean ms_volume_driver_followed(const char *driver);
/* The volume rules' values of @config on @pool (validateVolume's first
 * walk): TRUE when refused (the outcome is filled) or not followed.
 * @storage_name: the volume as the driver names it (PROJECT_NAME). */
gboolean ms_volume_values_refused(MsApply *apply, const MsPool *pool, const char *storage_name,
                                  MsContentType type, GHashTable *config, gboolean async);
/* Then its keys no rule knows (but user.*), then lvm's stripes on a thin
 * pool: TRUE when refused. */
gboolean ms_volume_keys_refused(MsApply *apply, const MsPool *pool, const char *storage_name,
                                MsContentType type, GHashTable *config, gboolean async);
/* After ValidateVolume, UpdateCustomVolume's refusals of the changed keys
 * of the op (a volume set or unset): an ISO volume's config,
 * block.filesystem, volatile.uuid.  @validated: the pool's ValidateVolume
 * was judged (a followed driver; otherwise only user.* and volatile.uuid
 * are).  TRUE when refused or not followed. */
gboolean ms_volume_changes_refused(MsApply *apply, const MsVolume *volume, gboolean validated,
                                   gboolean async);
/* Then lvm's UpdateVolume: a change of lvm.stripes or lvm.stripes.size.
 * TRUE when refused or not followed. */
gboolean ms_volume_lvm_stripes_change_refused(MsApply *apply, const MsVolume *volume, gboolean async);
gboolean ms_apply_validate_devices_static(MsApply *apply, const MsInstance *instance, MsDevices *devices,
                                          gboolean for_profile, MsRuleId root_rule, MsRejection *out);
/* The context ms_apply_validate_devices_static validates @devices of
 * @instance in (check_nic_names off): shared with ms-static-memo.c. */
void ms_apply_static_context(MsDeviceContext *ctx, MsApply *apply, const MsInstance *instance,
                             MsDevices *devices, gboolean for_profile);
/* ms-static-memo.c: does @instance's expanded device set pass ValidDevices
 * (ms_apply_validate_devices_static without a root rule)?  Only the
 * answer: nothing is recorded. */
gboolean ms_static_devices_valid(MsApply *apply, const MsInstance *instance);
/* (transfer none) the cluster's static-validation memos (ms-static-memo.c),
 * shared with its copies; made on first use */
GHashTable *ms_cluster_static_memos(const MsCluster *cluster);
GHashTable *ms_static_memos_new(void);
/* (transfer none) where ms-static-memo.c keeps its answer for @devices when
 * they are one of the cluster's frozen device sets, else NULL */
guint *ms_cluster_static_answer_slot(const MsCluster *cluster, MsDevices *devices);
/* ms-devices.c hooks for ms-static-memo.c's key */
gboolean ms_disk_value_valid(const char *key, const char *value);
/* TRUE: migsim follows @key as an option @device's type takes in
 * @profile's release, so that @key set to "" validates as if absent (the
 * other keys, given "", reach a validator that refuses or does not answer) */
gboolean ms_device_key_followed(const MsCluster *cluster, const MsProfile *profile, MsDevice *device,
                                const char *key);
/* io.threads, io.bus or io.cache (DISK.CT_IO reads whether they are empty) */
gboolean ms_disk_io_key(const char *key);
guint ms_devices_disks_at(MsDevices *devices, const char *path);
/* ValidDevices' root disk check in expanded mode: a non-empty device set
 * needs exactly one root disk (@rule: DEV.ROOT_DETECT on an update,
 * CREATE.ROOT_DETECT on a create).  FALSE: @out holds the refusal. */
gboolean ms_apply_root_detect(MsApply *apply, const char *instance_name, MsDevices *expanded, MsRuleId rule,
                              MsRejection *out);
/* as ms_apply_validate_devices_instance with WRAP.ADD, for the devicesAdd
 * of a new instance (a nic's address conflict is skipped) */
gboolean ms_apply_validate_devices_created(MsApply *apply, const MsInstance *instance, GPtrArray *names,
                                           MsRejection *out);
/* Instance-mode validation of @names (devicesAdd / devicesUpdate).  FALSE:
 * @out holds the failing device's rule and @wrapper's text. */
gboolean ms_apply_validate_devices_instance(MsApply *apply, const MsInstance *instance, GPtrArray *names,
                                            MsRuleId wrapper, MsRejection *out);
/* Update's root disk checks after ValidDevices: the one root disk keeps its
 * pool, and (DEV.ROOT_MISSING's releases) there is one.  FALSE: @out holds
 * the refusal (ms-device-ops.c). */
gboolean ms_apply_root_disk_kept(MsApply *apply, const MsInstance *instance, MsDevices *old_expanded,
                                 MsDevices *new_expanded, MsRejection *out);
/* The device the op's type and KEY=VALUE pairs describe (ms-device-ops.c). */
MsDevice *ms_op_device_config(const MsOp *op);
/* ---- migration primitives (ms-migrate.c), shared by lxc move, evacuation
 * and restore (ms-evacuate.c) and healing (ms-heal.c) ---- */
/* Whether the instance's expanded root disk is on a remote pool. */
gboolean ms_instance_root_pool_is_remote(const MsCluster *cluster, const MsInstance *instance);
/* canMigrate (driver_common.go): cluster.evacuate, else every expanded
 * device built in instance mode; any error or non-migratable device means
 * stop.  @crash_device: set to the pool-less disk that crashes LXD before 6.8. */
void ms_migrate_can_migrate(MsApply *apply, const MsInstance *instance, gboolean *migrate, gboolean *live,
                            char **crash_device);
/* CanMigrate asked by an evacuation or restore step: FALSE when the
 * probe crashed the daemon (EVAC.NIL_POOL_CRASH), which ends the step with
 * *step_result (always FALSE); else TRUE with *migrate and *live set. */
gboolean ms_migrate_step_can_migrate(MsApply *apply, const MsMember *member, const MsInstance *instance,
                                     gboolean *migrate, gboolean *live, gboolean *step_result);
/* The same of @hold's instance, its keys read through @hold (the step's
 * hold, kept for its start) */
gboolean ms_migrate_step_can_migrate_held(MsApply *apply, const MsMember *member, MsLayersHold *hold,
                                          gboolean *migrate, gboolean *live, gboolean *step_result);
/* instanceShouldAutoStart: the expanded boot.autostart, else the last power state. */
gboolean ms_instance_should_auto_start(const MsCluster *cluster, const MsProfile *profile,
                                       const MsInstance *instance);
/* The migration itself, once the handler's checks passed: TRUE on success,
 * else FALSE with the operation's error in @out. */
gboolean ms_migrate_instance(MsApply *apply, MsInstance *instance, const char *target, gboolean live,
                             MsRejection *out, gboolean *moved);
/* instancePost's unset of volatile.cluster.group when a move names a member
 * (LXD only; ms-migrate.c). */
void ms_move_unset_cluster_group(MsApply *apply, MsInstance *instance);
/* Start on the destination through its API (so the evacuated check applies). */
/* The volatile keys AllowInstanceCreation strips from a copy's or
 * migration's create request in a project with limits or restrictions,
 * unless restricted.<type>.lowlevel is allow, removed from @instance (in
 * its project), but @keep (NULL: none) (ms-migrate.c). */
void ms_migrate_strip_unsafe_volatile(MsApply *apply, MsInstance *instance, const char *keep);
gboolean ms_migrate_start_on_member(MsApply *apply, MsInstance *instance, MsRejection *out);
/* The same, @instance's profile layers read through @hold (its, or NULL) */
gboolean ms_migrate_start_on_member_held(MsApply *apply, MsInstance *instance, MsLayersHold *hold,
                                         MsRejection *out);
/* evacuateClusterSelectTarget (ms-evacuate.c): NULL when no member fits. */
MsMember *ms_evacuation_target(MsApply *apply, const MsInstance *instance, const MsMember *source);
/* ---- the lxc client (ms-client.c) ---- */
/* The error line lxc prints for the failed @apply: the server's text,
 * wrapped as the client wraps it; records the wrapping rule. */
char *ms_client_error(MsApply *apply);
/* A request Incus forwarded to an OFFLINE member failed (@apply's outcome,
 * "Missing event connection ..." or "Server isn't ready yet"): from 6.0.2
 * and 6.4 the other of the two is Incus' answer too, by the timing of its
 * event listener refreshes; added to the outcome's alternatives, worded as
 * the client words the failure, with a note.  Nothing for LXD. */
void ms_client_incus_offline_alternative(MsApply *apply);
gboolean ms_client_incus_delete_one(const MsProfile *profile);
char *ms_client_format_remote(const MsApply *apply, const char *name);
gboolean ms_apply_list(MsApply *apply);         /* lxc list: the table lxc prints */
gboolean ms_apply_cluster_list(MsApply *apply); /* lxc cluster list */
gboolean ms_apply_show(MsApply *apply);         /* read-only commands (ms-show.c) */

/* GetCandidateMembers (lxd/db/node.go): members an instance may be placed on,
 * in member-ID order; @group NULL = no cluster group requested. (transfer
 * container) */
GPtrArray *ms_cluster_candidates(const MsCluster *cluster, const MsInstance *instance, const char *group,
                                 const char *exclude);
/* ms_cluster_candidates (no group) kept to @project's restricted.cluster.groups
 * when it has some (ms-project.c) */
GPtrArray *ms_cluster_candidates_in(const MsCluster *cluster, const char *project, const MsInstance *instance,
                                    const char *exclude);
/* GetNodeWithLeastInstances: fewest instances, ties to the first (lowest ID). */
MsMember *ms_cluster_least_loaded(GPtrArray *candidates);
/* Placement-group filter for evacuation (6.6+); FALSE when no member complies. */
/* Notes a compact placement group whose fullest member LXD picks at random. */
void ms_apply_placement_note_tie(MsApply *apply, const MsPlacementGroup *group, const char *source);
gboolean ms_placement_filter(const MsCluster *cluster, const MsProfile *profile,
                             const MsPlacementGroup *group, const char *source, GPtrArray *candidates);

/* Replaces an instance's local devices after a device-changing request:
 * validates added and updated devices (diff only) and applies the change. */
gboolean ms_apply_instance_devices(MsApply *apply, MsInstance *instance, MsDevices *new_devices);

/* A command naming remotes (REMOTE:NAME): run on that remote's cluster, or
 * a copy/move between two remotes (ms-remote.c). */
MsOutcome *ms_remote_apply(MsCluster *cluster, MsEnv *env, const MsOp *op);

G_END_DECLS
