/* migsim: the live side of `migsim replay`, the commands: each MsOp as
 * the requests lxc sends for it, and the refusals lxc makes by itself
 * (ms-replay-live.h).  A dry run shows GET bodies taken from the
 * simulated cluster, as ms-lxd-map.c writes them.
 *
 * The request sequences follow the lxc client of LXD 5.0.2 as captured
 * with `lxc --debug` (reference notes §3) and lxc/ at tag lxd-5.0.2. */
#include "ms-replay-live-private.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

/* ---------------------------------------------------------------------- */
/* Outcomes */

static MsOutcome *
outcome_ok(void)
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
static MsOutcome *
outcome_client(const char *text)
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

/* The @keys of @obj that lxc sends back on a PUT, with config and devices
 * always present so that callers can edit them. */
static JsonObject *
writable_copy(JsonObject *obj, const char *const *keys, gsize n_keys)
{
    JsonObject *put = json_object_new();

    for (gsize i = 0; i < n_keys; i++)
        if (json_object_has_member(obj, keys[i]))
            json_object_set_member(put, keys[i], ms_rl_deep_copy(json_object_get_member(obj, keys[i])));
    if (ms_rl_json_object(put, "config") == NULL)
        json_object_set_object_member(put, "config", json_object_new());
    if (ms_rl_json_object(put, "devices") == NULL)
        json_object_set_object_member(put, "devices", json_object_new());
    return put;
}

/* The writable part of an instance (api.InstancePut), as lxc's
 * inst.Writable() sends it back. */
static JsonObject *
instance_writable(JsonObject *inst)
{
    static const char *const keys[] = { "architecture", "config",   "devices",    "ephemeral",
                                        "profiles",     "stateful", "description" };

    return writable_copy(inst, keys, G_N_ELEMENTS(keys));
}

static JsonObject *
profile_writable(JsonObject *profile)
{
    static const char *const keys[] = { "config", "description", "devices" };

    return writable_copy(profile, keys, G_N_ELEMENTS(keys));
}

/* lxc always sends the ETag it read; a dry run shows where it goes. */
static const char *
lxc_if_match(MsReplayLive *live, const char *etag)
{
    if (etag != NULL)
        return etag;
    return live->dry_run ? "" : NULL;
}

/* The body of lxc storage create, with the op's keys (if any) as config. */
static JsonNode *
pool_create_body(const char *name, const char *driver, const MsOp *op)
{
    JsonObject *obj = json_object_new();
    JsonObject *config = json_object_new();

    json_object_set_string_member(obj, "name", name);
    json_object_set_string_member(obj, "driver", driver);
    if (op != NULL)
        ms_rl_set_op_keys(config, op);
    json_object_set_object_member(obj, "config", config);
    return ms_rl_take_object(obj);
}

typedef struct {
    MsReplayLive *live;
    const MsOp *op;
    const char *client; /* the scenario member whose lxc sends it */
    const MsCluster *sim;
    const char *arg;    /* the handler's argument from the op table */
    MsOutcome *outcome; /* set by the handlers */
} Run;

/* The journal hears of every change before it is sent (nothing in a dry
 * run, which sends nothing). */
static MsReplayJournal *
journal_of(Run *run)
{
    return run->live->dry_run ? NULL : run->live->journal;
}

static gboolean
run_reply(Run *run, const MsLiveReply *reply)
{
    run->outcome = outcome_from_reply(reply);
    return TRUE;
}

/* A step that is one request: its reply is the outcome. */
static gboolean
run_call(Run *run, const char *method, const char *path, JsonNode *body, const char *if_match,
         gboolean async_endpoint, GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };

    if (!ms_rl_call(run->live, method, path, body, if_match, async_endpoint, &reply, error))
        return FALSE;
    return run_reply(run, &reply);
}

/* lxc config get: the value of the op's key in @config, "" when unset. */
static gboolean
run_config_get(Run *run, JsonObject *config)
{
    run->outcome = outcome_ok();
    run->outcome->output = g_strdup_printf("%s\n", ms_rl_json_string(config, run->op->keys->pdata[0]) ?: "");
    return TRUE;
}

/* GET /1.0/instances/NAME: the object and its ETag; an LXD error becomes
 * the outcome (and *obj stays NULL). */
