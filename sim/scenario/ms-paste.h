/* migsim: what a terminal session pasted into a scenario holds besides the
 * commands: the lines lxc printed after them (its own messages, the tables
 * of read-only commands), the second line of a start error, and commands
 * that change nothing migsim models (docs/scenario-language.md#pasting-a-terminal-session). */
#pragma once

#include <glib.h>

#include "ms-cluster.h"
#include "ms-op.h"
#include "ms-version.h"

G_BEGIN_DECLS

/* Why the `lxc` command @argv is accepted without being simulated (it
 * changes no state migsim models), or NULL when it is not such a command. */
const char *ms_paste_noop_reason(char **argv);

/* Is @line (trimmed) one of the lines of lxc's no-network notice, which
 * comes after a blank line inside a command's output? */
gboolean ms_paste_is_notice(const char *line);

/* What lxc prints on stdout and stderr for @op with @outcome (table output
 * of read-only commands, its own messages), one string per line; NULL when
 * migsim does not know.  @cluster is the state after the command. */
GPtrArray *ms_paste_printed(const MsOp *op, const MsOutcome *outcome, const MsCluster *cluster,
                            const MsProfile *profile);

/* Compares the pasted lines with what lxc prints by the documented rules;
 * sets *why on a difference. */
gboolean ms_paste_compare(const MsOp *op, GPtrArray *printed, GPtrArray *pasted, char **why);

/* The second line lxc adds to an error of `lxc start|stop|restart NAME` or
 * `lxc launch` when the operation failed (lxc/action.go:274, launch.go:108
 * at lxd-5.0.2), or NULL when it adds none. */
char *ms_paste_error_trailer(const MsOp *op, const MsOutcome *outcome, const MsCluster *cluster);

G_END_DECLS
