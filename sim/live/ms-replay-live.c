/* migsim: the live side of `migsim replay`: lxc's requests, lxc's own
 * refusals, read-back of the live cluster and clean-up (ms-replay-live.h).
 *
 * The request sequences follow the lxc client of LXD 5.0.2 as captured
 * with `lxc --debug` (reference notes §3) and lxc/ at tag lxd-5.0.2:
 * read-modify-write of instances, profiles and the server config with
 * If-Match, `?target=` for member-specific creation, and waiting on every
 * background operation. */
#include "ms-replay-live.h"

#include <string.h>

#include "ms-config.h"
#include "ms-runner.h"

struct _MsReplayLive {
    MsLxdClient *client;
    char *curl_prefix;  /* "curl -s --unix-socket PATH" */
    char *url_base;     /* "http://lxd" */
    GHashTable *member_map;   /* scenario -> live */
    GHashTable *member_unmap; /* live -> scenario */
    GHashTable *image_map;
    guint timeout_s;
    gboolean dry_run;
    const MsProfile *profile;
    char *server_member; /* the member behind the remote (environment.server_name) */
    GPtrArray *requests; /* curl lines since the last take */

    /* clean-up ledger: names the scenario may create (checked absent by the
     * pre-flight, so whatever carries them afterwards is ours) */
    GPtrArray *instances;
    GPtrArray *volumes;  /* "POOL/NAME" */
    GPtrArray *pools;
    GPtrArray *profiles;
    GPtrArray *accepted_pools; /* existing pools a `pool` directive accepted */
    GPtrArray *members;        /* live names of the scenario's members */
    GHashTable *saved_profiles; /* name -> JsonNode (writable profile before the first change) */
    GHashTable *saved_server;   /* key -> original value, NULL = was unset */
    gboolean preflight_done;
};

/* ---------------------------------------------------------------------- */
/* Small helpers */

/* A member without a --member mapping has the same name on both sides. */
static const char *
lookup_member(GHashTable *map, const char *name)
{
    const char *mapped;

    if (name == NULL)
        return NULL;
    mapped = g_hash_table_lookup(map, name);
    return mapped != NULL ? mapped : name;
}

static const char *
map_member(MsReplayLive *live, const char *name)
{
    return lookup_member(live->member_map, name);
}

static const char *
unmap_member(MsReplayLive *live, const char *name)
{
    return lookup_member(live->member_unmap, name);
}

static const char *
json_string(JsonObject *obj, const char *key)
{
    JsonNode *node;

    if (obj == NULL || !json_object_has_member(obj, key))
        return NULL;
    node = json_object_get_member(obj, key);
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

static JsonObject *
json_object_member(JsonObject *obj, const char *key)
{
    JsonNode *node;

    if (obj == NULL || !json_object_has_member(obj, key))
        return NULL;
    node = json_object_get_member(obj, key);
    return JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

/* json_node_copy() shares objects and arrays with the original: a prior
 * state kept that way changes with every edit of the request built from
 * it (the put-back of the default profile then sent the changed profile). */
static JsonNode *
json_deep_copy(JsonNode *node)
{
    g_autofree char *text = json_to_string(node, FALSE);

    return json_from_string(text, NULL);
}

static JsonNode *
node_take_object(JsonObject *obj)
{
    JsonNode *node = json_node_alloc();

    json_node_init_object(node, obj);
    json_object_unref(obj);
    return node;
}

static JsonObject *
config_to_json(GHashTable *config)
{
    JsonObject *obj = json_object_new();
    g_autofree const char **keys = ms_config_sorted_keys(config);

    for (guint i = 0; keys[i] != NULL; i++)
        json_object_set_string_member(obj, keys[i], g_hash_table_lookup(config, keys[i]));
    return obj;
}

static JsonObject *
devices_to_json(GHashTable *devices)
{
    JsonObject *obj = json_object_new();
    g_autofree const char **names = ms_config_sorted_keys(devices);

    for (guint i = 0; names[i] != NULL; i++)
        json_object_set_object_member(obj, names[i],
                                      config_to_json(g_hash_table_lookup(devices, names[i])));
    return obj;
}

/* A JSON object of strings into a config map; other values are skipped
 * (LXD's maps are map[string]string, anything else is not LXD's). */
static GHashTable *
config_from_json(JsonObject *obj)
{
    GHashTable *config = ms_config_new();
    g_autoptr(GList) members = obj != NULL ? json_object_get_members(obj) : NULL;

    for (GList *l = members; l != NULL; l = l->next) {
        const char *value = json_string(obj, l->data);
        if (value != NULL)
            ms_config_set(config, l->data, value);
    }
    return config;
}

static GHashTable *
devices_from_json(JsonObject *obj)
{
    GHashTable *devices = ms_devices_new();
    g_autoptr(GList) members = obj != NULL ? json_object_get_members(obj) : NULL;

    for (GList *l = members; l != NULL; l = l->next) {
        JsonObject *dev = json_object_member(obj, l->data);
        if (dev != NULL)
            g_hash_table_insert(devices, g_strdup(l->data), config_from_json(dev));
    }
    return devices;
}

static gboolean
contains(GPtrArray *array, const char *name)
{
    for (guint i = 0; i < array->len; i++)
        if (g_str_equal(array->pdata[i], name))
            return TRUE;
    return FALSE;
}

static void
add_unique(GPtrArray *array, const char *name)
{
    if (!contains(array, name))
        g_ptr_array_add(array, g_strdup(name));
}

static char *
escape_path(const char *segment)
{
    return g_uri_escape_string(segment, NULL, FALSE);
}

/* "/1.0/COLLECTION/NAME[SUFFIX]", with NAME escaped as a path segment. */
static char *
entity_path(const char *collection, const char *name, const char *suffix)
{
    g_autofree char *ename = escape_path(name);

    return g_strdup_printf("/1.0/%s/%s%s", collection, ename, suffix != NULL ? suffix : "");
}

/* @path aimed at member @target (a live name), as lxc's --target does;
 * NULL leaves the choice to the server. */
static char *
with_target(const char *path, const char *target)
{
    g_autofree char *t = NULL;

    if (target == NULL)
        return g_strdup(path);
    t = g_uri_escape_string(target, NULL, FALSE);
    return g_strdup_printf("%s?target=%s", path, t);
}

/* Sets the op's KEY=VALUE pairs on @obj (a config map or a device). */
static void
set_op_keys(JsonObject *obj, const MsOp *op)
{
    for (guint i = 0; i < op->keys->len; i++)
        json_object_set_string_member(obj, op->keys->pdata[i], op->values->pdata[i]);
}

/* ---------------------------------------------------------------------- */
/* Construction */

MsReplayLive *
ms_replay_live_new(MsLxdClient *client, const MsReplayLiveOptions *options)
{
    g_autoptr(MsReplayLive) live = g_new0(MsReplayLive, 1);
    const char *remote = options->remote;

    live->client = client;
    live->timeout_s = options->timeout_s;
    live->dry_run = options->dry_run;
    live->member_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    live->member_unmap = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    live->image_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (options->member_map != NULL) {
        GHashTableIter iter;
        gpointer k, v;

        g_hash_table_iter_init(&iter, options->member_map);
        while (g_hash_table_iter_next(&iter, &k, &v)) {
            g_hash_table_insert(live->member_map, g_strdup(k), g_strdup(v));
            g_hash_table_insert(live->member_unmap, g_strdup(v), g_strdup(k));
        }
    }
    if (options->image_map != NULL) {
        GHashTableIter iter;
        gpointer k, v;

        g_hash_table_iter_init(&iter, options->image_map);
        while (g_hash_table_iter_next(&iter, &k, &v))
            g_hash_table_insert(live->image_map, g_strdup(k), g_strdup(v));
    }
    if (g_str_has_prefix(remote, "unix:")) {
        const char *path = remote + strlen("unix:");
        g_autofree char *quoted = NULL;

        if (g_str_has_prefix(path, "///"))
            path += 2;
        quoted = g_shell_quote(path);
        live->curl_prefix = g_strdup_printf("curl -s --unix-socket %s", quoted);
        live->url_base = g_strdup("http://lxd");
    } else {
        g_autoptr(GString) prefix = g_string_new("curl -s");
        const MsLxdTls *tls = options->tls;

        if (tls != NULL && tls->client_cert != NULL) {
            g_autofree char *q = g_shell_quote(tls->client_cert);
            g_string_append_printf(prefix, " --cert %s", q);
        }
        if (tls != NULL && tls->client_key != NULL) {
            g_autofree char *q = g_shell_quote(tls->client_key);
            g_string_append_printf(prefix, " --key %s", q);
        }
        if (tls != NULL && tls->insecure) {
            g_string_append(prefix, " -k");
        } else if (tls != NULL && tls->server_cert != NULL) {
            g_autofree char *q = g_shell_quote(tls->server_cert);
            /* the certificate names the host, not the address (see ms_lxd_client_new) */
            g_string_append_printf(prefix, " --cacert %s", q);
        }
        live->curl_prefix = g_string_free(g_steal_pointer(&prefix), FALSE);
        live->url_base = g_strdup(remote);
        if (g_str_has_suffix(live->url_base, "/"))
            live->url_base[strlen(live->url_base) - 1] = '\0';
    }
    live->requests = g_ptr_array_new_with_free_func(g_free);
    live->instances = g_ptr_array_new_with_free_func(g_free);
    live->volumes = g_ptr_array_new_with_free_func(g_free);
    live->pools = g_ptr_array_new_with_free_func(g_free);
    live->profiles = g_ptr_array_new_with_free_func(g_free);
    live->accepted_pools = g_ptr_array_new_with_free_func(g_free);
    live->members = g_ptr_array_new_with_free_func(g_free);
    live->saved_profiles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) json_node_unref);
    live->saved_server = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return g_steal_pointer(&live);
}

void
ms_replay_live_free(MsReplayLive *live)
{
    if (live == NULL)
        return;
    ms_lxd_client_free(live->client);
    g_free(live->curl_prefix);
    g_free(live->url_base);
    g_clear_pointer(&live->member_map, g_hash_table_unref);
    g_clear_pointer(&live->member_unmap, g_hash_table_unref);
    g_clear_pointer(&live->image_map, g_hash_table_unref);
    g_free(live->server_member);
    g_clear_pointer(&live->requests, g_ptr_array_unref);
    g_clear_pointer(&live->instances, g_ptr_array_unref);
    g_clear_pointer(&live->volumes, g_ptr_array_unref);
    g_clear_pointer(&live->pools, g_ptr_array_unref);
    g_clear_pointer(&live->profiles, g_ptr_array_unref);
    g_clear_pointer(&live->accepted_pools, g_ptr_array_unref);
    g_clear_pointer(&live->members, g_ptr_array_unref);
    g_clear_pointer(&live->saved_profiles, g_hash_table_unref);
    g_clear_pointer(&live->saved_server, g_hash_table_unref);
    g_free(live);
}

