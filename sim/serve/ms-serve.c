/* migsim serve: the HTTP side on libsoup 3 (ms-serve.h).  Requests go to
 * ms_serve_api_handle(); the events websocket (/1.0/events) gets every
 * operation event the handler produced. */
#include "ms-serve.h"

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "ms-scenario.h"
#include "ms-serve-api.h"
#include "ms-serve-tls.h"

typedef struct _Serve Serve;

typedef struct {
    Serve *serve;
    char *name;
    char *socket_path;
    SoupServer *server;
} Member;

struct _Serve {
    MsServeApi *api;
    GPtrArray *members;   /* (element-type Member) */
    GPtrArray *listeners; /* (element-type SoupWebsocketConnection) */
    GMainLoop *loop;
    GString *record;
    const MsServeOptions *options;
    GTlsCertificate *certificate; /* nullable: no HTTPS listener */
    GPtrArray *trusted;           /* (element-type GTlsCertificate) */
    gint64 start_us;              /* --speed: the wall time simulated time 0 is */
    guint timer;                  /* the next operation event due */
    GPtrArray *waiters;           /* (element-type Waiter) GET /1.0/operations/ID/wait held */
};

/* A wait request held until its operation finishes or its timeout. */
typedef struct {
    Serve *serve;
    Member *member;
    SoupServerMessage *msg;
    char *id;
    guint timeout;
} Waiter;

static void
member_free(Member *member)
{
    if (member->server != NULL) {
        soup_server_disconnect(member->server);
        g_object_unref(member->server);
    }
    if (member->socket_path != NULL)
        g_unlink(member->socket_path);
    g_free(member->name);
    g_free(member->socket_path);
    g_free(member);
}

static void
write_record(Serve *serve)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    if (serve->options->record_path == NULL)
        return;
    text = g_strconcat(serve->options->record_header != NULL ? serve->options->record_header : "",
                       serve->record->str, NULL);
    if (!g_file_set_contents(serve->options->record_path, text, -1, &error))
        g_printerr("migsim: serve: cannot write %s: %s\n", serve->options->record_path, error->message);
}

static void
broadcast(Serve *serve, GPtrArray *events)
{
    for (guint e = 0; events != NULL && e < events->len; e++)
        for (guint i = 0; i < serve->listeners->len; i++) {
            SoupWebsocketConnection *conn = serve->listeners->pdata[i];
            if (soup_websocket_connection_get_state(conn) == SOUP_WEBSOCKET_STATE_OPEN)
                soup_websocket_connection_send_text(conn, events->pdata[e]);
        }
}

/* ---- --speed: the only place wall time becomes simulated time ---- */

static guint64
sim_now_ms(Serve *serve)
{
    if (serve->options->speed <= 0)
        return G_MAXUINT64;
    return (guint64) ((double) (g_get_monotonic_time() - serve->start_us) / 1000.0 * serve->options->speed);
}

/* Answers a held wait with the operation as it is now (lxd/operations.go:
 * 883-901 operationWaitGet at lxd-5.0.2: on timeout, a 200 with the
 * operation still running). */
static void
waiter_answer(Waiter *waiter)
{
    g_auto(MsServeReply) reply = { 0 };
    g_autofree char *path = g_strdup_printf("/1.0/operations/%s", waiter->id);

    ms_serve_api_handle(waiter->serve->api, waiter->member->name, "GET", path, NULL, NULL, 0, &reply);
    soup_server_message_set_status(waiter->msg, reply.status, NULL);
    soup_server_message_set_response(waiter->msg, "application/json", SOUP_MEMORY_COPY, reply.body,
                                     strlen(reply.body));
    soup_server_message_unpause(waiter->msg);
    g_ptr_array_remove(waiter->serve->waiters, waiter);
}

static void
waiter_free(Waiter *waiter)
{
    if (waiter->timeout != 0)
        g_source_remove(waiter->timeout);
    g_signal_handlers_disconnect_by_data(waiter->msg, waiter);
    g_object_unref(waiter->msg);
    g_free(waiter->id);
    g_free(waiter);
}

