/* migsim: probes (no ledger, no mutation). */
#include "ms-probe.h"

#include "ms-apply-private.h"

gboolean
ms_cluster_probe_start_rule(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                            MsRejection *out)
{
    MsEnv env = { profile, NULL, NULL };
    MsInstance copy = *instance;

    /* as ms_cluster_probe_start: whether it could start again once stopped */
    copy.status = MS_INSTANCE_STOPPED;
    return ms_instance_start_check(cluster, &env, &copy, FALSE, out);
}
