/* SPDX-License-Identifier: Apache-2.0
 *
 * ms-lxd-envelope: the strict validation of an LXD reply's envelope (type,
 * status, operation id, metadata) for the REST client (ms-lxd-client.c).
 */
#include "ms-lxd-client-private.h"

#include <string.h>

/* json-glib's parser recurses per nesting level; a reply of a few MiB of
 * "[" would exhaust the stack long before the size limit.  LXD's deepest
 * documents nest about ten levels. */
#define MS_LXD_MAX_JSON_DEPTH 256

static gboolean
ms_lxd_json_depth_ok(const guint8 *data, gsize len)
{
    gboolean in_string = FALSE;
    gboolean escaped = FALSE;
    guint depth = 0;

    for (gsize i = 0; i < len; i++) {
        guint8 c = data[i];

        if (in_string) {
            if (escaped)
                escaped = FALSE;
            else if (c == '\\')
                escaped = TRUE;
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if (c == '[' || c == '{') {
            if (++depth > MS_LXD_MAX_JSON_DEPTH)
                return FALSE;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return TRUE;
}

/* A short, printable excerpt of a bad reply for error messages. */
static char *
ms_lxd_excerpt(const guint8 *data, gsize len)
{
    gsize n = MIN(len, 60);
    g_autofree char *raw = g_strndup((const char *) data, n);
    g_autofree char *escaped = g_strescape(raw, NULL);

    if (len == 0)
        return g_strdup("empty body");
    return g_strdup_printf("body starts \"%s\"%s", escaped, len > n ? "..." : "");
}

gboolean
ms_lxd_get_string(JsonObject *obj, const char *name, char **out, GError **error)
{
    JsonNode *node = json_object_get_member(obj, name);

    *out = NULL;
    if (node == NULL || JSON_NODE_HOLDS_NULL(node))
        return TRUE;
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "member \"%s\" is not a string", name);
        return FALSE;
    }
    *out = g_strdup(json_node_get_string(node));
    return TRUE;
}

gboolean
ms_lxd_get_uint(JsonObject *obj, const char *name, guint *out, GError **error)
{
    JsonNode *node = json_object_get_member(obj, name);
    gint64 v;

    *out = 0;
    if (node == NULL || JSON_NODE_HOLDS_NULL(node))
        return TRUE;
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_INT64) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "member \"%s\" is not an integer", name);
        return FALSE;
    }
    v = json_node_get_int(node);
    if (v < 0 || v > G_MAXUINT) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "member \"%s\" is out of range (%" G_GINT64_FORMAT ")", name, v);
        return FALSE;
    }
    *out = (guint) v;
    return TRUE;
}

/* Operation ids are UUIDs; anything else must not be pasted into a path. */
gboolean
ms_lxd_operation_id_is_valid(const char *id)
{
    if (id == NULL || *id == '\0' || strlen(id) > 128)
        return FALSE;
    for (const char *p = id; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
            return FALSE;
    }
    return TRUE;
}

/* "/1.0/operations/ID" or "/1.0/operations/ID?project=x" -> "ID" */
static char *
ms_lxd_operation_id_from_url(const char *url)
{
    const char *prefix = "/1.0/operations/";
    const char *start;

    if (url == NULL || !g_str_has_prefix(url, prefix))
        return NULL;
    start = url + strlen(prefix);
    return g_strndup(start, strcspn(start, "?/#"));
}

static gboolean
ms_lxd_envelope_fill(MsLxdResponse *resp, JsonObject *root, GError **error)
{
    JsonNode *meta = json_object_get_member(root, "metadata");
    g_autofree char *operation = NULL;
    g_autofree char *id = NULL;

    if (!ms_lxd_get_uint(root, "status_code", &resp->status_code, error) ||
        !ms_lxd_get_uint(root, "error_code", &resp->error_code, error) ||
        !ms_lxd_get_string(root, "error", &resp->error, error) ||
        !ms_lxd_get_string(root, "operation", &operation, error))
        return FALSE;

    if (meta != NULL && !JSON_NODE_HOLDS_NULL(meta))
        resp->metadata = json_node_copy(meta);

    if (g_strcmp0(resp->type, "error") == 0) {
        if (resp->error == NULL)
            resp->error = g_strdup("");
        return TRUE;
    }
    if (resp->http_status < 200 || resp->http_status > 299) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "a \"%s\" envelope with a non-2xx status",
                    resp->type);
        return FALSE;
    }
    if (g_strcmp0(resp->type, "async") != 0)
        return TRUE;

    /* metadata.id is what pitfall P8 says to build the wait URL from; the
     * operation URL is only a fallback and may carry ?project= */
    if (resp->metadata != NULL && JSON_NODE_HOLDS_OBJECT(resp->metadata) &&
        !ms_lxd_get_string(json_node_get_object(resp->metadata), "id", &id, error))
        return FALSE;
    if (id == NULL)
        id = ms_lxd_operation_id_from_url(operation);
    if (!ms_lxd_operation_id_is_valid(id)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "async envelope without a usable operation id (operation \"%s\")",
                    operation != NULL ? operation : "");
        return FALSE;
    }
    resp->operation_id = g_steal_pointer(&id);
    return TRUE;
}

