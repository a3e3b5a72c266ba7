/* migsim: the one mapping between LXD's REST objects and the model
 * (ms-lxd-map.h).  Field names and values are api.Instance, api.Profile,
 * api.ClusterMember and api.Server of shared/api/ at tag lxd-5.0.2, as the
 * live cluster returns them (reference notes §3). */
#include "ms-lxd-map.h"

#include "ms-config.h"
#include "ms-lxd-client.h"

gboolean
ms_lxd_map_bad(MsLxdMap *map, const char *where, const char *fmt, ...)
{
    va_list args;
    g_autofree char *message = NULL;

    if (!map->strict)
        return FALSE;
    va_start(args, fmt);
    message = g_strdup_vprintf(fmt, args);
    va_end(args);
    g_set_error(map->error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "GET %s: %s: %s (not LXD's reply shape)",
                map->request, where, message);
    return FALSE;
}

static void warn(MsLxdMap *map, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(MsLxdMap *map, const char *fmt, ...)
{
    va_list args;

    if (map->warnings == NULL)
        return;
    va_start(args, fmt);
    g_ptr_array_add(map->warnings, g_strdup_vprintf(fmt, args));
    va_end(args);
}

const MsJsonLite *
ms_lxd_map_element(MsLxdMap *map, const MsJsonLite *array, guint index)
{
    const MsJsonLite *node = &array->v.items[index];

    if (node->kind != MS_JSON_LITE_OBJECT) {
        g_autofree char *where = g_strdup_printf("[%u]", index);
        return (ms_lxd_map_bad(map, where, "expected an object"), NULL);
    }
    return node;
}

/* @object's member @key; NULL when @object is NULL or has no @key */
static const MsJsonLite *
member(const MsJsonLite *object, const char *key)
{
    return object != NULL ? ms_json_lite_get(object, key) : NULL;
}

const char *
ms_lxd_map_field(MsLxdMap *map, const MsJsonLite *object, const char *key, const char *fallback,
                 const char *where)
{
    const MsJsonLite *node = member(object, key);

    if (node == NULL || node->kind == MS_JSON_LITE_NULL) {
        if (fallback == NULL)
            ms_lxd_map_bad(map, where, "no '%s'", key);
        return fallback;
    }
    if (node->kind != MS_JSON_LITE_STRING) {
        ms_lxd_map_bad(map, where, "'%s' is not a string", key);
        return map->strict ? NULL : fallback;
    }
    return node->v.string;
}

/* Where map_config_values puts each pair: a config table, a device, or
 * the pairs of an instance's config map */
typedef struct {
    GHashTable *table;
    GPtrArray *pairs;
    GPtrArray *owned; /* the pairs' integers' text */
    MsDevice *device;
} ConfigSink;

/* @value is @key's text; @transient: it lives only during the call */
static void
sink_put(ConfigSink *sink, const char *key, const char *value, gboolean transient)
{
    if (sink->table != NULL) {
        ms_config_set(sink->table, key, value);
        return;
    }
    /* a device copies @value (and interns @key) itself */
    if (sink->device != NULL) {
        ms_device_set(sink->device, key, value);
        return;
    }
    if (transient) {
        value = g_strdup(value);
        g_ptr_array_add(sink->owned, (gpointer) value);
    }
    g_ptr_array_add(sink->pairs, (gpointer) key);
    g_ptr_array_add(sink->pairs, (gpointer) value);
}

static gboolean
map_config_values(MsLxdMap *map, const MsJsonLite *object, const char *key, ConfigSink *sink,
                  const char *where)
{
    const MsJsonLite *values = member(object, key);

    if (values == NULL || values->kind == MS_JSON_LITE_NULL)
        return TRUE;
    if (values->kind != MS_JSON_LITE_OBJECT)
        return ms_lxd_map_bad(map, where, "'%s' is not an object", key) || !map->strict;
    for (guint i = 0; i < values->len; i++) {
        const MsJsonLite *value = &values->v.items[i];

        if (value->kind == MS_JSON_LITE_STRING) {
            sink_put(sink, values->keys[i], value->v.string, FALSE);
        } else if (value->kind == MS_JSON_LITE_BOOLEAN) {
            sink_put(sink, values->keys[i], value->v.boolean ? "true" : "false", FALSE);
        } else if (value->kind == MS_JSON_LITE_INT) {
            g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, value->v.integer);
            sink_put(sink, values->keys[i], text, TRUE);
        } else if (value->kind != MS_JSON_LITE_NULL && map->strict) {
            return ms_lxd_map_bad(map, where, "'%s.%s' is not a string", key, values->keys[i]);
        }
    }
    return TRUE;
}