static gboolean
get_instance(Run *run, const char *name, JsonNode **obj, char **etag, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
    g_auto(MsLiveReply) reply = { 0 };

    *obj = NULL;
    if (!ms_rl_get_object(run->live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return run_reply(run, &reply);
    if (run->live->dry_run) {
        *obj = ms_lxd_map_instance_to_json(run->sim, name);
    } else {
        *obj = g_steal_pointer(&reply.metadata);
        if (etag != NULL)
            *etag = g_steal_pointer(&reply.etag);
    }
    return TRUE;
}

static gboolean
put_instance(Run *run, const char *name, JsonObject *put, const char *etag, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
    g_autoptr(JsonNode) body = ms_rl_take_object(json_object_ref(put));

    return run_call(run, "PUT", path, body, lxc_if_match(run->live, etag), TRUE, error);
}

static gboolean
op_init(Run *run, GError **error)
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
    body = ms_rl_take_object(obj);

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
            run->outcome = outcome_client(text);
            return TRUE;
        }
    }
    path = ms_rl_with_target("/1.0/instances", ms_rl_map_member(live, op->target));
    if (journal_of(run) != NULL && !ms_replay_journal_create_instance(journal_of(run), op->instance, error))
        return FALSE;
    if (!ms_rl_call(live, "POST", path, body, NULL, TRUE, &reply, error))
        return FALSE;
    if (reply.failed || !op->start)
        return run_reply(run, &reply);
    ms_rl_reply_clear(&reply);
    if (!ms_rl_instance_state(live, op->instance, "start", FALSE, FALSE, &reply, error))
        return FALSE;
    return run_reply(run, &reply);
}

static gboolean
op_state(Run *run, GError **error)
{
    const MsOp *op = run->op;
    const char *action = run->arg;

    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        g_auto(MsLiveReply) reply = { 0 };

        if (g_str_equal(action, "start")) {
            g_autoptr(JsonNode) inst = NULL;

            if (!get_instance(run, name, &inst, NULL, error))
                return FALSE;
            if (inst == NULL)
                return TRUE;
        }
        if (!ms_rl_instance_state(run->live, name, action, op->force, op->stateful, &reply, error))
            return FALSE;
        /* lxc stops at the first instance that fails */
        if (reply.failed || i + 1 == op->instances->len)
            return run_reply(run, &reply);
    }
    return TRUE;
}

static gboolean
op_delete(Run *run, GError **error)
{
    const MsOp *op = run->op;

    /* lxc reads every instance before it deletes any (instancesExist,
     * lxc/delete.go:88, lxc/utils.go:227 at lxd-5.0.2: CLI.DELETE_EXISTS_WRAP) */
    for (guint i = 0; i < op->instances->len; i++) {
        g_autofree char *path = ms_rl_entity_path("instances", op->instances->pdata[i], NULL);
        g_auto(MsLiveReply) reply = { 0 };
        if (!ms_rl_get_object(run->live, path, &reply, error))
            return FALSE;
        /* the GET's error, as the model's server_error; lxc's wrap is the
         * client layer's (model/ms-client.c) */
        if (reply.failed)
            return run_reply(run, &reply);
    }
    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
        g_autoptr(JsonNode) inst = NULL;
        g_auto(MsLiveReply) reply = { 0 };
        const char *status;

        if (!get_instance(run, name, &inst, NULL, error))
            return FALSE;
        if (inst == NULL)
            return TRUE;
        status = ms_rl_json_string(json_node_get_object(inst), "status");
        if (status != NULL && !g_str_equal(status, "Stopped")) {
            /* lxc/delete.go checks the status itself */
            if (!op->force) {
                run->outcome =
                    outcome_client("The instance is currently running, stop it first or pass --force");
                return TRUE;
            }
            if (!ms_rl_instance_state(run->live, name, "stop", TRUE, FALSE, &reply, error))
                return FALSE;
            if (reply.failed) {
                g_autofree char *text = g_strdup_printf("Stopping the instance failed: %s", reply.error);
                g_free(reply.error);
                reply.error = g_steal_pointer(&text);
                return run_reply(run, &reply);
            }
            ms_rl_reply_clear(&reply);
        }
        if (!ms_rl_call(run->live, "DELETE", path, NULL, NULL, TRUE, &reply, error))
            return FALSE;
        if (reply.failed || i + 1 == op->instances->len)
            return run_reply(run, &reply);
    }
    return TRUE;
}

static gboolean
op_server_config(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) server = NULL;
    JsonObject *config, *put;
    g_autoptr(JsonNode) body = NULL;

    if (!ms_rl_get_object(live, "/1.0", &reply, error))
        return FALSE;
    if (reply.failed)
        return run_reply(run, &reply);
    server = live->dry_run ? ms_lxd_map_server_to_json(run->sim) : g_steal_pointer(&reply.metadata);
    config = ms_rl_json_object(json_node_get_object(server), "config");
    if (op->kind == MS_OP_CONFIG_GET)
        return run_config_get(run, config);
    put = json_object_new();
    json_object_set_object_member(put, "config", json_object_new());
    if (config != NULL) {
        g_autoptr(GList) keys = json_object_get_members(config);
        for (GList *l = keys; l != NULL; l = l->next)
            json_object_set_member(json_object_get_object_member(put, "config"), l->data,
                                   json_node_copy(json_object_get_member(config, l->data)));
    }
    if (journal_of(run) != NULL) {
        g_autoptr(JsonNode) prior = ms_rl_take_object(json_object_new());

        json_object_set_member(
            json_node_get_object(prior), "config",
            ms_rl_deep_copy(json_object_get_member(json_node_get_object(server), "config")));
        if (!ms_replay_journal_change_server(journal_of(run), prior, error))
            return FALSE;
    }
    for (guint i = 0; i < op->keys->len; i++) {
        JsonObject *c = json_object_get_object_member(put, "config");
        if (op->kind == MS_OP_CONFIG_SET)
            json_object_set_string_member(c, op->keys->pdata[i], op->values->pdata[i]);
        else if (json_object_has_member(c, op->keys->pdata[i]))
            json_object_remove_member(c, op->keys->pdata[i]);
    }
    body = ms_rl_take_object(put);
    return run_call(run, "PUT", "/1.0", body, lxc_if_match(live, reply.etag), FALSE, error);
}

