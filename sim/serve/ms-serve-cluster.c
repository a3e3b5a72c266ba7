/* migsim serve: GET/PUT /1.0 (the server environment, its config and the
 * release's API extensions), the cluster and its members (evacuate and
 * restore), and the projects list.  Split from ms-serve-api.c, which keeps
 * the router, the reply shapes and operations. */
#include "ms-serve-objects.h"

#include "ms-config.h"
#include "ms-show.h"
#include "ms-lxd-map.h"
#include "ms-roles.h"
#include "ms-scenario.h"

/* The part of GET /1.0 every client sees (api.ServerUntrusted,
 * lxd/api_1.0.go:206-213 at lxd-5.0.2); @auth "trusted" or "untrusted". */
void
ms_serve_untrusted_fields(JsonObject *obj, const MsProfile *profile, const char *auth)
{
    JsonArray *methods = json_array_new();

    json_object_set_array_member(obj, "api_extensions", ms_serve_extensions_json(profile));
    json_object_set_string_member(obj, "api_status", "stable");
    json_object_set_string_member(obj, "api_version", "1.0");
    json_object_set_string_member(obj, "auth", auth);
    json_object_set_boolean_member(obj, "public", FALSE);
    json_array_add_string_element(methods, "tls");
    json_object_set_array_member(obj, "auth_methods", methods);
}

static void
server_get(MsServeReq *req)
{
    const MsCluster *cluster = req->api->cluster;
    g_autoptr(JsonNode) server = ms_lxd_map_server_to_json(cluster);
    JsonObject *obj = json_object_ref(json_node_get_object(server));
    JsonObject *env = json_object_new();
    JsonArray *arches = json_array_new();
    const char *version = strchr(req->api->profile->name, '-') + 1;

    ms_serve_untrusted_fields(obj, req->api->profile, "trusted");
    ms_show_hide_server_keys(json_object_get_object_member(obj, "config"), req->api->profile);
    json_array_add_string_element(arches, "x86_64");
    json_array_add_string_element(arches, "i686");
    json_object_set_array_member(env, "architectures", arches);
    json_object_set_array_member(env, "addresses", json_array_new());
    json_object_set_string_member(env, "certificate", "");
    json_object_set_string_member(env, "driver", "lxc | qemu");
    json_object_set_string_member(env, "driver_version", "");
    json_object_set_string_member(env, "firewall", "nftables");
    json_object_set_string_member(env, "kernel", "Linux");
    json_object_set_string_member(env, "kernel_architecture", "x86_64");
    json_object_set_string_member(env, "kernel_version", "");
    json_object_set_string_member(env, "os_name", "migsim");
    json_object_set_string_member(env, "os_version", MS_VERSION_STRING);
    json_object_set_string_member(env, "project", "default");
    /* lower case, as the daemons write it (lxd/api_1.0.go:289 at lxd-5.0.2,
     * cmd/incusd/api_1.0.go:327 at v6.0.4) and as replay and import read it */
    json_object_set_string_member(env, "server", ms_profile_is_incus(req->api->profile) ? "incus" : "lxd");
    json_object_set_boolean_member(env, "server_clustered", TRUE);
    json_object_set_string_member(env, "server_event_mode", "full-mesh");
    json_object_set_string_member(env, "server_name", req->member);
    json_object_set_int_member(env, "server_pid", 1);
    json_object_set_string_member(env, "server_version", version);
    json_object_set_string_member(env, "storage", "dir");
    json_object_set_string_member(env, "storage_version", "");
    json_object_set_object_member(obj, "environment", env);
    ms_serve_sync(req, ms_serve_take(obj));
}

/* The config of a PUT or PATCH: a hidden key given as the boolean true (as
 * GET shows it, so as lxc sends it back) keeps its value
 * (lxd/config/map.go:47-52 at lxd-5.0.2, :51-56 at lxd-5.21.7). */
static gboolean
server_put_config(MsServeReq *req, JsonObject *obj, GHashTable *config)
{
    g_autoptr(JsonObject) strings = json_object_new();
    g_autoptr(GList) keys = obj != NULL ? json_object_get_members(obj) : NULL;
    GHashTable *current = req->api->cluster->server_config;

    for (GList *l = keys; l != NULL; l = l->next) {
        JsonNode *node = json_object_get_member(obj, l->data);
        if (ms_show_server_key_hidden(req->api->profile, l->data) && JSON_NODE_HOLDS_VALUE(node) &&
            json_node_get_value_type(node) == G_TYPE_BOOLEAN && json_node_get_boolean(node)) {
            const char *value = ms_config_get(current, l->data);
            g_hash_table_insert(config, g_strdup(l->data), g_strdup(value != NULL ? value : ""));
        } else {
            json_object_set_member(strings, l->data, json_node_copy(node));
        }
    }
    return ms_serve_string_map(req, strings, config);
}

/* PUT replaces the config (keys left out are unset), PATCH merges; an
 * empty value unsets (lxd/api_1.0.go doAPI10Update).  lxc config set and
 * unset send a PUT of the whole config. */
