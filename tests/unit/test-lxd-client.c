/* SPDX-License-Identifier: Apache-2.0
 *
 * Unit tests for ms-lxd-client against a deliberately misbehaving fake
 * LXD: a tiny HTTP/1.1 server on a unix socket in a temporary directory,
 * run in a thread.  Each route reproduces one reply shape seen from (or
 * feared of) a real daemon; the tests check that every one of them ends in
 * either a well-formed response or the right MS_LXD_ERROR code, never a
 * crash or a hang.
 */
#include "ms-lxd-client.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* ---------------------------------------------------------------------- */
/* Fake server */

typedef struct {
    char *dir;
    char *socket_path;
    int listen_fd;
    GThread *thread;
    gint stop;
    GMutex lock;
    GPtrArray *requests; /* "METHOD PATH", in arrival order */
    char *last_if_match;
    char *last_body;
    gboolean not_lxd;
} MockServer;

static MockServer server;

static const char good_root[] =
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"operation\":\"\","
    "\"error_code\":0,\"error\":\"\",\"metadata\":{\"api_extensions\":[],"
    "\"api_status\":\"stable\",\"api_version\":\"1.0\",\"auth\":\"trusted\","
    "\"environment\":{\"server\":\"lxd\",\"server_version\":\"5.0.2\","
    "\"server_clustered\":true}}}";

static const char not_lxd_root[] =
    "{\"type\":\"sync\",\"status_code\":200,\"metadata\":{\"hello\":\"world\"}}";

static const char sync_empty[] =
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"operation\":\"\","
    "\"error_code\":0,\"error\":\"\",\"metadata\":{}}";

/* The operation URL carries ?project= like instance creation does on a
 * real 5.0.2 daemon (pitfall P8). */
#define ASYNC_REPLY(id)                                                              \
    "{\"type\":\"async\",\"status\":\"Operation created\",\"status_code\":100,"      \
    "\"operation\":\"/1.0/operations/" id "?project=default\",\"error_code\":0,"     \
    "\"error\":\"\",\"metadata\":{\"id\":\"" id "\",\"class\":\"task\","             \
    "\"description\":\"Creating instance\",\"status\":\"Running\",\"status_code\":103," \
    "\"metadata\":null,\"may_cancel\":false,\"err\":\"\",\"location\":\"m2\"}}"

#define OP_ERR_TEXT                                                                  \
    "Failed creating instance record: Failed initialising instance: Failed getting " \
    "root disk: No root device could be found"

static const char wait_failure[] =
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"error_code\":0,"
    "\"error\":\"\",\"metadata\":{\"id\":\"op-fail\",\"description\":\"Creating instance\","
    "\"status\":\"Failure\",\"status_code\":400,\"err\":\"" OP_ERR_TEXT "\","
    "\"location\":\"m2\",\"metadata\":null}}";

static const char wait_success[] =
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"error_code\":0,"
    "\"error\":\"\",\"metadata\":{\"id\":\"op-ok\",\"status\":\"Success\",\"status_code\":200,"
    "\"err\":\"\",\"resources\":{\"instances\":[\"/1.0/instances/ok\"]},\"metadata\":null}}";

static const char wait_running[] =
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"error_code\":0,"
    "\"error\":\"\",\"metadata\":{\"id\":\"op-forever\",\"status\":\"Running\","
    "\"status_code\":103,\"err\":\"\"}}";

static const char error_500[] =
    "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\","
    "\"error_code\":500,\"error\":\"Invalid config: Unknown configuration key: foo.bar\","
    "\"metadata\":null}";

