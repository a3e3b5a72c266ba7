/* migsim serve: the HTTP side (libsoup 3).  One listener per member (a unix
 * socket and/or an HTTPS address), the events websocket, clean shutdown on
 * SIGINT/SIGTERM. */
#pragma once

#include <glib.h>

#include "ms-cluster.h"

G_BEGIN_DECLS

typedef struct {
    MsCluster *cluster; /* taken */
    const MsProfile *profile;
    GPtrArray *sockets; /* (element-type utf8) unix socket path per member, in member order; "" = none */
    GPtrArray *https;   /* (element-type utf8) "ADDR:PORT" per member, in member order; "" = none */
    char *cert_path;    /* the server certificate and key (PEM), made when both are missing */
    char *key_path;
    char **trust;        /* nullable: client certificates (PEM files) trusted over HTTPS */
    char *record_path;   /* nullable: --record FILE */
    char *record_header; /* the scenario lines before the recorded commands */
    double speed;        /* --speed: simulated seconds per wall second; 0 = operations done at once */
    char **advertise;    /* nullable: --advertise ADDR:PORT per member, in member order ("" = none) */
} MsServeOptions;

/* Serves until SIGINT or SIGTERM; removes its sockets.  FALSE + error when
 * a socket cannot be made. */
gboolean ms_serve_main(MsServeOptions *options, GError **error);

G_END_DECLS
