/* migsim: the state-space explorer (`migsim explore`) and the benchmarks
 * (`migsim bench`).
 *
 * The explorer applies sequences of `lxc` operations drawn from a small
 * universe to the model, checks invariants after every step, shrinks each
 * violation to a short scenario and writes it as a .scn file that
 * `migsim run` reproduces.  Everything is decided by the 64-bit seed printed
 * first (TigerBeetle VOPR); wall-clock time only feeds progress lines, the
 * --budget=SECONDS bound and the benchmarks. */
#pragma once

#include <glib.h>

#include "ms-apply.h"
#include "ms-cluster.h"
#include "ms-op.h"

G_BEGIN_DECLS

typedef enum {
    MS_INVARIANT_RESTORE_ROUNDTRIP,
    MS_INVARIANT_ACCEPTED_STAYS_VALID,
    MS_INVARIANT_NO_EVACUATED_TARGET,
    MS_INVARIANT_EVACUATE_EMPTIES,
    MS_INVARIANT_NO_STRANDED,
    MS_INVARIANT_LAST
} MsInvariant;

const char *ms_invariant_name(MsInvariant invariant);
const char *ms_invariant_meaning(MsInvariant invariant);
gboolean ms_invariant_from_name(const char *name, MsInvariant *invariant);

typedef enum {
    MS_STRATEGY_EXHAUSTIVE,
    MS_STRATEGY_RANDOM,
} MsStrategy;

/* What the search starts from (docs/explore.md#fixtures). */
typedef enum {
    /* pools as set-up, then two containers, two VMs and six custom
     * volumes created by the fixture: the pieces of LXD #15218 staged */
    MS_FIXTURE_STAGED,
    /* members only: the alphabet creates the pools, volumes and instances */
    MS_FIXTURE_NEUTRAL,
} MsFixture;

const char *ms_fixture_name(MsFixture fixture);

typedef struct {
    const MsProfile *profile;
    guint n_members; /* 1..9 */
    guint depth;     /* exhaustive: max sequence length; random: walk length */
    guint64 seed;
    guint64 budget_steps;   /* 0 = unbounded */
    gdouble budget_seconds; /* 0 = unbounded */
    guint invariants;       /* bit (1 << MsInvariant) */
    MsStrategy strategy;
    guint max_violations; /* distinct signatures to keep, then stop */
    gboolean progress;    /* \r progress lines on stderr */
    gboolean concurrent;  /* the concurrency alphabet (`&`, step, wait) */
    guint jobs;           /* 0: the sequential search; N: the partitioned one on N threads */
    MsFixture fixture;
} MsExploreOptions;

/* The universe: set-up directives (members, pools) and commands that create
 * the fixture, then the alphabet the search draws from.  The fixture
 * commands are part of every trace, so shrinking can drop the entities a
 * violation does not need. */
typedef struct {
    const MsProfile *profile;
    GPtrArray *members;  /* (element-type utf8) m1 ... */
    GPtrArray *pools;    /* (element-type utf8) NAME, DRIVER pairs, flattened */
    GPtrArray *fixture;  /* (element-type MsOp) */
    GPtrArray *alphabet; /* (element-type MsOp) */
} MsUniverse;

/* @options->concurrent: the alphabet is evacuate/restore of every member,
 * plain and as `CMD &`, `lxc move c1|c2 --target M &`, `step %N`, `wait
 * %N`, `wait` (sim/tools/ms-explore-jobs.c) instead of the sequential one.
 * @options->fixture: what the fixture stages (MsFixture). */
MsUniverse *ms_universe_new(const MsExploreOptions *options);
void ms_universe_free(MsUniverse *universe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsUniverse, ms_universe_free)

/* A trace: what to replay from an empty cluster. */
typedef struct {
    GPtrArray *members; /* (element-type utf8) */
    GPtrArray *pools;   /* (element-type utf8) NAME, DRIVER pairs */
    GPtrArray *ops;     /* (element-type MsOp) fixture then explored steps */
} MsTrace;

MsTrace *ms_trace_new(void);
MsTrace *ms_trace_copy(const MsTrace *trace);
void ms_trace_free(MsTrace *trace);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsTrace, ms_trace_free)

typedef struct {
    MsInvariant invariant;
    char *signature;   /* invariant, operation kind, rule: one per distinct bug */
    char *message;     /* what broke, in words */
    MsTrace *found;    /* as found */
    GArray *path;      /* (element-type guint) the explored steps as alphabet indices */
    MsTrace *shrunk;   /* after shrinking */
    guint64 found_at;  /* states explored when found */
    guint found_depth; /* explored steps after the fixture */
    char *scenario;    /* the .scn text */
    gboolean verified; /* the .scn ran clean under the runner */
} MsViolation;

void ms_violation_free(MsViolation *violation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsViolation, ms_violation_free)

typedef struct {
    guint64 steps;       /* operations applied (successor states generated) */
    guint64 distinct;    /* distinct states (by canonical hash) */
    guint depth_reached; /* exhaustive: deepest completed level */
    gboolean exhausted;  /* exhaustive: every sequence up to depth was covered */
    gboolean budget_hit;
    gdouble seconds;       /* wall clock, for rates only */
    GPtrArray *violations; /* (element-type MsViolation) in discovery order */
} MsExploreResult;

