/* migsim: the rule catalogue.  Each entry's texts are LXD's exact strings per
 * release, read from canonical/lxd at the tags named in lxd_ref; "(inferred)"
 * marks behaviour read from code paths but not seen on a real cluster. */
#include "ms-rules.h"

#include <string.h>

#define ALL MS_REL_ALL
#define NOT_50 MS_REL_NOT_50
/* clang-format off */
#define T(releases, text) { releases, text }
/* clang-format on */
/* Each row's ID, status and refuser come from ms-rules.def, written once. */
#define MS_RULE(sym, id, ...) static const char rule_id_##sym[] = id;
#include "ms-rules.def"
#undef MS_RULE
#define REFUSAL_STATUS(unused, status, who, ...) status
#define REFUSAL_WHO(unused, status, who, ...) MS_REFUSER_##who
enum {
#define MS_RULE(sym, id, ...)                                      \
    rule_status_##sym = REFUSAL_STATUS(_, ##__VA_ARGS__, 0, NONE), \
    rule_refuser_##sym = REFUSAL_WHO(_, ##__VA_ARGS__, 0, NONE),
#include "ms-rules.def"
#undef MS_RULE
};
/* clang-format off */
#define R(sym) [MS_RULE_##sym] = { .id = MS_RULE_##sym, .name = rule_id_##sym, \
    .http_status = rule_status_##sym, .refuser = (MsRefuser) rule_refuser_##sym,
/* Release sets used by more than one wording change. */
#define REL_NOT_STARTED_OLD \
    { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 4)), \
      MS_SPAN_RANGE(MS_VERSION(6, 5, 0), MS_VERSION(6, 7, 0)) }
#define REL_INVALID_MODE_OLD \
    { MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 21, 4), MS_VERSION(5, 21, 5)), \
      MS_SPAN_RANGE(MS_VERSION(6, 5, 0), MS_VERSION(6, 8, 0)) }
/* 5.21.0 .. 5.21.(p-1) and 6.1 .. 6.(m-1), not 5.0. */
#define REL_NOT_50_UNTIL(p521, m6) \
    { MS_SPAN_NONE, MS_SPAN_UNTIL(MS_VERSION(5, 21, p521)), MS_SPAN_UNTIL(MS_VERSION(6, m6, 0)) }
/* Instance key checks by type map: "%q isn't supported for %q" (5.21.4+, 6.3 .. 6.7). */
#define REL_ISNT_SUPPORTED \
    { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 4)), \
      MS_SPAN_RANGE(MS_VERSION(6, 3, 0), MS_VERSION(6, 8, 0)) }
/* Every 5.21.x and 6.1 .. 6.7 (wordings changed in 6.8, not backported). */
#define REL_NOT_50_UNTIL_6_8 { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 8, 0)) }
/* lxc maps HTTP 503 to "Offline cluster members cannot be evacuated" (5.21.4, 6.4 .. 6.5). */
#define REL_OFFLINE_OLD \
    { MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 21, 4), MS_VERSION(5, 21, 5)), \
      MS_SPAN_RANGE(MS_VERSION(6, 4, 0), MS_VERSION(6, 6, 0)) }

#define REL_ONLY_6_7 { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 7, 0), MS_VERSION(6, 8, 0)) }
#define REL_NOT_50_UNTIL_6_6 { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 6, 0)) }
/* 6.7 alone: the release without any same-member check of moves. */
#define REL_ONLY_67 { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 7, 0), MS_VERSION(6, 8, 0)) }
/* clang-format on */

