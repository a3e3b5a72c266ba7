/* migsim serve: storage pools and custom volumes (lxc storage create, set,
 * unset, delete; lxc storage volume create, delete), with ?target=.
 * Shapes: shared/api/storage_pool.go, storage_pool_volume.go at each tag. */
#include "ms-serve-objects.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

static JsonObject *
pool_object(const MsCluster *cluster, const MsPool *pool)
{
    JsonObject *obj = json_object_new();
    JsonArray *locations = json_array_new();

    json_object_set_string_member(obj, "name", pool->name);
    json_object_set_string_member(obj, "driver", pool->driver);
    json_object_set_string_member(obj, "description", "");
    json_object_set_string_member(obj, "status", ms_pool_status(pool));
    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(pool->config));
    json_object_set_array_member(obj, "used_by", json_array_new());
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];
        if (ms_pool_defined_on(pool, member->name))
            json_array_add_string_element(locations, member->name);
    }
    json_object_set_array_member(obj, "locations", locations);
    return obj;
}

static const MsPool *
find_pool(MsServeReq *req)
{
    const MsPool *pool = ms_cluster_lookup_pool(req->api->cluster, req->args[0]);

    if (pool == NULL)
        ms_serve_rule_error(req, MS_RULE_POOL_NOT_FOUND, req->args[0]);
    return pool;
}

/* The volume POOL/VOL of the request's path (?project=, ?target=), or NULL
 * after the 404 LXD answers */
static const MsVolume *
find_volume(MsServeReq *req)
{
    const MsVolume *volume = ms_cluster_lookup_volume(
        req->api->cluster, ms_cluster_volume_project(req->api->cluster, ms_serve_query(req, "project")),
        req->args[0], req->args[1], ms_serve_query(req, "target"));

    /* with ?target= of a member the request is not forwarded and the
     * member's own load answers (VOLUME.NOT_FOUND_TARGETED; live 5.0.2:
     * lxc storage volume restore --target of a member without the volume,
     * whose GET answers first, tests/live/scenarios/volume-restore.scn) */
    if (volume == NULL && ms_serve_query(req, "target") != NULL &&
        ms_cluster_lookup_member(req->api->cluster, ms_serve_query(req, "target")) != NULL)
        ms_serve_rule_error(req, MS_RULE_VOLUME_NOT_FOUND_TARGETED, req->args[1]);
    else if (volume == NULL)
        ms_serve_rule_error(req, MS_RULE_VOLUME_NOT_FOUND, req->args[1]);
    return volume;
}

static void
pools_get(MsServeReq *req)
{
    JsonArray *array = json_array_new();

    for (guint i = 0; i < req->api->cluster->pools->len; i++) {
        const MsPool *pool = req->api->cluster->pools->pdata[i];
        if (ms_serve_recursion(req) > 0) {
            json_array_add_object_element(array, pool_object(req->api->cluster, pool));
        } else {
            g_autofree char *path = g_strdup_printf("/1.0/storage-pools/%s", pool->name);
            json_array_add_string_element(array, path);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* ?target= of a member that does not exist: the request is not forwarded
 * and the target's resolution fails (lxd/response.go:34
 * forwardedResponseIfTargetIsRemote, lxd/db/node.go:269 GetNodeByName at
 * lxd-5.0.2; the same text at lxd-5.21.7 :276 and lxd-6.9 :278).  TRUE when
 * answered. */
static gboolean
unknown_target(MsServeReq *req)
{
    const char *target = ms_serve_query(req, "target");

    if (target == NULL || *target == '\0' || ms_cluster_lookup_member(req->api->cluster, target) != NULL)
        return FALSE;
    ms_serve_error(req, 404, "Cluster member not found");
    return TRUE;
}

static void
pool_get(MsServeReq *req)
{
    const MsPool *pool;

    if (unknown_target(req))
        return;
    pool = find_pool(req);
    if (pool != NULL)
        ms_serve_sync(req, ms_serve_take(pool_object(req->api->cluster, pool)));
}

/* POST /1.0/storage-pools[?target=]: lxc storage create (with --target: the
 * member's pending entry; without: the cluster-wide create). */
static void
pools_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(MsOp) op = ms_op_new(MS_OP_STORAGE_CREATE);

    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    op->pool = g_strdup(ms_serve_body_string(body, "name") ?: "");
    op->driver = g_strdup(ms_serve_body_string(body, "driver") ?: "");
    ms_serve_set_target(req, op);
    ms_serve_add_config(op, config, NULL);
    ms_serve_run(req, op, NULL, NULL, NULL);
}

/* PUT (replace) or PATCH (merge) /1.0/storage-pools/P: lxc storage set/unset. */
static void
pool_put(MsServeReq *req)
{
    const MsPool *pool = find_pool(req);
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
    MsOp *set;

    if (pool == NULL || !ms_serve_string_map(req, ms_serve_body_object(ms_serve_body(req), "config"), config))
        return;
    set = ms_op_new(MS_OP_STORAGE_SET);
    set->pool = g_strdup(pool->name);
    g_ptr_array_add(ops, set);
    ms_serve_diff_config(pool->config, config, set, g_str_equal(req->method, "PATCH") ? NULL : unset);
    if (set->keys->len == 0)
        g_ptr_array_remove_index(ops, 0);
    ms_serve_add_unsets(ops, MS_OP_STORAGE_UNSET, NULL, NULL, pool->name, unset);
    ms_serve_run_all(req, ops, NULL, NULL, NULL);
}

static void
pool_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_STORAGE_DELETE);

    op->pool = g_strdup(req->args[0]);
    ms_serve_run(req, op, NULL, NULL, NULL);
}

