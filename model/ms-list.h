/* migsim: what `lxc list` and `lxc cluster list` print, from the model.
 *
 * Columns, filters and formats as lxc/list.go and lxc/utils/table.go have
 * them (lxd-5.0.2 .. lxd-6.9 agree on everything modelled here).  Cells the
 * model cannot know (addresses, usage, dates, PIDs) print empty and are
 * listed by ms_list_masked_headers, so a pasted table is compared on the
 * rest only (docs/scenario-language.md#pasting-a-terminal-session). */
#pragma once

#include <glib.h>

#include "ms-cluster.h"
#include "ms-op.h"

G_BEGIN_DECLS

/* The output of `lxc list` for @op (columns, format, filters), or NULL and
 * *error_text set to the unknown column letter lxc refuses (CLI.LIST_COLUMN).
 * *note is set when the output is not what lxc prints in full (json, yaml,
 * compact, a filter migsim cannot evaluate). */
char *ms_list_instances(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, char **error_text,
                        char **note);
char *ms_list_members(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, char **note);
/* Is the column headed @header one whose cells migsim does not know? */
gboolean ms_list_header_masked(const char *header);
/* Table rendering as lxc's tablewriter does it with row lines: cells may
 * hold several lines.  @rows: (element-type GStrv). */
void ms_list_render_table(GString *out, guint n_columns, const char *const *headers, GPtrArray *rows);
void ms_list_render_csv(GString *out, guint n_columns, GPtrArray *rows);

G_END_DECLS