/* clang-format off */
static const MsRuleDef rules[MS_RULE_LAST] = {
    /* ---- config layering and config validation ---- */
    R(CFG_EXPAND) .kind = MS_RULE_KIND_DECISION, .releases = NOT_50,
      .trigger = "every instance load: expanded migration.stateful",
      .lxd_ref = "lxd/instance/instancetype/instance_utils.go:12 (lxd-5.21.7, HEAD); lxd/db/profiles.go:176 (lxd-5.0.2, no server layer)",
      .outcome_pass = "no server layer underneath (key unset or false, or overridden)",
      .outcome_fail = "server key instances.migration.stateful supplies migration.stateful=true" },
    R(CFG_SRVKEY_UNKNOWN) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(2, 0), "cannot set '%s' to '%s': unknown key"),
                 T(MS_REL_SINCE(2, 0), "Cannot set \"%s\" to \"%s\": Unknown key") },
      .trigger = "lxc config set KEY VALUE (server)",
      .lxd_ref = "lxd/config/map.go:223, errors.go:17 (lxd-5.0.2); map.go:222 (lxd-6.1), :207 (lxd-6.9)" },
    R(CFG_SRVKEY_BADBOOL) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(2, 0), "cannot set '%s' to '%s': invalid boolean"),
                 T(MS_REL_SINCE(2, 0), "Cannot set \"%s\" to \"%s\": Invalid boolean") },
      .trigger = "lxc config set KEY VALUE (server, boolean key)",
      .lxd_ref = "lxd/config/schema.go:106 (lxd-5.21.7), :117 (HEAD)" },
    R(CFG_SRVKEY_NOVALIDATE) .kind = MS_RULE_KIND_DECISION,
      .releases = NOT_50,
      .trigger = "lxc config set instances.migration.stateful (server)",
      .lxd_ref = "lxd/api_1.0.go:863 doAPI10UpdateTriggers (lxd-5.21.7), :1076 (HEAD): no case for the key",
      .outcome_pass = "accepted without checking existing instances",
      .outcome_fail = "(never: LXD has no such check)",
      .unevaluated = "documents a check LXD does not make: existing instances are never validated when the key is set (root cause of #15218)" },
    R(CFG_INST_UNKNOWN_KEY) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(4, 3), "Invalid config: Unknown configuration key: %s"),
                 T(REL_ISNT_SUPPORTED, "Invalid config: \"%s\" isn't supported for \"%s\""),
                 T(MS_REL_SINCE_6(8), "Invalid config: \"%s\" is not supported for \"%s\"") },
      .trigger = "instance create, lxc config set INSTANCE (second argument: \"container\" or \"virtual-machine\")",
      .lxd_ref = "shared/instance.go:367 (lxd-5.0.2); lxd/instance/instancetype/instance.go:1223 ConfigKeyChecker (lxd-5.21.0, 5.21.3:1295, 6.1:1236); lxd/instance/instance_utils.go:162 (lxd-5.21.4), :160 (lxd-5.21.7, lxd-6.3), :161 (lxd-6.7, lxd-6.8, lxd-6.9), :152 (HEAD); wrapped by driver_qemu.go/driver_lxc.go \"Invalid config: %w\"" },
    R(CFG_INST_BADBOOL) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid value for a boolean \"%s\"") },
      .trigger = "instance create, lxc config set INSTANCE (boolean key)",
      .lxd_ref = "shared/validate/validate.go:161 (lxd-5.0.2, lxd-5.21.7, lxd-6.9: the same line at every tag)" },
    R(CFG_INST_EVACUATE_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid value \"%s\" (not one of [auto migrate live-migrate stop])") },
      .trigger = "lxc config set INSTANCE cluster.evacuate VALUE",
      .lxd_ref = "shared/validate/validate.go IsOneOf; observed on lxd-5.0.2" },
    R(CFG_CT_STATEFUL) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(4, 3), "Invalid config: Unknown configuration key: migration.stateful"),
                 T(REL_ISNT_SUPPORTED, "Invalid config: \"migration.stateful\" isn't supported for \"container\""),
                 T(MS_REL_SINCE_6(8), "Invalid config: \"migration.stateful\" is not supported for \"container\"") },
      .trigger = "container local config (create, lxc config set)",
      .lxd_ref = "shared/instance.go:367 (lxd-5.0.2); lxd/instance/instancetype/instance.go:1223 (lxd-5.21.0, VM-only key), :1236 (lxd-6.1); lxd/instance/instance_utils.go:162 (lxd-5.21.4), :160 (lxd-5.21.7), :161 (lxd-6.8, lxd-6.9), :152 (HEAD)" },
    R(CFG_VM_LIVEKEY) .releases = ALL,
      .texts = { T(ALL, "Key \"%s\" cannot be updated when VM is running") },
      .trigger = "lxc config set on a running VM, key not live-updatable",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:4708 (lxd-5.0.2), :6063 (lxd-5.21.7), :6215 (HEAD)" },

    /* ---- disk device validation (lxd/device/disk.go validateConfig) ---- */
    R(DISK_KEYS) .releases = ALL,
      .texts = { T(ALL, "Invalid device option \"%s\"") },
      .trigger = "device add/create: unknown disk key (static and instance mode)",
      .lxd_ref = "lxd/device/config/devices.go:60 (lxd-5.0.2), :75 (lxd-5.21.0..5.21.7, lxd-6.1..6.6, lxd-6.8, lxd-6.9), :78 (lxd-6.7) Device.Validate" },
    R(DISK_CT_IO) .releases = NOT_50,
      .texts = { T(NOT_50, "IO %s configuration cannot be applied to containers") },
      .trigger = "disk with io.bus/io.cache (all 5.21/6.x) or io.threads (5.21.5+, 6.6+; key unknown before 5.21.4/6.5, accepted silently on containers in 5.21.4 and 6.5) on a container; checked threads, bus, cache in that order",
      .lxd_ref = "lxd/device/disk.go:350,354 (lxd-5.21.0, lxd-6.1), :429,433,437 (lxd-5.21.7), :423,425,427 (lxd-6.9), :416-420 (HEAD)" },
    R(DISK_REQ_OPT) .releases = ALL,
      .texts = { T(ALL, "Cannot use both \"required\" and deprecated \"optional\" properties at the same time") },
      .trigger = "disk validation (all modes)",
      .lxd_ref = "lxd/device/disk.go:183 (lxd-5.0.2), :441 (lxd-5.21.7), :425 (HEAD)" },
    R(DISK_NEED_SOURCE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(2, 2), "Disk entry is missing the required \"source\" or \"path\" property"),
                 T(MS_REL_SINCE(2, 2), "Non root disk devices require the \"source\" property") },
      .trigger = "disk validation (all modes)",
      .lxd_ref = "lxd/device/disk.go:187 (lxd-5.0.2), :453 (lxd-5.21.7), :437 (HEAD)" },
    R(DISK_ROOT_NO_SOURCE) .releases = ALL,
      .texts = { T(ALL, "Root disk entry may not have a \"source\" property set") },
      .trigger = "disk validation (all modes)",
      .lxd_ref = "lxd/device/disk.go:191 (lxd-5.0.2), :457 (lxd-5.21.7), :441 (HEAD)" },
    R(DISK_ROOT_NEED_POOL) .releases = ALL,
      .texts = { T(ALL, "Root disk entry must have a \"pool\" property set") },
      .trigger = "disk validation (all modes)",
      .lxd_ref = "lxd/device/disk.go:195 (lxd-5.0.2), :461 (lxd-5.21.7), :445 (HEAD)" },
    R(DISK_SIZE_ROOT_ONLY) .releases = ALL,
      .texts = { T(ALL, "Only the root disk may have a size quota") },
      .trigger = "disk validation (all modes)",
      .lxd_ref = "lxd/device/disk.go:199 (lxd-5.0.2), :465 (lxd-5.21.7), :449 (HEAD)" },
    R(DISK_SIZESTATE_ROOT_ONLY) .releases = ALL,
      .texts = { T(ALL, "Only the root disk may have a migration size quota") },
      .trigger = "disk validation (all modes)",
      .lxd_ref = "lxd/device/disk.go:203 (lxd-5.0.2), :469 (lxd-5.21.7), :453 (HEAD)" },
    R(DISK_DUP_PATH) .releases = ALL,
      .texts = { T(ALL, "More than one disk device uses the same path \"%s\"") },
      .trigger = "disk validation (all modes): another local disk has the same path",
      .lxd_ref = "lxd/device/disk.go:229 (lxd-5.0.2), :495 (lxd-5.21.7), :479 (HEAD)" },
    R(DISK_SRC_ABS) .releases = ALL,
      .texts = { T(ALL, "Source path must be absolute for local sources") },
      .trigger = "disk validation: host source without pool",
      .lxd_ref = "lxd/device/disk.go:238 (lxd-5.0.2), :504 (lxd-5.21.7), :488 (HEAD)" },
    R(DISK_VOL_SHIFT) .releases = ALL,
      .texts = { T(ALL, "The \"shift\" property cannot be used with custom storage volumes (set \"security.shifted=true\" on the volume instead)") },
      .trigger = "disk validation: pool and shift",
      .lxd_ref = "lxd/device/disk.go:252 (lxd-5.0.2), :519 (lxd-5.21.7), :503 (HEAD)" },
    R(DISK_VOL_ABS) .releases = ALL,
      .texts = { T(ALL, "Storage volumes cannot be specified as absolute paths") },
      .trigger = "disk validation: pool and absolute source",
      .lxd_ref = "lxd/device/disk.go:256 (lxd-5.0.2), :523 (lxd-5.21.7), :511 (HEAD)" },
    R(DISK_POOL_LOOKUP) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to get storage pool \"%s\": Storage pool not found"),
                 T(MS_REL_SINCE_6(8), "Failed getting storage pool \"%s\": Storage pool not found") },
      .trigger = "disk with a pool that does not exist (instance mode)",
      .lxd_ref = "lxd/device/disk.go:264 (lxd-5.0.2), :533 (lxd-5.21.7), :532 (lxd-6.7), :528 (lxd-6.8, lxd-6.9), :521 (HEAD)" },
    R(DISK_SELF_ATTACH) .releases = MS_REL_SINCE(4, 3),
      .texts = { T(MS_REL_SINCE(4, 3), "Instance root device cannot be attached to itself") },
      .trigger = "disk with source.type=virtual-machine naming the instance itself",
      .lxd_ref = "lxd/device/disk.go:550 (lxd-5.21.7), :538 (HEAD)" },
    R(DISK_VOL_LOOKUP) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(4, 3), "Failed loading custom volume: Storage volume not found"),
                 T(MS_REL_SINCE(4, 3), "Failed loading \"custom/%s\" from project \"default\": Storage volume not found") },
      .trigger = "custom volume disk: the volume is looked up on the instance's member",
      .lxd_ref = "lxd/device/disk.go:286 (lxd-5.0.2), :461 (lxd-5.21.0, lxd-6.1), :478 (lxd-5.21.3, lxd-6.2), :557 (lxd-5.21.4), :564 (lxd-5.21.7), :554 (lxd-6.3), :559 (lxd-6.9), :552 (HEAD)" },
    R(DISK_BLOCK_SHARED_PROFILE) .releases = MS_REL_SINCE(4, 3),
      .texts = { T(MS_REL_SINCE(4, 3), "Cannot add block volume to profiles if security.shared is false or unset") },
      .trigger = "lxc profile device add of a block volume",
      .lxd_ref = "lxd/device/disk.go:184 (lxd-5.21.7), :176 (HEAD)" },
    R(DISK_BLOCK_SHARED_INSTANCE) .releases = MS_REL_SINCE(4, 3),
      .texts = { T(MS_REL_SINCE(4, 3), "Cannot add block volume to more than one instance if security.shared is false or unset") },
      .trigger = "block volume already used by another instance",
      .lxd_ref = "lxd/device/disk.go:208 (lxd-5.21.7), :200 (HEAD)" },
    R(DISK_POOL_PENDING) .releases = ALL,
      .texts = { T(ALL, "Pool \"%s\" is pending") },
      .trigger = "disk on a pool that is still Pending (instance mode)",
      .lxd_ref = "lxd/device/disk.go:268 (lxd-5.0.2), :578 (lxd-5.21.7), :566 (HEAD)" },
    R(DISK_ATTACHED_REMOTE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(3, 2), "Custom volume is already attached to an instance on a different node"),
                 T(MS_REL_SINCE(3, 2), "Custom volume is already attached to an instance on a different cluster member") },
      .trigger = "remote non-multi-node volume used by an instance on another member",
      .lxd_ref = "lxd/device/disk.go:296 (lxd-5.0.2), :590 (lxd-5.21.7), :578 (HEAD)" },
    R(DISK_BLOCK_ON_CT) .releases = ALL,
      .texts = { T(ALL, "Custom block volumes cannot be used on containers") },
      .trigger = "block volume on a container (instance mode)",
      .lxd_ref = "lxd/device/disk.go:307 (lxd-5.0.2), :596 (lxd-5.21.7), :584 (HEAD)" },
    R(DISK_BLOCK_PATH) .releases = ALL,
      .texts = { T(ALL, "Custom block volumes cannot have a path defined") },
      .trigger = "block volume with a path (instance mode)",
      .lxd_ref = "lxd/device/disk.go:311 (lxd-5.0.2), :600 (lxd-5.21.7), :588 (HEAD)" },
    R(DISK_ISO_ON_CT) .releases = NOT_50,
      .texts = { T(NOT_50, "Custom ISO volumes cannot be used on containers") },
      .trigger = "ISO volume on a container (instance mode)",
      .lxd_ref = "lxd/device/disk.go:604 (lxd-5.21.7), :592 (HEAD)" },
    R(DISK_ISO_PATH) .releases = NOT_50,
      .texts = { T(NOT_50, "Custom ISO volumes cannot have a path defined") },
      .trigger = "ISO volume with a path (instance mode)",
      .lxd_ref = "lxd/device/disk.go:608 (lxd-5.21.7), :596 (HEAD)" },
    R(DISK_FS_NEED_PATH) .releases = ALL,
      .texts = { T(ALL, "Custom filesystem volumes require a path to be defined") },
      .trigger = "filesystem volume without a path (instance mode)",
      .lxd_ref = "lxd/device/disk.go:314 (lxd-5.0.2), :611 (lxd-5.21.7), :599 (HEAD)" },
    R(DISK_STATEFUL_SHARED_FS) .releases = MS_REL_SINCE(3, 2),
      .texts = { T(MS_REL_SINCE(3, 2), "Shared filesystem are incompatible with migration.stateful=true") },
      .trigger = "VM with expanded migration.stateful=true: create, add/update, start, evacuation probe",
      .lxd_ref = "lxd/device/disk.go:656 (lxd-5.21.7), :637 (HEAD)" },
    R(DISK_STATEFUL_MANAGED) .releases = MS_REL_SINCE(3, 2),
      .texts = { T(MS_REL_SINCE(3, 2), "Only LXD-managed disks are allowed with migration.stateful=true") },
      .trigger = "VM with expanded migration.stateful=true, disk without pool",
      .lxd_ref = "lxd/device/disk.go:660 (lxd-5.21.7), :641 (HEAD)" },
    R(DISK_STATEFUL_NVME) .releases = MS_REL_SINCE(3, 2),
      .texts = { T(MS_REL_UNTIL_6(7), "NVME disks aren't supported with migration.stateful=true"),
                 T(MS_REL_SINCE_6(7), "NVME disks are not supported with migration.stateful=true") },
      .trigger = "VM with expanded migration.stateful=true, io.bus=nvme",
      .lxd_ref = "lxd/device/disk.go:664 (lxd-5.21.7), :645 (HEAD); e89b385850 (6.7)" },
    R(DISK_STATEFUL_REMOTE_POOL) .releases = MS_REL_SINCE(3, 2),
      .texts = { T(MS_REL_SINCE(3, 2), "Only additional disks coming from a shared storage pool are supported with migration.stateful=true") },
      .trigger = "VM with expanded migration.stateful=true, non-root disk on a local pool",
      .lxd_ref = "lxd/device/disk.go:668 (lxd-5.21.7), :649 (HEAD)" },
    R(DISK_HOTPLUG_STATEFUL)
      .releases = { MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 21, 0), MS_VERSION(5, 21, 3)),
                    MS_SPAN_RANGE(MS_VERSION(6, 1, 0), MS_VERSION(6, 2, 0)) },
      .texts = { T(NOT_50, "Failed to add device \"%s\": Device cannot be added when instance is running") },
      .trigger = "disk added to a running VM with migration.stateful=true (deviceAdd refuses before deviceStart is reached; PUT operation error, PATCH sync 500)",
      .lxd_ref = "lxd/device/disk.go:116-126 CanHotPlug (lxd-5.21.0; 15e2847ddb, lifted in 5.21.3/6.2); lxd/instance/drivers/driver_common.go:1331,1489 devicesUpdate (lxd-5.21.0), :1333,1497 (lxd-5.21.2, lxd-6.1)" },
    R(DISK_CAN_MIGRATE) .kind = MS_RULE_KIND_DECISION, .releases = ALL,
      .trigger = "evacuation/restore probe of each disk",
      .lxd_ref = "lxd/device/disk.go:90 (lxd-5.0.2), :95 (lxd-5.21.7), :90 (HEAD) CanMigrate",
      .outcome_pass = "root disk or remote pool: migratable",
      .outcome_fail = "local-pool or host disk: not migratable" },
    R(DEV_STATEFUL_START) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to start device \"%s\": %s devices cannot be used when migration.stateful is enabled"),
                 T(MS_REL_SINCE_6(8), "Failed starting device \"%s\": %s devices cannot be used when migration.stateful is enabled") },
      .trigger = "VM start with a device and migration.stateful=true; %s is one of \"GPU\" (gpu physical/mdev/sriov), \"USB\", \"PCI\", \"Network physical\", \"Network SR-IOV\" (all releases), \"TPM\" (5.21.5+, 6.7+ only)",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:1134 (lxd-5.0.2), :1333 (lxd-5.21.0), :1351 (lxd-5.21.7), :1360 (lxd-6.7), :1372 (lxd-6.8), :1375 (lxd-6.9), :1396 (HEAD); lxd/device/gpu_physical.go:113, usb.go:193, pci.go:51, nic_physical.go:107, nic_sriov.go:129, tpm.go:217 (lxd-6.9)" },
    R(DEV_CAN_MIGRATE) .kind = MS_RULE_KIND_DECISION, .releases = ALL,
      .trigger = "evacuation/restore probe of each non-disk device: CanMigrate() of its type (model/ms-device-types.c): nic bridged/macvlan/sriov with a network key, nic ovn, none and tpm migrate; every other type (nic physical/ipvlan/routed/p2p, infiniband, gpu, usb, unix-*, pci, proxy) keeps the instance on its member",
      .lxd_ref = "lxd/device/device_common.go:74 default false (lxd-5.21.7, lxd-6.9; :70 at lxd-5.0.2); overrides: nic_bridged.go:58, nic_macvlan.go:34, nic_sriov.go:30, nic_ovn.go:60, none.go:13, tpm.go:30 (lxd-6.9; same methods at lxd-5.0.2 and lxd-5.21.x); called from lxd/instance/drivers/driver_common.go:1441 canMigrate (lxd-5.21.7)",
      .outcome_pass = "the device type migrates", .outcome_fail = "the device type cannot migrate" },
    R(DEV_HOTPLUG_ADD) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to add device \"%s\": Device cannot be added when instance is running"),
                 T(MS_REL_SINCE_6(8), "Failed adding device \"%s\": Device cannot be added when instance is running") },
      .trigger = "a device added to (or changed on) a running instance whose type does not hot-plug: CanHotPlug() of the type (model/ms-device-types.c), deviceCommon's answer (containers only) for types without an override, e.g. tpm, gpu mdev/sriov, infiniband, unix-*, nic p2p on a VM; none and nic ovn on a VM at 5.0.2; pci before 5.21.4/6.5; nic ipvlan and gpu mig never; a CDI gpu in a container from 5.21.3/6.2",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:1183-1184 deviceAdd, :1231 wrap (lxd-5.0.2); :1330-1331, :1378 (lxd-5.21.0); :1683-1684, :1731 (lxd-5.21.7); :1333, :1380 (lxd-6.1); :1961, :2008 (lxd-6.7); :1793, :1840 'Failed adding device' (lxd-6.8); :1813, :1860 (lxd-6.9)" },
    R(DEV_HOTPLUG_REMOVE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to stop device \"%s\": Device cannot be stopped when instance is running"),
                 T(MS_REL_SINCE_6(8), "Failed stopping device \"%s\": Device cannot be stopped when instance is running") },
      .trigger = "a device removed from (or changed on) a running instance whose type does not hot-plug: devicesUpdate stops it before removing it, and the stop refuses",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:1300 'Failed to stop device' (lxd-5.0.2), :1800 (lxd-5.21.7), :2077 (lxd-6.7), :1901 'Failed stopping device' (lxd-6.8), :1926 (lxd-6.9); the refusal at driver_qemu.go:1977 (lxd-5.0.2), :2649 (lxd-5.21.7), :2690 (lxd-6.8), :2710 (lxd-6.9) and driver_lxc.go:1496 (lxd-5.0.2), :1544 (lxd-5.21.7)" },
    R(DEV_EXISTS) .releases = ALL,
      .texts = { T(ALL, "The device already exists") },
      .trigger = "lxc config device add / storage volume attach (client-side check)",
      .lxd_ref = "lxc/config_device.go:147,164 (lxd-5.0.2), :247,264 (lxd-5.21.7), :249,271 (lxd-6.9) (client); lxc/storage_volume.go attach prints 'Device already exists: NAME'" },
    R(DEV_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Device doesn't exist"),
                 T(MS_REL_SINCE_6(8), "Device does not exist") },
      .trigger = "lxc config device remove/set, storage volume detach (client-side check)",
      .lxd_ref = "lxc/config_device.go:243,257 (lxd-5.0.2, client), :369,383 (lxd-6.9: 'does not exist' from lxd-6.8)" },
    R(WRAP_ADD) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed add validation for device \"%s\": %s") },
      .trigger = "device added by create, device add or volume attach fails validation",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:1226,1329 (lxd-5.0.2), :1726,1835 (lxd-5.21.7), :1923,2029 (HEAD)",
      .one_way = "a wrapper: only ever applied" },
    R(WRAP_UPDATE) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed update validation for device \"%s\": %s") },
      .trigger = "device whose updatable fields changed fails validation",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:1376 (lxd-5.0.2), :1914 (lxd-5.21.7), :2108 (HEAD)",
      .one_way = "a wrapper: only ever applied" },
    R(WRAP_START) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed start validation for device \"%s\": %s") },
      .trigger = "any start: all expanded devices validated in start order",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:1113 (lxd-5.0.2), :1329 (lxd-5.21.7), :1374 (HEAD); driver_lxc.go:1959/2060/1959",
      .one_way = "a wrapper: only ever applied" },
    R(WRAP_CREATE) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed creating instance record: Failed initialising instance: %s") },
      .trigger = "instance create fails device or config validation",
      .lxd_ref = "lxd/instance.go:147 (lxd-5.0.2), :158 (lxd-5.21.7), :162 (HEAD); instance_utils.go:1007/967/963",
      .one_way = "a wrapper: only ever applied" },

    /* ---- instance create / delete / start / stop ---- */
    R(CREATE_TARGET_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Cluster member not found"),
                 T(NOT_50, "Cluster member \"%s\" not found") },
      .trigger = "lxc init/launch --target with an unknown member",
      .lxd_ref = "lxd/instances_post.go:896 (lxd-5.0.2, observed: 404); lxd/project/permissions.go:1657 CheckTargetMember (lxd-5.21.0), lxd/project/limits/permissions.go:1724 (lxd-5.21.7), :1685 (lxd-6.9) via instances_post.go:1284 (lxd-5.21.7), :1440 (lxd-6.9)" },
    R(CREATE_EVACUATED) .releases = ALL,
      .texts = { T(ALL, "Cluster member is evacuated") },
      .trigger = "lxc init/launch --target an evacuated member",
      .lxd_ref = "lxd/instances_post.go:42 (lxd-5.0.2), :90 (lxd-5.21.7), :98 (HEAD)" },
    R(CREATE_NO_MEMBER) .releases = ALL,
      .texts = { T(ALL, "No suitable cluster member could be found") },
      .trigger = "lxc init/launch without --target when no member is a candidate",
      .lxd_ref = "lxd/instances_post.go (observed on lxd-5.0.2: 400)" },
    R(CREATE_DUPLICATE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed creating instance record: Add instance info to the database: This \"instances\" entry already exists"),
                 T(MS_REL_SINCE(5, 6), "Instance \"%s\" already exists") },
      .trigger = "lxc init/launch with a name in use: inside the create operation (409 from the DB mapper), from 5.21.5/6.6 a synchronous 409 of POST /1.0/instances",
      .lxd_ref = "lxd/db/cluster/instances.mapper.go:785 + lxd/instance/instance_utils.go:943 + lxd/instance.go:147 (lxd-5.0.2, observed), instance_utils.go:906 (lxd-5.21.4, lxd-6.5); lxd/instances_post.go:1348 (lxd-5.21.5), :1419 (lxd-5.21.7), :1257 (lxd-6.6), :1602 (lxd-6.9)" },
    R(CREATE_NO_ROOT) .releases = ALL,
      .texts = { T(ALL, "Failed creating instance record: Failed initialising instance: Failed getting root disk: No root device could be found") },
      .trigger = "lxc init/launch without a root disk in the profiles and no -s",
      .lxd_ref = "lxd/instance/drivers/driver_common.go (observed on lxd-5.0.2)" },
    R(CREATE_POOL_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Failed creating instance record: Failed initialising instance: Failed loading storage pool: Storage pool not found") },
      .trigger = "lxc init/launch with a root disk on an unknown pool",
      .lxd_ref = "lxd/instance/drivers/load.go (observed on lxd-5.0.2)" },
    R(CREATE_PROFILE_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Requested profile \"%s\" doesn't exist"),
                 T(MS_REL_SINCE_6(8), "Profile \"%s\" not found in project \"default\"") },
      .trigger = "lxc init/launch -p with an unknown profile (sync error of POST /1.0/instances)",
      .lxd_ref = "lxd/instances_post.go:1032 (lxd-5.0.2), :1031 (lxd-5.21.0), :1372 (lxd-5.21.7), :1432 (lxd-6.7), :1097 (lxd-6.8), :1139 (lxd-6.9) instanceProfilesFromNames" },
    R(INSTANCE_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Instance not found") },
      .trigger = "any command on an unknown instance",
      .lxd_ref = "lxd/instance/instance_utils.go LoadByProjectAndName (observed on lxd-5.0.2: 404)" },
    R(DELETE_RUNNING) .releases = ALL,
      .texts = { T(ALL, "The instance is currently running, stop it first or pass --force") },
      .trigger = "lxc delete of a running instance without --force (client check; server says 'Instance is running')",
      .lxd_ref = "lxc/delete.go; lxd/instance_delete.go (observed on lxd-5.0.2)" },
    R(START_POOL_AVAIL) .releases = ALL,
      .texts = { T(ALL, "Storage pool \"%s\" unavailable on this server") },
      .trigger = "start when the root disk's pool is not started on the member",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:914 (lxd-5.0.2); driver_common.go:1319 (lxd-5.21.7), :1517 (HEAD)" },
    R(START_NETWORK_AVAIL) .releases = ALL,
      .texts = { T(ALL, "Network \"%s\" unavailable on this server") },
      .trigger = "start of an instance with a nic on a managed network when the member's networks did not start (fault member M networks-not-started)",
      .lxd_ref = "lxd/device/nic_bridged.go:478 PreStartCheck (lxd-5.0.2), :490 (lxd-5.21.7), :486 (lxd-6.9); nic_ovn.go, nic_macvlan.go, nic_sriov.go the same" },
    R(START_ALREADY_RUNNING) .releases = ALL,
      .texts = { T(ALL, "The instance is already running") },
      .trigger = "start of a running instance",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:697 (lxd-5.0.2), :1108 (lxd-5.21.7), :1463 (HEAD)" },
    R(START_STATEFUL_NEEDS_KEY) .releases = ALL,
      .texts = { T(ALL, "Stateful start requires migration.stateful to be set to true") },
      .trigger = "lxc start --stateful of a VM without migration.stateful",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:926 (lxd-5.0.2), :1069 (lxd-5.21.7), :1088 (HEAD)" },
    R(START_SIZE_STATE_502) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Stateful start requires that the instance limits.memory is less than size.state on the root disk device") },
      .trigger = "any start of a VM with migration.stateful=true",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:959 (lxd-5.0.2); removed in 5.21.0 (2db6af8c55)" },
    R(START_PROTECTED) .releases = MS_REL_SINCE(3, 2),
      .texts = { T(MS_REL_SINCE(3, 2), "Instance is protected from being started") },
      .trigger = "start with security.protection.start=true (key unknown before 5.21.3/6.2)",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:1050 (lxd-5.21.3, lxd-6.2), :1074 (lxd-5.21.7), :1092 (lxd-6.9); driver_lxc.go:2614 (lxd-5.21.3), :2678 (lxd-5.21.7), :2571 (lxd-6.9)" },
    R(STOP_ALREADY_STOPPED) .releases = ALL,
      .texts = { T(ALL, "The instance is already stopped") },
      .trigger = "stop of a stopped instance",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:45 (lxd-5.0.2), :52 (lxd-5.21.7), :54 (HEAD)" },
    R(STOP_STATEFUL_NEEDS_KEY) .releases = ALL,
      .texts = { T(ALL, "Stateful stop requires migration.stateful to be set to true") },
      .trigger = "lxc stop --stateful of a VM without migration.stateful (and 5.0.2 live moves)",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:3965 (lxd-5.0.2), :5244 (lxd-5.21.7), :5462 (HEAD)" },
    R(STOP_SIZE_STATE) .releases = NOT_50,
      .texts = { T(NOT_50, "When migration.stateful is enabled the root disk's size.state setting should be set to at least the limits.memory size in order to accommodate the stateful stop file") },
      .trigger = "lxc stop --stateful of a VM whose size.state < limits.memory",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:1054 (lxd-5.21.7), :1073 (HEAD)" },
    R(STOP_CT_STATEFUL) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Unable to perform container live migration. CRIU isn't installed"),
                 T(REL_NOT_50_UNTIL(8, 6), "Unable to perform live container migration. CRIU isn't installed. To migrate the container, stop the container before migration or install CRIU"),
                 T(MS_REL_SINCE_6(6), "Stateful stop is not supported for containers") },
      .trigger = "lxc stop --stateful of a running container: refused outright from 6.6; before, the CRIU checkpoint fails (migsim assumes no CRIU, as for live moves); the container keeps running",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:2560,2582 Stop -> Migrate, :4968 (lxd-5.0.2); Stop :2577 -> migrate :6355 + lxd/migration/utils.go:115 (lxd-5.21.0, lxd-6.1 :2589/:6338), :2621/:6420 (lxd-5.21.3), :2689/:6493 + utils.go:120 (lxd-5.21.7), :2643/:6425 (lxd-6.5); refused at driver_lxc.go:2627 (lxd-6.6), :2609 (lxd-6.7), :2591 (lxd-6.8), :2592 (lxd-6.9)",
      .one_way = "migsim assumes no CRIU (as for live moves), so a stateful stop of a running container always fails" },
    R(STATE_EVACUATED) .releases = ALL,
      .texts = { T(ALL, "Cluster member is evacuated") },
      .trigger = "lxc start/restart of an instance on an evacuated member (stop is allowed)",
      .lxd_ref = "lxd/instance_state.go:175 (lxd-5.0.2), :183 (lxd-5.21.7), :137 (HEAD)" },

    /* ---- profiles, pools, volumes ---- */
    R(PROFILE_EXISTS) .releases = ALL,
      .texts = { T(ALL, "Error inserting \"%s\" into database: The profile already exists") },
      .trigger = "lxc profile create of an existing profile",
      .lxd_ref = "lxd/profiles.go:290,317 (lxd-5.0.2), :426,453 (lxd-5.21.7), :421,448 (lxd-6.9)" },
    R(PROFILE_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Profile not found") },
      .trigger = "any command naming an unknown profile",
      .lxd_ref = "lxd/db/cluster/profiles.mapper.go:366 GetProfile (lxd-5.0.2 .. lxd-5.21.4, lxd-6.1 .. lxd-6.5), :345 (lxd-5.21.5+, lxd-6.6+)" },
    R(PROFILE_IN_USE) .releases = ALL,
      .texts = { T(ALL, "Profile is currently in use") },
      .trigger = "lxc profile delete of a profile used by an instance",
      .lxd_ref = "lxd/profiles.go:791 (lxd-5.0.2), :944 (lxd-5.21.7), :1000 (lxd-6.9) profileDelete" },
    R(POOL_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Storage pool not found") },
      .trigger = "any command naming an unknown pool",
      .lxd_ref = "lxd/storage_pools.go (observed on lxd-5.0.2)" },
    R(POOL_UNKNOWN_DRIVER) .releases = ALL,
      .texts = { T(ALL, "Unknown driver") },
      .trigger = "lxc storage create with a driver this release does not ship (storagePoolValidate -> LoadByType -> drivers.Load; 400)",
      .lxd_ref = "lxd/storage/drivers/errors.go:8 (lxd-5.0.2), :9 (lxd-5.21.7, lxd-6.9); lxd/storage/drivers/load.go:34 (lxd-5.0.2), :37 (lxd-5.21.7), :44 (lxd-6.9); lxd/storage_pools_utils.go:44 (lxd-5.0.2), :49 (lxd-5.21.7, lxd-6.9)" },
    R(POOL_ALREADY_DEFINED) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "The storage pool already defined on member \"%2$s\""),
                 T(MS_REL_SINCE_6(8), "Storage pool \"%s\" already defined on member \"%s\"") },
      .trigger = "lxc storage create --target twice for one member (6.8+: pool name first, then member; error of an operation)",
      .lxd_ref = "lxd/storage_pools.go:321 (lxd-5.0.2, observed), :388 (lxd-5.21.7), :389 (lxd-6.7), :375 (lxd-6.8)" },
    R(POOL_NOT_PENDING) .releases = ALL,
      .texts = { T(ALL, "Storage pool is not in pending state") },
      .trigger = "lxc storage create --target after the pool was created",
      .lxd_ref = "lxd/db/storage_pools.go:306 (all tags; observed on lxd-5.0.2)" },
    R(POOL_NOT_PENDING_ANY) .releases = ALL,
      .texts = { T(ALL, "Pool not pending on any node (use --target <node> first)") },
      .trigger = "final lxc storage create of a local pool without any --target step",
      .lxd_ref = "lxd/storage_pools.go:444 (lxd-5.0.2, observed), :519 (lxd-5.21.7), :554 (lxd-6.9)" },
    R(POOL_NOT_DEFINED_ON) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(3, 2), "Pool not defined on nodes: %s"),
                 T(MS_REL_SINCE(3, 2), "Pool not defined on cluster members: %s") },
      .trigger = "final lxc storage create while some member has no pending entry",
      .lxd_ref = "lxd/db/storage_pools.go:461 (lxd-5.0.2, observed), :535 (lxd-5.21.0 .. lxd-6.9)" },
    R(POOL_DRIVER_MISMATCH) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Requested storage pool driver \"%s\" doesn't match driver in existing database record \"%s\""),
                 T(MS_REL_SINCE_6(8), "Requested storage pool driver \"%s\" does not match driver in existing database record \"%s\"") },
      .trigger = "lxc storage create with another driver than the pending entries",
      .lxd_ref = "lxd/storage_pools.go:401 (lxd-5.0.2, observed), :476 (lxd-5.21.7), :477 (lxd-6.7), :514 (lxd-6.8), :511 (lxd-6.9)" },
    R(POOL_IN_USE) .releases = ALL,
      .texts = { T(ALL, "The storage pool is currently in use") },
      .trigger = "lxc storage delete of a pool with volumes or instances",
      .lxd_ref = "lxd/storage_pools.go:918 (lxd-5.0.2), :1018 (lxd-5.21.7), :1090 (lxd-6.9) storagePoolDelete" },
    R(VOLUME_EXISTS) .releases = ALL,
      .texts = { T(ALL, "Volume by that name already exists") },
      .trigger = "lxc storage volume create of an existing name on the same member",
      .lxd_ref = "lxd/storage_volumes.go (observed on lxd-5.0.2: 409)" },
    R(VOLUME_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Storage pool volume not found"),
                 T(MS_REL_NOT_50, "Storage volume not found") },
      .trigger = "lxc storage volume delete/set/get/rename of an unknown volume",
      .lxd_ref = "lxd/db/storage_volumes.go:535 GetStoragePoolNodeVolumeID (lxd-5.0.2, live: DELETE 404 'Storage pool volume not found'); the 5.21.x/6.x text is not audited here (the same text is still in lxd/db/storage_volumes.go at lxd-5.21.0 and lxd-6.1)" },
    R(VOLUME_AMBIGUOUS) .releases = ALL,
      .texts = { T(ALL, "More than one cluster member has a volume named \"%s\". Please target a specific member") },
      .trigger = "unqualified reference to a local volume that exists on two members",
      .lxd_ref = "lxd/cluster/connect.go:171 (lxd-5.0.2, observed: 500), :188 (lxd-5.21.0..5.21.2, lxd-6.1); lxd/storage_volumes.go:3039 (lxd-5.21.7), :3102 (lxd-6.9)" },
    R(VOLUME_NOT_FOUND_TARGETED) .releases = ALL,
      .texts = { T(ALL, "Storage volume not found") },
      .trigger = "a custom volume named with --target that is not on that member (rename, delete, snapshot, set, storage volume copy|move)",
      .lxd_ref = "lxd/response.go:66 forwardedResponseIfVolumeIsRemote returns at once with ?target= (lxd-5.0.2), so the handler's own load answers: lxd/db/storage_volumes.go:229 GetStoragePoolVolume, e.g. from the delete handler lxd/storage_volumes.go:1786 (lxd-5.0.2; live: rename, snapshot and delete --target); without --target lxd-5.0.2 answers from GetStorageVolumeNodes (:658, VOLUME.NOT_FOUND)" },
    R(VOLUME_COPY_EXISTS_MIGRATION) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed storage volume creation: Volume by that name already exists") },
      .trigger = "lxc storage volume copy|move onto a name that exists on another member than the source's (lxd-5.0.2 copies between members by migration)",
      .lxd_ref = "lxc/storage_volume.go:432 dstServer.UseTarget, client/lxd_storage_volumes.go:475 CopyStoragePoolVolume takes the migration path unless the volume is on the target member, :405,465 remoteOperationError wraps the target's refusal lxd/storage_volumes.go:611 (lxd-5.0.2; live 2026-12-02). From lxd-5.21.0 the copy stays inside the cluster (cluster_internal_custom_volume_copy, client/lxd_storage_volumes.go:605 at lxd-5.21.7) and the refusal is VOLUME.EXISTS (lxd/storage_volumes.go:1123 at lxd-5.21.7)" },
    R(VOLUME_MOVE_DELETE_IN_USE) .releases = ALL,
      .texts = { T(ALL, "Failed deleting source volume after copy: The storage volume is still in use") },
      .trigger = "lxc storage volume move of a volume an instance uses: on a cluster lxc copies, then deletes the source, which is refused; the copy stays",
      .lxd_ref = "lxc/storage_volume.go:442 srcServer.UseTarget makes srcServer != dstServer on a cluster, so :482-501 copy then delete (lxd-5.0.2; live 2026-12-02: both volumes remain); :487,561-600 (lxd-5.21.7), :483,561-600 (lxd-6.9); the delete's refusal is VOLUME.IN_USE" },
    R(VOLUME_IN_USE) .releases = ALL,
      .texts = { T(ALL, "The storage volume is still in use") },
      .trigger = "lxc storage volume delete of an attached volume",
      .lxd_ref = "lxd/storage_volumes.go:1811 (lxd-5.0.2, observed: 400), :2541 (lxd-5.21.7), :2543 (lxd-6.9)" },

    /* ---- lxc move --target ---- */
    R(MOVE_TARGET_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Failed to get target node: Cluster member not found"),
                 T(NOT_50, "Cluster member \"%s\" not found") },
      .trigger = "lxc move --target with an unknown member (sync; lxc prints it as Migration API failure: ...)",
      .lxd_ref = "lxd/instance_post.go:141 (lxd-5.0.2, observed: 404); lxd/project/permissions.go:1657 CheckTargetMember (lxd-5.21.0), lxd/project/limits/permissions.go:1724 (lxd-5.21.7), :1685 (lxd-6.9) via instance_post.go:263 (lxd-5.21.7), :254 (lxd-6.9)" },
    R(MOVE_TARGET_OFFLINE) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Target node is offline"),
                 T(NOT_50, "Target cluster member is offline") },
      .trigger = "lxc move --target an offline member",
      .lxd_ref = "lxd/instance_post.go:173 (lxd-5.0.2), :330 (lxd-5.21.7), :296 (HEAD)" },
    R(MOVE_SAME_MEMBER) .releases = ALL,
      .texts = { T(ALL, "Target must be different than instance's current location") },
      .trigger = "lxc move --target the instance's own member: inside the migration operation after the backups check (5.0.2, 5.21.0-5.21.4, 6.1-6.6; lxc prints it raw), synchronous from 5.21.5/6.8 (Migration API failure: ...); 6.7 has no check (MOVE.SAME_MEMBER_WAIT)",
      .lxd_ref = "lxd/instance_post.go:970 (lxd-5.0.2); migrateInstance :946 (lxd-5.21.0, lxd-6.1), :968 (lxd-5.21.4, lxd-6.5), :957 (lxd-6.6); sync at :386 (lxd-5.21.5 .. lxd-5.21.7), :358 (lxd-6.8), :352 (lxd-6.9)" },
    R(MOVE_SAME_MEMBER_WAIT) .releases = REL_ONLY_67,
      .texts = { T(REL_ONLY_67, "Failed waiting for migration control connection on source: context deadline exceeded") },
      .trigger = "6.7: lxc move --target the instance's own member starts a pull-mode migration source that no target connects to; the operation fails after 10 s (inferred from the code; lxc wraps it as Migration operation failure: ...)",
      .lxd_ref = "lxd/instance_post.go:339-340,446-505 (lxd-6.7) -> lxd/migrate_instance.go:87-93 Do, lxd/migration_connection.go:148-152 ctx.Err() (lxd-6.7)",
      .one_way = "only 6.7 lacks the check, and there the move can only fail" },
    R(MOVE_SAME_MEMBER_CT_LIVE) .releases = REL_ONLY_67,
      .texts = { T(REL_ONLY_67, "Live migration is not supported for containers") },
      .trigger = "6.7: lxc move --target the own member of a running container without --stateless: newMigrationSource refuses synchronously (500; lxc: Migration API failure: ...)",
      .lxd_ref = "lxd/instance_post.go:446-449 (lxd-6.7) -> lxd/migrate_instance.go:43 newMigrationSource (lxd-6.7)" },
    R(MOVE_BACKUPS) .releases = ALL,
      .texts = { T(ALL, "Instance has backups") },
      .trigger = "lxc move and restore's move-back of an instance with backups",
      .lxd_ref = "lxd/instance_post.go:300 (lxd-5.0.2), :427 (lxd-5.21.7), :393 (HEAD)" },
    R(MOVE_SRC_OFFLINE) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Failed loading instance storage pool: Failed getting instance storage pool name: Instance storage pool not found"),
                 T(MS_REL_NOT_50, "The cluster member hosting the instance is offline") },
      .trigger = "lxc move of an instance whose member is offline (non-remote pool)",
      .lxd_ref = "lxd/instance_post.go:991 (lxd-5.0.2), :772 (lxd-5.21.7), :766 (HEAD); on lxd-5.0.2 migrateInstance loads the instance's pool first (instance_post.go:973-976), which the member handling the request cannot find for a local pool (live: tests/live/scenarios/offline-member.scn)" },
    R(MOVE_STATELESS_RUNNING) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move --target --stateless of a running instance (Incus only: LXD stops, moves and starts it)",
      .lxd_ref = "none in LXD: lxd/instance_post.go (lxd-5.0.2 .. lxd-6.9) moves a running instance statelessly" },
    R(MOVE_DEST_EVACUATED) .releases = MS_REL_SINCE(5, 6),
      .texts = { T(MS_REL_SINCE(5, 6), "The destination cluster member is evacuated") },
      .trigger = "lxc move --target an evacuated member",
      .lxd_ref = "lxd/instance_post.go:777 (lxd-5.21.7), :771 (HEAD); PR #16609" },
    R(MOVE_VM_LIVE_NEEDS_KEY) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Failed stopping instance \"%s\": Stateful stop requires migration.stateful to be set to true"),
                 T(REL_NOT_50_UNTIL(3, 2), "Instance move to destination failed: Error transferring instance data: Failed migration on target: Failed receiving migration offer from source: <the source closed the connection>"),
                 T(MS_REL_SINCE(3, 2), "Instance move to destination failed on source: Failed migration on source: Stateful migration requires migration.stateful to be set to true") },
      .trigger = "live move (no --stateless) of a running VM without migration.stateful; 5.21.0-5.21.2 and 6.1 wait for the destination first and report its failure once the source hangs up (inferred; the innermost text is the websocket error, timing-dependent)",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:6512 (lxd-5.21.0), :6832 (lxd-5.21.7), :6974 (HEAD); destination first: lxd/instance_post.go:785 (lxd-5.21.0, lxd-6.1), instances_post.go:372 'Error transferring instance data', migrate_instance.go:280, driver_qemu.go:7061 (lxd-5.21.0); source first: instance_post.go:795 (lxd-5.21.3, lxd-6.2), :949 (lxd-5.21.7); 5.0.2 stops statefully first (inferred composition)" },
    R(MOVE_CT_LIVE) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Failed stopping instance \"%s\": Unable to perform container live migration. CRIU isn't installed"),
                 T(REL_NOT_50_UNTIL(8, 6), "Failed setting up instance migration on source: Unable to perform live container migration. CRIU isn't installed on the source server. To migrate the container, stop the container before migration or install CRIU on the source server"),
                 T(MS_REL_SINCE_6(6), "Failed setting up instance migration on source: Live migration is not supported for containers") },
      .trigger = "live move or live-migrate evacuation of a running container",
      .lxd_ref = "lxd/migrate_instance.go:61 (lxd-5.0.2, observed); lxd/migration/utils.go:114 + migrate_instance.go:46 (lxd-5.21.7), wrapped at instance_post.go:728 (lxd-5.21.0), :892 (lxd-5.21.7); migrate_instance.go:43 (lxd-6.6 .. lxd-6.9, HEAD), wrapped at instance_post.go:745 (lxd-6.6), :878 (lxd-6.9)" },
    R(MOVE_COPY_DEVICES) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Copy instance operation failed: Failed instance creation: Failed creating instance record: Failed initialising instance: %s") },
      .trigger = "5.0.2 cluster move: the copy on the target validates every device as on create",
      .lxd_ref = "lxd/instance_post.go instancePostClusteringMigrate (lxd-5.0.2, observed)" },
    R(MOVE_START_ON_TARGET) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "%2$s"),
                 T(NOT_50, "Failed starting instance \"%s\": %s") },
      .trigger = "a running instance moved statelessly is started on the target; a synchronous refusal of the start request (Cluster member is evacuated, 5.21.0-5.21.4 and 6.1-6.5 where the move itself does not check) is returned raw, a failed start operation is wrapped",
      .lxd_ref = "lxd/instance_post.go:860-867 (lxd-5.21.0, lxd-6.1), :870-877 (lxd-5.21.3, lxd-6.2), :882-889 (lxd-5.21.4, lxd-6.5), :1005-1012 (lxd-5.21.5), :1010-1017 (lxd-5.21.7), :863-870 (lxd-6.6), :1032-1039 (lxd-6.7), :1026-1033 (lxd-6.8), :1020-1027 (lxd-6.9): 'return err' for UpdateInstanceState, 'Failed starting instance %q: %w' for op.Wait; observed raw on lxd-5.0.2",
      .outcome_pass = "started on the target", .outcome_fail = "start on the target failed" },

    /* ---- lxc cluster evacuate ---- */
    R(EVAC_MEMBER_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Cluster member not found") },
      .trigger = "evacuate/restore of an unknown member",
      .lxd_ref = "lxd/api_cluster.go (observed on lxd-5.0.2: 404)" },
    R(EVAC_OFFLINE) .releases = ALL,
      .texts = { T(REL_OFFLINE_OLD, "Offline cluster members cannot be evacuated"),
                 /* the server's text; lxc adds "Failed to update cluster
                  * member state: " (live on lxd-5.0.2) */
                 T(MS_REL_UNTIL(5, 6), "Missing event connection with target cluster member"),
                 T(MS_REL_SINCE(5, 6), "Cannot %s offline cluster member") },
      .trigger = "evacuate/restore of an offline member (the request cannot be forwarded); %s is the action (evacuate or restore); the 5.21.4/6.4-6.5 text is the same for restore",
      .lxd_ref = "lxd/cluster/connect.go:37 (lxd-5.0.2), :38 (lxd-5.21.0), 503 since :41 (lxd-5.21.4) and :37 (lxd-6.3); lxc/cluster.go:1139 (lxd-5.0.2), :1241 (lxd-5.21.0), :1405 (lxd-5.21.4 old text, lxd-5.21.5..5.21.7), :1406 (lxd-6.4), :1405 (lxd-6.5, lxd-6.6), :1397 (lxd-6.9, HEAD); #15222" },
    R(EVAC_NET_NOT_READY) .releases = MS_REL_SINCE(4, 5),
      .texts = { T(REL_NOT_STARTED_OLD, "Cannot %s \"%s\" because some networks aren't started yet"),
                 T(MS_REL_SINCE_6(7), "Cannot %s \"%s\" because some networks have not started yet") },
      .trigger = "evacuate/restore while the member's networks are not started",
      .lxd_ref = "lxd/api_cluster.go:3086 (lxd-5.21.7), api_cluster_member.go:1345 (HEAD)" },
    R(EVAC_STORAGE_NOT_READY) .releases = MS_REL_SINCE(4, 5),
      .texts = { T(REL_NOT_STARTED_OLD, "Cannot %s \"%s\" because some storage pools aren't started yet"),
                 T(MS_REL_SINCE_6(7), "Cannot %s \"%s\" because some storage pools have not started yet") },
      .trigger = "evacuate/restore while the member's storage pools are not started",
      .lxd_ref = "lxd/api_cluster.go:3088 (lxd-5.21.7), api_cluster_member.go:1347 (HEAD)" },
    R(EVAC_RESTORE_RUNNING) .releases = MS_REL_SINCE(5, 6),
      .texts = { T(MS_REL_SINCE(5, 6), "Cannot evacuate \"%s\" while a restore operation is in progress") },
      .trigger = "evacuate while a restore of the member is in flight (`lxc cluster restore M &`, before its `wait`)",
      .lxd_ref = "lxd/api_cluster.go:3085 (lxd-5.21.5), :3100 (lxd-5.21.6, lxd-5.21.7), :3092 (lxd-6.6); api_cluster_member.go:1367 (lxd-6.7), :1384 (lxd-6.8), :1529 validateEvacuateRequest (lxd-6.9); absent at lxd-5.21.4 and lxd-6.5; added with RESTORE.EVAC_RUNNING by PR #16853 (#15877)" },
    R(EVAC_ANOTHER_RUNNING) .releases = MS_REL_SINCE_6(9),
      .texts = { T(MS_REL_SINCE_6(9), "Cannot evacuate \"%s\" while another cluster member evacuation is in progress") },
      .trigger = "evacuate while any evacuation (of any member) is in flight",
      .lxd_ref = "lxd/api_cluster_member.go:1533-1542 validateEvacuateRequest (lxd-6.9, HEAD), and the operation's ConflictReference :1444; commit 6b2ff84a15; absent at lxd-6.8" },
    R(EVAC_QUORUM) .releases = MS_REL_SINCE_6(9),
      .texts = { T(MS_REL_SINCE_6(9), "Insufficient online voters to maintain quorum") },
      .trigger = "evacuate of an online voter without --force",
      .lxd_ref = "lxd/api_cluster_member.go:1608 checkEvacuationQuorum, :1672 (lxd-6.9, HEAD); absent at lxd-6.8" },
    R(EVAC_UNKNOWN_ACTION) .releases = ALL,
      .texts = { T(ALL, "Unknown action \"%s\"") },
      .trigger = "POST /1.0/cluster/members/NAME/state with an unknown action",
      .lxd_ref = "lxd/api_cluster.go:2768 (lxd-5.0.2), :3201 (lxd-5.21.7), api_cluster_member.go:1467 (HEAD)",
      .unevaluated = "lxc sends its command's name (evacuate or restore) as the action: lxc/cluster.go:1134 (lxd-5.0.2), :1396 (lxd-5.21.7), :1387 (lxd-6.9)" },
    R(EVAC_ALREADY) .releases = ALL,
      .texts = { T(ALL, "Cluster member is already evacuated") },
      .trigger = "evacuate of an evacuated member",
      .lxd_ref = "lxd/api_cluster.go:2786 (lxd-5.0.2), :3220 (lxd-5.21.7), api_cluster_member.go:1495 (HEAD)" },
    R(EVAC_BAD_MODE) .releases = MS_REL_SINCE(4, 5),
      .texts = { T(REL_INVALID_MODE_OLD, "Invalid mode: \"%s\""),
                 T(MS_REL_SINCE(5, 8), "Invalid evacuation mode: \"%s\"") },
      .trigger = "evacuate --action with an unknown mode (auto included; heal before 5.21.5/6.8), first instance; 5.21.0-5.21.3 and 6.1-6.4 ignore an unknown mode",
      .lxd_ref = "lxd/api_cluster.go:3373 (lxd-5.21.4), :3326 (lxd-5.21.5), :3341 (lxd-5.21.6, lxd-5.21.7), :3379 (lxd-6.5), :3334 (lxd-6.6); lxd/api_cluster_member.go:1616 (lxd-6.7), :1643 (lxd-6.8), :1873 (lxd-6.9); no default case: api_cluster.go:3263-3275 (lxd-5.21.0, lxd-6.1), :3328-3340 (lxd-5.21.3), :3356-3366 (lxd-6.4)" },
    R(EVAC_MODE) .kind = MS_RULE_KIND_DECISION, .releases = ALL,
      .trigger = "each instance: --action, else cluster.evacuate, else auto",
      .lxd_ref = "lxd/api_cluster.go:3330-3345 (lxd-5.21.7), api_cluster_member.go:1860 (HEAD)",
      .outcome_pass = "migrate (cold or live)", .outcome_fail = "stop only, stays on the member" },
    R(EVAC_CAN_MIGRATE) .kind = MS_RULE_KIND_DECISION, .releases = ALL,
      .trigger = "cluster.evacuate=auto: every expanded device built in instance mode",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:945 (lxd-5.0.2), :1409 (lxd-5.21.7), :1607 (HEAD)",
      .outcome_pass = "all devices valid and migratable", .outcome_fail = "a device is invalid or not migratable" },
    R(EVAC_NO_TARGET) .kind = MS_RULE_KIND_DECISION, .releases = ALL,
      .trigger = "migrating instance, no candidate member (warning only)",
      .lxd_ref = "lxd/api_cluster.go:2931 (lxd-5.0.2), :3366 (lxd-5.21.7), api_cluster_member.go:1898 (HEAD)",
      .outcome_pass = "target chosen: fewest instances, ties to the lowest member ID",
      .outcome_fail = "no target: instance skipped (No migration target available for instance)" },
    R(EVAC_MIGRATE_FAIL) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Failed to migrate instance: %2$s"),
                 T(REL_NOT_50_UNTIL(5, 6), "Failed to migrate instance \"%s\" in project \"default\": %s"),
                 T(MS_REL_SINCE(5, 6), "Failed migrating instance \"%s\" in project \"default\": %s") },
      .trigger = "migration of an instance during evacuation fails",
      .lxd_ref = "lxd/api_cluster.go:2952 (lxd-5.0.2), :3025 (lxd-5.21.0, lxd-6.1), :3121 (lxd-5.21.4), :3127 (lxd-6.5), :3129 (lxd-5.21.5), :3144 (lxd-5.21.7), :3136 (lxd-6.6), api_cluster_member.go:1404 (lxd-6.9, HEAD)" },
    R(EVAC_START_ON_TARGET) .releases = ALL,
      .texts = { T(ALL, "%s") },
      .trigger = "a migrated instance that was running (5.21+: or should auto-start) is started on its target",
      .lxd_ref = "lxd/api_cluster.go (lxd-5.0.2) evacuateClusterMember; :3160 (lxd-5.21.7); api_cluster_member.go:1420 (HEAD)" },
    R(EVAC_NIL_POOL_CRASH) .releases = MS_REL_UNTIL_6(8),
      .texts = { T(MS_REL_UNTIL_6(8), "<connection to the LXD daemon on %s lost: it crashed on a nil pointer dereference in the disk device's CanMigrate (device \"%s\" has no storage pool)>") },
      .trigger = "evacuation (or restore) probes an instance with cluster.evacuate=auto that has a non-root disk without a pool (a host path, cloud-init:config, ceph:/cephfs: source): before 6.8 disk CanMigrate dereferences the nil pool; the Go panic ends the daemon that runs the operation, so the operation never completes (the member stays EVACUATED, the instance and those after it are untouched); the text is migsim's, the client sees a broken connection",
      .lxd_ref = "lxd/device/disk.go:95-99 d.pool.Driver() (lxd-5.0.2 :90-94, lxd-5.21.0 :91-95, lxd-5.21.7 :95-99, lxd-6.7); guarded at disk.go:96-98 (lxd-6.8, 2d09341341); called from lxd/instance/drivers/driver_common.go:1441 (lxd-5.21.7) in evacuateInstances api_cluster.go:3324 and restore :3499 (lxd-5.21.7); no recover() in lxd/operations" },
    R(EVAC_COMMITTED) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_SINCE_6(9),
      .texts = { T(MS_REL_SINCE_6(9), "%s (cluster member remains evacuated)") },
      .trigger = "end of an evacuation that set the member EVACUATED (6.9+: no revert on failure)",
      .lxd_ref = "lxd/api_cluster_member.go:1779 (lxd-6.9): the error gets the suffix, the member state is not reverted",
      .outcome_pass = "evacuation completed: member EVACUATED",
      .outcome_fail = "evacuation failed: member stays EVACUATED, error suffixed (cluster member remains evacuated)" },
    R(EVAC_REVERTED) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_UNTIL_6(9),
      .trigger = "end of an evacuation that set the member EVACUATED (before 6.9: revert registered)",
      .lxd_ref = "lxd/api_cluster.go:2857-2858 (lxd-5.0.2), :3280 (lxd-5.21.7), revert to ClusterMemberStateCreated",
      .outcome_pass = "evacuation completed: member EVACUATED",
      .outcome_fail = "evacuation failed: member reverted to ONLINE, error unchanged" },

    /* ---- lxc cluster restore ---- */
    R(RESTORE_EVAC_RUNNING) .releases = MS_REL_SINCE(5, 6),
      .texts = { T(MS_REL_SINCE(5, 6), "Cannot restore \"%s\" while an evacuate operation is in progress") },
      .trigger = "restore while an evacuation of the same member is in flight (`lxc cluster evacuate M &`, before its `wait`); an evacuation of another member is not looked at",
      .lxd_ref = "lxd/api_cluster.go:3179 (lxd-5.21.5), :3194 (lxd-5.21.6, lxd-5.21.7), :3186 (lxd-6.6); api_cluster_member.go:1468 (lxd-6.7), :1484 (lxd-6.8), :1460 (lxd-6.9); absent at lxd-5.21.4 and lxd-6.5; #15877, fixed by PR #16853 (commit 6b1d0c5282, 2025-10-29)" },
    R(RESTORE_BAD_MODE) .releases = MS_REL_SINCE(4, 4),
      .texts = { T(MS_REL_SINCE(4, 4), "Invalid mode: \"%s\"") },
      .trigger = "restore --action other than skip",
      .lxd_ref = "lxd/api_cluster.go:3408 (lxd-5.21.7), api_cluster_member.go:2011 (HEAD)" },
    R(RESTORE_ALREADY) .releases = ALL,
      .texts = { T(ALL, "Cluster member is already restored") },
      .trigger = "restore of a member that is not evacuated",
      .lxd_ref = "lxd/api_cluster.go:2788 (lxd-5.0.2), :3222 (lxd-5.21.7), api_cluster_member.go:1497 (HEAD)" },
    R(RESTORE_SKIP) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_SINCE(4, 4),
      .trigger = "restore --action=skip",
      .lxd_ref = "lxd/api_cluster.go:3440 (lxd-5.21.7); PR #15267",
      .outcome_pass = "full restore: start local instances, move back evacuated ones",
      .outcome_fail = "skip: member back ONLINE, instances untouched" },
    R(RESTORE_START_FAIL) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed to start instance \"%s\": %s"),
                 T(MS_REL_SINCE(5, 6), "Failed starting instance \"%s\": %s") },
      .trigger = "restore starts a local instance (or one moved back) and the start fails",
      .lxd_ref = "lxd/api_cluster.go:3077,3200 (lxd-5.0.2), :3490,3614 (lxd-5.21.7), api_cluster_member.go:2093,2217 (HEAD)" },
    R(RESTORE_MIGRATE_FAIL) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed to wait for migration to finish: %s"),
                 T(MS_REL_SINCE(5, 6), "Failed waiting for migration to finish: %s") },
      .trigger = "restore moves an instance back and the move fails",
      .lxd_ref = "lxd/api_cluster.go:3163 (lxd-5.0.2), :3578 (lxd-5.21.7), api_cluster_member.go:2181 (HEAD)" },

    R(RESTORE_HOLDER_OFFLINE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed to get instance \"%s\": %s"),
                 T(MS_REL_SINCE(5, 6), "Failed getting instance \"%s\": %s") },
      .trigger = "restore moves an instance back and the member holding it is offline: the GET of the instance from the holder fails (the inner text is the Go HTTP client's connection error, which names the holder's address); the member goes back to EVACUATED, local instances already started stay running",
      .lxd_ref = "lxd/api_cluster.go:3110 (lxd-5.0.2), :3459 (lxd-5.21.0, lxd-6.1), :3532 (lxd-5.21.3), :3580 (lxd-5.21.4), :3509 (lxd-5.21.5), :3524 (lxd-5.21.7), :3586 (lxd-6.5), :3517 (lxd-6.6); lxd/api_cluster_member.go:1878 (lxd-6.7), :1905 (lxd-6.8), :2127 (lxd-6.9); Connect with notify=true does not wait for the member: lxd/cluster/connect.go:34 (lxd-5.21.7)" },
    R(RESTORE_STOP_ON_HOLDER) .kind = MS_RULE_KIND_DECISION, .releases = ALL,
      .trigger = "restore moves an instance back: a running instance that cannot move live is stopped on its holder before the move request, so a failing move (e.g. Instance has backups) leaves it stopped there, and a later restore moves it back without starting it",
      .lxd_ref = "lxd/api_cluster.go:3113-3143 stop, :3158 move (lxd-5.0.2); :3462/:3509 (lxd-5.21.0, lxd-6.1), :3535/:3582 (lxd-5.21.3), :3583/:3630 (lxd-5.21.4), :3512/:3558 (lxd-5.21.5), :3527-3571/:3573 (lxd-5.21.7), :3589/:3636 (lxd-6.5), :3520/:3566 (lxd-6.6); lxd/api_cluster_member.go:1881/:1927 (lxd-6.7), :1908/:1954 (lxd-6.8), :2130-2164/:2176 (lxd-6.9)",
      .outcome_pass = "no stop: the instance is stopped already or moves live",
      .outcome_fail = "running, not live-migratable: stopped on its holder before the move" },

    /* ---- what the lxc client adds ---- */
    R(CLI_EVAC_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed to update cluster member state: %s"),
                 T(MS_REL_SINCE(5, 6), "Failed updating cluster member state: %s") },
      .trigger = "lxc cluster evacuate/restore: synchronous server errors",
      .lxd_ref = "lxc/cluster.go:1139 (lxd-5.0.2), :1241 (lxd-5.21.0, lxd-6.1), :1408 (lxd-5.21.4 old, lxd-5.21.5..5.21.7 new, lxd-6.5 old, lxd-6.6 new), :1400 (lxd-6.9, HEAD)",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_MOVE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = MS_REL_SINCE(5, 7),
      .texts = { T(MS_REL_SINCE(5, 7), "Migration operation failure: %s") },
      .trigger = "lxc move --target: errors of the migration operation (earlier releases return the CancelableWait error raw; the wrap after op.Wait was unreachable)",
      .lxd_ref = "lxc/move.go:393 (lxd-5.21.5..5.21.7), :390 (lxd-6.7..6.9, HEAD); raw before: lxc/move.go:318-330 (lxd-5.0.2), cli.CancelableWait return err (lxd-5.21.4, lxd-6.6 moveClusterInstance)",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_MOVE_API_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Migration API failure: %s") },
      .trigger = "lxc move --target: synchronous errors of POST /1.0/instances/NAME (MigrateInstance)",
      .lxd_ref = "lxc/move.go:303 (lxd-5.0.2), :309 (lxd-5.21.0..5.21.2, lxd-6.1), :322 (lxd-5.21.3, lxd-6.2), :330 (lxd-5.21.4, lxd-6.5, lxd-6.6), :374 (lxd-5.21.5..5.21.7), :371 (lxd-6.7..6.9)",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_UNKNOWN_FLAG) .releases = MS_REL_UNTIL_6(9),
      .texts = { T(MS_REL_UNTIL_6(9), "unknown flag: %s") },
      .trigger = "lxc cluster evacuate/restore with --action or --yes on a release whose lxc lacks the flag (6.9 has every flag migsim models, so the rule does not apply there)",
      .lxd_ref = "lxc/cluster.go: --action added in 5.1 (evacuate) and 5.21.4/6.4 (restore), --yes at :1304 (lxd-6.9, absent at lxd-6.8 and lxd-5.21.7); observed on lxd-5.0.2 ('Error: unknown flag: --action')" },
    R(WRAP_STATIC) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Invalid devices: Device validation failed for \"%s\": %s") },
      .trigger = "instance update or create: static validation of the new device set (ValidDevices) fails",
      .lxd_ref = "lxd/instance/drivers/load.go:103 + driver_lxc.go:4162 / driver_qemu.go:5779 (lxd-5.21.7); load.go:103, driver_lxc.go:3954 (lxd-5.0.2); load.go:106 (lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },

    /* ---- cluster members, groups, placement (lxc cluster ..., --target=@GROUP) ---- */
    R(MEMBER_CONFIG_KEY) .releases = ALL,
      .texts = { T(ALL, "Invalid cluster configuration key \"%s\"") },
      .trigger = "lxc cluster set MEMBER KEY VALUE with a key other than scheduler.instance or user.*",
      .lxd_ref = "lxd/api_cluster.go:1753 (lxd-5.0.2), :1895 (lxd-5.21.7); lxd/api_cluster_member.go:886 (lxd-6.9) clusterValidateConfig" },
    R(MEMBER_CONFIG_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid cluster configuration key \"%s\" value") },
      .trigger = "lxc cluster set MEMBER scheduler.instance VALUE, VALUE not all, manual or group",
      .lxd_ref = "lxd/api_cluster.go:1758 (lxd-5.0.2), :1900 (lxd-5.21.7); lxd/api_cluster_member.go:891 (lxd-6.9)" },
    R(MEMBER_REMOVE_INSTANCES) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Node still has the following containers: %s"),
                 T(NOT_50, "Node still has the following instances: %s") },
      .trigger = "lxc cluster remove without --force of a member that still holds instances (names in ID order, comma separated); --force skips the check",
      .lxd_ref = "lxd/db/node.go:919 (lxd-5.0.2), :915 (lxd-5.21.7), :920 (lxd-6.9) NodeIsEmpty, via membershipCheckClusterStateForLeave, only when !force: lxd/cluster/membership.go:903 (lxd-5.0.2), :993 (lxd-5.21.7), :1493 (lxd-6.9)" },
    R(GROUP_EXISTS) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "This cluster group already exists"),
                 T(NOT_50, "Cluster group \"%s\" already exists") },
      .trigger = "lxc cluster group create of an existing group (lxd-5.0.2: the database layer's text, sent as a 500 by SmartError)",
      .lxd_ref = "lxd/db/cluster.go:214 CreateClusterGroup via lxd/api_cluster.go:3276 (lxd-5.0.2); lxd/api_cluster.go:3694 (lxd-5.21.7); lxd/api_cluster_group.go:104 (lxd-6.9)" },
    R(GROUP_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Cluster group not found"),
                 T(REL_NOT_50_UNTIL_6_8, "Cluster group \"%s\" doesn't exist"),
                 T(MS_REL_SINCE_6(8), "Cluster group \"%s\" does not exist") },
      .trigger = "--target=@GROUP naming an unknown group (400)",
      .lxd_ref = "lxd/db/cluster.go:143 (lxd-5.0.2); lxd/project/limits/permissions.go:1742 CheckTargetGroup (lxd-5.21.7, \"doesn't\" until lxd-6.7), :1703 (lxd-6.9)" },
    R(GROUP_ASSIGN_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Update cluster groups: Failed to add member to cluster group: Failed to get cluster group ID: Cluster group not found"),
                 T(REL_NOT_50_UNTIL_6_8, "Update cluster groups: Failed to add member to cluster group: Failed to get cluster group ID: ClusterGroup not found"),
                 T(MS_REL_SINCE_6(8), "Update cluster groups: Failed adding member to cluster group: Failed getting cluster group ID: ClusterGroup not found") },
      .trigger = "lxc cluster group assign to an unknown group (the member PUT; lxc adds nothing)",
      .lxd_ref = "lxd/api_cluster.go:1690, db/node.go:693, db/cluster.go:408,168 (lxd-5.0.2); api_cluster.go:1823, db/node.go:690, db/cluster.go:62, db/cluster/cluster_groups.mapper.go:207 (lxd-5.21.7); api_cluster_member.go:745, db/node.go:695, db/cluster.go:62, cluster_groups.mapper.go:207 (lxd-6.9); the wording changes at lxd-6.8" },
    R(MOVE_GROUP_NO_MEMBER) .releases = ALL,
      .texts = { T(ALL, "No suitable cluster member could be found") },
      .trigger = "lxc move --target=@GROUP when no candidate of the group other than the current member remains (scheduler.instance=manual members are never candidates)",
      .lxd_ref = "lxd/instance_post.go:270-290 (lxd-6.9: current location filtered out) + lxd/db/node.go:1122 GetNodeWithLeastInstances (404)" },
    R(DEV_OVERRIDE_NOT_IN_PROFILE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "The profile device doesn't exist"),
                 T(MS_REL_SINCE_6(8), "The profile device does not exist") },
      .trigger = "lxc config device override of a device no profile of the instance has (client check)",
      .lxd_ref = "lxc/config_device.go:393 (lxd-5.0.2), :527 (lxd-5.21.7), :524 (lxd-6.7), :531 (lxd-6.8, lxd-6.9)" },
    R(VOLUME_SHARED_DISABLE) .releases = MS_REL_SINCE(4, 3),
      .texts = { T(MS_REL_SINCE(4, 3), "Cannot disable security.shared on block storage volume as it is attached to more than one instance") },
      .trigger = "lxc storage volume set POOL VOL security.shared false on a block volume used by two instances",
      .lxd_ref = "lxd/storage/backend_lxd.go:6164 (lxd-5.21.4), :6202 (lxd-5.21.7), :6073 (lxd-6.3), :5729 (lxd-6.9)" },
    R(VOLUME_RENAME_RUNNING) .releases = ALL,
      .texts = { T(ALL, "Volume is still in use by running instances") },
      .trigger = "lxc storage volume rename of a volume used by a running instance",
      .lxd_ref = "lxd/storage_volumes.go storagePoolVolumePost (lxd-6.9: func at :1454, check +235)" },
    R(NETWORK_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Network not found") },
      .trigger = "lxc network set/unset of an unknown network",
      .lxd_ref = "lxd/db/networks.go:193,214 (lxd-5.0.2), :251,269 (lxd-5.21.7, lxd-6.9) GetNetworkInAnyState (404)" },
    R(SNAPSHOT_EXISTS) .releases = ALL,
      .texts = { T(ALL, "Failed creating instance snapshot record \"%s\": Add snapshot info to the database: This \"instances_snapshots\" entry already exists") },
      .trigger = "lxc snapshot INSTANCE NAME when the instance already has a snapshot NAME",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:608 wrapping lxd/instance/instance_utils.go:891 and lxd/db/cluster/snapshots.mapper.go:352 (lxd-5.0.2; live 2026-12-02); driver_common.go:886, instance_utils.go:847, snapshots.mapper.go:345 (lxd-5.21.7); :994, :846, :345 (lxd-6.9)" },
    R(SNAPSHOT_CT_STATEFUL) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(6), "Unable to create a stateful snapshot. %s"),
                 T(MS_REL_SINCE_6(6), "Stateful snapshots are not supported for containers") },
      .trigger = "lxc snapshot --stateful of a container: stopped, it is not running; running, CRIU is needed (migsim assumes a host without CRIU, as MOVE.CT_LIVE does); 6.6+ refuses containers outright",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3332 (not running), :3337 (CRIU) at lxd-5.0.2 (live 2026-12-02: both); :3487, :3492 (lxd-5.21.7); :3363 (lxd-6.9; first at lxd-6.6)" },
    R(COPY_CT_LIVE) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Unable to perform container live migration. CRIU isn't installed on the source server") },
      .trigger = "lxc copy of a running container to another member without --stateless: lxc asks for a live copy (lxc/copy.go:460), which needs CRIU on the source",
      .lxd_ref = "lxd/migrate_instance.go:61 (lxd-5.0.2; live 2026-12-02); from lxd-5.21.0 the copy between members goes another path (migration.ErrNoLiveMigrationSource, lxd/migration/utils.go:114 at lxd-5.21.7) whose wrapping is not audited: not modelled there" },
    R(SNAPSHOT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to fetch snapshot \"%s\" of instance \"%s\" in project \"default\": InstanceSnapshot not found"),
                 T(MS_REL_SINCE_6(8), "Failed fetching snapshot \"%s\" of instance \"%s\" in project \"default\": InstanceSnapshot not found") },
      .trigger = "lxc copy INSTANCE/SNAPSHOT of an unknown snapshot (lxc reads the snapshot first)",
      .lxd_ref = "lxd/instance/instance_utils.go:325 LoadByProjectAndName wrapping lxd/db/cluster/snapshots.mapper.go (lxd-5.0.2; live 2026-12-02), :313 (lxd-5.21.7), :314 'Failed to fetch' (lxd-6.6, 6.7), 'Failed fetching' from lxd-6.8 (:314 at lxd-6.9)" },
    R(SNAPSHOT_RESTORE_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Snapshot %s does not exist") },
      .trigger = "lxc restore INSTANCE SNAPSHOT of a snapshot the instance does not have (lxc sends INSTANCE/SNAPSHOT, lxc/restore.go:62 at lxd-5.0.2, :77 at lxd-5.21.7, :76 at lxd-6.9); the operation fails",
      .lxd_ref = "lxd/instance_put.go:199 instanceSnapRestore (lxd-5.0.2), :222 (lxd-5.21.0, lxd-6.1), :232 (lxd-5.21.7, 400 from here), :233 (lxd-6.6), :227 (lxd-6.9)" },
    R(SNAPSHOT_RESTORE_STATELESS) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Stateful snapshot restore requested by snapshot is stateless"),
                 T(REL_NOT_50_UNTIL_6_6, "Stateful snapshot restore requested but snapshot is stateless"),
                 T(MS_REL_SINCE_6(6), "Stateful snapshot restore is not supported for containers") },
      .trigger = "lxc restore --stateful of a container: its snapshot is never stateful in migsim (SNAPSHOT.CT_STATEFUL); until 6.5 the check follows the stop and the restore of disk and config, and the container stays stopped; 6.6+ refuses first",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3516 (lxd-5.0.2), :3581 (lxd-5.21.0), :3715 (lxd-5.21.7), :3600 (lxd-6.1), :3669 (lxd-6.5); :3394 first in Restore (lxd-6.6), :3379 (lxd-6.9)" },
    R(PLACEMENT_FILTER) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_SINCE_6(6),
      .trigger = "evacuation of an instance with placement.group: candidates filtered by the group's policy and rigor",
      .lxd_ref = "lxd/placement/filtering.go Filter/getCompliantMembers (lxd-6.6 .. lxd-6.9); lxd/api_cluster_member.go evacuateClusterSelectTarget (lxd-6.9)",
      .outcome_pass = "compliant members remain; least-loaded of them is the target",
      .outcome_fail = "no compliant member: the instance is skipped (No eligible target cluster members after applying placement group)" },
    R(PLACEMENT_SCRIPTLET) .kind = MS_RULE_KIND_DECISION,
      .releases = { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 6, 0)) },
      .trigger = "placement without a named member (create or copy without --target or with @GROUP, move --target=@GROUP, each evacuated instance) while instances.placement.scriptlet is set; from 6.6 the key is migrated to user.instances.placement.scriptlet and ignored",
      .lxd_ref = "lxd/instances_post.go:1481-1507, lxd/instance_post.go:284-306, lxd/api_cluster.go:4447-4484 evacuateClusterSelectTarget (lxd-5.21.7); lxd/scriptlet/load/load.go:15-27 compile (lxd-5.21.7); key at lxd/cluster/config/config.go:589 (lxd-5.21.7), :566 (lxd-6.5), renamed :611-617 (lxd-6.6)",
      .outcome_pass = "no scriptlet: fewest instances, ties to the lowest member ID",
      .outcome_fail = "the scriptlet decides: migsim cannot run Starlark and shows LXD's fallback (fewest instances), LXD's choice only when the scriptlet sets no target" },
    R(CREATE_DEVICE_OVERRIDE) .releases = ALL,
      .texts = { T(ALL, "Cannot override config for device \"%s\": Device not found in profile devices") },
      .trigger = "lxc init/launch -d DEVICE,KEY=VALUE for a device neither given locally nor in the profiles (client check)",
      .lxd_ref = "lxc/init.go (lxd-5.0.2, lxd-5.21.7); shared/util.go:1530 ApplyDeviceOverrides (lxd-6.9)" },
    R(MOVE_NAME_IN_USE) .releases = ALL,
      .texts = { T(ALL, "Name \"%s\" already in use") },
      .trigger = "lxc move NAME NEWNAME [--target] when NEWNAME is taken",
      .lxd_ref = "lxd/instance_post.go:521 (lxd-6.9) rename path (inferred for cluster moves)" },
    R(CLI_UNKNOWN_COMMAND) .releases = MS_REL_UNTIL_6(6),
      .texts = { T(MS_REL_UNTIL_6(6), "unknown command \"%s\" for \"lxc\"") },
      .trigger = "an lxc command the release's client does not have (lxc placement-group before 6.6)",
      .lxd_ref = "cobra command lookup; lxc/main.go:296 (lxd-6.6), :298 (lxd-6.9) registers placement-group, absent at lxd-6.5 and lxd-5.21.7",
      .one_way = "the only release-gated command migsim models (placement-group) is missing from every release the rule applies to: only the refusal exists" },
    R(VOLUME_BAD_CONTENT_TYPE) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Invalid volume content type name") },
      .trigger = "lxc storage volume create --type=iso on a release without ISO volumes",
      .lxd_ref = "lxd/storage/utils.go:178 via lxd/storage_volumes.go:572 (lxd-5.0.2, 400)" },
    R(DEV_DETACH_AMBIGUOUS) .releases = ALL,
      .texts = { T(ALL, "More than one device matches, specify the device name") },
      .trigger = "lxc storage volume detach POOL VOLUME INSTANCE without a device name, when several disks use the volume (client-side)",
      .lxd_ref = "lxc/storage_volume.go:800 (lxd-5.0.2), :987 (lxd-5.21.7), :986 (lxd-6.9)" },
    R(DEV_DETACH_NONE) .releases = ALL,
      .texts = { T(ALL, "No device found for this storage volume") },
      .trigger = "lxc storage volume detach without a device name, when no disk of the instance uses the volume (client-side)",
      .lxd_ref = "lxc/storage_volume.go:809 (lxd-5.0.2), :996 (lxd-5.21.7), :995 (lxd-6.9)" },
    R(DEV_DETACH_MISSING) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "The specified device doesn't exist"),
                 T(MS_REL_SINCE_6(8), "The specified device does not exist") },
      .trigger = "lxc storage volume detach POOL VOLUME INSTANCE DEVICE naming a device the instance does not have (client-side)",
      .lxd_ref = "lxc/storage_volume.go (lxd-5.21.7: 'doesn't exist'; lxd-6.8, lxd-6.9: 'does not exist')" },
    /* ---- found by the live differential on LXD 5.0.2 (tests/live/scenarios) ---- */
    R(CFG_UNSET_NOT_SET) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(7), "Can't unset key '%s', it's not currently set"),
                 T(REL_ONLY_6_7, "Can't unset key \"%s\", it's not currently set"),
                 T(MS_REL_SINCE_6(8), "Cannot unset key \"%s\", it's not currently set") },
      .trigger = "lxc config unset INSTANCE KEY when KEY is not in the instance's local config (client-side)",
      .lxd_ref = "lxc/config.go:558 (lxd-5.0.2, live), :664 (lxd-5.21.0), :726 (lxd-5.21.7), :661 (lxd-6.1), :723 (lxd-6.6), :724 (lxd-6.7 %q, lxd-6.8 'Cannot', lxd-6.9)" },
    R(CFG_SRVKEY_BADINT) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(2, 0), "cannot set '%s' to '%s': invalid integer"),
                 T(MS_REL_SINCE(2, 0), "Cannot set \"%s\" to \"%s\": Invalid integer") },
      .trigger = "lxc config set KEY VALUE (server, integer key, VALUE not an integer)",
      .lxd_ref = "lxd/config/schema.go:112 (lxd-5.0.2, live; lxd-5.21.0, 5.21.1), 'Invalid integer' :112 (lxd-5.21.2, 5.21.7), :111 (lxd-6.1), :123 (lxd-6.9)" },
    R(CFG_SRVKEY_BADVALUE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(2, 0), "cannot set '%s' to '%s': %s"),
                 T(MS_REL_SINCE(2, 0), "Cannot set \"%s\" to \"%s\": %s") },
      .trigger = "lxc config set KEY VALUE (server): the key's own validator refuses VALUE (cluster.max_voters odd >= 3, cluster.max_standby 0..5, cluster.offline_threshold > 10)",
      .lxd_ref = "lxd/cluster/config/config.go:325 offlineThresholdValidator, :346 maxVotersValidator, :359 maxStandByValidator (lxd-5.0.2, live); :858, :871 (lxd-5.21.7); :926, :939 (lxd-6.9)" },
    R(PROFILE_CONFIG) .releases = ALL,
      .texts = { T(ALL, "%s") },
      .trigger = "lxc profile set: the profile's config is validated for any instance type, and the validator's text comes back without 'Invalid config: '",
      .lxd_ref = "lxd/profiles_utils.go:27 instance.ValidConfig(..., instancetype.Any) (lxd-5.0.2, live: 'Unknown configuration key: foo.bar', 'Invalid value \"bogus\" (not one of [auto migrate live-migrate stop])')" },
    R(PROFILE_FETCH_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Fetch profile: Profile not found") },
      .trigger = "lxc profile set/unset/device add/device remove of an unknown profile: lxc first GETs the profile",
      .lxd_ref = "lxd/profiles.go:383 profileGet (lxd-5.0.2, live), :414 (lxd-5.21.0), :521 (lxd-5.21.7), :409 (lxd-6.1), :516 (lxd-6.9)" },
    R(PROFILE_NOT_APPLIED) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Profile %s isn't currently applied to %s"),
                 T(MS_REL_SINCE_6(8), "Profile %s is not currently applied to %s") },
      .trigger = "lxc profile remove INSTANCE PROFILE when the instance does not have PROFILE (client-side)",
      .lxd_ref = "lxc/profile.go:684 (lxd-5.0.2, live), :708 (lxd-5.21.0, lxd-6.1), :932 (lxd-5.21.7), :946 (lxd-6.6), :894 (lxd-6.8, lxd-6.9: 'is not')" },
    R(PROFILE_DUPLICATE) .releases = ALL,
      .texts = { T(ALL, "Duplicate profile found in request") },
      .trigger = "lxc profile add INSTANCE PROFILE when the instance already has PROFILE (the update operation fails)",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3971 Update (lxd-5.0.2, live), :4107 (lxd-5.21.0), :4185 (lxd-5.21.7), :4111 (lxd-6.1), :3831 (lxd-6.9); driver_qemu.go:4493 (lxd-5.0.2)" },
    R(PROFILE_ROOT_IN_USE) .releases = ALL,
      .texts = { T(ALL, "At least one instance relies on this profile's root disk device") },
      .trigger = "a profile change that removes its root disk or changes its pool while an instance takes its root disk from that profile",
      .lxd_ref = "lxd/profiles_utils.go:47-72 doProfileUpdate (lxd-5.0.2, live), :71 (lxd-5.21.0, lxd-6.1), :73 (lxd-5.21.7, lxd-6.6), :146 (lxd-6.9)" },
    R(WRAP_PROFILE_STATIC) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Device validation failed for \"%s\": %s") },
      .trigger = "lxc profile device add/set: static validation of the profile's devices (ValidDevices) fails; no 'Invalid devices: ' prefix",
      .lxd_ref = "lxd/profiles_utils.go:33 + lxd/instance/drivers/load.go:103 (lxd-5.0.2, live), load.go:108 (lxd-5.21.0), :103 (lxd-5.21.7), :102 (lxd-6.1), :106 (lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },
    R(START_STATEFUL_NO_STATE)
      .releases = MS_REL_UNTIL_6(6),
      .texts = { T(MS_REL_ONLY_50, "Container has no existing state to restore"),
                 T(REL_NOT_50_UNTIL_6_6, "Instance has no existing state to restore") },
      .trigger = "lxc start --stateful of a stopped container that has no saved state",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:2320 Start (lxd-5.0.2, live), :2385 (lxd-5.21.0), :2366 (lxd-5.21.7), :2382 (lxd-6.1), :2337 (lxd-6.5); 6.6+ not audited here" },
    R(CLI_LIST_COLUMN) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(7), "Unknown column shorthand char '%s' in '%s'"),
                 T(MS_REL_SINCE_6(7), "Unknown column shorthand char '%s' in \"%s\"") },
      .trigger = "lxc list -c with a letter lxc does not know (client-side, before any request)",
      .lxd_ref = "lxc/list.go:630 parseColumns (lxd-5.0.2, lxd-5.21.7 '%s', lxd-6.6); :638 (lxd-6.7 .. lxd-6.9 %q)" },
    R(POOL_ALREADY_CREATED) .releases = ALL,
      .texts = { T(ALL, "The storage pool is already created") },
      .trigger = "final lxc storage create (no --target) of a pool that is already created",
      .lxd_ref = "lxd/storage_pools.go:394-397 storagePoolsPostCluster (lxd-5.0.2, live), :471 (lxd-5.21.7), :506 (lxd-6.9)" },
    /* ---- names LXD rejects (model/ms-names.c: the per-release table with file:line) ---- */
    R(NAME_INSTANCE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(2, 1), "Invalid instance name: %s"),
                 T(MS_REL_SINCE(2, 1), "Invalid instance name %q: %s"),
                 T(MS_REL_UNTIL(3, 3), "The character \"/\" is reserved for snapshots / Invalid instance name %q: Cannot contain slashes") },
      .trigger = "lxc init/launch of a name validate.IsHostname rejects: empty or over 63 bytes, a leading or trailing '-', "
                 "a leading digit (5.0.2) or all digits (5.21, 6.x), anything but ASCII letters, digits and '-'",
      .lxd_ref = "lxd/instance/instance_utils.go:704,723 + lxd/instances_post.go:1116 + shared/validate/validate.go:722 (lxd-5.0.2); "
                 "lxd/instance/instancetype/instance.go:43,58 + lxd/instances_post.go:1407 + shared/validate/validate.go:735 (lxd-5.21.7); "
                 "lxd/instance/instancetype/instance.go:49,64 + lxd/instances_post.go:1590 + shared/validate/validate.go:736 (lxd-6.9)" },
    R(NAME_PROFILE) .releases = ALL,
      .texts = { T(ALL, "No name provided"), T(ALL, "Profile names may not contain slashes"),
                 T(ALL, "Invalid profile name %q") },
      .trigger = "lxc profile create with an empty name, a '/', or '.' / '..'",
      .lxd_ref = "lxd/profiles.go:259,263,267 (lxd-5.0.2), :395,399,403 (lxd-5.21.7), :390,394,398 (lxd-6.9)" },
    R(NAME_POOL) .releases = ALL,
      .texts = { T(ALL, "No name provided"), T(ALL, "Storage pool names may not contain slashes"),
                 T(MS_REL_SINCE_6(7), "Name contains non-ASCII character %q") },
      .trigger = "lxc storage create with an empty name, a '/', or (6.7+) a non-ASCII character",
      .lxd_ref = "lxd/storage_pools.go:253,257 (lxd-5.0.2), :312,316 (lxd-5.21.7), :295,299,303 + shared/validate/validate.go:1007 (lxd-6.9)" },
    R(NAME_VOLUME) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(2, 1), "Storage volume names may not contain slashes"),
                 T(MS_REL_SINCE(2, 1), "Invalid volume name %q: Cannot contain slashes"),
                 T(MS_REL_SINCE(4, 5), "Invalid volume name %q: Cannot contain white space") },
      .trigger = "lxc storage volume create with a name the release rejects: a '/' (all), a '\\' (5.21.4+, 6.3+), '..' or white space (5.21.4+, 6.5+)",
      .lxd_ref = "lxd/storage_volumes.go:560,564 (lxd-5.0.2); lxd/storage_volumes.go:1040 + lxd/storage/drivers/utils.go:946 (lxd-5.21.7); "
                 "lxd/storage_volumes.go:1012 + lxd/storage/drivers/utils.go:983 (lxd-6.9)" },
    R(INSTANCE_MEMBER_OFFLINE) .releases = ALL,
      .texts = { T(ALL, "Missing event connection with target cluster member") },
      .trigger = "any lxc command on an instance whose member is offline: lxc's GET (and the change) is forwarded to that member, which cannot be reached",
      .lxd_ref = "lxd/cluster/connect.go:37 Connect, EventListenerWait for 10 s (lxd-5.0.2, live: start, config set); the same wait and text at "
                 "connect.go:38 (lxd-5.21.0), :41 (lxd-5.21.4), :39 (lxd-5.21.7), :37 (lxd-6.1, lxd-6.3), :64 (lxd-6.9); "
                 "500 until lxd-5.21.3 and lxd-6.2, 503 (api.StatusErrorf) from lxd-5.21.4 and lxd-6.3" },
    R(DEV_REMOVE_FROM_PROFILE) .releases = ALL,
      .texts = { T(ALL, "Device from profile(s) cannot be removed from individual instance. Override device or modify profile instead") },
      .trigger = "lxc config device remove INSTANCE DEV when DEV comes from a profile, not the instance (client-side)",
      .lxd_ref = "lxc/config_device.go:507 (lxd-5.0.2, live), :511 (lxd-5.21.0), :659 (lxd-5.21.7), :667 (lxd-6.9)" },
    R(MOVE_INSTANCE_NOT_FOUND) .releases = MS_REL_ONLY_50,
      .texts = { T(ALL, "Failed to get address of instance's member: Instance not found") },
      .trigger = "lxc move NAME --target M of an unknown instance (M exists): the source member's address is looked up first (sync)",
      .lxd_ref = "lxd/instance_post.go:146-150 (lxd-5.0.2, live), :128 (lxd-5.21.0; not at lxd-5.21.7 or lxd-6.9, not audited between)" },
    R(CREATE_TARGET_OFFLINE) .releases = ALL,
      .texts = { T(ALL, "<connection error: cluster member \"%s\" is offline>") },
      .trigger = "lxc init/launch --target an offline member: the create is forwarded to it and the connection is refused; the text is the Go HTTP client's, naming the member's address (Post \"https://ADDR/1.0/instances?project=default&target=M\": Unable to connect to: ADDR (...)), which migsim does not know",
      .lxd_ref = "lxd/instances_post.go:1142-1151 forwards the create to the target member with cluster.Connect(notify=true), no event wait, "
                 "so the connection itself fails (lxd-5.0.2, live: tests/live/scenarios/offline-member.scn); the same forward at "
                 ":1526-1535 (lxd-5.21.7) and :1718-1727 (lxd-6.9), with no offline check before it" },
    R(VOLUME_POOL_PENDING) .releases = ALL,
      .texts = { T(ALL, "Specified pool is not fully created") },
      .trigger = "lxc storage volume create in a pool that is still Pending (defined with --target on some members, not yet created)",
      .lxd_ref = "lxd/storage/backend_lxd.go:124 isStatusReady, first check of CreateCustomVolume :3262, via lxd/storage_volumes.go:686,696 SmartError (lxd-5.0.2); backend_lxd.go:142, :5356 (lxd-5.21.7); :202, :4882, run as an operation (lxd-6.9)" },
    /* ---- projects (lxd/api_project.go, lxd/project, lxd/instances_post.go, lxd/instance_post.go) ---- */
    R(NAME_PROJECT) .releases = ALL,
      .texts = { T(ALL, "No name provided"), T(ALL, "Project names may not contain slashes"),
                 T(MS_REL_SINCE(4, 3), "Project names may not contain back slashes"),
                 T(MS_REL_SINCE_6(7), "Name contains non-ASCII character %q") },
      .trigger = "lxc project create with a name the release rejects: empty, '/', ' ', '_', a quote, '*', '.' or '..' (all); a backslash (5.21.4+, 6.3+); a non-ASCII character (6.7+)",
      .lxd_ref = "lxd/api_project.go:1149-1179 projectValidateName via :292 (lxd-5.0.2; the same at lxd-5.21.0 .. 5.21.3, lxd-6.1, lxd-6.2); lxd/project/project.go:20-55 ValidName via lxd/api_project.go:315 (lxd-5.21.7; from lxd-5.21.4, lxd-6.3); lxd/project/project.go:21-61 + shared/validate/validate.go:1007 IsEntityName via lxd/api_project.go:334 (lxd-6.9; IsEntityName from lxd-6.7)" },
    R(PROJECT_EXISTS) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed creating project \"%s\": Failed adding database record: This \"projects\" entry already exists"),
                 T(MS_REL_SINCE(5, 6), "Project \"%s\" already exists") },
      .trigger = "lxc project create of an existing project (or of 'default')",
      .lxd_ref = "lxd/api_project.go:303,331 + lxd/db/cluster/projects.mapper.go:272 (lxd-5.0.2; until lxd-5.21.4, lxd-6.5); lxd/api_project.go:360-361 (lxd-5.21.7; from lxd-5.21.5), :404-405 (lxd-6.9; from lxd-6.6)" },
    R(PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Fetch project \"%s\": Project not found"),
                 T(NOT_50, "Failed loading project \"%s\": Project not found") },
      .trigger = "lxc project set|unset|delete of a project that does not exist (inferred from the handlers; not replayed live)",
      .lxd_ref = "lxd/api_project.go:891 projectDelete + lxd/db/cluster/projects.mapper.go:239 (lxd-5.0.2); lxd/api_project.go:1063 (lxd-5.21.7), :1263 (lxd-6.9) (inferred)" },
    R(PROJECT_DELETE_DEFAULT) .releases = ALL,
      .texts = { T(ALL, "The 'default' project cannot be deleted") },
      .trigger = "lxc project delete default",
      .lxd_ref = "lxd/api_project.go:885 (lxd-5.0.2), :1042 (lxd-5.21.7), :1220 (lxd-6.9)" },
    R(PROJECT_NOT_EMPTY) .releases = ALL,
      .texts = { T(ALL, "Only empty projects can be removed") },
      .trigger = "lxc project delete of a project that still holds instances, profiles other than its default one, or custom volumes",
      .lxd_ref = "lxd/api_project.go:901 + projectIsEmpty (lxd-5.0.2), :1088 (lxd-5.21.7), :1293 (lxd-6.9)" },
    R(PROJECT_FEATURE_NONEMPTY) .releases = ALL,
      .texts = { T(ALL, "Project feature \"%s\" cannot be %s on non-empty projects") },
      .trigger = "lxc project set|unset of a features.* key of a project that holds more than its default profile (features.images, features.profiles and features.storage.volumes can never be enabled there)",
      .lxd_ref = "lxd/api_project.go:672-695 projectChange (lxd-5.0.2), :740-762 (lxd-5.21.7), :781-803 (lxd-6.9); CanEnableNonEmpty in lxd/db/cluster/projects.go:49-60 (lxd-5.0.2)" },
    R(PROJECT_DEFAULT_FEATURES) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "You can't change the features of the default project"),
                 T(MS_REL_SINCE_6(8), "You cannot change the features of the default project") },
      .trigger = "lxc project set default features.KEY ...",
      .lxd_ref = "lxd/api_project.go:676 (lxd-5.0.2), :743 (lxd-5.21.7), :794 (lxd-6.7: can't), :795 (lxd-6.8: "
                 "cannot), :785 (lxd-6.9)" },
    R(PROJECT_RESTRICTED_PROFILES) .releases = ALL,
      .texts = { T(ALL, "Projects without their own profiles cannot be restricted") },
      .trigger = "restricted=true on a project with features.profiles=false",
      .lxd_ref = "lxd/api_project.go:1142 projectValidateConfig (lxd-5.0.2), :1732 (lxd-5.21.7), :2265 (lxd-6.9)" },
    R(CREATE_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed loading project: Project not found"),
                 T(MS_REL_SINCE(5, 6), "Failed loading project \"%s\": Project not found") },
      .trigger = "lxc init/launch --project P of a project that does not exist (inferred from instancesPost; not replayed live)",
      .lxd_ref = "lxd/instances_post.go:862 (lxd-5.0.2; until lxd-5.21.4, lxd-6.5), :1196 (lxd-5.21.5), :1285 (lxd-5.21.7), :1097 (lxd-6.6), :1440 (lxd-6.9) (inferred)" },
    R(PROJECT_MEMBER_FORBIDDEN) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Project isn't allowed to use this cluster member"),
                 T(REL_NOT_50_UNTIL_6_8, "Project isn't allowed to use this cluster member: \"%s\""),
                 T(MS_REL_SINCE_6(8), "Project is not allowed to use this cluster member: \"%s\"") },
      .trigger = "lxc init/launch --target M (all releases) or lxc move --target M (5.21+, 6.x; 5.0.2 does not check moves) in a project with restricted=true and restricted.cluster.groups when M is in none of the groups; administrators are not exempt",
      .lxd_ref = "lxd/instances_post.go:898-911 (lxd-5.0.2, create only; lxd/instance_post.go:133 checks only the targeting restriction); lxd/project/permissions.go:1618 AllowClusterMember via CheckTarget (lxd-5.21.0, also lxd/instance_post.go:214); lxd/project/limits/permissions.go:1685 (lxd-5.21.7) via instances_post.go:1284 and instance_post.go:263; :1646 (lxd-6.9, \"is not\" from lxd-6.8) via instances_post.go:1440 and instance_post.go:254" },
    R(PROJECT_GROUP_FORBIDDEN) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Project isn't allowed to use this cluster group"),
                 T(REL_NOT_50_UNTIL_6_8, "Project isn't allowed to use this cluster group: \"%s\""),
                 T(MS_REL_SINCE_6(8), "Project is not allowed to use this cluster group: \"%s\"") },
      .trigger = "lxc move --target=@GROUP (5.21+, 6.x) in a project with restricted=true and restricted.cluster.groups not naming GROUP",
      .lxd_ref = "lxd/instances_post.go:914-917 (lxd-5.0.2); lxd/project/permissions.go:1634 AllowClusterGroup (lxd-5.21.0); lxd/project/limits/permissions.go:1701 (lxd-5.21.7), :1662 (lxd-6.9) via CheckTargetGroup from instance_post.go:263 (lxd-5.21.7), :254 (lxd-6.9)" },
    R(PROJECT_TARGET_ADMIN) .kind = MS_RULE_KIND_DECISION, .releases = ALL,
      .trigger = "--target in a project with restricted=true and restricted.cluster.target not 'allow' (its default is block)",
      .lxd_ref = "lxd/project/permissions.go:1473-1482 CheckClusterTargetRestriction, rbac.UserIsAdmin (lxd-5.0.2); lxd/project/limits/permissions.go:1624-1634, EntitlementCanOverrideClusterTargetRestriction (lxd-5.21.7), :1585-1595 (lxd-6.9)",
      .outcome_pass = "the project does not restrict targeting",
      .outcome_fail = "the project blocks targeting, but migsim's lxc is an administrator (unix socket or an unrestricted certificate), whom LXD lets through; a restricted client would get \"This project doesn't allow cluster member targeting\" (\"does not\" in lxd-6.9)" },
    R(EVAC_PROJECT_GROUPS) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_SINCE(3, 2),
      .trigger = "evacuation (migrate) of an instance whose project sets restricted.cluster.groups: from 5.21.3 and 6.2 only members of those groups are candidates; before, any member",
      .lxd_ref = "lxd/api_cluster.go:3366-3368 (lxd-5.21.3; lxd-5.21.0 .. 5.21.2 and lxd-6.1 pass nil at :3301), :4432-4436 evacuateClusterSelectTarget (lxd-5.21.7); lxd/api_cluster_member.go:1938-1942 (lxd-6.9); lxd/api_cluster.go:2913 passes nil (lxd-5.0.2)",
      .outcome_pass = "the project names no cluster groups: every member is a candidate",
      .outcome_fail = "only members of the project's restricted.cluster.groups are candidates" },
    R(MOVE_PROJECT_STATELESS) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Instance must be stopped to move between projects statelessly"),
                 T(NOT_50, "Instance must be stopped to move between pools statelessly") },
      .trigger = "lxc move NAME --target-project P --stateless of a running instance (without --stateless lxc asks for a live move, which stops the instance, copies it and starts it again)",
      .lxd_ref = "lxd/instance_post.go:504 instancePostProjectMigration (lxd-5.0.2); instancePostMigration says 'pools' for every move it handles: lxd/instance_post.go:698 (lxd-5.21.7; the same from lxd-5.21.0), :687 (lxd-6.9; from lxd-6.1)" },
    R(CLI_PROJECT_MOVE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Migration operation failure: %s") },
      .trigger = "lxc move --target-project: errors of the migration operation",
      .lxd_ref = "lxc/move.go:432 moveInstanceProject (lxd-5.0.2), :393 (lxd-5.21.7), :389 (lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },
    /* ---- managed networks: per-member pending entries, then one create (issue 14 item 9) ---- */
    R(NETWORK_ALREADY_DEFINED) .releases = ALL,
      .texts = { T(ALL, "The network is already defined on member \"%s\"") },
      .trigger = "lxc network create NAME --target M twice for one member",
      .lxd_ref = "lxd/networks.go:384 networksPost (lxd-5.0.2), :581 (lxd-5.21.7), :563 (lxd-6.9); lxd/db/networks.go CreatePendingNetwork ErrAlreadyDefined (400); in lxd-6.9 the per-member step runs in a NetworkCreate operation (networks.go:557), so its refusals come from the operation" },
    R(NETWORK_TARGET_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Cluster member not found") },
      .trigger = "lxc network create NAME --target M of an unknown member: CreatePendingNetwork looks the member up (the pending row is rolled back)",
      .lxd_ref = "lxd/db/networks.go:341 CreatePendingNetwork -> lxd/db/node.go:269 GetNodeByName (lxd-5.0.2), node.go:276 (lxd-5.21.7), :278 (lxd-6.9) (404)" },
    R(NETWORK_NOT_PENDING) .releases = ALL,
      .texts = { T(ALL, "Network is not in pending state") },
      .trigger = "lxc network create NAME --target M after the network was created",
      .lxd_ref = "lxd/db/networks.go:331 CreatePendingNetwork (lxd-5.0.2), :386 (lxd-5.21.7, lxd-6.9) (500)" },
    R(NETWORK_NOT_PENDING_ANY) .releases = ALL,
      .texts = { T(ALL, "Network not pending on any node (use --target <node> first)") },
      .trigger = "final lxc network create of a bridge network without any --target step (a bridge has member-specific config, so LXD adds no pending entries itself)",
      .lxd_ref = "lxd/networks.go:566 networksPostCluster (lxd-5.0.2), :791 (lxd-5.21.7), :823 (lxd-6.9) (500)" },
    R(NETWORK_NOT_DEFINED_ON) .releases = ALL,
      .texts = { T(ALL, "Network not defined on nodes: %s") },
      .trigger = "final lxc network create while some member has no pending entry (members in ID order)",
      .lxd_ref = "lxd/db/networks.go:273 NetworkNodeConfigs (lxd-5.0.2), :328 (lxd-5.21.7, lxd-6.9) (500)" },
    R(NETWORK_ALREADY_CREATED) .releases = ALL,
      .texts = { T(ALL, "The network is already created") },
      .trigger = "final lxc network create (no --target) of a network that is already created",
      .lxd_ref = "lxd/networks.go:515 networksPostCluster (lxd-5.0.2), :734 (lxd-5.21.7), :766 (lxd-6.9) (500)" },
    R(NETWORK_LOAD_FAILED) .releases = ALL,
      .texts = { T(ALL, "Failed loading network: Network not found") },
      .trigger = "lxc network delete of an unknown network",
      .lxd_ref = "lxd/networks.go:932 networkDelete (lxd-5.0.2), :1170 (lxd-5.21.7), :1215 (lxd-6.9), wrapping lxd/db/networks.go:629 GetNetworkInAnyState (404)" },
    R(NETWORK_IN_USE) .releases = ALL,
      .texts = { T(ALL, "The network is currently in use") },
      .trigger = "lxc network delete of a network that an instance's expanded devices or any profile's devices use (a nic with network=NAME)",
      .lxd_ref = "lxd/networks.go:951 networkDelete (lxd-5.0.2), :1192 (lxd-5.21.7), :1271 (lxd-6.9); IsUsed = UsedBy(firstOnly) over instances and profiles, lxd/network/network_utils.go:70,152 (lxd-5.0.2) (400)" },
    R(NIC_NETWORK_LOOKUP) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed loading device \"%s\": Failed to load network \"%s\" for project \"default\": Network not found"),
                 T(MS_REL_SINCE_6(8), "Failed loading device \"%s\": Failed loading network \"%s\" for project \"default\": Network not found") },
      .trigger = "nic device with network=NAME where no network NAME exists (instance and profile devices): the nictype is resolved from the network before any validation",
      .lxd_ref = "lxd/device/nictype/nictype.go:29 (lxd-5.0.2), :38 (lxd-5.21.7, lxd-6.9; 'loading' from lxd-6.8) inside lxd/device/device_load.go:99 load (lxd-5.0.2), :100 (lxd-5.21.7, lxd-6.9)" },
    R(NIC_NETWORK_PENDING) .releases = ALL,
      .texts = { T(ALL, "Specified network is not fully created") },
      .trigger = "nic device with network=NAME of a bridge network that is still Pending (instance and profile devices)",
      .lxd_ref = "lxd/device/nic_bridged.go:96 checkWithManagedNetwork (lxd-5.0.2), :100 (lxd-5.21.7), :98 (lxd-6.9)" },
    R(CREATE_GROUP_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Cluster group \"%s\" doesn't exist"),
                 T(MS_REL_SINCE_6(8), "Cluster group \"%s\" does not exist") },
      .trigger = "lxc init/launch --target=@GROUP naming a group that does not exist",
      .lxd_ref = "lxd/instances_post.go:919-927 (lxd-5.0.2); lxd/project/limits/permissions.go:1741-1743 CheckTargetGroup (lxd-5.21.7), :1702-1704 (lxd-6.9) via CheckTarget from instances_post.go:1284 (lxd-5.21.7), :1440 (lxd-6.9)" },
    R(CLI_MOVE_TARGET_PROJECT) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_UNTIL(5, 7), "The --target-project flag can't be used with --target") },
      .trigger = "lxc move NAME --target M --target-project P (client check before any request; lxd-5.21.5+ and lxd-6.7+ clients send both in one server-side move, which copies the instance into P and migrates it to M)",
      .lxd_ref = "lxc/move.go:168 (lxd-5.0.0), :176 (lxd-5.0.1 .. 5.0.4, lxd-5.1 .. 5.14, lxd-5.20, lxd-5.21.0 .. 5.21.2, lxd-6.1), :177 (lxd-5.0.5 .. 5.0.9), :175 (lxd-5.15 .. 5.19), :189 (lxd-5.21.3, lxd-6.2), :195 (lxd-5.21.4, lxd-6.5, lxd-6.6), :194 (lxd-6.3, lxd-6.4); absent from lxd-5.21.5 and lxd-6.7 (isServerSide, move.go:181-232 at lxd-5.21.5; server: instance_post.go:349-456 at lxd-5.21.7, :315-428 at lxd-6.9)",
      .one_way = "lxc refuses the pair whenever both flags are given" },
    R(RENAME_RUNNING) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Renaming of running %s not allowed"),
                 T(NOT_50, "Renaming of running instance not allowed") },
      .trigger = "lxc move NAME NEWNAME (or lxc rename) of a running instance: the rename operation refuses (lxd-5.0.2 says 'container' for a container, 'instance' for a VM)",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3742, driver_qemu.go:4285 (lxd-5.0.2); driver_lxc.go:3925, driver_qemu.go:5531 (lxd-5.21.7); driver_lxc.go:3571, driver_qemu.go:5603 (lxd-6.9); run from instance_post.go:374-376 (lxd-5.0.2)" },
    R(CLI_RENAME_OVERRIDE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Can't override configuration or profiles in local rename"),
                 T(MS_REL_SINCE_6(8), "Cannot override configuration or profiles in local rename") },
      .trigger = "lxc move NAME NEWNAME without --target, --target-project or --storage, with -c, -d, -p or --no-profiles (client check)",
      .lxd_ref = "lxc/move.go:117 (lxd-5.0.2, live), :136 (lxd-5.21.4, lxd-6.6), :135 (lxd-5.21.5 .. 5.21.7), :132 (lxd-6.7 .. 6.9; 'Cannot' from lxd-6.8)",
      .one_way = "NAME NEWNAME without overrides is a rename (MS_OP_RENAME, sim/scenario/ms-lxc.c check_move): a move reaches the check only with them" },
    R(CLI_MOVE_TARGET_INSTANCE_ONLY) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_UNTIL(5, 7), "The --instance-only flag can't be used with --target") },
      .trigger = "lxc move NAME --target M --instance-only (client check before any request; lxd-5.21.5+ and lxd-6.7+ clients send both to the server)",
      .lxd_ref = "lxc/move.go:168 (lxd-5.0.2, live), :160 (lxd-5.0.0), :169 (lxd-5.0.5 .. 5.0.9), :167 (lxd-5.15 .. 5.19), :181 (lxd-5.21.3, lxd-6.2), :187 (lxd-5.21.4, lxd-6.5, lxd-6.6), :186 (lxd-6.3, lxd-6.4); absent from lxd-5.21.5 and lxd-6.7 (one server-side request, move.go:181-232 at lxd-5.21.5)" },
    R(CLI_MOVE_TARGET_STORAGE) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_UNTIL(5, 7), "The --storage flag can't be used with --target") },
      .trigger = "lxc move NAME --target M -s POOL (client check before any request; lxd-5.21.5+ and lxd-6.7+ clients send both to the server)",
      .lxd_ref = "lxc/move.go:172 (lxd-5.0.2, live), :164 (lxd-5.0.0), :173 (lxd-5.0.5 .. 5.0.9), :171 (lxd-5.15 .. 5.19), :185 (lxd-5.21.3, lxd-6.2), :191 (lxd-5.21.4, lxd-6.5, lxd-6.6), :190 (lxd-6.3, lxd-6.4); absent from lxd-5.21.5 and lxd-6.7 (one server-side request, move.go:181-232 at lxd-5.21.5)" },
    R(CLI_CREATE_POOL_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Failed loading storage pool \"%s\": %s") },
      .trigger = "lxc init/launch -s POOL: lxc reads the pool (GET /1.0/storage-pools/POOL, with ?target= when --target is given) before it sends the create, and wraps the error: a pool that does not exist ('Storage pool not found'), or an unknown --target member ('Cluster member not found', from the target's resolution); its 'Creating NAME' line is printed before",
      .lxd_ref = "lxc/init.go:147-148 UseTarget, :223-227 (lxd-5.0.2; both texts seen live with Debian's lxc 5.0.2), :258-262 (lxd-5.21.7), :257-261 (lxd-6.9); the target: lxd/response.go:34 forwardedResponseIfTargetIsRemote, lxd/cluster/resolve.go:12, lxd/db/node.go:269 (lxd-5.0.2), node.go:276 (lxd-5.21.7), :278 (lxd-6.9)" },
    R(CLI_DELETE_EXISTS_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking instance exists \"%s:%s\": %s") },
      .trigger = "lxc delete NAME...: lxc reads every instance (GET /1.0/instances/NAME) before it deletes any, and wraps the error with the remote the user named (local: without one)",
      .lxd_ref = "lxc/delete.go:88 instancesExist, lxc/utils.go:227 (lxd-5.0.2; seen live with Debian's lxc 5.0.2), lxc/delete.go:94, lxc/utils.go:299 (lxd-5.21.7), lxc/delete.go:93, lxc/utils.go:298 (lxd-6.9); absent at lxd-5.0.0 (the delete loop returns the error as is)",
      .one_way = "a wrapper: only ever applied" },
};
/* clang-format on */