void
ms_replay_live_set_profile(MsReplayLive *live, const MsProfile *profile)
{
    live->profile = profile;
}

MsLxdClient *
ms_replay_live_client(MsReplayLive *live)
{
    return live->client;
}

GPtrArray *
ms_replay_live_take_requests(MsReplayLive *live)
{
    GPtrArray *taken = live->requests;

    live->requests = g_ptr_array_new_with_free_func(g_free);
    return taken;
}

/* ---------------------------------------------------------------------- */
/* Requests */

static void
record_request(MsReplayLive *live, const char *method, const char *path, const char *body,
               gboolean if_match)
{
    g_autoptr(GString) line = g_string_new(live->curl_prefix);
    g_autofree char *url = g_strconcat(live->url_base, path, NULL);
    g_autofree char *quoted_url = g_shell_quote(url);

    if (!g_str_equal(method, "GET"))
        g_string_append_printf(line, " -X %s", method);
    if (if_match)
        g_string_append(line, " -H \"If-Match: $ETAG\"");
    if (body != NULL) {
        g_autofree char *quoted = g_shell_quote(body);
        g_string_append_printf(line, " -H 'Content-Type: application/json' -d %s", quoted);
    }
    g_string_append_printf(line, " %s", quoted_url);
    g_ptr_array_add(live->requests, g_string_free(g_steal_pointer(&line), FALSE));
}

typedef struct {
    gboolean failed;    /* LXD refused (error envelope or failed operation) */
    guint http_status;
    char *error;        /* LXD's text when failed */
    JsonNode *metadata; /* sync metadata on success */
    char *etag;
} LiveReply;

static void
live_reply_clear(LiveReply *reply)
{
    g_clear_pointer(&reply->error, g_free);
    g_clear_pointer(&reply->metadata, json_node_unref);
    g_clear_pointer(&reply->etag, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(LiveReply, live_reply_clear)

/* One request; waits for the operation when the reply is async.  In a dry
 * run nothing is sent: an endpoint that answers with an operation gets
 * the wait request a user would type after it. */
static gboolean
live_call(MsReplayLive *live, const char *method, const char *path, JsonNode *body,
          const char *if_match, gboolean async_endpoint, LiveReply *reply, GError **error)
{
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autofree char *body_text = body != NULL ? json_to_string(body, FALSE) : NULL;

    live_reply_clear(reply);
    reply->failed = FALSE;
    reply->http_status = 0;
    record_request(live, method, path, body_text, if_match != NULL);
    if (live->dry_run && async_endpoint) {
        g_autofree char *wait = g_strdup_printf(
            "%s \"%s/1.0/operations/$OP/wait?timeout=%u\"  # $OP: metadata.id of the reply above",
            live->curl_prefix, live->url_base, live->timeout_s);
        g_ptr_array_add(live->requests, g_steal_pointer(&wait));
    }
    resp = ms_lxd_client_request(live->client, method, path, body,
                                 live->dry_run ? NULL : if_match, error);
    if (resp == NULL)
        return FALSE;
    reply->http_status = resp->http_status;
    if (g_str_equal(resp->type, "error")) {
        reply->failed = TRUE;
        reply->error = *resp->error != '\0'
                           ? g_strdup(resp->error)
                           : g_strdup_printf("HTTP %u error without a message", resp->http_status);
        return TRUE;
    }
    if (g_str_equal(resp->type, "async")) {
        g_autofree char *op_error = NULL;

        if (resp->operation_id == NULL) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                        "%s %s: async reply without an operation id", method, path);
            return FALSE;
        }
        if (!ms_lxd_client_wait(live->client, resp->operation_id, live->timeout_s, &op_error, error)) {
            g_prefix_error(error, "%s %s: ", method, path);
            return FALSE;
        }
        if (op_error != NULL) {
            reply->failed = TRUE;
            reply->http_status = 400;
            reply->error = g_steal_pointer(&op_error);
        }
        return TRUE;
    }
    reply->metadata = g_steal_pointer(&resp->metadata);
    reply->etag = g_steal_pointer(&resp->etag);
    return TRUE;
}

/* A GET whose object is needed: an LXD error is the step's outcome, a
 * missing or non-object body is a protocol failure. */
static gboolean
live_get_object(MsReplayLive *live, const char *path, LiveReply *reply, GError **error)
{
    if (!live_call(live, "GET", path, NULL, NULL, FALSE, reply, error))
        return FALSE;
    if (reply->failed || live->dry_run)
        return TRUE;
    if (reply->metadata == NULL || !JSON_NODE_HOLDS_OBJECT(reply->metadata)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "GET %s: the reply carries no object", path);
        return FALSE;
    }
    return TRUE;
}

static gboolean
live_get_array(MsReplayLive *live, const char *path, LiveReply *reply, GError **error)
{
    if (!live_call(live, "GET", path, NULL, NULL, FALSE, reply, error))
        return FALSE;
    if (reply->failed)
        return TRUE;
    if (reply->metadata == NULL || !JSON_NODE_HOLDS_ARRAY(reply->metadata)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "GET %s: the reply carries no list", path);
        return FALSE;
    }
    return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Connection and pre-flight */

gboolean
ms_replay_live_connect(MsReplayLive *live, char **version_out, GError **error)
{
    g_auto(LiveReply) reply = { 0 };
    JsonObject *env;

    if (!ms_lxd_client_server_version(live->client, version_out, error))
        return FALSE;
    if (live->dry_run)
        return TRUE;
    /* one more GET /1.0 for the member name; the version probe above keeps
     * its own strict checks */
    if (!live_get_object(live, "/1.0", &reply, error))
        return FALSE;
    g_ptr_array_set_size(live->requests, 0);
    if (reply.failed)
        return TRUE;
    env = json_object_member(json_node_get_object(reply.metadata), "environment");
    live->server_member = g_strdup(json_string(env, "server_name"));
    return TRUE;
}

typedef struct {
    GPtrArray *create_instances;
    GPtrArray *touch_instances;
    GPtrArray *create_volumes; /* "POOL/NAME" */
    GPtrArray *create_pools;
    GPtrArray *pool_directives; /* "NAME/DRIVER" */
    GPtrArray *create_profiles;
    GPtrArray *cluster_wide;    /* the steps' text */
    GPtrArray *evacuated;       /* scenario member names */
} ScenarioPlan;

static void
scenario_plan_clear(ScenarioPlan *plan)
{
    g_clear_pointer(&plan->create_instances, g_ptr_array_unref);
    g_clear_pointer(&plan->touch_instances, g_ptr_array_unref);
    g_clear_pointer(&plan->create_volumes, g_ptr_array_unref);
    g_clear_pointer(&plan->create_pools, g_ptr_array_unref);
    g_clear_pointer(&plan->pool_directives, g_ptr_array_unref);
    g_clear_pointer(&plan->create_profiles, g_ptr_array_unref);
    g_clear_pointer(&plan->cluster_wide, g_ptr_array_unref);
    g_clear_pointer(&plan->evacuated, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ScenarioPlan, scenario_plan_clear)

static void
scenario_plan_init(ScenarioPlan *plan, const MsScenario *scenario)
{
    plan->create_instances = g_ptr_array_new_with_free_func(g_free);
    plan->touch_instances = g_ptr_array_new_with_free_func(g_free);
    plan->create_volumes = g_ptr_array_new_with_free_func(g_free);
    plan->create_pools = g_ptr_array_new_with_free_func(g_free);
    plan->pool_directives = g_ptr_array_new_with_free_func(g_free);
    plan->create_profiles = g_ptr_array_new_with_free_func(g_free);
    plan->cluster_wide = g_ptr_array_new_with_free_func(g_free);
    plan->evacuated = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        const MsOp *op = step->op;

        if (step->kind == MS_STEP_POOL) {
            g_autofree char *entry = g_strdup_printf("%s/%s", step->name, step->driver);
            add_unique(plan->pool_directives, entry);
            continue;
        }
        if (step->kind != MS_STEP_COMMAND)
            continue;
        if (ms_op_is_cluster_wide(op)) {
            g_autofree char *entry = g_strdup_printf("line %u: %s", step->line, step->text);
            g_ptr_array_add(plan->cluster_wide, g_steal_pointer(&entry));
        }
        switch (op->kind) {
        case MS_OP_INIT:
            add_unique(plan->create_instances, op->instance);
            break;
        case MS_OP_VOLUME_CREATE: {
            g_autofree char *entry = g_strdup_printf("%s/%s", op->pool, op->volume);
            add_unique(plan->create_volumes, entry);
            break;
        }
        case MS_OP_STORAGE_CREATE:
            add_unique(plan->create_pools, op->pool);
            break;
        case MS_OP_PROFILE_CREATE:
            add_unique(plan->create_profiles, op->profile);
            break;
        case MS_OP_EVACUATE:
            add_unique(plan->evacuated, op->member);
            break;
        default:
            break;
        }
        if (op->instances != NULL)
            for (guint j = 0; j < op->instances->len; j++)
                add_unique(plan->touch_instances, op->instances->pdata[j]);
        if (op->instance != NULL)
            add_unique(plan->touch_instances, op->instance);
    }
}

