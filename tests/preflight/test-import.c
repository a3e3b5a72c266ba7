/* migsim import and preflight --remote against a fake LXD on a unix socket.
 *
 *   test-import MIGSIM
 *
 * The fake serves the shapes a real LXD 5.0.2 cluster gives
 * (docs: /work/shared/reference/live-lxd.md §3) for the live suite's seed:
 * c1 with a local custom volume on m1, c2 without.  It records every request
 * so the tests can prove the import sends GET requests only. */
#include <string.h>

#include "ms-fake-lxd.h"
#include "ms-scenario.h"

static MsFakeLxd *server;
static const char *migsim;

static const char members_reply[] =
    MS_FAKE_LXD_SYNC("["
                     "{\"server_name\":\"m1\",\"url\":\"https://"
                     "127.0.0.1:8443\",\"status\":\"Online\",\"message\":\"Fully operational\","
                     "\"roles\":[\"database-leader\",\"database\"],\"database\":true,\"architecture\":\"x86_"
                     "64\",\"failure_domain\":\"default\",\"groups\":[\"default\"],\"config\":{}},"
                     "{\"server_name\":\"m2\",\"url\":\"https://"
                     "127.0.0.2:8443\",\"status\":\"Online\",\"message\":\"Fully operational\","
                     "\"roles\":[\"database\"],\"database\":true,\"architecture\":\"x86_64\",\"failure_"
                     "domain\":\"default\",\"groups\":[\"default\"],\"config\":{}},"
                     "{\"server_name\":\"m3\",\"url\":\"https://"
                     "127.0.0.3:8443\",\"status\":\"Online\",\"message\":\"Fully operational\","
                     "\"roles\":[\"database\"],\"database\":true,\"architecture\":\"x86_64\",\"failure_"
                     "domain\":\"default\",\"groups\":[\"default\"],\"config\":{}}]");

static const char pools_reply[] = MS_FAKE_LXD_SYNC(
    "[{\"name\":\"local\",\"driver\":\"dir\",\"status\":\"Created\","
    "\"locations\":[\"m1\",\"m2\",\"m3\"],\"config\":{},\"description\":\"\",\"used_by\":[]}]");

static const char pool_on_member[] = MS_FAKE_LXD_SYNC(
    "{\"name\":\"local\",\"driver\":\"dir\",\"status\":\"Created\","
    "\"locations\":[\"m1\",\"m2\",\"m3\"],\"config\":{\"source\":\"/tmp/lxd1/storage-pools/local\"}}");

static const char volumes_reply[] =
    MS_FAKE_LXD_SYNC("["
                     "{\"name\":\"c1\",\"type\":\"container\",\"content_type\":\"filesystem\",\"location\":"
                     "\"m1\",\"config\":{},\"used_by\":[\"/1.0/instances/c1\"]},"
                     "{\"name\":\"c2\",\"type\":\"container\",\"content_type\":\"filesystem\",\"location\":"
                     "\"m1\",\"config\":{},\"used_by\":[\"/1.0/instances/c2\"]},"
                     "{\"name\":\"vol1\",\"type\":\"custom\",\"content_type\":\"filesystem\",\"location\":"
                     "\"m1\",\"config\":{},\"used_by\":[\"/1.0/instances/c1\"]}]");

static const char profiles_reply[] =
    MS_FAKE_LXD_SYNC("[{\"name\":\"default\",\"config\":{},\"devices\":{},\"description\":\"Default LXD "
                     "profile\",\"used_by\":[]}]");

static const char instances_reply[] = MS_FAKE_LXD_SYNC(
    "["
    "{\"name\":\"c1\",\"status\":\"Running\",\"status_code\":103,\"location\":\"m1\",\"type\":\"container\","
    "\"project\":\"default\","
    "\"config\":{\"volatile.last_state.power\":\"RUNNING\",\"image.os\":\"busybox\"},"
    "\"devices\":{\"root\":{\"path\":\"/\",\"pool\":\"local\",\"type\":\"disk\"},\"vol1\":{\"path\":\"/"
    "mnt\",\"pool\":\"local\",\"source\":\"vol1\",\"type\":\"disk\"}},"
    "\"expanded_config\":{},\"expanded_devices\":{},\"profiles\":[\"default\"],\"stateful\":false,"
    "\"ephemeral\":false},"
    "{\"name\":\"c2\",\"status\":\"Running\",\"status_code\":103,\"location\":\"m1\",\"type\":\"container\","
    "\"project\":\"default\","
    "\"config\":{\"volatile.last_state.power\":\"RUNNING\"},"
    "\"devices\":{\"root\":{\"path\":\"/\",\"pool\":\"local\",\"type\":\"disk\"}},"
    "\"expanded_config\":{},\"expanded_devices\":{},\"profiles\":[\"default\"],\"stateful\":false,"
    "\"ephemeral\":false}]");

static const char error_500[] = MS_FAKE_LXD_ERROR("500", "Failed to fetch instances: database is locked");

