/* Unit tests of the shared profile lists (ms_cluster_add_instance) and of
 * the profile layers found by a list's number (model/ms-cluster-expand.c),
 * in a cluster above the size where every cached answer is also checked
 * against the profiles looked up one by one: here only these asserts
 * check it.  The expected values are the ones the test's profiles set. */
#include <glib.h>

#include "ms-apply-private.h"
#include "ms-apply.h"
#include "ms-cluster.h"
#include "ms-config.h"
#include "ms-project.h"
#include "ms-version.h"

/* above ms-cluster-expand.c's PROFILE_LAYERS_VERIFY_MAX (2000) */
#define N_INSTANCES 2100

static MsProfileEntity *
add_profile(MsCluster *cluster, const char *name, const char *evacuate)
{
    MsProfileEntity *entity = ms_profile_entity_new(name);

    ms_config_set(entity->config, "cluster.evacuate", evacuate);
    g_ptr_array_add(cluster->profiles, entity);
    return entity;
}

static MsInstance *
add_instance(MsCluster *cluster, const char *name, const char *const *profiles)
{
    MsInstance *inst = ms_instance_new(name, MS_INSTANCE_CONTAINER, "m1");

    for (guint i = 0; profiles[i] != NULL; i++)
        g_ptr_array_add(ms_instance_profiles_mut(inst), g_strdup(profiles[i]));
    ms_cluster_add_instance(cluster, inst);
    return inst;
}

/* the expanded cluster.evacuate of @inst, and the profile it came from */
static void
assert_mode(const MsCluster *cluster, const MsInstance *inst, const char *value, const char *from)
{
    const char *layer_name = NULL;

    g_assert_cmpstr(ms_cluster_expanded_value(cluster, ms_profile_lookup("lxd-5.21.7"), inst,
                                              "cluster.evacuate", NULL, &layer_name),
                    ==, value);
    g_assert_cmpstr(layer_name, ==, from);
}

static void
test_shared_lists(void)
{
    static const char *const with_a[] = { "default", "a", NULL };
    static const char *const with_b[] = { "default", "b", NULL };
    static const char *const b_then_a[] = { "default", "b", "a", NULL };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    g_autoptr(MsCluster) copy = NULL;
    MsProfileEntity *a;
    MsInstance *insts[N_INSTANCES];
    MsInstance *in_copy;

    ms_cluster_add_member(cluster, "m1");
    a = add_profile(cluster, "a", "stop");
    add_profile(cluster, "b", "migrate");
    for (guint i = 0; i < N_INSTANCES; i++) {
        g_autofree char *name = g_strdup_printf("c%u", i);
        insts[i] = add_instance(cluster, name, i % 2 == 0 ? with_a : with_b);
    }

    /* equal lists are one array, marked shared; different ones are not */
    g_assert_true(insts[0]->profiles == insts[2]->profiles);
    g_assert_true(insts[0]->profiles != insts[1]->profiles);
    g_assert_true(insts[0]->profiles_shared && insts[2]->profiles_shared);
    for (guint round = 0; round < 2; round++) /* the second round: by number */
        for (guint i = 0; i < N_INSTANCES; i++)
            assert_mode(cluster, insts[i], i % 2 == 0 ? "stop" : "migrate", i % 2 == 0 ? "a" : "b");

    /* one instance's list changed: its own copy, the others keep theirs */
    g_ptr_array_add(ms_instance_profiles_mut(insts[0]), g_strdup("b"));
    g_assert_true(insts[0]->profiles != insts[2]->profiles);
    g_assert_cmpuint(insts[2]->profiles->len, ==, 2);
    assert_mode(cluster, insts[2], "stop", "a");
    assert_mode(cluster, insts[0], "migrate", "b");
    assert_mode(cluster, insts[2], "stop", "a");
    assert_mode(cluster, insts[4], "stop", "a");

    /* a list replaced whole, as ms-profile-ops.c's assign and rename do
     * (the number stays: the list itself is checked) */
    {
        GPtrArray *replaced = g_ptr_array_new_with_free_func(g_free);

        g_ptr_array_add(replaced, g_strdup("default"));
        g_ptr_array_add(replaced, g_strdup("b"));
        g_ptr_array_unref((GPtrArray *) insts[6]->profiles);
        insts[6]->profiles = replaced;
        insts[6]->profiles_shared = FALSE;
        assert_mode(cluster, insts[6], "migrate", "b");
        assert_mode(cluster, insts[8], "stop", "a");
        /* shared again (a copy would mark it so), still its own array */
        insts[6]->profiles_shared = TRUE;
        assert_mode(cluster, insts[6], "migrate", "b");
        assert_mode(cluster, insts[8], "stop", "a");
        assert_mode(cluster, insts[6], "migrate", "b");
    }

    /* a profile's config replaced, as a profile change does */
    g_hash_table_unref(a->config);
    a->config = ms_config_new();
    ms_config_set(a->config, "cluster.evacuate", "live-migrate");
    assert_mode(cluster, insts[2], "live-migrate", "a");
    assert_mode(cluster, insts[0], "migrate", "b");
    assert_mode(cluster, insts[1], "migrate", "b");

    /* a copy: its instances bring their lists (and numbers), its new
     * instance gets a list of its own; each cluster answers for itself */
    copy = ms_cluster_copy(cluster);
    in_copy = add_instance(copy, "new", b_then_a);
    assert_mode(copy, in_copy, "live-migrate", "a");
    assert_mode(copy, ms_cluster_lookup_instance(copy, "c2"), "live-migrate", "a");
    assert_mode(copy, ms_cluster_lookup_instance(copy, "c1"), "migrate", "b");
    g_ptr_array_set_size(ms_instance_profiles_mut(ms_cluster_lookup_instance(copy, "c2")), 1);
    assert_mode(copy, ms_cluster_lookup_instance(copy, "c2"), NULL, NULL);
    assert_mode(cluster, insts[2], "live-migrate", "a");
    assert_mode(copy, ms_cluster_lookup_instance(copy, "c4"), "live-migrate", "a");
}

