/* migsim import and preflight --remote against a fake LXD on a unix socket.
 *
 *   test-import MIGSIM
 *
 * The fake serves the shapes a real LXD 5.0.2 cluster gives
 * (docs: /work/shared/reference/live-lxd.md §3) for the live suite's seed:
 * c1 with a local custom volume on m1, c2 without.  It records every request
 * so the tests can prove the import sends GET requests only. */
#include <glib/gstdio.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ms-scenario.h"

typedef struct {
    char *dir;
    char *socket_path;
    int listen_fd;
    GThread *thread;
    gint stop;
    GMutex lock;
    GPtrArray *requests; /* "METHOD PATH" */
    const char *version;
    gboolean not_lxd;
    gboolean broken_instances;
} FakeLxd;

static FakeLxd server;
static const char *migsim;

#define SYNC(meta) "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"operation\":\"\"," \
                   "\"error_code\":0,\"error\":\"\",\"metadata\":" meta "}"

static const char members_reply[] = SYNC("["
    "{\"server_name\":\"m1\",\"url\":\"https://127.0.0.1:8443\",\"status\":\"Online\",\"message\":\"Fully operational\","
    "\"roles\":[\"database-leader\",\"database\"],\"database\":true,\"architecture\":\"x86_64\",\"failure_domain\":\"default\",\"groups\":[\"default\"],\"config\":{}},"
    "{\"server_name\":\"m2\",\"url\":\"https://127.0.0.2:8443\",\"status\":\"Online\",\"message\":\"Fully operational\","
    "\"roles\":[\"database\"],\"database\":true,\"architecture\":\"x86_64\",\"failure_domain\":\"default\",\"groups\":[\"default\"],\"config\":{}},"
    "{\"server_name\":\"m3\",\"url\":\"https://127.0.0.3:8443\",\"status\":\"Online\",\"message\":\"Fully operational\","
    "\"roles\":[\"database\"],\"database\":true,\"architecture\":\"x86_64\",\"failure_domain\":\"default\",\"groups\":[\"default\"],\"config\":{}}]");

static const char pools_reply[] = SYNC("[{\"name\":\"local\",\"driver\":\"dir\",\"status\":\"Created\","
    "\"locations\":[\"m1\",\"m2\",\"m3\"],\"config\":{},\"description\":\"\",\"used_by\":[]}]");

static const char pool_on_member[] = SYNC("{\"name\":\"local\",\"driver\":\"dir\",\"status\":\"Created\","
    "\"locations\":[\"m1\",\"m2\",\"m3\"],\"config\":{\"source\":\"/tmp/lxd1/storage-pools/local\"}}");

static const char volumes_reply[] = SYNC("["
    "{\"name\":\"c1\",\"type\":\"container\",\"content_type\":\"filesystem\",\"location\":\"m1\",\"config\":{},\"used_by\":[\"/1.0/instances/c1\"]},"
    "{\"name\":\"c2\",\"type\":\"container\",\"content_type\":\"filesystem\",\"location\":\"m1\",\"config\":{},\"used_by\":[\"/1.0/instances/c2\"]},"
    "{\"name\":\"vol1\",\"type\":\"custom\",\"content_type\":\"filesystem\",\"location\":\"m1\",\"config\":{},\"used_by\":[\"/1.0/instances/c1\"]}]");

static const char profiles_reply[] = SYNC("[{\"name\":\"default\",\"config\":{},\"devices\":{},\"description\":\"Default LXD profile\",\"used_by\":[]}]");

static const char instances_reply[] = SYNC("["
    "{\"name\":\"c1\",\"status\":\"Running\",\"status_code\":103,\"location\":\"m1\",\"type\":\"container\",\"project\":\"default\","
    "\"config\":{\"volatile.last_state.power\":\"RUNNING\",\"image.os\":\"busybox\"},"
    "\"devices\":{\"root\":{\"path\":\"/\",\"pool\":\"local\",\"type\":\"disk\"},\"vol1\":{\"path\":\"/mnt\",\"pool\":\"local\",\"source\":\"vol1\",\"type\":\"disk\"}},"
    "\"expanded_config\":{},\"expanded_devices\":{},\"profiles\":[\"default\"],\"stateful\":false,\"ephemeral\":false},"
    "{\"name\":\"c2\",\"status\":\"Running\",\"status_code\":103,\"location\":\"m1\",\"type\":\"container\",\"project\":\"default\","
    "\"config\":{\"volatile.last_state.power\":\"RUNNING\"},"
    "\"devices\":{\"root\":{\"path\":\"/\",\"pool\":\"local\",\"type\":\"disk\"}},"
    "\"expanded_config\":{},\"expanded_devices\":{},\"profiles\":[\"default\"],\"stateful\":false,\"ephemeral\":false}]");

static const char error_500[] = "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\","
                                "\"error_code\":500,\"error\":\"Failed to fetch instances: database is locked\",\"metadata\":null}";

