/* migsim serve: LXD's REST API answered from the model.
 *
 * ms_serve_api_handle() takes one request as the HTTP server received it
 * (which member's socket, method, path, query, body) and answers it as LXD
 * would for the release: a sync reply, an operation (202) or an error in
 * LXD's JSON shape with the status the rule table owns.  Every change goes
 * through ms_cluster_apply() with the op the matching `lxc` command makes,
 * so the model's rules decide.  No I/O here: the HTTP side is ms-serve.c. */
#pragma once

#include <gio/gio.h>

#include "ms-cluster.h"
#include "ms-op.h"

G_BEGIN_DECLS

typedef struct _MsServeApi MsServeApi;

/* Largest request body accepted (LXD has no limit; migsim bounds memory). */
#define MS_SERVE_MAX_BODY ((gsize) 4 * 1024 * 1024)

typedef struct {
    guint status;      /* HTTP status */
    char *body;        /* JSON text */
    char *etag;        /* nullable */
    char *location;    /* nullable: Location header of a created operation */
    GPtrArray *events; /* (element-type utf8) event JSON texts to broadcast */
} MsServeReply;

void ms_serve_reply_clear(MsServeReply *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsServeReply, ms_serve_reply_clear)

/* Takes @cluster. */
MsServeApi *ms_serve_api_new(MsCluster *cluster, const MsProfile *profile);
void ms_serve_api_free(MsServeApi *api);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsServeApi, ms_serve_api_free)

/* Over HTTPS: the trust store (borrowed; POST /1.0/certificates adds to it)
 * and the server certificate's fingerprint, for trust tokens. */
void ms_serve_api_set_tls(MsServeApi *api, GPtrArray *trusted, const char *fingerprint);
/* @member listens on HTTPS at @address ("ADDR:PORT"; core.https_address). */
void ms_serve_api_set_https(MsServeApi *api, const char *member, const char *address);

/* --speed: operations run for the simulated time their ops take
 * (ms-serve-timed.c); without it they are done when created. */
void ms_serve_api_set_timed(MsServeApi *api, gboolean timed);
/* Moves the simulated clock to @now_ms: the operation events due are
 * appended to @events (element-type utf8), the ids of the operations that
 * finished to @finished (nullable). */
void ms_serve_api_advance(MsServeApi *api, guint64 now_ms, GPtrArray *events, GPtrArray *finished);
/* When the next operation event is due; G_MAXUINT64 when none. */
guint64 ms_serve_api_next_ms(const MsServeApi *api);
guint64 ms_serve_api_now_ms(const MsServeApi *api);
gboolean ms_serve_api_operation_running(const MsServeApi *api, const char *id);

/* Every successful change is written here as a scenario line (`lxc ...`). */
void ms_serve_api_set_record(MsServeApi *api, GString *record);
const MsCluster *ms_serve_api_cluster(const MsServeApi *api);

/* One request; @member is the member whose socket received it, @query
 * without '?' (nullable), @body may be NULL. */
void ms_serve_api_handle(MsServeApi *api, const char *member, const char *method, const char *path,
                         const char *query, const char *body, gsize length, MsServeReply *reply);

/* The same request from an HTTPS client whose certificate @peer (nullable)
 * is not trusted (docs/serve.md#https). */
void ms_serve_api_handle_untrusted(MsServeApi *api, const char *member, GTlsCertificate *peer,
                                   const char *method, const char *path, const char *query, const char *body,
                                   gsize length, MsServeReply *reply);

G_END_DECLS
