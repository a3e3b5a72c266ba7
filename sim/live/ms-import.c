/* migsim import: a real cluster's state as a state file.
 *
 * Only GET requests are sent: the import must be safe to run against a
 * production cluster.  Every reply is checked field by field; a reply that
 * does not have LXD's shape is an error naming the request and the field,
 * never a guess. */
#include "ms-import.h"

#include <string.h>

#include "ms-config.h"
#include "ms-lxd-map.h"

/* ---- reading replies ---- */

typedef struct {
    MsLxdClient *client;
    GPtrArray *warnings;
    GError **error;
    MsLxdMap map; /* strict: a reply not of LXD's shape is an error */
} Importer;

static void warn(Importer *im, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(Importer *im, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    g_ptr_array_add(im->warnings, g_strdup_vprintf(fmt, args));
    va_end(args);
}

/* GET @path; (transfer full) the reply's tree, with *@metadata its
 * metadata, which must be an array or an object as @want_array says. */
static MsJsonLiteDoc *
get(Importer *im, const char *path, gboolean want_array, const MsJsonLite **metadata)
{
    g_autofree char *lxd_error = NULL;
    g_autoptr(MsJsonLiteDoc) doc = NULL;

    im->map.request = path;
    if (!ms_lxd_client_get_lite(im->client, path, 30, &lxd_error, &doc, metadata, im->error))
        return NULL;
    if (lxd_error != NULL) {
        g_set_error(im->error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "GET %s: %s", path, lxd_error);
        return NULL;
    }
    if (*metadata == NULL || (*metadata)->kind != (want_array ? MS_JSON_LITE_ARRAY : MS_JSON_LITE_OBJECT)) {
        ms_lxd_map_bad(&im->map, "metadata", "expected %s", want_array ? "an array" : "an object");
        return NULL;
    }
    return g_steal_pointer(&doc);
}

/* ---- the sections ---- */

static gboolean
import_server(Importer *im, MsStateFile *state, gboolean *clustered, char **server_name)
{
    const MsJsonLite *meta = NULL, *env, *clustered_node;
    g_autoptr(MsJsonLiteDoc) root = get(im, "/1.0", FALSE, &meta);
    const char *version, *server;
    g_autofree char *release = NULL;
    gboolean exact, incus;

    if (root == NULL)
        return FALSE;
    if (ms_lxd_map_field(&im->map, meta, "api_version", NULL, "metadata") == NULL)
        return FALSE;
    env = ms_json_lite_get(meta, "environment");
    if (env == NULL || env->kind != MS_JSON_LITE_OBJECT) {
        const char *auth = ms_lxd_map_field(&im->map, meta, "auth", "", "metadata");
        g_clear_error(im->error);
        if (g_strcmp0(auth, "untrusted") == 0) {
            g_set_error(im->error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "GET /1.0: the server does not trust our client certificate (auth: untrusted)");
            return FALSE;
        }
        return ms_lxd_map_bad(&im->map, "metadata", "no 'environment'");
    }
    server = ms_lxd_map_field(&im->map, env, "server", "lxd", "metadata.environment");
    if (server == NULL)
        return FALSE;
    /* Incus (lxc/incus) serves the same /1.0 API and reuses LXD's version
     * numbers: environment.server tells them apart, as replay does */
    incus = g_str_equal(server, "incus");
    if (!incus && !g_str_equal(server, "lxd")) {
        g_set_error(im->error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                    "GET /1.0: the server is '%s', not LXD or Incus", server);
        return FALSE;
    }
    version = ms_lxd_map_field(&im->map, env, "server_version", NULL, "metadata.environment");
    if (version == NULL)
        return FALSE;
    state->server_version = g_strdup(version);
    release = incus ? g_strconcat("incus-", version, NULL) : g_strdup(version);
    state->profile = ms_state_profile_for_version(release, &exact);
    if (state->profile == NULL) {
        g_set_error(im->error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                    "%s %s is not simulated (see 'migsim profiles')", incus ? "Incus" : "LXD", version);
        return FALSE;
    }
    if (!exact)
        warn(im, "%s %s is not a simulated release; using %s, the nearest older one of its series",
             incus ? "Incus" : "LXD", version, state->profile->name);
    clustered_node = ms_json_lite_get(env, "server_clustered");
    *clustered =
        clustered_node != NULL && clustered_node->kind == MS_JSON_LITE_BOOLEAN && clustered_node->v.boolean;
    /* NULL: not a string (the error is set) */
    *server_name = g_strdup(ms_lxd_map_field(&im->map, env, "server_name", "none", "metadata.environment"));
    if (*server_name == NULL)
        return FALSE;
    if (!ms_lxd_map_config(&im->map, meta, "config", state->cluster->server_config, "metadata"))
        return FALSE;
    /* a secret (or LXD's placeholder for one) has no place in a state file */
    ms_config_set(state->cluster->server_config, "core.trust_password", NULL);
    return TRUE;
}

/* "[@index]" in @buf (at least 16 bytes), without a format and an
 * allocation per element of the long lists (instances, volumes) */
static const char *
index_where(char *buf, guint index)
{
    char digits[12];
    guint n = 0, len = 0;

    do
        digits[n++] = (char) ('0' + index % 10);
    while ((index /= 10) != 0);
    buf[len++] = '[';
    while (n > 0)
        buf[len++] = digits[--n];
    buf[len++] = ']';
    buf[len] = '\0';
    return buf;
}

gboolean
ms_import_members_array(MsLxdMap *map, MsCluster *cluster, const MsJsonLite *array)
{
    Importer real = { NULL, map->warnings, map->error, *map };
    Importer *im = &real;

    if (array->len == 0)
        return ms_lxd_map_bad(&im->map, "metadata", "no members");
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *where = g_strdup_printf("[%u]", i);
        const MsJsonLite *object = ms_lxd_map_element(&im->map, array, i);
        const char *name, *status, *arch, *domain;
        g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GHashTable) config = ms_config_new();
        const char *scheduler;
        MsMember *member;

        if (object == NULL)
            return FALSE;
        if ((name = ms_lxd_map_field(&im->map, object, "server_name", NULL, where)) == NULL ||
            (status = ms_lxd_map_field(&im->map, object, "status", NULL, where)) == NULL ||
            (arch = ms_lxd_map_field(&im->map, object, "architecture", "", where)) == NULL ||
            (domain = ms_lxd_map_field(&im->map, object, "failure_domain", "default", where)) == NULL ||
            !ms_lxd_map_strings(&im->map, object, "roles", roles, where) ||
            !ms_lxd_map_config(&im->map, object, "config", config, where))
            return FALSE;
        if (ms_cluster_lookup_member(cluster, name) != NULL)
            return ms_lxd_map_bad(&im->map, where, "member '%s' is listed twice", name);
        member = ms_cluster_add_member(cluster, name);
        if (*arch != '\0') {
            ms_member_set_string(member, &member->architecture, arch);
        }
        ms_member_set_string(member, &member->failure_domain, *domain ? domain : "default");
        member->status = ms_lxd_map_member_status(&im->map, name, status);
        if (member->status == MS_MEMBER_EVACUATED)
            member->db_status = MS_MEMBER_EVACUATED;
        member->role = MS_MEMBER_ROLE_SPARE;
        for (guint r = 0; r < roles->len; r++) {
            /* "database-voter" from 6.7, where the leader has only
             * "database-leader" (lxd/db/node.go:145-161 at lxd-6.7) */
            if (g_str_equal(roles->pdata[r], "database") || g_str_equal(roles->pdata[r], "database-voter") ||
                g_str_equal(roles->pdata[r], "database-leader"))
                member->role = MS_MEMBER_ROLE_VOTER;
            else if (g_str_equal(roles->pdata[r], "database-standby") && member->role != MS_MEMBER_ROLE_VOTER)
                member->role = MS_MEMBER_ROLE_STANDBY;
            /* the raft leader (lxd/db/node.go:124-127 at lxd-5.0.2) */
            member->leader |= g_str_equal(roles->pdata[r], "database-leader");
        }
        scheduler = ms_config_get(config, "scheduler.instance");
        if (scheduler != NULL) {
            ms_member_set_string(member, &member->scheduler_instance, scheduler);
        }
        if (ms_json_lite_get(object, "groups") != NULL) {
            GPtrArray *groups = ms_member_groups_mut(member);

            g_ptr_array_set_size(groups, 0);
            if (!ms_lxd_map_strings(&im->map, object, "groups", groups, where))
                return FALSE;
        }
        for (guint g = 0; g < member->groups->len; g++)
            if (!ms_cluster_has_group(cluster, member->groups->pdata[g]))
                g_ptr_array_add(cluster->cluster_groups, g_strdup(member->groups->pdata[g]));
    }
    return TRUE;
}

