/* migsim: state files (docs/preflight.md).  The loader walks the JSON tree
 * with the path of every node at hand, so that each complaint names the
 * exact field (its primitives: ms-state-file-read.c); the dumper
 * (ms-state-file-dump.c) is ms_cluster_to_json() plus the optional fields. */
#include "ms-state-file.h"

#include <stdlib.h>
#include <string.h>

#include "ms-config.h"
#include "ms-error.h"
#include "ms-json-lite.h"
#include "ms-names.h"
#include "ms-state-file-read.h"

MsStateFile *
ms_state_file_share(const MsStateFile *state)
{
    MsStateFile *shared = (MsStateFile *) state;

    g_atomic_int_inc(&shared->shares);
    return shared;
}

void
ms_state_file_free(MsStateFile *state)
{
    /* g_atomic_int_add() gives the count before: 0 = the last holder */
    if (state == NULL || g_atomic_int_add(&state->shares, -1) > 0)
        return;
    ms_cluster_free(state->cluster);
    g_free(state->server_version);
    g_free(state);
}

/* ---- the sections ---- */

static gboolean
load_members(MsStateLoader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "name",           "id",     "status", "architecture",
                                            "failure_domain", "groups", "role",   NULL };
    static const char *const optional[] = { "scheduler_instance", NULL };
    const MsJsonLite *array = ms_state_want_array(ld, node, "$.members");
    guint last_id = 0;

    if (array == NULL)
        return FALSE;
    if (array->len == 0)
        return ms_state_fail(ld, "$.members", "a cluster needs at least one member");
    for (guint g = 0; g < cluster->cluster_groups->len; g++)
        ms_state_first_sight(ld, "group", cluster->cluster_groups->pdata[g], NULL, NULL);
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.members[%u]", i);
        g_autofree char *id_path = ms_state_child_path(path, "id");
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        const char *name, *status, *arch, *domain, *role, *scheduler = "all";
        const MsJsonLite *id_node;
        MsMember *member;
        gint64 id;
        GPtrArray *groups;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "name", FALSE, &name) ||
            !ms_state_get_string(ld, object, path, "status", FALSE, &status) ||
            !ms_state_get_string(ld, object, path, "architecture", FALSE, &arch) ||
            !ms_state_get_string(ld, object, path, "failure_domain", FALSE, &domain) ||
            !ms_state_get_string(ld, object, path, "role", FALSE, &role))
            return FALSE;
        if (!ms_state_check_name(ld, path, MS_NAME_MEMBER, name))
            return FALSE;
        if (ms_json_lite_get(object, "scheduler_instance") != NULL &&
            !ms_state_get_string(ld, object, path, "scheduler_instance", FALSE, &scheduler))
            return FALSE;
        if (ms_cluster_lookup_member(cluster, name) != NULL) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where, "member '%s' is listed twice", name);
        }
        id_node = ms_json_lite_get(object, "id");
        if (id_node->kind != MS_JSON_LITE_INT)
            return ms_state_fail(ld, id_path, "expected an integer, got %s", ms_state_node_kind(id_node));
        id = id_node->v.integer;
        /* the members array is in ID order: target ties go to the lowest ID */
        if (id < 1 || id > G_MAXINT32)
            return ms_state_fail(ld, id_path, "member IDs go from 1 to %d, got %" G_GINT64_FORMAT, G_MAXINT32,
                                 id);
        if (id <= (gint64) last_id)
            return ms_state_fail(
                ld, id_path,
                "member IDs must be increasing (the members array is in ID order), got %" G_GINT64_FORMAT
                " after %u",
                id, last_id);
        last_id = (guint) id;

        member = ms_cluster_add_member(cluster, name);
        member->id = (guint) id;
        ms_cluster_members_changed(cluster);
        if (!ms_member_status_from_string(status, &member->status)) {
            g_autofree char *where = ms_state_child_path(path, "status");
            return ms_state_fail(ld, where, "expected ONLINE, EVACUATED or OFFLINE, got '%s'", status);
        }
        /* an offline member cannot tell what it was; ONLINE is LXD's default */
        member->db_status = member->status == MS_MEMBER_OFFLINE ? MS_MEMBER_ONLINE : member->status;
        ms_member_set_string(member, &member->architecture, arch);
        ms_member_set_string(member, &member->failure_domain, domain);
        if (g_str_equal(role, "voter"))
            member->role = MS_MEMBER_ROLE_VOTER;
        else if (g_str_equal(role, "stand-by"))
            member->role = MS_MEMBER_ROLE_STANDBY;
        else if (g_str_equal(role, "spare"))
            member->role = MS_MEMBER_ROLE_SPARE;
        else {
            g_autofree char *where = ms_state_child_path(path, "role");
            return ms_state_fail(ld, where, "expected voter, stand-by or spare, got '%s'", role);
        }
        if (!g_str_equal(scheduler, "all") && !g_str_equal(scheduler, "manual") &&
            !g_str_equal(scheduler, "group")) {
            g_autofree char *where = ms_state_child_path(path, "scheduler_instance");
            return ms_state_fail(ld, where, "expected all, manual or group, got '%s'", scheduler);
        }
        ms_member_set_string(member, &member->scheduler_instance, scheduler);
        groups = ms_member_groups_mut(member);
        g_ptr_array_set_size(groups, 0);
        if (!ms_state_read_strings(ld, object, path, "groups", groups))
            return FALSE;
        for (guint g = 0; g < member->groups->len; g++)
            if (ms_state_first_sight(ld, "group", member->groups->pdata[g], NULL, NULL))
                g_ptr_array_add(cluster->cluster_groups, g_strdup(member->groups->pdata[g]));
    }
    cluster->next_member_id = last_id + 1;
    return TRUE;
}

