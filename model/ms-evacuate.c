/* migsim: lxc cluster evacuate and lxc cluster restore (lxd/api_cluster.go at
 * lxd-5.0.2, lxd-5.21.7; lxd/api_cluster_member.go at HEAD).  From 5.21.4/6.4
 * LXD restores in Go map order; migsim restores by name and says so in the
 * outcome.  The migration primitives are in ms-migrate.c. */
#include "ms-apply-private.h"
#include "ms-names.h"

#include <string.h>

/* ---- evacuate ---- */

/* Incus' evacuateClusterSelectTarget.  Until 7.1 (but 7.0.1) it keeps an instance
 * placed with --target=@GROUP in that group by cutting the members to the
 * group's, then asks GetCandidateMembers for no group, which drops every
 * scheduler.instance=group member, even one of the instance's group
 * (cmd/incusd/api_cluster.go:4375-4387 at v6.0.0; api_cluster_evacuation.go:
 * 549-564 at v6.0.4, :555-570 at v6.0.6 and v6.23.0, :671-686 at v7.1.0;
 * internal/server/db/node.go:1077 at v6.0.4; Incus #483).  From 7.2 the
 * group goes to GetCandidateMembers (commit cff8f87ae2), which keeps a
 * group-only member of that group, and so do the project's
 * restricted.cluster.groups, restricted=true or not (commit 8c46af4a7c;
 * api_cluster_evacuation.go:704-707 at v7.0.1, v7.2.0 and v7.3.0: the 7.0
 * branch took both as 482040b75c and 33fdd2419c;
 * internal/server/project/permissions.go:1781-1783 GetRestrictedClusterGroups,
 * internal/server/db/node.go:1129-1185 at v7.2.0). */
#define INCUS_SINCE_701_F2                                                                             \
    {                                                                                                  \
        MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 2, 0)), MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 1)) \
    }

static gboolean
incus_group_only_kept(const MsProfile *profile)
{
    static const MsReleases kept = MS_REL_INCUS(INCUS_SINCE_701_F2);

    return ms_releases_contain(&kept, profile->version);
}

static MsMember *
incus_evacuation_target(MsApply *apply, const MsInstance *instance, const MsMember *source)
{
    const MsCluster *cluster = apply->cluster;
    const char *group = ms_instance_get_config(instance, "volatile.cluster.group");
    g_auto(GStrv) allowed = NULL;
    g_autoptr(GPtrArray) candidates = NULL;

    if (!incus_group_only_kept(apply->profile)) {
        if (group == NULL)
            return ms_cluster_pick_member(cluster, instance, source->name);
        candidates = ms_cluster_candidates(cluster, instance, NULL, source->name);
        for (guint i = candidates->len; i-- > 0;)
            if (!ms_member_in_group(candidates->pdata[i], group))
                g_ptr_array_remove_index(candidates, i);
        return ms_cluster_least_loaded(candidates);
    }
    if (ms_rule_applies(MS_RULE_EVAC_PROJECT_GROUPS, apply->profile))
        allowed =
            ms_project_cluster_groups(ms_cluster_lookup_restricting_project(cluster, instance->project));
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's site is ms_evacuation_target's) */
    if (ms_apply_check(apply, MS_RULE_EVAC_PROJECT_GROUPS, instance->name, allowed != NULL)) {
        for (guint i = 0; allowed[i] != NULL; i++) {
            if (ms_cluster_has_group(cluster, allowed[i]))
                continue;
            /* GetCandidateMembers fails with "Cluster group %q doesn't
             * exist" once a member gets that far (node.go:1170 at v7.2.0);
             * how the evacuation then unwinds is not read */
            ms_apply_fail(apply, MS_RULE_NONE, 0, TRUE,
                          g_strdup_printf("migsim: not modelled for %s: evacuating %s, project %s's "
                                          "restricted.cluster.groups names the missing group %s",
                                          apply->profile->name, instance->name, instance->project,
                                          allowed[i]));
            return NULL;
        }
    }
    candidates = ms_cluster_candidates(cluster, instance, group, source->name);
    for (guint i = candidates->len; allowed != NULL && i-- > 0;) {
        gboolean in = FALSE;
        for (guint j = 0; allowed[j] != NULL && !in; j++)
            in = ms_member_in_group(candidates->pdata[i], allowed[j]);
        if (!in)
            g_ptr_array_remove_index(candidates, i);
    }
    return ms_cluster_least_loaded(candidates);
}

/* evacuateClusterSelectTarget: 6.6+ filters the candidates by the
 * instance's placement group first (an empty filter result falls back to
 * all candidates; a conflict skips the instance).  volatile.cluster.group
 * takes no part: LXD stores it without '@', so TargetDetect never sees a
 * group (lxd/api_cluster_member.go at lxd-6.9, api_cluster.go at lxd-5.21.7). */
MsMember *
ms_evacuation_target(MsApply *apply, const MsInstance *instance, const MsMember *source)
{
    const MsCluster *cluster = apply->cluster;
    const MsPlacementGroup *group = NULL;
    g_autoptr(GPtrArray) candidates = NULL;
    gboolean ok;

    if (ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS)) {
        const char *name =
            ms_cluster_expanded_value(cluster, apply->profile, instance, "placement.group", NULL, NULL);
        if (name != NULL)
            group = ms_cluster_lookup_placement_group(cluster, name);
    }
    if (!ms_apply_placement_scriptlet(apply, instance->name, "evacuation", FALSE))
        return NULL;
    if (ms_profile_is_incus(apply->profile))
        return incus_evacuation_target(apply, instance, source);
    if (group == NULL && ms_rule_applies(MS_RULE_EVAC_PROJECT_GROUPS, apply->profile)) {
        g_auto(GStrv) allowed =
            ms_project_cluster_groups(ms_cluster_lookup_restricting_project(cluster, instance->project));
        if (ms_apply_check(apply, MS_RULE_EVAC_PROJECT_GROUPS, instance->name, allowed != NULL))
            return ms_cluster_pick_member_in(cluster, instance->project, instance, source->name);
    }
    if (group == NULL)
        return ms_cluster_pick_member(cluster, instance, source->name);
    candidates = ms_cluster_candidates(cluster, instance, NULL, source->name);
    ms_apply_placement_note_tie(apply, group, source->name);
    ok = ms_placement_filter(cluster, apply->profile, group, source->name, candidates);
    if (ms_apply_check(apply, MS_RULE_PLACEMENT_FILTER, instance->name, !ok)) {
        ms_outcome_add_note(apply->outcome,
                            "%s: No eligible target cluster members after applying placement group \"%s\"",
                            instance->name, group->name);
        return NULL;
    }
    return ms_cluster_least_loaded(candidates);
}