static JsonObject *
volume_object(const MsVolume *volume)
{
    JsonObject *obj = json_object_new();

    json_object_set_string_member(obj, "name", volume->name);
    json_object_set_string_member(obj, "type", "custom");
    json_object_set_string_member(obj, "content_type", ms_content_type_to_string(volume->content_type));
    json_object_set_string_member(obj, "pool", volume->pool);
    json_object_set_string_member(obj, "project", ms_project_display(volume->project));
    json_object_set_string_member(obj, "description", "");
    json_object_set_string_member(obj, "location", volume->location != NULL ? volume->location : "none");
    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(volume->config));
    json_object_set_array_member(obj, "used_by", json_array_new());
    return obj;
}

static void
volumes_get(MsServeReq *req)
{
    const MsPool *pool = find_pool(req);
    const char *target = ms_serve_query(req, "target");
    JsonArray *array;

    if (pool == NULL)
        return;
    array = json_array_new();
    for (guint i = 0; i < req->api->cluster->volumes->len; i++) {
        const MsVolume *volume = req->api->cluster->volumes->pdata[i];
        if (!g_str_equal(volume->pool, pool->name) ||
            !ms_volume_in_project(
                volume, ms_cluster_volume_project(req->api->cluster, ms_serve_query(req, "project"))) ||
            (target != NULL && volume->location != NULL && !g_str_equal(target, volume->location)))
            continue;
        if (ms_serve_recursion(req) > 0) {
            json_array_add_object_element(array, volume_object(volume));
        } else {
            g_autofree char *path =
                g_strdup_printf("/1.0/storage-pools/%s/volumes/custom/%s", pool->name, volume->name);
            json_array_add_string_element(array, path);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* A create with a source: lxc storage volume copy|move onto the member
 * that holds the source, one POST with source type "copy" on that member
 * (lxc/storage_volume.go:344-507, client/lxd_storage_volumes.go:475-666 at
 * lxd-5.0.2; the inverse of sim/live/ms-replay-ops-storage.c
 * ms_rl_op_volume_copy), as MS_OP_VOLUME_COPY (a move's delete of the
 * source is its own request).  Onto another member lxc pulls from a
 * migration operation of the source: not modelled, nor a config other
 * than the source's (lxc sends the source's). */
static void
volume_copy(MsServeReq *req, JsonObject *body)
{
    JsonObject *source = ms_serve_body_object(body, "source");
    const char *from = ms_serve_body_string(source, "name");
    const char *from_pool = ms_serve_body_string(source, "pool");
    const char *slash = from != NULL ? strchr(from, '/') : NULL;
    const MsVolume *volume = NULL;
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_COPY);
    gboolean same = TRUE;

    op->volume = slash != NULL ? g_strndup(from, slash - from) : g_strdup(from);
    op->snapshot = slash != NULL ? g_strdup(slash + 1) : NULL;
    if (g_strcmp0(ms_serve_body_string(source, "type"), "copy") != 0 || from == NULL || from_pool == NULL ||
        ms_serve_body_string(source, "project") != NULL || ms_serve_body_string(source, "location") != NULL) {
        g_autofree char *text = ms_serve_not_modelled(
            req, "a storage volume source other than a copy on the member that holds it");
        return ms_serve_error(req, 400, text);
    }
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    volume = ms_cluster_lookup_volume(
        req->api->cluster, ms_cluster_volume_project(req->api->cluster, ms_serve_query(req, "project")),
        from_pool, op->volume, ms_serve_query(req, "target"));
    if (volume != NULL && op->snapshot == NULL) {
        g_autofree const char **keys = ms_config_sorted_keys(config);
        same = g_hash_table_size(config) == g_hash_table_size(volume->config);
        for (guint i = 0; same && keys[i] != NULL; i++)
            same = g_strcmp0(g_hash_table_lookup(volume->config, keys[i]),
                             g_hash_table_lookup(config, keys[i])) == 0;
    }
    if (!same) {
        g_autofree char *text = ms_serve_not_modelled(req, "a storage volume copy with a config of its own");
        return ms_serve_error(req, 400, text);
    }
    op->pool = g_strdup(from_pool);
    op->new_pool = g_strdup(req->args[0]);
    op->new_name = g_strdup(ms_serve_body_string(body, "name") ?: "");
    op->volume_only = ms_serve_body_bool(source, "volume_only");
    op->refresh = ms_serve_body_bool(source, "refresh");
    ms_serve_set_target(req, op);
    /* an operation without resources (lxd/storage_volumes.go:655,703 at lxd-5.0.2) */
    ms_serve_run(req, op, "Copying storage volume", NULL, NULL);
}

/* POST /1.0/storage-pools/POOL/volumes[/custom][?target=]: lxc storage
 * volume create; a sync reply when nothing is copied
 * (lxd/storage_volumes.go doVolumeCreateOrCopy). */
/* From lxd-6.6 (extension storage_and_profile_operations) a custom
 * volume's create, PUT/PATCH, rename and delete reply with an operation,
 * and the 6.6+ client waits for one (queryOperation,
 * client/lxd_storage_volumes.go:264-270, :859-865, :886, :914 at lxd-6.6):
 * its description per @kind, NULL where the reply is synchronous (LXD up
 * to 6.5, every 5.x, Incus).  Create is operationtype.VolumeCopy, "Copying
 * storage volume", for every create at 6.6 (lxd/storage_volumes.go:1261)
 * and VolumeCreate from 6.7 (:1276-1280 at lxd-6.9); update VolumeUpdate
 * (:2238 at lxd-6.6), rename VolumeMove (:1918; synchronous
 * SyncResponseLocation at lxd-6.5), delete VolumeDelete (:2493)
 * (descriptions: lxd/db/operationtype/operation_type.go:150-161 at
 * lxd-6.6).  The operation's resources are not modelled; a refusal the
 * model does not mark async stays a synchronous error, which lxc prints
 * alike. */
typedef enum { VOLUME_OP_CREATE, VOLUME_OP_UPDATE, VOLUME_OP_RENAME, VOLUME_OP_DELETE } VolumeOpKind;

static const char *
volume_operation(const MsServeReq *req, VolumeOpKind kind)
{
    static const MsReleases operations = MS_REL_SINCE_6(6);
    static const MsReleases create_typed = MS_REL_SINCE_6(7);
    MsVersion v = req->api->profile->version;

    if (!ms_releases_contain(&operations, v))
        return NULL;
    switch (kind) {
    case VOLUME_OP_CREATE:
        return ms_releases_contain(&create_typed, v) ? "Creating storage volume" : "Copying storage volume";
    case VOLUME_OP_UPDATE:
        return "Updating storage volume";
    case VOLUME_OP_RENAME:
        return "Moving storage volume";
    case VOLUME_OP_DELETE:
        return "Deleting storage volume";
    }
    return NULL;
}

static void
volumes_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *type = ms_serve_body_string(body, "type");
    const char *content = ms_serve_body_string(body, "content_type");
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_CREATE);

    if (type != NULL && !g_str_equal(type, "custom")) {
        g_autofree char *text = ms_serve_not_modelled(req, "storage volumes other than custom ones");
        return ms_serve_error(req, 400, text);
    }
    /* lxc storage volume create sends an empty source */
    if (g_strcmp0(ms_serve_body_string(ms_serve_body_object(body, "source"), "type"), "") > 0)
        return volume_copy(req, body);
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup(ms_serve_body_string(body, "name") ?: "");
    if (content != NULL && *content != '\0')
        op->content_type = g_strdup(content);
    ms_serve_set_target(req, op);
    ms_serve_add_config(op, config, NULL);
    ms_serve_run(req, op, volume_operation(req, VOLUME_OP_CREATE), NULL, NULL);
}

