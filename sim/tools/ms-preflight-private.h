/* migsim preflight: what its parts share (ms-preflight.c: the runs of the
 * change and of each member's evacuation; ms-preflight-view.c: the view of
 * the cluster a member is checked on; ms-preflight-restore.c: the restore
 * and the ways out).  Not for use outside sim/tools/ms-preflight*.c. */
#pragma once

#include "ms-preflight.h"

G_BEGIN_DECLS

/* ---- running operations (ms-preflight.c) ---- */

MsPreflightFate *ms_pf_fate_new(const char *instance, MsFate kind);
MsOutcome *ms_pf_apply_op(MsCluster *cluster, const MsProfile *profile, const MsOp *op, GPtrArray *hits);
/* The same without hits, on a fresh copy of a state that
 * @users_devices_valid (MsEnv.users_devices_valid) belongs to. */
MsOutcome *ms_pf_apply_trial(MsCluster *cluster, const MsProfile *profile, const MsOp *op,
                             GHashTable *users_devices_valid);
MsOp *ms_pf_parse_command(const char *line, GError **error);
/* Runs an `lxc` command line migsim itself wrote; NULL if the line does not
 * parse (a bug, reported as a failed way out rather than a crash). */
MsOutcome *ms_pf_apply_command(MsCluster *cluster, const MsProfile *profile, const char *line,
                               char **parse_error);
MsOp *ms_pf_member_op(MsOpKind kind, const char *member, const char *action);

/* What an operation's events say about one instance; an evacuation or
 * restore has two or three events per instance, so one pass over them
 * replaces a search per instance. */
typedef struct {
    const MsEvent *first_move; /* the first event other than "started" */
    gboolean started;
    gboolean failed;
    gboolean moved;
} MsPfEventSummary;

/* (transfer full) instance name (borrowed from @outcome) -> MsPfEventSummary */
GHashTable *ms_pf_summarize_events(const MsOutcome *outcome);

/* ---- member views (ms-preflight-view.c) ---- */

/* The custom volumes an instance's devices name (a pool and a source), in
 * the order of its expanded devices. */
typedef struct {
    const MsInstance *instance;
    GPtrArray *users;     /* the by_volume list of each device's "pool/source" (borrowed) */
    GPtrArray *positions; /* volumes_by_name's GArray of each device's source, NULL for none (borrowed) */
} MsPfInstanceVolumes;

/* The users that refused a cluster-wide command the full state saved all
 * the same (PROFILE.UPDATE_SAVED), kept for the ways out of every member
 * that run that command: each way lists them sorted (ms-preflight-restore.c
 * add_refusers), thousands of names at issue 18's size, so they are
 * sorted once here instead of once per way. */
typedef struct {
    GPtrArray *names;    /* MsOutcome.refused_by of the full-state trial (owned) */
    const char **sorted; /* @names sorted by strcmp, without repeats (borrowed) */
    guint n_sorted;
    GHashTable *positions; /* name (borrowed) -> its position in @sorted, plus 1 */
} MsPfRefusers;

typedef struct {
    const MsCluster *full;
    const MsProfile *profile;
    gboolean full_copies;
    GHashTable *by_volume; /* "pool/source" -> GPtrArray of instance names (borrowed) */
    GHashTable *by_origin; /* member -> GPtrArray of instance names (borrowed) */
    GPtrArray *grouped;    /* instance names with a placement.group */
    GPtrArray *with_nics;  /* instance names with a nic device (address conflicts) */
    GHashTable *accepted;  /* cluster-wide command -> its error on the full state, "" if accepted */
    /* cluster-wide command saved but refused by running users on the full
     * state (PROFILE.UPDATE_SAVED) -> MsPfRefusers */
    GHashTable *refused_by;
    /* the profile users whose devices a full-state trial found valid
     * (MsEnv.users_devices_valid): every trial is on a fresh copy of
     * @full, which nothing writes, so later trials may reuse them */
    GHashTable *users_devices_valid;
    /* volume name / member (borrowed) -> GArray of positions in full->volumes */
    GHashTable *volumes_by_name;
    GHashTable *volumes_by_location;
    /* instance name (borrowed) -> MsPfInstanceVolumes: what every view needs
     * of an instance's devices, found once instead of expanding them again
     * for each of the 1,000 views */
    GHashTable *instance_volumes;
    /* @full without instances and volumes, made for the first view: views
     * are copies of it, so they share @full's frozen device sets, its
     * validation memos and its interned strings instead of rebuilding both
     * per view */
    MsCluster *skeleton;
} MsPfViewSource;

MsPfViewSource *ms_pf_view_source_new(const MsCluster *full, const MsProfile *profile, gboolean full_copies);
void ms_pf_view_source_free(MsPfViewSource *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsPfViewSource, ms_pf_view_source_free)
/* (transfer full) the view of @src's cluster for checking @member. */
MsCluster *ms_pf_member_view(MsPfViewSource *src, const char *member);
/* A cluster-wide command (profile or server config) is validated against
 * every instance it affects; a view holds only some, so it is also tried
 * once on the full state.  Returns its error there, or NULL; @refused_by
 * (nullable) gets the users that refused a change saved all the same
 * (borrowed, NULL if none). */
const char *ms_pf_full_state_error(MsPfViewSource *src, const MsOp *op, const char *line,
                                   const MsPfRefusers **refused_by);

/* Adds @op's step to the HTML report @html: its command, @outcome and
 * @hits (both taken) and @cluster after it. */
void ms_pf_html_add(MsScenarioResult *html, const MsOp *op, const MsCluster *cluster,
                    const MsProfile *profile, MsOutcome *outcome, GPtrArray *hits);

/* ---- restore and the ways out (ms-preflight-restore.c) ---- */

/* Restores @member on @cluster (EVACUATED); every failure is recorded, and
 * later ones are found by setting each failed instance aside (as if it had
 * been fixed) and restoring again. */
void ms_pf_run_restore(MsCluster *cluster, const MsProfile *profile, const MsOp *first_op,
                       MsPreflightMember *report, MsPfViewSource *ways_out, MsScenarioResult *html);

G_END_DECLS