/* GET /1.0 as @product ("lxd", "incus") @version answers it */
static void
set_root_of(const char *product, const char *version)
{
    g_autofree char *root = g_strdup_printf(
        MS_FAKE_LXD_SYNC(
            "{\"api_extensions\":[],\"api_status\":\"stable\",\"api_version\":\"1.0\","
            "\"auth\":\"trusted\",\"config\":{\"cluster.https_address\":\"127.0.0.1:8443\","
            "\"core.https_address\":\"127.0.0.1:8443\",\"core.trust_password\":true},"
            "\"environment\":{\"server\":\"%s\",\"server_name\":\"m1\",\"server_version\":\"%s\","
            "\"server_clustered\":true}}"),
        product, version);

    ms_fake_lxd_add_json(server, "GET /1.0", 200, root);
}

static void
set_root(const char *version)
{
    set_root_of("lxd", version);
}

static void
set_not_lxd(gboolean not_lxd)
{
    if (not_lxd)
        ms_fake_lxd_add_json(server, "GET /1.0", 200, MS_FAKE_LXD_NOT_LXD);
    else
        set_root("5.0.2");
}

static void
set_broken_instances(gboolean broken)
{
    ms_fake_lxd_add_json(server, "GET /1.0/instances?recursion=1", broken ? 500 : 200,
                         broken ? error_500 : instances_reply);
}

/* The import must not change anything, so anything but GET is refused
 * (and recorded, for assert_only_gets()). */
static MsFakeLxdReply *
refuse_writes(const MsFakeLxdRequest *request, gpointer user_data)
{
    (void) user_data;
    if (g_str_equal(request->method, "GET"))
        return NULL;
    return ms_fake_lxd_reply_new_json(405, "{\"type\":\"error\",\"error_code\":405,"
                                           "\"error\":\"not allowed in this test\"}");
}

static void
server_start(void)
{
    server = ms_fake_lxd_new("ms-import-XXXXXX");
    ms_fake_lxd_add_func(server, "*", refuse_writes, NULL);
    set_root("5.0.2");
    ms_fake_lxd_add_json(server, "GET /1.0/cluster/members?recursion=1", 200, members_reply);
    ms_fake_lxd_add_json(server, "GET /1.0/storage-pools?recursion=1", 200, pools_reply);
    ms_fake_lxd_add_json(server, "GET /1.0/storage-pools/local?target=m*", 200, pool_on_member);
    ms_fake_lxd_add_json(server, "GET /1.0/storage-pools/local/volumes?recursion=1", 200, volumes_reply);
    ms_fake_lxd_add_json(server, "GET /1.0/profiles?recursion=1", 200, profiles_reply);
    set_broken_instances(FALSE);
}

static void
server_stop(void)
{
    g_clear_pointer(&server, ms_fake_lxd_free);
}

/* Runs migsim with @args; returns its exit status. */
static int
run_migsim(const char *const *args, char **out, char **err)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) error = NULL;
    int status = -1;

    g_ptr_array_add(argv, (gpointer) migsim);
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add(argv, (gpointer) args[i]);
    g_ptr_array_add(argv, NULL);
    g_assert_true(g_spawn_sync(NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, &error));
    g_assert_no_error(error);
    g_test_message("stderr: %s", *err);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
assert_only_gets(void)
{
    g_autoptr(GPtrArray) requests = ms_fake_lxd_dup_requests(server);

    g_assert_cmpuint(requests->len, >, 0);
    for (guint i = 0; i < requests->len; i++) {
        const char *request = requests->pdata[i];
        if (!g_str_has_prefix(request, "GET "))
            g_error("the import sent '%s'", request);
    }
}

static void
test_import(void)
{
    g_autofree char *remote = NULL, *out_path = NULL, *out = NULL, *err = NULL;
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(GError) error = NULL;
    const MsInstance *c1;
    const MsVolume *vol1;

    server_start();
    remote = ms_fake_lxd_dup_remote(server);
    out_path = g_build_filename(ms_fake_lxd_get_dir(server), "state.json", NULL);
    {
        const char *args[] = { "import", "--remote", remote, "--out", out_path, NULL };
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 0);
    }
    assert_only_gets();
    state = ms_state_file_load(out_path, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(state->profile->name, ==, "lxd-5.0.2");
    g_assert_cmpstr(state->server_version, ==, "5.0.2");
    g_assert_cmpuint(state->cluster->members->len, ==, 3);
    g_assert_cmpint(ms_cluster_lookup_member(state->cluster, "m1")->role, ==, MS_MEMBER_ROLE_VOTER);
    c1 = ms_cluster_lookup_instance(state->cluster, "c1");
    g_assert_nonnull(c1);
    g_assert_cmpstr(c1->location, ==, "m1");
    g_assert_cmpint(c1->status, ==, MS_INSTANCE_RUNNING);
    g_assert_true(ms_devices_has(c1->devices, "vol1"));
    /* only custom volumes: the instances' own volumes follow them */
    g_assert_cmpuint(state->cluster->volumes->len, ==, 1);
    vol1 = state->cluster->volumes->pdata[0];
    g_assert_cmpstr(vol1->name, ==, "vol1");
    g_assert_cmpstr(vol1->location, ==, "m1");
    g_assert_null(g_hash_table_lookup(state->cluster->server_config, "core.trust_password"));
    g_assert_cmpstr(g_hash_table_lookup(state->cluster->server_config, "core.https_address"), ==,
                    "127.0.0.1:8443");
    /* per-member pool state was asked for each member */
    g_assert_true(ms_fake_lxd_saw(server, "GET /1.0/storage-pools/local?target=m3"));
    server_stop();
}