static gboolean
on_wait_timeout(gpointer data)
{
    Waiter *waiter = data;

    waiter->timeout = 0;
    waiter_answer(waiter);
    return G_SOURCE_REMOVE;
}

static void
on_wait_finished(SoupServerMessage *msg, gpointer data)
{
    Waiter *waiter = data;

    (void) msg;
    g_ptr_array_remove(waiter->serve->waiters, waiter);
}

static void broadcast(Serve *serve, GPtrArray *events);
static void arm_timer(Serve *serve);

/* Brings the simulated clock to now: the events due are sent, and the
 * waits on operations that finished answered. */
static void
advance_clock(Serve *serve)
{
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func(g_free);

    if (serve->options->speed <= 0)
        return;
    ms_serve_api_advance(serve->api, sim_now_ms(serve), events, finished);
    broadcast(serve, events);
    for (guint f = 0; f < finished->len; f++)
        for (guint i = serve->waiters->len; i > 0; i--) {
            Waiter *waiter = serve->waiters->pdata[i - 1];
            if (g_str_equal(waiter->id, finished->pdata[f]))
                waiter_answer(waiter);
        }
    arm_timer(serve);
}

static gboolean
on_timer(gpointer data)
{
    Serve *serve = data;

    serve->timer = 0;
    advance_clock(serve);
    return G_SOURCE_REMOVE;
}

static void
arm_timer(Serve *serve)
{
    guint64 next = ms_serve_api_next_ms(serve->api);
    guint64 now = ms_serve_api_now_ms(serve->api);
    double delay;

    if (serve->timer != 0)
        g_source_remove(serve->timer);
    serve->timer = 0;
    if (next == G_MAXUINT64)
        return;
    delay = next > now ? (double) (next - now) / serve->options->speed : 0;
    serve->timer = g_timeout_add((guint) MIN(delay + 1, (double) G_MAXINT), on_timer, serve);
}

/* GET /1.0/operations/ID/wait[?timeout=S] on a running operation: held. */
static gboolean
hold_wait(Member *member, SoupServerMessage *msg, GHashTable *query)
{
    Serve *serve = member->serve;
    g_auto(GStrv) segs = g_strsplit(g_uri_get_path(soup_server_message_get_uri(msg)), "/", 0);
    const char *timeout = query != NULL ? g_hash_table_lookup(query, "timeout") : NULL;
    gint64 seconds = timeout != NULL && *timeout != '\0' ? g_ascii_strtoll(timeout, NULL, 10) : -1;
    Waiter *waiter;

    if (serve->options->speed <= 0 || !g_str_equal(soup_server_message_get_method(msg), "GET") ||
        g_strv_length(segs) != 5 || !g_str_equal(segs[2], "operations") || !g_str_equal(segs[4], "wait") ||
        !ms_serve_api_operation_running(serve->api, segs[3]) || seconds == 0)
        return FALSE;
    waiter = g_new0(Waiter, 1);
    waiter->serve = serve;
    waiter->member = member;
    waiter->msg = g_object_ref(msg);
    waiter->id = g_strdup(segs[3]);
    if (seconds > 0)
        waiter->timeout = g_timeout_add_seconds((guint) MIN(seconds, G_MAXINT / 2), on_wait_timeout, waiter);
    g_signal_connect(msg, "finished", G_CALLBACK(on_wait_finished), waiter);
    g_ptr_array_add(serve->waiters, waiter);
    soup_server_message_pause(msg);
    return TRUE;
}

static gboolean
is_untrusted(Member *member, SoupServerMessage *msg)
{
    return g_strcmp0(g_uri_get_scheme(soup_server_message_get_uri(msg)), "https") == 0 &&
           !ms_serve_tls_is_trusted(member->serve->trusted,
                                    soup_server_message_get_tls_peer_certificate(msg));
}

