/* migsim: the live side of `migsim replay`, the session: construction,
 * requests, connection and the read-back of the live cluster
 * (ms-replay-live.h).  The commands are in ms-replay-ops.c, the safety
 * rules (pre-flight, clean-up, recovery) in ms-replay-safety.c.
 *
 * The request sequences follow the lxc client of LXD 5.0.2 as captured
 * with `lxc --debug` (reference notes §3) and lxc/ at tag lxd-5.0.2:
 * read-modify-write of instances, profiles and the server config with
 * If-Match, `?target=` for member-specific creation, and waiting on every
 * background operation. */
#include "ms-replay-live-private.h"

#include <string.h>

#include "ms-config.h"
#include "ms-lxd-map.h"
#include "ms-runner.h"

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

const char *
ms_rl_map_member(MsReplayLive *live, const char *name)
{
    return lookup_member(live->member_map, name);
}

const char *
ms_rl_unmap_member(MsReplayLive *live, const char *name)
{
    return lookup_member(live->member_unmap, name);
}

const char *
ms_rl_json_string(JsonObject *obj, const char *key)
{
    JsonNode *node;

    if (obj == NULL || !json_object_has_member(obj, key))
        return NULL;
    node = json_object_get_member(obj, key);
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

JsonObject *
ms_rl_json_object(JsonObject *obj, const char *key)
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
JsonNode *
ms_rl_deep_copy(JsonNode *node)
{
    g_autofree char *text = json_to_string(node, FALSE);

    return json_from_string(text, NULL);
}

gboolean
ms_rl_contains(GPtrArray *array, const char *name)
{
    for (guint i = 0; i < array->len; i++)
        if (g_str_equal(array->pdata[i], name))
            return TRUE;
    return FALSE;
}

void
ms_rl_add_unique(GPtrArray *array, const char *name)
{
    if (!ms_rl_contains(array, name))
        g_ptr_array_add(array, g_strdup(name));
}

char *
ms_rl_escape_path(const char *segment)
{
    return g_uri_escape_string(segment, NULL, FALSE);
}

/* "/1.0/COLLECTION/NAME[SUFFIX]", with NAME escaped as a path segment. */
JsonArray *
ms_rl_strings_except(JsonObject *obj, const char *key, const char *drop, gboolean keep_drop, gboolean *found)
{
    JsonArray *out = json_array_new();
    JsonNode *node =
        obj != NULL && json_object_has_member(obj, key) ? json_object_get_member(obj, key) : NULL;
    JsonArray *old = node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;

    *found = FALSE;
    for (guint i = 0; old != NULL && i < json_array_get_length(old); i++) {
        const char *name = json_array_get_string_element(old, i);

        if (name == NULL)
            continue;
        if (g_strcmp0(name, drop) == 0) {
            *found = TRUE;
            if (!keep_drop)
                continue;
        }
        json_array_add_string_element(out, name);
    }
    return out;
}

char *
ms_rl_entity_path(const char *collection, const char *name, const char *suffix)
{
    g_autofree char *ename = ms_rl_escape_path(name);

    return g_strdup_printf("/1.0/%s/%s%s", collection, ename, suffix != NULL ? suffix : "");
}

/* @path aimed at member @target (a live name), as lxc's --target does;
 * NULL leaves the choice to the server. */
char *
ms_rl_with_target(const char *path, const char *target)
{
    g_autofree char *t = NULL;

    if (target == NULL)
        return g_strdup(path);
    t = g_uri_escape_string(target, NULL, FALSE);
    return g_strdup_printf("%s?target=%s", path, t);
}

char *
ms_rl_qualify(const char *project, const char *name)
{
    if (ms_project_key(project) == NULL)
        return g_strdup(name);
    return g_strdup_printf("%s/%s", project, name);
}

const char *
ms_rl_enter_project(MsReplayLive *live, const char *qualified)
{
    const char *slash = strchr(qualified, '/');

    g_clear_pointer(&live->project, g_free);
    if (slash == NULL)
        return qualified;
    live->project = g_strndup(qualified, slash - qualified);
    return slash + 1;
}

void
ms_rl_leave_project(MsReplayLive *live)
{
    g_clear_pointer(&live->project, g_free);
}

char *
ms_rl_in_project(MsReplayLive *live, const char *path)
{
    g_autofree char *p = NULL;

    /* an operation's URL as LXD returns it may name its project already */
    if (live->project == NULL || strstr(path, "project=") != NULL)
        return g_strdup(path);
    p = g_uri_escape_string(live->project, NULL, FALSE);
    return g_strdup_printf("%s%sproject=%s", path, strchr(path, '?') != NULL ? "&" : "?", p);
}

/* Sets the op's KEY=VALUE pairs on @obj (a config map or a device). */
void
ms_rl_set_op_keys(JsonObject *obj, const MsOp *op)
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
    live->fault_command = options->fault_command;
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
    live->accepted_pools = g_ptr_array_new_with_free_func(g_free);
    live->own_instances = g_ptr_array_new_with_free_func(g_free);
    live->own_profiles = g_ptr_array_new_with_free_func(g_free);
    live->own_pools = g_ptr_array_new_with_free_func(g_free);
    live->own_volumes = g_ptr_array_new_with_free_func(g_free);
    live->own_projects = g_ptr_array_new_with_free_func(g_free);
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
    g_clear_pointer(&live->accepted_pools, g_ptr_array_unref);
    g_clear_pointer(&live->own_instances, g_ptr_array_unref);
    g_clear_pointer(&live->own_profiles, g_ptr_array_unref);
    g_clear_pointer(&live->own_pools, g_ptr_array_unref);
    g_clear_pointer(&live->own_volumes, g_ptr_array_unref);
    g_clear_pointer(&live->own_projects, g_ptr_array_unref);
    g_free(live->project);
    g_free(live);
}