static void
volume_get(MsServeReq *req)
{
    const MsVolume *volume;

    if (find_pool(req) == NULL)
        return;
    volume = find_volume(req);
    if (volume == NULL)
        return;
    ms_serve_sync(req, ms_serve_take(volume_object(volume)));
}

/* PUT (replace) or PATCH (merge) /1.0/storage-pools/POOL/volumes/custom/VOL
 * [?target=]: what lxc storage volume set|unset sends (the volume's config
 * with the keys set, an unset key as "": lxc/storage_volume.go:1714-1777,
 * 1898-1907 at lxd-5.0.2), as MS_OP_VOLUME_SET and MS_OP_VOLUME_UNSET of
 * the keys that differ (storagePoolVolumePut and storagePoolVolumePatch,
 * lxd/storage_volumes.go, answer in sync).  A description is not
 * modelled. */
static void
volume_put(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *description = ms_serve_body_string(body, "description");
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
    const MsVolume *volume;
    MsOp *set;

    if (find_pool(req) == NULL)
        return;
    volume = find_volume(req);
    if (volume == NULL)
        return;
    if (!ms_serve_body_decodes(req, "config", JSON_TYPE_OBJECT, "description", G_TYPE_STRING, "restore",
                               G_TYPE_STRING, NULL))
        return;
    /* lxc storage volume restore POOL VOL SNAP PUTs {"restore": SNAP}
     * (lxc/storage_volume.go:2060-2069 at lxd-5.0.2, "config": null), and
     * the handler restores first, then applies a config only when one is
     * sent (lxd/storage_volumes.go:1507-1517 at lxd-5.0.2): that one is not
     * modelled */
    if (ms_serve_body_string(body, "restore") != NULL && *ms_serve_body_string(body, "restore") != '\0') {
        g_autoptr(MsOp) op = NULL;
        if (g_str_equal(req->method, "PATCH") || ms_serve_body_object(body, "config") != NULL) {
            g_autofree char *text = ms_serve_not_modelled(req, "a storage volume restore with a config");
            return ms_serve_error(req, 400, text);
        }
        op = ms_op_new(MS_OP_VOLUME_RESTORE);
        op->pool = g_strdup(req->args[0]);
        op->volume = g_strdup(req->args[1]);
        op->snapshot = g_strdup(ms_serve_body_string(body, "restore"));
        ms_serve_set_target(req, op);
        return ms_serve_run(req, op, volume_operation(req, VOLUME_OP_UPDATE), NULL, NULL);
    }
    if (description != NULL && *description != '\0') {
        g_autofree char *text = ms_serve_not_modelled(req, "a storage volume's description");
        return ms_serve_error(req, 400, text);
    }
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    set = ms_op_new(MS_OP_VOLUME_SET);
    set->pool = g_strdup(req->args[0]);
    set->volume = g_strdup(req->args[1]);
    ms_serve_set_target(req, set);
    g_ptr_array_add(ops, set);
    ms_serve_diff_config(volume->config, config, set, g_str_equal(req->method, "PATCH") ? NULL : unset);
    if (unset->len > 0) {
        MsOp *op = ms_op_new(MS_OP_VOLUME_UNSET);
        op->pool = g_strdup(req->args[0]);
        op->volume = g_strdup(req->args[1]);
        ms_serve_set_target(req, op);
        for (guint i = 0; i < unset->len; i++)
            ms_op_add_kv(op, unset->pdata[i], "");
        g_ptr_array_add(ops, op);
    }
    if (set->keys->len == 0)
        g_ptr_array_remove_index(ops, 0);
    ms_serve_run_all(req, ops, volume_operation(req, VOLUME_OP_UPDATE), NULL, NULL);
}

