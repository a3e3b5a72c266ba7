/* migsim: which instance and profile config keys LXD accepts per release and
 * instance type, and their values (moved from ms-devices.c). */
#include "ms-apply-private.h"
#include "ms-instance-keys-private.h"

#include <string.h>

/* ---- instance config keys (KeyKind, KeyDef: ms-instance-keys-private.h) ---- */

/* A subset of lxd/instance/instancetype/instance.go's key maps: the keys
 * scenarios about migration use.  Unknown keys are rejected as LXD does. */
/* clang-format off */
static const KeyDef instance_keys[] = {
    { "boot.autostart", CT | VM, KEY_BOOL },
    { "boot.autostart.delay", CT | VM, KEY_INT64 },
    { "boot.autostart.priority", CT | VM, KEY_INT64 },
    { "boot.host_shutdown_timeout", CT | VM, KEY_INT64 },
    { "boot.stop.priority", CT | VM, KEY_INT64 },
    { "cluster.evacuate", CT | VM, KEY_EVACUATE },
    { "limits.cpu", CT | VM, KEY_CPU },
    { "limits.memory", CT | VM, KEY_MEMORY },
    { "limits.processes", CT, KEY_INT64 },
    /* a container key at every tag: shared/instance.go:159 at lxd-5.0.2;
     * lxd/instance/instancetype/instance.go:492 at lxd-5.21.7, :504 at
     * lxd-6.9; Incus internal/instance/config.go:439 at v6.0.4 (seen
     * live on Incus 6.0.4, tools/live-random.py --gen 6 --seed 6000) */
    { "limits.cpu.allowance", CT, KEY_ALLOWANCE },
    /* a bool at every LXD tag; Incus also takes a size
     * (internal/instance/config.go:555 at v6.0.4): source_keys answers */
    { "limits.memory.swap", CT, KEY_BOOL, MS_REL_V5(MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL) },
    { "security.protection.delete", CT | VM, KEY_BOOL },
    /* lxd/instance/instancetype/instance.go at lxd-5.21.3 and lxd-6.2, in no
     * earlier tag (lxd-5.0.x, lxd-5.21.2, lxd-6.1) and not in Incus 6.0.x */
    { "security.protection.start", CT | VM, KEY_BOOL, MS_REL_SINCE(3, 2) },
    { "security.privileged", CT, KEY_BOOL },
    { "security.nesting", CT, KEY_BOOL },
    /* security.secureboot and security.csm: source_keys has their
     * releases (csm from 5.15 and 5.21.0, both gone at lxd-6.7 for
     * boot.mode: lxd/instance/instancetype/instance.go:1141,1151 at
     * lxd-6.6, absent at lxd-6.7) */
    { "migration.stateful", VM, KEY_BOOL },
    { "migration.incremental.memory", CT, KEY_BOOL },
    /* lxd/instance/instancetype/instance.go from lxd-6.6 (not at lxd-6.5 nor
     * any 5.21.x), not in Incus 6.0.x */
    { "placement.group", CT | VM, KEY_DEVICE_NAME, MS_REL_SINCE_6(6) },
    /* InstanceConfigKeysAny: shared/instance.go:125,154 at lxd-5.0.2;
     * lxd/instance/instancetype/instance.go:319,327 at lxd-5.21.7 (the
     * test_projects_restrictions moves set raw.idmap) */
    { "raw.apparmor", CT | VM, KEY_ANY },
    { "raw.idmap", CT | VM, KEY_ANY },
    /* lxcValidConfig (KEY_RAW_LXC), then liblxc loads the file: an unknown
     * key fails there (lxd/instance/instance_utils.go:163-165 at lxd-5.0.2;
     * seen live on 5.0.2: raw.lxc=lxc.bogus=1 'Failed to load config file
     * "/tmp/lxd_config_N": loading config file for the container failed') */
    { "raw.lxc", CT, KEY_RAW_LXC },
    { "raw.qemu", VM, KEY_ANY },
    /* validate.IsCron: shared/instance.go:130 at lxd-5.0.2;
     * lxd/instance/instancetype/instance.go:373 at lxd-5.21.7, :375 at
     * lxd-6.9; Incus internal/instance/config.go:309 at v6.0.4 */
    { "snapshots.schedule", CT | VM, KEY_CRON },
    /* shared/instance.go:133-137 at lxd-5.0.2, instancetype/instance.go:404-408
     * at lxd-6.9: shared.GetExpiry (GetSnapshotExpiry at 5.0.0, 5.0.1,
     * 5.1-5.6); Incus internal/instance/config.go's GetExpiry at every tag,
     * snapshots.expiry.manual from v6.0.5 and v6.16.0 (:330 at v6.0.5) */
    { "snapshots.expiry", CT | VM, KEY_EXPIRY },
    { "snapshots.expiry.manual", CT | VM, KEY_EXPIRY,
      { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE,
        { MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 5)), MS_SPAN_FROM(MS_VERSION_INCUS(6, 16, 0)) }, MS_SPAN_NONE } },
};
/* clang-format on */

/* Every key of LXD's and Incus' key maps at each profiled tag, for the keys
 * instance_keys does not have: the releases that know it and its validator
 * class.  Without it, a key LXD knows but instance_keys lacks was answered
 * "Unknown configuration key" (seen live on LXD 5.0.2: linux.kernel_modules,
 * snapshots.expiry, limits.cpu.priority, tools/live-random.py --gen 7). */
static const KeyDef source_keys[] = {
#include "ms-instance-keys-gen.inc"
};

/* The volatile.* keys ConfigKeyChecker knows, read at every LXD tag from
 * lxd-5.0.0 to lxd-6.9 (key maps and the suffix list of its volatile block:
 * shared/instance.go:140-151,262,291-341 at lxd-5.0.2;
 * lxd/instance/instancetype/instance.go:425-476,1011-1035,1185-1199,
 * 1251-1426 at lxd-5.21.7, :427-488,1024-1048,1200-1214,1266-1451 at
 * lxd-6.9).  A suffix entry (leading '.') matches any key ending so,
 * whatever device it names: LXD does not look the device up.  Values are
 * checked by volatile_value_valid, with the validators of the key maps. */
typedef struct {
    const char *key;
    int types;
    MsReleases releases; /* all-NONE: every LXD release */
} VolatileDef;

/* 5.0.0-5.0.2 and 5.1-5.14: in InstanceConfigKeysAny; later in the
 * container (idmap) or VM (vsock_id) map */
