/* migsim: what Go's encoding/json answers for a config value LXD decodes
 * with json.Unmarshal, such as a container's volatile.idmap.* keys, which
 * initLXC reads on every Update (lxd/idmap JSONUnmarshal). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    MS_GO_JSON_OK,      /* json.Unmarshal returns nil */
    MS_GO_JSON_ERROR,   /* it returns the error in *error */
    MS_GO_JSON_UNKNOWN, /* an answer migsim does not follow (*error says why) */
} MsGoJsonVerdict;

/* Go's syntax check of @text (encoding/json's scanner, run on the whole
 * input before decoding): NULL when valid, else the SyntaxError's text. */
char *ms_go_json_syntax_error(const char *text);

/* json.Unmarshal of @text into a []@elem_type whose element is a struct of
 * two bool fields @bools and three int64 fields @ints (matched to object
 * keys without regard to ASCII case, as Go does): the syntax error first,
 * then the first type error ("json: cannot unmarshal object into Go value
 * of type []idmap.IdmapEntry").  A type error inside an element's field is
 * MS_GO_JSON_UNKNOWN. */
MsGoJsonVerdict ms_go_json_unmarshal_struct_slice(const char *text, const char *elem_type,
                                                  const char *const bools[2], const char *const ints[3],
                                                  char **error);

G_END_DECLS
