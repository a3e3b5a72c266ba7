/* migsim serve over HTTPS: certificates (ms-serve-tls.h).  The server
 * certificate is shaped as LXD's shared/cert.go GenerateMemCert makes it
 * (lxd-5.0.2 :311-377): ECDSA P-384, organisation linuxcontainers.org,
 * key usage digital signature + key encipherment, server auth, basic
 * constraints valid (not a CA), DNS names first: the client sets its TLS
 * ServerName to the first DNS name of the pinned certificate
 * (shared/network.go:100-102 finalizeTLSConfig). */
#include "ms-serve-tls.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

static gboolean
gnutls_throw(GError **error, const char *what, int rc)
{
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, gnutls_strerror(rc));
    return FALSE;
}

static gboolean
write_pem(const char *path, const gnutls_datum_t *pem, int mode, GError **error)
{
    if (!g_file_set_contents_full(path, (const char *) pem->data, pem->size, G_FILE_SET_CONTENTS_CONSISTENT,
                                  mode, error))
        return FALSE;
    return TRUE;
}

/* Makes the key and the self-signed certificate and writes both. */
static gboolean
generate(const char *cert_path, const char *key_path, GError **error)
{
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t cert_pem = { 0 }, key_pem = { 0 };
    static const unsigned char ipv4[] = { 127, 0, 0, 1 };
    static const unsigned char ipv6[16] = { [15] = 1 };
    unsigned char serial[16];
    time_t now = time(NULL);
    gboolean ok = FALSE;
    int rc;

    if ((rc = gnutls_x509_privkey_init(&key)) < 0 ||
        (rc = gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
                                           GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP384R1), 0)) < 0) {
        gnutls_throw(error, "generating the server key", rc);
        goto out;
    }
    if ((rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial))) < 0) {
        gnutls_throw(error, "generating the serial number", rc);
        goto out;
    }
    serial[0] &= 0x7f; /* a positive serial */
    if ((rc = gnutls_x509_crt_init(&crt)) < 0 || (rc = gnutls_x509_crt_set_version(crt, 3)) < 0 ||
        (rc = gnutls_x509_crt_set_serial(crt, serial, sizeof(serial))) < 0 ||
        (rc = gnutls_x509_crt_set_activation_time(crt, now - 60)) < 0 ||
        (rc = gnutls_x509_crt_set_expiration_time(crt, now + (time_t) 10 * 365 * 24 * 3600)) < 0 ||
        (rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "linuxcontainers.org",
                                            strlen("linuxcontainers.org"))) < 0 ||
        (rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, "root@migsim",
                                            strlen("root@migsim"))) < 0 ||
        (rc = gnutls_x509_crt_set_key(crt, key)) < 0 ||
        (rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0 ||
        (rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                     GNUTLS_KEY_KEY_ENCIPHERMENT)) < 0 ||
        (rc = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
        (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, "migsim", strlen("migsim"),
                                                   GNUTLS_FSAN_APPEND)) < 0 ||
        (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, "localhost", strlen("localhost"),
                                                   GNUTLS_FSAN_APPEND)) < 0 ||
        (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ipv4, sizeof(ipv4),
                                                   GNUTLS_FSAN_APPEND)) < 0 ||
        (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ipv6, sizeof(ipv6),
                                                   GNUTLS_FSAN_APPEND)) < 0 ||
        (rc = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA384, 0)) < 0) {
        gnutls_throw(error, "making the server certificate", rc);
        goto out;
    }
    if ((rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cert_pem)) < 0 ||
        (rc = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &key_pem)) < 0) {
        gnutls_throw(error, "encoding the server certificate", rc);
        goto out;
    }
    ok = write_pem(key_path, &key_pem, 0600, error) && write_pem(cert_path, &cert_pem, 0644, error);
out:
    gnutls_free(cert_pem.data);
    gnutls_free(key_pem.data);
    if (crt != NULL)
        gnutls_x509_crt_deinit(crt);
    if (key != NULL)
        gnutls_x509_privkey_deinit(key);
    return ok;
}

GTlsCertificate *
ms_serve_tls_server_cert(const char *cert_path, const char *key_path, gboolean *created, GError **error)
{
    gboolean have_cert = g_file_test(cert_path, G_FILE_TEST_EXISTS);
    gboolean have_key = g_file_test(key_path, G_FILE_TEST_EXISTS);

    *created = FALSE;
    if (have_cert != have_key) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s exists but %s does not",
                    have_cert ? cert_path : key_path, have_cert ? key_path : cert_path);
        return NULL;
    }
    if (!have_cert) {
        if (!generate(cert_path, key_path, error))
            return NULL;
        *created = TRUE;
    }
    return g_tls_certificate_new_from_files(cert_path, key_path, error);
}

gboolean
ms_serve_tls_load_trust(char **paths, GPtrArray *trusted, GError **error)
{
    for (guint i = 0; paths != NULL && paths[i] != NULL; i++) {
        g_autoptr(GError) local = NULL;
        GTlsCertificate *cert = g_tls_certificate_new_from_file(paths[i], &local);
        if (cert == NULL) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "--trust %s: %s", paths[i],
                        local->message);
            return FALSE;
        }
        g_ptr_array_add(trusted, cert);
    }
    return TRUE;
}

gboolean
ms_serve_tls_is_trusted(GPtrArray *trusted, GTlsCertificate *peer)
{
    for (guint i = 0; peer != NULL && i < trusted->len; i++)
        if (g_tls_certificate_is_same(trusted->pdata[i], peer))
            return TRUE;
    return FALSE;
}

char *
ms_serve_tls_fingerprint(GTlsCertificate *cert)
{
    g_autoptr(GByteArray) der = NULL;

    g_object_get(cert, "certificate", &der, NULL);
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, der->data, der->len);
}

char *
ms_serve_tls_secret(void)
{
    guint8 bytes[32];
    GString *hex = g_string_sized_new(2 * sizeof(bytes));

    if (gnutls_rnd(GNUTLS_RND_KEY, bytes, sizeof(bytes)) < 0)
        g_error("migsim: serve: no random bytes for a token secret");
    for (guint i = 0; i < sizeof(bytes); i++)
        g_string_append_printf(hex, "%02x", bytes[i]);
    return g_string_free(hex, FALSE);
}
