/* migsim: the live side of `migsim replay`, managed networks: lxc network
 * create (per member with --target, then cluster-wide), set, unset and
 * delete as the requests lxc sends for them (lxc/network.go
 * cmdNetworkCreate, cmdNetworkSet, cmdNetworkUnset, cmdNetworkDelete at
 * lxd-5.0.2 and lxd-5.21.7; client/lxd_networks.go).  Every network a
 * scenario creates is journalled before its first request, pending ones
 * included, so that clean-up and --recover delete it (ms-replay-cleanup.c);
 * the plan lets a scenario change or delete only networks it creates
 * (ms-replay-safety.c). */
#include "ms-replay-ops-private.h"

#include <string.h>

#include "ms-lxd-map.h"

/* lxc network create NAME [KEY=VALUE]... [--type T] [--target M]: one
 * POST /1.0/networks[?target=M] of api.NetworksPost (name, type, config,
 * description; "type" is sent empty without --type), sync
 * (lxc/network.go:296-347 at lxd-5.0.2, :354-405 at lxd-5.21.7;
 * client/lxd_networks.go:97-109 at lxd-5.0.2; shared/api/network.go:13-45).
 * With --target LXD only records the network as pending on the member;
 * the create without --target then creates it on every member
 * (networksPost, lxd/networks.go:372-377 at lxd-5.0.2). */
static gboolean
network_create(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;
    g_autofree char *path = ms_rl_with_target("/1.0/networks", ms_rl_map_member(run->live, op->target));
    JsonObject *obj = json_object_new();
    JsonObject *config = json_object_new();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member(obj, "name", op->network);
    json_object_set_string_member(obj, "type", op->content_type != NULL ? op->content_type : "");
    ms_rl_set_op_keys(config, op);
    json_object_set_object_member(obj, "config", config);
    json_object_set_string_member(obj, "description", "");
    body = ms_lxd_map_take_object(obj);
    if (ms_rl_journal_of(run) != NULL &&
        !ms_replay_journal_create_network(ms_rl_journal_of(run), op->network, error))
        return FALSE;
    return ms_rl_run_call(run, "POST", path, body, NULL, FALSE, error);
}

/* What a dry run shows for lxc's GET: the simulated network's config as
 * LXD returns it, its cluster-wide keys and, with ?target=M, M's own keys
 * (the model keeps those as KEY@MEMBER, model/ms-network-ops.c). */
static JsonNode *
simulated_network(const MsRlRun *run)
{
    const MsNetwork *network = ms_cluster_lookup_network((MsCluster *) run->sim, run->op->network);
    JsonObject *obj = json_object_new();
    JsonObject *config = json_object_new();
    GHashTableIter iter;
    gpointer key, value;

    if (network != NULL) {
        g_hash_table_iter_init(&iter, network->config);
        while (g_hash_table_iter_next(&iter, &key, &value)) {
            const char *at = strchr(key, '@');

            if (at == NULL)
                json_object_set_string_member(config, key, value);
            else if (run->op->target != NULL && g_str_equal(at + 1, run->op->target)) {
                g_autofree char *bare = g_strndup(key, (gsize) (at - (const char *) key));
                json_object_set_string_member(config, bare, value);
            }
        }
    }
    json_object_set_boolean_member(obj, "managed", TRUE);
    json_object_set_string_member(obj, "description", "");
    json_object_set_object_member(obj, "config", config);
    return ms_lxd_map_take_object(obj);
}

/* lxc network set|unset NAME KEY [VALUE] [--target M]: GET the network
 * (with ?target=M), refuse an unmanaged one ("Only managed networks can be
 * modified"), then PUT its writable part (config, description) with the
 * keys over it, unset being a set to "", with If-Match
 * (lxc/network.go:1113-1159,1242-1251 at lxd-5.0.2; :1306-1367,1473-1484
 * at lxd-5.21.7, where maps.Copy does the same; client/lxd_networks.go:
 * 46-60,112-124 at lxd-5.0.2). */
