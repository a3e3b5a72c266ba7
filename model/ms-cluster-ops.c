/* migsim: cluster-level objects that decide placement: member config
 * (scheduler.instance), member removal, and the dispatch of the cluster
 * object commands (cluster groups in ms-group-ops.c, managed networks in
 * ms-network-ops.c, placement groups in ms-placement-group-ops.c); and the
 * group-aware candidate selection that `lxc move --target=@GROUP` and
 * placement-group evacuation use.
 *
 * Candidate rules follow GetCandidateMembers / GetNodeWithLeastInstances in
 * lxd/db/node.go (lxd-6.9: :1057, :1122), placement filtering follows
 * lxd/placement/filtering.go (lxd-6.6 .. lxd-6.9). */
#include "ms-apply-private.h"
#include "ms-roles.h"

#include <string.h>

/* GetCandidateMembers: created (not evacuated, not pending), online, not
 * scheduler.instance=manual, group-only members only for their own group,
 * members of @group when one is requested, matching architecture. */
static gboolean
is_candidate(const MsMember *member, const MsInstance *instance, const char *group)
{
    if (member->status != MS_MEMBER_ONLINE)
        return FALSE;
    if (g_str_equal(member->scheduler_instance, "manual"))
        return FALSE;
    if (g_str_equal(member->scheduler_instance, "group") &&
        (group == NULL || !ms_member_in_group(member, group)))
        return FALSE;
    if (group != NULL && !ms_member_in_group(member, group))
        return FALSE;
    return ms_cluster_member_fits_arch(member, instance);
}

GPtrArray *
ms_cluster_candidates(const MsCluster *cluster, const MsInstance *instance, const char *group,
                      const char *exclude)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        if (exclude != NULL && g_str_equal(member->name, exclude))
            continue;
        if (is_candidate(member, instance, group))
            g_ptr_array_add(out, member);
    }
    return out;
}

MsMember *
ms_cluster_least_loaded(GPtrArray *candidates)
{
    MsMember *best = NULL;

    /* strict '<': ties go to the first candidate, i.e. the lowest member ID */
    for (guint i = 0; i < candidates->len; i++) {
        MsMember *member = candidates->pdata[i];
        if (best == NULL ||
            member->n_instances + member->n_op_records < best->n_instances + best->n_op_records)
            best = member;
    }
    return best;
}

/* Incus runs instances.placement.scriptlet for a member it was told too,
 * with the candidates cut to that member, from v6.0.3 and v6.6 (and 7.x):
 * "If a target was specified, limit the list of candidates to that target"
 * in instancesPost (cmd/incusd/instances_post.go:1171 at v6.0.4, :1522 at
 * v7.3.0) and instancePost (instance_post.go:329 and the "Validate the
 * current target" call :419-422 at v6.0.4, :425-431 at v7.3.0).  v6.0.0 ..
 * v6.0.2 and v6.1 .. v6.5 run it only where no member was named
 * (instances_post.go:1102 'targetMemberInfo == nil' at v6.0.0,
 * instance_post.go:315 at v6.0.0, :319 at v6.5.0). */
static gboolean
incus_scriptlet_runs_targeted(const MsProfile *profile)
{
    static const MsReleases targeted = MS_REL_INCUS(MS_INC_SINCE(3, 6));

    return ms_releases_contain(&targeted, profile->version);
}

/* Incus: where the scriptlet runs it picks a candidate or fails ('Failed
 * instance placement scriptlet: %w', instances_post.go:1195 and
 * instance_post.go:416,422 at v6.0.4; in an evacuation 'Failed instance
 * placement scriptlet for instance %q in project %q: %w',
 * api_cluster_evacuation.go:609 at v6.0.4, api_cluster.go:4455 at v6.1.0,
 * api_cluster_evacuation.go:752 at v7.3.0), at every tag v6.0.0 .. v7.3.0.  migsim cannot run
 * Starlark: "not modelled", never the fallback as if it were Incus'
 * answer.  Returns FALSE after failing @apply. */
static gboolean
incus_placement_scriptlet(MsApply *apply, const char *instance, const char *reason, gboolean targeted)
{
    if (targeted && !incus_scriptlet_runs_targeted(apply->profile))
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: instances.placement.scriptlet is set "
                                         "and Incus runs it to place %s (%s%s): it picks a member or fails "
                                         "('Failed instance placement scriptlet: ...'); migsim cannot run "
                                         "the scriptlet",
                                         apply->profile->name, instance, reason,
                                         targeted ? ", the candidates cut to one member" : ""));
}

