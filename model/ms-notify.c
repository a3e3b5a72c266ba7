/* migsim: LXD's cluster notifier (lxd/cluster/notify.go). */
#include "ms-notify.h"

#include "ms-apply-private.h"

char *
ms_notify_member_address(const MsMember *member)
{
    return g_strdup_printf("<address of cluster member \"%s\">", member->name);
}

static gint
by_id(gconstpointer a, gconstpointer b)
{
    const MsMember *ma = *(MsMember *const *) a, *mb = *(MsMember *const *) b;

    return ma->id < mb->id ? -1 : ma->id > mb->id;
}

GPtrArray *
ms_notify_peers(const MsApply *apply)
{
    const MsCluster *cluster = apply->cluster;
    const MsMember *self = ms_cluster_answering_member(cluster, apply->env->client);
    GPtrArray *peers = g_ptr_array_new();

    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *member = cluster->members->pdata[i];

        if (member != self && member->status != MS_MEMBER_OFFLINE)
            g_ptr_array_add(peers, member);
    }
    g_ptr_array_sort(peers, by_id);
    return peers;
}

/* NewNotifier lists the members in ID order and refuses at the first other
 * one past the offline threshold that does not answer a connection either
 * (lxd/cluster/notify.go:62-84 at lxd-5.0.2, :77-100 at lxd-5.21.7, :89-112
 * at lxd-6.9; internal/server/cluster/notify.go:62-84 at v6.0.4).  A member
 * that stopped answering heartbeats but is not offline yet is tried: its
 * connection fails with the host's error ("failed to connect to peer"). */
gboolean
ms_notify_all_reachable(MsApply *apply)
{
    const MsCluster *cluster = apply->cluster;
    const MsMember *self = ms_cluster_answering_member(cluster, apply->env->client);
    const MsMember *down = NULL;

    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];

        if (member == self || member->status != MS_MEMBER_OFFLINE)
            continue;
        if (down == NULL || member->id < down->id)
            down = member;
    }
    if (ms_apply_check(apply, MS_RULE_CLUSTER_PEER_DOWN, down != NULL ? down->name : NULL, down != NULL)) {
        g_autofree char *address = ms_notify_member_address(down);

        return ms_apply_reject(apply, MS_RULE_CLUSTER_PEER_DOWN, address, "", down->name);
    }
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];

        if (member != self && member->unreachable_since_ms != G_MAXUINT64)
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: %s stopped answering and is not "
                                "offline yet: the notification to it fails with the host's "
                                "connection error",
                                apply->profile->name, member->name));
    }
    return TRUE;
}

gboolean
ms_notify_all_up(const MsApply *apply)
{
    const MsCluster *cluster = apply->cluster;
    const MsMember *self = ms_cluster_answering_member(cluster, apply->env->client);

    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];

        if (member != self &&
            (member->status == MS_MEMBER_OFFLINE || member->unreachable_since_ms != G_MAXUINT64))
            return FALSE;
    }
    return TRUE;
}
