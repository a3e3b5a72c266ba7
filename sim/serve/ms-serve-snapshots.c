/* migsim serve: instance snapshots (lxc snapshot, lxc delete NAME/SNAP,
 * lxc rename NAME/SNAP NAME/NEW, lxc restore NAME SNAP, and the reads lxc
 * makes first).  Each request becomes the op the matching `lxc` command
 * makes (the inverse of sim/live/ms-replay-ops.c op_snapshot, op_delete,
 * op_rename and op_snapshot_restore), so the model's rules decide.
 * Endpoints: instanceSnapshotsGet, instanceSnapshotsPost and
 * instanceSnapshotHandler (lxd/instance_snapshot.go:124,230,338 at
 * lxd-5.0.2); shape: shared/api/instance_snapshot.go. */
#include "ms-serve-objects.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

/* What the parent's own route answers for a missing instance (the handler
 * loads the instance, lxd/instance_snapshot.go:370-372 at lxd-5.0.2). */
static MsInstance *
snapshot_parent(MsServeReq *req)
{
    MsInstance *inst = ms_cluster_lookup_instance(req->api->cluster, req->args[0]);

    if (inst == NULL)
        ms_serve_rule_error(req, MS_RULE_INSTANCE_NOT_FOUND, req->args[0]);
    return inst;
}

/* The snapshot object: name, and the config and devices the instance had
 * when it was taken (model/ms-instance.h MsInstanceSnapshot); a snapshot
 * has its parent's profiles (instanceProfilesFill).  Dates are masked by
 * the differential test (lxc list --format json's "snapshots"). */
static JsonObject *
snapshot_object(const MsInstance *inst, const char *name)
{
    const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(inst, name);
    JsonObject *obj = json_object_new();
    JsonArray *profiles = json_array_new();

    json_object_set_string_member(obj, "name", name);
    json_object_set_string_member(obj, "created_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(obj, "last_used_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(obj, "expires_at", "0001-01-01T00:00:00Z");
    json_object_set_boolean_member(obj, "ephemeral", FALSE);
    json_object_set_boolean_member(obj, "stateful", FALSE);
    json_object_set_string_member(obj, "type", ms_instance_type_to_string(inst->type));
    for (guint i = 0; i < inst->profiles->len; i++)
        json_array_add_string_element(profiles, inst->profiles->pdata[i]);
    json_object_set_array_member(obj, "profiles", profiles);
    if (record != NULL) {
        g_autoptr(GHashTable) config = ms_config_map_to_table(record->config);
        json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(config));
        json_object_set_object_member(obj, "devices", ms_lxd_map_devices_to_json(record->devices));
    }
    return obj;
}

