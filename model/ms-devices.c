/* migsim: device and instance-config validation, as LXD runs it.
 *
 * Disk rules follow lxd/device/disk.go validateConfig() in its evaluation
 * order (first failing rule wins); see the rule table for per-release texts.
 * Host paths are what the scenario declares (`host-path MEMBER
 * dir|file|missing PATH...`); a path never declared is taken as an
 * existing directory, and the transcript says so. */
#include "ms-apply-private.h"
#include "ms-names.h"

#include <string.h>

/* clang-format off */
static const char *const disk_keys_all[] = {
    "type", "required", "optional", "readonly", "recursive", "shift", "source",
    "limits.read", "limits.write", "limits.max", "size", "size.state", "pool",
    "propagation", "raw.mount.options", "ceph.cluster_name", "ceph.user_name",
    "boot.priority", "path", NULL,
};
/* clang-format on */
/* Keys added after 5.0 (lxd/device/disk.go at lxd-5.21.7). */
static const char *const disk_keys_new[] = {
    "source.type", "source.snapshot", "io.cache", "io.bus", "io.threads", NULL,
};

const char *
ms_device_get(const MsDevice *device, const char *key)
{
    const char *value = ms_device_lookup(device, key);

    return value != NULL ? value : "";
}

static gboolean
is_vm_stateful(const MsDeviceContext *ctx)
{
    return ctx->mode == MS_VALIDATE_INSTANCE && ctx->type == MS_INSTANCE_VM && ctx->stateful;
}

#define CHECK(rule, condition) ms_env_check(ctx->env, (rule), name, (condition))
#define FAIL(rule, ...) ms_reject_rule(out, ctx->env->profile, (rule), ##__VA_ARGS__)

/* g_str_equal of a device's type and the literal @lit, the first byte
 * first: a validation compares the type with several literals, and a
 * strcmp call costs some twenty instructions */
#define TYPE_IS(type, lit) ((type)[0] == (lit)[0] && strcmp((type), "" lit "") == 0)

/* g_strv_contains, comparing the first byte before calling strcmp: every
 * key of every disk validated goes through it. */
static gboolean
key_listed(const char *const *list, const char *key)
{
    for (; *list != NULL; list++)
        if ((*list)[0] == key[0] && strcmp(*list, key) == 0)
            return TRUE;
    return FALSE;
}

/* What validate_disk reads of a disk's own map, found in one walk of it
 * instead of a lookup per read (a custom-volume disk is validated on every
 * move of its instance). */
typedef struct {
    const char *path, *source, *pool; /* "" when absent, as ms_device_get */
    const char *bad_key;              /* the first (in byte order) key no disk has in the release, or NULL */
    const char *initial_key;          /* an initial.* key Device.Validate lets through, or NULL */
    guint has;                        /* bit i: the map holds disk_has_keys[i] */
} DiskView;

/* and the keys read only when present, so that an absent one costs no
 * lookup (each read of the map is a hashed lookup) */
static const char *const disk_has_keys[] = { "io.threads", "io.bus",      "io.cache",       "required",
                                             "optional",   "size",        "size.state",     "shift",
                                             "recursive",  "source.type", "source.snapshot" };
enum {
    HAS_IO_THREADS = 1,
    HAS_IO_BUS = 2,
    HAS_IO_CACHE = 4,
    HAS_REQUIRED = 8,
    HAS_OPTIONAL = 16,
    HAS_SIZE = 32,
    HAS_SIZE_STATE = 64,
    HAS_SHIFT = 128,
    HAS_RECURSIVE = 256,
    HAS_SOURCE_TYPE = 512,
    HAS_SOURCE_SNAPSHOT = 1024
};
G_STATIC_ASSERT(G_N_ELEMENTS(disk_has_keys) == 11);

/* ms_device_get of @key, which the walk of @view found in @device when
 * (@view->has & @bit) */
static const char *
disk_key(MsDevice *device, const DiskView *view, guint bit, const char *key)
{
    return (view->has & bit) != 0 ? ms_device_get(device, key) : "";
}

/* The releases whose Device.Validate lets initial.* through
 * (lxd/device/config/devices.go:54-56 at lxd-5.19, :54-65 at lxd-5.21.7
 * and lxd-6.9; absent at lxd-5.0.9 and lxd-5.18; internal/server/device/
 * config/devices.go:49-52 at v6.0.4), for the disk to validate against the
 * pool's driver later (disk.go:615-648 at lxd-5.21.7, :610-636 at lxd-6.9;
 * internal/server/device/disk.go:602-642 at v6.0.4): not followed by
 * migsim. */
static const MsReleases disk_initial_keys = { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL,
                                              MS_SPAN_5_FROM(19) };

static gboolean
disk_initial_key(const MsProfile *profile, const char *key)
{
    return g_str_has_prefix(key, "initial.") && ms_releases_contain(&disk_initial_keys, profile->version);
}

/* disk_has_keys interned, once for the process (the explorer's threads
 * meet here: g_once) */
static const char *has_keys[G_N_ELEMENTS(disk_has_keys)];
static gsize has_keys_ready;

static void
disk_view(MsDevice *device, const MsProfile *profile, gboolean new_keys, DiskView *view)
{
    MsDeviceIter iter;
    const char *k, *value;

    *view = (DiskView){ "", "", "", NULL, NULL, 0 };
    if (g_once_init_enter(&has_keys_ready)) {
        for (guint i = 0; i < G_N_ELEMENTS(disk_has_keys); i++)
            has_keys[i] = g_intern_static_string(disk_has_keys[i]);
        g_once_init_leave(&has_keys_ready, 1);
    }
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &k, &value)) {
        /* k is interned (a device's key): pointer compares */
        const char **slot = k == MS_DEVICE_KEY("path")     ? &view->path
                            : k == MS_DEVICE_KEY("source") ? &view->source
                            : k == MS_DEVICE_KEY("pool")   ? &view->pool
                                                           : NULL;

        if (slot != NULL && value != NULL)
            *slot = value;
        for (guint i = 0; i < G_N_ELEMENTS(disk_has_keys); i++)
            if (has_keys[i] == k)
                view->has |= 1u << i;
        if (k[0] == 'i' && disk_initial_key(profile, k))
            view->initial_key = k;
        else if (!key_listed(disk_keys_all, k) && !(new_keys && key_listed(disk_keys_new, k)) &&
                 (view->bad_key == NULL || strcmp(k, view->bad_key) < 0))
            view->bad_key = k;
    }
}

/* io.threads, io.bus, io.cache: refused on containers when not empty
 * (DISK.CT_IO) */
gboolean
ms_disk_io_key(const char *key)
{
    return strcmp(key, "io.threads") == 0 || strcmp(key, "io.bus") == 0 || strcmp(key, "io.cache") == 0;
}

/* How many disks of @devices are mounted at @path. */
static guint
disks_at(MsDevices *devices, const char *path)
{
    guint count = 0;
    MsDevicesIter sib;
    MsDevice *sib_dev;

    /* the path first: a sibling rarely shares it, so its type is mostly
     * not read (each read is a lookup) */
    ms_devices_iter_init(&sib, devices);
    while (ms_devices_iter_next(&sib, NULL, &sib_dev))
        if (g_str_equal(ms_device_get_lit(sib_dev, "path"), path) &&
            g_str_equal(ms_device_get_lit(sib_dev, "type"), "disk"))
            count++;
    return count;
}

/* The checks of a disk on a custom volume of @pool (disk.go validateConfig
 * and, in instance mode, the volume's own); FALSE when refused. */
static gboolean
validate_custom_volume(const MsDeviceContext *ctx, const char *name, MsDevice *device, const DiskView *view,
                       const MsPool *pool, MsRejection *out)
{
    const MsProfile *profile = ctx->env->profile;
    const char *path = view->path;
    const char *source = view->source;
    const char *pool_name = view->pool;
    gboolean new_keys = ms_profile_has(profile, MS_FEATURE_ISO_VOLUMES);
    const MsVolume *volume = NULL;
    gboolean lxd50 = !new_keys;

    if (ms_profile_has(profile, MS_FEATURE_BLOCK_SHARED) && ctx->instance_name != NULL) {
        if (CHECK(MS_RULE_DISK_SELF_ATTACH,
                  g_str_equal(disk_key(device, view, HAS_SOURCE_TYPE, "source.type"), "virtual-machine") &&
                      g_str_equal(source, ctx->instance_name)))
            return FAIL(MS_RULE_DISK_SELF_ATTACH);
    }
    /* source.type=virtual-machine names another VM's root volume
     * (lxd/device/disk.go:153-154,273 at lxd-6.9; the key is in lxd-5.21.7
     * and from 6.3): migsim has no instance volumes, and loading
     * "custom/SOURCE" instead answered a confident wrong text (LXD PR
     * #15364's reproducer) */
    if (g_str_equal(disk_key(device, view, HAS_SOURCE_TYPE, "source.type"), "virtual-machine"))
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: disk \"%s\" attaches the "
                                                "root volume of virtual machine \"%s\" "
                                                "(source.type=virtual-machine): migsim does not model "
                                                "instance volumes",
                                                profile->name, name, source));
    if (!lxd50 || ctx->mode == MS_VALIDATE_INSTANCE) {
        const char *member = ms_pool_is_remote(pool) ? NULL : ctx->member;
        const char *snapshot = disk_key(device, view, HAS_SOURCE_SNAPSHOT, "source.snapshot");

        volume = ms_cluster_lookup_volume(ctx->cluster, ms_cluster_volume_project(ctx->cluster, ctx->project),
                                          pool_name, source, member);
        /* source.snapshot names the snapshot volume "VOL/SNAP"
         * (sourceVolumeFields, lxd/device/disk.go at lxd-6.9) */
        if (volume != NULL && *snapshot != '\0' &&
            !g_ptr_array_find_with_equal_func(volume->snapshots, snapshot, g_str_equal, NULL))
            volume = NULL;
        if (CHECK(MS_RULE_DISK_VOL_LOOKUP, volume == NULL)) {
            /* the name for the text only: made when it is refused, not per validation */
            g_autofree char *looked_up =
                *snapshot != '\0' ? g_strdup_printf("%s/%s", source, snapshot) : g_strdup(source);
            /* the storage project, which 5.21.4+ and 6.3+ name (%q of
             * storageProjectName, lxd/device/disk.go:564 at lxd-5.21.7,
             * :559 at lxd-6.9): the instance's own project when it has
             * features.storage.volumes, else default */
            return FAIL(MS_RULE_DISK_VOL_LOOKUP, looked_up,
                        ms_project_display(ms_cluster_volume_project(ctx->cluster, ctx->project)));
        }
    }
    if (volume != NULL && volume->content_type == MS_CONTENT_BLOCK &&
        ms_profile_has(profile, MS_FEATURE_BLOCK_SHARED)) {
        gboolean shared = ms_is_true(ms_config_get(volume->config, "security.shared"));
        if (ctx->for_profile) {
            if (CHECK(MS_RULE_DISK_BLOCK_SHARED_PROFILE, !shared))
                return FAIL(MS_RULE_DISK_BLOCK_SHARED_PROFILE);
        } else if (!shared) {
            gboolean used = ms_cluster_volume_used_elsewhere(ctx->cluster, volume, ctx->instance_name, NULL);
            if (CHECK(MS_RULE_DISK_BLOCK_SHARED_INSTANCE, used))
                return FAIL(MS_RULE_DISK_BLOCK_SHARED_INSTANCE);
        }
    }
    if (volume != NULL && ctx->mode == MS_VALIDATE_INSTANCE) {
        const MsDriverDef *driver = ms_driver_lookup(pool->driver);

        /* dead in lxd-5.0.x,lxd-5.21.x,lxd-6.x: lxd-5.0.x checks at the site
         * above (new_keys is false), and from lxd-5.21.0 no custom volume
         * can exist in a Pending pool: creating one fails first
         * (VOLUME.POOL_PENDING, backend_lxd.go:5356 at lxd-5.21.7) */
        if (new_keys && CHECK(MS_RULE_DISK_POOL_PENDING, pool->state == MS_POOL_PENDING))
            return FAIL(MS_RULE_DISK_POOL_PENDING, pool_name);
        if (driver != NULL && driver->remote && !driver->multi_node) {
            gboolean elsewhere =
                ms_cluster_volume_used_elsewhere(ctx->cluster, volume, ctx->instance_name, ctx->member);
            if (CHECK(MS_RULE_DISK_ATTACHED_REMOTE, elsewhere))
                return FAIL(MS_RULE_DISK_ATTACHED_REMOTE);
        }
        if (volume->content_type == MS_CONTENT_BLOCK) {
            if (CHECK(MS_RULE_DISK_BLOCK_ON_CT, ctx->type == MS_INSTANCE_CONTAINER))
                return FAIL(MS_RULE_DISK_BLOCK_ON_CT);
            if (CHECK(MS_RULE_DISK_BLOCK_PATH, *path != '\0'))
                return FAIL(MS_RULE_DISK_BLOCK_PATH);
        } else if (volume->content_type == MS_CONTENT_ISO) {
            if (CHECK(MS_RULE_DISK_ISO_ON_CT, ctx->type == MS_INSTANCE_CONTAINER))
                return FAIL(MS_RULE_DISK_ISO_ON_CT);
            if (CHECK(MS_RULE_DISK_ISO_PATH, *path != '\0'))
                return FAIL(MS_RULE_DISK_ISO_PATH);
        } else {
            if (CHECK(MS_RULE_DISK_FS_NEED_PATH, *path == '\0'))
                return FAIL(MS_RULE_DISK_FS_NEED_PATH);
        }
    }
    return TRUE;
}

