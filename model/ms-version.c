/* migsim: the release table and the feature table (data, not code paths). */
#include "ms-version.h"
#include "ms-release-masks.h"
#include "ms-suggest.h"

#include <string.h>

#include "ms-error.h"

/* The releases migsim simulates: every LXD tag from lxd-5.0.0 to lxd-6.9
 * (5.0.x LTS, the 5.1 .. 5.20 feature releases, 5.21.x LTS, 6.x) and the
 * Incus 6.0 LTS tags.  5.0.2, 5.21.x and 6.x are audited by hand (the rule
 * table, ms-rules.c); the other 5.0.x and 5.1 .. 5.20 take their rules from
 * the mechanical source audit (ms-rules-derived.c, ms_profile_is_derived). */
/* clang-format off */
static const MsProfile profiles[] = {
    { "lxd-5.0.0", MS_VERSION(5, 0, 0), "2022-03" },
    { "lxd-5.0.1", MS_VERSION(5, 0, 1), "2022-08" },
    { "lxd-5.0.2", MS_VERSION(5, 0, 2), "2023-01" },
    { "lxd-5.0.3", MS_VERSION(5, 0, 3), "2024-01" },
    { "lxd-5.0.4", MS_VERSION(5, 0, 4), "2024-11" },
    { "lxd-5.0.5", MS_VERSION(5, 0, 5), "2025-09" },
    { "lxd-5.0.6", MS_VERSION(5, 0, 6), "2026-02" },
    { "lxd-5.0.7", MS_VERSION(5, 0, 7), "2026-06" },
    { "lxd-5.0.8", MS_VERSION(5, 0, 8), "2026-07" },
    { "lxd-5.0.9", MS_VERSION(5, 0, 9), "2026-08" },
    { "lxd-5.1", MS_VERSION(5, 1, 0), "2022-04" },
    { "lxd-5.2", MS_VERSION(5, 2, 0), "2022-05" },
    { "lxd-5.3", MS_VERSION(5, 3, 0), "2022-06" },
    { "lxd-5.4", MS_VERSION(5, 4, 0), "2022-07" },
    { "lxd-5.5", MS_VERSION(5, 5, 0), "2022-08" },
    { "lxd-5.6", MS_VERSION(5, 6, 0), "2022-09" },
    { "lxd-5.7", MS_VERSION(5, 7, 0), "2022-10" },
    { "lxd-5.8", MS_VERSION(5, 8, 0), "2022-11" },
    { "lxd-5.9", MS_VERSION(5, 9, 0), "2022-12" },
    { "lxd-5.10", MS_VERSION(5, 10, 0), "2023-01" },
    { "lxd-5.11", MS_VERSION(5, 11, 0), "2023-02" },
    { "lxd-5.12", MS_VERSION(5, 12, 0), "2023-03" },
    { "lxd-5.13", MS_VERSION(5, 13, 0), "2023-04" },
    { "lxd-5.14", MS_VERSION(5, 14, 0), "2023-05" },
    { "lxd-5.15", MS_VERSION(5, 15, 0), "2023-06" },
    { "lxd-5.16", MS_VERSION(5, 16, 0), "2023-07" },
    { "lxd-5.17", MS_VERSION(5, 17, 0), "2023-08" },
    { "lxd-5.18", MS_VERSION(5, 18, 0), "2023-09" },
    { "lxd-5.19", MS_VERSION(5, 19, 0), "2023-10" },
    { "lxd-5.20", MS_VERSION(5, 20, 0), "2023-12" },
    { "lxd-5.21.0", MS_VERSION(5, 21, 0), "2024-04" },
    { "lxd-5.21.1", MS_VERSION(5, 21, 1), "2024-04" },
    { "lxd-5.21.2", MS_VERSION(5, 21, 2), "2024-08" },
    { "lxd-5.21.3", MS_VERSION(5, 21, 3), "2025-01" },
    { "lxd-5.21.4", MS_VERSION(5, 21, 4), "2025-08" },
    { "lxd-5.21.5", MS_VERSION(5, 21, 5), "2026-01" },
    { "lxd-5.21.6", MS_VERSION(5, 21, 6), "2026-04" },
    { "lxd-5.21.7", MS_VERSION(5, 21, 7), "2026-08" },
    { "lxd-6.1", MS_VERSION(6, 1, 0), "2024-06" },
    { "lxd-6.2", MS_VERSION(6, 2, 0), "2024-11" },
    { "lxd-6.3", MS_VERSION(6, 3, 0), "2025-02" },
    { "lxd-6.4", MS_VERSION(6, 4, 0), "2025-05" },
    { "lxd-6.5", MS_VERSION(6, 5, 0), "2025-08" },
    { "lxd-6.6", MS_VERSION(6, 6, 0), "2025-11" },
    { "lxd-6.7", MS_VERSION(6, 7, 0), "2026-02" },
    { "lxd-6.8", MS_VERSION(6, 8, 0), "2026-05" },
    { "lxd-6.9", MS_VERSION(6, 9, 0), "2026-08" },
    /* Incus 6.0 LTS (lxc/incus tags v6.0.0 ... v6.0.6); Debian 12's
     * bookworm-backports ships 6.0.4, the live suite's second cluster. */
    { "incus-6.0.0", MS_VERSION_INCUS(6, 0, 0), "2024-04" },
    { "incus-6.0.1", MS_VERSION_INCUS(6, 0, 1), "2024-06" },
    { "incus-6.0.2", MS_VERSION_INCUS(6, 0, 2), "2024-10" },
    { "incus-6.0.3", MS_VERSION_INCUS(6, 0, 3), "2024-12" },
    { "incus-6.0.4", MS_VERSION_INCUS(6, 0, 4), "2025-04" },
    { "incus-6.0.5", MS_VERSION_INCUS(6, 0, 5), "2025-08" },
    { "incus-6.0.6", MS_VERSION_INCUS(6, 0, 6), "2026-01" },
    /* Incus feature releases (lxc/incus tags v6.1.0 ...): the first after
     * the fork, and each release that changes this area
     * (docs/incus-feature-releases.md says why each); MS_INC_READ_PROFILES
     * names the same releases. */
    { "incus-6.1", MS_VERSION_INCUS(6, 1, 0), "2024-05" },
    { "incus-6.4", MS_VERSION_INCUS(6, 4, 0), "2024-08" },
    { "incus-6.10", MS_VERSION_INCUS(6, 10, 0), "2025-02" },
    { "incus-6.16", MS_VERSION_INCUS(6, 16, 0), "2025-08" },
    { "incus-6.22", MS_VERSION_INCUS(6, 22, 0), "2026-02" },
    { "incus-6.23", MS_VERSION_INCUS(6, 23, 0), "2026-03" },
    /* Incus 7.x (lxc/incus tags v7.0.0 ... v7.3.0): the 7.0 LTS line
     * (7.0.0 tagged on main after v6.23.0, 7.0.1 on its stable branch) and
     * the feature releases after it (docs/incus-feature-releases.md);
     * MS_INC7_READ_PROFILES names the same releases. */
    { "incus-7.0.0", MS_VERSION_INCUS(7, 0, 0), "2026-05" },
    { "incus-7.0.1", MS_VERSION_INCUS(7, 0, 1), "2026-07" },
    { "incus-7.1", MS_VERSION_INCUS(7, 1, 0), "2026-05" },
    { "incus-7.2", MS_VERSION_INCUS(7, 2, 0), "2026-06" },
    { "incus-7.3", MS_VERSION_INCUS(7, 3, 0), "2026-07" },
};
/* clang-format on */

/* Every feature's Incus span was read at each simulated Incus feature
 * release (v6.1.0, v6.4.0, v6.10.0, v6.16.0, v6.22.0, v6.23.0) and at
 * v7.0.0, v7.0.1, v7.1.0, v7.2.0, v7.3.0 ("7.x:" in its incus_ref), with the
 * file:line in its incus_ref where a span changes.  None changes at 7.x. */
#define INC_READ (MS_INC_READ_PROFILES | MS_INC7_READ_PROFILES)