static gboolean
parse_pool_state(const char *text, MsPoolState *state)
{
    if (g_str_equal(text, "Created"))
        *state = MS_POOL_CREATED;
    else if (g_str_equal(text, "Pending"))
        *state = MS_POOL_PENDING;
    else
        return FALSE;
    return TRUE;
}

static gboolean
load_pools(MsStateLoader *ld, const MsJsonLite *node, MsCluster *cluster, const MsProfile *profile)
{
    static const char *const required[] = { "name", "driver", "status", "members", "config", NULL };
    static const char *const optional[] = { "remote", NULL };
    const MsJsonLite *array = ms_state_want_array(ld, node, "$.pools");

    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.pools[%u]", i);
        g_autofree char *members_path = ms_state_child_path(path, "members");
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        const MsJsonLite *members;
        const char *name, *driver, *status;
        MsPool *pool;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "name", FALSE, &name) ||
            !ms_state_get_string(ld, object, path, "driver", FALSE, &driver) ||
            !ms_state_get_string(ld, object, path, "status", FALSE, &status))
            return FALSE;
        if (!ms_state_check_name(ld, path, MS_NAME_POOL, name))
            return FALSE;
        if (!ms_state_first_sight(ld, "pool", name, NULL, NULL)) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where, "pool '%s' is listed twice", name);
        }
        if (ms_driver_lookup(driver) == NULL) {
            g_autofree char *where = ms_state_child_path(path, "driver");
            return ms_state_fail(ld, where, "unknown storage driver '%s'", driver);
        }
        pool = ms_pool_new(name, driver);
        g_ptr_array_add(cluster->pools, pool);
        g_hash_table_insert(ld->seen, g_strdup_printf("pool%c%s%c", 0x1f, name, 0x1f), pool);
        /* Errored: a final create that failed after storing the config */
        pool->errored = g_str_equal(status, "Errored");
        if (!pool->errored && !parse_pool_state(status, &pool->state)) {
            g_autofree char *where = ms_state_child_path(path, "status");
            return ms_state_fail(ld, where, "expected Created, Pending or Errored, got '%s'", status);
        }
        if (ms_json_lite_get(object, "remote") != NULL) {
            const MsJsonLite *remote = ms_json_lite_get(object, "remote");
            g_autofree char *where = ms_state_child_path(path, "remote");
            if (remote->kind != MS_JSON_LITE_BOOLEAN)
                return ms_state_fail(ld, where, "expected a boolean, got %s", ms_state_node_kind(remote));
            if (remote->v.boolean != ms_pool_is_remote(pool))
                return ms_state_fail(ld, where, "driver '%s' is %s in %s", driver,
                                     ms_pool_is_remote(pool) ? "remote" : "local", profile->name);
        }
        members = ms_state_want_object(ld, ms_json_lite_get(object, "members"), members_path);
        if (members == NULL)
            return FALSE;
        for (guint k = 0; k < members->len; k++) {
            const char *member = members->keys[k];
            g_autofree char *where = ms_state_child_path(members_path, member);
            const MsJsonLite *value = &members->v.items[k];
            MsPoolState state;
            if (ms_cluster_lookup_member(cluster, member) == NULL)
                return ms_state_fail(ld, where, "unknown member '%s'", member);
            if (!ms_state_is_string(value))
                return ms_state_fail(ld, where, "expected a string, got %s", ms_state_node_kind(value));
            if (!parse_pool_state(value->v.string, &state))
                return ms_state_fail(ld, where, "expected Created or Pending, got '%s'", value->v.string);
            g_hash_table_insert(pool->member_state, g_strdup(member), GINT_TO_POINTER(state + 1));
        }
        if (!ms_state_read_member_config(ld, object, path, "config", pool->config))
            return FALSE;
    }
    return TRUE;
}