#define VOL_ANY_UNTIL_5_15 MS_REL_V5(MS_SPAN_50_UNTIL(3), MS_SPAN_5_UNTIL(15), MS_SPAN_NONE, MS_SPAN_NONE)
#define VOL_TYPED_FROM_5_15 MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(15), MS_SPAN_ALL, MS_SPAN_ALL)
#define VOL_SINCE_5_21_5_6_6                                                  \
    MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)), \
              MS_SPAN_FROM(MS_VERSION(6, 6, 0)))
/* clang-format off */
static const VolatileDef volatile_keys[] = {
    { "volatile.apply_quota", CT | VM },
    { "volatile.apply_template", CT | VM },
    { "volatile.base_image", CT | VM },
    { "volatile.cloud-init.instance-id", CT | VM },
    { "volatile.evacuate.origin", CT | VM },
    { "volatile.last_state.power", CT | VM },
    { "volatile.uuid", CT | VM },
    { "volatile.attached_volumes", CT | VM, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(6, 6, 0))) },
    { "volatile.cluster.group", CT | VM, VOL_SINCE_5_21_5_6_6 },
    { "volatile.bus.mode", VM, VOL_SINCE_5_21_5_6_6 },
    { "volatile.idmap.base", CT | VM, VOL_ANY_UNTIL_5_15 },
    { "volatile.idmap.current", CT | VM, VOL_ANY_UNTIL_5_15 },
    { "volatile.idmap.next", CT | VM, VOL_ANY_UNTIL_5_15 },
    { "volatile.last_state.idmap", CT | VM, VOL_ANY_UNTIL_5_15 },
    { "volatile.vsock_id", CT | VM, VOL_ANY_UNTIL_5_15 },
    { "volatile.idmap.base", CT, VOL_TYPED_FROM_5_15 },
    { "volatile.idmap.current", CT, VOL_TYPED_FROM_5_15 },
    { "volatile.idmap.next", CT, VOL_TYPED_FROM_5_15 },
    { "volatile.last_state.idmap", CT, VOL_TYPED_FROM_5_15 },
    { "volatile.vsock_id", VM, VOL_TYPED_FROM_5_15 },
    { "volatile.last_state.ready", CT | VM, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_5_FROM(5), MS_SPAN_ALL, MS_SPAN_ALL) },
    { "volatile.uuid.generation", CT | VM, MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(12), MS_SPAN_ALL, MS_SPAN_ALL) },
    { "volatile.apply_nvram", VM, MS_REL_V5(MS_SPAN_50_FROM(1), MS_SPAN_5_FROM(2), MS_SPAN_ALL, MS_SPAN_ALL) },
    { ".apply_quota", CT | VM },
    { ".ceph_rbd", CT | VM },
    { ".created", CT | VM },
    { ".host_name", CT | VM },
    { ".hwaddr", CT | VM },
    { ".id", CT | VM },
    { ".last_state.vf.parent", CT | VM },
    { ".mtu", CT | VM },
    { ".name", CT | VM },
    { ".spoofcheck", CT | VM },
    { ".uuid", CT | VM },
    { ".vlan", CT | VM },
    { ".bus", CT | VM, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 3)), MS_SPAN_FROM(MS_VERSION(6, 2, 0))) },
    { ".device", CT | VM, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(5, 21, 3), MS_VERSION(5, 21, 5)), MS_SPAN_RANGE(MS_VERSION(6, 2, 0), MS_VERSION(6, 6, 0))) },
    { ".devlxd.owner", CT | VM, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(6, 6, 0))) },
    { ".driver", CT | VM, MS_REL_V5(MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 5)), MS_SPAN_UNTIL(MS_VERSION(6, 6, 0))) },
    { ".last_state.ip_addresses", CT | VM, MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(14), MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)), MS_SPAN_RANGE(MS_VERSION(6, 1, 0), MS_VERSION(6, 2, 0))) },
    { ".last_state.pci.driver", CT | VM, VOL_SINCE_5_21_5_6_6 },
    { ".last_state.ready", CT | VM, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_5_FROM(5), MS_SPAN_ALL, MS_SPAN_ALL) },
    { ".last_state.usb.bus", CT | VM, VOL_SINCE_5_21_5_6_6 },
    { ".last_state.usb.device", CT | VM, VOL_SINCE_5_21_5_6_6 },
};
/* clang-format on */

/* The suffixes of Incus' volatile block (ConfigKeyChecker, after its key
 * maps: internal/instance/config.go:1125-1311 at v6.0.4, :1060 at v6.0.0,
 * :1243 at v6.0.6, :1287 at v6.23.0; read at every v6.0.x and v6.x tag).
 * Any value (validate.IsAny); the device part is not looked up, and a key
 * that is only a suffix (volatile.name) matches too (strings.HasSuffix). */
