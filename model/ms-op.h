/* migsim: one typed request, as an `lxc` command expresses it, and its outcome.
 *
 * The parser builds MsOp from a command line, the model applies it, the live
 * client turns it into REST requests, and the reports print it: this is the
 * unit they all share. */
#pragma once

#include <glib.h>

#include "ms-rules.h"

G_BEGIN_DECLS

typedef enum {
    MS_OP_INIT, /* lxc init / lxc launch (start = TRUE) */
    MS_OP_START,
    MS_OP_STOP,
    MS_OP_RESTART,
    MS_OP_DELETE,
    MS_OP_CONFIG_SET, /* instance when instance != NULL, else server */
    MS_OP_CONFIG_UNSET,
    MS_OP_CONFIG_GET,
    MS_OP_DEVICE_ADD,
    MS_OP_DEVICE_REMOVE,
    MS_OP_DEVICE_SET,
    MS_OP_PROFILE_CREATE,
    MS_OP_PROFILE_DELETE,
    MS_OP_PROFILE_SET,
    MS_OP_PROFILE_UNSET,
    MS_OP_PROFILE_DEVICE_ADD,
    MS_OP_PROFILE_DEVICE_REMOVE,
    MS_OP_PROFILE_ASSIGN,   /* lxc profile add INSTANCE PROFILE */
    MS_OP_PROFILE_UNASSIGN, /* lxc profile remove INSTANCE PROFILE */
    MS_OP_STORAGE_CREATE,
    MS_OP_STORAGE_DELETE,
    MS_OP_VOLUME_CREATE,
    MS_OP_VOLUME_DELETE,
    MS_OP_VOLUME_ATTACH,
    MS_OP_VOLUME_DETACH,
    MS_OP_BACKUP_CREATE, /* lxc export / backups: only marks the instance */
    MS_OP_MOVE,
    MS_OP_EVACUATE,
    MS_OP_RESTORE,
    MS_OP_LIST,
    MS_OP_CLUSTER_LIST,
    MS_OP_DEVICE_OVERRIDE, /* lxc config device override INSTANCE DEVICE KEY=VALUE... */
    MS_OP_STORAGE_SET,
    MS_OP_STORAGE_UNSET,
    MS_OP_PROFILE_COPY, /* lxc profile copy PROFILE new_name */
    MS_OP_SNAPSHOT,     /* lxc snapshot INSTANCE [snapshot] */
    MS_OP_COPY,         /* lxc copy INSTANCE[/snapshot] new_name [--target] */
    MS_OP_VOLUME_RENAME,
    MS_OP_VOLUME_SHOW,
    MS_OP_VOLUME_GET,
    MS_OP_VOLUME_SET,
    MS_OP_VOLUME_UNSET,
    MS_OP_VOLUME_SNAPSHOT,
    MS_OP_NETWORK_CREATE,
    MS_OP_NETWORK_SET,
    MS_OP_NETWORK_UNSET,
    MS_OP_GROUP_CREATE, /* lxc cluster group create GROUP */
    MS_OP_GROUP_ASSIGN, /* lxc cluster group assign MEMBER GROUP[,GROUP...] */
    MS_OP_MEMBER_SET,   /* lxc cluster set MEMBER KEY VALUE */
    MS_OP_MEMBER_UNSET,
    MS_OP_MEMBER_REMOVE, /* lxc cluster remove MEMBER */
    MS_OP_MEMBER_RENAME, /* lxc cluster rename MEMBER NEWNAME */
    MS_OP_PLACEMENT_GROUP_CREATE,
    MS_OP_VOLUME_COPY, /* lxc storage volume copy POOL/VOL[/SNAP] POOL/VOL */
    MS_OP_VOLUME_MOVE, /* lxc storage volume move POOL/VOL POOL/VOL: a copy, then a delete */
    /* read-only commands printed from the model (ms-show.c) */
    MS_OP_INFO,
    MS_OP_CONFIG_SHOW,
    MS_OP_CLUSTER_SHOW,
    MS_OP_PROFILE_SHOW,
    MS_OP_STORAGE_LIST,
    MS_OP_VOLUME_LIST,
    MS_OP_PROFILE_LIST,
    MS_OP_NETWORK_LIST,
    MS_OP_OPERATION_LIST,
    MS_OP_PROJECT_CREATE, /* lxc project create PROJECT [-c KEY=VALUE]... (the name in op->project) */
    MS_OP_PROJECT_SET,
    MS_OP_PROJECT_UNSET,
    MS_OP_PROJECT_DELETE,
    MS_OP_NETWORK_DELETE, /* lxc network delete NETWORK */
    MS_OP_RENAME,         /* lxc rename NAME NEWNAME, lxc move NAME NEWNAME without --target */
    /* lxc restore INSTANCE SNAPSHOT [--stateful] */
    MS_OP_SNAPSHOT_RESTORE,
    MS_OP_GROUP_RENAME, /* lxc cluster group rename GROUP NEWNAME */
    MS_OP_GROUP_DELETE, /* lxc cluster group delete GROUP */
    MS_OP_GROUP_REMOVE, /* lxc cluster group remove MEMBER GROUP */
    MS_OP_GROUP_ADD,    /* lxc cluster group add MEMBER GROUP (lxd-5.0.3+) */
    /* lxc placement-group delete|rename|set|unset (lxd-6.6+) */
    MS_OP_PLACEMENT_GROUP_DELETE,
    MS_OP_PLACEMENT_GROUP_RENAME,
    MS_OP_PLACEMENT_GROUP_SET,
    MS_OP_PLACEMENT_GROUP_UNSET,
    /* lxc network forward create|delete NETWORK LISTEN_ADDRESS [--target M] */
    MS_OP_FORWARD_CREATE,
    MS_OP_FORWARD_DELETE,
    /* lxc storage volume import POOL FILE [NAME] [--type T] [--target M]:
     * the file in op->path (it need not exist: docs/scenario-language.md) */
    MS_OP_VOLUME_IMPORT,
    /* lxc project switch PROJECT: the client's current project (the name in
     * op->project); on the server only a GET of the project */
    MS_OP_PROJECT_SWITCH,
    /* lxc profile edit PROFILE < YAML: the whole profile PUT from the YAML
     * on lxc's standard input (op->stdin_text) */
    MS_OP_PROFILE_EDIT,
    /* lxc config edit NAME < YAML: the whole instance PUT from the YAML on
     * lxc's standard input (op->stdin_text) */
    MS_OP_CONFIG_EDIT,
    /* lxc storage volume edit POOL VOL < YAML: the volume's PUT from the
     * YAML on lxc's standard input (op->stdin_text) */
    MS_OP_VOLUME_EDIT,
    /* lxc image copy IMAGE local: [--target-project P] [--alias A]...
     * [--copy-aliases]: the image is copied between two projects of the
     * cluster (op->image, op->target_project, op->aliases) */
    MS_OP_IMAGE_COPY,
    /* lxc image delete IMAGE [--project P] */
    MS_OP_IMAGE_DELETE,
    /* lxc image import TARBALL [ROOTFS] [--alias A]... [--project P]: the
     * file's name in op->image (its content is not read) */
    MS_OP_IMAGE_IMPORT,
    /* lxc profile device set|unset PROFILE DEVICE KEY[=VALUE]...: the
     * profile's device with the keys set (unset: set to "", which LXD does
     * not store), PUT whole (lxc/config_device.go) */
    MS_OP_PROFILE_DEVICE_SET,
    MS_OP_PROFILE_DEVICE_UNSET,
    /* lxc config device unset NAME DEVICE KEY: config device set to "" */
    MS_OP_DEVICE_UNSET,
    /* lxc profile rename PROFILE NEWNAME: POST /1.0/profiles/PROFILE
     * (lxc/profile.go:723-760 at lxd-5.0.2); the instances using it follow
     * the new name (a rename of the database row) */
    MS_OP_PROFILE_RENAME,
    /* lxc exec NAME [--] CMD...: POST /1.0/instances/NAME/exec; the
     * command's words in op->command_args (migsim does not run it) */
    MS_OP_EXEC,
    /* lxc profile assign NAME P1,P2...: the instance's whole profile list
     * (op->profile as typed, "" for none), GET then PUT (lxc/profile.go) */
    MS_OP_PROFILE_SET_LIST,
    /* lxc project rename PROJECT NEWNAME (op->project, op->new_name) */
    MS_OP_PROJECT_RENAME,
    /* lxc storage volume restore POOL VOL SNAP [--target M]: the custom
     * volume's PUT with Restore set (op->pool, op->volume, op->snapshot) */
    MS_OP_VOLUME_RESTORE,
    /* lxc cluster group edit GROUP < YAML: the group's PUT
     * (api.ClusterGroupPut: description, members) from the YAML on lxc's
     * standard input (op->group, op->stdin_text) */
    MS_OP_GROUP_EDIT,
    /* lxc network rename NETWORK NEWNAME: POST /1.0/networks/NETWORK
     * {name} (lxc/network.go:1058-1086 at lxd-5.0.2; op->network,
     * op->new_name); a cluster refuses it at every release */
    MS_OP_NETWORK_RENAME,
    /* lxc rebuild [IMAGE] NAME [--empty] [--force] (lxd-5.15+, every Incus):
     * the image in op->image (NULL: none), op->empty, op->force */
    MS_OP_REBUILD,
    MS_OP_LAST
} MsOpKind;