/* clang-format off */
static const MsFeatureDef features[MS_FEATURE_LAST] = {
    [MS_FEATURE_SERVER_STATEFUL_KEY] = {
        MS_FEATURE_SERVER_STATEFUL_KEY, "server-key-instances.migration.stateful",
        MS_REL_SINCE(0, 0),
        "server key instances.migration.stateful exists and is layered under every instance's config",
        "lxd/cluster/config/config.go:598 (lxd-5.21.7); instancetype/instance_utils.go:12",
        MS_INC_NONE, "internal/server/cluster/config/config.go (v6.0.4) has no such key; live 6.0.4: unknown key; 7.x: no such key in internal/server/cluster/config/config.go at v7.0.0, v7.0.1, v7.1.0, v7.2.0, v7.3.0", INC_READ },
    [MS_FEATURE_CONFIG_ERROR_QUOTED] = {
        MS_FEATURE_CONFIG_ERROR_QUOTED, "server-config-error-quoted",
        MS_REL_V5(MS_SPAN_50_FROM(4), MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 2)), MS_SPAN_ALL),
        "server config errors read 'Cannot set \"k\" to \"v\": Reason' instead of 'cannot set 'k' to 'v': reason'",
        "lxd/config/errors.go:17, lxd/config/map.go (lxd-5.21.2, lxd-6.1); lxd/config/errors.go:17 'Cannot set %q' (lxd-5.0.4 .. lxd-5.0.9), \"cannot set '%s'\" (lxd-5.0.0 .. lxd-5.0.3, lxd-5.1 .. lxd-5.20)",
        MS_INC_NONE, "internal/server/config/errors.go:17 (v6.0.4): \"cannot set '%s' to '%s': %v\"; 7.x: internal/server/config/errors.go:18 \"cannot set '%s'\" (v7.0.0 .. v7.3.0)", INC_READ },
    [MS_FEATURE_EVACUATE_MODE] = {
        MS_FEATURE_EVACUATE_MODE, "evacuate-action",
        MS_REL_V5(MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL),
        "lxc cluster evacuate --action stop|migrate|live-migrate (API mode) is honoured",
        "lxd/api_cluster.go:3341 (lxd-5.21.7); PR #10332 (5.1); lxc/cluster.go:1065 --action (lxd-5.1 .. lxd-5.20); no such flag at lxd-5.0.0 .. lxd-5.0.9 (the API takes a mode from lxd-5.0.3, lxd/api_cluster.go:3074, but lxc cannot send it)",
        MS_INC_ALL, "cmd/incus/cluster.go:1455 --action, cmd/incusd/api_cluster.go:2797 (v6.0.4); 7.x: cmd/incus/cluster.go:1457 --action (v7.0.0), :1458 (v7.1.0), :1467 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_EVACUATE_MODE_STRICT] = {
        MS_FEATURE_EVACUATE_MODE_STRICT, "evacuate-action-strict",
        MS_REL_SINCE(4, 5),
        "an unknown evacuation mode is an error (it was silently ignored before)",
        "lxd/api_cluster.go:3341 (lxd-5.21.7), api_cluster_member.go:1873 (HEAD)",
        MS_INC_ALL, "cmd/incusd/api_cluster.go:2797-2803 (v6.0.4): the cluster.evacuate validator; 7.x: internal/instance/config.go:179 cluster.evacuate IsOneOf (v7.0.0 .. v7.2.0), :197 (v7.3.0)", INC_READ },
    [MS_FEATURE_DISK_STATEFUL_RULES] = {
        MS_FEATURE_DISK_STATEFUL_RULES, "disk-stateful-rules",
        MS_REL_SINCE(3, 2),
        "VMs with migration.stateful=true only accept root disks and block/ISO volumes on remote pools",
        "lxd/device/disk.go:656-668 (lxd-5.21.7); PR #13823/#13857",
        MS_INC_ALL, "internal/server/device/disk.go:648-663 (v6.0.4), :698-711 (v6.0.5: no shared-filesystem check, a virtiofs one); 7.x: internal/server/device/disk.go:806-812 (v7.0.0), :804-811 (v7.1.0), :810-817 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_STATEFUL_NO_HOTPLUG] = {
        MS_FEATURE_STATEFUL_NO_HOTPLUG, "stateful-vm-no-disk-hotplug",
        MS_REL_V5(MS_SPAN_NONE, MS_SPAN_5_FROM(20), MS_SPAN_RANGE(MS_VERSION(5, 21, 0), MS_VERSION(5, 21, 3)), MS_SPAN_RANGE(MS_VERSION(6, 1, 0), MS_VERSION(6, 2, 0))),
        "disks cannot be hot-plugged into a running VM with migration.stateful=true",
        "lxd/device/disk.go CanHotPlug (15e2847ddb; lifted d54427d8f8/32a975b401); lxd/device/disk.go:123 (lxd-5.20); before: :115-127 (lxd-5.18, lxd-5.19) and lxd-5.0.3 .. lxd-5.0.9 refuse VM disks with a path, :115 (lxd-5.16, lxd-5.17) directory and cephfs sources, not modelled",
        MS_INC_NONE, "internal/server/device/disk.go:129 CanHotPlug (v6.0.4, v6.10.0), :123 (v6.1.0): all disks hot-plug; from v6.16.0 (:138) tmpfs disks do not, and at v6.22.0, v6.23.0 (:144) neither do 9p mounts, none tied to migration.stateful; 7.x: CanHotPlug disk.go:148 (v7.0.0, v7.1.0), :149 (v7.0.1, v7.2.0, v7.3.0): no migration.stateful test", INC_READ },
    [MS_FEATURE_ISO_VOLUMES] = {
        MS_FEATURE_ISO_VOLUMES, "iso-volumes",
        MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(16), MS_SPAN_ALL, MS_SPAN_ALL),
        "custom volumes of content type iso",
        "lxd/device/disk.go:604 (lxd-5.21.7); lxd/device/disk.go:333 StoragePoolVolumeContentTypeISO (lxd-5.16), :340 (lxd-5.0.3); absent at lxd-5.15 and lxd-5.0.2",
        MS_INC_ALL, "internal/server/device/disk.go:591 (v6.0.4); 7.x: disk.go:706 (v7.0.0, v7.1.0), :711 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_BLOCK_SHARED] = {
        MS_FEATURE_BLOCK_SHARED, "block-volume-security-shared",
        MS_REL_SINCE(4, 3),
        "a block volume on a second instance or a profile needs security.shared=true; self-attach refused",
        "lxd/device/disk.go:184,208,550 (lxd-5.21.7)",
        MS_INC_ALL, "internal/server/device/disk.go:322-345 (v6.0.0), :493-516 (v6.0.4), :606-629 (v6.0.6): an un-shared block volume on a second instance is refused ('Cannot add un-shared custom storage block volume to more than one instance'); only where the device is loaded with its instance (d.inst != nil, :294/:461/:575), so the profile branch (:324/:495/:608) is unreachable: profiles are validated with inst nil (device_load.go:148 Validate, cmd/incusd/profiles.go:362 at v6.0.4; seen on the live 6.0.4 cluster: incus profile device add of an un-shared block volume succeeds); no self-attach check (Incus has no source.type disk key); 7.x: disk.go:642 (v7.0.0, v7.1.0), :647 (v7.0.1, v7.2.0, v7.3.0), the volume loaded only with d.inst != nil (:649/:654)", INC_READ },
    [MS_FEATURE_RESTORE_SKIP] = {
        MS_FEATURE_RESTORE_SKIP, "restore-action-skip",
        MS_REL_SINCE(4, 4),
        "lxc cluster restore --action=skip brings the member back without starting or moving instances",
        "lxd/api_cluster.go:3408 (lxd-5.21.7); PR #15267",
        MS_INC_SINCE(6, 22),
        "cmd/incusd/api_cluster.go:3122-3126, api_cluster_evacuation.go:281 (v6.0.6, v6.22.0, v6.23.0): mode skip; no restore modes at v6.0.0 .. v6.0.5 and v6.1.0 .. v6.21.0 (cmd/incus/cluster.go restore has --force only, :1644 at v6.21.0); 7.x: api_cluster.go:3073 (v7.0.0), :3080 (v7.0.1, v7.2.0), :3082 (v7.1.0), :3140 (v7.3.0) Invalid restore mode", INC_READ },
    [MS_FEATURE_RESTORE_MAP_ORDER] = {
        MS_FEATURE_RESTORE_MAP_ORDER, "restore-unordered",
        MS_REL_SINCE(4, 4),
        "restore iterates instances in Go map order (migsim: documented deterministic order, by name)",
        "lxd/db/instances.go:255 (lxd-5.21.7)",
        MS_INC_NONE, "cmd/incusd/api_cluster_evacuation.go:286 (v6.0.4): instances in database order, restored in parallel groups; 7.x: api_cluster_evacuation.go:400 GetInstances (v7.0.0, v7.1.0), :423 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_NOT_STARTED_CHECK] = {
        MS_FEATURE_NOT_STARTED_CHECK, "evacuate-restore-not-started-check",
        MS_REL_SINCE(4, 5),
        "evacuate and restore refuse while the member's networks or storage pools are not started",
        "lxd/api_cluster.go:3086,3088 (lxd-5.21.7); df5c6629ac",
        MS_INC_NONE, "cmd/incusd/api_cluster.go clusterNodeStatePost (v6.0.4): no 'not started yet' check; 7.x: no 'not started yet' check in cmd/incusd/api_cluster*.go at v7.0.0 .. v7.3.0", INC_READ },
    [MS_FEATURE_EVAC_RESTORE_EXCLUSION] = {
        MS_FEATURE_EVAC_RESTORE_EXCLUSION, "evacuate-restore-exclusion",
        MS_REL_SINCE(5, 6),
        "evacuate and restore of a member exclude each other; 'Failed to X' messages become 'Failed X-ing'",
        "lxd/api_cluster.go:3100,3194 (lxd-5.21.7); PR #16853",
        MS_INC_NONE, "cmd/incusd/api_cluster_evacuation.go (v6.0.4): no exclusion; 7.x: api_cluster_evacuation.go (v7.0.0 .. v7.3.0): no exclusion", INC_READ },
    [MS_FEATURE_DEST_EVACUATED_CHECK] = {
        MS_FEATURE_DEST_EVACUATED_CHECK, "move-destination-evacuated-check",
        MS_REL_SINCE(5, 6),
        "moving an instance to an evacuated member is refused",
        "lxd/instance_post.go:777 (lxd-5.21.7); PR #16609",
        MS_INC_NONE, "cmd/incusd/instance_post.go (v6.0.4): no evacuated-destination check; 7.x: instance_post.go (v7.0.0 .. v7.3.0): no evacuated-destination check", INC_READ },
    [MS_FEATURE_CT_LIVE_REJECTED] = {
        MS_FEATURE_CT_LIVE_REJECTED, "container-live-migration-rejected",
        MS_REL_SINCE_6(6),
        "live migration of a running container is refused outright instead of failing on CRIU",
        "lxd/migrate_instance.go:43 (HEAD); ada5032655",
        MS_INC_NONE, "internal/server/instance/drivers/driver_lxc.go:5548 (v6.0.4): container live migration goes to CRIU; 7.x: driver_lxc.go:5802 MigrateSend (v7.0.0), :6070 (v7.3.0): CRIU", INC_READ },
    [MS_FEATURE_START_SIZE_STATE] = {
        MS_FEATURE_START_SIZE_STATE, "vm-start-size-state-check",
        MS_REL_V5(MS_SPAN_50_UNTIL(4), MS_SPAN_ALL, MS_SPAN_NONE, MS_SPAN_NONE),
        "a VM with migration.stateful=true needs size.state >= limits.memory at every start",
        "lxd/instance/drivers/driver_qemu.go:959 (lxd-5.0.2); removed 2db6af8c55; the check's text is in the source at lxd-5.0.0 .. lxd-5.0.3 and lxd-5.1 .. lxd-5.20, not at lxd-5.0.4 or lxd-5.21.0 (tools/gen-derived-rules.py, START.SIZE_STATE_502)",
        MS_INC_NONE, "internal/server/instance/drivers/driver_qemu.go (v6.0.4): no size.state start check; 7.x: driver_qemu.go:1313 (v7.0.0), :1342 (v7.3.0): size.state checked for some operations only, not at start", INC_READ },
    [MS_FEATURE_MOVE_COPY_RENAME] = {
        MS_FEATURE_MOVE_COPY_RENAME, "move-copy-rename",
        MS_REL_V5(MS_SPAN_50_UNTIL(3), MS_SPAN_5_UNTIL(12), MS_SPAN_NONE, MS_SPAN_NONE),
        "cluster moves copy to a new record on the target (devices validated as on create)",
        "lxd/instance_post.go (lxd-5.0.2) instancePostClusteringMigrate; MOVE.COPY_DEVICES' text is in the source at lxd-5.0.0 .. lxd-5.0.2 and lxd-5.1 .. lxd-5.11, not at lxd-5.0.3 or lxd-5.12 (tools/gen-derived-rules.py)",
        MS_INC_NONE, "cmd/incusd/instance_post.go:459 (v6.0.4): moves migrate the record; 7.x: instance_post.go:549 migrateInstance (v7.0.0, v7.1.0), :546 (v7.0.1, v7.2.0), :550 (v7.3.0)", INC_READ },
    [MS_FEATURE_AUTOSTART_AFTER_EVACUATE] = {
        MS_FEATURE_AUTOSTART_AFTER_EVACUATE, "evacuate-starts-autostart-instances",
        MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(15), MS_SPAN_ALL, MS_SPAN_ALL),
        "evacuation starts a migrated instance on its target when it should auto-start, not only when it was running",
        "lxd/api_cluster.go evacuateInstances, lxd/instances.go:274 (lxd-5.21.7); lxd/api_cluster.go:3309 'start := isRunning || instanceShouldAutoStart(inst)' (lxd-5.15), :3141 (lxd-5.0.3); absent at lxd-5.14 and lxd-5.0.2",
        MS_INC_ALL, "cmd/incusd/api_cluster_evacuation.go:256, instances.go:202 (v6.0.4); api_cluster.go:3368 (v6.1.0), api_cluster_evacuation.go:228 (v6.4.0), :260 (v6.23.0); 7.x: api_cluster_evacuation.go:352 (v7.0.0, v7.1.0), :375 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_EVAC_QUORUM] = {
        MS_FEATURE_EVAC_QUORUM, "evacuate-quorum-guard",
        MS_REL_SINCE_6(9),
        "evacuating a voter that would cost the cluster its quorum is refused without --force",
        "lxd/api_cluster_member.go:1608,1672 (HEAD); PR #17911",
        MS_INC_NONE, "cmd/incusd/api_cluster.go (v6.0.4): no quorum guard; 7.x: no quorum guard at v7.0.0 .. v7.3.0", INC_READ },
    [MS_FEATURE_EVAC_STAYS_EVACUATED] = {
        MS_FEATURE_EVAC_STAYS_EVACUATED, "evacuate-failure-keeps-evacuated",
        MS_REL_SINCE_6(9),
        "a failed evacuation leaves the member EVACUATED (earlier: back to ONLINE)",
        "lxd/api_cluster_member.go:1779 (HEAD)",
        MS_INC_NONE, "cmd/incusd/api_cluster_evacuation.go:131 (v6.0.4, v6.16.0 .. v6.23.0), :127 (v6.4.0), api_cluster.go:3276 (v6.1.0): the reverter sets the member back to CREATED; 7.x: api_cluster_evacuation.go:223 (v7.0.0, v7.1.0), :246 (v7.0.1, v7.2.0, v7.3.0): back to CREATED", INC_READ },
    [MS_FEATURE_EVAC_ONE_AT_A_TIME] = {
        MS_FEATURE_EVAC_ONE_AT_A_TIME, "evacuate-cluster-wide-exclusion",
        MS_REL_SINCE_6(9),
        "only one member of the cluster may be evacuating at a time",
        "lxd/api_cluster_member.go:1540 (HEAD)",
        MS_INC_NONE, "cmd/incusd/api_cluster_evacuation.go (v6.0.4): no cluster-wide exclusion; 7.x: no cluster-wide exclusion at v7.0.0 .. v7.3.0", INC_READ },
    [MS_FEATURE_CLI_YES_FLAG] = {
        MS_FEATURE_CLI_YES_FLAG, "cli-evacuate-yes",
        MS_REL_SINCE_6(9),
        "lxc cluster evacuate: --yes skips the prompt, --force skips the quorum guard",
        "lxc/cluster.go:1303 (HEAD)",
        MS_INC_NONE, "cmd/incus/cluster.go:1434-1455 (v6.0.4): evacuate has --action and --force only (--action at :1390 v6.1.0, :1491 v6.23.0; --yes only on cluster remove, :694 v6.1.0, :707 v6.23.0); 7.x: evacuate has --action and --force|-f (cli.AddBoolFlag, cluster.go:1502 v7.0.0, :1515 v7.3.0), --yes only on cluster remove (:691 v7.0.0, :694 v7.3.0)", INC_READ },
    [MS_FEATURE_CANMIGRATE_NIL_GUARD] = {
        MS_FEATURE_CANMIGRATE_NIL_GUARD, "disk-canmigrate-nil-pool-guard",
        MS_REL_SINCE_6(8),
        "a host-path disk is simply not migratable (earlier: nil pool dereference in the daemon)",
        "lxd/device/disk.go:90 (HEAD); 2d09341341",
        MS_INC_SINCE(2, 3), "internal/server/device/disk.go:106 (v6.0.4), :105 (v6.4.0), :121 (v6.22.0, v6.23.0): d.pool != nil; absent at v6.0.0, v6.0.1 and v6.1.0, v6.2.0 (disk.go:105 'd.pool.Driver().Info().Remote' at v6.1.0), from v6.0.2 and v6.3.0; 7.x: disk.go:125 (v7.0.0, v7.1.0), :126 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_PLACEMENT_GROUPS] = {
        MS_FEATURE_PLACEMENT_GROUPS, "placement-groups",
        MS_REL_SINCE_6(6),
        "placement groups (policy spread|compact, rigor strict|permissive) filter evacuation targets",
        "lxd/placement/filtering.go, shared/api/placement_group.go (lxd-6.6 .. lxd-6.9); lxd/api_cluster_member.go evacuateClusterSelectTarget (lxd-6.9)",
        MS_INC_NONE, "Incus has no placement groups (placement scriptlets instead, not modelled); 7.x: none at v7.0.0 .. v7.3.0", INC_READ },
    [MS_FEATURE_CREATE_NAME_CHECK_SYNC] = {
        MS_FEATURE_CREATE_NAME_CHECK_SYNC, "create-name-check-sync",
        MS_REL_SINCE(5, 6),
        "POST /1.0/instances refuses a name in use synchronously (409 'Instance \"x\" already exists') instead of failing inside the create operation on the database record",
        "lxd/instances_post.go:1348 (lxd-5.21.5), :1419 (lxd-5.21.7), :1257 (lxd-6.6), :1602 (lxd-6.9); absent at lxd-5.21.4 and lxd-6.5",
        MS_INC_NONE, "not modelled for Incus: cmd/incusd/instances_post.go (v6.0.4); from v6.16.0 (absent at v6.15.0) Incus checks the name in use in the POST handler's transaction, 'Instance %q already exists' (instances_post.go:1142 at v6.16.0, :1245 at v6.23.0): its status is not read, so CREATE.DUPLICATE is not modelled there; 7.x: the same at v7.0.0 .. v7.3.0 (not modelled)", INC_READ },
    [MS_FEATURE_EVACUATE_MODE_HEAL] = {
        MS_FEATURE_EVACUATE_MODE_HEAL, "evacuate-action-heal",
        MS_REL_SINCE(5, 8),
        "evacuate --action=heal is a mode: migrate as CanMigrate says, never live (earlier: an unknown mode, ignored before 5.21.4/6.5, refused on 5.21.4 and 6.5-6.7)",
        "lxd/api_cluster.go:3314 (lxd-5.21.5), :3329 (lxd-5.21.7); lxd/api_cluster_member.go:1631 (lxd-6.8), :1861 (lxd-6.9)",
        MS_INC_NONE, "cmd/incusd/api_cluster.go:2797-2803 (v6.0.4): 'heal' is not an accepted mode (the validator of cluster.evacuate); internal only; 7.x: no heal in internal/instance/config.go at v7.0.0 .. v7.3.0", INC_READ },
    [MS_FEATURE_MOVE_SAME_MEMBER_SYNC] = {
        MS_FEATURE_MOVE_SAME_MEMBER_SYNC, "move-same-member-sync",
        { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), MS_SPAN_FROM(MS_VERSION(6, 8, 0)) },
        "lxc move --target the current member is refused by POST /1.0/instances/NAME itself (lxc: Migration API failure: ...); before, only inside the migration operation, after the backups check",
        "lxd/instance_post.go:386 (lxd-5.21.5 .. lxd-5.21.7), :358 (lxd-6.8), :352 (lxd-6.9); in the operation only: migrateInstance :946 (lxd-5.21.0, lxd-6.1), :968 (lxd-5.21.4, lxd-6.5), :957 (lxd-6.6)",
        MS_INC_ALL, "cmd/incusd/instance_post.go:459 (v6.0.4), synchronous 400; seen on the live 6.0.4 cluster; 7.x: instance_post.go:468 (v7.0.0), :469 (v7.3.0)", INC_READ },
    [MS_FEATURE_MOVE_SAME_MEMBER_UNCHECKED] = {
        MS_FEATURE_MOVE_SAME_MEMBER_UNCHECKED, "move-same-member-unchecked",
        { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 7, 0), MS_VERSION(6, 8, 0)) },
        "lxc move --target the current member is not a cluster move: LXD sets up a pull-mode migration source that nobody connects to",
        "lxd/instance_post.go:339-340 needsClusterMove false, :446-505 newMigrationSource (lxd-6.7); migrateInstance's check at :1131 is unreachable",
        MS_INC_NONE, "cmd/incusd/instance_post.go:459 (v6.0.4) checks it; 7.x: checked at instance_post.go:468 (v7.0.0), :469 (v7.3.0)", INC_READ },
    [MS_FEATURE_MOVE_DEST_FAILURE_FIRST] = {
        MS_FEATURE_MOVE_DEST_FAILURE_FIRST, "move-destination-failure-first",
        { MS_SPAN_NONE, MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)), MS_SPAN_UNTIL(MS_VERSION(6, 2, 0)) },
        "a cluster move waits for the destination's operation before the source's, so a failure on the source is reported as the destination's",
        "lxd/instance_post.go:785 destOp.Wait before :790 srcOp.Wait (lxd-5.21.0 .. lxd-5.21.2, lxd-6.1); swapped at :795/:800 (lxd-5.21.3, lxd-6.2)",
        MS_INC_UNTIL(2, 4), "cmd/incusd/instance_post.go:964 sourceOp.Wait before :969 destOp.Wait (v6.23.0); :812 destOp.Wait before :817 sourceOp.Wait (v6.0.0, v6.0.1, v6.1.0 .. v6.3.0); swapped at :839/:844 (v6.0.2), :935/:940 (v6.0.4), :834/:839 (v6.4.0); 7.x: sourceOp.Wait before destOp.Wait: :969/:974 (v7.0.0, v7.1.0), :964/:969 (v7.0.1, v7.2.0), :977/:982 (v7.3.0)", INC_READ },
    [MS_FEATURE_PROFILE_DISK_LOOKUP] = {
        MS_FEATURE_PROFILE_DISK_LOOKUP, "profile-disk-volume-lookup",
        MS_REL_SINCE(3, 2),
        "a profile's custom volume disk is checked when the profile is edited: the pool and the volume must exist, a block volume must be security.shared",
        "lxd/device/disk.go:458 '(d.inst == nil && instConf.Type() == instancetype.Any && !IsRootDiskDevice)' (lxd-5.21.3, lxd-6.2), :530 (lxd-5.21.7), :525 (lxd-6.9); before (lxd-5.0.x, 5.1 .. 5.20, 5.21.0 .. 5.21.2, 6.1) the pool is loaded only with an instance (:436 at lxd-5.21.2 and lxd-6.1)",
        MS_INC_NONE, "internal/server/device/disk.go:461 (v6.0.4), :294 (v6.0.0), :575 (v6.0.6): the pool and volume are loaded only with an instance (d.inst != nil); seen on the live 6.0.4 cluster: incus profile device add of a disk on a missing pool, of a missing volume and of an un-shared block volume all succeed; the d.inst != nil guard is at :459 (v6.4.0), :522 (v6.16.0), :584 (v6.23.0); 7.x: d.inst != nil guard at disk.go:649 (v7.0.0, v7.1.0), :654 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_ROLES_DOMAIN_SPREAD] = {
        MS_FEATURE_ROLES_DOMAIN_SPREAD, "roles-failure-domain-spread",
        MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(20), MS_SPAN_ALL, MS_SPAN_ALL),
        "the database-role rebalance first moves voters into failure domains that have none, and demotes excess voters from the domains with most",
        "go-dqlite app/roles.go Adjust (v1.21.0, commit 3c6fa66; v2.0.0 and v3.0.0 the same), vendored by go.mod from lxd-5.0.3, lxd-5.20, lxd-5.21.0, lxd-6.1 on (lxd-5.0.2: v1.11.6, without it)",
        MS_INC_NONE, "go.mod requires github.com/cowsql/go-cowsql v1.22.0 (v6.0.0 .. v6.0.6, v6.1.0 .. v6.23.0), whose app/roles.go is go-dqlite v1.11.6's but for the import path: no failure-domain spread; 7.x: go.mod:17 go-cowsql v1.22.0 (v7.0.0 .. v7.3.0)", INC_READ },
    [MS_FEATURE_ROLES_TRIGGER_EXACT] = {
        MS_FEATURE_ROLES_TRIGGER_EXACT, "roles-rebalance-on-excess",
        MS_REL_SINCE(5, 7),
        "the heartbeat also rebalances roles when there are more online voters or stand-bys than cluster.max_voters/max_standby (earlier only when fewer)",
        "lxd/daemon.go:2614 'onlineVoters != maxVoters' (lxd-5.21.5), :2660 (lxd-6.7); '<' at :2592 (lxd-5.21.4), :2600 (lxd-6.6), :2184 (lxd-5.0.2)",
        MS_INC_SINCE(6, 17), "cmd/incusd/daemon.go:2538 'onlineVoters != int(maxVoters)' (v6.0.6), :2542 (v6.17.0), :2559 (v6.22.0); '<' at :2515 (v6.0.5), :2536 (v6.16.0) (incus 45ae831); the database-client role it also checks from v6.0.6/v6.17.0 is not modelled; 7.x: daemon.go:2439 (v7.0.0), :2441 (v7.1.0), :2488 (v7.0.1, v7.2.0), :2537 (v7.3.0)", INC_READ },
    [MS_FEATURE_ROLES_EVACUATED] = {
        MS_FEATURE_ROLES_EVACUATED, "roles-off-evacuated-members",
        MS_REL_SINCE_6(9),
        "an evacuated member's database role goes to a member that is not evacuated (rolesAdjust), and it is demoted to spare; restore makes it a candidate again",
        "lxd/cluster/membership.go:866-1100 rolesAdjust, lxd/daemon.go:2808 hasEvacuatedMemberWithDatabaseRole (lxd-6.9); no such code at lxd-6.8 or lxd-5.21.7",
        MS_INC_NONE, "internal/server/cluster/membership.go (v6.0.4 .. v6.23.0): Rebalance calls go-cowsql's Adjust (:737 at v6.22.0); no evacuated-member check; 7.x: membership.go:737 (v7.0.0), :735 (v7.0.1 .. v7.3.0)", INC_READ },
    [MS_FEATURE_ROLES_VOTER_NAME] = {
        MS_FEATURE_ROLES_VOTER_NAME, "roles-database-voter",
        MS_REL_SINCE_6(7),
        "a voter's role is listed as database-voter (earlier: database), and the leader only as database-leader (earlier: database-leader and database)",
        "lxd/db/node.go:145-161 (lxd-6.7, lxd-6.9); :124-137 (lxd-6.6), :146-159 (lxd-5.21.7)",
        MS_INC_NONE, "internal/server/db/node.go:28-34 (v6.0.4), :29-38 (v6.23.0): database, database-standby, database-leader (and database-client at v6.22.0, v6.23.0, not modelled); no database-voter; 7.x: node.go:29-38 (v7.0.0 .. v7.3.0)", INC_READ },    [MS_FEATURE_VOLUME_MOVE_RENAME] = {
        MS_FEATURE_VOLUME_MOVE_RENAME, "volume-move-renames",
        MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(19), MS_SPAN_ALL, MS_SPAN_ALL),
        "lxc storage volume move inside one pool without --destination-target or --target-project is a rename (earlier: a copy, then a delete of the source)",
        "lxc/storage_volume.go cmdStorageVolumeMove: :1660 (lxd-5.0.3), :1664 (lxd-5.19, 5.20, 5.21.0), :1948 (lxd-5.21.5 .. 5.21.7), :1945 (lxd-6.7 .. 6.9); absent at lxd-5.0.0 .. 5.0.2 and 5.1 .. 5.18 (lxd-5.0.2 seen live: a copy and a delete)",
        MS_INC_ALL, "cmd/incus/storage_volume.go:1801 (v6.0.0), :1851 (v6.0.4), :1732 (v6.23.0); seen on the live 6.0.4 cluster, 2026-12-03 (Renamed storage volume from ...); 7.x: storage_volume.go:1769 (v7.0.0), :1897 (v7.1.0), :1912 (v7.0.1, v7.2.0), :1916 (v7.3.0)", INC_READ },
    [MS_FEATURE_DISK_SOURCE_AGENT] = {
        MS_FEATURE_DISK_SOURCE_AGENT, "disk-source-agent-config",
        MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE),
        "a disk with source=agent:config (the VM agent's config drive) is not a host path; elsewhere it is one, and not absolute",
        "lxd/device/disk.go sourceIsLocalPath: only cloud-init:config, :122-136 (lxd-5.0.2), :137-151 (lxd-5.21.7), :129-143 (lxd-6.9)",
        MS_INC_ALL, "internal/server/device/disk.go:47 diskSourceAgent, sourceIsLocalPath :140-158 (v6.0.0); :48, :146-164 (v6.0.4); :49, :218-240 (v6.23.0); 7.x: disk.go:53 (v7.0.0, v7.1.0), :54 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_DISK_VIRTUAL_MIGRATES] = {
        MS_FEATURE_DISK_VIRTUAL_MIGRATES, "disk-virtual-canmigrate",
        MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE),
        "a pool-less disk with source=cloud-init:config or agent:config migrates (CanMigrate); elsewhere only a root disk or one on a remote pool does",
        "lxd/device/disk.go CanMigrate: root or remote pool only, :90-102 (lxd-5.0.2), :95-107 (lxd-5.21.7), :90-103 (lxd-6.9)",
        MS_INC_SINCE(2, 3), "internal/server/device/disk.go:99-116 CanMigrate (v6.0.4: :110-113 'Virtual disks are migratable'); present from v6.0.2 and v6.3.0 with the nil-pool guard, absent at v6.0.0, v6.0.1, v6.1.0, v6.2.0; 7.x: disk.go:129 (v7.0.0, v7.1.0), :130 (v7.0.1, v7.2.0, v7.3.0)", INC_READ },
    [MS_FEATURE_CLI_COPY_START] = {
        MS_FEATURE_CLI_COPY_START, "cli-copy-start",
        MS_REL_SINCE_6(7),
        "lxc copy --start starts the copy (earlier lxc has no such flag: cobra's 'unknown flag: --start')",
        "lxc/copy.go:68 (lxd-6.7, lxd-6.9); absent at lxd-6.6, lxd-5.21.7 and lxd-5.0.2 (read with git show TAG:lxc/copy.go)",
        MS_INC_NONE, "cmd/incus/copy.go (v6.0.0 .. v6.23.0): no --start flag; 7.x: no --start in cmd/incus/copy.go at v7.0.0 .. v7.3.0", INC_READ },
    [MS_FEATURE_CLI_EVACUATE_FORCE_SHORT] = {
        MS_FEATURE_CLI_EVACUATE_FORCE_SHORT, "cli-evacuate-force-short",
        MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE),
        "cluster evacuate and restore take -f for --force (elsewhere cobra's 'unknown shorthand flag: 'f' in -f')",
        "lxc/cluster.go: evacuate's and restore's --force has no short name at every 5.x and 6.x tag (BoolVar, :1098 lxd-5.0.2, :1314 and :1344 lxd-5.21.7, :1303 and :1333 lxd-6.9; read with git show TAG:lxc/cluster.go at every lxd-5.0.x, 5.x, 5.21.x, 6.x tag)",
        { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 0)) },
        "cmd/incus/cluster.go: cmdClusterEvacuateAction's --force has no short name at v6.0.0 .. v6.0.6 and v6.1.0 .. v6.23.0 (BoolVar, :1498 v6.0.4, :1538 v6.23.0); 7.x: cli.AddBoolFlag \"force|f\" (:1502 v7.0.0, v7.0.1; :1515 v7.3.0), one flag set for evacuate and restore", INC_READ },
    [MS_FEATURE_CLI_QUERY_NO_EMPTY_BODY] = {
        MS_FEATURE_CLI_QUERY_NO_EMPTY_BODY, "cli-query-no-empty-body",
        MS_REL_SINCE(4, 5),
        "lxc query without -d sends no body (earlier lxc sends the JSON string \"\": json.Unmarshal of the empty flag fails and the flag's text is sent as a string)",
        "lxc/query.go:99-106 'if c.flagData != \"\"' (lxd-5.21.7), :96-103 (lxd-6.9); absent at lxd-5.0.0 .. lxd-5.0.9, lxd-5.1 .. lxd-5.20, lxd-5.21.0 .. lxd-5.21.3, lxd-6.1 .. lxd-6.4 (:92-96 at lxd-5.0.2; read with git show TAG:lxc/query.go at every tag; 9e0181b671 on main)",
        MS_INC_NONE, "cmd/incus/query.go:97-102 (v6.0.4): no guard at v6.0.0 .. v6.0.6, v6.1.0 .. v6.23.0 and v7.0.0 .. v7.3.0 (read at every tag)", INC_READ },
    [MS_FEATURE_CLI_QUERY_EOF_RETRY] = {
        MS_FEATURE_CLI_QUERY_EOF_RETRY, "cli-query-eof-retry",
        MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(14), MS_SPAN_ALL, MS_SPAN_ALL),
        "lxc query sends the request again as plain text when the server answers \"EOF\" (with -d null that is the body \"null\", which LXD's backup handler decodes into a nil map and panics on)",
        "lxc/query.go:115 'err.Error() != \"EOF\"' (lxd-5.21.7), :112 (lxd-6.9); first at lxd-5.0.3 and lxd-5.14 (dc3a03227c), absent at lxd-5.0.0 .. lxd-5.0.2 and lxd-5.1 .. lxd-5.13 (git show TAG:lxc/query.go); lxd/instance_backup.go:256-260 at lxd-5.0.2 assigns into the decoded map",
        MS_INC_ALL, "cmd/incus/query.go:111 (v6.0.4): the same retry at every tag read (v6.0.0 .. v6.23.0, v7.0.0 .. v7.3.0)", INC_READ },
    [MS_FEATURE_CLI_PROJECT_DELETE_FORCE] = {
        MS_FEATURE_CLI_PROJECT_DELETE_FORCE, "cli-project-delete-force",
        MS_REL_SINCE(5, 6),
        "lxc project delete --force (-f) asks the server to delete the project with everything in it (earlier lxc has no such flag: cobra's 'unknown flag: --force')",
        "lxc/project.go:204 BoolVarP \"force\", \"f\" (lxd-5.21.5 .. 5.21.7), :212 (lxd-6.6 .. 6.9); absent at every lxd-5.0.x tag, lxd-5.1 .. 5.20, lxd-5.21.0 .. 5.21.4 and lxd-6.1 .. 6.5 (git show TAG:lxc/project.go at every tag)",
        MS_INC_SINCE(1, 2), "cmd/incus/project.go:212 (v6.0.4) BoolVarP \"force\", \"f\", asking for confirmation first (:226-238, :265-270); absent at v6.0.0 and v6.1.0; present at v6.0.1, v6.2.0, v6.3.0, v6.23.0; 7.x: cli.AddBoolFlag \"force|f\" (:208 v7.0.0, v7.3.0)", INC_READ },
    [MS_FEATURE_CLI_GROUP_CREATE_STDIN] = {
        MS_FEATURE_CLI_GROUP_CREATE_STDIN, "cli-group-create-stdin",
        MS_REL_SINCE(3, 2),
        "lxc cluster group create reads a YAML api.ClusterGroupPut from standard input when it is not a terminal and sends its description and members (earlier lxc ignores standard input: the group is created empty)",
        "lxc/cluster_group.go:208-220 'if !termios.IsTerminal(getStdinFd())' (lxd-5.21.7), :203-215 (lxd-6.9); present at lxd-5.21.3 .. 5.21.7 and lxd-6.2 .. 6.9, absent at every lxd-5.0.x tag, lxd-5.1 .. 5.20, lxd-5.21.0 .. 5.21.2 and lxd-6.1 (git show TAG:lxc/cluster_group.go at every tag); lxc 5.0.2 seen ignoring it on the live cluster (2026-12-06)",
        MS_INC_SINCE(1, 1), "cmd/incus/cluster_group.go cmdClusterGroupCreate reads it from v6.0.1 and v6.1.0 (31b921bcfd 'incus/cluster_group: Add yaml support for cluster group create'); absent at v6.0.0; present at v6.0.4, v6.2.0, v6.3.0, v6.23.0; 7.x: present at v7.0.0, v7.3.0", INC_READ },
    [MS_FEATURE_EVAC_ORIGIN_KEPT] = {
        MS_FEATURE_EVAC_ORIGIN_KEPT, "evacuate-keeps-first-origin",
        MS_REL_V5(MS_SPAN_50_FROM(1), MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL),
        "a second evacuation of an evacuated instance keeps its first volatile.evacuate.origin (earlier: overwritten with the member evacuated last, so restoring the first member leaves the instance away)",
        "lxd/api_cluster.go:2939-2942 'if inst.LocalConfig()[\"volatile.evacuate.origin\"] == \"\"' (lxd-5.0.2), :3377-3379 (lxd-5.21.7), lxd/api_cluster_member.go:1909-1911 (lxd-6.9); set unconditionally at lxd-5.0.0 (api_cluster.go:2761); PR #10176: 069f149eda in lxd-5.0.1, 1a1983f7a5 in lxd-5.1",
        MS_INC_ALL, "cmd/incusd/api_cluster.go:3350-3352 (v6.0.0), api_cluster_evacuation.go:371-373 (v7.3.0): set only when empty", INC_READ },
    [MS_FEATURE_LIST_ERROR_TYPE] = {
        MS_FEATURE_LIST_ERROR_TYPE, "list-unanswered-type",
        MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(16), MS_SPAN_ALL, MS_SPAN_ALL),
        "GET /1.0/instances gives an instance whose member does not answer its type (earlier: no type, which lxc list prints as CONTAINER)",
        "lxd/instances_get.go:317-321 'Type: inst.Type.String()' (lxd-5.0.3), :318-321 (lxd-5.16), :320-327 (lxd-5.21.7), :319-326 (lxd-6.9); absent at lxd-5.0.2 (:339-345, :354-360) and lxd-5.15; LXD #11947, PR #11967 (b4199b2e76 in lxd-5.0.3, b30784f901 in lxd-5.16)",
        MS_INC_ALL, "cmd/incusd/instances_get.go:327-331 (v6.0.0), :298-305 (v7.3.0): Type set", INC_READ },
};
/* clang-format on */

