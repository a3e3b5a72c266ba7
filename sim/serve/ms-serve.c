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
};

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
    (void) query;
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
    ok = setup_tls(&serve, options, error);

    const MsCluster *cluster = ms_serve_api_cluster(serve.api);
    for (guint i = 0; ok && i < cluster->members->len && i < options->sockets->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        const char *path = options->sockets->pdata[i];
        const char *https = options->https != NULL && i < options->https->len ? options->https->pdata[i] : "";

        if (*path != '\0' || *https != '\0')
            ok = start_member(&serve, m->name, path, https, error);
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
    g_ptr_array_unref(serve.listeners);
    g_ptr_array_unref(serve.members);
    g_ptr_array_unref(serve.trusted);
    g_clear_object(&serve.certificate);
    g_main_loop_unref(serve.loop);
    g_string_free(serve.record, TRUE);
    ms_serve_api_free(serve.api);
    return ok;
}
