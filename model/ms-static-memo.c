/* migsim: a memo of the static validation (ValidDevices) of an instance's
 * expanded devices for a move's target-create probe (ms-migrate.c,
 * expanded_devices_valid): a move of a local-root instance asks whether
 * the target's create would refuse the set (createFromMigration's
 * ValidDevices, lxd/instance/drivers/load.go:109-131 at lxd-5.21.7), and
 * only the answer is kept: the probe records no check, no note and no
 * assumption, so that answer is the AND of ms_device_validate over the
 * set's devices in ms_apply_static_context's context (the order only
 * decides which device fails first, which nobody reads).
 *
 * A disk with a non-empty pool= and no recursive= key whose option values
 * all pass their rules is validated once per key below.  What
 * ms_device_validate then validate_disk read of it in that context
 * (MS_VALIDATE_STATIC, for_profile FALSE, an instance), each read with the
 * part of the key that holds it:
 * - type "disk": DEV.TYPE_MISSING, DEV.UNSUPPORTED_TYPE and the dispatch
 *   (a precondition of the memo);
 * - the release's features (ISO_VOLUMES: the key lists of DISK.KEYS and
 *   DISK.CT_IO; DISK_STATEFUL_RULES): the profile;
 * - the names of the device's keys (DISK.KEYS, DISK.CT_IO, DISK.REQ_OPT,
 *   DISK.SIZE_ROOT_ONLY, DISK.SIZESTATE_ROOT_ONLY, DISK.VOL_SHIFT): the
 *   sorted names;
 * - the option values of disk_value_rules (DISK.VALUE): only whether they
 *   pass, a precondition (ms_disk_value_valid);
 * - the instance type (DISK.CT_IO, with instance_name non-NULL here): the
 *   type;
 * - path: whether it is empty or "/" (root, DISK.NEED_SOURCE, the
 *   DUP_PATH test) and how many disks of the instance's local set are at it
 *   (DISK.DUP_PATH, more than one): the path class and the duplicate flag;
 * - source: whether it is empty (DISK.NEED_SOURCE, DISK.ROOT_NO_SOURCE)
 *   and whether it starts with "/" (DISK.VOL_ABS): the source class (the
 *   pool-less branch, DISK.SRC_ABS and the host source, is not reached);
 * - pool: only that it is not empty (DISK.ROOT_NEED_POOL; the pool is not
 *   looked up in static mode but for a profile: section C);
 * - recursive: absent, a precondition (validate_disk_recursive reads the
 *   member's host path and the value's emptiness otherwise);
 * - io.threads, io.bus, io.cache: not empty when present, a precondition
 *   (DISK.CT_IO reads whether the value is empty: an empty one passes);
 * - the device's name (DEV.NAME: validate_device_name, IsDeviceName and
 *   Incus 7's IsAPIName): a precondition, plain_device_name;
 * - migration.stateful, the pool's state, the volume, the member, the
 *   project: not read (is_vm_stateful needs instance mode; section C, the
 *   Pending check and validate_custom_volume need a looked-up pool).
 * Every other device (nics, pool-less disks, ...) is validated afresh.
 * In clusters small enough for the model's self-checks (the corpus, the
 * explorer, the unit tests) every answer is compared with
 * ms_apply_validate_devices_static's, which aborts on a difference. */
#include "ms-apply-private.h"

#include <string.h>

#include "ms-cluster-private.h"
#include "ms-config.h"

#define STATIC_MEMO_MAX_KEYS 32

typedef enum { CLASS_EMPTY, CLASS_ROOT_OR_ABSOLUTE, CLASS_OTHER } ValueClass;

typedef struct {
    guint hash;
    guint n_keys;
    /* sorted; in a stored memo an array of its own holding
     * ms_str_intern_forever's strings, the pointers a frozen set's keys
     * are, so that comparing them mostly compares pointers */
    const char **keys;
    ValueClass path_class, source_class;
    gboolean duplicate;
    MsInstanceType type;
    const MsProfile *profile;
    gboolean valid; /* the result */
} StaticMemo;

static void
static_memo_free(gpointer data)
{
    StaticMemo *memo = data;

    g_free(memo->keys);
    g_free(memo);
}

static guint
static_memo_hash(gconstpointer data)
{
    return ((const StaticMemo *) data)->hash;
}

static gboolean
static_memo_equal(gconstpointer a, gconstpointer b)
{
    const StaticMemo *x = a, *y = b;

    if (x->hash != y->hash || x->n_keys != y->n_keys || x->path_class != y->path_class ||
        x->source_class != y->source_class || x->duplicate != y->duplicate || x->type != y->type ||
        x->profile != y->profile)
        return FALSE;
    for (guint i = 0; i < x->n_keys; i++)
        if (x->keys[i] != y->keys[i] && strcmp(x->keys[i], y->keys[i]) != 0)
            return FALSE;
    return TRUE;
}