static void
send_all(int fd, const char *data, gsize len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* the client went away; that is its business */
        data += n;
        len -= (gsize) n;
    }
}

static void
respond(int fd, guint status, const char *extra_headers, const char *content_type,
        const char *body, gsize body_len)
{
    g_autofree char *head = g_strdup_printf("HTTP/1.1 %u X\r\nContent-Type: %s\r\n"
                                            "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                            "Connection: close\r\n%s\r\n",
                                            status, content_type, body_len,
                                            extra_headers != NULL ? extra_headers : "");

    send_all(fd, head, strlen(head));
    send_all(fd, body, body_len);
}

static void
respond_json(int fd, guint status, const char *body)
{
    respond(fd, status, NULL, "application/json", body, strlen(body));
}

/* Reads one request; returns FALSE if it is not a plausible HTTP request. */
static gboolean
read_request(int fd, char **method, char **path, GHashTable *headers, char **body)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) first = NULL;
    const char *end = NULL;
    gsize content_length = 0;
    gsize head_len;
    char chunk[4096];

    while ((end = strstr(buf->str, "\r\n\r\n")) == NULL) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);

        if (n <= 0 || buf->len > 65536)
            return FALSE;
        g_string_append_len(buf, chunk, n);
    }
    head_len = (gsize) (end - buf->str) + 4;
    {
        g_autofree char *head = g_strndup(buf->str, head_len - 4);

        lines = g_strsplit(head, "\r\n", -1);
    }
    first = g_strsplit(lines[0], " ", 3);
    if (g_strv_length(first) != 3)
        return FALSE;
    for (guint i = 1; lines[i] != NULL; i++) {
        char *colon = strchr(lines[i], ':');

        if (colon == NULL)
            continue;
        *colon = '\0';
        g_hash_table_insert(headers, g_ascii_strdown(lines[i], -1),
                            g_strstrip(g_strdup(colon + 1)));
    }
    if (g_hash_table_contains(headers, "content-length"))
        content_length = g_ascii_strtoull(g_hash_table_lookup(headers, "content-length"),
                                          NULL, 10);
    while (buf->len < head_len + content_length) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);

        if (n <= 0)
            return FALSE;
        g_string_append_len(buf, chunk, n);
    }
    *method = g_strdup(first[0]);
    *path = g_strdup(first[1]);
    *body = g_strndup(buf->str + head_len, content_length);
    return TRUE;
}


static void
handle(int fd)
{
    g_autoptr(GHashTable) headers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autofree char *method = NULL, *path = NULL, *body = NULL, *key = NULL;

    if (!read_request(fd, &method, &path, headers, &body))
        return;
    key = g_strdup_printf("%s %s", method, path);
    g_mutex_lock(&server.lock);
    g_ptr_array_add(server.requests, g_strdup(key));
    g_mutex_unlock(&server.lock);

    if (!g_str_equal(method, "GET")) {
        respond_json(fd, 405, "{\"type\":\"error\",\"error_code\":405,\"error\":\"not allowed in this test\"}");
    } else if (g_str_equal(path, "/1.0")) {
        g_autofree char *root = server.not_lxd
            ? g_strdup("{\"type\":\"sync\",\"status_code\":200,\"metadata\":{\"hello\":\"world\"}}")
            : g_strdup_printf(SYNC("{\"api_extensions\":[],\"api_status\":\"stable\",\"api_version\":\"1.0\","
                                   "\"auth\":\"trusted\",\"config\":{\"cluster.https_address\":\"127.0.0.1:8443\","
                                   "\"core.https_address\":\"127.0.0.1:8443\",\"core.trust_password\":true},"
                                   "\"environment\":{\"server\":\"lxd\",\"server_name\":\"m1\",\"server_version\":\"%s\","
                                   "\"server_clustered\":true}}"), server.version);
        respond_json(fd, 200, root);
    } else if (g_str_equal(path, "/1.0/cluster/members?recursion=1")) {
        respond_json(fd, 200, members_reply);
    } else if (g_str_equal(path, "/1.0/storage-pools?recursion=1")) {
        respond_json(fd, 200, pools_reply);
    } else if (g_str_has_prefix(path, "/1.0/storage-pools/local?target=m")) {
        respond_json(fd, 200, pool_on_member);
    } else if (g_str_equal(path, "/1.0/storage-pools/local/volumes?recursion=1")) {
        respond_json(fd, 200, volumes_reply);
    } else if (g_str_equal(path, "/1.0/profiles?recursion=1")) {
        respond_json(fd, 200, profiles_reply);
    } else if (g_str_equal(path, "/1.0/instances?recursion=1")) {
        if (server.broken_instances)
            respond_json(fd, 500, error_500);
        else
            respond_json(fd, 200, instances_reply);
    } else {
        respond_json(fd, 404, "{\"type\":\"error\",\"error_code\":404,\"error\":\"not found\"}");
    }
}