/* clang-format off */
static const VolatileDef incus_volatile_suffixes[] = {
    { ".apply_quota", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".ceph_rbd", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".host_name", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".hwaddr", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    /* :1285 at v6.0.6, :1329 at v6.23.0; absent at v6.0.4 and v6.15.0 */
    { ".io.bus", CT | VM, MS_REL_INCUS(MS_INC_SINCE(5, 16)) },
    { ".mig.uuid", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".name", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".vgpu.uuid", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.created", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.hwaddr", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.ip_addresses", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.mtu", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.pci.driver", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.pci.parent", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.pci.slot.name", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.usb.bus", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.usb.device", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.vdpa.name", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.vf.hwaddr", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.vf.id", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.vf.parent", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    { ".last_state.vf.spoofcheck", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
    /* :1447 at v6.0.6, :1491 at v6.23.0; absent at v6.0.5 and v6.21.0 */
    { ".last_state.vf.trusted", CT | VM, MS_REL_INCUS(MS_INC_SINCE(6, 22)) },
    { ".last_state.vf.vlan", CT | VM, MS_REL_INCUS(MS_INC_ALL) },
};
/* clang-format on */

/* Whether a key's release set (all-NONE: every release) has @version. */
static gboolean
releases_every_or_contain(const MsReleases *releases, MsVersion version)
{
    static const MsReleases every = { { 0, 0 }, { 0, 0 }, { 0, 0 }, { { 0, 0 }, { 0, 0 } } };

    return memcmp(releases, &every, sizeof every) == 0 || ms_releases_contain(releases, version);
}

/* Whether some LXD release's ConfigKeyChecker knows the volatile @key for
 * an instance of @type_bits; @any_release: at any LXD release rather than
 * @version. */
static gboolean
volatile_key_known(const char *key, int type_bits, MsVersion version, gboolean any_release)
{
    for (guint i = 0; i < G_N_ELEMENTS(volatile_keys); i++) {
        const VolatileDef *def = &volatile_keys[i];
        gboolean match = def->key[0] == '.' ? g_str_has_suffix(key, def->key) : g_str_equal(key, def->key);

        if (match && (def->types & type_bits) != 0 &&
            (any_release || releases_every_or_contain(&def->releases, version)))
            return TRUE;
    }
    return FALSE;
}

static const KeyDef *key_lookup(const char *key, const MsProfile *profile, int type_bits);

/* Whether Incus' ConfigKeyChecker knows the volatile @key for an instance
 * of @type_bits at @profile: a key of its maps, or one of its suffixes. */
static gboolean
incus_volatile_key_known(const char *key, int type_bits, const MsProfile *profile)
{
    const KeyDef *def = key_lookup(key, profile, type_bits);

    if (def != NULL && (def->types & type_bits) != 0)
        return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(incus_volatile_suffixes); i++) {
        const VolatileDef *suffix = &incus_volatile_suffixes[i];

        if (g_str_has_suffix(key, suffix->key) && (suffix->types & type_bits) != 0 &&
            ms_releases_contain(&suffix->releases, profile->version))
            return TRUE;
    }
    return FALSE;
}

gboolean
ms_instance_volatile_key_unkept(const MsProfile *profile, MsInstanceType type, const char *key, char **device)
{
    /* the volatile keys migsim keeps as LXD does (start, stop, evacuation,
     * placement groups); volatile.architecture is migsim's own */
    static const char *const kept[] = {
        "volatile.last_state.power",
        "volatile.evacuate.origin",
        "volatile.cluster.group",
        "volatile.architecture",
    };
    int type_bits = type == MS_INSTANCE_VM ? VM : CT;
    /* Incus: which of them each release has was not read (any release's) */
    gboolean any_release = ms_profile_is_incus(profile);

    *device = NULL;
    if (!g_str_has_prefix(key, "volatile."))
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(kept); i++)
        if (g_str_equal(key, kept[i]))
            return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(volatile_keys); i++) {
        const VolatileDef *def = &volatile_keys[i];
        gsize len = strlen(key), suffix = strlen(def->key);

        if ((def->types & type_bits) == 0 ||
            !(any_release || releases_every_or_contain(&def->releases, profile->version)))
            continue;
        if (def->key[0] != '.' && g_str_equal(key, def->key))
            return TRUE;
        /* volatile.DEV.SUFFIX: DEV is one word, at least one character */
        if (def->key[0] == '.' && len > suffix + strlen("volatile.") && g_str_has_suffix(key, def->key)) {
            *device = g_strndup(key + strlen("volatile."), len - suffix - strlen("volatile."));
            return TRUE;
        }
    }
    return FALSE;
}

/* Prefixes every release accepts with any value once the maps do not name
 * the key (shared/instance.go:345-355 at lxd-5.0.2; ConfigKeyPrefixesAny,
 * lxd/instance/instancetype/instance.go:42 at lxd-6.9; Incus
 * internal/instance/config.go ConfigKeyChecker at v6.0.4). */
static const char *const free_prefixes[] = {
    "user.",
    "environment.",
    "image.",
    NULL,
};

/* Prefixes whose keys outside the maps some releases accept by suffix or
 * length: volatile.*, limits.kernel.*, linux.sysctl.* (containers),
 * cloud-init.ssh-keys.* (lxd-5.21.x, 6.x), smbios11.* (Incus). */
static const char *const rule_prefixes[] = {
    "volatile.", "limits.kernel.", "linux.sysctl.", "cloud-init.", "smbios11.", NULL,
};

static gboolean
is_lxd_501_502(const MsProfile *profile)
{
    return profile->version == MS_VERSION(5, 0, 1) || profile->version == MS_VERSION(5, 0, 2);
}

typedef enum {
    PREFIX_UNKNOWN,
    PREFIX_ACCEPTED,
    PREFIX_NOT_MODELLED,
} PrefixAnswer;

/* What ConfigKeyChecker answers for @key, which a rule prefix starts and its
 * maps do not name.  At every tag: limits.kernel.NAME is accepted (any
 * type), and linux.sysctl.* on a container or a profile (shared/instance.go
 * :357-365 at lxd-5.0.2; lxd/instance/instancetype/instance.go:400-407 at
 * lxd-5.21.0; ConfigKeyPrefixesContainer, :45 at lxd-6.9; Incus
 * internal/instance/config.go:233-240 at v6.0.0).  Only for lxd-5.0.1 and
 * 5.0.2 (shared/instance.go:291-364 at lxd-5.0.2; 5.0.0 and 5.0.3 differ)
 * the rest: volatile.* with one of thirteen suffixes is accepted, any other
 * volatile.* or cloud-init.* key, limits.kernel. itself and linux.sysctl.*
 * on a VM are unknown (seen live on 5.0.2: volatile.foo, cloud-init.bogus,
 * limits.kernel.). */
static PrefixAnswer
prefix_answer(const char *key, int type_bits, const MsProfile *profile)
{
    /* every LXD release before 5.21.4 and 6.3, 5.0.x and 5.1-5.20 included */
    static const MsReleases sysctl_vm_unknown = MS_REL_V5(
        MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, 4)), MS_SPAN_UNTIL(MS_VERSION(6, 3, 0)));
    static const char *const volatile_suffixes[] = {
        ".hwaddr",      ".name",       ".host_name",
        ".mtu",         ".created",    ".id",
        ".vlan",        ".spoofcheck", ".last_state.vf.parent",
        ".apply_quota", ".ceph_rbd",   ".driver",
        ".uuid",        NULL,
    };

    if (g_str_has_prefix(key, "limits.kernel.") && strlen(key) > strlen("limits.kernel."))
        return PREFIX_ACCEPTED;
    if (g_str_has_prefix(key, "linux.sysctl.") && (type_bits & CT) != 0)
        return PREFIX_ACCEPTED;
    /* linux.sysctl.* on a VM: the same branch (Any or Container only) is
     * the last one before "Unknown configuration key" at every LXD tag
     * until 5.21.4 and 6.3 (git grep at lxd-5.0.0, 5.0.3, 5.0.9, 5.10,
     * 5.20, 5.21.0, 5.21.3 :1290-1293, 6.1, 6.2), which refuse it first
     * (CFG.INST.CT_PREFIX_VM, PR #14584) */
    if (g_str_has_prefix(key, "linux.sysctl.") && !MS_VERSION_IS_INCUS(profile->version) &&
        ms_releases_contain(&sysctl_vm_unknown, profile->version))
        return PREFIX_UNKNOWN;
    if (!is_lxd_501_502(profile))
        return PREFIX_NOT_MODELLED;
    if (g_str_has_prefix(key, "volatile."))
        for (guint i = 0; volatile_suffixes[i] != NULL; i++)
            if (g_str_has_suffix(key, volatile_suffixes[i]))
                return PREFIX_ACCEPTED;
    return PREFIX_UNKNOWN;
}

