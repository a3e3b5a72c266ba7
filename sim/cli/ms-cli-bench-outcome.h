/* migsim: the outcome checks of `migsim bench --only summary`'s preflight
 * and import rows (sim/cli/ms-cli-bench-outcome.c, docs/bench.md#summary):
 * a row's figures count only when its command did what it should. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks the text `migsim preflight` wrote to @text_path (exit status
 * @code) for a state of @n_members members and @n_instances instances:
 * every member listed once with its instances, the problems counted equal
 * to its "Result:" line and to the exit status.  Appends to @summary what
 * failed, counted by rule (which members' evacuation, which instances'
 * restore); FALSE with the first broken check in @why. */
gboolean ms_bench_preflight_outcome(const char *text_path, int code, guint n_members, guint64 n_instances,
                                    GString *summary, GString *why);

/* Checks that the state `migsim import` wrote to @imported_path is the
 * served state @served (the text `migsim serve` loaded): both loaded and
 * dumped by the state writer, byte for byte but for the order of the
 * entries of each top-level list (the API's, not the file's).  Appends its
 * size to @summary; FALSE with the first difference in @why. */
gboolean ms_bench_import_outcome(const char *imported_path, const char *served, GString *summary,
                                 GString *why);

G_END_DECLS