gboolean
ms_lxd_map_config(MsLxdMap *map, const MsJsonLite *object, const char *key, GHashTable *config,
                  const char *where)
{
    ConfigSink sink = { config, NULL, NULL, NULL };

    return map_config_values(map, object, key, &sink, where);
}

gboolean
ms_lxd_map_devices(MsLxdMap *map, const MsJsonLite *object, MsDevices *devices, const char *where)
{
    const MsJsonLite *values = member(object, "devices");
    g_autofree char *device_where = NULL;

    if (values == NULL || values->kind == MS_JSON_LITE_NULL)
        return TRUE;
    if (values->kind != MS_JSON_LITE_OBJECT)
        return ms_lxd_map_bad(map, where, "'devices' is not an object") || !map->strict;
    device_where = g_strdup_printf("%s.devices", where);
    for (guint i = 0; i < values->len; i++) {
        MsDevice *device;

        if (!map->strict && values->v.items[i].kind != MS_JSON_LITE_OBJECT)
            continue;
        /* the options straight into the device (kept in key order), without
         * a config table per device: a reply's keys are distinct (the reader
         * leaves an object that repeats one to json-glib, which keeps its
         * last value, as a table did), so the device holds what the table
         * held; the table was 8 % of an import's instructions */
        device = ms_device_new();
        if (!map_config_values(map, values, values->keys[i], &(ConfigSink){ NULL, NULL, NULL, device },
                               device_where)) {
            ms_device_unref(device);
            return FALSE;
        }
        ms_devices_set(devices, values->keys[i], device);
    }
    return TRUE;
}

gboolean
ms_lxd_map_strings(MsLxdMap *map, const MsJsonLite *object, const char *key, GPtrArray *out,
                   const char *where)
{
    const MsJsonLite *array = member(object, key);

    if (array == NULL || array->kind == MS_JSON_LITE_NULL)
        return TRUE;
    if (array->kind != MS_JSON_LITE_ARRAY)
        return ms_lxd_map_bad(map, where, "'%s' is not an array", key) || !map->strict;
    for (guint i = 0; i < array->len; i++) {
        const MsJsonLite *item = &array->v.items[i];

        if (item->kind != MS_JSON_LITE_STRING) {
            if (map->strict)
                return ms_lxd_map_bad(map, where, "'%s[%u]' is not a string", key, i);
            continue;
        }
        g_ptr_array_add(out, g_strdup(item->v.string));
    }
    return TRUE;
}

static const char *
member_name(MsLxdMap *map, const char *live_name)
{
    return map->member_name != NULL ? map->member_name(map->member_data, live_name) : live_name;
}

