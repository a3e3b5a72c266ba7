/* SPDX-License-Identifier: Apache-2.0
 *
 * ms-lxd-client: LXD REST client over libcurl (see ms-lxd-client.h).
 *
 * Owns: the curl easy handle, request timeouts, the response size limit,
 * strict envelope validation (ms-lxd-envelope.c) and the operation wait
 * loop (ms-lxd-operations.c).  Does not own:
 * any knowledge of LXD objects, retries (a replayed scenario must see every
 * failure), or concurrency (one client = one handle = one thread).
 */
#include "ms-lxd-client-private.h"

#include <string.h>
#include <sys/un.h>

#include <curl/curl.h>

#ifndef MS_VERSION_STRING
#define MS_VERSION_STRING "dev"
#endif

/* The cap only exists so a hostile peer cannot eat our memory; a
 * recursion=1 listing of 100,000 instances is about 100 MiB, so a user can
 * raise it (ms_lxd_set_max_body, `--max-reply-size`).  Set before any
 * request is made, so read without a lock. */
static gsize max_body = MS_LXD_MAX_BODY;

gsize
ms_lxd_max_body(void)
{
    return max_body;
}

void
ms_lxd_set_max_body(gsize size)
{
    max_body = size;
}

/* "exceeds 64 MiB, the limit for replies; ..." */
static void
body_too_large(GError **error, const char *method, const char *path)
{
    g_autofree char *limit = max_body % (1024 * 1024) == 0
                                 ? g_strdup_printf("%" G_GSIZE_FORMAT " MiB", max_body / (1024 * 1024))
                                 : g_strdup_printf("%" G_GSIZE_FORMAT " bytes", max_body);

    g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL,
                "%s %s: reply body exceeds %s, the limit for replies; --max-reply-size SIZE raises it",
                method, path, limit);
}

/* A connect to a local socket or a LAN address either succeeds at once or
 * not at all; the overall per-request timeout still bounds the whole call. */
#define MS_LXD_CONNECT_TIMEOUT_MS 10000

/* clang-format off */
G_DEFINE_QUARK(ms-lxd-error-quark, ms_lxd_error)
/* clang-format on */

typedef struct curl_slist MsCurlSlist;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsCurlSlist, curl_slist_free_all)

void
ms_lxd_transfer_clear(MsLxdTransfer *xfer)
{
    g_clear_pointer(&xfer->body, g_byte_array_unref);
    g_clear_pointer(&xfer->etag, g_free);
}

/* ---------------------------------------------------------------------- */
/* Small value types */

MsLxdTls *
ms_lxd_tls_copy(const MsLxdTls *tls)
{
    MsLxdTls *copy;

    if (tls == NULL)
        return NULL;
    copy = g_new0(MsLxdTls, 1);
    copy->client_cert = g_strdup(tls->client_cert);
    copy->client_key = g_strdup(tls->client_key);
    copy->server_cert = g_strdup(tls->server_cert);
    copy->insecure = tls->insecure;
    return copy;
}

void
ms_lxd_tls_free(MsLxdTls *tls)
{
    if (tls == NULL)
        return;
    g_free(tls->client_cert);
    g_free(tls->client_key);
    g_free(tls->server_cert);
    g_free(tls);
}

void
ms_lxd_response_free(MsLxdResponse *response)
{
    if (response == NULL)
        return;
    g_free(response->type);
    g_free(response->error);
    g_clear_pointer(&response->metadata, json_node_unref);
    g_free(response->operation_id);
    g_free(response->etag);
    g_free(response);
}

/* ---------------------------------------------------------------------- */
/* Construction */

static gboolean
ms_lxd_curl_global_init(GError **error)
{
    static gsize inited = 0;
    static CURLcode result = CURLE_OK;

    /* curl_global_init is not thread-safe and must run once per process */
    if (g_once_init_enter(&inited)) {
        result = curl_global_init(CURL_GLOBAL_DEFAULT);
        g_once_init_leave(&inited, 1);
    }
    if (result != CURLE_OK) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "cannot initialise libcurl: %s",
                    curl_easy_strerror(result));
        return FALSE;
    }
    return TRUE;
}