void
ms_replay_live_set_profile(MsReplayLive *live, const MsProfile *profile)
{
    live->profile = profile;
}

guint
ms_replay_live_timeout_s(const MsReplayLive *live)
{
    return live->timeout_s;
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
record_request(MsReplayLive *live, const char *method, const char *path, const char *body, gboolean if_match)
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

void
ms_rl_reply_clear(MsLiveReply *reply)
{
    g_clear_pointer(&reply->error, g_free);
    g_clear_pointer(&reply->metadata, json_node_unref);
    g_clear_pointer(&reply->etag, g_free);
}

/* In a dry run, an endpoint that answers with an operation gets
 * the wait request a user would type after it. */
gboolean
ms_rl_call(MsReplayLive *live, const char *method, const char *given_path, JsonNode *body,
           const char *if_match, gboolean async_endpoint, MsLiveReply *reply, GError **error)
{
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autofree char *body_text = body != NULL ? json_to_string(body, FALSE) : NULL;
    g_autofree char *path = ms_rl_in_project(live, given_path);

    ms_rl_reply_clear(reply);
    reply->failed = FALSE;
    reply->http_status = 0;
    record_request(live, method, path, body_text, if_match != NULL);
    if (live->dry_run && async_endpoint) {
        g_autofree char *wait = g_strdup_printf(
            "%s \"%s/1.0/operations/$OP/wait?timeout=%u\"  # $OP: metadata.id of the reply above",
            live->curl_prefix, live->url_base, live->timeout_s);
        g_ptr_array_add(live->requests, g_steal_pointer(&wait));
    }
    resp = ms_lxd_client_request(live->client, method, path, body, live->dry_run ? NULL : if_match, error);
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

/* One request whose operation is not waited for (the source side of a
 * pull migration, which ends when the target has pulled): *@operation
 * receives the operation object and *@operation_id its id; an LXD error
 * fills @reply.  A dry run sends nothing and returns no operation. */
gboolean
ms_rl_call_nowait(MsReplayLive *live, const char *method, const char *given_path, JsonNode *body,
                  MsLiveReply *reply, JsonNode **operation, char **operation_id, GError **error)
{
    g_autoptr(MsLxdResponse) resp = NULL;
    g_autofree char *body_text = body != NULL ? json_to_string(body, FALSE) : NULL;
    g_autofree char *path = ms_rl_in_project(live, given_path);

    ms_rl_reply_clear(reply);
    reply->failed = FALSE;
    reply->http_status = 0;
    *operation = NULL;
    *operation_id = NULL;
    record_request(live, method, path, body_text, FALSE);
    resp = ms_lxd_client_request(live->client, method, path, body, NULL, error);
    if (resp == NULL)
        return FALSE;
    reply->http_status = resp->http_status;
    if (g_str_equal(resp->type, "error")) {
        reply->failed = TRUE;
        reply->error = g_strdup(*resp->error != '\0' ? resp->error : "error without a message");
        return TRUE;
    }
    if (live->dry_run)
        return TRUE;
    if (!g_str_equal(resp->type, "async") || resp->operation_id == NULL || resp->metadata == NULL) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "%s %s: expected an operation", method, path);
        return FALSE;
    }
    *operation = g_steal_pointer(&resp->metadata);
    *operation_id = g_steal_pointer(&resp->operation_id);
    return TRUE;
}

