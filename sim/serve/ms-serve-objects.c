/* migsim serve: instances.  Each request becomes the op(s) the matching
 * `lxc` command makes (the inverse of the request sequences in
 * sim/live/ms-replay-ops.c), as in the profile, storage and image files;
 * object bodies start from sim/live/ms-lxd-map.c, the one mapping of the
 * model to LXD's shapes.  Shape: shared/api/instance.go at each tag. */
#include "ms-serve-objects.h"

#include "ms-config.h"
#include "ms-lxd-map.h"
#include "ms-serve-list.h"

/* ---------------------------------------------------------------------- */
/* Instances */

static JsonObject *
instance_state(const MsInstance *inst)
{
    JsonObject *state = json_object_new();
    JsonObject *memory = json_object_new();
    JsonObject *cpu = json_object_new();
    gboolean running = inst->status == MS_INSTANCE_RUNNING;

    json_object_set_string_member(state, "status", ms_instance_status_to_api(inst->status));
    json_object_set_int_member(state, "status_code", running ? 103 : 102);
    json_object_set_object_member(state, "disk", json_object_new());
    json_object_set_int_member(memory, "usage", 0);
    json_object_set_object_member(state, "memory", memory);
    json_object_set_null_member(state, "network");
    json_object_set_int_member(state, "pid", running ? 1 : 0);
    json_object_set_int_member(state, "processes", running ? 1 : 0);
    json_object_set_int_member(cpu, "usage", 0);
    json_object_set_object_member(state, "cpu", cpu);
    return state;
}

