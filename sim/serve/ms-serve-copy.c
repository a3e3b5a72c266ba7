/* migsim serve: lxc copy inside the cluster, POST /1.0/instances with
 * source type "copy".  lxc reads the source, drops its volatile keys, lays
 * -c, -d and -s over the rest and sends it whole (lxc/copy.go copyInstance,
 * client/lxd_instances.go CopyInstance at lxd-5.0.2); this file reads the
 * request back into the op `lxc copy` makes (MS_OP_COPY, the inverse of
 * sim/live/ms-replay-ops-copy.c): the keys and devices that differ from
 * the source are its -c and -d.  What lxc copy cannot send (a key or a
 * device of the source left out, other profiles, another project) is
 * "not modelled", not guessed. */
#include "ms-serve-objects.h"

#include "ms-config.h"

/* The source's config as lxc sends it: volatile keys dropped but
 * volatile.base_image, all kept by --refresh, volatile.last_state.power
 * always dropped (shared/instance.go:372-386 InstanceIncludeWhenCopying,
 * lxc/copy.go:312-323 at lxd-5.0.2). */
static gboolean
copy_key_sent(const char *key, gboolean refresh)
{
    if (g_str_equal(key, "volatile.last_state.power"))
        return FALSE;
    return refresh || !g_str_has_prefix(key, "volatile.") || g_str_equal(key, "volatile.base_image");
}

/* -c KEY=VALUE for each key of @sent that differs from @source; FALSE (and
 * *why) when a key lxc would send is missing. */
static gboolean
copy_config_overrides(GHashTable *source, GHashTable *sent, gboolean refresh, MsOp *op, const char **why)
{
    g_autofree const char **keys = ms_config_sorted_keys(sent);
    g_autofree const char **source_keys = ms_config_sorted_keys(source);

    for (guint i = 0; source_keys[i] != NULL; i++)
        if (copy_key_sent(source_keys[i], refresh) && !g_hash_table_contains(sent, source_keys[i])) {
            *why = "a copy without a config key of its source";
            return FALSE;
        }
    for (guint i = 0; keys[i] != NULL; i++) {
        const char *value = g_hash_table_lookup(sent, keys[i]);
        if (g_strcmp0(g_hash_table_lookup(source, keys[i]), value) == 0)
            continue;
        /* lxc's -c sets keys, lxc drops the source's volatile ones */
        if (g_str_has_prefix(keys[i], "volatile.") && !refresh) {
            *why = "a copy that sets volatile keys";
            return FALSE;
        }
        ms_op_add_kv(op, keys[i], value);
    }
    return TRUE;
}

/* Is @dev (the sent device @name, @was the source's or NULL) what lxc copy
 * -s POOL writes: the source's root disk with another pool, or a new "root"
 * disk when the source has none of its own (lxc/copy.go:297-310 at
 * lxd-5.0.2)?  Then its POOL, else NULL. */
static const char *
copy_root_pool(const char *name, MsDevice *was, GHashTable *dev)
{
    const char *pool = g_hash_table_lookup(dev, "pool");

    if (pool == NULL || g_strcmp0(g_hash_table_lookup(dev, "type"), "disk") != 0 ||
        g_strcmp0(g_hash_table_lookup(dev, "path"), "/") != 0 || g_hash_table_contains(dev, "source"))
        return NULL;
    if (was == NULL)
        return g_str_equal(name, "root") && g_hash_table_size(dev) == 3 ? pool : NULL;
    return g_strcmp0(ms_device_lookup_lit(was, "pool"), pool) != 0 ? pool : NULL;
}

/* -d DEVICE,KEY=VALUE for each key of @sent's devices that differs from
 * @source's (a new device: all its keys); FALSE (and *why) when a device or
 * a key of the source is left out, which -d cannot do.  With @root_as_pool
 * (--refresh into an existing instance, where the model reads -s and not
 * -d: ms-copy-ops.c) a root disk's new pool is lxc's -s POOL: the server
 * sees the same body from -s POOL and -d root,pool=POOL. */
