/* SPDX-License-Identifier: Apache-2.0
 *
 * The one LXD<->model mapping (sim/live/ms-lxd-map.c): the same reply read
 * strictly (import: anything not of LXD's shape is an error naming the
 * request and the field) and leniently (replay's read-back: such values
 * are left out).  The replies are hand-written in the shape of
 * GET /1.0/instances?recursion=1 of LXD 5.0.2 (reference notes §3). */
#include <string.h>

#include "ms-config.h"
#include "ms-lxd-client.h"
#include "ms-lxd-map.h"

static JsonObject *
parse(const char *json, JsonNode **root)
{
    g_autoptr(GError) error = NULL;

    *root = json_from_string(json, &error);
    g_assert_no_error(error);
    return json_node_get_object(*root);
}

static const char good[] =
    "{\"name\":\"c1\",\"status\":\"Running\",\"location\":\"node2\",\"type\":\"container\","
    "\"profiles\":[\"default\"],\"config\":{\"volatile.last_state.power\":\"RUNNING\",\"limits.cpu\":2},"
    "\"devices\":{\"root\":{\"path\":\"/\",\"pool\":\"local\",\"type\":\"disk\"}}}";

static const char *
rename_member(gpointer data, const char *live_name)
{
    (void) data;
    return g_str_equal(live_name, "node2") ? "m2" : live_name;
}

static void
test_instance(void)
{
    g_autoptr(JsonNode) root = NULL;
    JsonObject *obj = parse(good, &root);
    g_autoptr(GError) error = NULL;
    MsLxdMap map = { TRUE, "/1.0/instances?recursion=1", NULL, &error, rename_member, NULL };
    g_autoptr(MsInstance) inst = ms_lxd_map_instance_json(&map, obj, "[0]");

    g_assert_no_error(error);
    g_assert_nonnull(inst);
    g_assert_cmpstr(inst->name, ==, "c1");
    g_assert_cmpstr(inst->location, ==, "m2");
    g_assert_cmpint(inst->status, ==, MS_INSTANCE_RUNNING);
    g_assert_cmpstr(ms_instance_get_config(inst, "volatile.last_state.power"), ==, "RUNNING");
    /* an old daemon's number, kept as LXD prints it */
    g_assert_cmpstr(ms_instance_get_config(inst, "limits.cpu"), ==, "2");
    g_assert_cmpstr(ms_device_lookup(ms_devices_lookup(inst->devices, "root"), "pool"), ==, "local");
    g_assert_cmpuint(inst->profiles->len, ==, 1);
}

/* The instance entry @obj of GET /1.0/instances?recursion=1 at @where,
 * mapped strictly (what is wrong in @error) or leniently. */
static MsInstance *
map_strict(JsonObject *obj, const char *where, GError **error)
{
    MsLxdMap map = { TRUE, "/1.0/instances?recursion=1", NULL, error, NULL, NULL };

    return ms_lxd_map_instance_json(&map, obj, where);
}

static MsInstance *
map_lenient(JsonObject *obj, const char *where)
{
    MsLxdMap map = { FALSE, "/1.0/instances?recursion=1", NULL, NULL, NULL, NULL };

    return ms_lxd_map_instance_json(&map, obj, where);
}

/* A config value that is an object: strict names the field, lenient
 * leaves the key out and keeps the rest. */
static void
test_strict_and_lenient(void)
{
    static const char bad[] =
        "{\"name\":\"c1\",\"status\":\"Stopped\",\"location\":\"m1\","
        "\"config\":{\"user.a\":\"1\",\"user.b\":{\"x\":1}},\"profiles\":[\"default\",7]}";
    g_autoptr(JsonNode) root = NULL;
    JsonObject *obj = parse(bad, &root);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsInstance) none = map_strict(obj, "[3]", &error);
    g_autoptr(MsInstance) inst = map_lenient(obj, "[3]");

    g_assert_null(none);
    g_assert_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL);
    g_assert_cmpstr(
        error->message, ==,
        "GET /1.0/instances?recursion=1: [3]: 'profiles[1]' is not a string (not LXD's reply shape)");
    g_assert_nonnull(inst);
    g_assert_cmpstr(ms_instance_get_config(inst, "user.a"), ==, "1");
    g_assert_null(ms_instance_get_config(inst, "user.b"));
    g_assert_cmpuint(inst->profiles->len, ==, 1);
}

/* Required fields: strict is an error, lenient gives nothing (the caller
 * skips the entry); an unknown type is an error only when strict. */
static void
test_required(void)
{
    g_autoptr(JsonNode) root = NULL;
    JsonObject *obj = parse("{\"name\":\"c1\",\"status\":\"Running\",\"type\":\"pod\"}", &root);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsInstance) a = map_strict(obj, "[0]", &error);
    g_autoptr(MsInstance) b = map_lenient(obj, "[0]");

    g_assert_null(a);
    g_assert_cmpstr(error->message, ==,
                    "GET /1.0/instances?recursion=1: [0]: unknown type 'pod' (not LXD's reply shape)");
    g_assert_null(b); /* no location: not an entry the read-back can place */
}

/* What import warns about, read-back takes as is: a Frozen instance is
 * running for LXD's evacuation. */
static void
test_frozen(void)
{
    g_autoptr(JsonNode) root = NULL;
    JsonObject *obj = parse("{\"name\":\"f\",\"status\":\"Frozen\",\"location\":\"m1\"}", &root);
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    MsLxdMap map = { TRUE, "/1.0/instances?recursion=1", warnings, NULL, NULL, NULL };
    g_autoptr(MsInstance) inst = ms_lxd_map_instance_json(&map, obj, "[0]");

    g_assert_cmpint(inst->status, ==, MS_INSTANCE_RUNNING);
    g_assert_cmpuint(warnings->len, ==, 1);
    g_assert_cmpstr(warnings->pdata[0], ==, "instance f is Frozen; it is imported as RUNNING");
}

/* The dry run's GET body of a profile, written back the way it is read. */
static void
test_profile_round_trip(void)
{
    g_autoptr(JsonNode) root = NULL;
    JsonObject *obj = parse("{\"name\":\"p\",\"config\":{\"user.k\":\"v\"},"
                            "\"devices\":{\"d\":{\"type\":\"disk\",\"path\":\"/srv\"}}}",
                            &root);
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    MsProfileEntity *profile = ms_profile_entity_new("p");
    MsLxdMap map = { TRUE, "/1.0/profiles/p", NULL, NULL, NULL, NULL };
    g_autoptr(JsonNode) back = NULL;
    g_autofree char *text = NULL;

    g_ptr_array_add(cluster->profiles, profile);
    g_assert_true(ms_lxd_map_profile_json(&map, obj, profile, "metadata"));
    back = ms_lxd_map_profile_to_json(cluster, "p");
    text = json_to_string(back, FALSE);
    g_assert_cmpstr(text, ==,
                    "{\"config\":{\"user.k\":\"v\"},\"description\":\"\",\"devices\":{\"d\":{\"path\":\"/"
                    "srv\",\"type\":\"disk\"}}}");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/lxd-map/instance", test_instance);
    g_test_add_func("/lxd-map/strict-and-lenient", test_strict_and_lenient);
    g_test_add_func("/lxd-map/required", test_required);
    g_test_add_func("/lxd-map/frozen", test_frozen);
    g_test_add_func("/lxd-map/profile-round-trip", test_profile_round_trip);
    return g_test_run();
}