void ms_explore_result_free(MsExploreResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsExploreResult, ms_explore_result_free)

MsExploreResult *ms_explore_run(const MsExploreOptions *options);

/* The trace every search starts from (members, pools, fixture) and the
 * state it builds. */
MsTrace *ms_explore_base(const MsUniverse *universe);
MsCluster *ms_explore_root(const MsUniverse *universe, const MsTrace *base, const MsProfile *profile);

/* ---- the memo of transitions (ms-explore-memo.c) ---- */

/* ThreadSanitizer does not see the futex under GLib's GMutex, GCond and
 * the thread pool's GAsyncQueue (glib/gthread-posix.c), so the orderings
 * they make are told to it (docs/explore.md#threadsanitizer); they compile
 * to nothing in other builds. */
#if defined(__SANITIZE_THREAD__)
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define MS_TSAN_ACQUIRE(addr) __tsan_acquire(addr)
#define MS_TSAN_RELEASE(addr) __tsan_release(addr)
#else
#define MS_TSAN_ACQUIRE(addr) ((void) (addr))
#define MS_TSAN_RELEASE(addr) ((void) (addr))
#endif

/* (parent state hash, command) -> the child's hash and the findings the
 * invariants reported for that step; for one universe, profile and set of
 * invariants only.  Thread-safe: the partitioned search shares one between
 * its threads (a lock around each lookup and insert; the findings a lookup
 * returns are never changed after their insert). */
typedef struct _MsExploreMemo MsExploreMemo;

MsExploreMemo *ms_explore_memo_new(void);
void ms_explore_memo_free(MsExploreMemo *memo);
/* TRUE when known: *@child, and *@findings (element-type MsFinding,
 * borrowed) or NULL when the step broke nothing */
gboolean ms_explore_memo_lookup(const MsExploreMemo *memo, guint64 parent, guint op, guint64 *child,
                                const GPtrArray **findings);
/* @findings: (transfer full) (nullable) from ms_explore_memo_findings_new */
void ms_explore_memo_insert(MsExploreMemo *memo, guint64 parent, guint op, guint64 child,
                            GPtrArray *findings);
GPtrArray *ms_explore_memo_findings_new(void);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsExploreMemo, ms_explore_memo_free)

/* ---- the partitioned search (ms-explore-parallel.c) ---- */

/* What a unit's run records so that its result can later be cut to what a
 * run with a smaller step budget or violation limit would have returned
 * (ms_explore_unit_truncate), instead of running it again. */
typedef struct {
    guint64 hash;
    guint64 step; /* the step that generated it first */
} MsExploreFound;

typedef struct {
    GArray *found;      /* (element-type MsExploreFound) distinct states, in the order generated */
    GArray *nocheck;    /* (element-type guint64) steps followed by a deeper one before any budget check */
    gboolean cancelled; /* stopped by a cancel flag: the result covers no known prefix */
} MsExploreTrail;

/* One unit: the first command @first applied to the root, then (when
 * @expand) every sequence below it up to @limit commands, with a seen-set
 * of its own that starts with the root and @level1. */
typedef struct {
    const MsExploreOptions *options; /* budget_steps and max_violations bound this unit */
    const MsUniverse *universe;
    const MsTrace *base;
    const MsCluster *root; /* the calling thread's own */
    guint limit;
    guint first;
    gboolean expand;
    const GArray *level1;    /* (element-type guint64) every distinct state one command from the root */
    GHashTable *known;       /* signatures found before this unit (not recorded again), or NULL */
    GTimer *timer;           /* the run's: --budget SECONDS */
    const gint *cancel;      /* non-zero: stop, the result is not wanted */
    MsExploreMemo *memo;     /* the run's, shared by every thread (NULL: none) */
    const gint *cancel_unit; /* non-zero: stop, this unit is past the step budget (or NULL) */
    guint64 *live_steps;     /* (nullable) where the steps so far are published, atomically */
    /* (nullable) a step bound that another thread may lower while the unit
     * runs (read atomically); reaching it is a budget stop like
     * options->budget_steps */
    const guint64 *live_bound;
    MsExploreTrail *trail; /* (nullable) (out) filled for ms_explore_unit_truncate */
} MsExploreUnit;

/* @hashes: (out) every distinct state the unit generated */
MsExploreResult *ms_explore_unit_run(const MsExploreUnit *unit, GArray *hashes);
/* Cuts @result (a unit's run with @trail, not cancelled, and not stopped
 * by --budget SECONDS) to what the same unit returns when run with
 * @budget_steps (0: none), at most @max_violations violations whose
 * signature is not in @known (which it does not record), and @known:
 * its steps, violations, budget_hit and, in @hashes, the distinct states.
 * Valid when @result's run went at least as far: its budget no smaller
 * than @budget_steps and no violation limit. */