/* One list shared by instances of two profile projects: the default
 * project's profile "a" and project p's own "a" (features.profiles) set
 * different values, and the slot of the list's one number answers for one
 * project at a time.  Turning p's features.profiles off sends its
 * instances to the default project's "a" (ms_cluster_profile_project). */
static void
test_list_in_two_projects(void)
{
    static const char *const with_a[] = { "a", NULL };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    MsProject *p = ms_project_new("p", FALSE);
    MsProfileEntity *in_p;
    MsInstance *insts[N_INSTANCES];

    ms_cluster_add_member(cluster, "m1");
    g_ptr_array_add(cluster->projects, ms_project_new("default", FALSE));
    g_ptr_array_add(cluster->projects, p);
    add_profile(cluster, "a", "stop");
    in_p = add_profile(cluster, "a", "migrate");
    in_p->project = g_strdup("p");
    for (guint i = 0; i < N_INSTANCES; i++) {
        g_autofree char *name = g_strdup_printf("c%u", i);
        MsInstance *inst = ms_instance_new(name, MS_INSTANCE_CONTAINER, "m1");

        if (i % 2 == 1)
            inst->project = g_strdup("p");
        g_ptr_array_add(ms_instance_profiles_mut(inst), g_strdup(with_a[0]));
        ms_cluster_add_instance(cluster, inst);
        insts[i] = inst;
    }
    g_assert_true(insts[0]->profiles == insts[1]->profiles);
    g_assert_cmpuint(insts[0]->profile_list_id, ==, insts[1]->profile_list_id);
    for (guint round = 0; round < 2; round++)
        for (guint i = 0; i < N_INSTANCES; i++)
            assert_mode(cluster, insts[i], i % 2 == 1 ? "migrate" : "stop", "a");
    ms_config_set(p->config, "features.profiles", "false");
    for (guint i = 0; i < N_INSTANCES; i++)
        assert_mode(cluster, insts[i], "stop", "a");
}

/* Lists beyond the 65,535 numbers a guint16 holds get none (0) and are
 * found by hashing; a copy goes on from its original's count, so its new
 * list gets none either. */
#define N_NUMBERED 65535

static void
test_list_numbers_run_out(void)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    g_autoptr(MsCluster) copy = NULL;
    g_autoptr(GPtrArray) insts = g_ptr_array_new();
    MsInstance *in_copy;

    ms_cluster_add_member(cluster, "m1");
    add_profile(cluster, "a", "stop");
    add_profile(cluster, "b", "migrate");
    /* each list its own: "a" or "b" then a name no profile has (it adds
     * nothing) */
    for (guint i = 0; i < N_NUMBERED + 10; i++) {
        g_autofree char *name = g_strdup_printf("c%u", i);
        g_autofree char *other = g_strdup_printf("none%u", i);
        const char *const list[] = { i % 3 == 0 ? "b" : "a", other, NULL };

        g_ptr_array_add(insts, add_instance(cluster, name, list));
    }
    g_assert_cmpuint(((MsInstance *) insts->pdata[0])->profile_list_id, ==, 1);
    g_assert_cmpuint(((MsInstance *) insts->pdata[N_NUMBERED - 1])->profile_list_id, ==, N_NUMBERED);
    for (guint i = N_NUMBERED; i < insts->len; i++)
        g_assert_cmpuint(((MsInstance *) insts->pdata[i])->profile_list_id, ==, 0);
    for (guint round = 0; round < 2; round++)
        for (guint i = 0; i < insts->len; i++)
            assert_mode(cluster, insts->pdata[i], i % 3 == 0 ? "migrate" : "stop", i % 3 == 0 ? "b" : "a");
    copy = ms_cluster_copy(cluster);
    {
        static const char *const b_then_a[] = { "b", "a", NULL };
        in_copy = add_instance(copy, "new", b_then_a);
    }
    g_assert_cmpuint(in_copy->profile_list_id, ==, 0);
    assert_mode(copy, in_copy, "stop", "a");
    assert_mode(copy, ms_cluster_lookup_instance(copy, "c3"), "migrate", "b");
    assert_mode(copy, ms_cluster_lookup_instance(copy, "c65540"), "stop", "a");
}

