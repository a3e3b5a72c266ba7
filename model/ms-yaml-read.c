/* migsim: reading the YAML subset of `lxc ... edit` (ms-yaml-read.h). */
#include "ms-yaml-read.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK(ms-yaml-error-quark, ms_yaml_error)
/* clang-format on */
#define MS_YAML_ERROR ms_yaml_error_quark()

void
ms_yaml_node_free(MsYamlNode *node)
{
    if (node == NULL)
        return;
    g_free(node->value);
    if (node->children != NULL)
        g_ptr_array_unref(node->children);
    g_free(node);
}

static MsYamlNode *
node_new(MsYamlKind kind, guint line)
{
    MsYamlNode *node = g_new0(MsYamlNode, 1);

    node->kind = kind;
    node->line = line;
    if (kind != MS_YAML_SCALAR)
        node->children = g_ptr_array_new_with_free_func((GDestroyNotify) ms_yaml_node_free);
    return node;
}

static MsYamlNode *
scalar_new(guint line, const char *value, gboolean quoted)
{
    MsYamlNode *node = node_new(MS_YAML_SCALAR, line);

    node->value = g_strdup(value);
    node->quoted = quoted;
    return node;
}

/* ---- tags (yaml.v2 resolve.go) ---- */

const char *
ms_yaml_tag(const MsYamlNode *node)
{
    /* clang-format off */
    static const char *const bools[] = {
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", NULL,
    };
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
    static const char *const floats[] = {
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", NULL,
    };
    /* clang-format on */
    g_autofree char *plain = NULL;

    if (node->kind == MS_YAML_MAP)
        return "!!map";
    if (node->kind == MS_YAML_SEQ)
        return "!!seq";
    if (node->quoted)
        return "!!str";
    if (g_strv_contains(nulls, node->value))
        return "!!null";
    if (g_strv_contains(bools, node->value))
        return "!!bool";
    if (g_strv_contains(floats, node->value))
        return "!!float";
    /* strconv.ParseInt(plain, 0, 64), then yamlStyleFloat, with the
     * underscores removed; timestamps (!!timestamp) read as strings */
    plain = g_strdup(node->value);
    g_strdelimit(plain, "_", ' ');
    {
        char *w = plain;
        for (const char *r = plain; *r != '\0'; r++)
            if (*r != ' ')
                *w++ = *r;
        *w = '\0';
    }
    {
        /* both patterns want a digit or a '.' first, after an optional
         * sign, and match no character outside this set (the newline: '$'
         * matches before a last one); g_regex_match_simple compiles its
         * pattern per call (1.8 % of the corpus run) */
        const char first = plain[0] == '-' || plain[0] == '+' ? plain[1] : plain[0];

        if ((!g_ascii_isdigit(first) && first != '.') ||
            plain[strspn(plain, "0123456789+-.eEboxabcdfABCDF\n")] != '\0')
            return "!!str";
    }
    if (g_regex_match_simple("^[-+]?(0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[1-9][0-9]*|0)$", plain, 0, 0))
        return "!!int";
    if (g_regex_match_simple("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", plain, 0, 0))
        return "!!float";
    return "!!str";
}

/* ---- the reader ---- */

typedef struct {
    char **lines;
    guint n;
    guint i; /* the next line to read (0-based) */
    GError **error;
    guint *error_line;
} Reader;

