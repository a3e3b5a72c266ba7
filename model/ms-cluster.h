/* migsim: the in-memory cluster.  Owns every member, pool, volume, instance and
 * profile and the server config; objects refer to each other by name, so a
 * copy is a deep copy and nothing dangles.  Pure: no I/O, no globals.
 *
 * Iteration order is part of the contract: members in ID order, pools,
 * volumes, profiles and instances by name (byte order), as LXD's SQL queries
 * return them. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ms-instance.h"
#include "ms-member.h"
#include "ms-op.h"
#include "ms-pool.h"
#include "ms-project.h"
#include "ms-version.h"
#include "ms-volume.h"

G_BEGIN_DECLS

/* A managed network: like a local pool, defined per member (pending) and
 * then created cluster-wide.  Only its existence and config are modelled;
 * whether it started on a member is MsMember.networks_not_started. */
typedef struct {
    char *name;
    gboolean created;
    /* a bridge whose final create failed its validation: the config is
     * stored, the pending entries stay, and a create must come without
     * config (lxd/networks.go:525-562 networksPostCluster at lxd-5.0.2) */
    gboolean errored;
    GHashTable *pending_on; /* member names with a pending entry (set) */
    GHashTable *config;
    /* bridge forwards, one set per member: "ADDRESS@MEMBER" -> the
     * forward's target_address ("" without one) */
    GHashTable *forwards;
} MsNetwork;

/* A placement group (LXD 6.6+): the policy and rigor that filter candidates. */
typedef struct {
    char *name;
    GHashTable *config; /* policy, rigor, description ... */
} MsPlacementGroup;

void ms_network_free(MsNetwork *network);
void ms_placement_group_free(MsPlacementGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsNetwork, ms_network_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsPlacementGroup, ms_placement_group_free)

/* An instance-creation operation in LXD's operations table: LXD deletes the
 * record 5 s after the operation is done (lxd/operations/operations.go:245
 * at lxd-5.0.2, :278 at lxd-5.21.7, :479 at lxd-6.9), and placement counts
 * the records of each member next to its instances (lxd/db/node.go:1130
 * GetNodeWithLeastInstances at lxd-5.0.2, :1129 at lxd-5.21.7, :1134 at
 * lxd-6.9). */
typedef struct {
    /* the member's name_key (ms_str_intern_forever, never freed): not a
     * copy, and ms_cluster_lookup_member finds it by pointer */
    const char *member;
    guint64 removed_at_ms; /* G_MAXUINT64 while its command runs */
} MsOpRecord;

#define MS_OP_RECORD_KEEP_MS 5000

/* A request running in the background (`lxc ... &`,
 * docs/scenario-language.md#concurrency): LXD's operation, not final until
 * its last step has run.  An evacuation or a restore lists its instances
 * when it starts, as LXD does, and runs one step per instance; any other
 * request is one step.  Each step is "E:NAME" (evacuate NAME), "S:NAME"
 * (restore: start the local NAME), "M:NAME" (restore: migrate NAME back)
 * or "W:" (the whole request). */
typedef struct {
    guint id;         /* the shell's job number (%N) */
    const MsOp *op;   /* (not owned) outlives the job: the scenario's or the explorer's */
    GPtrArray *steps; /* (element-type utf8) */
    guint next;       /* the next step to run */
    /* the instance whose migration hangs (model/ms-hang.c): the operation
     * never ends and stays in flight, under id 0 (no shell job) */
    char *hung;
} MsJob;

void ms_job_free(MsJob *job);
MsJob *ms_job_copy(const MsJob *job);

