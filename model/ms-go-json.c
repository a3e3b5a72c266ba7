/* migsim: Go's encoding/json as LXD's config values meet it.
 *
 * json.Unmarshal first checks the whole input with its scanner (a state
 * machine over bytes; the first bad byte is named with what the state was
 * looking for, and at the end of the input one space is stepped, so that
 * "tru" ends "invalid character ' ' in literal true (expecting 'e')"), then
 * decodes, keeping the first type error and going on.  Our reading of Go's
 * src/encoding/json/scanner.go and decode.go (Go 1.18-1.22, the same texts),
 * checked against live LXD 5.0.2 (2026-12-06, lane 7): `lxc config set C
 * volatile.idmap.next=V` answered "Initialize LXC: " then for V = x
 * "invalid character 'x' looking for beginning of value", [ "unexpected end
 * of JSON input", tru "invalid character ' ' in literal true (expecting
 * 'e')", {} "json: cannot unmarshal object into Go value of type
 * []idmap.IdmapEntry", [1] "... number into Go value of type
 * idmap.IdmapEntry"; [], [{}] and null taken. */
#include "ms-go-json.h"

#include <errno.h>
#include <string.h>

/* Go's maxNestingDepth: deeper input is "exceeded max depth" */
#define GO_MAX_DEPTH 10000

typedef enum {
    S_BEGIN_VALUE,
    S_BEGIN_VALUE_OR_EMPTY,  /* after '[' */
    S_BEGIN_STRING_OR_EMPTY, /* after '{' */
    S_BEGIN_STRING,          /* after ',' in an object */
    S_IN_STRING,
    S_IN_STRING_ESC,
    S_IN_STRING_ESC_U, /* with the number of hex digits still wanted */
    S_NEG,
    S_1,
    S_0,
    S_DOT,
    S_DOT0,
    S_E,
    S_E_SIGN,
    S_E0,
    S_LITERAL, /* the rest of true, false or null */
    S_END_VALUE,
    S_END_TOP,
} ScanState;

typedef struct {
    ScanState state;
    GString *stack; /* 'k' object key, 'v' object value, 'a' array element */
    const char *literal_rest;
    const char *literal_name;
    int hex_left;
    char *error;
} Scanner;

static gboolean
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Go's quoteChar: '\'' and '"' as themselves, else strconv.Quote's body */
static char *
quote_char(unsigned char c)
{
    if (c == '\'')
        return g_strdup("'\\''");
    if (c == '"')
        return g_strdup("'\"'");
    switch (c) {
    case '\a':
        return g_strdup("'\\a'");
    case '\b':
        return g_strdup("'\\b'");
    case '\f':
        return g_strdup("'\\f'");
    case '\n':
        return g_strdup("'\\n'");
    case '\r':
        return g_strdup("'\\r'");
    case '\t':
        return g_strdup("'\\t'");
    case '\v':
        return g_strdup("'\\v'");
    case '\\':
        return g_strdup("'\\\\'");
    default:
        break;
    }
    if (c < 0x20 || c == 0x7f)
        return g_strdup_printf("'\\x%02x'", c);
    /* a byte of 0x80 or more is the rune U+0080..U+00FF to Go's string(c):
     * quoted as \u00XX where strconv.IsPrint says no, else as that rune */
    if (c >= 0x80) {
        gunichar u = c;
        char utf8[8] = { 0 };

        if (c <= 0xa0 || c == 0xad)
            return g_strdup_printf("'\\u%04x'", c);
        g_unichar_to_utf8(u, utf8);
        return g_strdup_printf("'%s'", utf8);
    }
    return g_strdup_printf("'%c'", c);
}

static void
fail(Scanner *s, unsigned char c, const char *context)
{
    g_autofree char *quoted = quote_char(c);

    s->error = g_strdup_printf("invalid character %s %s", quoted, context);
}

static void fail(Scanner *s, unsigned char c, const char *context);