G_STATIC_ASSERT(G_N_ELEMENTS(features) == MS_FEATURE_LAST);

static const MsSpan *
series_span(const MsReleases *releases, MsVersion version)
{
    if (MS_VERSION_IS_INCUS(version)) {
        if (MS_VERSION_MAJOR(version) == 6 && MS_VERSION_MINOR(version) == 0)
            return &releases->incus.lts60;
        /* 7.0.P (P > 0): the 7.0 branch where it was set, else the feature
         * line (7.0.0 is main after v6.23.0) */
        if (MS_VERSION_MAJOR(version) == 7 && MS_VERSION_MINOR(version) == 0 &&
            MS_VERSION_PATCH(version) > 0 &&
            (releases->incus.lts70.from != 0 || releases->incus.lts70.until != 0))
            return &releases->incus.lts70;
        return &releases->incus.v6;
    }
    if (MS_VERSION_MAJOR(version) == 5 && MS_VERSION_MINOR(version) == 0)
        return &releases->lts50;
    if (MS_VERSION_MAJOR(version) == 5 && MS_VERSION_MINOR(version) == 21)
        return &releases->lts521;
    if (MS_VERSION_MAJOR(version) == 5 && MS_VERSION_MINOR(version) < 21)
        return &releases->v5;
    if (MS_VERSION_MAJOR(version) == 6)
        return &releases->v6;
    return NULL;
}

