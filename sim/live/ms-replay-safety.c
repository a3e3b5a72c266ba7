/* migsim: the live side of `migsim replay`, the safety rules: the
 * pre-flight check before a scenario and the journal of what it creates and
 * changes (ms-replay-live.h, docs/live-replay.md).  The clean-up that undoes
 * it, in-process or from a journal left by a killed run, is
 * ms-replay-cleanup.c. */
#include "ms-replay-live-private.h"

#include <string.h>

typedef struct {
    GPtrArray *create_instances;
    GPtrArray *touch_instances;
    GPtrArray *create_volumes; /* "POOL/NAME" */
    GPtrArray *touch_volumes;  /* "POOL/NAME": config set, not created before */
    GPtrArray *create_pools;
    GPtrArray *create_networks;
    GPtrArray *touch_networks;  /* set or unset, not created before */
    GPtrArray *pool_directives; /* "NAME/DRIVER" */
    GPtrArray *create_profiles;
    GPtrArray *create_groups;
    GPtrArray *touch_groups;    /* renamed or deleted, not created before */
    GPtrArray *create_projects; /* lxc project create */
    GPtrArray *touch_projects;  /* named but not created: must not exist */
    GPtrArray *cluster_wide;    /* the steps' text */
    GPtrArray *evacuated;       /* scenario member names */
    GPtrArray *deletes;         /* "what 'name'" of every pool, profile and volume deleted */
    GPtrArray *server_keys;     /* server config keys set or unset */
    GArray *server_lines;       /* the line of each */
} ScenarioPlan;