static gboolean
import_members(Importer *im, MsCluster *cluster, gboolean clustered, const char *server_name)
{
    static const char request[] = "/1.0/cluster/members?recursion=1";
    g_autoptr(MsJsonLiteDoc) doc = NULL;
    const MsJsonLite *list = NULL;

    if (!clustered) {
        /* a standalone server is a cluster of one, named as it names itself */
        ms_cluster_add_member(cluster, server_name);
        ms_cluster_assign_roles(cluster);
        warn(im, "the server is not clustered; it is imported as a one-member cluster '%s'", server_name);
        return TRUE;
    }
    doc = get(im, request, TRUE, &list);
    return doc != NULL && ms_import_members_array(&im->map, cluster, list);
}

static gboolean
pool_state(Importer *im, const char *status, const char *what, MsPoolState *state)
{
    if (g_str_equal(status, "Created")) {
        *state = MS_POOL_CREATED;
    } else {
        /* Errored or Unknown: not usable, which is what Pending models */
        *state = MS_POOL_PENDING;
        if (!g_str_equal(status, "Pending"))
            warn(im, "%s has status '%s'; it is imported as Pending", what, status);
    }
    return TRUE;
}

static gboolean
import_pools(Importer *im, MsCluster *cluster, gboolean clustered)
{
    static const char request[] = "/1.0/storage-pools?recursion=1";
    const MsJsonLite *array = NULL;
    g_autoptr(MsJsonLiteDoc) doc = get(im, request, TRUE, &array);

    if (doc == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *where = g_strdup_printf("[%u]", i);
        const MsJsonLite *object = ms_lxd_map_element(&im->map, array, i);
        const char *name, *driver, *status;
        MsPool *pool;

        if (object == NULL)
            return FALSE;
        if ((name = ms_lxd_map_field(&im->map, object, "name", NULL, where)) == NULL ||
            (driver = ms_lxd_map_field(&im->map, object, "driver", NULL, where)) == NULL ||
            (status = ms_lxd_map_field(&im->map, object, "status", "Created", where)) == NULL)
            return FALSE;
        if (ms_driver_lookup(driver) == NULL) {
            g_set_error(im->error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "storage pool '%s' uses the driver '%s', which migsim does not model", name, driver);
            return FALSE;
        }
        pool = ms_pool_new(name, driver);
        g_ptr_array_add(cluster->pools, pool);
        pool_state(im, status, name, &pool->state);
        if (!ms_lxd_map_config(&im->map, object, "config", pool->config, where))
            return FALSE;
        /* the per-member state is only visible with ?target= */
        for (guint m = 0; m < cluster->members->len; m++) {
            const MsMember *member = cluster->members->pdata[m];
            g_autofree char *escaped = g_uri_escape_string(name, NULL, FALSE);
            g_autofree char *target = g_uri_escape_string(member->name, NULL, FALSE);
            g_autofree char *path = clustered
                                        ? g_strdup_printf("/1.0/storage-pools/%s?target=%s", escaped, target)
                                        : g_strdup_printf("/1.0/storage-pools/%s", escaped);
            g_autofree char *what = g_strdup_printf("pool %s on %s", name, member->name);
            g_autoptr(MsJsonLiteDoc) one = NULL;
            const MsJsonLite *one_meta = NULL;
            const char *member_status;
            MsPoolState state;

            if (member->status == MS_MEMBER_OFFLINE) {
                /* it cannot answer; LXD keeps the pool defined there */
                g_hash_table_insert(pool->member_state, g_strdup(member->name),
                                    GINT_TO_POINTER(pool->state + 1));
                continue;
            }
            one = get(im, path, FALSE, &one_meta);
            if (one == NULL)
                return FALSE;
            member_status = ms_lxd_map_field(&im->map, one_meta, "status", "Created", "metadata");
            if (member_status == NULL)
                return FALSE;
            pool_state(im, member_status, what, &state);
            g_hash_table_insert(pool->member_state, g_strdup(member->name), GINT_TO_POINTER(state + 1));
        }
        im->map.request = request;
    }
    return TRUE;
}