static gboolean
refuse(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
refuse(GError **error, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_propagate_error(error, g_error_new_valist(MS_LXD_ERROR, MS_LXD_ERROR_FAILED, fmt, ap));
    va_end(ap);
    return FALSE;
}

/* Does GET @path find something?  404 = no; another LXD error is a
 * refusal, because we cannot prove the name is free. */
static gboolean
live_exists(MsReplayLive *live, const char *path, gboolean *exists, GError **error)
{
    g_auto(LiveReply) reply = { 0 };

    if (!live_call(live, "GET", path, NULL, NULL, FALSE, &reply, error))
        return FALSE;
    if (reply.failed && reply.http_status != 404)
        return refuse(error, "GET %s: %s (HTTP %u): cannot tell whether it exists",
                      path, reply.error, reply.http_status);
    *exists = !reply.failed;
    return TRUE;
}

/* Refuses when /1.0/@collection/@name exists: the scenario creates it, and
 * clean-up would delete what is not ours. */
static gboolean
live_check_absent(MsReplayLive *live, const char *collection, const char *name, const char *what,
                  GError **error)
{
    g_autofree char *path = entity_path(collection, name, NULL);
    gboolean exists = FALSE;

    if (!live_exists(live, path, &exists, error))
        return FALSE;
    if (exists)
        return refuse(error, "%s '%s' already exists on the cluster and the scenario creates it",
                      what, name);
    return TRUE;
}

/* Custom volumes named @name in @pool: their members ("" for remote pools). */
static gboolean
live_volume_locations(MsReplayLive *live, const char *pool, const char *name, GPtrArray *locations,
                      GError **error)
{
    g_auto(LiveReply) reply = { 0 };
    g_autofree char *path = entity_path("storage-pools", pool, "/volumes?recursion=1");
    JsonArray *list;

    if (!live_get_array(live, path, &reply, error))
        return FALSE;
    if (reply.failed) {
        if (reply.http_status == 404)
            return TRUE; /* no pool, no volume */
        return refuse(error, "GET %s: %s (HTTP %u)", path, reply.error, reply.http_status);
    }
    list = json_node_get_array(reply.metadata);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        JsonObject *v = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *location;

        if (g_strcmp0(json_string(v, "type"), "custom") != 0 ||
            g_strcmp0(json_string(v, "name"), name) != 0)
            continue;
        location = json_string(v, "location");
        g_ptr_array_add(locations, g_strdup(location != NULL ? location : ""));
    }
    return TRUE;
}

/* Instances located on @member (live name), for the --yes banner. */
static gboolean
live_instances_on(MsReplayLive *live, const char *member, GPtrArray *names, GError **error)
{
    g_auto(LiveReply) reply = { 0 };
    JsonArray *list;

    if (!live_get_array(live, "/1.0/instances?recursion=1", &reply, error))
        return FALSE;
    if (reply.failed)
        return refuse(error, "GET /1.0/instances: %s (HTTP %u)", reply.error, reply.http_status);
    list = json_node_get_array(reply.metadata);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        JsonObject *inst = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;

        if (g_strcmp0(json_string(inst, "location"), member) == 0 && json_string(inst, "name") != NULL)
            g_ptr_array_add(names, g_strdup(json_string(inst, "name")));
    }
    return TRUE;
}

/* LXD keeps a finished operation's database row for 5 s
 * (lxd/operations/operations.go:236-262 at lxd-5.0.2), and the scheduler
 * counts InstanceCreate rows as instances being created
 * (lxd/db/node.go:1129-1135): what an earlier scenario did moments ago
 * would tilt this one's placement.  The simulation starts from a quiet
 * cluster, so wait until the live one is quiet too. */
#define MS_REPLAY_SETTLE_MAX_US (15 * G_USEC_PER_SEC)
#define MS_REPLAY_SETTLE_POLL_US (250 * 1000)

static gboolean
live_settle(MsReplayLive *live, gboolean running_only, gint64 max_us, GError **error)
{
    gint64 deadline = g_get_monotonic_time() + max_us;

    for (;;) {
        g_auto(LiveReply) reply = { 0 };
        JsonObject *lists;
        g_autoptr(GList) kinds = NULL;
        guint tasks = 0;

        if (!live_get_object(live, "/1.0/operations?recursion=1", &reply, error))
            return FALSE;
        if (reply.failed)
            return refuse(error, "GET /1.0/operations: %s (HTTP %u)", reply.error, reply.http_status);
        lists = json_node_get_object(reply.metadata);
        kinds = json_object_get_members(lists);
        for (GList *l = kinds; l != NULL; l = l->next) {
            JsonNode *n = json_object_get_member(lists, l->data);

            if (running_only && !g_str_equal(l->data, "running"))
                continue;
            JsonArray *ops = JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;

            for (guint i = 0; ops != NULL && i < json_array_get_length(ops); i++) {
                JsonNode *o = json_array_get_element(ops, i);
                /* long-lived image download tokens never finish */
                if (JSON_NODE_HOLDS_OBJECT(o) &&
                    g_strcmp0(json_string(json_node_get_object(o), "class"), "token") != 0)
                    tasks++;
            }
        }
        if (tasks == 0)
            return TRUE;
        if (g_get_monotonic_time() >= deadline)
            return refuse(error, "%u operations are still running or recent after %d s; "
                          "the cluster is busy", tasks, (int) (max_us / G_USEC_PER_SEC));
        g_usleep(MS_REPLAY_SETTLE_POLL_US);
    }
}

gboolean
ms_replay_live_preflight(MsReplayLive *live, const MsScenario *scenario, GPtrArray **touches,
                         GError **error)
{
    g_auto(ScenarioPlan) plan = { 0 };
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    g_auto(LiveReply) members = { 0 };
    JsonArray *list;

    scenario_plan_init(&plan, scenario);
    for (guint i = 0; i < plan.create_instances->len; i++)
        add_unique(live->instances, plan.create_instances->pdata[i]);
    for (guint i = 0; i < plan.create_volumes->len; i++)
        add_unique(live->volumes, plan.create_volumes->pdata[i]);
    for (guint i = 0; i < plan.create_pools->len; i++)
        add_unique(live->pools, plan.create_pools->pdata[i]);
    for (guint i = 0; i < plan.create_profiles->len; i++)
        add_unique(live->profiles, plan.create_profiles->pdata[i]);
    for (guint i = 0; i < scenario->members->len; i++)
        add_unique(live->members, map_member(live, scenario->members->pdata[i]));
    live->preflight_done = TRUE;

    if (live->dry_run) {
        if (touches != NULL)
            *touches = g_steal_pointer(&lines);
        return TRUE;
    }

    /* every member of the scenario exists and is online: the simulation
     * starts from an all-online cluster */
    if (!live_get_array(live, "/1.0/cluster/members?recursion=1", &members, error))
        return FALSE;
    if (members.failed)
        return refuse(error, "GET /1.0/cluster/members: %s (HTTP %u); replay needs a cluster",
                      members.error, members.http_status);
    list = json_node_get_array(members.metadata);
    for (guint i = 0; i < scenario->members->len; i++) {
        const char *name = map_member(live, scenario->members->pdata[i]);
        const char *status = NULL;

        for (guint j = 0; j < json_array_get_length(list); j++) {
            JsonNode *n = json_array_get_element(list, j);
            JsonObject *m = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
            if (g_strcmp0(json_string(m, "server_name"), name) == 0)
                status = json_string(m, "status");
        }
        if (status == NULL)
            return refuse(error, "the cluster has no member '%s' (scenario member '%s'; map names with --member %s=NAME)",
                          name, (const char *) scenario->members->pdata[i],
                          (const char *) scenario->members->pdata[i]);
        if (!g_str_equal(status, "Online"))
            return refuse(error, "member '%s' is %s, not Online; the scenario starts from an online cluster",
                          name, status);
    }

    for (guint i = 0; i < plan.create_instances->len; i++)
        if (!live_check_absent(live, "instances", plan.create_instances->pdata[i], "instance", error))
            return FALSE;
    for (guint i = 0; i < plan.touch_instances->len; i++) {
        const char *name = plan.touch_instances->pdata[i];
        g_autofree char *path = entity_path("instances", name, NULL);
        gboolean exists = FALSE;

        if (contains(plan.create_instances, name))
            continue;
        if (!live_exists(live, path, &exists, error))
            return FALSE;
        if (exists)
            return refuse(error, "the scenario uses instance '%s', which it does not create and which exists on the cluster",
                          name);
    }
    for (guint i = 0; i < plan.create_volumes->len; i++) {
        g_auto(GStrv) parts = g_strsplit(plan.create_volumes->pdata[i], "/", 2);
        g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func(g_free);

        if (!live_volume_locations(live, parts[0], parts[1], where, error))
            return FALSE;
        if (where->len > 0)
            return refuse(error, "volume '%s' already exists in pool '%s' (on %s) and the scenario creates it",
                          parts[1], parts[0], *(const char *) where->pdata[0] ? (const char *) where->pdata[0] : "the pool");
    }
    for (guint i = 0; i < plan.create_pools->len; i++)
        if (!live_check_absent(live, "storage-pools", plan.create_pools->pdata[i], "storage pool", error))
            return FALSE;
    for (guint i = 0; i < plan.pool_directives->len; i++) {
        g_auto(GStrv) parts = g_strsplit(plan.pool_directives->pdata[i], "/", 2);
        g_autofree char *path = entity_path("storage-pools", parts[0], NULL);
        g_auto(LiveReply) reply = { 0 };
        const char *driver, *status;

        if (contains(plan.create_pools, parts[0]))
            return refuse(error, "pool '%s' is both a 'pool' directive and created by 'lxc storage create'",
                          parts[0]);
        if (!live_get_object(live, path, &reply, error))
            return FALSE;
        if (reply.failed) {
            if (reply.http_status != 404)
                return refuse(error, "GET %s: %s (HTTP %u)", path, reply.error, reply.http_status);
            add_unique(live->pools, parts[0]);
            continue;
        }
        driver = json_string(json_node_get_object(reply.metadata), "driver");
        status = json_string(json_node_get_object(reply.metadata), "status");
        if (g_strcmp0(driver, parts[1]) != 0)
            return refuse(error, "storage pool '%s' exists with driver '%s', the scenario's 'pool' directive wants '%s'",
                          parts[0], driver ? driver : "?", parts[1]);
        if (g_strcmp0(status, "Created") != 0)
            return refuse(error, "storage pool '%s' exists but is %s, not Created", parts[0],
                          status ? status : "?");
        add_unique(live->accepted_pools, parts[0]);
    }
    for (guint i = 0; i < plan.create_profiles->len; i++)
        if (!live_check_absent(live, "profiles", plan.create_profiles->pdata[i], "profile", error))
            return FALSE;

    if (!live_settle(live, FALSE, MS_REPLAY_SETTLE_MAX_US, error))
        return FALSE;

    for (guint i = 0; i < plan.cluster_wide->len; i++)
        g_ptr_array_add(lines, g_strdup(plan.cluster_wide->pdata[i]));
    for (guint i = 0; i < plan.evacuated->len; i++) {
        const char *member = map_member(live, plan.evacuated->pdata[i]);
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GString) line = g_string_new(NULL);

        if (!live_instances_on(live, member, names, error))
            return FALSE;
        g_string_append_printf(line, "member %s will be evacuated; instances on it now:", member);
        if (names->len == 0)
            g_string_append(line, " none");
        for (guint j = 0; j < names->len; j++)
            g_string_append_printf(line, " %s%s", (const char *) names->pdata[j],
                                   contains(plan.create_instances, names->pdata[j]) ? "" : " (not the scenario's)");
        g_ptr_array_add(lines, g_string_free(g_steal_pointer(&line), FALSE));
    }
    g_ptr_array_set_size(live->requests, 0);
    if (touches != NULL)
        *touches = g_steal_pointer(&lines);
    return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Outcomes */

