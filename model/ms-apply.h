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

/* What of @op migsim parses without following (a flag of
 * unfollowed_flags, the volume of an instance or image, a transfer --mode
 * other than lxc's default pull): the model answers "not modelled", and a
 * replay could not send the line as lxc would (it would send the command
 * without it).  (transfer full) a phrase such as "--all", NULL when
 * nothing. */
char *ms_op_unfollowed(const MsOp *op);

/* Would @instance start now?  Used by explanations and the explorer; records
 * nothing in the ledger.  Returns NULL when it would, else LXD's error. */
char *ms_cluster_probe_start(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance);

/* Whether @key is a volatile key LXD may have written itself on an
 * instance of @type at @profile's release (volatile.uuid at every create,
 * a container's volatile.idmap.*, a device's volatile.DEV.hwaddr ...) and
 * migsim does not keep: the model holds none of those values.  *@device
 * (g_free) names DEV for a device key, NULL for an instance-wide one. */
gboolean ms_instance_volatile_key_unkept(const MsProfile *profile, MsInstanceType type, const char *key,
                                         char **device);

/* Does `lxc launch` have the server start the instance at @profile's
 * release (model/ms-client.c)?  The model's wraps and the paste's printed
 * lines both follow it. */
gboolean ms_client_launch_starts_on_server(const MsProfile *profile);

/* The model's self-checks: in clusters of up to MS_MODEL_SELF_CHECK_MAX instances or volumes
 * (every scenario, the explorer, the unit tests) the indexes of volumes and
 * of their users (model/ms-volume-users.c) compare every answer with a scan
 * of the whole cluster, and abort on a difference.  That is O(n) per
 * answer: a caller checking small pieces of a big state (preflight's
 * member views, thousands of them) turns it off for that state; its copies
 * inherit the setting. */
#define MS_MODEL_SELF_CHECK_MAX 2000
void ms_cluster_set_self_checks(MsCluster *cluster, gboolean on);

G_END_DECLS