static void
on_request(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
    Member *member = data;
    Serve *serve = member->serve;
    GUri *uri = soup_server_message_get_uri(msg);
    SoupMessageBody *body = soup_server_message_get_request_body(msg);
    g_autoptr(GBytes) bytes = NULL;
    g_auto(MsServeReply) reply = { 0 };
    gsize record_len = serve->record->len;
    gsize length = 0;
    const char *data_ptr = NULL;

    (void) server;
    (void) path;
    advance_clock(serve);
    if (!is_untrusted(member, msg) && hold_wait(member, msg, query))
        return;
    if (body != NULL && body->length > 0) {
        bytes = soup_message_body_flatten(body);
        data_ptr = g_bytes_get_data(bytes, &length);
    }
    if (is_untrusted(member, msg))
        ms_serve_api_handle_untrusted(serve->api, member->name,
                                      soup_server_message_get_tls_peer_certificate(msg),
                                      soup_server_message_get_method(msg), g_uri_get_path(uri),
                                      g_uri_get_query(uri), data_ptr, length, &reply);
    else
        ms_serve_api_handle(serve->api, member->name, soup_server_message_get_method(msg),
                            g_uri_get_path(uri), g_uri_get_query(uri), data_ptr, length, &reply);
    if (reply.location != NULL)
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Location",
                                     reply.location);
    if (reply.etag != NULL)
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "ETag", reply.etag);
    soup_server_message_set_status(msg, reply.status, NULL);
    soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_COPY, reply.body,
                                     strlen(reply.body));
    broadcast(serve, reply.events);
    if (serve->options->speed > 0)
        arm_timer(serve);
    if (serve->record->len != record_len)
        write_record(serve);
}

/* An HTTPS request whose client certificate is not trusted is answered
 * here, before any handler (and before a websocket upgrade): LXD checks
 * the certificate against its trust store on every request
 * (lxd/daemon.go:305-316,534 at lxd-5.0.2). */
static void
early_untrusted(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                gpointer data)
{
    Member *member = data;
    GUri *uri = soup_server_message_get_uri(msg);
    g_auto(MsServeReply) reply = { 0 };

    (void) server;
    (void) path;
    (void) query;
    if (!is_untrusted(member, msg))
        return;
    /* the one untrusted request with a body: a trust token spent (on_request) */
    if (g_str_equal(soup_server_message_get_method(msg), "POST") &&
        g_str_equal(g_uri_get_path(uri), "/1.0/certificates"))
        return;
    ms_serve_api_handle_untrusted(member->serve->api, member->name, NULL, soup_server_message_get_method(msg),
                                  g_uri_get_path(uri), g_uri_get_query(uri), NULL, 0, &reply);
    soup_server_message_set_status(msg, reply.status, NULL);
    soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_COPY, reply.body,
                                     strlen(reply.body));
}

/* Any client certificate is accepted in the handshake (LXD asks for one,
 * tls.RequestClientCert, and decides trust per request). */
static gboolean
on_accept_certificate(SoupServerMessage *msg, GTlsCertificate *cert, GTlsCertificateFlags errors,
                      gpointer data)
{
    (void) msg;
    (void) cert;
    (void) errors;
    (void) data;
    return TRUE;
}

/* A request body larger than the limit is refused once its headers are
 * read, before libsoup buffers it. */
static void
on_got_headers(SoupServerMessage *msg, gpointer data)
{
    goffset length = soup_message_headers_get_content_length(soup_server_message_get_request_headers(msg));

    (void) data;
    if (soup_server_message_get_status(msg) != 0)
        return; /* answered already (an untrusted client) */
    if (length > (goffset) MS_SERVE_MAX_BODY) {
        static const char body[] =
            "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\","
            "\"error_code\":413,\"error\":\"Request body too large\",\"metadata\":null}";
        soup_server_message_set_status(msg, 413, NULL);
        soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_STATIC, body, strlen(body));
    }
}

static void
on_request_started(SoupServer *server, SoupServerMessage *msg, gpointer data)
{
    (void) server;
    g_signal_connect(msg, "got-headers", G_CALLBACK(on_got_headers), data);
    g_signal_connect(msg, "accept-certificate", G_CALLBACK(on_accept_certificate), data);
}

