/* migsim: the HTML report's reading of JSON snapshots (ms_cluster_to_json),
 * tolerant because live snapshots may be partial; HTML escaping; and what
 * changed between two snapshots, in words.  The pictures are drawn in
 * ms-report-html-svg.c. */
#include "ms-report-html-private.h"

#include <string.h>

/* ---- reading snapshots (tolerant: live snapshots may be partial) ---- */

JsonObject *
ms_html_node_object(JsonNode *node)
{
    return node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

static JsonNode *
obj_member(JsonObject *object, const char *key)
{
    return object != NULL && json_object_has_member(object, key) ? json_object_get_member(object, key) : NULL;
}

const char *
ms_html_obj_str(JsonObject *object, const char *key)
{
    JsonNode *node = obj_member(object, key);

    if (node == NULL || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

gboolean
ms_html_obj_bool(JsonObject *object, const char *key)
{
    JsonNode *node = obj_member(object, key);

    return node != NULL && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_BOOLEAN &&
           json_node_get_boolean(node);
}

JsonArray *
ms_html_obj_array(JsonObject *object, const char *key)
{
    JsonNode *node = obj_member(object, key);

    return node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

JsonObject *
ms_html_obj_object(JsonObject *object, const char *key)
{
    return ms_html_node_object(obj_member(object, key));
}

guint
ms_html_array_len(JsonArray *array)
{
    return array != NULL ? json_array_get_length(array) : 0;
}

JsonObject *
ms_html_array_object(JsonArray *array, guint i)
{
    return ms_html_node_object(json_array_get_element(array, i));
}

JsonObject *
ms_html_find_named(JsonArray *array, const char *name)
{
    for (guint i = 0; name != NULL && i < ms_html_array_len(array); i++) {
        JsonObject *o = ms_html_array_object(array, i);
        if (g_strcmp0(ms_html_obj_str(o, "name"), name) == 0)
            return o;
    }
    return NULL;
}

JsonObject *
ms_html_find_volume(JsonArray *volumes, const char *pool, const char *name, const char *location)
{
    for (guint i = 0; i < ms_html_array_len(volumes); i++) {
        JsonObject *v = ms_html_array_object(volumes, i);
        if (g_strcmp0(ms_html_obj_str(v, "pool"), pool) == 0 &&
            g_strcmp0(ms_html_obj_str(v, "name"), name) == 0 &&
            g_strcmp0(ms_html_obj_str(v, "location"), location) == 0)
            return v;
    }
    return NULL;
}

/* ---- escaping ---- */

void
ms_html_esc(GString *out, const char *text)
{
    g_autofree char *escaped = ms_xml_escape(text);

    g_string_append(out, escaped);
}

void
ms_html_escf(GString *out, const char *fmt, ...)
{
    va_list args;
    g_autofree char *text = NULL;

    va_start(args, fmt);
    text = g_strdup_vprintf(fmt, args);
    va_end(args);
    ms_html_esc(out, text);
}

/* ---- what changed between two snapshots ---- */

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Sorted union of the keys of two string maps. */
static GPtrArray *
union_keys(JsonObject *a, JsonObject *b)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    JsonObject *maps[2] = { a, b };

    for (guint m = 0; m < 2; m++) {
        g_autoptr(GList) members = maps[m] != NULL ? json_object_get_members(maps[m]) : NULL;
        for (GList *l = members; l != NULL; l = l->next) {
            if (g_hash_table_contains(seen, l->data))
                continue;
            g_hash_table_add(seen, l->data);
            g_ptr_array_add(keys, g_strdup(l->data));
        }
    }
    g_ptr_array_sort(keys, compare_strings);
    return keys;
}

static void change(GPtrArray *changes, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
change(GPtrArray *changes, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    g_ptr_array_add(changes, g_strdup_vprintf(fmt, args));
    va_end(args);
}

static void
diff_map(GPtrArray *changes, const char *who, JsonObject *before, JsonObject *after)
{
    g_autoptr(GPtrArray) keys = union_keys(before, after);

    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        const char *was = ms_html_obj_str(before, key), *now = ms_html_obj_str(after, key);

        /* volatile.* is LXD's own bookkeeping and changes with every start
         * and stop: listing it would drown the changes a reader cares about */
        if (g_str_has_prefix(key, "volatile.") || g_strcmp0(was, now) == 0)
            continue;
        change(changes, "%s: %s %s \xE2\x86\x92 %s", who, key, was ? was : "unset", now ? now : "unset");
    }
}

static void
diff_devices(GPtrArray *changes, const char *instance, JsonObject *before, JsonObject *after)
{
    g_autoptr(GPtrArray) keys = union_keys(before, after);

    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        gboolean was = obj_member(before, key) != NULL, now = obj_member(after, key) != NULL;

        if (was && !now)
            change(changes, "%s: device %s removed", instance, key);
        else if (!was && now)
            change(changes, "%s: device %s added", instance, key);
    }
}

/* The changes from @before to @after as sentences, in snapshot order.
 * (element-type utf8) */
GPtrArray *
ms_html_state_changes(JsonObject *before, JsonObject *after)
{
    GPtrArray *changes = g_ptr_array_new_with_free_func(g_free);
    JsonArray *members = ms_html_obj_array(after, "members"),
              *old_members = ms_html_obj_array(before, "members");
    JsonArray *pools = ms_html_obj_array(after, "pools"), *old_pools = ms_html_obj_array(before, "pools");
    JsonArray *volumes = ms_html_obj_array(after, "volumes"),
              *old_volumes = ms_html_obj_array(before, "volumes");
    JsonArray *instances = ms_html_obj_array(after, "instances"),
              *old_instances = ms_html_obj_array(before, "instances");

    for (guint i = 0; i < ms_html_array_len(members); i++) {
        JsonObject *m = ms_html_array_object(members, i);
        JsonObject *old = ms_html_find_named(old_members, ms_html_obj_str(m, "name"));
        if (old == NULL)
            change(changes, "member %s joined (%s)", ms_html_obj_str(m, "name"),
                   ms_html_obj_str(m, "status"));
        else if (g_strcmp0(ms_html_obj_str(old, "status"), ms_html_obj_str(m, "status")) != 0)
            change(changes, "member %s: %s \xE2\x86\x92 %s", ms_html_obj_str(m, "name"),
                   ms_html_obj_str(old, "status"), ms_html_obj_str(m, "status"));
    }
    for (guint i = 0; i < ms_html_array_len(pools); i++) {
        JsonObject *p = ms_html_array_object(pools, i);
        JsonObject *old = ms_html_find_named(old_pools, ms_html_obj_str(p, "name"));
        if (old == NULL)
            change(changes, "pool %s created (%s, %s)", ms_html_obj_str(p, "name"),
                   ms_html_obj_str(p, "driver"), ms_html_obj_bool(p, "remote") ? "remote" : "local");
        else if (g_strcmp0(ms_html_obj_str(old, "status"), ms_html_obj_str(p, "status")) != 0)
            change(changes, "pool %s: %s \xE2\x86\x92 %s", ms_html_obj_str(p, "name"),
                   ms_html_obj_str(old, "status"), ms_html_obj_str(p, "status"));
    }
    for (guint i = 0; i < ms_html_array_len(old_pools); i++) {
        JsonObject *old = ms_html_array_object(old_pools, i);
        if (ms_html_find_named(pools, ms_html_obj_str(old, "name")) == NULL)
            change(changes, "pool %s deleted", ms_html_obj_str(old, "name"));
    }
    for (guint i = 0; i < ms_html_array_len(volumes); i++) {
        JsonObject *v = ms_html_array_object(volumes, i);
        const char *location = ms_html_obj_str(v, "location");
        if (ms_html_find_volume(old_volumes, ms_html_obj_str(v, "pool"), ms_html_obj_str(v, "name"),
                                location) == NULL)
            change(changes, "volume %s/%s created%s%s", ms_html_obj_str(v, "pool"),
                   ms_html_obj_str(v, "name"), location ? " on " : "", location ? location : "");
    }
    for (guint i = 0; i < ms_html_array_len(old_volumes); i++) {
        JsonObject *v = ms_html_array_object(old_volumes, i);
        const char *location = ms_html_obj_str(v, "location");
        if (ms_html_find_volume(volumes, ms_html_obj_str(v, "pool"), ms_html_obj_str(v, "name"), location) ==
            NULL)
            change(changes, "volume %s/%s deleted%s%s", ms_html_obj_str(v, "pool"),
                   ms_html_obj_str(v, "name"), location ? " from " : "", location ? location : "");
    }
    for (guint i = 0; i < ms_html_array_len(instances); i++) {
        JsonObject *inst = ms_html_array_object(instances, i);
        const char *name = ms_html_obj_str(inst, "name");
        JsonObject *old = ms_html_find_named(old_instances, name);
        if (old == NULL) {
            change(changes, "%s created on %s (%s, %s)", name, ms_html_obj_str(inst, "location"),
                   ms_html_obj_str(inst, "type"), ms_html_obj_str(inst, "status"));
            continue;
        }
        if (g_strcmp0(ms_html_obj_str(old, "location"), ms_html_obj_str(inst, "location")) != 0)
            change(changes, "%s moved %s \xE2\x86\x92 %s", name, ms_html_obj_str(old, "location"),
                   ms_html_obj_str(inst, "location"));
        if (g_strcmp0(ms_html_obj_str(old, "status"), ms_html_obj_str(inst, "status")) != 0)
            change(changes, "%s: %s \xE2\x86\x92 %s", name, ms_html_obj_str(old, "status"),
                   ms_html_obj_str(inst, "status"));
        diff_devices(changes, name, ms_html_obj_object(old, "expanded_devices"),
                     ms_html_obj_object(inst, "expanded_devices"));
        /* expanded, not local, config: a server key or a profile changes
         * what the instance runs with even though its own config did not */
        diff_map(changes, name, ms_html_obj_object(old, "expanded_config"),
                 ms_html_obj_object(inst, "expanded_config"));
    }
    for (guint i = 0; i < ms_html_array_len(old_instances); i++) {
        JsonObject *old = ms_html_array_object(old_instances, i);
        if (ms_html_find_named(instances, ms_html_obj_str(old, "name")) == NULL)
            change(changes, "%s deleted from %s", ms_html_obj_str(old, "name"),
                   ms_html_obj_str(old, "location"));
    }
    diff_map(changes, "server", ms_html_obj_object(before, "server_config"),
             ms_html_obj_object(after, "server_config"));
    /* each further remote (`remote` directive), its changes named after it */
    for (guint i = 0; i < ms_html_array_len(ms_html_obj_array(after, "remotes")); i++) {
        JsonObject *r = ms_html_array_object(ms_html_obj_array(after, "remotes"), i);
        JsonObject *old =
            ms_html_find_named(ms_html_obj_array(before, "remotes"), ms_html_obj_str(r, "name"));
        g_autoptr(GPtrArray) sub = NULL;

        if (old == NULL)
            continue;
        sub = ms_html_state_changes(ms_html_obj_object(old, "cluster"), ms_html_obj_object(r, "cluster"));
        for (guint c = 0; c < sub->len; c++)
            change(changes, "%s: %s", ms_html_obj_str(r, "name"), (const char *) sub->pdata[c]);
    }
    return changes;
}