static gboolean get_project(MsStateLoader *ld, const MsJsonLite *object, const char *path,
                            const MsCluster *cluster, const char **project);

static gboolean
load_volumes(MsStateLoader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "pool", "name", "content_type", "location", "config", NULL };
    static const char *const optional[] = { "snapshots", "project", NULL };
    const MsJsonLite *array = ms_state_want_array(ld, node, "$.volumes");

    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        MsStateIndexPath path_buf;
        const char *path = ms_state_index_path(&path_buf, "$.volumes", i);
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        const char *pool_name, *name, *content, *location = NULL, *project = NULL;
        MsContentType type;
        MsVolume *volume;
        MsPool *pool;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "pool", FALSE, &pool_name) ||
            !ms_state_get_string(ld, object, path, "name", FALSE, &name) ||
            !ms_state_get_string(ld, object, path, "content_type", FALSE, &content) ||
            !ms_state_get_string(ld, object, path, "location", TRUE, &location) ||
            !get_project(ld, object, path, cluster, &project))
            return FALSE;
        if (!ms_state_check_name(ld, path, MS_NAME_VOLUME, name))
            return FALSE;
        /* a volume lives in its project's storage project */
        if (project != NULL && g_strcmp0(ms_cluster_volume_project(cluster, project), project) != 0) {
            g_autofree char *where = ms_state_child_path(path, "project");
            return ms_state_fail(ld, where,
                                 "project '%s' has no features.storage.volumes: its volumes are in default",
                                 project);
        }
        pool = ms_state_seen(ld, "pool", pool_name);
        if (pool == NULL) {
            g_autofree char *where = ms_state_child_path(path, "pool");
            return ms_state_fail(ld, where, "unknown pool '%s'", pool_name);
        }
        if (!ms_content_type_from_string(content, &type)) {
            g_autofree char *where = ms_state_child_path(path, "content_type");
            return ms_state_fail(ld, where, "expected filesystem, block or iso, got '%s'", content);
        }
        {
            g_autofree char *where = ms_state_child_path(path, "location");
            /* a local pool holds one copy per member; a remote one is shared */
            if (ms_pool_is_remote(pool) && location != NULL)
                return ms_state_fail(ld, where, "must be null: pool '%s' is remote", pool_name);
            if (!ms_pool_is_remote(pool) && location == NULL)
                return ms_state_fail(ld, where, "pool '%s' is local: the volume needs a member", pool_name);
            if (location != NULL && ms_cluster_lookup_member(cluster, location) == NULL)
                return ms_state_fail(ld, where, "unknown member '%s'", location);
            g_autofree char *pool_at = g_strdup_printf(
                "%s%c%s%c%s", pool_name, 0x1e, location ? location : "", 0x1e, project ? project : "");
            if (!ms_state_first_sight(ld, "volume", name, pool_at, NULL))
                return ms_state_fail(ld, path, "volume '%s/%s'%s%s is listed twice", pool_name, name,
                                     location ? " on " : "", location ? location : "");
        }
        volume = ms_volume_new(pool_name, name, type, location);
        volume->project = g_strdup(project);
        g_ptr_array_add(cluster->volumes, volume);
        if (!ms_state_read_member_config(ld, object, path, "config", volume->config))
            return FALSE;
        if (ms_json_lite_get(object, "snapshots") != NULL &&
            !ms_state_read_strings(ld, object, path, "snapshots", volume->snapshots))
            return FALSE;
    }
    return TRUE;
}

/* "project" of a profile or an instance: absent means the default
 * project; a named one must be in $.projects. */
