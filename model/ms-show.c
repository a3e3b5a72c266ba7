/* migsim: the read-only lxc commands, printed from the model. */
#include "ms-show.h"
#include "ms-roles.h"

#include <string.h>

#include "ms-config.h"
#include "ms-list.h"
#include "ms-used-by.h"
#include "ms-yaml.h"

/* ---- LXD's objects (shared/api/ files) ---- */

static JsonNode *
take_object(JsonObject *object)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);

    json_node_take_object(node, object);
    return node;
}

static JsonObject *
config_object(GHashTable *config)
{
    JsonObject *object = json_object_new();
    g_autofree const char **keys = ms_config_sorted_keys(config);

    for (guint i = 0; keys[i] != NULL; i++)
        json_object_set_string_member(object, keys[i], g_hash_table_lookup(config, keys[i]));
    return object;
}

/* config.Map.Dump renders a set Hidden key as the boolean true, never its
 * value (lxd/config/map.go:105 at lxd-5.0.2, :115 at lxd-5.21.7).  The
 * Hidden keys: core.trust_password (lxd/cluster/config/config.go:276 at
 * lxd-5.0.2, :515 at lxd-5.21.7) and loki.auth.password (:614 at
 * lxd-5.21.7, from lxd-5.6).  LXD 6 has no Hidden field (lxd/config/map.go
 * at lxd-6.1 and lxd-6.9: core.trust_password is gone, loki.auth.password
 * is shown as set, config.go:645 at lxd-6.9), nor has Incus
 * (internal/server/config/map.go at v6.0.4). */
gboolean
ms_show_server_key_hidden(const MsProfile *profile, const char *key)
{
    if (ms_profile_is_incus(profile) || profile->version >= MS_VERSION(6, 0, 0))
        return FALSE;
    return g_str_equal(key, "core.trust_password") || g_str_equal(key, "loki.auth.password");
}

/* A set hidden key of @config (GET /1.0's) becomes the boolean true. */
void
ms_show_hide_server_keys(JsonObject *config, const MsProfile *profile)
{
    g_autoptr(GList) keys = config != NULL ? json_object_get_members(config) : NULL;

    for (GList *l = keys; l != NULL; l = l->next)
        if (ms_show_server_key_hidden(profile, l->data))
            json_object_set_boolean_member(config, l->data, TRUE);
}

/* The server config as GET /1.0 shows it. */
static JsonObject *
server_config_object(GHashTable *config, const MsProfile *profile)
{
    JsonObject *object = config_object(config);

    ms_show_hide_server_keys(object, profile);
    return object;
}

/* config_object of one device's options */
static JsonObject *
device_object(MsDevice *device)
{
    JsonObject *object = json_object_new();
    g_autofree const char **keys = ms_device_sorted_keys(device);

    for (guint i = 0; keys[i] != NULL; i++)
        json_object_set_string_member(object, keys[i], ms_device_lookup(device, keys[i]));
    return object;
}

static JsonObject *
devices_object(MsDevices *devices)
{
    JsonObject *object = json_object_new();
    g_autofree const char **names = ms_devices_sorted_names(devices);

    for (guint i = 0; names[i] != NULL; i++)
        json_object_set_object_member(object, names[i], device_object(ms_devices_lookup(devices, names[i])));
    return object;
}

static JsonArray *
strings_array(const GPtrArray *strings)
{
    JsonArray *array = json_array_new();

    for (guint i = 0; strings != NULL && i < strings->len; i++)
        json_array_add_string_element(array, strings->pdata[i]);
    return array;
}

/* The struct field order changed between 5.0 and 5.21.0/6.1 (name first;
 * shared/api/instance.go, profile.go, storage_pool.go,
 * storage_pool_volume.go, network.go, cluster.go at lxd-5.0.2 against
 * lxd-5.21.0 and lxd-6.1, the same at lxd-5.21.7 and lxd-6.9). */
static gboolean
old_order(const MsProfile *profile)
{
    return profile->version < MS_VERSION(5, 21, 0) && !MS_VERSION_IS_INCUS(profile->version);
}

/* @object's members in @order (space-separated); members not named are
 * dropped. */
static JsonNode *
ordered(JsonObject *object, const char *order)
{
    g_auto(GStrv) names = g_strsplit(order, " ", -1);
    JsonObject *out = json_object_new();

    for (guint i = 0; names[i] != NULL; i++) {
        JsonNode *member = json_object_get_member(object, names[i]);
        if (member != NULL)
            json_object_set_member(out, names[i], json_node_copy(member));
    }
    json_object_unref(object);
    return take_object(out);
}

