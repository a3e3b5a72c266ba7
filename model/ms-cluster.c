/* migsim: the cluster container, its members, placement and clock, and
 * lookups (the instances and their indexes are in ms-cluster-instances.c,
 * config expansion in ms-cluster-expand.c, the JSON dump in
 * ms-cluster-json.c). */
#include "ms-cluster.h"

#include <string.h>

#include "ms-apply-private.h"
#include "ms-cluster-hash.h"
#include "ms-cluster-private.h"
#include "ms-config.h"

/* Below this many members a scan of the array is cheaper than keeping a
 * sorted order up to date (the explorer's universes have 1 to 9). */
#define PLACEMENT_MIN_MEMBERS 16
/* The same for the name index of members: below this many a lookup scans
 * the array (what the index answers too: the first member of a name). */
#define MEMBER_INDEX_MIN_MEMBERS 16

static guint
devices_hash(gconstpointer key)
{
    MsDevices *devices = (MsDevices *) key;
    MsDevicesIter iter;
    const char *name;
    MsDevice *device;
    guint64 sum = 0;

    /* a sum of mixed entry hashes: independent of hash-table order */
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, &device))
        sum += ms_hash_mix(ms_hash_string(name) ^ (ms_hash_device(device) * 0x9e3779b97f4a7c15ULL));
    sum = ms_hash_mix(sum + ms_devices_count(devices));
    return (guint) (sum ^ (sum >> 32));
}

static void
op_record_free(gpointer data)
{
    g_free(data);
}

/* An empty cluster; with @defaults also what a new one starts with (the
 * default profile and cluster group, an empty server config, its own set of
 * frozen device sets), which a copy takes from its original instead. */
static MsCluster *
cluster_alloc(gboolean defaults, const MsCluster *like)
{
    MsClusterPriv *priv = g_new0(MsClusterPriv, 1);
    MsCluster *cluster = &priv->pub;

    /* a copy's arrays are sized for its original's: preflight copies
     * 1,000-member clusters thousands of times */
    cluster->members = g_ptr_array_new_full(like ? like->members->len : 0, (GDestroyNotify) ms_member_free);
    cluster->pools = g_ptr_array_new_full(like ? like->pools->len : 0, (GDestroyNotify) ms_pool_free);
    cluster->volumes = g_ptr_array_new_full(like ? like->volumes->len : 0, (GDestroyNotify) ms_volume_free);
    cluster->profiles =
        g_ptr_array_new_full(like ? like->profiles->len : 0, (GDestroyNotify) ms_profile_entity_free);
    cluster->instances =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) ms_instance_free);
    cluster->next_member_id = 1;
    /* by_location, member_index, by_origin, origin_of and device_sets are
     * made on first use (location_index in ms-cluster-instances.c,
     * ms_cluster_lookup_member, ms_cluster_origin_index,
     * ms_cluster_device_sets): most copies the explorer makes never need
     * them */
    cluster->cluster_groups = g_ptr_array_new_with_free_func(g_free);
    if (defaults) {
        priv->frozen_sets = g_hash_table_new_full(
            g_direct_hash, g_direct_equal, (GDestroyNotify) ms_devices_unref, ms_cluster_frozen_set_free);
        cluster->server_config = ms_config_new();
        g_ptr_array_add(cluster->profiles, ms_profile_entity_new("default"));
        g_ptr_array_add(cluster->cluster_groups, g_strdup("default"));
    }
    cluster->networks = g_ptr_array_new_with_free_func((GDestroyNotify) ms_network_free);
    cluster->placement_groups = g_ptr_array_new_with_free_func((GDestroyNotify) ms_placement_group_free);
    cluster->projects = g_ptr_array_new_with_free_func((GDestroyNotify) ms_project_free);
    cluster->op_records = g_ptr_array_new_with_free_func(op_record_free);
    cluster->injected = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    cluster->jobs = g_ptr_array_new_with_free_func((GDestroyNotify) ms_job_free);
    return cluster;
}

MsCluster *
ms_cluster_new(void)
{
    return cluster_alloc(TRUE, NULL);
}

static void member_keeper_unref(MsMemberKeeper *keeper);