static gboolean
get_project(MsStateLoader *ld, const MsJsonLite *object, const char *path, const MsCluster *cluster,
            const char **project)
{
    *project = NULL;
    if (ms_json_lite_get(object, "project") == NULL)
        return TRUE;
    if (!ms_state_get_string(ld, object, path, "project", FALSE, project))
        return FALSE;
    *project = ms_project_key(*project);
    if (!ms_cluster_has_project(cluster, *project)) {
        g_autofree char *where = ms_state_child_path(path, "project");
        return ms_state_fail(ld, where, "unknown project '%s' (not in $.projects)", *project);
    }
    return TRUE;
}

/* projects: the non-default ones, creation order (optional) */
static gboolean
load_projects(MsStateLoader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    static const char *const required[] = { "name", "config", NULL };
    const MsJsonLite *array;

    if (ms_json_lite_get(root, "projects") == NULL)
        return TRUE;
    array = ms_state_want_array(ld, ms_json_lite_get(root, "projects"), "$.projects");
    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.projects[%u]", i);
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        MsProject *project;
        const char *name;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, NULL))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "name", FALSE, &name))
            return FALSE;
        if (!ms_state_check_name(ld, path, MS_NAME_PROJECT, name))
            return FALSE;
        /* "default" holds the default project's config, once */
        if (ms_project_key(name) == NULL ? ms_cluster_lookup_restricting_project(cluster, name) != NULL
                                         : ms_cluster_has_project(cluster, name)) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where, "project '%s' is listed twice", name);
        }
        project = ms_project_new(ms_project_key(name) == NULL ? MS_PROJECT_DEFAULT : name, FALSE);
        g_hash_table_remove_all(project->config);
        /* a state file does not list a project's images */
        ms_project_forget_images(project);
        g_ptr_array_add(cluster->projects, project);
        if (!ms_state_read_member_config(ld, object, path, "config", project->config))
            return FALSE;
    }
    return TRUE;
}

static gboolean
load_profiles(MsStateLoader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "name", "config", "devices", NULL };
    static const char *const optional[] = { "project", NULL };
    const MsJsonLite *array = ms_state_want_array(ld, node, "$.profiles");

    if (array == NULL)
        return FALSE;
    g_ptr_array_set_size(cluster->profiles, 0);
    ms_cluster_profiles_changed(cluster);
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.profiles[%u]", i);
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        MsProfileEntity *profile;
        const char *name, *project = NULL;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "name", FALSE, &name))
            return FALSE;
        if (!ms_state_check_name(ld, path, MS_NAME_PROFILE, name))
            return FALSE;
        if (!get_project(ld, object, path, cluster, &project))
            return FALSE;
        if (!ms_state_first_sight(ld, "profile", name, project, NULL)) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where, "profile '%s' is listed twice", name);
        }
        profile = ms_profile_entity_new(name);
        profile->project = g_strdup(project);
        g_ptr_array_add(cluster->profiles, profile);
        if (!ms_state_read_member_config(ld, object, path, "config", profile->config) ||
            !ms_state_read_devices(ld, object, path, "devices", profile->devices))
            return FALSE;
    }
    return TRUE;
}

/* @instance's local config: the pairs of @object (an object of strings,
 * checked), sorted by key and interned in @pool, as
 * ms_config_map_from_table and ms_config_map_rehome to @pool made it. */
static void
take_config(MsInstance *instance, const MsJsonLite *object, MsStrPool *pool)
{
    const char *small[32];
    g_autofree const char **large =
        object->len > G_N_ELEMENTS(small) / 2 ? g_new(const char *, 2 * object->len) : NULL;
    const char **pairs = large != NULL ? large : small;

    for (guint k = 0; k < object->len; k++) {
        pairs[2 * k] = object->keys[k];
        pairs[2 * k + 1] = object->v.items[k].v.string;
    }
    ms_config_map_unref(instance->config);
    instance->config = ms_config_map_from_pairs(pool, pairs, object->len);
}

