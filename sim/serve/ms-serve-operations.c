/* migsim serve: LXD's operations (shared/api/operation.go): the 202
 * reply, the operation object the events websocket and GET
 * /1.0/operations/ID show, and the table of finished ones. */
#include "ms-serve-objects.h"

/* Finished operations kept for GET /1.0/operations/ID (LXD keeps them
 * 5 s; migsim keeps the last ones by count: no wall clock). */
#define MAX_OPERATIONS 1024

/* An operation ID: deterministic (a counter), in UUID shape. */
static char *
next_operation_id(MsServeApi *api)
{
    api->next_op++;
    return g_strdup_printf("00000000-0000-4000-8000-%012" G_GINT64_MODIFIER "x", (gint64) api->next_op);
}

static JsonObject *
operation_object(const char *id, const char *member, const char *description, const char *resource,
                 const char *resource_path, gboolean running, const char *err)
{
    JsonObject *op = json_object_new();
    JsonObject *resources = json_object_new();

    json_object_set_string_member(op, "id", id);
    json_object_set_string_member(op, "class", "task");
    json_object_set_string_member(op, "description", description);
    json_object_set_string_member(op, "created_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(op, "updated_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(op, "status", running ? "Running" : err != NULL ? "Failure" : "Success");
    json_object_set_int_member(op, "status_code", running ? 103 : err != NULL ? 400 : 200);
    if (resource != NULL) {
        JsonArray *paths = json_array_new();
        json_array_add_string_element(paths, resource_path);
        json_object_set_array_member(resources, resource, paths);
    }
    json_object_set_object_member(op, "resources", resources);
    json_object_set_null_member(op, "metadata");
    json_object_set_boolean_member(op, "may_cancel", FALSE);
    json_object_set_string_member(op, "err", err != NULL ? err : "");
    json_object_set_string_member(op, "location", member);
    return op;
}

char *
ms_serve_event_text(const char *member, JsonObject *metadata)
{
    JsonObject *ev = json_object_new();
    g_autoptr(JsonNode) node = json_node_alloc();

    json_object_set_string_member(ev, "type", "operation");
    json_object_set_string_member(ev, "timestamp", "1970-01-01T00:00:00Z");
    json_object_set_object_member(ev, "metadata", metadata);
    json_object_set_string_member(ev, "location", member);
    json_object_set_string_member(ev, "project", "default");
    json_node_init_object(node, ev);
    json_object_unref(ev);
    return json_to_string(node, FALSE);
}

static void
add_event(MsServeReq *req, JsonObject *op)
{
    if (req->reply->events == NULL)
        req->reply->events = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(req->reply->events, ms_serve_event_text(req->member, json_object_ref(op)));
}

/* Keeps @op (taken) for GET /1.0/operations, the oldest dropped first. */
static void
store_operation(MsServeApi *api, const char *id, JsonObject *op)
{
    g_hash_table_replace(api->operations, g_strdup(id), ms_serve_take(op));
    g_queue_push_tail(api->op_order, g_strdup(id));
    while (g_queue_get_length(api->op_order) > MAX_OPERATIONS) {
        g_autofree char *old = g_queue_pop_head(api->op_order);
        g_hash_table_remove(api->operations, old);
    }
}

/* The 202 reply for operation @id, @running (taken) its metadata. */
static void
reply_async(MsServeReq *req, const char *id, JsonObject *running)
{
    JsonObject *obj = json_object_new();

    json_object_set_string_member(obj, "type", "async");
    json_object_set_string_member(obj, "status", "Operation created");
    json_object_set_int_member(obj, "status_code", 100);
    req->reply->location = g_strdup_printf("/1.0/operations/%s", id);
    json_object_set_string_member(obj, "operation", req->reply->location);
    json_object_set_int_member(obj, "error_code", 0);
    json_object_set_string_member(obj, "error", "");
    json_object_set_object_member(obj, "metadata", running);
    ms_serve_set_body(req->reply, 202, obj);
}

/* The operation @running and @done (both taken) as the reply, the events
 * and the table have it. */
static void
operation_reply(MsServeReq *req, const char *id, JsonObject *running, JsonObject *done)
{
    MsServeApi *api = req->api;

    /* the client follows the operation on the events websocket and reads
     * it once (client/operations.go setupListener): it is done already */
    add_event(req, running);
    if (ms_serve_timed_defer(req, id, done)) {
        json_object_unref(done);
        done = json_object_ref(running); /* kept running until advanced */
    } else {
        add_event(req, done);
    }
    store_operation(api, id, done);
    reply_async(req, id, running);
}

void
ms_serve_operation(MsServeReq *req, const char *description, const char *resource, const char *name,
                   const char *err)
{
    g_autofree char *id = next_operation_id(req->api);
    g_autofree char *path = name != NULL ? g_strdup_printf("/1.0/%s/%s", resource, name) : NULL;

    operation_reply(req, id,
                    operation_object(id, req->member, description, name ? resource : NULL, path, TRUE, NULL),
                    operation_object(id, req->member, description, name ? resource : NULL, path, FALSE, err));
}

JsonArray *
ms_serve_url_array(const char *kind, const char *name)
{
    JsonArray *array = json_array_new();
    g_autofree char *url = g_strdup_printf("/1.0/%s/%s", kind, name);

    json_array_add_string_element(array, url);
    return array;
}

void
ms_serve_operation_at(MsServeReq *req, const char *location, const char *description, JsonObject *resources)
{
    g_autofree char *id = next_operation_id(req->api);
    JsonObject *op[2];

    for (guint i = 0; i < 2; i++) {
        op[i] = operation_object(id, location, description, NULL, NULL, i == 0, NULL);
        json_object_set_object_member(op[i], "resources", json_object_ref(resources));
    }
    json_object_unref(resources);
    operation_reply(req, id, op[0], op[1]);
}

/* A token operation (lxd/certificates.go:665 OperationClassToken): it
 * stays running and may be cancelled (lxd/operations/operations.go:446-449
 * at lxd-5.0.2); certificateTokenValid cancels it when spent. */
void
ms_serve_token_operation(MsServeReq *req, const char *description, JsonObject *metadata)
{
    g_autofree char *id = next_operation_id(req->api);
    JsonObject *op[2];

    /* one for the reply and the event, one kept (spending it changes its status) */
    for (guint i = 0; i < 2; i++) {
        op[i] = operation_object(id, req->member, description, NULL, NULL, TRUE, NULL);
        json_object_set_string_member(op[i], "class", "token");
        json_object_set_boolean_member(op[i], "may_cancel", TRUE);
        json_object_set_object_member(op[i], "metadata", json_object_ref(metadata));
    }
    json_object_unref(metadata);
    add_event(req, op[0]);
    store_operation(req->api, id, op[1]);
    reply_async(req, id, op[0]);
}

/* ---------------------------------------------------------------------- */
/* Operations */

static void
operations_get(MsServeReq *req)
{
    JsonObject *obj = json_object_new();

    /* grouped by status, lowercased (lxd/operations.go operationsGet) */
    json_object_set_array_member(obj, "success", json_array_new());
    json_object_set_array_member(obj, "failure", json_array_new());
    for (GList *l = req->api->op_order->head; l != NULL; l = l->next) {
        JsonNode *op = g_hash_table_lookup(req->api->operations, l->data);
        g_autofree char *status =
            g_ascii_strdown(json_object_get_string_member(json_node_get_object(op), "status"), -1);
        g_autofree char *path = g_strdup_printf("/1.0/operations/%s", (char *) l->data);
        if (!json_object_has_member(obj, status))
            json_object_set_array_member(obj, status, json_array_new());
        if (ms_serve_recursion(req) > 0) /* the objects (lxc operation list) */
            json_array_add_element(json_object_get_array_member(obj, status), json_node_copy(op));
        else
            json_array_add_string_element(json_object_get_array_member(obj, status), path);
    }
    ms_serve_sync(req, ms_serve_take(obj));
}

static void
operation_get(MsServeReq *req)
{
    JsonNode *op = g_hash_table_lookup(req->api->operations, req->args[0]);

    if (op == NULL)
        /* lxd/operations.go operationGet: the operation is not in any table */
        return ms_serve_error(req, 404, "Operation not found");
    ms_serve_sync(req, json_node_copy(op));
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "1.0/operations", operations_get },
    { "GET", "1.0/operations/*", operation_get },
    { "GET", "1.0/operations/*/wait", operation_get },
};
/* clang-format on */
const MsServeRoutes ms_serve_operation_routes = { routes, G_N_ELEMENTS(routes) };