void
ms_cluster_free(MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (cluster == NULL)
        return;
    g_ptr_array_unref(cluster->members);
    g_free(priv->member_block);
    member_keeper_unref(priv->member_keeper);
    g_ptr_array_unref(cluster->pools);
    g_ptr_array_unref(cluster->volumes);
    g_ptr_array_unref(cluster->profiles);
    g_clear_pointer(&priv->by_location, g_hash_table_unref);
    g_clear_pointer(&priv->location_sets, g_free);
    g_clear_pointer(&priv->member_index, g_hash_table_unref);
    g_clear_pointer(&priv->placement, g_free);
    g_clear_pointer(&priv->by_origin, g_hash_table_unref);
    g_clear_pointer(&priv->origin_of, g_hash_table_unref);
    g_hash_table_unref(priv->frozen_sets);
    g_clear_pointer(&priv->root_memos, g_hash_table_unref);
    g_clear_pointer(&priv->static_memos, g_hash_table_unref);
    g_clear_pointer(&priv->device_sets, g_hash_table_unref);
    ms_str_pool_unref(priv->strings);
    g_clear_pointer(&priv->profile_lists, g_hash_table_unref);
    g_clear_pointer(&priv->no_snapshots, g_ptr_array_unref);
    ms_cluster_volume_users_changed(cluster);
    ms_cluster_volumes_changed(cluster);
    ms_cluster_profiles_changed(cluster);
    g_hash_table_unref(cluster->instances);
    g_hash_table_unref(cluster->server_config);
    g_ptr_array_unref(cluster->cluster_groups);
    g_ptr_array_unref(cluster->networks);
    g_ptr_array_unref(cluster->placement_groups);
    g_ptr_array_unref(cluster->projects);
    g_ptr_array_unref(cluster->op_records);
    g_hash_table_unref(cluster->injected);
    g_ptr_array_unref(cluster->jobs);
    g_clear_pointer(&cluster->remotes, g_ptr_array_unref);
    g_free(priv);
}

void
ms_cluster_origin_index(MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (priv->by_origin != NULL)
        return;
    priv->by_origin =
        g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_hash_table_unref);
    priv->origin_of = g_hash_table_new(g_direct_hash, g_direct_equal);
}

GHashTable *
ms_cluster_device_sets(MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (priv->device_sets == NULL)
        priv->device_sets =
            g_hash_table_new_full(devices_hash, ms_devices_equal, (GDestroyNotify) ms_devices_unref, NULL);
    return priv->device_sets;
}

GHashTable **
ms_cluster_volume_users_slot(const MsCluster *cluster)
{
    return &((MsClusterPriv *) cluster)->volume_users;
}

MsVolumeIndex **
ms_cluster_volume_index_slot(const MsCluster *cluster)
{
    return &((MsClusterPriv *) cluster)->volume_index;
}

/* References to members' strings and groups, held once for all the
 * members of every copy that borrows them (MsMember.borrowed) */
struct MsMemberKeeper {
    gatomicrefcount ref;
    GPtrArray *strings; /* (element-type GRefString) four per member, in member order */
    GPtrArray *groups;  /* one per member */
};

static void
member_keeper_unref(MsMemberKeeper *keeper)
{
    if (keeper == NULL || !g_atomic_ref_count_dec(&keeper->ref))
        return;
    g_ptr_array_unref(keeper->strings);
    g_ptr_array_unref(keeper->groups);
    g_free(keeper);
}

/* Whether @keeper lists @members' strings and groups as they are now */
static gboolean
member_keeper_current(const MsMemberKeeper *keeper, const GPtrArray *members)
{
    if (keeper == NULL || keeper->groups->len != members->len)
        return FALSE;
    for (guint i = 0; i < members->len; i++) {
        const MsMember *member = members->pdata[i];
        gpointer *strings = &keeper->strings->pdata[4 * i];
        if (strings[0] != member->name || strings[1] != member->architecture ||
            strings[2] != member->failure_domain || strings[3] != member->scheduler_instance ||
            keeper->groups->pdata[i] != member->groups)
            return FALSE;
    }
    return TRUE;
}

/* @cluster's keeper, made again if a member was added, removed or changed
 * since: the new one holds every string and group its members point to,
 * borrowed or not, so the old one can go */
static MsMemberKeeper *
member_keeper(MsClusterPriv *priv)
{
    const GPtrArray *members = priv->pub.members;
    MsMemberKeeper *keeper;

    if (member_keeper_current(priv->member_keeper, members))
        return priv->member_keeper;
    keeper = g_new0(MsMemberKeeper, 1);
    g_atomic_ref_count_init(&keeper->ref);
    keeper->strings = g_ptr_array_new_full(4 * members->len, (GDestroyNotify) g_ref_string_release);
    keeper->groups = g_ptr_array_new_full(members->len, (GDestroyNotify) g_ptr_array_unref);
    for (guint i = 0; i < members->len; i++) {
        const MsMember *member = members->pdata[i];
        g_ptr_array_add(keeper->strings, g_ref_string_acquire(member->name));
        g_ptr_array_add(keeper->strings, g_ref_string_acquire(member->architecture));
        g_ptr_array_add(keeper->strings, g_ref_string_acquire(member->failure_domain));
        g_ptr_array_add(keeper->strings, g_ref_string_acquire(member->scheduler_instance));
        g_ptr_array_add(keeper->groups, g_ptr_array_ref((GPtrArray *) member->groups));
    }
    member_keeper_unref(priv->member_keeper);
    priv->member_keeper = keeper;
    return keeper;
}