static JsonObject *
instance_object(MsServeApi *api, const MsInstance *inst, gboolean full)
{
    g_autoptr(JsonNode) base = ms_lxd_map_instance_to_json(api->cluster, inst->name);
    JsonObject *obj = json_object_ref(json_node_get_object(base));
    g_autoptr(GHashTable) expanded = ms_cluster_expand_config(api->cluster, api->profile, inst);

    json_object_set_string_member(obj, "name", inst->name);
    json_object_set_string_member(obj, "type", ms_instance_type_to_string(inst->type));
    json_object_set_string_member(obj, "location", inst->location);
    json_object_set_string_member(obj, "project", "default");
    json_object_set_string_member(obj, "created_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(obj, "last_used_at", "1970-01-01T00:00:00Z");
    json_object_set_int_member(obj, "status_code", inst->status == MS_INSTANCE_RUNNING ? 103 : 102);
    json_object_set_object_member(obj, "expanded_config", ms_lxd_map_config_to_json(expanded));
    if (full) {
        JsonArray *snapshots = json_array_new();
        json_object_set_object_member(obj, "state", instance_state(inst));
        for (guint i = 0; inst->snapshots != NULL && i < inst->snapshots->len; i++) {
            JsonObject *snap = json_object_new();
            json_object_set_string_member(snap, "name", inst->snapshots->pdata[i]);
            json_object_set_string_member(snap, "created_at", "1970-01-01T00:00:00Z");
            json_array_add_object_element(snapshots, snap);
        }
        json_object_set_array_member(obj, "snapshots", snapshots);
        json_object_set_array_member(obj, "backups", json_array_new());
    }
    return obj;
}

static MsInstance *
find_instance(MsServeReq *req)
{
    MsInstance *inst = ms_cluster_lookup_instance(req->api->cluster, req->args[0]);

    if (inst == NULL)
        ms_serve_rule_error(req, MS_RULE_INSTANCE_NOT_FOUND, req->args[0]);
    return inst;
}

static void
instances_get(MsServeReq *req)
{
    g_autoptr(GPtrArray) list = NULL;
    int recursion = ms_serve_recursion(req);
    JsonArray *array;

    if (recursion > 0) {
        /* `lxc list`: written without a tree (ms-serve-list.c) */
        g_autofree char *text = ms_serve_list_instances(req->api->cluster, req->api->profile, recursion > 1);
        req->reply->status = 200;
        g_free(req->reply->body);
        req->reply->body =
            g_utf8_validate(text, -1, NULL) ? g_steal_pointer(&text) : g_utf8_make_valid(text, -1);
        return;
    }
    list = ms_cluster_list_instances(req->api->cluster, NULL);
    array = json_array_new();
    for (guint i = 0; i < list->len; i++) {
        g_autofree char *path =
            g_strdup_printf("/1.0/instances/%s", ((const MsInstance *) list->pdata[i])->name);
        json_array_add_string_element(array, path);
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

static void
instance_get(MsServeReq *req)
{
    const MsInstance *inst = find_instance(req);

    if (inst != NULL)
        ms_serve_sync(req, ms_serve_take(instance_object(req->api, inst, ms_serve_recursion(req) > 0)));
}

static void
instance_state_get(MsServeReq *req)
{
    const MsInstance *inst = find_instance(req);

    if (inst != NULL)
        ms_serve_sync(req, ms_serve_take(instance_state(inst)));
}

/* The image an alias or fingerprint names (images asked for by alias). */
static const char *
image_alias(MsServeApi *api, const char *name)
{
    const char *known = g_hash_table_lookup(api->images, name);

    return known != NULL ? strchr(known, ' ') + 1 : name;
}

/* POST /1.0/instances[?target=]: lxc init/launch (lxc/init.go; the start of
 * a launch is a second request, PUT .../state). */
static void
instances_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    JsonObject *source = ms_serve_body_object(body, "source");
    JsonObject *devices = ms_serve_body_object(body, "devices");
    JsonNode *profiles = body != NULL ? json_object_get_member(body, "profiles") : NULL;
    const char *name = ms_serve_body_string(body, "name");
    const char *source_type = ms_serve_body_string(source, "type");
    const char *image = ms_serve_body_string(source, "alias") ?: ms_serve_body_string(source, "fingerprint");
    g_autoptr(GHashTable) config = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(MsOp) op = ms_op_new(MS_OP_INIT);
    g_autoptr(GList) names = devices != NULL ? json_object_get_members(devices) : NULL;

    if (g_strcmp0(source_type, "copy") == 0)
        return ms_serve_instances_copy(req, body);
    if (name == NULL || *name == '\0') {
        g_autofree char *text =
            ms_serve_not_modelled(req, "an instance without a name (LXD picks a random one)");
        return ms_serve_error(req, 400, text);
    }
    op->instance = g_strdup(name);
    op->vm = g_strcmp0(ms_serve_body_string(body, "type"), "virtual-machine") == 0;
    op->empty = source_type == NULL || g_str_equal(source_type, "none");
    if (!op->empty)
        op->image = g_strdup(image_alias(req->api, image != NULL ? image : "default"));
    if (source_type != NULL && !g_str_equal(source_type, "none") && !g_str_equal(source_type, "image")) {
        g_autofree char *text =
            ms_serve_not_modelled(req, "instance sources other than an image, a copy or none");
        return ms_serve_error(req, 400, text);
    }
    op->start = ms_serve_body_bool(body, "start");
    ms_serve_set_target(req, op);
    if (profiles != NULL && JSON_NODE_HOLDS_ARRAY(profiles)) {
        JsonArray *array = json_node_get_array(profiles);
        if (json_array_get_length(array) == 0)
            op->no_profiles = TRUE;
        op->profiles = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < json_array_get_length(array); i++)
            g_ptr_array_add(op->profiles, g_strdup(json_array_get_string_element(array, i) ?: ""));
        if (op->no_profiles)
            g_clear_pointer(&op->profiles, g_ptr_array_unref);
    }
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    ms_serve_add_config(op, config, NULL);
    /* lxc init -s POOL sends a root disk {path: /, pool: POOL, type: disk} */
    for (GList *l = names; l != NULL; l = l->next) {
        JsonObject *dev = ms_serve_body_object(devices, l->data);
        const char *pool = ms_serve_body_string(dev, "pool");
        if (g_str_equal(l->data, "root") && pool != NULL && json_object_get_size(dev) == 3 &&
            g_strcmp0(ms_serve_body_string(dev, "path"), "/") == 0 &&
            g_strcmp0(ms_serve_body_string(dev, "type"), "disk") == 0) {
            op->pool = g_strdup(pool);
            /* a client sent it: no GET of the pool first, as lxc does */
            op->pool_unread = TRUE;
        } else {
            g_autofree char *text = ms_serve_not_modelled(
                req, "devices in POST /1.0/instances other than lxc init -s POOL's root disk");
            return ms_serve_error(req, 400, text);
        }
    }
    ms_serve_run(req, op, "Creating instance", "instances", name);
}

/* The op for a device that is new in a PUT: lxc storage volume attach
 * (a disk with pool and source) or lxc config device add. */
static MsOp *
device_add_op(const char *instance, const char *name, GHashTable *dev)
{
    const char *type = g_hash_table_lookup(dev, "type");
    const char *pool = g_hash_table_lookup(dev, "pool");
    const char *source = g_hash_table_lookup(dev, "source");
    MsOp *op;

    if (g_strcmp0(type, "disk") == 0 && pool != NULL && source != NULL && !g_str_equal(name, "root")) {
        const char *path = g_hash_table_lookup(dev, "path");
        op = ms_op_new(MS_OP_VOLUME_ATTACH);
        op->pool = g_strdup(pool);
        op->volume = g_strdup(source);
        op->device = g_strdup(name);
        /* a request names its device: no client reads the volume first */
        op->device_named = TRUE;
        if (path != NULL && *path != '\0')
            op->path = g_strdup(path);
        /* other keys are not part of lxc storage volume attach */
        if (g_hash_table_size(dev) == 3 + (path != NULL)) {
            op->instance = g_strdup(instance);
            return op;
        }
        ms_op_free(op);
    }
    op = ms_op_new(MS_OP_DEVICE_ADD);
    op->instance = g_strdup(instance);
    op->device = g_strdup(name);
    op->device_type = g_strdup(type != NULL ? type : "");
    ms_serve_add_config(op, dev, "type");
    return op;
}

/* The device changes between @old and @new as ops on @instance. */
static gboolean
diff_devices(MsServeReq *req, const char *instance, MsDevices *old, JsonObject *new, gboolean patch,
             GPtrArray *ops)
{
    g_autoptr(GList) names = new != NULL ? json_object_get_members(new) : NULL;
    g_autofree const char **old_names = ms_devices_sorted_names(old);

    names = g_list_sort(names, (GCompareFunc) g_strcmp0);
    for (GList *l = names; l != NULL; l = l->next) {
        g_autoptr(GHashTable) dev = ms_serve_string_table();
        MsDevice *was = ms_devices_lookup(old, l->data);
        if (!ms_serve_string_map(req, ms_serve_body_object(new, l->data), dev))
            return FALSE;
        if (was == NULL) {
            g_ptr_array_add(ops, device_add_op(instance, l->data, dev));
        } else {
            MsOp *set = ms_op_new(MS_OP_DEVICE_SET);
            g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
            g_autoptr(GHashTable) was_config = ms_device_to_config(was);
            set->instance = g_strdup(instance);
            set->device = g_strdup(l->data);
            ms_serve_diff_config(was_config, dev, set, unset);
            ms_serve_device_empty_keys(was_config, dev, unset);
            for (guint i = 0; i < unset->len; i++)
                ms_op_add_kv(set, unset->pdata[i], "");
            if (set->keys->len > 0)
                g_ptr_array_add(ops, set);
            else
                ms_op_free(set);
        }
    }
    for (guint i = 0; !patch && old_names[i] != NULL; i++) {
        if (new != NULL && json_object_has_member(new, old_names[i]))
            continue;
        MsOp *op = ms_op_new(MS_OP_DEVICE_REMOVE);
        op->instance = g_strdup(instance);
        op->device = g_strdup(old_names[i]);
        g_ptr_array_add(ops, op);
    }
    return TRUE;
}

/* PUT (replace) or PATCH (merge) /1.0/instances/NAME: what lxc config
 * set/unset, config device add/remove/set, storage volume attach/detach
 * and profile add/remove send (GET, change, PUT).  Several changes in one
 * request apply all or nothing. */
static void
instance_put(MsServeReq *req)
{
    MsInstance *inst = find_instance(req);
    JsonObject *body = ms_serve_body(req);
    gboolean patch = g_str_equal(req->method, "PATCH");
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(GHashTable) local = NULL;
    g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
    JsonNode *profiles = body != NULL ? json_object_get_member(body, "profiles") : NULL;
    MsOp *set;

    if (inst == NULL)
        return;
    /* a "restore" is lxc restore NAME SNAP: nothing else of the body is
     * read (instancePut, lxd/instance_put.go:117-166 at lxd-5.0.2; the
     * request lxc/restore.go:62-73 sends) */
    if (patch && g_strcmp0(ms_serve_body_string(body, "restore"), "") > 0) {
        /* instancePatch refuses it (lxd/instance_patch.go:120-122 at
         * lxd-5.0.2); no rule row holds that text yet */
        g_autofree char *text = ms_serve_not_modelled(req, "PATCH /1.0/instances/NAME with a restore");
        return ms_serve_error(req, 400, text);
    }
    if (g_strcmp0(ms_serve_body_string(body, "restore"), "") > 0) {
        g_autoptr(MsOp) restore = ms_op_new(MS_OP_SNAPSHOT_RESTORE);
        restore->instance = g_strdup(inst->name);
        restore->snapshot = g_strdup(ms_serve_body_string(body, "restore"));
        restore->stateful = ms_serve_body_bool(body, "stateful");
        return ms_serve_run(req, restore, "Restoring snapshot", "instances", req->args[0]);
    }
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    local = ms_instance_config_table(inst);
    set = ms_op_new(MS_OP_CONFIG_SET);
    set->instance = g_strdup(inst->name);
    ms_serve_diff_config(local, config, set, patch ? NULL : unset);
    if (set->keys->len > 0)
        g_ptr_array_add(ops, set);
    else
        ms_op_free(set);
    ms_serve_add_unsets(ops, MS_OP_CONFIG_UNSET, inst->name, NULL, NULL, unset);
    if ((body != NULL && json_object_has_member(body, "devices")) || !patch)
        if (!diff_devices(req, inst->name, inst->devices, ms_serve_body_object(body, "devices"), patch, ops))
            return;
    if (profiles != NULL && JSON_NODE_HOLDS_ARRAY(profiles)) {
        JsonArray *array = json_node_get_array(profiles);
        for (guint i = 0; i < inst->profiles->len; i++) {
            gboolean kept = FALSE;
            for (guint j = 0; j < json_array_get_length(array); j++)
                kept |= g_strcmp0(json_array_get_string_element(array, j), inst->profiles->pdata[i]) == 0;
            if (!kept) {
                MsOp *op = ms_op_new(MS_OP_PROFILE_UNASSIGN);
                op->instance = g_strdup(inst->name);
                op->profile = g_strdup(inst->profiles->pdata[i]);
                g_ptr_array_add(ops, op);
            }
        }
        for (guint j = 0; j < json_array_get_length(array); j++) {
            const char *name = json_array_get_string_element(array, j);
            gboolean had = FALSE, again = FALSE;
            for (guint i = 0; i < inst->profiles->len; i++)
                had |= g_strcmp0(name, inst->profiles->pdata[i]) == 0;
            /* a name listed twice is what lxc profile add of an assigned
             * profile sends: the model's assign refuses it */
            for (guint k = 0; k < j; k++)
                again |= g_strcmp0(name, json_array_get_string_element(array, k)) == 0;
            if ((!had || again) && name != NULL) {
                MsOp *op = ms_op_new(MS_OP_PROFILE_ASSIGN);
                op->instance = g_strdup(inst->name);
                op->profile = g_strdup(name);
                g_ptr_array_add(ops, op);
            }
        }
    }
    ms_serve_run_all(req, ops, "Updating instance", "instances", req->args[0]);
}

static MsOp *
instance_op(MsOpKind kind, const char *name)
{
    MsOp *op = ms_op_new(kind);

    op->instance = g_strdup(name);
    op->instances = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(op->instances, g_strdup(name));
    return op;
}

/* PUT /1.0/instances/NAME/state {action, force, stateful}: lxc start, stop, restart. */
static void
instance_state_put(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *action = ms_serve_body_string(body, "action");
    g_autoptr(MsOp) op = NULL;
    const char *description;

    if (find_instance(req) == NULL)
        return;
    if (g_strcmp0(action, "start") == 0) {
        op = instance_op(MS_OP_START, req->args[0]);
        description = "Starting instance";
    } else if (g_strcmp0(action, "stop") == 0) {
        op = instance_op(MS_OP_STOP, req->args[0]);
        description = "Stopping instance";
    } else if (g_strcmp0(action, "restart") == 0) {
        op = instance_op(MS_OP_RESTART, req->args[0]);
        description = "Restarting instance";
    } else {
        g_autofree char *text =
            ms_serve_not_modelled(req, "instance state actions other than start, stop and restart");
        return ms_serve_error(req, 400, text);
    }
    op->force = ms_serve_body_bool(body, "force");
    op->stateful = ms_serve_body_bool(body, "stateful");
    /* a start the request does not make stateful drops a saved state
     * (driver_qemu.go:1550-1565 at lxd-5.21.7), whatever lxc would ask */
    op->stateless = op->kind == MS_OP_START && !op->stateful;
    ms_serve_run(req, op, description, "instances", req->args[0]);
}

static void
instance_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = NULL;

    if (find_instance(req) == NULL)
        return;
    op = instance_op(MS_OP_DELETE, req->args[0]);
    ms_serve_run(req, op, "Deleting instance", "instances", req->args[0]);
}

