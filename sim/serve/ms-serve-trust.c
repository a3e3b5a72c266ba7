/* migsim serve: POST /1.0/certificates, the trust store over HTTPS.
 *
 * `lxc config trust add [--name N]` (no certificate) asks for a trust token
 * and `lxc remote add NAME TOKEN` spends it (lxc/config_trust.go:143-211,
 * lxc/remote.go:154-262 at lxd-5.0.2); `lxc config trust add CERT` adds a
 * certificate.  The server side follows lxd/certificates.go:485-763 at
 * lxd-5.0.2 (certificatesPost, certificateTokenValid :372-418).  Not
 * modelled (docs/serve.md#trust-tokens): core.trust_password (a password
 * that is not a token is refused as with no trust password set),
 * core.remote_token_expiry (tokens do not expire), cluster join tokens
 * (serve issues none, so one is refused as unknown), metrics certificates
 * and restricted projects beyond being stored in the token. */
#include "ms-serve-objects.h"

#include "ms-serve-tls.h"

/* The fields of a token given as password: base64 of a JSON object with
 * non-empty @fields (NULL-terminated) and at least one address, as
 * shared.CertificateTokenDecode (shared/cert.go:471-500 at lxd-5.0.2;
 * api.CertificateAddToken, shared/api/certificate.go:98-118) and
 * shared.JoinTokenDecode (shared/util.go:1326-1350) read them; NULL when
 * it is not one. */
static JsonObject *
decode_token(const char *password, const char *const *fields)
{
    gsize length = 0;
    g_autofree guchar *json = g_base64_decode(password, &length);
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    JsonObject *obj;
    JsonNode *addresses;

    if (length == 0 || !json_parser_load_from_data(parser, (const char *) json, (gssize) length, NULL) ||
        !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)))
        return NULL;
    obj = json_node_get_object(json_parser_get_root(parser));
    for (guint i = 0; fields[i] != NULL; i++) {
        const char *value = ms_serve_body_string(obj, fields[i]);
        if (value == NULL || *value == '\0')
            return NULL;
    }
    addresses = json_object_get_member(obj, "addresses");
    if (addresses == NULL || !JSON_NODE_HOLDS_ARRAY(addresses) ||
        json_array_get_length(json_node_get_array(addresses)) == 0)
        return NULL;
    return json_object_ref(obj);
}

static const char *const certificate_token_fields[] = { "client_name", "secret", "fingerprint", NULL };
static const char *const join_token_fields[] = { "server_name", "secret", NULL };

/* The running token operation holding @secret; it is cancelled (tokens are
 * single use).  NULL when none. */
static JsonObject *
spend_token(MsServeApi *api, const char *secret)
{
    for (GList *l = api->op_order->head; l != NULL; l = l->next) {
        JsonObject *op = json_node_get_object(g_hash_table_lookup(api->operations, l->data));
        JsonObject *metadata = ms_serve_body_object(op, "metadata");
        if (g_strcmp0(ms_serve_body_string(op, "class"), "token") != 0 ||
            json_object_get_int_member(op, "status_code") != 103 ||
            g_strcmp0(ms_serve_body_string(metadata, "secret"), secret) != 0)
            continue;
        json_object_set_string_member(op, "status", "Cancelled");
        json_object_set_int_member(op, "status_code", 401);
        return op;
    }
    return NULL;
}

/* Adds @cert to the trust store: 409 when it is there already
 * (lxd/certificates.go:711-715), else a sync reply with the certificate's
 * URL as Location (201, SyncResponseLocation :763, response.go:166-170). */
static void
add_certificate(MsServeReq *req, GTlsCertificate *cert)
{
    g_autofree char *fingerprint = ms_serve_tls_fingerprint(cert);

    if (ms_serve_tls_is_trusted(req->api->trusted, cert))
        return ms_serve_error(req, 409, "Certificate already in trust store");
    g_ptr_array_add(req->api->trusted, g_object_ref(cert));
    ms_serve_sync(req, NULL);
    req->reply->status = 201;
    req->reply->location = g_strdup_printf("/1.0/certificates/%s", fingerprint);
}

/* The token operation: class "token", running until spent, its metadata the
 * secret, the server certificate's fingerprint, the member's HTTPS address
 * and the request (lxd/certificates.go:618-668). */