static void
on_ws_closed(SoupWebsocketConnection *conn, gpointer data)
{
    Serve *serve = data;

    g_ptr_array_remove(serve->listeners, conn);
}

static void
on_websocket(SoupServer *server, SoupServerMessage *msg, const char *path, SoupWebsocketConnection *conn,
             gpointer data)
{
    Member *member = data;

    (void) server;
    (void) msg;
    (void) path;
    g_ptr_array_add(member->serve->listeners, g_object_ref(conn));
    g_signal_connect(conn, "closed", G_CALLBACK(on_ws_closed), member->serve);
}

static gboolean
on_signal(gpointer data)
{
    g_main_loop_quit(((Serve *) data)->loop);
    return G_SOURCE_CONTINUE;
}

static gboolean
listen_unix(Member *member, const char *path, GError **error)
{
    g_autoptr(GSocket) socket = NULL;
    g_autoptr(GSocketAddress) address = NULL;
    GStatBuf st;

    /* a stale socket of an earlier run is replaced; any other file is not */
    if (g_lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s exists and is not a socket", path);
            return FALSE;
        }
        g_unlink(path);
    }
    socket = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
    if (socket == NULL)
        return FALSE;
    address = g_unix_socket_address_new(path);
    if (!g_socket_bind(socket, address, FALSE, error) || !g_socket_listen(socket, error))
        return FALSE;
    member->socket_path = g_strdup(path);
    /* unix sockets with file permissions, like LXD's (0660) */
    g_chmod(path, 0660);
    return soup_server_listen_socket(member->server, socket, 0, error);
}

/* ADDR:PORT, ADDR an IP literal ([::1]:8443 for IPv6). */
static gboolean
listen_https(Member *member, const char *address, GError **error)
{
    g_autoptr(GSocketConnectable) parsed = g_network_address_parse(address, 8443, error);
    g_autoptr(GInetAddress) ip = NULL;
    g_autoptr(GSocketAddress) socket_address = NULL;

    if (parsed == NULL)
        return FALSE;
    ip = g_inet_address_new_from_string(g_network_address_get_hostname(G_NETWORK_ADDRESS(parsed)));
    if (ip == NULL) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "https://%s: not an IP address", address);
        return FALSE;
    }
    socket_address = g_inet_socket_address_new(ip, g_network_address_get_port(G_NETWORK_ADDRESS(parsed)));
    return soup_server_listen(member->server, socket_address, SOUP_SERVER_LISTEN_HTTPS, error);
}

/* The certificate and the trust store, when a member listens on HTTPS. */
static gboolean
setup_tls(Serve *serve, const MsServeOptions *options, GError **error)
{
    gboolean any = FALSE, created = FALSE;
    g_autofree char *fingerprint = NULL;

    for (guint i = 0; options->https != NULL && i < options->https->len; i++)
        any |= *(const char *) options->https->pdata[i] != '\0';
    if (!any)
        return TRUE;
    serve->certificate = ms_serve_tls_server_cert(options->cert_path, options->key_path, &created, error);
    if (serve->certificate == NULL || !ms_serve_tls_load_trust(options->trust, serve->trusted, error))
        return FALSE;
    fingerprint = ms_serve_tls_fingerprint(serve->certificate);
    ms_serve_api_set_tls(serve->api, serve->trusted, fingerprint);
    printf("certificate %s (%s), fingerprint %s; %u trusted client certificate%s\n", options->cert_path,
           created ? "created" : "loaded", fingerprint, serve->trusted->len,
           serve->trusted->len == 1 ? "" : "s");
    return TRUE;
}