/* POST /1.0/instances/NAME[?target=]: lxc move --target (migration) or a
 * rename (lxc/move.go). */
static void
instance_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *name = ms_serve_body_string(body, "name");
    g_autoptr(MsOp) op = ms_op_new(MS_OP_MOVE);

    op->instance = g_strdup(req->args[0]);
    ms_serve_set_target(req, op);
    /* a rename alone: lxc rename and lxc move NAME NEWNAME send {name,
     * migration: false} without ?target= (lxc/rename.go:30-60,
     * lxc/move.go:115-153 at lxd-5.0.2; instancePost's rename branch,
     * lxd/instance_post.go:367-389): the model's MS_OP_RENAME */
    if (op->target == NULL && op->group == NULL && !ms_serve_body_bool(body, "migration") && name != NULL) {
        g_autoptr(MsOp) rename = ms_op_new(MS_OP_RENAME);
        rename->instance = g_strdup(req->args[0]);
        rename->new_name = g_strdup(name);
        return ms_serve_run(req, rename, "Renaming instance", "instances", req->args[0]);
    }
    /* a migration source for another server (migration without a target)
     * is not modelled: the model moves between members only, like the
     * scenario language's lxc move */
    if (op->target == NULL && op->group == NULL) {
        g_autofree char *text =
            ms_serve_not_modelled(req, "POST /1.0/instances/NAME without ?target= (migrations to "
                                       "another server)");
        return ms_serve_error(req, 400, text);
    }
    if (name != NULL && !g_str_equal(name, req->args[0]))
        op->new_name = g_strdup(name);
    /* lxc/move.go: live unless --stateless */
    op->stateless = !ms_serve_body_bool(body, "live");
    ms_serve_run(req, op, op->new_name != NULL ? "Renaming instance" : "Migrating instance", "instances",
                 req->args[0]);
}

