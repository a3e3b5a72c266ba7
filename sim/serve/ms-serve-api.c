/* migsim serve: the request router, LXD's reply shapes and the
 * request helpers every endpoint uses (ms-serve-api.h); operations are
 * in ms-serve-operations.c.
 *
 * Reply shapes follow lxd/response/response.go at each tag (sync: type
 * "sync", status_code 200; async: 202 with the operation as metadata;
 * error: type "error", error_code the HTTP status) and the operation
 * object shared/api/operation.go.  The routes are in each concern's file:
 * /1.0 and the cluster in ms-serve-cluster.c, instances in
 * ms-serve-objects.c, profiles, storage and images in ms-serve-profiles.c,
 * ms-serve-storage.c and ms-serve-images.c. */
#include "ms-serve-objects.h"

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-lxd-map.h"
#include "ms-roles.h"
#include "ms-scenario.h"

void
ms_serve_reply_clear(MsServeReply *reply)
{
    g_clear_pointer(&reply->body, g_free);
    g_clear_pointer(&reply->etag, g_free);
    g_clear_pointer(&reply->location, g_free);
    g_clear_pointer(&reply->events, g_ptr_array_unref);
}

MsServeApi *
ms_serve_api_new(MsCluster *cluster, const MsProfile *profile)
{
    MsServeApi *api = g_new0(MsServeApi, 1);

    api->cluster = cluster;
    api->profile = profile;
    /* a loaded state's OFFLINE leader is replaced as LXD's next heartbeat
     * would (model/ms-roles.h) */
    ms_roles_heartbeat(cluster, profile, NULL);
    api->operations =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
    api->op_order = g_queue_new();
    api->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    api->https = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return api;
}

void
ms_serve_api_free(MsServeApi *api)
{
    if (api == NULL)
        return;
    ms_cluster_free(api->cluster);
    g_hash_table_unref(api->operations);
    g_queue_free_full(api->op_order, g_free);
    g_hash_table_unref(api->images);
    g_free(api->record_client);
    g_free(api->fingerprint);
    g_hash_table_unref(api->https);
    g_clear_pointer(&api->pending, g_ptr_array_unref);
    g_clear_pointer(&api->last_outcome, json_node_unref);
    g_free(api);
}

void
ms_serve_api_set_tls(MsServeApi *api, GPtrArray *trusted, const char *fingerprint)
{
    api->trusted = trusted;
    g_free(api->fingerprint);
    api->fingerprint = g_strdup(fingerprint);
}

void
ms_serve_api_set_https(MsServeApi *api, const char *member, const char *address)
{
    g_hash_table_replace(api->https, g_strdup(member), g_strdup(address));
}

void
ms_serve_api_set_record(MsServeApi *api, GString *record)
{
    api->record = record;
}

const MsCluster *
ms_serve_api_cluster(const MsServeApi *api)
{
    return api->cluster;
}

/* ---------------------------------------------------------------------- */
/* Replies */

void
ms_serve_set_body(MsServeReply *reply, guint status, JsonObject *obj)
{
    g_autoptr(JsonNode) node = json_node_alloc();

    json_node_init_object(node, obj);
    json_object_unref(obj);
    g_autofree char *text = json_to_string(node, FALSE);

    reply->status = status;
    g_free(reply->body);
    /* a name from the request may hold any bytes; Go's encoding/json
     * writes invalid UTF-8 as U+FFFD, and so does this (JSON's own
     * characters are ASCII, so the structure is untouched) */
    reply->body = g_utf8_validate(text, -1, NULL) ? g_steal_pointer(&text) : g_utf8_make_valid(text, -1);
}

void
ms_serve_sync(MsServeReq *req, JsonNode *metadata)
{
    JsonObject *obj = json_object_new();

    json_object_set_string_member(obj, "type", "sync");
    json_object_set_string_member(obj, "status", "Success");
    json_object_set_int_member(obj, "status_code", 200);
    json_object_set_string_member(obj, "operation", "");
    json_object_set_int_member(obj, "error_code", 0);
    json_object_set_string_member(obj, "error", "");
    if (metadata != NULL)
        json_object_set_member(obj, "metadata", metadata);
    else
        json_object_set_object_member(obj, "metadata", json_object_new());
    ms_serve_set_body(req->reply, 200, obj);
}