/* ms_cluster_copy, or with @contents FALSE the same without instances and
 * volumes */
static MsCluster *
cluster_copy(const MsCluster *cluster, gboolean contents)
{
    MsCluster *copy = cluster_alloc(FALSE, cluster);
    MsClusterPriv *from = (MsClusterPriv *) cluster;

    ((MsClusterPriv *) copy)->frozen_sets = g_hash_table_ref(((const MsClusterPriv *) cluster)->frozen_sets);
    ((MsClusterPriv *) copy)->self_checks_off = from->self_checks_off;
    /* made in the original if need be, so that every copy of a copy shares
     * one table (preflight's views are copies of a skeleton copy) */
    ((MsClusterPriv *) copy)->root_memos = g_hash_table_ref(ms_cluster_root_memos(cluster));
    ((MsClusterPriv *) copy)->static_memos = g_hash_table_ref(ms_cluster_static_memos(cluster));
    ((MsClusterPriv *) copy)->profile_list_ids = ((const MsClusterPriv *) cluster)->profile_list_ids;
    if (((const MsClusterPriv *) cluster)->strings != NULL)
        ((MsClusterPriv *) copy)->strings = ms_str_pool_ref(((const MsClusterPriv *) cluster)->strings);
    /* the members keep their order, so a current index of their names
     * serves the copy too (each side makes its own before changing it) */
    if (from->member_index != NULL && from->member_index_len == cluster->members->len &&
        g_hash_table_size(from->member_index) > 0) {
        ((MsClusterPriv *) copy)->member_index = g_hash_table_ref(from->member_index);
        ((MsClusterPriv *) copy)->member_index_len = from->member_index_len;
        ((MsClusterPriv *) copy)->member_index_shared = TRUE;
        from->member_index_shared = TRUE;
    }
    if (cluster->members->len > 0) {
        MsMemberKeeper *keeper = member_keeper(from);

        g_atomic_ref_count_inc(&keeper->ref);
        ((MsClusterPriv *) copy)->member_keeper = keeper;
        ((MsClusterPriv *) copy)->member_block = g_new(MsMember, cluster->members->len);
    }
    /* the arrays are sized for these (cluster_alloc) and filled in place:
     * preflight copies a 1,000-member view for every member and every way
     * out, and an append per member was a tenth of each copy */
    g_ptr_array_set_size(copy->members, cluster->members->len);
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = &((MsClusterPriv *) copy)->member_block[i];

        /* the copy holds the keeper: its members take no references */
        ms_member_borrow_into(member, cluster->members->pdata[i]);
        member->in_block = TRUE;
        /* recounted as the instances are added below */
        member->n_instances = 0;
        copy->members->pdata[i] = member;
    }
    /* shared until one side changes them (ms_cluster_lookup_pool_mut): the
     * explorer's changes seldom touch a pool */
    g_ptr_array_set_size(copy->pools, cluster->pools->len);
    for (guint i = 0; i < cluster->pools->len; i++)
        copy->pools->pdata[i] = ms_pool_ref(cluster->pools->pdata[i]);
    /* shared as well (ms_cluster_volume_mut): preflight copies a member's
     * view for every way out, and a view holds every remote volume */
    if (contents) {
        g_ptr_array_set_size(copy->volumes, cluster->volumes->len);
        for (guint i = 0; i < cluster->volumes->len; i++)
            copy->volumes->pdata[i] = ms_volume_ref(cluster->volumes->pdata[i]);
    }
    g_ptr_array_set_size(copy->profiles, cluster->profiles->len);
    for (guint i = 0; i < cluster->profiles->len; i++)
        copy->profiles->pdata[i] = ms_profile_entity_copy(cluster->profiles->pdata[i]);
    for (guint i = 0; i < cluster->projects->len; i++)
        g_ptr_array_add(copy->projects, ms_project_copy(cluster->projects->pdata[i]));
    if (contents)
        ms_cluster_copy_instances(copy, cluster);
    copy->server_config = ms_config_copy(cluster->server_config);
    copy->next_member_id = cluster->next_member_id;
    for (guint i = 0; i < cluster->cluster_groups->len; i++)
        g_ptr_array_add(copy->cluster_groups, g_strdup(cluster->cluster_groups->pdata[i]));
    for (guint i = 0; i < cluster->networks->len; i++) {
        const MsNetwork *n = cluster->networks->pdata[i];
        MsNetwork *c = g_new0(MsNetwork, 1);
        GHashTableIter iter;
        gpointer key;

        c->name = g_strdup(n->name);
        c->created = n->created;
        c->errored = n->errored;
        c->config = ms_config_copy(n->config);
        c->forwards = ms_config_copy(n->forwards);
        c->pending_on = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_iter_init(&iter, n->pending_on);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            g_hash_table_add(c->pending_on, g_strdup(key));
        g_ptr_array_add(copy->networks, c);
    }
    for (guint i = 0; i < cluster->placement_groups->len; i++) {
        const MsPlacementGroup *g = cluster->placement_groups->pdata[i];
        MsPlacementGroup *c = g_new0(MsPlacementGroup, 1);
        c->name = g_strdup(g->name);
        c->config = ms_config_copy(g->config);
        g_ptr_array_add(copy->placement_groups, c);
    }
    copy->now_ms = cluster->now_ms;
    copy->n_unreachable = cluster->n_unreachable;
    for (guint i = 0; cluster->remotes != NULL && i < cluster->remotes->len; i++) {
        const MsRemote *r = cluster->remotes->pdata[i];
        ms_cluster_add_remote(copy, r->name, r->standalone, ms_cluster_copy(r->cluster));
    }
    {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, cluster->injected);
        while (g_hash_table_iter_next(&it, &k, &v))
            g_hash_table_insert(copy->injected, g_strdup(k), g_strdup(v));
    }
    for (guint i = 0; i < cluster->op_records->len; i++) {
        const MsOpRecord *r = cluster->op_records->pdata[i];
        MsOpRecord *c = g_new0(MsOpRecord, 1);
        c->member = r->member;
        c->removed_at_ms = r->removed_at_ms;
        g_ptr_array_add(copy->op_records, c);
    }
    for (guint i = 0; i < cluster->jobs->len; i++)
        g_ptr_array_add(copy->jobs, ms_job_copy(cluster->jobs->pdata[i]));
    return copy;
}