static const char error_404_op[] =
    "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\","
    "\"error_code\":404,\"error\":\"Operation not found\",\"metadata\":null}";

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
    g_autoptr(GHashTable) headers = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                          g_free, g_free);
    g_autofree char *method = NULL;
    g_autofree char *path = NULL;
    g_autofree char *body = NULL;
    g_autofree char *key = NULL;
    gboolean not_lxd;

    if (!read_request(fd, &method, &path, headers, &body))
        return;
    key = g_strdup_printf("%s %s", method, path);

    g_mutex_lock(&server.lock);
    g_ptr_array_add(server.requests, g_strdup(key));
    g_free(server.last_if_match);
    server.last_if_match = g_strdup(g_hash_table_lookup(headers, "if-match"));
    g_free(server.last_body);
    server.last_body = g_strdup(body);
    not_lxd = server.not_lxd;
    g_mutex_unlock(&server.lock);

    if (g_str_equal(key, "GET /1.0")) {
        respond(fd, 200, "ETag: \"abc123\"\r\n", "application/json",
                not_lxd ? not_lxd_root : good_root,
                strlen(not_lxd ? not_lxd_root : good_root));
    } else if (g_str_equal(key, "PUT /1.0")) {
        respond_json(fd, 200, sync_empty);
    } else if (g_str_equal(key, "POST /1.0/instances")) {
        respond_json(fd, 202, ASYNC_REPLY("op-fail"));
    } else if (g_str_equal(key, "POST /1.0/instances/ok")) {
        respond_json(fd, 202, ASYNC_REPLY("op-ok"));
    } else if (g_str_equal(key, "POST /1.0/instances/forever")) {
        respond_json(fd, 202, ASYNC_REPLY("op-forever"));
    } else if (g_str_has_prefix(key, "GET /1.0/operations/op-fail/wait?")) {
        respond_json(fd, 200, wait_failure);
    } else if (g_str_has_prefix(key, "GET /1.0/operations/op-ok/wait?")) {
        respond_json(fd, 200, wait_success);
    } else if (g_str_has_prefix(key, "GET /1.0/operations/op-forever/wait?")) {
        /* never finishes, and answers at once instead of honouring ?timeout */
        respond_json(fd, 200, wait_running);
    } else if (g_str_has_prefix(key, "GET /1.0/operations/op-gone/wait?")) {
        respond_json(fd, 404, error_404_op);
    } else if (g_str_equal(key, "GET /bad-json")) {
        respond_json(fd, 200, "{\"type\":\"sync\",\"metadata\":");
    } else if (g_str_equal(key, "GET /not-object")) {
        respond_json(fd, 200, "[1,2,3]");
    } else if (g_str_equal(key, "GET /no-type")) {
        respond_json(fd, 200, "{\"status_code\":200,\"metadata\":{}}");
    } else if (g_str_equal(key, "GET /bad-type")) {
        respond_json(fd, 200, "{\"type\":\"maybe\",\"status_code\":200}");
    } else if (g_str_equal(key, "GET /type-not-string")) {
        respond_json(fd, 200, "{\"type\":42}");
    } else if (g_str_equal(key, "GET /bad-fields")) {
        respond_json(fd, 200, "{\"type\":\"sync\",\"status_code\":\"200\"}");
    } else if (g_str_equal(key, "GET /async-no-id")) {
        respond_json(fd, 202, "{\"type\":\"async\",\"operation\":\"\",\"metadata\":null}");
    } else if (g_str_equal(key, "GET /binary")) {
        respond(fd, 200, NULL, "application/octet-stream", "\x01\x00\xff{}", 5);
    } else if (g_str_equal(key, "GET /deep")) {
        g_autofree char *deep = g_strnfill(200000, '[');

        respond_json(fd, 200, deep);
    } else if (g_str_equal(key, "GET /500-text")) {
        respond(fd, 500, NULL, "text/plain", "Internal Server Error\n", 22);
    } else if (g_str_equal(key, "PATCH /500-env")) {
        respond_json(fd, 500, error_500);
    } else if (g_str_equal(key, "GET /drop")) {
        /* close without a single byte of reply */
    } else if (g_str_equal(key, "GET /hang")) {
        struct pollfd p = { .fd = fd, .events = POLLIN };

        /* returns when the client gives up and closes */
        (void) poll(&p, 1, 5000);
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

    server.dir = g_dir_make_tmp("ms-lxd-client-XXXXXX", &error);
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
    g_rmdir(server.dir);
    g_ptr_array_unref(server.requests);
    g_mutex_clear(&server.lock);
    g_free(server.last_if_match);
    g_free(server.last_body);
    g_free(server.socket_path);
    g_free(server.dir);
}

