/* migsim: what the command handlers of the live side of `migsim replay`
 * share (ms-replay-ops.c: outcomes, requests, the op table and the instance
 * commands; ms-replay-ops-config.c: config, devices and profiles;
 * ms-replay-ops-storage.c: pools and volumes; ms-replay-ops-network.c:
 * managed networks).  Not for use outside
 * sim/live/. */
#pragma once

#include "ms-replay-live-private.h"

G_BEGIN_DECLS

/* One command being replayed. */
typedef struct {
    MsReplayLive *live;
    const MsOp *op;
    const char *client; /* the scenario member whose lxc sends it */
    const MsCluster *sim;
    const char *arg;    /* the handler's argument from the op table */
    MsOutcome *outcome; /* set by the handlers */
} MsRlRun;

/* ---- outcomes and requests (ms-replay-ops.c) ---- */

MsOutcome *ms_rl_outcome_ok(void);
/* lxc refused by itself: no request was sent (http_status 0) */
MsOutcome *ms_rl_outcome_client(const char *text);
/* lxc always sends the ETag it read; a dry run shows where it goes */
const char *ms_rl_if_match(MsReplayLive *live, const char *etag);
/* the body of lxc storage create, with the op's keys (if any) as config */
JsonNode *ms_rl_pool_create_body(const char *name, const char *driver, const MsOp *op);
/* the journal of @run's changes; NULL in a dry run, which sends nothing */
MsReplayJournal *ms_rl_journal_of(MsRlRun *run);
/* @reply becomes the outcome */
gboolean ms_rl_run_reply(MsRlRun *run, const MsLiveReply *reply);
/* a step that is one request: its reply is the outcome */
gboolean ms_rl_run_call(MsRlRun *run, const char *method, const char *path, JsonNode *body,
                        const char *if_match, gboolean async_endpoint, GError **error);
/* GET /1.0/instances/NAME: the object and its ETag; an LXD error becomes
 * the outcome (and *obj stays NULL) */
gboolean ms_rl_get_instance(MsRlRun *run, const char *name, JsonNode **obj, char **etag, GError **error);
gboolean ms_rl_put_instance(MsRlRun *run, const char *name, JsonObject *put, const char *etag,
                            GError **error);
/* Announces instance @name of @project (NULL: default) before a request
 * may create it. */
gboolean ms_rl_journal_instance(MsRlRun *run, const char *project, const char *name, GError **error);

/* ---- the handlers of the op table outside ms-replay-ops.c ---- */

/* the writable part of an instance (api.InstancePut), as lxc's
 * inst.Writable() sends it back (ms-replay-ops-config.c) */
JsonObject *ms_rl_instance_writable(JsonObject *inst);
gboolean ms_rl_op_config(MsRlRun *run, GError **error);
gboolean ms_rl_op_device(MsRlRun *run, GError **error);
gboolean ms_rl_op_profile_assign(MsRlRun *run, GError **error);
gboolean ms_rl_op_profile(MsRlRun *run, GError **error);
/* ms-replay-ops-cluster.c */
gboolean ms_rl_op_member_config(MsRlRun *run, GError **error);
gboolean ms_rl_op_group_membership(MsRlRun *run, GError **error);
gboolean ms_rl_op_group(MsRlRun *run, GError **error);
gboolean ms_rl_op_group_edit(MsRlRun *run, GError **error);
gboolean ms_rl_op_project_config(MsRlRun *run, GError **error);
gboolean ms_rl_op_project(MsRlRun *run, GError **error);
/* ms-replay-ops-storage.c */
gboolean ms_rl_op_storage(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_set(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_edit(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_restore(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_rename(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_snapshot(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_show(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_list(MsRlRun *run, GError **error);
gboolean ms_rl_op_volume_copy(MsRlRun *run, GError **error);
/* ms-replay-ops-copy.c */
gboolean ms_rl_op_copy(MsRlRun *run, GError **error);
/* ms-replay-ops-network.c */
gboolean ms_rl_op_network(MsRlRun *run, GError **error);

G_END_DECLS
