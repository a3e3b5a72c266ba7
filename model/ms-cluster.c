/* migsim: the cluster container, lookups, config expansion and the JSON dump. */
#include "ms-cluster.h"

#include <string.h>

#include "ms-config.h"

/* Private index: instances by member, so evacuating a member costs its own
 * instances, not the whole cluster's. */
typedef struct {
    MsCluster pub;
    GHashTable *by_location; /* member name -> (name -> MsInstance, borrowed) */
} MsClusterPriv;

static GHashTable *
location_index(const MsCluster *cluster)
{
    return ((const MsClusterPriv *) cluster)->by_location;
}

MsCluster *
ms_cluster_new(void)
{
    MsClusterPriv *priv = g_new0(MsClusterPriv, 1);
    MsCluster *cluster = &priv->pub;

    cluster->members = g_ptr_array_new_with_free_func((GDestroyNotify) ms_member_free);
    cluster->pools = g_ptr_array_new_with_free_func((GDestroyNotify) ms_pool_free);
    cluster->volumes = g_ptr_array_new_with_free_func((GDestroyNotify) ms_volume_free);
    cluster->profiles = g_ptr_array_new_with_free_func((GDestroyNotify) ms_profile_entity_free);
    cluster->instances = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) ms_instance_free);
    cluster->server_config = ms_config_new();
    cluster->next_member_id = 1;
    priv->by_location = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_hash_table_unref);
    g_ptr_array_add(cluster->profiles, ms_profile_entity_new("default"));
    cluster->cluster_groups = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(cluster->cluster_groups, g_strdup("default"));
    cluster->networks = g_ptr_array_new_with_free_func((GDestroyNotify) ms_network_free);
    cluster->placement_groups = g_ptr_array_new_with_free_func((GDestroyNotify) ms_placement_group_free);
    return cluster;
}

void
ms_cluster_free(MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (cluster == NULL)
        return;
    g_ptr_array_unref(cluster->members);
    g_ptr_array_unref(cluster->pools);
    g_ptr_array_unref(cluster->volumes);
    g_ptr_array_unref(cluster->profiles);
    g_hash_table_unref(priv->by_location);
    g_hash_table_unref(cluster->instances);
    g_hash_table_unref(cluster->server_config);
    g_free(cluster->evacuating_member);
    g_free(cluster->restoring_member);
    g_ptr_array_unref(cluster->cluster_groups);
    g_ptr_array_unref(cluster->networks);
    g_ptr_array_unref(cluster->placement_groups);
    g_free(priv);
}

MsCluster *
ms_cluster_copy(const MsCluster *cluster)
{
    MsCluster *copy = ms_cluster_new();
    GHashTableIter iter;
    gpointer value;

    g_ptr_array_set_size(copy->profiles, 0);
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = ms_member_copy(cluster->members->pdata[i]);
        /* recounted as the instances are added below */
        member->n_instances = 0;
        g_ptr_array_add(copy->members, member);
    }
    for (guint i = 0; i < cluster->pools->len; i++)
        g_ptr_array_add(copy->pools, ms_pool_copy(cluster->pools->pdata[i]));
    for (guint i = 0; i < cluster->volumes->len; i++)
        g_ptr_array_add(copy->volumes, ms_volume_copy(cluster->volumes->pdata[i]));
    for (guint i = 0; i < cluster->profiles->len; i++)
        g_ptr_array_add(copy->profiles, ms_profile_entity_copy(cluster->profiles->pdata[i]));
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        ms_cluster_add_instance(copy, ms_instance_copy(value));
    g_hash_table_unref(copy->server_config);
    copy->server_config = ms_config_copy(cluster->server_config);
    copy->next_member_id = cluster->next_member_id;
    copy->evacuating_member = g_strdup(cluster->evacuating_member);
    copy->restoring_member = g_strdup(cluster->restoring_member);
    g_ptr_array_set_size(copy->cluster_groups, 0);
    for (guint i = 0; i < cluster->cluster_groups->len; i++)
        g_ptr_array_add(copy->cluster_groups, g_strdup(cluster->cluster_groups->pdata[i]));
    for (guint i = 0; i < cluster->networks->len; i++) {
        const MsNetwork *n = cluster->networks->pdata[i];
        MsNetwork *c = g_new0(MsNetwork, 1);
        GHashTableIter iter;
        gpointer key;

        c->name = g_strdup(n->name);
        c->created = n->created;
        c->config = ms_config_copy(n->config);
        c->pending_on = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_iter_init(&iter, n->pending_on);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            g_hash_table_add(c->pending_on, g_strdup(key));
        g_ptr_array_add(copy->networks, c);
    }
    for (guint i = 0; i < cluster->placement_groups->len; i++) {
        const MsPlacementGroup *g = cluster->placement_groups->pdata[i];
        MsPlacementGroup *c = g_new0(MsPlacementGroup, 1);
        c->name = g_strdup(g->name);
        c->config = ms_config_copy(g->config);
        g_ptr_array_add(copy->placement_groups, c);
    }
    return copy;
}