static guint
server_request_count(void)
{
    guint n;

    g_mutex_lock(&server.lock);
    n = server.requests->len;
    g_mutex_unlock(&server.lock);
    return n;
}

static gboolean
server_saw_prefix(const char *prefix)
{
    gboolean found = FALSE;

    g_mutex_lock(&server.lock);
    for (guint i = 0; i < server.requests->len && !found; i++)
        found = g_str_has_prefix(g_ptr_array_index(server.requests, i), prefix);
    g_mutex_unlock(&server.lock);
    return found;
}

static MsLxdClient *
new_client(guint timeout_ms)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *remote = g_strconcat("unix:", server.socket_path, NULL);
    g_autoptr(MsLxdClient) client = ms_lxd_client_new(remote, NULL, timeout_ms, &error);

    g_assert_no_error(error);
    g_assert_nonnull(client);
    return g_steal_pointer(&client);
}

/* Asserts a PROTOCOL error whose message names the request and status. */
static void
assert_protocol_error(const char *path, guint http_status)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autofree char *want_req = g_strdup_printf("GET %s", path);
    g_autofree char *want_status = g_strdup_printf("HTTP %u", http_status);

    resp = ms_lxd_client_request(client, "GET", path, NULL, NULL, &error);
    g_assert_null(resp);
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL);
    g_test_message("%s -> %s", path, error->message);
    g_assert_nonnull(strstr(error->message, want_req));
    g_assert_nonnull(strstr(error->message, want_status));
}

/* ---------------------------------------------------------------------- */
/* Tests */

