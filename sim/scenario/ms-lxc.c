/* migsim: the `lxc` command line, as the lxc client parses it, into MsOp, and
 * back (ms_op_to_command).
 *
 * One table row per command (ms_lxc_verbs[] below): its words, options, argument
 * slots and usage.  Parsing is a look-up plus one generic binder; printing
 * walks the same row, so every command printed parses back to the same op.
 * Only the commands and options migsim simulates are accepted; anything else
 * is an error naming the command or option, so a scenario never silently
 * skips a step. */
#include "ms-lxc-verbs.h"
#include "ms-suggest.h"

#include <string.h>

/* ---- the verb table ---- */

static gboolean bind_init(const MsLxcBinding *b, GError **error);
static gboolean bind_rebuild(const MsLxcBinding *b, GError **error);
static gboolean bind_config_set(const MsLxcBinding *b, GError **error);
static gboolean bind_config_key(const MsLxcBinding *b, GError **error);
static gboolean bind_volume_attach(const MsLxcBinding *b, GError **error);
static gboolean bind_list(const MsLxcBinding *b, GError **error);
static gboolean check_move(const MsLxcBinding *b, GError **error);
static gboolean check_volume_type(const MsLxcBinding *b, GError **error);
static gboolean check_volume_copy(const MsLxcBinding *b, GError **error);
static gboolean check_image_copy(const MsLxcBinding *b, GError **error);
static MsOp *parse_query(char **argv, GError **error);
static gboolean bind_incus_snapshot(const MsLxcBinding *b, GError **error);
static gboolean bind_storage_list(const MsLxcBinding *b, GError **error);

/* lxc/move.go:58-68 at lxd-5.0.2 (--mode and --allow-inconsistent are not taken) */
#define MOVE_OPTIONS                                                                              \
    (MS_OPT_TARGET | MS_OPT_TARGET_PROJECT | MS_OPT_STATELESS | MS_OPT_QUIET | MS_OPT_STORAGE |   \
     MS_OPT_PROFILE | MS_OPT_NO_PROFILES | MS_OPT_CONFIG | MS_OPT_DEVICE | MS_OPT_INSTANCE_ONLY | \
     MS_OPT_MODE)

#define INIT_OPTIONS                                                                              \
    (MS_OPT_TARGET | MS_OPT_STORAGE | MS_OPT_PROFILE | MS_OPT_CONFIG | MS_OPT_VM | MS_OPT_EMPTY | \
     MS_OPT_NO_PROFILES | MS_OPT_QUIET | MS_OPT_DEVICE | MS_OPT_NETWORK)

/* Every `lxc` command migsim simulates.  The first row of a kind is how
 * ms_op_to_command spells it.  Sources: the lxc/ command files at the release tags.
 * The same rows are the `incus` commands (cmd/incus/ at v6.0.4): .incus when
 * Incus spells them otherwise (create with the alias init, snapshot create),
 * MS_LXC_NO_INCUS when Incus has none (placement groups); aliases as lxc's
 * unless .incus_alias says (cluster evacuate's evac, cmd/incus/cluster.go:1450). */
