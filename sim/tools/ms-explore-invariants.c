/* migsim: the explorer's invariants — what must hold after every step
 * (`migsim explore --invariant`), each a check on the clusters before and
 * after one operation. */
#include "ms-explore.h"

#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-probe.h"
#include "ms-runner.h"

/* ---- invariants ---- */

static const struct {
    const char *name;
    const char *meaning;
} invariants[MS_INVARIANT_LAST] = {
    [MS_INVARIANT_RESTORE_ROUNDTRIP] = {
        "restore-roundtrip",
        "After an evacuation that succeeds, restoring that member succeeds and every instance "
        "that was running on it before the evacuation is running on it again.",
    },
    [MS_INVARIANT_ACCEPTED_STAYS_VALID] = {
        "accepted-stays-valid",
        "A request LXD accepts never leaves an instance that could start before unable to start "
        "(instances on evacuated members are not asked).",
    },
    [MS_INVARIANT_NO_EVACUATED_TARGET] = {
        "no-evacuated-target",
        "No request places an instance on, or moves one to, an evacuated member.",
    },
    [MS_INVARIANT_EVACUATE_EMPTIES] = {
        "evacuate-empties",
        "After an evacuation that succeeds, no instance is still running on the member, unless "
        "its cluster.evacuate mode is stop.",
    },
    [MS_INVARIANT_NO_STRANDED] = {
        "no-stranded",
        "When the last operation in flight ends, every instance whose volatile.evacuate.origin "
        "names a member that is not evacuated already had it before: otherwise `lxc cluster "
        "restore` of that member is refused and nothing brings the instance back.",
    },
};

const char *
ms_invariant_name(MsInvariant invariant)
{
    return invariants[invariant].name;
}

const char *
ms_invariant_meaning(MsInvariant invariant)
{
    return invariants[invariant].meaning;
}

gboolean
ms_invariant_from_name(const char *name, MsInvariant *invariant)
{
    for (guint i = 0; i < MS_INVARIANT_LAST; i++) {
        if (g_str_equal(invariants[i].name, name)) {
            *invariant = i;
            return TRUE;
        }
    }
    return FALSE;
}

void
ms_finding_clear(MsFinding *finding)
{
    g_clear_pointer(&finding->signature, g_free);
    g_clear_pointer(&finding->message, g_free);
    g_clear_pointer(&finding->instance, g_free);
    g_clear_pointer(&finding->member, g_free);
}

void
ms_start_probe_init(MsStartProbe *probe, const MsCluster *cluster)
{
    probe->cluster = cluster;
    probe->cache = NULL;
}

void
ms_start_probe_clear(MsStartProbe *probe)
{
    g_clear_pointer(&probe->cache, g_hash_table_unref);
}

/* MS_RULE_NONE when @instance could start in @probe's state. */
static MsRuleId
probe_start(MsStartProbe *probe, const MsProfile *profile, const MsInstance *instance, char **error)
{
    gpointer cached;
    g_auto(MsRejection) refusal = { 0 };
    MsRuleId rule;

    if (probe->cache == NULL)
        probe->cache = g_hash_table_new(g_str_hash, g_str_equal);
    if (error == NULL && g_hash_table_lookup_extended(probe->cache, instance->name, NULL, &cached))
        return GPOINTER_TO_INT(cached) - 1;
    rule = ms_cluster_probe_start_rule(probe->cluster, profile, instance, &refusal) ? MS_RULE_NONE
                                                                                    : refusal.rule;
    /* the key is the instance's own name string, which lives as long as the
     * state the probe belongs to */
    g_hash_table_insert(probe->cache, instance->name, GINT_TO_POINTER(rule + 1));
    if (error != NULL)
        *error = g_steal_pointer(&refusal.message);
    return rule;
}

static gboolean
member_evacuated(const MsCluster *cluster, const char *name)
{
    const MsMember *member = name != NULL ? ms_cluster_lookup_member(cluster, name) : NULL;

    return member != NULL && member->status == MS_MEMBER_EVACUATED;
}

static gboolean
found(MsFinding *finding, MsInvariant invariant, const MsOp *op, const char *detail, const char *instance,
      const char *member, char *message)
{
    finding->signature =
        g_strdup_printf("%s/%s/%s", ms_invariant_name(invariant), ms_op_kind_to_string(op->kind), detail);
    finding->message = message;
    finding->instance = g_strdup(instance);
    finding->member = g_strdup(member);
    return TRUE;
}