static gboolean
quorum_allows(const MsCluster *cluster, const MsMember *member)
{
    guint total = 0, online = 0, required, remaining;
    gboolean standby = FALSE;

    if (member->role != MS_MEMBER_ROLE_VOTER || member->status != MS_MEMBER_ONLINE)
        return TRUE;
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        if (m->role == MS_MEMBER_ROLE_VOTER) {
            total++;
            if (m->status == MS_MEMBER_ONLINE)
                online++;
        } else if (m->status == MS_MEMBER_ONLINE && m != member) {
            standby = TRUE;
        }
    }
    required = (total - 1) / 2 + 1;
    remaining = online - 1;
    if (remaining >= required)
        return TRUE;
    return online >= total / 2 + 1 && remaining + 1 >= required && standby && online > 1;
}

static gboolean
not_started_checks(MsApply *apply, MsMember *member, const char *action)
{
    if (!ms_profile_has(apply->profile, MS_FEATURE_NOT_STARTED_CHECK))
        return TRUE;
    if (ms_apply_check(apply, MS_RULE_EVAC_NET_NOT_READY, member->name, member->networks_not_started))
        return ms_apply_reject(apply, MS_RULE_EVAC_NET_NOT_READY, action, member->name);
    if (ms_apply_check(apply, MS_RULE_EVAC_STORAGE_NOT_READY, member->name, member->pools_not_started))
        return ms_apply_reject(apply, MS_RULE_EVAC_STORAGE_NOT_READY, action, member->name);
    return TRUE;
}

/* Flags the release's lxc does not have are refused by the client itself
 * (cobra: "unknown flag: --action"; pflag: "unknown shorthand flag: 'f'
 * in -f"), the first as typed, before any request. */
static gboolean
client_flags_known(MsApply *apply, gboolean has_action)
{
    const MsOp *op = apply->op;
    gboolean shorthand;
    const char *flag = ms_op_member_state_unknown_flag(op, apply->profile, &shorthand);

    /* -f: --force has no short name there (lxc/cluster.go:1098 at
     * lxd-5.0.2, :1314/:1344 at lxd-5.21.7, :1303/:1333 at lxd-6.9; Incus
     * cmd/incus/cluster.go:1498 at v6.0.4, "force|f" from :1502 at v7.0.0) */
    if (ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_SHORTHAND, op->member, flag != NULL && shorthand))
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_SHORTHAND, "'f'", "f");
    /* a release whose lxc has both flags has nothing else to refuse */
    if (has_action && ms_profile_has(apply->profile, MS_FEATURE_CLI_YES_FLAG))
        return TRUE;
    /* dead in lxd-6.9: its lxc has evacuate and restore --action and --yes (lxc/cluster.go:1304 at lxd-6.9) */
    if (ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, op->member, flag != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, flag);
    return TRUE;
}

/* Common request checks of evacuate and restore (the client's flags,
 * then the member's state); NULL when refused.  HAS_ACTION_FEATURE is the
 * feature that gives the client its --action flag. */
static MsMember *
state_request_member(MsApply *apply, MsFeature has_action_feature, const char *action)
{
    const MsOp *op = apply->op;
    MsMember *member;

    if (!client_flags_known(apply, ms_profile_has(apply->profile, has_action_feature)))
        return NULL;
    member = ms_cluster_lookup_member(apply->cluster, op->member);

    if (ms_apply_check(apply, MS_RULE_EVAC_MEMBER_NOT_FOUND, op->member, member == NULL)) {
        ms_apply_reject(apply, MS_RULE_EVAC_MEMBER_NOT_FOUND);
        return NULL;
    }
    if (ms_apply_check(apply, MS_RULE_EVAC_OFFLINE, op->member, member->status == MS_MEMBER_OFFLINE)) {
        ms_apply_reject(apply, MS_RULE_EVAC_OFFLINE, action);
        /* Incus forwards the request first (clusterNodeStatePost,
         * cmd/incusd/api_cluster.go:2784 at v6.0.4, :3076 at v7.3.0; Incus
         * #3873: "Server isn't ready yet" at 7.3) */
        ms_client_incus_offline_alternative(apply);
        return NULL;
    }
    if (!not_started_checks(apply, member, action))
        return NULL;
    return member;
}

/* What the end of an evacuation does to the member: from 6.9 nothing is
 * reverted (EVAC.COMMITTED), before it the registered revert sets the member
 * back to ONLINE on failure (EVAC.REVERTED). */
static MsRuleId
evacuation_end_rule(const MsProfile *profile)
{
    return ms_profile_has(profile, MS_FEATURE_EVAC_STAYS_EVACUATED) ? MS_RULE_EVAC_COMMITTED
                                                                    : MS_RULE_EVAC_REVERTED;
}

static gboolean
evacuation_failed(MsApply *apply, MsMember *member, MsRuleId rule, char *message)
{
    MsRuleId end = evacuation_end_rule(apply->profile);

    ms_apply_check(apply, end, member->name, TRUE); /* check sites: EVAC_COMMITTED EVAC_REVERTED */
    if (end == MS_RULE_EVAC_COMMITTED) {
        g_autofree char *inner = message;
        message = ms_rule_message(MS_RULE_EVAC_COMMITTED, apply->profile, inner);
    } else {
        member->status = MS_MEMBER_ONLINE;
        member->db_status = MS_MEMBER_ONLINE;
    }
    return ms_apply_fail(apply, rule, 400, TRUE, message);
}

/* Incus from 6.0.3 and 6.6 runs an evacuation's and a restore's
 * instances in an errgroup (cmd/incusd/api_cluster_evacuation.go:160-182
 * and :362-374 at v6.0.4, :179 and :370 at v6.6.0; absent at v6.0.2,
 * v6.1.0 .. v6.5.0: git grep at every tag). */
static gboolean
incus_errgroup(const MsProfile *profile)
{
    /* clang-format off */
    static const MsReleases errgroup = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(3, 6) };
    /* clang-format on */

    return ms_releases_contain(&errgroup, profile->version);
}

/* @failed failed while @other (at least) was still to go: what Incus
 * reports then depends on its worker count and timing (see callers); the
 * member is set back to @status by the reverter. */
static void
errgroup_unmodelled(MsApply *apply, MsMember *member, MsMemberStatus status, const char *what,
                    const MsInstance *failed, const char *inner, const MsInstance *other, const char *ref)
{
    member->status = status;
    member->db_status = status;
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, TRUE,
        g_strdup_printf("migsim: not modelled for %s: %s %s, %s failed (%s) while %s and maybe others "
                        "are still to go: Incus goes on with them in an errgroup and reports the "
                        "first error to arrive (%s)",
                        apply->profile->name, what, member->name, failed->name, inner, other->name, ref));
}

