/* migsim: a read-only JSON tree in a few large blocks (ms-json-lite.h). */
#include "ms-json-lite.h"

#include <string.h>
#include <sys/mman.h>

#define BLOCK_SIZE (256 * 1024)
/* blocks double up to this size: a big document's tree (import's
 * 100,000-instance reply) lives in a few large blocks, each worth the
 * huge-page hint below */
#define BLOCK_SIZE_MAX (16 * 1024 * 1024)
#define HUGE_PAGE (2 * 1024 * 1024)

void
ms_json_lite_hint_huge(gpointer data, gsize size)
{
#ifdef MADV_HUGEPAGE
    /* the 2 MiB windows wholly inside the buffer: the kernel backs only
     * those with huge pages, and a madvise range must start on a page */
    guintptr start = ((guintptr) data + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1);
    guintptr end = ((guintptr) data + size) & ~(guintptr) (HUGE_PAGE - 1);

    if (end > start)
        (void) madvise((gpointer) start, end - start, MADV_HUGEPAGE); /* a hint: errors change nothing */
#else
    (void) data;
    (void) size;
#endif
}

struct MsJsonLiteDoc {
    GPtrArray *blocks; /* g_free */
    char *next;        /* free space in the last block */
    gsize left;
    gsize block_size; /* of the next block */
    const MsJsonLite *root;
};

static gpointer
arena_alloc(MsJsonLiteDoc *doc, gsize size)
{
    gpointer out;

    size = (size + 7) & ~(gsize) 7;
    if (size > doc->left) {
        gsize block = MAX(size, doc->block_size);
        doc->next = g_malloc(block);
        ms_json_lite_hint_huge(doc->next, block);
        doc->left = block;
        doc->block_size = MIN(doc->block_size * 2, BLOCK_SIZE_MAX);
        g_ptr_array_add(doc->blocks, doc->next);
    }
    out = doc->next;
    doc->next += size;
    doc->left -= size;
    return out;
}

static MsJsonLiteDoc *
doc_new(void)
{
    MsJsonLiteDoc *doc = g_new0(MsJsonLiteDoc, 1);

    doc->blocks = g_ptr_array_new_with_free_func(g_free);
    doc->block_size = BLOCK_SIZE;
    return doc;
}

void
ms_json_lite_free(MsJsonLiteDoc *doc)
{
    if (doc == NULL)
        return;
    g_ptr_array_unref(doc->blocks);
    g_free(doc);
}

const MsJsonLite *
ms_json_lite_root(const MsJsonLiteDoc *doc)
{
    return doc->root;
}

const MsJsonLite *
ms_json_lite_get(const MsJsonLite *object, const char *key)
{
    /* the first bytes compared inline: most keys differ there, and strcmp,
     * called per key, was 7.5 % of import's instructions (docs/bench.md) */
    for (guint i = object->len; i-- > 0;)
        if (object->keys[i][0] == key[0] && strcmp(object->keys[i], key) == 0)
            return &object->v.items[i];
    return NULL;
}

/* the distinct keys of @object in order of first sight */
static GPtrArray *
distinct_keys(const MsJsonLite *object)
{
    GPtrArray *keys = g_ptr_array_new();

    for (guint i = 0; i < object->len; i++)
        if (!g_ptr_array_find_with_equal_func(keys, object->keys[i], g_str_equal, NULL))
            g_ptr_array_add(keys, (gpointer) object->keys[i]);
    return keys;
}

gboolean
ms_json_lite_equal(const MsJsonLite *a, const MsJsonLite *b)
{
    if (a->kind != b->kind)
        return FALSE;
    switch (a->kind) {
    case MS_JSON_LITE_NULL:
        return TRUE;
    case MS_JSON_LITE_BOOLEAN:
        return !a->v.boolean == !b->v.boolean;
    case MS_JSON_LITE_INT:
        return a->v.integer == b->v.integer;
    case MS_JSON_LITE_DOUBLE:
        return a->v.number == b->v.number;
    case MS_JSON_LITE_STRING:
        return strcmp(a->v.string, b->v.string) == 0;
    case MS_JSON_LITE_ARRAY:
        if (a->len != b->len)
            return FALSE;
        for (guint i = 0; i < a->len; i++)
            if (!ms_json_lite_equal(&a->v.items[i], &b->v.items[i]))
                return FALSE;
        return TRUE;
    case MS_JSON_LITE_OBJECT: {
        g_autoptr(GPtrArray) ka = distinct_keys(a);
        g_autoptr(GPtrArray) kb = distinct_keys(b);
        if (ka->len != kb->len)
            return FALSE;
        for (guint i = 0; i < ka->len; i++)
            if (strcmp(ka->pdata[i], kb->pdata[i]) != 0 ||
                !ms_json_lite_equal(ms_json_lite_get(a, ka->pdata[i]), ms_json_lite_get(b, kb->pdata[i])))
                return FALSE;
        return TRUE;
    }
    }
    return FALSE;
}