static gboolean fail(Reader *r, guint line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
fail(Reader *r, guint line, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *message = NULL;

    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (r->error_line != NULL)
        *r->error_line = line;
    g_set_error(r->error, MS_YAML_ERROR, 0, "line %u: %s", line, message);
    return FALSE;
}

static guint
indent_of(const char *line)
{
    guint n = 0;

    while (line[n] == ' ')
        n++;
    return n;
}

static gboolean
blank_or_comment(const char *line)
{
    const char *p = line + strspn(line, " \t");

    return *p == '\0' || *p == '#';
}

/* The next line that is not blank or a comment, from r->i on; its indent
 * (a tab in it is refused). */
static gboolean
next_line(Reader *r, guint *index, guint *indent)
{
    for (guint j = r->i; j < r->n; j++) {
        const char *line = r->lines[j];
        guint n = indent_of(line);

        if (blank_or_comment(line))
            continue;
        if (line[n] == '\t')
            return fail(r, j + 1,
                        "a tab in the indentation: YAML allows spaces only (lxc refuses such a document "
                        "with a yaml error migsim does not reproduce)");
        *index = j;
        *indent = n;
        return TRUE;
    }
    *index = r->n;
    *indent = 0;
    return TRUE;
}

/* Where the key of @text ends (its ':' followed by a space or the end),
 * or -1 when @text is not `KEY:` or `KEY: VALUE`. */
static gssize
key_colon(const char *text)
{
    const char *p = text;

    if (*p == '"' || *p == '\'') {
        char quote = *p++;
        while (*p != '\0' && !(*p == quote && p[1] != quote))
            p += (*p == quote || (*p == '\\' && quote == '"' && p[1] != '\0')) ? 2 : 1;
        if (*p != quote)
            return -1;
        p++;
        return *p == ':' && (p[1] == ' ' || p[1] == '\0') ? p - text : -1;
    }
    if (strchr("[]{}&*!|>%@`#,?", *p) != NULL || (*p == '-' && (p[1] == ' ' || p[1] == '\0')))
        return -1;
    for (; *p != '\0'; p++) {
        if (*p == ' ' && p[1] == '#')
            return -1;
        if (*p == ':' && (p[1] == ' ' || p[1] == '\0'))
            return p - text;
    }
    return -1;
}

/* A double-quoted scalar's escape at @p (after the backslash). */
static gboolean
unescape(Reader *r, guint line, const char **p, GString *out)
{
    static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\re\x1b \x20\"\"/\\\\\\";
    char c = **p;
    guint digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;

    for (guint i = 0; i + 1 < sizeof simple; i += 2)
        if (simple[i] == c) {
            g_string_append_c(out, simple[i + 1]);
            (*p)++;
            return TRUE;
        }
    if (digits > 0) {
        gunichar u = 0;
        for (guint i = 1; i <= digits; i++) {
            if (!g_ascii_isxdigit((*p)[i]))
                return fail(r, line, "a bad \\%c escape in a double-quoted scalar", c);
            u = u * 16 + g_ascii_xdigit_value((*p)[i]);
        }
        if (!g_unichar_validate(u))
            return fail(r, line, "an escape that is not a character");
        g_string_append_unichar(out, u);
        *p += digits + 1;
        return TRUE;
    }
    return fail(r, line, "the escape \\%c is not YAML's", c);
}

/* After a quoted scalar or `{}`/`[]`: only a comment may follow. */
static gboolean
rest_empty(Reader *r, guint line, const char *rest)
{
    rest += strspn(rest, " ");
    if (*rest == '\0' || *rest == '#')
        return TRUE;
    return fail(r, line, "text after a quoted scalar or collection: '%s'", rest);
}

static gboolean
quoted(Reader *r, guint line, const char *text, MsYamlNode **out)
{
    g_autoptr(GString) value = g_string_new(NULL);
    char quote = text[0];
    const char *p = text + 1;

    for (;;) {
        if (*p == '\0')
            return fail(r, line,
                        "a quoted scalar that goes on past its line (only one-line quoted "
                        "scalars are read; write a `|` block for several lines)");
        if (*p == quote && quote == '\'' && p[1] == '\'') {
            g_string_append_c(value, '\'');
            p += 2;
        } else if (*p == quote) {
            p++;
            break;
        } else if (*p == '\\' && quote == '"') {
            p++;
            if (!unescape(r, line, &p, value))
                return FALSE;
        } else {
            g_string_append_c(value, *p++);
        }
    }
    if (!rest_empty(r, line, p))
        return FALSE;
    *out = scalar_new(line, value->str, TRUE);
    return TRUE;
}

/* A value written on its key's (or its dash's) line. */
static gboolean
inline_value(Reader *r, guint line, const char *text, MsYamlNode **out)
{
    g_autofree char *plain = NULL;
    char *hash;

    if (text[0] == '"' || text[0] == '\'')
        return quoted(r, line, text, out);
    if (g_str_has_prefix(text, "{}") || g_str_has_prefix(text, "[]")) {
        if (!rest_empty(r, line, text + 2))
            return FALSE;
        *out = node_new(text[0] == '{' ? MS_YAML_MAP : MS_YAML_SEQ, line);
        return TRUE;
    }
    if (text[0] == '{' || text[0] == '[')
        return fail(r, line,
                    "a flow collection ('%c ... %c') with content is outside the YAML migsim reads: "
                    "write it as a block",
                    text[0], text[0] == '{' ? '}' : ']');
    if (strchr("&*!", text[0]) != NULL)
        return fail(r, line, "anchors, aliases and tags ('%c') are outside the YAML migsim reads", text[0]);
    if (strchr("%@`", text[0]) != NULL)
        return fail(r, line, "a plain scalar cannot start with '%c'", text[0]);
    plain = g_strdup(text);
    hash = strstr(plain, " #");
    if (hash != NULL)
        *hash = '\0';
    g_strchomp(plain);
    if (strstr(plain, ": ") != NULL || g_str_has_suffix(plain, ":"))
        return fail(r, line,
                    "'%s': a key inside a value (yaml.v2 refuses it: mapping values are not "
                    "allowed in this context)",
                    plain);
    *out = scalar_new(line, plain, FALSE);
    return TRUE;
}

/* `|`, `|-`, `|+`, `>`, `>-`, `>+` after a key at @parent_indent; the
 * lines below it (more indented, or blank) are its text. */
static gboolean
block_scalar(Reader *r, guint line, const char *indicator, guint parent_indent, MsYamlNode **out)
{
    char style = indicator[0];
    char chomp = indicator[1] == '-' || indicator[1] == '+' ? indicator[1] : 0;
    const char *after = indicator + 1 + (chomp != 0);
    g_autoptr(GString) text = g_string_new(NULL);
    guint content_indent = 0;
    guint trailing = 0;
    gboolean have_line = FALSE;

    after += strspn(after, " ");
    if (*after != '\0' && *after != '#')
        return fail(r, line,
                    "'%s': block scalar indicators other than |, |-, |+, >, >-, >+ are outside the "
                    "YAML migsim reads",
                    indicator);
    for (; r->i < r->n; r->i++) {
        const char *l = r->lines[r->i];
        guint n = indent_of(l);

        if (l[n] == '\0' || (l[n] == '\t' && l[n + strspn(l + n, " \t")] == '\0')) {
            trailing++;
            continue;
        }
        if (content_indent == 0) {
            if (n <= parent_indent)
                break;
            content_indent = n;
        }
        if (n < content_indent) {
            if (n > parent_indent)
                return fail(r, r->i + 1, "a line of a block scalar less indented than its first line");
            break;
        }
        if (style == '>' && n > content_indent)
            return fail(r, r->i + 1,
                        "a more indented line in a folded ('>') block is outside the YAML "
                        "migsim reads");
        if (have_line && style == '>' && trailing == 0)
            g_string_append_c(text, ' ');
        else if (have_line && style == '|')
            g_string_append_c(text, '\n');
        for (guint t = 0; t < trailing; t++)
            g_string_append_c(text, '\n');
        g_string_append(text, l + content_indent);
        have_line = TRUE;
        trailing = 0;
    }
    /* chomping: clip keeps one final line break, strip none, keep all */
    if (have_line && chomp != '-')
        g_string_append_c(text, '\n');
    if (have_line && chomp == '+')
        for (guint t = 0; t < trailing; t++)
            g_string_append_c(text, '\n');
    *out = scalar_new(line, text->str, TRUE);
    return TRUE;
}

static gboolean block(Reader *r, guint min_indent, MsYamlNode **out);

/* What follows `KEY:` or `-` with nothing after it on its line: a block
 * below, more indented (or, after a key, a sequence at the key's own
 * indentation, as yaml.v2 prints them), else null. */
static gboolean
value_below(Reader *r, guint line, guint indent, gboolean after_key, MsYamlNode **out)
{
    guint j, n;

    if (!next_line(r, &j, &n))
        return FALSE;
    if (j < r->n && n > indent)
        return block(r, indent + 1, out);
    if (j < r->n && n == indent && after_key && r->lines[j][n] == '-' &&
        (r->lines[j][n + 1] == ' ' || r->lines[j][n + 1] == '\0'))
        return block(r, indent, out);
    *out = scalar_new(line, "", FALSE);
    return TRUE;
}

/* The value after `KEY:` or `- ` on line @line (0-based index r->i - 1). */
static gboolean
entry_value(Reader *r, guint line, const char *rest, guint indent, gboolean after_key, MsYamlNode **out)
{
    guint j, n;

    rest += strspn(rest, " ");
    if (*rest == '\0' || *rest == '#')
        return value_below(r, line, indent, after_key, out);
    if (*rest == '|' || *rest == '>')
        return block_scalar(r, line, rest, indent, out);
    if (!inline_value(r, line, rest, out))
        return FALSE;
    if (!next_line(r, &j, &n))
        return FALSE;
    if (j < r->n && n > indent) {
        g_clear_pointer(out, ms_yaml_node_free);
        return fail(r, j + 1,
                    "a value continued on the next line (multi-line plain scalars are outside the "
                    "YAML migsim reads: write a `|` block)");
    }
    return TRUE;
}

static gboolean
sequence(Reader *r, guint indent, MsYamlNode **out)
{
    g_autoptr(MsYamlNode) seq = node_new(MS_YAML_SEQ, r->i + 1);
    guint j, n;

    for (;;) {
        const char *text;
        MsYamlNode *item = NULL;

        if (!next_line(r, &j, &n))
            return FALSE;
        if (j >= r->n || n < indent)
            break;
        text = r->lines[j] + n;
        if (n > indent)
            return fail(r, j + 1, "unexpected indentation");
        if (!(text[0] == '-' && (text[1] == ' ' || text[1] == '\0')))
            break;
        if (seq->children->len == 0)
            seq->line = j + 1;
        r->i = j + 1;
        text += 1 + strspn(text + 1, " ");
        if (key_colon(text) >= 0)
            return fail(r, j + 1,
                        "a map inside a sequence ('- KEY: VALUE') is outside the YAML migsim reads");
        if (!entry_value(r, j + 1, text, indent, FALSE, &item))
            return FALSE;
        g_ptr_array_add(seq->children, item);
    }
    *out = g_steal_pointer(&seq);
    return TRUE;
}

static gboolean
key_node(Reader *r, guint line, const char *text, gssize colon, MsYamlNode **out)
{
    g_autofree char *key = g_strndup(text, colon);

    if (key[0] == '"' || key[0] == '\'')
        return quoted(r, line, key, out);
    g_strchomp(key);
    *out = scalar_new(line, key, FALSE);
    return TRUE;
}

static gboolean
mapping(Reader *r, guint indent, MsYamlNode **out)
{
    g_autoptr(MsYamlNode) map = node_new(MS_YAML_MAP, r->i + 1);
    guint j, n;

    for (;;) {
        const char *text;
        gssize colon;
        MsYamlNode *key = NULL, *value = NULL;

        if (!next_line(r, &j, &n))
            return FALSE;
        if (j >= r->n || n < indent)
            break;
        text = r->lines[j] + n;
        if (n > indent)
            return fail(r, j + 1, "unexpected indentation");
        if (g_str_equal(text, "...") || g_str_equal(text, "---"))
            break;
        colon = key_colon(text);
        if (colon < 0)
            return fail(r, j + 1, "'%s' is not 'KEY: VALUE' (the lines of a map must all be keys)", text);
        if (map->children->len == 0)
            map->line = j + 1;
        r->i = j + 1;
        if (!key_node(r, j + 1, text, colon, &key))
            return FALSE;
        g_ptr_array_add(map->children, key);
        if (!entry_value(r, j + 1, text + colon + 1, indent, TRUE, &value))
            return FALSE;
        g_ptr_array_add(map->children, value);
    }
    *out = g_steal_pointer(&map);
    return TRUE;
}

/* The block that starts at the next line, at least @min_indent deep. */
static gboolean
block(Reader *r, guint min_indent, MsYamlNode **out)
{
    guint j, n;
    const char *text;

    if (!next_line(r, &j, &n))
        return FALSE;
    if (j >= r->n || n < min_indent) {
        *out = NULL;
        return TRUE;
    }
    text = r->lines[j] + n;
    if (text[0] == '-' && (text[1] == ' ' || text[1] == '\0'))
        return sequence(r, n, out);
    if (key_colon(text) >= 0)
        return mapping(r, n, out);
    /* a document that is one scalar */
    r->i = j + 1;
    if (text[0] == '|' || text[0] == '>')
        return block_scalar(r, j + 1, text, 0, out);
    return entry_value(r, j + 1, text, n, FALSE, out);
}

MsYamlNode *
ms_yaml_read(const char *text, guint *error_line, GError **error)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    Reader r = { lines, g_strv_length(lines), 0, error, error_line };
    g_autoptr(MsYamlNode) root = NULL;
    guint j, n;

    for (guint i = 0; i < r.n; i++) {
        gsize len = strlen(lines[i]);
        if (len > 0 && lines[i][len - 1] == '\r')
            lines[i][len - 1] = '\0';
    }
    if (!next_line(&r, &j, &n))
        return NULL;
    if (j < r.n && g_str_has_prefix(lines[j], "---") && (lines[j][3] == '\0' || lines[j][3] == ' ')) {
        if (!blank_or_comment(lines[j] + 3))
            return (fail(&r, j + 1, "content on the '---' line is outside the YAML migsim reads"), NULL);
        r.i = j + 1;
    }
    if (!block(&r, 0, &root))
        return NULL;
    if (!next_line(&r, &j, &n))
        return NULL;
    if (j < r.n && g_str_equal(lines[j], "..."))
        r.i = j + 1, next_line(&r, &j, &n);
    if (j < r.n)
        return (fail(&r, j + 1, "'%s' does not belong to the block above it%s", lines[j],
                     g_str_has_prefix(lines[j], "---")
                         ? " (a second document is outside the YAML migsim reads)"
                         : ""),
                NULL);
    return g_steal_pointer(&root);
}