/* Incus from 6.0.3 and 6.10 evacuates in an errgroup with a context
 * (cmd/incusd/api_cluster_evacuation.go:160-182 at v6.0.4; max(NumCPU/16, 1)
 * workers): after a failure the instances still to go run with the context
 * cancelled (their stops still happen; their target selection and
 * migration fail), and with several workers another instance's error may
 * come first.  migsim answers when @instance was the last one on @member in
 * the list (GetInstances' order, by name here); with others still to go it
 * says "not modelled".  TRUE when it did. */
static gboolean
evacuation_rest_unmodelled(MsApply *apply, MsMember *member, const MsInstance *instance, const char *inner)
{
    g_autoptr(GPtrArray) rest = NULL;

    if (!incus_errgroup(apply->profile))
        return FALSE;
    rest = ms_cluster_list_instances(apply->cluster, member->name);
    for (guint i = 0; i < rest->len; i++) {
        const MsInstance *other = rest->pdata[i];

        if (strcmp(other->name, instance->name) <= 0)
            continue;
        /* the rest run with the errgroup's context cancelled */
        errgroup_unmodelled(apply, member, MS_MEMBER_ONLINE, "evacuating", instance, inner, other,
                            "cmd/incusd/api_cluster_evacuation.go:160-182 at v6.0.4");
        return TRUE;
    }
    return FALSE;
}

/* Is an operation of @kind on @member (any member: NULL) in flight?  LXD
 * asks its operations table for operations of the type that are not final
 * (operationsGetByType, lxd/operations.go:754 at lxd-5.21.7); the
 * operation of an evacuation or a restore runs on the member it is about
 * (the request is forwarded there, api_cluster.go:3071 at lxd-5.21.7), so
 * its Location is that member. */
static gboolean
job_in_flight(const MsCluster *cluster, MsOpKind kind, const char *member)
{
    for (guint i = 0; i < cluster->jobs->len; i++) {
        const MsJob *job = cluster->jobs->pdata[i];
        if (job->op->kind == kind && (member == NULL || g_strcmp0(job->op->member, member) == 0))
            return TRUE;
    }
    return FALSE;
}

/* Refuses the state request of @member, with its name, while a job of
 * @kind runs (on @on_member, or on any member when NULL), where @rule
 * applies in the release; TRUE when refused. */
static gboolean
job_refuses(MsApply *apply, MsRuleId rule, const MsMember *member, MsOpKind kind, const char *on_member)
{
    if (!ms_rule_applies(rule, apply->profile))
        return FALSE;
    /* check sites: EVAC_RESTORE_RUNNING EVAC_ANOTHER_RUNNING RESTORE_EVAC_RUNNING */
    if (!ms_apply_check(apply, rule, member->name, job_in_flight(apply->cluster, kind, on_member)))
        return FALSE;
    ms_apply_reject(apply, rule, member->name);
    return TRUE;
}

/* Incus from 6.22 evacuates the only member of a one-member cluster in
 * stop mode when the request names no mode or "auto", and refuses a mode
 * that moves instances with a 400 before any operation
 * (cmd/incusd/api_cluster.go:3014-3021 at v6.22.0, commit df14434eb9,
 * Incus PR #2986; the 6.0 LTS line has no such code at v6.0.6). */
static gboolean
incus_single_member(const MsApply *apply)
{
    /* commit df14434eb9 (v6.22.0), backported to v6.0.6 (e99cc8aa67):
     * cmd/incusd/api_cluster.go:3014-3021 at both tags */
    static const MsReleases single = { MS_SPAN_NONE,
                                       MS_SPAN_NONE,
                                       MS_SPAN_NONE,
                                       { MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 6)),
                                         MS_SPAN_FROM(MS_VERSION_INCUS(6, 22, 0)) } };

    return apply->cluster->members->len == 1 && ms_releases_contain(&single, apply->profile->version);
}

/* The mode an Incus evacuation runs in (NULL: none given). */
static const char *
incus_action(const MsApply *apply)
{
    const char *action = apply->op->action;

    if (!incus_single_member(apply))
        return action;
    return action == NULL || g_str_equal(action, "auto") ? "stop" : action;
}

/* The request of an evacuation and the start of its operation: NULL when
 * refused, else the names of the instances to evacuate in LXD's order (the
 * member's instances, listed after the member is set EVACUATED). */
static GPtrArray *
evacuate_begin(MsApply *apply)
{
    MsMember *member = state_request_member(apply, MS_FEATURE_EVACUATE_MODE, "evacuate");
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;

    if (member == NULL)
        return NULL;
    /* a restore of the member still running (api_cluster.go:3093-3101 at
     * lxd-5.21.7; api_cluster_member.go:1517-1531 at lxd-6.9), and from 6.8
     * any other evacuation: at 6.8 the operation's shared ConflictReference
     * (api_cluster_member.go:1467 at lxd-6.8) fails its creation, from 6.9
     * validateEvacuateRequest refuses first (:1533-1542, before the quorum
     * check) */
    if (job_refuses(apply, MS_RULE_EVAC_RESTORE_RUNNING, member, MS_OP_RESTORE, member->name) ||
        job_refuses(apply, MS_RULE_EVAC_ANOTHER_RUNNING, member, MS_OP_EVACUATE, NULL))
        return NULL;
    if (ms_rule_applies(MS_RULE_EVAC_QUORUM, profile) && !op->force &&
        ms_apply_check(apply, MS_RULE_EVAC_QUORUM, member->name, !quorum_allows(cluster, member))) {
        ms_apply_reject(apply, MS_RULE_EVAC_QUORUM);
        return NULL;
    }
    /* Incus checks the mode with the cluster.evacuate validator before it
     * makes the operation: a synchronous 400, whatever the member holds
     * (cmd/incusd/api_cluster.go:2797-2803 at v6.0.4), which the incus
     * client wraps (cmd/incus/cluster.go:1540); live 6.0.4: 'Error: Failed
     * to update cluster member state: Invalid value "bogus" (not one of
     * [...])'.  LXD checks it per instance, in the operation (below). */
    if (ms_profile_is_incus(profile) && op->action != NULL) {
        /* the validator's values: internal/instance/config.go:178 (v6.0.4) */
        /* clang-format off */
        static const char *const modes[] = { "auto", "migrate", "live-migrate", "stop", "stateful-stop",
                                             "force-stop", NULL };
        /* clang-format on */
        /* dead in lxd-5.0.x,lxd-5.21.x,lxd-6.x: Incus only; LXD checks the mode per instance, in the operation (below) */
        if (ms_apply_check(apply, MS_RULE_EVAC_BAD_MODE, member->name,
                           !g_strv_contains((const char *const *) modes, op->action))) {
            ms_apply_fail(apply, MS_RULE_EVAC_BAD_MODE, 400, FALSE,
                          ms_rule_message(MS_RULE_EVAC_BAD_MODE, profile, op->action));
            return NULL;
        }
    }
    /* the only member of the cluster: no mode or auto becomes stop
     * (incus_action), any mode but stop is refused, synchronous 400
     * (cmd/incusd/api_cluster.go:3014-3021 at v6.0.6, v6.22.0, v6.23.0),
     * wrapped by the client (cmd/incus/cluster.go:1690 at v6.22.0) */
    if (ms_rule_applies(MS_RULE_EVAC_SINGLE_NODE_MODE, profile) &&
        ms_apply_check(apply, MS_RULE_EVAC_SINGLE_NODE_MODE, member->name,
                       incus_single_member(apply) && !g_str_equal(incus_action(apply) ?: "stop", "stop"))) {
        ms_apply_reject(apply, MS_RULE_EVAC_SINGLE_NODE_MODE, op->action);
        return NULL;
    }
    /* EVAC.UNKNOWN_ACTION is not evaluated: lxc sends its command's name,
     * "evacuate" or "restore", as the action (lxc/cluster.go:1134 at lxd-5.0.2,
     * :1396 at lxd-5.21.7, :1387 at lxd-6.9), so the server's default case
     * cannot be reached from a scenario. */

    /* the operation */
    if (ms_apply_check(apply, MS_RULE_EVAC_ALREADY, member->name, member->status == MS_MEMBER_EVACUATED)) {
        ms_apply_reject(apply, MS_RULE_EVAC_ALREADY);
        return NULL;
    }
    member->status = MS_MEMBER_EVACUATED;
    member->db_status = MS_MEMBER_EVACUATED;

    return ms_cluster_list_instances(cluster, member->name);
}