static char *
command_text(const MsOp *op)
{
    char *text = ms_op_to_command(op);

    return text != NULL ? text : g_strdup(ms_op_kind_to_string(op->kind));
}

static gboolean
check_restore_roundtrip(const MsProfile *profile, const MsCluster *before, const MsOp *op,
                        const MsOutcome *outcome, const MsCluster *after, MsFinding *finding)
{
    g_autoptr(GPtrArray) was_here = NULL;
    g_autoptr(MsCluster) probe = NULL;
    g_autoptr(MsOp) restore = NULL;
    g_autoptr(MsOutcome) restored = NULL;
    MsEnv env = { profile, NULL, NULL };

    if (op->kind != MS_OP_EVACUATE || !outcome->ok)
        return FALSE;
    was_here = ms_cluster_list_instances(before, op->member);
    probe = ms_cluster_copy(after);
    restore = ms_op_new(MS_OP_RESTORE);
    restore->member = g_strdup(op->member);
    restore->force = TRUE;
    restored = ms_cluster_apply(probe, &env, restore);
    if (!restored->ok)
        return found(finding, MS_INVARIANT_RESTORE_ROUNDTRIP, op, ms_rule_name(restored->rule), NULL,
                     op->member,
                     g_strdup_printf("evacuating %s succeeded, restoring it then failed: %s", op->member,
                                     restored->client_error));
    for (guint i = 0; i < was_here->len; i++) {
        const MsInstance *old = was_here->pdata[i];
        const char *origin = ms_instance_get_config(old, "volatile.evacuate.origin");
        const MsInstance *now = ms_cluster_lookup_instance(probe, old->name);

        /* one that came from another evacuated member goes back there */
        if (old->status != MS_INSTANCE_RUNNING || (origin != NULL && !g_str_equal(origin, op->member)))
            continue;
        if (now != NULL && now->status == MS_INSTANCE_RUNNING && g_str_equal(now->location, op->member))
            continue;
        return found(
            finding, MS_INVARIANT_RESTORE_ROUNDTRIP, op, "not-back", old->name, op->member,
            g_strdup_printf("%s was running on %s before evacuating it; after the restore it is %s on %s",
                            old->name, op->member, now ? ms_instance_status_to_string(now->status) : "gone",
                            now ? now->location : "-"));
    }
    return FALSE;
}

static gboolean
check_accepted_stays_valid(const MsProfile *profile, MsStartProbe *before, const MsOp *op,
                           const MsOutcome *outcome, MsStartProbe *after, MsFinding *finding)
{
    g_autoptr(GPtrArray) instances = NULL;

    if (!outcome->ok || op->kind == MS_OP_LIST || op->kind == MS_OP_CLUSTER_LIST ||
        op->kind == MS_OP_CONFIG_GET)
        return FALSE;
    instances = ms_cluster_list_instances(after->cluster, NULL);
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *now = instances->pdata[i];
        const MsInstance *old = ms_cluster_lookup_instance(before->cluster, now->name);
        g_autofree char *error = NULL;
        MsRuleId rule;

        if (old == NULL || member_evacuated(after->cluster, now->location) ||
            member_evacuated(before->cluster, old->location))
            continue;
        if (probe_start(before, profile, old, NULL) != MS_RULE_NONE)
            continue;
        if (probe_start(after, profile, now, NULL) == MS_RULE_NONE)
            continue;
        rule = probe_start(after, profile, now, &error);
        {
            g_autofree char *command = command_text(op);
            return found(finding, MS_INVARIANT_ACCEPTED_STAYS_VALID, op, ms_rule_name(rule), now->name,
                         now->location,
                         g_strdup_printf("`%s` was accepted, and %s can no longer start: %s", command,
                                         now->name, error));
        }
    }
    return FALSE;
}

static gboolean
check_no_evacuated_target(const MsCluster *before, const MsOp *op, const MsCluster *after, MsFinding *finding)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(after, NULL);

    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *now = instances->pdata[i];
        const MsInstance *old = ms_cluster_lookup_instance(before, now->name);
        g_autofree char *command = NULL;

        if (!member_evacuated(after, now->location))
            continue;
        if (old != NULL && g_str_equal(old->location, now->location))
            continue;
        command = command_text(op);
        return found(finding, MS_INVARIANT_NO_EVACUATED_TARGET, op, old ? "moved" : "placed", now->name,
                     now->location,
                     g_strdup_printf("`%s` %s %s on %s, which is evacuated", command,
                                     old ? "moved" : "placed", now->name, now->location));
    }
    return FALSE;
}