typedef enum {
    MS_JOB_CTL_NONE,
    MS_JOB_CTL_BACKGROUND,
    MS_JOB_CTL_STEP,
    MS_JOB_CTL_WAIT,
} MsOpJobCtl;

/* MsOp.incus_snapshot_form */
typedef enum {
    MS_INCUS_SNAPSHOT_NONE = 0,
    MS_INCUS_SNAPSHOT_SPLIT, /* POOL VOL SNAP [NEW] */
    MS_INCUS_SNAPSHOT_PATH,  /* POOL VOL/SNAP (show, Incus 6.0.x and 6.1-6.22) */
} MsIncusSnapshotForm;

typedef struct {
    MsOpKind kind;
    char *instance;       /* or the first of instances */
    GPtrArray *instances; /* start/stop/restart NAME... */
    char *image;
    char *target;
    char *pool;
    char *volume;
    char *device;
    char *device_type;
    char *path;
    /* what lxc reads on its standard input (lxc ... edit: the YAML); NULL:
     * a terminal */
    char *stdin_text;
    /* lxc query -d DATA as typed; NULL: no -d (lxc then sends "" or, from
     * 5.21.4 and 6.5, no body: MS_FEATURE_CLI_QUERY_NO_EMPTY_BODY) */
    char *request_data;
    gboolean request_data_sent; /* request_data is a request's body (migsim serve), not lxc's -d */
    char *profile;
    char *member;
    char *driver;
    char *content_type;
    char *action;
    char *new_name; /* rename, copy and move targets, profile copy */
    char *snapshot; /* lxc copy SRC/SNAP, lxc snapshot NAME SNAP */
    char *network;
    char *address;            /* lxc network forward: the listen address */
    char *new_pool;           /* storage volume copy|move: the destination pool */
    char *destination_target; /* storage volume copy|move --destination-target */
    char *disk_volumes;       /* lxc restore --disk-volumes MODE (lxd-6.6+) */
    char *project;            /* --project (NULL: the default project); the project of lxc project ... */
    char *target_project;     /* lxc move --target-project */
    /* REMOTE: before the first name (the source of copy/move), and before the
     * destination of copy/move; NULL: the default remote, the scenario's
     * cluster (lxc's `local:`).  A destination of just `REMOTE:` leaves
     * new_name "" (lxc then keeps the source's name) */
    char *remote;
    char *dest_remote;
    char *group;                 /* cluster group; --target=@GROUP sets it instead of target */
    GPtrArray *groups;           /* lxc cluster group assign: the member's new group list */
    GPtrArray *device_overrides; /* -d DEVICE,KEY=VALUE in order (element-type utf8) */
    GPtrArray *profiles;         /* -p, in order; NULL = the default profile */
    GPtrArray *aliases;          /* lxc image copy --alias, in order (element-type utf8); NULL: none */
    GPtrArray *command_args;     /* lxc exec NAME -- CMD...: CMD's words (element-type utf8); NULL: none */
    gboolean copy_aliases;       /* lxc image copy --copy-aliases */
    GPtrArray *keys;             /* ordered key/value pairs (-c, KEY=VALUE, KEY VALUE) */
    GPtrArray *values;
    gboolean start;
    gboolean vm;
    gboolean empty;
    gboolean force;
    gboolean yes;
    gboolean stateless;
    gboolean stateful; /* stop, snapshot, restore --stateful; a start's stateful request (an API client's) */
    /* the first flag lxc's cobra has no such option for on this command
     * (`--stateful` on start), typed as "--stateful": lxc refuses the line
     * before any request (CLI.UNKNOWN_FLAG); NULL: none */
    char *unknown_flag;
    /* the options as typed, in order, without values ("--action", "-f"):
     * cobra refuses the first one the release's lxc lacks; NULL when the
     * op was not parsed from a command line (the REST API, the explorer) */
    GPtrArray *typed_flags;
    gboolean no_profiles;
    gboolean volume_only;   /* storage volume copy --volume-only */
    gboolean instance_only; /* lxc copy --instance-only */
    gboolean refresh;       /* lxc copy --refresh */
    /* lxc copy | storage volume copy --mode, as typed (NULL: not typed,
     * lxc's default "pull"); lxc sends no value it is given to the server */
    char *transfer_mode;
    gboolean quiet;     /* -q: lxc prints none of its own messages */
    char *columns;      /* lxc list -c */
    char *format;       /* lxc list|cluster list -f/--format: table (default), csv, compact, json, yaml */
    gboolean expanded;  /* lxc config show --expanded */
    gboolean list_fast; /* lxc list --fast: columns nsacPt */
    gboolean incus;     /* typed as `incus ...` (the Incus client), not `lxc ...` */
    /* the explorer's job control (sim/tools/ms-explore-jobs.c): a plain
     * command, `CMD &`, `step %job` or `wait %job` (job 0: `wait`) */
    MsOpJobCtl job_ctl;
    guint job;
    gboolean
        pool_unread; /* the root disk's pool was not read by lxc first (a POST from an API client, not lxc -s) */
    /* storage volume attach: the device's name was given (lxc's five
     * arguments, or an API client's request), so a device spelled as the
     * volume with a path is not the four-argument form */
    gboolean device_named;
    /* storage volume attach: the volume was typed with its "custom/"
     * prefix, which Incus 7.x's client no longer parses off */
    gboolean volume_custom_prefix;
    /* Incus' own volume snapshot verbs (incus storage volume snapshot
     * delete|rm, rename, show: sim/scenario/ms-lxc.c): the op is the lxc
     * verb's (volume "VOL/SNAP", a rename's new_name "VOL/NEW") with
     * snapshot = SNAP when VOL and SNAP were typed as two arguments
     * (MS_INCUS_SNAPSHOT_SPLIT), or show's one VOL/SNAP argument
     * (MS_INCUS_SNAPSHOT_PATH) */
    MsIncusSnapshotForm incus_snapshot_form;
} MsOp;

