/* migsim bench --only serve: what `migsim serve` costs a client on a big
 * cluster (docs/bench.md#serve).  The requests are those Debian's lxc 5.0.2
 * sends, handed to the server's request handler (ms_serve_api_handle)
 * without the socket, so the figure is the server's time:
 * - `lxc list --format csv` reads GET /1.0/instances?filter=&recursion=2
 *   (lxc/list.go:504-515 and client/lxd_instances.go:238-252 at lxd-5.0.2);
 * - `lxc cluster evacuate|restore M --force` is one POST of
 *   /1.0/cluster/members/M/state (lxc/cluster.go, clusterNodeStatePut).
 * The cluster is the mixed workload (ms-bench-mixed.h); after the
 * evacuation and after the restore every instance of the member is checked
 * against the outcome derived by hand from LXD's source, and the list must
 * hold every instance once.  Times are never checked, outcomes always. */
#include "ms-cli-bench-serve.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "ms-bench-mixed.h"
#include "ms-bench.h"
#include "ms-member.h"
#include "ms-version.h"
#include "ms-serve-api.h"

/* One request; its CPU time is added to *@cpu. */
static void
timed_request(MsServeApi *api, const char *member, const char *method, const char *path, const char *query,
              const char *body, MsServeReply *reply, gdouble *cpu)
{
    gdouble start = ms_bench_cpu_seconds();

    ms_serve_api_handle(api, member, method, path, query, body, body ? strlen(body) : 0, reply);
    *cpu += ms_bench_cpu_seconds() - start;
}

/* The list holds @n_instances distinct names, each once. */
static gboolean
list_complete(const MsServeReply *reply, guint64 n_instances)
{
    g_autoptr(JsonNode) node = reply->status == 200 ? json_from_string(reply->body, NULL) : NULL;
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
    JsonArray *list;

    if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node) ||
        !json_object_has_member(json_node_get_object(node), "metadata"))
        return FALSE;
    list = json_object_get_array_member(json_node_get_object(node), "metadata");
    if (list == NULL || json_array_get_length(list) != n_instances)
        return FALSE;
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *inst = json_array_get_object_element(list, i);
        const char *name = inst ? json_object_get_string_member_with_default(inst, "name", NULL) : NULL;
        if (name == NULL || !g_hash_table_add(names, (gpointer) name))
            return FALSE;
    }
    return TRUE;
}

/* The member state change was accepted and its operation ended without an
 * error (GET /1.0/operations/ID, as the client's wait does). */
static gboolean
operation_succeeded(MsServeApi *api, const MsServeReply *reply)
{
    g_auto(MsServeReply) op = { 0 };
    g_autoptr(JsonNode) node = NULL;
    JsonObject *metadata;

    if (reply->status != 202 || reply->location == NULL)
        return FALSE;
    ms_serve_api_handle(api, "m0001", "GET", reply->location, NULL, NULL, 0, &op);
    node = op.status == 200 ? json_from_string(op.body, NULL) : NULL;
    if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node))
        return FALSE;
    metadata = json_object_get_object_member(json_node_get_object(node), "metadata");
    if (metadata == NULL)
        return FALSE;
    if (g_strcmp0(json_object_get_string_member_with_default(metadata, "status", ""), "Success") != 0) {
        fprintf(stderr, "bench: serve: %s ended %s: %s\n", reply->location,
                json_object_get_string_member_with_default(metadata, "status", "?"),
                json_object_get_string_member_with_default(metadata, "err", ""));
        return FALSE;
    }
    return TRUE;
}

gboolean
ms_cli_bench_serve(guint n_members, guint64 n_instances, guint64 seed)
{
    gdouble build_start = ms_bench_cpu_seconds(), build, list_cpu = 0, evac_cpu = 0, restore_cpu = 0;
    g_autoptr(MsServeApi) api = NULL;
    g_auto(MsServeReply) list = { 0 };
    g_auto(MsServeReply) evacuate = { 0 };
    g_auto(MsServeReply) restore = { 0 };
    g_autofree char *path = NULL;
    MsMixedTally tally = { 0 };
    const MsMember *first;
    gboolean listed, evacuated = FALSE, restored = FALSE;

    api = ms_serve_api_new(ms_mixed_build(n_members, n_instances, seed), ms_profile_lookup("lxd-5.21.7"));
    build = ms_bench_cpu_seconds() - build_start;
    first = ms_serve_api_cluster(api)->members->pdata[0];

    timed_request(api, first->name, "GET", "/1.0/instances", "filter=&recursion=2", NULL, &list, &list_cpu);
    listed = list_complete(&list, n_instances);
    if (!listed)
        fprintf(stderr,
                "bench: serve: GET /1.0/instances?recursion=2 did not list %" G_GUINT64_FORMAT
                " distinct instances (status %u)\n",
                n_instances, list.status);

    path = g_strdup_printf("/1.0/cluster/members/%s/state", first->name);
    timed_request(api, first->name, "POST", path, NULL, "{\"action\":\"evacuate\"}", &evacuate, &evac_cpu);
    if (operation_succeeded(api, &evacuate)) {
        evacuated = TRUE;
        ms_mixed_check_member(ms_serve_api_cluster(api), n_members, n_instances, seed, 0, TRUE, &tally);
        timed_request(api, first->name, "POST", path, NULL, "{\"action\":\"restore\"}", &restore,
                      &restore_cpu);
        if (operation_succeeded(api, &restore)) {
            restored = TRUE;
            ms_mixed_check_member(ms_serve_api_cluster(api), n_members, n_instances, seed, 0, FALSE, &tally);
        }
    }
    printf("| %u | %" G_GUINT64_FORMAT " | %.2f | %.3f | %.1f | %" G_GUINT64_FORMAT
           " | %.4f | %.4f | %s, %s, %" G_GUINT64_FORMAT " checks, %" G_GUINT64_FORMAT " failed |\n",
           n_members, n_instances, build, list_cpu, list.body ? strlen(list.body) / 1048576.0 : 0.0,
           n_instances / n_members, evac_cpu, restore_cpu, listed ? "list complete" : "LIST INCOMPLETE",
           !evacuated  ? "EVACUATE FAILED"
           : !restored ? "RESTORE FAILED"
                       : "evacuate and restore succeeded",
           tally.checks, tally.failures);
    fflush(stdout);
    return listed && evacuated && restored && tally.failures == 0;
}