/* instances.placement.scriptlet (5.21.x, 6.1-6.5) runs wherever LXD places
 * an instance on a member nobody named.  migsim cannot run Starlark: it says
 * so and keeps LXD's fallback, the least-loaded candidate.  @targeted: a
 * member was named (LXD: no scriptlet; Incus: see above). */
gboolean
ms_apply_placement_scriptlet(MsApply *apply, const char *instance, const char *reason, gboolean targeted)
{
    const char *scriptlet = ms_config_get(apply->cluster->server_config, "instances.placement.scriptlet");
    gboolean set = scriptlet != NULL && *scriptlet != '\0';

    if (ms_profile_is_incus(apply->profile))
        return !set || incus_placement_scriptlet(apply, instance, reason, targeted);
    if (targeted || !ms_rule_applies(MS_RULE_PLACEMENT_SCRIPTLET, apply->profile))
        return TRUE;
    if (ms_apply_check(apply, MS_RULE_PLACEMENT_SCRIPTLET, instance, set))
        ms_outcome_add_note(apply->outcome,
                            "%s: instances.placement.scriptlet decides its placement (%s); migsim cannot run "
                            "the scriptlet and shows LXD's fallback (fewest instances), which is LXD's "
                            "choice only if the scriptlet sets no target",
                            instance, reason);
    return TRUE;
}

/* ---- placement groups (6.6+) ---- */

static guint
placement_count(const MsCluster *cluster, const MsProfile *profile, const char *group, const char *member,
                const char *exclude_member)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, member);
    guint n = 0;

    if (exclude_member != NULL && g_str_equal(member, exclude_member))
        return 0;
    for (guint i = 0; i < instances->len; i++) {
        g_autoptr(GHashTable) config = ms_cluster_expand_config(cluster, profile, instances->pdata[i]);
        if (g_strcmp0(ms_config_get(config, "placement.group"), group) == 0)
            n++;
    }
    return n;
}

/* A compact group whose fullest member is not unique: getCompliantMembers
 * takes the first of them in Go map order (lxd/placement/filtering.go:103-110
 * and :135-142 at lxd-6.9), which is random.  Adds a note naming them;
 * migsim goes on with the lowest member ID (ms_placement_filter). */
void
ms_apply_placement_note_tie(MsApply *apply, const MsPlacementGroup *group, const char *source)
{
    const MsCluster *cluster = apply->cluster;
    g_autoptr(GString) tied = g_string_new(NULL);
    guint max = 0, n = 0;

    if (g_strcmp0(ms_config_get(group->config, "policy"), "compact") != 0)
        return;
    for (guint pass = 0; pass < 2; pass++)
        for (guint i = 0; i < cluster->members->len; i++) {
            const MsMember *m = cluster->members->pdata[i];
            guint count = placement_count(cluster, apply->profile, group->name, m->name, source);
            if (pass == 0)
                max = MAX(max, count);
            else if (max > 0 && count == max) {
                g_string_append_printf(tied, "%s%s", n++ ? ", " : "", m->name);
            }
        }
    if (n > 1)
        ms_outcome_add_note(
            apply->outcome,
            "placement group \"%s\" (compact): %s hold its instances equally; LXD picks one of "
            "them in Go map order (random), migsim the first",
            group->name, tied->str);
}

/* getCompliantMembers: filters @candidates in place by the group's policy and
 * rigor.  Instances on @source (the evacuating member) do not count.  LXD
 * picks the fullest member by iterating a Go map, so among equally full
 * members the choice is random; migsim takes the lowest member ID.
 * Returns FALSE when no member complies (LXD: 409, turned into 404 "No
 * eligible target cluster members after applying placement group"). */
