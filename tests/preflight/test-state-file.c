/* Unit tests for state files and preflight views.
 *
 *   test-state-file DATA_DIR SCENARIOS_DIR
 *
 * Round trips: the stored #15218 state, and the final state of every
 * scenario of the corpus (what `migsim state` prints) must load and dump
 * byte-identically.  Bad files must fail with the JSON path named.  The
 * preflight's member views must give the same report as full copies. */
#include <string.h>

#include "ms-config.h"
#include "ms-error.h"
#include "ms-preflight.h"
#include "ms-runner.h"
#include "ms-scenario.h"
#include "ms-state-file.h"

static const char *data_dir;
static const char *scenarios_dir;

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

static void
test_round_trip_15218(void)
{
    g_autofree char *path = g_build_filename(data_dir, "lxd-15218.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(MsStateFile) state = NULL;
    g_autofree char *dumped = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, &error));
    state = ms_state_file_parse(path, text, -1, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(state->profile->name, ==, "lxd-5.21.7");
    g_assert_nonnull(ms_cluster_lookup_instance(state->cluster, "v1"));
    dumped = ms_state_file_dump(state->cluster, state->profile, state->server_version);
    /* the stored file is `migsim state` output: the dump plus a newline */
    g_assert_cmpstr(g_strchomp(text), ==, dumped);
}

/* Every scenario's final state: `migsim state` text -> load -> dump. */
static void
test_round_trip_corpus(void)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    guint n = 0;

    collect(scenarios_dir, files);
    g_assert_cmpuint(files->len, >, 10);
    for (guint i = 0; i < files->len; i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(MsScenario) scenario = ms_scenario_load(files->pdata[i], &error);
        g_autoptr(MsCluster) cluster = NULL;
        g_autoptr(MsScenarioResult) result = NULL;
        g_autoptr(MsStateFile) state = NULL;
        g_autofree char *text = NULL, *again = NULL;
        MsRunOptions options = { NULL };
        const MsProfile *profile;

        g_assert_no_error(error);
        profile = ms_runner_pick_profile(scenario, &options, &error);
        g_assert_no_error(error);
        result = ms_runner_run(scenario, profile, &options, &cluster);
        text = ms_cluster_to_json_string(cluster, profile);
        state = ms_state_file_parse(files->pdata[i], text, -1, &error);
        if (error != NULL)
            g_test_message("%s", error->message);
        g_assert_no_error(error);
        again = ms_state_file_dump(state->cluster, state->profile, NULL);
        g_assert_cmpstr(again, ==, text);
        n++;
    }
    g_test_message("%u scenario states round-tripped", n);
}

/* The optional fields (snapshots, backups, scheduler, server version). */
static void
test_round_trip_optional(void)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL, *again = NULL;
    const MsProfile *profile = ms_profile_lookup("lxd-6.9");
    MsInstance *instance;
    MsVolume *volume;
    MsMember *member;
    MsPool *pool;

    ms_cluster_add_member(cluster, "a");
    member = ms_cluster_add_member(cluster, "b");
    ms_member_set_string(member, &member->scheduler_instance, "manual");
    pool = ms_pool_new("ceph1", "ceph");
    pool->state = MS_POOL_CREATED;
    g_ptr_array_add(cluster->pools, pool);
    volume = ms_volume_new("ceph1", "shared", MS_CONTENT_BLOCK, NULL);
    g_ptr_array_add(volume->snapshots, g_strdup("snap0"));
    g_ptr_array_add(cluster->volumes, volume);
    instance = ms_instance_new("c1", MS_INSTANCE_CONTAINER, "b");
    g_ptr_array_add(ms_instance_profiles_mut(instance), g_strdup("default"));
    g_ptr_array_add(ms_instance_snapshots_mut(instance), g_strdup("s1"));
    instance->n_backups = 2;
    ms_cluster_add_instance(cluster, instance);
    instance = ms_instance_new("v1", MS_INSTANCE_VM, "a");
    g_ptr_array_add(ms_instance_profiles_mut(instance), g_strdup("default"));
    instance->stateful = TRUE; /* stopped with its state saved */
    ms_cluster_add_instance(cluster, instance);
    text = ms_state_file_dump(cluster, profile, "6.10");
    state = ms_state_file_parse("mem", text, -1, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(state->server_version, ==, "6.10");
    g_assert_cmpuint(ms_cluster_lookup_instance(state->cluster, "c1")->n_backups, ==, 2);
    g_assert_true(ms_cluster_lookup_instance(state->cluster, "v1")->stateful);
    g_assert_false(ms_cluster_lookup_instance(state->cluster, "c1")->stateful);
    g_assert_nonnull(strstr(text, "\"stateful\" : true"));
    g_assert_cmpstr(ms_cluster_lookup_member(state->cluster, "b")->scheduler_instance, ==, "manual");
    again = ms_state_file_dump(state->cluster, state->profile, state->server_version);
    g_assert_cmpstr(again, ==, text);
}

