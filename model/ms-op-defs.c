/* migsim: the operation table.  One row per MsOpKind: its name, what kind of
 * operation it is (flags) and the function that applies it to the model.
 * Adding an operation is one row here, its apply function, and one row in
 * the `lxc` verb table (sim/scenario/ms-lxc.c); docs/architecture.md. */
#include "ms-apply-private.h"

#define CLUSTER_WIDE MS_OP_FLAG_CLUSTER_WIDE
#define SERVER_WIDE MS_OP_FLAG_CLUSTER_WIDE_SERVER
#define EVENTS MS_OP_FLAG_SHOWS_EVENTS
#define NEW_INSTANCE MS_OP_FLAG_CREATES_INSTANCE
#define NEW_PROFILE MS_OP_FLAG_CREATES_PROFILE
#define NEW_VOLUME MS_OP_FLAG_CREATES_VOLUME
#define BY_NEW_NAME MS_OP_FLAG_CREATES_NEW_NAME
#define ROOT MS_OP_FLAG_NEEDS_ROOT

/* clang-format off */
const MsOpDef ms_op_defs[MS_OP_LAST] = {
    [MS_OP_INIT] = { "init", NEW_INSTANCE, ms_apply_init },
    [MS_OP_START] = { "start", ROOT, ms_apply_start },
    [MS_OP_STOP] = { "stop", ROOT, ms_apply_stop },
    [MS_OP_RESTART] = { "restart", ROOT, ms_apply_restart },
    [MS_OP_DELETE] = { "delete", ROOT, ms_apply_delete },
    [MS_OP_CONFIG_SET] = { "config set", SERVER_WIDE | ROOT, ms_apply_config },
    [MS_OP_CONFIG_UNSET] = { "config unset", SERVER_WIDE | ROOT, ms_apply_config },
    [MS_OP_CONFIG_GET] = { "config get", 0, ms_apply_config },
    [MS_OP_DEVICE_ADD] = { "config device add", ROOT, ms_apply_device },
    [MS_OP_DEVICE_REMOVE] = { "config device remove", ROOT, ms_apply_device },
    [MS_OP_DEVICE_SET] = { "config device set", ROOT, ms_apply_device },
    [MS_OP_PROFILE_CREATE] = { "profile create", NEW_PROFILE, ms_apply_profile },
    [MS_OP_PROFILE_DELETE] = { "profile delete", 0, ms_apply_profile },
    [MS_OP_PROFILE_SET] = { "profile set", 0, ms_apply_profile },
    [MS_OP_PROFILE_UNSET] = { "profile unset", 0, ms_apply_profile },
    [MS_OP_PROFILE_DEVICE_ADD] = { "profile device add", 0, ms_apply_profile },
    [MS_OP_PROFILE_DEVICE_REMOVE] = { "profile device remove", 0, ms_apply_profile },
    [MS_OP_PROFILE_ASSIGN] = { "profile add", ROOT, ms_apply_profile },
    [MS_OP_PROFILE_UNASSIGN] = { "profile remove", ROOT, ms_apply_profile },
    [MS_OP_STORAGE_CREATE] = { "storage create", 0, ms_apply_storage },
    [MS_OP_STORAGE_DELETE] = { "storage delete", 0, ms_apply_storage },
    [MS_OP_VOLUME_CREATE] = { "storage volume create", NEW_VOLUME, ms_apply_volume },
    [MS_OP_VOLUME_DELETE] = { "storage volume delete", 0, ms_apply_volume },
    [MS_OP_VOLUME_ATTACH] = { "storage volume attach", ROOT, ms_apply_device },
    [MS_OP_VOLUME_DETACH] = { "storage volume detach", ROOT, ms_apply_device },
    [MS_OP_BACKUP_CREATE] = { "export", ROOT, ms_apply_backup },
    [MS_OP_MOVE] = { "move", EVENTS | NEW_INSTANCE | BY_NEW_NAME | ROOT, ms_apply_move },
    [MS_OP_EVACUATE] = { "cluster evacuate", CLUSTER_WIDE | EVENTS | ROOT, ms_apply_evacuate },
    [MS_OP_RESTORE] = { "cluster restore", CLUSTER_WIDE | EVENTS | ROOT, ms_apply_restore },
    [MS_OP_LIST] = { "list", 0, ms_apply_list },
    [MS_OP_CLUSTER_LIST] = { "cluster list", 0, ms_apply_cluster_list },
    [MS_OP_DEVICE_OVERRIDE] = { "config device override", ROOT, ms_apply_device },
    [MS_OP_STORAGE_SET] = { "storage set", 0, ms_apply_storage },
    [MS_OP_STORAGE_UNSET] = { "storage unset", 0, ms_apply_storage },
    [MS_OP_PROFILE_COPY] = { "profile copy", NEW_PROFILE | BY_NEW_NAME, ms_apply_profile },
    [MS_OP_SNAPSHOT] = { "snapshot", ROOT, ms_apply_snapshot },
    [MS_OP_COPY] = { "copy", NEW_INSTANCE | BY_NEW_NAME | ROOT, ms_apply_copy },
    [MS_OP_VOLUME_RENAME] = { "storage volume rename", NEW_VOLUME | BY_NEW_NAME, ms_apply_volume },
    [MS_OP_VOLUME_SHOW] = { "storage volume show", 0, ms_apply_volume },
    [MS_OP_VOLUME_GET] = { "storage volume get", 0, ms_apply_volume },
    [MS_OP_VOLUME_SET] = { "storage volume set", 0, ms_apply_volume },
    [MS_OP_VOLUME_UNSET] = { "storage volume unset", 0, ms_apply_volume },
    [MS_OP_VOLUME_SNAPSHOT] = { "storage volume snapshot", 0, ms_apply_volume },
    [MS_OP_NETWORK_CREATE] = { "network create", 0, ms_apply_cluster_object },
    [MS_OP_NETWORK_SET] = { "network set", 0, ms_apply_cluster_object },
    [MS_OP_NETWORK_UNSET] = { "network unset", 0, ms_apply_cluster_object },
    [MS_OP_FORWARD_CREATE] = { "network forward create", 0, ms_apply_network_forward },
    [MS_OP_FORWARD_DELETE] = { "network forward delete", 0, ms_apply_network_forward },
    [MS_OP_VOLUME_IMPORT] = { "storage volume import", NEW_VOLUME, ms_apply_volume_import },
    [MS_OP_GROUP_CREATE] = { "cluster group create", 0, ms_apply_cluster_object },
    [MS_OP_GROUP_ASSIGN] = { "cluster group assign", 0, ms_apply_cluster_object },
    [MS_OP_MEMBER_SET] = { "cluster set", 0, ms_apply_cluster_object },
    [MS_OP_MEMBER_UNSET] = { "cluster unset", 0, ms_apply_cluster_object },
    [MS_OP_MEMBER_REMOVE] = { "cluster remove", 0, ms_apply_cluster_object },
    [MS_OP_PLACEMENT_GROUP_CREATE] = { "placement-group create", 0, ms_apply_cluster_object },
    [MS_OP_VOLUME_COPY] = { "storage volume copy", NEW_VOLUME | BY_NEW_NAME, ms_apply_volume_copy },
    [MS_OP_VOLUME_MOVE] = { "storage volume move", NEW_VOLUME | BY_NEW_NAME, ms_apply_volume_copy },
    [MS_OP_INFO] = { "info", 0, ms_apply_show },
    [MS_OP_CONFIG_SHOW] = { "config show", 0, ms_apply_show },
    [MS_OP_CLUSTER_SHOW] = { "cluster show", 0, ms_apply_show },
    [MS_OP_PROFILE_SHOW] = { "profile show", 0, ms_apply_show },
    [MS_OP_STORAGE_LIST] = { "storage list", 0, ms_apply_show },
    [MS_OP_VOLUME_LIST] = { "storage volume list", 0, ms_apply_show },
    [MS_OP_PROFILE_LIST] = { "profile list", 0, ms_apply_show },
    [MS_OP_NETWORK_LIST] = { "network list", 0, ms_apply_show },
    [MS_OP_OPERATION_LIST] = { "operation list", 0, ms_apply_show },
    [MS_OP_PROJECT_CREATE] = { "project create", 0, ms_apply_project },
    [MS_OP_PROJECT_SET] = { "project set", 0, ms_apply_project },
    [MS_OP_PROJECT_UNSET] = { "project unset", 0, ms_apply_project },
    [MS_OP_PROJECT_DELETE] = { "project delete", 0, ms_apply_project },
    [MS_OP_PROJECT_SWITCH] = { "project switch", 0, ms_apply_project_switch },
    [MS_OP_PROFILE_EDIT] = { "profile edit", 0, ms_apply_profile },
    [MS_OP_CONFIG_EDIT] = { "config edit", 0, ms_apply_config },
    [MS_OP_NETWORK_DELETE] = { "network delete", 0, ms_apply_cluster_object },
    [MS_OP_RENAME] = { "rename", NEW_INSTANCE | BY_NEW_NAME | ROOT, ms_apply_rename },
    [MS_OP_SNAPSHOT_RESTORE] = { "restore", ROOT, ms_apply_snapshot_restore },
    [MS_OP_GROUP_RENAME] = { "cluster group rename", 0, ms_apply_cluster_object },
    [MS_OP_GROUP_DELETE] = { "cluster group delete", 0, ms_apply_cluster_object },
    [MS_OP_GROUP_REMOVE] = { "cluster group remove", 0, ms_apply_cluster_object },
    [MS_OP_GROUP_ADD] = { "cluster group add", 0, ms_apply_cluster_object },
    [MS_OP_PLACEMENT_GROUP_DELETE] = { "placement-group delete", 0, ms_apply_cluster_object },
    [MS_OP_PLACEMENT_GROUP_RENAME] = { "placement-group rename", 0, ms_apply_cluster_object },
    [MS_OP_PLACEMENT_GROUP_SET] = { "placement-group set", 0, ms_apply_cluster_object },
    [MS_OP_PLACEMENT_GROUP_UNSET] = { "placement-group unset", 0, ms_apply_cluster_object },
};
/* clang-format on */
G_STATIC_ASSERT(G_N_ELEMENTS(ms_op_defs) == MS_OP_LAST);