void
ms_serve_error(MsServeReq *req, guint status, const char *text)
{
    JsonObject *obj = json_object_new();

    json_object_set_string_member(obj, "type", "error");
    json_object_set_string_member(obj, "status", "");
    json_object_set_int_member(obj, "status_code", 0);
    json_object_set_string_member(obj, "operation", "");
    json_object_set_int_member(obj, "error_code", status);
    json_object_set_string_member(obj, "error", text);
    json_object_set_null_member(obj, "metadata");
    ms_serve_set_body(req->reply, status, obj);
}

void
ms_serve_rule_error(MsServeReq *req, MsRuleId rule, const char *arg)
{
    g_autofree char *text = ms_rule_message(rule, req->api->profile, arg);

    ms_serve_error(req, ms_rule_def(rule)->http_status, text != NULL ? text : "not found");
}

/* ---------------------------------------------------------------------- */
/* Applying an op */

void
ms_serve_record(MsServeReq *req, const MsOp *op)
{
    g_autofree char *line = NULL;

    if (req->api->record == NULL)
        return;
    line = ms_op_to_command(op);
    if (g_strcmp0(req->member, req->api->record_client) != 0) {
        g_string_append_printf(req->api->record, "on %s\n", req->member);
        g_free(req->api->record_client);
        req->api->record_client = g_strdup(req->member);
    }
    g_string_append_printf(req->api->record, "%s\n", line);
}

/* Keeps @outcome's texts for GET /migsim/last-outcome. */
static void
keep_outcome(MsServeApi *api, const MsOutcome *outcome)
{
    JsonObject *obj = json_object_new();
    JsonArray *alternatives = json_array_new();

    json_object_set_boolean_member(obj, "ok", outcome->ok);
    json_object_set_string_member(obj, "error",
                                  outcome->ok || outcome->server_error == NULL ? "" : outcome->server_error);
    for (guint i = 0; !outcome->ok && outcome->alternatives != NULL && i < outcome->alternatives->len; i++)
        json_array_add_string_element(alternatives, outcome->alternatives->pdata[i]);
    json_object_set_array_member(obj, "alternatives", alternatives);
    g_clear_pointer(&api->last_outcome, json_node_unref);
    api->last_outcome = ms_serve_take(obj);
}

MsOutcome *
ms_serve_apply(MsServeReq *req, const MsOp *op)
{
    MsEnv env = { .profile = req->api->profile, .client = req->member };
    MsOutcome *outcome = ms_cluster_apply(req->api->cluster, &env, op);

    /* the leader's heartbeat may move database roles, as after a
     * scenario step (model/ms-roles.h) */
    ms_roles_heartbeat(req->api->cluster, req->api->profile, NULL);
    ms_serve_timed_schedule(req, op, outcome);
    keep_outcome(req->api, outcome);
    return outcome;
}

void
ms_serve_outcome(MsServeReq *req, const MsOutcome *outcome, const char *description, const char *resource,
                 const char *name)
{
    if (outcome->ok) {
        if (description != NULL)
            ms_serve_operation(req, description, resource, name, NULL);
        else
            ms_serve_sync(req, NULL);
    } else if (outcome->http_status == 0) {
        /* lxc refuses these by itself; what LXD answers when a client
         * sends the request anyway is not in the model */
        g_autofree char *text =
            g_strdup_printf("not modelled for %s: a request lxc refuses by itself (%s): %s",
                            req->api->profile->name, ms_rule_name(outcome->rule), outcome->server_error);
        ms_serve_error(req, 400, text);
    } else if (outcome->async && description != NULL) {
        ms_serve_operation(req, description, resource, name, outcome->server_error);
    } else {
        ms_serve_error(req, outcome->http_status, outcome->server_error);
    }
}

void
ms_serve_run(MsServeReq *req, const MsOp *op, const char *description, const char *resource, const char *name)
{
    g_autoptr(MsOutcome) outcome = ms_serve_apply(req, op);

    if (outcome->ok)
        ms_serve_record(req, op);
    ms_serve_outcome(req, outcome, description, resource, name);
}

/* ---------------------------------------------------------------------- */
/* Request helpers */

const char *
ms_serve_query(MsServeReq *req, const char *key)
{
    return req->query != NULL ? g_hash_table_lookup(req->query, key) : NULL;
}