static gboolean
load_instances(MsStateLoader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "name",     "type",   "status",  "location",
                                            "profiles", "config", "devices", NULL };
    static const char *const optional[] = { "expanded_config", "expanded_devices", "snapshots", "backups",
                                            "project",         "stateful",         NULL };
    const MsJsonLite *array = ms_state_want_array(ld, node, "$.instances");

    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        MsStateIndexPath path_buf;
        const char *path = ms_state_index_path(&path_buf, "$.instances", i);
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        g_autoptr(MsInstance) instance = NULL;
        const char *name, *type, *status, *location, *project = NULL;
        const MsJsonLite *profiles;
        MsInstanceStatus status_value;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "name", FALSE, &name) ||
            !ms_state_get_string(ld, object, path, "type", FALSE, &type) ||
            !ms_state_get_string(ld, object, path, "status", FALSE, &status) ||
            !ms_state_get_string(ld, object, path, "location", FALSE, &location))
            return FALSE;
        if (!ms_state_check_name(ld, path, MS_NAME_INSTANCE, name))
            return FALSE;
        if (ld->instance_names != NULL ? !g_hash_table_add(ld->instance_names, (gpointer) name)
                                       : ms_cluster_lookup_instance(cluster, name) != NULL) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where, "instance '%s' is listed twice", name);
        }
        if (ms_cluster_lookup_member(cluster, location) == NULL) {
            g_autofree char *where = ms_state_child_path(path, "location");
            return ms_state_fail(ld, where, "unknown member '%s'", location);
        }
        if (!g_str_equal(type, "container") && !g_str_equal(type, "virtual-machine")) {
            g_autofree char *where = ms_state_child_path(path, "type");
            return ms_state_fail(ld, where, "expected container or virtual-machine, got '%s'", type);
        }
        /* a check makes no instance (its allocation and free were 2.5 % of
         * an import's instructions): the readers' NULL below checks alike */
        if (ld->instance_names == NULL)
            instance = ms_instance_new(
                name, g_str_equal(type, "container") ? MS_INSTANCE_CONTAINER : MS_INSTANCE_VM, location);
        if (!ms_instance_status_from_string(status, &status_value)) {
            g_autofree char *where = ms_state_child_path(path, "status");
            return ms_state_fail(ld, where, "expected RUNNING or STOPPED, got '%s'", status);
        }
        if (!get_project(ld, object, path, cluster, &project))
            return FALSE;
        if (instance != NULL) {
            instance->status = status_value;
            instance->project = g_strdup(project);
        }
        if (!ms_state_read_strings(ld, object, path, "profiles",
                                   instance != NULL ? ms_instance_profiles_mut(instance) : NULL))
            return FALSE;
        /* read: an array of non-empty strings, the instance's profiles in order */
        profiles = ms_json_lite_get(object, "profiles");
        for (guint p = 0; p < profiles->len; p++) {
            if (ms_state_seen_extra(ld, "profile", profiles->v.items[p].v.string,
                                    ms_cluster_profile_project(cluster, project)) == NULL) {
                g_autofree char *where = g_strdup_printf("%s.profiles[%u]", path, p);
                return ms_state_fail(ld, where, "unknown profile '%s'", profiles->v.items[p].v.string);
            }
        }
        /* the config is checked first (the readers' NULL: same checks,
         * same errors) and then made in one step from the tree's pairs,
         * whose keys are distinct, with its strings in the cluster's pool:
         * the map that a table (ms_instance_replace_config) and
         * add_instance_new's move to that pool made, without the table's
         * copies, a pool per instance and their frees (a quarter of the
         * load's instructions at 1,000 x 20,000, docs/bench.md) */
        if (!ms_state_read_member_config(ld, object, path, "config", NULL) ||
            !ms_state_read_devices(ld, object, path, "devices",
                                   ld->instance_names == NULL ? instance->devices : NULL) ||
            !ms_state_check_derived_devices(ld, object, path, "expanded_config", FALSE) ||
            !ms_state_check_derived_devices(ld, object, path, "expanded_devices", TRUE))
            return FALSE;
        /* a check makes no map */
        if (ld->instance_names == NULL)
            take_config(instance, ms_json_lite_get(object, "config"), ms_cluster_strings(cluster));
        if (ms_json_lite_get(object, "snapshots") != NULL &&
            !ms_state_read_strings(ld, object, path, "snapshots",
                                   instance != NULL ? ms_instance_snapshots_mut(instance) : NULL))
            return FALSE;
        if (ms_json_lite_get(object, "backups") != NULL) {
            const MsJsonLite *backups = ms_json_lite_get(object, "backups");
            g_autofree char *where = ms_state_child_path(path, "backups");
            if (backups->kind != MS_JSON_LITE_INT || backups->v.integer < 0 ||
                backups->v.integer > G_MAXINT32)
                return ms_state_fail(ld, where, "expected a count (a non-negative integer), got %s",
                                     ms_state_node_kind(backups));
            if (instance != NULL)
                instance->n_backups = (guint) backups->v.integer;
        }
        if (ms_json_lite_get(object, "stateful") != NULL) {
            const MsJsonLite *stateful = ms_json_lite_get(object, "stateful");
            g_autofree char *where = ms_state_child_path(path, "stateful");
            if (stateful->kind != MS_JSON_LITE_BOOLEAN)
                return ms_state_fail(ld, where, "expected true or false, got %s",
                                     ms_state_node_kind(stateful));
            /* a saved state (LXD's stateful flag) of a stopped instance */
            if (stateful->v.boolean && status_value != MS_INSTANCE_STOPPED)
                return ms_state_fail(ld, where, "only a stopped instance has a saved state");
            if (instance != NULL)
                instance->stateful = stateful->v.boolean != FALSE;
        }
        /* adding cannot fail once the name is new, and no later section
         * reads the instances: a check (instance_names) keeps none */
        if (ld->instance_names == NULL)
            ms_cluster_add_instance(cluster, g_steal_pointer(&instance));
    }
    return TRUE;
}

