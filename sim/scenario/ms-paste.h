/* migsim: what a terminal session pasted into a scenario holds besides the
 * commands: the lines lxc printed after them (its own messages, the tables
 * of read-only commands), the second line of a start error, and commands
 * that change nothing migsim models (docs/scenario-language.md#pasting-a-terminal-session). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ms-cluster.h"
#include "ms-op.h"
#include "ms-version.h"

G_BEGIN_DECLS

/* Why the `lxc` command @argv is accepted without being simulated (it
 * changes no state migsim models), or NULL when it is not such a command. */
const char *ms_paste_noop_reason(char **argv);

/* `lxc file ...` (@text, as written) leaves a forkfile clean-up running
 * on a stopped instance: marks the instances its INSTANCE/PATH arguments
 * name in @cluster (MsInstance.file_ops_pending). */
void ms_paste_note_file_ops(MsCluster *cluster, const char *text);

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

/* NULL when a block pasted after @op is compared with what migsim prints,
 * else why not (a format or a release whose output is not modelled). */
const char *ms_paste_not_compared(const MsOp *op, const MsProfile *profile);

/* ms-paste-doc.c: YAML (as yaml.v2 prints it) or JSON pasted, as a tree;
 * NULL with *error when it is neither. */
JsonNode *ms_paste_parse_document(GPtrArray *pasted, char **error);
/* Two trees by the documented masking rules (fields migsim does not know
 * are left out; list items it does not model are dropped from the paste). */
gboolean ms_paste_compare_documents(const MsOp *op, JsonNode *pasted, JsonNode *printed, char **why);
/* `lxc info`: the Name, Status, Type, Architecture and Location lines. */
gboolean ms_paste_compare_info(GPtrArray *pasted, GPtrArray *printed, char **why);

/* The second line lxc adds to an error of `lxc start|stop|restart NAME` or
 * `lxc launch` when the operation failed (lxc/action.go:274, launch.go:108
 * at lxd-5.0.2), or NULL when it adds none. */
char *ms_paste_error_trailer(const MsOp *op, const MsOutcome *outcome, const MsCluster *cluster,
                             const MsProfile *profile);

/* lxc's question before `cluster evacuate|restore` (@question, as pasted up
 * to "[default=no]:") and the @answer typed after it: NULL when lxc asks
 * that at @profile and takes the answer (*declined: it was no, and lxc
 * sends nothing), else why not. */
char *ms_paste_confirmation(const MsOp *op, const MsProfile *profile, const char *question,
                            const char *answer, gboolean *declined);

/* A pasted `lxc cluster list` table (@pasted, the lines after the
 * command) as set-up: a `members` line, `fault member M offline` and
 * `lxc cluster evacuate M --force` lines into @setup, and into @notes what
 * it does not set up, or sets up on a guess.  FALSE when @pasted is not
 * such a table. */
gboolean ms_paste_cluster_list_setup(GPtrArray *pasted, GPtrArray *setup, GPtrArray *notes);

G_END_DECLS