int
ms_serve_recursion(MsServeReq *req)
{
    const char *r = ms_serve_query(req, "recursion");

    return r == NULL ? 0 : (int) g_ascii_strtoll(r, NULL, 10);
}

JsonObject *
ms_serve_body(MsServeReq *req)
{
    if (req->body == NULL || !JSON_NODE_HOLDS_OBJECT(req->body))
        return NULL;
    return json_node_get_object(req->body);
}

const char *
ms_serve_body_string(JsonObject *obj, const char *key)
{
    JsonNode *node = obj != NULL ? json_object_get_member(obj, key) : NULL;

    if (node == NULL || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

JsonObject *
ms_serve_body_object(JsonObject *obj, const char *key)
{
    JsonNode *node = obj != NULL ? json_object_get_member(obj, key) : NULL;

    return node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

gboolean
ms_serve_body_bool(JsonObject *obj, const char *key)
{
    JsonNode *node = obj != NULL ? json_object_get_member(obj, key) : NULL;

    return node != NULL && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_BOOLEAN &&
           json_node_get_boolean(node);
}

gboolean
ms_serve_body_decodes(MsServeReq *req, ...)
{
    JsonObject *body = ms_serve_body(req);
    gboolean ok = req->body == NULL || body != NULL;
    const char *key;
    va_list ap;

    va_start(ap, req);
    while (ok && body != NULL && (key = va_arg(ap, const char *)) != NULL) {
        GType type = va_arg(ap, GType);
        JsonNode *node = json_object_get_member(body, key);

        /* null leaves a Go field as it was; JSON_TYPE_OBJECT: a map or a
         * struct */
        ok = node == NULL || JSON_NODE_HOLDS_NULL(node) ||
             (type == JSON_TYPE_OBJECT
                  ? JSON_NODE_HOLDS_OBJECT(node)
                  : JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == type);
    }
    va_end(ap);
    if (!ok) {
        g_autofree char *text = ms_serve_not_modelled(req, "a request body LXD's JSON decoder refuses");
        ms_serve_error(req, 400, text);
    }
    return ok;
}

/* The string values of a config object; FALSE (with a 400 reply) when a
 * value is not a string (LXD: json: cannot unmarshal ... into map[string]string). */
gboolean
ms_serve_string_map(MsServeReq *req, JsonObject *obj, GHashTable *out)
{
    g_autoptr(GList) keys = obj != NULL ? json_object_get_members(obj) : NULL;

    for (GList *l = keys; l != NULL; l = l->next) {
        JsonNode *node = json_object_get_member(obj, l->data);
        if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) {
            ms_serve_error(req, 400,
                           "json: cannot unmarshal a non-string value into Go value of type string");
            return FALSE;
        }
        g_hash_table_insert(out, g_strdup(l->data), g_strdup(json_node_get_string(node)));
    }
    return TRUE;
}

JsonNode *
ms_serve_take_node(JsonObject *obj, JsonArray *array)
{
    return obj != NULL ? ms_lxd_map_take_object(obj) : ms_lxd_map_take_array(array);
}

/* ?target=MEMBER or ?target=@GROUP (lxc --target) on @op. */
void
ms_serve_set_target(MsServeReq *req, MsOp *op)
{
    const char *target = ms_serve_query(req, "target");

    if (target == NULL || *target == '\0')
        return;
    if (target[0] == '@')
        op->group = g_strdup(target + 1);
    else
        op->target = g_strdup(target);
}

char *
ms_serve_not_modelled(MsServeReq *req, const char *what)
{
    return g_strdup_printf("not modelled for %s: %s", req->api->profile->name, what);
}

GHashTable *
ms_serve_string_table(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

void
ms_serve_add_config(MsOp *op, GHashTable *config, const char *except)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);

    for (guint i = 0; keys[i] != NULL; i++)
        if (g_strcmp0(keys[i], except) != 0)
            ms_op_add_kv(op, keys[i], g_hash_table_lookup(config, keys[i]));
}

/* lxc config unset, lxc profile unset, lxc storage unset: one key each. */
void
ms_serve_add_unsets(GPtrArray *ops, MsOpKind kind, const char *instance, const char *profile,
                    const char *pool, GPtrArray *keys)
{
    for (guint i = 0; i < keys->len; i++) {
        MsOp *op = ms_op_new(kind);
        op->instance = g_strdup(instance);
        op->profile = g_strdup(profile);
        op->pool = g_strdup(pool);
        ms_op_add_kv(op, keys->pdata[i], "");
        g_ptr_array_add(ops, op);
    }
}

/* The keys of @old and @new that differ: set (new value) and unset. */
void
ms_serve_diff_config(GHashTable *old, GHashTable *new, MsOp *set, GPtrArray *unset)
{
    g_autofree const char **keys = ms_config_sorted_keys(new);
    g_autofree const char **old_keys = ms_config_sorted_keys(old);

    for (guint i = 0; keys[i] != NULL; i++) {
        const char *value = g_hash_table_lookup(new, keys[i]);
        if (*value == '\0')
            continue;
        if (g_strcmp0(g_hash_table_lookup(old, keys[i]), value) != 0)
            ms_op_add_kv(set, keys[i], value);
    }
    for (guint i = 0; unset != NULL && old_keys[i] != NULL; i++) {
        const char *value = g_hash_table_lookup(new, old_keys[i]);
        if ((value == NULL || *value == '\0') && !g_str_has_prefix(old_keys[i], "volatile."))
            g_ptr_array_add(unset, g_strdup(old_keys[i]));
    }
}

/* The keys of a device's (or a profile's config) @old and @new that @new
 * sends as "" and @old lacks: lxc config|profile device unset PUTs the key
 * with "" whether the device holds it or not (lxc/config_device.go:752-753
 * at lxd-5.0.2: unset is set to ""), and LXD validates the device with it,
 * refusing a key the device type does not take (DISAGREEMENTS.md
 * #20-fidgen19); the model decides which (ms_apply_device_keys_set), so
 * they go to it as unsets. */
void
ms_serve_device_empty_keys(GHashTable *old, GHashTable *new, GPtrArray *unset)
{
    g_autofree const char **keys = ms_config_sorted_keys(new);

    for (guint i = 0; keys[i] != NULL; i++)
        if (*(const char *) g_hash_table_lookup(new, keys[i]) == '\0' && !g_hash_table_contains(old, keys[i]))
            g_ptr_array_add(unset, g_strdup(keys[i]));
}

/* Applies @ops (element-type MsOp) in order, all or nothing: on the first
 * refusal the cluster is as before and the refusal is the reply; they are
 * recorded only when all pass.  An empty list succeeds. */
void
ms_serve_run_all(MsServeReq *req, GPtrArray *ops, const char *description, const char *resource,
                 const char *name)
{
    MsServeApi *api = req->api;
    g_autoptr(MsCluster) saved = ops->len > 1 ? ms_cluster_copy(api->cluster) : NULL;

    for (guint i = 0; i < ops->len; i++) {
        g_autoptr(MsOutcome) outcome = ms_serve_apply(req, ops->pdata[i]);
        if (!outcome->ok) {
            if (saved != NULL) {
                ms_cluster_free(api->cluster);
                api->cluster = g_steal_pointer(&saved);
            }
            ms_serve_outcome(req, outcome, description, resource, name);
            return;
        }
    }
    for (guint i = 0; i < ops->len; i++)
        ms_serve_record(req, ops->pdata[i]);
    if (description != NULL)
        ms_serve_operation(req, description, resource, name, NULL);
    else
        ms_serve_sync(req, NULL);
}

/* ---------------------------------------------------------------------- */
/* The router */

static void
root_get(MsServeReq *req)
{
    JsonArray *array = json_array_new();

    json_array_add_string_element(array, "/1.0");
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* GET /migsim/last-outcome: not LXD's.  The last applied op's error and
 * the other texts LXD may answer in its place because it walks a Go map
 * (MsOutcome.alternatives), for the differential test, which accepts any
 * of them as the runner does (tests/live/lxc-diff.py, docs/serve.md). */
static void
last_outcome_get(MsServeReq *req)
{
    if (req->api->last_outcome == NULL)
        return ms_serve_error(req, 404, "not found");
    ms_serve_sync(req, json_node_copy(req->api->last_outcome));
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "", root_get },
    { "GET", "migsim/last-outcome", last_outcome_get },
};
/* clang-format on */
static const MsServeRoutes api_routes = { routes, G_N_ELEMENTS(routes) };

/* Does @pattern ("1.0/instances/ *") match the segments of @path? */
static gboolean
route_match(const char *pattern, char **segs, GPtrArray *args)
{
    g_auto(GStrv) parts = *pattern != '\0' ? g_strsplit(pattern, "/", -1) : g_new0(char *, 1);
    guint i;

    g_ptr_array_set_size(args, 0);
    for (i = 0; parts[i] != NULL; i++) {
        if (segs[i] == NULL)
            return FALSE;
        if (g_str_equal(parts[i], "*"))
            g_ptr_array_add(args, segs[i]);
        else if (!g_str_equal(parts[i], segs[i]))
            return FALSE;
    }
    return segs[i] == NULL;
}

static GHashTable *
parse_query(const char *query)
{
    GHashTable *table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) pairs = query != NULL ? g_strsplit(query, "&", 64) : NULL;

    for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++) {
        char *eq = strchr(pairs[i], '=');
        g_autofree char *key = g_uri_unescape_string(pairs[i], NULL);
        if (eq != NULL) {
            *eq = '\0';
            g_free(key);
            key = g_uri_unescape_string(pairs[i], NULL);
        }
        if (key != NULL)
            g_hash_table_replace(table, g_steal_pointer(&key),
                                 (eq != NULL ? g_uri_unescape_string(eq + 1, NULL) : NULL) ?: g_strdup(""));
    }
    return table;
}

