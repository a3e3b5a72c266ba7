/* migsim: `migsim bench --only summary [--baseline PATH]`, one table of
 * the commands a user runs, timed as child processes for this binary and
 * for another one (sim/cli/ms-cli-bench-summary.c, docs/bench.md#summary). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints the table; @baseline NULL: this binary's columns only.  The
 * explorer rows run @explore_steps steps, the rolling row --largest
 * MIN(@largest, 100), preflight and import a 1,000-member state of
 * @state_instances instances (the mixed workload of @seed when @mixed).  FALSE
 * (MS_EXIT_INTERNAL) when the scratch directory cannot be made or written. */
gboolean ms_cli_bench_summary(const char *corpus, const char *baseline, guint64 explore_steps, guint largest,
                              guint64 state_instances, gboolean mixed, guint64 seed, GError **error);

G_END_DECLS