static gboolean
op_instance_config(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) inst = NULL;
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) put = NULL;
    JsonObject *config;

    if (!get_instance(run, op->instance, &inst, &etag, error))
        return FALSE;
    if (inst == NULL)
        return TRUE;
    if (op->kind == MS_OP_CONFIG_GET)
        return run_config_get(run, ms_rl_json_object(json_node_get_object(inst), "config"));
    put = instance_writable(json_node_get_object(inst));
    config = json_object_get_object_member(put, "config");
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (op->kind == MS_OP_CONFIG_SET) {
            json_object_set_string_member(config, key, op->values->pdata[i]);
        } else if (!json_object_has_member(config, key)) {
            /* lxc/config.go: unset of a key that is not set */
            g_autofree char *text = g_strdup_printf("Can't unset key '%s', it's not currently set", key);
            run->outcome = outcome_client(text);
            return TRUE;
        } else {
            json_object_remove_member(config, key);
        }
    }
    return put_instance(run, op->instance, put, etag, error);
}

static gboolean
op_device(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) inst = NULL;
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) put = NULL;
    JsonObject *devices, *expanded;
    const char *device = op->device;

    if (!get_instance(run, op->instance, &inst, &etag, error))
        return FALSE;
    if (inst == NULL)
        return TRUE;
    put = instance_writable(json_node_get_object(inst));
    devices = json_object_get_object_member(put, "devices");
    expanded = ms_rl_json_object(json_node_get_object(inst), "expanded_devices");

    switch (op->kind) {
    case MS_OP_DEVICE_ADD:
    case MS_OP_VOLUME_ATTACH: {
        JsonObject *dev = json_object_new();

        if (json_object_has_member(devices, device)) {
            g_autofree char *text = op->kind == MS_OP_VOLUME_ATTACH
                                        ? g_strdup_printf("Device already exists: %s", device)
                                        : g_strdup("The device already exists");
            json_object_unref(dev);
            run->outcome = outcome_client(text);
            return TRUE;
        }
        if (op->kind == MS_OP_VOLUME_ATTACH) {
            json_object_set_string_member(dev, "type", "disk");
            json_object_set_string_member(dev, "pool", op->pool);
            json_object_set_string_member(dev, "source", op->volume);
            json_object_set_string_member(dev, "path", op->path != NULL ? op->path : "");
        } else {
            json_object_set_string_member(dev, "type", op->device_type);
            ms_rl_set_op_keys(dev, op);
        }
        json_object_set_object_member(devices, device, dev);
        break;
    }
    case MS_OP_VOLUME_DETACH:
        if (device == NULL) {
            g_autoptr(GList) names = json_object_get_members(devices);
            guint found = 0;

            for (GList *l = names; l != NULL; l = l->next) {
                JsonObject *dev = ms_rl_json_object(devices, l->data);
                if (g_strcmp0(ms_rl_json_string(dev, "type"), "disk") == 0 &&
                    g_strcmp0(ms_rl_json_string(dev, "pool"), op->pool) == 0 &&
                    g_strcmp0(ms_rl_json_string(dev, "source"), op->volume) == 0) {
                    device = l->data;
                    found++;
                }
            }
            if (found == 0) {
                run->outcome = outcome_client("No device found for this storage volume");
                return TRUE;
            }
            if (found > 1) {
                run->outcome = outcome_client("More than one device matches, specify the device name");
                return TRUE;
            }
        }
        if (!json_object_has_member(devices, device)) {
            /* a named device that is not there (lxc/storage_volume.go:733 at
             * lxd-5.0.2; seen live) */
            g_autofree char *text = ms_rule_message(MS_RULE_DEV_DETACH_MISSING, run->live->profile);
            run->outcome = outcome_client(text);
            return TRUE;
        }
        json_object_remove_member(devices, device);
        break;
    case MS_OP_DEVICE_REMOVE:
        if (!json_object_has_member(devices, device)) {
            run->outcome = outcome_client(ms_rl_json_object(expanded, device) != NULL
                                              ? "Device from profile(s) cannot be removed from individual "
                                                "instance. Override device or modify profile instead"
                                              : "Device doesn't exist");
            return TRUE;
        }
        json_object_remove_member(devices, device);
        break;
    case MS_OP_DEVICE_SET: {
        JsonObject *dev = ms_rl_json_object(devices, device);

        if (dev == NULL) {
            run->outcome = outcome_client(ms_rl_json_object(expanded, device) != NULL
                                              ? "Device from profile(s) cannot be modified for individual "
                                                "instance. Override device or modify profile instead"
                                              : "Device doesn't exist");
            return TRUE;
        }
        ms_rl_set_op_keys(dev, op);
        break;
    }
    default:
        g_assert_not_reached();
    }
    return put_instance(run, op->instance, put, etag, error);
}