gboolean
ms_releases_contain(const MsReleases *releases, MsVersion version)
{
    const MsSpan *span = series_span(releases, version);

    if (span == NULL || span->from == 0)
        return FALSE;
    if (version < span->from)
        return FALSE;
    return span->until == 0 || version < span->until;
}

/* 5.1 .. 5.20: the monthly feature releases between the 5.0 and 5.21 LTS. */
static gboolean
is_feature_release(MsVersion version)
{
    return !MS_VERSION_IS_INCUS(version) && MS_VERSION_MAJOR(version) == 5 &&
           MS_VERSION_MINOR(version) >= 1 && MS_VERSION_MINOR(version) <= 20;
}

char *
ms_version_to_string(MsVersion version)
{
    if (MS_VERSION_IS_INCUS(version))
        return g_strdup_printf("incus %u.%u.%u", MS_VERSION_MAJOR(version), MS_VERSION_MINOR(version),
                               MS_VERSION_PATCH(version));
    if ((MS_VERSION_MAJOR(version) >= 6 || is_feature_release(version)) && MS_VERSION_PATCH(version) == 0)
        return g_strdup_printf("%u.%u", MS_VERSION_MAJOR(version), MS_VERSION_MINOR(version));
    return g_strdup_printf("%u.%u.%u", MS_VERSION_MAJOR(version), MS_VERSION_MINOR(version),
                           MS_VERSION_PATCH(version));
}

