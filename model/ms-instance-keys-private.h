/* migsim: the classes of instance config key validators, shared by the key
 * tables (ms-instance-keys.c) and the value checks (ms-instance-values.c). */
#pragma once

#include "ms-apply-private.h"

G_BEGIN_DECLS

typedef enum {
    KEY_ANY,
    KEY_BOOL,
    KEY_INT64, /* validate.Optional(validate.IsInt64) */
    KEY_EVACUATE,
    KEY_RAW_LXC, /* lxcValidConfig after validate.IsAny */
    /* limits.cpu: its closure at lxd-5.0.0, 5.0.1, 5.1-5.7 and in Incus is
     * not followed (plain counts pass, other values "not modelled") */
    KEY_CPU,
    /* a key of LXD's maps whose validator migsim does not follow (or that
     * differs between the releases that have the key): its values are
     * "not modelled" */
    KEY_UNCHECKED,
    /* validate.Optional(validate.IsClusterGroupName): the names of groups
     * (letters, digits and '-', from a letter or digit) pass; others are
     * "not modelled" */
    KEY_GROUP_NAME,
    /* the classes ms_instance_value_check answers (shared/validate/validate.go
     * at every tag; the generator names them from the key maps) */
    KEY_BOOL_REQUIRED, /* validate.IsBool: "" is refused too */
    KEY_UINT8,         /* validate.Optional(validate.IsUint8) */
    KEY_UINT32,        /* validate.Optional(validate.IsUint32) */
    KEY_PRIORITY,      /* validate.Optional(validate.IsPriority) */
    KEY_SIZE,          /* validate.Optional(validate.IsSize) */
    KEY_ONE_OF,        /* validate.Optional(validate.IsOneOf(KeyDef.choices)) */
    KEY_UUID,          /* validate.Optional(validate.IsUUID) */
    KEY_CLOUD_INIT,    /* validate.Optional(validate.IsCloudInitUserData) */
    KEY_NVIDIA,        /* validate.IsNvidiaConfigValue */
    KEY_CPUSET,        /* validate.Optional(validate.IsValidCPUSet) */
    KEY_MEMORY,        /* limits.memory's closure: a percentage or a byte size */
    KEY_ALLOWANCE,     /* limits.cpu.allowance's closure: N% or Nms/Mms */
    KEY_CRON,          /* validate.Optional(validate.IsCron(aliases)) */
    KEY_EXPIRY,        /* shared.GetExpiry (snapshots.expiry) */
    KEY_DEVICE_NAME,   /* validate.IsDeviceName (placement.group, 6.6+) */
} KeyKind;

typedef struct {
    const char *key;
    int types; /* bit 0 container, bit 1 VM */
    KeyKind kind;
    /* the releases that know the key; a zero-initialised (all-NONE) set
     * means every release */
    MsReleases releases;
    /* KEY_ONE_OF: the allowed values, joined by spaces as Go's %s prints
     * the slice inside its brackets */
    const char *choices;
} KeyDef;

#define CT 1
#define VM 2

/* Whether @def's class is one ms_instance_value_check answers. */
gboolean ms_instance_value_class(const KeyDef *def);
/* The value check of @def's class for @key=@value: FALSE when LXD refuses
 * it or migsim cannot tell (@out filled: the rule's text, or "not
 * modelled"); @config: the whole config, for the keys checked together. */
gboolean ms_instance_value_check(MsEnv *env, const KeyDef *def, const char *key, const char *value,
                                 GHashTable *config, const char *subject, MsRejection *out);

/* validate.IsValidCPUSet's regular expression (CFG.INST.CPU_SYNTAX). */
gboolean ms_cpu_set_syntax_ok(const char *value);
/* The rest of IsValidCPUSet for a value of the right syntax: FALSE with
 * @out filled when LXD refuses it or migsim cannot tell. */
/* Incus' limits.memory.swap: validate.Or(IsBool, IsSize), whose refusal is
 * "%q isn't a valid value" (rule CFG.INST.OR_VALUE). */
gboolean ms_instance_bool_or_size_check(MsEnv *env, const char *value, const char *subject, MsRejection *out);
gboolean ms_instance_cpu_nodes_check(MsEnv *env, const char *key, const char *value, const char *subject,
                                     MsRejection *out);
gboolean ms_instance_cpuset_check(MsEnv *env, const char *key, const char *value, const char *subject,
                                  MsRejection *out);

/* model/ms-cron.c: validate.IsCron with robfig/cron v3.0.1, shared.GetExpiry */
typedef enum {
    MS_CRON_OK,
    MS_CRON_NOT_FIVE, /* a trigger of other than five space-split fields */
    MS_CRON_BAD,      /* ParseStandard's error in *error */
    MS_CRON_UNKNOWN,  /* not followed (non-ASCII text, "@every ") */
} MsCronAnswer;

/* @instance_aliases: the nine aliases of snapshots.schedule on an
 * instance, else the seven of a volume's */
MsCronAnswer ms_cron_check(const char *value, gboolean instance_aliases, char **error);
/* Whether every trigger of @value is an alias or five fields each '*' or
 * a number in the field's range: what every schedule parser takes */
gboolean ms_cron_plain(const char *value);
/* GetExpiry's error for @value, NULL when it reads it; @with_seconds: the
 * unit S is known (lxd-5.0.2+, 5.7+, 5.21.x, 6.x, Incus) */
char *ms_expiry_error(const char *value, gboolean with_seconds);
/* Whether GetExpiry knows the unit S at @profile's release */
gboolean ms_expiry_seconds(const MsProfile *profile);
/* Go's strings.TrimSpace */
char *ms_go_trim_space(const char *value);
/* strconv.Atoi's error (64-bit int), NULL when it reads @value */
char *ms_go_atoi_error(const char *value);
/* strconv.ParseInt(@value, 10, 64)'s error, NULL when it reads it (*@out) */
char *ms_go_parse_int_error(const char *value, gint64 *out);

G_END_DECLS
