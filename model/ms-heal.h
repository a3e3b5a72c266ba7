/* migsim: cluster.healing_threshold, LXD's automatic evacuation of an
 * offline member (docs/scenario-language.md#time; code in ms-migrate.c,
 * beside the evacuation it reuses). */
#pragma once

#include "ms-apply.h"

G_BEGIN_DECLS

/* cluster.healing_threshold in ms as LXD applies it (at least
 * cluster.offline_threshold), 0 when healing is off. */
guint64 ms_cluster_healing_threshold_ms(const MsCluster *cluster);
/* The heal task (docs/scenario-language.md#time): evacuates, in mode heal,
 * every unreachable member that has been offline past the healing
 * threshold by now.  NULL when healing is off or no member is unreachable;
 * else an outcome with the heal's events and notes. */
MsOutcome *ms_cluster_auto_heal(MsCluster *cluster, MsEnv *env);

G_END_DECLS