/* ms_cluster_expanded_values with a key list out of byte order, a key
 * twice, keys set locally, by a profile, by both, by none, and the server
 * key under migration.stateful; then a local key set and unset, and a
 * profile's config replaced: each read must see it.  The expected values
 * are the ones the test sets. */
static void
assert_values(const MsCluster *cluster, const char *release, const MsInstance *inst,
              const char *const *expected)
{
    static const char *const keys[] = { "migration.stateful", "limits.cpu", "cluster.evacuate", "zz.unset",
                                        "limits.cpu",         "a.first",    "limits.memory" };
    const char *values[G_N_ELEMENTS(keys)];

    ms_cluster_expanded_values(cluster, ms_profile_lookup(release), inst, keys, G_N_ELEMENTS(keys), values);
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        g_assert_cmpstr(values[i], ==, expected[i]);
}

static void
test_key_lists(void)
{
    static const char *const with_a[] = { "default", "a", NULL };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    MsProfileEntity *a;
    MsInstance *insts[N_INSTANCES];

    ms_cluster_add_member(cluster, "m1");
    a = add_profile(cluster, "a", "stop");
    ms_config_set(a->config, "limits.cpu", "2");
    ms_config_set(a->config, "a.first", "from-a");
    for (guint i = 0; i < N_INSTANCES; i++) {
        g_autofree char *name = g_strdup_printf("c%u", i);
        insts[i] = add_instance(cluster, name, with_a);
    }
    ms_cluster_set_instance_config(cluster, insts[0], "limits.cpu", "4");
    ms_cluster_set_instance_config(cluster, insts[0], "zz.unset", "");
    {
        const char *const own[] = { NULL, "4", "stop", "", "4", "from-a", NULL };
        const char *const layered[] = { NULL, "2", "stop", NULL, "2", "from-a", NULL };

        for (guint round = 0; round < 2; round++) { /* the second: from the memo */
            assert_values(cluster, "lxd-5.21.7", insts[0], own);
            assert_values(cluster, "lxd-5.21.7", insts[1], layered);
        }
    }
    /* the server key: under migration.stateful from 5.21.0 only */
    ms_config_set(cluster->server_config, "instances.migration.stateful", "true");
    {
        const char *const at_521[] = { "true", "2", "stop", NULL, "2", "from-a", NULL };
        const char *const at_502[] = { NULL, "2", "stop", NULL, "2", "from-a", NULL };

        assert_values(cluster, "lxd-5.21.7", insts[1], at_521);
        assert_values(cluster, "lxd-5.0.2", insts[1], at_502);
    }
    /* a local key set, one unset, a local value over the server key */
    ms_cluster_set_instance_config(cluster, insts[1], "limits.memory", "1GiB");
    ms_cluster_set_instance_config(cluster, insts[1], "migration.stateful", "false");
    ms_cluster_set_instance_config(cluster, insts[0], "limits.cpu", NULL);
    {
        const char *const set[] = { "false", "2", "stop", NULL, "2", "from-a", "1GiB" };
        const char *const unset[] = { "true", "2", "stop", "", "2", "from-a", NULL };

        assert_values(cluster, "lxd-5.21.7", insts[1], set);
        assert_values(cluster, "lxd-5.21.7", insts[0], unset);
    }
    /* the profile's config replaced, as a profile change does */
    g_hash_table_unref(a->config);
    a->config = ms_config_new();
    ms_config_set(a->config, "cluster.evacuate", "migrate");
    ms_config_set(a->config, "zz.unset", "from-a");
    {
        const char *const changed[] = { "true", NULL, "migrate", "", NULL, NULL, NULL };
        const char *const changed_1[] = { "false", NULL, "migrate", "from-a", NULL, NULL, "1GiB" };

        assert_values(cluster, "lxd-5.21.7", insts[0], changed);
        assert_values(cluster, "lxd-5.21.7", insts[1], changed_1);
        assert_values(cluster, "lxd-5.21.7", insts[0], changed);
    }
}

/* A key list longer than one memo holds (KEY_LIST_MAX, 32: read in
 * pieces) with the self-checks off, so the pieces' memos are the only
 * answer: 40 keys, a key twice across the pieces' border,
 * migration.stateful in the second piece (the server key's place), keys
 * set locally, by a profile, by both and by none; each value is compared
 * with the key read alone, twice (the second time from the memos), then
 * after a local key and the profile's config changed. */