static gboolean
op_profile_assign(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) inst = NULL;
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) put = NULL;
    JsonArray *old, *profiles = json_array_new();
    gboolean present = FALSE;

    if (!get_instance(run, op->instance, &inst, &etag, error)) {
        json_array_unref(profiles);
        return FALSE;
    }
    if (inst == NULL) {
        json_array_unref(profiles);
        return TRUE;
    }
    put = instance_writable(json_node_get_object(inst));
    old = json_object_has_member(put, "profiles") &&
                  JSON_NODE_HOLDS_ARRAY(json_object_get_member(put, "profiles"))
              ? json_object_get_array_member(put, "profiles")
              : NULL;
    for (guint i = 0; old != NULL && i < json_array_get_length(old); i++) {
        const char *name = json_array_get_string_element(old, i);
        if (name == NULL)
            continue;
        if (g_str_equal(name, op->profile)) {
            present = TRUE;
            if (op->kind == MS_OP_PROFILE_UNASSIGN)
                continue;
        }
        json_array_add_string_element(profiles, name);
    }
    if (op->kind == MS_OP_PROFILE_ASSIGN) {
        /* lxc/profile.go appends without looking; the server judges */
        json_array_add_string_element(profiles, op->profile);
    } else if (!present) {
        g_autofree char *text =
            g_strdup_printf("Profile %s isn't currently applied to %s", op->profile, op->instance);
        json_array_unref(profiles);
        run->outcome = outcome_client(text);
        return TRUE;
    }
    json_object_set_array_member(put, "profiles", profiles);
    return put_instance(run, op->instance, put, etag, error);
}

static gboolean
op_profile(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("profiles", op->profile, NULL);
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) profile = NULL;
    g_autoptr(JsonObject) put = NULL;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *etag = NULL;
    JsonObject *config, *devices;

    if (op->kind == MS_OP_PROFILE_CREATE) {
        JsonObject *obj = json_object_new();
        json_object_set_string_member(obj, "name", op->profile);
        body = ms_rl_take_object(obj);
        if (journal_of(run) != NULL && !ms_replay_journal_create_profile(journal_of(run), op->profile, error))
            return FALSE;
        return run_call(run, "POST", "/1.0/profiles", body, NULL, FALSE, error);
    }
    if (op->kind == MS_OP_PROFILE_DELETE)
        return run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return run_reply(run, &reply);
    profile =
        live->dry_run ? ms_lxd_map_profile_to_json(run->sim, op->profile) : g_steal_pointer(&reply.metadata);
    etag = g_steal_pointer(&reply.etag);
    /* a profile the scenario did not create is put back as it was */
    if (journal_of(run) != NULL && !ms_rl_contains(live->own_profiles, op->profile)) {
        g_autoptr(JsonNode) prior = ms_rl_take_object(profile_writable(json_node_get_object(profile)));

        if (!ms_replay_journal_change_profile(journal_of(run), op->profile, prior, error))
            return FALSE;
    }
    put = profile_writable(json_node_get_object(profile));
    config = json_object_get_object_member(put, "config");
    devices = json_object_get_object_member(put, "devices");
    switch (op->kind) {
    case MS_OP_PROFILE_SET:
        ms_rl_set_op_keys(config, op);
        break;
    case MS_OP_PROFILE_UNSET:
        /* lxc/profile.go: unset is a set to "", which LXD drops */
        for (guint i = 0; i < op->keys->len; i++)
            json_object_set_string_member(config, op->keys->pdata[i], "");
        break;
    case MS_OP_PROFILE_DEVICE_ADD: {
        JsonObject *dev;

        if (json_object_has_member(devices, op->device)) {
            run->outcome = outcome_client("The device already exists");
            return TRUE;
        }
        dev = json_object_new();
        json_object_set_string_member(dev, "type", op->device_type);
        ms_rl_set_op_keys(dev, op);
        json_object_set_object_member(devices, op->device, dev);
        break;
    }
    case MS_OP_PROFILE_DEVICE_REMOVE:
        if (!json_object_has_member(devices, op->device)) {
            run->outcome = outcome_client("Device doesn't exist");
            return TRUE;
        }
        json_object_remove_member(devices, op->device);
        break;
    default:
        g_assert_not_reached();
    }
    body = ms_rl_take_object(json_object_ref(put));
    return run_call(run, "PUT", path, body, lxc_if_match(live, etag), FALSE, error);
}