MsOp *ms_op_new(MsOpKind kind);
void ms_op_free(MsOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsOp, ms_op_free)
void ms_op_add_kv(MsOp *op, const char *key, const char *value);
/* A deep copy. */
MsOp *ms_op_copy(const MsOp *op);
/* --mode push or relay: the transfer paths other than pull, which lxc
 * takes only for these exact values and only when it copies by migration
 * (another server; a volume between members at 5.0.0-5.0.2 and 5.1-5.19) */
gboolean ms_op_transfer_not_pull(const MsOp *op);
/* Was @flag typed on the command line (MsOp.typed_flags: "--all")? */
gboolean ms_op_typed(const MsOp *op, const char *flag);
/* lxc cluster evacuate|restore: the first option as typed that the
 * release's lxc does not define there (cobra stops at it: "--action"
 * before 5.1, "--yes" before 6.9, "-f" everywhere in LXD and before Incus
 * 7.0.0), or NULL; *@shorthand says it is the short -f (pflag's "unknown
 * shorthand flag" text).  An op not typed (typed_flags NULL) is judged by
 * what it asks for. */
const char *ms_op_member_state_unknown_flag(const MsOp *op, const MsProfile *profile, gboolean *shorthand);
/* lxc project delete --force where the release's lxc lacks the flag
 * (cli-project-delete-force): "--force" or "-f" as first typed, or NULL
 * (the flag not asked for, or lxc has it); *@shorthand as above. */