MsMember *
ms_cluster_add_member(MsCluster *cluster, const char *name)
{
    MsMember *member = ms_member_new(name, cluster->next_member_id++);

    g_ptr_array_add(cluster->members, member);
    return member;
}

MsMember *
ms_cluster_lookup_member(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        if (g_str_equal(member->name, name))
            return member;
    }
    return NULL;
}

MsPool *
ms_cluster_lookup_pool(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->pools->len; i++) {
        MsPool *pool = cluster->pools->pdata[i];
        if (g_str_equal(pool->name, name))
            return pool;
    }
    return NULL;
}

MsProfileEntity *
ms_cluster_lookup_profile(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->profiles->len; i++) {
        MsProfileEntity *profile = cluster->profiles->pdata[i];
        if (g_str_equal(profile->name, name))
            return profile;
    }
    return NULL;
}

MsInstance *
ms_cluster_lookup_instance(const MsCluster *cluster, const char *name)
{
    return g_hash_table_lookup(cluster->instances, name);
}

void
ms_network_free(MsNetwork *network)
{
    if (network == NULL)
        return;
    g_free(network->name);
    g_hash_table_unref(network->pending_on);
    g_hash_table_unref(network->config);
    g_free(network);
}

void
ms_placement_group_free(MsPlacementGroup *group)
{
    if (group == NULL)
        return;
    g_free(group->name);
    g_hash_table_unref(group->config);
    g_free(group);
}

MsNetwork *
ms_cluster_lookup_network(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->networks->len; i++) {
        MsNetwork *network = cluster->networks->pdata[i];
        if (g_str_equal(network->name, name))
            return network;
    }
    return NULL;
}

MsPlacementGroup *
ms_cluster_lookup_placement_group(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->placement_groups->len; i++) {
        MsPlacementGroup *group = cluster->placement_groups->pdata[i];
        if (g_str_equal(group->name, name))
            return group;
    }
    return NULL;
}

gboolean
ms_cluster_has_group(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->cluster_groups->len; i++)
        if (g_str_equal(cluster->cluster_groups->pdata[i], name))
            return TRUE;
    return FALSE;
}

MsVolume *
ms_cluster_lookup_volume(const MsCluster *cluster, const char *pool, const char *name,
                         const char *member)
{
    MsVolume *found = NULL;
    guint n_found = 0;

    for (guint i = 0; i < cluster->volumes->len; i++) {
        MsVolume *volume = cluster->volumes->pdata[i];
        if (!g_str_equal(volume->pool, pool) || !g_str_equal(volume->name, name))
            continue;
        if (volume->location == NULL)
            return volume;
        if (member != NULL) {
            if (g_str_equal(volume->location, member))
                return volume;
            continue;
        }
        found = volume;
        n_found++;
    }
    return n_found == 1 ? found : NULL;
}

guint
ms_cluster_count_volumes(const MsCluster *cluster, const char *pool, const char *name)
{
    guint n = 0;

    for (guint i = 0; i < cluster->volumes->len; i++) {
        MsVolume *volume = cluster->volumes->pdata[i];
        if (g_str_equal(volume->pool, pool) && g_str_equal(volume->name, name))
            n++;
    }
    return n;
}