static gint64
status_code(MsInstanceStatus status)
{
    /* shared/api/status_code.go: Running 103, Stopped 102 */
    return status == MS_INSTANCE_RUNNING ? 103 : 102;
}

static GHashTable *
expanded_config(const MsCluster *cluster, const MsInstance *instance)
{
    /* expanded_config: profiles in order, then the instance's own keys
     * (the server's instances.* keys are not part of it) */
    GHashTable *config = ms_config_new();

    for (guint i = 0; i < instance->profiles->len; i++) {
        const MsProfileEntity *p = ms_cluster_lookup_profile(cluster, instance->profiles->pdata[i]);
        GHashTableIter iter;
        gpointer key, value;
        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            ms_config_set(config, key, value);
    }
    {
        g_autoptr(GHashTable) local = ms_instance_config_table(instance);
        GHashTableIter iter;
        gpointer key, value;
        g_hash_table_iter_init(&iter, local);
        while (g_hash_table_iter_next(&iter, &key, &value))
            ms_config_set(config, key, value);
    }
    return config;
}

JsonNode *
ms_show_instance(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                 gboolean full)
{
    JsonObject *o = json_object_new();
    g_autoptr(GHashTable) local = ms_instance_config_table(instance);
    g_autoptr(GHashTable) expanded = expanded_config(cluster, instance);
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    const MsMember *member = ms_cluster_lookup_member(cluster, instance->location);
    const char *arch = ms_instance_get_config(instance, "volatile.architecture");
    JsonObject *state;

    json_object_set_string_member(o, "architecture", arch ? arch : member ? member->architecture : "x86_64");
    json_object_set_object_member(o, "config", config_object(local));
    json_object_set_object_member(o, "devices", devices_object(instance->devices));
    json_object_set_boolean_member(o, "ephemeral", FALSE);
    json_object_set_array_member(o, "profiles", strings_array(instance->profiles));
    json_object_set_boolean_member(o, "stateful", instance->stateful);
    json_object_set_string_member(o, "description", "");
    json_object_set_string_member(o, "created_at", "0001-01-01T00:00:00Z");
    json_object_set_object_member(o, "expanded_config", config_object(expanded));
    json_object_set_object_member(o, "expanded_devices", devices_object(devices));
    json_object_set_string_member(o, "name", instance->name);
    json_object_set_string_member(o, "status", ms_instance_status_to_api(instance->status));
    json_object_set_int_member(o, "status_code", status_code(instance->status));
    json_object_set_string_member(o, "last_used_at", "0001-01-01T00:00:00Z");
    json_object_set_string_member(o, "location", instance->location);
    json_object_set_string_member(o, "type", ms_instance_type_to_string(instance->type));
    json_object_set_string_member(o, "project", ms_project_display(instance->project));
    json_object_set_array_member(o, "backups", json_array_new());
    state = json_object_new();
    json_object_set_string_member(state, "status", ms_instance_status_to_api(instance->status));
    json_object_set_int_member(state, "status_code", status_code(instance->status));
    json_object_set_object_member(o, "state", state);
    json_object_set_array_member(o, "snapshots", json_array_new());
    if (old_order(profile))
        return ordered(
            o, full ? "architecture config devices ephemeral profiles stateful description created_at "
                      "expanded_config expanded_devices name status status_code last_used_at location "
                      "type project backups state snapshots"
                    : "architecture config devices ephemeral profiles stateful description created_at "
                      "expanded_config expanded_devices name status status_code last_used_at location "
                      "type project");
    return ordered(o,
                   full ? "name description status status_code created_at last_used_at location type project "
                          "architecture ephemeral stateful profiles config devices expanded_config "
                          "expanded_devices backups state snapshots"
                        : "name description status status_code created_at last_used_at location type project "
                          "architecture ephemeral stateful profiles config devices expanded_config "
                          "expanded_devices");
}

/* lxc config show NAME: inst.Writable() (InstancePut, the same fields and
 * order at lxd-5.0.2, 5.21.7 and 6.9; lxc/config.go:711 at lxd-5.0.2) */
static JsonNode *
instance_put(const MsCluster *cluster, const MsInstance *instance, gboolean expanded)
{
    JsonObject *o = json_object_new();
    const MsMember *member = ms_cluster_lookup_member(cluster, instance->location);
    const char *arch = ms_instance_get_config(instance, "volatile.architecture");

    json_object_set_string_member(o, "architecture", arch ? arch : member ? member->architecture : "x86_64");
    if (expanded) {
        g_autoptr(GHashTable) config = expanded_config(cluster, instance);
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
        json_object_set_object_member(o, "config", config_object(config));
        json_object_set_object_member(o, "devices", devices_object(devices));
    } else {
        g_autoptr(GHashTable) config = ms_instance_config_table(instance);
        json_object_set_object_member(o, "config", config_object(config));
        json_object_set_object_member(o, "devices", devices_object(instance->devices));
    }
    json_object_set_boolean_member(o, "ephemeral", FALSE);
    json_object_set_array_member(o, "profiles", strings_array(instance->profiles));
    json_object_set_boolean_member(o, "stateful", instance->stateful);
    json_object_set_string_member(o, "description", "");
    return take_object(o);
}