MsInstance *
ms_lxd_map_instance(MsLxdMap *map, const MsJsonLite *object, const char *where)
{
    const char *name, *type, *status, *location;
    g_autoptr(MsInstance) instance = NULL;
    /* the config's pairs go straight into its map (no table) */
    g_autoptr(GPtrArray) pairs = g_ptr_array_new();
    g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func(g_free);
    MsInstanceType kind;

    if ((name = ms_lxd_map_field(map, object, "name", NULL, where)) == NULL ||
        (type = ms_lxd_map_field(map, object, "type", "container", where)) == NULL ||
        (status = ms_lxd_map_field(map, object, "status", NULL, where)) == NULL ||
        (location = ms_lxd_map_field(map, object, "location", map->strict ? "" : NULL, where)) == NULL)
        return NULL;
    if (g_str_equal(type, "container"))
        kind = MS_INSTANCE_CONTAINER;
    else if (g_str_equal(type, "virtual-machine"))
        kind = MS_INSTANCE_VM;
    else if (map->strict)
        return (ms_lxd_map_bad(map, where, "unknown type '%s'", type), NULL);
    else
        kind = MS_INSTANCE_CONTAINER;
    instance = ms_instance_new(name, kind, *location != '\0' ? member_name(map, location) : location);
    if (g_str_equal(status, "Running")) {
        instance->status = MS_INSTANCE_RUNNING;
    } else if (g_str_equal(status, "Stopped")) {
        instance->status = MS_INSTANCE_STOPPED;
    } else if (g_str_equal(status, "Frozen")) {
        /* LXD treats a frozen instance as running when it evacuates */
        instance->status = MS_INSTANCE_RUNNING;
        warn(map, "instance %s is Frozen; it is imported as RUNNING", name);
    } else {
        instance->status = MS_INSTANCE_STOPPED;
        warn(map, "instance %s has status '%s'; it is imported as STOPPED", name, status);
    }
    if (!ms_lxd_map_strings(map, object, "profiles", ms_instance_profiles_mut(instance), where) ||
        !map_config_values(map, object, "config", &(ConfigSink){ NULL, pairs, owned, NULL }, where) ||
        !ms_lxd_map_devices(map, object, instance->devices, where))
        return NULL;
    ms_config_map_unref(instance->config);
    instance->config =
        ms_config_map_from_pairs(map->strings, (const char *const *) pairs->pdata, pairs->len / 2);
    return g_steal_pointer(&instance);
}

gboolean
ms_lxd_map_profile(MsLxdMap *map, const MsJsonLite *object, MsProfileEntity *profile, const char *where)
{
    g_hash_table_unref(profile->config);
    profile->config = ms_config_new();
    ms_devices_unref(profile->devices);
    profile->devices = ms_devices_new();
    return ms_lxd_map_config(map, object, "config", profile->config, where) &&
           ms_lxd_map_devices(map, object, profile->devices, where);
}

MsMemberStatus
ms_lxd_map_member_status(MsLxdMap *map, const char *name, const char *status)
{
    if (g_str_equal(status, "Online"))
        return MS_MEMBER_ONLINE;
    if (g_str_equal(status, "Evacuated"))
        return MS_MEMBER_EVACUATED;
    if (!g_str_equal(status, "Offline"))
        warn(map, "member %s has status '%s'; it is imported as OFFLINE", name, status);
    return MS_MEMBER_OFFLINE;
}

/* ---- replay's read-back: json-glib objects, read by the same code ---- */

/* @object as an MsJsonLite tree, held by *@doc; NULL for NULL */
static const MsJsonLite *
lite_of(JsonObject *object, MsJsonLiteDoc **doc)
{
    g_autoptr(JsonNode) node = NULL;

    *doc = NULL;
    if (object == NULL)
        return NULL;
    node = json_node_init_object(json_node_alloc(), object);
    *doc = ms_json_lite_from_node(node);
    return ms_json_lite_root(*doc);
}

MsInstance *
ms_lxd_map_instance_json(MsLxdMap *map, JsonObject *object, const char *where)
{
    g_autoptr(MsJsonLiteDoc) doc = NULL;

    return ms_lxd_map_instance(map, lite_of(object, &doc), where);
}

gboolean
ms_lxd_map_profile_json(MsLxdMap *map, JsonObject *object, MsProfileEntity *profile, const char *where)
{
    g_autoptr(MsJsonLiteDoc) doc = NULL;

    return ms_lxd_map_profile(map, lite_of(object, &doc), profile, where);
}

gboolean
ms_lxd_map_config_json(MsLxdMap *map, JsonObject *object, const char *key, GHashTable *config,
                       const char *where)
{
    g_autoptr(MsJsonLiteDoc) doc = NULL;

    return ms_lxd_map_config(map, lite_of(object, &doc), key, config, where);
}