gboolean
ms_import_volumes_array(MsLxdMap *map, MsCluster *cluster, const MsPool *pool, const MsJsonLite *array)
{
    Importer real = { NULL, map->warnings, map->error, *map };
    Importer *im = &real;

    {
        for (guint i = 0; i < array->len; i++) {
            char where_buf[16];
            const char *where = index_where(where_buf, i);
            const MsJsonLite *object = ms_lxd_map_element(&im->map, array, i);
            const char *name, *type, *content, *location, *project;
            MsContentType content_type;
            MsVolume *volume;

            if (object == NULL)
                return FALSE;
            if ((name = ms_lxd_map_field(&im->map, object, "name", NULL, where)) == NULL ||
                (type = ms_lxd_map_field(&im->map, object, "type", NULL, where)) == NULL ||
                (content = ms_lxd_map_field(&im->map, object, "content_type", "filesystem", where)) == NULL ||
                (location = ms_lxd_map_field(&im->map, object, "location", "", where)) == NULL ||
                (project = ms_lxd_map_field(&im->map, object, "project", "default", where)) == NULL)
                return FALSE;
            /* instances' own volumes and images follow their instance */
            if (!g_str_equal(type, "custom") || strchr(name, '/') != NULL)
                continue;
            if (!ms_content_type_from_string(content, &content_type))
                return ms_lxd_map_bad(&im->map, where, "unknown content_type '%s'", content);
            if (ms_pool_is_remote(pool) || (*location == '\0' && cluster->members->len == 1)) {
                location = ms_pool_is_remote(pool) ? NULL : ((MsMember *) cluster->members->pdata[0])->name;
            } else if (ms_cluster_lookup_member(cluster, location) == NULL) {
                warn(im, "volume %s/%s is on '%s', which is not a member; it is left out", pool->name, name,
                     location);
                continue;
            }
            /* a volume keeps the project LXD lists it in (api.StorageVolume.Project) */
            if (ms_cluster_lookup_volume(cluster, project, pool->name, name, location) != NULL)
                continue;
            volume = ms_volume_new(pool->name, name, content_type, location);
            volume->project = g_strdup(ms_project_key(project));
            g_ptr_array_add(cluster->volumes, volume);
            if (!ms_lxd_map_config(&im->map, object, "config", volume->config, where))
                return FALSE;
        }
    }
    return TRUE;
}