JsonNode *
ms_show_member(const MsCluster *cluster, const MsProfile *profile, const MsMember *member)
{
    JsonObject *o = json_object_new();
    JsonArray *roles = json_array_new();
    JsonObject *config = json_object_new();

    g_autoptr(GPtrArray) names = ms_roles_api(cluster, profile, member);

    for (guint i = 0; i < names->len; i++)
        json_array_add_string_element(roles, names->pdata[i]);
    json_object_set_array_member(o, "roles", roles);
    json_object_set_string_member(o, "failure_domain", member->failure_domain);
    json_object_set_string_member(o, "description", "");
    if (member->scheduler_instance != NULL && !g_str_equal(member->scheduler_instance, "all"))
        json_object_set_string_member(config, "scheduler.instance", member->scheduler_instance);
    json_object_set_object_member(o, "config", config);
    json_object_set_array_member(o, "groups", strings_array(member->groups));
    json_object_set_string_member(o, "server_name", member->name);
    json_object_set_string_member(o, "url", "");
    json_object_set_boolean_member(o, "database", member->role != MS_MEMBER_ROLE_SPARE);
    json_object_set_string_member(o, "status", ms_member_status_to_api(ms_member_listed_status(member)));
    json_object_set_string_member(o, "message", ms_member_listed_message(member));
    json_object_set_string_member(o, "architecture", member->architecture);
    if (old_order(profile))
        return ordered(o, "roles failure_domain description config groups server_name url database status "
                          "message architecture");
    return ordered(o, "server_name url database status message architecture roles failure_domain description "
                      "config groups");
}

/* A profile's UsedBy: the instances whose profile project is the
 * profile's and that list it, a non-default project's with ?project=
 * (lxd/db/cluster/profiles.go GetProfileUsedBy via api.NewURL, as
 * test/suites/projects.sh:354-355 at lxd-5.0.2 greps them). */
static JsonArray *
profile_used_by(const MsCluster *cluster, const MsProfileEntity *p)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    JsonArray *array = json_array_new();

    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];
        gboolean listed = FALSE;
        g_autofree char *url = NULL;
        if (!ms_project_same(ms_cluster_profile_project(cluster, instance->project), p->project))
            continue;
        for (guint j = 0; j < instance->profiles->len && !listed; j++)
            listed = g_str_equal(instance->profiles->pdata[j], p->name);
        if (!listed)
            continue;
        url = ms_project_key(instance->project) == NULL
                  ? g_strdup_printf("/1.0/instances/%s", instance->name)
                  : g_strdup_printf("/1.0/instances/%s?project=%s", instance->name, instance->project);
        json_array_add_string_element(array, url);
    }
    return array;
}

/* The default profile's description: the default project's is written by
 * the schema ("Default LXD profile", lxd/db/cluster/update.go at
 * lxd-5.0.2; "Default Incus profile", internal/server/db/cluster/open.go:205
 * at Incus v6.0.4), another project's by projectCreateDefaultProfile
 * (lxd/api_project.go:355 at lxd-5.0.2, :379 at lxd-5.21.7, :423 at
 * lxd-6.9; cmd/incusd/api_project.go:416 at v6.0.4). */
static char *
profile_description(const MsProfile *profile, const MsProfileEntity *p)
{
    const char *daemon = ms_profile_is_incus(profile) ? "Incus" : "LXD";

    if (!g_str_equal(p->name, "default"))
        return g_strdup("");
    if (ms_project_key(p->project) == NULL)
        return g_strdup_printf("Default %s profile", daemon);
    return g_strdup_printf("Default %s profile for project %s", daemon, p->project);
}

static JsonNode *
profile_node(const MsCluster *cluster, const MsProfile *profile, const MsProfileEntity *p)
{
    JsonObject *o = json_object_new();
    g_autofree char *description = profile_description(profile, p);

    json_object_set_object_member(o, "config", config_object(p->config));
    json_object_set_string_member(o, "description", description);
    json_object_set_object_member(o, "devices", devices_object(p->devices));
    json_object_set_string_member(o, "name", p->name);
    json_object_set_array_member(o, "used_by", profile_used_by(cluster, p));
    if (old_order(profile))
        return ordered(o, "config description devices name used_by");
    return ordered(o, "name description config devices used_by");
}