/* Describes the releases as the earliest and latest simulated release of each
 * series that the set contains, e.g. "5.21.3-5.21.7, 6.2-6.9". */
static char *
describe(const MsReleases *releases, gboolean derived)
{
    g_autoptr(GString) out = g_string_new(NULL);
    guint n_in = 0;
    MsVersion first = 0, last = 0;
    guint prev_series = G_MAXUINT;

    for (guint i = 0; i <= G_N_ELEMENTS(profiles); i++) {
        const MsProfile *p = i < G_N_ELEMENTS(profiles) ? &profiles[i] : NULL;
        guint series = p == NULL ? G_MAXUINT - 1
                       : MS_VERSION_IS_INCUS(p->version)
                           ? 2000 + (MS_VERSION_MINOR(p->version) == 0) * (MS_VERSION_MAJOR(p->version) - 5)
                       : is_feature_release(p->version)    ? 1
                       : MS_VERSION_MAJOR(p->version) == 5 ? MS_VERSION_MINOR(p->version)
                                                           : 1000;
        gboolean in = p && ms_releases_contain(releases, p->version);

        /* the derived releases are described by the source audit table */
        if (p != NULL && ms_profile_is_derived(p) && !derived)
            continue;

        if ((series != prev_series || !in) && first != 0) {
            g_autofree char *a = ms_version_to_string(first);
            g_autofree char *b = ms_version_to_string(last);
            if (out->len)
                g_string_append(out, ", ");
            if (first == last)
                g_string_append(out, a);
            else
                g_string_append_printf(out, "%s-%s", a, b);
            first = 0;
        }
        if (in) {
            if (first == 0)
                first = p->version;
            last = p->version;
            n_in++;
        }
        prev_series = series;
    }
    {
        guint n_incus = 0, in_incus = 0, n_derived = 0;
        for (guint i = 0; i < G_N_ELEMENTS(profiles); i++)
            if (!derived && ms_profile_is_derived(&profiles[i]))
                n_derived++;
            else if (ms_profile_is_incus(&profiles[i])) {
                n_incus++;
                in_incus += ms_releases_contain(releases, profiles[i].version);
            }
        /* "all" names every LXD release: LXD and Incus sets never mix */
        if (in_incus == 0 && n_in == G_N_ELEMENTS(profiles) - n_incus - n_derived)
            return g_strdup("all");
        if (in_incus == n_incus && n_in == n_incus)
            return g_strdup("all Incus");
    }
    if (n_in == 0)
        return g_strdup("none");
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* The hand-audited releases only (5.0.2, 5.21.x, 6.x, Incus): the rule
 * table's spans; the derived releases are described by the source audit. */
char *
ms_releases_describe(const MsReleases *releases)
{
    return describe(releases, FALSE);
}

char *
ms_releases_describe_all(const MsReleases *releases)
{
    return describe(releases, TRUE);
}

const MsProfile *
ms_profiles(guint *n_profiles)
{
    *n_profiles = G_N_ELEMENTS(profiles);
    return profiles;
}

gboolean
ms_profile_is_incus(const MsProfile *profile)
{
    return MS_VERSION_IS_INCUS(profile->version);
}

gboolean
ms_profile_is_derived(const MsProfile *profile)
{
    MsVersion v = profile->version;

    if (MS_VERSION_IS_INCUS(v) || MS_VERSION_MAJOR(v) != 5)
        return FALSE;
    return is_feature_release(v) || (MS_VERSION_MINOR(v) == 0 && MS_VERSION_PATCH(v) != 2);
}

const char *
ms_profile_product(const MsProfile *profile)
{
    return ms_profile_is_incus(profile) ? "Incus" : "LXD";
}

const MsProfile *
ms_profile_latest(void)
{
    for (guint i = G_N_ELEMENTS(profiles); i-- > 0;)
        if (!ms_profile_is_incus(&profiles[i]))
            return &profiles[i];
    g_assert_not_reached();
}

char *
ms_profile_suggest_hint(const char *name)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (guint i = 0; i < G_N_ELEMENTS(profiles); i++)
        g_ptr_array_add(names, (gpointer) profiles[i].name);
    {
        const char *best = ms_suggest_within(name, names, 1);
        return best != NULL ? g_strdup_printf(" (did you mean '%s'?)", best) : g_strdup("");
    }
}

