/* migsim: the state-file loader's reading primitives and the scan before
 * parsing (ms-state-file-read.h); moved unchanged from ms-state-file.c. */
#include "ms-state-file-read.h"

#include <string.h>

#include "ms-config.h"
#include "ms-error.h"
#include "ms-state-file.h"

/* ---- strict readers ---- */

/* "@kind\x1f@name\x1f@extra" (@extra NULL: "", @with_extra FALSE: left
 * out), the key of ld->seen, in @buf when it fits: a printf and an
 * allocation per lookup were 2 % of import (docs/bench.md) */
static char *
seen_key(char *buf, gsize size, const char *kind, const char *name, gboolean with_extra, const char *extra)
{
    gsize lk = strlen(kind), ln = strlen(name), le = extra != NULL ? strlen(extra) : 0;
    gsize total = lk + 1 + ln + 1 + (with_extra ? le : 0) + 1;
    char *key = total <= size ? buf : g_malloc(total), *p = key;

    memcpy(p, kind, lk);
    p += lk;
    *p++ = 0x1f;
    memcpy(p, name, ln);
    p += ln;
    *p++ = 0x1f;
    if (with_extra && le > 0) { /* @extra may be NULL: no memcpy from it */
        memcpy(p, extra, le);
        p += le;
    }
    *p = '\0';
    return key;
}

static void
seen_key_free(char *key, const char *buf)
{
    if (key != buf)
        g_free(key);
}

/* TRUE the first time @kind/@name (with @extra, nullable) is seen; then
 * @value is what ms_state_seen() returns for it. */
gboolean
ms_state_first_sight(MsStateLoader *ld, const char *kind, const char *name, const char *extra, gpointer value)
{
    char buf[256];
    char *key = seen_key(buf, sizeof buf, kind, name, TRUE, extra);
    gboolean seen = g_hash_table_contains(ld->seen, key);

    if (!seen)
        g_hash_table_insert(ld->seen, key == buf ? g_strdup(key) : key,
                            value != NULL ? value : (gpointer) ld);
    else
        seen_key_free(key, buf);
    return !seen;
}

/* What ms_state_first_sight() recorded for @kind/@name (without extra), or NULL. */
gpointer
ms_state_seen(MsStateLoader *ld, const char *kind, const char *name)
{
    char buf[256];
    char *key = seen_key(buf, sizeof buf, kind, name, FALSE, NULL);
    gpointer value = g_hash_table_lookup(ld->seen, key);

    seen_key_free(key, buf);
    return value;
}

/* ... with @extra as ms_state_first_sight() recorded it */
gpointer
ms_state_seen_extra(MsStateLoader *ld, const char *kind, const char *name, const char *extra)
{
    char buf[256];
    char *key = seen_key(buf, sizeof buf, kind, name, TRUE, extra);
    gpointer value = g_hash_table_lookup(ld->seen, key);

    seen_key_free(key, buf);
    return value;
}

gboolean
ms_state_fail(MsStateLoader *ld, const char *path, const char *fmt, ...)
{
    va_list args;
    g_autofree char *message = NULL;

    va_start(args, fmt);
    message = g_strdup_vprintf(fmt, args);
    va_end(args);
    return ms_throw(ld->error, MS_ERROR_INVALID, "%s: %s: %s", ld->name, path, message);
}

const char *
ms_state_node_kind(const MsJsonLite *node)
{
    if (node->kind == MS_JSON_LITE_NULL)
        return "null";
    if (node->kind == MS_JSON_LITE_OBJECT)
        return "an object";
    if (node->kind == MS_JSON_LITE_ARRAY)
        return "an array";
    switch (node->kind) {
    case MS_JSON_LITE_STRING:
        return "a string";
    case MS_JSON_LITE_BOOLEAN:
        return "a boolean";
    case MS_JSON_LITE_DOUBLE:
        return "a fractional number";
    default:
        return "a number";
    }
}

gboolean
ms_state_is_string(const MsJsonLite *node)
{
    return node->kind == MS_JSON_LITE_STRING;
}

char *
ms_state_child_path(const char *path, const char *key)
{
    return g_strdup_printf("%s.%s", path, key);
}

