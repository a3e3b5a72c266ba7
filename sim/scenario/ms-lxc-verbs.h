/* migsim: the `lxc` verb table, shared by the parser (ms-lxc.c) and the
 * printer (ms-lxc-print.c).  Private to sim/scenario/. */
#pragma once

#include "ms-scenario.h"

G_BEGIN_DECLS

/* The options migsim models, as bits of a verb's option set. */
typedef enum {
    MS_OPT_TARGET = 1 << 0,
    MS_OPT_STORAGE = 1 << 1,
    MS_OPT_PROFILE = 1 << 2,
    MS_OPT_CONFIG = 1 << 3,
    MS_OPT_VM = 1 << 4,
    MS_OPT_EMPTY = 1 << 5,
    MS_OPT_FORCE = 1 << 6,
    MS_OPT_YES = 1 << 7,
    MS_OPT_STATELESS = 1 << 8,
    MS_OPT_STATEFUL = 1 << 9,
    MS_OPT_TYPE = 1 << 10,
    MS_OPT_ACTION = 1 << 11,
    MS_OPT_NO_PROFILES = 1 << 12,
    MS_OPT_QUIET = 1 << 13,
    MS_OPT_DEVICE = 1 << 14,
    MS_OPT_COLUMNS = 1 << 15,            /* lxc list -c (not init's -c: the verb decides) */
    MS_OPT_FORMAT = 1 << 16,             /* -f/--format (not --force's -f) */
    MS_OPT_DESTINATION_TARGET = 1 << 17, /* storage volume copy|move --destination-target */
    MS_OPT_VOLUME_ONLY = 1 << 18,        /* storage volume copy --volume-only */
    MS_OPT_EXPANDED = 1 << 19,           /* lxc config show -e/--expanded */
    MS_OPT_INSTANCE_ONLY = 1 << 20,      /* lxc copy --instance-only */
    MS_OPT_PROJECT = 1 << 21, /* --project: lxc's global flag, accepted by every verb but lxc project's */
    MS_OPT_TARGET_PROJECT = 1 << 22, /* lxc move --target-project */
    MS_OPT_DISK_VOLUMES = 1 << 23,   /* lxc restore --disk-volumes (lxd-6.6+) */
    MS_OPT_REFRESH = 1 << 24,        /* lxc copy --refresh */
    MS_OPT_NETWORK = 1 << 25,        /* lxc launch|init -n/--network */
    MS_OPT_ALIAS = 1 << 26,          /* lxc image copy --alias (repeated) */
    MS_OPT_COPY_ALIASES = 1 << 27,   /* lxc image copy --copy-aliases */
    MS_OPT_START = 1 << 28,          /* lxc copy --start (lxc 6.7+; earlier: cobra's unknown flag) */
    MS_OPT_FAST = 1 << 29,           /* lxc list --fast (-c nsacPt) */
    MS_OPT_MODE = 1 << 30,           /* lxc copy, storage volume copy --mode pull|push|relay */
} MsLxcOption;

/* lxc list's columns without -c or --fast (lxc/list.go:141 at lxd-5.0.2) */
#define MS_LIST_DEFAULT_COLUMNS "ns46tSL"

typedef enum {
    MS_SLOT_END, /* terminates a verb's slots */
    MS_SLOT_INSTANCE,
    MS_SLOT_IMAGE,
    MS_SLOT_SOURCE, /* INSTANCE[/SNAPSHOT] */
    MS_SLOT_POOL,
    MS_SLOT_VOLUME,
    MS_SLOT_DEVICE,
    MS_SLOT_DEVICE_TYPE,
    MS_SLOT_PROFILE,
    MS_SLOT_MEMBER,
    MS_SLOT_DRIVER,
    MS_SLOT_NEW_NAME,
    MS_SLOT_SNAPSHOT,
    MS_SLOT_NETWORK,
    MS_SLOT_GROUP,
    MS_SLOT_GROUPS,        /* GROUP[,GROUP...] */
    MS_SLOT_KEY,           /* one key, no value (unset, get) */
    MS_SLOT_VOLUME_SOURCE, /* POOL/VOLUME[/SNAPSHOT]: pool, volume, snapshot */
    MS_SLOT_VOLUME_DEST,   /* POOL/VOLUME: new_pool, new_name */
    MS_SLOT_CUSTOM_VOLUME, /* [custom/]VOLUME (lxc's parseVolume): volume */
    MS_SLOT_PROJECT,
    MS_SLOT_ADDRESS, /* a network forward's listen address */
    MS_SLOT_FILE,    /* a file on the client's host (storage volume import): path */
} MsLxcSlot;

