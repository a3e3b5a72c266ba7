/* migsim: YAML and JSON as lxc prints them. */
#include "ms-yaml.h"

#include <string.h>

/* How yaml.v2 resolves a plain scalar (resolve.go): anything that would
 * not read back as a string must be quoted (encode.go stringv: double
 * quotes). */
static gboolean
resolves_to_non_string(const char *s)
{
    /* clang-format off */
    static const char *const special[] = {
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
        "~", "null", "Null", "NULL",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN", "<<", NULL,
    };
    /* clang-format on */
    static const char float_re[] = "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$";
    static const char int_re[] = "^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$";
    /* isBase60Float (encode.go) */
    static const char base60_re[] = "^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$";

    const char first = s[0] == '-' || s[0] == '+' ? s[1] : s[0];

    if (g_strv_contains(special, s))
        return TRUE;
    /* each of the three patterns wants a digit or a '.' first, after an
     * optional sign: most scalars are names, and g_regex_match_simple
     * compiles its pattern per call (5 % of the corpus run) */
    if (!g_ascii_isdigit(first) && first != '.')
        return FALSE;
    /* nor does any of them match a character outside this set (the
     * newline: '$' matches before a last one): "10GiB", "2023-01-05T..." */
    if (s[strspn(s, "0123456789+-._:eEbxoabcdfABCDF\n")] != '\0')
        return FALSE;
    return g_regex_match_simple(float_re, s, 0, 0) || g_regex_match_simple(int_re, s, 0, 0) ||
           g_regex_match_simple(base60_re, s, 0, 0);
}

/* yaml_emitter_analyze_scalar: may the emitter print @s plain in block
 * context? */
static gboolean
plain_allowed(const char *s)
{
    gsize len = strlen(s);

    if (len == 0)
        return FALSE;
    if (strchr("#,[]{}&*!|>'\"%@`", s[0]) != NULL)
        return FALSE;
    if ((s[0] == '?' || s[0] == ':' || s[0] == '-') && (s[1] == ' ' || s[1] == '\0'))
        return FALSE;
    if (g_str_has_prefix(s, "---") || g_str_has_prefix(s, "..."))
        return FALSE;
    if (s[0] == ' ' || s[len - 1] == ' ')
        return FALSE;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == ':' && (p[1] == ' ' || p[1] == '\0'))
            return FALSE;
        if (*p == '#' && p > s && p[-1] == ' ')
            return FALSE;
        if ((guchar) *p < 0x20 || *p == 0x7f)
            return FALSE;
    }
    return TRUE;
}

static void
append_double_quoted(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const char *p = s; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if ((guchar) *p < 0x20)
                g_string_append_printf(out, "\\x%02X", (guchar) *p);
            else
                g_string_append_c(out, *p);
        }
    }
    g_string_append_c(out, '"');
}

static void
append_scalar(GString *out, const char *s, guint indent)
{
    gboolean special = FALSE;

    for (const char *p = s; *p != '\0'; p++)
        if (((guchar) *p < 0x20 && *p != '\n') || *p == 0x7f)
            special = TRUE;
    if (*s == '\0' || resolves_to_non_string(s)) {
        append_double_quoted(out, s);
    } else if (strchr(s, '\n') != NULL && !special) {
        /* a literal block; "|-" strips the final newline, "|" keeps one */
        g_auto(GStrv) lines = NULL;
        gsize len = strlen(s);
        gboolean keep = s[len - 1] == '\n';
        g_autofree char *body = g_strndup(s, keep ? len - 1 : len);

        lines = g_strsplit(body, "\n", -1);
        g_string_append(out, keep ? "|" : "|-");
        for (guint i = 0; lines[i] != NULL; i++) {
            g_string_append_c(out, '\n');
            if (lines[i][0] != '\0')
                g_string_append_printf(out, "%*s%s", indent + 2, "", lines[i]);
        }
    } else if (plain_allowed(s)) {
        g_string_append(out, s);
    } else if (!special) {
        g_string_append_c(out, '\'');
        for (const char *p = s; *p != '\0'; p++) {
            if (*p == '\'')
                g_string_append_c(out, '\'');
            g_string_append_c(out, *p);
        }
        g_string_append_c(out, '\'');
    } else {
        append_double_quoted(out, s);
    }
}