GHashTable *
ms_static_memos_new(void)
{
    return g_hash_table_new_full(static_memo_hash, static_memo_equal, static_memo_free, NULL);
}

static ValueClass
value_class(const char *value, char special)
{
    return *value == '\0' ? CLASS_EMPTY : value[0] == special ? CLASS_ROOT_OR_ABSOLUTE : CLASS_OTHER;
}

/* A device name every release's name checks pass: 1 .. 63 bytes of ASCII
 * letters, digits, '-', '_', '.' and ':', a letter or digit at both ends.
 * validate.IsDeviceName allows those bytes and no leading '.'
 * (shared/validate/validate.go:757-778 at lxd-5.0.2, :783-802 at lxd-6.9,
 * :759-780 at Incus v6.0.4); validate.IsAPIName(name, false), which Incus
 * 7.0.1 and 7.1+ apply to device names, refuses white space and $ ? & + "
 * ' ` * / and a non-alphanumeric first or last byte (validate.go:575-611
 * at v7.1.0).  Other names (a state file's, or one valid at the state's
 * release and not at -p's) are validated afresh: ms_device_validate's
 * answer depends on them. */
static gboolean
plain_device_name(const char *name)
{
    gsize len = strlen(name);

    if (len < 1 || len > 63 || !g_ascii_isalnum(name[0]) || !g_ascii_isalnum(name[len - 1]))
        return FALSE;
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':')
            return FALSE;
    return TRUE;
}

/* Fills @probe with @device's key (borrowing @keys, of
 * STATIC_MEMO_MAX_KEYS); FALSE when the device is not one the memo holds
 * (see the top of the file). */
static gboolean
static_probe(StaticMemo *probe, const char **keys, const MsDeviceContext *ctx, const char *name,
             MsDevice *device)
{
    const char *path = "", *source = "", *pool = "", *type = "";
    MsDevices *own;
    MsDeviceIter iter;
    const char *k, *value;
    guint h = 5381, n = 0;

    if (ms_device_count(device) > STATIC_MEMO_MAX_KEYS || !plain_device_name(name))
        return FALSE;
    ms_device_iter_init(&iter, device);
    /* an insertion sort: a disk has a handful of keys */
    while (ms_device_iter_next(&iter, &k, &value)) {
        guint j = n++;

        value = value != NULL ? value : ""; /* as ms_device_get */
        /* the first byte before strcmp: every key of every probe comes here */
        if ((k[0] == 'r' && strcmp(k, "recursive") == 0) || !ms_disk_value_valid(k, value) ||
            (k[0] == 'i' && *value == '\0' && ms_disk_io_key(k)))
            return FALSE;
        if (k[0] == 't' && strcmp(k, "type") == 0)
            type = value;
        else if (k[0] == 'p' && strcmp(k, "path") == 0)
            path = value;
        else if (k[0] == 's' && strcmp(k, "source") == 0)
            source = value;
        else if (k[0] == 'p' && strcmp(k, "pool") == 0)
            pool = value;
        for (; j > 0 && strcmp(keys[j - 1], k) > 0; j--)
            keys[j] = keys[j - 1];
        keys[j] = k;
    }
    if (strcmp(type, "disk") != 0 || *pool == '\0')
        return FALSE;
    *probe = (StaticMemo){
        .n_keys = n,
        .keys = keys,
        .path_class = value_class(path, '/'),
        .source_class = value_class(source, '/'),
        .type = ctx->type,
        .profile = ctx->env->profile,
    };
    /* CLASS_ROOT_OR_ABSOLUTE of a path is "/" itself only: */
    if (probe->path_class == CLASS_ROOT_OR_ABSOLUTE && path[1] != '\0')
        probe->path_class = CLASS_OTHER;
    /* a set of one device has no other disk at the path: no walk */
    own = ctx->local_devices != NULL ? ctx->local_devices : ctx->sibling_devices;
    probe->duplicate = *path != '\0' && ms_devices_count(own) > 1 && ms_devices_disks_at(own, path) > 1;
    for (guint i = 0; i < n; i++)
        h = h * 33 + g_str_hash(keys[i]);
    h = h * 33 + (guint) probe->path_class * 3 + (guint) probe->source_class;
    h = h * 33 + (guint) probe->duplicate * 8 + (guint) probe->type;
    probe->hash = h ^ (guint) GPOINTER_TO_SIZE(probe->profile);
    return TRUE;
}

