/* migsim: applying operations to the cluster.  ms_cluster_apply() is the only
 * entry point that changes a cluster; it runs the rules first and mutates only
 * what LXD would have changed, including the side effects of failures. */
#pragma once

#include "ms-cluster.h"
#include "ms-op.h"
#include "ms-rules.h"

G_BEGIN_DECLS

/* (transfer full) never NULL; the outcome says whether LXD accepted it. */
MsOutcome *ms_cluster_apply(MsCluster *cluster, MsEnv *env, const MsOp *op);

/* Would @instance start now?  Used by explanations and the explorer; records
 * nothing in the ledger.  Returns NULL when it would, else LXD's error. */
char *ms_cluster_probe_start(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance);

G_END_DECLS