/* Segments of @path, unescaped; NULL when one is not valid UTF-8 or
 * holds a '/' or NUL once unescaped. */
static char **
split_path(const char *path)
{
    g_auto(GStrv) raw = g_strsplit(path, "/", 32);
    GPtrArray *segs = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; raw[i] != NULL; i++) {
        char *seg;
        if (*raw[i] == '\0')
            continue;
        seg = g_uri_unescape_string(raw[i], "/");
        if (seg == NULL || !g_utf8_validate(seg, -1, NULL)) {
            g_free(seg);
            g_ptr_array_unref(segs);
            return NULL;
        }
        g_ptr_array_add(segs, seg);
    }
    g_ptr_array_add(segs, NULL);
    return (char **) g_ptr_array_free(segs, FALSE);
}

/* The request body as JSON in *@json (NULL when empty); FALSE with the
 * reply when it is too large or not JSON. */
static gboolean
parse_body(MsServeReq *req, const char *body, gsize length, JsonNode **json)
{
    g_autoptr(JsonParser) parser = NULL;
    g_autoptr(GError) error = NULL;

    if (body == NULL || length == 0)
        return TRUE;
    if (length > MS_SERVE_MAX_BODY) {
        ms_serve_error(req, 413, "Request body too large");
        return FALSE;
    }
    parser = json_parser_new_immutable();
    if (!json_parser_load_from_data(parser, body, (gssize) length, &error)) {
        g_autofree char *text = g_strdup_printf("failed to parse the request body: %s", error->message);
        ms_serve_error(req, 400, text);
        return FALSE;
    }
    *json = json_parser_steal_root(parser);
    return TRUE;
}