static void
test_key_lists_long(void)
{
    static const char *const with_a[] = { "default", "a", NULL };
    static const char *const keys[] = { "k00",        "k01",
                                        "k02",        "k03",
                                        "k04",        "k05",
                                        "k06",        "k07",
                                        "k08",        "k09",
                                        "k10",        "k11",
                                        "k12",        "k13",
                                        "k14",        "k15",
                                        "k16",        "k17",
                                        "k18",        "k19",
                                        "k20",        "k21",
                                        "k22",        "k23",
                                        "k24",        "k25",
                                        "k26",        "k27",
                                        "k28",        "k29",
                                        "k30",        "limits.cpu",
                                        "limits.cpu", "migration.stateful",
                                        "k34",        "k35",
                                        "k36",        "k37",
                                        "zz.unset",   "a.first" };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    const MsProfile *release = ms_profile_lookup("lxd-5.21.7");
    MsProfileEntity *a;
    MsInstance *inst, *other;

    g_assert_cmpuint(G_N_ELEMENTS(keys), ==, 40);
    ms_cluster_add_member(cluster, "m1");
    ms_cluster_set_self_checks(cluster, FALSE);
    a = add_profile(cluster, "a", "stop");
    ms_config_set(a->config, "limits.cpu", "2");
    ms_config_set(a->config, "a.first", "from-a");
    ms_config_set(a->config, "k05", "a5");
    ms_config_set(a->config, "k36", "a36");
    ms_config_set(cluster->server_config, "instances.migration.stateful", "true");
    inst = add_instance(cluster, "c1", with_a);
    other = add_instance(cluster, "c2", with_a);
    ms_cluster_set_instance_config(cluster, inst, "k05", "own5");
    ms_cluster_set_instance_config(cluster, inst, "k37", "own37");
    ms_cluster_set_instance_config(cluster, inst, "limits.cpu", "4");
    for (guint change = 0; change < 2; change++) {
        if (change == 1) {
            ms_cluster_set_instance_config(cluster, inst, "limits.cpu", NULL);
            ms_cluster_set_instance_config(cluster, other, "migration.stateful", "false");
            g_hash_table_unref(a->config);
            a->config = ms_config_new();
            ms_config_set(a->config, "k36", "new36");
            ms_config_set(a->config, "zz.unset", "from-a");
        }
        for (guint round = 0; round < 2; round++) {
            const MsInstance *const both[] = { inst, other };

            for (guint j = 0; j < G_N_ELEMENTS(both); j++) {
                const char *values[G_N_ELEMENTS(keys)];

                ms_cluster_expanded_values(cluster, release, both[j], keys, G_N_ELEMENTS(keys), values);
                for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
                    g_assert_cmpstr(
                        values[i], ==,
                        ms_cluster_expanded_value(cluster, release, both[j], keys[i], NULL, NULL));
            }
        }
    }
    /* the test's own values, so that the comparison above is not of two
     * equal wrong answers */
    {
        const char *values[G_N_ELEMENTS(keys)];

        ms_cluster_expanded_values(cluster, release, inst, keys, G_N_ELEMENTS(keys), values);
        g_assert_cmpstr(values[5], ==, "own5");
        g_assert_cmpstr(values[36], ==, "new36");
        g_assert_cmpstr(values[37], ==, "own37");
        g_assert_cmpstr(values[38], ==, "from-a");
        g_assert_cmpstr(values[33], ==, "true");
        g_assert_null(values[31]);
        g_assert_null(values[0]);
        ms_cluster_expanded_values(cluster, release, other, keys, G_N_ELEMENTS(keys), values);
        g_assert_cmpstr(values[33], ==, "false");
        g_assert_null(values[5]);
    }
}

/* The key lists in a small cluster with the self-checks off (as preflight's
 * views are: the lists' memo is then the only answer): the values follow
 * the instance's list reordered, a profile dropped from it, and a
 * profile's config replaced.  The expected values are the ones the test's
 * profiles set. */
static void
test_key_lists_unchecked(void)
{
    static const char *const a_then_b[] = { "default", "a", "b", NULL };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    MsProfileEntity *a, *b;
    MsInstance *inst, *other;
    GPtrArray *list;

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_set_self_checks(cluster, FALSE);
    a = add_profile(cluster, "a", "stop");
    b = add_profile(cluster, "b", "migrate");
    ms_config_set(a->config, "limits.cpu", "2");
    ms_config_set(a->config, "a.first", "from-a");
    ms_config_set(b->config, "limits.cpu", "3");
    inst = add_instance(cluster, "c1", a_then_b);
    other = add_instance(cluster, "c2", a_then_b);
    {
        const char *const b_last[] = { NULL, "3", "migrate", NULL, "3", "from-a", NULL };

        assert_values(cluster, "lxd-5.21.7", inst, b_last);
        assert_values(cluster, "lxd-5.21.7", inst, b_last); /* from the memo */
    }
    /* b before a: a's values win now */
    list = ms_instance_profiles_mut(inst);
    g_ptr_array_set_size(list, 1);
    g_ptr_array_add(list, g_strdup("b"));
    g_ptr_array_add(list, g_strdup("a"));
    {
        const char *const a_last[] = { NULL, "2", "stop", NULL, "2", "from-a", NULL };
        const char *const b_last[] = { NULL, "3", "migrate", NULL, "3", "from-a", NULL };

        assert_values(cluster, "lxd-5.21.7", inst, a_last);
        assert_values(cluster, "lxd-5.21.7", other, b_last);
    }
    /* a dropped */
    g_ptr_array_set_size(ms_instance_profiles_mut(inst), 2);
    {
        const char *const b_only[] = { NULL, "3", "migrate", NULL, "3", NULL, NULL };

        assert_values(cluster, "lxd-5.21.7", inst, b_only);
    }
    /* b's config replaced, as a profile change does */
    g_hash_table_unref(b->config);
    b->config = ms_config_new();
    ms_config_set(b->config, "limits.memory", "1GiB");
    {
        const char *const b_new[] = { NULL, NULL, NULL, NULL, NULL, NULL, "1GiB" };
        const char *const a_then_new_b[] = { NULL, "2", "stop", NULL, "2", "from-a", "1GiB" };

        assert_values(cluster, "lxd-5.21.7", inst, b_new);
        assert_values(cluster, "lxd-5.21.7", other, a_then_new_b);
    }
}