static void
plan_clear(ScenarioPlan *plan)
{
    g_clear_pointer(&plan->create_instances, g_ptr_array_unref);
    g_clear_pointer(&plan->touch_instances, g_ptr_array_unref);
    g_clear_pointer(&plan->create_volumes, g_ptr_array_unref);
    g_clear_pointer(&plan->touch_volumes, g_ptr_array_unref);
    g_clear_pointer(&plan->create_pools, g_ptr_array_unref);
    g_clear_pointer(&plan->create_networks, g_ptr_array_unref);
    g_clear_pointer(&plan->touch_networks, g_ptr_array_unref);
    g_clear_pointer(&plan->pool_directives, g_ptr_array_unref);
    g_clear_pointer(&plan->create_profiles, g_ptr_array_unref);
    g_clear_pointer(&plan->create_groups, g_ptr_array_unref);
    g_clear_pointer(&plan->touch_groups, g_ptr_array_unref);
    g_clear_pointer(&plan->create_projects, g_ptr_array_unref);
    g_clear_pointer(&plan->touch_projects, g_ptr_array_unref);
    g_clear_pointer(&plan->cluster_wide, g_ptr_array_unref);
    g_clear_pointer(&plan->evacuated, g_ptr_array_unref);
    g_clear_pointer(&plan->deletes, g_ptr_array_unref);
    g_clear_pointer(&plan->server_keys, g_ptr_array_unref);
    g_clear_pointer(&plan->server_lines, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ScenarioPlan, plan_clear)

static void
add_qualified(GPtrArray *list, const char *project, const char *name)
{
    g_autofree char *entry = ms_rl_qualify(project, name);

    ms_rl_add_unique(list, entry);
}

/* The projects a command creates, or names without creating them (which
 * must then not exist: clean-up deletes only the projects it made). */
static void
plan_projects(ScenarioPlan *plan, const MsOp *op)
{
    const char *named[] = { ms_project_key(op->project), ms_project_key(op->target_project) };

    if (op->kind == MS_OP_PROJECT_CREATE && named[0] != NULL)
        ms_rl_add_unique(plan->create_projects, named[0]);
    /* a rename makes its new name: absent before, deleted by the clean-up */
    if (op->kind == MS_OP_PROJECT_RENAME && ms_project_key(op->new_name) != NULL)
        ms_rl_add_unique(plan->create_projects, op->new_name);
    for (gsize i = 0; i < G_N_ELEMENTS(named); i++)
        if (named[i] != NULL && !ms_rl_contains(plan->create_projects, named[i]))
            ms_rl_add_unique(plan->touch_projects, named[i]);
}

static void
plan_init(ScenarioPlan *plan, const MsScenario *scenario)
{
    plan->create_instances = g_ptr_array_new_with_free_func(g_free);
    plan->touch_instances = g_ptr_array_new_with_free_func(g_free);
    plan->create_volumes = g_ptr_array_new_with_free_func(g_free);
    plan->touch_volumes = g_ptr_array_new_with_free_func(g_free);
    plan->create_pools = g_ptr_array_new_with_free_func(g_free);
    plan->create_networks = g_ptr_array_new_with_free_func(g_free);
    plan->touch_networks = g_ptr_array_new_with_free_func(g_free);
    plan->pool_directives = g_ptr_array_new_with_free_func(g_free);
    plan->create_profiles = g_ptr_array_new_with_free_func(g_free);
    plan->create_groups = g_ptr_array_new_with_free_func(g_free);
    plan->touch_groups = g_ptr_array_new_with_free_func(g_free);
    plan->create_projects = g_ptr_array_new_with_free_func(g_free);
    plan->touch_projects = g_ptr_array_new_with_free_func(g_free);
    plan->cluster_wide = g_ptr_array_new_with_free_func(g_free);
    plan->evacuated = g_ptr_array_new_with_free_func(g_free);
    plan->deletes = g_ptr_array_new_with_free_func(g_free);
    plan->server_keys = g_ptr_array_new_with_free_func(g_free);
    plan->server_lines = g_array_new(FALSE, FALSE, sizeof(guint));

    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        const MsOp *op = step->op;

        if (step->kind == MS_STEP_POOL) {
            g_autofree char *entry = g_strdup_printf("%s/%s", step->name, step->driver);
            ms_rl_add_unique(plan->pool_directives, entry);
            continue;
        }
        if (step->kind != MS_STEP_COMMAND)
            continue;
        plan_projects(plan, op);
        /* the project the command's requests go to (NULL: default) */
        const char *in = ms_rl_op_names_project(op->kind) ? NULL : ms_project_key(op->project);
        const char *to = op->target_project != NULL ? ms_project_key(op->target_project) : in;
        if (ms_op_is_cluster_wide(op)) {
            g_autofree char *entry = g_strdup_printf("line %u: %s", step->line, step->text);
            g_ptr_array_add(plan->cluster_wide, g_steal_pointer(&entry));
        }
        switch (op->kind) {
        case MS_OP_INIT:
            add_qualified(plan->create_instances, in, op->instance);
            break;
        case MS_OP_VOLUME_CREATE: {
            g_autofree char *entry = g_strdup_printf("%s/%s", op->pool, op->volume);
            ms_rl_add_unique(plan->create_volumes, entry);
            break;
        }
        case MS_OP_COPY:
            add_qualified(plan->create_instances, to, op->new_name);
            add_qualified(plan->touch_instances, to, op->new_name);
            break;
        case MS_OP_MOVE:
            /* a move NAME NEWNAME renames the instance, with or without
             * --target or -s (cmd/lxc/move.go at lxd-5.0.2): a name the
             * scenario takes, so it must be free on the cluster */
            if (op->new_name != NULL && *op->new_name != '\0') {
                add_qualified(plan->create_instances, to, op->new_name);
                add_qualified(plan->touch_instances, to, op->new_name);
            } else if (op->target_project != NULL) {
                /* the instance arrives in the project under its name */
                add_qualified(plan->create_instances, to, op->instance);
                add_qualified(plan->touch_instances, to, op->instance);
            }
            break;
        case MS_OP_VOLUME_RENAME:
            /* a snapshot's rename (VOLUME/SNAP, lxc/storage_volume.go:1620-1655
             * at lxd-5.0.2) makes no volume: only a snapshot of a volume
             * the scenario made (tools/live-random.py --gen 20 --seed
             * 20002 scenario 4 was refused for it) */
            if (strchr(op->volume, '/') != NULL) {
                g_autofree char *parent = g_strndup(op->volume, strcspn(op->volume, "/"));
                g_autofree char *old_entry = g_strdup_printf("%s/%s", op->pool, parent);

                if (!ms_rl_contains(plan->create_volumes, old_entry))
                    g_ptr_array_add(plan->deletes, g_strdup_printf("volume '%s/%s' (a snapshot renamed)",
                                                                   op->pool, op->volume));
                break;
            }
            /* fall through */
        case MS_OP_VOLUME_COPY:
        case MS_OP_VOLUME_MOVE: {
            g_autofree char *entry =
                g_strdup_printf("%s/%s", op->new_pool != NULL ? op->new_pool : op->pool, op->new_name);
            g_autofree char *old_entry = g_strdup_printf("%s/%s", op->pool, op->volume);
            /* a move or a rename takes the old name away: only from a
             * volume the scenario made */
            if (op->kind != MS_OP_VOLUME_COPY && !ms_rl_contains(plan->create_volumes, old_entry))
                g_ptr_array_add(plan->deletes, g_strdup_printf("volume '%s' (moved or renamed)", old_entry));
            ms_rl_add_unique(plan->create_volumes, entry);
            break;
        }
        case MS_OP_RENAME:
            /* a snapshot rename (NAME/SNAP) makes no instance */
            if (strchr(op->instance, '/') == NULL) {
                add_qualified(plan->create_instances, in, op->new_name);
                add_qualified(plan->touch_instances, in, op->new_name);
            }
            break;
        case MS_OP_PROFILE_COPY: {
            const char *made = op->new_name != NULL && *op->new_name ? op->new_name : op->profile;

            /* "default" is always there: a copy onto it is refused (see
             * the rename below) and makes nothing */
            if (!g_str_equal(made, "default"))
                add_qualified(plan->create_profiles, in, made);
            break;
        }
        case MS_OP_PROFILE_RENAME: {
            /* the new name is one the scenario makes; the old name goes
             * away, as a delete: only a profile the scenario made */
            g_autofree char *entry = ms_rl_qualify(in, op->profile);
            if (!ms_rl_contains(plan->create_profiles, entry) && !g_str_equal(op->profile, "default"))
                g_ptr_array_add(plan->deletes, g_strdup_printf("profile '%s'", entry));
            /* every project's "default" profile is there and never goes
             * (lxd/profiles.go:775-777 at lxd-5.0.2), so a rename to it is
             * refused ("Name \"default\" already in use", :720-723) and
             * makes nothing for clean-up to delete */
            if (!g_str_equal(op->new_name, "default"))
                add_qualified(plan->create_profiles, in, op->new_name);
            break;
        }
        case MS_OP_VOLUME_SET:
        case MS_OP_VOLUME_UNSET:
        case MS_OP_VOLUME_RESTORE: {
            /* clean-up deletes the volumes the scenario made; another
             * volume's config (or a restore's content) would stay changed:
             * it must not exist */
            g_autofree char *entry = g_strdup_printf("%s/%s", op->pool, op->volume);
            if (strchr(op->volume, '/') == NULL && !ms_rl_contains(plan->create_volumes, entry))
                ms_rl_add_unique(plan->touch_volumes, entry);
            break;
        }
        case MS_OP_CONFIG_SET:
        case MS_OP_CONFIG_UNSET:
            for (guint k = 0; op->instance == NULL && op->keys != NULL && k < op->keys->len; k++) {
                g_ptr_array_add(plan->server_keys, g_strdup(op->keys->pdata[k]));
                g_array_append_val(plan->server_lines, step->line);
            }
            break;
        case MS_OP_GROUP_CREATE:
            ms_rl_add_unique(plan->create_groups, op->group);
            break;
        case MS_OP_GROUP_EDIT:
            /* its description and members would stay changed: only a
             * group the scenario creates (default too is refused) */
            if (!ms_rl_contains(plan->create_groups, op->group))
                ms_rl_add_unique(plan->touch_groups, op->group);
            break;
        case MS_OP_GROUP_RENAME:
        case MS_OP_GROUP_DELETE:
            /* another group must not exist (clean-up could not bring it
             * back), except "default", which LXD never renames or deletes
             * (lxd/api_cluster.go:3526-3527,3881 at lxd-5.0.2) */
            if (!ms_rl_contains(plan->create_groups, op->group) && !g_str_equal(op->group, "default"))
                ms_rl_add_unique(plan->touch_groups, op->group);
            if (op->kind == MS_OP_GROUP_RENAME)
                ms_rl_add_unique(plan->create_groups, op->new_name);
            break;
        case MS_OP_STORAGE_CREATE:
            ms_rl_add_unique(plan->create_pools, op->pool);
            break;
        case MS_OP_PROFILE_CREATE:
            add_qualified(plan->create_profiles, in, op->profile);
            break;
        /* clean-up deletes the networks the scenario made (pending ones
         * too); another network's config would stay changed, and one it
         * deletes could not be brought back */
        case MS_OP_NETWORK_CREATE:
            ms_rl_add_unique(plan->create_networks, op->network);
            break;
        case MS_OP_NETWORK_SET:
        case MS_OP_NETWORK_UNSET:
            if (!ms_rl_contains(plan->create_networks, op->network))
                ms_rl_add_unique(plan->touch_networks, op->network);
            break;
        case MS_OP_NETWORK_DELETE:
            if (!ms_rl_contains(plan->create_networks, op->network))
                g_ptr_array_add(plan->deletes, g_strdup_printf("network '%s'", op->network));
            break;
        case MS_OP_NETWORK_RENAME:
            /* refused on a cluster (NETWORK.RENAME_CLUSTERED), but planned
             * as if it were not: the old name goes away as in a delete,
             * the new one is a network the scenario makes */
            if (!ms_rl_contains(plan->create_networks, op->network))
                g_ptr_array_add(plan->deletes, g_strdup_printf("network '%s'", op->network));
            ms_rl_add_unique(plan->create_networks, op->new_name);
            break;
        case MS_OP_EVACUATE:
            ms_rl_add_unique(plan->evacuated, op->member);
            break;
        case MS_OP_STORAGE_DELETE:
            if (!ms_rl_contains(plan->create_pools, op->pool))
                g_ptr_array_add(plan->deletes, g_strdup_printf("storage pool '%s'", op->pool));
            break;
        case MS_OP_PROFILE_DELETE: {
            g_autofree char *entry = ms_rl_qualify(in, op->profile);
            if (!ms_rl_contains(plan->create_profiles, entry))
                g_ptr_array_add(plan->deletes, g_strdup_printf("profile '%s'", entry));
            break;
        }
        case MS_OP_VOLUME_DELETE: {
            /* a snapshot's delete (VOLUME/SNAP, lxc/storage_volume.go:637-640
             * at lxd-5.0.2) takes away no volume: only a snapshot of a
             * volume the scenario made, which clean-up deletes with its
             * snapshots */
            g_autofree char *entry =
                g_strdup_printf("%s/%.*s", op->pool, (int) strcspn(op->volume, "/"), op->volume);
            if (!ms_rl_contains(plan->create_volumes, entry) && strchr(op->volume, '/') != NULL)
                g_ptr_array_add(plan->deletes,
                                g_strdup_printf("volume '%s/%s' (a snapshot deleted)", op->pool, op->volume));
            else if (!ms_rl_contains(plan->create_volumes, entry))
                g_ptr_array_add(plan->deletes, g_strdup_printf("volume '%s'", entry));
            break;
        }
        default:
            break;
        }
        if (op->instances != NULL)
            for (guint j = 0; j < op->instances->len; j++)
                add_qualified(plan->touch_instances, in, op->instances->pdata[j]);
        /* lxc rename NAME/SNAP NEW: the instance is NAME */
        if (op->instance != NULL) {
            g_autofree char *instance = g_strndup(op->instance, strcspn(op->instance, "/"));
            add_qualified(plan->touch_instances, in, instance);
        }
    }
}