static gpointer
server_thread(gpointer data)
{
    (void) data;
    while (!g_atomic_int_get(&server.stop)) {
        struct pollfd p = { .fd = server.listen_fd, .events = POLLIN };
        int fd;

        if (poll(&p, 1, 50) <= 0)
            continue;
        fd = accept(server.listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        handle(fd);
        close(fd);
    }
    return NULL;
}

static void
server_start(void)
{
    g_autoptr(GError) error = NULL;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    memset(&server, 0, sizeof server);
    server.version = "5.0.2";
    server.dir = g_dir_make_tmp("ms-import-XXXXXX", &error);
    g_assert_no_error(error);
    server.socket_path = g_build_filename(server.dir, "unix.socket", NULL);
    g_assert_cmpuint(strlen(server.socket_path), <, sizeof addr.sun_path);
    strcpy(addr.sun_path, server.socket_path);
    server.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(server.listen_fd, >=, 0);
    g_assert_cmpint(bind(server.listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
    g_assert_cmpint(listen(server.listen_fd, 16), ==, 0);
    g_mutex_init(&server.lock);
    server.requests = g_ptr_array_new_with_free_func(g_free);
    server.thread = g_thread_new("fake-lxd", server_thread, NULL);
}

static void
server_stop(void)
{
    g_atomic_int_set(&server.stop, 1);
    g_thread_join(server.thread);
    close(server.listen_fd);
    g_unlink(server.socket_path);
    g_ptr_array_unref(server.requests);
    g_mutex_clear(&server.lock);
    g_free(server.socket_path);
    g_rmdir(server.dir);
    g_free(server.dir);
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
    g_mutex_lock(&server.lock);
    g_assert_cmpuint(server.requests->len, >, 0);
    for (guint i = 0; i < server.requests->len; i++) {
        const char *request = server.requests->pdata[i];
        if (!g_str_has_prefix(request, "GET "))
            g_error("the import sent '%s'", request);
    }
    g_mutex_unlock(&server.lock);
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
    remote = g_strconcat("unix:", server.socket_path, NULL);
    out_path = g_build_filename(server.dir, "state.json", NULL);
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
    g_assert_true(g_hash_table_contains(c1->devices, "vol1"));
    /* only custom volumes: the instances' own volumes follow them */
    g_assert_cmpuint(state->cluster->volumes->len, ==, 1);
    vol1 = state->cluster->volumes->pdata[0];
    g_assert_cmpstr(vol1->name, ==, "vol1");
    g_assert_cmpstr(vol1->location, ==, "m1");
    g_assert_null(g_hash_table_lookup(state->cluster->server_config, "core.trust_password"));
    g_assert_cmpstr(g_hash_table_lookup(state->cluster->server_config, "core.https_address"), ==, "127.0.0.1:8443");
    /* per-member pool state was asked for each member */
    g_mutex_lock(&server.lock);
    g_assert_true(g_ptr_array_find_with_equal_func(server.requests, "GET /1.0/storage-pools/local?target=m3",
                                                   g_str_equal, NULL));
    g_mutex_unlock(&server.lock);
    server_stop();
}

static void
test_import_stdout_and_newer_release(void)
{
    g_autofree char *remote = NULL, *out = NULL, *err = NULL;
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(GError) error = NULL;

    server_start();
    server.version = "5.21.9";
    remote = g_strconcat("unix:", server.socket_path, NULL);
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

static void
test_preflight_remote(void)
{
    g_autofree char *remote = NULL, *out = NULL, *err = NULL;

    server_start();
    remote = g_strconcat("unix:", server.socket_path, NULL);
    {
        const char *args[] = { "preflight", "--remote", remote, "--", "lxc", "cluster", "evacuate", "m1", NULL };
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
    remote = g_strconcat("unix:", server.socket_path, NULL);
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "import", "--remote", remote, NULL };
        server.not_lxd = TRUE;
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
        g_assert_cmpstr(out, ==, "");
        server.not_lxd = FALSE;
    }
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "import", "--remote", remote, NULL };
        server.broken_instances = TRUE;
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
        g_assert_nonnull(strstr(err, "GET /1.0/instances?recursion=1: Failed to fetch instances: database is locked"));
        server.broken_instances = FALSE;
    }
    {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[] = { "preflight", "--remote", remote, "--", "lxc", "list", NULL };
        server.not_lxd = TRUE;
        g_assert_cmpint(run_migsim(args, &out, &err), ==, 4);
        server.not_lxd = FALSE;
    }
    assert_only_gets();
    missing = g_strconcat("unix:", server.dir, "/nothing.socket", NULL);
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
    g_test_add_func("/preflight/import/preflight-remote", test_preflight_remote);
    g_test_add_func("/preflight/import/unreadable", test_unreadable);
    return g_test_run();
}
