/* migsim: the live side of `migsim replay`, storage: pools and custom
 * volumes (create, delete, rename, snapshot, copy and move between
 * members) as the requests lxc sends for them (ms-replay-ops.c). */
#include "ms-replay-ops-private.h"
#include "ms-yaml-read.h"

#include "ms-config.h"
#include "ms-lxd-map.h"

gboolean
ms_rl_op_storage(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *path = NULL;

    if (op->kind == MS_OP_STORAGE_DELETE) {
        path = ms_rl_entity_path("storage-pools", op->pool, NULL);
        return ms_rl_run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    }
    body = ms_rl_pool_create_body(op->pool, op->driver, op);
    path = ms_rl_with_target("/1.0/storage-pools", ms_rl_map_member(live, op->target));
    if (ms_rl_journal_of(run) != NULL &&
        !ms_replay_journal_create_pool(ms_rl_journal_of(run), op->pool, error))
        return FALSE;
    return ms_rl_run_call(run, "POST", path, body, NULL, FALSE, error);
}

/* Where lxc's create lands: --target, else the member behind the remote.
 * The simulation puts an untargeted volume on the scenario's client member
 * (`on MEMBER`); when that is not the member we talk to, the request names
 * it so that both sides mean the same member.  Only the create: a request
 * to an existing volume without --target is forwarded by any receiving
 * member to the volume's own (forwardedResponseIfVolumeIsRemote,
 * lxd/response.go:66-84 at lxd-5.0.2), where ?target=CLIENT would look it
 * up on CLIENT alone (GetStoragePoolVolume memberSpecific in
 * storagePoolVolumeGet, lxd/storage_volumes.go at lxd-5.0.2); those name
 * --target only (request_target). */
static const char *
volume_target(const MsRlRun *run)
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

/* An existing volume's request: --target's member, else none (lxc's own
 * request from any member, volume_target) */
static const char *
request_target(const MsRlRun *run)
{
    return ms_rl_map_member(run->live, run->op->target);
}

/* /1.0/storage-pools/POOL/volumes/custom/VOLUME (escaped), aimed at
 * @target (NULL: the server picks) */
static char *
custom_volume_path(const char *pool, const char *volume, const char *target)
{
    g_autofree char *evol = ms_rl_escape_path(volume);
    g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s", evol);
    g_autofree char *path = ms_rl_entity_path("storage-pools", pool, suffix);

    return ms_rl_with_target(path, target);
}

/* /1.0/storage-pools/POOL/volumes/custom/VOL/snapshots/SNAP for
 * @volume VOL/SNAP (both escaped), aimed at @target: where lxc sends the
 * delete and the rename of a volume snapshot, splitting the name at its
 * first '/' (client.DeleteStoragePoolVolumeSnapshot and
 * RenameStoragePoolVolumeSnapshot, lxc/storage_volume.go:637-640,1620-1656
 * at lxd-5.0.2, :778-785,2022-2056 at lxd-5.21.7, :782-785,2018-2052 at
 * lxd-6.9).  Incus v6.0.4's incus does not split (below). */
static char *
volume_snapshot_path(const char *pool, const char *volume, const char *target)
{
    const char *slash = strchr(volume, '/');
    g_autofree char *parent = g_strndup(volume, slash - volume);
    g_autofree char *eparent = ms_rl_escape_path(parent);
    g_autofree char *esnap = ms_rl_escape_path(slash + 1);
    g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s/snapshots/%s", eparent, esnap);
    g_autofree char *path = ms_rl_entity_path("storage-pools", pool, suffix);

    return ms_rl_with_target(path, target);
}

/* lxc splits VOL/SNAP; incus v6.0.4 sends it whole, escaped, to the volume
 * endpoint (cmd/incus/storage_volume.go:738-746 delete, :1923-1936
 * rename), which refuses a name with a '/' (cmd/incusd/storage_volumes.go
 * :2117-2119 "Invalid storage volume %q", :1041-1043 "Invalid volume
 * name" at v6.0.4) */
static gboolean
names_volume_snapshot(const MsRlRun *run)
{
    return strchr(run->op->volume, '/') != NULL && !ms_profile_is_incus(run->live->profile);
}

