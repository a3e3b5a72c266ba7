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

    g_auto(GStrv) parts = g_strsplit(path, "?", 2);

    ms_serve_api_handle(api, "m1", method, parts[0], parts[1], body, body != NULL ? strlen(body) : 0, &reply);
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

/* the model's refusal of limits.cpu=bogus in a profile (PROFILE.CONFIG,
 * doProfileUpdate's ValidConfig) */
#define PROFILE_BAD_CPU "Invalid CPU limit syntax"

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

/* A 202 whose operation has @description and the resources @resources
 * (JSON text). */
static void
assert_operation_resources(MsServeApi *api, const char *method, const char *path, const char *body,
                           const char *description, const char *resources)
{
    Answer a = ask(api, method, path, body);
    JsonObject *op = json_object_get_object_member(json_node_get_object(a.node), "metadata");
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *got = NULL;

    if (a.status != 202)
        g_printerr("%s %s: %s\n", method, path, member(&a, "error"));
    g_assert_cmpuint(a.status, ==, 202);
    g_assert_cmpstr(json_object_get_string_member(op, "description"), ==, description);
    json_generator_set_root(gen, json_object_get_member(op, "resources"));
    got = json_generator_to_data(gen, NULL);
    g_assert_cmpstr(got, ==, resources);
    json_node_unref(a.node);
}

/* A 400 that says migsim does not model the request (never LXD's text
 * made up). */
