/* ms_yaml_read / ms_yaml_unmarshal_put: the expected values are written by
 * hand from yaml.v2's rules (decode.go: a scalar's text into a string
 * whatever it resolves to, null as "", terror's "line N: cannot unmarshal
 * TAG `VALUE` into TYPE" with values over 10 bytes cut to 7 and "...";
 * resolve.go's tags), not produced by the code under test. */
#include "ms-yaml-read.h"
#include "ms-yaml.h"

#include <string.h>

/* `lxc profile show default` as lxc 5.0.2 prints it, with a cloud-init
 * block as reports paste them */
static const char profile_show[] = "config:\n"
                                   "  limits.cpu: \"2\"\n"
                                   "  security.nesting: \"true\"\n"
                                   "  user.user-data: |\n"
                                   "    #cloud-config\n"
                                   "    packages:\n"
                                   "      - vim\n"
                                   "\n"
                                   "    runcmd: ['echo', 'hi']\n"
                                   "description: Default LXD profile\n"
                                   "devices:\n"
                                   "  eth0:\n"
                                   "    name: eth0\n"
                                   "    network: lxdbr0\n"
                                   "    type: nic\n"
                                   "  root:\n"
                                   "    path: /\n"
                                   "    pool: default # the pool lxd init made\n"
                                   "    type: disk\n"
                                   "name: default\n"
                                   "used_by:\n"
                                   "- /1.0/instances/c1\n";

static void
test_profile_show(void)
{
    char *errors = NULL;
    g_autoptr(MsYamlPut) put = ms_yaml_unmarshal_put(profile_show, MS_YAML_PROFILE_PUT, &errors);
    MsDevice *root;

    g_assert_null(errors);
    g_assert_nonnull(put);
    g_assert_cmpuint(g_hash_table_size(put->config), ==, 3);
    g_assert_cmpstr(g_hash_table_lookup(put->config, "limits.cpu"), ==, "2");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "security.nesting"), ==, "true");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "user.user-data"), ==,
                    "#cloud-config\npackages:\n  - vim\n\nruncmd: ['echo', 'hi']\n");
    g_assert_cmpstr(put->description, ==, "Default LXD profile");
    g_assert_cmpuint(ms_devices_count(put->devices), ==, 2);
    root = ms_devices_lookup(put->devices, "root");
    g_assert_cmpstr(ms_device_lookup(root, "pool"), ==, "default");
    g_assert_cmpstr(ms_device_lookup(root, "path"), ==, "/");
    /* used_by and name are no fields of ProfilePut */
    g_assert_null(put->profiles);
}

static void
test_scalars(void)
{
    char *errors = NULL;
    g_autoptr(MsYamlPut) put = ms_yaml_unmarshal_put("config:\n"
                                                     "  limits.cpu: 2\n"
                                                     "  security.privileged: yes\n"
                                                     "  user.empty:\n"
                                                     "  user.null: ~\n"
                                                     "  user.single: 'it''s'\n"
                                                     "  user.double: \"a\\tb\\u00e9\"\n"
                                                     "  user.strip: |-\n"
                                                     "    one\n"
                                                     "    two\n"
                                                     "  user.fold: >\n"
                                                     "    one\n"
                                                     "    two\n"
                                                     "\n"
                                                     "    three\n"
                                                     "devices: {}\n"
                                                     "profiles:\n"
                                                     "- default\n"
                                                     "- p1\n"
                                                     "ephemeral: false\n",
                                                     MS_YAML_INSTANCE_PUT, &errors);

    g_assert_null(errors);
    g_assert_cmpstr(g_hash_table_lookup(put->config, "limits.cpu"), ==, "2");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "security.privileged"), ==, "yes");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "user.empty"), ==, "");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "user.null"), ==, "");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "user.single"), ==, "it's");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "user.double"), ==, "a\tb\xc3\xa9");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "user.strip"), ==, "one\ntwo");
    g_assert_cmpstr(g_hash_table_lookup(put->config, "user.fold"), ==, "one two\nthree\n");
    g_assert_cmpuint(ms_devices_count(put->devices), ==, 0);
    g_assert_cmpuint(put->profiles->len, ==, 2);
    g_assert_cmpstr(put->profiles->pdata[1], ==, "p1");
    g_assert_false(put->ephemeral);
}

static void
check_type_errors(const char *yaml, MsYamlPutType type, const char *want)
{
    g_autofree char *errors = NULL;
    g_autoptr(MsYamlPut) put = ms_yaml_unmarshal_put(yaml, type, &errors);

    g_assert_null(put);
    g_assert_cmpstr(errors, ==, want);
}