static int
compare_instances_by_name(gconstpointer a, gconstpointer b)
{
    const MsInstance *ia = *(MsInstance *const *) a;
    const MsInstance *ib = *(MsInstance *const *) b;

    return strcmp(ia->name, ib->name);
}

GPtrArray *
ms_cluster_list_instances(const MsCluster *cluster, const char *location)
{
    GHashTable *source = cluster->instances;
    GPtrArray *list;
    GHashTableIter iter;
    gpointer value;

    if (location != NULL) {
        source = g_hash_table_lookup(location_index(cluster), location);
        if (source == NULL)
            return g_ptr_array_new();
    }
    list = g_ptr_array_sized_new(g_hash_table_size(source));
    g_hash_table_iter_init(&iter, source);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(list, value);
    g_ptr_array_sort(list, compare_instances_by_name);
    return list;
}

static void
index_instance(MsCluster *cluster, MsInstance *instance)
{
    GHashTable *set = g_hash_table_lookup(location_index(cluster), instance->location);
    MsMember *member = ms_cluster_lookup_member(cluster, instance->location);

    if (set == NULL) {
        set = g_hash_table_new(g_str_hash, g_str_equal);
        g_hash_table_insert(location_index(cluster), g_strdup(instance->location), set);
    }
    g_hash_table_insert(set, instance->name, instance);
    if (member != NULL)
        member->n_instances++;
}

static void
unindex_instance(MsCluster *cluster, MsInstance *instance)
{
    GHashTable *set = g_hash_table_lookup(location_index(cluster), instance->location);
    MsMember *member = ms_cluster_lookup_member(cluster, instance->location);

    if (set != NULL)
        g_hash_table_remove(set, instance->name);
    if (member != NULL && member->n_instances > 0)
        member->n_instances--;
}

void
ms_cluster_add_instance(MsCluster *cluster, MsInstance *instance)
{
    g_hash_table_insert(cluster->instances, instance->name, instance);
    index_instance(cluster, instance);
}

void
ms_cluster_remove_instance(MsCluster *cluster, const char *name)
{
    MsInstance *instance = g_hash_table_lookup(cluster->instances, name);

    if (instance == NULL)
        return;
    unindex_instance(cluster, instance);
    g_hash_table_remove(cluster->instances, name);
}

void
ms_cluster_set_instance_location(MsCluster *cluster, MsInstance *instance, const char *location)
{
    unindex_instance(cluster, instance);
    g_free(instance->location);
    instance->location = g_strdup(location);
    index_instance(cluster, instance);
}

/* CFG.EXPAND: 5.0.2 db.ExpandInstanceConfig (profiles, then local);
 * 5.21.0+ instancetype.ExpandInstanceConfig adds the server key
 * instances.migration.stateful underneath when it parses true. */
GHashTable *
ms_cluster_expand_config(const MsCluster *cluster, const MsProfile *profile,
                         const MsInstance *instance)
{
    GHashTable *expanded = ms_config_new();
    GHashTableIter iter;
    gpointer key, value;

    if (ms_profile_has(profile, MS_FEATURE_SERVER_STATEFUL_KEY)) {
        const char *server = ms_config_get(cluster->server_config, "instances.migration.stateful");
        if (ms_is_true(server))
            ms_config_set(expanded, "migration.stateful", "true");
    }
    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile(cluster, instance->profiles->pdata[i]);
        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            ms_config_set(expanded, key, value);
    }
    g_hash_table_iter_init(&iter, instance->config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        ms_config_set(expanded, key, value);
    return expanded;
}