/* clang-format off */
const MsLxcVerb ms_lxc_verbs[] = {
    /* instances (lxc/init.go, launch.go, action.go, delete.go, move.go, copy.go, snapshot.go, restore.go) */
    { "init", NULL, MS_OP_INIT, INIT_OPTIONS, 2, 2, { MS_SLOT_IMAGE, MS_SLOT_INSTANCE }, MS_TAIL_NONE,
      "IMAGE NAME [options]", .bind = bind_init, .print = ms_lxc_print_init, .incus = "create", .incus_alias = "init" },
    { "launch", NULL, MS_OP_INIT, INIT_OPTIONS, 2, 2, { MS_SLOT_IMAGE, MS_SLOT_INSTANCE }, MS_TAIL_NONE,
      "IMAGE NAME [options]", .launches = TRUE, .bind = bind_init, .print = ms_lxc_print_init },
    /* lxc/action.go:114-118 at lxd-5.0.2, :140-145 at lxd-5.21.7, :136-141 at lxd-6.9, cmd/incus/action.go:163-167
     * at v6.0.4: --stateful is stop's, --stateless start's; restart has neither */
    { "start", NULL, MS_OP_START, MS_OPT_STATELESS | MS_OPT_QUIET, 1, MS_LXC_MANY, { MS_SLOT_END }, MS_TAIL_INSTANCES, "NAME... [--stateless]",
      .unknown = MS_OPT_STATEFUL },
    { "stop", NULL, MS_OP_STOP, MS_OPT_FORCE | MS_OPT_STATEFUL | MS_OPT_QUIET, 1, MS_LXC_MANY, { MS_SLOT_END }, MS_TAIL_INSTANCES, "NAME...",
      .unknown = MS_OPT_STATELESS },
    { "restart", NULL, MS_OP_RESTART, MS_OPT_FORCE | MS_OPT_QUIET, 1, MS_LXC_MANY, { MS_SLOT_END }, MS_TAIL_INSTANCES, "NAME...",
      .unknown = MS_OPT_STATEFUL | MS_OPT_STATELESS },
    { "delete", "rm", MS_OP_DELETE, MS_OPT_FORCE | MS_OPT_QUIET, 1, MS_LXC_MANY, { MS_SLOT_END }, MS_TAIL_INSTANCES, "NAME..." },
    { "move", "mv", MS_OP_MOVE, MOVE_OPTIONS, 1, 2, { MS_SLOT_INSTANCE, MS_SLOT_NEW_NAME }, MS_TAIL_NONE,
      "NAME [NEWNAME] --target MEMBER|@GROUP | --target-project PROJECT [--stateless] | NAME NEWNAME (a rename)",
      .check = check_move },
    { "snapshot", NULL, MS_OP_SNAPSHOT, MS_OPT_STATEFUL | MS_OPT_QUIET | MS_OPT_DISK_VOLUMES, 1, 2, { MS_SLOT_INSTANCE, MS_SLOT_SNAPSHOT }, MS_TAIL_NONE,
      "INSTANCE [SNAPSHOT] [--stateful] [--disk-volumes MODE]", .incus = "snapshot create" },
    { "restore", NULL, MS_OP_SNAPSHOT_RESTORE, MS_OPT_STATEFUL | MS_OPT_QUIET | MS_OPT_DISK_VOLUMES, 2, 2, { MS_SLOT_INSTANCE, MS_SLOT_SNAPSHOT }, MS_TAIL_NONE,
      "INSTANCE SNAPSHOT [--stateful] [--disk-volumes MODE]", .incus = "snapshot restore" },
    /* lxc/rebuild.go (lxd-5.15+; 6.7's --target-project is not taken): [IMAGE] NAME */
    { "rebuild", NULL, MS_OP_REBUILD, MS_OPT_EMPTY | MS_OPT_FORCE | MS_OPT_QUIET, 1, 2, { MS_SLOT_IMAGE, MS_SLOT_INSTANCE }, MS_TAIL_NONE,
      "[IMAGE] NAME [--empty] [--force]", .bind = bind_rebuild, .print = ms_lxc_print_rebuild },
    /* -c/--config and -d/--device: lxc/copy.go:53-54 at lxd-5.0.2; -s/--storage
     * :60 (lxd-5.0.2), :62 (lxd-5.21.7, lxd-6.9); --target-project :62 at
     * lxd-5.0.2; --start :68 at lxd-6.9, from lxd-6.7 (absent at lxd-6.6,
     * 5.21.7, 5.0.2 and every Incus): the model answers cobra's unknown flag
     * where lxc lacks it; --mode :57 at lxd-5.0.2, :59 at lxd-5.21.7 and
     * lxd-6.9, cmd/incus/copy.go:57 at v6.0.4 (MsOp.transfer_mode); -p/--profile
     * and --no-profiles :55,63 at lxd-5.0.2, :57,65 at lxd-5.21.7 and lxd-6.9
     * (parsed, answered "not modelled": model/ms-apply.c) */
    { "copy", "cp", MS_OP_COPY,
      MS_OPT_TARGET | MS_OPT_STATELESS | MS_OPT_INSTANCE_ONLY | MS_OPT_REFRESH | MS_OPT_QUIET | MS_OPT_CONFIG | MS_OPT_DEVICE |
      MS_OPT_STORAGE | MS_OPT_TARGET_PROJECT | MS_OPT_START | MS_OPT_MODE | MS_OPT_PROFILE | MS_OPT_NO_PROFILES, 2, 2,
      { MS_SLOT_SOURCE, MS_SLOT_NEW_NAME }, MS_TAIL_NONE,
      "SOURCE[/SNAPSHOT] NAME [--target MEMBER] [--stateless] [--instance-only] [--refresh] [-s POOL] [--start] "
      "[-c KEY=VALUE...] [-d DEVICE,KEY=VALUE...] [--target-project PROJECT] [--mode pull|push|relay]" },
    { "list", "ls", MS_OP_LIST, MS_OPT_COLUMNS | MS_OPT_FORMAT | MS_OPT_FAST, 0, MS_LXC_MANY, { MS_SLOT_END }, MS_TAIL_NONE,
      "[FILTER...] [-c COLUMNS] [--format table|csv|compact|json|yaml]", .bind = bind_list, .print = ms_lxc_print_list },
    { "query", NULL, MS_OP_BACKUP_CREATE, 0, 0, 0, { MS_SLOT_END }, MS_TAIL_NONE, "", .raw = parse_query,
      .print = ms_lxc_print_query },

    /* instance and server configuration (lxc/config.go, config_device.go) */
    { "config set", NULL, MS_OP_CONFIG_SET, 0, 1, MS_LXC_MANY, { MS_SLOT_INSTANCE }, MS_TAIL_SET_PAIRS,
      "[NAME] KEY VALUE | [NAME] KEY=VALUE...", .bind = bind_config_set },
    { "config unset", NULL, MS_OP_CONFIG_UNSET, 0, 1, 2, { MS_SLOT_INSTANCE, MS_SLOT_KEY }, MS_TAIL_NONE, "[NAME] KEY",
      .bind = bind_config_key },
    /* the YAML on lxc's standard input, as profile edit (an instance only:
     * the server's config and a snapshot's are not modelled) */
    { "config edit", NULL, MS_OP_CONFIG_EDIT, 0, 1, 1, { MS_SLOT_INSTANCE }, MS_TAIL_NONE, "NAME < FILE" },
    { "config get", NULL, MS_OP_CONFIG_GET, 0, 1, 2, { MS_SLOT_INSTANCE, MS_SLOT_KEY }, MS_TAIL_NONE, "[NAME] KEY",
      .bind = bind_config_key },
    { "config device add", NULL, MS_OP_DEVICE_ADD, 0, 3, MS_LXC_MANY, { MS_SLOT_INSTANCE, MS_SLOT_DEVICE, MS_SLOT_DEVICE_TYPE },
      MS_TAIL_PAIRS, "NAME DEVICE TYPE [KEY=VALUE...]" },
    { "config device remove", "config device rm", MS_OP_DEVICE_REMOVE, 0, 2, 2, { MS_SLOT_INSTANCE, MS_SLOT_DEVICE },
      MS_TAIL_NONE, "NAME DEVICE" },
    { "config device set", NULL, MS_OP_DEVICE_SET, 0, 3, MS_LXC_MANY, { MS_SLOT_INSTANCE, MS_SLOT_DEVICE }, MS_TAIL_SET_PAIRS,
      "NAME DEVICE KEY=VALUE... | NAME DEVICE KEY VALUE" },
    /* lxc/config_device.go cmdConfigDeviceUnset: a set to "" (:745-754 at lxd-5.0.2) */
    { "config device unset", NULL, MS_OP_DEVICE_UNSET, 0, 3, 3, { MS_SLOT_INSTANCE, MS_SLOT_DEVICE, MS_SLOT_KEY }, MS_TAIL_NONE,
      "NAME DEVICE KEY" },
    { "config device override", NULL, MS_OP_DEVICE_OVERRIDE, 0, 3, MS_LXC_MANY, { MS_SLOT_INSTANCE, MS_SLOT_DEVICE }, MS_TAIL_PAIRS,
      "NAME DEVICE KEY=VALUE..." },

    /* profiles (lxc/profile.go) */
    { "profile create", NULL, MS_OP_PROFILE_CREATE, 0, 1, 1, { MS_SLOT_PROFILE }, MS_TAIL_NONE, "PROFILE" },
    { "profile delete", NULL, MS_OP_PROFILE_DELETE, 0, 1, 1, { MS_SLOT_PROFILE }, MS_TAIL_NONE, "PROFILE" },
    { "profile set", NULL, MS_OP_PROFILE_SET, 0, 2, MS_LXC_MANY, { MS_SLOT_PROFILE }, MS_TAIL_SET_PAIRS,
      "PROFILE KEY VALUE | PROFILE KEY=VALUE..." },
    { "profile unset", NULL, MS_OP_PROFILE_UNSET, 0, 2, 2, { MS_SLOT_PROFILE, MS_SLOT_KEY }, MS_TAIL_NONE, "PROFILE KEY" },
    { "profile add", NULL, MS_OP_PROFILE_ASSIGN, 0, 2, 2, { MS_SLOT_INSTANCE, MS_SLOT_PROFILE }, MS_TAIL_NONE,
      "INSTANCE PROFILE" },
    { "profile remove", NULL, MS_OP_PROFILE_UNASSIGN, 0, 2, 2, { MS_SLOT_INSTANCE, MS_SLOT_PROFILE }, MS_TAIL_NONE,
      "INSTANCE PROFILE" },
    { "profile copy", "profile cp", MS_OP_PROFILE_COPY, MS_OPT_TARGET_PROJECT, 2, 2,
      { MS_SLOT_PROFILE, MS_SLOT_NEW_NAME }, MS_TAIL_NONE, "PROFILE NEWNAME [--target-project PROJECT]" },
    /* lxc/profile.go:721-760 at lxd-5.0.2 (alias mv), :971 at lxd-5.21.7, :933 at lxd-6.9 */
    { "profile rename", "profile mv", MS_OP_PROFILE_RENAME, MS_OPT_QUIET, 2, 2, { MS_SLOT_PROFILE, MS_SLOT_NEW_NAME },
      MS_TAIL_NONE, "PROFILE NEWNAME" },
    /* the YAML on lxc's standard input: ms-scenario.c, ms-shell.c */
    { "profile edit", NULL, MS_OP_PROFILE_EDIT, 0, 1, 1, { MS_SLOT_PROFILE }, MS_TAIL_NONE, "PROFILE < FILE" },
    { "profile device add", NULL, MS_OP_PROFILE_DEVICE_ADD, 0, 3, MS_LXC_MANY, { MS_SLOT_PROFILE, MS_SLOT_DEVICE, MS_SLOT_DEVICE_TYPE },
      MS_TAIL_PAIRS, "PROFILE DEVICE TYPE [KEY=VALUE...]" },
    { "profile device remove", "profile device rm", MS_OP_PROFILE_DEVICE_REMOVE, 0, 2, 2,
      { MS_SLOT_PROFILE, MS_SLOT_DEVICE }, MS_TAIL_NONE, "PROFILE DEVICE" },
    /* lxc profile device set|unset: cmdConfigDevice with its profile
     * (lxc/profile.go:53 at lxd-5.0.2) */
    { "profile device set", NULL, MS_OP_PROFILE_DEVICE_SET, 0, 3, MS_LXC_MANY, { MS_SLOT_PROFILE, MS_SLOT_DEVICE }, MS_TAIL_SET_PAIRS,
      "PROFILE DEVICE KEY=VALUE... | PROFILE DEVICE KEY VALUE" },
    { "profile device unset", NULL, MS_OP_PROFILE_DEVICE_UNSET, 0, 3, 3, { MS_SLOT_PROFILE, MS_SLOT_DEVICE, MS_SLOT_KEY }, MS_TAIL_NONE,
      "PROFILE DEVICE KEY" },

    /* storage (lxc/storage.go, storage_volume.go) */
    { "storage create", NULL, MS_OP_STORAGE_CREATE, MS_OPT_TARGET, 2, MS_LXC_MANY, { MS_SLOT_POOL, MS_SLOT_DRIVER }, MS_TAIL_PAIRS,
      "POOL DRIVER [KEY=VALUE...] [--target MEMBER]" },
    { "storage set", NULL, MS_OP_STORAGE_SET, 0, 2, MS_LXC_MANY, { MS_SLOT_POOL }, MS_TAIL_SET_PAIRS,
      "POOL KEY VALUE | POOL KEY=VALUE..." },
    { "storage unset", NULL, MS_OP_STORAGE_UNSET, 0, 2, 2, { MS_SLOT_POOL, MS_SLOT_KEY }, MS_TAIL_NONE, "POOL KEY" },
    /* rm: lxc/storage.go:165, lxc/storage_volume.go:598 at lxd-5.0.2 (:202, :727 at lxd-5.21.7; :203, :730 at lxd-6.9) */
    { "storage delete", "storage rm", MS_OP_STORAGE_DELETE, 0, 1, 1, { MS_SLOT_POOL }, MS_TAIL_NONE, "POOL" },
    { "storage volume create", NULL, MS_OP_VOLUME_CREATE, MS_OPT_TARGET | MS_OPT_TYPE, 2, MS_LXC_MANY, { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME },
      MS_TAIL_PAIRS, "POOL VOLUME [KEY=VALUE...] [--type TYPE] [--target MEMBER]", .check = check_volume_type },
    { "storage volume delete", "storage volume rm", MS_OP_VOLUME_DELETE, MS_OPT_TARGET, 2, 2, { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME }, MS_TAIL_NONE,
      "POOL VOLUME [--target MEMBER]" },
    /* attach and detach have no --target (cmdStorageVolumeAttach and
     * cmdStorageVolumeDetach register no flag: lxc/storage_volume.go at
     * lxd-5.0.2, lxd-5.21.7 and lxd-6.9; cmd/incus/storage_volume.go at
     * v6.0.4, v7.3.0 has only attach's --create): cobra's "unknown flag:
     * --target", seen with the lxd-5.0.2 lxc and the incus-6.0.4 client
     * (LXD PR #8125's same-named volumes cannot be told apart this way) */
    { "storage volume attach", NULL, MS_OP_VOLUME_ATTACH, 0, 3, 5,
      { MS_SLOT_POOL, MS_SLOT_VOLUME, MS_SLOT_INSTANCE, MS_SLOT_DEVICE }, MS_TAIL_NONE, "POOL VOLUME INSTANCE [DEVICE] [PATH]",
      .bind = bind_volume_attach, .print = ms_lxc_print_volume_attach, .unknown = MS_OPT_TARGET },
    { "storage volume detach", NULL, MS_OP_VOLUME_DETACH, 0, 3, 4,
      { MS_SLOT_POOL, MS_SLOT_VOLUME, MS_SLOT_INSTANCE, MS_SLOT_DEVICE }, MS_TAIL_NONE, "POOL VOLUME INSTANCE [DEVICE]",
      .unknown = MS_OPT_TARGET },
    { "storage volume rename", NULL, MS_OP_VOLUME_RENAME, MS_OPT_TARGET, 3, 3,
      { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME, MS_SLOT_NEW_NAME }, MS_TAIL_NONE, "POOL VOLUME NEWNAME [--target MEMBER]" },
    { "storage volume show", NULL, MS_OP_VOLUME_SHOW, MS_OPT_TARGET, 2, 2, { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME }, MS_TAIL_NONE,
      "POOL VOLUME [--target MEMBER]" },
    { "storage volume get", NULL, MS_OP_VOLUME_GET, MS_OPT_TARGET, 3, 3, { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME, MS_SLOT_KEY }, MS_TAIL_NONE,
      "POOL VOLUME KEY [--target MEMBER]" },
    { "storage volume set", NULL, MS_OP_VOLUME_SET, MS_OPT_TARGET, 3, MS_LXC_MANY, { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME }, MS_TAIL_SET_PAIRS,
      "POOL VOLUME KEY VALUE | POOL VOLUME KEY=VALUE..." },
    /* the YAML on lxc's standard input, as profile edit; lxc reads --target
     * only for its editor path (lxc/storage_volume.go:896-924 at lxd-5.0.2) */
    { "storage volume edit", NULL, MS_OP_VOLUME_EDIT, MS_OPT_TARGET, 2, 2, { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME },
      MS_TAIL_NONE, "POOL VOLUME < FILE" },
    { "storage volume unset", NULL, MS_OP_VOLUME_UNSET, MS_OPT_TARGET, 3, 3, { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME, MS_SLOT_KEY },
      MS_TAIL_NONE, "POOL VOLUME KEY [--target MEMBER]" },
    /* --refresh: lxc/storage_volume.go:338 at lxd-5.0.2; --target-project :337;
     * --mode :333 (:398 at lxd-5.21.7, :394 at lxd-6.9, cmd/incus/storage_volume.go:365
     * at v6.0.4): see MsOp.transfer_mode */
    { "storage volume copy", "storage volume cp", MS_OP_VOLUME_COPY,
      MS_OPT_TARGET | MS_OPT_DESTINATION_TARGET | MS_OPT_VOLUME_ONLY | MS_OPT_REFRESH | MS_OPT_QUIET | MS_OPT_TARGET_PROJECT |
      MS_OPT_MODE, 2, 2,
      { MS_SLOT_VOLUME_SOURCE, MS_SLOT_VOLUME_DEST }, MS_TAIL_NONE,
      "POOL/VOLUME[/SNAPSHOT] POOL/VOLUME [--target MEMBER] [--destination-target MEMBER] [--volume-only] [--refresh] "
      "[--target-project PROJECT] [--mode pull|push|relay]",
      .check = check_volume_copy },
    /* --mode: lxc/storage_volume.go:1559 at lxd-5.0.2, :1878 at lxd-5.21.7,
     * :1875 at lxd-6.9 (the copy's flag): a rename or a move by POST does
     * not read it (client MoveStoragePoolVolume), a copy and delete does
     * (model/ms-volume-copy-ops.c) */
    { "storage volume move", "storage volume mv", MS_OP_VOLUME_MOVE,
      MS_OPT_TARGET | MS_OPT_DESTINATION_TARGET | MS_OPT_QUIET | MS_OPT_TARGET_PROJECT | MS_OPT_MODE,
      2, 2, { MS_SLOT_VOLUME_SOURCE, MS_SLOT_VOLUME_DEST }, MS_TAIL_NONE,
      "POOL/VOLUME POOL/VOLUME [--target MEMBER] [--destination-target MEMBER] [--target-project PROJECT] "
      "[--mode pull|push|relay]",
      .check = check_volume_copy },
    /* lxc/storage_volume.go:2242 at lxd-5.0.2 (no --type), :2861 at
     * lxd-5.21.7, :2857 at lxd-6.9: the name goes as X-LXD-name, unparsed */
    { "storage volume import", NULL, MS_OP_VOLUME_IMPORT, MS_OPT_TARGET | MS_OPT_TYPE, 2, 3,
      { MS_SLOT_POOL, MS_SLOT_FILE, MS_SLOT_VOLUME }, MS_TAIL_NONE, "POOL FILE [VOLUME] [--type TYPE] [--target MEMBER]" },
    { "storage volume snapshot", NULL, MS_OP_VOLUME_SNAPSHOT, MS_OPT_TARGET, 2, 3,
      { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME, MS_SLOT_SNAPSHOT }, MS_TAIL_NONE, "POOL VOLUME [SNAPSHOT]",
      /* cmd/incus/storage_volume.go:2285,2335 at v6.0.4: a parent verb */
      .incus = "storage volume snapshot create" },
    /* lxc/storage_volume.go:2016-2063 at lxd-5.0.2 (GET the volume, then PUT
     * {"restore": SNAP} with --target); :2599-2645 at lxd-6.9.  Incus has
     * it under "storage volume snapshot restore" (cmd/incus/storage_volume.go
     * :2813, :2840-2881 at v6.0.4, the same requests; :3577 at v6.23.0) */
    { "storage volume restore", NULL, MS_OP_VOLUME_RESTORE, MS_OPT_TARGET, 3, 3,
      { MS_SLOT_POOL, MS_SLOT_CUSTOM_VOLUME, MS_SLOT_SNAPSHOT }, MS_TAIL_NONE, "POOL VOLUME SNAPSHOT [--target MEMBER]",
      .incus = "storage volume snapshot restore" },

    /* networks (lxc/network.go) */
    /* --type: lxc/network.go:289, sent as NetworksPost.Type (:316) at lxd-5.0.2 */
    { "network create", NULL, MS_OP_NETWORK_CREATE, MS_OPT_TARGET | MS_OPT_TYPE, 1, MS_LXC_MANY, { MS_SLOT_NETWORK },
      MS_TAIL_PAIRS, "NETWORK [KEY=VALUE...] [--type TYPE] [--target MEMBER]" },
    { "network set", NULL, MS_OP_NETWORK_SET, MS_OPT_TARGET, 2, MS_LXC_MANY, { MS_SLOT_NETWORK }, MS_TAIL_SET_PAIRS,
      "NETWORK KEY VALUE | NETWORK KEY=VALUE... [--target MEMBER]" },
    { "network unset", NULL, MS_OP_NETWORK_UNSET, MS_OPT_TARGET, 2, 2, { MS_SLOT_NETWORK, MS_SLOT_KEY }, MS_TAIL_NONE,
      "NETWORK KEY [--target MEMBER]" },
    /* lxc/network.go:357-358 (lxd-5.0.2), :416-417 (lxd-6.9): no --target; -q hides "Network N deleted" */
    { "network delete", "network rm", MS_OP_NETWORK_DELETE, MS_OPT_QUIET, 1, 1, { MS_SLOT_NETWORK }, MS_TAIL_NONE, "NETWORK" },
    /* lxc/network.go:1041-1089 at lxd-5.0.2 (alias mv, no --target; -q
     * hides "Network N renamed to M"), the same at lxd-5.21.7 and lxd-6.9;
     * cmd/incus/network.go:1441 at v6.0.4 */
    { "network rename", "network mv", MS_OP_NETWORK_RENAME, MS_OPT_QUIET, 2, 2, { MS_SLOT_NETWORK, MS_SLOT_NEW_NAME },
      MS_TAIL_NONE, "NETWORK NEWNAME" },
    /* lxc/network_forward.go cmdNetworkForwardCreate (:235 --target, :277-297
     * KEY=VALUE into Config at lxd-5.0.2) and Delete (:633 --target); the
     * listen address is required until 5.21 (:196), optional with --allocate
     * from 5.21, which migsim does not take */
    { "network forward create", NULL, MS_OP_FORWARD_CREATE, MS_OPT_TARGET | MS_OPT_QUIET, 2, MS_LXC_MANY,
      { MS_SLOT_NETWORK, MS_SLOT_ADDRESS }, MS_TAIL_PAIRS, "NETWORK LISTEN_ADDRESS [KEY=VALUE...] [--target MEMBER]" },
    { "network forward delete", "network forward rm", MS_OP_FORWARD_DELETE, MS_OPT_TARGET | MS_OPT_QUIET, 2, 2,
      { MS_SLOT_NETWORK, MS_SLOT_ADDRESS }, MS_TAIL_NONE, "NETWORK LISTEN_ADDRESS [--target MEMBER]" },

    /* the cluster (lxc/cluster.go, cluster_group.go) */
    { "cluster evacuate", NULL, MS_OP_EVACUATE, MS_OPT_FORCE | MS_OPT_YES | MS_OPT_ACTION, 1, 1, { MS_SLOT_MEMBER }, MS_TAIL_NONE,
      "MEMBER", .incus_alias = "cluster evac" },
    { "cluster restore", NULL, MS_OP_RESTORE, MS_OPT_FORCE | MS_OPT_ACTION, 1, 1, { MS_SLOT_MEMBER }, MS_TAIL_NONE, "MEMBER" },
    { "cluster group create", NULL, MS_OP_GROUP_CREATE, 0, 1, 1, { MS_SLOT_GROUP }, MS_TAIL_NONE, "GROUP" },
    { "cluster group assign", NULL, MS_OP_GROUP_ASSIGN, 0, 2, 2, { MS_SLOT_MEMBER, MS_SLOT_GROUPS }, MS_TAIL_NONE,
      "MEMBER GROUP[,GROUP...]" },
    /* lxc/cluster_group.go: rename (alias mv), delete (alias rm), remove, add
     * (from lxd-5.0.3; absent at lxd-5.0.2, where migsim refuses it as lxc does) */
    { "cluster group rename", "cluster group mv", MS_OP_GROUP_RENAME, MS_OPT_QUIET, 2, 2, { MS_SLOT_GROUP, MS_SLOT_NEW_NAME },
      MS_TAIL_NONE, "GROUP NEWNAME" },
    { "cluster group delete", "cluster group rm", MS_OP_GROUP_DELETE, MS_OPT_QUIET, 1, 1, { MS_SLOT_GROUP }, MS_TAIL_NONE, "GROUP" },
    { "cluster group remove", NULL, MS_OP_GROUP_REMOVE, MS_OPT_QUIET, 2, 2, { MS_SLOT_MEMBER, MS_SLOT_GROUP }, MS_TAIL_NONE,
      "MEMBER GROUP" },
    { "cluster group add", NULL, MS_OP_GROUP_ADD, MS_OPT_QUIET, 2, 2, { MS_SLOT_MEMBER, MS_SLOT_GROUP }, MS_TAIL_NONE,
      "MEMBER GROUP" },
    /* the YAML on lxc's standard input, as profile edit: lxc PUTs it with
     * no GET (lxc/cluster_group.go:282-296 at lxd-5.0.2, :360-373 at
     * lxd-5.21.7, :353-366 at lxd-6.9) */
    { "cluster group edit", NULL, MS_OP_GROUP_EDIT, 0, 1, 1, { MS_SLOT_GROUP }, MS_TAIL_NONE, "GROUP < FILE" },
    { "cluster set", NULL, MS_OP_MEMBER_SET, 0, 2, MS_LXC_MANY, { MS_SLOT_MEMBER }, MS_TAIL_SET_PAIRS,
      "MEMBER KEY VALUE | MEMBER KEY=VALUE..." },
    { "cluster unset", NULL, MS_OP_MEMBER_UNSET, 0, 2, 2, { MS_SLOT_MEMBER, MS_SLOT_KEY }, MS_TAIL_NONE, "MEMBER KEY" },
    { "cluster remove", "cluster rm", MS_OP_MEMBER_REMOVE, MS_OPT_FORCE | MS_OPT_YES, 1, 1, { MS_SLOT_MEMBER }, MS_TAIL_NONE,
      "MEMBER [--force] [--yes]" },
    /* lxc/cluster.go:370-412 at lxd-5.0.2 (alias mv) */
    { "cluster rename", "cluster mv", MS_OP_MEMBER_RENAME, MS_OPT_QUIET, 2, 2, { MS_SLOT_MEMBER, MS_SLOT_NEW_NAME }, MS_TAIL_NONE,
      "MEMBER NEWNAME" },
    { "cluster list", "cluster ls", MS_OP_CLUSTER_LIST, MS_OPT_FORMAT, 0, 0, { MS_SLOT_END }, MS_TAIL_NONE,
      "[--format table|csv|compact|json|yaml]" },
    /* read-only commands printed from the model (lxc/info.go, config.go,
     * cluster.go, profile.go, storage.go, storage_volume.go, network.go,
     * operation.go) */
    { "info", NULL, MS_OP_INFO, 0, 1, 1, { MS_SLOT_INSTANCE }, MS_TAIL_NONE, "NAME" },
    { "config show", NULL, MS_OP_CONFIG_SHOW, MS_OPT_EXPANDED, 0, 1, { MS_SLOT_INSTANCE }, MS_TAIL_NONE,
      "[NAME] [--expanded]" },
    { "cluster show", NULL, MS_OP_CLUSTER_SHOW, 0, 1, 1, { MS_SLOT_MEMBER }, MS_TAIL_NONE, "MEMBER" },
    { "profile show", NULL, MS_OP_PROFILE_SHOW, 0, 1, 1, { MS_SLOT_PROFILE }, MS_TAIL_NONE, "PROFILE" },
    /* [REMOTE:]: lxc/storage.go:566-577 at lxd-5.0.2, :675 at lxd-5.21.7, :696
     * at lxd-6.9 (CheckArgs 0..1, ParseServers); cmd/incus/storage.go:775-786
     * at v6.0.4 (filters after it from v6.0.6 and 6.16, not taken) */
    { "storage list", "storage ls", MS_OP_STORAGE_LIST, MS_OPT_FORMAT, 0, 1, { MS_SLOT_END }, MS_TAIL_NONE,
      "[REMOTE:] [--format table|csv|compact|json|yaml]", .bind = bind_storage_list, .print = ms_lxc_print_storage_list },
    { "storage volume list", "storage volume ls", MS_OP_VOLUME_LIST, MS_OPT_FORMAT, 1, 1, { MS_SLOT_POOL },
      MS_TAIL_NONE, "POOL [--format table|csv|compact|json|yaml]" },
    { "profile list", "profile ls", MS_OP_PROFILE_LIST, MS_OPT_FORMAT, 0, 0, { MS_SLOT_END }, MS_TAIL_NONE,
      "[--format table|csv|compact|json|yaml]" },
    { "network list", "network ls", MS_OP_NETWORK_LIST, MS_OPT_FORMAT, 0, 0, { MS_SLOT_END }, MS_TAIL_NONE,
      "[--format table|csv|compact|json|yaml]" },
    { "operation list", "operation ls", MS_OP_OPERATION_LIST, MS_OPT_FORMAT, 0, 0, { MS_SLOT_END }, MS_TAIL_NONE,
      "[--format table|csv|compact|json|yaml]" },
    { "placement-group create", NULL, MS_OP_PLACEMENT_GROUP_CREATE, 0, 1, MS_LXC_MANY, { MS_SLOT_GROUP }, MS_TAIL_PAIRS,
      "NAME [KEY=VALUE...]", .incus = MS_LXC_NO_INCUS },
    /* lxc/placement_group.go:676,733,570,636 (lxd-6.9): delete (alias rm), rename, set, unset */
    { "placement-group delete", "placement-group rm", MS_OP_PLACEMENT_GROUP_DELETE, MS_OPT_QUIET, 1, 1, { MS_SLOT_GROUP },
      MS_TAIL_NONE, "NAME", .incus = MS_LXC_NO_INCUS },
    { "placement-group rename", NULL, MS_OP_PLACEMENT_GROUP_RENAME, MS_OPT_QUIET, 2, 2, { MS_SLOT_GROUP, MS_SLOT_NEW_NAME },
      MS_TAIL_NONE, "NAME NEWNAME", .incus = MS_LXC_NO_INCUS },
    { "placement-group set", NULL, MS_OP_PLACEMENT_GROUP_SET, 0, 2, MS_LXC_MANY, { MS_SLOT_GROUP }, MS_TAIL_SET_PAIRS,
      "NAME KEY VALUE | NAME KEY=VALUE...", .incus = MS_LXC_NO_INCUS },
    { "placement-group unset", NULL, MS_OP_PLACEMENT_GROUP_UNSET, 0, 2, 2, { MS_SLOT_GROUP, MS_SLOT_KEY }, MS_TAIL_NONE,
      "NAME KEY", .incus = MS_LXC_NO_INCUS },

    /* projects (lxc/project.go) */
    { "project create", NULL, MS_OP_PROJECT_CREATE, MS_OPT_CONFIG | MS_OPT_QUIET, 1, 1, { MS_SLOT_PROJECT }, MS_TAIL_NONE,
      "PROJECT [-c KEY=VALUE...]" },
    { "project set", NULL, MS_OP_PROJECT_SET, 0, 2, MS_LXC_MANY, { MS_SLOT_PROJECT }, MS_TAIL_SET_PAIRS,
      "PROJECT KEY VALUE | PROJECT KEY=VALUE..." },
    { "project unset", NULL, MS_OP_PROJECT_UNSET, 0, 2, 2, { MS_SLOT_PROJECT, MS_SLOT_KEY }, MS_TAIL_NONE, "PROJECT KEY" },
    /* --force (-f): lxc/project.go:204 at lxd-5.21.5..5.21.7, :212 at lxd-6.6..6.9 (cobra's unknown flag
     * before: model/ms-project.c) */
    { "project delete", "project rm", MS_OP_PROJECT_DELETE, MS_OPT_FORCE | MS_OPT_QUIET, 1, 1, { MS_SLOT_PROJECT }, MS_TAIL_NONE,
      "PROJECT [--force]" },
    /* lxc/project.go:485-538 at lxd-5.0.2 (alias mv) */
    { "project rename", "project mv", MS_OP_PROJECT_RENAME, MS_OPT_QUIET, 2, 2, { MS_SLOT_PROJECT, MS_SLOT_NEW_NAME },
      MS_TAIL_NONE, "PROJECT NEWNAME" },
    /* the later lines' project: ms-scenario-directives.c */
    { "project switch", NULL, MS_OP_PROJECT_SWITCH, 0, 1, 1, { MS_SLOT_PROJECT }, MS_TAIL_NONE, "PROJECT" },

    /* images (lxc/image.go): copies between the cluster's projects and
     * deletions, which are what decide whether a project with
     * features.images=true can launch an image */
    { "image copy", "image cp", MS_OP_IMAGE_COPY, MS_OPT_TARGET_PROJECT | MS_OPT_ALIAS | MS_OPT_COPY_ALIASES | MS_OPT_QUIET,
      2, 2, { MS_SLOT_IMAGE, MS_SLOT_NEW_NAME }, MS_TAIL_NONE,
      "IMAGE local: [--target-project PROJECT] [--alias ALIAS]... [--copy-aliases]", .check = check_image_copy },
    { "image delete", "image rm", MS_OP_IMAGE_DELETE, MS_OPT_QUIET, 1, 1, { MS_SLOT_IMAGE }, MS_TAIL_NONE, "IMAGE" },
    /* a split image's second file (ROOTFS) goes where a new name would */
    { "image import", NULL, MS_OP_IMAGE_IMPORT, MS_OPT_ALIAS | MS_OPT_QUIET, 1, 2, { MS_SLOT_IMAGE, MS_SLOT_NEW_NAME },
      MS_TAIL_NONE, "TARBALL [ROOTFS] [--alias ALIAS]..." },

    /* lxc/exec.go:37-64,87 at lxd-5.0.2 (:104 at lxd-6.9; cmd/incus/exec.go:100
     * at v6.0.4): NAME and at least one word of the command; cobra reads
     * options up to "--" (no SetInterspersed(false)), so `lxc exec c1 ls -la`
     * is its unknown flag -l.  exec's own options (--env, --mode, -t, -T,
     * -n, --user, --group, --cwd) are not taken: such a line stays not
     * simulated (sim/scenario/ms-paste.c) */
    { "exec", NULL, MS_OP_EXEC, 0, 2, MS_LXC_MANY, { MS_SLOT_INSTANCE }, MS_TAIL_COMMAND, "NAME [--] COMMAND..." },
    /* lxc/profile.go:162-234 at lxd-5.0.2 (:189, lxd-5.21.7; :182, lxd-6.9;
     * cmd/incus/profile.go:181 at v6.0.4): alias apply; PROFILES split at
     * ',' by the model, "" for none */
    { "profile assign", "profile apply", MS_OP_PROFILE_SET_LIST, MS_OPT_QUIET, 2, 2, { MS_SLOT_INSTANCE, MS_SLOT_PROFILE },
      MS_TAIL_NONE, "NAME PROFILE[,PROFILE...]" },
    /* lxc/rename.go: lxc move NAME NEWNAME under another name */
    { "rename", NULL, MS_OP_RENAME, MS_OPT_QUIET, 2, 2, { MS_SLOT_INSTANCE, MS_SLOT_NEW_NAME }, MS_TAIL_NONE, "NAME NEWNAME" },
};
/* clang-format on */
/* every operation kind has a spelling (launch is init's second one) */
G_STATIC_ASSERT(G_N_ELEMENTS(ms_lxc_verbs) == MS_OP_LAST + 1);
const guint ms_lxc_n_verbs = G_N_ELEMENTS(ms_lxc_verbs);

