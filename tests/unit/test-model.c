/* Unit tests of the model: config layering, volume placement, member state
 * changes, release-keyed texts and the rule table. */
#include <glib.h>
#include <sys/mman.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-clock.h"
#include "ms-cluster.h"
#include "ms-config.h"
#include "ms-names.h"
#include "ms-release-masks.h"
#include "ms-rules.h"
#include "ms-version.h"

static const MsProfile *
profile(const char *name)
{
    const MsProfile *p = ms_profile_lookup(name);
    g_assert_nonnull(p);
    return p;
}

static MsCluster *
three_members(void)
{
    MsCluster *cluster = ms_cluster_new();
    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    ms_cluster_add_member(cluster, "m3");
    ms_cluster_assign_roles(cluster);
    return cluster;
}

/* Applies one operation built by @fill and returns the outcome. */
static MsOutcome *
apply_from(MsCluster *cluster, const MsProfile *p, MsOp *op, MsLedger *ledger, const char *client)
{
    MsEnv env = { .profile = p, .ledger = ledger, .client = client };
    g_autoptr(MsOp) owned = op;

    return ms_cluster_apply(cluster, &env, owned);
}

/* ... sent from m1 */
static MsOutcome *
apply(MsCluster *cluster, const MsProfile *p, MsOp *op, MsLedger *ledger)
{
    return apply_from(cluster, p, op, ledger, "m1");
}

static void
apply_and_forget(MsCluster *cluster, const MsProfile *p, MsOp *op)
{
    ms_outcome_free(apply(cluster, p, op, NULL));
}

/* Applies @op, which must succeed. */
static void
apply_ok(MsCluster *cluster, const MsProfile *p, MsOp *op, MsLedger *ledger)
{
    g_autoptr(MsOutcome) o = apply(cluster, p, op, ledger);

    g_assert_true(o->ok);
}

/* lxc cluster evacuate|restore MEMBER */
static MsOp *
op_member(MsOpKind kind, const char *member)
{
    MsOp *op = ms_op_new(kind);

    op->member = g_strdup(member);
    return op;
}

/* lxc storage volume create|delete POOL VOLUME */
static MsOp *
op_volume(MsOpKind kind, const char *pool, const char *volume)
{
    MsOp *op = ms_op_new(kind);

    op->pool = g_strdup(pool);
    op->volume = g_strdup(volume);
    return op;
}

static MsOp *
op_pool(const char *name, const char *driver, const char *target)
{
    MsOp *op = ms_op_new(MS_OP_STORAGE_CREATE);
    op->pool = g_strdup(name);
    op->driver = g_strdup(driver);
    op->target = g_strdup(target);
    return op;
}

static void
create_pool(MsCluster *cluster, const MsProfile *p, const char *name, const char *driver)
{
    for (guint i = 0; i < cluster->members->len; i++) {
        g_autoptr(MsOutcome) o =
            apply(cluster, p, op_pool(name, driver, ((MsMember *) cluster->members->pdata[i])->name), NULL);
        g_assert_true(o->ok);
    }
    g_autoptr(MsOutcome) final = apply(cluster, p, op_pool(name, driver, NULL), NULL);
    g_assert_true(final->ok);
}

static MsOp *
op_init(const char *name, const char *target, const char *pool, gboolean vm, gboolean start)
{
    MsOp *op = ms_op_new(MS_OP_INIT);
    op->instance = g_strdup(name);
    op->image = g_strdup("img");
    op->target = g_strdup(target);
    op->pool = g_strdup(pool);
    op->vm = vm;
    op->start = start;
    return op;
}

static void
test_expand_layers(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p521 = profile("lxd-5.21.7");
    const MsProfile *p502 = profile("lxd-5.0.2");
    g_autoptr(MsInstance) inst = ms_instance_new("v1", MS_INSTANCE_VM, "m1");
    MsProfileEntity *extra = ms_profile_entity_new("extra");
    MsConfigLayer layer;
    const char *layer_name;

    g_ptr_array_add(cluster->profiles, extra);
    g_ptr_array_add(ms_instance_profiles_mut(inst), g_strdup("default"));
    g_ptr_array_add(ms_instance_profiles_mut(inst), g_strdup("extra"));

    /* nothing set */
    g_assert_null(ms_cluster_expanded_value(cluster, p521, inst, "migration.stateful", &layer, NULL));
    g_assert_cmpint(layer, ==, MS_LAYER_NONE);

    /* server key: only from 5.21.0 on, and only when true */
    ms_config_set(cluster->server_config, "instances.migration.stateful", "true");
    g_assert_cmpstr(ms_cluster_expanded_value(cluster, p521, inst, "migration.stateful", &layer, NULL), ==,
                    "true");
    g_assert_cmpint(layer, ==, MS_LAYER_SERVER);
    g_assert_null(ms_cluster_expanded_value(cluster, p502, inst, "migration.stateful", &layer, NULL));

    /* a later profile beats an earlier one and the server key (a change in
     * place, which the model never makes, is announced) */
    ms_config_set(extra->config, "migration.stateful", "false");
    ms_cluster_profiles_changed(cluster);
    g_assert_cmpstr(ms_cluster_expanded_value(cluster, p521, inst, "migration.stateful", &layer, &layer_name),
                    ==, "false");
    g_assert_cmpint(layer, ==, MS_LAYER_PROFILE);
    g_assert_cmpstr(layer_name, ==, "extra");

    /* local config beats everything */
    ms_instance_set_config(inst, "migration.stateful", "true");
    g_assert_cmpstr(ms_cluster_expanded_value(cluster, p521, inst, "migration.stateful", &layer, NULL), ==,
                    "true");
    g_assert_cmpint(layer, ==, MS_LAYER_LOCAL);

    /* the expanded map agrees with the single-key lookup */
    {
        g_autoptr(GHashTable) expanded = ms_cluster_expand_config(cluster, p521, inst);
        g_assert_cmpstr(ms_config_get(expanded, "migration.stateful"), ==, "true");
    }
    /* a false server key adds nothing */
    ms_instance_set_config(inst, "migration.stateful", NULL);
    ms_config_set(extra->config, "migration.stateful", NULL);
    ms_config_set(cluster->server_config, "instances.migration.stateful", "false");
    {
        g_autoptr(GHashTable) expanded = ms_cluster_expand_config(cluster, p521, inst);
        g_assert_null(ms_config_get(expanded, "migration.stateful"));
    }
}

/* lxc profile create|delete|set|unset|add|remove */
static MsOp *
op_profile(MsOpKind kind, const char *profile, const char *instance, const char *key, const char *value)
{
    MsOp *op = ms_op_new(kind);

    op->profile = g_strdup(profile);
    op->instance = g_strdup(instance);
    if (key != NULL) {
        op->keys = g_ptr_array_new_with_free_func(g_free);
        op->values = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(op->keys, g_strdup(key));
        g_ptr_array_add(op->values, g_strdup(value));
    }
    return op;
}

static const char *
evacuate_mode(MsCluster *cluster, const MsProfile *p, const char *name, const char **from)
{
    const MsInstance *inst = ms_cluster_lookup_instance(cluster, name);

    return ms_cluster_expanded_value(cluster, p, inst, "cluster.evacuate", NULL, from);
}

/* Evacuates and restores m1; where c1 was while m1 was evacuated. */
static char *
c1_during_evacuation(MsCluster *cluster, const MsProfile *p)
{
    char *where;

    apply_ok(cluster, p, op_member(MS_OP_EVACUATE, "m1"), NULL);
    where = g_strdup(ms_cluster_lookup_instance(cluster, "c1")->location);
    apply_ok(cluster, p, op_member(MS_OP_RESTORE, "m1"), NULL);
    g_assert_cmpstr(ms_cluster_lookup_instance(cluster, "c1")->location, ==, "m1");
    return where;
}

/* The profile layers kept per profile list (ms-cluster-expand.c) follow
 * every change of a profile or of an instance's profile list between
 * moves: cluster.evacuate=stop keeps c1 on its evacuated member
 * (lxd/api_cluster.go evacuateClusterMember at lxd-5.21.7), migrate moves
 * it; the expected values are the ones each change sets. */