const char *
ms_cluster_expanded_value(const MsCluster *cluster, const MsProfile *profile,
                          const MsInstance *instance, const char *key, MsConfigLayer *layer,
                          const char **layer_name)
{
    const char *value = ms_config_get(instance->config, key);
    MsConfigLayer found = MS_LAYER_NONE;
    const char *found_name = NULL;

    if (value != NULL) {
        found = MS_LAYER_LOCAL;
    } else {
        for (guint i = instance->profiles->len; i > 0 && value == NULL; i--) {
            MsProfileEntity *p = ms_cluster_lookup_profile(cluster, instance->profiles->pdata[i - 1]);
            if (p != NULL && (value = ms_config_get(p->config, key)) != NULL) {
                found = MS_LAYER_PROFILE;
                found_name = p->name;
            }
        }
    }
    if (value == NULL && g_str_equal(key, "migration.stateful") &&
        ms_profile_has(profile, MS_FEATURE_SERVER_STATEFUL_KEY)) {
        const char *server = ms_config_get(cluster->server_config, "instances.migration.stateful");
        if (ms_is_true(server)) {
            value = "true";
            found = MS_LAYER_SERVER;
            found_name = "instances.migration.stateful";
        }
    }
    if (layer != NULL)
        *layer = found;
    if (layer_name != NULL)
        *layer_name = found_name;
    return value;
}

GHashTable *
ms_cluster_expand_devices(const MsCluster *cluster, const MsInstance *instance)
{
    GHashTable *expanded = ms_devices_new();
    GHashTableIter iter;
    gpointer key, value;

    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile(cluster, instance->profiles->pdata[i]);
        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->devices);
        while (g_hash_table_iter_next(&iter, &key, &value))
            g_hash_table_insert(expanded, g_strdup(key), ms_config_copy(value));
    }
    g_hash_table_iter_init(&iter, instance->devices);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(expanded, g_strdup(key), ms_config_copy(value));
    return expanded;
}

static void
add_config(JsonBuilder *builder, const char *name, GHashTable *config)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);

    json_builder_set_member_name(builder, name);
    json_builder_begin_object(builder);
    for (guint i = 0; keys[i] != NULL; i++) {
        json_builder_set_member_name(builder, keys[i]);
        json_builder_add_string_value(builder, g_hash_table_lookup(config, keys[i]));
    }
    json_builder_end_object(builder);
}

static void
add_devices(JsonBuilder *builder, const char *name, GHashTable *devices)
{
    g_autofree const char **keys = ms_config_sorted_keys(devices);

    json_builder_set_member_name(builder, name);
    json_builder_begin_object(builder);
    for (guint i = 0; keys[i] != NULL; i++)
        add_config(builder, keys[i], g_hash_table_lookup(devices, keys[i]));
    json_builder_end_object(builder);
}

static void
add_string(JsonBuilder *builder, const char *name, const char *value)
{
    json_builder_set_member_name(builder, name);
    if (value == NULL)
        json_builder_add_null_value(builder);
    else
        json_builder_add_string_value(builder, value);
}