/* the instance's root disk pool */
static const char *
root_pool(MsDevices *devices)
{
    MsDevice *root = ms_devices_root_disk(devices);

    return root != NULL ? ms_device_lookup_lit(root, "pool") : NULL;
}

static JsonNode *
pool_node(const MsCluster *cluster, const MsProfile *profile, const MsPool *pool)
{
    JsonObject *o = json_object_new();
    JsonArray *locations = json_array_new();

    json_object_set_object_member(o, "config", config_object(pool->config));
    json_object_set_string_member(o, "description", "");
    json_object_set_string_member(o, "name", pool->name);
    json_object_set_string_member(o, "driver", pool->driver);
    /* used_by: printed only when migsim knows it is empty (ms_used_by_pool);
     * its URLs and their order otherwise are not modelled (left out) */
    if (ms_used_by_pool(cluster, pool) == 0)
        json_object_set_array_member(o, "used_by", json_array_new());
    json_object_set_string_member(o, "status", ms_pool_status(pool));
    for (guint m = 0; m < cluster->members->len; m++) {
        const MsMember *member = cluster->members->pdata[m];
        if (ms_pool_defined_on(pool, member->name))
            json_array_add_string_element(locations, member->name);
    }
    json_object_set_array_member(o, "locations", locations);
    if (old_order(profile))
        return ordered(o, "config description name driver used_by status locations");
    return ordered(o, "name description driver status config used_by locations");
}

/* api.NewURL().Path(...).Project(P): "?project=P" unless P is default
 * (shared/api/url.go at lxd-5.0.2, lxd-5.21.7, lxd-6.9) */
static char *
instance_url(const MsInstance *instance)
{
    return instance->project != NULL && !g_str_equal(instance->project, "default")
               ? g_strdup_printf("/1.0/instances/%s?project=%s", instance->name, instance->project)
               : g_strdup_printf("/1.0/instances/%s", instance->name);
}

/* An instance volume's used_by: a container's is its instance's URL alone
 * (storagePoolVolumeUsedByGet's early return, lxd/storage_volumes_utils.go
 * :90-97 at lxd-5.0.2, :145-152 at lxd-5.21.7 and lxd-6.9); a VM's also
 * lists the instances attaching it from 5.21 (:190-205), which migsim does
 * not model: NULL, left out. */
static JsonArray *
instance_volume_used_by(const MsInstance *instance)
{
    JsonArray *used_by;
    g_autofree char *url = NULL;

    if (instance->type == MS_INSTANCE_VM)
        return NULL;
    used_by = json_array_new();
    url = instance_url(instance);
    json_array_add_string_element(used_by, url);
    return used_by;
}

/* One volume of lxc storage volume list --format json|yaml: a custom
 * volume's @config is its own (as lxc storage volume show prints it), an
 * instance volume's is empty (NULL); @used_by is taken, NULL leaves the
 * field out (its URLs' order, the database's, is not modelled); @project
 * is the volume's (api.StorageVolume.Project, NULL for default). */
static JsonNode *
volume_node(const MsProfile *profile, const char *name, const char *type, const char *content,
            const char *location, GHashTable *config, JsonArray *used_by, const char *project)
{
    JsonObject *o = json_object_new();

    json_object_set_object_member(o, "config", config != NULL ? config_object(config) : json_object_new());
    json_object_set_string_member(o, "description", "");
    json_object_set_string_member(o, "name", name);
    json_object_set_string_member(o, "type", type);
    if (used_by != NULL)
        json_object_set_array_member(o, "used_by", used_by);
    json_object_set_string_member(o, "location", location ? location : "none");
    json_object_set_string_member(o, "content_type", content);
    json_object_set_string_member(o, "project", project != NULL ? project : "default");
    json_object_set_string_member(o, "created_at", "0001-01-01T00:00:00Z");
    if (old_order(profile))
        return ordered(o, "config description name type used_by location content_type project created_at");
    return ordered(o, "name description type content_type project location created_at config used_by");
}

