/* migsim: what the `migsim replay` command shares with its step loop
 * (sim/cli only). */
#pragma once

#include "ms-cli.h"
#include "ms-replay-live.h"

G_BEGIN_DECLS

/* Set by SIGINT/SIGTERM (ms_replay_install_signal_handlers): the LXD
 * client aborts its request in flight and the step loop stops, then
 * clean-up runs with the flag disconnected. */
extern volatile gint ms_replay_interrupted;
void ms_replay_install_signal_handlers(void);

typedef struct {
    gboolean color;
    gboolean dry_run;
    char **fault_command; /* --fault-command as argv, NULL without */
    guint n_compared;
    guint n_differences; /* steps with at least one difference */
    guint n_unmet;       /* simulated expectations that failed */
    guint n_timing;      /* steps whose only differences are timing-dependent placements */
} MsReplayUi;

typedef enum {
    MS_REPLAY_OK,
    MS_REPLAY_ABORTED, /* the exchange failed or the user interrupted */
} MsReplayStatus;

/* Steps the live side cannot reproduce: refused before anything is sent. */
gboolean ms_replay_check_replayable(const MsScenario *scenario, gboolean have_fault_command, GError **error);
/* Does a step evacuate, restore or change server config (needs --yes)? */
gboolean ms_replay_is_cluster_wide(const MsScenario *scenario);
/* Lockstep run of one scenario, printing each step; fills @result.  Members
 * the scenario left offline are brought back before it returns. */
MsReplayStatus ms_replay_run_scenario(MsReplayLive *live, const MsScenario *scenario,
                                      const MsProfile *profile, MsReplayUi *ui, MsScenarioResult *result);

G_END_DECLS