gboolean
ms_placement_filter(const MsCluster *cluster, const MsProfile *profile, const MsPlacementGroup *group,
                    const char *source, GPtrArray *candidates)
{
    const char *policy = ms_config_get(group->config, "policy") ?: "";
    const char *rigor = ms_config_get(group->config, "rigor") ?: "";
    g_autoptr(GPtrArray) keep = g_ptr_array_new();
    g_autofree guint *counts = g_new0(guint, candidates->len + 1);
    const MsMember *fullest = NULL;
    guint fullest_count = 0, min_count = G_MAXUINT;

    for (guint i = 0; i < candidates->len; i++) {
        const MsMember *m = candidates->pdata[i];
        counts[i] = placement_count(cluster, profile, group->name, m->name, source);
        min_count = MIN(min_count, counts[i]);
    }
    /* the fullest member is searched over every member, candidate or not */
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        guint n = placement_count(cluster, profile, group->name, m->name, source);
        if (n > fullest_count) {
            fullest_count = n;
            fullest = m;
        }
    }

    if (g_str_equal(policy, "spread")) {
        gboolean strict = g_str_equal(rigor, "strict");
        for (guint i = 0; i < candidates->len; i++)
            if (strict ? counts[i] == 0 : counts[i] <= min_count)
                g_ptr_array_add(keep, candidates->pdata[i]);
        if (keep->len == 0)
            return FALSE;
    } else if (g_str_equal(policy, "compact")) {
        if (fullest == NULL)
            return TRUE;
        for (guint i = 0; i < candidates->len; i++)
            if (candidates->pdata[i] == fullest)
                g_ptr_array_add(keep, candidates->pdata[i]);
        if (keep->len == 0)
            return !g_str_equal(rigor, "strict") ? TRUE : FALSE;
    } else {
        return FALSE;
    }
    g_ptr_array_set_size(candidates, 0);
    for (guint i = 0; i < keep->len; i++)
        g_ptr_array_add(candidates, keep->pdata[i]);
    return TRUE;
}

/* ---- lxc cluster set / unset (member config) ---- */

/* From lxd-5.21.3 and 6.2 the member's PUT is forwarded to the member it
 * updates before anything is validated (b3ce3ed262, "Perform cluster
 * member update on updated cluster member": lxd/api_cluster.go:1650 at
 * lxd-5.21.3 and lxd-6.2, :1664 at lxd-5.21.7, :1663 at lxd-6.6;
 * lxd/api_cluster_member.go:596 at lxd-6.7, :588 at lxd-6.9), so an
 * OFFLINE member fails the forward (Connect's event wait,
 * INSTANCE.MEMBER_OFFLINE) where the update was made in the database
 * alone: updateClusterNode has no forward at lxd-5.0.x, 5.1-5.20,
 * 5.21.0-5.21.2 and 6.1 (git show at every tag), nor at any Incus tag
 * (cmd/incusd/api_cluster.go updateClusterNode, v6.0.0 .. v7.3.0).  lxc's
 * GET of the member before it is not forwarded at any tag (clusterNodeGet,
 * clusterMemberGet).  No evacuated check at any tag: seen live on 5.0.2
 * (lane 7, 7 December 2026: set, unset, role add and remove of an
 * evacuated member).  migsim answered ok for an OFFLINE member at every
 * release (session 39, fidaudit7). */
/* clang-format off */
static const MsReleases member_put_forwarded = MS_REL_SINCE(3, 2);
/* clang-format on */

gboolean
ms_apply_member_put_forward_refused(MsApply *apply, const char *member)
{
    if (!ms_releases_contain(&member_put_forwarded, apply->profile->version))
        return FALSE;
    return ms_apply_forward_refused(apply, member, member);
}

static gboolean
apply_member_config(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsMember *member = ms_cluster_lookup_member(apply->cluster, op->member);

    /* lxc GETs the member first (lxc/cluster.go:322 at lxd-5.0.2, :443 at
     * lxd-5.21.7, :445 at lxd-6.9; unset is set with an empty value) */
    if (ms_apply_check(apply, MS_RULE_MEMBER_GET_NOT_FOUND, op->member, member == NULL))
        return ms_apply_reject(apply, MS_RULE_MEMBER_GET_NOT_FOUND);
    if (ms_apply_member_put_forward_refused(apply, member->name))
        return FALSE;
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *value = op->kind == MS_OP_MEMBER_UNSET ? "" : op->values->pdata[i];
        static const char *const modes[] = { "", "all", "group", "manual", NULL };

        if (g_str_has_prefix(key, "user."))
            continue;
        if (ms_apply_check(apply, MS_RULE_MEMBER_CONFIG_KEY, key, !g_str_equal(key, "scheduler.instance")))
            return ms_apply_reject(apply, MS_RULE_MEMBER_CONFIG_KEY, key);
        if (ms_apply_check(apply, MS_RULE_MEMBER_CONFIG_VALUE, key, !g_strv_contains(modes, value)))
            return ms_apply_reject(apply, MS_RULE_MEMBER_CONFIG_VALUE, key);
    }
    for (guint i = 0; i < op->keys->len; i++) {
        if (!g_str_equal(op->keys->pdata[i], "scheduler.instance"))
            continue;
        /* an empty value is the default */
        ms_member_set_string(member, &member->scheduler_instance,
                             op->kind == MS_OP_MEMBER_UNSET || *(const char *) op->values->pdata[i] == '\0'
                                 ? "all"
                                 : op->values->pdata[i]);
    }
    return TRUE;
}

