/* migsim: cluster-level objects that decide placement: cluster groups,
 * member config (scheduler.instance), placement groups (6.6+), managed
 * networks, member removal; and the group-aware candidate selection that
 * `lxc move --target=@GROUP` and placement-group evacuation use.
 *
 * Candidate rules follow GetCandidateMembers / GetNodeWithLeastInstances in
 * lxd/db/node.go (lxd-6.9: :1057, :1122), placement filtering follows
 * lxd/placement/filtering.go (lxd-6.6 .. lxd-6.9). */
#include "ms-apply-private.h"

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

/* instances.placement.scriptlet (5.21.x, 6.1-6.5) runs wherever LXD places
 * an instance on a member nobody named.  migsim cannot run Starlark: it says
 * so and keeps LXD's fallback, the least-loaded candidate. */
void
ms_apply_placement_scriptlet(MsApply *apply, const char *instance, const char *reason)
{
    const char *scriptlet = ms_config_get(apply->cluster->server_config, "instances.placement.scriptlet");
    gboolean set = scriptlet != NULL && *scriptlet != '\0';

    if (!ms_rule_applies(MS_RULE_PLACEMENT_SCRIPTLET, apply->profile))
        return;
    if (ms_apply_check(apply, MS_RULE_PLACEMENT_SCRIPTLET, instance, set))
        ms_outcome_add_note(apply->outcome,
                            "%s: instances.placement.scriptlet decides its placement (%s); migsim cannot run "
                            "the scriptlet and shows LXD's fallback (fewest instances), which is LXD's "
                            "choice only if the scriptlet sets no target",
                            instance, reason);
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

/* Incus 6.0.6 and 6.22+: UpdateNodeClusterGroups refuses to take a member
 * out of a group while an instance on that member names the group in
 * volatile.cluster.group (internal/server/db/node.go:739-753 at v6.0.6 and
 * v6.23.0; "Update cluster groups: %w", cmd/incusd/api_cluster.go:1886).
 * migsim has no rule for it yet: it says "not modelled" when it happens.
 * (element-type utf8) @keep: the member's groups after the change */
static gboolean
member_group_leave_unmodelled(MsApply *apply, const MsMember *member, GPtrArray *keep)
{
    /* clang-format off */
    static const MsReleases checks = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(6, 22) };
    /* clang-format on */
    GHashTableIter iter;
    gpointer value;

    if (!ms_releases_contain(&checks, apply->profile->version))
        return FALSE;
    g_hash_table_iter_init(&iter, apply->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *inst = value;
        const char *group = ms_instance_get_config(inst, "volatile.cluster.group");

        if (group == NULL || !g_str_equal(inst->location, member->name) ||
            !ms_member_in_group(member, group) ||
            g_ptr_array_find_with_equal_func(keep, group, g_str_equal, NULL))
            continue;
        ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: %s leaves cluster group %s while instance %s "
                            "on it names the group (volatile.cluster.group); Incus refuses that from "
                            "6.0.6 and 6.22 (internal/server/db/node.go:739-753 at v6.0.6)",
                            apply->profile->name, member->name, group, inst->name));
        return TRUE;
    }
    return FALSE;
}

/* ---- lxc cluster group create / assign ---- */

static gboolean
apply_group(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;

    if (op->kind == MS_OP_GROUP_CREATE) {
        gboolean exists = ms_cluster_has_group(cluster, op->group);
        if (ms_rule_applies(MS_RULE_GROUP_EXISTS, apply->profile) &&
            ms_apply_check(apply, MS_RULE_GROUP_EXISTS, op->group, exists))
            return ms_apply_reject(apply, MS_RULE_GROUP_EXISTS, op->group);
        if (!exists)
            g_ptr_array_add(cluster->cluster_groups, g_strdup(op->group));
        return TRUE;
    }

    /* assign: the client GETs the member (lxc/cluster_group.go:113 at
     * lxd-5.0.2, :139 at lxd-5.21.7, :135 at lxd-6.9) and PUTs it with the
     * new group list */
    {
        MsMember *member = ms_cluster_lookup_member(cluster, op->member);
        if (ms_apply_check(apply, MS_RULE_MEMBER_GET_NOT_FOUND, op->member, member == NULL))
            return ms_apply_reject(apply, MS_RULE_MEMBER_GET_NOT_FOUND);
        for (guint i = 0; i < op->groups->len; i++) {
            const char *name = op->groups->pdata[i];
            /* UpdateNodeClusterGroups adds the member to each group by ID
             * (db/node.go:690 at lxd-5.21.7): an unknown name fails there */
            if (ms_apply_check(apply, MS_RULE_GROUP_ASSIGN_NOT_FOUND, name,
                               !ms_cluster_has_group(cluster, name)))
                return ms_apply_reject(apply, MS_RULE_GROUP_ASSIGN_NOT_FOUND, name);
        }
        if (member_group_leave_unmodelled(apply, member, op->groups))
            return FALSE;
        g_ptr_array_set_size(member->groups, 0);
        for (guint i = 0; i < op->groups->len; i++)
            g_ptr_array_add(member->groups, g_strdup(op->groups->pdata[i]));
        return TRUE;
    }
}

/* ---- lxc cluster group rename / delete ---- */

