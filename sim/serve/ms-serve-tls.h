/* migsim serve over HTTPS: the server certificate (made on first start, as
 * LXD makes server.crt) and the trust store of client certificates
 * (--trust CERT, like `lxc config trust add`).  docs/serve.md#https */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Loads @cert_path and @key_path (PEM); when neither exists, makes an EC
 * P-384 self-signed certificate valid 10 years for "migsim" (DNS name,
 * first, so LXD's client uses it as ServerName), 127.0.0.1 and ::1, and
 * writes both (the key 0600).  *@created tells which. */
GTlsCertificate *ms_serve_tls_server_cert(const char *cert_path, const char *key_path, gboolean *created,
                                          GError **error);

/* Loads each PEM file of @paths (NULL-terminated) into @trusted
 * (element-type GTlsCertificate). */
gboolean ms_serve_tls_load_trust(char **paths, GPtrArray *trusted, GError **error);

/* Whether @peer (nullable) is one of @trusted (byte-identical DER, as
 * LXD's CheckTrustState compares the raw certificate). */
gboolean ms_serve_tls_is_trusted(GPtrArray *trusted, GTlsCertificate *peer);

/* 32 random bytes (GnuTLS's key generator) as 64 hex digits, as LXD's
 * shared.RandomCryptoString makes a token secret. */
char *ms_serve_tls_secret(void);

/* SHA-256 of the certificate's DER, lowercase hex (LXD's fingerprint). */
char *ms_serve_tls_fingerprint(GTlsCertificate *cert);

G_END_DECLS
