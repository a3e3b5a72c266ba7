/* SPDX-License-Identifier: Apache-2.0
 *
 * ms-lxd-client: a small synchronous client for LXD's REST API, over the
 * daemon's unix socket or over HTTPS with a client certificate.
 *
 * It owns the transport (libcurl), strict validation of LXD's response
 * envelope and waiting on background operations.  It deliberately knows
 * nothing about instances, pools or members: callers build the paths and
 * bodies, and read the metadata they need.
 *
 * Error model: a GError (domain MS_LXD_ERROR) means the exchange itself
 * failed — nothing reachable, timeout, TLS, or a reply that is not LXD's.
 * An LXD error envelope ("type":"error") or a failed operation is a normal,
 * successful exchange whose outcome carries the server's text, because the
 * simulator compares exactly those texts with its model.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ms-json-lite.h"

G_BEGIN_DECLS

#define MS_LXD_ERROR (ms_lxd_error_quark())

typedef enum {
    MS_LXD_ERROR_UNREACHABLE, /* cannot connect, or connection dropped */
    MS_LXD_ERROR_PROTOCOL,    /* not LXD: malformed JSON, bad envelope, bad HTTP */
    MS_LXD_ERROR_TIMEOUT,     /* request or operation wait ran out of time */
    MS_LXD_ERROR_TLS,         /* handshake or certificate verification failed */
    MS_LXD_ERROR_FAILED,      /* anything else, e.g. an operation that vanished */
    MS_LXD_ERROR_INVALID,     /* bad remote string or TLS settings */
    MS_LXD_ERROR_INTERRUPTED, /* the interrupt flag was raised (Ctrl-C) */
} MsLxdErrorCode;

GQuark ms_lxd_error_quark(void);

/*
 * TLS material for an https:// remote.  All three are file names of PEM
 * files, like lxc's client.crt, client.key and servercerts/REMOTE.crt.
 * server_cert, when set, is the only trust anchor (see ms_lxd_client_new).
 */
typedef struct {
    char *client_cert;
    char *client_key;
    char *server_cert;
    gboolean insecure;
} MsLxdTls;

MsLxdTls *ms_lxd_tls_copy(const MsLxdTls *tls);
void ms_lxd_tls_free(MsLxdTls *tls);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsLxdTls, ms_lxd_tls_free)

typedef struct _MsLxdClient MsLxdClient;

typedef void (*MsLxdLogFunc)(const char *method, const char *path, const char *body, gpointer user_data);

/* The largest reply body a client reads (64 MiB unless set), for every
 * client of the process; a larger one fails with MS_LXD_ERROR_PROTOCOL. */
#define MS_LXD_MAX_BODY ((gsize) 64 * 1024 * 1024)
gsize ms_lxd_max_body(void);
void ms_lxd_set_max_body(gsize size);

MsLxdClient *ms_lxd_client_new(const char *remote, const MsLxdTls *tls, guint timeout_ms, GError **error);
/*
 * A client whose replies come from @fn instead of a server, in-process: the
 * reply parser and import are fuzzed through it (tests/fuzz/).  @fn fills
 * the HTTP status and the body of the reply to METHOD PATH, or returns
 * FALSE for a dropped connection.
 */
typedef gboolean (*MsLxdCannedFunc)(const char *method, const char *path, guint *http_status,
                                    GByteArray *body, gpointer user_data);
MsLxdClient *ms_lxd_client_new_canned(MsLxdCannedFunc fn, gpointer user_data);
void ms_lxd_client_free(MsLxdClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsLxdClient, ms_lxd_client_free)

void ms_lxd_client_set_dry_run(MsLxdClient *client, gboolean dry_run);
void ms_lxd_client_set_log_func(MsLxdClient *client, MsLxdLogFunc fn, gpointer user_data);

/*
 * While *@flag is non-zero, requests in flight are aborted and new ones
 * fail at once with MS_LXD_ERROR_INTERRUPTED; a signal handler may set it.
 * NULL (the default) disables the check, e.g. for clean-up after Ctrl-C.
 */
void ms_lxd_client_set_interrupt_flag(MsLxdClient *client, const volatile gint *flag);

/*
 * One decoded reply.  type is "sync", "async" or "error".  metadata is
 * NULL when the envelope's metadata is absent or JSON null.  operation_id
 * is set for async replies only.  etag is the ETag header verbatim (quotes
 * included), ready to be passed back as if_match; NULL when absent.
 */
typedef struct {
    guint http_status;
    char *type;
    guint status_code;
    guint error_code;
    char *error;
    JsonNode *metadata;
    char *operation_id;
    char *etag;
} MsLxdResponse;

void ms_lxd_response_free(MsLxdResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsLxdResponse, ms_lxd_response_free)

MsLxdResponse *ms_lxd_client_request(MsLxdClient *client, const char *method, const char *path,
                                     JsonNode *body, const char *if_match, GError **error);

gboolean ms_lxd_client_wait(MsLxdClient *client, const char *operation_id, guint total_timeout_s,
                            char **op_error, GError **error);

gboolean ms_lxd_client_do(MsLxdClient *client, const char *method, const char *path, JsonNode *body,
                          const char *if_match, guint op_timeout_s, char **lxd_error, JsonNode **metadata_out,
                          GError **error);

/*
 * GET @path as ms_lxd_client_do() does it (the same request, wait and
 * outcome), its metadata as an MsJsonLite tree: `migsim import` reads
 * replies of hundreds of MiB, which json-glib's tree made most of its time
 * (docs/bench.md).  A plain successful sync reply is read by
 * ms_json_lite_parse() alone; any other (not plain JSON, an error, an
 * async operation, a bad envelope) is read as ms_lxd_client_do() reads it,
 * in its words, and its metadata converted.  On success *@doc_out holds
 * the tree (NULL with *@lxd_error) and *@metadata_out is the metadata,
 * NULL when absent or null.
 */
gboolean ms_lxd_client_get_lite(MsLxdClient *client, const char *path, guint op_timeout_s, char **lxd_error,
                                MsJsonLiteDoc **doc_out, const MsJsonLite **metadata_out, GError **error);

gboolean ms_lxd_client_server_version(MsLxdClient *client, char **version_out, GError **error);

G_END_DECLS
