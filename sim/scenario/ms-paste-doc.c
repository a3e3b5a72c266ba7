/* migsim: pasted YAML, JSON and `lxc info` output against what lxc prints
 * (docs/scenario-language.md#pasting-a-terminal-session). */
#include "ms-paste.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ms-list.h"

/* ---- reading what yaml.v2 printed ---- */

typedef struct {
    guint indent;
    char *text;
} Line;

static gboolean
is_seq_item(const char *text)
{
    return g_str_equal(text, "-") || g_str_has_prefix(text, "- ");
}

static char *
unquote(const char *s)
{
    gsize len = strlen(s);

    if (len >= 2 && s[0] == '\'' && s[len - 1] == '\'') {
        GString *out = g_string_new(NULL);
        for (gsize i = 1; i + 1 < len; i++) {
            g_string_append_c(out, s[i]);
            if (s[i] == '\'' && s[i + 1] == '\'')
                i++;
        }
        return g_string_free(out, FALSE);
    }
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
        GString *out = g_string_new(NULL);
        for (gsize i = 1; i + 1 < len; i++) {
            if (s[i] == '\\' && i + 2 < len) {
                i++;
                g_string_append_c(out, s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i]);
            } else {
                g_string_append_c(out, s[i]);
            }
        }
        return g_string_free(out, FALSE);
    }
    return g_strdup(s);
}

static JsonNode *
scalar(const char *text)
{
    JsonNode *node;

    if (g_str_equal(text, "{}")) {
        node = json_node_new(JSON_NODE_OBJECT);
        json_node_take_object(node, json_object_new());
    } else if (g_str_equal(text, "[]")) {
        node = json_node_new(JSON_NODE_ARRAY);
        json_node_take_array(node, json_array_new());
    } else {
        g_autofree char *value = unquote(text);
        node = json_node_new(JSON_NODE_VALUE);
        json_node_set_string(node, value);
    }
    return node;
}

/* "key: value" or "key:" (a quoted key as yaml.v2 quotes it) */
static gboolean
split_key(const char *text, char **key, const char **value)
{
    const char *colon;

    if (text[0] == '"' || text[0] == '\'') {
        const char *end = strchr(text + 1, text[0]);
        if (end == NULL || end[1] != ':')
            return FALSE;
        {
            g_autofree char *quoted = g_strndup(text, end - text + 1);
            *key = unquote(quoted);
        }
        colon = end + 1;
    } else {
        colon = strstr(text, ": ");
        if (colon == NULL && g_str_has_suffix(text, ":"))
            colon = text + strlen(text) - 1;
        if (colon == NULL || colon == text)
            return FALSE;
        *key = g_strndup(text, colon - text);
    }
    *value = colon[1] == ' ' ? colon + 2 : colon + 1;
    return TRUE;
}

static JsonNode *parse_block(Line *lines, guint n, guint *pos, guint indent, char **error);

static JsonNode *
parse_value(Line *lines, guint n, guint *pos, guint indent, const char *value, char **error)
{
    if (*value != '\0' && !g_str_equal(value, "|-") && !g_str_equal(value, "|"))
        return scalar(value);
    if (*value != '\0') {
        /* a literal block: the lines indented deeper */
        GString *text = g_string_new(NULL);
        JsonNode *node = json_node_new(JSON_NODE_VALUE);
        while (*pos < n && lines[*pos].indent > indent) {
            if (text->len > 0)
                g_string_append_c(text, '\n');
            g_string_append(text, lines[*pos].text);
            (*pos)++;
        }
        if (g_str_equal(value, "|"))
            g_string_append_c(text, '\n');
        json_node_set_string(node, text->str);
        g_string_free(text, TRUE);
        return node;
    }
    if (*pos < n && lines[*pos].indent > indent)
        return parse_block(lines, n, pos, lines[*pos].indent, error);
    if (*pos < n && lines[*pos].indent == indent && is_seq_item(lines[*pos].text))
        return parse_block(lines, n, pos, indent, error);
    return json_node_new(JSON_NODE_NULL);
}