typedef struct {
    const char *from; /* replaced once in the #15218 file ... */
    const char *to;   /* ... by this */
    const char *want; /* the error must contain this */
} BadCase;

/* clang-format off */
static const BadCase bad_cases[] = {
    { "\"release\" : \"lxd-5.21.7\"", "\"release\" : \"lxd-4.0\"", "$.release: unknown release 'lxd-4.0'" },
    { "\"release\" : \"lxd-5.21.7\",", "", "$.release: missing field" },
    { "\"release\" : \"lxd-5.21.7\"", "\"release\" : 5", "$.release: expected a string, got a number" },
    { "\"release\" : \"lxd-5.21.7\",", "\"release\" : \"lxd-5.21.7\", \"colour\" : 1,", "$.colour: unknown field" },
    { "\"id\" : 2", "\"id\" : \"2\"", "$.members[1].id: expected an integer, got a string" },
    { "\"id\" : 2", "\"id\" : 1", "$.members[1].id: member IDs must be increasing (the members array is in ID order), got 1 after 1" },
    { "\"status\" : \"ONLINE\"", "\"status\" : \"SLEEPING\"", "$.members[0].status: expected ONLINE, EVACUATED or OFFLINE" },
    { "\"role\" : \"voter\"", "\"role\" : \"leader\"", "$.members[0].role: expected voter, stand-by or spare" },
    { "\"driver\" : \"dir\"", "\"driver\" : \"floppy\"", "$.pools[0].driver: unknown storage driver 'floppy'" },
    { "\"remote\" : false", "\"remote\" : true", "$.pools[0].remote: driver 'dir' is local" },
    { "\"m3\" : \"Created\"", "\"m9\" : \"Created\"", "$.pools[0].members.m9: unknown member 'm9'" },
    { "\"content_type\" : \"block\"", "\"content_type\" : \"tape\"", "$.volumes[0].content_type: expected filesystem, block or iso" },
    { "\"location\" : \"m1\",\n      \"config\"", "\"location\" : null,\n      \"config\"", "$.volumes[0].location: pool 'local' is local" },
    { "\"type\" : \"virtual-machine\"", "\"type\" : \"vm\"", "$.instances[0].type: expected container or virtual-machine" },
    { "\"status\" : \"RUNNING\"", "\"status\" : \"Frozen\"", "$.instances[0].status: expected RUNNING or STOPPED" },
    { "\"status\" : \"RUNNING\"", "\"status\" : \"RUNNING\", \"stateful\" : true", "$.instances[0].stateful: only a stopped instance has a saved state" },
    { "\"status\" : \"RUNNING\"", "\"status\" : \"STOPPED\", \"stateful\" : \"yes\"", "$.instances[0].stateful: expected true or false, got a string" },
    { "\"location\" : \"m1\",\n      \"profiles\"", "\"location\" : \"m7\",\n      \"profiles\"", "$.instances[0].location: unknown member 'm7'" },
    { "\"profiles\" : [\n        \"default\"", "\"profiles\" : [\n        \"gpu\"", "$.instances[0].profiles[0]: unknown profile 'gpu'" },
    { "\"volatile.last_state.power\" : \"RUNNING\"\n      },\n      \"devices\"", "\"volatile.last_state.power\" : true\n      },\n      \"devices\"", "$.instances[0].config.volatile.last_state.power: expected a string, got a boolean" },
    { "\"source\" : \"foo\",", "\"source\" : [],", "$.instances[0].devices.foo.source: expected a string, got an array" },
    /* a name seen twice: the check that keeps no instance counts names itself */
    { "\"instances\" : [\n", "\"instances\" : [\n    { \"name\" : \"v1\", \"type\" : \"container\", \"status\" : \"STOPPED\", \"location\" : \"m2\", \"profiles\" : [], \"config\" : {}, \"devices\" : {} },\n", "$.instances[1].name: instance 'v1' is listed twice" },
    { "\"server_config\" : {  }", "\"server_config\" : []", "$.server_config: expected an object, got an array" },
    { "\"cluster_groups\" : [\n    \"default\"\n  ]", "\"cluster_groups\" : [\n    \"gpu\"\n  ]", "$.members[0].groups[0]: group 'default' is not in $.cluster_groups" },
    { "{", "[", "not valid JSON" },
    /* issue 12: what json-glib alone lets pass */
    { "\"role\" : \"voter\"", "\"role\" : \"voter\", \"role\" : \"spare\"",
      "$.members[0].role: this key appears twice in its object (JSON keys must be unique)" },
    { "\"release\" : \"lxd-5.21.7\",", "\"release\" : \"lxd-5.21.7\", \"rel\\u0065ase\" : \"lxd-5.0.2\",",
      "$.release: this key appears twice in its object" },
    { "\"id\" : 2", "\"id\" : 18446744073709551616", "$.members[1].id: the integer 18446744073709551616 is out of range" },
    /* past the keys compared one by one (SCAN_LINEAR_KEYS): the hash table */
    { "\"server_config\" : {  }", "\"server_config\" : { \"k1\" : \"v\", \"k2\" : \"v\", \"k3\" : \"v\", \"k4\" : \"v\", \"k5\" : \"v\", \"k6\" : \"v\", \"k7\" : \"v\", \"k8\" : \"v\", \"k9\" : \"v\", \"k10\" : \"v\", \"k11\" : \"v\", \"k12\" : \"v\", \"k13\" : \"v\", \"k14\" : \"v\", \"k15\" : \"v\", \"k16\" : \"v\", \"k17\" : \"v\", \"k3\" : \"w\" }",
      "$.server_config.k3: this key appears twice in its object" },
    { "\"server_config\" : {  }", "\"server_config\" : { \"k1\" : \"v\", \"k2\" : \"v\", \"k3\" : \"v\", \"k4\" : \"v\", \"k5\" : \"v\", \"k6\" : \"v\", \"k7\" : \"v\", \"k8\" : \"v\", \"k9\" : \"v\", \"k10\" : \"v\", \"k11\" : \"v\", \"k12\" : \"v\", \"k13\" : \"v\", \"k14\" : \"v\", \"k15\" : \"v\", \"k16\" : \"v\", \"k17\" : \"v\", \"\\u006b17\" : \"w\" }",
      "$.server_config.k17: this key appears twice in its object" },
    /* 19 digits: the shortest that can overflow */
    { "\"id\" : 2", "\"id\" : 9223372036854775808", "$.members[1].id: the integer 9223372036854775808 is out of range" },
    { "\"id\" : 2", "\"id\" : 4294967297", "$.members[1].id: member IDs go from 1 to 2147483647, got 4294967297" },
    { "\"server_config\" : {  }", "\"server_config\" : {  }, \"x\" : [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]",
      "bad.json: nests deeper than 64 levels" },
};
/* clang-format on */