/* Keys ValidConfig checks again, together with other keys
 * (lxd/instance/instance_utils.go:71-151 at lxd-5.0.2): raw.seccomp and
 * security.syscalls.allow are mutually exclusive with the deny keys, the
 * mount interception keys go through SyscallInterceptMountFilter,
 * nvidia.runtime is refused with security.privileged.  migsim follows none
 * of these: their values are "not modelled". */
static const char *const checked_together[] = {
    "security.syscalls.intercept.mount.allowed",
    "security.syscalls.intercept.mount.fuse",
    "security.syscalls.intercept.mount.shift",
    "nvidia.runtime",
    NULL,
};

/* raw.seccomp and the syscall allow/deny lists: ValidConfig refuses some
 * of them together (lxd/instance/instance_utils.go:90-123 at lxd-5.0.2);
 * alone each is a free text the maps take (seen live on 5.0.2:
 * raw.seccomp=x accepted, tools/live-random.py --gen 7 --seed 5101).  With
 * another syscall key or raw.seccomp in the config the answer is "not
 * modelled". */
static gboolean
seccomp_combined(GHashTable *config, const char *key)
{
    static const char *const lists[] = { "raw.seccomp",
                                         "security.syscalls.allow",
                                         "security.syscalls.whitelist",
                                         "security.syscalls.deny",
                                         "security.syscalls.blacklist",
                                         NULL };
    GHashTableIter iter;
    gpointer other;

    if (!g_strv_contains(lists, key))
        return FALSE;
    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &other, NULL))
        if (!g_str_equal(other, key) &&
            (g_str_has_prefix(other, "security.syscalls.") || g_str_equal(other, "raw.seccomp")))
            return TRUE;
    return FALSE;
}

/* The key's definition at @profile for an instance of @type_bits, from
 * instance_keys or else source_keys (NULL: the maps do not name it). */
static const KeyDef *
key_lookup(const char *key, const MsProfile *profile, int type_bits)
{
    const KeyDef *def = NULL;

    for (guint k = 0; k < G_N_ELEMENTS(instance_keys); k++)
        if (g_str_equal(instance_keys[k].key, key) &&
            releases_every_or_contain(&instance_keys[k].releases, profile->version))
            def = &instance_keys[k];
    if (def != NULL)
        return def;
    for (guint k = 0; k < G_N_ELEMENTS(source_keys); k++)
        if (g_str_equal(source_keys[k].key, key) &&
            releases_every_or_contain(&source_keys[k].releases, profile->version) &&
            (def == NULL || (source_keys[k].types & type_bits) != 0))
            def = &source_keys[k];
    return def;
}

/* The class the key maps give @key at @profile (KEY_UNCHECKED: none). */
static KeyKind
source_kind(const char *key, const MsProfile *profile)
{
    for (guint k = 0; k < G_N_ELEMENTS(source_keys); k++)
        if (g_str_equal(source_keys[k].key, key) &&
            releases_every_or_contain(&source_keys[k].releases, profile->version))
            return source_keys[k].kind;
    return KEY_UNCHECKED;
}

/* Whether @value is a form of limits.cpu that every release accepts: a
 * CPU count of 1..999 (validate.IsValidCPUSet's pattern,
 * shared/validate/validate.go:824 at lxd-5.0.2, :858 at lxd-5.21.7, :885
 * at lxd-6.9).  LXD refuses other values ("Invalid CPU limit syntax": seen
 * live on LXD 5.0.2, tools/live-random.py --gen 3 seed 707) or reads them
 * as CPU sets. */
static gboolean
cpu_plain(const char *value)
{
    const char *end = value;

    while (g_ascii_isdigit(*end))
        end++;
    return end != value && value[0] != '0' && *end == '\0' && end - value <= 3;
}

/* Go's strings.Trim(s, " \t") of the bytes [start, end). */
static char *
trim_blanks(const char *start, const char *end)
{
    while (start < end && (*start == ' ' || *start == '\t'))
        start++;
    while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    return g_strndup(start, end - start);
}

/* lxcValidConfig's refusal of @key, or NULL (lxd/instance/instance_utils.go
 * :227-274 at lxd-5.0.2, :236-251 at lxd-5.21.7, :237-252 at lxd-6.9).  The
 * lxc.net. check is there until 5.21.4 and 6.5 (gone at lxd-5.21.5 and
 * lxd-6.6; Incus below); 5.0.x chose lxc.network. with a liblxc older than 2.1, which no
 * 5.0 snap ships, so the lxc.net. spelling is taken. */
static const char *
raw_lxc_key_error(const MsProfile *profile, const char *key)
{
    /* Incus: until v6.0.4 and v6.10.0, gone at v6.0.5 and v6.16.0
     * (internal/server/instance/instance_utils.go:266 at v6.0.4) */
    static const MsReleases net_check = {
        MS_SPAN_ALL,
        MS_SPAN_UNTIL(MS_VERSION(5, 21, 5)),
        MS_SPAN_UNTIL(MS_VERSION(6, 6, 0)),
        { MS_SPAN_UNTIL(MS_VERSION_INCUS(6, 0, 5)), MS_SPAN_UNTIL(MS_VERSION_INCUS(6, 16, 0)) },
        MS_SPAN_ALL,
    };

    if (g_str_equal(key, "lxc.logfile") || g_str_equal(key, "lxc.log.file"))
        return "Setting lxc.logfile is not allowed";
    if (g_str_equal(key, "lxc.syslog") || g_str_equal(key, "lxc.log.syslog"))
        return "Setting lxc.log.syslog is not allowed";
    if (g_str_equal(key, "lxc.ephemeral"))
        return "Setting lxc.ephemeral is not allowed";
    if (g_str_has_prefix(key, "lxc.prlimit."))
        return "Process limits should be set via \"limits.kernel.[limit name]\" and not directly via "
               "\"lxc.prlimit.[limit name]\"";
    if (g_str_has_prefix(key, "lxc.net.") && ms_releases_contain(&net_check, profile->version)) {
        g_auto(GStrv) fields = g_strsplit(key, ".", -1);
        gboolean address = g_strv_length(fields) == 5 &&
                           (g_str_equal(fields[3], "ipv4") || g_str_equal(fields[3], "ipv6")) &&
                           (g_str_equal(fields[4], "address") || g_str_equal(fields[4], "gateway"));
        if (!address)
            return "Only interface-specific ipv4/ipv6 lxc.net. keys are allowed";
    }
    return NULL;
}

