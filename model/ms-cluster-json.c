/* migsim: the cluster as JSON, the shape of `migsim state`, the reports'
 * pictures and the state files (ms-state-file.c dumps it with the optional
 * fields and reads it back). */
#include "ms-cluster.h"

#include <string.h>

#include "ms-apply-private.h"
#include "ms-config.h"

static void
add_config_map(JsonBuilder *builder, const char *name, const MsConfigMap *config)
{
    json_builder_set_member_name(builder, name);
    json_builder_begin_object(builder);
    for (guint i = 0; i < ms_config_map_size(config); i++) {
        json_builder_set_member_name(builder, ms_config_map_key(config, i));
        json_builder_add_string_value(builder, ms_config_map_value(config, i));
    }
    json_builder_end_object(builder);
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

/* A device's options, in key order (its own order) */
static void
add_device(JsonBuilder *builder, const char *name, const MsDevice *device)
{
    MsDeviceIter iter;
    const char *key, *value;

    json_builder_set_member_name(builder, name);
    json_builder_begin_object(builder);
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        json_builder_set_member_name(builder, key);
        json_builder_add_string_value(builder, value);
    }
    json_builder_end_object(builder);
}

static void
add_devices(JsonBuilder *builder, const char *name, MsDevices *devices)
{
    g_autofree const char **keys = ms_devices_sorted_names(devices);

    json_builder_set_member_name(builder, name);
    json_builder_begin_object(builder);
    for (guint i = 0; keys[i] != NULL; i++)
        add_device(builder, keys[i], ms_devices_lookup(devices, keys[i]));
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

/* the members, in ID order */
static void
add_members(JsonBuilder *builder, const MsCluster *cluster)
{
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
}

/* the storage pools and their state per member */
static void
add_pools(JsonBuilder *builder, const MsCluster *cluster)
{
    json_builder_set_member_name(builder, "pools");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->pools->len; i++) {
        const MsPool *p = cluster->pools->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "name", p->name);
        add_string(builder, "driver", p->driver);
        add_string(builder, "status", ms_pool_status(p));
        json_builder_set_member_name(builder, "remote");
        json_builder_add_boolean_value(builder, ms_pool_is_remote(p));
        json_builder_set_member_name(builder, "members");
        json_builder_begin_object(builder);
        for (guint m = 0; m < cluster->members->len; m++) {
            MsMember *member = cluster->members->pdata[m];
            gpointer state = g_hash_table_lookup(p->member_state, member->name);
            if (state == NULL)
                continue;
            add_string(builder, member->name, ms_pool_state_to_api(GPOINTER_TO_INT(state) - 1));
        }
        json_builder_end_object(builder);
        add_config(builder, "config", p->config);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);
}

/* the instances in name order, with their expanded config and devices */
static void
add_instances(JsonBuilder *builder, const MsCluster *cluster, const MsProfile *profile)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);

    json_builder_set_member_name(builder, "instances");
    json_builder_begin_array(builder);
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *inst = instances->pdata[i];
        g_autoptr(GHashTable) expanded = ms_cluster_expand_config(cluster, profile, inst);
        g_autoptr(MsDevices) expanded_devices = ms_cluster_expand_devices(cluster, inst);

        json_builder_begin_object(builder);
        add_string(builder, "name", inst->name);
        add_string(builder, "type", ms_instance_type_to_string(inst->type));
        add_string(builder, "status", ms_instance_status_to_string(inst->status));
        add_string(builder, "location", inst->location);
        if (inst->project != NULL)
            add_string(builder, "project", inst->project);
        json_builder_set_member_name(builder, "profiles");
        json_builder_begin_array(builder);
        for (guint p = 0; p < inst->profiles->len; p++)
            json_builder_add_string_value(builder, inst->profiles->pdata[p]);
        json_builder_end_array(builder);
        add_config_map(builder, "config", inst->config);
        add_devices(builder, "devices", inst->devices);
        add_config(builder, "expanded_config", expanded);
        add_devices(builder, "expanded_devices", expanded_devices);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);
}