const MsProfile *
ms_profile_lookup(const char *name)
{
    gboolean incus = g_str_has_prefix(name, "incus-");
    const char *bare = incus ? name + 6 : g_str_has_prefix(name, "lxd-") ? name + 4 : name;
    const MsProfile *latest_in_series = NULL;
    g_autofree char *series = NULL;

    if (g_str_has_suffix(bare, ".x"))
        series = g_strndup(bare, strlen(bare) - 2);

    for (guint i = 0; i < G_N_ELEMENTS(profiles); i++) {
        const char *pname;

        if (ms_profile_is_incus(&profiles[i]) != incus)
            continue;
        pname = profiles[i].name + (incus ? 6 : 4);
        if (series == NULL) {
            /* the common prefix of the two names, walked once: equal names,
             * or "6.9.0" for "6.9" (pname + ".0", compared without
             * building it: every release set of the corpus asks for each
             * profile) */
            gsize k = 0;

            while (pname[k] != '\0' && pname[k] == bare[k])
                k++;
            if (pname[k] != '\0')
                continue;
            if (bare[k] == '\0')
                return &profiles[i];
            if ((!strchr(pname + 2, '.') || MS_VERSION_MAJOR(profiles[i].version) >= 6) &&
                g_str_equal(bare + k, ".0"))
                return &profiles[i];
        } else if (!incus && g_str_equal(series, "5")) {
            /* "lxd-5.x": the feature releases 5.1 .. 5.20 */
            if (is_feature_release(profiles[i].version))
                latest_in_series = &profiles[i];
        } else {
            g_autofree char *prefix = g_strdup_printf("%s.", series);
            if (g_str_has_prefix(pname, prefix))
                latest_in_series = &profiles[i];
        }
    }
    return latest_in_series;
}