static gboolean
op_storage(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *path = NULL;

    if (op->kind == MS_OP_STORAGE_DELETE) {
        path = ms_rl_entity_path("storage-pools", op->pool, NULL);
        return run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    }
    body = pool_create_body(op->pool, op->driver, op);
    path = ms_rl_with_target("/1.0/storage-pools", ms_rl_map_member(live, op->target));
    if (journal_of(run) != NULL && !ms_replay_journal_create_pool(journal_of(run), op->pool, error))
        return FALSE;
    return run_call(run, "POST", path, body, NULL, FALSE, error);
}

/* Where lxc's request lands: --target, else the member behind the remote.
 * The simulation puts an untargeted volume on the scenario's client member
 * (`on MEMBER`); when that is not the member we talk to, the request names
 * it so that both sides mean the same member. */
static const char *
volume_target(const Run *run)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    const char *client;

    if (op->target != NULL)
        return ms_rl_map_member(live, op->target);
    client = ms_rl_map_member(live, run->client);
    if (client == NULL || live->dry_run || live->server_member == NULL ||
        g_str_equal(client, live->server_member))
        return NULL;
    return client;
}

static gboolean
op_volume(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *volumes = ms_rl_entity_path("storage-pools", op->pool, "/volumes/custom");
    g_autofree char *path = NULL;
    const char *target = volume_target(run);

    if (op->kind == MS_OP_VOLUME_DELETE) {
        g_autofree char *evol = ms_rl_escape_path(op->volume);
        g_autofree char *volume = g_strdup_printf("%s/%s", volumes, evol);

        path = ms_rl_with_target(volume, target);
        return run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    }
    {
        JsonObject *obj = json_object_new();
        JsonObject *config = json_object_new();

        json_object_set_string_member(obj, "name", op->volume);
        json_object_set_string_member(obj, "type", "custom");
        json_object_set_string_member(obj, "content_type",
                                      op->content_type != NULL ? op->content_type : "filesystem");
        ms_rl_set_op_keys(config, op);
        json_object_set_object_member(obj, "config", config);
        body = ms_rl_take_object(obj);
    }
    path = ms_rl_with_target(volumes, target);
    if (journal_of(run) != NULL &&
        !ms_replay_journal_create_volume(journal_of(run), op->pool, op->volume, error))
        return FALSE;
    return run_call(run, "POST", path, body, NULL, FALSE, error);
}

