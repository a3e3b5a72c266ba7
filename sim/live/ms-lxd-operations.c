/* SPDX-License-Identifier: Apache-2.0
 *
 * ms-lxd-operations: the REST client's operation wait loop, the outcome of
 * a request that may be async, and the server probe (GET /1.0).
 */
#include "ms-lxd-client-private.h"

#include <string.h>

/*
 * Waits for operation @id and returns its final operation object.  Failed
 * operations are a success here; only the exchange can fail.
 */
static gboolean
ms_lxd_client_wait_op(MsLxdClient *client, const char *id, guint total_timeout_s, JsonNode **op_out,
                      GError **error)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) total_timeout_s * G_USEC_PER_SEC;

    *op_out = NULL;
    for (;;) {
        gint64 start = g_get_monotonic_time();
        gint64 remaining = deadline - start;
        g_autoptr(MsLxdResponse) resp = NULL;
        g_autofree char *path = NULL;
        JsonObject *op;
        guint slice_s;
        guint code = 0;

        if (remaining <= 0) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_TIMEOUT, "operation %s still running after %u s",
                        id, total_timeout_s);
            return FALSE;
        }
        slice_s = (guint) CLAMP((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1, MS_LXD_WAIT_SLICE_S);
        /* built from the id, never by appending to the operation URL: that
         * URL may end in ?project=..., and ".../ID?project=x/wait" is a plain
         * GET that returns at once (pitfall P8) */
        path = g_strdup_printf("/1.0/operations/%s/wait?timeout=%u", id, slice_s);
        resp = ms_lxd_client_request_full(client, "GET", path, NULL, NULL,
                                          client->timeout_ms + slice_s * 1000, error);
        if (resp == NULL)
            return FALSE;
        if (g_strcmp0(resp->type, "error") == 0 && resp->http_status == 200) {
            /* Incus streams the wait: the 200 header goes out first, then
             * the body is the operation's error, or ctx.Err() when the wait
             * timed out (cmd/incusd/operations.go:965-975,
             * internal/server/operations/operations.go:520 at v6.0.4) */
            g_autoptr(JsonObject) failed = NULL;

            if (g_strcmp0(resp->error, "context deadline exceeded") == 0)
                continue;
            failed = json_object_new();
            json_object_set_int_member(failed, "status_code", 400);
            json_object_set_string_member(failed, "status", "Failure");
            json_object_set_string_member(failed, "err", resp->error != NULL ? resp->error : "");
            *op_out = json_node_init_object(json_node_alloc(), failed);
            return TRUE;
        }
        if (g_strcmp0(resp->type, "error") == 0) {
            /* typically 404 "Operation not found": it finished more than
             * about 5 s ago and its outcome is lost */
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "waiting for operation %s: HTTP %u: %s", id,
                        resp->http_status, resp->error);
            return FALSE;
        }
        if (g_strcmp0(resp->type, "sync") != 0 || resp->metadata == NULL ||
            !JSON_NODE_HOLDS_OBJECT(resp->metadata)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                        "GET %s: HTTP %u: expected a sync reply carrying the operation", path,
                        resp->http_status);
            return FALSE;
        }
        op = json_node_get_object(resp->metadata);
        {
            g_autoptr(GError) local_error = NULL;

            if (!ms_lxd_get_uint(op, "status_code", &code, &local_error) ||
                !json_object_has_member(op, "status_code")) {
                g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                            "GET %s: HTTP %u: operation without a valid status_code%s%s", path,
                            resp->http_status, local_error != NULL ? ": " : "",
                            local_error != NULL ? local_error->message : "");
                return FALSE;
            }
        }
        /* 1xx are the live states (100 Created ... 103 Running ...) */
        if (code >= 200) {
            *op_out = g_steal_pointer(&resp->metadata);
            return TRUE;
        }
        if (g_get_monotonic_time() - start < (gint64) slice_s * G_USEC_PER_SEC / 2) {
            remaining = deadline - g_get_monotonic_time();
            /* canned replies need no time to change */
            if (remaining > 0 && client->canned == NULL)
                g_usleep((gulong) MIN(remaining, MS_LXD_EARLY_POLL_PAUSE_US));
        }
    }
}

/*
 * The failure text of a finished operation, or NULL if it succeeded.  The
 * status_code was validated by ms_lxd_client_wait_op(); err and status are
 * read defensively because they come straight from the server.
 */
