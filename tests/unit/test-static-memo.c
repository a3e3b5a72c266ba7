/* The static validation memo of a move's target-create probe
 * (model/ms-static-memo.c) in a cluster bigger than MS_MODEL_SELF_CHECK_MAX,
 * where the memo answers alone (no comparison with a fresh validation):
 * each input the memo's key holds is changed from a valid set to one LXD
 * refuses, after the valid one was memoised, so a key that left the input
 * out would answer "valid" from the first memo.  The truth is LXD's source
 * at lxd-5.21.7 (and lxd-5.0.2 for the release), lxd/device/disk.go
 * validateConfig and lxd/device/config/devices.go Device.Validate. */
#include <glib.h>

#include "ms-apply-private.h"
#include "ms-cluster.h"
#include "ms-config.h"
#include "ms-member.h"
#include "ms-pool.h"
#include "ms-version.h"

typedef struct {
    const char *name, *path, *source, *extra_key, *extra_value;
} Disk;

static MsCluster *
big_cluster(void)
{
    MsCluster *cluster = ms_cluster_new();
    MsPool *pool = ms_pool_new("remote", "ceph");

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    ms_cluster_assign_roles(cluster);
    pool->state = MS_POOL_CREATED;
    g_ptr_array_add(cluster->pools, pool);
    for (guint i = 0; i <= MS_MODEL_SELF_CHECK_MAX; i++) {
        char name[16];
        MsInstance *inst;
        MsDevice *root = ms_device_new();

        g_snprintf(name, sizeof(name), "f%05u", i);
        inst = ms_instance_new(name, MS_INSTANCE_CONTAINER, "m1");
        ms_device_set(root, "type", "disk");
        ms_device_set(root, "path", "/");
        ms_device_set(root, "pool", "remote");
        ms_devices_set(inst->devices, "root", root);
        ms_cluster_add_instance(cluster, inst);
    }
    return cluster;
}

/* An instance of @type on m1 with @disks (each with pool=remote) and the
 * answer of the memoised probe for it at @release. */
static gboolean
probe(MsCluster *cluster, const char *release, MsInstanceType type, const Disk *disks, guint n)
{
    static guint serial;
    const MsProfile *profile = ms_profile_lookup(release);
    MsEnv env = { .profile = profile, .client = "m1" };
    MsOp op = { 0 };
    MsApply apply = { cluster, &env, profile, &op, NULL };
    char name[16];
    MsInstance *inst;

    g_snprintf(name, sizeof(name), "p%05u", serial++);
    inst = ms_instance_new(name, type, "m1");
    for (guint i = 0; i < n; i++) {
        MsDevice *device = ms_device_new();

        ms_device_set(device, "type", "disk");
        ms_device_set(device, "pool", "remote");
        ms_device_set(device, "path", disks[i].path);
        ms_device_set(device, "source", disks[i].source);
        if (disks[i].extra_key != NULL)
            ms_device_set(device, disks[i].extra_key, disks[i].extra_value);
        ms_devices_set(inst->devices, disks[i].name, device);
    }
    ms_cluster_add_instance(cluster, inst);
    return ms_static_devices_valid(&apply, ms_cluster_lookup_instance(cluster, name));
}

static const Disk root = { "root", "/", NULL, NULL, NULL };

#define VALID(...) g_assert_true(probe(cluster, __VA_ARGS__))
#define REFUSED(...) g_assert_false(probe(cluster, __VA_ARGS__))

/* the names of the keys: shift= with a pool (disk.go:519 at lxd-5.21.7) */
static void
test_keys(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    const Disk shifted = { "root", "/", NULL, "shift", "true" };
    const Disk sized = { "root", "/", NULL, "size", "10GiB" };

    VALID("lxd-5.21.7", MS_INSTANCE_CONTAINER, &sized, 1);
    REFUSED("lxd-5.21.7", MS_INSTANCE_CONTAINER, &shifted, 1);
}

/* a value only by whether it passes its rule: a bad size is validated
 * afresh (Device.Validate's rules, devices.go:23-33 at lxd-5.0.2), a good
 * one shares the memo of another size */
static void
test_values(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    const Disk a = { "root", "/", NULL, "size", "10GiB" };
    const Disk b = { "root", "/", NULL, "size", "20GiB" };
    const Disk bad = { "root", "/", NULL, "size", "lots" };

    VALID("lxd-5.21.7", MS_INSTANCE_CONTAINER, &a, 1);
    VALID("lxd-5.21.7", MS_INSTANCE_CONTAINER, &b, 1);
    REFUSED("lxd-5.21.7", MS_INSTANCE_CONTAINER, &bad, 1);
}

/* the path's class: a root disk may not have a source (disk.go:457), an
 * additional one must (disk.go:453) */