/* The names alone: migsim keeps instance names unique across projects
 * (ms_cluster_lookup_instance). */
GPtrArray *
ms_rl_scenario_instance_names(const MsScenario *scenario)
{
    g_auto(ScenarioPlan) plan = { 0 };
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

    plan_init(&plan, scenario);
    for (guint i = 0; i < plan.touch_instances->len; i++) {
        const char *entry = plan.touch_instances->pdata[i];
        const char *slash = strchr(entry, '/');

        ms_rl_add_unique(names, slash != NULL ? slash + 1 : entry);
    }
    return names;
}

static gboolean refuse(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

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
    g_auto(MsLiveReply) reply = { 0 };

    if (!ms_rl_call(live, "GET", path, NULL, NULL, FALSE, &reply, error))
        return FALSE;
    if (reply.failed && reply.http_status != 404)
        return refuse(error, "GET %s: %s (HTTP %u): cannot tell whether it exists", path, reply.error,
                      reply.http_status);
    *exists = !reply.failed;
    return TRUE;
}

/* Refuses when /1.0/@collection/@name exists: the scenario creates it, and
 * clean-up would delete what is not ours. */
static gboolean
live_check_absent(MsReplayLive *live, const char *collection, const char *qualified, const char *what,
                  GError **error)
{
    const char *name = ms_rl_enter_project(live, qualified);
    g_autofree char *path = ms_rl_entity_path(collection, name, NULL);
    g_autofree char *in = live->project != NULL ? g_strdup_printf(" in project '%s'", live->project) : NULL;
    gboolean exists = FALSE;
    gboolean ok = live_exists(live, path, &exists, error);

    ms_rl_leave_project(live);
    if (!ok)
        return FALSE;
    if (exists)
        return refuse(error, "%s '%s' already exists%s on the cluster and the scenario creates it", what,
                      name, in != NULL ? in : "");
    return TRUE;
}