/* A GET whose object is needed: an LXD error is the step's outcome, a
 * missing or non-object body is a protocol failure. */
gboolean
ms_rl_get_object(MsReplayLive *live, const char *path, MsLiveReply *reply, GError **error)
{
    if (!ms_rl_call(live, "GET", path, NULL, NULL, FALSE, reply, error))
        return FALSE;
    if (reply->failed || live->dry_run)
        return TRUE;
    if (reply->metadata == NULL || !JSON_NODE_HOLDS_OBJECT(reply->metadata)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "GET %s: the reply carries no object", path);
        return FALSE;
    }
    return TRUE;
}

gboolean
ms_rl_get_array(MsReplayLive *live, const char *path, MsLiveReply *reply, GError **error)
{
    if (!ms_rl_call(live, "GET", path, NULL, NULL, FALSE, reply, error))
        return FALSE;
    if (reply->failed)
        return TRUE;
    if (reply->metadata == NULL || !JSON_NODE_HOLDS_ARRAY(reply->metadata)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "GET %s: the reply carries no list", path);
        return FALSE;
    }
    return TRUE;
}

/* PUT .../state for an instance, with lxc's --timeout default: the server
 * waits for a clean shutdown. */
gboolean
ms_rl_instance_state(MsReplayLive *live, const char *name, const char *action, gboolean force,
                     gboolean stateful, MsLiveReply *reply, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", name, "/state");
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "action", action);
    json_object_set_int_member(obj, "timeout", -1);
    json_object_set_boolean_member(obj, "force", force);
    json_object_set_boolean_member(obj, "stateful", stateful);
    body = ms_lxd_map_take_object(obj);
    return ms_rl_call(live, "PUT", path, body, NULL, TRUE, reply, error);
}

/* POST .../state for a cluster member (@name is the live name). */
gboolean
ms_rl_member_state(MsReplayLive *live, const char *name, const char *action, const char *mode,
                   MsLiveReply *reply, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("cluster/members", name, "/state");
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "action", action);
    json_object_set_string_member(obj, "mode", mode);
    body = ms_lxd_map_take_object(obj);
    return ms_rl_call(live, "POST", path, body, NULL, TRUE, reply, error);
}

/* ---------------------------------------------------------------------- */
/* Connection and pre-flight */

gboolean
ms_replay_live_connect(MsReplayLive *live, char **version_out, GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };
    JsonObject *env;

    if (!ms_lxd_client_server_version(live->client, version_out, error))
        return FALSE;
    if (live->dry_run)
        return TRUE;
    /* one more GET /1.0 for the member name; the version probe above keeps
     * its own strict checks */
    if (!ms_rl_get_object(live, "/1.0", &reply, error))
        return FALSE;
    g_ptr_array_set_size(live->requests, 0);
    if (reply.failed)
        return TRUE;
    env = ms_rl_json_object(json_node_get_object(reply.metadata), "environment");
    live->server_member = g_strdup(ms_rl_json_string(env, "server_name"));
    return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Read-back */

static const char *
member_name(gpointer data, const char *live_name)
{
    return ms_rl_unmap_member(data, live_name);
}