static gboolean
ms_lxd_check_readable(const char *what, const char *file, GError **error)
{
    if (file != NULL && !g_file_test(file, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "%s '%s' is not a readable file", what, file);
        return FALSE;
    }
    return TRUE;
}

/**
 * ms_lxd_client_new:
 * @remote: "unix:/path/to/unix.socket" (also "unix:///path") or
 *   "https://host:port"
 * @tls: (nullable): certificates for https remotes; ignored for unix ones
 * @timeout_ms: upper bound for every single request, > 0
 * @error: MS_LXD_ERROR_INVALID for a bad remote or unreadable files
 *
 * TLS trust follows what `lxc remote add` sets up: on first contact lxc
 * shows the fingerprint of the server's self-signed certificate, stores
 * that certificate as servercerts/REMOTE.crt, and from then on trusts that
 * certificate alone (it becomes the only root CA), while the host name is
 * checked against the certificate's own first DNS name, i.e. effectively
 * not against the address dialled.  LXD certificates name the host
 * ("root@host"), never the 127.0.0.N or LAN address a cluster member is
 * reached on, so a host name check would always fail.  We therefore keep
 * peer verification on with @server_cert as the only CA and turn the name
 * check off: the same trust decision as lxc, no weaker.  Without
 * @server_cert the system CA store and a normal host name check apply (a
 * server behind a real certificate).  Only @tls->insecure disables
 * verification, and only when set explicitly.
 *
 * Returns: (transfer full): a client; not thread-safe, use one per thread
 */
MsLxdClient *
ms_lxd_client_new(const char *remote, const MsLxdTls *tls, guint timeout_ms, GError **error)
{
    g_autoptr(MsLxdClient) client = NULL;

    g_return_val_if_fail(remote != NULL, NULL);
    g_return_val_if_fail(timeout_ms > 0, NULL);
    g_return_val_if_fail(error == NULL || *error == NULL, NULL);

    if (!ms_lxd_curl_global_init(error))
        return NULL;

    client = g_new0(MsLxdClient, 1);
    client->remote = g_strdup(remote);
    client->timeout_ms = timeout_ms;

    if (g_str_has_prefix(remote, "unix:")) {
        const char *path = remote + strlen("unix:");

        if (g_str_has_prefix(path, "///"))
            path += 2;
        if (*path == '\0') {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "remote '%s' names no socket path",
                        remote);
            return NULL;
        }
        if (strlen(path) >= sizeof(((struct sockaddr_un *) NULL)->sun_path)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                        "socket path '%s' is too long for a unix socket", path);
            return NULL;
        }
        client->socket_path = g_strdup(path);
        /* with CURLOPT_UNIX_SOCKET_PATH the host part is only the Host: header */
        client->base_url = g_strdup("http://lxd");
    } else if (g_str_has_prefix(remote, "https://")) {
        const char *host = remote + strlen("https://");
        g_autofree char *base = g_strdup(remote);
        const char *slash = strchr(host, '/');

        if (*host == '\0' || *host == '/' || (slash != NULL && slash[1] != '\0')) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                        "remote '%s' must be https://HOST[:PORT] without a path", remote);
            return NULL;
        }
        if (g_str_has_suffix(base, "/"))
            base[strlen(base) - 1] = '\0';
        client->base_url = g_steal_pointer(&base);
        client->tls = ms_lxd_tls_copy(tls);
        if (tls != NULL && (!ms_lxd_check_readable("client certificate", tls->client_cert, error) ||
                            !ms_lxd_check_readable("client key", tls->client_key, error) ||
                            !ms_lxd_check_readable("server certificate", tls->server_cert, error)))
            return NULL;
    } else {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                    "unsupported remote '%s' (expected unix:/path/to/socket or https://host:port)", remote);
        return NULL;
    }

    client->curl = curl_easy_init();
    if (client->curl == NULL) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "cannot create a libcurl handle");
        return NULL;
    }
    return g_steal_pointer(&client);
}

MsLxdClient *
ms_lxd_client_new_canned(MsLxdCannedFunc fn, gpointer user_data)
{
    MsLxdClient *client = g_new0(MsLxdClient, 1);

    client->remote = g_strdup("canned:");
    client->base_url = g_strdup("http://lxd");
    client->timeout_ms = 1000;
    client->canned = fn;
    client->canned_data = user_data;
    return client;
}

