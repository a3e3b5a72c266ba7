/* migsim: the live side of `migsim replay` (see docs/live-replay.md).
 *
 * MsReplayLive plays the `lxc` client of the simulated release against a
 * real cluster: each MsOp becomes the REST requests lxc sends for it, the
 * client-side refusals lxc makes itself are made here without a request,
 * and the cluster is read back into an MsCluster so that the simulation and
 * the real thing can be compared with the same code.  It also owns the
 * safety rules: the pre-flight check, and the clean-up of everything a
 * scenario created or changed. */
#pragma once

#include <glib.h>

#include "ms-cluster.h"
#include "ms-lxd-client.h"
#include "ms-replay-journal.h"
#include "ms-scenario.h"

G_BEGIN_DECLS

typedef struct _MsReplayLive MsReplayLive;

typedef struct {
    const char *remote;     /* for the curl lines of --dry-run */
    const MsLxdTls *tls;    /* nullable */
    GHashTable *member_map; /* scenario member -> live member (borrowed, nullable) */
    GHashTable *image_map;  /* scenario image -> alias (borrowed, nullable) */
    guint timeout_s;        /* per request and per operation */
    gboolean dry_run;
    /* --fault-command (argv, borrowed, nullable); --recover prefers it to
     * the journal's */
    const char *const *fault_command;
} MsReplayLiveOptions;

/* (transfer full) takes @client */
MsReplayLive *ms_replay_live_new(MsLxdClient *client, const MsReplayLiveOptions *options);
void ms_replay_live_free(MsReplayLive *live);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsReplayLive, ms_replay_live_free)

/* --timeout: also bounds replay's waits for the cluster to settle */
guint ms_replay_live_timeout_s(const MsReplayLive *live);

/* (transfer none) */
MsLxdClient *ms_replay_live_client(MsReplayLive *live);

/* GET /1.0: the server's release ("5.0.2") and which member answers. */
gboolean ms_replay_live_connect(MsReplayLive *live, char **version_out, GError **error);

/* The release whose lxc is played (decides which flags lxc knows). */
void ms_replay_live_set_profile(MsReplayLive *live, const MsProfile *profile);

/* Refuses (FALSE + message) when the scenario would create something that
 * already exists, touch an instance it does not create, or run with a
 * member that is not online; remembers what clean-up must look at.
 * *@touches receives what the cluster-wide steps will touch (lines). */
gboolean ms_replay_live_preflight(MsReplayLive *live, const MsScenario *scenario, GPtrArray **touches,
                                  GError **error);

/* `pool NAME DRIVER`: an existing pool with the same driver is accepted as
 * set-up (and never deleted); otherwise the pool is created on every member
 * of the scenario, then globally. */
gboolean ms_replay_live_pool(MsReplayLive *live, const MsScenario *scenario, const MsStep *step,
                             MsOutcome **outcome, GError **error);

/* Can @kind be replayed?  Commands the live side does not know yet are
 * refused before anything is sent. */
gboolean ms_replay_live_supports(MsOpKind kind);

/* Runs @op as lxc would, sent from @env's client member.  @sim_before is
 * the simulated cluster before the step: only --dry-run reads it, to show
 * the bodies a GET would have returned.  FALSE + @error when the exchange
 * itself failed (unreachable, timeout, not LXD, interrupted); an LXD
 * refusal is a normal outcome. */
gboolean ms_replay_live_apply(MsReplayLive *live, const MsEnv *env, const MsOp *op,
                              const MsCluster *sim_before, MsOutcome **outcome, GError **error);

/* The live cluster as far as the scenario can see it, in scenario names. */
MsCluster *ms_replay_live_snapshot(MsReplayLive *live, const MsScenario *scenario, GError **error);

/* Instance creations LXD's scheduler counts right now besides the
 * instances, per member (scenario names): "Creating instance" operations
 * running or finished less than 5 s ago.  Where any exist, a placement
 * the scheduler makes now depends on timing the model does not have.
 * (transfer full) name -> GUINT_TO_POINTER(count); empty in a dry run. */
GHashTable *ms_replay_live_recent_creations(MsReplayLive *live, GError **error);

/* Requests sent (or, with --dry-run, that would be sent) since the last
 * call, as curl command lines; (transfer full) (element-type utf8). */
GPtrArray *ms_replay_live_take_requests(MsReplayLive *live);

/* Every change is announced to @journal (borrowed) before it is sent. */
void ms_replay_live_set_journal(MsReplayLive *live, MsReplayJournal *journal);

/* Deletes what the scenario created and puts back what it changed, as the
 * journal lists it, in the reverse order of dependencies; a put-back is
 * read back and must match the recorded state.  Never stops at the first
 * failure.  On success the journal records that all is undone.  Messages
 * go to @log, one per line.  @interrupted (the scenario was aborted, a
 * request may still be in flight on the server): the pass is repeated
 * once the cluster is quiet, until it finds nothing to do. */
gboolean ms_replay_live_cleanup(MsReplayLive *live, gboolean interrupted, GString *log);

/* `fault member MEMBER offline|online` (@action): runs @command (argv,
 * --fault-command) with ACTION and the live member's name appended, then
 * waits until the cluster reports the member Offline, or no longer
 * Offline.  *log says what happened (ms-replay-fault.c). */
gboolean ms_replay_live_fault(MsReplayLive *live, const char *const *command, const char *member,
                              const char *action, char **log, GError **error);

/* Starts again every member @ledger lists as possibly stopped by a
 * `fault member M offline`, with the --fault-command the options gave,
 * else the journal's; FALSE when one stays down (each is said in @log). */
gboolean ms_replay_live_bring_back(MsReplayLive *live, const MsReplayLedger *ledger, GString *log);

/* The same for a journal a killed replay left (`migsim replay --recover`):
 * waits for (or cancels) operations still running, removes LXD's
 * temporary move copies, the instances, volumes, profiles and pools the
 * journal says were created, restores members and puts back profiles and
 * server config; nothing else is touched. */
gboolean ms_replay_live_recover(MsReplayLive *live, const MsReplayLedger *ledger, GString *log);

/* Differences between the simulated and the live cluster after a step, in
 * the terms the scenario uses; (transfer full) (element-type utf8). */
GPtrArray *ms_replay_diff_clusters(const MsCluster *sim, const MsCluster *live, const MsScenario *scenario,
                                   const MsProfile *profile);

G_END_DECLS