static gboolean
check_evacuate_empties(const MsProfile *profile, const MsOp *op, const MsOutcome *outcome,
                       const MsCluster *after, MsFinding *finding)
{
    g_autoptr(GPtrArray) instances = NULL;

    if (op->kind != MS_OP_EVACUATE || !outcome->ok)
        return FALSE;
    instances = ms_cluster_list_instances(after, op->member);
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *inst = instances->pdata[i];
        const char *mode;
        gboolean no_target = FALSE;

        if (inst->status != MS_INSTANCE_RUNNING)
            continue;
        mode = ms_cluster_expanded_value(after, profile, inst, "cluster.evacuate", NULL, NULL);
        if (g_strcmp0(mode, "stop") == 0 || g_strcmp0(op->action, "stop") == 0)
            continue;
        for (guint e = 0; e < outcome->events->len; e++) {
            const MsEvent *event = outcome->events->pdata[e];
            no_target |= event->kind == MS_EVENT_NO_TARGET && g_strcmp0(event->instance, inst->name) == 0;
        }
        return found(finding, MS_INVARIANT_EVACUATE_EMPTIES, op, no_target ? "no-target" : "still-running",
                     inst->name, op->member,
                     g_strdup_printf("after evacuating %s, %s is still running on it%s", op->member,
                                     inst->name, no_target ? " (no migration target was available)" : ""));
    }
    return FALSE;
}

/* An instance is stranded when its volatile.evacuate.origin names a member
 * that is not EVACUATED: a restore of that member is refused ("Cluster
 * member is already restored") and nothing else brings it back (LXD
 * #15877).  Checked only when the last job in flight ends. */
static gboolean
stranded(const MsCluster *cluster, const MsInstance *inst, const char **origin)
{
    *origin = ms_instance_get_config(inst, "volatile.evacuate.origin");
    return *origin != NULL && ms_cluster_lookup_member(cluster, *origin) != NULL &&
           !member_evacuated(cluster, *origin);
}

static gboolean
check_no_stranded(const MsCluster *before, const MsCluster *after, MsFinding *finding)
{
    g_autoptr(GPtrArray) instances = NULL;

    if (before->jobs->len == 0 || after->jobs->len > 0)
        return FALSE;
    instances = ms_cluster_list_instances(after, NULL);
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *now = instances->pdata[i];
        const MsInstance *old = ms_cluster_lookup_instance(before, now->name);
        const char *origin, *old_origin;

        if (!stranded(after, now, &origin) || (old != NULL && stranded(before, old, &old_origin)))
            continue;
        /* whichever job ended last, it is the same bug */
        finding->signature = g_strdup_printf("%s/concurrent/origin-not-evacuated",
                                             ms_invariant_name(MS_INVARIANT_NO_STRANDED));
        finding->message = g_strdup_printf(
            "when the last operation ended, %s is on %s with volatile.evacuate.origin=%s, and %s is %s: a "
            "restore of %s is refused and nothing brings %s back",
            now->name, now->location, origin, origin,
            ms_member_status_to_string(ms_cluster_lookup_member(after, origin)->status), origin, now->name);
        finding->instance = g_strdup(now->name);
        finding->member = g_strdup(origin);
        return TRUE;
    }
    return FALSE;
}

gboolean
ms_explore_check(MsInvariant invariant, const MsProfile *profile, MsStartProbe *before, const MsOp *op,
                 const MsOutcome *outcome, MsStartProbe *after, MsFinding *finding)
{
    /* the other invariants are about what one whole command did */
    if (invariant == MS_INVARIANT_NO_STRANDED)
        return check_no_stranded(before->cluster, after->cluster, finding);
    if (op->job_ctl != MS_JOB_CTL_NONE)
        return FALSE;
    switch (invariant) {
    case MS_INVARIANT_RESTORE_ROUNDTRIP:
        return check_restore_roundtrip(profile, before->cluster, op, outcome, after->cluster, finding);
    case MS_INVARIANT_ACCEPTED_STAYS_VALID:
        return check_accepted_stays_valid(profile, before, op, outcome, after, finding);
    case MS_INVARIANT_NO_EVACUATED_TARGET:
        return check_no_evacuated_target(before->cluster, op, after->cluster, finding);
    case MS_INVARIANT_EVACUATE_EMPTIES:
        return check_evacuate_empties(profile, op, outcome, after->cluster, finding);
    case MS_INVARIANT_NO_STRANDED:
    case MS_INVARIANT_LAST:
        break;
    }
    g_assert_not_reached();
}