G_STATIC_ASSERT(G_N_ELEMENTS(rules) == MS_RULE_LAST);

const MsRuleDef *
ms_rule_def(MsRuleId id)
{
    g_return_val_if_fail(id < MS_RULE_LAST, NULL);
    return &rules[id];
}

MsRuleId
ms_rule_lookup(const char *name)
{
    for (guint i = 0; i < MS_RULE_LAST; i++)
        if (g_str_equal(rules[i].name, name))
            return i;
    return MS_RULE_NONE;
}

gboolean
ms_rule_unmodelled(MsRuleId id, const MsProfile *profile)
{
    const MsRuleDerivedDef *d;

    if (ms_profile_is_incus(profile))
        return !ms_rule_incus_def(id)->modelled;
    if (!ms_profile_is_derived(profile))
        return FALSE;
    d = ms_rule_derived_def(id);
    if (!d->listed)
        return TRUE;
    for (guint i = 0; i < MS_RULE_MAX_TEXTS; i++)
        if (ms_releases_contain(&d->unmodelled[i], profile->version))
            return TRUE;
    return FALSE;
}

static gboolean
derived_applies(MsRuleId id, const MsProfile *profile)
{
    const MsRuleDerivedDef *d = ms_rule_derived_def(id);

    /* an unmodelled rule runs, so that reaching it is reported */
    if (ms_rule_unmodelled(id, profile) || ms_releases_contain(&d->decision, profile->version))
        return TRUE;
    for (guint i = 0; i < MS_RULE_MAX_TEXTS && d->texts[i].text != NULL; i++)
        if (ms_releases_contain(&d->texts[i].releases, profile->version))
            return TRUE;
    return FALSE;
}

