/* migsim: Go's encoding/json grammar (RFC 8259 as its scanner reads it:
 * encoding/json/scanner.go), written from the RFC and Go's documented
 * behaviour: whitespace is space, tab, CR and LF; strings take any byte from
 * 0x20 on (invalid UTF-8 too, which Go replaces) and the escapes
 * \" \\ \/ \b \f \n \r \t \uXXXX; numbers are -?(0|[1-9][0-9]*)(.[0-9]+)?
 * ([eE][+-]?[0-9]+)? within float64's range (the decoder into an `any`); nesting deeper than 10,000 fails ("exceeded max
 * depth", scanner.go maxNestingDepth). */
#include "ms-json-strict.h"

#include <math.h>
#include <string.h>

#define MAX_DEPTH 10000

typedef struct {
    const char *p;
} Reader;

static void
skip_space(Reader *r)
{
    while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
        r->p++;
}

static gboolean
read_literal(Reader *r, const char *word)
{
    gsize n = strlen(word);

    if (strncmp(r->p, word, n) != 0)
        return FALSE;
    r->p += n;
    return TRUE;
}

static gboolean
read_string(Reader *r)
{
    r->p++; /* the opening quote */
    for (;;) {
        guchar c = (guchar) *r->p;

        if (c == '"') {
            r->p++;
            return TRUE;
        }
        if (c < 0x20) /* NUL (the text's end) and control bytes */
            return FALSE;
        r->p++;
        if (c != '\\')
            continue;
        c = (guchar) *r->p;
        if (c != '\0' && strchr("\"\\/bfnrt", c) != NULL) {
            r->p++;
        } else if (c == 'u') {
            r->p++;
            for (int i = 0; i < 4; i++, r->p++)
                if (!g_ascii_isxdigit(*r->p))
                    return FALSE;
        } else {
            return FALSE;
        }
    }
}

static gboolean
read_digits(Reader *r)
{
    if (!g_ascii_isdigit(*r->p))
        return FALSE;
    while (g_ascii_isdigit(*r->p))
        r->p++;
    return TRUE;
}

static gboolean
read_number(Reader *r)
{
    /* Go's decoder into an `any` refuses a number past float64's range
     * (strconv.ParseFloat's ErrRange, an UnmarshalTypeError), not one that
     * underflows to 0 */
    if (isinf(g_ascii_strtod(r->p, NULL)))
        return FALSE;
    if (*r->p == '-')
        r->p++;
    if (*r->p == '0')
        r->p++;
    else if (!read_digits(r))
        return FALSE;
    if (*r->p == '.') {
        r->p++;
        if (!read_digits(r))
            return FALSE;
    }
    if (*r->p == 'e' || *r->p == 'E') {
        r->p++;
        if (*r->p == '+' || *r->p == '-')
            r->p++;
        if (!read_digits(r))
            return FALSE;
    }
    return TRUE;
}

/* an object member's key and its ':' */
static gboolean
read_key(Reader *r)
{
    if (*r->p != '"' || !read_string(r))
        return FALSE;
    skip_space(r);
    if (*r->p != ':')
        return FALSE;
    r->p++;
    return TRUE;
}

/* a scalar at r->p: its kind, or INVALID */
static MsJsonStrictKind
read_scalar(Reader *r)
{
    switch (*r->p) {
    case '"':
        return read_string(r) ? MS_JSON_STRICT_STRING : MS_JSON_STRICT_INVALID;
    case 't':
        return read_literal(r, "true") ? MS_JSON_STRICT_BOOL : MS_JSON_STRICT_INVALID;
    case 'f':
        return read_literal(r, "false") ? MS_JSON_STRICT_BOOL : MS_JSON_STRICT_INVALID;
    case 'n':
        return read_literal(r, "null") ? MS_JSON_STRICT_NULL : MS_JSON_STRICT_INVALID;
    default:
        return read_number(r) ? MS_JSON_STRICT_NUMBER : MS_JSON_STRICT_INVALID;
    }
}

/* One value with the whitespace around it, without recursion: nesting is
 * a stack of the closing brackets, as deep as Go allows. */
static MsJsonStrictKind
read_value(Reader *r)
{
    char closers[MAX_DEPTH];
    guint depth = 0;
    MsJsonStrictKind root = MS_JSON_STRICT_INVALID;

    for (;;) {
        gboolean item_done = FALSE;

        skip_space(r);
        if (*r->p == '{' || *r->p == '[') {
            if (depth == MAX_DEPTH)
                return MS_JSON_STRICT_INVALID;
            if (depth == 0)
                root = *r->p == '{' ? MS_JSON_STRICT_OBJECT : MS_JSON_STRICT_ARRAY;
            closers[depth++] = *r->p == '{' ? '}' : ']';
            r->p++;
            skip_space(r);
            if (*r->p == closers[depth - 1]) {
                r->p++;
                depth--;
                item_done = TRUE;
            } else if (closers[depth - 1] == '}' && !read_key(r)) {
                return MS_JSON_STRICT_INVALID;
            }
        } else {
            MsJsonStrictKind kind = read_scalar(r);

            if (kind == MS_JSON_STRICT_INVALID)
                return MS_JSON_STRICT_INVALID;
            if (depth == 0)
                root = kind;
            item_done = TRUE;
        }
        /* after a whole value: close what it ends, or go on to the next item */
        while (item_done) {
            skip_space(r);
            if (depth == 0)
                return root;
            if (*r->p == closers[depth - 1]) {
                r->p++;
                depth--;
            } else if (*r->p == ',') {
                r->p++;
                skip_space(r);
                if (closers[depth - 1] == '}' && !read_key(r))
                    return MS_JSON_STRICT_INVALID;
                item_done = FALSE;
            } else {
                return MS_JSON_STRICT_INVALID;
            }
        }
    }
}

MsJsonStrictKind
ms_json_strict_kind(const char *text)
{
    Reader r = { text };
    MsJsonStrictKind kind = read_value(&r);

    return *r.p == '\0' ? kind : MS_JSON_STRICT_INVALID;
}

MsJsonStrictKind
ms_json_strict_first(const char *text)
{
    Reader r = { text };

    skip_space(&r);
    return *r.p == '\0' ? MS_JSON_STRICT_INVALID : read_value(&r);
}

const char *
ms_json_strict_go_name(MsJsonStrictKind kind)
{
    static const char *const names[] = {
        [MS_JSON_STRICT_INVALID] = NULL,    [MS_JSON_STRICT_NULL] = NULL,
        [MS_JSON_STRICT_BOOL] = "bool",     [MS_JSON_STRICT_NUMBER] = "number",
        [MS_JSON_STRICT_STRING] = "string", [MS_JSON_STRICT_ARRAY] = "array",
        [MS_JSON_STRICT_OBJECT] = "object",
    };
    G_STATIC_ASSERT(G_N_ELEMENTS(names) == MS_JSON_STRICT_OBJECT + 1);

    return names[kind];
}