static gboolean
import_volumes(Importer *im, MsCluster *cluster)
{
    for (guint p = 0; p < cluster->pools->len; p++) {
        const MsPool *pool = cluster->pools->pdata[p];
        g_autofree char *escaped = g_uri_escape_string(pool->name, NULL, FALSE);
        g_autofree char *request = g_strdup_printf("/1.0/storage-pools/%s/volumes?recursion=1", escaped);
        const MsJsonLite *list = NULL;
        g_autoptr(MsJsonLiteDoc) doc = get(im, request, TRUE, &list);

        if (doc == NULL || !ms_import_volumes_array(&im->map, cluster, pool, list))
            return FALSE;
    }
    return TRUE;
}

static int
compare_profile_names(gconstpointer a, gconstpointer b)
{
    const MsProfileEntity *pa = *(MsProfileEntity *const *) a;
    const MsProfileEntity *pb = *(MsProfileEntity *const *) b;

    /* "default" first, as the model keeps it */
    if (g_str_equal(pa->name, "default") != g_str_equal(pb->name, "default"))
        return g_str_equal(pa->name, "default") ? -1 : 1;
    return strcmp(pa->name, pb->name);
}

gboolean
ms_import_profiles_array(MsLxdMap *map, MsCluster *cluster, const MsJsonLite *array)
{
    Importer real = { NULL, map->warnings, map->error, *map };
    Importer *im = &real;

    g_ptr_array_set_size(cluster->profiles, 0);
    ms_cluster_profiles_changed(cluster);
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *where = g_strdup_printf("[%u]", i);
        const MsJsonLite *object = ms_lxd_map_element(&im->map, array, i);
        const char *name;
        MsProfileEntity *profile;

        if (object == NULL || (name = ms_lxd_map_field(&im->map, object, "name", NULL, where)) == NULL)
            return FALSE;
        if (ms_cluster_lookup_profile(cluster, name) != NULL)
            return ms_lxd_map_bad(&im->map, where, "profile '%s' is listed twice", name);
        profile = ms_profile_entity_new(name);
        g_ptr_array_add(cluster->profiles, profile);
        if (!ms_lxd_map_config(&im->map, object, "config", profile->config, where) ||
            !ms_lxd_map_devices(&im->map, object, profile->devices, where))
            return FALSE;
    }
    g_ptr_array_sort(cluster->profiles, compare_profile_names);
    return TRUE;
}

