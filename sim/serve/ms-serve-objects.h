/* migsim serve: what the router (ms-serve-api.c) and the endpoints share:
 * /1.0 and the cluster (ms-serve-cluster.c), instances (ms-serve-objects.c),
 * snapshots (ms-serve-snapshots.c), profiles, storage and images
 * (ms-serve-profiles.c, ms-serve-storage.c, ms-serve-images.c). */
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
    GPtrArray *trusted; /* nullable, borrowed: the HTTPS trust store (element-type GTlsCertificate) */
    char *fingerprint;  /* nullable: the server certificate's */
    GHashTable *https;  /* member -> its HTTPS "ADDR:PORT" */
    gboolean timed;     /* --speed: operations take their simulated time (ms-serve-timed.c) */
    guint64 now_ms;     /* the simulated clock */
    GPtrArray *pending; /* the operations still running */
    /* The last applied op's answer and the others LXD may give (Go map
     * order, MsOutcome.alternatives): GET /migsim/last-outcome */
    JsonNode *last_outcome;
};

typedef struct _MsServeSteps MsServeSteps;
void ms_serve_steps_free(MsServeSteps *steps);

typedef struct {
    MsServeApi *api;
    const char *member; /* whose socket received it */
    const char *method;
    char **args; /* the path segments the route's '*' matched */
    GHashTable *query;
    JsonNode *body; /* nullable */
    MsServeReply *reply;
    MsServeSteps *steps; /* nullable: the simulated time the ops took (--speed) */
} MsServeReq;

typedef struct {
    const char *method;
    const char *pattern; /* path segments after '/', '*' matches one */
    void (*handler)(MsServeReq *req);
} MsServeRoute;

/* One concern's routes; the router tries the tables in turn. */
typedef struct {
    const MsServeRoute *routes;
    guint n;
} MsServeRoutes;

extern const MsServeRoutes ms_serve_cluster_routes;
extern const MsServeRoutes ms_serve_instance_routes;
extern const MsServeRoutes ms_serve_profile_routes;
extern const MsServeRoutes ms_serve_snapshot_routes;
extern const MsServeRoutes ms_serve_storage_routes;
extern const MsServeRoutes ms_serve_image_routes;
extern const MsServeRoutes ms_serve_trust_routes;
extern const MsServeRoutes ms_serve_operation_routes;

/* POST /1.0/instances with source type "copy": lxc copy (ms-serve-copy.c). */
void ms_serve_instances_copy(MsServeReq *req, JsonObject *body);

/* POST /1.0/certificates from a client whose certificate @peer (nullable)
 * is not trusted: a trust token spent (ms-serve-trust.c). */
void ms_serve_certificates_untrusted(MsServeReq *req, GTlsCertificate *peer);

/* The part of GET /1.0 every client sees; @auth "trusted" or "untrusted". */
void ms_serve_untrusted_fields(JsonObject *obj, const MsProfile *profile, const char *auth);

/* @obj (taken) as the reply's JSON body with @status (ms-serve-api.c). */
void ms_serve_set_body(MsServeReply *reply, guint status, JsonObject *obj);
void ms_serve_sync(MsServeReq *req, JsonNode *metadata);
void ms_serve_error(MsServeReq *req, guint status, const char *text);
/* The rule's text for the release, with its HTTP status. */
void ms_serve_rule_error(MsServeReq *req, MsRuleId rule, const char *arg);
/* A 202 with a token operation (class "token") that stays running until a
 * client spends it; @metadata taken. */
void ms_serve_token_operation(MsServeReq *req, const char *description, JsonObject *metadata);
/* A 202 with an operation that is done already (failed when @err). */
void ms_serve_operation(MsServeReq *req, const char *description, const char *resource, const char *name,
                        const char *err);
/* A successful operation that ran on @location (a request LXD forwards to
 * an instance's member) with @resources (taken: name -> array of URLs). */
/* [ "/1.0/KIND/NAME" ], an operation's resource list (new). */
JsonArray *ms_serve_url_array(const char *kind, const char *name);
void ms_serve_operation_at(MsServeReq *req, const char *location, const char *description,
                           JsonObject *resources);

/* --speed (ms-serve-timed.c): the time @op took goes on the request's
 * schedule; an operation done after it is kept running until then
 * (FALSE: at once; @done not taken). */
void ms_serve_timed_schedule(MsServeReq *req, const MsOp *op, const MsOutcome *outcome);
gboolean ms_serve_timed_defer(MsServeReq *req, const char *id, JsonObject *done);
/* An event of the events websocket: operation @metadata (taken) on @member. */
char *ms_serve_event_text(const char *member, JsonObject *metadata);

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
/* FALSE, with a 400 "not modelled" reply, when the body LXD decodes into
 * a struct is not an object or one of @keys (pairs of a name and
 * G_TYPE_STRING, G_TYPE_BOOLEAN or JSON_TYPE_OBJECT, NULL-terminated)
 * holds another type:
 * Go's encoding/json refuses it with a text migsim does not write. */
gboolean ms_serve_body_decodes(MsServeReq *req, ...) G_GNUC_NULL_TERMINATED;
gboolean ms_serve_string_map(MsServeReq *req, JsonObject *obj, GHashTable *out);
/* A node holding @obj, or @array when @obj is NULL (taken). */
JsonNode *ms_serve_take_node(JsonObject *obj, JsonArray *array);
#define ms_serve_take(obj) ms_serve_take_node((obj), NULL)
#define ms_serve_take_array(array) ms_serve_take_node(NULL, (array))
/* Keys whose value differs go to @set; keys gone (or "") to @unset
 * (element-type utf8; volatile keys excepted; nullable). */
void ms_serve_diff_config(GHashTable *old, GHashTable *new, MsOp *set, GPtrArray *unset);
void ms_serve_device_empty_keys(GHashTable *old, GHashTable *new, GPtrArray *unset);
/* Applies @ops in order, all or nothing, and replies (see ms_serve_outcome). */
void ms_serve_run_all(MsServeReq *req, GPtrArray *ops, const char *description, const char *resource,
                      const char *name);
void ms_serve_record(MsServeReq *req, const MsOp *op);

/* ?target=MEMBER or ?target=@GROUP of the request, on @op. */
void ms_serve_set_target(MsServeReq *req, MsOp *op);
/* "not modelled for RELEASE: @what" (free it). */
char *ms_serve_not_modelled(MsServeReq *req, const char *what);
/* An empty string -> string table. */
GHashTable *ms_serve_string_table(void);
/* @config's keys in sorted order as key=value on @op, but @except (nullable). */
void ms_serve_add_config(MsOp *op, GHashTable *config, const char *except);
/* One op of @kind per key of @keys (key=""), on @instance, @profile and
 * @pool (each nullable). */
void ms_serve_add_unsets(GPtrArray *ops, MsOpKind kind, const char *instance, const char *profile,
                         const char *pool, GPtrArray *keys);

G_END_DECLS
