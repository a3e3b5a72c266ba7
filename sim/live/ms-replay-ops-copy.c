/* migsim: the live side of `migsim replay`, lxc copy: the request lxc
 * sends to copy an instance or a snapshot (with --target, -s, -d
 * overrides, --instance-only, --refresh) and the update after --refresh
 * (lxc/copy.go at lxd-5.0.2); moved from ms-replay-ops.c unchanged. */
#include "ms-replay-ops-private.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

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
gboolean
ms_rl_op_copy(MsRlRun *run, GError **error)
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
    if (!ms_rl_journal_instance(run, live->project, op->new_name, error))
        return FALSE;
    if (!ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error))
        return FALSE;
    if (!op->refresh || !run->outcome->ok)
        return TRUE;
    return copy_refresh_update(run, json_node_get_object(writable), error);
}
