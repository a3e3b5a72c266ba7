/* migsim serve: instances, profiles, storage and images.  Each request
 * becomes the op(s) the matching `lxc` command makes (the inverse of the
 * request sequences in sim/live/ms-replay-ops.c); object bodies start from
 * sim/live/ms-lxd-map.c, the one mapping of the model to LXD's shapes.
 * Shapes: shared/api/instance.go, storage_pool.go, storage_pool_volume.go,
 * profile.go, image.go at each tag. */
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

static void
set_target(MsServeReq *req, MsOp *op)
{
    const char *target = ms_serve_query(req, "target");

    if (target == NULL || *target == '\0')
        return;
    if (target[0] == '@')
        op->group = g_strdup(target + 1);
    else
        op->target = g_strdup(target);
}

static char *
not_modelled(MsServeReq *req, const char *what)
{
    return g_strdup_printf("not modelled for %s: %s", req->api->profile->name, what);
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

    if (name == NULL || *name == '\0') {
        g_autofree char *text = not_modelled(req, "an instance without a name (LXD picks a random one)");
        return ms_serve_error(req, 400, text);
    }
    op->instance = g_strdup(name);
    op->vm = g_strcmp0(ms_serve_body_string(body, "type"), "virtual-machine") == 0;
    op->empty = source_type == NULL || g_str_equal(source_type, "none");
    if (!op->empty)
        op->image = g_strdup(image_alias(req->api, image != NULL ? image : "default"));
    if (source_type != NULL && !g_str_equal(source_type, "none") && !g_str_equal(source_type, "image")) {
        g_autofree char *text = not_modelled(req, "instance sources other than an image or none");
        return ms_serve_error(req, 400, text);
    }
    op->start = ms_serve_body_bool(body, "start");
    set_target(req, op);
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
    {
        g_autofree const char **keys = ms_config_sorted_keys(config);
        for (guint i = 0; keys[i] != NULL; i++)
            ms_op_add_kv(op, keys[i], g_hash_table_lookup(config, keys[i]));
    }
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
            g_autofree char *text =
                not_modelled(req, "devices in POST /1.0/instances other than lxc init -s POOL's root disk");
            return ms_serve_error(req, 400, text);
        }
    }
    ms_serve_run(req, op, "Creating instance", "instances", name);
}

static GHashTable *
string_table(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
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
    {
        g_autofree const char **keys = ms_config_sorted_keys(dev);
        for (guint i = 0; keys[i] != NULL; i++)
            if (!g_str_equal(keys[i], "type"))
                ms_op_add_kv(op, keys[i], g_hash_table_lookup(dev, keys[i]));
    }
    return op;
}

