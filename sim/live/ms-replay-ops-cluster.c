/* migsim: the live side of `migsim replay`, cluster members and groups:
 * lxc cluster set/unset and lxc cluster group create, assign, remove,
 * rename and delete as the requests lxc of LXD 5.0.2 sends for them
 * (lxc/cluster.go and lxc/cluster_group.go at tag lxd-5.0.2).  Every member
 * record is journalled before its first change and every group before it
 * is created, so that clean-up and --recover put them back
 * (ms-replay-cleanup.c). */
#include "ms-replay-ops-private.h"

#include "ms-lxd-map.h"
#include "ms-yaml-read.h"

/* api.ClusterMember.Writable(): roles, failure_domain, description, config,
 * groups (shared/api/cluster.go:187-231 at lxd-5.0.2) */
static JsonObject *
member_writable(JsonObject *member)
{
    static const char *const keys[] = { "roles", "failure_domain", "description", "config", "groups" };
    JsonObject *put = json_object_new();

    for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
        if (json_object_has_member(member, keys[i]))
            json_object_set_member(put, keys[i], ms_rl_deep_copy(json_object_get_member(member, keys[i])));
    return put;
}

/* GET /1.0/cluster/members/NAME and its writable part; an LXD error
 * becomes the outcome (*put stays NULL).  The prior record goes to the
 * journal before anything is sent that changes it. */