const MsFeatureDef *
ms_feature_def(MsFeature feature)
{
    g_return_val_if_fail(feature < MS_FEATURE_LAST, NULL);
    return &features[feature];
}

/* Whether @profile's release has @feature, read from the feature table's
 * spans (the LXD span, or the Incus one for an Incus release). */
static gboolean
profile_has_by_span(const MsProfile *profile, MsFeature feature)
{
    const MsFeatureDef *def = ms_feature_def(feature);

    if (ms_profile_is_incus(profile)) {
        MsReleases incus = MS_REL_INCUS(def->incus);
        return ms_releases_contain(&incus, profile->version);
    }
    return ms_releases_contain(&def->releases, profile->version);
}

G_STATIC_ASSERT(G_N_ELEMENTS(profiles) < 128);

static guint
profile_index(const MsProfile *profile)
{
    return (guint) (profile - profiles);
}

gint
ms_profile_slot(const MsProfile *profile)
{
    guintptr p = (guintptr) profile;

    if (p < (guintptr) profiles || p >= (guintptr) (profiles + G_N_ELEMENTS(profiles)))
        return -1;
    return (gint) profile_index(profile);
}

/* Which features each release has, one bit per feature, a release's row
 * made on the first ask for that release by profile_has_by_span itself:
 * each bit is that function's answer for that release, so the table is a
 * cache of a pure function of two static tables, not a second source.
 * The rolling bench asks ms_profile_has about five times a move (issue
 * 18), at about 50 instructions a span walk; a row is one load and a
 * shift.  A row per release, not the whole table, so that a run asks
 * only its own releases' spans. */
