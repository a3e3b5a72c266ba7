/* Unit tests of the volume indexes (model/ms-volume-users.c: a name's one
 * item kept as itself, two or more in a tagged array; in big clusters the
 * names interned for the process) and of the shared empty snapshot list
 * (ms_cluster_add_instance).  Each case runs in a small cluster, where the
 * model also compares every indexed answer with a scan, and in one above
 * MS_MODEL_SELF_CHECK_MAX, where only these asserts check it.  The
 * expected values are the volumes and disks the test itself made. */
#include <glib.h>

#include "ms-apply-private.h"
#include "ms-apply.h"
#include "ms-cluster.h"
#include "ms-config.h"
#include "ms-version.h"
#include "ms-volume.h"

static MsInstance *
add_instance(MsCluster *cluster, const char *name, const char *location, const char *pool, const char *source)
{
    MsInstance *inst = ms_instance_new(name, MS_INSTANCE_CONTAINER, location);

    g_ptr_array_add(ms_instance_profiles_mut(inst), g_strdup("default"));
    if (source != NULL) {
        MsDevice *disk = ms_device_new();

        ms_device_set(disk, "type", "disk");
        ms_device_set(disk, "pool", pool);
        ms_device_set(disk, "source", source);
        ms_device_set(disk, "path", "/mnt/data");
        ms_devices_set(inst->devices, "data", disk);
    }
    ms_cluster_add_instance(cluster, inst);
    return inst;
}

static void
add_volume(MsCluster *cluster, const char *pool, const char *name, const char *location)
{
    g_ptr_array_add(cluster->volumes, ms_volume_new(pool, name, MS_CONTENT_FILESYSTEM, location));
}

/* @n_filler instances without disks besides the ones under test */
static void
check_indexes(guint n_filler)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    g_autoptr(GPtrArray) users = NULL;
    MsVolume *const *named;
    MsVolume *one;
    const MsVolume *shared, *solo;
    MsInstance *a, *b, *c;
    char name[32];

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    for (guint i = 0; i < n_filler; i++) {
        g_snprintf(name, sizeof(name), "f%05u", i);
        add_instance(cluster, name, i % 2 ? "m1" : "m2", NULL, NULL);
    }
    /* "v" three times (two members' local pools, then remote), "shared"
     * used by two instances, "solo" by one, "unused" by none */
    add_volume(cluster, "local", "v", "m1");
    add_volume(cluster, "local", "v", "m2");
    add_volume(cluster, "remote", "v", NULL);
    add_volume(cluster, "remote", "shared", NULL);
    add_volume(cluster, "remote", "solo", NULL);
    add_volume(cluster, "remote", "unused", NULL);
    a = add_instance(cluster, "a", "m1", "remote", "shared");
    b = add_instance(cluster, "b", "m2", "remote", "shared");
    c = add_instance(cluster, "c", "m1", "remote", "solo");

    g_assert_cmpuint(ms_cluster_volumes_named(cluster, "v", &named, &one), ==, 3);
    g_assert_cmpstr(named[0]->location, ==, "m1");
    g_assert_cmpstr(named[1]->location, ==, "m2");
    g_assert_null(named[2]->location);
    g_assert_cmpuint(ms_cluster_volumes_named(cluster, "solo", &named, &one), ==, 1);
    g_assert_cmpstr(named[0]->name, ==, "solo");
    g_assert_cmpuint(ms_cluster_volumes_named(cluster, "none", &named, &one), ==, 0);
    g_assert_cmpuint(ms_cluster_count_volumes(cluster, NULL, "local", "v"), ==, 2);
    g_assert_cmpuint(ms_cluster_count_volumes(cluster, NULL, "remote", "v"), ==, 1);
    g_assert_cmpstr(ms_cluster_lookup_volume(cluster, NULL, "local", "v", "m2")->location, ==, "m2");
    /* two local "v" and no member named: not one answer */
    g_assert_null(ms_cluster_lookup_volume(cluster, NULL, "local", "v", NULL));

    shared = ms_cluster_lookup_volume(cluster, NULL, "remote", "shared", NULL);
    solo = ms_cluster_lookup_volume(cluster, NULL, "remote", "solo", NULL);
    g_assert_nonnull(shared);
    g_assert_nonnull(solo);
    g_assert_true(ms_cluster_volume_used_elsewhere(cluster, shared, "a", NULL));
    g_assert_true(ms_cluster_volume_used_elsewhere(cluster, shared, "b", NULL));
    /* b is on m2: other than m2, only a (self) is left */
    g_assert_false(ms_cluster_volume_used_elsewhere(cluster, shared, "a", "m2"));
    g_assert_false(ms_cluster_volume_used_elsewhere(cluster, solo, "c", NULL));
    g_assert_true(ms_cluster_volume_used_elsewhere(cluster, solo, "a", NULL));
    users = ms_cluster_volume_users(cluster, shared, NULL);
    g_assert_cmpuint(users->len, ==, 2);
    g_assert_true(g_ptr_array_find(users, a, NULL) && g_ptr_array_find(users, b, NULL));
    g_clear_pointer(&users, g_ptr_array_unref);
    users = ms_cluster_volume_users(cluster, shared, a);
    g_assert_cmpuint(users->len, ==, 1);
    g_assert_true(users->pdata[0] == b);
    g_clear_pointer(&users, g_ptr_array_unref);
    users = ms_cluster_volume_users(cluster, solo, NULL);
    g_assert_cmpuint(users->len, ==, 1);
    g_assert_true(users->pdata[0] == c);
    g_clear_pointer(&users, g_ptr_array_unref);
    users = ms_cluster_volume_users(cluster,
                                    ms_cluster_lookup_volume(cluster, NULL, "remote", "unused", NULL), NULL);
    g_assert_cmpuint(users->len, ==, 0);

    /* a volume appended after the index was built is found too */
    add_volume(cluster, "remote", "solo2", NULL);
    g_assert_cmpuint(ms_cluster_volumes_named(cluster, "solo2", &named, &one), ==, 1);
    g_assert_cmpuint(ms_cluster_count_volumes(cluster, NULL, "remote", "solo"), ==, 1);
}