/* D. migration.stateful restrictions for VMs (5.21.3+/6.2+), instance mode
 * only: they read the expanded config, which static validation lacks.
 * @pool is the disk's pool when it was looked up, else NULL. */
static gboolean
validate_disk_stateful(const MsDeviceContext *ctx, const char *name, MsDevice *device, const DiskView *view,
                       const MsPool *pool, MsRejection *out)
{
    const char *path = view->path;
    const char *pool_name = view->pool;
    gboolean root = g_str_equal(path, "/");

    if (!ms_profile_has(ctx->env->profile, MS_FEATURE_DISK_STATEFUL_RULES) || !is_vm_stateful(ctx))
        return TRUE;
    if (CHECK(MS_RULE_DISK_STATEFUL_SHARED_FS, *path != '\0' && !root))
        return FAIL(MS_RULE_DISK_STATEFUL_SHARED_FS);
    if (CHECK(MS_RULE_DISK_STATEFUL_MANAGED, *pool_name == '\0'))
        return FAIL(MS_RULE_DISK_STATEFUL_MANAGED);
    if (CHECK(MS_RULE_DISK_STATEFUL_NVME, g_str_equal(disk_key(device, view, HAS_IO_BUS, "io.bus"), "nvme")))
        return FAIL(MS_RULE_DISK_STATEFUL_NVME);
    if (CHECK(MS_RULE_DISK_STATEFUL_REMOTE_POOL, !root && pool != NULL && !ms_pool_is_remote(pool)))
        return FAIL(MS_RULE_DISK_STATEFUL_REMOTE_POOL);
    return TRUE;
}

/* The disk options whose values migsim checks as LXD's rules map does
 * (lxd/device/disk.go:156-174 at lxd-5.0.2): booleans and byte sizes.  The
 * others take any value (source, path, pool, limits.*), or have validators
 * not followed here (boot.priority, io.*): accepted. */
static const struct {
    const char *key;
    gboolean size; /* validate.IsSize, else validate.IsBool */
} disk_value_rules[] = {
    { "required", FALSE }, { "optional", FALSE }, { "readonly", FALSE },  { "recursive", FALSE },
    { "shift", FALSE },    { "size", TRUE },      { "size.state", TRUE },
};

/* What the rule of disk_value_rules[@i] says of @value: NULL when it
 * passes (empty passes: validate.Optional) */
static char *
disk_value_error(gsize i, const char *value)
{
    if (value == NULL || *value == '\0')
        return NULL;
    if (disk_value_rules[i].size)
        return ms_byte_size_error(value);
    return ms_is_valid_bool(value) ? NULL : g_strdup_printf("Invalid value for a boolean \"%s\"", value);
}

/* The index in disk_value_rules of the rule for @key, or -1.  The device's
 * own keys (a handful) are matched against the table rather than the
 * table's seven keys looked up in the device: the same values are checked,
 * without hashing a key that is not there (every disk validation and every
 * root-disk memo key comes here). */
static gssize
disk_value_rule_index(const char *key)
{
    for (gsize i = 0; i < G_N_ELEMENTS(disk_value_rules); i++)
        if (disk_value_rules[i].key[0] == key[0] && strcmp(disk_value_rules[i].key, key) == 0)
            return (gssize) i;
    return -1;
}

/* Hooks for ms-static-memo.c's key, which must read what validate_disk
 * reads: whether @value passes disk_value_rules' rule for @key (TRUE for a
 * key without one), and disks_at. */
gboolean
ms_disk_value_valid(const char *key, const char *value)
{
    gssize i = disk_value_rule_index(key);
    g_autofree char *error = i >= 0 ? disk_value_error((gsize) i, value) : NULL;

    return error == NULL;
}

guint
ms_devices_disks_at(MsDevices *devices, const char *path)
{
    return disks_at(devices, path);
}

/* Device.Validate runs the rules before it looks for unknown keys, in the
 * Go map's random order: the first bad value it meets is the answer
 * (lxd/device/config/devices.go:23-33 at lxd-5.0.2).  With one bad value
 * that is deterministic; with two, LXD may name either, which migsim says
 * it does not model. */
static gboolean
validate_disk_values(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out)
{
    g_autofree char *inner = NULL;
    const char *bad_key = NULL;
    gssize bad_index = G_MAXSSIZE;
    guint n_bad = 0;
    MsDeviceIter iter;
    const char *key, *value;

    /* the device's keys in map order; the one named is the first bad one
     * in disk_value_rules order, as when the table was walked */
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        gssize i = disk_value_rule_index(key);
        g_autofree char *error = i >= 0 ? disk_value_error((gsize) i, value) : NULL;

        if (error == NULL)
            continue;
        n_bad++;
        if (i < bad_index) {
            bad_index = i;
            bad_key = disk_value_rules[i].key;
            g_free(inner);
            inner = g_steal_pointer(&error);
        }
    }
    if (n_bad > 1)
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: disk device \"%s\" has %u options "
                            "with invalid values; LXD names one of them, picked in Go's "
                            "random map order",
                            ctx->env->profile->name, name, n_bad));
    if (CHECK(MS_RULE_DISK_VALUE, n_bad == 1))
        return FAIL(MS_RULE_DISK_VALUE, bad_key, inner);
    return TRUE;
}

/* The member whose LXD validates: the instance's, or for a profile the one
 * the request reaches (the client's; the first member without `on`). */
static const MsMember *
validating_member(const MsDeviceContext *ctx)
{
    const char *member = ctx->member != NULL ? ctx->member : ctx->env->client;

    if (member != NULL)
        return ms_cluster_lookup_member(ctx->cluster, member);
    return ctx->cluster->members->len > 0 ? ctx->cluster->members->pdata[0] : NULL;
}

/* What @member's host has at the absolute @path; an undeclared path is
 * taken as an existing directory and said so once per request. */
static MsHostPath
host_path(const MsDeviceContext *ctx, const MsMember *member, const char *name, const char *path)
{
    MsHostPath state = ms_member_host_path(member, path);

    if (state != MS_HOST_PATH_UNDECLARED)
        return state;
    ms_env_assume(ctx->env,
                  "%s: disk \"%s\": host path \"%s\" on %s taken as an existing directory (LXD checks the "
                  "member's file system; declare it with `host-path %s dir|file|missing %s`)",
                  ctx->env->profile->name, name, path, member != NULL ? member->name : "the member",
                  member != NULL ? member->name : "MEMBER", path);
    return MS_HOST_PATH_DIR;
}

/* disk.go's sourceIsLocalPath: a source that is no ceph RBD or CephFS
 * path and no config drive (lxd/device/disk.go:122-137 at lxd-5.0.2;
 * Incus adds agent:config, internal/server/device/disk.go:146-163 at
 * v6.0.4). */
static gboolean
source_is_local(const MsProfile *profile, const char *source)
{
    /* sourceIsLocalPath: ceph:/cephfs: prefixes and cloud-init:config
     * exactly (lxd/device/disk.go:122-136 at lxd-5.0.2; any other
     * "cloud-init:..." is a relative host path), Incus' agent:config too
     * (MS_FEATURE_DISK_SOURCE_AGENT) */
    return *source != '\0' && !g_str_equal(source, "cloud-init:config") &&
           !(ms_profile_has(profile, MS_FEATURE_DISK_SOURCE_AGENT) && g_str_equal(source, "agent:config")) &&
           !g_str_has_prefix(source, "ceph:") && !g_str_has_prefix(source, "cephfs:");
}

/* recursive= needs a directory of the host as source (shared.IsDir on the
 * host path: lxd/device/disk.go:206-211 at lxd-5.0.2, :472-477 at
 * lxd-5.21.7, :463-468 at lxd-6.9), in every mode; a relative source is
 * looked up from the daemon's working directory, which migsim does not
 * know. */