static void
issue_token(MsServeReq *req, JsonObject *body, const char *address)
{
    JsonObject *metadata = json_object_new();
    JsonObject *request = json_object_new();
    JsonArray *addresses = json_array_new();
    JsonArray *projects = json_array_new();
    JsonArray *given = json_object_has_member(body, "projects") &&
                               JSON_NODE_HOLDS_ARRAY(json_object_get_member(body, "projects"))
                           ? json_object_get_array_member(body, "projects")
                           : NULL;

    for (guint i = 0; given != NULL && i < json_array_get_length(given); i++)
        json_array_add_element(projects, json_node_copy(json_array_get_element(given, i)));
    json_object_set_string_member(request, "name", ms_serve_body_string(body, "name") ?: "");
    json_object_set_string_member(request, "type", "client");
    json_object_set_boolean_member(request, "restricted", ms_serve_body_bool(body, "restricted"));
    json_object_set_array_member(request, "projects", projects);
    json_object_set_string_member(request, "certificate", "");
    json_object_set_string_member(request, "password", "");
    json_object_set_boolean_member(request, "token", TRUE);
    g_autofree char *secret = ms_serve_tls_secret();

    json_array_add_string_element(addresses, address);
    json_object_set_string_member(metadata, "secret", secret);
    json_object_set_string_member(metadata, "fingerprint", req->api->fingerprint);
    json_object_set_array_member(metadata, "addresses", addresses);
    json_object_set_object_member(metadata, "request", request);
    ms_serve_token_operation(req, "Executing operation", metadata);
}

/* POST /1.0/certificates from a trusted client (unix socket or a trusted
 * certificate): a token, or a certificate given in the body. */
static void
certificates_post(MsServeReq *req)
{
    JsonObject *body = ms_serve_body(req);
    const char *certificate = ms_serve_body_string(body, "certificate");
    const char *address = g_hash_table_lookup(req->api->https, req->member);
    gboolean token = ms_serve_body_bool(body, "token");

    if (token && certificate != NULL && *certificate != '\0')
        return ms_serve_error(req, 400, "Can't use certificate if token is requested");
    if (token && g_strcmp0(ms_serve_body_string(body, "type"), "client") != 0)
        return ms_serve_error(req, 400, "Tokens can only be issued for client certificates");
    if (token && address == NULL)
        return ms_serve_error(req, 400, "Can't issue token when server isn't listening on network");
    if (!token && (certificate == NULL || *certificate == '\0'))
        return ms_serve_error(req, 400, "Client is already trusted");
    if (g_strcmp0(ms_serve_body_string(body, "type"), "client") != 0) {
        g_autofree char *text = ms_serve_not_modelled(req, "certificates of a type other than client");
        return ms_serve_error(req, 400, text);
    }
    if (token)
        return issue_token(req, body, address);
    {
        g_autofree char *pem =
            g_strdup_printf("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n", certificate);
        g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_pem(pem, -1, NULL);
        if (cert == NULL) {
            /* Go's x509 parser words its errors its own way */
            g_autofree char *text =
                ms_serve_not_modelled(req, "the error text for invalid certificate material");
            return ms_serve_error(req, 400, text);
        }
        if (req->api->trusted == NULL) {
            g_autofree char *text = ms_serve_not_modelled(req, "a trust store without an HTTPS listener");
            return ms_serve_error(req, 400, text);
        }
        add_certificate(req, cert);
    }
}

void
ms_serve_certificates_untrusted(MsServeReq *req, GTlsCertificate *peer)
{
    JsonObject *body = ms_serve_body(req);
    const char *password = ms_serve_body_string(body, "password");
    g_autoptr(JsonObject) token = NULL;
    g_autoptr(JsonObject) join = NULL;
    JsonObject *op;

    /* lxd/certificates.go:539-548: no token for non-admins, a password needed */
    if (ms_serve_body_bool(body, "token") || password == NULL || *password == '\0')
        return ms_serve_error(req, 403, "not authorized");
    join = decode_token(password, join_token_fields);
    if (join != NULL)
        return ms_serve_error(req, 403, "No matching cluster join operation found");
    token = decode_token(password, certificate_token_fields);
    if (token == NULL)
        /* a trust password: core.trust_password is not modelled, so as unset */
        return ms_serve_error(req, 403, "not authorized");
    op = spend_token(req->api, ms_serve_body_string(token, "secret"));
    if (op == NULL)
        return ms_serve_error(req, 403, "No matching certificate add operation found");
    if (peer == NULL)
        return ms_serve_error(req, 400, "No client certificate provided");
    add_certificate(req, peer);
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "POST", "1.0/certificates", certificates_post },
};
/* clang-format on */
const MsServeRoutes ms_serve_trust_routes = { routes, G_N_ELEMENTS(routes) };