/* GET /1.0/instances/NAME/snapshots[?recursion=1] */
static void
snapshots_get(MsServeReq *req)
{
    const MsInstance *inst = snapshot_parent(req);
    JsonArray *array;

    if (inst == NULL)
        return;
    array = json_array_new();
    for (guint i = 0; i < inst->snapshots->len; i++) {
        const char *name = inst->snapshots->pdata[i];
        if (ms_serve_recursion(req) > 0) {
            json_array_add_object_element(array, snapshot_object(inst, name));
        } else {
            g_autofree char *path = g_strdup_printf("/1.0/instances/%s/snapshots/%s", inst->name, name);
            json_array_add_string_element(array, path);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* GET /1.0/instances/NAME/snapshots/SNAP: what lxc delete NAME/SNAP and
 * lxc copy NAME/SNAP read first.  A missing snapshot is the load's error
 * (instance.LoadByProjectAndName, lxd/instance_snapshot.go:370-373 at
 * lxd-5.0.2: SNAPSHOT_NOT_FOUND, the text of the release). */
static void
snapshot_get(MsServeReq *req)
{
    const MsInstance *inst = snapshot_parent(req);
    g_autofree char *text = NULL;

    if (inst == NULL)
        return;
    if (ms_instance_list_find(inst->snapshots, req->args[1], NULL))
        return ms_serve_sync(req, ms_serve_take(snapshot_object(inst, req->args[1])));
    if (!ms_rule_applies(MS_RULE_SNAPSHOT_NOT_FOUND, req->api->profile) ||
        ms_rule_unmodelled(MS_RULE_SNAPSHOT_NOT_FOUND, req->api->profile)) {
        text = ms_serve_not_modelled(req, "the answer to a snapshot that does not exist");
        return ms_serve_error(req, 404, text);
    }
    text = ms_rule_message(MS_RULE_SNAPSHOT_NOT_FOUND, req->api->profile, req->args[1], inst->name,
                           ms_project_display(NULL));
    ms_serve_error(req, ms_rule_def(MS_RULE_SNAPSHOT_NOT_FOUND)->http_status, text);
}

/* POST /1.0/instances/NAME/snapshots {name, stateful}: lxc snapshot
 * (MS_OP_SNAPSHOT; an empty name lets the model pick snapN). */
static void
snapshots_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *name = ms_serve_body_string(body, "name");
    g_autoptr(MsOp) op = ms_op_new(MS_OP_SNAPSHOT);

    /* LXD loads the instance, then decodes the body (lxd/instance_snapshot.go
     * :284-293 at lxd-5.0.2): a missing one is the model's answer */
    if (ms_cluster_lookup_instance(req->api->cluster, req->args[0]) != NULL &&
        !ms_serve_body_decodes(req, "name", G_TYPE_STRING, "stateful", G_TYPE_BOOLEAN, NULL))
        return;
    op->instance = g_strdup(req->args[0]);
    op->snapshot = name != NULL && *name != '\0' ? g_strdup(name) : NULL;
    op->stateful = ms_serve_body_bool(body, "stateful");
    if (ms_serve_body_string(body, "expires_at") != NULL) {
        g_autofree char *text = ms_serve_not_modelled(req, "a snapshot's expires_at");
        return ms_serve_error(req, 400, text);
    }
    ms_serve_run(req, op, "Snapshotting instance", "instances", req->args[0]);
}

/* POST /1.0/instances/NAME/snapshots/SNAP {name}: lxc rename NAME/SNAP
 * NAME/NEW (MS_OP_RENAME of "NAME/SNAP" to "NAME/NEW"; snapshotPost,
 * lxd/instance_snapshot.go:624-742 at lxd-5.0.2).  A migration of the
 * snapshot to another server is not modelled. */
static void
snapshot_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *name = ms_serve_body_string(body, "name");
    g_autoptr(MsOp) op = NULL;

    /* shared.Jmap: the body an object, "migration" a bool and "name" a
     * string (lxd/instance_snapshot.go:631-640,710-713 at lxd-5.0.2), read
     * after the snapshot is loaded (:369-372): that load is the model's */
    if (!ms_serve_body_decodes(req, "name", G_TYPE_STRING, "migration", G_TYPE_BOOLEAN, NULL))
        return;
    if (ms_serve_body_bool(body, "migration") || name == NULL) {
        g_autofree char *text =
            ms_serve_not_modelled(req, "POST /1.0/instances/NAME/snapshots/SNAP other than a rename");
        return ms_serve_error(req, 400, text);
    }
    op = ms_op_new(MS_OP_RENAME);
    op->instance = g_strdup_printf("%s/%s", req->args[0], req->args[1]);
    op->new_name = g_strdup_printf("%s/%s", req->args[0], name);
    ms_serve_run(req, op, "Renaming snapshot", "instances", req->args[0]);
}

/* DELETE /1.0/instances/NAME/snapshots/SNAP: lxc delete NAME/SNAP
 * (MS_OP_DELETE of "NAME/SNAP"). */
static void
snapshot_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_DELETE);
    g_autofree char *full = g_strdup_printf("%s/%s", req->args[0], req->args[1]);

    op->instance = g_strdup(full);
    op->instances = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(op->instances, g_strdup(full));
    /* the operation's resource is the snapshot, not its parent
     * (snapInst.Name(), lxd/instance_snapshot.go:779 at lxd-5.0.2) */
    ms_serve_run(req, op, "Deleting snapshot", "instances", full);
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "1.0/instances/*/snapshots", snapshots_get },
    { "POST", "1.0/instances/*/snapshots", snapshots_post },
    { "GET", "1.0/instances/*/snapshots/*", snapshot_get },
    { "POST", "1.0/instances/*/snapshots/*", snapshot_post },
    { "DELETE", "1.0/instances/*/snapshots/*", snapshot_delete },
    { "GET", "1.0/containers/*/snapshots", snapshots_get },
    { "POST", "1.0/containers/*/snapshots", snapshots_post },
    { "GET", "1.0/containers/*/snapshots/*", snapshot_get },
    { "POST", "1.0/containers/*/snapshots/*", snapshot_post },
    { "DELETE", "1.0/containers/*/snapshots/*", snapshot_delete },
};
/* clang-format on */
const MsServeRoutes ms_serve_snapshot_routes = { routes, G_N_ELEMENTS(routes) };