const char *
ms_state_index_path(MsStateIndexPath *buf, const char *array_path, guint index)
{
    char digits[16];
    gsize len = strlen(array_path), n = 0;

    do
        digits[n++] = (char) ('0' + index % 10);
    while ((index /= 10) != 0);
    g_assert(len + n + 3 <= sizeof buf->text);
    memcpy(buf->text, array_path, len);
    buf->text[len++] = '[';
    while (n > 0)
        buf->text[len++] = digits[--n];
    buf->text[len++] = ']';
    buf->text[len] = '\0';
    return buf->text;
}

/* g_strv_contains, the first bytes compared inline: most of the listed
 * names differ there (g_strv_contains' strcmp per name was 2 % of an
 * import's instructions, the check of every instance's keys) */
static gboolean
names_contain(const char *const *names, const char *key)
{
    for (; *names != NULL; names++)
        if ((*names)[0] == key[0] && strcmp(*names, key) == 0)
            return TRUE;
    return FALSE;
}

/* Every key of @object must be in @required or @optional, and every
 * required key present. */
gboolean
ms_state_check_keys(MsStateLoader *ld, const MsJsonLite *object, const char *path,
                    const char *const *required, const char *const *optional)
{
    for (guint k = 0; k < object->len; k++) {
        const char *key = object->keys[k];
        if (!names_contain(required, key) && (optional == NULL || !names_contain(optional, key))) {
            g_autofree char *where = ms_state_child_path(path, key);
            return ms_state_fail(ld, where, "unknown field");
        }
    }
    for (guint i = 0; required[i] != NULL; i++) {
        if (ms_json_lite_get(object, required[i]) == NULL) {
            g_autofree char *where = ms_state_child_path(path, required[i]);
            return ms_state_fail(ld, where, "missing field");
        }
    }
    return TRUE;
}

const MsJsonLite *
ms_state_want_object(MsStateLoader *ld, const MsJsonLite *node, const char *path)
{
    if (node->kind != MS_JSON_LITE_OBJECT)
        return ms_null_throw(ld->error, MS_ERROR_INVALID, "%s: %s: expected an object, got %s", ld->name,
                             path, ms_state_node_kind(node));
    return node;
}

const MsJsonLite *
ms_state_want_array(MsStateLoader *ld, const MsJsonLite *node, const char *path)
{
    if (node->kind != MS_JSON_LITE_ARRAY)
        return ms_null_throw(ld->error, MS_ERROR_INVALID, "%s: %s: expected an array, got %s", ld->name, path,
                             ms_state_node_kind(node));
    return node;
}

/* The readers below name the field of an error by its path, made only for
 * the error: at 100,000 instances, making the paths of every field read
 * took about a sixth of the load. */

/* A string member; with @nullable, JSON null gives *out = NULL. */
gboolean
ms_state_get_string(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                    gboolean nullable, const char **out)
{
    const MsJsonLite *node = ms_json_lite_get(object, key);
    g_autofree char *where = NULL;

    if (nullable && node->kind == MS_JSON_LITE_NULL) {
        *out = NULL;
        return TRUE;
    }
    if (ms_state_is_string(node) && (nullable || *node->v.string != '\0')) {
        *out = node->v.string;
        return TRUE;
    }
    where = ms_state_child_path(path, key);
    if (!ms_state_is_string(node))
        return ms_state_fail(ld, where, "expected a string%s, got %s", nullable ? " or null" : "",
                             ms_state_node_kind(node));
    return ms_state_fail(ld, where, "must not be empty");
}

/* ms_state_read_config of the object at @path.@key (@key NULL: at @path),
 * the path made only for an error. */
static gboolean
read_config_at(MsStateLoader *ld, const MsJsonLite *node, const char *path, const char *key,
               GHashTable *config)
{
    g_autofree char *where = NULL;

    if (node->kind != MS_JSON_LITE_OBJECT) {
        where = key != NULL ? ms_state_child_path(path, key) : g_strdup(path);
        return ms_state_want_object(ld, node, where) != NULL;
    }
    for (guint k = 0; k < node->len; k++) {
        const MsJsonLite *value = &node->v.items[k];
        if (!ms_state_is_string(value)) {
            where = key != NULL ? g_strdup_printf("%s.%s.%s", path, key, node->keys[k])
                                : ms_state_child_path(path, node->keys[k]);
            return ms_state_fail(ld, where, "expected a string, got %s", ms_state_node_kind(value));
        }
        if (config != NULL)
            ms_config_set(config, node->keys[k], value->v.string);
    }
    return TRUE;
}

