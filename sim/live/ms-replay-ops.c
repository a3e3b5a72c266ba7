/* migsim: the live side of `migsim replay`, the commands: each MsOp as
 * the requests lxc sends for it, and the refusals lxc makes by itself
 * (ms-replay-live.h).  A dry run shows GET bodies taken from the
 * simulated cluster, as ms-lxd-map.c writes them.
 *
 * The request sequences follow the lxc client of LXD 5.0.2 as captured
 * with `lxc --debug` (reference notes §3) and lxc/ at tag lxd-5.0.2.
 *
 * This file: outcomes, requests, the op table and the instance and member
 * commands; config, devices and profiles are in ms-replay-ops-config.c,
 * pools and volumes in ms-replay-ops-storage.c. */
#include "ms-replay-ops-private.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

/* ---------------------------------------------------------------------- */
/* Outcomes */

MsOutcome *
ms_rl_outcome_ok(void)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = TRUE;
    outcome->http_status = 200;
    return outcome;
}

static MsOutcome *
outcome_from_reply(const MsLiveReply *reply)
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
MsOutcome *
ms_rl_outcome_client(const char *text)
{
    MsOutcome *outcome = ms_outcome_new();

    outcome->ok = FALSE;
    outcome->http_status = 0;
    outcome->server_error = g_strdup(text);
    outcome->client_error = g_strdup(text);
    return outcome;
}

/* ---------------------------------------------------------------------- */
/* Operations */

/* lxc always sends the ETag it read; a dry run shows where it goes. */
const char *
ms_rl_if_match(MsReplayLive *live, const char *etag)
{
    if (etag != NULL)
        return etag;
    return live->dry_run ? "" : NULL;
}

/* The body of lxc storage create, with the op's keys (if any) as config. */
JsonNode *
ms_rl_pool_create_body(const char *name, const char *driver, const MsOp *op)
{
    JsonObject *obj = json_object_new();
    JsonObject *config = json_object_new();

    json_object_set_string_member(obj, "name", name);
    json_object_set_string_member(obj, "driver", driver);
    if (op != NULL)
        ms_rl_set_op_keys(config, op);
    json_object_set_object_member(obj, "config", config);
    return ms_lxd_map_take_object(obj);
}

/* The journal hears of every change before it is sent (nothing in a dry
 * run, which sends nothing). */
MsReplayJournal *
ms_rl_journal_of(MsRlRun *run)
{
    return run->live->dry_run ? NULL : run->live->journal;
}

gboolean
ms_rl_run_reply(MsRlRun *run, const MsLiveReply *reply)
{
    run->outcome = outcome_from_reply(reply);
    return TRUE;
}

/* A step that is one request: its reply is the outcome. */
gboolean
ms_rl_run_call(MsRlRun *run, const char *method, const char *path, JsonNode *body, const char *if_match,
               gboolean async_endpoint, GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };

    if (!ms_rl_call(run->live, method, path, body, if_match, async_endpoint, &reply, error))
        return FALSE;
    return ms_rl_run_reply(run, &reply);
}

/* GET /1.0/instances/NAME: the object and its ETag; an LXD error becomes
 * the outcome (and *obj stays NULL). */