/* ---- the plain-JSON reader ---- */

/* The open containers' items and keys, all depths in one stack each: a
 * container pushes its items past its parent's and, when it closes, moves
 * them to the arena and pops them.  Appending is inline (a GArray append
 * per value was a sixth of the reader's instructions, docs/bench.md). */
typedef struct {
    char *p, *end; /* in the doc's copy of the text */
    MsJsonLiteDoc *doc;
    guint max_depth;
    MsJsonLite *items;
    const char **keys;
    gsize n_items, n_keys, items_size, keys_size;
} Reader;

static MsJsonLite *
push_item(Reader *r)
{
    if (G_UNLIKELY(r->n_items == r->items_size)) {
        r->items_size = MAX(64, 2 * r->items_size);
        r->items = g_renew(MsJsonLite, r->items, r->items_size);
    }
    return &r->items[r->n_items++];
}

static void
push_key(Reader *r, const char *key)
{
    if (G_UNLIKELY(r->n_keys == r->keys_size)) {
        r->keys_size = MAX(64, 2 * r->keys_size);
        r->keys = g_renew(const char *, r->keys, r->keys_size);
    }
    r->keys[r->n_keys++] = key;
}

/* The reader's copy of the text ends in a NUL and PAD more NUL bytes, so
 * that a scan reads 8 bytes at a time or byte by byte without a bounds
 * check: a NUL stops every scan (it is neither space nor a plain string
 * byte), and a word holding it is never skipped whole. */
#define PAD 8
#define ONES G_GUINT64_CONSTANT(0x0101010101010101)

static guint64
load_word(const char *p)
{
    guint64 word;

    memcpy(&word, p, sizeof(word));
    return word;
}

static const guint8 is_space[256] = {
    [' '] = 1,
    ['\n'] = 1,
    ['\t'] = 1,
    ['\r'] = 1,
};

static void
skip_space(Reader *r)
{
    const char *p = r->p;

    /* a pretty-printed state file is 42 % white space (1,000 x 20,000),
     * mostly a newline and a run of spaces: the run is skipped 8 bytes a
     * step, its end found in the word that holds it, so a newline and its
     * indentation take a step or two, not one per byte (the byte loop
     * was a tenth of the load's instructions, docs/bench.md) */
    for (;;) {
        guint64 other = load_word(p) ^ (0x20 * ONES);

        if (other == 0) {
            p += 8;
            continue;
        }
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
        p += __builtin_ctzll(other) / 8;
#else
        p += __builtin_clzll(other) / 8;
#endif
        if (!is_space[(guchar) *p])
            break;
        p++;
    }
    r->p = (char *) p;
}

/* The bytes a string's scan stops at: its end, an escape, a control
 * character and bytes past ASCII; the others are copied as they are.  One
 * table lookup per byte in the loop over the common case (the replies and
 * state files of 100,000 instances are about 100 MB of mostly strings). */
static const guint8 string_stop[256] = {
    [0x00 ... 0x1f] = 1,
    ['"'] = 1,
    ['\\'] = 1,
    [0x80 ... 0xff] = 1,
};

/* At the opening quote; the decoded text, in place in the doc's copy of
 * the text (its closing quote becomes the NUL; escapes shrink it), or
 * NULL: no allocation and copy per string. */
static const char *
read_string(Reader *r)
{
    char *start = ++r->p, *q = start, *o;
    gsize escapes = 0;
    gboolean ascii = TRUE;

    for (;;) {
        /* the NUL after the text stops the scan: no bounds check per
         * byte (8 bytes a step did not pay: most strings are shorter) */
        while (!string_stop[(guchar) *q])
            q++;
        if (q >= r->end || *q == '"')
            break;
        if ((guchar) *q < 0x20)
            return NULL;
        if ((guchar) *q >= 0x80) {
            ascii = FALSE;
            q++;
            continue;
        }
        /* a backslash */
        if (q + 1 >= r->end || strchr("\"\\nrtbf", q[1]) == NULL || q[1] == '\0')
            return NULL; /* \u, \/ and the rest: json-glib decides */
        q += 2;
        escapes++;
    }
    /* json-glib refuses a text that is not UTF-8 as a whole; bytes past
     * ASCII can only be in strings here */
    if (q >= r->end || (!ascii && !g_utf8_validate(start, q - start, NULL)))
        return NULL;
    r->p = q + 1;
    if (escapes == 0) {
        *q = '\0';
        return start;
    }
    o = start;
    for (const char *s = start; s < q; s++) {
        if (*s != '\\') {
            *o++ = *s;
            continue;
        }
        switch (*++s) {
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        default: /* '"' and '\\' */
            *o++ = *s;
            break;
        }
    }
    *o = '\0';
    return start;
}