/* Custom volumes named @name in @pool: their members ("" for remote pools). */
gboolean
ms_rl_volume_locations(MsReplayLive *live, const char *pool, const char *name, GPtrArray *locations,
                       GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };
    g_autofree char *path = ms_rl_entity_path("storage-pools", pool, "/volumes?recursion=1");
    JsonArray *list;

    if (!ms_rl_get_array(live, path, &reply, error))
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

        if (g_strcmp0(ms_rl_json_string(v, "type"), "custom") != 0 ||
            g_strcmp0(ms_rl_json_string(v, "name"), name) != 0)
            continue;
        location = ms_rl_json_string(v, "location");
        g_ptr_array_add(locations, g_strdup(location != NULL ? location : ""));
    }
    return TRUE;
}

/* Instances located on @member (live name), for the --yes banner. */
static gboolean
live_instances_on(MsReplayLive *live, const char *member, GPtrArray *names, GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };
    JsonArray *list;

    if (!ms_rl_get_array(live, "/1.0/instances?recursion=1", &reply, error))
        return FALSE;
    if (reply.failed)
        return refuse(error, "GET /1.0/instances: %s (HTTP %u)", reply.error, reply.http_status);
    list = json_node_get_array(reply.metadata);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        JsonObject *inst = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;

        if (g_strcmp0(ms_rl_json_string(inst, "location"), member) == 0 &&
            ms_rl_json_string(inst, "name") != NULL)
            g_ptr_array_add(names, g_strdup(ms_rl_json_string(inst, "name")));
    }
    return TRUE;
}