static JsonNode *
network_node(const MsCluster *cluster, const MsProfile *profile, const MsNetwork *network)
{
    JsonObject *o = json_object_new();
    JsonArray *locations = json_array_new();
    const char *type = ms_config_get(network->config, "type");

    json_object_set_object_member(o, "config", config_object(network->config));
    json_object_set_string_member(o, "description", "");
    json_object_set_string_member(o, "name", network->name);
    json_object_set_string_member(o, "type", type ? type : "bridge");
    if (ms_used_by_network(cluster, network, type ? type : "bridge") == 0)
        json_object_set_array_member(o, "used_by", json_array_new());
    json_object_set_boolean_member(o, "managed", TRUE);
    /* Errored: a bridge whose final create failed its validation, or an OVN
     * network (in migsim only one an uplink refusal left) */
    json_object_set_string_member(o, "status",
                                  network->created                                  ? "Created"
                                  : network->errored || g_strcmp0(type, "ovn") == 0 ? "Errored"
                                                                                    : "Pending");
    json_object_set_array_member(o, "locations", locations);
    if (old_order(profile))
        return ordered(o, "config description name type used_by managed status locations");
    return ordered(o, "name description type managed status config used_by locations");
}

/* ---- printing ---- */

char *
ms_show_format(JsonNode *array, const char *format)
{
    if (g_strcmp0(format, "json") == 0) {
        g_autofree char *text = ms_json_emit(array);
        return g_strdup_printf("%s\n", text);
    }
    if (g_strcmp0(format, "yaml") == 0)
        return ms_yaml_emit(array);
    return NULL;
}

/* utils.RenderTable (lxc/utils/table.go): table, csv, compact, json, yaml */
static char *
render(const MsOp *op, guint n, const char *const *headers, GPtrArray *rows, JsonNode *raw, char **note)
{
    const char *format = op->format != NULL ? op->format : "table";
    GString *out;
    char *text = ms_show_format(raw, format);

    if (text != NULL)
        return text;
    out = g_string_new(NULL);
    if (g_str_equal(format, "csv")) {
        ms_list_render_csv(out, n, rows);
    } else {
        if (g_str_equal(format, "compact")) {
            g_free(*note);
            *note = g_strdup("--format compact: migsim prints the table; a pasted block is not compared");
        }
        ms_list_render_table(out, n, headers, rows);
    }
    return g_string_free(out, FALSE);
}

/* --format json or yaml: the objects are printed whole */
static gboolean
structured(const MsOp *op)
{
    return op->format != NULL && (g_str_equal(op->format, "json") || g_str_equal(op->format, "yaml"));
}

/* A note on the used_by lists a structured list leaves out. */
static void
note_used_by_left_out(const MsOp *op, char **note, const char *what)
{
    g_autofree char *old = NULL;

    if (!structured(op))
        return;
    old = *note;
    *note = old != NULL
                ? g_strdup_printf("%s; the used_by of %s is not printed (its URLs and their order are "
                                  "not modelled)",
                                  old, what)
                : g_strdup_printf("the used_by of %s is not printed (its URLs and their order are not "
                                  "modelled)",
                                  what);
}

static int
compare_rows(gconstpointer a, gconstpointer b)
{
    char **ra = *(char ***) a, **rb = *(char ***) b;
    int c = g_strcmp0(ra[0], rb[0]);

    return c != 0 ? c : g_strcmp0(ra[1], rb[1]);
}

static char **
row_new(guint n, ...)
{
    char **row = g_new0(char *, n + 1);
    va_list ap;

    va_start(ap, n);
    for (guint i = 0; i < n; i++)
        row[i] = g_strdup(va_arg(ap, const char *));
    va_end(ap);
    return row;
}

/* Does the request's project hide @pool?  storagePoolsGet leaves out the
 * pools its project sets limits.disk.pool.POOL=0 for (HiddenStoragePools
 * reads the project of the request by name, "0" exactly:
 * lxd/project/limits/permissions.go:38-63, lxd/storage_pools.go:168,
 * :189 at lxd-5.21.7 and lxd-6.9, :167 at lxd-5.21.3 and lxd-6.2; the
 * key is taken from 5.21.3 and 6.2, model/ms-project.c; test/suites/projects.sh:617-618 at lxd-5.21.7,
 * :731-732 at lxd-6.9). */
static gboolean
pool_hidden(const MsCluster *cluster, const MsOp *op, const char *pool)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(cluster, ms_project_key(op->project));
    g_autofree char *key = g_strconcat("limits.disk.pool.", pool, NULL);

    return project != NULL && project->config != NULL &&
           g_strcmp0(ms_config_get(project->config, key), "0") == 0;
}

/* lxc storage list (lxc/storage.go:586-619 at lxd-5.0.2; the same columns
 * by default at lxd-5.21.7 and lxd-6.9 on a cluster: no SOURCE) */