/* POST /1.0/instances/NAME/backups: the model marks the instance as having
 * a backup (lxc export, or lxc query -X POST as LXD's tests do); the body
 * serve read goes to the model written out again, and the model decodes it
 * as LXD does (QUERY.BODY_NOT_OBJECT, QUERY.BODY_EMPTY). */
static void
instance_backup_post(MsServeReq *req)
{
    g_autoptr(MsOp) op = NULL;
    g_autoptr(MsOutcome) outcome = NULL;
    MsInstance *inst = find_instance(req);
    const char *sent;
    g_autofree char *backup = NULL;
    JsonObject *resources;

    if (inst == NULL)
        return;
    /* the name LXD gives an unnamed backup: backupN past the highest N of
     * the instance's backups (lxd/instance_backup.go:275-300 at lxd-5.0.2);
     * the model keeps their count, not their names, so it is known only
     * for the first (the model refuses a named one after others) */
    sent = ms_serve_body_string(ms_serve_body(req), "name");
    if (sent != NULL && *sent != '\0')
        backup = g_strdup(sent);
    else if (inst->n_backups == 0)
        backup = g_strdup("backup0");
    op = ms_op_new(MS_OP_BACKUP_CREATE);
    op->instance = g_strdup(req->args[0]);
    op->request_data = req->body != NULL ? json_to_string(req->body, FALSE) : NULL;
    op->request_data_sent = TRUE;
    outcome = ms_serve_apply(req, op);
    if (!outcome->ok)
        return ms_serve_outcome(req, outcome, "Backing up instance", "instances", req->args[0]);
    ms_serve_record(req, op);
    inst = ms_cluster_lookup_instance(req->api->cluster, req->args[0]);
    /* forwarded to the instance's member (forwardedResponseIfInstanceIsRemote),
     * whose operation names the instance, for a container under its old
     * name too, and the backup (lxd/instance_backup.go:334-341 at lxd-5.0.2) */
    resources = json_object_new();
    json_object_set_array_member(resources, "instances", ms_serve_url_array("instances", req->args[0]));
    if (inst->type != MS_INSTANCE_VM)
        json_object_set_array_member(resources, "containers", ms_serve_url_array("containers", req->args[0]));
    if (backup != NULL)
        json_object_set_array_member(resources, "backups", ms_serve_url_array("backups", backup));
    ms_serve_operation_at(req, inst->location, "Backing up instance", resources);
}