static JsonNode *
parse_block(Line *lines, guint n, guint *pos, guint indent, char **error)
{
    if (is_seq_item(lines[*pos].text)) {
        JsonArray *array = json_array_new();
        JsonNode *node = json_node_new(JSON_NODE_ARRAY);
        json_node_take_array(node, array);
        while (*pos < n && lines[*pos].indent == indent && is_seq_item(lines[*pos].text)) {
            const char *rest = lines[*pos].text[1] == '\0' ? "" : lines[*pos].text + 2;
            g_autofree char *key = NULL;
            const char *value;
            JsonNode *item;
            if (*rest == '\0') {
                (*pos)++;
                item = parse_value(lines, n, pos, indent, "", error);
            } else if (is_seq_item(rest) || split_key(rest, &key, &value)) {
                char *moved = g_strdup(rest);
                g_free(lines[*pos].text);
                lines[*pos].text = moved;
                lines[*pos].indent = indent + 2;
                item = parse_block(lines, n, pos, indent + 2, error);
            } else {
                item = scalar(rest);
                (*pos)++;
            }
            if (item == NULL) {
                json_node_unref(node);
                return NULL;
            }
            json_array_add_element(array, item);
        }
        return node;
    }
    {
        JsonObject *object = json_object_new();
        JsonNode *node = json_node_new(JSON_NODE_OBJECT);
        json_node_take_object(node, object);
        while (*pos < n && lines[*pos].indent == indent && !is_seq_item(lines[*pos].text)) {
            g_autofree char *key = NULL;
            const char *value;
            JsonNode *child;
            if (!split_key(lines[*pos].text, &key, &value)) {
                *error = g_strdup_printf("'%s' is not YAML as lxc prints it", lines[*pos].text);
                json_node_unref(node);
                return NULL;
            }
            (*pos)++;
            child = parse_value(lines, n, pos, indent, value, error);
            if (child == NULL) {
                json_node_unref(node);
                return NULL;
            }
            json_object_set_member(object, key, child);
        }
        return node;
    }
}

static void
line_clear(Line *line)
{
    g_free(line->text);
}

JsonNode *
ms_paste_parse_document(GPtrArray *pasted, char **error)
{
    g_autoptr(GArray) lines = g_array_new(FALSE, FALSE, sizeof(Line));
    g_autoptr(GString) joined = g_string_new(NULL);
    guint pos = 0;
    JsonNode *node;

    g_array_set_clear_func(lines, (GDestroyNotify) line_clear);
    for (guint i = 0; i < pasted->len; i++) {
        const char *text = pasted->pdata[i];
        guint indent = 0;
        while (text[indent] == ' ')
            indent++;
        if (text[indent] == '\0')
            continue;
        g_string_append(joined, text);
        g_string_append_c(joined, '\n');
        {
            Line line = { indent, g_strchomp(g_strdup(text + indent)) };
            g_array_append_val(lines, line);
        }
    }
    if (lines->len == 0) {
        *error = g_strdup("the pasted output is empty");
        return NULL;
    }
    /* JSON: one line from encoding/json */
    if (joined->str[0] == '[' || joined->str[0] == '{') {
        g_autoptr(JsonParser) parser = json_parser_new();
        g_autoptr(GError) json_error = NULL;
        if (!json_parser_load_from_data(parser, joined->str, -1, &json_error)) {
            *error = g_strdup_printf("the pasted output is not JSON: %s", json_error->message);
            return NULL;
        }
        return json_node_copy(json_parser_get_root(parser));
    }
    node = parse_block((Line *) lines->data, lines->len, &pos, ((Line *) lines->data)[0].indent, error);
    if (node != NULL && pos < lines->len) {
        *error = g_strdup_printf("'%s' is not YAML as lxc prints it", g_array_index(lines, Line, pos).text);
        json_node_unref(node);
        return NULL;
    }
    return node;
}

/* ---- comparing ---- */

/* Fields migsim does not know, whatever object they are in: runtime
 * state, dates, addresses, free text, image and volatile keys, usage
 * lists (documented in docs/scenario-language.md). */