/* The device changes between @old and @new as ops on @instance. */
static gboolean
diff_devices(MsServeReq *req, const char *instance, GHashTable *old, JsonObject *new, gboolean patch,
             GPtrArray *ops)
{
    g_autoptr(GList) names = new != NULL ? json_object_get_members(new) : NULL;
    g_autofree const char **old_names = ms_config_sorted_keys(old);

    names = g_list_sort(names, (GCompareFunc) g_strcmp0);
    for (GList *l = names; l != NULL; l = l->next) {
        g_autoptr(GHashTable) dev = string_table();
        GHashTable *was = g_hash_table_lookup(old, l->data);
        if (!ms_serve_string_map(req, ms_serve_body_object(new, l->data), dev))
            return FALSE;
        if (was == NULL) {
            g_ptr_array_add(ops, device_add_op(instance, l->data, dev));
        } else {
            MsOp *set = ms_op_new(MS_OP_DEVICE_SET);
            g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
            set->instance = g_strdup(instance);
            set->device = g_strdup(l->data);
            ms_serve_diff_config(was, dev, set, unset);
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
    g_autoptr(GHashTable) config = string_table();
    g_autoptr(GHashTable) local = NULL;
    g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
    JsonNode *profiles = body != NULL ? json_object_get_member(body, "profiles") : NULL;
    MsOp *set;

    if (inst == NULL)
        return;
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
    for (guint i = 0; i < unset->len; i++) {
        MsOp *op = ms_op_new(MS_OP_CONFIG_UNSET);
        op->instance = g_strdup(inst->name);
        ms_op_add_kv(op, unset->pdata[i], "");
        g_ptr_array_add(ops, op);
    }
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
            not_modelled(req, "instance state actions other than start, stop and restart");
        return ms_serve_error(req, 400, text);
    }
    op->force = ms_serve_body_bool(body, "force");
    op->stateful = ms_serve_body_bool(body, "stateful");
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
    set_target(req, op);
    /* a rename alone (lxc move c1 c2) and a migration source for another
     * server (migration without a target) are not modelled: the model moves
     * between members only, like the scenario language's lxc move */
    if (op->target == NULL && op->group == NULL) {
        g_autofree char *text = not_modelled(req, "POST /1.0/instances/NAME without ?target= (renames and "
                                                  "migrations to another server)");
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
 * a backup (lxc export, or lxc query -X POST as LXD's tests do). */
static void
instance_backup_post(MsServeReq *req)
{
    g_autoptr(MsOp) op = NULL;

    if (find_instance(req) == NULL)
        return;
    op = ms_op_new(MS_OP_BACKUP_CREATE);
    op->instance = g_strdup(req->args[0]);
    ms_serve_run(req, op, "Backing up instance", "instances", req->args[0]);
}

/* ---------------------------------------------------------------------- */
/* Profiles */

static JsonObject *
profile_object(MsServeApi *api, const MsProfileEntity *p)
{
    g_autoptr(JsonNode) base = ms_lxd_map_profile_to_json(api->cluster, p->name);
    JsonObject *obj = json_object_ref(json_node_get_object(base));
    JsonArray *used_by = json_array_new();
    g_autoptr(GPtrArray) list = ms_cluster_list_instances(api->cluster, NULL);

    json_object_set_string_member(obj, "name", p->name);
    for (guint i = 0; i < list->len; i++) {
        const MsInstance *inst = list->pdata[i];
        for (guint j = 0; j < inst->profiles->len; j++)
            if (g_str_equal(inst->profiles->pdata[j], p->name)) {
                g_autofree char *path = g_strdup_printf("/1.0/instances/%s", inst->name);
                json_array_add_string_element(used_by, path);
            }
    }
    json_object_set_array_member(obj, "used_by", used_by);
    return obj;
}

static void
profiles_get(MsServeReq *req)
{
    JsonArray *array = json_array_new();

    for (guint i = 0; i < req->api->cluster->profiles->len; i++) {
        const MsProfileEntity *p = req->api->cluster->profiles->pdata[i];
        if (ms_serve_recursion(req) > 0) {
            json_array_add_object_element(array, profile_object(req->api, p));
        } else {
            g_autofree char *path = g_strdup_printf("/1.0/profiles/%s", p->name);
            json_array_add_string_element(array, path);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

static void
profile_get(MsServeReq *req)
{
    const MsProfileEntity *p = ms_cluster_lookup_profile(req->api->cluster, req->args[0]);

    if (p == NULL)
        return ms_serve_rule_error(req, MS_RULE_PROFILE_FETCH_NOT_FOUND, req->args[0]);
    ms_serve_sync(req, ms_serve_take(profile_object(req->api, p)));
}

static void
profile_changes(MsServeReq *req, const char *name, GHashTable *old_config, GHashTable *old_devices,
                JsonObject *body, gboolean patch, GPtrArray *ops)
{
    g_autoptr(GHashTable) config = string_table();
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
    JsonObject *devices = ms_serve_body_object(body, "devices");
    g_autoptr(GList) names = devices != NULL ? json_object_get_members(devices) : NULL;
    g_autofree const char **old_names = ms_config_sorted_keys(old_devices);
    MsOp *set = ms_op_new(MS_OP_PROFILE_SET);

    set->profile = g_strdup(name);
    g_ptr_array_add(ops, set);
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    ms_serve_diff_config(old_config, config, set, patch ? NULL : unset);
    if (set->keys->len == 0)
        g_ptr_array_remove_index(ops, ops->len - 1);
    for (guint i = 0; i < unset->len; i++) {
        MsOp *op = ms_op_new(MS_OP_PROFILE_UNSET);
        op->profile = g_strdup(name);
        ms_op_add_kv(op, unset->pdata[i], "");
        g_ptr_array_add(ops, op);
    }
    names = g_list_sort(names, (GCompareFunc) g_strcmp0);
    for (GList *l = names; l != NULL; l = l->next) {
        g_autoptr(GHashTable) dev = string_table();
        MsOp *op;
        if (g_hash_table_contains(old_devices, l->data))
            continue;
        if (!ms_serve_string_map(req, ms_serve_body_object(devices, l->data), dev))
            return;
        op = ms_op_new(MS_OP_PROFILE_DEVICE_ADD);
        op->profile = g_strdup(name);
        op->device = g_strdup(l->data);
        op->device_type = g_strdup(g_hash_table_lookup(dev, "type") ?: "");
        g_hash_table_remove(dev, "type");
        {
            g_autofree const char **keys = ms_config_sorted_keys(dev);
            for (guint i = 0; keys[i] != NULL; i++)
                ms_op_add_kv(op, keys[i], g_hash_table_lookup(dev, keys[i]));
        }
        g_ptr_array_add(ops, op);
    }
    for (guint i = 0; !patch && old_names[i] != NULL; i++) {
        MsOp *op;
        if (devices != NULL && json_object_has_member(devices, old_names[i]))
            continue;
        op = ms_op_new(MS_OP_PROFILE_DEVICE_REMOVE);
        op->profile = g_strdup(name);
        op->device = g_strdup(old_names[i]);
        g_ptr_array_add(ops, op);
    }
}

static void
profiles_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *name = ms_serve_body_string(body, "name");
    g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    g_autoptr(GHashTable) none = string_table();
    MsOp *create = ms_op_new(MS_OP_PROFILE_CREATE);

    create->profile = g_strdup(name != NULL ? name : "");
    g_ptr_array_add(ops, create);
    if (body != NULL)
        profile_changes(req, create->profile, none, none, body, TRUE, ops);
    if (req->reply->body == NULL)
        ms_serve_run_all(req, ops, NULL, NULL, NULL);
}

static void
profile_put(MsServeReq *req)
{
    MsProfileEntity *p = ms_cluster_lookup_profile(req->api->cluster, req->args[0]);
    g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);

    if (p == NULL)
        return ms_serve_rule_error(req, MS_RULE_PROFILE_FETCH_NOT_FOUND, req->args[0]);
    profile_changes(req, p->name, p->config, p->devices, ms_serve_body(req),
                    g_str_equal(req->method, "PATCH"), ops);
    if (req->reply->body == NULL)
        ms_serve_run_all(req, ops, NULL, NULL, NULL);
}

static void
profile_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_PROFILE_DELETE);

    op->profile = g_strdup(req->args[0]);
    ms_serve_run(req, op, NULL, NULL, NULL);
}

/* ---------------------------------------------------------------------- */
/* Storage */

static JsonObject *
pool_object(const MsCluster *cluster, const MsPool *pool)
{
    JsonObject *obj = json_object_new();
    JsonArray *locations = json_array_new();

    json_object_set_string_member(obj, "name", pool->name);
    json_object_set_string_member(obj, "driver", pool->driver);
    json_object_set_string_member(obj, "description", "");
    json_object_set_string_member(obj, "status", ms_pool_state_to_api(pool->state));
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

static MsPool *
find_pool(MsServeReq *req)
{
    MsPool *pool = ms_cluster_lookup_pool(req->api->cluster, req->args[0]);

    if (pool == NULL)
        ms_serve_rule_error(req, MS_RULE_POOL_NOT_FOUND, req->args[0]);
    return pool;
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
    g_autoptr(GHashTable) config = string_table();
    g_autoptr(MsOp) op = ms_op_new(MS_OP_STORAGE_CREATE);

    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    op->pool = g_strdup(ms_serve_body_string(body, "name") ?: "");
    op->driver = g_strdup(ms_serve_body_string(body, "driver") ?: "");
    set_target(req, op);
    {
        g_autofree const char **keys = ms_config_sorted_keys(config);
        for (guint i = 0; keys[i] != NULL; i++)
            ms_op_add_kv(op, keys[i], g_hash_table_lookup(config, keys[i]));
    }
    ms_serve_run(req, op, NULL, NULL, NULL);
}

/* PUT (replace) or PATCH (merge) /1.0/storage-pools/P: lxc storage set/unset. */
static void
pool_put(MsServeReq *req)
{
    MsPool *pool = find_pool(req);
    g_autoptr(GHashTable) config = string_table();
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
    for (guint i = 0; i < unset->len; i++) {
        MsOp *op = ms_op_new(MS_OP_STORAGE_UNSET);
        op->pool = g_strdup(pool->name);
        ms_op_add_kv(op, unset->pdata[i], "");
        g_ptr_array_add(ops, op);
    }
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
    json_object_set_string_member(obj, "project", "default");
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

/* POST /1.0/storage-pools/POOL/volumes[/custom][?target=]: lxc storage
 * volume create; a sync reply when nothing is copied
 * (lxd/storage_volumes.go doVolumeCreateOrCopy). */
static void
volumes_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *type = ms_serve_body_string(body, "type");
    const char *content = ms_serve_body_string(body, "content_type");
    g_autoptr(GHashTable) config = string_table();
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_CREATE);

    if (type != NULL && !g_str_equal(type, "custom")) {
        g_autofree char *text = not_modelled(req, "storage volumes other than custom ones");
        return ms_serve_error(req, 400, text);
    }
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup(ms_serve_body_string(body, "name") ?: "");
    if (content != NULL && *content != '\0')
        op->content_type = g_strdup(content);
    set_target(req, op);
    {
        g_autofree const char **keys = ms_config_sorted_keys(config);
        for (guint i = 0; keys[i] != NULL; i++)
            ms_op_add_kv(op, keys[i], g_hash_table_lookup(config, keys[i]));
    }
    ms_serve_run(req, op, NULL, NULL, NULL);
}

static void
volume_get(MsServeReq *req)
{
    const MsVolume *volume;

    if (find_pool(req) == NULL)
        return;
    volume = ms_cluster_lookup_volume(req->api->cluster, req->args[0], req->args[1],
                                      ms_serve_query(req, "target"));
    if (volume == NULL)
        return ms_serve_rule_error(req, MS_RULE_VOLUME_NOT_FOUND, req->args[1]);
    ms_serve_sync(req, ms_serve_take(volume_object(volume)));
}

static void
volume_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_VOLUME_DELETE);

    op->pool = g_strdup(req->args[0]);
    op->volume = g_strdup(req->args[1]);
    set_target(req, op);
    ms_serve_run(req, op, NULL, NULL, NULL);
}

/* ---------------------------------------------------------------------- */
/* Images: any alias resolves, to a container image or (with
 * ?type=virtual-machine) a VM image; the model does not hold images. */

static char *
image_fingerprint(const char *type, const char *alias)
{
    g_autofree char *seed = g_strdup_printf("migsim image %s %s", type, alias);

    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, seed, -1);
}