static gboolean
op_move(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *instance = ms_rl_entity_path("instances", op->instance, NULL);
    g_autofree char *path = ms_rl_with_target(instance, ms_rl_map_member(live, op->target));
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", op->instance);
    json_object_set_boolean_member(obj, "migration", TRUE);
    /* lxc/move.go: stateful unless --stateless */
    json_object_set_boolean_member(obj, "live", !op->stateless);
    body = ms_rl_take_object(obj);
    if (!ms_rl_journal_moves(live, op->instance, error))
        return FALSE;
    return run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc snapshot NAME [SNAP] [--stateful]: POST .../snapshots (lxc/snapshot.go
 * at lxd-5.0.2; an empty name lets the server pick snapN). */
static gboolean
op_snapshot(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("instances", op->instance, "/snapshots");
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", op->snapshot != NULL ? op->snapshot : "");
    json_object_set_boolean_member(obj, "stateful", op->stateful);
    body = ms_rl_take_object(obj);
    return run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc copy SRC[/SNAP] NEW [--target M] inside one cluster: lxc reads the
 * source, drops its volatile keys and sends one create with source type
 * "copy" (lxc/copy.go copyInstance and client/lxd_instances.go
 * CopyInstance, cluster_internal_copy, at lxd-5.0.2); Live only when the
 * source runs and --stateless is absent. */
static gboolean
op_copy(Run *run, GError **error)
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
    gboolean running;

    if (!ms_rl_get_object(live, src_path, &reply, error))
        return FALSE;
    if (reply.failed)
        return run_reply(run, &reply);
    if (live->dry_run) {
        src = op->snapshot == NULL ? ms_lxd_map_instance_to_json(run->sim, op->instance)
                                   : ms_rl_take_object(json_object_new());
    } else {
        src = g_steal_pointer(&reply.metadata);
    }
    inst = json_node_get_object(src);
    req = instance_writable(inst);
    config = ms_rl_json_object(req, "config");
    {
        g_autoptr(GList) keys = json_object_get_members(config);
        for (GList *k = keys; k != NULL; k = k->next)
            if (g_str_has_prefix(k->data, "volatile."))
                json_object_remove_member(config, k->data);
    }
    json_object_set_string_member(req, "name", op->new_name);
    json_object_set_string_member(req, "type", ms_rl_json_string(inst, "type") ?: "container");
    running = g_strcmp0(ms_rl_json_string(inst, "status"), "Running") == 0;
    source = json_object_new();
    json_object_set_string_member(source, "type", "copy");
    json_object_set_string_member(source, "source", source_name);
    json_object_set_boolean_member(source, "live", running && !op->stateless);
    json_object_set_boolean_member(source, "instance_only", op->instance_only);
    json_object_set_boolean_member(source, "container_only", op->instance_only);
    json_object_set_object_member(req, "source", source);
    body = ms_rl_take_object(json_object_ref(req));
    json_object_unref(req);
    if (journal_of(run) != NULL && !ms_replay_journal_create_instance(journal_of(run), op->new_name, error))
        return FALSE;
    return run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* lxc storage volume rename POOL VOL NEW [--target M]: one POST
 * (lxc/storage_volume.go:1598-1680 at lxd-5.0.2). */
static gboolean
op_volume_rename(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *evol = ms_rl_escape_path(op->volume);
    g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s", evol);
    g_autofree char *volume = ms_rl_entity_path("storage-pools", op->pool, suffix);
    g_autofree char *path = ms_rl_with_target(volume, ms_rl_map_member(run->live, op->target));
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", op->new_name);
    body = ms_rl_take_object(obj);
    if (journal_of(run) != NULL &&
        !ms_replay_journal_create_volume(journal_of(run), op->pool, op->new_name, error))
        return FALSE;
    return run_call(run, "POST", path, body, NULL, FALSE, error);
}

/* lxc storage volume snapshot POOL VOL [SNAP] [--target M] */
static gboolean
op_volume_snapshot(Run *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *evol = ms_rl_escape_path(op->volume);
    g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s/snapshots", evol);
    g_autofree char *snapshots = ms_rl_entity_path("storage-pools", op->pool, suffix);
    g_autofree char *path = ms_rl_with_target(snapshots, ms_rl_map_member(run->live, op->target));
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", op->snapshot != NULL ? op->snapshot : "");
    body = ms_rl_take_object(obj);
    return run_call(run, "POST", path, body, NULL, TRUE, error);
}

/* The body of a volume copy: the source's writable fields and @source. */
static JsonNode *
volume_copy_body(const MsOp *op, JsonObject *vol, JsonObject *source)
{
    JsonObject *req = json_object_new();
    g_autofree char *name =
        op->snapshot != NULL ? g_strdup_printf("%s/%s", op->volume, op->snapshot) : g_strdup(op->volume);

    json_object_set_string_member(req, "name", op->new_name);
    json_object_set_string_member(req, "type", "custom");
    if (ms_rl_json_object(vol, "config") != NULL)
        json_object_set_member(req, "config", ms_rl_deep_copy(json_object_get_member(vol, "config")));
    else
        json_object_set_object_member(req, "config", json_object_new());
    json_object_set_string_member(req, "description", ms_rl_json_string(vol, "description") ?: "");
    json_object_set_string_member(req, "content_type",
                                  ms_rl_json_string(vol, "content_type") ?: "filesystem");
    json_object_set_string_member(source, "name", name);
    json_object_set_string_member(source, "pool", op->pool);
    json_object_set_boolean_member(source, "volume_only", op->volume_only);
    json_object_set_object_member(req, "source", source);
    return ms_rl_take_object(req);
}

/* The member's TLS certificate and first address, as lxc's
 * GetConnectionInfo gives them for the pull migration. */
static gboolean
connection_info(Run *run, char **certificate, char **address, GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };
    JsonObject *env;
    JsonArray *addresses;

    if (!ms_rl_get_object(run->live, "/1.0", &reply, error))
        return FALSE;
    env = reply.metadata != NULL ? ms_rl_json_object(json_node_get_object(reply.metadata), "environment")
                                 : NULL;
    addresses = env != NULL && json_object_has_member(env, "addresses")
                    ? json_object_get_array_member(env, "addresses")
                    : NULL;
    if (reply.failed || env == NULL || addresses == NULL || json_array_get_length(addresses) == 0) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "GET /1.0: no environment.addresses");
        return FALSE;
    }
    *certificate = g_strdup(ms_rl_json_string(env, "certificate") ?: "");
    *address = g_strdup(json_array_get_string_element(addresses, 0));
    return TRUE;
}

/* lxc storage volume copy|move POOL/VOL[/SNAP] POOL/VOL on lxd-5.0.2
 * (lxc/storage_volume.go:344-507, client/lxd_storage_volumes.go:475-666):
 * GET the source, then on its own member one POST with source type "copy",
 * onto another member a pull migration (a migration POST on the source,
 * then the create on the target naming its operation); a move then
 * deletes the source. */
