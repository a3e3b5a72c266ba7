/* The routes migsim serve gained in session 27 (snapshots, profile rename,
 * GET /migsim/last-outcome) against what LXD 5.0.2 answers, written by
 * hand from its source and the live recordings (tests/live/scenarios/
 * snapshot-copy.scn, profile-rename.scn), not from the model: status,
 * error text, operation description, the snapshot list after each step. */
#include <glib.h>
#include <json-glib/json-glib.h>

#include "ms-cluster.h"
#include "ms-config.h"
#include "ms-instance.h"
#include "ms-pool.h"
#include "ms-serve-api.h"
#include "ms-version.h"

typedef struct {
    guint status;
    JsonNode *node;
} Answer;

static Answer
ask(MsServeApi *api, const char *method, const char *path, const char *body)
{
    g_auto(MsServeReply) reply = { 0 };
    g_autoptr(GError) error = NULL;
    Answer a;

    ms_serve_api_handle(api, "m1", method, path, NULL, body, body != NULL ? strlen(body) : 0, &reply);
    a.status = reply.status;
    a.node = json_from_string(reply.body, &error);
    g_assert_no_error(error);
    return a;
}

static const char *
member(const Answer *a, const char *key)
{
    return json_object_get_string_member(json_node_get_object(a->node), key);
}

/* The error of a failed request, checked with its status. */
static void
assert_error(MsServeApi *api, const char *method, const char *path, const char *body, guint status,
             const char *text)
{
    Answer a = ask(api, method, path, body);

    g_assert_cmpuint(a.status, ==, status);
    g_assert_cmpstr(member(&a, "error"), ==, text);
    json_node_unref(a.node);
}

/* A 202 whose operation has @description. */
static void
assert_operation(MsServeApi *api, const char *method, const char *path, const char *body,
                 const char *description)
{
    Answer a = ask(api, method, path, body);
    JsonObject *op = json_object_get_object_member(json_node_get_object(a.node), "metadata");

    if (a.status != 202)
        g_printerr("%s %s: %s\n", method, path, member(&a, "error"));
    g_assert_cmpuint(a.status, ==, 202);
    g_assert_cmpstr(json_object_get_string_member(op, "description"), ==, description);
    json_node_unref(a.node);
}

static void
assert_snapshots(MsServeApi *api, const char *want)
{
    Answer a = ask(api, "GET", "/1.0/instances/c1/snapshots", NULL);
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *got = NULL;

    g_assert_cmpuint(a.status, ==, 200);
    json_generator_set_root(gen, json_object_get_member(json_node_get_object(a.node), "metadata"));
    got = json_generator_to_data(gen, NULL);
    g_assert_cmpstr(got, ==, want);
    json_node_unref(a.node);
}

static MsServeApi *
new_api(void)
{
    MsCluster *cluster = ms_cluster_new();
    MsPool *pool = ms_pool_new("local", "dir");
    MsInstance *inst = ms_instance_new("c1", MS_INSTANCE_CONTAINER, "m1");
    GHashTable *root = ms_config_new();

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    ms_cluster_assign_roles(cluster);
    /* a dir pool created on both members, c1's root disk on it */
    pool->state = MS_POOL_CREATED;
    g_hash_table_insert(pool->member_state, g_strdup("m1"), GINT_TO_POINTER(MS_POOL_CREATED + 1));
    g_hash_table_insert(pool->member_state, g_strdup("m2"), GINT_TO_POINTER(MS_POOL_CREATED + 1));
    g_ptr_array_add(cluster->pools, pool);
    ms_config_set(root, "type", "disk");
    ms_config_set(root, "path", "/");
    ms_config_set(root, "pool", "local");
    g_hash_table_insert(ms_instance_own_devices(inst), g_strdup("root"), root);
    ms_cluster_add_instance(cluster, inst);
    return ms_serve_api_new(cluster, ms_profile_lookup("lxd-5.0.2"));
}

static void
test_snapshots(void)
{
    g_autoptr(MsServeApi) api = new_api();

    /* the load's errors (lxd/instance_snapshot.go:370-373 at lxd-5.0.2;
     * the texts as LXD 5.0.2 answered lxc copy sc1/nosnap live) */
    assert_error(api, "GET", "/1.0/instances/c1/snapshots/nope", NULL, 404,
                 "Failed to fetch snapshot \"nope\" of instance \"c1\" in project \"default\": "
                 "InstanceSnapshot not found");
    assert_error(api, "GET", "/1.0/instances/nope/snapshots/s0", NULL, 404, "Instance not found");
    assert_snapshots(api, "[]");
    /* operation descriptions: lxd/db/operationtype/operation_type.go:116-126 */
    assert_operation(api, "POST", "/1.0/instances/c1/snapshots", "{\"name\": \"s0\", \"stateful\": false}",
                     "Snapshotting instance");
    assert_snapshots(api, "[\"/1.0/instances/c1/snapshots/s0\"]");
    assert_operation(api, "POST", "/1.0/instances/c1/snapshots/s0", "{\"name\": \"s1\"}",
                     "Renaming snapshot");
    assert_snapshots(api, "[\"/1.0/instances/c1/snapshots/s1\"]");
    assert_operation(api, "PUT", "/1.0/instances/c1", "{\"restore\": \"s1\", \"stateful\": false}",
                     "Restoring snapshot");
    assert_operation(api, "DELETE", "/1.0/instances/c1/snapshots/s1", NULL, "Deleting snapshot");
    assert_snapshots(api, "[]");
}

static void
test_profile_rename_and_last_outcome(void)
{
    g_autoptr(MsServeApi) api = new_api();
    Answer a;

    /* profilePost refuses by name first (lxd/profiles.go:696-698 at
     * lxd-5.0.2, response.Forbidden) */
    assert_error(api, "POST", "/1.0/profiles/default", "{\"name\": \"x\"}", 403,
                 "The \"default\" profile cannot be renamed");
    a = ask(api, "GET", "/migsim/last-outcome", NULL);
    g_assert_cmpuint(a.status, ==, 200);
    g_assert_cmpstr(json_object_get_string_member(
                        json_object_get_object_member(json_node_get_object(a.node), "metadata"), "error"),
                    ==, "The \"default\" profile cannot be renamed");
    json_node_unref(a.node);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/serve/routes/snapshots", test_snapshots);
    g_test_add_func("/serve/routes/profile-rename-last-outcome", test_profile_rename_and_last_outcome);
    return g_test_run();
}