static JsonObject *
image_object(const char *fingerprint, const char *known)
{
    JsonObject *obj = json_object_new();
    JsonArray *aliases = json_array_new();
    JsonObject *alias = json_object_new();
    g_autofree char *type = g_strndup(known, strcspn(known, " "));

    json_object_set_string_member(alias, "name", strchr(known, ' ') + 1);
    json_object_set_string_member(alias, "description", "");
    json_array_add_object_element(aliases, alias);
    json_object_set_array_member(obj, "aliases", aliases);
    json_object_set_string_member(obj, "architecture", "x86_64");
    json_object_set_boolean_member(obj, "auto_update", FALSE);
    json_object_set_boolean_member(obj, "cached", FALSE);
    json_object_set_string_member(obj, "fingerprint", fingerprint);
    json_object_set_string_member(obj, "filename", "migsim.tar.xz");
    json_object_set_object_member(obj, "properties", json_object_new());
    json_object_set_boolean_member(obj, "public", FALSE);
    json_object_set_int_member(obj, "size", 1024);
    json_object_set_string_member(obj, "type", type);
    json_object_set_string_member(obj, "created_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(obj, "uploaded_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(obj, "project", "default");
    return obj;
}

static void
alias_get(MsServeReq *req)
{
    const char *type = ms_serve_query(req, "type");
    JsonObject *obj = json_object_new();
    g_autofree char *fingerprint = NULL;

    if (type == NULL || !g_str_equal(type, "virtual-machine"))
        type = "container";
    fingerprint = image_fingerprint(type, req->args[0]);
    g_hash_table_replace(req->api->images, g_strdup(fingerprint),
                         g_strdup_printf("%s %s", type, req->args[0]));
    json_object_set_string_member(obj, "name", req->args[0]);
    json_object_set_string_member(obj, "description", "");
    json_object_set_string_member(obj, "target", fingerprint);
    json_object_set_string_member(obj, "type", type);
    ms_serve_sync(req, ms_serve_take(obj));
}

static void
image_get(MsServeReq *req)
{
    const char *known = g_hash_table_lookup(req->api->images, req->args[0]);

    if (known == NULL)
        /* lxd/images.go imageGet: no image with that fingerprint */
        return ms_serve_error(req, 404, "Image not found");
    ms_serve_sync(req, ms_serve_take(image_object(req->args[0], known)));
}

static void
images_get(MsServeReq *req)
{
    JsonArray *array = json_array_new();
    g_autofree const char **fingerprints = ms_config_sorted_keys(req->api->images);

    for (guint i = 0; fingerprints[i] != NULL; i++) {
        if (ms_serve_recursion(req) > 0) {
            json_array_add_object_element(
                array, image_object(fingerprints[i], g_hash_table_lookup(req->api->images, fingerprints[i])));
        } else {
            g_autofree char *path = g_strdup_printf("/1.0/images/%s", fingerprints[i]);
            json_array_add_string_element(array, path);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* clang-format off */
const MsServeRoute ms_serve_object_routes[] = {
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
    { "GET", "1.0/profiles", profiles_get },
    { "POST", "1.0/profiles", profiles_post },
    { "GET", "1.0/profiles/*", profile_get },
    { "PUT", "1.0/profiles/*", profile_put },
    { "PATCH", "1.0/profiles/*", profile_put },
    { "DELETE", "1.0/profiles/*", profile_delete },
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
    { "DELETE", "1.0/storage-pools/*/volumes/custom/*", volume_delete },
    { "GET", "1.0/images", images_get },
    { "GET", "1.0/images/aliases/*", alias_get },
    { "GET", "1.0/images/*", image_get },
};
/* clang-format on */
const guint ms_serve_n_object_routes = G_N_ELEMENTS(ms_serve_object_routes);