static void
test_path(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    const Disk data = { "data", "/mnt/data", "vol", NULL, NULL };
    const Disk rooted = { "data", "/", "vol", NULL, NULL };

    VALID("lxd-5.21.7", MS_INSTANCE_CONTAINER, (Disk[]){ root, data }, 2);
    REFUSED("lxd-5.21.7", MS_INSTANCE_CONTAINER, &rooted, 1);
}

/* the source's class: empty (disk.go:453), absolute with a pool
 * (disk.go:523) */
static void
test_source(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    const Disk data = { "data", "/mnt/data", "vol", NULL, NULL };
    const Disk absolute = { "data", "/mnt/data", "/srv/vol", NULL, NULL };
    const Disk block = { "data", NULL, "vol", NULL, NULL };
    const Disk neither = { "data", NULL, "", NULL, NULL };

    VALID("lxd-5.21.7", MS_INSTANCE_VM, (Disk[]){ root, data }, 2);
    REFUSED("lxd-5.21.7", MS_INSTANCE_VM, (Disk[]){ root, absolute }, 2);
    VALID("lxd-5.21.7", MS_INSTANCE_VM, (Disk[]){ root, block }, 2);
    REFUSED("lxd-5.21.7", MS_INSTANCE_VM, (Disk[]){ root, neither }, 2);
}

/* another local disk at the same path (disk.go:495) */
static void
test_duplicate(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    const Disk one = { "one", "/mnt/data", "vol1", NULL, NULL };
    const Disk two = { "two", "/mnt/data", "vol2", NULL, NULL };

    VALID("lxd-5.21.7", MS_INSTANCE_CONTAINER, (Disk[]){ root, one }, 2);
    REFUSED("lxd-5.21.7", MS_INSTANCE_CONTAINER, (Disk[]){ root, one, two }, 3);
}

/* the instance type: io.bus on a container (disk.go:432-434) */
static void
test_type(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    const Disk nvme = { "root", "/", NULL, "io.bus", "nvme" };

    VALID("lxd-5.21.7", MS_INSTANCE_VM, &nvme, 1);
    REFUSED("lxd-5.21.7", MS_INSTANCE_CONTAINER, &nvme, 1);
}

/* the release: io.bus is no disk key at lxd-5.0.2 (Device.Validate's
 * unknown key, devices.go:60 at lxd-5.0.2) */
static void
test_release(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    const Disk nvme = { "root", "/", NULL, "io.bus", "nvme" };

    VALID("lxd-5.21.7", MS_INSTANCE_VM, &nvme, 1);
    REFUSED("lxd-5.0.2", MS_INSTANCE_VM, &nvme, 1);
}

/* the device's name: validate.IsDeviceName refuses a leading '.' and '#'
 * (shared/validate/validate.go:770-788 at lxd-5.21.7), before the device
 * is loaded (lxd/device/device_load.go:141); Incus 7.1 refuses '/' by
 * validate.IsAPIName(name, false) in validDevices (internal/server/
 * instance/drivers/load.go:102-104, shared/validate/validate.go:590-598 at
 * v7.1.0; an answer migsim leaves 'not modelled', a refusal here), which
 * IsDeviceName alone allows (v7.0.0).  Each bad name comes after the same
 * disk under a good name was memoised, and before it in a second cluster. */
static void
test_name(void)
{
    g_autoptr(MsCluster) cluster = big_cluster();
    g_autoptr(MsCluster) other = big_cluster();
    const Disk hidden = { ".root", "/", NULL, NULL, NULL };
    const Disk hash = { "a#b", "/", NULL, NULL, NULL };
    const Disk slash = { "a/b", "/", NULL, NULL, NULL };

    VALID("lxd-5.21.7", MS_INSTANCE_CONTAINER, &root, 1);
    REFUSED("lxd-5.21.7", MS_INSTANCE_CONTAINER, &hidden, 1);
    REFUSED("lxd-5.21.7", MS_INSTANCE_CONTAINER, &hash, 1);
    VALID("incus-7.1", MS_INSTANCE_CONTAINER, &root, 1);
    REFUSED("incus-7.1", MS_INSTANCE_CONTAINER, &slash, 1);
    VALID("incus-7.0.0", MS_INSTANCE_CONTAINER, &slash, 1);
    g_assert_false(probe(other, "lxd-5.0.2", MS_INSTANCE_CONTAINER, &hidden, 1));
    g_assert_true(probe(other, "lxd-5.0.2", MS_INSTANCE_CONTAINER, &root, 1));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/static-memo/keys", test_keys);
    g_test_add_func("/static-memo/values", test_values);
    g_test_add_func("/static-memo/path", test_path);
    g_test_add_func("/static-memo/source", test_source);
    g_test_add_func("/static-memo/duplicate", test_duplicate);
    g_test_add_func("/static-memo/type", test_type);
    g_test_add_func("/static-memo/release", test_release);
    g_test_add_func("/static-memo/name", test_name);
    return g_test_run();
}
