/* migsim: the live side of `migsim replay`, the commands: each MsOp as
 * the requests lxc sends for it, and the refusals lxc makes by itself
 * (ms-replay-live.h).  A dry run shows GET bodies taken from the
 * simulated cluster, as ms-lxd-map.c writes them.
 *
 * The request sequences follow the lxc client of LXD 5.0.2 as captured
 * with `lxc --debug` (reference notes §3) and lxc/ at tag lxd-5.0.2.
 *
 * This file: outcomes, requests, the op table and the instance and member
 * commands; lxc copy is in ms-replay-ops-copy.c, config, devices and
 * profiles in ms-replay-ops-config.c, pools and volumes in
 * ms-replay-ops-storage.c, networks in ms-replay-ops-network.c. */
#include "ms-replay-ops-private.h"

#include "ms-backup.h"
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
gboolean
ms_rl_journal_instance(MsRlRun *run, const char *project, const char *name, GError **error)
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
     * 223-227 at lxd-5.0.2: CLI.CREATE_POOL_NOT_FOUND); the incus client
     * reads it before it takes the target (cmd/incus/create.go:255, :275
     * UseTarget at v6.0.4; :237/:257 at v6.0.0, :213/:233 at v7.3.0), so a
     * --target=@GROUP does not reach that GET */
    if (op->pool != NULL) {
        g_autofree char *pool_path = ms_rl_entity_path("storage-pools", op->pool, NULL);
        g_autofree char *pool_target = ms_profile_is_incus(live->profile)
                                           ? g_strdup(pool_path)
                                           : ms_rl_with_target(pool_path, ms_rl_map_member(live, op->target));
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
    if (!ms_rl_journal_instance(run, live->project, op->instance, error))
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

    /* --all with a name: lxc refuses the pair before any request
     * (CLI.ACTION_ALL_NAME: lxc/action.go:307-310 at lxd-5.0.2, :337-340
     * at lxd-5.21.7); --all alone (the bulk PUT) is refused before the run
     * (ms-cli-replay-steps.c) */
    if (ms_op_typed(op, "--all")) {
        if (!ms_rule_applies(MS_RULE_CLI_ACTION_ALL_NAME, run->live->profile)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                        "lxc %s --all NAME cannot be replayed against %s (its client reads the name "
                        "otherwise)",
                        action, run->live->profile->name);
            return FALSE;
        }
        run->outcome = ms_rl_outcome_client(ms_rule_format(MS_RULE_CLI_ACTION_ALL_NAME, run->live->profile));
        return TRUE;
    }
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
        /* --mode push|relay: lxc/move.go:179-181 at lxd-5.0.2 (pull is
         * lxc's default, moveDefaultMode) */
        { ms_op_transfer_not_pull(op), MS_RULE_CLI_MOVE_TARGET_MODE },
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

/* move --target --mode push|relay where lxc has no CLI.MOVE_TARGET_MODE
 * (from lxd-5.21.5 and 6.7, Incus): lxc copies through the client and
 * deletes (lxc/move.go:184-190 at lxd-6.9), which replay does not send. */
static gboolean
move_mode_unfollowed(MsRlRun *run, GError **error)
{
    if (!ms_op_transfer_not_pull(run->op))
        return FALSE;
    g_set_error(
        error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
        "lxc move --target --mode %s cannot be replayed against %s (its lxc copies through the client)",
        run->op->transfer_mode, run->live->profile->name);
    return TRUE;
}

/* lxc move -s POOL or --target-project PROJECT with --mode M (M not lxc's
 * default "pull") and no --target: lxc refuses the pair before the move
 * once the server has instance_pool_move or instance_project_move
 * (lxc/move.go:197-209, 213-225 at lxd-5.0.2; -s first), as the model does
 * (refuse_move_mode, model/ms-apply.c: CLI.MOVE_STORAGE_MODE,
 * CLI.MOVE_PROJECT_MODE).  TRUE when refused. */
