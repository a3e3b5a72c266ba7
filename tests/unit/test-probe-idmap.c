/* The start probe (ms_cluster_probe_start) of a container that alone uses
 * a custom volume: LXD shifts the volume to its map whatever that map is
 * (storagePoolVolumeAttachShift: a single user that is the container
 * itself, lxd/device/disk.go:1514-1519 at lxd-5.0.2).  The probe
 * validates a copy of the instance, which must not count as another user
 * of the volume (an isolated container then refused itself). */
#include <glib.h>

#include "ms-apply.h"
#include "ms-cluster.h"
#include "ms-scenario.h"
#include "ms-version.h"

static void
apply_ok(MsCluster *cluster, const MsProfile *profile, const char *line)
{
    g_auto(GStrv) argv = g_strsplit(line, " ", -1);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsOp) op = ms_lxc_parse(argv, &error);
    MsEnv env = { .profile = profile, .client = "m1" };
    g_autoptr(MsOutcome) outcome = NULL;

    g_assert_no_error(error);
    outcome = ms_cluster_apply(cluster, &env, op);
    if (!outcome->ok)
        g_error("%s: %s", line, outcome->server_error);
}

static void
test_sole_user(void)
{
    const MsProfile *profile = ms_profile_lookup("lxd-5.0.2");
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    g_autofree char *stopped = NULL, *running = NULL;

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_assign_roles(cluster);
    apply_ok(cluster, profile, "lxc storage create local dir");
    apply_ok(cluster, profile, "lxc storage volume create local tv");
    apply_ok(cluster, profile, "lxc init img a -s local -c security.idmap.isolated=true");
    apply_ok(cluster, profile, "lxc storage volume attach local tv a /mnt");
    stopped = ms_cluster_probe_start(cluster, profile, ms_cluster_lookup_instance(cluster, "a"));
    g_assert_null(stopped);
    apply_ok(cluster, profile, "lxc start a");
    running = ms_cluster_probe_start(cluster, profile, ms_cluster_lookup_instance(cluster, "a"));
    g_assert_null(running);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/probe/idmap/sole-user", test_sole_user);
    return g_test_run();
}
