/* migsim: the rule catalogue.  Each entry's texts are LXD's exact strings per
 * release, read from canonical/lxd at the tags named in lxd_ref; "(inferred)"
 * marks behaviour read from code paths but not seen on a real cluster. */
#include "ms-rules.h"

#define ALL MS_REL_ALL
/* lxc/init.go sets --target before it reads -s and -n: lxd-5.0.0 .. 5.0.4,
 * 5.1 .. 5.20, 5.21.0 .. 5.21.2, 6.1 (CLI.CREATE_NETWORK_NOT_FOUND) */
#define REL_CLI_TARGET_FIRST                                                                        \
    MS_REL_V5(MS_SPAN_UNTIL(MS_VERSION(5, 0, 5)), MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)), \
              MS_SPAN_UNTIL(MS_VERSION(6, 2, 0)))
#define NOT_50 MS_REL_NOT_50
/* clang-format off */
/* lxd-5.21.6 and later 5.21.x only (MOVE.PROJECT_MISSING) */
#define REL_521_FROM_6 { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 6)), MS_SPAN_NONE }
#define REL_521_FROM_7 { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 7)), MS_SPAN_NONE }
/* POOL.EXISTS_ONE_MEMBER's text wraps db.ErrAlreadyDefined up to 5.21.1 (and at
 * 5.0.2), names the pool from 5.21.2 (783826232f) and 6.1 (e337cfd8f0) */
#define REL_POOL_EXISTS_OLD { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 2)), MS_SPAN_NONE }
#define REL_POOL_EXISTS_NEW { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 2)), MS_SPAN_ALL }
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
/* DISK.IDMAP_*: the volume named "custom/V" from 5.21.4 and 6.3, until the
 * wrapper became "Failed starting device" at 6.8 */
#define REL_IDMAP_CUSTOM_SLASH { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 4)), MS_SPAN_RANGE(MS_VERSION(6, 3, 0), MS_VERSION(6, 8, 0)) }
#define REL_NOT_50_UNTIL_6_8 { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 8, 0)) }
/* lxc maps HTTP 503 to "Offline cluster members cannot be evacuated" (5.21.4, 6.4 .. 6.5). */
#define REL_OFFLINE_OLD \
    { MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 21, 4), MS_VERSION(5, 21, 5)), \
      MS_SPAN_RANGE(MS_VERSION(6, 4, 0), MS_VERSION(6, 6, 0)) }

/* lxd/cluster/notify.go's wrapping of a peer's error, by release. */
#define REL_NOTIFY_PEER \
    { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)), MS_SPAN_UNTIL(MS_VERSION(6, 2, 0)) }
#define REL_NOTIFY_PEER_AT \
    { MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 21, 3), MS_VERSION(5, 21, 5)), \
      MS_SPAN_RANGE(MS_VERSION(6, 2, 0), MS_VERSION(6, 6, 0)) }
/* a directory disk cannot be hot-plugged into a running VM: lxd-5.0.0 ..
 * 5.0.2 and 5.1 .. 5.15 (DISK.HOTPLUG_DIR_VM) */
#define REL_DISK_HOTPLUG_DIR_VM \
    MS_REL_V5(MS_SPAN_UNTIL(MS_VERSION(5, 0, 3)), MS_SPAN_UNTIL(MS_VERSION(5, 16, 0)), MS_SPAN_NONE, MS_SPAN_NONE)
#define REL_ONLY_6_7 { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 7, 0), MS_VERSION(6, 8, 0)) }
#define REL_NOT_50_UNTIL_6_6 { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 6, 0)) }
/* 6.7 alone: the release without any same-member check of moves. */
#define REL_ONLY_67 { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 7, 0), MS_VERSION(6, 8, 0)) }
#define REL_ONLY_6_8 { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 8, 0), MS_VERSION(6, 9, 0)) }
/* lxc cluster group create sends the YAML's members (5.21.3+, 6.2+),
 * before 6.8's "Failed getting" (GROUP.CREATE_MEMBER_NOT_FOUND) */
#define REL_SINCE_5_21_3_6_2_UNTIL_6_8 \
    { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 3)), MS_SPAN_RANGE(MS_VERSION(6, 2, 0), MS_VERSION(6, 8, 0)) }
/* RenameNode's unwrapped ErrAlreadyDefined, "Conflict": 5.0.x, 5.21.0 and
 * 5.21.1 (MEMBER.RENAME_TAKEN) */
#define REL_RENAME_CONFLICT { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 2)), MS_SPAN_NONE }
/* lxd-5.0.3 and later 5.0.x, every 5.21.x and 6.x (lxc cluster group add). */
#define REL_50_3_ON { MS_SPAN_50_FROM(3), MS_SPAN_ALL, MS_SPAN_ALL }
/* "Can't change limits.instances" (the key unquoted): until 5.21.4 and 6.5 */
#define REL_LIMIT_OLD_WRAP { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 5)), MS_SPAN_UNTIL(MS_VERSION(6, 6, 0)) }
#define REL_ONLY_521_5_ON { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), MS_SPAN_NONE }
#define REL_ONLY_6_6_TO_6_7 { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 6, 0), MS_VERSION(6, 8, 0)) }
#define REL_ONLY_6_8 { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 8, 0), MS_VERSION(6, 9, 0)) }
/* addProfileDetailsToRequestContext's wrap: lxd-5.21.3 on and lxd-6.2 on
 * (git grep 'profile feature' lxd/profiles.go at every tag) */
#define REL_PROFILE_PROJECT_PLAIN { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)), MS_SPAN_UNTIL(MS_VERSION(6, 2, 0)) }
#define REL_PROFILE_PROJECT_TO_CHECK { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 3)), MS_SPAN_RANGE(MS_VERSION(6, 2, 0), MS_VERSION(6, 8, 0)) }
#define REL_PROFILE_PROJECT_CHECKING { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(6, 8, 0)) }
/* lxc's image look-up before a create: the server's error as is, then
 * wrapped from lxd-5.21.4 and lxd-6.3 (git grep 'Failed to find image' and
 * 'Failed finding image' lxc/utils.go at every tag) */
#define REL_IMAGE_LOOKUP_PLAIN { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 4)), MS_SPAN_UNTIL(MS_VERSION(6, 3, 0)) }
#define REL_IMAGE_LOOKUP_TO_FIND { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 4)), MS_SPAN_RANGE(MS_VERSION(6, 3, 0), MS_VERSION(6, 8, 0)) }
/* NetworkProject's wrap: "Failed to load project" until lxd-5.21.4 and
 * lxd-6.5, "Failed loading project" after (git grep 'func NetworkProject'
 * lxd/project/project.go at every tag); networkAccessHandler from 5.21.3
 * and 6.2 wraps it in "Failed to check project", "Failed checking" from 6.8 */
#define REL_NETWORK_PROJECT_LOAD { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 5)), MS_SPAN_UNTIL(MS_VERSION(6, 6, 0)) }
#define REL_NETWORK_PROJECT_LOADING { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), MS_SPAN_FROM(MS_VERSION(6, 6, 0)) }
#define REL_NETWORK_ACCESS_TO_CHECK_LOAD \
    { MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 21, 3), MS_VERSION(5, 21, 5)), \
      MS_SPAN_RANGE(MS_VERSION(6, 2, 0), MS_VERSION(6, 6, 0)) }
#define REL_NETWORK_ACCESS_TO_CHECK_LOADING \
    { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), MS_SPAN_RANGE(MS_VERSION(6, 6, 0), MS_VERSION(6, 8, 0)) }
/* checkTargetProjectRestrictions: lxd-5.0.9 and lxd-5.21.6 on, none in 6.x to lxd-6.9 */
#define REL_MOVE_PROJECT_CHECKED { MS_SPAN_50_FROM(9), MS_SPAN_FROM(MS_VERSION(5, 21, 6)), MS_SPAN_NONE }
/* clang-format on */

/* clang-format off */
static const MsRuleDef rules[MS_RULE_LAST] = {
#include "ms-rules-instance.inc"

    /* ---- profiles, pools, volumes ---- */
    R(PROFILE_EXISTS) .releases = ALL,
      .texts = { T(ALL, "Error inserting \"%s\" into database: The profile already exists") },
      .trigger = "lxc profile create of an existing profile",
      .lxd_ref = "lxd/profiles.go:290,317 (lxd-5.0.2), :426,453 (lxd-5.21.7), :421,448 (lxd-6.9)" },
    R(PROFILE_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Profile not found") },
      .trigger = "any command naming an unknown profile",
      .lxd_ref = "lxd/db/cluster/profiles.mapper.go:366 GetProfile (lxd-5.0.2 .. lxd-5.21.4, lxd-6.1 .. lxd-6.5), :345 (lxd-5.21.5+, lxd-6.6+)" },
    R(PROFILE_DELETE_DEFAULT) .releases = ALL,
      .texts = { T(ALL, "The \"default\" profile cannot be deleted") },
      .trigger = "lxc profile delete default, in use or not, before the profile is looked up (test/suites/basic.sh:756 at lxd-6.9)",
      .lxd_ref = "lxd/profiles.go:775-777 profileDelete (lxd-5.0.2), :928-930 (lxd-5.21.7), :984-986 (lxd-6.9)" },
    R(PROFILE_RENAME_DEFAULT) .releases = ALL,
      .texts = { T(ALL, "The \"default\" profile cannot be renamed") },
      .trigger = "lxc profile rename default NEWNAME, before anything is looked up",
      .lxd_ref = "lxd/profiles.go:697-699 profilePost (lxd-5.0.2), :843-845 (lxd-5.21.7), :899-901 (lxd-6.9); seen live on 5.0.2" },
    R(PROFILE_RENAME_SLASH) .releases = ALL,
      .texts = { T(ALL, "Profile names may not contain slashes") },
      .trigger = "lxc profile rename P NEWNAME with a '/' in NEWNAME",
      .lxd_ref = "lxd/profiles.go:711-713 profilePost (lxd-5.0.2), :857-859 (lxd-5.21.7), :913-915 (lxd-6.9); seen live on 5.0.2" },
    R(PROFILE_RENAME_DOTS) .releases = ALL,
      .texts = { T(ALL, "Invalid profile name %s") },
      .trigger = "lxc profile rename P . or P ..",
      .lxd_ref = "lxd/profiles.go:715-717 profilePost (lxd-5.0.2), :861-863 (lxd-5.21.7), :917-919 (lxd-6.9); seen live on 5.0.2" },
    R(PROFILE_RENAME_IN_USE) .releases = ALL,
      .texts = { T(ALL, "Name \"%s\" already in use") },
      .trigger = "lxc profile rename P NEWNAME where NEWNAME is a profile of the project (checked before P is looked up)",
      .lxd_ref = "lxd/profiles.go:722-725 profilePost (lxd-5.0.2), :868-871 (lxd-5.21.7), :924-927 (lxd-6.9); seen live on 5.0.2" },
    R(PROFILE_RENAME_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Query affected 0 rows instead of 1") },
      .trigger = "lxc profile rename of a profile that does not exist: the database rename changes no row",
      .lxd_ref = "lxd/db/cluster/profiles.mapper.go:470 RenameProfile (lxd-5.0.2), :447 (lxd-5.21.7, lxd-6.9); seen live on 5.0.2" },
    R(PROFILE_IN_USE) .releases = ALL,
      .texts = { T(ALL, "Profile is currently in use") },
      .trigger = "lxc profile delete of a profile used by an instance",
      .lxd_ref = "lxd/profiles.go:791 profileDelete (lxd-5.0.2), :944 doProfileDelete (lxd-5.21.7), :1000 (lxd-6.9); a plain error answered 500 until lxd-5.21.4 and lxd-6.5 (and in every Incus), api.NewStatusError(400) from lxd-5.21.5 and lxd-6.6 (profile_in_use_status in model/ms-profile-ops.c)" },
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
    R(POOL_EXISTS_ONE_MEMBER) .releases = ALL,
      .texts = { T(REL_POOL_EXISTS_OLD, "The storage pool already exists: The record already exists"),
                 T(REL_POOL_EXISTS_NEW, "Storage pool \"%s\" already exists") },
      .trigger = "lxc storage create P DRIVER (no --target) in a one-member cluster where P is already created: the single-server path (count == 1), before the driver is looked up",
      .lxd_ref = "lxd/storage_pools.go:344-355 storagePoolsPost -> storagePoolCreateGlobal -> storage_pools_utils.go:17-22 storagePoolDBCreate, 'already exists: %w' db.ErrAlreadyDefined ('The record already exists', lxd/db/errors.go:10) via SmartError 409 (lxd-5.0.2; lxd-5.21.0, lxd-5.21.1 :25); api.StatusErrorf(409) 'Storage pool %q already exists' from lxd-5.21.2 (783826232f; :26 at lxd-5.21.7), lxd-6.1 (e337cfd8f0; :26 at lxd-6.9, in the create operation)" },
    R(POOL_POWERSTORE_MODE) .releases = MS_REL_SINCE_6(9),
      .texts = { T(MS_REL_SINCE_6(9), "Invalid value for option \"powerstore.mode\": Invalid value \"%s\" (not one of [iscsi scsi/fc])") },
      .trigger = "lxc storage create P powerstore without a valid powerstore.mode: with --target (the key may not be given there, POOL.KEY_NOT_MEMBER_SPECIFIC), or in a one-member cluster",
      .lxd_ref = "lxd/storage/drivers/driver_powerstore.go:183 Validate, powerstore.mode validate.IsOneOf(iscsi, scsi/fc) without validate.Optional, run on the empty value by validatePool (driver_common.go:81-86, 'Invalid value for option %q: %w') from storagePoolValidate, lxd/storage_pools.go:361-364 (the --target step, BadRequest) (lxd-6.9); the powerstore driver is new in lxd-6.9; made optional after it by d249fd995c (PR #18738, in no tag)" },
    R(POOL_NOT_PENDING) .releases = ALL,
      .texts = { T(ALL, "Storage pool is not in pending state") },
      .trigger = "lxc storage create --target after the pool was created",
      .lxd_ref = "lxd/db/storage_pools.go:306 (all tags; observed on lxd-5.0.2)" },
    R(POOL_NOT_PENDING_ANY) .releases = ALL,
      .texts = { T(ALL, "Pool not pending on any node (use --target <node> first)") },
      .trigger = "final lxc storage create of a pool (local or remote: ceph too, LXD #13227) without any --target step",
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
      .trigger = "lxc storage delete of a pool with volumes or instances, or named by a profile's disk device",
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
    R(VOLUME_TARGET_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Cluster member not found") },
      .trigger = "lxc storage volume create/delete/copy/move ... --target or --destination-target with an unknown member: the volume request is forwarded by name, "
                 "and the member lookup answers (not instance create's CheckTargetMember, whose text names the member)",
      .lxd_ref = "lxd/response.go:34-40 forwardedResponseIfTargetIsRemote, lxd/cluster/resolve.go:24 ResolveTarget, lxd/db/node.go:269 GetNodeByName (lxd-5.0.2); "
                 "lxd/storage_volumes.go:1014 storagePoolVolumesPost, lxd/response.go:15-24 forwardedResponseToNode, lxd/cluster/resolve.go:20, lxd/db/node.go:276 (lxd-5.21.7); "
                 "lxd/storage_volumes.go:986, lxd/response.go:15, lxd/cluster/resolve.go:20, lxd/db/node.go:278 (lxd-6.9)" },
    R(VOLUME_COPY_MIGRATION_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed storage volume creation: %s") },
      .trigger = "lxc storage volume copy|move to another member than the source's: lxc of 5.0.0-5.0.2 and 5.1-5.19 copies by migration (the source's migration "
                 "operation first, then the create on the destination), and wraps the destination's refusal, e.g. an unknown --destination-target",
      .lxd_ref = "client/lxd_storage_volumes.go:475-667 CopyStoragePoolVolume takes the migration path unless volume.Location == the destination's clusterTarget, "
                 ":414-465 tryCreateStoragePoolVolume, client/util.go:150-179 remoteOperationError (lxd-5.0.2; live 5.0.2: "
                 "'Failed storage volume creation: Cluster member not found', tools/live-random.py --gen 4 --seed 1003 scenario 11); "
                 "from lxd-5.0.3 and 5.20 the copy stays inside the cluster (cluster_internal_custom_volume_copy, client/lxd_storage_volumes.go:561 at lxd-5.0.3, "
                 ":605 at lxd-5.21.7, :614 at lxd-6.9) and the refusal is not wrapped",
      .one_way = "a wrapper: only ever applied",
      .unevaluated = "it wraps the destination's refusal (VOLUME.TARGET_NOT_FOUND, POOL.NOT_FOUND) in volume_copy_dest_refused, whose checks are those rules': no check site of its own" },
    R(VOLUME_COPY_SOURCE_ELSEWHERE) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "Incus: incus storage volume copy of a volume on a local pool held by another member than the one incus talks to, without --destination-target: the server migrates only when the request names a target, so the member copies locally and does not find the source (Incus #2178)",
      .lxd_ref = "LXD has the same condition (lxd/storage_volumes.go:1130 at lxd-5.21.7, :1098 at lxd-6.9; none at lxd-5.0.2, whose lxc sends the copy to the source's member, lxc/storage_volume.go:432-434) but what it answers there has not been read: migsim notes that case as not modelled for LXD" },
    R(VOLUME_COPY_PROJECT_SOURCE) .releases = { MS_SPAN_50_UNTIL(4), MS_SPAN_NONE, MS_SPAN_NONE },
      .texts = { T(MS_REL_ONLY_50, "Failed generating volume copy config: Storage volume \"%s\" in project \"%s\" of type \"custom\" does not exist on pool \"%s\": Storage volume not found") },
      .trigger = "lxc storage volume copy|move --project P --target-project Q where P keeps its volumes in default (features.storage.volumes=false): lxd-5.0.0-5.0.3 look the source up in P itself",
      .lxd_ref = "client/lxd_storage_volumes.go:514-522 sends source.project P (lxd-5.0.2); lxd/storage_volumes.go:682 doVolumeCreateOrCopy passes it unconverted to CreateCustomVolumeFromCopy, lxd/storage/backend_lxd.go:3341-3343, lxd/storage/utils.go:199 (lxd-5.0.2; live 5.0.2 2026-12-05, lane 2). Converted to P's storage project by bdf7d87166 (lxd/storage_volumes.go:1266-1271 at lxd-5.21.7; from lxd-5.0.4 and lxd-5.21.0)" },
    R(VOLUME_MOVE_PROJECT_NO_VOLUMES) .releases = MS_REL_NOT_50,
      .texts = { T(MS_REL_NOT_50, "Target project does not have features.storage.volumes enabled") },
      .trigger = "lxc storage volume move POOL/VOL POOL/NEW --target-project Q of a remote pool's volume without --target or --destination-target (lxc's one server-side POST, from 5.21.0), Q without features.storage.volumes (LXD #11671)",
      .lxd_ref = "lxc/storage_volume.go:540-551 MoveStoragePoolVolume when srcServer == dstServer (lxd-5.21.7), :540-551 (lxd-6.9); lxd/storage_volumes.go:1470-1482 storagePoolVolumePost (lxd-5.21.7), :1493-1505 (lxd-6.9); PR #11696" },
    R(VOLUME_MOVE_PROJECT_SAME) .releases = MS_REL_NOT_50,
      .texts = { T(MS_REL_NOT_50, "Project and target project are the same") },
      .trigger = "the same server-side move with --target-project Q, Q not default, whose storage project is the source's",
      .lxd_ref = "lxd/storage_volumes.go:1484-1486 storagePoolVolumePost (lxd-5.21.7), :1507-1509 (lxd-6.9)" },
    R(VOLUME_MOVE_DELETE_IN_USE) .releases = ALL,
      .texts = { T(ALL, "Failed deleting source volume after copy: The storage volume is still in use") },
      .trigger = "lxc storage volume move of a volume an instance uses: on a cluster lxc copies, then deletes the source, which is refused; the copy stays",
      .lxd_ref = "lxc/storage_volume.go:442 srcServer.UseTarget makes srcServer != dstServer on a cluster, so :482-501 copy then delete (lxd-5.0.2; live 2026-12-02: both volumes remain); :487,561-600 (lxd-5.21.7), :483,561-600 (lxd-6.9); the delete's refusal is VOLUME.IN_USE" },
    R(VOLUME_IN_USE) .releases = ALL,
      .texts = { T(ALL, "The storage volume is still in use") },
      .trigger = "lxc storage volume delete of an attached volume",
      .lxd_ref = "lxd/storage_volumes.go:1811 (lxd-5.0.2, observed: 400), :2541 (lxd-5.21.7), :2543 (lxd-6.9)" },