/* The names of @instances as they are now, copied into one block (*@block,
 * g_free) that the array returned (no free function) points into: one
 * allocation for a step list instead of one per name.  The names are
 * copies because a step may change another instance's record (the lists
 * of a job in flight keep copies of their own, ms_evacuate_begin). */
static GPtrArray *
names_in_one_block(const GPtrArray *instances, char **block)
{
    GPtrArray *names = g_ptr_array_sized_new(instances->len);
    gsize total = 1;
    char *at;

    for (guint i = 0; i < instances->len; i++)
        total += strlen(((const MsInstance *) instances->pdata[i])->name) + 1;
    at = *block = g_malloc(total);
    for (guint i = 0; i < instances->len; i++) {
        const char *name = ((const MsInstance *) instances->pdata[i])->name;
        gsize size = strlen(name) + 1;

        memcpy(at, name, size);
        g_ptr_array_add(names, at);
        at += size;
    }
    return names;
}

GPtrArray *
ms_evacuate_begin(MsApply *apply)
{
    g_autoptr(GPtrArray) instances = evacuate_begin(apply);
    GPtrArray *names;

    if (instances == NULL)
        return NULL;
    names = g_ptr_array_new_full(instances->len, g_free);
    for (guint i = 0; i < instances->len; i++)
        g_ptr_array_add(names, g_strdup(((MsInstance *) instances->pdata[i])->name));
    return names;
}

/* An instance the operation listed at its start that another request
 * changed meanwhile: LXD's operation keeps the instance object it loaded
 * then; what it does with it is not modelled. */
static MsInstance *
still_listed(MsApply *apply, const char *name, const char *where, gboolean on_member)
{
    MsInstance *instance = ms_cluster_lookup_instance(apply->cluster, name);

    if (instance == NULL || g_str_equal(instance->location, where) != on_member) {
        ms_outcome_add_note(apply->outcome,
                            "%s %s since this operation listed it: what LXD's operation does with the "
                            "instance it loaded then is not modelled; skipped",
                            name,
                            instance == NULL ? "was deleted"
                            : on_member      ? "left the member"
                                             : "is back on the member");
        return NULL;
    }
    return instance;
}

/* Incus' stateful stop of @instance, the evacuation's action for it
 * (cluster.evacuate=stateful-stop or --action stateful-stop): a stopped
 * instance is left as it is (api_cluster_evacuation.go:193-210 at v6.0.4);
 * a running one is stopped with Stop(true), which refuses an instance
 * without migration.stateful=true (driver_lxc.go:2751-2753 at v6.0.4, from
 * v6.0.1 and v6.1.0; driver_qemu.go:5012-5016 at every tag), wrapped by the
 * stop function (api_cluster.go:2820-2823 at v6.0.4); the evacuation ends
 * there and the reverter sets the member back to ONLINE (:130-132).  With
 * the key set, a VM without room for its state is refused the same way
 * (STOP.SIZE_STATE); otherwise CRIU or the VM's state decides: not
 * modelled.  Returns what
 * ms_evacuate_instance returns. */
static gboolean
evacuate_stateful_stop(MsApply *apply, MsMember *member, MsInstance *instance)
{
    /* clang-format off */
    static const MsReleases ct_check = MS_REL_INCUS(MS_INC_SINCE(1, 1));
    /* clang-format on */
    const MsProfile *profile = apply->profile;
    gboolean vm = instance->type == MS_INSTANCE_VM;
    const char *inner = vm ? "Stateful stop requires migration.stateful to be set to true"
                           : "Stateful stop requires the instance to have migration.stateful be set to true";
    gboolean key;
    const char *limit = NULL;

    if (!ms_apply_check(apply, MS_RULE_EVAC_STATEFUL_STOP, instance->name,
                        instance->status == MS_INSTANCE_RUNNING)) {
        ms_outcome_add_event(apply->outcome, MS_EVENT_UNTOUCHED, instance->name, member->name, NULL,
                             "stopped, stays on the member");
        return TRUE;
    }
    key = ms_is_true(
        ms_cluster_expanded_value(apply->cluster, profile, instance, "migration.stateful", NULL, NULL));
    /* a VM with the key: Stop(true) checks the room for its state next
     * (checkStateStorage, driver_qemu.go:5018-5022 at v6.0.4, :6102-6106 at
     * v7.3.0: STOP.SIZE_STATE's text); with room, the state's save decides */
    if (vm && key && ms_rule_applies(MS_RULE_STOP_SIZE_STATE, profile) &&
        ms_vm_state_room(apply->cluster, profile, instance, &limit) == MS_STATE_ROOM_SHORT) {
        /* dead in lxd-5.0.x,lxd-5.x,lxd-5.21.x,lxd-6.x: Incus only (stateful-stop evacuation) */
        ms_apply_check(apply, MS_RULE_STOP_SIZE_STATE, instance->name, TRUE);
        inner = ms_rule_format(MS_RULE_STOP_SIZE_STATE, profile);
    } else if (key || (!vm && !ms_releases_contain(&ct_check, profile->version)))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: the stateful stop of %s (CRIU or "
                                             "the VM's state decides)",
                                             profile->name, instance->name));
    if (evacuation_rest_unmodelled(apply, member, instance, inner))
        return FALSE;
    ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, member->name, NULL, inner);
    return evacuation_failed(apply, member, MS_RULE_EVAC_STATEFUL_STOP,
                             ms_rule_message(MS_RULE_EVAC_STATEFUL_STOP, profile, instance->name,
                                             instance->project ? instance->project : "default", inner));
}