/* cluster_groups: creation order, "default" first; every member's groups
 * must be among them. */
static gboolean
load_groups(MsStateLoader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func(g_free);

    if (ms_json_lite_get(root, "cluster_groups") == NULL)
        return TRUE; /* derived from the members' groups */
    if (!ms_state_read_strings(ld, root, "$", "cluster_groups", groups))
        return FALSE;
    for (guint i = 0; i < groups->len; i++)
        for (guint j = 0; j < i; j++)
            if (g_str_equal(groups->pdata[i], groups->pdata[j])) {
                g_autofree char *where = g_strdup_printf("$.cluster_groups[%u]", i);
                return ms_state_fail(ld, where, "group '%s' is listed twice",
                                     (const char *) groups->pdata[i]);
            }
    for (guint m = 0; m < cluster->members->len; m++) {
        const MsMember *member = cluster->members->pdata[m];
        for (guint g = 0; g < member->groups->len; g++) {
            const char *group = member->groups->pdata[g];
            if (!g_ptr_array_find_with_equal_func(groups, group, g_str_equal, NULL)) {
                g_autofree char *where = g_strdup_printf("$.members[%u].groups[%u]", m, g);
                return ms_state_fail(ld, where, "group '%s' is not in $.cluster_groups", group);
            }
        }
    }
    g_ptr_array_unref(cluster->cluster_groups);
    cluster->cluster_groups = g_steal_pointer(&groups);
    return TRUE;
}

static gboolean
load_networks(MsStateLoader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    static const char *const required[] = { "name", "status", "pending_on", "config", NULL };
    static const char *const optional[] = { "forwards", NULL };
    const MsJsonLite *array;

    if (ms_json_lite_get(root, "networks") == NULL)
        return TRUE;
    array = ms_state_want_array(ld, ms_json_lite_get(root, "networks"), "$.networks");
    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.networks[%u]", i);
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func(g_free);
        const char *name, *status;
        MsNetwork *network;
        MsPoolState state = MS_POOL_PENDING;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "name", FALSE, &name) ||
            !ms_state_get_string(ld, object, path, "status", FALSE, &status))
            return FALSE;
        if (!ms_state_first_sight(ld, "network", name, NULL, NULL)) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where, "network '%s' is listed twice", name);
        }
        /* a network is also Errored: a bridge whose final create failed */
        if (!g_str_equal(status, "Errored") && !parse_pool_state(status, &state)) {
            g_autofree char *where = ms_state_child_path(path, "status");
            return ms_state_fail(ld, where, "expected Created, Pending or Errored, got '%s'", status);
        }
        network = g_new0(MsNetwork, 1);
        network->name = g_strdup(name);
        network->errored = g_str_equal(status, "Errored");
        network->created = !network->errored && state == MS_POOL_CREATED;
        network->pending_on = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        network->config = ms_config_new();
        network->forwards = ms_config_new();
        g_ptr_array_add(cluster->networks, network);
        if (!ms_state_read_strings(ld, object, path, "pending_on", pending))
            return FALSE;
        for (guint m = 0; m < pending->len; m++) {
            if (ms_cluster_lookup_member(cluster, pending->pdata[m]) == NULL) {
                g_autofree char *where = g_strdup_printf("%s.pending_on[%u]", path, m);
                return ms_state_fail(ld, where, "unknown member '%s'", (const char *) pending->pdata[m]);
            }
            g_hash_table_add(network->pending_on, g_strdup(pending->pdata[m]));
        }
        if (!ms_state_read_member_config(ld, object, path, "config", network->config))
            return FALSE;
        if (ms_json_lite_get(object, "forwards") != NULL &&
            !ms_state_read_member_config(ld, object, path, "forwards", network->forwards))
            return FALSE;
    }
    return TRUE;
}