static void
server_put(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    g_autoptr(GHashTable) config = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func((GDestroyNotify) ms_op_free);
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
    MsOp *set = ms_op_new(MS_OP_CONFIG_SET);
    gboolean patch = g_str_equal(req->method, "PATCH");

    g_ptr_array_add(ops, set);
    if (!server_put_config(req, ms_serve_body_object(body, "config"), config))
        return;
    ms_serve_diff_config(req->api->cluster->server_config, config, set, unset);
    if (set->keys->len == 0)
        g_ptr_array_remove_index(ops, 0);
    /* PATCH leaves out the keys it does not name */
    for (guint i = unset->len; patch && i-- > 0;)
        if (g_hash_table_lookup(config, unset->pdata[i]) == NULL)
            g_ptr_array_remove_index(unset, i);
    ms_serve_add_unsets(ops, MS_OP_CONFIG_UNSET, NULL, NULL, NULL, unset);
    ms_serve_run_all(req, ops, NULL, NULL, NULL);
}

static void
cluster_get(MsServeReq *req)
{
    JsonObject *obj = json_object_new();

    json_object_set_string_member(obj, "server_name", req->member);
    json_object_set_boolean_member(obj, "enabled", TRUE);
    json_object_set_array_member(obj, "member_config", json_array_new());
    ms_serve_sync(req, ms_serve_take(obj));
}

/* A cluster member as LXD's NodeInfo.ToAPI makes it: its roles as
 * ms_roles_api lists them (the leader's "database-leader" first, then
 * "database" or, from 6.7, "database-voter" for a voter, or
 * "database-standby"), and "database" true for any of them: the leader, a
 * voter and a stand-by (lxd/db/node.go:124-138 at lxd-5.0.2, :145-162 at
 * lxd-6.9).  Its url is "https://" and the
 * member's cluster address (db/node.go:113 at lxd-5.0.2): the member's
 * --listen https address when it has one; the model keeps no address
 * otherwise, so https://10.0.0.ID:8443 stands in (docs/serve.md). */
static JsonObject *
member_object(const MsServeApi *api, const MsMember *member)
{
    const MsCluster *cluster = api->cluster;
    const char *address = g_hash_table_lookup(api->https, member->name);
    JsonObject *obj = json_object_new();
    JsonArray *roles = json_array_new();
    JsonArray *groups = json_array_new();
    JsonObject *config;
    g_autofree char *url = address != NULL ? g_strconcat("https://", address, NULL)
                                           : g_strdup_printf("https://10.0.0.%u:8443", member->id);
    g_autoptr(GPtrArray) names = ms_roles_api(cluster, api->profile, member);

    json_object_set_string_member(obj, "server_name", member->name);
    json_object_set_string_member(obj, "url", url);
    json_object_set_boolean_member(obj, "database", names->len > 0);
    for (guint i = 0; i < names->len; i++)
        json_array_add_string_element(roles, names->pdata[i]);
    json_object_set_array_member(obj, "roles", roles);
    json_object_set_string_member(obj, "status", ms_member_status_to_api(ms_member_listed_status(member)));
    json_object_set_string_member(obj, "message", ms_member_listed_message(member));
    json_object_set_string_member(obj, "architecture",
                                  member->architecture ? member->architecture : "x86_64");
    json_object_set_string_member(obj, "failure_domain",
                                  member->failure_domain ? member->failure_domain : "default");
    json_object_set_string_member(obj, "description", "");
    /* the member's config as LXD stores it (NodeInfo.ToAPI: result.Config
     * = n.Config, lxd/db/node.go:115 at lxd-5.0.2, :137 at lxd-5.21.7, :136
     * at lxd-6.9; internal/server/db/node.go:115 at Incus v6.0.0): the one
     * member key the model keeps, scheduler.instance.  The model holds
     * "all" for unset and for set to "all" alike, and LXD lists only a set
     * one: "all" is not listed (an explicit "all" is not modelled).  It was
     * always {}, so `migsim import` from serve lost every member's
     * scheduler.instance (found by the bench's import check, session 40). */
    config = json_object_new();
    if (member->scheduler_instance != NULL && !g_str_equal(member->scheduler_instance, "all"))
        json_object_set_string_member(config, "scheduler.instance", member->scheduler_instance);
    json_object_set_object_member(obj, "config", config);
    for (guint i = 0; member->groups != NULL && i < member->groups->len; i++)
        json_array_add_string_element(groups, member->groups->pdata[i]);
    json_object_set_array_member(obj, "groups", groups);
    return obj;
}