/* The element @i of @list as an object, or NULL */
static JsonObject *
array_object(JsonArray *list, guint i)
{
    JsonNode *n = json_array_get_element(list, i);
    return JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

/* Each member's status, from GET /1.0/cluster/members */
static void
read_members(MsReplayLive *live, MsLxdMap *map, JsonArray *list, MsCluster *cluster)
{
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *m = array_object(list, i);
        const char *server_name = ms_rl_json_string(m, "server_name");
        MsMember *member =
            server_name ? ms_cluster_lookup_member(cluster, ms_rl_unmap_member(live, server_name)) : NULL;
        const char *sched;

        if (member == NULL || ms_rl_json_string(m, "status") == NULL)
            continue;
        member->status = member->db_status =
            ms_lxd_map_member_status(map, member->name, ms_rl_json_string(m, "status"));
        /* what the model keeps of the member's config and groups */
        sched = ms_rl_json_string(ms_rl_json_object(m, "config"), "scheduler.instance");
        /* unset or empty: "all", as the scheduler reads it (lxd/db/node.go:1063-1068 at lxd-5.0.2) */
        ms_member_set_string(member, &member->scheduler_instance, sched != NULL && *sched ? sched : "all");
        /* a member in no group lists null (lxd-5.0.2 after a cluster group
         * edit took it out of its only group, seen live 2026-12-06) */
        if (json_object_has_member(m, "groups") && JSON_NODE_HOLDS_NULL(json_object_get_member(m, "groups")))
            g_ptr_array_set_size(ms_member_groups_mut(member), 0);
        if (json_object_has_member(m, "groups") &&
            JSON_NODE_HOLDS_ARRAY(json_object_get_member(m, "groups"))) {
            JsonArray *groups = json_object_get_array_member(m, "groups");
            GPtrArray *own = ms_member_groups_mut(member);

            g_ptr_array_set_size(own, 0);
            for (guint g = 0; g < json_array_get_length(groups); g++)
                if (json_array_get_string_element(groups, g) != NULL)
                    g_ptr_array_add(own, g_strdup(json_array_get_string_element(groups, g)));
        }
    }
}

/* Every profile, from GET /1.0/profiles */
static void
read_profiles(MsLxdMap *map, JsonArray *list, const char *project, MsCluster *cluster)
{
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *p = array_object(list, i);
        const char *name = ms_rl_json_string(p, "name");
        MsProfileEntity *entity;

        if (name == NULL)
            continue;
        entity = ms_cluster_lookup_profile_in(cluster, project, name);
        if (entity == NULL) {
            entity = ms_profile_entity_new(name);
            entity->project = g_strdup(project);
            g_ptr_array_add(cluster->profiles, entity);
        }
        ms_lxd_map_profile_json(map, p, entity, name);
    }
}

/* The profiles of each project that has its own (features.profiles):
 * LXD 5.0.2 lists one project's at a time */
static gboolean
read_project_profiles(MsReplayLive *live, MsLxdMap *map, MsCluster *cluster, GError **error)
{
    for (guint i = 0; i < cluster->projects->len; i++) {
        const MsProject *project = cluster->projects->pdata[i];
        g_autofree char *escaped = g_uri_escape_string(project->name, NULL, FALSE);
        g_autofree char *path = g_strdup_printf("/1.0/profiles?recursion=1&project=%s", escaped);
        g_auto(MsLiveReply) reply = { 0 };

        if (ms_project_key(project->name) == NULL || !ms_project_feature(project, "profiles"))
            continue;
        if (!ms_rl_get_array(live, path, &reply, error))
            return FALSE;
        if (!reply.failed)
            read_profiles(map, json_node_get_array(reply.metadata), project->name, cluster);
    }
    return TRUE;
}

/* The instances the scenario names, from GET /1.0/instances */
static void
read_instances(MsLxdMap *map, JsonArray *list, GPtrArray *names, MsCluster *cluster)
{
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *o = array_object(list, i);
        const char *name = ms_rl_json_string(o, "name");
        MsInstance *inst;

        /* a reply that names an instance twice or without a member is not
         * what LXD sends; take the first complete entry */
        if (name == NULL || !ms_rl_contains(names, name) ||
            ms_cluster_lookup_instance(cluster, name) != NULL ||
            (inst = ms_lxd_map_instance_json(map, o, name)) == NULL)
            continue;
        g_free(inst->project);
        inst->project = g_strdup(ms_project_key(ms_rl_json_string(o, "project")));
        ms_cluster_add_instance(cluster, inst);
    }
}

/* Every project but the default one with its config, and the default one
 * when its config holds a key (as MsCluster keeps them), from GET
 * /1.0/projects */
static void
read_projects(JsonArray *list, MsCluster *cluster)
{
    g_ptr_array_set_size(cluster->projects, 0);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *p = array_object(list, i);
        const char *name = ms_rl_json_string(p, "name");
        JsonObject *config = ms_rl_json_object(p, "config");
        g_autoptr(GList) keys = config != NULL ? json_object_get_members(config) : NULL;
        MsProject *project;

        if (name == NULL || (ms_project_key(name) == NULL && keys == NULL))
            continue;
        project = g_new0(MsProject, 1);
        project->name = g_strdup(name);
        project->config = ms_config_new();
        for (GList *k = keys; k != NULL; k = k->next)
            if (ms_rl_json_string(config, k->data) != NULL)
                ms_config_set(project->config, k->data, ms_rl_json_string(config, k->data));
        g_ptr_array_add(cluster->projects, project);
    }
}