typedef struct {
    GPtrArray *members;    /* (element-type MsMember) ID order */
    GPtrArray *pools;      /* (element-type MsPool) creation order */
    GPtrArray *volumes;    /* (element-type MsVolume) creation order */
    GPtrArray *profiles;   /* (element-type MsProfileEntity) creation order; "default" first */
    GHashTable *instances; /* name -> MsInstance */
    GHashTable *server_config;
    guint next_member_id;
    GPtrArray *cluster_groups;   /* (element-type utf8) creation order; "default" first */
    GPtrArray *networks;         /* (element-type MsNetwork) creation order */
    GPtrArray *placement_groups; /* (element-type MsPlacementGroup) creation order */
    /* (element-type MsProject) the non-default projects, creation order,
     * and "default" once its config was set (lxc project set default) */
    GPtrArray *projects;
    /* the simulated clock: ms since the scenario started (docs/scenario-language.md#time) */
    guint64 now_ms;
    GPtrArray *op_records; /* (element-type MsOpRecord) creation order */
    guint n_unreachable;   /* members with unreachable_since_ms set */
    /* injected failures (`fault instance NAME start-fail TEXT`, `fault
     * migration NAME fail TEXT`): "start:NAME" / "migrate:NAME" -> LXD's text */
    GHashTable *injected;
    /* requests in flight (`lxc ... &`): LXD's operations that are not final,
     * in start order (element-type MsJob) */
    GPtrArray *jobs;
    /* further remotes lxc reaches as REMOTE:NAME (the scenario's `remote`
     * directive), declaration order (element-type MsRemote); NULL: none */
    GPtrArray *remotes;
} MsCluster;

/* Another cluster, or a standalone server (one member, not clustered),
 * that lxc has as a remote next to the default one (model/ms-remote.c). */
typedef struct {
    char *name;
    gboolean standalone;
    MsCluster *cluster; /* (owned) */
} MsRemote;

void ms_remote_free(MsRemote *remote);
/* Adds a remote to @cluster; @remote_cluster is taken. */
MsRemote *ms_cluster_add_remote(MsCluster *cluster, const char *name, gboolean standalone,
                                MsCluster *remote_cluster);
/* The remote @name of @cluster; NULL for `local` and an unknown name. */
MsRemote *ms_cluster_lookup_remote(const MsCluster *cluster, const char *name);
/* The cluster lxc reaches as @name: @cluster itself for NULL and `local`,
 * NULL for an unknown name. */
MsCluster *ms_cluster_remote_cluster(const MsCluster *cluster, const char *name);

MsCluster *ms_cluster_new(void);
MsCluster *ms_cluster_copy(const MsCluster *cluster);
/* ms_cluster_copy without the instances and volumes (members count none):
 * what preflight's member views start from, without copying and removing
 * 100,000 instances. */
MsCluster *ms_cluster_copy_without_instances(const MsCluster *cluster);
void ms_cluster_free(MsCluster *cluster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsCluster, ms_cluster_free)

MsMember *ms_cluster_add_member(MsCluster *cluster, const char *name);
/* Removes (and frees) @member; members are removed only through here. */
void ms_cluster_remove_member(MsCluster *cluster, MsMember *member);
/* Call after writing members' n_instances or id directly: the placement
 * order is rebuilt from them on the next pick. */
void ms_cluster_members_changed(MsCluster *cluster);
/* The same, when @cluster's members have the IDs and loads (instances and
 * operation records) of @like's, position for position: the placement
 * order is then @like's, copied instead of sorted again (preflight's
 * member views, 1,000 members each, have the full state's counts). */
void ms_cluster_members_changed_like(MsCluster *cluster, const MsCluster *like);
/* Member choice for new instances and evacuation targets: fewest instances,
 * ties to the lowest member ID; NULL when there is no candidate. */
MsMember *ms_cluster_pick_member(const MsCluster *cluster, const MsInstance *instance, const char *exclude);
MsMember *ms_cluster_lookup_member(const MsCluster *cluster, const char *name);
/* The member whose daemon answers lxc: @client (`on MEMBER`), else the
 * first member (replay talks to m1's socket); NULL without members. */
MsMember *ms_cluster_answering_member(const MsCluster *cluster, const char *client);

/* An instance-creation operation on @member during the current command:
 * counted by placement from now until MS_OP_RECORD_KEEP_MS after the
 * command ends (the next ms_cluster_advance_clock). */
void ms_cluster_add_op_record(MsCluster *cluster, const char *member);
/* Moves the clock on by @ms: operation records expire, and an unreachable
 * member turns OFFLINE once cluster.offline_threshold has passed. */
void ms_cluster_advance_clock(MsCluster *cluster, guint64 ms);
/* `fault member M unreachable` (TRUE, from now on) / `online` (FALSE). */
void ms_cluster_set_unreachable(MsCluster *cluster, MsMember *member, gboolean unreachable);
/* An injected failure of @what ("start", "migrate") of @instance: its text,
 * NULL when none; ms_cluster_inject with @text NULL clears it. */
