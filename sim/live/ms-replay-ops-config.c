/* migsim: the live side of `migsim replay`, the read-modify-write
 * commands: server and instance config, devices, profiles and their
 * assignment, each a GET, an edit of its writable part as lxc makes it, and
 * a PUT with the ETag read (ms-replay-ops.c). */
#include "ms-replay-ops-private.h"
#include "ms-yaml-read.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

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
JsonObject *
ms_rl_instance_writable(JsonObject *inst)
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

/* lxc config get: the value of the op's key in @config, "" when unset. */
static gboolean
run_config_get(MsRlRun *run, JsonObject *config)
{
    run->outcome = ms_rl_outcome_ok();
    run->outcome->output = g_strdup_printf("%s\n", ms_rl_json_string(config, run->op->keys->pdata[0]) ?: "");
    return TRUE;
}

static gboolean
op_server_config(MsRlRun *run, GError **error)
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
        return ms_rl_run_reply(run, &reply);
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
    if (ms_rl_journal_of(run) != NULL) {
        g_autoptr(JsonNode) prior = ms_lxd_map_take_object(json_object_new());

        json_object_set_member(
            json_node_get_object(prior), "config",
            ms_rl_deep_copy(json_object_get_member(json_node_get_object(server), "config")));
        if (!ms_replay_journal_change_server(ms_rl_journal_of(run), prior, error))
            return FALSE;
    }
    /* lxc config unset is a set to "" (lxc/config.go:752-759,603-607 at
     * lxd-5.0.2): a key left out of the PUT would unset a schema key but
     * keep a user.* key (lxd/config/map.go:81-87) */
    for (guint i = 0; i < op->keys->len; i++)
        json_object_set_string_member(json_object_get_object_member(put, "config"), op->keys->pdata[i],
                                      op->kind == MS_OP_CONFIG_SET ? op->values->pdata[i] : "");
    body = ms_lxd_map_take_object(put);
    return ms_rl_run_call(run, "PUT", "/1.0", body, ms_rl_if_match(live, reply.etag), FALSE, error);
}

/* An instance read to be changed and put back as lxc does: GET, change
 * the writable part, PUT with the ETag read. */
typedef struct {
    JsonNode *inst; /* as GET returned it; NULL when LXD refused (the outcome is set) */
    char *etag;
    JsonObject *put; /* its writable part */
} InstanceEdit;