gboolean
ms_rl_get_instance(MsRlRun *run, const char *name, JsonNode **obj, char **etag, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
    g_auto(MsLiveReply) reply = { 0 };

    *obj = NULL;
    if (!ms_rl_get_object(run->live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    if (run->live->dry_run) {
        *obj = ms_lxd_map_instance_to_json(run->sim, name);
    } else {
        *obj = g_steal_pointer(&reply.metadata);
        if (etag != NULL)
            *etag = g_steal_pointer(&reply.etag);
    }
    return TRUE;
}

gboolean
ms_rl_put_instance(MsRlRun *run, const char *name, JsonObject *put, const char *etag, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
    g_autoptr(JsonNode) body = ms_lxd_map_take_object(json_object_ref(put));

    return ms_rl_run_call(run, "PUT", path, body, ms_rl_if_match(run->live, etag), TRUE, error);
}

/* Announces instance @name of @project (NULL: default) before a request
 * may create it. */
static gboolean
journal_instance(MsRlRun *run, const char *project, const char *name, GError **error)
{
    g_autofree char *entry = ms_rl_qualify(project, name);

    return ms_rl_journal_of(run) == NULL ||
           ms_replay_journal_create_instance(ms_rl_journal_of(run), entry, error);
}

/* lxc's image text when its look-up fails: the server's error as lxc prints
 * it where lxc does not wrap it, else lxc's own wrap of the name, whose
 * wording per release is the rule table's (IMAGE.PROJECT_NOT_FOUND) */
static char *
image_lookup_text(const MsProfile *profile, const char *image, const char *server_error)
{
    const char *format = ms_rule_format(MS_RULE_IMAGE_PROJECT_NOT_FOUND, profile);

    if (format == NULL || strchr(format, '%') == NULL)
        return g_strdup(server_error);
    return ms_rule_message_strv(MS_RULE_IMAGE_PROJECT_NOT_FOUND, profile,
                                (const char *const[]){ image, "local", NULL });
}

/* lxc looks a local image up in the instance's project before the create:
 * the alias, then an image of that name (lxc/init.go:357-368 at
 * lxd-5.0.2).  Sent only where the simulated project keeps its own images
 * (features.images=true): elsewhere the project reads the default
 * project's, which hold every image the scenario names.  *@text: lxc's
 * error, NULL when found. */
static gboolean
image_lookup(MsRlRun *run, const char *image, char **text, GError **error)
{
    MsReplayLive *live = run->live;
    const MsProject *project =
        live->project != NULL ? ms_cluster_lookup_project(run->sim, live->project) : NULL;
    g_autofree char *alias_path = NULL;
    g_autofree char *image_path = NULL;
    g_auto(MsLiveReply) reply = { 0 };

    *text = NULL;
    if (project == NULL || !ms_project_feature(project, "images") ||
        (strchr(image, ':') != NULL && !g_str_has_prefix(image, "local:")))
        return TRUE;
    if (g_str_has_prefix(image, "local:"))
        image += strlen("local:");
    alias_path = ms_rl_entity_path("images/aliases", image, NULL);
    if (!ms_rl_get_object(live, alias_path, &reply, error))
        return FALSE;
    if (!reply.failed)
        return TRUE;
    ms_rl_reply_clear(&reply);
    image_path = ms_rl_entity_path("images", image, NULL);
    if (!ms_rl_get_object(live, image_path, &reply, error))
        return FALSE;
    if (reply.failed)
        *text = image_lookup_text(live->profile, image, reply.error);
    return TRUE;
}

static gboolean
op_init(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    JsonObject *obj = json_object_new();
    JsonObject *config = json_object_new();
    JsonObject *devices = json_object_new();
    JsonObject *source = json_object_new();
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *path = NULL;
    g_auto(MsLiveReply) reply = { 0 };

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
    ms_rl_set_op_keys(config, op);
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
    body = ms_lxd_map_take_object(obj);

    /* lxc reads the -s pool first, with the target (lxc/init.go:147-148,
     * 223-227 at lxd-5.0.2: CLI.CREATE_POOL_NOT_FOUND) */
    if (op->pool != NULL) {
        g_autofree char *pool_path = ms_rl_entity_path("storage-pools", op->pool, NULL);
        g_autofree char *pool_target = ms_rl_with_target(pool_path, ms_rl_map_member(live, op->target));
        g_auto(MsLiveReply) pool_reply = { 0 };
        if (!ms_rl_get_object(live, pool_target, &pool_reply, error))
            return FALSE;
        if (pool_reply.failed) {
            g_autofree char *text =
                g_strdup_printf("Failed loading storage pool \"%s\": %s", op->pool, pool_reply.error);
            run->outcome = ms_rl_outcome_client(text);
            return TRUE;
        }
    }
    if (!op->empty) {
        const char *alias = g_hash_table_lookup(live->image_map, op->image);
        g_autofree char *text = NULL;
        if (!image_lookup(run, alias != NULL ? alias : op->image, &text, error))
            return FALSE;
        if (text != NULL) {
            run->outcome = ms_rl_outcome_client(text);
            return TRUE;
        }
    }
    path = ms_rl_with_target("/1.0/instances", ms_rl_map_member(live, op->target));
    if (!journal_instance(run, live->project, op->instance, error))
        return FALSE;
    if (!ms_rl_call(live, "POST", path, body, NULL, TRUE, &reply, error))
        return FALSE;
    if (reply.failed || !op->start)
        return ms_rl_run_reply(run, &reply);
    ms_rl_reply_clear(&reply);
    if (!ms_rl_instance_state(live, op->instance, "start", FALSE, FALSE, &reply, error))
        return FALSE;
    return ms_rl_run_reply(run, &reply);
}

static gboolean
op_state(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    const char *action = run->arg;

    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        g_auto(MsLiveReply) reply = { 0 };

        gboolean stateful = op->stateful;

        if (g_str_equal(action, "start")) {
            g_autoptr(JsonNode) inst = NULL;

            if (!ms_rl_get_instance(run, name, &inst, NULL, error))
                return FALSE;
            if (inst == NULL)
                return TRUE;
            /* lxc restores a saved state unless --stateless (lxc/action.go:235 at lxd-5.0.2) */
            stateful =
                !op->stateless && JSON_NODE_HOLDS_OBJECT(inst) &&
                json_object_get_boolean_member_with_default(json_node_get_object(inst), "stateful", FALSE);
        }
        if (!ms_rl_instance_state(run->live, name, action, op->force, stateful, &reply, error))
            return FALSE;
        /* lxc stops at the first instance that fails */
        if (reply.failed || i + 1 == op->instances->len)
            return ms_rl_run_reply(run, &reply);
    }
    return TRUE;
}

/* The path lxc reads for a name of lxc delete: an instance, or NAME/SNAP's
 * snapshot (instancesExist, lxc/utils.go:211-229 at lxd-5.0.2). */
static char *
snapshot_or_instance_path(const char *name)
{
    const char *slash = strchr(name, '/');
    g_autofree char *parent = NULL;
    g_autofree char *suffix = NULL;

    if (slash == NULL)
        return ms_rl_entity_path("instances", name, NULL);
    parent = g_strndup(name, slash - name);
    suffix = g_strdup_printf("/snapshots/%s", slash + 1);
    return ms_rl_entity_path("instances", parent, suffix);
}

/* lxc delete NAME/SNAP: lxc's DELETE of the snapshot (doDelete,
 * lxc/delete.go:56-60 at lxd-5.0.2); incus has no such branch and reads the
 * instance named NAME/SNAP, which the server refuses (cmd/incus/delete.go:101
 * at v6.0.4, cmd/incusd/instance_get.go:115-116: DELETE.SNAPSHOT_INCUS). */
static gboolean
delete_snapshot(MsRlRun *run, const char *name, MsLiveReply *reply, GError **error)
{
    g_autofree char *path = NULL;

    if (ms_profile_is_incus(run->live->profile)) {
        path = ms_rl_entity_path("instances", name, NULL);
        return ms_rl_get_object(run->live, path, reply, error);
    }
    path = snapshot_or_instance_path(name);
    return ms_rl_call(run->live, "DELETE", path, NULL, NULL, TRUE, reply, error);
}

static gboolean
op_delete(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;

    /* lxc reads every instance before it deletes any (instancesExist,
     * lxc/delete.go:88, lxc/utils.go:227 at lxd-5.0.2: CLI.DELETE_EXISTS_WRAP);
     * a NAME/SNAP as the snapshot (lxc/utils.go:214-222) */
    for (guint i = 0; i < op->instances->len; i++) {
        g_autofree char *path = snapshot_or_instance_path(op->instances->pdata[i]);
        g_auto(MsLiveReply) reply = { 0 };
        if (!ms_rl_get_object(run->live, path, &reply, error))
            return FALSE;
        /* the GET's error, as the model's server_error; lxc's wrap is the
         * client layer's (model/ms-client.c) */
        if (reply.failed)
            return ms_rl_run_reply(run, &reply);
    }
    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
        g_autoptr(JsonNode) inst = NULL;
        g_auto(MsLiveReply) reply = { 0 };
        const char *status;

        if (strchr(name, '/') != NULL) {
            if (!delete_snapshot(run, name, &reply, error))
                return FALSE;
            /* until lxd-5.0.2 and 5.15, lxc returns after the first snapshot
             * (lxc/delete.go:102-104 at lxd-5.0.2: DELETE.SNAPSHOT_ENDS_LOOP) */
            if (reply.failed || i + 1 == op->instances->len ||
                ms_rule_applies(MS_RULE_DELETE_SNAPSHOT_ENDS_LOOP, run->live->profile))
                return ms_rl_run_reply(run, &reply);
            continue;
        }
        if (!ms_rl_get_instance(run, name, &inst, NULL, error))
            return FALSE;
        if (inst == NULL)
            return TRUE;
        status = ms_rl_json_string(json_node_get_object(inst), "status");
        if (status != NULL && !g_str_equal(status, "Stopped")) {
            /* lxc/delete.go checks the status itself */
            if (!op->force) {
                run->outcome =
                    ms_rl_outcome_client("The instance is currently running, stop it first or pass --force");
                return TRUE;
            }
            if (!ms_rl_instance_state(run->live, name, "stop", TRUE, FALSE, &reply, error))
                return FALSE;
            if (reply.failed) {
                g_autofree char *text = g_strdup_printf("Stopping the instance failed: %s", reply.error);
                g_free(reply.error);
                reply.error = g_steal_pointer(&text);
                return ms_rl_run_reply(run, &reply);
            }
            ms_rl_reply_clear(&reply);
        }
        if (!ms_rl_call(run->live, "DELETE", path, NULL, NULL, TRUE, &reply, error))
            return FALSE;
        if (reply.failed || i + 1 == op->instances->len)
            return ms_rl_run_reply(run, &reply);
    }
    return TRUE;
}