/* ms_config_map_prefix_range on a sorted map: the run of keys with the
 * prefix, where it starts, and none (before, between and after the keys).
 * The expected places are counted by hand from the keys below. */
static void
test_config_map_prefix_range(void)
{
    static const char *const keys[] = {
        "a", "limits.cpu", "limits.kernel.core", "limits.kernel.nofile", "limits.memory", "linux.sysctl.x",
        "z"
    };
    g_autoptr(MsConfigMap) map = ms_config_map_new(NULL);
    guint first = 99;

    for (guint i = G_N_ELEMENTS(keys); i > 0; i--) /* set out of order: the map sorts */
        ms_config_map_set(&map, keys[i - 1], "v");
    g_assert_cmpuint(ms_config_map_prefix_range(map, "limits.kernel.", 14, &first), ==, 2);
    g_assert_cmpuint(first, ==, 2);
    g_assert_cmpuint(ms_config_map_prefix_range(map, "linux.sysctl.", 13, &first), ==, 1);
    g_assert_cmpuint(first, ==, 5);
    g_assert_cmpuint(ms_config_map_prefix_range(map, "limits.", 7, &first), ==, 4);
    g_assert_cmpuint(first, ==, 1);
    g_assert_cmpuint(ms_config_map_prefix_range(map, "", 0, &first), ==, 7);
    g_assert_cmpuint(first, ==, 0);
    g_assert_cmpuint(ms_config_map_prefix_range(map, "b", 1, &first), ==, 0);
    g_assert_cmpuint(first, ==, 1);
    g_assert_cmpuint(ms_config_map_prefix_range(map, "zz", 2, &first), ==, 0);
    g_assert_cmpuint(first, ==, 7);
    g_assert_cmpuint(ms_config_map_prefix_range(map, "0", 1, &first), ==, 0);
    g_assert_cmpuint(first, ==, 0);
    /* a key that is the prefix's start only ("limits" < "limits.") */
    ms_config_map_set(&map, "limits", "v");
    g_assert_cmpuint(ms_config_map_prefix_range(map, "limits.", 7, &first), ==, 4);
    g_assert_cmpuint(first, ==, 2);
}

/* The pairs of @prefix in @inst's profiles: @n of them, @expected
 * (key, value, ...) in that order. */
static void
assert_prefix_pairs(const MsCluster *cluster, const MsInstance *inst, const char *prefix,
                    const char *const *expected, guint n)
{
    const char *const *pairs = NULL;
    guint got = 99;

    g_assert_true(ms_cluster_profile_prefix_pairs(cluster, inst, prefix, &pairs, &got));
    g_assert_cmpuint(got, ==, n);
    for (guint i = 0; i < 2 * n; i++)
        g_assert_cmpstr(pairs[i], ==, expected[i]);
}

/* The start's two walks through a hold of their own (a start check
 * holds one for all its reads) */
static const char *
sysctl_of(const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst)
{
    MsLayersHold hold = ms_layers_hold(inst);

    return ms_instance_sysctl_unprefixed_key(cluster, profile, &hold);
}

static const char *
prlimit_of(const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst, gboolean *any)
{
    MsLayersHold hold = ms_layers_hold(inst);

    return ms_instance_prlimit_start_unknown(cluster, profile, &hold, any);
}

/* The start's two prefix walks (ms-lxc-config.c: linux.sysctl.,
 * limits.kernel.) through the profile layers' prefix memo, in a small
 * cluster with the self-checks off (the memo is the only answer, as in
 * preflight's views) and in one of 2,100 instances (above the self-check's
 * size): keys from two profiles in list order, an empty value, a local
 * key over the profiles', a profile's config replaced and the list
 * reordered.  Each profile sets one key of a prefix, so the order is the
 * list's; the expected keys are the ones the test sets. */