static gboolean
validate_disk_recursive(const MsDeviceContext *ctx, const char *name, MsDevice *device, const DiskView *view,
                        gboolean root, const char *source, MsRejection *out)
{
    const char *recursive = disk_key(device, view, HAS_RECURSIVE, "recursive");
    gboolean not_dir = root;

    if (*recursive == '\0')
        return TRUE;
    if (!root && source[0] != '/')
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: disk \"%s\" has recursive= and "
                                                "the relative source \"%s\", which LXD looks up from its "
                                                "working directory",
                                                ctx->env->profile->name, name, source));
    if (!root)
        not_dir = host_path(ctx, validating_member(ctx), name, source) != MS_HOST_PATH_DIR;
    if (CHECK(MS_RULE_DISK_RECURSIVE, not_dir))
        return FAIL(MS_RULE_DISK_RECURSIVE);
    if (CHECK(MS_RULE_DISK_RECURSIVE_RO,
              ms_is_true(recursive) && ms_is_true(ms_device_get_lit(device, "readonly"))))
        return FAIL(MS_RULE_DISK_RECURSIVE_RO);
    return TRUE;
}

/* A required host source must exist on the member that loads the
 * instance (validateConfig with d.inst != nil: lxd/device/disk.go:246-247
 * at lxd-5.0.2, :512-513 at lxd-5.21.7, :503-504 at lxd-6.9; Incus
 * internal/server/device/disk.go:445-446 at v6.0.4).  A disk with
 * required=false passes, and its Start skips it (disk.go:465-468 at
 * lxd-5.0.2). */
static gboolean
validate_disk_source_exists(const MsDeviceContext *ctx, const char *name, MsDevice *device,
                            const DiskView *view, const char *source, MsRejection *out)
{
    const char *required = disk_key(device, view, HAS_REQUIRED, "required");
    const char *optional = disk_key(device, view, HAS_OPTIONAL, "optional");
    gboolean is_required = (*required == '\0' || ms_is_true(required)) && !ms_is_true(optional);
    gboolean missing;

    if (ctx->mode != MS_VALIDATE_INSTANCE || !is_required || !source_is_local(ctx->env->profile, source))
        return TRUE;
    missing = host_path(ctx, validating_member(ctx), name, source) == MS_HOST_PATH_MISSING;
    if (CHECK(MS_RULE_DISK_SOURCE_MISSING, missing))
        return FAIL(MS_RULE_DISK_SOURCE_MISSING, source, name);
    return TRUE;
}

static gboolean
validate_disk(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out)
{
    const MsProfile *profile = ctx->env->profile;
    gboolean new_keys = ms_profile_has(profile, MS_FEATURE_ISO_VOLUMES);
    DiskView view;
    const char *path, *source, *pool_name;
    gboolean root;
    const MsPool *pool = NULL;

    disk_view(device, profile, new_keys, &view);
    path = view.path;
    source = view.source;
    pool_name = view.pool;
    root = g_str_equal(path, "/");

    /* A. values, then key syntax */
    if (!validate_disk_values(ctx, name, device, out))
        return FALSE;
    if (CHECK(MS_RULE_DISK_KEYS, view.bad_key != NULL))
        return FAIL(MS_RULE_DISK_KEYS, view.bad_key);
    /* even "" (an unset, which lxc sends as "": ms_apply_device_keys_set)
     * is validated, against the pool's driver or refused on a non-root disk */
    if (view.initial_key != NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: disk \"%s\" has %s; LXD "
                                                "validates initial.* against the pool's driver",
                                                profile->name, name, view.initial_key));

    /* B. structure (all modes) */
    if (new_keys && ctx->type == MS_INSTANCE_CONTAINER && ctx->instance_name != NULL) {
        /* a key set to "" passes: LXD tests the value (d.config["io.bus"]
         * != "", lxd/device/disk.go:432-438 at lxd-5.21.7, :422-427 at
         * lxd-6.9) */
        const char *io = *disk_key(device, &view, HAS_IO_THREADS, "io.threads") != '\0' ? "threads"
                         : *disk_key(device, &view, HAS_IO_BUS, "io.bus") != '\0'       ? "bus"
                         : *disk_key(device, &view, HAS_IO_CACHE, "io.cache") != '\0'   ? "cache"
                                                                                        : NULL;
        if (CHECK(MS_RULE_DISK_CT_IO, io != NULL))
            return FAIL(MS_RULE_DISK_CT_IO, io);
    }
    if (CHECK(MS_RULE_DISK_REQ_OPT, (view.has & HAS_REQUIRED) && (view.has & HAS_OPTIONAL)))
        return FAIL(MS_RULE_DISK_REQ_OPT);
    if (CHECK(MS_RULE_DISK_NEED_SOURCE, *source == '\0' && !root))
        return FAIL(MS_RULE_DISK_NEED_SOURCE);
    if (root) {
        if (CHECK(MS_RULE_DISK_ROOT_NO_SOURCE, *source != '\0'))
            return FAIL(MS_RULE_DISK_ROOT_NO_SOURCE);
        if (CHECK(MS_RULE_DISK_ROOT_NEED_POOL, *pool_name == '\0'))
            return FAIL(MS_RULE_DISK_ROOT_NEED_POOL);
    } else {
        if (CHECK(MS_RULE_DISK_SIZE_ROOT_ONLY, (view.has & HAS_SIZE) != 0))
            return FAIL(MS_RULE_DISK_SIZE_ROOT_ONLY);
        if (CHECK(MS_RULE_DISK_SIZESTATE_ROOT_ONLY, (view.has & HAS_SIZE_STATE) != 0))
            return FAIL(MS_RULE_DISK_SIZESTATE_ROOT_ONLY);
    }
    if (!validate_disk_recursive(ctx, name, device, &view, root, source, out))
        return FALSE;
    if (*path != '\0' && (ctx->local_devices != NULL || ctx->sibling_devices != NULL)) {
        /* LXD counts the instance's local disks with this path (itself
         * only when it is local): a profile disk may share the path of one
         * local disk (lxd/device/disk.go:219-231 at lxd-5.0.2; seen
         * live: tests/live/scenarios/device-dup-path.scn) */
        gboolean duplicate =
            disks_at(ctx->local_devices != NULL ? ctx->local_devices : ctx->sibling_devices, path) > 1;
        if (CHECK(MS_RULE_DISK_DUP_PATH, duplicate))
            return FAIL(MS_RULE_DISK_DUP_PATH, path);
    }
    if (*pool_name == '\0' && *source != '\0') {
        if (CHECK(MS_RULE_DISK_SRC_ABS, source_is_local(profile, source) && source[0] != '/'))
            return FAIL(MS_RULE_DISK_SRC_ABS);
        if (!validate_disk_source_exists(ctx, name, device, &view, source, out))
            return FALSE;
    }
    if (*pool_name != '\0') {
        if (CHECK(MS_RULE_DISK_VOL_SHIFT, (view.has & HAS_SHIFT) != 0))
            return FAIL(MS_RULE_DISK_VOL_SHIFT);
        /* A source naming a snapshot ("VOL/SNAP"): refused from lxd-6.7
         * (lxd/device/disk.go:514 at lxd-6.9).  Before it GetStoragePoolVolume
         * finds the snapshot's record by that name (storage_volumes_all,
         * lxd/db/storage_volumes.go:121 at lxd-5.0.2) and the disk is
         * accepted (LXD issue #17125 at 6.6), which migsim does not follow.
         * Incus reads "TYPE/NAME" there: its own path below. */
        if (!ms_profile_is_incus(profile) && strchr(source, '/') != NULL && source[0] != '/' &&
            !ms_rule_applies(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE, profile))
            return ms_reject_status(
                out, MS_RULE_NONE, 400,
                g_strdup_printf("migsim: not modelled for %s: disk \"%s\" names a snapshot "
                                "in source (\"%s\"): LXD looks the snapshot's record up by "
                                "that name",
                                profile->name, name, source));
        /* shared.IsSnapshot is any "/": an absolute source too (shared/util.go:650 at lxd-6.9) */
        if (ms_rule_applies(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE, profile) &&
            CHECK(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE, strchr(source, '/') != NULL))
            return FAIL(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE);
        /* dead in lxd-6.7..6.9: an absolute source is refused just above (disk.go:513-519 at lxd-6.9) */
        if (CHECK(MS_RULE_DISK_VOL_ABS, source[0] == '/'))
            return FAIL(MS_RULE_DISK_VOL_ABS);
    }

    /* C. pool and volume (instance mode; from 5.21.3 and 6.2 also profiles'
     * non-root disks, never in Incus: MS_FEATURE_PROFILE_DISK_LOOKUP) */
    if (*pool_name != '\0' &&
        (ctx->mode == MS_VALIDATE_INSTANCE ||
         (ctx->for_profile && !root && ms_profile_has(profile, MS_FEATURE_PROFILE_DISK_LOOKUP)))) {
        pool = ms_cluster_lookup_pool(ctx->cluster, pool_name);
        if (CHECK(MS_RULE_DISK_POOL_LOOKUP, pool == NULL))
            return FAIL(MS_RULE_DISK_POOL_LOOKUP, pool_name);
    }
    /* A Pending pool refuses every disk of an instance, the root disk
     * included: 5.0.2 checks right after loading the pool (disk.go:268 at
     * lxd-5.0.2); later releases after the custom volume checks
     * (disk.go:578 at lxd-5.21.7), which a root disk has none of. */
    if (pool != NULL && ctx->mode == MS_VALIDATE_INSTANCE && (root || !new_keys)) {
        if (CHECK(MS_RULE_DISK_POOL_PENDING, pool->state == MS_POOL_PENDING))
            return FAIL(MS_RULE_DISK_POOL_PENDING, pool_name);
    }
    if (pool != NULL && !root && !validate_custom_volume(ctx, name, device, &view, pool, out))
        return FALSE;

    /* D. migration.stateful restrictions for VMs (5.21.3+/6.2+) */
    return validate_disk_stateful(ctx, name, device, &view, pool, out);
}

/* A root disk's validation in instance mode (validate_disk with path "/")
 * reads: the set of the device's keys (DISK.KEYS, DISK.CT_IO, DISK.REQ_OPT,
 * DISK.VOL_SHIFT), the values of source, pool and io.bus (type is "disk"
 * and path "/" to get here), whether another local disk is at "/"
 * (DISK.DUP_PATH), the instance type, the expanded migration.stateful, the
 * release, and whether the pool exists and its state: no volume, no other
 * instance, not the instance's name or member, and no other value (a root
 * disk's size, size.state, limits.* are not looked at, but for whether they
 * are valid: a device with a bad value (DISK.VALUE) is never memoised).  Those inputs are
 * the memo's key, so that instances whose root disks differ only in such a
 * value (a size of their own) share one memo.  The memos are the
 * cluster's (ms_cluster_root_memos), shared with its copies: the pool is
 * looked up in the cluster asking, so a pool created, deleted or changing
 * state selects another memo and nothing has to be invalidated.  In a
 * small cluster (the scenario corpus, the explorer) a memo's first hits
 * are checked against a fresh validation, which aborts on a difference:
 * that catches a new read in validate_disk that the key above misses. */
