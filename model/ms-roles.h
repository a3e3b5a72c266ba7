/* migsim: the database roles of cluster members (voter, stand-by, spare,
 * the raft leader) and how LXD's leader rebalances them when members go
 * offline, come back, are removed or (6.9) evacuated.
 * docs/scenario-language.md#cluster-roles. */
#pragma once

#include "ms-cluster.h"
#include "ms-op.h"
#include "ms-version.h"

G_BEGIN_DECLS

/* The raft leader: the member flagged as such, else the first voter (the
 * member that bootstrapped the cluster); NULL when there is no voter. */
MsMember *ms_roles_leader(const MsCluster *cluster);
/* The leader's heartbeat round (lxd/daemon.go:2146-2180 at lxd-5.0.2): a
 * new leader when the old one went OFFLINE, then, when the round's trigger
 * holds, rebalanceMemberRoles repeated until nothing changes.  What changed
 * is added to @outcome as notes (when not NULL). */
void ms_roles_heartbeat(MsCluster *cluster, const MsProfile *profile, MsOutcome *outcome);
/* lxc cluster remove of the raft leader @member, before its row goes:
 * the leader of a two-member cluster first makes the other member a voter
 * (clusterNodeDelete, lxd/api_cluster.go:1951-1966 at lxd-5.0.2,
 * :2110-2125 at lxd-5.21.7; clusterMemberDelete, lxd/api_cluster_member.go:
 * 1091-1105 at lxd-6.9), and once it has left raft the remaining voters
 * elect a new leader (ms_roles_after_leader_removed).  No-op for another
 * member. */
void ms_roles_leader_leaving(MsCluster *cluster, MsMember *member, MsOutcome *outcome);
/* After the old leader's removal: any reachable voter may win the raft
 * election (a note says which ones); none without quorum. */
void ms_roles_after_leader_removed(MsCluster *cluster, const MsProfile *profile, MsOutcome *outcome);
/* "voter", "stand-by", "spare", "leader" or LXD's "database",
 * "database-standby", "database-leader": the bit of MsMember.maybe. */
gboolean ms_roles_parse(const char *text, guint *bit);
/* Whether @member holds (or, where LXD picks by map order, may hold) the
 * role of @bit. */
gboolean ms_roles_member_may_have(const MsCluster *cluster, const MsMember *member, guint bit);
/* The member's `roles` as the API lists them (lxd/db/node.go:117-138 at
 * lxd-5.0.2): "database-leader" first, then "database" or
 * "database-standby"; a spare has none.  From 6.7 a voter is
 * "database-voter" and the leader only "database-leader" (lxd/db/node.go:
 * 145-161 at lxd-6.7).  @profile NULL: the older names.
 * (element-type utf8) */
GPtrArray *ms_roles_api(const MsCluster *cluster, const MsProfile *profile, const MsMember *member);
/* NULL while the database has quorum; else "m2, m3 of 3 voters", the
 * voters nobody can reach (offline or not answering), which are half of
 * all voters or more: raft then commits nothing and elects no leader. */
char *ms_roles_quorum_loss(const MsCluster *cluster);

/* The roles of every member, "m1=voter+leader m2=voter ...", for notes. */
char *ms_roles_describe(const MsCluster *cluster);

G_END_DECLS