static gboolean
op_volume_copy(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *evol = ms_rl_escape_path(op->volume);
    g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s", evol);
    g_autofree char *volume = ms_rl_entity_path("storage-pools", op->pool, suffix);
    g_autofree char *get_path = ms_rl_with_target(volume, ms_rl_map_member(live, op->target));
    g_autofree char *dst_collection = ms_rl_entity_path("storage-pools", op->new_pool, "/volumes/custom");
    g_autofree char *location = NULL;
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) src = NULL;
    g_autoptr(JsonNode) body = NULL;
    const char *dst_member;
    JsonObject *source = json_object_new();

    if (!ms_rl_get_object(live, get_path, &reply, error))
        goto fail;
    if (reply.failed) {
        json_object_unref(source);
        return run_reply(run, &reply);
    }
    src = live->dry_run ? ms_rl_take_object(json_object_new()) : g_steal_pointer(&reply.metadata);
    location = g_strdup(ms_rl_json_string(json_node_get_object(src), "location"));
    if (location != NULL && (*location == '\0' || g_str_equal(location, "none")))
        g_clear_pointer(&location, g_free);
    if (op->snapshot != NULL) {
        g_autofree char *snap_suffix = g_strdup_printf("/volumes/custom/%s/snapshots/%s", evol, op->snapshot);
        g_autofree char *snap = ms_rl_entity_path("storage-pools", op->pool, snap_suffix);
        g_autofree char *snap_path = ms_rl_with_target(snap, location);
        if (!ms_rl_get_object(live, snap_path, &reply, error))
            goto fail;
        if (reply.failed) {
            json_object_unref(source);
            return run_reply(run, &reply);
        }
    }
    dst_member = op->destination_target != NULL ? ms_rl_map_member(live, op->destination_target) : location;
    if (journal_of(run) != NULL &&
        !ms_replay_journal_create_volume(journal_of(run), op->new_pool, op->new_name, error))
        goto fail;
    if (g_strcmp0(dst_member, location) == 0 || location == NULL) {
        g_autofree char *path = ms_rl_with_target(dst_collection, dst_member);
        json_object_set_string_member(source, "type", "copy");
        body = volume_copy_body(op, json_node_get_object(src), source);
        if (!ms_rl_call(live, "POST", path, body, NULL, TRUE, &reply, error))
            return FALSE;
    } else {
        /* pull mode: the target pulls from the source's operation */
        g_autofree char *mig_path = ms_rl_with_target(volume, location);
        g_autofree char *path = ms_rl_with_target(dst_collection, dst_member);
        g_autofree char *op_id = NULL, *certificate = NULL, *address = NULL, *op_url = NULL;
        g_autoptr(JsonNode) mig_body = NULL;
        g_autoptr(JsonNode) operation = NULL;
        JsonObject *mig = json_object_new();
        JsonObject *op_meta;

        json_object_set_boolean_member(mig, "migration", TRUE);
        json_object_set_string_member(mig, "name", op->volume);
        json_object_set_string_member(mig, "pool", op->pool);
        json_object_set_boolean_member(mig, "volume_only", op->volume_only);
        mig_body = ms_rl_take_object(mig);
        if (!ms_rl_call_nowait(live, "POST", mig_path, mig_body, &reply, &operation, &op_id, error))
            goto fail;
        if (reply.failed) {
            json_object_unref(source);
            return run_reply(run, &reply);
        }
        if (!connection_info(run, &certificate, &address, error))
            goto fail;
        op_url = g_strdup_printf("https://%s/1.0/operations/%s", address, op_id != NULL ? op_id : "$OP");
        op_meta = operation != NULL && JSON_NODE_HOLDS_OBJECT(operation)
                      ? ms_rl_json_object(json_node_get_object(operation), "metadata")
                      : NULL;
        json_object_set_string_member(source, "type", "migration");
        json_object_set_string_member(source, "mode", "pull");
        json_object_set_string_member(source, "operation", op_url);
        json_object_set_string_member(source, "certificate", certificate);
        json_object_set_member(source, "secrets",
                               op_meta != NULL ? ms_rl_deep_copy(json_object_get_member(
                                                     json_node_get_object(operation), "metadata"))
                                               : ms_rl_take_object(json_object_new()));
        body = volume_copy_body(op, json_node_get_object(src), source);
        if (!ms_rl_call(live, "POST", path, body, NULL, TRUE, &reply, error))
            return FALSE;
        if (reply.failed) {
            /* client/lxd_storage_volumes.go:465 remoteOperationError */
            g_autofree char *text = g_strdup_printf("Failed storage volume creation: %s", reply.error);
            g_free(reply.error);
            reply.error = g_steal_pointer(&text);
        }
    }
    if (reply.failed || op->kind != MS_OP_VOLUME_MOVE)
        return run_reply(run, &reply);
    {
        g_autofree char *path = ms_rl_with_target(volume, location);
        if (!ms_rl_call(live, "DELETE", path, NULL, NULL, FALSE, &reply, error))
            return FALSE;
        if (reply.failed) {
            /* lxc/storage_volume.go:501 at lxd-5.0.2 */
            g_autofree char *text =
                g_strdup_printf("Failed deleting source volume after copy: %s", reply.error);
            g_free(reply.error);
            reply.error = g_steal_pointer(&text);
        }
    }
    return run_reply(run, &reply);

fail:
    json_object_unref(source);
    return FALSE;
}