/* Incus' own volume snapshot verbs, which lxc spells as storage volume
 * delete|rename|show of VOL/SNAP: the same ops (MsOp.incus_snapshot_form
 * says which arguments were typed).  delete, alias rm, POOL VOL SNAP and
 * rename POOL VOL SNAP NEW at every Incus release (cmd/incus/storage_volume.go
 * :2469-2470, CheckArgs(3, 3) :2499, :2726, CheckArgs(4, 4) :2755 at v6.0.4;
 * u.Usage{Pool, Volume, Snapshot} :3195, {.., NewName(Snapshot)} :3432 at
 * v7.0.0; the alias "remove" from v6.0.5 is not taken); show POOL VOL/SNAP
 * at 6.0.x and 6.1-6.22 (:2893, CheckArgs(2, 2) :2918 at v6.0.4;
 * MakePath(Volume, Snapshot) :4014 at v6.0.6 and v6.22.0), POOL [TYPE/]VOL
 * SNAP from v6.23.0 (:3639 at v6.23.0; cmd/incus/storage_volume_snapshot.go
 * :609 at v7.0.1): both forms parse, the model answers per release
 * (ms_volume_snapshot_incus_verb).  list, alias ls, is not simulated
 * (read-only: ms-paste.c). */
/* clang-format off */
const MsLxcVerb ms_lxc_incus_snapshot_verbs[] = {
    { "storage volume snapshot delete", "storage volume snapshot rm", MS_OP_VOLUME_DELETE, MS_OPT_TARGET, 3, 3,
      { MS_SLOT_POOL, MS_SLOT_VOLUME, MS_SLOT_SNAPSHOT }, MS_TAIL_NONE, "POOL VOLUME SNAPSHOT [--target MEMBER]",
      .bind = bind_incus_snapshot, .print = ms_lxc_print_incus_snapshot },
    { "storage volume snapshot rename", NULL, MS_OP_VOLUME_RENAME, MS_OPT_TARGET, 4, 4,
      { MS_SLOT_POOL, MS_SLOT_VOLUME, MS_SLOT_SNAPSHOT, MS_SLOT_NEW_NAME }, MS_TAIL_NONE,
      "POOL VOLUME SNAPSHOT NEWNAME [--target MEMBER]", .bind = bind_incus_snapshot, .print = ms_lxc_print_incus_snapshot },
    { "storage volume snapshot show", NULL, MS_OP_VOLUME_SHOW, MS_OPT_TARGET, 2, 3,
      { MS_SLOT_POOL, MS_SLOT_VOLUME, MS_SLOT_SNAPSHOT }, MS_TAIL_NONE,
      "POOL VOLUME/SNAPSHOT (Incus 6.0.x, 6.1-6.22) | POOL VOLUME SNAPSHOT (6.23 on) [--target MEMBER]",
      .bind = bind_incus_snapshot, .print = ms_lxc_print_incus_snapshot },
};
/* clang-format on */
const guint ms_lxc_n_incus_snapshot_verbs = G_N_ELEMENTS(ms_lxc_incus_snapshot_verbs);