static void
test_import_stdout_and_newer_release(void)
{
    g_autofree char *remote = NULL, *out = NULL, *err = NULL;
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(GError) error = NULL;

    server_start();
    set_root("5.21.9");
    remote = ms_fake_lxd_dup_remote(server);
    {
        const char *args[] = { "import", "--remote", remote, NULL };
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 0);
    }
    g_assert_nonnull(strstr(err, "warning: LXD 5.21.9 is not a simulated release; using lxd-5.21.7"));
    state = ms_state_file_parse("stdout", out, -1, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(state->profile->name, ==, "lxd-5.21.7");
    assert_only_gets();
    server_stop();
}

/* An Incus server (environment.server "incus", version 6.0.4, the live
 * suite's second cluster) maps to the Incus profile, not to LXD 6.x */
static void
test_import_incus(void)
{
    g_autofree char *remote = NULL, *out = NULL, *err = NULL;
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(GError) error = NULL;

    server_start();
    set_root_of("incus", "6.0.4");
    remote = ms_fake_lxd_dup_remote(server);
    {
        const char *args[] = { "import", "--remote", remote, NULL };
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 0);
    }
    g_assert_null(strstr(err, "warning"));
    state = ms_state_file_parse("stdout", out, -1, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(state->profile->name, ==, "incus-6.0.4");
    g_assert_cmpstr(state->server_version, ==, "6.0.4");
    assert_only_gets();
    server_stop();
}

static void
test_preflight_remote(void)
{
    g_autofree char *remote = NULL, *out = NULL, *err = NULL;

    server_start();
    remote = ms_fake_lxd_dup_remote(server);
    {
        const char *args[] = {
            "preflight", "--remote", remote, "--", "lxc", "cluster", "evacuate", "m1", NULL
        };
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 0);
    }
    g_test_message("%s", out);
    g_assert_nonnull(strstr(out, "c1               is stopped, stays on m1"));
    g_assert_nonnull(strstr(out, "c2               moves to m2 and is started there"));
    assert_only_gets();
    server_stop();
}

static void
test_unreadable(void)
{
    g_autofree char *remote = NULL, *missing = NULL;

    server_start();
    remote = ms_fake_lxd_dup_remote(server);
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "import", "--remote", remote, NULL };
        set_not_lxd(TRUE);
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
        g_assert_cmpstr(out, ==, "");
        set_not_lxd(FALSE);
    }
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "import", "--remote", remote, NULL };
        set_broken_instances(TRUE);
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
        g_assert_nonnull(
            strstr(err, "GET /1.0/instances?recursion=1: Failed to fetch instances: database is locked"));
        set_broken_instances(FALSE);
    }
    {
        /* a server_name that is not a string: that error, and the import
         * stops there (it went on asking with the error set) */
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "import", "--remote", remote, NULL };
        g_autofree char *want = g_strdup_printf("migsim: error: cannot read the cluster at %s: GET /1.0: "
                                                "metadata.environment: 'server_name' is not "
                                                "a string (not LXD's reply shape)\n",
                                                remote);
        ms_fake_lxd_add_json(server, "GET /1.0", 200,
                             MS_FAKE_LXD_SYNC("{\"api_version\":\"1.0\",\"auth\":\"trusted\",\"config\":{},"
                                              "\"environment\":{\"server\":\"lxd\",\"server_name\":{},"
                                              "\"server_version\":\"5.0.2\",\"server_clustered\":true}}"));
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
        g_assert_cmpstr(err, ==, want);
        set_not_lxd(FALSE);
    }
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "preflight", "--remote", remote, "--", "lxc", "list", NULL };
        set_not_lxd(TRUE);
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
        set_not_lxd(FALSE);
    }
    assert_only_gets();
    missing = g_strconcat("unix:", ms_fake_lxd_get_dir(server), "/nothing.socket", NULL);
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "import", "--remote", missing, NULL };
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
    }
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "import", "--remote", "ftp://x", NULL };
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 2);
    }
    server_stop();
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (argc != 2) {
        g_printerr("usage: %s MIGSIM\n", argv[0]);
        return 2;
    }
    migsim = argv[1];
    g_test_add_func("/preflight/import/file", test_import);
    g_test_add_func("/preflight/import/stdout-newer-release", test_import_stdout_and_newer_release);
    g_test_add_func("/preflight/import/incus", test_import_incus);
    g_test_add_func("/preflight/import/preflight-remote", test_preflight_remote);
    g_test_add_func("/preflight/import/unreadable", test_unreadable);
    return g_test_run();
}
