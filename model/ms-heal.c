/* migsim: cluster.healing_threshold, the automatic evacuation of an offline
 * member (moved from ms-migrate.c; it reuses the evacuation primitives). */
#include "ms-heal.h"
#include "ms-apply-private.h"

#include <string.h>

/* ---- cluster.healing_threshold: the automatic evacuation of an offline member ---- */

/* The heal task runs every minute on the leader (autoHealClusterTask,
 * lxd/api_cluster.go:4502-4522 at lxd-5.21.7, :4387 at lxd-6.1, :4397 at lxd-5.14) and heals
 * every member that is not EVACUATED and whose last heartbeat is older than
 * ClusterHealingThreshold(): cluster.healing_threshold, at least
 * cluster.offline_threshold, 0 = off (lxd/cluster/config/config.go:251-266
 * at lxd-5.21.7; the key and the task from lxd-5.14, not in 5.0.x; Incus v6.0.4
 * internal/server/cluster/config/config.go:295).  0 when healing is off. */
guint64
ms_cluster_healing_threshold_ms(const MsCluster *cluster)
{
    const char *value = ms_config_get(cluster->server_config, "cluster.healing_threshold");
    guint64 seconds = value != NULL ? g_ascii_strtoull(value, NULL, 10) : 0;

    if (seconds == 0)
        return 0;
    return MAX(seconds * 1000, ms_cluster_offline_threshold_ms(cluster));
}

/* healClusterMember (lxd/api_cluster.go:4590-4664 at lxd-5.21.7):
 * evacuateClusterMember in mode "heal" with no stop function: the member
 * is set EVACUATED (:3273), each instance that can migrate gets
 * volatile.evacuate.origin (:3377-3379) and goes through the heal migrate
 * function, which does nothing for an instance on a local pool (:4612-4614)
 * and moves one on a remote pool to the chosen member (:4616-4637), then
 * starts it if instanceShouldAutoStart (:4639-4655; IsRunning() is read on
 * the leader, where the instance does not run, so boot.autostart or
 * volatile.last_state.power=RUNNING, which LXD writes when an instance
 * starts, decides).  Networks are not stopped (:3300-3303). */
typedef enum {
    HEAL_MIGRATE, /* POST /internal/cluster/heal/NAME: mode "migrate" */
    HEAL_MODE,    /* mode "heal": as CanMigrate says, never live */
    HEAL_INVALID, /* mode "heal" refused by evacuateInstances */
} HealKind;

/* Which heal a release runs.  Until 5.21.4 and 6.5 the leader calls
 * /internal/cluster/heal/NAME on itself (api_cluster.go:4624 at
 * lxd-5.21.4, :4630 at lxd-6.5), which evacuates in mode "migrate" (:3226
 * at lxd-5.21.4): every instance migrates, whatever its cluster.evacuate.
 * From 5.21.5 and 6.6 the task calls healClusterMember in mode "heal"
 * (:4657 at lxd-5.21.7), which evacuateInstances knows from 5.21.5 and 6.8
 * (MS_FEATURE_EVACUATE_MODE_HEAL); at 6.6 and 6.7 it refuses it at the
 * first instance ("Invalid mode", api_cluster.go:3334 at lxd-6.6,
 * api_cluster_member.go:1616 at lxd-6.7), so the heal fails and the member
 * is set back (:3280-3282 at lxd-5.21.7). */
static HealKind
heal_kind(const MsProfile *profile)
{
    if (ms_profile_has(profile, MS_FEATURE_EVACUATE_MODE_HEAL))
        return HEAL_MODE;
    if (profile->version >= MS_VERSION(6, 6, 0))
        return HEAL_INVALID;
    return HEAL_MIGRATE;
}