gboolean
ms_rule_applies(MsRuleId id, const MsProfile *profile)
{
    if (ms_profile_is_derived(profile))
        return derived_applies(id, profile);
    if (ms_profile_is_incus(profile)) {
        const MsRuleIncusDef *incus = ms_rule_incus_def(id);
        MsReleases releases = MS_REL_INCUS(incus->releases);
        /* an unmodelled rule runs, so that reaching it is reported */
        return !incus->modelled || ms_releases_contain(&releases, profile->version);
    }
    return ms_releases_contain(&ms_rule_def(id)->releases, profile->version);
}

const char *
ms_rule_format(MsRuleId id, const MsProfile *profile)
{
    const MsRuleDef *def = ms_rule_def(id);

    if (ms_profile_is_derived(profile)) {
        const MsRuleDerivedDef *d = ms_rule_derived_def(id);
        if (ms_rule_unmodelled(id, profile))
            return NULL;
        for (guint i = 0; i < MS_RULE_MAX_TEXTS && d->texts[i].text != NULL; i++)
            if (ms_releases_contain(&d->texts[i].releases, profile->version))
                return d->texts[i].text;
        return NULL;
    }
    if (ms_profile_is_incus(profile)) {
        const MsRuleIncusDef *incus = ms_rule_incus_def(id);
        for (guint i = 0; i < MS_RULE_MAX_TEXTS && incus->texts[i].text != NULL; i++)
            if (ms_releases_contain(&incus->texts[i].releases, profile->version))
                return incus->texts[i].text;
        return NULL;
    }
    for (guint i = 0; i < MS_RULE_MAX_TEXTS && def->texts[i].text != NULL; i++)
        if (ms_releases_contain(&def->texts[i].releases, profile->version))
            return def->texts[i].text;
    return NULL;
}