static void
assert_not_modelled(MsServeApi *api, const char *method, const char *path, const char *body)
{
    Answer a = ask(api, method, path, body);

    g_assert_cmpuint(a.status, ==, 400);
    g_assert_true(g_str_has_prefix(member(&a, "error"), "not modelled for lxd-5.0.2: "));
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
new_api_at(const char *release)
{
    MsCluster *cluster = ms_cluster_new();
    MsPool *pool = ms_pool_new("local", "dir");
    MsInstance *inst = ms_instance_new("c1", MS_INSTANCE_CONTAINER, "m1");
    MsDevice *root = ms_device_new();

    ms_cluster_add_member(cluster, "m1");
    ms_cluster_add_member(cluster, "m2");
    ms_cluster_assign_roles(cluster);
    /* a dir pool created on both members, c1's root disk on it */
    pool->state = MS_POOL_CREATED;
    g_hash_table_insert(pool->member_state, g_strdup("m1"), GINT_TO_POINTER(MS_POOL_CREATED + 1));
    g_hash_table_insert(pool->member_state, g_strdup("m2"), GINT_TO_POINTER(MS_POOL_CREATED + 1));
    g_ptr_array_add(cluster->pools, pool);
    ms_device_set(root, "type", "disk");
    ms_device_set(root, "path", "/");
    ms_device_set(root, "pool", "local");
    ms_devices_set(ms_instance_own_devices(inst), "root", root);
    ms_cluster_add_instance(cluster, inst);
    return ms_serve_api_new(cluster, ms_profile_lookup(release));
}

static MsServeApi *
new_api(void)
{
    return new_api_at("lxd-5.0.2");
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

/* Review revB (session 27): a snapshot renamed to a name LXD refuses, and
 * bodies LXD's decoder refuses, were taken; the operations' resources. */
static void
test_snapshot_names_bodies_resources(void)
{
    g_autoptr(MsServeApi) api = new_api();

    assert_operation(api, "POST", "/1.0/instances/c1/snapshots", "{\"name\": \"s0\"}",
                     "Snapshotting instance");
    /* snapshotPost: IsURLSegmentSafe on the new name (lxd/instance_snapshot.go
     * :716-719 at lxd-5.0.2, shared/validate/validate.go IsURLSegmentSafe) */
    assert_error(api, "POST", "/1.0/instances/c1/snapshots/s0", "{\"name\": \"a/b\"}", 400,
                 "Invalid snapshot name: Cannot contain \"/\"");
    assert_error(api, "POST", "/1.0/instances/c1/snapshots/s0", "{\"name\": \"a&b\"}", 400,
                 "Invalid snapshot name: Cannot contain \"&\"");
    assert_snapshots(api, "[\"/1.0/instances/c1/snapshots/s0\"]");
    /* json.Decoder into api.InstanceSnapshotsPost refuses these (a 400 with
     * Go's text, :289-293): not modelled, never a snapshot made */
    assert_not_modelled(api, "POST", "/1.0/instances/c1/snapshots", "{\"name\": 5}");
    assert_not_modelled(api, "POST", "/1.0/instances/c1/snapshots", "[1, 2]");
    assert_not_modelled(api, "POST", "/1.0/instances/c1/snapshots", "{\"stateful\": \"no\"}");
    assert_not_modelled(api, "POST", "/1.0/instances/c1/snapshots/s0", "{\"name\": 5}");
    assert_not_modelled(api, "POST", "/1.0/profiles/p1", "{\"name\": [\"x\"]}");
    assert_snapshots(api, "[\"/1.0/instances/c1/snapshots/s0\"]");
    /* the instance is loaded before the body is read (:284-287) */
    assert_error(api, "POST", "/1.0/instances/nope/snapshots", "{\"name\": 5}", 404, "Instance not found");
    /* Go's decoder ignores an unknown field: a snapshot with the next
     * snapN name, snap0 (instance.NextSnapshotName, :295-300) */
    assert_operation(api, "POST", "/1.0/instances/c1/snapshots", "{\"bogus\": 1}", "Snapshotting instance");
    assert_snapshots(api, "[\"/1.0/instances/c1/snapshots/s0\",\"/1.0/instances/c1/snapshots/snap0\"]");
    /* snapshotDelete's resource is the snapshot (snapInst.Name(), :777-779),
     * rendered "/1.0/instances/c1/s0" (lxd/operations/operations.go:466-476) */
    assert_operation_resources(api, "DELETE", "/1.0/instances/c1/snapshots/s0", NULL, "Deleting snapshot",
                               "{\"instances\":[\"/1.0/instances/c1/s0\"]}");
    /* a custom volume's snapshot: {"storage_volumes": [VOL]}
     * (lxd/storage_volumes_snapshot.go:229-232 at lxd-5.0.2) */
    {
        Answer a =
            ask(api, "POST", "/1.0/storage-pools/local/volumes/custom?target=m1", "{\"name\": \"v1\"}");
        g_assert_cmpuint(a.status, ==, 200);
        json_node_unref(a.node);
    }
    assert_not_modelled(api, "POST", "/1.0/storage-pools/local/volumes/custom/v1/snapshots?target=m1",
                        "{\"name\": 5}");
    assert_operation_resources(api, "POST", "/1.0/storage-pools/local/volumes/custom/v1/snapshots?target=m1",
                               "{\"name\": \"vs0\"}", "Creating storage volume snapshot",
                               "{\"storage_volumes\":[\"/1.0/storage_volumes/v1\"]}");
    assert_not_modelled(api, "POST", "/1.0/storage-pools/local/volumes/custom/v1?target=m1", "{\"name\": 5}");
}

/* The body of a PUT that LXD cannot decode changes nothing (it answers
 * 400 before any write: lxd/profiles.go:495-499 at lxd-5.0.2,
 * lxd/storage_volumes.go storagePoolVolumePut's Decode): serve read it as
 * an empty profile or volume and removed every key and device. */
static void
test_put_body_not_decoded(void)
{
    g_autoptr(MsServeApi) api = new_api();
    const char *profile =
        "{\"config\":{\"limits.cpu\":\"2\"},\"description\":\"\",\"devices\":{\"d1\":{"
        "\"path\":\"/mnt\",\"source\":\"/tmp\",\"type\":\"disk\"}},\"name\":\"p1\",\"used_by\":[]}";
    Answer a = ask(api, "POST", "/1.0/profiles",
                   "{\"name\": \"p1\", \"config\": {\"limits.cpu\": \"2\"}, \"devices\": {\"d1\": "
                   "{\"type\": \"disk\", \"path\": \"/mnt\", \"source\": \"/tmp\"}}}");
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *got = NULL;

    g_assert_cmpuint(a.status, ==, 200);
    json_node_unref(a.node);
    assert_not_modelled(api, "PUT", "/1.0/profiles/p1", "{\"config\": 5}");
    assert_not_modelled(api, "PUT", "/1.0/profiles/p1", "[1]");
    assert_not_modelled(api, "PATCH", "/1.0/profiles/p1", "{\"devices\": \"none\"}");
    a = ask(api, "GET", "/1.0/profiles/p1", NULL);
    g_assert_cmpuint(a.status, ==, 200);
    json_generator_set_root(gen, json_object_get_member(json_node_get_object(a.node), "metadata"));
    got = json_generator_to_data(gen, NULL);
    g_assert_cmpstr(got, ==, profile);
    json_node_unref(a.node);

    a = ask(api, "POST", "/1.0/storage-pools/local/volumes/custom?target=m1",
            "{\"name\": \"v1\", \"config\": {\"size\": \"1GiB\"}}");
    g_assert_cmpuint(a.status, ==, 200);
    json_node_unref(a.node);
    assert_not_modelled(api, "PUT", "/1.0/storage-pools/local/volumes/custom/v1?target=m1",
                        "{\"config\": 5}");
    a = ask(api, "GET", "/1.0/storage-pools/local/volumes/custom/v1?target=m1", NULL);
    g_assert_cmpuint(a.status, ==, 200);
    g_assert_cmpstr(
        json_object_get_string_member(
            json_object_get_object_member(
                json_object_get_object_member(json_node_get_object(a.node), "metadata"), "config"),
            "size"),
        ==, "1GiB");
    json_node_unref(a.node);
}

static void
assert_volume_snapshots(MsServeApi *api, const char *want)
{
    Answer a = ask(api, "GET", "/1.0/storage-pools/local/volumes/custom/v1/snapshots", NULL);
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *got = NULL;

    g_assert_cmpuint(a.status, ==, 200);
    json_generator_set_root(gen, json_object_get_member(json_node_get_object(a.node), "metadata"));
    got = json_generator_to_data(gen, NULL);
    g_assert_cmpstr(got, ==, want);
    json_node_unref(a.node);
}

/* What lxc storage volume rename POOL VOL/SNAP VOL/NEW and delete POOL
 * VOL/SNAP send (the snapshot's own endpoint, lxc/storage_volume.go
 * :637-640,1620-1656 at lxd-5.0.2) renames and deletes the snapshot alone:
 * operations "Renaming storage volume snapshot" and "Deleting storage
 * volume snapshot" with resources {"storage_volume_snapshots": [VOL]}
 * (lxd/storage_volumes_snapshot.go:554-557,1073-1076 at lxd-5.0.2;
 * operation descriptions lxd/db/operationtype/operation_type.go:145-150),
 * and the list (URLs, oldest first, a renamed one keeps its place:
 * lxd/db/storage_volumes.go:242-262) shows it. */
static void
test_volume_snapshot_rename_delete(void)
{
    g_autoptr(MsServeApi) api = new_api();
    Answer a = ask(api, "POST", "/1.0/storage-pools/local/volumes/custom", "{\"name\": \"v1\"}");
    const char *names[] = { "vs0", "vs1", "vs2" };

    g_assert_cmpuint(a.status, ==, 200);
    json_node_unref(a.node);
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *body = g_strdup_printf("{\"name\": \"%s\"}", names[i]);
        assert_operation(api, "POST", "/1.0/storage-pools/local/volumes/custom/v1/snapshots", body,
                         "Creating storage volume snapshot");
    }
    assert_volume_snapshots(api, "[\"/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs0\","
                                 "\"/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs1\","
                                 "\"/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs2\"]");
    assert_operation_resources(api, "POST", "/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs0",
                               "{\"name\": \"vs3\"}", "Renaming storage volume snapshot",
                               "{\"storage_volume_snapshots\":[\"/1.0/storage_volume_snapshots/v1\"]}");
    assert_operation_resources(api, "DELETE", "/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs1",
                               NULL, "Deleting storage volume snapshot",
                               "{\"storage_volume_snapshots\":[\"/1.0/storage_volume_snapshots/v1\"]}");
    assert_volume_snapshots(api, "[\"/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs3\","
                                 "\"/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs2\"]");
    /* gone: LXD answers 404, which migsim does not model */
    assert_not_modelled(api, "DELETE", "/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs1", NULL);
    assert_not_modelled(api, "POST", "/1.0/storage-pools/local/volumes/custom/v1/snapshots/vs2",
                        "{\"name\": 5}");
    /* the volume itself is still there */
    a = ask(api, "GET", "/1.0/storage-pools/local/volumes/custom/v1", NULL);
    g_assert_cmpuint(a.status, ==, 200);
    json_node_unref(a.node);
}

/* The error of the request just made, as serve keeps it for GET
 * /migsim/last-outcome (whether LXD answers it in sync or in the
 * operation, lxc prints this text). */
static void
assert_last_error(MsServeApi *api, const char *method, const char *path, const char *body, const char *text)
{
    Answer a = ask(api, method, path, body);
    Answer last;

    g_assert_cmpuint(a.status, !=, 200);
    json_node_unref(a.node);
    last = ask(api, "GET", "/migsim/last-outcome", NULL);
    g_assert_cmpstr(json_object_get_string_member(
                        json_object_get_object_member(json_node_get_object(last.node), "metadata"), "error"),
                    ==, text);
    json_node_unref(last.node);
}

/* Session 32 (fidserve3): what the real lxc 5.0.2 got from LXD 5.0.2 on
 * lane 7 and serve answered otherwise (tests/live/scenarios/exec.scn,
 * device-unset-unknown.scn, profile-unset-unknown.scn, volume-restore.scn,
 * backups-move.scn); the texts are the live ones. */
static void
test_live_differential_s32(void)
{
    g_autoptr(MsServeApi) api = new_api();
    Answer a;

    /* instanceExecPost (lxd/instance_exec.go:529-576 at lxd-5.0.2) */
    assert_error(api, "POST", "/1.0/instances/c1/exec", "{\"command\": [\"true\"]}", 400,
                 "Instance is not running");
    assert_error(api, "POST", "/1.0/instances/nope/exec", "{\"command\": [\"true\"]}", 404,
                 "Instance not found");
    /* lxc config device unset c1 root name: the key sent as "" */
    assert_last_error(
        api, "PUT", "/1.0/instances/c1",
        "{\"config\": {}, \"profiles\": [], \"devices\": {\"root\": {\"type\": \"disk\", "
        "\"path\": \"/\", \"pool\": \"local\", \"name\": \"\"}}}",
        "Invalid devices: Device validation failed for \"root\": Invalid device option \"name\"");
    /* lxc profile unset default bogus.key */
    assert_last_error(api, "PUT", "/1.0/profiles/default",
                      "{\"config\": {\"bogus.key\": \"\"}, \"devices\": {}}",
                      "Unknown configuration key: bogus.key");
    /* lxc storage volume restore local v1 s9 (lxc/storage_volume.go:2060-2069) */
    a = ask(api, "POST", "/1.0/storage-pools/local/volumes/custom?target=m1", "{\"name\": \"v1\"}");
    g_assert_cmpuint(a.status, ==, 200);
    json_node_unref(a.node);
    assert_last_error(api, "PUT", "/1.0/storage-pools/local/volumes/custom/v1?target=m1",
                      "{\"config\": null, \"restore\": \"s9\"}", "Snapshot not found");
    /* a volume named with --target of a member without it: lxc's GET */
    assert_error(api, "GET", "/1.0/storage-pools/local/volumes/custom/v1?target=m2", NULL, 404,
                 "Storage volume not found");
    /* lxc query -X POST -d '{}' /1.0/instances/c1/backups (lxd/instance_backup.go:334-341) */
    assert_operation_resources(
        api, "POST", "/1.0/instances/c1/backups", "{}", "Backing up instance",
        "{\"instances\":[\"/1.0/instances/c1\"],\"containers\":[\"/1.0/containers/c1\"],"
        "\"backups\":[\"/1.0/backups/backup0\"]}");
}

/* DELETE /1.0/profiles/p1 while c1 uses p1: "Profile is currently in use",
 * a plain error of the delete's transaction answered 500 by
 * response.SmartError (lxd/profiles.go:791,797 at lxd-5.0.2; lxd-5.21.4,
 * lxd-6.5 and every Incus alike), a StatusError 400 from lxd-5.21.5 and
 * lxd-6.6 (doProfileDelete, lxd/profiles.go:944 at lxd-5.21.7, :1000 at
 * lxd-6.9).  migsim answered 400 at every release. */
static void
test_profile_in_use_status(void)
{
    static const struct {
        const char *release;
        guint status;
    } cases[] = {
        { "lxd-5.0.2", 500 },   { "lxd-5.0.9", 500 }, { "lxd-5.20", 500 }, { "lxd-5.21.4", 500 },
        { "lxd-5.21.5", 400 },  { "lxd-6.5", 500 },   { "lxd-6.6", 400 },  { "lxd-6.9", 400 },
        { "incus-6.0.4", 500 }, { "incus-7.3", 500 },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(MsServeApi) api = new_api_at(cases[i].release);
        Answer a = ask(api, "POST", "/1.0/profiles", "{\"name\": \"p1\"}");

        g_test_message("%s", cases[i].release);
        g_assert_cmpuint(a.status, ==, 200);
        json_node_unref(a.node);
        assert_operation(api, "PUT", "/1.0/instances/c1",
                         "{\"config\": {}, \"profiles\": [\"p1\"], \"devices\": {\"root\": {\"type\": "
                         "\"disk\", \"path\": \"/\", \"pool\": \"local\"}}}",
                         "Updating instance");
        assert_error(api, "DELETE", "/1.0/profiles/p1", NULL, cases[i].status, "Profile is currently in use");
    }
}

/* PUT and PATCH /1.0/profiles/NAME reply with an operation from lxd-6.6
 * ('Updating profile', lxd/profiles.go:703,838 at lxd-6.6, extension
 * storage_and_profile_operations), whose error is doProfileUpdate's
 * refusal; synchronous before and in Incus (cmd/incusd/profiles.go:574 at
 * v7.3.0).  migsim answered synchronously at every release while listing
 * the extension from lxd-6.6, which sends a 6.6+ client looking for an
 * operation in a sync reply. */
static void
test_profile_update_operation(void)
{
    static const struct {
        const char *release;
        gboolean async;
    } cases[] = {
        { "lxd-5.0.2", FALSE }, { "lxd-5.21.7", FALSE }, { "lxd-6.5", FALSE },
        { "lxd-6.6", TRUE },    { "lxd-6.9", TRUE },     { "incus-6.0.4", FALSE },
    };
    const char *bad = "{\"config\": {\"limits.cpu\": \"bogus\"}, \"devices\": {}}";
    const char *good = "{\"config\": {\"user.a\": \"b\"}}";

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(MsServeApi) api = new_api_at(cases[i].release);
        Answer a;

        g_test_message("%s", cases[i].release);
        a = ask(api, "POST", "/1.0/profiles", "{\"name\": \"p1\"}");
        g_assert_cmpuint(a.status, ==, 200);
        json_node_unref(a.node);
        if (!cases[i].async) {
            a = ask(api, "PATCH", "/1.0/profiles/p1", good);
            g_assert_cmpuint(a.status, ==, 200);
            json_node_unref(a.node);
            assert_error(api, "PUT", "/1.0/profiles/p1", bad, 500, PROFILE_BAD_CPU);
            continue;
        }
        assert_operation_resources(api, "PATCH", "/1.0/profiles/p1", good, "Updating profile",
                                   "{\"profiles\":[\"/1.0/profiles/p1\"]}");
        a = ask(api, "PUT", "/1.0/profiles/p1", bad);
        g_assert_cmpuint(a.status, ==, 202);
        {
            g_autofree char *path = g_strdup_printf(
                "/1.0/operations/%s",
                json_object_get_string_member(
                    json_object_get_object_member(json_node_get_object(a.node), "metadata"), "id"));
            Answer op = ask(api, "GET", path, NULL);
            JsonObject *meta = json_object_get_object_member(json_node_get_object(op.node), "metadata");

            g_assert_cmpuint(op.status, ==, 200);
            g_assert_cmpstr(json_object_get_string_member(meta, "status"), ==, "Failure");
            g_assert_cmpstr(json_object_get_string_member(meta, "err"), ==, PROFILE_BAD_CPU);
            json_node_unref(op.node);
        }
        json_node_unref(a.node);
    }
}