/* clang-format off */
static const char *const masked_fields[] = {
    "created_at", "last_used_at", "state", "backups", "snapshots", "description", "url", "database",
    "roles", "message", "architecture", "failure_domain", "used_by", "locations", "project", "pid",
    "core.https_address", "cluster.https_address", "core.trust_password", NULL,
};
/* clang-format on */

static gboolean
masked_segment(const char *segment)
{
    return g_str_has_prefix(segment, "volatile.") || g_str_has_prefix(segment, "image.") ||
           g_strv_contains(masked_fields, segment);
}

/* leaves as "path" -> value; empty containers and null are one value */
static void
flatten(JsonNode *node, const char *path, GHashTable *out, gboolean masked)
{
    if (JSON_NODE_HOLDS_OBJECT(node) && json_object_get_size(json_node_get_object(node)) > 0) {
        JsonObject *object = json_node_get_object(node);
        g_autoptr(GList) members = json_object_get_members(object);
        for (GList *l = members; l != NULL; l = l->next) {
            g_autofree char *child =
                *path ? g_strdup_printf("%s/%s", path, (char *) l->data) : g_strdup(l->data);
            flatten(json_object_get_member(object, l->data), child, out, masked || masked_segment(l->data));
        }
        return;
    }
    if (JSON_NODE_HOLDS_ARRAY(node) && json_array_get_length(json_node_get_array(node)) > 0) {
        JsonArray *array = json_node_get_array(node);
        for (guint i = 0; i < json_array_get_length(array); i++) {
            g_autofree char *child = g_strdup_printf("%s[%u]", path, i);
            flatten(json_array_get_element(array, i), child, out, masked);
        }
        return;
    }
    if (masked)
        return;
    if (JSON_NODE_HOLDS_VALUE(node)) {
        GType type = json_node_get_value_type(node);
        char *text = type == G_TYPE_BOOLEAN  ? g_strdup(json_node_get_boolean(node) ? "true" : "false")
                     : type == G_TYPE_INT64  ? g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node))
                     : type == G_TYPE_DOUBLE ? g_strdup_printf("%g", json_node_get_double(node))
                                             : g_strdup(json_node_get_string(node));
        g_hash_table_insert(out, g_strdup(path), text);
    } else {
        g_hash_table_insert(out, g_strdup(path), g_strdup("(empty)"));
    }
}

static char *
top_field(const char *path)
{
    const char *end = strchr(path, '/');
    const char *bracket = strchr(path, '[');

    if (bracket != NULL && (end == NULL || bracket < end))
        end = bracket;
    return end ? g_strndup(path, end - path) : g_strdup(path);
}

static int
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* An object against another: a field only one of them has (another
 * release's field, one migsim does not print) is not compared; below it,
 * every leaf is. */
static gboolean
compare_objects(JsonNode *pasted, JsonNode *printed, const char *what, char **why)
{
    g_autoptr(GHashTable) a = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GHashTable) b = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    gpointer key;

    if (!JSON_NODE_HOLDS_OBJECT(pasted) || !JSON_NODE_HOLDS_OBJECT(printed)) {
        *why = g_strdup_printf("%sthe paste is not an object as lxc prints it", what);
        return FALSE;
    }
    flatten(pasted, "", a, FALSE);
    flatten(printed, "", b, FALSE);
    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        g_ptr_array_add(paths, g_strdup(key));
    g_hash_table_iter_init(&iter, b);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (!g_hash_table_contains(a, key))
            g_ptr_array_add(paths, g_strdup(key));
    g_ptr_array_sort(paths, compare_paths);
    for (guint i = 0; i < paths->len; i++) {
        const char *path = paths->pdata[i];
        g_autofree char *top = top_field(path);
        const char *va = g_hash_table_lookup(a, path), *vb = g_hash_table_lookup(b, path);
        if (!json_object_has_member(json_node_get_object(pasted), top) ||
            !json_object_has_member(json_node_get_object(printed), top))
            continue;
        /* a map whose every key is masked reads as an empty one */
        if (g_strcmp0(va, vb) == 0 || (va == NULL && g_str_equal(vb, "(empty)")) ||
            (vb == NULL && g_str_equal(va, "(empty)")))
            continue;
        *why = g_strdup_printf("%s%s: pasted %s%s%s, migsim %s%s%s", what, path, va ? "'" : "",
                               va ? va : "absent", va ? "'" : "", vb ? "'" : "", vb ? vb : "absent",
                               vb ? "'" : "");
        return FALSE;
    }
    return TRUE;
}

