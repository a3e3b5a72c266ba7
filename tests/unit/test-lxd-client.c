/* SPDX-License-Identifier: Apache-2.0
 *
 * Unit tests for ms-lxd-client against a deliberately misbehaving fake
 * LXD: a tiny HTTP/1.1 server on a unix socket in a temporary directory,
 * run in a thread.  Each route reproduces one reply shape seen from (or
 * feared of) a real daemon; the tests check that every one of them ends in
 * either a well-formed response or the right MS_LXD_ERROR code, never a
 * crash or a hang.
 */
#include "ms-fake-lxd.h"
#include "ms-lxd-client.h"

#include <string.h>

/* ---------------------------------------------------------------------- */
/* Fake server */

static MsFakeLxd *server;

static const char good_root[] =
    MS_FAKE_LXD_SYNC("{\"api_extensions\":[],\"api_status\":\"stable\",\"api_version\":\"1.0\","
                     "\"auth\":\"trusted\",\"environment\":{\"server\":\"lxd\",\"server_version\":\"5.0.2\","
                     "\"server_clustered\":true}}");

static const char sync_empty[] = MS_FAKE_LXD_SYNC("{}");

/* The operation URL carries ?project= like instance creation does on a
 * real 5.0.2 daemon (pitfall P8). */
/* clang-format off */
#define ASYNC_REPLY(id)                                                              \
    "{\"type\":\"async\",\"status\":\"Operation created\",\"status_code\":100,"      \
    "\"operation\":\"/1.0/operations/" id "?project=default\",\"error_code\":0,"     \
    "\"error\":\"\",\"metadata\":{\"id\":\"" id "\",\"class\":\"task\","             \
    "\"description\":\"Creating instance\",\"status\":\"Running\",\"status_code\":103," \
    "\"metadata\":null,\"may_cancel\":false,\"err\":\"\",\"location\":\"m2\"}}"
/* clang-format on */

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
    MS_FAKE_LXD_ERROR("500", "Invalid config: Unknown configuration key: foo.bar");

static const char error_404_op[] = MS_FAKE_LXD_ERROR("404", "Operation not found");

/* GET /1.0 answers @body, with an ETag either way. */
static void
set_root(const char *body)
{
    g_autoptr(MsFakeLxdReply) root = ms_fake_lxd_reply_new_json(200, body);

    ms_fake_lxd_reply_set_headers(root, "ETag: \"abc123\"\r\n");
    ms_fake_lxd_add(server, "GET /1.0", g_steal_pointer(&root));
}

/* Each route reproduces one reply shape seen from (or feared of) a real
 * daemon; the tests below name them by path. */
static void
server_start(void)
{
    g_autofree char *deep = g_strnfill(200000, '[');

    server = ms_fake_lxd_new("ms-lxd-client-XXXXXX");
    set_root(good_root);
    ms_fake_lxd_add_json(server, "PUT /1.0", 200, sync_empty);
    ms_fake_lxd_add_json(server, "POST /1.0/instances", 202, ASYNC_REPLY("op-fail"));
    ms_fake_lxd_add_json(server, "POST /1.0/instances/ok", 202, ASYNC_REPLY("op-ok"));
    ms_fake_lxd_add_json(server, "POST /1.0/instances/forever", 202, ASYNC_REPLY("op-forever"));
    ms_fake_lxd_add_json(server, "GET /1.0/operations/op-fail/wait?*", 200, wait_failure);
    ms_fake_lxd_add_json(server, "GET /1.0/operations/op-ok/wait?*", 200, wait_success);
    /* never finishes, and answers at once instead of honouring ?timeout */
    ms_fake_lxd_add_json(server, "GET /1.0/operations/op-forever/wait?*", 200, wait_running);
    ms_fake_lxd_add_json(server, "GET /1.0/operations/op-gone/wait?*", 404, error_404_op);
    ms_fake_lxd_add_json(server, "GET /bad-json", 200, MS_FAKE_LXD_MALFORMED);
    ms_fake_lxd_add_json(server, "GET /not-object", 200, "[1,2,3]");
    ms_fake_lxd_add_json(server, "GET /no-type", 200, "{\"status_code\":200,\"metadata\":{}}");
    ms_fake_lxd_add_json(server, "GET /bad-type", 200, "{\"type\":\"maybe\",\"status_code\":200}");
    ms_fake_lxd_add_json(server, "GET /type-not-string", 200, "{\"type\":42}");
    ms_fake_lxd_add_json(server, "GET /bad-fields", 200, "{\"type\":\"sync\",\"status_code\":\"200\"}");
    ms_fake_lxd_add_json(server, "GET /async-no-id", 202,
                         "{\"type\":\"async\",\"operation\":\"\",\"metadata\":null}");
    ms_fake_lxd_add(server, "GET /binary",
                    ms_fake_lxd_reply_new(200, "application/octet-stream", "\x01\x00\xff{}", 5));
    ms_fake_lxd_add_json(server, "GET /deep", 200, deep);
    ms_fake_lxd_add(server, "GET /500-text",
                    ms_fake_lxd_reply_new(500, "text/plain", "Internal Server Error\n", -1));
    ms_fake_lxd_add_json(server, "PATCH /500-env", 500, error_500);
    ms_fake_lxd_add(server, "GET /drop", ms_fake_lxd_reply_new_drop());
    /* returns when the client gives up and closes */
    ms_fake_lxd_add(server, "GET /hang", ms_fake_lxd_reply_new_hang());
}