MsCluster *
ms_cluster_copy(const MsCluster *cluster)
{
    return cluster_copy(cluster, TRUE);
}

MsCluster *
ms_cluster_copy_without_instances(const MsCluster *cluster)
{
    return cluster_copy(cluster, FALSE);
}

void
ms_job_free(MsJob *job)
{
    if (job == NULL)
        return;
    g_ptr_array_unref(job->steps);
    g_free(job->hung);
    g_free(job);
}

MsJob *
ms_job_copy(const MsJob *job)
{
    MsJob *copy = g_new0(MsJob, 1);

    *copy = *job;
    copy->hung = g_strdup(job->hung);
    copy->steps = g_ptr_array_new_full(job->steps->len, g_free);
    for (guint i = 0; i < job->steps->len; i++)
        g_ptr_array_add(copy->steps, g_strdup(job->steps->pdata[i]));
    return copy;
}

static void
placement_invalidate(MsClusterPriv *priv)
{
    g_clear_pointer(&priv->placement, g_free);
    priv->placement_len = 0;
}

/* Before a change to the member index: a shared one is dropped (rebuilt
 * on the next lookup), never changed under another cluster. */
static void
member_index_own(MsClusterPriv *priv)
{
    if (!priv->member_index_shared)
        return;
    g_clear_pointer(&priv->member_index, g_hash_table_unref);
    priv->member_index_len = 0;
    priv->member_index_shared = FALSE;
}

MsMember *
ms_cluster_add_member(MsCluster *cluster, const char *name)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    MsMember *member = ms_member_new(name, cluster->next_member_id++);

    g_ptr_array_add(cluster->members, member);
    placement_invalidate(priv);
    member_index_own(priv);
    /* keep a current index current: a loader adding N members, each after
     * a lookup, would otherwise rebuild it N times */
    if (priv->member_index != NULL && priv->member_index_len + 1 == cluster->members->len &&
        (g_hash_table_size(priv->member_index) > 0 || priv->member_index_len == 0)) {
        if (!g_hash_table_contains(priv->member_index, name))
            g_hash_table_insert(priv->member_index, g_strdup(name), GUINT_TO_POINTER(cluster->members->len));
        priv->member_index_len = cluster->members->len;
    }
    return member;
}