/* A custom volume's create, PUT/PATCH, rename and delete reply with an
 * operation from lxd-6.6 (extension storage_and_profile_operations; the
 * 6.6 client waits for one, client/lxd_storage_volumes.go:264-270 at
 * lxd-6.6): create "Copying storage volume" at 6.6 (operationtype.VolumeCopy,
 * lxd/storage_volumes.go:1261) and "Creating storage volume" from 6.7,
 * "Updating storage volume" (:2238), "Moving storage volume" (:1918),
 * "Deleting storage volume" (:2493); synchronous at 6.5 and in Incus.
 * migsim answered synchronously at every release. */
static void
test_volume_operations(void)
{
    static const struct {
        const char *release;
        const char *create; /* NULL: every reply synchronous */
    } cases[] = {
        { "lxd-5.21.7", NULL },
        { "lxd-6.5", NULL },
        { "lxd-6.6", "Copying storage volume" },
        { "lxd-6.7", "Creating storage volume" },
        { "lxd-6.9", "Creating storage volume" },
        { "incus-6.0.4", NULL },
    };
    static const char v1[] = "/1.0/storage-pools/local/volumes/custom/v1?target=m1";
    static const char v2[] = "/1.0/storage-pools/local/volumes/custom/v2?target=m1";

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(MsServeApi) api = new_api_at(cases[i].release);
        const char *steps[][4] = {
            { "POST", "/1.0/storage-pools/local/volumes/custom?target=m1", "{\"name\": \"v1\"}",
              cases[i].create },
            { "PATCH", v1, "{\"config\": {\"user.a\": \"b\"}}", "Updating storage volume" },
            { "PUT", v1, "{\"config\": {}}", "Updating storage volume" },
            { "POST", v1, "{\"name\": \"v2\"}", "Moving storage volume" },
            { "DELETE", v2, NULL, "Deleting storage volume" },
        };

        g_test_message("%s", cases[i].release);
        for (gsize j = 0; j < G_N_ELEMENTS(steps); j++) {
            if (cases[i].create != NULL) {
                assert_operation(api, steps[j][0], steps[j][1], steps[j][2], steps[j][3]);
            } else {
                Answer a = ask(api, steps[j][0], steps[j][1], steps[j][2]);

                if (a.status != 200)
                    g_printerr("%s %s: %s\n", steps[j][0], steps[j][1], member(&a, "error"));
                g_assert_cmpuint(a.status, ==, 200);
                json_node_unref(a.node);
            }
        }
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/serve/routes/snapshots", test_snapshots);
    g_test_add_func("/serve/routes/profile-rename-last-outcome", test_profile_rename_and_last_outcome);
    g_test_add_func("/serve/routes/snapshot-names-bodies-resources", test_snapshot_names_bodies_resources);
    g_test_add_func("/serve/routes/put-body-not-decoded", test_put_body_not_decoded);
    g_test_add_func("/serve/routes/volume-snapshot-rename-delete", test_volume_snapshot_rename_delete);
    g_test_add_func("/serve/routes/live-differential-s32", test_live_differential_s32);
    g_test_add_func("/serve/routes/profile-in-use-status", test_profile_in_use_status);
    g_test_add_func("/serve/routes/profile-update-operation", test_profile_update_operation);
    g_test_add_func("/serve/routes/volume-operations", test_volume_operations);
    return g_test_run();
}