/* Go's pushParseState: the byte that went one level too deep is named */
static void
push(Scanner *s, unsigned char c, char kind)
{
    g_string_append_c(s->stack, kind);
    if (s->stack->len > GO_MAX_DEPTH)
        fail(s, c, "exceeded max depth");
}

static void step(Scanner *s, unsigned char c);

static void
begin_value(Scanner *s, unsigned char c)
{
    if (is_space((char) c))
        return;
    switch (c) {
    case '{':
        s->state = S_BEGIN_STRING_OR_EMPTY;
        push(s, c, 'k');
        return;
    case '[':
        s->state = S_BEGIN_VALUE_OR_EMPTY;
        push(s, c, 'a');
        return;
    case '"':
        s->state = S_IN_STRING;
        return;
    case '-':
        s->state = S_NEG;
        return;
    case '0':
        s->state = S_0;
        return;
    case 't':
        s->state = S_LITERAL, s->literal_rest = "rue", s->literal_name = "true";
        return;
    case 'f':
        s->state = S_LITERAL, s->literal_rest = "alse", s->literal_name = "false";
        return;
    case 'n':
        s->state = S_LITERAL, s->literal_rest = "ull", s->literal_name = "null";
        return;
    default:
        if (c >= '1' && c <= '9') {
            s->state = S_1;
            return;
        }
        fail(s, c, "looking for beginning of value");
    }
}

static void
end_value(Scanner *s, unsigned char c)
{
    char top;

    if (s->stack->len == 0) {
        s->state = S_END_TOP;
        if (!is_space((char) c))
            fail(s, c, "after top-level value");
        return;
    }
    if (is_space((char) c)) {
        s->state = S_END_VALUE;
        return;
    }
    top = s->stack->str[s->stack->len - 1];
    if (top == 'k') {
        if (c == ':') {
            s->stack->str[s->stack->len - 1] = 'v';
            s->state = S_BEGIN_VALUE;
            return;
        }
        fail(s, c, "after object key");
    } else if (top == 'v') {
        if (c == ',') {
            s->stack->str[s->stack->len - 1] = 'k';
            s->state = S_BEGIN_STRING;
            return;
        }
        if (c == '}') {
            g_string_truncate(s->stack, s->stack->len - 1);
            s->state = S_END_VALUE;
            if (s->stack->len == 0)
                s->state = S_END_TOP;
            return;
        }
        fail(s, c, "after object key:value pair");
    } else {
        if (c == ',') {
            s->state = S_BEGIN_VALUE;
            return;
        }
        if (c == ']') {
            g_string_truncate(s->stack, s->stack->len - 1);
            s->state = s->stack->len == 0 ? S_END_TOP : S_END_VALUE;
            return;
        }
        fail(s, c, "after array element");
    }
}

