/* migsim: the rule table for Incus (lxc/incus), written by
 * tools/gen-incus-rules.py from the Incus source at the tags v6.0.0 .. v6.0.6:
 * per rule, Incus' text and where Incus has it, and what differs from LXD.
 * A rule without an entry is not modelled for Incus; migsim then says so.
 * Regenerate with: tools/gen-incus-rules.py > model/ms-rules-incus.c */
#include "ms-rules.h"

/* clang-format off */
#define INC_LTS { MS_SPAN_ALL, MS_SPAN_NONE }
/* clang-format on */
#define INC MS_REL_INCUS(INC_LTS)
/* Incus 6.0.6 and later LTS releases (feature releases: not read yet) */
/* clang-format off */
#define INC_SINCE_606 { MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 6)), MS_SPAN_NONE }
/* clang-format on */
/* clang-format off */
#define T(releases, text) { releases, text }
#define I(sym) [MS_RULE_##sym] = { .modelled = TRUE,
/* clang-format on */

/* clang-format off */
static const MsRuleIncusDef incus_rules[MS_RULE_LAST] = {
    I(CFG_EXPAND) .releases = MS_INC_NONE, .incus_ref = "internal/server/cluster/config/config.go (v6.0.4): no instances.migration.stateful server key (live 6.0.4: unknown key)",
      .differs = "Incus has no server key to layer under the instance config" },
    I(CFG_SRVKEY_UNKNOWN) .releases = INC_LTS, .texts = { T(INC, "cannot set '%s' to '%s': unknown key") },
      .incus_ref = "internal/server/config/map.go:213, errors.go:17 (v6.0.4); seen on the live 6.0.4 cluster",
      .differs = "LXD 5.21.2+/6.1+ quote and capitalise ('Cannot set \"k\" to \"v\": Unknown key'); Incus keeps 5.0's wording" },
    I(CFG_SRVKEY_BADBOOL) .releases = INC_LTS, .texts = { T(INC, "cannot set '%s' to '%s': invalid boolean") },
      .incus_ref = "internal/server/config/schema.go:104, errors.go:17 (v6.0.4)",
      .differs = "Incus keeps 5.0's wording" },
    I(CFG_SRVKEY_NOVALIDATE) .releases = MS_INC_NONE, .incus_ref = "internal/server/cluster/config/config.go (v6.0.4): the key does not exist",
      .differs = "the key does not exist in Incus" },
    I(CFG_INST_UNKNOWN_KEY) .releases = INC_LTS, .texts = { T(INC, "Invalid config: Unknown configuration key: %s") },
      .incus_ref = "internal/instance/config.go:1490 (v6.0.4)",
      .differs = "no per-type 'isn't supported for' wording (LXD 5.21.4+)" },
    I(CFG_INST_BADBOOL) .releases = INC_LTS, .texts = { T(INC, "Invalid config: Invalid value for a boolean \"%s\"") },
      .incus_ref = "cmd/incus/list.go:666, shared/validate/validate.go:139 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(CFG_INST_EVACUATE_VALUE) .releases = INC_LTS, .texts = { T(INC, "Invalid config: Invalid value \"%s\" (not one of [auto migrate live-migrate stop stateful-stop force-stop])") },
      .incus_ref = "internal/instance/config.go:178 (v6.0.4), shared/validate/validate.go IsOneOf",
      .differs = "two more values: stateful-stop and force-stop" },
    I(CFG_CT_STATEFUL) .releases = MS_INC_NONE, .incus_ref = "internal/instance/config.go:260 (v6.0.4): migration.stateful is a key of every instance type",
      .differs = "containers accept migration.stateful (LXD: VM-only key)" },
    I(CFG_VM_LIVEKEY) .releases = INC_LTS, .texts = { T(INC, "Key \"%s\" cannot be updated when VM is running") },
      .incus_ref = "internal/server/instance/drivers/driver_qemu.go:5854 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_KEYS) .releases = INC_LTS, .texts = { T(INC, "Invalid device option \"%s\"") },
      .incus_ref = "internal/server/device/config/devices.go:62 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_CT_IO) .releases = INC_LTS, .texts = { T(INC, "IO %s configuration cannot be applied to containers") },
      .incus_ref = "internal/server/device/disk.go:374 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_REQ_OPT) .releases = INC_LTS, .texts = { T(INC, "Cannot use both \"required\" and deprecated \"optional\" properties at the same time") },
      .incus_ref = "internal/server/device/disk.go:382 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_NEED_SOURCE) .releases = INC_LTS, .texts = { T(INC, "Disk entry is missing the required \"source\" or \"path\" property") },
      .incus_ref = "internal/server/device/disk.go:386 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_ROOT_NO_SOURCE) .releases = INC_LTS, .texts = { T(INC, "Root disk entry may not have a \"source\" property set") },
      .incus_ref = "internal/server/device/disk.go:390 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_ROOT_NEED_POOL) .releases = INC_LTS, .texts = { T(INC, "Root disk entry must have a \"pool\" property set") },
      .incus_ref = "internal/server/device/disk.go:394 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* DISK_SIZE_ROOT_ONLY: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(DISK_SIZESTATE_ROOT_ONLY) .releases = INC_LTS, .texts = { T(INC, "Only the root disk may have a migration size quota") },
      .incus_ref = "internal/server/device/disk.go:402 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_DUP_PATH) .releases = INC_LTS, .texts = { T(INC, "More than one disk device uses the same path \"%s\"") },
      .incus_ref = "internal/server/device/disk.go:428 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_SRC_ABS) .releases = INC_LTS, .texts = { T(INC, "Source path must be absolute for local sources") },
      .incus_ref = "internal/server/device/disk.go:437 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_VOL_SHIFT) .releases = INC_LTS, .texts = { T(INC, "The \"shift\" property cannot be used with custom storage volumes (set \"security.shifted=true\" on the volume instead)") },
      .incus_ref = "internal/server/device/disk.go:451 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_VOL_ABS) .releases = INC_LTS, .texts = { T(INC, "Storage volumes cannot be specified as absolute paths") },
      .incus_ref = "internal/server/device/disk.go:455 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* DISK_POOL_LOOKUP: not modelled for Incus (several LXD variants match) */
    /* DISK_SELF_ATTACH: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(DISK_VOL_LOOKUP) .releases = INC_LTS, .texts = { T(INC, "Failed loading custom volume: Storage volume not found") },
      .incus_ref = "cmd/incusd/storage_volumes.go:1189, internal/server/device/disk.go:483 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* DISK_BLOCK_SHARED_PROFILE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* DISK_BLOCK_SHARED_INSTANCE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(DISK_POOL_PENDING) .releases = INC_LTS, .texts = { T(INC, "Pool \"%s\" is pending") },
      .incus_ref = "internal/server/db/node.go:574 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_ATTACHED_REMOTE) .releases = INC_LTS, .texts = { T(INC, "Custom volume is already attached to an instance on a different node") },
      .incus_ref = "internal/server/device/disk.go:567 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_BLOCK_ON_CT) .releases = INC_LTS, .texts = { T(INC, "Custom block volumes cannot be used on containers") },
      .incus_ref = "internal/server/device/disk.go:578 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_BLOCK_PATH) .releases = INC_LTS, .texts = { T(INC, "Custom block volumes cannot have a path defined") },
      .incus_ref = "internal/server/device/disk.go:582 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_ISO_ON_CT) .releases = INC_LTS, .texts = { T(INC, "Custom ISO volumes cannot be used on containers") },
      .incus_ref = "internal/server/device/disk.go:591 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_ISO_PATH) .releases = INC_LTS, .texts = { T(INC, "Custom ISO volumes cannot have a path defined") },
      .incus_ref = "internal/server/device/disk.go:595 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_FS_NEED_PATH) .releases = INC_LTS, .texts = { T(INC, "Custom filesystem volumes require a path to be defined") },
      .incus_ref = "internal/server/device/disk.go:598 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* DISK_STATEFUL_SHARED_FS: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* DISK_STATEFUL_MANAGED: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(DISK_STATEFUL_NVME) .releases = INC_LTS, .texts = { T(INC, "NVME disks aren't supported with migration.stateful=true") },
      .incus_ref = "internal/server/device/disk.go:658 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_STATEFUL_REMOTE_POOL) .releases = INC_LTS, .texts = { T(INC, "Only additional disks coming from a shared storage pool are supported with migration.stateful=true") },
      .incus_ref = "internal/server/device/disk.go:662 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_HOTPLUG_STATEFUL) .releases = INC_LTS, .texts = { T(INC, "Failed to add device \"%s\": Device cannot be added when instance is running") },
      .incus_ref = "internal/server/instance/drivers/driver_common.go:1235, internal/server/instance/drivers/driver_common.go:1285 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DISK_CAN_MIGRATE) .releases = INC_LTS, .texts = {  },
      .incus_ref = "internal/server/device/disk.go:99 CanMigrate (v6.0.4): root disk, remote pool, cloud-init/agent sources", },
    I(DEV_STATEFUL_START) .releases = INC_LTS, .texts = { T(INC, "Failed to start device \"%s\": %s devices cannot be used when migration.stateful is enabled") },
      .incus_ref = "internal/server/device/gpu_physical.go:82, usb.go:228, pci.go:42, nic_physical.go:105, nic_sriov.go:120 (v6.0.4)", },
    I(DEV_EXISTS) .releases = INC_LTS, .texts = { T(INC, "The device already exists") },
      .incus_ref = "cmd/incus/config_device.go:163 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DEV_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Device doesn't exist") },
      .incus_ref = "cmd/incus/config_device.go:279 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(WRAP_ADD) .releases = INC_LTS, .texts = { T(INC, "Failed add validation for device \"%s\": %s") },
      .incus_ref = "internal/server/instance/drivers/driver_common.go:1272 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(WRAP_UPDATE) .releases = INC_LTS, .texts = { T(INC, "Failed update validation for device \"%s\": %s") },
      .incus_ref = "internal/server/instance/drivers/driver_common.go:1418 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(WRAP_START) .releases = INC_LTS, .texts = { T(INC, "Failed start validation for device \"%s\": %s") },
      .incus_ref = "internal/server/instance/drivers/driver_lxc.go:2126 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(WRAP_CREATE) .releases = INC_LTS, .texts = { T(INC, "Failed creating instance record: Failed initializing instance: %s") },
      .incus_ref = "cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:1014 (v6.0.4)",
      .differs = "'initializing' with a z" },
    I(CREATE_TARGET_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Cluster member \"%s\" not found") },
      .incus_ref = "internal/server/project/permissions.go:1698 CheckTarget (v6.0.4)", },
    I(CREATE_EVACUATED) .releases = INC_LTS, .texts = { T(INC, "Cluster member is evacuated") },
      .incus_ref = "cmd/incusd/instance_state.go:181 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* CREATE_NO_MEMBER: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(CREATE_DUPLICATE) .releases = INC_LTS, .texts = { T(MS_REL_INCUS(INC_LTS), "Failed creating instance record: Add instance info to the database: Failed to create \"instances\" entry: UNIQUE constraint failed: instances.project_id, instances.name") },
      .incus_ref = "cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:946, internal/server/db/cluster/instances.mapper.go:840 (v6.0.4) + SQLite; seen on the live 6.0.4 cluster",
      .differs = "inside the create operation, with SQLite's UNIQUE text (LXD 5.0.2: This \"instances\" entry already exists; LXD 5.21.5+/6.6+: a synchronous Instance \"x\" already exists)" },
    I(CREATE_NO_ROOT) .releases = INC_LTS, .texts = { T(INC, "Failed creating instance record: Failed initializing instance: Failed getting root disk: No root device could be found") },
      .incus_ref = "cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:1014 (v6.0.4)",
      .differs = "'initializing' with a z" },
    I(CREATE_POOL_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Failed creating instance record: Failed initializing instance: Failed loading storage pool: Storage pool not found") },
      .incus_ref = "cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:1014 (v6.0.4)",
      .differs = "'initializing' with a z" },
    I(CREATE_PROFILE_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Requested profile \"%s\" doesn't exist") },
      .incus_ref = "client/connection.go:295, cmd/incusd/instance_post.go:379 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(INSTANCE_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Instance not found") },
      .incus_ref = "internal/server/db/instances.go:121 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DELETE_RUNNING) .releases = INC_LTS, .texts = { T(INC, "The instance is currently running, stop it first or pass --force") },
      .incus_ref = "cmd/incus/delete.go:109 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(START_POOL_AVAIL) .releases = INC_LTS, .texts = { T(INC, "Storage pool \"%s\" unavailable on this server") },
      .incus_ref = "client/incus_server.go:242, internal/server/device/disk.go:796 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(START_ALREADY_RUNNING) .releases = INC_LTS, .texts = { T(INC, "The instance is already running") },
      .incus_ref = "internal/server/instance/drivers/driver_common.go:875 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(START_STATEFUL_NEEDS_KEY) .releases = INC_LTS, .texts = { T(INC, "Stateful start requires migration.stateful to be set to true") },
      .incus_ref = "internal/server/instance/drivers/driver_qemu.go:1046 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* START_SIZE_STATE_502: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* START_PROTECTED: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(STOP_ALREADY_STOPPED) .releases = INC_LTS, .texts = { T(INC, "The instance is already stopped") },
      .incus_ref = "cmd/incusd/api_cluster_evacuation.go:464 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(STOP_STATEFUL_NEEDS_KEY) .releases = INC_LTS, .texts = { T(INC, "Stateful stop requires migration.stateful to be set to true") },
      .incus_ref = "internal/server/instance/drivers/driver_qemu.go:5015 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* STOP_SIZE_STATE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* STOP_CT_STATEFUL: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(STATE_EVACUATED) .releases = INC_LTS, .texts = { T(INC, "Cluster member is evacuated") },
      .incus_ref = "cmd/incusd/instance_state.go:181 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(PROFILE_EXISTS) .releases = INC_LTS, .texts = { T(INC, "Error inserting \"%s\" into database: The profile already exists") },
      .incus_ref = "cmd/incusd/backup.go:65, cmd/incusd/networks.go:593, cmd/incusd/profiles.go:376 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* PROFILE_NOT_FOUND: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(PROFILE_IN_USE) .releases = INC_LTS, .texts = { T(INC, "Profile is currently in use") },
      .incus_ref = "cmd/incusd/profiles.go:913 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(POOL_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Storage pool not found") },
      .incus_ref = "cmd/incusd/instances_post.go:756 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(POOL_UNKNOWN_DRIVER) .releases = INC_LTS, .texts = { T(INC, "Unknown driver") },
      .incus_ref = "internal/server/auth/authorization.go:24 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* POOL_ALREADY_DEFINED: not modelled for Incus (several LXD variants match) */
    I(POOL_NOT_PENDING) .releases = INC_LTS, .texts = { T(INC, "Storage pool is not in pending state") },
      .incus_ref = "internal/server/db/storage_pools.go:305 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(POOL_NOT_PENDING_ANY) .releases = INC_LTS, .texts = { T(INC, "Pool not pending on any node (use --target <node> first)") },
      .incus_ref = "cmd/incusd/storage_pools.go:546 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(POOL_NOT_DEFINED_ON) .releases = INC_LTS, .texts = { T(INC, "Pool not defined on nodes: %s") },
      .incus_ref = "internal/server/db/storage_pools.go:534 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(POOL_DRIVER_MISMATCH) .releases = INC_LTS, .texts = { T(INC, "Requested storage pool driver \"%s\" doesn't match driver in existing database record \"%s\"") },
      .incus_ref = "cmd/incusd/storage_pools.go:503 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(POOL_IN_USE) .releases = INC_LTS, .texts = { T(INC, "The storage pool is currently in use") },
      .incus_ref = "cmd/incusd/storage_pools.go:1036 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(VOLUME_EXISTS) .releases = INC_LTS, .texts = { T(INC, "Volume by that name already exists") },
      .incus_ref = "cmd/incusd/storage_volumes.go:720 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* VOLUME_NOT_FOUND: not modelled for Incus (several LXD variants match) */
    I(VOLUME_AMBIGUOUS) .releases = INC_LTS, .texts = { T(INC, "More than one cluster member has a volume named \"%s\". Please target a specific member") },
      .incus_ref = "internal/server/cluster/connect.go:192 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(VOLUME_IN_USE) .releases = INC_LTS, .texts = { T(INC, "The storage volume is still in use") },
      .incus_ref = "cmd/incusd/storage_volumes.go:2192 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(MOVE_TARGET_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Cluster member \"%s\" not found") },
      .incus_ref = "client/oci_images.go:82, cmd/incus/cluster.go:1438 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(MOVE_TARGET_OFFLINE) .releases = INC_LTS, .texts = { T(INC, "Target cluster member is offline") },
      .incus_ref = "cmd/incusd/instance_post.go:447 (v6.0.4)", },
    I(MOVE_SAME_MEMBER) .releases = INC_LTS, .texts = { T(INC, "Requested target server is the same as current server") },
      .incus_ref = "cmd/incusd/instance_post.go:459 (v6.0.4); seen on the live 6.0.4 cluster (lxc-style wrapper: Migration API failure)", },
    /* MOVE_SAME_MEMBER_WAIT: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* MOVE_SAME_MEMBER_CT_LIVE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* MOVE_BACKUPS: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* MOVE_SRC_OFFLINE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(MOVE_DEST_EVACUATED) .releases = MS_INC_NONE, .incus_ref = "cmd/incusd/instance_post.go (v6.0.0 .. v6.0.6): no check of an evacuated destination",
      .differs = "Incus moves onto an evacuated member (LXD 5.21.6+/6.6+ refuses)" },
    I(MOVE_STATELESS_RUNNING) .releases = INC_LTS, .texts = { T(INC, "Instance must be stopped to be moved statelessly") },
      .incus_ref = "cmd/incusd/instance_post.go:236 (v6.0.4), :230 (v6.0.0): a running instance with a target and req.Live false (incus move --stateless: cmd/incus/move.go:150,280) is refused synchronously; wrapped 'Migration API failure: ' (cmd/incus/move.go:338)",
      .differs = "LXD has no such refusal: it stops, moves and starts the instance" },
    I(MOVE_VM_LIVE_NEEDS_KEY) .releases = INC_LTS, .texts = { T(INC, "Failed stopping instance \"%s\": Stateful stop requires migration.stateful to be set to true") },
      .incus_ref = "internal/server/instance/drivers/driver_lxc.go:2902, internal/server/instance/drivers/driver_qemu.go:5015 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* MOVE_CT_LIVE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* MOVE_COPY_DEVICES: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(MOVE_START_ON_TARGET) .releases = INC_LTS, .texts = { T(INC, "Failed starting instance \"%s\": %s") },
      .incus_ref = "cmd/incusd/instance.go:676 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(EVAC_MEMBER_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Cluster member not found") },
      .incus_ref = "internal/server/db/node.go:194 via forwardedResponseToNode, cmd/incusd/api_cluster.go:2785 (v6.0.4); seen on the live 6.0.4 cluster", },
    /* EVAC_OFFLINE: not modelled for Incus (several LXD variants match) */
    /* EVAC_NET_NOT_READY: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* EVAC_STORAGE_NOT_READY: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* EVAC_RESTORE_RUNNING: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* EVAC_ANOTHER_RUNNING: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* EVAC_QUORUM: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(EVAC_UNKNOWN_ACTION) .releases = INC_LTS, .texts = { T(INC, "Unknown action \"%s\"") },
      .incus_ref = "cmd/incusd/api_cluster.go:2908 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(EVAC_ALREADY) .releases = INC_LTS, .texts = { T(INC, "Cluster member is already evacuated") },
      .incus_ref = "cmd/incusd/api_cluster_evacuation.go:71 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(EVAC_BAD_MODE) .releases = INC_LTS, .texts = { T(INC, "Invalid value \"%s\" (not one of [auto migrate live-migrate stop stateful-stop force-stop])") },
      .incus_ref = "cmd/incusd/api_cluster.go:2797-2803 (v6.0.4): the mode is checked with the instance key validator; seen on the live 6.0.4 cluster",
      .differs = "refused synchronously (400) with the validator text; modes stateful-stop and force-stop" },
    /* EVAC_MODE: not modelled for Incus (a decision without text; not reviewed) */
    /* EVAC_CAN_MIGRATE: not modelled for Incus (a decision without text; not reviewed) */
    /* EVAC_NO_TARGET: not modelled for Incus (a decision without text; not reviewed) */
    /* EVAC_MIGRATE_FAIL: not modelled for Incus (several LXD variants match) */
    /* EVAC_START_ON_TARGET: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* EVAC_COMMITTED: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* EVAC_REVERTED: not modelled for Incus (a decision without text; not reviewed) */
    /* RESTORE_EVAC_RUNNING: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(RESTORE_BAD_MODE) .releases = INC_SINCE_606, .texts = { T(MS_REL_INCUS(INC_SINCE_606), "Invalid restore mode \"%s\"") },
      .incus_ref = "cmd/incusd/api_cluster.go:3122-3123 (v6.0.6), synchronous 400; before 6.0.6 incus cluster restore has no --action (CLI.UNKNOWN_FLAG) and the API reads no mode",
      .differs = "Incus' own text; only from 6.0.6 (was a false match on nic_ipvlan.go's 'Invalid mode')" },
    I(RESTORE_ALREADY) .releases = INC_LTS, .texts = { T(INC, "Cluster member is already restored") },
      .incus_ref = "cmd/incusd/api_cluster_evacuation.go:73 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(RESTORE_SKIP) .releases = INC_SINCE_606,
      .incus_ref = "cmd/incusd/api_cluster.go:3126, api_cluster_evacuation.go:269,281 restoreClusterMember skipInstances (v6.0.6); cmd/incus/cluster.go:1630 restore --action (v6.0.6)",
      .differs = "from 6.0.6 only (LXD 5.21.4/6.4)" },
    /* RESTORE_START_FAIL: not modelled for Incus (several LXD variants match) */
    I(RESTORE_MIGRATE_FAIL) .releases = INC_LTS, .texts = { T(INC, "Failed to wait for migration to finish: %s") },
      .incus_ref = "cmd/incusd/api_cluster_evacuation.go:485 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* RESTORE_HOLDER_OFFLINE: not modelled for Incus (several LXD variants match) */
    /* RESTORE_STOP_ON_HOLDER: not modelled for Incus (a decision without text; not reviewed) */
    I(CLI_EVAC_WRAP) .releases = INC_LTS, .texts = { T(INC, "Failed to update cluster member state: %s") },
      .incus_ref = "cmd/incus/cluster.go:1540 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(CLI_MOVE_WRAP) .releases = INC_LTS, .texts = { T(INC, "Migration operation failure: %s") },
      .incus_ref = "cmd/incus/move.go:357 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(CLI_MOVE_API_WRAP) .releases = INC_LTS, .texts = { T(INC, "Migration API failure: %s") },
      .incus_ref = "cmd/incus/move.go:338 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(CLI_UNKNOWN_FLAG) .releases = INC_LTS, .texts = { T(INC, "unknown flag: %s") },
      .incus_ref = "cmd/incus/cluster.go:1455 evacuate --action, :1480-1498 restore --force only (v6.0.4; :1287, :1312-1330 at v6.0.0), restore --action from :1630 (v6.0.6); evacuate has no --yes; cobra's text",
      .differs = "no evacuate --yes; restore --action only from 6.0.6" },
    I(WRAP_STATIC) .releases = INC_LTS, .texts = { T(INC, "Invalid devices: Device validation failed for \"%s\": %s") },
      .incus_ref = "internal/server/instance/drivers/driver_lxc.go:234, internal/server/instance/drivers/load.go:114 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(MEMBER_CONFIG_KEY) .releases = INC_LTS, .texts = { T(INC, "Invalid cluster configuration key \"%s\"") },
      .incus_ref = "cmd/incusd/api_cluster.go:1796 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(MEMBER_CONFIG_VALUE) .releases = INC_LTS, .texts = { T(INC, "Invalid cluster configuration key \"%s\" value") },
      .incus_ref = "cmd/incusd/api_cluster.go:1796 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(MEMBER_REMOVE_INSTANCES) .releases = INC_LTS, .texts = { T(INC, "Node still has the following instances: %s") },
      .incus_ref = "internal/server/db/node.go:923 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(GROUP_EXISTS) .releases = INC_LTS, .texts = { T(INC, "Cluster group \"%s\" already exists") },
      .incus_ref = "cmd/incus-migrate/main_migrate.go:329, cmd/incus/cluster_group.go:184 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(GROUP_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Cluster group \"%s\" does not exist") },
      .incus_ref = "cmd/incus-agent/network.go:69, cmd/incus/cluster_group.go:184 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* MOVE_GROUP_NO_MEMBER: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* DEV_OVERRIDE_NOT_IN_PROFILE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* VOLUME_SHARED_DISABLE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(VOLUME_RENAME_RUNNING) .releases = INC_LTS, .texts = { T(INC, "Volume is still in use by running instances") },
      .incus_ref = "cmd/incusd/storage_volumes.go:1363 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(NETWORK_NOT_FOUND) .releases = INC_LTS, .texts = { T(INC, "Network not found") },
      .incus_ref = "cmd/incusd/network_forwards.go:167 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* SNAPSHOT_NOT_FOUND: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* PLACEMENT_FILTER: not modelled for Incus (a decision without text; not reviewed) */
    /* PLACEMENT_SCRIPTLET: not modelled for Incus (a decision without text; not reviewed) */
    I(CREATE_DEVICE_OVERRIDE) .releases = INC_LTS, .texts = { T(INC, "Cannot override config for device \"%s\": Device not found in profile devices") },
      .incus_ref = "cmd/incus/create.go:357 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(MOVE_NAME_IN_USE) .releases = INC_LTS, .texts = { T(INC, "Name \"%s\" already in use") },
      .incus_ref = "cmd/incusd/api_cluster_group.go:396 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* CLI_UNKNOWN_COMMAND: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(VOLUME_BAD_CONTENT_TYPE) .releases = INC_LTS, .texts = { T(INC, "Invalid volume content type name") },
      .incus_ref = "internal/server/storage/utils.go:190 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DEV_DETACH_AMBIGUOUS) .releases = INC_LTS, .texts = { T(INC, "More than one device matches, specify the device name") },
      .incus_ref = "cmd/incus/network.go:569 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DEV_DETACH_NONE) .releases = INC_LTS, .texts = { T(INC, "No device found for this storage volume") },
      .incus_ref = "cmd/incus/storage_volume.go:838 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(DEV_DETACH_MISSING) .releases = INC_LTS, .texts = { T(INC, "The specified device doesn't exist") },
      .incus_ref = "cmd/incus/network.go:583 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(CFG_UNSET_NOT_SET) .releases = INC_LTS, .texts = { T(INC, "Can't unset key '%s', it's not currently set") },
      .incus_ref = "cmd/incus/config.go:681 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* CFG_SRVKEY_BADINT: not modelled for Incus (several LXD variants match) */
    /* CFG_SRVKEY_BADVALUE: not modelled for Incus (several LXD variants match) */
    /* PROFILE_CONFIG: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    /* PROFILE_FETCH_NOT_FOUND: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(PROFILE_NOT_APPLIED) .releases = INC_LTS, .texts = { T(INC, "Profile %s isn't currently applied to %s") },
      .incus_ref = "client/incus_images.go:549, cmd/incus/cluster_group.go:656 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(PROFILE_DUPLICATE) .releases = INC_LTS, .texts = { T(INC, "Duplicate profile found in request") },
      .incus_ref = "internal/server/instance/drivers/driver_lxc.go:4301 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(PROFILE_ROOT_IN_USE) .releases = INC_LTS, .texts = { T(INC, "At least one instance relies on this profile's root disk device") },
      .incus_ref = "cmd/incusd/profiles_utils.go:72 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    I(WRAP_PROFILE_STATIC) .releases = INC_LTS, .texts = { T(INC, "Device validation failed for \"%s\": %s") },
      .incus_ref = "internal/server/instance/drivers/load.go:114 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
    /* START_STATEFUL_NO_STATE: not modelled for Incus (no LXD variant occurs at every 6.0.x tag) */
    I(POOL_ALREADY_CREATED) .releases = INC_LTS, .texts = { T(INC, "The storage pool is already created") },
      .incus_ref = "cmd/incusd/storage_pools.go:498 (v6.0.4; same text at v6.0.0 .. v6.0.6)", },
};
/* clang-format on */

const MsRuleIncusDef *
ms_rule_incus_def(MsRuleId id)
{
    g_return_val_if_fail(id < MS_RULE_LAST, NULL);
    return &incus_rules[id];
}