/* ---- yaml.Unmarshal into api.ProfilePut / api.InstancePut (yaml.v2
 * decode.go: scalar, mapping, sequence, terror) ---- */

void
ms_yaml_put_free(MsYamlPut *put)
{
    if (put == NULL)
        return;
    g_hash_table_unref(put->config);
    ms_devices_unref(put->devices);
    if (put->profiles != NULL)
        g_ptr_array_unref(put->profiles);
    if (put->members != NULL)
        g_ptr_array_unref(put->members);
    g_free(put->description);
    g_free(put->architecture);
    g_free(put->restore);
    g_free(put);
}

/* d.terror: "line N: cannot unmarshal TAG[ `VALUE`] into TYPE", a scalar's
 * value cut to 7 bytes and "..." when longer than 10 */
static void
type_error(GPtrArray *errors, const MsYamlNode *node, const char *type)
{
    const char *tag = ms_yaml_tag(node);
    g_autofree char *value = NULL;

    if (node->kind == MS_YAML_SCALAR)
        value = strlen(node->value) > 10 ? g_strdup_printf(" `%.7s...`", node->value)
                                         : g_strdup_printf(" `%s`", node->value);
    g_ptr_array_add(errors, g_strdup_printf("line %u: cannot unmarshal %s%s into %s", node->line, tag,
                                            value != NULL ? value : "", type));
}