static MsOutcome *
outcome_ok(void)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = TRUE;
    outcome->http_status = 200;
    return outcome;
}

static MsOutcome *
outcome_from_reply(const LiveReply *reply)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = !reply->failed;
    outcome->http_status = reply->failed ? reply->http_status : 200;
    if (reply->failed) {
        outcome->server_error = g_strdup(reply->error);
        outcome->client_error = g_strdup(reply->error);
    }
    return outcome;
}

/* lxc refused by itself: no request was sent (http_status 0, as the model
 * marks client-side refusals). */
static MsOutcome *
outcome_client(const char *text)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = FALSE;
    outcome->http_status = 0;
    outcome->server_error = g_strdup(text);
    outcome->client_error = g_strdup(text);
    return outcome;
}

/* ---------------------------------------------------------------------- */
/* Dry-run stand-ins for GET replies, from the simulated cluster */

static JsonNode *
sim_instance_json(const MsCluster *cluster, const char *name)
{
    const MsInstance *inst = cluster != NULL ? ms_cluster_lookup_instance(cluster, name) : NULL;
    JsonObject *obj = json_object_new();
    g_autoptr(GHashTable) expanded = NULL;
    g_autoptr(GHashTable) local_config = NULL;
    JsonArray *profiles;

    if (inst == NULL)
        return node_take_object(obj);
    json_object_set_string_member(obj, "architecture", "x86_64");
    local_config = ms_instance_config_table(inst);
    json_object_set_object_member(obj, "config", config_to_json(local_config));
    json_object_set_object_member(obj, "devices", devices_to_json(inst->devices));
    json_object_set_boolean_member(obj, "ephemeral", FALSE);
    profiles = json_array_new();
    for (guint i = 0; i < inst->profiles->len; i++)
        json_array_add_string_element(profiles, inst->profiles->pdata[i]);
    json_object_set_array_member(obj, "profiles", profiles);
    json_object_set_boolean_member(obj, "stateful", FALSE);
    json_object_set_string_member(obj, "description", "");
    json_object_set_string_member(obj, "status", ms_instance_status_to_api(inst->status));
    expanded = ms_cluster_expand_devices(cluster, inst);
    json_object_set_object_member(obj, "expanded_devices", devices_to_json(expanded));
    return node_take_object(obj);
}

static JsonNode *
sim_profile_json(const MsCluster *cluster, const char *name)
{
    const MsProfileEntity *p = cluster != NULL ? ms_cluster_lookup_profile(cluster, name) : NULL;
    JsonObject *obj = json_object_new();

    if (p == NULL)
        return node_take_object(obj);
    json_object_set_object_member(obj, "config", config_to_json(p->config));
    json_object_set_string_member(obj, "description", "");
    json_object_set_object_member(obj, "devices", devices_to_json(p->devices));
    return node_take_object(obj);
}

static JsonNode *
sim_server_json(const MsCluster *cluster)
{
    JsonObject *obj = json_object_new();

    json_object_set_object_member(obj, "config", config_to_json(cluster->server_config));
    return node_take_object(obj);
}

/* ---------------------------------------------------------------------- */
/* Operations */

/* The @keys of @obj that lxc sends back on a PUT, with config and devices
 * always present so that callers can edit them. */
static JsonObject *
writable_copy(JsonObject *obj, const char *const *keys, gsize n_keys)
{
    JsonObject *put = json_object_new();

    for (gsize i = 0; i < n_keys; i++)
        if (json_object_has_member(obj, keys[i]))
            json_object_set_member(put, keys[i], json_deep_copy(json_object_get_member(obj, keys[i])));
    if (json_object_member(put, "config") == NULL)
        json_object_set_object_member(put, "config", json_object_new());
    if (json_object_member(put, "devices") == NULL)
        json_object_set_object_member(put, "devices", json_object_new());
    return put;
}

/* The writable part of an instance (api.InstancePut), as lxc's
 * inst.Writable() sends it back. */
static JsonObject *
instance_writable(JsonObject *inst)
{
    static const char *const keys[] = { "architecture", "config", "devices", "ephemeral",
                                        "profiles", "stateful", "description" };

    return writable_copy(inst, keys, G_N_ELEMENTS(keys));
}

static JsonObject *
profile_writable(JsonObject *profile)
{
    static const char *const keys[] = { "config", "description", "devices" };

    return writable_copy(profile, keys, G_N_ELEMENTS(keys));
}

/* lxc always sends the ETag it read; a dry run shows where it goes. */
static const char *
lxc_if_match(MsReplayLive *live, const char *etag)
{
    if (etag != NULL)
        return etag;
    return live->dry_run ? "" : NULL;
}

/* PUT .../state for an instance, with lxc's --timeout default: the server
 * waits for a clean shutdown. */
static gboolean
live_instance_state(MsReplayLive *live, const char *name, const char *action, gboolean force,
                    gboolean stateful, LiveReply *reply, GError **error)
{
    g_autofree char *path = entity_path("instances", name, "/state");
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "action", action);
    json_object_set_int_member(obj, "timeout", -1);
    json_object_set_boolean_member(obj, "force", force);
    json_object_set_boolean_member(obj, "stateful", stateful);
    body = node_take_object(obj);
    return live_call(live, "PUT", path, body, NULL, TRUE, reply, error);
}

/* POST .../state for a cluster member (@name is the live name). */
static gboolean
live_member_state(MsReplayLive *live, const char *name, const char *action, const char *mode,
                  LiveReply *reply, GError **error)
{
    g_autofree char *path = entity_path("cluster/members", name, "/state");
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "action", action);
    json_object_set_string_member(obj, "mode", mode);
    body = node_take_object(obj);
    return live_call(live, "POST", path, body, NULL, TRUE, reply, error);
}

/* The body of lxc storage create, with the op's keys (if any) as config. */
static JsonNode *
pool_create_body(const char *name, const char *driver, const MsOp *op)
{
    JsonObject *obj = json_object_new();
    JsonObject *config = json_object_new();

    json_object_set_string_member(obj, "name", name);
    json_object_set_string_member(obj, "driver", driver);
    if (op != NULL)
        set_op_keys(config, op);
    json_object_set_object_member(obj, "config", config);
    return node_take_object(obj);
}

typedef struct {
    MsReplayLive *live;
    const MsOp *op;
    const MsCluster *sim;
    const char *arg;    /* the handler's argument from the op table */
    MsOutcome *outcome; /* set by the handlers */
} Run;

static gboolean
run_reply(Run *run, const LiveReply *reply)
{
    run->outcome = outcome_from_reply(reply);
    return TRUE;
}

/* A step that is one request: its reply is the outcome. */
static gboolean
run_call(Run *run, const char *method, const char *path, JsonNode *body, const char *if_match,
         gboolean async_endpoint, GError **error)
{
    g_auto(LiveReply) reply = { 0 };

    if (!live_call(run->live, method, path, body, if_match, async_endpoint, &reply, error))
        return FALSE;
    return run_reply(run, &reply);
}

/* lxc config get: the value of the op's key in @config, "" when unset. */
static gboolean
run_config_get(Run *run, JsonObject *config)
{
    run->outcome = outcome_ok();
    run->outcome->output = g_strdup_printf("%s\n", json_string(config, run->op->keys->pdata[0]) ?: "");
    return TRUE;
}

/* GET /1.0/instances/NAME: the object and its ETag; an LXD error becomes
 * the outcome (and *obj stays NULL). */
static gboolean
get_instance(Run *run, const char *name, JsonNode **obj, char **etag, GError **error)
{
    g_autofree char *path = entity_path("instances", name, NULL);
    g_auto(LiveReply) reply = { 0 };

    *obj = NULL;
    if (!live_get_object(run->live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return run_reply(run, &reply);
    if (run->live->dry_run) {
        *obj = sim_instance_json(run->sim, name);
    } else {
        *obj = g_steal_pointer(&reply.metadata);
        if (etag != NULL)
            *etag = g_steal_pointer(&reply.etag);
    }
    return TRUE;
}

static gboolean
put_instance(Run *run, const char *name, JsonObject *put, const char *etag, GError **error)
{
    g_autofree char *path = entity_path("instances", name, NULL);
    g_autoptr(JsonNode) body = node_take_object(json_object_ref(put));

    return run_call(run, "PUT", path, body, lxc_if_match(run->live, etag), TRUE, error);
}

static gboolean
op_init(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    JsonObject *obj = json_object_new();
    JsonObject *config = json_object_new();
    JsonObject *devices = json_object_new();
    JsonObject *source = json_object_new();
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *path = NULL;
    g_auto(LiveReply) reply = { 0 };

    json_object_set_string_member(obj, "name", op->instance);
    json_object_set_string_member(obj, "type", op->vm ? "virtual-machine" : "container");
    if (op->no_profiles) {
        json_object_set_array_member(obj, "profiles", json_array_new());
    } else if (op->profiles != NULL) {
        JsonArray *profiles = json_array_new();
        for (guint i = 0; i < op->profiles->len; i++)
            json_array_add_string_element(profiles, op->profiles->pdata[i]);
        json_object_set_array_member(obj, "profiles", profiles);
    } else {
        /* null = the default profile */
        json_object_set_null_member(obj, "profiles");
    }
    set_op_keys(config, op);
    json_object_set_object_member(obj, "config", config);
    if (op->pool != NULL) {
        JsonObject *root = json_object_new();
        json_object_set_string_member(root, "path", "/");
        json_object_set_string_member(root, "pool", op->pool);
        json_object_set_string_member(root, "type", "disk");
        json_object_set_object_member(devices, "root", root);
    }
    json_object_set_object_member(obj, "devices", devices);
    if (op->empty) {
        json_object_set_string_member(source, "type", "none");
    } else {
        const char *alias = g_hash_table_lookup(live->image_map, op->image);
        json_object_set_string_member(source, "type", "image");
        json_object_set_string_member(source, "alias", alias != NULL ? alias : op->image);
    }
    json_object_set_object_member(obj, "source", source);
    body = node_take_object(obj);

    path = with_target("/1.0/instances", map_member(live, op->target));
    if (!live_call(live, "POST", path, body, NULL, TRUE, &reply, error))
        return FALSE;
    if (reply.failed || !op->start)
        return run_reply(run, &reply);
    live_reply_clear(&reply);
    if (!live_instance_state(live, op->instance, "start", FALSE, FALSE, &reply, error))
        return FALSE;
    return run_reply(run, &reply);
}

static gboolean
op_state(Run *run, GError **error)
{
    const MsOp *op = run->op;
    const char *action = run->arg;

    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        g_auto(LiveReply) reply = { 0 };

        if (g_str_equal(action, "start")) {
            g_autoptr(JsonNode) inst = NULL;

            if (!get_instance(run, name, &inst, NULL, error))
                return FALSE;
            if (inst == NULL)
                return TRUE;
        }
        if (!live_instance_state(run->live, name, action, op->force, op->stateful, &reply, error))
            return FALSE;
        /* lxc stops at the first instance that fails */
        if (reply.failed || i + 1 == op->instances->len)
            return run_reply(run, &reply);
    }
    return TRUE;
}

static gboolean
op_delete(Run *run, GError **error)
{
    const MsOp *op = run->op;

    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        g_autofree char *path = entity_path("instances", name, NULL);
        g_autoptr(JsonNode) inst = NULL;
        g_auto(LiveReply) reply = { 0 };
        const char *status;

        if (!get_instance(run, name, &inst, NULL, error))
            return FALSE;
        if (inst == NULL)
            return TRUE;
        status = json_string(json_node_get_object(inst), "status");
        if (status != NULL && !g_str_equal(status, "Stopped")) {
            /* lxc/delete.go checks the status itself */
            if (!op->force) {
                run->outcome = outcome_client("The instance is currently running, stop it first or pass --force");
                return TRUE;
            }
            if (!live_instance_state(run->live, name, "stop", TRUE, FALSE, &reply, error))
                return FALSE;
            if (reply.failed) {
                g_autofree char *text = g_strdup_printf("Stopping the instance failed: %s", reply.error);
                g_free(reply.error);
                reply.error = g_steal_pointer(&text);
                return run_reply(run, &reply);
            }
            live_reply_clear(&reply);
        }
        if (!live_call(run->live, "DELETE", path, NULL, NULL, TRUE, &reply, error))
            return FALSE;
        if (reply.failed || i + 1 == op->instances->len)
            return run_reply(run, &reply);
    }
    return TRUE;
}

