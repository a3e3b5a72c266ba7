/* migsim: the mixed workload of `migsim bench` (docs/bench.md#the-mixed-workload)
 * — a seeded generator of a production-like cluster, and the outcome each
 * instance must have after an evacuation and a restore, derived by hand
 * from LXD's source (lxd-5.21.7) for each class the generator makes, not
 * from the model under test. */
#pragma once

#include <glib.h>

#include "ms-cluster.h"

G_BEGIN_DECLS

/* What the generator decided for instance @i (a pure function of the seed
 * and @i, so the checker needs no memory per instance). */
typedef struct {
    gboolean vm;
    gboolean stopped;     /* created stopped (volatile.last_state.power=STOPPED) */
    gboolean remote_root; /* root on the ceph pool, else on the local zfs pool */
    gboolean migrate;     /* CanMigrate's first result under the expanded config */
    gboolean live;        /* ... and its second */
    guint n_volumes;      /* custom volumes attached (0-2) */
    gboolean group;       /* volatile.cluster.group set to its member's group */
} MsMixedClass;

typedef struct {
    guint64 checks;
    guint64 failures;
} MsMixedTally;

/* Builds the cluster: @n_members members, @n_instances instances. */
MsCluster *ms_mixed_build(guint n_members, guint64 n_instances, guint64 seed);
void ms_mixed_class(guint n_members, guint64 seed, guint64 i, MsMixedClass *out);
/* Checks every instance whose home is member @k (0-based) after its
 * evacuation (@evacuated) or after its restore; failures printed to stderr
 * (the first few) and counted. */
void ms_mixed_check_member(const MsCluster *cluster, guint n_members, guint64 n_instances, guint64 seed,
                           guint k, gboolean evacuated, MsMixedTally *tally);

G_END_DECLS