/* ---------------------------------------------------------------------- */
/* The model as LXD shows it */

JsonNode *
ms_lxd_map_take_object(JsonObject *obj)
{
    JsonNode *node = json_node_init_object(json_node_alloc(), obj);

    json_object_unref(obj);
    return node;
}

JsonNode *
ms_lxd_map_take_array(JsonArray *array)
{
    JsonNode *node = json_node_init_array(json_node_alloc(), array);

    json_array_unref(array);
    return node;
}

JsonObject *
ms_lxd_map_config_to_json(GHashTable *config)
{
    JsonObject *obj = json_object_new();
    g_autofree const char **keys = ms_config_sorted_keys(config);

    for (guint i = 0; keys[i] != NULL; i++)
        json_object_set_string_member(obj, keys[i], g_hash_table_lookup(config, keys[i]));
    return obj;
}

/* ms_lxd_map_config_to_json of one device's options */
static JsonObject *
device_to_json(MsDevice *device)
{
    JsonObject *obj = json_object_new();
    g_autofree const char **keys = ms_device_sorted_keys(device);

    for (guint i = 0; keys[i] != NULL; i++)
        json_object_set_string_member(obj, keys[i], ms_device_lookup(device, keys[i]));
    return obj;
}

JsonObject *
ms_lxd_map_devices_to_json(MsDevices *devices)
{
    JsonObject *obj = json_object_new();
    g_autofree const char **names = ms_devices_sorted_names(devices);

    for (guint i = 0; names[i] != NULL; i++)
        json_object_set_object_member(obj, names[i], device_to_json(ms_devices_lookup(devices, names[i])));
    return obj;
}

JsonNode *
ms_lxd_map_instance_to_json(const MsCluster *cluster, const char *name)
{
    const MsInstance *inst = cluster != NULL ? ms_cluster_lookup_instance(cluster, name) : NULL;
    JsonObject *obj = json_object_new();
    g_autoptr(MsDevices) expanded = NULL;
    g_autoptr(GHashTable) local_config = NULL;
    JsonArray *profiles;

    if (inst == NULL)
        return ms_lxd_map_take_object(obj);
    json_object_set_string_member(obj, "architecture", "x86_64");
    local_config = ms_instance_config_table(inst);
    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(local_config));
    json_object_set_object_member(obj, "devices", ms_lxd_map_devices_to_json(inst->devices));
    json_object_set_boolean_member(obj, "ephemeral", FALSE);
    profiles = json_array_new();
    for (guint i = 0; i < inst->profiles->len; i++)
        json_array_add_string_element(profiles, inst->profiles->pdata[i]);
    json_object_set_array_member(obj, "profiles", profiles);
    json_object_set_boolean_member(obj, "stateful", inst->stateful);
    json_object_set_string_member(obj, "description", "");
    json_object_set_string_member(obj, "status", ms_instance_status_to_api(inst->status));
    expanded = ms_cluster_expand_devices(cluster, inst);
    json_object_set_object_member(obj, "expanded_devices", ms_lxd_map_devices_to_json(expanded));
    return ms_lxd_map_take_object(obj);
}

JsonNode *
ms_lxd_map_profile_to_json(const MsCluster *cluster, const char *name)
{
    const MsProfileEntity *p = cluster != NULL ? ms_cluster_lookup_profile(cluster, name) : NULL;
    JsonObject *obj = json_object_new();

    if (p == NULL)
        return ms_lxd_map_take_object(obj);
    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(p->config));
    json_object_set_string_member(obj, "description", "");
    json_object_set_object_member(obj, "devices", ms_lxd_map_devices_to_json(p->devices));
    return ms_lxd_map_take_object(obj);
}

JsonNode *
ms_lxd_map_server_to_json(const MsCluster *cluster)
{
    JsonObject *obj = json_object_new();

    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(cluster->server_config));
    return ms_lxd_map_take_object(obj);
}