/* Saves the server value of each key before the scenario first changes it. */
static void
save_server_keys(MsReplayLive *live, JsonObject *config, const MsOp *op)
{
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (!g_hash_table_contains(live->saved_server, key))
            g_hash_table_insert(live->saved_server, g_strdup(key), g_strdup(json_string(config, key)));
    }
}

static gboolean
op_server_config(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_auto(LiveReply) reply = { 0 };
    g_autoptr(JsonNode) server = NULL;
    JsonObject *config, *put;
    g_autoptr(JsonNode) body = NULL;

    if (!live_get_object(live, "/1.0", &reply, error))
        return FALSE;
    if (reply.failed)
        return run_reply(run, &reply);
    server = live->dry_run ? sim_server_json(run->sim) : g_steal_pointer(&reply.metadata);
    config = json_object_member(json_node_get_object(server), "config");
    if (op->kind == MS_OP_CONFIG_GET)
        return run_config_get(run, config);
    put = json_object_new();
    json_object_set_object_member(put, "config", json_object_new());
    if (config != NULL) {
        g_autoptr(GList) keys = json_object_get_members(config);
        for (GList *l = keys; l != NULL; l = l->next)
            json_object_set_member(json_object_get_object_member(put, "config"), l->data,
                                   json_node_copy(json_object_get_member(config, l->data)));
    }
    if (!live->dry_run)
        save_server_keys(live, config, op);
    for (guint i = 0; i < op->keys->len; i++) {
        JsonObject *c = json_object_get_object_member(put, "config");
        if (op->kind == MS_OP_CONFIG_SET)
            json_object_set_string_member(c, op->keys->pdata[i], op->values->pdata[i]);
        else if (json_object_has_member(c, op->keys->pdata[i]))
            json_object_remove_member(c, op->keys->pdata[i]);
    }
    body = node_take_object(put);
    return run_call(run, "PUT", "/1.0", body, lxc_if_match(live, reply.etag), FALSE, error);
}

static gboolean
op_instance_config(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) inst = NULL;
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) put = NULL;
    JsonObject *config;

    if (!get_instance(run, op->instance, &inst, &etag, error))
        return FALSE;
    if (inst == NULL)
        return TRUE;
    if (op->kind == MS_OP_CONFIG_GET)
        return run_config_get(run, json_object_member(json_node_get_object(inst), "config"));
    put = instance_writable(json_node_get_object(inst));
    config = json_object_get_object_member(put, "config");
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (op->kind == MS_OP_CONFIG_SET) {
            json_object_set_string_member(config, key, op->values->pdata[i]);
        } else if (!json_object_has_member(config, key)) {
            /* lxc/config.go: unset of a key that is not set */
            g_autofree char *text = g_strdup_printf("Can't unset key '%s', it's not currently set", key);
            run->outcome = outcome_client(text);
            return TRUE;
        } else {
            json_object_remove_member(config, key);
        }
    }
    return put_instance(run, op->instance, put, etag, error);
}

static gboolean
op_device(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) inst = NULL;
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) put = NULL;
    JsonObject *devices, *expanded;
    const char *device = op->device;

    if (!get_instance(run, op->instance, &inst, &etag, error))
        return FALSE;
    if (inst == NULL)
        return TRUE;
    put = instance_writable(json_node_get_object(inst));
    devices = json_object_get_object_member(put, "devices");
    expanded = json_object_member(json_node_get_object(inst), "expanded_devices");

    switch (op->kind) {
    case MS_OP_DEVICE_ADD:
    case MS_OP_VOLUME_ATTACH: {
        JsonObject *dev = json_object_new();

        if (json_object_has_member(devices, device)) {
            g_autofree char *text = op->kind == MS_OP_VOLUME_ATTACH
                                        ? g_strdup_printf("Device already exists: %s", device)
                                        : g_strdup("The device already exists");
            json_object_unref(dev);
            run->outcome = outcome_client(text);
            return TRUE;
        }
        if (op->kind == MS_OP_VOLUME_ATTACH) {
            json_object_set_string_member(dev, "type", "disk");
            json_object_set_string_member(dev, "pool", op->pool);
            json_object_set_string_member(dev, "source", op->volume);
            json_object_set_string_member(dev, "path", op->path != NULL ? op->path : "");
        } else {
            json_object_set_string_member(dev, "type", op->device_type);
            set_op_keys(dev, op);
        }
        json_object_set_object_member(devices, device, dev);
        break;
    }
    case MS_OP_VOLUME_DETACH:
        if (device == NULL) {
            g_autoptr(GList) names = json_object_get_members(devices);
            guint found = 0;

            for (GList *l = names; l != NULL; l = l->next) {
                JsonObject *dev = json_object_member(devices, l->data);
                if (g_strcmp0(json_string(dev, "type"), "disk") == 0 &&
                    g_strcmp0(json_string(dev, "pool"), op->pool) == 0 &&
                    g_strcmp0(json_string(dev, "source"), op->volume) == 0) {
                    device = l->data;
                    found++;
                }
            }
            if (found == 0) {
                run->outcome = outcome_client("No device found for this storage volume");
                return TRUE;
            }
            if (found > 1) {
                run->outcome = outcome_client("More than one device matches, specify the device name");
                return TRUE;
            }
        }
        if (!json_object_has_member(devices, device)) {
            run->outcome = outcome_client("No device found for this storage volume");
            return TRUE;
        }
        json_object_remove_member(devices, device);
        break;
    case MS_OP_DEVICE_REMOVE:
        if (!json_object_has_member(devices, device)) {
            run->outcome = outcome_client(json_object_member(expanded, device) != NULL
                                              ? "Device from profile(s) cannot be removed from individual instance. Override device or modify profile instead"
                                              : "Device doesn't exist");
            return TRUE;
        }
        json_object_remove_member(devices, device);
        break;
    case MS_OP_DEVICE_SET: {
        JsonObject *dev = json_object_member(devices, device);

        if (dev == NULL) {
            run->outcome = outcome_client(json_object_member(expanded, device) != NULL
                                              ? "Device from profile(s) cannot be modified for individual instance. Override device or modify profile instead"
                                              : "Device doesn't exist");
            return TRUE;
        }
        set_op_keys(dev, op);
        break;
    }
    default:
        g_assert_not_reached();
    }
    return put_instance(run, op->instance, put, etag, error);
}

static gboolean
op_profile_assign(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) inst = NULL;
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) put = NULL;
    JsonArray *old, *profiles = json_array_new();
    gboolean present = FALSE;

    if (!get_instance(run, op->instance, &inst, &etag, error)) {
        json_array_unref(profiles);
        return FALSE;
    }
    if (inst == NULL) {
        json_array_unref(profiles);
        return TRUE;
    }
    put = instance_writable(json_node_get_object(inst));
    old = json_object_has_member(put, "profiles") && JSON_NODE_HOLDS_ARRAY(json_object_get_member(put, "profiles"))
              ? json_object_get_array_member(put, "profiles")
              : NULL;
    for (guint i = 0; old != NULL && i < json_array_get_length(old); i++) {
        const char *name = json_array_get_string_element(old, i);
        if (name == NULL)
            continue;
        if (g_str_equal(name, op->profile)) {
            present = TRUE;
            if (op->kind == MS_OP_PROFILE_UNASSIGN)
                continue;
        }
        json_array_add_string_element(profiles, name);
    }
    if (op->kind == MS_OP_PROFILE_ASSIGN) {
        /* lxc/profile.go appends without looking; the server judges */
        json_array_add_string_element(profiles, op->profile);
    } else if (!present) {
        g_autofree char *text = g_strdup_printf("Profile %s isn't currently applied to %s", op->profile, op->instance);
        json_array_unref(profiles);
        run->outcome = outcome_client(text);
        return TRUE;
    }
    json_object_set_array_member(put, "profiles", profiles);
    return put_instance(run, op->instance, put, etag, error);
}