static void
instance_edit_clear(InstanceEdit *edit)
{
    g_clear_pointer(&edit->inst, json_node_unref);
    g_clear_pointer(&edit->etag, g_free);
    g_clear_pointer(&edit->put, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(InstanceEdit, instance_edit_clear)

/* GET the op's instance; FALSE when the exchange failed */
static gboolean
instance_edit_read(MsRlRun *run, InstanceEdit *edit, GError **error)
{
    if (!ms_rl_get_instance(run, run->op->instance, &edit->inst, &edit->etag, error))
        return FALSE;
    if (edit->inst != NULL)
        edit->put = ms_rl_instance_writable(json_node_get_object(edit->inst));
    return TRUE;
}

static gboolean
instance_edit_put(MsRlRun *run, InstanceEdit *edit, GError **error)
{
    return ms_rl_put_instance(run, run->op->instance, edit->put, edit->etag, error);
}

static gboolean
op_instance_config(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_auto(InstanceEdit) edit = { 0 };
    JsonObject *config;

    if (!instance_edit_read(run, &edit, error))
        return FALSE;
    if (edit.inst == NULL)
        return TRUE;
    if (op->kind == MS_OP_CONFIG_GET)
        return run_config_get(run, ms_rl_json_object(json_node_get_object(edit.inst), "config"));
    config = json_object_get_object_member(edit.put, "config");
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (op->kind == MS_OP_CONFIG_SET) {
            json_object_set_string_member(config, key, op->values->pdata[i]);
        } else if (!json_object_has_member(config, key)) {
            /* lxc/config.go: unset of a key that is not set */
            g_autofree char *text = g_strdup_printf("Can't unset key '%s', it's not currently set", key);
            run->outcome = ms_rl_outcome_client(text);
            return TRUE;
        } else {
            json_object_remove_member(config, key);
        }
    }
    return instance_edit_put(run, &edit, error);
}

/* lxc config device remove|set of a device the instance does not have
 * itself (lxc/config_device.go:507 and :624 at lxd-5.0.2): @what is
 * "removed from" or "modified for" */
static gboolean
refuse_missing_device(MsRlRun *run, JsonObject *expanded, const char *device, const char *what)
{
    g_autofree char *text = g_strdup_printf("Device from profile(s) cannot be %s individual instance. "
                                            "Override device or modify profile instead",
                                            what);

    run->outcome =
        ms_rl_outcome_client(ms_rl_json_object(expanded, device) != NULL ? text : "Device doesn't exist");
    return TRUE;
}

gboolean
ms_rl_op_device(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_auto(InstanceEdit) edit = { 0 };
    JsonObject *devices, *expanded;
    const char *device = op->device;

    if (!instance_edit_read(run, &edit, error))
        return FALSE;
    if (edit.inst == NULL)
        return TRUE;
    devices = json_object_get_object_member(edit.put, "devices");
    expanded = ms_rl_json_object(json_node_get_object(edit.inst), "expanded_devices");

    switch (op->kind) {
    case MS_OP_DEVICE_ADD:
    case MS_OP_VOLUME_ATTACH: {
        JsonObject *dev = json_object_new();

        if (json_object_has_member(devices, device)) {
            g_autofree char *text = op->kind == MS_OP_VOLUME_ATTACH
                                        ? g_strdup_printf("Device already exists: %s", device)
                                        : g_strdup("The device already exists");
            json_object_unref(dev);
            run->outcome = ms_rl_outcome_client(text);
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
                run->outcome = ms_rl_outcome_client("No device found for this storage volume");
                return TRUE;
            }
            if (found > 1) {
                run->outcome = ms_rl_outcome_client("More than one device matches, specify the device name");
                return TRUE;
            }
        }
        if (!json_object_has_member(devices, device)) {
            /* a named device that is not there (lxc/storage_volume.go:733 at
             * lxd-5.0.2; seen live) */
            g_autofree char *text = ms_rule_message(MS_RULE_DEV_DETACH_MISSING, run->live->profile);
            run->outcome = ms_rl_outcome_client(text);
            return TRUE;
        }
        json_object_remove_member(devices, device);
        break;
    case MS_OP_DEVICE_REMOVE:
        if (!json_object_has_member(devices, device)) {
            return refuse_missing_device(run, expanded, device, "removed from");
        }
        json_object_remove_member(devices, device);
        break;
    case MS_OP_DEVICE_OVERRIDE: {
        /* lxc config device override: refused by lxc itself when the
         * instance has the device or no profile gives it, else the
         * expanded device with the keys set, put back
         * (lxc/config_device.go:385-409 at lxd-5.0.2) */
        if (json_object_has_member(devices, device)) {
            run->outcome = ms_rl_outcome_client("The device already exists");
            return TRUE;
        }
        if (ms_rl_json_object(expanded, device) == NULL) {
            run->outcome = ms_rl_outcome_client("The profile device doesn't exist");
            return TRUE;
        }
        json_object_set_member(devices, device, ms_rl_deep_copy(json_object_get_member(expanded, device)));
        ms_rl_set_op_keys(json_object_get_object_member(devices, device), op);
        break;
    }
    case MS_OP_DEVICE_SET:
    case MS_OP_DEVICE_UNSET: {
        /* unset: the keys' values are "" (lxc/config_device.go:752 at lxd-5.0.2) */
        JsonObject *dev = ms_rl_json_object(devices, device);

        if (dev == NULL) {
            return refuse_missing_device(run, expanded, device, "modified for");
        }
        ms_rl_set_op_keys(dev, op);
        break;
    }
    default:
        g_assert_not_reached();
    }
    return instance_edit_put(run, &edit, error);
}

gboolean
ms_rl_op_profile_assign(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_auto(InstanceEdit) edit = { 0 };
    JsonObject *put;
    JsonArray *profiles;
    gboolean present = FALSE;

    if (!instance_edit_read(run, &edit, error))
        return FALSE;
    if (edit.inst == NULL)
        return TRUE;
    put = edit.put;
    profiles = ms_rl_strings_except(put, "profiles", op->profile, op->kind == MS_OP_PROFILE_ASSIGN, &present);
    if (op->kind == MS_OP_PROFILE_ASSIGN) {
        /* lxc/profile.go appends without looking; the server judges */
        json_array_add_string_element(profiles, op->profile);
    } else if (!present) {
        g_autofree char *text =
            g_strdup_printf("Profile %s isn't currently applied to %s", op->profile, op->instance);
        json_array_unref(profiles);
        run->outcome = ms_rl_outcome_client(text);
        return TRUE;
    }
    json_object_set_array_member(put, "profiles", profiles);
    return instance_edit_put(run, &edit, error);
}

/* Profile @name as the journal names it: in the project whose profiles the
 * command's project uses, which the model knows (ProfileProjectFromRecord:
 * the default project's without features.profiles, lxd/project/project.go
 * at lxd-5.0.2). */
static char *
profile_entry(MsRlRun *run, const char *name)
{
    return ms_rl_qualify(ms_cluster_profile_project(run->sim, run->live->project), name);
}

/* lxc profile edit NAME < YAML: lxc unmarshals the YAML (its type errors
 * are its own) and PUTs it with no GET and no ETag (lxc/profile.go:466-478
 * at lxd-5.0.2).  The GET here only journals a profile the scenario did
 * not create, to put it back afterwards. */
static gboolean
op_profile_edit(MsRlRun *run, const char *path, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *entry = profile_entry(run, op->profile);
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put = ms_yaml_unmarshal_put(op->stdin_text != NULL ? op->stdin_text : "",
                                                     MS_YAML_PROFILE_PUT, &type_errors);
    JsonObject *obj;

    if (put == NULL) {
        run->outcome = ms_rl_outcome_client(type_errors);
        return TRUE;
    }
    if (ms_rl_journal_of(run) != NULL && !ms_rl_contains(run->live->own_profiles, entry)) {
        g_auto(MsLiveReply) reply = { 0 };

        if (!ms_rl_get_object(run->live, path, &reply, error))
            return FALSE;
        if (!reply.failed) {
            g_autoptr(JsonNode) prior =
                ms_lxd_map_take_object(profile_writable(json_node_get_object(reply.metadata)));
            if (!ms_replay_journal_change_profile(ms_rl_journal_of(run), entry, prior, error))
                return FALSE;
        }
    }
    obj = json_object_new();
    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(put->config));
    json_object_set_string_member(obj, "description", put->description);
    json_object_set_object_member(obj, "devices", ms_lxd_map_devices_to_json(put->devices));
    {
        g_autoptr(JsonNode) body = ms_lxd_map_take_object(obj);
        return ms_rl_run_call(run, "PUT", path, body, NULL, FALSE, error);
    }
}