static gboolean
move_mode_pair_refused(MsRlRun *run)
{
    const MsOp *op = run->op;
    MsRuleId rule = op->pool != NULL ? MS_RULE_CLI_MOVE_STORAGE_MODE : MS_RULE_CLI_MOVE_PROJECT_MODE;

    if (op->target != NULL || op->transfer_mode == NULL || g_str_equal(op->transfer_mode, "pull") ||
        (op->pool == NULL && op->target_project == NULL) || !ms_rule_applies(rule, run->live->profile))
        return FALSE;
    run->outcome = ms_rl_outcome_client(ms_rule_format(rule, run->live->profile));
    return TRUE;
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

    /* the order of lxc's checks: its refusals of the flags next to
     * --target, --mode last (lxc/move.go:167-181 at lxd-5.0.2) */
    if (move_client_refuses(run) || move_mode_pair_refused(run))
        return TRUE;
    if (move_mode_unfollowed(run, error))
        return FALSE;
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
        !ms_rl_journal_instance(run, op->target_project != NULL ? op->target_project : live->project,
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

/* lxc query -X POST [-d DATA] /1.0/instances/NAME/backups sends -d's JSON,
 * or its text as a JSON string when it is not JSON, or nothing (JSON null;
 * no -d from 5.21.4 and 6.5): lxc/query.go:92-101 at lxd-5.0.2, :99-112 at
 * lxd-5.21.7 (ms_backup_body_from_lxc). */
static gboolean
op_backup(MsRlRun *run, GError **error)
{
    const char *typed = run->op->request_data;
    g_autofree char *path = ms_rl_entity_path("instances", run->op->instance, "/backups");
    g_autoptr(JsonNode) body = NULL;

    switch (ms_backup_body_from_lxc(typed, run->live->profile)) {
    case MS_JSON_STRICT_NULL:
        break;
    case MS_JSON_STRICT_STRING:
        if (typed != NULL && ms_json_strict_kind(typed) == MS_JSON_STRICT_STRING) {
            body = json_from_string(typed, NULL);
            break;
        }
        body = json_node_init_string(json_node_alloc(), typed != NULL ? typed : "");
        break;
    default: /* JSON that Go accepts: json-glib reads it too */
        body = json_from_string(typed, error);
        if (body == NULL)
            return FALSE;
        break;
    }
    return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc exec NAME [--] COMMAND...: the POST lxc sends (lxc/exec.go:174-199,
 * client/lxd_instances.go:1024 at lxd-5.0.2: the name path-escaped), but
 * without websockets: lxc waits for them (wait-for-websocket true) to
 * carry stdin and stdout, which replay does not; with false LXD runs the
 * command with no input or output (lxd/instance_exec.go:680-743) and the
 * request's checks are the same ones (:529-576). */
static gboolean
op_exec(MsRlRun *run, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", run->op->instance, "/exec");
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) body = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "command");
    json_builder_begin_array(b);
    for (guint i = 0; run->op->command_args != NULL && i < run->op->command_args->len; i++)
        json_builder_add_string_value(b, run->op->command_args->pdata[i]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "wait-for-websocket");
    json_builder_add_boolean_value(b, FALSE);
    json_builder_set_member_name(b, "interactive");
    json_builder_add_boolean_value(b, FALSE);
    json_builder_set_member_name(b, "record-output");
    json_builder_add_boolean_value(b, FALSE);
    json_builder_end_object(b);
    body = json_builder_get_root(b);
    return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
}

static gboolean
op_list(MsRlRun *run, GError **error)
{
    return ms_rl_run_call(run, "GET", run->arg, NULL, NULL, FALSE, error);
}

/* lxc info NAME: one GET of the full instance, the name path-escaped
 * (GetInstanceFull with the instance_get_full extension, lxc/info.go:456
 * and client/lxd_instances.go:348-392 at lxd-5.0.2; lxc/info.go:465 at
 * lxd-5.21.7); the GET's refusal is the answer, "Instance not found".
 * With --target lxc refuses before any request ("--target cannot be used
 * with instances", lxc/info.go:451-453 at lxd-5.0.2), as the model does. */
static gboolean
op_info(MsRlRun *run, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", run->op->instance, "?recursion=1");

    return ms_rl_run_call(run, "GET", path, NULL, NULL, FALSE, error);
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

    /* incus: RenameInstance of NAME/SNAP, the '/' escaped (cmd/incus/move.go
     * :136, client/incus_instances.go:998 at v6.0.4: RENAME.SNAPSHOT_INCUS);
     * no journal entry, the server refuses it */
    if (slash != NULL && ms_profile_is_incus(run->live->profile)) {
        path = ms_rl_entity_path("instances", op->instance, NULL);
        json_object_set_string_member(obj, "name", op->new_name);
        json_object_set_boolean_member(obj, "migration", FALSE);
        json_object_set_boolean_member(obj, "live", FALSE);
        body = ms_lxd_map_take_object(obj);
        return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
    }
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
    if (!ms_rl_journal_instance(run, run->live->project, op->new_name, error))
        return FALSE;
    return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc project create|set|unset|delete|switch: op->project is the project
 * the command acts on, not the one its requests are sent to. */
gboolean
ms_rl_op_names_project(MsOpKind kind)
{
    return kind == MS_OP_PROJECT_CREATE || kind == MS_OP_PROJECT_SET || kind == MS_OP_PROJECT_UNSET ||
           kind == MS_OP_PROJECT_DELETE || kind == MS_OP_PROJECT_SWITCH || kind == MS_OP_PROJECT_RENAME;
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
    { MS_OP_VOLUME_RESTORE, ms_rl_op_volume_restore, NULL },
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
    { MS_OP_NETWORK_RENAME, ms_rl_op_network, NULL },
    { MS_OP_VOLUME_DELETE, ms_rl_op_volume, NULL },
    { MS_OP_BACKUP_CREATE, op_backup, NULL },
    { MS_OP_EXEC, op_exec, NULL },
    { MS_OP_MOVE, op_move, NULL },
    { MS_OP_EVACUATE, op_member_state, "evacuate" },
    { MS_OP_RESTORE, op_member_state, "restore" },
    { MS_OP_LIST, op_list, "/1.0/instances?recursion=1" },
    { MS_OP_INFO, op_info, NULL },
    { MS_OP_CLUSTER_LIST, op_list, "/1.0/cluster/members?recursion=1" },
    { MS_OP_SNAPSHOT, op_snapshot, NULL },
    { MS_OP_COPY, ms_rl_op_copy, NULL },
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
    { MS_OP_VOLUME_SHOW, ms_rl_op_volume_show, NULL },
    { MS_OP_VOLUME_LIST, ms_rl_op_volume_list, NULL },
    { MS_OP_MEMBER_SET, ms_rl_op_member_config, NULL },
    { MS_OP_MEMBER_UNSET, ms_rl_op_member_config, NULL },
    { MS_OP_GROUP_ASSIGN, ms_rl_op_group_membership, NULL },
    { MS_OP_GROUP_REMOVE, ms_rl_op_group_membership, NULL },
    { MS_OP_GROUP_ADD, ms_rl_op_group_membership, NULL },
    { MS_OP_GROUP_CREATE, ms_rl_op_group, NULL },
    { MS_OP_GROUP_RENAME, ms_rl_op_group, NULL },
    { MS_OP_GROUP_DELETE, ms_rl_op_group, NULL },
    { MS_OP_GROUP_EDIT, ms_rl_op_group_edit, NULL },
    { MS_OP_PROJECT_SET, ms_rl_op_project_config, NULL },
    { MS_OP_PROJECT_UNSET, ms_rl_op_project_config, NULL },
    { MS_OP_PROJECT_CREATE, ms_rl_op_project, NULL },
    { MS_OP_PROJECT_DELETE, ms_rl_op_project, NULL },
    { MS_OP_PROJECT_RENAME, ms_rl_op_project, NULL },
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
