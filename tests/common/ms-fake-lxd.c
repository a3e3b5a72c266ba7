/* SPDX-License-Identifier: Apache-2.0 */
#include "ms-fake-lxd.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef enum {
    MS_FAKE_LXD_SEND,
    MS_FAKE_LXD_DROP,
    MS_FAKE_LXD_HANG,
} MsFakeLxdAction;

struct _MsFakeLxdReply {
    MsFakeLxdAction action;
    guint status;
    char *content_type;
    char *headers; /* "Name: value\r\n" lines, or NULL */
    GBytes *body;
};

typedef struct {
    char *key;
    gboolean prefix; /* the key ended in '*', which is not part of it here */
    MsFakeLxdReply *reply;
    MsFakeLxdFunc func;
    gpointer user_data;
} MsFakeLxdRoute;

struct _MsFakeLxd {
    char *dir;
    char *socket_path;
    int listen_fd;
    GThread *thread;
    gint stop;
    /* Guards everything below: the test thread scripts and inspects while
     * the server thread answers. */
    GMutex lock;
    GPtrArray *routes; /* MsFakeLxdRoute *, first match wins */
    char *default_headers;
    GPtrArray *requests; /* "METHOD PATH", in arrival order */
    GHashTable *last_headers;
    char *last_body;
};

/* A client that hangs up on a hanging server is the end of the exchange;
 * the cap only keeps a broken test from blocking the server for ever. */
#define MS_FAKE_LXD_HANG_MS 5000

/* ---------------------------------------------------------------------- */
/* Replies */

MsFakeLxdReply *
ms_fake_lxd_reply_new(guint status, const char *content_type, const char *body, gssize body_len)
{
    MsFakeLxdReply *reply = g_new0(MsFakeLxdReply, 1);

    reply->action = MS_FAKE_LXD_SEND;
    reply->status = status;
    reply->content_type = g_strdup(content_type);
    reply->body = g_bytes_new(body, body_len < 0 ? strlen(body) : (gsize) body_len);
    return reply;
}

MsFakeLxdReply *
ms_fake_lxd_reply_new_json(guint status, const char *json)
{
    return ms_fake_lxd_reply_new(status, "application/json", json, -1);
}

/* The connection is closed without a single byte of reply. */
MsFakeLxdReply *
ms_fake_lxd_reply_new_drop(void)
{
    MsFakeLxdReply *reply = g_new0(MsFakeLxdReply, 1);

    reply->action = MS_FAKE_LXD_DROP;
    return reply;
}

/* Nothing is sent until the client gives up and closes (a few seconds at
 * most), to exercise the client's own request timeout. */
MsFakeLxdReply *
ms_fake_lxd_reply_new_hang(void)
{
    MsFakeLxdReply *reply = g_new0(MsFakeLxdReply, 1);

    reply->action = MS_FAKE_LXD_HANG;
    return reply;
}

/* @headers: "Name: value\r\n" lines sent with this reply only, after the
 * server's default headers. */
void
ms_fake_lxd_reply_set_headers(MsFakeLxdReply *reply, const char *headers)
{
    g_free(reply->headers);
    reply->headers = g_strdup(headers);
}

void
ms_fake_lxd_reply_free(MsFakeLxdReply *reply)
{
    if (reply == NULL)
        return;
    g_free(reply->content_type);
    g_free(reply->headers);
    g_clear_pointer(&reply->body, g_bytes_unref);
    g_free(reply);
}

static MsFakeLxdReply *
ms_fake_lxd_reply_copy(const MsFakeLxdReply *reply)
{
    MsFakeLxdReply *copy = g_new0(MsFakeLxdReply, 1);

    copy->action = reply->action;
    copy->status = reply->status;
    copy->content_type = g_strdup(reply->content_type);
    copy->headers = g_strdup(reply->headers);
    copy->body = reply->body != NULL ? g_bytes_ref(reply->body) : NULL;
    return copy;
}

static void
ms_fake_lxd_route_free(gpointer data)
{
    MsFakeLxdRoute *route = data;

    g_free(route->key);
    ms_fake_lxd_reply_free(route->reply);
    g_free(route);
}

/* ---------------------------------------------------------------------- */
/* HTTP */

static void
ms_fake_lxd_send_all(int fd, const char *data, gsize len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* the client went away; that is its business */
        data += n;
        len -= (gsize) n;
    }
}