/* ---- lxc cluster remove ---- */

/* NodeIsEmpty's last check: custom volumes of local pools on @member.  The
 * SELECT has no ORDER BY; on the live 5.0.2 cluster it listed them by name
 * ("va, vb" for vb created first), as the unique index (storage_pool_id,
 * node_id, project_id, name, type) orders them (lxd/db/cluster/schema.go:459
 * at lxd-5.0.2): migsim sorts by pool (creation order, as pool IDs) then
 * name, and says so when there are several.  FALSE when refused. */
static gint
volume_index_order(gconstpointer a, gconstpointer b, gpointer user_data)
{
    const MsVolume *va = *(MsVolume *const *) a, *vb = *(MsVolume *const *) b;
    const MsCluster *cluster = user_data;
    guint pa = 0, pb = 0;

    for (guint i = 0; i < cluster->pools->len; i++) {
        const char *name = ((const MsPool *) cluster->pools->pdata[i])->name;
        if (g_str_equal(name, va->pool))
            pa = i;
        if (g_str_equal(name, vb->pool))
            pb = i;
    }
    return pa != pb ? (pa < pb ? -1 : 1) : strcmp(va->name, vb->name);
}

static gboolean
member_volumes_gone(MsApply *apply, const MsMember *member)
{
    MsCluster *cluster = apply->cluster;
    g_autoptr(GPtrArray) held = g_ptr_array_new();
    g_autoptr(GString) names = g_string_new(NULL);

    for (guint i = 0; i < cluster->volumes->len; i++)
        if (g_strcmp0(((MsVolume *) cluster->volumes->pdata[i])->location, member->name) == 0)
            g_ptr_array_add(held, cluster->volumes->pdata[i]);
    g_ptr_array_sort_with_data(held, volume_index_order, cluster);
    for (guint i = 0; i < held->len; i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "", ((MsVolume *) held->pdata[i])->name);
    if (!ms_apply_check(apply, MS_RULE_MEMBER_REMOVE_VOLUMES, member->name, held->len > 0))
        return TRUE;
    if (held->len > 1)
        ms_outcome_add_note(apply->outcome,
                            "LXD's query has no ORDER BY: the volumes are listed in index order (pool, then "
                            "name), as seen on the live 5.0.2 cluster");
    return ms_apply_reject(apply, MS_RULE_MEMBER_REMOVE_VOLUMES, names->str);
}

static gboolean
rename_not_modelled(MsApply *apply, const char *why)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: %s cluster rename %s %s %s",
                                         apply->profile->name,
                                         ms_profile_is_incus(apply->profile) ? "incus" : "lxc",
                                         apply->op->member, apply->op->new_name, why));
}

/* lxc cluster rename MEMBER NEWNAME: one POST of api.ClusterMemberPost
 * (lxc/cluster.go:388-412 at lxd-5.0.2).  clusterNodePost validates no
 * name at any release (lxd/api_cluster.go:1792-1822 at lxd-5.0.2,
 * :1934-1977 at lxd-5.21.7; lxd/api_cluster_member.go:925-962 at
 * lxd-6.9); from 5.21 it is first forwarded to MEMBER (an offline MEMBER
 * fails there, INSTANCE.MEMBER_OFFLINE; an unknown one: not modelled).  RenameNode counts NEWNAME
 * first, then updates MEMBER's row (lxd/db/node.go:377-403 at lxd-5.0.2).
 * The rename itself is not modelled: the member's row is renamed, and
 * instances, volumes and groups follow it by ID, but volatile.evacuate.
 * origin keeps the old name (a restore of NEWNAME brings none of its
 * instances back), and 5.0.x leaves the renamed daemon's own name as it
 * was until it restarts (lxd/daemon.go:1294-1300 at lxd-5.0.2). */