void
ms_rejection_clear(MsRejection *rejection)
{
    g_clear_pointer(&rejection->message, g_free);
    rejection->rule = MS_RULE_NONE;
    rejection->http_status = 0;
}

gboolean
ms_reject_status(MsRejection *rejection, MsRuleId rule, guint http_status, char *message)
{
    g_free(rejection->message);
    rejection->rule = rule;
    rejection->http_status = http_status;
    rejection->message = message;
    return FALSE;
}

gboolean
ms_reject(MsRejection *rejection, MsRuleId rule, char *message)
{
    guint status = rule != MS_RULE_NONE ? ms_rule_def(rule)->http_status : 0;

    return ms_reject_status(rejection, rule, status != 0 ? status : 400, message);
}

/* Texts are printf-like but every argument is a string, and a text may pick
 * arguments by position ("%2$s") so that the variants of one rule across
 * releases take the same argument list even when their wording drops one. */
char *
ms_rule_message_strv(MsRuleId id, const MsProfile *profile, const char *const *args)
{
    const char *format = ms_rule_format(id, profile);
    GString *out;
    guint n_args = 0, next = 0;

    if (format == NULL && ms_profile_is_incus(profile))
        return g_strdup_printf("migsim: rule %s is not modelled for %s (no Incus source reference yet)",
                               ms_rule_name(id), profile->name);
    if (format == NULL && ms_profile_is_derived(profile))
        return g_strdup_printf("migsim: rule %s is not modelled for %s (the source audit of this release "
                               "found no single text for it; see docs/fidelity.md)",
                               ms_rule_name(id), profile->name);
    out = g_string_new(NULL);
    /* A rule asked for in a release that has no text for it is a bug in the
     * table, not a user error. */
    g_assert(format != NULL);
    while (args[n_args] != NULL)
        n_args++;
    for (const char *p = format; *p != '\0'; p++) {
        guint index;

        if (*p != '%') {
            g_string_append_c(out, *p);
            continue;
        }
        if (p[1] == '%') {
            g_string_append_c(out, '%');
            p++;
            continue;
        }
        if (p[1] == 's') {
            index = next++;
            p++;
        } else if (g_ascii_isdigit(p[1]) && p[2] == '$' && p[3] == 's') {
            index = p[1] - '1';
            p += 3;
        } else {
            g_assert_not_reached();
        }
        /* the call site passes what the richest variant needs */
        g_assert(index < n_args);
        g_string_append(out, args[index]);
    }
    return g_string_free(out, FALSE);
}