/* Commands whose first words migsim knows although the last one is not
 * supported: the error names the family instead of the whole line. */
static const struct {
    const char *words;
    gboolean needs_word; /* without a further word it is not this family */
    const char *hint;
} families[] = {
    { "config device", FALSE, " (use add, remove, set, unset or override)" },
    { "profile", TRUE, "" },
    { "storage volume", FALSE, "" },
    { "cluster group", FALSE, " (use create, assign, add, remove, rename, delete or edit)" },
    { "project", TRUE, " (use create, set, unset, delete, rename or switch)" },
};

/* Do argv[1...] start with the space-separated @words?  *@n receives how
 * many words that is. */
static gboolean
words_match(const char *words, char **argv, guint *n)
{
    guint i = 1;

    /* each word compared in place, without a strlen() of either: a line
     * is matched against the verb table's rows until one fits (some 37
     * rows a command in the corpus) */
    for (const char *w = words; *w != '\0'; i++) {
        const char *a = argv[i];

        if (a == NULL)
            return FALSE;
        for (; *w != '\0' && *w != ' ' && *a == *w; a++, w++)
            ;
        if (*a != '\0' || (*w != '\0' && *w != ' '))
            return FALSE;
        w += *w == ' ';
    }
    *n = i - 1;
    return TRUE;
}

