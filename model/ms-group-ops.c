/* migsim: cluster groups: lxc cluster group create / assign / rename /
 * delete / add / remove (moved out of ms-cluster-ops.c, which dispatches
 * to these handlers). */
#include "ms-apply-private.h"
#include "ms-names.h"
#include "ms-yaml-read.h"

#include <string.h>

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

/* A cluster group name's quick checks: Incus' per release
 * (ms_name_incus_group_error, NAME.GROUP); LXD's (clusterGroupValidateName,
 * lxd/api_cluster.go:3908-3938 at lxd-5.0.2; validate.IsClusterGroupName at
 * lxd-5.21.7 :3679 and lxd-6.9 api_cluster_group.go:89) were not read at
 * every release: a name any of them may refuse is not modelled. */
static gboolean
group_name_checked(MsApply *apply, const char *name)
{
    if (*name == '\0')
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: an empty cluster group name (the "
                                             "client refuses it before any request)",
                                             apply->profile->name));
    if (ms_profile_is_incus(apply->profile)) {
        g_autofree char *invalid = ms_name_incus_group_error(name, apply->profile);

        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's suspect names are not modelled) */
        if (ms_apply_check(apply, MS_RULE_NAME_GROUP, name, invalid != NULL))
            return ms_apply_fail(apply, MS_RULE_NAME_GROUP, 400, FALSE, g_steal_pointer(&invalid));
        return TRUE;
    }
    if (!ms_name_lxd_group_suspect(name))
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: the cluster group name \"%s\" (LXD's "
                                         "cluster group name checks were not read at every release)",
                                         apply->profile->name, name));
}

/* lxc cluster group create GROUP < YAML: from 5.21.3 and 6.2 (Incus 6.0.1
 * and 6.1) lxc reads an api.ClusterGroupPut from standard input when it is
 * not a terminal and sends its description and members (lxc/
 * cluster_group.go:208-220 at lxd-5.21.7, :203-215 at lxd-6.9); earlier
 * lxc ignores it (seen on the live 5.0.2 cluster: the group is created
 * empty).  *@put: the YAML as sent, NULL when nothing is.  FALSE when the
 * line is answered (lxc's own type error, Incus' members). */
static gboolean
group_create_input(MsApply *apply, MsYamlPut **put)
{
    const MsOp *op = apply->op;
    g_autofree char *type_errors = NULL;

    *put = NULL;
    if (op->stdin_text == NULL)
        return TRUE;
    if (!ms_profile_has(apply->profile, MS_FEATURE_CLI_GROUP_CREATE_STDIN)) {
        ms_outcome_add_note(apply->outcome,
                            "%s's client does not read standard input for cluster group create: "
                            "the YAML is ignored and the group is created empty",
                            apply->profile->name);
        return TRUE;
    }
    *put = ms_yaml_unmarshal_put(op->stdin_text, MS_YAML_GROUP_PUT, &type_errors);
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.0..5.21.2,lxd-6.1: their lxc reads no input here (lxc/cluster_group.go:158-190 at lxd-5.0.2) */
    if (ms_apply_check(apply, MS_RULE_CLI_YAML_UNMARSHAL, op->group, *put == NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_YAML_UNMARSHAL,
                               type_errors + strlen("yaml: unmarshal errors:"));
    /* Incus inserts them with the mapper's CreateNodeClusterGroup
     * (cmd/incusd/api_cluster_group.go clusterGroupsPost at v6.0.4), whose
     * answers to an unknown or repeated member were not read */
    if (ms_profile_is_incus(apply->profile) && (*put)->members != NULL && (*put)->members->len > 0)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: incus cluster group create with "
                                             "members in its YAML",
                                             apply->profile->name));
    return TRUE;
}

/* The YAML's members, each inserted in its order inside the create's
 * transaction (clusterGroupsPost, lxd/api_cluster.go:3688-3693 at
 * lxd-5.21.7, lxd/api_cluster_group.go:110-115 at lxd-6.9): an unknown
 * one fails AddNodeToClusterGroup and nothing is created; one written
 * twice fails its second insert on the UNIQUE (node_id, group_id) of
 * nodes_cluster_groups, a text not modelled.  TRUE when they all go in. */
