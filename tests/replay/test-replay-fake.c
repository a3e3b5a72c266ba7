/* SPDX-License-Identifier: Apache-2.0
 *
 * `migsim replay` against a fake LXD on a unix socket that misbehaves in
 * the middle of a scenario: malformed JSON, an HTTP 500 that is not an LXD
 * envelope, an operation that never ends, a dropped connection.  Each case
 * checks the exit code (4), the error message, and that the clean-up
 * requests were still sent.  Also: an unreachable socket, a refusal before
 * anything is sent, and a clean run against a well-behaved fake.
 *
 * Usage (meson): test-replay-fake MIGSIM
 */
#include <glib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *migsim_path;

typedef enum {
    MODE_GOOD,
    MODE_MALFORMED, /* PUT .../state answers with half a JSON document */
    MODE_HTTP500,   /* PUT .../state answers 500 text/html */
    MODE_FOREVER,   /* PUT .../state starts an operation that never ends */
    MODE_DROP,      /* PUT .../state: connection closed without a reply */
    MODE_EXISTS,    /* c1 exists before the scenario runs */
} FakeMode;

typedef struct {
    char *dir;
    char *socket_path;
    int listen_fd;
    GThread *thread;
    gint stop;
    GMutex lock;
    GPtrArray *requests; /* "METHOD PATH" */
    FakeMode mode;
    gboolean created;
    gboolean running;
} Fake;

static Fake fake;

static const char root_reply[] =
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"operation\":\"\","
    "\"error_code\":0,\"error\":\"\",\"metadata\":{\"api_extensions\":[],"
    "\"api_status\":\"stable\",\"api_version\":\"1.0\",\"auth\":\"trusted\","
    "\"config\":{},\"environment\":{\"server\":\"lxd\",\"server_version\":\"5.0.2\","
    "\"server_name\":\"m1\",\"server_clustered\":true}}}";