/* clusterGroupUsedBy: a project whose restricted.cluster.groups names the
 * group (GetProjectsUsingRestrictedClusterGroups, lxd/db/cluster/
 * cluster_groups.go:63 at lxd-5.21.7 and lxd-6.9; whether or not the project
 * is restricted), then, from lxd-5.21.5 and lxd-6.6, an instance whose
 * volatile.cluster.group is the group (lxd/api_cluster.go:4684-4686 at
 * lxd-5.21.7; lxd/api_cluster_group.go:815-817 at lxd-6.9).  lxd-5.21.4,
 * lxd-6.4 and lxd-6.5 look at projects only (GetClusterGroupUsedBy,
 * cluster_groups.go:71). */
static gboolean
group_referenced(const MsCluster *cluster, const char *name, gboolean instances)
{
    GHashTableIter iter;
    gpointer value;

    for (guint i = 0; i < cluster->projects->len; i++) {
        g_auto(GStrv) groups = ms_project_cluster_groups(cluster->projects->pdata[i]);
        if (groups != NULL && g_strv_contains((const char *const *) groups, name))
            return TRUE;
    }
    if (!instances)
        return FALSE;
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        if (g_strcmp0(ms_instance_get_config(value, "volatile.cluster.group"), name) == 0)
            return TRUE;
    return FALSE;
}

static gboolean
group_in_use(const MsApply *apply, const char *name)
{
    /* clang-format off */
    static const MsReleases with_instances = { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 5)),
                                               MS_SPAN_FROM(MS_VERSION(6, 6, 0)), MS_INC_SINCE(6, 22) };
    /* clang-format on */

    return group_referenced(apply->cluster, name,
                            ms_releases_contain(&with_instances, apply->profile->version));
}

/* A rename or delete that went through although something names the group:
 * the references keep the old name (LXD does not rewrite them). */
static void
note_stale_references(MsApply *apply, const char *name)
{
    if (group_referenced(apply->cluster, name, TRUE))
        ms_outcome_add_note(apply->outcome,
                            "%s %s does not check the group's users here: projects' "
                            "restricted.cluster.groups and instances' volatile.cluster.group that name "
                            "\"%s\" keep naming it",
                            ms_profile_product(apply->profile), apply->profile->name, name);
}

static void
rename_in(GPtrArray *names, const char *from, const char *to)
{
    for (guint i = 0; i < names->len; i++)
        if (g_str_equal(names->pdata[i], from)) {
            g_free(names->pdata[i]);
            names->pdata[i] = g_strdup(to);
        }
}

/* lxc cluster group rename GROUP NEWNAME: clusterGroupPost (lxd/api_cluster.go
 * :3518-3573 at lxd-5.0.2, :3980-4040 at lxd-5.21.7; lxd/api_cluster_group.go
 * :387-440 at lxd-6.9).  lxc sends the POST as it is (lxc/cluster_group.go
 * :535 at lxd-5.0.2, :660 at lxd-6.9).  The new name is not validated (the
 * handler validates the old one).  lxc cluster group delete GROUP:
 * clusterGroupDelete (:3872-3905 at lxd-5.0.2, :4361-4400 at lxd-5.21.7;
 * api_cluster_group.go:756-797 at lxd-6.9). */
/* Incus: clusterGroupPost and clusterGroupDelete have LXD's checks in
 * LXD's order (cmd/incusd/api_cluster_group.go:367-421 and :733-760 at
 * v6.0.4); where they check the group's users (Incus 6.0.6, 6.22+:
 * :409-421 and :796-808 at v6.0.6) they look the group up first, so an
 * unknown group is "not found" before "in use" (the texts per release are
 * model/ms-rules-incus.c's). */
static gboolean
group_lookup_first(const MsApply *apply)
{
    return ms_profile_is_incus(apply->profile);
}

