/* The instance list that migsim serve writes without a JSON tree
 * (sim/serve/ms-serve-list.c) against the tree serve builds for one
 * instance (GET /1.0/instances/NAME, instance_object), whose shape the
 * differential test with Debian's lxc and real LXD 5.0.2 checks
 * (tests/live/lxc-diff.py).  Each list element must parse and serialise
 * to the same bytes as that instance's own GET: same keys in the same
 * order, same values.  Clusters: the bench's mixed workload (VMs and
 * containers, profiles, custom volumes, stopped ones) and one whose config
 * values, device properties and snapshot names hold every ASCII character
 * and some UTF-8. */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ms-bench-mixed.h"
#include "ms-config.h"
#include "ms-instance.h"
#include "ms-serve-api.h"
#include "ms-version.h"

static char *
serialise(JsonNode *node)
{
    return json_to_string(node, FALSE);
}

static JsonNode *
get(MsServeApi *api, const char *path, const char *query)
{
    g_auto(MsServeReply) reply = { 0 };
    g_autoptr(GError) error = NULL;
    JsonNode *node;

    ms_serve_api_handle(api, "m0001", "GET", path, query, NULL, 0, &reply);
    g_assert_cmpuint(reply.status, ==, 200);
    node = json_from_string(reply.body, &error);
    g_assert_no_error(error);
    return node;
}

/* recursion=2 against each instance's GET with recursion=1 (state,
 * snapshots, backups), recursion=1 against recursion=0 */
static void
check_list(MsServeApi *api, guint expected)
{
    static const struct {
        const char *list, *one;
    } levels[] = { { "recursion=2", "recursion=1" },
                   { "filter=&recursion=2", "recursion=1" },
                   { "recursion=1", NULL } };

    for (guint l = 0; l < G_N_ELEMENTS(levels); l++) {
        g_autoptr(JsonNode) list = get(api, "/1.0/instances", levels[l].list);
        JsonObject *envelope = json_node_get_object(list);
        JsonArray *items = json_object_get_array_member(envelope, "metadata");

        g_assert_cmpstr(json_object_get_string_member(envelope, "type"), ==, "sync");
        g_assert_cmpint(json_object_get_int_member(envelope, "status_code"), ==, 200);
        g_assert_cmpuint(json_array_get_length(items), ==, expected);
        for (guint i = 0; i < json_array_get_length(items); i++) {
            JsonNode *item = json_array_get_element(items, i);
            const char *name = json_object_get_string_member(json_node_get_object(item), "name");
            g_autofree char *path = g_strdup_printf("/1.0/instances/%s", name);
            g_autoptr(JsonNode) one = get(api, path, levels[l].one);
            g_autofree char *want = serialise(json_object_get_member(json_node_get_object(one), "metadata"));
            g_autofree char *got = serialise(item);

            g_assert_cmpstr(got, ==, want);
        }
    }
}

static void
test_mixed(void)
{
    g_autoptr(MsServeApi) api =
        ms_serve_api_new(ms_mixed_build(10, 1000, 1), ms_profile_lookup("lxd-5.21.7"));

    check_list(api, 1000);
}

/* every character JSON must escape, the ones it need not, and UTF-8 */
static char *
all_characters(void)
{
    GString *s = g_string_new(NULL);

    for (int c = 1; c < 128; c++)
        g_string_append_c(s, (char) c);
    g_string_append(s, "é€😀");
    return g_string_free(s, FALSE);
}

static void
test_escapes(void)
{
    g_autofree char *text = all_characters();
    MsCluster *cluster = ms_cluster_new();
    g_autoptr(MsServeApi) api = NULL;
    MsInstance *inst;
    MsDevice *device = ms_device_new();

    ms_cluster_add_member(cluster, "m0001");
    ms_cluster_add_member(cluster, "m0002");
    ms_cluster_assign_roles(cluster);
    inst = ms_instance_new("c1", MS_INSTANCE_CONTAINER, "m0001");
    ms_instance_set_config(inst, "user.text", text);
    ms_instance_set_config(inst, "user.quote\"key", "a\\b");
    ms_device_set(device, "type", "disk");
    ms_device_set(device, "path", text);
    ms_device_set(device, "source", "/srv/\x01\x1f\x7f");
    ms_devices_set(ms_instance_own_devices(inst), "dev\"\n", device);
    g_ptr_array_add(ms_instance_snapshots_mut(inst), g_strdup("snap\t\x1f\""));
    ms_cluster_add_instance(cluster, inst);
    ms_cluster_add_instance(cluster, ms_instance_new("v1", MS_INSTANCE_VM, "m0002"));
    api = ms_serve_api_new(cluster, ms_profile_lookup("lxd-5.0.2"));
    check_list(api, 2);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/serve/list/mixed-workload", test_mixed);
    g_test_add_func("/serve/list/escapes", test_escapes);
    return g_test_run();
}