/* The custom volumes of @pool in storage project @project (NULL:
 * default), from its volume list */
static void
read_volumes(MsReplayLive *live, const char *pool, const char *project, JsonArray *list, MsCluster *cluster)
{
    for (guint j = 0; j < json_array_get_length(list); j++) {
        JsonObject *v = array_object(list, j);
        const char *location = ms_rl_json_string(v, "location");
        MsContentType type = MS_CONTENT_FILESYSTEM;

        if (g_strcmp0(ms_rl_json_string(v, "type"), "custom") != 0 || ms_rl_json_string(v, "name") == NULL)
            continue;
        MsVolume *volume;

        if (ms_rl_json_string(v, "content_type") != NULL)
            ms_content_type_from_string(ms_rl_json_string(v, "content_type"), &type);
        volume =
            ms_volume_new(pool, ms_rl_json_string(v, "name"), type,
                          location != NULL && *location != '\0' ? ms_rl_unmap_member(live, location) : NULL);
        volume->project = g_strdup(project);
        g_ptr_array_add(cluster->volumes, volume);
    }
}

/* The custom volumes of @pool in each project that keeps its own
 * (features.storage.volumes; LXD 5.0.2 lists one project's at a time) */
static gboolean
read_project_volumes(MsReplayLive *live, const char *pool, MsCluster *cluster, GError **error)
{
    for (guint i = 0; i < cluster->projects->len; i++) {
        const MsProject *project = cluster->projects->pdata[i];
        g_autofree char *escaped = g_uri_escape_string(project->name, NULL, FALSE);
        g_autofree char *suffix = g_strdup_printf("/volumes?recursion=1&project=%s", escaped);
        g_autofree char *path = ms_rl_entity_path("storage-pools", pool, suffix);
        g_auto(MsLiveReply) reply = { 0 };

        if (ms_project_key(project->name) == NULL || !ms_project_feature(project, "storage.volumes"))
            continue;
        if (!ms_rl_get_array(live, path, &reply, error))
            return FALSE;
        if (!reply.failed)
            read_volumes(live, pool, project->name, json_node_get_array(reply.metadata), cluster);
    }
    return TRUE;
}

/* The pools the scenario names, and their custom volumes */
static gboolean
read_pools(MsReplayLive *live, const MsScenario *scenario, MsCluster *cluster, GError **error)
{
    g_autoptr(GPtrArray) pools = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        if (step->kind == MS_STEP_POOL)
            ms_rl_add_unique(pools, step->name);
        else if (step->kind == MS_STEP_COMMAND && step->op->pool != NULL)
            ms_rl_add_unique(pools, step->op->pool);
    }
    for (guint i = 0; i < pools->len; i++) {
        g_autofree char *ppath = ms_rl_entity_path("storage-pools", pools->pdata[i], NULL);
        g_autofree char *vpath = ms_rl_entity_path("storage-pools", pools->pdata[i], "/volumes?recursion=1");
        g_auto(MsLiveReply) pool = { 0 };
        g_auto(MsLiveReply) volumes = { 0 };
        JsonObject *obj;
        MsPool *mp;

        if (!ms_rl_get_object(live, ppath, &pool, error))
            return FALSE;
        if (pool.failed)
            continue;
        obj = json_node_get_object(pool.metadata);
        mp = ms_pool_new(pools->pdata[i], ms_rl_json_string(obj, "driver") ?: "?");
        mp->state =
            g_strcmp0(ms_rl_json_string(obj, "status"), "Pending") == 0 ? MS_POOL_PENDING : MS_POOL_CREATED;
        g_ptr_array_add(cluster->pools, mp);
        if (!ms_rl_get_array(live, vpath, &volumes, error))
            return FALSE;
        if (!volumes.failed)
            read_volumes(live, pools->pdata[i], NULL, json_node_get_array(volumes.metadata), cluster);
        if (!read_project_volumes(live, pools->pdata[i], cluster, error))
            return FALSE;
    }
    return TRUE;
}