/* The verb @argv names, in the words of its client (`lxc` or `incus`). */
static const MsLxcVerb *
lookup_verb(char **argv, gboolean incus, guint *n_words)
{
    for (guint v = 0; incus && v < G_N_ELEMENTS(ms_lxc_incus_snapshot_verbs); v++) {
        const MsLxcVerb *verb = &ms_lxc_incus_snapshot_verbs[v];

        if (words_match(verb->words, argv, n_words) ||
            (verb->alias != NULL && words_match(verb->alias, argv, n_words)))
            return verb;
    }
    for (guint v = 0; v < G_N_ELEMENTS(ms_lxc_verbs); v++) {
        const MsLxcVerb *verb = &ms_lxc_verbs[v];
        const char *words = incus ? ms_lxc_incus_words(verb) : verb->words;
        const char *alias = incus ? verb->incus_alias : verb->alias;

        if (incus && verb->incus == NULL && alias == NULL)
            alias = verb->alias; /* the same command: the same aliases */
        if ((words != NULL && words_match(words, argv, n_words)) ||
            (words != NULL && alias != NULL && words_match(alias, argv, n_words)))
            return verb;
    }
    return NULL;
}

/* An `incus` line naming a command the Incus client does not have under
 * that name, or at all: sets @error naming what Incus takes (cmd/incus at
 * v6.0.4) and returns TRUE; FALSE when there is nothing Incus-specific to
 * say. */
static gboolean
incus_refusal(char **argv, GError **error)
{
    guint n;

    if (g_str_equal(argv[1], "admin"))
        return !ms_lxc_throw_unsupported(
            error,
            "'incus admin%s%s' is not simulated: 'incus admin' holds the daemon's local tools (init, "
            "recover, "
            "sql, shutdown, waitready, and 'cluster', which runs 'incusd admin cluster' for database "
            "recovery: cmd/incus/admin.go, admin_cluster.go at v6.0.4); evacuation and restore are "
            "'incus cluster evacuate|restore MEMBER'",
            argv[2] != NULL ? " " : "", argv[2] != NULL ? argv[2] : "");
    /* Incus' other snapshot commands (cmd/incus/snapshot.go:200 delete,
     * alias rm, :292 list, alias ls, :451 rename, :591 show at v6.0.4)
     * exist: not simulated, which is not "not a command" */
    if (g_str_equal(argv[1], "snapshot") && argv[2] != NULL &&
        g_strv_contains((const char *const[]){ "delete", "rm", "list", "ls", "rename", "show", NULL },
                        argv[2]))
        return !ms_lxc_throw_unsupported(
            error,
            "'incus snapshot %s' is not simulated: migsim takes 'incus snapshot create INSTANCE [SNAPSHOT]' "
            "and 'incus snapshot restore INSTANCE SNAPSHOT' (Incus has delete, list, rename and show too: "
            "cmd/incus/snapshot.go:200,292,451,591 at v6.0.4)",
            argv[2]);
    if (g_str_equal(argv[1], "snapshot") && argv[2] != NULL)
        return !ms_lxc_throw_unsupported(
            error,
            "'incus snapshot %s' is not a command: Incus takes 'incus snapshot create "
            "INSTANCE [SNAPSHOT]' (cmd/incus/snapshot.go at v6.0.4)",
            argv[2]);
    if (words_match("storage volume snapshot", argv, &n) && argv[n + 1] != NULL)
        return !ms_lxc_throw_unsupported(
            error,
            "'incus storage volume snapshot %s' is not a command migsim supports: Incus has create, delete "
            "(rm), list (ls), rename, restore and show (cmd/incus/storage_volume.go:2285-2316 at v6.0.4); "
            "migsim takes 'incus storage volume snapshot create POOL VOLUME [SNAPSHOT]', 'restore|delete "
            "POOL VOLUME SNAPSHOT', 'rename POOL VOLUME SNAPSHOT NEWNAME' and 'show POOL VOLUME/SNAPSHOT' "
            "(6.0.x, 6.1-6.22) or 'show POOL VOLUME SNAPSHOT' (6.23 on)",
            argv[n + 1]);
    /* the incus client: 'Error: unknown command "restore" for "incus
     * storage volume"' (cobra; seen with incus 6.0.4) */
    if (words_match("storage volume restore", argv, &n))
        return !ms_lxc_throw_unsupported(
            error,
            "'incus storage volume restore' is not a command: Incus takes 'incus storage volume snapshot "
            "restore POOL VOLUME SNAPSHOT' (cmd/incus/storage_volume.go:2813 at v6.0.4)");
    for (guint v = 0; v < G_N_ELEMENTS(ms_lxc_verbs); v++)
        if (ms_lxc_incus_words(&ms_lxc_verbs[v]) == NULL && words_match(ms_lxc_verbs[v].words, argv, &n))
            return !ms_lxc_throw_unsupported(
                error, "'incus %s' is not a command: the Incus client has no '%s' (cmd/incus at v6.0.4)",
                ms_lxc_verbs[v].words, ms_lxc_verbs[v].words);
    return FALSE;
}

/* " (did you mean 'lxc cluster evacuate'?)": the verb whose words are
 * closest to as many words of the line, or "" (transfer full). */