#define MEMO_MAX_KEYS 32
#define MEMO_VERIFY_CLUSTER_MAX 2000 /* instances */
#define MEMO_VERIFY_HITS 16          /* first hits of each memo checked */

typedef struct {
    MsRuleId rule;
    gboolean failed;
    const char *file; /* the check site, replayed with the outcome */
    guint line;
} MemoCheck;

struct MsValidationMemo {
    guint hash;
    guint n_keys;
    const char **keys; /* sorted, g_intern_string's; the array owned in a stored memo */
    const char *source, *pool_name, *io_bus;
    gboolean duplicate;
    MsInstanceType type;
    gboolean stateful;
    const MsProfile *profile;
    gboolean has_pool;
    MsPoolState pool_state;
    /* the result */
    MsRuleId rule;
    char *error;
    guint verified; /* hits checked against a fresh validation */
    guint n_checks;
    MemoCheck checks[];
};

void
ms_validation_memo_free(gpointer memo)
{
    MsValidationMemo *m = memo;

    if (m == NULL)
        return;
    g_free(m->keys);
    g_free((char *) m->source);
    g_free((char *) m->pool_name);
    g_free((char *) m->io_bus);
    g_free(m->error);
    g_free(m);
}

static guint
memo_hash(gconstpointer data)
{
    const MsValidationMemo *m = data;

    return m->hash;
}

static gboolean
memo_equal(gconstpointer a, gconstpointer b)
{
    const MsValidationMemo *x = a, *y = b;

    if (x->hash != y->hash || x->n_keys != y->n_keys || x->duplicate != y->duplicate || x->type != y->type ||
        x->stateful != y->stateful || x->profile != y->profile || x->has_pool != y->has_pool ||
        x->pool_state != y->pool_state || !g_str_equal(x->source, y->source) ||
        !g_str_equal(x->pool_name, y->pool_name) || !g_str_equal(x->io_bus, y->io_bus))
        return FALSE;
    /* keys interned (a device's, memo_store's): equal keys are one pointer */
    for (guint i = 0; i < x->n_keys; i++)
        if (x->keys[i] != y->keys[i])
            return FALSE;
    return TRUE;
}

GHashTable *
ms_validation_memos_new(void)
{
    return g_hash_table_new_full(memo_hash, memo_equal, ms_validation_memo_free, NULL);
}

/* Fills @probe with @device's key (borrowing its strings; @keys holds
 * MEMO_MAX_KEYS); FALSE when the device has too many keys to memoise or
 * a bad option value (DISK.VALUE: validated afresh, never memoised).  One
 * walk of the map reads the keys, the values of the key and the values
 * disk_value_rules checks. */
static gboolean
memo_probe(MsValidationMemo *probe, const char **keys, const MsDeviceContext *ctx, MsDevice *device,
           const MsPool *pool)
{
    MsDeviceIter iter;
    const char *k, *value;
    guint h = 5381, n = 0;

    if (ms_device_count(device) > MEMO_MAX_KEYS)
        return FALSE;
    memset(probe, 0, sizeof(*probe));
    probe->source = probe->pool_name = probe->io_bus = ""; /* as ms_device_get */
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &k, &value)) {
        gssize rule = disk_value_rule_index(k);
        g_autofree char *error = rule >= 0 ? disk_value_error((gsize) rule, value) : NULL;
        guint j = n++;

        if (error != NULL)
            return FALSE;
        /* the key holds these keys' names, not their values: DISK.CT_IO
         * and DISK.RECURSIVE read whether the value is empty (review of
         * session 26) */
        if ((value == NULL || *value == '\0') && (ms_disk_io_key(k) || k == MS_DEVICE_KEY("recursive")))
            return FALSE;
        /* a device's keys are interned (MS_DEVICE_KEY: a pointer compare)
         * and come in byte order, the memo key's order */
        if (value != NULL && k == MS_DEVICE_KEY("source"))
            probe->source = value;
        else if (value != NULL && k == MS_DEVICE_KEY("pool"))
            probe->pool_name = value;
        else if (value != NULL && k == MS_DEVICE_KEY("io.bus"))
            probe->io_bus = value;
        keys[j] = k;
    }
    probe->n_keys = n;
    probe->keys = keys;
    probe->duplicate =
        disks_at(ctx->local_devices != NULL ? ctx->local_devices : ctx->sibling_devices, "/") > 1;
    probe->type = ctx->type;
    probe->stateful = ctx->stateful;
    probe->profile = ctx->env->profile;
    probe->has_pool = pool != NULL;
    probe->pool_state = pool != NULL ? pool->state : 0;
    /* interned keys: the pointer stands for the string (memo_equal) */
    for (guint i = 0; i < n; i++)
        h = h * 33 + (guint) GPOINTER_TO_SIZE(keys[i]);
    h = h * 33 + g_str_hash(probe->source);
    h = h * 33 + g_str_hash(probe->pool_name);
    h = h * 33 + g_str_hash(probe->io_bus);
    h = h * 33 + (guint) probe->duplicate * 2 + (guint) probe->stateful;
    h = h * 33 + (guint) probe->type * 8 + (guint) probe->has_pool * 4 + (guint) probe->pool_state;
    probe->hash = h ^ (guint) GPOINTER_TO_SIZE(probe->profile);
    return TRUE;
}

/* A stored copy of @probe (its strings its own) with the result; there are
 * few of them (one per distinct key), so simple beats compact. */
static MsValidationMemo *
memo_store(const MsValidationMemo *probe, gboolean valid, const MsRejection *out, GPtrArray *hits)
{
    MsValidationMemo *memo = g_malloc0(sizeof(*memo) + hits->len * sizeof(MemoCheck));
    const char **keys = g_new0(const char *, probe->n_keys + 1);

    *memo = *probe;
    /* a device's keys: interned already, kept for the process */
    for (guint i = 0; i < probe->n_keys; i++)
        keys[i] = g_intern_string(probe->keys[i]);
    memo->keys = keys;
    memo->source = g_strdup(probe->source);
    memo->pool_name = g_strdup(probe->pool_name);
    memo->io_bus = g_strdup(probe->io_bus);
    memo->rule = valid ? MS_RULE_NONE : out->rule;
    memo->error = valid ? NULL : g_strdup(out->message);
    memo->verified = 0;
    memo->n_checks = hits->len;
    for (guint i = 0; i < hits->len; i++) {
        const MsRuleHit *hit = hits->pdata[i];
        memo->checks[i] = (MemoCheck){ hit->rule, hit->failed, hit->file, hit->line };
    }
    return memo;
}

/* validate_disk of @device with its checks recorded in @hits (and nowhere else) */
static gboolean
validate_recorded(const MsDeviceContext *ctx, const char *name, MsDevice *device, GPtrArray *hits,
                  MsRejection *out)
{
    MsEnv env = { ctx->env->profile, NULL, hits };
    MsDeviceContext recording = *ctx;

    recording.env = &env;
    return validate_disk(&recording, name, device, out);
}

/* A hit must give what a validation gives: the result and the checks. */
static void
memo_verify(const MsValidationMemo *memo, const MsDeviceContext *ctx, const char *name, MsDevice *device)
{
    g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free);
    g_auto(MsRejection) fresh = { 0 };
    gboolean valid = validate_recorded(ctx, name, device, hits, &fresh);
    gboolean same = valid == (memo->error == NULL) && hits->len == memo->n_checks &&
                    (valid || (fresh.rule == memo->rule && g_str_equal(fresh.message, memo->error)));

    for (guint i = 0; same && i < hits->len; i++) {
        const MsRuleHit *hit = hits->pdata[i];
        same = hit->rule == memo->checks[i].rule && hit->failed == memo->checks[i].failed &&
               hit->line == memo->checks[i].line && g_str_equal(hit->file, memo->checks[i].file);
    }
    if (!same)
        g_error("ms-devices.c: the root disk validation memo disagrees with a validation of device \"%s\": "
                "validate_disk reads an input the memo's key (memo_probe) does not hold",
                name);
}

static gboolean
validate_root_memoized(const MsDeviceContext *ctx, GHashTable *memos, const char *name, MsDevice *device,
                       MsRejection *out)
{
    /* the instance's own devices (they give the key's duplicate flag): when
     * they are a frozen set, the memo found last time for its root disk is
     * the one, if the rest of the key holds.  That holds when @device comes
     * from an expanded set too (profile devices): the expansion shares the
     * instance's device maps, and the cache only ever holds a device of its
     * own set (below), which the set keeps alive and unchanged, so the same
     * pointer is the same keys and values. */
    MsDevices *own = ctx->local_devices != NULL ? ctx->local_devices : ctx->sibling_devices;
    MsRootMemoCache *cache = ms_cluster_root_memo_cache(ctx->cluster, own);
    gboolean cached = cache != NULL && cache->device == device;
    /* that memo's key holds the frozen device's pool value (never changed) */
    const char *pool_name = cached ? cache->memo->pool_name : ms_device_get_lit(device, "pool");
    const MsPool *pool = *pool_name != '\0' ? ms_cluster_lookup_pool(ctx->cluster, pool_name) : NULL;
    const char *keys[MEMO_MAX_KEYS];
    MsValidationMemo probe;
    MsValidationMemo *memo;
    g_autoptr(GPtrArray) hits = NULL;
    gboolean valid;

    /* a device of another set (a profile's) is never cached: its map could
     * be freed and its address reused */
    if (cache != NULL && !cached && own != ctx->sibling_devices && ms_devices_lookup(own, name) != device)
        cache = NULL;
    memo = cached ? cache->memo : NULL;
    if (memo != NULL &&
        !(memo->type == ctx->type && memo->stateful == ctx->stateful && memo->profile == ctx->env->profile &&
          memo->has_pool == (pool != NULL) && memo->pool_state == (pool != NULL ? pool->state : 0)))
        memo = NULL;
    if (memo == NULL) {
        /* the key holds no option values: a device with a bad one
         * (DISK.VALUE) is validated afresh, never memoised */
        if (!memo_probe(&probe, keys, ctx, device, pool))
            return validate_disk(ctx, name, device, out);
        memo = g_hash_table_lookup(memos, &probe);
    }
    if (memo != NULL && cache != NULL)
        *cache = (MsRootMemoCache){ device, memo };
    if (memo != NULL) {
        if (memo->verified < MEMO_VERIFY_HITS &&
            g_hash_table_size(ctx->cluster->instances) <= MEMO_VERIFY_CLUSTER_MAX) {
            memo_verify(memo, ctx, name, device);
            memo->verified++;
        }
        /* the same checks in the same order, so ledgers and traces are
         * those of a validation */
        if (ctx->env->ledger != NULL || ctx->env->hits != NULL)
            for (guint i = 0; i < memo->n_checks; i++)
                ms_env_check_at(ctx->env, memo->checks[i].rule, name, memo->checks[i].failed,
                                memo->checks[i].file, memo->checks[i].line);
        return memo->error == NULL || ms_reject(out, memo->rule, g_strdup(memo->error));
    }

    hits = g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free);
    valid = validate_recorded(ctx, name, device, hits, out);
    for (guint i = 0; i < hits->len; i++) {
        const MsRuleHit *hit = hits->pdata[i];
        ms_env_check_at(ctx->env, hit->rule, name, hit->failed, hit->file, hit->line);
    }
    memo = memo_store(&probe, valid, out, hits);
    g_hash_table_add(memos, memo);
    if (cache != NULL)
        *cache = (MsRootMemoCache){ device, memo };
    return valid;
}

