/* migsim: side-effect-free questions about a cluster, for the explorer. */
#pragma once

#include "ms-cluster.h"
#include "ms-rules.h"

G_BEGIN_DECLS

/* ms_cluster_probe_start() that also names the rule that refused the start
 * (MS_RULE_NONE when it would start).  Returns NULL or LXD's start error. */
char *ms_cluster_probe_start_rule(const MsCluster *cluster, const MsProfile *profile,
                                  const MsInstance *instance, MsRuleId *rule);

G_END_DECLS