/* lxc move --target refuses, before any request, the flags its release's
 * moveClusterInstance cannot send, in lxc's order (lxc/move.go:166-177 at
 * lxd-5.0.2; gone from lxd-5.21.5 and lxd-6.7, CLI.MOVE_TARGET_*): replay
 * sends what lxc would, so these never reach the server (live 5.0.2: gen 16
 * seed 16002 scenario 4 line 32, the server answered a --target with
 * --target-project that lxc 5.0.2 never sends).  TRUE when refused. */
static gboolean
move_client_refuses(MsRlRun *run)
{
    const MsOp *op = run->op;
    const struct {
        gboolean given;
        MsRuleId rule;
    } checks[] = {
        { op->instance_only, MS_RULE_CLI_MOVE_TARGET_INSTANCE_ONLY },
        { op->pool != NULL, MS_RULE_CLI_MOVE_TARGET_STORAGE },
        { op->target_project != NULL, MS_RULE_CLI_MOVE_TARGET_PROJECT },
    };

    if (op->target == NULL)
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(checks); i++)
        if (checks[i].given && ms_rule_applies(checks[i].rule, run->live->profile)) {
            run->outcome = ms_rl_outcome_client(ms_rule_format(checks[i].rule, run->live->profile));
            return TRUE;
        }
    return FALSE;
}