/* An object of string values into @config (NULL: only checked). */
gboolean
ms_state_read_config(MsStateLoader *ld, const MsJsonLite *node, const char *path, GHashTable *config)
{
    return read_config_at(ld, node, path, NULL, config);
}

gboolean
ms_state_read_member_config(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                            GHashTable *config)
{
    return read_config_at(ld, ms_json_lite_get(object, key), path, key, config);
}

/* An object of device name -> object of strings (@devices NULL: only
 * checked). */
gboolean
ms_state_read_devices(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                      MsDevices *devices)
{
    const MsJsonLite *map = ms_json_lite_get(object, key);
    g_autofree char *where = NULL;

    if (map->kind != MS_JSON_LITE_OBJECT) {
        where = ms_state_child_path(path, key);
        return ms_state_want_object(ld, map, where) != NULL;
    }
    for (guint k = 0; k < map->len; k++) {
        const MsJsonLite *node = &map->v.items[k];
        MsDevice *device;

        /* checked before the device's map is made, as the whole path */
        for (guint f = 0; f < (node->kind == MS_JSON_LITE_OBJECT ? node->len : 1); f++) {
            if (node->kind == MS_JSON_LITE_OBJECT && ms_state_is_string(&node->v.items[f]))
                continue;
            where = g_strdup_printf("%s.%s", path, key);
            return read_config_at(ld, node, where, map->keys[k], NULL);
        }
        if (devices == NULL)
            continue;
        /* the options straight into the device (ms_device_from_config of
         * a table of them made the same sorted pairs): no table, no copy of
         * each string to free again; a sixth of the load at 1,000 x 20,000
         * went to the tables (docs/bench.md) */
        device = ms_device_new();
        for (guint f = 0; f < node->len; f++)
            ms_device_set(device, node->keys[f], node->v.items[f].v.string);
        ms_devices_set(devices, map->keys[k], device);
    }
    return TRUE;
}

/* An array of non-empty strings appended to @out (g_free elements);
 * @out NULL: checked only. */
gboolean
ms_state_read_strings(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                      GPtrArray *out)
{
    const MsJsonLite *array = ms_json_lite_get(object, key);
    g_autofree char *where = NULL;

    if (array->kind != MS_JSON_LITE_ARRAY) {
        where = ms_state_child_path(path, key);
        return ms_state_want_array(ld, array, where) != NULL;
    }
    for (guint i = 0; i < array->len; i++) {
        const MsJsonLite *node = &array->v.items[i];
        if (ms_state_is_string(node) && *node->v.string != '\0') {
            if (out != NULL)
                g_ptr_array_add(out, g_strdup(node->v.string));
            continue;
        }
        where = g_strdup_printf("%s.%s[%u]", path, key, i);
        if (!ms_state_is_string(node))
            return ms_state_fail(ld, where, "expected a string, got %s", ms_state_node_kind(node));
        return ms_state_fail(ld, where, "must not be empty");
    }
    return TRUE;
}

/* A derived field the dump writes (expanded_config ...): its shape is
 * checked, its content recomputed. */
gboolean
ms_state_check_derived_devices(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                               gboolean devices)
{
    if (ms_json_lite_get(object, key) == NULL)
        return TRUE;
    if (devices)
        return ms_state_read_devices(ld, object, path, key, NULL);
    return ms_state_read_member_config(ld, object, path, key, NULL);
}

/* A name no release up to @ld's could have created (ms_name_check_upto):
 * the error names the field and quotes the file's release. */
gboolean
ms_state_check_name(MsStateLoader *ld, const char *path, MsNameKind kind, const char *name)
{
    g_autofree char *invalid = ms_name_check_upto(kind, name, ld->profile);
    g_autofree char *where = NULL;

    if (invalid == NULL)
        return TRUE;
    where = ms_state_child_path(path, "name");
    return ms_state_fail(ld, where, "LXD (%s) rejects this %s name: %s", ld->profile->name,
                         ms_name_kind_label(kind), invalid);
}

/* ---- before parsing: depth and problem keys ----
 *
 * json-glib recurses once per nesting level (a file of 100,000 '[' exhausts
 * the stack) and keeps the last of two equal keys without a word.  One
 * linear pass over the text bounds the depth before json-glib sees it and
 * finds the first repeated key with its path.  It trusts nothing: on text
 * that is not JSON it may stop early, and json-glib's error wins then. */