/* POST /1.0/storage-pools/POOL/volumes/custom/VOL[?target=] {name}: lxc
 * storage volume rename (lxc/storage_volume.go:1598-1680 at lxd-5.0.2) as
 * MS_OP_VOLUME_RENAME, answered in sync as replay expects it
 * (sim/live/ms-replay-ops-storage.c ms_rl_op_volume_rename); a migration
 * (the source of a copy onto another member) or a move to another pool or
 * project is not modelled. */
static void
volume_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *name = ms_serve_body_string(body, "name");
    const char *pool = ms_serve_body_string(body, "pool");
    g_autoptr(MsOp) op = NULL;

    if (!ms_serve_body_decodes(req, "name", G_TYPE_STRING, "pool", G_TYPE_STRING, "project", G_TYPE_STRING,
                               "migration", G_TYPE_BOOLEAN, NULL))
        return;
    if (name == NULL || ms_serve_body_bool(body, "migration") ||
        (pool != NULL && *pool != '\0' && !g_str_equal(pool, req->args[0])) ||
        ms_serve_body_string(body, "project") != NULL) {
        g_autofree char *text = ms_serve_not_modelled(
            req, "POST /1.0/storage-pools/POOL/volumes/custom/VOL other than a rename (migrations "
                 "between members, moves to another pool or project)");
        return ms_serve_error(req, 400, text);
    }
    op = ms_op_new(MS_OP_VOLUME_RENAME);
    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup(req->args[1]);
    op->new_name = g_strdup(name);
    ms_serve_set_target(req, op);
    ms_serve_run(req, op, volume_operation(req, VOLUME_OP_RENAME), NULL, NULL);
}