static gboolean
start_member(Serve *serve, const char *name, const char *socket_path, const char *https, GError **error)
{
    Member *member = g_new0(Member, 1);

    member->serve = serve;
    member->name = g_strdup(name);
    member->server = soup_server_new("server-header", "migsim", "tls-certificate",
                                     *https != '\0' ? serve->certificate : NULL, NULL);
    g_ptr_array_add(serve->members, member);
    soup_server_set_tls_auth_mode(member->server, G_TLS_AUTHENTICATION_REQUESTED);
    /* libsoup picks one handler per path: the events path needs its own */
    soup_server_add_early_handler(member->server, NULL, early_untrusted, member, NULL);
    soup_server_add_websocket_handler(member->server, "/1.0/events", NULL, NULL, on_websocket, member, NULL);
    soup_server_add_early_handler(member->server, "/1.0/events", early_untrusted, member, NULL);
    soup_server_add_handler(member->server, NULL, on_request, member, NULL);
    g_signal_connect(member->server, "request-started", G_CALLBACK(on_request_started), member);
    if (*socket_path != '\0') {
        if (!listen_unix(member, socket_path, error))
            return FALSE;
        printf("%s unix:%s\n", name, socket_path);
    }
    if (*https != '\0') {
        if (!listen_https(member, https, error))
            return FALSE;
        ms_serve_api_set_https(serve->api, name, https);
        printf("%s https://%s\n", name, https);
    }
    return TRUE;
}

gboolean
ms_serve_main(MsServeOptions *options, GError **error)
{
    Serve serve = { 0 };
    gboolean ok = TRUE;
    guint sigint, sigterm;

    serve.api = ms_serve_api_new(g_steal_pointer(&options->cluster), options->profile);
    serve.members = g_ptr_array_new_with_free_func((GDestroyNotify) member_free);
    serve.listeners = g_ptr_array_new_with_free_func(g_object_unref);
    serve.loop = g_main_loop_new(NULL, FALSE);
    serve.record = g_string_new(NULL);
    serve.options = options;
    if (options->record_path != NULL)
        ms_serve_api_set_record(serve.api, serve.record);

    serve.trusted = g_ptr_array_new_with_free_func(g_object_unref);
    serve.waiters = g_ptr_array_new_with_free_func((GDestroyNotify) waiter_free);
    serve.start_us = g_get_monotonic_time();
    if (options->speed > 0)
        ms_serve_api_set_timed(serve.api, TRUE);
    ok = setup_tls(&serve, options, error);

    const MsCluster *cluster = ms_serve_api_cluster(serve.api);
    for (guint i = 0; ok && i < cluster->members->len && i < options->sockets->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        const char *path = options->sockets->pdata[i];
        const char *https = options->https != NULL && i < options->https->len ? options->https->pdata[i] : "";

        if (*path != '\0' || *https != '\0')
            ok = start_member(&serve, m->name, path, https, error);
        /* --advertise: the member's address as members list it, served
         * or not (the differential test gives the real cluster's) */
        if (ok && options->advertise != NULL && i < g_strv_length(options->advertise) &&
            *options->advertise[i] != '\0')
            ms_serve_api_set_https(serve.api, m->name, options->advertise[i]);
    }
    if (ok) {
        printf("serving %s (%u members); stop with Ctrl-C\n", options->profile->name, cluster->members->len);
        fflush(stdout);
        sigint = g_unix_signal_add(SIGINT, on_signal, &serve);
        sigterm = g_unix_signal_add(SIGTERM, on_signal, &serve);
        g_main_loop_run(serve.loop);
        g_source_remove(sigint);
        g_source_remove(sigterm);
        write_record(&serve);
    }
    for (guint i = 0; i < serve.listeners->len; i++) {
        g_signal_handlers_disconnect_by_data(serve.listeners->pdata[i], &serve);
        soup_websocket_connection_close(serve.listeners->pdata[i], SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
    if (serve.timer != 0)
        g_source_remove(serve.timer);
    g_ptr_array_unref(serve.waiters);
    g_ptr_array_unref(serve.listeners);
    g_ptr_array_unref(serve.members);
    g_ptr_array_unref(serve.trusted);
    g_clear_object(&serve.certificate);
    g_main_loop_unref(serve.loop);
    g_string_free(serve.record, TRUE);
    ms_serve_api_free(serve.api);
    return ok;
}