const char *ms_cluster_injected(const MsCluster *cluster, const char *what, const char *instance);
void ms_cluster_inject(MsCluster *cluster, const char *what, const char *instance, const char *text);
/* cluster.offline_threshold in ms (default 20 s, lxd/db/node.go:1200 at lxd-5.0.2). */
guint64 ms_cluster_offline_threshold_ms(const MsCluster *cluster);
/* A pool to read: const, because a cluster copy shares its original's
 * pools (ms_cluster_copy), so writing through it would change both. */
const MsPool *ms_cluster_lookup_pool(const MsCluster *cluster, const char *name);
/* The pool @name (NULL: none) as one @cluster may change: a pool shared
 * with a copy is replaced by its own copy first.  Every change to a pool of
 * a cluster goes through this or ms_cluster_pool_mut_at; a pool just made
 * (ms_pool_new) and added is the cluster's own. */
MsPool *ms_cluster_lookup_pool_mut(MsCluster *cluster, const char *name);
/* cluster->pools->pdata[@index], as ms_cluster_lookup_pool_mut gives it. */
MsPool *ms_cluster_pool_mut_at(MsCluster *cluster, guint index);
/* A profile of the default project. */
MsProfileEntity *ms_cluster_lookup_profile(const MsCluster *cluster, const char *name);
/* Does PUT/PATCH /1.0/profiles/NAME reply with an operation at @profile's
 * release (LXD 6.6 and later)? */
gboolean ms_profile_update_async(const MsProfile *profile);
/* A profile of project @project (NULL: default); pass the profile project
 * (ms_cluster_profile_project) of an instance's project. */
MsProfileEntity *ms_cluster_lookup_profile_in(const MsCluster *cluster, const char *project,
                                              const char *name);
/* A non-default project; NULL for the default project or an unknown name. */
MsProject *ms_cluster_lookup_project(const MsCluster *cluster, const char *name);
/* Does project @name exist (NULL and "default" always do)? */
gboolean ms_cluster_has_project(const MsCluster *cluster, const char *name);
/* The project whose restrictions apply to @name: ms_cluster_lookup_project,
 * and for the default project its stored config (NULL until set). */
MsProject *ms_cluster_lookup_restricting_project(const MsCluster *cluster, const char *name);
/* ProfileProjectFromRecord: the project whose profiles instances of
 * @project use: @project itself with features.profiles, else the default
 * project (NULL) (lxd/project/project.go ProfileProjectFromRecord). */
const char *ms_cluster_profile_project(const MsCluster *cluster, const char *project);
/* NetworkProjectFromRecord: the project whose networks requests in
 * @project see: @project itself with features.networks, else the default
 * project (NULL) (lxd/project/project.go:155-163 at lxd-5.0.2, :235-243 at
 * lxd-6.9).  migsim's networks all live in default, so a non-NULL answer
 * means the project has none of them. */
const char *ms_cluster_network_project(const MsCluster *cluster, const char *project);
/* ms_cluster_pick_member restricted to the members of @project's
 * restricted.cluster.groups when it has some (GetCandidateMembers'
 * allowedClusterGroups, lxd/db/node.go:1077 at lxd-5.0.2). */
MsMember *ms_cluster_pick_member_in(const MsCluster *cluster, const char *project, const MsInstance *instance,
                                    const char *exclude);
MsInstance *ms_cluster_lookup_instance(const MsCluster *cluster, const char *name);
/* The instance @name of project @project (NULL: default): instance names
 * are unique across projects in migsim (ms_cluster_lookup_instance), so
 * this is that instance when its project is @project, else NULL. */
MsInstance *ms_cluster_lookup_project_instance(const MsCluster *cluster, const char *project,
                                               const char *name);
MsNetwork *ms_cluster_lookup_network(const MsCluster *cluster, const char *name);
MsPlacementGroup *ms_cluster_lookup_placement_group(const MsCluster *cluster, const char *name);
gboolean ms_cluster_has_group(const MsCluster *cluster, const char *name);
/* Does @member support @instance's architecture (volatile.architecture; an
 * instance without one, or NULL, fits every member)? */