static void
ms_fake_lxd_send(int fd, const MsFakeLxdReply *reply, const char *default_headers)
{
    gsize body_len = 0;
    const char *body = NULL;
    g_autofree char *head = NULL;

    switch (reply->action) {
    case MS_FAKE_LXD_DROP:
        return;
    case MS_FAKE_LXD_HANG: {
        struct pollfd p = { .fd = fd, .events = POLLIN };

        (void) poll(&p, 1, MS_FAKE_LXD_HANG_MS);
        return;
    }
    case MS_FAKE_LXD_SEND:
        break;
    }
    body = g_bytes_get_data(reply->body, &body_len);
    head = g_strdup_printf("HTTP/1.1 %u X\r\nContent-Type: %s\r\n"
                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                           "Connection: close\r\n%s%s\r\n",
                           reply->status, reply->content_type, body_len,
                           default_headers != NULL ? default_headers : "",
                           reply->headers != NULL ? reply->headers : "");
    ms_fake_lxd_send_all(fd, head, strlen(head));
    ms_fake_lxd_send_all(fd, body, body_len);
}

/* Reads one request; FALSE if it is not a plausible HTTP request. */
static gboolean
ms_fake_lxd_read_request(int fd, char **method, char **path, GHashTable *headers, char **body)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) first = NULL;
    const char *end = NULL;
    gsize content_length = 0;
    gsize head_len;
    char chunk[4096];

    while ((end = strstr(buf->str, "\r\n\r\n")) == NULL) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);

        if (n <= 0 || buf->len > 65536)
            return FALSE;
        g_string_append_len(buf, chunk, n);
    }
    head_len = (gsize) (end - buf->str) + 4;
    {
        g_autofree char *head = g_strndup(buf->str, head_len - 4);

        lines = g_strsplit(head, "\r\n", -1);
    }
    first = g_strsplit(lines[0], " ", 3);
    if (g_strv_length(first) != 3)
        return FALSE;
    for (guint i = 1; lines[i] != NULL; i++) {
        char *colon = strchr(lines[i], ':');

        if (colon == NULL)
            continue;
        *colon = '\0';
        g_hash_table_insert(headers, g_ascii_strdown(lines[i], -1), g_strstrip(g_strdup(colon + 1)));
    }
    if (g_hash_table_contains(headers, "content-length"))
        content_length = g_ascii_strtoull(g_hash_table_lookup(headers, "content-length"), NULL, 10);
    while (buf->len < head_len + content_length) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);

        if (n <= 0)
            return FALSE;
        g_string_append_len(buf, chunk, n);
    }
    *method = g_strdup(first[0]);
    *path = g_strdup(first[1]);
    *body = g_strndup(buf->str + head_len, content_length);
    return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Server thread */

static gboolean
ms_fake_lxd_route_matches(const MsFakeLxdRoute *route, const char *key)
{
    return route->prefix ? g_str_has_prefix(key, route->key) : g_str_equal(key, route->key);
}

/* Routes are scanned under the lock but functions are called without it,
 * so that they may script the server themselves; @from says where the scan
 * resumes when a function passes. */
static MsFakeLxdReply *
ms_fake_lxd_answer(MsFakeLxd *fake, const MsFakeLxdRequest *request)
{
    guint from = 0;

    for (;;) {
        MsFakeLxdFunc func = NULL;
        gpointer user_data = NULL;
        MsFakeLxdReply *reply = NULL;

        g_mutex_lock(&fake->lock);
        for (; from < fake->routes->len; from++) {
            MsFakeLxdRoute *route = g_ptr_array_index(fake->routes, from);

            if (!ms_fake_lxd_route_matches(route, request->key))
                continue;
            if (route->reply != NULL)
                reply = ms_fake_lxd_reply_copy(route->reply);
            func = route->func;
            user_data = route->user_data;
            from++;
            break;
        }
        g_mutex_unlock(&fake->lock);

        if (reply != NULL)
            return reply;
        if (func == NULL)
            return ms_fake_lxd_reply_new_json(404, MS_FAKE_LXD_NOT_FOUND);
        reply = func(request, user_data);
        if (reply != NULL)
            return reply;
    }
}