/* A nic with network=NAME, on instances and profiles alike: the nictype is
 * resolved from the network first (lxd/device/nictype/nictype.go:29 at
 * lxd-5.0.2), so an unknown network fails before any validation; a bridge
 * then has to be Created (nic_bridged.go:96 at lxd-5.0.2).  The other checks
 * of nic_bridged.go (addresses, VLANs, banned keys) and nic_ovn/macvlan/sriov
 * validation are not modelled. */
static gboolean validate_nic_known(const MsDeviceContext *ctx, const char *name, MsDevice *device,
                                   gboolean *skip_rest, MsRejection *out);

/* A bridge nic with network= may not also set nictype, parent or mtu:
 * nicBridged.validateConfig names the first of them in that order, before
 * it loads the network and checks its status, so a pending network is not
 * named (lxd/device/nic_bridged.go:204-208 at lxd-5.0.2, :206-210 at
 * lxd-5.21.7, :204-208 at lxd-6.9; Incus internal/server/device/
 * nic_bridged.go:216-220 at v6.0.4).  Seen live on 5.0.2 (tools/live-random.py
 * --gen 21 --seed 21003 scenario 1: `nic network=N mtu=1400` of a pending
 * N).  NULL when none is set. */
static const char *
nic_network_banned_key(MsDevice *device)
{
    static const char *const banned[] = { "nictype", "parent", "mtu" };

    for (gsize i = 0; i < G_N_ELEMENTS(banned); i++)
        if (*ms_device_get(device, banned[i]) != '\0')
            return banned[i];
    return NULL;
}

/* Whether @device is a nic whose nictype's validateConfig requires
 * parent (bridged, macvlan and sriov without network=; ipvlan and
 * physical always: their network= is refused or requires itself) and which
 * has none: nicValidationRules wraps a required field's validator in
 * IsNotEmpty (lxd/device/nic.go:76-90 at lxd-5.0.2).  Rule NIC.PARENT_REQUIRED. */
static gboolean
nic_parent_missing(MsDevice *device)
{
    static const char *const needs_parent[] = { "bridged", "macvlan", "sriov", "ipvlan", "physical" };
    const char *nictype = ms_device_get_lit(device, "nictype");

    if (*ms_device_get_lit(device, "parent") != '\0' || *ms_device_get_lit(device, "network") != '\0')
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(needs_parent); i++)
        if (g_str_equal(nictype, needs_parent[i]))
            return TRUE;
    return FALSE;
}

/* Does @device hold a key besides parent that its nictype takes?  Its
 * value has a rule in the same map as parent's, walked in Go's random
 * order (lxd/device/config/devices.go:27-31 at lxd-5.0.2); a key no rule
 * names is only refused after every rule passed (:35-60), so it cannot
 * come first. */
static gboolean
nic_has_other_ruled_key(const MsCluster *cluster, MsDevice *device)
{
    MsDeviceIter iter;
    const char *key;

    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, NULL))
        if (!g_str_equal(key, "type") && !g_str_equal(key, "nictype") && !g_str_equal(key, "parent") &&
            !g_str_has_prefix(key, "user.") && ms_nic_key_known(cluster, device, key))
            return TRUE;
    return FALSE;
}

/* Is the one unknown key @unknown what LXD names?  Where every rule of the
 * nictype passes for what @device holds: a p2p or macvlan nic without
 * network= (their validateConfig runs Validate(nicValidationRules) with
 * nothing before it that reads other keys: nic_p2p.go:42, nic_macvlan.go:99
 * at lxd-5.0.2), whose other keys are parent (macvlan: validate.IsAny) and a
 * name IsInterfaceName takes at every release (2-15 of [-_a-zA-Z0-9.], no
 * "..", which 5.21+ refuses), besides type, nictype and user.*; and the
 * key one no release's rules have (p2p and macvlan add no rule of their
 * own at any tag). */
static gboolean
nic_unknown_key_certain(const MsDeviceContext *ctx, MsDevice *device, const char *unknown)
{
    const char *nictype = ms_device_get_lit(device, "nictype");
    gboolean macvlan = g_str_equal(nictype, "macvlan");
    MsDeviceIter iter;
    const char *key, *value;

    if ((!macvlan && !g_str_equal(nictype, "p2p")) || ms_nic_key_ruled_somewhere(unknown) ||
        ms_rule_format(MS_RULE_NIC_KEYS, ctx->env->profile) == NULL)
        return FALSE;
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        gsize len = strlen(value);

        if (g_str_equal(key, unknown) || g_str_equal(key, "type") || g_str_equal(key, "nictype") ||
            g_str_has_prefix(key, "user.") || (macvlan && g_str_equal(key, "parent")))
            continue;
        if (g_str_equal(key, "name") &&
            (len == 0 ||
             (len >= 2 && len <= 15 && strstr(value, "..") == NULL &&
              strspn(value, "-_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == len)))
            continue;
        return FALSE; /* another unknown key, or a value whose rule migsim does not run */
    }
    return TRUE;
}

/* Device.Validate checks the unknown keys after every rule of the nictype
 * (devices.go:40-75 at lxd-6.9), and the network checks come before it
 * (nic_bridged.go:93-96, :349 at lxd-5.0.2): a nic that passes what migsim
 * checks but holds an unknown key is refused by LXD, with a text that
 * depends on the values migsim does not validate and, with two unknown
 * keys, on Go's map order: "not modelled" instead of a confident ok. */
static gboolean
validate_nic(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out)
{
    const char *unknown;
    gboolean parent_missing = nic_parent_missing(device);
    gboolean skip_rest = FALSE;

    if (parent_missing && nic_has_other_ruled_key(ctx->cluster, device))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: nic %s of nictype %s has no parent "
                            "(\"Required value\") and other keys, whose rules LXD walks in "
                            "Go's random order with parent's (NIC.PARENT_REQUIRED)",
                            ctx->env->profile->name, name, ms_device_get_lit(device, "nictype")));
    if (CHECK(MS_RULE_NIC_PARENT_REQUIRED, parent_missing))
        return FAIL(MS_RULE_NIC_PARENT_REQUIRED);
    if (!validate_nic_known(ctx, name, device, &skip_rest, out))
        return FALSE;
    if (skip_rest)
        return TRUE;
    unknown = ms_nic_unknown_key(ctx->cluster, device);
    if (CHECK(MS_RULE_NIC_KEYS, unknown != NULL && nic_unknown_key_certain(ctx, device, unknown)))
        return FAIL(MS_RULE_NIC_KEYS, unknown);
    if (unknown == NULL)
        return TRUE;
    return ms_reject_status(out, MS_RULE_NONE, 400,
                            g_strdup_printf("migsim: not modelled for %s: nic %s has the key \"%s\", "
                                            "which its nictype does not take at every release migsim "
                                            "read (LXD refuses it with Invalid device option, after "
                                            "checks of other values migsim does not make)",
                                            ctx->env->profile->name, name, unknown));
}

/* The nic checks before its key rules; *@skip_rest: a conflict a new
 * instance's devicesAdd skips, with the rest of the device's validation
 * (ms_nic_bridge_check). */
static gboolean
validate_nic_known(const MsDeviceContext *ctx, const char *name, MsDevice *device, gboolean *skip_rest,
                   MsRejection *out)
{
    const char *network_name = ms_device_get_lit(device, "network");
    const MsNetwork *network;
    const char *type;

    /* the name rule runs nicCheckNamesUnique over the whole expanded set,
     * whichever nic shares the name (lxd/device/nic.go:18, :109-124 at
     * lxd-5.0.2); its other checks (IsInterfaceName) are not modelled */
    if (ctx->check_nic_names && *ms_device_get_lit(device, "name") != '\0') {
        if (CHECK(MS_RULE_NIC_NAME_DUPLICATE, ctx->duplicate_nic_name != NULL))
            return FAIL(MS_RULE_NIC_NAME_DUPLICATE, ctx->duplicate_nic_name);
    }
    if (*network_name == '\0') {
        /* nictype=bridged with a parent= that names a managed network is
         * checked against it as well (nic_bridged.go:249 at lxd-5.0.2, :250
         * at lxd-5.21.7, :248 at lxd-6.9) */
        if (g_strcmp0(ms_device_get_lit(device, "nictype"), "bridged") != 0)
            return TRUE;
        network = ms_cluster_lookup_network(ctx->cluster, ms_device_get_lit(device, "parent"));
        if (network == NULL)
            return ms_nic_bridge_check(ctx, name, device, ms_device_get_lit(device, "parent"), NULL,
                                       skip_rest, out);
    } else {
        /* the network is looked up in the device's network project: its
         * own project when that has features.networks, else default
         * (NetworkProject in NICType, lxd/device/nictype/nictype.go:22-29
         * at lxd-5.0.2, :24-38 at lxd-6.9; Incus
         * internal/server/device/nictype/nictype.go at v6.0.4).  migsim's
         * networks all live in default: a bridge cannot be made in such a
         * project, and OVN there is not modelled (ms-network-ops.c) */
        const char *own = ms_cluster_network_project(ctx->cluster, ctx->project);

        network = own != NULL ? NULL : ms_cluster_lookup_network(ctx->cluster, network_name);
        if (CHECK(MS_RULE_NIC_NETWORK_LOOKUP, network == NULL))
            return FAIL(MS_RULE_NIC_NETWORK_LOOKUP, name, network_name, own != NULL ? own : "default");
    }
    type = ms_config_get(network->config, "type");
    /* an ovn nic (network= naming an OVN network) checks the status too
     * (nic_ovn.go:108-109 validateConfig at lxd-5.0.2, :119-120 at
     * lxd-5.21.7, :120-121 at lxd-6.9); migsim's OVN networks are the
     * Errored ones an uplink refusal leaves.  A bridged nic's parent=
     * naming a managed network of any type meets checkWithManagedNetwork,
     * status first, then "Specified network must be of type bridge"
     * (nic_bridged.go:95-101, :249-252 at lxd-5.0.2; :98-104, :250-253 at
     * lxd-5.21.7; :96-102, :248-251 at lxd-6.9, the same texts at every
     * lxd-5.0.x, 5.x and 6.x tag; Incus internal/server/device/
     * nic_bridged.go:108-112, :252-255 at v6.0.4, :358-362, :500-503 at
     * v7.3.0): parent= of an Errored OVN network is NIC.NETWORK_PENDING
     * (was taken) */
    /* network= a macvlan, sriov or physical network (only a state file or
     * an import holds one): the nictype is the network's (NICType,
     * lxd/device/nictype/nictype.go:33-44 at lxd-5.0.2, which knows no
     * physical network until lxd-5.11: "Unrecognised NIC network type for
     * network %q"), whose own validateConfig then bans other keys beside
     * network= and refuses a network not created (nic_macvlan.go:55-79 at
     * lxd-5.0.2; nic_sriov.go, nic_physical.go at lxd-5.21.7 and lxd-6.9):
     * not modelled (was taken whatever the keys, status and release) */
    if (type != NULL && !g_str_equal(type, "bridge") && !g_str_equal(type, "ovn") && *network_name != '\0')
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: nic %s with network= the %s network "
                            "%s (the %s nictype's checks)",
                            ctx->env->profile->name, name, type, network_name, type));
    /* parent= a created network of another type (a state file or an
     * import holds physical, macvlan or sriov ones, an OVN uplink):
     * checkWithManagedNetwork's type check after its status check
     * (nic_bridged.go:99-101 at lxd-5.0.2, :103-105 at lxd-5.21.7, :101-103
     * at lxd-6.9, the same text at every LXD tag; Incus internal/server/
     * device/nic_bridged.go:111-113 at v6.0.4, :361-363 at v7.3.0, at every
     * tag); a pending one meets the status check below (was: not modelled) */
    if (CHECK(MS_RULE_NIC_PARENT_NOT_BRIDGE,
              type != NULL && !g_str_equal(type, "bridge") && *network_name == '\0' && network->created))
        return FAIL(MS_RULE_NIC_PARENT_NOT_BRIDGE);
    if (*network_name != '\0' && (type == NULL || g_str_equal(type, "bridge"))) {
        const char *banned = nic_network_banned_key(device);

        /* the maas.subnet.* keys are banned as well: after mtu until
         * lxd-5.21.4 and at 6.1-6.5, first at 5.21.5-5.21.7 and 6.6-6.7,
         * not from 6.8 nor in Incus (nic_bridged.go's bannedKeys at each
         * tag): which key LXD names is the release's */
        if (*ms_device_get(device, "maas.subnet.ipv4") != '\0' ||
            *ms_device_get(device, "maas.subnet.ipv6") != '\0')
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: nic %s has network= and a "
                                                    "maas.subnet.* key, which LXD bans beside network= in an "
                                                    "order that changed between releases",
                                                    ctx->env->profile->name, name));
        if (CHECK(MS_RULE_NIC_NETWORK_BANNED_KEY, banned != NULL))
            return FAIL(MS_RULE_NIC_NETWORK_BANNED_KEY, banned, "network");
    }
    if (CHECK(MS_RULE_NIC_NETWORK_PENDING, !network->created))
        return FAIL(MS_RULE_NIC_NETWORK_PENDING);
    if (type == NULL || g_str_equal(type, "bridge"))
        return ms_nic_bridge_check(ctx, name, device, network->name, network, skip_rest, out);
    return TRUE;
}