static gboolean
op_profile(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *path = entity_path("profiles", op->profile, NULL);
    g_auto(LiveReply) reply = { 0 };
    g_autoptr(JsonNode) profile = NULL;
    g_autoptr(JsonObject) put = NULL;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *etag = NULL;
    JsonObject *config, *devices;

    if (op->kind == MS_OP_PROFILE_CREATE) {
        JsonObject *obj = json_object_new();
        json_object_set_string_member(obj, "name", op->profile);
        body = node_take_object(obj);
        return run_call(run, "POST", "/1.0/profiles", body, NULL, FALSE, error);
    }
    if (op->kind == MS_OP_PROFILE_DELETE)
        return run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    if (!live_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return run_reply(run, &reply);
    profile = live->dry_run ? sim_profile_json(run->sim, op->profile) : g_steal_pointer(&reply.metadata);
    etag = g_steal_pointer(&reply.etag);
    /* a profile the scenario did not create is put back as it was */
    if (!live->dry_run && !contains(live->profiles, op->profile) &&
        !g_hash_table_contains(live->saved_profiles, op->profile))
        g_hash_table_insert(live->saved_profiles, g_strdup(op->profile),
                            node_take_object(profile_writable(json_node_get_object(profile))));
    put = profile_writable(json_node_get_object(profile));
    config = json_object_get_object_member(put, "config");
    devices = json_object_get_object_member(put, "devices");
    switch (op->kind) {
    case MS_OP_PROFILE_SET:
        set_op_keys(config, op);
        break;
    case MS_OP_PROFILE_UNSET:
        /* lxc/profile.go: unset is a set to "", which LXD drops */
        for (guint i = 0; i < op->keys->len; i++)
            json_object_set_string_member(config, op->keys->pdata[i], "");
        break;
    case MS_OP_PROFILE_DEVICE_ADD: {
        JsonObject *dev;

        if (json_object_has_member(devices, op->device)) {
            run->outcome = outcome_client("The device already exists");
            return TRUE;
        }
        dev = json_object_new();
        json_object_set_string_member(dev, "type", op->device_type);
        set_op_keys(dev, op);
        json_object_set_object_member(devices, op->device, dev);
        break;
    }
    case MS_OP_PROFILE_DEVICE_REMOVE:
        if (!json_object_has_member(devices, op->device)) {
            run->outcome = outcome_client("Device doesn't exist");
            return TRUE;
        }
        json_object_remove_member(devices, op->device);
        break;
    default:
        g_assert_not_reached();
    }
    body = node_take_object(json_object_ref(put));
    return run_call(run, "PUT", path, body, lxc_if_match(live, etag), FALSE, error);
}

static gboolean
op_storage(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *path = NULL;

    if (op->kind == MS_OP_STORAGE_DELETE) {
        path = entity_path("storage-pools", op->pool, NULL);
        return run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    }
    body = pool_create_body(op->pool, op->driver, op);
    path = with_target("/1.0/storage-pools", map_member(live, op->target));
    return run_call(run, "POST", path, body, NULL, FALSE, error);
}

/* Where lxc's request lands: --target, else the member behind the remote.
 * The simulation puts an untargeted volume on the scenario's client member
 * (`on MEMBER`); when that is not the member we talk to, the request names
 * it so that both sides mean the same member. */
static const char *
volume_target(MsReplayLive *live, const MsOp *op)
{
    const char *client;

    if (op->target != NULL)
        return map_member(live, op->target);
    client = map_member(live, op->client);
    if (client == NULL || live->dry_run || live->server_member == NULL ||
        g_str_equal(client, live->server_member))
        return NULL;
    return client;
}

static gboolean
op_volume(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *volumes = entity_path("storage-pools", op->pool, "/volumes/custom");
    g_autofree char *path = NULL;
    const char *target = volume_target(live, op);

    if (op->kind == MS_OP_VOLUME_DELETE) {
        g_autofree char *evol = escape_path(op->volume);
        g_autofree char *volume = g_strdup_printf("%s/%s", volumes, evol);

        path = with_target(volume, target);
        return run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    }
    {
        JsonObject *obj = json_object_new();
        JsonObject *config = json_object_new();

        json_object_set_string_member(obj, "name", op->volume);
        json_object_set_string_member(obj, "type", "custom");
        json_object_set_string_member(obj, "content_type",
                                      op->content_type != NULL ? op->content_type : "filesystem");
        set_op_keys(config, op);
        json_object_set_object_member(obj, "config", config);
        body = node_take_object(obj);
    }
    path = with_target(volumes, target);
    return run_call(run, "POST", path, body, NULL, FALSE, error);
}

static gboolean
op_move(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *instance = entity_path("instances", op->instance, NULL);
    g_autofree char *path = with_target(instance, map_member(live, op->target));
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", op->instance);
    json_object_set_boolean_member(obj, "migration", TRUE);
    /* lxc/move.go: stateful unless --stateless */
    json_object_set_boolean_member(obj, "live", !op->stateless);
    body = node_take_object(obj);
    return run_call(run, "POST", path, body, NULL, TRUE, error);
}

static gboolean
op_member_state(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    const MsProfile *profile = live->profile;
    gboolean knows_action = op->kind == MS_OP_EVACUATE ? ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE)
                                                       : ms_profile_has(profile, MS_FEATURE_RESTORE_SKIP);
    g_auto(LiveReply) reply = { 0 };

    /* cobra refuses flags the release's lxc does not define */
    if (op->action != NULL && !knows_action) {
        run->outcome = outcome_client("unknown flag: --action");
        return TRUE;
    }
    if (op->yes && !ms_profile_has(profile, MS_FEATURE_CLI_YES_FLAG)) {
        run->outcome = outcome_client("unknown flag: --yes");
        return TRUE;
    }
    if (!live_member_state(live, map_member(live, op->member), run->arg,
                           op->action != NULL ? op->action : "", &reply, error))
        return FALSE;
    return run_reply(run, &reply);
}

static gboolean
op_backup(Run *run, GError **error)
{
    g_autofree char *path = entity_path("instances", run->op->instance, "/backups");
    g_autoptr(JsonNode) body = node_take_object(json_object_new());

    return run_call(run, "POST", path, body, NULL, TRUE, error);
}

static gboolean
op_list(Run *run, GError **error)
{
    return run_call(run, "GET", run->arg, NULL, NULL, FALSE, error);
}

static gboolean
op_config(Run *run, GError **error)
{
    return run->op->instance != NULL ? op_instance_config(run, error) : op_server_config(run, error);
}

/* What replays each kind of op; kinds not here are refused before a replay
 * starts (ms_replay_live_supports()). */
static const struct {
    MsOpKind kind;
    gboolean (*handler)(Run *run, GError **error);
    const char *arg;
} live_ops[] = {
    { MS_OP_INIT, op_init, NULL },
    { MS_OP_START, op_state, "start" },
    { MS_OP_STOP, op_state, "stop" },
    { MS_OP_RESTART, op_state, "restart" },
    { MS_OP_DELETE, op_delete, NULL },
    { MS_OP_CONFIG_SET, op_config, NULL },
    { MS_OP_CONFIG_UNSET, op_config, NULL },
    { MS_OP_CONFIG_GET, op_config, NULL },
    { MS_OP_DEVICE_ADD, op_device, NULL },
    { MS_OP_DEVICE_REMOVE, op_device, NULL },
    { MS_OP_DEVICE_SET, op_device, NULL },
    { MS_OP_VOLUME_ATTACH, op_device, NULL },
    { MS_OP_VOLUME_DETACH, op_device, NULL },
    { MS_OP_PROFILE_ASSIGN, op_profile_assign, NULL },
    { MS_OP_PROFILE_UNASSIGN, op_profile_assign, NULL },
    { MS_OP_PROFILE_CREATE, op_profile, NULL },
    { MS_OP_PROFILE_DELETE, op_profile, NULL },
    { MS_OP_PROFILE_SET, op_profile, NULL },
    { MS_OP_PROFILE_UNSET, op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_ADD, op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_REMOVE, op_profile, NULL },
    { MS_OP_STORAGE_CREATE, op_storage, NULL },
    { MS_OP_STORAGE_DELETE, op_storage, NULL },
    { MS_OP_VOLUME_CREATE, op_volume, NULL },
    { MS_OP_VOLUME_DELETE, op_volume, NULL },
    { MS_OP_BACKUP_CREATE, op_backup, NULL },
    { MS_OP_MOVE, op_move, NULL },
    { MS_OP_EVACUATE, op_member_state, "evacuate" },
    { MS_OP_RESTORE, op_member_state, "restore" },
    { MS_OP_LIST, op_list, "/1.0/instances?recursion=1" },
    { MS_OP_CLUSTER_LIST, op_list, "/1.0/cluster/members?recursion=1" },
};

static gssize
live_op_index(MsOpKind kind)
{
    for (gsize i = 0; i < G_N_ELEMENTS(live_ops); i++)
        if (live_ops[i].kind == kind)
            return (gssize) i;
    return -1;
}

gboolean
ms_replay_live_supports(MsOpKind kind)
{
    return live_op_index(kind) >= 0;
}

gboolean
ms_replay_live_apply(MsReplayLive *live, const MsOp *op, const MsCluster *sim_before,
                     MsOutcome **outcome, GError **error)
{
    gssize index = live_op_index(op->kind);
    Run run = { live, op, sim_before, NULL, NULL };

    g_return_val_if_fail(live->profile != NULL, FALSE);
    *outcome = NULL;
    if (index < 0) {
        /* ms_replay_live_supports() keeps these out of a replay */
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                    "'%s' cannot be replayed on a live cluster", ms_op_kind_to_string(op->kind));
        return FALSE;
    }
    run.arg = live_ops[index].arg;
    if (!live_ops[index].handler(&run, error)) {
        g_clear_pointer(&run.outcome, ms_outcome_free);
        return FALSE;
    }
    g_assert(run.outcome != NULL);
    *outcome = run.outcome;
    return TRUE;
}