gboolean ms_cluster_member_fits_arch(const MsMember *member, const MsInstance *instance);

/* A custom volume of storage project @project (NULL or "default": the
 * default project; see ms_cluster_volume_project) as LXD finds it from
 * @member: on a remote pool the single volume, on a local pool the one
 * located on @member.  @member NULL finds a volume only when exactly one
 * exists with that name (the unqualified API). */
const MsVolume *ms_cluster_lookup_volume(const MsCluster *cluster, const char *project, const char *pool,
                                         const char *name, const char *member);
/* @volume (one of @cluster's) made @cluster's own, to change: a cluster
 * copy shares its original's volumes (ms_cluster_copy). */
MsVolume *ms_cluster_volume_mut(MsCluster *cluster, const MsVolume *volume);
/* Call after removing a volume from cluster->volumes or renaming one
 * (appending needs no call): lookups use an index (ms-volume-users.c). */
void ms_cluster_volumes_changed(const MsCluster *cluster);
guint ms_cluster_count_volumes(const MsCluster *cluster, const char *project, const char *pool,
                               const char *name);
/* The project the custom volumes of @project live in, NULL for default:
 * @project itself with features.storage.volumes, else default
 * (project.StorageVolumeProjectFromRecord, lxd/project/project.go:107 at
 * lxd-5.0.2, :145 at lxd-5.21.7, :152 at lxd-6.9); an unknown project is
 * kept, so that it finds no volume (ms-volume-project.c). */
const char *ms_cluster_volume_project(const MsCluster *cluster, const char *project);
/* Is @volume in storage project @project (NULL or "default": default)? */
gboolean ms_volume_in_project(const MsVolume *volume, const char *project);

/* Does a non-root disk of @instance's expanded devices use custom volume
 * @volume?  A local volume is usable only from its own member. */
gboolean ms_cluster_instance_uses_volume(const MsCluster *cluster, const MsInstance *instance,
                                         const MsVolume *volume);
/* Is @device a non-root disk of custom volume @volume (its pool and name;
 * the project and member are the caller's to check)? */
gboolean ms_device_mounts_volume(MsDevice *device, const MsVolume *volume);

/* (transfer container) instances sorted by name; @location NULL = all */
GPtrArray *ms_cluster_list_instances(const MsCluster *cluster, const char *location);

/* (transfer none) the pool the cluster's instances' configs are interned
 * in: a config map built in it is kept as it is by
 * ms_cluster_add_instance (no second copy of its pairs) */
MsStrPool *ms_cluster_strings(MsCluster *cluster);
void ms_cluster_add_instance(MsCluster *cluster, MsInstance *instance);
void ms_cluster_remove_instance(MsCluster *cluster, const char *name);
void ms_cluster_set_instance_location(MsCluster *cluster, MsInstance *instance, const char *location);
/* Where LXD could have placed @instance elsewhere (operation records whose
 * lifetime is timing, tests/live/DISAGREEMENTS.md #2) and a live cluster
 * did: the model goes on from that outcome.  @instance moves to @member with
 * the operation record its placement left. */
void ms_cluster_follow_placement(MsCluster *cluster, MsInstance *instance, const char *member);
/* An instance's config, once the instance is in the cluster, is changed
 * through these two, so the index of volatile.evacuate.origin follows. */
void ms_cluster_set_instance_config(MsCluster *cluster, MsInstance *instance, const char *key,
                                    const char *value);
/* (transfer full) @config */
void ms_cluster_replace_instance_config(MsCluster *cluster, MsInstance *instance, GHashTable *config);
/* (transfer container) instances whose volatile.evacuate.origin is @member,
 * sorted by name (wherever they are now). */
GPtrArray *ms_cluster_list_evacuated_from(const MsCluster *cluster, const char *member);

/* Where an expanded config value comes from. */
typedef enum {
    MS_LAYER_NONE,
    MS_LAYER_SERVER,
    MS_LAYER_PROFILE,
    MS_LAYER_LOCAL,
} MsConfigLayer;

/* Expanded config with LXD's layering for @profile's release:
 * server key (where it exists) < profiles in order < local config. */
GHashTable *ms_cluster_expand_config(const MsCluster *cluster, const MsProfile *profile,
                                     const MsInstance *instance);