static gboolean
op_move(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *instance = ms_rl_entity_path("instances", op->instance, NULL);
    g_autofree char *path = ms_rl_with_target(instance, ms_rl_map_member(live, op->target));
    JsonObject *obj = NULL;
    g_autoptr(JsonNode) body = NULL;

    if (move_client_refuses(run))
        return TRUE;
    obj = json_object_new();
    json_object_set_string_member(obj, "name", op->new_name != NULL ? op->new_name : op->instance);
    json_object_set_boolean_member(obj, "migration", TRUE);
    /* lxc/move.go: stateful unless --stateless */
    json_object_set_boolean_member(obj, "live", !op->stateless);
    /* a move -s POOL without --target: one POST with the pool and
     * instance_only (lxc/move.go:335-383 moveInstancePool at lxd-5.0.2;
     * cmd/incus/move.go:274-281 moveInstance at Incus v6.0.4) */
    if (op->pool != NULL) {
        json_object_set_string_member(obj, "pool", op->pool);
        json_object_set_boolean_member(obj, "instance_only", op->instance_only);
    }
    /* --target-project: the project in the body, the same POST
     * (moveInstanceProject, lxc/move.go:386-432 at lxd-5.0.2: the server
     * has instance_project_move) */
    if (op->target_project != NULL)
        json_object_set_string_member(obj, "project", op->target_project);
    body = ms_lxd_map_take_object(obj);
    if (!ms_rl_journal_moves(live, op->instance, error))
        return FALSE;
    /* move NAME NEWNAME -s POOL renames too, --target-project lands in
     * another project: clean-up must find it there */
    if ((op->new_name != NULL || op->target_project != NULL) &&
        !journal_instance(run, op->target_project != NULL ? op->target_project : live->project,
                          op->new_name != NULL ? op->new_name : op->instance, error))
        return FALSE;
    return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc snapshot NAME [SNAP] [--stateful]: POST .../snapshots (lxc/snapshot.go
 * at lxd-5.0.2; an empty name lets the server pick snapN). */
static gboolean
op_snapshot(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("instances", op->instance, "/snapshots");
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", op->snapshot != NULL ? op->snapshot : "");
    json_object_set_boolean_member(obj, "stateful", op->stateful);
    body = ms_lxd_map_take_object(obj);
    return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc restore NAME SNAP [--stateful]: one PUT of "restore" (NAME/SNAP
 * unless SNAP has a slash) and "stateful", no read first and no ETag
 * (lxc/restore.go:62-73 at lxd-5.0.2, :77-88 at lxd-6.9) */
static gboolean
op_snapshot_restore(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("instances", op->instance, NULL);
    g_autofree char *restore = strchr(op->snapshot, '/') != NULL
                                   ? g_strdup(op->snapshot)
                                   : g_strdup_printf("%s/%s", op->instance, op->snapshot);
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "restore", restore);
    json_object_set_boolean_member(obj, "stateful", op->stateful);
    body = ms_lxd_map_take_object(obj);
    return ms_rl_run_call(run, "PUT", path, body, NULL, TRUE, error);
}

/* After lxc copy --refresh: GET the target, PUT the source's writable
 * part with the target's volatile.idmap.next, wait (lxc/copy.go:360-392 at
 * lxd-5.0.2).  A failed GET is lxc's "Failed to refresh target instance". */
static gboolean
copy_refresh_update(MsRlRun *run, JsonObject *writable, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("instances", op->new_name, NULL);
    g_auto(MsLiveReply) reply = { 0 };
    JsonObject *config = ms_rl_json_object(writable, "config");
    const char *next = NULL;

    if (!ms_rl_get_object(run->live, path, &reply, error))
        return FALSE;
    g_clear_pointer(&run->outcome, ms_outcome_free);
    if (reply.failed) {
        g_autofree char *text =
            g_strdup_printf("Failed to refresh target instance '%s': %s", op->new_name, reply.error);
        run->outcome = ms_rl_outcome_client(text);
        run->outcome->http_status = reply.http_status;
        return TRUE;
    }
    if (!run->live->dry_run && reply.metadata != NULL && JSON_NODE_HOLDS_OBJECT(reply.metadata))
        next = ms_rl_json_string(ms_rl_json_object(json_node_get_object(reply.metadata), "config"),
                                 "volatile.idmap.next");
    if (config == NULL) {
        config = json_object_new();
        json_object_set_object_member(writable, "config", config);
    }
    /* a Go map lookup: "" when the target has none */
    json_object_set_string_member(config, "volatile.idmap.next", next != NULL ? next : "");
    return ms_rl_put_instance(run, op->new_name, writable, reply.etag, error);
}

/* lxc copy -s POOL: the request's one root disk (type disk, path /, no
 * source: GetRootDiskDevice) gets the pool, else a root disk is added
 * (lxc/copy.go:211-219,302-310 at lxd-5.0.2) */
static void
copy_request_pool(JsonObject *req, const char *pool)
{
    JsonObject *devices = ms_rl_json_object(req, "devices");
    JsonObject *root = NULL;
    guint roots = 0;
    g_autoptr(GList) names = NULL;

    if (devices == NULL) {
        devices = json_object_new();
        json_object_set_object_member(req, "devices", devices);
    }
    names = json_object_get_members(devices);
    for (GList *n = names; n != NULL; n = n->next) {
        JsonObject *device = ms_rl_json_object(devices, n->data);
        if (device != NULL && g_strcmp0(ms_rl_json_string(device, "type"), "disk") == 0 &&
            g_strcmp0(ms_rl_json_string(device, "path"), "/") == 0 &&
            !json_object_has_member(device, "source")) {
            root = device;
            roots++;
        }
    }
    if (roots != 1) {
        root = json_object_new();
        json_object_set_string_member(root, "type", "disk");
        json_object_set_string_member(root, "path", "/");
        json_object_set_object_member(devices, "root", root);
    }
    json_object_set_string_member(root, "pool", pool);
}

/* The -d overrides of lxc copy, grouped per device as the clients' map
 * (the last value of a key wins), each laid over the local device of that
 * name or sent bare as a new device (lxc/copy.go:272-289 at lxd-5.0.2,
 * cmd/incus/copy.go:300-317 at v6.0.4).  The incus client from 6.0.4 and
 * 6.11 replaces a local device whose overrides say type=none with
 * {type: none} alone (cmd/incus/copy.go:309-313 at v6.0.4, incus 64a2236;
 * model/ms-copy-ops.c copy_override_incus_none). */
static void
copy_request_overrides(MsRlRun *run, JsonObject *req)
{
    static const MsReleases incus_none = MS_REL_INCUS(MS_INC_SINCE(4, 11));
    gboolean clears = ms_releases_contain(&incus_none, run->live->profile->version);
    const MsOp *op = run->op;
    g_autoptr(GHashTable) groups =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
    g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func(g_free);
    JsonObject *devices = ms_rl_json_object(req, "devices");

    for (guint i = 0; op->device_overrides != NULL && i < op->device_overrides->len; i++) {
        const char *entry = op->device_overrides->pdata[i];
        const char *comma = strchr(entry, ',');
        const char *eq = strchr(comma, '=');
        g_autofree char *name = g_strndup(entry, comma - entry);
        g_autofree char *key = g_strndup(comma + 1, eq - comma - 1);
        JsonObject *group = g_hash_table_lookup(groups, name);

        if (group == NULL) {
            group = json_object_new();
            g_hash_table_insert(groups, g_strdup(name), group);
            g_ptr_array_add(order, g_strdup(name));
        }
        json_object_set_string_member(group, key, eq + 1);
    }
    if (order->len > 0 && devices == NULL) {
        devices = json_object_new();
        json_object_set_object_member(req, "devices", devices);
    }
    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        JsonObject *group = g_hash_table_lookup(groups, name);
        JsonObject *device = ms_rl_json_object(devices, name);
        g_autoptr(GList) keys = json_object_get_members(group);

        if (device != NULL && clears && g_strcmp0(ms_rl_json_string(group, "type"), "none") == 0) {
            device = json_object_new();
            json_object_set_string_member(device, "type", "none");
            json_object_set_object_member(devices, name, device);
            continue;
        }
        if (device == NULL) {
            device = json_object_new();
            json_object_set_object_member(devices, name, device);
        }
        for (GList *k = keys; k != NULL; k = k->next)
            json_object_set_string_member(device, k->data, json_object_get_string_member(group, k->data));
    }
}