static gboolean
op_member_state(Run *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    const MsProfile *profile = live->profile;
    gboolean knows_action = op->kind == MS_OP_EVACUATE ? ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE)
                                                       : ms_profile_has(profile, MS_FEATURE_RESTORE_SKIP);
    g_auto(MsLiveReply) reply = { 0 };

    /* cobra refuses flags the release's lxc does not define */
    if (op->action != NULL && !knows_action) {
        run->outcome = outcome_client("unknown flag: --action");
        return TRUE;
    }
    if (op->yes && !ms_profile_has(profile, MS_FEATURE_CLI_YES_FLAG)) {
        run->outcome = outcome_client("unknown flag: --yes");
        return TRUE;
    }
    if (journal_of(run) != NULL &&
        ((op->kind == MS_OP_EVACUATE &&
          !ms_replay_journal_change_member(journal_of(run), ms_rl_map_member(live, op->member), error)) ||
         !ms_rl_journal_moves(live, NULL, error)))
        return FALSE;
    if (!ms_rl_member_state(live, ms_rl_map_member(live, op->member), run->arg,
                            op->action != NULL ? op->action : "", &reply, error))
        return FALSE;
    return run_reply(run, &reply);
}

static gboolean
op_backup(Run *run, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("instances", run->op->instance, "/backups");
    g_autoptr(JsonNode) body = ms_rl_take_object(json_object_new());

    return run_call(run, "POST", path, body, NULL, TRUE, error);
}

static gboolean
op_list(Run *run, GError **error)
{
    return run_call(run, "GET", run->arg, NULL, NULL, FALSE, error);
}

static gboolean
op_config(Run *run, GError **error)
{
    return run->op->instance != NULL ? op_instance_config(run, error) : op_server_config(run, error);
}

/* What replays each kind of op; kinds not here are refused before a replay
 * starts (ms_replay_live_supports()). */
static const struct {
    MsOpKind kind;
    gboolean (*handler)(Run *run, GError **error);
    const char *arg;
} live_ops[] = {
    { MS_OP_INIT, op_init, NULL },
    { MS_OP_START, op_state, "start" },
    { MS_OP_STOP, op_state, "stop" },
    { MS_OP_RESTART, op_state, "restart" },
    { MS_OP_DELETE, op_delete, NULL },
    { MS_OP_CONFIG_SET, op_config, NULL },
    { MS_OP_CONFIG_UNSET, op_config, NULL },
    { MS_OP_CONFIG_GET, op_config, NULL },
    { MS_OP_DEVICE_ADD, op_device, NULL },
    { MS_OP_DEVICE_REMOVE, op_device, NULL },
    { MS_OP_DEVICE_SET, op_device, NULL },
    { MS_OP_VOLUME_ATTACH, op_device, NULL },
    { MS_OP_VOLUME_DETACH, op_device, NULL },
    { MS_OP_PROFILE_ASSIGN, op_profile_assign, NULL },
    { MS_OP_PROFILE_UNASSIGN, op_profile_assign, NULL },
    { MS_OP_PROFILE_CREATE, op_profile, NULL },
    { MS_OP_PROFILE_DELETE, op_profile, NULL },
    { MS_OP_PROFILE_SET, op_profile, NULL },
    { MS_OP_PROFILE_UNSET, op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_ADD, op_profile, NULL },
    { MS_OP_PROFILE_DEVICE_REMOVE, op_profile, NULL },
    { MS_OP_STORAGE_CREATE, op_storage, NULL },
    { MS_OP_STORAGE_DELETE, op_storage, NULL },
    { MS_OP_VOLUME_CREATE, op_volume, NULL },
    { MS_OP_VOLUME_DELETE, op_volume, NULL },
    { MS_OP_BACKUP_CREATE, op_backup, NULL },
    { MS_OP_MOVE, op_move, NULL },
    { MS_OP_EVACUATE, op_member_state, "evacuate" },
    { MS_OP_RESTORE, op_member_state, "restore" },
    { MS_OP_LIST, op_list, "/1.0/instances?recursion=1" },
    { MS_OP_CLUSTER_LIST, op_list, "/1.0/cluster/members?recursion=1" },
    { MS_OP_SNAPSHOT, op_snapshot, NULL },
    { MS_OP_COPY, op_copy, NULL },
    { MS_OP_VOLUME_RENAME, op_volume_rename, NULL },
    { MS_OP_VOLUME_SNAPSHOT, op_volume_snapshot, NULL },
    { MS_OP_VOLUME_COPY, op_volume_copy, NULL },
    { MS_OP_VOLUME_MOVE, op_volume_copy, NULL },
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
    Run run = { live, op, env->client, sim_before, NULL, NULL };

    g_return_val_if_fail(live->profile != NULL, FALSE);
    *outcome = NULL;
    if (index < 0) {
        /* ms_replay_live_supports() keeps these out of a replay */
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "'%s' cannot be replayed on a live cluster",
                    ms_op_kind_to_string(op->kind));
        return FALSE;
    }
    run.arg = live_ops[index].arg;
    if (!live_ops[index].handler(&run, error)) {
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
        *outcome = outcome_ok();
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
        g_autoptr(JsonNode) body = pool_create_body(step->name, step->driver, NULL);

        if (!ms_rl_call(live, "POST", path, body, NULL, FALSE, &reply, error))
            return FALSE;
        if (reply.failed)
            break;
    }
    *outcome = outcome_from_reply(&reply);
    return TRUE;
}
