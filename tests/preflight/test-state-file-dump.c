/* The state-file writer against json-glib.
 *
 *   test-state-file-dump SCENARIOS_DIR
 *
 * ms_state_file_dump() writes the file straight into a string; before, it
 * built ms_cluster_to_json()'s tree, added the optional fields and let
 * json-glib's JsonGenerator (pretty, indent 2) print it.  That older path is
 * kept here as the truth, and the two must agree byte for byte: on a
 * hand-made cluster of awkward strings (every ASCII control byte, quotes,
 * backslashes, DEL, UTF-8 of 2-4 bytes, bytes that are not UTF-8), large
 * numbers and empty containers; on every scenario's final state with the
 * optional fields added; and on the bench's mixed states. */
#include <string.h>

#include "ms-bench-mixed.h"
#include "ms-config.h"
#include "ms-runner.h"
#include "ms-scenario.h"
#include "ms-state-file.h"

static const char *scenarios_dir;

static void
add_strings(JsonObject *object, const char *key, const GPtrArray *strings)
{
    JsonArray *array = json_array_sized_new(strings->len);

    for (guint i = 0; i < strings->len; i++)
        json_array_add_string_element(array, strings->pdata[i]);
    json_object_set_array_member(object, key, array);
}

/* the dump as it was written up to December 2026: tree, optional fields, generator */
static char *
dump_with_json_glib(const MsCluster *cluster, const MsProfile *profile, const char *server_version)
{
    g_autoptr(JsonNode) root = ms_cluster_to_json(cluster, profile);
    g_autoptr(JsonGenerator) generator = json_generator_new();
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    JsonObject *top = json_node_get_object(root);
    JsonArray *members = json_object_get_array_member(top, "members");
    JsonArray *volumes = json_object_get_array_member(top, "volumes");
    JsonArray *dumped = json_object_get_array_member(top, "instances");

    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];
        if (!g_str_equal(member->scheduler_instance, "all"))
            json_object_set_string_member(json_array_get_object_element(members, i), "scheduler_instance",
                                          member->scheduler_instance);
    }
    for (guint i = 0; i < cluster->volumes->len; i++) {
        MsVolume *volume = cluster->volumes->pdata[i];
        if (volume->snapshots->len > 0)
            add_strings(json_array_get_object_element(volumes, i), "snapshots", volume->snapshots);
    }
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *instance = instances->pdata[i];
        JsonObject *object = json_array_get_object_element(dumped, i);
        if (instance->snapshots->len > 0)
            add_strings(object, "snapshots", instance->snapshots);
        if (instance->n_backups > 0)
            json_object_set_int_member(object, "backups", instance->n_backups);
        if (instance->stateful)
            json_object_set_boolean_member(object, "stateful", TRUE);
    }
    if (server_version != NULL)
        json_object_set_string_member(top, "server_version", server_version);
    json_generator_set_pretty(generator, TRUE);
    json_generator_set_indent(generator, 2);
    json_generator_set_root(generator, root);
    return json_generator_to_data(generator, NULL);
}

static void
assert_same(const MsCluster *cluster, const MsProfile *profile, const char *server_version)
{
    g_autofree char *want = dump_with_json_glib(cluster, profile, server_version);
    g_autofree char *got = ms_state_file_dump(cluster, profile, server_version);
    gsize n = 0;

    while (want[n] != '\0' && want[n] == got[n])
        n++;
    if (want[n] != got[n])
        g_test_message("first difference at byte %" G_GSIZE_FORMAT ": ...%.60s | ...%.60s", n,
                       want + (n > 30 ? n - 30 : 0), got + (n > 30 ? n - 30 : 0));
    g_assert_cmpuint(strlen(got), ==, strlen(want));
    g_assert_cmpstr(got, ==, want);
}

/* every byte 0x01-0xff once, then UTF-8 of 2, 3 and 4 bytes */
static char *
awkward(const char *prefix)
{
    GString *text = g_string_new(prefix);

    for (guint c = 1; c < 256; c++)
        g_string_append_c(text, (char) c);
    g_string_append(text, "\"q\" \\b\\ \u00e9\u20ac\U0001F600 \u2028 end\\");
    return g_string_free(text, FALSE);
}