const char *ms_op_project_delete_unknown_flag(const MsOp *op, const MsProfile *profile, gboolean *shorthand);
const char *ms_op_kind_to_string(MsOpKind kind);

/* What an operation is, for everyone who must treat kinds differently
 * without a switch: the runner, replay, reports, the scenario checks. */
typedef enum {
    MS_OP_FLAG_CLUSTER_WIDE = 1 << 0,        /* touches every member (evacuate, restore) */
    MS_OP_FLAG_CLUSTER_WIDE_SERVER = 1 << 1, /* cluster-wide when it names no instance (server config) */
    MS_OP_FLAG_SHOWS_EVENTS = 1 << 2,        /* the transcript lists what happened to each instance */
    MS_OP_FLAG_CREATES_INSTANCE = 1 << 3,
    MS_OP_FLAG_CREATES_PROFILE = 1 << 4,
    MS_OP_FLAG_CREATES_VOLUME = 1 << 5,
    MS_OP_FLAG_CREATES_NEW_NAME = 1 << 6, /* what it creates is named by new_name (when given) */
    MS_OP_FLAG_NEEDS_ROOT = 1 << 7,       /* LXD finds the named instances' root disk (ms-apply.c) */
} MsOpFlags;

/* The model's side of one operation (model/ms-apply-private.h). */
typedef struct _MsApply MsApply;
/* Runs the rules and changes the cluster; FALSE after ms_apply_fail(). */
typedef gboolean (*MsApplyFunc)(MsApply *apply);