/* POST .../volumes/custom/VOL/snapshots[?target=] {name}: lxc storage
 * volume snapshot (MS_OP_VOLUME_SNAPSHOT; an empty name lets the model
 * pick one), an operation "Creating storage volume snapshot". */
static void
volume_snapshots_post(MsServeReq *req)
{
    const char *name = ms_serve_body_string(ms_serve_body(req), "name");
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_SNAPSHOT);

    if (!ms_serve_body_decodes(req, "name", G_TYPE_STRING, NULL))
        return;
    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup(req->args[1]);
    op->snapshot = name != NULL && *name != '\0' ? g_strdup(name) : NULL;
    ms_serve_set_target(req, op);
    /* resources {"storage_volumes": [VOL]} (lxd/storage_volumes_snapshot.go:229-232
     * at lxd-5.0.2) */
    ms_serve_run(req, op, "Creating storage volume snapshot", "storage_volumes", req->args[1]);
}

static void
volume_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_DELETE);

    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup(req->args[1]);
    ms_serve_set_target(req, op);
    ms_serve_run(req, op, volume_operation(req, VOLUME_OP_DELETE), NULL, NULL);
}

/* GET .../volumes/custom/VOL/snapshots: the URLs of the snapshots of the
 * volumes VOL the member that received the request holds (or of a remote
 * pool), oldest first, and [] for a volume it does not hold: no
 * forwarding (storagePoolVolumeSnapshotsTypeGet,
 * lxd/storage_volumes_snapshot.go:342-431 at lxd-5.0.2;
 * GetLocalStoragePoolVolumeSnapshotsWithType ORDER BY id,
 * lxd/db/storage_volumes.go:242-262; a rename keeps the row).  ?recursion
 * and ?target= are not modelled. */
