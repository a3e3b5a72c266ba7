/* migsim: requests in flight (`lxc ... &`, `step %N`, `wait %N`).
 *
 * LXD answers an evacuation, a restore or a move with an operation that
 * runs in the background; other requests see the cluster as the operation
 * left it so far.  A job is such an operation, advanced one step at a time
 * (docs/scenario-language.md#concurrency).  Where LXD's operations run in
 * parallel, migsim interleaves them at instance steps, in the order the
 * scenario (or the explorer) chooses. */
#pragma once

#include "ms-apply.h"

G_BEGIN_DECLS

/* Sends @op and starts its operation as job @id: the request's checks and
 * the start of the operation (an evacuation sets the member EVACUATED and
 * lists its instances) happen now.  *running is FALSE when the request was
 * refused or had nothing to do: the returned outcome is then final. */
MsOutcome *ms_cluster_job_start(MsCluster *cluster, MsEnv *env, const MsOp *op, guint id, gboolean *running);
/* Runs the next step of job @id (which must be in flight); *finished is
 * TRUE when the operation is now final (its last step ran, or the step
 * failed: the outcome then carries the error). */
MsOutcome *ms_cluster_job_step(MsCluster *cluster, MsEnv *env, guint id, gboolean *finished);
MsJob *ms_cluster_lookup_job(const MsCluster *cluster, guint id);
/* The next step in words: "evacuate c1", "start c2", "migrate c3 back", "run". */
char *ms_job_describe_next(const MsJob *job);

G_END_DECLS