/* Does LXD have an implementation for @device (newByType,
 * lxd/device/device_load.go:26-85 at lxd-5.0.2, the same list at lxd-5.21.7
 * and lxd-6.9)?  A nic with network= takes its nictype from the network,
 * which is checked apart (NIC.NETWORK_LOOKUP); a gpu without a known
 * gputype is a physical one. */
static gboolean
device_type_known(MsDevice *device, const char *type)
{
    static const char *const types[] = { "disk",       "none",         "proxy", "usb", "gpu", "unix-char",
                                         "unix-block", "unix-hotplug", "tpm",   "pci", NULL };
    static const char *const nictypes[] = { "physical", "ipvlan", "p2p", "bridged", "routed",
                                            "macvlan",  "sriov",  "ovn", NULL };
    static const char *const ibtypes[] = { "physical", "sriov", NULL };

    /* nearly every device validated in a move is a disk: answered without
     * the list's walk (types[0]) */
    if (TYPE_IS(type, "disk"))
        return TRUE;
    if (TYPE_IS(type, "nic"))
        return *ms_device_get_lit(device, "network") != '\0' ||
               g_strv_contains(nictypes, ms_device_get_lit(device, "nictype"));
    if (TYPE_IS(type, "infiniband"))
        return g_strv_contains(ibtypes, ms_device_get_lit(device, "nictype"));
    return key_listed(types, type);
}

/* A tpm device: a container's needs path and pathrm, both non-empty; a
 * VM's and a profile's (validated with type any) may leave them out
 * (lxd/device/tpm.go:39-45 at lxd-5.0.2, :55-60 at lxd-5.21.7, :56-61 at
 * lxd-6.9).  Device.Validate runs the rules in Go's random map order, so
 * with both missing LXD may name either: 'not modelled'.  NULL: answered
 * (TRUE or the refusal in @out); otherwise the reason it is not modelled. */
static const char *
validate_tpm(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out,
             gboolean *valid)
{
    gboolean container = ctx->type == MS_INSTANCE_CONTAINER && !ctx->for_profile;
    gboolean no_path = *ms_device_get_lit(device, "path") == '\0';
    gboolean no_pathrm = *ms_device_get_lit(device, "pathrm") == '\0';
    MsDeviceIter iter;
    const char *key;

    /* 5.0.0, 5.0.1, 5.1-5.8 want path only (pathrm is unknown there) */
    if (ms_rule_format(MS_RULE_TPM_PATH_REQUIRED, ctx->env->profile) == NULL)
        return "on a release whose tpm rules migsim has not read";
    /* other keys: LXD names the first unknown one in map order */
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, NULL))
        if (!g_str_equal(key, "type") && !g_str_equal(key, "path") && !g_str_equal(key, "pathrm"))
            return "with options other than path and pathrm";
    if (container && no_path && no_pathrm)
        return "without path and pathrm; LXD names either, picked in Go's random map order";
    /* a profile's tpm is answered where ValidDevices meets it: an update's
     * expanded pass (WRAP.EXPANDED), a create or a copy (WRAP.STATIC), or a
     * start (WRAP.START) of an instance a profile change left with it (seen
     * live on 5.0.2: tests/live/scenarios/expanded-devices.scn) */
    if (CHECK(MS_RULE_TPM_PATH_REQUIRED, container && (no_path || no_pathrm)))
        *valid = FAIL(MS_RULE_TPM_PATH_REQUIRED, no_path ? "path" : "pathrm");
    else
        *valid = TRUE;
    return NULL;
}

/* validate.IsDeviceID: four lower case hex digits (shared/validate/
 * validate.go:219-230 at lxd-5.0.2). */
gboolean
ms_device_is_id(const char *value)
{
    if (strlen(value) != 4)
        return FALSE;
    for (const char *p = value; *p != '\0'; p++)
        if (!g_ascii_isdigit(*p) && !(*p >= 'a' && *p <= 'f'))
            return FALSE;
    return TRUE;
}

/* A usb or unix-hotplug device whose only options are vendorid and
 * productid: their rules (validate.Optional(validate.IsDeviceID):
 * lxd/device/usb.go:53-54, unix_hotplug.go:48-49 at lxd-5.0.2; usb.go:59,
 * unix_hotplug.go:71 at lxd-5.21.7 and :72 at lxd-6.9; Incus
 * internal/server/device/usb.go:64, unix_hotplug.go:53 at v6.0.4), then
 * unix-hotplug's need of one of them (unix_hotplug.go:61-62 at lxd-5.0.2,
 * :117-118 at lxd-5.21.7, :118-119 at lxd-6.9; Incus :100-101 at v6.0.4).
 * Neither is required unless required=true (usb.go:37-40,
 * unix_hotplug.go:36-39 at lxd-5.0.2), so a start finds no fault with a
 * device the host lacks.  NULL: answered (@valid, the refusal in @out);
 * otherwise the reason it is not modelled. */
/* validDevices skips a device of the expanded set that the instance's type
 * does not support (ErrUnsupportedDevType), so a profile can be shared by
 * containers and VMs (LXD PR #11001: lxd/instance/drivers/load.go:96-101
 * at lxd-5.0.2, :96-101 at lxd-5.21.7, :99-104 at lxd-6.9; Incus
 * internal/server/instance/drivers/load.go:107 at v6.0.4, :109 at v7.3.0),
 * and the start skips it too (driver_qemu.go:1109-1111 at lxd-5.0.2, :1326
 * at lxd-5.21.7, :1350 at lxd-6.9; Incus :1377 at v6.0.4).  A device of the
 * instance's own set is refused ("Unsupported device type", not followed
 * here: "not modelled").  Only an instance's validation with its own
 * devices known can tell the two apart. */
static gboolean
vm_skips_profile_device(const MsDeviceContext *ctx, const char *name)
{
    return ctx->type == MS_INSTANCE_VM && !ctx->for_profile && ctx->instance_name != NULL &&
           ctx->local_devices != NULL && !ms_devices_has(ctx->local_devices, name);
}

static const char *
validate_device_ids(const MsDeviceContext *ctx, const char *name, const char *type, MsDevice *device,
                    MsRejection *out, gboolean *valid)
{
    gboolean hotplug = TYPE_IS(type, "unix-hotplug");
    const char *vendor = ms_device_get_lit(device, "vendorid");
    const char *product = ms_device_get_lit(device, "productid");
    gboolean bad_vendor = *vendor != '\0' && !ms_device_is_id(vendor);
    gboolean bad_product = *product != '\0' && !ms_device_is_id(product);
    MsDeviceIter iter;
    const char *key;

    /* unix-hotplug supports containers only (ErrUnsupportedDevType,
     * lxd/device/unix_hotplug.go:44 at lxd-5.0.2) */
    if (hotplug && vm_skips_profile_device(ctx, name)) {
        *valid = TRUE;
        return NULL;
    }
    if (hotplug && ctx->type == MS_INSTANCE_VM && !ctx->for_profile)
        return "on a virtual machine";
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, NULL))
        if (!g_str_equal(key, "type") && !g_str_equal(key, "vendorid") && !g_str_equal(key, "productid"))
            return "with options other than vendorid and productid";
    /* Device.Validate walks its rules in Go's map order */
    if (bad_vendor && bad_product)
        return "with two invalid ids; LXD names either, picked in Go's random map order";
    if (CHECK(MS_RULE_DEV_DEVICE_ID, bad_vendor || bad_product))
        *valid = FAIL(MS_RULE_DEV_DEVICE_ID, bad_vendor ? "vendorid" : "productid");
    else if (hotplug && CHECK(MS_RULE_DEV_HOTPLUG_ID_REQUIRED, *vendor == '\0' && *product == '\0'))
        *valid = FAIL(MS_RULE_DEV_HOTPLUG_ID_REQUIRED);
    else
        *valid = TRUE;
    return NULL;
}