const char *ms_cluster_expanded_value(const MsCluster *cluster, const MsProfile *profile,
                                      const MsInstance *instance, const char *key, MsConfigLayer *layer,
                                      const char **layer_name);
/* ms_cluster_expanded_value of each of @keys into @values, with the
 * profile layers found once (a start asks five keys for the ID map).
 * @keys and its strings must never be freed nor changed (a static array
 * of literals): the cluster remembers what a list reads from each profile
 * list by the addresses (ms-cluster-expand.c, KeyListMemo). */
void ms_cluster_expanded_values(const MsCluster *cluster, const MsProfile *profile,
                                const MsInstance *instance, const char *const *keys, guint n_keys,
                                const char **values);
/* The keys starting with @prefix that @instance's profiles set (each
 * profile of its list found by name as the expansion finds it, in list
 * order, each config map in its own order) with their values, in *@pairs
 * (key, value, ...; borrowed: read them before anything changes a profile)
 * and *@n pairs.  FALSE when the cluster keeps no profile layers (over 64
 * profiles): walk the profiles then. */
gboolean ms_cluster_profile_prefix_pairs(const MsCluster *cluster, const MsInstance *instance,
                                         const char *prefix, const char *const **pairs, guint *n);
/* A check's hold on @instance's profile layers (issue 18: a container's
 * start found them about six times, once per key list, prefix walk and
 * key read alone): found on the first read through the hold, then reused
 * by every later one.  Valid while no profile changes (neither
 * cluster->profiles nor a profile's config map): the life of one check
 * that changes none, such as ms_instance_start_check.  The instance's own
 * config is read afresh on every read.  Start one with ms_layers_hold. */
typedef struct {
    const MsInstance *instance;
    gconstpointer layers; /* the layers found (NULL with known: none kept, over 64 profiles) */
    guint serial;         /* theirs: new layers at the same address have another */
    gboolean known;
    /* with known: the self-check condition of the first read (a small
     * cluster with the self-checks on), kept so that later reads skip it */
    gboolean verify;
} MsLayersHold;
static inline MsLayersHold
ms_layers_hold(const MsInstance *instance)
{
    return (MsLayersHold){ instance, NULL, 0, FALSE, FALSE };
}
/* ms_cluster_expanded_values, ms_cluster_expanded_value (value only) and
 * ms_cluster_profile_prefix_pairs of @hold's instance through @hold */
void ms_cluster_expanded_values_held(const MsCluster *cluster, const MsProfile *profile, MsLayersHold *hold,
                                     const char *const *keys, guint n_keys, const char **values);
const char *ms_cluster_expanded_value_held(const MsCluster *cluster, const MsProfile *profile,
                                           MsLayersHold *hold, const char *key);
gboolean ms_cluster_profile_prefix_pairs_held(const MsCluster *cluster, MsLayersHold *hold,
                                              const char *prefix, const char *const **pairs, guint *n);
/* Call after removing a profile from cluster->profiles, or changing one
 * in place (appending one, or swapping in a new config map, needs no call):
 * ms_cluster_expanded_value keeps the profiles' layers per profile list. */
void ms_cluster_profiles_changed(const MsCluster *cluster);
/* Expanded devices: profiles in order, then local devices (whole-device
 * override).  The result and the device maps in it may be shared with the
 * instance and its profiles: read them, never change them. */
MsDevices *ms_cluster_expand_devices(const MsCluster *cluster, const MsInstance *instance);
/* TRUE when @match holds for a device among any instance's expanded devices */
gboolean ms_cluster_any_instance_device(const MsCluster *cluster,
                                        gboolean (*match)(MsDevice *device, gconstpointer data),
                                        gconstpointer data);

/* Canonical JSON: members, pools, volumes, profiles, instances, server config,
 * every object's keys in a fixed order and every map sorted. */
JsonNode *ms_cluster_to_json(const MsCluster *cluster, const MsProfile *profile);
char *ms_cluster_to_json_string(const MsCluster *cluster, const MsProfile *profile);

G_END_DECLS

G_BEGIN_DECLS
/* Raft roles as LXD assigns them: with three members or more the first three
 * are voters and the others stand-bys; with fewer, only the first votes. */
void ms_cluster_assign_roles(MsCluster *cluster);
G_END_DECLS
