/* Unit tests for the state-file loader's JSON reader (model/ms-json-lite.h).
 *
 *   test-json-lite DIR...
 *
 * Trees written out by hand; text the reader must leave to json-glib; and,
 * for every .json file under the DIRs, json-glib as the independent judge:
 * what the reader accepts, json-glib parses to an equal tree. */
#include <string.h>

#include "ms-json-lite.h"
#include "ms-state-file.h"

static char **dirs;

static void
test_hand_tree(void)
{
    const char *text = " {\"a\": [1, -23, 0, \"x\\\"y\\n\\\\\\t\\r\\b\\f\", true, false, null, {}, []],\n"
                       "\t\"\": {\"k\": \"\"}, \"b\": 999999999999999999, \"\xc3\xa9\xf0\x9f\x99\x82\": "
                       "\"\xe2\x80\xa8\x7f\"}\r\n";
    g_autoptr(MsJsonLiteDoc) doc = ms_json_lite_parse(text, strlen(text), 64);
    const MsJsonLite *root, *a;

    g_assert_nonnull(doc);
    root = ms_json_lite_root(doc);
    g_assert_cmpint(root->kind, ==, MS_JSON_LITE_OBJECT);
    g_assert_cmpuint(root->len, ==, 4);
    g_assert_cmpstr(root->keys[0], ==, "a");
    g_assert_cmpstr(root->keys[1], ==, "");
    a = &root->v.items[0];
    g_assert_cmpint(a->kind, ==, MS_JSON_LITE_ARRAY);
    g_assert_cmpuint(a->len, ==, 9);
    g_assert_cmpint(a->v.items[0].v.integer, ==, 1);
    g_assert_cmpint(a->v.items[1].v.integer, ==, -23);
    g_assert_cmpint(a->v.items[2].kind, ==, MS_JSON_LITE_INT);
    g_assert_cmpstr(a->v.items[3].v.string, ==, "x\"y\n\\\t\r\b\f");
    g_assert_true(a->v.items[4].v.boolean);
    g_assert_false(a->v.items[5].v.boolean);
    g_assert_cmpint(a->v.items[5].kind, ==, MS_JSON_LITE_BOOLEAN);
    g_assert_cmpint(a->v.items[6].kind, ==, MS_JSON_LITE_NULL);
    g_assert_cmpint(a->v.items[7].kind, ==, MS_JSON_LITE_OBJECT);
    g_assert_cmpuint(a->v.items[7].len, ==, 0);
    g_assert_cmpint(a->v.items[8].kind, ==, MS_JSON_LITE_ARRAY);
    g_assert_cmpstr(ms_json_lite_get(&root->v.items[1], "k")->v.string, ==, "");
    g_assert_cmpint(ms_json_lite_get(root, "b")->v.integer, ==, 999999999999999999);
    /* UTF-8 past ASCII, in keys and values, as it is */
    g_assert_cmpstr(ms_json_lite_get(root, "\xc3\xa9\xf0\x9f\x99\x82")->v.string, ==, "\xe2\x80\xa8\x7f");
    g_assert_null(ms_json_lite_get(root, "c"));
}

/* Not plain JSON, or not certainly read as json-glib reads it */
static void
test_left_to_json_glib(void)
{
    static const char *const texts[] = {
        "",
        "  ",
        "[1]",
        "\"x\"",
        "{\"a\": \"\\u0041\"}",
        "{\"a\": 1.5}",
        "{\"a\": 1e3}",
        "{\"a\": 01}",
        "{\"a\": -0}",
        "{\"a\": 1234567890123456789}",
        "{\"a\": 1,}",
        "{\"a\": \"\\/\"}",
        "{} x",
        "{\"a\": \"\t\"}",
        "/* c */ {}",
        "{\"a\" 1}",
        "{\"a\": tru}",
        "{\"a\": nul}",
        "{\"a\": [1 2]}",
        "{\"a\": \"x}",
        "{'a': 1}",
        "{\"a\": +1}",
        "{\"a\": -}",
        "{\"a\"",
        /* a repeated key: json-glib keeps the first position, the last value */
        "{\"a\": 1, \"a\": 2}",
        "{\"x\": {\"a\": 1, \"b\": 2, \"c\": 3, \"b\": null}}",
        /* json-glib refuses a text that is not UTF-8 */
        "{\"a\": \"\xff\"}",
        "{\"a\xc3\": 1}",
        "{\"a\": \"\xed\xa0\x80\"}",
        "{\"a\": \"\xf4\x90\x80\x80\"}",
        "{\"a\": \"\xc3\xa9\xc3\"}",
        "{\"a\": [[[[1]]]]}",
    };

    for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
        /* the last one nests 5 levels: over a limit of 4 */
        g_autoptr(MsJsonLiteDoc) doc = ms_json_lite_parse(texts[i], strlen(texts[i]), 4);
        if (doc != NULL)
            g_error("read, not left to json-glib: %s", texts[i]);
    }
}

/* Objects of @n distinct keys are read (whatever the size of the set the
 * reader checks them with); one key more, repeating key @dup, is not. */
