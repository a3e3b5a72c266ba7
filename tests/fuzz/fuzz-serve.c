/* libFuzzer target: migsim serve's request handler (sim/serve/ms-serve-api.h)
 * alone, on a 3-member cluster with a pool.  The input is requests
 * separated by a line "%%": "METHOD PATH[?QUERY]" on the first line, the
 * body after it.  Every reply must be LXD-shaped JSON (sync, async or an
 * error whose error_code is the HTTP status), never a handler that set no
 * reply;
 * never a crash, a leak or a hang. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-serve-api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_reply(const MsServeReply *reply)
{
    g_autoptr(JsonNode) node = json_from_string(reply->body, NULL);
    JsonObject *obj;
    const char *type;

    g_assert_nonnull(node);
    g_assert_true(JSON_NODE_HOLDS_OBJECT(node));
    obj = json_node_get_object(node);
    type = json_object_get_string_member(obj, "type");
    g_assert_nonnull(type);
    if (g_str_equal(type, "error")) {
        /* LXD answers 500 for many refusals (response.SmartError of a plain
         * error), and the rule table says which; a handler that set no
         * reply is the bug (ms_serve_api_handle's fallback) */
        g_assert_cmpstr(json_object_get_string_member(obj, "error"), !=, "internal error: no reply");
        g_assert_cmpint(json_object_get_int_member(obj, "error_code"), ==, reply->status);
        g_assert_true(reply->status >= 400 && reply->status < 600);
    } else if (g_str_equal(type, "async")) {
        g_assert_cmpuint(reply->status, ==, 202);
        g_assert_nonnull(reply->location);
    } else {
        g_assert_cmpstr(type, ==, "sync");
        g_assert_cmpuint(reply->status, ==, 200);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) requests = NULL;
    g_autoptr(MsServeApi) api = NULL;
    MsCluster *cluster;
    MsPool *pool;

    if (size > 64 * 1024)
        return 0;
    text = g_strndup((const char *) data, size);
    cluster = ms_cluster_new();
    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    ms_cluster_add_member(cluster, "m3");
    ms_cluster_assign_roles(cluster);
    pool = ms_pool_new("local", "dir");
    pool->state = MS_POOL_CREATED;
    for (guint i = 0; i < cluster->members->len; i++)
        g_hash_table_insert(pool->member_state, g_strdup(((MsMember *) cluster->members->pdata[i])->name),
                            GINT_TO_POINTER(MS_POOL_CREATED + 1));
    g_ptr_array_add(cluster->pools, pool);
    api = ms_serve_api_new(cluster, ms_profile_lookup("lxd-5.21.7"));
    /* --speed: half the inputs keep operations running, 1 s a request */
    if (size % 2 == 1)
        ms_serve_api_set_timed(api, TRUE);
    requests = g_strsplit(text, "\n%%\n", 32);
    for (guint i = 0; requests[i] != NULL; i++) {
        g_auto(MsServeReply) reply = { 0 };
        char *body = strchr(requests[i], '\n');
        char *space, *query;
        const char *member = (i % 3 == 0) ? "m1" : (i % 3 == 1) ? "m2" : "m3";

        if (body != NULL)
            *body++ = '\0';
        space = strchr(requests[i], ' ');
        if (space == NULL)
            continue;
        *space = '\0';
        query = strchr(space + 1, '?');
        if (query != NULL)
            *query++ = '\0';
        if (!g_utf8_validate(space + 1, -1, NULL))
            continue;
        ms_serve_api_handle(api, member, requests[i], space + 1, query, body, body != NULL ? strlen(body) : 0,
                            &reply);
        check_reply(&reply);
        {
            g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func(g_free);
            ms_serve_api_advance(api, (guint64) (i + 1) * 1000, events, NULL);
        }
    }
    return 0;
}