static gboolean
load_placement_groups(MsStateLoader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    static const char *const required[] = { "name", "config", NULL };
    const MsJsonLite *array;

    if (ms_json_lite_get(root, "placement_groups") == NULL)
        return TRUE;
    array = ms_state_want_array(ld, ms_json_lite_get(root, "placement_groups"), "$.placement_groups");
    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.placement_groups[%u]", i);
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        MsPlacementGroup *group;
        const char *name;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, NULL))
            return FALSE;
        if (!ms_state_get_string(ld, object, path, "name", FALSE, &name))
            return FALSE;
        if (!ms_state_first_sight(ld, "placement group", name, NULL, NULL)) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where, "placement group '%s' is listed twice", name);
        }
        group = g_new0(MsPlacementGroup, 1);
        group->name = g_strdup(name);
        group->config = ms_config_new();
        g_ptr_array_add(cluster->placement_groups, group);
        if (!ms_state_read_member_config(ld, object, path, "config", group->config))
            return FALSE;
    }
    return TRUE;
}

/* Every section of one cluster's state; the order matters: later
 * sections refer to names defined earlier. */
static gboolean
load_sections(MsStateLoader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    return load_members(ld, ms_json_lite_get(root, "members"), cluster) && load_groups(ld, root, cluster) &&
           load_networks(ld, root, cluster) && load_placement_groups(ld, root, cluster) &&
           load_projects(ld, root, cluster) &&
           load_pools(ld, ms_json_lite_get(root, "pools"), cluster, ld->profile) &&
           load_volumes(ld, ms_json_lite_get(root, "volumes"), cluster) &&
           load_profiles(ld, ms_json_lite_get(root, "profiles"), cluster) &&
           load_instances(ld, ms_json_lite_get(root, "instances"), cluster) &&
           ms_state_read_member_config(ld, root, "$", "server_config", cluster->server_config);
}

/* `remotes` (the `remote` directive, docs/report-schema.md): each a
 * cluster of the same release, read as a state of its own (its names are
 * its own; its messages name it). */
static gboolean
load_remotes(MsStateLoader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    static const char *const required[] = { "name", "standalone", "cluster", NULL };
    static const char *const sections[] = { "release",  "members",   "pools",         "volumes",
                                            "profiles", "instances", "server_config", NULL };
    static const char *const optional[] = { "cluster_groups", "networks", "placement_groups", "projects",
                                            NULL };
    const MsJsonLite *array;

    if (ms_json_lite_get(root, "remotes") == NULL)
        return TRUE;
    array = ms_state_want_array(ld, ms_json_lite_get(root, "remotes"), "$.remotes");
    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.remotes[%u]", i);
        g_autofree char *inner_path = g_strdup_printf("%s.cluster", path);
        g_autofree char *inner_name = g_strdup_printf("%s: %s", ld->name, inner_path);
        g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        MsStateLoader inner = { inner_name, ld->error, ld->profile, seen };
        const MsJsonLite *object = ms_state_want_object(ld, &array->v.items[i], path);
        const MsJsonLite *body, *standalone;
        g_autoptr(MsCluster) remote = NULL;
        const char *name, *release;

        if (object == NULL || !ms_state_check_keys(ld, object, path, required, NULL) ||
            !ms_state_get_string(ld, object, path, "name", FALSE, &name))
            return FALSE;
        standalone = ms_json_lite_get(object, "standalone");
        if (standalone->kind != MS_JSON_LITE_BOOLEAN) {
            g_autofree char *where = ms_state_child_path(path, "standalone");
            return ms_state_fail(ld, where, "expected a boolean, got %s", ms_state_node_kind(standalone));
        }
        if (*name == '\0' || strpbrk(name, ":/") != NULL || g_str_equal(name, "local") ||
            ms_cluster_lookup_remote(cluster, name) != NULL) {
            g_autofree char *where = ms_state_child_path(path, "name");
            return ms_state_fail(ld, where,
                                 "'%s' is no remote name (empty, 'local', with ':' or '/', or twice)", name);
        }
        body = ms_state_want_object(ld, ms_json_lite_get(object, "cluster"), inner_path);
        if (body == NULL || !ms_state_check_keys(ld, body, inner_path, sections, optional) ||
            !ms_state_get_string(ld, body, inner_path, "release", FALSE, &release))
            return FALSE;
        /* every remote runs the scenario's release */
        if (!g_str_equal(release, ld->profile->name)) {
            g_autofree char *where = ms_state_child_path(inner_path, "release");
            return ms_state_fail(ld, where, "'%s', not the file's release %s", release, ld->profile->name);
        }
        remote = ms_cluster_new();
        if (!load_sections(&inner, body, remote))
            return FALSE;
        if (remote->members->len == 0)
            return ms_state_fail(ld, inner_path, "a remote has at least one member");
        ms_cluster_add_remote(cluster, name, standalone->v.boolean, g_steal_pointer(&remote));
    }
    return TRUE;
}