/* A key as it is written between its quotes (escapes not decoded): two
 * keys written alike are equal.  Keys written differently but equal once
 * decoded (`"a"` and `"\u0061"`) are compared decoded; they need a
 * backslash, so only keys with one are decoded. */
typedef struct {
    const char *text;
    gsize length;
} KeySlice;

/* Up to this many keys an object's keys are compared one by one, with no
 * allocation (instances, devices and config maps have a handful); past it
 * they go into a hash table (a pool's member map holds one per member). */
#define SCAN_LINEAR_KEYS 16

typedef struct {
    gboolean object;
    gboolean expect_key; /* after '{' or ',' in an object */
    guint index;         /* arrays: the element being read */
    KeySlice key;        /* objects: the member being read (undecoded) */
    GArray *keys;        /* objects: KeySlice of the keys seen so far */
    GHashTable *many;    /* objects past SCAN_LINEAR_KEYS: decoded keys */
    GPtrArray *decoded;  /* keys with escapes, decoded, owned */
} ScanFrame;

/* The key between the quotes at @start (just after the opening quote) up to
 * @end (the closing quote), with JSON escapes decoded; NULL when malformed
 * (the parser will say why). */
static char *
decode_key(const char *start, const char *end)
{
    GString *out = g_string_sized_new(end - start);

    for (const char *p = start; p < end; p++) {
        if (*p != '\\') {
            g_string_append_c(out, *p);
            continue;
        }
        if (++p >= end)
            break;
        switch (*p) {
        case 'b':
            g_string_append_c(out, '\b');
            break;
        case 'f':
            g_string_append_c(out, '\f');
            break;
        case 'n':
            g_string_append_c(out, '\n');
            break;
        case 'r':
            g_string_append_c(out, '\r');
            break;
        case 't':
            g_string_append_c(out, '\t');
            break;
        case 'u': {
            char hex[5] = { 0 };
            guint64 unit;
            if (end - p < 5)
                return (g_string_free(out, TRUE), NULL);
            memcpy(hex, p + 1, 4);
            if (!g_ascii_string_to_unsigned(hex, 16, 0, 0xffff, &unit, NULL))
                return (g_string_free(out, TRUE), NULL);
            /* surrogate halves are kept as their code units: two keys that
             * differ only there are different keys to us, too */
            if (unit == 0 || (unit >= 0xd800 && unit <= 0xdfff))
                g_string_append_printf(out, "\\u%04x", (guint) unit);
            else
                g_string_append_unichar(out, (gunichar) unit);
            p += 4;
            break;
        }
        default:
            g_string_append_c(out, *p);
            break;
        }
    }
    return g_string_free(out, FALSE);
}

static char *
scan_path(GArray *stack, guint depth)
{
    GString *path = g_string_new("$");

    for (guint i = 0; i < depth; i++) {
        const ScanFrame *f = &g_array_index(stack, ScanFrame, i);
        if (!f->object)
            g_string_append_printf(path, "[%u]", f->index);
        else if (f->key.text != NULL)
            g_string_append_printf(path, ".%.*s", (int) f->key.length, f->key.text);
    }
    return g_string_free(path, FALSE);
}

static void
scan_frame_clear(gpointer data)
{
    ScanFrame *f = data;

    g_clear_pointer(&f->keys, g_array_unref);
    g_clear_pointer(&f->many, g_hash_table_unref);
    g_clear_pointer(&f->decoded, g_ptr_array_unref);
}

/* The frame for a new object or array at @depth: frames are kept between
 * siblings, so reading a million small objects allocates nothing. */
static ScanFrame *
scan_frame_push(GArray *stack, guint depth, gboolean object)
{
    ScanFrame *f;

    if (depth == stack->len)
        g_array_set_size(stack, depth + 1);
    f = &g_array_index(stack, ScanFrame, depth);
    f->object = object;
    f->expect_key = object;
    f->index = 0;
    f->key = (KeySlice){ NULL, 0 };
    if (f->keys == NULL)
        f->keys = g_array_new(FALSE, FALSE, sizeof(KeySlice));
    g_array_set_size(f->keys, 0);
    g_clear_pointer(&f->many, g_hash_table_unref);
    if (f->decoded != NULL)
        g_ptr_array_set_size(f->decoded, 0);
    return f;
}