#include "ms-rules-migration.inc"

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
    R(CLI_IMAGE_CREATE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed instance creation: %s") },
      .trigger = "lxc init/launch from an image of another remote (ubuntu:, images:; not --empty, not local:): the server's refusal of the create request or of its "
                 "operation (with the start when the server starts the instance, 5.21.3+ and 6.2+), as CreateInstanceFromImage's tryCreateInstance wraps it",
      .lxd_ref = "client/lxd_instances.go:550 remoteOperationError (lxd-5.0.2), :778 (lxd-5.21.7), :654 (lxd-6.9); a local image is created directly, unwrapped "
                 "(getSourceImageConnectionInfo, client/lxd.go:457-467 at lxd-5.21.7); doc/howto/projects_work.md:159 (lxd-5.21.7) shows the text",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_MOVE_API_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Migration API failure: %s") },
      .trigger = "lxc move --target: synchronous errors of POST /1.0/instances/NAME (MigrateInstance)",
      .lxd_ref = "lxc/move.go:303 (lxd-5.0.2), :309 (lxd-5.21.0..5.21.2, lxd-6.1), :322 (lxd-5.21.3, lxd-6.2), :330 (lxd-5.21.4, lxd-6.5, lxd-6.6), :374 (lxd-5.21.5..5.21.7), :371 (lxd-6.7..6.9)",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_UNKNOWN_FLAG) .releases = ALL,
      .texts = { T(ALL, "unknown flag: %s") },
      .trigger = "lxc start --stateful, lxc stop --stateless, lxc restart --stateful|--stateless in every release; lxc cluster evacuate/restore with --action or --yes, lxc restore with --disk-volumes (before 6.6), or lxc storage volume import with --type (5.0.x, before 5.16), on a release whose lxc lacks the flag",
      .lxd_ref = "lxc/action.go:114-118 (lxd-5.0.2), :140-145 (lxd-5.21.7), :136-141 (lxd-6.9): --stateful is stop's only, --stateless start's only (seen with the lxd-5.0.2 lxc and the incus-6.0.4 client: 'Error: unknown flag: --stateful' for start and restart, '--stateless' for stop); lxc/cluster.go: --action added in 5.1 (evacuate) and 5.21.4/6.4 (restore), --yes at :1304 (lxd-6.9, absent at lxd-6.8 and lxd-5.21.7); lxc/restore.go: --disk-volumes at :36 (lxd-6.6), :33 (lxd-6.9), absent at lxd-6.5 and lxd-5.21.7; lxc/storage_volume.go: import's --type from lxd-5.16 (:2845 at lxd-5.21.7), absent at lxd-5.0.2 (:2227-2240) and every 5.0.x; observed on lxd-5.0.2 ('Error: unknown flag: --action')" },
    R(CLI_UNKNOWN_SHORTHAND) .releases = ALL,
      .texts = { T(ALL, "unknown shorthand flag: %s in -%s") },
      .trigger = "lxc cluster evacuate|restore -f: --force has no short name there (lxc delete|stop|restart -f do take it)",
      .lxd_ref = "lxc/cluster.go:1098 (lxd-5.0.2), :1314 and :1344 (lxd-5.21.7), :1303 and :1333 (lxd-6.9): BoolVar(&...flagForce, \"force\", false, ...), no shorthand, at every 5.x and 6.x tag; pflag's parseSingleShortArg text ('unknown shorthand flag: %q in -%s', the byte and the rest of the word)" },
    R(WRAP_EXPANDED) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Invalid expanded devices: Device validation failed for \"%s\": %s") },
      .trigger = "an instance update (lxc config set/unset, lxc config device add/set/override/remove, lxc profile add/remove, a change of a profile it uses): the expanded validation of every device a profile gives it fails, e.g. a container's tpm without path or pathrm (profiles are validated with type any); every later update of the instance fails the same way until the device is fixed or overridden",
      .lxd_ref = "lxd/instance/drivers/load.go:103 validDevices + driver_lxc.go:4133-4135 / driver_qemu.go:4626-4628 Update (lxd-5.0.2, seen live); load.go:103 + driver_lxc.go:4373-4375 / driver_qemu.go:5962-5964 (lxd-5.21.7); load.go:106 + driver_common.go:2313-2315 (lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },
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
    R(MEMBER_REMOVE_VOLUMES) .releases = ALL,
      .texts = { T(ALL, "Node still has the following custom volumes: %s") },
      .trigger = "lxc cluster remove without --force of a member without instances that holds custom volumes of a local pool (names comma separated, in index order: pool, then name, as the live 5.0.2 cluster listed them); --force removes them with the member",
      .lxd_ref = "lxd/db/node.go:968-983 NodeIsEmpty (lxd-5.0.2), :963-978 (lxd-5.21.7), :968-983 (lxd-6.9), after the instance and image checks, only when !force: lxd/cluster/membership.go:903 (lxd-5.0.2), :993 (lxd-5.21.7), :1493 (lxd-6.9); the cascade: lxd/db/cluster/schema.go:461 (lxd-5.0.2); the text seen on the live 5.0.2 cluster, 2026-12-03" },
    R(MEMBER_REMOVE_ONLY_MEMBER) .releases = ALL,
      .texts = { T(ALL, "Member is the only member in the cluster") },
      .trigger = "lxc cluster remove without --force of the cluster's only member, once it holds no instance and no custom volume of a local pool (the check after NodeIsEmpty's); with --force the answer is not modelled",
      .lxd_ref = "lxd/cluster/membership.go:1193 membershipCheckClusterStateForLeave (lxd-5.0.2), :1299 (lxd-5.21.7), :1794 (lxd-6.9), the same text at every tag lxd-5.0.0 .. lxd-6.9; called by cluster.Leave only when !force: lxd/api_cluster.go:1981 (lxd-5.0.2), :2140 (lxd-5.21.7), lxd/api_cluster_member.go:1121 (lxd-6.9); SmartError of a plain error: 500" },
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
    R(VOLUME_SHARED_DISABLE_PROFILE) .releases = MS_REL_SINCE(4, 3),
      .texts = { T(MS_REL_SINCE(4, 3), "Cannot disable security.shared on block storage volume as it is attached to profile(s)") },
      .trigger = "lxc storage volume set|unset POOL VOL security.shared on a shared block volume a profile's disk device names (used by an instance or not); checked before VOLUME.SHARED_DISABLE",
      .lxd_ref = "lxd/storage/backend_lxd.go:6138 (lxd-5.21.4), :6176 (lxd-5.21.7), :6047 (lxd-6.3), :5703 (lxd-6.9) allowRemoveSecurityShared; test/suites/storage_profiles.sh:133 (lxd-5.21.7)" },
    R(VOLUME_KEY_INVALID) .releases = ALL,
      .texts = { T(ALL, "Invalid option for volume \"%s\" option \"%s\"") },
      .trigger = "lxc storage volume set POOL VOL security.shared=V where the volume rules have no such key: on every custom volume before 5.21.3 and 6.2, "
                 "on a filesystem or iso volume from then (the key guards block volumes only); also any key outside user.* and every namespace a driver has volume rules for "
                 "(live 5.0.2: 'foo'); on a dir, btrfs, cephfs, zfs, lvm or ceph pool (5.0.2, 5.21.x, 6.x) every key its volume rules lack (zfs.* off zfs, block.* off lvm/ceph/zfs block mode, security.shifted of a block volume; "
                 "after VOLUME.VALUE, several: any one, Go map order); on any pool a volatile.* key the common rules lack, with only user.* and volatile.* keys set; "
                 "lxc's unset sends the key empty, so an unset of a key no rule knows is refused too (dir pools, volatile.* on any); the volume is named as the driver names it, PROJECT_NAME",
      .lxd_ref = "lxd/storage/drivers/driver_common.go:176 validateVolume (lxd-5.0.2, seen live: 'Invalid option for volume \"default_vol1\" option \"security.shared\"', also for a block volume), "
                 ":188 (lxd-5.21.7), :187 (lxd-6.9); the key only for custom and VM block volumes: lxd/storage/utils.go:550 VolumeRules (lxd-5.21.3, lxd-6.2; absent at lxd-5.21.2, lxd-6.1 and every 5.0.x, 5.1-5.20 tag), "
                 ":534 (lxd-5.21.7), :497-508 (lxd-6.9); the update runs in an operation from lxd-6.6 (storagePoolVolumePut, lxd/storage_volumes.go)" },
    R(VOLUME_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid value for volume \"%s\" option \"%s\": %s") },
      .trigger = "lxc storage volume create POOL VOL KEY=V or lxc storage volume set on a dir pool whose common volume rule refuses V: size (units.ParseByteSizeString), "
                 "snapshots.expiry (GetExpiry), snapshots.schedule (IsCron with seven aliases: no @startup or @never), security.shifted and security.unmapped of a filesystem volume "
                 "and security.shared of a block one (5.21.3+, 6.2+) (IsBool), volatile.uuid (5.21+, 6.x) and volatile.devlxd.owner (6.6+) (IsUUID); checked before the unknown keys "
                 "(VOLUME.KEY_INVALID); several bad values: LXD names any one (Go map order), each text accepted; the same on btrfs and cephfs pools (no rules of their own), and with the driver's rules "
                 "on zfs (zfs.blocksize ValidateZfsBlocksize, zfs.* IsBool, block.* IsOneOf btrfs/ext4/xfs in block mode), lvm (block.*, lvm.stripes IsUint32, lvm.stripes.size IsSize) and ceph (block.*) pools; "
                 "other drivers' rules (powerflex, pure, ...) are not followed, but on their pools "
                 "the volatile.* keys are judged by the common rules as on a dir pool (no driver has volatile volume rules), alone or with user.* keys",
      .lxd_ref = "lxd/storage/drivers/driver_common.go:141-160 validateVolume, :157 the text (lxd-5.0.2), :171 (lxd-5.21.7), :170 (lxd-6.9); the rules lxd/storage/utils.go:331-400 "
                 "(lxd-5.0.2), :406-455, :620-650 (lxd-6.9); driver_dir_volumes.go:238-249 ValidateVolume without rules of its own (lxd-5.0.2), :237-244 (lxd-6.9); "
                 "backend_lxd.go:3270-3275 CreateCustomVolume, :3981-3986 UpdateCustomVolume (lxd-5.0.2)" },
    R(VOLUME_ISO_CONFIG) .releases = MS_REL_NOT_50,
      .texts = { T(MS_REL_NOT_50, "Custom ISO volume config cannot be changed") },
      .trigger = "lxc storage volume set|unset POOL VOL KEY[=V] of an ISO volume (lxc storage volume import --type=iso) that changes its config (any key, user.* too: "
                 "a value equal to the one held is no change), after ValidateVolume (VOLUME.VALUE, VOLUME.KEY_INVALID); on a pool whose driver rules migsim does not follow "
                 "with a key other than user.* and volatile.uuid: not modelled (the driver may refuse first); ISO volumes from 5.0.3 and 5.16",
      .lxd_ref = "lxd/storage/backend_lxd.go:5541 UpdateCustomVolume (lxd-5.21.0), :6279 (lxd-5.21.5 .. lxd-5.21.7), :5566 (lxd-6.1), :6350 (lxd-6.6), :5806 (lxd-6.9; a 400 status error, "
                 "in the update's operation from lxd-6.6), inside 'if len(changedConfig) != 0' after ValidateVolume; detectChangedConfig :6147-6172 (lxd-5.21.7) counts user.* keys too; "
                 "absent at lxd-5.0.2 (no ISO volumes, lxd/device/disk.go)" },
    R(VOLUME_UUID_IMMUTABLE) .releases = MS_REL_SINCE(0, 1),
      .texts = { T(MS_REL_SINCE(0, 1), "Custom volume \"volatile.uuid\" property cannot be changed") },
      .trigger = "lxc storage volume set POOL VOL volatile.uuid=V (a valid UUID: a bad one is VOLUME.VALUE first): every custom volume has a random volatile.uuid from its creation, "
                 "which migsim does not keep and takes V to differ from; an unset or an empty value is refused from 5.21.5 and 6.6 and accepted before; "
                 "after VOLUME.ISO_CONFIG; on a pool whose driver rules migsim does not follow with another key than user.*: not modelled (the driver may refuse first)",
      .lxd_ref = "lxd/storage/backend_lxd.go:5550-5551 UpdateCustomVolume, changedConfig[\"volatile.uuid\"] != \"\" (lxd-5.21.0), :6230-6231 (lxd-5.21.4), :6289-6291 '_, ok' (lxd-5.21.5 .. lxd-5.21.7), "
                 ":5575-5576 (lxd-6.1), :6277-6278 (lxd-6.5), :6360-6362 '_, ok' (lxd-6.6), :6362-6364 (lxd-6.7), customVolumeConfigPolicy.Immutable :3057-3062 and :5810-5815 %q (lxd-6.9), :5793-5796 (lxd-6.8); "
                 "the uuid written at creation: GetNewVolume :257 (lxd-5.21.7), :363 (lxd-6.9); absent at every 5.0.x and 5.1-5.20 tag" },
    R(VOLUME_BLOCK_FS_IMMUTABLE) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Custom volume 'block.filesystem' property cannot be changed"),
                 T(NOT_50, "Custom volume \"block.filesystem\" property cannot be changed") },
      .trigger = "lxc storage volume set POOL VOL block.filesystem=V on a volume whose block.filesystem V changes: the one given at its creation, else the one LXD filled in "
                 "(a filesystem volume of lvm or ceph, of zfs in block mode: the pool's volume.block.filesystem or ext4; none on a block volume); "
                 "lxc storage volume unset of it from 5.21.5 and 6.6 too; after ValidateVolume (VOLUME.VALUE, VOLUME.KEY_INVALID) and VOLUME.ISO_CONFIG",
      .lxd_ref = "lxd/storage/backend_lxd.go:3991-3994 UpdateCustomVolume (lxd-5.0.2), :5545-5546 (lxd-5.21.0), :6283-6285 '_, ok' (lxd-5.21.5 .. lxd-5.21.7), :5570-5571 (lxd-6.1), "
                 ":6354 '_, ok' (lxd-6.6), customVolumeConfigPolicy.Immutable :3057-3062 and :5810-5815 %q (lxd-6.9); the filled value: FillVolumeConfig, "
                 "lxd/storage/drivers/driver_lvm_volumes.go:254-264, driver_ceph_volumes.go:786-796 (lxd-5.0.2), :272-286, :1139-1153, driver_zfs_volumes.go:3980-3995 (lxd-6.9)" },
    R(VOLUME_LVM_STRIPES_THIN) .releases = ALL,
      .texts = { T(ALL, "%s cannot be used with thin pool volumes") },
      .trigger = "lxc storage volume create|set POOL VOL lvm.stripes=N or lvm.stripes.size=S (valid values) on an lvm pool using a thin pool (lvm.use_thinpool unset or true); "
                 "lvm.stripes named first; after VOLUME.VALUE and VOLUME.KEY_INVALID",
      .lxd_ref = "lxd/storage/drivers/driver_lvm_volumes.go:309-315 ValidateVolume (lxd-5.0.2), :352-358 (lxd-5.21.7), :357-363 (lxd-6.9); usesThinpool driver_lvm_utils.go:38-41 (lxd-5.0.2), :42-45 (lxd-6.9)" },
    R(VOLUME_LVM_STRIPES_CHANGE) .releases = ALL,
      .texts = { T(ALL, "%s cannot be changed") },
      .trigger = "lxc storage volume set|unset POOL VOL lvm.stripes or lvm.stripes.size to a value other than the volume's, on an lvm volume, after UpdateCustomVolume's checks "
                 "(VOLUME.BLOCK_FS_IMMUTABLE, VOLUME.UUID_IMMUTABLE, VOLUME.SHARED_DISABLE*); lvm.stripes named first; with size changed too: not modelled (the new size is applied first)",
      .lxd_ref = "lxd/storage/drivers/driver_lvm_volumes.go:321-338 UpdateVolume (lxd-5.0.2), :364-381 (lxd-5.21.7), :369-386 (lxd-6.9)" },
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
    R(VOLUME_CREATE_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed to load project \"%s\": Project not found"),
                 T(MS_REL_SINCE(5, 6), "Failed loading project \"%s\": Project not found") },
      .trigger = "lxc storage volume create POOL VOL --project P of a project that does not exist: the handler's first lookup, before the --target forward, the name and the pool (seen live on lxd-5.0.2, model/ms-volume-project.c)",
      .lxd_ref = "lxd/storage_volumes.go:535 storagePoolVolumesTypePost, lxd/project/project.go:96 StorageVolumeProject (lxd-5.0.2; 'Failed to load' until lxd-5.21.4, lxd-6.5); lxd/storage_volumes.go:1008 storagePoolVolumesPost, lxd/project/project.go:134 (lxd-5.21.7; 'Failed loading' from lxd-5.21.5); :980, :141 (lxd-6.9; from lxd-6.6); cluster.GetProject's 404 'Project not found', lxd/db/cluster/projects.mapper.go:239 (lxd-5.0.2), :217 (lxd-5.21.7, lxd-6.9)" },
    R(VOLUME_PROJECT_NOT_FOUND) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed to load project \"%s\": Project not found") },
      .trigger = "lxc storage volume show|get|set|unset|edit|restore|snapshot|copy|move|delete POOL VOL with --project P (or the current project) of a project that does not exist: lxc's first request is a GET, PUT or DELETE of the volume, whose handler loads the project first (seen live on lxd-5.0.2 for a copy); 5.21.x and 6.x load the pool first and wrap the text in some releases: not modelled there",
      .lxd_ref = "lxc/storage_volume.go:410 (copy and move: GetStoragePoolVolume of the source), :1966 (snapshot), set, get, show and restore GET first, edit from stdin PUTs (lxd-5.0.2); lxd/storage_volumes.go:1343 storagePoolVolumeGet, :1753 storagePoolVolumeDelete, :1450 storagePoolVolumePut call project.StorageVolumeProject before anything that can fail for a custom volume, lxd/project/project.go:96 'Failed to load project %q: %w' over cluster.GetProject's 404 'Project not found' (lxd-5.0.2); at lxd-5.21.3+ and 6.2+ addStoragePoolVolumeDetailsToRequestContext loads the pool first and wraps 'Failed to get effective project name: %w' (lxd/storage_volumes.go:2935 at lxd-5.21.7)" },
    R(SNAPSHOT_NAME_UNSAFE) .releases = ALL,
      .texts = { T(ALL, "Invalid snapshot name: Cannot contain \"%s\"") },
      .trigger = "lxc snapshot INSTANCE NAME where NAME holds '/', '?', '&' or '+' (the first of these, in that order, is named); test/suites/basic.sh:128 at lxd-6.9 (`lxc snapshot c1 \"/\"`); lxc rename INSTANCE/SNAP INSTANCE/NEW where NEW (after the first '/') holds one",
      .lxd_ref = "lxd/instance_snapshot.go:303-306 instanceSnapshotsPost, shared/validate/validate.go:524-532 IsURLSegmentSafe (lxd-5.0.2); :337-340, :517-525 (lxd-5.21.7); :331-334, :523-531 (lxd-6.9); the rename's snapshotPost :716-719 (lxd-5.0.2), :738-741 (lxd-5.21.7), :737-740 (lxd-6.9)" },
    R(SNAPSHOT_RENAME_EXISTS) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Name '%s' already in use"),
                 T(MS_REL_SINCE(5, 6), "Name \"%s\" already in use") },
      .trigger = "lxc rename INSTANCE/SNAP INSTANCE/NEW (or lxc move) where INSTANCE already has a snapshot NEW, NEW = SNAP included: snapshotPost looks the new name up after the URL-safety check and before the rename operation (409, the name printed as PARENT/NEW)",
      .lxd_ref = "lxd/instance_snapshot.go:722-727 snapshotPost, response.Conflict (lxd-5.0.2; the same text at lxd-5.0.0 .. 5.0.9 and lxd-5.1 .. 5.20); :745-755 in a transaction, its error returned as a Conflict, 'Name '%s'' until lxd-5.21.4 (:756) and lxd-6.5 (:756), 'Name %q' from lxd-5.21.5 (:749 at lxd-5.21.7) and lxd-6.6 (:755; :748 at lxd-6.9); lxc returns the error unwrapped (lxc/move.go:138-141 at lxd-5.0.2)" },
    R(SNAPSHOT_NAME_SPACE) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed creating instance snapshot record \"%s\": Invalid instance snapshot name: Cannot contain space or / characters") },
      .trigger = "lxc snapshot INSTANCE NAME where NAME holds a space (5.0.2: '..', '*' and '\\' pass ValidName, '..' seen live); later releases refuse more names with ValidSnapName: not modelled",
      .lxd_ref = "lxd/instance/instance_utils.go:713-715 ValidName, wrapped by lxd/instance/drivers/driver_common.go:608 (lxd-5.0.2; live 5.0.2 with lxc: 'a b' refused with this text, '..' taken)" },
    R(SNAPSHOT_CT_STATEFUL) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(6), "Unable to create a stateful snapshot. %s"),
                 T(MS_REL_SINCE_6(6), "Stateful snapshots are not supported for containers") },
      .trigger = "lxc snapshot --stateful of a container: stopped, it is not running; running, CRIU is needed (migsim assumes a host without CRIU, as MOVE.CT_LIVE does); 6.6+ refuses containers outright",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3332 (not running), :3337 (CRIU) at lxd-5.0.2 (live 2026-12-02: both); :3487, :3492 (lxd-5.21.7); :3363 (lxd-6.9; first at lxd-6.6)" },
    R(SNAPSHOT_VM_STATEFUL_KEY) .releases = ALL,
      .texts = { T(MS_REL_V5(MS_SPAN_50_UNTIL(3), MS_SPAN_5_UNTIL(12), MS_SPAN_NONE, MS_SPAN_NONE), "Stateful stop requires migration.stateful to be set to true"),
                 T(MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(12), MS_SPAN_ALL, MS_SPAN_ALL), "Stateful snapshot requires migration.stateful to be set to true") },
      .trigger = "lxc snapshot --stateful of a virtual machine whose expanded migration.stateful is not true, running or not (the snapshot's operation)",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:4102-4103 qemu.Snapshot (lxd-5.0.2, 'Stateful stop ...' at lxd-5.0.0 .. 5.0.2 and 5.1 .. 5.11); 'Stateful snapshot ...' from lxd-5.0.3 (:4384) and lxd-5.12 (:4122), :5411 (lxd-5.21.7), :5483 (lxd-6.9) (read at every tag, 2026-12-07); returned unwrapped by the operation, lxd/instance_snapshot.go:336-337 (lxd-6.9)" },
    R(SNAPSHOT_VM_NOT_RUNNING) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Unable to create a stateful snapshot. The instance isn't running"),
                 T(MS_REL_SINCE_6(8), "Cannot create a stateful snapshot. The instance is not running") },
      .trigger = "lxc snapshot --stateful of a virtual machine with migration.stateful=true that is not running (after SNAPSHOT.VM_STATEFUL_KEY; Incus: after STOP.SIZE_STATE too)",
      .lxd_ref = "lxd/instance/drivers/driver_qemu.go:4107-4108 qemu.Snapshot (lxd-5.0.2), :5416 (lxd-5.21.7), :5416 (lxd-6.7); 'Cannot create ...' from lxd-6.8 (:5465), :5488 (lxd-6.9) (read at every tag, 2026-12-07)" },
    R(SNAPSHOT_CT_STATEFUL_KEY) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus snapshot create NAME SNAP --stateful of a container without migration.stateful=true (Incus 6.0.1+ only: LXD has no such key for containers, SNAPSHOT.CT_STATEFUL)",
      .lxd_ref = "none in LXD: lxd/instance/drivers/driver_lxc.go:3332-3337 (lxd-5.0.2), :3363 (lxd-6.9) check the state and CRIU only" },
    R(COPY_CT_LIVE) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Unable to perform container live migration. CRIU isn't installed on the source server") },
      .trigger = "lxc copy of a running container to another member without --stateless: lxc asks for a live copy (lxc/copy.go:460), which needs CRIU on the source",
      .lxd_ref = "lxd/migrate_instance.go:61 (lxd-5.0.2; live 2026-12-02); from lxd-5.21.0 the copy between members goes another path (migration.ErrNoLiveMigrationSource, lxd/migration/utils.go:114 at lxd-5.21.7) whose wrapping is not audited: not modelled there" },
    R(COPY_PROJECT_SOURCE_ADDRESS) .releases = MS_REL_UNTIL(4, 5),
      .texts = { T(MS_REL_UNTIL(4, 5), "Failed to get address of instance's member: Instance not found") },
      .trigger = "lxc copy NAME NEW --target-project P placed on another member than the source's: the member looks the source's member up in P, the request's project, where it is not",
      .lxd_ref = "lxd/instances_post.go:430,441 createFromCopy redirects to clusterCopyContainerInternal, whose GetNodeAddressOfInstance(projectName, ...) :1242-1244 names the target project (lxd-5.0.2; live 5.0.2 2026-12-05, lane 2: stopped, running, --stateless, into a restricted and a limited project alike); "
                 "fixed by e51e48f9ce 'Use correct project on cross-project copy' (source.Project().Name: lxd/instances_post.go:1650 at lxd-5.21.7 via 13757dde51, :1876 at lxd-6.9), first in lxd-5.21.4 and lxd-6.5; the 5.0 branch keeps it (:1299 at lxd-5.0.9)" },
    R(SNAPSHOT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to fetch snapshot \"%s\" of instance \"%s\" in project \"%s\": InstanceSnapshot not found"),
                 T(MS_REL_SINCE_6(8), "Failed fetching snapshot \"%s\" of instance \"%s\" in project \"%s\": InstanceSnapshot not found") },
      .trigger = "lxc copy INSTANCE/SNAPSHOT of an unknown snapshot (lxc reads the snapshot first)",
      .lxd_ref = "lxd/instance/instance_utils.go:325 LoadByProjectAndName wrapping lxd/db/cluster/snapshots.mapper.go (lxd-5.0.2; live 2026-12-02), :313 (lxd-5.21.7), :314 'Failed to fetch' (lxd-6.6, 6.7), 'Failed fetching' from lxd-6.8 (:314 at lxd-6.9)" },
    R(SNAPSHOT_RESTORE_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Snapshot %s does not exist") },
      .trigger = "lxc restore INSTANCE SNAPSHOT of a snapshot the instance does not have (lxc sends INSTANCE/SNAPSHOT, lxc/restore.go:62 at lxd-5.0.2, :77 at lxd-5.21.7, :76 at lxd-6.9); the operation fails",
      .lxd_ref = "lxd/instance_put.go:199 instanceSnapRestore (lxd-5.0.2), :222 (lxd-5.21.0, lxd-6.1), :232 (lxd-5.21.7, 400 from here), :233 (lxd-6.6), :227 (lxd-6.9)" },
    R(SNAPSHOT_RESTORE_STATEFUL_CRIU) .releases = MS_REL_UNTIL_6(6),
      .texts = { T(MS_REL_V5(MS_SPAN_50_UNTIL(3), MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE), "Unable to perform container live migration. CRIU isn't installed"),
                 T(MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 6, 0))), "Failed taking stateful checkpoint: Unable to perform live container migration. CRIU isn't installed. To migrate the container, stop the container before migration or install CRIU") },
      .trigger = "lxc restore --stateful of a stopped container whose snapshot holds a state directory (a stateful stop refused for CRIU left it, SNAPSHOT.RESTORE_CRIU_STATE), on a member declared `host-lacks MEMBER criu`: "
                 "the disk and config are the snapshot's, then CRIU's restore finds no criu binary; the container stays stopped with the state directory; an undeclared host: not modelled; 6.6+ refuses first (SNAPSHOT.RESTORE_STATELESS)",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3514-3538 Restore, :4966-4968 Migrate's exec.LookPath (lxd-5.0.2; live 5.0.2: the lead's seed 36003 or 36004, docs/testing.md); 'Failed taking stateful checkpoint: %w' :3735-3738 (lxd-5.21.7) "
                 "around migrate's migration.ErrNoLiveMigration :6491-6493, lxd/migration/utils.go:120 (lxd-5.21.7), from lxd-5.0.3 (git show at every 5.0.x, 5.21.x and 6.0-6.5 tag); gone at lxd-6.6" },
    R(SNAPSHOT_RESTORE_STATELESS) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Stateful snapshot restore requested by snapshot is stateless"),
                 T(REL_NOT_50_UNTIL_6_6, "Stateful snapshot restore requested but snapshot is stateless"),
                 T(MS_REL_SINCE_6(6), "Stateful snapshot restore is not supported for containers") },
      .trigger = "lxc restore --stateful of a container: its snapshot is never stateful in migsim (SNAPSHOT.CT_STATEFUL); until 6.5 the check follows the stop and the restore of disk and config, and the container stays stopped; 6.6+ refuses first",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3516 (lxd-5.0.2), :3581 (lxd-5.21.0), :3715 (lxd-5.21.7), :3600 (lxd-6.1), :3669 (lxd-6.5); :3394 first in Restore (lxd-6.6), :3379 (lxd-6.9)" },
    R(SNAPSHOT_RESTORE_CRIU_STATE) .releases = MS_REL_UNTIL_6(6),
      .texts = { T(MS_REL_UNTIL_6(6), "Failed to restore container state. CRIU isn't installed") },
      .trigger = "lxc restore of a stopped container whose volume holds a state directory: a stateful stop refused for CRIU left it (lxc stop --stateful until 6.5, a live move of 5.0.x and 5.1-5.11, whose stop comes first); a start or a forced stop removes it, a snapshot carries it and a restore brings the snapshot's back",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3470-3474 Restore, after :3393-3425 stopped a running one with Stop(false) which removes the directory (:2604-2605), the directory made by Stop(true) :2562-2569 before Migrate's CRIU check :4966-4968, removed by startCommon :2201-2202 (lxd-5.0.2; live 5.0.2: tools/live-random.py --gen 19 --seed 19002, scenario 0 line 30); :3667-3671, Stop :2750-2773 (lxd-5.21.7); gone at lxd-6.6 with the containers' stateful stop and restore (lxd-6.9 has no such check)",
      .one_way = "migsim assumes no CRIU (as for live moves), so a restore of a container holding a state directory always fails" },
    R(PLACEMENT_FILTER) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_SINCE_6(6),
      .trigger = "evacuation of an instance with placement.group: candidates filtered by the group's policy and rigor",
      .lxd_ref = "lxd/placement/filtering.go Filter/getCompliantMembers (lxd-6.6 .. lxd-6.9); lxd/api_cluster_member.go evacuateClusterSelectTarget (lxd-6.9)",
      .outcome_pass = "compliant members remain; least-loaded of them is the target",
      .outcome_fail = "no compliant member: the instance is skipped (No eligible target cluster members after applying placement group)" },
    R(PGROUP_KEY_UNKNOWN) .releases = MS_REL_SINCE_6(6),
      .texts = { T(MS_REL_SINCE_6(6), "Invalid placement group key \"%s\"") },
      .trigger = "lxc placement-group create with a key other than policy, rigor and user.*; with several bad keys LXD names one of them, in Go map order (migsim: the first on the line, with a note)",
      .lxd_ref = "lxd/placement_groups.go placementGroupValidateConfig :775,780,788 via placementGroupsPost :310 (lxd-6.6, lxd-6.7), :779,784,792 via :294 (lxd-6.8), :765,770,778 via :301 (lxd-6.9); the first two errors are plain (SmartError: 500)" },
    R(PGROUP_VALUE_INVALID) .releases = MS_REL_SINCE_6(6),
      .texts = { T(MS_REL_SINCE_6(6), "Invalid placement group key \"%s\" value") },
      .trigger = "lxc placement-group create with policy other than spread|compact or rigor other than strict|permissive",
      .lxd_ref = "lxd/placement_groups.go placementGroupValidateConfig :775,780,788 via placementGroupsPost :310 (lxd-6.6, lxd-6.7), :779,784,792 via :294 (lxd-6.8), :765,770,778 via :301 (lxd-6.9); the first two errors are plain (SmartError: 500)" },
    R(PGROUP_KEY_MISSING) .releases = MS_REL_SINCE_6(6),
      .texts = { T(MS_REL_SINCE_6(6), "Missing required config key: \"%s\"") },
      .trigger = "lxc placement-group create without policy (checked first) or rigor",
      .lxd_ref = "lxd/placement_groups.go placementGroupValidateConfig :775,780,788 via placementGroupsPost :310 (lxd-6.6, lxd-6.7), :779,784,792 via :294 (lxd-6.8), :765,770,778 via :301 (lxd-6.9); the first two errors are plain (SmartError: 500)" },
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
      .trigger = "lxc move NAME NEWNAME when NEWNAME is taken (a rename; with --target on LXD the request has no such check and migsim answers not modelled)",
      .lxd_ref = "lxd/instance_post.go:521 (lxd-6.9), :535 (lxd-5.21.7), :368-372 (lxd-5.0.2) rename path only, after the migration branch returned; live 5.0.2 (review revA, session 33): lxc move c1 c2 --target m2 with c2 taken failed in the copy ('This \"instances\" entry already exists'), lxc move c1 c1 --target m2 moved c1" },
    R(CLI_UNKNOWN_COMMAND) .releases = MS_REL_UNTIL_6(6),
      .texts = { T(MS_REL_UNTIL_6(6), "unknown command \"%s\" for \"lxc\"") },
      .trigger = "an lxc command the release's client does not have (lxc placement-group before 6.6)",
      .lxd_ref = "cobra command lookup; lxc/main.go:296 (lxd-6.6), :298 (lxd-6.9) registers placement-group, absent at lxd-6.5 and lxd-5.21.7",
      .one_way = "the only release-gated command migsim models (placement-group) is missing from every release the rule applies to: only the refusal exists" },
    R(VOLUME_BAD_CONTENT_TYPE) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Invalid volume content type name") },
      .trigger = "lxc storage volume create --type=iso on a release without ISO volumes",
      .lxd_ref = "lxd/storage/utils.go:178 via lxd/storage_volumes.go:572 (lxd-5.0.2, 400)" },
    R(VOLUME_ISO_EMPTY) .releases = MS_REL_SINCE(3, 3),
      .texts = { T(MS_REL_SINCE(3, 3), "Creation of empty iso volumes is not allowed, either copy or import") },
      .trigger = "lxc storage volume create POOL VOL --type=iso (no source: an empty ISO volume), once the name is free",
      .lxd_ref = "lxd/storage_volumes.go:1099 storagePoolVolumesPost (lxd-5.21.3, commit 5762cdd9f2), :1156 (lxd-5.21.7), :1114 (lxd-6.3), :1124 (lxd-6.9), after the 'Volume by that name already exists' check; absent at every 5.0.x, 5.1-5.20, lxd-5.21.0 .. 5.21.2, lxd-6.1 and lxd-6.2, where the empty volume is created" },
    R(VOLUME_IMPORT_TYPE) .releases = MS_REL_NOT_50,
      .texts = { T(MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_UNTIL(MS_VERSION(5, 21, 5)), MS_SPAN_UNTIL(MS_VERSION(6, 6, 0))), "Import type needs to be \"backup\" or \"iso\""),
                 T(MS_REL_SINCE(5, 6), "Import type needs to be \"backup\", \"iso\" or \"tar\"") },
      .trigger = "lxc storage volume import POOL FILE [NAME] --type=T with T not a type that lxc knows (client-side, before any request)",
      .lxd_ref = "lxc/storage_volume.go:2490 (lxd-5.21.0), :2911 (lxd-5.21.4), :2917 with tar (lxd-5.21.5 .. lxd-5.21.7), :2551 (lxd-6.1), :2911 (lxd-6.5), :2952 with tar (lxd-6.6), :2913 (lxd-6.9); no --type flag on import at any 5.0.x tag (lxc/storage_volume.go:2227-2240 at lxd-5.0.2) nor before lxd-5.16: CLI.UNKNOWN_FLAG" },
    R(VOLUME_IMPORT_ISO_NAME) .releases = MS_REL_NOT_50,
      .texts = { T(MS_REL_NOT_50, "Importing ISO images requires a volume name to be set") },
      .trigger = "lxc storage volume import POOL FILE without a volume name, when the import is an ISO one (--type=iso, or no --type and FILE ends in .iso)",
      .lxd_ref = "lxc/storage_volume.go:2495 (lxd-5.21.0), :2922 (lxd-5.21.7), :2556 (lxd-6.1), :2918 (lxd-6.9); the suffix heuristic :2904-2911 (lxd-5.21.7); absent at every 5.0.x tag (the import is always a backup one there)" },
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
    R(CFG_SRVKEY_USER_KEY_NAME) .releases = MS_REL_NOT_50,
      .texts = { T(REL_NOT_50_UNTIL(2, 0), "cannot set '%s' to '%s': Invalid key name"),
                 T(MS_REL_SINCE(2, 0), "Cannot set \"%s\" to \"%s\": Invalid key name") },
      .trigger = "lxc config set|unset user.NAME (server) where NAME holds a character that is not a Unicode letter, digit or punctuation (test/suites/config.sh:233 at lxd-6.9: user.\u237e)",
      .lxd_ref = "lxd/config/map.go:211 Map.set (lxd-5.21.0), :219 (lxd-5.21.7), :201 (lxd-6.1), :183 (lxd-6.9); absent at lxd-5.0.2 (user.* keys bypass the schema unchecked), "
                 "first at lxd-5.0.3 and lxd-5.20; wrapped by lxd/config/errors.go:17" },
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
      .trigger = "lxc profile set/unset/device add/device remove/copy of an unknown profile: lxc first GETs the profile",
      .lxd_ref = "lxd/profiles.go:383 profileGet (lxd-5.0.2, live), :414 (lxd-5.21.0), :521 (lxd-5.21.7), :409 (lxd-6.1), :516 (lxd-6.9)" },
    R(PROFILE_NOT_APPLIED) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Profile %s isn't currently applied to %s"),
                 T(MS_REL_SINCE_6(8), "Profile %s is not currently applied to %s") },
      .trigger = "lxc profile remove INSTANCE PROFILE when the instance does not have PROFILE (client-side)",
      .lxd_ref = "lxc/profile.go:684 (lxd-5.0.2, live), :708 (lxd-5.21.0, lxd-6.1), :932 (lxd-5.21.7), :946 (lxd-6.6), :894 (lxd-6.8, lxd-6.9: 'is not')" },
    R(PROFILE_DUPLICATE) .releases = ALL,
      .texts = { T(ALL, "Duplicate profile found in request") },
      .trigger = "lxc profile add INSTANCE PROFILE when the instance already has PROFILE, or lxc profile assign INSTANCE LIST naming a profile twice (the update operation fails)",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:3971 Update (lxd-5.0.2, live), :4107 (lxd-5.21.0), :4185 (lxd-5.21.7), :4111 (lxd-6.1), :3831 (lxd-6.9); driver_qemu.go:4493 (lxd-5.0.2)" },
    R(PROFILE_ROOT_IN_USE) .releases = ALL,
      .texts = { T(ALL, "At least one instance relies on this profile's root disk device") },
      .trigger = "a profile change that removes its root disk or changes its pool while an instance takes its root disk from that profile",
      .lxd_ref = "lxd/profiles_utils.go:47-72 doProfileUpdate (lxd-5.0.2, live), :71 (lxd-5.21.0, lxd-6.1), :73 (lxd-5.21.7, lxd-6.6), :146 (lxd-6.9)" },
    R(DEV_ROOT_POOL_CHANGE) .releases = ALL,
      .texts = { T(ALL, "Cannot update root disk device pool name to \"%s\"") },
      .trigger = "an instance update (lxc config device set/add/override) that gives the instance's one root disk another pool, after the static validation of the expanded devices",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:4139-4143 Update (lxd-5.0.2, live 2026-12-03), :4305 (lxd-5.21.0), :4382 (lxd-5.21.7), :4308 (lxd-6.1), :4377 (lxd-6.5); driver_common.go:2322 (lxd-6.9)" },
    R(PROFILE_UPDATE_SAVED) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "The following instances failed to update (profile change still saved):%s"),
                 T(MS_REL_SINCE_6(8), "The following instances failed updating (profile change still saved):%s") },
      .trigger = "a profile change (lxc profile set/unset/device add/remove) that an instance using the profile refuses (its Update validates the changed devices): the profile stays changed; the list is one ' - Project: P, Instance: N: ERROR\\n' line per refusing instance of one member, in Go map order",
      .lxd_ref = "lxd/profiles_utils.go:80-150 doProfileUpdate, :165-197 doProfileUpdateCluster (lxd-5.0.2, live 2026-12-03), :90-160 (lxd-5.21.7), :162-239 'failed updating' (lxd-6.8, lxd-6.9); lxd/profiles.go:501-517 profilePut (lxd-5.0.2), :657-672 (lxd-5.21.7), :670-690 (lxd-6.9)" },
    R(CLUSTER_NOTIFY_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(REL_NOTIFY_PEER, "failed to notify peer %1$s: %2$s"),
                 T(REL_NOTIFY_PEER_AT, "Failed to notify peer %3$s at %1$s: %2$s"),
                 T(MS_REL_SINCE(5, 6), "Failed notifying cluster member \"%3$s\" at \"%1$s\": %2$s") },
      .trigger = "the member that got a request notifies its peers and one of them answers with an error (a profile change one of its instances refuses): the first such peer in member order, by its address (which migsim writes as '<address of cluster member \"M\">')",
      .lxd_ref = "lxd/cluster/notify.go:103 (lxd-5.0.2, live 2026-12-03; every 5.0.x, 5.1 .. 5.21.2, 6.1), :119 'Failed to notify peer NAME at' (lxd-5.21.3, lxd-5.21.4, lxd-6.2 .. lxd-6.5), :119 'Failed notifying cluster member' (lxd-5.21.5 .. lxd-5.21.7), :131 (lxd-6.6 .. lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },
    R(MOVE_SOURCE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = MS_REL_NOT_50,
      .texts = { T(MS_REL_NOT_50, "Instance move to destination failed on source: %s") },
      .trigger = "a cluster move, an evacuation's or a restore's migration fails on the source (a `fault migration NAME fail TEXT`): instancePostClusteringMigrate wraps the source operation's error where it waits for the source first (5.21.3+, 6.2+); 5.0.3 .. 5.0.9, 5.13 .. 5.21.2 and 6.1 wait for the destination first, which fails once the source hung up (MOVE.DEST_FAIL with an end migsim cannot word); 5.0.0 .. 5.0.2 and 5.1 .. 5.11 copy the instance instead (MOVE.COPY_DEVICES), and neither they nor 5.12 have this wrap",
      .lxd_ref = "lxd/instance_post.go:790 (lxd-5.21.0 .. 5.21.2, lxd-6.1), :795 (lxd-5.21.3, lxd-6.2), :796 (lxd-6.3), :807 (lxd-5.21.4, lxd-6.5), :808 (lxd-6.4), :802 (lxd-6.6), :944 (lxd-5.21.5), :949 (lxd-5.21.6, 5.21.7), :971 (lxd-6.7), :956 (lxd-6.8), :950 (lxd-6.9); reached from migrateInstance (instance_post.go:1159 at lxd-5.21.7, :1169 at lxd-6.9), which evacuation and restore call too (api_cluster.go:3142 at lxd-5.21.7, api_cluster_member.go:1402 at lxd-6.9); absent at lxd-5.0.2",
      .one_way = "a wrapper: only ever applied",
      .unevaluated = "it wraps only an injected failure (`fault migration NAME fail`), which is no decision of the model: no check site" },
    R(MOVE_DEST_FAIL) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Copy instance operation failed: Error transferring instance data: %s"),
                 T(REL_NOT_50_UNTIL(3, 2), "Instance move to destination failed: Error transferring instance data: Failed migration on target: %s"),
                 T(MS_REL_SINCE(3, 2), "Instance move to destination failed on source: Failed migration on source: Error from migration control target: %s") },
      .trigger = "a cluster move, an evacuation's or a restore's migration fails on the destination while it receives the instance (a `fault migration NAME dest-fail TEXT`, TEXT the destination's own error; where the destination is waited for first, a `fault migration NAME fail` too, TEXT then '<the source closed the connection>'): 5.0.2 copies the instance and waits for the destination's copy operation; 5.21.0 .. 5.21.2 and 6.1 wait for the destination's operation first; from 5.21.3 and 6.2 the source's operation is waited for first, which fails with the message the destination sends over the migration control connection (its own transfer may fail first with a websocket error: not modelled)",
      .lxd_ref = "lxd/instance_post.go:674 'Copy instance operation failed' + lxd/instances_post.go:351 'Error transferring instance data' (lxd-5.0.2); instance_post.go:785 destOp.Wait before :790 (lxd-5.21.0 .. 5.21.2, lxd-6.1) + instances_post.go:372 (lxd-5.21.0), :384 (lxd-5.21.2, lxd-6.1) + migrate_instance.go:280 'Failed migration on target'; srcOp.Wait first at instance_post.go:795 (lxd-5.21.3, lxd-6.2), :807 (lxd-5.21.4, lxd-6.5), :944 (lxd-5.21.5), :949 (lxd-5.21.6, 5.21.7), :802 (lxd-6.6), :971 (lxd-6.7), :956 (lxd-6.8), :950 (lxd-6.9) + migrate_instance.go:156 'Failed migration on source' (lxd-5.21.7), :151 (lxd-6.9) + instance/drivers/driver_lxc.go:5484 'Error from migration control target' (lxd-5.21.7), :4905 (lxd-6.9), the destination's g.Wait error sent at :6395-6404 (lxd-5.21.7)",
      .one_way = "a wrapper: only ever applied",
      .unevaluated = "it wraps only an injected failure (`fault migration NAME dest-fail`), which is no decision of the model: no check site" },
    R(WRAP_PROFILE_STATIC) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Device validation failed for \"%s\": %s") },
      .trigger = "lxc profile device add/set: static validation of the profile's devices (ValidDevices) fails; no 'Invalid devices: ' prefix",
      .lxd_ref = "lxd/profiles_utils.go:33 + lxd/instance/drivers/load.go:103 (lxd-5.0.2, live), load.go:108 (lxd-5.21.0), :103 (lxd-5.21.7), :102 (lxd-6.1), :106 (lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },
    R(START_STATEFUL_NO_STATE)
      .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Container has no existing state to restore"),
                 T(REL_NOT_50_UNTIL_6_6, "Instance has no existing state to restore"),
                 T(MS_REL_SINCE_6(6), "Stateful restore is not supported for containers") },
      .trigger = "a stateful start of a container (PUT /1.0/instances/NAME/state, action start, stateful true): only an API client sends one",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:2320 Start (lxd-5.0.2, after startCommon), :2385 (lxd-5.21.0), :2366 (lxd-5.21.7), :2382 (lxd-6.1), :2337 (lxd-6.5) (before startCommon from lxd-5.0.3 and 5.12); :2333 (lxd-6.6), :2300 (lxd-6.9) refuses every stateful start of a container",
      .unevaluated = "lxc asks for a stateful start only of an instance that has a saved state (lxc/action.go:235 at lxd-5.0.2, :263 at lxd-5.21.7, :259 at lxd-6.9) and has no start --stateful (CLI.UNKNOWN_FLAG); a container has a saved state only after a CRIU checkpoint, which migsim's clusters cannot take, so no scenario reaches the check (migsim serve answers such an API request 'not modelled')" },
    R(CLI_LIST_COLUMN) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(7), "Unknown column shorthand char '%s' in '%s'"),
                 T(MS_REL_SINCE_6(7), "Unknown column shorthand char '%s' in \"%s\"") },
      .trigger = "lxc list -c with a letter lxc does not know (client-side, before any request)",
      .lxd_ref = "lxc/list.go:630 parseColumns (lxd-5.0.2, lxd-5.21.7 '%s', lxd-6.6); :638 (lxd-6.7 .. lxd-6.9 %q)" },
    R(POOL_ALREADY_CREATED) .releases = ALL,
      .texts = { T(ALL, "The storage pool is already created") },
      .trigger = "final lxc storage create (no --target) of a pool that is already created",
      .lxd_ref = "lxd/storage_pools.go:394-397 storagePoolsPostCluster (lxd-5.0.2, live), :471 (lxd-5.21.7), :506 (lxd-6.9)" },
    R(POOL_KEY_MEMBER_SPECIFIC) .releases = ALL,
      .texts = { T(ALL, "Config key \"%s\" is cluster member specific") },
      .trigger = "final lxc storage create (no --target) on a cluster with a member-specific key (size, source, source.wipe from 5.0.3/5.12/5.21.0/6.1, source.recover from 6.7, volatile.initial_source, zfs.pool_name, lvm.thinpool_name, lvm.vg_name); with several LXD names one in Go map order",
      .lxd_ref = "lxd/storage_pools.go:385-390 storagePoolsPostCluster, first check, via :345-347 InternalError (lxd-5.0.2), :460-465 via :420-422 (lxd-5.21.7), :495-500 via :432 in the create operation (lxd-6.9); the keys: lxd/db/storage_pools.go:798-805 (lxd-5.0.2), :907-915 (lxd-5.21.7), :907-916 (lxd-6.9)" },
    R(POOL_KEY_NOT_MEMBER_SPECIFIC) .releases = ALL,
      .texts = { T(ALL, "Config key \"%s\" may not be used as member-specific key") },
      .trigger = "lxc storage create --target M with a key that is not member-specific (rsync.bwlimit, volume.size, ...)",
      .lxd_ref = "lxd/storage_pools.go:304-309 storagePoolsPost, first check of the targeted create (lxd-5.0.2), :371-376 (lxd-5.21.7), :354-359 (lxd-6.9); the keys: lxd/db/storage_pools.go:798-805 (lxd-5.0.2), :907-915 (lxd-5.21.7), :907-916 (lxd-6.9)" },
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
      .trigger = "lxc storage volume create with a name the release rejects: a '/' (all), a '\\' (5.21.4+, 6.3+), '..' or white space (5.21.4+, 6.5+); lxc storage volume rename to a name with a '/' (5.0.0-5.0.3, 5.1-5.21.1: before the volume is looked up)",
      .lxd_ref = "lxd/storage_volumes.go:560,564 (lxd-5.0.2; a rename's new name :993-995, before the volume is looked up, live 5.0.2: tools/live-random.py --gen 20 --seed 20001 scenario 0); lxd/storage_volumes.go:1040 + lxd/storage/drivers/utils.go:946 (lxd-5.21.7); "
                 "lxd/storage_volumes.go:1012 + lxd/storage/drivers/utils.go:983 (lxd-6.9)" },
    R(INSTANCE_MEMBER_OFFLINE) .releases = ALL,
      .texts = { T(ALL, "Missing event connection with target cluster member") },
      .trigger = "any lxc command on an instance whose member is offline: lxc's GET (and the change) is forwarded to that member, which cannot be reached; likewise a custom volume request with --target of an offline member, or about a local volume on one (lxd/storage_volumes.go:752,1763-1771 at lxd-5.0.2, :1014,2483-2488 at lxd-5.21.7, :986,2479-2484 at lxd-6.9)",
      .lxd_ref = "lxd/cluster/connect.go:37 Connect, EventListenerWait for 10 s (lxd-5.0.2, live: start, config set); the same wait and text at "
                 "connect.go:38 (lxd-5.21.0), :41 (lxd-5.21.4), :39 (lxd-5.21.7), :37 (lxd-6.1, lxd-6.3), :64 (lxd-6.9); "
                 "500 until lxd-5.21.3 and lxd-6.2, 503 (api.StatusErrorf) from lxd-5.21.4 and lxd-6.3" },
    R(DEV_REMOVE_FROM_PROFILE) .releases = ALL,
      .texts = { T(ALL, "Device from profile(s) cannot be removed from individual instance. Override device or modify profile instead") },
      .trigger = "lxc config device remove INSTANCE DEV when DEV comes from a profile, not the instance (client-side)",
      .lxd_ref = "lxc/config_device.go:507 (lxd-5.0.2, live), :511 (lxd-5.21.0), :659 (lxd-5.21.7), :667 (lxd-6.9)" },
    R(DISK_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid value for device option \"%s\": %s") },
      .trigger = "a disk device whose boolean option (required, optional, readonly, recursive, shift) is not a boolean (validate.IsBool: Invalid value for a boolean \"V\"), "
                 "or whose size or size.state is not a byte size (units.ParseByteSizeString: Invalid value: V, Invalid integer: V, Overflow multiplying N with M); "
                 "checked before the unknown keys (DISK.KEYS); with two bad values LXD names the first of its rules map in Go's random order, which migsim does not guess",
      .lxd_ref = "lxd/device/config/devices.go:23-33 Validate (lxd-5.0.2), :25-35 (lxd-5.21.7, lxd-6.9); the rules lxd/device/disk.go:156-177 (lxd-5.0.2), :230-423 (lxd-5.21.7), :222-415 (lxd-6.9); "
                 "shared/validate/validate.go:159-165 IsBool, :209-215 IsSize (lxd-5.0.2); shared/units/units.go:23-86 (lxd-5.0.2, lxd-5.21.7, lxd-6.9); seen live on 5.0.2 (size=bogus)" },
    R(DEV_UNSUPPORTED_TYPE) .releases = ALL,
      .texts = { T(ALL, "Failed loading device \"%s\": Unsupported device type") },
      .trigger = "a device whose type is none of nic, infiniband, gpu, proxy, usb, unix-char, unix-block, unix-hotplug, disk, none, tpm, pci, "
                 "or a nic without network= (an infiniband) whose nictype is none LXD has (an empty one included): newByType finds no implementation",
      .lxd_ref = "lxd/device/device_load.go:26-85 newByType, :99 load's wrap, errors.go:17 (lxd-5.0.2, seen live: config device add C D nosuchtype), "
                 ":100 (lxd-5.21.7, lxd-6.9), the same type list at every tag read" },
    R(DEV_TYPE_MISSING) .releases = ALL,
      .texts = { T(ALL, "Failed loading device \"%s\": Missing device type in config") },
      .trigger = "a device left without its type (lxc config|profile device unset D type, which sends type \"\"): newByType refuses it before it looks the type up",
      .lxd_ref = "lxd/device/device_load.go:15-16 newByType, :99 load's wrap (lxd-5.0.2, seen live: profile device unset P D type, config device unset C D type), "
                 ":16-17, :100 (lxd-5.21.7, lxd-6.9)" },
    R(DEV_NAME) .releases = ALL,
      .texts = { T(ALL, "%s") },
      .trigger = "lxc config device add C D ... / profile device add P D ... with a device name validate.IsDeviceName refuses: a leading '.', a byte other than letters, digits "
                 "and / . - : _ (wrapped 'Invalid devices: Device validation failed for \"D\": ...', for a profile 'Device validation failed for \"D\": ...'); a name over 63 bytes is 'not modelled'",
      .lxd_ref = "lxd/device/device_load.go:140 Validate -> shared/validate/validate.go:757-778 IsDeviceName, wrapped by lxd/instance/drivers/load.go:103 validDevices (lxd-5.0.2); "
                 "device_load.go:141, validate.go:770, load.go:103 (lxd-5.21.7); :141, :783, :106 (lxd-6.9); the same call, texts and wrap at every 5.21.x and 6.x tag (read at each)" },
    R(TPM_PATH_REQUIRED) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to validate config: Invalid value for device option \"%s\": Required value"),
                 T(MS_REL_SINCE_6(8), "Failed validating config: Invalid value for device option \"%s\": Required value") },
      .trigger = "a tpm device of a container's own (lxc config device add) without path or without pathrm, or with one empty; one a profile gives a container fails in Update's expanded validation (WRAP.EXPANDED), a create or copy (WRAP.STATIC) and a start (WRAP.START); "
                 "a profile alone is validated with type any, where both are optional; with both missing LXD names the first of its rules map in Go's random order, which migsim does not guess",
      .lxd_ref = "lxd/device/tpm.go:39-41 rules, :47-49 Validate and wrap (lxd-5.0.2, seen live: profile device add P D tpm path=/dev/tpm0 on a profile a container uses), "
                 ":55-57, :63-65 (lxd-5.21.7); 'Failed validating config' from lxd-6.8: :56-58, :64-66 (lxd-6.8, lxd-6.9); lxd/device/config/devices.go:23-33 Validate (lxd-5.0.2); "
                 "shared/validate/validate.go:200-206 IsNotEmpty (lxd-5.0.2)" },
    R(CFG_INST_MEMORY_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid config: %s") },
      .trigger = "lxc config set / profile set / create with limits.memory that is no percentage and no byte size units.ParseByteSizeString reads "
                 "(its error: Invalid value: V, Invalid integer: V, Overflow multiplying N with M); a percentage or a size of 0 (or under 1MiB from 6.8) stays 'not modelled'",
      .lxd_ref = "shared/instance.go:93-121 (lxd-5.0.2, seen live: 'Invalid config: Invalid value: lots'); lxd/instance/instancetype/instance.go:281-309 (lxd-5.21.7), :263-291 (lxd-6.9); "
                 "the ParseByteSizeString path at every 5.x and 6.x tag (read at each)" },
    R(CFG_INST_BADINT) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid value for an integer \"%s\"") },
      .trigger = "lxc config set / profile set / create with boot.autostart.delay, boot.autostart.priority, boot.host_shutdown_timeout, "
                 "boot.stop.priority or limits.processes (containers) not a decimal int64 (strconv.ParseInt), or a validate.IsPriority key "
                 "(limits.cpu.priority, ...; CFG.INST.PRIORITY) not one; a profile's error has no 'Invalid config: '",
      .lxd_ref = "shared/validate/validate.go:64 IsInt64, its keys at shared/instance.go:80-83, :201 (lxd-5.0.2, seen live on a profile: "
                 "'Invalid value for an integer \"x\"'); validate.go:56, lxd/instance/instancetype/instance.go:113-140, :639 (lxd-6.9), "
                 ":161, :626 (lxd-5.21.7); the same validator for these keys at every tag read" },
    R(CFG_INST_BADUINT32) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid value for uint32 \"%s\": %s") },
      .trigger = "lxc config set / profile set / create with a key whose validator is validate.Optional(validate.IsUint32) "
                 "(migration.incremental.memory.goal and .iterations, security.idmap.base and .size) and a value strconv.ParseUint(v, 10, 32) refuses; "
                 "the second part is strconv's error ('strconv.ParseUint: parsing \"x\": invalid syntax', '... value out of range'); a profile's error has no 'Invalid config: '",
      .lxd_ref = "shared/validate/validate.go:81-88 IsUint32, its keys at shared/instance.go:206-207, :220, :222 (lxd-5.0.2); validate.go:83-90, "
                 "lxd/instance/instancetype/instance.go:668, :764 (lxd-5.21.7); validate.go:83-90, instance.go:681, :777 (lxd-6.9); the same validator and "
                 "text at every 5.0.x, 5.1-5.20, 5.21.x and 6.x tag (tools/gen-instance-keys.py reads the keys at each)" },
    R(CFG_INST_BADUINT8) .releases = MS_REL_SINCE(5, 6),
      .texts = { T(MS_REL_SINCE(5, 6), "Invalid config: Invalid value for an integer \"%s\". Must be between 0 and 255") },
      .trigger = "lxc config set / profile set / create with limits.max_bus_ports (VMs, 6.7+; validate.Optional(validate.IsUint8)) not a decimal 0..255; "
                 "lxc config set / create with a device's volatile.DEV.bus (5.21.5+, 6.6+: its suffix validator, LXD #16764) not a decimal 0..255 "
                 "(volatile.DEV.last_state.usb.bus, tested first, takes any value)",
      .lxd_ref = "shared/validate/validate.go:63-70 IsUint8, lxd/instance/instancetype/instance.go:1084 limits.max_bus_ports (lxd-6.9); the key from lxd-6.7 (absent at lxd-6.6 and every 5.21.x); "
                 "the suffix .bus: instance.go:1398-1399 (lxd-5.21.5 .. lxd-5.21.7), :1428-1429 (lxd-6.6), :1413-1414 (lxd-6.9), validate.IsAny at lxd-5.21.3, 5.21.4, 6.2 .. 6.5, absent before; "
                 "IsUint8's text validate.go:66 at lxd-5.21.5, lxd-5.21.7, lxd-6.6, lxd-6.9" },
    R(CFG_INST_PRIORITY) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid value for a limit \"%s\". Must be between 0 and 10") },
      .trigger = "lxc config set / profile set / create with a validate.Optional(validate.IsPriority) key (limits.cpu.priority, limits.disk.priority, "
                 "limits.memory.swap.priority, limits.network.priority until 5.20) set to an integer outside 0..10; one that is no integer is CFG.INST.BADINT",
      .lxd_ref = "shared/validate/validate.go:145-157 IsPriority (lxd-5.0.2, lxd-5.21.7, lxd-6.9; strconv.Atoi instead of ParseInt from lxd-5.21.5 and lxd-6.6, "
                 "the same on 64 bits), its keys at shared/instance.go:92, :122, :192, :200 (lxd-5.0.2), lxd/instance/instancetype/instance.go:537 (lxd-5.21.7), :550 (lxd-6.9)" },
    R(CFG_INST_SIZE_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid config: %s") },
      .trigger = "lxc config set / profile set / create with a validate.Optional(validate.IsSize) key (limits.hugepages.64KB, .1MB, .2MB, .1GB; containers) "
                 "that units.ParseByteSizeString refuses (Invalid value: V, Invalid integer: V, Overflow multiplying N with M)",
      .lxd_ref = "shared/validate/validate.go:209-216 IsSize, shared/units/units.go:23-86 ParseByteSizeString, the keys at shared/instance.go:193-196 (lxd-5.0.2); "
                 "validate.go:209, lxd/instance/instancetype/instance.go:573 (lxd-5.21.7); validate.go:209, instance.go:586 (lxd-6.9); the same at every tag" },
    R(CFG_INST_NOT_ONE_OF) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid value \"%s\" (not one of [%s])") },
      .trigger = "lxc config set / profile set / create with a validate.Optional(validate.IsOneOf(...)) key other than cluster.evacuate (limits.memory.enforce; "
                 "from 5.21.2 linux.kernel_modules.load, 5.21.3 limits.cpu.pin_strategy, 5.21.4 ubuntu_pro.guest_attach, 6.7 boot.mode, ...) and a value not in its list, "
                 "which the text prints as Go prints a []string",
      .lxd_ref = "shared/validate/validate.go:168-176 IsOneOf (lxd-5.0.2, lxd-5.21.7, lxd-6.9), limits.memory.enforce at shared/instance.go:197 (lxd-5.0.2), "
                 "lxd/instance/instancetype/instance.go:596 (lxd-5.21.7), :609 (lxd-6.9); every key's list read at every tag by tools/gen-instance-keys.py" },
    R(CFG_INST_UUID) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid UUID") },
      .trigger = "lxc config set / create with volatile.uuid, volatile.uuid.generation (5.0.3+, 5.12+) or volatile.cloud-init.instance-id not a UUID uuid.Parse reads: "
                 "refused when its length is none of 32, 36, 38, 45, or 36 bytes not 8-4-4-4-12 hex digits; the 32, 38 and 45 byte forms "
                 "(the uuid libraries' versions differ) are 'not modelled'",
      .lxd_ref = "shared/validate/validate.go:535-541 IsUUID with pborman/uuid (lxd-5.0.2, seen live: volatile.uuid=x and volatile.cloud-init.instance-id=zz "
                 "'Invalid config: Invalid UUID'), the keys at shared/instance.go:142, :150; validate.go:528-535 with google/uuid (lxd-5.21.7), the same text at lxd-6.9 "
                 "and every 5.x tag (git show at each)" },
    R(CFG_INST_CPU_PIN_AUTO) .releases = MS_REL_SINCE(3, 2),
      .texts = { T(MS_REL_SINCE(3, 2), "Invalid config: CPU pinning specified, but pinning strategy is set to \"auto\"") },
      .trigger = "lxc config set / profile set / create of a local or profile config holding limits.cpu.pin_strategy=auto and a limits.cpu "
                 "IsStaticCPUPinning takes (a ',' or '-' in it: 1-2, 0,3); not the expanded config (a profile's pin_strategy with an instance's "
                 "limits.cpu passes). Profiles answer without 'Invalid config: ' (400 on create, 500 on update)",
      .lxd_ref = "lxd/instance/instance_utils.go:119-124 ValidConfig, '!expanded' (lxd-5.21.3), :118-123 (lxd-5.21.7), :119-124 (lxd-6.9), with the key "
                 "(validate.IsOneOf none auto) at every tag from lxd-5.21.3 and lxd-6.2 (absent at lxd-5.21.2, lxd-6.1); shared/validate/validate.go:930-936 "
                 "IsStaticCPUPinning (lxd-5.21.7), :953-959 (lxd-6.9); callers with expanded=false: instance_utils.go:749 (create), driver_lxc.go:4154 and "
                 "driver_qemu.go:5771 'Invalid config: %w' (update), profiles.go:406 and profiles_utils.go:29 (lxd-5.21.7); test/suites/config.sh:182-183 "
                 "at lxd-5.21.7" },
    R(CFG_INST_CPUSET_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid config: %s") },
      .trigger = "lxc config set / profile set / create with limits.cpu (or limits.cpu.nodes, 5.21.x, 6.x) of the right syntax (CFG.INST.CPU_SYNTAX) "
                 "whose chunks IsValidCPUSet cannot read ('Invalid cpuset value: V': 0,1-2-3, a number past int64) or that names a CPU twice "
                 "('Cannot define CPU multiple times': 0-3,2); a range of over 2^20 CPUs is 'not modelled'; a running container only triggers the scheduler "
                 "(lxd/instance/drivers/driver_lxc.go:4479-4481 at lxd-5.0.2, :4733 at lxd-5.21.7): accepted",
      .lxd_ref = "shared/validate/validate.go:822-866 IsValidCPUSet, limits.cpu at shared/instance.go:89 (lxd-5.0.2); validate.go:856-900, "
                 "lxd/instance/instancetype/instance.go:248 (lxd-5.21.7); validate.go:883-927 (strings.Cut, Atoi: the same), instance.go:230 (lxd-6.9); "
                 "the same checks at every tag from 5.0.2 and 5.8 (limits.cpu is a closure at 5.0.0, 5.0.1, 5.1-5.7)" },
    R(CFG_INST_OR_VALUE) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus config set / profile set / create with limits.memory.swap neither a boolean nor a byte size (Incus only: LXD's key takes a boolean, CFG.INST.BADBOOL), "
                 "or limits.cpu.nodes neither a CPU set IsValidCPUSet takes nor balanced (nor 0 from v6.0.3 and v6.7) (Incus only: LXD's is IsValidCPUSet alone)",
      .lxd_ref = "none in LXD: limits.memory.swap is validate.IsBool at shared/instance.go (lxd-5.0.2), lxd/instance/instancetype/instance.go (lxd-5.21.7, lxd-6.9); "
                 "Incus internal/instance/config.go:200 limits.cpu.nodes (v6.0.4), shared/validate/validate.go:41-52 Or" },
    R(NAME_GROUP) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus cluster group create NAME (and rename: the old name up to 6.0.4 and 6.15, the new one from 6.0.5 and 6.16) with a name Incus refuses "
                 "(Incus only: under LXD a name with anything but ASCII letters, digits, '-' and '.' is 'not modelled')",
      .lxd_ref = "not modelled in LXD: clusterGroupValidateName lxd/api_cluster.go:3908-3938 (lxd-5.0.2), validate.IsClusterGroupName (lxd-5.21.7 :3679, "
                 "lxd-6.9 lxd/api_cluster_group.go:89), not read at every release" },
    R(NAME_VOLUME_SNAPSHOT) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Storage name cannot contain \"/\""), T(MS_REL_ONLY_50, "Storage name cannot contain white space") },
      .trigger = "lxc storage volume snapshot POOL VOL NAME (incus storage volume snapshot create) with a name the pool's check refuses: '/' first, then white space, "
                 "after lxc's GET of the volume; LXD 5.21.x and 6.x (other checks, other texts, a different order in the handler) are 'not modelled'",
      .lxd_ref = "storagePoolVolumeSnapshotsTypePost's pool.ValidateName, lxd/storage_volumes_snapshot.go:186 + lxd/storage/backend_lxd.go:81-93 (lxd-5.0.2; "
                 "the same body at every 5.0.x from 5.0.1 and 5.1-5.20, git show; live 5.0.2: 'Storage name cannot contain \"/\"', tools/live-random.py "
                 "--gen 20 --seed 20005); drivers.ValidPoolName wrapped 'Invalid pool name' from lxd-5.21.4 and lxd-6.5 (not modelled)" },
    R(NAME_NETWORK) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus network create NAME (bridge) with a name Incus refuses: empty, 'none' (6.0.2+, 6.4+), IsAPIName's (6.0.5+, 6.16+), then IsInterfaceName's "
                 "(Incus only: under LXD a name some release may refuse is 'not modelled')",
      .lxd_ref = "not modelled in LXD: networksPost's quick checks and the driver's ValidateName (lxd/networks.go at lxd-5.0.2, lxd-5.21.7, lxd-6.9) not read at "
                 "every release" },
    R(CFG_INST_CPU_SYNTAX) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Invalid CPU limit syntax") },
      .trigger = "lxc config set / profile set / create with a limits.cpu that is not numbers joined by ',' or '-' as IsValidCPUSet's regular expression wants "
                 "(abc, 1-, 1--2, 0-1-2-3); a value of the right syntax that is not a plain count (a range, a list) stays 'not modelled'",
      .lxd_ref = "shared/validate/validate.go:822-827 IsValidCPUSet, used for limits.cpu at shared/instance.go:91 (lxd-5.0.2, seen live: limits.cpu=abc); "
                 "validate.go:856-861, lxd/instance/instancetype/instance.go:248 (lxd-5.21.7); validate.go:883-888, instance.go:230 (lxd-6.9); "
                 "the same expression (capturing or not) at every 5.0.2+, 5.8+, 5.21.x and 6.x tag" },
    R(CFG_INST_SCHEDULE) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Schedule must be of the form: <minute> <hour> <day-of-month> <month> <day-of-week>") },
      .trigger = "lxc config set / profile set / create with a snapshots.schedule trigger (the lowercased value split at ', ') that is no alias "
                 "(@hourly, @daily, ...) and not five fields split at single spaces; a five-field trigger cron.ParseStandard refuses stays 'not modelled'",
      .lxd_ref = "shared/validate/validate.go:584-618 IsCron, :595 the text, used for snapshots.schedule at shared/instance.go:130 (lxd-5.0.2); validate.go IsCron "
                 "(:606 the text), lxd/instance/instancetype/instance.go:373 (lxd-5.21.7); :612, instance.go:375 (lxd-6.9); the same text at every "
                 "5.0.x, 5.1-5.20, 5.21.x and 6.x tag (git show at each)" },
    R(CFG_INST_ALLOWANCE) .releases = ALL,
      .texts = { T(ALL, "Invalid config: %s") },
      .trigger = "lxc config set / profile set / create with limits.cpu.allowance (containers) that is no 'N%' and no 'A/B' with whole numbers: "
                 "strconv.Atoi's error of N, A or B (each after one 'ms' is trimmed: 'strconv.Atoi: parsing \"x\": invalid syntax', '... value out of range'), "
                 "or 'Invalid allowance: V' without a '/'",
      .lxd_ref = "shared/instance.go:159-187 (lxd-5.0.2); lxd/instance/instancetype/instance.go:492-524 (lxd-5.21.7), :504-537 (lxd-6.9, strings.CutSuffix: the same); "
                 "the same checks at every 5.x and 6.x tag (git show at each)" },
    R(CFG_INST_MEMORY_LIMIT) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Invalid config: Memory limit can't be %s"), T(MS_REL_SINCE_6(8), "Invalid config: Memory limit %s") },
      .trigger = "lxc config set / profile set / create with limits.memory of 0% (any spelling ParseInt reads as 0: -0%, +00%) or a size of 0 bytes; "
                 "from 6.8 a size under 1MiB ('is too low (minimum 1MiB)'; 0% is 'cannot be 0%')",
      .lxd_ref = "shared/instance.go:105-107, :117-119 (lxd-5.0.2); lxd/instance/instancetype/instance.go:292-294, :304-306 (lxd-5.21.7); "
                 ":275-277, :287-289 'cannot be 0%', 'minimum 1MiB' (lxd-6.9; from lxd-6.8, absent at lxd-6.7)" },
    R(CFG_INST_EXPIRY) .releases = ALL,
      .texts = { T(ALL, "Invalid config: %s") },
      .trigger = "lxc config set / profile set / create with snapshots.expiry whose words (the value trimmed, split at single spaces) are not each digits and one of the units "
                 "S (from 5.0.2 and 5.7), M, H, d, w, m, y ('Invalid expiry expression'), or give a unit twice after a non-zero one (the same text), or a number past int64 "
                 "('strconv.Atoi: parsing \"N\": value out of range')",
      .lxd_ref = "shared/util.go:1237-1284 GetExpiry, used at shared/instance.go:133-137 (lxd-5.0.2); shared/util.go:1412 (lxd-5.21.7), :1392 (lxd-6.9), "
                 "lxd/instance/instancetype/instance.go:402 (lxd-5.21.7), :404 (lxd-6.9); GetSnapshotExpiry without S at lxd-5.0.0, 5.0.1, 5.1-5.6" },
    R(CFG_INST_CRON_PARSE) .releases = ALL,
      .texts = { T(ALL, "Invalid config: Error parsing schedule: %s") },
      .trigger = "lxc config set / profile set / create with a snapshots.schedule trigger of five space-split fields that robfig/cron's ParseStandard refuses: "
                 "a '@' word none of its descriptors ('unrecognized descriptor: ...'), other than five fields once blanks are merged ('expected exactly 5 fields, found N: [...]'), "
                 "a part that is no number or name ('failed to parse int from X: strconv.Atoi: ...'), out of the field's range, a reversed range, too many hyphens or slashes, "
                 "a zero or negative step; '@every ...' and non-ASCII values stay 'not modelled'",
      .lxd_ref = "shared/validate/validate.go:584-618 IsCron, :599-602 the wrap (lxd-5.0.2), :597 (lxd-5.21.7), :603-635 (lxd-6.9); robfig/cron v3.0.1 parser.go:88-153 Parse, "
                 ":160-214 normalizeFields, :229-341 getField, getRange, parseIntOrName, mustParseInt, :372-434 parseDescriptor, spec.go:22-48 bounds "
                 "(go.mod at lxd-5.0.2, lxd-5.21.7, lxd-6.9)" },
    R(CFG_INST_DEVICE_NAME) .releases = MS_REL_SINCE_6(6),
      .texts = { T(MS_REL_SINCE_6(6), "Invalid config: %s") },
      .trigger = "lxc config set / profile set / create with placement.group (6.6+) that validate.IsDeviceName refuses: over 63 bytes, a leading '.', "
                 "a byte other than letters, digits and / . - : _ ; an empty value stays 'not modelled'",
      .lxd_ref = "shared/validate/validate.go:747-766 IsDeviceName (lxd-6.6), :783-802 (lxd-6.9); lxd/instance/instancetype/instance.go:319 (lxd-6.6), :302 (lxd-6.9); "
                 "the key is absent before lxd-6.6" },
    R(DEV_SET_FROM_PROFILE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(4, 4), "Device from profile(s) cannot be modified for individual instance. Override device or modify profile instead"),
                 T(MS_REL_SINCE(4, 4), "Device \"%s\" from profile(s) %s cannot be modified for individual instance \"%s\": Override device or modify profile instead") },
      .trigger = "lxc config device set INSTANCE DEV KEY=VALUE when DEV comes from a profile, not the instance (client-side, after its GET); from 5.21.4 and 6.4 the text names the device, the instance's profiles (Go %q of the list: [\"default\" \"p\"]) and the instance",
      .lxd_ref = "lxc/config_device.go:624 (lxd-5.0.2), :628 (lxd-5.0.3 .. 5.0.9, lxd-5.21.0 .. 5.21.2, lxd-6.1), :727 (lxd-5.21.3, lxd-6.2), :728 (lxd-6.3); "
                 "the named text at :794 (lxd-5.21.4 .. 5.21.7, lxd-6.5), :795 (lxd-6.4), :809 (lxd-6.6), :798 (lxd-6.7), :805 (lxd-6.8, lxd-6.9)" },
    R(MOVE_INSTANCE_NOT_FOUND) .releases = MS_REL_ONLY_50,
      .texts = { T(ALL, "Failed to get address of instance's member: Instance not found") },
      .trigger = "lxc move NAME --target M of an unknown instance (M exists): the source member's address is looked up first (sync)",
      .lxd_ref = "lxd/instance_post.go:146-150 (lxd-5.0.2, live), :128 (lxd-5.21.0; not at lxd-5.21.7 or lxd-6.9, not audited between)" },
    R(MOVE_PROJECT_NOT_FOUND) .releases = MS_REL_ONLY_50,
      .texts = { T(ALL, "Failed loading project: Project not found") },
      .trigger = "lxc move NAME --target M --project P of a project that does not exist: the project is loaded before the target member and the instance (sync); from 5.0.3 and 5.16 the instance's member is looked up first, in P, and a missing project is a missing instance",
      .lxd_ref = "lxd/instance_post.go:122-125 (lxd-5.0.2; live 5.0.2: tools/live-random.py --gen 17 --seed 17003, scenario 0 line 30), :119-121 (lxd-5.0.1), :118-120 (lxd-5.1), :122-124 (lxd-5.10), :116-118 (lxd-5.15); "
                 "gone from lxd-5.0.3 (:121 GetNodeAddressOfInstance first, the project at :192 only for a target) and lxd-5.16 (:129, :200); :128 at lxd-5.21.7, :119 at lxd-6.9 look the instance up first" },
    R(CREATE_TARGET_OFFLINE) .releases = ALL,
      .texts = { T(ALL, "<connection error: cluster member \"%s\" is offline>") },
      .trigger = "lxc init/launch (or lxc copy, the same request) --target an offline member: the create is forwarded to it and the connection is refused; the text is the Go HTTP client's, naming the member's address (Post \"https://ADDR/1.0/instances?project=default&target=M\": Unable to connect to: ADDR (...)), which migsim does not know",
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
      .trigger = "lxc project delete of a project that does not exist (inferred from the handler; not replayed live); set and unset GET it first (PROJECT.SWITCH_NOT_FOUND)",
      .lxd_ref = "lxd/api_project.go:891 projectDelete + lxd/db/cluster/projects.mapper.go:239 (lxd-5.0.2); lxd/api_project.go:1063 (lxd-5.21.7), :1263 (lxd-6.9) (inferred)" },
    R(PROJECT_SWITCH_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Project not found") },
      .trigger = "lxc project switch|set|unset of a project that does not exist: lxc asks the server for it first (GetProject: a switch keeps its current project; set and unset send nothing; seen live on 5.0.2 for set)",
      .lxd_ref = "lxc/project.go:727 cmdProjectSwitch GetProject (lxd-5.0.2), :903 (lxd-5.21.7), :956 (lxd-6.9); lxd/api_project.go:413-415 projectGet returns lxd/db/cluster/projects.mapper.go:239 unwrapped (lxd-5.0.2), :472-474 + :217 (lxd-5.21.7), :512-514 + :217 (lxd-6.9)" },
    R(PROJECT_DELETE_DEFAULT) .releases = ALL,
      .texts = { T(ALL, "The 'default' project cannot be deleted") },
      .trigger = "lxc project delete default",
      .lxd_ref = "lxd/api_project.go:885 (lxd-5.0.2), :1042 (lxd-5.21.7), :1220 (lxd-6.9)" },
    R(PROJECT_NOT_EMPTY) .releases = ALL,
      .texts = { T(ALL, "Only empty projects can be removed") },
      .trigger = "lxc project delete of a project that still holds instances, profiles other than its default one, custom volumes, or images (from 5.21.5 and 6.6 not those a launch cached: they are deleted with it)",
      .lxd_ref = "lxd/api_project.go:901 + projectIsEmpty (lxd-5.0.2), :1088 (lxd-5.21.7), :1293 (lxd-6.9); cached images left out and pruned :1068-1108 (lxd-5.21.7), :1279-1293, :1350 (lxd-6.9), 6c5b24977a (lxd-5.21.5, lxd-6.6)" },
    R(PROJECT_RENAME_DEFAULT) .releases = ALL,
      .texts = { T(ALL, "The 'default' project cannot be renamed") },
      .trigger = "lxc project rename default NEWNAME (refused by the handler, before the operation)",
      .lxd_ref = "lxd/api_project.go:791-793 projectPost (lxd-5.0.2), :860-862 (lxd-5.21.7), :954-956 (lxd-6.9)" },
    R(PROJECT_RENAME_EXISTS) .releases = ALL,
      .texts = { T(ALL, "A project named \"%s\" already exists") },
      .trigger = "lxc project rename PROJECT NEWNAME where a project NEWNAME exists ('default' included); checked first in the operation, before PROJECT exists",
      .lxd_ref = "lxd/api_project.go:799-806 projectPost's transaction (lxd-5.0.2), :867-874 (lxd-5.21.7), :976-983 (lxd-6.9)" },
    R(PROJECT_RENAME_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Failed loading project \"%s\": Project not found") },
      .trigger = "lxc project rename of a project that does not exist (NEWNAME free)",
      .lxd_ref = "lxd/api_project.go:808-811 projectPost + lxd/db/cluster/projects.mapper.go:239 GetProject's 'Project not found' (lxd-5.0.2); lxd/api_project.go:876-879 (lxd-5.21.7), :985-988 (lxd-6.9)" },
    R(PROJECT_RENAME_NOT_EMPTY) .releases = ALL,
      .texts = { T(ALL, "Only empty projects can be renamed") },
      .trigger = "lxc project rename of a project that holds instances, images of its own, profiles other than its default one, or custom volumes (projectIsEmpty, as PROJECT.NOT_EMPTY asks it; its early 'empty' with only the default profile, 5.0.1-5.21.3 and 6.1-6.3, is not modelled when the project holds volumes); before the new name is validated (NAME.PROJECT)",
      .lxd_ref = "lxd/api_project.go:813-820 projectPost + projectIsEmpty :996 (lxd-5.0.2), :881-888 + :1214 (lxd-5.21.7), :990-997 + :1739 (lxd-6.9)" },
    R(PROJECT_FEATURE_NONEMPTY) .releases = ALL,
      .texts = { T(ALL, "Project feature \"%s\" cannot be %s on non-empty projects") },
      .trigger = "lxc project set|unset of a features.* key of a project that holds more than its default profile (features.images, features.profiles and features.storage.volumes can never be enabled there)",
      .lxd_ref = "lxd/api_project.go:672-695 projectChange (lxd-5.0.2), :740-762 (lxd-5.21.7), :781-803 (lxd-6.9); CanEnableNonEmpty in lxd/db/cluster/projects.go:49-60 (lxd-5.0.2)" },
    R(PROJECT_DEFAULT_PROFILE_MISSING) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_UNTIL(5, 7), "Delete project default profile: Profile not found") },
      .trigger = "lxc project set|unset that changes features.profiles to anything but true on a project without a default profile of its own (one created with features.profiles=false): projectChange deletes that profile and fails on its absence, the change rolled back (LXD #17316); ignored from 5.21.5 and 6.7",
      .lxd_ref = "lxd/api_project.go:727 projectChange (lxd-5.0.2), :777 (lxd-5.21.4), :828 (lxd-6.6); DeleteProfile's not-found lxd/db/cluster/profiles.mapper.go:547 (lxd-5.0.2); a not-found ignored at :794 (lxd-5.21.5, lxd-5.21.7) and :850 (lxd-6.7, commit 93d5492702), :841 (lxd-6.9)" },
    R(MOVE_SNAPSHOT_PROFILE_MISSING) .releases = MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_UNTIL(MS_VERSION(5, 21, 4)), MS_SPAN_UNTIL(MS_VERSION(6, 4, 0))),
      .texts = { T(MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_UNTIL(MS_VERSION(5, 21, 4)), MS_SPAN_UNTIL(MS_VERSION(6, 4, 0))), "Failed creating instance snapshot record \"%s\": Requested profile \"%s\" doesn't exist") },
      .trigger = "lxc move NAME --target-project P -p PROF|--no-profiles of an instance with snapshots whose profiles P (with its own profiles) lacks: the copy gives each snapshot the source snapshot's profiles, not the new ones (LXD PR #15271's reproducer); lxc asks the server to apply the new profiles to the snapshots from 5.21.4 and 6.4 (OverrideSnapshotProfiles, lxc/move.go:444 at lxd-5.21.4, :445 at lxd-6.4)",
      .lxd_ref = "lxd/instance.go:409 instanceCreateAsCopy (Profiles: srcSnap.Profiles(), :399 at lxd-5.21.0 and lxd-6.1, :400 at lxd-6.2), lxd/instance/instance_utils.go:770 CreateInternal's profile check (lxd-5.21.3; :804 at lxd-5.21.0, :786 at lxd-6.1 and lxd-6.3); no OverrideSnapshotProfiles in shared/api at lxd-5.21.3 and lxd-6.3 (git grep)" },
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
    R(PROJECT_CONFIG_KEY_UNKNOWN) .releases = ALL,
      .texts = { T(ALL, "Invalid project configuration key \"%s\"") },
      .trigger = "lxc project create -c KEY=V / lxc project set with a key projectValidateConfig's map lacks (limits.disk.pool.POOL from 5.21.3 and 6.2 for an existing pool)",
      .lxd_ref = "lxd/api_project.go:1130 projectValidateConfig (lxd-5.0.2), :1719 (lxd-5.21.7), :2252 (lxd-6.9); key map :1069-1117 (lxd-5.0.2), :1253-1635 (lxd-5.21.7), :1765-2168 (lxd-6.9); seen live on lxd-5.0.2" },
    R(PROJECT_CONFIG_VALUE) .releases = ALL,
      .texts = { T(ALL, "Invalid project configuration key \"%s\" value: %s") },
      .trigger = "lxc project create -c KEY=V / lxc project set with a value projectValidateConfig's validator refuses: a boolean key (features.*, restricted, images.auto_update_cached) not a Go boolean, a restricted.* key not one of its list (block/allow, block/allow/managed, allow/block/full, allow/unprivileged/isolated); a count (limits.instances, limits.containers, limits.virtual-machines, limits.processes, limits.cpu, limits.networks) not a uint32 (IsUint32); limits.memory or limits.disk not a byte size (IsSize: units.ParseByteSizeString's Invalid value: V, Invalid integer: V, Overflow multiplying N with M); from lxd-5.21.4 and 6.4 restricted.cluster.groups naming a cluster group that does not exist (Cluster group \"G\" not found); with another key refused too LXD names either (Go map order): not modelled",
      .lxd_ref = "lxd/api_project.go:1135 projectValidateConfig (lxd-5.0.2), :1724 (lxd-5.21.7), :2257 (lxd-6.9); validators :1069-1117 (lxd-5.0.2), :1268-1634 (lxd-5.21.7), :1780-2146 (lxd-6.9); shared/validate/validate.go:161 IsBool, :171 IsOneOf (lxd-5.0.2, lxd-5.21.7, lxd-6.9); restricted.cluster.groups' group check :1408-1432 (lxd-5.21.7), :1920-1944 (lxd-6.9), commit 7af1803489 (in lxd-5.21.4, lxd-6.4); seen live on lxd-5.0.2 (tools/live-random.py --gen 20 --seed 20001 scenario 6: restricted=x, restricted.cluster.target=x)" },
    R(CREATE_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 6), "Failed loading project: Project not found"),
                 T(MS_REL_SINCE(5, 6), "Failed loading project \"%s\": Project not found") },
      .trigger = "lxc init/launch --project P of a project that does not exist (inferred from instancesPost; not replayed live)",
      .lxd_ref = "lxd/instances_post.go:862 (lxd-5.0.2; until lxd-5.21.4, lxd-6.5), :1196 (lxd-5.21.5), :1267 (lxd-5.21.7), :1097 (lxd-6.6), :1398 (lxd-6.9)" },
    R(PROJECT_MEMBER_FORBIDDEN) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Project isn't allowed to use this cluster member"),
                 T(REL_NOT_50_UNTIL_6_8, "Project isn't allowed to use this cluster member: \"%s\""),
                 T(MS_REL_SINCE_6(8), "Project is not allowed to use this cluster member: \"%s\"") },
      .trigger = "lxc init/launch --target M (all releases) or lxc move --target M (5.21+, 6.x; 5.0.2 does not check moves) in a project with restricted=true and restricted.cluster.groups when M is in none of the groups; administrators are not exempt; also the move back of lxc cluster restore M (5.21+, 6.x; the restore fails with Migration API failure: ..., LXD #15118)",
      .lxd_ref = "lxd/instances_post.go:898-911 (lxd-5.0.2, create only; lxd/instance_post.go:133 checks only the targeting restriction); lxd/project/permissions.go:1618 AllowClusterMember via CheckTarget (lxd-5.21.0, also lxd/instance_post.go:214); lxd/project/limits/permissions.go:1685 (lxd-5.21.7) via instances_post.go:1284 and instance_post.go:263; :1646 (lxd-6.9, \"is not\" from lxd-6.8) via instances_post.go:1440 and instance_post.go:254; restore: lxd/api_cluster.go:3569-3573 (lxd-5.21.7), lxd/api_cluster_member.go:2176 (lxd-6.9)" },
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
    /* ---- restricted projects (lxd/project/permissions.go at lxd-5.0.2,
     * lxd/project/limits/permissions.go at lxd-5.21.7 and lxd-6.9) ---- */
    R(PROJECT_SNAPSHOTS_BLOCKED) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Project \"%s\" doesn't allow for snapshot creation"),
                 T(MS_REL_SINCE_6(8), "Project \"%s\" does not allow for snapshot creation") },
      .trigger = "lxc snapshot in a project with restricted=true and restricted.snapshots unset (its default is block) or block; checked before the instance is looked up, for administrators too",
      .lxd_ref = "lxd/project/permissions.go:1509-1513 AllowSnapshotCreation via lxd/instance_snapshot.go:257 (lxd-5.0.2); lxd/project/limits/permissions.go:1661-1663 via instance_snapshot.go:291 (lxd-5.21.7); :1622-1624 via :280 (lxd-6.9, \"does not\" from lxd-6.8)" },
    R(SNAPSHOT_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Project not found") },
      .trigger = "lxc snapshot INSTANCE --project P of a project that does not exist: the snapshot handler loads the project (for restricted.snapshots) before it looks the instance up, so a missing project is named, not a missing instance",
      .lxd_ref = "lxd/instance_snapshot.go:246-248 cluster.GetProject, unwrapped, before forwardedResponseIfInstanceIsRemote :269 (lxd-5.0.2; live 5.0.2: tools/live-random.py --gen 18 --seed 18001, scenario 0 lines 43-44); :280-282 before :303 (lxd-5.21.7); :269-271 before :292 (lxd-6.9); the mapper's 'Project not found' (lxd/db/cluster/projects.mapper.go)" },
    R(PROJECT_BACKUPS_BLOCKED) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Project \"%s\" doesn't allow for backup creation"),
                 T(MS_REL_SINCE_6(8), "Project \"%s\" does not allow for backup creation") },
      .trigger = "lxc export in a project with restricted=true and restricted.backups unset (its default is block) or block; checked before the instance is looked up",
      .lxd_ref = "lxd/project/permissions.go:1488-1503 AllowBackupCreation via lxd/instance_backup.go:228 (lxd-5.0.2); lxd/project/limits/permissions.go:1640-1653 via instance_backup.go:253 (lxd-5.21.7); :1601-1614 via :241 (lxd-6.9)" },
    R(PROJECT_LOWLEVEL_FORBIDDEN) .releases = ALL,
      .texts = { T(ALL, "Use of low-level config \"%s\" on %s \"%s\" of project \"%s\" is forbidden") },
      .trigger = "an instance or profile of a restricted project with a low-level key (raw.lxc, raw.apparmor, linux.kernel_modules, ... for containers; raw.qemu, limits.memory.hugepages, ... for VMs) while restricted.containers.lowlevel or restricted.virtual-machines.lowlevel is not allow (default block)",
      .lxd_ref = "lxd/project/permissions.go:677-682 + isContainerLowLevelOptionForbidden :824-845 (lxd-5.0.2); lxd/project/limits/permissions.go:832-838 (lxd-5.21.7); :793-799 (lxd-6.9)" },
    R(PROJECT_CONFIG_FORBIDDEN) .releases = ALL,
      .texts = { T(ALL, "Invalid value \"%s\" for config \"%s\" on %s \"%s\" of project \"%s\": %s") },
      .trigger = "a container or profile of a restricted project with a key the restrictions refuse (PROJECT.NESTING_FORBIDDEN, PROJECT.PRIVILEGED_FORBIDDEN, PROJECT.INTERCEPTION_FORBIDDEN); a profile is named with an empty type (instancetype.Any)",
      .lxd_ref = "lxd/project/permissions.go:693-697 (lxd-5.0.2); lxd/project/limits/permissions.go:849-852 (lxd-5.21.7); :810-813 (lxd-6.9)" },
    R(PROJECT_NESTING_FORBIDDEN) .releases = ALL,
      .texts = { T(ALL, "Container nesting is forbidden") },
      .trigger = "security.nesting true in a restricted project with restricted.containers.nesting block (its default)",
      .lxd_ref = "lxd/project/permissions.go:466-470 (lxd-5.0.2); lxd/project/limits/permissions.go:575-579 (lxd-5.21.7); :552-556 (lxd-6.9)" },
    R(PROJECT_PRIVILEGED_FORBIDDEN) .releases = ALL,
      .texts = { T(ALL, "Privileged containers are forbidden") },
      .trigger = "security.privileged true in a restricted project with restricted.containers.privilege not allow (its default is unprivileged)",
      .lxd_ref = "lxd/project/permissions.go:480-484 (lxd-5.0.2); lxd/project/limits/permissions.go:599-603 (lxd-5.21.7); :576-580 (lxd-6.9)" },
    R(PROJECT_ISOLATED_FORBIDDEN) .releases = ALL,
      .texts = { T(ALL, "Non-isolated containers are forbidden") },
      .trigger = "security.idmap.isolated set on a container or profile to false or \"\" (IsFalseOrEmpty) in a restricted project with restricted.containers.privilege=isolated; a container that does not set the key passes (the checker runs per key of the config)",
      .lxd_ref = "lxd/project/permissions.go:488-494 (lxd-5.0.2); lxd/project/limits/permissions.go:607-613 (lxd-5.21.7); :584-590 (lxd-6.9)" },
    R(PROJECT_INTERCEPTION_FORBIDDEN) .releases = ALL,
      .texts = { T(ALL, "Container syscall interception is forbidden") },
      .trigger = "a security.syscalls.intercept.{bpf,bpf.devices,mknod,mount,mount.fuse,setxattr} key not false in a restricted project with restricted.containers.interception not allow (its default is block)",
      .lxd_ref = "lxd/project/permissions.go:453-463 (lxd-5.0.2); lxd/project/limits/permissions.go:562-572 (lxd-5.21.7); :539-549 (lxd-6.9)" },
    R(PROJECT_DEVICE_INVALID) .releases = ALL,
      .texts = { T(ALL, "Invalid device \"%s\" on %s \"%s\" of project \"%s\": %s") },
      .trigger = "a device of an instance (expanded) or profile of a restricted project that the restricted.devices.* keys refuse (PROJECT.DEVICE_FORBIDDEN, PROJECT.NIC_UNMANAGED, PROJECT.DISK_UNMANAGED)",
      .lxd_ref = "lxd/project/permissions.go:716-719 (lxd-5.0.2); lxd/project/limits/permissions.go:871-875 (lxd-5.21.7); :832-836 (lxd-6.9)" },
    R(PROJECT_DEVICE_FORBIDDEN) .releases = ALL,
      .texts = { T(ALL, "%s devices are forbidden") },
      .trigger = "a unix-char, unix-block, unix-hotplug, infiniband, gpu, usb, pci or proxy device while its restricted.devices.TYPE is not allow (default block); a nic or a non-root disk while restricted.devices.nic or .disk is block",
      .lxd_ref = "lxd/project/permissions.go:500-614 (lxd-5.0.2); lxd/project/limits/permissions.go:639-753 (lxd-5.21.7); :616-730 (lxd-6.9)" },
    R(PROJECT_NIC_UNMANAGED) .releases = ALL,
      .texts = { T(ALL, "Only managed network devices are allowed") },
      .trigger = "a nic device without network= in a restricted project with restricted.devices.nic managed (its default)",
      .lxd_ref = "lxd/project/permissions.go:579-582 (lxd-5.0.2); lxd/project/limits/permissions.go:718-721 (lxd-5.21.7); :695-698 (lxd-6.9)" },
    R(PROJECT_DISK_UNMANAGED) .releases = ALL,
      .texts = { T(ALL, "Attaching disks not backed by a pool is forbidden") },
      .trigger = "a disk device without pool= (other than the root disk and the cloud-init drive) in a restricted project with restricted.devices.disk managed (its default)",
      .lxd_ref = "lxd/project/permissions.go:615-618 (lxd-5.0.2); lxd/project/limits/permissions.go:754-757 (lxd-5.21.7); :731-734 (lxd-6.9)" },
    R(PROJECT_CREATE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking if instance creation allowed: %s") },
      .trigger = "lxc init/launch in a restricted project: errors of the restriction checks",
      .lxd_ref = "lxd/project/permissions.go:81-84 AllowInstanceCreation (lxd-5.0.2), via lxd/instances_post.go:1104 before the name is validated; lxd/project/limits/permissions.go:111-114 (lxd-5.21.7) via instances_post.go:1467; :116-119 (lxd-6.9) via :1657",
      .one_way = "a wrapper: only ever applied" },
    R(PROJECT_UPDATE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking if instance update allowed: %s") },
      .trigger = "lxc config set/unset, lxc config device add/set/remove, lxc profile add/remove/assign in a restricted project or one setting limits.cpu, limits.memory, limits.processes or limits.disk: errors of the aggregate limits (PROJECT.AGGREGATE_*, the changed instance in place), then of the restriction checks (synchronous, before the update operation)",
      .lxd_ref = "lxd/project/permissions.go:894-897 AllowInstanceUpdate (lxd-5.0.2) via lxd/instance_put.go:133, instance_patch.go:193; lxd/project/limits/permissions.go:1031-1034 (lxd-5.21.7); :992-995 (lxd-6.9) via instance_put.go:154, instance_patch.go:215",
      .one_way = "a wrapper: only ever applied" },
    R(PROJECT_PROFILE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking if profile update allowed: %s") },
      .trigger = "lxc profile set/unset, lxc profile device add/set/remove of a profile of a restricted project or of one setting limits.cpu, limits.memory, limits.processes or limits.disk (the profile's own project: a default-project profile is summed over the default project's instances only): the project's instances (with the new profile) and profiles (the new one in place) are checked against its aggregate limits, then its restrictions, before anything else",
      .lxd_ref = "lxd/profiles_utils.go:18-24 doProfileUpdate + lxd/project/permissions.go:931-963 AllowProfileUpdate (lxd-5.0.2); lxd/project/limits/permissions.go:1073-1101 (lxd-5.21.7), :1058 (lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },
    R(PROJECT_CREATE_UNCHECKED) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_UNTIL(3, 2),
      .trigger = "lxc init/launch in a restricted project of a cluster, or in a project setting limits.instances, limits.containers or limits.virtual-machines, in the releases whose untargeted create skips the check: with --target M (checked) or without (not checked)",
      .lxd_ref = "lxd/instances_post.go:1086-1108 (lxd-5.0.2): with no target member the transaction returns once the candidates are known, before AllowInstanceCreation, and the request is forwarded as a cluster notification, which skips it; the same at lxd-5.21.0 .. 5.21.2 (:1094) and lxd-6.1 (:1106); from lxd-5.21.3 (:1255-1273) and lxd-6.2 the check runs for every create",
      .outcome_pass = "--target names a member: the project's restrictions are checked",
      .outcome_fail = "no target member: the project's restrictions are not checked, the instance is created whatever it holds (seen live on lxd-5.0.2: tests/live/scenarios/project-restricted.scn)" },
    R(PROJECT_CREATE_UNCHECKED_SELECT) .kind = MS_RULE_KIND_DECISION, .releases = REL_ONLY_6_6_TO_6_7,
      .trigger = "lxc init/launch in a restricted project of a cluster, or in a project setting limits.instances, limits.containers or limits.virtual-machines, at lxd-6.6 and 6.7: with --target M (checked) or without (not checked)",
      .lxd_ref = "lxd/instances_post.go:1295-1296 (lxd-6.6), :1518-1519 (lxd-6.7): the transaction returns the error of instancesPostSelectClusterMember, nil on success, before AllowInstanceCreation (LXD #17818); fixed by e914fbe436 in lxd-6.8 (:1589-1598), whose test_clustering_project_limits expects the refusal",
      .outcome_pass = "--target names a member: the project's restrictions and count limits are checked",
      .outcome_fail = "no target member: neither the restrictions nor limits.instances, limits.containers, limits.virtual-machines are checked" },
    R(PROJECT_LIMIT_TYPE) .releases = ALL,
      .texts = { T(ALL, "Reached maximum number of instances of type \"%s\" in project \"%s\"") },
      .trigger = "lxc init/launch/copy of a container (VM) in a project whose limits.containers (limits.virtual-machines) is at or below its count of that type (every member's instances), where AllowInstanceCreation runs (see PROJECT.CREATE_UNCHECKED); lxc move --target-project into such a project where the move is checked (PROJECT.MOVE_LIMIT_WRAP)",
      .lxd_ref = "lxd/project/permissions.go:118-128 checkInstanceCountLimit, called first by AllowInstanceCreation :50 (lxd-5.0.2) via lxd/instances_post.go:1104; lxd/project/limits/permissions.go:148-158 (lxd-5.21.7) via instances_post.go:1467; :153-163 (lxd-6.9) via :1657" },
    R(PROJECT_LIMIT_INSTANCES) .releases = ALL,
      .texts = { T(ALL, "Reached maximum number of instances in project \"%s\"") },
      .trigger = "lxc init/launch/copy in a project whose limits.instances is at or below its instance count (every member's instances, containers and VMs), where AllowInstanceCreation runs (see PROJECT.CREATE_UNCHECKED); after limits.containers/limits.virtual-machines; lxc move --target-project into such a project where the move is checked (PROJECT.MOVE_LIMIT_WRAP)",
      .lxd_ref = "lxd/project/permissions.go:90-100 checkTotalInstanceCountLimit, AllowInstanceCreation :55 (lxd-5.0.2); lxd/project/limits/permissions.go:120-130 (lxd-5.21.7), :125-135 (lxd-6.9); test/suites/clustering.sh test_clustering_project_limits (lxd-5.0.9, lxd-5.21.7, lxd-6.9 :5475-5517)" },
    R(PROJECT_LIMIT_LOWER) .releases = ALL,
      .texts = { T(REL_LIMIT_OLD_WRAP,
                   "Can't change limits.instances in project \"%1$s\": \"limits.instances\" is too low: there currently are %2$s total instances in project \"%1$s\""),
                 T(REL_ONLY_6_6_TO_6_7,
                   "Can't change \"limits.instances\" in project \"%1$s\": \"limits.instances\" is too low: there currently are %2$s total instances in project \"%1$s\""),
                 T(REL_ONLY_521_5_ON,
                   "Cannot change \"limits.instances\" in project \"%1$s\": \"limits.instances\" is too low: there currently are %2$s total instances in project \"%1$s\""),
                 T(MS_REL_SINCE_6(8),
                   "Cannot change \"limits.instances\" in project \"%1$s\": \"limits.instances\" is too low: current instance count (%2$s) would exceed the new limit (%3$s)") },
      .trigger = "lxc project set P limits.instances=N below P's instance count (every member's instances); a Go map gives the order of the changed keys, so two failing count keys are not modelled",
      .lxd_ref = "lxd/project/permissions.go:1003 AllowProjectUpdate, :1044-1058 validateTotalInstanceCountLimit (lxd-5.0.2) via lxd/api_project.go:707; \"Cannot change %q\" from lxd-5.21.5 (lxd/project/limits/permissions.go:1205, :1230-1244 at lxd-5.21.7) and lxd-6.8; \"Can't change %q\" at lxd-6.6, 6.7 (:1141); \"current instance count\" from lxd-6.8 (:1166, :1191-1205 at lxd-6.9)" },
    R(PROJECT_LIMIT_LOWER_TYPE) .releases = ALL,
      .texts = { T(MS_REL_UNTIL(5, 8),
                   "Can't change \"%1$s\" in project \"%2$s\": \"%1$s\" is too low: there currently are %3$s instances of type %4$s in project \"%2$s\""),
                 T(MS_REL_SINCE(5, 8),
                   "Cannot change \"%1$s\" in project \"%2$s\": \"%1$s\" is too low: there currently are %3$s instances of type %4$s in project \"%2$s\"") },
      .trigger = "lxc project set P limits.containers=N (limits.virtual-machines=N) below P's count of containers (VMs) on every member",
      .lxd_ref = "lxd/project/permissions.go:1011 AllowProjectUpdate, :1065-1090 validateInstanceCountLimit (lxd-5.0.2); lxd/project/limits/permissions.go:1211, :1251-1276 (lxd-5.21.7); :1172, :1212-1237 (lxd-6.9); \"Can't change %q\" until lxd-5.21.4 and lxd-6.7" },
    R(PROJECT_AGGREGATE_NO_CONFIG) .releases = ALL,
      .texts = { T(ALL, "Failed getting usage of project entities: Instance \"%s\" in project \"%s\" has no \"%s\" config, either directly or via a profile") },
      .trigger = "lxc init/launch/copy in a project setting limits.cpu, limits.memory, limits.processes or limits.disk, where AllowInstanceCreation runs (see PROJECT.CREATE_UNCHECKED), after the count limits and before the restrictions, wrapped by PROJECT.CREATE_WRAP, the new instance last; an instance update (lxc config set/unset, config device add/set/remove, profile add/remove/assign: the instance as the request leaves it, in place), wrapped by PROJECT.UPDATE_WRAP; a profile update (lxc profile set/unset/device: the profile's project's instances expanded with the new profile), wrapped by PROJECT.PROFILE_WRAP; the project's instances by name (Go map order from 5.21.3 and 6.2: any refusing one); from 5.21.4 and 6.3 a project without features.profiles expands no profile (not modelled); Go map order over the keys: one instance missing two keys, or two totals over their limits, give alternatives: an instance (expanded config) without limits.cpu, limits.memory or limits.processes that the project limits",
      .lxd_ref = "lxd/project/permissions.go:391-394 checkAggregateLimits, :1346-1353 getInstanceLimits (lxd-5.0.2); lxd/project/limits/permissions.go:486-515 checkAggregateLimits, :1415-1463 getTotalsAcrossProjectEntities, :1466-1570 getInstanceLimits (lxd-5.21.7); :463-492, :1376-1424, :1427-1530 (lxd-6.9); updates: AllowInstanceUpdate lxd/project/permissions.go:858-900, AllowProfileUpdate :938-965 (lxd-5.0.2); lxd/project/limits/permissions.go:994-1037, :1075-1101 (lxd-5.21.7); :955-998, :1036-1062 (lxd-6.9)" },
    R(PROJECT_AGGREGATE_NO_SIZE) .releases = ALL,
      .texts = { T(ALL, "Failed getting usage of project entities: Instance \"%s\" in project \"%s\" has no \"size\" config set on the root device either directly or via a profile") },
      .trigger = "lxc init/launch/copy in a project setting limits.cpu, limits.memory, limits.processes or limits.disk, where AllowInstanceCreation runs (see PROJECT.CREATE_UNCHECKED), after the count limits and before the restrictions, wrapped by PROJECT.CREATE_WRAP, the new instance last; an instance update (lxc config set/unset, config device add/set/remove, profile add/remove/assign: the instance as the request leaves it, in place), wrapped by PROJECT.UPDATE_WRAP; a profile update (lxc profile set/unset/device: the profile's project's instances expanded with the new profile), wrapped by PROJECT.PROFILE_WRAP; the project's instances by name (Go map order from 5.21.3 and 6.2: any refusing one); from 5.21.4 and 6.3 a project without features.profiles expands no profile (not modelled); Go map order over the keys: one instance missing two keys, or two totals over their limits, give alternatives: limits.disk and an instance whose expanded root disk has no size (seen live on 5.0.2: lxc launch -s local --target into such a project)",
      .lxd_ref = "lxd/project/permissions.go:1300-1316 getInstanceLimits (lxd-5.0.2); lxd/project/limits/permissions.go:486-515 checkAggregateLimits, :1415-1463 getTotalsAcrossProjectEntities, :1466-1570 getInstanceLimits (lxd-5.21.7); :463-492, :1376-1424, :1427-1530 (lxd-6.9); updates: AllowInstanceUpdate lxd/project/permissions.go:858-900, AllowProfileUpdate :938-965 (lxd-5.0.2); lxd/project/limits/permissions.go:994-1037, :1075-1101 (lxd-5.21.7); :955-998, :1036-1062 (lxd-6.9)" },
    R(PROJECT_AGGREGATE_PARSE) .releases = ALL,
      .texts = { T(ALL, "Failed getting usage of project entities: Failed parsing \"%s\" for instance \"%s\" in project \"%s\"") },
      .trigger = "lxc init/launch/copy in a project setting limits.cpu, limits.memory, limits.processes or limits.disk, where AllowInstanceCreation runs (see PROJECT.CREATE_UNCHECKED), after the count limits and before the restrictions, wrapped by PROJECT.CREATE_WRAP, the new instance last; an instance update (lxc config set/unset, config device add/set/remove, profile add/remove/assign: the instance as the request leaves it, in place), wrapped by PROJECT.UPDATE_WRAP; a profile update (lxc profile set/unset/device: the profile's project's instances expanded with the new profile), wrapped by PROJECT.PROFILE_WRAP; the project's instances by name (Go map order from 5.21.3 and 6.2: any refusing one); from 5.21.4 and 6.3 a project without features.profiles expands no profile (not modelled); Go map order over the keys: one instance missing two keys, or two totals over their limits, give alternatives: an instance's value the limit's parser refuses (limits.cpu pinned with ',' or '-', limits.memory as a percentage, not a size or an integer)",
      .lxd_ref = "lxd/project/permissions.go:1318-1325, :1355-1362, parsers :1371-1402 (lxd-5.0.2); lxd/project/limits/permissions.go:486-515 checkAggregateLimits, :1415-1463 getTotalsAcrossProjectEntities, :1466-1570 getInstanceLimits (lxd-5.21.7); :463-492, :1376-1424, :1427-1530 (lxd-6.9); updates: AllowInstanceUpdate lxd/project/permissions.go:858-900, AllowProfileUpdate :938-965 (lxd-5.0.2); lxd/project/limits/permissions.go:994-1037, :1075-1101 (lxd-5.21.7); :955-998, :1036-1062 (lxd-6.9)" },
    R(PROJECT_AGGREGATE_REACHED) .releases = ALL,
      .texts = { T(ALL, "Reached maximum aggregate value \"%s\" for \"%s\" in project \"%s\"") },
      .trigger = "lxc init/launch/copy in a project setting limits.cpu, limits.memory, limits.processes or limits.disk, where AllowInstanceCreation runs (see PROJECT.CREATE_UNCHECKED), after the count limits and before the restrictions, wrapped by PROJECT.CREATE_WRAP, the new instance last; an instance update (lxc config set/unset, config device add/set/remove, profile add/remove/assign: the instance as the request leaves it, in place), wrapped by PROJECT.UPDATE_WRAP; a profile update (lxc profile set/unset/device: the profile's project's instances expanded with the new profile), wrapped by PROJECT.PROFILE_WRAP; the project's instances by name (Go map order from 5.21.3 and 6.2: any refusing one); from 5.21.4 and 6.3 a project without features.profiles expands no profile (not modelled); Go map order over the keys: one instance missing two keys, or two totals over their limits, give alternatives: the sum over the project's instances (and, for limits.disk, its custom volumes) above the limit",
      .lxd_ref = "lxd/project/permissions.go:396-406 checkAggregateLimits (lxd-5.0.2); lxd/project/limits/permissions.go:486-515 checkAggregateLimits, :1415-1463 getTotalsAcrossProjectEntities, :1466-1570 getInstanceLimits (lxd-5.21.7); :463-492, :1376-1424, :1427-1530 (lxd-6.9); updates: AllowInstanceUpdate lxd/project/permissions.go:858-900, AllowProfileUpdate :938-965 (lxd-5.0.2); lxd/project/limits/permissions.go:994-1037, :1075-1101 (lxd-5.21.7); :955-998, :1036-1062 (lxd-6.9)" },
    R(PROJECT_AGGREGATE_LOWER) .releases = REL_LIMIT_OLD_WRAP,
      .texts = { T(REL_LIMIT_OLD_WRAP, "\"%s\" is too low: current total is \"%s\"") },
      .trigger = "lxc project set|unset P changing limits.cpu, limits.memory, limits.processes or limits.disk to a value below its total over P's instances (expanded config; limits.disk: the root disks' sizes and P's custom volumes), after the changed restricted.* and count keys; the total printed as an integer, or for memory and disk in IEC units with one decimal (\"1.0GiB\"); not wrapped; two keys below their totals give alternatives (Go map order of the changed keys); a custom volume without a size, an instance without the key or with a value the parser refuses fails the sum first with that refusal unwrapped (the text of PROJECT.AGGREGATE_VOLUME_NO_SIZE, _NO_CONFIG, _NO_SIZE or _PARSE without \"Failed getting usage of project entities: \"); from 5.21.5 and 6.6 the whole check runs instead (PROJECT.AGGREGATE_REACHED wrapped by PROJECT.RESTRICT_CONFLICT_WRAP; seen live on 5.0.2: 'current total is \"1.0GiB\"')",
      .lxd_ref = "lxd/project/permissions.go:1024-1036 AllowProjectUpdate, :1102-1120 validateAggregateLimit, :1404-1417 aggregateLimitConfigValuePrinters (lxd-5.0.2) via lxd/api_project.go:707; lxd/project/limits/permissions.go:1148-1158, :1239-1252 (lxd-5.21.4, lxd-6.5); :1070-1080, :1154-1160 (lxd-5.21.0); shared/units/units.go:179-194 GetByteSizeStringIEC" },
    R(PROJECT_AGGREGATE_VOLUME_NO_SIZE) .releases = ALL,
      .texts = { T(ALL, "Failed getting usage of project entities: Custom volume \"%s\" in project \"%s\" has no \"size\" config set") },
      .trigger = "a check of a project's aggregate limits that sums limits.disk (PROJECT.AGGREGATE_REACHED's sites, and lxc storage volume create/set|unset where PROJECT.VOLUME_CREATE_WRAP or PROJECT.VOLUME_UPDATE_WRAP runs) over a custom volume of the project whose config has no size (a create without size=: the pool's volume.size comes later, in the backend); the volumes are summed before any instance; several such volumes: not modelled (unsorted query)",
      .lxd_ref = "lxd/project/permissions.go:1258-1268 getTotalsAcrossProjectEntities (lxd-5.0.2); lxd/project/limits/permissions.go:1419-1440 (lxd-5.21.7); :1379-1400 (lxd-6.9); custom volumes from GetCustomVolumesInProject, lxd/db/storage_volumes.go:864-905 (lxd-6.9)" },
    R(PROJECT_VOLUME_CREATE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking if volume creation allowed: %s") },
      .trigger = "lxc storage volume create in a project setting limits.disk (from 5.21.7 any of limits.cpu, limits.memory, limits.processes, limits.disk): the project's aggregate limits with the new volume (its request config) appended to the project's custom volumes: errors of PROJECT.AGGREGATE_*",
      .lxd_ref = "lxd/project/permissions.go:229-255 AllowVolumeCreation (lxd-5.0.2) via lxd/storage_volumes.go:601; lxd/project/limits/permissions.go:258-280 (lxd-5.21.7, no limits.disk gate) via storage_volumes.go:1113; :279-312 (lxd-6.9) via :1081",
      .one_way = "a wrapper: only ever applied" },
    R(PROJECT_VOLUME_UPDATE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking if volume update allowed: %s") },
      .trigger = "lxc storage volume set|unset of a custom volume in a project setting limits.disk (from 5.21.7 any aggregate limit): the project's aggregate limits with the new config on every custom volume of the project of that name, whatever its pool: errors of PROJECT.AGGREGATE_*",
      .lxd_ref = "lxd/project/permissions.go:904-933 AllowVolumeUpdate (lxd-5.0.2) via lxd/storage_volumes.go:1520; lxd/project/limits/permissions.go:1041-1071 (lxd-5.21.7) via storage_volumes.go:2244; :1002-1032 (lxd-6.9) via :2247",
      .one_way = "a wrapper: only ever applied" },
    R(PROJECT_VOLUME_MOVE_WRAP) .kind = MS_RULE_KIND_WRAPPER,
      .releases = REL_521_FROM_7,
      .texts = { T(REL_521_FROM_7, "Failed checking if volume move allowed: %s") },
      .trigger = "lxc storage volume move POOL/V POOL2/V of a custom volume to another pool of its project, in a project setting any aggregate limit (limits.cpu, limits.memory, limits.processes, limits.disk, limits.disk.pool.*): the project's aggregate limits with V's entry moved to POOL2 (counted once): errors of PROJECT.AGGREGATE_*, shown by lxc as the move's operation error; a restricted project: not modelled (its restrictions are checked after the sums)",
      .lxd_ref = "lxd/project/limits/permissions.go:294-335 AllowVolumeMove, 'Failed checking if volume move allowed: %w' at :331, called from the move's operation at lxd/storage_volumes.go:1985-1996 (lxd-5.21.7); lxc's line: test/suites/projects.sh:638 (lxd-5.21.7); absent at lxd-5.21.0 .. 5.21.6, lxd-6.1 .. 6.9 and every Incus tag (git grep AllowVolumeMove / 'volume move allowed' at each tag, 2026-12-07)",
      .one_way = "a wrapper: only ever applied" },
    R(EVAC_PROJECT_GROUPS) .kind = MS_RULE_KIND_DECISION, .releases = MS_REL_SINCE(3, 2),
      .trigger = "evacuation (migrate) of an instance whose project sets restricted.cluster.groups: from 5.21.3 and 6.2 only members of those groups are candidates; before, any member",
      .lxd_ref = "lxd/api_cluster.go:3366-3368 (lxd-5.21.3; lxd-5.21.0 .. 5.21.2 and lxd-6.1 pass nil at :3301), :4432-4436 evacuateClusterSelectTarget (lxd-5.21.7); lxd/api_cluster_member.go:1938-1942 (lxd-6.9); lxd/api_cluster.go:2913 passes nil (lxd-5.0.2)",
      .outcome_pass = "the project names no cluster groups: every member is a candidate",
      .outcome_fail = "only members of the project's restricted.cluster.groups are candidates" },
    R(MOVE_PROJECT_STATELESS) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Instance must be stopped to move between projects statelessly"),
                 T(NOT_50, "Instance must be stopped to move between pools statelessly") },
      .trigger = "lxc move NAME --target-project P --stateless of a running instance (without --stateless lxc asks for a live move, whose stateful stop comes first: STOP.CT_STATEFUL for a container, seen on the live 5.0.2 cluster)",
      .lxd_ref = "lxd/instance_post.go:504 instancePostProjectMigration (lxd-5.0.2); instancePostMigration says 'pools' for every move it handles: lxd/instance_post.go:698 (lxd-5.21.7; the same from lxd-5.21.0), :687 (lxd-6.9; from lxd-6.1)" },
    R(MOVE_PROJECT_PROFILE_MISSING) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed creating instance record: Requested profile \"%s\" doesn't exist") },
      .trigger = "lxc move NAME --target-project P of a stopped instance (or a running one past its stateful stop) one of whose profiles P's profile project lacks: "
                 "instancePostProjectMigration's copy is refused by CreateInternal, naming the first such profile, and NAME stays (5.0.0-5.0.2, 5.1-5.19; "
                 "instancePostMigration's releases read the profiles otherwise: not modelled)",
      .lxd_ref = "lxd/instance/instance_utils.go:817-826 CreateInternal, lxd/instance.go:212 instanceCreateAsCopy, lxd/instance_post.go:495-540 "
                 "instancePostProjectMigration (lxd-5.0.2); lxc/move.go's 'Migration operation failure: %w'; seen live on 5.0.2 (tests/live/scenarios/usb-blkio-host.scn)" },
    R(CLI_PROJECT_MOVE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Migration operation failure: %s") },
      .trigger = "lxc move --target-project: errors of the migration operation",
      .lxd_ref = "lxc/move.go:432 moveInstanceProject (lxd-5.0.2), :393 (lxd-5.21.7), :389 (lxd-6.9)",
      .one_way = "a wrapper: only ever applied" },
    R(MOVE_POOL_STATELESS) .releases = ALL,
      .texts = { T(ALL, "Instance must be stopped to move between pools statelessly") },
      .trigger = "lxc move NAME [NEWNAME] -s POOL --stateless (no --target) of a running instance; without --stateless lxc asks for a live move, whose stateful stop comes first (STOP.CT_STATEFUL, STOP.STATEFUL_NEEDS_KEY)",
      .lxd_ref = "lxd/instance_post.go:408 instancePostPoolMigration (lxd-5.0.2); instancePostMigration :469 (lxd-5.21.0, lxd-6.1), :472 (lxd-5.21.4), :466 (lxd-6.6), :693 (lxd-5.21.5), :698 (lxd-5.21.7, lxd-6.7), :687 (lxd-6.9); seen on the live 5.0.2 cluster" },
    R(CLI_POOL_MOVE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Migration operation failure: %s") },
      .trigger = "lxc move -s POOL without --target: errors of the migration operation (seen on the live 5.0.2 cluster)",
      .lxd_ref = "lxc/move.go:380 moveInstancePool (lxd-5.0.2), :427 moveInstance (lxd-5.21.0, lxd-6.1), :455 (lxd-5.21.4, lxd-6.6), :393 (lxd-5.21.5..5.21.7), :390 (lxd-6.7..6.9)",
      .one_way = "a wrapper: only ever applied" },
    /* lxc copy -d sends a device the source lacks bare up to 5.0.3, 5.21.0
     * and 6.0 (lxc/copy.go:279-289 at lxd-5.0.2); from 5.0.4, 5.21.1 and 6.1
     * the client takes it from the profiles (CREATE.DEVICE_OVERRIDE).  A
     * -d type=T on a device the source has reaches the insert at every
     * release (CreateInternal: ValidConfig, then APIToDevices,
     * lxd/instance/instance_utils.go:744, :820 at lxd-6.9).  Was up to 5.0.3
     * and 5.21.0 only: a copy of a scenario run at lxd-6.9 aborted on the
     * missing text (perfcorpus, session 31) */
    R(CREATE_DEVICE_TYPE) .releases = ALL,
      .texts = { T(MS_REL_V5(MS_SPAN_50_UNTIL(4), MS_SPAN_ALL, MS_SPAN_NONE, MS_SPAN_NONE), "Failed creating instance record: Invalid device type %s"),
                 T(MS_REL_V5(MS_SPAN_50_FROM(4), MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL), "Failed creating instance record: Invalid device type \"%s\"") },
      .trigger = "lxc copy SRC DST -d DEVICE,KEY=VALUE for a device SRC lacks (without type=, or with a type the database does not know): the database insert of the copy's devices fails (seen on the live 5.0.2 cluster: `Invalid device type ` for an empty type)",
      .lxd_ref = "lxd/db/cluster/devices.go:117 NewDeviceType via APIToDevices, lxd/instance/instance_utils.go:865 CreateInternal, lxd/instance.go:212 / lxd/instances_post.go:286 wrap (lxd-5.0.2); devices.go:119 (%q, lxd-5.21.0, lxd-6.9)" },
    R(COPY_REFRESH_POOL_ELSEWHERE) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Error transferring instance data: Failed getting instance storage pool name: Instance storage pool not found") },
      .trigger = "lxc copy SRC DST --refresh (5.0.2, both stopped) placed by --target or the scheduler on a member that holds neither SRC nor DST: the migration sink looks DST's pool up on its own member; nothing changes (seen twice on the live 5.0.2 cluster)",
      .lxd_ref = "lxd/db/instances.go:962 GetInstancePool, lxd/storage/pool_load.go:193 LoadByInstance (lxd-5.0.2); seen on the live 5.0.2 cluster" },
    R(COPY_REFRESH_POOL_ON_SOURCE) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed loading instance storage pool: Failed getting instance storage pool name: Instance storage pool not found") },
      .trigger = "lxc copy SRC DST --refresh (5.0.2, both stopped, DST on another member) placed by --target on SRC's member, DST without snapshots (or "
                 "--instance-only): the local refresh looks DST's pool up on SRC's member and fails; nothing changes.  DST with snapshots: not modelled "
                 "(those the source lacks are deleted first)",
      .lxd_ref = "lxd/instance.go:190-359 instanceCreateAsCopy, :356-359 'Failed loading instance storage pool: %w', lxd/storage/pool_load.go:193 "
                 "LoadByInstance, lxd/db/instances.go:962 GetInstancePool (lxd-5.0.2); seen live on 5.0.2 (tests/live/scenarios/usb-blkio-host.scn)" },
    R(MOVE_POOL_NAME_TAKEN) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed creating instance record: Add instance info to the database: This \"instances\" entry already exists") },
      .trigger = "lxc move NAME NEWNAME -s POOL (no --target, 5.0.2) when NEWNAME is taken: the copy's database insert fails, NAME stays (seen on the live 5.0.2 cluster; later releases are not modelled)",
      .lxd_ref = "lxd/instance.go:212 instanceCreateAsCopy, lxd/instance/instance_utils.go:985-999 CreateInternal (lxd-5.0.2); seen on the live 5.0.2 cluster" },
    R(MOVE_PROJECT_MISSING)
      .releases = { MS_SPAN_RANGE(MS_VERSION(5, 0, 2), MS_VERSION(5, 0, 10)), MS_SPAN_ALL, MS_SPAN_ALL },
      .texts = { T(MS_REL_V5(MS_SPAN_RANGE(MS_VERSION(5, 0, 2), MS_VERSION(5, 0, 10)), MS_SPAN_NONE,
                             MS_SPAN_UNTIL(MS_VERSION(5, 21, 6)), MS_SPAN_ALL),
                   "Failed creating instance record: Project not found"),
                 T(REL_521_FROM_6, "Fetch project database object: Project not found") },
      .trigger = "lxc move NAME --target-project P (no --target) of a stopped instance when P does not exist and every profile of the "
                 "instance has a namesake in the default project (P has no features.profiles, so the profiles are looked up there); "
                 "a missing namesake, a running instance, overrides, 5.0.0/5.0.1, 5.1-5.20 and Incus are not modelled",
      .lxd_ref = "lxd/instance_post.go:269-278, :492 instancePostProjectMigration, lxd/instance.go:212 instanceCreateAsCopy, "
                 "lxd/instance/instance_utils.go:817-826 (profiles), :855 GetProject, lxd/db/cluster/projects.mapper.go:239 (lxd-5.0.2; "
                 "seen live, seed 31006 scenario 4 line 46); lxd/instance_post.go:591 GetProfilesIfEnabled, :706 instanceCreateAsCopy, "
                 "lxd/instance.go:288, lxd/instance/instance_utils.go:806 (lxd-6.9; the same instancePostMigration path from lxd-5.0.3 "
                 "and lxd-5.21.0); lxd/instance_post.go:686, :1192-1196 checkTargetProjectRestrictions, "
                 "lxd/project/limits/permissions.go:1340-1343 FetchProject (lxd-5.21.7; from lxd-5.21.6)" },
    R(MOVE_POOL_NOT_FOUND) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed creating instance record: Failed initialising instance: Failed loading storage pool: Storage pool not found") },
      .trigger = "lxc move NAME -s POOL (no --target) into a pool that does not exist: the local copy's driver create fails (5.0.2, seen live; later releases are not modelled)",
      .lxd_ref = "lxd/instance.go:212 instanceCreateAsCopy, lxd/instance/instance_utils.go:1007 CreateInternal, lxd/instance/drivers/driver_lxc.go:223 (lxd-5.0.2); seen on the live 5.0.2 cluster" },
    R(MOVE_POOL_LIVE_CT) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME -s POOL (no --target, without --stateless) of a running container (Incus only: LXD stops it statefully first, STOP.CT_STATEFUL)",
      .lxd_ref = "none in LXD: instancePostPoolMigration (lxd/instance_post.go:404-406 at lxd-5.0.2) and instancePostMigration (:689-692 at lxd-6.9) stop the instance statefully" },
    R(MOVE_POOL_LIVE_VM) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME -s POOL (no --target, without --stateless) of a running VM (Incus only: LXD stops it statefully first, STOP.STATEFUL_NEEDS_KEY)",
      .lxd_ref = "none in LXD: instancePostPoolMigration (lxd/instance_post.go:404-406 at lxd-5.0.2) and instancePostMigration (:689-692 at lxd-6.9) stop the instance statefully" },
    R(MOVE_PROJECT_LIVE) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME --target-project P (without --stateless, -s or a new name) of a running instance (Incus only: LXD stops it statefully first)",
      .lxd_ref = "none in LXD: instancePostProjectMigration (lxd/instance_post.go:504-515 at lxd-5.0.2) and instancePostMigration (:689-692 at lxd-6.9) stop the instance statefully" },
    R(MOVE_POOL_SAME) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME -s POOL (no --target) into the pool the instance already uses (Incus 6.0.3+, 6.8+ only: LXD copies it into the same pool and succeeds)",
      .lxd_ref = "none in LXD: instancePostPoolMigration (lxd/instance_post.go:394-489 at lxd-5.0.2) and instancePostMigration (:552-746 at lxd-6.9) do not compare the pools; seen on the live 5.0.2 cluster (scenarios/releases/lxd-7274-9810-pool-move.scn)" },
    R(MOVE_POOL_UNKNOWN) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME -s POOL (no --target, with --target M of a stopped instance, or with --target-project) naming a pool that does not exist (Incus 6.0.6+, 6.22+ only: LXD's copy fails creating the record, MOVE.POOL_NOT_FOUND)",
      .lxd_ref = "none in LXD: instancePostPoolMigration (lxd/instance_post.go:394-489 at lxd-5.0.2) and instancePostMigration (:552-746 at lxd-6.9) do not look the pool up before the copy" },
    R(VOLUME_SNAPSHOT_ENTITY_REF) .releases = REL_ONLY_6_7,
      .texts = { T(REL_ONLY_6_7, "Failed creating \"%s\" operation record: Failed fetching entity reference: No such entity \"%s\"") },
      .trigger = "lxc storage volume delete POOL VOL/SNAP or lxc storage volume rename POOL VOL/SNAP VOL/NEW of a custom volume snapshot on a pool that is not remote (dir, zfs, btrfs, lvm), at lxd-6.7: the operation's entity URL names no member",
      .lxd_ref = "lxd/storage_volumes_snapshot.go:1072 storagePoolVolumeSnapshotTypeDelete, :566-573 storagePoolVolumeSnapshotTypePost (rename): the entity URL without ?target=; "
                 "lxd/operations/linux.go:56-59 registerDBOperation -> lxd/db/cluster/entities.go:467-512 GetEntityReferenceFromURL, whose storage volume snapshot query (entity_type_storage_volume_snapshot.go:56-79) matches "
                 "the volume's member name against the URL's empty location: no row, 'No such entity %q'; :96 wraps it with the operation type's description (lxd/db/operationtype/operation_type.go:209,213); "
                 "ScheduleUserOperationFromRequest's error is an InternalError (all at lxd-6.7).  No entity references before lxd-6.7; fixed in lxd-6.8 by PR #17794 (a64ddd6518: the URL gets the member)" },
    R(MOVE_POOL_SRC_OFFLINE) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME -s POOL or --target-project P (no --target) of an instance whose member is OFFLINE (Incus only)",
      .lxd_ref = "none in LXD: instancePost (lxd/instance_post.go at lxd-5.0.2, lxd-5.21.7, lxd-6.9) has no such check for a move without a target member" },
    R(MOVE_POOL_CREATE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME -s POOL (no --target), or incus move NAME --target-project P of a stopped instance: the create request on the daemon's own socket refused synchronously (Incus only; PROJECT.LIMIT_TYPE, PROJECT.LIMIT_INSTANCES for a project move)",
      .lxd_ref = "none in LXD: the pool move copies inside the daemon (instanceCreateAsCopy, lxd/instance_post.go:709 at lxd-6.9), not through a create request",
      .one_way = "a wrapper: only ever applied" },
    R(MOVE_POOL_COPY_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus move NAME -s POOL (no --target): the copy's create operation failed (Incus only)",
      .lxd_ref = "none in LXD: the pool move copies inside the daemon (instanceCreateAsCopy, lxd/instance_post.go:709 at lxd-6.9), not through a create request",
      .one_way = "a wrapper: only ever applied" },