static gboolean
apply_group_change(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    gboolean exists = ms_cluster_has_group(cluster, op->group);

    if (op->kind == MS_OP_GROUP_RENAME) {
        if (ms_apply_check(apply, MS_RULE_GROUP_RENAME_DEFAULT, op->group, g_str_equal(op->group, "default")))
            return ms_apply_reject(apply, MS_RULE_GROUP_RENAME_DEFAULT);
        if (ms_apply_check(apply, MS_RULE_GROUP_RENAME_TAKEN, op->new_name,
                           ms_cluster_has_group(cluster, op->new_name)))
            return ms_apply_reject(apply, MS_RULE_GROUP_RENAME_TAKEN, op->new_name);
        if (group_lookup_first(apply)) {
            /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD checks the users first) */
            if (ms_apply_check(apply, MS_RULE_GROUP_RENAME_NOT_FOUND, op->group, !exists))
                return ms_apply_reject(apply, MS_RULE_GROUP_RENAME_NOT_FOUND);
        }
        if (ms_rule_applies(MS_RULE_GROUP_RENAME_IN_USE, apply->profile) &&
            ms_apply_check(apply, MS_RULE_GROUP_RENAME_IN_USE, op->group, group_in_use(apply, op->group)))
            return ms_apply_reject(apply, MS_RULE_GROUP_RENAME_IN_USE);
        if (ms_apply_check(apply, MS_RULE_GROUP_RENAME_NOT_FOUND, op->group, !exists))
            return ms_apply_reject(apply, MS_RULE_GROUP_RENAME_NOT_FOUND);
        note_stale_references(apply, op->group);
        rename_in(cluster->cluster_groups, op->group, op->new_name);
        for (guint i = 0; i < cluster->members->len; i++)
            rename_in(((MsMember *) cluster->members->pdata[i])->groups, op->group, op->new_name);
        return TRUE;
    }

    if (ms_apply_check(apply, MS_RULE_GROUP_DELETE_DEFAULT, op->group, g_str_equal(op->group, "default")))
        return ms_apply_reject(apply, MS_RULE_GROUP_DELETE_DEFAULT);
    {
        gboolean has_members = FALSE;
        for (guint i = 0; i < cluster->members->len && !has_members; i++)
            has_members = ms_member_in_group(cluster->members->pdata[i], op->group);
        if (ms_apply_check(apply, MS_RULE_GROUP_DELETE_NOT_EMPTY, op->group, has_members))
            return ms_apply_reject(apply, MS_RULE_GROUP_DELETE_NOT_EMPTY);
    }
    if (group_lookup_first(apply)) {
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD checks the users first) */
        if (ms_apply_check(apply, MS_RULE_GROUP_DELETE_NOT_FOUND, op->group, !exists))
            return ms_apply_reject(apply, MS_RULE_GROUP_DELETE_NOT_FOUND);
    }
    if (ms_rule_applies(MS_RULE_GROUP_DELETE_IN_USE, apply->profile) &&
        ms_apply_check(apply, MS_RULE_GROUP_DELETE_IN_USE, op->group, group_in_use(apply, op->group)))
        return ms_apply_reject(apply, MS_RULE_GROUP_DELETE_IN_USE);
    if (ms_apply_check(apply, MS_RULE_GROUP_DELETE_NOT_FOUND, op->group, !exists))
        return ms_apply_reject(apply, MS_RULE_GROUP_DELETE_NOT_FOUND);
    note_stale_references(apply, op->group);
    for (guint i = 0; i < cluster->cluster_groups->len; i++)
        if (g_str_equal(cluster->cluster_groups->pdata[i], op->group)) {
            g_ptr_array_remove_index(cluster->cluster_groups, i);
            break;
        }
    return TRUE;
}

/* lxc cluster group remove MEMBER GROUP / add MEMBER GROUP: lxc GETs the
 * member, checks GROUP against its groups, and PUTs the member with GROUP
 * taken out or appended (lxc/cluster_group.go:448-498 at lxd-5.0.2,
 * :560-605 and :765-805 at lxd-5.21.7, :584-600 and :788-800 at lxd-6.9);
 * the PUT refuses an empty group list (updateClusterNode) and adds the
 * member to a group by ID (UpdateNodeClusterGroups, as assign). */
static gboolean
apply_group_membership(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsMember *member;

    /* lxc has no `cluster group add` before lxd-5.0.3 (the command rows of
     * lxc/cluster_group.go at lxd-5.0.2): `lxc cluster group` takes the
     * words as arguments, prints its usage and exits 0 (seen on the live
     * lxd-5.0.2 cluster, 3 December 2026); nothing changes */
    if (op->kind == MS_OP_GROUP_ADD && !ms_rule_applies(MS_RULE_CLI_GROUP_ALREADY_IN, apply->profile)) {
        ms_outcome_add_note(apply->outcome,
                            "lxc %s has no `cluster group add`: it prints the usage of `lxc cluster group` "
                            "and exits 0; %s stays out of %s (use lxc cluster group assign)",
                            apply->profile->name, op->member, op->group);
        return TRUE;
    }
    member = ms_cluster_lookup_member(cluster, op->member);
    if (ms_apply_check(apply, MS_RULE_MEMBER_GET_NOT_FOUND, op->member, member == NULL))
        return ms_apply_reject(apply, MS_RULE_MEMBER_GET_NOT_FOUND);
    if (op->kind == MS_OP_GROUP_ADD) {
        if (ms_apply_check(apply, MS_RULE_CLI_GROUP_ALREADY_IN, op->group,
                           ms_member_in_group(member, op->group)))
            return ms_apply_reject(apply, MS_RULE_CLI_GROUP_ALREADY_IN, member->name, op->group);
        /* dead in lxd-5.0.2: lxc has no add command there (above) */
        if (ms_apply_check(apply, MS_RULE_GROUP_ASSIGN_NOT_FOUND, op->group,
                           !ms_cluster_has_group(cluster, op->group)))
            return ms_apply_reject(apply, MS_RULE_GROUP_ASSIGN_NOT_FOUND, op->group);
        g_ptr_array_add(member->groups, g_strdup(op->group));
        return TRUE;
    }
    if (ms_apply_check(apply, MS_RULE_CLI_GROUP_NOT_APPLIED, op->group,
                       !ms_member_in_group(member, op->group)))
        return ms_apply_reject(apply, MS_RULE_CLI_GROUP_NOT_APPLIED, op->group, member->name);
    if (ms_apply_check(apply, MS_RULE_GROUP_MEMBER_NO_GROUP, member->name, member->groups->len == 1))
        return ms_apply_reject(apply, MS_RULE_GROUP_MEMBER_NO_GROUP);
    {
        g_autoptr(GPtrArray) keep = g_ptr_array_new();

        for (guint i = 0; i < member->groups->len; i++)
            if (!g_str_equal(member->groups->pdata[i], op->group))
                g_ptr_array_add(keep, member->groups->pdata[i]);
        if (member_group_leave_unmodelled(apply, member, keep))
            return FALSE;
    }
    for (guint i = 0; i < member->groups->len; i++)
        if (g_str_equal(member->groups->pdata[i], op->group)) {
            g_ptr_array_remove_index(member->groups, i);
            break;
        }
    return TRUE;
}