/* Incus from 6.0.4 and 6.11 evacuates a stopped instance cold even when its
 * mode is live-migrate (given, or CanMigrate's for a VM with
 * migration.stateful), so one that should auto-start is started on its
 * target (cmd/incusd/api_cluster_evacuation.go:230-233 at v6.0.4, commit
 * a373325041, Incus PR #1819).  Before, the live flag stayed set and the
 * migrate callback skips the start after a live move (cmd/incusd/
 * api_cluster.go:2876 at v6.0.3): the instance stays stopped on its
 * target, as in LXD (lxd/api_cluster.go:3147 at lxd-5.21.7). */
static gboolean
incus_stopped_goes_cold(const MsProfile *profile, gboolean was_running)
{
    static const MsReleases cold = MS_REL_INCUS(MS_INC_SINCE(4, 11));

    return !was_running && ms_releases_contain(&cold, profile->version);
}

/* One instance of an evacuation: stop, migrate, start on the target
 * (evacuateInstances, api_cluster.go:3314-3388 at lxd-5.21.7).  FALSE when
 * it failed, which ends the operation.  @member is the evacuated member as
 * ms_cluster_lookup_member finds op->member (NULL: none), looked up once
 * per evacuation by ms_apply_evacuate: nothing an instance's step does
 * adds, removes or renames a member. */
static gboolean
evacuate_instance(MsApply *apply, MsMember *member, const char *name)
{
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    MsInstance *instance;
    gboolean migrate, live, was_running;
    MsMember *target;
    g_auto(MsRejection) refusal = { 0 };
    gboolean moved, ok;
    const char *iaction;
    MsLayersHold hold;

    if (member == NULL)
        return TRUE;
    instance = still_listed(apply, name, member->name, TRUE);
    if (instance == NULL)
        return TRUE;
    was_running = instance->status == MS_INSTANCE_RUNNING;
    /* the instance's profile layers found once for its canMigrate, its
     * start on the target and the start's ID map (issue 18: three lookups
     * a move before): nothing in an instance's step changes a profile (in
     * small clusters every read through the hold checks that) */
    hold = ms_layers_hold(instance);
    if (!ms_migrate_step_can_migrate_held(apply, member, &hold, &migrate, &live, &ok))
        return ok;
    iaction = ms_profile_is_incus(profile) ? incus_action(apply) : NULL;
    if (ms_profile_is_incus(profile) &&
        g_strcmp0(iaction != NULL && !g_str_equal(iaction, "auto")
                      ? iaction
                      : ms_cluster_expanded_value(cluster, profile, instance, "cluster.evacuate", NULL, NULL),
                  "stateful-stop") == 0)
        return evacuate_stateful_stop(apply, member, instance);
    if (iaction != NULL) {
        /* Incus: the mode was checked by the request; "auto" keeps
         * CanMigrate's answer, force-stop stops as stop does (without the
         * clean shutdown first), stateful-stop is above
         * (api_cluster_evacuation.go:197-210, api_cluster.go:2810-2822 at
         * v6.0.4) */
        if (g_str_equal(iaction, "stop") || g_str_equal(iaction, "force-stop"))
            migrate = FALSE, live = FALSE;
        else if (g_str_equal(iaction, "migrate"))
            migrate = TRUE, live = FALSE;
        else if (g_str_equal(iaction, "live-migrate"))
            migrate = TRUE, live = TRUE;
    } else if (op->action != NULL && ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE)) {
        if (g_str_equal(op->action, "stop"))
            migrate = FALSE, live = FALSE;
        else if (g_str_equal(op->action, "migrate"))
            migrate = TRUE, live = FALSE;
        else if (g_str_equal(op->action, "live-migrate"))
            migrate = TRUE, live = TRUE;
        else if (g_str_equal(op->action, "heal") && ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE_HEAL))
            live = FALSE;
        else if (ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE_STRICT)) {
            ms_apply_check(apply, MS_RULE_EVAC_BAD_MODE, member->name, TRUE);
            return evacuation_failed(apply, member, MS_RULE_EVAC_BAD_MODE,
                                     ms_rule_message(MS_RULE_EVAC_BAD_MODE, profile, op->action));
        } else {
            ms_outcome_add_note(apply->outcome, "mode \"%s\" is not known to this release and is ignored",
                                op->action);
        }
        if (ms_rule_applies(MS_RULE_EVAC_BAD_MODE, profile))
            ms_apply_check(apply, MS_RULE_EVAC_BAD_MODE, member->name, FALSE);
    }
    live = live && !incus_stopped_goes_cold(profile, was_running);
    ms_apply_check(apply, MS_RULE_EVAC_MODE, instance->name, !migrate);

    if (was_running && !(migrate && live)) {
        ms_instance_mark_stopped(instance);
        /* written after the stop so that restore starts it again */
        ms_instance_set_config(instance, "volatile.last_state.power", "RUNNING");
        if (!migrate)
            ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, member->name, NULL,
                                 "stays on the member");
    }
    if (!migrate) {
        if (!was_running)
            ms_outcome_add_event(apply->outcome, MS_EVENT_UNTOUCHED, instance->name, member->name, NULL,
                                 "stopped, stays on the member");
        return TRUE;
    }
    target = ms_evacuation_target(apply, instance, member);
    if (target == NULL && !apply->outcome->ok)
        return FALSE; /* the target's choice is not modelled (incus_evacuation_target) */
    if (target == NULL && ms_profile_is_incus(profile)) {
        /* no candidate (another member of its cluster group, or any other
         * ONLINE member): Incus' "Couldn't find a cluster member for the
         * instance" (for instance "N" in project "P" from 6.0.6 and 6.17,
         * commit 6237b5f1e4) is no NotFound error, so the evacuation fails
         * where LXD skips the instance (api_cluster_evacuation.go:236-242,
         * 621-622 at v6.0.4, :627-628 at v6.22.0); how it unwinds (its
         * errgroup, the member's state) is not read */
        const char *group = ms_instance_get_config(instance, "volatile.cluster.group");
        g_autofree char *whose =
            group != NULL ? g_strdup_printf("member of %s's cluster group %s", instance->name, group)
                          : g_strdup_printf("ONLINE member for %s", instance->name);
        ms_apply_fail(
            apply, MS_RULE_NONE, 0, TRUE,
            g_strdup_printf("migsim: not modelled for %s: evacuating %s, no other %s: the evacuation "
                            "fails and how it unwinds is not read",
                            profile->name, member->name, whose));
        return FALSE;
    }
    if (ms_apply_check(apply, MS_RULE_EVAC_NO_TARGET, instance->name, target == NULL)) {
        ms_outcome_add_event(apply->outcome, MS_EVENT_NO_TARGET, instance->name, member->name, NULL,
                             "No migration target available for instance");
        return TRUE;
    }
    /* the origin of the first evacuation stays (MS_FEATURE_EVAC_ORIGIN_KEPT:
     * lxd/api_cluster.go:2939-2942 at lxd-5.0.2); lxd-5.0.0 sets it every
     * time (:2761) */
    if (ms_instance_get_config(instance, "volatile.evacuate.origin") == NULL ||
        !ms_profile_has(profile, MS_FEATURE_EVAC_ORIGIN_KEPT))
        ms_cluster_set_instance_config(cluster, instance, "volatile.evacuate.origin", member->name);

    /* migrate_instance only stops a running instance for a cold move,
     * and evacuation already stopped it above. */
    ok = ms_migrate_instance(apply, instance, target->name_key, live, &refusal, &moved);
    if (apply->outcome->hung != NULL) /* nothing after the transfer runs */
        return ms_apply_fail(apply, MS_RULE_NONE, 0, TRUE, g_steal_pointer(&refusal.message));
    ms_apply_check(apply, MS_RULE_EVAC_MIGRATE_FAIL, instance->name, !ok);
    if (!ok && evacuation_rest_unmodelled(apply, member, instance, refusal.message))
        return FALSE;
    /* a migration migsim does not follow: said as is, not in LXD's wrap */
    if (!ok && g_str_has_prefix(refusal.message, "migsim:"))
        return evacuation_failed(apply, member, MS_RULE_NONE, g_steal_pointer(&refusal.message));
    if (!ok) {
        g_autofree char *wrapped = ms_rule_message(MS_RULE_EVAC_MIGRATE_FAIL, profile, instance->name,
                                                   ms_project_display(instance->project), refusal.message);
        ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, member->name, target->name,
                             refusal.message);
        return evacuation_failed(apply, member, refusal.rule, g_steal_pointer(&wrapped));
    }
    if (!live && (was_running || (ms_profile_has(profile, MS_FEATURE_AUTOSTART_AFTER_EVACUATE) &&
                                  ms_instance_should_auto_start(cluster, profile, instance)))) {
        ok = ms_migrate_start_on_member_held(apply, instance, &hold, &refusal);
        ms_apply_check(apply, MS_RULE_EVAC_START_ON_TARGET, instance->name, !ok);
        if (!ok) {
            ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, NULL, instance->location,
                                 refusal.message);
            return evacuation_failed(apply, member, refusal.rule, g_steal_pointer(&refusal.message));
        }
    }
    return TRUE;
}