#include "ms-rules-network.inc"
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
    R(CLI_COPY_REFRESH_SNAPSHOT) .releases = ALL,
      .texts = { T(ALL, "--refresh can only be used with instances") },
      .trigger = "lxc copy INSTANCE/SNAPSHOT NAME --refresh (client check before the snapshot is fetched)",
      .lxd_ref = "lxc/copy.go:164-166 (lxd-5.0.2), :180-182 (lxd-5.21.7), :197-199 (lxd-6.9)" },
    R(CLI_SNAPSHOT_INSTANCE_NAME) .releases = ALL,
      .texts = { T(ALL, "Invalid instance name: %s") },
      .trigger = "lxc snapshot INSTANCE/SNAPSHOT SNAPSHOT2: a snapshot named twice (client check before any request; 'lxc snapshot INSTANCE/SNAPSHOT' alone takes SNAPSHOT as the name)",
      .lxd_ref = "lxc/snapshot.go:66-73 (lxd-5.0.2, the same at every 5.0.x and 5.1 .. 5.21.0), :93-99 (lxd-5.21.7, lxd-6.9; 'Invalid instance name: %s' without i18n at lxd-6.9), :64-72 (lxd-6.1)" },
    R(CLI_COPY_START_REFRESH) .releases = MS_REL_SINCE_6(7),
      .texts = { T(MS_REL_SINCE_6(7), "--start cannot be used with --refresh") },
      .trigger = "lxc copy SOURCE NAME --refresh --start (client check before any request; before lxd-6.7 lxc copy has no --start: CLI.UNKNOWN_FLAG)",
      .lxd_ref = "lxc/copy.go:107-108 (lxd-6.7), :108-109 (lxd-6.8, lxd-6.9), commit f5ea5c737a; absent at lxd-6.6 and every 5.21.x (no --start flag)" },
    R(COPY_START_ON_TARGET) .releases = MS_REL_SINCE_6(7),
      .texts = { T(REL_ONLY_6_7, "Failed to start instance \"%s\": %s"),
                 T(MS_REL_SINCE_6(8), "Failed starting instance \"%s\": %s") },
      .trigger = "lxc copy SOURCE NAME --start (6.7+): the copy is started by the server (req.Start); on the source's member the start's error is raw and the copy stays (as lxc launch's); on another member (a local pool: a migration) the sink's start error is wrapped and the copy's record is reverted",
      .lxd_ref = "lxd/instances_post.go:382-385 'Failed to start instance %q' in createFromMigration's run, the record's cleanup in runRevert (:318), clusterCopyContainerInternal :1820, createFromCopy's instanceCreateFinish :755, :1825 (lxd-6.7); :387-390 'Failed starting instance %q' (lxd-6.8, lxd-6.9), :316-321, :370, :1950, :745, :1955-1976 (lxd-6.9); lxc/copy.go:194,233 sends Start (lxd-6.9)",
      .outcome_pass = "the copy started", .outcome_fail = "the copy's start failed" },
    R(COPY_REFRESH_CONFIG_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = MS_REL_SINCE_6(8),
      .texts = { T(MS_REL_SINCE_6(8), "Failed applying refresh target instance config: %s") },
      .trigger = "lxc copy SOURCE NAME --refresh [-c KEY=VALUE...] where NAME exists (6.8+): the server's Update of NAME with the config lxc sends (the source's, with -c over it) refuses it before the storage refresh, and nothing changes; until 6.7 lxc PUTs that config after the refresh and the PUT's error is printed raw",
      .lxd_ref = "lxd/instance.go:276 instanceCreateAsCopy, lxd/instances_post.go:328 createFromMigration, driver_lxc.go:3802 / driver_qemu.go:5836 'Invalid config: %w' (lxd-6.8, lxd-6.9); lxc/copy.go:258-268 ApplyRefreshConfig before the POST (lxd-6.9); absent at lxd-6.7 (lxc/copy.go:317 PUT after the copy, error raw), lxd-5.21.7 (:427), lxd-5.0.2 (:369)",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_VOLUME_SNAPSHOT_READONLY) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Snapshots are read-only and can't have their configuration changed"),
                 T(MS_REL_SINCE_6(8), "Snapshots are read-only and cannot have their configuration changed") },
      .trigger = "lxc storage volume set|unset POOL VOLUME/SNAPSHOT KEY ... without --property (client check before any request)",
      .lxd_ref = "lxc/storage_volume.go:1752 (lxd-5.0.2), :2208 (lxd-5.21.7; 'can't'), :2212 (lxd-6.9; 'cannot' from lxd-6.8, commit ca81daa1f6); test/suites/storage_snapshots.sh:73 at lxd-6.9, :67 at lxd-5.21.7" },
    R(CLI_VOLUME_SNAPSHOT_NAME_FIELDS) .releases = ALL,
      .texts = { T(ALL, "Invalid snapshot name") },
      .trigger = "lxc storage volume show|get|set|unset|edit|rename POOL VOL/SNAP/X (a name with more than one '/'): lxc splits it at every '/' and refuses more than two fields before any request, so the pool, the volume and the project are not looked up",
      .lxd_ref = "lxc/storage_volume.go:1832 show, :1078 get, :1746 set (unset calls set), :891 edit, :1625 rename (lxd-5.0.2); :2323, :1310, :2173, :1093, :2026 (lxd-5.21.7); :2320, :1311, :2172, :1089, :2022 (lxd-6.9, errors.New); the check in each of the five at every 5.0.x, 5.x, 5.21.x and 6.x tag (git show, 2026-12-07); Incus's client sends VOL/SNAP whole (not this rule)" },
    /* 5.0.3 and later 5.0.x (the backport); 5.17 .. 5.20 come from the
     * source audit table (ms-rules-derived.c) */
    R(CLI_VOLUME_COPY_SNAPSHOT_VOLUME_ONLY) .releases = { MS_SPAN_FROM(MS_VERSION(5, 0, 3)), MS_SPAN_ALL, MS_SPAN_ALL },
      .texts = { T(ALL, "Cannot set --volume-only when copying a snapshot") },
      .trigger = "lxc storage volume copy POOL/VOLUME/SNAPSHOT DEST --volume-only (client check after the GET of the parent volume; lxd-5.0.2 and 5.1-5.16 copy the snapshot, its --volume-only ignored)",
      .lxd_ref = "lxc/storage_volume.go:390 (lxd-5.0.3, lxd-5.17 .. 5.21.0), :476 (lxd-5.21.7), :472 (lxd-6.9), after the GET :470 (lxd-5.21.7); absent at lxd-5.0.2 (:449 sets VolumeOnly false for a snapshot source) and lxd-5.1 .. 5.16; test/suites/storage_snapshots.sh:301,307 at lxd-6.9, :261,267 at lxd-5.21.7" },
    /* 5.0.3 and later 5.0.x (the backport); 5.16 .. 5.20 come from the
     * source audit table (ms-rules-derived.c) */
    R(DEV_ROOT_MISSING) .releases = { MS_SPAN_FROM(MS_VERSION(5, 0, 3)), MS_SPAN_ALL, MS_SPAN_ALL },
      .texts = { T(MS_REL_UNTIL_6(8), "Invalid root disk device: No root device could be found"),
                 T(MS_REL_SINCE_6(8), "Invalid root disk device: No root disk device found") },
      .trigger = "an instance update (lxc config device remove C root, lxc profile remove C P) that leaves the instance without any device, after the root pool check (with another device left, ValidDevices refuses first: DEV.ROOT_DETECT)",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:4276 Update (lxd-5.0.3; absent at lxd-5.0.2), :4212 (lxd-5.16), :4310 (lxd-5.21.0), :4387 (lxd-5.21.7), :4313 (lxd-6.1), :4382 (lxd-6.5); driver_common.go:2327 (lxd-6.9); the text from ErrNoRootDisk: shared/instance.go:45 (lxd-5.0.x), lxd/instance/instancetype/instance.go:80 (lxd-5.21.7), shared/api/instance.go:445 (lxd-6.8, lxd-6.9: \"No root disk device found\")" },
    /* ValidDevices' root disk check (every release): the reason is
     * ErrNoRootDisk or the several-root-disks error, worded per release
     * (root_disk_error in ms-instance-ops.c) */
    R(DEV_ROOT_DETECT) .releases = ALL,
      .texts = { T(ALL, "Invalid expanded devices: Failed detecting root disk device: %s") },
      .trigger = "an instance update (lxc config set/unset, lxc config device add/set/remove, lxc profile add/remove) whose expanded devices are not empty and hold no root disk (\"No root device could be found\", 6.8+: \"No root disk device found\") or several (\"More than one root device found\", 6.8+: \"More than one root disk device found\"); after the instance's own devices are validated, before its profiles' devices and the root pool checks",
      .lxd_ref = "lxd/instance/drivers/load.go:120-124 validDevices + driver_lxc.go:4133-4136 Update (lxd-5.0.2, seen live); load.go:120-124 + driver_lxc.go:4372-4375 (lxd-5.21.7); load.go:123-127 + driver_common.go:2311-2314 (lxd-6.9); reasons: shared/instance.go:45,56 (lxd-5.0.2), lxd/instance/instancetype/instance.go:80,94 (lxd-5.21.7), shared/api/instance.go:445,448 (lxd-6.8, lxd-6.9)" },
    R(CREATE_ROOT_DETECT) .releases = ALL,
      .texts = { T(ALL, "Invalid devices: Failed detecting root disk device: %s") },
      .trigger = "lxc init/launch/copy whose expanded devices are not empty and hold no root disk or several (the reasons of DEV.ROOT_DETECT); with no device at all CREATE.NO_ROOT refuses later",
      .lxd_ref = "lxd/instance/drivers/load.go:120-124 validDevices + driver_lxc.go:206-209 lxcCreate (lxd-5.0.2); load.go:120-124 + driver_lxc.go:179-182 (lxd-5.21.7); load.go:123-127 + driver_lxc.go:170-173 (lxd-6.9); wrapped by WRAP.CREATE" },
    /* ---- lxc copy / lxc move between remotes (model/ms-remote.c) ---- */
    R(REMOTE_CLI_DEST_NAME) .releases = ALL,
      .texts = { T(MS_REL_V5(MS_SPAN_UNTIL(MS_VERSION(5, 0, 3)), MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE), "You must specify a destination instance name when using --target"),
                 T(REL_50_3_ON, "You must specify a destination instance name") },
      .trigger = "lxc copy|move SRC REMOTE: --target M to another remote: the destination name is empty (lxc keeps the source's name only without --target)",
      .lxd_ref = "lxc/copy.go:88-91 (lxd-5.0.2), :99-102 (lxd-5.0.3), :102 (lxd-5.21.0, lxd-6.1), :109-117 (lxd-5.21.7), :121 (lxd-6.9)" },
    R(REMOTE_CLI_TARGET_STANDALONE) .releases = ALL,
      .texts = { T(ALL, "To use --target, the destination remote must be a cluster") },
      .trigger = "lxc copy (or a move between remotes, where lxc copies) with --target to a remote that is not a cluster",
      .lxd_ref = "lxc/copy.go:128-130 (lxd-5.0.2), :144-146 (lxd-5.21.7), :151-153 (lxd-6.9)" },
    R(REMOTE_CLI_MOVE_STANDALONE) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_UNTIL(5, 7), "The destination LXD server is not clustered") },
      .trigger = "lxc move NAME REMOTE:NAME --target M to a remote that is not a cluster (lxc move's own check, before the copy)",
      .lxd_ref = "lxc/move.go:186-193 (lxd-5.0.2), :211 (lxd-5.21.4, lxd-6.6); absent from lxd-5.21.5 and lxd-6.7, where copy.go's check answers" },
    R(REMOTE_CT_LIVE) .releases = ALL,
      .texts = { T(MS_REL_ONLY_50, "Unable to perform container live migration. CRIU isn't installed on the source server"),
                 T(REL_NOT_50_UNTIL(8, 6), "Unable to perform live container migration. CRIU isn't installed on the source server. To migrate the container, stop the container before migration or install CRIU on the source server"),
                 T(MS_REL_SINCE_6(6), "Live migration is not supported for containers") },
      .trigger = "lxc copy|move of a running container to another remote without --stateless: lxc asks the source for a live migration source (migsim assumes no CRIU, as MOVE.CT_LIVE does), refused before the destination is asked",
      .lxd_ref = "lxd/migrate_instance.go:57-62 newMigrationSource (lxd-5.0.2), :43-47 + lxd/migration/utils.go:114 (lxd-5.21.7), :42-43 (lxd-6.6 .. lxd-6.9); returned as InternalError by the cross-server branch of instancePost, lxd/instance_post.go:323-326 (lxd-5.0.2), :486-489 (lxd-5.21.7), :452-455 (lxd-6.9); lxc prints it as it is (client/lxd_instances.go CopyInstance returns the MigrateInstance error)" },
    R(REMOTE_FORWARD_NO_SOURCE) .releases = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE },
      .trigger = "incus copy|move to another remote that is a cluster, placed on a member other than the one incus talks to (Incus 6.0.0 and 6.1 only, Incus #1580)",
      .lxd_ref = "none in LXD: instancesPost forwards the create without the cluster-notification flag (cluster.Connect(..., false), lxd/instances_post.go:1164 at lxd-5.21.0, :1176 at lxd-6.1), so createFromMigration's check of req.Source.Source for a cluster notification (:279 at lxd-5.21.0) is never met by a copy from another remote" },
    R(REMOTE_DEST_EXISTS) .releases = MS_REL_ONLY_50,
      .texts = { T(MS_REL_ONLY_50, "Failed creating instance record: Add instance info to the database: This \"instances\" entry already exists") },
      .trigger = "lxc copy|move to another remote under a name the destination already has (read only at lxd-5.0.2: not modelled elsewhere)",
      .lxd_ref = "lxd/instances_post.go:284-287 createFromMigration (lxd-5.0.2), the database's refusal of the record; live 5.0.2 2026-12-03 (lane 3, two remote names of one cluster): 'Error: Failed instance creation: Failed creating instance record: Add instance info to the database: This \"instances\" entry already exists'" },
    R(REMOTE_DEST_NO_POOL) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Can't find a storage pool for the instance to use"),
                 T(MS_REL_SINCE_6(8), "Cannot find a storage pool for the instance to use") },
      .trigger = "a copy or move to another remote whose root disk pool the destination does not have (dropped silently), with no profile root pool there and more than one pool",
      .lxd_ref = "lxd/instances_post.go:1175-1231 instanceFindStoragePool and :221-223 (lxd-5.0.2), :241 (lxd-5.21.0), :1074 (lxd-5.21.7), :1077 (lxd-6.7), :1140 (lxd-6.8), :1182 (lxd-6.9); lxc wraps it 'Failed instance creation: ' (client/lxd_instances.go:550 at lxd-5.0.2)" },
    R(CLI_MOVE_TARGET_STORAGE) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_UNTIL(5, 7), "The --storage flag can't be used with --target") },
      .trigger = "lxc move NAME --target M -s POOL (client check before any request; lxd-5.21.5+ and lxd-6.7+ clients send both to the server)",
      .lxd_ref = "lxc/move.go:172 (lxd-5.0.2, live), :164 (lxd-5.0.0), :173 (lxd-5.0.5 .. 5.0.9), :171 (lxd-5.15 .. 5.19), :185 (lxd-5.21.3, lxd-6.2), :191 (lxd-5.21.4, lxd-6.5, lxd-6.6), :190 (lxd-6.3, lxd-6.4); absent from lxd-5.21.5 and lxd-6.7 (one server-side request, move.go:181-232 at lxd-5.21.5)" },
    R(CLI_MOVE_TARGET_MODE) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_UNTIL(5, 7), "The --mode flag can't be used with --target") },
      .trigger = "lxc move NAME --target M --mode push|relay (any mode but lxc's default pull; client check before any request, after those of --instance-only, -s and --target-project; lxd-5.21.5+ and lxd-6.7+ clients copy through the client instead: not modelled)",
      .lxd_ref = "lxc/move.go:179-181 (lxd-5.0.2), :171-172 (lxd-5.0.0), :180-181 (lxd-5.0.9), :178-179 (lxd-5.19), :198-199 (lxd-5.21.4, lxd-6.6); moveDefaultMode \"pull\" :439 (lxd-5.0.2); absent from lxd-5.21.5 and lxd-6.7 (git show TAG:lxc/move.go | grep)" },
    R(CLI_MOVE_STORAGE_MODE) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_ONLY_50, "The --mode flag can't be used with --storage"),
                 T(MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_UNTIL(MS_VERSION(5, 21, 5)), MS_SPAN_UNTIL(MS_VERSION(6, 7, 0))), "The --mode flag can't be used with --storage or --target-project") },
      .trigger = "lxc move NAME -s POOL --mode push|relay without --target (any mode but lxc's default pull; -s with --target-project too at 5.0.2, whose -s check comes first; client check before any request; lxd-5.21.5+ and lxd-6.7+ clients copy through the client instead: not modelled)",
      .lxd_ref = "lxc/move.go:197-209 (lxd-5.0.2: HasExtension(instance_pool_move), then 'with --storage' :205); :203-206 (lxd-5.21.0, lxd-6.1: 'with --storage or --target-project' once the server has instance_move_config), :218-219 (lxd-5.21.3, lxd-6.2), :224-225 (lxd-5.21.4), :223-224 (lxd-6.3); moveDefaultMode \"pull\" :439 (lxd-5.0.2); absent from lxd-5.21.5 and lxd-6.7 (isServerSide is false for another mode: a client copy, move.go:188 at lxd-5.21.7, :185 at lxd-6.9)" },
    R(CLI_MOVE_PROJECT_MODE) .releases = MS_REL_UNTIL(5, 7),
      .texts = { T(MS_REL_ONLY_50, "The --mode flag can't be used with --target-project"),
                 T(MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_UNTIL(MS_VERSION(5, 21, 5)), MS_SPAN_UNTIL(MS_VERSION(6, 7, 0))), "The --mode flag can't be used with --storage or --target-project") },
      .trigger = "lxc move NAME --target-project P --mode push|relay without --target or -s (any mode but lxc's default pull; client check before any request; lxd-5.21.5+ and lxd-6.7+ clients copy through the client instead: not modelled)",
      .lxd_ref = "lxc/move.go:213-225 (lxd-5.0.2: HasExtension(instance_project_move), then 'with --target-project' :221); the one check of -s and --target-project from lxd-5.21.0 and lxd-6.1 (:203-206 at lxd-5.21.0, :218-219 at lxd-5.21.3, :224-225 at lxd-5.21.4); absent from lxd-5.21.5 and lxd-6.7 (isServerSide, move.go:188 at lxd-5.21.7, :185 at lxd-6.9)" },
    R(CLI_ACTION_ALL_NAME) .releases = ALL,
      .texts = { T(ALL, "Both --all and instance name given") },
      .trigger = "lxc start|stop|restart --all NAME: lxc refuses an instance name with --all before any request",
      .lxd_ref = "lxc/action.go:309 cmdAction.Run (lxd-5.0.2), :308 (lxd-5.0.0, lxd-5.1), :325 (lxd-5.0.9), :324 (lxd-5.20, lxd-5.21.0, lxd-6.1), :339 (lxd-5.21.7), :335 (lxd-6.9) (git show TAG:lxc/action.go | grep -n 'Both --all')" },
    R(CLI_CREATE_POOL_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Failed loading storage pool \"%s\": %s") },
      .trigger = "lxc init/launch -s POOL: lxc reads the pool (GET /1.0/storage-pools/POOL, with ?target= when --target is given) before it sends the create, and wraps the error: a pool that does not exist ('Storage pool not found'), or an unknown --target member ('Cluster member not found', from the target's resolution); its 'Creating NAME' line is printed before",
      .lxd_ref = "lxc/init.go:147-148 UseTarget, :223-227 (lxd-5.0.2; both texts seen live with Debian's lxc 5.0.2), :258-262 (lxd-5.21.7), :257-261 (lxd-6.9); the target: lxd/response.go:34 forwardedResponseIfTargetIsRemote, lxd/cluster/resolve.go:12, lxd/db/node.go:269 (lxd-5.0.2), node.go:276 (lxd-5.21.7), :278 (lxd-6.9)" },
    /* only where lxc sets --target before it reads the network
     * (cli_target_first in ms-instance-ops.c): elsewhere the read of a
     * managed network succeeds and another name is not modelled */
    R(CLI_CREATE_NETWORK_NOT_FOUND) .releases = REL_CLI_TARGET_FIRST,
      .texts = { T(REL_CLI_TARGET_FIRST, "Failed loading network \"%s\": %s") },
      .trigger = "lxc init/launch -n/--network NAME: lxc reads the network (GET /1.0/networks/NAME, with ?target= where lxc sets --target first: lxd-5.0.0 .. 5.0.4, 5.1 .. 5.21.2, 6.1) before the pool and the create, and wraps the error: an unknown --target member or '@GROUP' ('Cluster member not found', Incus #335), an offline one; its 'Creating NAME' line is printed before",
      .lxd_ref = "lxc/init.go:148 UseTarget, :172-176 GetNetwork (lxd-5.0.2; 'Failed loading network \"n1\": Cluster member not found' after --target=@g1 seen live with Debian's lxc 5.0.2), :207-211 with UseTarget after at :279 (lxd-5.21.7), :206-210, :278 (lxd-6.9)" },
    R(CLI_DELETE_EXISTS_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking instance exists \"%s:%s\": %s") },
      .trigger = "lxc delete NAME...: lxc reads every instance (GET /1.0/instances/NAME) before it deletes any, and wraps the error with the remote the user named (local: without one)",
      .lxd_ref = "lxc/delete.go:88 instancesExist, lxc/utils.go:227 (lxd-5.0.2; seen live with Debian's lxc 5.0.2), lxc/delete.go:94, lxc/utils.go:299 (lxd-5.21.7), lxc/delete.go:93, lxc/utils.go:298 (lxd-6.9); absent at lxd-5.0.0 (the delete loop returns the error as is)",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_DELETE_SNAPSHOT_EXISTS_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(ALL, "Failed checking instance snapshot exists \"%s:%s\": %s") },
      .trigger = "lxc delete PARENT/SNAP: lxc reads the snapshot (GET /1.0/instances/PARENT/snapshots/SNAP) before it deletes anything, and wraps the error with the remote the user named (local: without one)",
      .lxd_ref = "lxc/utils.go instancesExist, the snapshot branch: :219-226 (lxd-5.0.2), lxd-5.21.7 and lxd-6.9 the same text (the same tags as CLI.DELETE_EXISTS_WRAP: from lxd-5.0.1 and 5.2)",
      .one_way = "a wrapper: only ever applied" },
    R(CLI_DELETE_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = MS_REL_NOT_50,
      .texts = { T(MS_REL_NOT_50, "Failed deleting instance \"%s\" in project \"%s\": %s") },
      .trigger = "lxc delete NAME: the delete request of an instance fails (security.protection.delete); the error of lxc's doDelete is wrapped with the name and the project",
      .lxd_ref = "lxc/delete.go:174 (lxd-5.21.7), :168 (lxd-5.21.0, 5.20, 6.1), :173 (lxd-5.21.3, 6.2), :153 (lxd-6.7 .. 6.9): fmt.Errorf(\"Failed deleting instance %q in project %q: %w\", resource.name, connInfo.Project, err); absent at lxd-5.0.0 .. 5.0.2 and 5.1 .. 5.19, present at 5.0.3 .. 5.0.9 (:168, :169)",
      .one_way = "a wrapper: only ever applied" },
    /* ---- lxc ... edit with YAML on standard input ---- */
    R(CLI_YAML_UNMARSHAL) .releases = ALL,
      .texts = { T(ALL, "yaml: unmarshal errors:%s") },
      .trigger = "lxc profile edit / lxc config edit / lxc storage volume edit with YAML on standard input whose values do not fit the api.*Put struct (a scalar where a map is wanted, a list for config, a string for a bool): lxc's yaml.Unmarshal fails and nothing is sent; keys of no field are ignored",
      .lxd_ref = "lxc/profile.go:466-476 cmdProfileEdit (lxd-5.0.2), :571-581 (lxd-5.21.7), :560-570 (lxd-6.9); lxc/config.go:156-181 cmdConfigEdit (lxd-5.0.2); lxc/storage_volume.go:896-924 cmdStorageVolumeEdit (lxd-5.0.2), :1098-1126 (lxd-5.21.7), :1099-1133 (lxd-6.9); the text is gopkg.in/yaml.v2's decode.go terror and yaml.go TypeError (go.yaml.in/yaml/v2 at lxd-5.21.7, lxd-6.9)" },
    R(PROFILE_EDIT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "Failed to retrieve profile \"%s\": Profile not found"),
                 T(MS_REL_SINCE_6(8), "Failed retrieving profile \"%s\": Profile not found") },
      .trigger = "lxc profile edit of a profile that does not exist, YAML on standard input: lxc PUTs without a GET first, and profilePut wraps the lookup's miss",
      .lxd_ref = "lxc/profile.go:478 UpdateProfile without GetProfile (lxd-5.0.2), :583 (lxd-5.21.7), :572 (lxd-6.9); lxd/profiles.go:470-472 profilePut (lxd-5.0.2), :628-630 (lxd-5.21.7), :640-642 'Failed retrieving' (lxd-6.9; from lxd-6.8)" },
    R(CFG_IDMAP_KEY_DELETE) .releases = MS_REL_V5(MS_SPAN_50_FROM(1), MS_SPAN_5_FROM(1), MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 7, 0))),
      .texts = { T(MS_REL_V5(MS_SPAN_50_FROM(1), MS_SPAN_5_FROM(1), MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 7, 0))),
                   "Volatile idmap keys can't be deleted by the user") },
      .trigger = "lxc config edit of a container with YAML whose config lacks a volatile idmap key the container has: volatile.idmap.base, volatile.idmap.next and volatile.last_state.idmap from its creation, volatile.idmap.current once started (so YAML with no volatile keys always is); a VM is not checked",
      .lxd_ref = "lxd/instance/drivers/driver_lxc.go:4107-4124 Update, userRequested (lxd-5.0.2), :4347-4364 (lxd-5.21.7), :4011-4028 (lxd-6.6); the keys set at creation: :274-275,283 (lxd-5.0.2), :241-242,250 (lxd-5.21.7); lxc PUTs the YAML's config whole (lxc/config.go:176-181 at lxd-5.0.2)" },
    R(CFG_PROTECTED_KEY_DELETE) .releases = MS_REL_SINCE_6(7),
      .texts = { T(MS_REL_SINCE_6(7), "The protected \"%s\" config key cannot be deleted") },
      .trigger = "lxc config edit with YAML whose config lacks a protected key the instance has: volatile.uuid (every instance, from its creation) and a container's volatile idmap keys; with several missing LXD names the first of a Go map walk (migsim: not modelled, the possible texts named)",
      .lxd_ref = "lxd/instance/drivers/driver_common.go:2433-2451 validateConfig (lxd-6.7), :2286-2304 (lxd-6.9), changedConfig from a map walk driver_lxc.go:3929-3943 (lxd-6.9); volatile.uuid set at creation lxd/instance/instance_utils.go:709-711 (lxd-6.9)" },
    R(PROJECT_MOVE_LIMIT_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = REL_MOVE_PROJECT_CHECKED,
      .texts = { T(REL_MOVE_PROJECT_CHECKED, "Instance cannot be placed in project \"%s\": %s") },
      .trigger = "lxc move --target-project P of a stopped instance (5.21.6+: also a running one, checked before it is stopped) into a project whose limits.instances, limits.containers or limits.virtual-machines is at or below its count: PROJECT.LIMIT_TYPE or PROJECT.LIMIT_INSTANCES inside the operation, wrapped; lxd-5.0.2 .. 5.0.8, 5.21.0 .. 5.21.5 and 6.x to 6.9 do not check and move it",
      .lxd_ref = "lxd/instance_post.go:551 checkTargetProjectRestrictions, :659 the wrap (lxd-5.0.9); :686, :1221 (lxd-5.21.7) inside instancePostMigration (the operation), before the stop of a running instance (:695-705); absent at lxd-5.0.2 (instancePostProjectMigration :492-560), lxd-5.21.5 and lxd-6.9 (git grep AllowInstanceCreation lxd/instance_post.go at each tag); lxc wraps it 'Migration operation failure: ' (CLI.PROJECT_MOVE_WRAP)",
      .one_way = "a wrapper: only ever applied" },
    R(PROJECT_RESTRICT_CONFLICT_WRAP) .kind = MS_RULE_KIND_WRAPPER, .releases = ALL,
      .texts = { T(REL_LIMIT_OLD_WRAP, "Conflict detected when changing \"%3$s\" in project \"%1$s\": %2$s"),
                 T(MS_REL_SINCE(5, 6), "Conflict detected when updating project \"%1$s\": %2$s") },
      .trigger = "lxc project set|unset P: P's instances (expanded) and profiles checked against its new restrictions; to 5.21.4 and 6.5 once per changed restricted.* key (not `restricted` itself), restricted or not, naming the key (several changed keys, or restricted.* and limits.* together, whose check fails: not modelled, Go map order); from 5.21.5 and 6.6 on any change of a project whose new config has restricted=true. The inner text is the restriction's (PROJECT.NESTING_FORBIDDEN, PROJECT.DEVICE_INVALID ...)",
      .lxd_ref = "lxd/project/permissions.go:983-993 AllowProjectUpdate (lxd-5.0.2) via lxd/api_project.go:707; :1029-1037 (lxd-5.21.0); lxd/project/limits/permissions.go:1107-1115 (lxd-5.21.4, lxd-6.5); :1129-1131 checkInstanceRestrictionsAndAggregateLimits (lxd-5.21.5), :1194-1196 (lxd-5.21.7), :1155-1157 (lxd-6.9), gated on restricted=true at :948-983 (lxd-5.21.7); test/suites/projects.sh:898,929,940,951 (lxd-5.0.2)",
      .one_way = "a wrapper: only ever applied" },
    R(PROFILE_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(ALL, "Failed loading project \"%s\": Project not found") },
      .trigger = "lxc profile create --project P of a project that does not exist (seen live on 5.0.2: tools/live-random.py --gen 11 --seed 11002, scenario 2)",
      .lxd_ref = "lxd/profiles.go:246 profilesPost, lxd/project/project.go:195-200 ProfileProject, lxd/db/cluster/projects.mapper.go:239 (lxd-5.0.2); profiles.go:382, project.go:268-273, mapper :217 (lxd-5.21.7); profiles.go:377, project.go:275-280, mapper :217 (lxd-6.9)" },
    R(PROFILE_ACCESS_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(REL_PROFILE_PROJECT_PLAIN, "Failed loading project \"%1$s\": Project not found"),
                 T(REL_PROFILE_PROJECT_TO_CHECK, "Failed to check project \"%1$s\" profile feature: Failed loading project \"%1$s\": Project not found"),
                 T(REL_PROFILE_PROJECT_CHECKING, "Failed checking project \"%1$s\" profile feature: Failed loading project \"%1$s\": Project not found") },
      .trigger = "lxc profile set/unset/device add/device remove/delete/edit, or the source of lxc profile copy, with --project P of a project that does not exist: the GET (or the PUT, DELETE) of the profile looks the project up first",
      .lxd_ref = "lxd/profiles.go:368,443,559,687,765 profileGet/Put/Patch/Post/Delete via ProfileProject (lxd-5.0.2; the same until lxd-5.21.2 and lxd-6.1); lxd/profiles.go:76-79 addProfileDetailsToRequestContext via profileAccessHandler, 'Failed to check project %q profile feature' (lxd-5.21.3 .. 5.21.7, lxd-6.2 .. 6.7), profiles.go:71-73 'Failed checking' (lxd-6.8, 6.9)" },
    R(IMAGE_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(REL_IMAGE_LOOKUP_PLAIN, "Image not found"),
                 T(REL_IMAGE_LOOKUP_TO_FIND, "Failed to find image \"%1$s\" on remote \"%2$s\""),
                 T(MS_REL_SINCE_6(8), "Failed finding image \"%1$s\" on remote \"%2$s\"") },
      .trigger = "lxc init/launch IMAGE --project P of a local image, P with features.images=true (its own image store, empty when lxc project create made it) and no alias IMAGE copied into it: lxc looks the alias, then the image, up in P before it sends the create",
      .lxd_ref = "lxc/init.go:357-368 GetImageAlias then GetImage in the project (lxd-5.0.2; seen live: 'Error: Image not found' after 'Creating c1'); lxc/utils.go getImgInfo :405-415 (lxd-5.21.3), 'Failed to find image' :415 (lxd-5.21.4), :417 (lxd-5.21.7), :414 (lxd-6.3), :416 (lxd-6.7), 'Failed finding image' :427 (lxd-6.8, lxd-6.9); the server's 404: lxd/db/images.go:453 GetImageByFingerprintPrefix (lxd-5.0.2); a project's store: lxd/db/images.go:708-740 ProjectHasImages" },
    R(IMAGE_COPY_SAME_PROJECT) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(8), "The source and target servers must be different"),
                 T(MS_REL_SINCE_6(8), "Cannot copy an image within the same server and project") },
      .trigger = "lxc image copy IMAGE local: into the project it is read from: without --target-project, or --target-project naming the source's project (until lxd-6.6 the source is the remote's project, never --project; from lxd-6.7 it is --project's)",
      .lxd_ref = "client/lxd_images.go:670-672 CopyImage isSameServer, which compares the projects (lxd-5.0.2; seen live), :727 (lxd-6.7), :700-702 isSameServer && isSameProject (lxd-6.8, lxd-6.9); the source's project: lxc/image.go:187-195 'Revert project for sourceServer' (lxd-5.0.2 .. lxd-6.6, absent from lxd-6.7)" },
    R(IMAGE_COPY_PROJECT_NOT_FOUND) .releases = ALL,
      .texts = { T(MS_REL_UNTIL_6(6), "Failed remote image download: Fetch project database object: Project not found"),
                 T(MS_REL_SINCE_6(6), "Failed remote image download: Failed loading project \"%s\": Project not found") },
      .trigger = "lxc image copy IMAGE local: --target-project P of a project that does not exist: the POST /1.0/images of the pull reads P",
      .lxd_ref = "lxd/images.go:910 imagesPost GetImageSpaceBudget, lxd/project/permissions.go:1156 fetchProject 'Fetch project database object' (lxd-5.0.2; seen live), lxd/images.go:1265 and lxd/project/limits/permissions.go:1343 FetchProject (lxd-5.21.7), images.go:1184 (lxd-6.5); 'Failed loading project %q' images.go:1170 (lxd-6.6), :1192 (lxd-6.9); lxc's wrap: client/lxd_images.go:658 remoteOperationError (lxd-5.0.2), :714 (lxd-5.21.7), :679 (lxd-6.9)" },

#include "ms-rules-cluster.inc"
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

const char *
ms_rule_name(MsRuleId id)
{
    return id < MS_RULE_LAST ? rules[id].name : "(none)";
}