/* LXD keeps a finished operation's database row for 5 s
 * (lxd/operations/operations.go:236-262 at lxd-5.0.2), and the scheduler
 * counts InstanceCreate rows as instances being created
 * (lxd/db/node.go:1129-1135): what an earlier scenario did moments ago
 * would tilt this one's placement.  The simulation starts from a quiet
 * cluster, so wait until the live one is quiet too: nothing running, and no
 * finished InstanceCreate row ("Creating instance",
 * lxd/db/operationtype/operation_type.go:91-92) left; other finished rows
 * (the previous clean-up's deletions) weigh nothing. */
#define MS_REPLAY_SETTLE_MAX_US (15 * G_USEC_PER_SEC)
#define MS_REPLAY_SETTLE_POLL_US (250 * 1000)

/* Adds to *@tasks the operations of @project (NULL: default) that keep the
 * cluster busy: LXD 5.0.2 lists one project's operations at a time
 * (operationsGet, lxd/operations.go:446-481 at lxd-5.0.2).  A project that
 * no longer exists has none. */
static gboolean
count_busy(MsReplayLive *live, const char *project, gboolean running_only, guint *tasks, GError **error)
{
    g_autofree char *path = NULL;
    g_auto(MsLiveReply) reply = { 0 };
    JsonObject *lists;
    g_autoptr(GList) kinds = NULL;

    if (project != NULL) {
        g_autofree char *p = g_uri_escape_string(project, NULL, FALSE);
        path = g_strdup_printf("/1.0/operations?recursion=1&project=%s", p);
    }
    if (!ms_rl_get_object(live, path != NULL ? path : "/1.0/operations?recursion=1", &reply, error))
        return FALSE;
    if (reply.failed && project != NULL)
        return TRUE;
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
            JsonObject *op = JSON_NODE_HOLDS_OBJECT(o) ? json_node_get_object(o) : NULL;

            /* long-lived image download tokens never finish */
            if (op == NULL || g_strcmp0(ms_rl_json_string(op, "class"), "token") == 0)
                continue;
            if (g_str_equal(l->data, "running") ||
                g_strcmp0(ms_rl_json_string(op, "description"), "Creating instance") == 0)
                (*tasks)++;
        }
    }
    return TRUE;
}

gboolean
ms_rl_settle(MsReplayLive *live, gboolean running_only, gint64 max_us, GError **error)
{
    gint64 deadline = g_get_monotonic_time() + max_us;

    for (;;) {
        guint tasks = 0;

        if (!count_busy(live, NULL, running_only, &tasks, error))
            return FALSE;
        for (guint i = 0; i < live->own_projects->len; i++)
            if (!count_busy(live, live->own_projects->pdata[i], running_only, &tasks, error))
                return FALSE;
        if (tasks == 0)
            return TRUE;
        if (g_get_monotonic_time() >= deadline)
            return refuse(error,
                          "%u operations are still running or recent after %d s; "
                          "the cluster is busy",
                          tasks, (int) (max_us / G_USEC_PER_SEC));
        g_usleep(MS_REPLAY_SETTLE_POLL_US);
    }
}

/* every member of the scenario exists and is online: the simulation
 * starts from an all-online cluster */
static gboolean
check_members_online(MsReplayLive *live, const MsScenario *scenario, GError **error)
{
    g_auto(MsLiveReply) members = { 0 };
    JsonArray *list;

    if (!ms_rl_get_array(live, "/1.0/cluster/members?recursion=1", &members, error))
        return FALSE;
    if (members.failed)
        return refuse(error, "GET /1.0/cluster/members: %s (HTTP %u); replay needs a cluster", members.error,
                      members.http_status);
    list = json_node_get_array(members.metadata);
    for (guint i = 0; i < scenario->members->len; i++) {
        const char *name = ms_rl_map_member(live, scenario->members->pdata[i]);
        const char *status = NULL;

        for (guint j = 0; j < json_array_get_length(list); j++) {
            JsonNode *n = json_array_get_element(list, j);
            JsonObject *m = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
            if (g_strcmp0(ms_rl_json_string(m, "server_name"), name) == 0)
                status = ms_rl_json_string(m, "status");
        }
        if (status == NULL)
            return refuse(
                error,
                "the cluster has no member '%s' (scenario member '%s'; map names with --member %s=NAME)",
                name, (const char *) scenario->members->pdata[i], (const char *) scenario->members->pdata[i]);
        if (!g_str_equal(status, "Online"))
            return refuse(error, "member '%s' is %s, not Online; the scenario starts from an online cluster",
                          name, status);
    }
    return TRUE;
}

