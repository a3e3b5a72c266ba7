/* migsim bench --only serve (docs/bench.md#serve). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Serves the mixed workload of @n_members and @n_instances (@seed) and
 * prints one Markdown row: the server's CPU time for `lxc list` and for
 * evacuating and restoring the first member.  FALSE when the list or an
 * outcome is wrong. */
gboolean ms_cli_bench_serve(guint n_members, guint64 n_instances, guint64 seed);

G_END_DECLS