static void
test_profile_layers_follow_changes(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    g_autoptr(MsCluster) copy = NULL;
    const MsProfile *p = profile("lxd-5.21.7");
    const char *from = NULL;
    g_autofree char *w1 = NULL, *w2 = NULL, *w3 = NULL, *w4 = NULL, *w5 = NULL;
    MsOp *op;

    create_pool(cluster, p, "remote", "ceph");
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_CREATE, "evac", NULL, NULL, NULL), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_SET, "evac", NULL, "cluster.evacuate", "stop"), NULL);
    op = op_init("c1", "m1", "remote", FALSE, TRUE);
    op->profiles = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(op->profiles, g_strdup("default"));
    g_ptr_array_add(op->profiles, g_strdup("evac"));
    apply_ok(cluster, p, op, NULL);

    g_assert_cmpstr(evacuate_mode(cluster, p, "c1", &from), ==, "stop");
    g_assert_cmpstr(from, ==, "evac");
    w1 = c1_during_evacuation(cluster, p);
    g_assert_cmpstr(w1, ==, "m1");

    /* the profile changed between moves */
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_SET, "evac", NULL, "cluster.evacuate", "migrate"), NULL);
    g_assert_cmpstr(evacuate_mode(cluster, p, "c1", &from), ==, "migrate");
    w2 = c1_during_evacuation(cluster, p);
    g_assert_cmpstr(w2, !=, "m1");

    /* unset: nothing from the profiles */
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_UNSET, "evac", NULL, "cluster.evacuate", NULL), NULL);
    g_assert_null(evacuate_mode(cluster, p, "c1", &from));
    g_assert_null(from);

    /* the instance's profile list changed: a later profile wins */
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_CREATE, "later", NULL, NULL, NULL), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_SET, "later", NULL, "cluster.evacuate", "stop"), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_SET, "evac", NULL, "cluster.evacuate", "migrate"), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_ASSIGN, "later", "c1", NULL, NULL), NULL);
    g_assert_cmpstr(evacuate_mode(cluster, p, "c1", &from), ==, "stop");
    g_assert_cmpstr(from, ==, "later");
    w3 = c1_during_evacuation(cluster, p);
    g_assert_cmpstr(w3, ==, "m1");
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_UNASSIGN, "later", "c1", NULL, NULL), NULL);
    g_assert_cmpstr(evacuate_mode(cluster, p, "c1", &from), ==, "migrate");
    g_assert_cmpstr(from, ==, "evac");

    /* a profile deleted and another made in its place (it may take the
     * deleted one's address): the new one counts, under its own name */
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_DELETE, "later", NULL, NULL, NULL), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_CREATE, "newer", NULL, NULL, NULL), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_SET, "newer", NULL, "cluster.evacuate", "stop"), NULL);
    g_assert_cmpstr(evacuate_mode(cluster, p, "c1", &from), ==, "migrate");
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_ASSIGN, "newer", "c1", NULL, NULL), NULL);
    g_assert_cmpstr(evacuate_mode(cluster, p, "c1", &from), ==, "stop");
    g_assert_cmpstr(from, ==, "newer");
    w4 = c1_during_evacuation(cluster, p);
    g_assert_cmpstr(w4, ==, "m1");

    /* a copy changed apart from its original: each answers for itself */
    copy = ms_cluster_copy(cluster);
    apply_ok(copy, p, op_profile(MS_OP_PROFILE_SET, "newer", NULL, "cluster.evacuate", "migrate"), NULL);
    g_assert_cmpstr(evacuate_mode(copy, p, "c1", &from), ==, "migrate");
    g_assert_cmpstr(evacuate_mode(cluster, p, "c1", &from), ==, "stop");
    w5 = c1_during_evacuation(copy, p);
    g_assert_cmpstr(w5, !=, "m1");
}

static void
test_volume_location(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile("lxd-5.21.7");
    MsOp *op;

    create_pool(cluster, p, "local", "dir");
    create_pool(cluster, p, "remote", "ceph");

    /* no --target: the member whose client sent it */
    op = op_volume(MS_OP_VOLUME_CREATE, "local", "v");
    {
        g_autoptr(MsOutcome) o = apply_from(cluster, p, op, NULL, "m2");
        g_assert_true(o->ok);
    }
    g_assert_cmpstr(ms_cluster_lookup_volume(cluster, NULL, "local", "v", "m2")->location, ==, "m2");
    g_assert_null(ms_cluster_lookup_volume(cluster, NULL, "local", "v", "m1"));

    /* the same name on another member is a different volume */
    op = op_volume(MS_OP_VOLUME_CREATE, "local", "v");
    op->target = g_strdup("m3");
    apply_ok(cluster, p, op, NULL);
    g_assert_cmpuint(ms_cluster_count_volumes(cluster, NULL, "local", "v"), ==, 2);
    /* an unqualified reference is ambiguous */
    g_assert_null(ms_cluster_lookup_volume(cluster, NULL, "local", "v", NULL));
    op = op_volume(MS_OP_VOLUME_DELETE, "local", "v");
    {
        g_autoptr(MsOutcome) o = apply(cluster, p, op, NULL);
        g_assert_false(o->ok);
        g_assert_cmpstr(
            o->server_error, ==,
            "More than one cluster member has a volume named \"v\". Please target a specific member");
    }
    /* a duplicate on the same member is refused */
    op = op_volume(MS_OP_VOLUME_CREATE, "local", "v");
    op->target = g_strdup("m3");
    {
        g_autoptr(MsOutcome) o = apply(cluster, p, op, NULL);
        g_assert_false(o->ok);
        g_assert_cmpstr(o->server_error, ==, "Volume by that name already exists");
    }
    /* remote pools have no location */
    op = op_volume(MS_OP_VOLUME_CREATE, "remote", "r");
    op->target = g_strdup("m3");
    apply_ok(cluster, p, op, NULL);
    g_assert_null(ms_cluster_lookup_volume(cluster, NULL, "remote", "r", "m1")->location);
    g_assert_nonnull(ms_cluster_lookup_volume(cluster, NULL, "remote", "r", "m2"));
}

static void
test_member_status(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile("lxd-5.21.7");
    g_autoptr(MsLedger) ledger = ms_ledger_new();
    MsOp *op;

    create_pool(cluster, p, "local", "dir");
    apply_ok(cluster, p, op_init("c1", "m1", "local", FALSE, TRUE), ledger);
    op = op_member(MS_OP_EVACUATE, "m1");
    apply_ok(cluster, p, op, ledger);
    g_assert_cmpint(ms_cluster_lookup_member(cluster, "m1")->status, ==, MS_MEMBER_EVACUATED);
    /* c1 has only its root disk: migrated to the least-loaded member (m2, lowest ID) and started */
    g_assert_cmpstr(ms_cluster_lookup_instance(cluster, "c1")->location, ==, "m2");
    g_assert_cmpint(ms_cluster_lookup_instance(cluster, "c1")->status, ==, MS_INSTANCE_RUNNING);
    g_assert_cmpstr(
        ms_instance_get_config(ms_cluster_lookup_instance(cluster, "c1"), "volatile.evacuate.origin"), ==,
        "m1");

    /* evacuating again: the operation fails, the state stays */
    op = op_member(MS_OP_EVACUATE, "m1");
    {
        g_autoptr(MsOutcome) o = apply(cluster, p, op, ledger);
        g_assert_false(o->ok);
        g_assert_cmpstr(o->client_error, ==, "Cluster member is already evacuated");
    }
    /* nothing may be created on an evacuated member */
    {
        g_autoptr(MsOutcome) o = apply(cluster, p, op_init("c2", "m1", "local", FALSE, FALSE), ledger);
        g_assert_false(o->ok);
        g_assert_cmpstr(o->server_error, ==, "Cluster member is evacuated");
        g_assert_cmpuint(o->http_status, ==, 403);
    }
    op = op_member(MS_OP_RESTORE, "m1");
    apply_ok(cluster, p, op, ledger);
    g_assert_cmpint(ms_cluster_lookup_member(cluster, "m1")->status, ==, MS_MEMBER_ONLINE);
    g_assert_cmpstr(ms_cluster_lookup_instance(cluster, "c1")->location, ==, "m1");
    g_assert_null(
        ms_instance_get_config(ms_cluster_lookup_instance(cluster, "c1"), "volatile.evacuate.origin"));
    /* restoring an online member */
    op = op_member(MS_OP_RESTORE, "m1");
    {
        g_autoptr(MsOutcome) o = apply(cluster, p, op, ledger);
        g_assert_false(o->ok);
        g_assert_cmpstr(o->client_error, ==, "Cluster member is already restored");
    }
    /* the ledger saw both outcomes of the "already" rules */
    g_assert_cmpuint(ledger->pass[MS_RULE_EVAC_ALREADY], >=, 1);
    g_assert_cmpuint(ledger->fail[MS_RULE_EVAC_ALREADY], ==, 1);
    g_assert_cmpuint(ledger->fail[MS_RULE_RESTORE_ALREADY], ==, 1);
}

/* The #15218 sequence, and the wording of its error, release by release. */
static void
run_15218(const char *release, gboolean *restore_ok, char **restore_error)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile(release);
    MsOp *op;

    create_pool(cluster, p, "local", "dir");
    apply_ok(cluster, p, op_init("v1", "m1", "local", TRUE, TRUE), NULL);
    op = op_volume(MS_OP_VOLUME_CREATE, "local", "foo");
    op->content_type = g_strdup("block");
    op->target = g_strdup("m1");
    apply_and_forget(cluster, p, op);
    op = ms_op_new(MS_OP_VOLUME_ATTACH);
    op->pool = g_strdup("local");
    op->volume = g_strdup("foo");
    op->instance = g_strdup("v1");
    op->device = g_strdup("foo");
    op->path = g_strdup("");
    apply_ok(cluster, p, op, NULL);
    op = ms_op_new(MS_OP_CONFIG_SET);
    ms_op_add_kv(op, "instances.migration.stateful", "true");
    apply_and_forget(cluster, p, op);
    op = op_member(MS_OP_EVACUATE, "m1");
    apply_ok(cluster, p, op, NULL);
    op = op_member(MS_OP_RESTORE, "m1");
    {
        g_autoptr(MsOutcome) o = apply(cluster, p, op, NULL);
        *restore_ok = o->ok;
        *restore_error = g_strdup(o->client_error);
        /* on failure the member goes back to EVACUATED, in every release */
        g_assert_cmpint(ms_cluster_lookup_member(cluster, "m1")->status, ==,
                        o->ok ? MS_MEMBER_ONLINE : MS_MEMBER_EVACUATED);
    }
}

static void
test_15218_by_release(void)
{
    static const char *const reason =
        "Failed start validation for device \"foo\": Only additional disks coming from a shared storage pool "
        "are supported with migration.stateful=true";
    gboolean ok;
    g_autofree char *e502 = NULL, *e5212 = NULL, *e5214 = NULL, *e5217 = NULL, *e69 = NULL;

    run_15218("lxd-5.0.2", &ok, &e502);
    g_assert_true(ok); /* the server key does not exist: nothing breaks */
    run_15218("lxd-5.21.2", &ok, &e5212);
    g_assert_true(ok); /* no stateful disk rules before 5.21.3 */
    run_15218("lxd-5.21.4", &ok, &e5214);
    g_assert_false(ok);
    g_assert_true(g_str_has_prefix(e5214, "Failed to start instance \"v1\": "));
    g_assert_true(g_str_has_suffix(e5214, reason));
    run_15218("lxd-5.21.7", &ok, &e5217);
    g_assert_false(ok);
    g_assert_true(g_str_has_prefix(e5217, "Failed starting instance \"v1\": "));
    g_assert_true(g_str_has_suffix(e5217, reason));
    run_15218("lxd-6.9", &ok, &e69);
    g_assert_false(ok);
    g_assert_cmpstr(e69, ==, e5217);
}