gboolean
ms_evacuate_instance(MsApply *apply, const char *name)
{
    return evacuate_instance(apply, ms_cluster_lookup_member(apply->cluster, apply->op->member), name);
}

/* The end of an evacuation whose instances all went as planned. */
void
ms_evacuate_end(MsApply *apply)
{
    /* check sites: EVAC_COMMITTED EVAC_REVERTED */
    ms_apply_check(apply, evacuation_end_rule(apply->profile), apply->op->member, FALSE);
}

gboolean
ms_apply_evacuate(MsApply *apply)
{
    g_autoptr(GPtrArray) instances = evacuate_begin(apply);
    g_autofree char *block = NULL;
    g_autoptr(GPtrArray) names = instances != NULL ? names_in_one_block(instances, &block) : NULL;
    MsMember *member;

    if (names == NULL)
        return FALSE;
    member = ms_cluster_lookup_member(apply->cluster, apply->op->member);
    for (guint i = 0; i < names->len; i++)
        if (!evacuate_instance(apply, member, names->pdata[i]))
            return FALSE;
    ms_evacuate_end(apply);
    return TRUE;
}

/* ---- restore ---- */

static gboolean
restore_failed(MsApply *apply, MsMember *member, MsRuleId rule, char *message)
{
    member->status = MS_MEMBER_EVACUATED;
    member->db_status = MS_MEMBER_EVACUATED;
    return ms_apply_fail(apply, rule, 400, TRUE, message);
}

/* A failure while an instance is migrated back (ms_restore_migrate_back).
 * Incus from 6.0.3 and 6.10 migrates the instances back in an errgroup
 * without cancellation (cmd/incusd/api_cluster_evacuation.go:362-374 at
 * v6.0.3 and v6.0.4, :364-381 at v6.0.6, v6.22.0; max(NumCPU/16, 1)
 * workers): every other instance is still migrated back, and the first
 * error to arrive is reported as "Failed to restore instances: %w".  migsim
 * answers when @instance was the last one to go back (the same answer with
 * any number of workers); with others still to go it says "not modelled"
 * (which error comes first then depends on the worker count and timing, and
 * migsim stops at the first failure).  Seen live on Incus 6.0.4:
 * tools/live-random.py --product incus --gen 3 --seed 2002, scenario 10
 * line 29. */
static gboolean
restore_back_failed(MsApply *apply, MsMember *member, const MsInstance *instance, MsRuleId rule,
                    char *message)
{
    GHashTableIter iter;
    gpointer value;

    if (!incus_errgroup(apply->profile) || g_str_has_prefix(message, "migsim:"))
        return restore_failed(apply, member, rule, message);
    g_hash_table_iter_init(&iter, apply->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *other = value;

        if (other == instance || g_str_equal(other->location, member->name) ||
            g_strcmp0(ms_instance_get_config(other, "volatile.evacuate.origin"), member->name) != 0)
            continue;
        errgroup_unmodelled(apply, member, MS_MEMBER_EVACUATED, "restoring", instance, message, other,
                            "cmd/incusd/api_cluster_evacuation.go:362-374 at v6.0.4");
        g_free(message);
        return FALSE;
    }
    {
        char *wrapped = g_strconcat("Failed to restore instances: ", message, NULL);

        g_free(message);
        return restore_failed(apply, member, rule, wrapped);
    }
}

/* The request of a restore and the start of its operation: NULL when
 * refused, else its steps ("S:NAME" for the member's own instances, then
 * "M:NAME" for those evacuated from it, listed when the request arrives,
 * api_cluster.go:3391-3443 at lxd-5.21.7); empty with --action=skip. */