static const char members_reply[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\",\"metadata\":["
    "{\"server_name\":\"m1\",\"status\":\"Online\"},{\"server_name\":\"m2\",\"status\":\"Online\"}]}";

static const char member_reply[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\","
    "\"metadata\":{\"server_name\":\"m1\",\"status\":\"Online\"}}";

static const char pool_reply[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\","
    "\"metadata\":{\"name\":\"local\",\"driver\":\"dir\",\"status\":\"Created\"}}";

static const char empty_list[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\",\"metadata\":[]}";

static const char profiles_reply[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\",\"metadata\":["
    "{\"name\":\"default\",\"config\":{},\"devices\":{}}]}";

static const char ops_reply[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\","
    "\"metadata\":{\"running\":[{\"id\":\"t\",\"class\":\"token\",\"status_code\":103}]}}";

static const char sync_ok[] =
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"operation\":\"\","
    "\"error_code\":0,\"error\":\"\",\"metadata\":{}}";

static const char not_found[] =
    "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\","
    "\"error_code\":404,\"error\":\"Instance not found\",\"metadata\":null}";

#define ASYNC(id)                                                                    \
    "{\"type\":\"async\",\"status\":\"Operation created\",\"status_code\":100,"      \
    "\"operation\":\"/1.0/operations/" id "?project=default\",\"error_code\":0,"     \
    "\"error\":\"\",\"metadata\":{\"id\":\"" id "\",\"class\":\"task\","             \
    "\"status\":\"Running\",\"status_code\":103,\"err\":\"\"}}"

static const char wait_ok[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\","
    "\"metadata\":{\"id\":\"op-ok\",\"status\":\"Success\",\"status_code\":200,\"err\":\"\"}}";

static const char wait_running[] =
    "{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\","
    "\"metadata\":{\"id\":\"op-forever\",\"status\":\"Running\",\"status_code\":103,\"err\":\"\"}}";

static void
send_all(int fd, const char *data, gsize len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        len -= (gsize) n;
    }
}

static void
respond(int fd, guint status, const char *content_type, const char *body)
{
    g_autofree char *head = g_strdup_printf("HTTP/1.1 %u X\r\nContent-Type: %s\r\n"
                                            "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                            "ETag: \"e1\"\r\nConnection: close\r\n\r\n",
                                            status, content_type, strlen(body));

    send_all(fd, head, strlen(head));
    send_all(fd, body, strlen(body));
}

static void
respond_json(int fd, guint status, const char *body)
{
    respond(fd, status, "application/json", body);
}

static gboolean
read_request(int fd, char **method, char **path)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    g_auto(GStrv) first = NULL;
    const char *end;
    gsize content_length = 0, head_len;
    const char *cl;
    char chunk[4096];

    while ((end = strstr(buf->str, "\r\n\r\n")) == NULL) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0 || buf->len > 65536)
            return FALSE;
        g_string_append_len(buf, chunk, n);
    }
    head_len = (gsize) (end - buf->str) + 4;
    cl = g_strstr_len(buf->str, head_len, "Content-Length:");
    if (cl != NULL)
        content_length = g_ascii_strtoull(cl + strlen("Content-Length:"), NULL, 10);
    while (buf->len < head_len + content_length) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return FALSE;
        g_string_append_len(buf, chunk, n);
    }
    {
        g_autofree char *line = g_strndup(buf->str, strcspn(buf->str, "\r"));
        first = g_strsplit(line, " ", 3);
    }
    if (g_strv_length(first) != 3)
        return FALSE;
    *method = g_strdup(first[0]);
    *path = g_strdup(first[1]);
    return TRUE;
}

static char *
instance_object(void)
{
    /* LXD records the power state on start (and STOPPED on stop) */
    return g_strdup_printf("{\"name\":\"c1\",\"status\":\"%s\",\"location\":\"m1\","
                           "\"type\":\"container\",\"config\":{%s},\"devices\":{},\"profiles\":[\"default\"]}",
                           fake.running ? "Running" : "Stopped",
                           fake.running ? "\"volatile.last_state.power\":\"RUNNING\"" : "");
}

/* @object wrapped in a sync envelope, as a list when @list */
static char *
sync_reply(const char *object, gboolean list)
{
    return g_strdup_printf("{\"type\":\"sync\",\"status_code\":200,\"error_code\":0,\"error\":\"\","
                           "\"metadata\":%s%s%s}", list ? "[" : "", object, list ? "]" : "");
}

static void
handle(int fd)
{
    g_autofree char *method = NULL, *path = NULL, *key = NULL;
    FakeMode mode;
    gboolean exists;

    if (!read_request(fd, &method, &path))
        return;
    key = g_strdup_printf("%s %s", method, path);
    g_mutex_lock(&fake.lock);
    g_ptr_array_add(fake.requests, g_strdup(key));
    mode = fake.mode;
    exists = fake.created || mode == MODE_EXISTS;
    g_mutex_unlock(&fake.lock);

    if (g_str_equal(key, "GET /1.0")) {
        respond_json(fd, 200, root_reply);
    } else if (g_str_equal(key, "GET /1.0/cluster/members?recursion=1")) {
        respond_json(fd, 200, members_reply);
    } else if (g_str_has_prefix(key, "GET /1.0/cluster/members/")) {
        respond_json(fd, 200, member_reply);
    } else if (g_str_equal(key, "GET /1.0/operations?recursion=1")) {
        respond_json(fd, 200, ops_reply);
    } else if (g_str_equal(key, "GET /1.0/storage-pools/local")) {
        respond_json(fd, 200, pool_reply);
    } else if (g_str_equal(key, "GET /1.0/storage-pools/local/volumes?recursion=1")) {
        respond_json(fd, 200, empty_list);
    } else if (g_str_equal(key, "GET /1.0/profiles?recursion=1")) {
        respond_json(fd, 200, profiles_reply);
    } else if (g_str_equal(key, "GET /1.0/instances?recursion=1")) {
        if (exists) {
            g_autofree char *object = instance_object();
            g_autofree char *list = sync_reply(object, TRUE);
            respond_json(fd, 200, list);
        } else {
            respond_json(fd, 200, empty_list);
        }
    } else if (g_str_equal(key, "GET /1.0/instances/c1")) {
        if (exists) {
            g_autofree char *object = instance_object();
            g_autofree char *one = sync_reply(object, FALSE);
            respond_json(fd, 200, one);
        } else {
            respond_json(fd, 404, not_found);
        }
    } else if (g_str_equal(key, "POST /1.0/instances?target=m1")) {
        g_mutex_lock(&fake.lock);
        fake.created = TRUE;
        g_mutex_unlock(&fake.lock);
        respond_json(fd, 202, ASYNC("op-ok"));
    } else if (g_str_has_prefix(key, "GET /1.0/operations/op-ok/wait")) {
        respond_json(fd, 200, wait_ok);
    } else if (g_str_has_prefix(key, "GET /1.0/operations/op-forever/wait")) {
        respond_json(fd, 200, wait_running);
    } else if (g_str_equal(key, "PUT /1.0/instances/c1/state")) {
        switch (mode) {
        case MODE_MALFORMED:
            respond_json(fd, 200, "{\"type\":\"sync\",\"metadata\":");
            break;
        case MODE_HTTP500:
            respond(fd, 500, "text/html", "<html><body>Internal Server Error</body></html>");
            break;
        case MODE_FOREVER:
            respond_json(fd, 202, ASYNC("op-forever"));
            break;
        case MODE_DROP:
            break; /* close without a byte */
        default:
            g_mutex_lock(&fake.lock);
            fake.running = !fake.running;
            g_mutex_unlock(&fake.lock);
            respond_json(fd, 202, ASYNC("op-ok"));
            break;
        }
    } else if (g_str_equal(key, "DELETE /1.0/instances/c1")) {
        g_mutex_lock(&fake.lock);
        fake.created = FALSE;
        g_mutex_unlock(&fake.lock);
        respond_json(fd, 200, sync_ok);
    } else {
        respond_json(fd, 404, "{\"type\":\"error\",\"error_code\":404,\"error\":\"not found\"}");
    }
}

static gpointer
server_thread(gpointer data)
{
    (void) data;
    while (!g_atomic_int_get(&fake.stop)) {
        struct pollfd p = { .fd = fake.listen_fd, .events = POLLIN };
        int fd;

        if (poll(&p, 1, 50) <= 0)
            continue;
        fd = accept(fake.listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        handle(fd);
        close(fd);
    }
    return NULL;
}

static void
fake_start(FakeMode mode)
{
    g_autoptr(GError) error = NULL;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    g_autofree char *scn = NULL;
    static const char scenario[] =
        "members m1 m2\n"
        "pool local dir\n"
        "lxc init img c1 --target m1 -s local\n"
        "lxc start c1\n"
        "expect instance c1 status RUNNING\n";

    memset(&fake, 0, sizeof fake);
    fake.mode = mode;
    fake.dir = g_dir_make_tmp("ms-replay-fake-XXXXXX", &error);
    g_assert_no_error(error);
    fake.socket_path = g_build_filename(fake.dir, "unix.socket", NULL);
    g_assert_cmpuint(strlen(fake.socket_path), <, sizeof addr.sun_path);
    strcpy(addr.sun_path, fake.socket_path);
    fake.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(fake.listen_fd, >=, 0);
    g_assert_cmpint(bind(fake.listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
    g_assert_cmpint(listen(fake.listen_fd, 16), ==, 0);
    g_mutex_init(&fake.lock);
    fake.requests = g_ptr_array_new_with_free_func(g_free);
    scn = g_build_filename(fake.dir, "s.scn", NULL);
    g_assert_true(g_file_set_contents(scn, scenario, -1, NULL));
    fake.thread = g_thread_new("fake-lxd", server_thread, NULL);
}

static void
fake_stop(void)
{
    g_autofree char *scn = g_build_filename(fake.dir, "s.scn", NULL);

    g_atomic_int_set(&fake.stop, 1);
    g_thread_join(fake.thread);
    close(fake.listen_fd);
    g_unlink(fake.socket_path);
    g_unlink(scn);
    g_rmdir(fake.dir);
    g_ptr_array_unref(fake.requests);
    g_mutex_clear(&fake.lock);
    g_free(fake.socket_path);
    g_free(fake.dir);
}

static gboolean
fake_saw(const char *key)
{
    gboolean seen = FALSE;

    g_mutex_lock(&fake.lock);
    for (guint i = 0; i < fake.requests->len; i++)
        if (g_str_has_prefix(fake.requests->pdata[i], key))
            seen = TRUE;
    g_mutex_unlock(&fake.lock);
    return seen;
}

/* Runs migsim replay against the fake; returns the exit status. */
static int
run_replay(const char *remote, const char *extra, char **out, char **err)
{
    g_autofree char *scn = g_build_filename(fake.dir, "s.scn", NULL);
    g_autoptr(GError) error = NULL;
    const char *argv[] = { migsim_path, "replay", "--remote", remote, "--profile", "lxd-5.0.2",
                           "--timeout", "2", "--color", "never", scn, extra, NULL };
    int wait_status = 0;

    g_assert_true(g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &wait_status, &error));
    g_assert_no_error(error);
    g_test_message("stdout:\n%s\nstderr:\n%s", *out, *err);
    g_assert_true(WIFEXITED(wait_status));
    return WEXITSTATUS(wait_status);
}

static void
check_failure(FakeMode mode, const char *message)
{
    g_autofree char *remote = NULL;
    g_autofree char *out = NULL, *err = NULL;
    int status;

    fake_start(mode);
    remote = g_strdup_printf("unix:%s", fake.socket_path);
    status = run_replay(remote, NULL, &out, &err);
    g_assert_cmpint(status, ==, 4);
    g_assert_nonnull(strstr(out, "LIVE FAILURE"));
    g_assert_nonnull(strstr(out, message));
    /* the instance the scenario created is deleted even so */
    g_assert_true(fake_saw("POST /1.0/instances?target=m1"));
    g_assert_true(fake_saw("DELETE /1.0/instances/c1"));
    g_assert_nonnull(strstr(out, "clean-up: delete instance c1"));
    fake_stop();
}

static void
test_malformed_json(void)
{
    check_failure(MODE_MALFORMED, "not an LXD reply");
}

static void
test_http_500(void)
{
    check_failure(MODE_HTTP500, "HTTP 500 without an LXD error envelope");
}

static void
test_operation_forever(void)
{
    check_failure(MODE_FOREVER, "still running after 2 s");
}

static void
test_dropped_connection(void)
{
    check_failure(MODE_DROP, "PUT /1.0/instances/c1/state");
}

static void
test_good(void)
{
    g_autofree char *remote = NULL;
    g_autofree char *out = NULL, *err = NULL;

    fake_start(MODE_GOOD);
    remote = g_strdup_printf("unix:%s", fake.socket_path);
    g_assert_cmpint(run_replay(remote, NULL, &out, &err), ==, 0);
    g_assert_null(strstr(out, "DIFFERENT"));
    g_assert_nonnull(strstr(out, "0 with differences"));
    g_assert_true(fake_saw("PUT /1.0/instances/c1/state"));
    /* running at the end: force-stopped, then deleted */
    g_assert_true(fake_saw("DELETE /1.0/instances/c1"));
    fake_stop();
}

static void
test_refused_exists(void)
{
    g_autofree char *remote = NULL;
    g_autofree char *out = NULL, *err = NULL;

    fake_start(MODE_EXISTS);
    remote = g_strdup_printf("unix:%s", fake.socket_path);
    g_assert_cmpint(run_replay(remote, NULL, &out, &err), ==, 4);
    g_assert_nonnull(strstr(err, "instance 'c1' already exists"));
    g_assert_nonnull(strstr(err, "nothing was changed"));
    g_assert_false(fake_saw("POST "));
    g_assert_false(fake_saw("PUT "));
    g_assert_false(fake_saw("DELETE "));
    fake_stop();
}

static void
test_unreachable(void)
{
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *remote = NULL;

    fake_start(MODE_GOOD);
    remote = g_strdup_printf("unix:%s/nobody-listens.socket", fake.dir);
    g_assert_cmpint(run_replay(remote, NULL, &out, &err), ==, 4);
    g_assert_nonnull(strstr(err, "cannot reach the server"));
    fake_stop();
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (argc < 2) {
        g_printerr("usage: %s MIGSIM\n", argv[0]);
        return 99;
    }
    migsim_path = argv[1];
    g_test_add_func("/replay/fake/good", test_good);
    g_test_add_func("/replay/fake/refused-exists", test_refused_exists);
    g_test_add_func("/replay/fake/unreachable", test_unreachable);
    g_test_add_func("/replay/fake/malformed-json", test_malformed_json);
    g_test_add_func("/replay/fake/http-500", test_http_500);
    g_test_add_func("/replay/fake/operation-forever", test_operation_forever);
    g_test_add_func("/replay/fake/dropped-connection", test_dropped_connection);
    return g_test_run();
}