/* ---- lxc cluster set / unset (member config) ---- */

static gboolean
apply_member_config(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsMember *member = ms_cluster_lookup_member(apply->cluster, op->member);

    /* lxc GETs the member first (lxc/cluster.go:322 at lxd-5.0.2, :443 at
     * lxd-5.21.7, :445 at lxd-6.9; unset is set with an empty value) */
    if (ms_apply_check(apply, MS_RULE_MEMBER_GET_NOT_FOUND, op->member, member == NULL))
        return ms_apply_reject(apply, MS_RULE_MEMBER_GET_NOT_FOUND);
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
        g_free(member->scheduler_instance);
        /* an empty value is the default */
        member->scheduler_instance =
            g_strdup(op->kind == MS_OP_MEMBER_UNSET || *(const char *) op->values->pdata[i] == '\0'
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
        const char *name = ((MsPool *) cluster->pools->pdata[i])->name;
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
apply_member_remove(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsMember *member = ms_cluster_lookup_member(cluster, op->member);
    g_autoptr(GPtrArray) instances = NULL;
    g_autoptr(GString) names = g_string_new(NULL);

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
    if (!op->force && !member_volumes_gone(apply, member))
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
    /* pools and networks forget the member's entries */
    for (guint i = 0; i < cluster->pools->len; i++)
        g_hash_table_remove(ms_cluster_own_pool(cluster, cluster->pools->pdata[i])->member_state,
                            member->name);
    for (guint i = 0; i < cluster->networks->len; i++)
        g_hash_table_remove(((MsNetwork *) cluster->networks->pdata[i])->pending_on, member->name);
    ms_cluster_remove_member(cluster, member);
    return TRUE;
}

/* ---- lxc network create / set / unset / delete ---- */

static MsNetwork *
network_new(MsCluster *cluster, const char *name)
{
    MsNetwork *network = g_new0(MsNetwork, 1);

    network->name = g_strdup(name);
    network->config = ms_config_new();
    network->pending_on = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_ptr_array_add(cluster->networks, network);
    return network;
}

static gboolean
devices_use_network(GHashTable *devices, const char *name)
{
    GHashTableIter iter;
    gpointer dev;

    g_hash_table_iter_init(&iter, devices);
    while (g_hash_table_iter_next(&iter, NULL, &dev))
        if (g_strcmp0(ms_config_get(dev, "type"), "nic") == 0 &&
            g_strcmp0(ms_config_get(dev, "network"), name) == 0)
            return TRUE;
    return FALSE;
}

/* Network.IsUsed(): an instance's expanded devices or any profile's devices
 * have a nic on the network (lxd/network/network_utils.go:70,152 UsedBy at
 * lxd-5.0.2). */
static gboolean
network_in_use(const MsCluster *cluster, const char *name)
{
    GHashTableIter iter;
    gpointer value;

    for (guint i = 0; i < cluster->profiles->len; i++)
        if (devices_use_network(((MsProfileEntity *) cluster->profiles->pdata[i])->devices, name))
            return TRUE;
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_autoptr(GHashTable) devices = ms_cluster_expand_devices(cluster, value);
        if (devices_use_network(devices, name))
            return TRUE;
    }
    return FALSE;
}

/* db.NodeSpecificNetworkConfig (lxd/db/networks.go:909-914 at lxd-5.0.2;
 * acceleration.parent too from 5.21.5 and 6.6, :963-969 at lxd-5.21.5,
 * lxd-5.21.7, lxd-6.6 and lxd-6.9, absent at lxd-5.21.4 and lxd-6.5) */
static gboolean
network_key_member_specific(const MsProfile *profile, const char *key)
{
    static const char *const always[] = { "bgp.ipv4.nexthop", "bgp.ipv6.nexthop",
                                          "bridge.external_interfaces", "parent", NULL };
    static const MsReleases acceleration = MS_REL_SINCE(5, 6);

    if (g_strv_contains(always, key))
        return TRUE;
    return g_str_equal(key, "acceleration.parent") && ms_releases_contain(&acceleration, profile->version);
}

/* The first op key that is (@member_specific TRUE) or is not (FALSE) a
 * member-specific network key, or NULL.  LXD walks a Go map, so with several
 * it names any one: a note says so. */
static const char *
network_first_key(MsApply *apply, gboolean member_specific)
{
    const MsOp *op = apply->op;
    const char *first = NULL;
    guint n = 0;

    for (guint i = 0; i < op->keys->len; i++)
        if (network_key_member_specific(apply->profile, op->keys->pdata[i]) == member_specific && n++ == 0)
            first = op->keys->pdata[i];
    if (n > 1)
        ms_outcome_add_note(apply->outcome, "%u keys are refused: LXD names any one of them (Go map order)",
                            n);
    return first;
}

/* lxc network create NAME --target M: a pending entry for one member
 * (lxd/networks.go:366-390 networksPost at lxd-5.0.2; CreatePendingNetwork,
 * lxd/db/networks.go:290-360). */
static gboolean
network_create_pending(MsApply *apply, MsNetwork *network)
{
    const MsOp *op = apply->op;
    /* only member-specific keys, checked before any database access
     * (lxd/networks.go:372-377 at lxd-5.0.2, :569-574 at lxd-5.21.7,
     * :550-555 at lxd-6.9) */
    const char *bad = network_first_key(apply, FALSE);

    if (ms_apply_check(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, op->network, bad != NULL))
        return ms_apply_reject(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, bad);
    /* CreatePendingNetwork checks the network's state before it looks the
     * member up (lxd/db/networks.go:329-341 at lxd-5.0.2) */
    if (network != NULL && ms_apply_check(apply, MS_RULE_NETWORK_NOT_PENDING, op->network, network->created))
        return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_PENDING);
    if (ms_apply_check(apply, MS_RULE_NETWORK_TARGET_NOT_FOUND, op->target,
                       ms_cluster_lookup_member(apply->cluster, op->target) == NULL))
        return ms_apply_reject(apply, MS_RULE_NETWORK_TARGET_NOT_FOUND);
    if (network != NULL && ms_apply_check(apply, MS_RULE_NETWORK_ALREADY_DEFINED, op->network,
                                          g_hash_table_contains(network->pending_on, op->target)))
        return ms_apply_reject(apply, MS_RULE_NETWORK_ALREADY_DEFINED, op->target);
    if (network == NULL)
        network = network_new(apply->cluster, op->network);
    g_hash_table_add(network->pending_on, g_strdup(op->target));
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(network->config, op->keys->pdata[i], op->values->pdata[i]);
    return TRUE;
}