/* What the arguments after the slots are. */
typedef enum {
    MS_TAIL_NONE,
    MS_TAIL_PAIRS,     /* KEY=VALUE... */
    MS_TAIL_SET_PAIRS, /* KEY VALUE | KEY=VALUE... */
    MS_TAIL_INSTANCES, /* NAME...: every argument, the first also in op->instance */
    MS_TAIL_COMMAND,   /* CMD...: the words after the slots, as typed (lxc exec: op->command_args) */
} MsLxcTail;

#define MS_LXC_MAX_SLOTS 5
#define MS_LXC_MANY G_MAXUINT

typedef struct MsLxcVerb MsLxcVerb;

/* One command line being bound to an MsOp. */
typedef struct {
    const MsLxcVerb *verb;
    const char *command; /* the words as typed: "storage volume mv" */
    GPtrArray *args;     /* positional arguments */
    MsOp *op;
} MsLxcBinding;

struct MsLxcVerb {
    const char *words; /* the words after `lxc` */
    const char *alias; /* the same command spelled otherwise, nullable */
    MsOpKind kind;
    guint options;  /* MsLxcOption: the options lxc accepts here (that migsim models) */
    guint min, max; /* positional arguments */
    MsLxcSlot slots[MS_LXC_MAX_SLOTS];
    MsLxcTail tail;
    const char *usage; /* after `lxc WORDS`, in the arity error */
    gboolean launches; /* lxc launch: init, then start */
    /* instead of the generic binder (arguments whose meaning depends on
     * their number or on an option) */
    gboolean (*bind)(const MsLxcBinding *b, GError **error);
    /* after the slots are bound, before the tail */
    gboolean (*check)(const MsLxcBinding *b, GError **error);
    /* instead of printing the slots (ms_op_to_command) */
    void (*print)(GPtrArray *words, const MsOp *op);
    /* the whole argv, for a command that is not parsed like the others */
    MsOp *(*raw)(char **argv, GError **error);
    /* the words after `incus` (cmd/incus at v6.0.4) when they differ from
     * @words; MS_LXC_NO_INCUS: the Incus client has no such command */
    const char *incus;
    const char *incus_alias; /* another Incus spelling, nullable */
    /* MsLxcOption: options lxc has for other commands but not for this one
     * in any release; a line using one parses, and lxc refuses it ("unknown
     * flag: --stateful", CLI.UNKNOWN_FLAG) */
    guint unknown;
};

#define MS_LXC_NO_INCUS ""

/* The words the Incus client takes for @verb, or NULL when it has none. */
static inline const char *
ms_lxc_incus_words(const MsLxcVerb *verb)
{
    if (verb->incus == NULL)
        return verb->words;
    return verb->incus[0] != '\0' ? verb->incus : NULL;
}

/* (element-type MsLxcVerb) the table, in ms-lxc.c */
extern const MsLxcVerb ms_lxc_verbs[];
extern const guint ms_lxc_n_verbs;
/* Incus' storage volume snapshot delete|rename|show (MsOp.incus_snapshot_form) */
extern const MsLxcVerb ms_lxc_incus_snapshot_verbs[];
extern const guint ms_lxc_n_incus_snapshot_verbs;

static inline guint
ms_lxc_n_slots(const MsLxcVerb *verb)
{
    guint n = 0;

    while (n < MS_LXC_MAX_SLOTS && verb->slots[n] != MS_SLOT_END)
        n++;
    return n;
}

/* Does @verb name a storage pool as its first argument ([REMOTE:]POOL, or
 * [REMOTE:]POOL/VOLUME of a volume copy or move)?  lxc reads the remote
 * of such a command from that argument (ParseServers). */
static inline gboolean
ms_lxc_verb_names_pool(const MsLxcVerb *verb)
{
    return verb->slots[0] == MS_SLOT_POOL || verb->slots[0] == MS_SLOT_VOLUME_SOURCE;
}

/* Where in MsOp a plain slot goes (not KEY, SOURCE, GROUPS): one offset
 * for the binder that writes it and the printer that reads it. */
