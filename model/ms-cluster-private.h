/* migsim: the cluster's private indexes, shared by ms-cluster.c (the
 * container, members and placement) and ms-cluster-instances.c (instances
 * and their indexes); nothing else includes this header. */
#pragma once

#include "ms-apply-private.h"
#include "ms-cluster.h"
#include "ms-config.h"

typedef struct MsProfileLayerCache MsProfileLayerCache;
typedef struct MsMemberKeeper MsMemberKeeper;
void ms_profile_layer_cache_free(MsProfileLayerCache *cache);

/* Private indexes, so that the cost of an evacuation or a restore follows
 * the instances it touches, not the size of the cluster. */
/* One entry of MsClusterPriv.location_sets */
typedef struct {
    const char *location; /* ms_str_intern_forever's, as MsInstance.location */
    GHashTable *set;      /* by_location's set for it */
} MsLocationSetHint;

#define MS_LOCATION_SET_HINTS 16

typedef struct {
    MsCluster pub;
    GHashTable *by_location; /* member name -> (set of MsInstance, borrowed) */
    /* by_location's sets by the location's pointer, direct-mapped
     * (MS_LOCATION_SET_HINTS entries; NULL until the first move): an
     * instance's location is ms_str_intern_forever's, one pointer per name,
     * and by_location never drops a set before the cluster goes, so an
     * entry never goes stale (ms-cluster-instances.c, location_set) */
    MsLocationSetHint *location_sets;
    /* member name (owned) -> position + 1 in pub.members.  A hit is checked
     * against the array, so a stale entry is never returned; a miss is
     * trusted only while the array has the length the index was built for
     * (members may be appended directly, see member_view in preflight). */
    GHashTable *member_index;
    guint member_index_len;
    /* @member_index is shared with a copy or an original (ms_cluster_copy):
     * whoever changes it first makes its own (member_index_own) */
    gboolean member_index_shared;
    /* members ordered by (n_instances + n_op_records, id) for placement,
     * as positions in members (a sorted array: a copy of it is one block,
     * which preflight's 1,000-member views take from the full state
     * instead of building a tree each); NULL when not built (small
     * clusters, or after a change it cannot follow) */
    guint *placement;
    guint placement_len;
    /* volatile.evacuate.origin -> (MsInstance -> MsInstance, borrowed), and
     * the origin each instance was indexed under, so that unindexing never
     * depends on the config still holding that value */
    GHashTable *by_origin; /* keyed by the origin's copy in strings; NULL until first used */
    GHashTable *origin_of; /* MsInstance -> origin (in strings); NULL with by_origin */
    /* distinct device sets of the instances added (a set of device maps,
     * compared by content): most instances have the same root disk, and
     * sharing one map saves three hash tables and their strings each */
    GHashTable *device_sets; /* NULL until first used */
    /* the same maps, by identity (a reference each) -> what is kept per
     * set (its start order): a map in device_sets never changes again
     * (every holder copies before a change).  Copies share this table with
     * their original, as they share its maps */
    GHashTable *frozen_sets;
    /* root disk validation memos (ms-devices.c), shared with copies; NULL
     * until first used */
    GHashTable *root_memos;
    /* static (ValidDevices) validation memos of the target-create probe
     * (ms-static-memo.c), shared with copies; NULL until first used */
    GHashTable *static_memos;
    /* the strings of every instance config (ms_cluster_add_instance
     * rehomes a config here); shared with copies; NULL until first used */
    MsStrPool *strings;
    /* device source -> instances naming it (ms-volume-users.c); NULL when
     * not built; never copied */
    GHashTable *volume_users;
    /* volumes by name (ms-volume-users.c); NULL when not built; never copied */
    MsVolumeIndex *volume_index;
    /* the profile layers of the expanded config, one per profile list
     * (ms-cluster-expand.c); NULL when not built; never copied */
    MsProfileLayerCache *profile_layers;
    /* the instances' profile lists, one array per distinct list (GPtrArray,
     * compared by content, a reference each -> its number,
     * MsInstance.profile_list_id): ms_cluster_add_instance shares an
     * instance's own list with the one here, marked shared as
     * ms_instance_copy marks it, so a change copies it first
     * (ms_instance_profiles_mut).  NULL until first used; never copied (a
     * copy's instances come shared) */
    GHashTable *profile_lists;
    /* the one empty snapshot list that ms_cluster_add_instance gives every
     * instance without snapshots (share_empty_snapshots); NULL until first
     * used; never copied */
    GPtrArray *no_snapshots;
    /* the last number given to a list; a copy goes on from its original's,
     * so that its new lists never take the number of one its instances
     * brought */
    guint profile_list_ids;
    /* ms_cluster_set_self_checks(FALSE): no index answer is compared with
     * a scan here, whatever the size (copies inherit it) */
    gboolean self_checks_off;
    /* a copy's members as copied (MsMember.in_block), freed with the
     * cluster; NULL for an original's */
    MsMember *member_block;
    /* references to every member's four strings and groups (MsMember
     * .borrowed), in member order, shared by copies: a copy's members
     * borrow them when they are its original's as listed here; NULL until
     * the first copy */
    MsMemberKeeper *member_keeper;
} MsClusterPriv;

/* Makes by_origin and origin_of if they are not made yet. */
void ms_cluster_origin_index(MsCluster *cluster);
/* device_sets, made on first use */
GHashTable *ms_cluster_device_sets(MsCluster *cluster);
/* the frozen device sets' free function (MsClusterPriv.frozen_sets) */
void ms_cluster_frozen_set_free(gpointer data);
/* Adds a copy of each of @from's instances to @copy (ms_cluster_copy's
 * instances: @copy has none yet, its members are @from's, in its block),
 * in @from's order, as ms_cluster_add_instance would. */
void ms_cluster_copy_instances(MsCluster *copy, const MsCluster *from);
/* Changes a member's instance count, keeping the placement order. */
void ms_cluster_member_count_add(MsCluster *cluster, MsMember *member, int delta);