gboolean
ms_rl_op_volume(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *volumes = ms_rl_entity_path("storage-pools", op->pool, "/volumes/custom");
    g_autofree char *path = NULL;
    const char *target = volume_target(run);

    /* lxc storage volume delete POOL VOL/SNAP [--target M]: the DELETE of
     * the snapshot, an operation, on --target's member alone (the server
     * forwards to the volume's member) */
    if (op->kind == MS_OP_VOLUME_DELETE && names_volume_snapshot(run)) {
        path = volume_snapshot_path(op->pool, op->volume, ms_rl_map_member(run->live, op->target));
        return ms_rl_run_call(run, "DELETE", path, NULL, NULL, TRUE, error);
    }
    if (op->kind == MS_OP_VOLUME_DELETE) {
        path = custom_volume_path(op->pool, op->volume, request_target(run));
        return ms_rl_run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
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
        body = ms_lxd_map_take_object(obj);
    }
    path = ms_rl_with_target(volumes, target);
    if (ms_rl_journal_of(run) != NULL &&
        !ms_replay_journal_create_volume(ms_rl_journal_of(run), run->live->project, op->pool, op->volume,
                                         error))
        return FALSE;
    return ms_rl_run_call(run, "POST", path, body, NULL, FALSE, error);
}

/* lxc storage volume show|get|set|unset|edit POOL VOL/SNAP/X: lxc splits
 * the name at every '/' and refuses more than two fields itself
 * (CLI.VOLUME_SNAPSHOT_NAME_FIELDS: lxc/storage_volume.go:1832, :1078,
 * :1746, :891 at lxd-5.0.2); the incus client does not split.  TRUE when
 * refused (the outcome set). */
static gboolean
refuse_name_fields(MsRlRun *run)
{
    const char *slash = strchr(run->op->volume, '/');

    if (slash == NULL || strchr(slash + 1, '/') == NULL || ms_profile_is_incus(run->live->profile))
        return FALSE;
    run->outcome = ms_rl_outcome_client("Invalid snapshot name");
    return TRUE;
}

/* lxc storage volume get|set|unset POOL VOL KEY [VALUE] [--target M]: GET the
 * volume (ETag), its writable part (config, description) with the keys
 * set, unset being a set to "", PUT with If-Match
 * (lxc/storage_volume.go:1714-1777,1898-1907 at lxd-5.0.2).  Replay
 * names --target only, as for a delete (request_target). */
gboolean
ms_rl_op_volume_set(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *path = custom_volume_path(op->pool, op->volume, request_target(run));
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) vol = NULL;
    g_autoptr(JsonNode) body = NULL;
    g_autoptr(JsonNode) config_copy = NULL;
    g_autofree char *etag = NULL;
    JsonObject *put, *config;

    if (refuse_name_fields(run))
        return TRUE;
    if (strchr(op->volume, '/') != NULL) {
        run->outcome =
            ms_rl_outcome_client(op->kind == MS_OP_VOLUME_GET
                                     ? "migsim: not modelled: a volume snapshot's get is not replayed"
                                     : "Snapshots are read-only and can't have their configuration changed");
        return TRUE;
    }
    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    vol = live->dry_run ? ms_lxd_map_take_object(json_object_new()) : g_steal_pointer(&reply.metadata);
    /* lxc storage volume get POOL VOL KEY: the key's value from the GET, ""
     * when unset (lxc/storage_volume.go:1051-1113 at lxd-5.0.2) */
    if (op->kind == MS_OP_VOLUME_GET) {
        JsonObject *config = ms_rl_json_object(json_node_get_object(vol), "config");
        run->outcome = ms_rl_outcome_ok();
        run->outcome->output = g_strdup_printf(
            "%s\n", config != NULL ? ms_rl_json_string(config, op->keys->pdata[0]) ?: "" : "");
        return TRUE;
    }
    etag = g_steal_pointer(&reply.etag);
    put = json_object_new();
    config_copy = ms_rl_json_object(json_node_get_object(vol), "config") != NULL
                      ? ms_rl_deep_copy(json_object_get_member(json_node_get_object(vol), "config"))
                      : ms_lxd_map_take_object(json_object_new());
    config = json_node_get_object(config_copy);
    json_object_set_object_member(put, "config", json_object_ref(config));
    json_object_set_string_member(put, "description",
                                  ms_rl_json_string(json_node_get_object(vol), "description") ?: "");
    for (guint i = 0; i < op->keys->len; i++)
        json_object_set_string_member(config, op->keys->pdata[i],
                                      op->kind == MS_OP_VOLUME_UNSET ? "" : op->values->pdata[i]);
    body = ms_lxd_map_take_object(put);
    return ms_rl_run_call(run, "PUT", path, body, ms_rl_if_match(live, etag), FALSE, error);
}