static void
step(Scanner *s, unsigned char c)
{
    switch (s->state) {
    case S_BEGIN_VALUE:
        begin_value(s, c);
        return;
    case S_BEGIN_VALUE_OR_EMPTY:
        if (is_space((char) c))
            return;
        if (c == ']') {
            end_value(s, c);
            return;
        }
        s->state = S_BEGIN_VALUE;
        begin_value(s, c);
        return;
    case S_BEGIN_STRING_OR_EMPTY:
        if (is_space((char) c))
            return;
        if (c == '}') {
            s->stack->str[s->stack->len - 1] = 'v';
            end_value(s, c);
            return;
        }
        s->state = S_BEGIN_STRING;
        step(s, c);
        return;
    case S_BEGIN_STRING:
        if (is_space((char) c))
            return;
        if (c == '"') {
            s->state = S_IN_STRING;
            return;
        }
        fail(s, c, "looking for beginning of object key string");
        return;
    case S_IN_STRING:
        if (c == '"')
            s->state = S_END_VALUE;
        else if (c == '\\')
            s->state = S_IN_STRING_ESC;
        else if (c < 0x20)
            fail(s, c, "in string literal");
        return;
    case S_IN_STRING_ESC:
        if (strchr("bfnrt\\/\"", c) != NULL && c != '\0')
            s->state = S_IN_STRING;
        else if (c == 'u')
            s->state = S_IN_STRING_ESC_U, s->hex_left = 4;
        else
            fail(s, c, "in string escape code");
        return;
    case S_IN_STRING_ESC_U:
        if (!g_ascii_isxdigit(c)) {
            fail(s, c, "in \\u hexadecimal character escape");
            return;
        }
        if (--s->hex_left == 0)
            s->state = S_IN_STRING;
        return;
    case S_NEG:
        if (c == '0')
            s->state = S_0;
        else if (c >= '1' && c <= '9')
            s->state = S_1;
        else
            fail(s, c, "in numeric literal");
        return;
    case S_1:
        if (g_ascii_isdigit(c))
            return;
        G_GNUC_FALLTHROUGH; /* as state0 */
    case S_0:
        if (c == '.')
            s->state = S_DOT;
        else if (c == 'e' || c == 'E')
            s->state = S_E;
        else
            end_value(s, c);
        return;
    case S_DOT:
        if (g_ascii_isdigit(c))
            s->state = S_DOT0;
        else
            fail(s, c, "after decimal point in numeric literal");
        return;
    case S_DOT0:
        if (g_ascii_isdigit(c))
            return;
        if (c == 'e' || c == 'E')
            s->state = S_E;
        else
            end_value(s, c);
        return;
    case S_E:
        if (c == '+' || c == '-') {
            s->state = S_E_SIGN;
            return;
        }
        G_GNUC_FALLTHROUGH; /* as stateESign */
    case S_E_SIGN:
        if (g_ascii_isdigit(c))
            s->state = S_E0;
        else
            fail(s, c, "in exponent of numeric literal");
        return;
    case S_E0:
        if (!g_ascii_isdigit(c))
            end_value(s, c);
        return;
    case S_LITERAL:
        if (c == (unsigned char) *s->literal_rest) {
            if (*++s->literal_rest == '\0')
                s->state = S_END_VALUE;
            return;
        }
        {
            g_autofree char *context =
                g_strdup_printf("in literal %s (expecting '%c')", s->literal_name, *s->literal_rest);
            fail(s, c, context);
        }
        return;
    case S_END_VALUE:
        end_value(s, c);
        return;
    case S_END_TOP:
        if (!is_space((char) c))
            fail(s, c, "after top-level value");
        return;
    }
}

char *
ms_go_json_syntax_error(const char *text)
{
    Scanner s = { S_BEGIN_VALUE, g_string_new(NULL), NULL, NULL, 0, NULL };
    char *error;

    for (const unsigned char *p = (const unsigned char *) text; *p != '\0' && s.error == NULL; p++)
        step(&s, *p);
    /* the end of the input: one space stepped, then the value must be done */
    if (s.error == NULL && s.state != S_END_TOP) {
        step(&s, ' ');
        if (s.error == NULL && s.state != S_END_TOP)
            s.error = g_strdup("unexpected end of JSON input");
    }
    error = s.error;
    g_string_free(s.stack, TRUE);
    return error;
}

/* ---- decoding a checked text ---- */

static const char *
skip_space(const char *p)
{
    while (is_space(*p))
        p++;
    return p;
}

/* The end of the (valid) value at @p, and its kind as Go's errors name it. */
static const char *
skip_value(const char *p, const char **kind)
{
    int depth = 0;

    p = skip_space(p);
    switch (*p) {
    case '{':
        *kind = "object";
        break;
    case '[':
        *kind = "array";
        break;
    case '"':
        *kind = "string";
        break;
    case 't':
    case 'f':
        *kind = "bool";
        return p + (*p == 't' ? 4 : 5);
    case 'n':
        *kind = "null";
        return p + 4;
    default:
        *kind = "number";
        while (*p != '\0' && strchr("+-.eE0123456789", *p) != NULL)
            p++;
        return p;
    }
    do {
        if (*p == '"') {
            for (p++; *p != '"'; p++)
                if (*p == '\\')
                    p++;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        }
        p++;
    } while (depth > 0);
    return p;
}

