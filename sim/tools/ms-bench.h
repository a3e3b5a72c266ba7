/* migsim: the measurements behind `migsim bench`, each printing one
 * Markdown table row (docs/bench.md).  Measurements, not tests: nothing
 * here passes or fails on a time. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* evacuate: repeats per size, the median is printed */
#define MS_BENCH_EVACUATE_REPEATS 5

/* CPU time of the whole process so far, in seconds. */
gdouble ms_bench_cpu_seconds(void);

/* Runs the parsed @scenarios (element-type MsScenario) for at least
 * @min_seconds; scenarios per second. */
void ms_bench_corpus(const char *corpus, GPtrArray *scenarios, gdouble min_seconds);
/* Explorer steps per second over @budget steps. */
void ms_bench_explore(guint64 budget);
/* A rolling maintenance of a big cluster, extrapolated after @max_seconds:
 * the uniform cluster, or the mixed workload of @seed (ms-bench-mixed.h)
 * whose outcome is checked after every evacuate and restore.  FALSE when an
 * operation or an outcome check failed. */
gboolean ms_bench_rolling(guint n_members, guint64 n_instances, gdouble max_seconds, gboolean mixed,
                          guint64 seed);
/* Evacuating @k instances from one member of @n_members. */
void ms_bench_evacuate(guint n_members, guint64 k);
/* Loading (ms_state_file_parse) a dumped state as large as the state-file
 * limit allows; the median of MS_BENCH_EVACUATE_REPEATS. */
void ms_bench_state_file(void);
/* A dumped state of @n_members and as many running containers (root on a
 * ceph pool) as fit in MS_STATE_MAX_SIZE; *@n_instances says how many. */
char *ms_bench_state_at_limit(guint n_members, guint64 *n_instances);
/* A dumped state of @n_members and @n_instances running containers (root
 * on a ceph pool), or of the mixed workload (ms-bench-mixed.h, @seed) when
 * @mixed. */
char *ms_bench_state(guint n_members, guint64 n_instances, gboolean mixed, guint64 seed);

G_END_DECLS