static char *
ms_lxd_operation_error(const char *id, JsonNode *op_node)
{
    JsonObject *op = json_node_get_object(op_node);
    g_autofree char *err = NULL;
    g_autofree char *status = NULL;
    guint code = 0;

    if (ms_lxd_get_uint(op, "status_code", &code, NULL) && code == 200)
        return NULL;
    if (ms_lxd_get_string(op, "err", &err, NULL) && err != NULL && *err != '\0')
        return g_steal_pointer(&err);
    if (!ms_lxd_get_string(op, "status", &status, NULL) || status == NULL)
        status = g_strdup("");
    return g_strdup_printf("operation %s ended with status \"%s\" (%u) and no error text", id, status, code);
}

/**
 * ms_lxd_client_wait:
 * @operation_id: the operation's id (metadata.id of the async reply), not
 *   its URL
 * @total_timeout_s: give up with MS_LXD_ERROR_TIMEOUT after this long
 * @op_error: (out) (optional): NULL on success, the operation's err text
 *   on failure
 *
 * Returns: TRUE when the operation finished, successfully or not
 */
gboolean
ms_lxd_client_wait(MsLxdClient *client, const char *operation_id, guint total_timeout_s, char **op_error,
                   GError **error)
{
    g_autoptr(JsonNode) op = NULL;

    g_return_val_if_fail(client != NULL, FALSE);
    g_return_val_if_fail(operation_id != NULL, FALSE);
    g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

    if (op_error != NULL)
        *op_error = NULL;
    if (!ms_lxd_operation_id_is_valid(operation_id)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                    "'%s' is not an operation id (pass metadata.id, not the operation URL)", operation_id);
        return FALSE;
    }
    if (client->dry_run) {
        g_autofree char *path = g_strdup_printf("/1.0/operations/%s/wait", operation_id);

        if (client->log_func != NULL)
            client->log_func("GET", path, NULL, client->log_data);
        return TRUE;
    }
    if (!ms_lxd_client_wait_op(client, operation_id, total_timeout_s, &op, error))
        return FALSE;
    if (op_error != NULL)
        *op_error = ms_lxd_operation_error(operation_id, op);
    return TRUE;
}

/* What ms_lxd_client_do() makes of @resp: the server's text of an error
 * or a failed operation, or the metadata (an async reply's finished
 * operation).  The outputs are NULL on entry. */
static gboolean
finish(MsLxdClient *client, MsLxdResponse *resp, guint op_timeout_s, char **lxd_error,
       JsonNode **metadata_out, GError **error)
{
    g_autoptr(JsonNode) op = NULL;
    g_autofree char *failure = NULL;

    if (g_strcmp0(resp->type, "error") == 0) {
        failure = *resp->error != '\0'
                      ? g_strdup(resp->error)
                      : g_strdup_printf("HTTP %u error without a message", resp->http_status);
    } else if (g_strcmp0(resp->type, "async") == 0) {
        if (!ms_lxd_client_wait_op(client, resp->operation_id, op_timeout_s, &op, error))
            return FALSE;
        failure = ms_lxd_operation_error(resp->operation_id, op);
    }

    if (failure != NULL) {
        if (lxd_error != NULL)
            *lxd_error = g_steal_pointer(&failure);
        return TRUE;
    }
    if (metadata_out != NULL)
        *metadata_out = op != NULL ? g_steal_pointer(&op) : g_steal_pointer(&resp->metadata);
    return TRUE;
}

/**
 * ms_lxd_client_do:
 * @op_timeout_s: how long to wait if the reply is async
 * @lxd_error: (out) (optional): NULL on success, else the server's text
 *   (the sync error, or the failed operation's err)
 * @metadata_out: (out) (optional): on success, the sync reply's metadata,
 *   or the finished operation object for async replies; NULL otherwise
 *
 * Returns: FALSE only for transport, protocol or timeout failures
 */
gboolean
ms_lxd_client_do(MsLxdClient *client, const char *method, const char *path, JsonNode *body,
                 const char *if_match, guint op_timeout_s, char **lxd_error, JsonNode **metadata_out,
                 GError **error)
{
    g_autoptr(MsLxdResponse) resp = NULL;

    g_return_val_if_fail(client != NULL, FALSE);
    g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

    if (lxd_error != NULL)
        *lxd_error = NULL;
    if (metadata_out != NULL)
        *metadata_out = NULL;

    resp = ms_lxd_client_request(client, method, path, body, if_match, error);
    return resp != NULL && finish(client, resp, op_timeout_s, lxd_error, metadata_out, error);
}