/* strconv.ParseUint(value, base, 32) without error: digits of @base only
 * (no sign, no prefix, no underscore), at most 2^32-1. */
static gboolean
parses_uint32(const char *value, guint base)
{
    guint64 n = 0;

    if (*value == '\0')
        return FALSE;
    for (const char *p = value; *p != '\0'; p++) {
        if (!g_ascii_isdigit(*p) || (guint) (*p - '0') >= base)
            return FALSE;
        if ((n = n * base + (guint64) (*p - '0')) > G_MAXUINT32)
            return FALSE;
    }
    return TRUE;
}

/* One option of unixCommon's rules: NULL when its validator takes @value,
 * else the validator's text.  The rules (lxd/device/unix_common.go:52-69 at
 * lxd-5.0.2, :56-115 at lxd-5.21.7, :56-116 at lxd-6.9; Incus
 * internal/server/device/unix_common.go:50-75 at v6.0.4): source must start
 * with the device monitor's prefix, /dev unless LXD_DEVMONITOR_DIR says
 * otherwise (lxd/daemon.go:1416-1419 at lxd-5.0.2; ErrInvalidPath's text
 * lxd/fsmonitor/drivers/errors.go:23 at every tag); major, minor, uid and
 * gid unsigned 32-bit decimals, mode an octal one (unixValidDeviceNum,
 * unixValidUserID, unixValidOctalFileMode: lxd/device/device_utils_unix.go
 * :521-561 at lxd-5.0.2, :554,568,582 at lxd-5.21.7, :552,566,580 at
 * lxd-6.9); required a Go boolean (shared/validate/validate.go:159-165);
 * path anything.  "" passes every one. */
const char *
ms_device_unix_option_error(const char *key, const char *value)
{
    static const char *const bools[] = { "true", "false", "yes", "no", "1", "0", "on", "off", NULL };

    if (*value == '\0')
        return NULL;
    if (g_str_equal(key, "source"))
        return g_str_has_prefix(value, "/dev") ? NULL : "Path needs to be in /dev";
    if (g_str_equal(key, "major") || g_str_equal(key, "minor"))
        return parses_uint32(value, 10) ? NULL : "Invalid value for a UNIX device number";
    if (g_str_equal(key, "uid") || g_str_equal(key, "gid"))
        return parses_uint32(value, 10) ? NULL : "Invalid value for a UNIX ID";
    if (g_str_equal(key, "mode"))
        return parses_uint32(value, 8) ? NULL : "Invalid value for an octal file mode";
    if (g_str_equal(key, "required")) {
        g_autofree char *lower = g_ascii_strdown(value, -1);
        return g_strv_contains(bools, lower) ? NULL : "(IsBool)"; /* its text quotes the value */
    }
    return NULL;
}

/* A unix-char or unix-block device (unixCommon.validateConfig, the same at
 * every LXD tag lxd-5.0.0 .. lxd-6.9 and Incus v6.0.4, git grep): a
 * container's (or a profile's) only; Device.Validate runs the rules in Go's
 * map order and then refuses an unknown option (lxd/device/config/
 * devices.go:24-63 at lxd-5.0.2, :26-78 at lxd-5.21.7 and lxd-6.9); then one
 * of source and path is needed (unix_common.go:77-79 at lxd-5.0.2, :168-170
 * at lxd-5.21.7, :169-171 at lxd-6.9).  With two refusals LXD names either:
 * 'not modelled'.  Seen live on 5.0.2 (tools/live-random.py --gen 20 --seed
 * 20001): uid=x, uid=abc, mode=bogus refused with these texts; source=/dev/null
 * path=/dev/b, source=/dev/zero, uid=1000 gid=1000 accepted.  Whether a
 * start finds the host's device is not modelled (ms_device_host_check).
 * NULL: answered (@valid, the refusal in @out); otherwise why not. */
/* A unix or usb device's options after one walk: two refused (or, none
 * refused, two unknown) make LXD name either, in Go's map order: the
 * reason that is not followed, else NULL. */
static const char *
options_not_followed(guint n_bad, guint n_unknown)
{
    if (n_bad > 1)
        return "with two invalid options; LXD names either, picked in Go's random map order";
    if (n_bad == 0 && n_unknown > 1)
        return "with two unknown options; LXD names either, picked in Go's random map order";
    return NULL;
}

/* validate.IsBool's text for a refused `required` or a usb's `attached`
 * (NULL for another key). */
static char *
required_error(const char *bad_key, const char *bad_value)
{
    g_autofree char *quoted = NULL;

    if (g_strcmp0(bad_key, "required") != 0 && g_strcmp0(bad_key, "attached") != 0)
        return NULL;
    quoted = ms_go_quote(bad_value);
    return g_strdup_printf("Invalid value for a boolean %s", quoted);
}

/* Device.Validate passes initial.* options over for every device type
 * (lxd/device/config/devices.go:54-65 at lxd-5.21.7, from lxd-5.19; absent
 * at lxd-5.0.2 and lxd-5.18; Incus internal/server/device/config/
 * devices.go:49-52 at v6.0.4), so they are no unknown option there; what
 * a unix or usb device then makes of one is not followed. */
#define INITIAL_KEY_WHY "with an initial.* option, which the option check passes over"

static gboolean
initial_key_passes(const MsProfile *profile, const char *key)
{
    return g_str_has_prefix(key, "initial.") &&
           (ms_profile_is_incus(profile) || profile->version >= MS_VERSION(5, 19, 0));
}

static const char *
validate_unix(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out,
              gboolean *valid)
{
    static const char *const rules[] = { "source", "path", "major",    "minor", "uid",
                                         "gid",    "mode", "required", NULL };
    const char *bad_key = NULL, *bad_why = NULL, *bad_value = NULL, *unknown = NULL;
    g_autofree char *bool_why = NULL;
    const char *not_followed;
    guint n_bad = 0, n_unknown = 0;
    MsDeviceIter iter;
    const char *key, *value;

    /* containers only (unix_common.go:47-48 at lxd-5.0.2, :46 at lxd-5.21.7) */
    if (vm_skips_profile_device(ctx, name)) {
        *valid = TRUE;
        return NULL;
    }
    if (ctx->type == MS_INSTANCE_VM && !ctx->for_profile)
        return "on a virtual machine";
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        const char *why;

        if (g_str_equal(key, "type") || g_str_has_prefix(key, "user."))
            continue;
        if (initial_key_passes(ctx->env->profile, key))
            return INITIAL_KEY_WHY;
        if (!g_strv_contains(rules, key)) {
            if (n_unknown++ == 0)
                unknown = key;
            continue;
        }
        if ((why = ms_device_unix_option_error(key, value)) != NULL && n_bad++ == 0) {
            bad_key = key;
            bad_why = why;
            bad_value = value;
        }
    }
    if ((not_followed = options_not_followed(n_bad, n_unknown)) != NULL)
        return not_followed;
    if ((bool_why = required_error(bad_key, bad_value)) != NULL)
        bad_why = bool_why;
    if (CHECK(MS_RULE_DEV_UNIX_VALUE, bad_key != NULL))
        *valid = FAIL(MS_RULE_DEV_UNIX_VALUE, bad_key, bad_why);
    else if (CHECK(MS_RULE_DEV_UNIX_KEYS, unknown != NULL))
        *valid = FAIL(MS_RULE_DEV_UNIX_KEYS, unknown);
    else if (CHECK(MS_RULE_DEV_UNIX_PATH_REQUIRED, *ms_device_get_lit(device, "source") == '\0' &&
                                                       *ms_device_get_lit(device, "path") == '\0'))
        *valid = FAIL(MS_RULE_DEV_UNIX_PATH_REQUIRED);
    else
        *valid = TRUE;
    return NULL;
}

/* A usb device of an LXD release (usb.validateConfig, lxd/device/usb.go
 * :43-66, rules :53-58 at lxd-5.0.2; rules :59-86 at lxd-5.21.7 and lxd-6.9): vendorid
 * and productid device ids, uid, gid, mode and required as a unix
 * device's; from lxd-5.21.2 and lxd-6.1 also serial (anything), busnum and
 * devnum (validate.IsUint32: not followed, "not modelled" when bad); the
 * key sets read at every tag (git grep).  Then Device.Validate's unknown
 * option.  Seen live on 5.0.2 (tools/live-random.py --gen 20 --seeds
 * 20001-20003): uid=x "Invalid value for a UNIX ID", required=maybe
 * "Invalid value for a boolean "maybe"", busnum=1 'Invalid device option
 * "busnum"'.  Incus (internal/server/device/usb.go:57-125 at v6.0.4; the
 * same keys at every tag from v6.0.0, busnum and devnum included) adds
 * attached (validate.IsBool) from v6.0.6 and v6.18.0 (usb.go:133 at
 * v6.23.0); the same texts (device_utils_unix.go:546,560 at v6.0.4,
 * config/devices.go:28,59 at v6.0.4).  busnum and devnum that
 * strconv.ParseUint(v, 10, 32) takes pass; another value is not followed.
 * NULL: answered (@valid, the refusal in @out); otherwise why not. */
static gboolean
usb_uint32_valid(const char *value)
{
    return *value == '\0' || parses_uint32(value, 10);
}