/*
 * Turns an HTTP reply into an MsLxdResponse, or a PROTOCOL error that names
 * the request and the HTTP status.  An error status with a well-formed
 * error envelope is a normal response: that is how LXD reports failures.
 */
MsLxdResponse *
ms_lxd_response_parse(const char *method, const char *path, MsLxdTransfer *xfer, GError **error)
{
    g_autoptr(MsLxdResponse) resp = g_new0(MsLxdResponse, 1);
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(GError) local_error = NULL;
    g_autofree char *why = NULL;
    JsonNode *root;
    JsonObject *obj;
    const char *type;

    resp->http_status = xfer->http_status;
    resp->etag = g_strdup(xfer->etag);

    if (xfer->body->len == 0) {
        why = g_strdup("empty body");
        goto fail;
    }
    if (!ms_lxd_json_depth_ok(xfer->body->data, xfer->body->len)) {
        why = g_strdup_printf("reply nests deeper than %d levels", MS_LXD_MAX_JSON_DEPTH);
        goto fail;
    }
    if (!json_parser_load_from_data(parser, (const char *) xfer->body->data, (gssize) xfer->body->len,
                                    &local_error)) {
        g_autofree char *excerpt = ms_lxd_excerpt(xfer->body->data, xfer->body->len);

        why = g_strdup_printf("reply is not JSON (%s; %s)", local_error->message, excerpt);
        goto fail;
    }
    root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
        why = g_strdup("reply is JSON but not an object");
        goto fail;
    }
    obj = json_node_get_object(root);
    if (!ms_lxd_get_string(obj, "type", &resp->type, &local_error)) {
        why = g_strdup_printf("bad envelope: %s", local_error->message);
        goto fail;
    }
    type = resp->type;
    if (type == NULL) {
        why = g_strdup("envelope has no \"type\"");
        goto fail;
    }
    if (g_strcmp0(type, "sync") != 0 && g_strcmp0(type, "async") != 0 && g_strcmp0(type, "error") != 0) {
        g_autofree char *escaped = g_strescape(type, NULL);

        why = g_strdup_printf("unknown envelope type \"%s\"", escaped);
        goto fail;
    }
    if (!ms_lxd_envelope_fill(resp, obj, &local_error)) {
        why = g_strdup_printf("bad envelope: %s", local_error->message);
        goto fail;
    }
    return g_steal_pointer(&resp);

fail:
    if (xfer->http_status >= 400)
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "%s %s: HTTP %u without an LXD error envelope: %s", method, path, xfer->http_status, why);
    else
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "%s %s: HTTP %u: not an LXD reply: %s",
                    method, path, xfer->http_status, why);
    return NULL;
}

/* ---- import's large replies: the same acceptance, on ms-json-lite ---- */

/* absent, null, or an integer ms_lxd_get_uint() takes */
static gboolean
lite_uint_ok(const MsJsonLite *root, const char *name)
{
    const MsJsonLite *node = ms_json_lite_get(root, name);

    return node == NULL || node->kind == MS_JSON_LITE_NULL ||
           (node->kind == MS_JSON_LITE_INT && node->v.integer >= 0 && node->v.integer <= G_MAXUINT);
}

/* absent, null, or a string (ms_lxd_get_string()) */
static gboolean
lite_string_ok(const MsJsonLite *root, const char *name)
{
    const MsJsonLite *node = ms_json_lite_get(root, name);

    return node == NULL || node->kind == MS_JSON_LITE_NULL || node->kind == MS_JSON_LITE_STRING;
}

/* What ms_lxd_response_parse() and ms_lxd_envelope_fill() accept as a
 * "sync" reply, checked in their order: a 2xx status, JSON (that
 * ms_json_lite_parse() reads is JSON json-glib reads the same, and nests
 * no deeper than MS_LXD_MAX_JSON_DEPTH), an object, "type" "sync",
 * status_code, error_code, error and operation of their types.  Anything
 * else is left to them, so that their words stay the only ones. */
MsJsonLiteDoc *
ms_lxd_sync_reply_lite(const MsLxdTransfer *xfer, const MsJsonLite **metadata)
{
    g_autoptr(MsJsonLiteDoc) doc = NULL;
    const MsJsonLite *root, *type, *meta;

    *metadata = NULL;
    if (xfer->http_status < 200 || xfer->http_status > 299 || xfer->body->len == 0)
        return NULL;
    doc = ms_json_lite_parse((const char *) xfer->body->data, xfer->body->len, MS_LXD_MAX_JSON_DEPTH);
    if (doc == NULL)
        return NULL;
    root = ms_json_lite_root(doc);
    type = ms_json_lite_get(root, "type");
    if (type == NULL || type->kind != MS_JSON_LITE_STRING || strcmp(type->v.string, "sync") != 0 ||
        !lite_uint_ok(root, "status_code") || !lite_uint_ok(root, "error_code") ||
        !lite_string_ok(root, "error") || !lite_string_ok(root, "operation"))
        return NULL;
    meta = ms_json_lite_get(root, "metadata");
    *metadata = meta != NULL && meta->kind != MS_JSON_LITE_NULL ? meta : NULL;
    return g_steal_pointer(&doc);
}