static void
heal_member(MsApply *apply, MsMember *member)
{
    MsCluster *cluster = apply->cluster;
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, member->name);
    HealKind kind = heal_kind(apply->profile);

    if (kind == HEAL_INVALID && instances->len > 0) {
        ms_outcome_add_note(apply->outcome,
                            "%s: the heal task fails for %s (Invalid mode: \"heal\": evacuateInstances does "
                            "not know the mode until 6.8) and sets it back; nothing moves; it tries again "
                            "every minute",
                            apply->profile->name, member->name);
        return;
    }
    /* the database state (evacuateClusterSetState), which wins over
     * the missing heartbeats when the member is shown */
    member->status = member->db_status = MS_MEMBER_EVACUATED;
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *instance = instances->pdata[i];
        gboolean migrate, live, start;
        g_autofree char *crash_device = NULL;
        g_auto(MsRejection) refusal = { 0 };
        MsMember *target;

        ms_migrate_can_migrate(apply, instance, &migrate, &live, &crash_device);
        if (crash_device != NULL) {
            ms_outcome_add_note(apply->outcome,
                                "heal: %s has a disk without a pool (%s): what LXD does is not modelled",
                                instance->name, crash_device);
            continue;
        }
        if (kind == HEAL_MIGRATE)
            migrate = TRUE;
        if (!migrate)
            continue;
        target = ms_evacuation_target(apply, instance, member);
        if (target == NULL) {
            ms_outcome_add_event(apply->outcome, MS_EVENT_NO_TARGET, instance->name, member->name, NULL,
                                 "No migration target available for instance");
            continue;
        }
        if (ms_instance_get_config(instance, "volatile.evacuate.origin") == NULL)
            ms_cluster_set_instance_config(cluster, instance, "volatile.evacuate.origin", member->name);
        if (!ms_instance_root_pool_is_remote(cluster, instance)) {
            ms_outcome_add_event(apply->outcome, MS_EVENT_UNTOUCHED, instance->name, member->name, NULL,
                                 "heal: on a local pool, stays on the offline member");
            continue;
        }
        start = instance->status == MS_INSTANCE_RUNNING ||
                ms_instance_should_auto_start(cluster, apply->profile, instance);
        if (instance->status == MS_INSTANCE_RUNNING)
            ms_instance_mark_stopped(instance);
        ms_cluster_set_instance_location(cluster, instance, target->name);
        ms_outcome_add_event(apply->outcome, MS_EVENT_MIGRATED, instance->name, member->name, target->name,
                             "heal");
        if (start && !ms_migrate_start_on_member(apply, instance, &refusal)) {
            /* the heal operation fails and the member goes back to its
             * previous state (:3280-3282); the task tries again a minute later */
            ms_outcome_add_event(apply->outcome, MS_EVENT_FAILED, instance->name, NULL, instance->location,
                                 refusal.message);
            ms_outcome_add_note(apply->outcome,
                                "heal of %s failed: %s; LXD sets it back and tries again every minute "
                                "(not modelled)",
                                member->name, refusal.message);
            member->status = MS_MEMBER_OFFLINE;
            member->db_status = MS_MEMBER_ONLINE;
            return;
        }
    }
    ms_outcome_add_note(apply->outcome,
                        "cluster.healing_threshold: %s was offline longer than %" G_GUINT64_FORMAT
                        " s; LXD evacuated it (cluster-member-healed)",
                        member->name, ms_cluster_healing_threshold_ms(cluster) / 1000);
}

MsOutcome *
ms_cluster_auto_heal(MsCluster *cluster, MsEnv *env)
{
    guint64 threshold = ms_cluster_healing_threshold_ms(cluster);
    g_autoptr(MsOp) op = NULL;
    MsApply apply;

    if (threshold == 0 || cluster->n_unreachable == 0)
        return NULL;
    if (ms_profile_is_incus(env->profile)) {
        MsOutcome *outcome = ms_outcome_new();
        ms_outcome_add_note(outcome, "not modelled for %s: cluster.healing_threshold (Incus's heal task)",
                            env->profile->name);
        return outcome;
    }
    op = ms_op_new(MS_OP_EVACUATE);
    op->action = g_strdup("heal");
    apply = (MsApply){ cluster, env, env->profile, op, ms_outcome_new() };
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];
        guint64 since = member->unreachable_since_ms;

        if (since == G_MAXUINT64 || member->status == MS_MEMBER_EVACUATED)
            continue;
        /* IsOffline(threshold) holds from some moment in (since + threshold
         * - offline_threshold/2, since + threshold] (heartbeats every
         * offline_threshold/2), and the task runs within a minute after:
         * migsim heals at the end of that window and says so inside it */
        if (cluster->now_ms >= since + threshold + 60000) {
            g_free(op->member);
            op->member = g_strdup(member->name);
            heal_member(&apply, member);
        } else if (cluster->now_ms + ms_cluster_offline_threshold_ms(cluster) / 2 > since + threshold) {
            ms_outcome_add_note(apply.outcome,
                                "timing: %s has been offline for %.1f s; with cluster.healing_threshold "
                                "%" G_GUINT64_FORMAT
                                " s LXD's heal task (every minute) may have evacuated it "
                                "already; migsim does so %.1f s from now",
                                member->name, (cluster->now_ms - since) / 1000.0, threshold / 1000,
                                (since + threshold + 60000 - cluster->now_ms) / 1000.0);
        }
    }
    return apply.outcome;
}
