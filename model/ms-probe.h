/* migsim: side-effect-free questions about a cluster, for the explorer. */
#pragma once

#include "ms-cluster.h"
#include "ms-rules.h"

G_BEGIN_DECLS

/* ms_cluster_probe_start() that also names the rule that refused the start:
 * TRUE when it would start, else FALSE with the refusal in @out. */
gboolean ms_cluster_probe_start_rule(const MsCluster *cluster, const MsProfile *profile,
                                     const MsInstance *instance, MsRejection *out);

G_END_DECLS