void
ms_cluster_remove_member(MsCluster *cluster, MsMember *member)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    placement_invalidate(priv);
    for (guint i = cluster->op_records->len; i-- > 0;)
        if (g_str_equal(((MsOpRecord *) cluster->op_records->pdata[i])->member, member->name))
            g_ptr_array_remove_index(cluster->op_records, i);
    if (member->unreachable_since_ms != G_MAXUINT64)
        cluster->n_unreachable--;
    /* positions after @member shift: rebuilt on the next lookup */
    member_index_own(priv);
    if (priv->member_index != NULL)
        g_hash_table_remove_all(priv->member_index);
    priv->member_index_len = 0;
    g_ptr_array_remove(cluster->members, member);
}

void
ms_cluster_members_changed(MsCluster *cluster)
{
    placement_invalidate((MsClusterPriv *) cluster);
}

static MsMember *
indexed_member(const MsCluster *cluster, const char *name)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    guint pos =
        priv->member_index != NULL ? GPOINTER_TO_UINT(g_hash_table_lookup(priv->member_index, name)) : 0;
    MsMember *member;

    if (pos == 0 || pos > cluster->members->len)
        return NULL;
    member = cluster->members->pdata[pos - 1];
    return g_str_equal(member->name, name) ? member : NULL;
}

MsMember *
ms_cluster_answering_member(const MsCluster *cluster, const char *client)
{
    MsMember *member = client != NULL ? ms_cluster_lookup_member(cluster, client) : NULL;

    return member != NULL ? member : cluster->members->len > 0 ? cluster->members->pdata[0] : NULL;
}

MsMember *
ms_cluster_lookup_member(const MsCluster *cluster, const char *name)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    MsMember *member;

    if (cluster->members->len < MEMBER_INDEX_MIN_MEMBERS) {
        /* an instance's location is interned as every member's name_key:
         * equal strings are the same pointer there, so the first pointer
         * hit is the first member of that name.  A name from elsewhere (a
         * command's --target) falls through to the string compare. */
        for (guint i = 0; i < cluster->members->len; i++) {
            member = cluster->members->pdata[i];
            if (member->name_key == name)
                return member;
        }
        for (guint i = 0; i < cluster->members->len; i++) {
            member = cluster->members->pdata[i];
            if (g_str_equal(member->name, name))
                return member;
        }
        return NULL;
    }
    member = indexed_member(cluster, name);
    if (member != NULL)
        return member;
    if (priv->member_index != NULL && priv->member_index_len == cluster->members->len &&
        g_hash_table_size(priv->member_index) > 0)
        return NULL;
    member_index_own(priv);
    if (priv->member_index == NULL)
        priv->member_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_remove_all(priv->member_index);
    /* the first member of a name wins, as a scan of the array would find it */
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        if (!g_hash_table_contains(priv->member_index, m->name))
            g_hash_table_insert(priv->member_index, g_strdup(m->name), GUINT_TO_POINTER(i + 1));
    }
    priv->member_index_len = cluster->members->len;
    return indexed_member(cluster, name);
}

/* What GetNodeWithLeastInstances counts: instances plus instance-creation
 * operation records (lxd/db/node.go:1135 at lxd-5.0.2). */
static guint
member_load(const MsMember *member)
{
    return member->n_instances + member->n_op_records;
}

/* (load, id): fewest instances first, ties to the lowest ID, as
 * GetNodeWithLeastInstances orders them. */
static int
compare_key(guint load_a, guint id_a, guint load_b, guint id_b)
{
    if (load_a != load_b)
        return load_a < load_b ? -1 : 1;
    if (id_a != id_b)
        return id_a < id_b ? -1 : 1;
    return 0;
}

static int
compare_placement(const MsMember *ma, const MsMember *mb)
{
    return compare_key(member_load(ma), ma->id, member_load(mb), mb->id);
}

/* qsort of positions in the members array (@data) */
static int
compare_positions(gconstpointer a, gconstpointer b, gpointer data)
{
    MsMember *const *members = data;

    return compare_placement(members[*(const guint *) a], members[*(const guint *) b]);
}

static gboolean
placement_tracked(const MsClusterPriv *priv, const MsCluster *cluster)
{
    return priv->placement != NULL && priv->placement_len == cluster->members->len;
}

/* The placement order (positions in members, sorted by (load, id)), built
 * on first use; NULL when a scan must decide: a small cluster, or IDs that
 * do not increase along the array (then the array order, which the scan
 * follows, is not the ID order).  IDs increasing means unique keys: the
 * order is a function of the members' loads and IDs alone. */
