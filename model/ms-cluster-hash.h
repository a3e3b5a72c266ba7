/* migsim: a canonical 64-bit hash of a cluster's state, for the explorer's
 * seen-set.  Two clusters that ms_cluster_to_json() would print identically
 * hash identically; the converse holds up to 64-bit collisions.
 *
 * Canonical without sorting: every map (config, devices, the instance table,
 * per-member pool states) is folded with a commutative sum of well-mixed
 * entry hashes, so GHashTable iteration order cannot leak in.  Arrays whose
 * order the model keeps (members, pools, volumes, profiles, an instance's
 * profiles) are folded in order.  Derived data (member instance counts, the
 * location index, expanded config) is left out: it follows from the rest.
 *
 * A field added to the cluster must be added here too, or the explorer will
 * treat states that differ only in that field as one. */
#pragma once

#include "ms-cluster.h"

G_BEGIN_DECLS

guint64 ms_cluster_hash(const MsCluster *cluster);

/* The building blocks, shared with tests. */
guint64 ms_hash_string(const char *text);
guint64 ms_hash_mix(guint64 value);
/* Order-independent hash of a string -> string map (NULL hashes as empty). */
guint64 ms_hash_config(GHashTable *config);
/* ms_hash_config of a device's options, however the device is stored. */
guint64 ms_hash_device(MsDevice *device);

G_END_DECLS