static void
test_awkward(void)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    const MsProfile *profile = ms_profile_lookup("lxd-6.9");
    g_autofree char *odd = awkward("k");
    g_autofree char *odd2 = awkward("v");
    MsDevice *disk = ms_device_new(), *nic = ms_device_new();
    MsProfileEntity *entity = ms_profile_entity_new("p\"1\\");
    MsInstance *instance;
    MsVolume *volume;
    MsMember *member;
    MsPool *pool;

    member = ms_cluster_add_member(cluster, "m\u00e9\u20ac\U0001F600\x1f\x7f\"\\");
    ms_member_set_string(member, &member->scheduler_instance, "group\n\t");
    g_ptr_array_add(ms_member_groups_mut(member), g_strdup(odd));
    g_ptr_array_add(ms_member_groups_mut(member), g_strdup(""));
    member = ms_cluster_add_member(cluster, "plain");
    member->id = G_MAXUINT;
    g_ptr_array_add(cluster->cluster_groups, g_strdup(odd2));
    pool = ms_pool_new("pool\r\b\f", "ceph");
    pool->state = MS_POOL_CREATED;
    g_hash_table_insert(pool->config, g_strdup(odd), g_strdup(odd2));
    g_hash_table_insert(pool->config, g_strdup(""), g_strdup(""));
    g_ptr_array_add(cluster->pools, pool);
    volume = ms_volume_new("pool\r\b\f", odd, MS_CONTENT_BLOCK, NULL);
    g_ptr_array_add(volume->snapshots, g_strdup(odd2));
    g_ptr_array_add(cluster->volumes, volume);
    g_hash_table_insert(entity->config, g_strdup("user.\u00e9"), g_strdup("\x01\x1e\x1f\x20"));
    g_ptr_array_add(cluster->profiles, entity);
    instance = ms_instance_new(odd, MS_INSTANCE_VM, "plain");
    g_ptr_array_add(ms_instance_profiles_mut(instance), g_strdup("p\"1\\"));
    ms_instance_set_config(instance, odd, odd2);
    ms_instance_set_config(instance, "limits.cpu", "");
    ms_device_set(disk, "type", "disk");
    ms_device_set(disk, "path", odd2);
    g_hash_table_insert(ms_instance_own_devices(instance), g_strdup(odd), disk);
    g_hash_table_insert(ms_instance_own_devices(instance), g_strdup("empty"), nic);
    g_ptr_array_add(ms_instance_snapshots_mut(instance), g_strdup(odd));
    g_ptr_array_add(ms_instance_snapshots_mut(instance), g_strdup("snap1"));
    instance->n_backups = G_MAXUINT;
    instance->stateful = TRUE;
    ms_cluster_add_instance(cluster, instance);
    instance = ms_instance_new("second", MS_INSTANCE_CONTAINER, "plain");
    ms_cluster_add_instance(cluster, instance);
    g_hash_table_insert(cluster->server_config, g_strdup(odd2), g_strdup(odd));

    assert_same(cluster, profile, odd);
    assert_same(cluster, profile, NULL);
    assert_same(cluster, profile, "");
}

static void
test_empty(void)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();

    assert_same(cluster, ms_profile_lookup("lxd-5.0.2"), NULL);
}

static void
collect(const char *dir, GPtrArray *out)
{
    g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
    const char *name;

    g_assert_nonnull(handle);
    while ((name = g_dir_read_name(handle)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR))
            collect(path, out);
        else if (g_str_has_suffix(name, ".scn"))
            g_ptr_array_add(out, g_steal_pointer(&path));
    }
}

/* the optional fields on some members, volumes and instances */
static void
add_optional(MsCluster *cluster, guint salt)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);

    for (guint i = salt % 2; i < cluster->members->len; i += 2) {
        MsMember *member = cluster->members->pdata[i];
        ms_member_set_string(member, &member->scheduler_instance, "manual");
    }
    for (guint i = salt % 2; i < cluster->volumes->len; i += 2)
        g_ptr_array_add(((MsVolume *) cluster->volumes->pdata[i])->snapshots, g_strdup("snap0"));
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *instance = instances->pdata[i];
        if ((i + salt) % 3 == 0)
            g_ptr_array_add(ms_instance_snapshots_mut(instance), g_strdup("s\"0"));
        if ((i + salt) % 2 == 0)
            instance->n_backups += i + 1;
    }
}

static void
test_corpus(void)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);

    collect(scenarios_dir, files);
    g_assert_cmpuint(files->len, >, 10);
    for (guint i = 0; i < files->len; i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(MsScenario) scenario = ms_scenario_load(files->pdata[i], &error);
        g_autoptr(MsCluster) cluster = NULL;
        g_autoptr(MsScenarioResult) result = NULL;
        MsRunOptions options = { NULL };
        const MsProfile *profile;

        g_assert_no_error(error);
        profile = ms_runner_pick_profile(scenario, &options, &error);
        g_assert_no_error(error);
        result = ms_runner_run(scenario, profile, &options, &cluster);
        assert_same(cluster, profile, NULL);
        add_optional(cluster, i);
        assert_same(cluster, profile, "5.21.7");
    }
    g_test_message("%u scenario states compared", files->len);
}

static void
test_mixed(void)
{
    for (guint64 seed = 1; seed <= 3; seed++) {
        g_autoptr(MsCluster) cluster = ms_mixed_build(7, 1500, seed);

        assert_same(cluster, ms_profile_lookup("lxd-5.21.7"), NULL);
        add_optional(cluster, (guint) seed);
        assert_same(cluster, ms_profile_lookup("lxd-6.9"), "6.9");
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_cmpint(argc, ==, 2);
    scenarios_dir = argv[1];
    g_test_add_func("/state-file-dump/awkward", test_awkward);
    g_test_add_func("/state-file-dump/empty", test_empty);
    g_test_add_func("/state-file-dump/corpus", test_corpus);
    g_test_add_func("/state-file-dump/mixed", test_mixed);
    return g_test_run();
}