gboolean
ms_replay_live_pool(MsReplayLive *live, const MsScenario *scenario, const MsStep *step,
                    MsOutcome **outcome, GError **error)
{
    g_auto(LiveReply) reply = { 0 };

    *outcome = NULL;
    if (contains(live->accepted_pools, step->name)) {
        *outcome = outcome_ok();
        ms_outcome_add_note(*outcome, "pool %s (%s) already exists: accepted as set-up, left in place",
                            step->name, step->driver);
        return TRUE;
    }
    /* lxc storage create NAME DRIVER --target M for each member, then the
     * global create (reference notes P5) */
    for (guint i = 0; i <= scenario->members->len; i++) {
        const char *member = i < scenario->members->len ? scenario->members->pdata[i] : NULL;
        g_autofree char *path = with_target("/1.0/storage-pools", map_member(live, member));
        g_autoptr(JsonNode) body = pool_create_body(step->name, step->driver, NULL);

        if (!live_call(live, "POST", path, body, NULL, FALSE, &reply, error))
            return FALSE;
        if (reply.failed)
            break;
    }
    *outcome = outcome_from_reply(&reply);
    return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Read-back */

static GPtrArray *
scenario_instance_names(const MsScenario *scenario)
{
    g_auto(ScenarioPlan) plan = { 0 };

    scenario_plan_init(&plan, scenario);
    return g_steal_pointer(&plan.touch_instances);
}

MsCluster *
ms_replay_live_snapshot(MsReplayLive *live, const MsScenario *scenario, GError **error)
{
    g_autoptr(MsCluster) cluster = ms_runner_initial_cluster(scenario);
    g_autoptr(GPtrArray) names = scenario_instance_names(scenario);
    g_autoptr(GPtrArray) pools = g_ptr_array_new_with_free_func(g_free);
    g_auto(LiveReply) members = { 0 };
    g_auto(LiveReply) instances = { 0 };
    g_auto(LiveReply) profiles = { 0 };
    g_auto(LiveReply) server = { 0 };
    JsonArray *list;

    if (!live_get_array(live, "/1.0/cluster/members?recursion=1", &members, error) ||
        !live_get_array(live, "/1.0/instances?recursion=1", &instances, error) ||
        !live_get_array(live, "/1.0/profiles?recursion=1", &profiles, error) ||
        !live_get_object(live, "/1.0", &server, error))
        return NULL;
    if (members.failed || instances.failed || profiles.failed || server.failed) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "reading the cluster back failed: %s",
                    members.failed ? members.error : instances.failed ? instances.error
                    : profiles.failed ? profiles.error : server.error);
        return NULL;
    }

    list = json_node_get_array(members.metadata);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        JsonObject *m = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *server_name = json_string(m, "server_name");
        MsMember *member = server_name ? ms_cluster_lookup_member(cluster, unmap_member(live, server_name)) : NULL;
        MsMemberStatus status;

        if (member == NULL || json_string(m, "status") == NULL)
            continue;
        if (ms_member_status_from_string(json_string(m, "status"), &status))
            member->status = member->db_status = status;
    }

    list = json_node_get_array(profiles.metadata);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        JsonObject *p = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *name = json_string(p, "name");
        MsProfileEntity *entity;

        if (name == NULL)
            continue;
        entity = ms_cluster_lookup_profile(cluster, name);
        if (entity == NULL) {
            entity = ms_profile_entity_new(name);
            g_ptr_array_add(cluster->profiles, entity);
        }
        g_hash_table_unref(entity->config);
        entity->config = config_from_json(json_object_member(p, "config"));
        g_hash_table_unref(entity->devices);
        entity->devices = devices_from_json(json_object_member(p, "devices"));
    }

    list = json_node_get_array(instances.metadata);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *name = json_string(o, "name");
        const char *status = json_string(o, "status");
        MsInstance *inst;
        MsInstanceStatus st;
        JsonNode *profiles_node;

        /* a reply that names an instance twice or without a member is not
         * what LXD sends; take the first complete entry */
        if (name == NULL || !contains(names, name) || json_string(o, "location") == NULL ||
            ms_cluster_lookup_instance(cluster, name) != NULL)
            continue;
        inst = ms_instance_new(name,
                               g_strcmp0(json_string(o, "type"), "virtual-machine") == 0 ? MS_INSTANCE_VM
                                                                                       : MS_INSTANCE_CONTAINER,
                               unmap_member(live, json_string(o, "location")));
        if (status != NULL && ms_instance_status_from_string(status, &st))
            inst->status = st;
        ms_instance_replace_config(inst, config_from_json(json_object_member(o, "config")));
        g_hash_table_unref(inst->devices);
        inst->devices = devices_from_json(json_object_member(o, "devices"));
        profiles_node = json_object_has_member(o, "profiles") ? json_object_get_member(o, "profiles") : NULL;
        g_ptr_array_set_size(inst->profiles, 0);
        if (profiles_node != NULL && JSON_NODE_HOLDS_ARRAY(profiles_node)) {
            JsonArray *a = json_node_get_array(profiles_node);
            for (guint j = 0; j < json_array_get_length(a); j++)
                if (json_array_get_string_element(a, j) != NULL)
                    g_ptr_array_add(inst->profiles, g_strdup(json_array_get_string_element(a, j)));
        }
        ms_cluster_add_instance(cluster, inst);
    }

    {
        JsonObject *config = json_object_member(json_node_get_object(server.metadata), "config");
        g_hash_table_unref(cluster->server_config);
        cluster->server_config = config_from_json(config);
    }

    /* pools the scenario names, and their custom volumes */
    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        if (step->kind == MS_STEP_POOL)
            add_unique(pools, step->name);
        else if (step->kind == MS_STEP_COMMAND && step->op->pool != NULL)
            add_unique(pools, step->op->pool);
    }
    for (guint i = 0; i < pools->len; i++) {
        g_autofree char *ppath = entity_path("storage-pools", pools->pdata[i], NULL);
        g_autofree char *vpath = entity_path("storage-pools", pools->pdata[i], "/volumes?recursion=1");
        g_auto(LiveReply) pool = { 0 };
        g_auto(LiveReply) volumes = { 0 };
        MsPool *mp;

        if (!live_get_object(live, ppath, &pool, error))
            return NULL;
        if (pool.failed)
            continue;
        mp = ms_pool_new(pools->pdata[i], json_string(json_node_get_object(pool.metadata), "driver") ?: "?");
        mp->state = g_strcmp0(json_string(json_node_get_object(pool.metadata), "status"), "Pending") == 0
                        ? MS_POOL_PENDING : MS_POOL_CREATED;
        g_ptr_array_add(cluster->pools, mp);
        if (!live_get_array(live, vpath, &volumes, error))
            return NULL;
        if (volumes.failed)
            continue;
        list = json_node_get_array(volumes.metadata);
        for (guint j = 0; j < json_array_get_length(list); j++) {
            JsonNode *n = json_array_get_element(list, j);
            JsonObject *v = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
            const char *location = json_string(v, "location");
            MsContentType type = MS_CONTENT_FILESYSTEM;

            if (g_strcmp0(json_string(v, "type"), "custom") != 0 || json_string(v, "name") == NULL)
                continue;
            if (json_string(v, "content_type") != NULL)
                ms_content_type_from_string(json_string(v, "content_type"), &type);
            g_ptr_array_add(cluster->volumes,
                            ms_volume_new(pools->pdata[i], json_string(v, "name"), type,
                                          location != NULL && *location != '\0' ? unmap_member(live, location) : NULL));
        }
    }
    g_ptr_array_set_size(live->requests, 0);
    return g_steal_pointer(&cluster);
}

/* ---------------------------------------------------------------------- */
/* Clean-up */

static void
cleanup_note(GString *log, gboolean *ok, const char *what, const LiveReply *reply, const GError *error)
{
    if (error != NULL) {
        g_string_append_printf(log, "clean-up: %s: %s\n", what, error->message);
        *ok = FALSE;
    } else if (reply->failed) {
        g_string_append_printf(log, "clean-up: %s: %s\n", what, reply->error);
        *ok = FALSE;
    } else {
        g_string_append_printf(log, "clean-up: %s\n", what);
    }
}

/* Notes in @log how a clean-up request went; a 404 is silent with
 * @gone_ok, since someone already removed what it was to remove.  FALSE
 * when the exchange itself failed. */
static gboolean
cleanup_done(GString *log, gboolean *ok, const char *what, gboolean sent, const LiveReply *reply,
             const GError *error, gboolean gone_ok)
{
    if (!sent) {
        cleanup_note(log, ok, what, reply, error);
        return FALSE;
    }
    if (!gone_ok || !reply->failed || reply->http_status != 404)
        cleanup_note(log, ok, what, reply, NULL);
    return TRUE;
}

/* A clean-up request without a body, noted in @log. */
static gboolean
cleanup_delete(MsReplayLive *live, GString *log, gboolean *ok, const char *what, const char *path,
               gboolean async_endpoint, gboolean gone_ok)
{
    g_autoptr(GError) error = NULL;
    g_auto(LiveReply) reply = { 0 };
    gboolean sent = live_call(live, "DELETE", path, NULL, NULL, async_endpoint, &reply, &error);

    return cleanup_done(log, ok, what, sent, &reply, error, gone_ok);
}