/* lxc copy SRC[/SNAP] NEW [--target M] inside one cluster: lxc reads the
 * source, drops its volatile keys and sends one create with source type
 * "copy" (lxc/copy.go copyInstance and client/lxd_instances.go
 * CopyInstance, cluster_internal_copy, at lxd-5.0.2); Live only when the
 * source runs and --stateless is absent. */
static gboolean
op_copy(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *suffix = op->snapshot != NULL ? g_strdup_printf("/snapshots/%s", op->snapshot) : NULL;
    g_autofree char *src_path = ms_rl_entity_path("instances", op->instance, suffix);
    g_autofree char *source_name =
        op->snapshot != NULL ? g_strdup_printf("%s/%s", op->instance, op->snapshot) : g_strdup(op->instance);
    g_autofree char *path = ms_rl_with_target("/1.0/instances", ms_rl_map_member(live, op->target));
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) src = NULL;
    g_autoptr(JsonNode) body = NULL;
    JsonObject *inst, *req, *config, *source;
    g_autoptr(JsonNode) writable = NULL;
    gboolean running;

    /* cobra's refusal: lxc has --start from lxd-6.7 only (lxc/copy.go:68 at lxd-6.9) */
    if (op->start && !ms_profile_has(live->profile, MS_FEATURE_CLI_COPY_START)) {
        run->outcome = ms_rl_outcome_client("unknown flag: --start");
        return TRUE;
    }
    if (op->start) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "lxc copy --start cannot be replayed yet");
        return FALSE;
    }
    /* lxc's own refusals (lxc/copy.go:93-96,164-166 at lxd-5.0.2) */
    if (op->refresh && op->no_profiles) {
        run->outcome = ms_rl_outcome_client("--no-profiles cannot be used with --refresh");
        return TRUE;
    }
    if (op->refresh && op->snapshot != NULL) {
        run->outcome = ms_rl_outcome_client("--refresh can only be used with instances");
        return TRUE;
    }
    if (!ms_rl_get_object(live, src_path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    if (live->dry_run) {
        src = op->snapshot == NULL ? ms_lxd_map_instance_to_json(run->sim, op->instance)
                                   : ms_lxd_map_take_object(json_object_new());
    } else {
        src = g_steal_pointer(&reply.metadata);
    }
    inst = json_node_get_object(src);
    req = ms_rl_instance_writable(inst);
    config = ms_rl_json_object(req, "config");
    /* volatile keys but volatile.base_image dropped, unless --refresh
     * keeps them; volatile.last_state.power always dropped
     * (shared/instance.go:372-386 InstanceIncludeWhenCopying and
     * lxc/copy.go:312-323 at lxd-5.0.2) */
    if (config != NULL) {
        g_autoptr(GList) keys = json_object_get_members(config);
        for (GList *k = keys; k != NULL; k = k->next)
            if ((!op->refresh && g_str_has_prefix(k->data, "volatile.") &&
                 !g_str_equal(k->data, "volatile.base_image")) ||
                g_str_equal(k->data, "volatile.last_state.power"))
                json_object_remove_member(config, k->data);
    }
    /* -c and -d as lxc 5.0.2 applies them: keys set, each override laid
     * over the local device of that name or sent bare as a new device
     * (lxc/copy.go:272-289 at lxd-5.0.2) */
    for (guint i = 0; i < op->keys->len; i++)
        json_object_set_string_member(config, op->keys->pdata[i], op->values->pdata[i]);
    copy_request_overrides(run, req);
    /* -s POOL after the overrides: the pool of the local root disk, or a
     * new root disk (lxc/copy.go:302-310 at lxd-5.0.2) */
    if (op->pool != NULL)
        copy_request_pool(req, op->pool);
    /* what lxc PUTs after a --refresh: entry.Writable() as sent */
    if (op->refresh) {
        g_autoptr(JsonNode) as_sent = ms_lxd_map_take_object(json_object_ref(req));
        writable = ms_rl_deep_copy(as_sent);
    }
    json_object_set_string_member(req, "name", op->new_name);
    json_object_set_string_member(req, "type", ms_rl_json_string(inst, "type") ?: "container");
    running = g_strcmp0(ms_rl_json_string(inst, "status"), "Running") == 0;
    source = json_object_new();
    json_object_set_string_member(source, "type", "copy");
    json_object_set_string_member(source, "source", source_name);
    /* lxc/copy.go:460: not stateful with --refresh */
    json_object_set_boolean_member(source, "live", running && !op->stateless && !op->refresh);
    json_object_set_boolean_member(source, "instance_only", op->instance_only);
    json_object_set_boolean_member(source, "container_only", op->instance_only);
    if (op->refresh)
        json_object_set_boolean_member(source, "refresh", TRUE);
    /* --target-project: the POST goes to that project and names the
     * source's (lxc/copy.go:122-125, client/lxd_instances.go:706-714 at
     * lxd-5.0.2) */
    if (op->target_project != NULL && !ms_project_same(op->target_project, live->project))
        json_object_set_string_member(source, "project", ms_project_display(live->project));
    json_object_set_object_member(req, "source", source);
    body = ms_lxd_map_take_object(json_object_ref(req));
    json_object_unref(req);
    if (op->target_project != NULL) {
        g_free(live->project);
        live->project = g_strdup(ms_project_key(op->target_project));
    }
    if (!journal_instance(run, live->project, op->new_name, error))
        return FALSE;
    if (!ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error))
        return FALSE;
    if (!op->refresh || !run->outcome->ok)
        return TRUE;
    return copy_refresh_update(run, json_node_get_object(writable), error);
}