static const MsServeRoute *
find_route(const char *method, char **segs, GPtrArray *args, gboolean *path_known)
{
    const MsServeRoutes *tables[] = {
        &api_routes,
        &ms_serve_cluster_routes,
        &ms_serve_operation_routes,
        &ms_serve_instance_routes,
        &ms_serve_snapshot_routes,
        &ms_serve_profile_routes,
        &ms_serve_storage_routes,
        &ms_serve_image_routes,
        &ms_serve_trust_routes,
    };

    *path_known = FALSE;
    for (guint t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (guint i = 0; i < tables[t]->n; i++) {
            const MsServeRoute *route = &tables[t]->routes[i];
            if (!route_match(route->pattern, segs, args))
                continue;
            *path_known = TRUE;
            if (g_str_equal(route->method, method))
                return route;
        }
    }
    return NULL;
}

void
ms_serve_api_handle(MsServeApi *api, const char *member, const char *method, const char *path,
                    const char *query, const char *body, gsize length, MsServeReply *reply)
{
    g_auto(GStrv) segs = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autoptr(GHashTable) query_table = NULL;
    g_autoptr(JsonNode) json = NULL;
    MsServeReq req = { api, member, method, NULL, NULL, NULL, reply };
    const MsServeRoute *route;
    gboolean path_known;

    memset(reply, 0, sizeof(*reply));
    segs = split_path(path);
    if (segs == NULL)
        return ms_serve_error(&req, 404, "not found");
    route = find_route(method, segs, args, &path_known);
    if (route == NULL) {
        /* An unknown URL is mux's NotFoundHandler (lxd/api.go:97 at
         * lxd-5.0.2, 404 "not found"); a known one with a method it has no
         * handler for is response.NotImplemented (lxd/daemon.go:670), and
         * a method outside GET/HEAD/PUT/POST/DELETE/PATCH is a 404 naming
         * it (lxd/daemon.go:703). */
        static const char *const methods[] = { "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH" };
        gboolean known_method = FALSE;
        for (guint i = 0; i < G_N_ELEMENTS(methods); i++)
            known_method |= g_str_equal(method, methods[i]);
        if (path_known && !known_method) {
            g_autofree char *text = g_strdup_printf("Method \"%s\" not found", method);
            return ms_serve_error(&req, 404, text);
        }
        if (path_known)
            return ms_serve_error(&req, 501, "not implemented");
        return ms_serve_error(&req, 404, "not found");
    }
    if (!parse_body(&req, body, length, &json))
        return;
    query_table = parse_query(query);
    req.args = (char **) args->pdata;
    req.query = query_table;
    req.body = json;
    route->handler(&req);
    ms_serve_steps_free(req.steps);
    if (reply->body == NULL)
        ms_serve_error(&req, 500, "internal error: no reply");
}