/* POST /1.0/instances/NAME/exec: instanceExecPost's refusals, answered
 * before any operation (lxd/instance_exec.go:529-576 at lxd-5.0.2; the
 * model's ms_apply_exec).  Past them LXD runs the command in the guest over
 * the operation's websockets, which serve does not: not modelled, rather
 * than an exit status or output migsim cannot know. */
static void
instance_exec_post(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_EXEC);
    g_autoptr(MsOutcome) outcome = NULL;
    g_autofree char *text = NULL;

    op->instance = g_strdup(req->args[0]);
    outcome = ms_serve_apply(req, op);
    if (!outcome->ok)
        return ms_serve_outcome(req, outcome, NULL, NULL, NULL);
    text = ms_serve_not_modelled(req, "POST /1.0/instances/NAME/exec past LXD's checks (the command runs in "
                                      "the guest, which migsim does not)");
    ms_serve_error(req, 400, text);
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "1.0/instances", instances_get },
    { "POST", "1.0/instances", instances_post },
    { "GET", "1.0/instances/*", instance_get },
    { "PUT", "1.0/instances/*", instance_put },
    { "PATCH", "1.0/instances/*", instance_put },
    { "DELETE", "1.0/instances/*", instance_delete },
    { "POST", "1.0/instances/*", instance_post },
    { "GET", "1.0/instances/*/state", instance_state_get },
    { "PUT", "1.0/instances/*/state", instance_state_put },
    { "POST", "1.0/instances/*/backups", instance_backup_post },
    { "POST", "1.0/instances/*/exec", instance_exec_post },
    /* the pre-instances names LXD still answers (lxd/api_1.0.go: the containers aliases) */
    { "GET", "1.0/containers", instances_get },
    { "POST", "1.0/containers", instances_post },
    { "GET", "1.0/containers/*", instance_get },
    { "PUT", "1.0/containers/*", instance_put },
    { "PATCH", "1.0/containers/*", instance_put },
    { "DELETE", "1.0/containers/*", instance_delete },
    { "POST", "1.0/containers/*", instance_post },
    { "GET", "1.0/containers/*/state", instance_state_get },
    { "PUT", "1.0/containers/*/state", instance_state_put },
};
/* clang-format on */
const MsServeRoutes ms_serve_instance_routes = { routes, G_N_ELEMENTS(routes) };