/* Whether liblxc takes @key when LXD loads the file (liblxc's key table is
 * not read here): only the keys LXD's own tests and the live cluster took
 * (lxc.apparmor.profile, seen live on 5.0.2; lxc.net.N.mtu,
 * test/suites/config.sh at lxd-5.21.7 and lxd-6.9), the cgroup and
 * mount-entry keys LXD's documentation sets.  Anything else is "not
 * modelled": an unknown key fails to load (seen live on 5.0.2:
 * lxc.bogus=1; config.sh:114 at lxd-6.9 lxc.notaconfigkey). */
static gboolean
raw_lxc_key_known(const char *key)
{
    static const char *const exact[] = { "lxc.apparmor.profile", "lxc.mount.entry", NULL };
    static const char *const families[] = { "lxc.cgroup.", "lxc.cgroup2.", NULL };
    g_auto(GStrv) fields = g_strsplit(key, ".", -1);

    if (g_strv_contains(exact, key) ||
        (g_strv_length(fields) == 4 && g_str_equal(fields[1], "net") && fields[2][0] != '\0' &&
         strspn(fields[2], "0123456789") == strlen(fields[2]) && g_str_equal(fields[3], "mtu")))
        return TRUE;
    for (guint f = 0; families[f] != NULL; f++)
        if (g_str_has_prefix(key, families[f]) && key[strlen(families[f])] != '\0')
            return TRUE;
    return FALSE;
}

/* What lxcValidConfig says of a raw.lxc value, line by line: NULL when it
 * passes, and then *@all_known says whether liblxc would take every key
 * (raw_lxc_key_known). */
static char *
raw_lxc_error(const MsProfile *profile, const char *value, gboolean *all_known)
{
    g_auto(GStrv) lines = g_strsplit(value, "\n", -1);

    *all_known = TRUE;
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = lines[i];
        const char *eq;
        g_autofree char *key = NULL;
        g_autofree char *lower = NULL;
        const char *refusal;

        /* lxcParseRawLXC skips a line only when it is empty before the
         * leading blanks are trimmed: a line of blanks is refused
         * (lxd/instance/instance_utils.go:183-200 at lxd-5.0.2) */
        if (*line == '\0')
            continue;
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line == '#')
            continue;
        eq = strchr(line, '=');
        if (eq == NULL)
            return g_strdup_printf("Invalid raw.lxc line: %s", line);
        /* lxcValidConfig judges the key lowercased; liblxc reads it as written */
        key = trim_blanks(line, eq);
        lower = g_ascii_strdown(key, -1);
        refusal = raw_lxc_key_error(profile, lower);
        if (refusal != NULL)
            return g_strdup(refusal);
        if (!raw_lxc_key_known(key))
            *all_known = FALSE;
    }
    return NULL;
}

/* A value of @key whose validation migsim does not follow. */
static gboolean
value_not_modelled(MsEnv *env, const char *key, const char *value, MsRejection *out)
{
    return ms_reject_status(out, MS_RULE_NONE, 400,
                            g_strdup_printf("migsim: not modelled for %s: %s=%s; LXD validates %s values in "
                                            "ways migsim does not follow",
                                            env->profile->name, key, value, key));
}

/* A value IsClusterGroupName passes at every tag that has it: empty
 * (Optional), or letters, digits and '-' from a letter or digit
 * (shared/validate/validate.go:962-1001 at lxd-6.9, :917 at lxd-5.21.7: no
 * '*', '.', '..', back slash, slash, space, underscore, quote, non-ASCII). */
static gboolean
plain_group_name(const char *value)
{
    if (*value == '\0')
        return TRUE;
    if (!g_ascii_isalnum(*value))
        return FALSE;
    for (const char *p = value; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-')
            return FALSE;
    return TRUE;
}

/* The device suffixes of ConfigKeyChecker's chain whose validator is not
 * validate.IsAny (git grep at every tag): .created validate.Optional(
 * IsBool) from lxd-5.21.5 and 6.6 (lxd/instance/instancetype/instance.go
 * :1305-1306 at lxd-5.21.5, :1335-1336 at lxd-6.6, :1320-1321 at lxd-6.9;
 * IsAny before), .last_state.ready validate.IsBool (shared/instance.go
 * :369-370 at lxd-5.5, instance.go:1389-1390 at lxd-5.21.7, :1404-1405 at
 * lxd-6.9), .bus validate.Optional(IsUint8) from lxd-5.21.5 and 6.6
 * (:1398-1399 at lxd-5.21.5, :1428-1429 at lxd-6.6, :1413-1414 at lxd-6.9;
 * IsAny at lxd-5.21.3, 5.21.4, 6.2 .. 6.5; LXD #16764) and
 * .last_state.ip_addresses validate.IsListOf(IsNetworkAddress) wherever
 * it exists (instance.go at lxd-5.0.3 .. 5.0.9, 5.21.0 .. 5.21.2, 6.1;
 * shared/instance.go at 5.14 .. 5.20), whose texts migsim does not follow.
 * LXD only: Incus' chain is not read. */
/* clang-format off */
static const KeyDef volatile_typed_suffixes[] = {
    { ".created", CT | VM, KEY_BOOL, VOL_SINCE_5_21_5_6_6 },
    { ".last_state.ready", CT | VM, KEY_BOOL_REQUIRED, MS_REL_V5(MS_SPAN_NONE, MS_SPAN_5_FROM(5), MS_SPAN_ALL, MS_SPAN_ALL) },
    { ".bus", CT | VM, KEY_UINT8, VOL_SINCE_5_21_5_6_6 },
    { ".last_state.ip_addresses", CT | VM, KEY_UNCHECKED, MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(14), MS_SPAN_UNTIL(MS_VERSION(5, 21, 3)), MS_SPAN_RANGE(MS_VERSION(6, 1, 0), MS_VERSION(6, 2, 0))) },
};
/* clang-format on */

static const KeyDef *
volatile_suffix_lookup(const char *key, const MsProfile *profile, int type_bits)
{
    if (ms_profile_is_incus(profile) || !g_str_has_prefix(key, "volatile."))
        return NULL;
    /* the chain tests .last_state.usb.bus (IsAny) before .bus, from the
     * same releases (instance.go:1387 at lxd-6.9) */
    if (g_str_has_suffix(key, ".last_state.usb.bus"))
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(volatile_typed_suffixes); i++) {
        const KeyDef *def = &volatile_typed_suffixes[i];

        if (g_str_has_suffix(key, def->key) && (def->types & type_bits) != 0 &&
            ms_releases_contain(&def->releases, profile->version))
            return def;
    }
    return NULL;
}