static void
members_get(MsServeReq *req)
{
    JsonArray *array = json_array_new();
    gboolean full = ms_serve_recursion(req) > 0;

    for (guint i = 0; i < req->api->cluster->members->len; i++) {
        const MsMember *member = req->api->cluster->members->pdata[i];
        if (full)
            json_array_add_object_element(array, member_object(req->api, member));
        else {
            g_autofree char *url = g_strdup_printf("/1.0/cluster/members/%s", member->name);
            json_array_add_string_element(array, url);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

static void
member_get(MsServeReq *req)
{
    const MsMember *member = ms_cluster_lookup_member(req->api->cluster, req->args[0]);

    if (member == NULL)
        return ms_serve_rule_error(req, MS_RULE_EVAC_MEMBER_NOT_FOUND, req->args[0]);
    ms_serve_sync(req, ms_serve_take(member_object(req->api, member)));
}

/* POST /1.0/cluster/members/NAME/state {action, mode}: lxc cluster
 * evacuate|restore [--action MODE] (lxd/api_cluster.go clusterNodeStatePut). */
static void
member_state_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *action = ms_serve_body_string(body, "action");
    const char *mode = ms_serve_body_string(body, "mode");
    g_autoptr(MsOp) op = NULL;

    if (g_strcmp0(action, "evacuate") == 0)
        op = ms_op_new(MS_OP_EVACUATE);
    else if (g_strcmp0(action, "restore") == 0)
        op = ms_op_new(MS_OP_RESTORE);
    else {
        /* lxd/api_cluster.go clusterNodeStatePut: the default of the action switch */
        g_autofree char *text = g_strdup_printf("Unknown action %s", action ? action : "");
        return ms_serve_error(req, 400, text);
    }
    op->member = g_strdup(req->args[0]);
    op->force = TRUE; /* the API has no confirmation prompt */
    if (mode != NULL && *mode != '\0')
        op->action = g_strdup(mode);
    ms_serve_run(req, op, action[0] == 'e' ? "Evacuating cluster member" : "Restoring cluster member",
                 "cluster", NULL);
}

/* GET /1.0/projects: the project URLs, default first (lxc remote add
 * reads them, lxc/remote.go:113-115 findProject at lxd-5.0.2).  With
 * ?recursion the full objects (used_by, effective config) are not
 * modelled. */
static void
projects_get(MsServeReq *req)
{
    JsonArray *array;

    if (ms_serve_recursion(req) > 0) {
        g_autofree char *text =
            g_strdup_printf("not modelled for %s: GET /1.0/projects?recursion", req->api->profile->name);
        return ms_serve_error(req, 501, text);
    }
    array = json_array_new();
    json_array_add_string_element(array, "/1.0/projects/" MS_PROJECT_DEFAULT);
    for (guint i = 0; i < req->api->cluster->projects->len; i++) {
        const MsProject *project = req->api->cluster->projects->pdata[i];
        g_autofree char *escaped = NULL;
        g_autofree char *url = NULL;

        if (ms_project_key(project->name) == NULL)
            continue; /* the default project's stored config, listed above */
        escaped = g_uri_escape_string(project->name, NULL, FALSE);
        url = g_strconcat("/1.0/projects/", escaped, NULL);
        json_array_add_string_element(array, url);
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* The index ranges of release @i (ms-serve-extensions.c): the first ranges
 * of its base release, then its own. */
static void
extension_ranges(guint i, GArray *ranges)
{
    const MsServeExtensions *ext = &ms_serve_extensions[i];
    const char *p = ext->own;

    if (ext->base >= 0) {
        extension_ranges((guint) ext->base, ranges);
        g_array_set_size(ranges, 2 * ext->n_base);
    }
    while (*p != '\0') {
        char *end;
        guint a = (guint) g_ascii_strtoull(p, &end, 10);
        guint b = *end == '-' ? (guint) g_ascii_strtoull(end + 1, &end, 10) : a;
        g_array_append_val(ranges, a);
        g_array_append_val(ranges, b);
        p = *end == ' ' ? end + 1 : end;
    }
}

JsonArray *
ms_serve_extensions_json(const MsProfile *profile)
{
    JsonArray *array = json_array_new();

    for (guint i = 0; i < ms_serve_n_extensions; i++) {
        g_autoptr(GArray) ranges = g_array_new(FALSE, FALSE, sizeof(guint));
        if (!g_str_equal(ms_serve_extensions[i].release, profile->name))
            continue;
        extension_ranges(i, ranges);
        for (guint r = 0; r < ranges->len; r += 2)
            for (guint n = g_array_index(ranges, guint, r); n <= g_array_index(ranges, guint, r + 1); n++)
                json_array_add_string_element(array, ms_serve_extension_names[n]);
    }
    return array;
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "1.0", server_get },
    { "PUT", "1.0", server_put },
    { "PATCH", "1.0", server_put },
    { "GET", "1.0/cluster", cluster_get },
    { "GET", "1.0/cluster/members", members_get },
    { "GET", "1.0/cluster/members/*", member_get },
    { "POST", "1.0/cluster/members/*/state", member_state_post },
    { "GET", "1.0/projects", projects_get },
};
/* clang-format on */
const MsServeRoutes ms_serve_cluster_routes = { routes, G_N_ELEMENTS(routes) };