/* A scenario's pool directive names a pool that exists with its driver
 * and is Created (accepted), or none (replay creates it). */
static gboolean
check_pool_directives(MsReplayLive *live, const ScenarioPlan *plan, GError **error)
{
    for (guint i = 0; i < plan->pool_directives->len; i++) {
        g_auto(GStrv) parts = g_strsplit(plan->pool_directives->pdata[i], "/", 2);
        g_autofree char *path = ms_rl_entity_path("storage-pools", parts[0], NULL);
        g_auto(MsLiveReply) reply = { 0 };
        const char *driver, *status;

        if (ms_rl_contains(plan->create_pools, parts[0]))
            return refuse(error, "pool '%s' is both a 'pool' directive and created by 'lxc storage create'",
                          parts[0]);
        if (!ms_rl_get_object(live, path, &reply, error))
            return FALSE;
        if (reply.failed) {
            if (reply.http_status != 404)
                return refuse(error, "GET %s: %s (HTTP %u)", path, reply.error, reply.http_status);
            ms_rl_add_unique(live->own_pools, parts[0]);
            continue;
        }
        driver = ms_rl_json_string(json_node_get_object(reply.metadata), "driver");
        status = ms_rl_json_string(json_node_get_object(reply.metadata), "status");
        if (g_strcmp0(driver, parts[1]) != 0)
            return refuse(
                error,
                "storage pool '%s' exists with driver '%s', the scenario's 'pool' directive wants '%s'",
                parts[0], driver ? driver : "?", parts[1]);
        if (g_strcmp0(status, "Created") != 0)
            return refuse(error, "storage pool '%s' exists but is %s, not Created", parts[0],
                          status ? status : "?");
        ms_rl_add_unique(live->accepted_pools, parts[0]);
    }
    return TRUE;
}

/* Nothing the scenario creates or uses without creating exists yet. */
static gboolean
check_created_absent(MsReplayLive *live, const ScenarioPlan *plan, GError **error)
{
    for (guint i = 0; i < plan->create_instances->len; i++)
        if (!live_check_absent(live, "instances", plan->create_instances->pdata[i], "instance", error))
            return FALSE;
    for (guint i = 0; i < plan->touch_instances->len; i++) {
        const char *name = plan->touch_instances->pdata[i];
        g_autofree char *path = ms_rl_entity_path("instances", ms_rl_enter_project(live, name), NULL);
        gboolean exists = FALSE;
        gboolean ok = ms_rl_contains(plan->create_instances, name) || live_exists(live, path, &exists, error);

        ms_rl_leave_project(live);
        if (!ok)
            return FALSE;
        if (exists)
            return refuse(
                error,
                "the scenario uses instance '%s', which it does not create and which exists on the cluster",
                name);
    }
    for (guint i = 0; i < plan->create_volumes->len; i++) {
        g_auto(GStrv) parts = g_strsplit(plan->create_volumes->pdata[i], "/", 2);
        g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func(g_free);

        if (!ms_rl_volume_locations(live, parts[0], parts[1], where, error))
            return FALSE;
        if (where->len > 0)
            return refuse(error,
                          "volume '%s' already exists in pool '%s' (on %s) and the scenario creates it",
                          parts[1], parts[0],
                          *(const char *) where->pdata[0] ? (const char *) where->pdata[0] : "the pool");
    }
    for (guint i = 0; i < plan->touch_volumes->len; i++) {
        g_auto(GStrv) parts = g_strsplit(plan->touch_volumes->pdata[i], "/", 2);
        g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func(g_free);

        if (ms_rl_contains(plan->create_volumes, plan->touch_volumes->pdata[i]))
            continue;
        if (!ms_rl_volume_locations(live, parts[0], parts[1], where, error))
            return FALSE;
        if (where->len > 0)
            return refuse(error,
                          "the scenario changes volume '%s' in pool '%s', which it does not create and which "
                          "exists on the cluster",
                          parts[1], parts[0]);
    }
    for (guint i = 0; i < plan->create_pools->len; i++)
        if (!live_check_absent(live, "storage-pools", plan->create_pools->pdata[i], "storage pool", error))
            return FALSE;
    if (!check_pool_directives(live, plan, error))
        return FALSE;
    for (guint i = 0; i < plan->create_networks->len; i++)
        if (!live_check_absent(live, "networks", plan->create_networks->pdata[i], "network", error))
            return FALSE;
    for (guint i = 0; i < plan->touch_networks->len; i++) {
        g_autofree char *path = ms_rl_entity_path("networks", plan->touch_networks->pdata[i], NULL);
        gboolean exists = FALSE;

        if (!live_exists(live, path, &exists, error))
            return FALSE;
        if (exists)
            return refuse(error,
                          "the scenario changes network '%s', which it does not create and which exists on "
                          "the cluster",
                          (const char *) plan->touch_networks->pdata[i]);
    }
    for (guint i = 0; i < plan->create_profiles->len; i++) {
        const char *entry = plan->create_profiles->pdata[i];
        const char *slash = strchr(entry, '/');

        /* a project without features.profiles keeps its profiles in the
         * default project (ProfileProjectFromRecord, lxd/project/project.go
         * at lxd-5.0.2): the name must be free there too */
        if (!live_check_absent(live, "profiles", entry, "profile", error) ||
            (slash != NULL && !live_check_absent(live, "profiles", slash + 1, "profile", error)))
            return FALSE;
    }
    for (guint i = 0; i < plan->create_projects->len; i++)
        if (!live_check_absent(live, "projects", plan->create_projects->pdata[i], "project", error))
            return FALSE;
    for (guint i = 0; i < plan->touch_projects->len; i++) {
        g_autofree char *path = ms_rl_entity_path("projects", plan->touch_projects->pdata[i], NULL);
        gboolean exists = FALSE;

        if (ms_rl_contains(plan->create_projects, plan->touch_projects->pdata[i]))
            continue;
        if (!live_exists(live, path, &exists, error))
            return FALSE;
        if (exists)
            return refuse(error,
                          "the scenario uses project '%s', which it does not create and which exists on the "
                          "cluster",
                          (const char *) plan->touch_projects->pdata[i]);
    }
    for (guint i = 0; i < plan->create_groups->len; i++)
        if (!live_check_absent(live, "cluster/groups", plan->create_groups->pdata[i], "cluster group", error))
            return FALSE;
    for (guint i = 0; i < plan->touch_groups->len; i++) {
        g_autofree char *path = ms_rl_entity_path("cluster/groups", plan->touch_groups->pdata[i], NULL);
        gboolean exists = FALSE;

        if (!live_exists(live, path, &exists, error))
            return FALSE;
        if (exists)
            return refuse(
                error,
                "the scenario renames, deletes or edits cluster group '%s', which it does not create and "
                "which exists on the cluster",
                (const char *) plan->touch_groups->pdata[i]);
    }
    return TRUE;
}