static void
test_key_counts(void)
{
    static const guint counts[] = { 0, 1, 2, 3, 4, 5, 31, 63, 64, 65, 200 };

    for (guint c = 0; c < G_N_ELEMENTS(counts); c++) {
        guint n = counts[c];
        g_autoptr(GString) text = g_string_new("{");
        g_autoptr(MsJsonLiteDoc) doc = NULL;

        for (guint i = 0; i < n; i++)
            g_string_append_printf(text, "%s\"k%u\": %u", i ? ", " : "", i, i);
        g_string_append(text, "}");
        doc = ms_json_lite_parse(text->str, text->len, 4);
        g_assert_nonnull(doc);
        g_assert_cmpuint(ms_json_lite_root(doc)->len, ==, n);
        for (guint dup = 0; dup < n; dup += MAX(1, n / 3)) {
            g_autoptr(GString) repeated = g_string_new(text->str);
            g_autoptr(MsJsonLiteDoc) none = NULL;

            g_string_truncate(repeated, repeated->len - 1);
            g_string_append_printf(repeated, ", \"k%u\": 0}", dup);
            none = ms_json_lite_parse(repeated->str, repeated->len, 4);
            if (none != NULL)
                g_error("a repeated key read: %s", repeated->str);
        }
    }
}

static void
compare_file(const char *path, guint *read)
{
    g_autofree char *text = NULL;
    gsize length;
    g_autoptr(GError) error = NULL;
    g_autoptr(MsJsonLiteDoc) lite = NULL;
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(MsJsonLiteDoc) glib = NULL;

    g_assert_true(g_file_get_contents(path, &text, &length, &error));
    lite = ms_json_lite_parse(text, length, MS_STATE_MAX_DEPTH);
    if (lite == NULL)
        return;
    (*read)++;
    if (!json_parser_load_from_data(parser, text, length, &error))
        g_error("%s: json-glib rejects what the reader read: %s", path, error->message);
    glib = ms_json_lite_from_node(json_parser_get_root(parser));
    if (!ms_json_lite_equal(ms_json_lite_root(lite), ms_json_lite_root(glib)))
        g_error("%s: the reader's tree differs from json-glib's", path);
}

static void
test_files_against_json_glib(void)
{
    guint read = 0, seen = 0;

    for (guint d = 0; dirs[d] != NULL; d++) {
        g_autoptr(GDir) dir = g_dir_open(dirs[d], 0, NULL);
        const char *name;
        g_assert_nonnull(dir);
        while ((name = g_dir_read_name(dir)) != NULL) {
            g_autofree char *path = g_build_filename(dirs[d], name, NULL);
            if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
                seen++;
                compare_file(path, &read);
            }
        }
    }
    g_test_message("%u files, %u read by the reader", seen, read);
    /* the dumped states among them are plain JSON */
    g_assert_cmpuint(read, >=, 3);
}

/* The string scan reads eight bytes at a time: every byte at every place
 * of such a word (and of the tail after the last whole word).  By JSON's
 * rules, as the reader applies them: a control byte, a lone byte past
 * ASCII (not UTF-8), a quote (the string ends early) and a backslash
 * before 'a' are refused (left to json-glib); any other byte is the
 * string's own. */
static void
test_string_bytes(void)
{
    for (guint b = 0; b < 256; b++) {
        for (guint at = 0; at < 20; at++) {
            char text[32];
            gboolean refused = b < 0x20 || b >= 0x80 || b == '"' || b == '\\';
            g_autoptr(MsJsonLiteDoc) doc = NULL;
            const MsJsonLite *value;

            /* {"k":"aaa...X...aaa"}: 20 bytes between the quotes, from
             * text + 6 (the reader reads objects only) */
            memset(text, 'a', sizeof text);
            memcpy(text, "{\"k\":\"", 6);
            text[6 + at] = (char) b;
            memcpy(text + 26, "\"}", 2);
            doc = ms_json_lite_parse(text, 28, 8);
            if (refused) {
                if (doc != NULL)
                    g_error("byte 0x%02x at %u read", b, at);
                continue;
            }
            if (doc == NULL)
                g_error("byte 0x%02x at %u refused", b, at);
            value = ms_json_lite_get(ms_json_lite_root(doc), "k");
            g_assert_nonnull(value);
            g_assert_cmpint(value->kind, ==, MS_JSON_LITE_STRING);
            g_assert_cmpuint(strlen(value->v.string), ==, 20);
            g_assert_cmpmem(value->v.string, 20, text + 6, 20);
        }
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    dirs = argv + 1;
    g_test_add_func("/json-lite/hand-tree", test_hand_tree);
    g_test_add_func("/json-lite/left-to-json-glib", test_left_to_json_glib);
    g_test_add_func("/json-lite/key-counts", test_key_counts);
    g_test_add_func("/json-lite/string-bytes", test_string_bytes);
    g_test_add_func("/json-lite/files-against-json-glib", test_files_against_json_glib);
    return g_test_run();
}