static void
volume_snapshots_get(MsServeReq *req)
{
    const char *project = ms_cluster_volume_project(req->api->cluster, ms_serve_query(req, "project"));
    const MsPool *pool;
    JsonArray *array;

    if (ms_serve_recursion(req) > 0 || ms_serve_query(req, "target") != NULL) {
        g_autofree char *text =
            ms_serve_not_modelled(req, "a volume snapshot list with ?recursion or ?target");
        return ms_serve_error(req, 400, text);
    }
    pool = find_pool(req);
    if (pool == NULL)
        return;
    array = json_array_new();
    for (guint i = 0; i < req->api->cluster->volumes->len; i++) {
        const MsVolume *volume = req->api->cluster->volumes->pdata[i];

        if (!g_str_equal(volume->pool, pool->name) || !g_str_equal(volume->name, req->args[1]) ||
            !ms_volume_in_project(volume, project) ||
            (volume->location != NULL && !g_str_equal(volume->location, req->member)))
            continue;
        for (guint j = 0; j < volume->snapshots->len; j++) {
            g_autofree char *url =
                g_strdup_printf("/1.0/storage-pools/%s/volumes/custom/%s/snapshots/%s", pool->name,
                                volume->name, (const char *) volume->snapshots->pdata[j]);
            json_array_add_string_element(array, url);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* POST .../volumes/custom/VOL/snapshots/SNAP[?target=] {name}: what lxc
 * storage volume rename POOL VOL/SNAP VOL/NEW sends (the inverse of
 * sim/live/ms-replay-ops-storage.c ms_rl_op_volume_rename), as
 * MS_OP_VOLUME_RENAME of VOL/SNAP to VOL/NEW; an operation "Renaming
 * storage volume snapshot" with resources {"storage_volume_snapshots":
 * [VOL]} (storagePoolVolumeSnapshotTypePost,
 * lxd/storage_volumes_snapshot.go:554-557 at lxd-5.0.2). */
static void
volume_snapshot_post(MsServeReq *req)
{
    const char *name = ms_serve_body_string(ms_serve_body(req), "name");
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_RENAME);

    if (!ms_serve_body_decodes(req, "name", G_TYPE_STRING, NULL))
        return;
    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup_printf("%s/%s", req->args[1], req->args[2]);
    op->new_name = g_strdup_printf("%s/%s", req->args[1], name != NULL ? name : "");
    ms_serve_set_target(req, op);
    ms_serve_run(req, op, "Renaming storage volume snapshot", "storage_volume_snapshots", req->args[1]);
}

/* DELETE .../volumes/custom/VOL/snapshots/SNAP[?target=]: what lxc storage
 * volume delete POOL VOL/SNAP sends, as MS_OP_VOLUME_DELETE of VOL/SNAP; an
 * operation "Deleting storage volume snapshot" with resources
 * {"storage_volume_snapshots": [VOL]} (storagePoolVolumeSnapshotTypeDelete,
 * lxd/storage_volumes_snapshot.go:1073-1076 at lxd-5.0.2). */
static void
volume_snapshot_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_DELETE);

    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup_printf("%s/%s", req->args[1], req->args[2]);
    ms_serve_set_target(req, op);
    ms_serve_run(req, op, "Deleting storage volume snapshot", "storage_volume_snapshots", req->args[1]);
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "1.0/storage-pools", pools_get },
    { "POST", "1.0/storage-pools", pools_post },
    { "GET", "1.0/storage-pools/*", pool_get },
    { "PUT", "1.0/storage-pools/*", pool_put },
    { "PATCH", "1.0/storage-pools/*", pool_put },
    { "DELETE", "1.0/storage-pools/*", pool_delete },
    { "GET", "1.0/storage-pools/*/volumes", volumes_get },
    { "GET", "1.0/storage-pools/*/volumes/custom", volumes_get },
    { "POST", "1.0/storage-pools/*/volumes", volumes_post },
    { "POST", "1.0/storage-pools/*/volumes/custom", volumes_post },
    { "GET", "1.0/storage-pools/*/volumes/custom/*", volume_get },
    { "PUT", "1.0/storage-pools/*/volumes/custom/*", volume_put },
    { "PATCH", "1.0/storage-pools/*/volumes/custom/*", volume_put },
    { "POST", "1.0/storage-pools/*/volumes/custom/*", volume_post },
    { "DELETE", "1.0/storage-pools/*/volumes/custom/*", volume_delete },
    { "GET", "1.0/storage-pools/*/volumes/custom/*/snapshots", volume_snapshots_get },
    { "POST", "1.0/storage-pools/*/volumes/custom/*/snapshots", volume_snapshots_post },
    { "POST", "1.0/storage-pools/*/volumes/custom/*/snapshots/*", volume_snapshot_post },
    { "DELETE", "1.0/storage-pools/*/volumes/custom/*/snapshots/*", volume_snapshot_delete },
};
/* clang-format on */
const MsServeRoutes ms_serve_storage_routes = { routes, G_N_ELEMENTS(routes) };