static char *
storage_list(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, char **note)
{
    static const char *const headers[] = { "NAME", "DRIVER", "DESCRIPTION", "USED BY", "STATE" };
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    g_autoptr(JsonNode) raw = json_node_new(JSON_NODE_ARRAY);
    JsonArray *array = json_array_new();
    gboolean users_left_out = FALSE;

    json_node_take_array(raw, array);
    for (guint i = 0; i < cluster->pools->len; i++) {
        const MsPool *pool = cluster->pools->pdata[i];
        g_autofree char *state = NULL;
        if (pool_hidden(cluster, op, pool->name))
            continue;
        gint used_by = ms_used_by_pool(cluster, pool);
        g_autofree char *used = used_by >= 0 ? g_strdup_printf("%d", used_by) : g_strdup("");
        if (used_by < 0 && *note == NULL)
            *note = g_strdup_printf(
                "USED BY of a %s pool (its image volumes) is not modelled (printed empty)", pool->driver);
        state = g_ascii_strup(ms_pool_status(pool), -1);
        g_ptr_array_add(rows, row_new(5, pool->name, pool->driver, "", used, state));
        json_array_add_element(array, pool_node(cluster, profile, pool));
        users_left_out |= used_by != 0;
    }
    if (users_left_out)
        note_used_by_left_out(op, note, "a pool in use");
    g_ptr_array_sort(rows, compare_rows);
    return render(op, G_N_ELEMENTS(headers), headers, rows, raw, note);
}

/* lxc storage volume list POOL: default columns "etndcuL" (lxd-5.0.2
 * lxc/storage_volume.go:1347; "petndcuL" at 5.21.7 and 6.9, where p and e
 * are dropped with a pool named and no --all-projects), sorted by type then
 * name (utils.ByNameAndType) */
static char *
volume_list(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, const char **not_found,
            char **note)
{
    static const char *const headers[] = { "TYPE",         "NAME",    "DESCRIPTION",
                                           "CONTENT-TYPE", "USED BY", "LOCATION" };
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    g_autoptr(JsonNode) raw = json_node_new(JSON_NODE_ARRAY);
    JsonArray *array = json_array_new();
    gboolean users_left_out = FALSE;

    json_node_take_array(raw, array);
    if (ms_cluster_lookup_pool(cluster, op->pool) == NULL) {
        *not_found = "pool";
        return NULL;
    }
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
        const char *type = instance->type == MS_INSTANCE_VM ? "virtual-machine" : "container";
        const char *content = instance->type == MS_INSTANCE_VM ? "block" : "filesystem";
        /* the instances of the request's project, the custom volumes of its
         * storage project (storagePoolVolumesGet, lxd/storage_volumes.go:708
         * at lxd-5.21.7) */
        if (g_strcmp0(root_pool(devices), op->pool) != 0 ||
            g_strcmp0(instance->project, ms_project_key(op->project)) != 0)
            continue;
        /* an instance volume is used by its instance alone
         * (storagePoolVolumeUsedByGet, lxd/storage_volumes_utils.go:90-97
         * at lxd-5.0.2; :145-152 and :190-197 at lxd-5.21.7 and lxd-6.9,
         * where a VM's volume also lists the instances attaching it, which
         * migsim does not model).  Seen live on 5.0.2: USED BY 1. */
        g_ptr_array_add(rows, row_new(6, type, instance->name, "", content, "1", instance->location));
        users_left_out |= instance->type == MS_INSTANCE_VM;
        json_array_add_element(array,
                               volume_node(profile, instance->name, type, content, instance->location, NULL,
                                           instance_volume_used_by(instance), instance->project));
    }
    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *volume = cluster->volumes->pdata[i];
        const char *content = ms_content_type_to_string(volume->content_type);
        if (!g_str_equal(volume->pool, op->pool) ||
            !ms_volume_in_project(volume, ms_cluster_volume_project(cluster, op->project)))
            continue;
        g_autoptr(GPtrArray) urls = ms_used_by_custom_volume_urls(cluster, volume);
        g_autofree char *used = g_strdup_printf("%u", urls->len);
        JsonArray *used_by = NULL;
        g_ptr_array_add(rows, row_new(6, "custom", volume->name, "", content, used,
                                      volume->location ? volume->location : ""));
        /* two or more: their order (the database's) is not modelled */
        if (urls->len <= 1) {
            used_by = json_array_new();
            for (guint u = 0; u < urls->len; u++)
                json_array_add_string_element(used_by, urls->pdata[u]);
        }
        users_left_out |= used_by == NULL;
        json_array_add_element(array, volume_node(profile, volume->name, "custom", content, volume->location,
                                                  volume->config, used_by, volume->project));
    }
    g_ptr_array_sort(rows, compare_rows);
    *note = g_strdup_printf(
        "image volumes and snapshots are not modelled (not printed; pasted rows of them are not compared)%s",
        users_left_out && structured(op)
            ? "; the used_by of a custom volume with two users or more and of a VM's volume is not printed "
              "(the order of its URLs, or a VM's attaching instances, are not modelled)"
            : "");
    return render(op, G_N_ELEMENTS(headers), headers, rows, raw, note);
}