static const guint *
placement_order(const MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    if (cluster->members->len < PLACEMENT_MIN_MEMBERS)
        return NULL;
    if (placement_tracked(priv, cluster))
        return priv->placement;
    placement_invalidate(priv);
    for (guint i = 1; i < cluster->members->len; i++)
        if (((MsMember *) cluster->members->pdata[i - 1])->id >=
            ((MsMember *) cluster->members->pdata[i])->id)
            return NULL;
    priv->placement = g_new(guint, cluster->members->len);
    for (guint i = 0; i < cluster->members->len; i++)
        priv->placement[i] = i;
    g_qsort_with_data(priv->placement, (gint) cluster->members->len, sizeof(guint), compare_positions,
                      cluster->members->pdata);
    priv->placement_len = cluster->members->len;
    return priv->placement;
}

/* The position in the placement order of @member, whose load was @load
 * when it was last placed (keys are unique: a binary search finds it). */
static guint
placement_find(const MsClusterPriv *priv, const MsCluster *cluster, const MsMember *member, guint load)
{
    MsMember *const *members = (MsMember *const *) cluster->members->pdata;
    guint lo = 0, hi = priv->placement_len;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const MsMember *m = members[priv->placement[mid]];
        if (compare_key(member_load(m), m->id, load, member->id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    g_assert(lo < priv->placement_len && members[priv->placement[lo]] == member);
    return lo;
}

/* Puts the member at @pos of the placement order where its new load
 * sorts it: out of the array, then in again after a binary search. */
static void
placement_move(MsClusterPriv *priv, const MsCluster *cluster, guint pos)
{
    MsMember *const *members = (MsMember *const *) cluster->members->pdata;
    guint *order = priv->placement;
    guint n = priv->placement_len, moving = order[pos], lo = 0, hi = n - 1;

    memmove(&order[pos], &order[pos + 1], (n - pos - 1) * sizeof(guint));
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (compare_placement(members[order[mid]], members[moving]) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&order[lo + 1], &order[lo], (n - 1 - lo) * sizeof(guint));
    order[lo] = moving;
}

/* Changes a member's instance count (@instances) or operation records,
 * keeping the placement order. */
static void
member_load_add(MsCluster *cluster, MsMember *member, guint *field, int delta)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    gboolean tracked = placement_tracked(priv, cluster);
    guint pos = tracked ? placement_find(priv, cluster, member, member_load(member)) : 0;

    *field += delta;
    if (tracked)
        placement_move(priv, cluster, pos);
}

void
ms_cluster_member_count_add(MsCluster *cluster, MsMember *member, int delta)
{
    if (delta < 0 && member->n_instances == 0)
        return;
    member_load_add(cluster, member, &member->n_instances, delta);
}

static void
member_records_add(MsCluster *cluster, MsMember *member, int delta)
{
    if (delta < 0 && member->n_op_records == 0)
        return;
    member_load_add(cluster, member, &member->n_op_records, delta);
}

void
ms_cluster_members_changed_like(MsCluster *cluster, const MsCluster *like)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    const guint *order;

    placement_invalidate(priv);
    if (cluster->members->len != like->members->len)
        return;
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *a = cluster->members->pdata[i], *b = like->members->pdata[i];
        if (a->id != b->id || member_load(a) != member_load(b))
            return;
    }
    order = placement_order(like);
    if (order == NULL)
        return;
    priv->placement = g_memdup2(order, cluster->members->len * sizeof(guint));
    priv->placement_len = cluster->members->len;
}

void
ms_cluster_add_op_record(MsCluster *cluster, const char *name)
{
    MsMember *member = ms_cluster_lookup_member(cluster, name);
    MsOpRecord *record;

    if (member == NULL)
        return;
    record = g_new0(MsOpRecord, 1);
    record->member = member->name_key;
    record->removed_at_ms = G_MAXUINT64;
    g_ptr_array_add(cluster->op_records, record);
    member_records_add(cluster, member, 1);
}

void
ms_cluster_follow_placement(MsCluster *cluster, MsInstance *instance, const char *member)
{
    MsMember *from = ms_cluster_lookup_member(cluster, instance->location);
    MsMember *to = ms_cluster_lookup_member(cluster, member);

    if (to == NULL || from == to)
        return;
    /* records name only their member: any one of the old member's will do,
     * the newest being the one this placement left */
    for (guint i = cluster->op_records->len; from != NULL && i-- > 0;) {
        MsOpRecord *record = cluster->op_records->pdata[i];
        if (!g_str_equal(record->member, from->name))
            continue;
        record->member = to->name_key;
        member_records_add(cluster, from, -1);
        member_records_add(cluster, to, 1);
        break;
    }
    ms_cluster_set_instance_location(cluster, instance, member);
}