/* A field value @value of @kind where the struct wants a bool (@is_bool) or
 * an int64: TRUE when Go stores it without an error. */
static gboolean
field_value_fits(const char *value, const char *end, const char *kind, gboolean is_bool)
{
    g_autofree char *number = NULL;
    char *stop = NULL;

    if (g_str_equal(kind, "null"))
        return TRUE;
    if (is_bool)
        return g_str_equal(kind, "bool");
    if (!g_str_equal(kind, "number"))
        return FALSE;
    number = g_strndup(value, (gsize) (end - value));
    if (strpbrk(number, ".eE") != NULL)
        return FALSE;
    errno = 0;
    (void) g_ascii_strtoll(number, &stop, 10);
    return errno == 0 && *stop == '\0';
}

/* An element object's fields: FALSE (with *@why) when one is a type error */
static gboolean
element_fields_fit(const char *p, const char *const bools[2], const char *const ints[3], char **why)
{
    p = skip_space(p) + 1; /* '{' */
    for (;;) {
        const char *key_start, *key_end, *value, *end, *kind;
        gboolean bool_field = FALSE, known = FALSE;

        p = skip_space(p);
        if (*p == '}')
            return TRUE;
        if (*p == ',')
            p = skip_space(p + 1);
        key_start = p + 1;
        key_end = skip_value(p, &kind) - 1;
        p = skip_space(key_end + 1) + 1; /* ':' */
        value = skip_space(p);
        end = skip_value(value, &kind);
        p = end;
        if (memchr(key_start, '\\', (gsize) (key_end - key_start)) != NULL) {
            *why = g_strdup("an object key with an escape");
            return FALSE;
        }
        for (guint i = 0; i < 5 && !known; i++) {
            const char *name = i < 2 ? bools[i] : ints[i - 2];

            if (strlen(name) == (gsize) (key_end - key_start) &&
                g_ascii_strncasecmp(name, key_start, (gsize) (key_end - key_start)) == 0)
                known = TRUE, bool_field = i < 2;
        }
        for (const char *k = key_start; k < key_end; k++)
            if ((unsigned char) *k >= 0x80) {
                *why = g_strdup("an object key that is not ASCII (Go folds some letters)");
                return FALSE;
            }
        if (known && !field_value_fits(value, end, kind, bool_field)) {
            *why = g_strdup_printf("a %s where a field wants %s", kind, bool_field ? "a bool" : "an int64");
            return FALSE;
        }
    }
}

MsGoJsonVerdict
ms_go_json_unmarshal_struct_slice(const char *text, const char *elem_type, const char *const bools[2],
                                  const char *const ints[3], char **error)
{
    const char *p, *kind;
    char *syntax = ms_go_json_syntax_error(text);

    *error = NULL;
    if (syntax != NULL) {
        *error = syntax;
        return MS_GO_JSON_ERROR;
    }
    p = skip_space(text);
    (void) skip_value(p, &kind);
    if (g_str_equal(kind, "null"))
        return MS_GO_JSON_OK;
    if (!g_str_equal(kind, "array")) {
        *error = g_strdup_printf("json: cannot unmarshal %s into Go value of type []%s", kind, elem_type);
        return MS_GO_JSON_ERROR;
    }
    p = skip_space(p + 1);
    while (*p != ']') {
        const char *end = skip_value(p, &kind);
        g_autofree char *why = NULL;

        if (g_str_equal(kind, "object") && !element_fields_fit(p, bools, ints, &why)) {
            *error = g_strdup_printf("%s in an element (Go names the struct field; not followed)", why);
            return MS_GO_JSON_UNKNOWN;
        }
        if (!g_str_equal(kind, "object") && !g_str_equal(kind, "null")) {
            *error = g_strdup_printf("json: cannot unmarshal %s into Go value of type %s", kind, elem_type);
            return MS_GO_JSON_ERROR;
        }
        p = skip_space(end);
        if (*p == ',')
            p = skip_space(p + 1);
    }
    return MS_GO_JSON_OK;
}