/* lxc network create NAME: in a cluster of more than one member (or over a
 * pending network) networksPostCluster checks, in this order, that it is not
 * created yet, that it is pending somewhere, and that every member has its
 * pending entry (lxd/networks.go:398-440, :503-567 at lxd-5.0.2).  Only
 * bridge networks are modelled: they have member-specific config, so LXD
 * adds no pending entries of its own (it does for OVN, networks.go:405). */
static gboolean
network_create_final(MsApply *apply, MsNetwork *network)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(GString) missing = g_string_new(NULL);

    if (cluster->members->len > 1 || (network != NULL && !network->created)) {
        /* networksPostCluster's first check (lxd/networks.go:504-509 at
         * lxd-5.0.2, :723-728 at lxd-5.21.7, :755-760 at lxd-6.9) */
        const char *member_key = network_first_key(apply, TRUE);

        if (ms_apply_check(apply, MS_RULE_NETWORK_KEY_MEMBER_SPECIFIC, op->network, member_key != NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_KEY_MEMBER_SPECIFIC, member_key);
        if (network != NULL &&
            ms_apply_check(apply, MS_RULE_NETWORK_ALREADY_CREATED, op->network, network->created))
            return ms_apply_reject(apply, MS_RULE_NETWORK_ALREADY_CREATED);
        if (ms_apply_check(apply, MS_RULE_NETWORK_NOT_PENDING_ANY, op->network, network == NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_PENDING_ANY);
        for (guint i = 0; i < cluster->members->len; i++) {
            const MsMember *member = cluster->members->pdata[i];
            if (!g_hash_table_contains(network->pending_on, member->name))
                g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", member->name);
        }
        if (ms_apply_check(apply, MS_RULE_NETWORK_NOT_DEFINED_ON, op->network, missing->len > 0))
            return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_DEFINED_ON, missing->str);
    } else if (network != NULL) {
        /* a one-member cluster takes the non-clustered path: "The network
         * already exists" (networks.go:443 at lxd-5.0.2) is not modelled */
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup("migsim: lxc network create of an existing network in a one-member cluster "
                     "is not modelled"));
    } else {
        network = network_new(cluster, op->network);
    }
    network->created = TRUE;
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(network->config, op->keys->pdata[i], op->values->pdata[i]);
    return TRUE;
}

/* lxc network create --type: LoadByType, then the --target check come
 * before any database change (lxd/networks.go:308-311, :365-369 networksPost
 * at lxd-5.0.2; :499-502, :562-566 at lxd-5.21.7; :478-481, :543-547 at
 * lxd-6.9).  Only bridge, the default in a project without
 * features.networks (:296-300, :487-491, :466-470), is modelled further.  An
 * OVN network has no member-specific config (lxd/network/driver_ovn.go:97
 * Info at lxd-5.0.2, :103 at lxd-5.21.7, :119 at lxd-6.9), so its --target
 * step is refused; its final create validates the uplink named by network=
 * and then creates the network in the OVN northbound database
 * (networks.go:405-433, doNetworksCreate; driver_ovn.go Validate, Create,
 * Start), which migsim does not have: it says so rather than guess. */