static void
test_sync_ok(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autoptr(MsLxdResponse) put = NULL;
    g_autoptr(JsonNode) body = json_from_string("{\"config\":{\"user.x\":\"1\"}}", NULL);
    g_autofree char *version = NULL;
    JsonObject *env;

    resp = ms_lxd_client_request(client, "GET", "/1.0", NULL, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(resp->http_status, ==, 200);
    g_assert_cmpstr(resp->type, ==, "sync");
    g_assert_cmpuint(resp->status_code, ==, 200);
    g_assert_cmpstr(resp->error, ==, "");
    g_assert_null(resp->operation_id);
    g_assert_cmpstr(resp->etag, ==, "\"abc123\"");
    g_assert_true(JSON_NODE_HOLDS_OBJECT(resp->metadata));
    env = json_object_get_object_member(json_node_get_object(resp->metadata), "environment");
    g_assert_cmpstr(json_object_get_string_member(env, "server_version"), ==, "5.0.2");

    /* the etag goes back verbatim, with the JSON body */
    put = ms_lxd_client_request(client, "PUT", "/1.0", body, resp->etag, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(put->type, ==, "sync");
    g_mutex_lock(&server.lock);
    g_assert_cmpstr(server.last_if_match, ==, "\"abc123\"");
    g_assert_cmpstr(server.last_body, ==, "{\"config\":{\"user.x\":\"1\"}}");
    g_mutex_unlock(&server.lock);

    g_assert_true(ms_lxd_client_server_version(client, &version, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(version, ==, "5.0.2");
}

static void
test_not_lxd(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autofree char *version = NULL;

    g_mutex_lock(&server.lock);
    server.not_lxd = TRUE;
    g_mutex_unlock(&server.lock);
    g_assert_false(ms_lxd_client_server_version(client, &version, &error));
    g_mutex_lock(&server.lock);
    server.not_lxd = FALSE;
    g_mutex_unlock(&server.lock);
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL);
    g_assert_null(version);
}

static void
test_async_failure(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autoptr(JsonNode) body = json_from_string("{\"name\":\"c3\"}", NULL);
    g_autofree char *op_error = NULL;
    g_autofree char *lxd_error = NULL;
    g_autoptr(JsonNode) meta = NULL;

    resp = ms_lxd_client_request(client, "POST", "/1.0/instances", body, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(resp->http_status, ==, 202);
    g_assert_cmpstr(resp->type, ==, "async");
    g_assert_cmpuint(resp->status_code, ==, 100);
    g_assert_cmpstr(resp->operation_id, ==, "op-fail");

    g_assert_true(ms_lxd_client_wait(client, resp->operation_id, 5, &op_error, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(op_error, ==, OP_ERR_TEXT);
    /* pitfall P8: the wait URL comes from the id, not the operation URL */
    g_assert_true(server_saw_prefix("GET /1.0/operations/op-fail/wait?timeout="));
    g_assert_false(server_saw_prefix("GET /1.0/operations/op-fail?project"));

    g_assert_true(ms_lxd_client_do(client, "POST", "/1.0/instances", body, NULL, 5,
                                   &lxd_error, &meta, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(lxd_error, ==, OP_ERR_TEXT);
    g_assert_null(meta);
}

static void
test_async_success(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) body = json_from_string("{\"name\":\"ok\"}", NULL);
    g_autofree char *lxd_error = NULL;
    g_autoptr(JsonNode) op = NULL;

    g_assert_true(ms_lxd_client_do(client, "POST", "/1.0/instances/ok", body, NULL, 5,
                                   &lxd_error, &op, &error));
    g_assert_no_error(error);
    g_assert_null(lxd_error);
    g_assert_nonnull(op);
    g_assert_cmpint(json_object_get_int_member(json_node_get_object(op), "status_code"), ==, 200);
}

static void
test_malformed_json(void)
{
    assert_protocol_error("/bad-json", 200);
}

static void
test_bad_envelopes(void)
{
    assert_protocol_error("/not-object", 200);
    assert_protocol_error("/no-type", 200);
    assert_protocol_error("/bad-type", 200);
    assert_protocol_error("/type-not-string", 200);
    assert_protocol_error("/bad-fields", 200);
    assert_protocol_error("/async-no-id", 202);
    assert_protocol_error("/binary", 200);
    assert_protocol_error("/deep", 200);
}

static void
test_500_text(void)
{
    assert_protocol_error("/500-text", 500);
}

static void
test_500_envelope(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autofree char *lxd_error = NULL;
    g_autoptr(JsonNode) meta = NULL;

    resp = ms_lxd_client_request(client, "PATCH", "/500-env", NULL, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(resp->http_status, ==, 500);
    g_assert_cmpstr(resp->type, ==, "error");
    g_assert_cmpuint(resp->error_code, ==, 500);
    g_assert_cmpstr(resp->error, ==, "Invalid config: Unknown configuration key: foo.bar");
    g_assert_null(resp->metadata);

    g_assert_true(ms_lxd_client_do(client, "PATCH", "/500-env", NULL, NULL, 5,
                                   &lxd_error, &meta, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(lxd_error, ==, "Invalid config: Unknown configuration key: foo.bar");
    g_assert_null(meta);
}

static void
test_wait_forever(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autofree char *op_error = NULL;
    gint64 start = g_get_monotonic_time();
    gint64 took;

    g_assert_false(ms_lxd_client_wait(client, "op-forever", 1, &op_error, &error));
    took = g_get_monotonic_time() - start;
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_TIMEOUT);
    g_assert_null(op_error);
    g_test_message("gave up after %" G_GINT64_FORMAT " ms: %s", took / 1000, error->message);
    g_assert_cmpint(took, >=, 900 * 1000);
    g_assert_cmpint(took, <, 2500 * 1000);
}

static void
test_operation_gone(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autofree char *op_error = NULL;

    g_assert_false(ms_lxd_client_wait(client, "op-gone", 5, &op_error, &error));
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "Operation not found"));

    /* a URL where an id belongs is a caller bug worth a clear message */
    g_clear_error(&error);
    g_assert_false(ms_lxd_client_wait(client, "/1.0/operations/x?project=default", 5,
                                      &op_error, &error));
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID);
}

static void
test_dropped_connection(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsLxdResponse) resp = NULL;

    resp = ms_lxd_client_request(client, "GET", "/drop", NULL, NULL, &error);
    g_assert_null(resp);
    g_assert_nonnull(error);
    g_test_message("%s", error->message);
    g_assert_true(g_error_matches(error, MS_LXD_ERROR, MS_LXD_ERROR_UNREACHABLE) ||
                  g_error_matches(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL));
}

static void
test_request_timeout(void)
{
    g_autoptr(MsLxdClient) client = new_client(300);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsLxdResponse) resp = NULL;
    gint64 start = g_get_monotonic_time();

    resp = ms_lxd_client_request(client, "GET", "/hang", NULL, NULL, &error);
    g_assert_null(resp);
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_TIMEOUT);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_nothing_listening(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *remote = g_strconcat("unix:", server.dir, "/nobody.socket", NULL);
    g_autoptr(MsLxdClient) client = ms_lxd_client_new(remote, NULL, 1000, &error);
    g_autoptr(MsLxdResponse) resp = NULL;

    g_assert_no_error(error);
    resp = ms_lxd_client_request(client, "GET", "/1.0", NULL, NULL, &error);
    g_assert_null(resp);
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_UNREACHABLE);
    g_test_message("%s", error->message);
}

static void
test_bad_remote(void)
{
    const char *bad[] = { "http://127.0.0.1:8443", "unix:", "https://", "https://h:1/x",
                          "lxd.example" };

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(MsLxdClient) client = ms_lxd_client_new(bad[i], NULL, 1000, &error);

        g_assert_null(client);
        g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID);
    }
}

static void
record_request(const char *method, const char *path, const char *body, gpointer user_data)
{
    GPtrArray *log = user_data;

    g_ptr_array_add(log, g_strdup_printf("%s %s %s", method, path, body != NULL ? body : "-"));
}

static void
test_dry_run(void)
{
    g_autoptr(MsLxdClient) client = new_client(2000);
    g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autoptr(JsonNode) body = json_from_string("{\"action\":\"evacuate\"}", NULL);
    g_autoptr(JsonNode) meta = NULL;
    g_autofree char *lxd_error = NULL;
    guint before = server_request_count();

    ms_lxd_client_set_dry_run(client, TRUE);
    ms_lxd_client_set_log_func(client, record_request, log);

    resp = ms_lxd_client_request(client, "GET", "/500-text", NULL, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(resp->http_status, ==, 200);
    g_assert_cmpstr(resp->type, ==, "sync");
    g_assert_true(JSON_NODE_HOLDS_OBJECT(resp->metadata));
    g_assert_cmpuint(json_object_get_size(json_node_get_object(resp->metadata)), ==, 0);

    g_assert_true(ms_lxd_client_do(client, "POST", "/1.0/cluster/members/m1/state", body,
                                   NULL, 5, &lxd_error, &meta, &error));
    g_assert_no_error(error);
    g_assert_null(lxd_error);
    g_assert_nonnull(meta);

    g_assert_cmpuint(log->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(log, 0), ==, "GET /500-text -");
    g_assert_cmpstr(g_ptr_array_index(log, 1), ==,
                    "POST /1.0/cluster/members/m1/state {\"action\":\"evacuate\"}");
    g_assert_cmpuint(server_request_count(), ==, before);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    server_start();

    g_test_add_func("/lxd-client/sync-ok", test_sync_ok);
    g_test_add_func("/lxd-client/not-lxd", test_not_lxd);
    g_test_add_func("/lxd-client/async-failure", test_async_failure);
    g_test_add_func("/lxd-client/async-success", test_async_success);
    g_test_add_func("/lxd-client/malformed-json", test_malformed_json);
    g_test_add_func("/lxd-client/bad-envelopes", test_bad_envelopes);
    g_test_add_func("/lxd-client/http-500-text", test_500_text);
    g_test_add_func("/lxd-client/http-500-envelope", test_500_envelope);
    g_test_add_func("/lxd-client/wait-forever", test_wait_forever);
    g_test_add_func("/lxd-client/operation-gone", test_operation_gone);
    g_test_add_func("/lxd-client/dropped-connection", test_dropped_connection);
    g_test_add_func("/lxd-client/request-timeout", test_request_timeout);
    g_test_add_func("/lxd-client/nothing-listening", test_nothing_listening);
    g_test_add_func("/lxd-client/bad-remote", test_bad_remote);
    g_test_add_func("/lxd-client/dry-run", test_dry_run);

    rc = g_test_run();
    server_stop();
    return rc;
}