static inline gsize
ms_lxc_slot_offset(MsLxcSlot slot)
{
    switch (slot) {
    case MS_SLOT_INSTANCE:
        return G_STRUCT_OFFSET(MsOp, instance);
    case MS_SLOT_IMAGE:
        return G_STRUCT_OFFSET(MsOp, image);
    case MS_SLOT_POOL:
        return G_STRUCT_OFFSET(MsOp, pool);
    case MS_SLOT_VOLUME:
        return G_STRUCT_OFFSET(MsOp, volume);
    case MS_SLOT_DEVICE:
        return G_STRUCT_OFFSET(MsOp, device);
    case MS_SLOT_DEVICE_TYPE:
        return G_STRUCT_OFFSET(MsOp, device_type);
    case MS_SLOT_PROFILE:
        return G_STRUCT_OFFSET(MsOp, profile);
    case MS_SLOT_MEMBER:
        return G_STRUCT_OFFSET(MsOp, member);
    case MS_SLOT_DRIVER:
        return G_STRUCT_OFFSET(MsOp, driver);
    case MS_SLOT_NEW_NAME:
        return G_STRUCT_OFFSET(MsOp, new_name);
    case MS_SLOT_SNAPSHOT:
        return G_STRUCT_OFFSET(MsOp, snapshot);
    case MS_SLOT_NETWORK:
        return G_STRUCT_OFFSET(MsOp, network);
    case MS_SLOT_GROUP:
        return G_STRUCT_OFFSET(MsOp, group);
    case MS_SLOT_PROJECT:
        return G_STRUCT_OFFSET(MsOp, project);
    case MS_SLOT_ADDRESS:
        return G_STRUCT_OFFSET(MsOp, address);
    case MS_SLOT_FILE:
        return G_STRUCT_OFFSET(MsOp, path);
    case MS_SLOT_END:
    case MS_SLOT_SOURCE:
    case MS_SLOT_GROUPS:
    case MS_SLOT_KEY:
    case MS_SLOT_VOLUME_SOURCE:
    case MS_SLOT_VOLUME_DEST:
    case MS_SLOT_CUSTOM_VOLUME:
        break;
    }
    g_assert_not_reached();
}

/* The verb (table row) of @op: the one launch/init row that matches
 * op->start, else the first of its kind. */
const MsLxcVerb *ms_lxc_verb_of(const MsOp *op);

/* ---- the options and arguments (ms-lxc-options.c) ---- */

/* A command line's positional arguments and the op its options set. */
typedef struct {
    GPtrArray *args; /* positional */
    MsOp *op;
} MsLxcParsed;

/* Sets an MS_SCENARIO_ERROR_UNSUPPORTED error; returns FALSE. */
gboolean ms_lxc_throw_unsupported(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The options in @argv from @start on that @allowed (MsLxcOption bits)
 * permits go into parsed->op; the rest into parsed->args.  The first of
 * @unknown's options (flags lxc does not define for the command) goes to
 * parsed->op->unknown_flag. */
gboolean ms_lxc_parse_options(char **argv, guint start, guint allowed, guint unknown, const char *command,
                              MsLxcParsed *parsed, GError **error);
/* Is @typed (as in MsOp.typed_flags: "--all", "-e") a flag lxc has for an
 * @kind command that migsim parses without following it?  The model
 * answers such a line "not modelled" (model/ms-apply.c). */
gboolean ms_lxc_flag_unfollowed(MsOpKind kind, const char *typed);
/* @n positional arguments, between @min and @max */
gboolean ms_lxc_want_args(const char *command, guint n, guint min, guint max, const char *usage,
                          GError **error);
/* KEY=VALUE arguments from @from on into op's pairs */
gboolean ms_lxc_add_pairs(MsOp *op, const char *command, GPtrArray *args, guint from, GError **error);
gboolean ms_lxc_any_has_equals(GPtrArray *args, guint from);
/* lxc config set / lxc profile set: "KEY VALUE" or "KEY=VALUE..." */
gboolean ms_lxc_parse_set_pairs(MsOp *op, const char *command, GPtrArray *args, guint from, GError **error);

/* Custom printers (ms-lxc-print.c): add the positional arguments. */
void ms_lxc_print_init(GPtrArray *words, const MsOp *op);
/* lxc rebuild [IMAGE] NAME */
void ms_lxc_print_rebuild(GPtrArray *words, const MsOp *op);
void ms_lxc_print_volume_attach(GPtrArray *words, const MsOp *op);
void ms_lxc_print_incus_snapshot(GPtrArray *words, const MsOp *op);
void ms_lxc_print_storage_list(GPtrArray *words, const MsOp *op);
void ms_lxc_print_query(GPtrArray *words, const MsOp *op);
void ms_lxc_print_list(GPtrArray *words, const MsOp *op);

G_END_DECLS