void ms_explore_unit_truncate(MsExploreResult *result, const MsExploreTrail *trail, guint64 budget_steps,
                              guint max_violations, GHashTable *known, GArray *hashes);

/* The invariant a signature names ("restore-roundtrip/..."). */
MsInvariant ms_explore_signature_invariant(const char *signature);

/* The exhaustive search split into units (iterative-deepening level, first
 * command), run on @options->jobs threads and merged in unit order: the
 * result is the same for every number of jobs. */
MsExploreResult *ms_explore_run_jobs(const MsExploreOptions *options);

/* ---- sharding: one search across processes (`--shard I/N`, `--merge`) ---- */

/* One unit's whole result, as a shard writes it and a merge reads it. */
typedef struct {
    guint unit;              /* (level - 1) * alphabet + first command */
    MsExploreResult *result; /* steps, and the unit's own violations (path set) */
    GArray *hashes;          /* (element-type guint64) distinct states it generated */
} MsExploreUnitResult;

void ms_explore_unit_result_free(MsExploreUnitResult *unit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsExploreUnitResult, ms_explore_unit_result_free)

/* The units of the partitioned search that a shard runs: every unit whose
 * first command changes the root is numbered in unit order, and shard
 * @shard of @shards runs those numbered @shard mod @shards.  Every other
 * unit is one step with no successor, which the merge supplies. */
guint ms_explore_unit_count(const MsExploreOptions *options);

/* Runs the units of shard @shard of @shards to their end (no step budget,
 * every violation kept) on @options->jobs threads; (element-type
 * MsExploreUnitResult) in unit order.  *@owned: the units it was given. */
GPtrArray *ms_explore_run_shard(const MsExploreOptions *options, guint shard, guint shards, GArray *owned);

/* Which shard of @shards runs unit @unit, or -1 when no shard does (its
 * first command changes nothing); @changes from ms_explore_changing_units. */
gint ms_explore_unit_owner(const gboolean *changes, guint alphabet, guint unit, guint shards);
/* (transfer full) per first command: does it change the root */
gboolean *ms_explore_changing_units(const MsExploreOptions *options);

/* Merges the units of every shard (@units, element-type
 * MsExploreUnitResult, stolen) in unit order exactly as ms_explore_run_jobs
 * merges its threads' (re-running in this thread the unit a step budget
 * or --max-violations ends): the same result as `--jobs N`.  NULL and
 * *@missing set to a unit no shard gave. */
MsExploreResult *ms_explore_merge_units(const MsExploreOptions *options, GPtrArray *units, guint *missing);

/* ---- checking, replay and shrinking ---- */

/* One broken invariant, as a step's check reports it. */
typedef struct {
    char *signature; /* "restore-roundtrip/evacuate/RESTORE.START_FAIL" */
    char *message;
    char *instance; /* the instance that shows it, if any */
    char *member;   /* the member involved, if any */
} MsFinding;

void ms_finding_clear(MsFinding *finding);

/* Answers "could this instance start?" once per instance and state. */
typedef struct {
    const MsCluster *cluster;
    GHashTable *cache; /* instance name -> GINT_TO_POINTER(1 + rule) */
} MsStartProbe;

void ms_start_probe_init(MsStartProbe *probe, const MsCluster *cluster);
void ms_start_probe_clear(MsStartProbe *probe);

/* Checks @invariant for the step @op from @before to @after with @outcome.
 * TRUE and *finding filled when it is broken. */
gboolean ms_explore_check(MsInvariant invariant, const MsProfile *profile, MsStartProbe *before,
                          const MsOp *op, const MsOutcome *outcome, MsStartProbe *after, MsFinding *finding);

/* Replays @trace, checking only @invariant; TRUE at the first violation,
 * with *finding filled and *at the index of the op that broke it. */
gboolean ms_explore_replay(const MsTrace *trace, const MsProfile *profile, MsInvariant invariant,
                           MsFinding *finding, guint *at);
/* Shrinks @violation->found into @violation->shrunk, writes the scenario
 * text into @violation->scenario and checks it with the runner. */
void ms_explore_shrink(MsViolation *violation, const MsProfile *profile, const char *provenance);

/* ---- concurrency (ms-explore-jobs.c) ---- */

/* at most this many operations in flight at once */
#define MS_EXPLORE_MAX_JOBS 2

/* What an explorer command did to the jobs. */
typedef struct {
    guint started;    /* `CMD &`: its job number */
    GArray *ended;    /* (element-type guint) jobs that ended, in order */
    gboolean invalid; /* it could not run in this state; nothing changed */
} MsExploreJobs;

void ms_explore_jobs_init(MsExploreJobs *jobs);
void ms_explore_jobs_clear(MsExploreJobs *jobs);
/* Applies one explorer command, plain or job control (@jobs may be NULL). */
MsOutcome *ms_explore_apply(MsCluster *cluster, MsEnv *env, const MsOp *op, MsExploreJobs *jobs);
void ms_explore_add_concurrent_alphabet(MsUniverse *universe);

/* The cluster a trace starts from: members, roles, pools. */
MsCluster *ms_explore_initial_cluster(const MsTrace *trace);

G_END_DECLS