static void
append_value_scalar(GString *out, JsonNode *node, guint indent)
{
    if (JSON_NODE_HOLDS_NULL(node)) {
        g_string_append(out, "null");
        return;
    }
    switch (json_node_get_value_type(node)) {
    case G_TYPE_BOOLEAN:
        g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
        break;
    case G_TYPE_INT64:
        g_string_append_printf(out, "%" G_GINT64_FORMAT, json_node_get_int(node));
        break;
    case G_TYPE_DOUBLE:
        g_string_append_printf(out, "%g", json_node_get_double(node));
        break;
    default:
        append_scalar(out, json_node_get_string(node), indent);
    }
}

static gboolean
is_empty_container(JsonNode *node)
{
    if (JSON_NODE_HOLDS_OBJECT(node))
        return json_object_get_size(json_node_get_object(node)) == 0;
    if (JSON_NODE_HOLDS_ARRAY(node))
        return json_array_get_length(json_node_get_array(node)) == 0;
    return FALSE;
}

static void emit_block(GString *out, JsonNode *node, guint indent, gboolean first_inline);

/* a value after "key:" */
static void
emit_member_value(GString *out, JsonNode *value, guint indent)
{
    if (JSON_NODE_HOLDS_OBJECT(value) && !is_empty_container(value)) {
        g_string_append_c(out, '\n');
        emit_block(out, value, indent + 2, FALSE);
    } else if (JSON_NODE_HOLDS_ARRAY(value) && !is_empty_container(value)) {
        /* yaml.v2 does not indent a sequence under its key */
        g_string_append_c(out, '\n');
        emit_block(out, value, indent, FALSE);
    } else if (JSON_NODE_HOLDS_OBJECT(value)) {
        g_string_append(out, " {}\n");
    } else if (JSON_NODE_HOLDS_ARRAY(value)) {
        g_string_append(out, " []\n");
    } else {
        g_string_append_c(out, ' ');
        append_value_scalar(out, value, indent);
        g_string_append_c(out, '\n');
    }
}

/* @first_inline: the first line goes after a "- " already printed */
static void
emit_block(GString *out, JsonNode *node, guint indent, gboolean first_inline)
{
    if (JSON_NODE_HOLDS_OBJECT(node)) {
        JsonObject *object = json_node_get_object(node);
        g_autoptr(GList) members = json_object_get_members(object);
        gboolean first = TRUE;

        for (GList *l = members; l != NULL; l = l->next) {
            if (!(first && first_inline))
                g_string_append_printf(out, "%*s", indent, "");
            first = FALSE;
            append_scalar(out, l->data, indent);
            g_string_append_c(out, ':');
            emit_member_value(out, json_object_get_member(object, l->data), indent);
        }
    } else if (JSON_NODE_HOLDS_ARRAY(node)) {
        JsonArray *array = json_node_get_array(node);

        for (guint i = 0; i < json_array_get_length(array); i++) {
            JsonNode *item = json_array_get_element(array, i);
            if (!(i == 0 && first_inline))
                g_string_append_printf(out, "%*s", indent, "");
            g_string_append(out, "- ");
            if (JSON_NODE_HOLDS_OBJECT(item) && !is_empty_container(item)) {
                emit_block(out, item, indent + 2, TRUE);
            } else if (JSON_NODE_HOLDS_ARRAY(item) && !is_empty_container(item)) {
                emit_block(out, item, indent + 2, TRUE);
            } else {
                if (JSON_NODE_HOLDS_OBJECT(item))
                    g_string_append(out, "{}");
                else if (JSON_NODE_HOLDS_ARRAY(item))
                    g_string_append(out, "[]");
                else
                    append_value_scalar(out, item, indent + 2);
                g_string_append_c(out, '\n');
            }
        }
    } else {
        append_value_scalar(out, node, indent);
        g_string_append_c(out, '\n');
    }
}

char *
ms_yaml_emit(JsonNode *node)
{
    GString *out = g_string_new(NULL);

    if (is_empty_container(node))
        g_string_append(out, JSON_NODE_HOLDS_OBJECT(node) ? "{}\n" : "[]\n");
    else
        emit_block(out, node, 0, FALSE);
    return g_string_free(out, FALSE);
}

char *
ms_json_emit(JsonNode *node)
{
    g_autoptr(JsonGenerator) generator = json_generator_new();

    json_generator_set_root(generator, node);
    json_generator_set_pretty(generator, FALSE);
    return json_generator_to_data(generator, NULL);
}