static gboolean
group_create_members_checked(MsApply *apply, const MsYamlPut *put)
{
    for (guint i = 0; put != NULL && put->members != NULL && i < put->members->len; i++) {
        const char *name = put->members->pdata[i];

        if (ms_apply_check(apply, MS_RULE_GROUP_CREATE_MEMBER_NOT_FOUND, name,
                           ms_cluster_lookup_member(apply->cluster, name) == NULL))
            return ms_apply_reject(apply, MS_RULE_GROUP_CREATE_MEMBER_NOT_FOUND);
        for (guint j = 0; j < i; j++)
            if (g_str_equal(put->members->pdata[j], name))
                return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                     g_strdup_printf("migsim: not modelled for %s: member %s written twice "
                                                     "in the YAML's members (its second insert breaks a "
                                                     "UNIQUE constraint)",
                                                     apply->profile->name, name));
    }
    return TRUE;
}

static gboolean
group_create(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    gboolean exists = ms_cluster_has_group(cluster, op->group);
    g_autoptr(MsYamlPut) put = NULL;

    /* lxc reads its input before any request */
    if (!group_create_input(apply, &put))
        return FALSE;
    /* the name's quick checks come before the create (clusterGroupsPost) */
    if (!group_name_checked(apply, op->group))
        return FALSE;
    if (ms_rule_applies(MS_RULE_GROUP_EXISTS, apply->profile) &&
        ms_apply_check(apply, MS_RULE_GROUP_EXISTS, op->group, exists))
        return ms_apply_reject(apply, MS_RULE_GROUP_EXISTS, op->group);
    if (!group_create_members_checked(apply, put))
        return FALSE;
    if (!exists)
        g_ptr_array_add(cluster->cluster_groups, g_strdup(op->group));
    if (put != NULL && put->description[0] != '\0')
        ms_outcome_add_note(apply->outcome, "the group's description is not kept by migsim");
    for (guint i = 0; put != NULL && put->members != NULL && i < put->members->len; i++) {
        MsMember *member = ms_cluster_lookup_member(cluster, put->members->pdata[i]);

        if (!ms_member_in_group(member, op->group))
            g_ptr_array_add(ms_member_groups_mut(member), g_strdup(op->group));
    }
    return TRUE;
}