static GPtrArray *
restore_begin(MsApply *apply, guint *n_local)
{
    MsMember *member = state_request_member(apply, MS_FEATURE_RESTORE_SKIP, "restore");
    const MsOp *op = apply->op;
    const MsProfile *profile = apply->profile;
    g_autoptr(GPtrArray) all = NULL;
    GPtrArray *steps;
    gboolean skip;

    if (member == NULL)
        return NULL;
    /* an evacuation of the member still running (api_cluster.go:3187-3195
     * at lxd-5.21.7, api_cluster_member.go:1453-1461 at lxd-6.9); an
     * evacuation of another member is not looked at */
    if (job_refuses(apply, MS_RULE_RESTORE_EVAC_RUNNING, member, MS_OP_EVACUATE, member->name))
        return NULL;
    if (ms_rule_applies(MS_RULE_RESTORE_BAD_MODE, profile) &&
        ms_apply_check(apply, MS_RULE_RESTORE_BAD_MODE, member->name,
                       op->action != NULL && !g_str_equal(op->action, "skip"))) {
        ms_apply_reject(apply, MS_RULE_RESTORE_BAD_MODE, op->action);
        return NULL;
    }

    if (ms_apply_check(apply, MS_RULE_RESTORE_ALREADY, member->name, member->status != MS_MEMBER_EVACUATED)) {
        ms_apply_reject(apply, MS_RULE_RESTORE_ALREADY);
        return NULL;
    }
    member->status = MS_MEMBER_ONLINE;
    member->db_status = MS_MEMBER_ONLINE;

    *n_local = 0;
    steps = g_ptr_array_new();
    skip = op->action != NULL && g_str_equal(op->action, "skip");
    if (ms_rule_applies(MS_RULE_RESTORE_SKIP, profile))
        ms_apply_check(apply, MS_RULE_RESTORE_SKIP, member->name, skip);
    if (skip)
        return steps;
    if (ms_profile_has(profile, MS_FEATURE_RESTORE_MAP_ORDER))
        ms_outcome_add_note(
            apply->outcome,
            "order: LXD %s restores in Go map order (random); migsim uses instance-name order",
            profile->name);

    g_ptr_array_unref(steps);
    steps = ms_cluster_list_instances(apply->cluster, member->name);
    *n_local = steps->len;
    /* the index finds the k instances evacuated from the member without
     * visiting the rest of the cluster; it keeps the name order, and lists
     * only instances whose volatile.evacuate.origin is the member (read
     * there, so not read again here) */
    all = ms_cluster_list_evacuated_from(apply->cluster, member->name);
    for (guint i = 0; i < all->len; i++) {
        MsInstance *instance = all->pdata[i];
        if (g_str_equal(instance->location, member->name))
            continue;
        g_ptr_array_add(steps, instance);
    }
    return steps;
}

GPtrArray *
ms_restore_begin(MsApply *apply)
{
    guint n_local = 0;
    g_autoptr(GPtrArray) instances = restore_begin(apply, &n_local);
    GPtrArray *steps;

    if (instances == NULL)
        return NULL;
    steps = g_ptr_array_new_full(instances->len, g_free);
    for (guint i = 0; i < instances->len; i++)
        g_ptr_array_add(
            steps, g_strconcat(i < n_local ? "S:" : "M:", ((MsInstance *) instances->pdata[i])->name, NULL));
    return steps;
}

/* The restore's member (in @member) and the instance @name of a restore
 * step, still listed where the step expects it (@on_member: on the member,
 * else evacuated from it); NULL when either is gone: the step is skipped. */
static MsInstance *
restore_step_instance(MsApply *apply, const char *name, gboolean on_member, MsMember **member)
{
    *member = ms_cluster_lookup_member(apply->cluster, apply->op->member);
    return *member != NULL ? still_listed(apply, name, (*member)->name, on_member) : NULL;
}

static gboolean
has_root_disk(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    return ms_cluster_devices_root_disk(cluster, devices) != NULL;
}

/* A restore starts @instance on @member: one of the member's own
 * instances that evacuation stopped, or one it migrated back stopped.
 * Started directly, not through the API: no evacuated check.  A failed
 * start of a local instance is also an event (@failed_event).  FALSE when
 * it failed, which ends the operation. */
static gboolean
restore_start(MsApply *apply, MsMember *member, MsInstance *instance, MsLayersHold *hold,
              gboolean failed_event)
{
    g_auto(MsRejection) refusal = { 0 };
    gboolean started;
    MsLayersHold own = ms_layers_hold(instance);

    /* @hold: the caller's on @instance's profile layers (its canMigrate's),
     * or NULL: one for this start and its ID map */
    if (hold == NULL)
        hold = &own;

    /* validateStartup looks for the root disk first (driver_lxc.go:2249-2252
     * at lxd-5.0.2); an instance without one is followed only there
     * (ms-apply.c rootless_followed) */
    if (ms_rule_applies(MS_RULE_START_NO_ROOT, apply->profile) &&
        ms_apply_check(apply, MS_RULE_START_NO_ROOT, instance->name,
                       !has_root_disk(apply->cluster, instance)))
        started = ms_reject_rule(&refusal, apply->profile, MS_RULE_START_NO_ROOT);
    else
        started = ms_instance_start_check_held(apply->cluster, apply->env, hold, FALSE, &refusal);

    ms_apply_check(apply, MS_RULE_RESTORE_START_FAIL, instance->name, !started);
    if (!started) {
        ms_instance_mark_hook_failed(apply, instance, refusal.rule);
        if (failed_event)
            ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, NULL, member->name,
                                 refusal.message);
        return restore_failed(
            apply, member, refusal.rule,
            ms_rule_message(MS_RULE_RESTORE_START_FAIL, apply->profile, instance->name, refusal.message));
    }
    ms_instance_mark_started_held(apply, instance, hold);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, instance->name, NULL, member->name, NULL);
    return TRUE;
}

/* A restore starts one of the member's own instances that evacuation
 * stopped.  FALSE when it failed, which ends the operation. */
gboolean
ms_restore_start_local(MsApply *apply, const char *name)
{
    MsMember *member;
    MsInstance *instance = restore_step_instance(apply, name, TRUE, &member);

    if (instance == NULL)
        return TRUE;
    if (g_strcmp0(ms_instance_get_config(instance, "volatile.last_state.power"), "RUNNING") != 0 ||
        instance->status == MS_INSTANCE_RUNNING)
        return TRUE;
    /* Incus starts an instance whose mode is stateful-stop with its state,
     * Start(true) (api_cluster_evacuation.go:350-354 at v6.0.4), which
     * checks migration.stateful and needs the saved state: not read */
    if (ms_profile_is_incus(apply->profile) &&
        g_strcmp0(ms_cluster_expanded_value(apply->cluster, apply->profile, instance, "cluster.evacuate",
                                            NULL, NULL),
                  "stateful-stop") == 0)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: restore starts %s with its state "
                                             "(cluster.evacuate=stateful-stop)",
                                             apply->profile->name, instance->name));
    return restore_start(apply, member, instance, NULL, TRUE);
}