/* Items of a list that migsim does not model are left out of the paste. */
static gboolean
unmodelled_item(const MsOp *op, JsonNode *item)
{
    JsonObject *object = JSON_NODE_HOLDS_OBJECT(item) ? json_node_get_object(item) : NULL;

    if (object == NULL)
        return FALSE;
    switch (op->kind) {
    case MS_OP_VOLUME_LIST: {
        const char *type = json_object_get_string_member_with_default(object, "type", "");
        const char *name = json_object_get_string_member_with_default(object, "name", "");
        return g_str_equal(type, "image") || strchr(name, '/') != NULL;
    }
    case MS_OP_NETWORK_LIST:
        return !json_object_get_boolean_member_with_default(object, "managed", TRUE);
    case MS_OP_OPERATION_LIST:
        return TRUE;
    default:
        return FALSE;
    }
}

gboolean
ms_paste_compare_documents(const MsOp *op, JsonNode *pasted, JsonNode *printed, char **why)
{
    JsonArray *a, *b;
    g_autoptr(GPtrArray) kept = g_ptr_array_new();

    if (!JSON_NODE_HOLDS_ARRAY(printed))
        return compare_objects(pasted, printed, "", why);
    if (!JSON_NODE_HOLDS_ARRAY(pasted)) {
        *why = g_strdup("the paste is not a list as lxc prints it");
        return FALSE;
    }
    a = json_node_get_array(pasted);
    b = json_node_get_array(printed);
    for (guint i = 0; i < json_array_get_length(a); i++)
        if (!unmodelled_item(op, json_array_get_element(a, i)))
            g_ptr_array_add(kept, json_array_get_element(a, i));
    if (kept->len != json_array_get_length(b)) {
        *why = g_strdup_printf("the paste lists %u objects, migsim %u", kept->len, json_array_get_length(b));
        return FALSE;
    }
    for (guint i = 0; i < kept->len; i++) {
        g_autofree char *what = g_strdup_printf("item %u, ", i + 1);
        if (!compare_objects(kept->pdata[i], json_array_get_element(b, i), what, why))
            return FALSE;
    }
    return TRUE;
}

/* lxc info: the lines migsim knows, by their label */
gboolean
ms_paste_compare_info(GPtrArray *pasted, GPtrArray *printed, char **why)
{
    static const char *const known[] = { "Name", "Status", "Type", "Architecture", "Location", NULL };
    g_autoptr(GHashTable) a = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 0; i < pasted->len; i++) {
        const char *line = pasted->pdata[i];
        const char *colon = strstr(line, ": ");
        if (line[0] != ' ' && colon != NULL)
            g_hash_table_insert(a, g_strndup(line, colon - line), g_strdup(colon + 2));
    }
    if (!g_hash_table_contains(a, "Name")) {
        *why = g_strdup("the paste has no 'Name:' line: it is not what lxc info prints");
        return FALSE;
    }
    for (guint i = 0; i < printed->len; i++) {
        const char *line = printed->pdata[i];
        const char *colon = strstr(line, ": ");
        g_autofree char *label = colon ? g_strndup(line, colon - line) : NULL;
        const char *value;
        if (label == NULL || !g_strv_contains(known, label))
            continue;
        value = g_hash_table_lookup(a, label);
        if (value == NULL) {
            *why = g_strdup_printf("lxc info prints '%s', the paste has no '%s:' line", line, label);
            return FALSE;
        }
        g_autofree char *trimmed = g_strstrip(g_strdup(value));
        if (!g_str_equal(trimmed, colon + 2)) {
            *why = g_strdup_printf("%s: pasted '%s', migsim '%s'", label, value, colon + 2);
            return FALSE;
        }
    }
    return TRUE;
}