static void
test_indexes_small(void)
{
    check_indexes(10);
}

static void
test_indexes_big(void)
{
    check_indexes(MS_MODEL_SELF_CHECK_MAX + 100);
}

/* Instances without snapshots share one empty list; a snapshot gives the
 * instance its own, and the others stay empty. */
static void
test_empty_snapshots(void)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    MsInstance *a, *b;

    ms_cluster_add_member(cluster, "m1");
    a = add_instance(cluster, "a", "m1", NULL, NULL);
    b = add_instance(cluster, "b", "m1", NULL, NULL);
    g_assert_true(a->snapshots == b->snapshots);
    g_ptr_array_add(ms_instance_snapshots_mut(a), g_strdup("snap0"));
    g_assert_cmpuint(a->snapshots->len, ==, 1);
    g_assert_cmpstr(a->snapshots->pdata[0], ==, "snap0");
    g_assert_cmpuint(b->snapshots->len, ==, 0);
    g_assert_false(a->snapshots == b->snapshots);
}

/* A forced member removal takes the member's volume rows (storage_volumes
 * node_id ON DELETE CASCADE, lxd/db/cluster/schema.go:461 at lxd-5.0.2);
 * a volume appended afterwards (as import and state files do) brings the
 * array back to the length the index had seen.  The index must not keep
 * the removed row: expected values are the volumes this test made. */
static void
check_member_removed(guint n_filler)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    const MsProfile *p = ms_profile_lookup("lxd-5.21.7");
    MsEnv env = { .profile = p, .client = "m1" };
    g_autoptr(MsOp) op = ms_op_new(MS_OP_MEMBER_REMOVE);
    g_autoptr(MsOutcome) outcome = NULL;
    MsVolume *const *named;
    MsVolume *one;
    char name[32];

    g_assert_nonnull(p);
    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    ms_cluster_add_member(cluster, "m3");
    ms_cluster_assign_roles(cluster);
    for (guint i = 0; i < n_filler; i++) {
        g_snprintf(name, sizeof(name), "f%05u", i);
        add_instance(cluster, name, i % 2 ? "m1" : "m3", NULL, NULL);
    }
    add_volume(cluster, "local", "v", "m1");
    add_volume(cluster, "local", "v", "m2");
    /* the index is built with both */
    g_assert_cmpuint(ms_cluster_count_volumes(cluster, NULL, "local", "v"), ==, 2);
    op->member = g_strdup("m2");
    op->force = TRUE;
    outcome = ms_cluster_apply(cluster, &env, op);
    g_assert_true(outcome->ok);
    g_assert_cmpuint(cluster->volumes->len, ==, 1);
    add_volume(cluster, "local", "w", "m1");
    g_assert_cmpuint(ms_cluster_count_volumes(cluster, NULL, "local", "v"), ==, 1);
    g_assert_cmpuint(ms_cluster_volumes_named(cluster, "v", &named, &one), ==, 1);
    g_assert_cmpstr(named[0]->location, ==, "m1");
    g_assert_cmpuint(ms_cluster_volumes_named(cluster, "w", &named, &one), ==, 1);
}

static void
test_member_removed_small(void)
{
    check_member_removed(10);
}

static void
test_member_removed_big(void)
{
    check_member_removed(MS_MODEL_SELF_CHECK_MAX + 100);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/volume-index/small", test_indexes_small);
    g_test_add_func("/volume-index/big", test_indexes_big);
    g_test_add_func("/volume-index/empty-snapshots", test_empty_snapshots);
    g_test_add_func("/volume-index/member-removed-small", test_member_removed_small);
    g_test_add_func("/volume-index/member-removed-big", test_member_removed_big);
    return g_test_run();
}
