/* migsim: storage pools and the storage driver table. */
#pragma once

#include <glib.h>

#include "ms-version.h"

G_BEGIN_DECLS

typedef enum {
    MS_POOL_PENDING,
    MS_POOL_CREATED,
} MsPoolState;

typedef struct {
    const char *name;
    MsReleases releases; /* releases that ship the driver */
    gboolean remote;     /* Info().Remote */
    gboolean multi_node; /* Info().VolumeMultiNode */
    gboolean holds_instances;
} MsDriverDef;

/* NULL when the driver does not exist at all; check releases for the profile. */
const MsDriverDef *ms_driver_lookup(const char *name);
const MsDriverDef *ms_drivers(guint *n_drivers);
/* TRUE for a driver the release ships that migsim does not model. */
gboolean ms_driver_unmodelled(const char *name, MsVersion version);

typedef struct {
    char *name;
    char *driver;
    MsPoolState state; /* cluster-wide: Pending until the final create */
    /* a final create failed after storing the config (CLUSTER.PEER_DOWN):
     * LXD's "Errored" status; @state stays Pending */
    gboolean errored;
    GHashTable *member_state; /* member name -> GINT_TO_POINTER(MsPoolState + 1) */
    GHashTable *config;
    /* a cluster copy shares its original's pools (ms_cluster_copy): a
     * shared pool is never changed: ms_cluster_lookup_pool_mut copies it
     * first (lookups without it give a const pool) */
    gint ref_count;
} MsPool;

MsPool *ms_pool_new(const char *name, const char *driver);
/* a new pool of the same content (reference count 1) */
MsPool *ms_pool_copy(const MsPool *pool);
MsPool *ms_pool_ref(MsPool *pool);
/* drops a reference: the last frees the pool */
void ms_pool_free(MsPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsPool, ms_pool_free)

gboolean ms_pool_is_remote(const MsPool *pool);
gboolean ms_pool_defined_on(const MsPool *pool, const char *member);
const char *ms_pool_state_to_api(MsPoolState state);
/* The pool's cluster-wide status as LXD prints it: Created, Pending or Errored. */
const char *ms_pool_status(const MsPool *pool);

G_END_DECLS