JsonNode *
ms_cluster_to_json(const MsCluster *cluster, const MsProfile *profile)
{
    g_autoptr(JsonBuilder) builder = json_builder_new();
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);

    json_builder_begin_object(builder);
    add_string(builder, "release", profile->name);

    json_builder_set_member_name(builder, "members");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *m = cluster->members->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "name", m->name);
        json_builder_set_member_name(builder, "id");
        json_builder_add_int_value(builder, m->id);
        add_string(builder, "status", ms_member_status_to_string(m->status));
        add_string(builder, "architecture", m->architecture);
        add_string(builder, "failure_domain", m->failure_domain);
        json_builder_set_member_name(builder, "groups");
        json_builder_begin_array(builder);
        for (guint g = 0; g < m->groups->len; g++)
            json_builder_add_string_value(builder, m->groups->pdata[g]);
        json_builder_end_array(builder);
        add_string(builder, "role", ms_member_role_to_string(m->role));
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    json_builder_set_member_name(builder, "pools");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->pools->len; i++) {
        MsPool *p = cluster->pools->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "name", p->name);
        add_string(builder, "driver", p->driver);
        add_string(builder, "status", ms_pool_state_to_api(p->state));
        json_builder_set_member_name(builder, "remote");
        json_builder_add_boolean_value(builder, ms_pool_is_remote(p));
        json_builder_set_member_name(builder, "members");
        json_builder_begin_object(builder);
        for (guint m = 0; m < cluster->members->len; m++) {
            MsMember *member = cluster->members->pdata[m];
            gpointer state = g_hash_table_lookup(p->member_state, member->name);
            if (state == NULL)
                continue;
            add_string(builder, member->name,
                       ms_pool_state_to_api(GPOINTER_TO_INT(state) - 1));
        }
        json_builder_end_object(builder);
        add_config(builder, "config", p->config);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    json_builder_set_member_name(builder, "volumes");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->volumes->len; i++) {
        MsVolume *v = cluster->volumes->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "pool", v->pool);
        add_string(builder, "name", v->name);
        add_string(builder, "content_type", ms_content_type_to_string(v->content_type));
        add_string(builder, "location", v->location);
        add_config(builder, "config", v->config);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    json_builder_set_member_name(builder, "profiles");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->profiles->len; i++) {
        MsProfileEntity *p = cluster->profiles->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "name", p->name);
        add_config(builder, "config", p->config);
        add_devices(builder, "devices", p->devices);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    json_builder_set_member_name(builder, "instances");
    json_builder_begin_array(builder);
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *inst = instances->pdata[i];
        g_autoptr(GHashTable) expanded = ms_cluster_expand_config(cluster, profile, inst);
        g_autoptr(GHashTable) expanded_devices = ms_cluster_expand_devices(cluster, inst);

        json_builder_begin_object(builder);
        add_string(builder, "name", inst->name);
        add_string(builder, "type", ms_instance_type_to_string(inst->type));
        add_string(builder, "status", ms_instance_status_to_string(inst->status));
        add_string(builder, "location", inst->location);
        json_builder_set_member_name(builder, "profiles");
        json_builder_begin_array(builder);
        for (guint p = 0; p < inst->profiles->len; p++)
            json_builder_add_string_value(builder, inst->profiles->pdata[p]);
        json_builder_end_array(builder);
        add_config(builder, "config", inst->config);
        add_devices(builder, "devices", inst->devices);
        add_config(builder, "expanded_config", expanded);
        add_devices(builder, "expanded_devices", expanded_devices);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    /* cluster-wide objects, each in creation order; a network's pending
     * members in member-ID order (hash order would not be stable) */
    json_builder_set_member_name(builder, "cluster_groups");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->cluster_groups->len; i++)
        json_builder_add_string_value(builder, cluster->cluster_groups->pdata[i]);
    json_builder_end_array(builder);

    json_builder_set_member_name(builder, "networks");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->networks->len; i++) {
        MsNetwork *n = cluster->networks->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "name", n->name);
        add_string(builder, "status", n->created ? "Created" : "Pending");
        json_builder_set_member_name(builder, "pending_on");
        json_builder_begin_array(builder);
        for (guint m = 0; m < cluster->members->len; m++) {
            MsMember *member = cluster->members->pdata[m];
            if (g_hash_table_contains(n->pending_on, member->name))
                json_builder_add_string_value(builder, member->name);
        }
        json_builder_end_array(builder);
        add_config(builder, "config", n->config);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    json_builder_set_member_name(builder, "placement_groups");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->placement_groups->len; i++) {
        MsPlacementGroup *g = cluster->placement_groups->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "name", g->name);
        add_config(builder, "config", g->config);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    add_config(builder, "server_config", cluster->server_config);
    json_builder_end_object(builder);
    return json_builder_get_root(builder);
}

char *
ms_cluster_to_json_string(const MsCluster *cluster, const MsProfile *profile)
{
    g_autoptr(JsonNode) root = ms_cluster_to_json(cluster, profile);
    g_autoptr(JsonGenerator) generator = json_generator_new();

    json_generator_set_pretty(generator, TRUE);
    json_generator_set_indent(generator, 2);
    json_generator_set_root(generator, root);
    return json_generator_to_data(generator, NULL);
}

void
ms_cluster_assign_roles(MsCluster *cluster)
{
    guint n = cluster->members->len;

    for (guint i = 0; i < n; i++) {
        MsMember *member = cluster->members->pdata[i];
        if (n >= 3)
            member->role = i < 3 ? MS_MEMBER_ROLE_VOTER : i < 5 ? MS_MEMBER_ROLE_STANDBY : MS_MEMBER_ROLE_SPARE;
        else
            member->role = i == 0 ? MS_MEMBER_ROLE_VOTER : MS_MEMBER_ROLE_STANDBY;
    }
}
