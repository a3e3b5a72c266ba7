/* migsim: the journal of `migsim replay` (docs/live-replay.md, "The journal").
 *
 * Before replay creates or changes anything on a live cluster it appends a
 * record of what it is about to do, with the prior state of what it
 * changes, to a journal file and syncs it to disk.  Whatever happens to
 * the process afterwards (SIGKILL, power loss), the journal names exactly
 * what may need undoing; `migsim replay --recover JOURNAL` undoes it.
 *
 * The file is JSON Lines: one object per line, each written with a single
 * write(2) on an O_APPEND descriptor and followed by fsync(2).  A record is
 * acted upon only after its sync returned, so a last line without its
 * newline (a write cut short) describes a change that never started and is
 * ignored; any other malformed line is an error. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Limits on what the loader reads: a journal is a few hundred records. */
#define MS_REPLAY_JOURNAL_MAX_BYTES (64 * 1024 * 1024)

/* A temporary instance LXD names while it moves an instance between
 * members (lxd-move-of-<volatile.uuid>, lxd/instance/instance_utils.go
 * MoveTemporaryName at lxd-5.0.2). */
typedef struct {
    char *name;    /* lxd-move-of-UUID */
    char *of;      /* the instance being moved */
    gboolean ours; /* created by the replay: the copy is deleted, never kept */
} MsReplayTemporary;

/* What the journal says is not undone yet: everything since the last
 * "clean" record.  Lists keep the order of first mention, without
 * duplicates. */
/* An instance or a profile outside the default project is named
 * PROJECT/NAME (a slash is in neither name, shared/instance.go ValidName and
 * lxd/project/project.go at lxd-5.0.2), here and in the journal's records;
 * so are LXD's temporary copies of such an instance and their originals. */
typedef struct {
    char *remote;                /* from the header */
    GPtrArray *instances;        /* created (element-type utf8) */
    GPtrArray *volumes;          /* created, "POOL/NAME" */
    GPtrArray *pools;            /* created */
    GPtrArray *networks;         /* created, pending on a member included */
    GPtrArray *profiles;         /* created */
    GPtrArray *changed_profiles; /* names whose prior state is in profile_prior */
    GHashTable *profile_prior;   /* name -> JsonNode, the writable profile before the first change */
    JsonNode *server_prior;      /* {"config":{...}} before the first change, or NULL */
    /* the default project's {"config":{...},"description":...} before the
     * first lxc project set|unset default, or NULL */
    JsonNode *project_prior;
    GPtrArray *members;         /* live members evacuated or restored */
    GPtrArray *changed_members; /* live members whose prior record is in member_prior */
    GHashTable *member_prior;   /* name -> JsonNode, the writable member before the first change */
    GPtrArray *groups;          /* cluster groups created */
    GPtrArray *projects;        /* projects created */
    GPtrArray *offline;         /* live members a `fault member M offline` may have stopped */
    char **fault_command;       /* the --fault-command that stopped the last of them */
    GPtrArray *temporaries;     /* (element-type MsReplayTemporary) */
    guint n_records;            /* records read or written, header included */
    gboolean truncated;         /* the last record was cut short (ignored) */
} MsReplayLedger;

MsReplayLedger *ms_replay_ledger_new(void);
void ms_replay_ledger_free(MsReplayLedger *ledger);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsReplayLedger, ms_replay_ledger_free)

/* Nothing to undo. */
gboolean ms_replay_ledger_is_empty(const MsReplayLedger *ledger);

/* Reads a journal written by ms_replay_journal_*; FALSE + @error (naming
 * the file and the line) when it is not one. */
MsReplayLedger *ms_replay_ledger_load(const char *path, GError **error);

typedef struct _MsReplayJournal MsReplayJournal;

/* Where a journal goes when --journal is not given:
 * $XDG_STATE_HOME/migsim (~/.local/state/migsim) plus a name derived from
 * @remote, so that two replays against one cluster find each other. */
char *ms_replay_journal_default_path(const char *remote);

/* A journal at @path (it must not exist: an existing journal is an
 * unfinished replay).  The file is created, with its header, only right
 * before the first change is announced: a run that changes nothing (or is
 * killed before its first change) leaves no journal. */
MsReplayJournal *ms_replay_journal_create(const char *path, const char *remote, GError **error);
void ms_replay_journal_free(MsReplayJournal *journal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsReplayJournal, ms_replay_journal_free)

const char *ms_replay_journal_path(const MsReplayJournal *journal);

/* (transfer none) what is not undone yet. */
MsReplayLedger *ms_replay_journal_ledger(MsReplayJournal *journal);

/* The records; each is on disk when the call returns TRUE, except the
 * "scenario" record, which announces no change and is written with the
 * first change after it.  Records the
 * ledger already holds (a second change of the same profile) are not
 * written again. */
gboolean ms_replay_journal_scenario(MsReplayJournal *journal, const char *path, GError **error);
gboolean ms_replay_journal_create_instance(MsReplayJournal *journal, const char *name, GError **error);
gboolean ms_replay_journal_create_volume(MsReplayJournal *journal, const char *project, const char *pool,
                                         const char *name, GError **error);
gboolean ms_replay_journal_create_pool(MsReplayJournal *journal, const char *name, GError **error);
/* Before the first lxc network create of NAME (with --target or without). */
gboolean ms_replay_journal_create_network(MsReplayJournal *journal, const char *name, GError **error);
gboolean ms_replay_journal_create_profile(MsReplayJournal *journal, const char *name, GError **error);
gboolean ms_replay_journal_change_profile(MsReplayJournal *journal, const char *name, JsonNode *prior,
                                          GError **error);
gboolean ms_replay_journal_change_server(MsReplayJournal *journal, JsonNode *prior, GError **error);
/* The default project's writable part before the scenario's first change. */
gboolean ms_replay_journal_change_project(MsReplayJournal *journal, JsonNode *prior, GError **error);
gboolean ms_replay_journal_change_member(MsReplayJournal *journal, const char *name, GError **error);
/* Before a member's config or groups change (lxc cluster set/unset, lxc
 * cluster group assign/remove): @prior, its writable record. */
gboolean ms_replay_journal_change_member_config(MsReplayJournal *journal, const char *name, JsonNode *prior,
                                                GError **error);
gboolean ms_replay_journal_create_group(MsReplayJournal *journal, const char *name, GError **error);
gboolean ms_replay_journal_create_project(MsReplayJournal *journal, const char *name, GError **error);
/* Before `CMD offline NAME` runs: NAME may be stopped from now on, and
 * @command (argv without the action and name) starts it again. */
gboolean ms_replay_journal_member_offline(MsReplayJournal *journal, const char *name,
                                          const char *const *command, GError **error);
/* After the cluster sees NAME again. */
gboolean ms_replay_journal_member_online(MsReplayJournal *journal, const char *name, GError **error);
/* @temporaries: (element-type MsReplayTemporary) the names LXD may use. */
gboolean ms_replay_journal_moves(MsReplayJournal *journal, GPtrArray *temporaries, GError **error);
/* Everything so far is undone: the ledger empties. */
gboolean ms_replay_journal_clean(MsReplayJournal *journal, GError **error);

/* TRUE once the file has been created (a change was announced). */
gboolean ms_replay_journal_exists(const MsReplayJournal *journal);

/* Removes the file once nothing is left to undo (nothing when it was
 * never created). */
gboolean ms_replay_journal_remove(MsReplayJournal *journal, GError **error);

MsReplayTemporary *ms_replay_temporary_new(const char *name, const char *of, gboolean ours);
void ms_replay_temporary_free(MsReplayTemporary *temporary);

G_END_DECLS