static void
test_bad_files(void)
{
    g_autofree char *path = g_build_filename(data_dir, "lxd-15218.json", NULL);
    g_autofree char *good = NULL;

    g_assert_true(g_file_get_contents(path, &good, NULL, NULL));
    for (guint i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        const BadCase *c = &bad_cases[i];
        const char *at = strstr(good, c->from);
        g_autoptr(GString) text = g_string_new(NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(MsStateFile) state = NULL;

        g_assert_nonnull(at);
        g_string_append_len(text, good, at - good);
        g_string_append(text, c->to);
        g_string_append(text, at + strlen(c->from));
        state = ms_state_file_parse("bad.json", text->str, -1, &error);
        g_assert_null(state);
        g_assert_error(error, MS_ERROR, MS_ERROR_INVALID);
        g_test_message("%s", error->message);
        g_assert_true(g_str_has_prefix(error->message, "bad.json: "));
        if (strstr(error->message, c->want) == NULL)
            g_error("case %u: '%s' does not contain '%s'", i, error->message, c->want);
        /* the check that keeps no instance (import's) refuses alike */
        {
            g_autoptr(GError) check_error = NULL;

            g_assert_false(ms_state_file_check("bad.json", text->str, -1, &check_error));
            g_assert_nonnull(check_error);
            g_assert_cmpstr(check_error->message, ==, error->message);
        }
    }
}

static void
test_version_mapping(void)
{
    static const struct {
        const char *version;
        const char *profile;
        gboolean exact;
    } cases[] = {
        { "5.0.2", "lxd-5.0.2", TRUE },
        { "5.0.3", "lxd-5.0.3", TRUE },
        { "5.0.10", "lxd-5.0.9", FALSE },
        { "5.21.3", "lxd-5.21.3", TRUE },
        { "5.21.9", "lxd-5.21.7", FALSE },
        { "6.4", "lxd-6.4", TRUE },
        { "6.10", "lxd-6.9", FALSE },
        { "5.20", "lxd-5.20", TRUE },
        { "5.20.1", "lxd-5.20", FALSE },
        { "6.0.3", "lxd-6.1", FALSE },
        /* an Incus server (import: environment.server "incus") */
        { "incus-6.0.4", "incus-6.0.4", TRUE },
        { "incus-6.0.9", "incus-6.0.6", FALSE },
        { "incus-5.0.2", NULL, FALSE },
        { "4.0.9", NULL, FALSE },
        { "lxd", NULL, FALSE },
        { "5", NULL, FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        gboolean exact = !cases[i].exact;
        const MsProfile *profile = ms_state_profile_for_version(cases[i].version, &exact);
        g_assert_cmpstr(profile ? profile->name : NULL, ==, cases[i].profile);
        g_assert_cmpint(exact, ==, cases[i].exact);
    }
}

/* The JSON reports of @change on @state from views and from full copies */
static void
views_and_full_copies(MsStateFile *state, const char *change, char **view_json, char **full_json)
{
    g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func((GDestroyNotify) ms_step_free);
    g_auto(GStrv) argv = g_strsplit(change, " ", -1);
    g_autoptr(GError) error = NULL;
    MsStep *step = g_new0(MsStep, 1);
    MsPreflightOptions view = { FALSE, FALSE }, full = { FALSE, TRUE };
    g_autoptr(MsPreflightReport) a = NULL, b = NULL;

    step->kind = MS_STEP_COMMAND;
    step->text = g_strdup(change);
    step->op = ms_lxc_parse(argv, &error);
    g_assert_no_error(error);
    g_ptr_array_add(steps, step);
    a = ms_preflight_run(state, state->profile, steps, "x", &view);
    b = ms_preflight_run(state, state->profile, steps, "x", &full);
    *view_json = ms_preflight_json(a);
    *full_json = ms_preflight_json(b);
}

/* A way out whose profile change running users refuse (saved all the
 * same) names them as they are when the operator runs it: v2, running on
 * m2, outside m1's view; not v1, running before the evacuation and
 * stopped after it.  The same from views and from full copies, at the
 * three releases. */
static void
test_saved_refusers(void)
{
    g_autofree char *path = g_build_filename(data_dir, "saved-refused.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(MsStateFile) state = NULL;
    static const char *const releases[] = { "lxd-5.0.2", "lxd-5.21.7", "lxd-6.9" };
    static const char *const caveat =
        "`lxc profile set default migration.stateful=false` fails, the "
        "profile saved all the same (PROFILE.UPDATE_SAVED), not applied now to v2; "
        "the restore succeeds; v1 is RUNNING on m1";

    g_assert_true(g_file_get_contents(path, &text, NULL, &error));
    state = ms_state_file_parse(path, text, -1, &error);
    g_assert_no_error(error);
    for (guint r = 0; r < G_N_ELEMENTS(releases); r++) {
        g_autofree char *view = NULL, *full = NULL;

        state->profile = ms_profile_lookup(releases[r]);
        g_assert_nonnull(state->profile);
        views_and_full_copies(state, "lxc profile set default migration.stateful=true", &view, &full);
        g_assert_cmpstr(view, ==, full);
        g_assert_nonnull(strstr(view, caveat));
        g_assert_null(strstr(view, "v1 refuses it while running"));
    }
}

/* Views and full copies must agree: the #15218 change and an evacuation
 * plan, on every scenario's final state. */
static void
test_views_match_full_copies(void)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    static const char *const changes[] = {
        "lxc config set instances.migration.stateful true",
        "lxc profile set default cluster.evacuate=stop",
    };
    guint compared = 0;

    collect(scenarios_dir, files);
    for (guint i = 0; i < files->len; i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(MsScenario) scenario = ms_scenario_load(files->pdata[i], &error);
        g_autoptr(MsStateFile) state = g_new0(MsStateFile, 1);
        g_autoptr(MsScenarioResult) result = NULL;
        MsRunOptions options = { NULL };

        g_assert_no_error(error);
        state->profile = ms_runner_pick_profile(scenario, &options, &error);
        result = ms_runner_run(scenario, state->profile, &options, &state->cluster);
        for (guint c = 0; c < G_N_ELEMENTS(changes); c++) {
            g_autofree char *ja = NULL, *jb = NULL;

            views_and_full_copies(state, changes[c], &ja, &jb);
            if (g_strcmp0(ja, jb) != 0)
                g_error("%s / %s: views and full copies differ", (const char *) files->pdata[i], changes[c]);
            compared++;
        }
    }
    g_test_message("%u reports compared", compared);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (argc != 3) {
        g_printerr("usage: %s DATA_DIR SCENARIOS_DIR\n", argv[0]);
        return 2;
    }
    data_dir = argv[1];
    scenarios_dir = argv[2];
    g_test_add_func("/preflight/state/round-trip-15218", test_round_trip_15218);
    g_test_add_func("/preflight/state/round-trip-corpus", test_round_trip_corpus);
    g_test_add_func("/preflight/state/round-trip-optional", test_round_trip_optional);
    g_test_add_func("/preflight/state/bad-files", test_bad_files);
    g_test_add_func("/preflight/state/version-mapping", test_version_mapping);
    g_test_add_func("/preflight/views-match-full-copies", test_views_match_full_copies);
    g_test_add_func("/preflight/saved-refusers", test_saved_refusers);
    return g_test_run();
}