static char *
suggest_command(char **argv)
{
    enum { MAX_WORDS = 8 };
    /* the line's first k words after lxc, at k - 1, each built once */
    g_autoptr(GPtrArray) typed = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) line = g_string_new(NULL);
    const char *best = NULL;
    guint best_distance = G_MAXUINT;

    for (guint i = 1; i <= MAX_WORDS && argv[i] != NULL; i++) {
        g_string_append_printf(line, "%s%s", i > 1 ? " " : "", argv[i]);
        g_ptr_array_add(typed, g_strdup(line->str));
    }
    if (typed->len == 0)
        return g_strdup("");
    for (guint v = 0; v < G_N_ELEMENTS(ms_lxc_verbs); v++) {
        const char *words = ms_lxc_verbs[v].words;
        guint k = 1, limit, d;
        const char *prefix;
        gsize length;

        for (const char *c = words; *c != '\0'; c++)
            k += *c == ' ';
        prefix = typed->pdata[MIN(k, typed->len) - 1];
        length = strlen(prefix);
        /* a verb is a typo of what was typed when within a third of its
         * length: only those compete, so a long argument costs no table */
        limit = length < 5 ? 1 : length / 3;
        d = ms_levenshtein_within(prefix, words, MIN(limit, best_distance - 1));
        if (d < best_distance && d <= limit) {
            best_distance = d;
            best = words;
        }
    }
    if (best == NULL || best_distance == 0)
        return g_strdup("");
    return g_strdup_printf(" (did you mean '%s %s'?)", argv[0], best);
}

static gboolean
unknown_command(char **argv, gboolean incus, GError **error)
{
    g_autofree char *line = NULL;
    guint n;

    if (incus && incus_refusal(argv, error))
        return FALSE;
    for (guint f = 0; f < G_N_ELEMENTS(families); f++) {
        if (words_match(families[f].words, argv, &n) && (!families[f].needs_word || argv[n + 1] != NULL))
            return ms_lxc_throw_unsupported(error, "'%s %s %s' is not supported by migsim%s", argv[0],
                                            families[f].words, argv[n + 1] ? argv[n + 1] : "",
                                            families[f].hint);
    }
    line = g_strjoinv(" ", argv);
    {
        g_autofree char *hint = suggest_command(argv);
        return ms_lxc_throw_unsupported(error, "'%s' is not a command migsim supports%s", line, hint);
    }
}

/* ---- binding arguments ---- */

static void
bind_slot(MsOp *op, MsLxcSlot slot, const char *arg)
{
    char **field;

    switch (slot) {
    case MS_SLOT_SOURCE: {
        const char *slash = strchr(arg, '/');
        op->instance = slash ? g_strndup(arg, slash - arg) : g_strdup(arg);
        if (slash != NULL)
            op->snapshot = g_strdup(slash + 1);
        return;
    }
    case MS_SLOT_GROUPS: {
        g_auto(GStrv) names = g_strsplit(arg, ",", -1);
        op->groups = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; names[i] != NULL; i++)
            g_ptr_array_add(op->groups, g_strdup(names[i]));
        return;
    }
    case MS_SLOT_KEY:
        ms_op_add_kv(op, arg, "");
        return;
    case MS_SLOT_VOLUME_SOURCE: {
        /* lxc/storage_volume.go parseVolumeWithPool: POOL/rest; the rest
         * may be VOLUME/SNAPSHOT (api.GetParentAndSnapshotName) */
        g_auto(GStrv) parts = g_strsplit(arg, "/", 3);
        /* g_strsplit of "" is an empty vector; Go's SplitN gives [""] */
        op->pool = g_strdup(parts[0] != NULL ? parts[0] : "");
        op->volume = g_strdup(parts[0] != NULL && parts[1] != NULL ? parts[1] : "");
        if (parts[0] != NULL && parts[1] != NULL && parts[2] != NULL)
            op->snapshot = g_strdup(parts[2]);
        return;
    }
    case MS_SLOT_VOLUME_DEST: {
        g_auto(GStrv) parts = g_strsplit(arg, "/", 2);
        op->new_pool = g_strdup(parts[0] != NULL ? parts[0] : "");
        op->new_name = g_strdup(parts[0] != NULL && parts[1] != NULL ? parts[1] : "");
        return;
    }
    case MS_SLOT_CUSTOM_VOLUME:
        /* lxc/storage_volume.go parseVolume("custom", NAME): a leading
         * "custom/" names the type (checked in check_custom_volume) */
        g_free(op->volume);
        op->volume = g_strdup(g_str_has_prefix(arg, "custom/") ? arg + strlen("custom/") : arg);
        /* "custom/container/x" is the custom volume container/x;
         * "container/x" a container's volume (not modelled: the model
         * answers so, ms_op_volume_type_prefix) */
        op->volume_custom_prefix = g_str_has_prefix(arg, "custom/");
        return;
    default:
        field = G_STRUCT_MEMBER_P(op, ms_lxc_slot_offset(slot));
        g_free(*field);
        *field = g_strdup(arg);
    }
}

static gboolean
has_all(const MsOp *op)
{
    return op->typed_flags != NULL &&
           g_ptr_array_find_with_equal_func(op->typed_flags, "--all", g_str_equal, NULL);
}

/* The one binder: arity, then the slots in order, the verb's check, the
 * tail. */
static gboolean
bind_args(const MsLxcBinding *b, GError **error)
{
    const MsLxcVerb *verb = b->verb;
    GPtrArray *args = b->args;
    guint fixed = ms_lxc_n_slots(verb);

    /* lxc start|stop|restart --all takes no name (the model answers "not
     * modelled", and lxc refuses a name with it) */
    if (!ms_lxc_want_args(b->command, args->len,
                          verb->tail == MS_TAIL_INSTANCES && has_all(b->op) ? 0 : verb->min, verb->max,
                          verb->usage, error))
        return FALSE;
    for (guint i = 0; i < fixed && i < args->len; i++) {
        bind_slot(b->op, verb->slots[i], args->pdata[i]);
    }
    if (verb->check != NULL && !verb->check(b, error))
        return FALSE;
    switch (verb->tail) {
    case MS_TAIL_NONE:
        return TRUE;
    case MS_TAIL_PAIRS:
        return ms_lxc_add_pairs(b->op, b->command, args, fixed, error);
    case MS_TAIL_SET_PAIRS:
        return ms_lxc_parse_set_pairs(b->op, b->command, args, fixed, error);
    case MS_TAIL_INSTANCES:
        for (guint i = 0; i < args->len; i++)
            g_ptr_array_add(b->op->instances, g_strdup(args->pdata[i]));
        b->op->instance = args->len > 0 ? g_strdup(args->pdata[0]) : NULL;
        return TRUE;
    case MS_TAIL_COMMAND:
        b->op->command_args = g_ptr_array_new_with_free_func(g_free);
        for (guint i = fixed; i < args->len; i++)
            g_ptr_array_add(b->op->command_args, g_strdup(args->pdata[i]));
        return TRUE;
    }
    g_assert_not_reached();
}

#define ARG(n) ((const char *) b->args->pdata[(n)])
#define NARGS (b->args->len)

/* lxc list [FILTER...]: the filters go to op->instances (lxc/list.go
 * shouldShow: a name regex or prefix, or KEY=VALUE) */
static gboolean
bind_list(const MsLxcBinding *b, GError **error)
{
    (void) error;
    for (guint i = 0; i < NARGS; i++)
        g_ptr_array_add(b->op->instances, g_strdup(ARG(i)));
    return TRUE;
}

/* incus storage volume snapshot delete|rename|show: the lxc verb's op,
 * VOL/SNAP in op->volume (and VOL/NEW in a rename's op->new_name), SNAP in
 * op->snapshot when typed on its own (ms_lxc_incus_snapshot_verbs) */
static gboolean
bind_incus_snapshot(const MsLxcBinding *b, GError **error)
{
    MsOp *op = b->op;

    if (!bind_args(b, error))
        return FALSE;
    if (op->kind == MS_OP_VOLUME_SHOW && NARGS == 2) {
        op->incus_snapshot_form = MS_INCUS_SNAPSHOT_PATH;
        return TRUE;
    }
    op->incus_snapshot_form = MS_INCUS_SNAPSHOT_SPLIT;
    {
        g_autofree char *parent = op->volume;

        op->volume = g_strconcat(parent, "/", op->snapshot, NULL);
        if (op->kind == MS_OP_VOLUME_RENAME) {
            char *joined = g_strconcat(parent, "/", op->new_name, NULL);

            g_free(op->new_name);
            op->new_name = joined;
        }
    }
    return TRUE;
}

/* lxc storage list [REMOTE:]: the pools of REMOTE (lxc/storage.go:571-585
 * at lxd-5.0.2: ParseServers, then GetStoragePools of that server).  lxc
 * ignores the name after the ':' and a word without one names the default
 * remote, while Incus reads filters from v6.0.6 and 6.16 (cmd/incus/storage.go
 * :682 at v6.0.6, :685 at v6.16.0): only REMOTE: is taken. */
static gboolean
bind_storage_list(const MsLxcBinding *b, GError **error)
{
    const char *arg;
    gsize n;

    if (!ms_lxc_want_args(b->command, NARGS, 0, 1, b->verb->usage, error))
        return FALSE;
    if (NARGS == 0)
        return TRUE;
    arg = ARG(0);
    n = strlen(arg);
    if (n < 2 || arg[n - 1] != ':' || strchr(arg, ':') != arg + n - 1)
        return ms_lxc_throw_unsupported(error,
                                        "'%s %s': only a remote (REMOTE:) is taken here (lxc ignores another "
                                        "word, Incus reads filters from 6.0.6 and 6.16: not modelled)",
                                        b->command, arg);
    if (strncmp(arg, "local:", n) != 0)
        b->op->remote = g_strndup(arg, n - 1);
    return TRUE;
}

/* lxc init --empty NAME takes no image */
static gboolean
bind_init(const MsLxcBinding *b, GError **error)
{
    /* --target=@GROUP: a cluster group (lxd/instances_post.go:853-858 at lxd-5.0.2) */
    if (b->op->target != NULL && b->op->target[0] == '@') {
        if (b->op->target[1] == '\0')
            return ms_lxc_throw_unsupported(error, "'%s': --target=@ needs a cluster group name", b->command);
        b->op->group = g_strdup(b->op->target + 1);
    }
    if (!b->op->empty)
        return bind_args(b, error);
    if (!ms_lxc_want_args(b->command, NARGS, 1, 1, "--empty NAME [options]", error))
        return FALSE;
    b->op->instance = g_strdup(ARG(0));
    return TRUE;
}