/* Clean-up puts the server config back with a PUT of the config read
 * before the first change.  LXD shows a set hidden key (core.trust_password;
 * loki.auth.password from 5.21) as the boolean true, not its value
 * (lxd/config/map.go:96-115 at lxd-5.0.2, :115 at lxd-5.21.7), and takes a
 * true sent back as "keep the current value" (:47-52 at lxd-5.0.2, :54 at
 * lxd-5.21.7): a scenario that changed such a key would keep its value
 * after the put-back, which reads back as recorded all the same.  Refused
 * when the key is set now; an unset one is put back by leaving it out. */
static gboolean
check_server_keys(MsReplayLive *live, const ScenarioPlan *plan, GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };
    JsonObject *config;

    if (plan->server_keys->len == 0)
        return TRUE;
    if (!ms_rl_get_object(live, "/1.0", &reply, error))
        return FALSE;
    if (reply.failed)
        return refuse(error, "GET /1.0: %s (HTTP %u)", reply.error, reply.http_status);
    config = ms_rl_json_object(json_node_get_object(reply.metadata), "config");
    for (guint i = 0; config != NULL && i < plan->server_keys->len; i++) {
        const char *key = plan->server_keys->pdata[i];
        JsonNode *value = json_object_has_member(config, key) ? json_object_get_member(config, key) : NULL;

        if (value != NULL && JSON_NODE_HOLDS_VALUE(value) &&
            json_node_get_value_type(value) == G_TYPE_BOOLEAN)
            return refuse(error,
                          "line %u: the scenario changes server key '%s', which is set on the cluster and "
                          "hidden (LXD shows it only as true): clean-up could not put its value back",
                          g_array_index(plan->server_lines, guint, i), key);
    }
    return TRUE;
}

/* A line per member the scenario evacuates, naming the instances on it now. */
static gboolean
evacuation_lines(MsReplayLive *live, const ScenarioPlan *plan, GPtrArray *lines, GError **error)
{
    for (guint i = 0; i < plan->evacuated->len; i++) {
        const char *member = ms_rl_map_member(live, plan->evacuated->pdata[i]);
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GString) line = g_string_new(NULL);

        if (!live_instances_on(live, member, names, error))
            return FALSE;
        g_string_append_printf(line, "member %s will be evacuated; instances on it now:", member);
        if (names->len == 0)
            g_string_append(line, " none");
        for (guint j = 0; j < names->len; j++)
            g_string_append_printf(
                line, " %s%s", (const char *) names->pdata[j],
                ms_rl_contains(plan->create_instances, names->pdata[j]) ? "" : " (not the scenario's)");
        g_ptr_array_add(lines, g_string_free(g_steal_pointer(&line), FALSE));
    }
    return TRUE;
}