static gboolean
is_null(const MsYamlNode *node)
{
    return node->kind == MS_YAML_SCALAR && g_str_equal(ms_yaml_tag(node), "!!null");
}

/* into a Go string: any scalar's text as written, "" for null */
static gboolean
to_string(GPtrArray *errors, const MsYamlNode *node, char **out)
{
    if (node->kind != MS_YAML_SCALAR) {
        type_error(errors, node, "string");
        return FALSE;
    }
    g_free(*out);
    *out = g_strdup(is_null(node) ? "" : node->value);
    return TRUE;
}

static void
to_bool(GPtrArray *errors, const MsYamlNode *node, gboolean *out)
{
    static const char *const truths[] = { "y",    "Y",    "yes", "Yes", "YES", "true",
                                          "True", "TRUE", "on",  "On",  "ON",  NULL };

    if (is_null(node))
        *out = FALSE;
    else if (node->kind == MS_YAML_SCALAR && g_str_equal(ms_yaml_tag(node), "!!bool"))
        *out = g_strv_contains(truths, node->value);
    else
        type_error(errors, node, "bool");
}

/* into map[string]string: a null leaves it empty; a key that is not a
 * scalar, or a value that is not, is an error and the pair is skipped */
static void
to_string_map(GPtrArray *errors, const MsYamlNode *node, GHashTable *out)
{
    if (is_null(node))
        return;
    if (node->kind != MS_YAML_MAP) {
        type_error(errors, node, "map[string]string");
        return;
    }
    for (guint i = 0; i + 1 < node->children->len; i += 2) {
        g_autofree char *key = NULL, *value = NULL;

        if (to_string(errors, node->children->pdata[i], &key) &&
            to_string(errors, node->children->pdata[i + 1], &value))
            g_hash_table_insert(out, g_steal_pointer(&key), g_steal_pointer(&value));
    }
}