static void
ms_fake_lxd_handle(MsFakeLxd *fake, int fd)
{
    g_autoptr(GHashTable) headers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autofree char *method = NULL, *path = NULL, *body = NULL;
    g_autofree char *key = NULL, *default_headers = NULL;
    g_autoptr(MsFakeLxdReply) reply = NULL;
    MsFakeLxdRequest request;

    if (!ms_fake_lxd_read_request(fd, &method, &path, headers, &body))
        return;
    key = g_strdup_printf("%s %s", method, path);
    request = (MsFakeLxdRequest){
        .method = method,
        .path = path,
        .key = key,
        .headers = headers,
        .body = body,
    };

    g_mutex_lock(&fake->lock);
    g_ptr_array_add(fake->requests, g_strdup(key));
    g_clear_pointer(&fake->last_headers, g_hash_table_unref);
    fake->last_headers = g_hash_table_ref(headers);
    g_free(fake->last_body);
    fake->last_body = g_strdup(body);
    default_headers = g_strdup(fake->default_headers);
    g_mutex_unlock(&fake->lock);

    reply = ms_fake_lxd_answer(fake, &request);
    ms_fake_lxd_send(fd, reply, default_headers);
}

static gpointer
ms_fake_lxd_thread(gpointer data)
{
    MsFakeLxd *fake = data;

    while (!g_atomic_int_get(&fake->stop)) {
        struct pollfd p = { .fd = fake->listen_fd, .events = POLLIN };
        int fd;

        if (poll(&p, 1, 50) <= 0)
            continue;
        fd = accept(fake->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        ms_fake_lxd_handle(fake, fd);
        close(fd);
    }
    return NULL;
}

/* ---------------------------------------------------------------------- */
/* Life cycle */

/* Starts a fake with no routes, listening in a new directory made from
 * @tmp_template (as for g_dir_make_tmp()).  Tests may put scratch files in
 * that directory: ms_fake_lxd_free() removes it with its files. */
MsFakeLxd *
ms_fake_lxd_new(const char *tmp_template)
{
    g_autoptr(GError) error = NULL;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    MsFakeLxd *fake = g_new0(MsFakeLxd, 1);

    fake->dir = g_dir_make_tmp(tmp_template, &error);
    g_assert_no_error(error);
    fake->socket_path = g_build_filename(fake->dir, "unix.socket", NULL);
    g_assert_cmpuint(strlen(fake->socket_path), <, sizeof addr.sun_path);
    strcpy(addr.sun_path, fake->socket_path);

    fake->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(fake->listen_fd, >=, 0);
    g_assert_cmpint(bind(fake->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
    g_assert_cmpint(listen(fake->listen_fd, 16), ==, 0);

    g_mutex_init(&fake->lock);
    fake->routes = g_ptr_array_new_with_free_func(ms_fake_lxd_route_free);
    fake->requests = g_ptr_array_new_with_free_func(g_free);
    fake->thread = g_thread_new("fake-lxd", ms_fake_lxd_thread, fake);
    return fake;
}

void
ms_fake_lxd_free(MsFakeLxd *fake)
{
    g_autoptr(GDir) dir = NULL;
    const char *name;

    if (fake == NULL)
        return;
    g_atomic_int_set(&fake->stop, 1);
    g_thread_join(fake->thread);
    close(fake->listen_fd);

    dir = g_dir_open(fake->dir, 0, NULL);
    while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
        g_autofree char *file = g_build_filename(fake->dir, name, NULL);

        g_unlink(file);
    }
    g_rmdir(fake->dir);

    g_ptr_array_unref(fake->routes);
    g_ptr_array_unref(fake->requests);
    g_clear_pointer(&fake->last_headers, g_hash_table_unref);
    g_mutex_clear(&fake->lock);
    g_free(fake->default_headers);
    g_free(fake->last_body);
    g_free(fake->socket_path);
    g_free(fake->dir);
    g_free(fake);
}

const char *
ms_fake_lxd_get_dir(MsFakeLxd *fake)
{
    return fake->dir;
}

const char *
ms_fake_lxd_get_socket_path(MsFakeLxd *fake)
{
    return fake->socket_path;
}

/* The --remote that reaches this fake: "unix:PATH". */
char *
ms_fake_lxd_dup_remote(MsFakeLxd *fake)
{
    return g_strconcat("unix:", fake->socket_path, NULL);
}

/* ---------------------------------------------------------------------- */
/* Scripting */

/* @headers: "Name: value\r\n" lines sent with every reply from now on. */
void
ms_fake_lxd_set_default_headers(MsFakeLxd *fake, const char *headers)
{
    g_mutex_lock(&fake->lock);
    g_free(fake->default_headers);
    fake->default_headers = g_strdup(headers);
    g_mutex_unlock(&fake->lock);
}

static void
ms_fake_lxd_add_route(MsFakeLxd *fake, const char *key, MsFakeLxdReply *reply, MsFakeLxdFunc func,
                      gpointer user_data)
{
    g_autofree char *plain = g_strdup(key);
    gsize len = strlen(plain);
    gboolean prefix = len > 0 && plain[len - 1] == '*';
    MsFakeLxdRoute *route = NULL;

    if (prefix)
        plain[len - 1] = '\0';

    g_mutex_lock(&fake->lock);
    for (guint i = 0; i < fake->routes->len && route == NULL; i++) {
        MsFakeLxdRoute *old = g_ptr_array_index(fake->routes, i);

        if (old->prefix == prefix && g_str_equal(old->key, plain))
            route = old;
    }
    if (route == NULL) {
        route = g_new0(MsFakeLxdRoute, 1);
        route->key = g_steal_pointer(&plain);
        route->prefix = prefix;
        g_ptr_array_add(fake->routes, route);
    }
    ms_fake_lxd_reply_free(route->reply);
    route->reply = reply;
    route->func = func;
    route->user_data = user_data;
    g_mutex_unlock(&fake->lock);
}

/* Answers requests matching @key with @reply (taken) from now on. */
void
ms_fake_lxd_add(MsFakeLxd *fake, const char *key, MsFakeLxdReply *reply)
{
    g_return_if_fail(reply != NULL);
    ms_fake_lxd_add_route(fake, key, reply, NULL, NULL);
}

void
ms_fake_lxd_add_json(MsFakeLxd *fake, const char *key, guint status, const char *json)
{
    ms_fake_lxd_add(fake, key, ms_fake_lxd_reply_new_json(status, json));
}

/* Answers requests matching @key with what @func computes, for replies
 * that depend on what came before (an instance that exists once created). */
void
ms_fake_lxd_add_func(MsFakeLxd *fake, const char *key, MsFakeLxdFunc func, gpointer user_data)
{
    g_return_if_fail(func != NULL);
    ms_fake_lxd_add_route(fake, key, NULL, func, user_data);
}

/* ---------------------------------------------------------------------- */
/* Inspection */

guint
ms_fake_lxd_request_count(MsFakeLxd *fake)
{
    guint n;

    g_mutex_lock(&fake->lock);
    n = fake->requests->len;
    g_mutex_unlock(&fake->lock);
    return n;
}

static gboolean
ms_fake_lxd_find(MsFakeLxd *fake, const char *key, gboolean prefix)
{
    gboolean found = FALSE;

    g_mutex_lock(&fake->lock);
    for (guint i = 0; i < fake->requests->len && !found; i++) {
        const char *seen = g_ptr_array_index(fake->requests, i);

        found = prefix ? g_str_has_prefix(seen, key) : g_str_equal(seen, key);
    }
    g_mutex_unlock(&fake->lock);
    return found;
}

/* Whether a request "METHOD PATH" equal to @key has arrived. */
gboolean
ms_fake_lxd_saw(MsFakeLxd *fake, const char *key)
{
    return ms_fake_lxd_find(fake, key, FALSE);
}

gboolean
ms_fake_lxd_saw_prefix(MsFakeLxd *fake, const char *prefix)
{
    return ms_fake_lxd_find(fake, prefix, TRUE);
}

/* A copy of the requests so far, "METHOD PATH" in arrival order. */
GPtrArray *
ms_fake_lxd_dup_requests(MsFakeLxd *fake)
{
    g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func(g_free);

    g_mutex_lock(&fake->lock);
    for (guint i = 0; i < fake->requests->len; i++)
        g_ptr_array_add(copy, g_strdup(g_ptr_array_index(fake->requests, i)));
    g_mutex_unlock(&fake->lock);
    return g_steal_pointer(&copy);
}

/* Header @name (lower case) of the last request, or NULL. */
char *
ms_fake_lxd_dup_last_header(MsFakeLxd *fake, const char *name)
{
    char *value = NULL;

    g_mutex_lock(&fake->lock);
    if (fake->last_headers != NULL)
        value = g_strdup(g_hash_table_lookup(fake->last_headers, name));
    g_mutex_unlock(&fake->lock);
    return value;
}

char *
ms_fake_lxd_dup_last_body(MsFakeLxd *fake)
{
    char *body;

    g_mutex_lock(&fake->lock);
    body = g_strdup(fake->last_body);
    g_mutex_unlock(&fake->lock);
    return body;
}