void
ms_lxd_client_free(MsLxdClient *client)
{
    if (client == NULL)
        return;
    if (client->curl != NULL)
        curl_easy_cleanup(client->curl);
    g_free(client->remote);
    g_free(client->base_url);
    g_free(client->socket_path);
    ms_lxd_tls_free(client->tls);
    g_free(client);
}

void
ms_lxd_client_set_dry_run(MsLxdClient *client, gboolean dry_run)
{
    g_return_if_fail(client != NULL);
    client->dry_run = !!dry_run;
}

void
ms_lxd_client_set_log_func(MsLxdClient *client, MsLxdLogFunc fn, gpointer user_data)
{
    g_return_if_fail(client != NULL);
    client->log_func = fn;
    client->log_data = user_data;
}

void
ms_lxd_client_set_interrupt_flag(MsLxdClient *client, const volatile gint *flag)
{
    g_return_if_fail(client != NULL);
    client->interrupt_flag = flag;
}

/* ---------------------------------------------------------------------- */
/* Transport */

static gboolean
ms_lxd_client_interrupted(const MsLxdClient *client)
{
    return client->interrupt_flag != NULL && *client->interrupt_flag != 0;
}

/* An operation wait can block for a whole slice; Ctrl-C must not. */
static int
ms_lxd_xferinfo_cb(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    (void) dltotal;
    (void) dlnow;
    (void) ultotal;
    (void) ulnow;
    return ms_lxd_client_interrupted(userdata) ? 1 : 0;
}

static size_t
ms_lxd_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    MsLxdTransfer *xfer = userdata;
    gsize n = size * nmemb;

    if (n > max_body - xfer->body->len) {
        xfer->too_large = TRUE;
        return 0; /* makes curl abort with CURLE_WRITE_ERROR */
    }
    g_byte_array_append(xfer->body, (const guint8 *) ptr, n);
    return n;
}

static size_t
ms_lxd_header_cb(char *buffer, size_t size, size_t nitems, void *userdata)
{
    MsLxdTransfer *xfer = userdata;
    gsize n = size * nitems;

    /* a new status line starts a new header block (e.g. after 100 Continue) */
    if (n >= 5 && memcmp(buffer, "HTTP/", 5) == 0) {
        g_clear_pointer(&xfer->etag, g_free);
    } else if (n > 5 && g_ascii_strncasecmp(buffer, "etag:", 5) == 0) {
        g_autofree char *value = g_strndup(buffer + 5, n - 5);

        g_free(xfer->etag);
        xfer->etag = g_strdup(g_strstrip(value));
    } else if (n > 15 && g_ascii_strncasecmp(buffer, "content-length:", 15) == 0 && xfer->body->len == 0) {
        /* the body's room at once (within the limit: a wrong length only
         * sizes a buffer that grows or stays part-used), instead of the
         * doublings and copies of a 100 MB reply, hinted for huge pages */
        g_autofree char *value = g_strndup(buffer + 15, n - 15);
        guint64 length = g_ascii_strtoull(g_strstrip(value), NULL, 10);

        if (length > 0 && length <= max_body && length < G_MAXUINT) {
            g_byte_array_unref(xfer->body);
            xfer->body = g_byte_array_sized_new((guint) length + 1);
            ms_json_lite_hint_huge(xfer->body->data, length + 1);
        }
    }
    return n;
}

static MsLxdErrorCode
ms_lxd_error_code_from_curl(CURLcode res)
{
    switch (res) {
    case CURLE_OPERATION_TIMEDOUT:
        return MS_LXD_ERROR_TIMEOUT;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
        return MS_LXD_ERROR_UNREACHABLE;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
        return MS_LXD_ERROR_TLS;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_TOO_MANY_REDIRECTS:
        return MS_LXD_ERROR_PROTOCOL;
    default:
        return MS_LXD_ERROR_FAILED;
    }
}