/* lxc profile list (lxc/profile.go:615-637 at lxd-5.0.2; columns "ndu" at
 * lxd-5.21.7 and lxd-6.9) */
static char *
profile_list(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, char **note)
{
    static const char *const headers[] = { "NAME", "DESCRIPTION", "USED BY" };
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    g_autoptr(JsonNode) raw = json_node_new(JSON_NODE_ARRAY);
    JsonArray *array = json_array_new();

    json_node_take_array(raw, array);
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];
        JsonNode *node;
        JsonObject *o;
        /* the request's project, or default without features.profiles */
        if (!ms_project_same(p->project, ms_cluster_profile_project(cluster, op->project)))
            continue;
        node = profile_node(cluster, profile, p);
        o = json_node_get_object(node);
        g_autofree char *used =
            g_strdup_printf("%u", json_array_get_length(json_object_get_array_member(o, "used_by")));
        g_ptr_array_add(rows, row_new(3, p->name, json_object_get_string_member(o, "description"), used));
        json_array_add_element(array, node);
    }
    g_ptr_array_sort(rows, compare_rows);
    return render(op, G_N_ELEMENTS(headers), headers, rows, raw, note);
}

/* A managed network's IPV4 or IPV6 cell, Config["ipv4.address"] (lxc/
 * network.go:943-944 at lxd-5.0.2), or NULL when migsim cannot know it: a
 * bridge's or OVN network's final create fills an unset or "auto" address
 * with a random subnet (FillConfig, lxd/network/driver_bridge.go and
 * driver_ovn.go; ipv6 only where the host has IPv6), stored even when the
 * create then fails.  A pending network has no global config yet. */
static const char *
network_address(const MsNetwork *network, const char *type, const char *key)
{
    const char *value = ms_config_get(network->config, key);

    if (!network->created && !network->errored && g_strcmp0(type, "ovn") != 0)
        return "";
    if ((g_strcmp0(type, "bridge") == 0 || g_strcmp0(type, "ovn") == 0) &&
        (value == NULL || *value == '\0' || g_str_equal(value, "auto")))
        return NULL;
    return value != NULL ? value : "";
}

/* lxc network list (lxc/network.go:920-965 at lxd-5.0.2; the same default
 * columns at lxd-5.21.7 and lxd-6.9) */
static char *
network_list(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, char **note)
{
    static const char *const headers[] = { "NAME", "TYPE",        "MANAGED", "IPV4",
                                           "IPV6", "DESCRIPTION", "USED BY", "STATE" };
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    g_autoptr(JsonNode) raw = json_node_new(JSON_NODE_ARRAY);
    JsonArray *array = json_array_new();
    gboolean unknown_address = FALSE;
    gboolean users_left_out = FALSE;

    json_node_take_array(raw, array);
    /* the managed networks of the request's network project, and the host's
     * interfaces only for default (networksGet, lxd/networks.go:171,184,190 at
     * lxd-5.0.2): a project with features.networks has none of migsim's
     * networks, which live in default */
    for (guint i = 0; ms_cluster_network_project(cluster, op->project) == NULL && i < cluster->networks->len;
         i++) {
        const MsNetwork *network = cluster->networks->pdata[i];
        const char *type = ms_config_get(network->config, "type") ?: "bridge";
        const char *ipv4 = network_address(network, type, "ipv4.address");
        const char *ipv6 = network_address(network, type, "ipv6.address");
        guint n_used = ms_used_by_network(cluster, network, type);
        g_autofree char *used = g_strdup_printf("%u", n_used);
        users_left_out |= n_used > 0;
        if (ipv4 == NULL || ipv6 == NULL)
            unknown_address = TRUE;
        g_ptr_array_add(rows, row_new(8, network->name, type, "YES", ipv4 ?: "", ipv6 ?: "", "", used,
                                      network->created                                  ? "CREATED"
                                      : network->errored || g_strcmp0(type, "ovn") == 0 ? "ERRORED"
                                                                                        : "PENDING"));
        json_array_add_element(array, network_node(cluster, profile, network));
    }
    g_ptr_array_sort(rows, compare_rows);
    *note = g_strdup_printf(
        "the host's unmanaged interfaces are not modelled (not printed; pasted rows with MANAGED NO "
        "are not compared)%s",
        unknown_address
            ? "; the random subnet a created network's unset or auto address gets is not modelled "
              "(printed empty)"
            : "");
    if (users_left_out)
        note_used_by_left_out(op, note, "a network in use");
    return render(op, G_N_ELEMENTS(headers), headers, rows, raw, note);
}