static gboolean
op_member_state(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    gboolean shorthand;
    const char *flag = ms_op_member_state_unknown_flag(op, live->profile, &shorthand);
    g_auto(MsLiveReply) reply = { 0 };

    /* cobra refuses flags the release's lxc does not define, the first as
     * typed (pflag words a short one its own way) */
    if (flag != NULL) {
        g_autofree char *text = shorthand
                                    ? g_strdup_printf("unknown shorthand flag: '%c' in %s", flag[1], flag)
                                    : g_strdup_printf("unknown flag: %s", flag);
        run->outcome = ms_rl_outcome_client(text);
        return TRUE;
    }
    if (ms_rl_journal_of(run) != NULL &&
        ((op->kind == MS_OP_EVACUATE &&
          !ms_replay_journal_change_member(ms_rl_journal_of(run), ms_rl_map_member(live, op->member),
                                           error)) ||
         !ms_rl_journal_moves(live, NULL, error)))
        return FALSE;
    if (!ms_rl_member_state(live, ms_rl_map_member(live, op->member), run->arg,
                            op->action != NULL ? op->action : "", &reply, error))
        return FALSE;
    return ms_rl_run_reply(run, &reply);
}

static gboolean
op_backup(MsRlRun *run, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", run->op->instance, "/backups");
    g_autoptr(JsonNode) body = ms_lxd_map_take_object(json_object_new());

    return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
}

static gboolean
op_list(MsRlRun *run, GError **error)
{
    return ms_rl_run_call(run, "GET", run->arg, NULL, NULL, FALSE, error);
}

