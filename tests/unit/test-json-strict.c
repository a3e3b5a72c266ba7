/* ms_json_strict_kind and ms_json_strict_first against what Go's
 * encoding/json answers: the expected kinds are written by hand from RFC
 * 8259 and Go's documented decoder (json.Valid; Decoder.Decode reads one
 * value), and the ones marked "live" were seen from LXD 5.0.2 through lxc
 * query -d (2026-12-06): the text went as a string when Go refused it. */
#include "ms-json-strict.h"

typedef struct {
    const char *text;
    MsJsonStrictKind kind;
} Case;

static const Case whole[] = {
    { "", MS_JSON_STRICT_INVALID },  /* live: no -d at 5.0.2 sends "" */
    { "null", MS_JSON_STRICT_NULL }, /* live: EOF (no body) */
    { " \t\r\nnull\n", MS_JSON_STRICT_NULL },
    { "5", MS_JSON_STRICT_NUMBER }, /* live */
    { "-0.5e+10", MS_JSON_STRICT_NUMBER },
    { "01", MS_JSON_STRICT_INVALID },
    { "+1", MS_JSON_STRICT_INVALID },
    { ".5", MS_JSON_STRICT_INVALID },
    { "1.", MS_JSON_STRICT_INVALID },
    { "1e", MS_JSON_STRICT_INVALID },
    { "-", MS_JSON_STRICT_INVALID },
    { "NaN", MS_JSON_STRICT_INVALID },
    { "1e400", MS_JSON_STRICT_INVALID },   /* ParseFloat's ErrRange: Unmarshal into any fails */
    { "[1e999]", MS_JSON_STRICT_INVALID }, /* anywhere in the text */
    { "-1e400", MS_JSON_STRICT_INVALID },
    { "1e-400", MS_JSON_STRICT_NUMBER }, /* underflow is 0, no error */
    { "true", MS_JSON_STRICT_BOOL },     /* live */
    { "tru", MS_JSON_STRICT_INVALID },
    { "True", MS_JSON_STRICT_INVALID },
    { "\"x\"", MS_JSON_STRICT_STRING }, /* live */
    { "\"a\\u00e9\\n\"", MS_JSON_STRICT_STRING },
    { "\"a\\x\"", MS_JSON_STRICT_INVALID },
    { "\"a\\u12\"", MS_JSON_STRICT_INVALID },
    { "\"tab\there\"", MS_JSON_STRICT_INVALID }, /* a raw control byte */
    { "\"open", MS_JSON_STRICT_INVALID },
    { "[1]", MS_JSON_STRICT_ARRAY }, /* live */
    { "[]", MS_JSON_STRICT_ARRAY },
    { "[1,]", MS_JSON_STRICT_INVALID },
    { "[,1]", MS_JSON_STRICT_INVALID },
    { "[1 2]", MS_JSON_STRICT_INVALID },
    { "{}", MS_JSON_STRICT_OBJECT }, /* live: a backup */
    { "{\"name\":\"foo\"}", MS_JSON_STRICT_OBJECT },
    { " { \"a\" : [ 1 , { } ] , \"b\" : null } ", MS_JSON_STRICT_OBJECT },
    { "{\\\"name\\\":\\\"foo\\\"}", MS_JSON_STRICT_INVALID }, /* live: clustering.sh:508's backslashes */
    { "{'a':1}", MS_JSON_STRICT_INVALID },
    { "{a:1}", MS_JSON_STRICT_INVALID },
    { "{\"a\":1,}", MS_JSON_STRICT_INVALID },
    { "{\"a\" 1}", MS_JSON_STRICT_INVALID },
    { "{} /* comment */", MS_JSON_STRICT_INVALID },
    { "// c\n{}", MS_JSON_STRICT_INVALID },
    { "{} {}", MS_JSON_STRICT_INVALID },
    { "not json", MS_JSON_STRICT_INVALID }, /* live: sent as a string */
};

static const Case first[] = {
    { "", MS_JSON_STRICT_INVALID },        { "{} trailing", MS_JSON_STRICT_OBJECT },
    { "12x", MS_JSON_STRICT_NUMBER },      { "\"s\"{}", MS_JSON_STRICT_STRING },
    { "  [1,2] [", MS_JSON_STRICT_ARRAY }, { "{\"a\":", MS_JSON_STRICT_INVALID },
    { "x{}", MS_JSON_STRICT_INVALID },
};

static void
test_whole(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(whole); i++) {
        g_test_message("whole: %s", whole[i].text);
        g_assert_cmpint(ms_json_strict_kind(whole[i].text), ==, whole[i].kind);
    }
}

static void
test_first(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(first); i++) {
        g_test_message("first: %s", first[i].text);
        g_assert_cmpint(ms_json_strict_first(first[i].text), ==, first[i].kind);
    }
}

/* Go's maxNestingDepth is 10,000: deeper arrays are refused, not
 * recursed into without bound */
static void
test_depth(void)
{
    GString *deep = g_string_new(NULL);

    for (guint i = 0; i < 10000; i++)
        g_string_append_c(deep, '[');
    for (guint i = 0; i < 10000; i++)
        g_string_append_c(deep, ']');
    g_assert_cmpint(ms_json_strict_kind(deep->str), ==, MS_JSON_STRICT_ARRAY);
    g_string_prepend_c(deep, '[');
    g_string_append_c(deep, ']');
    g_assert_cmpint(ms_json_strict_kind(deep->str), ==, MS_JSON_STRICT_INVALID);
    g_string_free(deep, TRUE);
}

static void
test_go_names(void)
{
    g_assert_cmpstr(ms_json_strict_go_name(MS_JSON_STRICT_STRING), ==, "string");
    g_assert_cmpstr(ms_json_strict_go_name(MS_JSON_STRICT_NUMBER), ==, "number");
    g_assert_cmpstr(ms_json_strict_go_name(MS_JSON_STRICT_ARRAY), ==, "array");
    g_assert_cmpstr(ms_json_strict_go_name(MS_JSON_STRICT_BOOL), ==, "bool");
    g_assert_null(ms_json_strict_go_name(MS_JSON_STRICT_NULL));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json-strict/whole", test_whole);
    g_test_add_func("/json-strict/first", test_first);
    g_test_add_func("/json-strict/depth", test_depth);
    g_test_add_func("/json-strict/go-names", test_go_names);
    return g_test_run();
}