/* -?(0|[1-9][0-9]{0,17}) not followed by a fraction or an exponent */
static gboolean
read_integer(Reader *r, gint64 *out)
{
    gboolean negative = *r->p == '-';
    char *start = r->p + negative, *q = start;
    guint64 value = 0;

    while (q < r->end && g_ascii_isdigit(*q) && q - start <= 18)
        value = value * 10 + (guint64) (*q++ - '0');
    if (q == start || q - start > 18 || (*start == '0' && (q - start > 1 || negative)))
        return FALSE;
    if (q < r->end && (*q == '.' || *q == 'e' || *q == 'E' || g_ascii_isdigit(*q)))
        return FALSE;
    *out = negative ? -(gint64) value : (gint64) value;
    r->p = q;
    return TRUE;
}

static gboolean
read_literal(Reader *r, const char *word)
{
    gsize n = strlen(word);

    if ((gsize) (r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return FALSE;
    r->p += n;
    return TRUE;
}

/* TRUE when no two of the @n @keys are equal: an object that repeats a
 * key is left to json-glib, which keeps the key's first position and its
 * last value, so that every tree read here has distinct keys in text
 * order, as json-glib's does.  A small open-addressing set of indices. */
static gboolean
keys_distinct(const char *const *keys, guint n)
{
    guint32 small[128];
    g_autofree guint32 *large = NULL;
    guint32 *slots = small;
    guint size = 8;

    if (n < 2)
        return TRUE;
    if (n <= 12) {
        /* at most 66 comparisons, most ending at the first byte: cheaper
         * than hashing every key (an instance of a state file has 9 or
         * more: hashing them was 2 % of the load's instructions) */
        for (guint i = 1; i < n; i++)
            for (guint j = 0; j < i; j++)
                if (keys[i][0] == keys[j][0] && strcmp(keys[i], keys[j]) == 0)
                    return FALSE;
        return TRUE;
    }
    while (size < 2 * n)
        size *= 2;
    if (size > G_N_ELEMENTS(small))
        slots = large = g_new(guint32, size);
    memset(slots, 0, size * sizeof(guint32));
    for (guint i = 0; i < n; i++) {
        guint j = g_str_hash(keys[i]) & (size - 1);
        for (; slots[j] != 0; j = (j + 1) & (size - 1))
            if (strcmp(keys[slots[j] - 1], keys[i]) == 0)
                return FALSE;
        slots[j] = i + 1;
    }
    return TRUE;
}

static gboolean read_value(Reader *r, guint depth, MsJsonLite *out);

/* At '{' or '['; the items (and keys) land in the arena when it closes. */
static gboolean
read_container(Reader *r, guint depth, MsJsonLite *out)
{
    gboolean object = *r->p == '{';
    char close = object ? '}' : ']';
    gsize first_item = r->n_items, first_key = r->n_keys, len;

    if (depth >= r->max_depth)
        return FALSE;
    r->p++;
    skip_space(r);
    if (r->p < r->end && *r->p == close)
        r->p++;
    else
        for (;;) {
            skip_space(r);
            if (object) {
                const char *key;
                if (r->p >= r->end || *r->p != '"' || (key = read_string(r)) == NULL)
                    return FALSE;
                skip_space(r);
                if (r->p >= r->end || *r->p != ':')
                    return FALSE;
                r->p++;
                push_key(r, key);
            }
            /* the item is read into a local: the stack may move while a
             * nested container grows it */
            {
                MsJsonLite item;
                if (!read_value(r, depth + 1, &item))
                    return FALSE;
                *push_item(r) = item;
            }
            skip_space(r);
            if (r->p < r->end && *r->p == ',') {
                r->p++;
                continue;
            }
            if (r->p < r->end && *r->p == close) {
                r->p++;
                break;
            }
            return FALSE;
        }
    len = r->n_items - first_item;
    /* len < 2 cannot repeat a key, and an empty object's key stack may be
     * NULL, where even r->keys + 0 is undefined (UBSan, the import fuzzer) */
    if (object && len > 1 && !keys_distinct(r->keys + first_key, len))
        return FALSE;
    out->kind = object ? MS_JSON_LITE_OBJECT : MS_JSON_LITE_ARRAY;
    out->len = len;
    /* an empty {} or [] has no storage to copy from (memcpy from NULL is
     * undefined even for 0 bytes: UBSan stops there) */
    out->v.items = len > 0 ? memcpy(arena_alloc(r->doc, len * sizeof(MsJsonLite)), r->items + first_item,
                                    len * sizeof(MsJsonLite))
                           : NULL;
    out->keys = object && len > 0 ? memcpy(arena_alloc(r->doc, len * sizeof(char *)), r->keys + first_key,
                                           len * sizeof(char *))
                                  : NULL;
    r->n_items = first_item;
    r->n_keys = first_key;
    return TRUE;
}

static gboolean
read_value(Reader *r, guint depth, MsJsonLite *out)
{
    memset(out, 0, sizeof(*out));
    skip_space(r);
    if (r->p >= r->end)
        return FALSE;
    switch (*r->p) {
    case '{':
    case '[':
        return read_container(r, depth, out);
    case '"':
        out->kind = MS_JSON_LITE_STRING;
        return (out->v.string = read_string(r)) != NULL;
    case 't':
    case 'f':
        out->kind = MS_JSON_LITE_BOOLEAN;
        out->v.boolean = *r->p == 't';
        return read_literal(r, out->v.boolean ? "true" : "false");
    case 'n':
        out->kind = MS_JSON_LITE_NULL;
        return read_literal(r, "null");
    default:
        out->kind = MS_JSON_LITE_INT;
        return (*r->p == '-' || g_ascii_isdigit(*r->p)) && read_integer(r, &out->v.integer);
    }
}

MsJsonLiteDoc *
ms_json_lite_parse(const char *text, gsize length, guint max_depth)
{
    g_autoptr(MsJsonLiteDoc) doc = doc_new();
    /* the strings are decoded in place in this copy, which the tree keeps */
    char *copy = g_malloc(length + 1 + PAD);
    Reader r = { copy, copy + length, doc, max_depth, NULL, NULL, 0, 0, 0, 0 };
    MsJsonLite *root = arena_alloc(doc, sizeof(MsJsonLite));

    ms_json_lite_hint_huge(copy, length + 1 + PAD);
    memcpy(copy, text, length);
    memset(copy + length, 0, 1 + PAD);
    g_ptr_array_add(doc->blocks, copy);
    gboolean ok;

    skip_space(&r);
    ok = r.p < r.end && *r.p == '{' && read_value(&r, 0, root);
    skip_space(&r);
    g_free(r.items);
    g_free(r.keys);
    if (!ok || r.p != r.end)
        return NULL;
    doc->root = root;
    return g_steal_pointer(&doc);
}

/* ---- json-glib's tree ---- */

static void
convert(MsJsonLiteDoc *doc, JsonNode *node, MsJsonLite *out)
{
    memset(out, 0, sizeof(*out));
    if (JSON_NODE_HOLDS_OBJECT(node)) {
        JsonObject *object = json_node_get_object(node);
        g_autoptr(GList) names = json_object_get_members(object);
        MsJsonLite *items;
        const char **keys;
        guint i = 0;

        out->kind = MS_JSON_LITE_OBJECT;
        out->len = g_list_length(names);
        out->v.items = items = arena_alloc(doc, out->len * sizeof(MsJsonLite));
        out->keys = keys = arena_alloc(doc, out->len * sizeof(char *));
        for (GList *l = names; l != NULL; l = l->next, i++) {
            keys[i] = strcpy(arena_alloc(doc, strlen(l->data) + 1), l->data);
            convert(doc, json_object_get_member(object, l->data), &items[i]);
        }
    } else if (JSON_NODE_HOLDS_ARRAY(node)) {
        JsonArray *array = json_node_get_array(node);
        MsJsonLite *items;

        out->kind = MS_JSON_LITE_ARRAY;
        out->len = json_array_get_length(array);
        out->v.items = items = arena_alloc(doc, out->len * sizeof(MsJsonLite));
        for (guint i = 0; i < out->len; i++)
            convert(doc, json_array_get_element(array, i), &items[i]);
    } else if (JSON_NODE_HOLDS_NULL(node)) {
        out->kind = MS_JSON_LITE_NULL;
    } else if (json_node_get_value_type(node) == G_TYPE_STRING) {
        const char *text = json_node_get_string(node);
        out->kind = MS_JSON_LITE_STRING;
        out->v.string = strcpy(arena_alloc(doc, strlen(text) + 1), text);
    } else if (json_node_get_value_type(node) == G_TYPE_BOOLEAN) {
        out->kind = MS_JSON_LITE_BOOLEAN;
        out->v.boolean = json_node_get_boolean(node);
    } else if (json_node_get_value_type(node) == G_TYPE_DOUBLE) {
        out->kind = MS_JSON_LITE_DOUBLE;
        out->v.number = json_node_get_double(node);
    } else {
        out->kind = MS_JSON_LITE_INT;
        out->v.integer = json_node_get_int(node);
    }
}

MsJsonLiteDoc *
ms_json_lite_from_node(JsonNode *root)
{
    MsJsonLiteDoc *doc = doc_new();

    if (root != NULL) {
        MsJsonLite *node = arena_alloc(doc, sizeof(MsJsonLite));
        convert(doc, root, node);
        doc->root = node;
    }
    return doc;
}