gboolean
ms_apply_group(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;

    if (op->kind == MS_OP_GROUP_CREATE)
        return group_create(apply);

    /* assign: the client GETs the member (lxc/cluster_group.go:113 at
     * lxd-5.0.2, :139 at lxd-5.21.7, :135 at lxd-6.9) and PUTs it with the
     * new group list */
    {
        MsMember *member = ms_cluster_lookup_member(cluster, op->member);
        if (ms_apply_check(apply, MS_RULE_MEMBER_GET_NOT_FOUND, op->member, member == NULL))
            return ms_apply_reject(apply, MS_RULE_MEMBER_GET_NOT_FOUND);
        /* the PUT is forwarded to the member from lxd-5.21.3 and 6.2
         * (ms_apply_member_put_forward_refused) */
        if (ms_apply_member_put_forward_refused(apply, member->name))
            return FALSE;
        /* `assign M ""` sends no group (lxc/cluster_group.go:118-122 at
         * lxd-5.0.2, :144-148 at lxd-5.21.7, :140-144 at lxd-6.9), refused
         * before the groups are written (lxd/api_cluster.go:1625-1628 at
         * lxd-5.0.2, :1758-1761 at lxd-5.21.7; api_cluster_member.go
         * :685-688 at lxd-6.9); seen live on 5.0.2 (lane 2, 2026-12-06).
         * migsim assigned no group. */
        if (ms_apply_check(apply, MS_RULE_GROUP_MEMBER_NO_GROUP, member->name, op->groups->len == 0))
            return ms_apply_reject(apply, MS_RULE_GROUP_MEMBER_NO_GROUP);
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
        /* UpdateNodeClusterGroups skips a group the member already has, as
         * often as it is named, and adds each other one (lxd/db/node.go
         * UpdateNodeClusterGroups at lxd-5.0.2, :671-700 at lxd-6.9): "default,
         * default" keeps one "default" (seen live on 5.0.2); a new group
         * named twice is added twice, an insert whose error is not read */
        for (guint i = 0; i < op->groups->len; i++)
            for (guint j = 0; j < i; j++)
                if (g_str_equal(op->groups->pdata[i], op->groups->pdata[j]) &&
                    !ms_member_in_group(member, op->groups->pdata[i]))
                    return ms_apply_fail(
                        apply, MS_RULE_NONE, 0, FALSE,
                        g_strdup_printf("migsim: not modelled for %s: cluster group %s named "
                                        "twice for %s, which is not in it yet (the second "
                                        "insert's error is not read)",
                                        apply->profile->name, (const char *) op->groups->pdata[i],
                                        member->name));
        {
            GPtrArray *groups = ms_member_groups_mut(member);
            g_ptr_array_set_size(groups, 0);
            for (guint i = 0; i < op->groups->len; i++)
                if (!g_ptr_array_find_with_equal_func(groups, op->groups->pdata[i], g_str_equal, NULL))
                    g_ptr_array_add(groups, g_strdup(op->groups->pdata[i]));
        }
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

gboolean
ms_apply_group_change(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    gboolean exists = ms_cluster_has_group(cluster, op->group);

    if (op->kind == MS_OP_GROUP_RENAME) {
        if (ms_apply_check(apply, MS_RULE_GROUP_RENAME_DEFAULT, op->group, g_str_equal(op->group, "default")))
            return ms_apply_reject(apply, MS_RULE_GROUP_RENAME_DEFAULT);
        /* clusterGroupPost's quick checks take the old name up to Incus
         * 6.0.4 and 6.15 (and in LXD), the new one from 6.0.5 and 6.16
         * (cmd/incusd/api_cluster_group.go:390 at v6.0.4, :390 at v6.0.5,
         * :409 at v6.16.0; live 6.0.4: `rename ok1 a/b` is accepted) */
        if (!group_name_checked(apply, ms_name_api_checked(apply->profile) ? op->new_name : op->group))
            return FALSE;
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
            if (ms_member_in_group(cluster->members->pdata[i], op->group))
                rename_in(ms_member_groups_mut(cluster->members->pdata[i]), op->group, op->new_name);
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
gboolean
ms_apply_group_membership(MsApply *apply)
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
        /* lxc's PUT, forwarded to the member from lxd-5.21.3 and 6.2 */
        if (ms_apply_member_put_forward_refused(apply, member->name))
            return FALSE;
        /* dead in lxd-5.0.2: lxc has no add command there (above) */
        if (ms_apply_check(apply, MS_RULE_GROUP_ASSIGN_NOT_FOUND, op->group,
                           !ms_cluster_has_group(cluster, op->group)))
            return ms_apply_reject(apply, MS_RULE_GROUP_ASSIGN_NOT_FOUND, op->group);
        g_ptr_array_add(ms_member_groups_mut(member), g_strdup(op->group));
        return TRUE;
    }
    if (ms_apply_check(apply, MS_RULE_CLI_GROUP_NOT_APPLIED, op->group,
                       !ms_member_in_group(member, op->group)))
        return ms_apply_reject(apply, MS_RULE_CLI_GROUP_NOT_APPLIED, op->group, member->name);
    /* lxc's PUT, forwarded to the member from lxd-5.21.3 and 6.2 */
    if (ms_apply_member_put_forward_refused(apply, member->name))
        return FALSE;
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
            g_ptr_array_remove_index(ms_member_groups_mut(member), i);
            break;
        }
    return TRUE;
}

/* ---- lxc cluster group edit ---- */

/* Is @name in @names (element-type utf8)? */
static gboolean
names_contain(const GPtrArray *names, const char *name)
{
    return g_ptr_array_find_with_equal_func((GPtrArray *) names, name, g_str_equal, NULL);
}

/* The members the edit adds, in the YAML's order, each as often as it is
 * written (updateClusterGroupNodes' membersToAdd, lxd/api_cluster_group.go
 * :685-690 at lxd-6.9; the older loop walks the same list): named in
 * @wanted, not in GROUP now, or every one named when the group's members
 * were all deleted first (@replace).  (transfer container) */
static GPtrArray *
edit_additions(const MsCluster *cluster, const char *group, const GPtrArray *wanted, gboolean replace)
{
    GPtrArray *add = g_ptr_array_new();

    for (guint i = 0; i < wanted->len; i++) {
        const MsMember *member = ms_cluster_lookup_member((MsCluster *) cluster, wanted->pdata[i]);
        if (replace || member == NULL || !ms_member_in_group(member, group))
            g_ptr_array_add(add, wanted->pdata[i]);
    }
    return add;
}

/* An unknown member among @add: TRUE when the edit goes on.  Until 6.8 each
 * is inserted in turn (AddNodeToClusterGroup -> GetNodeByName, lxd/db/
 * cluster.go:411-414 at lxd-5.0.2, :65-68 at lxd-5.21.7): the first
 * unknown name fails, and a name added twice fails its second insert on
 * the table's UNIQUE (node_id, group_id) (lxd/db/cluster/update.go:587 at
 * lxd-5.0.2), a text not modelled.  From 6.9 one INSERT ... SELECT takes
 * every name at once and compares the rows it made with the names
 * (lxd/api_cluster_group.go:712-732 at lxd-6.9): a name written twice
 * makes one row and counts twice. */
static gboolean
edit_additions_checked(MsApply *apply, const GPtrArray *add)
{
    /* clang-format off */
    static const MsReleases counted = MS_REL_SINCE_6(9);
    /* clang-format on */
    MsCluster *cluster = apply->cluster;

    if (ms_releases_contain(&counted, apply->profile->version)) {
        g_autoptr(GPtrArray) made = g_ptr_array_new();
        g_autofree char *missing = NULL;
        g_autofree char *total = NULL;

        for (guint i = 0; i < add->len; i++)
            if (ms_cluster_lookup_member(cluster, add->pdata[i]) != NULL &&
                !names_contain(made, add->pdata[i]))
                g_ptr_array_add(made, add->pdata[i]);
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.1..6.8: the member-by-member loop below refuses there */
        if (!ms_apply_check(apply, MS_RULE_GROUP_EDIT_MEMBER_NOT_FOUND, apply->op->group,
                            made->len != add->len))
            return TRUE;
        missing = g_strdup_printf("%u", add->len - made->len);
        total = g_strdup_printf("%u", add->len);
        return ms_apply_reject(apply, MS_RULE_GROUP_EDIT_MEMBER_NOT_FOUND, missing, total);
    }
    for (guint i = 0; i < add->len; i++) {
        const char *name = add->pdata[i];
        gboolean twice = FALSE;

        for (guint j = 0; j < i && !twice; j++)
            twice = g_str_equal(add->pdata[j], name);
        /* dead in lxd-6.9: the count of the members made refuses first (api_cluster_group.go:712-732 at lxd-6.9) */
        if (ms_apply_check(apply, MS_RULE_GROUP_EDIT_MEMBER_NOT_FOUND, name,
                           ms_cluster_lookup_member(cluster, name) == NULL))
            return ms_apply_reject(apply, MS_RULE_GROUP_EDIT_MEMBER_NOT_FOUND);
        if (twice)
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: member %s written twice in the "
                                "YAML's members and not in cluster group %s yet (its second "
                                "insert breaks a UNIQUE constraint)",
                                apply->profile->name, name, apply->op->group));
    }
    return TRUE;
}