static gboolean
copy_device_overrides(MsServeReq *req, MsDevices *source, JsonObject *sent, gboolean root_as_pool, MsOp *op,
                      const char **why)
{
    g_autoptr(GList) names = sent != NULL ? json_object_get_members(sent) : NULL;
    g_autofree const char **source_names = ms_devices_sorted_names(source);

    for (guint i = 0; source_names[i] != NULL; i++)
        if (sent == NULL || !json_object_has_member(sent, source_names[i])) {
            *why = "a copy without a device of its source";
            return FALSE;
        }
    names = g_list_sort(names, (GCompareFunc) g_strcmp0);
    for (GList *l = names; l != NULL; l = l->next) {
        g_autoptr(GHashTable) dev = ms_serve_string_table();
        MsDevice *was = ms_devices_lookup(source, l->data);
        g_autoptr(GHashTable) was_config = was != NULL ? ms_device_to_config(was) : ms_serve_string_table();
        g_autofree const char **keys = NULL;
        g_autofree const char **was_keys = ms_config_sorted_keys(was_config);

        if (!ms_serve_string_map(req, ms_serve_body_object(sent, l->data), dev))
            return FALSE;
        if (root_as_pool && op->pool == NULL && copy_root_pool(l->data, was, dev) != NULL) {
            op->pool = g_strdup(copy_root_pool(l->data, was, dev));
            if (was == NULL)
                continue;
            /* the rest of the device compares with the source's pool */
            if (ms_device_lookup_lit(was, "pool") != NULL)
                g_hash_table_replace(dev, g_strdup("pool"), g_strdup(ms_device_lookup_lit(was, "pool")));
            else
                g_hash_table_remove(dev, "pool");
        }
        for (guint i = 0; was_keys[i] != NULL; i++)
            if (!g_hash_table_contains(dev, was_keys[i])) {
                *why = "a copy without a device key of its source";
                return FALSE;
            }
        keys = ms_config_sorted_keys(dev);
        for (guint i = 0; keys[i] != NULL; i++) {
            const char *value = g_hash_table_lookup(dev, keys[i]);
            if (g_strcmp0(g_hash_table_lookup(was_config, keys[i]), value) == 0)
                continue;
            if (op->device_overrides == NULL)
                op->device_overrides = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(op->device_overrides,
                            g_strdup_printf("%s,%s=%s", (const char *) l->data, keys[i], value));
        }
    }
    return TRUE;
}

/* The body's profiles are the source's (lxc copy -p and --no-profiles
 * change them; the model's copy does not read those). */
static gboolean
copy_same_profiles(const MsInstance *source, JsonObject *body)
{
    JsonNode *node = json_object_get_member(body, "profiles");
    JsonArray *array;

    if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node))
        return source->profiles->len == 0;
    array = json_node_get_array(node);
    if (json_array_get_length(array) != source->profiles->len)
        return FALSE;
    for (guint i = 0; i < source->profiles->len; i++)
        if (g_strcmp0(json_array_get_string_element(array, i), source->profiles->pdata[i]) != 0)
            return FALSE;
    return TRUE;
}

void
ms_serve_instances_copy(MsServeReq *req, JsonObject *body)
{
    JsonObject *source = ms_serve_body_object(body, "source");
    const char *name = ms_serve_body_string(body, "name");
    const char *from = ms_serve_body_string(source, "source");
    const char *slash = from != NULL ? strchr(from, '/') : NULL;
    g_autofree char *parent = slash != NULL ? g_strndup(from, slash - from) : g_strdup(from);
    const MsInstance *inst = parent != NULL ? ms_cluster_lookup_instance(req->api->cluster, parent) : NULL;
    g_autoptr(MsOp) op = ms_op_new(MS_OP_COPY);
    g_autoptr(GHashTable) config = ms_serve_string_table();
    g_autoptr(GHashTable) source_config = NULL;
    MsDevices *source_devices;
    const char *why = NULL;
    gboolean running;

    if (!ms_serve_body_decodes(req, "name", G_TYPE_STRING, "config", JSON_TYPE_OBJECT, "devices",
                               JSON_TYPE_OBJECT, "source", JSON_TYPE_OBJECT, NULL))
        return;
    if (inst == NULL || name == NULL || *name == '\0' || ms_serve_body_string(source, "project") != NULL ||
        ms_serve_body_bool(body, "ephemeral") || !copy_same_profiles(inst, body)) {
        /* lxc reads the source first: a missing one never gets here */
        g_autofree char *text = ms_serve_not_modelled(
            req, "a copy of a missing source, without a name, from another project, ephemeral or "
                 "with other profiles");
        return ms_serve_error(req, 400, text);
    }
    op->instance = g_strdup(parent);
    op->new_name = g_strdup(name);
    op->refresh = ms_serve_body_bool(source, "refresh");
    op->instance_only =
        ms_serve_body_bool(source, "instance_only") || ms_serve_body_bool(source, "container_only");
    /* lxc sends live when the source runs and --stateless is absent
     * (lxc/copy.go:460 at lxd-5.0.2; never with --refresh) */
    running = inst->status == MS_INSTANCE_RUNNING;
    op->stateless = running && !op->refresh && !ms_serve_body_bool(source, "live");
    ms_serve_set_target(req, op);
    if (slash != NULL) {
        const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(inst, slash + 1);
        op->snapshot = g_strdup(slash + 1);
        if (record == NULL) {
            g_autofree char *text =
                ms_serve_not_modelled(req, "a copy of a snapshot whose config is not known");
            return ms_serve_error(req, 400, text);
        }
        source_config = ms_config_map_to_table(record->config);
        source_devices = record->devices;
    } else {
        source_config = ms_instance_config_table(inst);
        source_devices = inst->devices;
    }
    if (!ms_serve_string_map(req, ms_serve_body_object(body, "config"), config))
        return;
    if (!copy_config_overrides(source_config, config, op->refresh, op, &why) ||
        !copy_device_overrides(req, source_devices, ms_serve_body_object(body, "devices"),
                               op->refresh && ms_cluster_lookup_instance(req->api->cluster, name) != NULL, op,
                               &why)) {
        g_autofree char *text = NULL;
        if (req->reply->body != NULL)
            return;
        text = ms_serve_not_modelled(req, why);
        return ms_serve_error(req, 400, text);
    }
    ms_serve_run(req, op, "Creating instance", "instances", name);
}