static void
ms_lxd_client_apply_tls(MsLxdClient *client)
{
    CURL *curl = client->curl;
    const MsLxdTls *tls = client->tls;

    /* LXD refuses anything older (shared/network.go InitTLSConfig) */
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
    if (tls == NULL) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        return;
    }
    if (tls->client_cert != NULL) {
        curl_easy_setopt(curl, CURLOPT_SSLCERT, tls->client_cert);
        curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
    }
    if (tls->client_key != NULL) {
        curl_easy_setopt(curl, CURLOPT_SSLKEY, tls->client_key);
        curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
    }
    if (tls->insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (tls->server_cert != NULL) {
        /* pinned self-signed certificate: see ms_lxd_client_new() */
        curl_easy_setopt(curl, CURLOPT_CAINFO, tls->server_cert);
        curl_easy_setopt(curl, CURLOPT_CAPATH, NULL);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    } else {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    }
}

/* Which phase a timed-out transfer was in, in words: a server that accepts
 * the connection and never answers the TLS handshake runs into the connect
 * timeout, not the request timeout. */
static char *
ms_lxd_timeout_phase(MsLxdClient *client, guint timeout_ms)
{
    curl_off_t connected = 0, handshaken = 0;
    long local_port = 0;
    guint connect_ms = MIN(timeout_ms, MS_LXD_CONNECT_TIMEOUT_MS);

    /* curl records the connect time only once the whole connect phase (TLS
     * included) is over; a local port says the TCP connection stood */
    curl_easy_getinfo(client->curl, CURLINFO_CONNECT_TIME_T, &connected);
    curl_easy_getinfo(client->curl, CURLINFO_APPCONNECT_TIME_T, &handshaken);
    curl_easy_getinfo(client->curl, CURLINFO_LOCAL_PORT, &local_port);
    if (connected == 0 && local_port == 0 && client->socket_path == NULL)
        return g_strdup_printf("could not connect within %u ms", connect_ms);
    if (client->socket_path == NULL && handshaken == 0)
        return g_strdup_printf("connected, but the TLS handshake did not complete within %u ms "
                               "(the server never answered it)",
                               connect_ms);
    return g_strdup_printf("no reply within %u ms", timeout_ms);
}

/* SHA-256 of a DER certificate, lowercase hex: what `lxc remote add` and
 * `lxc info` show as the certificate fingerprint. */
static char *
ms_lxd_der_fingerprint(const guchar *der, gsize len)
{
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, len);
}

/* The fingerprint of the first certificate in a PEM text; NULL if none. */
static char *
ms_lxd_pem_text_fingerprint(const char *pem)
{
    const char *begin = pem != NULL ? strstr(pem, "-----BEGIN CERTIFICATE-----") : NULL;
    const char *end = begin != NULL ? strstr(begin, "-----END CERTIFICATE-----") : NULL;
    g_autofree char *body = NULL;
    g_autofree guchar *der = NULL;
    gsize len = 0;

    if (end == NULL)
        return NULL;
    begin += strlen("-----BEGIN CERTIFICATE-----");
    body = g_strndup(begin, end - begin);
    der = g_base64_decode(g_strstrip(body), &len);
    return len > 0 ? ms_lxd_der_fingerprint(der, len) : NULL;
}

static char *
ms_lxd_pem_fingerprint(const char *path)
{
    g_autofree char *pem = NULL;

    if (!g_file_get_contents(path, &pem, NULL, NULL))
        return NULL;
    return ms_lxd_pem_text_fingerprint(pem);
}

/* The fingerprint of the certificate the server at @url offers, for the
 * message of a pin that does not match: one TLS handshake without
 * verification and without a request (nothing is sent to LXD). */