static gboolean
member_read(MsRlRun *run, const char *name, JsonObject **put, char **etag, GError **error)
{
    MsReplayLive *live = run->live;
    g_autofree char *path = ms_rl_entity_path("cluster/members", name, NULL);
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) member = NULL;

    *put = NULL;
    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    if (live->dry_run) {
        /* the simulated member: its groups and scheduler.instance */
        const MsMember *sim = ms_cluster_lookup_member(run->sim, ms_rl_unmap_member(live, name));
        JsonObject *obj = json_object_new();
        JsonObject *config = json_object_new();
        JsonArray *groups = json_array_new();

        if (sim != NULL && g_strcmp0(sim->scheduler_instance, "all") != 0 && sim->scheduler_instance != NULL)
            json_object_set_string_member(config, "scheduler.instance", sim->scheduler_instance);
        for (guint i = 0; sim != NULL && i < sim->groups->len; i++)
            json_array_add_string_element(groups, sim->groups->pdata[i]);
        json_object_set_object_member(obj, "config", config);
        json_object_set_array_member(obj, "groups", groups);
        member = ms_lxd_map_take_object(obj);
    } else {
        member = g_steal_pointer(&reply.metadata);
    }
    *put = member_writable(json_node_get_object(member));
    if (etag != NULL)
        *etag = g_steal_pointer(&reply.etag);
    if (ms_rl_journal_of(run) != NULL) {
        g_autoptr(JsonNode) prior = ms_lxd_map_take_object(member_writable(json_node_get_object(member)));

        if (!ms_replay_journal_change_member_config(ms_rl_journal_of(run), name, prior, error)) {
            g_clear_pointer(put, json_object_unref);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean
member_put(MsRlRun *run, const char *name, JsonObject *put, const char *etag, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("cluster/members", name, NULL);
    g_autoptr(JsonNode) body = ms_lxd_map_take_object(json_object_ref(put));

    return ms_rl_run_call(run, "PUT", path, body, etag, FALSE, error);
}

/* lxc cluster set|unset MEMBER KEY [VALUE]: GET the member, set the keys
 * (unset: to ""), PUT the whole writable member without an ETag
 * (lxc/cluster.go:306-338, 358-367 at lxd-5.0.2). */
gboolean
ms_rl_op_member_config(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    const char *name = ms_rl_map_member(run->live, op->member);
    g_autoptr(JsonObject) put = NULL;
    JsonObject *config;

    if (!member_read(run, name, &put, NULL, error))
        return FALSE;
    if (put == NULL)
        return TRUE;
    config = ms_rl_json_object(put, "config");
    if (config == NULL) {
        config = json_object_new();
        json_object_set_object_member(put, "config", config);
    }
    for (guint i = 0; i < op->keys->len; i++)
        json_object_set_string_member(config, op->keys->pdata[i],
                                      op->kind == MS_OP_MEMBER_UNSET ? "" : op->values->pdata[i]);
    return member_put(run, name, put, NULL, error);
}

/* lxc cluster group assign MEMBER G1[,G2...] (the list replaces the
 * member's groups; "" empties it) and lxc cluster group remove MEMBER G
 * (refused by lxc itself when the member is not in G): GET the member with
 * its ETag, PUT it back with If-Match (lxc/cluster_group.go:93-138,
 * 448-498 at lxd-5.0.2). */
gboolean
ms_rl_op_group_membership(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    const char *name = ms_rl_map_member(live, op->member);
    g_autoptr(JsonObject) put = NULL;
    g_autofree char *etag = NULL;
    JsonArray *groups;
    gboolean found = FALSE;

    /* lxc cluster group add MEMBER GROUP: no such command before lxd-5.0.3
     * and 5.16 (lxc prints the usage of `lxc cluster group` and exits 0, no
     * request: model/ms-group-ops.c); from there lxc GETs the member,
     * refuses a group it is already in, appends GROUP and PUTs with the
     * ETag (lxc/cluster_group.go:639-679 at lxd-5.0.3, :780-795 at
     * lxd-5.21.7; cmd/incus/cluster_group.go:832-863 at v6.0.4) */
    if (op->kind == MS_OP_GROUP_ADD && !ms_rule_applies(MS_RULE_CLI_GROUP_ALREADY_IN, live->profile)) {
        run->outcome = ms_rl_outcome_ok();
        ms_outcome_add_note(run->outcome, "lxc %s has no `cluster group add`: no request sent",
                            live->profile->name);
        return TRUE;
    }
    if (!member_read(run, name, &put, &etag, error))
        return FALSE;
    if (put == NULL)
        return TRUE;
    if (op->kind == MS_OP_GROUP_ADD) {
        groups = ms_rl_strings_except(put, "groups", op->group, TRUE, &found);
        if (found) {
            g_autofree char *text =
                g_strdup_printf("Cluster member %s is already in group %s", op->member, op->group);
            json_array_unref(groups);
            run->outcome = ms_rl_outcome_client(text);
            return TRUE;
        }
        json_array_add_string_element(groups, op->group);
    } else if (op->kind == MS_OP_GROUP_ASSIGN) {
        groups = json_array_new();
        for (guint i = 0; i < op->groups->len; i++)
            json_array_add_string_element(groups, op->groups->pdata[i]);
    } else {
        groups = ms_rl_strings_except(put, "groups", op->group, FALSE, &found);
        if (!found) {
            g_autofree char *text =
                g_strdup_printf("Cluster group %s isn't currently applied to %s", op->group, op->member);
            json_array_unref(groups);
            run->outcome = ms_rl_outcome_client(text);
            return TRUE;
        }
    }
    json_object_set_array_member(put, "groups", groups);
    return member_put(run, name, put, ms_rl_if_match(live, etag), error);
}

/* lxc cluster group create GROUP: POST /1.0/cluster/groups
 * (api.ClusterGroupsPost, lxc/cluster_group.go:158-190 at lxd-5.0.2);
 * rename: POST /1.0/cluster/groups/GROUP {"name":NEW} (:519-545); delete:
 * DELETE /1.0/cluster/groups/GROUP (:213-240).  A created or renamed-to
 * name is journalled first, so clean-up deletes it. */
gboolean
ms_rl_op_group(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("cluster/groups", op->group, NULL);
    const char *created = op->kind == MS_OP_GROUP_CREATE   ? op->group
                          : op->kind == MS_OP_GROUP_RENAME ? op->new_name
                                                           : NULL;
    g_autoptr(JsonNode) body = NULL;

    /* lxc sends the YAML's description and members from 5.21.3 and 6.2
     * (cli-group-create-stdin), members clean-up would have to take out of
     * the group first; earlier lxc ignores its input */
    if (op->kind == MS_OP_GROUP_CREATE && op->stdin_text != NULL &&
        ms_profile_has(run->live->profile, MS_FEATURE_CLI_GROUP_CREATE_STDIN)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                    "lxc cluster group create with a YAML on standard input cannot be replayed yet "
                    "at %s",
                    run->live->profile->name);
        return FALSE;
    }
    if (created != NULL && ms_rl_journal_of(run) != NULL &&
        !ms_replay_journal_create_group(ms_rl_journal_of(run), created, error))
        return FALSE;
    if (op->kind == MS_OP_GROUP_DELETE)
        return ms_rl_run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    {
        JsonObject *obj = json_object_new();

        json_object_set_string_member(obj, "name", created);
        if (op->kind == MS_OP_GROUP_CREATE) {
            json_object_set_string_member(obj, "description", "");
            json_object_set_null_member(obj, "members");
        }
        body = ms_lxd_map_take_object(obj);
    }
    return ms_rl_run_call(run, "POST", op->kind == MS_OP_GROUP_CREATE ? "/1.0/cluster/groups" : path, body,
                          NULL, FALSE, error);
}

/* lxc cluster group edit GROUP < YAML: lxc's PUT of api.ClusterGroupPut
 * with no GET and no ETag (lxc/cluster_group.go:283-296 at lxd-5.0.2).
 * The edit may take members out of a group or put them in: every member's
 * writable part is journalled first (a GET each), and clean-up puts the
 * members back before it deletes the groups the scenario made.  The plan
 * refuses an edit of a group the scenario does not create. */
gboolean
ms_rl_op_group_edit(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("cluster/groups", op->group, NULL);
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put = NULL;
    g_autoptr(JsonNode) body = NULL;
    JsonObject *obj;
    JsonArray *members;

    put =
        ms_yaml_unmarshal_put(op->stdin_text != NULL ? op->stdin_text : "", MS_YAML_GROUP_PUT, &type_errors);
    if (put == NULL) {
        run->outcome = ms_rl_outcome_client(type_errors);
        return TRUE;
    }
    for (guint i = 0; i < run->sim->members->len && ms_rl_journal_of(run) != NULL; i++) {
        const MsMember *sim = run->sim->members->pdata[i];
        g_autoptr(JsonObject) member = NULL;

        if (!member_read(run, ms_rl_map_member(live, sim->name), &member, NULL, error))
            return FALSE;
        if (member == NULL)
            return TRUE;
    }
    obj = json_object_new();
    members = json_array_new();
    json_object_set_string_member(obj, "description", put->description);
    for (guint i = 0; put->members != NULL && i < put->members->len; i++)
        json_array_add_string_element(members, ms_rl_map_member(live, put->members->pdata[i]));
    json_object_set_array_member(obj, "members", members);
    body = ms_lxd_map_take_object(obj);
    return ms_rl_run_call(run, "PUT", path, body, NULL, FALSE, error);
}

/* lxc project set|unset PROJECT KEY[=VALUE]...: GET the project, set the
 * keys (unset: to ""), PUT its writable part (config, description) with
 * the ETag (lxc/project.go:561-627 at lxd-5.0.2).  The default project's
 * writable part is journalled before the first change, and clean-up puts
 * it back, even after a kill; another project is one the scenario creates
 * (pre-flight), and clean-up deletes it. */
/* The project's config as read, or an empty object. */
static JsonNode *
prior_config_node(JsonObject *project)
{
    JsonNode *config = json_object_get_member(project, "config");

    if (config != NULL && JSON_NODE_HOLDS_OBJECT(config))
        return ms_rl_deep_copy(config);
    return ms_lxd_map_take_object(json_object_new());
}

gboolean
ms_rl_op_project_config(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) body = NULL;
    JsonObject *put, *config;
    const MsProject *sim;

    g_autofree char *path = ms_rl_entity_path("projects", ms_project_display(op->project), NULL);
    gboolean is_default = ms_project_same(op->project, NULL);

    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    put = json_object_new();
    config = json_object_new();
    if (!live->dry_run && reply.metadata != NULL && JSON_NODE_HOLDS_OBJECT(reply.metadata)) {
        JsonObject *project = json_node_get_object(reply.metadata);
        JsonObject *prior = ms_rl_json_object(project, "config");
        GList *members = prior != NULL ? json_object_get_members(prior) : NULL;

        for (GList *l = members; l != NULL; l = l->next)
            json_object_set_member(config, l->data, ms_rl_deep_copy(json_object_get_member(prior, l->data)));
        g_list_free(members);
        json_object_set_string_member(put, "description",
                                      json_object_get_string_member_with_default(project, "description", ""));
        if (ms_rl_journal_of(run) != NULL && is_default) {
            g_autoptr(JsonNode) prior = ms_lxd_map_take_object(json_object_new());

            json_object_set_member(json_node_get_object(prior), "config", prior_config_node(project));
            json_object_set_string_member(json_node_get_object(prior), "description",
                                          json_object_get_string_member(put, "description"));
            if (!ms_replay_journal_change_project(ms_rl_journal_of(run), prior, error))
                return FALSE;
        }
    } else if ((sim = ms_cluster_lookup_restricting_project(run->sim, op->project)) != NULL) {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init(&iter, sim->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            json_object_set_string_member(config, key, value);
    }
    for (guint i = 0; i < op->keys->len; i++)
        json_object_set_string_member(config, op->keys->pdata[i],
                                      op->kind == MS_OP_PROJECT_UNSET ? "" : op->values->pdata[i]);
    json_object_set_object_member(put, "config", config);
    body = ms_lxd_map_take_object(put);
    return ms_rl_run_call(run, "PUT", path, body, ms_rl_if_match(live, reply.etag), FALSE, error);
}

/* lxc project create NAME [-c K=V]...: POST /1.0/projects with the name and
 * config (api.ProjectsPost, lxc/project.go:103-140 at lxd-5.0.2); lxc
 * project delete NAME: DELETE /1.0/projects/NAME (:192); lxc project
 * switch NAME: GET /1.0/projects/NAME, then lxc writes its own config
 * (:700-736).  All three are synchronous.  lxc project rename NAME NEWNAME:
 * POST /1.0/projects/NAME {"name": NEWNAME}, an operation lxc waits for
 * (:503-531; projectPost, lxd/api_project.go:851 at lxd-5.0.2). */
gboolean
ms_rl_op_project(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("projects", ms_project_display(op->project), NULL);

    if (op->kind == MS_OP_PROJECT_CREATE) {
        JsonObject *obj = json_object_new();
        JsonObject *config = json_object_new();
        g_autoptr(JsonNode) body = NULL;

        json_object_set_string_member(obj, "name", op->project);
        json_object_set_string_member(obj, "description", "");
        ms_rl_set_op_keys(config, op);
        json_object_set_object_member(obj, "config", config);
        body = ms_lxd_map_take_object(obj);
        if (ms_rl_journal_of(run) != NULL &&
            !ms_replay_journal_create_project(ms_rl_journal_of(run), op->project, error))
            return FALSE;
        return ms_rl_run_call(run, "POST", "/1.0/projects", body, NULL, FALSE, error);
    }
    if (op->kind == MS_OP_PROJECT_DELETE && op->force) {
        gboolean shorthand;
        const char *flag = ms_op_project_delete_unknown_flag(op, run->live->profile, &shorthand);
        g_autofree char *text = shorthand ? g_strdup("unknown shorthand flag: 'f' in -f")
                                          : g_strdup_printf("unknown flag: %s", flag != NULL ? flag : "");

        /* cobra's refusal where lxc has no --force (ms-version.c,
         * cli-project-delete-force); where it has, DELETE ?force=1
         * deletes what the journal would have to forget */
        if (flag == NULL) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                        "lxc project delete --force cannot be replayed yet");
            return FALSE;
        }
        run->outcome = ms_rl_outcome_client(text);
        return TRUE;
    }
    if (op->kind == MS_OP_PROJECT_DELETE)
        return ms_rl_run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    if (op->kind == MS_OP_PROJECT_RENAME) {
        JsonObject *obj = json_object_new();
        g_autoptr(JsonNode) body = NULL;

        json_object_set_string_member(obj, "name", op->new_name);
        body = ms_lxd_map_take_object(obj);
        /* the clean-up deletes the new name (the old one goes with it) */
        if (ms_rl_journal_of(run) != NULL && ms_project_key(op->new_name) != NULL &&
            !ms_replay_journal_create_project(ms_rl_journal_of(run), op->new_name, error))
            return FALSE;
        return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
    }
    return ms_rl_run_call(run, "GET", path, NULL, NULL, FALSE, error);
}