/* The value of a volatile key ConfigKeyChecker knows: the validator of the
 * key maps' entry for the type, when the maps name it (volatile.uuid,
 * volatile.vsock_id, ...: shared/instance.go:140-151 at lxd-5.0.2, seen
 * live on 5.0.2: volatile.uuid=x 'Invalid config: Invalid UUID',
 * volatile.vsock_id=x 'Invalid value for an integer "x"'); of the suffix
 * entries, those of volatile_typed_suffixes; the others take any value
 * (validate.IsAny). */
static gboolean
volatile_value_valid(MsEnv *env, const char *key, const char *value, int type_bits, GHashTable *config,
                     const char *subject, MsRejection *out)
{
    const KeyDef *def =
        key_lookup(key, env->profile, type_bits) ?: volatile_suffix_lookup(key, env->profile, type_bits);

    if (def == NULL || (def->types & type_bits) == 0)
        return TRUE;
    if (ms_instance_value_class(def))
        return ms_instance_value_check(env, def, key, value, config, subject, out);
    if (def->kind == KEY_UNCHECKED || (def->kind == KEY_GROUP_NAME && !plain_group_name(value)))
        return value_not_modelled(env, key, value, out);
    return TRUE;
}

/* limits.cpu (KEY_CPU): IsValidCPUSet's syntax, then the rest of it where
 * limits.cpu takes it (5.0.2, 5.0.3+, 5.8+, every 5.21.x and 6.x); the
 * closure of 5.0.0, 5.0.1, 5.1-5.7 and Incus' checks past the syntax are
 * not followed. */
static gboolean
cpu_value_valid(MsEnv *env, const char *key, const char *value, const char *subject, MsRejection *out)
{
    gboolean plain = cpu_plain(value);

    /* validate.Optional: "" is no limit (shared/instance.go:91 at lxd-5.0.2,
     * a func returning nil for "" at lxd-5.0.0; instancetype/instance.go at
     * lxd-5.21.7 and lxd-6.9; internal/instance/config.go at v6.0.4); lxc
     * sends it for `config set c1 limits.cpu=` (seen live on 5.0.2: ok) */
    if (*value == '\0')
        return TRUE;
    /* refused before IsValidCPUSet parses the set (seen live on 5.0.2:
     * limits.cpu=abc) */
    if (ms_env_check(env, MS_RULE_CFG_INST_CPU_SYNTAX, subject, !plain && !ms_cpu_set_syntax_ok(value)))
        return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CPU_SYNTAX);
    if (!plain && source_kind("limits.cpu", env->profile) == KEY_CPUSET)
        return ms_instance_cpuset_check(env, key, value, subject, out);
    if (!plain)
        return value_not_modelled(env, key, value, out);
    return TRUE;
}

/* The value of @key once the key is known: its class's check. */
static gboolean
value_valid(MsEnv *env, const KeyDef *def, const char *key, const char *value, GHashTable *config,
            const char *subject, MsRejection *out)
{
    if (ms_instance_value_class(def))
        return ms_instance_value_check(env, def, key, value, config, subject, out);
    if (def->kind == KEY_CPU)
        return cpu_value_valid(env, key, value, subject, out);
    if (def->kind == KEY_RAW_LXC) {
        gboolean all_known;
        g_autofree char *refusal = raw_lxc_error(env->profile, value, &all_known);
        if (ms_env_check(env, MS_RULE_CFG_INST_RAW_LXC, subject, refusal != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_RAW_LXC, refusal);
        if (!all_known)
            return value_not_modelled(env, key, value, out);
    } else if (def->kind == KEY_UNCHECKED && ms_profile_is_incus(env->profile) &&
               g_str_equal(key, "limits.memory.swap")) {
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD: IsBool) */
        return ms_instance_bool_or_size_check(env, value, subject, out);
    } else if (def->kind == KEY_UNCHECKED && ms_profile_is_incus(env->profile) &&
               g_str_equal(key, "limits.cpu.nodes")) {
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD: IsValidCPUSet) */
        return ms_instance_cpu_nodes_check(env, key, value, subject, out);
    } else if (def->kind == KEY_UNCHECKED || (def->kind == KEY_GROUP_NAME && !plain_group_name(value))) {
        return value_not_modelled(env, key, value, out);
    } else if (def->kind == KEY_EVACUATE) {
        /* Incus adds stateful-stop and force-stop at every tag read
         * (internal/instance/config.go:167 at v6.0.0 and v6.1.0, :178 at
         * v6.0.4, :179 at v6.23.0) */
        static const char *const modes[] = { "auto", "migrate", "live-migrate", "stop", NULL };
        static const char *const incus_modes[] = { "auto", "migrate",       "live-migrate",
                                                   "stop", "stateful-stop", "force-stop",
                                                   NULL };
        const char *const *known = ms_profile_is_incus(env->profile) ? incus_modes : modes;

        /* validate.Optional(IsOneOf(...)) at every tag: "" is the default */
        if (ms_env_check(env, MS_RULE_CFG_INST_EVACUATE_VALUE, subject,
                         *value != '\0' && !g_strv_contains(known, value)))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_EVACUATE_VALUE, value);
    }
    return TRUE;
}

/* A volatile.* key: which ones the release knows, then the value. */
static gboolean
volatile_key_valid(MsEnv *env, int type_bits, GHashTable *config, const char *key, const char *value,
                   const char *subject, MsRejection *out)
{
    if (ms_profile_is_incus(env->profile)) {
        /* Incus: its key maps for the type (the generated table, per tag),
         * then the suffixes of its volatile block, else "Unknown
         * configuration key" (internal/instance/config.go:1490 at v6.0.4;
         * seen live on 6.0.4: volatile.foo, tools/live-random.py --gen 5
         * seed 501) */
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD: the check below) */
        if (ms_env_check(env, MS_RULE_CFG_INST_VOLATILE_UNKNOWN, subject,
                         !incus_volatile_key_known(key, type_bits, env->profile)))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_VOLATILE_UNKNOWN, key);
        return volatile_value_valid(env, key, value, type_bits, config, subject, out);
    }
    if (ms_env_check(env, MS_RULE_CFG_INST_VOLATILE_UNKNOWN, subject,
                     !volatile_key_known(key, type_bits, env->profile->version, FALSE)))
        return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_VOLATILE_UNKNOWN, key);
    return volatile_value_valid(env, key, value, type_bits, config, subject, out);
}