static char *
ms_lxd_server_fingerprint(MsLxdClient *client, const char *url)
{
    CURL *probe = curl_easy_init();
    struct curl_certinfo *info = NULL;
    char *fingerprint = NULL;

    if (probe == NULL)
        return NULL;
    curl_easy_setopt(probe, CURLOPT_URL, url);
    curl_easy_setopt(probe, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(probe, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(probe, CURLOPT_CERTINFO, 1L);
    curl_easy_setopt(probe, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(probe, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(probe, CURLOPT_CONNECTTIMEOUT_MS,
                     (long) MIN(client->timeout_ms, MS_LXD_CONNECT_TIMEOUT_MS));
    if (client->tls != NULL && client->tls->client_cert != NULL)
        curl_easy_setopt(probe, CURLOPT_SSLCERT, client->tls->client_cert);
    if (client->tls != NULL && client->tls->client_key != NULL)
        curl_easy_setopt(probe, CURLOPT_SSLKEY, client->tls->client_key);
    if (curl_easy_perform(probe) == CURLE_OK &&
        curl_easy_getinfo(probe, CURLINFO_CERTINFO, &info) == CURLE_OK && info != NULL &&
        info->num_of_certs > 0) {
        for (struct curl_slist *item = info->certinfo[0]; item != NULL && fingerprint == NULL;
             item = item->next)
            if (g_str_has_prefix(item->data, "Cert:"))
                fingerprint = ms_lxd_pem_text_fingerprint(item->data + strlen("Cert:"));
    }
    curl_easy_cleanup(probe);
    return fingerprint;
}

/*
 * Sends one request and collects status, headers and body.  Fails only
 * when no complete HTTP reply arrived; what the reply says is judged by
 * ms_lxd_response_parse().
 */
static gboolean
ms_lxd_client_perform(MsLxdClient *client, const char *method, const char *path, const char *body,
                      const char *if_match, guint timeout_ms, MsLxdTransfer *xfer, GError **error)
{
    CURL *curl = client->curl;
    char errbuf[CURL_ERROR_SIZE] = "";
    g_autofree char *url = g_strconcat(client->base_url, path, NULL);
    g_autofree char *if_match_header = NULL;
    g_autoptr(MsCurlSlist) headers = NULL;
    MsLxdErrorCode code;
    CURLcode res;
    long status = 0;

    xfer->body = g_byte_array_new();

    if (ms_lxd_client_interrupted(client)) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INTERRUPTED, "%s %s: interrupted before sending",
                    method, path);
        return FALSE;
    }

    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    /* signals would be unsafe in a threaded program (and in GTest) */
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long) timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long) MIN(timeout_ms, MS_LXD_CONNECT_TIMEOUT_MS));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "migsim/" MS_VERSION_STRING);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, ms_lxd_write_cb);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, xfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ms_lxd_header_cb);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, xfer);
    if (client->interrupt_flag != NULL) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, ms_lxd_xferinfo_cb);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, client);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }

    if (client->socket_path != NULL)
        curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, client->socket_path);
    else
        ms_lxd_client_apply_tls(client);

    if (body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen(body));
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
        headers = curl_slist_append(headers, "Content-Type: application/json");
    } else if (g_strcmp0(method, "GET") == 0) {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    }
    headers = curl_slist_append(headers, "Accept: application/json");
    /* LXD never answers 100-continue usefully; it only costs a round trip */
    headers = curl_slist_append(headers, "Expect:");
    if (if_match != NULL) {
        if_match_header = g_strdup_printf("If-Match: %s", if_match);
        headers = curl_slist_append(headers, if_match_header);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    res = curl_easy_perform(curl);

    /* the handle must not keep pointers to our stack and locals */
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);

    if (res != CURLE_OK) {
        if (xfer->too_large) {
            body_too_large(error, method, path);
            return FALSE;
        }
        if (res == CURLE_ABORTED_BY_CALLBACK) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INTERRUPTED, "%s %s on %s: interrupted", method,
                        path, client->remote);
            return FALSE;
        }
        if (res == CURLE_OPERATION_TIMEDOUT) {
            g_autofree char *what = ms_lxd_timeout_phase(client, timeout_ms);

            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_TIMEOUT, "%s %s on %s: %s (%s)", method, path,
                        client->remote, what, errbuf[0] != '\0' ? errbuf : curl_easy_strerror(res));
            return FALSE;
        }
        if (client->tls != NULL && client->tls->server_cert != NULL && !client->tls->insecure &&
            (res == CURLE_PEER_FAILED_VERIFICATION || res == CURLE_SSL_CACERT_BADFILE)) {
            g_autofree char *pinned = ms_lxd_pem_fingerprint(client->tls->server_cert);
            g_autofree char *offered = ms_lxd_server_fingerprint(client, url);

            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_TLS,
                        "%s %s on %s: the server's certificate is not the pinned one (%s): "
                        "pinned %s has fingerprint %s, the server offers %s",
                        method, path, client->remote, errbuf[0] != '\0' ? errbuf : curl_easy_strerror(res),
                        client->tls->server_cert, pinned != NULL ? pinned : "(unreadable)",
                        offered != NULL ? offered : "(not retrievable)");
            return FALSE;
        }
        code = ms_lxd_error_code_from_curl(res);
        g_set_error(error, MS_LXD_ERROR, code, "%s %s on %s: %s: %s", method, path, client->remote,
                    code == MS_LXD_ERROR_UNREACHABLE ? "cannot reach the server"
                    : code == MS_LXD_ERROR_TLS       ? "TLS failure"
                    : code == MS_LXD_ERROR_PROTOCOL  ? "broken HTTP exchange"
                                                     : "request failed",
                    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(res));
        return FALSE;
    }

    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    xfer->http_status = (guint) status;
    return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Requests */