MsCluster *
ms_replay_live_snapshot(MsReplayLive *live, const MsScenario *scenario, GError **error)
{
    g_autoptr(MsCluster) cluster = ms_runner_initial_cluster(scenario);
    g_autoptr(GPtrArray) names = ms_rl_scenario_instance_names(scenario);
    g_auto(MsLiveReply) members = { 0 };
    g_auto(MsLiveReply) instances = { 0 };
    g_auto(MsLiveReply) profiles = { 0 };
    g_auto(MsLiveReply) server = { 0 };
    g_auto(MsLiveReply) projects = { 0 };
    /* lenient: what is not LXD's shape is left out, the comparison shows it */
    MsLxdMap map = { FALSE, "/1.0/instances?recursion=1", NULL, NULL, member_name, live };

    /* the instances of every project (instance_all_projects, in LXD 5.0.2) */
    if (!ms_rl_get_array(live, "/1.0/cluster/members?recursion=1", &members, error) ||
        !ms_rl_get_array(live, "/1.0/instances?recursion=1&all-projects=true", &instances, error) ||
        !ms_rl_get_array(live, "/1.0/profiles?recursion=1", &profiles, error) ||
        !ms_rl_get_array(live, "/1.0/projects?recursion=1", &projects, error) ||
        !ms_rl_get_object(live, "/1.0", &server, error))
        return NULL;
    if (members.failed || instances.failed || profiles.failed || projects.failed || server.failed) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "reading the cluster back failed: %s",
                    members.failed     ? members.error
                    : instances.failed ? instances.error
                    : profiles.failed  ? profiles.error
                    : projects.failed  ? projects.error
                                       : server.error);
        return NULL;
    }
    read_projects(json_node_get_array(projects.metadata), cluster);

    read_members(live, &map, json_node_get_array(members.metadata), cluster);
    read_profiles(&map, json_node_get_array(profiles.metadata), NULL, cluster);
    if (!read_project_profiles(live, &map, cluster, error))
        return NULL;
    read_instances(&map, json_node_get_array(instances.metadata), names, cluster);
    g_hash_table_unref(cluster->server_config);
    cluster->server_config = ms_config_new();
    ms_lxd_map_config_json(&map, json_node_get_object(server.metadata), "config", cluster->server_config,
                           "/1.0");
    if (!read_pools(live, scenario, cluster, error))
        return NULL;
    g_ptr_array_set_size(live->requests, 0);
    return g_steal_pointer(&cluster);
}

/* ---------------------------------------------------------------------- */
/* Time-based placement */

/* LXD's scheduler counts, for each member, its instances plus the
 * InstanceCreate operations in its operations table
 * (GetNodeWithLeastInstances, lxd/db/node.go:1118-1143 at lxd-5.0.2), and
 * a finished operation stays there for 5 s
 * (lxd/operations/operations.go:236-262).  GET /1.0/operations lists the
 * same operations, "Creating instance" being InstanceCreate's description
 * (lxd/db/operationtype/operation_type.go:91-92).  Read quietly: lxc sends
 * no such request. */
GHashTable *
ms_replay_live_recent_creations(MsReplayLive *live, GError **error)
{
    g_autoptr(GHashTable) counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(MsLxdResponse) resp = NULL;
    JsonObject *lists;
    g_autoptr(GList) kinds = NULL;

    if (live->dry_run)
        return g_steal_pointer(&counts);
    resp = ms_lxd_client_request(live->client, "GET", "/1.0/operations?recursion=1", NULL, NULL, error);
    if (resp == NULL)
        return NULL;
    if (!g_str_equal(resp->type, "sync") || resp->metadata == NULL ||
        !JSON_NODE_HOLDS_OBJECT(resp->metadata)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "GET /1.0/operations: %s",
                    *resp->error ? resp->error : "the reply carries no object");
        return NULL;
    }
    lists = json_node_get_object(resp->metadata);
    kinds = json_object_get_members(lists);
    for (GList *l = kinds; l != NULL; l = l->next) {
        JsonNode *n = json_object_get_member(lists, l->data);
        JsonArray *ops = JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;

        for (guint i = 0; ops != NULL && i < json_array_get_length(ops); i++) {
            JsonNode *o = json_array_get_element(ops, i);
            JsonObject *op = JSON_NODE_HOLDS_OBJECT(o) ? json_node_get_object(o) : NULL;
            const char *location = ms_rl_json_string(op, "location");
            const char *member;

            if (location == NULL || g_strcmp0(ms_rl_json_string(op, "description"), "Creating instance") != 0)
                continue;
            member = ms_rl_unmap_member(live, location);
            g_hash_table_insert(counts, g_strdup(member),
                                GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(counts, member)) + 1));
        }
    }
    return g_steal_pointer(&counts);
}
