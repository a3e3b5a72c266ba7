/* migsim: what Go's encoding/json makes of a text, for answers that depend
 * on it (lxc query's -d, decoded by LXD).  json-glib is more lenient than
 * Go (comments, for one), so it cannot be the judge here. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    MS_JSON_STRICT_INVALID, /* json.Unmarshal fails (RFC 8259 and Go's depth limit) */
    MS_JSON_STRICT_NULL,
    MS_JSON_STRICT_BOOL,
    MS_JSON_STRICT_NUMBER,
    MS_JSON_STRICT_STRING,
    MS_JSON_STRICT_ARRAY,
    MS_JSON_STRICT_OBJECT,
} MsJsonStrictKind;

/* The kind of @text's one top-level value, surrounded by whitespace only,
 * as Go's json.Valid and json.Unmarshal into an `any` see it;
 * MS_JSON_STRICT_INVALID when they refuse it. */
MsJsonStrictKind ms_json_strict_kind(const char *text);
/* The kind of the first value of @text, whatever follows it, as
 * json.Decoder.Decode reads a request's body (a number is read to its last
 * digit); MS_JSON_STRICT_INVALID when there is none or it is not JSON. */
MsJsonStrictKind ms_json_strict_first(const char *text);
/* Go's name of @kind in an UnmarshalTypeError ("string", "number", "array",
 * "bool", "object"); NULL for null and invalid. */
const char *ms_json_strict_go_name(MsJsonStrictKind kind);

G_END_DECLS
