/* migsim: operations that never complete (`fault migration NAME hang`,
 * docs/scenario-language.md#hangs-and-expect-timeout).
 *
 * Once the migration connections are up, LXD waits for the peer's next
 * message on the control connection without a deadline, so a transfer
 * that stalls while both sides stay connected (a stuck rsync, QEMU or
 * storage driver below what migsim models) keeps the operation Running
 * for ever; the `lxc` client waits for the operation without a deadline
 * too.  A hung operation stays in the cluster's jobs (under id 0, no
 * shell job), so LXD's in-progress checks keep seeing it. */
#pragma once

#include "ms-apply.h"

G_BEGIN_DECLS

/* The migration of @instance to @target hangs: marks the outcome hung and
 * returns FALSE with a placeholder error in @out (the caller stops there:
 * nothing after the transfer happens). */
gboolean ms_migrate_hang(MsApply *apply, MsInstance *instance, const char *target, MsRejection *out);
/* After a request that hung outside a job: its operation stays in flight. */
void ms_cluster_keep_hung(MsCluster *cluster, const MsOp *op, const MsOutcome *outcome);
/* Notes on @outcome when @op touches an instance a hung operation holds. */
void ms_hang_note(const MsCluster *cluster, const MsOp *op, MsOutcome *outcome);

G_END_DECLS