static gboolean
network_create_type_modelled(MsApply *apply)
{
    const MsOp *op = apply->op;
    /* the drivers LoadByType knows (lxd/network/network_load.go:11-17 at
     * lxd-5.0.2, :13-19 at lxd-5.21.7 and lxd-6.9) */
    static const char *const known_types[] = { "bridge", "macvlan", "sriov", "ovn", "physical", NULL };
    const char *type = op->content_type;
    gboolean ovn = g_strcmp0(type, "ovn") == 0;

    if (ms_apply_check(apply, MS_RULE_NETWORK_UNKNOWN_TYPE, op->network,
                       type != NULL && !g_strv_contains(known_types, type)))
        return ms_apply_reject(apply, MS_RULE_NETWORK_UNKNOWN_TYPE);
    if (type != NULL && !ovn && !g_str_equal(type, "bridge"))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: lxc network create --type=%s is not modelled", type));
    if (op->target != NULL && ms_apply_check(apply, MS_RULE_NETWORK_NO_MEMBER_CONFIG, op->network, ovn))
        return ms_apply_reject(apply, MS_RULE_NETWORK_NO_MEMBER_CONFIG, type);
    if (!ovn)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup("migsim: lxc network create --type=ovn is not modelled (LXD adds a "
                                  "pending entry per member, validates the uplink and creates the "
                                  "network through the OVN northbound database, which migsim has not)"));
}

/* lxc network set|unset NAME KEY [--target M]: networkPut refuses, without
 * --target, a network that is not created and then a member-specific key;
 * with --target, a key that is not member-specific and changes the value
 * (lxd/networks.go:1199-1201, :1231-1248 at lxd-5.0.2; :1438-1440,
 * :1475-1492 at lxd-5.21.7; :1546-1548, :1583-1600 at lxd-6.9).  lxc sends
 * the config GET returned (without member-specific keys when untargeted)
 * with the new key over it, and unset sends the key with an empty value
 * (lxc/network.go cmdNetworkSet/cmdNetworkUnset at lxd-5.0.2).  FALSE when
 * refused. */
static gboolean
network_update_allowed(MsApply *apply, const MsNetwork *network)
{
    const MsOp *op = apply->op;

    if (op->target == NULL) {
        const char *member_key;

        if (ms_apply_check(apply, MS_RULE_NETWORK_SET_NOT_CREATED, op->network, !network->created))
            return ms_apply_reject(apply, MS_RULE_NETWORK_SET_NOT_CREATED);
        member_key = network_first_key(apply, TRUE);
        if (ms_apply_check(apply, MS_RULE_NETWORK_SET_MEMBER_KEY, op->network, member_key != NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_SET_MEMBER_KEY, member_key);
        return TRUE;
    }
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *value = op->kind == MS_OP_NETWORK_UNSET ? "" : op->values->pdata[i];
        gboolean changes = g_strcmp0(ms_config_get(network->config, key) ?: "", value) != 0;

        /* check sites: NETWORK_KEY_NOT_MEMBER_SPECIFIC */
        if (ms_apply_check(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, op->network,
                           !network_key_member_specific(apply->profile, key) && changes))
            return ms_apply_reject(apply, MS_RULE_NETWORK_KEY_NOT_MEMBER_SPECIFIC, key);
    }
    return TRUE;
}

static gboolean
apply_network(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsNetwork *network = ms_cluster_lookup_network(cluster, op->network);

    if (op->kind == MS_OP_NETWORK_CREATE) {
        if (!network_create_type_modelled(apply))
            return FALSE;
        return op->target != NULL ? network_create_pending(apply, network)
                                  : network_create_final(apply, network);
    }
    if (op->kind == MS_OP_NETWORK_DELETE) {
        if (ms_apply_check(apply, MS_RULE_NETWORK_LOAD_FAILED, op->network, network == NULL))
            return ms_apply_reject(apply, MS_RULE_NETWORK_LOAD_FAILED);
        if (ms_apply_check(apply, MS_RULE_NETWORK_IN_USE, op->network, network_in_use(cluster, op->network)))
            return ms_apply_reject(apply, MS_RULE_NETWORK_IN_USE);
        g_ptr_array_remove(cluster->networks, network);
        return TRUE;
    }
    if (ms_apply_check(apply, MS_RULE_NETWORK_NOT_FOUND, op->network, network == NULL))
        return ms_apply_reject(apply, MS_RULE_NETWORK_NOT_FOUND);
    if (!network_update_allowed(apply, network))
        return FALSE;
    /* member-specific keys (--target) are stored with the member name so
     * that the cluster-wide value stays visible */
    for (guint i = 0; i < op->keys->len; i++) {
        g_autofree char *key = op->target != NULL
                                   ? g_strdup_printf("%s@%s", (char *) op->keys->pdata[i], op->target)
                                   : g_strdup(op->keys->pdata[i]);
        ms_config_set(network->config, key, op->kind == MS_OP_NETWORK_UNSET ? NULL : op->values->pdata[i]);
    }
    return TRUE;
}

/* ---- lxc placement-group create (6.6+) ---- */

/* placementGroupValidateConfig (lxd/placement_groups.go:726-782 at lxd-6.9)
 * of the config @keys/@values (create: the op's pairs; set and unset: the
 * group's config with the op's pairs over it, placementGroupPut :629 at
 * lxd-6.9, :628 at lxd-6.6): every key (user.* aside) must be policy or
 * rigor with a valid value, then policy and rigor must both be there.
 * FALSE when refused. */
