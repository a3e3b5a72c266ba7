/* migsim: what the parts of the live side of `migsim replay` share
 * (ms-replay-live.c: session, requests and read-back; ms-replay-ops*.c: the
 * commands, see ms-replay-ops-private.h; ms-replay-safety.c: pre-flight and
 * journal; ms-replay-cleanup.c: clean-up and recovery;
 * ms-replay-diff.c: the comparison).  Not for use outside sim/live/. */
#pragma once

#include "ms-lxd-map.h"
#include "ms-replay-journal.h"
#include "ms-replay-live.h"

G_BEGIN_DECLS

struct _MsReplayLive {
    MsLxdClient *client;
    char *curl_prefix;        /* "curl -s --unix-socket PATH" */
    char *url_base;           /* "http://lxd" */
    GHashTable *member_map;   /* scenario -> live */
    GHashTable *member_unmap; /* live -> scenario */
    GHashTable *image_map;
    guint timeout_s;
    gboolean dry_run;
    const char *const *fault_command; /* (nullable) borrowed */
    const MsProfile *profile;
    char *server_member; /* the member behind the remote (environment.server_name) */
    GPtrArray *requests; /* curl lines since the last take */

    MsReplayJournal *journal;  /* (nullable) borrowed: where every change is announced */
    GPtrArray *accepted_pools; /* existing pools a `pool` directive accepted */
    GPtrArray *own_instances;  /* the scenario's `lxc init/launch` names (absent before it ran) */
    GPtrArray *own_profiles;
    GPtrArray *own_pools;
    GPtrArray *own_volumes;  /* "POOL/NAME" */
    GPtrArray *own_projects; /* the projects the scenario creates */
    gboolean preflight_done;
    /* the project every request goes to now (NULL: none named, the default
     * project): lxc's client adds ?project= to each of its requests once a
     * project is in use (setQueryAttributes, client/lxd.go at lxd-5.0.2) */
    char *project;
};

/* ---- small helpers (ms-replay-live.c) ---- */

const char *ms_rl_json_string(JsonObject *obj, const char *key);
JsonObject *ms_rl_json_object(JsonObject *obj, const char *key);
/* a copy that shares nothing with @node (json_node_copy() shares objects) */
JsonNode *ms_rl_deep_copy(JsonNode *node);
gboolean ms_rl_contains(GPtrArray *array, const char *name);
void ms_rl_add_unique(GPtrArray *array, const char *name);
/* The strings of the array @obj[@key] (none when absent), @drop left out
 * when @keep_drop is FALSE; *@found says whether @drop was there. */
JsonArray *ms_rl_strings_except(JsonObject *obj, const char *key, const char *drop, gboolean keep_drop,
                                gboolean *found);
char *ms_rl_escape_path(const char *segment);
char *ms_rl_entity_path(const char *collection, const char *name, const char *suffix);
char *ms_rl_with_target(const char *path, const char *target);
void ms_rl_set_op_keys(JsonObject *obj, const MsOp *op);
const char *ms_rl_map_member(MsReplayLive *live, const char *name);
/* An instance or profile as replay's plan and journal name it: NAME in the
 * default project, PROJECT/NAME in another (neither name may hold a slash,
 * lxd/project/project.go and shared/instance.go ValidName at lxd-5.0.2). */
char *ms_rl_qualify(const char *project, const char *name);
/* The name of @qualified; its project (NULL: default) becomes the one
 * requests go to until ms_rl_leave_project. */
const char *ms_rl_enter_project(MsReplayLive *live, const char *qualified);
void ms_rl_leave_project(MsReplayLive *live);
/* lxc project create|set|unset|delete|switch: op->project names the
 * project acted on, not the one the requests go to */
gboolean ms_rl_op_names_project(MsOpKind kind);

/* @path with ?project= (or &project=) of the project requests go to now. */
char *ms_rl_in_project(MsReplayLive *live, const char *path);
const char *ms_rl_unmap_member(MsReplayLive *live, const char *name);

/* ---- requests (ms-replay-live.c) ---- */

typedef struct {
    gboolean failed; /* LXD refused (error envelope or failed operation) */
    guint http_status;
    char *error;        /* LXD's text when failed */
    JsonNode *metadata; /* sync metadata on success */
    char *etag;
} MsLiveReply;

void ms_rl_reply_clear(MsLiveReply *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsLiveReply, ms_rl_reply_clear)

/* One request; waits for the operation when the reply is async.  In a dry
 * run nothing is sent. */
gboolean ms_rl_call(MsReplayLive *live, const char *method, const char *path, JsonNode *body,
                    const char *if_match, gboolean async_endpoint, MsLiveReply *reply, GError **error);
gboolean ms_rl_call_nowait(MsReplayLive *live, const char *method, const char *path, JsonNode *body,
                           MsLiveReply *reply, JsonNode **operation, char **operation_id, GError **error);
gboolean ms_rl_get_object(MsReplayLive *live, const char *path, MsLiveReply *reply, GError **error);
gboolean ms_rl_get_array(MsReplayLive *live, const char *path, MsLiveReply *reply, GError **error);
gboolean ms_rl_instance_state(MsReplayLive *live, const char *name, const char *action, gboolean force,
                              gboolean stateful, MsLiveReply *reply, GError **error);
gboolean ms_rl_member_state(MsReplayLive *live, const char *name, const char *action, const char *mode,
                            MsLiveReply *reply, GError **error);

/* ---- safety (ms-replay-safety.c) ---- */

/* Instances a scenario names (creates or uses); (element-type utf8). */
GPtrArray *ms_rl_scenario_instance_names(const MsScenario *scenario);
gboolean ms_rl_settle(MsReplayLive *live, gboolean running_only, gint64 max_us, GError **error);
gboolean ms_rl_volume_locations(MsReplayLive *live, const char *pool, const char *name, GPtrArray *locations,
                                GError **error);
/* Journals the temporary instances LXD may create while it moves
 * @instance, or (NULL) any instance, e.g. in an evacuation or a restore. */
gboolean ms_rl_journal_moves(MsReplayLive *live, const char *instance, GError **error);

G_END_DECLS