static gboolean
apply_member_rename(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsMember *member = ms_cluster_lookup_member(apply->cluster, op->member);
    gboolean taken = ms_cluster_lookup_member(apply->cluster, op->new_name) != NULL;
    gboolean forwards = !ms_rule_applies(MS_RULE_MEMBER_RENAME_NOT_FOUND, apply->profile);

    if (ms_profile_is_incus(apply->profile) || !ms_rule_applies(MS_RULE_MEMBER_RENAME_TAKEN, apply->profile))
        return rename_not_modelled(apply, "(this release's handler was not read)");
    /* forwarded to MEMBER before anything else from 5.0.3, 5.21.0 and at
     * every 6.x tag (forwardedResponseToNode, lxd/api_cluster.go:1833 at
     * lxd-5.0.3, :1859-1863 at lxd-5.21.0, :1943 at lxd-5.21.7;
     * lxd/api_cluster_member.go:931 at lxd-6.9): an OFFLINE MEMBER fails Connect's event wait whatever
     * NEWNAME is (INSTANCE.MEMBER_OFFLINE, as the member PUT of
     * ms_apply_member_put_forward_refused; was "not modelled" until review
     * revC, session 39); one not yet OFFLINE is not modelled there */
    if (forwards && member != NULL && ms_apply_forward_refused(apply, op->member, member->name))
        return FALSE;
    if (forwards && member == NULL)
        return rename_not_modelled(apply, "(the request is forwarded to a member that does not exist: "
                                          "forwardedResponseToNode's answer is not modelled)");
    if (ms_apply_check(apply, MS_RULE_MEMBER_RENAME_TAKEN, op->new_name, taken))
        return ms_apply_reject(apply, MS_RULE_MEMBER_RENAME_TAKEN, op->new_name);
    /* dead in lxd-5.21.x,lxd-6.x: the request went to the member first (forwardedResponseToNode, lxd/api_cluster.go:1942 at lxd-5.21.7) */
    if (ms_apply_check(apply, MS_RULE_MEMBER_RENAME_NOT_FOUND, op->member, !forwards && member == NULL))
        return ms_apply_reject(apply, MS_RULE_MEMBER_RENAME_NOT_FOUND);
    return rename_not_modelled(apply,
                               "(LXD renames the member's row; migsim does not rename members: "
                               "volatile.evacuate.origin keeps the old name, so a later restore of the "
                               "new name brings nothing back)");
}

/* After NodeIsEmpty, cluster.Leave's last check without --force: the
 * member is not the cluster's only one (membershipCheckClusterStateForLeave,
 * lxd/cluster/membership.go:1193 at lxd-5.0.2, :1299 at lxd-5.21.7,
 * :1794 at lxd-6.9; the same text at every tag
 * lxd-5.0.0 .. lxd-6.9 and Incus v6.0.0 .. v7.3.0, internal/server/
 * cluster/membership.go:1216 at v6.0.4, :1293 at v7.3.0).  Past the checks
 * the leader (clusterNodeDelete, lxd/api_cluster.go:1981-2058 at
 * lxd-5.0.2, :2140-2229 at lxd-5.21.7; clusterMemberDelete, lxd/
 * api_cluster_member.go:1121-1224 at lxd-6.9; cmd/incusd/api_cluster.go:
 * 2305-2394 at v7.3.0) takes the member out of raft, then, without
 * --force, asks the member itself to delete each network and pool and,
 * once its row is purged, to disable clustering: an OFFLINE member
 * answers none of them, with a connection error whose text migsim cannot
 * know.  With --force, the only member leaves a raft cluster of one
 * (dqlite's answer: not modelled either).  FALSE after failing @apply. */