static gboolean
placement_group_config_valid(MsApply *apply, GPtrArray *keys, GPtrArray *values)
{
    static const char *const required[] = { "policy", "rigor" };
    const MsOp *op = apply->op;
    const char *bad = NULL;
    guint n_bad = 0;
    MsRuleId rule = MS_RULE_PGROUP_KEY_UNKNOWN;

    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i], *value = values->pdata[i];
        MsRuleId this_rule;
        if (g_str_has_prefix(key, "user."))
            continue;
        if (g_str_equal(key, "policy"))
            this_rule = g_str_equal(value, "spread") || g_str_equal(value, "compact")
                            ? MS_RULE_LAST
                            : MS_RULE_PGROUP_VALUE_INVALID;
        else if (g_str_equal(key, "rigor"))
            this_rule = g_str_equal(value, "strict") || g_str_equal(value, "permissive")
                            ? MS_RULE_LAST
                            : MS_RULE_PGROUP_VALUE_INVALID;
        else
            this_rule = MS_RULE_PGROUP_KEY_UNKNOWN;
        if (this_rule != MS_RULE_LAST && n_bad++ == 0) {
            bad = key;
            rule = this_rule;
        }
    }
    if (ms_apply_check(apply, MS_RULE_PGROUP_KEY_UNKNOWN, op->group,
                       bad != NULL && rule == MS_RULE_PGROUP_KEY_UNKNOWN) ||
        ms_apply_check(apply, MS_RULE_PGROUP_VALUE_INVALID, op->group,
                       bad != NULL && rule == MS_RULE_PGROUP_VALUE_INVALID)) {
        if (n_bad > 1)
            ms_outcome_add_note(
                apply->outcome,
                "%u keys are invalid: LXD checks them in Go map order and names any one of them", n_bad);
        return ms_apply_reject(apply, rule, bad);
    }
    for (guint r = 0; r < G_N_ELEMENTS(required); r++) {
        gboolean found = FALSE;
        for (guint i = 0; i < keys->len && !found; i++)
            found = g_str_equal(keys->pdata[i], required[r]);
        if (ms_apply_check(apply, MS_RULE_PGROUP_KEY_MISSING, op->group, !found))
            return ms_apply_reject(apply, MS_RULE_PGROUP_KEY_MISSING, required[r]);
    }
    return TRUE;
}

static gboolean
apply_placement_group(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsPlacementGroup *group;

    if (!ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS)) {
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_COMMAND, op->group, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_COMMAND, "placement-group");
    }
    if (!placement_group_config_valid(apply, op->keys, op->values))
        return FALSE;
    group = g_new0(MsPlacementGroup, 1);
    group->name = g_strdup(op->group);
    group->config = ms_config_new();
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(group->config, op->keys->pdata[i], op->values->pdata[i]);
    g_ptr_array_add(apply->cluster->placement_groups, group);
    return TRUE;
}

/* ---- lxc placement-group delete / rename / set / unset (6.6+) ---- */

/* GetPlacementGroupUsedBy: an instance's own config or a profile's config
 * names the group in placement.group, in the group's project (instances_config
 * and profiles_config, not the expanded config: lxd/db/cluster/
 * placement_groups.go:140-176 at lxd-6.6, :131-176 at lxd-6.9).  migsim's
 * placement groups live in the project the command names. */
static gboolean
placement_group_in_use(const MsCluster *cluster, const char *project, const char *name)
{
    GHashTableIter iter;
    gpointer value;

    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *profile = cluster->profiles->pdata[i];
        if (ms_project_same(profile->project, project) &&
            g_strcmp0(ms_config_get(profile->config, "placement.group"), name) == 0)
            return TRUE;
    }
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        if (ms_project_same(instance->project, project) &&
            g_strcmp0(ms_instance_get_config(instance, "placement.group"), name) == 0)
            return TRUE;
    }
    return FALSE;
}

/* validate.IsDeviceName, which placementGroupPost applies to the new name
 * (lxd/placement_groups.go:692 at lxd-6.9, :703 at lxd-6.6): migsim follows
 * names of letters, digits, '-', '_' and '.' only and leaves the rest
 * "not modelled". */
static gboolean
placement_group_name_plain(const char *name)
{
    if (*name == '\0')
        return FALSE;
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
            return FALSE;
    return TRUE;
}