/* What ValidConfig's loop says of one key (validConfigKey and the
 * profile's volatile/image test): FALSE with @out filled when LXD refuses
 * it or migsim cannot tell.  @type_bits: CT, VM, or both for a profile
 * (instancetype.Any: a key any instance type knows is valid). */
static gboolean
key_valid(MsEnv *env, int type_bits, const char *type_name, GHashTable *config, const char *key,
          const char *value, const char *subject, MsRejection *out)
{
    const KeyDef *def = NULL;
    gboolean in_maps;
    PrefixAnswer answer;

    /* ValidConfig(..., instancetype.Any) refuses them on a profile before
     * their checker runs (lxd/instance/instance_utils.go:78,82 at
     * lxd-5.0.2, :60,64 at lxd-5.21.7, :61,65 at lxd-6.9) */
    if (type_bits == (CT | VM)) {
        const char *kind = g_str_has_prefix(key, "volatile.") ? "Volatile"
                           : g_str_has_prefix(key, "image.")  ? "Image"
                                                              : NULL;
        if (ms_env_check(env, MS_RULE_PROFILE_INSTANCE_ONLY_KEY, subject, kind != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_PROFILE_INSTANCE_ONLY_KEY, kind);
    }
    /* volatile.architecture is migsim's own record of the image
     * architecture (LXD keeps it out of the config), never validated */
    if (g_str_has_prefix(key, "volatile."))
        return g_str_equal(key, "volatile.architecture") ||
               volatile_key_valid(env, type_bits, config, key, value, subject, out);
    /* a container's prefix on a VM (CFG.INST.CT_PREFIX_VM): limits.kernel.NAME
     * after its value's check (validate.IsAny, so nothing comes first) at
     * 5.0.4-5.0.9, 5.21.0-5.21.3, 6.1, 6.2 and Incus 6.0.2+/6.4+; from 5.21.4
     * and 6.3 any key starting limits.kernel. or linux.sysctl., checked first
     * (lxd/instance/instance_utils.go:166 at lxd-5.0.4, :129 at lxd-5.21.0,
     * :131 at lxd-5.21.7, :132 at lxd-6.9; Incus internal/server/instance/
     * instance_utils.go:160 at v6.0.4); a profile (CT | VM) is instancetype.Any */
    if (type_bits == VM &&
        (g_str_has_prefix(key, "limits.kernel.") || g_str_has_prefix(key, "linux.sysctl.")) &&
        ms_rule_applies(MS_RULE_CFG_INST_CT_PREFIX_VM, env->profile)) {
        gboolean any_key = strstr(ms_rule_format(MS_RULE_CFG_INST_CT_PREFIX_VM, env->profile) ?: "",
                                  "virtual-machine") != NULL;

        if (any_key && ms_env_check(env, MS_RULE_CFG_INST_CT_PREFIX_VM, subject, TRUE))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CT_PREFIX_VM, key);
        /* dead in lxd-5.0.0..5.0.3,lxd-5.1..5.20,lxd-5.21.4..5.21.7,lxd-6.3..6.9: the rule is absent or has the form above */
        if (ms_env_check(env, MS_RULE_CFG_INST_CT_PREFIX_VM, subject,
                         g_str_has_prefix(key, "limits.kernel.") && key[strlen("limits.kernel.")] != '\0'))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CT_PREFIX_VM, key);
    }
    /* the maps first, then the prefixes (ConfigKeyChecker's order) */
    def = key_lookup(key, env->profile, type_bits);
    in_maps = def != NULL && (def->types & type_bits) != 0;
    for (guint p = 0; !in_maps && free_prefixes[p] != NULL; p++)
        if (g_str_has_prefix(key, free_prefixes[p]))
            return TRUE;
    for (guint p = 0; !in_maps && rule_prefixes[p] != NULL; p++) {
        if (!g_str_has_prefix(key, rule_prefixes[p]))
            continue;
        answer = prefix_answer(key, type_bits, env->profile);
        if (answer == PREFIX_NOT_MODELLED)
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: %s=%s; which keys "
                                                    "outside its key maps LXD accepts by prefix is "
                                                    "followed for lxd-5.0.1 and 5.0.2 only",
                                                    env->profile->name, key, value));
        if (answer == PREFIX_ACCEPTED)
            return TRUE;
        break;
    }
    if (g_str_equal(key, "migration.stateful")) {
        /* Incus from 6.0.1 has it for every instance type
         * (internal/instance/config.go:249 at v6.0.1, :260 at v6.0.4, seen
         * live): the rule does not apply there and the value is checked as
         * a bool below */
        if (ms_rule_applies(MS_RULE_CFG_CT_STATEFUL, env->profile) &&
            ms_env_check(env, MS_RULE_CFG_CT_STATEFUL, subject, type_bits == CT))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_CT_STATEFUL);
    } else if (ms_env_check(env, MS_RULE_CFG_INST_UNKNOWN_KEY, subject, !in_maps)) {
        /* a profile is validated as instancetype.Any, which the type-map
         * check skips (lxd/instance/instance_utils.go:148 at lxd-5.21.7,
         * :149 at lxd-6.9): ConfigKeyChecker answers, quoting the key in
         * the releases that have the type-map text (lxd/instance/
         * instancetype/instance.go:1428 at lxd-5.21.7, :1453 at lxd-6.9;
         * unquoted at lxd-5.21.3 and lxd-6.2) */
        if (type_bits == (CT | VM) &&
            strstr(ms_rule_format(MS_RULE_CFG_INST_UNKNOWN_KEY, env->profile) ?: "", "supported for") != NULL)
            return ms_reject(out, MS_RULE_CFG_INST_UNKNOWN_KEY,
                             g_strdup_printf("Invalid config: Unknown configuration key: \"%s\"", key));
        return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_UNKNOWN_KEY, key, type_name);
    }
    return value_valid(env, def, key, value, config, subject, out);
}

/* ValidConfig's last check, of a config that is not the expanded one (an
 * instance's local config on create and update, a profile's): "auto"
 * refused when limits.cpu pins CPUs, which IsStaticCPUPinning reads as a
 * ',' or '-' anywhere in it (lxd/instance/instance_utils.go:118-123 and
 * shared/validate/validate.go:930-936 at lxd-5.21.7; :119-124 and
 * :953-959 at lxd-6.9; from lxd-5.21.3 and lxd-6.2 with the key).  Every
 * caller here passes such a config: the expanded config's validation
 * (expanded=true) skips it, so a profile's auto and an instance's pinning
 * limits.cpu pass.  Whatever key the release does not know was refused
 * before. */