static MsStateFile *
parse(const char *name, const char *text, gssize length, gboolean check_only, GError **error)
{
    static const char *const required[] = { "release",  "members",   "pools",         "volumes",
                                            "profiles", "instances", "server_config", NULL };
    static const char *const optional[] = {
        "cluster_groups", "networks", "placement_groups", "server_version", "projects", "remotes", NULL
    };
    g_autoptr(MsJsonLiteDoc) doc = NULL;
    g_autoptr(MsStateFile) state = g_new0(MsStateFile, 1);
    g_autoptr(GHashTable) seen_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* keys borrowed from the document, freed before it */
    g_autoptr(GHashTable) instance_names = check_only ? g_hash_table_new(g_str_hash, g_str_equal) : NULL;
    MsStateLoader ld = { name, error, NULL, seen_names, instance_names };
    const MsJsonLite *root;
    const char *release, *server_version = NULL;
    g_autofree char *problem = NULL;

    if (length < 0)
        length = strlen(text);
    /* plain JSON (what `migsim state` and import write) is read directly;
     * json-glib judges the rest and words its errors.  What the reader
     * reads has no repeated key, no integer past 18 digits and nests no
     * deeper than the limit, so the prescan, a sixth of loading a large
     * state (docs/bench.md), runs only on the rest.  It is UTF-8 too (the
     * reader refuses a byte past ASCII outside a string, a NUL, and a
     * string that is not UTF-8), so only the rest is validated, first, as
     * before: 3.5 % of import's instructions were this second scan */
    doc = ms_json_lite_parse(text, length, MS_STATE_MAX_DEPTH);
    if (doc == NULL) {
        g_autoptr(JsonParser) parser = json_parser_new_immutable();
        g_autoptr(GError) parse_error = NULL;

        if (!g_utf8_validate(text, length, NULL))
            return ms_null_throw(error, MS_ERROR_INVALID, "%s: not valid UTF-8", name);
        if (!ms_state_prescan(&ld, text, length, &problem))
            return NULL;
        if (!json_parser_load_from_data(parser, text, length, &parse_error))
            return ms_null_throw(error, MS_ERROR_INVALID, "%s: not valid JSON: %s", name,
                                 parse_error->message);
        doc = ms_json_lite_from_node(json_parser_get_root(parser));
    }
    if (problem != NULL)
        return ms_null_throw(error, MS_ERROR_INVALID, "%s: %s", name, problem);
    if (ms_json_lite_root(doc) == NULL)
        return ms_null_throw(error, MS_ERROR_INVALID, "%s: empty file", name);
    root = ms_state_want_object(&ld, ms_json_lite_root(doc), "$");
    if (root == NULL || !ms_state_check_keys(&ld, root, "$", required, optional))
        return NULL;
    if (!ms_state_get_string(&ld, root, "$", "release", FALSE, &release))
        return NULL;
    state->profile = ms_profile_lookup(release);
    if (state->profile == NULL)
        return (ms_state_fail(&ld, "$.release", "unknown release '%s' (see 'migsim profiles')", release),
                NULL);
    ld.profile = state->profile;
    if (ms_json_lite_get(root, "server_version") != NULL &&
        !ms_state_get_string(&ld, root, "$", "server_version", FALSE, &server_version))
        return NULL;
    state->server_version = g_strdup(server_version);
    state->cluster = ms_cluster_new();
    if (!load_sections(&ld, root, state->cluster) || !load_remotes(&ld, root, state->cluster))
        return NULL;
    return g_steal_pointer(&state);
}

MsStateFile *
ms_state_file_parse(const char *name, const char *text, gssize length, GError **error)
{
    return parse(name, text, length, FALSE, error);
}

gboolean
ms_state_file_check(const char *name, const char *text, gssize length, GError **error)
{
    g_autoptr(MsStateFile) state = parse(name, text, length, TRUE, error);

    return state != NULL;
}