gboolean
ms_replay_live_preflight(MsReplayLive *live, const MsScenario *scenario, GPtrArray **touches, GError **error)
{
    g_auto(ScenarioPlan) plan = { 0 };
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);

    plan_init(&plan, scenario);
    for (guint i = 0; i < plan.create_instances->len; i++)
        ms_rl_add_unique(live->own_instances, plan.create_instances->pdata[i]);
    for (guint i = 0; i < plan.create_volumes->len; i++)
        ms_rl_add_unique(live->own_volumes, plan.create_volumes->pdata[i]);
    for (guint i = 0; i < plan.create_pools->len; i++)
        ms_rl_add_unique(live->own_pools, plan.create_pools->pdata[i]);
    for (guint i = 0; i < plan.create_profiles->len; i++)
        ms_rl_add_unique(live->own_profiles, plan.create_profiles->pdata[i]);
    for (guint i = 0; i < plan.create_projects->len; i++)
        ms_rl_add_unique(live->own_projects, plan.create_projects->pdata[i]);
    live->preflight_done = TRUE;

    /* clean-up can recreate nothing: what exists before the scenario
     * must still be there, unchanged, after it */
    if (plan.deletes->len > 0)
        return refuse(error,
                      "the scenario deletes or changes %s, which it does not create; replay leaves what it "
                      "did not create in place",
                      (const char *) plan.deletes->pdata[0]);

    if (live->dry_run) {
        if (touches != NULL)
            *touches = g_steal_pointer(&lines);
        return TRUE;
    }

    if (!check_members_online(live, scenario, error))
        return FALSE;

    if (!check_created_absent(live, &plan, error) || !check_server_keys(live, &plan, error))
        return FALSE;

    if (!ms_rl_settle(live, FALSE, MS_REPLAY_SETTLE_MAX_US, error))
        return FALSE;

    for (guint i = 0; i < plan.cluster_wide->len; i++)
        g_ptr_array_add(lines, g_strdup(plan.cluster_wide->pdata[i]));
    if (!evacuation_lines(live, &plan, lines, error))
        return FALSE;
    g_ptr_array_set_size(live->requests, 0);
    if (touches != NULL)
        *touches = g_steal_pointer(&lines);
    return TRUE;
}

/* ---------------------------------------------------------------------- */
/* The journal of moves */

gboolean
ms_rl_journal_moves(MsReplayLive *live, const char *instance, GError **error)
{
    g_autoptr(GPtrArray) temporaries =
        g_ptr_array_new_with_free_func((GDestroyNotify) ms_replay_temporary_free);
    g_autoptr(MsLxdResponse) resp = NULL;
    JsonArray *list;

    if (live->journal == NULL || live->dry_run)
        return TRUE;
    /* read quietly: lxc does not send this GET, the transcript must not show it */
    /* every project's: an evacuation moves them all (instance_all_projects,
     * lxd/instances_get.go at lxd-5.0.2) */
    resp = ms_lxd_client_request(live->client, "GET", "/1.0/instances?recursion=1&all-projects=true", NULL,
                                 NULL, error);
    if (resp == NULL)
        return FALSE;
    if (!g_str_equal(resp->type, "sync") || resp->metadata == NULL || !JSON_NODE_HOLDS_ARRAY(resp->metadata))
        return refuse(error, "GET /1.0/instances: %s; cannot journal what a move may create",
                      *resp->error ? resp->error : "no list");
    list = json_node_get_array(resp->metadata);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        JsonObject *inst = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *project = ms_project_key(ms_rl_json_string(inst, "project"));
        const char *bare = ms_rl_json_string(inst, "name");
        const char *uuid = ms_rl_json_string(ms_rl_json_object(inst, "config"), "volatile.uuid");
        g_autofree char *name = bare != NULL ? ms_rl_qualify(project, bare) : NULL;
        g_autofree char *temporary = NULL;
        g_autofree char *moving = instance != NULL ? ms_rl_qualify(live->project, instance) : NULL;
        g_autofree char *bare_temporary = NULL;

        if (name == NULL || uuid == NULL || (moving != NULL && !g_str_equal(name, moving)))
            continue;
        /* lxd/instance/instance_utils.go MoveTemporaryName at lxd-5.0.2 */
        bare_temporary = g_strdup_printf("lxd-move-of-%s", uuid);
        temporary = ms_rl_qualify(project, bare_temporary);
        g_ptr_array_add(temporaries,
                        ms_replay_temporary_new(temporary, name, ms_rl_contains(live->own_instances, name)));
    }
    return ms_replay_journal_moves(live->journal, temporaries, error);
}

void
ms_replay_live_set_journal(MsReplayLive *live, MsReplayJournal *journal)
{
    live->journal = journal;
}
