/* migsim: a read-only JSON tree for the state-file loader and import's
 * replies.
 *
 * json-glib builds a GSlice node, a hash table and a queue per object and a
 * GString per token: parsing a state file at its 8 MiB limit spent over
 * half its time there (docs/bench.md, "Loading a state file").  This tree
 * lives in a few large blocks and is freed at once.
 *
 * ms_json_lite_parse() reads only plain JSON: objects whose keys are
 * distinct, arrays, UTF-8 strings without \u escapes, integers of at most 18
 * digits, true, false, null, whitespace " \t\n\r", an object as the root
 * (so any text, not only a checked state file).  On anything else it returns
 * NULL, and the caller parses with json-glib and converts its tree
 * (ms_json_lite_from_node), so json-glib stays the judge of what is JSON
 * and its error messages are kept.  For the text ms_json_lite_parse()
 * accepts, the two trees are equal (tests/preflight/test-json-lite.c). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
    MS_JSON_LITE_NULL,
    MS_JSON_LITE_BOOLEAN,
    MS_JSON_LITE_INT,
    MS_JSON_LITE_DOUBLE,
    MS_JSON_LITE_STRING,
    MS_JSON_LITE_ARRAY,
    MS_JSON_LITE_OBJECT,
} MsJsonLiteKind;

typedef struct MsJsonLite MsJsonLite;
struct MsJsonLite {
    MsJsonLiteKind kind;
    guint len; /* arrays and objects: the number of items */
    union {
        gboolean boolean;
        gint64 integer;
        gdouble number;
        const char *string;
        const MsJsonLite *items; /* arrays and objects, in text order */
    } v;
    const char *const *keys; /* objects: the key of each item */
};

typedef struct MsJsonLiteDoc MsJsonLiteDoc;

/* (transfer full) the tree of @text, or NULL when it is not plain JSON as
 * above (or nests deeper than @max_depth). */
MsJsonLiteDoc *ms_json_lite_parse(const char *text, gsize length, guint max_depth);
/* (transfer full) a copy of json-glib's tree; @root nullable (empty text) */
MsJsonLiteDoc *ms_json_lite_from_node(JsonNode *root);
/* the root; NULL for json-glib's empty document */
const MsJsonLite *ms_json_lite_root(const MsJsonLiteDoc *doc);
void ms_json_lite_free(MsJsonLiteDoc *doc);
/* Asks the kernel to back the untouched buffer @data of @size bytes with
 * huge pages where it can (a hint, nothing else changes): a 100 MB reply
 * or state file copied into fresh memory took a page fault per 4 KiB,
 * over a third of import's time on a VM (docs/bench.md, 2026-12-05 23:00) */
void ms_json_lite_hint_huge(gpointer data, gsize size);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsJsonLiteDoc, ms_json_lite_free)

/* @object's member @key, or NULL.  Keys are distinct in both kinds of
 * tree (json-glib too keeps one member of equal keys: the first position,
 * the last value). */
const MsJsonLite *ms_json_lite_get(const MsJsonLite *object, const char *key);

/* TRUE when @a and @b hold the same JSON; an object's repeated keys count
 * as json-glib keeps them (the first position, the last value) */
gboolean ms_json_lite_equal(const MsJsonLite *a, const MsJsonLite *b);

G_END_DECLS