gboolean
ms_rl_op_profile(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_entity_path("profiles", op->profile, NULL);
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) profile = NULL;
    g_autoptr(JsonObject) put = NULL;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *etag = NULL;
    g_autofree char *entry = profile_entry(run, op->profile);
    JsonObject *config, *devices;

    if (op->kind == MS_OP_PROFILE_CREATE) {
        JsonObject *obj = json_object_new();
        json_object_set_string_member(obj, "name", op->profile);
        body = ms_lxd_map_take_object(obj);
        if (ms_rl_journal_of(run) != NULL &&
            !ms_replay_journal_create_profile(ms_rl_journal_of(run), entry, error))
            return FALSE;
        return ms_rl_run_call(run, "POST", "/1.0/profiles", body, NULL, FALSE, error);
    }
    if (op->kind == MS_OP_PROFILE_DELETE)
        return ms_rl_run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    if (op->kind == MS_OP_PROFILE_EDIT)
        return op_profile_edit(run, path, error);
    /* lxc profile rename: POST {"name": NEW} on the profile, no GET first
     * (lxc/profile.go:752 at lxd-5.0.2); clean-up deletes the new name */
    if (op->kind == MS_OP_PROFILE_RENAME) {
        g_autofree char *new_entry = profile_entry(run, op->new_name);
        JsonObject *obj = json_object_new();

        json_object_set_string_member(obj, "name", op->new_name);
        body = ms_lxd_map_take_object(obj);
        if (ms_rl_journal_of(run) != NULL &&
            !ms_replay_journal_create_profile(ms_rl_journal_of(run), new_entry, error))
            return FALSE;
        return ms_rl_run_call(run, "POST", path, body, NULL, FALSE, error);
    }
    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    profile =
        live->dry_run ? ms_lxd_map_profile_to_json(run->sim, op->profile) : g_steal_pointer(&reply.metadata);
    etag = g_steal_pointer(&reply.etag);
    /* lxc profile copy PROFILE NEW: the writable profile posted under the
     * new name, no ETag (lxc/profile.go:258-298 at lxd-5.0.2) */
    if (op->kind == MS_OP_PROFILE_COPY) {
        const char *name = op->new_name != NULL && *op->new_name ? op->new_name : op->profile;
        g_autofree char *new_entry = profile_entry(run, name);

        put = profile_writable(json_node_get_object(profile));
        json_object_set_string_member(put, "name", name);
        body = ms_lxd_map_take_object(json_object_ref(put));
        if (ms_rl_journal_of(run) != NULL &&
            !ms_replay_journal_create_profile(ms_rl_journal_of(run), new_entry, error))
            return FALSE;
        return ms_rl_run_call(run, "POST", "/1.0/profiles", body, NULL, FALSE, error);
    }
    /* a profile the scenario did not create is put back as it was */
    if (ms_rl_journal_of(run) != NULL && !ms_rl_contains(live->own_profiles, entry)) {
        g_autoptr(JsonNode) prior = ms_lxd_map_take_object(profile_writable(json_node_get_object(profile)));

        if (!ms_replay_journal_change_profile(ms_rl_journal_of(run), entry, prior, error))
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
            run->outcome = ms_rl_outcome_client("The device already exists");
            return TRUE;
        }
        dev = json_object_new();
        json_object_set_string_member(dev, "type", op->device_type);
        ms_rl_set_op_keys(dev, op);
        json_object_set_object_member(devices, op->device, dev);
        break;
    }
    case MS_OP_PROFILE_DEVICE_SET:
    case MS_OP_PROFILE_DEVICE_UNSET: {
        /* lxc/config_device.go:596-605 at lxd-5.0.2; unset's values are "" */
        JsonObject *dev = ms_rl_json_object(devices, op->device);

        if (dev == NULL) {
            g_autofree char *text = ms_rule_message(MS_RULE_DEV_NOT_FOUND, live->profile);
            run->outcome = ms_rl_outcome_client(text);
            return TRUE;
        }
        ms_rl_set_op_keys(dev, op);
        break;
    }
    case MS_OP_PROFILE_DEVICE_REMOVE:
        if (!json_object_has_member(devices, op->device)) {
            run->outcome = ms_rl_outcome_client("Device doesn't exist");
            return TRUE;
        }
        json_object_remove_member(devices, op->device);
        break;
    default:
        g_assert_not_reached();
    }
    body = ms_lxd_map_take_object(json_object_ref(put));
    return ms_rl_run_call(run, "PUT", path, body, ms_rl_if_match(live, etag), FALSE, error);
}