static void
prefix_walks(guint n_instances)
{
    static const char *const a_then_b[] = { "default", "a", "b", NULL };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    const MsProfile *p5217 = ms_profile_lookup("lxd-5.21.7"), *p502 = ms_profile_lookup("lxd-5.0.2");
    MsProfileEntity *a, *b;
    MsInstance *inst = NULL, *other = NULL;
    gboolean any = FALSE;

    ms_cluster_add_member(cluster, "m1");
    if (n_instances < 2000)
        ms_cluster_set_self_checks(cluster, FALSE);
    a = add_profile(cluster, "a", "stop");
    b = add_profile(cluster, "b", "migrate");
    ms_config_set(a->config, "linux.sysctl.net.a", "1");
    ms_config_set(a->config, "limits.cpu", "2");
    ms_config_set(b->config, "linux.sysctl.net.b", "");
    ms_config_set(b->config, "limits.kernel.nofile", "100");
    for (guint i = 0; i < n_instances; i++) {
        g_autofree char *name = g_strdup_printf("c%u", i);
        MsInstance *added = add_instance(cluster, name, a_then_b);

        if (i == 0)
            inst = added;
        else if (i == 1)
            other = added;
    }
    {
        const char *const sysctl[] = { "linux.sysctl.net.a", "1", "linux.sysctl.net.b", "" };
        const char *const kernel[] = { "limits.kernel.nofile", "100" };

        for (guint round = 0; round < 2; round++) { /* the second: from the memo */
            assert_prefix_pairs(cluster, inst, "linux.sysctl.", sysctl, 2);
            assert_prefix_pairs(cluster, inst, "limits.kernel.", kernel, 1);
            assert_prefix_pairs(cluster, inst, "zz.", NULL, 0);
        }
    }
    /* the first key with a value; 5.0.2 still translates them */
    g_assert_cmpstr(sysctl_of(cluster, p5217, inst), ==, "linux.sysctl.net.a");
    g_assert_null(sysctl_of(cluster, p502, inst));
    g_assert_null(prlimit_of(cluster, p5217, inst, &any));
    g_assert_true(any);
    /* local keys: the local one wins for sysctl, the bad limit is found */
    ms_cluster_set_instance_config(cluster, inst, "linux.sysctl.net.z", "1");
    ms_cluster_set_instance_config(cluster, inst, "limits.kernel.bogus", "10");
    g_assert_cmpstr(sysctl_of(cluster, p5217, inst), ==, "linux.sysctl.net.z");
    g_assert_cmpstr(prlimit_of(cluster, p5217, inst, &any), ==, "limits.kernel.bogus");
    g_assert_cmpstr(sysctl_of(cluster, p5217, other), ==, "linux.sysctl.net.a");
    g_assert_null(prlimit_of(cluster, p5217, other, &any));
    /* b's config replaced, as a profile change does */
    g_hash_table_unref(b->config);
    b->config = ms_config_new();
    ms_config_set(b->config, "limits.kernel.core", "bogus");
    {
        const char *const sysctl[] = { "linux.sysctl.net.a", "1" };
        const char *const kernel[] = { "limits.kernel.core", "bogus" };

        assert_prefix_pairs(cluster, other, "linux.sysctl.", sysctl, 1);
        assert_prefix_pairs(cluster, other, "limits.kernel.", kernel, 1);
        g_assert_cmpstr(prlimit_of(cluster, p5217, other, &any), ==, "limits.kernel.core");
    }
    /* a's sysctl key emptied and the list reordered: b, then a */
    g_hash_table_unref(a->config);
    a->config = ms_config_new();
    ms_config_set(a->config, "linux.sysctl.net.a", "");
    ms_config_set(b->config, "linux.sysctl.net.b", "2"); /* in place: */
    ms_cluster_profiles_changed(cluster);                /* so announced */
    {
        GPtrArray *list = ms_instance_profiles_mut(other);
        const char *const sysctl[] = { "linux.sysctl.net.b", "2", "linux.sysctl.net.a", "" };

        g_ptr_array_set_size(list, 1);
        g_ptr_array_add(list, g_strdup("b"));
        g_ptr_array_add(list, g_strdup("a"));
        assert_prefix_pairs(cluster, other, "linux.sysctl.", sysctl, 2);
        g_assert_cmpstr(sysctl_of(cluster, p5217, other), ==, "linux.sysctl.net.b");
    }
}

static void
test_prefix_walks_small(void)
{
    prefix_walks(3);
}

static void
test_prefix_walks_big(void)
{
    prefix_walks(N_INSTANCES);
}

/* The prefix memo in a cluster of 2,100 instances (no self-check): profile
 * "a" of default and "a" of project p set different linux.sysctl. keys;
 * every other instance is in p.  Then p's features.profiles turned off
 * (its instances read default's "a"), then on again and one instance
 * moved to default as ms_apply_move_to_project does (its project key
 * changed, its shared list kept): each walk must give the pairs of the
 * profile project it has at that moment.  The expected pairs are the ones
 * the test sets. */
static void
test_prefix_walks_two_projects(void)
{
    static const char *const with_a[] = { "a", NULL };
    static const char *const in_default[] = { "linux.sysctl.net.d", "1" };
    static const char *const in_p[] = { "linux.sysctl.net.p", "2" };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    MsProject *p = ms_project_new("p", FALSE);
    MsProfileEntity *of_default, *of_p;
    MsInstance *insts[N_INSTANCES];

    ms_cluster_add_member(cluster, "m1");
    g_ptr_array_add(cluster->projects, ms_project_new("default", FALSE));
    g_ptr_array_add(cluster->projects, p);
    ms_config_set(p->config, "features.profiles", "true");
    of_default = add_profile(cluster, "a", "stop");
    of_p = add_profile(cluster, "a", "migrate");
    of_p->project = g_strdup("p");
    ms_config_set(of_default->config, "linux.sysctl.net.d", "1");
    ms_config_set(of_p->config, "linux.sysctl.net.p", "2");
    for (guint i = 0; i < N_INSTANCES; i++) {
        g_autofree char *name = g_strdup_printf("c%u", i);
        MsInstance *inst = ms_instance_new(name, MS_INSTANCE_CONTAINER, "m1");

        if (i % 2 == 1)
            inst->project = g_strdup("p");
        g_ptr_array_add(ms_instance_profiles_mut(inst), g_strdup(with_a[0]));
        ms_cluster_add_instance(cluster, inst);
        insts[i] = inst;
    }
    for (guint round = 0; round < 2; round++) /* the second: from the memo */
        for (guint i = 0; i < N_INSTANCES; i++)
            assert_prefix_pairs(cluster, insts[i], "linux.sysctl.", i % 2 == 1 ? in_p : in_default, 1);
    ms_config_set(p->config, "features.profiles", "false");
    for (guint i = 0; i < N_INSTANCES; i++)
        assert_prefix_pairs(cluster, insts[i], "linux.sysctl.", in_default, 1);
    ms_config_set(p->config, "features.profiles", "true");
    assert_prefix_pairs(cluster, insts[1], "linux.sysctl.", in_p, 1);
    g_free(insts[1]->project);
    insts[1]->project = NULL;
    assert_prefix_pairs(cluster, insts[1], "linux.sysctl.", in_default, 1);
    assert_prefix_pairs(cluster, insts[3], "linux.sysctl.", in_p, 1);
}