/* lxc rebuild [IMAGE] NAME: one argument is the instance, two the image
 * then the instance (lxc/rebuild.go:41-55 at lxd-5.15, :61-77 at lxd-6.9) */
static gboolean
bind_rebuild(const MsLxcBinding *b, GError **error)
{
    if (!ms_lxc_want_args(b->command, NARGS, b->verb->min, b->verb->max, b->verb->usage, error))
        return FALSE;
    if (NARGS == 2)
        b->op->image = g_strdup(ARG(0));
    b->op->instance = g_strdup(ARG(NARGS - 1));
    return TRUE;
}

/* lxc config set [NAME] KEY VALUE | [NAME] KEY=VALUE...: the first
 * argument names the instance unless every argument is a pair, the first is
 * a key (it has a "." after any "REMOTE:") or there are two and no pair
 * (cmdConfigSet.Run, lxc/config.go:519-527 at lxd-5.0.2); the rest is read
 * as getConfig reads it (ms_lxc_parse_set_pairs). */
static gboolean
bind_config_set(const MsLxcBinding *b, GError **error)
{
    MsOp *op = b->op;
    const char *colon;
    gboolean server;

    if (NARGS == 0)
        return ms_lxc_want_args(b->command, 0, 1, 1, b->verb->usage, error);
    if (!ms_lxc_any_has_equals(b->args, 0) && NARGS != 2 && NARGS != 3)
        return ms_lxc_want_args(b->command, NARGS, 2, 3, b->verb->usage, error);
    colon = strchr(ARG(0), ':');
    /* an empty first argument is the default remote, which names no
     * instance: ParseServers("") */
    server = *ARG(0) == '\0' || strchr(colon != NULL ? colon + 1 : ARG(0), '.') != NULL ||
             (NARGS == 2 && !ms_lxc_any_has_equals(b->args, 0));
    for (guint i = 0; i < NARGS && !server; i++)
        if (strchr(ARG(i), '=') == NULL)
            break;
        else if (i + 1 == NARGS)
            server = TRUE;
    if (!server)
        op->instance = g_strdup(ARG(0));
    if (!ms_lxc_parse_set_pairs(op, b->command, b->args, server ? 0 : 1, error))
        return FALSE;
    if (op->keys->len == 0)
        return ms_lxc_want_args(b->command, 0, 1, 1, "[NAME] KEY=VALUE...", error);
    return TRUE;
}

/* lxc config unset|get [NAME] KEY */
static gboolean
bind_config_key(const MsLxcBinding *b, GError **error)
{
    if (!ms_lxc_want_args(b->command, NARGS, b->verb->min, b->verb->max, b->verb->usage, error))
        return FALSE;
    if (NARGS == 2)
        b->op->instance = g_strdup(ARG(0));
    ms_op_add_kv(b->op, ARG(NARGS - 1), "");
    return TRUE;
}

/* lxc's parseVolume also reads image/, container/ and virtual-machine/:
 * attach and detach keep the parser's refusal (lxc attaches custom volumes
 * only); the other volume commands parse them and the model answers "not
 * modelled" (model/ms-apply.c refuse_volume_type). */
static gboolean
check_volume_type_prefix(const char *command, const char *arg, GError **error)
{
    static const char *const types[] = { "image/", "container/", "virtual-machine/" };

    for (guint i = 0; i < G_N_ELEMENTS(types); i++)
        if (g_str_has_prefix(arg, types[i]))
            return ms_lxc_throw_unsupported(
                error, "'%s': only custom volumes are modelled in migsim, not '%s'", command, arg);
    return TRUE;
}

/* lxc/storage_volume.go: POOL VOLUME INSTANCE [DEVICE] [PATH]; with four
 * arguments the fourth is the path and the device is named after the
 * volume. */
static gboolean
bind_volume_attach(const MsLxcBinding *b, GError **error)
{
    MsOp *op = b->op;

    if (!ms_lxc_want_args(b->command, NARGS, b->verb->min, b->verb->max, b->verb->usage, error) ||
        !check_volume_type_prefix(b->command, ARG(1), error))
        return FALSE;
    op->pool = g_strdup(ARG(0));
    /* parseVolume("custom", VOLUME) gives the source; the device is named
     * after the argument as typed (lxc/storage_volume.go:193-206 at
     * lxd-5.0.2: "custom/v" names the device custom/v) */
    op->volume = g_strdup(g_str_has_prefix(ARG(1), "custom/") ? ARG(1) + strlen("custom/") : ARG(1));
    op->instance = g_strdup(ARG(2));
    op->device = g_strdup(NARGS == 5 ? ARG(3) : ARG(1));
    op->device_named = NARGS == 5;
    op->volume_custom_prefix = g_str_has_prefix(ARG(1), "custom/");
    op->path = g_strdup(NARGS == 4 ? ARG(3) : NARGS == 5 ? ARG(4) : "");
    return TRUE;
}

static gboolean
check_move(const MsLxcBinding *b, GError **error)
{
    MsOp *op = b->op;

    /* with --target too: lxc refuses the pair until lxd-5.21.4 and lxd-6.6
     * (CLI.MOVE_TARGET_PROJECT, in the model) */
    if (op->target_project != NULL && op->target == NULL)
        return TRUE;
    if (op->target == NULL && op->pool == NULL && op->target_project == NULL) {
        /* lxc/move.go:77-87,115-153 at lxd-5.0.2: NAME NEWNAME on the same
         * server is a rename (lxc/rename.go calls the same code) */
        if (b->args->len != 2)
            return ms_lxc_throw_unsupported(error,
                                            "'%s' needs --target, --target-project or -s, or NAME NEWNAME (a "
                                            "rename): lxc answers 'Invalid number of arguments'",
                                            b->command);
        /* with -c/-d/-p/--no-profiles it stays a move: lxc refuses it
         * (CLI.RENAME_OVERRIDE, in the model) */
        if (op->profiles == NULL && !op->no_profiles && op->keys->len == 0 && op->device_overrides == NULL)
            op->kind = MS_OP_RENAME;
        return TRUE;
    }
    if (op->target == NULL)
        return TRUE;
    if (op->target[0] == '@') {
        if (op->target[1] == '\0')
            return ms_lxc_throw_unsupported(error, "'%s': --target=@ needs a cluster group name", b->command);
        op->group = g_strdup(op->target + 1);
    }
    return TRUE;
}

/* lxc/storage_volume.go parseVolumeWithPool: both sides name a pool
 * (lxc/storage_volume.go:375,382 at lxd-5.0.2) */
static gboolean
check_volume_copy(const MsLxcBinding *b, GError **error)
{
    const MsOp *op = b->op;

    if (*op->volume == '\0' || *op->new_name == '\0')
        return ms_lxc_throw_unsupported(
            error, "'lxc %s' expects POOL/VOLUME for the source and the destination", b->command);
    return TRUE;
}

/* lxc image copy's destination is a remote and nothing else (ParseServers;
 * a name: 'Can't provide a name for the target image', lxc/image.go:196 at
 * lxd-5.0.2).  Only this cluster's own remote is modelled. */
static gboolean
check_image_copy(const MsLxcBinding *b, GError **error)
{
    const MsOp *op = b->op;

    if (!g_str_equal(op->new_name, "local:"))
        return ms_lxc_throw_unsupported(
            error,
            "'lxc %s %s %s': migsim models image copies inside the cluster, to "
            "'local:' (another remote, or a name after the remote, is not modelled)",
            b->command, op->image, op->new_name);
    return TRUE;
}

static gboolean
check_volume_type(const MsLxcBinding *b, GError **error)
{
    const char *type = b->op->content_type;

    if (type != NULL && !g_str_equal(type, "filesystem") && !g_str_equal(type, "block") &&
        !g_str_equal(type, "iso"))
        return ms_lxc_throw_unsupported(error, "'%s': --type must be filesystem, block or iso, got '%s'",
                                        b->command, type);
    return TRUE;
}

#undef ARG
#undef NARGS

/* Only the backup creation used by LXD's own tests:
 * lxc query -X POST [--wait] [-d JSON] /1.0/instances/NAME/backups */
static MsOp *
parse_query(char **argv, GError **error)
{
    const char *path = NULL;
    const char *data = NULL;
    gboolean post = FALSE;
    MsOp *op;

    for (guint i = 2; argv[i] != NULL; i++) {
        if (g_str_equal(argv[i], "-X") && argv[i + 1] != NULL)
            post = g_ascii_strcasecmp(argv[++i], "POST") == 0;
        else if (g_str_equal(argv[i], "-d") && argv[i + 1] != NULL)
            data = argv[++i];
        else if (g_str_equal(argv[i], "--wait"))
            continue;
        else if (path == NULL)
            path = argv[i];
        else
            return (ms_lxc_throw_unsupported(error, "'lxc query': unexpected argument '%s'", argv[i]), NULL);
    }
    /* the length test keeps "/1.0/instances/backups" (prefix and suffix
     * overlapping, no name between them) out: found by fuzz-lxc */
    if (!post || path == NULL || strlen(path) <= strlen("/1.0/instances/") + strlen("/backups") ||
        !g_str_has_prefix(path, "/1.0/instances/") || !g_str_has_suffix(path, "/backups"))
        return (ms_lxc_throw_unsupported(
                    error, "'lxc query' is only supported as: lxc query -X POST /1.0/instances/NAME/backups"),
                NULL);
    op = ms_op_new(MS_OP_BACKUP_CREATE);
    op->instance = g_strndup(path + strlen("/1.0/instances/"),
                             strlen(path) - strlen("/1.0/instances/") - strlen("/backups"));
    /* the body LXD decodes depends on it (QUERY.BODY_NOT_OBJECT) */
    op->request_data = g_strdup(data);
    return op;
}

/* ---- REMOTE:NAME ---- */

