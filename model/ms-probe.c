/* migsim: probes (no ledger, no mutation). */
#include "ms-probe.h"

#include "ms-apply-private.h"

char *
ms_cluster_probe_start_rule(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                            MsRuleId *rule)
{
    MsEnv env = { profile, NULL, NULL };
    guint http_status;
    MsInstance copy = *instance;
    char *error;

    /* as ms_cluster_probe_start: whether it could start again once stopped */
    copy.status = MS_INSTANCE_STOPPED;
    *rule = MS_RULE_NONE;
    error = ms_instance_start_error(cluster, &env, &copy, FALSE, rule, &http_status);
    if (error == NULL)
        *rule = MS_RULE_NONE;
    return error;
}