/* Records @key in @f; FALSE when @f already has it. */
static gboolean
scan_frame_add_key(ScanFrame *f, KeySlice key)
{
    if (f->many == NULL && f->keys->len < SCAN_LINEAR_KEYS) {
        for (guint i = 0; i < f->keys->len; i++) {
            const KeySlice *seen = &g_array_index(f->keys, KeySlice, i);
            if (seen->length == key.length && memcmp(seen->text, key.text, key.length) == 0)
                return FALSE;
        }
        g_array_append_val(f->keys, key);
        return TRUE;
    }
    if (f->many == NULL) {
        f->many = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (guint i = 0; i < f->keys->len; i++) {
            const KeySlice *seen = &g_array_index(f->keys, KeySlice, i);
            g_hash_table_add(f->many, g_strndup(seen->text, seen->length));
        }
    }
    return g_hash_table_add(f->many, g_strndup(key.text, key.length));
}

/* FALSE with an error when the text nests deeper than MS_STATE_MAX_DEPTH;
 * else TRUE, with *problem set to the first problem json-glib would let
 * pass ("PATH: why": a repeated key, an integer past 64 bits), or NULL. */
gboolean
ms_state_prescan(MsStateLoader *ld, const char *text, gsize length, char **problem)
{
    g_autoptr(GArray) stack = g_array_new(FALSE, TRUE, sizeof(ScanFrame));
    const char *end = text + length;
    guint depth = 0;

    g_array_set_clear_func(stack, scan_frame_clear);
    *problem = NULL;
    for (const char *p = text; p < end; p++) {
        ScanFrame *top = depth ? &g_array_index(stack, ScanFrame, depth - 1) : NULL;

        switch (*p) {
        case '{':
        case '[':
            if (depth >= MS_STATE_MAX_DEPTH)
                return ms_throw(ld->error, MS_ERROR_INVALID,
                                "%s: nests deeper than %d levels (a state file nests 5)", ld->name,
                                MS_STATE_MAX_DEPTH);
            scan_frame_push(stack, depth++, *p == '{');
            break;
        case '}':
        case ']':
            if (top == NULL)
                return TRUE;
            depth--;
            break;
        case ',':
            if (top != NULL && top->object)
                top->expect_key = TRUE;
            else if (top != NULL)
                top->index++;
            break;
        case '"': {
            const char *start = ++p;
            while (p < end && *p != '"')
                p += *p == '\\' ? 2 : 1;
            if (p >= end)
                return TRUE;
            if (top != NULL && top->object && top->expect_key) {
                KeySlice key = { start, p - start };
                if (memchr(start, '\\', p - start) != NULL) {
                    char *decoded = decode_key(start, p);
                    if (decoded == NULL)
                        return TRUE;
                    if (top->decoded == NULL)
                        top->decoded = g_ptr_array_new_with_free_func(g_free);
                    g_ptr_array_add(top->decoded, decoded);
                    key = (KeySlice){ decoded, strlen(decoded) };
                }
                top->expect_key = FALSE;
                top->key = key;
                if (!scan_frame_add_key(top, key) && *problem == NULL) {
                    g_autofree char *where = scan_path(stack, depth);
                    *problem = g_strdup_printf(
                        "%s: this key appears twice in its object (JSON keys must be unique)", where);
                }
            }
            break;
        }
        default:
            /* json-glib wraps integers past 64 bits silently (2^64 reads
             * as -1): such a number must be named as written */
            if ((*p == '-' || g_ascii_isdigit(*p)) && *problem == NULL) {
                const char *start = p;
                gboolean integer = TRUE;
                while (p + 1 < end && (g_ascii_isdigit(p[1]) || strchr(".eE+-", p[1]) != NULL)) {
                    integer = integer && g_ascii_isdigit(p[1]);
                    p++;
                }
                /* up to 18 digits always fit: only longer ones are read */
                gsize digits = (gsize) (p + 1 - start) - (*start == '-');
                if (integer && (digits == 0 || digits > 18)) {
                    g_autofree char *literal = g_strndup(start, p + 1 - start);
                    if (!g_ascii_string_to_signed(literal, 10, G_MININT64, G_MAXINT64, NULL, NULL)) {
                        g_autofree char *where = scan_path(stack, depth);
                        *problem = g_strdup_printf("%s: the integer %s is out of range", where, literal);
                    }
                }
            }
            break;
        }
    }
    return TRUE;
}