/* lxc operation list (lxc/operation.go:140-170 at lxd-5.0.2; STATUS at
 * lxd-5.21.7 and lxd-6.9, :106); incus operation list heads that column
 * STATE at every tag (cmd/incus/operation.go:157 at v6.0.4, the fixed
 * header :174 at v6.0.0, :170 at v7.3.0) */
static char *
operation_list(const MsProfile *profile, const MsOp *op, char **note)
{
    const char *const headers[] = { "ID",          "TYPE",
                                    "DESCRIPTION", ms_profile_is_incus(profile) ? "STATE" : "STATUS",
                                    "CANCELABLE",  "CREATED",
                                    "LOCATION" };
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    g_autoptr(JsonNode) raw = json_node_new(JSON_NODE_ARRAY);

    json_node_take_array(raw, json_array_new());
    *note =
        g_strdup("background operations are not modelled: migsim lists none (pasted rows are not compared)");
    return render(op, G_N_ELEMENTS(headers), headers, rows, raw, note);
}

/* lxc info NAME (lxc/info.go instanceInfo: Name, Status, Type,
 * Architecture, Location on a cluster, then PID, dates, resources) */
static char *
instance_info(const MsCluster *cluster, const MsInstance *instance, char **note)
{
    const MsMember *member = ms_cluster_lookup_member(cluster, instance->location);
    const char *arch = ms_instance_get_config(instance, "volatile.architecture");

    *note = g_strdup("the PID, dates, resources and snapshots of lxc info are not modelled (not printed; "
                     "pasted lines of them are not compared)");
    return g_strdup_printf("Name: %s\nStatus: %s\nType: %s\nArchitecture: %s\nLocation: %s\n", instance->name,
                           ms_instance_status_to_string(instance->status),
                           ms_instance_type_to_string(instance->type),
                           arch     ? arch
                           : member ? member->architecture
                                    : "x86_64",
                           instance->location);
}

static char *
yaml_of(JsonNode *node)
{
    char *text = ms_yaml_emit(node);

    json_node_unref(node);
    return text;
}

char *
ms_show_print(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, const char **not_found,
              char **note)
{
    switch (op->kind) {
    case MS_OP_INFO:
    case MS_OP_CONFIG_SHOW: {
        const MsInstance *instance;
        if (op->kind == MS_OP_CONFIG_SHOW && op->instance == NULL) {
            /* server.Writable(): ServerPut, only "config" */
            JsonObject *o = json_object_new();
            json_object_set_object_member(o, "config", server_config_object(cluster->server_config, profile));
            return yaml_of(take_object(o));
        }
        /* GET /1.0/instances/NAME?project=P loads the instance of the
         * request's project only (instance.LoadByProjectAndName,
         * lxd/instance_get.go:134 at lxd-5.0.2, :147 at lxd-5.21.7, :158 at
         * lxd-6.9): one of another project is "Instance not found" */
        instance = ms_cluster_lookup_project_instance(cluster, op->project, op->instance);
        if (instance == NULL) {
            *not_found = "instance";
            return NULL;
        }
        if (op->kind == MS_OP_INFO)
            return instance_info(cluster, instance, note);
        return yaml_of(instance_put(cluster, instance, op->expanded));
    }
    case MS_OP_CLUSTER_SHOW: {
        const MsMember *member = ms_cluster_lookup_member(cluster, op->member);
        if (member == NULL) {
            *not_found = "member";
            return NULL;
        }
        return yaml_of(ms_show_member(cluster, profile, member));
    }
    case MS_OP_PROFILE_SHOW: {
        /* the profile of the request's profile project (profileGet,
         * ProfileProject: lxd/profiles.go:383 at lxd-5.0.2), not always the
         * default project's */
        const MsProfileEntity *p = ms_cluster_lookup_profile_in(
            cluster, ms_cluster_profile_project(cluster, op->project), op->profile);
        if (p == NULL) {
            *not_found = "profile";
            return NULL;
        }
        return yaml_of(profile_node(cluster, profile, p));
    }
    case MS_OP_STORAGE_LIST:
        return storage_list(cluster, profile, op, note);
    case MS_OP_VOLUME_LIST:
        return volume_list(cluster, profile, op, not_found, note);
    case MS_OP_PROFILE_LIST:
        return profile_list(cluster, profile, op, note);
    case MS_OP_NETWORK_LIST:
        return network_list(cluster, profile, op, note);
    case MS_OP_OPERATION_LIST:
        return operation_list(profile, op, note);
    default:
        g_assert_not_reached();
    }
}