/* lxc storage volume show POOL VOL[/SNAP] [--target M]: one GET, of the
 * volume or, for VOL/SNAP, of its snapshot; lxc refuses a name with two
 * '/' before any request (lxc/storage_volume.go:1829-1860 at lxd-5.0.2).
 * Replay names --target only, as for a set (request_target). */
gboolean
ms_rl_op_volume_show(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = NULL;

    if (refuse_name_fields(run))
        return TRUE;
    if (names_volume_snapshot(run))
        path = volume_snapshot_path(op->pool, op->volume, request_target(run));
    else
        path = custom_volume_path(op->pool, op->volume, request_target(run));
    return ms_rl_run_call(run, "GET", path, NULL, NULL, FALSE, error);
}

/* lxc storage volume list POOL: GET .../volumes with recursion and an
 * empty filter, url.Values encoding the keys in order
 * (GetStoragePoolVolumesWithFilter, client/lxd_storage_volumes.go:105-122
 * and lxc/storage_volume.go:1373-1406 at lxd-5.0.2); the pool's volumes of
 * every member, so no ?target= */
gboolean
ms_rl_op_volume_list(MsRlRun *run, GError **error)
{
    g_autofree char *path = ms_rl_entity_path("storage-pools", run->op->pool, "/volumes?filter=&recursion=1");

    return ms_rl_run_call(run, "GET", path, NULL, NULL, FALSE, error);
}

/* lxc storage volume restore POOL VOL SNAP [--target M]: lxc GETs the
 * volume (twice: a check, then the ETag) and PUTs {"restore": SNAP} with
 * the ETag, both with --target (lxc/storage_volume.go:2029-2063 at
 * lxd-5.0.2, :2599-2645 at lxd-6.9, where the PUT is an operation). */
gboolean
ms_rl_op_volume_restore(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *path = custom_volume_path(op->pool, op->volume, request_target(run));
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) body = NULL;
    JsonObject *put;

    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    put = json_object_new();
    json_object_set_string_member(put, "restore", op->snapshot);
    body = ms_lxd_map_take_object(put);
    return ms_rl_run_call(run, "PUT", path, body, ms_rl_if_match(live, reply.etag), FALSE, error);
}

/* lxc storage volume edit POOL VOL < YAML: lxc unmarshals the YAML into
 * api.StorageVolumePut (its type errors are its own) and PUTs it whole, with
 * no GET, no ETag and no ?target= (lxc/storage_volume.go:896-924 at
 * lxd-5.0.2, :1098-1126 at lxd-5.21.7, :1099-1133 at lxd-6.9). */
gboolean
ms_rl_op_volume_edit(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put = NULL;
    g_autofree char *path = NULL;
    g_autoptr(JsonNode) body = NULL;
    JsonObject *obj;

    if (refuse_name_fields(run))
        return TRUE;
    if (strchr(op->volume, '/') != NULL) {
        run->outcome = ms_rl_outcome_client("migsim: not modelled: a volume snapshot's edit is not replayed");
        return TRUE;
    }
    put =
        ms_yaml_unmarshal_put(op->stdin_text != NULL ? op->stdin_text : "", MS_YAML_VOLUME_PUT, &type_errors);
    if (put == NULL) {
        run->outcome = ms_rl_outcome_client(type_errors);
        return TRUE;
    }
    path = custom_volume_path(op->pool, op->volume, NULL);
    obj = json_object_new();
    json_object_set_object_member(obj, "config", ms_lxd_map_config_to_json(put->config));
    json_object_set_string_member(obj, "description", put->description);
    if (put->restore != NULL && *put->restore != '\0')
        json_object_set_string_member(obj, "restore", put->restore);
    body = ms_lxd_map_take_object(obj);
    return ms_rl_run_call(run, "PUT", path, body, NULL, FALSE, error);
}

/* POST {"name": @name} to the op's volume (+ @tail), on --target's member */
static gboolean
post_volume_name(MsRlRun *run, const char *tail, const char *name, gboolean async_endpoint, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *evol = ms_rl_escape_path(op->volume);
    g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s%s", evol, tail);
    g_autofree char *volume = ms_rl_entity_path("storage-pools", op->pool, suffix);
    g_autofree char *path = ms_rl_with_target(volume, ms_rl_map_member(run->live, op->target));
    JsonObject *obj = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", name);
    body = ms_lxd_map_take_object(obj);
    return ms_rl_run_call(run, "POST", path, body, NULL, async_endpoint, error);
}

/* lxc storage volume rename POOL VOL NEW [--target M]: one POST
 * (lxc/storage_volume.go:1598-1680 at lxd-5.0.2). */