static gboolean
cpu_pin_auto_valid(MsEnv *env, GHashTable *config, const char *subject, MsRejection *out)
{
    const char *strategy = g_hash_table_lookup(config, "limits.cpu.pin_strategy");
    const char *limit = g_hash_table_lookup(config, "limits.cpu");
    gboolean pinned = limit != NULL && strpbrk(limit, ",-") != NULL;

    if (strategy == NULL || !g_str_equal(strategy, "auto"))
        return TRUE;
    if (ms_env_check(env, MS_RULE_CFG_INST_CPU_PIN_AUTO, subject, pinned))
        return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CPU_PIN_AUTO);
    return TRUE;
}

/* ValidConfig walks the config, a Go map, and answers the first key that
 * fails (lxd/instance/instance_utils.go:73-85 at lxd-5.0.2, :55-72 at
 * lxd-5.21.7, :59-72 at lxd-6.9; Incus internal/server/instance/
 * instance_utils.go ValidConfig at v6.0.4): with several bad keys, LXD
 * names any one of them.  migsim answers the first in sorted order and
 * lists the others' texts as LXD's other possible answers
 * (MsRejection.alternatives); when a key's answer is not known, the whole
 * answer is not either.  The checks of several keys together come after
 * every key passed. */
static gboolean
config_validate(MsEnv *env, int type_bits, const char *type_name, GHashTable *config, const char *subject,
                MsRejection *out)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);
    g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func(g_free);
    g_auto(MsRejection) unknown = { 0 };

    for (guint i = 0; keys[i] != NULL; i++) {
        const char *value = g_hash_table_lookup(config, keys[i]);
        g_auto(MsRejection) refusal = { 0 };

        if (key_valid(env, type_bits, type_name, config, keys[i], value, subject, &refusal))
            continue;
        if (refusal.rule == MS_RULE_NONE) {
            if (unknown.message == NULL)
                unknown =
                    (MsRejection){ refusal.rule, refusal.http_status, g_steal_pointer(&refusal.message) };
        } else if (out->message == NULL)
            ms_reject_status(out, refusal.rule, refusal.http_status, g_steal_pointer(&refusal.message));
        else
            g_ptr_array_add(others, g_steal_pointer(&refusal.message));
    }
    if (unknown.message != NULL) {
        ms_rejection_clear(out);
        return ms_reject_status(out, MS_RULE_NONE, unknown.http_status, g_steal_pointer(&unknown.message));
    }
    if (out->message != NULL) {
        if (others->len > 0)
            out->alternatives = g_steal_pointer(&others);
        return FALSE;
    }
    for (guint i = 0; keys[i] != NULL; i++)
        if (g_strv_contains(checked_together, keys[i]) || seccomp_combined(config, keys[i]))
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: %s=%s; LXD checks %s "
                                                    "together with other keys, which migsim does not follow",
                                                    env->profile->name, keys[i],
                                                    (const char *) g_hash_table_lookup(config, keys[i]),
                                                    keys[i]));
    return cpu_pin_auto_valid(env, config, subject, out);
}

/* Keys a running container's update applies to the host at once, with
 * outcomes that depend on the host (modprobe, cgroup controllers,
 * AppArmor): lxd/instance/drivers/driver_lxc.go:4249-4540 at lxd-5.0.2
 * (seen live on 5.0.2: linux.kernel_modules=ip_tables 'Failed to load kernel
 * module ...: "modprobe": executable file not found', loop taken (built in);
 * limits.disk.priority 'Initialize LXC: Cannot apply limits.disk.priority as
 * blkio.weight cgroup controller is missing' (:1193, initLXC); every
 * limits.hugepages.* value, 0 included, 'setting cgroup item for the
 * container failed' on a host whose hugetlb controller LXD finds but the
 * container's cgroup lacks (:4524-4553); raw.apparmor=garbage((( taken on a
 * host without AppArmor, refused by apparmor_parser on one with it).  Only
 * the keys of source_keys: the hand table's limits.cpu, limits.memory,
 * limits.processes, limits.memory.swap and security.nesting keep their
 * answers.  Not here, because every host answers alike (seen live on 5.0.2,
 * 2026-12-06, lane 5; tests/live/scenarios/host-keys-running.scn):
 * security.devlxd (a bind mount of LXD's own devlxd directory, or its
 * removal through the instance's SFTP; :4261-4288 at lxd-5.0.2, :4514-4545
 * at lxd-5.21.7, :4077 at lxd-6.9; Incus has no such key) and
 * limits.network.priority (setNetworkPriority :6537-6588 at lxd-5.0.2:
 * skipped without net_prio, else any 0..10 written to every interface,
 * taken if one takes it; the key is gone from 5.21 and Incus).
 * limits.memory.enforce and limits.memory.swap.priority
 * are not here: they take limits.memory's own branch ("limits.memory" or
 * prefix "limits.memory.": the same cgroup writes whichever of the keys
 * changed, the swappiness for both swap keys alike; driver_lxc.go:4321-4473
 * at lxd-5.0.2, :4582-4732 at lxd-5.21.7, :4145-4295 at lxd-6.9, Incus
 * internal/server/instance/drivers/driver_lxc.go:4658-4808 at v6.0.4), so
 * they answer as limits.memory and limits.memory.swap do (seen live on
 * 5.0.2, 2026-12-05: swap=false, swap.priority=5, swap=true,
 * swap.priority=0, enforce=soft and their unsets on a running container,
 * all taken). */
gboolean
ms_instance_key_applied_to_host(const char *key, const char *value)
{
    static const char *const keys[] = {
        "limits.disk.priority",
        "raw.apparmor",
        NULL,
    };

    if (g_str_equal(key, "linux.kernel_modules"))
        return value != NULL && *value != '\0';
    return g_strv_contains(keys, key) || g_str_has_prefix(key, "limits.hugepages.");
}

gboolean
ms_instance_key_container_only(const char *key, const MsProfile *profile)
{
    const KeyDef *def = key_lookup(key, profile, CT);

    return def != NULL && (def->types & VM) == 0;
}

gboolean
ms_instance_config_validate(MsEnv *env, MsInstanceType type, GHashTable *config, const char *subject,
                            MsRejection *out)
{
    return config_validate(env, type == MS_INSTANCE_VM ? VM : CT, ms_instance_type_to_string(type), config,
                           subject, out);
}

gboolean
ms_profile_config_validate(MsEnv *env, GHashTable *config, const char *subject, MsRejection *out)
{
    /* lxd/profiles_utils.go:27 (lxd-5.0.2): ValidConfig(..., instancetype.Any) */
    return config_validate(env, CT | VM, "", config, subject, out);
}