gboolean
ms_lxd_client_get_lite(MsLxdClient *client, const char *path, guint op_timeout_s, char **lxd_error,
                       MsJsonLiteDoc **doc_out, const MsJsonLite **metadata_out, GError **error)
{
    g_auto(MsLxdTransfer) xfer = { 0 };
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autoptr(JsonNode) metadata = NULL;
    g_autoptr(MsJsonLiteDoc) doc = NULL;

    g_return_val_if_fail(client != NULL && lxd_error != NULL && doc_out != NULL && metadata_out != NULL,
                         FALSE);
    g_return_val_if_fail(path != NULL && path[0] == '/', FALSE);
    g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

    *lxd_error = NULL;
    *doc_out = NULL;
    *metadata_out = NULL;
    if (client->dry_run) {
        if (!ms_lxd_client_do(client, "GET", path, NULL, NULL, op_timeout_s, lxd_error, &metadata, error))
            return FALSE;
    } else {
        if (client->log_func != NULL)
            client->log_func("GET", path, NULL, client->log_data);
        if (!ms_lxd_client_transfer(client, "GET", path, NULL, NULL, client->timeout_ms, &xfer, error))
            return FALSE;
        *doc_out = ms_lxd_sync_reply_lite(&xfer, metadata_out);
        if (*doc_out != NULL)
            return TRUE;
        resp = ms_lxd_response_parse("GET", path, &xfer, error);
        if (resp == NULL || !finish(client, resp, op_timeout_s, lxd_error, &metadata, error))
            return FALSE;
    }
    /* not a plain sync reply: as ms_lxd_client_do() reads it */
    if (metadata != NULL) {
        doc = ms_json_lite_from_node(metadata);
        *metadata_out = ms_json_lite_root(doc);
    }
    *doc_out = g_steal_pointer(&doc);
    return TRUE;
}

/**
 * ms_lxd_client_server_version:
 * @version_out: (out): e.g. "5.0.2"; "incus-6.0.4" for an Incus server
 *   (environment.server "incus"), so that it names the Incus profile
 *
 * Doubles as the "is this LXD at all" probe: GET /1.0 must carry
 * api_version and environment.server_version.
 */
gboolean
ms_lxd_client_server_version(MsLxdClient *client, char **version_out, GError **error)
{
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autofree char *api_version = NULL;
    g_autofree char *version = NULL;
    JsonObject *meta;
    JsonNode *env;

    g_return_val_if_fail(client != NULL, FALSE);
    g_return_val_if_fail(version_out != NULL, FALSE);
    g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

    *version_out = NULL;
    resp = ms_lxd_client_request(client, "GET", "/1.0", NULL, NULL, error);
    if (resp == NULL)
        return FALSE;
    if (g_strcmp0(resp->type, "error") == 0) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "GET /1.0: HTTP %u: %s", resp->http_status,
                    resp->error);
        return FALSE;
    }
    if (client->dry_run) {
        *version_out = g_strdup("dry-run");
        return TRUE;
    }
    if (g_strcmp0(resp->type, "sync") != 0 || resp->metadata == NULL ||
        !JSON_NODE_HOLDS_OBJECT(resp->metadata)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "GET /1.0: HTTP %u: does not look like LXD (no server metadata)", resp->http_status);
        return FALSE;
    }
    meta = json_node_get_object(resp->metadata);
    if (!ms_lxd_get_string(meta, "api_version", &api_version, NULL) || api_version == NULL) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "GET /1.0: HTTP %u: does not look like LXD (no api_version)", resp->http_status);
        return FALSE;
    }
    env = json_object_get_member(meta, "environment");
    if (env == NULL || !JSON_NODE_HOLDS_OBJECT(env)) {
        g_autofree char *auth = NULL;

        /* an untrusted client gets api_version but no environment */
        if (ms_lxd_get_string(meta, "auth", &auth, NULL) && g_strcmp0(auth, "untrusted") == 0) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "GET /1.0: %s does not trust our client certificate (auth: untrusted)",
                        client->remote);
            return FALSE;
        }
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "GET /1.0: HTTP %u: does not look like LXD (no environment)", resp->http_status);
        return FALSE;
    }
    if (!ms_lxd_get_string(json_node_get_object(env), "server_version", &version, NULL) || version == NULL ||
        *version == '\0') {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "GET /1.0: HTTP %u: does not look like LXD (no environment.server_version)",
                    resp->http_status);
        return FALSE;
    }
    {
        g_autofree char *server = NULL;
        /* Incus (lxc/incus) speaks the same /1.0 API and reuses LXD's version
         * numbers: environment.server tells them apart */
        if (ms_lxd_get_string(json_node_get_object(env), "server", &server, NULL) &&
            g_strcmp0(server, "incus") == 0) {
            *version_out = g_strconcat("incus-", version, NULL);
            return TRUE;
        }
    }
    *version_out = g_steal_pointer(&version);
    return TRUE;
}