gboolean
ms_rl_op_volume_rename(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;

    /* lxc storage volume rename POOL VOL/SNAP VOL/NEW [--target M]: lxc
     * refuses a source with two '/' and a new name with another parent or
     * none, then POSTs the new snapshot name to the snapshot, an operation
     * (lxc/storage_volume.go:1620-1656 at lxd-5.0.2, :2022-2056 at
     * lxd-5.21.7, :2018-2052 at lxd-6.9, the same texts); it makes no
     * volume, so nothing is journalled (clean-up deletes the volume with
     * its snapshots) */
    if (op->kind == MS_OP_VOLUME_RENAME && names_volume_snapshot(run)) {
        const char *slash = strchr(op->volume, '/');
        gsize parent_len = slash - op->volume;
        const char *new_slash = strchr(op->new_name, '/');
        gsize new_parent_len = new_slash != NULL ? (gsize) (new_slash - op->new_name) : strlen(op->new_name);
        g_autofree char *path = NULL;
        g_autoptr(JsonNode) body = NULL;
        JsonObject *obj;

        if (strchr(slash + 1, '/') != NULL) {
            run->outcome = ms_rl_outcome_client("Invalid snapshot name");
            return TRUE;
        }
        /* api.GetParentAndSnapshotName splits at the first '/' */
        if (new_parent_len != parent_len || strncmp(op->new_name, op->volume, parent_len) != 0) {
            run->outcome =
                ms_rl_outcome_client("Invalid new snapshot name, parent volume must be the same as source");
            return TRUE;
        }
        if (new_slash == NULL) {
            run->outcome = ms_rl_outcome_client("Invalid new snapshot name");
            return TRUE;
        }
        path = volume_snapshot_path(op->pool, op->volume, ms_rl_map_member(run->live, op->target));
        obj = json_object_new();
        json_object_set_string_member(obj, "name", new_slash + 1);
        body = ms_lxd_map_take_object(obj);
        return ms_rl_run_call(run, "POST", path, body, NULL, TRUE, error);
    }
    /* incus's VOL/SNAP makes no volume either (the server refuses it) */
    if (ms_rl_journal_of(run) != NULL && strchr(op->volume, '/') == NULL &&
        !ms_replay_journal_create_volume(ms_rl_journal_of(run), run->live->project, op->pool, op->new_name,
                                         error))
        return FALSE;
    return post_volume_name(run, "", op->new_name, FALSE, error);
}

/* lxc storage volume snapshot POOL VOL [SNAP] [--target M]: lxc first GETs
 * the volume with --target ("Check if the requested storage volume actually
 * exists"), then POSTs the snapshot name, an operation
 * (lxc/storage_volume.go:1965-1968,2001 at lxd-5.0.2, :2519-2522,2561 at
 * lxd-5.21.7, :2513-2516,2555 at lxd-6.9; cmd/incus/storage_volume.go
 * :2413-2416,2451 at v6.0.4).  The GET's answer comes
 * first: with --target the member answers from its own volumes before the
 * POST's name check (seed 36102, tests/live/DISAGREEMENTS.md #29-fidlive8). */
