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
/* instancesGet's project check: "Failed to get project" at lxd-5.21.5 ..
 * 5.21.7 and 6.6 .. 6.7, "Failed getting project" from 6.8 (LIST.PROJECT_NOT_FOUND) */
#define REL_ONLY_5_21_5_ON_6_6_TO_6_7 \
    { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), MS_SPAN_RANGE(MS_VERSION(6, 6, 0), MS_VERSION(6, 8, 0)) }
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
/* randomSubnetV4's text: "Failed to automatically find" until lxd-6.7,
 * "Failed automatically finding" from lxd-6.8 (2657df628f; git grep of both
 * in lxd/network/network_utils.go at every tag) */
#define REL_SUBNET_TO_FIND { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 8, 0)) }
#define REL_SUBNET_FINDING { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(6, 8, 0)) }
/* checkTargetProjectRestrictions: lxd-5.0.9 and lxd-5.21.6 on, none in 6.x to lxd-6.9 */
#define REL_MOVE_PROJECT_CHECKED { MS_SPAN_50_FROM(9), MS_SPAN_FROM(MS_VERSION(5, 21, 6)), MS_SPAN_NONE }
/* clang-format on */

/* clang-format off */
static const MsRuleDef rules[MS_RULE_LAST] = {
#include "ms-rules-instance.inc"

#include "ms-rules-storage.inc"
#include "ms-rules-migration.inc"

#include "ms-rules-client.inc"
#include "ms-rules-placement.inc"
#include "ms-rules-live.inc"
#include "ms-rules-names.inc"
#include "ms-rules-project.inc"
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
      .lxd_ref = "lxc/storage_volume.go:1832 show, :1078 get, :1746 set (unset calls set), :891 edit, :1625 rename (lxd-5.0.2); :2323, :1310, :2173, :1093, :2026 (lxd-5.21.7); :2320, :1311, :2172, :1089, :2022 (lxd-6.9, errors.New); the check in each of the five at every 5.0.x, 5.x, 5.21.x and 6.x tag (git show, 2026-12-07); the incus client's get, set, unset and edit until 6.22: the Incus row" },
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