/* lxc config edit NAME < YAML: lxc unmarshals the YAML into api.InstancePut
 * (its type errors are its own) and PUTs it whole, with no GET and no ETag
 * (lxc/config.go:156-181 at lxd-5.0.2, :226-242 at lxd-5.21.7, :219-235 at lxd-6.9); a
 * `profiles` the YAML lacks is sent as null, which the server takes as no
 * profiles. */
static gboolean
op_config_edit(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put = ms_yaml_unmarshal_put(op->stdin_text != NULL ? op->stdin_text : "",
                                                     MS_YAML_INSTANCE_PUT, &type_errors);
    g_autoptr(JsonObject) obj = NULL;

    if (put == NULL) {
        run->outcome = ms_rl_outcome_client(type_errors);
        return TRUE;
    }
    obj = json_object_new();
    json_object_set_string_member(obj, "architecture", put->architecture != NULL ? put->architecture : "");
    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(put->config));
    json_object_set_object_member(obj, "devices", ms_lxd_map_devices_to_json(put->devices));
    json_object_set_boolean_member(obj, "ephemeral", put->ephemeral);
    if (put->profiles == NULL) {
        json_object_set_null_member(obj, "profiles");
    } else {
        JsonArray *profiles = json_array_new();
        for (guint i = 0; i < put->profiles->len; i++)
            json_array_add_string_element(profiles, put->profiles->pdata[i]);
        json_object_set_array_member(obj, "profiles", profiles);
    }
    json_object_set_boolean_member(obj, "stateful", put->stateful);
    json_object_set_string_member(obj, "description", put->description);
    if (put->restore != NULL && *put->restore != '\0')
        json_object_set_string_member(obj, "restore", put->restore);
    return ms_rl_put_instance(run, op->instance, obj, NULL, error);
}

gboolean
ms_rl_op_config(MsRlRun *run, GError **error)
{
    if (run->op->kind == MS_OP_CONFIG_EDIT)
        return op_config_edit(run, error);
    return run->op->instance != NULL ? op_instance_config(run, error) : op_server_config(run, error);
}