static gboolean
apply_placement_group_change(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsPlacementGroup *group;

    if (!ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS)) {
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_COMMAND, op->group, TRUE);
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_COMMAND, "placement-group");
    }
    if (op->kind == MS_OP_PLACEMENT_GROUP_RENAME && !placement_group_name_plain(op->new_name))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: lxc placement-group rename to \"%s\" is not modelled "
                                             "(validate.IsDeviceName of the new name)",
                                             op->new_name));
    /* set and unset GET the group first (lxc/placement_group.go:610 at
     * lxd-6.9); delete and rename look it up in their transaction
     * (lxd/placement_groups.go:376, :700 at lxd-6.9) */
    group = ms_cluster_lookup_placement_group(cluster, op->group);
    if (ms_apply_check(apply, MS_RULE_PGROUP_NOT_FOUND, op->group, group == NULL))
        return ms_apply_reject(apply, MS_RULE_PGROUP_NOT_FOUND);

    if (op->kind == MS_OP_PLACEMENT_GROUP_DELETE || op->kind == MS_OP_PLACEMENT_GROUP_RENAME) {
        if (ms_apply_check(apply, MS_RULE_PGROUP_IN_USE, op->group,
                           placement_group_in_use(cluster, op->project, op->group)))
            return ms_apply_reject(apply, MS_RULE_PGROUP_IN_USE, op->group);
        if (op->kind == MS_OP_PLACEMENT_GROUP_DELETE) {
            g_ptr_array_remove(cluster->placement_groups, group);
            return TRUE;
        }
        /* the rename rewrites the row (query.UpdateByPrimaryKey, :719 at
         * lxd-6.9); onto an existing name the unique index refuses it with
         * a database error whose text migsim does not have */
        if (ms_cluster_lookup_placement_group(cluster, op->new_name) != NULL)
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: lxc placement-group rename onto the existing group "
                                                 "\"%s\" is not modelled (a database constraint error)",
                                                 op->new_name));
        g_free(group->name);
        group->name = g_strdup(op->new_name);
        return TRUE;
    }

    /* set: lxc copies KEY=VALUE over the group's config and PUTs it
     * (lxc/placement_group.go:618-624 at lxd-6.9, :594-600 at lxd-6.6);
     * unset is set with an empty value (:664, :641), which the PUT keeps
     * and placementGroupValidateConfig then judges */
    {
        g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GHashTable) merged = g_hash_table_new(g_str_hash, g_str_equal);
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init(&iter, group->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            g_hash_table_insert(merged, key, value);
        for (guint i = 0; i < op->keys->len; i++)
            g_hash_table_insert(merged, op->keys->pdata[i],
                                op->kind == MS_OP_PLACEMENT_GROUP_UNSET ? "" : op->values->pdata[i]);
        /* a stable order, so that the first bad key is the same every run */
        {
            g_autoptr(GList) sorted = g_list_sort(g_hash_table_get_keys(merged), (GCompareFunc) strcmp);
            for (GList *l = sorted; l != NULL; l = l->next) {
                g_ptr_array_add(keys, g_strdup(l->data));
                g_ptr_array_add(values, g_strdup(g_hash_table_lookup(merged, l->data)));
            }
        }
        if (!placement_group_config_valid(apply, keys, values))
            return FALSE;
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(group->config, op->keys->pdata[i],
                          op->kind == MS_OP_PLACEMENT_GROUP_UNSET ? NULL : op->values->pdata[i]);
        return TRUE;
    }
}

/* An instance update (LXD's Update: the instance PUT of lxc config set|unset,
 * and each user of a changed or added profile) whose expanded config names a
 * placement.group drops volatile.cluster.group, so that evacuation follows
 * the placement group instead of the cluster group the instance was once
 * targeted at (lxd/instance/drivers/driver_lxc.go:4483-4488 and
 * driver_qemu.go:6134 at lxd-6.6; :4422, :6104 at lxd-6.7; :4373, :6129 at
 * lxd-6.8; :4382-4387, :6152-6157 at lxd-6.9). */
void
ms_apply_placement_drops_group(MsApply *apply, MsInstance *instance)
{
    const char *placement;

    if (!ms_profile_has(apply->profile, MS_FEATURE_PLACEMENT_GROUPS) ||
        ms_instance_get_config(instance, "volatile.cluster.group") == NULL)
        return;
    placement =
        ms_cluster_expanded_value(apply->cluster, apply->profile, instance, "placement.group", NULL, NULL);
    if (placement != NULL && *placement != '\0')
        ms_instance_set_config(instance, "volatile.cluster.group", NULL);
}

gboolean
ms_apply_cluster_object(MsApply *apply)
{
    switch (apply->op->kind) {
    case MS_OP_GROUP_CREATE:
    case MS_OP_GROUP_ASSIGN:
        return apply_group(apply);
    case MS_OP_MEMBER_SET:
    case MS_OP_MEMBER_UNSET:
        return apply_member_config(apply);
    case MS_OP_MEMBER_REMOVE:
        return apply_member_remove(apply);
    case MS_OP_NETWORK_CREATE:
    case MS_OP_NETWORK_SET:
    case MS_OP_NETWORK_UNSET:
    case MS_OP_NETWORK_DELETE:
        return apply_network(apply);
    case MS_OP_PLACEMENT_GROUP_CREATE:
        return apply_placement_group(apply);
    case MS_OP_PLACEMENT_GROUP_DELETE:
    case MS_OP_PLACEMENT_GROUP_RENAME:
    case MS_OP_PLACEMENT_GROUP_SET:
    case MS_OP_PLACEMENT_GROUP_UNSET:
        return apply_placement_group_change(apply);
    case MS_OP_GROUP_RENAME:
    case MS_OP_GROUP_DELETE:
        return apply_group_change(apply);
    case MS_OP_GROUP_REMOVE:
    case MS_OP_GROUP_ADD:
        return apply_group_membership(apply);
    default:
        g_assert_not_reached();
    }
}
