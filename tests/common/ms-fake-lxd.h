/* SPDX-License-Identifier: Apache-2.0
 *
 * A fake LXD for tests: a small HTTP/1.1 server on a unix socket in a
 * temporary directory, served from a thread, one connection at a time,
 * each closed after one reply (as libcurl is told by "Connection: close").
 *
 * What it answers is scripted per "METHOD PATH" key (see
 * ms_fake_lxd_add()); a key ending in '*' matches every request that
 * starts with what comes before it.  Routes are tried in the order they
 * were first added; adding a key again replaces its reply in place, so a
 * test can make the server misbehave for a while and then restore it.
 * A request no route answers gets a 404 LXD error envelope.
 *
 * The misbehaviours a real daemon (or the network) can show are replies
 * like any other: malformed JSON and an HTTP 500 without an envelope are
 * bodies (ms_fake_lxd_reply_new()), a never-ending operation is an async
 * reply whose /wait keeps saying "Running", and a dropped connection or a
 * server that never answers are ms_fake_lxd_reply_new_drop() and
 * ms_fake_lxd_reply_new_hang().
 *
 * Every request is recorded as "METHOD PATH" in arrival order, so tests can
 * prove what a client sent (or did not send).
 *
 * The constructor and the accessors g_assert on failure: this is test code,
 * and a fake that cannot listen is a broken test, not a recoverable error.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A sync LXD envelope around @meta, a JSON string literal. */
/* clang-format off */
#define MS_FAKE_LXD_SYNC(meta)                                                       \
    "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"operation\":\"\"," \
    "\"error_code\":0,\"error\":\"\",\"metadata\":" meta "}"

/* An LXD error envelope; @code and @text are string literals. */
#define MS_FAKE_LXD_ERROR(code, text)                                                \
    "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\","           \
    "\"error_code\":" code ",\"error\":\"" text "\",\"metadata\":null}"
/* clang-format on */

/* A background operation @id (a string literal) just started; the
 * operation URL carries ?project= as on a real 5.0.2 daemon. */
/* clang-format off */
#define MS_FAKE_LXD_ASYNC(id)                                                        \
    "{\"type\":\"async\",\"status\":\"Operation created\",\"status_code\":100,"      \
    "\"operation\":\"/1.0/operations/" id "?project=default\",\"error_code\":0,"     \
    "\"error\":\"\",\"metadata\":{\"id\":\"" id "\",\"class\":\"task\","             \
    "\"status\":\"Running\",\"status_code\":103,\"err\":\"\"}}"

/* What a real daemon answers for a path it does not know. */
#define MS_FAKE_LXD_NOT_FOUND "{\"type\":\"error\",\"error_code\":404,\"error\":\"not found\"}"

/* A well-formed sync reply to GET /1.0 from something that is not LXD. */
#define MS_FAKE_LXD_NOT_LXD "{\"type\":\"sync\",\"status_code\":200,\"metadata\":{\"hello\":\"world\"}}"

/* Half a JSON document: the reply of a daemon that died mid-write. */
#define MS_FAKE_LXD_MALFORMED "{\"type\":\"sync\",\"metadata\":"
/* clang-format on */

typedef struct _MsFakeLxd MsFakeLxd;
typedef struct _MsFakeLxdReply MsFakeLxdReply;

typedef struct {
    const char *method;
    const char *path;
    const char *key;     /* "METHOD PATH" */
    GHashTable *headers; /* lower-case name -> value, both char * */
    const char *body;    /* "" when there was none */
} MsFakeLxdRequest;

/* Computes the reply to @request in the server thread; NULL passes the
 * request on to the next route. */
typedef MsFakeLxdReply *(*MsFakeLxdFunc)(const MsFakeLxdRequest *request, gpointer user_data);

MsFakeLxdReply *ms_fake_lxd_reply_new(guint status, const char *content_type, const char *body,
                                      gssize body_len);
MsFakeLxdReply *ms_fake_lxd_reply_new_json(guint status, const char *json);
MsFakeLxdReply *ms_fake_lxd_reply_new_drop(void);
MsFakeLxdReply *ms_fake_lxd_reply_new_hang(void);
void ms_fake_lxd_reply_set_headers(MsFakeLxdReply *reply, const char *headers);
void ms_fake_lxd_reply_free(MsFakeLxdReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsFakeLxdReply, ms_fake_lxd_reply_free)

MsFakeLxd *ms_fake_lxd_new(const char *tmp_template);
void ms_fake_lxd_free(MsFakeLxd *fake);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsFakeLxd, ms_fake_lxd_free)

const char *ms_fake_lxd_get_dir(MsFakeLxd *fake);
const char *ms_fake_lxd_get_socket_path(MsFakeLxd *fake);
char *ms_fake_lxd_dup_remote(MsFakeLxd *fake);

void ms_fake_lxd_set_default_headers(MsFakeLxd *fake, const char *headers);
void ms_fake_lxd_add(MsFakeLxd *fake, const char *key, MsFakeLxdReply *reply);
void ms_fake_lxd_add_json(MsFakeLxd *fake, const char *key, guint status, const char *json);
void ms_fake_lxd_add_func(MsFakeLxd *fake, const char *key, MsFakeLxdFunc func, gpointer user_data);

guint ms_fake_lxd_request_count(MsFakeLxd *fake);
gboolean ms_fake_lxd_saw(MsFakeLxd *fake, const char *key);
gboolean ms_fake_lxd_saw_prefix(MsFakeLxd *fake, const char *prefix);
GPtrArray *ms_fake_lxd_dup_requests(MsFakeLxd *fake);
char *ms_fake_lxd_dup_last_header(MsFakeLxd *fake, const char *name);
char *ms_fake_lxd_dup_last_body(MsFakeLxd *fake);

G_END_DECLS