MsLedger *
ms_ledger_new(void)
{
    return g_new0(MsLedger, 1);
}

void
ms_ledger_free(MsLedger *ledger)
{
    g_free(ledger);
}

void
ms_ledger_merge(MsLedger *into, const MsLedger *from)
{
    for (guint i = 0; i < MS_RULE_LAST; i++) {
        into->pass[i] += from->pass[i];
        into->fail[i] += from->fail[i];
    }
}

void
ms_rule_hit_free(MsRuleHit *hit)
{
    if (hit == NULL)
        return;
    g_free(hit->subject);
    g_free(hit);
}

gboolean
ms_env_check_at(MsEnv *env, MsRuleId rule, const char *subject, gboolean failed, const char *file, guint line)
{
    if (env->ledger != NULL) {
        if (failed)
            env->ledger->fail[rule]++;
        else
            env->ledger->pass[rule]++;
    }
    if (env->hits != NULL) {
        MsRuleHit *hit = g_new0(MsRuleHit, 1);
        hit->rule = rule;
        hit->failed = failed;
        hit->subject = g_strdup(subject);
        hit->file = file;
        hit->line = line;
        g_ptr_array_add(env->hits, hit);
    }
    return failed;
}

const char *
ms_rule_name(MsRuleId id)
{
    return id < MS_RULE_LAST ? rules[id].name : "(none)";
}

int
ms_rule_site_find(const MsRuleSite *sites, guint n_sites, MsRuleId rule, const char *file, guint line)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    int best = -1;

    for (guint i = 0; i < n_sites; i++) {
        const char *site_base = strrchr(sites[i].file, '/') ? strrchr(sites[i].file, '/') + 1 : sites[i].file;
        if (sites[i].rule != rule || sites[i].line > line || !g_str_equal(site_base, base))
            continue;
        if (best < 0 || sites[i].line > sites[best].line)
            best = (int) i;
    }
    return best;
}