/* A hold on an instance's profile layers (MsLayersHold: a start check
 * finds them once for all its reads) gives what each read alone gives:
 * a key list, keys read alone, a prefix's pairs; the instance's own config
 * is read afresh (keys set on it while held).  In a cluster of 2,100
 * instances, where nothing checks the hold, so these asserts do; the
 * expected values are the ones the test sets. */
static void
test_held_layers(void)
{
    static const char *const with_a[] = { "default", "a", NULL };
    static const char *const keys[] = { "limits.cpu", "a.first", "limits.memory" };
    static const char *const sysctl[] = { "linux.sysctl.net.a", "1" };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    const MsProfile *p5217 = ms_profile_lookup("lxd-5.21.7");
    MsProfileEntity *a;
    MsInstance *insts[N_INSTANCES];
    MsLayersHold hold;
    const char *values[G_N_ELEMENTS(keys)];
    const char *const *pairs = NULL;
    guint n = 0;

    ms_cluster_add_member(cluster, "m1");
    a = add_profile(cluster, "a", "stop");
    ms_config_set(a->config, "limits.cpu", "2");
    ms_config_set(a->config, "linux.sysctl.net.a", "1");
    for (guint i = 0; i < N_INSTANCES; i++) {
        g_autofree char *name = g_strdup_printf("c%u", i);
        insts[i] = add_instance(cluster, name, with_a);
    }
    hold = ms_layers_hold(insts[0]);
    for (guint round = 0; round < 2; round++) { /* the second: from the memos */
        ms_cluster_expanded_values_held(cluster, p5217, &hold, keys, G_N_ELEMENTS(keys), values);
        g_assert_cmpstr(values[0], ==, "2");
        g_assert_null(values[1]);
        g_assert_null(values[2]);
        g_assert_cmpstr(ms_cluster_expanded_value_held(cluster, p5217, &hold, "cluster.evacuate"), ==,
                        "stop");
        g_assert_null(ms_cluster_expanded_value_held(cluster, p5217, &hold, "zz.unset"));
        g_assert_true(ms_cluster_profile_prefix_pairs_held(cluster, &hold, "linux.sysctl.", &pairs, &n));
        g_assert_cmpuint(n, ==, 1);
        g_assert_cmpstr(pairs[0], ==, sysctl[0]);
        g_assert_cmpstr(pairs[1], ==, sysctl[1]);
        g_assert_true(hold.known);
        g_assert_nonnull(hold.layers);
    }
    /* the instance's own keys, set while held, are read */
    ms_cluster_set_instance_config(cluster, insts[0], "a.first", "own");
    ms_cluster_set_instance_config(cluster, insts[0], "limits.cpu", "4");
    ms_cluster_set_instance_config(cluster, insts[0], "linux.sysctl.net.z", "");
    ms_cluster_expanded_values_held(cluster, p5217, &hold, keys, G_N_ELEMENTS(keys), values);
    g_assert_cmpstr(values[0], ==, "4");
    g_assert_cmpstr(values[1], ==, "own");
    g_assert_null(values[2]);
    g_assert_cmpstr(ms_cluster_expanded_value_held(cluster, p5217, &hold, "limits.cpu"), ==, "4");
    g_assert_cmpstr(ms_cluster_expanded_value_held(cluster, p5217, &hold, "cluster.evacuate"), ==, "stop");
    /* the profiles' part of the walk: the local key is the walk's, not the memo's */
    g_assert_cmpstr(sysctl_of(cluster, p5217, insts[0]), ==, "linux.sysctl.net.a");
    g_assert_cmpstr(ms_instance_sysctl_unprefixed_key(cluster, p5217, &hold), ==, "linux.sysctl.net.a");
    ms_cluster_set_instance_config(cluster, insts[0], "linux.sysctl.net.z", "1");
    g_assert_cmpstr(ms_instance_sysctl_unprefixed_key(cluster, p5217, &hold), ==, "linux.sysctl.net.z");
    /* another instance's hold on the same list: the same layers */
    {
        MsLayersHold other = ms_layers_hold(insts[1]);

        g_assert_cmpstr(ms_cluster_expanded_value_held(cluster, p5217, &other, "limits.cpu"), ==, "2");
        g_assert_true(other.layers == hold.layers);
    }
}