const char *
ms_cluster_injected(const MsCluster *cluster, const char *what, const char *instance)
{
    g_autofree char *key = NULL;

    if (g_hash_table_size(cluster->injected) == 0)
        return NULL;
    key = g_strdup_printf("%s:%s", what, instance);
    return g_hash_table_lookup(cluster->injected, key);
}

void
ms_cluster_inject(MsCluster *cluster, const char *what, const char *instance, const char *text)
{
    char *key = g_strdup_printf("%s:%s", what, instance);

    if (text == NULL) {
        g_hash_table_remove(cluster->injected, key);
        g_free(key);
        return;
    }
    g_hash_table_insert(cluster->injected, key, g_strdup(text));
}

void
ms_cluster_set_unreachable(MsCluster *cluster, MsMember *member, gboolean unreachable)
{
    if (unreachable && member->unreachable_since_ms == G_MAXUINT64) {
        member->unreachable_since_ms = cluster->now_ms;
        cluster->n_unreachable++;
    } else if (!unreachable && member->unreachable_since_ms != G_MAXUINT64) {
        member->unreachable_since_ms = G_MAXUINT64;
        cluster->n_unreachable--;
    }
    ms_cluster_advance_clock(cluster, 0);
}

guint64
ms_cluster_offline_threshold_ms(const MsCluster *cluster)
{
    const char *value = ms_config_get(cluster->server_config, "cluster.offline_threshold");
    guint64 seconds = value != NULL ? g_ascii_strtoull(value, NULL, 10) : 20;

    return (seconds > 0 ? seconds : 20) * 1000;
}

void
ms_cluster_advance_clock(MsCluster *cluster, guint64 ms)
{
    guint64 threshold = ms_cluster_offline_threshold_ms(cluster);

    cluster->now_ms += ms;
    for (guint i = cluster->op_records->len; i-- > 0;) {
        MsOpRecord *record = cluster->op_records->pdata[i];
        /* made by the command that just ended: gone 5 s after it */
        if (record->removed_at_ms == G_MAXUINT64)
            record->removed_at_ms = cluster->now_ms + MS_OP_RECORD_KEEP_MS;
        if (record->removed_at_ms > cluster->now_ms)
            continue;
        {
            MsMember *member = ms_cluster_lookup_member(cluster, record->member);
            if (member != NULL)
                member_records_add(cluster, member, -1);
        }
        g_ptr_array_remove_index(cluster->op_records, i);
    }
    /* IsOffline: the last heartbeat is older than the threshold
     * (lxd/db/node.go:1167 at lxd-5.0.2); the last one that reached the
     * member was at most the time it stopped answering */
    for (guint i = 0; cluster->n_unreachable > 0 && i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        /* an EVACUATED member shows as such even without heartbeats
         * (lxd/db/node.go:173-177 at lxd-5.21.7) */
        if (member->unreachable_since_ms == G_MAXUINT64 || member->status == MS_MEMBER_OFFLINE ||
            member->db_status == MS_MEMBER_EVACUATED)
            continue;
        if (cluster->now_ms >= member->unreachable_since_ms + threshold)
            member->status = MS_MEMBER_OFFLINE;
    }
}

static gboolean
member_is_candidate(const MsMember *member, const MsInstance *instance)
{
    if (member->status != MS_MEMBER_ONLINE)
        return FALSE;
    if (!g_str_equal(member->scheduler_instance, "all"))
        return FALSE;
    return ms_cluster_member_fits_arch(member, instance);
}

gboolean
ms_cluster_member_fits_arch(const MsMember *member, const MsInstance *instance)
{
    const char *arch = instance != NULL ? ms_instance_get_config(instance, "volatile.architecture") : NULL;

    return arch == NULL || g_str_equal(arch, member->architecture);
}

/* GetCandidateMembers + GetNodeWithLeastInstances (lxd/db/node.go): online,
 * not evacuated, scheduler.instance=all, matching architecture; fewest
 * instances, ties to the lowest member ID.  With the placement order this
 * visits members from the least loaded up and stops at the first
 * candidate: O(log m) unless many of the least loaded are filtered out. */
MsMember *
ms_cluster_pick_member(const MsCluster *cluster, const MsInstance *instance, const char *exclude)
{
    const guint *order = placement_order(cluster);
    MsMember *best = NULL;

    if (order != NULL) {
        for (guint i = 0; i < cluster->members->len; i++) {
            MsMember *member = cluster->members->pdata[order[i]];
            if (exclude != NULL && g_str_equal(member->name, exclude))
                continue;
            if (member_is_candidate(member, instance))
                return member;
        }
        return NULL;
    }
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        /* Only a strictly smaller count can replace the best so far, so the
         * count is compared first: the string and config checks then run
         * for a few members instead of all of them. */
        if (best != NULL && member_load(member) >= member_load(best))
            continue;
        if (exclude != NULL && g_str_equal(member->name, exclude))
            continue;
        if (!member_is_candidate(member, instance))
            continue;
        best = member;
    }
    return best;
}