static void
to_device_map(GPtrArray *errors, const MsYamlNode *node, MsDevices *out)
{
    if (is_null(node))
        return;
    if (node->kind != MS_YAML_MAP) {
        type_error(errors, node, "map[string]map[string]string");
        return;
    }
    for (guint i = 0; i + 1 < node->children->len; i += 2) {
        g_autofree char *key = NULL;
        const MsYamlNode *value = node->children->pdata[i + 1];
        g_autoptr(GHashTable) device = NULL;

        if (!to_string(errors, node->children->pdata[i], &key))
            continue;
        if (!is_null(value) && value->kind != MS_YAML_MAP) {
            type_error(errors, value, "map[string]string");
            continue;
        }
        device = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        to_string_map(errors, value, device);
        ms_devices_set(out, key, ms_device_from_config(device));
    }
}

static void
to_string_list(GPtrArray *errors, const MsYamlNode *node, GPtrArray **out)
{
    if (*out != NULL)
        g_ptr_array_unref(*out);
    *out = g_ptr_array_new_with_free_func(g_free);
    if (is_null(node))
        return;
    if (node->kind != MS_YAML_SEQ) {
        type_error(errors, node, "[]string");
        return;
    }
    for (guint i = 0; i < node->children->len; i++) {
        char *item = NULL;
        if (to_string(errors, node->children->pdata[i], &item))
            g_ptr_array_add(*out, item);
    }
}