static gboolean
network_set(MsRlRun *run, GError **error)
{
    MsReplayLive *live = run->live;
    const MsOp *op = run->op;
    g_autofree char *entity = ms_rl_entity_path("networks", op->network, NULL);
    g_autofree char *path = ms_rl_with_target(entity, ms_rl_map_member(live, op->target));
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) network = NULL;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *etag = NULL;
    JsonObject *put, *config, *current;
    JsonNode *managed;

    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed)
        return ms_rl_run_reply(run, &reply);
    network = live->dry_run ? simulated_network(run) : g_steal_pointer(&reply.metadata);
    etag = g_steal_pointer(&reply.etag);
    managed = json_object_get_member(json_node_get_object(network), "managed");
    if (managed == NULL || !JSON_NODE_HOLDS_VALUE(managed) || !json_node_get_boolean(managed)) {
        run->outcome = ms_rl_outcome_client("Only managed networks can be modified");
        return TRUE;
    }
    put = json_object_new();
    config = json_object_new();
    current = ms_rl_json_object(json_node_get_object(network), "config");
    if (current != NULL) {
        g_autoptr(GList) keys = json_object_get_members(current);

        for (GList *l = keys; l != NULL; l = l->next)
            json_object_set_string_member(config, l->data, ms_rl_json_string(current, l->data) ?: "");
    }
    for (guint i = 0; i < op->keys->len; i++)
        json_object_set_string_member(config, op->keys->pdata[i],
                                      op->kind == MS_OP_NETWORK_UNSET ? "" : op->values->pdata[i]);
    json_object_set_object_member(put, "config", config);
    json_object_set_string_member(put, "description",
                                  ms_rl_json_string(json_node_get_object(network), "description") ?: "");
    body = ms_lxd_map_take_object(put);
    return ms_rl_run_call(run, "PUT", path, body, ms_rl_if_match(live, etag), FALSE, error);
}

/* lxc network delete NAME: DELETE /1.0/networks/NAME, sync, no --target
 * (lxc/network.go:368-398 at lxd-5.0.2, :434-464 at lxd-5.21.7;
 * client/lxd_networks.go:142-154 at lxd-5.0.2); rename below. */
gboolean
ms_rl_op_network(MsRlRun *run, GError **error)
{
    const MsOp *op = run->op;

    switch (op->kind) {
    case MS_OP_NETWORK_CREATE:
        return network_create(run, error);
    case MS_OP_NETWORK_SET:
    case MS_OP_NETWORK_UNSET:
        return network_set(run, error);
    case MS_OP_NETWORK_DELETE: {
        g_autofree char *path = ms_rl_entity_path("networks", op->network, NULL);

        return ms_rl_run_call(run, "DELETE", path, NULL, NULL, FALSE, error);
    }
    case MS_OP_NETWORK_RENAME: {
        /* lxc network rename NAME NEW: POST /1.0/networks/NAME {"name":
         * NEW}, sync, no GET first (lxc/network.go:1079 at lxd-5.0.2;
         * client/lxd_networks.go RenameNetwork; an operation the client
         * waits for at lxd-6.9).  A cluster refuses it; the new name is
         * journalled all the same, so that clean-up would delete it */
        g_autofree char *path = ms_rl_entity_path("networks", op->network, NULL);
        JsonObject *obj = json_object_new();
        g_autoptr(JsonNode) body = NULL;

        json_object_set_string_member(obj, "name", op->new_name);
        body = ms_lxd_map_take_object(obj);
        if (ms_rl_journal_of(run) != NULL &&
            !ms_replay_journal_create_network(ms_rl_journal_of(run), op->new_name, error))
            return FALSE;
        return ms_rl_run_call(run, "POST", path, body, NULL, FALSE, error);
    }
    default:
        g_assert_not_reached();
    }
}