/* An HTTPS client whose certificate is not trusted.  LXD answers an
 * unknown URL (404) and "/" before it authenticates (lxd/api.go:70-73,97
 * at lxd-5.0.2); on a known URL only the AllowUntrusted handlers run
 * (lxd/daemon.go:534,611-619): GET /1.0 says "untrusted" and stops there
 * (lxd/api_1.0.go:206-218), GET /1.0/images lists only public images
 * (images.go:1467), and serve's images are not public; every other
 * request is 403 "not authorized" (response.Forbidden(nil),
 * lxd/response/response.go:248-254).  The other AllowUntrusted handlers
 * (an image or alias by name, operation wait with a secret, POST
 * /1.0/images, metrics) are not modelled and refused the same way
 * (docs/serve.md#https); POST /1.0/certificates spends a trust token
 * (ms-serve-trust.c). */
void
ms_serve_api_handle_untrusted(MsServeApi *api, const char *member, GTlsCertificate *peer, const char *method,
                              const char *path, const char *query, const char *body, gsize length,
                              MsServeReply *reply)
{
    g_auto(GStrv) segs = split_path(path);
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autoptr(JsonNode) json = NULL;
    MsServeReq req = { api, member, method, NULL, NULL, NULL, reply };
    const MsServeRoute *route;
    gboolean path_known = FALSE;

    route = segs != NULL ? find_route(method, segs, args, &path_known) : NULL;
    /* /1.0/events is served by the websocket side (ms-serve.c) */
    path_known |= segs != NULL && g_strv_length(segs) == 2 && g_str_equal(segs[0], "1.0") &&
                  g_str_equal(segs[1], "events");
    if (!path_known || (route != NULL && *route->pattern == '\0'))
        return ms_serve_api_handle(api, member, method, path, query, body, length, reply);
    memset(reply, 0, sizeof(*reply));
    if (route != NULL && g_str_equal(route->pattern, "1.0") && g_str_equal(route->method, "GET")) {
        JsonObject *obj = json_object_new();
        ms_serve_untrusted_fields(obj, api->profile, "untrusted");
        return ms_serve_sync(&req, ms_serve_take(obj));
    }
    if (g_str_equal(method, "GET") && g_strv_length(segs) == 2 && g_str_equal(segs[1], "images"))
        return ms_serve_sync(&req, ms_serve_take_array(json_array_new()));
    if (route != NULL && g_str_equal(route->pattern, "1.0/certificates")) {
        if (!parse_body(&req, body, length, &json))
            return;
        req.body = json;
        return ms_serve_certificates_untrusted(&req, peer);
    }
    ms_serve_error(&req, 403, "not authorized");
}
