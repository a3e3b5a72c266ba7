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
#include "ms-project.h"
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
    ms_devices_set(ms_instance_own_devices(instance), odd, disk);
    ms_devices_set(ms_instance_own_devices(instance), "empty", nic);
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

/* the expanded maps' layers, checked by hand (LXD's order: the server's
 * instances.migration.stateful under everything from lxd-5.21.0,
 * instancetype.ExpandInstanceConfig at lxd-5.21.7
 * lxd/instance/instancetype/instance_utils.go:12-40 and lxd-6.9 :12-40;
 * none at lxd-5.0.2 lxd/db/profiles.go:176-197 nor Incus v6.0.4
 * internal/server/db/profiles.go:163-184; the profiles in list order,
 * then the instance's own; a device of a later layer replaces the earlier
 * one whole, ExpandInstanceDevices :43-60 at lxd-5.21.7) and against the
 * json-glib path: more entries than the writer's stack array holds (150
 * profile keys), a profile the cluster does not have, one listed twice, a
 * project without features.profiles (its instances use the default
 * project's profiles) and one with it */
static JsonObject *
dumped_instance(JsonNode *root, const char *name)
{
    JsonArray *instances = json_object_get_array_member(json_node_get_object(root), "instances");

    for (guint i = 0; i < json_array_get_length(instances); i++) {
        JsonObject *object = json_array_get_object_element(instances, i);
        if (g_str_equal(json_object_get_string_member(object, "name"), name))
            return object;
    }
    g_assert_not_reached();
}

static MsProfileEntity *
layer_profile(MsCluster *cluster, const char *name, const char *project, guint first, guint n,
              const char *tag)
{
    MsProfileEntity *entity = ms_profile_entity_new(name);

    entity->project = g_strdup(project);
    for (guint k = first; k < first + n; k++)
        g_hash_table_insert(entity->config, g_strdup_printf("user.k%03u", k), g_strdup(tag));
    g_ptr_array_add(cluster->profiles, entity);
    return entity;
}

static void
test_layers(void)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    MsProfileEntity *a, *b, *other;
    MsDevice *root = ms_device_new(), *own_root = ms_device_new(), *nic = ms_device_new(),
             *other_root = ms_device_new();
    MsProject *off = ms_project_new("off", FALSE), *on = ms_project_new("on", FALSE);
    MsInstance *instance;
    const char *releases[] = { "lxd-5.0.2", "incus-6.0.4", "lxd-5.21.7", "lxd-6.9" };

    ms_cluster_add_member(cluster, "m1");
    ms_config_set(off->config, "features.profiles", "false");
    g_ptr_array_add(cluster->projects, off);
    g_ptr_array_add(cluster->projects, on);
    /* a: user.k000-k059 "a"; b: user.k030-k119 "b"; on's default: k000-k029 */
    a = layer_profile(cluster, "a", NULL, 0, 60, "a");
    b = layer_profile(cluster, "b", NULL, 30, 90, "b");
    other = layer_profile(cluster, "a", "on", 0, 30, "on");
    ms_device_set(root, "type", "disk");
    ms_device_set(root, "pool", "p");
    ms_device_set(root, "size", "10GiB");
    ms_devices_set(a->devices, "root", root);
    ms_device_set(nic, "type", "nic");
    ms_device_set(nic, "network", "n");
    ms_devices_set(b->devices, "eth0", nic);
    ms_device_set(other_root, "type", "disk");
    ms_device_set(other_root, "pool", "q");
    ms_devices_set(other->devices, "root", other_root);
    ms_config_set(cluster->server_config, "instances.migration.stateful", "true");

    /* in the project without profiles: the default project's a and b */
    instance = ms_instance_new("i1", MS_INSTANCE_CONTAINER, "m1");
    instance->project = g_strdup("off");
    for (guint i = 0; i < 4; i++)
        g_ptr_array_add(ms_instance_profiles_mut(instance),
                        g_strdup((const char *[]){ "a", "gone", "b", "a" }[i]));
    ms_instance_set_config(instance, "user.k000", "local");
    ms_device_set(own_root, "type", "disk");
    ms_device_set(own_root, "path", "/");
    ms_devices_set(ms_instance_own_devices(instance), "root", own_root);
    ms_cluster_add_instance(cluster, instance);
    /* in the project with profiles: its own a */
    instance = ms_instance_new("i2", MS_INSTANCE_CONTAINER, "m1");
    instance->project = g_strdup("on");
    g_ptr_array_add(ms_instance_profiles_mut(instance), g_strdup("a"));
    ms_instance_set_config(instance, "migration.stateful", "false");
    ms_cluster_add_instance(cluster, instance);

    for (guint r = 0; r < G_N_ELEMENTS(releases); r++) {
        const MsProfile *profile = ms_profile_lookup(releases[r]);
        g_autofree char *text = ms_state_file_dump(cluster, profile, NULL);
        g_autoptr(JsonNode) root_node = json_from_string(text, NULL);
        JsonObject *i1 = dumped_instance(root_node, "i1"), *i2 = dumped_instance(root_node, "i2");
        JsonObject *config = json_object_get_object_member(i1, "expanded_config");
        JsonObject *devices = json_object_get_object_member(i1, "expanded_devices");
        JsonObject *disk = json_object_get_object_member(devices, "root");
        gboolean server_key = r > 1;

        assert_same(cluster, profile, NULL);
        /* i1: profiles a, gone, b, a again, then its own */
        g_assert_cmpuint(json_object_get_size(config), ==, 120 + server_key);
        g_assert_cmpstr(json_object_get_string_member(config, "user.k000"), ==, "local");
        g_assert_cmpstr(json_object_get_string_member(config, "user.k001"), ==, "a");
        g_assert_cmpstr(json_object_get_string_member(config, "user.k029"), ==, "a");
        g_assert_cmpstr(json_object_get_string_member(config, "user.k030"), ==, "a"); /* a listed again */
        g_assert_cmpstr(json_object_get_string_member(config, "user.k060"), ==, "b");
        g_assert_cmpstr(json_object_get_string_member(config, "user.k119"), ==, "b");
        g_assert_cmpint(json_object_has_member(config, "migration.stateful"), ==, server_key);
        if (server_key)
            g_assert_cmpstr(json_object_get_string_member(config, "migration.stateful"), ==, "true");
        g_assert_cmpuint(json_object_get_size(devices), ==, 2);
        g_assert_cmpuint(json_object_get_size(disk), ==, 2); /* the whole device replaced: no size, no pool */
        g_assert_cmpstr(json_object_get_string_member(disk, "path"), ==, "/");
        g_assert_false(json_object_has_member(disk, "size"));
        g_assert_true(json_object_has_member(devices, "eth0"));
        /* i2: project on's a, its own migration.stateful over the server's */
        config = json_object_get_object_member(i2, "expanded_config");
        g_assert_cmpuint(json_object_get_size(config), ==, 31);
        g_assert_cmpstr(json_object_get_string_member(config, "user.k000"), ==, "on");
        g_assert_false(json_object_has_member(config, "user.k030"));
        g_assert_cmpstr(json_object_get_string_member(config, "migration.stateful"), ==, "false");
        devices = json_object_get_object_member(i2, "expanded_devices");
        g_assert_cmpstr(json_object_get_string_member(json_object_get_object_member(devices, "root"), "pool"),
                        ==, "q");
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
    g_test_add_func("/state-file-dump/layers", test_layers);
    return g_test_run();
}