typedef struct {
    const char *name; /* the lxc words, for messages: "cluster evacuate" */
    MsOpFlags flags;
    MsApplyFunc apply;
} MsOpDef;

/* Indexed by MsOpKind (model/ms-op-defs.c). */
extern const MsOpDef ms_op_defs[MS_OP_LAST];

/* Does the operation affect the whole cluster (evacuate, restore, server config)? */
gboolean ms_op_is_cluster_wide(const MsOp *op);
/* The name of the instance, profile or volume (POOL/NAME) @op creates, or
 * NULL; *@flag receives which of the CREATES flags it is.  (transfer full) */
char *ms_op_created_name(const MsOp *op, MsOpFlags *flag);

typedef enum {
    MS_EVENT_STOPPED,  /* stopped, stays on its member */
    MS_EVENT_MIGRATED, /* cold migration */
    MS_EVENT_LIVE_MIGRATED,
    MS_EVENT_STARTED,
    MS_EVENT_NO_TARGET, /* evacuation found no candidate member */
    MS_EVENT_UNTOUCHED, /* already stopped and not migrated, or skipped */
    MS_EVENT_FAILED,
    MS_EVENT_CREATED,
    MS_EVENT_DELETED,
} MsEventKind;

/* Made by ms_outcome_add_event only: the event and its strings live in
 * its outcome's blocks until ms_outcome_free, so they are read-only. */
