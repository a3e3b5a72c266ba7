/* migsim: reading a live cluster's state (GET requests only) into a state
 * file (docs/preflight.md). */
#pragma once

#include "ms-lxd-client.h"
#include "ms-state-file.h"

G_BEGIN_DECLS

/* Reads the whole cluster through @client with GET requests only.
 * @warnings (element-type utf8) receives what could not be mapped exactly
 * (an unknown LXD version, a Frozen instance ...).  NULL + MS_LXD_ERROR when
 * the cluster cannot be read or does not answer like LXD. */
MsStateFile *ms_import_cluster(MsLxdClient *client, GPtrArray *warnings, GError **error);

G_END_DECLS