static gboolean
member_remove_leaves(MsApply *apply, const MsMember *member)
{
    const char *product = ms_profile_is_incus(apply->profile) ? "incus" : "lxc";
    gboolean only = apply->cluster->members->len == 1;
    /* Leave's wrap of dqlite's error: "Failed to leave the cluster: %w"
     * (lxd/cluster/membership.go:950 at lxd-5.0.2, every 5.0.x, 5.1-5.21.4,
     * 6.1-6.6; Incus internal/server/cluster/membership.go:973 at v6.0.4,
     * :1041 at v7.3.0), "Failed leaving the cluster: %w" from lxd-5.21.5
     * and lxd-6.7 (:1041 at lxd-5.21.5 and 5.21.7, :1056 at lxd-6.7, :1540
     * at lxd-6.9), after `if !force` skipped
     * membershipCheckClusterStateForLeave (:903 at lxd-5.0.2, :994 at
     * lxd-5.21.7, :1493 at lxd-6.9) */
    static const MsReleases leaving = MS_REL_SINCE(5, 7);
    const char *leave_wrap = ms_releases_contain(&leaving, apply->profile->version)
                                 ? "Failed leaving the cluster"
                                 : "Failed to leave the cluster";

    /* without --force the only member met the images check first
     * (member_remove_images_known): MEMBER.REMOVE_ONLY_MEMBER is never
     * reached (the rule is unevaluated) */
    if (only)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: %s cluster remove %s --force of the "
                            "cluster's only member: --force skips the emptiness checks and the "
                            "leader asks dqlite to take itself, the only voter, out of raft; the "
                            "answer is the dqlite library's (linked per build, not in %s's "
                            "source), wrapped '%s: '; seen on LXD 5.0.2 with Debian's "
                            "libdqlite: 'Failed to leave the cluster: server has lost "
                            "leadership (10506)'",
                            apply->profile->name, product, member->name,
                            ms_profile_is_incus(apply->profile) ? "Incus" : "LXD", leave_wrap));
    if (!apply->op->force &&
        (member->status == MS_MEMBER_OFFLINE || member->unreachable_since_ms != G_MAXUINT64))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf(
                "migsim: not modelled for %s: %s cluster remove %s without --force "
                "of a member that is not reachable: the leader takes it out of "
                "raft (if it has a database role), then its requests to %s (delete each network and storage "
                "pool, or, with none, disable clustering once the member's row "
                "is gone) fail with a connection error migsim cannot word; "
                "--force removes it without asking it",
                apply->profile->name, product, member->name, member->name));
    return TRUE;
}

/* NodeIsEmpty's second check, between the instances and the custom
 * volumes: the images this member alone has (lxd/db/node.go:923-966 at
 * lxd-5.0.2, :919-961 at lxd-5.21.7, :924-966 at lxd-6.9; internal/server/
 * db/node.go:927-970 at Incus v6.0.4).  clusterNodeDelete first copies each
 * image to other members up to cluster.images_minimal_replica
 * (autoSyncImages, lxd/api_cluster.go:1969 at lxd-5.0.2, :2128 at
 * lxd-5.21.7; lxd/api_cluster_member.go:1109 at lxd-6.9;
 * cmd/incusd/api_cluster.go:2025 at v6.0.4), so with another member (and
 * the default replica of 3) none is left alone; but the only member holds
 * every image of the cluster alone: "Node still has the following images:
 * FINGERPRINTS" (a 500, seen live on 5.0.2 with the image the bring-up
 * imported), and migsim keeps no images of the default project.  FALSE
 * after failing @apply "not modelled". */
static gboolean
member_remove_images_known(MsApply *apply, const MsMember *member)
{
    if (apply->cluster->members->len != 1)
        return TRUE;
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf(
            "migsim: not modelled for %s: %s cluster remove %s of the cluster's only member: it holds "
            "every image of the cluster alone, so LXD answers \"Node still has the following images: "
            "FINGERPRINTS\" before \"Member is the only member in the cluster\" unless the cluster has "
            "no image at all, and migsim keeps no images of the default project",
            apply->profile->name, ms_profile_is_incus(apply->profile) ? "incus" : "lxc", member->name));
}

