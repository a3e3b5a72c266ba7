/* migsim: what the parts of the LXD REST client share (ms-lxd-client.c:
 * the handle and one request; ms-lxd-envelope.c: the reply's envelope;
 * ms-lxd-operations.c: operations and the server probe).  Not for use
 * outside sim/live/. */
#pragma once

#include "ms-lxd-client.h"

#include <curl/curl.h>

#include "ms-json-lite.h"

G_BEGIN_DECLS

/* Server-side wait per /wait request.  Long enough to avoid hammering a
 * busy daemon, short enough that a dead one is noticed by the request
 * timeout that is layered on top. */
#define MS_LXD_WAIT_SLICE_S 30

/* A wait that comes back "still running" much earlier than asked for means
 * the server does not honour ?timeout= (or it is not a wait at all, see
 * pitfall P8); pause before asking again instead of spinning. */
#define MS_LXD_EARLY_POLL_PAUSE_US (100 * 1000)

struct _MsLxdClient {
    char *remote;
    char *base_url;
    char *socket_path; /* NULL for https:// remotes */
    MsLxdTls *tls;     /* NULL for unix: remotes or when none was given */
    guint timeout_ms;
    gboolean dry_run;
    MsLxdLogFunc log_func;
    gpointer log_data;
    const volatile gint *interrupt_flag;
    CURL *curl;
    MsLxdCannedFunc canned; /* replies without a server (fuzzing) */
    gpointer canned_data;
};

typedef struct {
    GByteArray *body;
    gboolean too_large;
    char *etag;
    guint http_status;
} MsLxdTransfer;

void ms_lxd_transfer_clear(MsLxdTransfer *xfer);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsLxdTransfer, ms_lxd_transfer_clear)

/* ---- ms-lxd-envelope.c ---- */

/* Members of a reply, read defensively: a member of the wrong type is an
 * error, an absent one leaves *@out NULL (0). */
gboolean ms_lxd_get_string(JsonObject *obj, const char *name, char **out, GError **error);
gboolean ms_lxd_get_uint(JsonObject *obj, const char *name, guint *out, GError **error);
gboolean ms_lxd_operation_id_is_valid(const char *id);
/* The validated envelope of one exchange's reply. */
MsLxdResponse *ms_lxd_response_parse(const char *method, const char *path, MsLxdTransfer *xfer,
                                     GError **error);
/* (transfer full) the tree of @xfer's reply when it is a plain successful
 * sync reply that ms_lxd_response_parse() would take as it is, with
 * *@metadata its metadata (NULL: absent or null); NULL for any other
 * reply, which ms_lxd_response_parse() then judges and words. */
MsJsonLiteDoc *ms_lxd_sync_reply_lite(const MsLxdTransfer *xfer, const MsJsonLite **metadata);

/* ---- ms-lxd-client.c ---- */

/* The reply to one request (from the wire, or canned) in @xfer; FALSE with
 * @error when there is none.  Not for dry runs; the caller logs. */
gboolean ms_lxd_client_transfer(MsLxdClient *client, const char *method, const char *path,
                                const char *body_text, const char *if_match, guint timeout_ms,
                                MsLxdTransfer *xfer, GError **error);
MsLxdResponse *ms_lxd_client_request_full(MsLxdClient *client, const char *method, const char *path,
                                          JsonNode *body, const char *if_match, guint timeout_ms,
                                          GError **error);

G_END_DECLS