static MsLxdResponse *
ms_lxd_dry_run_response(void)
{
    g_autoptr(MsLxdResponse) resp = g_new0(MsLxdResponse, 1);

    resp->http_status = 200;
    resp->type = g_strdup("sync");
    resp->status_code = 200;
    resp->error = g_strdup("");
    resp->metadata = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(resp->metadata, json_object_new());
    return g_steal_pointer(&resp);
}

gboolean
ms_lxd_client_transfer(MsLxdClient *client, const char *method, const char *path, const char *body_text,
                       const char *if_match, guint timeout_ms, MsLxdTransfer *xfer, GError **error)
{
    if (client->canned != NULL) {
        xfer->body = g_byte_array_new();
        if (!client->canned(method, path, &xfer->http_status, xfer->body, client->canned_data)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_UNREACHABLE, "%s %s: no reply", method, path);
            return FALSE;
        }
        if (xfer->body->len > max_body) {
            body_too_large(error, method, path);
            return FALSE;
        }
        return TRUE;
    }
    return ms_lxd_client_perform(client, method, path, body_text, if_match, timeout_ms, xfer, error);
}

MsLxdResponse *
ms_lxd_client_request_full(MsLxdClient *client, const char *method, const char *path, JsonNode *body,
                           const char *if_match, guint timeout_ms, GError **error)
{
    g_auto(MsLxdTransfer) xfer = { 0 };
    g_autofree char *body_text = NULL;

    if (body != NULL)
        body_text = json_to_string(body, FALSE);
    if (client->log_func != NULL)
        client->log_func(method, path, body_text, client->log_data);
    if (client->dry_run)
        return ms_lxd_dry_run_response();
    if (!ms_lxd_client_transfer(client, method, path, body_text, if_match, timeout_ms, &xfer, error))
        return NULL;
    return ms_lxd_response_parse(method, path, &xfer, error);
}

/**
 * ms_lxd_client_request:
 * @method: HTTP method, e.g. "GET", "PUT"
 * @path: absolute API path with optional query, e.g. "/1.0/instances?recursion=1"
 * @body: (nullable): JSON body, sent as application/json
 * @if_match: (nullable): value for If-Match, typically a previous etag
 *
 * Returns: (transfer full): the decoded reply, including LXD error replies
 *   (type "error"); NULL with @error for transport and protocol failures
 */
MsLxdResponse *
ms_lxd_client_request(MsLxdClient *client, const char *method, const char *path, JsonNode *body,
                      const char *if_match, GError **error)
{
    g_return_val_if_fail(client != NULL, NULL);
    g_return_val_if_fail(method != NULL && *method != '\0', NULL);
    g_return_val_if_fail(path != NULL && path[0] == '/', NULL);
    g_return_val_if_fail(error == NULL || *error == NULL, NULL);

    /* the header comes from a server reply or a caller; never let it
     * smuggle a second header in */
    if (if_match != NULL && strpbrk(if_match, "\r\n") != NULL) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "%s %s: If-Match value contains a line break",
                    method, path);
        return NULL;
    }
    return ms_lxd_client_request_full(client, method, path, body, if_match, client->timeout_ms, error);
}