MsPool *
ms_cluster_pool_mut_at(MsCluster *cluster, guint index)
{
    MsPool *pool = cluster->pools->pdata[index];

    if (g_atomic_int_get(&pool->ref_count) == 1)
        return pool;
    cluster->pools->pdata[index] = ms_pool_copy(pool);
    ms_pool_free(pool);
    return cluster->pools->pdata[index];
}

/* the index of pool @name, or -1 */
static gint
pool_index(const MsCluster *cluster, const char *name)
{
    /* the first byte before strcmp: a root disk's validation looks its
     * pool up on every start and move, and pools' names mostly differ
     * there ("remote", "local" in the rolling bench) */
    for (guint i = 0; i < cluster->pools->len; i++) {
        const char *pool_name = ((const MsPool *) cluster->pools->pdata[i])->name;

        if (pool_name[0] == name[0] && strcmp(pool_name, name) == 0)
            return (gint) i;
    }
    return -1;
}

const MsPool *
ms_cluster_lookup_pool(const MsCluster *cluster, const char *name)
{
    gint at = pool_index(cluster, name);

    return at < 0 ? NULL : cluster->pools->pdata[at];
}

MsPool *
ms_cluster_lookup_pool_mut(MsCluster *cluster, const char *name)
{
    gint at = pool_index(cluster, name);

    return at < 0 ? NULL : ms_cluster_pool_mut_at(cluster, (guint) at);
}

MsProfileEntity *
ms_cluster_lookup_profile_in(const MsCluster *cluster, const char *project, const char *name)
{
    project = ms_project_key(project);
    for (guint i = 0; i < cluster->profiles->len; i++) {
        MsProfileEntity *profile = cluster->profiles->pdata[i];
        /* the first byte first: this runs for every profile of every
         * instance a rolling maintenance moves */
        if (profile->name[0] == name[0] && g_str_equal(profile->name, name) &&
            g_strcmp0(profile->project, project) == 0)
            return profile;
    }
    return NULL;
}

MsProfileEntity *
ms_cluster_lookup_profile(const MsCluster *cluster, const char *name)
{
    return ms_cluster_lookup_profile_in(cluster, NULL, name);
}

MsInstance *
ms_cluster_lookup_instance(const MsCluster *cluster, const char *name)
{
    return g_hash_table_lookup(cluster->instances, name);
}

void
ms_network_free(MsNetwork *network)
{
    if (network == NULL)
        return;
    g_free(network->name);
    g_hash_table_unref(network->pending_on);
    g_hash_table_unref(network->config);
    g_clear_pointer(&network->forwards, g_hash_table_unref);
    g_free(network);
}

void
ms_placement_group_free(MsPlacementGroup *group)
{
    if (group == NULL)
        return;
    g_free(group->name);
    g_hash_table_unref(group->config);
    g_free(group);
}

MsNetwork *
ms_cluster_lookup_network(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->networks->len; i++) {
        MsNetwork *network = cluster->networks->pdata[i];
        if (g_str_equal(network->name, name))
            return network;
    }
    return NULL;
}

MsPlacementGroup *
ms_cluster_lookup_placement_group(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->placement_groups->len; i++) {
        MsPlacementGroup *group = cluster->placement_groups->pdata[i];
        if (g_str_equal(group->name, name))
            return group;
    }
    return NULL;
}

gboolean
ms_cluster_has_group(const MsCluster *cluster, const char *name)
{
    for (guint i = 0; i < cluster->cluster_groups->len; i++)
        if (g_str_equal(cluster->cluster_groups->pdata[i], name))
            return TRUE;
    return FALSE;
}

void
ms_cluster_assign_roles(MsCluster *cluster)
{
    guint n = cluster->members->len;

    for (guint i = 0; i < n; i++) {
        MsMember *member = cluster->members->pdata[i];
        if (n >= 3)
            member->role = i < 3   ? MS_MEMBER_ROLE_VOTER
                           : i < 5 ? MS_MEMBER_ROLE_STANDBY
                                   : MS_MEMBER_ROLE_SPARE;
        else
            member->role = i == 0 ? MS_MEMBER_ROLE_VOTER : MS_MEMBER_ROLE_STANDBY;
    }
}