static void
to_field(GPtrArray *errors, MsYamlPut *put, MsYamlPutType type, const char *name, const MsYamlNode *value)
{
    gboolean instance = type == MS_YAML_INSTANCE_PUT;
    gboolean volume = type == MS_YAML_VOLUME_PUT;
    gboolean group = type == MS_YAML_GROUP_PUT;

    /* api.ClusterGroupPut has two fields (shared/api/cluster.go:299-307 at
     * lxd-5.0.2; the same two at lxd-5.21.7 and lxd-6.9) */
    if (group) {
        if (g_str_equal(name, "description"))
            to_string(errors, value, &put->description);
        else if (g_str_equal(name, "members"))
            to_string_list(errors, value, &put->members);
        return;
    }
    /* shared/api/profile.go ProfilePut, instance.go InstancePut and
     * storage_pool_volume.go StorageVolumePut (:157-173 at lxd-5.0.2,
     * :178-194 at lxd-5.21.7 and lxd-6.9): their yaml tags; keys of no field
     * are skipped unread */
    if (g_str_equal(name, "config"))
        to_string_map(errors, value, put->config);
    else if (!volume && g_str_equal(name, "devices"))
        to_device_map(errors, value, put->devices);
    else if (g_str_equal(name, "description"))
        to_string(errors, value, &put->description);
    else if (instance && g_str_equal(name, "architecture"))
        to_string(errors, value, &put->architecture);
    else if ((instance || volume) && g_str_equal(name, "restore"))
        to_string(errors, value, &put->restore);
    else if (instance && g_str_equal(name, "profiles"))
        to_string_list(errors, value, &put->profiles);
    else if (instance && g_str_equal(name, "ephemeral"))
        to_bool(errors, value, &put->ephemeral);
    else if (instance && g_str_equal(name, "stateful"))
        to_bool(errors, value, &put->stateful);
}

MsYamlPut *
ms_yaml_unmarshal_put(const char *text, MsYamlPutType type, char **type_errors)
{
    g_autoptr(MsYamlNode) root = ms_yaml_read(text, NULL, NULL);
    g_autoptr(MsYamlPut) put = g_new0(MsYamlPut, 1);
    g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func(g_free);
    const char *struct_name = type == MS_YAML_INSTANCE_PUT ? "api.InstancePut"
                              : type == MS_YAML_VOLUME_PUT ? "api.StorageVolumePut"
                              : type == MS_YAML_GROUP_PUT  ? "api.ClusterGroupPut"
                                                           : "api.ProfilePut";

    *type_errors = NULL;
    put->config = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    put->devices = ms_devices_new();
    put->description = g_strdup("");
    if (root != NULL && root->kind != MS_YAML_MAP && !is_null(root))
        type_error(errors, root, struct_name);
    for (guint i = 0; root != NULL && root->kind == MS_YAML_MAP && i + 1 < root->children->len; i += 2) {
        g_autofree char *name = NULL;
        /* mappingStruct: a key that is no string is skipped (its error kept) */
        if (to_string(errors, root->children->pdata[i], &name))
            to_field(errors, put, type, name, root->children->pdata[i + 1]);
    }
    if (errors->len > 0) {
        g_autoptr(GString) text_out = g_string_new("yaml: unmarshal errors:");
        for (guint i = 0; i < errors->len; i++)
            g_string_append_printf(text_out, "\n  %s", (const char *) errors->pdata[i]);
        *type_errors = g_string_free(g_steal_pointer(&text_out), FALSE);
        return NULL;
    }
    return g_steal_pointer(&put);
}