/* the networks; a network's pending members in member-ID order (hash order would not be stable) */
static void
add_networks(JsonBuilder *builder, const MsCluster *cluster)
{
    json_builder_set_member_name(builder, "networks");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->networks->len; i++) {
        MsNetwork *n = cluster->networks->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "name", n->name);
        add_string(builder, "status", n->created ? "Created" : n->errored ? "Errored" : "Pending");
        json_builder_set_member_name(builder, "pending_on");
        json_builder_begin_array(builder);
        for (guint m = 0; m < cluster->members->len; m++) {
            MsMember *member = cluster->members->pdata[m];
            if (g_hash_table_contains(n->pending_on, member->name))
                json_builder_add_string_value(builder, member->name);
        }
        json_builder_end_array(builder);
        add_config(builder, "config", n->config);
        if (g_hash_table_size(n->forwards) > 0)
            add_config(builder, "forwards", n->forwards);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);
}

JsonNode *
ms_cluster_to_json(const MsCluster *cluster, const MsProfile *profile)
{
    g_autoptr(JsonBuilder) builder = json_builder_new();

    json_builder_begin_object(builder);
    add_string(builder, "release", profile->name);

    add_members(builder, cluster);

    add_pools(builder, cluster);

    json_builder_set_member_name(builder, "volumes");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->volumes->len; i++) {
        MsVolume *v = cluster->volumes->pdata[i];
        json_builder_begin_object(builder);
        add_string(builder, "pool", v->pool);
        add_string(builder, "name", v->name);
        if (v->project != NULL) /* absent: the default project */
            add_string(builder, "project", v->project);
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
        if (p->project != NULL) /* absent: the default project (files without projects stay as they were) */
            add_string(builder, "project", p->project);
        add_config(builder, "config", p->config);
        add_devices(builder, "devices", p->devices);
        json_builder_end_object(builder);
    }
    json_builder_end_array(builder);

    add_instances(builder, cluster, profile);

    /* cluster-wide objects, each in creation order */
    json_builder_set_member_name(builder, "cluster_groups");
    json_builder_begin_array(builder);
    for (guint i = 0; i < cluster->cluster_groups->len; i++)
        json_builder_add_string_value(builder, cluster->cluster_groups->pdata[i]);
    json_builder_end_array(builder);

    add_networks(builder, cluster);

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

    /* the non-default projects and the default one's config once set, only
     * when there are some */
    if (cluster->projects->len > 0) {
        json_builder_set_member_name(builder, "projects");
        json_builder_begin_array(builder);
        for (guint i = 0; i < cluster->projects->len; i++) {
            const MsProject *p = cluster->projects->pdata[i];
            json_builder_begin_object(builder);
            add_string(builder, "name", p->name);
            add_config(builder, "config", p->config);
            json_builder_end_object(builder);
        }
        json_builder_end_array(builder);
    }

    add_config(builder, "server_config", cluster->server_config);
    /* the further remotes (`remote` directive), each as a cluster of its
     * own, only when there are some (docs/report-schema.md) */
    if (cluster->remotes != NULL && cluster->remotes->len > 0) {
        json_builder_set_member_name(builder, "remotes");
        json_builder_begin_array(builder);
        for (guint i = 0; i < cluster->remotes->len; i++) {
            const MsRemote *r = cluster->remotes->pdata[i];
            json_builder_begin_object(builder);
            add_string(builder, "name", r->name);
            json_builder_set_member_name(builder, "standalone");
            json_builder_add_boolean_value(builder, r->standalone);
            json_builder_set_member_name(builder, "cluster");
            json_builder_add_value(builder, ms_cluster_to_json(r->cluster, profile));
            json_builder_end_object(builder);
        }
        json_builder_end_array(builder);
    }
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