/* A restore migrates one instance evacuated from the member back and
 * starts it.  FALSE when it failed, which ends the operation. */
gboolean
ms_restore_migrate_back(MsApply *apply, const char *name)
{
    const MsProfile *profile = apply->profile;
    MsCluster *cluster = apply->cluster;
    MsMember *member;
    MsInstance *instance = restore_step_instance(apply, name, FALSE, &member);
    gboolean migrate, live, was_running, moved, ok;
    g_auto(MsRejection) refusal = { 0 };
    const MsMember *holder;
    MsLayersHold hold;

    if (instance == NULL)
        return TRUE;
    was_running = instance->status == MS_INSTANCE_RUNNING;
    /* one hold for canMigrate, the start and its ID map, as in
     * evacuate_instance */
    hold = ms_layers_hold(instance);
    if (!ms_migrate_step_can_migrate_held(apply, member, &hold, &migrate, &live, &ok))
        return ok;
    /* restore asks the holder for the instance first: an offline holder
     * fails the restore there */
    holder = ms_cluster_lookup_member(cluster, instance->location);
    /* a member that stopped answering fails the GET even before its
     * heartbeats make it OFFLINE */
    if (ms_apply_check(apply, MS_RULE_RESTORE_HOLDER_OFFLINE, instance->name,
                       holder != NULL && (holder->status == MS_MEMBER_OFFLINE ||
                                          holder->unreachable_since_ms != G_MAXUINT64))) {
        g_autofree char *inner =
            g_strdup_printf("<connection error: cluster member \"%s\" does not answer>", instance->location);
        ms_outcome_add_note(apply->outcome,
                            "%s: LXD prints the Go HTTP client's error for %s here (it names the member's "
                            "address and the cause, e.g. connection refused or i/o timeout); migsim cannot "
                            "know it",
                            instance->name, instance->location);
        ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, instance->location,
                             member->name, "holder offline");
        return restore_back_failed(
            apply, member, instance, MS_RULE_RESTORE_HOLDER_OFFLINE,
            ms_rule_message(MS_RULE_RESTORE_HOLDER_OFFLINE, profile, instance->name, inner));
    }
    /* the stop on the holder comes before the move request, so a move
     * that fails leaves the instance stopped there */
    if (ms_apply_check(apply, MS_RULE_RESTORE_STOP_ON_HOLDER, instance->name, was_running && !live)) {
        ms_instance_mark_stopped(instance);
        ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, instance->location, NULL,
                             "on its holder, before the move back");
    }
    /* the move request names the origin as its target, so instancePost's
     * CheckTarget runs before the backups check: a restricted project whose
     * restricted.cluster.groups no longer covers the origin refuses it
     * (lxd/instance_post.go:263 then :414-427 at lxd-5.21.7, :254 then
     * :380-393 at lxd-6.9; CheckTarget on moves from lxd-5.21.0, :214;
     * lxd-5.0.2 checks only the targeting restriction, :133).  The
     * targeting restriction itself does not apply: the request is the
     * server's own (CheckClusterTargetRestriction lets server administrators
     * through, lxd/project/limits/permissions.go:1624-1633 at lxd-5.21.7).
     * Seen in LXD #15118. */
    if (profile->version >= MS_VERSION(5, 21, 0) &&
        /* dead in lxd-5.0.x,lxd-5.1..5.20: no CheckTarget on moves before lxd-5.21.0 (instance_post.go:133 at lxd-5.0.2) */
        ms_apply_check(apply, MS_RULE_PROJECT_MEMBER_FORBIDDEN, member->name,
                       !ms_project_allows_member(cluster, instance->project, member))) {
        g_autofree char *inner = ms_rule_message(MS_RULE_PROJECT_MEMBER_FORBIDDEN, profile, member->name);

        ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, instance->location,
                             member->name, "project restriction");
        return restore_back_failed(apply, member, instance, MS_RULE_PROJECT_MEMBER_FORBIDDEN,
                                   ms_rule_message(MS_RULE_CLI_MOVE_API_WRAP, profile, inner));
    }
    ms_move_unset_cluster_group(apply, instance);
    if (ms_apply_check(apply, MS_RULE_MOVE_BACKUPS, instance->name, instance->n_backups > 0)) {
        g_autofree char *inner = ms_rule_message(MS_RULE_MOVE_BACKUPS, profile);
        /* the server's own wrap of its move request (api_cluster.go:3158
         * at lxd-5.0.2, :3573 at lxd-5.21.7; api_cluster_member.go:2176
         * at lxd-6.9), the same words as the client's */
        return restore_back_failed(apply, member, instance, MS_RULE_MOVE_BACKUPS,
                                   ms_rule_message(MS_RULE_CLI_MOVE_API_WRAP, profile, inner));
    }
    /* name_key, here and in evacuate_instance: the same name, the pointer
     * an instance's location is, so that ms_cluster_set_instance_location
     * finds the member by pointer */
    ok = ms_migrate_instance(apply, instance, member->name_key, live, &refusal, &moved);
    if (apply->outcome->hung != NULL) /* nothing after the transfer runs */
        return ms_apply_fail(apply, MS_RULE_NONE, 0, TRUE, g_steal_pointer(&refusal.message));
    ms_apply_check(apply, MS_RULE_RESTORE_MIGRATE_FAIL, instance->name, !ok);
    if (!ok)
        return restore_back_failed(apply, member, instance, refusal.rule,
                                   ms_rule_message(MS_RULE_RESTORE_MIGRATE_FAIL, profile, refusal.message));
    ms_cluster_set_instance_config(cluster, instance, "volatile.evacuate.origin", NULL);
    if (was_running && !live)
        return restore_start(apply, member, instance, &hold, FALSE);
    return TRUE;
}

gboolean
ms_apply_restore(MsApply *apply)
{
    guint n_local = 0;
    g_autoptr(GPtrArray) instances = restore_begin(apply, &n_local);
    g_autofree char *block = NULL;
    g_autoptr(GPtrArray) names = instances != NULL ? names_in_one_block(instances, &block) : NULL;

    if (names == NULL)
        return FALSE;
    for (guint i = 0; i < names->len; i++)
        if (!(i < n_local ? ms_restore_start_local : ms_restore_migrate_back)(apply, names->pdata[i]))
            return FALSE;
    return TRUE;
}
