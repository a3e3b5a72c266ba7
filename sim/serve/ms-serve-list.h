/* migsim serve: the instance list written without a JSON tree. */
#pragma once

#include <glib.h>

#include "ms-cluster.h"

G_BEGIN_DECLS

/* The whole sync reply of GET /1.0/instances?recursion=1 (@full FALSE) or
 * recursion=2 (@full TRUE, with state, snapshots and backups), byte for
 * byte what the json-glib tree of instance_object would serialise to. */
char *ms_serve_list_instances(const MsCluster *cluster, const MsProfile *profile, gboolean full);

G_END_DECLS
