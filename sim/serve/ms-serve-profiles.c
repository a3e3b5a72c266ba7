/* migsim serve: profiles (lxc profile create, set, unset, device add and
 * remove, delete).  Shape: shared/api/profile.go at each tag; the body
 * starts from sim/live/ms-lxd-map.c. */
#include "ms-serve-objects.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

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
profile_changes(MsServeReq *req, const char *name, GHashTable *old_config, MsDevices *old_devices,
                JsonObject *body, gboolean patch, GPtrArray *ops)
{
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
    JsonObject *devices = ms_serve_body_object(body, "devices");
    g_autoptr(GList) names = devices != NULL ? json_object_get_members(devices) : NULL;
    g_autofree const char **old_names = ms_devices_sorted_names(old_devices);
    MsOp *set = ms_op_new(MS_OP_PROFILE_SET);

    set->profile = g_strdup(name);
    g_ptr_array_add(ops, set);
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    ms_serve_diff_config(old_config, config, set, patch ? NULL : unset);
    /* lxc profile unset PUTs the key with "" whether the profile holds it
     * or not (lxc/profile.go:897-906 at lxd-5.0.2) and ValidConfig refuses
     * a key LXD does not know (DISAGREEMENTS.md #20-fidgen19): the model's
     * unset decides */
    if (!patch)
        ms_serve_device_empty_keys(old_config, config, unset);
    if (set->keys->len == 0)
        g_ptr_array_remove_index(ops, ops->len - 1);
    ms_serve_add_unsets(ops, MS_OP_PROFILE_UNSET, NULL, name, NULL, unset);
    names = g_list_sort(names, (GCompareFunc) g_strcmp0);
    for (GList *l = names; l != NULL; l = l->next) {
        g_autoptr(GHashTable) dev = ms_serve_string_table();
        MsDevice *was = ms_devices_lookup(old_devices, l->data);
        MsOp *op;
        if (!ms_serve_string_map(req, ms_serve_body_object(devices, l->data), dev))
            return;
        if (was != NULL) {
            /* a device the request changes is what lxc profile device
             * set|unset PUTs (the keys set, a key gone as "", which LXD
             * does not store; PATCH replaces a named device whole too,
             * lxd/profiles.go:636-645 at lxd-5.0.2): validated as the
             * model validates those */
            g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);
            g_autoptr(GHashTable) was_config = ms_device_to_config(was);
            op = ms_op_new(MS_OP_PROFILE_DEVICE_SET);
            op->profile = g_strdup(name);
            op->device = g_strdup(l->data);
            ms_serve_diff_config(was_config, dev, op, gone);
            ms_serve_device_empty_keys(was_config, dev, gone);
            for (guint i = 0; i < gone->len; i++)
                ms_op_add_kv(op, gone->pdata[i], "");
            if (op->keys->len > 0)
                g_ptr_array_add(ops, op);
            else
                ms_op_free(op);
            continue;
        }
        op = ms_op_new(MS_OP_PROFILE_DEVICE_ADD);
        op->profile = g_strdup(name);
        op->device = g_strdup(l->data);
        op->device_type = g_strdup(g_hash_table_lookup(dev, "type") ?: "");
        ms_serve_add_config(op, dev, "type");
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
    g_autoptr(GHashTable) none = ms_serve_string_table();
    g_autoptr(MsDevices) no_devices = ms_devices_new();
    MsOp *create = ms_op_new(MS_OP_PROFILE_CREATE);

    create->profile = g_strdup(name != NULL ? name : "");
    g_ptr_array_add(ops, create);
    if (body != NULL)
        profile_changes(req, create->profile, none, no_devices, body, TRUE, ops);
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
    /* a body that does not decode into api.ProfilePut changes nothing
     * (a 400, lxd/profiles.go:495-499 and :606-617 at lxd-5.0.2); it was read as an
     * empty profile, and a PUT removed every key and device */
    if (!ms_serve_body_decodes(req, "config", JSON_TYPE_OBJECT, "devices", JSON_TYPE_OBJECT, "description",
                               G_TYPE_STRING, NULL))
        return;
    profile_changes(req, p->name, p->config, p->devices, ms_serve_body(req),
                    g_str_equal(req->method, "PATCH"), ops);
    /* from lxd-6.6 the update is an operation, 'Updating profile'
     * (operationtype.ProfileUpdate, lxd/db/operationtype/operation_type.go
     * :127 at lxd-6.6; lxd/profiles.go:703,838 at lxd-6.6), whose error is
     * a refusal of doProfileUpdate (the model's outcome->async) */
    if (req->reply->body == NULL)
        ms_serve_run_all(req, ops, ms_profile_update_async(req->api->profile) ? "Updating profile" : NULL,
                         "profiles", p->name);
}

/* POST /1.0/profiles/NAME {name}: lxc profile rename, one POST without a
 * read first (lxc/profile.go:723-760 at lxd-5.0.2); profilePost's checks
 * are the model's (MS_OP_PROFILE_RENAME, lxd/profiles.go:686-736). */
static void
profile_post(MsServeReq *req)
{
    const char *name = ms_serve_body_string(ms_serve_body(req), "name");
    g_autoptr(MsOp) op = ms_op_new(MS_OP_PROFILE_RENAME);

    if (!ms_serve_body_decodes(req, "name", G_TYPE_STRING, NULL))
        return;
    op->profile = g_strdup(req->args[0]);
    op->new_name = g_strdup(name != NULL ? name : "");
    ms_serve_run(req, op, NULL, NULL, NULL);
}

static void
profile_delete(MsServeReq *req)
{
    g_autoptr(MsOp) op = ms_op_new(MS_OP_PROFILE_DELETE);

    op->profile = g_strdup(req->args[0]);
    ms_serve_run(req, op, NULL, NULL, NULL);
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "1.0/profiles", profiles_get },
    { "POST", "1.0/profiles", profiles_post },
    { "GET", "1.0/profiles/*", profile_get },
    { "PUT", "1.0/profiles/*", profile_put },
    { "PATCH", "1.0/profiles/*", profile_put },
    { "POST", "1.0/profiles/*", profile_post },
    { "DELETE", "1.0/profiles/*", profile_delete },
};
/* clang-format on */
const MsServeRoutes ms_serve_profile_routes = { routes, G_N_ELEMENTS(routes) };