/* lxc cluster group edit GROUP < YAML: lxc unmarshals the YAML into
 * api.ClusterGroupPut and PUTs it with no GET (lxc/cluster_group.go
 * :283-296 at lxd-5.0.2, :360-373 at lxd-5.21.7, :353-366 at lxd-6.9).
 * clusterGroupPut (lxd/api_cluster.go:3606-3700 at lxd-5.0.2, :4072-4170
 * at lxd-5.21.7; lxd/api_cluster_group.go:476-536 at lxd-6.9), one
 * transaction: the group, then (5.21.5+, 6.6+) a member the YAML leaves
 * out whose only group this is, then the description, the removals and
 * the additions.  5.16 .. 5.21.4 and 6.1 .. 6.5 keep such a member in the
 * group (LXD #16074).  5.0.1 .. 5.0.9 and 5.1 .. 5.4 write the description
 * with UpdateClusterGroup, which deletes every member of the group and
 * inserts none (lxd/db/cluster.go:326-341 at lxd-5.0.2): the loop then
 * finds no old member, and the group's members are the YAML's, a member
 * left in no group at all (seen live on 5.0.2, 2026-12-06). */
gboolean
ms_apply_group_edit(MsApply *apply)
{
    /* clang-format off */
    /* 5.0.0 (ErrNoSuchObject) and 5.5 .. 5.15 (the members rewritten
     * through DeleteNodeClusterGroup, LXD #11943) */
    static const MsReleases unread = MS_REL_V5(MS_SPAN_50_UNTIL(1), MS_SPAN_RANGE(MS_VERSION(5, 5, 0), MS_VERSION(5, 16, 0)),
                                               MS_SPAN_NONE, MS_SPAN_NONE);
    static const MsReleases replaces = MS_REL_V5(MS_SPAN_50_FROM(1), MS_SPAN_RANGE(MS_VERSION(5, 1, 0), MS_VERSION(5, 5, 0)),
                                                 MS_SPAN_NONE, MS_SPAN_NONE);
    /* clang-format on */
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    gboolean replace = ms_releases_contain(&replaces, apply->profile->version);
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put = NULL;
    g_autoptr(GPtrArray) wanted = g_ptr_array_new();
    g_autoptr(GPtrArray) leave = g_ptr_array_new();
    g_autoptr(GPtrArray) kept = g_ptr_array_new();
    g_autoptr(GPtrArray) add = NULL;
    gboolean refuses = ms_rule_applies(MS_RULE_GROUP_EDIT_ONLY_GROUP, apply->profile);

    if (ms_profile_is_incus(apply->profile) || ms_releases_contain(&unread, apply->profile->version))
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: %s cluster group edit",
                                             apply->profile->name,
                                             ms_profile_is_incus(apply->profile) ? "incus" : "lxc"));
    put =
        ms_yaml_unmarshal_put(op->stdin_text != NULL ? op->stdin_text : "", MS_YAML_GROUP_PUT, &type_errors);
    if (ms_apply_check(apply, MS_RULE_CLI_YAML_UNMARSHAL, op->group, put == NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_YAML_UNMARSHAL,
                               type_errors + strlen("yaml: unmarshal errors:"));
    if (put->members != NULL)
        for (guint i = 0; i < put->members->len; i++)
            g_ptr_array_add(wanted, put->members->pdata[i]);
    if (ms_apply_check(apply, MS_RULE_GROUP_EDIT_NOT_FOUND, op->group,
                       !ms_cluster_has_group(cluster, op->group)))
        return ms_apply_reject(apply, MS_RULE_GROUP_EDIT_NOT_FOUND);
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        if (!ms_member_in_group(member, op->group) || names_contain(wanted, member->name))
            continue;
        g_ptr_array_add(member->groups->len == 1 && !replace ? kept : leave, member);
    }
    if (refuses) {
        /* LXD names the first in the order GetClusterGroupNodes reads them
         * (no ORDER BY): with two, which one is not modelled */
        if (kept->len > 1)
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: the edit leaves %u members without "
                                "a group (%s, ...): LXD names the first in database order",
                                apply->profile->name, kept->len, ((const MsMember *) kept->pdata[0])->name));
        if (ms_apply_check(apply, MS_RULE_GROUP_EDIT_ONLY_GROUP, op->group, kept->len == 1))
            return ms_apply_reject(apply, MS_RULE_GROUP_EDIT_ONLY_GROUP,
                                   ((const MsMember *) kept->pdata[0])->name);
    }
    add = edit_additions(cluster, op->group, wanted, replace);
    if (!edit_additions_checked(apply, add))
        return FALSE;
    for (guint i = 0; i < kept->len; i++)
        ms_outcome_add_note(apply->outcome,
                            "%s %s keeps %s in cluster group %s, its only group (the YAML leaves it out; "
                            "5.21.5+ and 6.6+ refuse the edit)",
                            ms_profile_product(apply->profile), apply->profile->name,
                            ((const MsMember *) kept->pdata[i])->name, op->group);
    for (guint i = 0; i < leave->len; i++)
        if (((const MsMember *) leave->pdata[i])->groups->len == 1)
            ms_outcome_add_note(apply->outcome,
                                "%s %s takes %s out of cluster group %s, its only group: it is in no group "
                                "now (5.21.5+ and 6.6+ refuse the edit)",
                                ms_profile_product(apply->profile), apply->profile->name,
                                ((const MsMember *) leave->pdata[i])->name, op->group);
    if (put->description[0] != '\0')
        ms_outcome_add_note(apply->outcome, "the group's description is not kept by migsim");
    for (guint i = 0; i < leave->len; i++) {
        GPtrArray *groups = ms_member_groups_mut(leave->pdata[i]);
        for (guint j = 0; j < groups->len; j++)
            if (g_str_equal(groups->pdata[j], op->group)) {
                g_ptr_array_remove_index(groups, j);
                break;
            }
    }
    for (guint i = 0; i < add->len; i++) {
        MsMember *member = ms_cluster_lookup_member(cluster, add->pdata[i]);
        if (!ms_member_in_group(member, op->group))
            g_ptr_array_add(ms_member_groups_mut(member), g_strdup(op->group));
    }
    return TRUE;
}
