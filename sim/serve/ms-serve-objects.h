/* migsim serve: what the router (ms-serve-api.c) and the object endpoints
 * (ms-serve-objects.c) share. */
#pragma once

#include "ms-serve-private.h"

G_BEGIN_DECLS

struct _MsServeApi {
    MsCluster *cluster;
    const MsProfile *profile;
    GHashTable *operations; /* id -> JsonNode (the finished operation) */
    GQueue *op_order;       /* ids, oldest first */
    guint64 next_op;
    GHashTable *images; /* fingerprint -> "TYPE ALIAS" of every alias asked for */
    GString *record;    /* nullable: --record */
    char *record_client;
};

typedef struct {
    MsServeApi *api;
    const char *member; /* whose socket received it */
    const char *method;
    char **args; /* the path segments the route's '*' matched */
    GHashTable *query;
    JsonNode *body; /* nullable */
    MsServeReply *reply;
} MsServeReq;

typedef struct {
    const char *method;
    const char *pattern; /* path segments after '/', '*' matches one */
    void (*handler)(MsServeReq *req);
} MsServeRoute;

extern const MsServeRoute ms_serve_object_routes[];
extern const guint ms_serve_n_object_routes;

void ms_serve_sync(MsServeReq *req, JsonNode *metadata);
void ms_serve_error(MsServeReq *req, guint status, const char *text);
/* The rule's text for the release, with its HTTP status. */
void ms_serve_rule_error(MsServeReq *req, MsRuleId rule, const char *arg);
/* A 202 with an operation that is done already (failed when @err). */
void ms_serve_operation(MsServeReq *req, const char *description, const char *resource, const char *name,
                        const char *err);

/* Applies @op as the request's member's lxc would send it. */
MsOutcome *ms_serve_apply(MsServeReq *req, const MsOp *op);
/* The reply for @outcome: @description non-NULL for an async endpoint
 * (an operation on /1.0/RESOURCE/NAME), NULL for a sync one. */
void ms_serve_outcome(MsServeReq *req, const MsOutcome *outcome, const char *description,
                      const char *resource, const char *name);
/* ms_serve_apply, the record (--record) when it passed, and the reply. */
void ms_serve_run(MsServeReq *req, const MsOp *op, const char *description, const char *resource,
                  const char *name);

const char *ms_serve_query(MsServeReq *req, const char *key);
int ms_serve_recursion(MsServeReq *req);
JsonObject *ms_serve_body(MsServeReq *req);
const char *ms_serve_body_string(JsonObject *obj, const char *key);
JsonObject *ms_serve_body_object(JsonObject *obj, const char *key);
gboolean ms_serve_body_bool(JsonObject *obj, const char *key);
gboolean ms_serve_string_map(MsServeReq *req, JsonObject *obj, GHashTable *out);
JsonNode *ms_serve_take(JsonObject *obj);
JsonNode *ms_serve_take_array(JsonArray *array);
/* Keys whose value differs go to @set; keys gone (or "") to @unset
 * (element-type utf8; volatile keys excepted; nullable). */
void ms_serve_diff_config(GHashTable *old, GHashTable *new, MsOp *set, GPtrArray *unset);
/* Applies @ops in order, all or nothing, and replies (see ms_serve_outcome). */
void ms_serve_run_all(MsServeReq *req, GPtrArray *ops, const char *description, const char *resource,
                      const char *name);
void ms_serve_record(MsServeReq *req, const MsOp *op);

G_END_DECLS