static void
test_versions(void)
{
    guint n;
    const MsProfile *all = ms_profiles(&n);

    /* 47 LXD releases (5.0.0 .. 5.0.9, 5.1 .. 5.20, 5.21.0 .. 5.21.7,
     * 6.1 .. 6.9), then the 7 Incus 6.0 LTS releases, 6 Incus feature
     * releases and Incus 7.0.0, 7.0.1, 7.1, 7.2, 7.3 */
    g_assert_cmpuint(n, ==, 65);
    /* every feature's Incus span was read at every simulated Incus feature
     * release: a new profile must not inherit an unread span */
    for (guint i = 0; i < n; i++)
        for (guint f = 0; f < MS_FEATURE_LAST; f++)
            if (ms_profile_is_incus(&all[i]) &&
                !MS_INC_READ_HAS(ms_feature_def(f)->incus_read, all[i].version))
                g_error("feature %s was not read at %s", ms_feature_def(f)->name, all[i].name);
    /* v6.1.0 has no restore --action, v6.22.0 has (cmd/incus/cluster.go:1630);
     * v6.1.0 lacks CanMigrate's nil-pool guard, v6.4.0 has it (disk.go:105) */
    g_assert_false(ms_profile_has(profile("incus-6.1"), MS_FEATURE_RESTORE_SKIP));
    g_assert_true(ms_profile_has(profile("incus-6.22"), MS_FEATURE_RESTORE_SKIP));
    g_assert_false(ms_profile_has(profile("incus-6.1"), MS_FEATURE_CANMIGRATE_NIL_GUARD));
    g_assert_true(ms_profile_has(profile("incus-6.4"), MS_FEATURE_CANMIGRATE_NIL_GUARD));
    g_assert_false(ms_profile_has(profile("incus-6.0.1"), MS_FEATURE_CANMIGRATE_NIL_GUARD));
    g_assert_true(ms_profile_lookup("incus-6.23.0") == ms_profile_lookup("incus-6.23"));
    /* Incus 7.x: restore --action=skip at every 7.x tag (api_cluster.go:3073
     * at v7.0.0, :3140 at v7.3.0); the client's YAML errors come from
     * go.yaml.in/yaml/v4 from v7.0.0 (cmd/incus/profile.go imports; yaml.v2 at
     * v6.23.0), whose texts migsim has not read: not modelled there */
    g_assert_true(ms_profile_has(profile("incus-7.0.0"), MS_FEATURE_RESTORE_SKIP));
    g_assert_true(ms_profile_has(profile("incus-7.0.1"), MS_FEATURE_RESTORE_SKIP));
    g_assert_false(ms_profile_has(profile("incus-7.3"), MS_FEATURE_MOVE_DEST_FAILURE_FIRST));
    g_assert_false(ms_rule_unmodelled(MS_RULE_CLI_YAML_UNMARSHAL, profile("incus-6.23")));
    g_assert_true(ms_rule_unmodelled(MS_RULE_CLI_YAML_UNMARSHAL, profile("incus-7.0.0")));
    g_assert_true(ms_rule_unmodelled(MS_RULE_CLI_YAML_UNMARSHAL, profile("incus-7.0.1")));
    g_assert_false(ms_rule_unmodelled(MS_RULE_DISK_SIZE_ROOT_ONLY, profile("incus-7.2")));
    g_assert_cmpstr(ms_rule_format(MS_RULE_DISK_SIZE_ROOT_ONLY, profile("incus-7.0.1")), ==,
                    "Only root or tmpfs disks can have a size quota");
    g_assert_true(ms_profile_lookup("incus-7.0.x") == ms_profile_lookup("incus-7.0.1"));
    g_assert_true(ms_profile_lookup("incus-7.3.0") == ms_profile_lookup("incus-7.3"));
    {
        /* 7.0.1 takes the feature line's span unless the 7.0 span is set */
        const MsReleases from72 = { MS_SPAN_NONE,
                                    MS_SPAN_NONE,
                                    MS_SPAN_NONE,
                                    { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 2, 0)), MS_SPAN_NONE } };
        const MsReleases from72_lts = { MS_SPAN_NONE,
                                        MS_SPAN_NONE,
                                        MS_SPAN_NONE,
                                        { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 2, 0)),
                                          MS_SPAN_ALL } };
        const MsReleases all_but_701 = {
            MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_NONE_SET }
        };
        g_assert_false(ms_releases_contain(&from72, MS_VERSION_INCUS(7, 0, 1)));
        g_assert_true(ms_releases_contain(&from72_lts, MS_VERSION_INCUS(7, 0, 1)));
        g_assert_false(ms_releases_contain(&from72_lts, MS_VERSION_INCUS(7, 1, 0)));
        g_assert_true(ms_releases_contain(&all_but_701, MS_VERSION_INCUS(7, 0, 0)));
        g_assert_false(ms_releases_contain(&all_but_701, MS_VERSION_INCUS(7, 0, 1)));
    }
    /* a row not read at a feature release is not modelled there: the
     * profile device refusal's text changes at v6.23.0
     * (cmd/incus/config_device.go:537), not read yet */
    g_assert_true(ms_rule_unmodelled(MS_RULE_DEV_REMOVE_FROM_PROFILE, profile("incus-6.23")));
    g_assert_false(ms_rule_unmodelled(MS_RULE_DEV_REMOVE_FROM_PROFILE, profile("incus-6.22")));
    g_assert_null(ms_rule_format(MS_RULE_DEV_REMOVE_FROM_PROFILE, profile("incus-6.23")));
    /* the delete refusal names the instance from v6.23.0 (cmd/incus/delete.go:98) */
    g_assert_cmpstr(ms_rule_format(MS_RULE_DELETE_RUNNING, profile("incus-6.23")), ==,
                    "The instance %s is currently running, stop it first or pass --force");
    g_assert_cmpstr(ms_rule_format(MS_RULE_DELETE_RUNNING, profile("incus-6.22")), ==,
                    "The instance is currently running, stop it first or pass --force");
    g_assert_false(ms_rule_unmodelled(MS_RULE_DISK_SIZE_ROOT_ONLY, profile("incus-6.16")));
    g_assert_cmpstr(ms_rule_format(MS_RULE_DISK_SIZE_ROOT_ONLY, profile("incus-6.16")), ==,
                    "Only root or tmpfs disks can have a size quota");
    g_assert_cmpstr(ms_rule_format(MS_RULE_DISK_SIZE_ROOT_ONLY, profile("incus-6.10")), ==,
                    "Only the root disk may have a size quota");
    g_assert_true(ms_profile_lookup("lxd-5.0.x") == ms_profile_lookup("lxd-5.0.9"));
    g_assert_true(ms_profile_lookup("lxd-5.x") == ms_profile_lookup("lxd-5.20"));
    g_assert_true(ms_profile_lookup("5.7.0") == ms_profile_lookup("lxd-5.7"));
    g_assert_true(ms_profile_is_derived(ms_profile_lookup("lxd-5.0.3")));
    g_assert_false(ms_profile_is_derived(ms_profile_lookup("lxd-5.0.2")));
    g_assert_true(ms_profile_is_derived(ms_profile_lookup("lxd-5.20")));
    g_assert_false(ms_profile_is_derived(ms_profile_lookup("lxd-5.21.0")));
    g_assert_true(ms_profile_lookup("lxd-6.x") == ms_profile_lookup("lxd-6.9"));
    g_assert_true(ms_profile_lookup("lxd-5.21.x") == ms_profile_lookup("lxd-5.21.7"));
    g_assert_true(ms_profile_lookup("6.9") == ms_profile_lookup("lxd-6.9.0"));
    g_assert_true(ms_profile_lookup("lxd-5.20.0") == ms_profile_lookup("lxd-5.20"));
    g_assert_null(ms_profile_lookup("lxd-5.22"));
    g_assert_null(ms_profile_lookup("lxd-7.0"));
    /* one ".0" only, and only after a whole name */
    g_assert_null(ms_profile_lookup("lxd-6.9.0.0"));
    g_assert_null(ms_profile_lookup("lxd-5.21.0.0"));
    g_assert_null(ms_profile_lookup("lxd-6.9.00"));
    g_assert_null(ms_profile_lookup("lxd-6."));
    g_assert_true(ms_profile_latest() == ms_profile_lookup("lxd-6.9"));
    g_assert_true(ms_profile_lookup("incus-6.0.x") == ms_profile_lookup("incus-6.0.6"));
    g_assert_true(ms_profile_is_incus(ms_profile_lookup("incus-6.0.4")));
    /* Incus names need their prefix: "6.0.4" is no LXD release */
    g_assert_null(ms_profile_lookup("6.0.4"));
    /* live 6.0.4 (tests/live/incus-scenarios): the server key is unknown */
    g_assert_false(ms_profile_has(profile("incus-6.0.4"), MS_FEATURE_SERVER_STATEFUL_KEY));
    g_assert_cmpstr(ms_rule_format(MS_RULE_CFG_SRVKEY_UNKNOWN, profile("incus-6.0.4")), ==,
                    "cannot set '%s' to '%s': unknown key");

    /* a feature keyed by the first release of each series */
    g_assert_false(ms_profile_has(profile("lxd-5.0.2"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_false(ms_profile_has(profile("lxd-5.21.2"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_true(ms_profile_has(profile("lxd-5.21.3"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_false(ms_profile_has(profile("lxd-6.1"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_true(ms_profile_has(profile("lxd-6.2"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_true(ms_profile_has(profile("lxd-6.1"), MS_FEATURE_STATEFUL_NO_HOTPLUG));
    g_assert_false(ms_profile_has(profile("lxd-6.2"), MS_FEATURE_STATEFUL_NO_HOTPLUG));
    /* change points on the 5.x line, read from the source at the tags
     * (lxd/api_cluster.go:3309 at lxd-5.15, :3141 at lxd-5.0.3; lxc/cluster.go:1065
     * at lxd-5.1; lxd/device/disk.go:123 at lxd-5.20) */
    g_assert_false(ms_profile_has(profile("lxd-5.14"), MS_FEATURE_AUTOSTART_AFTER_EVACUATE));
    g_assert_true(ms_profile_has(profile("lxd-5.15"), MS_FEATURE_AUTOSTART_AFTER_EVACUATE));
    g_assert_false(ms_profile_has(profile("lxd-5.0.2"), MS_FEATURE_AUTOSTART_AFTER_EVACUATE));
    g_assert_true(ms_profile_has(profile("lxd-5.0.3"), MS_FEATURE_AUTOSTART_AFTER_EVACUATE));
    g_assert_false(ms_profile_has(profile("lxd-5.0.9"), MS_FEATURE_EVACUATE_MODE));
    g_assert_true(ms_profile_has(profile("lxd-5.1"), MS_FEATURE_EVACUATE_MODE));
    g_assert_false(ms_profile_has(profile("lxd-5.19"), MS_FEATURE_STATEFUL_NO_HOTPLUG));
    g_assert_true(ms_profile_has(profile("lxd-5.20"), MS_FEATURE_STATEFUL_NO_HOTPLUG));
    /* the rule table's spans do not speak for the derived releases */
    {
        g_autofree char *d = ms_releases_describe(&(MsReleases) MS_REL_ALL);
        g_autofree char *v = ms_releases_describe_all(
            &(MsReleases) MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(15), MS_SPAN_ALL, MS_SPAN_ALL));
        g_assert_cmpstr(d, ==, "all");
        g_assert_cmpstr(v, ==, "5.0.3-5.0.9, 5.15-5.20, 5.21.0-5.21.7, 6.1-6.9");
    }
    {
        g_autofree char *d = ms_releases_describe(&(MsReleases) MS_REL_SINCE(3, 2));
        g_assert_cmpstr(d, ==, "5.21.3-5.21.7, 6.2-6.9");
    }
}

/* Every rule has an ID matching its enum, a reference, and exactly one text
 * in every release it applies to (checks rejects need texts). */
static void
test_rule_table(void)
{
    guint n;
    const MsProfile *all = ms_profiles(&n);

    for (guint id = 0; id < MS_RULE_LAST; id++) {
        const MsRuleDef *def = ms_rule_def(id);
        g_assert_cmpuint(def->id, ==, id);
        g_assert_nonnull(def->name);
        g_assert_cmpuint(ms_rule_lookup(def->name), ==, id);
        g_assert_nonnull(def->lxd_ref);
        g_assert_nonnull(def->trigger);
        if (def->kind == MS_RULE_KIND_DECISION) {
            g_assert_nonnull(def->outcome_pass);
            g_assert_nonnull(def->outcome_fail);
            continue;
        }
        for (guint p = 0; p < n; p++) {
            if (!ms_rule_applies(id, &all[p]))
                continue;
            /* an unmodelled Incus rule runs to say "not modelled" */
            if (ms_profile_is_incus(&all[p]) && !ms_rule_incus_def(id)->modelled)
                continue;
            /* so does one the source audit could not settle for a derived release */
            if (ms_rule_unmodelled(id, &all[p]))
                continue;
            if (ms_rule_format(id, &all[p]) == NULL)
                g_error("rule %s has no text for %s", def->name, all[p].name);
        }
    }
    g_assert_cmpuint(ms_rule_lookup("NO.SUCH.RULE"), ==, MS_RULE_NONE);
}

static void
test_rule_message_positional(void)
{
    const MsProfile *p = profile("lxd-6.9");
    g_autofree char *m = ms_rule_message(MS_RULE_WRAP_START, p, "foo", "inner");

    g_assert_cmpstr(m, ==, "Failed start validation for device \"foo\": inner");
}

static void
test_copy_is_deep(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile("lxd-5.21.7");
    g_autoptr(MsCluster) copy = NULL;
    g_autofree char *before = NULL, *after = NULL;

    create_pool(cluster, p, "local", "dir");
    apply_and_forget(cluster, p, op_init("c1", "m2", "local", FALSE, TRUE));
    copy = ms_cluster_copy(cluster);
    before = ms_cluster_to_json_string(copy, p);
    ms_cluster_lookup_instance(cluster, "c1")->status = MS_INSTANCE_STOPPED;
    ms_config_set(cluster->server_config, "x", "y");
    after = ms_cluster_to_json_string(copy, p);
    g_assert_cmpstr(before, ==, after);
    /* config and devices are shared until changed: a change on either side
     * stays on that side */
    {
        g_autofree char *original = ms_cluster_to_json_string(cluster, p);
        g_autofree char *copy_after = NULL;

        ms_cluster_set_instance_config(copy, ms_cluster_lookup_instance(copy, "c1"), "user.y", "2");
        copy_after = ms_cluster_to_json_string(copy, p);
        g_assert_cmpstr(copy_after, !=, before);
        g_free(after);
        after = ms_cluster_to_json_string(cluster, p);
        g_assert_cmpstr(after, ==, original);
        ms_instance_set_config(ms_cluster_lookup_instance(cluster, "c1"), "user.x", "1");
        g_free(after);
        after = ms_cluster_to_json_string(copy, p);
        g_assert_cmpstr(after, ==, copy_after);
    }
    g_assert_cmpuint(ms_cluster_lookup_member(copy, "m2")->n_instances, ==, 1);
}

/* lxc cluster group ...: @a is the member or the group, @b the group or
 * the new name, as the command line has them */
static MsOp *
op_group(MsOpKind kind, const char *a, const char *b)
{
    MsOp *op = ms_op_new(kind);

    if (kind == MS_OP_GROUP_CREATE) {
        op->group = g_strdup(a);
    } else if (kind == MS_OP_GROUP_RENAME) {
        op->group = g_strdup(a);
        op->new_name = g_strdup(b);
    } else if (kind == MS_OP_GROUP_ASSIGN) {
        op->member = g_strdup(a);
        op->groups = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(op->groups, g_strdup(b));
    } else {
        op->member = g_strdup(a);
        op->group = g_strdup(b);
    }
    return op;
}

/* @member's groups joined by "," */
static char *
groups_of(const MsCluster *cluster, const char *member)
{
    const MsMember *m = ms_cluster_lookup_member(cluster, member);
    g_autoptr(GString) out = g_string_new(NULL);

    for (guint i = 0; i < m->groups->len; i++)
        g_string_append_printf(out, "%s%s", i > 0 ? "," : "", (const char *) m->groups->pdata[i]);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

#define assert_groups(cluster, member, expected)            \
    do {                                                    \
        g_autofree char *got_ = groups_of(cluster, member); \
        g_assert_cmpstr(got_, ==, expected);                \
    } while (0)

/* A copy's members borrow their strings and groups from references their
 * cluster holds (MsMember.borrowed): a member changed in a copy, the
 * original freed, then a copy of that copy made and the first copy freed,
 * still reads what each member was given (a reference missed or released
 * twice here is a use after free under ASan, or a wrong string). */
static void
test_copy_member_strings_outlive(void)
{
    const MsProfile *p = profile("lxd-5.21.7");
    MsCluster *original = three_members();
    MsCluster *first = NULL;
    g_autoptr(MsCluster) second = NULL;
    MsMember *m1;

    apply_ok(original, p, op_group(MS_OP_GROUP_CREATE, "g1", NULL), NULL);
    first = ms_cluster_copy(original);
    m1 = ms_cluster_lookup_member(first, "m1");
    ms_member_set_string(m1, &m1->scheduler_instance, "manual");
    apply_ok(first, p, op_group(MS_OP_GROUP_ASSIGN, "m2", "g1"), NULL);
    ms_cluster_free(original);
    second = ms_cluster_copy(first);
    ms_cluster_free(first);
    g_assert_cmpstr(ms_cluster_lookup_member(second, "m1")->scheduler_instance, ==, "manual");
    g_assert_cmpstr(ms_cluster_lookup_member(second, "m1")->architecture, ==, "x86_64");
    g_assert_cmpstr(ms_cluster_lookup_member(second, "m3")->scheduler_instance, ==, "all");
    g_assert_cmpstr(ms_cluster_lookup_member(second, "m3")->failure_domain, ==, "default");
    assert_groups(second, "m1", "default");
    assert_groups(second, "m2", "g1");
    /* a copy of the copy's copy: the keeper made for @second serves it */
    {
        g_autoptr(MsCluster) third = ms_cluster_copy(second);
        MsMember *m3 = ms_cluster_lookup_member(third, "m3");

        ms_member_set_string(m3, &m3->failure_domain, "rack2");
        g_assert_cmpstr(ms_cluster_lookup_member(second, "m3")->failure_domain, ==, "default");
        g_assert_cmpstr(m3->failure_domain, ==, "rack2");
        g_assert_cmpstr(m3->name, ==, "m3");
    }
}

/* A member's copy shares its groups (ms_member_copy): every group command
 * on one side (assign, add, remove, rename) stays on that side. */
static void
test_copy_groups_unshare(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile("lxd-5.21.7");
    g_autoptr(MsCluster) copy = NULL;

    apply_ok(cluster, p, op_group(MS_OP_GROUP_CREATE, "g1", NULL), NULL);
    apply_ok(cluster, p, op_group(MS_OP_GROUP_CREATE, "g2", NULL), NULL);
    apply_ok(cluster, p, op_group(MS_OP_GROUP_ASSIGN, "m1", "g1"), NULL);
    copy = ms_cluster_copy(cluster);
    g_assert_true(ms_cluster_lookup_member(copy, "m1")->groups ==
                  ms_cluster_lookup_member(cluster, "m1")->groups);

    apply_ok(copy, p, op_group(MS_OP_GROUP_ADD, "m1", "g2"), NULL);
    assert_groups(copy, "m1", "g1,g2");
    assert_groups(cluster, "m1", "g1");
    apply_ok(copy, p, op_group(MS_OP_GROUP_RENAME, "g1", "g3"), NULL);
    assert_groups(copy, "m1", "g3,g2");
    assert_groups(cluster, "m1", "g1");
    apply_ok(copy, p, op_group(MS_OP_GROUP_REMOVE, "m1", "g2"), NULL);
    assert_groups(copy, "m1", "g3");
    assert_groups(cluster, "m1", "g1");
    apply_ok(copy, p, op_group(MS_OP_GROUP_ASSIGN, "m2", "g2"), NULL);
    assert_groups(copy, "m2", "g2");
    assert_groups(cluster, "m2", "default");
    /* and the other way */
    apply_ok(cluster, p, op_group(MS_OP_GROUP_ADD, "m3", "g2"), NULL);
    assert_groups(cluster, "m3", "default,g2");
    assert_groups(copy, "m3", "default");
    apply_ok(cluster, p, op_group(MS_OP_GROUP_RENAME, "g1", "g4"), NULL);
    assert_groups(cluster, "m1", "g4");
    assert_groups(copy, "m1", "g3");
}

/* @list joined by "," */
static char *
strings_joined(const GPtrArray *list)
{
    g_autoptr(GString) out = g_string_new(NULL);

    for (guint i = 0; i < list->len; i++)
        g_string_append_printf(out, "%s%s", i > 0 ? "," : "", (const char *) list->pdata[i]);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

#define assert_instance_list(cluster, instance, field, expected)                                      \
    do {                                                                                              \
        g_autofree char *got_ = strings_joined(ms_cluster_lookup_instance(cluster, instance)->field); \
        g_assert_cmpstr(got_, ==, expected);                                                          \
    } while (0)

static MsOp *
op_named(MsOpKind kind, const char *instance, const char *snapshot, const char *new_name)
{
    MsOp *op = ms_op_new(kind);

    op->instance = g_strdup(instance);
    op->snapshot = g_strdup(snapshot);
    op->new_name = g_strdup(new_name);
    if (kind == MS_OP_DELETE) {
        op->instances = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(op->instances, g_strdup(instance));
    }
    return op;
}

/* A copy shares each instance's profile and snapshot lists
 * (ms_instance_copy): a profile added, removed or renamed, a snapshot
 * taken, renamed or deleted on one side stays on that side.  Without the
 * write barrier (ms_instance_profiles_mut, ms_instance_snapshots_mut) the
 * first change in the copy shows in the original. */
static void
test_copy_instance_lists_unshare(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile("lxd-5.21.7");
    g_autoptr(MsCluster) copy = NULL;
    g_autoptr(MsCluster) copy2 = NULL;

    create_pool(cluster, p, "local", "dir");
    apply_ok(cluster, p, op_init("c1", "m1", "local", FALSE, FALSE), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_CREATE, "p1", NULL, NULL, NULL), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_CREATE, "p2", NULL, NULL, NULL), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_ASSIGN, "p2", "c1", NULL, NULL), NULL);
    apply_ok(cluster, p, op_named(MS_OP_SNAPSHOT, "c1", "s0", NULL), NULL);
    copy = ms_cluster_copy(cluster);
    g_assert_true(ms_cluster_lookup_instance(copy, "c1")->profiles ==
                  ms_cluster_lookup_instance(cluster, "c1")->profiles);
    g_assert_true(ms_cluster_lookup_instance(copy, "c1")->snapshots ==
                  ms_cluster_lookup_instance(cluster, "c1")->snapshots);

    apply_ok(copy, p, op_profile(MS_OP_PROFILE_ASSIGN, "p1", "c1", NULL, NULL), NULL);
    assert_instance_list(copy, "c1", profiles, "default,p2,p1");
    assert_instance_list(cluster, "c1", profiles, "default,p2");
    apply_ok(copy, p, op_named(MS_OP_SNAPSHOT, "c1", "s1", NULL), NULL);
    assert_instance_list(copy, "c1", snapshots, "s0,s1");
    assert_instance_list(cluster, "c1", snapshots, "s0");
    /* a copy of the copy, then changes on the middle one only */
    copy2 = ms_cluster_copy(copy);
    apply_ok(copy, p, op_named(MS_OP_RENAME, "c1/s0", NULL, "c1/r0"), NULL);
    apply_ok(copy, p, op_profile(MS_OP_PROFILE_UNASSIGN, "p2", "c1", NULL, NULL), NULL);
    assert_instance_list(copy, "c1", snapshots, "r0,s1");
    assert_instance_list(copy, "c1", profiles, "default,p1");
    assert_instance_list(copy2, "c1", snapshots, "s0,s1");
    assert_instance_list(copy2, "c1", profiles, "default,p2,p1");
    assert_instance_list(cluster, "c1", snapshots, "s0");
    assert_instance_list(cluster, "c1", profiles, "default,p2");
    apply_ok(copy2, p, op_named(MS_OP_DELETE, "c1/s1", NULL, NULL), NULL);
    {
        MsOp *rename = op_profile(MS_OP_PROFILE_RENAME, "p2", NULL, NULL, NULL);

        rename->new_name = g_strdup("p3");
        apply_ok(copy2, p, rename, NULL);
    }
    assert_instance_list(copy2, "c1", snapshots, "s0");
    assert_instance_list(copy2, "c1", profiles, "default,p3,p1");
    assert_instance_list(copy, "c1", snapshots, "r0,s1");
    assert_instance_list(cluster, "c1", profiles, "default,p2");
    /* and the other way: the original changed, the copies keep theirs */
    apply_ok(cluster, p, op_named(MS_OP_SNAPSHOT, "c1", "t0", NULL), NULL);
    apply_ok(cluster, p, op_profile(MS_OP_PROFILE_ASSIGN, "p1", "c1", NULL, NULL), NULL);
    assert_instance_list(cluster, "c1", snapshots, "s0,t0");
    assert_instance_list(cluster, "c1", profiles, "default,p2,p1");
    assert_instance_list(copy, "c1", snapshots, "r0,s1");
    assert_instance_list(copy, "c1", profiles, "default,p1");
    assert_instance_list(copy2, "c1", snapshots, "s0");
}

/* A copy shares its original's volumes (ms_cluster_copy): a volume set,
 * snapshot or rename on one side must stay on that side. */
static void
test_copy_volumes_unshare(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile("lxd-5.21.7");
    g_autoptr(MsCluster) copy = NULL;
    g_autofree char *original = NULL, *copy_before = NULL, *changed = NULL;
    MsOp *op;

    create_pool(cluster, p, "remote", "ceph");
    apply_ok(cluster, p, op_volume(MS_OP_VOLUME_CREATE, "remote", "r"), NULL);
    apply_ok(cluster, p, op_volume(MS_OP_VOLUME_CREATE, "remote", "s"), NULL);
    copy = ms_cluster_copy(cluster);
    original = ms_cluster_to_json_string(cluster, p);
    copy_before = ms_cluster_to_json_string(copy, p);
    g_assert_true(cluster->volumes->pdata[0] == copy->volumes->pdata[0]);

    op = op_volume(MS_OP_VOLUME_SET, "remote", "r");
    op->keys = g_ptr_array_new_with_free_func(g_free);
    op->values = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(op->keys, g_strdup("size"));
    g_ptr_array_add(op->values, g_strdup("2GiB"));
    apply_ok(copy, p, op, NULL);
    apply_ok(copy, p, op_volume(MS_OP_VOLUME_SNAPSHOT, "remote", "s"), NULL);
    changed = ms_cluster_to_json_string(copy, p);
    g_assert_cmpstr(changed, !=, copy_before);
    g_assert_cmpstr(ms_config_get(ms_cluster_lookup_volume(copy, NULL, "remote", "r", NULL)->config, "size"),
                    ==, "2GiB");
    g_assert_cmpuint(ms_cluster_lookup_volume(copy, NULL, "remote", "s", NULL)->snapshots->len, ==, 1);
    /* the original keeps its own */
    {
        g_autofree char *now = ms_cluster_to_json_string(cluster, p);
        g_assert_cmpstr(now, ==, original);
    }
    g_assert_null(
        ms_config_get(ms_cluster_lookup_volume(cluster, NULL, "remote", "r", NULL)->config, "size"));
    g_assert_cmpuint(ms_cluster_lookup_volume(cluster, NULL, "remote", "s", NULL)->snapshots->len, ==, 0);
    /* and a change on the original stays off the copy */
    apply_ok(cluster, p, op_volume(MS_OP_VOLUME_SNAPSHOT, "remote", "r"), NULL);
    {
        g_autofree char *copy_now = ms_cluster_to_json_string(copy, p);
        g_assert_cmpstr(copy_now, ==, changed);
    }
}

/* GetNodeWithLeastInstances by a scan: the reference for the placement
 * order the cluster keeps once it has many members.  It counts instances
 * and the instance-creation operation records still kept (MsOpRecord). */
static MsMember *
reference_pick(const MsCluster *cluster, const char *exclude)
{
    MsMember *best = NULL;

    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *m = cluster->members->pdata[i];
        if (m->status != MS_MEMBER_ONLINE || !g_str_equal(m->scheduler_instance, "all") ||
            g_strcmp0(m->name, exclude) == 0)
            continue;
        if (best == NULL || m->n_instances + m->n_op_records < best->n_instances + best->n_op_records)
            best = m;
    }
    return best;
}

static void
check_indexes(const MsCluster *cluster)
{
    g_autoptr(GPtrArray) all = ms_cluster_list_instances(cluster, NULL);

    g_assert_null(ms_cluster_lookup_member(cluster, "nope"));
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *m = cluster->members->pdata[i];
        g_autoptr(GPtrArray) local = ms_cluster_list_instances(cluster, m->name);
        g_autoptr(GPtrArray) evacuated = ms_cluster_list_evacuated_from(cluster, m->name);
        guint n = 0;

        guint records = 0;

        g_assert_true(ms_cluster_lookup_member(cluster, m->name) == m);
        g_assert_cmpuint(m->n_instances, ==, local->len);
        for (guint j = 0; j < cluster->op_records->len; j++)
            records += g_str_equal(((MsOpRecord *) cluster->op_records->pdata[j])->member, m->name);
        g_assert_cmpuint(m->n_op_records, ==, records);
        g_assert_true(ms_cluster_pick_member(cluster, NULL, m->name) == reference_pick(cluster, m->name));
        for (guint j = 0; j < all->len; j++) {
            MsInstance *inst = all->pdata[j];
            if (g_strcmp0(ms_instance_get_config(inst, "volatile.evacuate.origin"), m->name) != 0)
                continue;
            g_assert_cmpuint(n, <, evacuated->len);
            g_assert_true(evacuated->pdata[n] == inst);
            n++;
        }
        g_assert_cmpuint(n, ==, evacuated->len);
    }
    g_assert_true(ms_cluster_pick_member(cluster, NULL, NULL) == reference_pick(cluster, NULL));
}

/* The member's list in strcmp's order of the names, whatever the order
 * of adding: names shorter than, as long as and longer than the sort's
 * eight-byte head, names equal in their first eight bytes, bytes above
 * 0x7f (unsigned, after ASCII), and runs longer than the sort's 16. */
static void
test_list_order(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    /* in the expected order, written by hand */
    static const char *const expected[] = { "a",         "a-b",       "a0",        "abcdefg",
                                            "abcdefgh",  "abcdefgh-", "abcdefgh0", "abcdefghi",
                                            "abcdefgi",  "b",         "c0000001",  "c0000002",
                                            "c00000020", "c0000010",  "z\x7f",     "z\xc3\xa9" };
    static const guint add_order[] = { 9, 3, 15, 0, 12, 5, 1, 14, 7, 2, 11, 4, 8, 13, 6, 10 };
    char name[16];

    g_test_summary("ms_cluster_list_instances sorts a member's instances by name in strcmp's "
                   "(unsigned byte) order, also past the sort's first eight bytes and its runs");
    G_STATIC_ASSERT(G_N_ELEMENTS(expected) == G_N_ELEMENTS(add_order));
    for (guint i = 0; i < G_N_ELEMENTS(add_order); i++)
        ms_cluster_add_instance(cluster,
                                ms_instance_new(expected[add_order[i]], MS_INSTANCE_CONTAINER, "m1"));
    /* 200 more on m2, added from the last name to the first */
    for (guint i = 200; i-- > 0;) {
        g_snprintf(name, sizeof(name), "n%03u", i);
        ms_cluster_add_instance(cluster, ms_instance_new(name, MS_INSTANCE_CONTAINER, "m2"));
    }
    {
        g_autoptr(GPtrArray) m1 = ms_cluster_list_instances(cluster, "m1");
        g_autoptr(GPtrArray) m2 = ms_cluster_list_instances(cluster, "m2");
        g_autoptr(GPtrArray) all = ms_cluster_list_instances(cluster, NULL);

        g_assert_cmpuint(m1->len, ==, G_N_ELEMENTS(expected));
        for (guint i = 0; i < m1->len; i++)
            g_assert_cmpstr(((MsInstance *) m1->pdata[i])->name, ==, expected[i]);
        g_assert_cmpuint(m2->len, ==, 200);
        for (guint i = 0; i < m2->len; i++) {
            g_snprintf(name, sizeof(name), "n%03u", i);
            g_assert_cmpstr(((MsInstance *) m2->pdata[i])->name, ==, name);
        }
        /* all: the m1 names up to "c00000010", then n000..n199, then "z..." */
        g_assert_cmpuint(all->len, ==, 216);
        g_assert_cmpstr(((MsInstance *) all->pdata[13])->name, ==, "c0000010");
        g_assert_cmpstr(((MsInstance *) all->pdata[14])->name, ==, "n000");
        g_assert_cmpstr(((MsInstance *) all->pdata[213])->name, ==, "n199");
        g_assert_cmpstr(((MsInstance *) all->pdata[214])->name, ==, "z\x7f");
        g_assert_cmpstr(((MsInstance *) all->pdata[215])->name, ==, "z\xc3\xa9");
    }
}

static int
compare_names_strcmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The member's list against strcmp itself on names drawn at random: most
 * share an eight-byte head (the sort's key) and differ after it, bytes
 * 0x01-0xff anywhere, lengths 1-12, lists of 1 to 300 (runs and merges
 * of every size).  Review s33-revC of d68ca34. */
static void
test_list_order_random(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(33);

    g_test_summary("ms_cluster_list_instances orders random byte names as strcmp does");
    for (guint round = 0; round < 40; round++) {
        g_autoptr(MsCluster) cluster = three_members();
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        guint n = round < 20 ? round + 1 : (guint) g_rand_int_range(rand, 17, 301);

        while (names->len < n) {
            guint len = (guint) g_rand_int_range(rand, 1, 13);
            char *name = g_malloc0(len + 1);

            for (guint i = 0; i < len; i++)
                /* a head from two bytes only: many equal heads */
                name[i] = (char) (i < 8 && g_rand_boolean(rand) ? (i % 2 ? 0x80 : 'a')
                                                                : g_rand_int_range(rand, 1, 256));
            if (ms_cluster_lookup_instance(cluster, name) != NULL) {
                g_free(name);
                continue;
            }
            ms_cluster_add_instance(cluster, ms_instance_new(name, MS_INSTANCE_CONTAINER, "m1"));
            g_ptr_array_add(names, name);
        }
        g_ptr_array_sort(names, compare_names_strcmp);
        {
            g_autoptr(GPtrArray) listed = ms_cluster_list_instances(cluster, "m1");

            g_assert_cmpuint(listed->len, ==, names->len);
            for (guint i = 0; i < listed->len; i++)
                g_assert_cmpstr(((MsInstance *) listed->pdata[i])->name, ==, names->pdata[i]);
        }
    }
}

static void
test_indexes_follow_changes(void)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    const MsProfile *p = profile("lxd-5.21.7");
    g_autoptr(GRand) rand = g_rand_new_with_seed(15218);
    char name[16];

    g_test_summary("The member, placement and evacuation-origin indexes give the answers "
                   "of a scan, through launches, evacuations, restores, member changes and copies");
    for (guint i = 0; i < 40; i++) {
        g_snprintf(name, sizeof(name), "m%02u", i + 1);
        ms_cluster_add_member(cluster, name);
    }
    ms_cluster_assign_roles(cluster);
    create_pool(cluster, p, "remote", "ceph");
    for (guint i = 0; i < 300; i++) {
        g_snprintf(name, sizeof(name), "c%03u", i);
        apply_and_forget(cluster, p, op_init(name, NULL, "remote", FALSE, i % 3 != 0));
        if (i % 50 == 0)
            check_indexes(cluster);
    }
    check_indexes(cluster);
    for (guint step = 0; step < 120; step++) {
        const MsMember *m = cluster->members->pdata[g_rand_int_range(rand, 0, cluster->members->len)];
        guint what = g_rand_int_range(rand, 0, 10);
        MsOp *op;

        if (what < 4) {
            op = ms_op_new(MS_OP_EVACUATE);
        } else if (what < 8) {
            op = ms_op_new(MS_OP_RESTORE);
        } else if (what < 9) {
            op = ms_op_new(MS_OP_MEMBER_SET);
            g_ptr_array_add(op->keys, g_strdup("scheduler.instance"));
            g_ptr_array_add(op->values, g_strdup(g_rand_boolean(rand) ? "manual" : "all"));
        } else {
            g_autoptr(MsCluster) copy = ms_cluster_copy(cluster);
            MsOp *evacuate = ms_op_new(MS_OP_EVACUATE);
            check_indexes(copy);
            /* the order copied from the original (preflight's views), then
             * kept through an evacuation of the copy; the original, whose
             * counts now differ from the copy's, does not take the copy's */
            ms_cluster_members_changed_like(copy, cluster);
            check_indexes(copy);
            evacuate->member = g_strdup(m->name);
            evacuate->force = TRUE;
            apply_and_forget(copy, p, evacuate);
            check_indexes(copy);
            ms_cluster_members_changed_like(cluster, copy);
            check_indexes(cluster);
            g_snprintf(name, sizeof(name), "n%03u", step);
            apply_and_forget(cluster, p, op_init(name, NULL, "remote", FALSE, TRUE));
            continue;
        }
        op->member = g_strdup(m->name);
        op->force = TRUE;
        apply_and_forget(cluster, p, op);
        check_indexes(cluster);
    }
    /* removing a member shifts the others: the name index is rebuilt */
    {
        MsOp *op = ms_op_new(MS_OP_MEMBER_REMOVE);
        op->member = g_strdup("m07");
        op->force = TRUE;
        apply_and_forget(cluster, p, op);
        g_assert_null(ms_cluster_lookup_member(cluster, "m07"));
        check_indexes(cluster);
    }
}

/* The clock against hand-written expectations from LXD's source: a
 * finished create stays counted for 5 s (lxd/operations/operations.go:245
 * at lxd-5.0.2), a member that stops answering is OFFLINE after
 * cluster.offline_threshold (20 s default, lxd/db/node.go:1200). */
static void
test_clock(void)
{
    g_autoptr(MsCluster) cluster = three_members();
    const MsProfile *p = profile("lxd-5.0.2");
    MsOp *del = ms_op_new(MS_OP_DELETE);
    MsMember *m3 = ms_cluster_lookup_member(cluster, "m3");

    g_test_summary(
        "operation records count for 5 s in placement; unreachable members turn OFFLINE at the threshold");
    for (guint k = 0; k < MS_OP_LAST; k++)
        g_assert_cmpint(ms_duration_def(k)->kind, ==, k);
    create_pool(cluster, p, "remote", "ceph");
    apply_and_forget(cluster, p, op_init("a", "m1", "remote", FALSE, FALSE));
    del->instance = g_strdup("a");
    g_ptr_array_add(del->instances, g_strdup("a"));
    apply_and_forget(cluster, p, del);
    g_assert_cmpuint(ms_cluster_lookup_member(cluster, "m1")->n_instances, ==, 0);
    g_assert_cmpstr(ms_cluster_pick_member(cluster, NULL, NULL)->name, ==, "m2");
    /* init took 1.75 s, delete 0.2 s (ms-clock.c): the record of the init
     * goes 5 s after the init ended, 4.8 s after the delete */
    ms_cluster_advance_clock(cluster, 4799);
    g_assert_cmpstr(ms_cluster_pick_member(cluster, NULL, NULL)->name, ==, "m2");
    ms_cluster_advance_clock(cluster, 1);
    g_assert_cmpstr(ms_cluster_pick_member(cluster, NULL, NULL)->name, ==, "m1");
    g_assert_cmpuint(cluster->op_records->len, ==, 0);

    ms_cluster_set_unreachable(cluster, m3, TRUE);
    ms_cluster_advance_clock(cluster, 19999);
    g_assert_cmpint(m3->status, ==, MS_MEMBER_ONLINE);
    ms_cluster_advance_clock(cluster, 1);
    g_assert_cmpint(m3->status, ==, MS_MEMBER_OFFLINE);

    {
        guint64 ms = 0;
        g_assert_true(ms_clock_parse_duration("1.5s", &ms) && ms == 1500);
        g_assert_true(ms_clock_parse_duration("2m", &ms) && ms == 120000);
        g_assert_true(ms_clock_parse_duration("250ms", &ms) && ms == 250);
        g_assert_false(ms_clock_parse_duration("30", &ms));
        g_assert_false(ms_clock_parse_duration("-1s", &ms));
        g_assert_false(ms_clock_parse_duration("s", &ms));
    }
}

/* Go's strconv.ParseInt(s, 10, 64), by hand: a sign is allowed, spaces,
 * underscores, other bases and values past int64 are not. */
static void
test_go_int64(void)
{
    static const struct {
        const char *value;
        gboolean ok;
    } cases[] = {
        { "0", TRUE },
        { "-5", TRUE },
        { "+5", TRUE },
        { "9223372036854775807", TRUE },
        { "-9223372036854775808", TRUE },
        { "9223372036854775808", FALSE },
        { "", FALSE },
        { " 1", FALSE },
        { "1 ", FALSE },
        { "1_000", FALSE },
        { "0x10", FALSE },
        { "1.5", FALSE },
        { "-", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
        g_assert_cmpint(ms_is_go_int64(cases[i].value), ==, cases[i].ok);
}

/* The compact config map against a config table driven the same way: same
 * pairs in byte order, interned strings, copy on write of a shared map. */
/* ms_str_intern_forever: one copy per content; on x86-64 Linux (MAP_32BIT)
 * every copy lies below 4 GiB, so GLib keeps a frozen set's maps in 4-byte
 * slots (docs/bench.md "Memory: frozen device maps in small slots"); a
 * long string goes outside the blocks and is still interned. */
static void
test_intern_forever(void)
{
    g_autofree char *a = g_strdup("intern-forever-test");
    g_autofree char *b = g_strdup("intern-forever-test");
    g_autofree char *long_value = g_strnfill(100000, 'x');
    const char *ia = ms_str_intern_forever(a), *ib = ms_str_intern_forever(b);
    const char *il = ms_str_intern_forever(long_value);

    g_assert_true(ia == ib);
    g_assert_true(ia != a);
    g_assert_cmpstr(ia, ==, "intern-forever-test");
    g_assert_cmpstr(il, ==, long_value);
    g_assert_true(ms_str_intern_forever(long_value) == il);
#ifdef MAP_32BIT
    g_assert_cmpuint((guintptr) ia >> 32, ==, 0);
#endif
}

static void
test_config_map(void)
{
    static const char *const keys[] = {
        "volatile.evacuate.origin", "a", "limits.cpu", "zz", "boot.autostart", "limits.memory", "b.key"
    };
    g_autoptr(MsStrPool) pool = ms_str_pool_new();
    g_autoptr(MsConfigMap) map = ms_config_map_new(pool);
    g_autoptr(MsConfigMap) shared = NULL;
    g_autoptr(MsConfigMap) rehomed = NULL;
    g_autoptr(MsConfigMap) from_table = NULL;
    g_autoptr(GHashTable) table = ms_config_new();
    g_autoptr(GHashTable) back = NULL;
    g_autofree const char **sorted = NULL;
    char value[16];

    g_test_summary("MsConfigMap keeps its pairs sorted, interns them and copies itself before "
                   "changing a shared map");
    for (guint round = 0; round < 3; round++) {
        for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
            /* every third key removed in the last round, to shrink as well */
            const char *v = round == 2 && i % 3 == 0 ? NULL : value;
            g_snprintf(value, sizeof(value), "v%u-%u", round, i % 2);
            ms_config_map_set(&map, keys[i], v);
            ms_config_set(table, keys[i], v);
        }
    }
    sorted = ms_config_sorted_keys(table);
    g_assert_cmpuint(ms_config_map_size(map), ==, g_hash_table_size(table));
    for (guint i = 0; sorted[i] != NULL; i++) {
        g_assert_cmpstr(ms_config_map_key(map, i), ==, sorted[i]);
        g_assert_cmpstr(ms_config_map_value(map, i), ==, g_hash_table_lookup(table, sorted[i]));
        g_assert_cmpstr(ms_config_map_get(map, sorted[i]), ==, g_hash_table_lookup(table, sorted[i]));
    }
    g_assert_null(ms_config_map_get(map, "volatile.evacuate.origin"));
    g_assert_null(ms_config_map_get(map, "missing"));
    /* equal strings are one pointer */
    g_assert_true(ms_config_map_get(map, "a") == ms_str_pool_lookup(pool, "v2-1"));
    g_assert_true(ms_config_map_get(map, "a") == ms_config_map_get(map, "limits.memory"));

    /* a shared map is copied before a change; the other holder keeps its pairs */
    shared = ms_config_map_ref(map);
    ms_config_map_set(&map, "a", "changed");
    g_assert_true(map != shared);
    g_assert_cmpstr(ms_config_map_get(shared, "a"), ==, "v2-1");
    g_assert_cmpstr(ms_config_map_get(map, "a"), ==, "changed");
    g_assert_false(ms_config_map_equal(map, shared));
    ms_config_map_set(&map, "a", "v2-1");
    g_assert_true(ms_config_map_equal(map, shared));

    /* another pool: the same pairs, that pool's strings */
    {
        g_autoptr(MsStrPool) other = ms_str_pool_new();
        rehomed = ms_config_map_rehome(map, other);
        g_assert_true(ms_config_map_equal(rehomed, map));
        g_assert_true(ms_config_map_get(rehomed, "a") == ms_str_pool_lookup(other, "v2-1"));
    }
    g_assert_null(ms_config_map_get(rehomed, "zz"));
    g_assert_cmpstr(ms_config_map_get(rehomed, "limits.cpu"), ==, "v2-0");
    back = ms_config_map_to_table(map);
    g_assert_true(ms_config_equal(back, table));
    from_table = ms_config_map_from_table(NULL, table);
    g_assert_true(ms_config_map_equal(from_table, map));

    /* pairs in any order, the later of a repeated key winning (as
     * ms_config_set into one table); expected pairs written by hand */
    {
        static const char *const pairs[] = { "user.b", "2", "limits.cpu", "4",      "user.b",
                                             "3",      "a", "",           "user.b", "5" };
        static const char *const sorted[] = { "a", "", "limits.cpu", "4", "user.b", "5" };
        g_autoptr(MsStrPool) pool = ms_str_pool_new();
        g_autoptr(MsConfigMap) built = ms_config_map_from_pairs(pool, pairs, G_N_ELEMENTS(pairs) / 2);
        g_autoptr(MsConfigMap) same = NULL;
        g_autoptr(MsConfigMap) none = ms_config_map_from_pairs(NULL, pairs, 0);

        g_assert_cmpuint(ms_config_map_size(built), ==, 3);
        for (guint i = 0; i < 3; i++) {
            g_assert_cmpstr(ms_config_map_key(built, i), ==, sorted[2 * i]);
            g_assert_cmpstr(ms_config_map_value(built, i), ==, sorted[2 * i + 1]);
        }
        /* interned in @pool: joining it keeps the map itself */
        g_assert_true(ms_config_map_key(built, 2) == ms_str_pool_lookup(pool, "user.b"));
        same = ms_config_map_rehome(built, pool);
        g_assert_true(same == built);
        g_assert_cmpuint(ms_config_map_size(none), ==, 0);
    }
}

/* Name validation: a row per release, and texts written by hand from the
 * validators (model/ms-names.c cites them) and Go's strconv.Quote. */
static void
test_names(void)
{
    static const struct {
        const char *release;
        MsNameKind kind;
        const char *name;
        const char *want; /* NULL: accepted */
    } cases[] = {
        { "lxd-5.0.2", MS_NAME_INSTANCE, "c 2",
          "Invalid instance name: Name can only contain alphanumeric and hyphen characters" },
        { "lxd-5.0.2", MS_NAME_INSTANCE, "1c", "Invalid instance name: Name must not start with a number" },
        { "lxd-5.21.7", MS_NAME_INSTANCE, "1c", NULL },
        { "lxd-5.21.7", MS_NAME_INSTANCE, "42", "Invalid instance name \"42\": Name cannot be a number" },
        { "lxd-5.21.1", MS_NAME_INSTANCE, "a/b", "The character \"/\" is reserved for snapshots" },
        { "lxd-6.1", MS_NAME_INSTANCE, "a/b", "Invalid instance name \"a/b\": Cannot contain slashes" },
        { "lxd-6.9", MS_NAME_INSTANCE, "a/b",
          "Invalid instance name \"a/b\": Name can only contain alphanumeric and hyphen characters" },
        { "lxd-6.9", MS_NAME_INSTANCE, "c\"1",
          "Invalid instance name \"c\\\"1\": Name can only contain alphanumeric and hyphen characters" },
        { "lxd-6.9", MS_NAME_INSTANCE, "", "Invalid instance name \"\": Name must be 1-63 characters long" },
        { "lxd-6.9", MS_NAME_INSTANCE, "c-",
          "Invalid instance name \"c-\": Name must not end with \"-\" character" },
        { "lxd-6.9", MS_NAME_INSTANCE, "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefgh",
          NULL },
        { "lxd-6.9", MS_NAME_INSTANCE, "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi",
          "Invalid instance name \"abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi\": Name "
          "must be 1-63 characters long" },
        { "lxd-6.9", MS_NAME_INSTANCE, "a\x1b[2Jb",
          "Invalid instance name \"a\\x1b[2Jb\": Name can only contain alphanumeric and hyphen characters" },
        { "lxd-6.9", MS_NAME_INSTANCE, "a\xe2\x80\x8b",
          "Invalid instance name \"a\\u200b\": Name can only contain alphanumeric and hyphen characters" },
        { "lxd-6.9", MS_NAME_PROFILE, "..", "Invalid profile name \"..\"" },
        { "lxd-6.9", MS_NAME_PROFILE, "web server", NULL },
        { "lxd-6.6", MS_NAME_POOL, "p\xc3\xa9", NULL },
        { "lxd-6.7", MS_NAME_POOL, "p\xc3\xa9", "Name contains non-ASCII character '\xc3\xa9'" },
        { "lxd-5.0.2", MS_NAME_VOLUME, "v 1", NULL },
        { "lxd-5.21.3", MS_NAME_VOLUME, "v\\1", NULL },
        { "lxd-6.3", MS_NAME_VOLUME, "v\\1", "Invalid volume name \"v\\\\1\": Cannot contain backslashes" },
        { "lxd-5.21.7", MS_NAME_VOLUME, "v 1", "Invalid volume name \"v 1\": Cannot contain white space" },
        { "lxd-5.0.2", MS_NAME_VOLUME, "", "No name provided" },
        { "lxd-5.0.2", MS_NAME_MEMBER, "none", NULL },
        { "lxd-5.21.7", MS_NAME_MEMBER, "none", "ServerName cannot be \"none\"" },
        { "lxd-6.9", MS_NAME_MEMBER, "@gpu", "ServerName may not start with \"@\"" },
    };
    guint n;
    const MsProfile *profiles = ms_profiles(&n);

    for (guint i = 0; i < n; i++)
        g_assert_nonnull(ms_name_reference(&profiles[i]));
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *got =
            ms_name_check(cases[i].kind, cases[i].name, ms_profile_lookup(cases[i].release));
        if (g_strcmp0(got, cases[i].want) != 0)
            g_error("case %u (%s): got %s, want %s", i, cases[i].release, got ? got : "(accepted)",
                    cases[i].want ? cases[i].want : "(accepted)");
    }
    /* an object kept through upgrades: a 5.0.2 volume "v 1" in a 5.21.7 cluster */
    g_assert_null(ms_name_check_upto(MS_NAME_VOLUME, "v 1", ms_profile_lookup("lxd-5.21.7")));
    {
        g_autofree char *slash = ms_name_check_upto(MS_NAME_VOLUME, "a/b", ms_profile_lookup("lxd-5.21.7"));
        g_assert_cmpstr(slash, ==, "Invalid volume name \"a/b\": Cannot contain slashes");
    }
}

/* ms_outcome_add_event carves events from blocks the outcome owns: every
 * event keeps the strings it was given (hand-written here, of lengths that
 * cross block boundaries and exceed the largest block), NULL stays NULL,
 * and each event is pointer-aligned. */
static void
test_outcome_events_kept(void)
{
    g_autoptr(MsOutcome) outcome = ms_outcome_new();
    g_autofree char *long_detail = g_strnfill(40000, 'd');

    for (guint i = 0; i < 3000; i++) {
        g_autofree char *name = g_strdup_printf("instance-%u%s", i, i % 7 == 0 ? "-with-a-longer-name" : "");

        ms_outcome_add_event(outcome, (MsEventKind) (i % 3), name, i % 5 == 0 ? NULL : "m1", "member-two",
                             i == 1500    ? long_detail
                             : i % 2 == 0 ? ""
                                          : NULL);
    }
    g_assert_cmpuint(outcome->events->len, ==, 3000);
    for (guint i = 0; i < 3000; i++) {
        const MsEvent *event = outcome->events->pdata[i];
        g_autofree char *name = g_strdup_printf("instance-%u%s", i, i % 7 == 0 ? "-with-a-longer-name" : "");

        g_assert_cmpuint((guintptr) event % sizeof(gpointer), ==, 0);
        g_assert_cmpint(event->kind, ==, (MsEventKind) (i % 3));
        g_assert_cmpstr(event->instance, ==, name);
        g_assert_cmpstr(event->from, ==, i % 5 == 0 ? NULL : "m1");
        g_assert_cmpstr(event->to, ==, "member-two");
        g_assert_cmpstr(event->detail, ==, i == 1500 ? long_detail : i % 2 == 0 ? "" : NULL);
    }
}

/* ms_profile_has and ms_rule_applies read masks made once per release
 * (issue 18's twenty-fourth round); each must give the span tables' answer
 * for every release, feature and rule, and a few answers are written by
 * hand from the comments at their check sites. */
static void
test_release_masks(void)
{
    guint n;
    const MsProfile *all = ms_profiles(&n);

    for (guint i = 0; i < n; i++) {
        g_assert_cmpint(ms_profile_slot(&all[i]), ==, (gint) i);
        for (guint f = 0; f < MS_FEATURE_LAST; f++)
            g_assert_cmpint(ms_profile_has(&all[i], (MsFeature) f), ==,
                            ms_profile_has_by_span(&all[i], (MsFeature) f));
        for (guint r = 0; r < MS_RULE_LAST; r++)
            g_assert_cmpint(ms_rule_applies((MsRuleId) r, &all[i]), ==,
                            ms_rule_applies_by_span((MsRuleId) r, &all[i]));
    }
    /* disk.go's migration.stateful restrictions: 5.21.3+ and 6.2+ */
    g_assert_false(ms_profile_has(ms_profile_lookup("lxd-5.0.2"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_false(ms_profile_has(ms_profile_lookup("lxd-5.21.2"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_true(ms_profile_has(ms_profile_lookup("lxd-5.21.3"), MS_FEATURE_DISK_STATEFUL_RULES));
    g_assert_true(ms_profile_has(ms_profile_lookup("lxd-6.9"), MS_FEATURE_DISK_STATEFUL_RULES));
    /* a snapshot named in a volume disk's source: refused from lxd-6.7 */
    g_assert_false(ms_rule_applies(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE, ms_profile_lookup("lxd-6.6")));
    g_assert_true(ms_rule_applies(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE, ms_profile_lookup("lxd-6.7")));
    g_assert_true(ms_rule_applies(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE, ms_profile_lookup("lxd-6.9")));
    /* a profile outside the table is read from the spans */
    {
        MsProfile copy = *ms_profile_lookup("lxd-5.21.3");

        g_assert_cmpint(ms_profile_slot(&copy), ==, -1);
        g_assert_true(ms_profile_has(&copy, MS_FEATURE_DISK_STATEFUL_RULES));
        g_assert_false(ms_rule_applies(MS_RULE_DISK_VOL_SNAPSHOT_SOURCE, &copy));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/model/version/release-masks", test_release_masks);
    g_test_add_func("/model/config/map", test_config_map);
    g_test_add_func("/model/config/intern-forever", test_intern_forever);
    g_test_add_func("/model/config/go-int64", test_go_int64);
    g_test_add_func("/model/config/expand-layers", test_expand_layers);
    g_test_add_func("/model/config/profile-layers-follow-changes", test_profile_layers_follow_changes);
    g_test_add_func("/model/volume/location", test_volume_location);
    g_test_add_func("/model/member/evacuate-restore", test_member_status);
    g_test_add_func("/model/scenario/15218-by-release", test_15218_by_release);
    g_test_add_func("/model/version/profiles", test_versions);
    g_test_add_func("/model/rules/table", test_rule_table);
    g_test_add_func("/model/rules/message", test_rule_message_positional);
    g_test_add_func("/model/cluster/copy", test_copy_is_deep);
    g_test_add_func("/model/cluster/copy-volumes", test_copy_volumes_unshare);
    g_test_add_func("/model/cluster/copy-groups", test_copy_groups_unshare);
    g_test_add_func("/model/cluster/copy-instance-lists", test_copy_instance_lists_unshare);
    g_test_add_func("/model/cluster/copy-member-strings", test_copy_member_strings_outlive);
    g_test_add_func("/model/cluster/indexes", test_indexes_follow_changes);
    g_test_add_func("/model/cluster/list-order", test_list_order);
    g_test_add_func("/model/cluster/list-order-random", test_list_order_random);
    g_test_add_func("/model/clock/records-and-threshold", test_clock);
    g_test_add_func("/model/names", test_names);
    g_test_add_func("/model/outcome/events-kept", test_outcome_events_kept);
    return g_test_run();
}