#define FEATURE_WORDS ((MS_FEATURE_LAST + 63) / 64)
static guint64 feature_rows[G_N_ELEMENTS(profiles)][FEATURE_WORDS];
static gsize feature_rows_made[G_N_ELEMENTS(profiles)];

static const guint64 *
feature_row(guint slot)
{
    if (g_once_init_enter(&feature_rows_made[slot])) {
        for (guint f = 0; f < MS_FEATURE_LAST; f++)
            if (profile_has_by_span(&profiles[slot], (MsFeature) f))
                feature_rows[slot][f / 64] |= G_GUINT64_CONSTANT(1) << (f % 64);
        g_once_init_leave(&feature_rows_made[slot], 1);
    }
    return feature_rows[slot];
}

gboolean
ms_profile_has(const MsProfile *profile, MsFeature feature)
{
    gint slot = ms_profile_slot(profile);

    g_return_val_if_fail(feature < MS_FEATURE_LAST, FALSE);
    if (slot < 0)
        return profile_has_by_span(profile, feature);
    return (feature_row((guint) slot)[feature / 64] >> (feature % 64)) & 1;
}

gboolean
ms_profile_has_by_span(const MsProfile *profile, MsFeature feature)
{
    return profile_has_by_span(profile, feature);
}

gboolean
ms_release_mask_has(MsReleaseMask mask, const MsProfile *profile)
{
    return (mask >> profile_index(profile)) & 1;
}

MsReleaseMask
ms_release_mask_all(void)
{
    return (((MsReleaseMask) 1) << G_N_ELEMENTS(profiles)) - 1;
}

MsReleaseMask
ms_release_mask_product(gboolean incus)
{
    MsReleaseMask mask = 0;

    for (guint i = 0; i < G_N_ELEMENTS(profiles); i++)
        if (ms_profile_is_incus(&profiles[i]) == incus)
            mask |= ((MsReleaseMask) 1) << i;
    return mask;
}

const MsProfile *
ms_release_mask_latest(MsReleaseMask mask)
{
    for (guint i = G_N_ELEMENTS(profiles); i-- > 0;)
        if ((mask >> i) & 1)
            return &profiles[i];
    return NULL;
}

/* One release named exactly (no series alias), with or without "lxd-";
 * @incus: the item started with "incus-" (the prefix is optional after "..").*/
static const MsProfile *
exact_release(const char *name, gboolean incus)
{
    g_autofree char *full = NULL;

    if (g_str_has_suffix(name, ".x"))
        return NULL;
    if (incus && !g_str_has_prefix(name, "incus-"))
        name = full = g_strconcat("incus-", name, NULL);
    if (!incus && g_str_has_prefix(name, "incus-"))
        return NULL;
    return ms_profile_lookup(name);
}

/* 5.0.x, 5.1 .. 5.20, 5.21.x and 6.x are separate branches. */
static gboolean
same_series(MsVersion a, MsVersion b)
{
    if (MS_VERSION_IS_INCUS(a) != MS_VERSION_IS_INCUS(b))
        return FALSE;
    /* Incus: "incus-6.0.P+" is 6.0.x, "incus-7.0.P+" 7.0.x (LTS branches);
     * "incus-6.M+" the feature line from 6.M on, 7.x included (7.0.0 was
     * tagged on main after v6.23.0, 7.0.1 holds backports of 7.1 and 7.2) */
    if (MS_VERSION_IS_INCUS(b) && MS_VERSION_MINOR(b) == 0)
        return MS_VERSION_MINOR(a) == 0 && MS_VERSION_MAJOR(a) == MS_VERSION_MAJOR(b);
    if (MS_VERSION_IS_INCUS(b))
        return !(MS_VERSION_MAJOR(a) == 6 && MS_VERSION_MINOR(a) == 0);
    if (MS_VERSION_MAJOR(a) != MS_VERSION_MAJOR(b))
        return FALSE;
    if (is_feature_release(a) || is_feature_release(b))
        return is_feature_release(a) && is_feature_release(b);
    return MS_VERSION_MAJOR(a) >= 6 || MS_VERSION_MINOR(a) == MS_VERSION_MINOR(b);
}

static gboolean
parse_item(const char *item, MsReleaseMask *mask, GError **error)
{
    const char *dots = strstr(item, "..");
    gboolean incus = g_str_has_prefix(item, "incus-");
    const char *bare = incus ? item + 6 : g_str_has_prefix(item, "lxd-") ? item + 4 : item;
    gsize len = strlen(item);

    if (!g_str_has_prefix(item, "lxd-") && !incus)
        return ms_throw(error, MS_ERROR_INVALID, "release '%s' must start with 'lxd-' or 'incus-'", item);
    if (dots != NULL) {
        g_autofree char *first_name = g_strndup(item, dots - item);
        const MsProfile *first = exact_release(first_name, incus);
        const MsProfile *last = exact_release(dots + 2, incus);

        if (first == NULL || last == NULL)
            return ms_throw(error, MS_ERROR_NOT_FOUND,
                            "unknown release '%s' in range '%s' (see 'migsim profiles')",
                            first == NULL ? first_name : dots + 2, item);
        if (last->version < first->version)
            return ms_throw(error, MS_ERROR_INVALID, "range '%s' ends before it starts", item);
        for (guint i = 0; i < G_N_ELEMENTS(profiles); i++)
            if (profiles[i].version >= first->version && profiles[i].version <= last->version &&
                ms_profile_is_incus(&profiles[i]) == incus)
                *mask |= ((MsReleaseMask) 1) << i;
        return TRUE;
    }
    if (len > 0 && item[len - 1] == '+') {
        g_autofree char *name = g_strndup(item, len - 1);
        const MsProfile *first = exact_release(name, incus);

        if (first == NULL)
            return ms_throw(error, MS_ERROR_NOT_FOUND, "unknown release '%s' (see 'migsim profiles')", name);
        /* LTS series are branches: 5.21.5+ does not hold 6.1 */
        for (guint i = 0; i < G_N_ELEMENTS(profiles); i++)
            if (profiles[i].version >= first->version && same_series(profiles[i].version, first->version))
                *mask |= ((MsReleaseMask) 1) << i;
        return TRUE;
    }
    if (g_str_has_suffix(bare, ".x")) {
        g_autofree char *prefix = g_strndup(item, len - 1); /* "lxd-5.21." */
        gboolean feature_line = g_str_equal(item, "lxd-5.x");
        gboolean any = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS(profiles); i++)
            if (feature_line ? is_feature_release(profiles[i].version)
                             : g_str_has_prefix(profiles[i].name, prefix)) {
                *mask |= ((MsReleaseMask) 1) << i;
                any = TRUE;
            }
        if (!any)
            return ms_throw(error, MS_ERROR_NOT_FOUND, "no simulated release in series '%s'", item);
        return TRUE;
    }
    {
        const MsProfile *one = exact_release(item, incus);
        if (one == NULL)
            return ms_throw(error, MS_ERROR_NOT_FOUND, "unknown release '%s' (see 'migsim profiles')", item);
        *mask |= ((MsReleaseMask) 1) << profile_index(one);
    }
    return TRUE;
}

gboolean
ms_release_mask_parse(const char *text, MsReleaseMask *mask, GError **error)
{
    g_auto(GStrv) items = g_strsplit(text, ",", -1);

    *mask = 0;
    if (items[0] == NULL)
        return ms_throw(error, MS_ERROR_INVALID, "empty release set");
    for (guint i = 0; items[i] != NULL; i++) {
        g_autofree char *item = g_strstrip(g_strdup(items[i]));
        if (*item == '\0')
            return ms_throw(error, MS_ERROR_INVALID, "empty item in release set '%s'", text);
        if (!parse_item(item, mask, error))
            return FALSE;
    }
    return TRUE;
}