static void
test_type_errors(void)
{
    check_type_errors(
        "config: foo\n", MS_YAML_PROFILE_PUT,
        "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `foo` into map[string]string");
    check_type_errors("description: x\nconfig:\n- limits.cpu=2\n", MS_YAML_PROFILE_PUT,
                      "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!seq into map[string]string");
    check_type_errors("config: abcdefghijkl\n", MS_YAML_PROFILE_PUT,
                      "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `abcdefg...` into "
                      "map[string]string");
    check_type_errors(
        "devices:\n  eth0: nic\n  root:\n    path: /\n    size:\n      gb: 10\n", MS_YAML_PROFILE_PUT,
        "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `nic` into map[string]string\n"
        "  line 6: cannot unmarshal !!map into string");
    check_type_errors("profiles: default\nephemeral: \"false\"\nconfig: 12\n", MS_YAML_INSTANCE_PUT,
                      "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `default` into []string\n"
                      "  line 2: cannot unmarshal !!str `false` into bool\n"
                      "  line 3: cannot unmarshal !!int `12` into map[string]string");
    /* yaml.v2's resolve: hex and a float are numbers, a size is a string */
    check_type_errors(
        "config: 0x1F\n", MS_YAML_PROFILE_PUT,
        "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `0x1F` into map[string]string");
    check_type_errors("config: -1.5e3\n", MS_YAML_PROFILE_PUT,
                      "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!float `-1.5e3` into "
                      "map[string]string");
    check_type_errors(
        "config: 10GiB\n", MS_YAML_PROFILE_PUT,
        "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `10GiB` into map[string]string");
    /* api.StorageVolumePut has no devices field: yaml.v2 skips the key
     * unread, so its bad value is no error (decode.go mappingStruct) */
    check_type_errors("devices: 3\nconfig:\n- a\nrestore: {}\n", MS_YAML_VOLUME_PUT,
                      "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!seq into map[string]string\n"
                      "  line 4: cannot unmarshal !!map into string");
    check_type_errors("- x\n", MS_YAML_VOLUME_PUT,
                      "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into api.StorageVolumePut");
    check_type_errors(
        "hello\n", MS_YAML_PROFILE_PUT,
        "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into api.ProfilePut");
    /* profiles is no field of ProfilePut: not read, so no error */
    {
        g_autofree char *errors = NULL;
        g_autoptr(MsYamlPut) put =
            ms_yaml_unmarshal_put("profiles: default\nconfg:\n  a: b\n", MS_YAML_PROFILE_PUT, &errors);
        g_assert_null(errors);
        g_assert_cmpuint(g_hash_table_size(put->config), ==, 0);
    }
}

static void
check_refused(const char *yaml, guint line, const char *fragment)
{
    g_autoptr(GError) error = NULL;
    guint error_line = 0;
    g_autoptr(MsYamlNode) node = ms_yaml_read(yaml, &error_line, &error);

    g_assert_null(node);
    g_assert_nonnull(error);
    g_assert_cmpuint(error_line, ==, line);
    if (strstr(error->message, fragment) == NULL)
        g_error("'%s' does not hold '%s'", error->message, fragment);
}

static void
test_outside_subset(void)
{
    check_refused("config:\n\tlimits.cpu: 2\n", 2, "a tab in the indentation");
    check_refused("config: {limits.cpu: 2}\n", 1, "flow collection");
    check_refused("base: &b\n  a: 1\nconfig: *b\n", 1, "anchors");
    check_refused("description: a long\n  text\n", 2, "continued on the next line");
    check_refused("profiles:\n- name: x\n", 2, "a map inside a sequence");
    check_refused("config:\n  a: \"open\n", 2, "goes on past its line");
    check_refused("config:\n  a: b: c\n", 2, "mapping values are not allowed");
    check_refused("config:\n  a: b\n   c: d\n", 3, "continued on the next line");
    check_refused("config:\n  a: b\n c: d\n", 3, "unexpected indentation");
    check_refused("a: b\n---\nc: d\n", 2, "a second document");
}

/* yaml.v2 quotes a string that would read back as a number (encode.go
 * stringv, resolve.go); the others stay plain: values written by hand */
static void
test_emit_quoting(void)
{
    g_autoptr(JsonNode) node = json_from_string("{\"a\": \"10GiB\", \"b\": \"2\", \"c\": \"1e3\", "
                                                "\"d\": \"0x1F\", \"e\": \"1:30\", \"f\": \"-.5\", "
                                                "\"g\": \"abc\", \"h\": \"2G\", \"i\": \"0b101\"}",
                                                NULL);
    g_autofree char *yaml = ms_yaml_emit(node);

    g_assert_cmpstr(yaml, ==,
                    "a: 10GiB\nb: \"2\"\nc: \"1e3\"\nd: \"0x1F\"\ne: \"1:30\"\nf: \"-.5\"\ng: abc\nh: 2G\n"
                    "i: \"0b101\"\n");
}

static void
test_empty(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *errors = NULL;
    g_autoptr(MsYamlPut) put = ms_yaml_unmarshal_put("# nothing\n\n", MS_YAML_PROFILE_PUT, &errors);

    g_assert_null(ms_yaml_read("---\n", NULL, &error));
    g_assert_no_error(error);
    g_assert_nonnull(put);
    g_assert_cmpuint(g_hash_table_size(put->config), ==, 0);
    g_assert_cmpstr(put->description, ==, "");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/yaml-read/profile-show", test_profile_show);
    g_test_add_func("/yaml-read/scalars", test_scalars);
    g_test_add_func("/yaml-read/type-errors", test_type_errors);
    g_test_add_func("/yaml-read/outside-subset", test_outside_subset);
    g_test_add_func("/yaml-read/empty", test_empty);
    g_test_add_func("/yaml-read/emit-quoting", test_emit_quoting);
    return g_test_run();
}