typedef struct {
    MsEventKind kind;
    char *instance;
    char *from;
    char *to;
    char *detail;
} MsEvent;

const char *ms_event_kind_to_string(MsEventKind kind);

typedef struct {
    gboolean ok;
    char *server_error; /* LXD's text: the API error or the operation's err */
    char *client_error; /* what `lxc` prints after "Error: " */
    guint http_status;  /* of the failed request (200 on success) */
    gboolean async;     /* the error came from a background operation */
    MsRuleId rule;      /* the rule that decided the failure, MS_RULE_NONE if none */
    GPtrArray *events;  /* (element-type MsEvent) */
    GPtrArray *notes;   /* (element-type utf8) */
    char *output;       /* what the command prints on success (lxc list …) */
    /* Other texts LXD may answer instead of server_error, because it walks
     * a Go map (which device it names); NULL when there is one answer.
     * Only for commands lxc prints unwrapped (device changes). */
    GPtrArray *alternatives; /* (element-type utf8) */
    /* The instance whose migration never completes (`fault migration NAME
     * hang`, model/ms-hang.c): the operation stays Running and `lxc` waits
     * for it without a deadline; NULL otherwise. */
    char *hung;
    /* The other outcomes placement timing allows (operation records LXD
     * counts expire 5 s after their command: model/ms-apply.c, the notes
     * "timing: ..."): whether the command may succeed where this outcome
     * fails, and the server texts it may fail with where this one
     * succeeds; replay accepts any of them (sim/scenario/ms-target.c). */
    gboolean timing_may_succeed;
    GPtrArray *timing_errors; /* (element-type utf8), or NULL */
    /* The errors LXD may answer where this outcome succeeds because the
     * guest decides them, not LXD's state: lxc exec past LXD's checks fails
     * "Command not found" when the command exits 127 and "Command not
     * executable" at 126 (model/ms-instance-ops.c).  The runner and replay
     * accept any of them.  (element-type utf8), or NULL */
    GPtrArray *guest_errors;
    /* The errors LXD may answer where this outcome succeeds because the
     * host of the member lxc talks to decides, and the scenario did not
     * declare that host (`host-lacks MEMBER free-ipv4-subnet`): the subnet
     * search of ipv4.address=auto (model/ms-network-ops.c).  The runner and
     * replay accept any of them.  (element-type utf8), or NULL */
    GPtrArray *host_errors;
    /* PROFILE.UPDATE_SAVED: every user of the profile on a member that is
     * not down whose Update refused the change, in instance order, also
     * those LXD's answer does not list (it names one member's); the
     * profile is saved all the same (model/ms-profile-ops.c).  For
     * preflight's ways out.  (element-type utf8), or NULL */
    GPtrArray *refused_by;
    /* private to ms-op.c: the blocks the events are carved from */
    struct MsEventBlock *event_blocks;
} MsOutcome;

MsOutcome *ms_outcome_new(void);
void ms_outcome_free(MsOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsOutcome, ms_outcome_free)
void ms_outcome_add_event(MsOutcome *outcome, MsEventKind kind, const char *instance, const char *from,
                          const char *to, const char *detail);
void ms_outcome_add_note(MsOutcome *outcome, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Placement timing lets LXD fail with @server_error too: replay and
 * expectations accept it (MsOutcome.timing_errors); a NULL text adds none. */
void ms_outcome_add_timing_error(MsOutcome *outcome, const char *server_error);

G_END_DECLS