static gboolean
apply_member_remove(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsMember *member = ms_cluster_lookup_member(cluster, op->member);
    g_autoptr(GPtrArray) instances = NULL;
    g_autoptr(GString) names = g_string_new(NULL);
    gboolean leader;

    if (ms_apply_check(apply, MS_RULE_EVAC_MEMBER_NOT_FOUND, op->member, member == NULL))
        return ms_apply_reject(apply, MS_RULE_EVAC_MEMBER_NOT_FOUND);
    instances = ms_cluster_list_instances(cluster, member->name);
    for (guint i = 0; i < instances->len; i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "", ((MsInstance *) instances->pdata[i])->name);
    /* --force skips the emptiness check (cluster.Leave: lxd/cluster/
     * membership.go:903 at lxd-5.0.2, :993 at lxd-5.21.7, :1493 at lxd-6.9)
     * and the instance rows go with the member (ON DELETE CASCADE,
     * lxd/db/cluster/schema.go:154 at lxd-5.21.7) */
    if (!op->force &&
        ms_apply_check(apply, MS_RULE_MEMBER_REMOVE_INSTANCES, member->name, instances->len > 0))
        return ms_apply_reject(apply, MS_RULE_MEMBER_REMOVE_INSTANCES, names->str);
    /* then the images only this member has (not modelled: migsim has no
     * image store), then the custom volumes on it, remote pools aside
     * (NodeIsEmpty, lxd/db/node.go:968-983 at lxd-5.0.2, :963-978 at
     * lxd-5.21.7, :968-983 at lxd-6.9; internal/server/db/node.go:982-991
     * at Incus v6.0.4) */
    if (!op->force && !member_remove_images_known(apply, member))
        return FALSE;
    if (!op->force && !member_volumes_gone(apply, member))
        return FALSE;
    if (!member_remove_leaves(apply, member))
        return FALSE;
    for (guint i = 0; i < instances->len; i++) {
        g_autofree char *name = g_strdup(((MsInstance *) instances->pdata[i])->name);
        ms_cluster_remove_instance(cluster, name);
    }
    /* a forced removal takes the member's volume rows with it (storage_volumes
     * node_id ON DELETE CASCADE, lxd/db/cluster/schema.go:461 at lxd-5.0.2);
     * a volume on a remote pool has no member */
    for (guint i = cluster->volumes->len; i-- > 0;)
        if (g_strcmp0(((MsVolume *) cluster->volumes->pdata[i])->location, member->name) == 0)
            g_ptr_array_remove_index(cluster->volumes, i);
    /* the volumes-by-name index holds the removed rows (ms-volume-users.c:
     * a removal must say so; its shorter-array check alone misses a later
     * append that brings the length back before the next lookup) */
    ms_cluster_volumes_changed(cluster);
    /* pools and networks forget the member's entries */
    for (guint i = 0; i < cluster->pools->len; i++)
        g_hash_table_remove(ms_cluster_pool_mut_at(cluster, i)->member_state, member->name);
    for (guint i = 0; i < cluster->networks->len; i++)
        g_hash_table_remove(((MsNetwork *) cluster->networks->pdata[i])->pending_on, member->name);
    leader = member == ms_roles_leader(cluster);
    ms_roles_leader_leaving(cluster, member, apply->outcome);
    ms_cluster_remove_member(cluster, member);
    if (leader)
        ms_roles_after_leader_removed(cluster, apply->profile, apply->outcome);
    return TRUE;
}

gboolean
ms_apply_cluster_object(MsApply *apply)
{
    switch (apply->op->kind) {
    case MS_OP_GROUP_CREATE:
    case MS_OP_GROUP_ASSIGN:
        return ms_apply_group(apply);
    case MS_OP_MEMBER_SET:
    case MS_OP_MEMBER_UNSET:
        return apply_member_config(apply);
    case MS_OP_MEMBER_RENAME:
        return apply_member_rename(apply);
    case MS_OP_MEMBER_REMOVE:
        return apply_member_remove(apply);
    case MS_OP_NETWORK_CREATE:
    case MS_OP_NETWORK_SET:
    case MS_OP_NETWORK_UNSET:
    case MS_OP_NETWORK_DELETE:
    case MS_OP_NETWORK_RENAME:
        return ms_apply_network(apply);
    case MS_OP_PLACEMENT_GROUP_CREATE:
        return ms_apply_placement_group(apply);
    case MS_OP_PLACEMENT_GROUP_DELETE:
    case MS_OP_PLACEMENT_GROUP_RENAME:
    case MS_OP_PLACEMENT_GROUP_SET:
    case MS_OP_PLACEMENT_GROUP_UNSET:
        return ms_apply_placement_group_change(apply);
    case MS_OP_GROUP_RENAME:
    case MS_OP_GROUP_DELETE:
        return ms_apply_group_change(apply);
    case MS_OP_GROUP_REMOVE:
    case MS_OP_GROUP_ADD:
        return ms_apply_group_membership(apply);
    case MS_OP_GROUP_EDIT:
        return ms_apply_group_edit(apply);
    default:
        g_assert_not_reached();
    }
}