static MsLxdClient *
new_client(guint timeout_ms)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *remote = ms_fake_lxd_dup_remote(server);
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
    g_autofree char *if_match = NULL;
    g_autofree char *last_body = NULL;
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
    if_match = ms_fake_lxd_dup_last_header(server, "if-match");
    last_body = ms_fake_lxd_dup_last_body(server);
    g_assert_cmpstr(if_match, ==, "\"abc123\"");
    g_assert_cmpstr(last_body, ==, "{\"config\":{\"user.x\":\"1\"}}");

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

    set_root(MS_FAKE_LXD_NOT_LXD);
    g_assert_false(ms_lxd_client_server_version(client, &version, &error));
    set_root(good_root);
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
    g_assert_true(ms_fake_lxd_saw_prefix(server, "GET /1.0/operations/op-fail/wait?timeout="));
    g_assert_false(ms_fake_lxd_saw_prefix(server, "GET /1.0/operations/op-fail?project"));

    g_assert_true(
        ms_lxd_client_do(client, "POST", "/1.0/instances", body, NULL, 5, &lxd_error, &meta, &error));
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

    g_assert_true(
        ms_lxd_client_do(client, "POST", "/1.0/instances/ok", body, NULL, 5, &lxd_error, &op, &error));
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

    g_assert_true(ms_lxd_client_do(client, "PATCH", "/500-env", NULL, NULL, 5, &lxd_error, &meta, &error));
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
    g_assert_false(ms_lxd_client_wait(client, "/1.0/operations/x?project=default", 5, &op_error, &error));
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
    g_autofree char *remote = g_strconcat("unix:", ms_fake_lxd_get_dir(server), "/nobody.socket", NULL);
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
    const char *bad[] = { "http://127.0.0.1:8443", "unix:", "https://", "https://h:1/x", "lxd.example" };

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
    guint before = ms_fake_lxd_request_count(server);

    ms_lxd_client_set_dry_run(client, TRUE);
    ms_lxd_client_set_log_func(client, record_request, log);

    resp = ms_lxd_client_request(client, "GET", "/500-text", NULL, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(resp->http_status, ==, 200);
    g_assert_cmpstr(resp->type, ==, "sync");
    g_assert_true(JSON_NODE_HOLDS_OBJECT(resp->metadata));
    g_assert_cmpuint(json_object_get_size(json_node_get_object(resp->metadata)), ==, 0);

    g_assert_true(ms_lxd_client_do(client, "POST", "/1.0/cluster/members/m1/state", body, NULL, 5, &lxd_error,
                                   &meta, &error));
    g_assert_no_error(error);
    g_assert_null(lxd_error);
    g_assert_nonnull(meta);

    g_assert_cmpuint(log->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(log, 0), ==, "GET /500-text -");
    g_assert_cmpstr(g_ptr_array_index(log, 1), ==,
                    "POST /1.0/cluster/members/m1/state {\"action\":\"evacuate\"}");
    g_assert_cmpuint(ms_fake_lxd_request_count(server), ==, before);
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
    g_clear_pointer(&server, ms_fake_lxd_free);
    return rc;
}
