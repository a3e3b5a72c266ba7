/* migsim: LXD's cluster notifier (lxd/cluster/notify.go): the member that
 * got a request tells every other one, and a member that is down stops it. */
#pragma once

#include "ms-apply.h"

G_BEGIN_DECLS

/* The address LXD names a member by, which the model does not know: a
 * placeholder replay and expectations match with any host:port
 * (sim/scenario/ms-target.c).  (transfer full) */
char *ms_notify_member_address(const MsMember *member);

/* NewNotifier(NotifyAll)'s check that every other member answers.  FALSE,
 * with @apply failed, when one is offline (CLUSTER.PEER_DOWN, the first in
 * ID order) or stopped answering before the offline threshold ("not
 * modelled": its connection error is the host's). */
gboolean ms_notify_all_reachable(MsApply *apply);

/* Whether every other member is online and answering: where a command
 * makes the NotifyAll notifier only in a case the model cannot decide, a
 * member that is not gives an answer the model does not know. */
gboolean ms_notify_all_up(const MsApply *apply);

/* The members the member lxc talks to notifies, in ID order (LXD's
 * GetNodes, ORDER BY id): every other member that is online.
 * (element-type MsMember) (transfer container) */
GPtrArray *ms_notify_peers(const MsApply *apply);

G_END_DECLS