/* A hold kept across a profile change, in a cluster small enough for the
 * self-checks: the next read through it aborts instead of answering from
 * layers that are gone (even when new layers take the freed address: the
 * serial differs). */
static void
test_held_layers_changed(void)
{
    static const char *const with_a[] = { "default", "a", NULL };

    if (g_test_subprocess()) {
        g_autoptr(MsCluster) cluster = ms_cluster_new();
        const MsProfile *p5217 = ms_profile_lookup("lxd-5.21.7");
        MsProfileEntity *a;
        MsInstance *inst;
        MsLayersHold hold;

        ms_cluster_add_member(cluster, "m1");
        a = add_profile(cluster, "a", "stop");
        inst = add_instance(cluster, "c0", with_a);
        hold = ms_layers_hold(inst);
        g_assert_cmpstr(ms_cluster_expanded_value_held(cluster, p5217, &hold, "cluster.evacuate"), ==,
                        "stop");
        g_assert_cmpstr(ms_cluster_expanded_value_held(cluster, p5217, &hold, "cluster.evacuate"), ==,
                        "stop");
        g_hash_table_unref(a->config);
        a->config = ms_config_new();
        ms_config_set(a->config, "cluster.evacuate", "migrate");
        ms_cluster_expanded_value_held(cluster, p5217, &hold, "cluster.evacuate");
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*profile layers held for c0 are not its layers now*");
}

/* The instance's own keys of a key list read in one walk that skips by
 * the keys' shared first bytes (key_list_own_values): a list of keys that
 * share prefixes ("limits.", "limits.cpu.", "security.a" and its
 * extension), one twice, a key that is another's prefix; every subset of
 * twelve local keys set on the instance (the list's own, keys between
 * them, before and after them, prefixes and extensions of them) with the
 * self-checks off, so the walk is the only answer; each value compared
 * with the key read alone, and with the value the test set. */
static void
test_key_lists_shared_prefixes(void)
{
    static const char *const keys[] = {
        "limits.cpu.allowance", "limits.cpu",  "limits.memory", "limits", "security.a",
        "limits.cpu.priority",  "security.ab", "security.a",    "s"
    };
    static const char *const local[] = {
        "limits.cpu.allowance", "limits.cpu.b", "limits.memory", "limits",     "limit", "limits.d",
        "security.a",           "security.",    "security.ab",   "security.b", "a",     "z"
    };
    static const char *const with_a[] = { "default", "a", NULL };
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    const MsProfile *p5217 = ms_profile_lookup("lxd-5.21.7");
    MsProfileEntity *a;
    MsInstance *inst;

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_set_self_checks(cluster, FALSE);
    a = add_profile(cluster, "a", "stop");
    ms_config_set(a->config, "limits.cpu", "from-a");
    inst = add_instance(cluster, "c0", with_a);
    for (guint set = 0; set < 1u << G_N_ELEMENTS(local); set++) {
        const char *values[G_N_ELEMENTS(keys)];

        for (guint i = 0; i < G_N_ELEMENTS(local); i++)
            ms_cluster_set_instance_config(cluster, inst, local[i], (set & (1u << i)) ? local[i] : NULL);
        ms_cluster_expanded_values(cluster, p5217, inst, keys, G_N_ELEMENTS(keys), values);
        for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
            const char *expected = g_str_equal(keys[k], "limits.cpu") ? "from-a" : NULL;

            for (guint i = 0; i < G_N_ELEMENTS(local); i++)
                if ((set & (1u << i)) && g_str_equal(local[i], keys[k]))
                    expected = local[i];
            g_assert_cmpstr(values[k], ==, expected);
            g_assert_cmpstr(values[k], ==,
                            ms_cluster_expanded_value(cluster, p5217, inst, keys[k], NULL, NULL));
        }
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/model/profile-lists/shared", test_shared_lists);
    g_test_add_func("/model/profile-lists/two-projects", test_list_in_two_projects);
    g_test_add_func("/model/profile-lists/numbers-run-out", test_list_numbers_run_out);
    g_test_add_func("/model/profile-lists/key-lists", test_key_lists);
    g_test_add_func("/model/profile-lists/key-lists-unchecked", test_key_lists_unchecked);
    g_test_add_func("/model/profile-lists/key-lists-long", test_key_lists_long);
    g_test_add_func("/model/profile-lists/config-map-prefix-range", test_config_map_prefix_range);
    g_test_add_func("/model/profile-lists/prefix-walks-small", test_prefix_walks_small);
    g_test_add_func("/model/profile-lists/prefix-walks-big", test_prefix_walks_big);
    g_test_add_func("/model/profile-lists/prefix-walks-two-projects", test_prefix_walks_two_projects);
    g_test_add_func("/model/profile-lists/held-layers", test_held_layers);
    g_test_add_func("/model/profile-lists/key-lists-shared-prefixes", test_key_lists_shared_prefixes);
    g_test_add_func("/model/profile-lists/held-layers-changed", test_held_layers_changed);
    return g_test_run();
}