gboolean
ms_rl_op_volume_snapshot(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = custom_volume_path(op->pool, op->volume, ms_rl_map_member(run->live, op->target));
    g_auto(MsLiveReply) reply = { 0 };

    if (!ms_rl_get_object(run->live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    return post_volume_name(run, "/snapshots", op->snapshot != NULL ? op->snapshot : "", TRUE, error);
}

/* The body of a volume copy: the source's writable fields and @source. */
/* Puts @project (a key, NULL for default) as the project of the next
 * requests when @swap, and returns the one it replaces (NULL otherwise). */
static char *
swap_project(MsReplayLive *live, gboolean swap, const char *project)
{
    char *previous;

    if (!swap)
        return NULL;
    previous = live->project;
    live->project = g_strdup(project);
    return previous;
}

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
    /* StorageVolumeSource.Refresh, set once for the copy and the migration
     * request (client/lxd_storage_volumes.go:496 at lxd-5.0.2) */
    json_object_set_boolean_member(source, "refresh", op->refresh);
    json_object_set_object_member(req, "source", source);
    return ms_lxd_map_take_object(req);
}

/* The member's TLS certificate and first address, as lxc's
 * GetConnectionInfo gives them for the pull migration. */
static gboolean
connection_info(MsRlRun *run, char **certificate, char **address, GError **error)
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
 * deletes the source.  Incus: see below. */
gboolean
ms_rl_op_volume_copy(MsRlRun *run, GError **error)
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
    g_autofree char *dst_project = NULL;
    g_autofree char *src_project = NULL;
    gboolean to_project;
    JsonObject *source;

    /* incus storage volume move inside one pool, without
     * --destination-target or --target-project, is a rename
     * (cmd/incus/storage_volume.go:1851-1864 at v6.0.4) */
    if (ms_profile_is_incus(live->profile) && op->kind == MS_OP_VOLUME_MOVE && op->snapshot == NULL &&
        g_strcmp0(op->pool, op->new_pool) == 0 && op->destination_target == NULL &&
        op->target_project == NULL)
        return ms_rl_op_volume_rename(run, error);
    source = json_object_new();
    if (!ms_rl_get_object(live, get_path, &reply, error))
        goto fail;
    if (reply.failed) {
        json_object_unref(source);
        return ms_rl_run_reply(run, &reply);
    }
    src = live->dry_run ? ms_lxd_map_take_object(json_object_new()) : g_steal_pointer(&reply.metadata);
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
            return ms_rl_run_reply(run, &reply);
        }
    }
    dst_member = op->destination_target != NULL ? ms_rl_map_member(live, op->destination_target) : location;
    /* --target-project: the copy is sent to that project
     * (dstServer.UseProject, lxc/storage_volume.go:469-471 at lxd-5.0.2);
     * on one member it names the source's project
     * (client/lxd_storage_volumes.go:516-522) */
    to_project = op->target_project != NULL && !ms_project_same(op->target_project, live->project);
    if (to_project) {
        dst_project = g_strdup(ms_project_key(op->target_project));
        if (g_strcmp0(dst_member, location) == 0 || location == NULL)
            json_object_set_string_member(source, "project", ms_project_display(live->project));
    }
    if (ms_rl_journal_of(run) != NULL &&
        !ms_replay_journal_create_volume(ms_rl_journal_of(run), to_project ? dst_project : run->live->project,
                                         op->new_pool, op->new_name, error))
        goto fail;
    if (ms_profile_is_incus(live->profile)) {
        /* incus sends one copy request to the member it talks to, or to
         * --destination-target, naming the source's member
         * (cluster_internal_custom_volume_copy: client/incus_storage_volumes.go
         * :443-470, cmd/incus/storage_volume.go:438-463 at v6.0.4); a move
         * then deletes the source (:546-556) */
        g_autofree char *path = ms_rl_with_target(
            dst_collection,
            op->destination_target != NULL ? ms_rl_map_member(live, op->destination_target) : NULL);
        json_object_set_string_member(source, "type", "copy");
        if (location != NULL)
            json_object_set_string_member(source, "location", location);
        body = volume_copy_body(op, json_node_get_object(src), source);
        if (!ms_rl_call(live, "POST", path, body, NULL, TRUE, &reply, error))
            return FALSE;
    } else if (g_strcmp0(dst_member, location) == 0 || location == NULL) {
        g_autofree char *path = ms_rl_with_target(dst_collection, dst_member);
        gboolean called;

        json_object_set_string_member(source, "type", "copy");
        body = volume_copy_body(op, json_node_get_object(src), source);
        src_project = swap_project(live, to_project, dst_project);
        called = ms_rl_call(live, "POST", path, body, NULL, TRUE, &reply, error);
        g_free(swap_project(live, to_project, src_project));
        if (!called)
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
        mig_body = ms_lxd_map_take_object(mig);
        if (!ms_rl_call_nowait(live, "POST", mig_path, mig_body, &reply, &operation, &op_id, error))
            goto fail;
        if (reply.failed) {
            json_object_unref(source);
            return ms_rl_run_reply(run, &reply);
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
                                               : ms_lxd_map_take_object(json_object_new()));
        body = volume_copy_body(op, json_node_get_object(src), source);
        src_project = swap_project(live, to_project, dst_project);
        if (!ms_rl_call(live, "POST", path, body, NULL, TRUE, &reply, error)) {
            g_free(swap_project(live, to_project, src_project));
            return FALSE;
        }
        g_free(swap_project(live, to_project, src_project));
        if (reply.failed) {
            /* client/lxd_storage_volumes.go:465 remoteOperationError */
            g_autofree char *text = g_strdup_printf("Failed storage volume creation: %s", reply.error);
            g_free(reply.error);
            reply.error = g_steal_pointer(&text);
        }
    }
    if (reply.failed || op->kind != MS_OP_VOLUME_MOVE)
        return ms_rl_run_reply(run, &reply);
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
    return ms_rl_run_reply(run, &reply);

fail:
    json_object_unref(source);
    return FALSE;
}