/* lxc rename NAME NEWNAME (and lxc move NAME NEWNAME): one POST of the
 * new name, no read first (lxc/rename.go:30-60, lxc/move.go:115-153 and
 * client/lxd_instances.go:870-888 RenameInstance at lxd-5.0.2).  NAME/SNAP
 * renames a snapshot; lxc itself refuses another parent or a new name
 * without one (lxc/move.go:126-136). */
static gboolean
op_rename(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    const char *slash = strchr(op->instance, '/');
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *path = NULL;

    if (slash != NULL) {
        g_autofree char *parent = g_strndup(op->instance, slash - op->instance);
        g_autofree char *suffix = g_strdup_printf("/snapshots/%s", slash + 1);
        const char *new_slash = strchr(op->new_name, '/');
        gsize parent_len = new_slash != NULL ? (gsize) (new_slash - op->new_name) : strlen(op->new_name);

        json_object_unref(obj);
        /* api.GetParentAndSnapshotName (shared/api/instance.go:9-16) */
        if (parent_len != strlen(parent) || strncmp(op->new_name, parent, parent_len) != 0) {
            run->outcome =
                ms_rl_outcome_client("Invalid new snapshot name, parent must be the same as source");
            return TRUE;
        }
        if (new_slash == NULL) {
            run->outcome = ms_rl_outcome_client("Invalid new snapshot name");
            return TRUE;
        }
        path = ms_rl_entity_path("instances", parent, suffix);
        obj = json_object_new();
        json_object_set_string_member(obj, "name", new_slash + 1);
        body = ms_lxd_map_take_object(obj);
        return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
    }
    path = ms_rl_entity_path("instances", op->instance, NULL);
    json_object_set_string_member(obj, "name", op->new_name);
    json_object_set_boolean_member(obj, "migration", FALSE);
    json_object_set_boolean_member(obj, "live", FALSE);
    body = ms_lxd_map_take_object(obj);
    if (!journal_instance(run, run->live->project, op->new_name, error))
        return FALSE;
    return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc project create|set|unset|delete|switch: op->project is the project
 * the command acts on, not the one its requests are sent to. */
gboolean
ms_rl_op_names_project(MsOpKind kind)
{
    return kind == MS_OP_PROJECT_CREATE || kind == MS_OP_PROJECT_SET || kind == MS_OP_PROJECT_UNSET ||
           kind == MS_OP_PROJECT_DELETE || kind == MS_OP_PROJECT_SWITCH;
}

/* What replays each kind of op; kinds not here are refused before a replay
 * starts (ms_replay_live_supports()). */
static const struct {
    MsOpKind kind;
    gboolean (*handler)(MsRlRun *run, GError **error);
    const char *arg;
} live_ops[] = {
    { MS_OP_INIT, op_init, NULL },
    { MS_OP_START, op_state, "start" },
    { MS_OP_STOP, op_state, "stop" },
    { MS_OP_RESTART, op_state, "restart" },
    { MS_OP_DELETE, op_delete, NULL },
    { MS_OP_CONFIG_SET, ms_rl_op_config, NULL },
    { MS_OP_CONFIG_UNSET, ms_rl_op_config, NULL },
    { MS_OP_CONFIG_GET, ms_rl_op_config, NULL },
    { MS_OP_CONFIG_EDIT, ms_rl_op_config, NULL },
    { MS_OP_VOLUME_EDIT, ms_rl_op_volume_edit, NULL },
    { MS_OP_DEVICE_ADD, ms_rl_op_device, NULL },
    { MS_OP_DEVICE_REMOVE, ms_rl_op_device, NULL },
    { MS_OP_DEVICE_SET, ms_rl_op_device, NULL },
    { MS_OP_DEVICE_UNSET, ms_rl_op_device, NULL },
    { MS_OP_DEVICE_OVERRIDE, ms_rl_op_device, NULL },
    { MS_OP_VOLUME_ATTACH, ms_rl_op_device, NULL },
    { MS_OP_VOLUME_DETACH, ms_rl_op_device, NULL },
    { MS_OP_PROFILE_ASSIGN, ms_rl_op_profile_assign, NULL },
    { MS_OP_PROFILE_UNASSIGN, ms_rl_op_profile_assign, NULL },
    { MS_OP_PROFILE_CREATE, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_DELETE, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_SET, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_UNSET, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_ADD, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_EDIT, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_REMOVE, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_SET, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_UNSET, ms_rl_op_profile, NULL },
    { MS_OP_STORAGE_CREATE, ms_rl_op_storage, NULL },
    { MS_OP_STORAGE_DELETE, ms_rl_op_storage, NULL },
    { MS_OP_VOLUME_CREATE, ms_rl_op_volume, NULL },
    { MS_OP_NETWORK_CREATE, ms_rl_op_network, NULL },
    { MS_OP_NETWORK_SET, ms_rl_op_network, NULL },
    { MS_OP_NETWORK_UNSET, ms_rl_op_network, NULL },
    { MS_OP_NETWORK_DELETE, ms_rl_op_network, NULL },
    { MS_OP_VOLUME_DELETE, ms_rl_op_volume, NULL },
    { MS_OP_BACKUP_CREATE, op_backup, NULL },
    { MS_OP_MOVE, op_move, NULL },
    { MS_OP_EVACUATE, op_member_state, "evacuate" },
    { MS_OP_RESTORE, op_member_state, "restore" },
    { MS_OP_LIST, op_list, "/1.0/instances?recursion=1" },
    { MS_OP_CLUSTER_LIST, op_list, "/1.0/cluster/members?recursion=1" },
    { MS_OP_SNAPSHOT, op_snapshot, NULL },
    { MS_OP_COPY, op_copy, NULL },
    { MS_OP_VOLUME_RENAME, ms_rl_op_volume_rename, NULL },
    { MS_OP_VOLUME_SNAPSHOT, ms_rl_op_volume_snapshot, NULL },
    { MS_OP_VOLUME_COPY, ms_rl_op_volume_copy, NULL },
    { MS_OP_VOLUME_MOVE, ms_rl_op_volume_copy, NULL },
    { MS_OP_SNAPSHOT_RESTORE, op_snapshot_restore, NULL },
    { MS_OP_RENAME, op_rename, NULL },
    { MS_OP_PROFILE_COPY, ms_rl_op_profile, NULL },
    { MS_OP_PROFILE_RENAME, ms_rl_op_profile, NULL },
    { MS_OP_VOLUME_SET, ms_rl_op_volume_set, NULL },
    { MS_OP_VOLUME_UNSET, ms_rl_op_volume_set, NULL },
    { MS_OP_VOLUME_GET, ms_rl_op_volume_set, NULL },
    { MS_OP_MEMBER_SET, ms_rl_op_member_config, NULL },
    { MS_OP_MEMBER_UNSET, ms_rl_op_member_config, NULL },
    { MS_OP_GROUP_ASSIGN, ms_rl_op_group_membership, NULL },
    { MS_OP_GROUP_REMOVE, ms_rl_op_group_membership, NULL },
    { MS_OP_GROUP_CREATE, ms_rl_op_group, NULL },
    { MS_OP_GROUP_RENAME, ms_rl_op_group, NULL },
    { MS_OP_GROUP_DELETE, ms_rl_op_group, NULL },
    { MS_OP_PROJECT_SET, ms_rl_op_project_config, NULL },
    { MS_OP_PROJECT_UNSET, ms_rl_op_project_config, NULL },
    { MS_OP_PROJECT_CREATE, ms_rl_op_project, NULL },
    { MS_OP_PROJECT_DELETE, ms_rl_op_project, NULL },
    { MS_OP_PROJECT_SWITCH, ms_rl_op_project, NULL },
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
ms_replay_live_apply(MsReplayLive *live, const MsEnv *env, const MsOp *op, const MsCluster *sim_before,
                     MsOutcome **outcome, GError **error)
{
    gssize index = live_op_index(op->kind);
    MsRlRun run = { live, op, env->client, sim_before, NULL, NULL };
    gboolean ok;

    g_return_val_if_fail(live->profile != NULL, FALSE);
    *outcome = NULL;
    if (index < 0) {
        /* ms_replay_live_supports() keeps these out of a replay */
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "'%s' cannot be replayed on a live cluster",
                    ms_op_kind_to_string(op->kind));
        return FALSE;
    }
    run.arg = live_ops[index].arg;
    /* cobra refuses a flag lxc does not define for the command before any
     * request (lxc start --stateful) */
    if (op->unknown_flag != NULL) {
        g_autofree char *text = g_strdup_printf("unknown flag: %s", op->unknown_flag);
        *outcome = ms_rl_outcome_client(text);
        return TRUE;
    }
    /* lxc project's own verbs name the project they act on; every other
     * command is sent in its project (--project or lxc project switch) */
    if (!ms_rl_op_names_project(op->kind))
        live->project = g_strdup(ms_project_key(op->project));
    ok = live_ops[index].handler(&run, error);
    ms_rl_leave_project(live);
    if (!ok) {
        g_clear_pointer(&run.outcome, ms_outcome_free);
        return FALSE;
    }
    g_assert(run.outcome != NULL);
    *outcome = run.outcome;
    return TRUE;
}

gboolean
ms_replay_live_pool(MsReplayLive *live, const MsScenario *scenario, const MsStep *step, MsOutcome **outcome,
                    GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };

    *outcome = NULL;
    if (ms_rl_contains(live->accepted_pools, step->name)) {
        *outcome = ms_rl_outcome_ok();
        ms_outcome_add_note(*outcome, "pool %s (%s) already exists: accepted as set-up, left in place",
                            step->name, step->driver);
        return TRUE;
    }
    if (!live->dry_run && live->journal != NULL &&
        !ms_replay_journal_create_pool(live->journal, step->name, error))
        return FALSE;
    /* lxc storage create NAME DRIVER --target M for each member, then the
     * global create (reference notes P5) */
    for (guint i = 0; i <= scenario->members->len; i++) {
        const char *member = i < scenario->members->len ? scenario->members->pdata[i] : NULL;
        g_autofree char *path = ms_rl_with_target("/1.0/storage-pools", ms_rl_map_member(live, member));
        g_autoptr(JsonNode) body = ms_rl_pool_create_body(step->name, step->driver, NULL);

        if (!ms_rl_call(live, "POST", path, body, NULL, FALSE, &reply, error))
            return FALSE;
        if (reply.failed)
            break;
    }
    *outcome = outcome_from_reply(&reply);
    return TRUE;
}