/* @device's validity; *@memoised is cleared when it was validated afresh
 * (its answer may then read more than the key) */
static gboolean
device_valid(const MsDeviceContext *ctx, GHashTable *memos, const char *name, MsDevice *device,
             gboolean *memoised)
{
    const char *keys[STATIC_MEMO_MAX_KEYS];
    g_auto(MsRejection) refusal = { 0 };
    StaticMemo probe, *memo;

    if (!static_probe(&probe, keys, ctx, name, device)) {
        *memoised = FALSE;
        return ms_device_validate(ctx, name, device, &refusal);
    }
    memo = g_hash_table_lookup(memos, &probe);
    if (memo == NULL) {
        memo = g_memdup2(&probe, sizeof(probe));
        memo->keys = g_new(const char *, probe.n_keys);
        for (guint i = 0; i < probe.n_keys; i++)
            memo->keys[i] = ms_str_intern_forever(probe.keys[i]);
        memo->valid = ms_device_validate(ctx, name, device, &refusal);
        g_hash_table_add(memos, memo);
    }
    return memo->valid;
}

/* What the probe asked before the memo: the whole static validation with
 * a throwaway outcome. */
static gboolean
validate_fresh(MsApply *apply, const MsInstance *instance, MsDevices *devices)
{
    g_auto(MsRejection) refusal = { 0 };
    MsEnv quiet = { .profile = apply->env->profile, .client = apply->env->client };
    MsApply probe = { apply->cluster, &quiet, apply->profile, apply->op, ms_outcome_new() };
    gboolean valid =
        ms_apply_validate_devices_static(&probe, instance, devices, FALSE, MS_RULE_NONE, &refusal);

    ms_outcome_free(probe.outcome);
    return valid;
}

/* The answer for a frozen set as its slot keeps it (valid, instance type,
 * release), or 0 when it cannot be kept: a release outside the table. */
static guint
set_answer(const MsProfile *profile, MsInstanceType type, gboolean valid)
{
    guint n;
    const MsProfile *all = ms_profiles(&n);
    guintptr at = (guintptr) profile, first = (guintptr) all;

    if (at < first || at >= first + n * sizeof(*all) || (guint) type > 3)
        return 0;
    return 1u | (valid ? 2u : 0u) | ((guint) type << 2) | ((guint) (profile - all) << 4);
}

/* A frozen device set never changes (every holder copies it before a
 * change), so when the instance's expanded set is its own frozen set and
 * every device of it was answered from the memo, the answer is a function
 * of the set, the instance type and the release, kept with the set: the
 * other move of the instance in a rolling maintenance (and every instance
 * sharing the set) reads it without a probe. */
gboolean
ms_static_devices_valid(MsApply *apply, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(apply->cluster, instance);
    GHashTable *memos = ms_cluster_static_memos(apply->cluster);
    MsEnv quiet = { .profile = apply->env->profile, .client = apply->env->client };
    MsApply quiet_apply = { apply->cluster, &quiet, apply->profile, apply->op, NULL };
    const MsClusterPriv *priv = (const MsClusterPriv *) apply->cluster;
    MsDeviceContext ctx;
    MsDevicesIter iter;
    const char *name;
    MsDevice *device;
    gboolean valid = TRUE, memoised = TRUE;
    /* the set is the instance's own (no profile devices): the duplicate
     * path count reads it too */
    guint *slot =
        devices == instance->devices ? ms_cluster_static_answer_slot(apply->cluster, devices) : NULL;
    guint kept = slot != NULL ? *slot : 0;

    if (kept != 0 && (kept | 2u) == set_answer(quiet.profile, instance->type, TRUE)) {
        valid = (kept & 2u) != 0;
    } else {
        ms_apply_static_context(&ctx, &quiet_apply, instance, devices, FALSE);
        ms_devices_iter_init(&iter, devices);
        while (valid && ms_devices_iter_next(&iter, &name, &device))
            valid = device_valid(&ctx, memos, name, device, &memoised);
        if (slot != NULL && memoised)
            *slot = set_answer(quiet.profile, instance->type, valid);
    }
    if (!priv->self_checks_off && g_hash_table_size(apply->cluster->instances) <= MS_MODEL_SELF_CHECK_MAX &&
        validate_fresh(apply, instance, devices) != valid)
        g_error("ms-static-memo.c: the static validation memo of %s's devices says %s, a validation the "
                "opposite: validate_disk reads an input the memo's key (static_probe) does not hold",
                instance->name, valid ? "valid" : "invalid");
    return valid;
}