static const char *
validate_usb(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out,
             gboolean *valid)
{
    static const MsReleases bus_keys = { .lts521 = MS_SPAN_FROM(MS_VERSION(5, 21, 2)),
                                         .v6 = MS_SPAN_ALL,
                                         .incus = MS_INC_ALL,
                                         .v5 = MS_SPAN_NONE };
    static const MsReleases attached_key = MS_REL_INCUS(MS_INC_SINCE(6, 18));
    gboolean bus = ms_releases_contain(&bus_keys, ctx->env->profile->version);
    gboolean attached = ms_releases_contain(&attached_key, ctx->env->profile->version);
    const char *bad_key = NULL, *bad_why = NULL, *bad_value = NULL, *unknown = NULL;
    g_autofree char *bool_why = NULL;
    const char *not_followed;
    guint n_bad = 0, n_unknown = 0;
    MsDeviceIter iter;
    const char *key, *value;

    if (bus && (!usb_uint32_valid(ms_device_get_lit(device, "busnum")) ||
                !usb_uint32_valid(ms_device_get_lit(device, "devnum"))))
        return "with a busnum or devnum validate.IsUint32 refuses (its strconv text is not followed)";
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        const char *why = NULL;

        if (g_str_equal(key, "type") || g_str_has_prefix(key, "user."))
            continue;
        if (initial_key_passes(ctx->env->profile, key))
            return INITIAL_KEY_WHY;
        if (g_str_equal(key, "vendorid") || g_str_equal(key, "productid"))
            why = *value == '\0' || ms_device_is_id(value)
                      ? NULL
                      : "Invalid value, must be four lower case hex characters";
        else if (g_str_equal(key, "uid") || g_str_equal(key, "gid") || g_str_equal(key, "mode") ||
                 g_str_equal(key, "required"))
            why = ms_device_unix_option_error(key, value);
        else if (attached && g_str_equal(key, "attached"))
            why = ms_device_unix_option_error("required", value); /* validate.IsBool as well */
        else if (!(bus && (g_str_equal(key, "serial") || g_str_equal(key, "busnum") ||
                           g_str_equal(key, "devnum")))) {
            if (n_unknown++ == 0)
                unknown = key;
            continue;
        }
        if (why != NULL && n_bad++ == 0) {
            bad_key = key;
            bad_why = why;
            bad_value = value;
        }
    }
    if ((not_followed = options_not_followed(n_bad, n_unknown)) != NULL)
        return not_followed;
    if ((bool_why = required_error(bad_key, bad_value)) != NULL)
        bad_why = bool_why;
    if (bad_key != NULL && (g_str_equal(bad_key, "vendorid") || g_str_equal(bad_key, "productid"))) {
        if (CHECK(MS_RULE_DEV_DEVICE_ID, TRUE))
            *valid = FAIL(MS_RULE_DEV_DEVICE_ID, bad_key);
    } else if (CHECK(MS_RULE_DEV_UNIX_VALUE, bad_key != NULL))
        *valid = FAIL(MS_RULE_DEV_UNIX_VALUE, bad_key, bad_why);
    else if (CHECK(MS_RULE_DEV_UNIX_KEYS, unknown != NULL))
        *valid = FAIL(MS_RULE_DEV_UNIX_KEYS, unknown);
    else
        *valid = TRUE;
    return NULL;
}

/* Devices of the other types are carried but their options are not
 * validated: only a none or usb device without options, a usb or
 * unix-hotplug device with vendorid and productid only
 * (validate_device_ids), a gpu of any gputype (ms-device-gpu.c), a
 * tpm device (validate_tpm) and a unix-char or unix-block device
 * (validate_unix) and a proxy (ms-device-proxy.c) are answered (every option of usb and gpu is
 * optional at every tag: lxd/device/usb.go, gpu_physical.go validateConfig
 * at lxd-5.0.2).  Any other option, and unix-hotplug,
 * pci and infiniband devices, which need options, are 'not
 * modelled' (seen live on 5.0.2: usb vendorid=zzzz 'Invalid devices:
 * Device validation failed for "D": Invalid value for device option
 * "vendorid": Invalid value, must be four lower case hex characters',
 * tools/live-random.py --gen 7 --seed 5100 scenario 5). */
static gboolean
other_device_plain(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out)
{
    static const char *const plain_types[] = { "none", "usb", "gpu", NULL };
    const char *type = ms_device_get_lit(device, "type");
    const char *why = "with its options; LXD validates them in ways migsim does not follow";
    gboolean valid = TRUE;

    if (TYPE_IS(type, "tpm") && (why = validate_tpm(ctx, name, device, out, &valid)) == NULL)
        return valid;
    if ((TYPE_IS(type, "unix-char") || TYPE_IS(type, "unix-block")) &&
        (why = validate_unix(ctx, name, device, out, &valid)) == NULL)
        return valid;
    if (TYPE_IS(type, "proxy") && (why = ms_device_proxy_validate(ctx, name, device, out, &valid)) == NULL)
        return valid;
    if (TYPE_IS(type, "usb") && ms_device_count(device) > 1 &&
        (why = validate_usb(ctx, name, device, out, &valid)) == NULL)
        return valid;
    if (TYPE_IS(type, "gpu") && (why = ms_device_gpu_validate(ctx, name, device, out, &valid)) == NULL)
        return valid;
    if ((TYPE_IS(type, "usb") || TYPE_IS(type, "unix-hotplug")) &&
        (why = validate_device_ids(ctx, name, type, device, out, &valid)) == NULL)
        return valid;
    if (g_strv_contains(plain_types, type) && ms_device_count(device) == 1)
        return TRUE;
    return ms_reject_status(out, MS_RULE_NONE, 400,
                            g_strdup_printf("migsim: not modelled for %s: device %s of type %s %s",
                                            ctx->env->profile->name, name, type, why));
}

/* The options the validators above follow, per type: every disk key of
 * the release (the list DISK.KEYS reads), a nic's nictype list
 * (ms-nic-keys.c), every key of a gpu but initial.* (ms-device-gpu.c
 * refuses an unknown one), usb and unix-hotplug's ids (validate_device_ids),
 * a tpm's path and pathrm (validate_tpm), unix-char and unix-block's rules
 * (validate_unix), a proxy's rules map (ms-device-proxy.c), and type and user.* of any device
 * (Device.Validate lets them through: devices.go:46-54 at lxd-5.0.2,
 * :61-69 at lxd-5.21.7 and lxd-6.9).  Any other key given "" reaches a
 * validator that refuses it (DISK.KEYS) or says "not modelled". */
gboolean
ms_device_key_followed(const MsCluster *cluster, const MsProfile *profile, MsDevice *device, const char *key)
{
    static const char *const id_keys[] = { "vendorid", "productid", NULL };
    static const char *const tpm_keys[] = { "path", "pathrm", NULL };
    static const char *const proxy_keys[] = {
        "listen", "connect",      "bind",         "mode",           "nat", "gid",
        "uid",    "security.uid", "security.gid", "proxy_protocol", NULL
    };
    static const char *const unix_keys[] = { "source", "path", "major",    "minor", "uid",
                                             "gid",    "mode", "required", NULL };
    const char *type = ms_device_get_lit(device, "type");

    if (g_str_equal(key, "type") || g_str_has_prefix(key, "user."))
        return TRUE;
    if (TYPE_IS(type, "disk"))
        return key_listed(disk_keys_all, key) ||
               (ms_profile_has(profile, MS_FEATURE_ISO_VOLUMES) && key_listed(disk_keys_new, key));
    if (TYPE_IS(type, "nic"))
        return ms_nic_key_known(cluster, device, key);
    if (TYPE_IS(type, "gpu"))
        return !g_str_has_prefix(key, "initial."); /* every other key answered: ms-device-gpu.c */
    if (TYPE_IS(type, "usb") || TYPE_IS(type, "unix-hotplug"))
        return g_strv_contains(id_keys, key);
    if (TYPE_IS(type, "tpm"))
        return g_strv_contains(tpm_keys, key);
    if (TYPE_IS(type, "unix-char") || TYPE_IS(type, "unix-block"))
        return g_strv_contains(unix_keys, key);
    if (TYPE_IS(type, "proxy"))
        return g_strv_contains(proxy_keys, key);
    return FALSE;
}

/* The device's name, as validDevices and device.Validate check it before
 * anything else.  Every LXD release and Incus until 7.0.0 and 7.1 ... 7.2:
 * validate.IsDeviceName at the top of Validate, whose error validDevices
 * wraps "Device validation failed for %q: %w" (lxd/device/device_load.go:140,
 * lxd/instance/drivers/load.go:103 at lxd-5.0.2; :141 and :103 at lxd-5.21.7,
 * :141 and :106 at lxd-6.9, the same at every 5.0.x, 5.x, 5.21.x and 6.x tag;
 * internal/server/device/device_load.go:143, internal/server/instance/drivers/
 * load.go:114 at v6.0.4).  Not followed: a name over 63 bytes (validDevices'
 * own "The maximum device name length is 64 characters" comes first where it
 * exists, load.go:91 at lxd-5.0.2, :102 at v6.0.4, without the wrap), and,
 * from Incus 7.0.1 and 7.1, a name validate.IsAPIName refuses: validDevices
 * wraps it "Invalid device name %q: %w" (load.go:102-104 at v7.0.1, v7.1.0,
 * v7.3.0; commit 5efa60cef0); Validate itself calls IsAPIName at 7.0.1 and
 * 7.3 (device_load.go:150 at v7.0.1, :152 at v7.3.0, commit de3d67d43a), so
 * IsDeviceName is left there. */
static gboolean
validate_device_name(const MsDeviceContext *ctx, const char *name, MsRejection *out)
{
    static const MsReleases api_checked = MS_REL_INCUS(((MsIncusReleases){
        MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 1, 0)), MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 1)) }));
    static const MsReleases api_only = MS_REL_INCUS(((MsIncusReleases){
        MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 3, 0)), MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 1)) }));
    const MsProfile *profile = ctx->env->profile;
    g_autofree char *why = NULL;

    if (ms_releases_contain(&api_checked, profile->version)) {
        g_autofree char *api = ms_name_api_error(name, profile);
        if (api != NULL)
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: device name \"%s\", which "
                                                    "validate.IsAPIName refuses (%s): the wrap of that "
                                                    "error was not read",
                                                    profile->name, name, api));
        if (ms_releases_contain(&api_only, profile->version))
            return TRUE;
    }
    if (strlen(name) > 63)
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: a device name over 63 bytes "
                            "(\"%s\"): the length checks and their wraps are not followed",
                            profile->name, name));
    why = ms_device_name_error(name);
    if (ms_env_check(ctx->env, MS_RULE_DEV_NAME, name, why != NULL))
        return ms_reject_rule(out, profile, MS_RULE_DEV_NAME, why);
    return TRUE;
}

gboolean
ms_device_validate(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out)
{
    /* read once: every device of every start and migration check comes here */
    const char *type = ms_device_get_lit(device, "type");

    if (!validate_device_name(ctx, name, out))
        return FALSE;

    /* newByType refuses a device without a type before it looks one up
     * (lxd/device/device_load.go:15-16, :99 at lxd-5.0.2, :16-17, :100 at
     * lxd-5.21.7 and lxd-6.9; seen live on 5.0.2) */
    if (ms_env_check(ctx->env, MS_RULE_DEV_TYPE_MISSING, name, *type == '\0'))
        return ms_reject_rule(out, ctx->env->profile, MS_RULE_DEV_TYPE_MISSING, name);
    if (ms_env_check(ctx->env, MS_RULE_DEV_UNSUPPORTED_TYPE, name, !device_type_known(device, type)))
        return ms_reject_rule(out, ctx->env->profile, MS_RULE_DEV_UNSUPPORTED_TYPE, name);
    if (TYPE_IS(type, "nic"))
        return validate_nic(ctx, name, device, out);
    if (!TYPE_IS(type, "disk"))
        return other_device_plain(ctx, name, device, out);
    if (ctx->mode == MS_VALIDATE_INSTANCE && !ctx->for_profile && ctx->instance_name != NULL &&
        ctx->sibling_devices != NULL && g_str_equal(ms_device_get_lit(device, "path"), "/"))
        return validate_root_memoized(ctx, ms_cluster_root_memos(ctx->cluster), name, device, out);
    return validate_disk(ctx, name, device, out);
}

#undef CHECK
#undef FAIL