gboolean
ms_replay_live_cleanup(MsReplayLive *live, GString *log)
{
    gboolean ok = TRUE;

    if (live->dry_run || !live->preflight_done)
        return TRUE;

    /* an operation we stopped waiting for (timeout, Ctrl-C) still runs on
     * the server and would make every request below fail with "busy" */
    {
        g_autoptr(GError) error = NULL;

        if (!live_settle(live, TRUE, (gint64) live->timeout_s * G_USEC_PER_SEC, &error))
            g_string_append_printf(log, "clean-up: waiting for running operations: %s\n", error->message);
    }

    /* instances first: a restore then has nothing to move back */
    for (guint i = 0; i < live->instances->len; i++) {
        const char *name = live->instances->pdata[i];
        g_autofree char *path = entity_path("instances", name, NULL);
        g_autofree char *what = g_strdup_printf("delete instance %s", name);
        g_autoptr(GError) error = NULL;
        g_auto(LiveReply) reply = { 0 };
        const char *status;

        if (!live_get_object(live, path, &reply, &error)) {
            cleanup_note(log, &ok, name, &reply, error);
            continue;
        }
        if (reply.failed) {
            if (reply.http_status != 404)
                cleanup_note(log, &ok, name, &reply, NULL);
            continue;
        }
        status = json_string(json_node_get_object(reply.metadata), "status");
        if (g_strcmp0(status, "Stopped") != 0) {
            g_autofree char *stop = g_strdup_printf("force-stop instance %s", name);
            gboolean sent = live_instance_state(live, name, "stop", TRUE, FALSE, &reply, &error);

            if (!cleanup_done(log, &ok, stop, sent, &reply, error, FALSE))
                continue;
        }
        cleanup_delete(live, log, &ok, what, path, TRUE, FALSE);
    }

    /* members the scenario left evacuated (it found them all online) */
    for (guint i = 0; i < live->members->len; i++) {
        const char *name = live->members->pdata[i];
        g_autofree char *path = entity_path("cluster/members", name, NULL);
        g_autofree char *what = g_strdup_printf("restore member %s", name);
        g_autoptr(GError) error = NULL;
        g_auto(LiveReply) reply = { 0 };
        gboolean sent;

        if (!live_get_object(live, path, &reply, &error)) {
            cleanup_note(log, &ok, what, &reply, error);
            continue;
        }
        if (reply.failed || g_strcmp0(json_string(json_node_get_object(reply.metadata), "status"), "Evacuated") != 0)
            continue;
        sent = live_member_state(live, name, "restore", "", &reply, &error);
        cleanup_done(log, &ok, what, sent, &reply, error, FALSE);
    }

    /* server config keys, back to what they were */
    if (g_hash_table_size(live->saved_server) > 0) {
        g_autoptr(GError) error = NULL;
        g_auto(LiveReply) reply = { 0 };

        if (!live_get_object(live, "/1.0", &reply, &error) || reply.failed) {
            cleanup_note(log, &ok, "read the server config", &reply, error);
        } else {
            JsonObject *config = json_object_member(json_node_get_object(reply.metadata), "config");
            JsonObject *put = json_object_new();
            JsonObject *c = json_object_new();
            g_autoptr(JsonNode) body = NULL;
            g_autofree char *etag = g_steal_pointer(&reply.etag);
            g_autoptr(GList) keys = config != NULL ? json_object_get_members(config) : NULL;
            g_autoptr(GList) saved = g_hash_table_get_keys(live->saved_server);
            g_autoptr(GString) what = g_string_new("put back server config");
            gboolean sent;

            for (GList *l = keys; l != NULL; l = l->next)
                json_object_set_member(c, l->data, json_node_copy(json_object_get_member(config, l->data)));
            saved = g_list_sort(saved, (GCompareFunc) strcmp);
            for (GList *l = saved; l != NULL; l = l->next) {
                const char *value = g_hash_table_lookup(live->saved_server, l->data);
                if (value != NULL)
                    json_object_set_string_member(c, l->data, value);
                else if (json_object_has_member(c, l->data))
                    json_object_remove_member(c, l->data);
                g_string_append_printf(what, " %s=%s", (const char *) l->data, value ? value : "(unset)");
            }
            json_object_set_object_member(put, "config", c);
            body = node_take_object(put);
            sent = live_call(live, "PUT", "/1.0", body, etag, FALSE, &reply, &error);
            cleanup_done(log, &ok, what->str, sent, &reply, error, FALSE);
        }
    }

    /* custom volumes, on whichever members they ended up */
    for (guint i = 0; i < live->volumes->len; i++) {
        g_auto(GStrv) parts = g_strsplit(live->volumes->pdata[i], "/", 2);
        g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GError) error = NULL;

        if (!live_volume_locations(live, parts[0], parts[1], where, &error)) {
            g_string_append_printf(log, "clean-up: volume %s/%s: %s\n", parts[0], parts[1], error->message);
            ok = FALSE;
            continue;
        }
        for (guint j = 0; j < where->len; j++) {
            const char *location = where->pdata[j];
            g_autofree char *evol = escape_path(parts[1]);
            g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s", evol);
            g_autofree char *volume = entity_path("storage-pools", parts[0], suffix);
            g_autofree char *path = with_target(volume, *location != '\0' ? location : NULL);
            g_autofree char *what = g_strdup_printf("delete volume %s/%s%s%s", parts[0], parts[1],
                                                    *location ? " on " : "", location);

            cleanup_delete(live, log, &ok, what, path, FALSE, FALSE);
        }
    }

    /* profiles: the scenario's deleted, changed ones put back */
    for (guint i = 0; i < live->profiles->len; i++) {
        g_autofree char *path = entity_path("profiles", live->profiles->pdata[i], NULL);
        g_autofree char *what = g_strdup_printf("delete profile %s", (const char *) live->profiles->pdata[i]);

        cleanup_delete(live, log, &ok, what, path, FALSE, TRUE);
    }
    {
        g_autoptr(GList) names = g_hash_table_get_keys(live->saved_profiles);

        names = g_list_sort(names, (GCompareFunc) strcmp);
        for (GList *l = names; l != NULL; l = l->next) {
            g_autofree char *path = entity_path("profiles", l->data, NULL);
            g_autofree char *what = g_strdup_printf("put back profile %s", (const char *) l->data);
            g_autoptr(GError) error = NULL;
            g_auto(LiveReply) reply = { 0 };
            gboolean sent = live_call(live, "PUT", path, g_hash_table_lookup(live->saved_profiles, l->data),
                                      NULL, FALSE, &reply, &error);

            cleanup_done(log, &ok, what, sent, &reply, error, FALSE);
        }
    }

    /* pools last: nothing may use them any more */
    for (guint i = 0; i < live->pools->len; i++) {
        g_autofree char *path = entity_path("storage-pools", live->pools->pdata[i], NULL);
        g_autofree char *what = g_strdup_printf("delete pool %s", (const char *) live->pools->pdata[i]);

        cleanup_delete(live, log, &ok, what, path, FALSE, TRUE);
    }
    g_ptr_array_set_size(live->requests, 0);
    return ok;
}

/* ---------------------------------------------------------------------- */
/* Comparison */

static void
diff_value(GPtrArray *diffs, const char *what, const char *sim, const char *live)
{
    if (g_strcmp0(sim, live) == 0)
        return;
    g_ptr_array_add(diffs, g_strdup_printf("%s: simulated %s%s%s, live %s%s%s", what,
                                           sim ? "'" : "", sim ? sim : "(unset)", sim ? "'" : "",
                                           live ? "'" : "", live ? live : "(unset)", live ? "'" : ""));
}

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static char *
volume_locations(const MsCluster *cluster, const char *pool, const char *name)
{
    g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) out = g_string_new(NULL);

    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *v = cluster->volumes->pdata[i];
        if (g_str_equal(v->pool, pool) && g_str_equal(v->name, name))
            g_ptr_array_add(where, g_strdup(v->location ? v->location : "(remote)"));
    }
    if (where->len == 0)
        return NULL;
    g_ptr_array_sort(where, compare_strings);
    for (guint i = 0; i < where->len; i++)
        g_string_append_printf(out, "%s%s", i ? "," : "", (const char *) where->pdata[i]);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

GPtrArray *
ms_replay_diff_clusters(const MsCluster *sim, const MsCluster *live, const MsScenario *scenario,
                        const MsProfile *profile)
{
    GPtrArray *diffs = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) names = scenario_instance_names(scenario);
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) expanded_keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) server_keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) volumes = g_ptr_array_new_with_free_func(g_free);

    /* what the scenario can see: the keys it sets or asserts, the two
     * volatile keys evacuation and restore live by */
    add_unique(keys, "volatile.evacuate.origin");
    add_unique(keys, "volatile.last_state.power");
    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];

        if (step->kind == MS_STEP_ASSERT) {
            if (step->assert_kind == MS_ASSERT_INSTANCE_CONFIG)
                add_unique(keys, step->key);
            else if (step->assert_kind == MS_ASSERT_INSTANCE_EXPANDED)
                add_unique(expanded_keys, step->key);
            else if (step->assert_kind == MS_ASSERT_SERVER)
                add_unique(server_keys, step->subject);
            continue;
        }
        if (step->kind != MS_STEP_COMMAND)
            continue;
        if (step->op->kind == MS_OP_VOLUME_CREATE) {
            g_autofree char *entry = g_strdup_printf("%s/%s", step->op->pool, step->op->volume);
            add_unique(volumes, entry);
        }
        if (step->op->kind == MS_OP_INIT ||
            ((step->op->kind == MS_OP_CONFIG_SET || step->op->kind == MS_OP_CONFIG_UNSET))) {
            GPtrArray *target = step->op->kind != MS_OP_INIT && step->op->instance == NULL ? server_keys : keys;
            for (guint k = 0; k < step->op->keys->len; k++)
                add_unique(target, step->op->keys->pdata[k]);
        }
    }

    for (guint i = 0; i < sim->members->len; i++) {
        const MsMember *s = sim->members->pdata[i];
        const MsMember *l = ms_cluster_lookup_member(live, s->name);
        g_autofree char *what = g_strdup_printf("member %s status", s->name);

        diff_value(diffs, what, ms_member_status_to_string(s->status),
                   l ? ms_member_status_to_string(l->status) : NULL);
    }
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        const MsInstance *s = ms_cluster_lookup_instance(sim, name);
        const MsInstance *l = ms_cluster_lookup_instance(live, name);
        g_autoptr(GHashTable) s_expanded = NULL;
        g_autoptr(GHashTable) l_expanded = NULL;

        if (s == NULL && l == NULL)
            continue;
        if (s == NULL || l == NULL) {
            g_ptr_array_add(diffs, g_strdup_printf("instance %s: simulated %s, live %s", name,
                                                   s ? "exists" : "absent", l ? "exists" : "absent"));
            continue;
        }
        {
            g_autofree char *what = g_strdup_printf("instance %s status", name);
            diff_value(diffs, what, ms_instance_status_to_string(s->status),
                       ms_instance_status_to_string(l->status));
        }
        {
            g_autofree char *what = g_strdup_printf("instance %s location", name);
            diff_value(diffs, what, s->location, l->location);
        }
        for (guint k = 0; k < keys->len; k++) {
            g_autofree char *what = g_strdup_printf("instance %s config %s", name, (const char *) keys->pdata[k]);
            diff_value(diffs, what, ms_instance_get_config(s, keys->pdata[k]),
                       ms_instance_get_config(l, keys->pdata[k]));
        }
        if (expanded_keys->len > 0) {
            s_expanded = ms_cluster_expand_config(sim, profile, s);
            l_expanded = ms_cluster_expand_config(live, profile, l);
        }
        for (guint k = 0; k < expanded_keys->len; k++) {
            g_autofree char *what = g_strdup_printf("instance %s expanded %s", name,
                                                    (const char *) expanded_keys->pdata[k]);
            diff_value(diffs, what, ms_config_get(s_expanded, expanded_keys->pdata[k]),
                       ms_config_get(l_expanded, expanded_keys->pdata[k]));
        }
    }
    for (guint i = 0; i < volumes->len; i++) {
        g_auto(GStrv) parts = g_strsplit(volumes->pdata[i], "/", 2);
        g_autofree char *s = volume_locations(sim, parts[0], parts[1]);
        g_autofree char *l = volume_locations(live, parts[0], parts[1]);
        g_autofree char *what = g_strdup_printf("volume %s/%s location", parts[0], parts[1]);

        diff_value(diffs, what, s, l);
    }
    for (guint i = 0; i < server_keys->len; i++) {
        g_autofree char *what = g_strdup_printf("server config %s", (const char *) server_keys->pdata[i]);
        diff_value(diffs, what, ms_config_get(sim->server_config, server_keys->pdata[i]),
                   ms_config_get(live->server_config, server_keys->pdata[i]));
    }
    return diffs;
}