/* conf.ParseRemote (lxc/config/remote.go at lxd-5.0.2): REMOTE:NAME splits
 * at the first ':', unless the part before it holds a '/' (a snapshot
 * whose name has a ':').  Moves the remote out of *@name into *@remote;
 * FALSE when a second name names another remote. */
static gboolean
split_remote(char **name, char **remote, const char *command, GError **error)
{
    const char *colon = *name != NULL ? strchr(*name, ':') : NULL;
    g_autofree char *found = NULL;
    char *rest;

    if (colon == NULL || memchr(*name, '/', colon - *name) != NULL)
        return TRUE;
    found = g_strndup(*name, colon - *name);
    if (*found == '\0')
        return ms_lxc_throw_unsupported(
            error, "'%s': '%s' names the remote \"\" (lxc: The remote \"\" doesn't exist)", command, *name);
    if (*remote != NULL && !g_str_equal(*remote, found))
        return ms_lxc_throw_unsupported(error,
                                        "'%s': names on two remotes (%s, %s) in one command are not modelled",
                                        command, *remote, found);
    /* lxc splits at the first ':' only: what is left would read as a
     * remote again (and no instance name holds a ':') */
    {
        const char *again = strchr(colon + 1, ':');
        if (again != NULL && memchr(colon + 1, '/', again - (colon + 1)) == NULL)
            return ms_lxc_throw_unsupported(error, "'%s': '%s' holds a ':' after its remote (not modelled)",
                                            command, *name);
    }
    rest = g_strdup(colon + 1);
    g_free(*name);
    *name = rest;
    if (*remote == NULL)
        *remote = g_steal_pointer(&found);
    return TRUE;
}

/* A storage command's remotes: lxc reads them from its pool argument
 * ([REMOTE:]POOL, or [REMOTE:]POOL/VOLUME of a copy or move: ParseServers,
 * lxc/main.go:432-467 at lxd-5.0.2, on args[0] in lxc/storage.go:110 and
 * lxc/storage_volume.go:539, on args[0] and args[1] at :352 at lxd-5.0.2,
 * :439 at lxd-5.21.7, :435 at lxd-6.9; cmd/incus/storage_volume.go:613 at
 * v6.0.4), and sends the command to that remote.  The instance or profile of
 * attach and detach goes to the pool's remote as typed (lxc/storage_volume.go
 * :180-215 at lxd-5.0.2): a ':' in it is not modelled.  Before, every
 * REMOTE:POOL was refused (a remote's name read as part of the pool's had
 * given a confident "Storage pool not found", LXD #11061). */
static gboolean
bind_pool_remotes(MsOp *op, const char *command, GError **error)
{
    const char *named = op->instance != NULL ? op->instance : op->profile;

    if (named != NULL && strchr(named, ':') != NULL)
        return ms_lxc_throw_unsupported(error,
                                        "'%s': '%s' holds a ':': lxc sends it to the pool's remote as "
                                        "it is (not modelled)",
                                        command, named);
    if (!split_remote(&op->pool, &op->remote, command, error) ||
        (op->new_pool != NULL && !split_remote(&op->new_pool, &op->dest_remote, command, error)))
        return FALSE;
    if (op->remote != NULL && g_str_equal(op->remote, "local"))
        g_clear_pointer(&op->remote, g_free);
    if (op->dest_remote != NULL && g_str_equal(op->dest_remote, "local"))
        g_clear_pointer(&op->dest_remote, g_free);
    return TRUE;
}

/* After binding: the remotes the names carry go to op->remote (the first
 * name: an instance, the names of start/stop/delete, a profile, the
 * remote of lxc list, a storage command's pool) and op->dest_remote (lxc
 * copy/move's destination, a volume copy/move's destination pool). */
static gboolean
bind_remotes(const MsLxcVerb *verb, MsOp *op, const char *command, GError **error)
{
    if (ms_lxc_verb_names_pool(verb))
        return bind_pool_remotes(op, command, error);
    /* lxc project switch [REMOTE:]PROJECT (ParseRemote, lxc/project.go:710
     * at lxd-5.0.2) */
    if (op->kind == MS_OP_PROJECT_SWITCH) {
        if (!split_remote(&op->project, &op->remote, command, error))
            return FALSE;
        if (op->remote != NULL && !g_str_equal(op->remote, "local"))
            return ms_lxc_throw_unsupported(error,
                                            "'%s %s:%s': the current project of a remote other than the "
                                            "local one is not modelled (use --project on its lines)",
                                            command, op->remote, op->project);
        g_clear_pointer(&op->remote, g_free);
        return TRUE;
    }
    if (op->kind == MS_OP_LIST) {
        /* lxc list [REMOTE:][FILTER] (lxc/list.go: args[0] with a ':' and no '=') */
        if (op->instances->len > 0 && strchr(op->instances->pdata[0], '=') == NULL) {
            const char *before = op->instances->pdata[0];
            if (!split_remote((char **) &op->instances->pdata[0], &op->remote, command, error))
                return FALSE;
            /* `lxc list REMOTE:` names no filter; an empty argument of
             * its own is one */
            if (op->instances->pdata[0] != before && *(char *) op->instances->pdata[0] == '\0')
                g_ptr_array_remove_index(op->instances, 0);
        }
        return TRUE;
    }
    if (op->instance != NULL) {
        if (!split_remote(&op->instance, &op->remote, command, error))
            return FALSE;
    } else if (op->profile != NULL && !split_remote(&op->profile, &op->remote, command, error)) {
        return FALSE;
    }
    for (guint i = 0; op->instances != NULL && i < op->instances->len; i++)
        if (!split_remote((char **) &op->instances->pdata[i], &op->remote, command, error))
            return FALSE;
    if ((op->kind == MS_OP_COPY || op->kind == MS_OP_MOVE || op->kind == MS_OP_RENAME) &&
        !split_remote(&op->new_name, &op->dest_remote, command, error))
        return FALSE;
    /* lxc move SRC:NAME DST:[NAME]: a rename only on one remote
     * (lxc/move.go:115 at lxd-5.0.2) */
    if (op->kind == MS_OP_RENAME && g_strcmp0(op->remote ?: "local", op->dest_remote ?: "local") != 0)
        op->kind = MS_OP_MOVE;
    if (op->remote != NULL && g_str_equal(op->remote, "local"))
        g_clear_pointer(&op->remote, g_free);
    if (op->dest_remote != NULL && g_str_equal(op->dest_remote, "local"))
        g_clear_pointer(&op->dest_remote, g_free);
    return TRUE;
}

MsOp *
ms_lxc_parse(char **argv, GError **error)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(MsOp) op = NULL;
    g_autofree char *command = NULL;
    const MsLxcVerb *verb;
    MsLxcParsed parsed = { args, NULL };
    MsLxcBinding binding;
    guint n_words = 0;
    gboolean incus = g_str_equal(argv[0], "incus");

    if (argv[1] == NULL)
        return (ms_lxc_throw_unsupported(error, "'%s' needs a command", argv[0]), NULL);
    verb = lookup_verb(argv, incus, &n_words);
    if (verb == NULL)
        return (unknown_command(argv, incus, error), NULL);
    if (verb->raw != NULL) {
        op = verb->raw(argv, error);
        if (op != NULL)
            op->incus = incus;
        return g_steal_pointer(&op);
    }

    command = g_strjoinv(" ", (char **) (const char *const[]){ argv[0], argv[1], n_words > 1 ? argv[2] : NULL,
                                                               n_words > 2 ? argv[3] : NULL,
                                                               n_words > 3 ? argv[4] : NULL, NULL });
    op = ms_op_new(verb->kind);
    op->incus = incus;
    parsed.op = op;
    /* --project is a global flag of lxc (lxc/main.go); lxc project's own
     * verbs name their project as an argument */
    if (!ms_lxc_parse_options(argv, 1 + n_words,
                              verb->options |
                                  (g_str_has_prefix(verb->words, "project ") ? 0 : MS_OPT_PROJECT),
                              verb->unknown, command, &parsed, error))
        return NULL;
    /* launch starts; lxc copy --start (lxd-6.7+) set it from the option */
    op->start = op->start || verb->launches;
    binding = (MsLxcBinding){ verb, command, args, op };
    if (!(verb->bind != NULL ? verb->bind(&binding, error) : bind_args(&binding, error)))
        return NULL;
    if (!bind_remotes(verb, op, command, error))
        return NULL;
    return g_steal_pointer(&op);
}

/* Would the Incus client take @verb's lxc words as they are (its own
 * words, its alias, or lxc's alias it shares)? */
static gboolean
incus_takes_lxc_words(const MsLxcVerb *verb)
{
    const char *words = ms_lxc_incus_words(verb);

    return words != NULL &&
           (g_str_equal(words, verb->words) || g_strcmp0(verb->incus_alias, verb->words) == 0);
}

char *
ms_lxc_client_refusal(const MsOp *op, const MsProfile *profile, char **translated)
{
    const MsLxcVerb *verb = ms_lxc_verb_of(op);
    gboolean incus = ms_profile_is_incus(profile);

    if (op->incus && !incus) {
        /* lxc spells Incus' storage volume snapshot delete|rename|show as
         * its kind's verb, storage volume delete|rename|show of VOL/SNAP */
        g_autoptr(MsOp) plain = ms_op_copy(op);

        plain->incus_snapshot_form = MS_INCUS_SNAPSHOT_NONE;
        return g_strdup_printf("migsim: 'incus %s' is a command of the Incus client and %s is an LXD release "
                               "(run it under an Incus release, or write the line as 'lxc %s')",
                               ms_lxc_incus_words(verb), profile->name, ms_lxc_verb_of(plain)->words);
    }
    if (op->incus || !incus)
        return NULL;
    if (ms_lxc_incus_words(verb) == NULL)
        return g_strdup_printf("migsim: 'lxc %s' has no Incus equivalent: the Incus client of %s has no '%s' "
                               "command (cmd/incus at v6.0.4)",
                               verb->words, profile->name, verb->words);
    if (translated != NULL && !incus_takes_lxc_words(verb)) {
        g_autoptr(MsOp) copy = ms_op_copy(op);
        copy->incus = TRUE;
        *translated = ms_op_to_command(copy);
    }
    return NULL;
}