gboolean
ms_import_instances_array(MsLxdMap *map, MsCluster *cluster, const MsJsonLite *array)
{
    Importer real = { NULL, map->warnings, map->error, *map };
    Importer *im = &real;

    im->map.strings = ms_cluster_strings(cluster);

    for (guint i = 0; i < array->len; i++) {
        char where_buf[16];
        const char *where = index_where(where_buf, i);
        const MsJsonLite *object = ms_lxd_map_element(&im->map, array, i);
        g_autoptr(MsInstance) instance = NULL;

        if (object == NULL || (instance = ms_lxd_map_instance(&im->map, object, where)) == NULL)
            return FALSE;
        if (ms_cluster_lookup_instance(cluster, instance->name) != NULL)
            return ms_lxd_map_bad(&im->map, where, "instance '%s' is listed twice", instance->name);
        if ((*instance->location == '\0' || g_str_equal(instance->location, "none")) &&
            cluster->members->len == 1) {
            ms_instance_set_location(instance, ((MsMember *) cluster->members->pdata[0])->name);
        }
        if (ms_cluster_lookup_member(cluster, instance->location) == NULL)
            return ms_lxd_map_bad(&im->map, where, "location '%s' is not a member", instance->location);
        for (guint p = 0; p < instance->profiles->len; p++)
            if (ms_cluster_lookup_profile(cluster, instance->profiles->pdata[p]) == NULL)
                return ms_lxd_map_bad(&im->map, where, "unknown profile '%s'",
                                      (const char *) instance->profiles->pdata[p]);
        ms_cluster_add_instance(cluster, g_steal_pointer(&instance));
    }
    return TRUE;
}

/* GET @request (a recursion=1 list) and map its elements with @map_array */
static gboolean
import_list(Importer *im, MsCluster *cluster, const char *request,
            gboolean (*map_array)(MsLxdMap *map, MsCluster *cluster, const MsJsonLite *array))
{
    const MsJsonLite *list = NULL;
    g_autoptr(MsJsonLiteDoc) doc = get(im, request, TRUE, &list);

    return doc != NULL && map_array(&im->map, cluster, list);
}

MsStateFile *
ms_import_cluster(MsLxdClient *client, GPtrArray *warnings, char **text_out, GError **error)
{
    g_autoptr(MsStateFile) state = g_new0(MsStateFile, 1);
    g_autofree char *server_name = NULL;
    Importer im = { client, warnings, error, { TRUE, NULL, warnings, error, NULL, NULL } };
    gboolean clustered = FALSE;

    state->cluster = ms_cluster_new();
    if (!import_server(&im, state, &clustered, &server_name) ||
        !import_members(&im, state->cluster, clustered, server_name) ||
        !import_pools(&im, state->cluster, clustered) || !import_volumes(&im, state->cluster) ||
        !import_list(&im, state->cluster, "/1.0/profiles?recursion=1", ms_import_profiles_array) ||
        !import_list(&im, state->cluster, "/1.0/instances?recursion=1", ms_import_instances_array))
        return NULL;
    /* whatever import writes, the loader must accept (issue 12): a name or
     * a shape the loader refuses is refused here, before anything is
     * written, with the loader's words; the text checked is the one written */
    {
        g_autofree char *text = ms_state_file_dump(state->cluster, state->profile, state->server_version);
        g_autoptr(GError) load_error = NULL;
        gboolean loaded = ms_state_file_check("the imported state", text, -1, &load_error);

        if (!loaded) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                        "the server's answers do not make a valid state file: %s", load_error->message);
            return NULL;
        }
        if (text_out != NULL)
            *text_out = g_steal_pointer(&text);
    }
    return g_steal_pointer(&state);
}
