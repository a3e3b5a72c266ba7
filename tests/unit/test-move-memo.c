/* The root-disk validation memo and its per-set cache (model/ms-devices.c
 * validate_root_memoized) in a cluster big enough for frozen device sets
 * (more than MS_MODEL_SELF_CHECK_MAX instances, where the memo is not
 * checked against a fresh validation): an input the answer reads must
 * change the answer when it changes.  The truth is LXD's source: a VM's
 * disk with io.bus=nvme is refused once the expanded migration.stateful is
 * true (lxd/device/disk.go:663-665 at lxd-5.21.7), and not before. */
#include <glib.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-cluster.h"
#include "ms-rules.h"
#include "ms-scenario.h"
#include "ms-version.h"

static MsOutcome *
run(MsCluster *cluster, const MsProfile *p, const char *line)
{
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(MsOp) op = NULL;
    MsEnv env = { .profile = p, .client = "m1" };

    g_assert_true(g_shell_parse_argv(line, NULL, &argv, &error));
    op = ms_lxc_parse(argv, &error);
    g_assert_no_error(error);
    return ms_cluster_apply(cluster, &env, op);
}

static void
run_ok(MsCluster *cluster, const MsProfile *p, const char *line)
{
    g_autoptr(MsOutcome) o = run(cluster, p, line);

    if (!o->ok)
        g_error("%s: %s", line, o->server_error != NULL ? o->server_error : "failed");
}

/* three members, a ceph pool and more instances than the self-check size */
static MsCluster *
big_cluster(const MsProfile *p)
{
    MsCluster *cluster = ms_cluster_new();
    char line[64];

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    ms_cluster_add_member(cluster, "m3");
    ms_cluster_assign_roles(cluster);
    for (guint i = 1; i <= 3; i++) {
        g_snprintf(line, sizeof(line), "lxc storage create remote ceph --target=m%u", i);
        run_ok(cluster, p, line);
    }
    run_ok(cluster, p, "lxc storage create remote ceph");
    for (guint i = 0; i <= MS_MODEL_SELF_CHECK_MAX; i++) {
        g_snprintf(line, sizeof(line), "lxc init img c%04u -s remote", i);
        run_ok(cluster, p, line);
    }
    return cluster;
}

/* The root disk is the instance's own, and a profile has a device too, so
 * the set validated (the expanded one) is not the instance's: the memo
 * cache of the instance's set must still miss when migration.stateful
 * changes. */
static void
test_stateful_changes_answer(void)
{
    const MsProfile *p = ms_profile_lookup("lxd-5.21.7");
    g_autoptr(MsCluster) cluster = big_cluster(p);
    g_autoptr(MsOutcome) refused = NULL;

    /* made so, not changed after: a changed set is the instance's own copy,
     * not a frozen set with a cache */
    run_ok(cluster, p, "lxc init img v1 --vm -s remote --target=m1 -d root,io.bus=nvme");
    run_ok(cluster, p, "lxc profile device add default extra none");
    for (guint round = 0; round < 2; round++) {
        run_ok(cluster, p, "lxc start v1");
        run_ok(cluster, p, "lxc stop v1 --force");
    }
    run_ok(cluster, p, "lxc profile set default migration.stateful=true");
    refused = run(cluster, p, "lxc start v1");
    g_assert_false(refused->ok);
    g_assert_cmpint(refused->rule, ==, MS_RULE_DISK_STATEFUL_NVME);
    g_assert_nonnull(
        strstr(refused->server_error, "NVME disks aren't supported with migration.stateful=true"));
    /* and back */
    run_ok(cluster, p, "lxc profile unset default migration.stateful");
    run_ok(cluster, p, "lxc start v1");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/move-memo/stateful-changes-answer", test_stateful_changes_answer);
    return g_test_run();
}
